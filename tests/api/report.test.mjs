// The process description document (issue 11 §12): GET /api/processes/{id}/report.pdf answers
// a PDF in the asked language (or the Accept-Language's), to whoever may read the process page
// and to no one else, 404 for an unknown process, 400 for a language it does not have; nothing
// is stored (the audit log does not grow).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer } from './helpers.mjs';

async function pdf(client, p, headers = {}) {
  const res = await fetch(client.base + p, { headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

for (const { name: backend } of backends()) {
  describe(`process description PDF (${backend})`, () => {
    let srv;
    let admin;
    let permit;

    before(async () => {
      srv = await startServer({ backend, demo: true });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      const procs = await admin.get('/api/processes?limit=100');
      permit = procs.json.items.find((p) => p.name.sv === 'Handlägga ansökan om bygglov');
      assert.ok(permit, 'the demo has the building permit process');
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('200: a PDF of several pages, in the asked language; nothing is stored', async () => {
      const before = await admin.get('/api/audit?limit=1');
      const r = await pdf(admin, `/api/processes/${permit.id}/report.pdf?lang=sv`);
      assert.equal(r.status, 200);
      assert.equal(r.type, 'application/pdf');
      assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
      assert.ok(r.bytes.length > 5000, `${r.bytes.length} bytes`);
      const pages = (r.bytes.toString('latin1').match(/\/Type \/Page[^s]/g) || []).length;
      assert.ok(pages >= 2, `${pages} pages`);
      const after = await admin.get('/api/audit?limit=1');
      assert.equal(typeof before.json.total, 'number', before.text);
      assert.equal(after.json.total, before.json.total, 'no audit row for reading');
    });

    test('the language: ?lang wins, else Accept-Language; an unknown one is 400', async () => {
      const nb = await pdf(admin, `/api/processes/${permit.id}/report.pdf`, { 'accept-language': 'nb-NO' });
      const en = await pdf(admin, `/api/processes/${permit.id}/report.pdf?lang=en`, { 'accept-language': 'nb-NO' });
      assert.equal(nb.status, 200);
      assert.equal(en.status, 200);
      assert.notEqual(nb.bytes.compare(en.bytes), 0, 'nb and en documents differ');
      const bad = await admin.get(`/api/processes/${permit.id}/report.pdf?lang=de`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.field ?? bad.json.error?.field, 'lang', bad.text);
    });

    test("the mapping assignment's report: 200 PDF for a reader, 404 for an unknown one", async () => {
      const list = await admin.get('/api/assignments?limit=10');
      assert.ok(list.json.items.length > 0, 'the demo has an assignment');
      const r = await pdf(admin, `/api/assignments/${list.json.items[0].id}/report.pdf?lang=nb`);
      assert.equal(r.status, 200);
      assert.equal(r.type, 'application/pdf');
      assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
      assert.equal((await admin.get('/api/assignments/999999/report.pdf')).status, 404);
      assert.equal((await admin.get(`/api/assignments/${list.json.items[0].id}/report.pdf?lang=fi`)).status, 400);
    });

    test('404 for an unknown process', async () => {
      const r = await admin.get('/api/processes/999999/report.pdf');
      assert.equal(r.status, 404, r.text);
    });

    test('a reader who may not read the process page may not read its document', async () => {
      const anon = srv.client();
      assert.equal((await admin.patch('/api/settings', { anonymous_read: false })).status, 200);
      const page = await anon.get(`/api/processes/${permit.id}`);
      const doc = await anon.get(`/api/processes/${permit.id}/report.pdf`);
      assert.ok([401, 403].includes(page.status), `the page answers ${page.status}`);
      assert.equal(doc.status, page.status, doc.text);
      assert.equal((await admin.patch('/api/settings', { anonymous_read: true })).status, 200);
      const open = await pdf(anon, `/api/processes/${permit.id}/report.pdf`);
      assert.equal(open.status, 200, 'anonymous reading opens the document with the page');
      assert.equal((await anon.get(`/api/processes/${permit.id}`)).status, 200);
    });
  });
}
