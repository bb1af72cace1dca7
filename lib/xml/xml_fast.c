/*
 * The fast reader: libxml2's SAX2 push parser feeding the same tree builder
 * as expat (xml_rd.h). libxml2 tokenises about three times as fast as expat
 * on this machine; expat stays the reader of record. This reader takes only
 * UTF-8 input made of elements, attributes, text and comments, and gives up
 * on anything else (an error or warning of any kind, DOCTYPE, CDATA, PI, a
 * position it cannot place): the caller then reads the input again with
 * expat, so every message a user sees and every odd file is expat's as before.
 *
 * Positions are expat's: line from 1, column in characters from 1, of the
 * event's first byte ('<' of a start tag or comment, the first byte of a text
 * run). libxml2 reports where it is after a token, so each event's first byte
 * is found in the input bytes (kept from the last event on) and the lines and
 * characters up to it are counted here, as expat counts them.
 */
#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "kartla/alloc.h"
#include "xml_rd.h"
#include "kartla/banned.h"

#define FAST_CHUNK (64u << 10)

/*
 * libxml2 compares each attribute and namespace declaration of a start tag
 * with the ones before it, and looks a prefix up through every declaration in
 * scope: quadratic for hostile tags that expat reads in linear time. Input
 * goes to libxml2 only while every stretch between two '<' is short or holds
 * few '=' (at most GUARD_ATTRS attributes and declarations per tag), and
 * while few declarations are in scope (GUARD_SCOPE); otherwise expat reads it.
 */
#define GUARD_GAP   2048
#define GUARD_ATTRS 64
#define GUARD_SCOPE 256

struct fast {
	struct ka_xml_rd r;
	xmlParserCtxtPtr ctxt;
	/* Input bytes from absolute offset win_off on (memory input: all of it). */
	const char *win;
	size_t win_off, win_len;
	char *own; /* the window's buffer when reading a file, else NULL */
	size_t own_alloc;
	/* Line and column (0-based) of absolute offset pos_off. */
	size_t pos_off;
	unsigned long line, col;
	size_t mark;        /* just after the last markup: where a text run starts */
	int bad;            /* given up: the caller reads the input with expat */
	size_t last_lt_off; /* absolute offset of the last '<' the guard saw */
	size_t eq_upto;     /* the guard counted the '=' after it up to here: */
	unsigned eq;        /* this many */
	size_t in_scope;    /* namespace declarations in scope */
	size_t *scope;      /* declarations made at each depth */
	size_t depth, allocscope;
	/* An event's names and attributes as expat gives them. */
	struct ka_buf names;
	const char **atts;
	size_t *offs; /* where each of atts is in names, while names may still move */
	size_t allocatts;
};

static void give_up(struct fast *f)
{
	if (!f->bad) {
		f->bad = 1;
		xmlStopParser(f->ctxt);
	}
}

/* libxml2's absolute input offset: the byte it looks at now. */
static size_t cur_off(struct fast *f)
{
	const xmlParserInputPtr in = f->ctxt->input;

	return (size_t)in->consumed + (size_t)(in->cur - in->base);
}

/* The window's byte at absolute offset off, or NULL when it is not in the window. */
static const char *at_off(const struct fast *f, size_t off)
{
	if (off < f->win_off || off >= f->win_off + f->win_len)
		return NULL;
	return f->win + (off - f->win_off);
}

/* The characters in s[0..n): bytes that do not continue a UTF-8 sequence, eight at a time. */
static size_t count_chars(const char *s, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL;
	size_t cont = 0, i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if (!(x & hi))
			continue; /* ASCII */
		for (size_t j = 0; j < 8; j++)
			cont += ((unsigned char)s[i + j] & 0xC0) == 0x80;
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return n - cont;
}

/*
 * Counts lines and characters from pos_off up to `to` as expat does: a line
 * ends at LF, CR LF or a lone CR; a character is a byte that does not continue
 * a UTF-8 sequence. -1 if it cannot.
 */
static int advance(struct fast *f, size_t to)
{
	const char *s, *e, *p, *nl = NULL;

	if (to < f->pos_off || to > f->win_off + f->win_len || f->pos_off < f->win_off)
		return -1;
	s = f->win + (f->pos_off - f->win_off);
	e = f->win + (to - f->win_off);
	if (memchr(s, '\r', (size_t)(e - s))) {
		for (p = s; p < e; p++) {
			if (*p == '\n' || *p == '\r') {
				f->line++;
				f->col = 0;
				if (*p == '\r' && p + 1 < e && p[1] == '\n')
					p++;
				else if (*p == '\r' && p + 1 == e && at_off(f, to) && *e == '\n')
					return -1; /* an event at the LF of a CR LF: not expected */
			} else if (((unsigned char)*p & 0xC0) != 0x80) {
				f->col++;
			}
		}
		f->pos_off = to;
		return 0;
	}
	for (p = s; p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) {
		f->line++;
		nl = p;
	}
	if (nl) {
		f->col = 0;
		s = nl + 1;
	}
	f->col += count_chars(s, (size_t)(e - s));
	f->pos_off = to;
	return 0;
}

/* Makes absolute offset `off` the position the builder sees for its next event. */
static int place(struct fast *f, size_t off)
{
	if (advance(f, off)) {
		give_up(f);
		return -1;
	}
	f->r.fast_line = f->line;
	f->r.fast_col = f->col + 1;
	return 0;
}

/* The last `<` before absolute offset `end` and at or after pos_off, or (size_t)-1. */
static size_t last_lt(const struct fast *f, size_t end)
{
	const char *s, *p;

	if (end <= f->pos_off || f->pos_off < f->win_off || end > f->win_off + f->win_len)
		return (size_t)-1;
	s = f->win + (f->pos_off - f->win_off);
	p = memrchr(s, '<', end - f->pos_off);
	return p ? f->pos_off + (size_t)(p - s) : (size_t)-1;
}

static const char **atts_room(struct fast *f, size_t n)
{
	if (n > f->allocatts) {
		f->allocatts = n + 16;
		f->atts = ka_xreallocarray(f->atts, f->allocatts, sizeof(*f->atts));
		f->offs = ka_xreallocarray(f->offs, f->allocatts, sizeof(*f->offs));
	}
	return f->atts;
}

/* Appends a[0..n) to names (grown as needed); its offset there. */
static size_t put(struct fast *f, const char *a, size_t n)
{
	size_t at = f->names.len;

	if (f->names.alloc - f->names.len <= n && ka_buf_reserve(&f->names, n + 1))
		ka_oom(n);
	memcpy(f->names.data + at, a, n);
	f->names.len += n;
	return at;
}

/* Appends "prefix:local" (or local) and a NUL to names; its offset there. */
static size_t add_qname(struct fast *f, const xmlChar *prefix, const xmlChar *local)
{
	size_t at = f->names.len;

	if (prefix) {
		put(f, (const char *)prefix, strlen((const char *)prefix));
		put(f, ":", 1);
	}
	put(f, (const char *)local, strlen((const char *)local) + 1);
	return at;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nat, int ndefaulted, const xmlChar **at)
{
	struct fast *f = ud;
	size_t off, lt, end, i, k = 0, name;
	const char *c, **atts;

	(void)uri;
	if (f->bad)
		return;
	off = cur_off(f);
	c = at_off(f, off);
	if (ndefaulted || !c || *c != *(const char *)f->ctxt->input->cur)
		goto bad;
	if (*c == '>')
		end = off + 1;
	else if (*c == '/' && at_off(f, off + 1) && c[1] == '>')
		end = off + 2;
	else
		goto bad;
	lt = last_lt(f, off);
	if (lt == (size_t)-1 || place(f, lt))
		goto bad;
	/* Names and values go into one buffer first (it may move), then get pointers. */
	ka_buf_reset(&f->names);
	name = add_qname(f, prefix, local);
	atts = atts_room(f, 2 * ((size_t)nns + (size_t)nat) + 1);
	for (i = 0; i < (size_t)nns; i++) {
		const char *p = (const char *)ns[2 * i], *u = (const char *)ns[2 * i + 1];

		f->offs[k++] = put(f, "xmlns:", p ? 6 : 5);
		if (p)
			put(f, p, strlen(p));
		put(f, "", 1);
		f->offs[k++] = u ? put(f, u, strlen(u) + 1) : put(f, "", 1);
	}
	for (i = 0; i < (size_t)nat; i++) {
		const xmlChar **a = at + 5 * i;

		f->offs[k++] = add_qname(f, a[1], a[0]);
		f->offs[k++] = put(f, (const char *)a[3], (size_t)(a[4] - a[3]));
		put(f, "", 1);
	}
	for (i = 0; i < k; i++)
		atts[i] = f->names.data + f->offs[i];
	atts[k] = NULL;
	ka_xml_rd_start(&f->r, f->names.data + name, atts);
	if (f->r.err)
		goto bad;
	if (f->depth == f->allocscope) {
		f->allocscope = f->allocscope ? 2 * f->allocscope : 64;
		f->scope = ka_xreallocarray(f->scope, f->allocscope, sizeof(*f->scope));
	}
	f->scope[f->depth++] = (size_t)nns;
	f->in_scope += (size_t)nns;
	if (f->in_scope > GUARD_SCOPE)
		goto bad;
	f->mark = end;
	return;
bad:
	give_up(f);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct fast *f = ud;
	size_t off;
	const char *c;

	(void)local;
	(void)prefix;
	(void)uri;
	if (f->bad)
		return;
	off = cur_off(f);
	c = off ? at_off(f, off - 1) : NULL;
	if (!c || *c != '>') {
		give_up(f);
		return;
	}
	ka_xml_rd_end(&f->r, NULL);
	if (f->r.err || !f->depth) {
		give_up(f);
		return;
	}
	f->in_scope -= f->scope[--f->depth];
	f->mark = off;
}

static void on_text(void *ud, const xmlChar *s, int len)
{
	struct fast *f = ud;

	if (f->bad)
		return;
	if (!f->r.text.len && place(f, f->mark))
		return;
	ka_xml_rd_text(&f->r, (const char *)s, len);
	if (f->r.err)
		give_up(f);
}

static void on_comment(void *ud, const xmlChar *value)
{
	struct fast *f = ud;
	size_t off = cur_off(f), lt;
	const char *c;

	if (f->bad)
		return;
	c = off >= 3 ? at_off(f, off - 3) : NULL;
	if (!c || memcmp(c, "-->", 3)) {
		give_up(f);
		return;
	}
	/* A comment cannot hold "--": the last "<!--" before its end is its start. */
	for (lt = last_lt(f, off - 3); lt != (size_t)-1; lt = last_lt(f, lt)) {
		const char *p = at_off(f, lt);

		if (lt + 4 <= off - 3 && !memcmp(p, "<!--", 4))
			break;
	}
	if (lt == (size_t)-1 || place(f, lt)) {
		give_up(f);
		return;
	}
	ka_xml_rd_comment(&f->r, (const char *)value);
	if (f->r.err)
		give_up(f);
	f->mark = off;
}

static void on_cdata(void *ud, const xmlChar *s, int len)
{
	(void)s;
	(void)len;
	give_up(ud);
}

static void on_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	give_up(ud);
}

static void on_subset(void *ud, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	(void)name;
	(void)eid;
	(void)sid;
	give_up(ud);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *pid,
                           const xmlChar *sid, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)pid;
	(void)sid;
	(void)content;
	give_up(ud);
}

static void on_reference(void *ud, const xmlChar *name)
{
	(void)name;
	give_up(ud);
}

static void on_error(void *ud, xmlErrorPtr e)
{
	(void)e;
	give_up(ud);
}

static void on_message(void *ud, const char *msg, ...)
{
	(void)msg;
	give_up(ud);
}

/* Counts the '=' in [eq_upto, to) into eq while the stretch since the last '<' is long. */
static int guard_count(struct fast *f, size_t to)
{
	const char *base = f->win - f->win_off, *p, *e = base + to;

	if (to - f->last_lt_off <= GUARD_GAP)
		return 0;
	for (p = base + f->eq_upto; (p = memchr(p, '=', (size_t)(e - p))) != NULL; p++)
		if (++f->eq > GUARD_ATTRS)
			return -1;
	f->eq_upto = to;
	return 0;
}

/* Checks the piece at absolute offset off (the window holds it, and from last_lt_off on). */
static int guard(struct fast *f, size_t off, size_t n)
{
	const char *base = f->win - f->win_off, *p = base + off, *e = p + n;

	while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		size_t at = (size_t)(p - base);

		if (guard_count(f, at))
			return -1;
		f->last_lt_off = f->eq_upto = at;
		f->eq = 0;
		p++;
	}
	return guard_count(f, off + n);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml2(void)
{
	xmlInitParser();
}

int ka_xml_fast_ok(const char *data, size_t len)
{
	return len > 0 && data[0] == '<' && !ka_xml_enc_not_utf8(data, len);
}

/* Drops the window's bytes before the last event: later events start after it. */
static void window_keep(struct fast *f)
{
	size_t drop;
	size_t keep = f->pos_off < f->eq_upto ? f->pos_off : f->eq_upto;

	if (!f->own || keep <= f->win_off)
		return;
	drop = keep - f->win_off;
	memmove(f->own, f->own + drop, f->win_len - drop);
	f->win_off += drop;
	f->win_len -= drop;
}

/* Reads the file's next piece into the window; its bytes, 0 at the end, -1 on error. */
static ssize_t window_read(struct fast *f, int fd, const char **piece)
{
	ssize_t got;

	window_keep(f);
	if (f->own_alloc - f->win_len < FAST_CHUNK) {
		f->own_alloc = f->win_len + FAST_CHUNK;
		f->own = ka_xrealloc(f->own, f->own_alloc);
	}
	do
		got = read(fd, f->own + f->win_len, FAST_CHUNK);
	while (got < 0 && errno == EINTR);
	if (got <= 0)
		return got;
	f->win = f->own;
	*piece = f->own + f->win_len;
	f->win_len += (size_t)got;
	return got;
}

static int run(struct fast *f, const char *data, size_t len, int fd, size_t max_bytes)
{
	size_t fed = 0;

	for (;;) {
		const char *piece = NULL;
		size_t n;

		if (data) {
			piece = data + fed;
			n = len - fed > FAST_CHUNK ? FAST_CHUNK : len - fed;
		} else {
			ssize_t got = window_read(f, fd, &piece);

			if (got < 0)
				return -1;
			n = (size_t)got;
		}
		if (fed + n > max_bytes || guard(f, fed, n))
			return -1;
		fed += n;
		if (!n)
			break;
		xmlParseChunk(f->ctxt, piece, (int)n, 0);
		if (f->bad || f->ctxt->disableSAX || !f->ctxt->wellFormed)
			return -1;
		if (data && fed == len)
			break;
	}
	xmlParseChunk(f->ctxt, NULL, 0, 1);
	if (f->bad || !f->ctxt->wellFormed || f->r.err || !f->r.doc->root || f->r.cur)
		return -1;
	return 0;
}

static int fast_parse(struct ka_xml_doc *doc, const char *data, size_t len, int fd,
                      const struct ka_xml_limits *lim)
{
	struct ka_xml_limits deflim;
	xmlSAXHandler sax;
	struct ka_diag scratch;
	struct fast f;
	int err;

	if (!lim) {
		ka_xml_limits_default(&deflim);
		lim = &deflim;
	}
	pthread_once(&init_once, init_libxml2);
	memset(&f, 0, sizeof(f));
	ka_diag_init(&scratch, NULL);
	ka_xml_rd_init(&f.r, NULL, doc, lim, &scratch);
	ka_buf_init(&f.names, KA_BUF_UNLIMITED);
	f.win = data;
	f.win_len = data ? len : 0;
	f.line = 1;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.comment = on_comment;
	sax.cdataBlock = on_cdata;
	sax.processingInstruction = on_pi;
	sax.internalSubset = on_subset;
	sax.externalSubset = on_subset;
	sax.entityDecl = on_entity_decl;
	sax.reference = on_reference;
	sax.serror = on_error;
	sax.warning = on_message;
	sax.error = on_message;
	sax.fatalError = on_message;

	f.ctxt = xmlCreatePushParserCtxt(&sax, &f, NULL, 0, NULL);
	if (!f.ctxt) {
		err = -1;
	} else {
		/*
		 * NOENT: '&' in an attribute value arrives as '&', not as "&#38;" for a
		 * tree builder to decode again. Only the predefined entities exist:
		 * a DOCTYPE, the only place to declare others, stops this reader.
		 */
		xmlCtxtUseOptions(f.ctxt, XML_PARSE_NONET | XML_PARSE_NOENT);
		err = run(&f, data, len, fd, lim->max_bytes);
		xmlFreeParserCtxt(f.ctxt);
	}
	free(f.own);
	free(f.atts);
	free(f.offs);
	free(f.scope);
	ka_buf_release(&f.names);
	ka_xml_rd_release(&f.r);
	return err;
}

int ka_xml_fast_parse(struct ka_xml_doc *doc, const char *data, size_t len,
                      const struct ka_xml_limits *lim)
{
	return fast_parse(doc, data, len, -1, lim);
}

int ka_xml_fast_parse_fd(struct ka_xml_doc *doc, int fd, const struct ka_xml_limits *lim)
{
	return fast_parse(doc, NULL, 0, fd, lim);
}
