// Every UI string in Norwegian bokmål, Swedish and English, and the
// translate service bpmn-js uses for its own palette, context pad and menus.
// Keys are the English text; DICT gives [nb, sv]. The chosen language is
// kept in localStorage ("kartla.lang"); the first visit follows the browser.
// tests/web/i18n.test.mjs fails when a t('...') in src/ has no entry here.
import { ANALYSIS_DICT } from './i18n_analysis.js';
import { SWEEP_DICT } from './i18n_sweep.js';
import { EDITOR_DICT } from './i18n_editor.js';
import { IMPORT_DICT } from './i18n_import.js';
import { MEASURED_DICT } from './i18n_measured.js';
import { READCONF_DICT } from './i18n_readconf.js';
import { REPORT_DICT } from './i18n_report.js';
import { MYPAGE_DICT } from './i18n_mypage.js';
import { RISKREG_DICT } from './i18n_riskreg.js';
import { NOTIFY_DICT } from './i18n_notify.js';
import { OIDC_DICT } from './i18n_oidc.js';
import { WORKSHOPS_DICT } from './i18n_workshops.js';
import { LTSMALL_DICT } from './i18n_ltsmall.js';
export const LANGS = [
  ['nb', 'Norsk bokmål'],
  ['sv', 'Svenska'],
  ['en', 'English'],
];

let lang = null;

export function getLang() {
  if (lang) return lang;
  let l = null;
  try {
    l = localStorage.getItem('kartla.lang');
  } catch {
    /* storage disabled */
  }
  if (!LANGS.some(([c]) => c === l)) {
    const nav = (typeof navigator !== 'undefined' && navigator.language) || 'nb';
    l = /^sv/.test(nav) ? 'sv' : /^(nb|no|nn)/.test(nav) ? 'nb' : /^en/.test(nav) ? 'en' : 'nb';
  }
  lang = l;
  return lang;
}

/**
 * The workspace's default language (GET /api/health, set by an admin): used
 * while this browser has made no choice of its own; null leaves the browser's.
 */
export function setWorkspaceLang(l) {
  let stored = null;
  try {
    stored = localStorage.getItem('kartla.lang');
  } catch {
    /* storage disabled */
  }
  if (!LANGS.some(([c]) => c === l) || LANGS.some(([c]) => c === stored) || getLang() === l) return;
  lang = l;
  document.documentElement.lang = l;
  dispatchEvent(new Event('kartla-lang'));
}

export function setLang(l) {
  lang = l;
  try {
    localStorage.setItem('kartla.lang', l);
  } catch {
    /* storage disabled */
  }
  document.documentElement.lang = l;
  dispatchEvent(new Event('kartla-lang'));
}

const fill = (s, vars) => (vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s);

export function t(key, vars) {
  const l = getLang();
  const e = DICT[key];
  const s = l === 'en' || !e ? key : e[l === 'nb' ? 0 : 1];
  return fill(s, vars);
}

/** bpmn-js's translate(template, replacements). */
export function bpmnTranslate(template, replacements) {
  return t(template, replacements);
}

export const DICT = {
  '(not set)': ['(ikke satt)', '(inte angivet)'],
  '(top level)': ['(øverste nivå)', '(översta nivån)'],
  Actions: ['Handlinger', 'Åtgärder'],
  Activate: ['Aktiver', 'Aktivera'],
  Active: ['Aktiv', 'Aktiv'],
  'Active role scheme': ['Aktiv rollemodell', 'Aktiv rollmodell'],
  Activity: ['Aktivitet', 'Aktivitet'],
  'Activity in {process}': ['Aktivitet i {process}', 'Aktivitet i {process}'],
  Add: ['Legg til', 'Lägg till'],
  'Add a problem or idea': ['Legg til et problem eller en idé', 'Lägg till ett problem eller en idé'],
  Added: ['Lagt til', 'Tillagt'],
  Administration: ['Administrasjon', 'Administration'],
  'Administration sections': ['Deler av administrasjonen', 'Delar av administrationen'],
  Administrator: ['Administrator', 'Administratör'],
  Analysed: ['Analysert', 'Analyserad'],
  'Anyone may read the portal without signing in': ['Alle kan lese portalen uten å logge inn', 'Alla får läsa portalen utan att logga in'],
  Approve: ['Godkjenn', 'Godkänn'],
  'Approve changes': ['Godkjenn endringer', 'Godkänn ändringar'],
  Approved: ['Godkjent', 'Godkänd'],
  'As-is': ['Nåsituasjon', 'Nuläge'],
  Assignment: ['Oppdrag', 'Uppdrag'],
  Assignments: ['Oppdrag', 'Uppdrag'],
  'Basic palette': ['Grunnleggende palett', 'Grundpalett'],
  Changed: ['Endret', 'Ändrat'],
  Changes: ['Endringer', 'Ändringar'],
  Check: ['Kontroll', 'Kontroll'],
  'Check findings': ['Kontrollfunn', 'Kontrollfynd'],
  'Choose a page.': ['Velg en side.', 'Välj en sida.'],
  Closed: ['Avsluttet', 'Avslutat'],
  Code: ['Kode', 'Kod'],
  'Comment (required when rejecting)': ['Kommentar (påkrevd ved avvisning)', 'Kommentar (krävs vid avslag)'],
  'Complete and accurate (%C&A)': ['Komplett og korrekt (%K&K)', 'Komplett och korrekt (%K&K)'],
  'Core processes': ['Kjerneprosesser', 'Kärnprocesser'],
  Courses: ['Kurs', 'Kurser'],
  Create: ['Opprett', 'Skapa'],
  Created: ['Opprettet', 'Skapad'],
  'Current (version {n})': ['Gjeldende (versjon {n})', 'Gällande (version {n})'],
  'Current map': ['Gjeldende kart', 'Gällande karta'],
  'Current map (version {n})': ['Gjeldende kart (versjon {n})', 'Gällande karta (version {n})'],
  'Current map of {name}': ['Gjeldende kart for {name}', 'Gällande karta för {name}'],
  Decision: ['Beslutning', 'Beslut'],
  Description: ['Beskrivelse', 'Beskrivning'],
  Disabled: ['Deaktivert', 'Inaktiverad'],
  Documented: ['Dokumentert', 'Dokumenterad'],
  Draft: ['Utkast', 'Utkast'],
  'Draft saved.': ['Utkastet er lagret.', 'Utkastet är sparat.'],
  Due: ['Frist', 'Förfaller'],
  'Due soon': ['Snart', 'Snart'],
  'E-mail': ['E-post', 'E-post'],
  Edit: ['Rediger', 'Redigera'],
  'Edit draft': ['Rediger utkast', 'Redigera utkast'],
  'Edit map': ['Rediger kart', 'Redigera karta'],
  'Edit page': ['Rediger side', 'Redigera sida'],
  'Element data': ['Elementdata', 'Elementdata'],
  Error: ['Feil', 'Fel'],
  Everyone: ['Alle', 'Alla'],
  'Everyone has the courses their roles require.': ['Alle har kursene rollene deres krever.', 'Alla har de kurser deras roller kräver.'],
  'Export BPMN': ['Eksporter BPMN', 'Exportera BPMN'],
  'Export PNG': ['Eksporter PNG', 'Exportera PNG'],
  'Export SVG': ['Eksporter SVG', 'Exportera SVG'],
  Facilitators: ['Prosessveiledere', 'Processhandledare'],
  Findings: ['Funn', 'Fynd'],
  For: ['For', 'För'],
  From: ['Fra', 'Från'],
  'Full BPMN palette': ['Full BPMN-palett', 'Full BPMN-palett'],
  Group: ['Gruppe', 'Grupp'],
  Handbook: ['Håndbok', 'Handbok'],
  Hierarchy: ['Hierarki', 'Hierarki'],
  Idea: ['Idé', 'Idé'],
  'Import .bpmn': ['Importer .bpmn', 'Importera .bpmn'],
  'Imported {name}.': ['Importerte {name}.', 'Importerade {name}.'],
  'Auto layout': ['Ordne automatisk', 'Ordna automatiskt'],
  'Undo auto layout': ['Angre automatisk ordning', 'Ångra automatisk ordning'],
  'The map was laid out automatically.': ['Kartet ble ordnet automatisk.', 'Kartan ordnades automatiskt.'],
  'Auto layout undone.': ['Den automatiske ordningen er angret.', 'Den automatiska ordningen är ångrad.'],
  'Auto layout redraws the whole map, and your unsaved changes can then no longer be undone one by one (the layout itself can). Continue?': [
    'Automatisk ordning tegner hele kartet på nytt, og endringene du ikke har lagret, kan da ikke lenger angres én og én (selve ordningen kan det). Fortsette?',
    'Automatisk ordning ritar om hela kartan, och dina osparade ändringar kan då inte längre ångras en i taget (själva ordningen kan det). Fortsätta?',
  ],
  'In review': ['Til gjennomgang', 'Under granskning'],
  'In the activity plan': ['I aktivitetsplanen', 'I aktivitetsplanen'],
  Information: ['Informasjon', 'Information'],
  Kind: ['Type', 'Typ'],
  Language: ['Språk', 'Språk'],
  'Lead time': ['Gjennomløpstid', 'Ledtid'],
  Legend: ['Tegnforklaring', 'Teckenförklaring'],
  Level: ['Nivå', 'Nivå'],
  'Loading…': ['Laster …', 'Laddar …'],
  'Login name': ['Brukernavn', 'Användarnamn'],
  'Main menu': ['Hovedmeny', 'Huvudmeny'],
  'Management processes': ['Styringsprosesser', 'Ledningsprocesser'],
  Mandate: ['Mandat', 'Mandat'],
  'Map actions': ['Karthandlinger', 'Kartåtgärder'],
  'Map editor': ['Kartredigering', 'Kartredigerare'],
  'Mapping assignments': ['Kartleggingsoppdrag', 'Kartläggningsuppdrag'],
  Maximum: ['Maksimum', 'Maximum'],
  Meetings: ['Møter', 'Möten'],
  Minimum: ['Minimum', 'Minimum'],
  'Missing required courses': ['Manglende påkrevde kurs', 'Saknade obligatoriska kurser'],
  'Most likely': ['Mest sannsynlig', 'Mest sannolikt'],
  'Move to “{s}”': ['Flytt til «{s}»', 'Flytta till ”{s}”'],
  Moved: ['Flyttet', 'Flyttat'],
  'My open actions and assignments': ['Mine åpne tiltak og oppdrag', 'Mina öppna åtgärder och uppdrag'],
  'My page': ['Min side', 'Min sida'],
  'My processes': ['Mine prosesser', 'Mina processer'],
  Name: ['Navn', 'Namn'],
  'Name (verb + noun)': ['Navn (verb + substantiv)', 'Namn (verb + substantiv)'],
  Networks: ['Nettverk', 'Nätverk'],
  'New page': ['Ny side', 'Ny sida'],
  'New process': ['Ny prosess', 'Ny process'],
  'Next review': ['Neste gjennomgang', 'Nästa översyn'],
  No: ['Nei', 'Nej'],
  'No approved map yet.': ['Ingen godkjent kart ennå.', 'Ingen godkänd karta ännu.'],
  'No current version': ['Ingen gjeldende versjon', 'Ingen gällande version'],
  'Not saved: {n} fields have values that are not understood. Correct the marked fields.': [
    'Ikke lagret: {n} felt har verdier som ikke forstås. Rett de merkede feltene.',
    'Inte sparat: {n} fält har värden som inte förstås. Rätta de markerade fälten.',
  ],
  'No findings.': ['Ingen funn.', 'Inga fynd.'],
  'No open actions.': ['Ingen åpne tiltak.', 'Inga öppna åtgärder.'],
  'No reviews are due.': ['Ingen gjennomganger forfaller.', 'Inga översyner förfaller.'],
  'No roles are assigned.': ['Ingen roller er tildelt.', 'Inga roller är tilldelade.'],
  'No specification yet.': ['Ingen spesifikasjon ennå.', 'Ingen specifikation ännu.'],
  'No versions yet.': ['Ingen versjoner ennå.', 'Inga versioner ännu.'],
  'Not yet analysed.': ['Ikke analysert ennå.', 'Inte analyserad ännu.'],
  'Nothing here yet.': ['Ingenting her ennå.', 'Inget här ännu.'],
  'Nothing is waiting for you.': ['Ingenting venter på deg.', 'Inget väntar på dig.'],
  'On time': ['I rute', 'I tid'],
  Ongoing: ['Pågår', 'Pågår'],
  Organisation: ['Organisasjon', 'Organisation'],
  'Organisation sections': ['Deler av organisasjonen', 'Delar av organisationen'],
  Overdue: ['Forfalt', 'Försenad'],
  Overview: ['Oversikt', 'Översikt'],
  Page: ['Side', 'Sida'],
  'Page not found.': ['Fant ikke siden.', 'Sidan finns inte.'],
  Pages: ['Sider', 'Sidor'],
  'Parent process': ['Overordnet prosess', 'Överordnad process'],
  'Part of': ['Del av', 'Del av'],
  Password: ['Passord', 'Lösenord'],
  People: ['Personer', 'Personer'],
  Person: ['Person', 'Person'],
  Planned: ['Planlagt', 'Planerat'],
  Preset: ['Forhåndsvalg', 'Förval'],
  Preview: ['Forhåndsvisning', 'Förhandsvisning'],
  'Probability (0–1)': ['Sannsynlighet (0–1)', 'Sannolikhet (0–1)'],
  Problem: ['Problem', 'Problem'],
  'Problems and ideas': ['Problemer og ideer', 'Problem och idéer'],
  Process: ['Prosess', 'Process'],
  'Process architecture': ['Prosessarkitektur', 'Processarkitektur'],
  'Process management: maps, roles and the handbook.': ['Prosessledelse: kart, roller og håndbok.', 'Processledning: kartor, roller och handbok.'],
  'Process map': ['Prosesskart', 'Processkarta'],
  'Process sections': ['Deler av prosessen', 'Delar av processen'],
  'Process time': ['Behandlingstid', 'Bearbetningstid'],
  Processes: ['Prosesser', 'Processer'],
  'Proposed (version {n})': ['Foreslått (versjon {n})', 'Föreslagen (version {n})'],
  'Proposed map': ['Foreslått kart', 'Föreslagen karta'],
  RACI: ['RACI', 'RACI'],
  Reject: ['Avvis', 'Avslå'],
  Rejected: ['Avvist', 'Avslagen'],
  Removed: ['Fjernet', 'Borttaget'],
  Renamed: ['Nytt navn', 'Nytt namn'],
  Review: ['Gå gjennom', 'Granska'],
  'Review submitted version': ['Gå gjennom innsendt versjon', 'Granska inskickad version'],
  'Reviews due': ['Gjennomganger som forfaller', 'Översyner som förfaller'],
  Risk: ['Risiko', 'Risk'],
  Role: ['Rolle', 'Roll'],
  'Role assignments': ['Rolletildelinger', 'Rolltilldelningar'],
  'Role description': ['Rollebeskrivelse', 'Rollbeskrivning'],
  'Role schemes': ['Rollemodeller', 'Rollmodeller'],
  Roles: ['Roller', 'Roller'],
  Save: ['Lagre', 'Spara'],
  'Save draft': ['Lagre utkast', 'Spara utkast'],
  Scope: ['Omfang', 'Omfattning'],
  Search: ['Søk', 'Sök'],
  'Search…': ['Søk …', 'Sök …'],
  'Search processes, activities, roles, people, pages': [
    'Søk i prosesser, aktiviteter, roller, personer, sider',
    'Sök bland processer, aktiviteter, roller, personer, sidor',
  ],
  'Select an element to edit its Kartla data.': ['Velg et element for å redigere Kartla-dataene.', 'Välj ett element för att redigera dess Kartla-data.'],
  Settings: ['Innstillinger', 'Inställningar'],
  'Sign in': ['Logg inn', 'Logga in'],
  'Sign out': ['Logg ut', 'Logga ut'],
  'Account menu': ['Kontomeny', 'Kontomeny'],
  'Signed in as {name}': ['Logget inn som {name}', 'Inloggad som {name}'],
  'Sign in to see this page.': ['Logg inn for å se denne siden.', 'Logga in för att se den här sidan.'],
  'Read without signing in': ['Les uten å logge inn', 'Läs utan att logga in'],
  'Signed-in users': ['Innloggede brukere', 'Inloggade användare'],
  'Skip to content': ['Hopp til innholdet', 'Hoppa till innehållet'],
  Specification: ['Prosessbeskrivelse', 'Processbeskrivning'],
  'Specification changes': ['Endringer i prosessbeskrivelsen', 'Ändringar i processbeskrivningen'],
  Start: ['Start', 'Start'],
  'Start from a template': ['Start fra en mal', 'Utgå från en mall'],
  State: ['Tilstand', 'Läge'],
  Status: ['Status', 'Status'],
  'Sub-processes': ['Delprosesser', 'Delprocesser'],
  'Submit for approval': ['Send til godkjenning', 'Skicka för godkännande'],
  Submitted: ['Sendt inn', 'Inskickad'],
  Superseded: ['Erstattet', 'Ersatt'],
  'Support processes': ['Støtteprosesser', 'Stödprocesser'],
  Text: ['Tekst', 'Text'],
  'Text (Markdown)': ['Tekst (Markdown)', 'Text (Markdown)'],
  'The checker found nothing in the current map.': ['Kontrollen fant ingenting i gjeldende kart.', 'Kontrollen hittade inget i den gällande kartan.'],
  'Default language': ['Standardspråk', 'Standardspråk'],
  "Each browser's own": ['Nettleserens eget', 'Webbläsarens eget'],
  'Used until a user chooses a language in the header.': [
    'Brukes til brukeren velger språk øverst på siden.',
    'Används tills användaren väljer språk överst på sidan.',
  ],
  'The map could not be shown: {msg}': ['Kartet kunne ikke vises: {msg}', 'Kartan kunde inte visas: {msg}'],
  'The organisation': ['Organisasjonen', 'Organisationen'],
  'The specification is unchanged.': ['Prosessbeskrivelsen er uendret.', 'Processbeskrivningen är oförändrad.'],
  'This needs an administrator.': ['Dette krever en administrator.', 'Detta kräver en administratör.'],
  'Time changed': ['Tid endret', 'Tid ändrad'],
  Title: ['Tittel', 'Titel'],
  To: ['Til', 'Till'],
  'To activity plan': ['Til aktivitetsplanen', 'Till aktivitetsplanen'],
  'To-be': ['Ønsket situasjon', 'Önskat läge'],
  Training: ['Opplæring', 'Utbildning'],
  Type: ['Type', 'Typ'],
  'Type words in the search box.': ['Skriv ord i søkefeltet.', 'Skriv ord i sökfältet.'],
  Ungrouped: ['Uten gruppe', 'Ogrupperade'],
  Unit: ['Enhet', 'Enhet'],
  Units: ['Enheter', 'Enheter'],
  Users: ['Brukere', 'Användare'],
  'Time, e.g. 3 days, 2 hours 30 min or PT2H': ['Tid, f.eks. 3 dager, 2 timer 30 min eller PT2H', 'Tid, t.ex. 3 dagar, 2 timmar 30 min eller PT2H'],
  'Value-adding': ['Verdiskapende', 'Värdeskapande'],
  Variant: ['Variant', 'Variant'],
  Version: ['Versjon', 'Version'],
  Versions: ['Versjoner', 'Versioner'],
  'Vote for “{x}”': ['Stem på «{x}»', 'Rösta på ”{x}”'],
  'Wait time': ['Ventetid', 'Väntetid'],
  'Waiting for my approval': ['Venter på min godkjenning', 'Väntar på mitt godkännande'],
  Warning: ['Advarsel', 'Varning'],
  'Welcome, {name}.': ['Velkommen, {name}.', 'Välkommen, {name}.'],
  'Who may read it': ['Hvem kan lese den', 'Vem får läsa den'],
  Workshops: ['Arbeidsmøter', 'Workshoppar'],
  Yes: ['Ja', 'Ja'],
  'You hold no role on a process.': ['Du har ingen rolle i en prosess.', 'Du har ingen roll i en process.'],
  active: ['aktiv', 'aktiv'],
  'due {date}': ['frist {date}', 'förfaller {date}'],
  'min / most likely / max': ['min / mest sannsynlig / maks', 'min / mest sannolikt / max'],
  'new draft': ['nytt utkast', 'nytt utkast'],
  'next review {date}': ['neste gjennomgang {date}', 'nästa översyn {date}'],
  'submitted {date}': ['sendt inn {date}', 'inskickad {date}'],
  'version {n}': ['versjon {n}', 'version {n}'],
  'version {n}, {state}': ['versjon {n}, {state}', 'version {n}, {state}'],
  '{e} errors, {w} warnings': ['{e} feil, {w} advarsler', '{e} fel, {w} varningar'],
  '{n} hits for “{q}”': ['{n} treff for «{q}»', '{n} träffar för ”{q}”'],
  '{n} processes': ['{n} prosesser', '{n} processer'],
  '{n} votes': ['{n} stemmer', '{n} röster'],
  Agenda: ['Agenda', 'Dagordning'],
  Completed: ['Fullført', 'Genomförd'],
  'Completed courses': ['Fullførte kurs', 'Genomförda kurser'],
  Course: ['Kurs', 'Kurs'],
  Date: ['Dato', 'Datum'],
  Note: ['Merknad', 'Anteckning'],
  Place: ['Sted', 'Plats'],
  'Ordered by (owner)': ['Bestilt av (eier)', 'Beställd av (ägare)'],
  Background: ['Bakgrunn', 'Bakgrund'],
  'State to map': ['Situasjon som kartlegges', 'Läge som kartläggs'],
  Depth: ['Detaljnivå', 'Detaljnivå'],
  Participants: ['Deltakere', 'Deltagare'],
  End: ['Slutt', 'Slut'],
  Deliverables: ['Leveranser', 'Leveranser'],
  Analyses: ['Analyser', 'Analyser'],
  Goals: ['Mål', 'Mål'],
  Values: ['Verdier', 'Värden'],
  Effects: ['Effekter', 'Effekter'],
  Both: ['Begge', 'Båda'],
  'Overview map': ['Oversiktskart', 'Översiktskarta'],
  'Detailed map': ['Detaljkart', 'Detaljerad karta'],
  'Not in the template, removed when saved: {f}': ['Ikke i malen, fjernes ved lagring: {f}', 'Inte i mallen, tas bort när du sparar: {f}'],
  'Lists: one item a line.': ['Lister: ett element per linje.', 'Listor: en post per rad.'],
  Close: ['Lukk', 'Stäng'],
  'unsaved changes': ['ulagrede endringer', 'osparade ändringar'],
  'Edit specification': ['Rediger prosessbeskrivelsen', 'Redigera processbeskrivningen'],
  'one a line': ['én per linje', 'en per rad'],
  Owner: ['Eier', 'Ägare'],
  Responsible: ['Ansvarlig', 'Ansvarig'],
  Team: ['Team', 'Team'],
  Summary: ['Sammendrag', 'Sammanfattning'],
  'Mandate source': ['Grunnlag for mandatet', 'Grund för mandatet'],
  'Mandate and tasks': ['Mandat og oppgaver', 'Mandat och uppgifter'],
  'Local responsibility': ['Lokalt ansvar', 'Lokalt ansvar'],
  Partners: ['Samarbeidspartnere', 'Samarbetspartner'],
  'Arenas and meetings': ['Arenaer og møter', 'Arenor och möten'],
  'Competence requirements': ['Kompetansekrav', 'Kompetenskrav'],
  'No description yet.': ['Ingen beskrivelse ennå.', 'Ingen beskrivning ännu.'],
  'The page in the handbook': ['Siden i håndboken', 'Sidan i handboken'],
  'All roles': ['Alle roller', 'Alla roller'],
  'Write the role description': ['Skriv rollebeskrivelsen', 'Skriv rollbeskrivningen'],
  History: ['Historikk', 'Historik'],
  When: ['Når', 'När'],
  Who: ['Hvem', 'Vem'],
  What: ['Hva', 'Vad'],
  created: ['opprettet', 'skapade'],
  changed: ['endret', 'ändrade'],
  deleted: ['slettet', 'tog bort'],
  submitted: ['sendte inn', 'skickade in'],
  approved: ['godkjente', 'godkände'],
  rejected: ['avviste', 'avslog'],
  commented: ['kommenterte', 'kommenterade'],
  'the process': ['prosessen', 'processen'],
  'a map version': ['en kartversjon', 'en kartversion'],
  'Nothing has been recorded yet.': ['Ingenting er registrert ennå.', 'Inget har registrerats ännu.'],
  View: ['Vis', 'Visa'],
  'Decisions and comments': ['Beslutninger og kommentarer', 'Beslut och kommentarer'],
  'Set password': ['Sett passord', 'Ange lösenord'],
  'Set the password of {login}': ['Sett passordet til {login}', 'Ange lösenordet för {login}'],
  'New password': ['Nytt passord', 'Nytt lösenord'],
  'The password is set, and the account is signed out everywhere.': [
    'Passordet er satt, og kontoen er logget ut overalt.',
    'Lösenordet är satt, och kontot är utloggat överallt.',
  ],
  'Process inventory': ['Prosesskartlegging (oversikt)', 'Processinventering'],
  'Process specification': ['Prosessbeskrivelse (mal)', 'Processbeskrivning (mall)'],
  'Resource request': ['Ressursbehov', 'Resursbegäran'],
  'Mapping assignment': ['Kartleggingsoppdrag', 'Kartläggningsuppdrag'],
  'Follow-up plan': ['Oppfølgingsplan', 'Uppföljningsplan'],
  'Activity plan': ['Aktivitetsplan', 'Aktivitetsplan'],
  // The specification's fields (SPEC_FIELDS in screens/process.jsx).
  Purpose: ['Formål', 'Syfte'],
  Customer: ['Kunde/mottaker', 'Kund/mottagare'],
  'Customer needs': ['Kundens behov', 'Kundens behov'],
  'Begins when': ['Begynner når', 'Börjar när'],
  'Ends when': ['Slutter når', 'Slutar när'],
  'Outside the scope': ['Utenfor omfanget', 'Utanför omfattningen'],
  Inputs: ['Inndata', 'Indata'],
  Outputs: ['Utdata', 'Utdata'],
  Suppliers: ['Leverandører', 'Leverantörer'],
  Interfaces: ['Grensesnitt', 'Gränssnitt'],
  'Laws and governing documents': ['Lover og styrende dokumenter', 'Lagar och styrande dokument'],
  'Systems and tools': ['Systemer og hjelpemidler', 'System och hjälpmedel'],
  'Indicators and targets': ['Indikatorer og mål', 'Indikatorer och mål'],
  Risks: ['Risikoer', 'Risker'],
  // bpmn-js (palette, context pad, replace menu).
  'Activate create/remove space tool': ['Verktøy for å lage/fjerne plass', 'Verktyg för att skapa/ta bort utrymme'],
  'Activate global connect tool': ['Koble sammen elementer', 'Koppla ihop element'],
  'Activate hand tool': ['Håndverktøy (flytt visningen)', 'Handverktyg (flytta vyn)'],
  'Activate lasso tool': ['Lassoverktøy (merk flere)', 'Lassoverktyg (markera flera)'],
  'Add lane above': ['Legg til svømmebane over', 'Lägg till simbana ovanför'],
  'Add lane below': ['Legg til svømmebane under', 'Lägg till simbana nedanför'],
  'Add text annotation': ['Legg til merknad', 'Lägg till anteckning'],
  'Append end event': ['Legg til sluttpunkt', 'Lägg till slutpunkt'],
  'Append gateway': ['Legg til beslutningspunkt', 'Lägg till beslutspunkt'],
  'Append intermediate/boundary event': ['Legg til mellomhendelse', 'Lägg till mellanhändelse'],
  'Append task': ['Legg til aktivitet', 'Lägg till aktivitet'],
  'Append text annotation': ['Legg til merknad', 'Lägg till anteckning'],
  'Change element': ['Endre element', 'Ändra element'],
  'Connect to other element': ['Koble til et annet element', 'Koppla till ett annat element'],
  'Connect using association': ['Koble med assosiasjon', 'Koppla med association'],
  'Connect using sequence/message flow or association': ['Koble med flyt eller assosiasjon', 'Koppla med flöde eller association'],
  'Create data object reference': ['Lag dataobjekt', 'Skapa dataobjekt'],
  'Create data store reference': ['Lag datalager', 'Skapa datalager'],
  'Create end event': ['Lag sluttpunkt', 'Skapa slutpunkt'],
  'Create expanded sub-process': ['Lag delprosess', 'Skapa delprocess'],
  'Create gateway': ['Lag beslutningspunkt (eksklusiv)', 'Skapa beslutspunkt (exklusiv)'],
  'Create group': ['Lag gruppe', 'Skapa grupp'],
  'Create intermediate/boundary event': ['Lag mellomhendelse', 'Skapa mellanhändelse'],
  'Create parallel gateway': ['Lag parallell forgrening', 'Skapa parallell förgrening'],
  'Create pool/participant': ['Lag basseng/deltaker', 'Skapa pool/deltagare'],
  'Create start event': ['Lag startpunkt', 'Skapa startpunkt'],
  'Create task': ['Lag aktivitet', 'Skapa aktivitet'],
  'Create text annotation': ['Lag merknad', 'Skapa anteckning'],
  Delete: ['Slett', 'Ta bort'],
  'Divide into three lanes': ['Del i tre svømmebaner', 'Dela i tre simbanor'],
  'Divide into two lanes': ['Del i to svømmebaner', 'Dela i två simbanor'],
  Loop: ['Løkke', 'Loop'],
  'Parallel multi-instance': ['Parallell flerinstans', 'Parallell multiinstans'],
  'Sequential multi-instance': ['Sekvensiell flerinstans', 'Sekventiell multiinstans'],
  'Toggle non-interrupting': ['Veksle ikke-avbrytende', 'Växla icke-avbrytande'],
  'Sequence flow': ['Sekvensflyt', 'Sekvensflöde'],
  'Default flow': ['Standardflyt', 'Standardflöde'],
  'Conditional flow': ['Betinget flyt', 'Villkorat flöde'],
  'Sub-process': ['Delprosess', 'Delprocess'],
  Task: ['Aktivitet', 'Aktivitet'],
  'Start event': ['Startpunkt', 'Startpunkt'],
  'End event': ['Sluttpunkt', 'Slutpunkt'],
  'Exclusive gateway': ['Eksklusivt beslutningspunkt', 'Exklusiv beslutspunkt'],
  'Parallel gateway': ['Parallell forgrening', 'Parallell förgrening'],
  'Search in diagram': ['Søk i diagrammet', 'Sök i diagrammet'],
};
Object.assign(DICT, ANALYSIS_DICT); // the risk and lead-time screens' strings
Object.assign(DICT, IMPORT_DICT); // the editor's import and its repairs
Object.assign(DICT, MEASURED_DICT); // the measured lead-time tab's strings
Object.assign(DICT, READCONF_DICT); // read confirmation of approved versions
Object.assign(DICT, REPORT_DICT); // the process description document
Object.assign(DICT, MYPAGE_DICT); // my page, approval changes, change notes, revert
Object.assign(DICT, WORKSHOPS_DICT); // workshops, dots, regrouping, the activity plan
Object.assign(DICT, RISKREG_DICT); // the risk register's settings: categories, plan rule
Object.assign(DICT, NOTIFY_DICT); // my page's e-mail notification settings
Object.assign(DICT, SWEEP_DICT); // role levels, kinds and presets; the check's counts
Object.assign(DICT, EDITOR_DICT); // the editor's names per language, leave question and draft
Object.assign(DICT, OIDC_DICT); // sign-in through the identity provider
Object.assign(DICT, LTSMALL_DICT); // lead-time labels, palette tooltips, role delegation
