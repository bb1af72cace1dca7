// Login rate limiting per login name and per client address (429 with
// Retry-After), counted in the database; a locked login does not even check
// a correct password; other logins stay usable until the address limit.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`login rate limiting (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend, args: ['--login-limit', '3', '--ip-login-limit', '8'] });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      for (const login of ['victim', 'bystander'])
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'right password' })).status, 201);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('after N failures for one login, even the right password is 429', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await srv.client().login('victim', `wrong ${i}`)).status, 401);
      const r = await srv.client().login('victim', 'right password');
      assert.equal(r.status, 429);
      assert.equal(errorOf(r).code, 'rate_limited');
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry > 0 && retry <= 15 * 60 + 1, `Retry-After ${retry}`);
      assert.equal(r.headers.get('set-cookie'), null);
      // case folding does not get around it
      assert.equal((await srv.client().login('VICTIM', 'right password')).status, 429);
      // another login from the same address still works
      assert.equal((await srv.client().login('bystander', 'right password')).status, 200);
    });

    test('a success clears the login\'s own count', async () => {
      for (let i = 0; i < 2; i++) assert.equal((await srv.client().login('bystander', 'bad')).status, 401);
      assert.equal((await srv.client().login('bystander', 'right password')).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await srv.client().login('bystander', 'bad')).status, 401);
      assert.equal((await srv.client().login('bystander', 'right password')).status, 200);
    });

    test('many logins from one address hit the address limit', async () => {
      // 3 (victim) + 4 (bystander) failures so far; one more reaches 8
      assert.equal((await srv.client().login('someone-else', 'x')).status, 401);
      const r = await srv.client().login('yet-another', 'x');
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      // signed-in sessions are unaffected
      assert.equal((await admin.get('/api/me')).status, 200);
    });
  });
}
