// OpenID providers on the loopback for the sign-in tests.
//
// fakeProvider(): a tiny provider made of node:http and node:crypto (no JOSE
// library): discovery, a JWKS with an RSA and an EC key, and a token endpoint
// that checks the PKCE verifier and answers an ID token built as each test
// asks (tampered signature, wrong audience, expired, wrong nonce, ...).
//
// realProvider(): the OpenID-certified npm package `oidc-provider` with a
// client for Kartla, whose interaction pages the browser test fills in.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The test tools are web/'s npm modules (web/package.json devDependencies).
const webRequire = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/package.json'));

const b64u = (buf) => Buffer.from(buf).toString('base64url');

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function readBody(req) {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
  });
}

/**
 * The fake provider. `issue(code, {nonce, challenge})` is called by the test
 * through `grant(code, opts)`: opts.claims (merged), opts.tamper ('signature'
 * | 'alg-none'), opts.key ('rsa' | 'ec'), opts.status (the token endpoint's
 * answer for a refused code).
 */
export async function fakeProvider({ clientId = 'kartla', secret = 'kartla-secret', endSession = true } = {}) {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = {
    keys: [
      { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa1', use: 'sig', alg: 'RS256' },
      { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec1', use: 'sig', alg: 'ES256' },
    ],
  };
  const grants = new Map(); // code -> {opts, nonce, challenge}
  const stats = { token: 0, jwks: 0, badAuth: 0, badVerifier: 0 };
  let base = '';

  function idToken(g) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: base,
      aud: clientId,
      sub: 'fake-1',
      iat: now,
      exp: now + 300,
      nonce: g.nonce,
      email: 'kari@example.org',
      name: 'Kari Nordmann',
      ...(g.opts.claims || {}),
    };
    const useEc = g.opts.key === 'ec';
    const header = { alg: g.opts.tamper === 'alg-none' ? 'none' : useEc ? 'ES256' : 'RS256', kid: useEc ? 'ec1' : 'rsa1' };
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
    if (g.opts.tamper === 'alg-none') return `${input}.`;
    let sig = useEc
      ? sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), rsa.privateKey);
    if (g.opts.tamper === 'signature') {
      sig = Buffer.from(sig);
      sig[10] ^= 0x55;
    }
    return `${input}.${b64u(sig)}`;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, base);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: base,
        authorization_endpoint: `${base}/auth`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        ...(endSession ? { end_session_endpoint: `${base}/logout` } : {}),
      });
    }
    if (url.pathname === '/jwks') {
      stats.jwks++;
      return json(200, jwks);
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      stats.token++;
      const form = new URLSearchParams(await readBody(req));
      const auth = req.headers.authorization || '';
      const expected = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
      if (auth !== expected) {
        stats.badAuth++;
        return json(401, { error: 'invalid_client' });
      }
      const g = grants.get(form.get('code'));
      grants.delete(form.get('code'));
      if (!g || form.get('grant_type') !== 'authorization_code') return json(400, { error: 'invalid_grant' });
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') || '')
        .digest('base64url');
      if (challenge !== g.challenge) {
        stats.badVerifier++;
        return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
      }
      if (g.opts.status) return json(g.opts.status, { error: 'invalid_grant' });
      return json(200, { access_token: 'at', token_type: 'Bearer', id_token: idToken(g) });
    }
    res.writeHead(404);
    res.end();
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}`;
  return {
    issuer: base,
    clientId,
    secret,
    stats,
    /** Registers `code` for the sign-in whose authorization URL is `authUrl`. */
    grant(authUrl, opts = {}) {
      const u = new URL(authUrl);
      const code = b64u(randomBytes(16));
      grants.set(code, { opts, nonce: opts.nonce ?? u.searchParams.get('nonce'), challenge: u.searchParams.get('code_challenge') });
      return { code, state: u.searchParams.get('state') };
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * The real provider (npm oidc-provider) on the loopback with one client
 * `kartla` redirecting to `${kartlaBase}/api/auth/oidc/callback`, and one
 * account per login name typed on its interaction page (any password): its
 * e-mail is LOGIN@example.org, its name "User LOGIN".
 */
export async function realProvider(kartlaBase, { clientId = 'kartla', secret = 'kartla-secret-0123456789' } = {}) {
  const { default: Provider } = await import(pathToFileURL(webRequire.resolve('oidc-provider')).href);
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: secret,
        redirect_uris: [`${kartlaBase}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${kartlaBase}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: `${id}@example.org`, email_verified: true, name: `User ${id}` };
        },
      };
    },
  });
  provider.proxy = true;
  server.on('request', provider.callback());
  return { issuer, clientId, secret, close: () => new Promise((r) => server.close(r)) };
}
