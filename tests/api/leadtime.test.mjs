// Lead-time analysis of a stored map version: GET /api/processes/{id}/maps/{vid}/leadtime
// (docs/leadtime.md). The worked example's figures, reproducible simulation by seed,
// comparison with another version, the histogram as SVG, and bad queries / maps.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backends, startServer, errorOf, REPO } from './helpers.mjs';

const worked = fs.readFileSync(path.join(REPO, 'examples/worked-example.bpmn'), 'utf8');
const golden = (f) => fs.readFileSync(path.join(REPO, 'tests/golden/leadtime', f), 'utf8');

for (const { name: backend } of backends()) {
  describe(`leadtime (${backend})`, () => {
    let srv;
    let admin;
    let pid;
    let asIs;
    let toBe;
    let badSum;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Credit transfer' } })).json.id;
      const post = async (variant, bpmn) => {
        const r = await admin.post(`/api/processes/${pid}/maps`, { variant, bpmn });
        assert.equal(r.status, 201, r.text);
        return r.json.id;
      };
      asIs = await post('as_is', worked);
      toBe = await post('to_be', worked.replace('<kartla:waitTime value="P5D"/>', '<kartla:waitTime value="P3D"/>'));
      badSum = await post('as_is', golden('bad-sum.bpmn'));
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const lt = (vid, q = '') => admin.get(`/api/processes/${pid}/maps/${vid}/leadtime${q}`);

    test('the worked example: about 10.7 days and an activity ratio of about 1.9 %', async () => {
      const r = await lt(asIs);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.version_id, asIs);
      assert.equal(r.json.leadTime.days.toFixed(1), '10.7');
      assert.equal((100 * r.json.activityRatio).toFixed(1), '1.9');
      assert.equal(r.json.processTime.hours, 1.5);
      assert.deepEqual(r.json.timeBasis, { basis: 'working', hoursPerDay: 7.5, daysPerWeek: 5 });
      assert.equal(r.json.handoffs, 3);
      assert.equal(r.json.criticalPath.length, 4);
      assert.equal(r.json.simulation.runs, 10000);
      assert.equal(r.json.simulation.seed, 1);
      assert.ok(r.json.simulation.p95.days >= r.json.simulation.p50.days);
      assert.equal(r.json.activities.length, 4);
      // each activity's names by language, for the reader's language in the UI
      assert.deepEqual(r.json.activities.find((a) => a.id === 'Task_AssessApplication').names, {
        '': 'Assess application',
        nb: 'Vurdere søknad',
        sv: 'Bedöma ansökan',
      });
      // and the lanes' names, in the activities and the work per lane
      const officer = { '': 'Case officer', nb: 'Saksbehandler', sv: 'Handläggare' };
      assert.deepEqual(r.json.activities.find((a) => a.lane === 'Case officer').laneNames, officer);
      assert.deepEqual(r.json.lanes.find((l) => l.lane === 'Case officer').names, officer);
      assert.deepEqual(r.json.warnings, []);
    });

    test('the same seed gives the same answer; calendar basis and runs=0', async () => {
      const a = await lt(asIs, '?runs=2000&seed=5');
      const b = await lt(asIs, '?runs=2000&seed=5');
      const c = await lt(asIs, '?runs=2000&seed=6');
      assert.equal(a.status, 200, a.text);
      assert.deepEqual(a.json, b.json);
      assert.notDeepEqual(a.json.simulation, c.json.simulation);
      const cal = await lt(asIs, '?runs=0&basis=calendar');
      assert.equal(cal.status, 200, cal.text);
      assert.equal(cal.json.simulation, null);
      assert.equal(cal.json.timeBasis.basis, 'calendar');
      assert.equal(cal.json.leadTime.days.toFixed(2), '10.56');
      const eight = await lt(asIs, '?runs=0&hours_per_day=8&days_per_week=4&distribution=triangular');
      assert.equal(eight.status, 200, eight.text);
      assert.equal(eight.json.timeBasis.hoursPerDay, 8);
    });

    test('compare: as-is against a to-be version, per figure and per activity', async () => {
      const r = await lt(asIs, `?runs=1000&compare=${toBe}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.compare_version_id, toBe);
      assert.ok(Math.abs(r.json.figures.leadTime.delta + 2) < 1e-9, JSON.stringify(r.json.figures.leadTime));
      const assess = r.json.activities.find((a) => a.id === 'Task_AssessApplication');
      assert.ok(Math.abs(assess.leadDelta + 2) < 1e-9);
      assert.equal(r.json.asIs.leadTime.days.toFixed(1), '10.7');
      assert.equal(r.json.toBe.leadTime.days.toFixed(1), '8.7');
    });

    test('format=svg: the histogram of the simulated lead times', async () => {
      const r = await lt(asIs, '?format=svg&runs=500');
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
      assert.match(r.text, /^<svg /);
      assert.match(r.text, /Simulated lead time: 500 runs/);
      // shown in a page in Swedish or bokmål: their words and decimal comma
      const sv = await lt(asIs, '?format=svg&runs=500&lang=sv');
      assert.equal(sv.status, 200, sv.text);
      assert.match(sv.text, /Simulerad ledtid: 500 körningar/);
      assert.match(sv.text, />ledtid \(arbetsdagar\)</);
      assert.match(sv.text, />medel \d+,\d</);
      assert.doesNotMatch(sv.text, /lead time|runs|>mean/);
      const nb = await lt(asIs, '?format=svg&runs=500&lang=nb');
      assert.match(nb.text, />gjennomløpstid \(arbeidsdager\)</);
    });

    test('bad queries are 400 naming the parameter; unknown versions 404', async () => {
      for (const [q, field] of [
        ['?runs=abc', 'runs'],
        ['?runs=-1', 'runs'],
        ['?runs=100001', 'runs'],
        ['?seed=x', 'seed'],
        ['?basis=lunar', 'basis'],
        ['?hours_per_day=0', 'hours_per_day'],
        ['?hours_per_day=25', 'hours_per_day'],
        ['?days_per_week=8', 'days_per_week'],
        ['?distribution=normal', 'distribution'],
        ['?format=xml', 'format'],
        ['?format=svg&lang=de', 'lang'],
        ['?format=svg&runs=0', 'runs'],
        ['?compare=abc', 'compare'],
        ['?hours_per_day=1e-300', 'hours_per_day'],
        ['?hours_per_day=0.9', 'hours_per_day'],
        ['?hours_per_day=0x10', 'hours_per_day'],
        ['?hours_per_day=1e999', 'hours_per_day'],
        ['?days_per_week=1e-300', 'days_per_week'],
        ['?days_per_week=nan', 'days_per_week'],
        ['?runs=99999999999999999999', 'runs'],
        ['?process=Nope', 'process'],
      ]) {
        const r = await lt(asIs, q);
        assert.equal(r.status, 400, `${q}: ${r.text}`);
        assert.equal(errorOf(r).field, field, q);
      }
      // the bounds themselves are sensible
      assert.equal((await lt(asIs, '?runs=0&hours_per_day=1&days_per_week=1')).status, 200);
      assert.equal((await lt(asIs, '?runs=0&hours_per_day=24&days_per_week=7')).status, 200);
      assert.equal((await lt(999999)).status, 404);
      const c = await lt(asIs, '?compare=999999');
      assert.equal(c.status, 404);
      assert.equal(errorOf(c).field, 'compare');
      assert.equal((await admin.get(`/api/processes/999999/maps/${asIs}/leadtime`)).status, 404);
    });

    test('POST /api/leadtime: what-if on BPMN from the editor, nothing stored', async () => {
      const before = (await admin.get(`/api/processes/${pid}/maps`)).json.total;
      const r = await admin.post('/api/leadtime', { bpmn: worked, runs: 0 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.leadTime.days.toFixed(1), '10.7');
      assert.equal(r.json.simulation, null);
      const faster = worked.replace('<kartla:waitTime value="P5D"/>', '<kartla:waitTime value="P1D"/>');
      const c = await admin.post('/api/leadtime', { bpmn: worked, compare_bpmn: faster, runs: 500, seed: 3, basis: 'calendar' });
      assert.equal(c.status, 200, c.text);
      assert.ok(Math.abs(c.json.figures.leadTime.delta + 4) < 1e-9, JSON.stringify(c.json.figures.leadTime));
      assert.equal(c.json.asIs.timeBasis.basis, 'calendar');
      const a1 = await admin.post('/api/leadtime', { bpmn: worked, runs: 300, seed: 8, distribution: 'triangular' });
      const a2 = await admin.post('/api/leadtime', { bpmn: worked, runs: 300, seed: 8, distribution: 'triangular' });
      assert.deepEqual(a1.json, a2.json);
      assert.equal(a1.json.simulation.distribution, 'triangular');
      const svg = await admin.post('/api/leadtime', { bpmn: worked, runs: 100, format: 'svg' });
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
      for (const [body, field] of [
        [{}, 'bpmn'],
        [{ bpmn: '' }, 'bpmn'],
        [{ bpmn: 5 }, 'bpmn'],
        [{ bpmn: worked, runs: -1 }, 'runs'],
        [{ bpmn: worked, runs: 100001 }, 'runs'],
        [{ bpmn: worked, runs: 1.5 }, 'runs'],
        [{ bpmn: worked, seed: -2 }, 'seed'],
        [{ bpmn: worked, basis: 'lunar' }, 'basis'],
        [{ bpmn: worked, hours_per_day: 30 }, 'hours_per_day'],
        [{ bpmn: worked, days_per_week: 0 }, 'days_per_week'],
        [{ bpmn: worked, distribution: 'normal' }, 'distribution'],
        [{ bpmn: worked, format: 'pdf' }, 'format'],
        [{ bpmn: worked, process: 'Nope' }, 'process'],
        [{ bpmn: worked, nope: 1 }, 'nope'],
        [{ bpmn: worked, compare_bpmn: worked, format: 'svg' }, 'compare_bpmn'],
        // numbers that parse but make no sense: a day of 1e-300 hours, a week of a millionth day
        [{ bpmn: worked, hours_per_day: 1e-300 }, 'hours_per_day'],
        [{ bpmn: worked, hours_per_day: 0.5 }, 'hours_per_day'],
        [{ bpmn: worked, hours_per_day: -8 }, 'hours_per_day'],
        [{ bpmn: worked, days_per_week: 1e-6 }, 'days_per_week'],
        [{ bpmn: worked, days_per_week: 7.5 }, 'days_per_week'],
        [{ bpmn: worked, runs: 1e300 }, 'runs'],
        [{ bpmn: worked, seed: 1e30 }, 'seed'],
      ]) {
        const e = await admin.post('/api/leadtime', body);
        assert.equal(e.status, 422, `${JSON.stringify(body).slice(0, 60)}: ${e.text}`);
        assert.equal(errorOf(e).field, field, JSON.stringify(body).slice(0, 60));
      }
      const m = await admin.post('/api/leadtime', { bpmn: golden('bad-loop.bpmn') });
      assert.equal(m.status, 422);
      assert.equal(errorOf(m).field, 'bpmn');
      assert.match(errorOf(m).message, /loop at gateway 'g' never ends/);
      const x = await admin.post('/api/leadtime', { bpmn: worked, compare_bpmn: '<nope' });
      assert.equal(x.status, 422);
      assert.equal(errorOf(x).field, 'compare_bpmn');
      assert.equal((await admin.get(`/api/processes/${pid}/maps`)).json.total, before, 'nothing stored');
      // A loop that repeats 10,000 times on average: 100,000 runs would be a billion executions.
      const slow = golden('rework.bpmn').replace('value="0.25"', 'value="0.9999"').replace('value="0.75"', 'value="0.0001"');
      const big = await admin.post('/api/leadtime', { bpmn: slow, runs: 100000 });
      assert.equal(big.status, 422, big.text);
      assert.equal(errorOf(big).field, 'runs');
      assert.match(errorOf(big).message, /over the server's limit/);
      const few = await admin.post('/api/leadtime', { bpmn: slow, runs: 100, basis: 'calendar' });
      assert.equal(few.status, 200, few.text);
      assert.ok(Math.abs(few.json.leadTime.hours - 2 / 0.0001) < 1e-6);
      const anon = srv.client();
      assert.equal((await anon.post('/api/leadtime', { bpmn: worked })).status, 401);
    });

    test('a map the analysis cannot use is 422 naming the gateway', async () => {
      const r = await lt(badSum);
      assert.equal(r.status, 422, r.text);
      const e = errorOf(r);
      assert.equal(e.code, 'invalid_bpmn');
      assert.equal(e.field, 'bpmn');
      assert.match(e.message, /element 'x': exclusive gateway 'x': the kartla:probability values of its outgoing flows add up to 0\.9, not 1/);
      const c = await lt(asIs, `?compare=${badSum}`);
      assert.equal(c.status, 422);
      assert.equal(errorOf(c).field, 'compare');
    });
  });
}
