/*
 * The checker's languages: English, Norwegian (bokmål) and Swedish. Element
 * kinds as nouns with and without the definite article, the expansion of a
 * rule's message template, the summary line, and the verb lists behind the
 * "activity names are verb + object" heuristic. The message templates
 * themselves sit in each rule's table row (check_rules_*.c) so a rule and its
 * wording are read and changed together.
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"
#include "kartla/banned.h"

struct noun {
	const char *indef, *def;
};

/* Indexed [kind or special][lang]. */
enum {
	N_ELEMENT,
	N_FILE,
	N_PROCESS,
	N_POOL,
	N_LANE,
	N_START,
	N_END,
	N_INTERMEDIATE,
	N_BOUNDARY,
	N_TASK,
	N_SUB_PROCESS,
	N_CALL,
	N_GW_EXCLUSIVE,
	N_GW_INCLUSIVE,
	N_GW_PARALLEL,
	N_GW_COMPLEX,
	N_GW_EVENT,
	N_SEQUENCE_FLOW,
	N_MESSAGE_FLOW,
	N_ASSOCIATION,
	N_DATA_ASSOCIATION,
	N_DATA_OBJECT,
	N_DATA_STORE,
	N_DATA_INPUT,
	N_DATA_OUTPUT,
	N_ANNOTATION,
	N_GROUP,
	N__COUNT
};

static const struct noun nouns[N__COUNT][KA_LANG__COUNT] = {
    [N_ELEMENT] = {{"element", "the element"}, {"element", "elementet"}, {"element", "elementet"}},
    [N_FILE] = {{"file", "the file"}, {"fil", "fila"}, {"fil", "filen"}},
    [N_PROCESS] = {{"process", "the process"}, {"prosess", "prosessen"}, {"process", "processen"}},
    [N_POOL] = {{"pool", "the pool"}, {"basseng", "bassenget"}, {"pool", "poolen"}},
    [N_LANE] = {{"lane", "the lane"}, {"svømmebane", "svømmebanen"}, {"simbana", "simbanan"}},
    [N_START] = {{"start event", "the start event"},
                 {"starthendelse", "starthendelsen"},
                 {"starthändelse", "starthändelsen"}},
    [N_END] = {{"end event", "the end event"},
               {"slutthendelse", "slutthendelsen"},
               {"sluthändelse", "sluthändelsen"}},
    [N_INTERMEDIATE] = {{"intermediate event", "the intermediate event"},
                        {"mellomliggende hendelse", "den mellomliggende hendelsen"},
                        {"mellanliggande händelse", "den mellanliggande händelsen"}},
    [N_BOUNDARY] = {{"boundary event", "the boundary event"},
                    {"kanthendelse", "kanthendelsen"},
                    {"gränshändelse", "gränshändelsen"}},
    [N_TASK] = {{"activity", "the activity"},
                {"aktivitet", "aktiviteten"},
                {"aktivitet", "aktiviteten"}},
    [N_SUB_PROCESS] = {{"sub-process", "the sub-process"},
                       {"delprosess", "delprosessen"},
                       {"delprocess", "delprocessen"}},
    [N_CALL] = {{"call activity", "the call activity"},
                {"kallaktivitet", "kallaktiviteten"},
                {"anropsaktivitet", "anropsaktiviteten"}},
    [N_GW_EXCLUSIVE] = {{"exclusive gateway", "the exclusive gateway"},
                        {"eksklusiv gateway", "den eksklusive gatewayen"},
                        {"exklusiv gateway", "den exklusiva gatewayen"}},
    [N_GW_INCLUSIVE] = {{"inclusive gateway", "the inclusive gateway"},
                        {"inkluderende gateway", "den inkluderende gatewayen"},
                        {"inkluderande gateway", "den inkluderande gatewayen"}},
    [N_GW_PARALLEL] = {{"parallel gateway", "the parallel gateway"},
                       {"parallell gateway", "den parallelle gatewayen"},
                       {"parallell gateway", "den parallella gatewayen"}},
    [N_GW_COMPLEX] = {{"complex gateway", "the complex gateway"},
                      {"kompleks gateway", "den komplekse gatewayen"},
                      {"komplex gateway", "den komplexa gatewayen"}},
    [N_GW_EVENT] = {{"event-based gateway", "the event-based gateway"},
                    {"hendelsesbasert gateway", "den hendelsesbaserte gatewayen"},
                    {"händelsebaserad gateway", "den händelsebaserade gatewayen"}},
    [N_SEQUENCE_FLOW] = {{"sequence flow", "the sequence flow"},
                         {"sekvensflyt", "sekvensflyten"},
                         {"sekvensflöde", "sekvensflödet"}},
    [N_MESSAGE_FLOW] = {{"message flow", "the message flow"},
                        {"meldingsflyt", "meldingsflyten"},
                        {"meddelandeflöde", "meddelandeflödet"}},
    [N_ASSOCIATION] = {{"association", "the association"},
                       {"assosiasjon", "assosiasjonen"},
                       {"association", "associationen"}},
    [N_DATA_ASSOCIATION] = {{"data association", "the data association"},
                            {"dataassosiasjon", "dataassosiasjonen"},
                            {"dataassociation", "dataassociationen"}},
    [N_DATA_OBJECT] = {{"data object", "the data object"},
                       {"dataobjekt", "dataobjektet"},
                       {"dataobjekt", "dataobjektet"}},
    [N_DATA_STORE] = {{"data store", "the data store"},
                      {"datalager", "datalageret"},
                      {"datalager", "datalagret"}},
    [N_DATA_INPUT] = {{"data input", "the data input"},
                      {"inndataobjekt", "inndataobjektet"},
                      {"indataobjekt", "indataobjektet"}},
    [N_DATA_OUTPUT] = {{"data output", "the data output"},
                       {"utdataobjekt", "utdataobjektet"},
                       {"utdataobjekt", "utdataobjektet"}},
    [N_ANNOTATION] = {{"text annotation", "the text annotation"},
                      {"tekstmerknad", "tekstmerknaden"},
                      {"textanteckning", "textanteckningen"}},
    [N_GROUP] = {{"group", "the group"}, {"gruppe", "gruppen"}, {"grupp", "gruppen"}},
};

static int noun_of(const struct ka_el *el)
{
	switch (el->kind) {
	case KA_K_DEFINITIONS:
		return N_FILE;
	case KA_K_PROCESS:
		return N_PROCESS;
	case KA_K_PARTICIPANT:
		return N_POOL;
	case KA_K_LANE:
		return N_LANE;
	case KA_K_START_EVENT:
		return N_START;
	case KA_K_END_EVENT:
		return N_END;
	case KA_K_CATCH_EVENT:
	case KA_K_THROW_EVENT:
		return N_INTERMEDIATE;
	case KA_K_BOUNDARY_EVENT:
		return N_BOUNDARY;
	case KA_K_TASK:
		return N_TASK;
	case KA_K_SUB_PROCESS:
		return N_SUB_PROCESS;
	case KA_K_CALL_ACTIVITY:
		return N_CALL;
	case KA_K_GATEWAY:
		switch (el->gateway) {
		case KA_GW_INCLUSIVE:
			return N_GW_INCLUSIVE;
		case KA_GW_PARALLEL:
			return N_GW_PARALLEL;
		case KA_GW_COMPLEX:
			return N_GW_COMPLEX;
		case KA_GW_EVENT_BASED:
			return N_GW_EVENT;
		default:
			return N_GW_EXCLUSIVE;
		}
	case KA_K_SEQUENCE_FLOW:
		return N_SEQUENCE_FLOW;
	case KA_K_MESSAGE_FLOW:
		return N_MESSAGE_FLOW;
	case KA_K_ASSOCIATION:
		return N_ASSOCIATION;
	case KA_K_DATA_ASSOCIATION:
		return N_DATA_ASSOCIATION;
	case KA_K_DATA_OBJECT:
	case KA_K_DATA_OBJECT_REF:
		return N_DATA_OBJECT;
	case KA_K_DATA_STORE:
	case KA_K_DATA_STORE_REF:
		return N_DATA_STORE;
	case KA_K_DATA_INPUT:
		return N_DATA_INPUT;
	case KA_K_DATA_OUTPUT:
		return N_DATA_OUTPUT;
	case KA_K_TEXT_ANNOTATION:
		return N_ANNOTATION;
	case KA_K_GROUP:
		return N_GROUP;
	default:
		return N_ELEMENT;
	}
}

const char *ka_check_kind_noun(enum ka_lang lang, const struct ka_el *el, bool definite)
{
	const struct noun *n = &nouns[noun_of(el)][(unsigned)lang < KA_LANG__COUNT ? lang : 0];

	return definite ? n->def : n->indef;
}

/* Appends `s` with its first letter upper-cased (every noun starts with ASCII). */
static void add_capitalised(struct ka_buf *out, const char *s)
{
	if (*s >= 'a' && *s <= 'z') {
		ka_buf_addc(out, (char)(*s - 'a' + 'A'));
		s++;
	}
	ka_buf_adds(out, s);
}

static void add_ref(struct ka_buf *out, const struct ka_el *ref, enum ka_lang lang)
{
	const char *label;

	if (!ref) {
		ka_buf_adds(out, "?");
		return;
	}
	label = ka_el_label(ref, ka_lang_code(lang));
	while (*label == ' ' || *label == '\n' || *label == '\r' || *label == '\t')
		label++;
	if (*label) {
		ka_buf_addc(out, '"');
		for (; *label; label++)
			ka_buf_addc(out, (*label == '\n' || *label == '\r' || *label == '\t')
			                     ? ' '
			                     : *label);
		while (out->len && out->data[out->len - 1] == ' ')
			out->data[--out->len] = 0;
		ka_buf_addc(out, '"');
	} else {
		ka_buf_adds(out, ref->id ? ref->id : "?");
	}
}

void ka_check_format(struct ka_buf *out, const char *tmpl, enum ka_lang lang,
                     const struct ka_el *el, const char *name, const struct ka_check_args *a)
{
	const char *p = tmpl;

	while (*p) {
		const char *close;
		size_t len;

		if (*p != '{' || !(close = strchr(p, '}'))) {
			ka_buf_addc(out, *p++);
			continue;
		}
		len = (size_t)(close - p - 1);
#define IS(word) (len == sizeof(word) - 1 && !memcmp(p + 1, word, len))
		if (IS("Def"))
			add_capitalised(out, ka_check_kind_noun(lang, el, true));
		else if (IS("def"))
			ka_buf_adds(out, ka_check_kind_noun(lang, el, true));
		else if (IS("kind"))
			ka_buf_adds(out, ka_check_kind_noun(lang, el, false));
		else if (IS("name"))
			ka_buf_adds(out, name);
		else if (IS("ref"))
			add_ref(out, a->ref, lang);
		else if (IS("refkind"))
			ka_buf_adds(out, a->ref ? ka_check_kind_noun(lang, a->ref, false) : "?");
		else if (IS("text"))
			ka_buf_adds(out, a->text ? a->text : "");
		else if (IS("n"))
			ka_buf_addf(out, "%ld", a->n);
		else if (IS("max"))
			ka_buf_addf(out, "%ld", a->max);
		else
			ka_buf_add(out, p, len + 2);
#undef IS
		p = close + 1;
	}
}

int ka_findings_summary(const struct ka_findings *f, enum ka_lang lang, struct ka_buf *out)
{
	static const char *const words[KA_LANG__COUNT][3][2] = {
	    {{"error", "errors"}, {"warning", "warnings"}, {"note", "notes"}},
	    {{"feil", "feil"}, {"advarsel", "advarsler"}, {"merknad", "merknader"}},
	    {{"fel", "fel"}, {"varning", "varningar"}, {"notering", "noteringar"}},
	};
	size_t n[3] = {f->counts[KA_SEV_ERROR], f->counts[KA_SEV_WARNING], f->counts[KA_SEV_INFO]};
	unsigned l = (unsigned)lang < KA_LANG__COUNT ? lang : 0;

	return ka_buf_addf(out, "%zu %s, %zu %s, %zu %s", n[0], words[l][0][n[0] != 1], n[1],
	                   words[l][1][n[1] != 1], n[2], words[l][2][n[2] != 1]);
}

/* ---- verb + object ---------------------------------------------------- */

/*
 * Small built-in lists of verbs a process activity typically starts with,
 * in the infinitive / imperative. Multi-word verbs ("ta emot", "follow up")
 * are matched before single words. Beyond the lists, a word with a typical
 * verb ending counts as a verb, and one with a typical noun ending (a
 * nominalisation such as "registrering", "approval") as a noun.
 */
static const char *const verbs_en[] = {
    "accept",    "add",       "adjust",      "agree",     "allocate",   "allow",      "analyse",
    "analyze",   "announce",  "answer",      "apply",     "appoint",    "approve",    "archive",
    "arrange",   "ask",       "assemble",    "assess",    "assign",     "attach",     "attend",
    "audit",     "authorise", "authorize",   "back",      "bill",       "book",       "brief",
    "browse",    "build",     "buy",         "calculate", "call",       "cancel",     "capture",
    "change",    "charge",    "check",       "choose",    "clarify",    "classify",   "clean",
    "close",     "coach",     "collect",     "compare",   "compile",    "complete",   "conduct",
    "configure", "confirm",   "connect",     "consult",   "contact",    "continue",   "control",
    "convert",   "copy",      "correct",     "cost",      "count",      "create",     "decide",
    "declare",   "define",    "delete",      "deliver",   "deploy",     "describe",   "design",
    "determine", "develop",   "discuss",     "dispatch",  "distribute", "do",         "document",
    "download",  "draft",     "draw",        "edit",      "email",      "employ",     "end",
    "enrol",     "enroll",    "enter",       "escalate",  "establish",  "estimate",   "evaluate",
    "examine",   "exchange",  "execute",     "explain",   "export",     "fetch",      "file",
    "fill",      "finalise",  "finalize",    "find",      "finish",     "fix",        "follow",
    "forward",   "gather",    "generate",    "get",       "give",       "grade",      "grant",
    "greet",     "handle",    "help",        "hire",      "hold",       "identify",   "implement",
    "import",    "improve",   "inform",      "initiate",  "inspect",    "install",    "instruct",
    "interview", "introduce", "investigate", "invite",    "invoice",    "issue",      "join",
    "keep",      "label",     "launch",      "lead",      "list",       "load",       "log",
    "mail",      "maintain",  "make",        "manage",    "mark",       "match",      "measure",
    "meet",      "merge",     "monitor",     "move",      "negotiate",  "note",       "notify",
    "obtain",    "offer",     "onboard",     "open",      "order",      "organise",   "organize",
    "pack",      "pay",       "perform",     "pick",      "place",      "plan",       "post",
    "prepare",   "present",   "price",       "print",     "prioritise", "prioritize", "process",
    "produce",   "promote",   "propose",     "protect",   "prove",      "provide",    "publish",
    "purchase",  "put",       "qualify",     "query",     "raise",      "rate",       "read",
    "receive",   "recommend", "record",      "recruit",   "refer",      "refund",     "register",
    "reject",    "release",   "remind",      "remove",    "renew",      "repair",     "replace",
    "reply",     "report",    "request",     "reserve",   "reset",      "resolve",    "respond",
    "restore",   "retrieve",  "return",      "review",    "revise",     "rework",     "run",
    "save",      "scan",      "schedule",    "score",     "search",     "secure",     "select",
    "sell",      "send",      "set",         "settle",    "share",      "ship",       "show",
    "sign",      "sort",      "specify",     "start",     "stop",       "store",      "submit",
    "summarise", "summarize", "supply",      "support",   "take",       "teach",      "terminate",
    "test",      "track",     "train",       "transfer",  "translate",  "transport",  "update",
    "upload",    "use",       "validate",    "verify",    "visit",      "wait",       "welcome",
    "withdraw",  "write",     "follow up",   "set up",    "sign off",   "fill in",    "fill out",
    "hand over", "log in",    "check in",    "check out", "carry out",  "find out",   "look up",
    "pick up",   "send out",  "write up",    NULL};

static const char *const verbs_nb[] = {
    "analysere",   "ansette",   "arkivere",  "avgjøre",      "avklare",     "avslutte",
    "avslå",       "avtale",    "behandle",  "beregne",      "beslutte",    "besvare",
    "bestille",    "betale",    "bekrefte",  "be",           "dokumentere", "etterspørre",
    "fakturere",   "fastsette", "fatte",     "ferdigstille", "fordele",     "forhandle",
    "fylle",       "få",        "gi",        "gjennomføre",  "godkjenne",   "gå",
    "hente",       "informere", "innhente",  "innkalle",     "innvilge",    "intervjue",
    "journalføre", "kalle",     "klage",     "kontrollere",  "korrigere",   "kvalitetssikre",
    "lage",        "legge",     "levere",    "lukke",        "melde",       "motta",
    "oppdatere",   "opprette",  "planlegge", "publisere",    "purre",       "rapportere",
    "registrere",  "rette",     "revidere",  "saksbehandle", "se",          "sende",
    "signere",     "sjekke",    "skanne",    "skrive",       "sortere",     "starte",
    "svare",       "søke",      "ta",        "teste",        "tildele",     "undersøke",
    "utarbeide",   "utbetale",  "utføre",    "varsle",       "vedta",       "velge",
    "vurdere",     "åpne",      "følge opp", "ta imot",      "ta i mot",    "ta stilling til",
    "be om",       "sende ut",  "fylle ut",  "legge inn",    "skrive ut",   "sette opp",
    NULL};

static const char *const verbs_sv[] = {
    "analysera",  "anmäla",     "ansöka",      "anställa",   "arkivera",
    "avgöra",     "avsluta",    "avslå",       "avtala",     "bedöma",
    "begära",     "behandla",   "bekräfta",    "beräkna",    "bereda",
    "besluta",    "besvara",    "beställa",    "betala",     "bevilja",
    "delge",      "diarieföra", "dokumentera", "expediera",  "fakturera",
    "fastställa", "fatta",      "fylla",       "fördela",    "förhandla",
    "få",         "ge",         "genomföra",   "godkänna",   "granska",
    "gå",         "göra",       "handlägga",   "hämta",      "informera",
    "intervjua",  "kalla",      "kontrollera", "korrigera",  "kvalitetssäkra",
    "leverera",   "meddela",    "ompröva",     "planera",    "publicera",
    "pröva",      "registrera", "remittera",   "rapportera", "revidera",
    "rätta",      "se",         "signera",     "skanna",     "skapa",
    "skicka",     "skriva",     "sortera",     "starta",     "stänga",
    "svara",      "ta",         "testa",       "tilldela",   "underteckna",
    "undersöka",  "uppdatera",  "upprätta",    "utarbeta",   "utbetala",
    "utföra",     "utreda",     "välja",       "öppna",      "ta emot",
    "följa upp",  "fylla i",    "lägga in",    "skriva ut",  "ta ställning till",
    "sätta upp",  "be om",      NULL};

/* Common nouns with a verb-like ending (heuristic stop list). */
static const char *const nouns_nb[] = {"kunde", "side", "time", "uke", "rute", "sone", NULL};
static const char *const nouns_sv[] = {"faktura", "offerta", "kassa", "skola", "kunda", NULL};

static const char *const *const verb_lists[KA_LANG__COUNT] = {verbs_en, verbs_nb, verbs_sv};

static bool ends_with(const char *w, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && !memcmp(w + len - n, suffix, n);
}

static bool in_list(const char *const *list, const char *w, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !memcmp(*list, w, len))
			return true;
	return false;
}

/* Lower-cases ASCII and the Latin-1 letters (U+00C0..U+00DE) of a UTF-8 string. */
static void lower_utf8(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p - 'A' + 'a');
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
			*++p += 0x20;
	}
}

static bool separator(const unsigned char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == ';' ||
	       *p == ':' || *p == '!' || *p == '?' || *p == '(' || *p == ')' || *p == '"' ||
	       *p == '/' || (*p == 0xC2 && p[1] == 0xA0);
}

/* A "word" made only of digits and punctuation, such as a step number "1.2". */
static bool numbering(const char *w, size_t len)
{
	size_t i;
	bool digit = false;

	for (i = 0; i < len; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digit = true;
		else if (w[i] != '.' && w[i] != '-' && w[i] != ')')
			return false;
	}
	return digit || len == 0;
}

static bool noun_ending(enum ka_lang lang, const char *w, size_t len)
{
	static const char *const en[] = {"tion", "sion", "ment", "ance", "ence", "ing", "al", NULL};
	static const char *const nb[] = {"ing", "sjon", "else", "het", "ment", "skap", NULL};
	static const char *const sv[] = {"ning", "ing",  "tion", "sion", "else",
	                                 "het",  "skap", "an",   NULL};
	const char *const *l = lang == KA_LANG_NB ? nb : lang == KA_LANG_SV ? sv : en;

	for (; *l; l++)
		if (ends_with(w, len, *l))
			return true;
	return false;
}

static bool verb_ending(enum ka_lang lang, const char *w, size_t len)
{
	switch (lang) {
	case KA_LANG_NB:
		return !in_list(nouns_nb, w, len) && len >= 4 && w[len - 1] == 'e';
	case KA_LANG_SV:
		return !in_list(nouns_sv, w, len) && len >= 4 && w[len - 1] == 'a';
	default:
		return ends_with(w, len, "ize") || ends_with(w, len, "ise") ||
		       ends_with(w, len, "ate") || ends_with(w, len, "ify");
	}
}

enum ka_check_naming ka_check_verb_object(enum ka_lang lang, const char *name)
{
	char buf[512];
	const char *words[64];
	size_t lens[64], nw = 0, i, first = 0, verb_words = 0;
	unsigned char *p;
	const char *const *list;

	if ((unsigned)lang >= KA_LANG__COUNT)
		lang = KA_LANG_EN;
	snprintf(buf, sizeof(buf), "%s", name);
	lower_utf8(buf);
	p = (unsigned char *)buf;
	while (*p && nw < 64) {
		unsigned char *w;

		while (*p && separator(p))
			p += (*p == 0xC2) ? 2 : 1;
		if (!*p)
			break;
		w = p;
		while (*p && !separator(p))
			p++;
		words[nw] = (const char *)w;
		lens[nw] = (size_t)(p - w);
		while (lens[nw] && (w[lens[nw] - 1] == '.' || w[lens[nw] - 1] == '-'))
			lens[nw]--;
		if (lens[nw])
			nw++;
	}
	while (first < nw && numbering(words[first], lens[first]))
		first++;
	/* an adverb before the verb ("Manually approve ...") */
	if (lang == KA_LANG_EN && first + 1 < nw && ends_with(words[first], lens[first], "ly"))
		first++;
	if (first == nw)
		return KA_NAMING_OK; /* nothing to judge: label-required speaks of empty names */
	/* a multi-word verb first, then a listed single word */
	for (list = verb_lists[lang]; *list && !verb_words; list++) {
		const char *v = *list, *sp;
		size_t k = first;

		if (!strchr(v, ' '))
			continue;
		while (k < nw) {
			size_t vl;

			sp = strchr(v, ' ');
			vl = sp ? (size_t)(sp - v) : strlen(v);
			if (vl != lens[k] || memcmp(v, words[k], vl))
				break;
			k++;
			if (!sp) {
				verb_words = k - first;
				break;
			}
			v = sp + 1;
		}
	}
	if (!verb_words && in_list(verb_lists[lang], words[first], lens[first]))
		verb_words = 1;
	if (!verb_words && !noun_ending(lang, words[first], lens[first]) &&
	    verb_ending(lang, words[first], lens[first]))
		verb_words = 1;
	if (!verb_words)
		return KA_NAMING_NO_VERB;
	for (i = first + verb_words; i < nw; i++)
		if (!numbering(words[i], lens[i]))
			return KA_NAMING_OK;
	return KA_NAMING_NO_OBJECT;
}
