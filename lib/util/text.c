/* The name rule of text.h: no controls, no invisible direction or zero-width characters. */
#include <stddef.h>

#include "kartla/text.h"
#include "kartla/banned.h"

/* Decodes one UTF-8 sequence at s; returns its length, or 0 when it is not valid UTF-8. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07u;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/*
 * Controls, and the characters that make a name read differently from what
 * it is: bidi embeddings, overrides, isolates and marks (U+202A-202E,
 * U+2066-2069, U+200E/F, U+061C), zero-width and invisible characters
 * (U+200B-200D, U+2060-2064, U+FEFF, U+00AD soft hyphen, U+180E).
 */
static bool refused(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x61C || c == 0x180E ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

bool ka_text_name_ok(const char *s, uint32_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c = 0;
		size_t n = decode(p, &c);

		if (!n || refused(c)) {
			if (bad)
				*bad = n ? c : 0xFFFDu;
			return false;
		}
		p += n;
	}
	return true;
}
