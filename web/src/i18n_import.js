// The editor's Import (read and repaired by the server, POST /api/import):
// the dialog and the repairs, one sentence per stable repair code, in nb and
// sv (the English is the key, as in i18n.js).
export const IMPORT_DICT = {
  'Import a map': ['Importer et kart', 'Importera en karta'],
  'Import a map (.bpmn, .xml, .vsdx, .vsd, .drawio)': [
    'Importer et kart (.bpmn, .xml, .vsdx, .vsd, .drawio)',
    'Importera en karta (.bpmn, .xml, .vsdx, .vsd, .drawio)',
  ],
  'Reading {name}…': ['Leser {name} …', 'Läser {name} …'],
  'Import {name}?': ['Importere {name}?', 'Importera {name}?'],
  'The file needed repairs. This is what was repaired or kept aside:': [
    'Fila måtte repareres. Dette ble reparert eller lagt til side:',
    'Filen behövde repareras. Det här reparerades eller lades åt sidan:',
  ],
  'The imported map replaces your unsaved changes.': [
    'Det importerte kartet erstatter endringene du ikke har lagret.',
    'Den importerade kartan ersätter ändringarna du inte har sparat.',
  ],
  'Replace the drawing': ['Erstatt tegningen', 'Ersätt ritningen'],
  Cancel: ['Avbryt', 'Avbryt'],
  'Repaired on import of {name}': ['Reparert ved import av {name}', 'Reparerat vid import av {name}'],
  'line {line}, element {id}': ['linje {line}, element {id}', 'rad {line}, element {id}'],
  'line {line}': ['linje {line}', 'rad {line}'],
  'element {id}': ['element {id}', 'element {id}'],
  'A reference to something that is not in the file was kept aside.': [
    'En henvisning til noe som ikke finnes i fila, ble lagt til side.',
    'En hänvisning till något som inte finns i filen lades åt sidan.',
  ],
  'An id that two elements had was renamed on one of them.': [
    'En id som to elementer hadde, ble endret på det ene.',
    'Ett id som två element hade döptes om på det ena.',
  ],
  'The file is not the UTF-8 it says it is: it was read as Windows-1252.': [
    'Fila er ikke UTF-8 slik den sier: den ble lest som Windows-1252.',
    'Filen är inte UTF-8 som den säger: den lästes som Windows-1252.',
  ],
  'A negative size in the drawing was made positive.': [
    'En negativ størrelse i tegningen ble gjort positiv.',
    'En negativ storlek i ritningen gjordes positiv.',
  ],
  'A missing size in the drawing was given a default.': [
    'En størrelse som manglet i tegningen, fikk en standardverdi.',
    'En storlek som saknades i ritningen fick ett standardvärde.',
  ],
  'An element that is not BPMN was kept as it is.': [
    'Et element som ikke er BPMN, ble beholdt som det er.',
    'Ett element som inte är BPMN behölls som det är.',
  ],
  'Kartla data from a newer version was kept as it is.': [
    'Kartla-data fra en nyere versjon ble beholdt som de er.',
    'Kartla-data från en nyare version behölls som de är.',
  ],
};
