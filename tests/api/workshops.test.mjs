// The workshop loop (issue 11 section 4): workshops with participants and N
// votes per signed-in participant, dots recorded from a workshop wall
// (board total = dots + votes), activity-plan items with a responsible
// person, due date and status, the plan as CSV; readers cannot write.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';
import { makeFacilitator } from './org_helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`workshops, dots and the activity plan (${backend})`, () => {
    let srv;
    let admin;
    let fac;
    let reader;
    let asg;
    let ws;
    let person;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      fac = await makeFacilitator(admin, srv, 'handledare');
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'reader-password' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-password')).status, 200);
      const a = await fac.post('/api/assignments', { title: 'Kartläggning bygglov' });
      assert.equal(a.status, 201, a.text);
      asg = a.json;
      const p = await admin.post('/api/people', { name: 'Åsa Öberg' });
      assert.equal(p.status, 201, p.text);
      person = p.json;
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a facilitator adds, edits and removes a workshop with participants and N votes', async () => {
      const r = await fac.post(`/api/assignments/${asg.id}/workshops`, {
        title: 'Workshop 1',
        held_on: '2026-12-01',
        participants: 'Anna, Bo, Cecilia',
        votes_per_participant: 3,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.participants, 'Anna, Bo, Cecilia');
      assert.equal(r.json.votes_per_participant, 3);
      ws = r.json;
      const bad = await fac.post(`/api/assignments/${asg.id}/workshops`, { title: 'x', votes_per_participant: 0 });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'votes_per_participant');
      assert.equal((await reader.post(`/api/assignments/${asg.id}/workshops`, { title: 'x' })).status, 403);
      const e = await fac.patch(`/api/workshops/${ws.id}`, { title: 'Workshop 1 (wall)' });
      assert.equal(e.status, 200, e.text);
      assert.equal(e.json.title, 'Workshop 1 (wall)');
      const extra = await fac.post(`/api/assignments/${asg.id}/workshops`, { title: 'Gone' });
      assert.equal((await fac.delete(`/api/workshops/${extra.json.id}`)).status, 204);
      assert.equal((await fac.get(`/api/workshops/${extra.json.id}`)).status, 404);
    });

    test('N votes per participant over the workshop, and recorded dots', async () => {
      const mk = async (text) => (await fac.post(`/api/assignments/${asg.id}/ideas`, { kind: 'idea', text, workshop_id: ws.id, group_name: 'Väntan' })).json;
      const i1 = await mk('Digital ansökan');
      const i2 = await mk('Checklista');
      // the reader has 3 votes: two on one idea, one on another, the fourth is refused
      assert.equal((await reader.post(`/api/ideas/${i1.id}/vote`, {})).status, 200);
      const two = await reader.post(`/api/ideas/${i1.id}/vote`, {});
      assert.equal(two.status, 200, two.text);
      assert.equal(two.json.votes, 2);
      assert.equal((await reader.post(`/api/ideas/${i2.id}/vote`, {})).status, 200);
      const fourth = await reader.post(`/api/ideas/${i2.id}/vote`, {});
      assert.equal(fourth.status, 409);
      assert.match(errorOf(fourth).message, /all your 3 votes/);
      // taking one back frees it
      const back = await reader.delete(`/api/ideas/${i1.id}/vote`);
      assert.equal(back.status, 200, back.text);
      assert.equal(back.json.votes, 1);
      assert.equal((await reader.post(`/api/ideas/${i2.id}/vote`, {})).status, 200);
      assert.equal((await reader.get(`/api/ideas/${i2.id}`)).json.votes, 2);
      // a facilitator records the wall's dots; recording again replaces
      let d = await fac.post(`/api/ideas/${i1.id}/dots`, { workshop_id: ws.id, dots: 5 });
      assert.equal(d.status, 200, d.text);
      d = await fac.post(`/api/ideas/${i1.id}/dots`, { workshop_id: ws.id, dots: 7 });
      assert.equal(d.json.dots, 7);
      assert.equal(d.json.votes, 1);
      assert.equal((await reader.post(`/api/ideas/${i1.id}/dots`, { workshop_id: ws.id, dots: 1 })).status, 403);
      const neg = await fac.post(`/api/ideas/${i1.id}/dots`, { workshop_id: ws.id, dots: -1 });
      assert.equal(neg.status, 422);
      assert.equal(errorOf(neg).field, 'dots');
      const other = await fac.post('/api/assignments', { title: 'Annat' });
      const ows = await fac.post(`/api/assignments/${other.json.id}/workshops`, { title: 'Annan' });
      const wrong = await fac.post(`/api/ideas/${i1.id}/dots`, { workshop_id: ows.json.id, dots: 1 });
      assert.equal(wrong.status, 422);
      assert.equal(errorOf(wrong).field, 'workshop_id');
      // the board: total = dots + votes per group
      const g = await reader.get(`/api/assignments/${asg.id}/idea-groups`);
      assert.deepEqual(g.json.items, [{ group_name: 'Väntan', count: 2, votes: 7 + 1 + 2, problems: 0 }]);
    });

    test('activity-plan items: CRUD with responsible, due date and status; CSV export', async () => {
      const r = await fac.post(`/api/assignments/${asg.id}/plan-items`, {
        improvement: 'Inför digital ansökan; med "e-tjänst"',
        responsible_id: person.id,
        due_date: '2027-03-01',
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.status, 'planned');
      assert.equal(r.json.responsible_id, person.id);
      const item = r.json;
      for (const [b, field] of [
        [{ improvement: '' }, 'improvement'],
        [{ improvement: 'x', status: 'cancelled' }, 'status'],
        [{ improvement: 'x', due_date: '2027-13-01' }, 'due_date'],
        [{ improvement: 'x', responsible_id: 999999 }, 'responsible_id'],
      ]) {
        const bad = await fac.post(`/api/assignments/${asg.id}/plan-items`, b);
        assert.equal(bad.status, 422, JSON.stringify(b));
        assert.equal(errorOf(bad).field, field);
      }
      assert.equal((await reader.post(`/api/assignments/${asg.id}/plan-items`, { improvement: 'x' })).status, 403);
      assert.equal((await reader.patch(`/api/plan-items/${item.id}`, { status: 'done' })).status, 403);
      assert.equal((await reader.delete(`/api/plan-items/${item.id}`)).status, 403);
      const u = await fac.patch(`/api/plan-items/${item.id}`, { status: 'ongoing' });
      assert.equal(u.status, 200, u.text);
      assert.equal(u.json.status, 'ongoing');
      const second = await fac.post(`/api/assignments/${asg.id}/plan-items`, { improvement: 'Checklista', status: 'dropped' });
      assert.equal(second.status, 201);
      const list = await reader.get(`/api/assignments/${asg.id}/plan-items`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.json.items.map((i) => i.improvement),
        [item.improvement, 'Checklista'],
      );
      // CSV: BOM, semicolons, headings and status words in the reader's language
      const csv = await reader.get(`/api/assignments/${asg.id}/plan.csv?lang=sv`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      // fetch's text() drops a BOM: read the bytes
      const bytes = Buffer.from(
        await (await fetch(`${srv.base}/api/assignments/${asg.id}/plan.csv?lang=sv`, { headers: { cookie: reader.cookie } })).arrayBuffer(),
      );
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      assert.equal(lines[0], 'Förbättring;Ansvarig;Klart senast;Status;Idé');
      assert.equal(lines[1], '"Inför digital ansökan; med ""e-tjänst""";Åsa Öberg;2027-03-01;Pågår;');
      assert.equal(lines[2], 'Checklista;;;Struken;');
      const nb = await reader.get(`/api/assignments/${asg.id}/plan.csv?lang=nb`);
      assert.match(nb.text, /^Forbedring;Ansvarlig;Frist;Status;Idé\r\n/);
      assert.equal((await reader.get(`/api/assignments/${asg.id}/plan.csv?lang=xx`)).status, 400);
      assert.equal((await reader.get('/api/assignments/999999/plan.csv')).status, 404);
      assert.equal((await fac.delete(`/api/plan-items/${second.json.id}`)).status, 204);
      assert.equal((await reader.get(`/api/assignments/${asg.id}/plan-items`)).json.items.length, 1);
    });

    test('an idea put into the activity plan shows as an item of the assignment plan', async () => {
      const idea = await fac.post(`/api/assignments/${asg.id}/ideas`, { kind: 'idea', text: 'Färre kompletteringar' });
      const r = await fac.post(`/api/ideas/${idea.json.id}/activity-plan`, { responsible: 'Åsa Öberg', due_date: '2027-06-01' });
      assert.equal(r.status, 201, r.text);
      assert.ok(Number.isInteger(r.json.plan_item_id));
      const item = (await reader.get(`/api/plan-items/${r.json.plan_item_id}`)).json;
      assert.equal(item.assignment_id, asg.id);
      assert.equal(item.idea_id, idea.json.id);
      assert.equal(item.improvement, 'Färre kompletteringar');
      assert.equal(item.responsible_id, person.id);
      assert.equal(item.due_date, '2027-06-01');
      assert.equal(item.status, 'planned');
    });
  });
}
