/* Model -> JSON. Every element with its type, links, attributes, DI and Kartla data. */
#include <string.h>

#include "kartla/map_json.h"
#include "kartla/banned.h"

static const char *const evdef_names[] = {"message", "timer",       "error", "escalation",
                                          "signal",  "conditional", "link",  "compensate",
                                          "cancel",  "terminate"};

static const char *const gateway_names[] = {NULL,       "exclusive", "inclusive",
                                            "parallel", "complex",   "eventBased"};

static void set_ref(json_t *o, const char *key, const struct ka_el *el)
{
	if (el && el->id)
		json_object_set_new(o, key, json_string(el->id));
}

static json_t *id_list(const struct ka_elvec *v)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->v[i]->id)
			json_array_append_new(a, json_string(v->v[i]->id));
	return a;
}

static json_t *bounds_json(const struct ka_bounds *b)
{
	return json_pack("{s:f,s:f,s:f,s:f}", "x", b->x, "y", b->y, "width", b->w, "height", b->h);
}

static json_t *estimate_json(const struct ka_estimate *e)
{
	if (e->three_point)
		return json_pack("{s:f,s:f,s:f}", "min", e->min, "mostLikely", e->value, "max",
		                 e->max);
	return json_pack("{s:f}", "value", e->value);
}

static json_t *ext_json(const struct ka_ext *x)
{
	json_t *o = json_object();
	size_t i;

	if (x->process_time.set)
		json_object_set_new(o, "processTime", estimate_json(&x->process_time));
	if (x->wait_time.set)
		json_object_set_new(o, "waitTime", estimate_json(&x->wait_time));
	if (x->has_cna)
		json_object_set_new(o, "completeAccuratePercent", json_real(x->cna_percent));
	if (x->has_value_adding)
		json_object_set_new(o, "valueAdding", json_boolean(x->value_adding));
	if (x->has_probability)
		json_object_set_new(o, "probability", json_real(x->probability));
	if (x->map_level)
		json_object_set_new(o, "mapLevel", json_string(x->map_level));
	if (x->nraci) {
		json_t *a = json_array();

		for (i = 0; i < x->nraci; i++) {
			char v[2] = {x->raci[i].value, 0};
			json_t *r = json_pack("{s:s,s:s}", "role", x->raci[i].role, "value", v);

			if (x->raci[i].lane)
				json_object_set_new(r, "lane", json_string(x->raci[i].lane));
			json_array_append_new(a, r);
		}
		json_object_set_new(o, "raci", a);
	}
	return o;
}

static json_t *attrs_json(const struct ka_xml_node *n)
{
	json_t *o = json_object();
	struct ka_buf key;
	size_t i;

	ka_buf_init(&key, KA_BUF_UNLIMITED);
	for (i = 0; i < n->nattrs; i++) {
		const struct ka_xml_attr *a = &n->attrs[i];

		if (a->name->ns) {
			ka_buf_reset(&key);
			ka_buf_addf(&key, "{%s}%s", a->name->ns, a->name->local);
			json_object_set_new(o, key.data, json_string(a->value));
		} else {
			json_object_set_new(o, a->name->local, json_string(a->value));
		}
	}
	ka_buf_release(&key);
	return o;
}

static json_t *labels_json(const struct ka_el *el)
{
	const struct ka_xml_node *t = NULL;
	const char *lang, *text;
	json_t *o = NULL;

	while ((t = ka_el_next_translation(el, t, &lang, &text))) {
		if (!o)
			o = json_object();
		json_object_set_new(o, lang, json_string(text));
	}
	return o;
}

static json_t *el_json(const struct ka_el *el)
{
	json_t *o = json_object();
	json_t *labels;
	size_t i;

	json_object_set_new(o, "id", el->id ? json_string(el->id) : json_null());
	json_object_set_new(o, "type", json_string(el->xml->name->local));
	json_object_set_new(o, "kind", json_string(ka_kind_name(el->kind)));
	if (el->name)
		json_object_set_new(o, "name", json_string(el->name));
	if (el->parent)
		json_object_set_new(o, "parent", json_integer((json_int_t)el->parent->index));
	set_ref(o, "container", el->container);
	set_ref(o, "process", el->process);
	set_ref(o, "participant", el->participant);
	set_ref(o, "lane", el->lane);
	if (el->nlanes > 1)
		json_object_set_new(o, "laneCount", json_integer(el->nlanes));
	set_ref(o, "source", el->source);
	set_ref(o, "target", el->target);
	set_ref(o, "attachedTo", el->attached_to);
	set_ref(o, "default", el->default_flow);
	set_ref(o, "ref", el->ref);
	if (el->incoming.n)
		json_object_set_new(o, "incoming", id_list(&el->incoming));
	if (el->outgoing.n)
		json_object_set_new(o, "outgoing", id_list(&el->outgoing));
	if (el->gateway)
		json_object_set_new(o, "gateway", json_string(gateway_names[el->gateway]));
	if (el->type->flags & KA_TF_EVENT) {
		json_t *a = json_array();

		for (i = 0; i < sizeof(evdef_names) / sizeof(evdef_names[0]); i++)
			if (el->evdefs & (1u << i))
				json_array_append_new(a, json_string(evdef_names[i]));
		json_object_set_new(o, "eventDefinitions", a);
		if (el->nevdefs > 1)
			json_object_set_new(o, "multiple", json_true());
		if (el->kind == KA_K_BOUNDARY_EVENT)
			json_object_set_new(o, "cancelActivity", json_boolean(el->cancel_activity));
		if (el->kind == KA_K_START_EVENT)
			json_object_set_new(o, "isInterrupting", json_boolean(el->is_interrupting));
	}
	if (el->has_condition)
		json_object_set_new(o, "conditional", json_true());
	if (el->triggered_by_event)
		json_object_set_new(o, "triggeredByEvent", json_true());
	if (el->has_bounds)
		json_object_set_new(o, "bounds", bounds_json(&el->bounds));
	if (el->has_label_bounds)
		json_object_set_new(o, "labelBounds", bounds_json(&el->label_bounds));
	if (el->has_is_horizontal)
		json_object_set_new(o, "isHorizontal", json_boolean(el->is_horizontal));
	if (el->has_is_expanded)
		json_object_set_new(o, "isExpanded", json_boolean(el->is_expanded));
	if (el->nwaypoints) {
		json_t *a = json_array();

		for (i = 0; i < el->nwaypoints; i++)
			json_array_append_new(
			    a, json_pack("[f,f]", el->waypoints[i].x, el->waypoints[i].y));
		json_object_set_new(o, "waypoints", a);
	}
	set_ref(o, "di", el->di);
	labels = labels_json(el);
	if (labels)
		json_object_set_new(o, "labels", labels);
	if (el->ext)
		json_object_set_new(o, "kartla", ext_json(el->ext));
	json_object_set_new(o, "attributes", attrs_json(el->xml));
	return o;
}

/* Everything but the elements: format, version, namespaces, processes, pools, diagrams. */
static json_t *head_json(const struct ka_map *m)
{
	json_t *root = json_object();
	json_t *ns = json_object();
	const struct ka_xml_node *r = m->doc.root;
	size_t i;

	json_object_set_new(root, "format", json_string("kartla-map"));
	json_object_set_new(root, "version", json_integer(1));
	for (i = 0; i < r->nnsdecls; i++)
		json_object_set_new(ns, r->nsdecls[i].prefix ? r->nsdecls[i].prefix : "",
		                    json_string(r->nsdecls[i].uri));
	json_object_set_new(root, "namespaces", ns);
	json_object_set_new(root, "processes", id_list(&m->processes));
	json_object_set_new(root, "participants", id_list(&m->participants));
	json_object_set_new(root, "diagrams", id_list(&m->diagrams));
	return root;
}

json_t *ka_map_to_json(const struct ka_map *m)
{
	json_t *root = head_json(m);
	json_t *els = json_array();
	size_t i;

	for (i = 0; i < m->els.n; i++)
		json_array_append_new(els, el_json(m->els.v[i]));
	json_object_set_new(root, "elements", els);
	return root;
}

#define DUMP_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return ka_buf_add(data, buffer, size) ? -1 : 0;
}

/* Appends `text` with every line after the first indented by `pad` spaces. */
static void add_indented(struct ka_buf *out, const char *text, size_t len, const char *pad)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		ka_buf_add(out, text + run, i + 1 - run);
		ka_buf_adds(out, pad);
		run = i + 1;
	}
	ka_buf_add(out, text + run, len - run);
}

/*
 * Streams the document one element at a time, so memory stays that of one
 * element's JSON, not the whole tree's; the bytes are those of dumping
 * ka_map_to_json() with one space of indentation. Appends to `out` are not
 * checked one by one: its error is sticky and returned at the end.
 */
int ka_map_json_write(const struct ka_map *m, struct ka_buf *out)
{
	struct ka_buf piece;
	json_t *j = head_json(m);
	size_t i;
	int err = 0;

	ka_buf_init(&piece, KA_BUF_UNLIMITED);
	if (json_dump_callback(j, dump_cb, &piece, DUMP_FLAGS) || piece.len < 2)
		err = KA_ERR_TOO_BIG;
	json_decref(j);
	if (!err) {
		/* "{ ... \n}" without its closing line, then the elements array. */
		ka_buf_add(out, piece.data, piece.len - 2);
		ka_buf_adds(out, m->els.n ? ",\n \"elements\": [\n  " : ",\n \"elements\": []");
	}
	for (i = 0; i < m->els.n && !err && !ka_buf_error(out); i++) {
		j = el_json(m->els.v[i]);
		ka_buf_reset(&piece);
		if (json_dump_callback(j, dump_cb, &piece, DUMP_FLAGS))
			err = KA_ERR_TOO_BIG;
		json_decref(j);
		if (!err && i)
			ka_buf_adds(out, ",\n  ");
		if (!err)
			add_indented(out, piece.data, piece.len, "  ");
	}
	if (!err)
		ka_buf_adds(out, m->els.n ? "\n ]\n}\n" : "\n}\n");
	ka_buf_release(&piece);
	return err ? err : ka_buf_error(out);
}
