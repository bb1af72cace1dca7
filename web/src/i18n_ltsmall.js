// Lead time that does not mislead and smaller things users hit (issue 11 §9
// and §11): the strings in nb and sv (the English is the key, as in i18n.js).
export const LTSMALL_DICT = {
  'version {n} (current)': ['versjon {n} (gjeldende)', 'version {n} (gällande)'],
  'version {n} ({state})': ['versjon {n} ({state})', 'version {n} ({state})'],
  '{a} compared with {b}': ['{a} sammenlignet med {b}', '{a} jämfört med {b}'],
  better: ['bedre', 'bättre'],
  worse: ['dårligere', 'sämre'],
  'added in {v}': ['lagt til i {v}', 'tillagd i {v}'],
  'removed in {v}': ['fjernet i {v}', 'borttagen i {v}'],
  'Start to-be draft from this version': ['Start utkast til ønsket situasjon fra denne versjonen', 'Starta utkast till önskat läge från den här versionen'],
  'Simulated ({n} cases)': ['Simulert ({n} saker)', 'Simulerat ({n} ärenden)'],
  'Simulated mean': ['Simulert gjennomsnitt', 'Simulerat medelvärde'],
  // role delegation
  'Delegate a role': ['Deleger en rolle', 'Delegera en roll'],
  'Role you hold': ['Rolle du har', 'Roll du har'],
  'Delegate to': ['Deleger til', 'Delegera till'],
  'Mandate source': ['Mandatkilde', 'Mandatkälla'],
  Delegate: ['Deleger', 'Delegera'],
  'You hold no role you can delegate.': ['Du har ingen rolle du kan delegere.', 'Du har ingen roll som du kan delegera.'],
  'Delegated.': ['Delegert.', 'Delegerad.'],
  '(other: type below)': ['(annen: skriv under)', '(annan: skriv nedan)'],
};
