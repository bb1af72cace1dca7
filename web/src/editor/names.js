// Element names in the editor in the UI language (docs/bpmn-extensions.md,
// "MIWG i18n"): a name in a map is its `name` attribute — the map's default
// language — plus i18n:translation children of extensionElements, one per
// language.
//
// While a map is open, the modeler's business objects carry the name in the UI
// language as their `name` (so bpmn-js draws, edits and lays out that text
// unchanged), the UI language's translation taken out of extensionElements;
// the default name is kept aside per business object. Every modeler.saveXML —
// save, check, layout, what-if, export, the local draft — writes the stored
// form back for the serialisation only ('saveXML.start', undone on
// 'saveXML.done'): the default name as `name`, the UI language's text as its
// translation. So typing a name in a Swedish UI writes a Swedish translation
// and leaves the English name as it was; where the map's language is the UI
// language, `name` itself is edited.
//
// An element with no translation in the UI language shows its default name,
// marked on the canvas (class kartla-untranslated) and in the side panel, until
// a name is typed. A new element drawn in another language than the map's gets
// its name also as its default name (until one is typed for the map's
// language), so that every reader sees a name.
export const I18N_NS = 'http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0';
export const WORKSPACE_LANGS = ['nb', 'sv', 'en'];

const isTranslation = (v) => v?.$type === 'i18n:translation' || (v?.$descriptor?.ns?.uri === I18N_NS && v.$descriptor.ns.localName === 'translation');
const langOf = (v) => v['xml:lang'] ?? v.$attrs?.['xml:lang'];
const textOf = (v) => v.$body ?? v.text ?? '';
const isDiagram = (o) => /^(bpmndi|dc|di):/.test(o?.$type || '');

/** The translations of a business object, {lang: text} (no default name). */
export function translationsOf(bo) {
  const out = {};
  for (const v of bo?.extensionElements?.values || []) if (isTranslation(v) && langOf(v)) out[langOf(v)] = textOf(v);
  return out;
}

/** Every semantic object below `root` (not the diagram's), each once. */
function walk(root, fn) {
  const seen = new Set();
  const visit = (o) => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) return o.forEach(visit);
    if (!o.$type || isDiagram(o) || isTranslation(o)) return;
    fn(o);
    for (const [k, v] of Object.entries(o)) if (k[0] !== '$' && typeof v === 'object') visit(v);
  };
  visit(root);
}

/**
 * The language of the map's `name` attributes: the xml:lang of bpmn:definitions
 * when the map says it (the editor writes it on every save; BPMN allows
 * attributes of other namespaces there). Otherwise inferred: a map without any
 * names or translations (a new one) is in the language of whoever draws it;
 * else the workspace's language, else English — unless elements carry
 * translations into that language (then `name` is not in it: the first of
 * workspace language, en, nb, sv that no element translates into). null when
 * every one of them is a translation (then `name` is never edited here).
 */
export function mapLanguage(definitions, workspaceLang, uiLang) {
  const said = definitions?.$attrs?.['xml:lang'];
  if (said) return said.toLowerCase().split('-')[0];
  const translated = new Set();
  let named = false;
  walk(definitions, (o) => {
    Object.keys(translationsOf(o)).forEach((l) => translated.add(l));
    if (o.name && o.$type !== 'bpmn:Definitions') named = true;
  });
  if (!named && !translated.size) return uiLang;
  const order = [...new Set([workspaceLang, 'en', 'nb', 'sv'].filter(Boolean))];
  return order.find((l) => !translated.has(l)) ?? null;
}

/** The per-modeler state: business object → {def, had} (default name, whether a UI translation was there). */
export class EditorNames {
  constructor(modeler, { lang, workspaceLang }) {
    this.modeler = modeler;
    this.lang = lang;
    this.workspaceLang = workspaceLang;
    this.mapLang = lang;
    this.state = new WeakMap();
    this.swapped = null;
    const bus = modeler.get('eventBus');
    // Before the import draws anything: the shown names are the UI language's.
    bus.on('import.parse.complete', (e) => this.localise(e.definitions));
    bus.on('saveXML.start', () => this.toStored());
    bus.on('saveXML.done', () => this.restore());
    bus.on(['import.done', 'elements.changed'], () => this.markUntranslated());
    modeler.get('commandStack').registerHandler('kartla.defaultName.update', DefaultNameHandler(this));
  }

  /** Whether `name` in this map is in the UI language (then no translation is written for it). */
  get same() {
    return this.mapLang === this.lang;
  }

  localise(definitions) {
    if (!definitions) return;
    this.mapLang = mapLanguage(definitions, this.workspaceLang, this.lang);
    if (this.same) return;
    walk(definitions, (bo) => {
      const vals = bo.extensionElements?.values || [];
      const mine = vals.find((v) => isTranslation(v) && langOf(v) === this.lang);
      if (!mine && !bo.name) return;
      this.state.set(bo, { def: bo.name ?? '', had: !!mine });
      if (mine) {
        bo.name = textOf(mine);
        bo.extensionElements.values = vals.filter((v) => v !== mine);
      }
    });
  }

  /** The default name of a business object ('' for a new element or none). */
  defaultName(bo) {
    return this.same ? (bo.name ?? '') : (this.state.get(bo)?.def ?? '');
  }

  setDefaultName(bo, name) {
    // a new element's shown name is a name typed in the UI language
    const st = this.state.get(bo) || { def: '', had: !!bo.name };
    this.state.set(bo, { ...st, def: name });
  }

  /** Whether the element shows its default name for want of a translation into the UI language. */
  untranslated(bo) {
    if (this.same || !bo?.name) return false;
    const st = this.state.get(bo);
    return !!st && !st.had && st.def === bo.name;
  }

  /** The texts of every workspace language for the side panel: [{lang, text, role}] (role ui, default or translation). */
  fields(bo) {
    const tr = translationsOf(bo);
    const langs = [this.lang, ...WORKSPACE_LANGS.filter((l) => l !== this.lang)];
    return langs.map((l) => {
      if (l === this.lang) return { lang: l, text: this.untranslated(bo) ? '' : (bo.name ?? ''), role: 'ui' };
      if (l === this.mapLang) return { lang: l, text: this.defaultName(bo), role: 'default' };
      return { lang: l, text: tr[l] ?? '', role: 'translation' };
    });
  }

  /** Sets the text of one language of an element through the command stack (undoable). */
  setText(element, lang, text) {
    const bo = element.businessObject;
    const modeling = this.modeler.get('modeling');
    if (lang === this.lang) {
      // emptied: the element falls back to its default name (shown, marked)
      const st = this.state.get(bo);
      if (!text && !this.same && st?.def) {
        st.had = false;
        return modeling.updateLabel(element, st.def);
      }
      // typed, even the same words as the default: now a name in the UI language. The same
      // words change no label, so no command runs to redraw the marker: redraw it here.
      if (text && st) st.had = true;
      const r = modeling.updateLabel(element, text);
      this.markUntranslated();
      return r;
    }
    if (lang === this.mapLang) return this.modeler.get('commandStack').execute('kartla.defaultName.update', { element, name: text });
    const moddle = this.modeler.get('moddle');
    const values = (bo.extensionElements?.values || []).filter((v) => !(isTranslation(v) && langOf(v) === lang));
    if (text) values.push(moddle.createAny('i18n:translation', I18N_NS, { 'xml:lang': lang, $body: text }));
    const ext = moddle.create('bpmn:ExtensionElements', { values });
    values.forEach((v) => (v.$parent = ext));
    ext.$parent = bo;
    return modeling.updateProperties(element, { extensionElements: values.length ? ext : undefined });
  }

  /** Swaps every business object to its stored form (for one serialisation). */
  toStored() {
    this.restore();
    const defs = this.modeler.getDefinitions();
    const undo = [];
    if (defs && this.mapLang && defs.$attrs && defs.$attrs['xml:lang'] !== this.mapLang) {
      const had = defs.$attrs['xml:lang'];
      defs.$attrs['xml:lang'] = this.mapLang;
      undo.push({ attrs: defs.$attrs, lang: had });
    }
    this.swapped = undo;
    if (this.same) return;
    const moddle = this.modeler.get('moddle');
    walk(defs, (bo) => {
      const st = this.state.get(bo);
      const shown = bo.name ?? '';
      if (!st && !shown) return;
      const def = st?.def || shown;
      // a new element (no state): its name is written in both places
      const write = !!shown && (!st || st.had || shown !== def);
      if (!write && def === shown) return;
      undo.push({ bo, name: bo.name, ext: bo.extensionElements, values: bo.extensionElements?.values });
      bo.name = def;
      if (write) {
        let ext = bo.extensionElements;
        if (!ext) {
          ext = moddle.create('bpmn:ExtensionElements', { values: [] });
          ext.$parent = bo;
          bo.extensionElements = ext;
        }
        const tr = moddle.createAny('i18n:translation', I18N_NS, { 'xml:lang': this.lang, $body: shown });
        tr.$parent = ext;
        ext.values = [...(ext.values || []), tr];
      }
    });
  }

  restore() {
    for (const u of (this.swapped || []).reverse()) {
      if (u.attrs) {
        if (u.lang === undefined) delete u.attrs['xml:lang'];
        else u.attrs['xml:lang'] = u.lang;
        continue;
      }
      u.bo.name = u.name;
      if (u.ext) u.ext.values = u.values;
      else delete u.bo.extensionElements;
    }
    this.swapped = null;
  }

  /** Marks on the canvas the elements that show the default name (no translation yet). */
  markUntranslated() {
    const canvas = this.modeler.get('canvas');
    for (const el of this.modeler.get('elementRegistry').getAll()) {
      if (!el.businessObject || el.type === 'label') continue;
      const on = this.untranslated(el.businessObject);
      if (canvas.hasMarker(el, 'kartla-untranslated') !== on) canvas.toggleMarker(el, 'kartla-untranslated');
      if (el.label && canvas.hasMarker(el.label, 'kartla-untranslated') !== on) canvas.toggleMarker(el.label, 'kartla-untranslated');
    }
  }

  /** How many elements show their default name for want of a translation. */
  untranslatedCount() {
    const seen = new Set();
    for (const el of this.modeler.get('elementRegistry').getAll()) if (this.untranslated(el.businessObject)) seen.add(el.businessObject);
    return seen.size;
  }
}

/** The command that sets a default name kept aside (undo and redo like any edit). */
function DefaultNameHandler(names) {
  function Handler() {}
  Handler.prototype.execute = (ctx) => {
    const bo = ctx.element.businessObject;
    ctx.old = names.defaultName(bo);
    names.setDefaultName(bo, ctx.name);
    return [ctx.element];
  };
  Handler.prototype.revert = (ctx) => {
    names.setDefaultName(ctx.element.businessObject, ctx.old);
    return [ctx.element];
  };
  return Handler;
}
