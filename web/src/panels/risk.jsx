// The risk screens (issue 5 §1): the process page's Risk tab (the
// process's risks, a form to create or edit one, its actions and score
// history, the matrix inherent vs residual, markers on the map), and the
// editor's risk panel for the selected element. The portfolio page is in
// risk_portfolio.jsx, the scale settings in risk_scale.jsx.
import { useEffect, useState } from 'preact/hooks';
import { all, del, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { Field, FormError, Loading, fmtDate, fmtNum, nameOf, useLoad } from '../common.jsx';
import { ElName, elNameText } from '../elname.jsx';
import { formatNumber, numberError, parseNumber } from '../duration.js';
import {
  ACTION_STATUSES,
  COLOURS,
  applyRiskMarkers,
  colourName,
  decisionName,
  kindName,
  levelLabel,
  loadScales,
  mapElements,
  query,
  scoreText,
  statusName,
} from '../analysis/risk.js';

/** The sort keys of the API with their names (a function: names in the current language). */
export const SORTS = () => [
  ['-value', t('Highest risk first')],
  ['value', t('Lowest risk first')],
  ['-residual', t('Highest residual risk first')],
  ['residual', t('Lowest residual risk first')],
  ['title', t('Title (A–Z)')],
  ['-title', t('Title (Z–A)')],
  ['category', t('Category (A–Z)')],
  ['-category', t('Category (Z–A)')],
  ['review_date', t('Earliest review first')],
  ['-review_date', t('Latest review first')],
  ['process', t('Process (A–Z)')],
  ['-process', t('Process (Z–A)')],
];
// The workspace's managed categories (GET /api/risk-categories), kept by loadCategories()
// so that categoryName() can name a code in the reader's language anywhere.
let CATEGORIES = [];
/** Loads the workspace's risk categories (and keeps them for categoryName); returns them. */
export async function loadCategories() {
  CATEGORIES = (await get('/api/risk-categories')).items;
  return CATEGORIES;
}
/** The codes of the categories, in the workspace's order. */
export const categoryCodes = () => CATEGORIES.map((c) => c.code);
/** A category code's name in the UI language (the code itself when it is not in the list). */
export const categoryName = (code) => {
  const c = CATEGORIES.find((x) => x.code === code);
  return c ? c.name[getLang()] || c.name.en || code : code || '';
};

/** A score as a coloured chip; scores on an older scale say so. */
export function Score({ s, scales }) {
  if (!s) return <span class="muted">–</span>;
  const old = s.current_scale === false;
  const sc = scales?.byId.get(s.scale_id);
  const title = sc
    ? `${t('Likelihood')}: ${levelLabel(sc, 'likelihood', s.likelihood)}; ${t('Consequence')}: ${levelLabel(sc, 'consequence', s.consequence)}`
    : undefined;
  return (
    <span class={`chip risk-${s.colour}`} title={title}>
      {scoreText(s)} {colourName(s.colour)}
      {old && <span class="old-scale"> · {t('on the older scale {key}', { key: sc ? nameOf(sc.name) : s.scale })}</span>}
    </span>
  );
}

/**
 * A column header that sorts the list by `key` (the API's sort keys): a
 * first click sorts ascending (risk values descending), a second reverses.
 */
function SortTh({ label, k, sort, onSort, desc }) {
  if (!onSort) return <th scope="col">{label}</th>;
  const cur = sort === k ? 'ascending' : sort === `-${k}` ? 'descending' : null;
  const next = cur === 'ascending' ? `-${k}` : cur === 'descending' ? k : desc ? `-${k}` : k;
  return (
    <th scope="col" aria-sort={cur || undefined}>
      <button type="button" class="link sort" onClick={() => onSort(next)} title={t('Sort by {column}', { column: label })}>
        {label}
        <span aria-hidden="true">{cur === 'ascending' ? ' ▲' : cur === 'descending' ? ' ▼' : ''}</span>
      </button>
    </th>
  );
}

/** The table of risks; onOpen(risk) for a click on the title; onSort(key) sorts by a column. */
export function RiskTable({ risks, scales, onOpen, showProcess, selected, sort, onSort }) {
  if (!risks.length) return <p class="muted">{t('No risks match.')}</p>;
  const th = (label, k, desc) => <SortTh label={label} k={k} sort={sort} onSort={onSort} desc={desc} />;
  return (
    <table class="risks">
      <thead>
        <tr>
          {th(t('Risk'), 'title')}
          {showProcess && th(t('Process'), 'process')}
          <th scope="col">{t('Map element')}</th>
          {th(t('Category'), 'category')}
          {th(t('Inherent risk'), 'value', true)}
          {th(t('Residual risk'), 'residual', true)}
          <th scope="col">{t('Decision')}</th>
          <th scope="col">{t('Owner')}</th>
          {th(t('Review date'), 'review_date')}
        </tr>
      </thead>
      <tbody>
        {risks.map((r) => (
          <tr key={r.id} data-risk={r.id} aria-selected={selected === r.id ? 'true' : undefined}>
            <td>
              {onOpen ? (
                <button type="button" class="link" onClick={() => onOpen(r)}>
                  {r.title}
                </button>
              ) : (
                r.title
              )}
            </td>
            {showProcess && (
              <td>
                <a href={`#/process/${r.process_id}/risk`}>{r.process}</a>
              </td>
            )}
            <td>
              {r.element_id ? <ElName names={r.element_names} name={r.element_name} id={r.element_id} /> : <span class="muted">{t('Whole process')}</span>}
              {r.orphan && (
                <span class="chip orphan" title={t('The element is no longer in the current map.')}>
                  {t('Orphaned')}
                </span>
              )}
            </td>
            <td>{categoryName(r.category)}</td>
            <td>
              <Score s={r.inherent} scales={scales} />
            </td>
            <td>
              <Score s={r.residual} scales={scales} />
            </td>
            <td>{decisionName(r.decision)}</td>
            <td>{r.owner}</td>
            <td>{fmtDate(r.review_date)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const TEXT_FIELDS = [
  'title',
  'event',
  'cause',
  'consequence',
  'category',
  'controls',
  'decision',
  'decision_rationale',
  'decided_at',
  'review_date',
  'source_workshop',
  'source_date',
];
const ID_FIELDS = ['element_id', 'owner_id', 'unit_id', 'decided_by', 'source_facilitator_id'];

function toForm(r) {
  const f = {};
  for (const k of TEXT_FIELDS) f[k] = r?.[k] ?? '';
  for (const k of ID_FIELDS) f[k] = r?.[k] == null ? '' : String(r[k]);
  f['inherent.likelihood'] = r?.inherent?.likelihood ? String(r.inherent.likelihood) : '';
  f['inherent.consequence'] = r?.inherent?.consequence ? String(r.inherent.consequence) : '';
  f['residual.likelihood'] = r?.residual?.likelihood ? String(r.residual.likelihood) : '';
  f['residual.consequence'] = r?.residual?.consequence ? String(r.residual.consequence) : '';
  return f;
}

/** The request body: every field on create; on edit only what changed. */
function toBody(f, orig) {
  const o = orig ? toForm(orig) : null;
  const body = {};
  const changed = (k) => !o || o[k] !== f[k];
  for (const k of TEXT_FIELDS) if (changed(k)) body[k] = f[k] === '' ? (o ? null : undefined) : f[k];
  for (const k of ID_FIELDS) if (changed(k)) body[k] = f[k] === '' ? (o ? null : undefined) : k === 'element_id' ? f[k] : Number(f[k]);
  for (const kind of ['inherent', 'residual']) {
    const l = f[`${kind}.likelihood`];
    const c = f[`${kind}.consequence`];
    if (!changed(`${kind}.likelihood`) && !changed(`${kind}.consequence`)) continue;
    if (l === '' && c === '') body[kind] = o ? null : undefined;
    else body[kind] = { likelihood: l === '' ? null : Number(l), consequence: c === '' ? null : Number(c) };
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

/**
 * Creates (risk null) or edits a risk of process `pid`. `elements` are the
 * current map's elements; `fixedElement` presets and hides the element choice.
 */
export function RiskForm({ pid, risk, scales, people, units, elements, fixedElement, element, onSaved, onCancel }) {
  const [f, setF] = useState(() => ({ ...toForm(risk), ...((fixedElement || element) && !risk ? { element_id: fixedElement || element } : {}) }));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const sc = scales.current;
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const fp = (k, label, extra = {}) => ({ label, name: k, value: f[k], onInput: set(k), error: err, ...extra });
  const levels = (axis) => [
    <option key="" value="">
      {t('(not set)')}
    </option>,
    ...Array.from({ length: sc.size }, (_, i) => (
      <option key={i + 1} value={String(i + 1)}>
        {levelLabel(sc, axis, i + 1)}
      </option>
    )),
  ];
  const personOptions = [
    <option key="" value="">
      {t('(not set)')}
    </option>,
    ...people.map((p) => (
      <option key={p.id} value={String(p.id)}>
        {p.name}
      </option>
    )),
  ];
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    setBusy(true);
    try {
      const body = toBody(f, risk);
      const r = risk
        ? await patch(`/api/risks/${risk.id}`, body, { headers: { 'if-match': `"v${risk.version}"` } })
        : await post(`/api/processes/${pid}/risks`, body);
      onSaved(r);
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const FIELDS = [
    ...TEXT_FIELDS,
    ...ID_FIELDS.filter((k) => !(fixedElement && k === 'element_id')),
    'inherent.likelihood',
    'inherent.consequence',
    'residual.likelihood',
    'residual.consequence',
    'inherent',
    'residual',
  ];
  const old = risk && (risk.inherent?.current_scale === false || risk.residual?.current_scale === false);
  return (
    <form class="risk-form panel" noValidate onSubmit={save} aria-labelledby="h-risk-form">
      <h3 id="h-risk-form">{risk ? t('Edit risk') : t('New risk')}</h3>
      {old && (
        <p class="muted">
          {t('This risk was scored on an older scale; choosing a level here re-assesses it on the current scale ({name}).', { name: nameOf(sc.name) })}
        </p>
      )}
      <div class="form-grid">
        <Field {...fp('title', t('Title'))} />
        <Field {...fp('category', t('Category'))}>
          <option value="">{t('(no category)')}</option>
          {[...new Set([...categoryCodes(), ...(f.category ? [f.category] : [])])].map((c) => (
            <option key={c} value={c}>
              {categoryName(c)}
            </option>
          ))}
        </Field>
        <Field {...fp('event', t('Event (what could happen)'))} textarea />
        <Field {...fp('cause', t('Cause'))} textarea />
        <Field {...fp('consequence', t('Consequence (what it leads to)'))} textarea />
        <Field {...fp('controls', t('Existing controls'))} textarea />
        {!fixedElement && (
          <Field {...fp('element_id', t('Map element'))}>
            <option value="">{t('Whole process')}</option>
            {risk?.element_id && !elements.some((x) => x.id === risk.element_id) && (
              <option value={risk.element_id}>{`${elNameText(risk.element_names, risk.element_name, risk.element_id)} (${t('Orphaned')})`}</option>
            )}
            {elements.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name ? `${elNameText(x.names, x.name, x.id)} (${x.id})` : x.id}
              </option>
            ))}
          </Field>
        )}
        <Field {...fp('owner_id', t('Risk owner'))}>{personOptions}</Field>
        <Field {...fp('unit_id', t('Unit'))}>
          <option value="">{t('(not set)')}</option>
          {units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {nameOf(u.name)}
            </option>
          ))}
        </Field>
      </div>
      <fieldset>
        <legend>{t('Inherent risk (on the scale {name})', { name: nameOf(sc.name) })}</legend>
        <div class="form-grid">
          <Field {...fp('inherent.likelihood', t('Likelihood'))}>{levels('likelihood')}</Field>
          <Field {...fp('inherent.consequence', t('Consequence'))}>{levels('consequence')}</Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('Decision')}</legend>
        <div class="form-grid">
          <Field {...fp('decision', t('Decision'))}>
            <option value="">{t('(not set)')}</option>
            <option value="accept">{decisionName('accept')}</option>
            <option value="act">{decisionName('act')}</option>
          </Field>
          <Field {...fp('decided_by', t('Decided by'))}>{personOptions}</Field>
          <Field {...fp('decided_at', t('Decided on'), { type: 'date' })} />
          <Field {...fp('decision_rationale', t('Rationale'))} textarea />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('Residual risk (after the actions)')}</legend>
        <div class="form-grid">
          <Field {...fp('residual.likelihood', t('Residual likelihood'))}>{levels('likelihood')}</Field>
          <Field {...fp('residual.consequence', t('Residual consequence'))}>{levels('consequence')}</Field>
        </div>
      </fieldset>
      <div class="form-grid">
        <Field {...fp('review_date', t('Review date'), { type: 'date' })} />
        <Field {...fp('source_workshop', t('Source (workshop)'))} />
        <Field {...fp('source_date', t('Workshop date'), { type: 'date' })} />
        <Field {...fp('source_facilitator_id', t('Facilitator'))}>{personOptions}</Field>
      </div>
      <FormError error={err} fields={FIELDS} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {risk ? t('Save risk') : t('Create risk')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('Cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

const EMPTY_ACTION = { title: '', responsible_id: '', due_date: '', status: 'planned', cost: '' };

/**
 * The form of one action, new or edited: every field, the server's message at
 * the field it names. An edit sends every field (an emptied one as null, so
 * it is cleared).
 */
function ActionForm({ action, people, onSaved, onCancel, riskId }) {
  const [f, setF] = useState(() =>
    action
      ? {
          title: action.title || '',
          responsible_id: action.responsible_id == null ? '' : String(action.responsible_id),
          due_date: action.due_date || '',
          status: action.status,
          cost: action.cost == null ? '' : formatNumber(action.cost, getLang()),
        }
      : EMPTY_ACTION,
  );
  const [err, setErr] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    // A cost as people write it: "1 500,50" or "1500.5" (a decimal comma in nb and sv).
    const cost = parseNumber(f.cost);
    if (Number.isNaN(cost)) return setErr({ field: 'cost', message: numberError(f.cost.trim(), getLang()) });
    try {
      if (action) {
        const body = {
          title: f.title,
          status: f.status,
          responsible_id: f.responsible_id ? Number(f.responsible_id) : null,
          due_date: f.due_date || null,
          cost,
        };
        await patch(`/api/risk-actions/${action.id}`, body, { headers: { 'if-match': `"v${action.version}"` } });
      } else {
        const body = { title: f.title, status: f.status };
        if (f.responsible_id) body.responsible_id = Number(f.responsible_id);
        if (f.due_date) body.due_date = f.due_date;
        if (cost !== null) body.cost = cost;
        await post(`/api/risks/${riskId}/actions`, body);
        setF(EMPTY_ACTION);
      }
      onSaved();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form
      class={action ? 'inline-form action-edit panel' : 'inline-form action-new'}
      noValidate
      onSubmit={save}
      aria-label={action ? t('Edit action {title}', { title: action.title }) : t('New action')}
    >
      <Field label={t('Action')} name="title" value={f.title} onInput={set('title')} error={err} />
      <Field label={t('Responsible')} name="responsible_id" value={f.responsible_id} onInput={set('responsible_id')} error={err}>
        <option value="">{t('(not set)')}</option>
        {people.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </Field>
      <Field label={t('Due date')} name="due_date" type="date" value={f.due_date} onInput={set('due_date')} error={err} />
      <Field label={t('Status')} name="status" value={f.status} onInput={set('status')} error={err}>
        {ACTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusName(s)}
          </option>
        ))}
      </Field>
      <Field label={t('Cost')} name="cost" inputMode="decimal" autocomplete="off" value={f.cost} onInput={set('cost')} error={err} />
      <button type="submit" class={action ? 'primary' : undefined}>
        {action ? t('Save action') : t('Add action')}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('Cancel')}
        </button>
      )}
      <FormError error={err} fields={['title', 'responsible_id', 'due_date', 'status', 'cost']} />
    </form>
  );
}

/** The actions of a risk: list, status change, edit, delete (a second click confirms), and a form to add one. */
function Actions({ risk, people, canEdit, onChange }) {
  const [err, setErr] = useState(null);
  const [editing, setEditing] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const setStatus = async (a, status) => {
    setErr(null);
    try {
      await patch(`/api/risk-actions/${a.id}`, { status }, { headers: { 'if-match': `"v${a.version}"` } });
      onChange();
    } catch (x) {
      setErr(x);
    }
  };
  const remove = async (a) => {
    setErr(null);
    try {
      await del(`/api/risk-actions/${a.id}`, { headers: { 'if-match': `"v${a.version}"` } });
      setConfirming(null);
      if (editing === a.id) setEditing(null);
      onChange();
    } catch (x) {
      setErr(x);
    }
  };
  const edited = editing && risk.actions?.find((a) => a.id === editing);
  return (
    <section aria-labelledby={`h-actions-${risk.id}`}>
      <h4 id={`h-actions-${risk.id}`}>{t('Actions')}</h4>
      {risk.actions?.length ? (
        <table class="risk-actions">
          <thead>
            <tr>
              <th scope="col">{t('Action')}</th>
              <th scope="col">{t('Responsible')}</th>
              <th scope="col">{t('Due date')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Cost')}</th>
              {canEdit && (
                <th scope="col">
                  <span class="sr-only">{t('Edit or delete')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {risk.actions.map((a) => (
              <tr key={a.id} class={a.overdue ? 'overdue' : undefined} data-action-id={a.id}>
                <td>{a.title}</td>
                <td>{a.responsible}</td>
                <td>
                  {fmtDate(a.due_date)} {a.overdue && <span class="chip risk-red">{t('Overdue')}</span>}
                </td>
                <td>
                  {canEdit ? (
                    <>
                      <label class="sr-only" for={`act-status-${a.id}`}>
                        {t('Status of {title}', { title: a.title })}
                      </label>
                      <select id={`act-status-${a.id}`} value={a.status} onChange={(e) => setStatus(a, e.currentTarget.value)}>
                        {ACTION_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {statusName(s)}
                          </option>
                        ))}
                      </select>
                    </>
                  ) : (
                    statusName(a.status)
                  )}
                </td>
                <td>{a.cost == null ? '' : fmtNum(a.cost, { maximumFractionDigits: 2 })}</td>
                {canEdit && (
                  <td class="row-actions">
                    <button
                      type="button"
                      class="link"
                      aria-expanded={editing === a.id ? 'true' : 'false'}
                      onClick={() => {
                        setConfirming(null);
                        setEditing(editing === a.id ? null : a.id);
                      }}
                    >
                      {t('Edit')}
                      <span class="sr-only"> {a.title}</span>
                    </button>{' '}
                    {confirming === a.id ? (
                      <button type="button" class="danger" onClick={() => remove(a)}>
                        {t('Delete “{title}”', { title: a.title })}
                      </button>
                    ) : (
                      <button type="button" class="link" onClick={() => setConfirming(a.id)}>
                        {t('Delete')}
                        <span class="sr-only"> {a.title}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('No actions yet.')}</p>
      )}
      <FormError error={err} />
      {canEdit && edited && (
        <ActionForm
          key={`${edited.id}-${edited.version}`}
          action={edited}
          people={people}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChange();
          }}
        />
      )}
      {canEdit && <ActionForm riskId={risk.id} people={people} onSaved={onChange} />}
    </section>
  );
}

function History({ history, scales }) {
  if (!history?.length) return null;
  return (
    <section>
      <h4>{t('Score history')}</h4>
      <table class="history">
        <thead>
          <tr>
            <th scope="col">{t('When')}</th>
            <th scope="col">{t('Kind')}</th>
            <th scope="col">{t('Score')}</th>
            <th scope="col">{t('Scale')}</th>
            <th scope="col">{t('By')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h, i) => {
            const sc = scales.byId.get(h.scale_id);
            return (
              <tr key={i}>
                <td>{fmtDate(h.at)}</td>
                <td>{kindName(h.kind)}</td>
                <td>
                  <span class={`chip risk-${h.colour}`}>
                    {scoreText(h)} {colourName(h.colour)}
                  </span>
                </td>
                <td>{sc ? nameOf(sc.name) : h.scale}</td>
                <td>{h.by}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** One risk in full: its texts, actions, history; edit when allowed. */
export function RiskDetail({ id, pid, scales, people, units, elements, canEdit, onChanged, onClose }) {
  const [r, error, reload] = useLoad(() => get(`/api/risks/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [delError, setDelError] = useState(null);
  if (!r) return <Loading error={error} />;
  const remove = async () => {
    setDelError(null);
    try {
      await del(`/api/risks/${r.id}`, { headers: { 'if-match': `"v${r.version}"` } });
      onChanged();
      onClose();
    } catch (x) {
      setDelError(x);
    }
  };
  if (editing)
    return (
      <RiskForm
        pid={pid}
        risk={r}
        scales={scales}
        people={people}
        units={units}
        elements={elements}
        onSaved={() => {
          setEditing(false);
          reload();
          onChanged();
        }}
        onCancel={() => setEditing(false)}
      />
    );
  const row = (label, v) =>
    v ? (
      <div>
        <dt>{label}</dt>
        <dd>{v}</dd>
      </div>
    ) : null;
  return (
    <article class="risk-detail panel" aria-labelledby="h-risk-detail">
      <h3 id="h-risk-detail">
        {r.title} {r.orphan && <span class="chip orphan">{t('Orphaned')}</span>}
      </h3>
      {r.orphan && (
        <p class="muted">
          {t('The element {id} is no longer in the current map; move the risk to an element that exists or to the whole process.', { id: r.element_id })}
        </p>
      )}
      <dl class="spec">
        {row(t('Map element'), r.element_id ? <ElName names={r.element_names} name={r.element_name} id={r.element_id} /> : t('Whole process'))}
        {row(t('Event (what could happen)'), r.event)}
        {row(t('Cause'), r.cause)}
        {row(t('Consequence (what it leads to)'), r.consequence)}
        {row(t('Category'), categoryName(r.category))}
        {row(t('Existing controls'), r.controls)}
        {row(t('Inherent risk'), <Score s={r.inherent} scales={scales} />)}
        {row(
          t('Decision'),
          r.decision &&
            `${decisionName(r.decision)}${r.decision_rationale ? `: ${r.decision_rationale}` : ''}${r.decided_by_name ? ` (${r.decided_by_name}, ${fmtDate(r.decided_at)})` : ''}`,
        )}
        {row(t('Residual risk'), r.residual && <Score s={r.residual} scales={scales} />)}
        {row(t('Risk owner'), r.owner)}
        {row(t('Unit'), r.effective_unit)}
        {row(t('Review date'), fmtDate(r.review_date))}
        {row(
          t('Source (workshop)'),
          r.source_workshop &&
            `${r.source_workshop}${r.source_date ? `, ${fmtDate(r.source_date)}` : ''}${r.source_facilitator ? `, ${r.source_facilitator}` : ''}`,
        )}
      </dl>
      <div class="actions">
        {canEdit && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('Edit risk')}
          </button>
        )}
        {canEdit && !confirmDelete && (
          <button type="button" onClick={() => setConfirmDelete(true)}>
            {t('Delete risk')}
          </button>
        )}
        {canEdit && confirmDelete && (
          <button type="button" class="danger" onClick={remove}>
            {t('Delete “{title}” with its actions and history', { title: r.title })}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('Close')}
        </button>
      </div>
      <FormError error={delError} />
      <Actions
        risk={r}
        people={people}
        canEdit={canEdit}
        onChange={() => {
          reload();
          onChanged();
        }}
      />
      <History history={r.history} scales={scales} />
    </article>
  );
}

/**
 * The matrix of a filter as the server's SVG (inherent and residual side by
 * side). `version` changes when a risk was added or changed: a new address,
 * so that the browser fetches the matrix again instead of showing its cached image.
 */
export function Matrix({ filter = {}, version = 0 }) {
  const src = `/api/risk-matrix${query({ ...filter, format: 'svg', lang: getLang(), v: version || undefined })}`;
  return <img class="risk-matrix" src={src} key={src} alt={t('Risk matrix: the number of risks in each cell, inherent and residual side by side')} />;
}

async function loadRiskTab(pid, currentP) {
  const [scales, people, units, cur] = await Promise.all([
    loadScales(),
    all('/api/people'),
    all('/api/units'),
    currentP ? currentP.catch(() => null) : null,
    loadCategories(),
  ]);
  return { scales, people, units, xml: cur?.bpmn || null, elements: mapElements(cur?.bpmn) };
}

/** The process page's Risk tab. */
export function RiskTab({ pid, currentP, canEdit, MapView }) {
  const [base, error] = useLoad(() => loadRiskTab(pid, currentP), [pid]);
  const [filter, setFilter] = useState({ category: '', colour: '', sort: '-value' });
  const [n, setN] = useState(0);
  const [list, listError] = useLoad(
    () => Promise.all([get(`/api/processes/${pid}/risks${query({ ...filter, limit: 500 })}`), get(`/api/processes/${pid}/risk-markers`)]),
    [pid, filter.category, filter.colour, filter.sort, n],
  );
  const [open, setOpen] = useState(null);
  const [creating, setCreating] = useState(false);
  const [viewer, setViewer] = useState(null);
  const [element, setElement] = useState(null);
  const [risks, markers] = list || [{ items: [] }, null];
  useEffect(() => {
    if (viewer && markers) applyRiskMarkers(viewer, markers);
  }, [viewer, markers]);
  // A click on an element of the map shows only its risks.
  useEffect(() => {
    if (!viewer) return undefined;
    const onClick = (e) => {
      const bo = e.element.businessObject;
      if (e.element.type !== 'bpmn:Process' && e.element.type !== 'bpmn:Participant' && e.element.type !== 'bpmn:Lane' && bo?.id)
        setElement({ id: bo.id, name: bo.name || bo.id });
    };
    viewer.get('eventBus').on('element.click', onClick);
    return () => viewer.get('eventBus').off('element.click', onClick);
  }, [viewer]);
  const shown = element ? (risks.items || []).filter((r) => r.element_id === element.id) : risks.items || [];
  if (!base) return <Loading error={error} />;
  const cats = [...new Set([...categoryCodes(), ...(risks.items || []).map((r) => r.category).filter(Boolean)])];
  const changed = () => setN((x) => x + 1);
  return (
    <section id="analysis-risk" data-analysis="risk" class="risk-tab">
      <div class="titlebar">
        <h2>{t('Risk')}</h2>
        {canEdit && !creating && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setCreating(true);
              setOpen(null);
            }}
          >
            {t('New risk')}
          </button>
        )}
      </div>
      {creating && (
        <RiskForm
          key={String(creating)}
          pid={pid}
          scales={base.scales}
          people={base.people}
          units={base.units}
          elements={base.elements}
          element={typeof creating === 'string' ? creating : ''}
          onSaved={(r) => {
            setCreating(false);
            setOpen(r.id);
            changed();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <div class="filters" role="group" aria-label={t('Filter risks')}>
        <Field label={t('Category')} name="f-category" value={filter.category} onInput={(v) => setFilter({ ...filter, category: v })}>
          <option value="">{t('All')}</option>
          {cats.map((c) => (
            <option key={c} value={c}>
              {categoryName(c)}
            </option>
          ))}
        </Field>
        <Field label={t('Colour')} name="f-colour" value={filter.colour} onInput={(v) => setFilter({ ...filter, colour: v })}>
          <option value="">{t('All')}</option>
          {COLOURS.map((c) => (
            <option key={c} value={c}>
              {colourName(c)}
            </option>
          ))}
        </Field>
        <Field label={t('Sort by')} name="f-sort" value={filter.sort} onInput={(v) => setFilter({ ...filter, sort: v })}>
          {SORTS()
            .filter(([k]) => !k.endsWith('process'))
            .map(([k, name]) => (
              <option key={k} value={k}>
                {name}
              </option>
            ))}
        </Field>
      </div>
      {element && (
        <p class="status" role="status" data-testid="element-filter">
          {t('Risks on {name}', { name: element.name })}{' '}
          <button type="button" class="link" onClick={() => setElement(null)}>
            {t('Show all risks')}
          </button>
          {canEdit && (
            <>
              {' '}
              ·{' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  setCreating(element.id);
                  setOpen(null);
                }}
              >
                {t('Add a risk on this element')}
              </button>
            </>
          )}
        </p>
      )}
      {list ? (
        <RiskTable
          risks={shown}
          scales={base.scales}
          onOpen={(r) => {
            setOpen(r.id);
            setCreating(false);
          }}
          selected={open}
          sort={filter.sort}
          onSort={(v) => setFilter({ ...filter, sort: v })}
        />
      ) : (
        <Loading error={listError} />
      )}
      {markers?.orphans?.length > 0 && (
        <p class="muted" data-testid="orphans">
          {t('Orphaned risks (their element is no longer in the current map): {n}', { n: markers.orphans.length })}
        </p>
      )}
      {open && (
        <RiskDetail
          key={open}
          id={open}
          pid={pid}
          scales={base.scales}
          people={base.people}
          units={base.units}
          elements={base.elements}
          canEdit={canEdit}
          onChanged={changed}
          onClose={() => setOpen(null)}
        />
      )}
      <div class="grid2">
        <section aria-labelledby="h-risk-matrix">
          <h3 id="h-risk-matrix">{t('Risk matrix')}</h3>
          <Matrix filter={{ process_id: pid }} version={n} />
        </section>
        <section aria-labelledby="h-risk-map">
          <h3 id="h-risk-map">{t('Risks on the map')}</h3>
          {base.xml ? (
            <MapView xml={base.xml} label={t('Map with risk markers')} height={420} onReady={setViewer} />
          ) : (
            <p class="muted">{t('No approved map yet.')}</p>
          )}
        </section>
      </div>
    </section>
  );
}

/** Risk markers on a viewer of the process's current map (the overview). */
export function showRiskMarkers(viewer, pid) {
  get(`/api/processes/${pid}/risk-markers`).then(
    (m) => applyRiskMarkers(viewer, m),
    () => {},
  );
}

/** The editor's risk panel: the risks of the selected element, and a new one on it. */
export function EditorRiskPanel({ pid, el }) {
  const [base] = useLoad(
    () =>
      loadRiskTab(
        pid,
        get(`/api/processes/${pid}`).then((p) => (p.current?.as_is ? get(`/api/processes/${pid}/maps/${p.current.as_is.id}`) : null)),
      ),
    [pid],
  );
  const [n, setN] = useState(0);
  const [list] = useLoad(() => get(`/api/processes/${pid}/risks?limit=500`), [pid, n]);
  const [adding, setAdding] = useState(false);
  if (!el || !base || !list) return null;
  const mine = list.items.filter((r) => r.element_id === el.id);
  const inMap = base.elements.some((x) => x.id === el.id);
  return (
    <section class="editor-risks" aria-labelledby="h-editor-risks">
      <h3 id="h-editor-risks">{t('Risks on this element')}</h3>
      {mine.length ? (
        <ul>
          {mine.map((r) => (
            <li key={r.id}>
              <Score s={r.inherent} scales={base.scales} /> <a href={`#/process/${pid}/risk`}>{r.title}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('No risks on this element.')}</p>
      )}
      {!inMap && <p class="muted">{t('Risks attach to elements of the current approved map; this element is not in it yet.')}</p>}
      {adding ? (
        <RiskForm
          key={el.id}
          pid={pid}
          scales={base.scales}
          people={base.people}
          units={base.units}
          elements={base.elements}
          fixedElement={el.id}
          onSaved={() => {
            setAdding(false);
            setN((x) => x + 1);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('Add a risk on this element')}
        </button>
      )}
    </section>
  );
}
