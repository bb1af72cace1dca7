// Browser test of sign-in through a real OpenID provider (the npm package
// oidc-provider on the loopback, tests/api/oidc_helpers.mjs): the sign-in
// screen offers "Sign in with <organisation>" first and keeps the password form
// behind "Local sign-in"; clicking it, signing in at the provider's own pages
// and agreeing lands signed in as a new account; signing out follows the
// provider's logout; a broken or replayed return ends on the sign-in screen
// saying what happened in the UI language, nobody signed in.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, REPO } from '../api/helpers.mjs';
import { realProvider } from '../api/oidc_helpers.mjs';
import { CHROMIUM, WAIT_MS, newPage, axe, noErrors } from './helpers.mjs';

const require = createRequire(path.join(REPO, 'web/package.json'));
const { chromium } = require('playwright-core');

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe("sign-in through the organisation's identity provider", () => {
  let server;
  let browser;
  let idp;
  let dir;

  before(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = await realProvider(base);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartla-web-oidc-'));
    fs.writeFileSync(path.join(dir, 'secret'), `${idp.secret}\n`, { mode: 0o600 });
    server = await startServer({
      args: [
        '--web',
        path.join(REPO, 'web/dist'),
        '--listen',
        `127.0.0.1:${port}`,
        '--oidc-issuer',
        idp.issuer,
        '--oidc-client-id',
        idp.clientId,
        '--oidc-client-secret-file',
        path.join(dir, 'secret'),
        '--oidc-name',
        'Testorg',
        '--no-local-passwords',
      ],
    });
    assert.equal(server.base, base);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0, server.stderr);
    await idp?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('nb: "Logg inn med Testorg", sign in at the provider, land signed in; sign out there', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(`${server.base}/`);
    const button = page.locator('a.oidc-signin');
    await button.waitFor();
    assert.equal((await button.textContent()).trim(), 'Logg inn med Testorg');
    // local passwords are for administrators: the form waits behind "Lokal innlogging"
    assert.equal(await page.locator('details.local-signin input[name=login]').isVisible(), false);
    await axe(page, 'sign-in with a provider (nb)');
    await button.click();
    // the provider's own pages: any login name, then consent
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.fill('input[name=login]', 'ola');
    await page.fill('input[name=password]', 'anything');
    await page.click('button[type=submit]');
    await page.waitForSelector('button:text-is("Continue")');
    await page.click('button:text-is("Continue")');
    await page.waitForURL((u) => u.href.startsWith(server.base));
    await page.waitForSelector('header.top');
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    assert.equal(me.login, 'ola@example.org');
    assert.equal(me.display_name, 'User ola');
    assert.equal(me.is_admin, false);
    // signing out follows the provider's logout page and comes back
    await page.click('header.top .user-button');
    await page.click('#user-menu-panel button.sign-out');
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.click('button[name=logout]');
    await page.waitForURL((u) => u.href.startsWith(server.base));
    await page.locator('a.oidc-signin').waitFor();
    assert.equal(await page.evaluate(() => fetch('/api/me').then((r) => r.status)), 401);
    await page.context().close();
  });

  test('sv and en: a replayed or forged return says so, nobody signed in', async () => {
    for (const [lang, want] of [
      ['sv', 'Inloggningen misslyckades: ingen är inloggad.'],
      ['en', 'Sign-in failed: nobody is signed in.'],
    ]) {
      const page = await newPage(browser, server.base, { lang });
      page.setDefaultTimeout(WAIT_MS);
      await page.goto(`${server.base}/api/auth/oidc/callback?code=forged&state=${'A'.repeat(43)}`);
      await page.waitForSelector('[data-oidc-error="invalid_state"]');
      const text = await page.locator('[data-oidc-error]').textContent();
      assert.ok(text.startsWith(want), text);
      assert.equal(await page.evaluate(() => fetch('/api/me').then((r) => r.status)), 401);
      page.errors = page.errors.filter((e) => !/\/api\/me|status of 401/.test(e)); // our own check above
      noErrors(page, `oidc failure (${lang})`);
      await page.context().close();
    }
  });
});
