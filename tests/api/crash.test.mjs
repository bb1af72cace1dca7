// Durability: a server killed with SIGKILL in the middle of a burst of writes
// is restarted on the same database; every acknowledged write is there, and
// no write is there in part (each user created has exactly its audit entry,
// written in the same transaction).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { KARTLA, backends, createPgDatabase, startServer } from './helpers.mjs';

function backup(dbUrl) {
  const out = execFileSync(KARTLA, ['db', 'backup', '--db', dbUrl, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const tables = {};
  for (const t of JSON.parse(out).tables) {
    tables[t.name] = t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
  }
  return tables;
}

for (const { name: backend } of backends()) {
  describe(`SIGKILL during a burst of writes (${backend})`, { timeout: 180000 }, () => {
    test('acknowledged writes survive, partial ones do not exist', async () => {
      const pg = backend === 'postgresql' ? createPgDatabase() : null;
      const first = await startServer({ backend, dbUrl: pg?.url, adminPassword: 'crash-admin-pw' });
      const dbUrl = pg ? pg.url : `sqlite:${first.dir}/kartla.db`;
      try {
        const admin = first.client();
        assert.equal((await admin.login('admin', 'crash-admin-pw')).status, 200);
        const acked = [];
        const unexpected = [];
        let n = 0;
        let killed = false;
        const worker = async () => {
          while (!killed && n < 400) {
            const login = `crash-${n++}`;
            try {
              const r = await admin.post('/api/users', { login, display_name: `Crash ${login}`, password: 'password1' });
              if (r.status === 201) acked.push({ login, id: r.json.id });
              else unexpected.push(`${r.status}: ${r.text}`);
            } catch {
              /* the connection died with the server */
            }
          }
        };
        const workers = Array.from({ length: 6 }, worker);
        const deadline = Date.now() + 60000;
        while (acked.length < 12) {
          assert.ok(Date.now() < deadline, `only ${acked.length} writes acknowledged in 60 s`);
          await new Promise((r) => setTimeout(r, 10));
        }
        const exit = await first.kill();
        killed = true;
        assert.equal(exit.signal, 'SIGKILL');
        await Promise.allSettled(workers);
        assert.deepEqual(unexpected, [], 'every answered write succeeded');
        assert.ok(n > acked.length, 'writes were in flight when the server died');

        const second = await startServer({ dir: first.dir, dbUrl: pg?.url, adminPassword: 'unused' });
        try {
          assert.doesNotMatch(second.stdout, /admin login/, 'the database was not re-created');
          const c = second.client();
          assert.equal((await c.login('admin', 'crash-admin-pw')).status, 200);
          const list = (await c.get('/api/users?limit=500')).json.items;
          const byLogin = new Map(list.map((u) => [u.login, u]));
          for (const a of acked) {
            assert.ok(byLogin.has(a.login), `acknowledged ${a.login} is there`);
            assert.equal(byLogin.get(a.login).id, a.id);
          }
          const t = backup(dbUrl);
          const crashUsers = t.users.filter((u) => u.login.startsWith('crash-'));
          const audits = t.audit_log.filter((e) => e.object_type === 'user' && e.action === 'create');
          const auditIds = new Set(audits.map((e) => Number(e.object_id)));
          for (const u of crashUsers) assert.ok(auditIds.has(u.id), `user ${u.login} has its audit entry`);
          const userIds = new Set(t.users.map((u) => u.id));
          for (const id of auditIds) assert.ok(userIds.has(id), `audit entry ${id} has its user`);
          // and the server takes writes again
          const more = await c.post('/api/users', { login: 'after-crash', display_name: 'After', password: 'password1' });
          assert.equal(more.status, 201);
        } finally {
          assert.equal((await second.stop({ keepDb: true })).code, 0);
        }
      } finally {
        if (fs.existsSync(first.dir)) fs.rmSync(first.dir, { recursive: true, force: true });
        pg?.drop();
      }
    });
  });
}
