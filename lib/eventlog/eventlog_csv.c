/*
 * The CSV reader: RFC 4180 records (quotes, doubled quotes, line breaks in
 * quoted fields) streamed through a window of the input. The delimiter is
 * detected from the first line (the most frequent of , ; TAB | outside
 * quotes) unless given; the first record is a header unless it holds a
 * timestamp and no known column name; columns are given by name or number
 * or detected from known names (see docs/eventlog.md). Each field is taken
 * as UTF-8 when it is valid UTF-8 and as windows-1252 otherwise (or as the
 * forced encoding); a UTF-8 byte-order mark is skipped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "eventlog_int.h"
#include "kartla/banned.h"

#define CSV_CHUNK      (256u * 1024u)
#define CSV_MAX_RECORD (1u << 20)
#define CSV_MAX_FIELDS 512
/* Plain input larger than this is read by two threads, each half from a line boundary. */
#define CSV_SPLIT_MIN (1u << 20)

enum { COL_CASE, COL_ACT, COL_TIME, COL_START, COL_RES, NCOLS };

struct field {
	char *p;
	size_t len;
	unsigned long col;
};

struct csv {
	struct ka_eventlog *log;
	const struct ka_eventlog_opts *o;
	struct ka_diag *d;
	struct el_src *src;
	char *buf;
	size_t len, pos, alloc;
	bool eof;
	unsigned long line; /* line of the record at pos */
	char delim;
	struct field f[CSV_MAX_FIELDS];
	size_t nf;
	int col[NCOLS]; /* field index, -1 none */
	struct ka_buf conv;
	bool used_cp1252;
	uint64_t base; /* input offset of buf[0] */
	uint64_t stop; /* 0, or the offset where the second thread's part begins */
	bool first;    /* the next non-blank record is the file's first */
	int need;      /* fields a data row must have */
	int err;       /* the second thread's result */
	struct el_time_cache tc;
	uint32_t last_case; /* the previous row's case (rows of a case usually follow each other) */
	size_t last_case_len;
	bool has_last_case;
	struct ka_diag first_skip; /* the first skipped row's diagnostic, before it is formatted */
	struct {
		uint32_t ix, len; /* len 0: empty */
	} acts[64]; /* recent activities by a cheap key: most rows skip the hash table */
};

static const char *const col_label[NCOLS] = {"case", "activity", "timestamp", "start timestamp",
                                             "resource"};

/* Known header names per column, most specific first (compared case-insensitively). */
static const char *const *known(int c)
{
	static const char *const k_case[] = {"case:concept:name",
	                                     "case id",
	                                     "case_id",
	                                     "caseid",
	                                     "case",
	                                     "case identifier",
	                                     "sak",
	                                     "saksnummer",
	                                     "ärende",
	                                     "ärendenummer",
	                                     NULL};
	static const char *const k_act[] = {"concept:name",  "activity",  "activity name",
	                                    "activity_name", "aktivitet", "event",
	                                    "task",          "steg",      NULL};
	static const char *const k_time[] = {"time:timestamp",
	                                     "timestamp",
	                                     "complete timestamp",
	                                     "complete_timestamp",
	                                     "end timestamp",
	                                     "end_timestamp",
	                                     "end time",
	                                     "end",
	                                     "time",
	                                     "tidspunkt",
	                                     "tid",
	                                     "tidpunkt",
	                                     NULL};
	static const char *const k_start[] = {
	    "start_timestamp", "start timestamp", "start time",     "start_time",
	    "start",           "starttid",        "starttidspunkt", NULL};
	static const char *const k_res[] = {"org:resource",  "resource", "ressurs",
	                                    "resurs",        "user",     "handläggare",
	                                    "saksbehandler", NULL};
	static const char *const *all[NCOLS] = {k_case, k_act, k_time, k_start, k_res};
	return all[c];
}

static int fill(struct csv *c)
{
	size_t got = 0;
	int err;

	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->base += c->pos;
		c->len -= c->pos;
		c->pos = 0;
	}
	if (c->alloc - c->len < CSV_CHUNK) {
		c->alloc = c->len + CSV_CHUNK + 1;
		c->buf = ka_xrealloc(c->buf, c->alloc);
	}
	err = el_src_read(c->src, c->buf + c->len, CSV_CHUNK, &got, c->d);
	if (err)
		return err;
	if (got == 0)
		c->eof = true;
	c->len += got;
	return 0;
}

/* Finds the end of the record at pos: *end at its '\n' (or the data end at EOF). 1 found,
 * 0 need more input. */
static int record_end(struct csv *c, size_t *end, unsigned long *nlines)
{
	size_t i = c->pos;
	bool q = false;
	const char *nl;

	*nlines = 0;
	if (i >= c->len) { /* nothing buffered (a second thread's buffer may not exist yet) */
		*end = c->len;
		return c->eof;
	}
	nl = memchr(c->buf + i, '\n', c->len - i);
	if (nl && !memchr(c->buf + i, '"', (size_t)(nl - (c->buf + i)))) {
		*end = (size_t)(nl - c->buf);
		return 1;
	}
	/* a quote opens a quoted field only at the start of a field (as split() reads it) */
	for (; i < c->len; i++) {
		char ch = c->buf[i];
		if (q) {
			if (ch == '"') {
				if (i + 1 >= c->len && !c->eof)
					return 0;
				if (i + 1 < c->len && c->buf[i + 1] == '"')
					i++;
				else
					q = false;
			} else if (ch == '\n') {
				(*nlines)++;
			}
		} else if (ch == '"' && (i == c->pos || c->buf[i - 1] == c->delim)) {
			q = true;
		} else if (ch == '\n') {
			*end = i;
			return 1;
		}
	}
	if (c->eof) {
		*end = c->len;
		return 1;
	}
	return 0;
}

static int bad(struct csv *c, unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int bad(struct csv *c, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ka_diag_vset(c->d, KA_ERR_INVALID, line, col, NULL, fmt, ap);
	va_end(ap);
	return KA_ERR_INVALID;
}

/* Splits [pos, end) into fields, unquoting in place. */
static int split(struct csv *c, size_t end)
{
	char *p = c->buf + c->pos, *e = c->buf + end, *ls = p;
	unsigned long line = c->line;

	if (e > p && e[-1] == '\r')
		e--;
	c->nf = 0;
	for (;;) {
		struct field *f;

		if (c->nf == CSV_MAX_FIELDS)
			return bad(c, c->line, 1, "more than %d fields in a row", CSV_MAX_FIELDS);
		f = &c->f[c->nf++];
		f->col = (unsigned long)(p - ls) + 1;
		if (p < e && *p == '"') {
			char *w = p, *r = p + 1;
			f->p = w;
			for (;;) {
				if (r >= e)
					return bad(
					    c, line, f->col,
					    "unterminated quoted field: expected a closing '\"'");
				if (*r == '"') {
					if (r + 1 < e && r[1] == '"') {
						*w++ = '"';
						r += 2;
						continue;
					}
					r++;
					break;
				}
				if (*r == '\n')
					line++, ls = r + 1;
				*w++ = *r++;
			}
			f->len = (size_t)(w - f->p);
			p = r;
			if (p < e && *p != c->delim)
				return bad(c, line, (unsigned long)(p - ls) + 1,
				           "expected the delimiter '%c' after a closing quote",
				           c->delim == '\t' ? 't' : c->delim);
		} else {
			char *q = memchr(p, c->delim, (size_t)(e - p));
			f->p = p;
			f->len = (size_t)((q ? q : e) - p);
			p = q ? q : e;
		}
		if (p >= e)
			return 0;
		p++; /* the delimiter */
	}
}

/* Bytes of v equal to the byte repeated in `pat`: the lowest set 0x80 bit marks the first. */
static inline uint64_t byte_eq(uint64_t v, uint64_t pat)
{
	uint64_t x = v ^ pat;

	return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* The first delimiter or '\n' in [p, lim), or lim: eight bytes a step. */
static const char *field_end_8(const char *p, const char *lim, char dl)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t d = 0x0101010101010101ULL * (unsigned char)dl, n = 0x0A0A0A0A0A0A0A0AULL;

	for (; lim - p >= 8; p += 8) {
		uint64_t v, m;

		memcpy(&v, p, 8);
		m = byte_eq(v, d) | byte_eq(v, n);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
	}
#endif
	while (p < lim && *p != dl && *p != '\n')
		p++;
	return p;
}

static char *field_end(char *p, const char *lim, char dl)
{
	return p + (field_end_8(p, lim, dl) - p);
}

/* The common record in one pass: fields unquoted, or quoted without a line break or a doubled
 * quote inside, the whole record in the buffer. 1 done (*end at its '\n'), 0 anything else
 * (record_end and split, which give the same fields, decide then). */
static int fast_split(struct csv *c, size_t *end)
{
	char *p = c->buf + c->pos, *lim = c->buf + c->len, *ls = p;
	const char dl = c->delim;

	c->nf = 0;
	for (;;) {
		struct field *f;

		if (c->nf == CSV_MAX_FIELDS)
			return 0;
		f = &c->f[c->nf++];
		f->col = (unsigned long)(p - ls) + 1;
		if (p < lim && *p == '"') {
			char *q = memchr(p + 1, '"', (size_t)(lim - p - 1));
			if (!q || q + 1 >= lim || q[1] == '"' ||
			    memchr(p + 1, '\n', (size_t)(q - p - 1)))
				return 0;
			f->p = p + 1;
			f->len = (size_t)(q - p - 1);
			p = q + 1;
			if (*p == dl) {
				p++;
				continue;
			}
			if (*p == '\r' && p + 1 < lim && p[1] == '\n')
				p++;
			if (*p != '\n')
				return 0;
			break;
		}
		f->p = p;
		p = field_end(p, lim, dl);
		if (p >= lim)
			return 0;
		f->len = (size_t)(p - f->p);
		if (*p == dl) {
			p++;
			continue;
		}
		if (f->len && p[-1] == '\r')
			f->len--;
		break;
	}
	*end = (size_t)(p - c->buf);
	return 1;
}

static bool ascii(const char *s, size_t n)
{
	uint64_t acc = 0, v;

	if (n >= 8) { /* the last 8 bytes, overlapping the loop's: no byte loop */
		memcpy(&v, s + n - 8, 8);
		acc = v;
	} else {
		for (; n; s++, n--)
			acc |= (unsigned char)*s;
	}
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&v, s, 8);
		acc |= v;
	}
	return !(acc & 0x8080808080808080ULL);
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char b = s[i];
		size_t k, need = b < 0x80             ? 0
		                 : (b & 0xE0) == 0xC0 ? 1
		                 : (b & 0xF0) == 0xE0 ? 2
		                 : (b & 0xF8) == 0xF0 ? 3
		                                      : 9;
		if (need == 9 || (need == 1 && b < 0xC2) || i + need >= n + (need ? 0 : 1))
			return false;
		for (k = 1; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

/* windows-1252 0x80..0x9F as Unicode code points (0 = undefined, kept as U+FFFD). */
static const unsigned short cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The field as UTF-8: itself, or converted from windows-1252 into c->conv. */
static const char *text(struct csv *c, const struct field *f, size_t *len)
{
	size_t i;

	if (c->o->encoding != KA_EVENTLOG_ENC_CP1252 &&
	    (c->o->encoding == KA_EVENTLOG_ENC_UTF8 || ascii(f->p, f->len) ||
	     valid_utf8((void *)f->p, f->len))) {
		*len = f->len;
		return f->p;
	}
	c->used_cp1252 = true;
	ka_buf_reset(&c->conv);
	for (i = 0; i < f->len; i++) {
		unsigned u = (unsigned char)f->p[i];
		if (u >= 0x80 && u < 0xA0)
			u = cp1252_hi[u - 0x80] ? cp1252_hi[u - 0x80] : 0xFFFD;
		if (u < 0x80)
			ka_buf_addc(&c->conv, (char)u);
		else if (u < 0x800)
			ka_buf_addf(&c->conv, "%c%c", (char)(0xC0 | (u >> 6)),
			            (char)(0x80 | (u & 0x3F)));
		else
			ka_buf_addf(&c->conv, "%c%c%c", (char)(0xE0 | (u >> 12)),
			            (char)(0x80 | ((u >> 6) & 0x3F)), (char)(0x80 | (u & 0x3F)));
	}
	*len = c->conv.len;
	return c->conv.data;
}

static char detect_delim(const char *s, size_t n)
{
	static const char cands[] = {',', ';', '\t', '|'};
	size_t counts[4] = {0}, i, k, best = 0;
	bool q = false;

	for (i = 0; i < n && (q || s[i] != '\n'); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q)
			for (k = 0; k < 4; k++)
				counts[k] += s[i] == cands[k];
	}
	for (k = 1; k < 4; k++)
		if (counts[k] > counts[best])
			best = k;
	return cands[best];
}

static bool field_is(const struct field *f, const char *name)
{
	const char *p = f->p;
	size_t n = f->len;

	while (n && (*p == ' ')) /* tolerate padding */
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	return strlen(name) == n && !strncasecmp(p, name, n);
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int resolve_columns(struct csv *c, bool header, const char *given[NCOLS])
{
	int k;
	size_t i;

	for (k = 0; k < NCOLS; k++)
		c->col[k] = -1;
	for (k = 0; k < NCOLS; k++) {
		if (given[k] && is_number(given[k])) {
			unsigned long n = strtoul(given[k], NULL, 10);
			if (n < 1 || n > c->nf)
				return ka_diag_set(c->d, KA_ERR_USAGE, 0, 0, NULL,
				                   "%s column %s does not exist: the first row has "
				                   "%zu columns",
				                   col_label[k], given[k], c->nf);
			c->col[k] = (int)n - 1;
		} else if (given[k]) {
			for (i = 0; header && i < c->nf && c->col[k] < 0; i++)
				if (field_is(&c->f[i], given[k]))
					c->col[k] = (int)i;
			if (c->col[k] < 0)
				return ka_diag_set(c->d, KA_ERR_USAGE, 1, 1, NULL,
				                   "no %s column named '%s' in the header",
				                   col_label[k], given[k]);
		} else if (header) {
			const char *const *names = known(k);
			for (; *names && c->col[k] < 0; names++)
				for (i = 0; i < c->nf && c->col[k] < 0; i++)
					if (field_is(&c->f[i], *names) &&
					    (k == COL_CASE || (int)i != c->col[COL_CASE]) &&
					    (int)i != c->col[COL_ACT] && (int)i != c->col[COL_TIME])
						c->col[k] = (int)i;
		}
	}
	for (k = 0; k <= COL_TIME; k++)
		if (c->col[k] < 0)
			return ka_diag_set(c->d, KA_ERR_USAGE, 1, 1, NULL,
			                   "cannot tell which column is the %s: name it with "
			                   "--csv-%s COLUMN (a header name or a number from 1)",
			                   col_label[k],
			                   k == COL_CASE  ? "case"
			                   : k == COL_ACT ? "activity"
			                                  : "time");
	return 0;
}

static const char *col_name(struct csv *c, bool header, int k)
{
	char num[24];

	if (c->col[k] < 0)
		return NULL;
	if (header)
		return ka_arena_strndup(&c->log->priv->arena, c->f[c->col[k]].p,
		                        c->f[c->col[k]].len);
	snprintf(num, sizeof(num), "%d", c->col[k] + 1);
	return ka_arena_strdup(&c->log->priv->arena, num);
}

static int header_row(struct csv *c, bool *header)
{
	const char *given[NCOLS] = {c->o->csv_case, c->o->csv_activity, c->o->csv_time,
	                            c->o->csv_start, c->o->csv_resource};
	size_t i;
	int k, err;
	bool named = false, has_time = false;

	for (i = 0; i < c->nf; i++) {
		int64_t t;
		for (k = 0; k < NCOLS; k++) {
			const char *const *names = known(k);
			for (; *names; names++)
				named |= field_is(&c->f[i], *names);
			if (given[k] && !is_number(given[k]))
				named |= field_is(&c->f[i], given[k]);
		}
		has_time |= !ka_eventlog_parse_time(&t, c->f[i].p, c->f[i].len, 0);
	}
	*header = named || !has_time;
	err = resolve_columns(c, *header, given);
	if (err)
		return err;
	c->log->col_case = col_name(c, *header, COL_CASE);
	c->log->col_activity = col_name(c, *header, COL_ACT);
	c->log->col_time = col_name(c, *header, COL_TIME);
	c->log->col_start = col_name(c, *header, COL_START);
	c->log->col_resource = col_name(c, *header, COL_RES);
	for (k = 0; k < NCOLS; k++)
		if (c->col[k] + 1 > c->need)
			c->need = c->col[k] + 1;
	return 0;
}

/* Interns an activity name (not empty) through c->acts. */
static uint32_t activity(struct csv *c, const char *s, size_t n)
{
	unsigned k = (unsigned)(n * 31 + (unsigned char)s[0] + (unsigned char)s[n - 1] * 7u +
	                        (unsigned char)s[n / 2] * 3u) &
	             63u;

	if (c->acts[k].len == n && !memcmp(c->log->activities[c->acts[k].ix], s, n))
		return c->acts[k].ix;
	c->acts[k].ix = el_intern_activity(c->log, s, n);
	c->acts[k].len = n < UINT32_MAX ? (uint32_t)n : 0;
	return c->acts[k].ix;
}

static int row(struct csv *c)
{
	struct el_event ev;
	const struct field *f;
	const char *s;
	size_t n;
	int need = c->need;

	if ((int)c->nf < need)
		return bad(c, c->line, c->f[c->nf - 1].col + c->f[c->nf - 1].len,
		           "row has %zu fields: expected at least %d (delimiter '%s')", c->nf, need,
		           c->delim == '\t' ? "\\t" : (char[2]){c->delim, 0});
	memset(&ev, 0, sizeof(ev));
	ev.line = (uint32_t)c->line;
	f = &c->f[c->col[COL_CASE]];
	if (!f->len)
		return bad(c, c->line, f->col, "empty case id: expected a value in column '%s'",
		           c->log->col_case);
	f = &c->f[c->col[COL_ACT]];
	if (!f->len)
		return bad(c, c->line, f->col, "empty activity: expected a value in column '%s'",
		           c->log->col_activity);
	f = &c->f[c->col[COL_TIME]];
	if (el_parse_time_cached(&c->tc, &ev.time, f->p, f->len, c->o->tz_minutes))
		return bad(
		    c, c->line, f->col,
		    "timestamp '%.*s' is invalid: expected ISO 8601 (2024-03-01T08:30:00+01:00), "
		    "YYYY-MM-DD HH:MM[:SS], DD.MM.YYYY HH:MM or YYYY/MM/DD",
		    (int)(f->len > 64 ? 64 : f->len), f->p);
	ev.start = KA_EVENTLOG_NO_TIME;
	if (c->col[COL_START] >= 0 && c->f[c->col[COL_START]].len) {
		f = &c->f[c->col[COL_START]];
		if (el_parse_time_cached(&c->tc, &ev.start, f->p, f->len, c->o->tz_minutes))
			return bad(
			    c, c->line, f->col,
			    "start timestamp '%.*s' is invalid: expected a timestamp like the "
			    "one in column '%s'",
			    (int)(f->len > 64 ? 64 : f->len), f->p, c->log->col_time);
		if (ev.start > ev.time)
			return bad(
			    c, c->line, f->col,
			    "start timestamp is later than the timestamp: expected the start "
			    "first");
	}
	/* names are interned only for a good row, so a skipped row leaves no case or activity */
	s = text(c, &c->f[c->col[COL_CASE]], &n);
	if (c->has_last_case && n == c->last_case_len &&
	    !memcmp(s, c->log->cases[c->last_case].id, n)) {
		ev.case_ix = c->last_case;
	} else {
		ev.case_ix = el_intern_case(c->log, s, n);
		c->last_case = ev.case_ix;
		c->last_case_len = n;
		c->has_last_case = true;
	}
	s = text(c, &c->f[c->col[COL_ACT]], &n);
	ev.activity = activity(c, s, n);
	if (c->col[COL_RES] >= 0) {
		s = text(c, &c->f[c->col[COL_RES]], &n);
		ev.resource = el_intern_resource(c->log, s, n);
	}
	return el_add_event(c->log, &ev, c->d);
}

static bool blank(const struct csv *c, size_t end)
{
	size_t i;

	for (i = c->pos; i < end; i++)
		if (c->buf[i] != '\r' && c->buf[i] != ' ')
			return false;
	return true;
}

/* Reads records until the end of the input, an error, the offset c->stop (when not 0) or,
 * with `one`, after the first non-blank record. */
static int records(struct csv *c, bool *header, bool one)
{
	int err = 0;

	while (!err) {
		size_t end;
		unsigned long nl = 0;
		bool fast;

		if (c->pos >= c->len && c->eof)
			break;
		if (c->stop && c->base + c->pos >= c->stop)
			break;
		fast = c->delim != '"' && c->delim != '\n' && c->delim != '\r' && c->delim != ' ' &&
		       fast_split(c, &end);
		if (!fast && !record_end(c, &end, &nl)) {
			if (c->len - c->pos > CSV_MAX_RECORD)
				return bad(c, c->line, 1, "a row longer than %u bytes",
				           CSV_MAX_RECORD);
			err = fill(c);
			continue;
		}
		if ((fast && (c->nf > 1 || !blank(c, end))) || (!fast && !blank(c, end))) {
			bool was_first = c->first;

			if (!fast)
				err = split(c, end);
			if (!err && c->first)
				err = header_row(c, header);
			if (!err && (!c->first || !*header))
				err = row(c);
			c->first = false;
			if (err == KA_ERR_INVALID && c->o->skip_bad && !was_first) {
				if (!c->log->skipped)
					c->first_skip = *c->d;
				el_note_skip(c->log, c->d);
				err = 0;
			}
			if (one) {
				c->line += nl + 1;
				c->pos = end < c->len ? end + 1 : end;
				return err;
			}
		}
		c->line += nl + 1;
		c->pos = end < c->len ? end + 1 : end;
	}
	return err;
}

static void csv_release(struct csv *c)
{
	free(c->buf);
	ka_buf_release(&c->conv);
}

static void *part_main(void *arg)
{
	struct csv *c = arg;
	bool header = false;

	c->err = records(c, &header, false);
	return NULL;
}

/* The offset just after the first '\n' at or after `at`, or 0. */
static uint64_t line_start_after(const struct el_src *whole, uint64_t at, uint64_t size)
{
	struct el_src s;
	char buf[4096];
	struct ka_diag d;

	ka_diag_init(&d, whole->name);
	el_src_open_range(&s, whole, at, size);
	for (;;) {
		size_t got = 0;
		const char *nl;

		if (el_src_read(&s, buf, sizeof(buf), &got, &d) || got == 0)
			return 0;
		nl = memchr(buf, '\n', got);
		if (nl)
			return at + (uint64_t)(nl - buf) + 1;
		at += got;
	}
}

/* Merges the second thread's part into c->log (the caller checked that its events fit under
 * max_events); 0 or its error (lines counted from c->line). */
static int merge_part(struct csv *c, struct csv *p)
{
	unsigned long off = c->line - 1;

	el_log_append(c->log, p->log);
	if (p->err) {
		*c->d = *p->d;
		if (c->d->line)
			c->d->line += off;
		return p->err;
	}
	if (p->log->skipped) {
		if (!c->log->skipped) {
			if (p->first_skip.line)
				p->first_skip.line += off;
			ka_diag_format(&p->first_skip, c->log->skipped_first,
			               sizeof(c->log->skipped_first));
		}
		c->log->skipped += p->log->skipped;
	}
	c->used_cp1252 |= p->used_cp1252;
	return 0;
}

/*
 * The rest of the input in two threads: the second reads from the first line break after the
 * middle, guessing that a record begins there; this thread reads up to that offset. When its
 * last record ends exactly there the guess was right (a record's fields depend only on where
 * it begins) and the parts are merged; otherwise (a quoted line break across the middle) the
 * second part is dropped and this thread reads on (also when the parts together hold more than
 * max_events). Same results and messages as one thread.
 */
static int read_split(struct csv *c, uint64_t size)
{
	struct csv p;
	struct el_src src;
	struct ka_diag d;
	pthread_t t;
	uint64_t at = c->base + c->pos, cut = line_start_after(c->src, at + (size - at) / 2, size);
	bool header = false;
	int err;

	if (!cut || cut >= size)
		return records(c, &header, false);
	memcpy(&p, c, sizeof(p));
	p.log = el_log_new(c->o);
	p.log->col_case = c->log->col_case;
	p.log->col_activity = c->log->col_activity;
	p.log->col_time = c->log->col_time;
	ka_diag_init(&d, c->d->file);
	p.d = &d;
	el_src_open_range(&src, c->src, cut, size);
	p.src = &src;
	p.buf = NULL;
	p.len = p.pos = p.alloc = 0;
	p.base = cut;
	p.eof = false;
	p.line = 1;
	p.used_cp1252 = false;
	p.has_last_case = false;
	p.tc.valid = false;
	p.err = 0;
	memset(p.acts, 0, sizeof(p.acts));
	ka_buf_init(&p.conv, CSV_MAX_RECORD * 3);
	if (pthread_create(&t, NULL, part_main, &p)) {
		csv_release(&p);
		ka_eventlog_free(p.log);
		return records(c, &header, false);
	}
	c->stop = cut;
	err = records(c, &header, false);
	pthread_join(t, NULL);
	c->stop = 0;
	/* a part that would go over max_events is read again by this thread, which stops at
	 * the event that goes over with its line, as one thread would */
	if (!err && c->base + c->pos == cut &&
	    p.log->nevents <= c->log->priv->max_events - c->log->nevents)
		err = merge_part(c, &p);
	else if (!err)
		err = records(c, &header, false);
	csv_release(&p);
	ka_eventlog_free(p.log);
	return err;
}

int el_read_csv(struct ka_eventlog *log, struct el_src *src, const struct ka_eventlog_opts *o,
                struct ka_diag *d)
{
	struct csv c;
	bool header = false;
	uint64_t size;
	int err = 0;

	memset(&c, 0, sizeof(c));
	c.log = log, c.o = o, c.d = d, c.src = src, c.line = 1, c.first = true;
	ka_buf_init(&c.conv, CSV_MAX_RECORD * 3);
	err = fill(&c);
	if (!err && c.len >= 3 && !memcmp(c.buf, "\xEF\xBB\xBF", 3))
		c.pos = 3;
	c.delim = o->csv_delimiter ? o->csv_delimiter : detect_delim(c.buf + c.pos, c.len - c.pos);
	while (!err && c.first && !(c.pos >= c.len && c.eof))
		err = records(&c, &header, true);
	if (!err && !c.first && el_src_splittable(src, &size) && c.base + c.pos < size &&
	    size - (c.base + c.pos) >= CSV_SPLIT_MIN)
		err = read_split(&c, size);
	else if (!err)
		err = records(&c, &header, false);
	log->delimiter = c.delim;
	log->encoding = c.used_cp1252 ? "windows-1252" : "utf-8";
	csv_release(&c);
	return err;
}
