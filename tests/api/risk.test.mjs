// Risk analysis: risks on a process and its map elements, score history,
// actions, the workspace scale (presets, a change that keeps old scores on
// their old scale), orphaned risks after a new map version drops their
// element, the matrix (JSON counts, SVG), markers, overdue actions, the
// internal-control plan (JSON, CSV, HTML), permissions, the audit log, and
// bad input that answers the right 4xx and writes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

const put = (client, p, json) => client.request('PUT', p, { json });

const TASKS = [
  { id: 'T1', name: 'Register application', lane: 'L1', tr: { nb: 'Registrere søknad', sv: 'Registrera ansökan' } },
  { id: 'T2', name: 'Assess application', lane: 'L2' },
];

for (const { name: backend } of backends()) {
  describe(`risk (${backend})`, () => {
    let srv;
    let admin;
    let admin2;
    let reader;
    let ownerClient;
    let pid;
    let otherPid;
    let person;
    let person2;
    let unit;

    const counts = () =>
      sql(
        srv,
        "SELECT (SELECT COUNT(*) FROM risks) || ',' || (SELECT COUNT(*) FROM risk_actions) || ',' || (SELECT COUNT(*) FROM risk_scores) || ',' || (SELECT COUNT(*) FROM risk_scales) || ',' || (SELECT COUNT(*) FROM audit_log)",
      );

    /** Posts a map version and approves it (admin submits; admin2, or the process owner once there is one, approves). */
    async function approvedMap(processId, tasks, approver = admin2) {
      const v = await admin.post(`/api/processes/${processId}/maps`, { bpmn: bpmn({ tasks }) });
      assert.equal(v.status, 201, v.text);
      assert.equal((await admin.post(`/api/processes/${processId}/maps/${v.json.id}/submit`, {})).status, 200);
      const ap = await approver.post(`/api/processes/${processId}/maps/${v.json.id}/approve`, {});
      assert.equal(ap.status, 200, ap.text);
      return v.json.id;
    }

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'admin2', display_name: 'A2', password: 'password2', is_admin: true })).status, 201);
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'reader-password' })).status, 201);
      admin2 = srv.client();
      assert.equal((await admin2.login('admin2', 'password2')).status, 200);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-password')).status, 200);
      pid = (await admin.post('/api/processes', { type: 'core', name: { sv: 'Bygglov' } })).json.id;
      otherPid = (await admin.post('/api/processes', { type: 'support', name: { nb: 'Innkjøp' } })).json.id;
      unit = (await admin.post('/api/units', { name: 'Stadsbyggnadskontoret' })).json.id;
      person = (await admin.post('/api/people', { name: 'Karin Ek', unit_id: unit })).json.id;
      person2 = (await admin.post('/api/people', { name: 'Ola Nordmann' })).json.id;
      // a risk's category is a code of the workspace's managed list (riskreg.test.mjs)
      for (const code of ['operational', 'legal', 'IT', 'reporting']) {
        const r = await admin.post('/api/risk-categories', { code: code.toLowerCase(), name: { nb: code, sv: code, en: code } });
        assert.equal(r.status, 201, r.text);
      }
      await approvedMap(pid, TASKS);

      // an owner of `pid` (a process-scope owner role), who is not an admin
      const u = await admin.post('/api/users', { login: 'owner', display_name: 'Owner', password: 'owner-password' });
      let schemes = await admin.get('/api/role-schemes');
      if (!schemes.json.items.some((s) => s.key === 'generic'))
        assert.equal((await admin.post('/api/role-schemes/presets', { preset: 'generic' })).status, 201);
      schemes = await admin.get('/api/role-schemes');
      const generic = schemes.json.items.find((s) => s.key === 'generic');
      const roles = await admin.get(`/api/role-schemes/${generic.id}/roles`);
      const ownerRole = roles.json.items.find((r) => r.kind === 'owner');
      const op = await admin.post('/api/people', { name: 'Owner Person', user_id: u.json.id });
      assert.equal(
        (
          await admin.post('/api/role-assignments', {
            person_id: op.json.id,
            role_id: ownerRole.id,
            scope: 'process',
            process_id: pid,
            from_date: '2020-01-01',
          })
        ).status,
        201,
      );
      ownerClient = srv.client();
      assert.equal((await ownerClient.login('owner', 'owner-password')).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('the scale: Norwegian 5x5 by default, presets, nothing stored until used', async () => {
      const s = await reader.get('/api/risk-scale');
      assert.equal(s.status, 200);
      assert.equal(s.json.id, null);
      assert.equal(s.json.scale.key, 'no5');
      assert.equal(s.json.scale.size, 5);
      assert.deepEqual(s.json.scale.thresholds, { yellow: 5, red: 15 });
      assert.equal(s.json.scale.likelihood[0].nb, 'Svært lite sannsynlig');
      const p = await reader.get('/api/risk-scale/presets');
      assert.deepEqual(
        p.json.items.map((x) => x.key),
        ['se4', 'no5'],
      );
      const se4 = p.json.items[0].scale;
      assert.equal(se4.size, 4);
      assert.deepEqual(se4.thresholds, { yellow: 4, red: 9 });
      assert.equal(se4.consequence[3].sv, 'Allvarlig');
      assert.equal((await reader.get('/api/risk-scales')).json.items.length, 0);
    });

    let riskId;
    test('create a risk on an element: R = L x C, colour, history, audit', async () => {
      const before = counts();
      const r = await admin.post(`/api/processes/${pid}/risks`, {
        title: 'Application lost in the mail',
        event: 'An application never reaches the case system',
        cause: 'Paper applications are scanned by hand',
        consequence: 'The applicant waits and complains',
        category: 'operational',
        controls: 'Weekly check of the scanning queue',
        element_id: 'T1',
        owner_id: person,
        inherent: { likelihood: 4, consequence: 4 },
        decision: 'act',
        decision_rationale: 'Too likely to accept',
        decided_by: person,
        review_date: '2027-06-01',
        source_workshop: 'Workshop 1',
        source_date: '2026-10-01',
        source_facilitator_id: person2,
      });
      assert.equal(r.status, 201, r.text);
      riskId = r.json.id;
      assert.match(r.headers.get('etag'), /^"v1"$/);
      assert.equal(r.headers.get('location'), `/api/risks/${riskId}`);
      assert.equal(r.json.inherent.value, 16);
      assert.equal(r.json.inherent.colour, 'red');
      assert.equal(r.json.inherent.scale, 'no5');
      assert.equal(r.json.inherent.current_scale, true);
      assert.equal(r.json.acceptance, 'act');
      assert.equal(r.json.orphan, false);
      // the map's default name, never the languages glued together; the UI picks from element_names
      assert.equal(r.json.element_name, 'Register application');
      assert.deepEqual(r.json.element_names, { '': 'Register application', nb: 'Registrere søknad', sv: 'Registrera ansökan' });
      assert.equal(r.json.owner, 'Karin Ek');
      assert.equal(r.json.effective_unit, 'Stadsbyggnadskontoret');
      assert.equal(r.json.process, 'Bygglov');
      assert.equal(r.json.decided_by_name, 'Karin Ek');
      assert.match(r.json.decided_at, /^\d{4}-\d{2}-\d{2}$/, 'decided_at defaults to today');
      assert.equal(r.json.residual, null);
      const g = await reader.get(`/api/risks/${riskId}`);
      assert.equal(g.status, 200);
      assert.equal(g.json.history.length, 1);
      assert.deepEqual([g.json.history[0].kind, g.json.history[0].value, g.json.history[0].by], ['inherent', 16, 'admin']);
      // the default scale was stored with the first score
      assert.equal((await reader.get('/api/risk-scales')).json.items.length, 1);
      const [nr, , ns, nscales] = counts().split(',').map(Number);
      const [br, , bs] = before.split(',').map(Number);
      assert.deepEqual([nr - br, ns - bs, nscales], [1, 1, 1]);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'risk' AND object_id = '${riskId}' AND action = 'create'`), '1');
    });

    test('re-assessment and residual score are recorded; the same score twice is not', async () => {
      const g = await admin.get(`/api/risks/${riskId}`);
      const p = await admin.patch(`/api/risks/${riskId}`, { inherent: { likelihood: 4, consequence: 4 } }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(p.status, 200, p.text);
      assert.equal((await admin.get(`/api/risks/${riskId}`)).json.history.length, 1, 'unchanged score: no new history');
      const q = await admin.patch(`/api/risks/${riskId}`, { inherent: { likelihood: 5, consequence: 4 }, residual: { likelihood: 2, consequence: 3 } });
      assert.equal(q.status, 200, q.text);
      assert.equal(q.json.inherent.value, 20);
      assert.equal(q.json.residual.value, 6);
      assert.equal(q.json.residual.colour, 'yellow');
      const h = (await admin.get(`/api/risks/${riskId}`)).json.history;
      assert.deepEqual(
        h.map((x) => [x.kind, x.value]),
        [
          ['inherent', 16],
          ['inherent', 20],
          ['residual', 6],
        ],
      );
      // stale If-Match
      const stale = await admin.patch(`/api/risks/${riskId}`, { title: 'x' }, { headers: { 'if-match': '"v1"' } });
      assert.equal(stale.status, 412);
      assert.equal((await admin.get(`/api/risks/${riskId}`)).json.title, 'Application lost in the mail');
    });

    test('actions: create, patch, overdue, delete; audit of each write', async () => {
      const a = await admin.post(`/api/risks/${riskId}/actions`, {
        title: 'Digital application form',
        responsible_id: person,
        due_date: '2020-01-31',
        cost: 120000,
      });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.status, 'planned');
      const b = await admin.post(`/api/risks/${riskId}/actions`, {
        title: 'Scan twice a day',
        responsible_id: person2,
        due_date: '2099-12-31',
        status: 'ongoing',
      });
      assert.equal(b.status, 201, b.text);
      const list = await reader.get(`/api/risks/${riskId}/actions`);
      assert.deepEqual(
        list.json.items.map((x) => [x.title, x.overdue]),
        [
          ['Digital application form', true],
          ['Scan twice a day', false],
        ],
      );
      // a workspace-wide list: not for a reader (tests/api/riskreg.test.mjs has every role)
      assert.equal((await reader.get('/api/risk-actions/overdue')).status, 403);
      const od = await admin.get('/api/risk-actions/overdue');
      assert.equal(od.json.total, 1);
      assert.equal(od.json.items[0].risk, 'Application lost in the mail');
      assert.equal(od.json.items[0].responsible, 'Karin Ek');
      // the register's filters apply: a risk owner or category nobody has leaves nothing
      assert.equal((await admin.get('/api/risk-actions/overdue?owner_id=999999')).json.total, 0);
      assert.equal((await admin.get('/api/risk-actions/overdue?category=nope')).json.total, 0);
      assert.equal((await admin.get('/api/risk-actions/overdue?colour=purple')).status, 400);
      const done = await admin.patch(`/api/risk-actions/${b.json.id}`, { status: 'done', cost: null }, { headers: { 'if-match': b.headers.get('etag') } });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.json.status, 'done');
      assert.equal(done.json.title, 'Scan twice a day');
      const tmp = await admin.post(`/api/risks/${riskId}/actions`, { title: 'Temporary' });
      assert.equal((await admin.delete(`/api/risk-actions/${tmp.json.id}`)).status, 204);
      assert.equal((await admin.delete(`/api/risk-actions/${tmp.json.id}`)).status, 404);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'risk_action'`), '5');
    });

    test('permissions: readers read, process owners edit their process, not others', async () => {
      assert.equal((await reader.get(`/api/processes/${pid}/risks`)).status, 200);
      const before = counts();
      assert.equal((await reader.post(`/api/processes/${pid}/risks`, { title: 'x' })).status, 403);
      assert.equal((await reader.patch(`/api/risks/${riskId}`, { title: 'x' })).status, 403);
      assert.equal((await reader.delete(`/api/risks/${riskId}`)).status, 403);
      assert.equal((await reader.post(`/api/risks/${riskId}/actions`, { title: 'x' })).status, 403);
      assert.equal((await put(reader, '/api/risk-scale', { preset: 'se4' })).status, 403);
      const anon = srv.client();
      assert.equal((await anon.post(`/api/processes/${pid}/risks`, { title: 'x' })).status, 401);
      assert.equal((await ownerClient.post(`/api/processes/${otherPid}/risks`, { title: 'Not mine' })).status, 403);
      assert.equal(counts(), before, 'nothing written');
      const mine = await ownerClient.post(`/api/processes/${pid}/risks`, {
        title: 'Owner risk',
        category: 'legal',
        inherent: { likelihood: 1, consequence: 2 },
        decision: 'accept',
      });
      assert.equal(mine.status, 201, mine.text);
      assert.equal(mine.json.inherent.colour, 'green');
      assert.equal((await ownerClient.patch(`/api/risks/${mine.json.id}`, { category: 'it' })).json.category, 'it');
    });

    test('bad input: the right 4xx naming the field, nothing written', async () => {
      const before = counts();
      const cases = [
        [{}, 'title'],
        [{ title: '' }, 'title'],
        [{ title: '   ' }, 'title'],
        [{ title: 5 }, 'title'],
        [{ title: 'x', nope: 1 }, 'nope'],
        [{ title: 'x', inherent: { likelihood: 6, consequence: 1 } }, 'inherent.likelihood'],
        [{ title: 'x', inherent: { likelihood: 1, consequence: 0 } }, 'inherent.consequence'],
        [{ title: 'x', inherent: { likelihood: 'high', consequence: 1 } }, 'inherent.likelihood'],
        [{ title: 'x', inherent: { likelihood: 1 } }, 'inherent.consequence'],
        [{ title: 'x', inherent: { likelihood: 1, consequence: 1, value: 1 } }, 'inherent.value'],
        [{ title: 'x', inherent: 3 }, 'inherent'],
        [{ title: 'x', residual: { likelihood: 9, consequence: 9 } }, 'residual.likelihood'],
        [{ title: 'x', review_date: '2026-02-30' }, 'review_date'],
        [{ title: 'x', source_date: 'tomorrow' }, 'source_date'],
        [{ title: 'x', decided_at: '2026-13-01' }, 'decided_at'],
        [{ title: 'x', element_id: 'NoSuchTask' }, 'element_id'],
        [{ title: 'x', element_id: '' }, 'element_id'],
        [{ title: 'x', owner_id: 999999 }, 'owner_id'],
        [{ title: 'x', owner_id: 'Karin' }, 'owner_id'],
        [{ title: 'x', decided_by: 999999 }, 'decided_by'],
        [{ title: 'x', source_facilitator_id: 999999 }, 'source_facilitator_id'],
        [{ title: 'x', unit_id: 999999 }, 'unit_id'],
        [{ title: 'x', decision: 'maybe' }, 'decision'],
        [{ title: 'x', inherent: { likelihood: 5, consequence: 5 }, decision: 'accept' }, 'decision'],
        [{ title: 'x'.repeat(301) }, 'title'],
      ];
      for (const [body, field] of cases) {
        const r = await admin.post(`/api/processes/${pid}/risks`, body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(errorOf(r).field, field, JSON.stringify(body));
      }
      // the message names what is wrong
      const off = await admin.post(`/api/processes/${pid}/risks`, { title: 'x', inherent: { likelihood: 6, consequence: 1 } });
      assert.match(errorOf(off).message, /off the scale 'no5' \(levels 1 to 5\)/);
      const el = await admin.post(`/api/processes/${pid}/risks`, { title: 'x', element_id: 'NoSuchTask' });
      assert.match(errorOf(el).message, /'NoSuchTask' is not an element of the current map/);
      const noMap = await admin.post(`/api/processes/${otherPid}/risks`, { title: 'x', element_id: 'T1' });
      assert.equal(noMap.status, 422);
      assert.match(errorOf(noMap).message, /has no map/);
      // patch: same rules, and a patch that would accept a red risk
      for (const [body, field] of [
        [{ inherent: { likelihood: 0, consequence: 1 } }, 'inherent.likelihood'],
        [{ decision: 'accept' }, 'decision'],
        [{ title: null }, 'title'],
        [{ element_id: 'Gone' }, 'element_id'],
        [{ owner_id: 424242 }, 'owner_id'],
      ]) {
        const r = await admin.patch(`/api/risks/${riskId}`, body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(errorOf(r).field, field);
      }
      // actions
      for (const [body, field] of [
        [{}, 'title'],
        [{ title: 'x', due_date: '31.12.2026' }, 'due_date'],
        [{ title: 'x', responsible_id: 999999 }, 'responsible_id'],
        [{ title: 'x', status: 'finished' }, 'status'],
        [{ title: 'x', cost: -1 }, 'cost'],
        [{ title: 'x', cost: 'cheap' }, 'cost'],
        [{ title: 'x', extra: 1 }, 'extra'],
      ]) {
        const r = await admin.post(`/api/risks/${riskId}/actions`, body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(errorOf(r).field, field);
      }
      // scales
      const five = (await admin.get('/api/risk-scale/presets')).json.items[1].scale;
      for (const [body, field] of [
        [{}, 'preset'],
        [{ preset: 'us10' }, 'preset'],
        [{ preset: 'se4', scale: five }, 'scale'],
        [{ scale: { ...five, size: 7 } }, 'scale.size'],
        [{ scale: { ...five, size: 2 } }, 'scale.size'],
        [{ scale: { ...five, size: 4 } }, 'scale.likelihood'],
        [{ scale: { ...five, thresholds: { yellow: 10, red: 8 } } }, 'scale.thresholds.red'],
        [{ scale: { ...five, thresholds: { yellow: 5, red: 26 } } }, 'scale.thresholds.red'],
        [{ scale: { ...five, acceptance: { green: 'accept', yellow: 'act', red: 'accept' } } }, 'scale.acceptance'],
        [{ scale: { ...five, acceptance: { green: 'ok', yellow: 'act', red: 'act' } } }, 'scale.acceptance.green'],
        [{ scale: { ...five, consequence: five.consequence.map((l, i) => (i === 2 ? { ...l, sv: '' } : l)) } }, 'scale.consequence[2].sv'],
        [{ scale: { ...five, colour: 'blue' } }, 'scale.colour'],
      ]) {
        const r = await put(admin, '/api/risk-scale', body);
        assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
        assert.equal(errorOf(r).field, field);
      }
      // unknown ids and bad query parameters
      assert.equal((await admin.post('/api/processes/999999/risks', { title: 'x' })).status, 404);
      assert.equal((await admin.patch('/api/risks/999999', { title: 'x' })).status, 404);
      assert.equal((await admin.post('/api/risks/999999/actions', { title: 'x' })).status, 404);
      assert.equal((await reader.get('/api/risks/999999')).status, 404);
      assert.equal((await reader.get('/api/risks?colour=purple')).status, 400);
      assert.equal((await reader.get('/api/risks?sort=owner_id')).status, 400);
      assert.equal((await reader.get('/api/risks?process_id=abc')).status, 400);
      assert.equal((await reader.get('/api/risk-matrix?format=png')).status, 400);
      assert.equal((await reader.get('/api/risk-plan?lang=de')).status, 400);
      const bad = await admin.request('POST', `/api/processes/${pid}/risks`, { body: '{"title":', headers: { 'content-type': 'application/json' } });
      assert.equal(bad.status, 400);
      assert.equal(counts(), before, 'nothing written by any bad request');
    });

    test('changing the scale keeps old scores on their old scale until re-assessed', async () => {
      const r2 = await admin.post(`/api/processes/${pid}/risks`, {
        title: 'Wrong fee charged',
        category: 'reporting',
        element_id: 'T2',
        inherent: { likelihood: 3, consequence: 3 },
      });
      assert.equal(r2.status, 201, r2.text);
      assert.equal(r2.json.inherent.colour, 'yellow');
      const oldScale = r2.json.inherent.scale_id;
      const ps = await put(admin, '/api/risk-scale', { preset: 'se4' });
      assert.equal(ps.status, 200, ps.text);
      assert.equal(ps.json.scale.key, 'se4');
      assert.notEqual(ps.json.id, oldScale);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'risk_scale'`), '1');
      let g = await reader.get(`/api/risks/${r2.json.id}`);
      assert.equal(g.json.inherent.scale, 'no5', 'kept with the scale it was made on');
      assert.equal(g.json.inherent.current_scale, false);
      assert.equal(g.json.inherent.value, 9);
      assert.equal(g.json.inherent.colour, 'yellow', 'classified on its own scale (9 is red on se4)');
      assert.equal((await reader.get(`/api/risk-scales/${oldScale}`)).json.scale.key, 'no5');
      // 5 is off the new 4x4 scale
      const off = await admin.patch(`/api/risks/${r2.json.id}`, { inherent: { likelihood: 5, consequence: 1 } });
      assert.equal(off.status, 422);
      assert.match(errorOf(off).message, /off the scale 'se4' \(levels 1 to 4\)/);
      // re-assessing with the same numbers moves it to the new scale (and the history says so)
      const re = await admin.patch(`/api/risks/${r2.json.id}`, { inherent: { likelihood: 3, consequence: 3 } });
      assert.equal(re.status, 200, re.text);
      assert.equal(re.json.inherent.scale, 'se4');
      assert.equal(re.json.inherent.colour, 'red');
      g = await reader.get(`/api/risks/${r2.json.id}`);
      assert.deepEqual(
        g.json.history.map((h) => [h.scale, h.value, h.colour]),
        [
          ['no5', 9, 'yellow'],
          ['se4', 9, 'red'],
        ],
      );
    });

    test('matrix: counts per cell inherent vs residual on the current scale, other scales counted apart; SVG', async () => {
      const m = await reader.get(`/api/risk-matrix?process_id=${pid}`);
      assert.equal(m.status, 200, m.text);
      assert.equal(m.json.scale.key, 'se4');
      assert.equal(m.json.inherent.cells.length, 4);
      // on se4 now: 'Wrong fee charged' L3 C3; on no5 still: the first risk (5x4 / residual 2x3) and the owner's (1x2)
      assert.equal(m.json.inherent.cells[2][2], 1);
      assert.equal(m.json.inherent.total, 1);
      assert.equal(m.json.residual.total, 0);
      assert.deepEqual(m.json.other_scale, { inherent: 2, residual: 1 });
      assert.equal(m.json.colours[2][2], 'red');
      assert.equal(m.json.colours[0][0], 'green');
      // re-assess the first risk on the new scale: it lands in its cells
      const p = await admin.patch(`/api/risks/${riskId}`, { inherent: { likelihood: 4, consequence: 4 }, residual: { likelihood: 2, consequence: 2 } });
      assert.equal(p.status, 200, p.text);
      const m2 = (await reader.get(`/api/risk-matrix?process_id=${pid}`)).json;
      assert.equal(m2.inherent.cells[3][3], 1);
      assert.equal(m2.residual.cells[1][1], 1);
      assert.equal(m2.inherent.total, 2);
      assert.deepEqual(m2.other_scale, { inherent: 1, residual: 0 });
      const svg = await reader.get(`/api/risk-matrix?process_id=${pid}&format=svg&lang=sv`);
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
      assert.match(svg.text, /^<\?xml/);
      assert.match(svg.text, /Inneboende risk \(2\)/);
      assert.match(svg.text, /Restrisk \(1\)/);
      assert.match(svg.text, /data-l="4" data-c="4" data-count="1"/);
      assert.match(svg.text, /Mycket sannolik/);
      assert.match(svg.text, /1 bedömning\(ar\) på en tidigare skala visas inte/);
    });

    test('list: filter by category, colour, owner, unit, orphan; sort', async () => {
      const all = (await reader.get('/api/risks')).json;
      assert.equal(all.total, 3);
      assert.deepEqual((await reader.get('/api/risks?category=legal')).json.total, 0);
      assert.deepEqual(
        (await reader.get('/api/risks?category=it')).json.items.map((r) => r.title),
        ['Owner risk'],
      );
      assert.deepEqual(
        (await reader.get('/api/risks?colour=red&sort=title')).json.items.map((r) => r.title),
        ['Application lost in the mail', 'Wrong fee charged'],
      );
      assert.deepEqual(
        (await reader.get(`/api/risks?owner_id=${person}`)).json.items.map((r) => r.id),
        [riskId],
      );
      assert.deepEqual(
        (await reader.get(`/api/risks?unit_id=${unit}`)).json.items.map((r) => r.id),
        [riskId],
      );
      const byValue = (await reader.get('/api/risks?sort=-value')).json.items.map((r) => r.inherent.value);
      assert.deepEqual(byValue, [16, 9, 2]);
      assert.deepEqual(
        (await reader.get('/api/risks?sort=value&limit=1&offset=1')).json.items.map((r) => r.inherent.value),
        [9],
      );
      assert.equal((await reader.get(`/api/processes/${otherPid}/risks`)).json.total, 0);
      assert.equal((await reader.get('/api/processes/999999/risks')).status, 404);
    });

    test('a new map version without the element orphans its risk (flagged, not lost); markers', async () => {
      let mk = (await reader.get(`/api/processes/${pid}/risk-markers`)).json;
      assert.deepEqual(mk.elements.map((e) => [e.element_id, e.count, e.colour]).sort(), [
        ['T1', 1, 'red'],
        ['T2', 1, 'red'],
      ]);
      assert.equal(mk.process_level, 1);
      assert.deepEqual(mk.orphans, []);
      assert.equal(mk.elements.find((e) => e.element_id === 'T1').element_names.sv, 'Registrera ansökan');
      // version 2 drops T2
      await approvedMap(pid, [TASKS[0]], ownerClient);
      const list = (await reader.get(`/api/processes/${pid}/risks?orphan=true`)).json.items;
      assert.deepEqual(
        list.map((r) => [r.title, r.element_id, r.orphan]),
        [['Wrong fee charged', 'T2', true]],
      );
      mk = (await reader.get(`/api/processes/${pid}/risk-markers`)).json;
      assert.deepEqual(
        mk.elements.map((e) => e.element_id),
        ['T1'],
      );
      assert.equal(mk.orphans.length, 1);
      // the orphan can still be edited, and moved to an element that exists
      const moved = await admin.patch(`/api/risks/${list[0].id}`, { element_id: 'T1' });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.json.orphan, false);
      // but not to the element that is gone
      assert.equal((await admin.patch(`/api/risks/${list[0].id}`, { element_id: 'T2' })).status, 422);
      // version 3 brings T2 back: a risk on T2 is valid again
      await approvedMap(pid, TASKS, ownerClient);
      assert.equal((await admin.patch(`/api/risks/${list[0].id}`, { element_id: 'T2' })).json.orphan, false);
    });

    test('internal-control plan: red risks and their actions per unit, JSON, CSV, HTML', async () => {
      // the rule "red" here; the default rule (red or a decided action) in riskreg.test.mjs
      assert.equal((await admin.patch('/api/settings', { risk_plan_rule: 'red' })).status, 200);
      const plan = (await reader.get('/api/risk-plan')).json;
      assert.equal(plan.risks, 2);
      assert.equal(plan.actions, 2);
      assert.deepEqual(
        plan.units.map((u) => u.unit),
        ['', 'Stadsbyggnadskontoret'],
      );
      const csv = await reader.get('/api/risk-plan?format=csv&lang=en');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      assert.match(csv.headers.get('content-disposition'), /attachment; filename="internal-control-plan-\d{4}-\d{2}-\d{2}\.csv"/);
      const lines = csv.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.equal(
        lines[0],
        'Unit,Process,Risk ID,Risk,Element ID,Category,Likelihood,Consequence,Risk value,Scale,Decision,Action ID,Action,Responsible,Due date,Status,Cost,Overdue',
      );
      assert.equal(lines.length, 4, csv.text);
      assert.ok(
        lines.some(
          (l) =>
            l.startsWith(`Stadsbyggnadskontoret,Bygglov,${riskId},Application lost in the mail,T1,operational,4,4,16,se4,Act,`) &&
            l.includes('Digital application form,Karin Ek,2020-01-31,Planned,120000.00,Yes'),
        ),
        csv.text,
      );
      assert.ok(
        lines.some((l) => l.startsWith(',Bygglov,') && l.includes('Wrong fee charged') && l.endsWith(',,,,,,,')),
        csv.text,
      );
      const html = await reader.get('/api/risk-plan?format=html&lang=nb');
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type'), /^text\/html/);
      assert.match(html.text, /<h1>Internkontrollplan \d{4}-\d{2}-\d{2}<\/h1>/);
      assert.match(html.text, /2020-01-31 \(forfalt\)/);
      assert.match(html.text, /ingen tiltak ennå/);
      assert.match(html.text, /<td>Registrere søknad<\/td>/, "the element in the plan in the reader's language");
      assert.doesNotMatch(html.text, /Register application \//, 'never the languages glued together');
      // The Content Security Policy (default-src 'self') refuses inline styles: the page links
      // its stylesheet, served by the server with the rules the printed plan needs.
      assert.match(html.headers.get('content-security-policy'), /default-src 'self'/);
      assert.doesNotMatch(html.text, /<style|style=/);
      assert.match(html.text, /<link rel="stylesheet" href="\/api\/risk-plan\.css">/);
      const css = await reader.get('/api/risk-plan.css');
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type'), /^text\/css/);
      assert.match(css.text, /\.r\{background:#f08080;font-weight:bold\}/);
      assert.match(css.text, /\.overdue\{color:#a00000/);
      assert.match(css.text, /@media print/);
      const one = (await reader.get(`/api/risk-plan?unit_id=${unit}`)).json;
      assert.equal(one.risks, 1);
      assert.equal((await admin.patch('/api/settings', { risk_plan_rule: 'red_or_action' })).status, 200);
    });

    test('delete a risk: its actions and history go with it, audited', async () => {
      const r = await admin.post(`/api/processes/${pid}/risks`, { title: 'Short-lived', inherent: { likelihood: 1, consequence: 1 } });
      await admin.post(`/api/risks/${r.json.id}/actions`, { title: 'A' });
      const stale = await admin.delete(`/api/risks/${r.json.id}`, { headers: { 'if-match': '"v9"' } });
      assert.equal(stale.status, 412);
      assert.equal((await admin.delete(`/api/risks/${r.json.id}`)).status, 204);
      assert.equal((await reader.get(`/api/risks/${r.json.id}`)).status, 404);
      assert.equal(sql(srv, `SELECT COUNT(*) FROM risk_actions WHERE risk_id = ${r.json.id}`), '0');
      assert.equal(sql(srv, `SELECT COUNT(*) FROM risk_scores WHERE risk_id = ${r.json.id}`), '0');
      assert.equal(
        sql(srv, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'risk' AND object_id = '${r.json.id}' AND action = 'delete' AND before_json IS NOT NULL`),
        '1',
      );
    });
  });
}

for (const { name: backend } of backends()) {
  describe(`risk in the demo workspace (${backend})`, () => {
    let srv;
    let c;
    before(async () => {
      srv = await startServer({ backend, demo: true });
      c = srv.client();
      assert.equal((await c.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a handful of risks on map elements, the 5x5 scale current, one score on the earlier 4x4, one overdue action', async () => {
      const s = (await c.get('/api/risk-scale')).json;
      assert.equal(s.scale.key, 'no5');
      assert.equal((await c.get('/api/risk-scales')).json.items.length, 2);
      const risks = (await c.get('/api/risks?sort=-value')).json.items;
      assert.equal(risks.length, 6);
      assert.ok(
        risks.every((r) => !r.orphan),
        'every element exists in its current map',
      );
      assert.equal(risks.filter((r) => r.element_id).length, 5);
      assert.deepEqual(
        risks.filter((r) => !r.inherent.current_scale).map((r) => [r.inherent.scale, r.inherent.colour]),
        [['se4', 'red']],
      );
      const od = (await c.get('/api/risk-actions/overdue')).json;
      assert.equal(od.total, 1);
      // process names in the asked language here too
      const odSv = (await c.get('/api/risk-actions/overdue?lang=sv')).json;
      const odEn = (await c.get('/api/risk-actions/overdue?lang=en')).json;
      assert.equal(odSv.items[0].id, od.items[0].id);
      assert.notEqual(odSv.items[0].process, odEn.items[0].process, JSON.stringify([odSv.items[0].process, odEn.items[0].process]));
      assert.equal((await c.get('/api/risk-actions/overdue?lang=de')).status, 400);
      // the review list shows it among what is overdue
      const rv = (await c.get('/api/reviews')).json;
      assert.deepEqual(
        rv.overdue.filter((x) => x.kind === 'risk_action').map((x) => x.id),
        [od.items[0].id],
      );
      const plan = (await c.get('/api/risk-plan')).json;
      assert.equal(plan.risks, 3);
      // process names in the asked language (default: nb, else en, else sv)
      const names = (p) => p.units.flatMap((u) => u.risks.map((r) => r.process));
      assert.ok(names(plan).includes('Behandle byggesøknad'));
      assert.ok(names((await c.get('/api/risk-plan?lang=sv')).json).includes('Handlägga ansökan om bygglov'));
      assert.ok((await c.get('/api/risk-plan?lang=sv&format=csv')).text.includes(';Handlägga ansökan om bygglov;'));
      assert.equal((await c.get('/api/risks?lang=en&sort=-value&limit=1')).json.items[0].process, 'Handle building permit application');
      const permit = risks.find((r) => r.element_id === 'Task_Check');
      assert.equal((await c.get(`/api/risks/${permit.id}`)).json.history.length, 3, 'an earlier assessment, the current one, the residual');
      const svg = await c.get('/api/risk-matrix?format=svg&lang=nb');
      assert.equal(svg.status, 200);
      assert.match(svg.text, /Iboende risiko \(5\)/);
    });
  });
}
