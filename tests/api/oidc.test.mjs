// Sign-in through an OpenID Connect provider (issue 13 §2, §5), against a fake
// provider on the loopback (oidc_helpers.mjs) that can tamper with what it
// answers: the redirect with PKCE and a browser-bound state; an account made on
// the first sign-in with no role and kept in step; the group claim making an
// administrator; every failure ending on the sign-in screen with a code and
// nobody signed in (tampered signature, alg none, wrong audience, expired,
// nonce mismatch, replayed state, another browser's state, refused code,
// disabled account, provider down); --no-local-passwords; single logout;
// --check-config with an unreachable issuer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { backends, startServer, Client, KARTLA } from './helpers.mjs';
import { fakeProvider } from './oidc_helpers.mjs';

function cookieOf(r, name) {
  const sc = r.headers.get('set-cookie') || '';
  const m = new RegExp(`(?:^|, )${name}=([^;]*)`).exec(sc);
  return m ? m[1] : null;
}

for (const { name: backend } of backends()) {
  describe(`OpenID Connect sign-in (${backend})`, () => {
    let idp;
    let srv;
    let admin;

    before(async () => {
      idp = await fakeProvider();
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'kartla-oidc-'));
      const secretFile = path.join(dir, 'secret');
      fs.writeFileSync(secretFile, `${idp.secret}\n`, { mode: 0o600 });
      srv = await startServer({
        backend,
        args: [
          '--oidc-issuer',
          idp.issuer,
          '--oidc-client-id',
          idp.clientId,
          '--oidc-client-secret-file',
          secretFile,
          '--oidc-name',
          'Eksempel kommune',
          '--oidc-admin-group',
          'kartla-admins',
          '--no-local-passwords',
        ],
      });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200, 'the break-glass admin keeps the password');
    });
    after(async () => {
      const r = await srv.stop();
      await idp.close();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    /** Begins a sign-in: the provider's URL and the binding cookie. */
    async function begin() {
      const r = await new Client(srv.base).get('/api/auth/oidc/login');
      assert.equal(r.status, 302, r.text);
      const loc = r.headers.get('location');
      const state = cookieOf(r, 'kartla_oidc');
      assert.ok(state, 'a cookie binds the sign-in to the browser');
      return { loc, state, setCookie: r.headers.get('set-cookie') };
    }

    /** Comes back from the provider with `code`/`state`; answers the callback's response. */
    async function callback(query, cookieState) {
      const c = new Client(srv.base);
      const qs = new URLSearchParams(query).toString();
      return c.get(`/api/auth/oidc/callback?${qs}`, { headers: cookieState ? { cookie: `kartla_oidc=${cookieState}` } : {} });
    }

    /** A whole sign-in with the provider answering as `opts` says; the callback's response. */
    async function signIn(opts = {}) {
      const b = await begin();
      const g = idp.grant(b.loc, opts);
      return callback({ code: g.code, state: g.state }, b.state);
    }

    function failedWith(r, code) {
      assert.equal(r.status, 302, r.text);
      assert.equal(r.headers.get('location'), `${srv.base}/#/login?oidc_error=${code}`);
      assert.equal(cookieOf(r, 'kartla_session'), null, 'nobody is signed in');
    }

    async function sessionOf(r) {
      assert.equal(r.status, 302, r.text);
      assert.equal(r.headers.get('location'), `${srv.base}/#/?oidc=signed-in`);
      const c = new Client(srv.base);
      c.cookie = `kartla_session=${cookieOf(r, 'kartla_session')}`;
      const me = await c.get('/api/me');
      assert.equal(me.status, 200, me.text);
      c.csrf = me.json.csrf_token;
      return { c, me: me.json };
    }

    test('health names the provider; the login sends the browser there with PKCE S256 and a state', async () => {
      const h = await new Client(srv.base).get('/api/health');
      assert.deepEqual(h.json.oidc, { name: 'Eksempel kommune', local_passwords: false });
      const { loc, state, setCookie } = await begin();
      const u = new URL(loc);
      assert.equal(`${u.origin}${u.pathname}`, `${idp.issuer}/auth`);
      assert.equal(u.searchParams.get('response_type'), 'code');
      assert.equal(u.searchParams.get('client_id'), 'kartla');
      assert.equal(u.searchParams.get('redirect_uri'), `${srv.base}/api/auth/oidc/callback`);
      assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
      assert.match(u.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
      assert.match(u.searchParams.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
      assert.equal(u.searchParams.get('state'), state);
      assert.match(u.searchParams.get('scope'), /openid/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      assert.match(setCookie, /Path=\/api\/auth\/oidc/);
    });

    test('the first sign-in makes an account with no role; later ones keep it in step', async () => {
      const { me } = await sessionOf(await signIn({ key: 'ec' }));
      assert.equal(me.login, 'kari@example.org');
      assert.equal(me.display_name, 'Kari Nordmann');
      assert.equal(me.email, 'kari@example.org');
      assert.equal(me.is_admin, false);
      assert.equal(idp.stats.badVerifier, 0, 'the PKCE verifier matched the challenge');
      assert.equal(idp.stats.badAuth, 0, 'client_secret_basic');
      const again = await sessionOf(await signIn({ claims: { name: 'Kari Nordmann-Hansen' } }));
      assert.equal(again.me.id, me.id, 'the same account, matched by the e-mail claim');
      assert.equal(again.me.display_name, 'Kari Nordmann-Hansen');
      // its password login is refused (none set, and local passwords are off)
      const pw = await new Client(srv.base).post('/api/login', { login: 'kari@example.org', password: 'whatever-1234' });
      assert.equal(pw.status, 401);
    });

    test('the group claim makes administrators, and taking it away takes the right away', async () => {
      const claims = { email: 'boss@example.org', name: 'Boss', groups: ['staff', 'kartla-admins'] };
      const a = await sessionOf(await signIn({ claims }));
      assert.equal(a.me.is_admin, true);
      assert.equal((await a.c.get('/api/users')).status, 200);
      const b = await sessionOf(await signIn({ claims: { ...claims, groups: ['staff'] } }));
      assert.equal(b.me.is_admin, false);
    });

    test('tampered tokens end on the sign-in screen with their code', async () => {
      failedWith(await signIn({ tamper: 'signature' }), 'bad_signature');
      failedWith(await signIn({ tamper: 'signature', key: 'ec' }), 'bad_signature');
      failedWith(await signIn({ tamper: 'alg-none' }), 'bad_signature');
      failedWith(await signIn({ claims: { aud: 'someone-else' } }), 'wrong_audience');
      failedWith(await signIn({ claims: { iss: 'https://evil.example' } }), 'wrong_issuer');
      const old = Math.floor(Date.now() / 1000) - 3600;
      failedWith(await signIn({ claims: { iat: old - 300, exp: old } }), 'expired_token');
      failedWith(await signIn({ nonce: 'not-the-nonce' }), 'nonce_mismatch');
      failedWith(await signIn({ claims: { email: undefined, email_verified: false } }), 'missing_claim');
      failedWith(await signIn({ status: 400 }), 'invalid_code');
    });

    test('a state works once, only in the browser that began the sign-in', async () => {
      const b = await begin();
      const g = idp.grant(b.loc);
      failedWith(await callback({ code: g.code, state: g.state }, null), 'invalid_state');
      failedWith(await callback({ code: g.code, state: g.state }, 'A'.repeat(43)), 'invalid_state');
      await sessionOf(await callback({ code: g.code, state: g.state }, b.state));
      const g2 = idp.grant(b.loc);
      failedWith(await callback({ code: g2.code, state: g.state }, b.state), 'invalid_state');
      // the provider's own refusal, garbage and huge parameters
      const b3 = await begin();
      failedWith(await callback({ error: 'access_denied', state: b3.state }, b3.state), 'provider_refused');
      failedWith(await callback({ code: 'x'.repeat(3000), state: 'y'.repeat(3000) }, 'y'.repeat(1000)), 'invalid_state');
      failedWith(await callback({}, null), 'invalid_state');
    });

    test('a disabled account is not signed in', async () => {
      const claims = { email: 'gone@example.org', name: 'Gone' };
      const { me } = await sessionOf(await signIn({ claims }));
      const p = await admin.patch(`/api/users/${me.id}`, { disabled: true });
      assert.equal(p.status, 200, p.text);
      failedWith(await signIn({ claims }), 'user_disabled');
    });

    test("logout answers the provider's logout URL and ends the session", async () => {
      const { c } = await sessionOf(await signIn());
      const r = await c.post('/api/logout', {});
      assert.equal(r.status, 200, r.text);
      const u = new URL(r.json.logout_url);
      assert.equal(`${u.origin}${u.pathname}`, `${idp.issuer}/logout`);
      assert.equal(u.searchParams.get('post_logout_redirect_uri'), `${srv.base}/`);
      assert.equal((await c.get('/api/me')).status, 401);
    });

    test('without OIDC the endpoints are 404; --check-config says an unreachable issuer clearly', async () => {
      const plain = await startServer({ backend: 'sqlite' });
      try {
        const r = await new Client(plain.base).get('/api/auth/oidc/login');
        assert.equal(r.status, 404);
        assert.equal((await new Client(plain.base).get('/api/health')).json.oidc, undefined);
      } finally {
        await plain.stop();
      }
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'kartla-oidc-cc-'));
      fs.writeFileSync(path.join(dir, 'secret'), 's\n', { mode: 0o600 });
      // a provider that is down: the server starts with a clear warning; a sign-in ends on the screen
      const down = await startServer({
        backend: 'sqlite',
        args: ['--oidc-issuer', 'http://127.0.0.1:9', '--oidc-client-id', 'k', '--oidc-client-secret-file', path.join(dir, 'secret')],
      });
      try {
        assert.match(down.stderr, /the provider cannot be reached/);
        const r = await new Client(down.base).get('/api/auth/oidc/login');
        assert.equal(r.status, 302);
        assert.equal(r.headers.get('location'), `${down.base}/#/login?oidc_error=provider_unavailable`);
        assert.equal(r.headers.get('set-cookie'), null);
        assert.equal((await down.client().login('admin', down.adminPassword)).status, 200, 'administrators still sign in');
      } finally {
        await down.stop();
      }
      let out = '';
      let code = 0;
      try {
        execFileSync(
          KARTLA,
          [
            'serve',
            '--check-config',
            '--data',
            dir,
            '--web',
            dir,
            '--oidc-issuer',
            'http://127.0.0.1:9',
            '--oidc-client-id',
            'k',
            '--oidc-client-secret-file',
            path.join(dir, 'secret'),
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
      } catch (e) {
        out = e.stdout;
        code = e.status;
      }
      assert.equal(code, 2);
      assert.match(out, /oidc: .*the provider cannot be reached/);
      // hostile providers: an endless discovery document, a redirect to plain http
      const hostile = http.createServer((req, res) => {
        if (req.url.startsWith('/big/')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"issuer":"${'x'.repeat(1 << 20)}"}`);
        } else {
          res.writeHead(302, { location: 'http://example.org/.well-known/openid-configuration' });
          res.end();
        }
      });
      await new Promise((r) => hostile.listen(0, '127.0.0.1', r));
      const hp = hostile.address().port;
      for (const [issuer, want] of [
        [`http://127.0.0.1:${hp}/big`, /larger than 262144 bytes/],
        [`http://127.0.0.1:${hp}/redirect`, /cannot be reached: .*(protocol|Protocol)/],
      ]) {
        // asynchronously: the hostile server above answers from this process
        const r = await new Promise((resolve) =>
          execFile(
            KARTLA,
            [
              'serve',
              '--check-config',
              '--data',
              dir,
              '--web',
              dir,
              '--oidc-issuer',
              issuer,
              '--oidc-client-id',
              'k',
              '--oidc-client-secret-file',
              path.join(dir, 'secret'),
            ],
            (err, stdout, stderr) => resolve({ status: err ? err.code : 0, stdout, stderr }),
          ),
        );
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.match(r.stdout, want);
      }
      hostile.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
