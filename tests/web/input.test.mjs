// Input as people write it, in the editor's side panel (issue 11 §2), in sv and nb:
// times typed as "3 dagar", "2 veckor", "1,5 h" are stored as ISO 8601 and shown
// back normalised in the UI language (never upper-cased); a value that is no
// duration is marked at its field with a message in the UI language, counted in
// the check panel, and save is refused (the server's map does not change); a
// probability typed "0,25" is saved as 0.25 and shown "0,25".
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, signIn, visit, settle, axe, shot, noErrors, REPO } from './helpers.mjs';

const permit = fs.readFileSync(path.join(REPO, 'examples/building-permit.bpmn'), 'utf8');

/** Waits until element `id` in the open editor has the Kartla extension `type` with these attributes. */
async function waitForExt(page, id, type, attrs) {
  await page.waitForFunction(
    ([id, type, attrs]) => {
      const bo = window.__kartla.modeler.get('elementRegistry').get(id)?.businessObject;
      const x = (bo?.extensionElements?.values || []).find((v) => v.$type === `kartla:${type}`);
      return !!x && Object.entries(attrs).every(([k, v]) => x[k] === v);
    },
    [id, type, attrs],
  );
}

async function select(page, id) {
  await page.evaluate((id) => {
    const m = window.__kartla.modeler;
    m.get('selection').select(m.get('elementRegistry').get(id));
  }, id);
  await page.waitForSelector(`.sidepanel h3:has-text("${id}")`);
}

async function type(page, name, text) {
  await page.fill(`.sidepanel input[name="${name}"]`, text);
  await page.press(`.sidepanel input[name="${name}"]`, 'Tab');
}

const errorCount = async (page) => Number(/^(\d+)/.exec((await page.textContent('[data-testid=finding-count]')).trim())[1]);

describe('input as people write it', () => {
  let server;
  let browser;
  let admin;
  let fac;
  const drafts = {};
  before(async () => {
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    fac = server.client();
    assert.equal((await fac.login('handledare', 'kartla-demo')).status, 200);
    for (const lang of ['sv', 'nb']) {
      const p = await admin.post('/api/processes', {
        type: 'core',
        name: { en: `Permit (input ${lang})`, nb: `Byggesak (input ${lang})`, sv: `Bygglov (input ${lang})` },
      });
      assert.equal(p.status, 201, p.text);
      const v = await fac.post(`/api/processes/${p.json.id}/maps`, { variant: 'as_is', bpmn: permit });
      assert.equal(v.status, 201, v.text);
      drafts[lang] = { pid: p.json.id, vid: v.json.id };
    }
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  test('sv: "3 dagar" and "2 veckor" accepted and shown normalised; a bad value marked, counted, save refused; "0,25" saved as 0.25', async () => {
    const { pid, vid } = drafts.sv;
    const page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/edit/${vid}`);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
    await settle(page);
    const before = await errorCount(page);

    await select(page, 'Task_Check');
    await type(page, 'ProcessTime.value', '3 DAGAR');
    await waitForExt(page, 'Task_Check', 'ProcessTime', { value: 'P3D' });
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.value"]'), '3 dagar');
    await type(page, 'WaitTime.value', '2 veckor');
    await waitForExt(page, 'Task_Check', 'WaitTime', { value: 'P2W' });
    assert.equal(await page.inputValue('.sidepanel input[name="WaitTime.value"]'), '2 veckor');
    await type(page, 'WaitTime.value', '2 timmar och 30 minuter');
    await waitForExt(page, 'Task_Check', 'WaitTime', { value: 'PT2H30M' });
    assert.equal(await page.inputValue('.sidepanel input[name="WaitTime.value"]'), '2 timmar 30 min');
    await type(page, 'WaitTime.value', '2 veckor');
    await waitForExt(page, 'Task_Check', 'WaitTime', { value: 'P2W' });

    // A value that is no duration (here in a three-point estimate): marked at the field in
    // Swedish, counted, not written to the map.
    await select(page, 'Task_Assess');
    const old = await page.evaluate(() => {
      const bo = window.__kartla.modeler.get('elementRegistry').get('Task_Assess').businessObject;
      return (bo.extensionElements?.values || []).find((v) => v.$type === 'kartla:ProcessTime')?.mostLikely ?? null;
    });
    await type(page, 'ProcessTime.mostLikely', '3 apor');
    await page.waitForSelector('.sidepanel input[name="ProcessTime.mostLikely"][aria-invalid=true]');
    const msg = await page.textContent('.sidepanel .field:has(input[name="ProcessTime.mostLikely"]) .field-error');
    assert.match(msg, /”apor” förstås inte/);
    assert.doesNotMatch(msg, /not understood|invalid|expected/i, 'no English in a Swedish screen');
    await page.waitForFunction((n) => /^\s*(\d+)/.exec(document.querySelector('[data-testid=finding-count]').textContent)[1] === String(n), before + 1);
    assert.match(await page.textContent('[data-testid=finding-count]'), /fel/);
    assert.match(await page.textContent('ul.findings'), /Bearbetningstid/);
    const stillOld = await page.evaluate(() => {
      const bo = window.__kartla.modeler.get('elementRegistry').get('Task_Assess').businessObject;
      return (bo.extensionElements?.values || []).find((v) => v.$type === 'kartla:ProcessTime')?.mostLikely ?? null;
    });
    assert.equal(stillOld, old, 'a bad value is never written to the map');
    await shot(page, 'input-sv-bad-time');

    // Save is refused with the field marked, even after another element was selected.
    await select(page, 'Task_Check');
    const patches = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(r.url()));
    await page.click('button:has-text("Spara utkast")');
    await page.waitForSelector('main [role=alert]:has-text("Inte sparat")');
    await page.waitForSelector('.sidepanel h3:has-text("Task_Assess")');
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.mostLikely"]'), '3 apor');
    assert.equal(await page.getAttribute('.sidepanel input[name="ProcessTime.mostLikely"]', 'aria-invalid'), 'true');
    assert.deepEqual(patches, [], 'nothing was sent');

    // Corrected: the mark and the count go away.
    await type(page, 'ProcessTime.mostLikely', '5 tim');
    await waitForExt(page, 'Task_Assess', 'ProcessTime', { min: 'PT2H', mostLikely: 'PT5H', max: 'PT8H' });
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.mostLikely"]'), '5 timmar');
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.max"]'), '8 timmar');
    assert.equal(await page.locator('.sidepanel [aria-invalid=true]').count(), 0);
    assert.equal(await errorCount(page), before);
    await page.waitForFunction(() => ![...document.querySelectorAll('main [role=alert]')].some((e) => /Inte sparat/.test(e.textContent)));

    // Probabilities with a decimal comma.
    await select(page, 'Flow_5');
    assert.equal(await page.inputValue('#el-prob'), '0,7');
    await page.fill('#el-prob', 'en kvart');
    await page.press('#el-prob', 'Tab');
    await page.waitForSelector('#el-prob[aria-invalid=true]');
    assert.match(await page.textContent('.field:has(#el-prob) .field-error'), /inget tal/);
    await page.fill('#el-prob', '0,75');
    await page.press('#el-prob', 'Tab');
    await waitForExt(page, 'Flow_5', 'Probability', { value: 0.75 });
    await select(page, 'Flow_6');
    await page.fill('#el-prob', '0,25');
    await page.press('#el-prob', 'Tab');
    await waitForExt(page, 'Flow_6', 'Probability', { value: 0.25 });
    assert.equal(await page.inputValue('#el-prob'), '0,25');
    await axe(page, 'editor with typed values (sv)');
    await shot(page, 'input-sv-probability');

    await page.click('button:has-text("Spara utkast")');
    await page.waitForSelector('main [role=status]');
    const v = (await admin.get(`/api/processes/${pid}/maps/${vid}`)).json;
    assert.match(v.bpmn, /<kartla:processTime value="P3D"\s*\/>/);
    assert.match(v.bpmn, /<kartla:waitTime value="P2W"\s*\/>/);
    assert.match(v.bpmn, /<kartla:processTime min="PT2H" mostLikely="PT5H" max="PT8H"\s*\/>/);
    assert.match(v.bpmn, /<kartla:probability value="0.25"\s*\/>/);
    assert.match(v.bpmn, /<kartla:probability value="0.75"\s*\/>/);
    // Shown again after a reload, normalised and with a comma.
    await page.reload();
    await page.waitForFunction(() => window.__kartla?.modeler);
    await settle(page);
    await select(page, 'Task_Check');
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.value"]'), '3 dagar');
    assert.equal(await page.inputValue('.sidepanel input[name="WaitTime.value"]'), '2 veckor');
    await select(page, 'Flow_6');
    assert.equal(await page.inputValue('#el-prob'), '0,25');
    noErrors(page, 'input sv');
    await page.context().close();
  });

  test('nb: "1,5 h" accepted and shown as "1,5 timer"; a bad value in Norwegian', async () => {
    const { pid, vid } = drafts.nb;
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/edit/${vid}`);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
    await settle(page);
    const before = await errorCount(page);
    await select(page, 'Task_Check');
    await type(page, 'ProcessTime.value', '1,5 h');
    await waitForExt(page, 'Task_Check', 'ProcessTime', { value: 'PT1.5H' });
    assert.equal(await page.inputValue('.sidepanel input[name="ProcessTime.value"]'), '1,5 timer');
    await type(page, 'WaitTime.value', '1 uke 2 dager');
    await waitForExt(page, 'Task_Check', 'WaitTime', { value: 'P1W2D' });
    assert.equal(await page.inputValue('.sidepanel input[name="WaitTime.value"]'), '1 uke 2 dager');
    await type(page, 'WaitTime.value', '2 timer 30');
    await page.waitForSelector('.sidepanel input[name="WaitTime.value"][aria-invalid=true]');
    assert.match(await page.textContent('.sidepanel .field:has(input[name="WaitTime.value"]) .field-error'), /tallet «30» mangler enhet/);
    await page.waitForFunction((n) => /^\s*(\d+)/.exec(document.querySelector('[data-testid=finding-count]').textContent)[1] === String(n), before + 1);
    await shot(page, 'input-nb-bad-time');
    await page.click('button:has-text("Lagre utkast")');
    await page.waitForSelector('main [role=alert]:has-text("Ikke lagret")');
    noErrors(page, 'input nb');
    await page.context().close();
  });
});
