// The oracle over Kartla's own fixtures (tests/oracle/fixtures/*.bpmn): the
// same agreement and determinism checks as for the shared corpus, and for the
// ISO-8859-1 fixture (the shared Latin-1 files are pure ASCII, so they do not
// show whether the encoding is honoured) that the export is UTF-8 with the
// same characters.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BpmnModdle, FIXTURES, compareParses, kartla, listBpmn, readXml, tmpDir, typedModdle, xmlNormalize } from './helpers.mjs';

const dir = tmpDir('fixtures');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const fixtures = listBpmn(FIXTURES);

test('there are fixtures', () => {
  assert.ok(fixtures.includes('kartla-ext.bpmn') && fixtures.includes('latin1.bpmn'), fixtures.join(', '));
});

for (const rel of fixtures) {
  test(`oracle and determinism: fixtures/${rel}`, async () => {
    const src = path.join(FIXTURES, rel);
    const [x1, x2, x3] = ['1', '2', '3'].map((n) => path.join(dir, `${rel}.${n}.bpmn`));
    for (const [from, to] of [
      [src, x1],
      [src, x2],
      [x1, x3],
    ]) {
      const r = await kartla('convert', from, to);
      assert.equal(r.code, 0, r.stderr);
    }
    const inXml = readXml(src);
    const exXml = fs.readFileSync(x1, 'utf8');
    const plain = await new BpmnModdle().fromXML(xmlNormalize(exXml));
    assert.deepEqual(
      plain.warnings.map((w) => w.message),
      [],
    );
    const inP = await typedModdle().fromXML(xmlNormalize(inXml));
    const exP = await typedModdle().fromXML(xmlNormalize(exXml));
    assert.deepEqual(
      inP.warnings.map((w) => w.message),
      [],
      'the fixture itself must be clean',
    );
    assert.deepEqual(
      exP.warnings.map((w) => w.message),
      [],
    );
    assert.deepEqual(compareParses(inP, exP, { repaired: false, inXml, exXml }), []);
    assert.ok(fs.readFileSync(x1).equals(fs.readFileSync(x2)), 'two converts differ');
    assert.ok(fs.readFileSync(x1).equals(fs.readFileSync(x3)), 'converting the export changes it');
  });
}

test('an ISO-8859-1 map is read as Latin-1 and written as UTF-8', async () => {
  const src = path.join(FIXTURES, 'latin1.bpmn');
  const raw = fs.readFileSync(src);
  assert.ok(raw.includes(Buffer.from([0xf8])), 'the fixture must hold a raw Latin-1 byte (ø)');
  const out = path.join(dir, 'latin1.out.bpmn');
  const r = await kartla('convert', src, out);
  assert.equal(r.code, 0, r.stderr);
  const bytes = fs.readFileSync(out);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // throws on invalid UTF-8
  assert.match(text, /^<\?xml[^>]*encoding="UTF-8"/);
  const p = await new BpmnModdle().fromXML(text);
  assert.deepEqual(p.warnings, []);
  const byId = p.elementsById;
  assert.equal(p.rootElement.name, 'Søknad om godskriving');
  assert.equal(byId.Task_1.name, 'Vurdere søknad');
  assert.equal(byId.Task_2.name, 'Bedöma ansökan \u2013 «snabbt»');
  assert.equal(byId.Flow_1.name, 'første');
  assert.equal(byId.Process_Latin1.documentation[0].text, 'Grüße, æøå ÆØÅ, äöü, « guillemets », ½ § ©');
});
