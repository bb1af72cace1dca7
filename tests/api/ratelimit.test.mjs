// Throttling password guesses (issue 10 #6, #9, #10), counted in the
// database: per (login, client address) with growing delays, so a stranger
// elsewhere cannot lock the real user out; per address over all logins,
// except for logins that have signed in from that address; counted in the
// same transaction that checks, so a concurrent burst gets at most the
// limit of password checks; POST /api/me/password counts like a login.
// 429 with Retry-After for a throttled attempt. The growing delays (32 s,
// 64 s, ...) are tested in tests/unit/test_auth.c with a set clock.
//
// The servers run with --tls-behind-proxy, so the last X-Forwarded-For entry
// is the client address and each test can come from its own addresses.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf, Client } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`login throttling (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend, args: ['--tls-behind-proxy', '--login-limit', '3', '--ip-login-limit', '8'] });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      for (const login of ['victim', 'bystander', 'burst', 'pwuser'])
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'right password' })).status, 201);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const from = (ip) => ({ headers: { 'x-forwarded-for': `198.51.100.7, ${ip}` } });
    const loginFrom = (ip, login, password) => new Client(srv.base).post('/api/login', { login, password }, from(ip));

    test('after N failures for (login, address), that pair waits, even with the right password', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await loginFrom('192.0.2.1', 'victim', `wrong ${i}`)).status, 401);
      const t0 = Date.now();
      const r = await loginFrom('192.0.2.1', 'victim', 'right password');
      assert.equal(r.status, 429);
      assert.equal(errorOf(r).code, 'rate_limited');
      // 32 s from the third failure, counting down: less by the time that passed since (a
      // loaded machine may take seconds for one answer), never more.
      const waited = Math.ceil((Date.now() - t0) / 1000);
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 31 - waited && retry <= 32, `Retry-After ${retry} (${waited} s after the third failure)`);
      assert.equal(r.headers.get('set-cookie'), null);
      // case folding does not get around it
      assert.equal((await loginFrom('192.0.2.1', 'VICTIM', 'right password')).status, 429);
      // another login from the same address still works
      assert.equal((await loginFrom('192.0.2.1', 'bystander', 'right password')).status, 200);
      // the real user elsewhere is not locked out by the stranger's guesses
      const ok = await loginFrom('192.0.2.2', 'victim', 'right password');
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('set-cookie'), /; Secure/);
      assert.match(ok.headers.get('strict-transport-security'), /max-age=\d+/);
    });

    test("a success clears the pair's count", async () => {
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) assert.equal((await loginFrom('192.0.2.3', 'bystander', 'bad')).status, 401);
        assert.equal((await loginFrom('192.0.2.3', 'bystander', 'right password')).status, 200);
      }
      for (let i = 0; i < 3; i++) assert.equal((await loginFrom('192.0.2.3', 'bystander', 'bad')).status, 401);
      assert.equal((await loginFrom('192.0.2.3', 'bystander', 'right password')).status, 429);
    });

    test('a concurrent burst of wrong passwords gets at most the limit of password checks', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom('192.0.2.4', 'burst', `wrong ${i}`)));
      const statuses = answers.map((r) => r.status);
      const checked = statuses.filter((s) => s === 401).length;
      assert.ok(checked >= 1 && checked <= 3, `password checks: ${checked} (${statuses.join(' ')})`);
      assert.equal(statuses.filter((s) => s === 429).length, 40 - checked, statuses.join(' '));
      assert.ok(answers.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) > 0));
      // and the right password right after is throttled too, from that address only
      assert.equal((await loginFrom('192.0.2.4', 'burst', 'right password')).status, 429);
      assert.equal((await loginFrom('192.0.2.5', 'burst', 'right password')).status, 200);
    });

    test('many logins from one address wait, except logins that have signed in from there', async () => {
      assert.equal((await loginFrom('192.0.2.6', 'bystander', 'right password')).status, 200);
      for (let i = 0; i < 8; i++) assert.equal((await loginFrom('192.0.2.6', `guess${i}`, 'x')).status, 401);
      const r = await loginFrom('192.0.2.6', 'guess9', 'x');
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      assert.equal((await loginFrom('192.0.2.6', 'victim', 'right password')).status, 429, 'unknown at this address');
      assert.equal((await loginFrom('192.0.2.6', 'bystander', 'right password')).status, 200, 'known at this address');
      // another client behind the same proxy is not concerned
      assert.equal((await loginFrom('192.0.2.7', 'guess9', 'x')).status, 401);
      // signed-in sessions are unaffected
      assert.equal((await admin.get('/api/me')).status, 200);
    });

    test('POST /api/me/password guesses count like failed logins of the account', async () => {
      const c = new Client(srv.base);
      const r = await c.post('/api/login', { login: 'pwuser', password: 'right password' }, from('192.0.2.8'));
      assert.equal(r.status, 200);
      c.cookie = r.headers.get('set-cookie').split(';')[0];
      c.csrf = r.json.csrf_token;
      const change = (current) => c.post('/api/me/password', { current_password: current, new_password: 'a new password' }, from('192.0.2.8'));
      for (let i = 0; i < 3; i++) {
        const w = await change(`guess ${i}`);
        assert.equal(w.status, 422);
        assert.equal(errorOf(w).field, 'current_password');
      }
      const t = await change('right password');
      assert.equal(t.status, 429);
      assert.equal(errorOf(t).code, 'rate_limited');
      assert.ok(Number(t.headers.get('retry-after')) > 0);
      assert.equal((await loginFrom('192.0.2.8', 'pwuser', 'right password')).status, 429);
      // the password did not change, and the account still signs in elsewhere
      assert.equal((await loginFrom('192.0.2.9', 'pwuser', 'right password')).status, 200);
    });
  });
}

describe('without a trusted proxy, X-Forwarded-For is ignored', () => {
  let srv;

  before(async () => {
    srv = await startServer({ args: ['--login-limit', '2'] });
  });
  after(async () => {
    assert.equal((await srv.stop()).code, 0, srv.stderr);
  });

  test('the peer address is the one counted', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await srv.client().login('someone', 'x')).status, 401);
    const r = await srv.client().post('/api/login', { login: 'someone', password: 'x' }, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const ok = await srv.client().login('admin', srv.adminPassword);
    assert.equal(ok.status, 200);
    assert.doesNotMatch(ok.headers.get('set-cookie'), /Secure/);
  });
});
