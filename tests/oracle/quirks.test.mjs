// bpmn-moddle over the quirk files of tests/data/bpmn-quirks: `kartla convert`
// (default: read and report) must give an export moddle parses without new
// warnings that holds everything moddle's parse of the input held (the
// input decoded from its declared encoding, or from windows-1252 where it is
// not the UTF-8 it claims); only the repaired sizes may differ, and only to
// their absolute value or a default. The export reads back with --strict,
// unchanged, unless it keeps a vendor element (then by default, unchanged).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BpmnModdle, REPO, compareParses, kartla, tmpDir, typedModdle, xmlNormalize } from './helpers.mjs';

const QUIRKS = path.join(REPO, 'tests/data/bpmn-quirks');
const dir = tmpDir('quirks');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// Decoded by the system's iconv (Node's TextDecoder reads windows-1252 as Latin-1 without full ICU).
const decoders = {
  'windows-1252.bpmn': 'WINDOWS-1252',
  'iso-8859-15.bpmn': 'ISO-8859-15',
  'shift-jis.bpmn': 'SHIFT_JIS',
  'latin1-declared-utf8.bpmn': 'WINDOWS-1252',
};
const decode = (file, bytes) =>
  decoders[file] ? execFileSync('iconv', ['-f', decoders[file], '-t', 'UTF-8'], { input: bytes }).toString('utf8') : bytes.toString('utf8');

const files = fs
  .readdirSync(QUIRKS)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();

test('the quirk folder has one file per quirk', () => {
  assert.ok(files.length >= 9, files.join(' '));
});

for (const file of files) {
  test(`oracle: bpmn-quirks/${file}`, async () => {
    const src = path.join(QUIRKS, file);
    const out = path.join(dir, `${file}.out.bpmn`);
    const r = await kartla('convert', src, out);
    assert.equal(r.code, 0, r.stderr);
    const inXml = decode(file, fs.readFileSync(src));
    const exXml = fs.readFileSync(out, 'utf8');
    const vendor = /<LoopCounter>/.test(inXml);
    const plain = await new BpmnModdle().fromXML(xmlNormalize(exXml));
    const expectWarn = vendor ? [/unparsable content <LoopCounter> detected/] : [];
    assert.equal(plain.warnings.length, expectWarn.length, plain.warnings.map((w) => w.message).join('\n'));
    plain.warnings.forEach((w, i) => assert.match(w.message, expectWarn[i]));
    const inP = await typedModdle().fromXML(xmlNormalize(inXml));
    const exP = await typedModdle().fromXML(xmlNormalize(exXml));
    const repaired = r.stderr.includes('warning');
    let problems = compareParses(inP, exP, { repaired, inXml, exXml });
    // The sizes we repaired: negative made positive, a missing height given a default.
    if (/bounds/.test(file)) {
      problems = problems.filter((p) => !/\b(width|height)\b/.test(p));
      const bounds = Object.values(exP.elementsById)
        .flatMap((e) => [e.bounds, e.label && e.label.bounds])
        .filter(Boolean);
      for (const b of bounds) assert.ok(b.width >= 0 && b.height >= 0, `bounds ${JSON.stringify(b)}`);
    }
    assert.deepEqual(problems, []);
    const again = path.join(dir, `${file}.again.bpmn`);
    const a = await kartla('convert', ...(vendor ? [] : ['--strict']), out, again);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(fs.readFileSync(again, 'utf8'), exXml, 'the export changes when read again');
  });
}
