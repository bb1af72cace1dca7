// Helpers of the measured lead-time tab (issue 14): durations in the UI's
// language, the CSV columns detected from a file's first line (the names of
// docs/eventlog.md §1, as the server detects them), the server's read errors
// in the UI's language, the directly-follows graph laid out left to right,
// and the measured waits and service times on a bpmn-js viewer.
import { t } from '../i18n.js';
import { fmtNum } from '../common.jsx';
import { applyWaitColours } from './leadtime.js';

/** Seconds of one day on the basis: a working day is 7.5 hours (the server's default). */
export const dayLength = (basis) => (basis === 'working' ? 7.5 * 3600 : 86400);

/** A duration in seconds in the unit that suits it: minutes, hours or days (of the basis). */
export function dur(s, basis = 'calendar') {
  if (s == null || Number.isNaN(s)) return '–';
  const day = dayLength(basis);
  if (s < 3600) return t('{n} min', { n: fmtNum(s / 60, { maximumFractionDigits: s < 600 ? 1 : 0 }) });
  if (s < day) return t('{n} hours', { n: fmtNum(s / 3600, { maximumFractionDigits: 1 }) });
  return t('{n} days', { n: fmtNum(s / day, { maximumFractionDigits: 1 }) });
}

export const int = (n) => (n == null ? '–' : fmtNum(n, { maximumFractionDigits: 0 }));
export const share = (x, digits = 1) => (x == null ? '–' : fmtNum(x, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }));

export function fmtBytes(b) {
  if (b == null) return '–';
  if (b < 1024) return t('{n} bytes', { n: fmtNum(b) });
  if (b < 1024 * 1024) return t('{n} kB', { n: fmtNum(b / 1024, { maximumFractionDigits: 0 }) });
  return t('{n} MB', { n: fmtNum(b / 1048576, { maximumFractionDigits: 1 }) });
}

/** A variant's sequence shortened to its first and last steps: "A → B → … (4 more) → Y → Z". */
export function shortSequence(acts, head = 3, tail = 2) {
  if (acts.length <= head + tail + 1) return acts.join(' → ');
  const hidden = acts.length - head - tail;
  return [...acts.slice(0, head), t('… ({n} more)', { n: hidden }), ...acts.slice(-tail)].join(' → ');
}

/* ---- CSV columns ---- */

// The names the server recognises, earlier names first (docs/eventlog.md §1).
const NAMES = {
  case: ['case:concept:name', 'case id', 'case_id', 'caseid', 'case', 'case identifier', 'sak', 'saksnummer', 'ärende', 'ärendenummer'],
  activity: ['concept:name', 'activity', 'activity name', 'activity_name', 'aktivitet', 'event', 'task', 'steg'],
  timestamp: [
    'time:timestamp',
    'timestamp',
    'complete timestamp',
    'complete_timestamp',
    'end timestamp',
    'end_timestamp',
    'end time',
    'end',
    'time',
    'tidspunkt',
    'tid',
    'tidpunkt',
  ],
  start: ['start_timestamp', 'start timestamp', 'start time', 'start_time', 'start', 'starttid', 'starttidspunkt'],
  resource: ['org:resource', 'resource', 'ressurs', 'resurs', 'user', 'handläggare', 'saksbehandler'],
};
export const CSV_ROLES = ['case', 'activity', 'timestamp', 'start', 'resource'];

/** Whether a file is read as CSV (by its name; .xes and .xes.gz are XES). */
export const isCsvName = (name) => !/\.xes(\.gz)?$/i.test(name || '');

function splitRow(line, delim) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === delim) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * The header of a CSV text's first line: {delimiter, columns, detected:{role: column|null}}.
 * The delimiter is the most frequent of , ; TAB | outside quotes, as on the server.
 */
export function detectCsv(text) {
  const body = text.replace(/^\uFEFF/, '');
  let end = 0;
  let q = false;
  while (end < body.length && (q || (body[end] !== '\n' && body[end] !== '\r'))) {
    if (body[end] === '"') q = !q;
    end++;
  }
  const first = body.slice(0, end);
  const counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  q = false;
  for (const c of first) {
    if (c === '"') q = !q;
    else if (!q && c in counts) counts[c]++;
  }
  const delimiter = Object.keys(counts).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
  const columns = splitRow(first, delimiter);
  const lower = columns.map((c) => c.toLowerCase());
  const detected = {};
  const used = new Set();
  for (const role of CSV_ROLES) {
    detected[role] = null;
    for (const n of NAMES[role]) {
      const i = lower.indexOf(n);
      if (i >= 0 && !used.has(i)) {
        detected[role] = columns[i];
        used.add(i);
        break;
      }
    }
  }
  return { delimiter, columns: columns.filter(Boolean), detected };
}

/* ---- the server's read errors in the UI's language ---- */

// The reader's messages (lib/eventlog) after "FILE:LINE:COL: ", and their translations.
const PATTERNS = [
  [
    /timestamp '(.*)' is invalid/,
    (m) => t("The time '{v}' cannot be read: write it as 2024-03-01T08:30:00+01:00, 2024-03-01 08:30, 01.03.2024 08:30 or 2024/03/01.", { v: m[1] }),
  ],
  [
    /start '(.*)' is invalid/,
    (m) => t("The start time '{v}' cannot be read: write it as 2024-03-01T08:30:00+01:00, 2024-03-01 08:30, 01.03.2024 08:30 or 2024/03/01.", { v: m[1] }),
  ],
  [/row has (\d+) fields?: expected at least (\d+)/, (m) => t('The row has {n} fields; at least {m} were expected.', { n: m[1], m: m[2] })],
  [/truncated gzip|gzip/i, () => t('The compressed file is cut short or damaged.')],
  [/earlier than its start/, () => t('An activity ends before it starts.')],
  [/start .* after|after the timestamp/, () => t('A start time lies after the end time on the same row.')],
  [
    /no (case|activity|timestamp) column|--csv-(case|activity|time)|column .*(not found|unknown)|unknown column/i,
    () => t('A column was not found: choose the columns for case, activity and time.'),
  ],
  [/without events|no events/i, () => t('The file holds no events.')],
  [/DOCTYPE|entity/i, () => t('The XES file declares a DOCTYPE or entities, which are refused.')],
  [/not well-formed|XML|xml/, () => t('The XES file is not well-formed XML.')],
  [/too many events|max-events/i, () => t('The log has more events than the server reads.')],
  [/time zone|\btz\b/i, () => t('The time zone must be written as +01:00.')],
];

/**
 * An upload's error as {text, line, column, field} in the UI's language: the
 * field is the CSV option the message names (case, activity, timestamp, start,
 * resource, tz) or 'file'.
 */
export function readError(err) {
  if (!err) return null;
  if (err.status === 413) return { field: 'file', text: t('The file is too large for the server.') };
  if (err.status === 0) return { field: 'file', text: t('The connection to the server was lost during the upload.') };
  const msg = err.message || '';
  const pos = msg.match(/:(\d+):(\d+): /) || msg.match(/:(\d+): /);
  const line = err.line ?? (pos ? Number(pos[1]) : null);
  const column = err.column ?? (pos && pos[2] ? Number(pos[2]) : null);
  const hit = PATTERNS.find(([re]) => re.test(msg));
  const what = hit ? hit[1](msg.match(hit[0])) : t('The log could not be read.');
  const where = line != null && column != null ? t('Line {line}, column {column}: ', { line, column }) : line != null ? t('Line {line}: ', { line }) : '';
  const opts = ['case', 'activity', 'timestamp', 'start', 'resource', 'tz'];
  let field = 'file';
  if (opts.includes(err.field)) field = err.field;
  else if (hit && hit[0].source.startsWith('time zone')) field = 'tz';
  else if (hit && hit[0].source.startsWith('no (case')) field = 'case';
  return { field, line, column, text: `${where}${what}`, detail: msg };
}

/* ---- the directly-follows graph ---- */

export const NODE_W = 168;
export const NODE_H = 46;
const COL_GAP = 96;
const ROW_GAP = 34;

/**
 * Positions of the DFG's activities, left to right by where they first occur
 * in the cases: each activity's column is the mean (over the cases of the
 * variants) of the position of its first occurrence, ranked; activities with
 * the same rank stack. `variants` are [{activities, count}], `dfg` the server's
 * {edges, start_activities, end_activities}. Returns {nodes:[{name,x,y,col}], width, height}.
 */
export function layoutDfg(dfg, variants) {
  const names = new Set();
  for (const e of dfg.edges) names.add(e.from).add(e.to);
  for (const k of Object.keys(dfg.start_activities || {})) names.add(k);
  for (const k of Object.keys(dfg.end_activities || {})) names.add(k);
  const sum = new Map();
  const weight = new Map();
  for (const v of variants || []) {
    const seen = new Set();
    v.activities.forEach((a, i) => {
      if (seen.has(a)) return;
      seen.add(a);
      sum.set(a, (sum.get(a) || 0) + i * v.count);
      weight.set(a, (weight.get(a) || 0) + v.count);
    });
  }
  // An activity in no variant listed (a shortened list) goes after its best predecessor.
  const pos = new Map([...names].map((n) => [n, weight.get(n) ? sum.get(n) / weight.get(n) : null]));
  for (let pass = 0; pass < names.size; pass++) {
    let changed = false;
    for (const n of names) {
      if (pos.get(n) != null) continue;
      const preds = dfg.edges.filter((e) => e.to === n && pos.get(e.from) != null);
      if (preds.length) {
        pos.set(n, Math.max(...preds.map((e) => pos.get(e.from))) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const ordered = [...names].sort((a, b) => (pos.get(a) ?? 1e9) - (pos.get(b) ?? 1e9) || a.localeCompare(b));
  // Columns: a new column when the mean position grows by half a step or more.
  const cols = [];
  let last = null;
  for (const n of ordered) {
    const p = pos.get(n) ?? 1e9;
    if (last == null || p - last >= 0.5 || cols[cols.length - 1].length >= 6) cols.push([]);
    cols[cols.length - 1].push(n);
    last = p;
  }
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const height = rows * (NODE_H + ROW_GAP) + ROW_GAP + 40;
  const nodes = [];
  cols.forEach((c, ci) => {
    const top = (height - c.length * (NODE_H + ROW_GAP) + ROW_GAP) / 2;
    c.forEach((name, ri) => nodes.push({ name, col: ci, x: 24 + ci * (NODE_W + COL_GAP), y: top + ri * (NODE_H + ROW_GAP) }));
  });
  return { nodes, width: 48 + cols.length * (NODE_W + COL_GAP) - COL_GAP, height };
}

/** An SVG path from node a to node b: forward edges curve right, others loop below. */
export function edgePath(a, b) {
  if (a === b) {
    const x = a.x + NODE_W - 24;
    const y = a.y + NODE_H;
    return { d: `M${x},${y} c 0,30 40,30 40,0 l 0,-${NODE_H / 2} l -16,0`, lx: x + 20, ly: y + 26 };
  }
  if (b.col > a.col) {
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    return { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, lx: mx, ly: (y1 + y2) / 2 };
  }
  // Backwards or in the same column: from the bottom of a to the bottom of b, bowed down.
  const x1 = a.x + NODE_W / 2 + 12;
  const y1 = a.y + NODE_H;
  const x2 = b.x + NODE_W / 2 - 12;
  const y2 = b.y + NODE_H;
  const dip = Math.max(y1, y2) + 36 + Math.abs(a.col - b.col) * 10;
  return { d: `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: dip - 8 };
}

/** Splits an activity name into at most two lines of about `n` characters. */
export function wrapName(name, n = 22) {
  if (name.length <= n) return [name];
  const words = name.split(/\s+/);
  let a = '';
  let i = 0;
  while (i < words.length && (a + ' ' + words[i]).trim().length <= n) a = (a + ' ' + words[i++]).trim();
  if (!a) return [name.slice(0, n - 1) + '…'];
  let b = words.slice(i).join(' ');
  if (b.length > n) b = b.slice(0, n - 1) + '…';
  return [a, b];
}

/* ---- measured beside estimated on the map ---- */

/** The map's flow nodes a log activity can match (no gateways): [{id, name}] in document order. */
export function mapActivities(xml) {
  if (!xml) return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const want =
    /^(task|userTask|manualTask|serviceTask|sendTask|receiveTask|scriptTask|businessRuleTask|subProcess|callActivity|transaction|startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent)$/;
  const out = [];
  for (const el of doc.getElementsByTagName('*')) {
    if (want.test(el.localName) && el.getAttribute('id')) out.push({ id: el.getAttribute('id'), name: el.getAttribute('name') || '' });
  }
  return out;
}

/**
 * Colours the matched activities by their measured median wait (as the
 * lead-time tab colours estimated waits) and puts an overlay under each with
 * the measured wait and service beside the estimate. Returns {id: class}.
 */
export function applyMeasured(viewer, rows, basis) {
  const overlays = viewer.get('overlays');
  const reg = viewer.get('elementRegistry');
  overlays.remove({ type: 'kartla-measured' });
  const byEl = new Map();
  for (const r of rows) {
    // Several log activities on one element: the one with the most instances.
    if (!byEl.has(r.element_id) || byEl.get(r.element_id).instances < r.instances) byEl.set(r.element_id, r);
  }
  const day = dayLength(basis);
  const colours = applyWaitColours(viewer, {
    activities: [...byEl.values()].map((r) => ({ id: r.element_id, wait: { days: (r.measured_wait?.median_s || 0) / day } })),
  });
  for (const r of byEl.values()) {
    if (!reg.get(r.element_id)) continue;
    const box = document.createElement('div');
    box.className = 'measured-overlay';
    box.dataset.element = r.element_id;
    const line = (label, m, e) => {
      const p = document.createElement('div');
      p.textContent = `${label} ${dur(m?.median_s, basis)} / ${e ? dur(e.most_likely_s, basis) : '–'}`;
      return p;
    };
    box.append(line(t('W'), r.measured_wait, r.estimated_wait_time), line(t('S'), r.measured_service, r.estimated_process_time));
    box.title = t('Measured median / estimate: W waiting, S service time');
    overlays.add(r.element_id, 'kartla-measured', { position: { bottom: -4, left: 0 }, html: box });
  }
  return colours;
}
