// A number field as people type numbers: "0,25" or "0.25" in, shown with a
// decimal comma in nb and sv (web/src/duration.js has the rules). Keeps what
// is typed while it is not a number in range, marks the field (aria-invalid
// and a message in the UI language) and reports it through onInvalid, so a
// screen can count it and refuse to save.
import { useState } from 'preact/hooks';
import { getLang } from './i18n.js';
import { formatNumber, numberError, parseNumber } from './duration.js';

/**
 * value: the number held (null for none); onValue(number|null) when a valid
 * value is entered; onInvalid(message|null) when the field becomes invalid or
 * valid again (with the text); lo/hi the range; integer: whole numbers only;
 * pending: {text, short} of an earlier invalid entry, shown again when the field returns.
 */
export function NumberField({ id, name, label, value, onValue, onInvalid, lo, hi, integer, pending, error: outer, ...rest }) {
  const [draft, setDraft] = useState(pending?.text ?? null);
  const [err, setErr] = useState(pending?.short ?? null);
  const lang = getLang();
  const commit = (text) => {
    const v = parseNumber(text);
    const bad = v !== null && (Number.isNaN(v) || (lo !== undefined && v < lo) || (hi !== undefined && v > hi) || (integer && !Number.isInteger(v)));
    if (bad) {
      const msg = numberError(text.trim(), lang, lo, hi);
      setDraft(text);
      setErr(msg);
      onInvalid?.(msg, text);
      return;
    }
    setDraft(null);
    setErr(null);
    onInvalid?.(null);
    onValue(v);
  };
  const message = err || outer;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputmode="decimal"
        autocomplete="off"
        value={draft ?? formatNumber(value, lang)}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={message ? `${id}-err` : undefined}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
        {...rest}
      />
      {message && (
        <span class="field-error" id={`${id}-err`} role="alert">
          {message}
        </span>
      )}
    </div>
  );
}
