// The strings of the workshop loop (issue 11 §4: workshops on an assignment,
// dots from a workshop wall, regrouping ideas, the activity plan with print
// and CSV) in bokmål and Swedish, keyed by the English text like DICT in
// i18n.js, which merges them.
export const WORKSHOPS_DICT = {
  // the assignment's analyses (assignments.jsx ENUM_LABELS)
  'Risk analysis': ['Risikoanalyse', 'Riskanalys'],
  'Lead-time analysis': ['Gjennomløpstidsanalyse', 'Ledtidsanalys'],
  Workshop: ['Workshop', 'Workshop'],
  'Participants (names)': ['Deltakere (navn)', 'Deltagare (namn)'],
  'Votes per participant': ['Stemmer per deltaker', 'Röster per deltagare'],
  'Remove the workshop “{x}”?': ['Fjerne workshopen «{x}»?', 'Ta bort workshopen ”{x}”?'],
  'Add workshop': ['Legg til workshop', 'Lägg till workshop'],
  '{n} votes per participant': ['{n} stemmer per deltaker', '{n} röster per deltagare'],
  'Participants: {p}': ['Deltakere: {p}', 'Deltagare: {p}'],
  Remove: ['Fjern', 'Ta bort'],
  'Dots for “{x}”': ['Prikker for «{x}»', 'Prickar för ”{x}”'],
  'Dots from the wall for “{x}”': ['Prikker fra veggen for «{x}»', 'Prickar från väggen för ”{x}”'],
  'Record dots': ['Registrer prikker', 'Registrera prickar'],
  Dropped: ['Droppet', 'Struken'],
  'Remove “{x}” from the activity plan?': ['Fjerne «{x}» fra aktivitetsplanen?', 'Ta bort ”{x}” från aktivitetsplanen?'],
  'Activity-plan item': ['Tiltak i aktivitetsplanen', 'Åtgärd i aktivitetsplanen'],
  Improvement: ['Forbedring', 'Förbättring'],
  'activity-plan': ['aktivitetsplan', 'aktivitetsplan'],
  'Add item': ['Legg til tiltak', 'Lägg till åtgärd'],
  Print: ['Skriv ut', 'Skriv ut'],
  'Export as CSV': ['Eksporter som CSV', 'Exportera som CSV'],
  'The activity plan has no items yet.': ['Tiltaksplanen har ingen tiltak ennå.', 'Handlingsplanen har inga åtgärder ännu.'],
  '{d} dots + {v} votes': ['{d} prikker + {v} stemmer', '{d} prickar + {v} röster'],
  'Total {n}': ['Totalt {n}', 'Totalt {n}'],
  'Take back a vote for “{x}”': ['Trekk tilbake en stemme for «{x}»', 'Ta tillbaka en röst för ”{x}”'],
  'Move “{x}” to group': ['Flytt «{x}» til gruppe', 'Flytta ”{x}” till grupp'],
};
