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
 * Open addressing; each slot keeps the full hash and the id pointer next to
 * the element, so a probe touches one slot and, on a hash match, the string.
 */
struct idslot {
	uint64_t hash;
	const char *id;
	struct ka_el *el; /* NULL: empty */
};

struct ka_idmap {
	struct idslot *slots;
	size_t cap; /* power of two */
	size_t n;
};

static uint64_t hash_str(const char *s)
{
	return ka_hash_bytes(s, strlen(s));
}

struct ka_idmap *ka_idmap_new(size_t hint)
{
	struct ka_idmap *m = ka_xcalloc(1, sizeof(*m));

	m->cap = 64;
	while (m->cap < hint * 2)
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

/* The slot holding `id` (hash h), or the empty slot where it would go. */
static struct idslot *probe(const struct ka_idmap *m, const char *id, uint64_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].el && (m->slots[i].hash != h || strcmp(m->slots[i].id, id)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
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
	uint64_t h;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	h = hash_str(el->id);
	s = probe(m, el->id, h);
	if (s->el)
		return s->el;
	s->hash = h;
	s->id = el->id;
	s->el = el;
	m->n++;
	return NULL;
}

void ka_idmap_replace(struct ka_idmap *m, struct ka_el *el)
{
	struct idslot *s = probe(m, el->id, hash_str(el->id));

	if (s->el) {
		s->el = el;
		s->id = el->id;
	} else {
		ka_idmap_put(m, el);
	}
}

struct ka_el *ka_idmap_get(const struct ka_idmap *m, const char *id)
{
	if (!m || !id)
		return NULL;
	return probe(m, id, hash_str(id))->el;
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
		if (c->type != KA_XML_ELEMENT || !c->ns || strcmp(c->ns, KA_NS_I18N) ||
		    strcmp(c->local, "translation"))
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
