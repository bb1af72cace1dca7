// Anonymous reading (issue 10, "also tighten"): a visitor who has not signed in reads the
// portfolio, but sees people by display name only — no e-mail addresses and no login names,
// neither in the people lists nor in who approved or submitted a version — while signed-in
// readers still see them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`anonymous reading shows names only (${backend})`, () => {
    let srv;
    let admin;
    let anon;

    before(async () => {
      srv = await startServer({ backend, demo: true });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.patch('/api/settings', { anonymous_read: true })).status, 200);
      anon = srv.client();
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('people: the signed-in see e-mail addresses, anonymous visitors do not', async () => {
      const signed = await admin.get('/api/people?limit=100');
      assert.equal(signed.status, 200);
      assert.ok(signed.json.items.some((p) => typeof p.email === 'string' && p.email.includes('@')));
      const r = await anon.get('/api/people?limit=100');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.items.length > 0);
      assert.ok(!r.text.includes('@uin.example') && !r.text.includes('@norrby.example'), r.text);
      const one = await anon.get(`/api/people/${r.json.items[0].id}`);
      assert.equal(one.status, 200);
      assert.equal(one.json.email, undefined);
      assert.ok(one.json.name);
    });

    test('approvals: anonymous visitors see who submitted by name, never the login', async () => {
      const procs = await admin.get('/api/processes?limit=100');
      const adm = procs.json.items.find((p) => p.name.en === 'Student admission');
      assert.ok(adm, 'the demo has the admission process');
      const versions = await admin.get(`/api/processes/${adm.id}/maps`);
      const submitted = versions.json.items.find((v) => v.state === 'submitted');
      assert.ok(submitted, 'the demo has a submitted version');
      const signed = await admin.get(`/api/processes/${adm.id}/maps/${submitted.id}`);
      assert.equal(signed.status, 200, signed.text);
      assert.ok(signed.text.includes('"ansvarlig"'), 'the signed-in see the login of the submitter');
      const r = await anon.get(`/api/processes/${adm.id}/maps/${submitted.id}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(!r.text.includes('"ansvarlig"'), 'no login name for anonymous visitors');
      assert.ok(r.text.includes('Ola Hansen'), 'the submitter by display name');
    });
  });
}
