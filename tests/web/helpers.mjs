// Shared helpers for the browser tests: a real `kartla serve` (demo
// workspace, the built UI from web/dist) and Debian's Chromium driven by
// playwright-core; console errors and failed requests collected per page;
// axe-core run in the page; screenshots under tests/out/web/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, REPO } from '../api/helpers.mjs';

const require = createRequire(path.join(REPO, 'web/package.json'));
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export { REPO };
export const OUT = path.join(REPO, 'tests/out/web');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'kartla-demo';
/*
 * The tests wait on conditions (a selector, a URL, a function of the page), never
 * for a fixed time. This is only the bound after which a condition counts as never
 * met: generous, since the suite runs on machines loaded by other builds and
 * browsers (KARTLA_WEB_WAIT_MS to change it).
 */
export const WAIT_MS = Number(process.env.KARTLA_WEB_WAIT_MS) || 120000;

/** Starts the server on the demo workspace with the built UI, and a headless Chromium. */
export async function startAll() {
  const web = path.join(REPO, 'web/dist');
  assert.ok(fs.existsSync(path.join(web, 'index.html')), 'web/dist is not built: run `node web/build.mjs`');
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer({ demo: true, args: ['--web', web] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  return { server, browser };
}

/**
 * A new browser context and page; page.errors collects console errors,
 * uncaught exceptions and failed requests (HTTP >= 400 on our server, except
 * the ones a test expects and marks with page.expectHttpError(pattern)).
 */
export async function newPage(browser, base, { lang = 'en' } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  // lang null: a browser that has chosen no language (the workspace's or the browser's applies)
  await ctx.addInitScript((l) => {
    if (l && !localStorage.getItem('kartla.lang')) localStorage.setItem('kartla.lang', l);
  }, lang);
  ctx.setDefaultTimeout(WAIT_MS);
  ctx.setDefaultNavigationTimeout(WAIT_MS);
  const page = await ctx.newPage();
  page.errors = [];
  page.expected = [];
  page.expectHttpError = (re) => page.expected.push(re);
  page.on('console', (m) => {
    if (m.type() === 'error' && !page.expected.some((re) => re.test(m.text()))) page.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.errors.push(`exception: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(base) && !page.expected.some((re) => re.test(r.url())))
      page.errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.base = base;
  return page;
}

export async function signIn(page, login, password = DEMO_PASSWORD) {
  await page.goto(`${page.base}/`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('header.top');
}

/** Opens the signed-in user's menu in the header (language, Sign out) unless it is open. */
export async function openUserMenu(page) {
  if ((await page.getAttribute('header.top .user-button', 'aria-expanded')) !== 'true') await page.click('header.top .user-button');
  await page.waitForSelector('#user-menu-panel:not([hidden])');
}

/** Chooses the UI language in the header (in the user menu when signed in). */
export async function chooseLang(page, lang) {
  if (await page.locator('header.top .user-button').count()) await openUserMenu(page);
  await page.selectOption('#lang-switch', lang);
}

export async function signOut(page) {
  await openUserMenu(page);
  await page.click('#user-menu-panel button.sign-out');
  await page.waitForSelector('input[name=login]');
}

/** Goes to a hash route and waits until nothing is loading. */
export async function visit(page, route) {
  await page.goto(`${page.base}/#${route}`);
  await settle(page);
}

export async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('.loading, [aria-busy="true"]'));
}

/** Runs axe-core on the page; fails on serious or critical violations. */
export async function axe(page, name) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe on ${name}: ${JSON.stringify(bad, null, 1)}`);
  return r;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

export function noErrors(page, what) {
  const errs = page.errors.splice(0);
  assert.deepEqual(errs, [], `errors on ${what}`);
}
