// Issue 11 §9 and §11 over the API, on the demo workspace: a to-be draft
// from any version (POST .../revert with {"variant": "to_be"}); the owner
// delegating from the role they hold (POST /api/role-assignments/{id}/delegate)
// and who may not.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

const DEMO_PASSWORD = 'kartla-demo';

for (const { name: backend } of backends()) {
  describe(`to-be drafts and role delegation (${backend})`, () => {
    let srv;
    let admin;
    let owner;
    let reader;
    before(async () => {
      srv = await startServer({ backend, demo: true });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      owner = srv.client();
      assert.equal((await owner.login('eier', DEMO_PASSWORD)).status, 200);
      reader = srv.client();
      assert.equal((await reader.login('reader', DEMO_PASSWORD)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.equal(r.code, 0, r.stderr);
    });

    test('a to-be draft starts from an as-is version; another variant is refused', async () => {
      const procs = (await admin.get('/api/processes?limit=200')).json.items;
      let p = null;
      let vid = null;
      for (const x of procs) {
        const v = (await admin.get(`/api/processes/${x.id}/maps`)).json.items.find((m) => m.variant === 'as_is');
        if (v) {
          p = x;
          vid = v.id;
          break;
        }
      }
      assert.ok(p, 'a demo process with an as-is map');
      const r = await admin.post(`/api/processes/${p.id}/maps/${vid}/revert`, { variant: 'to_be' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.variant, 'to_be');
      assert.equal(r.json.state, 'draft');
      const same = await admin.post(`/api/processes/${p.id}/maps/${vid}/revert`, {});
      assert.equal(same.status, 201, same.text);
      assert.equal(same.json.variant, 'as_is');
      const bad = await admin.post(`/api/processes/${p.id}/maps/${vid}/revert`, { variant: 'wish' });
      assert.equal(bad.status, 422, bad.text);
      assert.equal(errorOf(bad).field, 'variant');
    });

    test('an owner delegates from the role they hold, naming the mandate source', async () => {
      const me = (await owner.get('/api/me')).json;
      const people = (await admin.get('/api/people?limit=200')).json.items;
      const mine = people.find((x) => x.user_id === (me.user?.id ?? me.id));
      assert.ok(mine, 'the owner is a person');
      const roles = (await admin.get('/api/roles?limit=200')).json.items;
      const kind = new Map(roles.map((x) => [x.id, x]));
      const ras = (await admin.get(`/api/role-assignments?person_id=${mine.id}&limit=200`)).json.items;
      const own = ras.find((a) => kind.get(a.role_id)?.kind === 'owner');
      assert.ok(own, 'the owner holds an owner role');
      const scheme = kind.get(own.role_id).scheme_id;
      const give = roles.find((x) => x.scheme_id === scheme && x.kind !== 'owner');
      const other = roles.find((x) => x.scheme_id !== scheme);
      const to = people.find((x) => x.id !== mine.id);
      const body = { person_id: to.id, role_id: give.id, mandate_source: 'delegasjonsreglementet § 4' };

      const r = await owner.post(`/api/role-assignments/${own.id}/delegate`, body);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.scope, own.scope);
      assert.equal(r.json.process_id, own.process_id);
      assert.equal(r.json.mandate_source, 'delegasjonsreglementet § 4');
      assert.equal(r.json.delegated_from, own.id);
      const back = await admin.get(`/api/role-assignments/${r.json.id}`);
      assert.equal(back.status, 200);
      assert.equal(back.json.person_id, to.id);
      assert.equal(back.json.mandate_source, 'delegasjonsreglementet § 4');

      // Not one's own role; no mandate source; a role of another scheme; beyond one's own end.
      const notMine = await reader.post(`/api/role-assignments/${own.id}/delegate`, body);
      assert.equal(notMine.status, 403, notMine.text);
      const noSource = await owner.post(`/api/role-assignments/${own.id}/delegate`, { ...body, mandate_source: '' });
      assert.equal(noSource.status, 422, noSource.text);
      assert.equal(errorOf(noSource).field, 'mandate_source');
      if (other) {
        const wrong = await owner.post(`/api/role-assignments/${own.id}/delegate`, { ...body, role_id: other.id });
        assert.equal(wrong.status, 422, wrong.text);
        assert.equal(errorOf(wrong).field, 'role_id');
      }
      const bad = await owner.post(`/api/role-assignments/${own.id}/delegate`, { ...body, to_date: 'soon' });
      assert.equal(bad.status, 422, bad.text);
      assert.equal(errorOf(bad).field, 'to_date');
      // A delegated role that is not owner-kind cannot be delegated on.
      const on = await admin.post(`/api/role-assignments/${r.json.id}/delegate`, body);
      assert.equal(on.status, 403, on.text);
      assert.equal((await srv.client().post(`/api/role-assignments/${own.id}/delegate`, body)).status, 401);
      assert.equal((await owner.post('/api/role-assignments/999999/delegate', body)).status, 404);
    });
  });
}
