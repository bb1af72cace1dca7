// The map editor: bpmn-js Modeler with the basic palette (switch to full
// BPMN), a side panel for Kartla's per-element data, the checker's findings
// live (POST /api/check while drawing: markers on the elements and a list;
// a click selects the element), save draft, submit, import and export, and
// auto layout (POST /api/layout; the result is imported, and one click undoes it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { all, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { A, Loading, download, fmtDate, go, nameOf } from '../common.jsx';
import { makeModeler, clearMarkers, mark } from '../bpmn.js';
import { Findings, countsText, stateName } from '../parts.jsx';
import { EditorRiskPanel } from '../panels/risk.jsx';
import { WhatIfPanel } from '../panels/leadtime.jsx';
import { SubmitNote } from '../panels/submit_note.jsx';
import { RepairList } from '../editor/repairs.jsx';
import { EditorNames } from '../editor/names.js';
import { languageName } from '../editor/namefields.jsx';
import { SidePanel } from '../editor/sidepanel.jsx';
import { clearDraft, readDraft, useLeaveGuard, writeDraft } from '../editor/unsaved.js';

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

export function Editor({ pid, vid }) {
  const ref = useRef(null);
  const fileRef = useRef(null);
  const [modeler, setModeler] = useState(null);
  const [info, setInfo] = useState(null);
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(false); // the change note asked for at submit
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
  const names = useRef(null); // element names in the UI language (editor/names.js)
  // Unsaved work: a ref as well, for the leave guard and for go() right after a save.
  const dirtyRef = useRef(false);
  const markDirty = (on) => {
    dirtyRef.current = on;
    setDirty(on);
    if (!on) clearDraft(pid, vid);
  };
  const [draft, setDraft] = useState(null); // a local draft from an earlier visit, offered back
  const [untranslated, setUntranslated] = useState(0);
  useLeaveGuard(() => dirtyRef.current);
  const checkTimer = useRef(null);

  // The check of the map as it is; after a change (keep) the same XML is the local draft.
  const runCheck = async (m, keep) => {
    const { xml } = await m.saveXML({ format: true });
    if (keep && dirtyRef.current) writeDraft(pid, vid, xml);
    setUntranslated(names.current?.untranslatedCount() ?? 0);
    try {
      const r = await post(`/api/check?lang=${getLang()}&process=${pid}`, { bpmn: xml });
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
        names.current = new EditorNames(m, { lang: getLang(), workspaceLang: window.__kartla?.workspaceLang });
        await m.importXML(xml);
        m.get('canvas').zoom('fit-viewport', 'auto');
        window.__kartla.modeler = m;
        m.get('eventBus').on('selection.changed', (e) => setSelected(e.newSelection.length === 1 ? e.newSelection[0] : null));
        m.get('eventBus').on('commandStack.changed', (e) => {
          if (e.trigger !== 'clear') setBeforeLayout(null);
          setTick((x) => x + 1);
          markDirty(true);
          clearTimeout(checkTimer.current);
          checkTimer.current = setTimeout(() => runCheck(m, true), 400);
        });
        m.get('eventBus').on('import.done', () => {
          clearTimeout(checkTimer.current);
          checkTimer.current = setTimeout(() => runCheck(m, true), 50);
        });
        setInfo({ p, version, roles });
        setModeler(m);
        const d = readDraft(pid, vid);
        const { xml: now } = await m.saveXML({ format: true });
        if (d && d.xml !== now) setDraft(d);
        else if (d) clearDraft(pid, vid);
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
  // The names are read again in the new language: the map is taken in its stored
  // form and imported again (unsaved changes stay unsaved; undo starts afresh).
  useEffect(() => {
    const onLang = async () => {
      if (!modeler) return;
      modeler.get('eventBus').fire('i18n.changed');
      if (names.current.lang === getLang()) return;
      const was = dirtyRef.current;
      const { xml } = await modeler.saveXML({ format: true });
      names.current.lang = getLang();
      await modeler.importXML(xml);
      dirtyRef.current = was; // not markDirty: a draft offered meanwhile stays
      setDirty(was);
    };
    addEventListener('kartla-lang', onLang);
    return () => removeEventListener('kartla-lang', onLang);
  }, [modeler]);
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
        markDirty(false);
        setImported(null);
        setStatus(t('Draft saved.'));
      } else {
        const v = await post(`/api/processes/${pid}/maps`, { bpmn: xml });
        markDirty(false);
        go(`/process/${pid}/edit/${v.id}`);
      }
    } catch (err) {
      setError(err);
    }
  };
  const submit = async (note) => {
    setError(null);
    setAsking(false);
    try {
      if (dirty) await save();
      await post(`/api/processes/${pid}/maps/${vid}/submit`, note ? { comment: note } : {});
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
      markDirty(true);
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
      markDirty(true);
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
  // The draft from an earlier visit replaces the drawing (then unsaved, as it was).
  const restoreDraft = async () => {
    const d = draft;
    setDraft(null);
    setError(null);
    try {
      await modeler.importXML(d.xml);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      markDirty(true);
      setStatus(t('Unsaved changes restored; they are not saved yet.'));
    } catch (err) {
      setError(err);
    }
  };
  const dropDraft = () => {
    setDraft(null);
    clearDraft(pid, vid);
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
          <button type="button" onClick={() => setAsking(true)} disabled={!canSubmit}>
            {t('Submit for approval')}
          </button>
        </div>
      </div>
      {asking && <SubmitNote onSubmit={submit} onCancel={() => setAsking(false)} />}
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
      {draft && (
        <div class="draft-offer" role="alert" data-testid="draft-offer">
          <p>{t('Restore unsaved changes from {time}?', { time: fmtDate(draft.at) })}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={restoreDraft}>
              {t('Restore')}
            </button>
            <button type="button" onClick={dropDraft}>
              {t('Discard them')}
            </button>
          </div>
        </div>
      )}
      {untranslated > 0 && (
        <p class="hint" data-testid="untranslated-note">
          {t('{n} names have no {lang} version yet: the map shows their default name, in italics. Type a name to add it.', {
            n: untranslated,
            lang: languageName(getLang(), true),
          })}
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
              names={names.current}
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
              {countsText(counts.error || 0, counts.warning || 0)}
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
