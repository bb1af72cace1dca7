// Browser tests for the portal's later gaps, against a real server on the
// demo workspace: anonymous reading (the portal read-only with a "Sign in"
// link when the workspace allows it, the sign-in screen when it does not);
// editing and deleting a risk action; the lead-time simulation's options and
// the per-activity criticality; the header on one line at 1400 px with a
// long name and its keyboard-operable user menu. axe on every screen, no
// console errors.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, signIn, visit, settle, axe, shot, noErrors, REPO } from './helpers.mjs';

const worked = fs.readFileSync(path.join(REPO, 'examples/worked-example.bpmn'), 'utf8');

describe('portal gaps', () => {
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
    // The worked example as an approved as-is map of a new process.
    const p = await admin.post('/api/processes', {
      type: 'core',
      name: { en: 'Credit transfer (portal test)', nb: 'Godskriving (portaltest)', sv: 'Tillgodoräknande (portaltest)' },
    });
    assert.equal(p.status, 201, p.text);
    pid = p.json.id;
    const v = await fac.post(`/api/processes/${pid}/maps`, { variant: 'as_is', bpmn: worked });
    assert.equal(v.status, 201, v.text);
    assert.equal((await fac.post(`/api/processes/${pid}/maps/${v.json.id}/submit`, {})).status, 200);
    assert.equal((await admin.post(`/api/processes/${pid}/maps/${v.json.id}/approve`, {})).status, 200);
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  test('anonymous reading: the sign-in screen when off; the portal read-only with a Sign in link when on', async () => {
    const open = await admin.post('/api/handbook/pages', { title: 'Open guide for everyone', markdown: 'Anyone may **read** this.', visibility: 'everyone' });
    assert.equal(open.status, 201, open.text);
    const closed = await admin.post('/api/handbook/pages', { title: 'Internal guide for staff', markdown: 'Staff only.', visibility: 'signed_in' });
    assert.equal(closed.status, 201, closed.text);

    // Off (the default): the sign-in screen, as before, and no failing request.
    assert.equal((await admin.patch('/api/settings', { anonymous_read: false })).status, 200);
    let page = await newPage(browser, server.base);
    await page.goto(`${server.base}/#/processes`);
    await page.waitForSelector('input[name=login]');
    assert.equal(await page.locator('header.top').count(), 0);
    assert.equal(await page.locator('text=Read without signing in').count(), 0);
    noErrors(page, 'sign-in screen, anonymous reading off');
    await page.context().close();

    // On: the portal, read-only.
    assert.equal((await admin.patch('/api/settings', { anonymous_read: true })).status, 200);
    try {
      page = await newPage(browser, server.base);
      await visit(page, '/');
      await page.waitForSelector('header.top');
      assert.equal(await page.textContent('main h1'), 'Process architecture');
      assert.equal(await page.locator('input[name=login]').count(), 0);
      const menu = await page.$$eval('header.top nav a', (as) => as.map((a) => a.textContent));
      assert.deepEqual(menu, ['Processes', 'Handbook']);
      assert.equal(await page.locator('header.top a:has-text("Sign in")').count(), 1);
      assert.equal(await page.locator('header.top :text("Sign out")').count(), 0);
      assert.equal(await page.locator('button:has-text("New process")').count(), 0);
      await axe(page, 'anonymous: architecture');
      await shot(page, 'anonymous-architecture');

      // A process page with its current map, no write controls.
      await visit(page, `/process/${pid}`);
      await page.waitForSelector('.canvas .djs-element[data-element-id="Task_AssessApplication"]');
      assert.match(await page.textContent('main h1'), /Credit transfer \(portal test\)/);
      assert.equal(await page.locator('main :text("Edit map"), main :text("Edit specification"), main :text("Edit draft")').count(), 0);
      await axe(page, 'anonymous: process page');
      await visit(page, `/process/${pid}/risk`);
      assert.equal(await page.locator('main button:has-text("New risk")').count(), 0);
      // Every other tab and a version read without a failing request; no Review or Edit links.
      for (const tab of ['roles', 'versions', 'findings', 'history', 'leadtime']) {
        await visit(page, `/process/${pid}/${tab}`);
        await page.waitForSelector(`nav.tabs a[aria-current=page][href="#/process/${pid}/${tab}"]`);
      }
      await page.waitForSelector('#analysis-leadtime [data-figure=lead]');
      await visit(page, `/process/${pid}/versions`);
      assert.equal(await page.locator('main table a:has-text("Review"), main table a:has-text("Edit")').count(), 0);
      await page.click('main table a:has-text("View")');
      await page.waitForSelector('.canvas .djs-element[data-element-id="Task_AssessApplication"]');
      await settle(page);

      // Search.
      await visit(page, '/search?q=Credit transfer');
      await page.waitForSelector(`ol.hits a[href="#/process/${pid}"]`);
      await axe(page, 'anonymous: search');

      // The handbook: pages for everyone only, nothing to write.
      await visit(page, `/handbook/${open.json.id}`);
      assert.match(await page.textContent('article'), /Anyone may read this\./);
      assert.equal(await page.locator('article strong').textContent(), 'read');
      const titles = await page.$$eval('nav .tree a', (as) => as.map((a) => a.textContent));
      assert.ok(titles.includes('Open guide for everyone'), titles.join(', '));
      assert.ok(!titles.includes('Internal guide for staff'), 'a signed-in page is hidden');
      assert.equal(await page.locator('main button:has-text("New page"), article button:has-text("Edit")').count(), 0);
      await axe(page, 'anonymous: handbook');

      // Screens for signed-in users ask to sign in.
      await visit(page, '/org/people');
      assert.match(await page.textContent('main'), /Sign in to see this page\./);
      noErrors(page, 'anonymous reading');

      // "Sign in" leads to the sign-in screen, which offers the way back; signing in opens the user's page.
      await page.click('header.top a:has-text("Sign in")');
      await page.waitForSelector('input[name=login]');
      assert.equal(await page.locator('a:has-text("Read without signing in")').count(), 1);
      await axe(page, 'anonymous: sign in');
      await page.fill('input[name=login]', 'reader');
      await page.fill('input[name=password]', 'kartla-demo');
      await page.click('form button[type=submit]');
      await page.waitForSelector('header.top nav a:has-text("My page")');
      assert.equal(await page.locator('header.top a:has-text("Sign in")').count(), 0);
      noErrors(page, 'signing in from anonymous reading');
      await page.context().close();
    } finally {
      assert.equal((await admin.patch('/api/settings', { anonymous_read: false })).status, 200);
    }
  });
  test('the workspace default language: set by the admin, used by a browser that has chosen none', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/admin/settings');
    await page.selectOption('select[name=language]', 'sv');
    await page.waitForFunction(async () => (await (await fetch('/api/health')).json()).language === 'sv');
    await axe(page, 'admin settings with the default language');
    noErrors(page, 'admin settings');
    await page.context().close();
    // A browser with no choice of its own meets the sign-in screen in Swedish...
    let fresh = await newPage(browser, server.base, { lang: null });
    await fresh.goto(`${server.base}/`);
    await fresh.waitForFunction(() => document.documentElement.lang === 'sv' && /Logga in/.test(document.body.textContent));
    noErrors(fresh, 'sign-in screen in the workspace language');
    await fresh.context().close();
    // ...while a browser that chose English keeps English.
    const chose = await newPage(browser, server.base, { lang: 'en' });
    await chose.goto(`${server.base}/`);
    await chose.waitForSelector('input[name=login]');
    // the app has read the workspace's language (and, rightly, not applied it)
    await chose.waitForFunction(() => 'workspaceLang' in (window.__kartla || {}));
    assert.equal(await chose.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await chose.textContent('body'), /Sign in/);
    await chose.context().close();
    // Back to each browser's own.
    assert.equal((await admin.patch('/api/settings', { language: null })).json.language, null);
    fresh = await newPage(browser, server.base, { lang: null });
    await fresh.goto(`${server.base}/`);
    await fresh.waitForSelector('input[name=login]');
    await fresh.waitForFunction(() => 'workspaceLang' in (window.__kartla || {}));
    assert.equal(await fresh.evaluate(() => document.documentElement.lang), 'en', 'the browser (en-GB) again');
    await fresh.context().close();
  });

  test("risk actions: every field edited, the server's message at the field, delete with confirmation", async () => {
    const r = await fac.post(`/api/processes/${pid}/risks`, {
      title: 'Documents lost between units',
      category: 'operational',
      inherent: { likelihood: 3, consequence: 3 },
    });
    assert.equal(r.status, 201, r.text);
    const people = (await admin.get('/api/people?limit=500')).json.items;
    const maria = people.find((x) => x.name === 'Maria Svensson');
    const other = people.find((x) => x.id !== maria.id);
    const a = await fac.post(`/api/risks/${r.json.id}/actions`, { title: 'Scan on arrival', responsible_id: maria.id, due_date: '2027-01-10', cost: 100 });
    assert.equal(a.status, 201, a.text);
    const stored = async () => (await admin.get(`/api/risks/${r.json.id}`)).json.actions;

    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/risk`);
    await page.click('table.risks button:has-text("Documents lost between units")');
    await page.waitForSelector('.risk-detail table.risk-actions');
    const row = page.locator(`.risk-detail tr[data-action-id="${a.json.id}"]`);
    await row.locator('button:has-text("Edit")').click();
    const form = page.locator('form.action-edit');
    await form.waitFor();
    assert.equal(await form.locator('input[name=title]').inputValue(), 'Scan on arrival');
    assert.equal(await form.locator('select[name=responsible_id]').inputValue(), String(maria.id));
    assert.equal(await form.locator('input[name=due_date]').inputValue(), '2027-01-10');
    assert.equal(await form.locator('input[name=cost]').inputValue(), '100');
    // The server's messages at the fields they name.
    page.expectHttpError(new RegExp(`/api/risk-actions/${a.json.id}$`));
    page.expectHttpError(/status of 422/);
    await form.locator('input[name=title]').fill('');
    await form.locator('button[type=submit]').click();
    await form.locator('input[name=title][aria-invalid=true]').waitFor();
    assert.match(await form.locator('.field:has(input[name=title]) .field-error').textContent(), /title/);
    await form.locator('input[name=title]').fill('Scan every document on arrival');
    await form.locator('input[name=cost]').fill('-5');
    await form.locator('button[type=submit]').click();
    await form.locator('input[name=cost][aria-invalid=true]').waitFor();
    assert.match(await form.locator('.field:has(input[name=cost]) .field-error').textContent(), /cost/);
    assert.equal((await stored())[0].title, 'Scan on arrival', 'nothing stored from a refused edit');
    await axe(page, 'risk action edit');
    // Every field changed.
    await form.locator('select[name=responsible_id]').selectOption(String(other.id));
    await form.locator('input[name=due_date]').fill('2027-02-20');
    await form.locator('select[name=status]').selectOption('ongoing');
    await form.locator('input[name=cost]').fill('2500.5');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('.risk-detail tr:has-text("Scan every document on arrival")');
    assert.equal(await page.locator('form.action-edit').count(), 0);
    let s = (await stored())[0];
    assert.deepEqual([s.title, s.responsible_id, s.due_date, s.status, s.cost], ['Scan every document on arrival', other.id, '2027-02-20', 'ongoing', 2500.5]);
    assert.match(await row.textContent(), new RegExp(other.name));
    // Emptied fields are cleared.
    await row.locator('button:has-text("Edit")').click();
    await form.waitFor();
    await form.locator('select[name=responsible_id]').selectOption('');
    await form.locator('input[name=due_date]').fill('');
    await form.locator('input[name=cost]').fill('');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => !document.querySelector('form.action-edit'));
    await settle(page);
    s = (await stored())[0];
    assert.deepEqual([s.responsible_id, s.due_date, s.cost, s.status], [null, null, null, 'ongoing']);
    // Delete: the first click asks, the second deletes.
    await row.locator('button:has-text("Delete")').click();
    const confirm = row.locator('button.danger:has-text("Delete “Scan every document on arrival”")');
    await confirm.waitFor();
    assert.equal((await stored()).length, 1, 'the first click deletes nothing');
    await confirm.click();
    await page.waitForSelector('.risk-detail :text("No actions yet.")');
    assert.equal((await stored()).length, 0);
    await axe(page, 'risk actions deleted');
    noErrors(page, 'risk actions');
    await page.context().close();
  });

  test("lead time: the simulation's options (runs, seed, distribution) and each activity's criticality", async () => {
    // The building-permit example: "Request additional documents" is on the critical path in about 30 % of the cases.
    const bp = fs.readFileSync(path.join(REPO, 'examples/building-permit.bpmn'), 'utf8');
    const p = await admin.post('/api/processes', {
      type: 'core',
      name: { en: 'Building permit (portal test)', nb: 'Byggesak (portaltest)', sv: 'Bygglov (portaltest)' },
    });
    assert.equal(p.status, 201, p.text);
    const v = await fac.post(`/api/processes/${p.json.id}/maps`, { variant: 'as_is', bpmn: bp });
    assert.equal(v.status, 201, v.text);
    assert.equal((await fac.post(`/api/processes/${p.json.id}/maps/${v.json.id}/submit`, {})).status, 200);
    assert.equal((await admin.post(`/api/processes/${p.json.id}/maps/${v.json.id}/approve`, {})).status, 200);
    const api = async (bpid, bvid, q) => (await admin.get(`/api/processes/${bpid}/maps/${bvid}/leadtime?${q}`)).json;

    const page = await newPage(browser, server.base);
    await signIn(page, 'reader');
    await visit(page, `/process/${p.json.id}/leadtime`);
    await page.waitForSelector('#analysis-leadtime table.lt-activities');
    // Defaults: 10,000 runs, seed 1, PERT; the criticality of each activity as the API gives it.
    assert.equal(await page.inputValue('form.sim-options input[name=runs]'), '10000');
    assert.equal(await page.inputValue('form.sim-options input[name=seed]'), '1');
    assert.equal(await page.inputValue('form.sim-options select[name=distribution]'), 'pert');
    let want = await api(p.json.id, v.json.id, 'runs=10000&seed=1&distribution=pert');
    const crit = async () =>
      page.$$eval('table.lt-activities tbody tr', (rs) => Object.fromEntries(rs.map((r) => [r.dataset.activity, r.lastElementChild.textContent])));
    const fmt = (x) => new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
    let got = await crit();
    assert.equal(Object.keys(got).length, want.activities.length);
    for (const a of want.activities) assert.equal(got[a.id], fmt(a.criticality), a.id);
    const partly = want.activities.find((a) => a.id === 'Task_RequestDocuments');
    assert.ok(partly.criticality > 0.2 && partly.criticality < 0.4, String(partly.criticality));
    assert.match(await page.textContent('table.lt-activities tr[data-activity=Task_RequestDocuments]'), /Request additional documents.*yes/);
    await axe(page, 'lead-time options');

    // Other options: 2,000 runs, seed 7, uniform; the figures are the API's for the same options.
    await page.fill('form.sim-options input[name=runs]', '2000');
    await page.fill('form.sim-options input[name=seed]', '7');
    await page.selectOption('form.sim-options select[name=distribution]', 'uniform');
    await page.click('form.sim-options button[type=submit]');
    await page.waitForFunction(() =>
      /2,000 simulated cases, seed 7, uniform distribution/.test(document.querySelector('#h-sim')?.parentElement.textContent || ''),
    );
    await settle(page);
    want = await api(p.json.id, v.json.id, 'runs=2000&seed=7&distribution=uniform');
    assert.equal(want.simulation.runs, 2000);
    assert.match(await page.textContent('[data-sim=mean] dd'), new RegExp(`^${want.simulation.mean.days.toFixed(1)} days$`));
    got = await crit();
    for (const a of want.activities) assert.equal(got[a.id], fmt(a.criticality), a.id);
    assert.match(await page.getAttribute('img.histogram', 'src'), /runs=2000&seed=7&distribution=uniform/);
    await page.waitForFunction(() => {
      const i = document.querySelector('img.histogram');
      return i && i.complete && i.naturalWidth > 0;
    });

    // A refused option: the server's message at the field.
    page.expectHttpError(/\/leadtime\?runs=500000/);
    page.expectHttpError(/status of 400/);
    await page.fill('form.sim-options input[name=runs]', '500000');
    await page.click('form.sim-options button[type=submit]');
    await page.waitForSelector('form.sim-options input[name=runs][aria-invalid=true]');
    assert.match(await page.textContent('form.sim-options .field:has(input[name=runs]) .field-error'), /runs/);
    await axe(page, 'lead-time option refused');
    // No simulation: no criticality column.
    await page.fill('form.sim-options input[name=runs]', '0');
    await page.click('form.sim-options button[type=submit]');
    await page.waitForSelector('table.lt-activities');
    await page.waitForFunction(() => !document.querySelector('#h-sim'));
    assert.equal(await page.locator('table.lt-activities thead th').count(), 6);
    noErrors(page, 'lead-time options');
    await page.context().close();
  });

  test('the header stays on one line at 1400 px with a long name; the user menu works from the keyboard', async () => {
    const NAME = 'Kristoffer Alexander Johannessen-Bergersen';
    const u = await admin.post('/api/users', { login: 'longname', password: 'long-name-pass', display_name: NAME, is_admin: true });
    assert.equal(u.status, 201, u.text);
    for (const lang of ['en', 'nb', 'sv']) {
      const page = await newPage(browser, server.base, { lang });
      await signIn(page, 'longname', 'long-name-pass');
      await visit(page, '/processes');
      assert.equal(page.viewportSize().width, 1400);
      // Every item of the header on the first row: each one's box overlaps the brand's vertically, nothing overflows.
      const m = await page.evaluate(() => {
        const h = document.querySelector('header.top');
        const brand = h.querySelector('.brand').getBoundingClientRect();
        const rows = [...h.children].filter((c) => c.getClientRects().length).map((c) => ({ c: c.className || c.tagName, r: c.getBoundingClientRect() }));
        return {
          off: rows.filter(({ r }) => r.top >= brand.bottom || r.bottom <= brand.top).map(({ c }) => c),
          scroll: h.scrollWidth - h.clientWidth,
          n: rows.length,
          height: h.getBoundingClientRect().height,
        };
      });
      assert.deepEqual(m.off, [], `${lang}: items on a second line (header ${m.height}px)`);
      assert.equal(m.scroll, 0);
      assert.equal(m.n, 4, 'brand, menu, search, user menu');
      assert.ok(m.height < 60, `${lang}: one row, ${m.height}px`);
      assert.equal(await page.getAttribute('header.top .user-button', 'title'), NAME);
      await shot(page, `header-${lang}`);
      noErrors(page, `header ${lang}`);
      await page.context().close();
    }

    // The keyboard: Tab from the search button reaches the menu's button, Enter opens it, Escape closes it.
    const page = await newPage(browser, server.base);
    await signIn(page, 'longname', 'long-name-pass');
    await settle(page);
    await page.focus('header.top .search button');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'user-button');
    assert.equal(await page.getAttribute('header.top .user-button', 'aria-expanded'), 'false');
    assert.ok(await page.locator('#user-menu-panel').isHidden());
    await page.keyboard.press('Enter');
    await page.waitForSelector('#user-menu-panel:not([hidden])');
    assert.equal(await page.getAttribute('header.top .user-button', 'aria-expanded'), 'true');
    assert.match(await page.textContent('#user-menu-panel'), new RegExp(`Signed in as ${NAME} \\(longname\\)`));
    await axe(page, 'user menu open');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-switch');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#user-menu-panel[hidden]', { state: 'attached' });
    assert.equal(await page.evaluate(() => document.activeElement.className), 'user-button', 'focus back on the button');
    // A click elsewhere closes it too.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#user-menu-panel:not([hidden])');
    await page.click('main h1');
    await page.waitForSelector('#user-menu-panel[hidden]', { state: 'attached' });
    // Sign out from the keyboard.
    await page.focus('header.top .user-button');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Sign out');
    await page.keyboard.press('Enter');
    await page.waitForSelector('input[name=login]');
    noErrors(page, 'user menu');
    await page.context().close();
  });
});
