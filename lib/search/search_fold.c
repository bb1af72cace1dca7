/*
 * Folding for search (search.h, ka_search_fold): lower case and no
 * diacritics, the same as the folded column of search_docs (schema.c,
 * migration 5) so that a folded query meets folded text. The table below and
 * schema.c's FOLD_CLOSE list the same letters; tests/unit/test_search.c runs
 * both over every letter and checks they agree.
 */
#include <string.h>

#include "kartla/buf.h"
#include "kartla/search.h"
#include "kartla/banned.h"

static const struct {
	unsigned cp;
	const char *to;
} folds[] = {
    {0x00e0, "a"},  /* à */
    {0x00e1, "a"},  /* á */
    {0x00e2, "a"},  /* â */
    {0x00e3, "a"},  /* ã */
    {0x00e4, "a"},  /* ä */
    {0x00e5, "a"},  /* å */
    {0x00c0, "a"},  /* À */
    {0x00c1, "a"},  /* Á */
    {0x00c2, "a"},  /* Â */
    {0x00c3, "a"},  /* Ã */
    {0x00c4, "a"},  /* Ä */
    {0x00c5, "a"},  /* Å */
    {0x0101, "a"},  /* ā */
    {0x0100, "a"},  /* Ā */
    {0x00e6, "ae"}, /* æ */
    {0x00c6, "ae"}, /* Æ */
    {0x00e7, "c"},  /* ç */
    {0x00c7, "c"},  /* Ç */
    {0x010d, "c"},  /* č */
    {0x010c, "c"},  /* Č */
    {0x00e8, "e"},  /* è */
    {0x00e9, "e"},  /* é */
    {0x00ea, "e"},  /* ê */
    {0x00eb, "e"},  /* ë */
    {0x00c8, "e"},  /* È */
    {0x00c9, "e"},  /* É */
    {0x00ca, "e"},  /* Ê */
    {0x00cb, "e"},  /* Ë */
    {0x00ec, "i"},  /* ì */
    {0x00ed, "i"},  /* í */
    {0x00ee, "i"},  /* î */
    {0x00ef, "i"},  /* ï */
    {0x00cc, "i"},  /* Ì */
    {0x00cd, "i"},  /* Í */
    {0x00ce, "i"},  /* Î */
    {0x00cf, "i"},  /* Ï */
    {0x00f0, "d"},  /* ð */
    {0x00d0, "d"},  /* Ð */
    {0x00f1, "n"},  /* ñ */
    {0x00d1, "n"},  /* Ñ */
    {0x00f2, "o"},  /* ò */
    {0x00f3, "o"},  /* ó */
    {0x00f4, "o"},  /* ô */
    {0x00f5, "o"},  /* õ */
    {0x00f6, "o"},  /* ö */
    {0x00f8, "o"},  /* ø */
    {0x00d2, "o"},  /* Ò */
    {0x00d3, "o"},  /* Ó */
    {0x00d4, "o"},  /* Ô */
    {0x00d5, "o"},  /* Õ */
    {0x00d6, "o"},  /* Ö */
    {0x00d8, "o"},  /* Ø */
    {0x00f9, "u"},  /* ù */
    {0x00fa, "u"},  /* ú */
    {0x00fb, "u"},  /* û */
    {0x00fc, "u"},  /* ü */
    {0x00d9, "u"},  /* Ù */
    {0x00da, "u"},  /* Ú */
    {0x00db, "u"},  /* Û */
    {0x00dc, "u"},  /* Ü */
    {0x00fd, "y"},  /* ý */
    {0x00ff, "y"},  /* ÿ */
    {0x00dd, "y"},  /* Ý */
    {0x00fe, "th"}, /* þ */
    {0x00de, "th"}, /* Þ */
    {0x00df, "ss"}, /* ß */
    {0x0153, "oe"}, /* œ */
    {0x0152, "oe"}, /* Œ */
    {0x0161, "s"},  /* š */
    {0x0160, "s"},  /* Š */
    {0x017e, "z"},  /* ž */
    {0x017d, "z"},  /* Ž */
};

/* Decodes one UTF-8 sequence of 2 or 3 bytes at s (n left); 0 when it is not one. */
static unsigned decode(const unsigned char *s, size_t n, size_t *used)
{
	if (s[0] >= 0xc2 && s[0] < 0xe0 && n >= 2 && (s[1] & 0xc0) == 0x80) {
		*used = 2;
		return ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if (s[0] >= 0xe0 && s[0] < 0xf0 && n >= 3 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*used = 3;
		return ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) |
		       (s[2] & 0x3f);
	}
	*used = 1;
	return 0;
}

static const char *fold_of(unsigned cp)
{
	size_t i;

	for (i = 0; cp && i < sizeof(folds) / sizeof(folds[0]); i++)
		if (folds[i].cp == cp)
			return folds[i].to;
	return NULL;
}

void ka_search_fold(const char *text, size_t len, struct ka_buf *out)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t i = 0, used;

	ka_buf_reset(out);
	while (i < len && s[i]) {
		const char *to;

		if (s[i] < 0x80) {
			ka_buf_addc(out, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]));
			i++;
			continue;
		}
		to = fold_of(decode(s + i, len - i, &used));
		if (to)
			ka_buf_adds(out, to);
		else
			ka_buf_add(out, (const char *)s + i, used);
		i += used;
	}
}
