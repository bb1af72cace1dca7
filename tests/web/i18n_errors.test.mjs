// Browser test: a refusal from the server appears in the UI language. The UI
// sends its language with every request (Accept-Language, web/src/api.js) and
// the server answers in it: a wrong password in the Swedish and the Norwegian
// sign-in form reads in Swedish and Norwegian, never the server's English.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, noErrors } from './helpers.mjs';

const want = { sv: 'fel användarnamn eller lösenord', nb: 'feil brukernavn eller passord' };

describe('refusals in the UI language', () => {
  let server;
  let browser;
  before(async () => {
    ({ server, browser } = await startAll());
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  for (const [lang, message] of Object.entries(want)) {
    test(`${lang}: a wrong password is refused in ${lang}`, async () => {
      const page = await newPage(browser, server.base, { lang });
      page.expectHttpError(/\/api\/login/);
      page.expectHttpError(/status of 401/);
      await page.goto(`${page.base}/`);
      await page.fill('input[name=login]', 'reader');
      await page.fill('input[name=password]', 'not-the-password');
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/login'));
      await page.click('form button[type=submit]');
      const r = await answer;
      assert.equal(r.status(), 401);
      assert.equal(r.request().headers()['accept-language'], lang);
      await page.waitForSelector(`text=${message}`);
      const body = await page.locator('body').innerText();
      assert.doesNotMatch(body, /wrong login or password/);
      noErrors(page, `sign-in refusal (${lang})`);
      await page.context().close();
    });
  }
});
