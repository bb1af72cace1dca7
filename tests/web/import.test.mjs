// The editor's Import (issue 11 §6, issue 12 §1) in the browser: the file goes
// to the server (POST /api/import), which repairs what it must; C.8.1 of the
// MIWG reference models has three dangling message references, and the
// editor lists them, translated, before the drawing is replaced, and keeps
// the list until the map is saved. Importing over unsaved work asks first,
// and Cancel keeps the drawing. In Norwegian and in Swedish.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, signIn, visit, axe, shot, noErrors, REPO } from './helpers.mjs';

const C81 = path.join(REPO, 'tests/data/bpmn/miwg-reference/C.8.1.bpmn');
const A20 = path.join(REPO, 'tests/data/bpmn/miwg-reference/A.2.0.bpmn');

const words = {
  nb: {
    reference: 'En henvisning til noe som ikke finnes i fila, ble lagt til side.',
    replace: 'Erstatt tegningen',
    cancel: 'Avbryt',
    unsaved: 'Det importerte kartet erstatter endringene du ikke har lagret.',
    line: 'linje 74',
  },
  sv: {
    reference: 'En hänvisning till något som inte finns i filen lades åt sidan.',
    replace: 'Ersätt ritningen',
    cancel: 'Avbryt',
    unsaved: 'Den importerade kartan ersätter ändringarna du inte har sparat.',
    line: 'rad 74',
  },
};

describe('editor import with repairs', () => {
  let server;
  let browser;
  let admin;
  let pid;
  before(async () => {
    assert.ok(fs.existsSync(C81), C81);
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    pid = (await admin.get('/api/search?q=leverant%C3%B6rsfakturor&type=process')).json.items[0].id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const taskCount = (page) => page.evaluate(() => window.__kartla.modeler.get('elementRegistry').getAll().length);

  for (const lang of ['nb', 'sv']) {
    test(`${lang}: C.8.1's dangling message references are listed before the drawing is replaced`, async () => {
      const w = words[lang];
      const page = await newPage(browser, server.base, { lang });
      await signIn(page, 'handledare');
      await visit(page, `/process/${pid}/edit`);
      await page.waitForFunction(() => window.__kartla?.modeler);
      const before = await taskCount(page);

      await page.setInputFiles('#import-file', C81);
      await page.waitForSelector('[role=dialog] [data-testid=import-repairs] li');
      const items = page.locator('[role=dialog] [data-testid=import-repairs] li');
      assert.equal(await items.count(), 3);
      for (let i = 0; i < 3; i++) {
        assert.equal(await items.nth(i).getAttribute('data-code'), 'bpmn.dangling_ref');
        assert.match(await items.nth(i).textContent(), new RegExp(w.reference.replace(/[.]/g, '\\.')));
      }
      assert.match(await items.first().textContent(), new RegExp(w.line));
      assert.equal(await page.locator('[role=dialog] .warning').count(), 0, 'nothing unsaved yet');
      assert.equal(await taskCount(page), before, 'the drawing is not replaced before the answer');
      await axe(page, `editor import dialog (${lang})`);
      await shot(page, `editor-import-repairs-${lang}`);
      // A finding that wraps over lines reads as text, not as a centred button label.
      const finding = page.locator('.findings button.link').first();
      await finding.waitFor();
      assert.ok(['start', 'left'].includes(await finding.evaluate((el) => getComputedStyle(el).textAlign)));

      // Cancel keeps the drawing; importing again and replacing shows the list until saved.
      await page.click(`[role=dialog] button:has-text("${w.cancel}")`);
      await page.waitForSelector('[role=dialog]', { state: 'detached' });
      assert.equal(await taskCount(page), before);
      await page.setInputFiles('#import-file', C81);
      await page.click(`[role=dialog] button:has-text("${w.replace}")`);
      await page.waitForSelector('section.import-repairs [data-testid=import-repairs] li');
      assert.equal(await page.locator('section.import-repairs li').count(), 3);
      await page.waitForSelector('[role=status]:has-text("C.8.1.bpmn")');
      assert.notEqual(await taskCount(page), before, 'the drawing is C.8.1 now');

      // Over unsaved work (the imported map is not saved yet) even a clean file asks first.
      await page.setInputFiles('#import-file', A20);
      await page.waitForSelector(`[role=dialog] .warning:has-text("${w.unsaved}")`);
      assert.equal(await page.locator('[role=dialog] [data-testid=import-repairs]').count(), 0, 'A.2.0 needs no repair');
      await page.click(`[role=dialog] button:has-text("${w.cancel}")`);
      await page.waitForSelector('[role=dialog]', { state: 'detached' });
      assert.ok(await page.isVisible('section.import-repairs'), 'the repairs stay listed until the map is saved');
      noErrors(page, `import (${lang})`);
      await page.context().close();
    });
  }
});
