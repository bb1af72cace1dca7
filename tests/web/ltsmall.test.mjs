// Lead time that does not mislead and smaller things users hit (issue 11 §9
// and §11), in the browser on the demo workspace: in nb, the timeline follows
// the flow (a step inserted between "Assess" and "Approve" but written last in
// the file is drawn between them); in sv, the editor's palette buttons have
// tooltips in Swedish; the role picker offers "prosesseier" once.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startAll, newPage, signIn, visit, settle, noErrors, REPO } from './helpers.mjs';

const worked = fs.readFileSync(path.join(REPO, 'examples/worked-example.bpmn'), 'utf8');
// "Check documents" sits between Assess and Approve in the flow, but after Send decision in the file.
const inserted = worked
  .replace(
    '<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_AssessApplication" targetRef="Task_ApproveDecision"/>',
    '<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_AssessApplication" targetRef="Task_Check"/>' +
      '<bpmn:sequenceFlow id="Flow_3b" sourceRef="Task_Check" targetRef="Task_ApproveDecision"/>',
  )
  .replace(
    '<bpmn:sequenceFlow id="Flow_1"',
    '<bpmn:task id="Task_Check" name="Check documents"><bpmn:extensionElements><kartla:processTime value="PT1H"/></bpmn:extensionElements></bpmn:task>\n    <bpmn:sequenceFlow id="Flow_1"',
  )
  .replace(
    '<bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">',
    '<bpmndi:BPMNShape id="Task_Check_di" bpmnElement="Task_Check"><dc:Bounds x="560" y="40" width="100" height="80"/></bpmndi:BPMNShape>' +
      '<bpmndi:BPMNEdge id="Flow_3b_di" bpmnElement="Flow_3b"><di:waypoint x="660" y="80"/><di:waypoint x="690" y="390"/></bpmndi:BPMNEdge>' +
      '<bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">',
  );

describe('lead time in flow order, palette tooltips, role picker', () => {
  let server;
  let browser;
  let pid;
  before(async () => {
    assert.notEqual(inserted, worked);
    assert.match(inserted, /Flow_3b/);
    assert.match(inserted, /id="Task_Check"/);
    ({ server, browser } = await startAll());
    const admin = server.client();
    assert.equal((await admin.login('admin', server.adminPassword)).status, 200);
    const fac = server.client();
    assert.equal((await fac.login('handledare', 'kartla-demo')).status, 200);
    const p = await admin.post('/api/processes', { type: 'core', name: { en: 'Inserted step (test)', nb: 'Innsatt steg (test)', sv: 'Infogat steg (test)' } });
    assert.equal(p.status, 201, p.text);
    pid = p.json.id;
    const v = await fac.post(`/api/processes/${pid}/maps`, { variant: 'as_is', bpmn: inserted });
    assert.equal(v.status, 201, v.text);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('nb: the timeline follows the flow, not the file', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/leadtime`);
    await page.waitForSelector('.ladder-row');
    const order = await page.$$eval('.ladder-row', (xs) => xs.map((x) => x.dataset.activity));
    assert.deepEqual(order, ['Task_RegisterApplication', 'Task_AssessApplication', 'Task_Check', 'Task_ApproveDecision', 'Task_SendDecision']);
    assert.equal(await page.textContent('[data-action=tobe-draft]'), 'Start utkast til ønsket situasjon fra denne versjonen');
    noErrors(page, 'lead-time tab');
    await page.context().close();
  });

  test('sv: the palette buttons have Swedish tooltips', async () => {
    const page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'handledare');
    await visit(page, `/process/${pid}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler);
    await page.waitForSelector('.djs-palette .entry[data-action="create.task"][title]');
    assert.equal(await page.getAttribute('.djs-palette .entry[data-action="create.task"]', 'title'), 'Skapa aktivitet');
    assert.equal(await page.getAttribute('.djs-palette .entry[data-action="hand-tool"]', 'title'), 'Handverktyg (flytta vyn)');
    const untitled = await page.$$eval('.djs-palette .entry[data-action]', (xs) => xs.filter((x) => !x.title).map((x) => x.dataset.action));
    assert.deepEqual(untitled, []);
    await page.context().close();
  });

  test('the role picker offers each role once', async () => {
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'admin', server.adminPassword);
    await visit(page, '/org/assignments');
    await page.click('section button[aria-expanded=false]');
    await page.waitForSelector('select[name=role_id]');
    const labels = await page.$$eval('select[name=role_id] option', (xs) => xs.map((x) => x.textContent.trim()).filter(Boolean));
    assert.equal(labels.filter((l) => l === 'prosesseier').length, 1, labels.join(', '));
    assert.equal(new Set(labels).size, labels.length, labels.join(', '));
    noErrors(page, 'role assignments');
    await page.context().close();
  });
});
