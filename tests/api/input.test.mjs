// Bad input: malformed JSON, duplicate keys, wrong types, unknown and
// missing fields, wrong content type, oversize bodies; SQL metacharacters
// and non-ASCII text stored verbatim. Every case must be a precise 4xx that
// writes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, rawRequest, errorOf } from './helpers.mjs';

const MAX_BODY = 64 * 1024;

for (const { name: backend } of backends()) {
  describe(`bad input (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend, args: ['--max-body', '64K'] });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    async function userCount() {
      return (await admin.get('/api/users')).json.total;
    }

    const raw = (body, headers = {}) => admin.request('POST', '/api/users', { body, headers: { 'content-type': 'application/json', ...headers } });

    test('malformed JSON is 400 with the line and column', async () => {
      const before = await userCount();
      const cases = [
        ['{"login": "a",\n "display_name": }', /line 2, column \d+/],
        ['{"login": "a"', /line 1/],
        ['{login: "a"}', /line 1, column \d+/],
        ['', null],
        ['{"a": 1} trailing', /line 1/],
        ['"just a string"', null],
        ['{"a": "\\u0000"}', /line 1/],
        ['{"a": 123456789012345678901234567890}', /too big|line 1/],
        ['['.repeat(3000) + ']'.repeat(3000), /line 1/],
      ];
      for (const [body, re] of cases) {
        const r = await raw(body);
        assert.equal(r.status, 400, JSON.stringify(body.slice(0, 40)));
        const e = errorOf(r);
        assert.equal(e.code, 'bad_request');
        if (re) assert.match(e.message, re, body.slice(0, 40));
      }
      const bad = await raw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
      assert.equal(bad.status, 400, 'invalid UTF-8');
      assert.equal(await userCount(), before);
    });

    test('duplicate keys are rejected, not last-one-wins', async () => {
      const r = await raw('{"login": "dupkey", "display_name": "A", "password": "password1", "is_admin": false, "is_admin": true}');
      assert.equal(r.status, 400);
      assert.match(errorOf(r).message, /duplicate/);
      assert.equal((await admin.get('/api/users?limit=500')).json.items.filter((u) => u.login === 'dupkey').length, 0);
    });

    test('a body that is not an object, or not JSON at all', async () => {
      const arr = await raw('[1, 2]');
      assert.equal(arr.status, 400);
      assert.match(errorOf(arr).message, /object/);
      const form = await admin.request('POST', '/api/users', {
        body: 'login=x&display_name=y&password=password1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 415);
      assert.equal(errorOf(form).code, 'unsupported_media_type');
      const none = await admin.request('POST', '/api/users', {});
      assert.equal(none.status, 400);
    });

    test('wrong types, unknown and missing fields are 422 naming the field', async () => {
      const before = await userCount();
      const cases = [
        [{ login: 42, display_name: 'n', password: 'password1' }, 'login', /must be a string/],
        [{ login: 'ok', display_name: 'n', password: 'password1', is_admin: 'yes' }, 'is_admin', /true or false/],
        [{ login: 'ok', display_name: 'n', password: 'password1', is_admin: 1 }, 'is_admin', /true or false/],
        [{ login: 'ok', display_name: ['n'], password: 'password1' }, 'display_name', /string/],
        [{ login: 'ok', display_name: 'n', password: null }, 'password', /string/],
        [{ login: 'ok', display_name: 'n', password: 'password1', email: 5 }, 'email', /string/],
        [{ login: 'ok', display_name: 'n', password: 'password1', role: 'admin' }, 'role', /unknown field/],
        [{ display_name: 'n', password: 'password1' }, 'login', /required/],
        [{ login: 'ok', password: 'password1' }, 'display_name', /required/],
        [{ login: 'ok', display_name: '   ', password: 'password1' }, 'display_name', /empty/],
        [{ login: 'ok', display_name: 'x'.repeat(201), password: 'password1' }, 'display_name', /longer than 200/],
      ];
      for (const [body, field, re] of cases) {
        const r = await admin.post('/api/users', body);
        assert.equal(r.status, 422, JSON.stringify(body));
        const e = errorOf(r);
        assert.equal(e.code, 'invalid');
        assert.equal(e.field, field, JSON.stringify(body));
        assert.match(e.message, re);
      }
      const tok = await admin.post('/api/tokens', { name: 't', expires_in_days: 1.5 });
      assert.equal(tok.status, 422);
      assert.equal(errorOf(tok).field, 'expires_in_days');
      const tok2 = await admin.post('/api/tokens', { name: 't', expires_in_days: 0 });
      assert.equal(tok2.status, 422);
      assert.equal(await userCount(), before);
    });

    test('an oversize body is 413 and nothing is written', async () => {
      const before = await userCount();
      const big = JSON.stringify({ login: 'big', display_name: 'x'.repeat(MAX_BODY), password: 'password1' });
      const r = await raw(big);
      assert.equal(r.status, 413);
      assert.equal(errorOf(r).code, 'too_large');
      assert.equal(await userCount(), before);
      // a huge announced length is refused before any body is read
      const huge = await rawRequest(
        srv.port,
        'POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' + 'Content-Length: 100000000000\r\n\r\n{',
      );
      assert.equal(huge.status, 413);
      // the server is still fine
      assert.equal((await admin.get('/api/health')).status, 200);
    });

    test('SQL metacharacters and non-ASCII text are stored verbatim', async () => {
      const names = [
        "Robert'); DROP TABLE users; --",
        'x" OR "1"="1',
        "' OR 1=1 --",
        '100% _wild_ \\ backslash',
        'Ærlig Østby-Åsen; Åsa Öberg; Ünal Çelik',
        '$1 $$ ?? ? :name @x',
        '😀 emoji',
      ];
      for (const [i, name] of names.entries()) {
        const c = await admin.post('/api/users', {
          login: `meta${i}`,
          display_name: name,
          email: name,
          password: 'pa\'ss"word;--',
        });
        assert.equal(c.status, 201, name);
        assert.equal(c.json.display_name, name);
        const g = await admin.get(`/api/users/${c.json.id}`);
        assert.equal(g.json.display_name, name);
        assert.equal(g.json.email, name);
      }
      // the password with metacharacters works too
      assert.equal((await srv.client().login('meta0', 'pa\'ss"word;--')).status, 200);
      const tok = await admin.post('/api/tokens', { name: "'; DELETE FROM api_tokens; --" });
      assert.equal(tok.status, 201);
      const list = await admin.get('/api/tokens');
      assert.ok(list.json.items.some((t) => t.name === "'; DELETE FROM api_tokens; --"));
      // the table is still there
      assert.ok((await userCount()) >= names.length + 1);
      // a login name with metacharacters is refused, not interpreted
      const l = await srv.client().login("admin' --", 'x');
      assert.equal(l.status, 401);
    });

    test('path parameters that are not ids are 404', async () => {
      for (const p of ['/api/users/abc', '/api/users/-1', '/api/users/0', '/api/users/1%27%20OR%201=1', '/api/users/99999999999999999999']) {
        const r = await admin.get(p);
        assert.equal(r.status, 404, p);
        errorOf(r);
      }
    });
  });
}
