// Small shared pieces of the UI: the language state, localised names,
// dates and numbers through Intl, links, loading and error boxes, and a
// form field that shows the server's message next to it.
import { useEffect, useState } from 'preact/hooks';
import { t, getLang, setLang, LANGS } from './i18n.js';

export const locale = () => ({ nb: 'nb-NO', sv: 'sv-SE', en: 'en-GB' })[getLang()];

/** A name object {nb, sv, en} (or a string) in the user's language. */
export function nameOf(n) {
  if (!n) return '';
  if (typeof n === 'string') return n;
  const l = getLang();
  return n[l] || n.en || n.nb || n.sv || Object.values(n)[0] || '';
}

export function fmtDate(s) {
  if (!s) return '';
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(d.getTime())) return s;
  const o = s.length === 10 ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale(), o).format(d);
}

export const fmtNum = (n, o) => new Intl.NumberFormat(locale(), o).format(n);

/*
 * Leaving the current screen: a screen with unsaved work (the editor) adds a
 * guard; the router asks every guard before it follows a hash change, and a
 * guard returning false keeps the screen (it has put the address back).
 */
const leaveGuards = new Set();
export function addLeaveGuard(fn) {
  leaveGuards.add(fn);
  return () => leaveGuards.delete(fn);
}
export const mayLeave = (e) => [...leaveGuards].every((g) => g(e));

export function go(path) {
  location.hash = `#${path}`;
}

export function A({ to, children, ...rest }) {
  return (
    <a href={`#${to}`} {...rest}>
      {children}
    </a>
  );
}

/** Runs an async loader; returns [data, error, reload]. */
export function useLoad(fn, deps) {
  const [state, set] = useState({ data: null, error: null, n: 0 });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    set((s) => ({ ...s, error: null }));
    fn().then(
      (data) => live && set({ data, error: null }),
      (error) => live && set({ data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return [state.data, state.error, () => setN((x) => x + 1)];
}

export function Loading({ error }) {
  if (error)
    return (
      <p class="error" role="alert">
        {error.message}
      </p>
    );
  return (
    <p class="loading" aria-busy="true">
      {t('Loading…')}
    </p>
  );
}

export function ErrorText({ error, field }) {
  if (!error) return null;
  if (field !== undefined && error.field !== field) return null;
  return (
    <span class="field-error" role="alert">
      {error.message}
    </span>
  );
}

let fieldSeq = 0;
/** A labelled input; `error` (an ApiError) is shown when its field is `name`. */
export function Field({ label, name, error, value, onInput, type = 'text', textarea, required, children, ...rest }) {
  const [id] = useState(() => `f${++fieldSeq}`);
  const bad = error && error.field === name;
  const props = {
    id,
    name,
    value,
    required,
    'aria-invalid': bad ? 'true' : undefined,
    'aria-describedby': bad ? `${id}-err` : undefined,
    onInput: (e) => onInput(e.currentTarget.value),
    ...rest,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children ? (
        <select {...props} onChange={props.onInput} onInput={undefined}>
          {children}
        </select>
      ) : textarea ? (
        <textarea {...props} />
      ) : (
        <input type={type} {...props} />
      )}
      {bad && (
        <span class="field-error" id={`${id}-err`} role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}

/** An error not tied to one of the form's fields. */
export function FormError({ error, fields = [] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}

export function Light({ light }) {
  const label = { green: t('On time'), yellow: t('Due soon'), red: t('Overdue') }[light] || light;
  return <span class={`light light-${light}`}>{label}</span>;
}

export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LangSwitch() {
  return (
    <span class="lang">
      <label for="lang-switch" class="sr-only">
        {t('Language')}
      </label>
      <select id="lang-switch" value={getLang()} onChange={(e) => setLang(e.currentTarget.value)}>
        {LANGS.map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}
