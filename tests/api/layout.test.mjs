// POST /api/layout: a map in, the same map with a new diagram out, nothing stored
// (the browser editor's "Auto layout").
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, errorOf, REPO } from './helpers.mjs';

const MAP = fs.readFileSync(path.join(REPO, 'tests/data/layout/complaint15.bpmn'), 'utf8');
const XML = { 'content-type': 'application/xml' };

// x, y, width, height of every shape, by element id.
function shapes(xml) {
  const out = {};
  for (const m of xml.matchAll(/<bpmndi:BPMNShape [^>]*bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds ([^>]*)\/>/g)) {
    const b = {};
    for (const a of m[2].matchAll(/(\w+)="([^"]*)"/g)) b[a[1]] = Number(a[2]);
    out[m[1]] = b;
  }
  return out;
}

describe('POST /api/layout', () => {
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

  test('answers the map as BPMN with a shape for every node, lane and pool, and stores nothing', async () => {
    const before = await c.get('/api/audit?limit=1');
    const r = await c.request('POST', '/api/layout', { body: MAP, headers: XML });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/xml/);
    const s = shapes(r.text);
    for (const id of [
      'Start',
      'Merge',
      'Assess',
      'Enough',
      'AskDetails',
      'Fork',
      'Statement',
      'Rules',
      'Sync',
      'Decide',
      'Upheld',
      'Remedy',
      'Join',
      'Inform',
      'End',
      'Lane_services',
      'Lane_officer',
      'Lane_head',
      'Pool_university',
    ])
      assert.ok(s[id], `no shape for ${id}`);
    assert.ok(s.End.x > s.Start.x, 'left to right');
    assert.ok(s.Lane_services.y < s.Lane_officer.y && s.Lane_officer.y < s.Lane_head.y, 'lanes in their order');
    assert.equal((r.text.match(/<bpmndi:BPMNEdge /g) || []).length, 17);
    const afterAudit = await c.get('/api/audit?limit=1');
    assert.equal(afterAudit.json.total, before.json.total, 'nothing was written');
    // The answer is a map the server itself accepts.
    const chk = await c.request('POST', '/api/check', { body: r.text, headers: XML });
    assert.equal(chk.status, 200, chk.text);
  });

  test('takes JSON, and keep leaves placed shapes where they are', async () => {
    const first = await c.post('/api/layout', { bpmn: MAP });
    assert.equal(first.status, 200, first.text);
    const moved = first.text.replace(/(bpmnElement="Assess"[^>]*>\s*<dc:Bounds [^>]*x=")(\d+)/, (m, a, x) => `${a}${Number(x) + 40}`);
    assert.notEqual(moved, first.text);
    const kept = await c.post('/api/layout', { bpmn: moved, keep: true });
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(shapes(kept.text).Assess, shapes(moved).Assess);
    const fresh = await c.request('POST', '/api/layout?keep=0', { body: moved, headers: XML });
    assert.deepEqual(shapes(fresh.text).Assess, shapes(first.text).Assess, 'without keep: laid out anew');
    const viaQuery = await c.request('POST', '/api/layout?keep=1', { body: moved, headers: XML });
    assert.deepEqual(shapes(viaQuery.text).Assess, shapes(moved).Assess);
  });

  test('a map that does not read is 422 naming the line, and nothing else is accepted', async () => {
    const r = await c.post('/api/layout', { bpmn: '<bpmn:definitions' });
    assert.equal(r.status, 422);
    const e = errorOf(r);
    assert.equal(e.code, 'invalid_xml');
    assert.equal(e.field, 'bpmn');
    assert.match(e.message, /map\.bpmn:1:\d+/);
    assert.equal(errorOf(await c.post('/api/layout', {})).field, 'bpmn');
    assert.equal((await c.post('/api/layout', { bpmn: '' })).status, 422);
    assert.equal(errorOf(await c.post('/api/layout', { bpmn: MAP, x: 1 })).field, 'x');
    assert.equal(errorOf(await c.post('/api/layout', { bpmn: MAP, keep: 'yes' })).field, 'keep');
    assert.equal(errorOf(await c.request('POST', '/api/layout?keep=maybe', { body: MAP, headers: XML })).field, 'keep');
    assert.equal(errorOf(await c.post('/api/layout', { bpmn: MAP }, { csrf: false })).code, 'csrf');
  });

  test('over the size limit is refused', async () => {
    const big = MAP.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(8 * 1024 * 1024)} --></bpmn:definitions>`);
    const r = await c.request('POST', '/api/layout', { body: big, headers: XML });
    assert.ok(r.status === 413 || r.status === 422, `status ${r.status}`);
  });

  test('not signed in is 401', async () => {
    const anon = srv.client();
    assert.equal((await anon.request('POST', '/api/layout', { body: MAP, headers: XML })).status, 401);
  });
});
