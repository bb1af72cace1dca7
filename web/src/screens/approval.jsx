// Approval: the proposed version beside the current one, added / removed /
// changed elements highlighted (GET .../maps/compare), specification changes
// listed, approve or reject with a comment.
import { useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { A, Field, FormError, Loading, fmtDate, go, nameOf, useLoad } from '../common.jsx';
import { mark, preloadViewer } from '../bpmn.js';
import { MapView, stateName, SPEC_FIELDS, specText, Findings } from '../parts.jsx';

/* Pools and lanes are not coloured: their fill would hide the steps inside. */
const shapeOnly = (e) => e.type !== 'participant' && e.type !== 'lane';

async function load(pid, vid) {
  preloadViewer();
  const p = await get(`/api/processes/${pid}`);
  const proposed = await get(`/api/processes/${pid}/maps/${vid}`);
  const curId = p.current?.[proposed.variant]?.id;
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
  const changed = diff ? [...new Set([...diff.renamed, ...diff.moved, ...diff.times].map((x) => x.id))] : [];
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
      {proposed.approvals
        ?.filter((a) => a.comment)
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
                {t('Added')}: {e.name || e.id}
              </li>
            ))}
            {diff.removed.map((e) => (
              <li key={`r${e.id}`} class="removed">
                {t('Removed')}: {e.name || e.id}
              </li>
            ))}
            {diff.renamed.map((e) => (
              <li key={`n${e.id}`}>
                {t('Renamed')}: {e.from} → {e.to}
              </li>
            ))}
            {diff.moved.map((e) => (
              <li key={`m${e.id}`}>
                {t('Moved')}: {e.name} ({e.from_lane} → {e.to_lane})
              </li>
            ))}
            {diff.times.map((e, i) => (
              <li key={`t${i}`}>
                {t('Time changed')}: {e.name} ({e.field})
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
      {proposed.state === 'submitted' && (
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
