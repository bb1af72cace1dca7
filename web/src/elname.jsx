// An element's name in the reader's language, on every screen that shows map
// elements (risks, lead time, approvals). The server gives the map's default
// name ("name" / "element_name") and, where it has them, the translations
// ("names" / "element_names": {"": default, "nb": ..., "sv": ...}). The
// reader's language is shown when there is a translation; otherwise the
// default name, marked (class name-fallback, and a tooltip saying so) — never
// several languages glued together.
import { t, getLang } from './i18n.js';

/** {text, fallback}: the name in the UI language, or the default name (fallback true when names were known). */
export function elName(names, name, id) {
  const l = getLang();
  if (names && typeof names === 'object' && names[l]) return { text: names[l], fallback: false };
  const def = (names && names['']) || name || '';
  return { text: def || id || '', fallback: !!def && !!names && Object.keys(names).some((k) => k && k !== l) };
}

/** The name as text (in a joined line, a select option, a title). */
export const elNameText = (names, name, id) => elName(names, name, id).text;

/** The name as an element: the default name marked when it stands in for the reader's language. */
export function ElName({ names, name, id }) {
  const n = elName(names, name, id);
  if (!n.fallback) return n.text;
  return (
    <span class="name-fallback" lang="" title={t('Not translated: the name in the map’s default language.')}>
      {n.text}
    </span>
  );
}
