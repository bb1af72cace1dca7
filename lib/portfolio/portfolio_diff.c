/*
 * Comparing two versions of a process: elements added, removed, renamed
 * or moved to another lane, process and wait times changed (Kartla
 * extensions), and specification fields changed. Pure functions over two
 * maps and two JSON objects; elements are matched by id (ids are kept
 * exactly across versions by the reader, writer and editor).
 */
#include <math.h>
#include <string.h>

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

static json_t *row_json(const struct ka_map_row *r)
{
	return json_pack("{s:s, s:s, s:o, s:o}", "id", r->element_id, "type", r->type, "name",
	                 str_or_null(r->name), "lane", str_or_null(r->lane));
}

static json_t *secs(bool set, double v)
{
	return set ? json_real(v) : json_null();
}

static void time_change(json_t *times, const struct ka_map_row *a, const struct ka_map_row *b,
                        const char *field, bool aset, double av, bool bset, double bv)
{
	if (aset == bset && (!aset || fabs(av - bv) < 1e-9))
		return;
	json_array_append_new(times,
	                      json_pack("{s:s, s:o, s:s, s:o, s:o}", "id", b->element_id, "name",
	                                str_or_null(b->name ? b->name : a->name), "field", field,
	                                "from", secs(aset, av), "to", secs(bset, bv)));
}

/* The element's translation into `lang` (MIWG i18n), NULL when it has none. */
static const char *translation(const struct ka_map *m, const char *id, const char *lang)
{
	const struct ka_el *el = m ? ka_map_find(m, id) : NULL;
	const struct ka_xml_node *t = NULL;
	const char *l, *text;

	while (el && (t = ka_el_next_translation(el, t, &l, &text)))
		if (l && !strcmp(l, lang))
			return text;
	return NULL;
}

/*
 * A name changed in one of the UI languages' translations (the editor writes a
 * name typed in another language than the map's as a translation): an entry of
 * "renamed" with "lang".
 */
static void renamed_translations(json_t *renamed, const struct ka_map *from,
                                 const struct ka_map *to, const char *id)
{
	static const char *const langs[] = {"nb", "sv", "en"};
	size_t i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		const char *x = translation(from, id, langs[i]), *y = translation(to, id, langs[i]);

		if (!same_str(x, y))
			json_array_append_new(
			    renamed, json_pack("{s:s, s:s, s:o, s:o}", "id", id, "lang", langs[i],
			                       "from", str_or_null(x), "to", str_or_null(y)));
	}
}

json_t *ka_map_diff(const struct ka_map *from, const struct ka_map *to)
{
	struct ka_map_rows a = {NULL, 0}, b = {NULL, 0};
	json_t *added = json_array(), *removed = json_array(), *renamed = json_array();
	json_t *moved = json_array(), *times = json_array();
	size_t i;

	if (from)
		ka_map_rows_build(from, &a);
	if (to)
		ka_map_rows_build(to, &b);
	for (i = 0; i < a.n; i++)
		if (!find_row(&b, a.v[i].element_id))
			json_array_append_new(removed, row_json(&a.v[i]));
	for (i = 0; i < b.n; i++) {
		const struct ka_map_row *y = &b.v[i], *x = find_row(&a, y->element_id);

		if (!x) {
			json_array_append_new(added, row_json(y));
			continue;
		}
		if (!same_str(x->name, y->name))
			json_array_append_new(
			    renamed, json_pack("{s:s, s:o, s:o}", "id", y->element_id, "from",
			                       str_or_null(x->name), "to", str_or_null(y->name)));
		renamed_translations(renamed, from, to, y->element_id);
		if (!same_str(x->lane_id, y->lane_id) || !same_str(x->lane, y->lane))
			json_array_append_new(moved,
			                      json_pack("{s:s, s:o, s:o, s:o}", "id", y->element_id,
			                                "name", str_or_null(y->name), "from_lane",
			                                str_or_null(x->lane), "to_lane",
			                                str_or_null(y->lane)));
		time_change(times, x, y, "process_time", x->has_process_time, x->process_time,
		            y->has_process_time, y->process_time);
		time_change(times, x, y, "wait_time", x->has_wait_time, x->wait_time,
		            y->has_wait_time, y->wait_time);
	}
	ka_map_rows_release(&a);
	ka_map_rows_release(&b);
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "added", added, "removed", removed, "renamed",
	                 renamed, "moved", moved, "times", times);
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
