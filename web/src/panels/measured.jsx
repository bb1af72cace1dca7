// The process page's "Measured lead time" tab (issue 14 §3–4): upload a case
// system's event log (CSV or XES, with a progress bar; the CSV's columns
// prefilled from its header), the process's logs (delete with confirmation),
// and for the chosen log its figures: cases, events, lead time, histogram,
// throughput, the directly-follows graph, variants, activities, bottlenecks
// and hand-offs; then the log against a map version (measured_map.jsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { del, get, upload } from '../api.js';
import { t } from '../i18n.js';
import { Field, Loading, fmtDate, useLoad } from '../common.jsx';
import { CSV_ROLES, detectCsv, dur, fmtBytes, int, isCsvName, readError, share, shortSequence } from '../analysis/eventlog.js';
import { DfgPicture, Histogram, Throughput } from './measured_charts.jsx';
import { LogAndMap } from './measured_map.jsx';

const ROLE_LABEL = () => ({
  case: t('Case column'),
  activity: t('Activity column'),
  timestamp: t('Time column'),
  start: t('Start time column (optional)'),
  resource: t('Resource column (optional)'),
});
const QUERY_KEY = { case: 'case', activity: 'activity', timestamp: 'timestamp', start: 'start', resource: 'resource' };
const OFFSETS = ['-05:00', '+00:00', '+01:00', '+02:00', '+03:00'];

/** The first bytes of a file as text (a gzip file decompressed when the browser can). */
async function headText(file) {
  const head = file.slice(0, 65536);
  if (/\.gz$/i.test(file.name) && typeof DecompressionStream !== 'undefined') {
    try {
      const reader = head.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      const { value } = await reader.read();
      reader.cancel().catch(() => {});
      return value ? new TextDecoder().decode(value) : '';
    } catch {
      return '';
    }
  }
  return head.text();
}

/** Upload: file picker and drop zone, the CSV options, a progress bar, the server's error at its field. */
function UploadForm({ pid, onDone }) {
  const [file, setFile] = useState(null);
  const [csv, setCsv] = useState(null); // {columns, detected}
  const [cols, setCols] = useState({});
  const [tz, setTz] = useState('');
  const [skipBad, setSkipBad] = useState(false);
  const [progress, setProgress] = useState(null); // {sent, total}
  const [err, setErr] = useState(null);
  const [over, setOver] = useState(false);
  const [done, setDone] = useState(null);
  const input = useRef(null);
  const choose = async (f) => {
    setErr(null);
    setDone(null);
    setFile(f || null);
    setCsv(null);
    if (!f || !isCsvName(f.name)) return;
    const d = detectCsv(await headText(f));
    setCsv(d);
    setCols({ ...d.detected });
  };
  const send = async (e) => {
    e.preventDefault();
    if (!file) {
      setErr({ field: 'file', text: t('Choose a file first.') });
      return;
    }
    setErr(null);
    setDone(null);
    const q = new URLSearchParams({ name: file.name });
    if (csv) {
      for (const r of CSV_ROLES) if (cols[r]) q.set(QUERY_KEY[r], cols[r]);
      if (tz) q.set('tz', tz);
    }
    if (skipBad) q.set('skip_bad', '1');
    setProgress({ sent: 0, total: file.size });
    try {
      const r = await upload(`/api/processes/${pid}/logs?${q}`, file, {
        onProgress: (sent, total) => {
          setProgress({ sent, total });
          (window.__kartla.uploadProgress ||= []).push([sent, total]);
        },
      });
      setDone(r);
      setFile(null);
      setCsv(null);
      if (input.current) input.current.value = '';
      onDone(r);
    } catch (x) {
      setErr(readError(x));
    } finally {
      setProgress(null);
    }
  };
  const pct = progress ? Math.min(100, Math.round((100 * progress.sent) / (progress.total || 1))) : 0;
  const fieldErr = (name) => (err && err.field === name ? { field: name, message: err.text } : null);
  const labels = ROLE_LABEL();
  return (
    <form class="panel log-upload" id="log-upload-form" onSubmit={send} noValidate aria-labelledby="h-upload">
      <h3 id="h-upload">{t('Upload an event log')}</h3>
      <div
        class={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const f = e.dataTransfer?.files?.[0];
          if (f) choose(f);
        }}
      >
        <p class="dropzone-title" id="log-file-title">
          {t('Event log (CSV or XES, also gzip-compressed)')}
        </p>
        <input
          id="log-file"
          class="file-input"
          ref={input}
          name="file"
          type="file"
          accept=".csv,.txt,.xes,.gz"
          aria-labelledby="log-file-title"
          aria-invalid={err?.field === 'file' ? 'true' : undefined}
          aria-describedby={err?.field === 'file' ? 'log-file-err' : 'log-file-help'}
          onChange={(e) => choose(e.currentTarget.files[0])}
        />
        <label for="log-file" class="button">
          {t('Choose a file…')}
        </label>
        <span class="file-name" id="log-file-help">
          {file ? t('{name} ({size})', { name: file.name, size: fmtBytes(file.size) }) : t('…or drop the file here.')}
        </span>
        {err?.field === 'file' && (
          <p class="field-error" id="log-file-err" role="alert">
            {err.text}
          </p>
        )}
        {err?.field === 'file' && err.line && !skipBad ? (
          <p class="muted">{t('Correct the row in the file, or tick “Skip bad rows and count them”.')}</p>
        ) : null}
      </div>
      {csv && (
        <fieldset class="csv-options">
          <legend>{t('Columns of the CSV file')}</legend>
          <p class="muted">{t('Prefilled from the header; the server reads the file with the columns chosen here.')}</p>
          <div class="form-grid">
            {CSV_ROLES.map((r) => (
              <Field key={r} label={labels[r]} name={r} value={cols[r] || ''} onInput={(v) => setCols({ ...cols, [r]: v })} error={fieldErr(r)}>
                <option value="">{r === 'start' || r === 'resource' ? t('(none)') : t('(detect)')}</option>
                {csv.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Field>
            ))}
            <Field label={t('Time zone of times without an offset')} name="tz" value={tz} onInput={setTz} error={fieldErr('tz')}>
              <option value="">{t('UTC (the default)')}</option>
              {OFFSETS.map((o) => (
                <option key={o} value={o}>
                  {o === '+01:00' ? t('+01:00 (Norwegian and Swedish winter time)') : o === '+02:00' ? t('+02:00 (Norwegian and Swedish summer time)') : o}
                </option>
              ))}
            </Field>
          </div>
        </fieldset>
      )}
      <label class="check">
        <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.currentTarget.checked)} /> {t('Skip bad rows and count them')}
      </label>
      {progress && (
        <div class="upload-progress" aria-live="polite">
          <progress max="100" value={pct} aria-label={t('Upload progress')} />{' '}
          <span>{pct < 100 ? t('{p} % sent', { p: pct }) : t('Sent; the server is reading the log…')}</span>
        </div>
      )}
      {err && err.field !== 'file' && !['case', 'activity', 'timestamp', 'start', 'resource', 'tz'].includes(err.field) && (
        <p class="error" role="alert">
          {err.text}
        </p>
      )}
      {done && (
        <p class="ok" role="status">
          {t('Read {cases} cases and {events} events.', { cases: int(done.cases), events: int(done.events) })}
          {done.skipped ? ` ${done.skipped === 1 ? t('One bad row was skipped.') : t('{n} bad rows were skipped.', { n: int(done.skipped) })}` : ''}
        </p>
      )}
      <button type="submit" class="primary" disabled={!!progress}>
        {t('Upload and analyse')}
      </button>
    </form>
  );
}

/** The process's logs: choose one, delete (with a second, confirming click) for those who may. */
function LogList({ logs, sel, onSelect, canEdit, onDeleted }) {
  const [confirm, setConfirm] = useState(null);
  const [err, setErr] = useState(null);
  const remove = async (l) => {
    try {
      await del(`/api/logs/${l.id}`);
      setConfirm(null);
      onDeleted(l);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section aria-labelledby="h-logs">
      <h3 id="h-logs">{t('Event logs of the process')}</h3>
      {err && (
        <p class="error" role="alert">
          {err.message}
        </p>
      )}
      <table class="logs">
        <thead>
          <tr>
            <th scope="col">{t('File')}</th>
            <th scope="col">{t('Format')}</th>
            <th scope="col">{t('Size')}</th>
            <th scope="col">{t('Cases')}</th>
            <th scope="col">{t('Events')}</th>
            <th scope="col">{t('Uploaded')}</th>
            <th scope="col">
              <span class="sr-only">{t('Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {logs.map((l) => (
            <tr key={l.id} data-log={l.id} class={l.id === sel ? 'selected' : undefined}>
              <th scope="row">
                <button type="button" class="link" onClick={() => onSelect(l.id)} aria-pressed={l.id === sel ? 'true' : 'false'}>
                  {l.name}
                </button>
              </th>
              <td>{String(l.format || '').toUpperCase()}</td>
              <td>{fmtBytes(l.bytes)}</td>
              <td>{int(l.cases)}</td>
              <td>
                {int(l.events)}
                {l.skipped ? ` (${t('{n} skipped', { n: int(l.skipped) })})` : ''}
              </td>
              <td>
                {fmtDate(l.uploaded_at)}
                {l.uploaded_by ? ` · ${l.uploaded_by}` : ''}
              </td>
              <td>
                {canEdit &&
                  (confirm === l.id ? (
                    <span class="confirm">
                      {t('Delete {name}?', { name: l.name })}{' '}
                      <button type="button" class="danger" onClick={() => remove(l)}>
                        {t('Delete the log')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirm(null)}>
                        {t('Cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirm(l.id)}>
                      {t('Delete')}
                      <span class="sr-only"> {l.name}</span>
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function KeyFigures({ s, basis }) {
  const lt = s.lead_time || {};
  const rows = [
    ['cases', t('Cases'), int(s.cases)],
    ['events', t('Events'), int(s.events)],
    ['activities', t('Activities'), int(s.activities)],
    ['variants', t('Variants'), int(s.variants)],
    ['mean', t('Mean lead time'), dur(lt.mean_s, basis)],
    ['median', t('Median lead time'), dur(lt.median_s, basis)],
    ['p80', t('P80 lead time'), dur(lt.p80_s, basis)],
    ['p95', t('P95 lead time'), dur(lt.p95_s, basis)],
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

function Variants({ variants, basis }) {
  const [all, setAll] = useState(false);
  const list = all ? variants : variants.slice(0, 15);
  return (
    <section aria-labelledby="h-variants">
      <h3 id="h-variants">{t('Variants')}</h3>
      <table class="variants">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('Cases')}</th>
            <th scope="col">{t('Share')}</th>
            <th scope="col">{t('Mean lead time')}</th>
            <th scope="col">{t('Sequence of activities')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((v, i) => (
            <tr key={i} data-variant={i + 1}>
              <td>{i + 1}</td>
              <td>{int(v.count)}</td>
              <td>{share(v.share)}</td>
              <td>{dur(v.mean_lead_time_s, basis)}</td>
              <td class="sequence" title={v.activities.join(' → ')}>
                {shortSequence(v.activities)}
                <span class="muted"> ({t('{n} steps', { n: v.activities.length })})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {variants.length > 15 && (
        <button type="button" onClick={() => setAll(!all)} aria-expanded={all ? 'true' : 'false'}>
          {all ? t('Show the 15 most common') : t('Show all {n} variants', { n: int(variants.length) })}
        </button>
      )}
    </section>
  );
}

function ActivityTable({ acts, basis }) {
  return (
    <section aria-labelledby="h-m-activities">
      <h3 id="h-m-activities">{t('Activities')}</h3>
      <table class="m-activities">
        <thead>
          <tr>
            <th scope="col">{t('Activity')}</th>
            <th scope="col">{t('Frequency')}</th>
            <th scope="col">{t('Cases')}</th>
            <th scope="col">{t('Service time (median)')}</th>
            <th scope="col">{t('Waiting before (median)')}</th>
            <th scope="col">{t('Waiting before (mean)')}</th>
            <th scope="col">{t('Rework: cases')}</th>
            <th scope="col">{t('Rework: repeats')}</th>
          </tr>
        </thead>
        <tbody>
          {acts.map((a) => (
            <tr key={a.activity} data-activity={a.activity}>
              <th scope="row">{a.activity}</th>
              <td>{int(a.instances)}</td>
              <td>{int(a.cases)}</td>
              <td>{a.service?.n ? dur(a.service.median_s, basis) : '–'}</td>
              <td>{a.wait?.n ? dur(a.wait.median_s, basis) : '–'}</td>
              <td>{a.wait?.n ? dur(a.wait.mean_s, basis) : '–'}</td>
              <td>{int(a.rework_cases)}</td>
              <td>{int(a.repeats)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!acts.some((a) => a.service?.n) && <p class="muted">{t('The log has no start times, so service times cannot be measured.')}</p>}
    </section>
  );
}

function Bottlenecks({ s, basis }) {
  const b = s.bottlenecks || [];
  const h = s.handoffs || {};
  return (
    <div class="grid2">
      <section aria-labelledby="h-bottlenecks">
        <h3 id="h-bottlenecks">{t('Bottlenecks')}</h3>
        <p class="muted">{t('Activities ranked by the total waiting before them.')}</p>
        {b.length ? (
          <ol class="bottlenecks">
            {b.slice(0, 8).map((x) => (
              <li key={x.activity} data-activity={x.activity}>
                <strong>{x.activity}</strong>:{' '}
                {t('{total} waiting in all; median {median} ({n} times)', {
                  total: dur(x.wait_total_s, basis),
                  median: dur(x.wait_median_s, basis),
                  n: int(x.instances),
                })}
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">{t('No waiting was measured.')}</p>
        )}
      </section>
      <section aria-labelledby="h-handoffs">
        <h3 id="h-handoffs">{t('Hand-offs between people')}</h3>
        {h.transfers ? (
          <>
            <p>{t('{n} of {m} consecutive steps changed hands ({p}).', { n: int(h.total), m: int(h.transfers), p: share(h.total / h.transfers) })}</p>
            <table class="handoffs">
              <thead>
                <tr>
                  <th scope="col">{t('From')}</th>
                  <th scope="col">{t('To')}</th>
                  <th scope="col">{t('Times')}</th>
                </tr>
              </thead>
              <tbody>
                {(h.pairs || []).slice(0, 8).map((x) => (
                  <tr key={`${x.from}\u0000${x.to}`}>
                    <td>{x.from}</td>
                    <td>{x.to}</td>
                    <td>{int(x.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p class="muted">{t('The log names no resources.')}</p>
        )}
      </section>
    </div>
  );
}

/** The figures of one log on a basis. */
function LogFigures({ d, basis }) {
  const s = d.stats;
  const src = s.source || {};
  return (
    <>
      <p class="muted" data-testid="log-source">
        {src.format === 'csv'
          ? t('CSV read with the columns case «{c}», activity «{a}», time «{ti}»{extra}.', {
              c: src.columns?.case,
              a: src.columns?.activity,
              ti: src.columns?.timestamp,
              extra: [
                src.columns?.start_timestamp ? t(', start «{s}»', { s: src.columns.start_timestamp }) : '',
                src.columns?.resource ? t(', resource «{r}»', { r: src.columns.resource }) : '',
              ].join(''),
            })
          : t('XES log.')}{' '}
        {src.skipped ? (src.skipped === 1 ? t('One bad row was skipped.') : t('{n} bad rows were skipped.', { n: int(src.skipped) })) : ''}
      </p>
      <KeyFigures s={s} basis={basis} />
      <div class="grid2">
        <section aria-labelledby="h-m-hist">
          <h3 id="h-m-hist">{t('Lead time of the cases')}</h3>
          <Histogram bins={s.lead_time?.histogram} basis={basis} />
        </section>
        <section aria-labelledby="h-m-tp">
          <h3 id="h-m-tp">{t('Throughput per month')}</h3>
          <Throughput months={s.throughput} />
        </section>
      </div>
      <section aria-labelledby="h-dfg">
        <h3 id="h-dfg">{t('How the cases flow (directly-follows graph)')}</h3>
        <DfgPicture dfg={d.dfg} variants={d.variants} basis={basis} />
      </section>
      <Variants variants={d.variants || []} basis={basis} />
      <ActivityTable acts={d.activities || []} basis={basis} />
      <Bottlenecks s={s} basis={basis} />
    </>
  );
}

function LogView({ pid, id, p, versions, canEdit, MapView }) {
  const [basis, setBasis] = useState('calendar');
  const [d, error] = useLoad(() => get(`/api/logs/${id}?basis=${basis}`), [id, basis]);
  useEffect(() => {
    if (d) window.__kartla.measured = d;
  }, [d]);
  return (
    <section aria-labelledby="h-log" class="log-view" data-log={id}>
      <h3 id="h-log">{d ? t('Figures of {name}', { name: d.log?.name || '' }) : t('Figures')}</h3>
      <div class="filters" role="group" aria-label={t('Analysis options')}>
        <Field label={t('Time basis')} name="m-basis" value={basis} onInput={setBasis}>
          <option value="calendar">{t('Calendar time')}</option>
          <option value="working">{t('Working time (7.5 h × 5 days)')}</option>
        </Field>
      </div>
      {!d ? (
        <Loading error={error} />
      ) : (
        <>
          <LogFigures d={d} basis={basis} />
          <LogAndMap pid={pid} logId={id} p={p} versions={versions} canEdit={canEdit} basis={basis} activities={d.activities || []} MapView={MapView} />
        </>
      )}
    </section>
  );
}

/** The process page's Measured lead time tab. */
export function MeasuredTab({ pid, p, versions, canEdit, MapView }) {
  const [logs, error, reload] = useLoad(() => get(`/api/processes/${pid}/logs`).then((r) => r.logs || []), [pid]);
  const [sel, setSel] = useState(null);
  const [showUpload, setShowUpload] = useState(false);
  const cur = logs && (logs.find((l) => l.id === sel) || logs[0] || null);
  return (
    <section id="analysis-measured" data-analysis="measured" class="measured-tab">
      <div class="titlebar">
        <h2>{t('Measured lead time')}</h2>
        {canEdit && logs?.length > 0 && !showUpload && (
          <button type="button" class="primary open-upload" onClick={() => setShowUpload(true)}>
            {t('Upload an event log')}
          </button>
        )}
      </div>
      <p class="muted">
        {t('Lead times measured from the case system: upload an export of when each case passed each step (an event log), and compare it with the map.')}
      </p>
      {canEdit && logs && (logs.length === 0 || showUpload) && (
        <UploadForm
          pid={pid}
          onDone={(r) => {
            setSel(r.id);
            setShowUpload(true);
            reload();
          }}
        />
      )}
      {!logs ? (
        <Loading error={error} />
      ) : logs.length ? (
        <>
          <LogList
            logs={logs}
            sel={cur?.id}
            onSelect={setSel}
            canEdit={canEdit}
            onDeleted={(l) => {
              if (l.id === sel) setSel(null);
              reload();
            }}
          />
          {cur && <LogView key={cur.id} pid={pid} id={cur.id} p={p} versions={versions} canEdit={canEdit} MapView={MapView} />}
        </>
      ) : (
        <p class="muted">{t('No event log has been uploaded for this process yet.')}</p>
      )}
    </section>
  );
}
