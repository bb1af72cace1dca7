// Maps through the API are indexed like the demo's (every translation, so
// search finds an element by its nb and sv names), and segregation of
// duties in governance (issue 10, finding 2): nobody approves or rejects a
// version they submitted, even after a move made them an owner by
// inheritance; the real owner still decides.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { sql } from './portfolio.mjs';

/** A small map whose task and lane carry nb and sv translations (i18n extension). */
function translatedMap(task, lane) {
  const tr = (t) => `<i18n:translation xml:lang="nb">${t.nb}</i18n:translation><i18n:translation xml:lang="sv">${t.sv}</i18n:translation>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" id="D" targetNamespace="urn:test">
<bpmn:process id="P" isExecutable="false"><bpmn:laneSet id="LS"><bpmn:lane id="L1" name="${lane.en}"><bpmn:extensionElements>${tr(lane)}</bpmn:extensionElements><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>T1</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
<bpmn:startEvent id="S" name="Start"/><bpmn:userTask id="T1" name="${task.en}"><bpmn:extensionElements>${tr(task)}</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="E" name="End"/>
<bpmn:sequenceFlow id="F0" sourceRef="S" targetRef="T1"/><bpmn:sequenceFlow id="F1" sourceRef="T1" targetRef="E"/></bpmn:process>
</bpmn:definitions>`;
}

for (const { name: backend } of backends()) {
  describe(`governance security and the element index (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const search = async (q) => (await admin.get(`/api/search?q=${encodeURIComponent(q)}&type=element`)).json.items;

    test('a map posted through the API is found by its nb and sv names, and edits re-index it', async () => {
      const pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Translated intake' } })).json.id;
      const xml = translatedMap(
        { en: 'Register parcel', nb: 'Registrere pakkeforsendelse', sv: 'Registrera paketförsändelse' },
        { en: 'Clerk', nb: 'Ekspeditør', sv: 'Expeditör' },
      );
      const v = await admin.post(`/api/processes/${pid}/maps`, { bpmn: xml });
      assert.equal(v.status, 201, v.text);
      for (const q of ['pakkeforsendelse', 'paketförsändelse', 'Register parcel']) {
        const hits = await search(q);
        assert.ok(
          hits.some((h) => h.process_id === pid),
          `${q}: ${JSON.stringify(hits)}`,
        );
      }
      // the same index rows as the demo writes: name and every translation
      assert.equal(
        sql(srv, `SELECT name FROM map_elements WHERE version_id = ${v.json.id} AND element_id = 'T1'`),
        'Register parcel / Registrere pakkeforsendelse / Registrera paketförsändelse',
      );
      assert.equal(sql(srv, `SELECT lane FROM map_elements WHERE version_id = ${v.json.id} AND element_id = 'T1'`), 'Clerk / Ekspeditør / Expeditör');
      // an edit replaces the rows: the old words are gone, the new ones found
      const xml2 = translatedMap({ en: 'Weigh parcel', nb: 'Veie kolli', sv: 'Väga kolli' }, { en: 'Clerk', nb: 'Ekspeditør', sv: 'Expeditör' });
      const e = await admin.patch(`/api/processes/${pid}/maps/${v.json.id}`, { bpmn: xml2 }, { headers: { 'if-match': v.headers.get('etag') } });
      assert.equal(e.status, 200, e.text);
      assert.ok(!(await search('pakkeforsendelse')).some((h) => h.process_id === pid));
      assert.ok((await search('Väga')).some((h) => h.process_id === pid));
      assert.ok((await search('Veie kolli')).some((h) => h.process_id === pid));
    });

    test('a leader made owner by a move cannot approve her own submission; the real owner decides', async () => {
      const mk = async (login) => {
        assert.equal((await admin.post('/api/users', { login, display_name: login, password: 'password9' })).status, 201);
        const c = srv.client();
        assert.equal((await c.login(login, 'password9')).status, 200);
        sql(srv, `INSERT INTO people (name, user_id) SELECT display_name, id FROM users WHERE login = '${login}'`);
        return c;
      };
      const owner = await mk('sod_owner');
      const leader = await mk('sod_leader');
      const areaA = (await admin.post('/api/processes', { type: 'core', name: { en: 'SoD area A' } })).json.id;
      const areaB = (await admin.post('/api/processes', { type: 'core', name: { en: 'SoD area B' } })).json.id;
      const p = (await admin.post('/api/processes', { parent_id: areaA, type: 'core', name: { en: 'SoD process' } })).json.id;
      const today = new Date().toISOString().slice(0, 10);
      sql(srv, "INSERT INTO role_schemes (key, name, preset) VALUES ('sod', 'SoD', 'custom')");
      for (const kind of ['owner', 'responsible'])
        sql(srv, `INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, '${kind}', '${kind}', '${kind}' FROM role_schemes WHERE key = 'sod'`);
      const assign = (person, role, process) =>
        sql(
          srv,
          `INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) SELECT pe.id, r.id, 'process', ${process}, '${today}' FROM people pe, roles r JOIN role_schemes s ON s.id = r.scheme_id WHERE pe.name = '${person}' AND r.key = '${role}' AND s.key = 'sod'`,
        );
      assign('sod_owner', 'owner', areaA); // P is owned through its parent A
      assign('sod_leader', 'responsible', p); // the leader is responsible for P
      assign('sod_leader', 'owner', areaB); // and owns area B
      const v = (
        await leader.post(`/api/processes/${p}/maps`, {
          bpmn: translatedMap({ en: 'Check', nb: 'Kontrollere', sv: 'Kontrollera' }, { en: 'Desk', nb: 'Skranke', sv: 'Disk' }),
        })
      ).json;
      assert.equal((await leader.post(`/api/processes/${p}/maps/${v.id}/submit`, {})).status, 200);
      // before the move she is not the owner
      assert.equal((await leader.post(`/api/processes/${p}/maps/${v.id}/approve`, {})).status, 403);
      // an administrator moves P under B: the leader now owns P by inheritance
      const g = await admin.get(`/api/processes/${p}`);
      const mv = await admin.patch(`/api/processes/${p}`, { parent_id: areaB }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(mv.status, 200, mv.text);
      for (const action of ['approve', 'reject']) {
        const r = await leader.post(`/api/processes/${p}/maps/${v.id}/${action}`, { comment: 'mine' });
        assert.equal(r.status, 403, `${action}: ${r.text}`);
        assert.match(errorOf(r).message, /submitted this version/);
      }
      // the setting is about owners approving their own submissions: explicit, absent = false
      assert.equal((await admin.get(`/api/processes/${p}/maps/${v.id}`)).json.state, 'submitted');
      // the administrator does not decide either while the process has an owner
      assert.equal((await admin.post(`/api/processes/${p}/maps/${v.id}/approve`, {})).status, 403);
      // moved back under A, the real owner decides
      const g2 = await admin.get(`/api/processes/${p}`);
      assert.equal((await admin.patch(`/api/processes/${p}`, { parent_id: areaA }, { headers: { 'if-match': g2.headers.get('etag') } })).status, 200);
      const ok = await owner.post(`/api/processes/${p}/maps/${v.id}/approve`, { comment: 'Approved by the owner' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.state, 'approved');
      const who = sql(srv, `SELECT u.login FROM approvals a JOIN users u ON u.id = a.actor_id WHERE a.version_id = ${v.id} ORDER BY a.id`).split('\n');
      assert.deepEqual(who, ['sod_leader', 'sod_owner']);
    });
  });
}
