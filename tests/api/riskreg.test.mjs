// The risk register of issue 11 §8 and §11 on the demo workspace: the plan's
// rule (a workspace setting, default red risks and every risk with a decided
// action), the CSV for Nordic Excel (BOM, ";", decimal comma, headings in the
// reader's language) and the printed plan (organisation, date, page breaks);
// the workspace-wide lists (GET /api/reviews, GET /api/risk-actions/overdue)
// only for roles that cover the workspace, an owner only their own area; and
// anonymous readers see neither the register (unless anonymous_risk) nor the
// audit log.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

const PW = 'kartla-demo';

/** The response body as bytes (fetch's text() would drop the BOM). */
async function bytes(c, p) {
  const res = await fetch(c.base + p, { headers: { cookie: c.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

for (const { name: backend } of backends()) {
  describe(`risk register (${backend})`, () => {
    let srv;
    let admin;
    const users = {};
    before(async () => {
      srv = await startServer({ backend, demo: true });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      for (const l of ['eier', 'agare', 'ledare', 'reader', 'handledare']) {
        users[l] = srv.client();
        assert.equal((await users[l].login(l, PW)).status, 200, l);
      }
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('settings: anonymous_risk false, the plan rule red_or_action by default; bad values refused', async () => {
      const s = (await admin.get('/api/settings')).json;
      assert.equal(s.anonymous_risk, false);
      assert.equal(s.risk_plan_rule, 'red_or_action');
      assert.equal(s.organisation, null);
      const bad = await admin.patch('/api/settings', { risk_plan_rule: 'green' });
      assert.equal(bad.status, 422, bad.text);
      assert.equal(errorOf(bad).field, 'risk_plan_rule');
      assert.equal((await users.eier.patch('/api/settings', { risk_plan_rule: 'all' })).status, 403);
    });

    test('categories: a managed, translated list; admins edit it; risks pick a code from it', async () => {
      const list = (await users.reader.get('/api/risk-categories')).json.items;
      assert.deepEqual(
        list.map((c) => [c.code, c.name.nb, c.name.sv, c.name.en]),
        [
          ['legal', 'Juridisk', 'Juridisk', 'Legal'],
          ['operational', 'Operasjonell', 'Operativ', 'Operational'],
          ['it', 'IT', 'IT', 'IT'],
          ['financial', 'Økonomisk', 'Ekonomisk', 'Financial'],
        ],
      );
      const risks = (await admin.get('/api/risks?limit=100')).json.items;
      assert.ok(risks.every((r) => r.category === null || list.some((c) => c.code === r.category)));
      // only administrators edit the list
      const body = { code: 'environment', name: { nb: 'Miljø', sv: 'Miljö', en: 'Environment' }, sort_order: 5 };
      assert.equal((await users.handledare.post('/api/risk-categories', body)).status, 403);
      const c = await admin.post('/api/risk-categories', body);
      assert.equal(c.status, 201, c.text);
      assert.equal(c.json.name.sv, 'Miljö');
      assert.equal((await admin.post('/api/risk-categories', body)).status, 409);
      for (const bad of [
        { code: 'Bad Code', name: body.name },
        { code: 'x', name: { nb: 'X', sv: 'X' } },
        { code: 'y', name: { nb: 'Y', sv: 'Y', en: 'Y', de: 'Y' } },
        { code: 'z', name: body.name, colour: 'red' },
      ]) {
        const r = await admin.post('/api/risk-categories', bad);
        assert.equal(r.status, 422, `${JSON.stringify(bad)}: ${r.text}`);
      }
      const p = await admin.patch(`/api/risk-categories/${c.json.id}`, { name: { en: 'Environmental' } });
      assert.equal(p.status, 200, p.text);
      assert.deepEqual(p.json.name, { nb: 'Miljø', sv: 'Miljö', en: 'Environmental' });
      assert.equal((await admin.patch(`/api/risk-categories/${c.json.id}`, { code: 'env' })).status, 422);
      // a risk picks a code from the list, nothing else
      const r0 = risks[0];
      const bad = await admin.patch(`/api/risks/${r0.id}`, { category: 'Juridisk ' });
      assert.equal(bad.status, 422, bad.text);
      assert.equal(errorOf(bad).field, 'category');
      const ok = await admin.patch(`/api/risks/${r0.id}`, { category: 'environment' });
      assert.equal(ok.status, 200, ok.text);
      // in use: not deleted
      assert.equal((await admin.delete(`/api/risk-categories/${c.json.id}`)).status, 409);
      assert.equal((await admin.patch(`/api/risks/${r0.id}`, { category: r0.category })).status, 200);
      assert.equal((await admin.delete(`/api/risk-categories/${c.json.id}`)).status, 204);
      const audit = (await admin.get('/api/audit?object_type=risk_category')).json;
      assert.ok(JSON.stringify(audit).includes('risk_category'));
    });

    test('the plan follows the rule: red only, red or a decided action, all', async () => {
      const risks = (await admin.get('/api/risks?limit=100')).json.items;
      const notRed = risks.find((r) => r.inherent && r.inherent.colour !== 'red' && !r.actions.length && r.decision !== 'act');
      assert.ok(notRed, JSON.stringify(risks.map((r) => [r.id, r.inherent?.colour, r.decision])));
      const ids = async () => (await admin.get('/api/risk-plan')).json.units.flatMap((u) => u.risks.map((r) => r.id));
      const before = await ids();
      assert.ok(!before.includes(notRed.id));
      // a decided action brings it into the plan under the default rule
      const a = await admin.post(`/api/risks/${notRed.id}/actions`, { title: 'Opplæring av saksbehandlere', cost: 1234.5 });
      assert.equal(a.status, 201, a.text);
      assert.ok((await ids()).includes(notRed.id));
      assert.equal((await admin.patch('/api/settings', { risk_plan_rule: 'red' })).status, 200);
      const red = await ids();
      assert.ok(!red.includes(notRed.id));
      const reds = risks.filter((r) => r.inherent && r.inherent.colour === 'red').map((r) => r.id);
      assert.deepEqual([...red].sort(), [...reds].sort());
      assert.equal((await admin.patch('/api/settings', { risk_plan_rule: 'all' })).status, 200);
      assert.equal((await ids()).length, risks.length);
      assert.equal((await admin.patch('/api/settings', { risk_plan_rule: 'red_or_action' })).status, 200);
    });

    test('CSV for Swedish and Norwegian Excel: BOM, semicolons, decimal comma, translated headings', async () => {
      const sv = await bytes(admin, '/api/risk-plan?format=csv&lang=sv');
      assert.equal(sv.status, 200);
      assert.match(sv.type, /^text\/csv; charset=utf-8/);
      assert.deepEqual([...sv.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = sv.buf.subarray(3).toString('utf8').split('\r\n');
      assert.equal(
        lines[0],
        'Enhet;Process;Risk-ID;Risk;Element-ID;Kategori;Sannolikhet;Konsekvens;Riskvärde;Skala;Beslut;Åtgärds-ID;Åtgärd;Ansvarig;Förfallodatum;Status;Kostnad;Försenad',
      );
      const line = lines.find((l) => l.includes('Opplæring av saksbehandlere'));
      assert.ok(line, lines.join('\n'));
      assert.match(line, /;Planerad;1234,50;/);
      assert.equal(line.split(';').length, 18, line);
      // categories by their Swedish names, never the stored code
      const cats = (await admin.get('/api/risk-categories')).json.items;
      const cells = lines.slice(1, -1).map((l) => l.split(';')[5]);
      assert.ok(
        cells.some((c) => c),
        lines.join('\n'),
      );
      for (const c of cells.filter((c) => c))
        assert.ok(
          cats.some((k) => k.name.sv === c),
          `${c} is not a Swedish name`,
        );
      const withCat = (await admin.get('/api/risks?limit=100')).json.items.find((r) => r.category);
      const named = cats.find((k) => k.code === withCat.category);
      assert.deepEqual(withCat.category_names, named.name);
      const nb = (await bytes(admin, '/api/risk-plan?format=csv&lang=nb')).buf.toString('utf8');
      assert.ok(nb.startsWith('\ufeffEnhet;Prosess;Risiko-ID;Risiko;'), nb.slice(0, 80));
      assert.match(nb, /;Planlagt;1234,50;/);
      // English: the comma of English-locale Excel, a decimal point, the BOM kept
      const en = (await bytes(admin, '/api/risk-plan?format=csv&lang=en')).buf.toString('utf8');
      assert.ok(en.startsWith('\ufeffUnit,Process,Risk ID,Risk,'), en.slice(0, 80));
      assert.match(en, /,Planned,1234\.50,/);
    });

    test('the formula guard holds with semicolons', async () => {
      const risks = (await admin.get('/api/risks?colour=red&limit=1')).json.items;
      const a = await admin.post(`/api/risks/${risks[0].id}/actions`, { title: '=HYPERLINK("http://x";"klikk")' });
      assert.equal(a.status, 201, a.text);
      const sv = (await bytes(admin, '/api/risk-plan?format=csv&lang=sv')).buf.toString('utf8');
      assert.ok(sv.includes(`;"'=HYPERLINK(""http://x"";""klikk"")";`), sv);
      assert.equal((await admin.delete(`/api/risk-actions/${a.json.id}`)).status, 204);
    });

    test('the printed plan: the organisation (setting, else the root unit), the date, page breaks', async () => {
      const d = (await admin.get('/api/risk-plan?format=html&lang=sv')).text;
      assert.match(d, /<p class="org">[^<]+ · \d{4}-\d{2}-\d{2}<\/p>/);
      assert.match(d, /<footer>/);
      assert.equal((await admin.patch('/api/settings', { organisation: 'Exempelkommun & Co' })).status, 200);
      const o = (await admin.get('/api/risk-plan?format=html&lang=sv')).text;
      assert.match(o, /<p class="org">Exempelkommun &amp; Co · \d{4}-\d{2}-\d{2}<\/p>/);
      const css = (await admin.get('/api/risk-plan.css')).text;
      assert.match(css, /@page\{/);
      assert.match(css, /tr\{break-inside:avoid/);
      assert.equal((await admin.patch('/api/settings', { organisation: null })).status, 200);
    });

    test('the review list and overdue risk actions: only roles that cover the workspace', async () => {
      const anon = srv.client();
      for (const p of ['/api/reviews', '/api/risk-actions/overdue']) {
        assert.equal((await anon.get(p)).status, 401, p);
        assert.equal((await users.reader.get(p)).status, 403, p);
        assert.equal((await users.ledare.get(p)).status, 403, p);
        assert.equal(errorOf(await users.reader.get(p)).code, 'forbidden');
      }
      // administrators and facilitators: everything
      const all = (await admin.get('/api/risk-actions/overdue')).json;
      assert.ok(all.total >= 1);
      assert.deepEqual((await users.handledare.get('/api/risk-actions/overdue')).json, all);
      const allReviews = (await admin.get('/api/reviews?limit=100')).json;
      assert.equal((await users.handledare.get('/api/reviews?limit=100')).json.total, allReviews.total);
      // an owner: their own area only
      const anna = (await users.agare.get('/api/me/overview')).json.person.id;
      const kari = (await users.eier.get('/api/me/overview')).json.person.id;
      const annas = (await users.agare.get('/api/risk-actions/overdue')).json;
      assert.ok(
        annas.items.some((x) => /checklista/.test(x.title)),
        JSON.stringify(annas),
      );
      const karis = (await users.eier.get('/api/risk-actions/overdue')).json;
      assert.ok(!karis.items.some((x) => /checklista/.test(x.title)), JSON.stringify(karis));
      assert.ok(karis.total < all.total);
      const rv = (await users.eier.get('/api/reviews?limit=100')).json;
      assert.ok(
        rv.items.every((x) => x.owner === 'Kari Nordmann'),
        JSON.stringify(rv.items),
      );
      assert.ok(rv.total < allReviews.total);
      assert.ok(!rv.overdue.some((x) => /checklista/.test(x.title)));
      assert.equal((await users.eier.get(`/api/reviews?owner=${anna}`)).status, 403);
      assert.equal((await users.eier.get(`/api/reviews?owner=${kari}`)).status, 200);
    });

    test('anonymous readers: no risk register unless anonymous_risk, never the audit log', async () => {
      assert.equal((await admin.patch('/api/settings', { anonymous_read: true })).status, 200);
      const anon = srv.client();
      const pid = (await admin.get('/api/risks?limit=1')).json.items[0].process_id;
      const paths = [
        '/api/risks',
        '/api/risk-matrix',
        '/api/risk-plan',
        '/api/risk-plan?format=csv',
        `/api/processes/${pid}/risks`,
        `/api/processes/${pid}/risk-markers`,
      ];
      for (const p of paths) {
        const r = await anon.get(p);
        assert.equal(r.status, 401, `${p}: ${r.text}`);
      }
      assert.notEqual((await anon.get('/api/audit')).status, 200);
      // the health answer tells the UI whether to show the register
      assert.equal((await anon.get('/api/health')).json.anonymous_risk, false);
      assert.equal((await admin.patch('/api/settings', { anonymous_risk: true })).status, 200);
      for (const p of paths) assert.equal((await anon.get(p)).status, 200, p);
      assert.notEqual((await anon.get('/api/audit')).status, 200, 'the audit log is never anonymous');
      // still not the workspace-wide lists
      assert.equal((await anon.get('/api/risk-actions/overdue')).status, 401);
      assert.equal((await admin.patch('/api/settings', { anonymous_risk: false, anonymous_read: false })).status, 200);
    });
  });
}
