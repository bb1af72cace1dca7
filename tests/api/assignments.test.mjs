// Mapping assignments (the assignment template, status planned -> ongoing
// -> analysed -> documented -> closed with allowed steps only), workshops,
// the problems-and-ideas list (grouping, priority, votes), an idea into an
// activity plan, and the templates as validated forms (follow-up plan
// indicators with traffic lights, activity plan items); facilitators write,
// readers read, anyone signed in votes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { makeFacilitator } from './org_helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`assignments and forms (${backend})`, () => {
    let srv;
    let admin;
    let fac;
    let reader;
    let anon;
    let asg;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      fac = await makeFacilitator(admin, srv, 'handledare');
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'reader-password' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-password')).status, 200);
      anon = srv.client();
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a facilitator creates an assignment from the template; the body is validated', async () => {
      const body = {
        process: 'Bygglov',
        ordering_owner: 'Karin Ek (processägare)',
        facilitators: ['Nils Nilsson'],
        scope: 'Från ansökan till beslut',
        state: 'as_is',
        depth: 'overview',
        participants: ['Handläggare', 'Registrator'],
        start_date: '2024-03-01',
        end_date: '2024-05-31',
        deliverables: ['Översiktskarta', 'Processpecifikation'],
        analyses: ['risk', 'lead_time'],
        goals: 'Kortare ledtid',
        values: 'Rättssäkerhet',
        effects: 'Nöjdare sökande',
      };
      const r = await fac.post('/api/assignments', { title: 'Kartläggning bygglov', body, start_date: '2024-03-01', due_date: '2024-05-31' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.status, 'planned');
      assert.deepEqual(r.json.body, body);
      assert.equal(r.headers.get('etag'), '"v1"');
      asg = r.json;
      for (const [b, field] of [
        [{ title: 'x', body: { state: 'sideways' } }, 'body.state'],
        [{ title: 'x', body: { analyses: ['astrology'] } }, 'body.analyses[0]'],
        [{ title: 'x', body: { start_date: '1 March' } }, 'body.start_date'],
        [{ title: 'x', body: { budget: 5 } }, 'body.budget'],
        [{ title: 'x', body: 'text' }, 'body'],
        [{ title: 'x', status: 'closed' }, 'status'],
        [{ title: 'x', start_date: '2024-05-01', due_date: '2024-04-01' }, 'due_date'],
        [{ title: 'x', process_id: 999999 }, 'process_id'],
        [{ body: {} }, 'title'],
      ]) {
        const e = await fac.post('/api/assignments', b);
        assert.equal(e.status, 422, JSON.stringify(b));
        assert.equal(errorOf(e).field, field, JSON.stringify(b));
      }
      assert.equal((await reader.post('/api/assignments', { title: 'x' })).status, 403);
      assert.equal((await anon.post('/api/assignments', { title: 'x' })).status, 401);
      assert.equal((await reader.get(`/api/assignments/${asg.id}`)).json.title, 'Kartläggning bygglov');
      assert.equal((await reader.get('/api/assignments?status=planned')).json.total, 1);
    });

    test('status moves one step at a time; illegal transitions are 409 and change nothing', async () => {
      const p = `/api/assignments/${asg.id}/status`;
      const skip = await fac.post(p, { status: 'analysed' });
      assert.equal(skip.status, 409);
      assert.equal(errorOf(skip).field, 'status');
      assert.equal((await fac.post(p, { status: 'finished' })).status, 422);
      assert.equal((await fac.post(p, {})).status, 422);
      assert.equal((await reader.post(p, { status: 'ongoing' })).status, 403);
      let g = await reader.get(`/api/assignments/${asg.id}`);
      assert.equal(g.json.status, 'planned');
      const stale = await fac.post(p, { status: 'ongoing' }, { headers: { 'if-match': '"v999"' } });
      assert.equal(stale.status, 412);
      for (const s of ['ongoing', 'analysed', 'ongoing', 'analysed', 'documented', 'closed']) {
        const r = await fac.post(p, { status: s }, { headers: { 'if-match': g.headers.get('etag') } });
        assert.equal(r.status, 200, `${s}: ${r.text}`);
        assert.equal(r.json.status, s);
        g = r;
      }
      assert.equal((await fac.post(p, { status: 'documented' })).status, 409, 'closed is final');
      assert.equal((await fac.post('/api/assignments/999999/status', { status: 'ongoing' })).status, 404);
    });

    test('workshops belong to an assignment', async () => {
      const w = await fac.post(`/api/assignments/${asg.id}/workshops`, { title: 'Workshop 1: översiktskarta', held_on: '2024-03-14', place: 'Rum 2' });
      assert.equal(w.status, 201, w.text);
      assert.equal(w.json.assignment_id, asg.id);
      assert.equal((await fac.post('/api/assignments/999999/workshops', { title: 'x' })).status, 404);
      assert.equal((await fac.post(`/api/assignments/${asg.id}/workshops`, { title: 'x', held_on: '2024-14-01' })).status, 422);
      const list = await reader.get(`/api/assignments/${asg.id}/workshops`);
      assert.equal(list.json.total, 1);
      asg.workshop = w.json.id;
    });

    test('problems and ideas: grouping, priority, votes; an idea becomes an activity-plan item', async () => {
      const base = `/api/assignments/${asg.id}/ideas`;
      const mk = async (b) => {
        const r = await fac.post(base, b);
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const p1 = await mk({ kind: 'problem', text: 'Kompletteringar tar veckor', group_name: 'Väntan', workshop_id: asg.workshop });
      const i1 = await mk({ kind: 'idea', text: 'E-tjänst med obligatoriska bilagor', group_name: 'Väntan', priority: 1 });
      const i2 = await mk({ kind: 'idea', text: `Checklista '; DROP TABLE ideas; --`, group_name: 'Kvalitet', priority: 2 });
      for (const [b, field] of [
        [{ kind: 'wish', text: 'x' }, 'kind'],
        [{ kind: 'idea' }, 'text'],
        [{ kind: 'idea', text: 'x', priority: 0 }, 'priority'],
        [{ kind: 'idea', text: 'x', votes: 100 }, 'votes'],
        [{ kind: 'idea', text: 'x', workshop_id: 999999 }, 'workshop_id'],
      ]) {
        const e = await fac.post(base, b);
        assert.equal(e.status, 422, JSON.stringify(b));
        assert.equal(errorOf(e).field, field);
      }
      // votes: anyone signed in
      for (const c of [reader, fac, admin]) assert.equal((await c.post(`/api/ideas/${i2.id}/vote`, {})).status, 200);
      assert.equal((await anon.post(`/api/ideas/${i2.id}/vote`, {})).status, 401);
      assert.equal((await reader.post('/api/ideas/999999/vote', {})).status, 404);
      assert.equal((await reader.get(`/api/ideas/${i2.id}`)).json.votes, 3);
      // one vote per person: a second is refused, taking it back and voting again works
      const again = await reader.post(`/api/ideas/${i2.id}/vote`, {});
      assert.equal(again.status, 409);
      assert.match(errorOf(again).message, /already voted/);
      assert.equal((await reader.get(`/api/ideas/${i2.id}`)).json.votes, 3);
      const back = await reader.delete(`/api/ideas/${i2.id}/vote`);
      assert.equal(back.status, 200);
      assert.equal(back.json.votes, 2);
      assert.equal((await reader.delete(`/api/ideas/${i2.id}/vote`)).status, 404);
      assert.equal((await reader.post(`/api/ideas/${i2.id}/vote`, {})).status, 200);
      assert.equal((await reader.get(`/api/ideas/${i2.id}`)).json.votes, 3);
      // regroup and reprioritise
      const g = await reader.get(`/api/ideas/${i2.id}`);
      const up = await fac.patch(`/api/ideas/${i2.id}`, { group_name: 'Väntan', priority: 1 }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(up.status, 200);
      assert.equal((await fac.patch(`/api/ideas/${i2.id}`, { priority: 3 }, { headers: { 'if-match': g.headers.get('etag') } })).status, 412);
      assert.equal((await reader.patch(`/api/ideas/${i2.id}`, { priority: 3 })).status, 403);
      const groups = await reader.get(`/api/assignments/${asg.id}/idea-groups`);
      assert.deepEqual(groups.json.items, [{ group_name: 'Väntan', count: 3, votes: 3, problems: 1 }]);
      const inGroup = await reader.get(`/api/ideas?group_name=${encodeURIComponent('Väntan')}&assignment_id=${asg.id}`);
      assert.equal(inGroup.json.total, 3);
      // by group, then priority, then votes
      const ordered = (await reader.get(base)).json.items.map((x) => x.id);
      assert.deepEqual(ordered, [i2.id, i1.id, p1.id]);
      // into the activity plan
      const plan = await fac.post(`/api/ideas/${i1.id}/activity-plan`, { responsible: 'Karin Ek', due_date: '2024-09-01' });
      assert.equal(plan.status, 201, plan.text);
      assert.equal(plan.json.item.improvement, 'E-tjänst med obligatoriska bilagor');
      assert.match(plan.json.item.origin, /idea #\d+ \(assignment #\d+\)/);
      assert.equal((await fac.post(`/api/ideas/${i1.id}/activity-plan`, {})).status, 409, 'once');
      assert.equal((await reader.get(`/api/ideas/${i1.id}`)).json.status, 'planned');
      const plan2 = await fac.post(`/api/ideas/${i2.id}/activity-plan`, {});
      assert.equal(plan2.json.form_id, plan.json.form_id, 'the same draft plan');
      const form = await reader.get(`/api/forms/${plan.json.form_id}`);
      assert.equal(form.json.template, 'activity_plan');
      assert.equal(form.json.body.items.length, 2);
      assert.equal(form.json.body.items[1].improvement, `Checklista '; DROP TABLE ideas; --`);
      assert.equal((await fac.post(`/api/ideas/${p1.id}/activity-plan`, { due_date: 'soon' })).status, 422);
      assert.equal((await fac.post(`/api/ideas/${p1.id}/activity-plan`, { form_id: 999999 })).status, 422);
      assert.equal((await reader.post(`/api/ideas/${p1.id}/activity-plan`, {})).status, 403);
    });

    test('forms: every template has a schema; bodies are validated with the path of the bad field', async () => {
      const t = await reader.get('/api/templates');
      assert.deepEqual(
        t.json.items.map((x) => x.key),
        ['process_inventory', 'process_specification', 'resource_request', 'mapping_assignment', 'followup_plan', 'activity_plan', 'role_description'],
      );
      const one = await reader.get('/api/templates/followup_plan');
      assert.deepEqual(one.json.schema.properties.indicators.items.properties.traffic_light.enum, ['green', 'yellow', 'red']);
      assert.equal((await reader.get('/api/templates/nope')).status, 404);
      const body = {
        process: 'Leverantörsfakturor',
        period: '2024',
        indicators: [
          { name: 'Ledtid faktura', target: '≤ 10 dagar', frequency: 'monthly', responsible: 'Processledare', traffic_light: 'yellow' },
          { name: 'Andel e-fakturor', target: '95 %', frequency: 'quarterly', responsible: 'Ekonomichef', traffic_light: 'green' },
        ],
      };
      const f = await fac.post('/api/forms', { template: 'followup_plan', title: 'Uppföljningsplan 2024', body });
      assert.equal(f.status, 201, f.text);
      assert.deepEqual(f.json.body, body);
      const bad = await fac.post('/api/forms', {
        template: 'followup_plan',
        title: 'x',
        body: { indicators: [{ name: 'a' }, { name: 'b', traffic_light: 'blue' }] },
      });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'body.indicators[1].traffic_light');
      // activity-plan items past their due date (and not done) are listed as overdue
      const ap = await fac.post('/api/forms', {
        template: 'activity_plan',
        title: 'Aktivitetsplan',
        body: {
          items: [
            { improvement: 'Digitalt skjema', due_date: '2020-01-31', status: 'ongoing' },
            { improvement: 'Ferdig allerede', due_date: '2020-01-31', status: 'done' },
            { improvement: 'Senere', due_date: '2999-01-01', status: 'planned' },
          ],
        },
      });
      assert.equal(ap.status, 201, ap.text);
      const late = (await fac.get('/api/reviews')).json.overdue.filter((x) => x.kind === 'activity' && x.id === ap.json.id);
      assert.deepEqual(
        late.map((x) => [x.item, x.title, x.due_date]),
        [[0, 'Digitalt skjema', '2020-01-31']],
      );
      const noName = await fac.post('/api/forms', { template: 'activity_plan', title: 'x', body: { items: [{ responsible: 'x' }] } });
      assert.equal(noName.status, 422);
      assert.equal(errorOf(noName).field, 'body.items[0].improvement');
      assert.equal((await fac.post('/api/forms', { template: 'memo', title: 'x' })).status, 422);
      const rr = await fac.post('/api/forms', {
        template: 'resource_request',
        title: 'Resurser',
        body: { resources: [{ kind: 'time', amount: 0.2, period: '2024' }], decision: 'pending' },
      });
      assert.equal(rr.status, 201, rr.text);
      const inv = await fac.post('/api/forms', {
        template: 'process_inventory',
        title: 'Inventering',
        body: { processes: [{ name: 'Handlägga bygglov', type: 'core', level: 'main_process' }] },
      });
      assert.equal(inv.status, 201, inv.text);
      // patch keeps the template; the body is checked against it
      const g = await reader.get(`/api/forms/${f.json.id}`);
      assert.equal((await fac.patch(`/api/forms/${f.json.id}`, { template: 'activity_plan' })).status, 422);
      const wrong = await fac.patch(`/api/forms/${f.json.id}`, { body: { items: [] } });
      assert.equal(wrong.status, 422);
      assert.equal(errorOf(wrong).field, 'body.items');
      const ok = await fac.patch(`/api/forms/${f.json.id}`, { status: 'approved' }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.version, 2);
      assert.equal((await reader.get('/api/forms?template=followup_plan')).json.total, 1);
      assert.equal((await reader.get('/api/forms?template=followup_plan&limit=501')).status, 400);
      assert.equal((await reader.delete(`/api/forms/${f.json.id}`)).status, 403);
      assert.equal((await fac.delete(`/api/forms/${f.json.id}`)).status, 204);
    });
  });
}
