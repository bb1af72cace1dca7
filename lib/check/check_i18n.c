/*
 * The checker's languages: English, Norwegian (bokmål) and Swedish. Element
 * kinds as nouns with and without the definite article, the expansion of a
 * rule's message template and the summary line (the verb knowledge of the
 * "activity names are verb + object" rule is check_naming.c's). The message templates
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
