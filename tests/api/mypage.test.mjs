// My page (GET /api/me/overview) shows what is the user's own, on the demo
// workspace: the reader sees no workspace-wide actions, the responsible sees
// his overdue review, the advisor sees her processes through her unit role,
// the leader sees his rejected version with the owner's comment. Approvals:
// may_decide is false for the submitter and true for the owner, a comment
// reaches the submitter as a comment to answer, the compare answer carries
// old and new values, and revert starts a draft equal to the old version.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer } from './helpers.mjs';

const PW = 'kartla-demo';

for (const { name: backend } of backends()) {
  describe(`my page and approvals (${backend})`, () => {
    let srv;
    const users = {};
    before(async () => {
      srv = await startServer({ backend, demo: true });
      for (const l of ['eier', 'ansvarlig', 'radgiver', 'agare', 'ledare', 'reader']) {
        users[l] = srv.client();
        assert.equal((await users[l].login(l, PW)).status, 200, l);
      }
    });
    after(async () => {
      await srv?.stop();
    });

    const overview = async (l) => {
      const r = await users[l].get('/api/me/overview');
      assert.equal(r.status, 200, r.text);
      return r.json;
    };

    test('anonymous visitors have no page', async () => {
      assert.equal((await srv.client().get('/api/me/overview')).status, 401);
    });

    test('the reader sees nothing of the workspace: no actions, no reviews, no workspace lists', async () => {
      const o = await overview('reader');
      assert.deepEqual(o.actions, []);
      assert.deepEqual(o.reviews, []);
      assert.deepEqual(o.approvals, []);
      assert.equal(o.sees.workspace, false);
      assert.equal(o.overdue, undefined);
      // The workspace has an overdue risk action (the leader's), so the list would not be empty.
      const ledare = await overview('ledare');
      assert.ok(
        ledare.actions.some((a) => a.overdue && /checklista/.test(a.title)),
        JSON.stringify(ledare.actions),
      );
    });

    test('the responsible sees his overdue review', async () => {
      const o = await overview('ansvarlig');
      const r = o.reviews.find((x) => x.name.nb === 'Behandle studentklager');
      assert.ok(r, JSON.stringify(o.reviews));
      assert.equal(r.light, 'red');
      assert.equal(r.kind, 'responsible');
      assert.ok(r.days_left < 0);
      // His own risk action, not the leader's.
      assert.ok(o.actions.every((a) => !/checklista/.test(a.title)));
      assert.ok(o.actions.some((a) => /klagenemnda/.test(a.title)));
    });

    test('the advisor sees the processes of her unit role', async () => {
      const o = await overview('radgiver');
      const g = o.roles.find((x) => x.role.kind === 'advisor');
      assert.ok(g, JSON.stringify(o.roles));
      assert.equal(g.scope, 'unit');
      assert.ok(
        g.processes.some((p) => p.name.nb === 'Behandle studentklager'),
        JSON.stringify(g),
      );
    });

    test('the leader is told that his version was rejected, by whom and why', async () => {
      const o = await overview('ledare');
      const s = o.submissions.find((x) => x.state === 'rejected');
      assert.ok(s, JSON.stringify(o.submissions));
      assert.equal(s.decision, 'reject');
      assert.equal(s.decided_by, 'Anna Lindqvist');
      assert.match(s.decision_comment, /Väntetiden för komplettering saknas/);
      assert.match(s.note, /Kompletteringssteget/);
      assert.equal(o.sees.workspace, false);
    });

    test('approvals: waiting for the owner, not for the submitter; may_decide follows the rule', async () => {
      const eier = await overview('eier');
      const w = eier.approvals.find((a) => a.name.nb === 'Opptak av studenter');
      assert.ok(w, JSON.stringify(eier.approvals));
      assert.equal(w.submitted_by, 'Ola Hansen');
      assert.match(w.note, /Digital dokumentkontroll/);
      assert.equal(eier.sees.workspace, true);
      const ola = await overview('ansvarlig');
      assert.ok(!ola.approvals.some((a) => a.version_id === w.version_id));
      const path = `/api/processes/${w.process_id}/maps/${w.version_id}`;
      const mine = await users.ansvarlig.get(path);
      assert.equal(mine.status, 200);
      assert.equal(mine.json.may_decide, false);
      const owner = await users.eier.get(path);
      assert.equal(owner.json.may_decide, true);
      assert.equal((await users.reader.get(path)).json.may_decide, false);
      // The server agrees: the submitter is refused.
      assert.equal((await users.ansvarlig.post(`${path}/approve`, {})).status, 403);
    });

    test('an owner sees the overdue items of his area only; a facilitator all', async () => {
      const kari = await overview('eier');
      const anna = await overview('agare');
      assert.deepEqual(
        [kari.sees, anna.sees],
        [
          { workspace: true, all: false },
          { workspace: true, all: false },
        ],
      );
      const mine = (await users.agare.get(`/api/reviews?owner=${anna.person.id}`)).json;
      assert.ok(
        mine.overdue.some((x) => x.kind === 'risk_action' && /checklista/.test(x.title)),
        JSON.stringify(mine.overdue),
      );
      const other = (await users.eier.get(`/api/reviews?owner=${kari.person.id}`)).json;
      assert.ok(!other.overdue.some((x) => /checklista/.test(x.title)), JSON.stringify(other.overdue));
      assert.ok(other.items.every((x) => x.owner === 'Kari Nordmann'));
      const fac = srv.client();
      await fac.login('handledare', PW);
      assert.deepEqual((await fac.get('/api/me/overview')).json.sees, { workspace: true, all: true });
    });

    test('a comment on his version reaches the submitter as one to answer', async () => {
      const w = (await overview('eier')).approvals.find((a) => a.name.nb === 'Opptak av studenter');
      const path = `/api/processes/${w.process_id}/maps/${w.version_id}`;
      assert.equal((await users.eier.post(`${path}/comments`, { comment: 'Hvem rangerer nå?' })).status, 201);
      const o = await overview('ansvarlig');
      const c = o.comments.find((x) => x.version_id === w.version_id);
      assert.ok(c, JSON.stringify(o.comments));
      assert.equal(c.comment, 'Hvem rangerer nå?');
      assert.equal(c.commenter, 'Kari Nordmann');
    });

    test('compare shows old and new values of times and names per language', async () => {
      const w = (await overview('eier')).approvals.find((a) => a.name.nb === 'Opptak av studenter');
      const cur = await users.eier.get(`/api/processes/${w.process_id}/maps/current`);
      const d = (await users.eier.get(`/api/processes/${w.process_id}/maps/compare?from=${cur.json.id}&to=${w.version_id}`)).json;
      const t = d.times.find((x) => x.field === 'wait_time' && x.from === 864000);
      assert.ok(t, JSON.stringify(d.times));
      assert.equal(t.to, 604800);
      assert.equal(t.names.nb, 'Vurdere realkompetanse');
      const rn = d.renamed.find((x) => x.to === 'Check documentation digitally');
      assert.ok(rn, JSON.stringify(d.renamed));
      assert.equal(rn.from_names.sv, 'Kontrollera dokumentation');
      assert.equal(rn.to_names.sv, 'Kontrollera dokumentation digitalt');
      assert.ok(Array.isArray(d.raci) && Array.isArray(d.properties));
    });

    test('revert starts a draft equal to the old version', async () => {
      const procs = (await users.eier.get('/api/processes?limit=100')).json.items;
      const p = procs.find((x) => x.name.nb === 'Opptak av studenter');
      const versions = (await users.eier.get(`/api/processes/${p.id}/maps?limit=100`)).json.items;
      const v1 = versions.find((v) => v.number === 1);
      assert.equal((await users.reader.post(`/api/processes/${p.id}/maps/${v1.id}/revert`, {})).status, 403);
      const r = await users.eier.post(`/api/processes/${p.id}/maps/${v1.id}/revert`, {});
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.state, 'draft');
      assert.equal(r.json.variant, v1.variant);
      assert.ok(r.json.number > 2);
      const [a, b] = await Promise.all([users.eier.get(`/api/processes/${p.id}/maps/${v1.id}`), users.eier.get(`/api/processes/${p.id}/maps/${r.json.id}`)]);
      assert.equal(b.json.bpmn, a.json.bpmn);
      // The old version's own specification, or (without one) the process's, as on create.
      assert.deepEqual(b.json.specification, a.json.specification ?? (await users.eier.get(`/api/processes/${p.id}`)).json.specification);
      assert.equal((await users.eier.post(`/api/processes/${p.id}/maps/999999/revert`, {})).status, 404);
      // The history says where the draft came from.
      const h = (await users.eier.get(`/api/processes/${p.id}/history?limit=50`)).json.items;
      const row = h.find((x) => x.object_type === 'map_version' && x.object_id === r.json.id);
      assert.ok(row, JSON.stringify(h.slice(0, 3)));
      assert.equal(row.after.reverted_from, v1.id);
    });
  });
}
