/*
 * Test helper: are two XML trees the same node for node, positions included?
 * Used to hold the libxml2 reader (lib/xml/xml_fast.c) to expat's trees in
 * unit/xml_fast and fuzz_xml_fast. Header-only; the caller owns both trees.
 */
#ifndef KARTLA_TEST_XML_SAME_H
#define KARTLA_TEST_XML_SAME_H

#include <stdio.h>
#include <string.h>

#include "kartla/xml.h"

static int xs_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* 1 when the node lists from a and b are the same; else 0 with why[] saying where. */
static int xs_same_list(const struct ka_xml_node *a, const struct ka_xml_node *b, char *why,
                        size_t whysz)
{
	for (; a && b; a = a->next, b = b->next) {
		uint32_t i;

		if (a->type != b->type || !xs_str_eq(a->name->ns, b->name->ns) ||
		    !xs_str_eq(a->name->prefix, b->name->prefix) ||
		    !xs_str_eq(a->name->local, b->name->local) || a->cdata != b->cdata ||
		    a->text_len != b->text_len ||
		    (a->text_len && memcmp(a->text, b->text, a->text_len)) ||
		    (!a->text) != (!b->text)) {
			snprintf(why, whysz, "node <%s> at %u:%u differs from <%s> at %u:%u",
			         a->name->local ? a->name->local : "#text", a->line, a->column,
			         b->name->local ? b->name->local : "#text", b->line, b->column);
			return 0;
		}
		if (a->line != b->line || a->column != b->column) {
			snprintf(why, whysz, "<%s>: position %u:%u, expat says %u:%u",
			         a->name->local ? a->name->local : "#text", a->line, a->column,
			         b->line, b->column);
			return 0;
		}
		if (a->nattrs != b->nattrs || a->nnsdecls != b->nnsdecls) {
			snprintf(why, whysz, "<%s> at %u:%u: attribute or declaration count",
			         a->name->local, a->line, a->column);
			return 0;
		}
		for (i = 0; i < a->nattrs; i++) {
			const struct ka_xml_attr *x = &a->attrs[i], *y = &b->attrs[i];

			if (!xs_str_eq(x->name->ns, y->name->ns) ||
			    !xs_str_eq(x->name->prefix, y->name->prefix) ||
			    !xs_str_eq(x->name->local, y->name->local) ||
			    !xs_str_eq(x->value, y->value)) {
				snprintf(why, whysz, "<%s> at %u:%u: attribute %s", a->name->local,
				         a->line, a->column, x->name->local);
				return 0;
			}
		}
		for (i = 0; i < a->nnsdecls; i++) {
			if (!xs_str_eq(a->nsdecls[i].prefix, b->nsdecls[i].prefix) ||
			    !xs_str_eq(a->nsdecls[i].uri, b->nsdecls[i].uri)) {
				snprintf(why, whysz, "<%s> at %u:%u: namespace declaration %u",
				         a->name->local, a->line, a->column, i);
				return 0;
			}
		}
		if (!xs_same_list(a->first, b->first, why, whysz))
			return 0;
	}
	if (a || b) {
		snprintf(why, whysz, "one list ends before the other (at <%s>)",
		         a ? (a->name->local ? a->name->local : "#text")
		           : (b->name->local ? b->name->local : "#text"));
		return 0;
	}
	return 1;
}

static int xs_same_doc(const struct ka_xml_doc *a, const struct ka_xml_doc *b, char *why,
                       size_t whysz)
{
	if (a->nelements != b->nelements) {
		snprintf(why, whysz, "%zu elements, expat %zu", a->nelements, b->nelements);
		return 0;
	}
	return xs_same_list(a->prolog, b->prolog, why, whysz);
}

#endif
