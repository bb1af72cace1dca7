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
    const p = await admin.post('/api/processes', { type: 'core', name: { en: 'Credit transfer (portal test)', nb: 'Godskriving (portaltest)', sv: 'Tillgodoräknande (portaltest)' } });
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
});
