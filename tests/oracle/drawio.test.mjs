// The oracle over the draw.io import: every diagram of tests/data/drawio converts to BPMN
// that bpmn-moddle reads without a warning (every reference resolves, every element and
// attribute is known), whose DI shows every flow node, and that converts to itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BpmnModdle, REPO, kartla, tmpDir } from './helpers.mjs';

const DRAWIO = path.join(REPO, 'tests/data/drawio');
const dir = tmpDir('drawio');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const files = fs
  .readdirSync(DRAWIO)
  .filter((f) => f.endsWith('.drawio'))
  .sort();

test('there are draw.io diagrams', () => {
  assert.ok(files.length >= 5, files.join(', '));
});

for (const f of files) {
  test(`bpmn-moddle reads the translation of ${f}`, async () => {
    const x1 = path.join(dir, `${f}.1.bpmn`);
    const x2 = path.join(dir, `${f}.2.bpmn`);
    let r = await kartla('convert', path.join(DRAWIO, f), x1);
    assert.equal(r.code, 0, r.stderr);
    r = await kartla('convert', x1, x2);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.readFileSync(x1).equals(fs.readFileSync(x2)), 'converting the translation changes it');

    const { rootElement: defs, warnings, elementsById } = await new BpmnModdle().fromXML(fs.readFileSync(x1, 'utf8'));
    assert.deepEqual(
      warnings.map((w) => w.message),
      [],
    );
    const shown = new Set();
    for (const d of defs.diagrams) for (const de of d.plane.planeElement) shown.add(de.bpmnElement.id);
    const nodes = Object.values(elementsById).filter((e) => e.$instanceOf('bpmn:FlowNode') || e.$instanceOf('bpmn:SequenceFlow'));
    assert.ok(nodes.length > 0, 'no flow nodes');
    for (const n of nodes) assert.ok(shown.has(n.id), `${n.id} has no DI`);
    for (const n of nodes.filter((e) => e.$instanceOf('bpmn:SequenceFlow'))) {
      assert.equal(n.sourceRef.$parent, n.$parent, `${n.id} leaves its container`);
      assert.equal(n.targetRef.$parent, n.$parent, `${n.id} enters another container`);
    }
  });
}
