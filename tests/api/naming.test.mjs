// The naming check (activity-verb-object) judges a name in its own language: an
// untranslated name in the map's language (the process's, else the workspace's), never
// silently English. The live check (POST /api/check?process=ID) and the findings stored
// with a saved version agree, and the messages are in the reader's language.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn } from './portfolio.mjs';

const verbFindings = (findings) => (findings || []).filter((f) => f.rule === 'activity-verb-object');

for (const { name: backend } of backends()) {
  describe(`naming check (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a Swedish workspace: "Granska beslutsunderlag" passes, "Kundförfrågan" is flagged', async () => {
      assert.equal((await admin.patch('/api/settings', { language: 'sv' })).status, 200);
      // named in two languages: the workspace's language decides
      const p = await admin.post('/api/processes', { type: 'core', name: { sv: 'Bygglov', en: 'Building permit' } });
      assert.equal(p.status, 201, p.text);
      const pid = p.json.id;

      const good = bpmn({
        tasks: [
          { id: 'T1', name: 'Granska beslutsunderlag' },
          { id: 'T2', name: 'Begär komplettering' },
        ],
      });
      const saved = await admin.post(`/api/processes/${pid}/maps`, { bpmn: good });
      assert.equal(saved.status, 201, saved.text);
      const v = await admin.get(`/api/processes/${pid}/maps/${saved.json.id}`);
      assert.equal(v.status, 200, v.text);
      assert.deepEqual(verbFindings(v.json.findings), [], JSON.stringify(v.json.findings));
      const live = await admin.post(`/api/check?lang=sv&process=${pid}`, { bpmn: good });
      assert.equal(live.status, 200, live.text);
      assert.deepEqual(verbFindings(live.json.findings), []);
      // without a process the workspace's language still decides, whoever reads
      const liveEn = await admin.post('/api/check?lang=en', { bpmn: good });
      assert.deepEqual(verbFindings(liveEn.json.findings), []);

      const bad = bpmn({
        tasks: [
          { id: 'T1', name: 'Kundförfrågan' },
          { id: 'T2', name: 'Bedöm risk' },
        ],
      });
      const saved2 = await admin.post(`/api/processes/${pid}/maps`, { bpmn: bad });
      assert.equal(saved2.status, 201, saved2.text);
      const v2 = await admin.get(`/api/processes/${pid}/maps/${saved2.json.id}`);
      const stored = verbFindings(v2.json.findings);
      assert.deepEqual(
        stored.map((f) => f.element),
        ['T1'],
        JSON.stringify(v2.json.findings),
      );
      assert.match(stored[0].message, /"Kundförfrågan" börjar inte med ett verb/);
      const live2 = await admin.post(`/api/check?lang=sv&process=${pid}`, { bpmn: bad });
      assert.deepEqual(
        verbFindings(live2.json.findings).map((f) => [f.element, f.message]),
        stored.map((f) => [f.element, f.message]),
      );
      // the reader's language words the message; the judgement stays the same
      const live2nb = await admin.post(`/api/check?lang=nb&process=${pid}`, { bpmn: bad });
      const nb = verbFindings(live2nb.json.findings);
      assert.deepEqual(
        nb.map((f) => f.element),
        ['T1'],
      );
      assert.match(nb[0].message, /"Kundförfrågan" begynner ikke med et verb/);
    });

    test('the process named in one language decides over the workspace', async () => {
      assert.equal((await admin.patch('/api/settings', { language: 'sv' })).status, 200);
      const p = await admin.post('/api/processes', { type: 'core', name: { nb: 'Byggesak' } });
      assert.equal(p.status, 201, p.text);
      const map = bpmn({
        tasks: [
          { id: 'T1', name: 'Vurder søknad' },
          { id: 'T2', name: 'Søknadsbehandling' },
        ],
      });
      const live = await admin.post(`/api/check?lang=sv&process=${p.json.id}`, { bpmn: map });
      assert.equal(live.status, 200, live.text);
      assert.deepEqual(
        verbFindings(live.json.findings).map((f) => f.element),
        ['T2'],
      );
      const saved = await admin.post(`/api/processes/${p.json.id}/maps`, { bpmn: map });
      const v = await admin.get(`/api/processes/${p.json.id}/maps/${saved.json.id}`);
      assert.deepEqual(
        verbFindings(v.json.findings).map((f) => f.element),
        ['T2'],
      );
    });

    test('an English name translated in the map is judged as English', async () => {
      assert.equal((await admin.patch('/api/settings', { language: 'sv' })).status, 200);
      const map = bpmn({ tasks: [{ id: 'T1', name: 'Granska ansökan' }] }).replace(
        '<bpmn:userTask id="T1" name="Granska ansökan">',
        '<bpmn:userTask id="T1" name="Granska ansökan"><bpmn:extensionElements><i18n:translation xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" xml:lang="en">Customer inquiry</i18n:translation></bpmn:extensionElements>',
      );
      assert.match(map, /Customer inquiry/);
      const r = await admin.post('/api/check?lang=en', { bpmn: map });
      const f = verbFindings(r.json.findings);
      assert.equal(f.length, 1, JSON.stringify(r.json.findings));
      assert.match(f[0].message, /"Customer inquiry" does not start with a verb/);
    });

    test('a bad process parameter is a 400, an unknown process a 404', async () => {
      const map = bpmn();
      const bad = await admin.post('/api/check?process=abc', { bpmn: map });
      assert.equal(bad.status, 400);
      assert.equal(errorOf(bad).field, 'process');
      const missing = await admin.post('/api/check?process=999999', { bpmn: map });
      assert.equal(missing.status, 404);
    });
  });
}
