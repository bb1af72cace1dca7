// Governance journey: submit, reject with a comment, resubmit, approve
// (current version, superseded, process status and specification), a
// second approval superseding the first, compare any two versions, the
// self-approval rule, wrong roles (403), the audit log, review lights.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

for (const { name: backend } of backends()) {
  describe(`governance (${backend})`, () => {
    let srv;
    let admin;
    let admin2;
    let reader;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'admin2', display_name: 'A2', password: 'password2', is_admin: true })).status, 201);
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'password1' })).status, 201);
      admin2 = srv.client();
      assert.equal((await admin2.login('admin2', 'password2')).status, 200);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'password1')).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('submit, reject, resubmit, approve, current, compare', async () => {
      const p = await admin.post('/api/processes', {
        type: 'core',
        name: { en: 'Building permit' },
        review_interval_days: 365,
        specification: { purpose: 'Old purpose' },
      });
      const pid = p.json.id;
      const v1x = bpmn({
        tasks: [
          { id: 'T1', name: 'Register application', lane: 'L1', pt: 'PT10M' },
          { id: 'T2', name: 'Assess application', lane: 'L1' },
        ],
      });
      const v1 = (await admin.post(`/api/processes/${pid}/maps`, { bpmn: v1x })).json;
      // readers cannot submit
      assert.equal((await reader.post(`/api/processes/${pid}/maps/${v1.id}/submit`, {})).status, 403);
      // approving a draft is a conflict
      assert.equal((await admin2.post(`/api/processes/${pid}/maps/${v1.id}/approve`, {})).status, 409);
      const s = await admin.post(`/api/processes/${pid}/maps/${v1.id}/submit`, {});
      assert.equal(s.status, 200, s.text);
      assert.equal(s.json.state, 'submitted');
      assert.equal((await admin.get(`/api/processes/${pid}`)).json.status, 'in_review');
      // nobody approves their own submission unless owner
      const self = await admin.post(`/api/processes/${pid}/maps/${v1.id}/approve`, {});
      assert.equal(self.status, 403);
      assert.match(errorOf(self).message, /submitted this version/);
      // reject needs a comment
      const noComment = await admin2.post(`/api/processes/${pid}/maps/${v1.id}/reject`, {});
      assert.equal(noComment.status, 422);
      assert.equal(errorOf(noComment).field, 'comment');
      const rej = await admin2.post(`/api/processes/${pid}/maps/${v1.id}/reject`, { comment: 'Lanes are missing' });
      assert.equal(rej.status, 200);
      assert.equal(rej.json.state, 'rejected');
      assert.equal(rej.json.comment, 'Lanes are missing');
      assert.equal((await admin.get(`/api/processes/${pid}`)).json.status, 'draft');
      // resubmit and approve (stale If-Match first)
      const re = await admin.post(`/api/processes/${pid}/maps/${v1.id}/submit`, { comment: 'Fixed' });
      assert.equal(re.status, 200);
      const stale = await admin2.post(`/api/processes/${pid}/maps/${v1.id}/approve`, {}, { headers: { 'if-match': '"v1"' } });
      assert.equal(stale.status, 412);
      const ap = await admin2.post(`/api/processes/${pid}/maps/${v1.id}/approve`, { comment: 'Good' }, { headers: { 'if-match': re.headers.get('etag') } });
      assert.equal(ap.status, 200, ap.text);
      assert.equal(ap.json.state, 'approved');
      const proc = (await admin.get(`/api/processes/${pid}`)).json;
      assert.equal(proc.status, 'approved');
      assert.equal(proc.current.as_is.id, v1.id);
      assert.ok(proc.next_review_date, 'approval sets the next review date');
      const cur = await reader.get(`/api/processes/${pid}/maps/current?variant=as_is`);
      assert.equal(cur.status, 200);
      assert.equal(cur.json.id, v1.id);
      assert.deepEqual(
        cur.json.approvals.map((a) => a.action),
        ['submit', 'reject', 'submit', 'approve'],
      );
      // approved versions are not edited
      assert.equal((await admin.patch(`/api/processes/${pid}/maps/${v1.id}`, { bpmn: v1x })).status, 409);
      // version 2: renamed, moved, added, removed, times, specification
      const v2x = bpmn({
        tasks: [
          { id: 'T1', name: 'Register the application', lane: 'L1', pt: 'PT5M' },
          { id: 'T3', name: 'Decide', lane: 'L2' },
        ],
        lanes: { L1: 'Case officer', L2: 'Expert' },
      }).replace('<bpmn:userTask id="T1"', '<bpmn:userTask id="T1"');
      const v2 = (await admin.post(`/api/processes/${pid}/maps`, { bpmn: v2x, specification: { purpose: 'New purpose' } })).json;
      await admin.post(`/api/processes/${pid}/maps/${v2.id}/submit`, {});
      assert.equal((await admin2.post(`/api/processes/${pid}/maps/${v2.id}/approve`, {})).status, 200);
      const after = (await admin.get(`/api/processes/${pid}`)).json;
      assert.equal(after.current.as_is.id, v2.id);
      assert.equal(after.specification.purpose, 'New purpose');
      assert.equal((await admin.get(`/api/processes/${pid}/maps/${v1.id}`)).json.state, 'superseded');
      const cmp = await reader.get(`/api/processes/${pid}/maps/compare?from=${v1.id}&to=${v2.id}`);
      assert.equal(cmp.status, 200, cmp.text);
      assert.deepEqual(
        cmp.json.added.map((x) => x.id),
        ['T3'],
      );
      assert.deepEqual(
        cmp.json.removed.map((x) => x.id),
        ['T2'],
      );
      assert.deepEqual(cmp.json.renamed, [{ id: 'T1', from: 'Register application', to: 'Register the application', from_names: {}, to_names: {} }]);
      assert.deepEqual(cmp.json.times, [{ id: 'T1', name: 'Register the application', names: {}, field: 'process_time', from: 600, to: 300 }]);
      assert.deepEqual(cmp.json.raci, []);
      assert.deepEqual(cmp.json.properties, []);
      assert.deepEqual(cmp.json.specification, [{ field: 'purpose', from: 'Old purpose', to: 'New purpose' }]);
      assert.equal((await reader.get(`/api/processes/${pid}/maps/compare?from=${v1.id}`)).status, 400);
      assert.equal((await reader.get(`/api/processes/${pid}/maps/compare?from=${v1.id}&to=999999`)).status, 404);
      // the history: every write on the process and its versions, newest first
      const h = await reader.get(`/api/processes/${pid}/history?limit=500`);
      assert.equal(h.status, 200);
      const acts = h.json.items.map((x) => `${x.object_type}:${x.action}`);
      assert.equal(acts[0], 'process:approve');
      for (const a of ['process:create', 'map_version:create', 'map_version:submit', 'map_version:reject', 'map_version:approve'])
        assert.ok(acts.includes(a), a);
      const rejected = h.json.items.find((x) => x.object_type === 'map_version' && x.action === 'reject');
      assert.equal(rejected.before.state, 'submitted');
      assert.equal(rejected.after.state, 'rejected');
      assert.equal(rejected.actor, 'admin2');
      assert.equal(h.json.total, h.json.items.length);
      assert.equal((await reader.get('/api/processes/999999/history')).status, 404);
      // reviews list the process (a workspace-wide list: not for a reader)
      assert.equal((await reader.get('/api/reviews')).status, 403);
      const rv = await admin.get('/api/reviews');
      assert.equal(rv.status, 200);
      const item = rv.json.items.find((x) => x.id === pid);
      assert.equal(item.light, 'green');
      assert.ok(Array.isArray(rv.json.overdue));
    });

    test('roles: the owner decides, the responsible edits and submits; training tasks; audit log', async () => {
      const mk = async (login) => {
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'password9' })).status, 201);
        const c = srv.client();
        assert.equal((await c.login(login, 'password9')).status, 200);
        return c;
      };
      const owner = await mk('owner1');
      const leader = await mk('leader1');
      const other = await mk('other1');
      const area = (await admin.post('/api/processes', { type: 'core', name: { nb: 'Studier' } })).json;
      const p = (await admin.post('/api/processes', { parent_id: area.id, type: 'core', name: { nb: 'Klager' }, review_interval_days: 180 })).json;
      const today = new Date().toISOString().slice(0, 10);
      sql(srv, "INSERT INTO role_schemes (key, name, preset) VALUES ('gov-test', 'Gov test', 'custom')");
      sql(srv, "INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, 'owner', 'Process owner', 'owner' FROM role_schemes WHERE key = 'gov-test'");
      sql(
        srv,
        "INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, 'responsible', 'Process responsible', 'responsible' FROM role_schemes WHERE key = 'gov-test'",
      );
      for (const login of ['owner1', 'leader1']) sql(srv, `INSERT INTO people (name, user_id) SELECT display_name, id FROM users WHERE login = '${login}'`);
      // the owner is appointed for the function area (inherited), the responsible for the process
      sql(
        srv,
        `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, 'process', ${area.id}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = 'owner1' AND r.key = 'owner' AND s.key = 'gov-test'`,
      );
      sql(
        srv,
        `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, 'process', ${p.id}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = 'leader1' AND r.key = 'responsible' AND s.key = 'gov-test'`,
      );
      // someone without a role neither edits nor posts maps
      assert.equal((await other.patch(`/api/processes/${p.id}`, { specification: { purpose: 'x' } })).status, 403);
      assert.equal((await other.post(`/api/processes/${p.id}/maps`, { bpmn: bpmn() })).status, 403);
      // the responsible edits and submits
      assert.equal((await leader.patch(`/api/processes/${p.id}`, { specification: { purpose: 'Fair handling' } })).status, 200);
      const v = await leader.post(`/api/processes/${p.id}/maps`, { bpmn: bpmn() });
      assert.equal(v.status, 201, v.text);
      assert.equal((await leader.post(`/api/processes/${p.id}/maps/${v.json.id}/submit`, {})).status, 200);
      // neither the responsible nor an administrator decides once there is an owner
      assert.equal((await leader.post(`/api/processes/${p.id}/maps/${v.json.id}/approve`, {})).status, 403);
      const adm = await admin.post(`/api/processes/${p.id}/maps/${v.json.id}/approve`, {});
      assert.equal(adm.status, 403);
      assert.match(errorOf(adm).message, /owner/);
      const ok = await owner.post(`/api/processes/${p.id}/maps/${v.json.id}/approve`, { comment: 'Approved' });
      assert.equal(ok.status, 200, ok.text);
      // training tasks for the people holding roles on the process itself
      assert.equal(sql(srv, `SELECT COUNT(*) FROM training_tasks WHERE version_id = ${v.json.id}`), '1');
      // every write is in the audit log
      const actions = sql(srv, `SELECT action FROM audit_log WHERE object_type = 'map_version' AND object_id = '${v.json.id}' ORDER BY id`).split('\n');
      assert.deepEqual(actions, ['create', 'submit', 'approve']);
      const pa = sql(
        srv,
        `SELECT COUNT(*) FROM audit_log WHERE object_type = 'process' AND object_id = '${p.id}' AND before_json IS NOT NULL AND after_json IS NOT NULL`,
      );
      assert.ok(Number(pa) >= 3, pa);
      // segregation of duties: not even the owner decides on their own submission...
      const v2 = await owner.post(`/api/processes/${p.id}/maps`, { bpmn: bpmn() });
      assert.equal(v2.status, 201);
      assert.equal((await owner.post(`/api/processes/${p.id}/maps/${v2.json.id}/submit`, {})).status, 200);
      const own = await owner.post(`/api/processes/${p.id}/maps/${v2.json.id}/approve`, {});
      assert.equal(own.status, 403);
      assert.match(errorOf(own).message, /submitted this version/);
      assert.equal((await owner.post(`/api/processes/${p.id}/maps/${v2.json.id}/reject`, { comment: 'no' })).status, 403);
      sql(srv, "INSERT INTO settings (key, value) VALUES ('owners_approve_own', 'false')");
      assert.equal((await owner.post(`/api/processes/${p.id}/maps/${v2.json.id}/approve`, {})).status, 403);
      // ...unless the workspace explicitly allows owners to approve their own submissions
      sql(srv, "UPDATE settings SET value = 'true' WHERE key = 'owners_approve_own'");
      assert.equal((await owner.post(`/api/processes/${p.id}/maps/${v2.json.id}/approve`, {})).status, 200);
      sql(srv, "DELETE FROM settings WHERE key = 'owners_approve_own'");
      const owned = await admin.get(`/api/reviews?owner=${sql(srv, "SELECT id FROM people WHERE name = 'owner1'")}`);
      assert.ok(owned.json.items.some((x) => x.id === p.id && x.owner === 'owner1'));
    });

    test('bad input on governance endpoints is a precise 4xx and changes nothing', async () => {
      const p = await admin.post('/api/processes', { type: 'core', name: { en: 'Bad input journey' } });
      const pid = p.json.id;
      const v = (await admin.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() })).json;
      const url = `/api/processes/${pid}/maps/${v.id}`;
      const cases = [
        [`${url}/submit`, { comment: 1 }, 422, 'comment'],
        [`${url}/submit`, { bogus: true }, 422, 'bogus'],
        [`${url}/reject`, { comment: '' }, 422, 'comment'],
        [`${url}/reject`, { comment: 'x'.repeat(10001) }, 422, 'comment'],
      ];
      for (const [path, body, status, field] of cases) {
        const r = await admin.post(path, body);
        assert.equal(r.status, status, `${path} ${JSON.stringify(body).slice(0, 40)}: ${r.text}`);
        assert.equal(errorOf(r).field, field);
      }
      const malformed = await admin.request('POST', `${url}/submit`, { body: '{"comment": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      const dup = await admin.request('POST', `${url}/submit`, { body: '{"comment": "a", "comment": "b"}', headers: { 'content-type': 'application/json' } });
      assert.equal(dup.status, 400);
      assert.equal((await admin.post(`/api/processes/${pid}/maps/999999/submit`, {})).status, 404);
      assert.equal((await admin.post(`/api/processes/999999/maps/${v.id}/submit`, {})).status, 404);
      assert.equal((await admin.post(`/api/processes/${pid}/maps/abc/submit`, {})).status, 404);
      assert.equal((await admin.post(`${url}/submit`, {}, { csrf: false })).status, 403);
      assert.equal((await reader.get(`/api/processes/${pid}/maps/current?variant=future`)).status, 400);
      assert.equal((await reader.get(`/api/processes/${pid}/maps/compare?from=x&to=${v.id}`)).status, 400);
      // nothing changed: still a draft, no approvals, the process still a draft
      const g = await admin.get(url);
      assert.equal(g.json.state, 'draft');
      assert.deepEqual(g.json.approvals, []);
      assert.equal((await admin.get(`/api/processes/${pid}`)).json.status, 'draft');
    });

    test('review lights: red when overdue, yellow within 10 % of the interval', async () => {
      const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
      const red = await admin.post('/api/processes', { type: 'support', name: { en: 'Overdue' }, review_interval_days: 100, next_review_date: day(-3) });
      const yellow = await admin.post('/api/processes', { type: 'support', name: { en: 'Soon' }, review_interval_days: 100, next_review_date: day(5) });
      const green = await admin.post('/api/processes', { type: 'support', name: { en: 'Later' }, review_interval_days: 100, next_review_date: day(50) });
      const rv = (await admin.get('/api/reviews?limit=500')).json.items;
      const light = (id) => rv.find((x) => x.id === id).light;
      assert.equal(light(red.json.id), 'red');
      assert.equal(light(yellow.json.id), 'yellow');
      assert.equal(light(green.json.id), 'green');
      assert.ok((await admin.get('/api/reviews?light=red')).json.items.every((x) => x.light === 'red'));
      assert.equal((await admin.get('/api/reviews?light=blue')).status, 400);
      assert.equal((await admin.get('/api/reviews?owner=x')).status, 400);
    });
  });
}
