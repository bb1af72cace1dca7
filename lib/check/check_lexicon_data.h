/*
 * The verb knowledge of the naming check, generated at build time by
 * scripts/lexicon.py from Debian's hunspell dictionaries into
 * check_lexicon_table.c (a build product): per language, a sorted list of
 * lower-case words, each ended by '\n', searched by check_naming.c. Indexed
 * by enum ka_lang (en, nb, sv). Read-only data, no state.
 */
#ifndef KARTLA_CHECK_LEXICON_DATA_H
#define KARTLA_CHECK_LEXICON_DATA_H

#include <stddef.h>

struct ka_lexicon_list {
	const unsigned char *data; /* "word\nword\n...", byte order, NUL after the last '\n' */
	size_t len;                /* bytes before the NUL */
	size_t n;                  /* words (for the record) */
};

/* Words that begin an activity name as a verb: imperatives and infinitives. */
extern const struct ka_lexicon_list ka_lexicon_verbs[3];
/* Of those, the ones that are nouns too (the dictionary's noun flags on the same word). */
extern const struct ka_lexicon_list ka_lexicon_nouns[3];

#endif
