// Shared helpers for the bpmn-moddle oracle tests: where things are, running
// `kartla convert`, loading bpmn-moddle from web/node_modules, and a canonical
// form of a moddle element used to compare the parse of an input with the
// parse of our export.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KARTLA = process.env.KARTLA || path.join(REPO, 'build/cli/kartla');
/** The BPMN corpus carried in the repository (tests/data/bpmn, see its README). */
export const DATA = path.join(REPO, 'tests/data/bpmn');
/** The optional full corpus beside the clone; tests over it are skipped with a message when it is absent. */
export const SHARED = process.env.KARTLA_SHARED || path.resolve(REPO, '../shared/data/bpmn');
export const HAVE_SHARED = fs.existsSync(SHARED);
/** `skip` option of the tests that need the optional corpus: false, or why they are skipped. */
export const SHARED_SKIP = HAVE_SHARED ? false : `optional corpus ${SHARED} is absent (a plain clone has no ../shared)`;
export const KARTLA_NS = 'urn:kartla:bpmn:1.0';
export const FIXTURES = path.join(REPO, 'tests/oracle/fixtures');

const webRequire = createRequire(new URL('../../web/package.json', import.meta.url));
const moddleMod = await import(pathToFileURL(webRequire.resolve('bpmn-moddle')).href);
/** @type {(packages?: object, options?: object) => any} */
export const BpmnModdle = moddleMod.BpmnModdle || moddleMod.default;

export function kartlaDescriptor() {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'web/moddle/kartla.json'), 'utf8'));
}

/** Every .bpmn file under `dir`, as paths relative to it, sorted. */
export function listBpmn(dir = DATA) {
  const out = [];
  const walk = (rel) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.name.endsWith('.bpmn')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/**
 * The corpus the oracle tests run over: every file of tests/data/bpmn, and, when the
 * optional full corpus is present, its files that are not carried; sorted by `rel`.
 * @returns {{ rel: string, src: string, shared: boolean }[]}
 */
export function corpus() {
  const carried = listBpmn(DATA);
  const out = carried.map((rel) => ({ rel, src: path.join(DATA, rel), shared: false }));
  if (HAVE_SHARED) {
    const have = new Set(carried);
    for (const rel of listBpmn(SHARED)) if (!have.has(rel)) out.push({ rel, src: path.join(SHARED, rel), shared: true });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** The corpus files that need `--repair` (tests/golden/repair.txt). */
export function repairList() {
  const text = fs.readFileSync(path.join(REPO, 'tests/golden/repair.txt'), 'utf8');
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

export function tmpDir(tag = 'oracle') {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kartla-${tag}-`));
}

/** Runs `kartla ARGS...`; resolves to { code, stdout, stderr } (never rejects on exit status). */
export function kartla(...args) {
  return new Promise((resolve, reject) => {
    execFile(KARTLA, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

/**
 * Reads a BPMN file as moddle must see it: bpmn-moddle only decodes UTF-8,
 * so files declaring ISO-8859-1 are decoded here and their declaration is
 * rewritten (otherwise names would be mangled and moddle would warn about
 * the encoding, which says nothing about our export).
 */
export function readXml(file) {
  const buf = fs.readFileSync(file);
  const head = buf.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head);
  if (m && /^(iso-8859-1|latin-?1)$/i.test(m[1])) {
    return buf.toString('latin1').replace(m[0], m[0].replace(m[1], 'UTF-8'));
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Applies what XML 1.0 requires of a parser and moddle's parser (saxen) does
 * not do: end-of-line handling (§2.11: CR LF and lone CR become LF) and, in
 * attribute values, normalisation of literal tab, CR and LF to a space
 * (§3.3.3; character references such as &#10; are kept). Without it moddle
 * would read a literal line break inside name="..." as a line break, where
 * every conforming parser (expat included) reads a space.
 */
export function xmlNormalize(xml) {
  const text = xml.replace(/\r\n?/g, '\n');
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<[A-Za-z_][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;
  return text.replace(re, (tok) => {
    if (tok[1] === '!' || tok[1] === '?') return tok;
    return tok.replace(/"[^"]*"|'[^']*'/g, (v) => v.replace(/[\t\n]/g, ' '));
  });
}

/** Values of every attribute literally named `id` in raw XML text. */
export function rawIds(xml) {
  const ids = [];
  const re = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m;
  while ((m = re.exec(xml))) ids.push(m[1] ?? m[2]);
  return ids;
}

const PRIMITIVE = new Set(['String', 'Boolean', 'Integer', 'Real']);

function isModdle(v) {
  return v !== null && typeof v === 'object' && typeof v.$type === 'string';
}

/** Moddle children of an element (contained, not referenced). */
export function containedChildren(el) {
  const out = [];
  const desc = el.$descriptor;
  if (desc.isGeneric) {
    for (const c of el.$children || []) if (isModdle(c)) out.push(c);
    return out;
  }
  for (const p of desc.properties) {
    if (p.isReference || p.isVirtual || PRIMITIVE.has(p.type)) continue;
    const v = el[p.name];
    for (const c of Array.isArray(v) ? v : v === undefined ? [] : [v]) if (isModdle(c)) out.push(c);
  }
  return out;
}

/** Every moddle element with an id, walking containment from the root (document order). */
export function elementsWithId(root) {
  const out = [];
  const walk = (el) => {
    if (!el.$descriptor.isGeneric && el.$descriptor.idProperty && el.id !== undefined) out.push(el);
    for (const c of containedChildren(el)) walk(c);
  };
  walk(root);
  return out;
}

/**
 * bpmn-moddle with Kartla's descriptor (web/moddle/kartla.json), as the
 * browser editor loads it. With the descriptor moddle names the Kartla
 * namespace `kartla` whatever prefix a document binds it to (and gives another
 * namespace declared as `kartla` an `nsN` alias), so `kartla:` in moddle's
 * names always means urn:kartla:bpmn:1.0; the repair attributes are typed
 * properties `kartla:unresolved` and `kartla:originalId`.
 */
export function typedModdle() {
  return new BpmnModdle({ kartla: kartlaDescriptor() });
}

const REPAIR_ATTRS = new Set(['kartla:unresolved', 'kartla:originalId']);

/** A Kartla repair attribute (`unresolved` or `originalId`) of an element of a typed parse. */
export function repairAttr(el, local) {
  const key = `kartla:${local}`;
  const v = el.$descriptor?.isGeneric ? el[key] : el.get(key);
  return v ?? el.$attrs?.[key];
}

/** Attributes the comparison leaves to the repair checks: repair attributes and the Kartla namespace declaration. */
function isRepairAttr(el, key, value) {
  return REPAIR_ATTRS.has(key) || (key.startsWith('xmlns') && value === KARTLA_NS);
}

/*
 * Element text is compared without leading and trailing whitespace: moddle
 * drops whitespace-only text nodes next to a CDATA section but keeps the same
 * whitespace once the writer has turned the CDATA section into escaped text,
 * although the XML infoset (character data) is the same.
 */
function bodyText(v) {
  return typeof v === 'string' ? v.trim() : v;
}

/**
 * A canonical, comparable form of one element: its type, every simple
 * property, every reference (as the name `refName` gives the target, dropped
 * when it gives null), unknown attributes (minus those `ignoreAttr(el, key,
 * value)` is true for), and its
 * contained children: id-bearing ones as '#'+name (they are compared on
 * their own), others inline.
 */
export function canon(el, refName, ignoreAttr = () => false) {
  if (!isModdle(el)) return el;
  const desc = el.$descriptor;
  const out = { $type: el.$type };
  const attrs = {};
  const addAttrs = (obj) => {
    for (const [k, v] of Object.entries(obj || {})) if (!ignoreAttr(el, k, v)) attrs[k] = v;
  };
  const child = (c) => {
    if (!isModdle(c)) return c;
    if (!c.$descriptor.isGeneric && c.$descriptor.idProperty && c.id !== undefined) {
      const n = refName(c);
      return n === null ? null : `#${n}`;
    }
    return canon(c, refName, ignoreAttr);
  };
  const list = (v) => v.map(child).filter((x) => x !== null);
  if (desc.isGeneric) {
    for (const k of Object.keys(el)) {
      if (k.startsWith('$')) continue;
      attrs[k] = el[k];
    }
    for (const [k, v] of Object.entries(attrs)) if (ignoreAttr(el, k, v)) delete attrs[k];
    if (el.$body !== undefined) out.$body = bodyText(el.$body);
    if (el.$children) out.$children = list(el.$children);
  } else {
    for (const p of desc.properties) {
      if (p.isVirtual || REPAIR_ATTRS.has(p.ns?.name)) continue;
      const v = el[p.name];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      if (p.isReference) {
        const names = (Array.isArray(v) ? v : [v]).map((t) => (isModdle(t) ? refName(t) : `?${t}`));
        const kept = names.filter((x) => x !== null);
        if (kept.length) out[p.name] = kept;
      } else if (p.isId) {
        out[p.name] = refName(el); // an id renamed by repair compares through the mapping
      } else if (PRIMITIVE.has(p.type) && !isModdle(v)) {
        out[p.name] = p.isBody ? bodyText(v) : v;
      } else {
        const c = Array.isArray(v) ? list(v) : child(v);
        if (c !== null && !(Array.isArray(c) && c.length === 0)) out[p.name] = c;
      }
    }
    addAttrs(el.$attrs);
  }
  if (Object.keys(attrs).length) {
    out.$attrs = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return out;
}

/** Parses `name=value name=value` (kartla:unresolved) into [{ name, value }]. */
export function parseUnresolved(s) {
  if (!s) return [];
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return { name: p.slice(0, i), value: p.slice(i + 1) };
    });
}

/** Runs `fn` over `items` with at most `n` in flight; resolves to the results in order. */
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** The first place two JSON-like values differ: { path, a, b }. */
export function firstDiff(a, b, at = '') {
  if (a === b) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a) ? [...Array(Math.max(a.length, b.length)).keys()] : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDiff(a[k], b[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return { path: at || '.', a, b };
}

function localName(name) {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Compares moddle's parse of an input (`inP`) with its parse of our export
 * (`exP`), both made with typedModdle(), and returns a list of problems (empty when they agree):
 *  - every id-bearing element of the input is in the export with the same
 *    $type, the same simple properties, unknown attributes, references (to the
 *    same ids), and the same id-bearing children in the same order;
 *  - without repair the export holds no element the input lacks;
 *  - each reference the input could not resolve (moddle warned) sits in the
 *    export's kartla:unresolved attribute of that element, or resolves there
 *    to an element moddle had dropped from the input (duplicate-id content);
 *  - each kartla:unresolved entry really is dangling, and each element
 *    renamed by repair (kartla:originalId) really had a duplicate id;
 *  - the raw id attributes (in any namespace) survive, up to those renames.
 * Options: repaired (the export was made with --repair), inXml / exXml (the
 * texts), nsDecls (compare namespace declarations; default true).
 */
export function compareParses(inP, exP, { repaired, inXml, exXml, nsDecls = true }) {
  const problems = [];
  const inEls = elementsWithId(inP.rootElement);
  const exEls = elementsWithId(exP.rootElement);
  const UNRESOLVED = 'kartla:unresolved';
  const ORIGINAL = 'kartla:originalId';
  const unresolvedOf = (e) => repairAttr(e, 'unresolved');
  const originalOf = (e) => repairAttr(e, 'originalId');

  const inRaw = rawIds(inXml);
  const exRaw = rawIds(exXml);
  const inCount = new Map();
  for (const x of inRaw) inCount.set(x, (inCount.get(x) || 0) + 1);

  const exById = new Map();
  const exByOrig = new Map(); // original id -> elements this conversion renamed
  for (const e of exEls) {
    if (exById.has(e.id)) problems.push(`export has id '${e.id}' twice`);
    exById.set(e.id, e);
    const o = originalOf(e);
    if (o !== undefined && !inCount.has(e.id)) {
      if (!exByOrig.has(o)) exByOrig.set(o, []);
      exByOrig.get(o).push(e);
    }
  }

  // Input element -> export element: same id and type, or renamed by repair.
  const corr = new Map();
  const back = new Map();
  for (const i of inEls) {
    let e = exById.get(i.id);
    if (!e || e.$type !== i.$type) e = (exByOrig.get(i.id) || []).find((x) => x.$type === i.$type);
    if (!e) {
      const got = exById.get(i.id);
      problems.push(got ? `${i.$type} '${i.id}' is a ${got.$type} in the export` : `${i.$type} '${i.id}' is missing from the export`);
      continue;
    }
    if (back.has(e)) problems.push(`export element '${e.id}' stands for two input elements`);
    corr.set(i, e);
    back.set(e, i);
  }
  if (!repaired) {
    for (const e of exEls) if (!back.has(e)) problems.push(`export adds ${e.$type} '${e.id}'`);
  }

  // nsDecls: false when the export went through moddle's toXML, which drops unused declarations
  const ignore = nsDecls ? isRepairAttr : (el, k, v) => isRepairAttr(el, k, v) || k === 'xmlns' || k.startsWith('xmlns:');
  const inName = (t) => (corr.has(t) ? corr.get(t).id : `!not-in-export:${t.id}`);
  const exName = (t) => (back.has(t) ? t.id : repaired ? null : `!not-in-input:${t.id}`);
  let shown = 0;
  for (const [i, e] of corr) {
    const a = canon(i, inName, ignore);
    const b = canon(e, exName, ignore);
    const sa = JSON.stringify(a);
    const sb = JSON.stringify(b);
    if (sa !== sb) {
      const d = firstDiff(a, b);
      problems.push(
        shown++ < 5
          ? `element '${i.id}' differs at ${d.path}:\n  input:  ${JSON.stringify(d.a)}\n  export: ${JSON.stringify(d.b)}`
          : `element '${i.id}' differs at ${d.path}`,
      );
    }
  }

  // References the input could not resolve.
  const exIdSet = new Set(exEls.map((e) => e.id));
  const claimed = new Set();
  for (const w of inP.warnings) {
    if (!/^unresolved reference </.test(w.message)) continue;
    const i = w.element;
    const e = corr.get(i);
    if (!e) {
      problems.push(`unresolved reference <${w.value}> on an element not in the export`);
      continue;
    }
    const prop = localName(w.property);
    const entries = parseUnresolved(unresolvedOf(e));
    const k = entries.findIndex((x, n) => x.name === prop && x.value === w.value && !claimed.has(`${e.id}\u0000${n}`));
    if (k >= 0) {
      claimed.add(`${e.id}\u0000${k}`);
      continue;
    }
    const v = e[prop] ?? e.get?.(w.property);
    const targets = (Array.isArray(v) ? v : v ? [v] : []).filter(isModdle);
    const t = targets.find((x) => x.id === w.value);
    if (t && !back.has(t)) continue; // target was in content moddle dropped from the input
    problems.push(`unresolved ${prop} <${w.value}> of '${i.id}' is neither in ${UNRESOLVED} nor resolved to content the input parse lost`);
  }
  for (const e of exEls) {
    for (const x of parseUnresolved(unresolvedOf(e))) {
      if (exIdSet.has(x.value)) problems.push(`${UNRESOLVED} of '${e.id}' holds '${x.value}', which resolves`);
    }
  }
  // Repair attributes the input already had are kept (unresolved may grow under --repair);
  // without --repair none appear.
  for (const [i, e] of corr) {
    for (const k of ['unresolved', 'originalId']) {
      const iv = repairAttr(i, k);
      const ev = repairAttr(e, k);
      if (iv === ev) continue;
      if (iv !== undefined && !(repaired && k === 'unresolved' && ev?.startsWith(`${iv} `))) problems.push(`kartla:${k} of '${i.id}' was '${iv}', is '${ev}'`);
      else if (iv === undefined && !repaired) problems.push(`'${e.id}' got kartla:${k} without --repair`);
    }
  }

  // Raw ids, in every namespace.
  const renamed = new Set();
  for (const [o, list] of exByOrig) {
    for (const e of list) {
      renamed.add(e.id);
      if ((inCount.get(o) || 0) < 2) problems.push(`'${e.id}' has ${ORIGINAL} '${o}', which was not a duplicate`);
      if (inCount.has(e.id)) problems.push(`repair renamed to '${e.id}', an id the input already used`);
    }
    if (!exById.has(o)) problems.push(`no export element keeps the original id '${o}'`);
  }
  const exRawSet = new Set(exRaw);
  for (const x of new Set(inRaw)) if (!exRawSet.has(x)) problems.push(`id '${x}' lost`);
  for (const x of exRawSet) if (!inCount.has(x) && !renamed.has(x)) problems.push(`id '${x}' appeared`);
  if (exRaw.length !== inRaw.length) problems.push(`${inRaw.length} id attributes in, ${exRaw.length} out`);
  return problems;
}
