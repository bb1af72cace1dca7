// Two `kartla serve` processes on one PostgreSQL database (the load-balanced
// setup): a write through one is read through the other, sessions and
// tokens work on both, and the login rate limit is shared.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PG_URL, createPgDatabase, startServer, Client } from './helpers.mjs';

describe('two servers on one PostgreSQL database', { skip: PG_URL ? false : 'KARTLA_TEST_PG_URL is not set' }, () => {
  let db;
  let a;
  let b;

  before(async () => {
    db = createPgDatabase();
    // Both start at once: migration and the first admin must survive the race.
    [a, b] = await Promise.all([
      startServer({ dbUrl: db.url, adminPassword: 'shared-admin-pw', args: ['--login-limit', '3'] }),
      startServer({ dbUrl: db.url, adminPassword: 'shared-admin-pw', args: ['--login-limit', '3'] }),
    ]);
  });
  after(async () => {
    const ra = a && (await a.stop());
    const rb = b && (await b.stop());
    db.drop();
    assert.equal(ra.code, 0, a.stderr);
    assert.equal(rb.code, 0, b.stderr);
  });

  test('exactly one admin was made', async () => {
    const c = a.client();
    assert.equal((await c.login('admin', 'shared-admin-pw')).status, 200);
    const users = await c.get('/api/users');
    assert.equal(users.json.items.filter((u) => u.login === 'admin').length, 1);
    assert.equal((a.stdout.match(/admin login/g) || []).length + (b.stdout.match(/admin login/g) || []).length, 1);
  });

  test('a write through one server is read through the other', async () => {
    const ca = a.client();
    await ca.login('admin', 'shared-admin-pw');
    const made = await ca.post('/api/users', { login: 'via-a', display_name: "O'Brien via A", password: 'password1' });
    assert.equal(made.status, 201);
    const cb = b.client();
    await cb.login('admin', 'shared-admin-pw');
    const seen = await cb.get(`/api/users/${made.json.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.json.display_name, "O'Brien via A");
    // and the other way, with If-Match across servers
    const upd = await cb.patch(`/api/users/${made.json.id}`, { display_name: 'Renamed via B' }, { headers: { 'if-match': seen.headers.get('etag') } });
    assert.equal(upd.status, 200);
    const stale = await ca.patch(`/api/users/${made.json.id}`, { display_name: 'Stale via A' }, { headers: { 'if-match': seen.headers.get('etag') } });
    assert.equal(stale.status, 412);
    assert.equal((await ca.get(`/api/users/${made.json.id}`)).json.display_name, 'Renamed via B');
  });

  test('a session and a token made on one server work on the other', async () => {
    const ca = a.client();
    await ca.login('admin', 'shared-admin-pw');
    const cb = new Client(b.base);
    cb.cookie = ca.cookie;
    cb.csrf = ca.csrf;
    assert.equal((await cb.get('/api/me')).json.login, 'admin');
    const tok = await cb.post('/api/tokens', { name: 'cross' });
    assert.equal(tok.status, 201);
    const bot = new Client(a.base);
    bot.token = tok.json.token;
    assert.equal((await bot.get('/api/me')).status, 200);
    assert.equal((await cb.delete(`/api/tokens/${tok.json.id}`)).status, 204);
    assert.equal((await bot.get('/api/me')).status, 401);
  });

  test('failed logins on one server count on the other', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await a.client().login('via-a', 'wrong')).status, 401);
    assert.equal((await b.client().login('via-a', 'password1')).status, 429);
  });
});
