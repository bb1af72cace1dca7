// Pieces more than one screen uses: localised names of roles, process types,
// version states and severities; the process tree flattened; the
// specification's fields; the read-only map viewer and the list of check
// findings. Screens import these from here, never from another screen.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, getLang } from './i18n.js';
import { go, nameOf } from './common.jsx';
import { makeViewer, localiseLabels } from './bpmn.js';

export function flatten(tree, out = []) {
  for (const p of tree) {
    out.push(p);
    if (p.children) flatten(p.children, out);
  }
  return out;
}

export function roleName(r) {
  if (!r) return '';
  return nameOf({ nb: r.name_nb, sv: r.name_sv, en: r.name_en });
}

export const typeName = (ty) => ({ core: t('Core processes'), support: t('Support processes'), management: t('Management processes') })[ty] || ty;

// The specification's fields as the server validates them (lib/portfolio_process.c):
// [key, label, 'text' | 'list' | 'indicators'].
export const SPEC_FIELDS = [
  ['level', 'Level', 'text'],
  ['owner', 'Owner', 'text'],
  ['responsible', 'Responsible', 'text'],
  ['team', 'Team', 'list'],
  ['purpose', 'Purpose', 'text'],
  ['customer', 'Customer', 'text'],
  ['customer_needs', 'Customer needs', 'text'],
  ['trigger', 'Begins when', 'text'],
  ['result', 'Ends when', 'text'],
  ['scope', 'Scope', 'text'],
  ['out_of_scope', 'Outside the scope', 'text'],
  ['inputs', 'Inputs', 'list'],
  ['outputs', 'Outputs', 'list'],
  ['suppliers', 'Suppliers', 'list'],
  ['interfaces', 'Interfaces', 'list'],
  ['governing_documents', 'Laws and governing documents', 'list'],
  ['systems', 'Systems and tools', 'list'],
  ['roles', 'Roles', 'list'],
  ['indicators', 'Indicators and targets', 'indicators'],
  ['risks', 'Risks', 'list'],
  ['laws', 'Laws and governing documents', 'legacy'],
];

/** A specification value as text: lists joined, indicators by name and target. */
export function specText(v) {
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? [x.name, x.target].filter(Boolean).join(': ') : String(x))).join('; ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v ?? '');
}

export const stateName = (s) =>
  ({ draft: t('Draft'), submitted: t('Submitted'), approved: t('Approved'), rejected: t('Rejected'), superseded: t('Superseded'), in_review: t('In review') })[
    s
  ] || s;

/** A bpmn-js viewer of `xml`; onOpen(elementId) for clicks on linked elements. */
export function MapView({ xml, links = [], children: kids = [], onReady, label, height = 480 }) {
  const ref = useRef(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let viewer;
    let live = true;
    (async () => {
      viewer = await makeViewer(ref.current);
      try {
        await viewer.importXML(xml);
        if (!live) return;
        localiseLabels(viewer, getLang());
        viewer.get('canvas').zoom('fit-viewport', 'auto');
        const linked = new Map(links.filter((l) => l.process_id).map((l) => [l.element_id, l.process_id]));
        // A collapsed sub-process or a call activity without a link the server
        // resolved opens the child process of the same name (in any language).
        for (const el of viewer.get('elementRegistry').getAll()) {
          const bo = el.businessObject;
          const collapsed = bo?.$type === 'bpmn:CallActivity' || (bo?.$type === 'bpmn:SubProcess' && el.collapsed);
          if (!collapsed || linked.has(el.id) || !bo.name) continue;
          const want = bo.name.trim().toLowerCase();
          const child = kids.find((c) => Object.values(c.name || {}).some((n) => n && n.trim().toLowerCase() === want));
          if (child) linked.set(el.id, child.id);
        }
        for (const id of linked.keys()) {
          try {
            viewer.get('canvas').addMarker(id, 'kartla-link');
          } catch {
            /* not drawn */
          }
        }
        viewer.get('eventBus').on('element.click', (e) => {
          const pid = linked.get(e.element.id);
          if (pid) go(`/process/${pid}`);
        });
        window.__kartla.viewer = viewer;
        onReady && onReady(viewer);
      } catch (err) {
        setError(err);
      }
    })();
    return () => {
      live = false;
      viewer && viewer.destroy();
    };
  }, [xml]);
  return (
    <div>
      {error && (
        <p class="error" role="alert">
          {t('The map could not be shown: {msg}', { msg: error.message })}
        </p>
      )}
      <div class="canvas" ref={ref} style={{ height: `${height}px` }} role="region" aria-label={label || t('Process map')} />
    </div>
  );
}

/** "1 error, 2 warnings": the check's counts with the singular where it is one. */
export function countsText(e = 0, w = 0) {
  const one = (n, sing, pl) => t(n === 1 ? sing : pl, { n });
  return `${one(e, '{n} error', '{n} errors')}, ${one(w, '{n} warning', '{n} warnings')}`;
}

// A role's level and kind, and a role scheme's preset, as words (never the codes).
export const levelName = (l) => ({ strategic: t('Strategic'), tactical: t('Tactical'), operational: t('Operational') })[l] || l || '';
export const kindName = (k) =>
  ({
    owner: t('Process owner'),
    responsible: t('Process responsible'),
    team: t('Process team'),
    advisor: t('Process advisor'),
    resource: t('Domain resource'),
    facilitator: t('Process facilitator'),
    steward: t('Model steward'),
    other: t('Other role'),
  })[k] ||
  k ||
  '';
export const presetName = (p) =>
  ({ university: t('University model'), municipality: t('Municipality model'), generic: t('General model'), custom: t('Own model') })[p] || p || '';

export const sevName = (s) => ({ error: t('Error'), warning: t('Warning'), info: t('Information') })[s] || s;

// A stored finding carries its message in every language ("messages", set
// when the version was saved); older ones and the live check have "message".
export const findingText = (f) => (f.messages && f.messages[getLang()]) || f.message;

export function Findings({ findings, onSelect }) {
  return (
    <ul class="findings">
      {findings.map((f, i) => (
        <li key={i} class={`sev-${f.severity}`} title={f.rule ? t('Rule {rule}', { rule: f.rule }) : undefined}>
          <span class="sev">{sevName(f.severity)}</span>{' '}
          {onSelect && f.element ? (
            <button type="button" class="link" onClick={() => onSelect(f.element)}>
              {findingText(f)}
            </button>
          ) : (
            <span>{findingText(f)}</span>
          )}{' '}
        </li>
      ))}
    </ul>
  );
}
