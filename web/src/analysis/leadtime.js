// Helpers of the lead-time screens: figures in the UI's number format, the
// waits coloured on a bpmn-js viewer (four classes by share of the biggest
// wait), and the rows of the timeline "ladder" (wait, then process time).
import { t } from '../i18n.js';
import { fmtNum } from '../common.jsx';

// "1 dag", "1,5 dagar": the singular only where the number shown is exactly one.
const count = (v, one, many) => t(Math.round(v * 10) === 10 ? one : many, { n: fmtNum(v, { maximumFractionDigits: 1 }) });
export const days = (d) => (d == null ? '–' : count(d.days ?? d, '{n} day', '{n} days'));
export const hours = (d) => (d == null ? '–' : count(d.hours ?? d, '{n} hour', '{n} hours'));
export const pct = (x, digits = 1) => (x == null ? '–' : fmtNum(x, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }));
export const signed = (x, digits = 1) => (x == null ? '–' : fmtNum(x, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }));

/** The single analysis of a (possibly comparing) answer: the as-is one. */
export const mainOf = (r) => (r && r.asIs ? r.asIs : r);

export const WAIT_CLASSES = ['kartla-wait-0', 'kartla-wait-1', 'kartla-wait-2', 'kartla-wait-3'];

/** Colours each activity by its wait: 0 none, 1 < 1/3, 2 < 2/3, 3 up to the biggest wait. */
export function applyWaitColours(viewer, analysis) {
  const canvas = viewer.get('canvas');
  const reg = viewer.get('elementRegistry');
  const acts = analysis?.activities || [];
  const max = Math.max(0, ...acts.map((a) => a.wait?.days || 0));
  const out = {};
  for (const a of acts) {
    if (!reg.get(a.id)) continue;
    const w = a.wait?.days || 0;
    const k = w <= 0 || max <= 0 ? 0 : w / max < 1 / 3 ? 1 : w / max < 2 / 3 ? 2 : 3;
    for (const c of WAIT_CLASSES) canvas.removeMarker(a.id, c);
    canvas.addMarker(a.id, WAIT_CLASSES[k]);
    out[a.id] = k;
  }
  return out;
}

/**
 * Marks the activities on the analytic critical path (`critical`) with the
 * marker kartla-critical and clears it from the others; returns the ids marked.
 */
export function applyCriticalPath(viewer, analysis) {
  const canvas = viewer.get('canvas');
  const reg = viewer.get('elementRegistry');
  const out = [];
  for (const a of analysis?.activities || []) {
    if (!reg.get(a.id)) continue;
    canvas.removeMarker(a.id, 'kartla-critical');
    if (!a.critical) continue;
    canvas.addMarker(a.id, 'kartla-critical');
    out.push(a.id);
  }
  return out;
}

/** Rows of the ladder: per activity its wait and process time in days and their share of the longest row. */
export function ladderRows(analysis) {
  const acts = analysis?.activities || [];
  const rows = acts.map((a) => ({
    id: a.id,
    name: a.name || a.id,
    names: a.names, // by language (web/src/elname.jsx picks the reader's)
    lane: a.lane,
    wait: (a.wait?.days || 0) * (a.visits ?? 1),
    process: (a.process?.days || 0) * (a.visits ?? 1),
    processHours: (a.process?.hours || 0) * (a.visits ?? 1),
    critical: a.critical,
  }));
  const total = rows.reduce((s, r) => s + r.wait + r.process, 0) || 1;
  let at = 0;
  for (const r of rows) {
    r.start = at / total;
    r.waitShare = r.wait / total;
    r.processShare = r.process / total;
    at += r.wait + r.process;
  }
  return rows;
}
