// The workshop pieces of a mapping assignment's page (issue 11 §4):
// workshops added, edited and removed on the assignment (participants as
// free-text names, N votes each), and a facilitator's dot count per idea from
// a workshop wall.
import { useState } from 'preact/hooks';
import { del, patch, post } from '../api.js';
import { t } from '../i18n.js';
import { Field, FormError, fmtDate } from '../common.jsx';

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
