// My page: my processes grouped by my role, versions waiting for my
// approval, reviews due (traffic lights), overdue items and my mapping
// assignments.
import { all, get } from '../api.js';
import { t } from '../i18n.js';
import { A, Light, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';
import { flatten, roleName } from '../parts.jsx';
import { NotifyPrefs } from '../panels/notify_prefs.jsx';

async function loadMine(me) {
  const [people, roles, tree] = await Promise.all([all('/api/people'), all('/api/roles'), get('/api/processes?tree=1')]);
  const procs = new Map(flatten(tree.items).map((p) => [p.id, p]));
  const person = people.find((p) => p.user_id === me.id) || null;
  const assignments = person ? await all(`/api/role-assignments?person_id=${person.id}`) : [];
  const roleById = new Map(roles.map((r) => [r.id, r]));
  const byRole = new Map();
  for (const a of assignments) {
    if (a.scope !== 'process' || !procs.has(a.process_id)) continue;
    const r = roleById.get(a.role_id);
    if (!byRole.has(a.role_id)) byRole.set(a.role_id, { role: r, processes: [] });
    byRole.get(a.role_id).processes.push(procs.get(a.process_id));
  }
  const owned = assignments.filter((a) => a.scope === 'process' && roleById.get(a.role_id)?.kind === 'owner');
  const [versions, reviews, mapping] = await Promise.all([
    Promise.all(owned.map((a) => get(`/api/processes/${a.process_id}/maps?limit=100`).then((vs) => vs.items.map((v) => ({ a, v }))))),
    get(`/api/reviews${person ? `?owner=${person.id}` : ''}`),
    all('/api/assignments'),
  ]);
  const waiting = versions
    .flat()
    .filter(({ v }) => v.state === 'submitted')
    .map(({ a, v }) => ({ process: procs.get(a.process_id), version: v }));
  const myMapping = person ? mapping.filter((m) => JSON.stringify(m.body || {}).includes(person.name) && m.status !== 'closed') : [];
  return { person, byRole: [...byRole.values()], waiting, reviews, myMapping };
}

export function MyPage({ me }) {
  const [d, error] = useLoad(() => loadMine(me), [me.id]);
  if (!d) return <Loading error={error} />;
  return (
    <div class="mypage">
      <h1>{t('My page')}</h1>
      <p class="lead">{t('Welcome, {name}.', { name: d.person?.name || me.display_name || me.login })}</p>
      <div class="cards">
        <section class="card" aria-labelledby="h-approvals">
          <h2 id="h-approvals">{t('Waiting for my approval')}</h2>
          {d.waiting.length ? (
            <ul>
              {d.waiting.map((w) => (
                <li key={w.version.id}>
                  <A to={`/process/${w.process.id}/approve/${w.version.id}`}>
                    {nameOf(w.process.name)} — {t('version {n}', { n: w.version.number })}
                  </A>{' '}
                  <span class="muted">{t('submitted {date}', { date: fmtDate(w.version.submitted_at) })}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('Nothing is waiting for you.')}</p>
          )}
        </section>
        <section class="card" aria-labelledby="h-reviews">
          <h2 id="h-reviews">{t('Reviews due')}</h2>
          {d.reviews.items.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Process')}</th>
                  <th scope="col">{t('Next review')}</th>
                  <th scope="col">{t('Status')}</th>
                </tr>
              </thead>
              <tbody>
                {d.reviews.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <A to={`/process/${r.id}`}>
                        {r.outline} {nameOf(r.name)}
                      </A>
                    </td>
                    <td>{fmtDate(r.next_review_date)}</td>
                    <td>
                      <Light light={r.light} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('No reviews are due.')}</p>
          )}
        </section>
        <section class="card" aria-labelledby="h-roles">
          <h2 id="h-roles">{t('My processes')}</h2>
          {d.byRole.length ? (
            d.byRole.map((g) => (
              <div key={g.role?.id}>
                <h3>{roleName(g.role)}</h3>
                <ul>
                  {g.processes.map((p) => (
                    <li key={p.id}>
                      <A to={`/process/${p.id}`}>
                        {p.outline} {nameOf(p.name)}
                      </A>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          ) : (
            <p class="muted">{t('You hold no role on a process.')}</p>
          )}
        </section>
        <section class="card" aria-labelledby="h-actions">
          <h2 id="h-actions">{t('My open actions and assignments')}</h2>
          {d.reviews.overdue?.length ? (
            <ul>
              {d.reviews.overdue.map((o, i) => (
                <li key={i}>{o.title || o.name || JSON.stringify(o)}</li>
              ))}
            </ul>
          ) : null}
          {d.myMapping.length ? (
            <ul>
              {d.myMapping.map((m) => (
                <li key={m.id}>
                  <A to={`/assignments/${m.id}`}>{m.title}</A> <span class="muted">{t('due {date}', { date: fmtDate(m.due_date) })}</span>
                </li>
              ))}
            </ul>
          ) : (
            !d.reviews.overdue?.length && <p class="muted">{t('No open actions.')}</p>
          )}
        </section>
        <NotifyPrefs />
      </div>
    </div>
  );
}
