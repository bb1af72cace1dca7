// The main journeys through the browser UI, end to end against a real
// server: a facilitator creates a process and draws a map (two lanes, five
// steps, times) and saves it; a broken map shows check markers and fixing it
// clears them; the responsible submits; the owner sees the diff and approves;
// a reader sees the new current version; search finds an activity; the
// language switch changes the UI and sticks; a BPMN file of the MIWG
// corpus (tests/data/bpmn) imports and displays; the bpmn.io watermark is visible; axe-core on
// every screen; no console errors anywhere.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, chooseLang, signIn, signOut, visit, settle, axe, shot, noErrors, REPO } from './helpers.mjs';

const STEPS = ['Receive application', 'Check documents', 'Assess application', 'Decide on application', 'Send decision'];

/** Draws the map in the open editor through bpmn-js's modeling service, as the palette would. */
async function drawMap(page) {
  return page.evaluate((steps) => {
    const m = window.__kartla.modeler;
    const modeling = m.get('modeling');
    const ef = m.get('elementFactory');
    const reg = m.get('elementRegistry');
    const canvas = m.get('canvas');
    const start = reg.filter((e) => e.type === 'bpmn:StartEvent')[0];
    const pool = modeling.createShape(ef.createParticipantShape({ isExpanded: true }), { x: 560, y: 260 }, canvas.getRootElement());
    modeling.resizeShape(pool, { x: 100, y: 80, width: 1100, height: 360 });
    modeling.updateLabel(pool, 'Sign permit');
    modeling.splitLane(pool, 2);
    const lanes = reg.filter((e) => e.type === 'bpmn:Lane').sort((a, b) => a.y - b.y);
    modeling.updateLabel(lanes[0], 'Case officer');
    modeling.updateLabel(lanes[1], 'Head of unit');
    modeling.moveShape(start, { x: 180 - start.x, y: lanes[0].y + 70 - start.y });
    modeling.updateLabel(start, 'Application received');
    let prev = start;
    const ids = [];
    steps.forEach((name, i) => {
      const lane = i === 2 || i === 3 ? lanes[1] : lanes[0];
      const shape = modeling.createShape({ type: 'bpmn:Task' }, { x: 300 + i * 160, y: lane.y + lane.height / 2 }, pool);
      modeling.updateLabel(shape, name);
      modeling.connect(prev, shape);
      ids.push(shape.id);
      prev = shape;
    });
    const end = modeling.createShape({ type: 'bpmn:EndEvent' }, { x: 1120, y: lanes[0].y + lanes[0].height / 2 }, pool);
    modeling.updateLabel(end, 'Decision sent');
    modeling.connect(prev, end);
    canvas.zoom('fit-viewport', 'auto');
    return ids;
  }, STEPS);
}

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

/** Clicks "Save draft" and waits until the editor is on the saved version (or shows why not). */
async function saveDraft(page) {
  await page.click('text=Save draft');
  await page.waitForFunction(() => /\/edit\/\d+$/.test(location.hash) || document.querySelector('main [role=alert]'));
  assert.deepEqual(await page.locator('main [role=alert]').allTextContents(), [], 'saving the draft failed');
  await page.waitForURL(/#\/process\/\d+\/edit\/\d+$/);
}

async function findingCount(page) {
  return page.evaluate(() => (window.__kartla.findings || []).filter((f) => f.severity === 'error').length);
}

describe('browser journeys', () => {
  let server;
  let browser;
  let admin;
  let pid;
  let taskIds;
  before(async () => {
    ({ server, browser } = await startAll());
    admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  test('sign in: a wrong password shows the server message; the screen passes axe', async () => {
    const page = await newPage(browser, server.base);
    await page.goto(`${server.base}/`);
    await axe(page, 'sign in');
    await shot(page, 'sign-in');
    page.expectHttpError(/\/api\/login$/);
    page.expectHttpError(/401/);
    await page.fill('input[name=login]', 'handledare');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('form button[type=submit]');
    await page.waitForSelector('[role=alert]');
    assert.match(await page.textContent('[role=alert]'), /login|password/i);
    noErrors(page, 'sign in');
    await page.context().close();
  });

  test('a facilitator creates a process, draws two lanes and five steps, sets times and saves', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, '/processes');
    await axe(page, 'architecture');
    await shot(page, 'architecture');
    await page.click('text=New process');
    await page.fill('form[aria-label="New process"] input[name=name]', 'Handle sign permit');
    await page.selectOption('form[aria-label="New process"] select[name=parent_id]', { label: '2 Community planning and building' });
    await page.click('form[aria-label="New process"] button[type=submit]');
    await page.waitForURL(/#\/process\/\d+$/);
    pid = Number(/process\/(\d+)/.exec(page.url())[1]);
    await settle(page);
    assert.match(await page.textContent('h1'), /Handle sign permit/);

    // The owner and the responsible of the new process (an admin's job, through the API).
    const people = (await admin.get('/api/people?limit=100')).json.items;
    const roles = (await admin.get('/api/roles?limit=100')).json.items;
    const person = (n) => people.find((p) => p.name === n).id;
    const role = (k) => roles.find((r) => r.key === k).id;
    for (const [who, key] of [
      ['Anna Lindqvist', 'processagare'],
      ['Erik Johansson', 'processledare'],
    ]) {
      const r = await admin.post('/api/role-assignments', {
        person_id: person(who),
        role_id: role(key),
        scope: 'process',
        process_id: pid,
        from_date: '2026-01-01',
      });
      assert.equal(r.status, 201, r.text);
    }

    await page.click('text=Edit map');
    await page.waitForFunction(() => window.__kartla?.modeler);
    await settle(page);
    taskIds = await drawMap(page);
    await page.waitForFunction(() => (window.__kartla.findings || []).every((f) => f.severity !== 'error'));

    // Times through the side panel: process time on the first step, a three-point wait time on the second.
    await page.click(`[data-element-id="${taskIds[0]}"]`);
    await page.fill('input[name="ProcessTime.value"]', '30');
    await page.press('input[name="ProcessTime.value"]', 'Tab');
    await waitForExt(page, taskIds[0], 'ProcessTime', { value: 'PT30M' });
    // RACI from the lanes: the case officer does it (R), the head of unit answers for it (A) and is informed (I).
    await page.check('input[aria-label="Case officer: R"]');
    await page.check('input[aria-label="Head of unit: A"]');
    await page.check('input[aria-label="Head of unit: I"]');
    await page.uncheck('input[aria-label="Head of unit: I"]');
    await page.click(`[data-element-id="${taskIds[1]}"]`);
    await page.check('fieldset.time:nth-of-type(2) input[type=checkbox]');
    await page.fill('input[name="WaitTime.min"]', 'P1D');
    await page.press('input[name="WaitTime.min"]', 'Tab');
    await page.fill('input[name="WaitTime.mostLikely"]', 'P2D');
    await page.press('input[name="WaitTime.mostLikely"]', 'Tab');
    await page.fill('input[name="WaitTime.max"]', 'P5D');
    await page.press('input[name="WaitTime.max"]', 'Tab');
    await waitForExt(page, taskIds[1], 'WaitTime', { min: 'P1D', mostLikely: 'P2D', max: 'P5D' });
    await page.click(`[data-element-id="${taskIds[2]}"]`);
    await page.fill('input[name="ProcessTime.value"]', 'PT1H');
    await page.press('input[name="ProcessTime.value"]', 'Tab');
    await waitForExt(page, taskIds[2], 'ProcessTime', { value: 'PT1H' });
    assert.ok(await page.isVisible('.bjs-powered-by'), 'the bpmn.io watermark is visible in the editor');
    await axe(page, 'editor');
    await shot(page, 'editor');
    await saveDraft(page);
    await settle(page);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);

    const versions = (await admin.get(`/api/processes/${pid}/maps`)).json.items;
    assert.equal(versions.length, 1);
    assert.equal(versions[0].state, 'draft');
    const v = (await admin.get(`/api/processes/${pid}/maps/${versions[0].id}`)).json;
    const names = v.model ? JSON.stringify(v.model) : v.bpmn;
    for (const s of STEPS) assert.ok(names.includes(s), `${s} saved`);
    assert.equal((v.bpmn.match(/<bpmn:lane /g) || []).length, 2, 'two lanes');
    assert.match(v.bpmn, /<kartla:processTime value="PT30M"\s*\/>/);
    assert.match(v.bpmn, /<kartla:waitTime min="P1D" mostLikely="P2D" max="P5D"\s*\/>/);
    assert.match(v.bpmn, /<kartla:processTime value="PT1H"\s*\/>/);
    const raci = [...v.bpmn.matchAll(/<kartla:responsibility ([^>]*)\/>/g)].map((m) => m[1]);
    assert.equal(raci.length, 2, raci.join('\n'));
    assert.match(raci[0], /role="Case officer"/);
    assert.match(raci[0], /lane="Lane_\w+"/);
    assert.match(raci[0], /value="R"/);
    assert.match(raci[1], /role="Head of unit".*value="A"/);
    assert.equal(v.counts.error, 0, JSON.stringify(v.findings));
    noErrors(page, 'create and draw');
    await page.context().close();
  });

  test('a broken map shows check markers and a list; a click selects the element; fixing clears them', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    const vid = (await admin.get(`/api/processes/${pid}/maps`)).json.items[0].id;
    await visit(page, `/process/${pid}/edit/${vid}`);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
    assert.equal(await findingCount(page), 0);
    const stray = await page.evaluate(() => {
      const m = window.__kartla.modeler;
      const pool = m.get('elementRegistry').filter((e) => e.type === 'bpmn:Participant')[0];
      const s = m.get('modeling').createShape({ type: 'bpmn:Task' }, { x: pool.x + pool.width - 120, y: pool.y + 60 }, pool);
      m.get('modeling').updateLabel(s, 'Archive case');
      return s.id;
    });
    await page.waitForSelector(`.djs-element.kartla-error[data-element-id="${stray}"]`);
    assert.ok((await findingCount(page)) > 0);
    await page.click(`.findings button:has-text("not connected")`);
    const sel = await page.evaluate(() =>
      window.__kartla.modeler
        .get('selection')
        .get()
        .map((e) => e.id),
    );
    assert.deepEqual(sel, [stray], 'a click on the finding selects the element');
    await axe(page, 'editor with findings');
    await shot(page, 'editor-findings');
    await page.evaluate((id) => {
      const m = window.__kartla.modeler;
      m.get('modeling').removeElements([m.get('elementRegistry').get(id)]);
    }, stray);
    await page.waitForFunction(() => (window.__kartla.findings || []).every((f) => f.severity !== 'error'));
    assert.equal(await page.locator('.djs-element.kartla-error').count(), 0, 'markers cleared');
    noErrors(page, 'check markers');
    await page.context().close();
  });

  test('the responsible submits, the owner approves; a second version shows the diff and is approved', async () => {
    const submitAs = async (vid) => {
      const page = await newPage(browser, server.base);
      await signIn(page, 'ledare');
      await visit(page, `/process/${pid}/versions`);
      await axe(page, 'versions');
      await page.click(`a[href="#/process/${pid}/edit/${vid}"]`);
      await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
      await page.click('text=Submit for approval');
      await page.fill('.submit-note textarea[name=note]', 'Checked with the case officers.');
      await page.click('.submit-note button[type=submit]');
      await page.waitForURL(/versions$/);
      await settle(page);
      assert.match(await page.textContent('table'), /Submitted/);
      noErrors(page, 'submit');
      await page.context().close();
    };
    let vid = (await admin.get(`/api/processes/${pid}/maps`)).json.items[0].id;
    await submitAs(vid);

    let page = await newPage(browser, server.base);
    await signIn(page, 'agare');
    await settle(page);
    await page.click(`a[href="#/process/${pid}/approve/${vid}"]`);
    await settle(page);
    await page.waitForFunction(() => window.__kartla.diffReady);
    await page.click('button:has-text("Approve")');
    await page.waitForURL(new RegExp(`#/process/${pid}$`));
    await settle(page);
    noErrors(page, 'first approval');
    await page.context().close();

    // Version 2: the facilitator renames a step and adds one.
    page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
    await page.evaluate((ids) => {
      const m = window.__kartla.modeler;
      const reg = m.get('elementRegistry');
      const modeling = m.get('modeling');
      modeling.updateLabel(reg.get(ids[1]), 'Check documents digitally');
      const last = reg.get(ids[4]);
      const flow = last.outgoing[0];
      const end = flow.target;
      modeling.removeElements([flow]);
      const lower = m
        .get('elementRegistry')
        .filter((e) => e.type === 'bpmn:Lane')
        .sort((a, b) => b.y - a.y)[0];
      const s = modeling.createShape({ type: 'bpmn:Task' }, { x: last.x + last.width / 2 + 60, y: lower.y + lower.height / 2 }, last.parent);
      modeling.updateLabel(s, 'Archive case');
      modeling.connect(last, s);
      modeling.connect(s, end);
      window.__kartla.added = s.id;
    }, taskIds);
    await page.waitForFunction(() => (window.__kartla.findings || []).every((f) => f.severity !== 'error'));
    const added = await page.evaluate(() => window.__kartla.added);
    await saveDraft(page);
    vid = Number(/edit\/(\d+)/.exec(page.url())[1]);
    noErrors(page, 'second version');
    await page.context().close();
    await submitAs(vid);

    page = await newPage(browser, server.base);
    await signIn(page, 'agare');
    await settle(page);
    assert.match(await page.textContent('#h-approvals + ul'), /Handle sign permit/);
    await axe(page, 'my page');
    await shot(page, 'my-page');
    await page.click(`a[href="#/process/${pid}/approve/${vid}"]`);
    await settle(page);
    await page.waitForFunction(() => window.__kartla.diffReady);
    await page.waitForSelector(`.djs-element.diff-added[data-element-id="${added}"]`);
    await page.waitForSelector(`.djs-element.diff-changed[data-element-id="${taskIds[1]}"]`);
    const changes = await page.textContent('.changes');
    assert.match(changes, /Added: Archive case/);
    assert.match(changes, /Renamed: Check documents → Check documents digitally/);
    await axe(page, 'approval');
    await shot(page, 'approval');
    await page.fill('textarea[name=comment]', 'Good: the archive step was missing.');
    await page.click('button:has-text("Approve")');
    await page.waitForURL(new RegExp(`#/process/${pid}$`));
    await settle(page);
    noErrors(page, 'approval');
    await page.context().close();
    const cur = (await admin.get(`/api/processes/${pid}/maps/current`)).json;
    assert.equal(cur.id, vid);
    assert.equal(cur.state, 'approved');
  });

  test('a reader sees the new current version with its new step; the watermark is visible', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, `/process/${pid}`);
    await page.waitForSelector('.canvas .djs-element');
    assert.match(await page.textContent('#h-map'), /version 2/);
    assert.ok(await page.isVisible('.canvas .djs-element:has-text("Archive case")'));
    assert.ok(await page.isVisible('.bjs-powered-by'), 'bpmn.io watermark visible');
    await axe(page, 'process page');
    await shot(page, 'process');
    for (const tab of ['roles', 'versions', 'findings', 'history', 'risk', 'leadtime']) {
      await visit(page, `/process/${pid}/${tab}`);
      await axe(page, `process ${tab}`);
      if (tab === 'history') {
        const text = await page.textContent('main table');
        assert.match(text, /Anna Lindqvist\s*approved a map version \(version 2\)/); // people by full name
        assert.match(text, /Erik Johansson\s*submitted a map version/);
        assert.match(text, /Maria Svensson\s*created the process/);
      }
    }
    assert.match(await page.textContent('#analysis-leadtime'), /Expected lead time/);
    // The superseded first version, read-only, with the decisions on it.
    await visit(page, `/process/${pid}/versions`);
    await page.click('a:has-text("View version 1")');
    await settle(page);
    await page.waitForSelector('.canvas .djs-element');
    assert.match(await page.textContent('h1'), /version 1, Superseded/);
    assert.match(await page.textContent('main'), /Anna Lindqvist approved/); // the owner by full name
    assert.equal(await page.locator('.canvas .djs-element:has-text("Archive case")').count(), 0);
    await axe(page, 'version page');
    await visit(page, `/process/${pid}`);
    assert.equal(await page.locator('a:has-text("Edit map")').count(), 0, 'a reader gets no edit button');
    // The demo's worked example, for the README.
    await visit(page, '/process/4');
    await page.waitForSelector('.canvas .djs-element');
    await shot(page, 'process-demo');
    noErrors(page, 'reader');
    await page.context().close();
  });

  test('search finds an activity by name and links to its process', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await page.fill('#global-search', 'archive case');
    await page.press('#global-search', 'Enter');
    await page.waitForURL(/#\/search/);
    await settle(page);
    const hit = page.locator('.hits li', { hasText: 'Archive case' }).first();
    await hit.waitFor();
    assert.equal(await hit.locator('a').getAttribute('href'), `#/process/${pid}`);
    await axe(page, 'search');
    await shot(page, 'search');
    noErrors(page, 'search');
    await page.context().close();
  });

  test('the language switch changes the UI, bpmn-js included, and sticks after a reload', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'eier');
    await settle(page);
    assert.match(await page.textContent('nav[aria-label="Main menu"]'), /My page/);
    await chooseLang(page, 'nb');
    await page.waitForSelector('nav a:has-text("Min side")');
    assert.equal(await page.getAttribute('html', 'lang'), 'nb');
    await page.reload();
    await settle(page);
    await page.waitForSelector('nav a:has-text("Min side")');
    await visit(page, `/process/${pid}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler);
    assert.ok(await page.locator('.djs-palette [aria-label="Lag aktivitet"]').count(), 'the bpmn-js palette speaks bokmål');
    // Map labels in the user's language where the map has a translation.
    await visit(page, '/process/4');
    await page.waitForSelector('.canvas .djs-element:has-text("Vurdere søknad")');
    await chooseLang(page, 'sv');
    await visit(page, '/');
    await page.waitForSelector('nav a:has-text("Min sida")');
    const date = await page.textContent('#h-reviews + table tbody tr td:nth-child(2)');
    assert.match(date, /\d{1,2} \p{L}+\.? \d{4}/u, `a Swedish date: ${date}`);
    await axe(page, 'my page (sv)');
    await chooseLang(page, 'en');
    noErrors(page, 'language');
    await page.context().close();
  });

  test('a BPMN file of the MIWG corpus imports into the editor and displays', async () => {
    const dir = path.join(REPO, 'tests/data/bpmn/miwg-reference');
    const file = path.join(dir, 'A.2.0.bpmn');
    assert.ok(fs.existsSync(file), file);
    const invoices = (await admin.get('/api/search?q=leverant%C3%B6rsfakturor&type=process')).json.items[0].id;
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${invoices}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler);
    // The basic palette by default; the switch shows the full one.
    assert.equal(await page.locator('.djs-palette [data-action="create.intermediate-event"]').count(), 0);
    assert.equal(await page.locator('.djs-palette [data-action="kartla.parallel-gateway"]').count(), 1);
    await page.click('button:has-text("Full BPMN palette")');
    await page.waitForSelector('.djs-palette [data-action="create.intermediate-event"]');
    await page.setInputFiles('#import-file', file);
    // "Reading A.2.0.bpmn…" names the file too: wait for the end of the import, not its start.
    await page.waitForSelector('[role=status]:has-text("Imported A.2.0.bpmn")');
    const n = await page.evaluate(() => window.__kartla.modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:Task').length);
    assert.ok(n >= 3, `tasks shown: ${n}`);
    const ids = [...fs.readFileSync(file, 'utf8').matchAll(/<(?:bpmn:|semantic:)?task [^>]*id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids.slice(0, 3)) assert.ok(await page.isVisible(`[data-element-id="${id}"]`), id);
    assert.ok(await page.isVisible('.bjs-powered-by'));
    await shot(page, 'editor-import');
    noErrors(page, 'import');
    await page.context().close();
  });

  test('the other screens render with data, pass axe and log no errors', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    const screens = [
      ['/org/units', 'org-units', 'Bygglovsenheten'],
      ['/org/people', 'org-people', 'Anna Lindqvist'],
      ['/org/roles', 'org-roles', 'process facilitator'],
      ['/org/assignments', 'org-role-assignments', 'Mandate'],
      ['/org/networks', 'org-networks', 'Processhandledarnätverket'],
      ['/org/training', 'org-training', 'Lars Åberg'],
      ['/assignments', 'assignments', 'leverantörsfaktura'],
      ['/assignments/1', 'assignment-board', 'Problems and ideas'],
      ['/handbook/2', 'handbook', 'Prosessmodellen'],
      ['/admin/users', 'admin-users', 'handledare'],
      ['/admin/settings', 'admin-settings', 'Universitetsmodellen'],
      ['/process/3/approve/3', 'approval-demo', 'Proposed'],
    ];
    for (const [route, name, text] of screens) {
      await visit(page, route);
      await page.waitForSelector(`main :text("${text}")`);
      await axe(page, route);
      await shot(page, name);
    }
    noErrors(page, 'other screens');
    await page.context().close();
  });

  test('forms show the server message next to the field', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/admin/users');
    page.expectHttpError(/\/api\/users(\/\d+)?$/);
    page.expectHttpError(/status of 4\d\d/);
    await page.click('button:has-text("Add")');
    await page.fill('form[aria-label="Add: Users"] input[name=login]', 'newbie');
    await page.fill('form[aria-label="Add: Users"] input[name=display_name]', 'New Person');
    await page.fill('form[aria-label="Add: Users"] input[name=password]', 'short');
    await page.click('form[aria-label="Add: Users"] button[type=submit]');
    const err = page.locator('form[aria-label="Add: Users"] input[name=password] ~ .field-error');
    await err.waitFor();
    assert.match(await err.textContent(), /password/i);
    assert.equal(await page.getAttribute('form[aria-label="Add: Users"] input[name=password]', 'aria-invalid'), 'true');

    // An admin sets another account's password; too short first.
    await page.click('button:has-text("Set password radgiver")');
    const pw = page.locator('form[aria-label="Set the password of radgiver"]');
    await pw.locator('input[name=password]').fill('short');
    await pw.locator('button[type=submit]').click();
    await pw.locator('input[name=password] ~ .field-error').waitFor();
    await pw.locator('input[name=password]').fill('a-much-longer-password');
    await pw.locator('button[type=submit]').click();
    await pw.locator('[role=status]').waitFor();
    noErrors(page, 'form errors');
    await page.context().close();
    const c = server.client();
    assert.equal((await c.login('radgiver', 'a-much-longer-password')).status, 200);
  });

  test('the ideas board: add, group, vote, turn into an activity-plan item', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, '/assignments/1');
    await page.fill('form.quick-add input[name=text]', 'Invoices arrive on paper');
    await page.fill('form.quick-add input[name=group_name]', 'Intake');
    await page.click('form.quick-add button[type=submit]');
    const card = page.locator('.idea', { hasText: 'Invoices arrive on paper' });
    await card.waitFor();
    assert.match(await page.textContent('.board'), /Intake/);
    await card.locator('button.vote').click();
    await page.waitForSelector('.idea:has-text("Invoices arrive on paper") button:has-text("▲ 1")');
    await card.locator('button:has-text("To activity plan")').click();
    await page.waitForSelector('.idea:has-text("Invoices arrive on paper") :text("In the activity plan")');
    await axe(page, 'ideas board');
    noErrors(page, 'ideas board');
    await page.context().close();
  });
  test('a click on a collapsed sub-process in the viewer opens the child process', async () => {
    const area = (await admin.get('/api/processes?parent=root')).json.items.find((p) => p.type === 'core').id;
    const parent = await admin.post('/api/processes', {
      parent_id: area,
      type: 'core',
      name: { nb: 'Behandle klage', sv: 'Handlägga klagomål', en: 'Handle complaint' },
    });
    assert.equal(parent.status, 201, parent.text);
    const child = await admin.post('/api/processes', {
      parent_id: parent.json.id,
      type: 'core',
      name: { nb: 'Vurdere saken', sv: 'Bedöma ärendet', en: 'Assess the case' },
    });
    assert.equal(child.status, 201, child.text);
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="D" targetNamespace="urn:test">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:startEvent id="S" name="Complaint received"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:subProcess id="Sub" name="Assess the case"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:subProcess>
    <bpmn:endEvent id="E" name="Complaint answered"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Sub"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Sub" targetRef="E"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="DI"><bpmndi:BPMNPlane id="Pl" bpmnElement="P">
    <bpmndi:BPMNShape id="S_di" bpmnElement="S"><dc:Bounds x="100" y="120" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Sub_di" bpmnElement="Sub" isExpanded="false"><dc:Bounds x="200" y="98" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="E_di" bpmnElement="E"><dc:Bounds x="360" y="120" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="138"/><di:waypoint x="200" y="138"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="138"/><di:waypoint x="360" y="138"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
    const v = await admin.post(`/api/processes/${parent.json.id}/maps`, { bpmn });
    assert.equal(v.status, 201, v.text);
    assert.equal((await admin.post(`/api/processes/${parent.json.id}/maps/${v.json.id}/submit`, {})).status, 200);
    const people = (await admin.get('/api/people?limit=100')).json.items;
    const roles = (await admin.get('/api/roles?limit=100')).json.items;
    const ra = await admin.post('/api/role-assignments', {
      person_id: people.find((x) => x.name === 'Kari Nordmann').id,
      role_id: roles.find((r) => r.key === 'prosesseier').id,
      scope: 'process',
      process_id: parent.json.id,
      from_date: '2026-01-01',
    });
    assert.equal(ra.status, 201, ra.text);
    const owner = server.client();
    assert.equal((await owner.login('eier', 'kartla-demo')).status, 200);
    const ok = await owner.post(`/api/processes/${parent.json.id}/maps/${v.json.id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);

    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, `/process/${parent.json.id}`);
    await page.waitForSelector('.djs-element.kartla-link[data-element-id="Sub"]');
    await page.click('.djs-element[data-element-id="Sub"]');
    await page.waitForURL(new RegExp(`#/process/${child.json.id}$`));
    await settle(page);
    assert.match(await page.textContent('h1'), /Assess the case/);
    noErrors(page, 'sub-process link');
    await page.context().close();
  });
  test('the owner rejects a submitted version: without a comment the server message shows at the field', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'eier');
    await settle(page);
    const link = page.locator('#h-approvals + ul a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await settle(page);
    await page.waitForFunction(() => window.__kartla.diffReady);
    page.expectHttpError(/\/reject$/);
    page.expectHttpError(/status of 422/);
    await page.click('button:has-text("Reject")');
    const err = page.locator('textarea[name=comment] ~ .field-error');
    await err.waitFor();
    assert.match(await err.textContent(), /comment/i);
    await page.fill('textarea[name=comment]', 'The selection step cannot be dropped: the regulations require it.');
    await page.click('button:has-text("Reject")');
    const [, pid3, vid3] = /process\/(\d+)\/approve\/(\d+)/.exec(href);
    await page.waitForURL(new RegExp(`#/process/${pid3}$`));
    const v = (await admin.get(`/api/processes/${pid3}/maps/${vid3}`)).json;
    assert.equal(v.state, 'rejected');
    assert.match(v.comment || JSON.stringify(v.approvals), /selection step/);
    noErrors(page, 'reject');
    await page.context().close();
  });
  test('organisation: a facilitator adds a network meeting; a training record clears a missing course', async () => {
    let page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, '/org/networks');
    await page.click('button:has-text("Add: Meetings")');
    const form = page.locator('form[aria-label="Add: Meetings"]');
    await form.locator('input[name=held_on]').fill('2027-02-10');
    await form.locator('input[name=place]').fill('Stadshuset, rum 4');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('td:has-text("Stadshuset, rum 4")');
    await axe(page, 'networks');
    noErrors(page, 'meeting');
    await page.context().close();

    page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/org/training');
    assert.match(await page.textContent('main'), /Lars Åberg: Riskanalysmetoden/);
    await page.click('button:has-text("Add: Completed courses")');
    const f = page.locator('form[aria-label="Add: Completed courses"]');
    await f.locator('select[name=person_id]').selectOption({ label: 'Lars Åberg' });
    await f.locator('select[name=course_id]').selectOption({ label: 'Riskanalysmetoden' });
    await f.locator('input[name=completed_on]').fill('2026-11-01');
    await f.locator('button[type=submit]').click();
    await page.waitForSelector('main :text("Everyone has the courses their roles require.")');
    await axe(page, 'training');
    noErrors(page, 'training');
    await page.context().close();
  });
  test('the mapping-assignment form: the server refuses a field at the field; a good save is stored', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, '/assignments/1');
    await page.click('section.card button:has-text("Edit")');
    const form = page.locator('form[aria-label="Assignment"]');
    await form.locator('select[name=depth]').selectOption('overview');
    await form.locator('textarea[name=participants]').fill('Ekonomiassistenter\nAttestanter');
    // the analyses are picked from a fixed set, by their names: lead time unticked
    assert.equal(await form.locator('input[name=analyses-lead_time]').isChecked(), true);
    await form.locator('label:has-text("Lead-time analysis") input').uncheck();
    await form.locator('textarea[name=background]').fill('x'.repeat(20001));
    page.expectHttpError(/\/api\/assignments\/1$/);
    page.expectHttpError(/status of 422/);
    await form.locator('button[type=submit]').click();
    const err = form.locator('textarea[name=background] ~ .field-error');
    await err.waitFor();
    assert.match(await err.textContent(), /background/);
    await form.locator('textarea[name=background]').fill('Many invoices are paid late.');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('dl.spec dd:has-text("Overview map")');
    await page.waitForSelector('dl.spec dd:text-is("Risk analysis")');
    await axe(page, 'assignment form');
    const a = (await admin.get('/api/assignments/1')).json;
    assert.equal(a.body.depth, 'overview');
    assert.deepEqual(a.body.participants, ['Ekonomiassistenter', 'Attestanter']);
    assert.deepEqual(a.body.analyses, ['risk']);
    assert.equal(a.body.background, 'Many invoices are paid late.');
    noErrors(page, 'assignment form');
    await page.context().close();
  });
  // The process is approved by now, so its specification is the owner's (issue 10): the owner edits it.
  test('the specification: the owner edits it (lists one item a line), the server refuses a field at the field', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'agare');
    await visit(page, `/process/${pid}`);
    await page.click('button:has-text("Edit specification")');
    const form = page.locator('form[aria-label="Edit specification"]');
    await form.locator('textarea[name=purpose]').fill('Decide sign permits quickly and lawfully.');
    await form.locator('textarea[name=trigger]').fill('An application for a sign permit arrives');
    await form.locator('textarea[name=systems]').fill('Castor\nE-arkiv');
    await form.locator('textarea[name=scope]').fill('x'.repeat(20001));
    page.expectHttpError(new RegExp(`/api/processes/${pid}$`));
    page.expectHttpError(/status of 422/);
    await form.locator('button[type=submit]').click();
    const err = form.locator('textarea[name=scope] ~ .field-error');
    await err.waitFor();
    assert.match(await err.textContent(), /scope/);
    await form.locator('textarea[name=scope]').fill('Sign permits in the municipality');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('dl.spec dd:has-text("Castor; E-arkiv")');
    await axe(page, 'specification');
    const p = (await admin.get(`/api/processes/${pid}`)).json;
    assert.deepEqual(p.specification.systems, ['Castor', 'E-arkiv']);
    assert.equal(p.specification.purpose, 'Decide sign permits quickly and lawfully.');
    noErrors(page, 'specification');
    await page.context().close();
  });
  test('the handbook: a new page from a template with a live preview, for facilitators only', async () => {
    let page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, '/handbook/1');
    await page.click('button:has-text("New page")');
    const form = page.locator('form[aria-label="New page"]');
    await form.locator('#tpl').selectOption('role_description');
    assert.match(await form.locator('textarea[name=markdown]').inputValue(), /^## Mandate and tasks$/m);
    await form.locator('input[name=title]').fill('Workshop checklist');
    await form.locator('select[name=visibility]').selectOption('facilitators');
    await form.locator('textarea[name=markdown]').fill('## Before\n\n- Book the room\n- Send the **agenda**\n\n<script>alert(1)</script>');
    assert.equal(await form.locator('.md-preview h2').textContent(), 'Before');
    assert.equal(await form.locator('.md-preview strong').textContent(), 'agenda');
    assert.equal(await form.locator('.md-preview script').count(), 0, 'the preview escapes HTML');
    await axe(page, 'handbook editor');
    await shot(page, 'handbook-editor');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('article h2:has-text("Workshop checklist")');
    assert.match(await page.textContent('article .meta'), /Facilitators/);
    noErrors(page, 'handbook page');
    await page.context().close();

    page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, '/handbook');
    assert.equal(await page.locator('nav a:has-text("Workshop checklist")').count(), 0, 'a reader does not see a facilitators-only page');
    noErrors(page, 'handbook reader');
    await page.context().close();
  });
  test('role descriptions in the fixed outline: an admin writes one, everyone reads it', async () => {
    const roles = (await admin.get('/api/roles?limit=100')).json.items;
    const res = roles.find((r) => r.key === 'fagressurs');
    let page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/org/roles');
    await page.click(`a[href="#/org/roles/${res.id}"]`);
    await settle(page);
    await page.click('main button:has-text("Edit")');
    const form = page.locator('form[aria-label="Role description"]');
    await form.locator('textarea[name=summary]').fill('Handles cases in the process day to day.');
    await form.locator('textarea[name=mandate_source]').fill('Line management');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('dl.spec dd:has-text("Handles cases in the process day to day.")');
    await axe(page, 'role description');
    noErrors(page, 'role description');
    await page.context().close();
    const d = (await admin.get(`/api/roles/${res.id}/description`)).json;
    assert.equal(d.fields.summary, 'Handles cases in the process day to day.');

    page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, `/org/roles/${res.id}`);
    await page.waitForSelector('dd:has-text("Line management")');
    assert.equal(await page.locator('main button:has-text("Edit")').count(), 0);
    noErrors(page, 'role description (reader)');
    await page.context().close();
  });
});
