// The log and the map (issue 14 §3): a chosen map version, the mapping of
// log activities to map elements (corrected with a select, stored with the
// process through PUT log-mapping), the conformance of the cases with the
// map, and measured beside estimated: the viewer with each activity's
// measured wait and service time against its estimate and the measured waits
// coloured, the same as a table, and "propose estimates from measurements"
// (a new draft version) for those who may edit maps; the lead time from the
// measurements (GET /api/logs/{id}/leadtime) with the lead-time tab's own
// timeline and critical path beside the estimate-based expected lead time, the
// critical path marked on the map.
import { useEffect, useState } from 'preact/hooks';
import { get, post, put } from '../api.js';
import { getLang, t } from '../i18n.js';
import { A, Loading, useLoad } from '../common.jsx';
import { applyMeasured, dur, int, mapActivities, share, shortSequence } from '../analysis/eventlog.js';
import { applyCriticalPath, days } from '../analysis/leadtime.js';
import { CriticalPath, Ladder } from './leadtime.jsx';

const stateWord = (s) =>
  ({ approved: t('approved'), draft: t('draft'), submitted: t('submitted'), rejected: t('rejected'), superseded: t('superseded') })[s] || s;
const versionLabel = (v) => `${v.variant === 'to_be' ? t('To-be') : t('As-is')} ${v.number} (${stateWord(v.state)})`;
const kindName = (k, replay) =>
  (replay
    ? { skipped: t('skipped (done without the step before it)'), out_of_order: t('done out of order') }
    : { skipped: t('skipped steps'), out_of_order: t('out of order'), not_allowed: t('not allowed by the map'), incomplete: t('ends too early') })[k] || k;
const howName = (h) => {
  if (!h) return '';
  if (h === 'name') return t('by name');
  if (h === 'user') return t('chosen by hand');
  const m = /^translation:(\w+)$/.exec(h);
  if (!m) return h;
  return (
    { nb: t('by the Norwegian name'), sv: t('by the Swedish name'), en: t('by the English name') }[m[1]] || t('by the translation ({lang})', { lang: m[1] })
  );
};
const stepName = (s) => (s === '(start)' ? t('(start)') : s === '(end)' ? t('(end)') : s);

/** The mapping table: each log activity with its element, a select to correct it. */
function Mapping({ pid, conf, elements, activities, canEdit, stored, onSaved }) {
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(null);
  const byAct = new Map((conf.mapping || []).map((m) => [m.activity, m]));
  const names = new Map(elements.map((e) => [e.id, e.name || e.id]));
  const save = async (act, id) => {
    setErr(null);
    setBusy(act);
    try {
      await put(`/api/processes/${pid}/log-mapping`, { mapping: { ...stored, [act]: id || null } });
      onSaved();
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="h-mapping">
      <h4 id="h-mapping">{t('Log activities and map elements')}</h4>
      <p class="muted">
        {t('Matched by name (in any language of the map); choose another element where the match is wrong. The choice is kept with the process.')}
      </p>
      {err && (
        <p class="error" role="alert">
          {err.message}
        </p>
      )}
      <table class="mapping">
        <thead>
          <tr>
            <th scope="col">{t('Log activity')}</th>
            <th scope="col">{t('Map element')}</th>
            <th scope="col">{t('Matched')}</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((a, i) => {
            const m = byAct.get(a.activity);
            return (
              <tr key={a.activity} data-activity={a.activity}>
                <th scope="row">
                  <label for={`map-${i}`}>{a.activity}</label>
                </th>
                <td>
                  {canEdit ? (
                    <select
                      id={`map-${i}`}
                      value={m?.element_id || ''}
                      disabled={busy === a.activity}
                      onChange={(e) => save(a.activity, e.currentTarget.value)}
                    >
                      <option value="">{t('(not on the map)')}</option>
                      {elements.map((el) => (
                        <option key={el.id} value={el.id}>
                          {el.name ? `${el.name} (${el.id})` : el.id}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span id={`map-${i}`}>{m ? names.get(m.element_id) || m.element_name || m.element_id : t('(not on the map)')}</span>
                  )}
                </td>
                <td>{m ? howName(m.matched_by) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {conf.unused_elements?.length > 0 && (
        <p class="muted" data-testid="unused-elements">
          {t('Map activities no log activity matched: {list}', { list: conf.unused_elements.map((u) => names.get(u.id) || u.name || u.id).join(', ') })}
        </p>
      )}
    </section>
  );
}

function Conformance({ conf, names }) {
  return (
    <section aria-labelledby="h-conformance">
      <h4 id="h-conformance">{t('Do the cases follow the map?')}</h4>
      <dl class="figures">
        <div data-conf="fitness">
          <dt>{t('Fitness')}</dt>
          <dd>{share(conf.fitness)}</dd>
        </div>
        <div data-conf="fitting">
          <dt>{t('Cases that follow the map')}</dt>
          <dd>
            {t('{n} of {m}', { n: int(conf.cases_fitting), m: int(conf.cases) })} ({share(conf.share_fitting, 0)})
          </dd>
        </div>
        <div data-conf="mean">
          <dt>{t('Mean fitness per case')}</dt>
          <dd>{share(conf.mean_case_fitness)}</dd>
        </div>
      </dl>
      <p class="muted">
        {conf.method === 'token_replay'
          ? t(
              'Fitness by token replay: each case is played on the map; fitness weighs the tokens that were missing or left over ({missing} missing and {remaining} remaining of {produced} produced).',
              {
                missing: int(conf.missing),
                remaining: int(conf.remaining),
                produced: int(conf.produced),
              },
            )
          : t('Fitness: the share of the steps from one activity to the next that the map allows (a directly-follows check, not token replay).')}
      </p>
      {conf.deviations?.length > 0 &&
        (conf.method === 'token_replay' ? (
          <table class="deviations">
            <caption>{t('Where the cases leave the map')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Activity')}</th>
                <th scope="col">{t('Kind')}</th>
                <th scope="col">{t('Times')}</th>
              </tr>
            </thead>
            <tbody>
              {conf.deviations.map((d, i) => (
                <tr key={i} data-kind={d.kind} data-activity={d.activity}>
                  <td>
                    {d.activity}
                    {names.get(d.element_id) && names.get(d.element_id) !== d.activity ? <span class="muted"> ({names.get(d.element_id)})</span> : null}
                  </td>
                  <td>{kindName(d.kind, true)}</td>
                  <td>{int(d.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table class="deviations">
            <caption>{t('Where the cases leave the map')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('From')}</th>
                <th scope="col">{t('To')}</th>
                <th scope="col">{t('Kind')}</th>
                <th scope="col">{t('Cases')}</th>
                <th scope="col">{t('Times')}</th>
              </tr>
            </thead>
            <tbody>
              {conf.deviations.map((d, i) => (
                <tr key={i} data-kind={d.kind}>
                  <td>{stepName(d.from)}</td>
                  <td>{stepName(d.to)}</td>
                  <td>
                    {kindName(d.kind)}
                    {d.skipped ? `: ${d.skipped}` : ''}
                  </td>
                  <td>{int(d.cases)}</td>
                  <td>{int(d.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {conf.deviating_variants?.length > 0 && (
        <table class="deviating-variants">
          <caption>{t('Variants that leave the map')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Cases')}</th>
              <th scope="col">{t('Fitness')}</th>
              <th scope="col">{t('Sequence of activities')}</th>
            </tr>
          </thead>
          <tbody>
            {conf.deviating_variants.slice(0, 15).map((v, i) => (
              <tr key={i}>
                <td>{int(v.count)}</td>
                <td>{share(v.fitness)}</td>
                <td class="sequence" title={v.activities.join(' → ')}>
                  {shortSequence(v.activities)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {conf.unmapped_activities?.length > 0 && (
        <p class="muted" data-testid="unmapped">
          {t('Log activities not on the map (not checked): {list}', { list: conf.unmapped_activities.join(', ') })}
        </p>
      )}
    </section>
  );
}

const est = (e, basis) => (e ? (e.min_s != null ? `${dur(e.min_s, basis)} – ${dur(e.max_s, basis)}` : dur(e.most_likely_s, basis)) : '–');
const proposal = (m, basis) =>
  m?.proposal ? `${dur(m.proposal.min_s, basis)} / ${dur(m.proposal.most_likely_s, basis)} / ${dur(m.proposal.max_s, basis)}` : '–';

function Beside({ rows, names, basis }) {
  return (
    <table class="beside">
      <caption>{t('Measured and estimated per activity')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('Activity')}</th>
          <th scope="col">{t('Instances')}</th>
          <th scope="col">{t('Waiting, measured (median)')}</th>
          <th scope="col">{t('Waiting, estimated')}</th>
          <th scope="col">{t('Service, measured (median)')}</th>
          <th scope="col">{t('Process time, estimated')}</th>
          <th scope="col">{t('Proposal (P10 / median / P90)')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.activity} data-element={r.element_id}>
            <th scope="row">
              {r.activity}
              {names.get(r.element_id) && names.get(r.element_id) !== r.activity ? <span class="muted"> ({names.get(r.element_id)})</span> : null}
            </th>
            <td>{int(r.instances)}</td>
            <td>{r.measured_wait?.n ? dur(r.measured_wait.median_s, basis) : '–'}</td>
            <td>{est(r.estimated_wait_time, basis)}</td>
            <td>{r.measured_service?.n ? dur(r.measured_service.median_s, basis) : '–'}</td>
            <td>{est(r.estimated_process_time, basis)}</td>
            <td>
              {r.measured_wait?.proposal && (
                <div>
                  {t('Waiting')}: {proposal(r.measured_wait, basis)}
                </div>
              )}
              {r.measured_service?.proposal && (
                <div>
                  {t('Service')}: {proposal(r.measured_service, basis)}
                </div>
              )}
              {!r.measured_wait?.proposal && !r.measured_service?.proposal && '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Propose({ pid, logId, number, basis }) {
  const [busy, setBusy] = useState(false);
  const [v, setV] = useState(null);
  const [err, setErr] = useState(null);
  const go = async () => {
    setBusy(true);
    setErr(null);
    try {
      const r = await post(`/api/logs/${logId}/proposal?version=${number}&basis=${basis}`, {});
      // The answer names the new version's number; its id comes from the list of versions.
      const list = await get(`/api/processes/${pid}/maps?limit=100`);
      setV(list.items.find((x) => x.number === r.version) || { number: r.version });
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="propose">
      <button type="button" class="primary" onClick={go} disabled={busy}>
        {t('Propose estimates from measurements')}
      </button>{' '}
      <span class="muted">{t('A new draft version with P10 / median / P90 as min / most likely / max, for the owner to approve.')}</span>
      {err && (
        <p class="error" role="alert">
          {err.message}
        </p>
      )}
      {v && (
        <p class="ok" role="status">
          {t('Draft version {n} was created.', { n: v.number })}{' '}
          {v.id && (
            <A to={`/process/${pid}/edit/${v.id}`} data-testid="proposal-link">
              {t('Open the draft')}
            </A>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * The lead time from the measurements: the lead-time analysis of the map
 * version with the measured times (GET /api/logs/{id}/leadtime) beside the
 * estimate-based one (same basis, same defaults), the lead-time tab's
 * timeline and critical path, and the critical path marked on the map.
 */
function MeasuredLeadTime({ pid, logId, vid, number, basis, n, viewer }) {
  const [d, error] = useLoad(
    () =>
      Promise.all([
        get(`/api/logs/${logId}/leadtime?version=${number}&basis=${basis}`),
        get(`/api/processes/${pid}/maps/${vid}/leadtime?basis=${basis}`).catch(() => null),
      ]),
    [logId, vid, basis, n],
  );
  const m = d?.[0];
  useEffect(() => {
    if (viewer && m) window.__kartla.measuredCritical = applyCriticalPath(viewer, m);
  }, [viewer, m]);
  return (
    <section aria-labelledby="h-measured-lt" class="measured-leadtime">
      <h4 id="h-measured-lt">{t('Lead time from measurements')}</h4>
      {!d ? (
        <Loading error={error} />
      ) : (
        <>
          <dl class="figures">
            <div data-figure="measured-lead">
              <dt>{t('Expected lead time, measured')}</dt>
              <dd>{days(m.leadTime)}</dd>
            </div>
            <div data-figure="estimated-lead">
              <dt>{t('Expected lead time, estimated')}</dt>
              <dd>{d[1] ? days(d[1].leadTime) : '–'}</dd>
            </div>
          </dl>
          <p class="muted">
            {t(
              'Analysed as on the lead-time tab, with the measured median as most likely and P10 / P90 as min / max where the log measures them ({n} activities), the estimates on the map elsewhere. The critical path has a dark-blue outline on the map.',
              { n: int(m.estimated_activities) },
            )}
          </p>
          <h5>{t('Timeline')}</h5>
          <Ladder a={m} />
          <h5>{t('Critical path')}</h5>
          <CriticalPath a={m} testid="measured-critical-path" />
        </>
      )}
    </section>
  );
}

/** The log against a map version. */
export function LogAndMap({ pid, logId, p, versions, canEdit, basis, activities, MapView }) {
  const cur = p.current?.as_is?.id || versions.find((v) => v.state === 'approved')?.id || versions[0]?.id || null;
  const [vid, setVid] = useState(cur);
  const numberOf = (id) => versions.find((v) => v.id === id)?.number;
  const [n, setN] = useState(0);
  const [d, error] = useLoad(
    () =>
      vid
        ? Promise.all([
            get(`/api/logs/${logId}/conformance?version=${numberOf(vid)}&basis=${basis}`),
            get(`/api/processes/${pid}/maps/${vid}`),
            get(`/api/processes/${pid}/log-mapping`),
          ])
        : Promise.resolve(null),
    [logId, vid, basis, n],
  );
  const [viewer, setViewer] = useState(null);
  const rows = d ? d[0].measured_vs_estimated || [] : [];
  useEffect(() => {
    if (viewer && d) window.__kartla.measuredColours = applyMeasured(viewer, rows, basis);
  }, [viewer, d]);
  if (!vid) {
    return (
      <section aria-labelledby="h-logmap">
        <h3 id="h-logmap">{t('The log and the map')}</h3>
        <p class="muted">{t('No map yet.')}</p>
      </section>
    );
  }
  const elements = d ? mapActivities(d[1].bpmn, getLang()) : [];
  const names = new Map(elements.map((e) => [e.id, e.name]));
  return (
    <section aria-labelledby="h-logmap" class="log-map">
      <h3 id="h-logmap">{t('The log and the map')}</h3>
      <div class="filters">
        <label>
          {t('Map version')}{' '}
          <select name="m-version" value={String(vid)} onChange={(e) => setVid(Number(e.currentTarget.value))}>
            {versions.map((v) => (
              <option key={v.id} value={String(v.id)}>
                {versionLabel(v)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!d ? (
        <Loading error={error} />
      ) : (
        <>
          <Mapping
            pid={pid}
            conf={d[0]}
            elements={elements}
            activities={activities}
            canEdit={canEdit}
            stored={d[2].mapping || {}}
            onSaved={() => setN((x) => x + 1)}
          />
          <Conformance conf={d[0]} names={names} />
          <section aria-labelledby="h-beside">
            <h4 id="h-beside">{t('Measured beside estimated')}</h4>
            <p class="legend">
              {t('On the map: W waiting and S service time, measured median / estimate. Colour: the measured wait.')} <span class="wait-key w1" />{' '}
              {t('short wait')} <span class="wait-key w2" /> {t('medium wait')} <span class="wait-key w3" /> {t('longest waits')} <span class="crit-key" />{' '}
              {t('on the critical path')}
            </p>
            <MapView xml={d[1].bpmn} label={t('Map with measured and estimated times')} height={460} onReady={setViewer} />
            {rows.length ? <Beside rows={rows} names={names} basis={basis} /> : <p class="muted">{t('No log activity is matched to the map.')}</p>}
            {canEdit && rows.length > 0 && <Propose pid={pid} logId={logId} number={numberOf(vid)} basis={basis} />}
          </section>
          <MeasuredLeadTime pid={pid} logId={logId} vid={vid} number={numberOf(vid)} basis={basis} n={n} viewer={viewer} />
        </>
      )}
    </section>
  );
}
