// Shared helpers for the API tests: start a real `kartla serve` on 127.0.0.1
// with a free port and a temporary data directory, on SQLite and (when
// KARTLA_TEST_PG_URL is set) on a fresh PostgreSQL database; a small client
// that keeps the session cookie and CSRF token; raw HTTP for requests that
// fetch() would normalise.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KARTLA = process.env.KARTLA || path.join(REPO, 'build/cli/kartla');
export const PG_URL = process.env.KARTLA_TEST_PG_URL || '';

/** The backends to run a suite against: always SQLite, PostgreSQL when configured. */
export function backends() {
  const out = [{ name: 'sqlite' }];
  if (PG_URL) out.push({ name: 'postgresql' });
  return out;
}

/** psql against the server of KARTLA_TEST_PG_URL (maintenance database). */
function psql(sql, url = PG_URL) {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A new empty PostgreSQL database; returns its URL and a function dropping it. */
export function createPgDatabase() {
  const name = `kartla_api_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${name}`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop() {
      try {
        psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        /* best effort */
      }
    },
  };
}

/**
 * Starts `kartla serve`. Options: backend ('sqlite' | 'postgresql'), dbUrl (an
 * existing database to share), dir (an existing data directory to reuse), args
 * (extra flags), adminPassword, demo (true: seed the demo workspace, no --no-demo).
 */
export async function startServer(opts = {}) {
  const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'kartla-api-'));
  const adminPassword = opts.adminPassword || `admin-${randomBytes(6).toString('hex')}`;
  let pg = null;
  let dbUrl = opts.dbUrl || null;
  if (!dbUrl && opts.backend === 'postgresql') {
    pg = createPgDatabase();
    dbUrl = pg.url;
  }
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dir, ...(opts.demo ? [] : ['--no-demo']), '--threads', '4'];
  if (dbUrl) args.push('--db', dbUrl);
  args.push(...(opts.args || []));
  if (!args.includes('--web')) {
    // the API tests run without a browser UI (a build-tree binary would serve web/dist)
    fs.mkdirSync(path.join(dir, 'no-ui'), { recursive: true });
    args.push('--web', path.join(dir, 'no-ui'));
  }
  const proc = spawn(KARTLA, args, {
    cwd: dir,
    env: { ...process.env, KARTLA_ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const base = await new Promise((resolve, reject) => {
    // A loaded machine (PostgreSQL migrations beside other test files) can be slow to start; a
    // server that never says it listens is killed, or its open pipes would keep this test
    // process alive for ever.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within 60 s:\n${stdout}\n${stderr}`));
    }, 60000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${stdout}\n${stderr}`));
    });
  });
  const server = {
    base,
    port: Number(new URL(base).port),
    dir,
    dbUrl,
    adminPassword,
    proc,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** Stops with SIGTERM; resolves to the exit status (0 when clean). */
    async stop({ keepDb = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const r = await exited;
      if (pg && !keepDb) pg.drop();
      fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },
    /** Kills the process with SIGKILL and waits for it; leaves the data in place. */
    async kill() {
      proc.kill('SIGKILL');
      return exited;
    },
    /** A client for this server. */
    client() {
      return new Client(base);
    },
  };
  return server;
}

/** A tiny HTTP client that keeps a session cookie, a CSRF token or a Bearer token. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
    this.token = null;
  }

  /** request(method, path, {json, body, headers, csrf}) -> {status, headers, json, text} */
  async request(method, p, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body;
    }
    if (this.cookie) headers.cookie ??= this.cookie;
    if (this.token) headers.authorization ??= `Bearer ${this.token}`;
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] ??= this.csrf;
    const res = await fetch(this.base + p, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json = null;
    if ((res.headers.get('content-type') || '').startsWith('application/json') && text) json = JSON.parse(text);
    return { status: res.status, headers: res.headers, json, text };
  }

  get(p, opts) {
    return this.request('GET', p, opts);
  }
  post(p, json, opts = {}) {
    return this.request('POST', p, { ...opts, json });
  }
  patch(p, json, opts = {}) {
    return this.request('PATCH', p, { ...opts, json });
  }
  delete(p, opts) {
    return this.request('DELETE', p, opts);
  }

  /** Logs in and keeps the cookie and CSRF token; returns the response. */
  async login(login, password) {
    const r = await this.post('/api/login', { login, password });
    if (r.status === 200) {
      const sc = r.headers.get('set-cookie') || '';
      this.cookie = sc.split(';')[0];
      this.csrf = r.json.csrf_token;
    }
    return r;
  }
}

/** Sends raw bytes and returns {status, headers, body} of the first response. */
export function rawRequest(port, text, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      finish();
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const s = data.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(s);
      if (!m) return reject(new Error(`no HTTP response: ${JSON.stringify(s.slice(0, 200))}`));
      const split = s.indexOf('\r\n\r\n');
      resolve({ status: Number(m[1]), head: s.slice(0, split), body: s.slice(split + 4) });
    };
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const s = data.toString('latin1');
      const split = s.indexOf('\r\n\r\n');
      if (split >= 0) {
        const cl = /\r\ncontent-length: *(\d+)/i.exec(s.slice(0, split));
        if (cl && data.length >= split + 4 + Number(cl[1])) {
          sock.destroy();
          finish();
        }
      }
    });
    sock.on('end', finish);
    sock.on('error', (e) => (data.length ? finish() : reject(e)));
    sock.write(text);
  });
}

/** Asserts the error envelope {"error":{"code","message","field"}}. */
export function errorOf(r) {
  if (!r.json || typeof r.json.error !== 'object') throw new Error(`no error body: ${r.status} ${r.text}`);
  const e = r.json.error;
  if (typeof e.code !== 'string' || typeof e.message !== 'string' || !('field' in e)) throw new Error(`bad error body: ${r.text}`);
  return e;
}
