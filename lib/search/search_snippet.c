/*
 * Search snippets made in C, the same on both backends: a window of words
 * of a hit's text around its first match, the matched words marked. Done
 * here rather than by SQLite's snippet() or PostgreSQL's ts_headline()
 * because those ran for every hit before the page was cut (snippet() was
 * half of a search's cost), and because the two did not agree.
 *
 * Words are what the query builder takes as words (schema.c): runs of ASCII
 * letters and digits and any non-ASCII bytes. A text word matches a query
 * word when it starts with it, compared after simple case folding (ASCII,
 * Latin-1 and Latin Extended-A: the letters of nb, sv and en and their
 * neighbours); the index itself folds all of Unicode, so an exotic letter
 * may be found but not marked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/search.h"
#include "search_index.h"
#include "kartla/banned.h"

#define MAX_QUERY_WORDS 16
#define MAX_WORD_BYTES  200
#define CONTEXT_BEFORE  3 /* words shown before the first match */

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/* Decodes one UTF-8 sequence at s (n bytes left); a bad byte decodes as itself. */
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
	return s[0];
}

static unsigned fold(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	/* Latin Extended-A: pairs upper/lower, even/odd, except where the parity shifts. */
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c | 1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1u) ? c + 1 : c;
	if (c == 0x178)
		return 0xff;
	return c;
}

/* Case-folded code points of s[0..n) into out (at most cap); returns how many. */
static size_t fold_word(const char *s, size_t n, unsigned *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, used;

	while (i < n && k < cap) {
		out[k++] = fold(decode(u + i, n - i, &used));
		i += used;
	}
	return k;
}

struct qword {
	unsigned cp[MAX_WORD_BYTES];
	size_t n;
	char folded[MAX_WORD_BYTES + 1]; /* ka_search_fold(): never longer than the word */
	size_t letters;                  /* in folded */
};

static size_t query_words(const char *q, struct qword *w, struct ka_buf *f)
{
	const unsigned char *s = (const unsigned char *)(q ? q : "");
	size_t n = 0;

	while (*s && n < MAX_QUERY_WORDS) {
		const unsigned char *b;

		while (*s && !word_byte(*s))
			s++;
		b = s;
		while (word_byte(*s))
			s++;
		if (s > b && (size_t)(s - b) <= MAX_WORD_BYTES) {
			w[n].n =
			    fold_word((const char *)b, (size_t)(s - b), w[n].cp, MAX_WORD_BYTES);
			ka_search_fold((const char *)b, (size_t)(s - b), f);
			/* folding never lengthens a word: it fits */
			memcpy(w[n].folded, f->data,
			       f->len < MAX_WORD_BYTES ? f->len : MAX_WORD_BYTES);
			w[n].folded[f->len < MAX_WORD_BYTES ? f->len : MAX_WORD_BYTES] = '\0';
			w[n].letters = ka_search_letters(w[n].folded, strlen(w[n].folded));
			n++;
		}
	}
	return n;
}

/*
 * A word matches as the search does (search.c): a query word as its start,
 * case folded; else folded (no diacritics) as its start, or anywhere in it
 * when the folded query word has KA_SEARCH_INDEX_MIN_INSIDE letters or more.
 */
static int matches(const char *s, size_t len, const struct qword *w, size_t nw, struct ka_buf *f)
{
	unsigned cp[MAX_WORD_BYTES];
	size_t n, i;

	ka_search_fold(s, len, f);
	for (i = 0; i < nw; i++) {
		if (!w[i].folded[0])
			continue;
		if (w[i].letters >= KA_SEARCH_INDEX_MIN_INSIDE
		        ? strstr(f->data, w[i].folded) != NULL
		        : !strncmp(f->data, w[i].folded, strlen(w[i].folded)))
			return 1;
	}
	/*
	 * Case folded as typed: an ASCII word folds letter by letter to lower
	 * case, so the comparisons above decided it; a word with other letters
	 * may differ only in a case the folding table leaves ("Łódź").
	 */
	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len)
		return 0;
	n = fold_word(s, len, cp, MAX_WORD_BYTES);
	for (i = 0; i < nw; i++)
		if (w[i].n <= n && !memcmp(w[i].cp, cp, w[i].n * sizeof(cp[0])))
			return 1;
	return 0;
}

struct span {
	size_t at, len;
	int hit;
};

void ka_search_snippet(const char *query, const char *text, size_t max_words, struct ka_buf *out)
{
	/* not zeroed: query_words() sets every field of the words it returns */
	struct qword *qw = ka_xreallocarray(NULL, MAX_QUERY_WORDS, sizeof(*qw));
	struct ka_buf f;
	size_t nq, nspans = 0, cap = 64, i, first = (size_t)-1, start, end, ctx;
	struct span *sp = ka_xreallocarray(NULL, cap, sizeof(*sp));
	const unsigned char *t = (const unsigned char *)(text ? text : "");
	size_t len = strlen((const char *)t), p = 0;

	ka_buf_init(&f, KA_BUF_UNLIMITED);
	nq = query_words(query, qw, &f);
	ka_buf_reset(out);
	if (!max_words)
		max_words = 1;
	while (p < len) {
		size_t b;

		while (p < len && !word_byte(t[p]))
			p++;
		b = p;
		while (p < len && word_byte(t[p]))
			p++;
		if (p == b)
			break;
		if (nspans == cap)
			sp = ka_xreallocarray(sp, cap *= 2, sizeof(*sp));
		sp[nspans].at = b;
		sp[nspans].len = p - b;
		sp[nspans].hit = matches((const char *)t + b, p - b, qw, nq, &f);
		if (sp[nspans].hit && first == (size_t)-1)
			first = nspans;
		nspans++;
		/* the window is known and a word follows it: the rest is not shown */
		if (first != (size_t)-1 && nspans > first + max_words)
			break;
	}
	if (first == (size_t)-1)
		first = 0;
	ctx = CONTEXT_BEFORE < max_words ? CONTEXT_BEFORE : max_words - 1;
	start = first > ctx ? first - ctx : 0;
	end = start + max_words < nspans ? start + max_words : nspans;
	if (end - start < max_words && nspans >= max_words)
		start = end - max_words;
	if (start > 0)
		ka_buf_adds(out, "… ");
	for (i = start; i < end; i++) {
		if (i > start) {
			/* What lies between two words, with white space runs as one space. */
			size_t g = sp[i - 1].at + sp[i - 1].len;
			int space = 0;

			for (; g < sp[i].at; g++) {
				if (t[g] == ' ' || t[g] == '\t' || t[g] == '\n' || t[g] == '\r') {
					space = 1;
					continue;
				}
				if (space)
					ka_buf_addc(out, ' ');
				space = 0;
				ka_buf_addc(out, (char)t[g]);
			}
			if (space)
				ka_buf_addc(out, ' ');
		}
		if (sp[i].hit)
			ka_buf_addc(out, '\x02');
		ka_buf_add(out, (const char *)t + sp[i].at, sp[i].len);
		if (sp[i].hit)
			ka_buf_addc(out, '\x03');
	}
	if (end < nspans)
		ka_buf_adds(out, " …");
	free(sp);
	free(qw);
	ka_buf_release(&f);
}
