/*
 * Estimates proposed from measurements: each matched activity of a map gets
 * kartla:processTime (from the measured service time) and kartla:waitTime
 * (from the measured waiting before it) as three-point estimates min /
 * mostLikely / max = P10 / median / P90, written into the map's XML tree
 * (docs/bpmn-extensions.md). Durations are whole seconds written as hours,
 * minutes and seconds (PTnHnMnS), so that no "day" of any length is implied.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kartla/eventlog_map.h"
#include "kartla/xml.h"
#include "kartla/banned.h"

/* "PT1H2M3S" for seconds rounded to whole seconds ("PT0S" for none). */
static void iso_duration(char out[48], double s)
{
	int64_t t = s > 0 ? (int64_t)llround(s) : 0, h = t / 3600, m = t / 60 % 60, sec = t % 60;
	int n = snprintf(out, 48, "PT");

	if (h)
		n += snprintf(out + n, (size_t)(48 - n), "%" PRId64 "H", h);
	if (m)
		n += snprintf(out + n, (size_t)(48 - n), "%" PRId64 "M", m);
	if (sec || !t)
		snprintf(out + n, (size_t)(48 - n), "%" PRId64 "S", sec);
}

/* The element's bpmn:extensionElements, made (after its documentation) when missing. */
static struct ka_xml_node *ext_elements(struct ka_map *map, struct ka_xml_node *x)
{
	struct ka_xml_node *e = ka_xml_child(x, KA_NS_BPMN, "extensionElements"), *c, *after = NULL;

	if (e)
		return e;
	e = ka_xml_new_element(&map->doc, KA_NS_BPMN, x->name->prefix, "extensionElements");
	for (c = x->first; c; c = c->next)
		if (c->type == KA_XML_ELEMENT && c->name->ns && !strcmp(c->name->ns, KA_NS_BPMN) &&
		    !strcmp(c->name->local, "documentation"))
			after = c;
	if (!after) {
		ka_xml_insert_first(x, e);
		return e;
	}
	e->parent = x;
	e->prev = after;
	e->next = after->next;
	if (after->next)
		after->next->prev = e;
	else
		x->last = e;
	after->next = e;
	return e;
}

/* Replaces kartla:<local> of the element by min/mostLikely/max of the measurements. */
static void set_estimate(struct ka_map *map, struct ka_xml_node *x, const char *prefix,
                         const char *local, const struct ka_eventlog_summary *m)
{
	struct ka_xml_node *ext = ext_elements(map, x), *old, *e;
	char v[48];

	while ((old = ka_xml_child(ext, KA_NS_KARTLA, local)))
		ka_xml_unlink(old);
	e = ka_xml_new_element(&map->doc, KA_NS_KARTLA, prefix, local);
	iso_duration(v, m->p10);
	ka_xml_set_attr(&map->doc, e, NULL, NULL, "min", v);
	iso_duration(v, m->median);
	ka_xml_set_attr(&map->doc, e, NULL, NULL, "mostLikely", v);
	iso_duration(v, m->p90);
	ka_xml_set_attr(&map->doc, e, NULL, NULL, "max", v);
	ka_xml_append(ext, e);
}

/* How many measurements activity a has. */
static size_t measured(const struct ka_eventlog_stats *s, uint32_t a)
{
	return s->acts[a].service.n + s->acts[a].wait.n;
}

/*
 * Whether activity a speaks for its element: several log activities may be
 * mapped to one element, and percentiles of different activities do not
 * add up, so the one with the most measurements (the first of equals) does.
 */
static bool speaks_for(const struct ka_eventlog_stats *s, const struct ka_eventlog_mapping *m,
                       uint32_t a)
{
	uint32_t b;

	for (b = 0; b < m->nacts; b++)
		if (b != a && m->act_el[b] == m->act_el[a] &&
		    (measured(s, b) > measured(s, a) ||
		     (measured(s, b) == measured(s, a) && b < a)))
			return false;
	return true;
}

size_t ka_eventlog_propose(struct ka_map *map, const struct ka_eventlog_stats *s,
                           const struct ka_eventlog_mapping *m)
{
	const char *prefix = NULL;
	size_t n = 0;
	uint32_t a;

	for (a = 0; a < m->nacts; a++) {
		const struct ka_eventlog_activity_stats *x = &s->acts[a];
		struct ka_el *el = m->act_el[a];

		if (!el || !el->xml || (!x->service.n && !x->wait.n) || !speaks_for(s, m, a))
			continue;
		if (!prefix)
			prefix = ka_xml_root_prefix(&map->doc, KA_NS_KARTLA, "kartla");
		if (x->service.n)
			set_estimate(map, el->xml, prefix, "processTime", &x->service);
		if (x->wait.n)
			set_estimate(map, el->xml, prefix, "waitTime", &x->wait);
		n++;
	}
	return n;
}
