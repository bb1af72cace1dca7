// Renders BPMN files to PNG with bpmn-js (the editor's own renderer) in
// Debian's Chromium, for looking at layouts: docs/img/layout-*.png.
//
// usage: node bench/layout/render.mjs IN.bpmn OUT.png [IN.bpmn OUT.png ...]
// (CHROMIUM=/path/to/chromium to use another browser; SCALE=0.5 for a smaller picture)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'web/package.json'));
const { chromium } = require('playwright-core');
const dist = path.join(REPO, 'web/node_modules/bpmn-js/dist');
const args = process.argv.slice(2);
if (!args.length || args.length % 2) {
  process.stderr.write('usage: node bench/layout/render.mjs IN.bpmn OUT.png [IN OUT ...]\n');
  process.exit(64);
}
const css = ['diagram-js.css', 'bpmn-js.css'].map((f) => fs.readFileSync(path.join(dist, 'assets', f), 'utf8')).join('\n');
const js = fs.readFileSync(path.join(dist, 'bpmn-viewer.production.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  for (let i = 0; i < args.length; i += 2) {
    const xml = fs.readFileSync(args[i], 'utf8');
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: Number(process.env.SCALE) || 1 });
    await page.setContent(
      `<html><head><style>${css} html,body{margin:0;background:#fff} #c{width:100%;height:100%}</style></head><body><div id="c"></div></body></html>`,
    );
    await page.addScriptTag({ content: js });
    const size = await page.evaluate(async (x) => {
      const viewer = new window.BpmnJS({ container: '#c' });
      const { warnings } = await viewer.importXML(x);
      const canvas = viewer.get('canvas');
      const box = canvas.viewbox().inner;
      return { w: Math.ceil(box.width + box.x + 40), h: Math.ceil(box.height + box.y + 40), warnings: warnings.map((w) => w.message) };
    }, xml);
    if (size.warnings.length) process.stderr.write(`${args[i]}: bpmn-js warnings: ${size.warnings.join('; ')}\n`);
    // MAXW=2400 cuts a wide map to its left part (for looking at the details).
    await page.setViewportSize({ width: Math.min(size.w, Number(process.env.MAXW) || 16000), height: Math.min(size.h, 8000) });
    await page.evaluate(() => {
      const svg = document.querySelector('#c .djs-container > svg');
      const vp = svg.querySelector('.viewport');
      vp.setAttribute('transform', 'matrix(1,0,0,1,0,0)');
    });
    await page.screenshot({ path: args[i + 1] });
    await page.close();
    process.stdout.write(`${args[i + 1]}: ${size.w}x${size.h}\n`);
  }
} finally {
  await browser.close();
}
