// Rows of nested resources addressed by their own id: /api/workshops/{id}
// (an assignment's workshops) and /api/required-courses/{id} (a role's
// required courses). GET with its ETag, PATCH with If-Match (412 when
// stale), DELETE (with and without If-Match), 404 for a missing row or a
// malformed id, 422 naming the field, and who may write.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`flat resources (${backend})`, () => {
    let srv;
    let admin;
    let reader;
    let anon;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      const u = await admin.post('/api/users', { login: 'reader', display_name: 'Reader', password: 'reader-pass-1' });
      assert.equal(u.status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-pass-1')).status, 200);
      anon = srv.client();
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('/api/workshops/{id}: GET, PATCH with If-Match, DELETE, 404, 422', async () => {
      const a = await admin.post('/api/assignments', { title: 'Kartlegging av innkjøp' });
      assert.equal(a.status, 201, a.text);
      const w = await admin.post(`/api/assignments/${a.json.id}/workshops`, { title: 'Workshop 1', held_on: '2024-03-14' });
      assert.equal(w.status, 201, w.text);
      const url = `/api/workshops/${w.json.id}`;

      const g = await reader.get(url);
      assert.equal(g.status, 200);
      assert.equal(g.json.id, w.json.id);
      assert.equal(g.json.assignment_id, a.json.id);
      assert.equal(g.json.title, 'Workshop 1');
      assert.equal(g.json.held_on, '2024-03-14');
      const tag = g.headers.get('etag');
      assert.match(tag, /^"h[0-9a-f]{16}"$/);
      assert.equal(tag, w.headers.get('etag'), 'the ETag of the create is the one of the read');

      // PATCH with the current ETag changes the row and its ETag
      const p = await admin.patch(url, { place: 'Rom 2', held_on: '2024-03-15' }, { headers: { 'if-match': tag } });
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.place, 'Rom 2');
      assert.equal(p.json.held_on, '2024-03-15');
      assert.equal(p.json.title, 'Workshop 1', 'fields not sent are kept');
      const tag2 = p.headers.get('etag');
      assert.notEqual(tag2, tag);
      assert.equal((await reader.get(url)).headers.get('etag'), tag2);

      // a stale If-Match is 412 with the current ETag, and changes nothing
      const stale = await admin.patch(url, { place: 'Rom 3' }, { headers: { 'if-match': tag } });
      assert.equal(stale.status, 412);
      assert.equal(errorOf(stale).code, 'stale');
      assert.equal(stale.headers.get('etag'), tag2);
      assert.equal((await reader.get(url)).json.place, 'Rom 2');
      // a weak tag never matches; * always does; no If-Match is allowed
      assert.equal((await admin.patch(url, { place: 'Rom 3' }, { headers: { 'if-match': `W/${tag2}` } })).status, 412);
      const star = await admin.patch(url, { place: 'Rom 3' }, { headers: { 'if-match': '*' } });
      assert.equal(star.status, 200);
      const none = await admin.patch(url, { notes: 'Notater' });
      assert.equal(none.status, 200);
      assert.equal(none.json.place, 'Rom 3');

      // 422 naming the field
      for (const [body, field] of [
        [{ held_on: '2024-02-30' }, 'held_on'],
        [{ title: '' }, 'title'],
        [{ title: null }, 'title'],
        [{ title: 7 }, 'title'],
        [{ facilitator_id: 999999 }, 'facilitator_id'],
        [{ facilitator_id: -1 }, 'facilitator_id'],
        [{ assignment_id: a.json.id }, 'assignment_id'],
        [{ bogus: 1 }, 'bogus'],
      ]) {
        const e = await admin.patch(url, body);
        assert.equal(e.status, 422, `${JSON.stringify(body)}: ${e.text}`);
        assert.equal(errorOf(e).field, field, JSON.stringify(body));
      }
      // 404: no such row, a malformed id
      assert.equal((await reader.get('/api/workshops/999999')).status, 404);
      assert.equal((await reader.get('/api/workshops/abc')).status, 404);
      assert.equal((await admin.patch('/api/workshops/999999', { place: 'x' })).status, 404);
      assert.equal((await admin.delete('/api/workshops/999999')).status, 404);
      // readers and anonymous callers may not write
      assert.equal((await reader.patch(url, { place: 'x' })).status, 403);
      assert.equal((await anon.patch(url, { place: 'x' })).status, 401);
      assert.equal((await reader.delete(url)).status, 403);

      // DELETE: a stale If-Match is 412; then it is gone
      const cur = (await reader.get(url)).headers.get('etag');
      const sd = await admin.delete(url, { headers: { 'if-match': tag } });
      assert.equal(sd.status, 412);
      assert.equal(sd.headers.get('etag'), cur);
      const d = await admin.delete(url, { headers: { 'if-match': cur } });
      assert.equal(d.status, 204);
      assert.equal((await reader.get(url)).status, 404);
      assert.equal((await admin.delete(url)).status, 404);
      assert.equal((await reader.get(`/api/assignments/${a.json.id}/workshops`)).json.total, 0);
    });

    test('/api/required-courses/{id}: GET, DELETE with If-Match, 404, 422; no PATCH', async () => {
      const s = await admin.post('/api/role-schemes/presets', { preset: 'generic' });
      assert.equal(s.status, 201, s.text);
      const roles = await reader.get(`/api/role-schemes/${s.json.id}/roles`);
      const owner = roles.json.items.find((r) => r.key === 'owner');
      const c = await admin.post('/api/courses', { key: 'bpmn', name: 'BPMN basics' });
      assert.equal(c.status, 201, c.text);
      const base = `/api/roles/${owner.id}/required-courses`;
      const rc = await admin.post(base, { course_id: c.json.id });
      assert.equal(rc.status, 201, rc.text);
      const url = `/api/required-courses/${rc.json.id}`;

      const g = await reader.get(url);
      assert.equal(g.status, 200);
      assert.deepEqual(g.json, { id: rc.json.id, role_id: owner.id, course_id: c.json.id });
      const tag = g.headers.get('etag');
      assert.match(tag, /^"h[0-9a-f]{16}"$/);

      // 422 naming the field, on the nested create
      for (const [body, field] of [
        [{}, 'course_id'],
        [{ course_id: 999999 }, 'course_id'],
        [{ course_id: 0 }, 'course_id'],
        [{ course_id: 'bpmn' }, 'course_id'],
        [{ course_id: c.json.id, role_id: owner.id }, 'role_id'],
      ]) {
        const e = await admin.post(base, body);
        assert.equal(e.status, 422, `${JSON.stringify(body)}: ${e.text}`);
        assert.equal(errorOf(e).field, field, JSON.stringify(body));
      }
      assert.equal((await admin.post(base, { course_id: c.json.id })).status, 409, 'required once');
      assert.equal((await admin.post('/api/roles/999999/required-courses', { course_id: c.json.id })).status, 404);
      // a required course is added or removed, never changed
      const p = await admin.patch(url, { course_id: c.json.id }, { headers: { 'if-match': tag } });
      assert.equal(p.status, 405);
      // 404
      assert.equal((await reader.get('/api/required-courses/999999')).status, 404);
      assert.equal((await reader.get('/api/required-courses/0')).status, 404);
      assert.equal((await admin.delete('/api/required-courses/999999')).status, 404);
      // only administrators remove one
      assert.equal((await reader.delete(url)).status, 403);
      // DELETE: a stale If-Match is 412 and keeps the row
      const sd = await admin.delete(url, { headers: { 'if-match': '"h0000000000000000"' } });
      assert.equal(sd.status, 412);
      assert.equal(sd.headers.get('etag'), tag);
      assert.equal((await reader.get(url)).status, 200);
      const d = await admin.delete(url, { headers: { 'if-match': tag } });
      assert.equal(d.status, 204);
      assert.equal((await reader.get(url)).status, 404);
      assert.equal((await reader.get(base)).json.total, 0);
    });
  });
}
