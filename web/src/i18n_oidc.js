// Sign-in through the organisation's identity provider (OpenID Connect): the
// button, the local sign-in behind it, and one sentence per failure code the
// server sends back (GET /api/auth/oidc/callback → #/login?oidc_error=CODE),
// in nb and sv (the English is the key, as in i18n.js).
export const OIDC_DICT = {
  'Sign in with {name}': ['Logg inn med {name}', 'Logga in med {name}'],
  'Local sign-in': ['Lokal innlogging', 'Lokal inloggning'],
  'Local sign-in (administrators)': ['Lokal innlogging (administratorer)', 'Lokal inloggning (administratörer)'],
  'or with a Kartla password': ['eller med et Kartla-passord', 'eller med ett Kartla-lösenord'],
  'Sign-in failed: nobody is signed in.': ['Innloggingen mislyktes: ingen er logget inn.', 'Inloggningen misslyckades: ingen är inloggad.'],
  'The identity provider could not be reached, or its answer could not be used. Try again in a while.': [
    'Identitetsleverandøren svarte ikke, eller svaret kunne ikke brukes. Prøv igjen om litt.',
    'Identitetsleverantören svarade inte, eller svaret gick inte att använda. Försök igen om en stund.',
  ],
  "The identity provider's answer had a signature that does not verify.": [
    'Svaret fra identitetsleverandøren hadde en signatur som ikke stemmer.',
    'Svaret från identitetsleverantören hade en signatur som inte stämmer.',
  ],
  "The identity provider's answer could not be read.": [
    'Svaret fra identitetsleverandøren kunne ikke leses.',
    'Svaret från identitetsleverantören gick inte att läsa.',
  ],
  'The answer came from another identity provider than the one configured.': [
    'Svaret kom fra en annen identitetsleverandør enn den som er satt opp.',
    'Svaret kom från en annan identitetsleverantör än den som är konfigurerad.',
  ],
  'The answer was meant for another application (wrong audience).': [
    'Svaret var ment for et annet program (feil mottaker).',
    'Svaret var avsett för ett annat program (fel mottagare).',
  ],
  'The answer has expired, or the clocks of the servers differ too much.': [
    'Svaret er utløpt, eller klokkene på tjenerne går for ulikt.',
    'Svaret har gått ut, eller klockorna på servrarna skiljer sig för mycket.',
  ],
  'The answer does not belong to this sign-in (nonce mismatch).': [
    'Svaret hører ikke til denne innloggingen (nonce stemmer ikke).',
    'Svaret hör inte till den här inloggningen (nonce stämmer inte).',
  ],
  'The sign-in code was refused: it has expired or was used already.': [
    'Innloggingskoden ble avvist: den er utløpt eller brukt fra før.',
    'Inloggningskoden avvisades: den har gått ut eller använts redan.',
  ],
  'The identity provider did not say who you are in the way Kartla is set up to match people.': [
    'Identitetsleverandøren oppga ikke hvem du er på den måten Kartla er satt opp til å kjenne igjen folk.',
    'Identitetsleverantören angav inte vem du är på det sätt Kartla är konfigurerat att känna igen personer.',
  ],
  'This sign-in link is unknown, was used already, or was started in another browser. Start again.': [
    'Denne innloggingslenken er ukjent, allerede brukt eller startet i en annen nettleser. Begynn på nytt.',
    'Den här inloggningslänken är okänd, redan använd eller startad i en annan webbläsare. Börja om.',
  ],
  'The sign-in took too long. Start again.': ['Innloggingen tok for lang tid. Begynn på nytt.', 'Inloggningen tog för lång tid. Börja om.'],
  'Your account in Kartla is disabled. Ask an administrator.': [
    'Kontoen din i Kartla er deaktivert. Spør en administrator.',
    'Ditt konto i Kartla är inaktiverat. Fråga en administratör.',
  ],
  'The identity provider refused the sign-in.': ['Identitetsleverandøren avviste innloggingen.', 'Identitetsleverantören avvisade inloggningen.'],
  'Too many sign-ins are in progress. Try again in a few minutes.': [
    'For mange innlogginger pågår. Prøv igjen om noen minutter.',
    'För många inloggningar pågår. Försök igen om några minuter.',
  ],
};

/** The sentence for a failure code of the callback (unknown codes get a general one). */
export const OIDC_ERRORS = {
  provider_unavailable: 'The identity provider could not be reached, or its answer could not be used. Try again in a while.',
  bad_signature: "The identity provider's answer had a signature that does not verify.",
  bad_token: "The identity provider's answer could not be read.",
  wrong_issuer: 'The answer came from another identity provider than the one configured.',
  wrong_audience: 'The answer was meant for another application (wrong audience).',
  expired_token: 'The answer has expired, or the clocks of the servers differ too much.',
  nonce_mismatch: 'The answer does not belong to this sign-in (nonce mismatch).',
  invalid_code: 'The sign-in code was refused: it has expired or was used already.',
  missing_claim: 'The identity provider did not say who you are in the way Kartla is set up to match people.',
  invalid_state: 'This sign-in link is unknown, was used already, or was started in another browser. Start again.',
  expired_state: 'The sign-in took too long. Start again.',
  user_disabled: 'Your account in Kartla is disabled. Ask an administrator.',
  provider_refused: 'The identity provider refused the sign-in.',
  too_many_signins: 'Too many sign-ins are in progress. Try again in a few minutes.',
};
