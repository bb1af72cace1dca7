// The server core: health, the router (404, 405 with Allow, OPTIONS), the
// headers every response carries, the OpenAPI document, static files and
// path traversal, clean shutdown.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, KARTLA, backends, startServer, rawRequest, errorOf } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`core (${backend})`, () => {
    let srv;
    let anon;

    before(async () => {
      srv = await startServer({ backend });
      anon = srv.client();
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('GET /api/health answers with the version and the database backend', async () => {
      const r = await anon.get('/api/health');
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'ok');
      assert.match(r.json.version, /^\d+\.\d+\.\d+$/);
      assert.equal(r.json.db, backend);
      assert.ok(r.json.schema_version >= 1);
      assert.equal(r.json.anonymous_read, false, 'a new workspace is not readable anonymously');
    });

    test('every response carries the security headers, API responses are not cached', async () => {
      for (const p of ['/api/health', '/api/nope', '/']) {
        const r = await anon.get(p);
        assert.match(r.headers.get('content-security-policy'), /default-src 'self'/, p);
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
        assert.ok(r.headers.get('referrer-policy'), p);
        assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
      }
      assert.equal((await anon.get('/api/health')).headers.get('cache-control'), 'no-store');
    });

    test('an unknown API path is 404 with the error envelope', async () => {
      const r = await anon.get('/api/no/such/thing');
      assert.equal(r.status, 404);
      const e = errorOf(r);
      assert.equal(e.code, 'not_found');
      assert.equal(e.field, null);
      assert.match(e.message, /no such endpoint/);
      // exact matching: no trailing slash, no case folding
      assert.equal((await anon.get('/api/health/')).status, 404);
      assert.equal((await anon.get('/api/HEALTH')).status, 404);
    });

    test('a wrong method is 405 with Allow; OPTIONS lists the methods', async () => {
      const r = await anon.request('DELETE', '/api/health');
      assert.equal(r.status, 405);
      assert.equal(errorOf(r).code, 'method_not_allowed');
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
      const u = await anon.request('PUT', '/api/users');
      assert.equal(u.status, 405);
      assert.equal(u.headers.get('allow'), 'GET, HEAD, POST');
      const o = await anon.request('OPTIONS', '/api/users');
      assert.equal(o.status, 204);
      assert.equal(o.headers.get('allow'), 'GET, HEAD, POST');
      const s = await anon.request('POST', '/index.html', { body: 'x' });
      assert.equal(s.status, 405);
      assert.equal(s.headers.get('allow'), 'GET, HEAD');
    });

    test('HEAD is answered like GET without a body', async () => {
      const r = await anon.request('HEAD', '/api/health');
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
    });

    test('the OpenAPI description is served', async () => {
      const r = await anon.get('/api/openapi.yaml');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /yaml/);
      assert.match(r.text, /^openapi: 3\./m);
      assert.match(r.text, /\/api\/login:/);
    });

    test('without a built UI "/" is a placeholder page', async () => {
      const r = await anon.get('/');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /text\/html/);
      assert.match(r.text, /Kartla/);
      assert.equal((await anon.get('/app.js')).status, 404);
    });

    test('path traversal never reaches files outside the root', async () => {
      const attempts = [
        '/../../../../etc/passwd',
        '/..%2f..%2f..%2f..%2fetc%2fpasswd',
        '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '/static/../../../../etc/passwd',
        '/.%2e/.%2e/.%2e/etc/passwd',
        '//etc/passwd',
        '/..\\..\\..\\etc\\passwd',
        '/api/../../etc/passwd',
      ];
      for (const p of attempts) {
        const r = await rawRequest(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.ok([400, 403, 404].includes(r.status), `${p}: ${r.status}`);
        assert.doesNotMatch(r.body, /root:/, p);
      }
    });
  });
}

describe('static files from --web', () => {
  let srv;
  let web;
  let outside;

  before(async () => {
    const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'kartla-web-'));
    web = path.join(tmp, 'dist');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>UI</title>');
    fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(web, '.env'), 'SECRET=1');
    outside = path.join(tmp, 'secret.txt');
    fs.writeFileSync(outside, 'TOP SECRET');
    fs.symlinkSync(outside, path.join(web, 'link.txt'));
    srv = await startServer({ args: ['--web', web] });
  });
  after(async () => {
    assert.equal((await srv.stop()).code, 0);
    fs.rmSync(path.dirname(web), { recursive: true, force: true });
  });

  test('files are served with their type and an ETag; a matching If-None-Match is 304', async () => {
    const c = srv.client();
    const r = await c.get('/');
    assert.equal(r.status, 200);
    assert.equal(r.text, '<!doctype html><title>UI</title>');
    const js = await c.get('/assets/app.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /text\/javascript/);
    const etag = js.headers.get('etag');
    assert.ok(etag);
    const again = await c.get('/assets/app.js', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  test('dotfiles, symlinks out of the root and directories are not served', async () => {
    const c = srv.client();
    for (const p of ['/.env', '/assets/../.env', '/link.txt', '/assets', '/nope.html']) {
      const r = await rawRequest(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok([403, 404].includes(r.status), `${p}: ${r.status}`);
      assert.doesNotMatch(r.body, /SECRET/, p);
    }
    assert.equal((await c.get('/link.txt')).status, 404);
  });
});

test('every route of the server is described in docs/openapi.yaml', () => {
  const yaml = fs.readFileSync(path.join(REPO, 'docs/openapi.yaml'), 'utf8');
  // paths: "  /api/x:" then "    get:" lines until the next path
  const documented = new Set();
  let current = null;
  for (const line of yaml.split('\n')) {
    const p = /^ {2}(\/\S+):\s*$/.exec(line);
    if (p) current = p[1];
    else if (/^\S/.test(line)) current = null;
    const m = current && /^ {4}(get|post|put|patch|delete):/.exec(line);
    if (m) documented.add(`${m[1].toUpperCase()} ${current}`);
  }
  const routes = [];
  for (const f of fs.readdirSync(path.join(REPO, 'server'))) {
    if (!f.endsWith('.c')) continue;
    const src = fs.readFileSync(path.join(REPO, 'server', f), 'utf8');
    for (const m of src.matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)", "(\/api\/[^"]*)"/g)) routes.push(`${m[1]} ${m[2]}`);
  }
  assert.ok(routes.length >= 10, 'found the route tables');
  const missing = routes.filter((r) => !documented.has(r));
  assert.deepEqual(missing, [], 'routes missing from docs/openapi.yaml');
});

test('kartla serve refuses bad options with the usage status', async () => {
  const { spawnSync } = await import('node:child_process');
  for (const args of [['--listen', 'nonsense'], ['--listen', '127.0.0.1:99999'], ['--threads', '0'], ['--bogus'], ['--max-body', '1']]) {
    const r = spawnSync(KARTLA, ['serve', ...args], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /kartla: serve:/);
  }
  const help = spawnSync(KARTLA, ['serve', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--listen ADDR:PORT/);
});
