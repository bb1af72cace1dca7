// Comments on map versions: advisors (and everyone else holding a role on the
// process) and administrators comment; people without a role cannot; bad input
// is a precise 4xx and writes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

for (const { name: backend } of backends()) {
  describe(`comments (${backend})`, () => {
    let srv;
    let admin;
    let advisor;
    let reader;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      for (const login of ['advisor1', 'reader1']) {
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'password1' })).status, 201);
      }
      advisor = srv.client();
      assert.equal((await advisor.login('advisor1', 'password1')).status, 200);
      reader = srv.client();
      assert.equal((await reader.login('reader1', 'password1')).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('advisors and admins comment, others cannot, bad input changes nothing', async () => {
      const p = (await admin.post('/api/processes', { type: 'support', name: { en: 'Supplier invoices' } })).json;
      const v = (await admin.post(`/api/processes/${p.id}/maps`, { bpmn: bpmn() })).json;
      const url = `/api/processes/${p.id}/maps/${v.id}/comments`;
      const today = new Date().toISOString().slice(0, 10);
      sql(srv, "INSERT INTO role_schemes (key, name, preset) VALUES ('c-test', 'C test', 'custom')");
      sql(srv, "INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, 'advisor', 'Process advisor', 'advisor' FROM role_schemes WHERE key = 'c-test'");
      sql(srv, "INSERT INTO people (name, user_id) SELECT display_name, id FROM users WHERE login = 'advisor1'");
      sql(
        srv,
        `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, 'process', ${p.id}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = 'advisor1' AND r.key = 'advisor' AND s.key = 'c-test'`,
      );

      const a = await advisor.post(url, { comment: 'Step 2 needs the archive system' });
      assert.equal(a.status, 201, JSON.stringify(a.json));
      const mine = a.json.approvals.filter((x) => x.action === 'comment');
      assert.equal(mine.length, 1);
      assert.equal(mine[0].comment, 'Step 2 needs the archive system');
      assert.equal(a.json.state, 'draft', 'a comment does not change the state');

      assert.equal((await admin.post(url, { comment: "O'Brien; DROP TABLE approvals; --" })).status, 201);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM approvals WHERE version_id = ${v.id} AND action = 'comment'`), '2');
      assert.equal(
        sql(srv, `SELECT comment FROM approvals WHERE version_id = ${v.id} AND actor_id = (SELECT id FROM users WHERE login = 'admin') AND action = 'comment'`),
        "O'Brien; DROP TABLE approvals; --",
      );

      const denied = await reader.post(url, { comment: 'Me too' });
      assert.equal(denied.status, 403);
      assert.equal(errorOf(denied).code, 'forbidden');
      const empty = await advisor.post(url, { comment: '' });
      assert.equal(empty.status, 422);
      assert.equal(errorOf(empty).field, 'comment');
      assert.equal((await advisor.post(url, { comment: 'x', extra: 1 })).status, 422);
      assert.equal((await advisor.post(`/api/processes/${p.id}/maps/999999/comments`, { comment: 'x' })).status, 404);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM approvals WHERE version_id = ${v.id} AND action = 'comment'`), '2', 'refused comments wrote nothing');
      assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE action = 'comment' AND object_id = '${v.id}'`), '2');
    });
  });
}

for (const { name: backend } of backends()) {
  describe(`audit log (${backend})`, () => {
    let srv;
    let admin;
    let reader;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'reader2', display_name: 'R2', password: 'password1' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader2', 'password1')).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('admins read every write with before and after, filtered and paged', async () => {
      const p = (await admin.post('/api/processes', { type: 'core', name: { en: 'Admission' } })).json;
      const etag = (await admin.get(`/api/processes/${p.id}`)).headers.get('etag');
      assert.equal((await admin.patch(`/api/processes/${p.id}`, { review_interval_days: 90 }, { headers: { 'if-match': etag } })).status, 200);
      const all = await admin.get('/api/audit?limit=500');
      assert.equal(all.status, 200);
      assert.ok(all.json.total >= 3, 'user creation and the two process writes are logged');
      const mine = await admin.get(`/api/audit?object_type=process&object_id=${p.id}`);
      assert.equal(mine.status, 200);
      assert.equal(mine.json.total, 2);
      assert.deepEqual(mine.json.items.map((x) => x.action).sort(), ['create', 'update']);
      const upd = mine.json.items.find((x) => x.action === 'update');
      assert.ok(upd.before && upd.after, 'before and after are kept');
      assert.equal(upd.actor, 'admin');
      const page = await admin.get('/api/audit?limit=1&offset=1');
      assert.equal(page.json.items.length, 1);
      assert.equal((await reader.get('/api/audit')).status, 403);
      assert.equal((await srv.client().get('/api/audit')).status, 401);
      const bad = await admin.get('/api/audit?object_id=abc');
      assert.equal(bad.status, 400);
      assert.equal(errorOf(bad).field, 'object_id');
      assert.equal((await admin.get("/api/audit?object_type=x'%20OR%201=1--")).json.total, 0);
    });
  });
}
