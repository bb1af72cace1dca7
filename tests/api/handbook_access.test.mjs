// Handbook access rules (issue 10): one visibility rule for every path
// that returns page content (a page is readable only when it and every
// ancestor are; a hidden page answers 404 and a hidden parent's id is never
// shown), role descriptions follow their page's visibility, a role
// description page or form is written only by administrators whatever the
// endpoint (and its form is read with its page), and page titles refuse bidi-override and zero-width characters.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { backends, startServer, errorOf } from './helpers.mjs';
import { makeFacilitator } from './org_helpers.mjs';

/** search_docs.vis of a page (the level the search filters on). */
function searchVis(srv, id) {
  const sql = `SELECT vis FROM search_docs WHERE kind = 'page' AND ref_id = ${Number(id)}`;
  const out = srv.dbUrl
    ? execFileSync('psql', ['-X', '-q', '-A', '-t', '-d', srv.dbUrl, '-c', sql], { encoding: 'utf8' })
    : execFileSync('sqlite3', [path.join(srv.dir, 'kartla.db'), sql], { encoding: 'utf8' });
  return Number(out.trim());
}

for (const { name: backend } of backends()) {
  describe(`handbook access (${backend})`, () => {
    let srv;
    let admin;
    let fac;
    let reader;
    let anon;
    let roleId;
    let rolePage;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      fac = await makeFacilitator(admin, srv, 'facilitator');
      assert.equal((await admin.post('/api/users', { login: 'reader', display_name: 'R', password: 'reader-password' })).status, 201);
      reader = srv.client();
      assert.equal((await reader.login('reader', 'reader-password')).status, 200);
      anon = srv.client();
      assert.equal((await admin.patch('/api/settings', { anonymous_read: true })).status, 200);
      const schemes = await admin.get('/api/role-schemes');
      const generic = schemes.json.items.find((s) => s.key === 'generic');
      const roles = await admin.get(`/api/role-schemes/${generic.id}/roles`);
      roleId = roles.json.items.find((r) => r.kind === 'owner' || r.kind === 'other').id;
      const put = await admin.request('PUT', `/api/roles/${roleId}/description`, { json: { summary: 'Eier prosessen.' } });
      assert.equal(put.status, 200, put.text);
      rolePage = put.json.page_id;
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a role description follows its page: restricted, it is 404 to those who may not read it', async () => {
      assert.equal((await anon.get(`/api/roles/${roleId}/description`)).status, 200);
      const p = await admin.patch(`/api/handbook/pages/${rolePage}`, { visibility: 'facilitators' });
      assert.equal(p.status, 200, p.text);
      for (const c of [anon, reader]) {
        const g = await c.get(`/api/roles/${roleId}/description`);
        assert.equal(g.status, 404);
        assert.doesNotMatch(g.text, /Eier prosessen/);
      }
      assert.equal((await fac.get(`/api/roles/${roleId}/description`)).status, 200);
      assert.equal((await admin.get(`/api/roles/${roleId}/description`)).json.fields.summary, 'Eier prosessen.');
      // its fields, kept as a role_description form, follow the page too
      const formsOf = async (c) => (await c.get('/api/forms?template=role_description')).json.items;
      const form = (await formsOf(admin)).find((f) => f.title === `role:${roleId}`);
      assert.ok(form);
      for (const c of [anon, reader]) {
        assert.ok(!(await formsOf(c)).some((f) => f.title === `role:${roleId}`));
        assert.equal((await c.get(`/api/forms/${form.id}`)).status, 404);
      }
      assert.equal((await fac.get(`/api/forms/${form.id}`)).json.body.summary, 'Eier prosessen.');
      assert.equal((await admin.patch(`/api/handbook/pages/${rolePage}`, { visibility: 'signed_in' })).status, 200);
      assert.equal((await anon.get(`/api/roles/${roleId}/description`)).status, 404);
      assert.equal((await reader.get(`/api/roles/${roleId}/description`)).status, 200);
      // under a hidden parent it is hidden too
      const parent = await admin.post('/api/handbook/pages', { title: 'Roller (intern)', visibility: 'facilitators' });
      assert.equal(parent.status, 201);
      assert.equal((await admin.patch(`/api/handbook/pages/${rolePage}`, { parent_id: parent.json.id, visibility: 'everyone' })).status, 200);
      assert.equal((await reader.get(`/api/roles/${roleId}/description`)).status, 404);
      assert.equal((await anon.get(`/api/roles/${roleId}/description`)).status, 404);
      assert.equal((await fac.get(`/api/roles/${roleId}/description`)).status, 200);
      assert.equal((await admin.patch(`/api/handbook/pages/${rolePage}`, { parent_id: null })).status, 200);
      assert.equal((await anon.get(`/api/roles/${roleId}/description`)).status, 200);
    });

    test('a role description page or form is written only by administrators, whatever the endpoint', async () => {
      const before = await admin.get(`/api/handbook/pages/${rolePage}`);
      assert.equal((await fac.patch(`/api/handbook/pages/${rolePage}`, { markdown: 'Overskrevet' })).status, 403);
      assert.equal((await fac.patch(`/api/handbook/pages/${rolePage}`, { visibility: 'facilitators' })).status, 403);
      assert.equal((await fac.delete(`/api/handbook/pages/${rolePage}`)).status, 403);
      const data = Buffer.from('x').toString('base64');
      assert.equal((await fac.post(`/api/handbook/pages/${rolePage}/attachments`, { name: 'a.txt', content_type: 'text/plain', data })).status, 403);
      const att = await admin.post(`/api/handbook/pages/${rolePage}/attachments`, { name: 'a.txt', content_type: 'text/plain', data });
      assert.equal(att.status, 201);
      assert.equal((await fac.delete(`/api/attachments/${att.json.id}`)).status, 403);
      const after = await admin.get(`/api/handbook/pages/${rolePage}`);
      assert.equal(after.json.markdown, before.json.markdown);
      assert.equal(after.json.version, before.json.version);
      assert.equal((await admin.get(`/api/roles/${roleId}`)).json.description_page_id, rolePage);
      // the structured fields are a role_description form: same rule
      const forms = await admin.get('/api/forms?template=role_description');
      const form = forms.json.items.find((f) => f.title === `role:${roleId}`);
      assert.ok(form);
      assert.equal((await fac.patch(`/api/forms/${form.id}`, { body: { summary: 'Falsk' } })).status, 403);
      assert.equal((await fac.delete(`/api/forms/${form.id}`)).status, 403);
      assert.equal((await fac.post('/api/forms', { template: 'role_description', title: `role:${roleId}`, body: {} })).status, 403);
      assert.equal((await admin.get(`/api/roles/${roleId}/description`)).json.fields.summary, 'Eier prosessen.');
      // other forms and pages stay the facilitators' to write
      assert.equal((await fac.post('/api/forms', { template: 'activity_plan', title: 'Plan', body: {} })).status, 201);
      const own = await fac.post('/api/handbook/pages', { title: 'Egen side' });
      assert.equal(own.status, 201);
      assert.equal((await fac.patch(`/api/handbook/pages/${own.json.id}`, { markdown: 'Ny' })).status, 200);
      assert.equal((await fac.delete(`/api/handbook/pages/${own.json.id}`)).status, 204);
      // administrators may
      assert.equal((await admin.patch(`/api/handbook/pages/${rolePage}`, { sort_order: 3 })).status, 200);
    });

    test('a page is readable only when it and every ancestor are; a hidden parent is never revealed', async () => {
      const top = await fac.post('/api/handbook/pages', { title: 'Handledarnas rum', visibility: 'facilitators', markdown: 'hemligt' });
      assert.equal(top.status, 201);
      const mid = await fac.post('/api/handbook/pages', { title: 'Intern mellannivå', parent_id: top.json.id, visibility: 'signed_in' });
      const leaf = await fac.post('/api/handbook/pages', { title: 'Offentlig underrutin zebra', parent_id: mid.json.id, markdown: 'Synlig text' });
      assert.equal(leaf.status, 201);
      assert.equal(leaf.json.visibility, 'everyone');
      const data = Buffer.from('bilaga').toString('base64');
      const att = await fac.post(`/api/handbook/pages/${leaf.json.id}/attachments`, { name: 'b.txt', content_type: 'text/plain', data });
      assert.equal(att.status, 201);
      for (const c of [anon, reader]) {
        assert.equal((await c.get(`/api/handbook/pages/${leaf.json.id}`)).status, 404);
        assert.equal((await c.get(`/api/handbook/pages/${mid.json.id}`)).status, 404);
        assert.equal((await c.get(`/api/attachments/${att.json.id}`)).status, 404);
        const list = (await c.get('/api/handbook/pages?limit=500')).json;
        const ids = list.items.map((p) => p.id);
        assert.ok(!ids.includes(leaf.json.id) && !ids.includes(mid.json.id) && !ids.includes(top.json.id));
        assert.equal(list.total, list.items.length);
        for (const p of list.items) assert.ok(p.parent_id === null || ids.includes(p.parent_id), 'no hidden parent id');
        assert.equal((await c.get(`/api/handbook/pages?parent_id=${mid.json.id}`)).json.total, 0);
        const flat = (items) => items.flatMap((p) => [p.id, ...flat(p.children)]);
        assert.ok(!flat((await c.get('/api/handbook/tree')).json.items).includes(leaf.json.id));
        const found = (await c.get('/api/search?q=zebra')).json.items.filter((x) => x.type === 'page');
        assert.equal(found.length, 0, 'not in the search either');
      }
      assert.equal(searchVis(srv, leaf.json.id), 2);
      assert.equal(searchVis(srv, mid.json.id), 2);
      for (const c of [fac, admin]) {
        const g = await c.get(`/api/handbook/pages/${leaf.json.id}`);
        assert.equal(g.status, 200);
        assert.equal(g.json.parent_id, mid.json.id);
        assert.equal((await c.get(`/api/attachments/${att.json.id}`)).status, 200);
        assert.ok((await c.get('/api/search?q=zebra')).json.items.some((x) => x.type === 'page' && x.id === leaf.json.id));
      }
      // opening the top page to signed-in users opens the chain to them, not to visitors
      assert.equal((await fac.patch(`/api/handbook/pages/${top.json.id}`, { visibility: 'signed_in' })).status, 200);
      assert.equal(searchVis(srv, leaf.json.id), 1);
      const g = await reader.get(`/api/handbook/pages/${leaf.json.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.json.parent_id, mid.json.id);
      assert.ok((await reader.get(`/api/handbook/pages/${mid.json.id}`)).json.children.some((p) => p.id === leaf.json.id));
      assert.equal((await anon.get(`/api/handbook/pages/${leaf.json.id}`)).status, 404);
      // moving the leaf to the top level makes it public; moving it back hides it again
      assert.equal((await fac.patch(`/api/handbook/pages/${leaf.json.id}`, { parent_id: null })).status, 200);
      assert.equal((await anon.get(`/api/handbook/pages/${leaf.json.id}`)).status, 200);
      assert.equal(searchVis(srv, leaf.json.id), 0);
      assert.equal((await fac.patch(`/api/handbook/pages/${leaf.json.id}`, { parent_id: mid.json.id })).status, 200);
      assert.equal((await anon.get(`/api/handbook/pages/${leaf.json.id}`)).status, 404);
      assert.equal(searchVis(srv, leaf.json.id), 1);
    });

    test('page titles, attachment names and form titles refuse bidi overrides and zero-width characters; body text keeps them', async () => {
      for (const title of ['Rutin \u202Efdp.exe', 'Ru\u200Btin', 'Ru\u2066tin\u2069', '\uFEFFRutin', 'A\u200Db']) {
        const r = await fac.post('/api/handbook/pages', { title });
        assert.equal(r.status, 422, JSON.stringify(title));
        assert.equal(errorOf(r).field, 'title');
      }
      const ok = await fac.post('/api/handbook/pages', { title: 'Rutin för ärenden', markdown: 'Arabic \u202B text \u202C and a\u200Bb' });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.json.markdown, 'Arabic \u202B text \u202C and a\u200Bb');
      const p = await fac.patch(`/api/handbook/pages/${ok.json.id}`, { title: 'Rutin \u202Egnp.exe' });
      assert.equal(p.status, 422);
      assert.equal(errorOf(p).field, 'title');
      assert.equal((await fac.get(`/api/handbook/pages/${ok.json.id}`)).json.title, 'Rutin för ärenden');
      // the same for attachment names (the classic "invoice\u202Efdp.exe") and form titles
      const data = Buffer.from('x').toString('base64');
      const a = await fac.post(`/api/handbook/pages/${ok.json.id}/attachments`, { name: 'faktura\u202Efdp.exe', content_type: 'application/pdf', data });
      assert.equal(a.status, 422);
      assert.equal(errorOf(a).field, 'name');
      const f = await fac.post('/api/forms', { template: 'activity_plan', title: 'Plan\u200B', body: {} });
      assert.equal(f.status, 422);
      assert.equal(errorOf(f).field, 'title');
    });
  });
}
