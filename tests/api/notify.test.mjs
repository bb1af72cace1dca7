// E-mail notifications against a real SMTP server on the loopback
// (Debian's python3-aiosmtpd with tests/api/smtp_sink.py writing each
// message to a folder): submit -> the owner gets "approval waits" in her
// language with a link; approve -> the submitter gets it with the comment;
// a role given -> the person in English; preference off -> nothing; the
// relay down for a while -> the messages wait and arrive once it is up,
// none twice; the outbox in /metrics; the preferences endpoint's input
// checks.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { backends, startServer, errorOf, REPO } from './helpers.mjs';
import { bpmn, sql } from './portfolio.mjs';

const PY = '/usr/bin/python3';
const put = (c, p, json) => c.request('PUT', p, { json });
const hasSink = fs.existsSync(PY) && fs.existsSync('/usr/lib/python3/dist-packages/aiosmtpd');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the sink on port, writing to dir; resolves once it accepts connections. */
async function startSink(port, dir) {
  const proc = spawn(PY, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'smtp_sink.Sink', dir], {
    env: { ...process.env, PYTHONPATH: path.join(REPO, 'tests/api') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return { proc, stop: () => (proc.exitCode === null ? (proc.kill('SIGTERM'), exited) : exited) };
    if (proc.exitCode !== null) throw new Error(`smtp sink exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`smtp sink did not start: ${stderr}`);
}

function mails(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Waits (polling, up to 20 s) for a message to `to` whose subject matches re. */
async function waitMail(dir, to, re) {
  for (let i = 0; i < 400; i++) {
    const m = mails(dir).find((x) => x.rcpt_tos.includes(to) && re.test(x.subject));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `no mail to ${to} matching ${re}; got:\n${mails(dir)
      .map((x) => `${x.rcpt_tos} ${x.subject}`)
      .join('\n')}`,
  );
}

async function waitFor(fn, what) {
  for (let i = 0; i < 400; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const { name: backend } of backends()) {
  describe(`e-mail notifications (${backend})`, { skip: hasSink ? false : 'Debian python3-aiosmtpd is not installed (scripts/deps.sh)' }, () => {
    let srv, admin, owner, submitter, sink, port, metricsPort, box, roles, pid;
    const people = {};

    async function person(login, email, lang, opts = {}) {
      const u = await admin.post('/api/users', { login, display_name: login, password: `${login}-password-1`, email, is_admin: !!opts.admin });
      assert.equal(u.status, 201, u.text);
      const p = await admin.post('/api/people', { name: `Person ${login}`, user_id: u.json.id });
      assert.equal(p.status, 201, p.text);
      const c = srv.client();
      assert.equal((await c.login(login, `${login}-password-1`)).status, 200);
      if (lang || opts.mode) {
        const r = await put(c, '/api/me/notifications', { ...(lang ? { language: lang } : {}), ...(opts.mode ? { mode: opts.mode } : {}) });
        assert.equal(r.status, 200, r.text);
      }
      people[login] = { user: u.json, person: p.json, client: c, email };
      return c;
    }

    function giveRole(login, kind) {
      return admin.post('/api/role-assignments', {
        person_id: people[login].person.id,
        role_id: roles.find((r) => r.kind === kind).id,
        scope: 'process',
        process_id: pid,
        from_date: '2020-01-01',
      });
    }

    before(async () => {
      box = fs.mkdtempSync(path.join(os.tmpdir(), 'kartla-mail-'));
      port = await freePort();
      metricsPort = await freePort();
      sink = await startSink(port, box);
      srv = await startServer({
        backend,
        args: [
          '--smtp',
          `smtp://127.0.0.1:${port}`,
          '--smtp-from',
          'kartla@example.org',
          '--public-url',
          'https://kartla.example.org',
          '--notify-poll-ms',
          '50',
          '--notify-backoff-ms',
          '100',
          '--metrics-listen',
          `127.0.0.1:${metricsPort}`,
        ],
      });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/role-schemes/presets', { preset: 'generic' })).status, 201);
      const schemes = await admin.get('/api/role-schemes');
      const generic = schemes.json.items.find((s) => s.key === 'generic');
      roles = (await admin.get(`/api/role-schemes/${generic.id}/roles`)).json.items;
      pid = (await admin.post('/api/processes', { type: 'core', name: { nb: 'Byggesøknad', sv: 'Bygglov', en: 'Building permit' } })).json.id;
      owner = await person('owner', 'owner@example.org', 'nb');
      submitter = await person('submitter', 'submitter@example.org', 'sv', { admin: true });
      await person('reader', 'reader@example.org', 'en');
      await person('quiet', 'quiet@example.org', null, { mode: 'off' });
      await person('later', 'later@example.org', 'en');
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
      await sink.stop();
      fs.rmSync(box, { recursive: true, force: true });
    });

    test('submit: the owner hears in her language, with a link', async () => {
      assert.equal((await giveRole('owner', 'owner')).status, 201);
      const given = await waitMail(box, 'owner@example.org', /rolle/);
      assert.match(given.text, /Du har fått rollen/);
      const v = (await submitter.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() })).json;
      const s = await submitter.post(`/api/processes/${pid}/maps/${v.id}/submit`, {});
      assert.equal(s.status, 200, s.text);
      const m = await waitMail(box, 'owner@example.org', /Godkjenning venter/);
      assert.equal(m.mail_from, 'kartla@example.org');
      assert.deepEqual(m.rcpt_tos, ['owner@example.org']);
      assert.match(m.subject, /Byggesøknad/);
      assert.equal(m.content_type, 'multipart/alternative');
      const link = `https://kartla.example.org/#/process/${pid}/approve/${v.id}`;
      assert.ok(m.text.includes(link), m.text);
      assert.ok(m.html.includes(`href="${link}"`), m.html);
      // the submitter (an owner-less admin here) is not told about their own submission
      assert.ok(!mails(box).some((x) => x.rcpt_tos.includes('submitter@example.org') && /Godkänn/.test(x.subject)));

      // approve with a comment: the submitter hears in Swedish, the comment included
      const ap = await owner.post(`/api/processes/${pid}/maps/${v.id}/approve`, { comment: 'Ser <bra> ut' });
      assert.equal(ap.status, 200, ap.text);
      const a = await waitMail(box, 'submitter@example.org', /godkänts/);
      assert.match(a.subject, /Bygglov/);
      assert.ok(a.text.includes('Ser <bra> ut'), a.text);
      assert.ok(a.html.includes('Ser &lt;bra&gt; ut'), 'the HTML part escapes the comment');
      assert.ok(a.text.includes(`https://kartla.example.org/#/process/${pid}/version/${v.id}`));
    });

    test('reject: the comment reaches the submitter', async () => {
      const v = (await submitter.post(`/api/processes/${pid}/maps`, { bpmn: bpmn() })).json;
      assert.equal((await submitter.post(`/api/processes/${pid}/maps/${v.id}/submit`, {})).status, 200);
      assert.equal((await owner.post(`/api/processes/${pid}/maps/${v.id}/reject`, { comment: 'Mangler roller' })).status, 200);
      const r = await waitMail(box, 'submitter@example.org', /avvisats/);
      assert.match(r.text, /Mangler roller/);
    });

    test('a role in English; preference off: nothing', async () => {
      assert.equal((await giveRole('quiet', 'team')).status, 201);
      assert.equal((await giveRole('reader', 'team')).status, 201);
      const m = await waitMail(box, 'reader@example.org', /You were given a role/);
      assert.match(m.text, /Building permit/);
      // the outbox sends in order: quiet's would have come before reader's
      assert.ok(!mails(box).some((x) => x.rcpt_tos.includes('quiet@example.org')));
      const g = await people.quiet.client.get('/api/me/notifications');
      assert.deepEqual(g.json, { mode: 'off', language: null, email: 'quiet@example.org' });
    });

    test('the relay down for a while: nothing lost, nothing twice', async () => {
      await sink.stop();
      assert.equal((await giveRole('later', 'team')).status, 201);
      // at least two failed attempts with the reason kept
      await waitFor(() => {
        const row = sql(srv, "SELECT attempts, state, last_error FROM outbox WHERE to_addr = 'later@example.org'");
        const [attempts, state, why] = row.split('|');
        return Number(attempts) >= 2 && state === 'queued' && /connect/i.test(why);
      }, 'failed attempts');
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(metrics, /kartla_outbox_messages\{state="failed"\} [1-9]/);
      sink = await startSink(port, box);
      await waitMail(box, 'later@example.org', /role/);
      await waitFor(() => sql(srv, "SELECT state FROM outbox WHERE to_addr = 'later@example.org'") === 'sent', 'sent');
      // every message once: no two files with the same Message-ID
      const ids = mails(box).map((x) => /Message-ID: (\S+)/i.exec(x.raw)[1]);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(mails(box).filter((x) => x.rcpt_tos.includes('later@example.org')).length, 1);
      await waitFor(() => sql(srv, "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')") === '0', 'an empty outbox');
    });

    test('preferences: input checks and sign-in', async () => {
      const anon = srv.client();
      assert.equal((await anon.get('/api/me/notifications')).status, 401);
      const bad = await put(owner, '/api/me/notifications', { mode: 'hourly' });
      assert.equal(bad.status, 422);
      assert.equal(errorOf(bad).field, 'mode');
      const lang = await put(owner, '/api/me/notifications', { language: 'de' });
      assert.equal(lang.status, 422);
      assert.equal(errorOf(lang).field, 'language');
      const unknown = await put(owner, '/api/me/notifications', { email: 'x@example.org', admin: true });
      assert.equal(unknown.status, 422);
      assert.equal((await put(owner, '/api/me/notifications', [])).status, 400);
      // a cookie session without its CSRF token, malformed JSON, a duplicate key: refused
      assert.equal((await owner.request('PUT', '/api/me/notifications', { json: { mode: 'off' }, csrf: false })).status, 403);
      const json = { 'content-type': 'application/json' };
      assert.equal((await owner.request('PUT', '/api/me/notifications', { body: '{"mode":', headers: json })).status, 400);
      assert.equal((await owner.request('PUT', '/api/me/notifications', { body: '{"mode":"off","mode":"off"}', headers: json })).status, 400);
      assert.equal((await owner.get('/api/me/notifications')).json.mode, 'immediate', 'nothing was changed');
      const ok = await put(owner, '/api/me/notifications', { mode: 'digest' });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { mode: 'digest', language: 'nb', email: 'owner@example.org' });
    });
  });
}
