// Accounts and security: login, cookie flags, logout, CSRF on cookie writes,
// API tokens, admin-only routes, anonymous access and the anonymous-reading
// switch, password changes, ETag / If-Match on users.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf, Client } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`accounts (${backend})`, () => {
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

    async function makeUser(login, extra = {}) {
      const r = await admin.post('/api/users', { login, display_name: `User ${login}`, password: 'correct horse', ...extra });
      assert.equal(r.status, 201, r.text);
      return r.json;
    }

    test('a good login answers the user, a CSRF token and a session cookie with safe flags', async () => {
      const c = srv.client();
      const r = await c.login('admin', srv.adminPassword);
      assert.equal(r.status, 200);
      assert.equal(r.json.user.login, 'admin');
      assert.equal(r.json.user.is_admin, true);
      assert.match(r.json.csrf_token, /^[A-Za-z0-9_-]{43}$/);
      const sc = r.headers.get('set-cookie');
      assert.match(sc, /^kartla_session=[A-Za-z0-9_-]{43};/);
      assert.match(sc, /HttpOnly/);
      assert.match(sc, /SameSite=Strict/);
      assert.match(sc, /Path=\//);
      assert.doesNotMatch(sc, /Secure/); // plain HTTP on 127.0.0.1
      const me = await c.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.json.login, 'admin');
      assert.equal(me.json.auth, 'session');
      assert.equal(me.json.csrf_token, r.json.csrf_token);
    });

    test('behind a TLS proxy (X-Forwarded-Proto: https) the cookie is Secure', async () => {
      const r = await new Client(srv.base).post('/api/login', { login: 'admin', password: srv.adminPassword }, { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('set-cookie'), /; Secure/);
    });

    test('login names are case-insensitive', async () => {
      assert.equal((await srv.client().login('ADMIN', srv.adminPassword)).status, 200);
    });

    test('a bad password or unknown login is 401 with the same message, and no cookie', async () => {
      const a = await srv.client().login('admin', 'wrong password');
      assert.equal(a.status, 401);
      assert.equal(errorOf(a).code, 'unauthorized');
      assert.equal(a.headers.get('set-cookie'), null);
      const b = await srv.client().login('nobody-here', 'whatever1');
      assert.equal(b.status, 401);
      assert.equal(errorOf(b).message, errorOf(a).message);
    });

    test('a forged or garbage cookie is anonymous', async () => {
      const c = srv.client();
      c.cookie = 'kartla_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      assert.equal((await c.get('/api/me')).status, 401);
      c.cookie = 'kartla_session=' + 'x'.repeat(500);
      assert.equal((await c.get('/api/me')).status, 401);
    });

    test('anonymous requests to signed-in routes are 401', async () => {
      const anon = srv.client();
      for (const [m, p] of [
        ['GET', '/api/me'],
        ['GET', '/api/tokens'],
        ['POST', '/api/tokens'],
        ['GET', '/api/users'],
        ['POST', '/api/logout'],
      ]) {
        const r = await anon.request(m, p, m === 'GET' ? {} : { json: {} });
        assert.equal(r.status, 401, `${m} ${p}`);
        assert.equal(errorOf(r).code, 'unauthorized');
      }
    });

    test('cookie-authenticated writes need the X-CSRF-Token; reads do not', async () => {
      const c = srv.client();
      await c.login('admin', srv.adminPassword);
      const noToken = await c.post('/api/tokens', { name: 'x' }, { csrf: false });
      assert.equal(noToken.status, 403);
      assert.equal(errorOf(noToken).code, 'csrf');
      const wrong = await c.post('/api/tokens', { name: 'x' }, { headers: { 'x-csrf-token': 'A'.repeat(43) } });
      assert.equal(wrong.status, 403);
      const list = await c.get('/api/tokens');
      assert.equal(list.status, 200);
      assert.equal(list.json.items.filter((t) => t.name === 'x').length, 0, 'nothing written');
      const ok = await c.post('/api/tokens', { name: 'x' });
      assert.equal(ok.status, 201);
      // another session's CSRF token does not work with this cookie
      const other = srv.client();
      await other.login('admin', srv.adminPassword);
      const mixed = await c.post('/api/tokens', { name: 'y' }, { headers: { 'x-csrf-token': other.csrf } });
      assert.equal(mixed.status, 403);
    });

    test('API tokens: create, use as Bearer without CSRF, list without the secret, revoke', async () => {
      const u = await makeUser('token-user');
      const c = srv.client();
      assert.equal((await c.login('token-user', 'correct horse')).status, 200);
      const created = await c.post('/api/tokens', { name: 'my script', expires_in_days: 30 });
      assert.equal(created.status, 201);
      assert.match(created.json.token, /^kt_[A-Za-z0-9_-]{43}$/);
      assert.equal(created.json.prefix, created.json.token.slice(0, 10));
      assert.ok(created.json.expires_at > created.json.created_at);
      assert.match(created.headers.get('location'), /^\/api\/tokens\/\d+$/);

      const bot = new Client(srv.base);
      bot.token = created.json.token;
      const me = await bot.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.json.id, u.id);
      assert.equal(me.json.auth, 'token');
      assert.equal(me.json.csrf_token, undefined);
      // a token cannot mint tokens
      assert.equal((await bot.post('/api/tokens', { name: 'child' })).status, 403);

      const list = await c.get('/api/tokens');
      assert.equal(list.status, 200);
      const mine = list.json.items.find((t) => t.id === created.json.id);
      assert.ok(mine);
      assert.equal(mine.token, undefined, 'the secret is shown once only');
      assert.ok(mine.last_used_at >= mine.created_at);
      assert.ok(!JSON.stringify(list.json).includes(created.json.token.slice(10)));

      // others cannot revoke it
      const stranger = srv.client();
      await makeUser('stranger');
      await stranger.login('stranger', 'correct horse');
      assert.equal((await stranger.delete(`/api/tokens/${created.json.id}`)).status, 404);
      assert.equal((await bot.get('/api/me')).status, 200);

      assert.equal((await c.delete(`/api/tokens/${created.json.id}`)).status, 204);
      const after = await bot.get('/api/me');
      assert.equal(after.status, 401);
      assert.match(errorOf(after).message, /token/);
      assert.equal((await c.delete(`/api/tokens/${created.json.id}`)).status, 404);
      assert.equal((await c.delete('/api/tokens/abc')).status, 404);

      // writes with a Bearer token need no CSRF token; a password change ends the
      // user's sessions and every token, the one it was made with too
      const second = new Client(srv.base);
      second.token = (await c.post('/api/tokens', { name: 'second' })).json.token;
      const pw = await second.post('/api/me/password', { current_password: 'correct horse', new_password: 'correct horse 2' });
      assert.equal(pw.status, 204, pw.text);
      assert.equal((await second.get('/api/me')).status, 401);
      assert.equal((await c.get('/api/me')).status, 401);
      assert.equal((await c.login('token-user', 'correct horse 2')).status, 200);
      assert.deepEqual((await c.get('/api/tokens')).json.items, []);
    });

    test('a bad Authorization header is 401, not anonymous', async () => {
      const c = new Client(srv.base);
      for (const h of ['Bearer kt_nope', 'Basic YWRtaW46YWRtaW4=', 'Bearer ', `Bearer kt_${'A'.repeat(43)}`]) {
        const r = await c.get('/api/health', { headers: { authorization: h } });
        assert.equal(r.status, 401, h);
      }
    });

    test('admin-only routes are 403 for other users', async () => {
      await makeUser('plain');
      const c = srv.client();
      await c.login('plain', 'correct horse');
      const list = await c.get('/api/users');
      assert.equal(list.status, 403);
      assert.equal(errorOf(list).code, 'forbidden');
      const create = await c.post('/api/users', { login: 'evil', display_name: 'Evil', password: 'password1', is_admin: true });
      assert.equal(create.status, 403);
      assert.equal((await admin.get('/api/users?limit=500')).json.items.filter((u) => u.login === 'evil').length, 0);
      assert.equal((await c.patch('/api/settings', { anonymous_read: true })).status, 403);
      // a user can read their own account but not others'
      const me = (await c.get('/api/me')).json;
      assert.equal((await c.get(`/api/users/${me.id}`)).status, 200);
      assert.equal((await c.get('/api/users/1')).status, 403);
    });

    test('users admin: create, list with pagination, conflict on a taken login', async () => {
      const u = await makeUser('Mixed.Case@Example');
      assert.equal(u.login, 'mixed.case@example');
      assert.equal(u.is_admin, false);
      assert.equal(u.password_hash, undefined);
      const dup = await admin.post('/api/users', { login: 'MIXED.case@example', display_name: 'x', password: 'password1' });
      assert.equal(dup.status, 409);
      assert.equal(errorOf(dup).field, 'login');
      const page = await admin.get('/api/users?limit=2&offset=0');
      assert.equal(page.status, 200);
      assert.equal(page.json.items.length, 2);
      assert.equal(page.json.limit, 2);
      assert.equal(page.json.offset, 0);
      assert.ok(page.json.total >= 3);
      const next = await admin.get('/api/users?limit=2&offset=2');
      assert.notEqual(next.json.items[0].id, page.json.items[0].id);
      for (const q of ['limit=0', 'limit=501', 'limit=x', 'offset=-1', 'offset=1e3']) {
        const r = await admin.get(`/api/users?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(errorOf(r).field, q.split('=')[0]);
      }
      for (const bad of ['', 'has space', 'x'.repeat(65), 'ü-umlaut', 'semi;colon']) {
        const r = await admin.post('/api/users', { login: bad, display_name: 'n', password: 'password1' });
        assert.equal(r.status, 422, JSON.stringify(bad));
        assert.equal(errorOf(r).field, 'login');
      }
      const short = await admin.post('/api/users', { login: 'shorty', display_name: 'n', password: 'short' });
      assert.equal(short.status, 422);
      assert.equal(errorOf(short).field, 'password');
    });

    test('disabling a user ends their sessions and tokens; ETag / If-Match guard the update', async () => {
      const u = await makeUser('to-disable');
      const c = srv.client();
      await c.login('to-disable', 'correct horse');
      const tok = (await c.post('/api/tokens', { name: 't' })).json.token;
      const bot = new Client(srv.base);
      bot.token = tok;

      const read = await admin.get(`/api/users/${u.id}`);
      const etag = read.headers.get('etag');
      assert.match(etag, /^"h[0-9a-f]{16}"$/);
      const renamed = await admin.patch(`/api/users/${u.id}`, { display_name: 'Renamed' }, { headers: { 'if-match': etag } });
      assert.equal(renamed.status, 200);
      assert.notEqual(renamed.headers.get('etag'), etag);
      // a stale write is 412 and changes nothing
      const stale = await admin.patch(`/api/users/${u.id}`, { display_name: 'Stale', disabled: true }, { headers: { 'if-match': etag } });
      assert.equal(stale.status, 412);
      assert.equal(errorOf(stale).code, 'stale');
      assert.equal(stale.headers.get('etag'), renamed.headers.get('etag'));
      const now = await admin.get(`/api/users/${u.id}`);
      assert.equal(now.json.display_name, 'Renamed');
      assert.equal(now.json.disabled, false);
      assert.equal((await c.get('/api/me')).status, 200);

      const dis = await admin.patch(`/api/users/${u.id}`, { disabled: true }, { headers: { 'if-match': '*' } });
      assert.equal(dis.status, 200);
      assert.equal(dis.json.disabled, true);
      assert.equal((await c.get('/api/me')).status, 401);
      assert.equal((await bot.get('/api/me')).status, 401);
      assert.equal((await srv.client().login('to-disable', 'correct horse')).status, 401);
      // admins cannot lock themselves out
      const meId = (await admin.get('/api/me')).json.id;
      const self = await admin.patch(`/api/users/${meId}`, { disabled: true });
      assert.equal(self.status, 409);
      assert.equal((await admin.patch('/api/users/999999', { display_name: 'x' })).status, 404);
    });

    test("changing one's password checks the current one and ends other sessions", async () => {
      await makeUser('changer');
      const a = srv.client();
      const b = srv.client();
      await a.login('changer', 'correct horse');
      await b.login('changer', 'correct horse');
      const wrong = await a.post('/api/me/password', { current_password: 'nope', new_password: 'new password 1' });
      assert.equal(wrong.status, 422);
      assert.equal(errorOf(wrong).field, 'current_password');
      const ok = await a.post('/api/me/password', { current_password: 'correct horse', new_password: 'new password 1' });
      assert.equal(ok.status, 204);
      assert.equal((await a.get('/api/me')).status, 200);
      assert.equal((await b.get('/api/me')).status, 401);
      assert.equal((await srv.client().login('changer', 'correct horse')).status, 401);
      assert.equal((await srv.client().login('changer', 'new password 1')).status, 200);
    });

    test('logout ends the session and clears the cookie (and needs CSRF)', async () => {
      const c = srv.client();
      await c.login('admin', srv.adminPassword);
      assert.equal((await c.post('/api/logout', {}, { csrf: false })).status, 403);
      assert.equal((await c.get('/api/me')).status, 200);
      const r = await c.post('/api/logout', {});
      assert.equal(r.status, 204);
      assert.match(r.headers.get('set-cookie'), /kartla_session=;.*Max-Age=0/);
      assert.equal((await c.get('/api/me')).status, 401);
    });

    test('anonymous reading is off by default and can be switched on by an admin', async () => {
      const anon = srv.client();
      const off = await anon.get('/api/settings');
      assert.equal(off.status, 401);
      const on = await admin.patch('/api/settings', { anonymous_read: true });
      assert.equal(on.status, 200);
      assert.equal(on.json.anonymous_read, true);
      const r = await anon.get('/api/settings');
      assert.equal(r.status, 200);
      assert.equal(r.json.anonymous_read, true);
      assert.equal((await anon.get('/api/health')).json.anonymous_read, true, 'health tells a browser it may read');
      // reading only: signed-in routes stay closed
      assert.equal((await anon.get('/api/me')).status, 401);
      assert.equal((await anon.patch('/api/settings', { anonymous_read: false })).status, 401);
      assert.equal((await admin.patch('/api/settings', { anonymous_read: false })).json.anonymous_read, false);
      assert.equal((await anon.get('/api/settings')).status, 401);
      assert.equal((await anon.get('/api/health')).json.anonymous_read, false);
    });

    test('the default language: null (each browser) until an admin sets nb, sv or en', async () => {
      const anon = srv.client();
      assert.equal((await anon.get('/api/health')).json.language, null);
      assert.equal((await admin.get('/api/settings')).json.language, null);
      const sv = await admin.patch('/api/settings', { language: 'sv' });
      assert.equal(sv.status, 200, sv.text);
      assert.deepEqual(sv.json, {
        anonymous_read: false,
        language: 'sv',
        owners_approve_own: false,
        read_confirmation_reminder_days: 7,
        anonymous_risk: false,
        organisation: null,
        risk_plan_rule: 'red_or_action',
      });
      assert.equal((await anon.get('/api/health')).json.language, 'sv', 'the sign-in screen can use it');
      for (const bad of ['de', 'SV', '', 7, 'nbx']) {
        const r = await admin.patch('/api/settings', { language: bad });
        assert.ok(r.status === 422 || r.status === 400, `${bad}: ${r.status}`);
        assert.equal(r.json.error.field, 'language');
      }
      assert.equal((await admin.get('/api/settings')).json.language, 'sv', 'nothing changed');
      // the change is audited with before and after
      const audit = (await admin.get('/api/audit?object_type=settings&limit=1')).json.items[0];
      assert.equal(audit.before.language, null);
      assert.equal(audit.after.language, 'sv');
      const back = await admin.patch('/api/settings', { language: null });
      assert.equal(back.json.language, null);
      assert.equal((await anon.get('/api/health')).json.language, null);
    });
  });
}
