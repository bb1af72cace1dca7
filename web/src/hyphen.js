// Labels broken at word boundaries (issue 11 §11). diagram-js lays out SVG
// labels itself (CSS hyphens do not reach SVG text): a word wider than the
// shape was cut at any letter ("dokumentasj/on"). It does break at soft
// hyphens (U+00AD), showing "-", so long words get soft hyphens at syllable
// boundaries first: before the last consonant (or consonant digraph) of a
// cluster between two vowels, keeping three letters on each side. The rule
// suits nb and sv and does no harm in en. The soft hyphens are taken out of
// the drawn text again (only the layout sees them); the model is unchanged.
const VOWEL = /[aeiouyæøåäöéèêáàóòüAEIOUYÆØÅÄÖÉÈÊÁÀÓÒÜ]/;
const LETTER = /\p{L}/u;
// Consonant groups kept together at the start of a syllable ("kom-plett",
// "kon-troll", "do-ku-men-ta-sjon").
const ONSETS = [
  'skj',
  'sch',
  'stj',
  'skr',
  'spr',
  'str',
  'spl',
  'sj',
  'kj',
  'tj',
  'gj',
  'hj',
  'ch',
  'ph',
  'th',
  'pl',
  'pr',
  'bl',
  'br',
  'kl',
  'kr',
  'fl',
  'fr',
  'gl',
  'gr',
  'tr',
  'dr',
  'sk',
  'sp',
  'st',
];
const MIN = 3; // letters kept before and after a break
const LONG = 8; // shorter words are left alone
const SHY = '\u00AD';

/** The break points (indices) of one word. */
function breaks(w) {
  const out = [];
  let i = 0;
  while (i < w.length && !VOWEL.test(w[i])) i++;
  while (i < w.length) {
    while (i < w.length && VOWEL.test(w[i])) i++; // the vowels
    const c0 = i;
    while (i < w.length && !VOWEL.test(w[i])) i++; // the consonants
    if (i >= w.length || i === c0) break;
    const cluster = w.slice(c0, i).toLowerCase();
    let at = i - 1; // before the last consonant
    for (const o of ONSETS) if (cluster.endsWith(o) && cluster.length >= o.length) at = Math.min(at, i - o.length);
    if (at >= MIN && w.length - at >= MIN) out.push(at);
  }
  return out;
}

/** `word` with soft hyphens at its syllable boundaries; short or non-letter words unchanged. */
export function hyphenateWord(word) {
  if (word.length < LONG || ![...word].every((ch) => LETTER.test(ch))) return word;
  let s = '';
  let from = 0;
  for (const b of breaks(word)) {
    s += word.slice(from, b) + SHY;
    from = b;
  }
  return s + word.slice(from);
}

/** Every long word of `text` hyphenated with soft hyphens. */
export function hyphenate(text) {
  return String(text ?? '').replace(/\p{L}+/gu, hyphenateWord);
}

let measureCtx = null;

/** The drawn width of `s` in `style` (fontSize, fontFamily, fontWeight), by a canvas. */
function textWidth(s, style) {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return 0;
  const size = typeof style?.fontSize === 'number' ? `${style.fontSize}px` : style?.fontSize || '12px';
  measureCtx.font = `${style?.fontWeight || 'normal'} ${size} ${style?.fontFamily || 'Arial, sans-serif'}`;
  return measureCtx.measureText(s).width;
}

/**
 * The layout box made wide enough for the widest piece of a word that may not
 * be broken (a word up to its soft hyphens). diagram-js cuts a word wider than
 * the box at any letter: a label box drawn for "No" cut its translation "Nej"
 * into "N" / "ej". Returns the options unchanged when every piece fits.
 */
function wideEnough(text, options, style) {
  const box = options?.box;
  if (!box || !(box.width > 0)) return options;
  let widest = 0;
  for (const piece of text.split(/[\s\u00AD-]+/)) if (piece) widest = Math.max(widest, textWidth(piece, style));
  const need = Math.ceil(widest) + 4; // diagram-js's own rounding and padding
  return need > box.width ? { ...options, box: { ...box, width: need } } : options;
}

/** bpmn-js module: the renderer lays out labels with the soft hyphens, then draws them without. */
function HyphenatedLabels(textRenderer) {
  const create = textRenderer.createText.bind(textRenderer);
  textRenderer.createText = (text, options) => {
    const soft = hyphenate(text);
    const style = { ...textRenderer.getDefaultStyle?.(), ...options?.style };
    const wide = wideEnough(soft, options, style);
    const el = create(soft, wide);
    // a widened box is centred on the one asked for: lines move back by half the difference
    const shift = wide === options ? 0 : (wide.box.width - options.box.width) / 2;
    for (const ts of el.querySelectorAll('tspan')) {
      if (ts.textContent.includes(SHY)) ts.textContent = ts.textContent.replaceAll(SHY, '');
      if (shift && ts.hasAttribute('x')) ts.setAttribute('x', String(Number(ts.getAttribute('x')) - shift));
    }
    return el;
  };
  for (const k of ['getExternalLabelBounds', 'getTextAnnotationBounds']) {
    const orig = textRenderer[k]?.bind(textRenderer);
    if (orig) textRenderer[k] = (bounds, text) => orig(bounds, hyphenate(text));
  }
}
HyphenatedLabels.$inject = ['textRenderer'];

export const hyphenModule = { __init__: ['hyphenatedLabels'], hyphenatedLabels: ['type', HyphenatedLabels] };
