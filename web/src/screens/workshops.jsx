// The workshop loop of a mapping assignment (issue 11 §4): workshops added,
// edited and removed on the assignment (participants as free-text names, N
// votes each), a facilitator's dot count per idea from a workshop wall, and
// the activity plan (improvement, responsible person from the register, due
// date, status) with a print view and a CSV export.
import { useState } from 'preact/hooks';
import { all, del, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { A, Field, FormError, Loading, download, fmtDate, useLoad } from '../common.jsx';

const blank = { title: '', held_on: '', place: '', participants: '', votes_per_participant: '' };

/** The workshop fields as the API takes them (empty: null). */
function workshopBody(f) {
  const n = String(f.votes_per_participant).trim();
  return {
    title: f.title,
    held_on: f.held_on || null,
    place: f.place || null,
    participants: f.participants || null,
    votes_per_participant: n === '' ? null : Number(n),
  };
}

function WorkshopForm({ init, onSave, onCancel }) {
  const [f, setF] = useState(init);
  const [err, setErr] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      await onSave(workshopBody(f));
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form class="panel" onSubmit={save} aria-label={t('Workshop')}>
      <div class="form-grid">
        <Field label={t('Title')} name="title" value={f.title} onInput={set('title')} error={err} required />
        <Field label={t('Date')} name="held_on" type="date" value={f.held_on} onInput={set('held_on')} error={err} />
        <Field label={t('Place')} name="place" value={f.place} onInput={set('place')} error={err} />
        <Field label={t('Participants (names)')} name="participants" value={f.participants} onInput={set('participants')} error={err} textarea rows={2} />
        <Field
          label={t('Votes per participant')}
          name="votes_per_participant"
          type="number"
          min="1"
          max="100"
          value={f.votes_per_participant}
          onInput={set('votes_per_participant')}
          error={err}
        />
      </div>
      <FormError error={err} fields={Object.keys(blank)} />
      <button type="submit" class="primary">
        {t('Save')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('Cancel')}
      </button>
    </form>
  );
}

/** The assignment's workshops: list, add, edit, remove. */
export function Workshops({ id, workshops, reload }) {
  const [editing, setEditing] = useState(null); // 'new' or a workshop id
  const [err, setErr] = useState(null);
  const done = () => {
    setEditing(null);
    reload();
  };
  const remove = async (w) => {
    if (!confirm(t('Remove the workshop “{x}”?', { x: w.title }))) return;
    setErr(null);
    try {
      await del(`/api/workshops/${w.id}`);
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section class="card" aria-labelledby="h-workshops">
      <div class="titlebar">
        <h2 id="h-workshops">{t('Workshops')}</h2>
        <button type="button" onClick={() => setEditing('new')} aria-expanded={editing === 'new' ? 'true' : 'false'}>
          {t('Add workshop')}
        </button>
      </div>
      {editing === 'new' && (
        <WorkshopForm init={blank} onCancel={() => setEditing(null)} onSave={async (b) => (await post(`/api/assignments/${id}/workshops`, b), done())} />
      )}
      <FormError error={err} />
      <ul class="workshops">
        {workshops.map((w) =>
          editing === w.id ? (
            <li key={w.id}>
              <WorkshopForm
                init={Object.fromEntries(Object.keys(blank).map((k) => [k, w[k] ?? '']))}
                onCancel={() => setEditing(null)}
                onSave={async (b) => (await patch(`/api/workshops/${w.id}`, b), done())}
              />
            </li>
          ) : (
            <li key={w.id}>
              <strong>{w.title}</strong> · {fmtDate(w.held_on)} {w.place ? `· ${w.place}` : ''}
              {w.votes_per_participant ? ` · ${t('{n} votes per participant', { n: w.votes_per_participant })}` : ''}
              {w.participants && <div class="muted">{t('Participants: {p}', { p: w.participants })}</div>}
              {w.notes && <div class="muted">{w.notes}</div>}
              <button type="button" onClick={() => setEditing(w.id)}>
                {t('Edit')}
                <span class="sr-only"> {w.title}</span>
              </button>{' '}
              <button type="button" onClick={() => remove(w)}>
                {t('Remove')}
                <span class="sr-only"> {w.title}</span>
              </button>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/** A facilitator's dot count for idea `idea` from workshop `workshops`' wall. */
export function DotsInput({ idea, workshops, act }) {
  const [ws, setWs] = useState(idea.workshop_id || workshops[0]?.id || '');
  const [n, setN] = useState('');
  if (!workshops.length) return null;
  const save = (e) => {
    e.preventDefault();
    act(async () => {
      await post(`/api/ideas/${idea.id}/dots`, { workshop_id: Number(ws), dots: Number(n) });
      setN('');
    });
  };
  return (
    <form class="dots" onSubmit={save} aria-label={t('Dots for “{x}”', { x: idea.text })}>
      {workshops.length > 1 && (
        <select aria-label={t('Workshop')} value={ws} onChange={(e) => setWs(e.currentTarget.value)}>
          {workshops.map((w) => (
            <option key={w.id} value={w.id}>
              {w.title}
            </option>
          ))}
        </select>
      )}
      <input
        class="small"
        type="number"
        min="0"
        required
        value={n}
        onInput={(e) => setN(e.currentTarget.value)}
        aria-label={t('Dots from the wall for “{x}”', { x: idea.text })}
      />
      <button type="submit">{t('Record dots')}</button>
    </form>
  );
}

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
