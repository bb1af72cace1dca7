// The editor in the user's language, and nothing lost silently (issue 11 §1
// first bullet, §6). The demo's complaints map has English names with nb and
// sv translations (i18n:translation) and Norwegian lane names without any: in
// sv and nb the editor shows and edits the names in the UI language, a name
// typed there is saved as that language's translation (the English name and
// the other language unchanged; reload shows it), and an untranslated name is
// shown marked. Leaving with unsaved changes asks in the UI language, and
// Cancel keeps the work; a closed tab's draft is offered back; importing
// C.8.1 lists its repairs before anything replaces the drawing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startAll, newPage, signIn, visit, shot, noErrors, REPO, WAIT_MS } from './helpers.mjs';

const C81 = path.join(REPO, 'tests/data/bpmn/miwg-reference/C.8.1.bpmn');

const words = {
  sv: {
    task: 'Task_complaints_1',
    shown: 'Bedöma klagomålet',
    other: ['nb', 'Vurdere klagen'],
    english: 'Assess complaint',
    typed: 'Bedöma klagomålet noga',
    lane: 'Handläggare',
    save: 'Spara utkast',
    leave: /^Kartan har ändringar som inte är sparade\./,
    restore: 'Återställ',
    offer: /^Återställa ändringar som inte sparades, från /,
    repair: 'En hänvisning till något som inte finns i filen lades åt sidan.',
  },
  nb: {
    task: 'Task_complaints_2',
    shown: 'Innhente uttalelse',
    other: ['sv', 'Begära yttrande'],
    english: 'Request statement',
    typed: 'Innhente uttalelse fra studieleder',
    lane: 'Saksbehandler',
    save: 'Lagre utkast',
    leave: /^Kartet har endringer som ikke er lagret\./,
    restore: 'Gjenopprett',
    offer: /^Gjenopprette endringer som ikke ble lagret, fra /,
    repair: 'En henvisning til noe som ikke finnes i fila, ble lagt til side.',
  },
};

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const translation = (lang, text) => new RegExp(`<i18n:translation xml:lang="${lang}">${esc(text)}</i18n:translation>`);
const nameAttr = (id, name) => new RegExp(`id="${id}"[^>]*name="${esc(name)}"|name="${esc(name)}"[^>]*id="${id}"`);

/** The text drawn for an element on the canvas (line breaks of the label removed). */
// The drawn label, its lines joined; a line broken inside a word ends in the hyphen the
// renderer draws there (web/src/hyphen.js), which is not part of the name.
const drawn = (page, id) =>
  page.evaluate(
    (i) =>
      [...document.querySelectorAll(`[data-element-id="${i}"] text`)]
        .map((x) => {
          const lines = [...x.querySelectorAll('tspan')].map((t) => t.textContent);
          return lines.length ? lines.map((l, k) => (k < lines.length - 1 ? l.replace(/-$/, '') : l)).join('') : x.textContent;
        })
        .join(''),
    id,
  );
const squash = (s) => s.replace(/\s+/g, '');

async function openEditor(page, route) {
  await visit(page, route);
  await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
}

/** Answers the next dialog with Cancel; resolves to its question (fails when none comes). */
const refuse = (page) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no question was asked')), WAIT_MS);
    page.once('dialog', async (d) => {
      clearTimeout(timer);
      const q = d.message();
      await d.dismiss();
      resolve(q);
    });
  });

const select = (page, id) => page.evaluate((i) => window.__kartla.modeler.get('selection').select(window.__kartla.modeler.get('elementRegistry').get(i)), id);

describe('the editor in the UI language', () => {
  let server;
  let browser;
  let admin;
  let pid;
  before(async () => {
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    pid = (await admin.get('/api/search?q=studentklager&type=process')).json.items[0].id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['sv', 'nb']) {
    test(`${lang}: names shown and typed in ${lang} are saved as ${lang} translations`, async () => {
      const w = words[lang];
      const page = await newPage(browser, server.base, { lang });
      await signIn(page, 'handledare');
      // sv starts a draft from the approved map; nb edits that draft
      const maps = (await admin.get(`/api/processes/${pid}/maps`)).json.items;
      const draft = maps.find((m) => m.state === 'draft');
      await openEditor(page, draft ? `/process/${pid}/edit/${draft.id}` : `/process/${pid}/edit`);
      assert.equal(squash(await drawn(page, w.task)), squash(w.shown), 'the canvas shows the UI language');
      await page.waitForSelector('.djs-element.kartla-untranslated[data-element-id="Lane_complaints_0"]');
      assert.ok(await page.isVisible('[data-testid=untranslated-note]'), 'the fallback is stated');

      await select(page, w.task);
      assert.equal(await page.inputValue('#el-name'), w.shown);
      assert.equal(await page.inputValue(`#el-name-${w.other[0]}`), w.other[1]);
      assert.equal(await page.inputValue('#el-name-en'), w.english, "the English name is offered beside it (the map's default)");
      await page.fill('#el-name', w.typed);
      await page.press('#el-name', 'Tab');
      await page.waitForFunction(([i, s]) => window.__kartla.modeler.get('elementRegistry').get(i).businessObject.name === s, [w.task, w.typed]);
      await select(page, 'Lane_complaints_0');
      await page.waitForSelector('[data-testid=name-fallback]');
      // the panel names the element's kind in the UI language, never BPMN's English type name
      assert.match(await page.textContent('.sidepanel h3'), lang === 'sv' ? /^Simbana / : /^Svømmebane /);
      await page.fill('#el-name', w.lane);
      await page.press('#el-name', 'Tab');
      await page.waitForSelector('.djs-element[data-element-id="Lane_complaints_0"]:not(.kartla-untranslated)');
      await shot(page, `editor-lang-${lang}`);

      await page.click(`button.primary:has-text("${w.save}")`);
      await page.waitForURL(/#\/process\/\d+\/edit\/\d+$/);
      await page.waitForFunction(() => !document.querySelector('.badge'));
      const vid = Number(/edit\/(\d+)/.exec(page.url())[1]);
      const { bpmn } = (await admin.get(`/api/processes/${pid}/maps/${vid}`)).json;
      assert.match(bpmn, nameAttr(w.task, w.english), 'the English name is unchanged');
      assert.match(bpmn, translation(lang, w.typed));
      assert.match(bpmn, translation(w.other[0], w.other[1]), 'the other language is unchanged');
      assert.match(bpmn, nameAttr('Lane_complaints_0', 'Saksbehandler'));
      assert.match(bpmn, translation(lang, w.lane));

      await page.reload();
      await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
      assert.equal(squash(await drawn(page, w.task)), squash(w.typed), 'after reload the typed name is there');
      assert.equal(await page.locator('.djs-element.kartla-untranslated[data-element-id="Lane_complaints_0"]').count(), 0);
      noErrors(page, `names (${lang})`);
      await page.context().close();
    });
  }

  test('sv: leaving unsaved work asks; Cancel keeps it; a closed tab offers its draft back', async () => {
    const w = words.sv;
    let page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'handledare');
    const draft = (await admin.get(`/api/processes/${pid}/maps`)).json.items.find((m) => m.state === 'draft');
    const route = draft ? `/process/${pid}/edit/${draft.id}` : `/process/${pid}/edit`;
    await openEditor(page, route);
    await page.evaluate((i) => {
      const m = window.__kartla.modeler;
      m.get('modeling').updateLabel(m.get('elementRegistry').get(i), 'Bedöma allt');
    }, w.task);
    await page.waitForSelector('.badge');

    // the menu: asked in Swedish, Cancel stays with the work
    let asked = refuse(page);
    await page.click('nav a[href="#/processes"]');
    assert.match(await asked, w.leave);
    await page.waitForFunction((r) => location.hash === `#${r}`, route);
    assert.ok(await page.isVisible('.badge'), 'still unsaved, still here');
    // the browser's back button likewise
    asked = refuse(page);
    await page.evaluate(() => history.back());
    assert.match(await asked, w.leave);
    await page.waitForFunction((r) => location.hash === `#${r}`, route);
    assert.equal(await page.evaluate((i) => window.__kartla.modeler.get('elementRegistry').get(i).businessObject.name, w.task), 'Bedöma allt');

    // the tab is closed: the draft was kept, and is offered in a new tab
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('kartla.draft.') && localStorage.getItem(k).includes('Bedöma allt')));
    const ctx = page.context();
    await page.close();
    page = await ctx.newPage();
    page.base = server.base;
    await openEditor(page, route);
    await page.waitForSelector('[data-testid=draft-offer]');
    assert.match(await page.textContent('[data-testid=draft-offer] p'), w.offer);
    await page.click(`[data-testid=draft-offer] button:has-text("${w.restore}")`);
    await page.waitForFunction((i) => window.__kartla.modeler.get('elementRegistry').get(i)?.businessObject.name === 'Bedöma allt', w.task);
    assert.ok(await page.isVisible('.badge'), 'restored, not saved');
    await page.click(`button.primary:has-text("${w.save}")`);
    await page.waitForFunction(() => !document.querySelector('.badge') && !Object.keys(localStorage).some((k) => k.startsWith('kartla.draft.')));
    // saved: leaving asks nothing
    await page.click('nav a[href="#/processes"]');
    await page.waitForFunction(() => location.hash === '#/processes');
    await ctx.close();
  });

  test('nb: importing C.8.1 lists what was repaired before the drawing is replaced', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await openEditor(page, `/process/${pid}/edit`);
    await page.setInputFiles('#import-file', C81);
    await page.waitForSelector('[role=dialog] [data-testid=import-repairs] li');
    const items = await page.locator('[role=dialog] [data-testid=import-repairs] li').allTextContents();
    assert.equal(items.length, 3);
    for (const x of items) assert.ok(x.includes(words.nb.repair), x);
    noErrors(page, 'import (nb)');
    await page.context().close();
  });
});
