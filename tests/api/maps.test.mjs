// Maps as versions: BPMN posted as XML or JSON, refusals (422 with the
// reader's diagnostics; repairs are in import.test.mjs), checker findings stored and returned, the model as
// JSON, element index rows, links of call activities to child processes,
// editing drafts with If-Match, and bad input that writes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn } from './portfolio.mjs';

for (const { name: backend } of backends()) {
  describe(`maps (${backend})`, () => {
    let srv;
    let admin;
    let pid;
    let childId;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Admission' } })).json.id;
      childId = (await admin.post('/api/processes', { parent_id: pid, type: 'core', name: { en: 'Assess application' } })).json.id;
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const versions = async () => (await admin.get(`/api/processes/${pid}/maps`)).json.total;

    test('POST a map as XML: a draft version with findings, model, links', async () => {
      const xml = bpmn({
        tasks: [{ id: 'T1', name: 'Register application', lane: 'L1', pt: 'PT10M', wt: 'P2D' }],
        call: { id: 'C1', name: 'Assess application', called: 'Assess application' },
      });
      const r = await admin.request('POST', `/api/processes/${pid}/maps?variant=as_is`, { body: xml, headers: { 'content-type': 'application/xml' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.state, 'draft');
      assert.equal(r.json.number, 1);
      assert.equal(r.json.variant, 'as_is');
      assert.ok(Array.isArray(r.json.findings));
      assert.ok(r.json.findings.length > 0, 'no DI: the checker has something to say');
      assert.ok(r.json.counts);
      assert.deepEqual(r.json.links, [{ element_id: 'C1', called: 'Assess application', process_id: childId }]);
      const g = await admin.get(`/api/processes/${pid}/maps/${r.json.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.json.bpmn, xml);
      assert.ok(g.json.model);
      assert.match(g.headers.get('etag'), /^"v\d+"$/);
      const j = await admin.post(`/api/processes/${pid}/maps`, { variant: 'to_be', bpmn: xml, specification: { purpose: 'Admit students' } });
      assert.equal(j.status, 201, j.text);
      assert.equal(j.json.variant, 'to_be');
      assert.deepEqual(j.json.specification, { purpose: 'Admit students' });
      const list = await admin.get(`/api/processes/${pid}/maps?variant=to_be`);
      assert.equal(list.json.total, 1);
      assert.equal(list.json.items[0].bpmn, undefined, 'lists leave the BPMN out');
      assert.equal((await admin.get(`/api/processes/${pid}/maps/current`)).status, 404);
    });

    test('invalid BPMN is 422 with the reader diagnostics; nothing written', async () => {
      const before = await versions();
      const cases = [
        ['<bpmn:definitions', /invalid_xml|invalid_bpmn/],
        ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', /invalid_xml|invalid_bpmn/],
        ['<notbpmn/>', /invalid_xml|invalid_bpmn/],
        // repaired by default (tests/api/import.test.mjs); refused with ?strict=1
        [bpmn().replace('targetRef="T1"', 'targetRef="Nope"'), /invalid_bpmn/, '?strict=1'],
      ];
      for (const [xml, code, query = ''] of cases) {
        const r = await admin.request('POST', `/api/processes/${pid}/maps${query}`, { body: xml, headers: { 'content-type': 'application/xml' } });
        assert.equal(r.status, 422, `${xml.slice(0, 40)}: ${r.text}`);
        const e = errorOf(r);
        assert.match(e.code, code);
        assert.equal(e.field, 'bpmn');
        assert.match(e.message, /map\.bpmn:\d+/);
      }
      const bad = [
        [{ bpmn: 1 }, 'bpmn'],
        [{}, 'bpmn'],
        [{ bpmn: '' }, 'bpmn'],
        [{ bpmn: bpmn(), variant: 'future' }, 'variant'],
        [{ bpmn: bpmn(), specification: { nope: 1 } }, 'specification.nope'],
        [{ bpmn: bpmn(), extra: true }, 'extra'],
      ];
      for (const [body, field] of bad) {
        const r = await admin.post(`/api/processes/${pid}/maps`, body);
        assert.equal(r.status, 422, JSON.stringify(body).slice(0, 60));
        assert.equal(errorOf(r).field, field);
      }
      const wrongType = await admin.request('POST', `/api/processes/${pid}/maps`, { body: bpmn(), headers: { 'content-type': 'text/plain' } });
      assert.equal(wrongType.status, 415);
      assert.equal((await admin.post('/api/processes/999999/maps', { bpmn: bpmn() })).status, 404);
      const huge = await admin.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() + ' '.repeat(9 * 1024 * 1024) });
      assert.equal(huge.status, 413);
      const sqlName = bpmn({ tasks: [{ id: 'T1', name: "Robert'); DROP TABLE map_versions;-- æøå", lane: 'L1' }] }).replace("Robert'", 'Robert&apos;');
      const meta = await admin.post(`/api/processes/${pid}/maps`, { bpmn: sqlName });
      assert.equal(meta.status, 201);
      assert.equal((await admin.get(`/api/processes/${pid}/maps/${meta.json.id}`)).json.bpmn, sqlName);
      assert.equal(await versions(), before + 1);
    });

    test('editing a draft: If-Match, stale 412 changes nothing', async () => {
      const v = await admin.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() });
      const etag = v.headers.get('etag');
      const xml2 = bpmn({ tasks: [{ id: 'T1', name: 'Register the application', lane: 'L2' }] });
      const ok = await admin.patch(`/api/processes/${pid}/maps/${v.json.id}`, { bpmn: xml2 }, { headers: { 'if-match': etag } });
      assert.equal(ok.status, 200, ok.text);
      const stale = await admin.patch(`/api/processes/${pid}/maps/${v.json.id}`, { bpmn: bpmn() }, { headers: { 'if-match': etag } });
      assert.equal(stale.status, 412);
      assert.equal((await admin.get(`/api/processes/${pid}/maps/${v.json.id}`)).json.bpmn, xml2);
      const inv = await admin.patch(`/api/processes/${pid}/maps/${v.json.id}`, { bpmn: '<x' });
      assert.equal(inv.status, 422);
      assert.equal((await admin.get(`/api/processes/${pid}/maps/${v.json.id}`)).json.bpmn, xml2);
      assert.equal((await admin.get(`/api/processes/${pid}/maps/999999`)).status, 404);
    });

    test('the current map: cached per version, yet fresh after approvals, comments and renames', async () => {
      const p = (await admin.post('/api/processes', { type: 'support', name: { en: 'Invoices' } })).json.id;
      const child = (await admin.post('/api/processes', { parent_id: p, type: 'support', name: { en: 'Check invoice' } })).json.id;
      // nobody approves their own change: a second administrator decides
      assert.equal((await admin.post('/api/users', { login: 'approver', display_name: 'Approver', password: 'password2', is_admin: true })).status, 201);
      const approver = srv.client();
      assert.equal((await approver.login('approver', 'password2')).status, 200);
      const publish = async (name) => {
        const xml = bpmn({ tasks: [{ id: 'T1', name, lane: 'L1' }], call: { id: 'C1', name: 'Check', called: 'Check invoice' } });
        const v = (await admin.post(`/api/processes/${p}/maps`, { bpmn: xml })).json;
        assert.equal((await admin.post(`/api/processes/${p}/maps/${v.id}/submit`, {})).status, 200);
        assert.equal((await approver.post(`/api/processes/${p}/maps/${v.id}/approve`, {})).status, 200);
        return v.id;
      };
      const v1 = await publish('Register invoice');
      const url = `/api/processes/${p}/maps/current`;
      const a = await admin.get(url);
      const b = await admin.get(url); // the second answer comes from the cache
      assert.equal(a.status, 200);
      assert.equal(b.text, a.text, 'the same bytes twice');
      assert.deepEqual(JSON.parse(b.text), a.json, 'valid JSON around the cached part');
      assert.equal(b.headers.get('content-type'), 'application/json');
      assert.equal(b.headers.get('etag'), a.headers.get('etag'));
      assert.equal(b.json.id, v1);
      assert.ok(b.json.model && b.json.bpmn.includes('Register invoice'));
      assert.deepEqual(b.json.links, [{ element_id: 'C1', called: 'Check invoice', process_id: child }]);
      // a comment on the current version shows at once
      assert.equal((await admin.post(`/api/processes/${p}/maps/${v1}/comments`, { comment: 'Looks right' })).status, 201);
      const c = await admin.get(url);
      assert.deepEqual(
        c.json.approvals.map((x) => x.action),
        ['submit', 'approve', 'comment'],
      );
      // renaming the child process breaks the link by name, and the answer says so
      const cp = await admin.get(`/api/processes/${child}`);
      assert.equal(
        (await admin.patch(`/api/processes/${child}`, { name: { en: 'Verify invoice' } }, { headers: { 'if-match': cp.headers.get('etag') } })).status,
        200,
      );
      assert.equal((await admin.get(url)).json.links[0].process_id, null);
      // a new approved version replaces the old one
      const v2 = await publish('Register the invoice');
      const d = await admin.get(url);
      assert.equal(d.json.id, v2);
      assert.ok(d.json.bpmn.includes('Register the invoice') && !d.json.bpmn.includes('Register invoice<'));
      // HEAD: the headers of the GET, the length of the shared prefix and the suffix together
      const h = await admin.request('HEAD', url);
      assert.equal(h.status, 200);
      assert.equal(h.headers.get('content-length'), String(Buffer.byteLength(d.text)));
      assert.equal(h.headers.get('etag'), d.headers.get('etag'));
    });
  });
}
