/*
 * The XML reader's name table and namespace scope. Every name, prefix and
 * namespace URI of a document is interned once, so the tree compares names
 * by pointer; a prefix's slot also holds the URI it is bound to in scope,
 * which makes resolving a prefix one table look-up.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "kartla/xml.h"
#include "xml_int.h"
#include "kartla/banned.h"

void ka_xml_ns_init(struct ka_xml_ns *ns, struct ka_arena *arena)
{
	memset(ns, 0, sizeof(*ns));
	ns->arena = arena;
}

void ka_xml_ns_release(struct ka_xml_ns *ns)
{
	free(ns->slots);
	free(ns->binds);
	free(ns->names);
	ns->slots = NULL;
	ns->binds = NULL;
	ns->names = NULL;
}

static size_t name_hash(const char *uri, const char *prefix, const char *local)
{
	uint64_t h = (uint64_t)(uintptr_t)local * 0x9E3779B97F4A7C15ULL;

	h ^= (uint64_t)(uintptr_t)uri * 0xC2B2AE3D27D4EB4FULL;
	h ^= (uint64_t)(uintptr_t)prefix * 0x165667B19E3779F9ULL;
	return (size_t)(h ^ (h >> 29));
}

const struct ka_xml_name *ka_xml_ns_name(struct ka_xml_ns *t, const char *uri, const char *prefix,
                                         const char *local)
{
	struct ka_xml_name *made;
	size_t i;

	if ((t->nnames + 1) * 2 > t->ncap) {
		const struct ka_xml_name **old = t->names;
		size_t oldcap = t->ncap, k;

		t->ncap = t->ncap ? t->ncap * 2 : 64;
		t->names = ka_xcalloc(t->ncap, sizeof(*t->names));
		for (k = 0; k < oldcap; k++) {
			if (!old[k])
				continue;
			i = name_hash(old[k]->ns, old[k]->prefix, old[k]->local) & (t->ncap - 1);
			while (t->names[i])
				i = (i + 1) & (t->ncap - 1);
			t->names[i] = old[k];
		}
		free(old);
	}
	i = name_hash(uri, prefix, local) & (t->ncap - 1);
	for (; t->names[i]; i = (i + 1) & (t->ncap - 1)) {
		const struct ka_xml_name *e = t->names[i];

		if (e->local == local && e->ns == uri && e->prefix == prefix)
			return e;
	}
	made = ka_arena_alloc_small(t->arena, sizeof(*made));
	made->ns = uri;
	made->prefix = prefix;
	made->local = local;
	made->prefix_len = prefix ? (uint32_t)strlen(prefix) : 0;
	made->local_len = local ? (uint32_t)strlen(local) : 0;
	t->names[i] = made;
	t->nnames++;
	return made;
}

/* Doubles the open-addressing table, rehashing the names it holds. */
static void grow(struct ka_xml_ns *t)
{
	struct ka_xml_ns_slot *old = t->slots;
	size_t oldcap = t->cap, i, k;

	t->cap = t->cap ? t->cap * 2 : 256;
	t->slots = ka_xcalloc(t->cap, sizeof(*t->slots));
	for (k = 0; k < oldcap; k++) {
		if (!old[k].s)
			continue;
		i = old[k].hash & (t->cap - 1);
		while (t->slots[i].s)
			i = (i + 1) & (t->cap - 1);
		t->slots[i] = old[k];
	}
	free(old);
}

struct ka_xml_ns_slot *ka_xml_ns_slot(struct ka_xml_ns *t, const char *s, size_t len)
{
	uint64_t h = ka_hash_bytes(s, len);
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	i = h & (t->cap - 1);
	while (t->slots[i].s) {
		const struct ka_xml_ns_slot *e = &t->slots[i];

		if (e->hash == h && e->len == len && !memcmp(e->s, s, len))
			return &t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	t->slots[i].s = ka_arena_strndup(t->arena, s, len);
	t->slots[i].len = len;
	t->slots[i].hash = h;
	t->slots[i].uri = NULL;
	t->n++;
	return &t->slots[i];
}

const char *ka_xml_ns_intern(struct ka_xml_ns *ns, const char *s, size_t len)
{
	return ka_xml_ns_slot(ns, s, len)->s;
}

const char *ka_xml_ns_lookup(struct ka_xml_ns *ns, const char *prefix, size_t plen)
{
	const struct ka_xml_ns_slot *slot;

	if (!prefix)
		return ns->default_uri;
	slot = ka_xml_ns_slot(ns, prefix, plen);
	if (!slot->uri && plen == 3 && !memcmp(prefix, "xml", 3))
		return KA_NS_XML;
	return slot->uri;
}

void ka_xml_ns_push(struct ka_xml_ns *ns, const char *prefix, const char *uri, unsigned depth)
{
	struct ka_xml_ns_bind *b;

	if (ns->nbinds == ns->allocbinds) {
		ns->allocbinds = ns->allocbinds ? ns->allocbinds * 2 : 32;
		ns->binds = ka_xreallocarray(ns->binds, ns->allocbinds, sizeof(*ns->binds));
	}
	b = &ns->binds[ns->nbinds++];
	b->prefix = prefix;
	b->depth = depth;
	if (prefix) {
		struct ka_xml_ns_slot *slot = ka_xml_ns_slot(ns, prefix, strlen(prefix));

		b->old_uri = slot->uri;
		slot->uri = uri;
	} else {
		b->old_uri = ns->default_uri;
		ns->default_uri = uri;
	}
}

void ka_xml_ns_pop(struct ka_xml_ns *ns, unsigned depth)
{
	while (ns->nbinds && ns->binds[ns->nbinds - 1].depth == depth) {
		const struct ka_xml_ns_bind *b = &ns->binds[--ns->nbinds];

		if (b->prefix)
			ka_xml_ns_slot(ns, b->prefix, strlen(b->prefix))->uri = b->old_uri;
		else
			ns->default_uri = b->old_uri;
	}
}

int ka_xml_ns_split_qname(const char *qname, const char **prefix, size_t *plen, const char **local)
{
	const char *colon = strchr(qname, ':');

	if (!colon) {
		*prefix = NULL;
		*plen = 0;
		*local = qname;
		return 0;
	}
	if (colon == qname || !colon[1] || strchr(colon + 1, ':'))
		return -1;
	*prefix = qname;
	*plen = (size_t)(colon - qname);
	*local = colon + 1;
	return 0;
}

static int cmp_attr(const void *a, const void *b)
{
	const struct ka_xml_attr *x = *(const struct ka_xml_attr *const *)a;
	const struct ka_xml_attr *y = *(const struct ka_xml_attr *const *)b;

	if (x->name->local != y->name->local)
		return (uintptr_t)x->name->local < (uintptr_t)y->name->local ? -1 : 1;
	if (x->name->ns != y->name->ns)
		return (uintptr_t)x->name->ns < (uintptr_t)y->name->ns ? -1 : 1;
	return 0;
}

/*
 * Expat refuses repeated attribute names as written; two prefixes bound to
 * one namespace can still repeat an expanded name. Only prefixed attributes
 * can collide that way. Names and URIs are interned, so pointers compare.
 * Returns the local name repeated, or NULL.
 */
const char *ka_xml_ns_duplicate_attr(const struct ka_xml_node *n)
{
	const struct ka_xml_attr **v;
	const char *dup = NULL;
	size_t i, k, np = 0;

	for (i = 0; i < n->nattrs; i++)
		np += n->attrs[i].name->ns != NULL;
	if (np < 2)
		return NULL;
	v = ka_xreallocarray(NULL, np, sizeof(*v));
	for (i = k = 0; i < n->nattrs; i++)
		if (n->attrs[i].name->ns)
			v[k++] = &n->attrs[i];
	qsort(v, np, sizeof(*v), cmp_attr);
	for (i = 1; i < np && !dup; i++)
		if (!cmp_attr(&v[i - 1], &v[i]))
			dup = v[i]->name->local;
	free(v);
	return dup;
}
