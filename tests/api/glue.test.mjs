// The HTTP glue's defences (issue 10): a FIFO in the web root, answers of our
// own for over-long URLs and headers (with the security headers), an encoded
// NUL in a URL, X-Forwarded-For only from a trusted proxy, and a shutdown
// that does not hang.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KARTLA, PG_URL, startServer, rawRequest } from './helpers.mjs';

const get = (port, target, extra = '') => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`);

function assertSecurityHeaders(r, what) {
  assert.match(r.head, /\r\ncontent-security-policy: default-src 'self'/i, what);
  assert.match(r.head, /\r\nx-content-type-options: nosniff/i, what);
  assert.match(r.head, /\r\nx-frame-options: DENY/i, what);
  assert.match(r.head, /\r\nreferrer-policy: /i, what);
}

describe('a FIFO in the web root', () => {
  let srv;
  let tmp;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'kartla-fifo-'));
    const web = path.join(tmp, 'dist');
    fs.mkdirSync(web);
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>UI</title>');
    execFileSync('mkfifo', [path.join(web, 'pipe.js')]);
    srv = await startServer({ args: ['--web', web] });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('is 404 at once, the server keeps answering, and SIGTERM stops it', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) {
      // more requests than worker threads: a blocking open() would take them all
      const r = await get(srv.port, '/pipe.js');
      assert.equal(r.status, 404);
    }
    // a blocking open() would hang for ever; the bound only has to tell that apart on a loaded machine
    assert.ok(Date.now() - t0 < 10000, `took ${Date.now() - t0} ms`);
    assert.equal((await get(srv.port, '/')).status, 200);
    const t1 = Date.now();
    const r = await srv.stop();
    assert.deepEqual(r, { code: 0, signal: null }, srv.stderr);
    assert.ok(Date.now() - t1 < 5000, `stopping took ${Date.now() - t1} ms`);
  });
});

describe('requests the glue refuses itself', () => {
  let srv;

  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    assert.deepEqual(await srv.stop(), { code: 0, signal: null }, srv.stderr);
  });

  test('a 20 kB URL is 414 with the security headers and the error envelope', async () => {
    for (const target of [`/${'a'.repeat(20000)}`, `/api/search?q=${'b'.repeat(20000)}`]) {
      const r = await get(srv.port, target);
      assert.equal(r.status, 414);
      assertSecurityHeaders(r, '414');
      assert.equal(JSON.parse(r.body).error.code, 'uri_too_long');
    }
    // a long but acceptable URL is still served
    assert.equal((await get(srv.port, `/api/health?x=${'c'.repeat(4000)}`)).status, 200);
  });

  test('20 kB of headers is 431 with the security headers', async () => {
    const r = await get(srv.port, '/api/health', `X-Big: ${'d'.repeat(20000)}\r\n`);
    assert.equal(r.status, 431);
    assertSecurityHeaders(r, '431');
    assert.equal(JSON.parse(r.body).error.code, 'headers_too_large');
    const many = Array.from({ length: 100 }, (_, i) => `X-H${i}: ${'e'.repeat(200)}\r\n`).join('');
    assert.equal((await get(srv.port, '/api/health', many)).status, 431);
    assert.equal((await get(srv.port, '/api/health', `X-Ok: ${'f'.repeat(2000)}\r\n`)).status, 200);
  });

  test('an encoded NUL anywhere in the URL is 400, not a truncated path', async () => {
    for (const target of ['/api/health%00x', '/api/health%00', '/index.html%00.js', '/api/health?x=%00', '/api/users?limit=1%000']) {
      const r = await get(srv.port, target);
      assert.equal(r.status, 400, target);
      assertSecurityHeaders(r, target);
      assert.equal(JSON.parse(r.body).error.code, 'bad_request', target);
    }
    assert.equal((await get(srv.port, '/api/health?x=%01')).status, 200);
  });
});

describe('X-Forwarded-For from a proxy that is not trusted', () => {
  let srv;

  before(async () => {
    // The tests connect from 127.0.0.1, which is not the configured proxy.
    srv = await startServer({
      args: ['--tls-behind-proxy', '--trusted-proxy', '192.0.2.250', '--login-limit', '50', '--ip-login-limit', '3'],
    });
  });
  after(async () => {
    assert.equal((await srv.stop()).code, 0, srv.stderr);
  });

  test('is ignored: every attempt counts against the real peer address', async () => {
    const from = (ip, login) => srv.client().post('/api/login', { login, password: 'x' }, { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) assert.equal((await from(`192.0.2.${i + 1}`, `u${i}`)).status, 401);
    // a fresh forged address does not reset the count of 127.0.0.1
    assert.equal((await from('192.0.2.99', 'u9')).status, 429);
    assert.equal((await from('198.51.100.1', 'u8')).status, 429);
  });
});

test('--trusted-proxy: an address, at most 16, and only with --tls-behind-proxy', () => {
  for (const args of [
    ['--trusted-proxy', '10.0.0.1'],
    ['--tls-behind-proxy', '--trusted-proxy', 'proxy.example'],
    ['--tls-behind-proxy', '--trusted-proxy', '10.0.0.0/8'],
    ['--tls-behind-proxy', ...Array.from({ length: 17 }, (_, i) => ['--trusted-proxy', `10.0.0.${i}`]).flat()],
  ]) {
    const r = spawnSync(KARTLA, ['serve', '--listen', '127.0.0.1:0', '--data', '/nonexistent/x', ...args], {
      encoding: 'utf8',
      timeout: 10000,
    });
    assert.equal(r.status, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /kartla: serve: .*trusted-proxy/);
    assert.doesNotMatch(r.stderr, /unknown option/);
  }
});

// A request stuck in the database (a table locked by another session) must not
// keep SIGTERM from stopping the server: it waits 10 s for it, then exits.
test('shutdown does not wait for ever on a stuck request (PostgreSQL)', { skip: !PG_URL && 'KARTLA_TEST_PG_URL not set' }, async () => {
  const srv = await startServer({ backend: 'postgresql' });
  const admin = srv.client();
  assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
  const locker = spawn('psql', ['-X', '-q', '-d', srv.dbUrl], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    locker.stdin.write('BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT 1;\n');
    await new Promise((resolve) => locker.stdout.once('data', resolve));
    const pending = admin.get('/api/users').catch((e) => e); // blocks on the lock
    // wait until the request really waits on the lock (not a fixed sleep: a loaded machine is slow)
    for (let i = 0; ; i++) {
      const waiting = execFileSync('psql', ['-X', '-q', '-t', '-A', '-d', srv.dbUrl, '-c', 'SELECT count(*) FROM pg_locks WHERE NOT granted'], {
        encoding: 'utf8',
      }).trim();
      if (Number(waiting) > 0) break;
      assert.ok(i < 200, 'the request never reached the locked table');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const t0 = Date.now();
    const r = await srv.stop();
    const took = Date.now() - t0;
    assert.deepEqual(r, { code: 0, signal: null }, srv.stderr);
    assert.ok(took >= 9000 && took < 20000, `stopping took ${took} ms`);
    assert.match(srv.stderr, /1 request\(s\) still running after 10 s/);
    await pending;
  } finally {
    locker.stdin.end('ROLLBACK;\n');
  }
});
