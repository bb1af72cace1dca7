// The strings of my page, the approval screen's changes, the change note asked
// for at submit, revert, and the workspace-wide lists (issue 11 §5 and §7) in
// bokmål and Swedish, keyed by the English text like DICT in i18n.js, which
// merges them.
export const MYPAGE_DICT = {
  // My page
  'My reviews': ['Mine gjennomganger', 'Mina översyner'],
  'You have no process to review.': ['Du har ingen prosess å gå gjennom.', 'Du har ingen process att se över.'],
  'as owner': ['som eier', 'som ägare'],
  'as responsible': ['som ansvarlig', 'som ansvarig'],
  overdue: ['forfalt', 'försenad'],
  '{n} days overdue': ['{n} dager på overtid', '{n} dagar försenad'],
  'My risk actions': ['Mine risikotiltak', 'Mina riskåtgärder'],
  'You are responsible for no open risk action.': ['Du er ansvarlig for ingen åpne risikotiltak.', 'Du är ansvarig för inga öppna riskåtgärder.'],
  'risk: {title}': ['risiko: {title}', 'risk: {title}'],
  'My submissions': ['Mine innsendinger', 'Mina inskickade versioner'],
  'You have submitted nothing yet.': ['Du har ikke sendt inn noe ennå.', 'Du har inte skickat in något ännu.'],
  'Rejected by {name} {date}': ['Avvist av {name} {date}', 'Avvisad av {name} {date}'],
  'Approved by {name} {date}': ['Godkjent av {name} {date}', 'Godkänd av {name} {date}'],
  'Waiting for a decision': ['Venter på beslutning', 'Väntar på beslut'],
  'Your note: {note}': ['Din merknad: {note}', 'Din kommentar: {note}'],
  'Edit and submit again': ['Rediger og send inn på nytt', 'Redigera och skicka in igen'],
  'Comments to answer': ['Kommentarer å svare på', 'Kommentarer att besvara'],
  'No comments are waiting for your answer.': ['Ingen kommentarer venter på svar fra deg.', 'Inga kommentarer väntar på ditt svar.'],
  '{name} on version {n}': ['{name} om versjon {n}', '{name} om version {n}'],
  'My courses': ['Mine opplæringer', 'Mina utbildningar'],
  'No training is missing.': ['Ingen opplæring mangler.', 'Ingen utbildning saknas.'],
  'My mapping assignments': ['Mine kartleggingsoppdrag', 'Mina kartläggningsuppdrag'],
  'You have no open mapping assignment.': ['Du har ingen åpne kartleggingsoppdrag.', 'Du har inga öppna kartläggningsuppdrag.'],
  // why an assignment is mine (mypage.jsx ASSIGNMENT_AS)
  'as the ordering owner': ['som bestiller', 'som beställare'],
  'as facilitator': ['som veileder', 'som handledare'],
  'as participant': ['som deltaker', 'som deltagare'],
  'created by you': ['opprettet av deg', 'skapat av dig'],
  'The whole organisation': ['Hele organisasjonen', 'Hela organisationen'],
  'through {unit}': ['gjennom {unit}', 'genom {unit}'],
  'submitted by {name} {date}': ['sendt inn av {name} {date}', 'inskickad av {name} {date}'],
  'Workspace lists': ['Lister for hele arbeidsområdet', 'Listor för hela arbetsytan'],
  'All reviews and overdue items': ['Alle gjennomganger og forfalte oppgaver', 'Alla översyner och försenade uppgifter'],
  // The workspace-wide page
  Reviews: ['Gjennomganger', 'Översyner'],
  'Reviews and overdue items': ['Gjennomganger og forfalte oppgaver', 'Översyner och försenade uppgifter'],
  'All processes with a review date, and everything overdue in the workspace.': [
    'Alle prosesser med dato for gjennomgang, og alt som er forfalt i arbeidsområdet.',
    'Alla processer med datum för översyn, och allt som är försenat i arbetsytan.',
  ],
  'Overdue items': ['Forfalte oppgaver', 'Försenade uppgifter'],
  'Nothing is overdue.': ['Ingenting er forfalt.', 'Inget är försenat.'],
  // what an overdue item is (reviews.jsx OVERDUE_KIND)
  'mapping assignment': ['kartleggingsoppdrag', 'kartläggningsuppdrag'],
  training: ['opplæring', 'utbildning'],
  'risk action': ['risikotiltak', 'riskåtgärd'],
  'action in the activity plan': ['tiltak i handlingsplan', 'åtgärd i handlingsplan'],
  'Your role does not cover the workspace-wide lists.': [
    'Rollen din omfatter ikke listene for hele arbeidsområdet.',
    'Din roll omfattar inte listorna för hela arbetsytan.',
  ],
  // Approval
  'Submitted by {name} {date}': ['Sendt inn av {name} {date}', 'Inskickad av {name} {date}'],
  'Change note': ['Endringsmerknad', 'Ändringskommentar'],
  'No change note was given.': ['Ingen endringsmerknad ble gitt.', 'Ingen ändringskommentar lämnades.'],
  Comments: ['Kommentarer', 'Kommentarer'],
  'RACI changed': ['RACI endret', 'RACI ändrad'],
  '%C&A': ['%C&A', '%C&A'],
  'Value adding': ['Verdiskapende', 'Värdeskapande'],
  '(no lane)': ['(ingen svømmebane)', '(ingen simbana)'],
  'Only the process owner approves or rejects this version; you submitted it or hold no owner role.': [
    'Bare prosesseieren godkjenner eller avviser denne versjonen; du sendte den inn eller har ikke eierrollen.',
    'Endast processägaren godkänner eller avvisar den här versionen; du skickade in den eller har inte ägarrollen.',
  ],
  // Submit with a change note
  'What changed, and why? The owner reads this note when deciding.': [
    'Hva er endret, og hvorfor? Eieren leser denne merknaden før beslutningen.',
    'Vad har ändrats och varför? Ägaren läser kommentaren inför beslutet.',
  ],
  'Submit with this note': ['Send inn med denne merknaden', 'Skicka in med den här kommentaren'],
  // Revert
  'Start a draft from this version': ['Start et utkast fra denne versjonen', 'Starta ett utkast från den här versionen'],
};
