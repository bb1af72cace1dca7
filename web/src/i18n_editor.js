// The editor's names in the UI language, its leave question and its local
// draft (web/src/editor/), in nb and sv (the English is the key, as in i18n.js).
export const EDITOR_DICT = {
  "(the map's default name)": ['(kartets standardnavn)', '(kartans standardnamn)'],
  'No {lang} name yet: the map shows the default name, in italics.': [
    'Ikke noe navn på {lang} ennå: kartet viser standardnavnet, i kursiv.',
    'Inget namn på {lang} än: kartan visar standardnamnet, i kursiv.',
  ],
  '{n} names have no {lang} version yet: the map shows their default name, in italics. Type a name to add it.': [
    '{n} navn mangler en versjon på {lang}: kartet viser standardnavnet deres, i kursiv. Skriv et navn for å legge det til.',
    '{n} namn saknar en version på {lang}: kartan visar deras standardnamn, i kursiv. Skriv ett namn för att lägga till det.',
  ],
  'The map has unsaved changes. Leave the editor anyway? (A copy stays in this browser and is offered when you open the map again.)': [
    'Kartet har endringer som ikke er lagret. Vil du likevel forlate editoren? (En kopi blir liggende i denne nettleseren og tilbys når du åpner kartet igjen.)',
    'Kartan har ändringar som inte är sparade. Vill du ändå lämna redigeraren? (En kopia ligger kvar i den här webbläsaren och erbjuds när du öppnar kartan igen.)',
  ],
  'Restore unsaved changes from {time}?': ['Gjenopprette endringer som ikke ble lagret, fra {time}?', 'Återställa ändringar som inte sparades, från {time}?'],
  Restore: ['Gjenopprett', 'Återställ'],
  'Discard them': ['Forkast dem', 'Kasta dem'],
  'Unsaved changes restored; they are not saved yet.': [
    'Endringene er gjenopprettet; de er ikke lagret ennå.',
    'Ändringarna är återställda; de är inte sparade än.',
  ],
  // web/src/editor/sidepanel.jsx: the selected element's kind (Task, Sub-process, the
  // start and end event, the two gateways and Sequence flow are in i18n.js)
  'User task': ['Brukeraktivitet', 'Användaraktivitet'],
  'Manual task': ['Manuell aktivitet', 'Manuell aktivitet'],
  'Service task': ['Tjenesteaktivitet', 'Tjänsteaktivitet'],
  'Send task': ['Sendeaktivitet', 'Sändaktivitet'],
  'Receive task': ['Mottaksaktivitet', 'Mottagaraktivitet'],
  'Script task': ['Skriptaktivitet', 'Skriptaktivitet'],
  'Business rule task': ['Forretningsregelaktivitet', 'Affärsregelaktivitet'],
  'Call activity': ['Kallaktivitet', 'Anropsaktivitet'],
  'Intermediate event': ['Mellomhendelse', 'Mellanhändelse'],
  'Boundary event': ['Grensehendelse', 'Gränshändelse'],
  'Inclusive gateway': ['Inkluderende beslutningspunkt', 'Inkluderande beslutspunkt'],
  'Event-based gateway': ['Hendelsesbasert beslutningspunkt', 'Händelsebaserad beslutspunkt'],
  'Complex gateway': ['Sammensatt beslutningspunkt', 'Komplex beslutspunkt'],
  'Message flow': ['Meldingsflyt', 'Meddelandeflöde'],
  Association: ['Assosiasjon', 'Association'],
  'Data object': ['Dataobjekt', 'Dataobjekt'],
  'Data store': ['Datalager', 'Datalager'],
  'Text annotation': ['Merknad', 'Anteckning'],
  Pool: ['Basseng', 'Pool'],
  Collaboration: ['Samarbeid', 'Samarbete'],
  // web/src/elname.jsx: an element's default name standing in for the reader's language
  'Not translated: the name in the map’s default language.': [
    'Ikke oversatt: navnet på kartets standardspråk.',
    'Inte översatt: namnet på kartans standardspråk.',
  ],
};
