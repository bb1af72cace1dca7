// The activity plan of a mapping assignment (issue 11 §4): items with an
// improvement, a responsible person from the register, a due date and a
// status (planned, ongoing, done, dropped); add, edit, remove; a print view
// (@media print in workshops.css) and a CSV export in the reader's language.
import { useState } from 'preact/hooks';
import { all, del, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { A, Field, FormError, Loading, download, fmtDate, useLoad } from '../common.jsx';

export const planStatus = (s) => ({ planned: t('Planned'), ongoing: t('Ongoing'), done: t('Done'), dropped: t('Dropped') })[s] || s;
const STATUSES = ['planned', 'ongoing', 'done', 'dropped'];
const emptyItem = { improvement: '', responsible_id: '', due_date: '', status: 'planned' };

function PlanRow({ item, people, reload }) {
  const [f, setF] = useState(null);
  const [err, setErr] = useState(null);
  const person = people.find((p) => p.id === item.responsible_id);
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      await patch(`/api/plan-items/${item.id}`, {
        improvement: f.improvement,
        responsible_id: f.responsible_id ? Number(f.responsible_id) : null,
        due_date: f.due_date || null,
        status: f.status,
      });
      setF(null);
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  const remove = async () => {
    if (!confirm(t('Remove “{x}” from the activity plan?', { x: item.improvement }))) return;
    try {
      await del(`/api/plan-items/${item.id}`);
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  if (f)
    return (
      <tr>
        <td colSpan={5}>
          <PlanForm f={f} setF={setF} people={people} err={err} onSubmit={save} onCancel={() => setF(null)} />
        </td>
      </tr>
    );
  return (
    <tr>
      <td>{item.improvement}</td>
      <td>{person?.name || ''}</td>
      <td>{fmtDate(item.due_date)}</td>
      <td>{planStatus(item.status)}</td>
      <td class="no-print">
        <button type="button" onClick={() => setF(Object.fromEntries(Object.keys(emptyItem).map((k) => [k, item[k] ?? ''])))}>
          {t('Edit')}
          <span class="sr-only"> {item.improvement}</span>
        </button>{' '}
        <button type="button" onClick={remove}>
          {t('Remove')}
          <span class="sr-only"> {item.improvement}</span>
        </button>
        <FormError error={err} />
      </td>
    </tr>
  );
}

function PlanForm({ f, setF, people, err, onSubmit, onCancel }) {
  const set = (k) => (v) => setF({ ...f, [k]: v });
  return (
    <form class="panel" onSubmit={onSubmit} aria-label={t('Activity-plan item')}>
      <div class="form-grid">
        <Field label={t('Improvement')} name="improvement" value={f.improvement} onInput={set('improvement')} error={err} textarea rows={2} required />
        <Field label={t('Responsible')} name="responsible_id" value={f.responsible_id} onInput={set('responsible_id')} error={err}>
          <option value="">–</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Field>
        <Field label={t('Due')} name="due_date" type="date" value={f.due_date} onInput={set('due_date')} error={err} />
        <Field label={t('Status')} name="status" value={f.status} onInput={set('status')} error={err}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {planStatus(s)}
            </option>
          ))}
        </Field>
      </div>
      <FormError error={err} fields={Object.keys(emptyItem)} />
      <button type="submit" class="primary">
        {t('Save')}
      </button>{' '}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('Cancel')}
        </button>
      )}
    </form>
  );
}

/** The activity plan of assignment `id`: items, add/edit/remove, print, CSV. */
export function ActivityPlan({ id }) {
  const [d, error, reload] = useLoad(async () => {
    const [a, items, people] = await Promise.all([get(`/api/assignments/${id}`), all(`/api/assignments/${id}/plan-items`), all('/api/people')]);
    return { a, items, people };
  }, [id]);
  const [f, setF] = useState(null);
  const [err, setErr] = useState(null);
  if (!d) return <Loading error={error} />;
  const add = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      await post(`/api/assignments/${id}/plan-items`, {
        improvement: f.improvement,
        ...(f.responsible_id ? { responsible_id: Number(f.responsible_id) } : {}),
        ...(f.due_date ? { due_date: f.due_date } : {}),
        status: f.status,
      });
      setF(null);
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  const csv = async () => {
    const res = await fetch(`/api/assignments/${id}/plan.csv?lang=${getLang()}`, { credentials: 'same-origin' });
    if (res.ok) download(`${t('activity-plan')}-${id}.csv`, await res.blob(), 'text/csv');
  };
  return (
    <div class="activity-plan">
      <p class="no-print">
        <A to={`/assignments/${id}`}>← {d.a.title}</A>
      </p>
      <h1>
        {t('Activity plan')}: {d.a.title}
      </h1>
      <p class="no-print">
        <button type="button" onClick={() => setF(f ? null : { ...emptyItem })} aria-expanded={f ? 'true' : 'false'}>
          {t('Add item')}
        </button>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('Print')}
        </button>{' '}
        <button type="button" onClick={csv}>
          {t('Export as CSV')}
        </button>
      </p>
      {f && <PlanForm f={f} setF={setF} people={d.people} err={err} onSubmit={add} onCancel={() => setF(null)} />}
      {d.items.length === 0 ? (
        <p class="muted">{t('The activity plan has no items yet.')}</p>
      ) : (
        <table class="plan">
          <thead>
            <tr>
              <th>{t('Improvement')}</th>
              <th>{t('Responsible')}</th>
              <th>{t('Due')}</th>
              <th>{t('Status')}</th>
              <th class="no-print">
                <span class="sr-only">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((i) => (
              <PlanRow key={i.id} item={i} people={d.people} reload={reload} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
