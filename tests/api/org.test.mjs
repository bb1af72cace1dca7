// The organisation API: units (a hierarchy), people, role schemes with the
// university / municipality / generic presets and the active scheme, roles,
// role assignments (scope, dates, mandate source), role descriptions in the
// fixed outline, networks with members and meetings, courses, required
// courses and the "who lacks which course" report; ETags, paging, audit,
// the bad-input classes of §6 and permissions (admin writes, readers read).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { KARTLA, backends, startServer, errorOf } from './helpers.mjs';

/** The audit_log rows, through `kartla db backup`. */
function auditLog(srv) {
  const url = srv.dbUrl || `sqlite:${path.join(srv.dir, 'kartla.db')}`;
  const out = execFileSync(KARTLA, ['db', 'backup', '--db', url, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const t = JSON.parse(out).tables.find((x) => x.name === 'audit_log');
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
}

const SQLI = `x'); DROP TABLE units; --`;

for (const { name: backend } of backends()) {
  describe(`organisation (${backend})`, () => {
    let srv;
    let admin;
    let reader;
    let anon;
    let scheme;
    let roles;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      const u = await admin.post('/api/users', { login: 'reader', display_name: 'Reader', password: 'reader-pass-1' });
      assert.equal(u.status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-pass-1')).status, 200);
      anon = srv.client();
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('the presets list the roles of both models', async () => {
      const r = await reader.get('/api/role-schemes/presets');
      assert.equal(r.status, 200);
      const keys = r.json.items.map((p) => p.key);
      assert.deepEqual(keys, ['university', 'municipality', 'generic']);
      const uni = r.json.items[0].roles.map((x) => x.name_nb);
      assert.deepEqual(uni, ['prosesseier', 'prosessansvarlig', 'prosessrådgiver', 'fagressurs']);
      const mun = r.json.items[1].roles.map((x) => x.name_sv);
      assert.deepEqual(mun, ['processägare', 'processledare', 'processteam', 'processhandledare', 'modellansvarig']);
    });

    test('installing a preset makes an editable, active scheme; a taken key is 409', async () => {
      const r = await admin.post('/api/role-schemes/presets', { preset: 'municipality', activate: true });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.preset, 'municipality');
      assert.equal(r.json.is_active, true);
      scheme = r.json;
      const again = await admin.post('/api/role-schemes/presets', { preset: 'municipality' });
      assert.equal(again.status, 409);
      assert.equal(errorOf(again).field, 'key');
      const uni = await admin.post('/api/role-schemes/presets', { preset: 'university', key: 'uio' });
      assert.equal(uni.status, 201);
      assert.equal(uni.json.is_active, false);
      const bad = await admin.post('/api/role-schemes/presets', { preset: 'kingdom' });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'preset');
      const list = await reader.get(`/api/role-schemes/${scheme.id}/roles`);
      assert.equal(list.status, 200);
      assert.equal(list.json.total, 5);
      roles = Object.fromEntries(list.json.items.map((x) => [x.key, x]));
      assert.equal(roles.process_facilitator.kind, 'facilitator');
      // activating the other one switches
      const act = await admin.post(`/api/role-schemes/${uni.json.id}/activate`, {});
      assert.equal(act.status, 200);
      assert.equal(act.json.is_active, true);
      assert.equal((await reader.get(`/api/role-schemes/${scheme.id}`)).json.is_active, false);
      assert.equal((await admin.post(`/api/role-schemes/${scheme.id}/activate`, {})).status, 200);
      assert.equal((await admin.post('/api/role-schemes/999999/activate', {})).status, 404);
    });

    test('roles are editable with If-Match; stale writes are 412 and change nothing', async () => {
      const id = roles.process_team.id;
      const g = await reader.get(`/api/roles/${id}`);
      const etag = g.headers.get('etag');
      assert.ok(etag);
      const p = await admin.patch(`/api/roles/${id}`, { name_en: 'process team (optional)' }, { headers: { 'if-match': etag } });
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.name_en, 'process team (optional)');
      const stale = await admin.patch(`/api/roles/${id}`, { name_en: 'lost' }, { headers: { 'if-match': etag } });
      assert.equal(stale.status, 412);
      assert.equal((await reader.get(`/api/roles/${id}`)).json.name_en, 'process team (optional)');
      const noName = await admin.post(`/api/role-schemes/${scheme.id}/roles`, { key: 'x' });
      assert.equal(noName.status, 422);
      const extra = await admin.post(`/api/role-schemes/${scheme.id}/roles`, { key: 'sponsor', name_en: 'sponsor', level: 'strategic' });
      assert.equal(extra.status, 201);
      const dup = await admin.post(`/api/role-schemes/${scheme.id}/roles`, { key: 'sponsor', name_en: 'again' });
      assert.equal(dup.status, 409);
      const nullKind = await admin.patch(`/api/roles/${id}`, { kind: null });
      assert.equal(nullKind.status, 422, 'a column with a default is never null');
      assert.equal(errorOf(nullKind).field, 'kind');
      assert.equal((await admin.patch(`/api/roles/${id}`, { level: null })).json.level, null, 'optional columns may be cleared');
      const badLevel = await admin.patch(`/api/roles/${id}`, { level: 'cosmic' });
      assert.equal(badLevel.status, 422);
      assert.equal(errorOf(badLevel).field, 'level');
      assert.equal((await admin.patch(`/api/roles/${id}`, { key: 'changed' })).status, 422, 'key is fixed');
      assert.equal((await reader.patch(`/api/roles/${id}`, { name_en: 'x' })).status, 403);
    });

    test('units form a hierarchy; cycles, unknown parents and bad input are refused', async () => {
      const top = await admin.post('/api/units', { name: 'Universitetet i Bergen', code: 'UiB' });
      assert.equal(top.status, 201);
      assert.match(top.headers.get('location'), /\/api\/units\/\d+$/);
      const fac = await admin.post('/api/units', { name: 'Det humanistiske fakultet', parent_id: top.json.id });
      assert.equal(fac.status, 201);
      const cyc = await admin.patch(`/api/units/${top.json.id}`, { parent_id: fac.json.id });
      assert.equal(cyc.status, 422);
      assert.equal(errorOf(cyc).field, 'parent_id');
      const unknown = await admin.post('/api/units', { name: 'Nowhere', parent_id: 999999 });
      assert.equal(unknown.status, 422);
      assert.equal(errorOf(unknown).field, 'parent_id');
      const dup = await admin.post('/api/units', { name: 'Det humanistiske fakultet', parent_id: top.json.id });
      assert.equal(dup.status, 409);
      for (const [body, field] of [
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: 5 }, 'name'],
        [{ name: 'x', colour: 'red' }, 'colour'],
        [{ name: 'x', parent_id: 'one' }, 'parent_id'],
        [{ name: 'x', sort_order: 1.5 }, 'sort_order'],
        [{ name: 'x'.repeat(201) }, 'name'],
      ]) {
        const r = await admin.post('/api/units', body);
        assert.equal(r.status, 422, JSON.stringify(body));
        assert.equal(errorOf(r).field, field);
      }
      const mal = await admin.request('POST', '/api/units', { body: '{"name":', headers: { 'content-type': 'application/json' } });
      assert.equal(mal.status, 400);
      const dupKey = await admin.request('POST', '/api/units', { body: '{"name":"a","name":"b"}', headers: { 'content-type': 'application/json' } });
      assert.equal(dupKey.status, 400);
      const sqli = await admin.post('/api/units', { name: SQLI });
      assert.equal(sqli.status, 201);
      assert.equal((await reader.get(`/api/units/${sqli.json.id}`)).json.name, SQLI);
      // children by filter, paging
      const kids = await reader.get(`/api/units?parent_id=${top.json.id}&limit=1`);
      assert.equal(kids.status, 200);
      assert.equal(kids.json.total, 1);
      assert.equal((await reader.get('/api/units?parent_id=abc')).status, 400);
      assert.equal((await reader.get('/api/units?limit=0')).status, 400);
      // a unit with children cannot go
      assert.equal((await admin.delete(`/api/units/${top.json.id}`)).status, 409);
      assert.equal((await admin.delete(`/api/units/${sqli.json.id}`)).status, 204);
      assert.equal((await reader.get(`/api/units/${sqli.json.id}`)).status, 404);
      assert.equal((await reader.get('/api/units/abc')).status, 404);
      assert.equal((await reader.post('/api/units', { name: 'Mine' })).status, 403);
      assert.equal((await anon.get('/api/units')).status, 401);
    });

    test('role assignments: scope rules, dates, mandate source; the report of missing courses', async () => {
      const p = await admin.post('/api/people', { name: 'Åsa Öberg', email: 'asa@example.org' });
      assert.equal(p.status, 201);
      const base = { person_id: p.json.id, role_id: roles.process_facilitator.id };
      for (const [body, field] of [
        [{ ...base, scope: 'process', from_date: '2024-01-01' }, 'process_id'],
        [{ ...base, scope: 'unit', from_date: '2024-01-01' }, 'unit_id'],
        [{ ...base, scope: 'galaxy', from_date: '2024-01-01' }, 'scope'],
        [{ ...base, scope: 'organisation', from_date: '2024-02-30' }, 'from_date'],
        [{ ...base, scope: 'organisation', from_date: '2024-02-01', to_date: '2024-01-01' }, 'to_date'],
        [{ ...base, scope: 'organisation' }, 'from_date'],
        [{ ...base, person_id: 999999, scope: 'organisation', from_date: '2024-01-01' }, 'person_id'],
      ]) {
        const r = await admin.post('/api/role-assignments', body);
        assert.equal(r.status, 422, JSON.stringify(body));
        assert.equal(errorOf(r).field, field);
      }
      const ok = await admin.post('/api/role-assignments', {
        ...base,
        scope: 'organisation',
        from_date: '2024-01-01',
        mandate_source: 'Beslut KS 2024-01-12 § 4',
      });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.json.mandate_source, 'Beslut KS 2024-01-12 § 4');
      const miss = await reader.get('/api/training/missing');
      assert.equal(miss.status, 200);
      const mine = miss.json.items.find((x) => x.person_id === p.json.id);
      assert.deepEqual(mine.missing.map((m) => m.course).length, 3);
      // record one course: two left
      const courses = await reader.get(`/api/roles/${roles.process_facilitator.id}/required-courses`);
      assert.equal(courses.json.total, 3);
      const rec = await admin.post('/api/training-records', { person_id: p.json.id, course_id: courses.json.items[0].course_id, completed_on: '2024-03-01' });
      assert.equal(rec.status, 201);
      const dupRec = await admin.post('/api/training-records', {
        person_id: p.json.id,
        course_id: courses.json.items[0].course_id,
        completed_on: '2024-03-01',
      });
      assert.equal(dupRec.status, 409);
      const miss2 = await reader.get('/api/training/missing');
      assert.equal(miss2.json.items.find((x) => x.person_id === p.json.id).missing.length, 2);
      // an assignment that ended is not counted
      const patch = await admin.patch(`/api/role-assignments/${ok.json.id}`, { to_date: '2024-06-30' });
      assert.equal(patch.status, 200);
      const miss3 = await reader.get('/api/training/missing');
      assert.equal(
        miss3.json.items.find((x) => x.person_id === p.json.id),
        undefined,
      );
      const back = await admin.patch(`/api/role-assignments/${ok.json.id}`, { to_date: '2023-01-01' });
      assert.equal(back.status, 422);
      assert.equal((await admin.patch(`/api/role-assignments/${ok.json.id}`, { scope: 'unit' })).status, 422, 'scope is fixed');
      // a required course and a course in use
      const c = await admin.post('/api/courses', { key: 'workshop_leading', name: 'Workshop leading' });
      assert.equal(c.status, 201);
      assert.equal((await admin.post(`/api/roles/${roles.process_facilitator.id}/required-courses`, { course_id: c.json.id })).status, 201);
      assert.equal((await admin.post(`/api/roles/${roles.process_facilitator.id}/required-courses`, { course_id: c.json.id })).status, 409);
      assert.equal((await admin.post('/api/roles/999999/required-courses', { course_id: c.json.id })).status, 404);
      assert.equal((await admin.delete(`/api/courses/${courses.json.items[0].course_id}`)).status, 409, 'a course with records stays');
      assert.equal((await reader.post('/api/training-records', { person_id: p.json.id, course_id: c.json.id, completed_on: '2024-01-01' })).status, 403);
    });

    test('role descriptions follow the fixed outline and become a handbook page', async () => {
      const id = roles.process_owner.id;
      assert.equal((await reader.get(`/api/roles/${id}/description`)).status, 404);
      const body = {
        summary: 'Äger processen.',
        mandate_source: 'Delegationsordningen',
        mandate_and_tasks: 'Beställer kartläggningar; godkänner specifikation, mål och planer.',
        competence_requirements: 'Processledning <script>alert(1)</script>',
      };
      const put = await admin.request('PUT', `/api/roles/${id}/description`, { json: body });
      assert.equal(put.status, 200, put.text);
      // a municipality-model role: the page's headings and title are Swedish
      for (const h of [
        'Sammanfattning',
        'Grund för mandatet',
        'Mandat och uppgifter',
        'Lokalt ansvar',
        'Samarbetspartner',
        'Arenor och möten',
        'Kompetenskrav',
      ])
        assert.match(put.json.markdown, new RegExp(`## ${h}\\n`));
      assert.doesNotMatch(put.json.markdown, /Summary|Mandate/);
      assert.doesNotMatch(put.json.html, /<script/);
      assert.deepEqual(put.json.fields, body);
      const role = await reader.get(`/api/roles/${id}`);
      assert.equal(role.json.description_page_id, put.json.page_id);
      const page = await reader.get(`/api/handbook/pages/${put.json.page_id}`);
      assert.equal(page.status, 200);
      assert.match(page.json.html, /Delegationsordningen/);
      assert.equal(page.json.title, 'Rollbeskrivning: processägare');
      const etag = put.headers.get('etag');
      assert.ok(etag);
      const again = await admin.request('PUT', `/api/roles/${id}/description`, { json: { summary: 'Ny' }, headers: { 'if-match': etag } });
      assert.equal(again.status, 200);
      assert.equal(again.json.page_id, put.json.page_id);
      const stale = await admin.request('PUT', `/api/roles/${id}/description`, { json: { summary: 'Lost' }, headers: { 'if-match': etag } });
      assert.equal(stale.status, 412);
      assert.deepEqual((await reader.get(`/api/roles/${id}/description`)).json.fields, { summary: 'Ny' });
      const bad = await admin.request('PUT', `/api/roles/${id}/description`, { json: { summary: 1 } });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'summary');
      assert.equal((await admin.request('PUT', `/api/roles/${id}/description`, { json: { salary: 'x' } })).status, 422);
      assert.equal((await reader.request('PUT', `/api/roles/${id}/description`, { json: {} })).status, 403);
      assert.equal((await admin.request('PUT', '/api/roles/999999/description', { json: {} })).status, 404);
    });

    test('networks: members and meetings with date, agenda, minutes and decisions', async () => {
      const n = await admin.post('/api/networks', { name: 'Processhandledarnätverket', purpose: 'Erfarenhetsutbyte sex gånger per år' });
      assert.equal(n.status, 201);
      assert.equal(n.json.kind, 'network');
      const p = await admin.post('/api/people', { name: 'Nils Nilsson' });
      const m = await admin.post(`/api/networks/${n.json.id}/members`, { person_id: p.json.id, role: 'lead', joined_on: '2024-01-15' });
      assert.equal(m.status, 201, m.text);
      assert.equal(m.json.network_id, n.json.id);
      assert.equal((await admin.post(`/api/networks/${n.json.id}/members`, { person_id: p.json.id })).status, 409);
      assert.equal((await admin.post('/api/networks/999999/members', { person_id: p.json.id })).status, 404);
      const mt = await admin.post(`/api/networks/${n.json.id}/meetings`, {
        held_on: '2024-03-14',
        agenda: '1. Riskanalys\n2. Ledtid',
        minutes: 'Gick igenom metoden.',
        decisions: 'Ny mall antas.',
      });
      assert.equal(mt.status, 201);
      assert.equal((await admin.post(`/api/networks/${n.json.id}/meetings`, { held_on: 'next tuesday' })).status, 422);
      const list = await reader.get(`/api/networks/${n.json.id}/meetings`);
      assert.equal(list.json.total, 1);
      assert.equal(list.json.items[0].decisions, 'Ny mall antas.');
      const g = await reader.get(`/api/meetings/${mt.json.id}`);
      const up = await admin.patch(`/api/meetings/${mt.json.id}`, { minutes: 'Rättat protokoll' }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(up.status, 200);
      assert.notEqual(up.headers.get('etag'), g.headers.get('etag'));
      assert.equal((await reader.post('/api/networks', { name: 'Mine' })).status, 403);
      assert.equal((await admin.delete(`/api/network-members/${m.json.id}`)).status, 204);
    });

    test('every write is in the audit log with before and after; failed writes leave none', async () => {
      const u = await admin.post('/api/units', { name: 'Audited' });
      const p = await admin.patch(`/api/units/${u.json.id}`, { code: 'AU' });
      assert.equal(p.status, 200);
      assert.equal((await admin.patch(`/api/units/${u.json.id}`, { code: 5 })).status, 422);
      assert.equal((await admin.delete(`/api/units/${u.json.id}`)).status, 204);
      const log = auditLog(srv).filter((e) => e.object_type === 'unit' && Number(e.object_id) === u.json.id);
      assert.deepEqual(
        log.map((e) => e.action),
        ['create', 'update', 'delete'],
      );
      assert.equal(JSON.parse(log[1].before_json).code, null);
      assert.equal(JSON.parse(log[1].after_json).code, 'AU');
      assert.equal(log[0].actor, 'admin');
      const kinds = new Set(auditLog(srv).map((e) => e.object_type));
      for (const k of ['role_scheme', 'role', 'person', 'role_assignment', 'training_record', 'role_description', 'network', 'meeting'])
        assert.ok(kinds.has(k), `audit entries for ${k}`);
    });

    test('every collection answers the bad-input classes of §6 alike', async () => {
      const collections = [
        '/api/units',
        '/api/people',
        '/api/role-schemes',
        '/api/role-assignments',
        '/api/networks',
        '/api/courses',
        '/api/training-records',
        '/api/assignments',
        '/api/forms',
        '/api/handbook/pages',
      ];
      for (const c of collections) {
        const raw = (body, type = 'application/json') => admin.request('POST', c, { body, headers: { 'content-type': type } });
        assert.equal((await raw('{"name": "x",')).status, 400, `${c} malformed`);
        assert.equal((await raw('{"title": "a", "title": "b"}')).status, 400, `${c} duplicate keys`);
        assert.equal((await raw('[1, 2]')).status, 400, `${c} not an object`);
        assert.equal((await raw('name=x', 'text/plain')).status, 415, `${c} content type`);
        const unk = await admin.post(c, { no_such_field: 1 });
        assert.equal(unk.status, 422, `${c} unknown field`);
        assert.equal((await reader.post(c, {})).status, 403, `${c} reader`);
        assert.equal((await anon.post(c, {})).status, 401, `${c} anonymous`);
        assert.equal((await reader.get(`${c}/999999`)).status, 404, `${c} unknown id`);
        assert.equal((await reader.get(`${c}/abc`)).status, 404, `${c} bad id`);
        assert.equal((await admin.patch(`${c}/999999`, {})).status, 404, `${c} patch unknown`);
        assert.equal((await admin.delete(`${c}/999999`)).status, 404, `${c} delete unknown`);
        assert.equal((await reader.get(`${c}?offset=-1`)).status, 400, `${c} bad offset`);
        const big = await admin.post(c, { name: 'x'.repeat(9 * 1024 * 1024) });
        assert.equal(big.status, 413, `${c} oversize`);
      }
    });
  });
}
