// Durations and numbers as people write them, for the editor and every number
// field. Durations: the browser twin of lib/bpmn/duration_text.c (same rules,
// same messages; both are tested against tests/data/durations/durations.json):
// "3 dagar", "2 veckor", "1,5 h", "45 min", "2 timmar 30 min", "3 dager",
// "1 uke", "½ dag", "3 days", "PT2H30M" → ISO 8601 as the map file keeps it,
// and ISO 8601 → "3 dagar" in the UI language. A day stays D and a week W,
// so the lead-time analysis reads them as working days/weeks as it always has.
// Numbers: a decimal comma or point in, a comma out in nb and sv.
// No imports: node imports this file as it is (tests/oracle/durations.test.mjs).

const MAX_IN = 200;
const MAX_SECONDS = 1e10;
const NUM_MAX = 63;
const DESIGNATOR = ['W', 'D', 'H', 'M', 'S'];
const UNIT_SECONDS = [7 * 86400, 86400, 3600, 60, 1];

const WORDS = new Map(
  Object.entries({
    0: 'w wk wks week weeks v vecka veckor veckan veckorna uke uker uka uken ukene',
    1: 'd dag dagar dager dagen dagarna dagene dgr day days døgn dygn',
    2: 'h t tim time timer timen timene timme timmar timmen timmarna hour hours hr hrs',
    3: 'min mins minutt minutter minutten minuttene minut minuter minuten minuterna minute minutes',
    4: 's sek sec secs sekund sekunder sekunden sekundene sekunderna second seconds',
  }).flatMap(([u, list]) => list.split(' ').map((w) => [w, Number(u)])),
);
const JOINERS = ['og', 'och', 'and', '+', ','];

const MESSAGES = {
  unknown: [
    '«%s» forstås ikke: skriv f.eks. 3 dager, 2 timer 30 min eller PT2H30M',
    '”%s” förstås inte: skriv t.ex. 3 dagar, 2 timmar 30 min eller PT2H30M',
    "'%s' is not understood: write e.g. 3 days, 2 hours 30 min or PT2H30M",
  ],
  twice: ['«%s» står to ganger', '”%s” står två gånger', "'%s' is given twice"],
  noUnit: [
    'tallet «%s» mangler enhet (f.eks. dager, timer eller min)',
    'talet ”%s” saknar enhet (t.ex. dagar, timmar eller min)',
    "the number '%s' has no unit (such as days, hours or min)",
  ],
  empty: ['ingen tid oppgitt%s', 'ingen tid angiven%s', 'no duration given%s'],
  large: ['«%s» er for langt eller for stort', '”%s” är för långt eller för stort', "'%s' is too long or too large"],
  iso: [
    '«%s» er ingen gyldig ISO 8601-varighet (f.eks. PT2H30M eller P3D)',
    '”%s” är ingen giltig ISO 8601-tid (t.ex. PT2H30M eller P3D)',
    "'%s' is not a valid ISO 8601 duration (such as PT2H30M or P3D)",
  ],
};

const NAMES = [
  [
    ['uke', 'uker'],
    ['dag', 'dager'],
    ['time', 'timer'],
    ['min', 'min'],
    ['s', 's'],
  ],
  [
    ['vecka', 'veckor'],
    ['dag', 'dagar'],
    ['timme', 'timmar'],
    ['min', 'min'],
    ['s', 's'],
  ],
  [
    ['week', 'weeks'],
    ['day', 'days'],
    ['hour', 'hours'],
    ['min', 'min'],
    ['s', 's'],
  ],
];

const langIndex = (lang) => (/^nb/.test(lang || '') ? 0 : /^sv/.test(lang || '') ? 1 : 2);
const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c) => c >= '0' && c <= '9';
const isAlpha = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const bytes = (s) => new TextEncoder().encode(s).length;

function fail(li, kind, part) {
  const shown = part.replace(/[\u0000-\u001f\ufffd]/g, '?');
  return { error: MESSAGES[kind][li].replace('%s', shown), part: shown };
}

/** Seconds of an ISO 8601 duration as ka_duration_parse reads it, or null. */
export function isoSeconds(s) {
  if (typeof s !== 'string' || s[0] !== 'P') return null;
  let i = 1;
  let total = 0;
  let inTime = false;
  let any = false;
  let last = -1;
  while (i < s.length) {
    if (s[i] === 'T') {
      if (inTime || i + 1 >= s.length) return null;
      inTime = true;
      i++;
      continue;
    }
    const m = /^([0-9]+)(?:[.,]([0-9]+))?/.exec(s.slice(i));
    if (!m || m[1].length > 63 || (m[2] !== undefined && m[1].length + 1 + m[2].length > 63)) return null;
    const v = Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`);
    if (!Number.isFinite(v) || v > 1e12) return null;
    i += m[0].length;
    const k = DESIGNATOR.findIndex((d, j) => d === s[i] && j >= 2 === inTime);
    if (k < 0 || k <= last) return null;
    last = k;
    total += v * UNIT_SECONDS[k];
    any = true;
    i++;
  }
  return any ? total : null;
}

/** A number without leading zeros or a fraction of trailing zeros ("007.50" → "7.5"), as the C side writes it. */
function normNumber(n) {
  let [i, f = ''] = n.split('.');
  f = f.replace(/0+$/, '');
  i = i.replace(/^0+(?=[0-9])/, '');
  return f ? `${i || '0'}.${f}` : i || '0';
}

function readNumber(s, i) {
  const m = /^([0-9]*)(?:([.,])([0-9]+)|(½))?/.exec(s.slice(i));
  let num = m[1];
  let len = m[1].length;
  if (m[2] && num) {
    num += `.${m[3]}`;
    len += 1 + m[3].length;
  } else if (m[2]) {
    // a decimal sign without digits before it is no number ("…,5")
  } else if (m[4]) {
    num = `${num || '0'}.5`;
    len += 1;
  }
  if (m[2] && !m[1]) return { num: '', len: 0 };
  if (num.length > NUM_MAX) return { num, len: -1 };
  return { num: num && normNumber(num), len };
}

function wordLen(s, i) {
  let n = 0;
  while (i + n < s.length && (isAlpha(s[i + n]) || (s.charCodeAt(i + n) >= 0x80 && s[i + n] !== '½'))) n++;
  if (n && s[i + n] === '.') n++;
  return n;
}

function findUnit(w) {
  const word = w.length > 1 && w.endsWith('.') ? w.slice(0, -1) : w;
  return WORDS.has(word) ? WORDS.get(word) : -1;
}

function skipJoiner(s, i) {
  while (i < s.length && isSpace(s[i])) i++;
  for (const j of JOINERS) {
    if (s.startsWith(j, i) && (/[+,]/.test(j) || !isAlpha(s[i + j.length] || ''))) {
      i += j.length;
      break;
    }
  }
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

const spanUntilSpace = (s, i) => {
  const k = s.indexOf(' ', i);
  return k < 0 ? s.length - i : k - i;
};

/**
 * Reads a duration as a person wrote it, in language lang (messages only; the
 * units of nb, sv and en are understood whatever the language). Returns
 * {iso, seconds} or {error, part} with error in lang naming the part.
 */
export function parseDuration(text, lang) {
  const li = langIndex(lang);
  let a = 0;
  let b = (text ?? '').length;
  const raw = text ?? '';
  while (a < b && isSpace(raw[a])) a++;
  while (b > a && isSpace(raw[b - 1])) b--;
  const s = raw.slice(a, b);
  if (!s) return fail(li, 'empty', '');
  if (bytes(s) > MAX_IN) return fail(li, 'large', s.slice(0, 40));
  let low = s.toLowerCase();
  const orig = low.length === s.length ? s : low;
  if (low.length !== s.length) low = orig;
  if (low[0] === 'p' && (isDigit(low[1] || '') || low[1] === 't')) {
    if (bytes(s) >= 96) return fail(li, 'large', s);
    const iso = s.toUpperCase().replace(/,/g, '.');
    const seconds = isoSeconds(iso);
    if (seconds === null || seconds > MAX_SECONDS) return fail(li, 'iso', s);
    return { iso: iso.replace(/[0-9.]+/g, normNumber), seconds };
  }
  const nums = ['', '', '', '', ''];
  let parts = 0;
  let p = 0;
  while (p < low.length) {
    const start = p;
    const { num, len } = readNumber(low, p);
    if (len < 0) return fail(li, 'large', orig.slice(p, p + /^[0-9.,]*/.exec(low.slice(p))[0].length));
    if (!len) {
      const wl = wordLen(low, p);
      return fail(li, 'unknown', orig.substr(p, wl || spanUntilSpace(low, p)));
    }
    for (p += len; p < low.length && isSpace(low[p]);) p++;
    const wl = wordLen(low, p);
    if (!wl) {
      if (p < low.length || parts) return fail(li, 'noUnit', orig.substr(start, len));
      nums[3] = num; // a lone number: minutes
      break;
    }
    const unit = findUnit(low.substr(p, wl));
    if (unit < 0 || nums[unit]) return fail(li, unit < 0 ? 'unknown' : 'twice', orig.substr(p, wl));
    nums[unit] = num;
    for (p += wl; p < low.length && isSpace(low[p]);) p++;
    const q = skipJoiner(low, p);
    if (q >= low.length && q !== p) return fail(li, 'unknown', orig.substr(p, spanUntilSpace(low, p)));
    p = q;
    parts++;
  }
  let iso = 'P';
  nums.forEach((n, u) => {
    if (!n) return;
    if (u >= 2 && !iso.includes('T')) iso += 'T';
    iso += n + DESIGNATOR[u];
  });
  // The C side builds the text in 96 bytes and refuses what would not fit with its NUL.
  const seconds = iso.length >= 95 ? null : isoSeconds(iso);
  if (seconds === null || seconds > MAX_SECONDS) return fail(li, 'large', s);
  return { iso, seconds };
}

/** An ISO 8601 duration as people read it in lang ("3 dagar", "2 timmar 30 min"); null if invalid. */
export function formatDuration(iso, lang) {
  const li = langIndex(lang);
  if (isoSeconds(iso) === null) return null;
  const out = [];
  let inTime = false;
  for (const m of iso.slice(1).matchAll(/T|([0-9.,]+)([WDHMS])/g)) {
    if (m[0] === 'T') {
      inTime = true;
      continue;
    }
    const u = DESIGNATOR.findIndex((d, j) => d === m[2] && j >= 2 === inTime);
    let num = m[1].replace(/[.,]/, li === 2 ? '.' : ',');
    if (num === '0,5' || num === '0.5') num = '½';
    out.push(`${num} ${NAMES[li][u][num === '1' || num === '½' ? 0 : 1]}`);
  }
  return out.join(' ');
}

/**
 * A number as a person wrote it: "0,25" or "0.25" (either language), spaces
 * between digit groups ("1 000"), a leading minus. NaN when it is not one;
 * null for an empty field.
 */
export function parseNumber(text) {
  const s = String(text ?? '')
    .trim()
    .replace(/[\u00a0\u202f ](?=\d{3}(\D|$))/g, '')
    .replace(/^[−–]/, '-');
  if (!s) return null;
  if (!/^-?([0-9]+([.,][0-9]+)?|[.,][0-9]+)$/.test(s)) return NaN;
  return Number(s.replace(',', '.'));
}

/** A number for a field or a table in lang: a decimal comma in nb and sv, no grouping. */
export function formatNumber(v, lang) {
  if (v === null || v === undefined || v === '' || !Number.isFinite(Number(v))) return '';
  const s = String(Number(Number(v).toPrecision(12)));
  return langIndex(lang) === 2 ? s : s.replace('.', ',');
}

/** The message for a number field that holds no number (in lo..hi when given), in lang. */
export function numberError(text, lang, lo, hi) {
  const li = langIndex(lang);
  const range = lo !== undefined && hi !== undefined;
  const f = (v) => formatNumber(v, lang);
  if (range)
    return [
      `«${text}» er ikke et tall fra ${f(lo)} til ${f(hi)}`,
      `”${text}” är inget tal från ${f(lo)} till ${f(hi)}`,
      `'${text}' is not a number from ${f(lo)} to ${f(hi)}`,
    ][li];
  return [`«${text}» er ikke et tall (f.eks. 0,25)`, `”${text}” är inget tal (t.ex. 0,25)`, `'${text}' is not a number (such as 0.25)`][li];
}
