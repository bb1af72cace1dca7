// bpmn-moddle as an external oracle over every BPMN file of the corpus
// (tests/data/bpmn, and the optional full corpus ../shared/data/bpmn when it
// is present; see corpus() in helpers.mjs): `kartla convert` (--strict, or the default repair for the files in tests/golden/repair.txt)
// must give an export moddle parses without a single warning and that holds
// every element, type, attribute and reference of moddle's parse of the
// input; and the export must be deterministic.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  BpmnModdle,
  DATA,
  KARTLA,
  SHARED,
  SHARED_SKIP,
  compareParses,
  corpus,
  kartla,
  pool,
  readXml,
  repairList,
  tmpDir,
  typedModdle,
  xmlNormalize,
} from './helpers.mjs';

const entries = corpus();
const files = entries.map((e) => e.rel);
const srcOf = new Map(entries.map((e) => [e.rel, e.src]));
const repair = repairList();
const dir = tmpDir('corpus');
const outName = (rel) => path.join(dir, rel.replaceAll('/', '__'));
let converted = new Map();
let oracleRan = 0;
let determinismRan = 0;

after(() => fs.rmSync(dir, { recursive: true, force: true }));

// All conversions up front, in parallel; the tests then only read results.
before(async () => {
  assert.ok(fs.existsSync(KARTLA), `no kartla binary at ${KARTLA} (build it or set KARTLA)`);
  const results = await pool(files, 8, async (rel) => {
    const src = srcOf.get(rel);
    const flag = repair.has(rel) ? ['--repair'] : [];
    const strictOut = `${outName(rel)}.strict.bpmn`;
    const strict = await kartla('convert', '--strict', src, strictOut);
    const strictLeft = fs.existsSync(strictOut);
    const a = await kartla('convert', ...flag, src, `${outName(rel)}.1.bpmn`);
    const b = await kartla('convert', ...flag, src, `${outName(rel)}.2.bpmn`);
    const c = a.code === 0 ? await kartla('convert', '--strict', `${outName(rel)}.1.bpmn`, `${outName(rel)}.3.bpmn`) : null;
    return { strict, strictLeft, a, b, c };
  });
  converted = new Map(files.map((f, i) => [f, results[i]]));
});

test('the carried corpus has at least 50 BPMN files and every file repair.txt lists', () => {
  const carried = entries.filter((e) => !e.shared).map((e) => e.rel);
  assert.ok(carried.length >= 50, `only ${carried.length} .bpmn files under ${DATA}`);
  for (const r of repair) assert.ok(carried.includes(r), `repair.txt lists '${r}', which is not in ${DATA}`);
});

test('the optional full corpus has at least 100 BPMN files', { skip: SHARED_SKIP }, () => {
  assert.ok(files.length >= 100, `only ${files.length} .bpmn files under ${DATA} and ${SHARED}`);
});

for (const rel of files) {
  test(`oracle: ${rel}`, async () => {
    const r = converted.get(rel);
    const repaired = repair.has(rel);
    if (repaired) {
      assert.equal(r.strict.code, 2, `strict convert of a file needing --repair must exit 2\n${r.strict.stderr}`);
      assert.match(r.strict.stderr, /refers to no element|duplicate id/);
      assert.equal(r.strictLeft, false, 'a refused convert left an output file behind');
      assert.match(r.a.stderr, /warning/, '--repair reported no repair');
    } else {
      assert.equal(r.strict.code, 0, `strict convert failed:\n${r.strict.stderr}`);
    }
    assert.equal(r.a.code, 0, `convert failed:\n${r.a.stderr}`);
    const inXml = readXml(srcOf.get(rel));
    const exXml = fs.readFileSync(`${outName(rel)}.1.bpmn`, 'utf8');
    const plain = await new BpmnModdle().fromXML(xmlNormalize(exXml));
    assert.deepEqual(
      plain.warnings.map((w) => w.message),
      [],
      'bpmn-moddle warns on our export',
    );
    const inP = await typedModdle().fromXML(xmlNormalize(inXml));
    const exP = await typedModdle().fromXML(xmlNormalize(exXml));
    assert.deepEqual(
      exP.warnings.map((w) => w.message),
      [],
      'bpmn-moddle with web/moddle/kartla.json warns on our export',
    );
    assert.ok(inP.rootElement, 'moddle could not parse the input');
    const problems = compareParses(inP, exP, { repaired, inXml, exXml });
    assert.deepEqual(problems, [], `export disagrees with the input:\n${problems.slice(0, 20).join('\n')}`);
    oracleRan++;
  });

  test(`deterministic: ${rel}`, () => {
    const r = converted.get(rel);
    assert.equal(r.a.code, 0, r.a.stderr);
    assert.equal(r.b.code, 0, r.b.stderr);
    const x1 = fs.readFileSync(`${outName(rel)}.1.bpmn`);
    const x2 = fs.readFileSync(`${outName(rel)}.2.bpmn`);
    assert.ok(x1.equals(x2), 'two converts of the same input differ');
    assert.equal(r.c.code, 0, `strict convert of our own export failed:\n${r.c.stderr}`);
    const x3 = fs.readFileSync(`${outName(rel)}.3.bpmn`);
    assert.ok(x1.equals(x3), 'converting our export again changes it');
    determinismRan++;
  });
}

test('every corpus file went through both checks', () => {
  assert.equal(oracleRan, files.length);
  assert.equal(determinismRan, files.length);
});
