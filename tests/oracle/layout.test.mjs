// kartla layout under the bpmn-moddle oracle: on the maps of tests/data/layout and on
// every file of tests/data/bpmn that reads strictly, the laid-out map parses without
// warnings, keeps every semantic element (same ids, same types), and every DI element
// points at an element that exists, with a shape for every flow node and lane of the
// drawn planes and an edge for every sequence flow between two shapes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BpmnModdle, DATA, REPO, kartla, listBpmn, tmpDir } from './helpers.mjs';

const dir = tmpDir('layout');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const LAYOUT = path.join(REPO, 'tests/data/layout');
const files = [
  ...fs
    .readdirSync(LAYOUT)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => path.join(LAYOUT, f)),
  ...listBpmn(DATA).map((rel) => path.join(DATA, rel)),
];
const isDi = (t) => /^(bpmndi|dc|di):/.test(t);

for (const src of files) {
  test(`layout of ${path.relative(REPO, src)} satisfies bpmn-moddle`, async () => {
    const out = path.join(dir, `${path.basename(src)}.out.bpmn`);
    const r = await kartla('layout', src, out);
    if (r.code === 2 && /refers to no element|duplicate/.test(r.stderr)) return; // needs --repair: not a layout matter
    assert.equal(r.code, 0, r.stderr);
    const inP = await new BpmnModdle().fromXML(fs.readFileSync(src, 'utf8'));
    const exP = await new BpmnModdle().fromXML(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(
      exP.warnings.map((w) => w.message),
      [],
    );
    const sem = (p) =>
      Object.values(p.elementsById)
        .filter((e) => !isDi(e.$type))
        .map((e) => `${e.id}:${e.$type}`)
        .sort();
    assert.deepEqual(sem(exP), sem(inP), 'the semantic elements changed');
    const els = Object.values(exP.elementsById);
    const shown = new Map();
    for (const d of els.filter((e) => e.$type === 'bpmndi:BPMNShape' || e.$type === 'bpmndi:BPMNEdge')) {
      assert.ok(d.bpmnElement, `${d.id} points at nothing`);
      shown.set(d.bpmnElement.id, d);
    }
    const planes = new Set(els.filter((e) => e.$type === 'bpmndi:BPMNPlane').map((p) => p.bpmnElement?.id));
    for (const e of els) {
      const container = e.$parent;
      const drawnHere = container && (planes.has(container.id) || (container.$type === 'bpmn:Process' && shown.has(container.id)));
      const inPool = container?.$type === 'bpmn:Process' && els.some((p) => p.$type === 'bpmn:Participant' && p.processRef === container && shown.has(p.id));
      if (!(drawnHere || inPool)) continue;
      if (
        /^bpmn:(Task|UserTask|ServiceTask|SendTask|ReceiveTask|ManualTask|ScriptTask|BusinessRuleTask|SubProcess|CallActivity|StartEvent|EndEvent|IntermediateCatchEvent|IntermediateThrowEvent|BoundaryEvent|ExclusiveGateway|ParallelGateway|InclusiveGateway|EventBasedGateway|ComplexGateway)$/.test(
          e.$type,
        )
      )
        assert.ok(shown.has(e.id), `${e.$type} '${e.id}' has no shape`);
      if (e.$type === 'bpmn:SequenceFlow' && shown.has(e.sourceRef?.id) && shown.has(e.targetRef?.id))
        assert.ok(shown.has(e.id), `sequence flow '${e.id}' has no edge`);
    }
  });
}
