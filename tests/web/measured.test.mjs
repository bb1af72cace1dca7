// The measured lead-time tab (issue 14 §3–4) in the browser, against a real
// server on the demo workspace with the textbook's running example as an
// approved as-is map (tests/data/eventlog/running-example-di.bpmn): in nb a
// facilitator uploads the CSV log (the columns prefilled, a progress bar),
// sees the figures as the API gives them, the histogram, the directly-follows
// graph, variants and activities, corrects a mapping that is kept after a
// reload, sees the conformance and measured beside estimated on the map, and
// proposes estimates as a new draft; the lead time from the measurements (timeline, critical path)
// equal to the API's in nb and sv; a bad file's message in the UI's
// language at the file; a log deleted after confirming. In sv the XES log, a
// bad CSV's message in Swedish, and a reader who sees the figures but no
// upload, delete, mapping choice or proposal. Screenshots: measured-nb.png, measured-leadtime-nb.png,
// measured-sv.png, measured-reader-sv.png, measured-error-sv.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, signIn, visit, settle, axe, shot, noErrors, REPO, OUT } from './helpers.mjs';

const DATA = path.join(REPO, 'tests/data/eventlog');
const MAP = fs.readFileSync(path.join(DATA, 'running-example-di.bpmn'), 'utf8');
const CSV = path.join(DATA, 'running-example.csv');
const XES = path.join(DATA, 'running-example.xes.gz');
const fullShot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

/** The running example with its third row's timestamp made unreadable (line 3, column 25). */
function badCsv() {
  const lines = fs.readFileSync(CSV, 'utf8').split('\n');
  lines[2] = lines[2].replace('2010-12-30 15:06:00+01:00', 'soon');
  const f = path.join(OUT, 'measured-bad.csv');
  fs.writeFileSync(f, lines.join('\n'));
  return f;
}

/** The running example's cases repeated with new case ids: a log of about 1.5 MB, so the upload reports progress. */
function bigCsv() {
  const [head, ...rows] = fs.readFileSync(CSV, 'utf8').trim().split('\n');
  const out = [head];
  for (let k = 0; k < 400; k++) for (const r of rows) out.push(r.replace(/,(\d+),Fluxicon Nitro$/, (m, c) => `,${c}-${k},Fluxicon Nitro`));
  const f = path.join(OUT, 'measured-big.csv');
  fs.writeFileSync(f, `${out.join('\n')}\n`);
  return f;
}

/** Opens the upload form (a button once the process has logs). */
async function openUpload(page) {
  await page.waitForSelector('form.log-upload, button.open-upload');
  if (await page.locator('button.open-upload').count()) await page.click('button.open-upload');
  await page.waitForSelector('form.log-upload');
}

const text = (page, sel) => page.$eval(sel, (e) => e.innerText).then((s) => s.replace(/\s+/g, ' ').trim());

describe('measured lead-time tab', () => {
  let server;
  let browser;
  let admin;
  let fac;
  let pid;
  before(async () => {
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    fac = server.client();
    assert.equal((await fac.login('handledare', 'kartla-demo')).status, 200);
    const p = await admin.post('/api/processes', {
      type: 'core',
      name: { en: 'Compensation requests (measured test)', nb: 'Krav om kompensasjon (målt test)', sv: 'Krav på ersättning (uppmätt test)' },
    });
    assert.equal(p.status, 201, p.text);
    pid = p.json.id;
    const v = await fac.post(`/api/processes/${pid}/maps`, { variant: 'as_is', bpmn: MAP });
    assert.equal(v.status, 201, v.text);
    assert.equal((await fac.post(`/api/processes/${pid}/maps/${v.json.id}/submit`, {})).status, 200);
    assert.equal((await admin.post(`/api/processes/${pid}/maps/${v.json.id}/approve`, {})).status, 200);
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  let csvLog;
  test('nb: upload with progress, the figures, the graph, the tables', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/measured`);
    assert.equal(await text(page, 'nav.tabs [aria-current=page]'), 'Målt gjennomløpstid');
    assert.match(await text(page, '#analysis-measured'), /Ingen hendelseslogg er lastet opp/);
    await page.setInputFiles('#log-file', CSV);
    // The CSV's columns, prefilled from its header.
    await page.waitForSelector('fieldset.csv-options');
    assert.equal(await page.inputValue('fieldset.csv-options select[name=case]'), 'case:concept:name');
    assert.equal(await page.inputValue('fieldset.csv-options select[name=activity]'), 'concept:name');
    assert.equal(await page.inputValue('fieldset.csv-options select[name=timestamp]'), 'time:timestamp');
    assert.equal(await page.inputValue('fieldset.csv-options select[name=resource]'), 'org:resource');
    assert.equal(await page.inputValue('fieldset.csv-options select[name=start]'), '');
    await axe(page, 'measured tab, upload form');
    // The progress bar is shown while the file goes and reports every byte sent.
    await page.evaluate(() => {
      window.__kartla.uploadProgress = [];
      window.__sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('.upload-progress progress')) window.__sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.click('form.log-upload button[type=submit]');
    await page.waitForSelector('form.log-upload p.ok');
    assert.equal(await text(page, 'form.log-upload p.ok'), 'Leste 6 saker og 42 hendelser.');
    assert.ok(await page.evaluate(() => window.__sawProgress), 'the progress bar was shown');
    const prog = await page.evaluate(() => window.__kartla.uploadProgress);
    assert.ok(prog.length > 0, 'upload progress was reported');
    assert.deepEqual(prog.at(-1), [fs.statSync(CSV).size, fs.statSync(CSV).size]);
    const list = await fac.get(`/api/processes/${pid}/logs`);
    assert.equal(list.json.logs.length, 1);
    csvLog = list.json.logs[0];
    assert.equal(csvLog.name, 'running-example.csv');

    // The figures are the API's, in Norwegian.
    await page.waitForSelector('.log-view dl.figures [data-figure=cases]');
    await settle(page);
    const api = (await fac.get(`/api/logs/${csvLog.id}?basis=calendar`)).json;
    const fig = async (k) => text(page, `.log-view > dl.figures [data-figure=${k}] dd`);
    assert.equal(await fig('cases'), String(api.stats.cases));
    assert.equal(await fig('events'), '42');
    assert.equal(await fig('activities'), '8');
    assert.equal(await fig('variants'), String(api.stats.variants));
    assert.equal(await fig('mean'), `${(api.stats.lead_time.mean_s / 86400).toFixed(1).replace('.', ',')} dager`);
    assert.equal(await fig('median'), `${(api.stats.lead_time.median_s / 86400).toFixed(1).replace('.', ',')} dager`);
    assert.match(await fig('p95'), /^\d+,\d dager$/);
    // The histogram: ten bars with the API's counts.
    const bins = await page.$$eval('.histogram-chart [data-bin]', (gs) => gs.map((g) => Number(g.dataset.count)));
    assert.deepEqual(
      bins,
      api.stats.lead_time.histogram.map((b) => b.count),
    );
    // The directly-follows graph: a box per activity, an arrow per edge, labelled with count and mean time.
    assert.equal(await page.locator('.dfg-node').count(), 8);
    assert.equal(await page.locator('path.dfg-edge').count(), api.dfg.edges.length);
    const top = api.dfg.edges[0];
    assert.equal(await page.getAttribute(`path.dfg-edge[data-from="${top.from}"][data-to="${top.to}"]`, 'data-count'), String(top.count));
    const dfgBox = await page.locator('.dfg-node').first().boundingBox();
    assert.ok(dfgBox.width >= 140, 'the graph is drawn at its size, not shrunk');
    // Variants and activities.
    assert.equal(await page.locator('table.variants tbody tr').count(), api.variants.length);
    assert.match(await text(page, 'table.variants tbody tr:first-child'), /16,7 %/);
    assert.equal(await page.locator('table.m-activities tbody tr').count(), 8);
    assert.match(await text(page, 'table.m-activities tr[data-activity="decide"]'), /^decide 9 6 – \d/);
    assert.match(await text(page, '#analysis-measured'), /Flaskehalser/);
    assert.match(await text(page, 'ol.bottlenecks li:first-child'), /^decide: /);
    // Throughput per month, Norwegian month names.
    assert.match(await page.textContent('.throughput-table'), /des\. 2010/);
    // Conformance and measured beside estimated.
    await page.waitForSelector('[data-conf=fitness] dd');
    assert.equal(await text(page, '[data-conf=fitness] dd'), '100,0 %');
    assert.equal(await text(page, '[data-conf=fitting] dd'), '6 av 6 (100 %)');
    await page.waitForSelector('.log-map .canvas .measured-overlay');
    assert.equal(await page.locator('.log-map .measured-overlay').count(), 8);
    assert.deepEqual(await page.$$eval('.measured-overlay[data-element=dec] div', (ds) => ds.map((d) => d.textContent)), [
      'V 2,1 dager / 2 dager',
      'B – / 1 time',
    ]);
    const colours = await page.evaluate(() => window.__kartla.measuredColours);
    assert.equal(colours.pay, 3, 'the longest measured wait is coloured darkest');
    assert.equal(colours.reg, 0, 'no wait before the first step');
    assert.ok(await page.locator('.log-map .djs-element.kartla-wait-3[data-element-id=pay]').count());
    assert.match(await text(page, 'table.beside tr[data-element=dec]'), /decide \(Avgjøre\) 9 2,1 dager 2 dager – 1 time/);
    // The lead time from the measurements: the lead-time tab's timeline and critical path, the
    // measured expected lead time as the API gives it beside the estimated one, the path on the map.
    const lt = (await fac.get(`/api/logs/${csvLog.id}/leadtime?version=1&basis=calendar`)).json;
    const mapVid = (await fac.get(`/api/logs/${csvLog.id}/conformance?version=1`)).json.version_id;
    const estLt = (await fac.get(`/api/processes/${pid}/maps/${mapVid}/leadtime?basis=calendar`)).json;
    const nbDays = (x) => `${new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 }).format(x.days)} dager`.replace(/\s/g, ' ');
    await page.waitForSelector('.measured-leadtime [data-figure=measured-lead] dd');
    assert.equal(await text(page, '#h-measured-lt'), 'Gjennomløpstid fra målinger');
    const measuredNb = await text(page, '.measured-leadtime [data-figure=measured-lead] dd');
    assert.equal(measuredNb, nbDays(lt.leadTime), `the API's ${lt.leadTime.days} days`);
    assert.equal(await text(page, '.measured-leadtime [data-figure=estimated-lead] dd'), nbDays(estLt.leadTime));
    assert.notEqual(lt.leadTime.days, estLt.leadTime.days);
    assert.equal(await page.locator('.measured-leadtime .ladder .ladder-row').count(), lt.activities.length);
    // names in the reader's language where the map has them (elname.jsx), else the default name
    const names = new Map(lt.activities.map((a) => [a.id, a.names?.nb || a.name || a.id]));
    assert.equal(await text(page, '[data-testid=measured-critical-path]'), lt.criticalPath.map((id) => names.get(id)).join(' → '));
    assert.ok(lt.criticalPath.length > 0);
    assert.deepEqual(
      (await page.evaluate(() => window.__kartla.measuredCritical)).sort(),
      lt.activities
        .filter((a) => a.critical)
        .map((a) => a.id)
        .sort(),
    );
    assert.equal(await page.locator('.log-map .djs-element.kartla-critical').count(), lt.activities.filter((a) => a.critical).length);
    await page.locator('.measured-leadtime').screenshot({ path: path.join(OUT, 'measured-leadtime-nb.png') });
    await axe(page, 'measured tab with a log');
    await fullShot(page, 'measured-nb');
    noErrors(page, 'measured tab, nb');
    await page.context().close();
  });

  test('nb: a mapping corrected is kept after a reload and changes the conformance', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/measured`);
    const row = 'table.mapping tr[data-activity="pay compensation"]';
    const sel = `${row} select`;
    await page.waitForSelector(sel);
    assert.equal(await page.inputValue(sel), 'pay');
    assert.match(await text(page, row), /etter det engelske navnet/);
    // "pay compensation" onto the first step: the paid cases no longer follow the map.
    await page.selectOption(sel, 'reg');
    await page.waitForFunction((r) => /valgt for hånd/.test(document.querySelector(r)?.innerText || ''), row);
    assert.deepEqual((await fac.get(`/api/processes/${pid}/log-mapping`)).json.mapping, { 'pay compensation': 'reg' });
    const conf = (await fac.get(`/api/logs/${csvLog.id}/conformance?version=1`)).json;
    assert.ok(conf.fitness < 1, `fitness ${conf.fitness}`);
    const pct = (x) => `${(100 * x).toFixed(1).replace('.', ',')} %`;
    assert.equal(await text(page, '[data-conf=fitness] dd'), pct(conf.fitness));
    await page.reload();
    await page.waitForSelector('[data-conf=fitness] dd');
    await settle(page);
    assert.equal(await page.inputValue(sel), 'reg');
    assert.match(await text(page, row), /valgt for hånd/);
    assert.equal(await text(page, '[data-conf=fitness] dd'), pct(conf.fitness));
    assert.equal(await text(page, '[data-conf=fitting] dd'), `${conf.cases_fitting} av 6 (${Math.round(100 * conf.share_fitting)} %)`);
    assert.ok(await page.locator('table.deviations tbody tr').count(), 'the deviations are listed');
    assert.match(await text(page, '#analysis-measured'), /Varianter som går utenfor kartet/);
    await shot(page, 'measured-mapping-nb');
    // Back to the element of its name.
    await page.selectOption(sel, 'pay');
    await page.waitForFunction(() => document.querySelector('[data-conf=fitness] dd')?.textContent.replace(/\s/g, ' ') === '100,0 %');
    noErrors(page, 'mapping');
    await page.context().close();
  });

  test('nb: propose estimates from measurements creates a draft and links to it', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/measured`);
    const before = (await fac.get(`/api/processes/${pid}/maps?limit=100`)).json.items.length;
    await page.click('button:has-text("Foreslå estimater fra målinger")');
    await page.waitForSelector('[data-testid=proposal-link]');
    const maps = (await fac.get(`/api/processes/${pid}/maps?limit=100`)).json.items;
    assert.equal(maps.length, before + 1);
    const draft = maps.find((m) => m.state === 'draft');
    assert.ok(draft, 'a draft version');
    assert.match(await text(page, '.propose p.ok'), new RegExp(`Utkastversjon ${draft.number} er opprettet`));
    assert.equal(await page.getAttribute('[data-testid=proposal-link]', 'href'), `#/process/${pid}/edit/${draft.id}`);
    // The draft carries the measured median wait before "decide" as its most likely wait time.
    const v = (await fac.get(`/api/processes/${pid}/maps/${draft.id}`)).json;
    assert.match(v.bpmn, /id="dec"[\s\S]*?kartla:waitTime/);
    noErrors(page, 'proposal');
    await page.context().close();
  });

  test('nb: a bad file shows the reader error at the file in Norwegian; nothing is stored', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/measured`);
    page.expectHttpError(new RegExp(`/api/processes/${pid}/logs\\?`));
    page.expectHttpError(/status of 422/);
    await openUpload(page);
    await page.setInputFiles('#log-file', badCsv());
    await page.waitForSelector('fieldset.csv-options');
    await page.click('form.log-upload button[type=submit]');
    await page.waitForSelector('#log-file-err');
    assert.equal(await page.getAttribute('#log-file', 'aria-invalid'), 'true');
    assert.equal(
      await text(page, '#log-file-err'),
      'Linje 3, kolonne 25: Tidspunktet «soon» kan ikke leses: skriv det som 2024-03-01T08:30:00+01:00, 2024-03-01 08:30, 01.03.2024 08:30 eller 2024/03/01.',
    );
    assert.equal((await fac.get(`/api/processes/${pid}/logs`)).json.logs.length, 1);
    assert.match(await text(page, '.log-upload .dropzone'), /kryss av for «Hopp over feilaktige rader og tell dem»/);
    // Skipping bad rows: the row is counted, the rest is read.
    await page.check('form.log-upload input[type=checkbox]');
    await page.click('form.log-upload button[type=submit]');
    await page.waitForSelector('form.log-upload p.ok');
    assert.equal(await text(page, 'form.log-upload p.ok'), 'Leste 6 saker og 41 hendelser. Én feilaktig rad ble hoppet over.');
    await page.waitForFunction(() => /Én feilaktig rad ble hoppet over/.test(document.querySelector('[data-testid=log-source]')?.textContent || ''));
    assert.equal((await fac.get(`/api/processes/${pid}/logs`)).json.logs.length, 2);
    noErrors(page, 'bad file');
    await page.context().close();
  });

  test('sv: the XES log with progress, the figures in Swedish; a bad CSV in Swedish; delete after confirming', async () => {
    const page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/measured`);
    assert.equal(await text(page, 'nav.tabs [aria-current=page]'), 'Uppmätt ledtid');
    assert.equal(await text(page, 'button.open-upload'), 'Ladda upp en händelselogg');
    await openUpload(page);
    assert.equal(await text(page, 'label[for=log-file]'), 'Välj en fil…');
    await page.evaluate(() => (window.__kartla.uploadProgress = []));
    const big = bigCsv();
    await page.setInputFiles('#log-file', big);
    await page.waitForSelector('fieldset.csv-options');
    await page.click('form.log-upload button[type=submit]');
    await page.waitForSelector('form.log-upload p.ok');
    assert.equal(await text(page, 'form.log-upload p.ok'), 'Läste 2 400 ärenden och 16 800 händelser.');
    const prog = await page.evaluate(() => window.__kartla.uploadProgress);
    assert.equal(prog.at(-1)[0], fs.statSync(big).size);
    await page.waitForSelector('.log-view dl.figures [data-figure=cases]');
    // The XES log: no CSV options.
    await page.evaluate(() => (window.__kartla.uploadProgress = []));
    await page.setInputFiles('#log-file', XES);
    assert.equal(await page.locator('fieldset.csv-options').count(), 0);
    await page.click('form.log-upload button[type=submit]');
    await page.waitForFunction(() => /42 händelser/.test(document.querySelector('form.log-upload p.ok')?.textContent || ''));
    assert.ok((await page.evaluate(() => window.__kartla.uploadProgress)).length > 0);
    await page.waitForSelector('.log-view dl.figures [data-figure=cases]');
    await settle(page);
    // the view of the CSV log uploaded before may still be shown: wait for the XES log's own
    await page.waitForFunction(() => /XES-logg/.test(document.querySelector('[data-testid=log-source]')?.textContent || ''));
    assert.equal(await text(page, '.log-view > dl.figures [data-figure=cases] dd'), '6');
    assert.match(await text(page, '.log-view > dl.figures [data-figure=mean] dd'), /^\d+,\d dagar$/);
    assert.match(await text(page, '#analysis-measured'), /Hur ärendena flödar/);
    assert.match(await text(page, '#analysis-measured'), /Flaskhalsar/);
    await page.waitForSelector('.log-map .canvas .measured-overlay');
    assert.match(await text(page, '#analysis-measured'), /Följer ärendena kartan\?/);
    assert.match(await text(page, 'table.mapping tr[data-activity="decide"]'), /efter det engelska namnet/);
    assert.match(await text(page, 'table.beside'), /decide \(Besluta\)/);
    // The lead time from the measurements in Swedish, equal to the API's (the XES log: no tz).
    const xesLog = (await fac.get(`/api/processes/${pid}/logs`)).json.logs.find((l) => l.name === 'running-example.xes.gz');
    const ltSv = (await fac.get(`/api/logs/${xesLog.id}/leadtime?version=1&basis=calendar`)).json;
    await page.waitForSelector('.measured-leadtime [data-figure=measured-lead] dd');
    assert.equal(await text(page, '#h-measured-lt'), 'Ledtid från mätningar');
    const measuredSv = await text(page, '.measured-leadtime [data-figure=measured-lead] dd');
    const svDays = `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(ltSv.leadTime.days)} dagar`.replace(/\s/g, ' ');
    assert.equal(measuredSv, svDays, `the API's ${ltSv.leadTime.days} days`);
    assert.match(await text(page, '.measured-leadtime'), /Förväntad ledtid, uppmätt/);
    assert.match(await text(page, '.measured-leadtime'), /Tidslinje/);
    const svNames = new Map(ltSv.activities.map((a) => [a.id, a.names?.sv || a.name || a.id]));
    assert.equal(await text(page, '[data-testid=measured-critical-path]'), ltSv.criticalPath.map((id) => svNames.get(id)).join(' → '));
    assert.ok(await page.locator('.measured-leadtime .ladder .ladder-row').count());
    // No English on the Swedish screen (the log's own activity names and columns aside).
    const visible = await page.evaluate(() => document.querySelector('#analysis-measured').innerText);
    for (const w of ['Cases', 'Events', 'Upload', 'Variants', 'Waiting', 'Service', 'days', 'hours', 'Fitness', 'Delete', 'Propose', 'Measured'])
      assert.ok(!new RegExp(`\\b${w}\\b`).test(visible), `English word ${w} on the Swedish screen`);
    await axe(page, 'measured tab, sv');
    await fullShot(page, 'measured-sv');

    // A bad CSV: the message in Swedish at the file.
    page.expectHttpError(new RegExp(`/api/processes/${pid}/logs\\?`));
    page.expectHttpError(/status of 422/);
    await page.setInputFiles('#log-file', badCsv());
    await page.waitForSelector('fieldset.csv-options');
    await page.click('form.log-upload button[type=submit]');
    await page.waitForSelector('#log-file-err');
    assert.match(await text(page, '#log-file-err'), /^Rad 3, kolumn 25: Tidpunkten ”soon” kan inte läsas: skriv den som /);
    await page.locator('form.log-upload').screenshot({ path: path.join(OUT, 'measured-error-sv.png') });

    // Delete: the first click asks, Cancel keeps it, the confirming button deletes it.
    const logs = (await fac.get(`/api/processes/${pid}/logs`)).json.logs;
    assert.equal(logs.length, 4);
    const big1 = logs.find((l) => l.name === 'measured-big.csv');
    const row = `table.logs tr[data-log="${big1.id}"]`;
    await page.click(`${row} button:has-text("Ta bort")`);
    assert.match(await text(page, `${row} .confirm`), /Ta bort measured-big\.csv\?/);
    await page.click(`${row} .confirm button:has-text("Avbryt")`);
    assert.equal((await fac.get(`/api/processes/${pid}/logs`)).json.logs.length, 4);
    await page.click(`${row} button:has-text("Ta bort")`);
    await page.click(`${row} .confirm button.danger`);
    await page.waitForFunction((sel) => !document.querySelector(sel), row);
    const after = (await fac.get(`/api/processes/${pid}/logs`)).json.logs;
    assert.deepEqual(after.map((l) => l.name).sort(), ['measured-bad.csv', 'running-example.csv', 'running-example.xes.gz']);
    noErrors(page, 'measured tab, sv');
    await page.context().close();
  });

  test('sv: a reader sees the figures but no upload, delete, mapping choice or proposal', async () => {
    const page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'reader');
    await visit(page, `/process/${pid}/measured`);
    await page.waitForSelector('.log-view dl.figures [data-figure=cases]');
    await page.waitForSelector('[data-conf=fitness] dd');
    await settle(page);
    assert.equal(await page.locator('form.log-upload').count(), 0);
    assert.equal(await page.locator('button.open-upload').count(), 0);
    assert.equal(await page.locator('table.logs button:has-text("Ta bort")').count(), 0);
    assert.equal(await page.locator('table.mapping select').count(), 0);
    assert.equal(await page.locator('button:has-text("Föreslå skattningar från mätningar")').count(), 0);
    assert.equal(await text(page, '[data-conf=fitness] dd'), '100,0 %');
    assert.match(await text(page, 'table.mapping tr[data-activity="decide"]'), /Besluta/);
    await page.waitForSelector('.log-map .canvas .measured-overlay');
    await axe(page, 'measured tab, reader');
    await fullShot(page, 'measured-reader-sv');
    noErrors(page, 'measured tab, reader');
    await page.context().close();
  });
});
