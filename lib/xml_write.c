/*
 * Deterministic XML serialisation of a ka_xml_doc: UTF-8, two-space
 * indentation where an element holds only elements, namespace declarations
 * and attributes in their stored order, text in mixed content untouched.
 */
#include <string.h>

#include "kartla/xml.h"
#include "kartla/banned.h"

static int add_escaped(struct ka_buf *out, const char *s, size_t len, int attr)
{
	size_t i, run = 0;
	int err = 0;

	for (i = 0; i < len && !err; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '\n':
			rep = attr ? "&#10;" : NULL;
			break;
		case '\t':
			rep = attr ? "&#9;" : NULL;
			break;
		default:
			break;
		}
		if (rep) {
			err = ka_buf_add(out, s + run, i - run);
			if (!err)
				err = ka_buf_adds(out, rep);
			run = i + 1;
		}
	}
	if (!err)
		err = ka_buf_add(out, s + run, len - run);
	return err;
}

static int add_qname(struct ka_buf *out, const char *prefix, const char *local)
{
	int err = 0;

	if (prefix) {
		err = ka_buf_adds(out, prefix);
		if (!err)
			err = ka_buf_addc(out, ':');
	}
	return err ? err : ka_buf_adds(out, local);
}

static int indent(struct ka_buf *out, unsigned depth)
{
	static const char spaces[] = "                                                  ";
	int err = ka_buf_addc(out, '\n');

	depth *= 2;
	while (!err && depth) {
		unsigned n = depth > 50 ? 50 : depth;

		err = ka_buf_add(out, spaces, n);
		depth -= n;
	}
	return err;
}

static int write_node(const struct ka_xml_node *n, unsigned depth, struct ka_buf *out);

static int write_element(const struct ka_xml_node *n, unsigned depth, struct ka_buf *out)
{
	const struct ka_xml_node *c;
	int pretty = 1;
	size_t i;
	int err;

	err = ka_buf_addc(out, '<');
	err = err ? err : add_qname(out, n->prefix, n->local);
	for (i = 0; !err && i < n->nnsdecls; i++) {
		const struct ka_xml_nsdecl *d = &n->nsdecls[i];

		err = ka_buf_adds(out, d->prefix ? " xmlns:" : " xmlns");
		if (!err && d->prefix)
			err = ka_buf_adds(out, d->prefix);
		err = err ? err : ka_buf_adds(out, "=\"");
		err = err ? err : add_escaped(out, d->uri, strlen(d->uri), 1);
		err = err ? err : ka_buf_addc(out, '"');
	}
	for (i = 0; !err && i < n->nattrs; i++) {
		const struct ka_xml_attr *a = &n->attrs[i];

		err = ka_buf_addc(out, ' ');
		err = err ? err : add_qname(out, a->prefix, a->local);
		err = err ? err : ka_buf_adds(out, "=\"");
		err = err ? err : add_escaped(out, a->value, strlen(a->value), 1);
		err = err ? err : ka_buf_addc(out, '"');
	}
	if (err)
		return err;
	if (!n->first && !n->text)
		return ka_buf_adds(out, "/>");
	if (!n->first) {
		err = ka_buf_addc(out, '>');
		err = err ? err : add_escaped(out, n->text, n->text_len, 0);
		err = err ? err : ka_buf_adds(out, "</");
		err = err ? err : add_qname(out, n->prefix, n->local);
		return err ? err : ka_buf_addc(out, '>');
	}
	err = ka_buf_addc(out, '>');
	for (c = n->first; c; c = c->next)
		if (c->type == KA_XML_TEXT)
			pretty = 0;
	for (c = n->first; !err && c; c = c->next) {
		if (pretty)
			err = indent(out, depth + 1);
		err = err ? err : write_node(c, depth + 1, out);
	}
	if (!err && pretty)
		err = indent(out, depth);
	err = err ? err : ka_buf_adds(out, "</");
	err = err ? err : add_qname(out, n->prefix, n->local);
	return err ? err : ka_buf_addc(out, '>');
}

static int write_node(const struct ka_xml_node *n, unsigned depth, struct ka_buf *out)
{
	int err;

	switch (n->type) {
	case KA_XML_ELEMENT:
		return write_element(n, depth, out);
	case KA_XML_TEXT:
		return add_escaped(out, n->text, n->text_len, 0);
	case KA_XML_COMMENT:
		err = ka_buf_adds(out, "<!--");
		err = err ? err : ka_buf_add(out, n->text, n->text_len);
		return err ? err : ka_buf_adds(out, "-->");
	case KA_XML_PI:
		err = ka_buf_adds(out, "<?");
		err = err ? err : ka_buf_adds(out, n->local);
		if (!err && n->text_len) {
			err = ka_buf_addc(out, ' ');
			err = err ? err : ka_buf_add(out, n->text, n->text_len);
		}
		return err ? err : ka_buf_adds(out, "?>");
	}
	return 0;
}

int ka_xml_write(const struct ka_xml_doc *doc, struct ka_buf *out)
{
	const struct ka_xml_node *c;
	int err = ka_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

	for (c = doc->prolog; !err && c; c = c->next) {
		if (c == doc->root)
			err = write_element(c, 0, out);
		else
			err = write_node(c, 0, out);
		err = err ? err : ka_buf_addc(out, '\n');
	}
	return err;
}
