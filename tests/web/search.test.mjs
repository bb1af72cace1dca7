// Browser test for the search screen in nb and sv against the demo workspace:
// a query without diacritics finds words with them and inside compound words,
// every title is in the reader's language (never several glued), and an
// activity hit says which process it belongs to ("Aktivitet i <process>").
// axe on the screen, no console errors.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, signIn, visit, axe, noErrors } from './helpers.mjs';

const cases = {
  nb: { compound: 'Behandle byggesøknad', process: 'Behandle søknad om godskriving', activity: 'Aktivitet i Behandle søknad om godskriving' },
  sv: {
    compound: 'Handlägga ansökan om bygglov',
    process: 'Handlägga ansökan om tillgodoräknande',
    activity: 'Aktivitet i Handlägga ansökan om tillgodoräknande',
  },
};

describe('search screen', () => {
  let server;
  let browser;
  before(async () => {
    ({ server, browser } = await startAll());
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  for (const [lang, want] of Object.entries(cases)) {
    test(`${lang}: "soknad" finds søknad and byggesøknad; activities name their process`, async () => {
      const page = await newPage(browser, server.base, { lang });
      await signIn(page, 'reader');
      await visit(page, '/search?q=soknad');
      await page.waitForSelector(`ol.hits a:text-is("${want.compound}")`);
      await page.waitForSelector(`ol.hits a:text-is("${want.process}")`);
      await page.waitForSelector(`ol.hits .kind-element:text-is("${want.activity}")`);
      const titles = await page.locator('ol.hits li > a').allTextContents();
      assert.ok(titles.length >= 3, titles.join(' | '));
      for (const title of titles) assert.doesNotMatch(title, / \/ /, `one language in "${title}"`);
      const other = lang === 'nb' ? cases.sv : cases.nb;
      assert.ok(!titles.includes(other.process), `no ${lang === 'nb' ? 'sv' : 'nb'} title: ${titles.join(' | ')}`);
      await axe(page, `search (${lang})`);
      noErrors(page, `search (${lang})`);
      await page.context().close();
    });
  }
});
