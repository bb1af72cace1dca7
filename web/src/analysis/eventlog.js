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

const unit = (n, digits, one, many) => {
  const s = fmtNum(n, { maximumFractionDigits: digits });
  return s === '1' ? one() : many(s);
};

/** A duration in seconds in the unit that suits it: minutes, hours or days (of the basis). */
export function dur(s, basis = 'calendar') {
  if (s == null || Number.isNaN(s)) return '–';
  const day = dayLength(basis);
  if (s < 3600)
    return unit(
      s / 60,
      s < 600 ? 1 : 0,
      () => t('1 min'),
      (n) => t('{n} min', { n }),
    );
  if (s < day)
    return unit(
      s / 3600,
      1,
      () => t('1 hour'),
      (n) => t('{n} hours', { n }),
    );
  return unit(
    s / day,
    1,
    () => t('1 day'),
    (n) => t('{n} days', { n }),
  );
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
  [/start timestamp '(.*)' is invalid/, (m) => t("The start time '{v}' cannot be read: write it like the times in the time column.", { v: m[1] }), 'start'],
  [
    /timestamp '(.*)' is invalid/,
    (m) => t("The time '{v}' cannot be read: write it as 2024-03-01T08:30:00+01:00, 2024-03-01 08:30, 01.03.2024 08:30 or 2024/03/01.", { v: m[1] }),
    'file',
  ],
  [/start timestamp is later/, () => t('A start time lies after the end time on the same row.'), 'file'],
  [/row has (\d+) fields?: expected at least (\d+)/, (m) => t('The row has {n} fields; at least {m} were expected.', { n: m[1], m: m[2] }), 'file'],
  [
    /no (case|activity|timestamp|start timestamp|resource) column named '(.*)'/,
    (m) => t("The header has no column named '{c}'.", { c: m[2] }),
    (m) => ROLE_OF[m[1]],
  ],
  [
    /cannot tell which column is the (case|activity|timestamp)/,
    () => t('A column was not found: choose the columns for case, activity and time.'),
    (m) => ROLE_OF[m[1]],
  ],
  [/(case|activity|timestamp|start timestamp|resource) column (\d+) does not exist/, (m) => t('Column {n} does not exist.', { n: m[2] }), (m) => ROLE_OF[m[1]]],
  [/empty case id/, () => t('A row has no case id.'), 'file'],
  [/empty activity/, () => t('A row has no activity.'), 'file'],
  [/truncated gzip|gzip/i, () => t('The compressed file is cut short or damaged.'), 'file'],
  [/earlier than its start/, () => t('An activity ends before it starts.'), 'file'],
  [/the file is empty|holds no events|without events|no events/i, () => t('The file holds no events.'), 'file'],
  [/DOCTYPE|entity/i, () => t('The XES file declares a DOCTYPE or entities, which are refused.'), 'file'],
  [/not well-formed|XML|xml/, () => t('The XES file is not well-formed XML.'), 'file'],
  [/at most \d+ bytes|too large|too big/i, () => t('The file is too large for the server.'), 'file'],
  [/too many events|max-events|more than \d+ events/i, () => t('The log has more events than the server reads.'), 'file'],
  [/'tz'|time zone/i, () => t('The time zone must be written as +01:00.'), 'tz'],
];
const ROLE_OF = { case: 'case', activity: 'activity', timestamp: 'timestamp', 'start timestamp': 'start', resource: 'resource' };

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
  const line = err.line || (pos ? Number(pos[1]) : null);
  const column = err.column || (pos && pos[2] ? Number(pos[2]) : null);
  const hit = PATTERNS.find(([re]) => re.test(msg));
  const m = hit && msg.match(hit[0]);
  const what = hit ? hit[1](m) : t('The log could not be read.');
  const opts = ['case', 'activity', 'timestamp', 'start', 'resource', 'tz'];
  let field = hit ? (typeof hit[2] === 'function' ? hit[2](m) : hit[2]) : 'file';
  if (opts.includes(err.field)) field = err.field;
  // Where in the file, for the file's own errors (a column's error is shown at its choice).
  const where = field !== 'file' || !line ? '' : column ? t('Line {line}, column {column}: ', { line, column }) : t('Line {line}: ', { line });
  return { field, line, column, text: `${where}${what}`, detail: msg };
}

/* ---- the directly-follows graph ---- */

export const NODE_W = 150;
export const NODE_H = 46;
const COL_GAP = 118;
const ROW_GAP = 44;
const TOP = 30;

/** Each activity's mean position of its first occurrence in the cases (over the variants given). */
function firstPositions(names, dfg, variants) {
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
  const pos = new Map([...names].map((n) => [n, weight.get(n) ? sum.get(n) / weight.get(n) : null]));
  // An activity in no variant listed (a shortened list) goes after its earliest known predecessor.
  for (let pass = 0; pass < names.size; pass++) {
    let changed = false;
    for (const n of names) {
      if (pos.get(n) != null) continue;
      const preds = dfg.edges.filter((e) => e.to === n && pos.get(e.from) != null);
      if (preds.length) {
        pos.set(n, Math.min(...preds.map((e) => pos.get(e.from))) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const n of names) if (pos.get(n) == null) pos.set(n, 1e6);
  return pos;
}

/**
 * Positions of the DFG's activities, left to right by where they first occur
 * in the cases: activities are ordered by the mean position of their first
 * occurrence (over the variants' cases); an edge from an earlier to a later
 * activity is a forward edge, and each activity's column is the longest chain
 * of forward edges before it (so alternatives share a column); within a
 * column activities are ordered by the rows of their predecessors (barycentre).
 * `variants` are [{activities, count}], `dfg` the server's {edges,
 * start_activities, end_activities}. Returns {nodes:[{name,x,y,col,row}], width, height}.
 */
export function layoutDfg(dfg, variants) {
  const names = new Set();
  for (const e of dfg.edges) names.add(e.from).add(e.to);
  for (const k of Object.keys(dfg.start_activities || {})) names.add(k);
  for (const k of Object.keys(dfg.end_activities || {})) names.add(k);
  const pos = firstPositions(names, dfg, variants);
  const order = [...names].sort((a, b) => pos.get(a) - pos.get(b) || a.localeCompare(b));
  const rank = new Map(order.map((n, i) => [n, i]));
  // A pair of activities that follow each other both ways (work done in either
  // order, or in parallel) shares a column: only an edge whose reverse is
  // missing or rare (under a quarter of its count) places its target further right.
  const count = new Map(dfg.edges.map((e) => [`${e.from}\u0000${e.to}`, e.count]));
  const forward = dfg.edges.filter((e) => rank.get(e.from) < rank.get(e.to) && (count.get(`${e.to}\u0000${e.from}`) || 0) * 4 < e.count);
  const col = new Map();
  for (const n of order) col.set(n, Math.max(0, ...forward.filter((e) => e.to === n).map((e) => col.get(e.from) + 1)));
  const cols = [];
  for (const n of order) (cols[col.get(n)] ||= []).push(n);
  // Barycentre ordering within columns, two sweeps.
  const row = new Map();
  cols.forEach((c) => c.forEach((n, i) => row.set(n, i)));
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let ci = 1; ci < cols.length; ci++) {
      const bc = (n) => {
        const ps = forward.filter((e) => e.to === n);
        const w = ps.reduce((s, e) => s + e.count, 0);
        return w ? ps.reduce((s, e) => s + row.get(e.from) * e.count, 0) / w : row.get(n);
      };
      const keyed = cols[ci].map((n) => [n, bc(n)]);
      keyed.sort((a, b) => a[1] - b[1] || rank.get(a[0]) - rank.get(b[0]));
      cols[ci] = keyed.map(([n]) => n);
      cols[ci].forEach((n, i) => row.set(n, i));
    }
  }
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const inner = rows * (NODE_H + ROW_GAP) - ROW_GAP;
  const nodes = [];
  cols.forEach((c, ci) => {
    const top = TOP + (inner - (c.length * (NODE_H + ROW_GAP) - ROW_GAP)) / 2;
    c.forEach((name, ri) => nodes.push({ name, col: ci, row: ri, x: 24 + ci * (NODE_W + COL_GAP), y: top + ri * (NODE_H + ROW_GAP) }));
  });
  const back = dfg.edges.length - forward.length;
  return { nodes, width: 48 + cols.length * (NODE_W + COL_GAP) - COL_GAP, height: TOP + inner + 40 + Math.min(back, 8) * 8, bottom: TOP + inner };
}

/**
 * An SVG path from node a to node b and where its label goes: forward edges
 * (to a later column) curve right; edges back or within a column bow below
 * the nodes, deeper the longer they reach; a self-loop is a small ring.
 */
export function edgePath(a, b, bottom, k = 0) {
  if (a === b) {
    const x = a.x + NODE_W - 30;
    const y = a.y + NODE_H;
    return { d: `M${x},${y} C${x},${y + 26} ${x + 24},${y + 26} ${x + 24},${y + 2}`, lx: x + 12, ly: y + 30 };
  }
  if (b.col > a.col) {
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2 + (b.y - a.y) * 0.12;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2 + (a.y - b.y) * 0.12;
    const mx = (x1 + x2) / 2;
    if (b.col === a.col + 1) return { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, lx: mx, ly: (y1 + y2) / 2 - 5 };
    // Over a column or more: leave and arrive level, bowed above the nodes between.
    const lift = Math.max(8, Math.min(a.y, b.y) - 14 - 6 * (b.col - a.col));
    return { d: `M${x1},${y1} C${x1 + 60},${lift} ${x2 - 60},${lift} ${x2},${y2}`, lx: mx, ly: lift + 4 };
  }
  if (b.col === a.col) {
    // In one column: down on the right side, up on the left, bowed outwards.
    const right = b.y > a.y;
    const x = right ? a.x + NODE_W : a.x;
    const bow = (right ? 1 : -1) * (26 + 12 * Math.abs(b.row - a.row));
    const y1 = a.y + NODE_H / 2 + (right ? 8 : -8);
    const y2 = b.y + NODE_H / 2 + (right ? -8 : 8);
    return {
      d: `M${x},${y1} C${x + bow},${y1} ${x + bow},${y2} ${x},${y2}`,
      lx: x + bow * 0.75 + (right ? 4 : -4),
      ly: (y1 + y2) / 2 + 4,
      anchor: right ? 'start' : 'end',
    };
  }
  const x1 = a.x + NODE_W / 2 - 10;
  const y1 = a.y + NODE_H;
  const x2 = b.x + NODE_W / 2 + 10;
  const y2 = b.y + NODE_H;
  const dip = Math.max(y1, y2) + 20 + (a.col - b.col) * 8 + k * 6;
  const yb = Math.max(dip, Math.min(bottom + 16 + k * 8, dip + 40));
  return { d: `M${x1},${y1} C${x1},${yb} ${x2},${yb} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: yb - 0.25 * (yb - Math.max(y1, y2)) + 4 };
}

const mid = (l) => l.x + (l.anchor === 'start' ? l.w / 2 : l.anchor === 'end' ? -l.w / 2 : 0);

/**
 * Moves labels [{x, y, w, anchor}] (y the baseline) down until no two overlap
 * (13 px lines) and none lies on a box of `boxes` [{x, y, w, h}] (the nodes).
 */
export function spreadLabels(labels, boxes = []) {
  const placed = [];
  const onBox = (l) => boxes.find((b) => mid(l) + l.w / 2 > b.x && mid(l) - l.w / 2 < b.x + b.w && l.y > b.y && l.y - 11 < b.y + b.h);
  for (const l of [...labels].sort((a, b) => a.y - b.y || a.x - b.x)) {
    let moved = true;
    for (let i = 0; moved && i < 30; i++) {
      moved = false;
      const box = onBox(l);
      if (box) {
        l.y = box.y + box.h + 13;
        moved = true;
      }
      for (const p of placed) {
        if (Math.abs(mid(p) - mid(l)) < (p.w + l.w) / 2 + 4 && Math.abs(p.y - l.y) < 13) {
          l.y = p.y + 13;
          moved = true;
        }
      }
    }
    placed.push(l);
  }
  return labels;
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

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * The map's flow nodes a log activity can match (no gateways): [{id, name}]
 * in document order, the name in `lang` when the map has a translation.
 */
export function mapActivities(xml, lang) {
  if (!xml) return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const want =
    /^(task|userTask|manualTask|serviceTask|sendTask|receiveTask|scriptTask|businessRuleTask|subProcess|callActivity|transaction|startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent)$/;
  const out = [];
  for (const el of doc.getElementsByTagName('*')) {
    if (!want.test(el.localName) || !el.getAttribute('id')) continue;
    let name = el.getAttribute('name') || '';
    for (const c of el.getElementsByTagName('*')) {
      if (c.localName === 'translation' && c.parentNode?.parentNode === el && (c.getAttributeNS(XML_NS, 'lang') || c.getAttribute('xml:lang')) === lang) {
        name = c.textContent.trim() || name;
        break;
      }
    }
    out.push({ id: el.getAttribute('id'), name });
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
