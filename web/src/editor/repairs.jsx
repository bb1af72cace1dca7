// The repairs the server made on import (POST /api/import returns them with
// stable codes), one a line in the UI language: where, and what was repaired or
// kept aside (the reader's own words in a tooltip). Nothing is dropped unlisted.
import { t, getLang } from '../i18n.js';

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
