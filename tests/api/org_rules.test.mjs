// Organisation rules beyond the columns: the unit tree stays a tree (a move
// under the unit itself or any of its descendants is 422 naming parent_id),
// and names people read (units, people, roles) refuse bidi controls and
// zero-width characters with 422 naming the field.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, errorOf } from './helpers.mjs';

// Each hides in a name: right-to-left override, isolates, marks, zero-width.
const HIDDEN = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e'];

for (const { name: backend } of backends()) {
  describe(`organisation rules (${backend})`, () => {
    let srv;
    let admin;

    before(async () => {
      srv = await startServer({ backend });
      admin = srv.client();
      assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
    });
    after(async () => {
      const r = await srv.stop();
      assert.deepEqual(r, { code: 0, signal: null }, `clean exit; stderr:\n${srv.stderr}`);
    });

    test('a unit cannot move under itself or its descendants', async () => {
      const mk = async (name, parent_id) => {
        const r = await admin.post('/api/units', parent_id ? { name, parent_id } : { name });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const top = await mk('Fakultet');
      const inst = await mk('Institutt', top.id);
      const sec = await mk('Seksjon', inst.id);
      const grp = await mk('Gruppe', sec.id);
      const other = await mk('Annen');
      for (const [unit, parent] of [
        [top, top],
        [top, inst],
        [top, grp],
        [inst, grp],
        [sec, sec],
      ]) {
        const r = await admin.patch(`/api/units/${unit.id}`, { parent_id: parent.id });
        assert.equal(r.status, 422, `${unit.name} under ${parent.name}: ${r.text}`);
        const e = errorOf(r);
        assert.equal(e.code, 'invalid');
        assert.equal(e.field, 'parent_id');
      }
      // nothing moved
      assert.equal((await admin.get(`/api/units/${top.id}`)).json.parent_id, null);
      assert.equal((await admin.get(`/api/units/${inst.id}`)).json.parent_id, top.id);
      // sideways and upwards moves are fine, and so is becoming a root
      assert.equal((await admin.patch(`/api/units/${grp.id}`, { parent_id: other.id })).status, 200);
      assert.equal((await admin.patch(`/api/units/${sec.id}`, { parent_id: top.id })).status, 200);
      assert.equal((await admin.patch(`/api/units/${top.id}`, { parent_id: grp.id })).status, 200, 'grp is no longer below top');
      const r = await admin.patch(`/api/units/${other.id}`, { parent_id: top.id });
      assert.equal(r.status, 422, 'other is now above top');
      assert.equal(errorOf(r).field, 'parent_id');
      assert.equal((await admin.patch(`/api/units/${top.id}`, { parent_id: null })).status, 200);
      assert.equal((await admin.patch(`/api/units/${top.id}`, { parent_id: 999999 })).status, 422);
    });

    test('unit, person and role names refuse bidi controls and zero-width characters', async () => {
      const unit = (await admin.post('/api/units', { name: 'Økonomi' })).json;
      const person = (await admin.post('/api/people', { name: 'Åse Ødegård' })).json;
      const s = await admin.post('/api/role-schemes/presets', { preset: 'generic', key: 'names' });
      assert.equal(s.status, 201, s.text);
      const role = (await admin.get(`/api/role-schemes/${s.json.id}/roles`)).json.items[0];
      const units = (await admin.get('/api/units')).json.total;
      const people = (await admin.get('/api/people')).json.total;
      for (const ch of HIDDEN) {
        const bad = `Fin${ch}ance`;
        const cases = [
          [() => admin.post('/api/units', { name: bad }), 'name'],
          [() => admin.patch(`/api/units/${unit.id}`, { name: bad }), 'name'],
          [() => admin.post('/api/people', { name: bad }), 'name'],
          [() => admin.patch(`/api/people/${person.id}`, { name: bad }), 'name'],
          [() => admin.post(`/api/role-schemes/${s.json.id}/roles`, { key: 'x', name_en: bad }), 'name_en'],
          [() => admin.patch(`/api/roles/${role.id}`, { name_nb: bad }), 'name_nb'],
          [() => admin.patch(`/api/roles/${role.id}`, { name_sv: bad }), 'name_sv'],
        ];
        for (const [call, field] of cases) {
          const r = await call();
          assert.equal(r.status, 422, `U+${ch.codePointAt(0).toString(16)} in ${field}: ${r.text}`);
          assert.equal(errorOf(r).field, field);
        }
      }
      // nothing was written
      assert.equal((await admin.get(`/api/units/${unit.id}`)).json.name, 'Økonomi');
      assert.equal((await admin.get(`/api/people/${person.id}`)).json.name, 'Åse Ødegård');
      assert.equal((await admin.get('/api/units')).json.total, units);
      assert.equal((await admin.get('/api/people')).json.total, people);
      // letters of other scripts, emoji and ordinary punctuation are names
      for (const name of ['Ελληνικά', 'عربي', 'Nørd – “quoted” · 1', 'Team 🚀']) {
        const r = await admin.post('/api/units', { name });
        assert.equal(r.status, 201, `${name}: ${r.text}`);
        assert.equal(r.json.name, name);
      }
    });
  });
}
