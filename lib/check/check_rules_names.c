/*
 * Rules about names, the part of a map people read: steps, events, decisions,
 * pools and lanes carry a name; activities are named verb + object (each
 * name in its language, judged by check_naming.c); a decision is a question and
 * each of its branches says which answer it is.
 */
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

static bool has_label(const struct ka_check_ctx *c, const struct ka_el *el)
{
	const char *s = ka_el_label(el, ka_lang_code(c->lang));

	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* Which elements must carry a name (after bpmnlint's label-required, see docs/rules.md). */
static bool needs_label(const struct ka_check_ctx *c, const struct ka_el *el)
{
	bool in_scope = ka_check_in_scope(c, el->index);

	switch (el->kind) {
	case KA_K_TASK:
	case KA_K_CALL_ACTIVITY:
	case KA_K_START_EVENT:
	case KA_K_END_EVENT:
	case KA_K_CATCH_EVENT:
	case KA_K_THROW_EVENT:
	case KA_K_BOUNDARY_EVENT:
		return in_scope;
	case KA_K_SUB_PROCESS:
		return in_scope && ka_check_collapsed(el);
	case KA_K_GATEWAY:
		return in_scope && ka_check_decision(el);
	case KA_K_PARTICIPANT:
	case KA_K_LANE:
		return !ka_check_in_choreography(el);
	case KA_K_SEQUENCE_FLOW:
		/* branches of decisions are gateway-branches-labelled's business */
		return el->has_condition && el->source && ka_check_in_scope(c, el->source->index) &&
		       !ka_check_decision(el->source);
	default:
		return false;
	}
}

static void label_required(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (needs_label(c, el) && !has_label(c, el))
			ka_check_report(c, el, el->kind == KA_K_SEQUENCE_FLOW ? 1 : 0, NULL);
	}
}

/* Copies s trimmed and with inner white space as single spaces; false when blank. */
static bool clean(const char *s, char *buf, size_t bufsz)
{
	size_t o = 0;
	bool space = false;

	for (; *s && o + 2 < bufsz; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			buf[o++] = ' ';
		space = false;
		buf[o++] = *s;
	}
	buf[o] = '\0';
	return o > 0;
}

/*
 * Judges one name of `el` in `lang`; reports the first bad one (once per
 * element, *done then true), quoting it.
 */
static void judge(struct ka_check_ctx *c, struct ka_verb_memo *memo, const struct ka_el *el,
                  const char *text, enum ka_lang lang, bool *done)
{
	struct ka_check_args a = {NULL, 0, 0, NULL};
	char name[512];
	enum ka_check_naming r;

	if (*done || !clean(text, name, sizeof(name)))
		return;
	r = ka_check_verb_object_memo(memo, lang, name);
	if (r == KA_NAMING_OK)
		return;
	a.text = name;
	ka_check_report(c, el, r == KA_NAMING_NO_VERB ? 0 : 1, &a);
	*done = true;
}

/*
 * The language of an element's untranslated name: the language of a
 * translation that repeats it; else, when it is translated into the two
 * other languages, the one left (the name is the third version); else the
 * map's language, c->names (ka_check_map_lang).
 */
static enum ka_lang base_lang(const struct ka_check_ctx *c, const struct ka_el *el,
                              const char *base)
{
	const struct ka_xml_node *t = NULL;
	const char *l, *text;
	bool has[KA_LANG__COUNT] = {false, false, false};
	enum ka_lang lang, left = c->names;
	int n = 0, k;

	while ((t = ka_el_next_translation(el, t, &l, &text))) {
		if (ka_check_translation_lang(l, &lang))
			continue;
		if (!strcmp(text, base))
			return lang;
		has[lang] = true;
	}
	for (k = 0; k < KA_LANG__COUNT; k++) {
		if (has[k])
			n++;
		else
			left = (enum ka_lang)k;
	}
	return n == KA_LANG__COUNT - 1 ? left : c->names;
}

/*
 * Every name an activity has is judged in its own language: a translation
 * in its xml:lang, the untranslated name in base_lang's. So the findings do
 * not depend on who reads them; the reader's own name is judged first, so a
 * finding quotes it when it is one of the bad ones.
 */
static void activity_verb_object(struct ka_check_ctx *c)
{
	struct ka_verb_memo *memo = ka_xcalloc(1, sizeof(*memo));
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		const struct ka_xml_node *t = NULL;
		const char *base = el->name ? el->name : "", *mine, *l, *text;
		enum ka_lang lang;
		bool done = false;

		if (!ka_check_in_scope(c, i) || !(el->type->flags & KA_TF_ACTIVITY) ||
		    el->triggered_by_event)
			continue;
		mine = ka_el_label(el, ka_lang_code(c->lang)); /* after the filter: a cache miss */
		if (mine != base && strcmp(mine, base))
			judge(c, memo, el, mine, c->lang, &done);
		judge(c, memo, el, base, base_lang(c, el, base), &done);
		while ((t = ka_el_next_translation(el, t, &l, &text)))
			if (text != mine && strcmp(text, base) &&
			    !ka_check_translation_lang(l, &lang))
				judge(c, memo, el, text, lang, &done);
	}
	free(memo);
}

static void gateway_question(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		char name[512];
		size_t n;

		if (!ka_check_in_scope(c, i) || !ka_check_decision(el) || !has_label(c, el))
			continue;
		ka_check_label(c, el, name, sizeof(name));
		n = strlen(name);
		if (n && name[n - 1] != '?')
			ka_check_report(c, el, 0, NULL);
	}
}

static void gateway_branches_labelled(struct ka_check_ctx *c)
{
	size_t i, j;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {el, 0, 0, NULL};

		if (!ka_check_in_scope(c, i) || !ka_check_decision(el))
			continue;
		for (j = 0; j < el->outgoing.n; j++) {
			const struct ka_el *f = el->outgoing.v[j];

			if (f != el->default_flow && !has_label(c, f))
				ka_check_report(c, f, 0, &a);
		}
	}
}

static const struct ka_check_rule rules[] = {
    {"label-required",
     KA_SEV_WARNING,
     label_required,
     {{"{Def} has no name: name it, so the map can be read without the one who drew it",
       "{Def} har ikke navn: gi den et navn, så kartet kan leses uten den som tegnet det",
       "{Def} saknar namn: ge den ett namn, så att kartan kan läsas utan den som ritade "
       "den"},
      {"{Def} has a condition but no name: say in words when this path is taken",
       "{Def} har en betingelse, men ikke navn: si med ord når denne veien velges",
       "{Def} har ett villkor men inget namn: säg med ord när den här vägen väljs"}}},
    {"activity-verb-object",
     KA_SEV_WARNING,
     activity_verb_object,
     {{"{Def} \"{text}\" does not start with a verb: name activities verb + object, "
       "such as \"Register application\"",
       "{Def} \"{text}\" begynner ikke med et verb: gi aktiviteter navn med verb + "
       "objekt, som \"Registrere søknad\"",
       "{Def} \"{text}\" börjar inte med ett verb: namnge aktiviteter med verb + objekt, "
       "som \"Registrera ansökan\""},
      {"{Def} \"{text}\" has a verb but no object: say what it acts on, such as "
       "\"Approve invoice\"",
       "{Def} \"{text}\" har et verb, men ikke noe objekt: si hva den gjelder, som "
       "\"Godkjenne faktura\"",
       "{Def} \"{text}\" har ett verb men inget objekt: säg vad den gäller, som "
       "\"Godkänna faktura\""}}},
    {"gateway-question",
     KA_SEV_WARNING,
     gateway_question,
     {{"{Def} \"{name}\" is a decision: phrase it as a question, such as \"Application "
       "complete?\"",
       "{Def} \"{name}\" er et valg: formuler den som et spørsmål, som \"Søknad "
       "komplett?\"",
       "{Def} \"{name}\" är ett beslut: formulera den som en fråga, som \"Ansökan "
       "komplett?\""}}},
    {"gateway-branches-labelled",
     KA_SEV_WARNING,
     gateway_branches_labelled,
     {{"{Def} is a branch of the decision {ref} but has no name: label it with the "
       "answer it stands for (such as \"yes\" or \"no\")",
       "{Def} er en gren fra valget {ref}, men har ikke navn: merk den med svaret den "
       "står for (som \"ja\" eller \"nei\")",
       "{Def} är en gren från beslutet {ref} men saknar namn: märk den med svaret den "
       "står för (som \"ja\" eller \"nej\")"}}},
};

const struct ka_check_table ka_check_rules_names = {rules, sizeof(rules) / sizeof(rules[0])};
