// The strings of the e-mail notification settings on my page
// (panels/notify_prefs.jsx) in bokmål and Swedish, keyed by the English
// text like DICT in i18n.js, which merges them.
export const NOTIFY_DICT = {
  'E-mail notifications': ['Varsler på e-post', 'Aviseringar via e-post'],
  'Sent to {email}.': ['Sendes til {email}.', 'Skickas till {email}.'],
  'Your account has no e-mail address, so nothing is sent.': [
    'Kontoen din har ingen e-postadresse, så ingenting blir sendt.',
    'Ditt konto har ingen e-postadress, så ingenting skickas.',
  ],
  When: ['Når', 'När'],
  Immediately: ['Med en gang', 'Direkt'],
  'Once a day (digest)': ['Én gang om dagen (sammendrag)', 'En gång om dagen (sammanfattning)'],
  Off: ['Av', 'Av'],
  'Language of the messages': ['Språk i meldingene', 'Språk i meddelandena'],
  'The workspace language': ['Arbeidsområdets språk', 'Arbetsytans språk'],
  'Saved.': ['Lagret.', 'Sparat.'],
};
