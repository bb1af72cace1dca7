/*
 * Builds a ka_xml_doc from bytes with expat. Namespaces are resolved here
 * rather than by expat so that prefixes stay as written and an undeclared
 * prefix can be named in the error message.
 */
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/xml.h"
#include "xml_int.h"
#include "xml_rd.h"
#include "kartla/banned.h"

static unsigned long cur_line(struct ka_xml_rd *r)
{
	if (!r->p)
		return r->fast_line;
	return (unsigned long)XML_GetCurrentLineNumber(r->p);
}

static unsigned long cur_col(struct ka_xml_rd *r)
{
	if (!r->p)
		return r->fast_col;
	return (unsigned long)XML_GetCurrentColumnNumber(r->p) + 1;
}

__attribute__((format(printf, 3, 4))) static void fail(struct ka_xml_rd *r, int err,
                                                       const char *fmt, ...)
{
	va_list ap;

	if (r->err)
		return;
	r->err = err;
	va_start(ap, fmt);
	ka_diag_vset(r->diag, err, cur_line(r), cur_col(r), NULL, fmt, ap);
	va_end(ap);
	if (r->p)
		XML_StopParser(r->p, XML_FALSE);
}

static int all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* Text storage: indentation repeats, so whitespace-only runs are interned. */
static const char *text_copy(struct ka_xml_rd *r, const char *s, size_t len)
{
	if (len <= 256 && all_space(s, len))
		return ka_xml_ns_intern(&r->ns, s, len);
	return ka_arena_strndup(&r->doc->arena, s, len);
}

/* True for "\n" followed by spaces only: indentation, noted without copying. */
static int indentation(const char *s, size_t len)
{
	size_t i;

	if (!len || s[0] != '\n')
		return 0;
	for (i = 1; i < len; i++)
		if (s[i] != ' ')
			return 0;
	return 1;
}

static struct ka_xml_node *new_text_node(struct ka_xml_rd *r, const char *text, size_t len,
                                         unsigned long line, unsigned long column)
{
	struct ka_xml_node *n = ka_arena_alloc_small(&r->doc->arena, sizeof(*n));

	n->type = KA_XML_TEXT;
	n->name = &ka_xml_no_name;
	n->text = text;
	n->text_len = (uint32_t)len;
	n->line = (uint32_t)line;
	n->column = (uint32_t)column;
	return n;
}

static void note_ws(struct ka_xml_rd *r, struct ka_xml_node *parent, struct ka_xml_node *prev,
                    const char *text, size_t len, unsigned long line, unsigned long column)
{
	struct pending_ws *w;

	if (r->nws == r->allocws) {
		r->allocws = r->allocws ? r->allocws * 2 : 64;
		r->ws = ka_xreallocarray(r->ws, r->allocws, sizeof(*r->ws));
	}
	w = &r->ws[r->nws++];
	w->parent = parent;
	w->prev = prev;
	w->text = text;
	w->len = (uint32_t)len;
	w->line = (uint32_t)line;
	w->column = (uint32_t)column;
}

/* Element e holds text after all: its noted whitespace goes into the tree where it was. */
static void restore_ws(struct ka_xml_rd *r, struct ka_xml_node *e)
{
	size_t from = r->nws, i;

	while (from && r->ws[from - 1].parent == e)
		from--;
	for (i = from; i < r->nws; i++) {
		const struct pending_ws *w = &r->ws[i];
		struct ka_xml_node *t;
		const char *text = w->text;

		if (!text) {
			char *p = ka_arena_alloc(&r->doc->arena, w->len + 1);

			memset(p, ' ', w->len);
			p[0] = '\n';
			text = p;
		}
		t = new_text_node(r, text, w->len, w->line, w->column);

		if (!w->prev) {
			ka_xml_insert_first(e, t);
		} else {
			t->parent = e;
			t->prev = w->prev;
			t->next = w->prev->next;
			if (w->prev->next)
				w->prev->next->prev = t;
			else
				e->last = t;
			w->prev->next = t;
		}
	}
	r->nws = from;
}

/* Forgets the whitespace noted for e (it held only elements and whitespace). */
static void drop_ws(struct ka_xml_rd *r, const struct ka_xml_node *e)
{
	while (r->nws && r->ws[r->nws - 1].parent == e)
		r->nws--;
}

/* Before another child joins e: its inline text becomes a text node (or noted whitespace). */
static void materialize_text(struct ka_xml_rd *r, struct ka_xml_node *e)
{
	if (!e->text)
		return;
	if (!r->mixed[r->cur_depth] && all_space(e->text, e->text_len))
		note_ws(r, e, NULL, e->text, e->text_len, e->line, e->column);
	else
		ka_xml_append(e, new_text_node(r, e->text, e->text_len, e->line, e->column));
	e->text = NULL;
	e->text_len = 0;
}

static void link_child(struct ka_xml_rd *r, struct ka_xml_node *n)
{
	if (r->cur) {
		materialize_text(r, r->cur);
		ka_xml_append(r->cur, n);
	} else {
		if (r->prolog_last) {
			r->prolog_last->next = n;
			n->prev = r->prolog_last;
		} else {
			r->doc->prolog = n;
		}
		r->prolog_last = n;
	}
}

/* Turns the text gathered so far into inline text, a node, or noted whitespace. */
static void flush_text_as(struct ka_xml_rd *r, int cdata)
{
	struct ka_xml_node *e = r->cur, *n;
	int space;

	if ((!r->text.len && !cdata) || !e) {
		/* Text outside the root can only be whitespace; expat refuses the rest. */
		ka_buf_reset(&r->text);
		return;
	}
	space = !cdata && all_space(r->text.data, r->text.len);
	if (!space && !r->mixed[r->cur_depth]) {
		r->mixed[r->cur_depth] = 1;
		restore_ws(r, e);
	}
	if (cdata) {
		materialize_text(r, e);
		n = new_text_node(r, ka_arena_strndup(&r->doc->arena, r->text.data, r->text.len),
		                  r->text.len, r->text_line, r->text_col);
		n->cdata = 1;
		ka_xml_append(e, n);
	} else if (!e->first && !e->text) {
		/* Sole text so far: keep it inline in the element (no node). */
		e->text = text_copy(r, r->text.data, r->text.len);
		e->text_len = (uint32_t)r->text.len;
	} else if (space && !r->mixed[r->cur_depth]) {
		note_ws(r, e, e->last,
		        indentation(r->text.data, r->text.len)
		            ? NULL
		            : text_copy(r, r->text.data, r->text.len),
		        r->text.len, r->text_line, r->text_col);
	} else {
		materialize_text(r, e);
		ka_xml_append(e, new_text_node(r, text_copy(r, r->text.data, r->text.len),
		                               r->text.len, r->text_line, r->text_col));
	}
	ka_buf_reset(&r->text);
}

static void flush_text(struct ka_xml_rd *r)
{
	flush_text_as(r, 0);
}

static void XMLCALL on_cdata_start(void *ud)
{
	struct ka_xml_rd *r = ud;

	if (r->err)
		return;
	flush_text(r);
	r->in_cdata = 1;
	r->text_line = cur_line(r);
	r->text_col = cur_col(r);
}

static void XMLCALL on_cdata_end(void *ud)
{
	struct ka_xml_rd *r = ud;

	if (r->err)
		return;
	flush_text_as(r, 1);
	r->in_cdata = 0;
}

/* True for "xmlns" and "xmlns:p": a namespace declaration, not an attribute. */
static int is_nsdecl(const char *an)
{
	return an[0] == 'x' && an[1] == 'm' && an[2] == 'l' && an[3] == 'n' && an[4] == 's' &&
	       (an[5] == '\0' || an[5] == ':');
}

/* Records n's ndecl namespace declarations and brings them into scope; -1 after fail(). */
static int read_nsdecls(struct ka_xml_rd *r, struct ka_xml_node *n, const XML_Char **atts,
                        size_t ndecl, const XML_Char *name)
{
	size_t i;

	if (ndecl > UINT16_MAX) {
		fail(r, KA_ERR_LIMIT, "too many namespace declarations on <%s>", name);
		return -1;
	}
	if (!ndecl)
		return 0;
	n->nsdecls = ka_arena_array(&r->doc->arena, ndecl, sizeof(*n->nsdecls));
	for (i = 0; atts[i]; i += 2) {
		struct ka_xml_nsdecl *d;
		const char *an = atts[i];

		if (!is_nsdecl(an))
			continue;
		d = &n->nsdecls[n->nnsdecls++];
		d->prefix = an[5] ? ka_xml_ns_intern(&r->ns, an + 6, strlen(an + 6)) : NULL;
		d->uri = ka_xml_ns_intern(&r->ns, atts[i + 1], strlen(atts[i + 1]));
		if (d->prefix && !d->uri[0]) {
			fail(r, KA_ERR_XML, "namespace prefix '%s' is bound to an empty URI",
			     d->prefix);
			return -1;
		}
		ka_xml_ns_push(&r->ns, d->prefix, d->uri[0] ? d->uri : NULL, r->depth);
	}
	return 0;
}

/* The memo entry for name (empty or someone else's when its bytes differ), or NULL. */
static struct name_memo *memo_entry(struct name_memo *tab, const char *name, size_t *len)
{
	size_t n = strlen(name);

	*len = n;
	if (!n || n >= sizeof(tab->name))
		return NULL;
	return &tab[(n * 7 + (unsigned char)name[0] * 3 + (unsigned char)name[n - 1]) &
	            (NAME_MEMO - 1)];
}

static int memo_hit(const struct name_memo *e, const char *name, size_t len)
{
	return e && e->len == len && !memcmp(e->name, name, len);
}

/* The URI bound in scope to a memoised name's prefix (ka_xml_ns_lookup's answer). */
static const char *memo_prefix_uri(struct ka_xml_rd *r, struct name_memo *e)
{
	const char *uri;

	if (e->cap != r->ns.cap) {
		struct ka_xml_ns_slot *s = ka_xml_ns_slot(&r->ns, e->prefix, e->plen);

		e->slot = (size_t)(s - r->ns.slots);
		e->cap = r->ns.cap;
	}
	uri = r->ns.slots[e->slot].uri;
	if (!uri && e->plen == 3 && !memcmp(e->prefix, "xml", 3))
		return KA_NS_XML;
	return uri;
}

/* Remembers a name just resolved the long way (prefix and local interned). */
static void memo_fill(struct ka_xml_rd *r, struct name_memo *e, const char *name, size_t len,
                      const char *prefix, size_t plen, const char *local)
{
	if (!e)
		return;
	memcpy(e->name, name, len);
	e->len = len;
	e->prefix = prefix;
	e->plen = plen;
	e->local = local;
	e->cap = 0; /* the prefix's slot is looked up on first use */
	e->aname = NULL;
	(void)r;
}

/*
 * The shared name for (ns, prefix, il): the one memo entry e (may be NULL) made
 * last, when it was made for the same namespace, else a name looked up and
 * remembered there.
 */
static const struct ka_xml_name *memo_name(struct ka_xml_rd *r, struct name_memo *e, const char *ns,
                                           const char *prefix, const char *il)
{
	const struct ka_xml_name *nm;

	if (e && e->aname && e->aname_ns == ns)
		return e->aname;
	nm = ka_xml_ns_name(&r->ns, ns, prefix, il);
	if (e) {
		e->aname = nm;
		e->aname_ns = ns;
	}
	return nm;
}

/* Resolves the element's name against the declarations in scope; -1 after fail(). */
static int name_element(struct ka_xml_rd *r, struct ka_xml_node *n, const XML_Char *name)
{
	const char *pfx, *local, *ns, *prefix = NULL, *il;
	size_t plen, len;
	struct name_memo *e = memo_entry(r->el_names, name, &len);

	if (memo_hit(e, name, len)) {
		prefix = e->prefix;
		ns = e->prefix ? memo_prefix_uri(r, e) : r->ns.default_uri;
		il = e->local;
	} else {
		if (ka_xml_ns_split_qname(name, &pfx, &plen, &local)) {
			fail(r, KA_ERR_XML, "malformed element name '%s'", name);
			return -1;
		}
		ns = ka_xml_ns_lookup(&r->ns, pfx, plen);
		if (pfx)
			prefix = ka_xml_ns_intern(&r->ns, pfx, plen);
		il = ka_xml_ns_intern(&r->ns, local, strlen(local));
		memo_fill(r, e, name, len, prefix, plen, il);
	}
	if (prefix && !ns) {
		fail(r, KA_ERR_XML, "undeclared namespace prefix '%s' (element <%s>)", prefix,
		     name);
		return -1;
	}
	n->name = memo_name(r, e, ns, prefix, il);
	return 0;
}

/* Records n's nat attributes with their names resolved; -1 after fail(). */
static int read_attrs(struct ka_xml_rd *r, struct ka_xml_node *n, const XML_Char **atts, size_t nat)
{
	const char *pfx, *local, *dup;
	size_t plen, i;

	if (!nat)
		return 0;
	n->attrs = ka_arena_array(&r->doc->arena, nat, sizeof(*n->attrs));
	for (i = 0; atts[i]; i += 2) {
		struct ka_xml_attr *at;
		const char *an = atts[i], *ns = NULL, *prefix = NULL, *il;
		size_t len;
		struct name_memo *e;

		if (is_nsdecl(an))
			continue;
		at = &n->attrs[n->nattrs];
		e = memo_entry(r->at_names, an, &len);
		if (memo_hit(e, an, len)) {
			prefix = e->prefix;
			ns = e->prefix ? memo_prefix_uri(r, e) : NULL;
			il = e->local;
		} else {
			if (ka_xml_ns_split_qname(an, &pfx, &plen, &local)) {
				fail(r, KA_ERR_XML, "malformed attribute name '%s'", an);
				return -1;
			}
			if (pfx) {
				ns = ka_xml_ns_lookup(&r->ns, pfx, plen);
				prefix = ka_xml_ns_intern(&r->ns, pfx, plen);
			}
			il = ka_xml_ns_intern(&r->ns, local, strlen(local));
			memo_fill(r, e, an, len, prefix, plen, il);
		}
		if (prefix && !ns) {
			fail(r, KA_ERR_XML, "undeclared namespace prefix '%s' (attribute %s)",
			     prefix, an);
			return -1;
		}
		at->name = memo_name(r, e, ns, prefix, il);
		at->value = ka_arena_strdup(&r->doc->arena, atts[i + 1]);
		n->nattrs++;
	}
	dup = ka_xml_ns_duplicate_attr(n);
	if (dup) {
		fail(r, KA_ERR_XML,
		     "attribute '%s' appears twice in one namespace (under two prefixes)", dup);
		return -1;
	}
	return 0;
}

/* Counts the element against the depth and element caps; -1 after fail(). */
static int admit_element(struct ka_xml_rd *r, const char *name)
{
	if (r->depth >= r->lim->max_depth) {
		char d[32];

		snprintf(d, sizeof(d), "%u", r->lim->max_depth);
		fail(r, KA_ERR_LIMIT, "elements nested deeper than %s levels (at <%s>)", d, name);
		return -1;
	}
	if (r->doc->nelements >= r->lim->max_elements) {
		fail(r, KA_ERR_LIMIT, "more than the allowed number of elements (at <%s>)", name);
		return -1;
	}
	r->depth++;
	r->doc->nelements++;
	return 0;
}

/* Checks that the names expat accepted can be written in UTF-8; -1 after fail(). */
static int names_ok(struct ka_xml_rd *r, const XML_Char *name, const XML_Char **atts)
{
	struct name_memo *e;
	size_t i, len;

	/* A name the memo holds was checked when it was first seen. */
	e = memo_entry(r->el_names, name, &len);
	if (!memo_hit(e, name, len) && !ka_xml_enc_name_ok(name, 0)) {
		fail(r, KA_ERR_XML, "element name '%s' is not a valid XML name in UTF-8", name);
		return -1;
	}
	for (i = 0; atts[i]; i += 2) {
		e = memo_entry(r->at_names, atts[i], &len);
		if (!memo_hit(e, atts[i], len) && !ka_xml_enc_name_ok(atts[i], 1)) {
			fail(r, KA_ERR_XML, "attribute name '%s' is not a valid XML name in UTF-8",
			     atts[i]);
			return -1;
		}
	}
	return 0;
}

struct ka_xml_node *ka_xml_rd_new_element(struct ka_xml_rd *r, const char *name)
{
	struct ka_xml_node *n;

	if (r->err)
		return NULL;
	flush_text(r);
	if (admit_element(r, name))
		return NULL;
	n = ka_arena_alloc_small(&r->doc->arena, sizeof(*n));
	n->type = KA_XML_ELEMENT;
	n->name = &ka_xml_no_name; /* until the caller names it */
	n->line = cur_line(r);
	n->column = cur_col(r);
	return n;
}

void ka_xml_rd_link_element(struct ka_xml_rd *r, struct ka_xml_node *n)
{
	link_child(r, n);
	if (!r->doc->root && !r->cur)
		r->doc->root = n;
	r->cur = n;
	r->cur_depth = r->depth;
	r->mixed[r->depth] = 0;
}

void XMLCALL ka_xml_rd_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct ka_xml_rd *r = ud;
	struct ka_xml_node *n = ka_xml_rd_new_element(r, name);
	size_t i, nat = 0, ndecl = 0;

	if (!n || names_ok(r, name, atts))
		return;
	for (i = 0; atts[i]; i += 2) {
		if (is_nsdecl(atts[i]))
			ndecl++;
		else
			nat++;
	}
	if (read_nsdecls(r, n, atts, ndecl, name) || name_element(r, n, name) ||
	    read_attrs(r, n, atts, nat))
		return;
	ka_xml_rd_link_element(r, n);
}

void XMLCALL ka_xml_rd_end(void *ud, const XML_Char *name)
{
	struct ka_xml_rd *r = ud;

	(void)name;
	if (r->err)
		return;
	flush_text(r);
	drop_ws(r, r->cur);
	ka_xml_ns_pop(&r->ns, r->depth);
	r->depth--;
	r->cur = r->cur->parent;
	r->cur_depth = r->depth;
}

void XMLCALL ka_xml_rd_text(void *ud, const XML_Char *s, int len)
{
	struct ka_xml_rd *r = ud;

	if (r->err)
		return;
	if (!r->text.len && !r->in_cdata) {
		r->text_line = cur_line(r);
		r->text_col = cur_col(r);
	}
	if ((size_t)len < r->text.alloc - r->text.len) {
		memcpy(r->text.data + r->text.len, s, (size_t)len);
		r->text.len += (size_t)len;
		r->text.data[r->text.len] = '\0';
		if (!r->text.cap || r->text.len <= r->text.cap)
			return;
		r->text.len -= (size_t)len;
	}
	if (ka_buf_add(&r->text, s, (size_t)len))
		fail(r, KA_ERR_TOO_BIG, "text content larger than the size cap");
}

static void add_misc(struct ka_xml_rd *r, enum ka_xml_type type, const char *target,
                     const char *data)
{
	struct ka_xml_node *n;

	if (r->err)
		return;
	flush_text(r);
	n = ka_arena_alloc_small(&r->doc->arena, sizeof(*n));
	n->type = type;
	n->line = cur_line(r);
	n->column = cur_col(r);
	if (target) {
		struct ka_xml_name *pi = ka_arena_alloc_small(&r->doc->arena, sizeof(*pi));

		pi->local = ka_arena_strdup(&r->doc->arena, target);
		pi->local_len = (uint32_t)strlen(target);
		n->name = pi;
	} else {
		n->name = &ka_xml_no_name;
	}
	n->text = ka_arena_strdup(&r->doc->arena, data ? data : "");
	n->text_len = (uint32_t)strlen(n->text);
	link_child(r, n);
}

void XMLCALL ka_xml_rd_comment(void *ud, const XML_Char *data)
{
	add_misc(ud, KA_XML_COMMENT, NULL, data);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
	add_misc(ud, KA_XML_PI, target, data);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	fail(ud, KA_ERR_XML, "DOCTYPE declarations are not allowed (<!DOCTYPE %s>)", name);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	fail(ud, KA_ERR_XML, "entity declarations are not allowed (entity '%s')", name);
}

void ka_xml_limits_default(struct ka_xml_limits *lim)
{
	lim->max_bytes = KA_XML_DEFAULT_MAX_BYTES;
	lim->max_depth = KA_XML_DEFAULT_MAX_DEPTH;
	lim->max_elements = KA_XML_DEFAULT_MAX_ELEMENTS;
}

/* Where the bytes come from: memory, or a file read in chunks. */
struct source {
	const char *data; /* memory input, or NULL */
	size_t len, off;
	int fd;
	const char *path;
	char *chunk; /* a file's next CHUNK bytes go here: expat's buffer (XML_GetBuffer) */
	size_t total;
};

#define CHUNK (1u << 20)

/* Next piece of input; *n == 0 with *final set at the end. */
static int source_next(struct source *s, const struct ka_xml_limits *lim, const char **p, size_t *n,
                       int *final, struct ka_diag *diag)
{
	if (s->data) {
		*n = s->len - s->off > CHUNK ? CHUNK : s->len - s->off;
		*p = s->data + s->off;
		s->off += *n;
		*final = s->off == s->len;
		return 0;
	}
	for (;;) {
		ssize_t got = read(s->fd, s->chunk, CHUNK);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot read file: %s",
			                   strerror(errno));
		s->total += (size_t)got;
		if (s->total > lim->max_bytes)
			return ka_diag_set(diag, KA_ERR_TOO_BIG, 1, 1, NULL,
			                   "file is over the size cap of %zu bytes",
			                   lim->max_bytes);
		*p = s->chunk;
		*n = (size_t)got;
		*final = got == 0;
		return 0;
	}
}

/*
 * Describes expat's error. When expat stopped at an invalid token in UTF-8
 * input, the token it stopped at (up to the next '<' or '>') is searched for
 * an invalid UTF-8 sequence, which is then reported precisely.
 */
static int describe_error(struct ka_xml_rd *r, struct source *s, struct ka_diag *diag)
{
	enum XML_Error code = XML_GetErrorCode(r->p);
	XML_Index at = XML_GetCurrentByteIndex(r->p);
	int token = code == XML_ERROR_INVALID_TOKEN || code == XML_ERROR_PARTIAL_CHAR;
	struct ka_buf all;
	const char *data = s->data;
	size_t len = s->len, bad = (size_t)-1;
	int err = KA_ERR_XML;

	ka_buf_init(&all, r->lim->max_bytes);
	if (token && !data && ka_buf_read_file(&all, s->path) == 0) {
		data = all.data;
		len = all.len;
	}
	if (token && data && at >= 0 && !ka_xml_enc_not_utf8(data, len))
		bad = ka_xml_enc_bad_byte(data, len, (size_t)at);
	if (bad != (size_t)-1) {
		unsigned long l, c;

		ka_xml_enc_position(data, bad, &l, &c);
		ka_diag_set(diag, err, l, c, NULL, "invalid UTF-8 byte 0x%02X",
		            (unsigned char)data[bad]);
	} else if (code == XML_ERROR_NO_ELEMENTS && r->doc->root) {
		ka_diag_set(diag, err, cur_line(r), cur_col(r), NULL,
		            "truncated document: <%s> is not closed",
		            r->cur ? r->cur->name->local : r->doc->root->name->local);
	} else {
		ka_diag_set(diag, err, cur_line(r), cur_col(r), NULL, "malformed XML: %s",
		            XML_ErrorString(code));
	}
	ka_buf_release(&all);
	return err;
}

void ka_xml_rd_init(struct ka_xml_rd *r, XML_Parser p, struct ka_xml_doc *doc,
                    const struct ka_xml_limits *lim, struct ka_diag *diag)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->doc = doc;
	r->lim = lim;
	r->diag = diag;
	ka_xml_ns_init(&r->ns, &doc->arena);
	ka_buf_init(&r->text, lim->max_bytes < UINT32_MAX ? lim->max_bytes : UINT32_MAX - 1);
	r->mixed = ka_xcalloc((size_t)lim->max_depth + 2, 1);
}

void ka_xml_rd_release(struct ka_xml_rd *r)
{
	ka_xml_ns_release(&r->ns);
	free(r->mixed);
	free(r->ws);
	ka_buf_release(&r->text);
}

static int parse_source(struct ka_xml_doc *doc, struct source *src, const struct ka_xml_limits *lim,
                        struct ka_diag *diag)
{
	struct ka_xml_rd r;
	XML_Parser p;
	int err = 0;

	p = XML_ParserCreate(NULL);
	if (!p)
		return ka_diag_set(diag, KA_ERR_IO, 1, 1, NULL, "cannot create XML parser");
	ka_xml_rd_init(&r, p, doc, lim, diag);
	XML_SetUserData(r.p, &r);
	XML_SetElementHandler(r.p, ka_xml_rd_start, ka_xml_rd_end);
	XML_SetCharacterDataHandler(r.p, ka_xml_rd_text);
	XML_SetCommentHandler(r.p, ka_xml_rd_comment);
	XML_SetCdataSectionHandler(r.p, on_cdata_start, on_cdata_end);
	XML_SetProcessingInstructionHandler(r.p, on_pi);
	XML_SetStartDoctypeDeclHandler(r.p, on_doctype);
	XML_SetEntityDeclHandler(r.p, on_entity);
	XML_SetParamEntityParsing(r.p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetUnknownEncodingHandler(r.p, ka_xml_enc_unknown, NULL);

	for (;;) {
		const char *chunk = NULL;
		size_t n = 0;
		int final = 1;

		enum XML_Status st;

		/* A file is read straight into expat's own buffer: no copy of the input. */
		if (!src->data && !(src->chunk = XML_GetBuffer(r.p, CHUNK)))
			ka_oom(CHUNK);
		err = source_next(src, lim, &chunk, &n, &final, diag);
		if (err)
			break;
		if (final && src->total == 0 && !src->data) {
			err = ka_diag_set(diag, KA_ERR_XML, 1, 1, NULL,
			                  "empty input: no XML document");
			break;
		}
		st = src->data ? XML_Parse(r.p, chunk, (int)n, final)
		               : XML_ParseBuffer(r.p, (int)n, final);
		if (st == XML_STATUS_ERROR) {
			err = r.err ? r.err : describe_error(&r, src, diag);
			break;
		}
		if (final)
			break;
	}
	if (!err && !doc->root)
		err = ka_diag_set(diag, KA_ERR_XML, 1, 1, NULL, "no root element");
	XML_ParserFree(r.p);
	ka_xml_rd_release(&r);
	return err;
}

int ka_xml_parse_expat(struct ka_xml_doc *doc, const char *data, size_t len,
                       const struct ka_xml_limits *lim, struct ka_diag *diag)
{
	struct source src;

	memset(&src, 0, sizeof(src));
	src.data = data;
	src.len = len;
	src.total = len;
	return parse_source(doc, &src, lim, diag);
}

/*
 * A document read from `bytes` of XML takes about three times that in its
 * arena, and a BPMN model built on it as much again: reserved at once, its
 * pages are faulted in on another core while this one parses.
 */
static void expect_input(struct ka_xml_doc *doc, size_t bytes)
{
	if (bytes <= SIZE_MAX / 8)
		ka_arena_reserve(&doc->arena, bytes * 8);
}

/* Drops what the libxml2 reader built, for expat to read the same `bytes` again. */
static void start_over(struct ka_xml_doc *doc, size_t bytes)
{
	ka_xml_doc_release(doc);
	ka_xml_doc_init(doc);
	expect_input(doc, bytes);
}

/*
 * Memory input: libxml2 first when it may read it (about three times expat's
 * speed), expat for everything else and for every input libxml2 does not take
 * whole, so every message still comes from expat.
 */
int ka_xml_parse(struct ka_xml_doc *doc, const char *data, size_t len,
                 const struct ka_xml_limits *lim, struct ka_diag *diag)
{
	struct ka_xml_limits deflim;

	if (!lim) {
		ka_xml_limits_default(&deflim);
		lim = &deflim;
	}
	if (len > lim->max_bytes)
		return ka_diag_set(diag, KA_ERR_TOO_BIG, 1, 1, NULL,
		                   "file is %zu bytes, over the size cap of %zu bytes", len,
		                   lim->max_bytes);
	if (len == 0)
		return ka_diag_set(diag, KA_ERR_XML, 1, 1, NULL, "empty input: no XML document");
	expect_input(doc, len);
	if (ka_xml_fast_ok(data, len)) {
		if (ka_xml_fast_parse(doc, data, len, lim) == 0)
			return 0;
		start_over(doc, len);
	}
	return ka_xml_parse_expat(doc, data, len, lim, diag);
}

/*
 * A file: libxml2 first when its first bytes allow it. 0 when it read the
 * file; 1 when expat is to read it (fd back at its start); -1 when fd cannot
 * go back.
 */
static int try_fast_file(struct ka_xml_doc *doc, int fd, size_t size,
                         const struct ka_xml_limits *lim)
{
	char head[4096];
	ssize_t got;

	do
		got = pread(fd, head, sizeof(head), 0);
	while (got < 0 && errno == EINTR);
	if (got <= 0 || !ka_xml_fast_ok(head, (size_t)got))
		return 1;
	if (ka_xml_fast_parse_fd(doc, fd, lim) == 0)
		return 0;
	start_over(doc, size);
	return lseek(fd, 0, SEEK_SET) == 0 ? 1 : -1;
}

int ka_xml_parse_file(struct ka_xml_doc *doc, const char *path, const struct ka_xml_limits *lim,
                      struct ka_diag *diag)
{
	struct ka_xml_limits deflim;
	struct source src;
	struct stat st;
	size_t size;
	int err;

	if (!lim) {
		ka_xml_limits_default(&deflim);
		lim = &deflim;
	}
	memset(&src, 0, sizeof(src));
	src.path = path;
	src.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (src.fd < 0)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot open file: %s",
		                   strerror(errno));
	if (fstat(src.fd, &st) != 0)
		st.st_size = 0; /* the size is unknown: read until the end */
	else if (S_ISDIR(st.st_mode)) {
		close(src.fd);
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot read file: is a directory");
	}
	if (st.st_size > 0 && (unsigned long long)st.st_size > lim->max_bytes) {
		close(src.fd);
		return ka_diag_set(diag, KA_ERR_TOO_BIG, 1, 1, NULL,
		                   "file is %lld bytes, over the size cap of %zu bytes",
		                   (long long)st.st_size, lim->max_bytes);
	}
	size = st.st_size > 0 ? (size_t)st.st_size : 0; /* 0: unknown */
	expect_input(doc, size);
	err = try_fast_file(doc, src.fd, size, lim);
	if (err <= 0) {
		close(src.fd);
		return err ? ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot read file: %s",
		                         strerror(errno))
		           : 0;
	}
	err = parse_source(doc, &src, lim, diag); /* src.chunk: expat's buffer */
	close(src.fd);
	return err;
}
