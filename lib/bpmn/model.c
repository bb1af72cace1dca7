/* The map container: id index, element vectors, labels, and release. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/model.h"
#include "kartla/hash.h"
#include "model_int.h"
#include "kartla/banned.h"

/*
 * Open addressing in 32-byte slots (two to a cache line). Each keeps the low
 * half of the id's hash, its length, the element, and the id's first 16 bytes,
 * so a probe reads one slot and, for an id of up to 16 bytes (most are:
 * "Activity_0x2b1c9"), no string elsewhere in memory: on a map of hundreds of
 * thousands of elements that string is a cache miss per look-up. The rest of
 * a longer id is compared through its element (el->id).
 */
#define ID_INLINE 16

struct idslot {
	uint32_t hash;       /* the low half: the slot index comes from it too */
	uint32_t len;        /* the id's length, UINT32_MAX when longer */
	struct ka_el *el;    /* NULL: empty */
	char key[ID_INLINE]; /* the id's first bytes, zero-padded */
};

struct ka_idmap {
	struct idslot *slots;
	size_t cap; /* power of two, at most 2^32 */
	size_t n;
};

struct ka_idmap *ka_idmap_new(size_t hint)
{
	struct ka_idmap *m = ka_xcalloc(1, sizeof(*m));

	m->cap = 64;
	while (m->cap < hint * 2 && m->cap < ((size_t)1 << 31))
		m->cap *= 2;
	m->slots = ka_xcalloc_big(m->cap, sizeof(*m->slots));
	return m;
}

void ka_idmap_free(struct ka_idmap *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

/* Whether slot s (in use) holds `id` of `len` bytes with hash h. */
static int slot_is(const struct idslot *s, const char *id, size_t len, uint64_t h)
{
	if (s->hash != (uint32_t)h || s->len != (len < UINT32_MAX ? (uint32_t)len : UINT32_MAX))
		return 0;
	if (len <= ID_INLINE)
		return !memcmp(s->key, id, len);
	return !memcmp(s->key, id, ID_INLINE) && !strcmp(s->el->id + ID_INLINE, id + ID_INLINE);
}

/* The slot holding `id` (len bytes, hash h), or the empty slot where it would go. */
static struct idslot *probe(const struct ka_idmap *m, const char *id, size_t len, uint64_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].el && !slot_is(&m->slots[i], id, len, h))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void set_key(struct idslot *s, const char *id, size_t len, uint64_t h)
{
	s->hash = (uint32_t)h;
	s->len = len < UINT32_MAX ? (uint32_t)len : UINT32_MAX;
	memcpy(s->key, id, len < ID_INLINE ? len : ID_INLINE);
}

static void grow(struct ka_idmap *m)
{
	struct idslot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = ka_xcalloc_big(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].el) {
			size_t k = old[i].hash & (m->cap - 1);

			while (m->slots[k].el)
				k = (k + 1) & (m->cap - 1);
			m->slots[k] = old[i];
		}
	}
	free(old);
}

struct ka_el *ka_idmap_put(struct ka_idmap *m, struct ka_el *el)
{
	struct idslot *s;
	size_t len = strlen(el->id);
	uint64_t h;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	h = ka_hash_bytes(el->id, len);
	s = probe(m, el->id, len, h);
	if (s->el)
		return s->el;
	set_key(s, el->id, len, h);
	s->el = el;
	m->n++;
	return NULL;
}

void ka_idmap_replace(struct ka_idmap *m, struct ka_el *el)
{
	size_t len = strlen(el->id);
	struct idslot *s = probe(m, el->id, len, ka_hash_bytes(el->id, len));

	if (s->el)
		s->el = el; /* same id, so the key stays */
	else
		ka_idmap_put(m, el);
}

struct ka_el *ka_idmap_get(const struct ka_idmap *m, const char *id)
{
	size_t len;

	if (!m || !id)
		return NULL;
	len = strlen(id);
	return probe(m, id, len, ka_hash_bytes(id, len))->el;
}

struct ka_el *ka_map_find(const struct ka_map *m, const char *id)
{
	return ka_idmap_get(m->ids, id);
}

void ka_elvec_push(struct ka_elvec *v, struct ka_el *el)
{
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 2;
		v->v = ka_xreallocarray(v->v, v->alloc, sizeof(*v->v));
	}
	v->v[v->n++] = el;
}

void ka_elvec_release(struct ka_elvec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

void ka_map_free(struct ka_map *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->els.n; i++) {
		struct ka_el *el = m->els.v[i];

		ka_elvec_release(&el->incoming);
		ka_elvec_release(&el->outgoing);
	}
	ka_elvec_release(&m->els);
	ka_elvec_release(&m->processes);
	ka_elvec_release(&m->participants);
	ka_elvec_release(&m->diagrams);
	free(m->repairs);
	ka_idmap_free(m->ids);
	ka_xml_doc_release(&m->doc);
	free(m);
}

const struct ka_xml_node *ka_el_next_translation(const struct ka_el *el,
                                                 const struct ka_xml_node *prev, const char **lang,
                                                 const char **text)
{
	const struct ka_xml_node *c;

	if (prev) {
		c = prev->next;
	} else {
		const struct ka_xml_node *ext;

		if (!el->xml || !(ext = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements")))
			return NULL;
		c = ext->first;
	}
	for (; c; c = c->next) {
		if (c->type != KA_XML_ELEMENT || !c->name->ns || strcmp(c->name->ns, KA_NS_I18N) ||
		    strcmp(c->name->local, "translation"))
			continue;
		*lang = ka_xml_attr(c, KA_NS_XML, "lang");
		if (!*lang)
			continue;
		*text = c->text && !c->first ? c->text : "";
		return c;
	}
	return NULL;
}

const char *ka_el_label(const struct ka_el *el, const char *lang)
{
	const struct ka_xml_node *t = NULL;
	const char *l, *text;

	while (lang && (t = ka_el_next_translation(el, t, &l, &text)))
		if (!strcmp(l, lang))
			return text;
	return el->name ? el->name : "";
}
