// The process architecture: create, outline, tree, paging, names per
// language and their uniqueness, specification validation, ETag/If-Match,
// permissions, audit log, and bad input (nothing written).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

for (const { name: backend } of backends()) {
  describe(`processes (${backend})`, () => {
    let srv;
    let admin;
    let reader;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'password1' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'password1')).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const count = async () => (await admin.get('/api/processes')).json.total;

    test('create a hierarchy: outline numbers, tree, paging, filters', async () => {
      const a = await admin.post('/api/processes', { type: 'core', name: { nb: 'Utdanning', en: 'Education' } });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.outline, '1');
      assert.equal(a.json.status, 'draft');
      assert.match(a.headers.get('etag'), /^"v\d+"$/);
      assert.equal(a.headers.get('location'), `/api/processes/${a.json.id}`);
      const b = await admin.post('/api/processes', { type: 'support', name: { nb: 'Forskning' } });
      assert.equal(b.json.outline, '2');
      const c1 = await admin.post('/api/processes', { parent_id: a.json.id, type: 'core', name: { nb: 'Opptak' } });
      const c2 = await admin.post('/api/processes', { parent_id: a.json.id, type: 'core', name: { nb: 'Klagebehandling', sv: 'Klagomål' } });
      assert.equal(c1.json.outline, '1.1');
      assert.equal(c2.json.outline, '1.2');
      const g = await admin.post('/api/processes', { parent_id: c2.json.id, type: 'core', name: { en: 'Assess complaint' } });
      assert.equal(g.json.outline, '1.2.1');
      // reorder: c2 first
      const m = await admin.patch(`/api/processes/${c2.json.id}`, { position: 0 });
      assert.equal(m.status, 200, m.text);
      assert.equal(m.json.outline, '1.1');
      assert.equal((await admin.get(`/api/processes/${g.json.id}`)).json.outline, '1.1.1');
      assert.equal((await admin.get(`/api/processes/${c1.json.id}`)).json.outline, '1.2');
      const tree = await reader.get('/api/processes?tree=1');
      assert.equal(tree.status, 200);
      assert.equal(tree.json.items.length, 2);
      assert.deepEqual(
        tree.json.items[0].children.map((x) => x.outline),
        ['1.1', '1.2'],
      );
      assert.equal(tree.json.items[0].children[0].children[0].name.en, 'Assess complaint');
      const page = await reader.get('/api/processes?limit=2&offset=1');
      assert.deepEqual(
        page.json.items.map((x) => x.outline),
        ['1.1', '1.1.1'],
      );
      assert.equal(page.json.total, 5);
      assert.equal((await reader.get(`/api/processes?parent=${a.json.id}`)).json.total, 2);
      assert.equal((await reader.get('/api/processes?parent=root')).json.total, 2);
      assert.equal((await reader.get('/api/processes?type=support')).json.total, 1);
      assert.equal((await reader.get('/api/processes?limit=0')).status, 400);
      assert.equal(errorOf(await reader.get('/api/processes?status=bogus')).field, 'status');
      // moving under its own child is refused
      const cyc = await admin.patch(`/api/processes/${a.json.id}`, { parent_id: g.json.id });
      assert.equal(cyc.status, 422);
      assert.equal(errorOf(cyc).field, 'parent_id');
      // deleting a parent is refused, a leaf works
      assert.equal((await admin.delete(`/api/processes/${a.json.id}`)).status, 409);
      const leaf = await admin.post('/api/processes', { parent_id: b.json.id, type: 'support', name: { nb: 'Slett meg' } });
      assert.equal((await admin.delete(`/api/processes/${leaf.json.id}`)).status, 204);
      assert.equal((await admin.get(`/api/processes/${leaf.json.id}`)).status, 404);
    });

    test('names are unique within a parent (409 naming "name"), per language', async () => {
      const p = await admin.post('/api/processes', { type: 'management', name: { nb: 'Styring' } });
      const x = await admin.post('/api/processes', { parent_id: p.json.id, type: 'core', name: { nb: 'Innkjøp' } });
      assert.equal(x.status, 201);
      const before = await count();
      const dup = await admin.post('/api/processes', { parent_id: p.json.id, type: 'core', name: { nb: 'Innkjøp', en: 'Purchasing' } });
      assert.equal(dup.status, 409);
      assert.equal(errorOf(dup).field, 'name');
      assert.match(errorOf(dup).message, /Innkjøp/);
      assert.equal(await count(), before);
      // the same name under another parent is fine
      const other = await admin.post('/api/processes', { type: 'core', name: { nb: 'Innkjøp' } });
      assert.equal(other.status, 201);
    });

    test('specification: known fields, types; unknown field is 422 naming it', async () => {
      const spec = {
        purpose: 'Handle complaints fairly',
        customer: 'Students',
        trigger: 'A complaint arrives',
        result: 'Decision sent',
        inputs: ['Complaint'],
        systems: ['ePhorte'],
        indicators: [{ name: 'Lead time', target: '< 3 weeks', frequency: 'monthly', status: 'green' }],
      };
      const p = await admin.post('/api/processes', {
        type: 'core',
        name: { en: 'Complaints' },
        specification: spec,
        review_interval_days: 365,
        next_review_date: '2030-01-31',
      });
      assert.equal(p.status, 201, p.text);
      assert.deepEqual(p.json.specification, spec);
      assert.equal(p.json.next_review_date, '2030-01-31');
      const before = await count();
      const cases = [
        [{ specification: { purpose: 'x', colour: 'red' } }, 'specification.colour'],
        [{ specification: { purpose: 1 } }, 'specification.purpose'],
        [{ specification: { inputs: 'x' } }, 'specification.inputs'],
        [{ specification: { inputs: ['a', 2] } }, 'specification.inputs[1]'],
        [{ specification: { indicators: [{ target: 'x' }] } }, 'specification.indicators[0].name'],
        [{ specification: { indicators: [{ name: 'a', colour: 'x' }] } }, 'specification.indicators[0].colour'],
        [{ specification: [] }, 'specification'],
        [{ type: 'bogus' }, 'type'],
        [{ type: 1 }, 'type'],
        [{ name: { de: 'x' } }, 'name.de'],
        [{ name: { nb: '' } }, 'name.nb'],
        [{ name: {} }, 'name'],
        [{ name: 'x' }, 'name'],
        [{ review_interval_days: 0 }, 'review_interval_days'],
        [{ review_interval_days: 1.5 }, 'review_interval_days'],
        [{ next_review_date: '2030-02-31' }, 'next_review_date'],
        [{ position: -1 }, 'position'],
        [{ parent_id: 999999 }, 'parent_id'],
        [{ status: 'approved' }, 'status'],
        [{ bogus: 1 }, 'bogus'],
      ];
      for (const [extra, field] of cases) {
        const r = await admin.post('/api/processes', { type: 'core', name: { en: `Bad ${field}` }, ...extra });
        assert.equal(r.status, 422, `${JSON.stringify(extra)}: ${r.text}`);
        assert.equal(errorOf(r).field, field, JSON.stringify(extra));
      }
      const missing = await admin.post('/api/processes', { name: { en: 'No type' } });
      assert.equal(errorOf(missing).field, 'type');
      const malformed = await admin.request('POST', '/api/processes', { body: '{"type": "core",', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      const dupkey = await admin.request('POST', '/api/processes', {
        body: '{"type": "core", "type": "support", "name": {"en": "D"}}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(dupkey.status, 400);
      assert.equal(await count(), before);
    });

    test('SQL metacharacters and non-ASCII text are stored verbatim', async () => {
      const name = `Robert'); DROP TABLE processes;-- æøå åäö "%\\`;
      const r = await admin.post('/api/processes', { type: 'core', name: { nb: name }, specification: { purpose: "' OR 1=1 --" } });
      assert.equal(r.status, 201);
      const g = await admin.get(`/api/processes/${r.json.id}`);
      assert.equal(g.json.name.nb, name);
      assert.equal(g.json.specification.purpose, "' OR 1=1 --");
    });

    test('ETag / If-Match: stale is 412 and nothing changes; audit log has before and after', async () => {
      const p = await admin.post('/api/processes', { type: 'core', name: { en: 'Invoices' } });
      const etag = p.headers.get('etag');
      const ok = await admin.patch(`/api/processes/${p.json.id}`, { name: { en: 'Supplier invoices' } }, { headers: { 'if-match': etag } });
      assert.equal(ok.status, 200, ok.text);
      assert.notEqual(ok.headers.get('etag'), etag);
      const stale = await admin.patch(`/api/processes/${p.json.id}`, { name: { en: 'Stale' } }, { headers: { 'if-match': etag } });
      assert.equal(stale.status, 412);
      assert.equal((await admin.get(`/api/processes/${p.json.id}`)).json.name.en, 'Supplier invoices');
      const del = await admin.delete(`/api/processes/${p.json.id}`, { headers: { 'if-match': etag } });
      assert.equal(del.status, 412);
      assert.equal((await admin.get(`/api/processes/${p.json.id}`)).status, 200);
    });

    test('permissions: readers read but do not write (403); unknown ids 404', async () => {
      const before = await count();
      const r = await reader.post('/api/processes', { type: 'core', name: { en: 'Mine' } });
      assert.equal(r.status, 403);
      const any = (await reader.get('/api/processes')).json.items[0];
      assert.equal((await reader.patch(`/api/processes/${any.id}`, { name: { en: 'X' } })).status, 403);
      assert.equal((await reader.delete(`/api/processes/${any.id}`)).status, 403);
      assert.equal(await count(), before);
      assert.equal((await reader.get('/api/processes/999999')).status, 404);
      assert.equal((await reader.get('/api/processes/abc')).status, 404);
      assert.equal((await admin.patch('/api/processes/999999', { name: { en: 'X' } })).status, 404);
    });
  });
}
