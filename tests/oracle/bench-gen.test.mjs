// The benchmark's map generator (bench/bpmn/gen.mjs) at a small size: it must
// be deterministic and make a valid map with DI and lanes that Kartla reads
// strictly and bpmn-moddle parses without warnings, and the oracle must agree
// on our export of it — otherwise bench/bpmn would time something else.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';

import { BpmnModdle, REPO, compareParses, kartla, tmpDir, typedModdle, xmlNormalize } from './helpers.mjs';

const run = promisify(execFile);
const dir = tmpDir('gen');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const GEN = path.join(REPO, 'bench/bpmn/gen.mjs');
const ACTIVITIES = 600;

// lanes: undefined = gen.mjs's default (5); bench/bpmn/run.sh uses 10.
async function checkGen(lanes) {
  const tag = lanes ?? 'default';
  const a = path.join(dir, `a-${tag}.bpmn`);
  const b = path.join(dir, `b-${tag}.bpmn`);
  const args = ['--activities', String(ACTIVITIES), ...(lanes ? ['--lanes', String(lanes)] : [])];
  await run(process.execPath, [GEN, ...args, '--out', a]);
  await run(process.execPath, [GEN, ...args, '--out', b]);
  assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), 'gen.mjs is not deterministic');

  const xml = fs.readFileSync(a, 'utf8');
  const inP = await new BpmnModdle().fromXML(xml);
  assert.deepEqual(
    inP.warnings.map((w) => w.message),
    [],
  );
  const els = Object.values(inP.elementsById);
  const count = (t) => els.filter((e) => e.$type === t).length;
  assert.equal(count('bpmn:Task'), ACTIVITIES);
  assert.equal(count('bpmn:Lane'), lanes ?? 5);
  assert.equal(count('bpmn:Participant'), 1);
  assert.ok(count('bpmn:ExclusiveGateway') > 0 && count('bpmn:ParallelGateway') > 0);
  const drawn = new Set(els.filter((e) => e.bpmnElement).map((e) => e.bpmnElement.id));
  for (const e of els) {
    if (/^bpmn:(Task|StartEvent|EndEvent|ExclusiveGateway|ParallelGateway|SequenceFlow|Lane|Participant)$/.test(e.$type))
      assert.ok(drawn.has(e.id), `${e.$type} '${e.id}' has no DI`);
  }
  const laneCount = new Map();
  for (const lane of els.filter((e) => e.$type === 'bpmn:Lane')) for (const n of lane.flowNodeRef) laneCount.set(n.id, (laneCount.get(n.id) || 0) + 1);
  for (const e of els.filter((x) => x.incoming !== undefined && x.$type !== 'bpmn:SequenceFlow'))
    assert.equal(laneCount.get(e.id), 1, `'${e.id}' is not in exactly one lane`);

  const out = path.join(dir, `out-${tag}.bpmn`);
  const r = await kartla('convert', a, out);
  assert.equal(r.code, 0, `strict kartla convert refuses the generated map:\n${r.stderr}`);
  const exXml = fs.readFileSync(out, 'utf8');
  const exP = await new BpmnModdle().fromXML(xmlNormalize(exXml));
  assert.deepEqual(
    exP.warnings.map((w) => w.message),
    [],
  );
  const inTyped = await typedModdle().fromXML(xml);
  const exTyped = await typedModdle().fromXML(xmlNormalize(exXml));
  assert.deepEqual(
    exTyped.warnings.map((w) => w.message),
    [],
  );
  assert.deepEqual(compareParses(inTyped, exTyped, { repaired: false, inXml: xml, exXml }), []);
}

test('bench/bpmn/gen.mjs makes a deterministic, valid map the oracle agrees on', () => checkGen(undefined));
test("bench/bpmn/gen.mjs --lanes 10 (the benchmark's map) too", () => checkGen(10));

test('bench/bpmn/gen.mjs refuses a lane count it has no names for', async () => {
  await assert.rejects(run(process.execPath, [GEN, '--activities', '10', '--lanes', '11']), /--lanes must be an integer from 1 to 10/);
});
