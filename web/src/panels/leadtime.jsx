// The lead-time screens (issue 5 §2): the process page's Lead time tab on
// the current or a chosen map version (figures, simulation percentiles, the
// histogram SVG, a timeline "ladder" of wait and process time per activity,
// waits coloured on the diagram, as-is vs to-be), and the editor's what-if
// panel: the open map's estimates analysed by POST /api/leadtime on every
// change, nothing saved.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { getLang, t } from '../i18n.js';
import { Field, Loading, fmtNum, go, nameOf, useLoad } from '../common.jsx';
import { ElName } from '../elname.jsx';
import { applyCriticalPath, applyWaitColours, days, hours, ladderRows, mainOf, pct, signed } from '../analysis/leadtime.js';

const stateWord = (s) =>
  ({ approved: t('approved'), draft: t('draft'), submitted: t('submitted'), rejected: t('rejected'), superseded: t('superseded') })[s] || s;
const versionLabel = (v) => `${v.variant === 'to_be' ? t('To-be') : t('As-is')} ${v.number} (${stateWord(v.state)})`;
/** A compared version as chosen: "version 3 (current)", "version 5 (draft)". */
const chosenLabel = (v, p) =>
  v.id === p.current?.as_is?.id || v.id === p.current?.to_be?.id
    ? t('version {n} (current)', { n: v.number })
    : t('version {n} ({state})', { n: v.number, state: stateWord(v.state) });

/** The key figures of one analysis. */
export function Figures({ a }) {
  const rows = [
    ['lead', t('Expected lead time'), days(a.leadTime)],
    ['process', t('Process time'), `${hours(a.processTime)} (${days(a.processTime)})`],
    ['wait', t('Wait time'), days(a.waitTime)],
    ['ratio', t('Flow efficiency (activity ratio)'), pct(a.activityRatio)],
    ['ca', t('Rolled %C&A'), pct(a.rolledCompleteAccurate)],
    ['handoffs', t('Hand-offs'), fmtNum(a.handoffs, { maximumFractionDigits: 1 })],
    ['va', t('Value-adding work'), hours(a.valueAddingWork)],
  ];
  return (
    <dl class="figures">
      {rows.map(([k, label, v]) => (
        <div key={k} data-figure={k}>
          <dt>{label}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The timeline: per activity its wait and process time, in flow order (the lead-time tab's and the measured tab's). */
export function Ladder({ a }) {
  const rows = ladderRows(a);
  const W = 100;
  return (
    <div class="ladder" role="img" aria-label={t('Timeline of wait and process time per activity')}>
      {rows.map((r) => (
        <div class="ladder-row" key={r.id} data-activity={r.id}>
          <span class="ladder-name">
            <ElName names={r.names} name={r.name} id={r.id} />
            {r.critical ? ' ★' : ''}
          </span>
          <span class="ladder-track">
            <span class="ladder-wait" style={{ left: `${r.start * W}%`, width: `${r.waitShare * W}%` }} />
            <span class="ladder-process" style={{ left: `${(r.start + r.waitShare) * W}%`, width: `max(3px, ${r.processShare * W}%)` }} />
          </span>
          <span class="ladder-figs">{t('wait {w}, work {p}', { w: days(r.wait), p: hours(r.processHours) })}</span>
        </div>
      ))}
      <p class="legend">
        <span class="ladder-key wait" /> {t('Wait')} <span class="ladder-key process" /> {t('Process time')} ★ {t('on the critical path')}
      </p>
    </div>
  );
}

/**
 * Per activity: lane, expected visits, wait and process time, whether it is on
 * the analytic critical path, and with a simulation its criticality (the
 * share of simulated cases in which it was on that case's critical path).
 */
function ActivityTable({ a }) {
  const sim = !!a.simulation;
  return (
    <section aria-labelledby="h-activities">
      <h3 id="h-activities">{t('Activities')}</h3>
      <table class="lt-activities">
        <thead>
          <tr>
            <th scope="col">{t('Activity')}</th>
            <th scope="col">{t('Lane')}</th>
            <th scope="col">{t('Visits')}</th>
            <th scope="col">{t('Wait')}</th>
            <th scope="col">{t('Process time')}</th>
            <th scope="col">{t('On the critical path')}</th>
            {sim && <th scope="col">{t('Criticality (share of simulated cases on the critical path)')}</th>}
          </tr>
        </thead>
        <tbody>
          {(a.activities || []).map((x) => (
            <tr key={x.id} data-activity={x.id}>
              <th scope="row">
                <ElName names={x.names} name={x.name} id={x.id} />
              </th>
              <td>{x.lane ? <ElName names={x.laneNames} name={x.lane} /> : t('(no lane)')}</td>
              <td>{fmtNum(x.visits, { maximumFractionDigits: 2 })}</td>
              <td>{days(x.wait)}</td>
              <td>{hours(x.process)}</td>
              <td>{x.critical ? t('yes') : t('no')}</td>
              {sim && <td data-criticality={x.criticality}>{pct(x.criticality)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The analytic critical path as the activities' names in flow order. */
export function CriticalPath({ a, testid = 'critical-path' }) {
  const acts = new Map((a.activities || []).map((x) => [x.id, x]));
  return (
    <p data-testid={testid} class="critical-path">
      {(a.criticalPath || []).map((id, i) => (
        <span key={id}>
          {i > 0 && ' → '}
          <ElName names={acts.get(id)?.names} name={acts.get(id)?.name} id={id} />
        </span>
      ))}
    </p>
  );
}

function Activities({ a }) {
  const acts = new Map((a.activities || []).map((x) => [x.id, x]));
  return (
    <>
      <ActivityTable a={a} />
      <h3>{t('Critical path')}</h3>
      <CriticalPath a={a} />
      {a.note && <p class="muted">{a.note}</p>}
      <div class="grid2">
        <section>
          <h3>{t('Biggest waits')}</h3>
          <ol>
            {(a.biggestWaits || []).map((w) => (
              <li key={w.id}>
                <ElName names={acts.get(w.id)?.names} name={acts.get(w.id)?.name} id={w.id} />: {days(w.wait)} ({pct(w.wait.days / (a.leadTime.days || 1), 0)})
              </li>
            ))}
          </ol>
        </section>
        <section>
          <h3>{t('Work per lane')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Lane')}</th>
                <th scope="col">{t('Work')}</th>
                <th scope="col">{t('Wait')}</th>
              </tr>
            </thead>
            <tbody>
              {(a.lanes || []).map((l) => (
                <tr key={l.lane}>
                  <td>{l.lane ? <ElName names={l.names} name={l.lane} /> : t('(no lane)')}</td>
                  <td>{hours(l.work)}</td>
                  <td>{days(l.wait)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {a.warnings?.length > 0 && (
        <ul class="warnings">
          {a.warnings.map((w, i) => (
            <li key={i}>{typeof w === 'string' ? w : w.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Simulation({ s, histogram }) {
  if (!s) return null;
  return (
    <section aria-labelledby="h-sim">
      <h3 id="h-sim">{t('Simulation')}</h3>
      <p class="muted">
        {t('{runs} simulated cases, seed {seed}, {dist} distribution for ranges.', {
          runs: fmtNum(s.runs),
          seed: s.seed,
          dist: { pert: 'PERT', triangular: t('triangular'), uniform: t('uniform') }[s.distribution] || s.distribution,
        })}
      </p>
      <dl class="figures">
        {[
          ['mean', t('Mean')],
          ['p50', 'P50'],
          ['p80', 'P80'],
          ['p95', 'P95'],
        ].map(([k, label]) => (
          <div key={k} data-sim={k}>
            <dt>{label}</dt>
            <dd>{days(s[k])}</dd>
          </div>
        ))}
      </dl>
      {histogram && <img class="histogram" src={histogram} alt={t('Histogram of the simulated lead times')} />}
    </section>
  );
}

// Figures where a rise is an improvement; for the others a fall is.
const UP = new Set(['activityRatio', 'rolledCompleteAccurate']);
const deltaClass = (k, d) => (!d ? undefined : d > 0 === UP.has(k) ? 'better' : 'worse');

/**
 * The older of the two chosen versions against the newer one, labelled as
 * chosen ("version 3 (current)", "version 5 (draft)"): a change is what the
 * newer version does, an added step is one the newer version has, and each is
 * coloured by whether the lead time got better or worse.
 */
function Comparison({ r, from, to }) {
  const f = r.figures;
  const rows = [
    ['leadTime', t('Expected lead time'), (x) => days(x)],
    ['processTime', t('Process time'), (x) => days(x)],
    ['waitTime', t('Wait time'), (x) => days(x)],
    ['activityRatio', t('Flow efficiency (activity ratio)'), (x) => pct(x)],
    ['rolledCompleteAccurate', t('Rolled %C&A'), (x) => pct(x)],
    ['handoffs', t('Hand-offs'), (x) => fmtNum(x, { maximumFractionDigits: 1 })],
  ];
  return (
    <section aria-labelledby="h-compare" class="compare">
      <h3 id="h-compare">{t('{a} compared with {b}', { a: to, b: from })}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Figure')}</th>
            <th scope="col" data-compare-from>
              {from}
            </th>
            <th scope="col" data-compare-to>
              {to}
            </th>
            <th scope="col">{t('Change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows
            .filter(([k]) => f[k])
            .map(([k, label, fmt]) => (
              <tr key={k} data-compare={k}>
                <th scope="row">{label}</th>
                <td>{fmt(f[k].asIs)}</td>
                <td>{fmt(f[k].toBe)}</td>
                <td class={deltaClass(k, f[k].delta)}>
                  {UP.has(k) ? t('{n} pp', { n: signed(100 * f[k].delta) }) : k === 'handoffs' ? signed(f[k].delta) : t('{n} days', { n: signed(f[k].delta) })}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Activity')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Lead time change (days)')}</th>
            <th scope="col">{t('Wait change (days)')}</th>
            <th scope="col">{t('Process time change (hours)')}</th>
          </tr>
        </thead>
        <tbody>
          {(r.activities || []).map((x) => (
            <tr key={`${x.status}-${x.id}`} data-status={x.status} class={deltaClass('leadTime', Math.round(x.leadDelta * 1000) / 1000)}>
              <td>
                <ElName names={x.names} name={x.name} id={x.id} />
              </td>
              <td>{{ matched: t('in both'), added: t('added in {v}', { v: to }), removed: t('removed in {v}', { v: to }) }[x.status] || x.status}</td>
              <td class={deltaClass('leadTime', Math.round(x.leadDelta * 1000) / 1000)}>
                {signed(x.leadDelta)}
                {deltaClass('leadTime', Math.round(x.leadDelta * 1000) / 1000) && (
                  <span class="sr-only"> ({t(deltaClass('leadTime', Math.round(x.leadDelta * 1000) / 1000))})</span>
                )}
              </td>
              <td>{signed(x.waitDelta)}</td>
              <td>{signed(x.processDeltaHours)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A to-be draft from the version shown (POST .../revert), then on to the editor. */
function ToBeDraftButton({ pid, vid }) {
  const [err, setErr] = useState(null);
  const start = async () => {
    try {
      const v = await post(`/api/processes/${pid}/maps/${vid}/revert`, { variant: 'to_be' });
      go(`/process/${pid}/edit/${v.id}`);
    } catch (e) {
      setErr(e);
    }
  };
  return (
    <p class="actions">
      <button type="button" data-action="tobe-draft" onClick={start}>
        {t('Start to-be draft from this version')}
      </button>
      {err && (
        <span class="error" role="alert">
          {err.message}
        </span>
      )}
    </p>
  );
}

const SIM_DEFAULTS = { runs: '10000', seed: '1', distribution: 'pert' };
const SIM_FIELDS = ['runs', 'seed', 'distribution'];

/** The process page's Lead time tab. `versions` are the process's map versions. */
export function LeadTimeTab({ pid, p, versions, MapView }) {
  const usable = versions;
  const curAs = p.current?.as_is?.id || null;
  const curTo = p.current?.to_be?.id || null;
  const [vid, setVid] = useState(curAs || usable.find((v) => v.variant === 'as_is')?.id || usable[0]?.id || null);
  const [cmp, setCmp] = useState(curAs && curTo ? curTo : '');
  const [basis, setBasis] = useState('working');
  // The simulation's options: edited in the form, used when it is sent.
  const [sim, setSim] = useState(SIM_DEFAULTS);
  const [simDraft, setSimDraft] = useState(SIM_DEFAULTS);
  const simQ = `runs=${encodeURIComponent(sim.runs)}&seed=${encodeURIComponent(sim.seed)}&distribution=${encodeURIComponent(sim.distribution)}`;
  const q = `?${simQ}&basis=${basis}`;
  // The comparison runs from the older of the two versions to the newer (creation order).
  const [older, newer] = cmp ? (cmp < vid ? [cmp, vid] : [vid, cmp]) : [null, null];
  // The answer keeps the options it was asked with: the histogram follows the figures shown, not the form.
  const [d, error] = useLoad(
    () =>
      vid
        ? Promise.all([
            get(`/api/processes/${pid}/maps/${vid}/leadtime${q}`),
            get(`/api/processes/${pid}/maps/${vid}`),
            { simQ, basis, vid, older, newer },
            older ? get(`/api/processes/${pid}/maps/${older}/leadtime?runs=0&basis=${basis}&compare=${newer}`) : null,
          ])
        : Promise.resolve(null),
    [pid, vid, q, cmp],
  );
  const vOf = (id) => usable.find((v) => v.id === id);
  const [viewer, setViewer] = useState(null);
  const a = d && mainOf(d[0]);
  useEffect(() => {
    if (viewer && a) {
      applyWaitColours(viewer, a);
      applyCriticalPath(viewer, a);
    }
  }, [viewer, a]);
  if (!vid) {
    return (
      <section id="analysis-leadtime" data-analysis="leadtime">
        <h2>{t('Lead time')}</h2>
        <p class="muted">{t('No map yet.')}</p>
      </section>
    );
  }
  const hist = d && `/api/processes/${pid}/maps/${d[2].vid}/leadtime?format=svg&${d[2].simQ}&basis=${d[2].basis}&lang=${getLang()}`;
  const simError = error && SIM_FIELDS.includes(error.field) ? error : null;
  const setDraft = (k) => (v) => setSimDraft({ ...simDraft, [k]: v });
  return (
    <section id="analysis-leadtime" data-analysis="leadtime" class="leadtime-tab">
      <h2>{t('Lead time')}</h2>
      <ToBeDraftButton pid={pid} vid={vid} />
      <div class="filters" role="group" aria-label={t('Analysis options')}>
        <Field label={t('Map version')} name="lt-version" value={String(vid)} onInput={(v) => setVid(Number(v))}>
          {usable.map((v) => (
            <option key={v.id} value={String(v.id)}>
              {versionLabel(v)}
            </option>
          ))}
        </Field>
        <Field label={t('Compare with')} name="lt-compare" value={String(cmp)} onInput={(v) => setCmp(v ? Number(v) : '')}>
          <option value="">{t('(no comparison)')}</option>
          {usable
            .filter((v) => v.id !== vid)
            .map((v) => (
              <option key={v.id} value={String(v.id)}>
                {versionLabel(v)}
              </option>
            ))}
        </Field>
        <Field label={t('Time basis')} name="lt-basis" value={basis} onInput={setBasis}>
          <option value="working">{t('Working time (7.5 h × 5 days)')}</option>
          <option value="calendar">{t('Calendar time')}</option>
        </Field>
      </div>
      <form
        class="filters sim-options"
        noValidate
        aria-label={t('Simulation options')}
        onSubmit={(e) => {
          e.preventDefault();
          setSim({ ...simDraft });
        }}
      >
        <Field
          label={t('Simulated cases')}
          name="runs"
          type="number"
          min="0"
          max="100000"
          step="1000"
          value={simDraft.runs}
          onInput={setDraft('runs')}
          error={simError}
        />
        <Field label={t('Seed')} name="seed" type="number" min="0" value={simDraft.seed} onInput={setDraft('seed')} error={simError} />
        <Field label={t('Distribution of ranges')} name="distribution" value={simDraft.distribution} onInput={setDraft('distribution')} error={simError}>
          <option value="pert">PERT</option>
          <option value="triangular">{t('triangular')}</option>
          <option value="uniform">{t('uniform')}</option>
        </Field>
        <button type="submit">{t('Simulate')}</button>
      </form>
      {!d ? (
        simError ? null : (
          <Loading error={error} />
        )
      ) : (
        <>
          <p class="muted">
            {t('Analysed from the estimates on the map: {name}.', { name: nameOf(p?.name) || a.process?.name || a.process?.id || '' })}{' '}
            {a.parallelApproximated
              ? t('Parallel branches count as their longest expected branch (the critical-path approximation); the simulation gives the true expected time.')
              : ''}
          </p>
          <Figures a={a} />
          {d[3]?.figures && vOf(d[2].older) && vOf(d[2].newer) && (
            <Comparison r={d[3]} from={chosenLabel(vOf(d[2].older), p)} to={chosenLabel(vOf(d[2].newer), p)} />
          )}
          <section aria-labelledby="h-ladder">
            <h3 id="h-ladder">{t('Timeline')}</h3>
            <Ladder a={a} />
          </section>
          <Simulation s={a.simulation} histogram={hist} />
          <section aria-labelledby="h-waitmap">
            <h3 id="h-waitmap">{t('Waits on the map')}</h3>
            <p class="legend">
              <span class="wait-key w1" /> {t('short wait')} <span class="wait-key w2" /> {t('medium wait')} <span class="wait-key w3" /> {t('longest waits')}{' '}
              <span class="crit-key" /> {t('on the critical path')}
            </p>
            <MapView xml={d[1].bpmn} label={t('Map with waits coloured')} height={420} onReady={setViewer} />
          </section>
          <Activities a={a} />
        </>
      )}
    </section>
  );
}

/**
 * The editor's what-if panel: off until asked (a map being drawn is rarely
 * analysable); then every change of the map is analysed again after 500 ms
 * with POST /api/leadtime (the analytic figures and a small simulation, so
 * that the mean, P80 and P95 stand beside the analytic figure), nothing saved.
 */
const WHATIF_RUNS = 2000;
export function WhatIfPanel({ modeler, tick }) {
  const [on, setOn] = useState(false);
  const [r, setR] = useState(null);
  const [first, setFirst] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef(null);
  const run = async () => {
    setBusy(true);
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const res = await post('/api/leadtime', { bpmn: xml, runs: WHATIF_RUNS, seed: 1 });
      setErr(null);
      setR(res);
      setFirst((f) => f || res);
      window.__kartla.whatIf = res;
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (!on) return undefined;
    clearTimeout(timer.current);
    timer.current = setTimeout(run, 500);
    return () => clearTimeout(timer.current);
  }, [on, tick]);
  return (
    <section class="whatif" aria-labelledby="h-whatif">
      <h2 id="h-whatif">{t('Lead time (what-if)')}</h2>
      {!on ? (
        <>
          <p class="muted">{t('Analyse the map as it is in the editor; change times in the panel and see the lead time change. Nothing is saved.')}</p>
          <button type="button" onClick={() => setOn(true)}>
            {t('Compute lead time')}
          </button>
        </>
      ) : (
        <div aria-live="polite" aria-busy={busy && !r ? 'true' : undefined}>
          {err && (
            <p class="error" role="alert">
              {err.message}
            </p>
          )}
          {r && (
            <dl class="figures compact">
              <div data-whatif="lead">
                <dt>{t('Expected lead time')}</dt>
                <dd>{days(r.leadTime)}</dd>
              </div>
              {r.simulation &&
                [
                  ['mean', t('Simulated mean')],
                  ['p80', 'P80'],
                  ['p95', 'P95'],
                ].map(([k, label]) => (
                  <div key={k} data-whatif={`sim-${k}`}>
                    <dt>{label}</dt>
                    <dd>{days(r.simulation[k])}</dd>
                  </div>
                ))}
              <div data-whatif="ratio">
                <dt>{t('Flow efficiency (activity ratio)')}</dt>
                <dd>{pct(r.activityRatio)}</dd>
              </div>
              {first && first !== r && (
                <div data-whatif="delta">
                  <dt>{t('Change since opening')}</dt>
                  <dd>{t('{n} days', { n: signed(r.leadTime.days - first.leadTime.days) })}</dd>
                </div>
              )}
            </dl>
          )}
          <button type="button" onClick={() => setOn(false)}>
            {t('Stop the what-if analysis')}
          </button>
        </div>
      )}
    </section>
  );
}
