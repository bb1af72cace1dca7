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

    test("a success clears the login's own count", async () => {
      for (let i = 0; i < 2; i++) assert.equal((await srv.client().login('bystander', 'bad')).status, 401);
      assert.equal((await srv.client().login('bystander', 'right password')).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await srv.client().login('bystander', 'bad')).status, 401);
      assert.equal((await srv.client().login('bystander', 'right password')).status, 200);
    });

    test('many logins from one address hit the address limit (X-Forwarded-For is not trusted)', async () => {
      // 3 (victim) + 4 (bystander) failures so far; one more reaches 8
      assert.equal((await srv.client().login('someone-else', 'x')).status, 401);
      const r = await srv.client().post('/api/login', { login: 'yet-another', password: 'x' }, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      // signed-in sessions are unaffected
      assert.equal((await admin.get('/api/me')).status, 200);
    });
  });
}

describe('rate limiting behind a TLS proxy', () => {
  let srv;

  before(async () => {
    srv = await startServer({ args: ['--tls-behind-proxy', '--login-limit', '50', '--ip-login-limit', '3'] });
  });
  after(async () => {
    assert.equal((await srv.stop()).code, 0, srv.stderr);
  });

  const loginFrom = (ip, login, password) => srv.client().post('/api/login', { login, password }, { headers: { 'x-forwarded-for': `198.51.100.7, ${ip}` } });

  test('the address the proxy saw (last X-Forwarded-For entry) is the one counted', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await loginFrom('192.0.2.1', `u${i}`, 'x')).status, 401);
    assert.equal((await loginFrom('192.0.2.1', 'u9', 'x')).status, 429);
    // another client behind the same proxy is not blocked
    assert.equal((await loginFrom('192.0.2.2', 'u9', 'x')).status, 401);
    const ok = await loginFrom('192.0.2.2', 'admin', srv.adminPassword);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('set-cookie'), /; Secure/);
    assert.match(ok.headers.get('strict-transport-security'), /max-age=\d+/);
  });
});
