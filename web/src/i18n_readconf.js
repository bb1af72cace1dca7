// Read confirmation of approved versions (my page, the process's versions,
// the admin settings): the strings in nb and sv (the English is the key, as
// in i18n.js).
export const READCONF_DICT = {
  'Read and understood': ['Lest og forstått', 'Läst och förstått'],
  'New versions to read': ['Nye versjoner å lese', 'Nya versioner att läsa'],
  'You have nothing to confirm.': ['Du har ingenting å bekrefte.', 'Du har inget att bekräfta.'],
  'approved {date}': ['godkjent {date}', 'godkänd {date}'],
  Reminder: ['Påminnelse', 'Påminnelse'],
  'Confirm that you have read and understood {name}, version {n}': [
    'Bekreft at du har lest og forstått {name}, versjon {n}',
    'Bekräfta att du har läst och förstått {name}, version {n}',
  ],
  'Read confirmations': ['Lesebekreftelser', 'Läsbekräftelser'],
  'Version {n}: {c} of {m} confirmed': ['Versjon {n}: {c} av {m} har bekreftet', 'Version {n}: {c} av {m} har bekräftat'],
  'Not confirmed yet:': ['Har ikke bekreftet ennå:', 'Har inte bekräftat ännu:'],
  'Everyone has confirmed.': ['Alle har bekreftet.', 'Alla har bekräftat.'],
  'No one was asked to confirm this version.': ['Ingen ble bedt om å bekrefte denne versjonen.', 'Ingen ombads bekräfta den här versionen.'],
  'reminded {date}': ['påminnet {date}', 'påmind {date}'],
  'sent read-confirmation reminders for': ['sendte påminnelser om lesebekreftelse for', 'skickade påminnelser om läsbekräftelse för'],
  'Send reminders now': ['Send påminnelser nå', 'Skicka påminnelser nu'],
  '{n} reminders sent.': ['{n} påminnelser sendt.', '{n} påminnelser skickade.'],
  'Remind about read confirmation after (days, 0 = never)': [
    'Påminn om lesebekreftelse etter (dager, 0 = aldri)',
    'Påminn om läsbekräftelse efter (dagar, 0 = aldrig)',
  ],
  'People with a role on a process confirm each approved version; those who have not get a reminder after this many days.': [
    'De som har en rolle i en prosess, bekrefter hver godkjente versjon; de som ikke har gjort det, får en påminnelse etter så mange dager.',
    'De som har en roll i en process bekräftar varje godkänd version; de som inte har gjort det får en påminnelse efter så många dagar.',
  ],
};
