// Every UI string has its bokmål and Swedish translation: each t('...') in
// web/src must have an entry in the dictionary, with two non-empty strings
// that keep the {placeholders} of the English key. (No browser needed.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../api/helpers.mjs';

const SRC = path.join(REPO, 'web/src');

function sources(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : /\.(jsx?|mjs)$/.test(d.name) ? [path.join(dir, d.name)] : []));
}

test('every t() key has nb and sv translations with the same placeholders', async () => {
  globalThis.localStorage ??= { getItem: () => null, setItem() {} };
  const { DICT } = await import(path.join(SRC, 'i18n.js'));
  const keys = new Map();
  for (const f of sources(SRC).filter((f) => !f.endsWith('i18n.js'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)) keys.set(m[1], path.relative(REPO, f));
  }
  // Labels passed through t(label) from tables in the code.
  const proc = fs.readFileSync(path.join(SRC, 'screens/process.jsx'), 'utf8');
  for (const m of proc.matchAll(/\['\w+', '([^']+)', '(?:text|list|indicators|legacy)'\]/g)) keys.set(m[1], 'web/src/screens/process.jsx');
  assert.ok(keys.size > 150, `found ${keys.size} keys`);
  const missing = [...keys].filter(([k]) => !DICT[k]).map(([k, f]) => `${f}: ${k}`);
  assert.deepEqual(missing, [], 'strings without a translation');
  const ph = (s) =>
    [...s.matchAll(/\{\w+\}/g)]
      .map((m) => m[0])
      .sort()
      .join();
  for (const [k, [nb, sv]] of Object.entries(DICT)) {
    assert.ok(nb && sv, `empty translation of ${k}`);
    assert.equal(ph(nb), ph(k), `nb placeholders of ${k}`);
    assert.equal(ph(sv), ph(k), `sv placeholders of ${k}`);
  }
});

test('the bpmn-js palette and context pad strings are translated', async () => {
  const { DICT } = await import(path.join(SRC, 'i18n.js'));
  const pal = fs.readFileSync(path.join(REPO, 'web/node_modules/bpmn-js/lib/features/palette/PaletteProvider.js'), 'utf8');
  const keys = [...pal.matchAll(/translate\(\s*'([^']+)'/g)].map((m) => m[1]);
  assert.ok(keys.length > 5);
  assert.deepEqual(
    keys.filter((k) => !DICT[k]),
    [],
  );
});
