/*
 * Deterministic XML serialisation of a ka_xml_doc: UTF-8, two-space
 * indentation where an element holds only elements, namespace declarations
 * and attributes in their stored order, text in mixed content untouched.
 * Bytes are copied straight into the output buffer in reserved stretches;
 * a failure is the buffer's sticky error, checked once at the end.
 */
#include <string.h>

#include "kartla/xml.h"
#include "kartla/banned.h"

struct writer {
	struct ka_buf *out;
};

/* put() when the buffer must grow or flush first (or has failed). */
static __attribute__((noinline)) void put_slow(struct writer *w, const char *s, size_t n)
{
	struct ka_buf *b = w->out;
	size_t want = n < 4096 ? 4096 : n;

	if (b->err)
		return; /* sticky: nothing more is written after a failure */
	if (b->cap && want > b->cap - b->len)
		want = n; /* near the cap: reserve only what is needed */
	if ((n >= b->alloc - b->len || (b->cap && n > b->cap - b->len)) && ka_buf_reserve(b, want))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* Appends n bytes; inline where they fit, so the many short pieces cost a store each. */
static inline void put(struct writer *w, const char *s, size_t n)
{
	struct ka_buf *b = w->out;

	if (!b->err && n < b->alloc - b->len && (!b->cap || n <= b->cap - b->len)) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		return;
	}
	put_slow(w, s, n);
}

static void puts_(struct writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* Characters to escape: 1 in text and attributes, 2 in attributes only. */
static const unsigned char escape_class[256] = {
    ['&'] = 1, ['<'] = 1, ['>'] = 1, ['\r'] = 1, ['"'] = 2, ['\n'] = 2, ['\t'] = 2,
};

/* The escape of a character escape_class[] marks. */
static const char *escape_of(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\r':
		return "&#13;";
	case '\n':
		return "&#10;";
	default:
		return "&#9;";
	}
}

static void put_escaped(struct writer *w, const char *s, size_t len, int attr)
{
	const unsigned char limit = attr ? 2 : 1;
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = escape_class[(unsigned char)s[i]];
		const char *rep;

		if (!c || c > limit)
			continue;
		rep = escape_of(s[i]);
		put(w, s + run, i - run);
		puts_(w, rep);
		run = i + 1;
	}
	put(w, s + run, len - run);
}

static void put_qname(struct writer *w, const struct ka_xml_name *nm)
{
	if (nm->prefix) {
		put(w, nm->prefix, nm->prefix_len);
		put(w, ":", 1);
	}
	put(w, nm->local, nm->local_len);
}

/*
 * ` prefix:local="value"` (value escaped) in one stretch of reserved space:
 * an attribute is written with one bounds check and its value in one pass,
 * the most common piece of a map. Same bytes as the piecewise put()s.
 */
static void put_attr(struct writer *w, const struct ka_xml_name *nm, const char *value)
{
	struct ka_buf *b = w->out;
	const char *prefix = nm->prefix, *local = nm->local;
	size_t plen = nm->prefix_len, llen = nm->local_len, vlen = strlen(value);
	size_t need = 5 + plen + llen + 6 * vlen; /* ' ' ':' '="' '"', each value byte at worst 6 */
	unsigned char *d;
	size_t i;

	if (b->err || vlen > SIZE_MAX / 8 - plen - llen || need >= b->alloc - b->len ||
	    (b->cap && need > b->cap - b->len)) {
		put(w, " ", 1);
		put_qname(w, nm);
		put(w, "=\"", 2);
		put_escaped(w, value, vlen, 1);
		put(w, "\"", 1);
		return;
	}
	d = (unsigned char *)b->data + b->len;
	*d++ = ' ';
	if (prefix) {
		memcpy(d, prefix, plen);
		d += plen;
		*d++ = ':';
	}
	memcpy(d, local, llen);
	d += llen;
	*d++ = '=';
	*d++ = '"';
	for (i = 0; i < vlen; i++) {
		unsigned char c = (unsigned char)value[i];

		if (!escape_class[c]) {
			*d++ = c;
		} else {
			const char *rep = escape_of((char)c);
			size_t n = strlen(rep);

			memcpy(d, rep, n);
			d += n;
		}
	}
	*d++ = '"';
	b->len = (size_t)((char *)d - b->data);
}

/* A CDATA section; a "]]>" inside is split across two sections. */
static void put_cdata(struct writer *w, const char *s, size_t len)
{
	size_t i, run = 0;

	put(w, "<![CDATA[", 9);
	for (i = 0; i + 2 < len; i++) {
		if (s[i] == ']' && s[i + 1] == ']' && s[i + 2] == '>') {
			put(w, s + run, i + 2 - run);
			put(w, "]]><![CDATA[", 12);
			run = i + 2;
		}
	}
	put(w, s + run, len - run);
	put(w, "]]>", 3);
}

static void indent(struct writer *w, unsigned depth)
{
	static const char spaces[] = "\n                                                  ";

	depth *= 2;
	put(w, spaces, 1);
	while (depth) {
		unsigned n = depth > 50 ? 50 : depth;

		put(w, spaces + 1, n);
		depth -= n;
	}
}

static void write_node(struct writer *w, const struct ka_xml_node *n, unsigned depth);

static void write_element(struct writer *w, const struct ka_xml_node *n, unsigned depth)
{
	const struct ka_xml_node *c;
	int pretty = 1;
	size_t i;

	put(w, "<", 1);
	put_qname(w, n->name);
	for (i = 0; i < n->nnsdecls; i++) {
		const struct ka_xml_nsdecl *d = &n->nsdecls[i];

		if (d->prefix) {
			put(w, " xmlns:", 7);
			puts_(w, d->prefix);
		} else {
			put(w, " xmlns", 6);
		}
		put(w, "=\"", 2);
		put_escaped(w, d->uri, strlen(d->uri), 1);
		put(w, "\"", 1);
	}
	for (i = 0; i < n->nattrs; i++)
		put_attr(w, n->attrs[i].name, n->attrs[i].value);
	if (!n->first && !n->text) {
		put(w, "/>", 2);
		return;
	}
	put(w, ">", 1);
	if (!n->first) {
		put_escaped(w, n->text, n->text_len, 0);
	} else {
		if (n->text) {
			/* Leading text kept inline (set by a program appending to a text element).
			 */
			pretty = 0;
			put_escaped(w, n->text, n->text_len, 0);
		}
		for (c = n->first; c; c = c->next)
			if (c->type == KA_XML_TEXT)
				pretty = 0;
		for (c = n->first; c; c = c->next) {
			if (pretty)
				indent(w, depth + 1);
			write_node(w, c, depth + 1);
		}
		if (pretty)
			indent(w, depth);
	}
	put(w, "</", 2);
	put_qname(w, n->name);
	put(w, ">", 1);
}

static void write_node(struct writer *w, const struct ka_xml_node *n, unsigned depth)
{
	switch (n->type) {
	case KA_XML_ELEMENT:
		write_element(w, n, depth);
		break;
	case KA_XML_TEXT:
		if (n->cdata)
			put_cdata(w, n->text, n->text_len);
		else
			put_escaped(w, n->text, n->text_len, 0);
		break;
	case KA_XML_COMMENT:
		put(w, "<!--", 4);
		put(w, n->text, n->text_len);
		put(w, "-->", 3);
		break;
	case KA_XML_PI:
		put(w, "<?", 2);
		puts_(w, n->name->local);
		if (n->text_len) {
			put(w, " ", 1);
			put(w, n->text, n->text_len);
		}
		put(w, "?>", 2);
		break;
	default:
		break;
	}
}

int ka_xml_write(const struct ka_xml_doc *doc, struct ka_buf *out)
{
	struct writer w = {out};
	const struct ka_xml_node *c;

	puts_(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	for (c = doc->prolog; c; c = c->next) {
		write_node(&w, c, 0);
		put(&w, "\n", 1);
	}
	if (!ka_buf_error(out) && out->alloc)
		out->data[out->len] = '\0';
	return ka_buf_error(out);
}
