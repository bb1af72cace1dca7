// Words a Swedish or Norwegian user met as raw codes or English (the UI sweep):
// role levels and kinds, role-scheme presets, and the check's counts with a
// singular, keyed by the English text like DICT in i18n.js, which merges them.
export const SWEEP_DICT = {
  // Role levels (roles.level)
  Strategic: ['Strategisk', 'Strategisk'],
  Tactical: ['Taktisk', 'Taktisk'],
  // Operational: in i18n_analysis.js
  // Role kinds (roles.kind: what the role may do)
  'Process owner': ['Prosesseier', 'Processägare'],
  'Process responsible': ['Prosessansvarlig', 'Processansvarig'],
  'Process team': ['Prosessteam', 'Processteam'],
  'Process advisor': ['Prosessrådgiver', 'Processrådgivare'],
  'Domain resource': ['Fagressurs', 'Verksamhetsresurs'],
  'Process facilitator': ['Prosessveileder', 'Processhandledare'],
  'Model steward': ['Modellansvarlig', 'Modellansvarig'],
  'Other role': ['Annen rolle', 'Annan roll'],
  // Role-scheme presets
  'University model': ['Universitetsmodellen', 'Universitetsmodellen'],
  'Municipality model': ['Kommunemodellen', 'Kommunmodellen'],
  'General model': ['Generell modell', 'Generell modell'],
  'Own model': ['Egen modell', 'Egen modell'],
  // The check's counts
  '{n} error': ['{n} feil', '{n} fel'],
  '{n} errors': ['{n} feil', '{n} fel'],
  '{n} warning': ['{n} advarsel', '{n} varning'],
  '{n} warnings': ['{n} advarsler', '{n} varningar'],
  'Rule {rule}': ['Regel {rule}', 'Regel {rule}'],
  // Durations with a singular
  '{n} day': ['{n} dag', '{n} dag'],
  '{n} hour': ['{n} time', '{n} timme'],
  '{n} process': ['{n} prosess', '{n} process'],
};
