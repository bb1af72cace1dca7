// The handbook: Markdown rendered by cmark in safe mode (XSS attempts come
// out harmless), a tree of pages, attachments (size cap, allowed types,
// served as downloads with nosniff), visibility everyone / signed in /
// facilitators enforced on GET, lists, the tree and the search rows; only
// facilitators and admins write.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { backends, startServer, errorOf } from './helpers.mjs';
import { makeFacilitator } from './org_helpers.mjs';

/** The search rows of handbook pages (search_docs is derived, so not in backups): ref_id -> vis. */
function pageSearchVis(srv) {
  const sql = "SELECT ref_id, vis FROM search_docs WHERE kind = 'page' ORDER BY ref_id";
  const out = srv.dbUrl
    ? execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-d', srv.dbUrl, '-c', sql], { encoding: 'utf8' })
    : execFileSync('sqlite3', [path.join(srv.dir, 'kartla.db'), sql], { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('|').map(Number)),
  );
}

for (const { name: backend } of backends()) {
  describe(`handbook (${backend})`, () => {
    let srv;
    let admin;
    let fac;
    let reader;
    let anon;
    const ids = {};

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
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a facilitator writes pages; the slug comes from the title; readers may not write', async () => {
      const r = await fac.post('/api/handbook/pages', { title: 'Metodhåndbok for kartlegging', markdown: '# Metode\n\nSe **undersider**.' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.slug, 'metodhåndbok-for-kartlegging');
      assert.equal(r.json.visibility, 'everyone');
      assert.equal(r.headers.get('etag'), '"v1"');
      ids.root = r.json.id;
      assert.equal((await reader.post('/api/handbook/pages', { title: 'Mine' })).status, 403);
      assert.equal((await anon.post('/api/handbook/pages', { title: 'Mine' })).status, 401);
      const dup = await fac.post('/api/handbook/pages', { title: 'Other', slug: 'metodhåndbok-for-kartlegging' });
      assert.equal(dup.status, 409);
      for (const [body, field] of [
        [{}, 'title'],
        [{ title: 'x', slug: 'Has Spaces' }, 'slug'],
        [{ title: 'x', visibility: 'secret' }, 'visibility'],
        [{ title: 'x', parent_id: 999999 }, 'parent_id'],
        [{ title: 'x', markdown: 7 }, 'markdown'],
        [{ title: 'x', body: 'y' }, 'body'],
        [{ title: 'x', visibility: null }, 'visibility'],
        [{ title: 'x', markdown: null }, 'markdown'],
      ]) {
        const e = await fac.post('/api/handbook/pages', body);
        assert.equal(e.status, 422, JSON.stringify(body));
        assert.equal(errorOf(e).field, field);
      }
    });

    test('Markdown is rendered safely: raw HTML and javascript: links are removed', async () => {
      const md = [
        '# Tittel',
        '<script>alert("x")</script>',
        '<img src=x onerror="alert(1)">',
        '[klikk](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.org/a)',
        '<a href="javascript:alert(2)">a</a>',
        '![bilde](javascript:alert(3))',
        '<iframe src="https://evil.example"></iframe>',
      ].join('\n\n');
      const r = await fac.post('/api/handbook/pages', { title: 'XSS', markdown: md, parent_id: ids.root });
      assert.equal(r.status, 201);
      const g = await anon.get(`/api/handbook/pages/${r.json.id}`);
      assert.equal(g.status, 200);
      const html = g.json.html;
      assert.match(html, /<h1>Tittel<\/h1>/);
      assert.match(html, /href="https:\/\/example.org\/a"/);
      for (const bad of [/<script/i, /onerror/i, /javascript:/i, /<iframe/i, /data:text\/html/i, /<img src="x"/i]) assert.doesNotMatch(html, bad);
      assert.equal(g.json.markdown, md, 'the Markdown is kept as written');
      ids.xss = r.json.id;
    });

    test('the tree: children under their parent; cycles and deleting a parent are refused', async () => {
      const child = await fac.post('/api/handbook/pages', { title: 'Risikoanalyse', parent_id: ids.root, sort_order: 1 });
      assert.equal(child.status, 201);
      const grand = await fac.post('/api/handbook/pages', { title: 'Skalaer', parent_id: child.json.id });
      assert.equal(grand.status, 201);
      const root = await anon.get(`/api/handbook/pages/${ids.root}`);
      assert.deepEqual(root.json.children.map((c) => c.title).sort(), ['Risikoanalyse', 'XSS']);
      const tree = await anon.get('/api/handbook/tree');
      assert.equal(tree.status, 200);
      const top = tree.json.items.find((p) => p.id === ids.root);
      const risk = top.children.find((p) => p.title === 'Risikoanalyse');
      assert.equal(risk.children[0].title, 'Skalaer');
      const cyc = await fac.patch(`/api/handbook/pages/${ids.root}`, { parent_id: grand.json.id });
      assert.equal(cyc.status, 422);
      assert.equal(errorOf(cyc).field, 'parent_id');
      assert.equal((await fac.delete(`/api/handbook/pages/${ids.root}`)).status, 409);
      assert.equal((await fac.delete(`/api/handbook/pages/${grand.json.id}`)).status, 204);
      assert.equal((await anon.get(`/api/handbook/pages/${grand.json.id}`)).status, 404);
    });

    test('updates need the right ETag; a stale one is 412 and changes nothing', async () => {
      const g = await anon.get(`/api/handbook/pages/${ids.root}`);
      const up = await fac.patch(`/api/handbook/pages/${ids.root}`, { markdown: 'Ny tekst' }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(up.status, 200);
      assert.equal(up.json.version, g.json.version + 1);
      const stale = await fac.patch(`/api/handbook/pages/${ids.root}`, { markdown: 'Tapt' }, { headers: { 'if-match': g.headers.get('etag') } });
      assert.equal(stale.status, 412);
      assert.equal((await anon.get(`/api/handbook/pages/${ids.root}`)).json.markdown, 'Ny tekst');
      assert.equal((await fac.patch('/api/handbook/pages/999999', { title: 'x' })).status, 404);
    });

    test('visibility: restricted pages are hidden from whoever may not see them, also in search rows', async () => {
      const fpage = await fac.post('/api/handbook/pages', {
        title: 'Handledarnas metodstöd hemlig',
        visibility: 'facilitators',
        markdown: 'Endast handledare',
      });
      const spage = await fac.post('/api/handbook/pages', { title: 'Intern rutin', visibility: 'signed_in', parent_id: ids.root });
      assert.equal(fpage.status, 201);
      assert.equal(spage.status, 201);
      // GET
      assert.equal((await anon.get(`/api/handbook/pages/${fpage.json.id}`)).status, 404);
      assert.equal((await reader.get(`/api/handbook/pages/${fpage.json.id}`)).status, 404);
      assert.equal((await fac.get(`/api/handbook/pages/${fpage.json.id}`)).status, 200);
      assert.equal((await admin.get(`/api/handbook/pages/${fpage.json.id}`)).status, 200);
      assert.equal((await anon.get(`/api/handbook/pages/${spage.json.id}`)).status, 404);
      assert.equal((await reader.get(`/api/handbook/pages/${spage.json.id}`)).status, 200);
      // lists and the tree
      const titles = async (c) => (await c.get('/api/handbook/pages?limit=500')).json.items.map((p) => p.title);
      assert.ok(!(await titles(anon)).includes('Intern rutin'));
      assert.ok(!(await titles(reader)).includes('Handledarnas metodstöd hemlig'));
      assert.ok((await titles(reader)).includes('Intern rutin'));
      assert.ok((await titles(fac)).includes('Handledarnas metodstöd hemlig'));
      assert.equal((await anon.get('/api/handbook/pages')).json.total, (await titles(anon)).length);
      const flat = (items) => items.flatMap((p) => [p.title, ...flat(p.children)]);
      assert.ok(!flat((await reader.get('/api/handbook/tree')).json.items).includes('Handledarnas metodstöd hemlig'));
      assert.ok(!flat((await anon.get('/api/handbook/tree')).json.items).includes('Intern rutin'));
      assert.ok((await anon.get(`/api/handbook/pages/${ids.root}`)).json.children.every((c) => c.title !== 'Intern rutin'));
      // the search rows carry the visibility level the search filters on
      const docs = pageSearchVis(srv);
      assert.equal(docs.get(fpage.json.id), 2);
      assert.equal(docs.get(spage.json.id), 1);
      assert.equal(docs.get(ids.root), 0);
      // and GET /api/search filters on them
      const found = async (c, q) =>
        ((await c.get(`/api/search?q=${encodeURIComponent(q)}`)).json?.items || []).filter((x) => x.type === 'page').map((x) => x.id);
      assert.ok((await found(fac, 'Handledarnas metodstöd')).includes(fpage.json.id));
      assert.ok(!(await found(reader, 'Handledarnas metodstöd')).includes(fpage.json.id));
      assert.ok(!(await found(anon, 'Handledarnas metodstöd')).includes(fpage.json.id));
      assert.ok((await found(reader, 'Intern rutin')).includes(spage.json.id));
      assert.ok(!(await found(anon, 'Intern rutin')).includes(spage.json.id));
      // changing the visibility changes the row
      assert.equal((await fac.patch(`/api/handbook/pages/${spage.json.id}`, { visibility: 'facilitators' })).status, 200);
      assert.equal(pageSearchVis(srv).get(spage.json.id), 2);
      ids.secret = fpage.json.id;
    });

    test('attachments: allowed types, size cap, served as downloads; hidden with their page', async () => {
      const data = Buffer.from('Hei på deg\n').toString('base64');
      const a = await fac.post(`/api/handbook/pages/${ids.root}/attachments`, { name: 'mal æøå.txt', content_type: 'text/plain', data });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.size, Buffer.from('Hei på deg\n').length);
      const g = await anon.get(`/api/attachments/${a.json.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.text, 'Hei på deg\n');
      assert.equal(g.headers.get('content-type'), 'text/plain');
      assert.equal(g.headers.get('x-content-type-options'), 'nosniff');
      assert.match(g.headers.get('content-disposition'), /^attachment; filename="mal_.*\.txt"; filename\*=UTF-8''mal%20%C3%A6%C3%B8%C3%A5\.txt$/);
      const page = await anon.get(`/api/handbook/pages/${ids.root}`);
      assert.equal(page.json.attachments[0].name, 'mal æøå.txt');
      assert.equal((await fac.post(`/api/handbook/pages/${ids.root}/attachments`, { name: 'mal æøå.txt', content_type: 'text/plain', data })).status, 409);
      for (const [body, field, status] of [
        [{ name: 'x.html', content_type: 'text/html', data }, 'content_type', 422],
        [{ name: 'x.svg', content_type: 'image/svg+xml', data }, 'content_type', 422],
        [{ name: '../etc/passwd', content_type: 'text/plain', data }, 'name', 422],
        [{ name: '.htaccess', content_type: 'text/plain', data }, 'name', 422],
        [{ name: 'x.txt', content_type: 'text/plain', data: '***' }, 'data', 422],
        [{ name: 'x.txt', content_type: 'text/plain' }, 'data', 422],
        [{ name: 'big.txt', content_type: 'text/plain', data: Buffer.alloc(5 * 1024 * 1024 + 1, 65).toString('base64') }, 'data', 413],
      ]) {
        const e = await fac.post(`/api/handbook/pages/${ids.root}/attachments`, body);
        assert.equal(e.status, status, JSON.stringify(body).slice(0, 80));
        assert.equal(errorOf(e).field, field);
      }
      const full = Buffer.alloc(5 * 1024 * 1024);
      for (let i = 0; i < full.length; i++) full[i] = (i * 7919) & 0xff;
      const fa = await fac.post(`/api/handbook/pages/${ids.root}/attachments`, {
        name: 'full.pdf',
        content_type: 'application/pdf',
        data: full.toString('base64'),
      });
      assert.equal(fa.status, 201, 'exactly the limit is fine');
      const fg = await fetch(`${srv.base}/api/attachments/${fa.json.id}`);
      assert.ok(Buffer.from(await fg.arrayBuffer()).equals(full), 'the bytes come back unchanged');
      assert.equal((await reader.post(`/api/handbook/pages/${ids.root}/attachments`, { name: 'y.txt', content_type: 'text/plain', data })).status, 403);
      assert.equal((await fac.post('/api/handbook/pages/999999/attachments', { name: 'y.txt', content_type: 'text/plain', data })).status, 404);
      const s = await fac.post(`/api/handbook/pages/${ids.secret}/attachments`, { name: 'hemlig.pdf', content_type: 'application/pdf', data });
      assert.equal(s.status, 201);
      assert.equal((await reader.get(`/api/attachments/${s.json.id}`)).status, 404);
      assert.equal((await fac.get(`/api/attachments/${s.json.id}`)).status, 200);
      assert.equal((await reader.delete(`/api/attachments/${s.json.id}`)).status, 403);
      assert.equal((await fac.delete(`/api/attachments/${s.json.id}`)).status, 204);
      assert.equal((await fac.get(`/api/attachments/${s.json.id}`)).status, 404);
    });
  });
}
