// POST /api/check: the checker's findings for a map, without storing it
// (the browser editor's live check).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, errorOf, REPO } from './helpers.mjs';

const BROKEN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
<bpmn:process id="P"><bpmn:startEvent id="S"/><bpmn:task id="T" name="Do"/></bpmn:process>
</bpmn:definitions>`;

describe('POST /api/check', () => {
  let srv;
  let c;
  before(async () => {
    srv = await startServer();
    c = srv.client();
    assert.equal((await c.login('admin', srv.adminPassword)).status, 200);
  });
  after(async () => {
    assert.equal((await srv.stop()).code, 0);
  });

  test('answers the findings of a broken map, by element, and stores nothing', async () => {
    const before = await c.get('/api/audit?limit=1');
    const r = await c.post('/api/check', { bpmn: BROKEN });
    assert.equal(r.status, 200, r.text);
    const rules = r.json.findings.map((f) => `${f.rule}@${f.element}`);
    assert.ok(rules.includes('end-event-required@P'), rules.join());
    assert.ok(rules.includes('no-disconnected@T'), rules.join());
    assert.equal(r.json.counts.error, r.json.findings.filter((f) => f.severity === 'error').length);
    const afterAudit = await c.get('/api/audit?limit=1');
    assert.equal(afterAudit.json.total, before.json.total, 'nothing was written');
  });

  test('takes BPMN XML as the body and a clean example map has no errors', async () => {
    const xml = fs.readFileSync(path.join(REPO, 'examples/worked-example.bpmn'), 'utf8');
    const r = await c.request('POST', '/api/check', { body: xml, headers: { 'content-type': 'application/xml' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.counts.error, 0, JSON.stringify(r.json.findings));
  });

  test('messages in the language asked for', async () => {
    const en = await c.post('/api/check?lang=en', { bpmn: BROKEN });
    const nb = await c.post('/api/check?lang=nb', { bpmn: BROKEN });
    assert.equal(nb.status, 200);
    assert.equal(nb.json.lang, 'nb');
    assert.notEqual(nb.json.findings[0].message, en.json.findings[0].message);
    const bad = await c.post('/api/check?lang=xx', { bpmn: BROKEN });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'lang');
  });

  test('a map that does not read is 422 naming the line and column', async () => {
    const r = await c.post('/api/check', { bpmn: '<bpmn:definitions' });
    assert.equal(r.status, 422);
    const e = errorOf(r);
    assert.equal(e.code, 'invalid_xml');
    assert.equal(e.field, 'bpmn');
    assert.match(e.message, /map\.bpmn:1:\d+/);
  });

  test('missing or empty bpmn, unknown fields, no CSRF, not signed in', async () => {
    assert.equal(errorOf(await c.post('/api/check', {})).field, 'bpmn');
    assert.equal((await c.post('/api/check', { bpmn: '' })).status, 422);
    assert.equal(errorOf(await c.post('/api/check', { bpmn: BROKEN, x: 1 })).field, 'x');
    assert.equal(errorOf(await c.post('/api/check', { bpmn: BROKEN }, { csrf: false })).code, 'csrf');
    const anon = srv.client();
    assert.equal((await anon.post('/api/check', { bpmn: BROKEN })).status, 401);
  });
});
