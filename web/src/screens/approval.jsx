// Approval: the proposed version beside the current one, added / removed /
// changed elements highlighted (GET .../maps/compare), every change listed
// with its old and new value (names in the reader's language, times, RACI,
// lanes, %C&A, specification fields), who submitted it and their change note,
// and approve or reject with a comment, offered only to whoever may decide
// (the server's may_decide).
import { useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { formatDuration } from '../duration.js';
import { A, Field, FormError, Loading, fmtDate, go, nameOf, useLoad } from '../common.jsx';
import { mark, preloadViewer } from '../bpmn.js';
import { MapView, stateName, SPEC_FIELDS, specText, Findings } from '../parts.jsx';

/* An element's name in the reader's language: its translation, else its name attribute. */
const label = (names, name) => names?.[getLang()] || name || nameOf(names) || '';

/* Seconds as people read a duration ("3 dagar"); "—" when unset. */
function secText(s) {
  if (s == null) return '—';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${sec ? `${sec}S` : ''}`;
  const iso = `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  return formatDuration(iso === 'P' ? 'PT0S' : iso, getLang()) || `${s} s`;
}

const raciText = (list) => (list?.length ? list.map((r) => `${r.value} ${r.role || ''}`.trim()).join(', ') : '—');

function propText(field, v) {
  if (v == null) return '—';
  if (field === 'value_adding') return v ? t('yes') : t('no');
  return `${String(v).replace('.', getLang() === 'en' ? '.' : ',')} %`;
}

const FIELD = { process_time: 'Process time', wait_time: 'Wait time', cna_percent: '%C&A', value_adding: 'Value adding' };

/* The last submission of the version: who, when and their change note. */
function Submitted({ approvals }) {
  const s = [...(approvals || [])].reverse().find((a) => a.action === 'submit');
  if (!s) return null;
  return (
    <section class="submitted" aria-labelledby="h-note">
      <p class="meta">{t('Submitted by {name} {date}', { name: s.actor_name || s.actor || '—', date: fmtDate(s.at) })}</p>
      <h2 id="h-note">{t('Change note')}</h2>
      {s.comment ? <blockquote class="note">{s.comment}</blockquote> : <p class="muted">{t('No change note was given.')}</p>}
    </section>
  );
}

/* Pools and lanes are not coloured: their fill would hide the steps inside. */
const shapeOnly = (e) => e.type !== 'participant' && e.type !== 'lane';

async function load(pid, vid) {
  preloadViewer();
  const p = await get(`/api/processes/${pid}`);
  const proposed = await get(`/api/processes/${pid}/maps/${vid}`);
  let curId = p.current?.[proposed.variant]?.id;
  // An approved version (a read confirmation links here): compared with the one it superseded.
  if (curId === vid)
    curId = (await get(`/api/processes/${pid}/maps?variant=${proposed.variant}&limit=100`)).items
      .filter((v) => v.state === 'superseded' && v.number < proposed.number)
      .sort((a, b) => b.number - a.number)[0]?.id;
  const current = curId && curId !== vid ? await get(`/api/processes/${pid}/maps/${curId}`) : null;
  const diff = current ? await get(`/api/processes/${pid}/maps/compare?from=${curId}&to=${vid}`) : null;
  return { p, proposed, current, diff };
}

export function Approval({ pid, vid }) {
  const [d, error] = useLoad(() => load(pid, vid), [pid, vid]);
  const [comment, setComment] = useState('');
  const [err, setErr] = useState(null);
  if (!d) return <Loading error={error} />;
  const { p, proposed, current, diff } = d;
  const changed = diff ? [...new Set([...diff.renamed, ...diff.moved, ...diff.times, ...(diff.raci || []), ...(diff.properties || [])].map((x) => x.id))] : [];
  const decide = async (action) => {
    setErr(null);
    try {
      await post(`/api/processes/${pid}/maps/${vid}/${action}`, comment ? { comment } : {});
      go(`/process/${pid}`);
    } catch (e) {
      setErr(e);
    }
  };
  const specLabel = (k) => {
    const f = SPEC_FIELDS.find(([key]) => key === k);
    return f ? t(f[1]) : k;
  };
  return (
    <div class="approval">
      <h1>
        {t('Approve changes')}: <A to={`/process/${pid}`}>{nameOf(p.name)}</A>
      </h1>
      <p class="meta">
        {t('version {n}, {state}', { n: proposed.number, state: stateName(proposed.state) })} · {fmtDate(proposed.submitted_at)}
      </p>
      <Submitted approvals={proposed.approvals} />
      {proposed.approvals
        ?.filter((a) => a.comment && a.action !== 'submit')
        .map((a, i) => (
          <blockquote key={i}>
            <strong>{a.actor_name || a.actor}</strong>: {a.comment}
          </blockquote>
        ))}
      <div class="legend" aria-label={t('Legend')}>
        <span class="diff-added">{t('Added')}</span> <span class="diff-changed">{t('Changed')}</span> <span class="diff-removed">{t('Removed')}</span>
      </div>
      <div class="side-by-side">
        <section aria-labelledby="h-current">
          <h2 id="h-current">{current ? t('Current (version {n})', { n: current.number }) : t('No current version')}</h2>
          {current && (
            <MapView
              xml={current.bpmn}
              height={420}
              label={t('Current map')}
              onReady={(v) =>
                diff.removed.filter(shapeOnly).forEach((e) => mark(v, e.id, 'diff-removed')) || changed.forEach((id) => mark(v, id, 'diff-changed'))
              }
            />
          )}
        </section>
        <section aria-labelledby="h-proposed">
          <h2 id="h-proposed">{t('Proposed (version {n})', { n: proposed.number })}</h2>
          <MapView
            xml={proposed.bpmn}
            height={420}
            label={t('Proposed map')}
            onReady={(v) => {
              if (diff) {
                diff.added.filter(shapeOnly).forEach((e) => mark(v, e.id, 'diff-added'));
                changed.forEach((id) => mark(v, id, 'diff-changed'));
              }
              window.__kartla.diffReady = true;
            }}
          />
        </section>
      </div>
      {diff && (
        <section aria-labelledby="h-changes">
          <h2 id="h-changes">{t('Changes')}</h2>
          <ul class="changes">
            {diff.added.map((e) => (
              <li key={`a${e.id}`} class="added">
                {t('Added')}: {label(e.names, e.name) || e.id}
              </li>
            ))}
            {diff.removed.map((e) => (
              <li key={`r${e.id}`} class="removed">
                {t('Removed')}: {label(e.names, e.name) || e.id}
              </li>
            ))}
            {diff.renamed.map((e) => (
              <li key={`n${e.id}`}>
                {t('Renamed')}: {label(e.from_names, e.from) || '—'} → {label(e.to_names, e.to) || '—'}
              </li>
            ))}
            {diff.moved.map((e) => (
              <li key={`m${e.id}`}>
                {t('Moved')}: {label(e.names, e.name)} ({label(e.from_lane_names, e.from_lane) || t('(no lane)')} →{' '}
                {label(e.to_lane_names, e.to_lane) || t('(no lane)')})
              </li>
            ))}
            {diff.times.map((e, i) => (
              <li key={`t${i}`}>
                {t('Time changed')}: {label(e.names, e.name)} — {t(FIELD[e.field] || e.field)}: {secText(e.from)} → {secText(e.to)}
              </li>
            ))}
            {(diff.raci || []).map((e, i) => (
              <li key={`c${i}`}>
                {t('RACI changed')}: {label(e.names, e.name)} — {raciText(e.from)} → {raciText(e.to)}
              </li>
            ))}
            {(diff.properties || []).map((e, i) => (
              <li key={`p${i}`}>
                {t('Changed')}: {label(e.names, e.name)} — {t(FIELD[e.field] || e.field)}: {propText(e.field, e.from)} → {propText(e.field, e.to)}
              </li>
            ))}
          </ul>
          <h3>{t('Specification changes')}</h3>
          {diff.specification.length ? (
            <ul>
              {diff.specification.map((s, i) => (
                <li key={i}>
                  <strong>{specLabel(s.field)}</strong>: {s.from == null ? '—' : specText(s.from)} → {s.to == null ? '—' : specText(s.to)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('The specification is unchanged.')}</p>
          )}
        </section>
      )}
      <section aria-labelledby="h-pfindings">
        <h2 id="h-pfindings">{t('Check findings')}</h2>
        {proposed.findings?.length ? <Findings findings={proposed.findings} /> : <p class="muted">{t('No findings.')}</p>}
      </section>
      {proposed.state === 'submitted' && !proposed.may_decide && (
        <p class="muted" role="note">
          {t('Only the process owner approves or rejects this version; you submitted it or hold no owner role.')}
        </p>
      )}
      {proposed.state === 'submitted' && proposed.may_decide && (
        <form class="panel" onSubmit={(e) => e.preventDefault()} aria-label={t('Decision')}>
          <Field label={t('Comment (required when rejecting)')} name="comment" textarea value={comment} onInput={setComment} error={err} />
          <FormError error={err} fields={['comment']} />
          <button type="button" class="primary" onClick={() => decide('approve')}>
            {t('Approve')}
          </button>{' '}
          <button type="button" onClick={() => decide('reject')}>
            {t('Reject')}
          </button>
        </form>
      )}
    </div>
  );
}
