// bpmn-js glue: the Kartla moddle extension, the translate service on the
// UI's dictionary, the basic palette (the symbols facilitators are trained
// in) with a switch to the full BPMN palette, markers for findings and diffs,
// and helpers to read and write the kartla:* extension elements.
import kartlaModdle from '../moddle/kartla.json';
import { bpmnTranslate } from './i18n.js';
import { hyphenModule } from './hyphen.js';

export const kartlaExtension = { kartla: kartlaModdle };

const translateModule = { translate: ['value', bpmnTranslate] };

/* ---- palette ---- */

const BASIC = new Set([
  'hand-tool',
  'lasso-tool',
  'space-tool',
  'global-connect-tool',
  'tool-separator',
  'create.start-event',
  'create.end-event',
  'create.task',
  'create.exclusive-gateway',
  'kartla.parallel-gateway',
  'create.participant-expanded',
  'create.subprocess-expanded',
  'create.data-object',
  'kartla.text-annotation',
]);

function KartlaPalette(palette, create, elementFactory, translate, eventBus, canvas) {
  this.full = false;
  this._eventBus = eventBus;
  const shape = (type, title, cls) => ({
    group: type === 'bpmn:TextAnnotation' ? 'artifact' : 'gateway',
    className: cls,
    title: translate(title),
    action: {
      dragstart: (ev) => create.start(ev, elementFactory.createShape({ type })),
      click: (ev) => create.start(ev, elementFactory.createShape({ type })),
    },
  });
  this.getPaletteEntries = () => (entries) => {
    const all = {
      ...entries,
      'kartla.parallel-gateway': shape('bpmn:ParallelGateway', 'Create parallel gateway', 'bpmn-icon-gateway-parallel'),
      'kartla.text-annotation': shape('bpmn:TextAnnotation', 'Create text annotation', 'bpmn-icon-text-annotation'),
    };
    if (this.full) return all;
    const out = {};
    for (const [k, v] of Object.entries(all)) if (BASIC.has(k)) out[k] = v;
    return out;
  };
  palette.registerProvider(500, this);
  // diagram-js gives the entries an aria-label but no title: without one a
  // sighted user gets no tooltip. The title repeats the translated label.
  eventBus.on(['palette.create', 'palette.changed'], () => {
    const box = canvas.getContainer();
    for (const el of box.querySelectorAll('.djs-palette .entry[aria-label]')) el.title = el.getAttribute('aria-label');
  });
}
KartlaPalette.$inject = ['palette', 'create', 'elementFactory', 'translate', 'eventBus', 'canvas'];
KartlaPalette.prototype.setFull = function (full) {
  this.full = full;
  // diagram-js's palette asks its providers again on this event (meant for a
  // language change; the entries are what change here).
  this._eventBus.fire('i18n.changed');
};

export const kartlaPaletteModule = { __init__: ['kartlaPalette'], kartlaPalette: ['type', KartlaPalette] };

let viewerModule = null;
/** Starts loading the viewer's code (a separate chunk) while a screen fetches its data. */
export function preloadViewer() {
  viewerModule ??= import('bpmn-js/lib/NavigatedViewer');
  return viewerModule;
}

export async function makeViewer(container) {
  const { default: NavigatedViewer } = await preloadViewer();
  return new NavigatedViewer({ container, moddleExtensions: kartlaExtension, additionalModules: [translateModule, hyphenModule] });
}

export async function makeModeler(container) {
  const { default: Modeler } = await import('bpmn-js/lib/Modeler');
  return new Modeler({
    container,
    moddleExtensions: kartlaExtension,
    additionalModules: [translateModule, hyphenModule, kartlaPaletteModule],
  });
}

/* ---- labels in the user's language (i18n:translation) ---- */

/** Replaces each element's label with its i18n translation for `lang`, if any. */
export function localiseLabels(viewer, lang) {
  const reg = viewer.get('elementRegistry');
  const graphicsFactory = viewer.get('graphicsFactory');
  for (const el of reg.getAll()) {
    const bo = el.businessObject;
    const ext = bo?.extensionElements?.values || [];
    const tr = ext.find((v) => v.$type?.endsWith('translation') && (v['xml:lang'] || v.$attrs?.['xml:lang']) === lang);
    const text = tr?.$body || tr?.text;
    if (text && bo.name !== text) {
      bo.name = text;
      const gfx = reg.getGraphics(el);
      if (gfx) graphicsFactory.update(el.waypoints ? 'connection' : 'shape', el, gfx);
      if (el.label) graphicsFactory.update('shape', el.label, reg.getGraphics(el.label));
    }
  }
}

/* ---- Kartla extension elements ---- */

export function kartlaGet(bo, type) {
  return (bo?.extensionElements?.values || []).find((v) => v.$type === `kartla:${type}`) || null;
}

/** Sets (attrs an object) or removes (attrs null) a kartla:<type> element, through the command stack. */
export function kartlaSet(modeler, element, type, attrs) {
  const modeling = modeler.get('modeling');
  const moddle = modeler.get('moddle');
  const bo = element.businessObject;
  let ext = bo.extensionElements;
  const values = ext ? ext.values.filter((v) => v.$type !== `kartla:${type}`) : [];
  if (attrs) {
    const el = moddle.create(`kartla:${type}`, attrs);
    values.push(el);
  }
  if (!ext) ext = moddle.create('bpmn:ExtensionElements', { values: [] });
  const next = moddle.create('bpmn:ExtensionElements', { values });
  values.forEach((v) => (v.$parent = next));
  next.$parent = bo;
  modeling.updateProperties(element, { extensionElements: values.length ? next : undefined });
}

export function clearMarkers(viewer, ids, cls) {
  const canvas = viewer.get('canvas');
  for (const id of ids) {
    try {
      canvas.removeMarker(id, cls);
    } catch {
      /* element gone */
    }
  }
}

export function mark(viewer, id, cls) {
  const reg = viewer.get('elementRegistry');
  if (reg.get(id)) {
    viewer.get('canvas').addMarker(id, cls);
    return true;
  }
  return false;
}
