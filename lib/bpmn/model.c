/* The map container: id index, element vectors, labels, and release. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/model.h"
#include "kartla/hash.h"
#include "model_int.h"
#include "kartla/banned.h"

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
