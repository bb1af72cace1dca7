/* Element-tree helpers: attributes, linking, lookup and structural equality. */
#include <stdio.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/xml.h"
#include "kartla/banned.h"

const struct ka_xml_name ka_xml_no_name = {NULL, NULL, NULL, 0, 0};

void ka_xml_doc_init(struct ka_xml_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
	ka_arena_init(&doc->arena);
}

void ka_xml_doc_release(struct ka_xml_doc *doc)
{
	ka_arena_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

static int ns_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return a == b || !strcmp(a, b);
}

const char *ka_xml_attr(const struct ka_xml_node *n, const char *ns, const char *local)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++) {
		const struct ka_xml_name *a = n->attrs[i].name;

		if (a->local[0] == local[0] && !strcmp(a->local, local) && ns_eq(a->ns, ns))
			return n->attrs[i].value;
	}
	return NULL;
}

void ka_xml_set_attr(struct ka_xml_doc *doc, struct ka_xml_node *n, const char *ns,
                     const char *prefix, const char *local, const char *value)
{
	struct ka_xml_attr *na;
	struct ka_xml_name *name;
	size_t i;

	for (i = 0; i < n->nattrs; i++) {
		if (!strcmp(n->attrs[i].name->local, local) && ns_eq(n->attrs[i].name->ns, ns)) {
			n->attrs[i].value = ka_arena_strdup(&doc->arena, value);
			return;
		}
	}
	na = ka_arena_array(&doc->arena, n->nattrs + 1, sizeof(*na));
	if (n->nattrs)
		memcpy(na, n->attrs, n->nattrs * sizeof(*na));
	/* a name of its own: a program adds few attributes */
	name = ka_arena_alloc_small(&doc->arena, sizeof(*name));
	name->ns = ns ? ka_arena_strdup(&doc->arena, ns) : NULL;
	name->prefix = prefix ? ka_arena_strdup(&doc->arena, prefix) : NULL;
	name->local = ka_arena_strdup(&doc->arena, local);
	name->prefix_len = prefix ? (uint32_t)strlen(prefix) : 0;
	name->local_len = (uint32_t)strlen(local);
	na[n->nattrs].name = name;
	na[n->nattrs].value = ka_arena_strdup(&doc->arena, value);
	n->attrs = na;
	n->nattrs++;
}

void ka_xml_remove_attr(struct ka_xml_node *n, const char *ns, const char *local)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++) {
		if (!strcmp(n->attrs[i].name->local, local) && ns_eq(n->attrs[i].name->ns, ns)) {
			memmove(&n->attrs[i], &n->attrs[i + 1],
			        (n->nattrs - i - 1) * sizeof(n->attrs[0]));
			n->nattrs--;
			return;
		}
	}
}

const char *ka_xml_root_prefix(struct ka_xml_doc *doc, const char *uri, const char *want)
{
	struct ka_xml_node *root = doc->root;
	char cand[64];
	unsigned k;
	size_t i;

	for (i = 0; i < root->nnsdecls; i++)
		if (root->nsdecls[i].prefix && !strcmp(root->nsdecls[i].uri, uri))
			return root->nsdecls[i].prefix;
	for (k = 0;; k++) {
		int taken = 0;

		if (k == 0)
			snprintf(cand, sizeof(cand), "%s", want);
		else
			snprintf(cand, sizeof(cand), "%s%u", want, k);
		for (i = 0; i < root->nnsdecls; i++)
			if (root->nsdecls[i].prefix && !strcmp(root->nsdecls[i].prefix, cand))
				taken = 1;
		if (!taken)
			break;
	}
	return ka_xml_declare(doc, root, cand, uri);
}

const char *ka_xml_declare(struct ka_xml_doc *doc, struct ka_xml_node *n, const char *prefix,
                           const char *uri)
{
	struct ka_xml_nsdecl *nd = ka_arena_array(&doc->arena, n->nnsdecls + 1u, sizeof(*nd));

	if (n->nnsdecls)
		memcpy(nd, n->nsdecls, n->nnsdecls * sizeof(*nd));
	nd[n->nnsdecls].prefix = ka_arena_strdup(&doc->arena, prefix);
	nd[n->nnsdecls].uri = ka_arena_strdup(&doc->arena, uri);
	n->nsdecls = nd;
	n->nnsdecls++;
	return nd[n->nnsdecls - 1].prefix;
}

struct ka_xml_node *ka_xml_new_element(struct ka_xml_doc *doc, const char *ns, const char *prefix,
                                       const char *local)
{
	struct ka_xml_node *n = ka_arena_alloc(&doc->arena, sizeof(*n));
	struct ka_xml_name *name = ka_arena_alloc_small(&doc->arena, sizeof(*name));

	name->ns = ns ? ka_arena_strdup(&doc->arena, ns) : NULL;
	name->prefix = prefix ? ka_arena_strdup(&doc->arena, prefix) : NULL;
	name->local = ka_arena_strdup(&doc->arena, local);
	name->prefix_len = prefix ? (uint32_t)strlen(prefix) : 0;
	name->local_len = (uint32_t)strlen(local);
	n->type = KA_XML_ELEMENT;
	n->name = name;
	return n;
}

void ka_xml_append(struct ka_xml_node *parent, struct ka_xml_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void ka_xml_insert_first(struct ka_xml_node *parent, struct ka_xml_node *child)
{
	child->parent = parent;
	child->prev = NULL;
	child->next = parent->first;
	if (parent->first)
		parent->first->prev = child;
	else
		parent->last = child;
	parent->first = child;
}

void ka_xml_unlink(struct ka_xml_node *n)
{
	struct ka_xml_node *p = n->parent;

	if (n->prev)
		n->prev->next = n->next;
	else if (p)
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (p)
		p->last = n->prev;
	n->parent = n->next = n->prev = NULL;
}

struct ka_xml_node *ka_xml_child(const struct ka_xml_node *n, const char *ns, const char *local)
{
	struct ka_xml_node *c;

	for (c = n->first; c; c = c->next)
		if (c->type == KA_XML_ELEMENT && !strcmp(c->name->local, local) &&
		    (!ns || ns_eq(c->name->ns, ns)))
			return c;
	return NULL;
}

const char *ka_xml_text(struct ka_xml_doc *doc, const struct ka_xml_node *n)
{
	const struct ka_xml_node *c, *only = NULL;
	size_t pieces = 0, total = 0;
	char *out, *p;

	if (n->text) {
		only = n;
		pieces++;
		total += n->text_len;
	}
	for (c = n->first; c; c = c->next) {
		if (c->type == KA_XML_TEXT) {
			only = c;
			pieces++;
			total += c->text_len;
		}
	}
	if (pieces == 0)
		return "";
	if (pieces == 1)
		return only->text;
	out = p = ka_arena_alloc(&doc->arena, total + 1);
	if (n->text) {
		memcpy(p, n->text, n->text_len);
		p += n->text_len;
	}
	for (c = n->first; c; c = c->next) {
		if (c->type == KA_XML_TEXT) {
			memcpy(p, c->text, c->text_len);
			p += c->text_len;
		}
	}
	*p = '\0';
	return out;
}

static int is_blank(const struct ka_xml_node *n)
{
	size_t i;

	if (n->type != KA_XML_TEXT || n->cdata)
		return 0;
	for (i = 0; i < n->text_len; i++)
		if (!strchr(" \t\r\n", n->text[i]))
			return 0;
	return 1;
}

static const struct ka_xml_node *next_significant(const struct ka_xml_node *n)
{
	while (n && is_blank(n))
		n = n->next;
	return n;
}

static int blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]))
			return 0;
	return 1;
}

/* An element's text before its first child element, and the children after it. */
static const char *lead_text(const struct ka_xml_node *n, const struct ka_xml_node **rest,
                             size_t *len)
{
	if (n->text) {
		*rest = n->first;
		*len = n->text_len;
		return n->text;
	}
	if (n->first && n->first->type == KA_XML_TEXT) {
		*rest = n->first->next;
		*len = n->first->text_len;
		return n->first->text;
	}
	*rest = n->first;
	*len = 0;
	return "";
}

bool ka_xml_equal(const struct ka_xml_node *a, const struct ka_xml_node *b, char *why, size_t whysz)
{
	const struct ka_xml_node *ca, *cb;
	size_t i;

	if (a->type != b->type) {
		snprintf(why, whysz, "line %lu: node kinds differ", (unsigned long)a->line);
		return false;
	}
	if (a->type != KA_XML_ELEMENT) {
		if (a->cdata != b->cdata) {
			snprintf(why, whysz, "line %lu: CDATA section vs text",
			         (unsigned long)a->line);
			return false;
		}
		if (a->text_len != b->text_len || memcmp(a->text, b->text, a->text_len) ||
		    (a->name->local && b->name->local && strcmp(a->name->local, b->name->local))) {
			snprintf(why, whysz, "line %lu: text differs: '%.40s' vs '%.40s'",
			         (unsigned long)a->line, a->text, b->text);
			return false;
		}
		return true;
	}
	if (!ns_eq(a->name->ns, b->name->ns) || strcmp(a->name->local, b->name->local)) {
		snprintf(why, whysz, "line %lu: element <%s> vs <%s>", (unsigned long)a->line,
		         a->name->local, b->name->local);
		return false;
	}
	if (a->nattrs != b->nattrs) {
		snprintf(why, whysz, "line %lu: <%s> has %u vs %u attributes",
		         (unsigned long)a->line, a->name->local, a->nattrs, b->nattrs);
		return false;
	}
	for (i = 0; i < a->nattrs; i++) {
		const char *v = ka_xml_attr(b, a->attrs[i].name->ns, a->attrs[i].name->local);

		if (!v || strcmp(v, a->attrs[i].value)) {
			snprintf(why, whysz, "line %lu: <%s> attribute %s: '%s' vs '%s'",
			         (unsigned long)a->line, a->name->local, a->attrs[i].name->local,
			         a->attrs[i].value, v ? v : "(none)");
			return false;
		}
	}
	{
		/* Leading text compares by content, inline in the element or as a first node. */
		size_t la, lb;
		const char *ta = lead_text(a, &ca, &la), *tb = lead_text(b, &cb, &lb);
		int skip = blank(ta, la) && blank(tb, lb) && (ca || cb);

		if (!skip && (la != lb || memcmp(ta, tb, la))) {
			snprintf(why, whysz, "line %lu: <%s> text differs", (unsigned long)a->line,
			         a->name->local);
			return false;
		}
	}
	ca = next_significant(ca);
	cb = next_significant(cb);
	while (ca && cb) {
		if (!ka_xml_equal(ca, cb, why, whysz))
			return false;
		ca = next_significant(ca->next);
		cb = next_significant(cb->next);
	}
	if (ca || cb) {
		snprintf(why, whysz, "line %lu: <%s> has a different number of children",
		         (unsigned long)a->line, a->name->local);
		return false;
	}
	return true;
}
