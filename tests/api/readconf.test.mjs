// Read confirmation of approved versions (issue 13 §4): who gets a "read and
// understood" task when a version is approved (roles of the active scheme on
// the process or an ancestor; not the approver, not organisation-wide roles,
// not an inactive scheme), confirming (only the person it is for,
// idempotent), who sees the owner's status, "send reminders now", the
// setting, and hostile ids and bodies.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

for (const { name: backend } of backends()) {
  describe(`read confirmation (${backend})`, () => {
    let srv;
    let admin;
    const c = {};
    let pid;
    let vid;

    const mk = async (login, account = true) => {
      if (!account) {
        sql(srv, `INSERT INTO people (name) VALUES ('${login}')`);
        return null;
      }
      assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'password9' })).status, 201);
      const cl = srv.client();
      assert.equal((await cl.login(login, 'password9')).status, 200);
      sql(srv, `INSERT INTO people (name, user_id) SELECT display_name, id FROM users WHERE login = '${login}'`);
      return cl;
    };

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      for (const l of ['rc_owner', 'rc_leader', 'rc_team', 'rc_old', 'rc_fac', 'rc_out']) c[l] = await mk(l);
      await mk('rc_noaccount', false);
      const area = (await admin.post('/api/processes', { type: 'core', name: { en: 'RC area' } })).json.id;
      pid = (await admin.post('/api/processes', { parent_id: area, type: 'core', name: { en: 'RC process', nb: 'LB-prosess' } })).json.id;
      const today = new Date().toISOString().slice(0, 10);
      sql(srv, 'UPDATE role_schemes SET is_active = 0');
      sql(srv, "INSERT INTO role_schemes (key, name, preset, is_active) VALUES ('rc', 'RC', 'custom', 1)");
      sql(srv, "INSERT INTO role_schemes (key, name, preset, is_active) VALUES ('rc_old', 'Old', 'custom', 0)");
      for (const [scheme, kind] of [
        ['rc', 'owner'],
        ['rc', 'responsible'],
        ['rc', 'team'],
        ['rc', 'facilitator'],
        ['rc_old', 'team'],
      ])
        sql(srv, `INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, '${kind}', '${kind}', '${kind}' FROM role_schemes WHERE key = '${scheme}'`);
      const assign = (person, scheme, role, scope, process) =>
        sql(
          srv,
          `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, '${scope}', ${process}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = '${person}' AND r.key = '${role}' AND s.key = '${scheme}'`,
        );
      assign('rc_owner', 'rc', 'owner', 'process', area); // owner through the parent
      assign('rc_leader', 'rc', 'responsible', 'process', pid);
      assign('rc_team', 'rc', 'team', 'process', pid);
      assign('rc_noaccount', 'rc', 'team', 'process', pid);
      assign('rc_old', 'rc_old', 'team', 'process', pid); // a scheme that is not active
      assign('rc_fac', 'rc', 'facilitator', 'organisation', 'NULL'); // organisation-wide
      const v = await c.rc_leader.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() });
      assert.equal(v.status, 201, v.text);
      vid = v.json.id;
      assert.equal((await c.rc_leader.post(`/api/processes/${pid}/maps/${vid}/submit`, {})).status, 200);
      const ok = await c.rc_owner.post(`/api/processes/${pid}/maps/${vid}/approve`, {});
      assert.equal(ok.status, 200, ok.text);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const mine = async (cl) => {
      const r = await cl.get('/api/me/read-confirmations');
      assert.equal(r.status, 200, r.text);
      return r.json.items;
    };

    test('approval gives a task to each role holder on the process, not the approver', async () => {
      const people = sql(srv, `SELECT pe.name FROM read_confirmations rc JOIN people pe ON pe.id = rc.person_id WHERE rc.version_id = ${vid} ORDER BY pe.name`);
      assert.deepEqual(people.split('\n'), ['rc_leader', 'rc_noaccount', 'rc_team']);
      const items = await mine(c.rc_team);
      assert.equal(items.length, 1);
      assert.equal(items[0].process_id, pid);
      assert.equal(items[0].version_id, vid);
      assert.equal(items[0].version_number, 1);
      assert.equal(items[0].process.nb, 'LB-prosess');
      assert.equal(items[0].link, `/process/${pid}/approve/${vid}`);
      assert.equal(items[0].reminder, false);
      for (const l of ['rc_owner', 'rc_old', 'rc_fac', 'rc_out']) assert.deepEqual(await mine(c[l]), [], l);
      assert.deepEqual(await mine(admin), []);
    });

    test('only the person it is for confirms, once; again changes nothing', async () => {
      const id = (await mine(c.rc_team))[0].id;
      for (const other of [c.rc_out, c.rc_owner, admin]) {
        const r = await other.post(`/api/read-confirmations/${id}/confirm`, {});
        assert.equal(r.status, 403, r.text);
        assert.equal(errorOf(r).code, 'forbidden');
      }
      const noCsrf = await c.rc_team.post(`/api/read-confirmations/${id}/confirm`, {}, { csrf: false });
      assert.equal(noCsrf.status, 403);
      const anon = await srv.client().post(`/api/read-confirmations/${id}/confirm`, {});
      assert.equal(anon.status, 401);
      const r1 = await c.rc_team.post(`/api/read-confirmations/${id}/confirm`, {});
      assert.equal(r1.status, 200, r1.text);
      assert.match(r1.json.confirmed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const r2 = await c.rc_team.post(`/api/read-confirmations/${id}/confirm`);
      assert.equal(r2.status, 200, r2.text);
      assert.equal(r2.json.confirmed_at, r1.json.confirmed_at);
      assert.deepEqual(await mine(c.rc_team), []);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'read_confirmation' AND object_id = '${id}'`), '1');
    });

    test('hostile ids are 404, never a crash', async () => {
      for (const id of ['0', '-1', 'abc', '99999999', '99999999999999999999999', '1%27%20OR%201=1']) {
        const r = await c.rc_team.post(`/api/read-confirmations/${id}/confirm`, {});
        assert.equal(r.status, 404, `${id}: ${r.text}`);
        const s = await admin.get(`/api/processes/${pid}/versions/${id}/read-confirmations`);
        assert.equal(s.status, 404, `${id}: ${s.text}`);
      }
      // an encoded NUL is refused before routing
      assert.equal((await c.rc_team.post('/api/read-confirmations/%00/confirm', {})).status, 400);
      // a version of another process is not found through this one
      const other = (await admin.post('/api/processes', { type: 'core', name: { en: 'RC other' } })).json.id;
      assert.equal((await admin.get(`/api/processes/${other}/versions/${vid}/read-confirmations`)).status, 404);
    });

    test('the owner, the leader and administrators see who has confirmed; others do not', async () => {
      for (const cl of [c.rc_owner, c.rc_leader, admin]) {
        const r = await cl.get(`/api/processes/${pid}/versions/${vid}/read-confirmations`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.total, 3);
        assert.equal(r.json.confirmed, 1);
        assert.deepEqual(
          r.json.items.map((i) => [i.person, !!i.confirmed_at]),
          [
            ['rc_leader', false],
            ['rc_noaccount', false],
            ['rc_team', true],
          ],
        );
      }
      for (const cl of [c.rc_team, c.rc_out, c.rc_fac]) {
        const r = await cl.get(`/api/processes/${pid}/versions/${vid}/read-confirmations`);
        assert.equal(r.status, 403, r.text);
      }
      assert.equal((await srv.client().get(`/api/processes/${pid}/versions/${vid}/read-confirmations`)).status, 401);
    });

    test('send reminders now: the owner reminds the open tasks once a day', async () => {
      assert.equal((await c.rc_team.post(`/api/processes/${pid}/versions/${vid}/read-confirmations/remind`, {})).status, 403);
      const r = await c.rc_owner.post(`/api/processes/${pid}/versions/${vid}/read-confirmations/remind`, {});
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.reminded, 2);
      const again = await c.rc_owner.post(`/api/processes/${pid}/versions/${vid}/read-confirmations/remind`, {});
      assert.equal(again.json.reminded, 0);
      const s = await c.rc_owner.get(`/api/processes/${pid}/versions/${vid}/read-confirmations`);
      assert.deepEqual(
        s.json.items.map((i) => i.reminders),
        [1, 1, 0],
      );
    });

    test('the reminder setting: admin only, 0..365, shown on my page as "reminder"', async () => {
      assert.equal((await admin.get('/api/settings')).json.read_confirmation_reminder_days, 7);
      // a number too big for JSON integers is refused by the JSON reader
      assert.equal((await admin.patch('/api/settings', { read_confirmation_reminder_days: 1e20 })).status, 400);
      for (const bad of [-1, 366, '7', 1.5, null, true, [7]]) {
        const r = await admin.patch('/api/settings', { read_confirmation_reminder_days: bad });
        assert.ok([400, 422].includes(r.status), `${bad}: ${r.status} ${r.text}`);
        assert.equal(errorOf(r).field, 'read_confirmation_reminder_days', `${bad}: ${r.text}`);
      }
      assert.equal((await c.rc_owner.patch('/api/settings', { read_confirmation_reminder_days: 3 })).status, 403);
      const ok = await admin.patch('/api/settings', { read_confirmation_reminder_days: 3 });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.read_confirmation_reminder_days, 3);
      assert.equal((await mine(c.rc_leader))[0].reminder, false);
      sql(srv, `UPDATE read_confirmations SET created_at = '2020-01-01T08:00:00Z' WHERE version_id = ${vid}`);
      const items = await mine(c.rc_leader);
      assert.equal(items[0].reminder, true);
      assert.equal((await admin.patch('/api/settings', { read_confirmation_reminder_days: 0 })).json.read_confirmation_reminder_days, 0);
      assert.equal((await mine(c.rc_leader))[0].reminder, false);
    });
  });
}
