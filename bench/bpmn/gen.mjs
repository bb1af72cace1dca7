// Generates a large, valid BPMN 2.0 process map for bench/bpmn/run.sh:
// one pool with five lanes and a long chain of tasks from a start to an end
// event, broken every 25 tasks by an exclusive or parallel split/join around
// two tasks in different lanes. Every flow node and sequence flow has DI
// (shapes with bounds, edges with waypoints, gateway labels), every task
// carries Kartla extension data, and the lanes list their flow nodes.
// Deterministic: the same arguments give the same bytes.
//
// usage: node bench/bpmn/gen.mjs [--activities N] [--lanes L] [--out FILE]
//        (defaults: 50000 activities, 5 lanes, stdout; at most 10 lanes)
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const N = Number(opt('--activities', '50000'));
const L = Number(opt('--lanes', '5'));
const outFile = opt('--out', null);
if (!Number.isInteger(N) || N < 3) {
  process.stderr.write('gen.mjs: --activities must be an integer >= 3\n');
  process.exit(2);
}
if (!Number.isInteger(L) || L < 1 || L > 10) {
  process.stderr.write('gen.mjs: --lanes must be an integer from 1 to 10\n');
  process.exit(2);
}

// A small deterministic PRNG (mulberry32).
let seed = 0x6b61726c; // "karl"
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

const LANES = ['Customer service', 'Sales', 'Warehouse', 'Finance', 'Management', 'Purchasing', 'Legal', 'IT', 'Human resources', 'Quality'].slice(0, L);
const LANE_H = 200;
const COL_W = 150;
const POOL_X = 100;
const POOL_Y = 100;
const LANE_X = POOL_X + 30;
const VERBS = ['Register', 'Check', 'Approve', 'Send', 'Prepare', 'Review', 'Update', 'Archive', 'Plan', 'Confirm'];
const OBJECTS = ['order', 'invoice', 'request', 'contract', 'delivery', 'offer', 'report', 'claim', 'payment', 'schedule'];
const DURATIONS = ['PT5M', 'PT10M', 'PT15M', 'PT30M', 'PT45M', 'PT1H', 'PT2H'];
const WAITS = ['PT1H', 'PT4H', 'P1D', 'P2D', 'P3D'];

const nodes = []; // { id, kind, name, lane, col, incoming: [], outgoing: [], ext }
const flows = []; // { id, source, target, probability }
let col = 0;

function node(kind, lane, name, ext) {
  const n = { id: `${kind === 'task' ? 'Activity' : kind[0].toUpperCase() + kind.slice(1)}_${nodes.length + 1}`, kind, lane, name, col, incoming: [], outgoing: [], ext };
  nodes.push(n);
  return n;
}
function flow(a, b, probability) {
  const f = { id: `Flow_${flows.length + 1}`, source: a, target: b, probability };
  flows.push(f);
  a.outgoing.push(f);
  b.incoming.push(f);
  return f;
}
let tasks = 0;
function task(lane) {
  tasks++;
  const ext = [`<kartla:processTime value="${pick(DURATIONS)}"/>`];
  if (tasks % 3 === 0) ext.push(`<kartla:waitTime min="PT1H" mostLikely="${pick(WAITS)}" max="P1W"/>`);
  else ext.push(`<kartla:waitTime value="${pick(WAITS)}"/>`);
  if (tasks % 7 === 0) ext.push(`<kartla:completeAccurate percent="${50 + Math.floor(rand() * 50)}"/>`);
  return node('task', lane, `${pick(VERBS)} ${pick(OBJECTS)} ${tasks}`, ext);
}

let prev = node('startEvent', 0, 'Order received');
col++;
while (tasks < N) {
  if (tasks % 25 === 24 && tasks + 2 <= N) {
    const kind = (tasks / 25) % 2 < 1 ? 'exclusiveGateway' : 'parallelGateway';
    const split = node(kind, prev.lane, kind === 'exclusiveGateway' ? `Order ${tasks} complete?` : undefined);
    flow(prev, split);
    col++;
    const la = prev.lane;
    const lb = (la + 1 + Math.floor(rand() * 4)) % LANES.length;
    const a = task(la);
    const b = task(lb);
    const excl = kind === 'exclusiveGateway';
    flow(split, a, excl ? 0.7 : undefined);
    flow(split, b, excl ? 0.3 : undefined);
    col++;
    const join = node(kind, la);
    flow(a, join);
    flow(b, join);
    prev = join;
  } else {
    const lane = rand() < 0.6 ? prev.lane : Math.floor(rand() * LANES.length);
    const t = task(lane);
    flow(prev, t);
    prev = t;
  }
  col++;
}
const end = node('endEvent', prev.lane, 'Order closed');
flow(prev, end);
col++;

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const size = (n) => (n.kind === 'task' ? [100, 80] : n.kind.endsWith('Gateway') ? [50, 50] : [36, 36]);
const bounds = (n) => {
  const [w, h] = size(n);
  const cx = LANE_X + 80 + n.col * COL_W;
  const cy = POOL_Y + n.lane * LANE_H + LANE_H / 2;
  return { x: cx - w / 2, y: cy - h / 2, w, h, cx, cy };
};

const chunks = [];
let pending = '';
const out = (s) => {
  pending += s;
  if (pending.length > 1 << 20) {
    chunks.push(pending);
    pending = '';
  }
};

out('<?xml version="1.0" encoding="UTF-8"?>\n');
out(
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ' +
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:kartla="urn:kartla:bpmn:1.0" ' +
    `id="Definitions_Bench" targetNamespace="urn:kartla:bench:generated" exporter="kartla bench/bpmn/gen.mjs" exporterVersion="1">\n`,
);
out('  <bpmn:collaboration id="Collaboration_Bench">\n');
out('    <bpmn:participant id="Participant_Company" name="Company" processRef="Process_Bench"/>\n');
out('  </bpmn:collaboration>\n');
out(`  <bpmn:process id="Process_Bench" name="Handle ${N} orders" isExecutable="false">\n`);
out('    <bpmn:extensionElements>\n      <kartla:mapLevel value="detailed"/>\n    </bpmn:extensionElements>\n');
out('    <bpmn:laneSet id="LaneSet_Bench">\n');
LANES.forEach((name, i) => {
  out(`      <bpmn:lane id="Lane_${i + 1}" name="${esc(name)}">\n`);
  for (const n of nodes) if (n.lane === i) out(`        <bpmn:flowNodeRef>${n.id}</bpmn:flowNodeRef>\n`);
  out('      </bpmn:lane>\n');
});
out('    </bpmn:laneSet>\n');
for (const n of nodes) {
  out(`    <bpmn:${n.kind} id="${n.id}"${n.name ? ` name="${esc(n.name)}"` : ''}>\n`);
  if (n.ext) out(`      <bpmn:extensionElements>\n        ${n.ext.join('\n        ')}\n      </bpmn:extensionElements>\n`);
  for (const f of n.incoming) out(`      <bpmn:incoming>${f.id}</bpmn:incoming>\n`);
  for (const f of n.outgoing) out(`      <bpmn:outgoing>${f.id}</bpmn:outgoing>\n`);
  out(`    </bpmn:${n.kind}>\n`);
}
for (const f of flows) {
  const attrs = `id="${f.id}" sourceRef="${f.source.id}" targetRef="${f.target.id}"`;
  if (f.probability === undefined) out(`    <bpmn:sequenceFlow ${attrs}/>\n`);
  else
    out(
      `    <bpmn:sequenceFlow ${attrs}>\n      <bpmn:extensionElements>\n        <kartla:probability value="${f.probability}"/>\n      </bpmn:extensionElements>\n    </bpmn:sequenceFlow>\n`,
    );
}
out('  </bpmn:process>\n');

const width = 2 * 80 + col * COL_W;
out('  <bpmndi:BPMNDiagram id="Diagram_Bench" name="Generated benchmark map">\n');
out('    <bpmndi:BPMNPlane id="Plane_Bench" bpmnElement="Collaboration_Bench">\n');
out(`      <bpmndi:BPMNShape id="Participant_Company_di" bpmnElement="Participant_Company" isHorizontal="true">\n        <dc:Bounds x="${POOL_X}" y="${POOL_Y}" width="${width + 30}" height="${LANES.length * LANE_H}"/>\n      </bpmndi:BPMNShape>\n`);
LANES.forEach((_, i) => {
  out(`      <bpmndi:BPMNShape id="Lane_${i + 1}_di" bpmnElement="Lane_${i + 1}" isHorizontal="true">\n        <dc:Bounds x="${LANE_X}" y="${POOL_Y + i * LANE_H}" width="${width}" height="${LANE_H}"/>\n      </bpmndi:BPMNShape>\n`);
});
for (const n of nodes) {
  const b = bounds(n);
  const marker = n.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
  out(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${marker}>\n        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"/>\n`);
  if (n.name && n.kind !== 'task') {
    out(`        <bpmndi:BPMNLabel>\n          <dc:Bounds x="${b.cx - 45}" y="${b.y + b.h + 7}" width="90" height="27"/>\n        </bpmndi:BPMNLabel>\n`);
  }
  out('      </bpmndi:BPMNShape>\n');
}
for (const f of flows) {
  const s = bounds(f.source);
  const t = bounds(f.target);
  const pts = [];
  if (s.cy === t.cy) {
    pts.push([s.x + s.w, s.cy], [t.x, t.cy]);
  } else {
    const mx = (s.x + s.w + t.x) / 2;
    pts.push([s.x + s.w, s.cy], [mx, s.cy], [mx, t.cy], [t.x, t.cy]);
  }
  out(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">\n`);
  for (const [x, y] of pts) out(`        <di:waypoint x="${x}" y="${y}"/>\n`);
  out('      </bpmndi:BPMNEdge>\n');
}
out('    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n');
chunks.push(pending);

if (outFile) {
  const tmp = `${outFile}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  for (const c of chunks) fs.writeSync(fd, c);
  fs.closeSync(fd);
  fs.renameSync(tmp, outFile);
} else {
  for (const c of chunks) fs.writeSync(1, c);
}
process.stderr.write(`gen.mjs: ${tasks} activities, ${nodes.length} flow nodes, ${flows.length} sequence flows, ${LANES.length} lanes\n`);
