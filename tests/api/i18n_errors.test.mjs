// Refusals in the asker's language (Accept-Language: nb — also no/nn —, sv,
// en; English otherwise): the message translated, the code unchanged, the
// params (the values put into the message) present. Refusals from
// different areas: governance (library), a required field, a missing row,
// the server's own query checks, sign-in, and a BPMN reader error with its
// position.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backends, startServer, errorOf, REPO } from './helpers.mjs';
import { bpmn } from './portfolio.mjs';

const as = (lang) => ({ headers: { 'accept-language': lang } });

for (const { name: backend } of backends()) {
  describe(`i18n errors (${backend})`, () => {
    let srv;
    let admin;
    let reader;
    let pid;
    let vid;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'password1' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'password1')).status, 200);
      pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Permit' } })).json.id;
      vid = (await admin.post(`/api/processes/${pid}/maps`, { bpmn: bpmn({ tasks: [{ id: 'T1', name: 'Assess', lane: 'L1' }] }) })).json.id;
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a required field: nb, sv, en, with the field as a param', async () => {
      assert.equal((await admin.post(`/api/processes/${pid}/maps/${vid}/submit`, {})).status, 200);
      const want = {
        nb: 'feltet «comment» må fylles ut',
        no: 'feltet «comment» må fylles ut',
        'nn-NO': 'feltet «comment» må fylles ut',
        'sv-SE,sv;q=0.9,en;q=0.8': 'fältet ”comment” måste fyllas i',
        en: "field 'comment' is required",
        de: "field 'comment' is required",
        'fr, sv;q=0.5': 'fältet ”comment” måste fyllas i',
      };
      for (const [lang, msg] of Object.entries(want)) {
        const r = await admin.post(`/api/processes/${pid}/maps/${vid}/reject`, {}, as(lang));
        assert.equal(r.status, 422);
        const e = errorOf(r);
        assert.equal(e.code, 'invalid', lang);
        assert.equal(e.field, 'comment');
        assert.equal(e.message, msg, lang);
        assert.deepEqual(e.params, ['comment']);
      }
      // no Accept-Language at all: English
      const r = await admin.post(`/api/processes/${pid}/maps/${vid}/reject`, {});
      assert.equal(errorOf(r).message, "field 'comment' is required");
    });

    test('governance refusals (403) keep their code', async () => {
      const msgs = {};
      for (const lang of ['nb', 'sv', 'en']) {
        const r = await reader.post(`/api/processes/${pid}/maps/${vid}/approve`, {}, as(lang));
        assert.equal(r.status, 403);
        const e = errorOf(r);
        assert.equal(e.code, 'forbidden');
        assert.deepEqual(e.params, []);
        msgs[lang] = e.message;
      }
      assert.match(msgs.en, /^only the process owner/);
      assert.match(msgs.nb, /^bare prosesseieren .* godkjenner eller avviser$/);
      assert.match(msgs.sv, /^bara processägaren .* godkänner eller avvisar$/);
    });

    test('a missing row (404) with its id as a param', async () => {
      const want = { nb: 'finner ikke prosess 987654', sv: 'hittar inte process 987654', en: 'no such process 987654' };
      for (const [lang, msg] of Object.entries(want)) {
        const r = await admin.get('/api/processes/987654', as(lang));
        assert.equal(r.status, 404);
        const e = errorOf(r);
        assert.equal(e.code, 'not_found');
        assert.equal(e.message, msg);
        assert.deepEqual(e.params, ['987654']);
      }
    });

    test("the server's own checks (http_fail) and sign-in", async () => {
      const r = await admin.get('/api/processes?limit=0', as('sv'));
      assert.equal(r.status, 400);
      const e = errorOf(r);
      assert.equal(e.code, 'bad_request');
      assert.equal(e.field, 'limit');
      assert.match(e.message, /^limit måste vara ett heltal från 1 till \d+$/);
      assert.equal(e.params.length, 1);
      assert.match(e.message, new RegExp(`till ${e.params[0]}$`));
      const l = await srv.client().post('/api/login', { login: 'admin', password: 'wrong-password' }, as('nb'));
      assert.equal(l.status, 401);
      assert.equal(errorOf(l).code, 'unauthorized');
      assert.equal(errorOf(l).message, 'feil brukernavn eller passord');
    });

    test("a saved version's check findings carry their message in nb, sv and en", async () => {
      const v = await admin.get(`/api/processes/${pid}/maps/${vid}`);
      assert.equal(v.status, 200);
      assert.ok(v.json.findings.length > 0, 'the test map has findings');
      for (const f of v.json.findings) {
        assert.deepEqual(Object.keys(f.messages).sort(), ['en', 'nb', 'sv']);
        assert.equal(f.messages.en, f.message);
      }
      const end = v.json.findings.find((f) => f.rule === 'di-present');
      assert.ok(end, JSON.stringify(v.json.findings));
      assert.notEqual(end.messages.nb, end.messages.en);
      assert.notEqual(end.messages.sv, end.messages.en);
      assert.notEqual(end.messages.sv, end.messages.nb);
    });

    test('history and decisions name people by their full name (actor_name) beside the login', async () => {
      const h = await admin.get(`/api/processes/${pid}/history`);
      assert.equal(h.status, 200, h.text);
      const mine = h.json.items.filter((x) => x.actor === 'admin');
      assert.ok(mine.length > 0);
      const me = (await admin.get('/api/me')).json;
      const full = me.display_name ?? me.user?.display_name;
      for (const x of mine) assert.equal(x.actor_name, full);
      const a = await admin.get('/api/audit?limit=5');
      assert.equal(a.status, 200);
      for (const x of a.json.items) assert.ok('actor_name' in x, JSON.stringify(x));
      const v = await admin.get(`/api/processes/${pid}/maps/${vid}`);
      for (const x of v.json.approvals || []) assert.equal(x.actor_name, full);
    });

    test('a form body refused field by field (forms): the inner message translates too', async () => {
      const body = { template: 'followup_plan', title: 'x', body: { indicators: [{ name: 'a' }, { name: 'b', traffic_light: 'blue' }] } };
      const got = {};
      for (const lang of ['nb', 'sv', 'en']) {
        const r = await admin.post('/api/forms', body, as(lang));
        assert.equal(r.status, 422, r.text);
        const e = errorOf(r);
        assert.equal(e.code, 'invalid');
        assert.equal(e.field, 'body.indicators[1].traffic_light');
        got[lang] = e.message;
      }
      assert.match(got.en, /^body: field 'indicators\[1\]\.traffic_light' must be one of /);
      assert.match(got.nb, /^body: feltet «indicators\[1\]\.traffic_light» må være en av /);
      assert.match(got.sv, /^body: fältet ”indicators\[1\]\.traffic_light” måste vara en av /);
    });

    test("an import's repairs carry their message in nb, sv and en", async () => {
      const r = await admin.request('POST', '/api/import?name=x.bpmn', {
        body: fs.readFileSync(path.join(REPO, 'tests/data/bpmn-quirks/dangling-ref.bpmn')),
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(r.status, 200, r.text);
      const [rep] = r.json.repairs;
      assert.equal(rep.code, 'bpmn.dangling_ref');
      assert.equal(rep.messages.en, rep.message);
      assert.equal(rep.messages.nb, 'løs targetRef «ghost» lagt til side i kartla:unresolved');
      assert.equal(rep.messages.sv, 'lös targetRef ”ghost” lagd åt sidan i kartla:unresolved');
    });

    test('a BPMN reader error keeps its position and translates its message', async () => {
      const bad = '<definitions><oops';
      const en = errorOf(await admin.post(`/api/processes/${pid}/maps`, { bpmn: bad }, as('en')));
      const nb = errorOf(await admin.post(`/api/processes/${pid}/maps`, { bpmn: bad }, as('nb')));
      const sv = errorOf(await admin.post(`/api/processes/${pid}/maps`, { bpmn: bad }, as('sv')));
      for (const e of [en, nb, sv]) {
        assert.equal(e.code, 'invalid_xml');
        assert.equal(e.field, 'bpmn');
        assert.deepEqual(e.params, [en.message]);
      }
      assert.match(en.message, /^map\.bpmn:1:\d+: malformed XML: /);
      assert.match(nb.message, /^map\.bpmn:1:\d+: feilformet XML: /);
      assert.match(sv.message, /^map\.bpmn:1:\d+: felaktig XML: /);
    });
  });
}
