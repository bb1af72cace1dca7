// `kartla serve --config FILE`, --check-config, secrets from files, and the
// browser UI found from the binary's place rather than the working directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KARTLA, REPO, startServer } from './helpers.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kartla-conf-'));
const write = (name, text, mode = 0o600) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text, { mode });
  return p;
};
const serve = (args, opts = {}) => spawnSync(KARTLA, ['serve', ...args], { encoding: 'utf8', timeout: 20000, ...opts });

test('the configuration file sets options; the command line overrides it', async () => {
  const conf = write('small.conf', '# a comment\n\nmax-body = 2K\ndemo = no\n');
  const big = JSON.stringify({ login: 'x', password: 'y'.repeat(4000) });
  let srv = await startServer({ args: ['--config', conf] });
  try {
    const r = await fetch(`${srv.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(r.status, 413);
  } finally {
    await srv.stop();
  }
  srv = await startServer({ args: ['--config', conf, '--max-body', '64K'] });
  try {
    const r = await fetch(`${srv.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.notEqual(r.status, 413);
  } finally {
    await srv.stop();
  }
});

test('a bad line is refused with the file and line, before anything starts', () => {
  for (const [text, want] of [
    ['listen = 127.0.0.1:0\nthreads = 0\n', /threads wants a number[\s\S]*bad\.conf:2/],
    ['listen = 127.0.0.1:0\nnonsense\n', /bad\.conf:2: expected 'key = value'/],
    ['bogus-key = 1\n', /unknown option '--bogus-key'[\s\S]*bad\.conf:1/],
    ['demo = maybe\n', /bad\.conf:1: demo wants yes or no/],
    ['config = /etc/other.conf\n', /bad\.conf:1: 'config' cannot be set/],
  ]) {
    const conf = write('bad.conf', text);
    const r = serve(['--config', conf, '--data', path.join(tmp, 'd1')]);
    assert.equal(r.status, 64, `${text}: ${r.stderr}`);
    assert.match(r.stderr, want);
  }
  const r = serve(['--config', path.join(tmp, 'missing.conf')]);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /cannot read the configuration file .*missing\.conf/);
});

test('--check-config says whether the configuration can serve, without starting', () => {
  const ui = path.join(tmp, 'ui');
  fs.mkdirSync(ui, { recursive: true });
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>UI</title>');
  const conf = write('ok.conf', `listen = 127.0.0.1:0\ndata = ${path.join(tmp, 'd2')}\nweb = ${ui}\n`);
  let r = serve(['--config', conf, '--check-config']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /database: sqlite:.*d2\/kartla\.db: created on the first start/);
  assert.match(r.stdout, /configuration OK/);
  assert.ok(!fs.existsSync(path.join(tmp, 'd2', 'kartla.db')), 'checking creates no database');
  r = serve(['--config', conf, '--check-config', '--web', tmp]);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /index\.html missing[\s\S]*configuration NOT usable/);
  r = serve(['--config', conf, '--check-config', '--db', 'postgresql://nobody@127.0.0.1:1/none']);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /database: postgresql: cannot be opened/);
});

test('a build-tree binary finds the UI of its source tree from any working directory', () => {
  const r = serve(['--check-config', '--data', path.join(tmp, 'd3')], { cwd: os.tmpdir() });
  assert.match(r.stdout, new RegExp(`web: +${path.join(REPO, 'web', 'dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});

test('secrets come from files, never from the command line', async () => {
  let r = serve(['--check-config', '--db', 'postgresql://kartla:hunter2@db.example/kartla']);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /--db holds a password/);
  assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
  const dbFile = write('db-url', `sqlite:${path.join(tmp, 'd4', 'k.db')}\n`);
  fs.mkdirSync(path.join(tmp, 'd4'));
  r = serve(['--check-config', '--db-file', dbFile]);
  assert.match(r.stdout, /database: sqlite:.*d4\/k\.db/);
  const pw = write('admin-pw', 'from-a-file-42\n');
  const srv = await startServer({ args: ['--admin-password-file', pw] });
  try {
    assert.equal((await srv.client().login('admin', 'from-a-file-42')).status, 200);
    assert.equal((await srv.client().login('admin', srv.adminPassword)).status, 401);
  } finally {
    await srv.stop();
  }
  fs.chmodSync(pw, 0o644);
  r = serve(['--check-config', '--admin-password-file', pw]);
  assert.match(r.stderr, /readable by every user/);
});

test('--metrics-listen serves Prometheus metrics on an address of their own', async () => {
  const srv = await startServer({ args: ['--metrics-listen', '127.0.0.1:0'] });
  try {
    let m;
    for (let i = 0; i < 100 && !(m = /metrics on (http:\/\/[^\s]+\/metrics)/.exec(srv.stdout)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(m, `no metrics address printed:\n${srv.stdout}`);
    const read = async () => {
      const r = await fetch(m[1]);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
      const text = await r.text();
      const num = (re) => Number((re.exec(text) || [])[1]);
      return {
        text,
        ok: num(/^kartla_http_requests_total\{code="2xx"\} (\d+)$/m),
        notFound: num(/^kartla_http_requests_total\{code="4xx"\} (\d+)$/m),
        count: num(/^kartla_http_request_duration_seconds_count (\d+)$/m),
        db: num(/^kartla_db_seconds_total ([\d.]+)$/m),
      };
    };
    const before = await read();
    assert.match(before.text, /^kartla_build_info\{version="[^"]+"\} 1$/m);
    assert.match(before.text, /^# TYPE kartla_http_request_duration_seconds histogram$/m);
    await fetch(`${srv.base}/api/health`);
    await fetch(`${srv.base}/api/health`);
    await fetch(`${srv.base}/api/no-such-thing`);
    const after = await read();
    assert.equal(after.ok - before.ok, 2);
    assert.equal(after.notFound - before.notFound, 1);
    assert.equal(after.count - before.count, 3);
    assert.ok(after.db > 0, 'database time counted');
    // the API's own address does not serve them, and the metrics address serves nothing else
    assert.doesNotMatch(await (await fetch(`${srv.base}/metrics`)).text(), /kartla_http_requests_total/);
    assert.equal((await fetch(m[1].replace('/metrics', '/api/health'))).status, 404);
  } finally {
    await srv.stop();
  }
  const r = serve(['--check-config', '--metrics-listen', 'nowhere']);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /--metrics-listen wants ADDR:PORT/);
});

test('/favicon.ico is answered by the UI icon (pages without an icon link ask for it)', async () => {
  const ui = path.join(tmp, 'ui-icon');
  fs.mkdirSync(ui, { recursive: true });
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>UI</title>');
  fs.writeFileSync(path.join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const srv = await startServer({ args: ['--web', ui] });
  try {
    const r = await fetch(`${srv.base}/favicon.ico`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /image\/svg\+xml/);
    assert.match(await r.text(), /<svg/);
  } finally {
    await srv.stop();
  }
});

// spawnSync would block the event loop that serves the fake provider below.
const serveAsync = (args) =>
  new Promise((resolve) => {
    const p = spawn(KARTLA, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30000);
    p.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });

test('--check-config says clearly when the SMTP relay or the identity provider cannot be used', async () => {
  const ui = path.join(tmp, 'ui-mis');
  fs.mkdirSync(ui, { recursive: true });
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>UI</title>');
  const base = ['--check-config', '--data', path.join(tmp, 'd-mis'), '--web', ui];
  // nothing listens on port 1: the relay is refused
  let r = await serveAsync([...base, '--smtp', 'smtp://127.0.0.1:1', '--smtp-from', 'kartla@example.org']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /smtp: +smtp:\/\/127\.0\.0\.1:1: REFUSED or unusable/);
  assert.match(r.stdout, /configuration NOT usable/);
  // an issuer nobody answers for
  const secret = write('oidc-secret', 'very secret\n');
  const oidc = ['--oidc-client-id', 'kartla', '--oidc-client-secret-file', secret];
  r = await serveAsync([...base, '--oidc-issuer', 'http://127.0.0.1:1', ...oidc]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /oidc: +http:\/\/127\.0\.0\.1:1: the provider cannot be reached/);
  // a provider whose key set is empty: not usable, said so
  const srv = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${srv.address().port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration')
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  try {
    r = await serveAsync([...base, '--oidc-issuer', `http://127.0.0.1:${srv.address().port}`, ...oidc]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /oidc: .*: the provider's answer is not usable/);
    // an https issuer is required off the loopback
    r = await serveAsync([...base, '--oidc-issuer', 'http://idp.example.org', ...oidc]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /https/);
  } finally {
    srv.close();
  }
});
