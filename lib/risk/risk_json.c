/*
 * Risks as values: the list that owns them, filtering by colour and orphan,
 * sorting, and every JSON shape the register is answered in (a risk with
 * its scores, actions and history; overdue actions; markers per map
 * element; the matrix counts of a list; the workspace's scales).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/risk.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

/* ---- the list ---- */

void ka_risk_list_init(struct ka_risk_list *l)
{
	memset(l, 0, sizeof(*l));
	ka_arena_init(&l->arena);
}

void ka_risk_list_release(struct ka_risk_list *l)
{
	ka_arena_release(&l->arena);
	memset(l, 0, sizeof(*l));
}

const char *ka_risk_list_str(struct ka_risk_list *l, const char *s)
{
	return s ? ka_arena_strdup(&l->arena, s) : NULL;
}

/* ---- the workspace's scales ---- */

void ka_risk_scales_release(struct ka_risk_scales *s)
{
	free(s->ids);
	free(s->scales);
	memset(s, 0, sizeof(*s));
}

const struct ka_risk_scale *ka_risk_scales_get(const struct ka_risk_scales *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return &s->scales[i];
	return NULL;
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *ka_risk_scale_entry_to_json(int64_t id, const struct ka_risk_scale *s)
{
	return json_pack("{s:o, s:o}", "id", id_or_null(id), "scale", ka_risk_scale_to_json(s));
}

json_t *ka_risk_scales_to_json(const struct ka_risk_scales *s)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(items, ka_risk_scale_entry_to_json(s->ids[i], &s->scales[i]));
	return json_pack("{s:o, s:o}", "items", items, "current_id", id_or_null(s->current_id));
}

json_t *ka_risk_presets_to_json(void)
{
	const char *const *keys;
	json_t *items = json_array();
	size_t n, i;

	keys = ka_risk_preset_keys(&n);
	for (i = 0; i < n; i++) {
		struct ka_risk_scale s;

		ka_risk_preset(keys[i], &s);
		json_array_append_new(items, json_pack("{s:s, s:o}", "key", keys[i], "scale",
		                                       ka_risk_scale_to_json(&s)));
	}
	return json_pack("{s:o}", "items", items);
}

/* ---- filtering and sorting ---- */

void ka_risk_filter_init(struct ka_risk_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->colour = -1;
	f->orphan = -1;
	f->sort = "id";
}

static const char *const sort_keys[] = {"id",          "title",   "value",   "residual",
                                        "review_date", "process", "category"};

bool ka_risk_sort_ok(const char *sort)
{
	size_t i;

	if (!sort)
		return false;
	if (*sort == '-')
		sort++;
	for (i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++)
		if (!strcmp(sort, sort_keys[i]))
			return true;
	return false;
}

bool ka_risk_filter_match(const struct ka_risk_filter *f, const struct ka_risk *r)
{
	if (f->orphan >= 0 && (int)r->orphan != f->orphan)
		return false;
	if (f->colour >= 0 && (!r->inherent.set || r->inherent.colour != f->colour))
		return false;
	return true;
}

/* The sort key and direction travel with each element: qsort has no context. */
struct sorted {
	const struct ka_risk *risk;
	const char *key;
	int desc;
};

static const char *sort_text(const struct ka_risk *r, const char *k)
{
	if (!strcmp(k, "title"))
		return r->title;
	if (!strcmp(k, "review_date"))
		return r->review_date;
	if (!strcmp(k, "process"))
		return r->process;
	if (!strcmp(k, "category"))
		return r->category;
	return NULL;
}

static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	const char *k = x->key;
	int c = 0;

	if (!strcmp(k, "value") || !strcmp(k, "residual")) {
		bool inh = !strcmp(k, "value");
		const struct ka_risk_score *sx = inh ? &x->risk->inherent : &x->risk->residual;
		const struct ka_risk_score *sy = inh ? &y->risk->inherent : &y->risk->residual;
		int64_t vx = sx->set ? sx->value : -1, vy = sy->set ? sy->value : -1;

		c = vx < vy ? -1 : vx > vy;
	} else if (strcmp(k, "id")) {
		const char *sx = sort_text(x->risk, k), *sy = sort_text(y->risk, k);

		/* absent values last in either direction */
		if (!sx || !sy)
			c = sx ? -1 : sy ? 1 : 0;
		else
			c = strcmp(sx, sy);
		if ((!sx || !sy) && x->desc)
			c = -c;
	}
	if (x->desc)
		c = -c;
	if (!c) {
		int64_t ix = x->risk->id, iy = y->risk->id;

		c = ix < iy ? -1 : ix > iy;
		if (!strcmp(k, "id") && x->desc)
			c = -c;
	}
	return c;
}

void ka_risk_list_sort(struct ka_risk_list *l, const char *sort)
{
	struct sorted *v;
	struct ka_risk *out;
	int desc = sort && *sort == '-';
	size_t i;

	if (l->n < 2)
		return;
	v = ka_xcalloc(l->n, sizeof(*v));
	out = ka_arena_array(&l->arena, l->n, sizeof(*out));
	for (i = 0; i < l->n; i++) {
		v[i].risk = &l->items[i];
		v[i].key = sort ? sort + desc : "id";
		v[i].desc = desc;
	}
	qsort(v, l->n, sizeof(*v), cmp_sorted);
	for (i = 0; i < l->n; i++)
		out[i] = *v[i].risk;
	free(v);
	l->items = out;
}

/* ---- JSON ---- */

static json_t *score_to_json(const struct ka_risk_score *s)
{
	if (!s->set)
		return json_null();
	return json_pack("{s:I, s:I, s:i, s:s?, s:I, s:s?, s:b, s:o}", "likelihood",
	                 (json_int_t)s->likelihood, "consequence", (json_int_t)s->consequence,
	                 "value", s->value, "colour",
	                 s->colour >= 0 ? ka_risk_colour_name(s->colour) : NULL, "scale_id",
	                 (json_int_t)s->scale_id, "scale", s->scale, "current_scale",
	                 s->current_scale, "assessed_at", str_or_null(s->assessed_at));
}

json_t *ka_risk_action_to_json(const struct ka_risk_action *a)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:b, s:I, s:o, s:o}", "id",
	                 (json_int_t)a->id, "risk_id", (json_int_t)a->risk_id, "title", a->title,
	                 "responsible_id", id_or_null(a->responsible_id), "responsible",
	                 str_or_null(a->responsible), "due_date", str_or_null(a->due_date),
	                 "status", a->status, "cost",
	                 a->has_cost ? json_real(a->cost) : json_null(), "overdue", a->overdue,
	                 "version", (json_int_t)a->version, "created_at",
	                 str_or_null(a->created_at), "updated_at", str_or_null(a->updated_at));
}

static json_t *history_to_json(const struct ka_risk *r)
{
	json_t *h = json_array();
	size_t i;

	for (i = 0; i < r->nhistory; i++) {
		const struct ka_risk_assessment *a = &r->history[i];
		int64_t v = a->likelihood * a->consequence;

		json_array_append_new(
		    h, json_pack("{s:s, s:I, s:I, s:I, s:s?, s:I, s:s?, s:s, s:s?}", "kind",
		                 a->kind, "likelihood", (json_int_t)a->likelihood, "consequence",
		                 (json_int_t)a->consequence, "value", (json_int_t)v, "colour",
		                 a->colour >= 0 ? ka_risk_colour_name(a->colour) : NULL, "scale_id",
		                 (json_int_t)a->scale_id, "scale", a->scale, "at", a->at, "by",
		                 a->by));
	}
	return h;
}

/*
 * The element's names by language ({"": default, "nb": ...}, from the map's
 * translations) as a JSON object, or null when none or unreadable.
 */
static json_t *element_names(const struct ka_risk *r)
{
	json_t *j = r->element_names ? json_loads(r->element_names, 0, NULL) : NULL;

	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j ? j : json_null();
}

/*
 * The element's default name: "" of its names when known (the index's name
 * column glues every language together, for search), else that column.
 */
static json_t *element_name(const struct ka_risk *r, json_t *names)
{
	json_t *d = json_object_get(names, "");

	return json_is_string(d) ? json_incref(d) : str_or_null(r->element_name);
}

/* The stored columns, in the order of the answer. */
static void fields_to_json(json_t *o, const struct ka_risk *r)
{
	const struct {
		const char *name;
		bool is_id;
		int64_t id;
		const char *s;
	} f[] = {
	    {"id", 1, r->id, NULL},
	    {"process_id", 1, r->process_id, NULL},
	    {"element_id", 0, 0, r->element_id},
	    {"title", 0, 0, r->title},
	    {"event", 0, 0, r->event},
	    {"cause", 0, 0, r->cause},
	    {"consequence", 0, 0, r->consequence},
	    {"category", 0, 0, r->category},
	    {"controls", 0, 0, r->controls},
	    {"owner_id", 1, r->owner_id, NULL},
	    {"unit_id", 1, r->unit_id, NULL},
	    {"decision", 0, 0, r->decision},
	    {"decision_rationale", 0, 0, r->decision_rationale},
	    {"decided_by", 1, r->decided_by, NULL},
	    {"decided_at", 0, 0, r->decided_at},
	    {"review_date", 0, 0, r->review_date},
	    {"source_workshop", 0, 0, r->source_workshop},
	    {"source_date", 0, 0, r->source_date},
	    {"source_facilitator_id", 1, r->source_facilitator_id, NULL},
	    {"version", 1, r->version, NULL},
	    {"created_at", 0, 0, r->created_at},
	    {"updated_at", 0, 0, r->updated_at},
	    {"process", 0, 0, r->process},
	    {"owner", 0, 0, r->owner},
	    {"effective_unit_id", 1, r->effective_unit_id, NULL},
	    {"effective_unit", 0, 0, r->effective_unit},
	    {"decided_by_name", 0, 0, r->decided_by_name},
	    {"source_facilitator", 0, 0, r->source_facilitator},
	};
	json_t *names = element_names(r);
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		json_object_set_new(o, f[i].name,
		                    f[i].is_id ? id_or_null(f[i].id) : str_or_null(f[i].s));
	json_object_set_new(o, "element_name", element_name(r, names));
	json_object_set_new(o, "element_names", names);
	json_object_set_new(o, "category_names",
	                    r->category_names[2]
	                        ? json_pack("{s:s?, s:s?, s:s?}", "nb", r->category_names[0], "sv",
	                                    r->category_names[1], "en", r->category_names[2])
	                        : json_null());
}

const char *ka_risk_category_name(const struct ka_risk *k, const char *lang)
{
	int i = lang && !strcmp(lang, "nb") ? 0 : lang && !strcmp(lang, "sv") ? 1 : 2;

	if (k->category_names[i] && *k->category_names[i])
		return k->category_names[i];
	return k->category ? k->category : "";
}

json_t *ka_risk_to_json(const struct ka_risk *r)
{
	json_t *o = json_object(), *acts = json_array();
	size_t i;

	fields_to_json(o, r);
	json_object_set_new(o, "orphan", json_boolean(r->orphan));
	json_object_set_new(o, "inherent", score_to_json(&r->inherent));
	json_object_set_new(o, "residual", score_to_json(&r->residual));
	json_object_set_new(o, "acceptance",
	                    r->acceptance >= 0 ? json_string(ka_risk_accept_name(r->acceptance))
	                                       : json_null());
	for (i = 0; i < r->nactions; i++)
		json_array_append_new(acts, ka_risk_action_to_json(&r->actions[i]));
	json_object_set_new(o, "actions", acts);
	if (r->has_history)
		json_object_set_new(o, "history", history_to_json(r));
	return o;
}

json_t *ka_risk_list_to_json(const struct ka_risk_list *l, size_t from, size_t to)
{
	json_t *a = json_array();
	size_t i;

	for (i = from; i < to && i < l->n; i++)
		json_array_append_new(a, ka_risk_to_json(&l->items[i]));
	return a;
}

json_t *ka_risk_overdue_to_json(const struct ka_risk_list *l)
{
	json_t *out = json_array();
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		const struct ka_risk *r = &l->items[i];

		for (k = 0; k < r->nactions; k++) {
			json_t *a;

			if (!r->actions[k].overdue)
				continue;
			a = ka_risk_action_to_json(&r->actions[k]);
			json_object_set_new(a, "risk", str_or_null(r->title));
			json_object_set_new(a, "process_id", json_integer(r->process_id));
			json_object_set_new(a, "process", str_or_null(r->process));
			json_object_set_new(a, "unit", str_or_null(r->effective_unit));
			json_array_append_new(out, a);
		}
	}
	return json_pack("{s:o, s:I}", "items", out, "total", (json_int_t)json_array_size(out));
}

/* One element's markers while they are counted. */
struct marker {
	const struct ka_risk *first; /* the first risk on it (its id and name) */
	int count, colour;
	int64_t max_value;
	json_t *risks;
};

json_t *ka_risk_markers_to_json(const struct ka_risk_list *l, int64_t process_id,
                                int64_t map_version_id)
{
	struct marker *m = ka_xcalloc(l->n ? l->n : 1, sizeof(*m));
	json_t *list = json_array(), *orphans = json_array();
	size_t i, k, nm = 0;
	int process_level = 0;

	for (i = 0; i < l->n; i++) {
		const struct ka_risk *r = &l->items[i];
		int colour = r->inherent.set ? r->inherent.colour : -1;

		if (!r->element_id) {
			process_level++;
			continue;
		}
		if (r->orphan) {
			json_array_append_new(orphans, json_integer(r->id));
			continue;
		}
		for (k = 0; k < nm && strcmp(m[k].first->element_id, r->element_id); k++)
			;
		if (k == nm) {
			m[nm].first = r;
			m[nm].colour = -1;
			m[nm++].risks = json_array();
		}
		m[k].count++;
		json_array_append_new(m[k].risks, json_integer(r->id));
		if (r->inherent.set && r->inherent.value > m[k].max_value)
			m[k].max_value = r->inherent.value;
		if (colour > m[k].colour)
			m[k].colour = colour;
	}
	for (k = 0; k < nm; k++) {
		json_t *names = element_names(m[k].first);

		json_array_append_new(
		    list,
		    json_pack("{s:s, s:o, s:o, s:i, s:I, s:o, s:o}", "element_id",
		              m[k].first->element_id, "element_name",
		              element_name(m[k].first, names), "element_names", names, "count",
		              m[k].count, "max_value", (json_int_t)m[k].max_value, "colour",
		              m[k].colour >= 0 ? json_string(ka_risk_colour_name(m[k].colour))
		                               : json_null(),
		              "risks", m[k].risks));
	}
	free(m);
	return json_pack("{s:I, s:o, s:o, s:o, s:i}", "process_id", (json_int_t)process_id,
	                 "map_version_id", id_or_null(map_version_id), "elements", list, "orphans",
	                 orphans, "process_level", process_level);
}

void ka_risk_matrix_of(struct ka_risk_matrix *m, int size, const struct ka_risk_list *l)
{
	size_t i;

	ka_risk_matrix_init(m, size);
	for (i = 0; i < l->n; i++) {
		const struct ka_risk_score *in = &l->items[i].inherent,
		                           *res = &l->items[i].residual;

		if (!in->set)
			m->unscored++;
		else if (in->current_scale)
			ka_risk_matrix_add(m, false, (int)in->likelihood, (int)in->consequence);
		else
			m->other_inherent++;
		if (res->set) {
			if (res->current_scale)
				ka_risk_matrix_add(m, true, (int)res->likelihood,
				                   (int)res->consequence);
			else
				m->other_residual++;
		}
	}
}
