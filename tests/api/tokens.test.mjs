// API tokens end with every credential reset of their user (issue 10 #3):
// an admin's password reset and disabling the account (own password
// changes: auth.test.mjs), and they have a bounded lifetime (90 days by
// default, at most 365). Names people give (display names, token names,
// login names) refuse invisible direction and zero-width characters; the
// owners_approve_own setting.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf, Client } from './helpers.mjs';

const DAY = 86400 * 1000;

for (const { name: backend } of backends()) {
  describe(`token lifetimes and credential resets (${backend})`, () => {
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

    async function userWithToken(login) {
      const u = await admin.post('/api/users', { login, display_name: login, password: 'correct horse' });
      assert.equal(u.status, 201, u.text);
      const c = srv.client();
      assert.equal((await c.login(login, 'correct horse')).status, 200);
      const t = await c.post('/api/tokens', { name: 'script' });
      assert.equal(t.status, 201, t.text);
      const bot = new Client(srv.base);
      bot.token = t.json.token;
      assert.equal((await bot.get('/api/me')).status, 200);
      return { id: u.json.id, c, bot, token: t.json };
    }

    test("an admin's password reset ends the user's tokens", async () => {
      const { id, bot, c } = await userWithToken('reset-me');
      const r = await admin.patch(`/api/users/${id}`, { password: 'a new password' });
      assert.equal(r.status, 200, r.text);
      assert.equal((await bot.get('/api/me')).status, 401);
      assert.equal((await c.get('/api/me')).status, 401);
      assert.equal((await c.login('reset-me', 'a new password')).status, 200);
      assert.deepEqual((await c.get('/api/tokens')).json.items, []);
    });

    test('disabling and enabling again does not bring a token back', async () => {
      const { id, bot } = await userWithToken('off-and-on');
      assert.equal((await admin.patch(`/api/users/${id}`, { disabled: true })).status, 200);
      assert.equal((await bot.get('/api/me')).status, 401);
      assert.equal((await admin.patch(`/api/users/${id}`, { disabled: false })).status, 200);
      assert.equal((await bot.get('/api/me')).status, 401);
    });

    test('other changes to the account leave its tokens alone', async () => {
      const { id, bot } = await userWithToken('renamed');
      assert.equal((await admin.patch(`/api/users/${id}`, { display_name: 'Renamed', email: 'r@example.org' })).status, 200);
      assert.equal((await bot.get('/api/me')).status, 200);
    });

    test('tokens live 90 days by default and at most 365', async () => {
      const { c, token } = await userWithToken('lifetimes');
      const days = (t) => Math.round((Date.parse(t.expires_at) - Date.parse(t.created_at)) / DAY);
      assert.equal(days(token), 90);
      const nul = await c.post('/api/tokens', { name: 'null', expires_in_days: null });
      assert.equal(nul.status, 201);
      assert.equal(days(nul.json), 90);
      const max = await c.post('/api/tokens', { name: 'max', expires_in_days: 365 });
      assert.equal(max.status, 201);
      assert.equal(days(max.json), 365);
      for (const bad of [366, 3650, 0, -1]) {
        const r = await c.post('/api/tokens', { name: 'bad', expires_in_days: bad });
        assert.equal(r.status, 422, `${bad}`);
        assert.equal(errorOf(r).field, 'expires_in_days');
      }
      const list = (await c.get('/api/tokens')).json.items;
      assert.ok(
        list.every((t) => t.expires_at),
        'no token lives forever',
      );
    });
  });

  describe(`names and settings (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      assert.equal((await srv.stop()).code, 0, srv.stderr);
    });

    const tricky = ['Eve\u202Egnp.exe', 'A\u200Bdmin', 'Bob\u2066x\u2069', '\uFEFFAlice', 'Tab\there', 'rtl\u200F'];

    test('display names with bidi overrides, zero-width characters or controls are 422', async () => {
      for (const name of tricky) {
        const r = await admin.post('/api/users', { login: 'tricky', display_name: name, password: 'password1' });
        assert.equal(r.status, 422, JSON.stringify(name));
        assert.equal(errorOf(r).field, 'display_name');
      }
      const ok = await admin.post('/api/users', { login: 'plain-name', display_name: 'Åsa Ørnulf-Müller 李', password: 'password1' });
      assert.equal(ok.status, 201, ok.text);
      for (const name of tricky) {
        const r = await admin.patch(`/api/users/${ok.json.id}`, { display_name: name });
        assert.equal(r.status, 422, JSON.stringify(name));
        assert.equal(errorOf(r).field, 'display_name');
      }
      assert.equal((await admin.get(`/api/users/${ok.json.id}`)).json.display_name, 'Åsa Ørnulf-Müller 李');
    });

    test('login names and token names refuse them too', async () => {
      for (const login of ['ad\u200Bmin', 'x\u202Ey', '\uFEFFroot']) {
        const r = await admin.post('/api/users', { login, display_name: 'n', password: 'password1' });
        assert.equal(r.status, 422, JSON.stringify(login));
        assert.equal(errorOf(r).field, 'login');
      }
      const r = await admin.post('/api/tokens', { name: 'deploy\u202Etxt.exe' });
      assert.equal(r.status, 422);
      assert.equal(errorOf(r).field, 'name');
    });

    test('owners_approve_own: false by default, admins switch it, not in /api/health', async () => {
      const s = await admin.get('/api/settings');
      assert.equal(s.json.owners_approve_own, false);
      const on = await admin.patch('/api/settings', { owners_approve_own: true });
      assert.equal(on.status, 200, on.text);
      assert.equal(on.json.owners_approve_own, true);
      assert.equal((await admin.get('/api/settings')).json.owners_approve_own, true);
      assert.equal((await srv.client().get('/api/health')).json.owners_approve_own, undefined);
      const bad = await admin.patch('/api/settings', { owners_approve_own: 'yes' });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'owners_approve_own');
      const audit = (await admin.get('/api/audit?object_type=settings&limit=1')).json.items[0];
      assert.equal(audit.before.owners_approve_own, false);
      assert.equal(audit.after.owners_approve_own, true);
      // only admins
      assert.equal((await admin.post('/api/users', { login: 'nonadmin', display_name: 'n', password: 'password1' })).status, 201);
      const c = srv.client();
      await c.login('nonadmin', 'password1');
      assert.equal((await c.patch('/api/settings', { owners_approve_own: false })).status, 403);
      assert.equal((await c.get('/api/settings')).json.owners_approve_own, true);
      const off = await admin.patch('/api/settings', { owners_approve_own: false });
      assert.equal(off.json.owners_approve_own, false);
    });
  });
}
