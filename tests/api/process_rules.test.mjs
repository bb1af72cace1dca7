// Segregation of duties on the process architecture (issue 10, findings 2
// and 5): who may move a process out of an owner's area, and who may
// change an approved process's specification and review dates.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

for (const { name: backend } of backends()) {
  describe(`process rules (${backend})`, () => {
    let srv;
    let admin;
    const c = {};
    const ids = {};

    const today = new Date().toISOString().slice(0, 10);
    const assign = (login, role, processId) =>
      sql(
        srv,
        processId
          ? `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, 'process', ${processId}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = '${login}' AND r.key = '${role}' AND s.key = 'sod-test'`
          : `INSERT INTO role_assignments (person_id, role_id, scope, from_date) SELECT pe.id, r.id, 'organisation', '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = '${login}' AND r.key = '${role}' AND s.key = 'sod-test'`,
      );

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      sql(srv, "INSERT INTO role_schemes (key, name, preset) VALUES ('sod-test', 'SoD test', 'custom')");
      for (const kind of ['owner', 'responsible', 'facilitator'])
        sql(srv, `INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, '${kind}', '${kind}', '${kind}' FROM role_schemes WHERE key = 'sod-test'`);
      for (const login of ['owner_a', 'owner_b', 'leader', 'fac', 'owner_p']) {
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: `${login}-password` })).status, 201);
        sql(srv, `INSERT INTO people (name, user_id) SELECT display_name, id FROM users WHERE login = '${login}'`);
        c[login] = srv.client();
        assert.equal((await c[login].login(login, `${login}-password`)).status, 200);
      }
      const mk = async (key, parent, name) => {
        const r = await admin.post('/api/processes', { ...(parent ? { parent_id: ids[parent] } : {}), type: 'core', name: { en: name } });
        assert.equal(r.status, 201, r.text);
        ids[key] = r.json.id;
      };
      await mk('A', null, 'Area A');
      await mk('A1', 'A', 'Main A1');
      await mk('A2', 'A', 'Main A2');
      await mk('B', null, 'Area B');
      await mk('P', 'A1', 'Process P');
      await mk('Q', 'A1', 'Process Q');
      assign('owner_a', 'owner', ids.A);
      assign('owner_b', 'owner', ids.B);
      // the leader is responsible for P and Q (through A1) and owns area B
      assign('leader', 'responsible', ids.A1);
      assign('leader', 'owner', ids.B);
      assign('fac', 'facilitator', null);
      // an owner of the process itself only, who may edit the target area too
      assign('owner_p', 'owner', ids.P);
      assign('owner_p', 'responsible', ids.B);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const parentOf = async (key) => (await admin.get(`/api/processes/${ids[key]}`)).json.parent_id;

    test('moves: the facilitator moves nothing (403)', async () => {
      for (const target of ['B', 'A2']) {
        const r = await c.fac.patch(`/api/processes/${ids.P}`, { parent_id: ids[target] });
        assert.equal(r.status, 403, r.text);
        assert.equal(errorOf(r).field, 'parent_id');
      }
      assert.equal(await parentOf('P'), ids.A1);
      // the facilitator still edits what is not a move
      assert.equal((await c.fac.patch(`/api/processes/${ids.P}`, { specification: { purpose: 'Edited by the facilitator' } })).status, 200);
      // and giving the current parent again is no move
      assert.equal((await c.fac.patch(`/api/processes/${ids.P}`, { parent_id: ids.A1 })).status, 200);
    });

    test('moves: a responsible who owns the target but not the source is refused (403)', async () => {
      const r = await c.leader.patch(`/api/processes/${ids.P}`, { parent_id: ids.B });
      assert.equal(r.status, 403, r.text);
      assert.match(errorOf(r).message, /owner/);
      assert.equal(await parentOf('P'), ids.A1);
      // nor the owner of the process itself: the area it leaves is owner_a's
      const own = await c.owner_p.patch(`/api/processes/${ids.P}`, { parent_id: ids.B });
      assert.equal(own.status, 403, own.text);
      // the other owner cannot pull it into their area either
      assert.equal((await c.owner_b.patch(`/api/processes/${ids.P}`, { parent_id: ids.B })).status, 403);
      assert.equal(await parentOf('P'), ids.A1);
    });

    test('moves: the source owner moves within the area (200), not into an area they may not edit', async () => {
      const r = await c.owner_a.patch(`/api/processes/${ids.P}`, { parent_id: ids.A2 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.parent_id, ids.A2);
      assert.equal((await c.owner_a.patch(`/api/processes/${ids.P}`, { parent_id: ids.B })).status, 403);
      assert.equal((await c.owner_a.patch(`/api/processes/${ids.P}`, { parent_id: null })).status, 403);
      // a function area (top level) is moved by administrators only
      assert.equal((await c.owner_a.patch(`/api/processes/${ids.A}`, { parent_id: ids.B })).status, 403);
      assert.equal(await parentOf('P'), ids.A2);
      const log = sql(
        srv,
        `SELECT COUNT(*) FROM audit_log WHERE object_type = 'process' AND object_id = '${ids.P}' AND action = 'update' AND user_id = (SELECT id FROM users WHERE login = 'owner_a')`,
      );
      assert.equal(log, '1');
    });

    test('moves: an administrator moves anywhere (200); under a descendant is 422', async () => {
      const r = await admin.patch(`/api/processes/${ids.P}`, { parent_id: ids.B });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.outline.split('.')[0], (await admin.get(`/api/processes/${ids.B}`)).json.outline);
      const cyc = await admin.patch(`/api/processes/${ids.A}`, { parent_id: ids.A1 });
      assert.equal(cyc.status, 422);
      assert.equal(errorOf(cyc).field, 'parent_id');
      const self = await admin.patch(`/api/processes/${ids.A}`, { parent_id: ids.A });
      assert.equal(self.status, 422);
      assert.equal(await parentOf('A'), null);
    });

    test('approved process: the responsible cannot change the specification or review dates (403)', async () => {
      // approve Q: the responsible submits, the owner approves (which sets the review date)
      assert.equal((await admin.patch(`/api/processes/${ids.Q}`, { review_interval_days: 365 })).status, 200);
      const v = await c.leader.post(`/api/processes/${ids.Q}/maps`, { bpmn: bpmn(), specification: { purpose: 'Approved purpose' } });
      assert.equal(v.status, 201, v.text);
      assert.equal((await c.leader.post(`/api/processes/${ids.Q}/maps/${v.json.id}/submit`, {})).status, 200);
      assert.equal((await c.owner_a.post(`/api/processes/${ids.Q}/maps/${v.json.id}/approve`, {})).status, 200);
      const q = (await admin.get(`/api/processes/${ids.Q}`)).json;
      assert.equal(q.status, 'approved');
      assert.ok(q.next_review_date);
      const cases = [
        [{ specification: { purpose: 'Changed without the owner' } }, 'specification'],
        [{ next_review_date: '2099-12-31' }, 'next_review_date'],
        [{ next_review_date: null }, 'next_review_date'],
        [{ review_interval_days: 36500 }, 'review_interval_days'],
        [{ name: { en: 'Renamed Q' }, specification: { purpose: 'x' } }, 'specification'],
        [{ status: 'retired' }, 'status'],
        [{ status: 'draft' }, 'status'],
      ];
      for (const [body, field] of cases) {
        const r = await c.leader.patch(`/api/processes/${ids.Q}`, body);
        assert.equal(r.status, 403, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(errorOf(r).field, field);
        assert.match(errorOf(r).message, /owner/);
      }
      const r2 = await c.fac.patch(`/api/processes/${ids.Q}`, { specification: { purpose: 'Facilitator change' } });
      assert.equal(r2.status, 403);
      const after = (await admin.get(`/api/processes/${ids.Q}`)).json;
      assert.deepEqual(after.specification, q.specification);
      assert.equal(after.next_review_date, q.next_review_date);
      assert.equal(after.version, q.version);
      assert.equal(after.status, 'approved');
      assert.equal(after.name.en, 'Process Q');
      // what is not the owner's stays the responsible's: names, and the same specification again
      assert.equal(
        (await c.leader.patch(`/api/processes/${ids.Q}`, { name: { en: 'Process Q2' }, specification: q.specification, next_review_date: q.next_review_date }))
          .status,
        200,
      );
      // the way to propose a change: a map version with the specification, for the owner
      const prop = await c.leader.post(`/api/processes/${ids.Q}/maps`, { bpmn: bpmn(), specification: { purpose: 'Proposed purpose' } });
      assert.equal(prop.status, 201, prop.text);
      assert.deepEqual((await admin.get(`/api/processes/${ids.Q}`)).json.specification, q.specification);
    });

    test('approved process: the owner and an administrator change them (200)', async () => {
      const o = await c.owner_a.patch(`/api/processes/${ids.Q}`, { specification: { purpose: 'Owner purpose' }, next_review_date: '2031-01-31' });
      assert.equal(o.status, 200, o.text);
      assert.equal(o.json.specification.purpose, 'Owner purpose');
      const a = await admin.patch(`/api/processes/${ids.Q}`, { review_interval_days: 730 });
      assert.equal(a.status, 200, a.text);
      assert.equal(a.json.review_interval_days, 730);
      // a draft process stays the responsible's to edit
      const d = await c.leader.patch(`/api/processes/${ids.A1}`, { specification: { purpose: 'Draft purpose' }, next_review_date: '2030-01-01' });
      assert.equal(d.status, 200, d.text);
    });

    test('process names refuse bidi-override and zero-width characters (422 naming the field); free text keeps them', async () => {
      for (const bad of ['Behandle\u202Eklage', 'Be\u200Bhandle', '\u2066Opptak\u2069']) {
        const r = await admin.post('/api/processes', { type: 'core', name: { nb: bad } });
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.field, 'name.nb');
      }
      const ok = await admin.post('/api/processes', {
        type: 'core',
        name: { nb: 'Behandle klage' },
        specification: { purpose: 'Tekst med \u200B i fritekst' },
      });
      assert.equal(ok.status, 201, ok.text);
    });
  });
}
