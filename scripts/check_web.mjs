// Structure rules of the browser UI (web/src), checked by scripts/test.sh:
//  - a screen (web/src/screens/*.jsx) imports nothing from another screen: pieces
//    several screens use live in web/src (parts.jsx, common.jsx, ...) or panels/;
//  - the routes are listed once: main.jsx's ROUTES table, and no other file of
//    web/src matches on the hash route's parts.
// Usage: node scripts/check_web.mjs [WEB_SRC_DIR]; exit status 1 with the reasons.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/src');
const problems = [];
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(js|jsx)$/.test(e.name)) files.push(p);
  }
};
walk(src);

const screens = path.join(src, 'screens');
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const rel = path.relative(src, f);
  if (path.dirname(f) === screens) {
    for (const m of text.matchAll(/^import[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const target = path.resolve(path.dirname(f), m[1]);
      if (path.dirname(target) === screens) problems.push(`${rel} imports the screen ${path.relative(src, target)}`);
    }
  }
  if (rel !== 'main.jsx' && /route\.parts|parseHash\(/.test(text)) problems.push(`${rel} matches routes (they belong in main.jsx's ROUTES)`);
}
const main = fs.readFileSync(path.join(src, 'main.jsx'), 'utf8');
const tables = (main.match(/^const ROUTES = \[/gm) || []).length;
if (tables !== 1) problems.push(`main.jsx has ${tables} ROUTES tables, expected 1`);
if (/function AnonScreen/.test(main)) problems.push('main.jsx has a second route list (AnonScreen)');

for (const p of problems) console.log(`not ok - ${p}`);
console.log(`web/src: ${files.length} files, ${problems.length} structure problems`);
process.exit(problems.length ? 1 : 0);
