/*
 * Risks in the portfolio database (schema version 3): the workspace's
 * scales, the map version risks are checked against, and risks with their
 * actions as JSON, filtered and sorted, each score classified on the scale
 * it was made on. Shared by the server (api_risk.c) and `kartla risk`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/risk.h"
#include "kartla/banned.h"

/* ---- scales ---- */

int ka_risk_scales_load(struct ka_store *st, struct ka_risk_scales *out, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id, definition FROM risk_scales ORDER BY id", NULL, 0, &r,
	                    diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	out->n = r.nrows;
	out->ids = calloc(r.nrows ? r.nrows : 1, sizeof(*out->ids));
	out->scales = calloc(r.nrows ? r.nrows : 1, sizeof(*out->scales));
	if (!out->ids || !out->scales)
		abort();
	for (i = 0; i < r.nrows && !err; i++) {
		json_t *j = json_loads(ka_rows_at(&r, i, 1)->s, 0, NULL);
		char field[64], msg[200];

		out->ids[i] = ka_rows_at(&r, i, 0)->i;
		if (!j || ka_risk_scale_from_json(j, &out->scales[i], field, sizeof(field), msg,
		                                  sizeof(msg)))
			err = ka_store_fail(diag, KA_ERR_DB,
			                    "risk scale %lld in the database is invalid",
			                    (long long)out->ids[i]);
		json_decref(j);
	}
	ka_rows_release(&r);
	if (err) {
		ka_risk_scales_release(out);
		return err;
	}
	if (out->n) {
		out->current_id = out->ids[out->n - 1];
		out->current = out->scales[out->n - 1];
	} else {
		ka_risk_preset(KA_RISK_DEFAULT_PRESET, &out->current);
	}
	return 0;
}

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

int ka_risk_scale_insert(struct ka_store *st, const struct ka_risk_scale *s, int64_t user_id,
                         int64_t *id, struct ka_diag *diag)
{
	json_t *j = ka_risk_scale_to_json(s);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	struct ka_rows r;
	int err;

	json_decref(j);
	if (!text)
		abort();
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO risk_scales (key, size, definition, created_by)"
	                    " VALUES (?, ?, ?, ?) RETURNING id",
	                    (struct ka_val[]){ka_text(s->key), ka_int(s->size), ka_text(text),
	                                      user_id ? ka_int(user_id) : ka_null()},
	                    4, &r, diag);
	free(text);
	if (!err)
		*id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_risk_scale_current_id(struct ka_store *st, int64_t *id, struct ka_diag *diag)
{
	struct ka_risk_scale s;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT MAX(id) FROM risk_scales", NULL, 0, &r, diag);
	if (!err && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT) {
		*id = ka_rows_at(&r, 0, 0)->i;
		ka_rows_release(&r);
		return 0;
	}
	ka_rows_release(&r);
	if (err)
		return err;
	ka_risk_preset(KA_RISK_DEFAULT_PRESET, &s);
	return ka_risk_scale_insert(st, &s, 0, id, diag);
}

/* ---- maps ---- */

int ka_risk_map_version(struct ka_store *st, int64_t process_id, int64_t *version_id,
                        struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*version_id = 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id FROM map_versions WHERE process_id = ? AND variant = 'as_is'"
	                    " ORDER BY CASE WHEN state = 'approved' THEN 0 ELSE 1 END, number DESC"
	                    " LIMIT 1",
	                    (struct ka_val[]){ka_int(process_id)}, 1, &r, diag);
	if (!err && r.nrows)
		*version_id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_risk_element_exists(struct ka_store *st, int64_t version_id, const char *element_id,
                           bool *exists, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err =
	    ka_store_exec(st, "SELECT 1 FROM map_elements WHERE version_id = ? AND element_id = ?",
	                  (struct ka_val[]){ka_int(version_id), ka_text(element_id)}, 2, &r, diag);
	*exists = !err && r.nrows > 0;
	ka_rows_release(&r);
	return err;
}

/* ---- risks as JSON ---- */

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

/* The columns of the risk query, in order; names are the JSON keys. */
static const char risk_sql[] =
    "SELECT r.id, r.process_id, r.element_id, r.title, r.event, r.cause, r.consequence,"
    " r.category, r.controls, r.owner_id, r.unit_id, r.decision, r.decision_rationale,"
    " r.decided_by, r.decided_at, r.review_date, r.source_workshop, r.source_date,"
    " r.source_facilitator_id, r.version, r.created_at, r.updated_at,"
    " COALESCE(p.name_nb, p.name_en, p.name_sv) AS process, o.name AS owner,"
    " u.id AS effective_unit_id, u.name AS effective_unit, d.name AS decided_by_name,"
    " f.name AS source_facilitator, me.name AS element_name,"
    /* 29.. */
    " CASE WHEN me.id IS NULL THEN 0 ELSE 1 END, r.scale_id, r.likelihood, r.impact,"
    " r.assessed_at, r.residual_scale_id, r.residual_likelihood, r.residual_impact,"
    " r.residual_assessed_at, p.name_nb, p.name_sv, p.name_en"
    " FROM risks r JOIN processes p ON p.id = r.process_id"
    " LEFT JOIN people o ON o.id = r.owner_id"
    " LEFT JOIN units u ON u.id = COALESCE(r.unit_id, o.unit_id)"
    " LEFT JOIN people d ON d.id = r.decided_by"
    " LEFT JOIN people f ON f.id = r.source_facilitator_id"
    " LEFT JOIN map_elements me ON me.element_id = r.element_id AND me.version_id ="
    " (SELECT mv.id FROM map_versions mv WHERE mv.process_id = r.process_id"
    " AND mv.variant = 'as_is'"
    " ORDER BY CASE WHEN mv.state = 'approved' THEN 0 ELSE 1 END, mv.number DESC LIMIT 1)"
    " WHERE (? = 0 OR r.id = ?) AND (? = 0 OR r.process_id = ?) AND (? = 0 OR r.owner_id = ?)"
    " AND (? = 0 OR u.id = ?) AND (CAST(? AS TEXT) IS NULL OR r.category = ?)"
    " ORDER BY r.id";

#define COL_FOUND 29

static json_t *val_json(const struct ka_val *v)
{
	switch (v->type) {
	case KA_VAL_INT:
		return json_integer(v->i);
	case KA_VAL_REAL:
		return json_real(v->r);
	case KA_VAL_TEXT:
		return json_string(v->s);
	default:
		return json_null();
	}
}

static json_t *score_json(const struct ka_risk_scales *scales, const struct ka_val *v)
{
	const struct ka_risk_scale *s;
	int64_t id = v[0].i, l = v[1].i, c = v[2].i;
	int r;

	if (v[0].type != KA_VAL_INT)
		return json_null();
	s = ka_risk_scales_get(scales, id);
	r = (int)(l * c);
	return json_pack("{s:I, s:I, s:i, s:s?, s:I, s:s?, s:b, s:o}", "likelihood", (json_int_t)l,
	                 "consequence", (json_int_t)c, "value", r, "colour",
	                 s ? ka_risk_colour_name(ka_risk_colour_of(s, r)) : NULL, "scale_id",
	                 (json_int_t)id, "scale", s ? s->key : NULL, "current_scale",
	                 id == scales->current_id, "assessed_at", val_json(&v[3]));
}

static int64_t risk_id_of(const json_t *r)
{
	return json_integer_value(json_object_get(r, "id"));
}

static int attach_actions(struct ka_store *st, json_t *items, const struct ka_risk_filter *f,
                          const char *today, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i, n = json_array_size(items), at = 0;
	int err;

	for (i = 0; i < n; i++)
		json_object_set_new(json_array_get(items, i), "actions", json_array());
	if (!n)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT a.id, a.risk_id, a.title, a.responsible_id, pe.name,"
	                    " a.due_date, a.status, a.cost, a.version, a.created_at, a.updated_at"
	                    " FROM risk_actions a JOIN risks r ON r.id = a.risk_id"
	                    " LEFT JOIN people pe ON pe.id = a.responsible_id"
	                    " WHERE (? = 0 OR r.id = ?) AND (? = 0 OR r.process_id = ?)"
	                    " ORDER BY a.risk_id, a.due_date, a.id",
	                    (struct ka_val[]){ka_int(f->id), ka_int(f->id), ka_int(f->process_id),
	                                      ka_int(f->process_id)},
	                    4, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		int64_t rid = ka_rows_at(&r, i, 1)->i;
		const struct ka_val *due = ka_rows_at(&r, i, 5);
		const char *status = ka_rows_at(&r, i, 6)->s;
		bool overdue = due->type == KA_VAL_TEXT && strcmp(due->s, today) < 0 &&
		               (!strcmp(status, "planned") || !strcmp(status, "ongoing"));
		json_t *a;

		/* both lists are ordered by risk id: walk them together */
		while (at < n && risk_id_of(json_array_get(items, at)) < rid)
			at++;
		if (at == n || risk_id_of(json_array_get(items, at)) != rid)
			continue;
		a = json_pack(
		    "{s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:b, s:I, s:o, s:o}", "id",
		    (json_int_t)ka_rows_at(&r, i, 0)->i, "risk_id", (json_int_t)rid, "title",
		    ka_rows_at(&r, i, 2)->s, "responsible_id", val_json(ka_rows_at(&r, i, 3)),
		    "responsible", val_json(ka_rows_at(&r, i, 4)), "due_date", val_json(due),
		    "status", status, "cost", val_json(ka_rows_at(&r, i, 7)), "overdue", overdue,
		    "version", (json_int_t)ka_rows_at(&r, i, 8)->i, "created_at",
		    val_json(ka_rows_at(&r, i, 9)), "updated_at", val_json(ka_rows_at(&r, i, 10)));
		json_array_append_new(json_object_get(json_array_get(items, at), "actions"), a);
	}
	ka_rows_release(&r);
	return err;
}

/* Sorting: the key and direction live in a small context passed through a static-free sort. */
struct sorted {
	json_t *risk;
	const char *key;
	int desc;
};

static int64_t score_value(const json_t *r, const char *which)
{
	const json_t *s = json_object_get(r, which);

	return json_is_object(s) ? json_integer_value(json_object_get(s, "value")) : -1;
}

static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	const char *k = x->key;
	int c = 0;

	if (!strcmp(k, "value") || !strcmp(k, "residual")) {
		int64_t vx = score_value(x->risk, !strcmp(k, "value") ? "inherent" : "residual");
		int64_t vy = score_value(y->risk, !strcmp(k, "value") ? "inherent" : "residual");

		c = vx < vy ? -1 : vx > vy;
	} else if (strcmp(k, "id")) {
		const char *sx = json_string_value(json_object_get(x->risk, k));
		const char *sy = json_string_value(json_object_get(y->risk, k));

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
		int64_t ix = risk_id_of(x->risk), iy = risk_id_of(y->risk);

		c = ix < iy ? -1 : ix > iy;
		if (!strcmp(k, "id") && x->desc)
			c = -c;
	}
	return c;
}

static json_t *sort_items(json_t *items, const char *sort)
{
	size_t n = json_array_size(items), i;
	struct sorted *v = calloc(n ? n : 1, sizeof(*v));
	json_t *out = json_array();
	int desc = sort && *sort == '-';

	if (!v)
		abort();
	for (i = 0; i < n; i++) {
		v[i].risk = json_array_get(items, i);
		v[i].key = sort ? sort + desc : "id";
		v[i].desc = desc;
	}
	qsort(v, n, sizeof(*v), cmp_sorted);
	for (i = 0; i < n; i++)
		json_array_append(out, v[i].risk);
	free(v);
	json_decref(items);
	return out;
}

int ka_risk_query(struct ka_store *st, const struct ka_risk_scales *scales,
                  const struct ka_risk_filter *f, const char *today, json_t **out,
                  struct ka_diag *diag)
{
	struct ka_rows r;
	json_t *items = json_array();
	size_t i, c;
	int err;

	*out = NULL;
	ka_rows_init(&r);
	err = ka_store_exec(st, risk_sql,
	                    (struct ka_val[]){ka_int(f->id), ka_int(f->id), ka_int(f->process_id),
	                                      ka_int(f->process_id), ka_int(f->owner_id),
	                                      ka_int(f->owner_id), ka_int(f->unit_id),
	                                      ka_int(f->unit_id), ka_text(f->category),
	                                      ka_text(f->category)},
	                    10, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		json_t *o = json_object(), *inh;
		const struct ka_val *elem = ka_rows_at(&r, i, 2);
		const struct ka_risk_scale *s;
		bool orphan;

		for (c = 0; c < COL_FOUND; c++)
			json_object_set_new(o, r.names[c], val_json(ka_rows_at(&r, i, c)));
		if (f->lang) {
			/* the process's name in the asked language when it has one */
			int k = !strcmp(f->lang, "sv") ? 1 : !strcmp(f->lang, "en") ? 2 : 0;
			const struct ka_val *name = ka_rows_at(&r, i, COL_FOUND + 9 + (size_t)k);

			if (name->type == KA_VAL_TEXT)
				json_object_set_new(o, "process", json_string(name->s));
		}
		orphan = elem->type == KA_VAL_TEXT && !ka_rows_at(&r, i, COL_FOUND)->i;
		json_object_set_new(o, "orphan", json_boolean(orphan));
		inh = score_json(scales, ka_rows_at(&r, i, COL_FOUND + 1));
		json_object_set_new(o, "inherent", inh);
		json_object_set_new(o, "residual",
		                    score_json(scales, ka_rows_at(&r, i, COL_FOUND + 5)));
		s = json_is_object(inh)
		        ? ka_risk_scales_get(scales,
		                             json_integer_value(json_object_get(inh, "scale_id")))
		        : NULL;
		json_object_set_new(
		    o, "acceptance",
		    s ? json_string(ka_risk_accept_name(ka_risk_acceptance(
		            s, (int)json_integer_value(json_object_get(inh, "value")))))
		      : json_null());
		if (f->orphan >= 0 && (int)orphan != f->orphan) {
			json_decref(o);
			continue;
		}
		if (f->colour >= 0 &&
		    (!json_is_object(inh) || ka_risk_colour_parse(json_string_value(
		                                 json_object_get(inh, "colour"))) != f->colour)) {
			json_decref(o);
			continue;
		}
		json_array_append_new(items, o);
	}
	ka_rows_release(&r);
	if (!err)
		err = attach_actions(st, items, f, today, diag);
	if (err) {
		json_decref(items);
		return err;
	}
	*out = sort_items(items, f->sort);
	return 0;
}

void ka_risk_matrix_of(const struct ka_risk_scales *scales, const json_t *risks,
                       struct ka_risk_matrix *m)
{
	size_t i;

	ka_risk_matrix_init(m, scales->current.size);
	for (i = 0; i < json_array_size(risks); i++) {
		const json_t *r = json_array_get(risks, i);
		const json_t *in = json_object_get(r, "inherent"),
		             *res = json_object_get(r, "residual");

		if (!json_is_object(in))
			m->unscored++;
		else if (json_is_true(json_object_get(in, "current_scale")))
			ka_risk_matrix_add(
			    m, false, (int)json_integer_value(json_object_get(in, "likelihood")),
			    (int)json_integer_value(json_object_get(in, "consequence")));
		else
			m->other_inherent++;
		if (json_is_object(res)) {
			if (json_is_true(json_object_get(res, "current_scale")))
				ka_risk_matrix_add(
				    m, true,
				    (int)json_integer_value(json_object_get(res, "likelihood")),
				    (int)json_integer_value(json_object_get(res, "consequence")));
			else
				m->other_residual++;
		}
	}
}
