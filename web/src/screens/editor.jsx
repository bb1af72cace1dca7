// The map editor: bpmn-js Modeler with the basic palette (switch to full
// BPMN), a side panel for Kartla's per-element data, the checker's findings
// live (POST /api/check while drawing: markers on the elements and a list;
// a click selects the element), save draft, submit, import and export, and
// auto layout (POST /api/layout; the result is imported, and one click undoes it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { all, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { A, Loading, download, go, nameOf } from '../common.jsx';
import { makeModeler, kartlaGet, kartlaSet, clearMarkers, mark } from '../bpmn.js';
import { Findings, roleName, stateName } from '../parts.jsx';
import { EditorRiskPanel } from '../panels/risk.jsx';
import { WhatIfPanel } from '../panels/leadtime.jsx';
import { formatDuration, parseDuration } from '../duration.js';
import { NumberField } from '../inputs.jsx';

export const BLANK = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:kartla="urn:kartla:bpmn:1.0" id="Definitions_1" targetNamespace="urn:kartla:map">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** A repair the server made on import, in the chosen language (by its stable code). */
function repairText(r) {
  switch (r.code) {
    case 'bpmn.dangling_ref':
      return t('A reference to something that is not in the file was kept aside.');
    case 'bpmn.duplicate_id':
      return t('An id that two elements had was renamed on one of them.');
    case 'xml.not_utf8':
      return t('The file is not the UTF-8 it says it is: it was read as Windows-1252.');
    case 'bpmn.bounds_negative':
      return t('A negative size in the drawing was made positive.');
    case 'bpmn.bounds_missing':
      return t('A missing size in the drawing was given a default.');
    case 'bpmn.unknown_element':
      return t('An element that is not BPMN was kept as it is.');
    case 'bpmn.unknown_kartla_element':
      return t('Kartla data from a newer version was kept as it is.');
    default:
      return (r.messages && r.messages[getLang()]) || r.message; // a reader's note by its own words (Visio, draw.io)
  }
}

function repairWhere(r) {
  if (r.line && r.element_id) return t('line {line}, element {id}', { line: r.line, id: r.element_id });
  if (r.line) return t('line {line}', { line: r.line });
  if (r.element_id) return t('element {id}', { id: r.element_id });
  return r.where || '';
}

/** The repairs of an import, one a line: where, what (the reader's own words in a tooltip). */
export function RepairList({ repairs }) {
  return (
    <ul class="repairs" data-testid="import-repairs">
      {repairs.map((r, i) => (
        <li key={i} data-code={r.code} title={r.message}>
          <span class="muted">{repairWhere(r)}</span> {repairText(r)}
        </li>
      ))}
    </ul>
  );
}

const isActivity = (bo) =>
  /^bpmn:(Task|UserTask|ManualTask|ServiceTask|SendTask|ReceiveTask|ScriptTask|BusinessRuleTask|SubProcess|CallActivity)$/.test(bo?.$type);
const isBranch = (bo) => bo?.$type === 'bpmn:SequenceFlow' && /^bpmn:(ExclusiveGateway|InclusiveGateway)$/.test(bo.sourceRef?.$type);

/** An ISO 8601 duration of the map as people read it in the UI language ("3 dagar"). */
const shownDuration = (iso) => (iso ? (formatDuration(iso, getLang()) ?? iso) : '');

/*
 * A time of an activity: one value, or three points (min / most likely / max),
 * typed as people write it ("3 dagar", "2 timmar 30 min", "1,5 h", "PT2H";
 * web/src/duration.js) and stored as ISO 8601. What the user types is kept as a
 * draft until the field is left (change), so a re-render meanwhile (a check
 * result arriving) never resets the text under the cursor; three points are
 * written to the model only when all three are filled (or all emptied), never
 * half, which the server would reject. A text that is no duration stays in its
 * field, marked (aria-invalid, the message in the UI language), and is reported
 * through onInvalid so the check panel counts it and save is refused.
 */
function TimeField({ label, el, modeler, type, onChange, inputErrors, onInvalid }) {
  const cur = kartlaGet(el.businessObject, type);
  const [three, setThree] = useState(!!(cur && cur.min));
  const drafts = useRef({});
  const [, redraw] = useState(0);
  const setDrafts = (d) => {
    drafts.current = d;
    redraw((x) => x + 1);
  };
  const key = (k) => `${el.id}|${type}.${k}`;
  const val = (k) => drafts.current[k] ?? inputErrors[key(k)]?.text ?? shownDuration(cur && cur[k]);
  const type_ = (k, v) => setDrafts({ ...drafts.current, [k]: v });
  // '' for an empty field, the ISO text, or undefined after marking the field.
  const parse = (k, v) => {
    if (!String(v).trim()) {
      onInvalid(key(k), null);
      return '';
    }
    const r = parseDuration(v, getLang());
    onInvalid(key(k), r.error ? { element: el.id, field: `${type}.${k}`, text: v, short: r.error, message: `${label}: ${r.error}` } : null);
    return r.error ? undefined : r.iso;
  };
  const set = (k, v) => {
    const now = kartlaGet(el.businessObject, type);
    if (!three) {
      const d = parse(k, v);
      if (d === undefined) return setDrafts({ ...drafts.current, [k]: v });
      kartlaSet(modeler, el, type, d ? { value: d } : null);
      setDrafts({});
      return onChange();
    }
    const next = { ...drafts.current, [k]: v };
    const attrs = {};
    for (const f of ['min', 'mostLikely', 'max']) {
      const text = next[f] ?? inputErrors[key(f)]?.text ?? shownDuration(now && now[f]);
      attrs[f] = f === k ? parse(f, text) : inputErrors[key(f)] ? undefined : parseDuration(text, getLang()).iso || '';
    }
    if (Object.values(attrs).includes(undefined)) return setDrafts(next);
    const filled = Object.values(attrs).filter(Boolean).length;
    if (filled === 1 || filled === 2) return setDrafts(next);
    kartlaSet(modeler, el, type, filled ? attrs : null);
    setDrafts({});
    return onChange();
  };
  const id = `${type}-${el.id}`;
  const input = (k, text) => {
    const bad = inputErrors[key(k)];
    return (
      <div class="field" key={k}>
        <label for={`${id}-${k}`}>{text}</label>
        <input
          id={`${id}-${k}`}
          name={`${type}.${k}`}
          value={val(k)}
          autocomplete="off"
          aria-invalid={bad ? 'true' : undefined}
          aria-describedby={bad ? `${id}-${k}-err` : undefined}
          onInput={(e) => type_(k, e.currentTarget.value)}
          onChange={(e) => set(k, e.currentTarget.value)}
          placeholder={shownDuration('PT2H30M')}
        />
        {bad && (
          <span class="field-error" id={`${id}-${k}-err`} role="alert">
            {bad.short}
          </span>
        )}
      </div>
    );
  };
  return (
    <fieldset class="time">
      <legend>{label}</legend>
      <label class="inline">
        <input type="checkbox" checked={three} onChange={(e) => setThree(e.currentTarget.checked)} /> {t('min / most likely / max')}
      </label>
      {three
        ? ['min', 'mostLikely', 'max'].map((k) => input(k, { min: t('Minimum'), mostLikely: t('Most likely'), max: t('Maximum') }[k]))
        : input('value', t('Time, e.g. 3 days, 2 hours 30 min or PT2H'))}
    </fieldset>
  );
}

function SidePanel({ el, modeler, roles, tick, onChange, inputErrors, onInvalid }) {
  if (!el) return <p class="muted">{t('Select an element to edit its Kartla data.')}</p>;
  const bo = el.businessObject;
  const modeling = modeler.get('modeling');
  const ca = kartlaGet(bo, 'CompleteAccurate');
  const va = kartlaGet(bo, 'ValueAdding');
  const pr = kartlaGet(bo, 'Probability');
  const raci = kartlaGet(bo, 'Raci');
  // RACI: one row per lane of the map (role = the lane's name, by convention) and
  // per role of the process's role scheme; one entry per letter, so R and A can
  // both be held. Swedish shows HUKI (U = R, H = A, K = C, I = I).
  const entries = raci?.responsibilities || [];
  const has = (role, letter) => entries.some((r) => r.role === role && r.value === letter);
  const lanes = modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:Lane' && e.businessObject.name);
  const rows = lanes.map((l) => ({ role: l.businessObject.name, lane: l.id }));
  for (const r of roles) {
    const name = roleName(r);
    if (!rows.some((x) => x.role === name)) rows.push({ role: name });
  }
  const toggleRaci = (row, letter, on) => {
    const moddle = modeler.get('moddle');
    const list = entries.filter((r) => !(r.role === row.role && r.value === letter)).map((r) => ({ role: r.role, lane: r.lane, value: r.value }));
    if (on) list.push({ role: row.role, lane: row.lane, value: letter });
    const resp = list.map((r) => moddle.create('kartla:Responsibility', Object.fromEntries(Object.entries(r).filter(([, v]) => v))));
    kartlaSet(modeler, el, 'Raci', list.length ? { responsibilities: resp } : null);
    onChange();
  };
  const letters =
    getLang() === 'sv'
      ? [
          ['R', 'U'],
          ['A', 'H'],
          ['C', 'K'],
          ['I', 'I'],
        ]
      : [
          ['R', 'R'],
          ['A', 'A'],
          ['C', 'C'],
          ['I', 'I'],
        ];
  return (
    <div class="sidepanel" data-tick={tick}>
      <h3>
        {bo.$type.replace('bpmn:', '')} <span class="muted">{el.id}</span>
      </h3>
      <div class="field">
        <label for="el-name">{t('Name')}</label>
        <input
          id="el-name"
          name="name"
          value={bo.name || ''}
          onChange={(e) => {
            modeling.updateLabel(el, e.currentTarget.value);
            onChange();
          }}
        />
      </div>
      {isActivity(bo) && (
        <>
          <TimeField
            key={`p${el.id}`}
            label={t('Process time')}
            el={el}
            modeler={modeler}
            type="ProcessTime"
            onChange={onChange}
            inputErrors={inputErrors}
            onInvalid={onInvalid}
          />
          <TimeField
            key={`w${el.id}`}
            label={t('Wait time')}
            el={el}
            modeler={modeler}
            type="WaitTime"
            onChange={onChange}
            inputErrors={inputErrors}
            onInvalid={onInvalid}
          />
          <NumberField
            key={`ca${el.id}`}
            id="el-ca"
            name="completeAccurate"
            label={t('Complete and accurate (%C&A)')}
            lo={0}
            hi={100}
            value={ca?.percent ?? null}
            pending={inputErrors[`${el.id}|completeAccurate`]}
            onInvalid={(m, text) =>
              onInvalid(
                `${el.id}|completeAccurate`,
                m && { element: el.id, field: 'completeAccurate', text, short: m, message: `${t('Complete and accurate (%C&A)')}: ${m}` },
              )
            }
            onValue={(v) => {
              kartlaSet(modeler, el, 'CompleteAccurate', v === null ? null : { percent: v });
              onChange();
            }}
          />
          <div class="field">
            <label for="el-va">{t('Value-adding')}</label>
            <select
              id="el-va"
              name="valueAdding"
              value={va ? String(va.value) : ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                kartlaSet(modeler, el, 'ValueAdding', v === '' ? null : { value: v === 'true' });
                onChange();
              }}
            >
              <option value="">{t('(not set)')}</option>
              <option value="true">{t('Yes')}</option>
              <option value="false">{t('No')}</option>
            </select>
          </div>
          {rows.length > 0 && (
            <fieldset class="raci">
              <legend>{getLang() === 'sv' ? 'HUKI' : 'RACI'}</legend>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('Role')}</th>
                    {letters.map(([v, shown]) => (
                      <th scope="col" key={v}>
                        {shown}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.role}>
                      <th scope="row">{row.role}</th>
                      {letters.map(([v, shown]) => (
                        <td key={v}>
                          <input
                            type="checkbox"
                            checked={has(row.role, v)}
                            aria-label={`${row.role}: ${shown}`}
                            onChange={(e) => toggleRaci(row, v, e.currentTarget.checked)}
                          />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          )}
        </>
      )}
      {isBranch(bo) && (
        <NumberField
          key={`pr${el.id}`}
          id="el-prob"
          name="probability"
          label={t('Probability (0–1)')}
          lo={0}
          hi={1}
          value={pr?.value ?? null}
          pending={inputErrors[`${el.id}|probability`]}
          onInvalid={(m, text) =>
            onInvalid(`${el.id}|probability`, m && { element: el.id, field: 'probability', text, short: m, message: `${t('Probability (0–1)')}: ${m}` })
          }
          onValue={(v) => {
            kartlaSet(modeler, el, 'Probability', v === null ? null : { value: v });
            onChange();
          }}
        />
      )}
    </div>
  );
}

export function Editor({ pid, vid }) {
  const ref = useRef(null);
  const fileRef = useRef(null);
  const [modeler, setModeler] = useState(null);
  const [info, setInfo] = useState(null);
  const [error, setError] = useState(null);
  const [findings, setFindings] = useState([]);
  // Fields whose text is not a valid value ("3 apor"), by element|field: counted
  // and listed with the check's findings, and save is refused while any is left.
  const [inputErrors, setInputErrors] = useState({});
  const onInvalid = (key, entry) =>
    setInputErrors((cur) => {
      if (!entry && !cur[key]) return cur;
      const next = { ...cur };
      if (entry) next[key] = entry;
      else delete next[key];
      return next;
    });
  const [checkError, setCheckError] = useState(null);
  const [selected, setSelected] = useState(null);
  const [tick, setTick] = useState(0);
  const [full, setFull] = useState(false);
  const [status, setStatus] = useState('');
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState(null); // an import read by the server, awaiting a yes
  const [imported, setImported] = useState(null); // {name, repairs} shown until the map is saved
  // The map before the last auto layout, while nothing has been drawn since (undo).
  const [beforeLayout, setBeforeLayout] = useState(null);
  const marked = useRef([]);
  const etag = useRef(null);
  const checkTimer = useRef(null);

  const runCheck = async (m) => {
    const { xml } = await m.saveXML({ format: true });
    try {
      const r = await post(`/api/check?lang=${getLang()}`, { bpmn: xml });
      setCheckError(null);
      applyFindings(m, r.findings || []);
    } catch (err) {
      setCheckError(err);
      applyFindings(m, []);
    }
  };
  const applyFindings = (m, list) => {
    for (const cls of ['kartla-error', 'kartla-warning', 'kartla-info']) clearMarkers(m, marked.current, cls);
    marked.current = [];
    for (const f of list) if (f.element && mark(m, f.element, `kartla-${f.severity}`)) marked.current.push(f.element);
    setFindings(list);
    window.__kartla.findings = list;
  };

  useEffect(() => {
    let m;
    let live = true;
    (async () => {
      try {
        const p = await get(`/api/processes/${pid}`);
        let version = null;
        let xml = BLANK;
        if (vid) {
          const r = await get(`/api/processes/${pid}/maps/${vid}`, { withEtag: true });
          version = r.data;
          etag.current = r.etag;
          xml = version.bpmn;
        } else if (p.current?.as_is) {
          xml = (await get(`/api/processes/${pid}/maps/${p.current.as_is.id}`)).bpmn;
        }
        const settings = await get('/api/settings').catch(() => ({}));
        let roles = await all('/api/roles');
        if (settings.role_scheme) roles = roles.filter((r) => String(r.scheme_id) === String(settings.role_scheme) || r.scheme_id === settings.role_scheme);
        const ras = await all(`/api/role-assignments?process_id=${pid}`).catch(() => []);
        const schemes = new Set(roles.filter((r) => ras.some((a) => a.role_id === r.id)).map((r) => r.scheme_id));
        if (schemes.size) roles = roles.filter((r) => schemes.has(r.scheme_id));
        if (!live) return;
        m = await makeModeler(ref.current);
        await m.importXML(xml);
        m.get('canvas').zoom('fit-viewport', 'auto');
        window.__kartla.modeler = m;
        m.get('eventBus').on('selection.changed', (e) => setSelected(e.newSelection.length === 1 ? e.newSelection[0] : null));
        m.get('eventBus').on('commandStack.changed', (e) => {
          if (e.trigger !== 'clear') setBeforeLayout(null);
          setTick((x) => x + 1);
          setDirty(true);
          clearTimeout(checkTimer.current);
          checkTimer.current = setTimeout(() => runCheck(m), 400);
        });
        m.get('eventBus').on('import.done', () => {
          clearTimeout(checkTimer.current);
          checkTimer.current = setTimeout(() => runCheck(m), 50);
        });
        setInfo({ p, version, roles });
        setModeler(m);
        runCheck(m);
      } catch (err) {
        setError(err);
      }
    })();
    return () => {
      live = false;
      clearTimeout(checkTimer.current);
      m && m.destroy();
    };
  }, [pid, vid]);

  // A language change re-renders the palette and context pad in the new language
  // without reloading the map (the screen is not remounted for the editor).
  useEffect(() => {
    const onLang = () => modeler && modeler.get('eventBus').fire('i18n.changed');
    addEventListener('kartla-lang', onLang);
    return () => removeEventListener('kartla-lang', onLang);
  }, [modeler]);
  // Unsaved changes: the browser asks before the page is left or reloaded.
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e) => {
      e.preventDefault();
      e.returnValue = '';
    };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [dirty]);
  const select = (id) => {
    const el = modeler.get('elementRegistry').get(id);
    if (el) {
      modeler.get('selection').select(el);
      modeler.get('canvas').scrollToElement?.(el);
    }
  };
  const togglePalette = () => {
    setFull(!full);
    modeler.get('kartlaPalette').setFull(!full);
  };
  // The refusal to save goes away once every marked field is corrected.
  useEffect(() => {
    if (!Object.keys(inputErrors).length) setError((e) => (e?.input ? null : e));
  }, [inputErrors]);
  const save = async () => {
    setStatus('');
    setError(null);
    const bad = Object.values(inputErrors);
    if (bad.length) {
      // Refused, not silently: the first marked field is shown and gets the focus.
      const el = modeler.get('elementRegistry').get(bad[0].element);
      if (el) modeler.get('selection').select(el);
      setError({ input: true, message: t('Not saved: {n} fields have values that are not understood. Correct the marked fields.', { n: bad.length }) });
      setTimeout(() => document.querySelector('.sidepanel [aria-invalid="true"]')?.focus(), 0);
      return;
    }
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const editable = info.version && (info.version.state === 'draft' || info.version.state === 'rejected');
      if (editable) {
        const r = await patch(
          `/api/processes/${pid}/maps/${vid}`,
          { bpmn: xml },
          { headers: etag.current ? { 'if-match': etag.current } : {}, withEtag: true },
        );
        etag.current = r.etag;
        setInfo({ ...info, version: r.data });
        applyFindings(modeler, r.data.findings || []);
        setDirty(false);
        setImported(null);
        setStatus(t('Draft saved.'));
      } else {
        const v = await post(`/api/processes/${pid}/maps`, { bpmn: xml });
        setDirty(false);
        go(`/process/${pid}/edit/${v.id}`);
      }
    } catch (err) {
      setError(err);
    }
  };
  const submit = async () => {
    setError(null);
    try {
      if (dirty) await save();
      await post(`/api/processes/${pid}/maps/${vid}/submit`, {});
      go(`/process/${pid}/versions`);
    } catch (err) {
      setError(err);
    }
  };
  // Import: the server reads the file (any tool's BPMN, Visio, draw.io) and repairs what it
  // must, listing each repair; nothing is replaced silently and unsaved work is asked about.
  const importFile = async (e) => {
    const input = e.currentTarget;
    const f = input.files[0];
    if (!f) return;
    setError(null);
    setStatus(t('Reading {name}…', { name: f.name }));
    try {
      const r = await post(`/api/import?name=${encodeURIComponent(f.name)}`, await f.arrayBuffer(), { raw: true });
      const p = { name: f.name, bpmn: r.bpmn, repairs: r.repairs || [] };
      setStatus('');
      if (p.repairs.length || dirty) setPending(p);
      else await applyImport(p);
    } catch (err) {
      setStatus('');
      setError(err);
    }
    input.value = '';
  };
  const applyImport = async (p) => {
    setPending(null);
    try {
      await modeler.importXML(p.bpmn);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      setDirty(true);
      setBeforeLayout(null); // "Undo auto layout" would bring back the drawing before the import
      setImported(p.repairs.length ? { name: p.name, repairs: p.repairs } : null);
      setStatus(t('Imported {name}.', { name: p.name }));
    } catch (err) {
      setError(err);
    }
  };
  // Auto layout: the server lays the map out; the result replaces the drawing as an
  // import (which clears bpmn-js's undo history, hence the question when there are
  // unsaved changes), and "Undo auto layout" brings the drawing before it back.
  const autoLayout = async () => {
    setError(null);
    setStatus('');
    if (
      dirty &&
      !window.confirm(
        t('Auto layout redraws the whole map, and your unsaved changes can then no longer be undone one by one (the layout itself can). Continue?'),
      )
    )
      return;
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const laid = await post('/api/layout', xml, { xml: true });
      await modeler.importXML(laid);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      setBeforeLayout(xml);
      setDirty(true);
      setStatus(t('The map was laid out automatically.'));
    } catch (err) {
      setError(err);
    }
  };
  const undoLayout = async () => {
    setError(null);
    try {
      await modeler.importXML(beforeLayout);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      setBeforeLayout(null);
      setStatus(t('Auto layout undone.'));
    } catch (err) {
      setError(err);
    }
  };
  const exportAs = async (kind) => {
    const base = (nameOf(info.p.name) || 'map').replace(/[^\p{L}\p{N}]+/gu, '-');
    if (kind === 'bpmn') {
      const { xml } = await modeler.saveXML({ format: true });
      return download(`${base}.bpmn`, xml, 'application/xml');
    }
    const { svg } = await modeler.saveSVG();
    if (kind === 'svg') return download(`${base}.svg`, svg, 'image/svg+xml');
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = img.width * 2;
      c.height = img.height * 2;
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      c.toBlob((b) => download(`${base}.png`, b, 'image/png'));
    };
    img.src = url;
  };
  const inputFindings = Object.values(inputErrors).map((e) => ({ severity: 'error', element: e.element, message: e.message, rule: 'input' }));
  const allFindings = [...inputFindings, ...findings];
  const counts = allFindings.reduce((a, f) => ({ ...a, [f.severity]: (a[f.severity] || 0) + 1 }), {});
  const canSubmit = info?.version && (info.version.state === 'draft' || info.version.state === 'rejected');
  return (
    <div class="editor">
      <div class="titlebar">
        <h1>
          {info ? <A to={`/process/${pid}`}>{nameOf(info.p.name)}</A> : '…'}{' '}
          <span class="muted">
            {info?.version ? t('version {n}, {state}', { n: info.version.number, state: stateName(info.version.state) }) : t('new draft')}
          </span>
          {dirty && <span class="badge">{t('unsaved changes')}</span>}
        </h1>
        <div class="actions" role="toolbar" aria-label={t('Map actions')}>
          <button type="button" onClick={togglePalette} aria-pressed={full ? 'true' : 'false'} disabled={!modeler}>
            {full ? t('Basic palette') : t('Full BPMN palette')}
          </button>
          <button type="button" onClick={autoLayout} disabled={!modeler} data-testid="auto-layout">
            {t('Auto layout')}
          </button>
          {beforeLayout && (
            <button type="button" onClick={undoLayout} data-testid="undo-layout">
              {t('Undo auto layout')}
            </button>
          )}
          <label class="button" for="import-file" title={t('Import a map (.bpmn, .xml, .vsdx, .vsd, .drawio)')}>
            {t('Import a map')}
          </label>
          <input
            id="import-file"
            ref={fileRef}
            type="file"
            accept=".bpmn,.xml,.vsdx,.vsdm,.vsd,.vdx,.drawio,application/xml"
            class="sr-only"
            onChange={importFile}
            disabled={!modeler}
          />
          <button type="button" onClick={() => exportAs('bpmn')} disabled={!modeler}>
            {t('Export BPMN')}
          </button>
          <button type="button" onClick={() => exportAs('svg')} disabled={!modeler}>
            {t('Export SVG')}
          </button>
          <button type="button" onClick={() => exportAs('png')} disabled={!modeler}>
            {t('Export PNG')}
          </button>
          <button type="button" class="primary" onClick={save} disabled={!modeler}>
            {t('Save draft')}
          </button>
          <button type="button" onClick={submit} disabled={!canSubmit}>
            {t('Submit for approval')}
          </button>
        </div>
      </div>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {status && (
        <p class="status" role="status">
          {status}
        </p>
      )}
      {pending && (
        <div class="import-confirm" role="dialog" aria-modal="false" aria-labelledby="import-confirm-title">
          <h2 id="import-confirm-title">{t('Import {name}?', { name: pending.name })}</h2>
          {pending.repairs.length > 0 && (
            <>
              <p>{t('The file needed repairs. This is what was repaired or kept aside:')}</p>
              <RepairList repairs={pending.repairs} />
            </>
          )}
          {dirty && <p class="warning">{t('The imported map replaces your unsaved changes.')}</p>}
          <div class="actions">
            <button type="button" class="primary" onClick={() => applyImport(pending)}>
              {t('Replace the drawing')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('Cancel')}
            </button>
          </div>
        </div>
      )}
      {imported && !pending && (
        <section class="import-repairs" aria-labelledby="import-repairs-title">
          <h2 id="import-repairs-title">{t('Repaired on import of {name}', { name: imported.name })}</h2>
          <RepairList repairs={imported.repairs} />
        </section>
      )}
      {!modeler && !error && <Loading />}
      <div class="editor-body">
        <div class="canvas modeler" ref={ref} aria-label={t('Map editor')} />
        <aside class="panel" aria-label={t('Element data')}>
          {modeler && (
            <SidePanel
              el={selected}
              modeler={modeler}
              roles={info.roles}
              tick={tick}
              onChange={() => setTick((x) => x + 1)}
              inputErrors={inputErrors}
              onInvalid={onInvalid}
            />
          )}
          {modeler && selected && <EditorRiskPanel pid={pid} el={selected} />}
          {modeler && <WhatIfPanel modeler={modeler} tick={tick} />}
          <h2 id="h-findings">
            {t('Check')}{' '}
            <span class="muted" data-testid="finding-count">
              {t('{e} errors, {w} warnings', { e: counts.error || 0, w: counts.warning || 0 })}
            </span>
          </h2>
          {checkError && (
            <p class="error" role="alert">
              {checkError.message}
            </p>
          )}
          {allFindings.length ? <Findings findings={allFindings} onSelect={select} /> : <p class="muted">{t('No findings.')}</p>}
        </aside>
      </div>
    </div>
  );
}
