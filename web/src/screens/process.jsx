// The process page: specification, roles with people, the current map in the
// bpmn-js viewer (a click on a collapsed sub-process or call activity opens
// the child process), versions, check findings, and the places the risk and
// lead-time analyses will fill.
import { useState } from 'preact/hooks';
import { all, get, patch, post } from '../api.js';
import { getLang, t } from '../i18n.js';
import { A, Field, FormError, Loading, fmtDate, go, nameOf, useLoad } from '../common.jsx';
import { preloadViewer } from '../bpmn.js';
import { Findings, MapView, SPEC_FIELDS, countsText, roleName, specText, stateName, typeName } from '../parts.jsx';
import { RiskTab, showRiskMarkers } from '../panels/risk.jsx';
import { LeadTimeTab } from '../panels/leadtime.jsx';
import { VersionConfirmations } from '../panels/readconf.jsx';

function SpecForm({ p, onSaved }) {
  const spec = p.specification || {};
  const editable = SPEC_FIELDS.filter(([, , ty]) => ty === 'text' || ty === 'list');
  const known = new Set(SPEC_FIELDS.filter(([, , ty]) => ty !== 'legacy').map(([k]) => k));
  const unknown = Object.keys(spec).filter((k) => !known.has(k));
  const [form, setForm] = useState(() =>
    Object.fromEntries(
      editable.map(([k, , ty]) => [k, ty === 'list' ? (Array.isArray(spec[k]) ? spec[k] : spec[k] ? [spec[k]] : []).join('\n') : (spec[k] ?? '')]),
    ),
  );
  const [err, setErr] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    const out = {};
    if (Array.isArray(spec.indicators)) out.indicators = spec.indicators;
    for (const [k, , ty] of editable) {
      const v = String(form[k] ?? '');
      if (ty === 'list') {
        const items = v
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean);
        if (items.length) out[k] = items;
      } else if (v.trim()) out[k] = v;
    }
    try {
      await patch(`/api/processes/${p.id}`, { specification: out }, { headers: { 'if-match': `"v${p.version}"` } });
      onSaved();
    } catch (x) {
      setErr(x.field?.startsWith('specification.') ? Object.assign(x, { field: x.field.slice(14).replace(/\[\d+\]$/, '') }) : x);
    }
  };
  return (
    <form class="panel" onSubmit={save} aria-label={t('Edit specification')}>
      {unknown.length > 0 && (
        <p class="muted">{t('Not in the template, removed when saved: {f}', { f: unknown.map((k) => `${k}: ${specText(spec[k])}`).join('; ') })}</p>
      )}
      <div class="form-grid">
        {editable.map(([k, label, ty]) => (
          <Field
            key={k}
            label={ty === 'list' ? `${t(label)} (${t('one a line')})` : t(label)}
            name={k}
            textarea
            rows={ty === 'list' ? 3 : 2}
            value={form[k]}
            onInput={(v) => setForm({ ...form, [k]: v })}
            error={err}
          />
        ))}
      </div>
      <FormError error={err} fields={editable.map(([k]) => k)} />
      <button type="submit" class="primary">
        {t('Save')}
      </button>
    </form>
  );
}

async function loadProcess(id) {
  preloadViewer();
  const pP = get(`/api/processes/${id}`);
  // The current version is asked for as soon as the process says which it is.
  const currentP = pP.then((p) => (p.current?.as_is ? get(`/api/processes/${id}/maps/${p.current.as_is.id}`) : null));
  currentP.catch(() => {});
  const [p, versions, ras, people, roles, children] = await Promise.all([
    pP,
    get(`/api/processes/${id}/maps?limit=100`),
    all(`/api/role-assignments?process_id=${id}`),
    all('/api/people'),
    all('/api/roles'),
    get(`/api/processes?parent=${id}&limit=500`).then((r) => r.items),
  ]);
  return { p, versions: versions.items, ras, people, roles, children, currentP };
}

/* The measured lead-time tab is loaded when opened (its own chunk: the portal's bundle stays small). */
function MeasuredTab(props) {
  const [m, error] = useLoad(() => import('../panels/measured.jsx'), []);
  if (!m) return <Loading error={error} />;
  return <m.MeasuredTab {...props} />;
}

const EDITOR_KINDS = new Set(['owner', 'responsible', 'facilitator']);

/**
 * Whether `me` may edit the process's maps (the server's rule, for showing the
 * button): administrators; holders of an owner, responsible or facilitator
 * role on the process or an ancestor; facilitators for the whole organisation.
 */
export async function canEditProcess(me, pid) {
  if (me.anonymous) return false;
  if (me.is_admin) return true;
  const [people, roles, tree] = await Promise.all([all('/api/people'), all('/api/roles'), get('/api/processes?tree=1')]);
  const person = people.find((p) => p.user_id === me.id);
  if (!person) return false;
  const ras = await all(`/api/role-assignments?person_id=${person.id}`);
  const kind = new Map(roles.map((r) => [r.id, r.kind]));
  const parent = new Map();
  const walk = (xs) =>
    xs.forEach((p) => {
      parent.set(p.id, p.parent_id);
      walk(p.children || []);
    });
  walk(tree.items);
  const chain = new Set();
  for (let p = pid; p; p = parent.get(p)) chain.add(p);
  return ras.some((a) => EDITOR_KINDS.has(kind.get(a.role_id)) && (a.scope === 'organisation' || (a.scope === 'process' && chain.has(a.process_id))));
}

const actionName = (a) =>
  ({
    create: t('created'),
    update: t('changed'),
    delete: t('deleted'),
    submit: t('submitted'),
    approve: t('approved'),
    reject: t('rejected'),
    comment: t('commented'),
    remind: t('sent read-confirmation reminders for'),
  })[a] || a;
const objectName = (o) => ({ process: t('the process'), map_version: t('a map version') })[o] || o;

/** The audit log of the process and its map versions, newest first. */
function History({ pid }) {
  const [h, error] = useLoad(() => get(`/api/processes/${pid}/history?limit=100`), [pid]);
  if (!h) return <Loading error={error} />;
  return (
    <section>
      <h2>{t('History')}</h2>
      {h.items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('When')}</th>
              <th scope="col">{t('Who')}</th>
              <th scope="col">{t('What')}</th>
            </tr>
          </thead>
          <tbody>
            {h.items.map((x) => (
              <tr key={x.id}>
                <td>{fmtDate(x.at)}</td>
                <td>{x.actor_name || x.actor || '—'}</td>
                <td>
                  {actionName(x.action)} {objectName(x.object_type)}
                  {x.object_type === 'map_version' && x.after?.number ? ` (${t('version {n}', { n: x.after.number })})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('Nothing has been recorded yet.')}</p>
      )}
    </section>
  );
}

/* The current map loads after the page's text, so the text shows first. */
function CurrentMap({ load, vid, label, kids, pid, risks }) {
  const [v, error] = useLoad(() => load, [vid]);
  if (!v) return <Loading error={error} />;
  // risk markers only for those who may read the register (anonymous: the setting anonymous_risk)
  return <MapView xml={v.bpmn} links={v.links} children={kids} label={label} onReady={(viewer) => risks && showRiskMarkers(viewer, pid)} />;
}

function CurrentFindings({ load, vid }) {
  const [v, error] = useLoad(() => load, [vid]);
  if (!v) return <Loading error={error} />;
  return v.findings?.length ? <Findings findings={v.findings} /> : <p class="muted">{t('The checker found nothing in the current map.')}</p>;
}

/** Revert: a new draft from version `v` (POST .../revert), then on to the editor. */
function RevertButton({ pid, v }) {
  const [err, setErr] = useState(null);
  const revert = async () => {
    try {
      const d = await post(`/api/processes/${pid}/maps/${v.id}/revert`, {});
      go(`/process/${pid}/edit/${d.id}`);
    } catch (e) {
      setErr(e);
    }
  };
  return (
    <>
      <button type="button" class="link revert" onClick={revert}>
        {t('Start a draft from this version')}
        <span class="sr-only"> {t('version {n}', { n: v.number })}</span>
      </button>
      {err && (
        <span class="error" role="alert">
          {err.message}
        </span>
      )}
    </>
  );
}

export function ProcessPage({ id, tab: asked, me }) {
  const [d, error, reload] = useLoad(() => loadProcess(id), [id]);
  const [editSpec, setEditSpec] = useState(false);
  const [canEdit] = useLoad(() => canEditProcess(me, id).catch(() => false), [id, me.id]);
  // Anonymous visitors read the risk register only when the workspace says so (anonymous_risk).
  const [riskOpen] = useLoad(() => (me.anonymous ? get('/api/health').then((h) => !!h.anonymous_risk) : Promise.resolve(true)), [me.id]);
  if (!d) return <Loading error={error} />;
  const { p, versions } = d;
  const cur = p.current?.as_is || null;
  const people = new Map(d.people.map((x) => [x.id, x]));
  const roles = new Map(d.roles.map((x) => [x.id, x]));
  const tabs = [
    ['overview', t('Overview')],
    ['roles', t('Roles')],
    ['versions', t('Versions')],
    ['findings', t('Check findings')],
    ['history', t('History')],
    ...(riskOpen === false ? [] : [['risk', t('Risk')]]),
    ['leadtime', t('Lead time')],
    ['measured', t('Measured lead time')],
  ];
  // A tab the page does not have (an old or mistyped link, #/process/6/risks) shows the overview.
  const tab = asked === 'risk' || tabs.some(([k]) => k === asked) ? asked : 'overview';
  const draft = versions.find((v) => v.state === 'draft' || v.state === 'rejected');
  const submitted = versions.find((v) => v.state === 'submitted');
  return (
    <div class="process">
      <div class="titlebar">
        <h1>
          <span class="outline">{p.outline}</span> {nameOf(p.name)}
        </h1>
        <div class="actions">
          <a class="button" href={`/api/processes/${id}/report.pdf?lang=${getLang()}`} target="_blank" rel="noopener">
            {t('Process description (PDF)')}
          </a>
          <button type="button" class="button" onClick={() => window.print()}>
            {t('Print')}
          </button>
          {submitted && !me.anonymous && (
            <A class="button" to={`/process/${id}/approve/${submitted.id}`}>
              {t('Review submitted version')}
            </A>
          )}
          {canEdit && (
            <A class="button primary" to={`/process/${id}/edit${draft ? `/${draft.id}` : ''}`}>
              {draft ? t('Edit draft') : t('Edit map')}
            </A>
          )}
        </div>
      </div>
      <p class="meta">
        {typeName(p.type)} · {stateName(p.status)} · {t('next review {date}', { date: fmtDate(p.next_review_date) || '—' })}
      </p>
      <nav class="tabs" aria-label={t('Process sections')}>
        {tabs.map(([k, label]) => (
          <A key={k} to={`/process/${id}/${k}`} aria-current={tab === k ? 'page' : undefined}>
            {label}
          </A>
        ))}
      </nav>
      {tab === 'overview' && (
        <div class="grid2">
          <section aria-labelledby="h-map" class="wide">
            <h2 id="h-map">{cur ? t('Current map (version {n})', { n: cur.number }) : t('Current map')}</h2>
            {cur ? (
              <CurrentMap
                load={d.currentP}
                vid={cur.id}
                pid={id}
                risks={!me.anonymous || riskOpen === true}
                kids={d.children}
                label={t('Current map of {name}', { name: nameOf(p.name) })}
              />
            ) : (
              <p class="muted">{t('No approved map yet.')}</p>
            )}
          </section>
          <section aria-labelledby="h-spec">
            <div class="titlebar">
              <h2 id="h-spec">{t('Specification')}</h2>
              {canEdit && (
                <button type="button" onClick={() => setEditSpec(!editSpec)} aria-expanded={editSpec ? 'true' : 'false'}>
                  {editSpec ? t('Close') : t('Edit specification')}
                </button>
              )}
            </div>
            {editSpec ? (
              <SpecForm
                p={p}
                onSaved={() => {
                  setEditSpec(false);
                  reload();
                }}
              />
            ) : (
              <>
                <dl class="spec">
                  {SPEC_FIELDS.filter(([k]) => p.specification?.[k] != null && specText(p.specification[k])).map(([k, label]) => (
                    <div key={k}>
                      <dt>{t(label)}</dt>
                      <dd>{specText(p.specification[k])}</dd>
                    </div>
                  ))}
                </dl>
                {!Object.keys(p.specification || {}).length && <p class="muted">{t('No specification yet.')}</p>}
              </>
            )}
          </section>
          {d.children.length > 0 && (
            <section aria-labelledby="h-children">
              <h2 id="h-children">{t('Sub-processes')}</h2>
              <ul>
                {d.children.map((c) => (
                  <li key={c.id}>
                    <A to={`/process/${c.id}`}>
                      {c.outline} {nameOf(c.name)}
                    </A>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
      {tab === 'roles' && (
        <section>
          <h2>{t('Roles')}</h2>
          {d.ras.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Role')}</th>
                  <th scope="col">{t('Person')}</th>
                  <th scope="col">{t('From')}</th>
                  <th scope="col">{t('Mandate')}</th>
                </tr>
              </thead>
              <tbody>
                {d.ras.map((a) => (
                  <tr key={a.id}>
                    <td>{roleName(roles.get(a.role_id))}</td>
                    <td>{people.get(a.person_id)?.name}</td>
                    <td>
                      {fmtDate(a.from_date)}
                      {a.to_date ? ` – ${fmtDate(a.to_date)}` : ''}
                    </td>
                    <td>{a.mandate_source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('No roles are assigned.')}</p>
          )}
        </section>
      )}
      {tab === 'versions' && (
        <section>
          <h2>{t('Versions')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Version')}</th>
                <th scope="col">{t('Variant')}</th>
                <th scope="col">{t('State')}</th>
                <th scope="col">{t('Created')}</th>
                <th scope="col">{t('Findings')}</th>
                <th scope="col">
                  <span class="sr-only">{t('Actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>{v.number}</td>
                  <td>{v.variant === 'to_be' ? t('To-be') : t('As-is')}</td>
                  <td>{stateName(v.state)}</td>
                  <td>{fmtDate(v.created_at)}</td>
                  <td>{countsText(v.counts.error, v.counts.warning)}</td>
                  <td>
                    <A to={`/process/${id}/version/${v.id}`}>
                      {t('View')}
                      <span class="sr-only"> {t('version {n}', { n: v.number })}</span>
                    </A>{' '}
                    {v.state === 'submitted' && !me.anonymous ? (
                      <A to={`/process/${id}/approve/${v.id}`}>{t('Review')}</A>
                    ) : canEdit && (v.state === 'draft' || v.state === 'rejected') ? (
                      <A to={`/process/${id}/edit/${v.id}`}>{t('Edit')}</A>
                    ) : null}{' '}
                    {canEdit && v.state !== 'draft' && <RevertButton pid={id} v={v} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!versions.length && <p class="muted">{t('No versions yet.')}</p>}
          <VersionConfirmations pid={id} versions={versions} me={me} />
        </section>
      )}
      {tab === 'findings' && (
        <section>
          <h2>{t('Check findings')}</h2>
          {cur ? <CurrentFindings load={d.currentP} vid={cur.id} /> : <p class="muted">{t('No approved map yet.')}</p>}
        </section>
      )}
      {tab === 'history' && <History pid={id} />}
      {/* The analysis issue fills these two tabs (risk matrix, lead time and critical path). */}
      {tab === 'risk' && riskOpen === false && <p class="muted">{t('Sign in to see this page.')}</p>}
      {tab === 'risk' && riskOpen && <RiskTab pid={id} currentP={cur ? d.currentP : null} canEdit={!!canEdit} MapView={MapView} />}
      {tab === 'leadtime' && <LeadTimeTab pid={id} p={p} versions={versions} MapView={MapView} />}
      {tab === 'measured' && <MeasuredTab pid={id} p={p} versions={versions} canEdit={!!canEdit} MapView={MapView} />}
    </div>
  );
}

/** One version, read-only: its map, findings and the decisions and comments on it. */
export function VersionPage({ pid, vid }) {
  const [d, error] = useLoad(() => Promise.all([get(`/api/processes/${pid}`), get(`/api/processes/${pid}/maps/${vid}`)]), [pid, vid]);
  if (!d) return <Loading error={error} />;
  const [p, v] = d;
  return (
    <div>
      <h1>
        <A to={`/process/${pid}/versions`}>{nameOf(p.name)}</A>{' '}
        <span class="muted">{t('version {n}, {state}', { n: v.number, state: stateName(v.state) })}</span>
      </h1>
      <p class="meta">
        {v.variant === 'to_be' ? t('To-be') : t('As-is')} · {fmtDate(v.created_at)}
      </p>
      <MapView xml={v.bpmn} links={v.links} label={t('Process map')} />
      <div class="grid2">
        <section aria-labelledby="h-vfind">
          <h2 id="h-vfind">{t('Check findings')}</h2>
          {v.findings?.length ? <Findings findings={v.findings} /> : <p class="muted">{t('No findings.')}</p>}
        </section>
        <section aria-labelledby="h-vdec">
          <h2 id="h-vdec">{t('Decisions and comments')}</h2>
          {v.approvals?.length ? (
            <ul>
              {v.approvals.map((a, i) => (
                <li key={i}>
                  {fmtDate(a.at)} · <strong>{a.actor_name || a.actor}</strong> {actionName(a.action)}
                  {a.comment ? `: ${a.comment}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('Nothing has been recorded yet.')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
