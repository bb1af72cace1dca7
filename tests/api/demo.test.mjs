// The demo workspace: `kartla serve` seeds it into a new database and prints the
// demo logins; it holds the promised content; it is not seeded again into an
// existing database; --no-demo gives an empty workspace.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer } from './helpers.mjs';

const DEMO_PASSWORD = 'kartla-demo';
const LOGINS = ['eier', 'ansvarlig', 'radgiver', 'agare', 'ledare', 'handledare', 'reader'];

async function count(c, q, type) {
  const r = await c.get(`/api/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

for (const { name: backend } of backends()) {
  describe(`demo workspace (${backend})`, () => {
    test('a new database gets the demo workspace, its logins are printed and work', async () => {
      const srv = await startServer({ backend, demo: true });
      try {
        assert.match(srv.stdout, /demo workspace seeded; every demo login has the password 'kartla-demo'/);
        for (const l of LOGINS) assert.match(srv.stdout, new RegExp(`^  ${l} `, 'm'));
        for (const l of LOGINS) {
          const c = srv.client();
          assert.equal((await c.login(l, DEMO_PASSWORD)).status, 200, l);
        }
        const admin = srv.client();
        assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
        // The university and the municipality, in nb, sv and en.
        for (const name of ['studentklager', 'Opptak', 'godskriving', 'bygglov', 'leverantörsfakturor', 'complaints', 'admission', 'invoices']) {
          const r = await count(admin, name, 'process');
          assert.ok(r.total >= 1, `process ${name}`);
        }
        // Maps with lanes, indexed as elements.
        assert.ok((await count(admin, 'Saksbehandler', 'element')).total >= 1);
        assert.ok((await count(admin, 'Klagenemnda', 'element')).total >= 2);
        assert.ok((await count(admin, 'Attestera', 'element')).total >= 1);
        // Both role schemes filled in.
        for (const role of [
          'prosesseier',
          'prosessansvarlig',
          'prosessrådgiver',
          'fagressurs',
          'processägare',
          'processledare',
          'processteam',
          'processhandledare',
          'modellansvarig',
        ]) {
          assert.ok((await count(admin, role, 'role')).total >= 1, role);
        }
        // People, and handbook pages of every visibility.
        assert.ok((await count(admin, 'Nordmann', 'person')).total === 1);
        assert.equal((await count(admin, 'zebrafink', 'page')).total, 0); // no test strings in the demo
        assert.equal((await count(admin, 'sannolikhet', 'page')).total, 1); // the facilitators' handbook
        assert.equal((await count(admin, 'lundefugl', 'page')).total, 0);
        assert.equal((await count(admin, 'servicedesken', 'page')).total, 1); // the network's own page
        assert.ok((await count(admin, 'delegasjonsreglementet', 'page')).total >= 1);
        // The demo keeps the server's own rules: every specification and assignment body
        // written back unchanged is accepted.
        const procs = (await admin.get('/api/processes?limit=500')).json.items;
        let specs = 0;
        for (const p of procs) {
          const g = await admin.get(`/api/processes/${p.id}`);
          if (!g.json.specification) continue;
          specs++;
          const w = await admin.patch(`/api/processes/${p.id}`, { specification: g.json.specification }, { headers: { 'if-match': g.headers.get('etag') } });
          assert.equal(w.status, 200, `${p.id}: ${w.text}`);
        }
        assert.ok(specs >= 4, `${specs} specifications`);
        for (const a of (await admin.get('/api/assignments?limit=500')).json.items) {
          const g = await admin.get(`/api/assignments/${a.id}`);
          const w = await admin.patch(`/api/assignments/${a.id}`, { body: g.json.body }, { headers: { 'if-match': g.headers.get('etag') } });
          assert.equal(w.status, 200, `assignment ${a.id}: ${w.text}`);
        }
      } finally {
        assert.deepEqual(await srv.stop(), { code: 0, signal: null }, srv.stderr);
      }
    });

    test('an existing database is not seeded again', async () => {
      const first = await startServer({ backend, demo: true });
      await first.kill();
      const again = await startServer({ backend, demo: true, dir: first.dir, dbUrl: first.dbUrl, adminPassword: first.adminPassword });
      try {
        assert.doesNotMatch(again.stdout, /demo workspace seeded/);
        const admin = again.client();
        assert.equal((await admin.login('admin', first.adminPassword)).status, 200);
        assert.equal((await count(admin, 'Nordmann', 'person')).total, 1);
        assert.equal((await count(admin, 'studentklager', 'process')).total, 1);
      } finally {
        await again.stop();
        if (backend === 'postgresql') await first.stop();
      }
    });

    test('--no-demo gives an empty workspace', async () => {
      const srv = await startServer({ backend });
      try {
        assert.doesNotMatch(srv.stdout, /demo/);
        const admin = srv.client();
        assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
        assert.equal((await admin.login('reader', DEMO_PASSWORD)).status, 401);
        assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
        for (const w of ['studentklager', 'Nordmann', 'prosesseier', 'zebrafink']) {
          assert.equal((await count(admin, w)).total, 0, w);
        }
      } finally {
        assert.deepEqual(await srv.stop(), { code: 0, signal: null }, srv.stderr);
      }
    });
  });
}
