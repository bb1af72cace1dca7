// The risk and lead-time screens (issue 5) in the browser, against a real
// server on the demo workspace: a facilitator adds a risk on a map element
// (the server's error beside the field first) and sees it in the list, the
// matrix and as a marker on the map, adds an action; the portfolio risk page
// filters and the internal-control plan downloads as CSV; the lead-time tab
// shows the worked example's figures (≈10.7 days, ≈1.9 %), the histogram, the
// ladder, waits coloured on the map and as-is vs to-be; the editor's what-if
// changes the lead time without saving; the editor's risk panel; the risk
// scale in the admin settings; the language switch; axe on every screen.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, chooseLang, signIn, visit, settle, axe, shot, noErrors, REPO, OUT } from './helpers.mjs';

/** A screenshot of the whole page (the analysis screens are long). */
const fullShot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

const worked = fs.readFileSync(path.join(REPO, 'examples/worked-example.bpmn'), 'utf8');
const RISK = 'Expert assessment delayed by missing documents';

describe('risk and lead-time screens', () => {
  let server;
  let browser;
  let admin;
  let fac;
  let pid;
  let asIs;
  let toBe;
  before(async () => {
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    fac = server.client();
    assert.equal((await fac.login('handledare', 'kartla-demo')).status, 200);
    // The worked example as an approved as-is map, and a to-be with 3 instead of 5 days of waiting.
    const p = await admin.post('/api/processes', {
      type: 'core',
      name: { en: 'Credit transfer (analysis test)', nb: 'Godskriving (analysetest)', sv: 'Tillgodoräknande (analystest)' },
    });
    assert.equal(p.status, 201, p.text);
    pid = p.json.id;
    const approved = async (variant, bpmn) => {
      const v = await fac.post(`/api/processes/${pid}/maps`, { variant, bpmn });
      assert.equal(v.status, 201, v.text);
      assert.equal((await fac.post(`/api/processes/${pid}/maps/${v.json.id}/submit`, {})).status, 200);
      const a = await admin.post(`/api/processes/${pid}/maps/${v.json.id}/approve`, {});
      assert.equal(a.status, 200, a.text);
      return v.json.id;
    };
    asIs = await approved('as_is', worked);
    toBe = await approved('to_be', worked.replace('<kartla:waitTime value="P5D"/>', '<kartla:waitTime value="P3D"/>'));
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  test('a facilitator adds a risk on a map element: the list, the matrix, the marker, an action', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/risk`);
    await page.waitForSelector('#analysis-risk .canvas .djs-element');
    assert.match(await page.textContent('#analysis-risk'), /No risks match/);
    await axe(page, 'risk tab (empty)');
    await page.click('#analysis-risk button:has-text("New risk")');
    // Without a title the server's message shows beside the title field.
    page.expectHttpError(new RegExp(`/api/processes/${pid}/risks$`));
    page.expectHttpError(/status of 422/);
    await page.click('form.risk-form button[type=submit]');
    await page.waitForSelector('form.risk-form input[name=title][aria-invalid=true]');
    assert.match(await page.textContent('form.risk-form .field:has(input[name=title]) .field-error'), /title/i);
    await page.fill('form.risk-form input[name=title]', RISK);
    // the category is picked from the workspace's managed list
    await page.selectOption('form.risk-form select[name=category]', 'operational');
    await page.fill('form.risk-form textarea[name=cause]', 'Applicants send incomplete documents');
    await page.selectOption('form.risk-form select[name=element_id]', 'Task_AssessApplication');
    // The levels carry the current scale's labels (the demo's Norwegian 5×5).
    const labels = await page.$$eval('form.risk-form select[name="inherent.likelihood"] option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(labels.slice(1), ['1 – Very unlikely', '2 – Unlikely', '3 – Moderately likely', '4 – Likely', '5 – Very likely']);
    await page.selectOption('form.risk-form select[name="inherent.likelihood"]', '4');
    await page.selectOption('form.risk-form select[name="inherent.consequence"]', '5');
    await page.selectOption('form.risk-form select[name=decision]', 'act');
    await page.fill('form.risk-form textarea[name=decision_rationale]', 'Red: must be acted on');
    await page.selectOption('form.risk-form select[name="residual.likelihood"]', '2');
    await page.selectOption('form.risk-form select[name="residual.consequence"]', '3');
    await page.fill('form.risk-form input[name=review_date]', '2027-03-01');
    await page.click('form.risk-form button[type=submit]');
    await page.waitForSelector(`table.risks button:has-text("${RISK}")`);
    await settle(page);
    // In the list, red, on its element.
    const row = page.locator(`table.risks tr:has-text("${RISK}")`);
    assert.match(await row.textContent(), /Assess application/);
    assert.match(await row.locator('td:nth-child(4)').textContent(), /20 \(4 × 5\) Red/);
    // The stored risk.
    const stored = (await admin.get(`/api/processes/${pid}/risks`)).json.items;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].element_id, 'Task_AssessApplication');
    assert.deepEqual([stored[0].inherent.value, stored[0].residual.value], [20, 6]);
    // In the matrix: the image of this process's matrix loads, and the matrix counts it.
    await page.waitForFunction(() => {
      const i = document.querySelector('#analysis-risk img.risk-matrix');
      return i && i.complete && i.naturalWidth > 0;
    });
    // a new address after the change, so the browser does not show its cached image
    assert.match(await page.getAttribute('#analysis-risk img.risk-matrix', 'src'), new RegExp(`process_id=${pid}.*format=svg.*v=1`));
    const m = (await admin.get(`/api/risk-matrix?process_id=${pid}`)).json;
    assert.equal(m.inherent.cells[3][4], 1);
    assert.equal(m.residual.cells[1][2], 1);
    // As a marker on the map: red, with a badge counting one risk.
    await page.waitForSelector('.djs-element[data-element-id="Task_AssessApplication"].kartla-risk-red');
    assert.equal(await page.textContent('.djs-overlay .risk-badge'), '1');
    assert.equal(await page.locator('.djs-element.kartla-risk-red').count(), 1);
    // A click on an element of the map shows only its risks.
    await page.click('#analysis-risk .djs-element[data-element-id="Task_SendDecision"]');
    await page.waitForSelector('[data-testid=element-filter]');
    assert.match(await page.textContent('#analysis-risk'), /No risks match/);
    await page.click('#analysis-risk .djs-element[data-element-id="Task_AssessApplication"]');
    await page.waitForFunction(() => /Assess application/.test(document.querySelector('[data-testid=element-filter]').textContent));
    assert.equal(await page.locator('table.risks tbody tr').count(), 1);
    await page.click('[data-testid=element-filter] button:has-text("Show all risks")');
    // The detail: add an action; the score history lists both scores.
    await page.click(`table.risks button:has-text("${RISK}")`);
    await page.waitForSelector('.risk-detail');
    await page.fill('.risk-detail form input[name=title]', 'Checklist for complete applications');
    await page.selectOption('.risk-detail form select[name=responsible_id]', { label: 'Maria Svensson' });
    await page.fill('.risk-detail form input[name=due_date]', '2026-01-15');
    await page.fill('.risk-detail form input[name=cost]', '5000');
    await page.click('.risk-detail form button[type=submit]');
    await page.waitForSelector('.risk-detail tr:has-text("Checklist for complete applications")');
    assert.match(await page.textContent('.risk-detail tr:has-text("Checklist for complete applications")'), /Overdue/);
    assert.equal(await page.locator('.risk-detail table.history tbody tr').count(), 2);
    // Edit: a new residual score is a re-assessment in the history; untouched fields are not sent.
    await page.click('.risk-detail button:has-text("Edit risk")');
    await page.waitForSelector('form.risk-form');
    assert.equal(await page.inputValue('form.risk-form input[name=title]'), RISK);
    await page.selectOption('form.risk-form select[name="residual.likelihood"]', '1');
    await page.click('form.risk-form button[type=submit]');
    await page.waitForSelector('.risk-detail table.history');
    await page.waitForFunction(() => document.querySelectorAll('.risk-detail table.history tbody tr').length === 3);
    // the list is fetched again after the detail: wait for it rather than read it at once
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table.risks tr')].some(
        (tr) => /Expert assessment/.test(tr.textContent) && /3 \(1 × 3\) Green/.test(tr.children[4]?.textContent || ''),
      ),
    );
    await axe(page, 'risk tab');
    await fullShot(page, 'risk-tab');
    // The overview's map carries the markers too.
    await visit(page, `/process/${pid}`);
    await page.waitForSelector('.djs-element[data-element-id="Task_AssessApplication"].kartla-risk-red');
    noErrors(page, 'risk tab');
    await page.context().close();
  });

  test('an orphaned risk is flagged once the approved map drops its element', async () => {
    const owner = server.client();
    assert.equal((await owner.login('eier', 'kartla-demo')).status, 200);
    const sub = (await owner.get('/api/processes/3/maps?limit=100')).json.items.find((v) => v.state === 'submitted');
    assert.ok(sub, 'the demo has a submitted admission map');
    assert.equal((await owner.post(`/api/processes/3/maps/${sub.id}/approve`, {})).status, 200);
    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, '/process/3/risk');
    await page.waitForSelector('table.risks .chip.orphan');
    assert.match(await page.textContent('[data-testid=orphans]'), /Orphaned risks .*: 1$/);
    await page.click('table.risks tr:has(.chip.orphan) button');
    await page.waitForSelector('.risk-detail');
    assert.match(await page.textContent('.risk-detail'), /no longer in the current map/);
    assert.equal(await page.locator('.risk-detail button:has-text("Edit risk")').count(), 0, 'a reader cannot edit');
    await axe(page, 'risk tab with an orphan');
    noErrors(page, 'orphan');
    await page.context().close();
  });

  test('the portfolio risk page filters; the plan downloads as CSV and opens as HTML', async () => {
    const page = await newPage(browser, server.base);
    // a facilitator: the overdue actions are a workspace-wide list (not for readers)
    await signIn(page, 'handledare');
    await visit(page, '/');
    await page.click('nav a:has-text("Risks")');
    await page.waitForURL(/#\/risks$/);
    await settle(page);
    const all = (await admin.get('/api/risks?limit=500')).json;
    const rows = () => page.locator('.risk-portfolio table.risks tbody tr').count();
    assert.equal(await rows(), all.total);
    assert.ok(all.total >= 7, `${all.total} risks`);
    await page.waitForFunction(() => {
      const i = document.querySelector('img.risk-matrix');
      return i && i.complete && i.naturalWidth > 0;
    });
    // Colour red: only red inherent scores remain.
    await page.selectOption('select[name=f-colour]', 'red');
    await page.waitForFunction((n) => document.querySelectorAll('.risk-portfolio table.risks tbody tr').length < n, all.total);
    await settle(page);
    const reds = all.items.filter((r) => r.inherent?.colour === 'red').length;
    assert.equal(await rows(), reds);
    const chips = await page.$$eval('.risk-portfolio table.risks tbody tr td:nth-child(5) .chip', (cs) => cs.map((c) => c.className));
    assert.ok(chips.length > 0 && chips.every((c) => /risk-red/.test(c)), chips.join());
    assert.match(await page.getAttribute('img.risk-matrix', 'src'), /colour=red/);
    // Sorting by a column header: lowest R first, then highest (the rows follow once the list is back).
    const sortedBy = (dir) =>
      page.waitForFunction((d) => {
        const v = [...document.querySelectorAll('.risk-portfolio table.risks tbody tr td:nth-child(5)')].map((x) =>
          Number(/^\d+/.exec(x.textContent)?.[0] || 0),
        );
        return v.length > 2 && v[0] !== v[v.length - 1] && v.every((x, i) => i === 0 || (d > 0 ? v[i - 1] <= x : v[i - 1] >= x));
      }, dir);
    await page.click('.risk-portfolio th button:has-text("Inherent risk")');
    await page.waitForSelector('.risk-portfolio th[aria-sort=ascending]');
    await sortedBy(1);
    await page.click('.risk-portfolio th button:has-text("Inherent risk")');
    await page.waitForSelector('.risk-portfolio th[aria-sort=descending]');
    await sortedBy(-1);
    assert.equal(await page.inputValue('select[name=f-sort]'), '-value');
    // Category and unit as well.
    await page.selectOption('select[name=f-colour]', '');
    await page.selectOption('select[name=f-category]', 'legal');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.risk-portfolio table.risks tbody tr').length === n,
      all.items.filter((r) => r.category === 'legal').length,
    );
    await page.selectOption('select[name=f-category]', '');
    const unit = all.items[0].effective_unit_id;
    await page.selectOption('select[name=f-unit]', String(unit));
    await page.waitForFunction(
      (n) => document.querySelectorAll('.risk-portfolio table.risks tbody tr').length === n,
      all.items.filter((r) => r.effective_unit_id === unit).length,
    );
    const owner = all.items[0].owner_id;
    await page.selectOption('select[name=f-unit]', '');
    await page.selectOption('select[name=f-owner]', String(owner));
    await page.waitForFunction(
      (n) => document.querySelectorAll('.risk-portfolio table.risks tbody tr').length === n,
      all.items.filter((r) => r.owner_id === owner).length,
    );
    // Overdue actions follow the same filters: with the owner chosen, only that owner's risks'
    // actions (the demo's overdue one is on all.items[0]); with no filter, the test's as well.
    // The overdue list reloads on its own after the register (it keeps the old rows until then),
    // so wait for the filtered list, not only for a row both lists have.
    await page.waitForFunction(() => {
      const s = document.querySelector('#h-overdue + table')?.textContent || '';
      return /Inför checklista för fullständighet/.test(s) && !/Checklist for complete applications/.test(s);
    });
    assert.doesNotMatch(await page.textContent('#h-overdue + table'), /Checklist for complete applications/);
    await page.selectOption('select[name=f-owner]', '');
    await page.waitForFunction(() => /Checklist for complete applications/.test(document.querySelector('#h-overdue + table')?.textContent || ''));
    assert.match(await page.textContent('#h-overdue + table'), /Inför checklista för fullständighet/);
    // The plan as CSV (a download) and as printable HTML.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=plan-csv]')]);
    const csv = fs.readFileSync(await dl.path(), 'utf8');
    assert.match(dl.suggestedFilename(), /^internal-control-plan.*\.csv$/);
    // the reader's spreadsheet: a BOM, headings in the UI language (en here: commas)
    assert.match(csv.split(/\r?\n/)[0], /^\ufeffUnit,Process,Risk ID,Risk,Element ID,Category,Likelihood,Consequence,Risk value/);
    assert.match(csv, /Checklist for complete applications/);
    const html = await page.getAttribute('[data-testid=plan-html]', 'href');
    assert.equal(await page.getAttribute('[data-testid=plan-html]', 'target'), '_blank');
    const r = await page.evaluate(async (h) => {
      const x = await fetch(h);
      return { type: x.headers.get('content-type'), text: await x.text() };
    }, html);
    assert.match(r.type, /text\/html/);
    assert.match(r.text, new RegExp(RISK));
    // The printable plan in its own tab looks as designed under the server's Content Security
    // Policy: its stylesheet is linked (an inline <style> was refused), nothing is refused.
    const tab = await page.context().newPage();
    const refused = [];
    tab.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    await tab.goto(new URL(html, server.base).href);
    const look = await tab.evaluate(() => ({
      th: getComputedStyle(document.querySelector('th')).backgroundColor,
      r: getComputedStyle(document.querySelector('td.r')).backgroundColor,
      table: getComputedStyle(document.querySelector('table')).borderCollapse,
      font: getComputedStyle(document.body).fontSize,
    }));
    assert.deepEqual(refused, []);
    assert.deepEqual(look, { th: 'rgb(238, 238, 238)', r: 'rgb(240, 128, 128)', table: 'collapse', font: '14.6667px' });
    await tab.close();
    await axe(page, 'risk portfolio');
    await fullShot(page, 'risks');
    noErrors(page, 'risk portfolio');
    await page.context().close();
  });

  test('the lead-time tab shows the worked example: ≈10.7 days, ≈1.9 %, histogram, ladder, waits on the map, as-is vs to-be', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, `/process/${pid}/leadtime`);
    await page.waitForSelector('[data-figure=lead] dd');
    assert.equal(await page.textContent('[data-figure=lead] dd'), '10.7 days');
    assert.equal(await page.textContent('[data-figure=ratio] dd'), '1.9%');
    assert.match(await page.textContent('[data-figure=process] dd'), /^1\.5 hours/);
    assert.equal(await page.textContent('[data-figure=ca] dd'), '67.0%');
    assert.equal(await page.textContent('[data-figure=handoffs] dd'), '3');
    assert.equal(await page.textContent('[data-testid=critical-path]'), 'Register application → Assess application → Approve decision → Send decision');
    assert.match(await page.textContent('[data-sim=p80] dd'), /^10\.\d days$/);
    // The histogram (the server's SVG) loads.
    await page.waitForFunction(() => {
      const i = document.querySelector('img.histogram');
      return i && i.complete && i.naturalWidth > 0;
    });
    assert.match(await page.getAttribute('img.histogram', 'src'), new RegExp(`/maps/${asIs}/leadtime\\?format=svg`));
    // The ladder: one row per activity, the longest wait the widest.
    assert.equal(await page.locator('.ladder-row').count(), 4);
    const widths = await page.$$eval('.ladder-row .ladder-wait', (xs) => xs.map((x) => x.getBoundingClientRect().width));
    assert.equal(widths.indexOf(Math.max(...widths)), 1);
    // Waits coloured on the diagram: Assess application (5 days) the darkest, Send decision (½ day) the lightest.
    await page.waitForSelector('.djs-element[data-element-id="Task_AssessApplication"].kartla-wait-3');
    assert.equal(await page.locator('.djs-element[data-element-id="Task_SendDecision"].kartla-wait-1').count(), 1);
    // As-is vs to-be (both are approved, so it compares by default): 2 days less.
    assert.match(await page.getAttribute('[data-compare=activityRatio] td:last-child', 'class'), /better/);
    assert.match(await page.textContent('[data-compare=leadTime]'), /10\.7 days\s*8\.7 days\s*[-−]2 days$/);
    await axe(page, 'lead-time tab');
    await fullShot(page, 'leadtime-tab');
    // Another version, without comparison.
    await page.selectOption('select[name=lt-compare]', '');
    await page.selectOption('select[name=lt-version]', String(toBe));
    await page.waitForFunction(() => document.querySelector('[data-figure=lead] dd')?.textContent === '8.7 days');
    assert.equal(await page.locator('[data-compare]').count(), 0);
    noErrors(page, 'lead-time tab');
    await page.context().close();
  });

  test('the editor: what-if estimates change the lead time without saving; the risk panel of the selected element', async () => {
    const versions = (await admin.get(`/api/processes/${pid}/maps`)).json.total;
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler);
    await settle(page);
    await page.click('button:has-text("Compute lead time")');
    await page.waitForSelector('[data-whatif=lead] dd');
    assert.equal(await page.textContent('[data-whatif=lead] dd'), '10.7 days');
    assert.equal(await page.textContent('[data-whatif=ratio] dd'), '1.9%');
    // Assess application: 1 day of waiting instead of 5.
    await page.click('[data-element-id="Task_AssessApplication"]');
    await page.waitForSelector('#h-editor-risks');
    assert.match(await page.textContent('.editor-risks'), new RegExp(RISK));
    await page.fill('input[name="WaitTime.value"]', 'P1D');
    await page.press('input[name="WaitTime.value"]', 'Tab');
    await page.waitForFunction(() => document.querySelector('[data-whatif=lead] dd')?.textContent === '6.7 days');
    assert.match(await page.textContent('[data-whatif=delta] dd'), /^[-−]4 days$/);
    // A risk added from the editor's panel lands on the selected element.
    await page.click('button:has-text("Add a risk on this element")');
    await page.fill('.editor-risks input[name=title]', 'Expert on leave');
    await page.click('.editor-risks button[type=submit]');
    await page.waitForSelector('.editor-risks li:has-text("Expert on leave")');
    await axe(page, 'editor with analysis panels');
    await shot(page, 'editor-analysis');
    const risks = (await admin.get(`/api/processes/${pid}/risks`)).json.items;
    assert.equal(risks.find((r) => r.title === 'Expert on leave').element_id, 'Task_AssessApplication');
    assert.equal((await admin.get(`/api/processes/${pid}/maps`)).json.total, versions, 'the what-if saved nothing');
    noErrors(page, 'editor');
    await page.context().close();
  });

  test('an editor deletes a risk after confirming', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/risk`);
    await page.click('table.risks button:has-text("Expert on leave")');
    await page.waitForSelector('.risk-detail');
    await page.click('.risk-detail button:has-text("Delete risk")');
    await page.click('.risk-detail button.danger');
    await page.waitForFunction(() => !document.querySelector('.risk-detail') && !/Expert on leave/.test(document.querySelector('table.risks').textContent));
    const titles = (await admin.get(`/api/processes/${pid}/risks`)).json.items.map((r) => r.title);
    assert.deepEqual(titles, [RISK]);
    noErrors(page, 'delete');
    await page.context().close();
  });

  test('the language switch changes the new screens (nb, sv) with Intl numbers and dates', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'reader');
    await visit(page, `/process/${pid}/leadtime`);
    await page.waitForSelector('[data-figure=lead] dd');
    assert.match(await page.textContent('[data-figure=lead] dt'), /Forventet gjennomløpstid/);
    assert.equal(await page.textContent('[data-figure=lead] dd'), '10,7 dager');
    assert.match(await page.textContent('[data-figure=ratio] dd'), /^1,9\s?%$/);
    await axe(page, 'lead-time tab (nb)');
    await visit(page, '/risks');
    assert.equal(await page.textContent('h1'), 'Risikoer');
    assert.match(await page.textContent('.risk-portfolio'), /Internkontrollplan/);
    assert.match(await page.getAttribute('img.risk-matrix', 'src'), /lang=nb/);
    await chooseLang(page, 'sv');
    await settle(page);
    assert.equal(await page.textContent('h1'), 'Risker');
    assert.match(await page.textContent('.risk-portfolio'), /Riskmatris/);
    // the overdue actions are a workspace-wide list: not for a reader
    assert.doesNotMatch(await page.textContent('.risk-portfolio'), /Försenade åtgärder/);
    // categories from the managed list, named in the UI language
    assert.match(await page.textContent('.risk-portfolio table.risks'), /Operativ/);
    assert.match(await page.textContent('.risk-portfolio table.risks'), /1 mars 2027/, 'Swedish dates');
    await visit(page, `/process/${pid}/risk`);
    await page.waitForSelector('table.risks');
    assert.match(await page.textContent('#analysis-risk'), /Riskmatris/);
    assert.match(await page.textContent('table.risks'), /Röd/);
    await axe(page, 'risk tab (sv)');
    noErrors(page, 'languages');
    await page.context().close();
  });

  test('admin settings: choose the Swedish 4×4 preset; a bad threshold shows the server message at its field', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/admin/settings');
    await page.waitForSelector('#h-risk-scale');
    assert.match(await page.textContent('.risk-scale'), /Norwegian 5x5, 5 × 5 levels/);
    await page.click('button[data-preset=se4]');
    await page.waitForFunction(() => /Swedish 4x4, 4 × 4 levels; yellow from R = 4, red from R = 9/.test(document.querySelector('.risk-scale').textContent));
    assert.ok(await page.isVisible('.risk-scale [role=status]'));
    assert.equal((await admin.get('/api/risk-scale')).json.scale.key, 'se4');
    // Edit: red below yellow is refused at the field.
    await page.click('button:has-text("Edit the scale")');
    page.expectHttpError(/\/api\/risk-scale$/);
    page.expectHttpError(/status of 422/);
    await page.fill('input[name="scale.thresholds.red"]', '3');
    await page.click('.risk-scale button[type=submit]');
    await page.waitForSelector('input[name="scale.thresholds.red"][aria-invalid=true]');
    assert.ok(await page.isVisible('.field:has(input[name="scale.thresholds.red"]) .field-error'));
    await axe(page, 'the risk scale form with an error');
    await fullShot(page, 'admin-risk-scale');
    // A label in Swedish.
    await page.fill('input[name="scale.thresholds.red"]', '9');
    await page.fill('input[name="scale.likelihood[0].sv"]', 'Osannolik');
    await page.click('.risk-scale button[type=submit]');
    await page.waitForSelector('.risk-scale [role=status]');
    assert.equal((await admin.get('/api/risk-scale')).json.scale.likelihood[0].sv, 'Osannolik');
    await axe(page, 'admin settings with the risk scale');
    // Back to the demo's scale; the existing risks now show as on the older scale.
    await page.click('button[data-preset=no5]');
    await page.waitForFunction(() => /Norwegian 5x5/.test(document.querySelector('.risk-scale').textContent));
    noErrors(page, 'admin settings');
    await page.context().close();
  });
});
