// `kartla convert X out.json`: valid JSON in the "kartla-map" format whose
// elements are exactly the id-bearing BPMN elements moddle finds in our BPMN
// export of the same input, except those docs/json.md says are not listed
// even when they carry an id: documentation and the value-text elements
// (conditionExpression, timeDuration, transformation... which moddle types as
// bpmn:Expression / bpmn:FormalExpression); their meaning is on the parent.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { BpmnModdle, FIXTURES, HAVE_SHARED, KARTLA, corpus, elementsWithId, kartla, pool, repairList, tmpDir, xmlNormalize } from './helpers.mjs';

const repair = repairList();
const NOT_LISTED = new Set(['bpmn:Documentation', 'bpmn:Expression', 'bpmn:FormalExpression']);
const inputs = [...corpus().map(({ rel, src }) => ({ rel, src })), { rel: 'fixtures/kartla-ext.bpmn', src: path.join(FIXTURES, 'kartla-ext.bpmn') }];
const dir = tmpDir('json');
const base = (rel) => path.join(dir, rel.replaceAll('/', '__'));
let results = new Map();
let ran = 0;

before(async () => {
  assert.ok(fs.existsSync(KARTLA), `no kartla binary at ${KARTLA} (build it or set KARTLA)`);
  const list = await pool(inputs, 8, async ({ rel, src }) => {
    const flag = repair.has(rel) ? ['--repair'] : [];
    const j = await kartla('convert', ...flag, src, `${base(rel)}.json`);
    const x = await kartla('convert', ...flag, src, `${base(rel)}.bpmn`);
    return { j, x };
  });
  results = new Map(inputs.map((f, i) => [f.rel, list[i]]));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const { rel } of inputs) {
  test(`json: ${rel}`, async () => {
    const { j, x } = results.get(rel);
    assert.equal(j.code, 0, j.stderr);
    assert.equal(x.code, 0, x.stderr);
    const text = fs.readFileSync(`${base(rel)}.json`, 'utf8');
    let doc;
    assert.doesNotThrow(() => {
      doc = JSON.parse(text);
    }, 'output is not valid JSON');
    assert.equal(doc.format, 'kartla-map');
    assert.ok(Array.isArray(doc.elements) && doc.elements.length > 0, 'no elements array');
    const jsonIds = doc.elements.map((e) => e.id).filter((id) => id !== undefined && id !== null);
    assert.equal(new Set(jsonIds).size, jsonIds.length, 'an id occurs twice in the JSON elements');
    const parsed = await new BpmnModdle().fromXML(xmlNormalize(fs.readFileSync(`${base(rel)}.bpmn`, 'utf8')));
    const bpmnIds = elementsWithId(parsed.rootElement)
      .filter((e) => !NOT_LISTED.has(e.$type))
      .map((e) => e.id);
    const inBpmn = new Set(bpmnIds);
    const inJson = new Set(jsonIds);
    const onlyJson = jsonIds.filter((id) => !inBpmn.has(id));
    const onlyBpmn = bpmnIds.filter((id) => !inJson.has(id));
    assert.deepEqual(
      { onlyJson: onlyJson.slice(0, 10), onlyBpmn: onlyBpmn.slice(0, 10) },
      { onlyJson: [], onlyBpmn: [] },
      `${onlyJson.length} ids only in the JSON, ${onlyBpmn.length} only in the BPMN`,
    );
    ran++;
  });
}

test('every input was checked as JSON', () => {
  // the carried corpus (at least 50 files), or with ../shared the full one (at least 100), and the fixture
  assert.ok(inputs.length >= (HAVE_SHARED ? 101 : 51), `only ${inputs.length} inputs`);
  assert.equal(ran, inputs.length);
});
