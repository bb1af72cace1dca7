// `--repair` seen through bpmn-moddle on small hand-made maps with the defects
// other tools' exports have (dangling references of every form, duplicate
// ids) and a few awkward namespace cases. The oracle must agree with the
// input wherever moddle could read it, the repairs must be recorded in the
// Kartla namespace, and the export must read back strictly, unchanged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BpmnModdle, compareParses, kartla, repairAttr, tmpDir, typedModdle, xmlNormalize } from './helpers.mjs';

const dir = tmpDir('repair');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const NS =
  'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"';
const map = (body, rootAttrs = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<definitions ${NS}${rootAttrs} id="defs" targetNamespace="urn:t">\n${body}\n</definitions>\n`;

/** Repairs `xml`, checks everything generic; resolves to { exP, exXml, stderr }. */
async function repairAndCheck(name, xml, { viaEditor: throughEditor = true } = {}) {
  const src = path.join(dir, `${name}.bpmn`);
  const out = path.join(dir, `${name}.out.bpmn`);
  const again = path.join(dir, `${name}.again.bpmn`);
  fs.writeFileSync(src, xml);
  const strict = await kartla('convert', '--strict', src, path.join(dir, `${name}.strict.bpmn`));
  assert.equal(strict.code, 2, `strict convert must refuse it:\n${strict.stderr}`);
  const r = await kartla('convert', '--repair', src, out);
  assert.equal(r.code, 0, r.stderr);
  const exXml = fs.readFileSync(out, 'utf8');
  const plain = await new BpmnModdle().fromXML(xmlNormalize(exXml));
  assert.deepEqual(
    plain.warnings.map((w) => w.message),
    [],
    'moddle warns on the repaired export',
  );
  const inP = await typedModdle().fromXML(xmlNormalize(xml));
  const exP = await typedModdle().fromXML(xmlNormalize(exXml));
  assert.deepEqual(
    exP.warnings.map((w) => w.message),
    [],
    'moddle with the Kartla descriptor warns on the export',
  );
  assert.deepEqual(compareParses(inP, exP, { repaired: true, inXml: xml, exXml }), []);
  const a = await kartla('convert', '--strict', out, again);
  assert.equal(a.code, 0, `the repaired export does not read strictly:\n${a.stderr}`);
  assert.equal(fs.readFileSync(again, 'utf8'), exXml, 'the repaired export changes when read again');
  if (!throughEditor) return { exP, exXml, stderr: r.stderr };
  // The browser editor (moddle with the descriptor) saves the repair attributes back.
  const moddle = typedModdle();
  const { xml: saved } = await moddle.toXML((await moddle.fromXML(exXml)).rootElement, { format: true });
  const viaEditor = path.join(dir, `${name}.editor.bpmn`);
  fs.writeFileSync(viaEditor, saved);
  const e = await kartla('convert', viaEditor, path.join(dir, `${name}.editor.out.bpmn`));
  assert.equal(e.code, 0, `kartla refuses what moddle saved:\n${e.stderr}`);
  const savedP = await typedModdle().fromXML(fs.readFileSync(path.join(dir, `${name}.editor.out.bpmn`), 'utf8'));
  assert.deepEqual(savedP.warnings, []);
  assert.deepEqual(compareParses(exP, savedP, { repaired: false, inXml: exXml, exXml: saved, nsDecls: false }), []);
  for (const el of Object.values(exP.elementsById)) {
    for (const k of ['unresolved', 'originalId'])
      assert.equal(repairAttr(savedP.elementsById[el.id], k), repairAttr(el, k), `kartla:${k} of '${el.id}' after moddle`);
  }
  return { exP, exXml, stderr: r.stderr };
}

test('repair: dangling references of every form', async () => {
  const { exP } = await repairAndCheck(
    'dangling',
    map(`  <collaboration id="c">
    <participant id="pool" processRef="p"/>
    <messageFlow id="mf" sourceRef="pool" targetRef="ghostPool"/>
  </collaboration>
  <process id="p" isExecutable="false">
    <laneSet id="ls">
      <lane id="l"><flowNodeRef>t</flowNodeRef><flowNodeRef>ghostNode</flowNodeRef></lane>
    </laneSet>
    <dataObject id="obj"/>
    <task id="t" default="ghostFlow">
      <incoming>ghostIn</incoming>
      <outgoing>f</outgoing>
      <dataInputAssociation id="dia"><sourceRef>ghostData</sourceRef><targetRef>ghostInput</targetRef></dataInputAssociation>
    </task>
    <endEvent id="e"><incoming>f</incoming></endEvent>
    <boundaryEvent id="b" attachedToRef="ghostTask"/>
    <sequenceFlow id="f" sourceRef="t" targetRef="e"/>
  </process>
  <bpmndi:BPMNDiagram id="dia1">
    <bpmndi:BPMNPlane id="plane" bpmnElement="c">
      <bpmndi:BPMNShape id="t_di" bpmnElement="t"><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="ghost_di" bpmnElement="ghostShape"><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_di" bpmnElement="f"><di:waypoint x="1" y="2"/><di:waypoint x="3" y="4"/></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>`),
  );
  const byId = exP.elementsById;
  // Resolvable references are untouched next to the dangling ones.
  assert.deepEqual(
    byId.l.flowNodeRef.map((n) => n.id),
    ['t'],
  );
  assert.equal(byId.t.outgoing[0].id, 'f');
  assert.equal(byId.mf.sourceRef.id, 'pool');
  for (const [id, expect] of [
    ['mf', /targetRef=ghostPool/],
    ['l', /flowNodeRef=ghostNode/],
    ['t', /default=ghostFlow/],
    ['b', /attachedToRef=ghostTask/],
    ['ghost_di', /bpmnElement=ghostShape/],
  ]) {
    assert.match(repairAttr(byId[id], 'unresolved') ?? '', expect, `kartla:unresolved of '${id}'`);
  }
});

test('repair: duplicate ids at several levels, references stay with the first', async () => {
  const { exP, stderr } = await repairAndCheck(
    'duplicates',
    map(`  <process id="p" isExecutable="false">
    <startEvent id="s"><outgoing>f1</outgoing></startEvent>
    <task id="t"><incoming>f1</incoming><outgoing>f2</outgoing></task>
    <task id="t" name="second t"/>
    <endEvent id="e"><incoming>f2</incoming></endEvent>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
    <sequenceFlow id="f2" sourceRef="s" targetRef="e"/>
  </process>`),
  );
  assert.equal((stderr.match(/duplicate id/g) || []).length, 2, stderr);
  const els = Object.values(exP.elementsById);
  const renamed = els.filter((e) => repairAttr(e, 'originalId') !== undefined);
  assert.deepEqual(renamed.map((e) => [e.$type, repairAttr(e, 'originalId')]).sort(), [
    ['bpmn:SequenceFlow', 'f2'],
    ['bpmn:Task', 't'],
  ]);
  assert.equal(exP.elementsById.f1.targetRef.name, undefined, 'f1 must still end at the first t');
  assert.equal(exP.elementsById.t.name, undefined);
});

test('repair: the root binds the kartla prefix to another namespace', async () => {
  const { exXml } = await repairAndCheck(
    'prefix-taken',
    map(
      `  <process id="p" isExecutable="false" kartla:own="mine">
    <task id="t"/>
    <sequenceFlow id="f" sourceRef="t" targetRef="ghost"/>
  </process>`,
      ' xmlns:kartla="urn:someone-else"',
    ),
    // Not through moddle's toXML: with the Kartla descriptor loaded, moddle-xml 12 drops an
    // attribute whose document prefix is `kartla` but whose namespace is another one
    // ("missing namespace information for <ns0:own=mine>") - moddle's limitation, not ours.
    { viaEditor: false },
  );
  assert.match(exXml, /xmlns:kartla="urn:someone-else"/);
  assert.match(exXml, /kartla:own="mine"/);
});

// (was lib bug p0002 in tests/pending, fixed: repair attributes took the root's prefix)
test('repair: an inner element rebinds the kartla prefix', async () => {
  await repairAndCheck(
    'prefix-shadowed',
    map(
      `  <process id="p" isExecutable="false" xmlns:kartla="urn:other">
    <task id="t"/>
    <sequenceFlow id="f" sourceRef="t" targetRef="ghost"/>
  </process>`,
      ' xmlns:kartla="urn:kartla:bpmn:1.0"',
    ),
  );
});

// (was lib bug p0001 in tests/pending, fixed: <id>_dup2 was checked only against the ids seen so far)
test('repair: a renamed duplicate must not take an id a later element has', async () => {
  await repairAndCheck(
    'rename-collides',
    map(`  <process id="p" isExecutable="false">
    <task id="a"/>
    <task id="a"/>
    <task id="a_dup2" name="the real a_dup2"/>
    <endEvent id="e"/>
    <sequenceFlow id="f" sourceRef="a_dup2" targetRef="e"/>
  </process>`),
  );
});
