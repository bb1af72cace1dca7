// Organisation: units, people, role schemes and roles (with their
// descriptions), role assignments with dates and mandate source, networks
// and meetings, courses and who lacks which required course.
import { useState } from 'preact/hooks';
import { all, get, put } from '../api.js';
import { t } from '../i18n.js';
import { A, Field, FormError, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';
import { CrudList } from '../crud.jsx';
import { roleName, flatten, levelName, kindName, presetName } from '../parts.jsx';
import { rolePickerOptions } from '../rolepick.js';
import { DelegatePanel } from '../panels/delegate.jsx';

async function refs() {
  const [units, people, roles, tree, schemes] = await Promise.all([
    all('/api/units'),
    all('/api/people'),
    all('/api/roles'),
    get('/api/processes?tree=1'),
    all('/api/role-schemes').catch(() => []),
  ]);
  const assignments = await all('/api/role-assignments').catch(() => []);
  return { units, people, roles, schemes, assignments, processes: flatten(tree.items) };
}

export function Organisation({ tab, sub, me }) {
  const [r, error] = useLoad(refs, []);
  const tabs = [
    ['units', t('Units')],
    ['people', t('People')],
    ['roles', t('Roles')],
    ['assignments', t('Role assignments')],
    ['networks', t('Networks')],
    ['training', t('Training')],
  ];
  if (!r) return <Loading error={error} />;
  const unit = new Map(r.units.map((u) => [u.id, u]));
  const person = new Map(r.people.map((p) => [p.id, p]));
  const role = new Map(r.roles.map((x) => [x.id, x]));
  const proc = new Map(r.processes.map((p) => [p.id, p]));
  const admin = me.is_admin;
  return (
    <div>
      <h1>{t('Organisation')}</h1>
      <nav class="tabs" aria-label={t('Organisation sections')}>
        {tabs.map(([k, l]) => (
          <A key={k} to={`/org/${k}`} aria-current={tab === k ? 'page' : undefined}>
            {l}
          </A>
        ))}
      </nav>
      {tab === 'units' && (
        <CrudList
          title={t('Units')}
          path="/api/units"
          canCreate={admin}
          columns={[
            [t('Code'), (u) => u.code],
            [t('Name'), (u) => u.name],
            [t('Part of'), (u) => unit.get(u.parent_id)?.name || ''],
          ]}
          fields={[
            { name: 'name', label: t('Name'), required: true },
            { name: 'code', label: t('Code') },
            { name: 'parent_id', label: t('Part of'), ref: true, options: r.units.map((u) => [u.id, u.name]) },
          ]}
        />
      )}
      {tab === 'people' && (
        <CrudList
          title={t('People')}
          path="/api/people"
          canCreate={admin}
          columns={[
            [t('Name'), (p) => p.name],
            [t('Title'), (p) => p.title],
            [t('Unit'), (p) => unit.get(p.unit_id)?.name || ''],
            [t('E-mail'), (p) => p.email],
          ]}
          fields={[
            { name: 'name', label: t('Name'), required: true },
            { name: 'title', label: t('Title') },
            { name: 'email', label: t('E-mail'), type: 'email' },
            { name: 'unit_id', label: t('Unit'), ref: true, options: r.units.map((u) => [u.id, u.name]) },
          ]}
        />
      )}
      {tab === 'roles' && sub && <RoleDescription id={sub} role={role.get(sub)} admin={admin} />}
      {tab === 'roles' && !sub && (
        <>
          <CrudList
            title={t('Role schemes')}
            path="/api/role-schemes"
            columns={[
              [t('Name'), (s) => s.name],
              [t('Preset'), (s) => presetName(s.preset)],
              [t('Active'), (s) => (s.is_active ? t('Yes') : '')],
            ]}
          />
          <CrudList
            title={t('Roles')}
            path="/api/roles"
            columns={[
              [t('Role'), (x) => roleName(x)],
              [t('Level'), (x) => levelName(x.level)],
              [t('Kind'), (x) => kindName(x.kind)],
              [
                t('Description'),
                (x) => <A to={`/org/roles/${x.id}`}>{x.description_page_id ? t('Role description') : admin ? t('Write the role description') : ''}</A>,
              ],
            ]}
          />
        </>
      )}
      {tab === 'assignments' && !me.anonymous && <DelegatePanel me={me} r={r} assignments={r.assignments} />}
      {tab === 'assignments' && (
        <CrudList
          title={t('Role assignments')}
          path="/api/role-assignments"
          canCreate={admin}
          columns={[
            [t('Person'), (a) => person.get(a.person_id)?.name],
            [t('Role'), (a) => roleName(role.get(a.role_id))],
            [
              t('For'),
              (a) => (a.scope === 'process' ? nameOf(proc.get(a.process_id)?.name) : a.scope === 'unit' ? unit.get(a.unit_id)?.name : t('The organisation')),
            ],
            [t('From'), (a) => fmtDate(a.from_date)],
            [t('To'), (a) => fmtDate(a.to_date)],
            [t('Mandate'), (a) => a.mandate_source],
          ]}
          fields={[
            { name: 'person_id', label: t('Person'), ref: true, required: true, options: r.people.map((p) => [p.id, p.name]) },
            { name: 'role_id', label: t('Role'), ref: true, required: true, options: rolePickerOptions(r.roles, r.schemes) },
            {
              name: 'scope',
              label: t('Scope'),
              required: true,
              options: [
                ['process', t('Process')],
                ['unit', t('Unit')],
                ['organisation', t('The organisation')],
              ],
            },
            { name: 'process_id', label: t('Process'), ref: true, options: r.processes.map((p) => [p.id, `${p.outline} ${nameOf(p.name)}`]) },
            { name: 'unit_id', label: t('Unit'), ref: true, options: r.units.map((u) => [u.id, u.name]) },
            { name: 'from_date', label: t('From'), type: 'date', required: true },
            { name: 'to_date', label: t('To'), type: 'date' },
            { name: 'mandate_source', label: t('Mandate') },
          ]}
        />
      )}
      {tab === 'networks' && <Networks admin={admin} />}
      {tab === 'training' && <Training refs={r} admin={admin} />}
    </div>
  );
}

function Networks({ admin }) {
  const [nets, error] = useLoad(() => all('/api/networks'), []);
  if (!nets) return <Loading error={error} />;
  return (
    <section>
      <h2>{t('Networks')}</h2>
      {nets.map((n) => (
        <div key={n.id} class="card">
          <h3>{n.name}</h3>
          <p>{n.purpose}</p>
          <CrudList
            title={t('Meetings')}
            path={`/api/networks/${n.id}/meetings`}
            canCreate
            level="h4"
            columns={[
              [t('Date'), (m) => fmtDate(m.held_on)],
              [t('Place'), (m) => m.place],
              [t('Agenda'), (m) => m.agenda],
            ]}
            fields={[
              { name: 'held_on', label: t('Date'), type: 'date', required: true },
              { name: 'place', label: t('Place') },
              { name: 'agenda', label: t('Agenda'), textarea: true },
            ]}
          />
        </div>
      ))}
      {!nets.length && <p class="muted">{t('Nothing here yet.')}</p>}
    </section>
  );
}

function Training({ refs: r, admin }) {
  const [d, error, reload] = useLoad(() => Promise.all([all('/api/courses'), get('/api/training/missing')]), []);
  if (!d) return <Loading error={error} />;
  const [courses, missing] = d;
  const person = new Map(r.people.map((p) => [p.id, p]));
  const course = new Map(courses.map((c) => [c.id, c]));
  const role = new Map(r.roles.map((x) => [x.id, x]));
  return (
    <section>
      <h2>{t('Courses')}</h2>
      <ul>
        {courses.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong> — {c.description}
          </li>
        ))}
      </ul>
      <h2>{t('Missing required courses')}</h2>
      {missing.items.length ? (
        <ul>
          {missing.items.map((m) => (
            <li key={m.person_id}>
              {m.person}: {m.missing.map((x) => `${x.course} (${roleName(role.get(x.role_id)) || x.role})`).join(', ')}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('Everyone has the courses their roles require.')}</p>
      )}
      <CrudList
        title={t('Completed courses')}
        path="/api/training-records"
        canCreate={admin}
        onCreated={reload}
        columns={[
          [t('Person'), (x) => person.get(x.person_id)?.name],
          [t('Course'), (x) => course.get(x.course_id)?.name],
          [t('Completed'), (x) => fmtDate(x.completed_on)],
          [t('Note'), (x) => x.note],
        ]}
        fields={[
          { name: 'person_id', label: t('Person'), ref: true, required: true, options: r.people.map((p) => [p.id, p.name]) },
          { name: 'course_id', label: t('Course'), ref: true, required: true, options: courses.map((c) => [c.id, c.name]) },
          { name: 'completed_on', label: t('Completed'), type: 'date', required: true },
          { name: 'note', label: t('Note') },
        ]}
      />
    </section>
  );
}

const OUTLINE = () => [
  ['summary', t('Summary')],
  ['mandate_source', t('Mandate source')],
  ['mandate_and_tasks', t('Mandate and tasks')],
  ['local_responsibility', t('Local responsibility')],
  ['partners', t('Partners')],
  ['arenas_and_meetings', t('Arenas and meetings')],
  ['competence_requirements', t('Competence requirements')],
];

/** A role description in the fixed outline (kept by the server as a handbook page). */
function RoleDescription({ id, role, admin }) {
  const [saved, setSaved] = useState(false);
  const has = !!role?.description_page_id || saved;
  const [d, error, reload] = useLoad(
    () => (has ? get(`/api/roles/${id}/description`, { withEtag: true }) : Promise.resolve({ data: { fields: {} }, etag: null })),
    [id, has],
  );
  const [form, setForm] = useState(null);
  const [err, setErr] = useState(null);
  if (!role) return <p>{t('Page not found.')}</p>;
  if (!d) return <Loading error={error} />;
  const fields = d.data.fields || {};
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim()));
    try {
      await put(`/api/roles/${id}/description`, body, { headers: d.etag ? { 'if-match': d.etag } : {} });
      setForm(null);
      if (has) reload();
      else setSaved(true);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section>
      <div class="titlebar">
        <h2>
          {t('Role description')}: {roleName(role)}
        </h2>
        {admin && !form && (
          <button type="button" onClick={() => setForm(Object.fromEntries(OUTLINE().map(([k]) => [k, fields[k] || ''])))}>
            {t('Edit')}
          </button>
        )}
      </div>
      {form ? (
        <form class="panel" onSubmit={save} aria-label={t('Role description')}>
          {OUTLINE().map(([k, label]) => (
            <Field key={k} label={label} name={k} textarea rows={3} value={form[k]} onInput={(v) => setForm({ ...form, [k]: v })} error={err} />
          ))}
          <FormError error={err} fields={OUTLINE().map(([k]) => k)} />
          <button type="submit" class="primary">
            {t('Save')}
          </button>{' '}
          <button type="button" onClick={() => setForm(null)}>
            {t('Close')}
          </button>
        </form>
      ) : Object.keys(fields).length ? (
        <dl class="spec">
          {OUTLINE()
            .filter(([k]) => fields[k])
            .map(([k, label]) => (
              <div key={k}>
                <dt>{label}</dt>
                <dd>{fields[k]}</dd>
              </div>
            ))}
        </dl>
      ) : (
        <p class="muted">{t('No description yet.')}</p>
      )}
      {role.description_page_id && (
        <p>
          <A to={`/handbook/${role.description_page_id}`}>{t('The page in the handbook')}</A>
        </p>
      )}
      <p>
        <A to="/org/roles">{t('All roles')}</A>
      </p>
    </section>
  );
}
