// web/src/duration.js against tests/data/durations/durations.json, the table the
// C parser (tests/unit/test_duration_text.c) is tested against too, so the
// browser and the library cannot disagree on what a duration means.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { parseDuration, formatDuration, parseNumber, formatNumber } = await import(path.join(REPO, 'web/src/duration.js'));
const table = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/data/durations/durations.json'), 'utf8'));

test('every accepted text gives the ISO text and seconds of the table, and reads back as shown', () => {
  const perLang = {};
  for (const [text, lang, iso, seconds] of table.ok) {
    const r = parseDuration(text, lang);
    assert.equal(r.error, undefined, `${JSON.stringify(text)} (${lang}) refused: ${r.error}`);
    assert.equal(r.iso, iso, `${JSON.stringify(text)} (${lang})`);
    assert.ok(Math.abs(r.seconds - seconds) < 1e-6, `${JSON.stringify(text)} (${lang}): ${r.seconds} s`);
    const shown = formatDuration(r.iso, lang);
    assert.equal(shown, shown.toLowerCase(), `${iso} shown upper-cased: ${shown}`);
    assert.equal(parseDuration(shown, lang).iso, iso, `${JSON.stringify(text)} shown as ${shown}`);
    perLang[lang] = (perLang[lang] || 0) + 1;
  }
  for (const l of ['nb', 'sv', 'en']) assert.ok(perLang[l] >= 60, `${l}: ${perLang[l]} rows`);
});

test('every refused text is refused with a message naming the part not understood', () => {
  assert.ok(table.bad.length >= 60);
  for (const [text, lang, part] of table.bad) {
    const r = parseDuration(text, lang);
    assert.ok(r.error, `${JSON.stringify(text)} (${lang}) accepted as ${r.iso}`);
    if (part) assert.ok(r.error.includes(part), `${JSON.stringify(text)} (${lang}): ${r.error}`);
  }
  assert.match(parseDuration('3 apor', 'sv').error, /förstås inte/);
  assert.match(parseDuration('3 aper', 'nb').error, /forstås ikke/);
  assert.match(parseDuration('3 apes', 'en').error, /not understood/);
});

test('ISO 8601 is shown as people read it, never upper-cased', () => {
  for (const [iso, lang, text] of table.format) assert.equal(formatDuration(iso, lang), text, `${iso} (${lang})`);
  assert.equal(formatDuration('3 dagar', 'sv'), null);
});

test('numbers: decimal comma or point in, comma out in nb and sv', () => {
  assert.equal(parseNumber('0,25'), 0.25);
  assert.equal(parseNumber('0.25'), 0.25);
  assert.equal(parseNumber(' 1 000 '), 1000);
  assert.equal(parseNumber('1\u00a0000,5'), 1000.5);
  assert.equal(parseNumber('-3'), -3);
  assert.equal(parseNumber(''), null);
  for (const bad of ['abc', '1,2,3', '0,25 %', '1e5', '0x10', '1.000,5']) assert.ok(Number.isNaN(parseNumber(bad)), bad);
  assert.equal(formatNumber(0.25, 'sv'), '0,25');
  assert.equal(formatNumber(0.25, 'nb'), '0,25');
  assert.equal(formatNumber(0.25, 'en'), '0.25');
  assert.equal(formatNumber(0.1 + 0.2, 'sv'), '0,3');
  assert.equal(formatNumber(null, 'sv'), '');
});
