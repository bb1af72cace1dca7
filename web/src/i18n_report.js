// The process description document (the PDF and the print view of the process page):
// the strings in nb and sv (the English is the key, as in i18n.js).
export const REPORT_DICT = {
  'Process description (PDF)': ['Prosessbeskrivelse (PDF)', 'Processbeskrivning (PDF)'],
  'Assignment report (PDF)': ['Rapport fra oppdraget (PDF)', 'Rapport från uppdraget (PDF)'],
  Print: ['Skriv ut', 'Skriv ut'],
};
