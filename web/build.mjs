// Bundles the browser UI into web/dist with esbuild: one JS bundle, one CSS
// bundle (bpmn-js and diagram-js CSS, the bpmn font as local files) and
// index.html. No CDN: everything the page loads comes from the server.
// Usage: node build.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');
const dev = process.argv.includes('--dev');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const opts = {
  absWorkingDir: here,
  entryPoints: { app: 'src/main.jsx', style: 'src/style.css' },
  bundle: true,
  outdir: out,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.json': 'json' },
  assetNames: 'assets/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
};

const t0 = Date.now();
let preloads = [];
if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context(opts);
  await ctx.watch();
} else {
  const result = await esbuild.build(opts);
  preloads = Object.keys(result.metafile.outputs)
    .filter((f) => f.endsWith('.js') && /\/chunks\//.test(f) && !/\/chunks\/(Modeler|measured)-/.test(f))
    .map((f) => path.relative(out, path.resolve(here, f)));
}
for (const f of fs.readdirSync(path.join(here, 'public'))) fs.copyFileSync(path.join(here, 'public', f), path.join(out, f));
// index.html names the chunks every screen needs (and the map viewer's) as
// modulepreload, so the browser fetches them beside app.js instead of after it;
// the modeler and the measured lead-time tab load only when opened.
const index = path.join(out, 'index.html');
const links = preloads.map((f) => `<link rel="modulepreload" href="${f}">`).join('\n');
fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<!-- preloads -->', links));
console.log(`web: built web/dist in ${Date.now() - t0} ms`);
