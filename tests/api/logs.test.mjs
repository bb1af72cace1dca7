// Event logs stored with a process (docs/eventlog.md §5, docs/api.md): upload CSV and XES,
// the figures equal to `kartla log ... --format json` on the same file, conformance (token
// replay) against the as-is map, the lead time from the measurements, the mapping round trip, the proposal as a draft version,
// bad input (422 with the line), a truncated gzip, the size limit (413), who may upload,
// names stored literally, the same file twice, delete.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backends, startServer, errorOf, KARTLA, REPO } from './helpers.mjs';

const D = path.join(REPO, 'tests/data/eventlog');
const csvPath = path.join(D, 'running-example.csv');
const xesPath = path.join(D, 'running-example.xes.gz');
const mapPath = path.join(D, 'running-example.bpmn');
const csv = fs.readFileSync(csvPath);
const xes = fs.readFileSync(xesPath);
const bpmn = fs.readFileSync(mapPath, 'utf8');

/** What the CLI prints as JSON. */
function cli(...args) {
  const r = spawnSync(KARTLA, ['log', ...args, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** "PT1H2M3S" as the proposal writes whole seconds. */
function iso(s) {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor(t / 60) % 60;
  const sec = t % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${sec || !t ? `${sec}S` : ''}`;
}

for (const { name: backend } of backends()) {
  describe(`logs (${backend})`, () => {
    let srv;
    let admin;
    let reader;
    let anon;
    let pid;
    let csvLog;

    before(async () => {
      srv = await startServer({ backend, args: ['--max-log-size', '64K'] });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'password1' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'password1')).status, 200);
      anon = srv.client();
      pid = (await admin.post('/api/processes', { type: 'core', name: { en: 'Compensation requests' } })).json.id;
      const v = await admin.post(`/api/processes/${pid}/maps`, { variant: 'as_is', bpmn });
      assert.equal(v.status, 201, v.text);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const upload = (client, name, body, q = '') =>
      client.request('POST', `/api/processes/${pid}/logs?name=${encodeURIComponent(name)}${q}`, {
        body,
        headers: { 'content-type': 'application/octet-stream' },
      });

    test('a CSV upload: 201 with the figures, and exactly what the CLI prints', async () => {
      const r = await upload(admin, 'running-example.csv', csv, '&tz=%2B01:00');
      assert.equal(r.status, 201, r.text);
      csvLog = r.json;
      assert.equal(r.headers.get('location'), `/api/logs/${csvLog.id}`);
      assert.equal(csvLog.process_id, pid);
      assert.equal(csvLog.name, 'running-example.csv');
      assert.equal(csvLog.format, 'csv');
      assert.equal(csvLog.bytes, csv.length);
      assert.equal(csvLog.cases, 6);
      assert.equal(csvLog.events, 42);
      assert.equal(csvLog.activities, 8);
      assert.equal(csvLog.skipped, 0);
      assert.equal(typeof csvLog.uploaded_by, 'string');
      assert.match(csvLog.uploaded_at, /^\d{4}-\d\d-\d\d/);
      const g = await admin.get(`/api/logs/${csvLog.id}`);
      assert.equal(g.status, 200, g.text);
      assert.deepEqual(g.json.log, csvLog);
      assert.deepEqual(g.json.stats, cli('stats', csvPath, '--tz', '+01:00'));
      assert.deepEqual(g.json.variants, cli('variants', csvPath, '--tz', '+01:00'));
      assert.deepEqual(g.json.activities, cli('activities', csvPath, '--tz', '+01:00'));
      assert.deepEqual(g.json.dfg, cli('dfg', csvPath, '--tz', '+01:00'));
      const w = await admin.get(`/api/logs/${csvLog.id}?basis=working`);
      assert.equal(w.status, 200, w.text);
      assert.deepEqual(w.json.stats, cli('stats', csvPath, '--tz', '+01:00', '--basis', 'working'));
      assert.equal((await admin.get(`/api/logs/${csvLog.id}?basis=lunar`)).status, 400);
    });

    test('an XES upload (gzip) reads like the CLI; the list holds both, newest first', async () => {
      const r = await upload(admin, 'running-example.xes.gz', xes);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.format, 'xes');
      assert.equal(r.json.bytes, xes.length);
      const g = await reader.get(`/api/logs/${r.json.id}`);
      assert.equal(g.status, 200);
      assert.deepEqual(g.json.stats, cli('stats', xesPath));
      assert.deepEqual(g.json.dfg, cli('dfg', xesPath));
      const l = await reader.get(`/api/processes/${pid}/logs`);
      assert.equal(l.status, 200);
      assert.deepEqual(
        l.json.logs.map((x) => x.id),
        [r.json.id, csvLog.id],
      );
      assert.equal((await reader.get('/api/processes/99999/logs')).status, 404);
    });

    test('conformance: token replay against the as-is map, as the CLI prints it', async () => {
      const r = await reader.get(`/api/logs/${csvLog.id}/conformance`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.method, 'token_replay');
      assert.equal(r.json.version, 1);
      assert.equal(r.json.log_id, csvLog.id);
      const want = cli('conformance', csvPath, mapPath, '--tz', '+01:00');
      const got = { ...r.json };
      delete got.version;
      delete got.version_id;
      delete got.log_id;
      assert.deepEqual(got, want);
      assert.equal(r.json.cases_fitting, 6);
      assert.equal(r.json.fitness, 1);
      const d = await reader.get(`/api/logs/${csvLog.id}/conformance?method=dfg&version=1`);
      assert.equal(d.status, 200);
      assert.equal(d.json.method, 'dfg');
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/conformance?version=7`)).status, 404);
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/conformance?method=x`)).status, 400);
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/conformance?version=x`)).status, 400);
    });

    test('lead time from the measurements: the lead-time analysis of the map with the measured times', async () => {
      const r = await reader.get(`/api/logs/${csvLog.id}/leadtime?version=1&basis=calendar`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.source, 'measured');
      assert.equal(r.json.log_id, csvLog.id);
      assert.equal(r.json.version, 1);
      assert.ok(r.json.estimated_activities > 0);
      const conf = await reader.get(`/api/logs/${csvLog.id}/conformance?version=1`);
      assert.equal(r.json.version_id, conf.json.version_id);
      const est = await reader.get(`/api/processes/${pid}/maps/${conf.json.version_id}/leadtime?basis=calendar`);
      assert.equal(est.status, 200, est.text);
      for (const k of Object.keys(est.json)) assert.ok(k in r.json, `the estimate's field ${k} is there`);
      assert.equal(r.json.timeBasis.basis, 'calendar');
      assert.ok(Array.isArray(r.json.criticalPath) && r.json.criticalPath.length > 0);
      assert.ok(r.json.activities.some((a) => a.critical));
      assert.ok(r.json.simulation && r.json.simulation.runs > 0);
      assert.ok(r.json.leadTime.hours > 0);
      assert.notEqual(r.json.leadTime.hours, est.json.leadTime.hours, 'measured differs from estimated');
      // decide's most likely wait is the measured median.
      const acts = cli('activities', csvPath, '--tz', '+01:00');
      const dec = r.json.activities.find((a) => a.id === 'dec');
      assert.ok(Math.abs(dec.wait.hours - Math.round(acts.find((a) => a.activity === 'decide').wait.median_s) / 3600) < 1e-6);
      const w = await reader.get(`/api/logs/${csvLog.id}/leadtime?basis=working`);
      assert.equal(w.status, 200, w.text);
      assert.equal(w.json.timeBasis.basis, 'working');
      assert.equal((await reader.get(`/api/logs/99999/leadtime`)).status, 404);
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/leadtime?version=7`)).status, 404);
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/leadtime?basis=x`)).status, 400);
      assert.equal((await reader.get(`/api/logs/${csvLog.id}/leadtime?version=x`)).status, 400);
      assert.equal((await anon.get(`/api/logs/${csvLog.id}/leadtime`)).status, 401, 'anonymous as the other log reads');
    });

    test('the mapping: a round trip, used by conformance, unknown elements refused', async () => {
      const empty = await reader.get(`/api/processes/${pid}/log-mapping`);
      assert.deepEqual(empty.json, { mapping: {} });
      const mapping = { 'reject request': null, "it's; DROP TABLE event_logs;--": 'arc' };
      const p = await admin.request('PUT', `/api/processes/${pid}/log-mapping`, { json: { mapping } });
      assert.equal(p.status, 200, p.text);
      assert.deepEqual(p.json, { mapping });
      assert.deepEqual((await reader.get(`/api/processes/${pid}/log-mapping`)).json, { mapping });
      const c = await reader.get(`/api/logs/${csvLog.id}/conformance`);
      assert.ok(c.json.unmapped_activities.includes('reject request'));
      assert.ok(!c.json.mapping.some((m) => m.activity === 'reject request'));
      const bad = await admin.request('PUT', `/api/processes/${pid}/log-mapping`, { json: { mapping: { decide: 'nope' } } });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'mapping.decide');
      const gw = await admin.request('PUT', `/api/processes/${pid}/log-mapping`, { json: { mapping: { decide: 'join' } } });
      assert.equal(gw.status, 422, 'a gateway is not an activity');
      assert.equal((await reader.request('PUT', `/api/processes/${pid}/log-mapping`, { json: { mapping: {} } })).status, 403);
      const back = await admin.request('PUT', `/api/processes/${pid}/log-mapping`, { json: { mapping: {} } });
      assert.deepEqual(back.json, { mapping: {} });
    });

    test('the proposal: a new draft as-is version with P10 / median / P90 as estimates', async () => {
      assert.equal((await reader.post(`/api/logs/${csvLog.id}/proposal`, {})).status, 403);
      const r = await admin.post(`/api/logs/${csvLog.id}/proposal?version=1`, {});
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.version, 2);
      const list = await admin.get(`/api/processes/${pid}/maps?variant=as_is`);
      const v2 = list.json.items.find((v) => v.number === 2);
      assert.equal(v2.state, 'draft');
      const full = await admin.get(`/api/processes/${pid}/maps/${v2.id}`);
      const acts = cli('activities', csvPath, '--tz', '+01:00');
      const decide = acts.find((a) => a.activity === 'decide');
      const w = decide.wait;
      const want = `waitTime min="${iso(w.p10_s)}" mostLikely="${iso(w.median_s)}" max="${iso(w.p90_s)}"`;
      const dec = /<task id="dec"[\s\S]*?<\/task>/.exec(full.json.bpmn)[0];
      assert.ok(dec.includes(want), `${want} in ${dec}`);
      assert.ok(!dec.includes('waitTime value="P2D"'), 'the old wait time is replaced');
      assert.ok(dec.includes('processTime value="PT1H"'), 'no start times in the log: the process time stays');
    });

    test('bad input: 422 with the line and column; nothing stored', async () => {
      const before = (await admin.get(`/api/processes/${pid}/logs`)).json.logs.length;
      const bad = fs.readFileSync(path.join(REPO, 'tests/golden/eventlog/bad-time.csv'));
      const r = await upload(admin, 'bad.csv', bad);
      assert.equal(r.status, 422, r.text);
      const e = errorOf(r);
      assert.equal(e.code, 'invalid_log');
      assert.equal(e.field, 'file');
      assert.equal(e.line, 3);
      assert.equal(e.column, 5);
      assert.match(e.message, /^bad\.csv:3:5: timestamp 'soon' is invalid/);
      const t = await upload(admin, 'cut.xes.gz', xes.subarray(0, xes.length - 40));
      assert.equal(t.status, 422, t.text);
      assert.match(errorOf(t).message, /gzip/);
      const skip = await upload(admin, 'bad.csv', bad, '&skip_bad=1');
      assert.equal(skip.status, 201, skip.text);
      assert.equal(skip.json.skipped, 2);
      assert.equal((await admin.delete(`/api/logs/${skip.json.id}`)).status, 204);
      assert.equal((await upload(admin, 'empty.csv', Buffer.alloc(0))).status, 422);
      assert.equal((await upload(admin, '', csv)).status, 422);
      assert.equal((await upload(admin, 'x.csv', csv, '&tz=soon')).status, 400);
      assert.equal((await upload(admin, 'x.csv', csv, '&case=nope')).status, 422);
      assert.equal((await admin.get(`/api/processes/${pid}/logs`)).json.logs.length, before);
    });

    test('over the size limit: 413', async () => {
      const big = Buffer.concat([csv, Buffer.alloc(70 * 1024, 'x')]);
      const r = await upload(admin, 'big.csv', big);
      assert.equal(r.status, 413, r.text);
      assert.equal(errorOf(r).code, 'too_large');
    });

    test('who may upload: readers 403, anonymous 401; readers read', async () => {
      assert.equal((await upload(reader, 'r.csv', csv)).status, 403);
      assert.equal((await upload(anon, 'a.csv', csv)).status, 401);
      assert.equal((await reader.delete(`/api/logs/${csvLog.id}`)).status, 403);
      assert.equal((await anon.get(`/api/logs/${csvLog.id}`)).status, 401);
      assert.equal((await anon.get(`/api/logs/${csvLog.id}/leadtime`)).status, 401);
      assert.equal((await admin.request('PATCH', '/api/settings', { json: { anonymous_read: true } })).status, 200);
      const a = await anon.get(`/api/processes/${pid}/logs`);
      assert.equal(a.status, 200);
      assert.ok(a.json.logs.length >= 2);
      assert.equal((await anon.get(`/api/logs/${csvLog.id}/leadtime`)).status, 200, 'anonymous reads follow the setting');
    });

    test('SQL-looking names are stored literally; the same file twice is fine; delete', async () => {
      const name = "x'); DROP TABLE event_logs; --.csv";
      const a = await upload(admin, name, csv);
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.name, name);
      const b = await upload(admin, name, csv);
      assert.equal(b.status, 201, b.text);
      assert.notEqual(a.json.id, b.json.id);
      assert.equal((await admin.get(`/api/logs/${b.json.id}`)).json.log.name, name);
      assert.equal((await admin.delete(`/api/logs/${a.json.id}`)).status, 204);
      assert.equal((await admin.get(`/api/logs/${a.json.id}`)).status, 404);
      assert.equal((await admin.delete(`/api/logs/${a.json.id}`)).status, 404);
      const audit = await admin.get(`/api/audit?object_type=event_log&object_id=${a.json.id}`);
      if (audit.status === 200) assert.deepEqual(audit.json.items.map((x) => x.action).sort(), ['create', 'delete']);
    });
  });
}
