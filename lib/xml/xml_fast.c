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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "kartla/alloc.h"
#include "xml_rd.h"
#include "kartla/banned.h"

#define FAST_CHUNK (64u << 10)
#define FAST_MEMO  256 /* names remembered, per kind (elements, attributes) */
#define FAST_URIS  16  /* namespace URIs remembered */

/*
 * A name libxml2 handed over before, keyed by its dictionary pointers (one
 * pointer per distinct string for the whole parse): checked and interned once.
 */
struct fast_name {
	const xmlChar *prefix, *local; /* libxml2's */
	const char *ip, *il;           /* interned in the builder's table */
	/* the shared name, made for the namespace name_ns (NULL: not made yet) */
	const struct ka_xml_name *name;
	const char *name_ns;
};

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
	struct fast_name el_names[FAST_MEMO], at_names[FAST_MEMO];
	struct {
		const xmlChar *from; /* libxml2's URI */
		const char *to;      /* interned */
	} uris[FAST_URIS];
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

/*
 * The memo entry of (prefix, local), its names interned and checked as
 * expat's reader checks them; NULL if not valid.
 */
static struct fast_name *fast_name(struct fast *f, struct fast_name *tab, const xmlChar *prefix,
                                   const xmlChar *local, int is_attr)
{
	struct fast_name *e =
	    &tab[(((uintptr_t)local >> 3) * 31u + ((uintptr_t)prefix >> 3)) & (FAST_MEMO - 1)];
	const unsigned char *c;
	int ascii = 1;

	if (e->local != local || e->prefix != prefix) {
		for (c = local; *c && ascii; c++)
			ascii = *c < 0x80;
		for (c = prefix; c && *c && ascii; c++)
			ascii = *c < 0x80;
		if (!ascii) {
			/* A name expat reads in UTF-8 and no other: checked by expat. */
			char q[512];

			snprintf(q, sizeof(q), "%s%s%s", prefix ? (const char *)prefix : "",
			         prefix ? ":" : "", (const char *)local);
			if (strlen(q) >= sizeof(q) - 1 || !ka_xml_enc_name_ok(q, is_attr))
				return NULL;
		}
		e->prefix = prefix;
		e->local = local;
		e->ip = prefix ? ka_xml_ns_intern(&f->r.ns, (const char *)prefix,
		                                  strlen((const char *)prefix))
		               : NULL;
		e->il =
		    ka_xml_ns_intern(&f->r.ns, (const char *)local, strlen((const char *)local));
		e->name = NULL;
	}
	return e;
}

/* The shared name of memo entry e in namespace ns: the one made last when ns is the same. */
static const struct ka_xml_name *fast_shared_name(struct fast *f, struct fast_name *e,
                                                  const char *ns)
{
	if (!e->name || e->name_ns != ns) {
		e->name = ka_xml_ns_name(&f->r.ns, ns, e->ip, e->il);
		e->name_ns = ns;
	}
	return e->name;
}

/* The interned copy of a namespace URI libxml2 handed over (NULL stays NULL). */
static const char *fast_uri(struct fast *f, const xmlChar *uri)
{
	size_t i;

	if (!uri)
		return NULL;
	for (i = 0; i < FAST_URIS && f->uris[i].from; i++)
		if (f->uris[i].from == uri)
			return f->uris[i].to;
	if (!strcmp((const char *)uri, KA_NS_XML))
		return KA_NS_XML; /* as the builder gives the xml prefix */
	if (i == FAST_URIS)
		i = FAST_URIS - 1;
	f->uris[i].from = uri;
	f->uris[i].to = ka_xml_ns_intern(&f->r.ns, (const char *)uri, strlen((const char *)uri));
	return f->uris[i].to;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nat, int ndefaulted, const xmlChar **at)
{
	struct fast *f = ud;
	struct ka_xml_node *n;
	struct fast_name *e;
	size_t off, lt, end, i;
	const char *c;

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
	n = ka_xml_rd_new_element(&f->r, (const char *)local);
	if (!n)
		goto bad;
	e = fast_name(f, f->el_names, prefix, local, 0);
	if (!e)
		goto bad;
	n->name = fast_shared_name(f, e, fast_uri(f, uri));
	if (nns) {
		n->nsdecls = ka_arena_array(&f->r.doc->arena, (size_t)nns, sizeof(*n->nsdecls));
		for (i = 0; i < (size_t)nns; i++) {
			const char *p = (const char *)ns[2 * i], *u = (const char *)ns[2 * i + 1];

			n->nsdecls[i].prefix = p ? ka_xml_ns_intern(&f->r.ns, p, strlen(p)) : NULL;
			n->nsdecls[i].uri =
			    ka_xml_ns_intern(&f->r.ns, u ? u : "", u ? strlen(u) : 0);
		}
		n->nnsdecls = (uint16_t)nns;
	}
	if (nat) {
		n->attrs = ka_arena_array(&f->r.doc->arena, (size_t)nat, sizeof(*n->attrs));
		for (i = 0; i < (size_t)nat; i++) {
			const xmlChar **a = at + 5 * i;
			struct ka_xml_attr *x = &n->attrs[i];

			e = fast_name(f, f->at_names, a[1], a[0], 1);
			if (!e)
				goto bad;
			x->name = fast_shared_name(f, e, fast_uri(f, a[2]));
			x->value = ka_arena_strndup(&f->r.doc->arena, (const char *)a[3],
			                            (size_t)(a[4] - a[3]));
		}
		n->nattrs = (uint32_t)nat;
	}
	ka_xml_rd_link_element(&f->r, n);
	f->in_scope += n->nnsdecls;
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
	if (!f->r.cur) {
		give_up(f);
		return;
	}
	f->in_scope -= f->r.cur->nnsdecls; /* the element that ends: its declarations go */
	ka_xml_rd_end(&f->r, NULL);
	if (f->r.err)
		give_up(f);
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
	xmlSAXHandler sax;
	struct ka_diag scratch;
	struct fast f;
	int err;

	pthread_once(&init_once, init_libxml2);
	memset(&f, 0, sizeof(f));
	ka_diag_init(&scratch, NULL);
	ka_xml_rd_init(&f.r, NULL, doc, lim, &scratch);
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
