// The oracle's comparison must be able to fail: feed it exports tampered in
// the ways a broken writer would tamper them and check each is reported.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { DATA, compareParses, kartla, readXml, tmpDir, typedModdle, xmlNormalize } from './helpers.mjs';

const dir = tmpDir('selftest');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function problemsFor(rel, tamper, { repaired = false } = {}) {
  const src = path.join(DATA, rel);
  const out = path.join(dir, `${path.basename(rel)}.bpmn`);
  const r = await kartla('convert', ...(repaired ? ['--repair'] : []), src, out);
  assert.equal(r.code, 0, r.stderr);
  const inXml = readXml(src);
  const exXml = tamper(fs.readFileSync(out, 'utf8'));
  const inP = await typedModdle().fromXML(xmlNormalize(inXml));
  const exP = await typedModdle().fromXML(xmlNormalize(exXml));
  return compareParses(inP, exP, { repaired, inXml, exXml });
}

const once = (from, to) => (x) => {
  assert.ok(x.includes(from), `fixture text '${from}' not found`);
  return x.replace(from, to);
};

const A10 = 'miwg-reference/A.1.0.bpmn';
// A.1.0: start -> Task 1 -> Task 2 -> Task 3 -> end, with DI.
const TASK2 = '_820c21c0-45f3-473b-813f-06381cc637cd';
const TASK3 = '_e70a6fcb-913c-4a7b-a65d-e83adc73d69c';

test('untampered export agrees', async () => {
  assert.deepEqual(await problemsFor(A10, (x) => x), []);
});

const cases = [
  ['a changed reference', once(`targetRef="${TASK2}"`, `targetRef="${TASK3}"`), /differs at \.targetRef/],
  ['a changed name', once('name="Task 2"', 'name="Task 2b"'), /differs at \.name/],
  ['changed DI geometry', (x) => x.replace(/(<[^>]*Bounds[^>]*\sx=")(\d+)/, (m, a, n) => a + (Number(n) + 1)), /differs at .*\.x/],
  ['a removed element', (x) => x.replace(/<([\w:]*)task [^>]*id="_820c21c0[^]*?<\/\1task>/, ''), /missing from the export|lost/],
  [
    'a new element',
    once('name="Task 2"', 'name="Task 2"><semantic:documentation id="added_doc">x</semantic:documentation></semantic:task><semantic:task id="extra"'),
    /adds/,
  ],
  ['a lost attribute', (x) => x.replace(/ targetNamespace="[^"]*"/, ''), /differs at \.targetNamespace/],
];

for (const [what, tamper, expect] of cases) {
  test(`the oracle reports ${what}`, async () => {
    const problems = await problemsFor(A10, tamper);
    assert.ok(problems.length > 0, 'no problem reported');
    assert.match(problems.join('\n'), expect);
  });
}

test('the oracle reports a changed element type', async () => {
  const problems = await problemsFor(A10, (x) => {
    const re = new RegExp(`<(\\w+:)?task ([^>]*id="${TASK2}"[^]*?)</(\\w+:)?task>`);
    assert.match(x, re);
    return x.replace(re, '<$1userTask $2</$3userTask>');
  });
  assert.match(problems.join('\n'), new RegExp(`'${TASK2}' is a bpmn:UserTask`));
});

test('the oracle reports a lost extension element', async () => {
  const rel = 'miwg-reference/C.8.0.bpmn';
  const problems = await problemsFor(rel, (x) => {
    const re = /<i18n:translation[^>]*>[^<]*<\/i18n:translation>/;
    assert.match(x, re);
    return x.replace(re, '');
  });
  assert.match(problems.join('\n'), /differs at \.extensionElements/);
});

test('the oracle reports a lost attribute in a foreign namespace', async () => {
  const rel = 'miwg-reference/C.8.1.bpmn';
  const problems = await problemsFor(rel, once(' openapi:method="POST"', ''), { repaired: true });
  assert.match(problems.join('\n'), /differs at \.\$attrs/);
});

test('the oracle reports a dropped kartla:unresolved entry', async () => {
  const rel = 'miwg-reference/C.8.1.bpmn';
  const problems = await problemsFor(rel, once(' kartla:unresolved="outMessageRef=triso:unspecified"', ''), {
    repaired: true,
  });
  assert.match(problems.join('\n'), /unresolved outMessageRef <triso:unspecified>/);
});
