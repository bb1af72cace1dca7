/*
 * Comparing two versions of a process: elements added, removed, renamed
 * (the name or any translation) or moved to another lane, process and wait
 * times, RACI, %C&A and value adding changed (Kartla extensions) with old
 * and new values, and specification fields changed. Pure functions over two
 * maps and two JSON objects; elements are matched by id (ids are kept
 * exactly across versions by the reader, writer and editor).
 */
#include <math.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static bool same_str(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

static const struct ka_map_row *find_row(const struct ka_map_rows *rows, const char *id)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (!strcmp(rows->v[i].element_id, id))
			return &rows->v[i];
	return NULL;
}

/* The element's label per language (its MIWG i18n translations), {} when it has none. */
static json_t *names_json(const struct ka_map *m, const char *id)
{
	const struct ka_el *el = m ? ka_map_find(m, id) : NULL;
	const struct ka_xml_node *t = NULL;
	const char *lang, *text;
	json_t *o = json_object();

	while (el && (t = ka_el_next_translation(el, t, &lang, &text)))
		if (lang && *lang && text)
			json_object_set_new(o, lang, json_string(text));
	return o;
}

static json_t *row_json(const struct ka_map *m, const struct ka_map_row *r)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", r->element_id, "type", r->type, "name",
	                 str_or_null(r->name), "names", names_json(m, r->element_id), "lane",
	                 str_or_null(r->lane));
}

static json_t *secs(bool set, double v)
{
	return set ? json_real(v) : json_null();
}

/* One changed property of element `y` (present in both maps): {id, name, names, field, from, to}.
 */
static void change(json_t *list, const struct ka_map *to, const struct ka_map_row *x,
                   const struct ka_map_row *y, const char *field, json_t *from, json_t *tov)
{
	json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "id", y->element_id,
	                                      "name", str_or_null(y->name ? y->name : x->name),
	                                      "names", names_json(to, y->element_id), "field",
	                                      field, "from", from, "to", tov));
}

static void time_change(json_t *times, const struct ka_map *to, const struct ka_map_row *a,
                        const struct ka_map_row *b, const char *field, bool aset, double av,
                        bool bset, double bv)
{
	if (aset == bset && (!aset || fabs(av - bv) < 1e-9))
		return;
	change(times, to, a, b, field, secs(aset, av), secs(bset, bv));
}

/* RACI of an element as [{role, value}] in document order. */
static json_t *raci_json(const struct ka_el *el)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; el && el->ext && i < el->ext->nraci; i++)
		json_array_append_new(a, json_pack("{s:o, s:s#}", "role",
		                                   str_or_null(el->ext->raci[i].role), "value",
		                                   &el->ext->raci[i].value, 1));
	return a;
}

/* RACI, %C&A and value adding of an element present in both maps. */
static void ext_changes(json_t *raci, json_t *props, const struct ka_map *from,
                        const struct ka_map *to, const struct ka_map_row *x,
                        const struct ka_map_row *y)
{
	const struct ka_el *a = ka_map_find(from, x->element_id),
	                   *b = ka_map_find(to, y->element_id);
	const struct ka_ext *ea = a ? a->ext : NULL, *eb = b ? b->ext : NULL;
	json_t *ra = raci_json(a), *rb = raci_json(b);

	if (!json_equal(ra, rb)) {
		change(raci, to, x, y, "raci", ra, rb);
	} else {
		json_decref(ra);
		json_decref(rb);
	}
	if ((ea && ea->has_cna) != (eb && eb->has_cna) ||
	    (ea && eb && ea->has_cna && fabs(ea->cna_percent - eb->cna_percent) > 1e-9))
		change(props, to, x, y, "cna_percent",
		       ea && ea->has_cna ? json_real(ea->cna_percent) : json_null(),
		       eb && eb->has_cna ? json_real(eb->cna_percent) : json_null());
	if ((ea && ea->has_value_adding) != (eb && eb->has_value_adding) ||
	    (ea && eb && ea->has_value_adding && ea->value_adding != eb->value_adding))
		change(props, to, x, y, "value_adding",
		       ea && ea->has_value_adding ? json_boolean(ea->value_adding) : json_null(),
		       eb && eb->has_value_adding ? json_boolean(eb->value_adding) : json_null());
}

/* Lists of the diff, filled element by element. */
struct diff_out {
	json_t *added, *removed, *renamed, *moved, *times, *raci, *props;
};

static void compare_row(struct diff_out *d, const struct ka_map *from, const struct ka_map *to,
                        const struct ka_map_row *x, const struct ka_map_row *y)
{
	json_t *na = names_json(from, x->element_id), *nb = names_json(to, y->element_id);

	if (!same_str(x->name, y->name) || !json_equal(na, nb))
		json_array_append_new(
		    d->renamed, json_pack("{s:s, s:o, s:o, s:o, s:o}", "id", y->element_id, "from",
		                          str_or_null(x->name), "to", str_or_null(y->name),
		                          "from_names", na, "to_names", nb));
	else {
		json_decref(na);
		json_decref(nb);
	}
	if (!same_str(x->lane_id, y->lane_id) || !same_str(x->lane, y->lane))
		json_array_append_new(
		    d->moved,
		    json_pack(
		        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", y->element_id, "name",
		        str_or_null(y->name), "names", names_json(to, y->element_id), "from_lane",
		        str_or_null(x->lane), "to_lane", str_or_null(y->lane), "from_lane_names",
		        x->lane_id ? names_json(from, x->lane_id) : json_object(), "to_lane_names",
		        y->lane_id ? names_json(to, y->lane_id) : json_object()));
	time_change(d->times, to, x, y, "process_time", x->has_process_time, x->process_time,
	            y->has_process_time, y->process_time);
	time_change(d->times, to, x, y, "wait_time", x->has_wait_time, x->wait_time,
	            y->has_wait_time, y->wait_time);
	ext_changes(d->raci, d->props, from, to, x, y);
}

json_t *ka_map_diff(const struct ka_map *from, const struct ka_map *to)
{
	struct ka_map_rows a = {NULL, 0}, b = {NULL, 0};
	struct diff_out d = {json_array(), json_array(), json_array(), json_array(),
	                     json_array(), json_array(), json_array()};
	size_t i;

	if (from)
		ka_map_rows_build(from, &a);
	if (to)
		ka_map_rows_build(to, &b);
	for (i = 0; i < a.n; i++)
		if (!find_row(&b, a.v[i].element_id))
			json_array_append_new(d.removed, row_json(from, &a.v[i]));
	for (i = 0; i < b.n; i++) {
		const struct ka_map_row *y = &b.v[i], *x = find_row(&a, y->element_id);

		if (x)
			compare_row(&d, from, to, x, y);
		else
			json_array_append_new(d.added, row_json(to, y));
	}
	ka_map_rows_release(&a);
	ka_map_rows_release(&b);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "added", d.added, "removed",
	                 d.removed, "renamed", d.renamed, "moved", d.moved, "times", d.times,
	                 "raci", d.raci, "properties", d.props);
}

static void diff_field(json_t *out, const char *field, const json_t *a, const json_t *b)
{
	json_t *x = a ? json_object_get(a, field) : NULL, *y = b ? json_object_get(b, field) : NULL;

	if (x && json_is_null(x))
		x = NULL;
	if (y && json_is_null(y))
		y = NULL;
	if (!x && !y)
		return;
	if (x && y && json_equal(x, y))
		return;
	json_array_append_new(out, json_pack("{s:s, s:O, s:O}", "field", field, "from",
	                                     x ? x : json_null(), "to", y ? y : json_null()));
}

json_t *ka_spec_diff(const json_t *from, const json_t *to)
{
	const char *const *names = ka_spec_fields();
	json_t *out = json_array();
	const char *key;
	json_t *v;
	size_t i;

	for (i = 0; names[i]; i++)
		diff_field(out, names[i], from, to);
	/* Fields outside the known list (older data) still show. */
	if (from)
		json_object_foreach((json_t *)from, key, v)
		{
			for (i = 0; names[i] && strcmp(names[i], key); i++)
				;
			if (!names[i])
				diff_field(out, key, from, to);
		}
	if (to)
		json_object_foreach((json_t *)to, key, v)
		{
			for (i = 0; names[i] && strcmp(names[i], key); i++)
				;
			if (!names[i] && (!from || !json_object_get(from, key)))
				diff_field(out, key, from, to);
		}
	return out;
}
