/*
 * The "activity names are verb + object" judgement (check_int.h), per
 * language. Whether the first word is a verb comes from the verb lists that
 * scripts/lexicon.py derives at build time from Debian's hunspell
 * dictionaries (check_lexicon_data.h): every imperative and infinitive of a
 * verb the dictionary conjugates, so "Begär komplettering", "Bedöm risk",
 * "Vurder søknad" and "Review application" start with a verb and
 * "Kundförfrågan", "Søknadsbehandling" and "Customer inquiry" do not.
 *
 * Beyond the dictionary, three small documented lists: verb particles
 * ("ta emot", "følge opp", "follow up": the particle belongs to the verb,
 * not to the object), prefixes that make a verb of a verb ("vidare",
 * "gjen", "re": "vidarebefordra"), and the few verbs a dictionary does not
 * mark as verbs (exceptions[]). An English word that is both noun and verb
 * ("Order processing", "Budget approval") is judged by the word after it.
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"
#include "check_lexicon_data.h"
#include "kartla/banned.h"

#define MAX_WORDS 64

/* ---- the generated lists ----------------------------------------------- */

static int line_cmp(const unsigned char *line, size_t n, const char *w, size_t len)
{
	int r = memcmp(line, w, n < len ? n : len);

	if (r)
		return r;
	return n < len ? -1 : n > len;
}

/* Binary search over whole lines of a sorted '\n'-separated list. */
static bool list_has(const struct ka_lexicon_list *l, const char *w, size_t len)
{
	size_t lo = 0, hi = l->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, s = mid, e;
		int r;

		while (s > lo && l->data[s - 1] != '\n')
			s--;
		for (e = s; e < l->len && l->data[e] != '\n'; e++)
			;
		r = line_cmp(l->data + s, e - s, w, len);
		if (!r)
			return true;
		if (r < 0)
			lo = e + 1;
		else
			hi = s;
	}
	return false;
}

/* ---- small documented lists -------------------------------------------- */

static bool in_list(const char *const *list, const char *w, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !memcmp(*list, w, len))
			return true;
	return false;
}

/*
 * Verbs the dictionaries do not mark as verbs: sv_SE lists "göra" without flags and
 * "stämma" only as a noun ("stäm av"); the e-mail verbs are missing.
 */
static const char *const exceptions_en[] = {"e-mail", "re-submit", NULL};
static const char *const exceptions_nb[] = {"e-post", NULL};
static const char *const exceptions_sv[] = {"göra", "gör", "stämma", "stäm", "mejla", NULL};

/* Particles of a particle verb ("ta emot", "følge opp", "fill in"). */
static const char *const particles_en[] = {"up", "out", "in", "off", "over", "back", "down", NULL};
static const char *const particles_nb[] = {
    "opp", "ut",   "inn", "av",  "på",     "om",    "til",     "fram",    "frem", "bort",
    "i",   "imot", "mot", "ned", "sammen", "igjen", "tilbake", "gjennom", NULL};
static const char *const particles_sv[] = {
    "upp", "ut",  "in",   "av", "på",     "om",    "till",     "fram", "bort", "emot",
    "ner", "ned", "ihop", "i",  "igenom", "undan", "tillbaka", "åt",   NULL};

/* Prefixes that make a verb of a verb, when the dictionary lacks the whole word. */
static const char *const prefixes_en[] = {"re", "pre", "co", NULL};
static const char *const prefixes_nb[] = {"videre", "gjen", "re",   "om",   "for",   "over",
                                          "under",  "inn",  "ut",   "opp",  "av",    "til",
                                          "sam",    "ned",  "fram", "frem", "etter", NULL};
static const char *const prefixes_sv[] = {"vidare", "åter", "om",   "för",   "över", "under",
                                          "in",     "ut",   "upp",  "av",    "till", "sam",
                                          "ned",    "ner",  "fram", "efter", NULL};

static const char *const *const exceptions[KA_LANG__COUNT] = {exceptions_en, exceptions_nb,
                                                              exceptions_sv};
static const char *const *const particles[KA_LANG__COUNT] = {particles_en, particles_nb,
                                                             particles_sv};
static const char *const *const prefixes[KA_LANG__COUNT] = {prefixes_en, prefixes_nb, prefixes_sv};

static bool ends_with(const char *w, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && !memcmp(w + len - n, suffix, n);
}

/* A verb of `lang` (w lower-case). */
static bool is_verb(enum ka_lang lang, const char *w, size_t len)
{
	const char *const *p;

	if (list_has(&ka_lexicon_verbs[lang], w, len) || in_list(exceptions[lang], w, len))
		return true;
	for (p = prefixes[lang]; *p; p++) {
		size_t n = strlen(*p);

		/* the rest a verb ending in a vowel or of 5 letters ("av" + "gift" is no verb) */
		if (len >= n + 3 && !memcmp(w, *p, n) &&
		    (len - n >= 5 || strchr("aeiouy", w[len - 1])) &&
		    list_has(&ka_lexicon_verbs[lang], w + n, len - n))
			return true;
	}
	return false;
}

static bool numbering(const char *w, size_t len);

/* A verbal noun ending in `suffix` whose stem is a verb ("processing", "approval"). */
static bool verbal_noun(const char *w, size_t len, const char *suffix)
{
	char stem[128];
	size_t n = strlen(suffix), sl;

	if (!ends_with(w, len, suffix) || len - n < 3 || len - n + 2 > sizeof(stem))
		return false;
	sl = len - n;
	memcpy(stem, w, sl);
	if (list_has(&ka_lexicon_verbs[KA_LANG_EN], stem, sl))
		return true;
	if (stem[sl - 1] == stem[sl - 2] && list_has(&ka_lexicon_verbs[KA_LANG_EN], stem, sl - 1))
		return true; /* planning: plan */
	stem[sl] = 'e';
	return list_has(&ka_lexicon_verbs[KA_LANG_EN], stem, sl + 1); /* approval: approve */
}

/* The memo's slot for word w of `lang`; *hit when it holds that word. NULL without a memo. */
static struct ka_verb_memo_entry *memo_slot(struct ka_verb_memo *memo, enum ka_lang lang,
                                            const char *w, size_t len, bool *hit)
{
	size_t h = len * 31u + (unsigned)lang * 7u, i;
	struct ka_verb_memo_entry *e;

	*hit = false;
	if (!memo || !len || len >= sizeof(memo->e[0].word))
		return NULL;
	for (i = 0; i < len; i++)
		h = h * 33u + (unsigned char)w[i];
	e = &memo->e[(h ^ (h >> 8)) & (KA_VERB_MEMO - 1)];
	*hit = e->lang1 == (unsigned)lang + 1 && e->len == len && !memcmp(e->word, w, len);
	return e;
}

/* is_verb(), remembered in memo (may be NULL). */
static bool is_verb_memo(struct ka_verb_memo *memo, enum ka_lang lang, const char *w, size_t len)
{
	bool hit;
	struct ka_verb_memo_entry *e = memo_slot(memo, lang, w, len, &hit);

	if (hit)
		return e->verb;
	if (!e)
		return is_verb(lang, w, len);
	e->lang1 = (unsigned char)(lang + 1);
	e->len = (unsigned char)len;
	e->verb = is_verb(lang, w, len);
	e->noun = 0;
	memcpy(e->word, w, len);
	return e->verb;
}

/* A noun of `lang` (the nouns list), remembered in memo when it holds the word already. */
static bool is_noun_memo(struct ka_verb_memo *memo, enum ka_lang lang, const char *w, size_t len)
{
	bool hit;
	struct ka_verb_memo_entry *e = memo_slot(memo, lang, w, len, &hit);

	if (hit && e->noun)
		return e->noun == 2;
	if (!hit)
		return list_has(&ka_lexicon_nouns[lang], w, len);
	e->noun = list_has(&ka_lexicon_nouns[lang], w, len) ? 2 : 1;
	return e->noun == 2;
}

/* Participles that do not end in -ed ("Invoice paid"). */
static const char *const participles_en[] = {"paid",  "sent",    "done", "made", "given",
                                             "taken", "written", "held", "sold", "found",
                                             "kept",  "shown",   "seen", "set",  NULL};
/* Verbal nouns that name a thing in their own right ("Hold meeting"). */
static const char *const things_en[] = {"meeting", "hearing",  "briefing", "building",
                                        "booking", "ceremony", NULL};

/*
 * An English first word that is a noun as well as a verb reads as a noun
 * when the name ends in a participle ("Case closed", "Invoice received") or
 * when a two-word name ends in a verbal noun ("Order processing", "Budget
 * approval"); with any other object it reads as verb + object ("Order
 * supplies", "Review appeal"). Verbal nouns in -ion and -ment are left alone:
 * "Review application" and "Check payment" are far commoner than "Tender
 * evaluation" and "Case management". A noun followed by a number only ("Task 1") is
 * a label, not an activity.
 */
static bool en_noun_phrase(struct ka_verb_memo *memo, const char *const *words, const size_t *lens,
                           size_t first, size_t nw)
{
	const char *last = words[nw - 1];
	size_t n = lens[nw - 1];

	size_t i;

	if (nw - first < 2 || !is_noun_memo(memo, KA_LANG_EN, words[first], lens[first]))
		return false;
	for (i = first + 1; i < nw && numbering(words[i], lens[i]); i++)
		;
	if (i == nw)
		return true; /* a noun and a number: "Task 1" */
	if ((n >= 5 && ends_with(last, n, "ed")) || in_list(participles_en, last, n))
		return true;
	if (nw - first != 2 || in_list(things_en, last, n))
		return false;
	return verbal_noun(last, n, "ing") || verbal_noun(last, n, "al");
}

/*
 * Prepositions that make a noun of an ambiguous first word ("Møte med søker"); not
 * "om", "til", "på", which verbs take ("Be om", "Søk om", "Kalla till möte").
 */
static const char *const preps_nb[] = {"med",   "for",    "av",   "fra", "ved",
                                       "etter", "mellom", "uten", NULL};
static const char *const preps_sv[] = {"med",   "för",    "av",   "från", "vid",
                                       "efter", "mellan", "utan", NULL};

/*
 * A Norwegian or Swedish first word that is a noun as well as a verb form
 * ("Sak", "Møte", "Frist", "Fråga", "Köp", "Plan") reads as a noun when a
 * preposition follows it ("Møte med søker", "Plan för tillsyn"), when the
 * name ends in a passive or a participle ("Sak registreres", "Köp
 * godkänt") or when only a number follows; with an object it reads as an
 * imperative ("Kontakt søker", "Begär komplettering").
 */
static bool nordic_noun_phrase(struct ka_verb_memo *memo, enum ka_lang lang,
                               const char *const *words, const size_t *lens, size_t first,
                               size_t nw)
{
	static const char *const ends_nb[] = {"es", "ert", "tt", NULL};
	static const char *const ends_sv[] = {"as", "ad", "at", "ats", NULL};
	const char *const *e = lang == KA_LANG_NB ? ends_nb : ends_sv;
	const char *last = words[nw - 1];
	size_t i, n = lens[nw - 1];

	if (nw - first < 2 || !is_noun_memo(memo, lang, words[first], lens[first]))
		return false;
	for (i = first + 1; i < nw && numbering(words[i], lens[i]); i++)
		;
	if (i == nw)
		return true;
	if (in_list(lang == KA_LANG_NB ? preps_nb : preps_sv, words[first + 1], lens[first + 1]))
		return true;
	for (; n >= 5 && *e; e++)
		if (ends_with(last, n, *e))
			return true;
	return false;
}

/* ---- words ---------------------------------------------------------------- */

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

/* Splits lower-cased buf into words (pointers into buf); returns how many. */
static size_t split(char *buf, const char **words, size_t *lens)
{
	unsigned char *p = (unsigned char *)buf;
	size_t nw = 0;

	while (*p && nw < MAX_WORDS) {
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
	return nw;
}

enum ka_check_naming ka_check_verb_object(enum ka_lang lang, const char *name)
{
	return ka_check_verb_object_memo(NULL, lang, name);
}

enum ka_check_naming ka_check_verb_object_memo(struct ka_verb_memo *memo, enum ka_lang lang,
                                               const char *name)
{
	char buf[512];
	const char *words[MAX_WORDS];
	size_t lens[MAX_WORDS], nw, i, first = 0, verb_words = 1;

	if ((unsigned)lang >= KA_LANG__COUNT)
		lang = KA_LANG_EN;
	{
		/* as snprintf(buf, sizeof(buf), "%s", name), without the formatting */
		size_t n = strlen(name);

		if (n > sizeof(buf) - 1)
			n = sizeof(buf) - 1;

		memcpy(buf, name, n);
		buf[n] = '\0';
	}
	lower_utf8(buf);
	nw = split(buf, words, lens);
	while (first < nw && numbering(words[first], lens[first]))
		first++;
	/* an adverb before the verb ("Manually approve ...") */
	if (lang == KA_LANG_EN && first + 1 < nw && ends_with(words[first], lens[first], "ly") &&
	    !is_verb_memo(memo, lang, words[first], lens[first]))
		first++;
	if (first == nw)
		return KA_NAMING_OK; /* nothing to judge: label-required speaks of empty names */
	if (!is_verb_memo(memo, lang, words[first], lens[first]))
		return KA_NAMING_NO_VERB;
	if (lang == KA_LANG_EN ? en_noun_phrase(memo, words, lens, first, nw)
	                       : nordic_noun_phrase(memo, lang, words, lens, first, nw))
		return KA_NAMING_NO_VERB;
	/* up to two particles belong to the verb ("ta i mot", "fill in") */
	while (verb_words < 3 && first + verb_words < nw &&
	       in_list(particles[lang], words[first + verb_words], lens[first + verb_words]))
		verb_words++;
	for (i = first + verb_words; i < nw; i++)
		if (!numbering(words[i], lens[i]))
			return KA_NAMING_OK;
	return KA_NAMING_NO_OBJECT;
}

int ka_check_translation_lang(const char *xml_lang, enum ka_lang *out)
{
	static const struct {
		const char *prefix;
		enum ka_lang lang;
	} map[] = {{"nb", KA_LANG_NB}, {"no", KA_LANG_NB}, {"sv", KA_LANG_SV}, {"en", KA_LANG_EN}};
	size_t i;

	if (!xml_lang || !xml_lang[0] || !xml_lang[1])
		return -1;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if ((xml_lang[0] | 0x20) == map[i].prefix[0] &&
		    (xml_lang[1] | 0x20) == map[i].prefix[1] &&
		    (xml_lang[2] == '\0' || xml_lang[2] == '-' || xml_lang[2] == '_')) {
			*out = map[i].lang;
			return 0;
		}
	}
	return -1;
}
