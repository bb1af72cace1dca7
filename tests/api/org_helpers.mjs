// Helpers shared by the organisation, handbook and assignments API tests.
import assert from 'node:assert/strict';

/** Makes `login` a facilitator today (user, person, generic scheme role). */
export async function makeFacilitator(admin, srv, login) {
  const u = await admin.post('/api/users', { login, display_name: login, password: `${login}-password` });
  assert.equal(u.status, 201);
  let schemes = await admin.get('/api/role-schemes');
  if (!schemes.json.items.some((s) => s.key === 'generic')) assert.equal((await admin.post('/api/role-schemes/presets', { preset: 'generic' })).status, 201);
  schemes = await admin.get('/api/role-schemes');
  const generic = schemes.json.items.find((s) => s.key === 'generic');
  const roles = await admin.get(`/api/role-schemes/${generic.id}/roles`);
  const fac = roles.json.items.find((r) => r.kind === 'facilitator');
  const p = await admin.post('/api/people', { name: login, user_id: u.json.id });
  assert.equal(p.status, 201);
  const a = await admin.post('/api/role-assignments', { person_id: p.json.id, role_id: fac.id, scope: 'organisation', from_date: '2020-01-01' });
  assert.equal(a.status, 201);
  const c = srv.client();
  assert.equal((await c.login(login, `${login}-password`)).status, 200);
  return c;
}
