// Full-text search (GET /api/search) over the demo workspace: prefix matching,
// matching without diacritics and inside compound words (exact spelling first),
// titles and process names in the reader's language, ranking, kind filter,
// pagination, visibility of restricted handbook pages, anonymous reading, and
// hostile queries.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer } from './helpers.mjs';

const DEMO_PASSWORD = 'kartla-demo';

// As ka_search_fold (lib/search/search_fold.c) for the letters these tests use.
const fold = (s) =>
  s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/ø/g, 'o')
    .replace(/[\u0300-\u036f]/g, '');

for (const { name: backend } of backends()) {
  describe(`search (${backend})`, () => {
    let srv;
    let reader;
    let facilitator;
    let admin;

    before(async () => {
      srv = await startServer({ backend, demo: true });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
      reader = srv.client();
      assert.equal((await reader.login('reader', DEMO_PASSWORD)).status, 200);
      facilitator = srv.client();
      assert.equal((await facilitator.login('handledare', DEMO_PASSWORD)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    const q = (c, text, extra = '') => c.get(`/api/search?q=${encodeURIComponent(text)}${extra}`);

    test('a word finds processes, elements and people; hits have type, id, title, snippet, match', async () => {
      const r = await q(reader, 'søknad');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.total >= 3, r.text);
      const types = new Set(r.json.items.map((i) => i.type));
      assert.ok(types.has('process') && types.has('element'), r.text);
      for (const it of r.json.items) {
        assert.equal(typeof it.id, 'number');
        assert.equal(typeof it.title, 'string');
        assert.equal(typeof it.snippet, 'string');
        assert.ok(Array.isArray(it.match) && it.match.length >= 1, JSON.stringify(it));
        assert.ok(
          it.match.every((m) => fold(m).includes('soknad')),
          JSON.stringify(it),
        );
        assert.doesNotMatch(it.snippet, /[\u0002\u0003]/);
      }
      // Ranking: the process named "Behandle søknad om godskriving" beats the map elements.
      assert.equal(r.json.items[0].type, 'process', r.text);
      assert.match(r.json.items[0].title, /Behandle søknad om godskriving/);
      const ranks = r.json.items.map((i) => i.rank);
      assert.deepEqual(
        [...ranks].sort((a, b) => b - a),
        ranks,
      );
    });

    test('prefix matching: "søk" finds søknad and søkere; case does not matter', async () => {
      const r = await q(reader, 'SØK');
      assert.equal(r.status, 200);
      const words = r.json.items.flatMap((i) => i.match.map((m) => m.toLowerCase()));
      assert.ok(words.includes('søknad') && words.includes('søkere'), JSON.stringify(words));
    });

    test('without diacritics: "ansokan" finds "ansökan", "sokn" finds "søknad"; exact spelling first', async () => {
      const sv = await q(reader, 'ansokan', '&lang=sv');
      assert.equal(sv.status, 200, sv.text);
      assert.ok(
        sv.json.items.some((i) => i.type === 'process' && i.title === 'Handlägga ansökan om bygglov'),
        sv.text,
      );
      assert.ok(
        sv.json.items.every((i) => i.match.some((m) => fold(m).includes('ansokan'))),
        sv.text,
      );
      const nb = await q(reader, 'sokn');
      assert.ok(
        nb.json.items.some((i) => i.type === 'process' && i.title === 'Behandle søknad om godskriving'),
        nb.text,
      );
      const ae = await q(reader, 'Ødegård');
      assert.ok(
        ae.json.items.some((i) => i.type === 'person' && i.title === 'Per Ødegård'),
        ae.text,
      );
      const plain = await q(reader, 'odegard');
      assert.ok(
        plain.json.items.some((i) => i.type === 'person' && i.title === 'Per Ødegård'),
        plain.text,
      );
      assert.equal((await q(reader, 'ødegå')).json.total, ae.json.total);
      // Exact spelling ranks first: "ansökan" as typed puts every hit spelled so before the
      // hits that only match folded ("ansokan" nowhere in the demo, so compare tiers).
      const exact = await q(reader, 'ansökan', '&lang=sv&limit=100');
      const folded = await q(reader, 'ansokan', '&lang=sv&limit=100');
      assert.equal(exact.json.total, folded.json.total, 'the same hits either way');
      assert.ok(exact.json.items[0].rank > folded.json.items[0].rank, `${exact.text}\n${folded.text}`);
      // a word as typed beats the same word folded: "far" finds "får"-words after "far"-words
      const far = await q(reader, 'søknad', '&limit=100');
      const firstFolded = far.json.items.findIndex((i) => !i.match.some((m) => m.toLowerCase().startsWith('søknad')));
      if (firstFolded >= 0)
        assert.ok(
          far.json.items.slice(firstFolded).every((i) => !i.match.some((m) => m.toLowerCase().startsWith('søknad'))),
          far.text,
        );
    });

    test('inside compound words: "søknad" and "soknad" find "byggesøknad", word matches first', async () => {
      for (const word of ['søknad', 'soknad']) {
        const r = await q(reader, word, '&limit=100');
        assert.equal(r.status, 200, r.text);
        const titles = r.json.items.map((i) => i.title);
        const compound = titles.indexOf('Behandle byggesøknad');
        const whole = titles.indexOf('Behandle søknad om godskriving');
        assert.ok(compound >= 0, `${word}: ${r.text}`);
        assert.ok(whole >= 0 && whole < compound, `${word}: ${titles.join(' | ')}`);
        assert.ok(
          r.json.items[compound].match.some((m) => fold(m) === 'byggesoknad'),
          JSON.stringify(r.json.items[compound]),
        );
      }
      // two letters are too few to match inside a word (trigrams), but still start one
      const two = await q(reader, 'sø', '&type=process&limit=100');
      assert.ok(!two.json.items.some((i) => i.title === 'Behandle byggesøknad'), two.text);
    });

    test("hits in the reader's language; element hits carry their process", async () => {
      const names = { nb: 'Behandle søknad om godskriving', sv: 'Handlägga ansökan om tillgodoräknande', en: 'Handle application for credit transfer' };
      for (const [lang, name] of Object.entries(names)) {
        const r = await q(reader, 'godskriving', `&lang=${lang}&type=process`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.items[0]?.title, name, r.text);
        for (const other of Object.values(names)) if (other !== name) assert.ok(!r.json.items[0].title.includes(other));
      }
      // Accept-Language when there is no lang
      const al = await reader.get(`/api/search?q=godskriving&type=process`, { headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' } });
      assert.equal(al.json.items[0]?.title, names.sv, al.text);
      assert.equal((await q(reader, 'godskriving', '&lang=de')).status, 400);
      const procs = (await admin.get('/api/processes?limit=200')).json;
      const list = procs.items || procs;
      for (const lang of ['nb', 'sv']) {
        const el = await q(reader, 'søknad', `&type=element&lang=${lang}&limit=100`);
        assert.ok(el.json.items.length >= 1, el.text);
        for (const it of el.json.items) {
          assert.equal(typeof it.process_id, 'number', JSON.stringify(it));
          const p = list.find((x) => x.id === it.process_id);
          assert.ok(p, JSON.stringify(it));
          assert.equal(it.process_name, p.name[lang] || p.name.nb, JSON.stringify(it));
          assert.doesNotMatch(it.title, / \/ /, 'one language in a title');
        }
      }
    });

    test('all words must occur; specifications are searched', async () => {
      const r = await q(reader, 'klage fristen');
      assert.equal(r.status, 200);
      assert.ok(
        r.json.items.some((i) => i.type === 'process' && /studentklager/.test(i.title)),
        r.text,
      );
      const none = await q(reader, 'klage bygglov');
      assert.equal(none.json.total, 0, none.text);
    });

    test('roles and handbook pages are found; type filters', async () => {
      const r = await q(reader, 'processhandledare', '&type=role');
      assert.equal(r.status, 200);
      assert.ok(r.json.items.length >= 1);
      assert.ok(
        r.json.items.every((i) => i.type === 'role'),
        r.text,
      );
      const p = await q(reader, 'delegasjonsreglementet', '&type=page');
      assert.ok(
        p.json.items.some((i) => i.title === 'Rollebeskrivelse: prosesseier'),
        p.text,
      );
      const bad = await q(reader, 'x', '&type=unicorn');
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.field, 'type');
    });

    test('pagination: limit and offset page through the same ranking', async () => {
      const all = await q(reader, 'søknad', '&limit=100');
      const a = await q(reader, 'søknad', '&limit=2');
      const b = await q(reader, 'søknad', '&limit=2&offset=2');
      assert.equal(a.json.items.length, 2);
      assert.equal(a.json.total, all.json.total);
      assert.deepEqual(
        [...a.json.items, ...b.json.items].map((i) => `${i.type}${i.id}`),
        all.json.items.slice(0, 4).map((i) => `${i.type}${i.id}`),
      );
      assert.equal(b.json.total, all.json.total);
      // past the last hit: no items, and still the total
      const past = await q(reader, 'søknad', `&limit=2&offset=${all.json.total}`);
      assert.deepEqual([past.json.items.length, past.json.total], [0, all.json.total]);
      assert.equal((await q(reader, 'søknad', '&limit=0')).status, 400);
      assert.equal((await q(reader, 'søknad', '&offset=-1')).status, 400);
    });

    test('restricted handbook pages stay restricted in search results', async () => {
      // The test makes its own page for facilitators (the demo data holds no test strings).
      const pg = await facilitator.post('/api/handbook/pages', {
        title: 'Testside for tilrettelegging',
        markdown: 'Kodeord bare for tilretteleggere: zebrafink.',
        visibility: 'facilitators',
      });
      assert.equal(pg.status, 201, pg.text);
      assert.equal((await q(reader, 'zebrafink')).json.total, 0);
      const f = await q(facilitator, 'zebrafink');
      assert.equal(f.json.total, 1, f.text);
      assert.equal(f.json.items[0].title, 'Testside for tilrettelegging');
      assert.equal((await q(admin, 'zebrafink')).json.total, 1);
      // a page for signed-in users: every reader finds it
      const si = await facilitator.post('/api/handbook/pages', {
        title: 'Intern side',
        markdown: 'Kodeord for innloggede: lundefugl.',
        visibility: 'signed_in',
      });
      assert.equal(si.status, 201, si.text);
      assert.equal((await q(reader, 'lundefugl')).json.total, 1);
    });

    test('anonymous: 401 while anonymous reading is off; public results only when on', async () => {
      const anon = srv.client();
      const r = await q(anon, 'søknad');
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, 'unauthorized');
      const on = await admin.patch('/api/settings', { anonymous_read: true });
      assert.equal(on.status, 200, on.text);
      try {
        assert.equal((await q(anon, 'søknad')).status, 200);
        assert.equal((await q(anon, 'lundefugl')).json.total, 0);
        assert.equal((await q(anon, 'zebrafink')).json.total, 0);
        assert.ok((await q(anon, 'prosesseier')).json.total >= 1);
      } finally {
        assert.equal((await admin.patch('/api/settings', { anonymous_read: false })).status, 200);
      }
    });

    test('hostile queries never give 500: syntax, quotes, SQL, NUL-free control bytes, very long', async () => {
      const hostile = [
        '"',
        "'",
        '""',
        "''",
        '*',
        '(',
        ')',
        'NOT',
        'AND OR NOT',
        'NEAR(a b)',
        'title:søknad',
        '^søknad',
        'søknad*',
        '"søknad',
        "søknad'",
        "'; DROP TABLE processes; --",
        "' OR 1=1 --",
        '%',
        '_',
        '\\',
        '!',
        '&',
        '|',
        '<->',
        ':*',
        'a & b | !c',
        'søknad -klage',
        '{}',
        '[]',
        '—',
        '…',
        '😀',
        'ü é',
        'a'.repeat(999),
        'ord '.repeat(250),
        '\u0001\u0002\u0003',
        'søknad\tsøknad\n',
      ];
      for (const h of hostile) {
        const r = await q(reader, h);
        assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(h)}: ${r.status} ${r.text}`);
        if (r.status === 400) assert.equal(r.json.error.field, 'q');
      }
      const long = await q(reader, 'x'.repeat(5000));
      assert.equal(long.status, 400);
      assert.equal(long.json.error.field, 'q');
      const missing = await reader.get('/api/search');
      assert.equal(missing.status, 400);
      assert.equal(missing.json.error.field, 'q');
      const onlyPunct = await q(reader, '"(*)"');
      assert.equal(onlyPunct.status, 400);
      // the tables are still there
      assert.ok((await q(reader, 'søknad')).json.total >= 3);
    });
  });
}
