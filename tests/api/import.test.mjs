// Read and report by default: a map uploaded with what other tools get wrong
// (tests/data/bpmn-quirks) is stored repaired (201) with the repairs in the
// answer and as findings of import-repair; ?strict=1 refuses it (422) without
// naming a command-line flag. POST /api/import reads and repairs a file for
// the editor without storing anything.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backends, startServer, errorOf, REPO } from './helpers.mjs';

const QUIRKS = path.join(REPO, 'tests/data/bpmn-quirks');
const quirk = (name) => fs.readFileSync(path.join(QUIRKS, name));
const XML = { 'content-type': 'application/xml' };

for (const { name: backend } of backends()) {
  describe(`import (${backend})`, () => {
    let srv;
    let admin;
    let pid;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Admission' } })).json.id;
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const versions = async () => (await admin.get(`/api/processes/${pid}/maps`)).json.total;

    test('an upload with repairs is 201 with the repairs, stored repaired, findings import-repair', async () => {
      const r = await admin.request('POST', `/api/processes/${pid}/maps`, { body: quirk('dangling-ref.bpmn'), headers: XML });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.repairs.length, 1);
      const [rep] = r.json.repairs;
      assert.equal(rep.code, 'bpmn.dangling_ref');
      assert.equal(rep.line, 8);
      assert.equal(rep.element_id, 'f2');
      assert.equal(rep.where, "line 8, element 'f2'");
      assert.match(rep.message, /dangling targetRef 'ghost'/);
      const f = r.json.findings.filter((x) => x.rule === 'import-repair');
      assert.equal(f.length, 1, JSON.stringify(r.json.findings));
      assert.equal(f[0].element, 'f2');
      const g = await admin.get(`/api/processes/${pid}/maps/${r.json.id}`);
      assert.match(g.json.bpmn, /kartla:unresolved="targetRef=ghost"/, 'the repaired map is stored');
      assert.ok(g.json.model, 'the stored map reads again');
      assert.ok(
        g.json.findings.some((x) => x.rule === 'import-repair'),
        'findings stored with the version',
      );
    });

    test('every quirk opens by default; the declared encodings are stored as UTF-8', async () => {
      const expect = {
        'windows-1252.bpmn': [],
        'iso-8859-15.bpmn': [],
        'shift-jis.bpmn': [],
        'latin1-declared-utf8.bpmn': ['xml.not_utf8'],
        'negative-label-bounds.bpmn': ['bpmn.bounds_negative', 'bpmn.bounds_negative'],
        'bounds-without-height.bpmn': ['bpmn.bounds_missing'],
        'vendor-element.bpmn': ['bpmn.unknown_element'],
        'duplicate-id.bpmn': ['bpmn.duplicate_id'],
      };
      for (const [file, codes] of Object.entries(expect)) {
        const r = await admin.request('POST', `/api/processes/${pid}/maps`, { body: quirk(file), headers: XML });
        assert.equal(r.status, 201, `${file}: ${r.text}`);
        assert.deepEqual(
          r.json.repairs.map((x) => x.code),
          codes,
          file,
        );
        const g = await admin.get(`/api/processes/${pid}/maps/${r.json.id}`);
        assert.ok(g.json.model, `${file}: stored map reads again`);
        if (file === 'windows-1252.bpmn') assert.match(g.json.bpmn, /name="Prüfe Anträge – Zählung"/);
        if (file === 'shift-jis.bpmn') assert.match(g.json.bpmn, /name="申請を確認する"/);
      }
    });

    test('?strict=1 refuses with 422 and no command-line flag in the message; nothing stored', async () => {
      const before = await versions();
      for (const file of ['dangling-ref.bpmn', 'duplicate-id.bpmn', 'latin1-declared-utf8.bpmn', 'negative-label-bounds.bpmn']) {
        const r = await admin.request('POST', `/api/processes/${pid}/maps?strict=1`, { body: quirk(file), headers: XML });
        assert.equal(r.status, 422, `${file}: ${r.text}`);
        const e = errorOf(r);
        assert.equal(e.field, 'bpmn');
        assert.doesNotMatch(e.message, /--|repair/, e.message);
      }
      const j = await admin.post(`/api/processes/${pid}/maps?strict=1`, { bpmn: quirk('dangling-ref.bpmn').toString() });
      assert.equal(j.status, 422);
      assert.equal(
        errorOf(await admin.request('POST', `/api/processes/${pid}/maps?strict=maybe`, { body: quirk('dangling-ref.bpmn'), headers: XML })).field,
        'strict',
      );
      assert.equal(await versions(), before);
    });

    test("still refused by default: not XML, DOCTYPE; a Visio file gets its reader's refusal", async () => {
      const before = await versions();
      const cases = [
        ['not xml', 'application/xml'],
        ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', 'application/xml'],
        [Buffer.from('PK\x03\x04 not really a zip'), 'application/vnd.ms-visio.drawing'],
      ];
      for (const [body, ct] of cases) {
        const r = await admin.request('POST', `/api/processes/${pid}/maps`, { body, headers: { 'content-type': ct } });
        assert.equal(r.status, 422, r.text);
        assert.equal(errorOf(r).field, 'bpmn');
      }
      assert.equal(await versions(), before);
    });

    test('editing a draft with a repaired map answers the repairs', async () => {
      const v = await admin.request('POST', `/api/processes/${pid}/maps`, { body: quirk('windows-1252.bpmn'), headers: XML });
      const r = await admin.request('PATCH', `/api/processes/${pid}/maps/${v.json.id}`, { body: quirk('vendor-element.bpmn'), headers: XML });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.json.repairs.map((x) => x.code),
        ['bpmn.unknown_element'],
      );
    });

    test('POST /api/import reads and repairs without storing; strict, empty, too large, anonymous', async () => {
      const before = await versions();
      const r = await admin.request('POST', '/api/import?name=C.8.1.bpmn', {
        body: quirk('dangling-ref.bpmn'),
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.format, 'bpmn');
      assert.deepEqual(
        r.json.repairs.map((x) => [x.code, x.line, x.element_id]),
        [['bpmn.dangling_ref', 8, 'f2']],
      );
      assert.match(r.json.bpmn, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
      assert.match(r.json.bpmn, /kartla:unresolved="targetRef=ghost"/);
      const enc = await admin.request('POST', '/api/import', { body: quirk('windows-1252.bpmn'), headers: XML });
      assert.match(enc.json.bpmn, /Prüfe Anträge – Zählung/);
      const s = await admin.request('POST', '/api/import?strict=1&name=x.bpmn', { body: quirk('dangling-ref.bpmn'), headers: XML });
      assert.equal(s.status, 422);
      assert.equal(errorOf(s).field, 'file');
      assert.match(errorOf(s).message, /^x\.bpmn:8:5:/);
      assert.equal((await admin.request('POST', '/api/import', { body: '', headers: XML })).status, 422);
      const vsd = await admin.request('POST', '/api/import?name=a.vsdx', {
        body: Buffer.from('PK\x03\x04zip'),
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(vsd.status, 422);
      assert.match(errorOf(vsd).message, /not a readable ZIP package \(\.vsdx\)/);
      const big = await admin.request('POST', '/api/import', { body: Buffer.alloc(8 * 1024 * 1024 + 10, 0x20), headers: XML });
      assert.ok(big.status === 413 || big.status === 422, `${big.status}`);
      const anon = srv.client();
      assert.equal((await anon.request('POST', '/api/import', { body: quirk('dangling-ref.bpmn'), headers: XML })).status, 401);
      assert.equal(await versions(), before, 'the import stores nothing');
    });
  });
}
