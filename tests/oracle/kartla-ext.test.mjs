// Kartla's extension namespace (urn:kartla:bpmn:1.0) through bpmn-moddle:
// plain moddle keeps the elements it does not know, and with Kartla's
// descriptor (web/moddle/kartla.json, what the browser editor loads) they
// come back typed and survive moddle's toXML -> `kartla convert` unchanged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { BpmnModdle, FIXTURES, KARTLA_NS, compareParses, kartla, kartlaDescriptor, tmpDir, xmlNormalize } from './helpers.mjs';

const FIXTURE = path.join(FIXTURES, 'kartla-ext.bpmn');
const dir = tmpDir('ext');
const fixtureXml = fs.readFileSync(FIXTURE, 'utf8');
let exportXml;
let fixtureJson;

before(async () => {
  const r = await kartla('convert', FIXTURE, path.join(dir, 'export.bpmn'));
  assert.equal(r.code, 0, `kartla convert of the fixture failed:\n${r.stderr}`);
  exportXml = fs.readFileSync(path.join(dir, 'export.bpmn'), 'utf8');
  const j = await kartla('convert', FIXTURE, path.join(dir, 'fixture.json'));
  assert.equal(j.code, 0, j.stderr);
  fixtureJson = JSON.parse(fs.readFileSync(path.join(dir, 'fixture.json'), 'utf8'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const typed = () => new BpmnModdle({ kartla: kartlaDescriptor() });
const parse = (moddle, xml) => moddle.fromXML(xmlNormalize(xml));

/** id -> the Kartla extension values of that element, as plain data. */
function kartlaFacts(parsed) {
  const plain = (v) => {
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') {
      const o = { $type: v.$type };
      for (const k of Object.keys(v).sort()) if (!k.startsWith('$')) o[k] = plain(v[k]);
      if (v.$children) o.$children = plain(v.$children);
      if (v.$attrs && Object.keys(v.$attrs).length) o.$attrs = { ...v.$attrs };
      return o;
    }
    return v;
  };
  const facts = {};
  for (const [id, el] of Object.entries(parsed.elementsById)) {
    const values = (el.extensionElements?.values || []).filter((v) => /^kartla:/.test(v.$type));
    if (values.length) facts[id] = plain(values);
  }
  return facts;
}

/** Kartla data per element id from model JSON. */
function jsonKartla(doc) {
  return Object.fromEntries(doc.elements.filter((e) => e.kartla).map((e) => [e.id, e.kartla]));
}

const stripComments = (xml) => xml.replace(/<!--[\s\S]*?-->\n?/g, '');

test('the fixture is what it claims: two lanes, five steps, every Kartla element', async () => {
  const p = await parse(typed(), fixtureXml);
  assert.deepEqual(p.warnings, []);
  const els = Object.values(p.elementsById);
  assert.equal(els.filter((e) => e.$type === 'bpmn:Lane').length, 2);
  assert.equal(els.filter((e) => e.$type === 'bpmn:Task').length, 5);
  const seen = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object' || !v.$type) return;
    if (v.$type.startsWith('kartla:')) seen.add(v.$type.slice(7));
    for (const k of Object.keys(v)) if (!k.startsWith('$')) walk(v[k]);
  };
  walk(p.rootElement.rootElements);
  // (the abstract RepairInfo only adds kartla:unresolved / kartla:originalId to BPMN and DI elements)
  const declared = kartlaDescriptor()
    .types.filter((t) => !t.isAbstract)
    .map((t) => t.name);
  assert.deepEqual([...seen].sort(), [...declared].sort(), 'the fixture must use every descriptor type');
  // and the C reader decodes all of it
  const k = jsonKartla(fixtureJson);
  assert.equal(k.Process_Purchase.mapLevel, 'detailed');
  assert.equal(k.Flow_Yes.probability, 0.85);
  assert.deepEqual(k.Task_Check.processTime, { min: 600, mostLikely: 1200, max: 3600 });
  assert.equal(k.Task_Check.raci.length, 3);
});

test('kartla-ext: moddle parses our export without warnings, equal to the fixture', async () => {
  const plain = await parse(new BpmnModdle(), exportXml);
  assert.deepEqual(
    plain.warnings.map((w) => w.message),
    [],
  );
  const inP = await parse(typed(), fixtureXml);
  const exP = await parse(typed(), exportXml);
  assert.deepEqual(compareParses(inP, exP, { repaired: false, inXml: fixtureXml, exXml: exportXml }), []);
});

test('kartla-ext: plain moddle keeps the extension elements through toXML', async () => {
  const moddle = new BpmnModdle();
  const exP = await parse(moddle, exportXml);
  const generic = kartlaFacts(exP);
  assert.equal(Object.keys(generic).length, 8, 'process, five tasks and two flows carry Kartla data');
  assert.equal(generic.Task_Check[0].$type, 'kartla:processTime');
  const { xml } = await moddle.toXML(exP.rootElement, { format: true });
  assert.match(xml, new RegExp(`xmlns:kartla="${KARTLA_NS}"`));
  for (const name of ['processTime', 'waitTime', 'completeAccurate', 'valueAdding', 'probability', 'raci', 'responsibility', 'mapLevel']) {
    assert.match(xml, new RegExp(`<kartla:${name}[ >/]`), `moddle's toXML dropped kartla:${name}`);
  }
  // Read back with the descriptor, it is the fixture's data exactly.
  const back = await parse(typed(), xml);
  assert.deepEqual(back.warnings, []);
  assert.deepEqual(kartlaFacts(back), kartlaFacts(await parse(typed(), fixtureXml)));
  // and Kartla reads moddle's output to the same model data
  fs.writeFileSync(path.join(dir, 'plain-moddle.bpmn'), xml);
  const r = await kartla('convert', path.join(dir, 'plain-moddle.bpmn'), path.join(dir, 'plain-moddle.json'));
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(fs.readFileSync(path.join(dir, 'plain-moddle.json'), 'utf8'));
  assert.deepEqual(jsonKartla(j), jsonKartla(fixtureJson));
});

test('kartla-ext: with web/moddle/kartla.json the elements come back typed', async () => {
  const exP = await parse(typed(), exportXml);
  assert.deepEqual(
    exP.warnings.map((w) => w.message),
    [],
  );
  const byId = exP.elementsById;
  const values = (id) => byId[id].extensionElements.values;

  assert.deepEqual(
    values('Task_Check').map((v) => v.$type),
    ['kartla:ProcessTime', 'kartla:WaitTime', 'kartla:CompleteAccurate', 'kartla:ValueAdding', 'kartla:Raci'],
  );
  const [pt, wt, cna, va, raci] = values('Task_Check');
  assert.ok(pt.$instanceOf('kartla:ProcessTime'));
  assert.deepEqual([pt.min, pt.mostLikely, pt.max, pt.value], ['PT10M', 'PT20M', 'PT1H', undefined]);
  assert.deepEqual([wt.min, wt.mostLikely, wt.max], ['PT4H', 'P1D', 'P1W']);
  assert.equal(cna.percent, 92.5);
  assert.equal(va.value, false);
  assert.deepEqual(
    raci.responsibilities.map((r) => [r.$type, r.role, r.lane, r.value]),
    [
      ['kartla:Responsibility', 'Purchaser', 'Lane_Purchasing', 'R'],
      ['kartla:Responsibility', 'Head of purchasing', 'Lane_Purchasing', 'A'],
      ['kartla:Responsibility', 'Requester', 'Lane_Requester', 'C'],
    ],
  );
  assert.equal(values('Task_Submit')[0].value, 'PT15M');
  assert.equal(values('Task_Submit')[3].value, true);
  assert.equal(values('Flow_Yes')[0].$type, 'kartla:Probability');
  assert.equal(values('Flow_Yes')[0].value, 0.85);
  assert.equal(values('Process_Purchase')[0].$type, 'kartla:MapLevel');
  assert.equal(values('Process_Purchase')[0].value, 'detailed');
  assert.deepEqual(kartlaFacts(exP), kartlaFacts(await parse(typed(), fixtureXml)));
});

test('kartla-ext: typed moddle toXML -> kartla convert leaves the map unchanged', async () => {
  const moddle = typed();
  const exP = await parse(moddle, exportXml);
  const { xml } = await moddle.toXML(exP.rootElement, { format: true });
  const viaModdle = path.join(dir, 'typed-moddle.bpmn');
  fs.writeFileSync(viaModdle, xml);
  const r = await kartla('convert', viaModdle, path.join(dir, 'again.bpmn'));
  assert.equal(r.code, 0, `kartla refuses moddle's output:\n${r.stderr}`);
  const again = fs.readFileSync(path.join(dir, 'again.bpmn'), 'utf8');
  // moddle drops comments; apart from that the bytes are the same
  assert.equal(again, stripComments(exportXml));
  const p2 = await parse(typed(), again);
  assert.deepEqual(p2.warnings, []);
  assert.deepEqual(compareParses(exP, p2, { repaired: false, inXml: exportXml, exXml: again }), []);
  const j = await kartla('convert', viaModdle, path.join(dir, 'again.json'));
  assert.equal(j.code, 0, j.stderr);
  assert.deepEqual(jsonKartla(JSON.parse(fs.readFileSync(path.join(dir, 'again.json'), 'utf8'))), jsonKartla(fixtureJson));
});
