// Helpers of the risk screens: scales and their labels in the UI language,
// colour names, score text, the filter query string, and the risk markers
// on a bpmn-js viewer (a colour on each element with risks and a badge with
// their number), from GET /api/processes/{id}/risk-markers.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { nameOf } from '../common.jsx';

export const COLOURS = ['green', 'yellow', 'red'];
export const colourName = (c) => ({ green: t('Green'), yellow: t('Yellow'), red: t('Red') })[c] || c || '';
export const decisionName = (d) => ({ accept: t('Accept'), act: t('Act') })[d] || d || '';
export const ACTION_STATUSES = ['planned', 'ongoing', 'done', 'cancelled'];
export const statusName = (s) => ({ planned: t('Planned'), ongoing: t('Ongoing'), done: t('Done'), cancelled: t('Cancelled') })[s] || s;
export const acceptanceName = (a) => ({ accept: t('Accept'), consider: t('Consider'), act: t('Act') })[a] || a;
export const kindName = (k) => ({ inherent: t('Inherent'), residual: t('Residual') })[k] || k;

/** The current scale ({id, scale}) and every scale the workspace has had, by id. */
export async function loadScales() {
  const [cur, list] = await Promise.all([get('/api/risk-scale'), get('/api/risk-scales')]);
  const byId = new Map(list.items.map((s) => [s.id, s.scale]));
  byId.set(cur.id, cur.scale);
  return { current: cur.scale, currentId: cur.id, byId };
}

/** "3 – Likely": a level with its label on `scale` in the UI language. */
export function levelLabel(scale, axis, n) {
  const l = scale?.[axis]?.[n - 1];
  return l ? `${n} – ${nameOf(l)}` : String(n);
}

/** A score as a coloured chip: R with L × C in its title. */
export function scoreText(s) {
  if (!s) return '';
  return `${s.value} (${s.likelihood} × ${s.consequence})`;
}

/** A query string from a filter object, leaving out empty values. */
export function query(f) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== '' && v != null) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Marks the elements with risks on `viewer`: the class kartla-risk-<colour>
 * and an overlay badge with the number of risks. Returns the ids marked.
 */
export function applyRiskMarkers(viewer, markers) {
  const canvas = viewer.get('canvas');
  const reg = viewer.get('elementRegistry');
  const overlays = viewer.get('overlays');
  overlays.remove({ type: 'kartla-risk' });
  const done = [];
  for (const m of markers?.elements || []) {
    if (!reg.get(m.element_id)) continue;
    for (const c of COLOURS) canvas.removeMarker(m.element_id, `kartla-risk-${c}`);
    canvas.addMarker(m.element_id, `kartla-risk-${m.colour || 'none'}`);
    const badge = document.createElement('span');
    badge.className = `risk-badge risk-${m.colour || 'none'}`;
    badge.textContent = String(m.count);
    badge.title = t('{n} risks, highest R {r} ({colour})', { n: m.count, r: m.max_value ?? '–', colour: colourName(m.colour) });
    overlays.add(m.element_id, 'kartla-risk', { position: { top: -10, right: 10 }, html: badge });
    done.push(m.element_id);
  }
  return done;
}

const I18N_NS = 'http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Elements of a BPMN map that can carry a risk: [{id, name, names}] in document order. */
export function mapElements(xml) {
  if (!xml) return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out = [];
  const want =
    /^(task|userTask|manualTask|serviceTask|sendTask|receiveTask|scriptTask|businessRuleTask|subProcess|callActivity|startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent|exclusiveGateway|parallelGateway|inclusiveGateway|eventBasedGateway|complexGateway|dataObjectReference|dataStoreReference)$/;
  for (const el of doc.getElementsByTagName('*')) {
    if (!want.test(el.localName) || !el.getAttribute('id')) continue;
    // the name's translations (MIWG i18n), for the reader's language (elname.jsx)
    const names = { '': el.getAttribute('name') || '' };
    for (const x of el.getElementsByTagNameNS(I18N_NS, 'translation'))
      if (x.parentNode?.parentNode === el && x.getAttributeNS(XML_NS, 'lang')) names[x.getAttributeNS(XML_NS, 'lang')] = x.textContent;
    out.push({ id: el.getAttribute('id'), name: names[''], names });
  }
  return out;
}
