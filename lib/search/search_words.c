/*
 * Words as the in-memory search index sees them (search_index.h): where a
 * text is cut into words, and a word in lower case. The index and the query
 * use the same functions, so a word found in a document is the word a query
 * names.
 */
#include <string.h>

#include "search_index.h"
#include "kartla/banned.h"

/* Bytes of the UTF-8 sequence starting with lead byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * True when the sequence at s (n bytes available, at least its length) is a
 * separator: Latin-1 punctuation and signs (U+0080–U+00BF: no-break space,
 * « », §, ° …), × and ÷, and General Punctuation (U+2000–U+206F: dashes,
 * quotation marks, bullets, thin spaces).
 */
static int separator(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xc2)
		return 1;
	if (n >= 2 && s[0] == 0xc3 && (s[1] == 0x97 || s[1] == 0xb7))
		return 1;
	if (n >= 3 && s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81))
		return 1;
	return 0;
}

static int ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void ka_search_words_each(const char *text, size_t len,
                          void (*fn)(const char *w, size_t n, void *ctx), void *ctx)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len, *w = NULL;

	while (s < end) {
		size_t n = 1;
		int word;

		if (*s < 0x80) {
			word = ascii_word(*s);
		} else {
			n = seq_len(*s);
			if (n > (size_t)(end - s))
				n = (size_t)(end - s);
			word = !separator(s, n);
		}
		if (word && !w)
			w = s;
		else if (!word && w) {
			fn((const char *)w, (size_t)(s - w), ctx);
			w = NULL;
		}
		s += n;
	}
	if (w)
		fn((const char *)w, (size_t)(end - w), ctx);
}

size_t ka_search_letters(const char *s, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

void ka_search_lower(const char *w, size_t n, struct ka_buf *out)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t i;

	ka_buf_reset(out);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z') {
			ka_buf_addc(out, (char)(c + 32));
		} else if (c == 0xc3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9e &&
		           s[i + 1] != 0x97) { /* À–Þ except × */
			ka_buf_addc(out, (char)c);
			ka_buf_addc(out, (char)(s[++i] + 0x20));
		} else if ((c == 0xc4 || c == 0xc5) && i + 1 < n) {
			/* Latin Extended-A: pairs upper/lower at even/odd code points */
			unsigned cp = ((unsigned)(c & 0x1f) << 6) | (s[i + 1] & 0x3f);

			if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177)) &&
			    !(cp & 1))
				cp++;
			else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) &&
			         (cp & 1))
				cp++;
			ka_buf_addc(out, (char)(0xc0 | (cp >> 6)));
			ka_buf_addc(out, (char)(0x80 | (cp & 0x3f)));
			i++;
		} else {
			ka_buf_addc(out, (char)c);
		}
	}
}
