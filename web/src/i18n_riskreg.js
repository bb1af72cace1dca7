// The strings of the risk register's settings (managed categories, the plan's
// rule, anonymous reading of the register, the organisation's name) in
// bokmål and Swedish, keyed by the English text like DICT in i18n.js.
export const RISKREG_DICT = {
  'Risk categories': ['Risikokategorier', 'Riskkategorier'],
  Code: ['Kode', 'Kod'],
  'Name (bokmål)': ['Navn (bokmål)', 'Namn (bokmål)'],
  'Name (Swedish)': ['Navn (svensk)', 'Namn (svenska)'],
  'Name (English)': ['Navn (engelsk)', 'Namn (engelska)'],
  'Add category': ['Legg til kategori', 'Lägg till kategori'],
  Delete: ['Slett', 'Ta bort'],
  'The code is stable: risks refer to it. The names are shown in each reader’s language.': [
    'Koden er stabil: risikoene viser til den. Navnene vises på leserens språk.',
    'Koden är stabil: riskerna hänvisar till den. Namnen visas på läsarens språk.',
  ],
  '(no category)': ['(ingen kategori)', '(ingen kategori)'],
  'Anonymous readers may also read the risk register': ['Anonyme lesere kan også lese risikoregisteret', 'Anonyma läsare får även läsa riskregistret'],
  'The internal-control plan holds': ['Internkontrollplanen inneholder', 'Planen för intern kontroll innehåller'],
  'red risks only': ['bare røde risikoer', 'bara röda risker'],
  'red risks and every risk with a decided action': ['røde risikoer og alle risikoer med besluttet tiltak', 'röda risker och alla risker med beslutad åtgärd'],
  'every risk': ['alle risikoer', 'alla risker'],
  'Organisation name on printed plans (empty: the top unit’s name)': [
    'Organisasjonens navn på utskrevne planer (tomt: navnet på øverste enhet)',
    'Organisationens namn på utskrivna planer (tomt: den översta enhetens namn)',
  ],
};
