// What the UI sweep found a Swedish or Norwegian user meeting on the demo
// workspace, and that it is gone: role levels, kinds and presets shown as the
// codes (strategic, owner, municipality), the role in "missing required
// courses" in English (process facilitator), the check's findings showing
// rule codes and element ids (end-event-required · Process_1) and "1 varningar";
// role description pages in the handbook with English headings (## Summary);
// the lead-time tables' lanes in English (Case officer); the histogram in English with decimal points; "1 dagar";
// "1 processer" in the architecture; in bokmål, lead time called "ledetid" on the process tabs and "gjennomløpstid"
// in the editor (the glossary's word is gjennomløpstid).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, noErrors, signIn, startAll, visit } from './helpers.mjs';

let server;
let browser;
before(async () => {
  ({ server, browser } = await startAll());
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const CODE = /\b[a-z]+[_-][a-z]+(?:[_-][a-z]+)*\b|\b[A-Z][A-Za-z]+_\d+\b/;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const ENGLISH =
  /\b(strategic|tactical|operational|owner|responsible|advisor|resource|facilitator|steward|municipality|university|process facilitator|warnings?|errors?)\b/i;

const want = {
  sv: {
    level: 'Strategisk',
    kind: 'Processägare',
    preset: 'Kommunmodellen',
    role: /Riskanalysmetoden \(processhandledare\)/,
    counts: /1 fel, 1 varning(?!ar)/,
    tabs: /Ledtid.*Uppmätt ledtid/,
  },
  nb: {
    level: 'Strategisk',
    kind: 'Prosesseier',
    preset: 'Kommunemodellen',
    role: /Riskanalysmetoden \(prosessveileder\)/,
    counts: /1 feil, 1 advarsel(?!er)/,
    tabs: /Gjennomløpstid.*Målt gjennomløpstid/,
  },
};

async function mainText(page) {
  return page.textContent('main');
}

function clean(text, what) {
  assert.doesNotMatch(text, CODE, `a code word on ${what}`);
  assert.doesNotMatch(text, ISO, `an ISO timestamp on ${what}`);
  assert.doesNotMatch(text, ENGLISH, `English on ${what}`);
}

for (const [lang, w] of Object.entries(want)) {
  test(`${lang}: roles, training and the check speak ${lang}`, async () => {
    const page = await newPage(browser, server.base, { lang });
    await signIn(page, 'handledare');

    // The architecture: "Ekonomi · 1 process", never "1 processer".
    await visit(page, '/processes');
    assert.match(await mainText(page), lang === 'sv' ? /Ekonomi · 1 process(?!er)/ : /Økonomi · 1 prosess(?!er)/);

    await visit(page, '/org/roles');
    const roles = await mainText(page);
    assert.ok(roles.includes(w.level) && roles.includes(w.kind) && roles.includes(w.preset), roles);
    clean(roles, `roles (${lang})`);

    await visit(page, '/org/training');
    const training = await mainText(page);
    assert.match(training, w.role);
    clean(training, `training (${lang})`);

    await visit(page, '/process/1/leadtime');
    const tabs = await page.textContent('nav.tabs');
    assert.match(tabs, w.tabs);
    assert.doesNotMatch(tabs, /ledetid/i);

    // The lead-time analysis of the demo's building permit process: the
    // process named in the reader's language, "1 dag", never "1 dagar".
    await visit(page, '/process/6/leadtime');
    await page.waitForSelector('.ladder, table');
    const lt = await mainText(page);
    assert.match(lt, lang === 'sv' ? /Handlägga ansökan om bygglov\./ : /Behandle byggesøknad\./);
    assert.doesNotMatch(lt, /Handle building permit|Case officer|Building committee|(?<![\d,])1 (dagar|dager|timmar|timer)\b/);
    assert.match(lt, lang === 'sv' ? /Bygglovshandläggare/ : /Byggesaksbehandler/);
    // the histogram picture: its words and decimal comma in the reader's language
    const src = await page.getAttribute('img.histogram', 'src');
    const svg = await page.evaluate(async (u) => (await fetch(u)).text(), src);
    assert.match(svg, lang === 'sv' ? />ledtid \(arbetsdagar\)</ : />gjennomløpstid \(arbeidsdager\)</);
    assert.doesNotMatch(svg, /lead time|>mean /);

    // A new draft of a process without a map: the check finds no end event
    // and an unnamed start event.
    await visit(page, '/process/1/edit');
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings?.length >= 2);
    await page.waitForSelector('ul.findings li');
    const check = await page.textContent('.findings, ul.findings');
    const panel = await page.evaluate(() => document.querySelector('ul.findings').parentElement.textContent);
    assert.match(panel, w.counts);
    assert.doesNotMatch(panel, /ledetid/i);
    assert.doesNotMatch(check, /end-event-required|label-required|Process_1|StartEvent_1/);
    // The demo's role description of the scheme in that language, as a
    // handbook page and in the search: headings in that language.
    const q = lang === 'sv' ? 'metodexpert' : 'fagsystemene';
    await visit(page, `/search?q=${q}`);
    assert.doesNotMatch(await mainText(page), /##/, 'Markdown heading marks in a snippet');
    const hit = page.locator('main ol li a[href^="#/handbook/"]').first();
    await page.goto(await hit.evaluate((a) => a.href));
    await page.waitForSelector('.md-preview h2');
    const headings = await page.locator('.md-preview h2').allTextContents();
    assert.ok(headings.includes(lang === 'sv' ? 'Mandat och uppgifter' : 'Mandat og oppgaver'), headings.join(', '));
    assert.doesNotMatch(await mainText(page), /Summary|Mandate|Competence/);
    noErrors(page, `sweep (${lang})`);
    await page.context().close();
  });
}

// Map labels: a flow label sized for "No" cut its translation "Nej" into "N" / "ej";
// "komplett" was hyphenated "komp-lett". Now a word is never cut inside a syllable.
for (const [lang, no, tail] of [
  ['sv', 'Nej', /\bkomp$/],
  ['nb', 'Nei', /\bkomp$/],
]) {
  test(`${lang}: map labels keep their words whole`, async () => {
    const page = await newPage(browser, server.base, { lang });
    await signIn(page, 'handledare');
    await visit(page, '/process/6');
    const label = page.locator('[data-element-id="Flow_6_label"] text tspan');
    await label.first().waitFor();
    assert.deepEqual(await label.allTextContents(), [no], 'the flow label on one line');
    const lines = await page.locator('[data-element-id="Gateway_Complete_label"] text tspan').allTextContents();
    assert.ok(lines.length >= 1, 'the gateway has its label');
    for (const line of lines) assert.doesNotMatch(line.replace(/-$/, ''), tail, lines.join(' / '));
    // A tab the page does not have (a mistyped or old link) shows the overview, not an empty page.
    await visit(page, '/process/6/risks');
    const current = page.locator('nav.tabs a[aria-current="page"]');
    await current.waitFor();
    assert.match(await current.getAttribute('href'), /#\/process\/6\/overview$/);
    await page.locator('#h-map').waitFor();
    noErrors(page, `labels (${lang})`);
    await page.context().close();
  });
}
