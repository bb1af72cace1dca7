// Browser timings of the Kartla UI in Debian's Chromium (playwright-core),
// against a running `kartla serve` with the demo workspace (bench/web/run.sh
// starts one):
//  - portal pages: from navigation start to the first render with data
//    (performance.now() in the page when the screen's data is on it), cold
//    (empty cache) and warm;
//  - the map editor opening a map of ~500 elements: navigation start to the
//    map imported and drawn in the bpmn-js Modeler.
// Prints one line per measurement with the median and the goal.
// usage: node bench/web/bench.mjs BASE ADMIN_PASSWORD BPMN_FILE [RUNS]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'web/package.json'));
const { chromium } = require('playwright-core');

const [base, adminPassword, bpmnFile, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 11);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function api(method, p, body, cookie, csrf, type = 'application/json') {
  const headers = { 'content-type': type };
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  const r = await fetch(base + p, { method, headers, body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(j)}`);
  return { j, r };
}

// Sign in as admin; put the big map as a draft on the supplier-invoice process.
const login = await api('POST', '/api/login', { login: 'admin', password: adminPassword });
const cookie = login.r.headers.get('set-cookie').split(';')[0];
const csrf = login.j.csrf_token;
const invoices = (await api('GET', '/api/search?q=leverant%C3%B6rsfakturor&type=process', undefined, cookie)).j.items[0].id;
const big = await api('POST', `/api/processes/${invoices}/maps`, fs.readFileSync(bpmnFile, 'utf8'), cookie, csrf, 'application/xml');
const bigVid = big.j.id;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await ctx.addCookies([{ name: 'kartla_session', value: cookie.split('=')[1], url: base }]);
await ctx.addInitScript(() => {
  localStorage.setItem('kartla.session', JSON.stringify({ id: 1, login: 'admin', is_admin: true }));
  localStorage.setItem('kartla.lang', 'en');
});

/** ms from navigation start until ready() holds in the page. */
async function time(page, route, ready) {
  await page.goto('about:blank');
  await page.goto(`${base}/#${route}`, { waitUntil: 'commit' });
  return page.evaluate(
    (src) =>
      new Promise((resolve, reject) => {
        const f = new Function(`return (${src})()`);
        const t0 = Date.now();
        const tick = () => {
          if (f()) resolve(performance.now());
          else if (Date.now() - t0 > 30000) reject(new Error('not ready in 30 s'));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    ready.toString(),
  );
}

const pages = [
  ['my page', '/', () => !!document.querySelector('#h-reviews + table tbody tr')],
  ['process architecture', '/processes', () => !!document.querySelector('.tree a')],
  ['process page (text)', '/process/4', () => !!document.querySelector('#h-spec')],
  ['process page with its map', '/process/4', () => document.querySelectorAll('.canvas .djs-element').length > 5],
  ['search', '/search?q=vurdere', () => !!document.querySelector('.hits li')],
];
const page = await ctx.newPage();
const out = [];
for (const [name, route, ready] of pages) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    cold.push(await time(page, route, ready));
    warm.push(await time(page, route, ready));
  }
  out.push(`portal: ${name.padEnd(28)} first render with data: median ${median(warm).toFixed(0)} ms warm, ${median(cold).toFixed(0)} ms cold (goal < 300 ms; ${RUNS} runs)`);
}
let elements = 0;
const ed = [];
for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i++) {
  ed.push(
    await time(page, `/process/${invoices}/edit/${bigVid}`, () => {
      const m = window.__kartla?.modeler;
      return !!m && document.querySelectorAll('.djs-element').length > 400 && !document.querySelector('.loading');
    }),
  );
  elements = await page.evaluate(() => window.__kartla.modeler.get('elementRegistry').filter((e) => e.type !== 'label' && e.type !== 'bpmn:Collaboration' && e.type !== 'bpmn:Process').length);
}
out.push(`editor: open a ${elements}-element map in the Modeler: median ${median(ed).toFixed(0)} ms (goal < 2000 ms; ${ed.length} runs)`);
await browser.close();
console.log(out.join('\n'));
