/*
 * Writing the risk analysis over HTTP (docs/risk.md, docs/api.md "Risks"):
 * risks of a process (optionally on one map element) with their score
 * history, their actions, and the workspace's risk scale (a new scale
 * never rescales stored scores). Editors of a process (pf_require_editor)
 * write its risks; facilitators and administrators set the scale. Every
 * write is one transaction with its audit_log entry; nothing is stored
 * when a request fails. Reading is in api_risk_views.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/org.h"
#include "kartla/risk.h"
#include "portfolio_api.h"
#include "risk_api.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- writing risks ---- */

enum rf_kind { RF_TEXT, RF_DATE, RF_PERSON, RF_UNIT, RF_ENUM, RF_ELEMENT };

struct rf {
	const char *name; /* JSON field and column */
	enum rf_kind kind;
	size_t max;        /* strings: bytes */
	const char *extra; /* RF_ENUM: "a|b" */
};

static const struct rf risk_fields[] = {
    {"title", RF_TEXT, 300, NULL},
    {"event", RF_TEXT, 4000, NULL},
    {"cause", RF_TEXT, 4000, NULL},
    {"consequence", RF_TEXT, 4000, NULL},
    {"category", RF_TEXT, 100, NULL},
    {"controls", RF_TEXT, 4000, NULL},
    {"element_id", RF_ELEMENT, 200, NULL},
    {"owner_id", RF_PERSON, 0, NULL},
    {"unit_id", RF_UNIT, 0, NULL},
    {"decision", RF_ENUM, 0, "accept|act"},
    {"decision_rationale", RF_TEXT, 4000, NULL},
    {"decided_by", RF_PERSON, 0, NULL},
    {"decided_at", RF_DATE, 0, NULL},
    {"review_date", RF_DATE, 0, NULL},
    {"source_workshop", RF_TEXT, 300, NULL},
    {"source_date", RF_DATE, 0, NULL},
    {"source_facilitator_id", RF_PERSON, 0, NULL},
};

/* Checks the shape of one field value (no database); 422 naming the field. */
static int check_field(struct http_resp *resp, const char *name, enum rf_kind kind, size_t max,
                       const char *extra, const json_t *v)
{
	const char *s = json_string_value(v);

	if (json_is_null(v))
		return 0;
	switch (kind) {
	case RF_PERSON:
	case RF_UNIT:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return http_fail(resp, KA_ERR_INVALID, name,
			                 "%s must be a positive id or null", name);
		return 0;
	case RF_DATE:
		if (!s || !ka_date_valid(s))
			return http_fail(resp, KA_ERR_INVALID, name,
			                 "%s must be a date YYYY-MM-DD or null", name);
		return 0;
	case RF_ENUM:
		if (!s || !ka_enum_has(extra, s))
			return http_fail(resp, KA_ERR_INVALID, name, "%s must be one of %s or null",
			                 name, extra);
		return 0;
	default:
		if (!s)
			return http_fail(resp, KA_ERR_INVALID, name, "%s must be a string or null",
			                 name);
		if (strlen(s) > max)
			return http_fail(resp, KA_ERR_INVALID, name, "%s is longer than %zu bytes",
			                 name, max);
		if (kind == RF_ELEMENT && !*s)
			return http_fail(resp, KA_ERR_INVALID, name,
			                 "element_id must be an element id or null");
		return 0;
	}
}

/* A score object {likelihood, consequence}: shape only (the scale is checked in the tx). */
static int check_score(struct http_resp *resp, const char *name, const json_t *v)
{
	const char *k;
	json_t *x;
	char f[64];

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return http_fail(resp, KA_ERR_INVALID, name,
		                 "%s must be an object {likelihood, consequence} or null", name);
	json_object_foreach((json_t *)v, k, x)
	{
		snprintf(f, sizeof(f), "%s.%s", name, k);
		if (strcmp(k, "likelihood") && strcmp(k, "consequence"))
			return http_fail(resp, KA_ERR_INVALID, f, "unknown field '%s'", f);
	}
	for (int i = 0; i < 2; i++) {
		const char *part = i ? "consequence" : "likelihood";

		snprintf(f, sizeof(f), "%s.%s", name, part);
		x = json_object_get(v, part);
		if (!json_is_integer(x))
			return http_fail(resp, KA_ERR_INVALID, f, "%s must be an integer level", f);
	}
	return 0;
}

static int decode_risk(struct http_req *req, struct http_resp *resp, bool create)
{
	const char *k;
	json_t *v;
	size_t i;
	int err = http_require_object(req, resp);

	if (err)
		return err;
	json_object_foreach(req->json, k, v)
	{
		if (!strcmp(k, "inherent") || !strcmp(k, "residual")) {
			err = check_score(resp, k, v);
			if (err)
				return err;
			continue;
		}
		for (i = 0; i < N(risk_fields) && strcmp(risk_fields[i].name, k); i++)
			;
		if (i == N(risk_fields))
			return http_fail(resp, KA_ERR_INVALID, k, "unknown field '%s'", k);
		err = check_field(resp, k, risk_fields[i].kind, risk_fields[i].max,
		                  risk_fields[i].extra, v);
		if (err)
			return err;
	}
	v = json_object_get(req->json, "title");
	if ((create && !v) ||
	    (v && (!json_is_string(v) || !json_string_length(v) ||
	           strspn(json_string_value(v), " \t\r\n") == json_string_length(v))))
		return http_fail(resp, KA_ERR_INVALID, "title", "a risk needs a title");
	return 0;
}

/* 422 naming `field` when the person or unit does not exist. */
static int check_ref(struct ka_store *st, struct http_resp *resp, const char *field,
                     enum rf_kind kind, int64_t id, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    kind == RF_UNIT ? "SELECT 1 FROM units WHERE id = ?"
	                                    : "SELECT 1 FROM people WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = http_fail(resp, KA_ERR_INVALID, field, "%s: no %s with id %" PRId64, field,
		                kind == RF_UNIT ? "unit" : "person", id);
	ka_rows_release(&r);
	return err;
}

static int check_element(struct ka_store *st, struct http_resp *resp, int64_t pid,
                         const char *element_id, struct ka_diag *diag)
{
	int64_t vid;
	bool ok;
	int err = ka_risk_map_version(st, pid, &vid, diag);

	if (err)
		return err;
	if (!vid)
		return http_fail(resp, KA_ERR_INVALID, "element_id",
		                 "element_id: process %" PRId64
		                 " has no map yet; leave element_id null for the whole process",
		                 pid);
	err = ka_risk_element_exists(st, vid, element_id, &ok, diag);
	if (!err && !ok)
		err = http_fail(resp, KA_ERR_INVALID, "element_id",
		                "element_id: '%s' is not an element of the current map of process "
		                "%" PRId64 " (map version %" PRId64 ")",
		                element_id, pid, vid);
	return err;
}

/* One score column group of a risk row, as read and as written. */
struct score {
	int64_t scale_id, l, c; /* scale_id 0: none */
	const char *at;
	bool changed; /* a new assessment to record */
};

struct risk_tx {
	struct http_req *req;
	struct http_resp *resp;
	bool create;
	int64_t id, pid;
	json_t *after; /* the risk as answered (owned) */
	int64_t version;
};

static void read_score(const struct ka_rows *r, size_t col, struct score *s)
{
	memset(s, 0, sizeof(*s));
	if (ka_rows_at(r, 0, col)->type != KA_VAL_INT)
		return;
	s->scale_id = ka_rows_at(r, 0, col)->i;
	s->l = ka_rows_at(r, 0, col + 1)->i;
	s->c = ka_rows_at(r, 0, col + 2)->i;
	s->at = ka_rows_at(r, 0, col + 3)->s;
}

/* Applies a score from the request (present in obj) to `s`, on the current scale. */
static int apply_score(struct http_resp *resp, const char *name, const json_t *v,
                       const struct ka_risk_scales *sc, int64_t current_id, const char *now,
                       struct score *s)
{
	const struct ka_risk_scale *scale = &sc->current;
	int64_t l, c;
	char f[64];

	if (json_is_null(v)) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	l = json_integer_value(json_object_get(v, "likelihood"));
	c = json_integer_value(json_object_get(v, "consequence"));
	if (!ka_risk_level_ok(scale, l)) {
		snprintf(f, sizeof(f), "%s.likelihood", name);
		return http_fail(resp, KA_ERR_INVALID, f,
		                 "%s: %" PRId64 " is off the scale '%s' (levels 1 to %d)", f, l,
		                 scale->key, scale->size);
	}
	if (!ka_risk_level_ok(scale, c)) {
		snprintf(f, sizeof(f), "%s.consequence", name);
		return http_fail(resp, KA_ERR_INVALID, f,
		                 "%s: %" PRId64 " is off the scale '%s' (levels 1 to %d)", f, c,
		                 scale->key, scale->size);
	}
	if (s->scale_id == current_id && s->l == l && s->c == c)
		return 0; /* the same assessment again: nothing new */
	s->scale_id = current_id;
	s->l = l;
	s->c = c;
	s->at = now;
	s->changed = true;
	return 0;
}

static struct ka_val score_val(const struct score *s, int part)
{
	if (!s->scale_id)
		return ka_null();
	switch (part) {
	case 0:
		return ka_int(s->scale_id);
	case 1:
		return ka_int(s->l);
	case 2:
		return ka_int(s->c);
	default:
		return ka_text(s->at);
	}
}

static struct ka_val field_val(const json_t *v)
{
	if (json_is_integer(v))
		return ka_int(json_integer_value(v));
	if (json_is_string(v))
		return ka_text(json_string_value(v));
	return ka_null();
}

#define SCORE_COLS                                                                                 \
	"scale_id, likelihood, impact, assessed_at, residual_scale_id, residual_likelihood, "      \
	"residual_impact, residual_assessed_at"

static int write_risk_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct risk_tx *t = vctx;
	struct http_resp *resp = t->resp;
	const json_t *obj = t->req->json, *v;
	struct ka_risk_scales sc;
	struct score sco[2];
	json_t *merged = json_object(), *before = NULL;
	struct ka_val params[N(risk_fields) + 12];
	struct ka_buf sql;
	struct ka_rows r, w;
	char now[21], today[11];
	int64_t current_id = 0;
	size_t i, np = 0;
	int err, k;

	memset(&sc, 0, sizeof(sc));
	memset(sco, 0, sizeof(sco));
	ka_rows_init(&r);
	ka_rows_init(&w);
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	pf_now(now);
	pf_today(today);
	/* the row as it is (patch) and the process it belongs to */
	if (t->create) {
		err = pf_load_process(st, t->pid, &r, diag);
		if (!err && !r.nrows)
			err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64,
			                t->pid);
	} else {
		ka_buf_adds(&sql, "SELECT process_id, version, " SCORE_COLS);
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_addf(&sql, ", %s", risk_fields[i].name);
		ka_buf_adds(&sql, " FROM risks WHERE id = ?");
		err = ka_store_exec(st, sql.data, (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
		if (!err && !r.nrows)
			err =
			    http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such risk %" PRId64, t->id);
		if (!err) {
			t->pid = ka_rows_at(&r, 0, 0)->i;
			err = http_if_match(t->req, resp, ka_rows_at(&r, 0, 1)->i, false);
		}
		if (!err) {
			read_score(&r, 2, &sco[0]);
			read_score(&r, 6, &sco[1]);
			for (i = 0; i < N(risk_fields); i++) {
				const struct ka_val *x = ka_rows_at(&r, 0, 10 + i);

				json_object_set_new(merged, risk_fields[i].name,
				                    x->type == KA_VAL_INT    ? json_integer(x->i)
				                    : x->type == KA_VAL_TEXT ? json_string(x->s)
				                                             : json_null());
			}
		}
	}
	if (!err)
		err = pf_require_editor(t->req, resp, t->pid);
	if (!err)
		err = ka_risk_scales_load(st, &sc, diag);
	if (!err && !t->create)
		err = rk_load_risk(st, &sc, t->id, &before, diag);
	/* references and the element, for the fields the request sets */
	for (i = 0; !err && i < N(risk_fields); i++) {
		const struct rf *f = &risk_fields[i];

		v = json_object_get(obj, f->name);
		if (!v)
			continue;
		json_object_set(merged, f->name, (json_t *)v);
		if (json_is_null(v))
			continue;
		if (f->kind == RF_PERSON || f->kind == RF_UNIT)
			err = check_ref(st, resp, f->name, f->kind, json_integer_value(v), diag);
		else if (f->kind == RF_ELEMENT)
			err = check_element(st, resp, t->pid, json_string_value(v), diag);
	}
	/* scores on the current scale */
	if (!err && (json_object_get(obj, "inherent") || json_object_get(obj, "residual"))) {
		bool any = (json_is_object(json_object_get(obj, "inherent")) ||
		            json_is_object(json_object_get(obj, "residual")));

		err = any ? ka_risk_scale_current_id(st, &current_id, diag) : 0;
		if (!err && current_id != sc.current_id) {
			/* the default scale was just stored: read the scales again */
			ka_risk_scales_release(&sc);
			err = ka_risk_scales_load(st, &sc, diag);
		}
		for (k = 0; !err && k < 2; k++) {
			const char *name = k ? "residual" : "inherent";

			v = json_object_get(obj, name);
			if (v)
				err = apply_score(resp, name, v, &sc, current_id, now, &sco[k]);
		}
	}
	/* the decision against the acceptance criteria of the inherent score's scale */
	if (!err && json_is_string(json_object_get(merged, "decision"))) {
		const struct ka_risk_scale *s =
		    sco[0].scale_id ? ka_risk_scales_get(&sc, sco[0].scale_id) : NULL;
		int value = (int)(sco[0].l * sco[0].c);

		if (!strcmp(json_string_value(json_object_get(merged, "decision")), "accept") &&
		    s && ka_risk_acceptance(s, value) == KA_RISK_ACT)
			err = http_fail(
			    resp, KA_ERR_INVALID, "decision",
			    "decision: a %s risk (R = %d on scale '%s') is not acceptable "
			    "without an action; decide \"act\"",
			    ka_risk_colour_name(ka_risk_colour_of(s, value)), value, s->key);
		if (!err && !json_is_string(json_object_get(merged, "decided_at")))
			json_object_set_new(merged, "decided_at", json_string(today));
	}
	if (err)
		goto out;
	/* write every column */
	ka_buf_reset(&sql);
	if (t->create) {
		ka_buf_adds(&sql,
		            "INSERT INTO risks (process_id, created_by, created_at, " SCORE_COLS);
		params[np++] = ka_int(t->pid);
		params[np++] = t->req->actor.user_id ? ka_int(t->req->actor.user_id) : ka_null();
		params[np++] = ka_text(now);
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_addf(&sql, ", %s", risk_fields[i].name);
		ka_buf_adds(&sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_adds(&sql, ", ?");
		ka_buf_adds(&sql, ") RETURNING id, version");
	} else {
		ka_buf_adds(&sql,
		            "UPDATE risks SET version = version + 1, updated_at = ?, "
		            "scale_id = ?, likelihood = ?, impact = ?, assessed_at = ?, "
		            "residual_scale_id = ?, residual_likelihood = ?, residual_impact = ?, "
		            "residual_assessed_at = ?");
		params[np++] = ka_text(now);
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_addf(&sql, ", %s = ?", risk_fields[i].name);
		ka_buf_adds(&sql, " WHERE id = ? RETURNING id, version");
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < 4; i++)
			params[np++] = score_val(&sco[k], (int)i);
	for (i = 0; i < N(risk_fields); i++)
		params[np++] = field_val(json_object_get(merged, risk_fields[i].name));
	if (!t->create)
		params[np++] = ka_int(t->id);
	/* the parameters borrow strings from r: the answer goes to w */
	err = ka_store_exec(st, sql.data, params, np, &w, diag);
	if (err)
		goto out;
	t->id = ka_rows_at(&w, 0, 0)->i;
	t->version = ka_rows_at(&w, 0, 1)->i;
	/* the score history */
	for (k = 0; !err && k < 2; k++)
		if (sco[k].changed)
			err = ka_store_exec(
			    st,
			    "INSERT INTO risk_scores (risk_id, kind, scale_id, likelihood, impact, "
			    "at,"
			    " user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
			    (struct ka_val[]){ka_int(t->id), ka_text(k ? "residual" : "inherent"),
			                      ka_int(sco[k].scale_id), ka_int(sco[k].l),
			                      ka_int(sco[k].c), ka_text(now),
			                      t->req->actor.user_id ? ka_int(t->req->actor.user_id)
			                                            : ka_null()},
			    7, NULL, diag);
	if (!err) {
		ka_risk_scales_release(&sc);
		err = ka_risk_scales_load(st, &sc, diag);
	}
	if (!err)
		err = rk_load_risk(st, &sc, t->id, &t->after, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, t->create ? "create" : "update", "risk", t->id,
		                 before, t->after, diag);
out:
	json_decref(merged);
	json_decref(before);
	ka_rows_release(&r);
	ka_rows_release(&w);
	ka_buf_release(&sql);
	ka_risk_scales_release(&sc);
	if (err) {
		json_decref(t->after);
		t->after = NULL;
	}
	return err;
}

static int write_risk(struct http_req *req, struct http_resp *resp, bool create)
{
	struct risk_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.req = req;
	t.resp = resp;
	t.create = create;
	err = http_param_id(req, resp, 0, create ? &t.pid : &t.id);
	if (!err)
		err = decode_risk(req, resp, create);
	if (err)
		return err;
	err = ka_store_transact(req->st, write_risk_fn, &t, 5, &req->diag);
	if (err)
		return rk_fail(req, resp, err);
	if (create)
		snprintf(resp->location, sizeof(resp->location), "/api/risks/%" PRId64, t.id);
	http_etag(resp, t.version);
	http_json(resp, create ? 201 : 200, t.after);
	return 0;
}

static int create_risk(struct http_req *req, struct http_resp *resp)
{
	return write_risk(req, resp, true);
}

static int patch_risk(struct http_req *req, struct http_resp *resp)
{
	return write_risk(req, resp, false);
}

static int delete_risk_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct risk_tx *t = vctx;
	struct ka_risk_scales sc;
	json_t *before = NULL;
	int err;

	err = ka_risk_scales_load(st, &sc, diag);
	if (err)
		return err;
	err = rk_load_risk(st, &sc, t->id, &before, diag);
	ka_risk_scales_release(&sc);
	if (!err && !before)
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such risk %" PRId64, t->id);
	if (!err)
		err = pf_require_editor(t->req, t->resp,
		                        json_integer_value(json_object_get(before, "process_id")));
	if (!err)
		err = http_if_match(t->req, t->resp,
		                    json_integer_value(json_object_get(before, "version")), false);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM risks WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "delete", "risk", t->id, before, NULL, diag);
	json_decref(before);
	return err;
}

static int delete_risk(struct http_req *req, struct http_resp *resp)
{
	struct risk_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.req = req;
	t.resp = resp;
	err = http_param_id(req, resp, 0, &t.id);
	if (err)
		return err;
	err = ka_store_transact(req->st, delete_risk_fn, &t, 5, &req->diag);
	if (err)
		return rk_fail(req, resp, err);
	resp->status = 204;
	return 0;
}

/* ---- actions ---- */

static const struct rf action_fields[] = {
    {"title", RF_TEXT, 300, NULL},
    {"responsible_id", RF_PERSON, 0, NULL},
    {"due_date", RF_DATE, 0, NULL},
    {"status", RF_ENUM, 0, "planned|ongoing|done|cancelled"},
};

static int decode_action(struct http_req *req, struct http_resp *resp, bool create)
{
	const char *k;
	json_t *v;
	size_t i;
	int err = http_require_object(req, resp);

	if (err)
		return err;
	json_object_foreach(req->json, k, v)
	{
		if (!strcmp(k, "cost")) {
			if (!json_is_null(v) && (!json_is_number(v) || json_number_value(v) < 0))
				return http_fail(resp, KA_ERR_INVALID, "cost",
				                 "cost must be a number >= 0 or null");
			continue;
		}
		for (i = 0; i < N(action_fields) && strcmp(action_fields[i].name, k); i++)
			;
		if (i == N(action_fields))
			return http_fail(resp, KA_ERR_INVALID, k, "unknown field '%s'", k);
		err = check_field(resp, k, action_fields[i].kind, action_fields[i].max,
		                  action_fields[i].extra, v);
		if (err)
			return err;
	}
	v = json_object_get(req->json, "title");
	if ((create && !v) || (v && (!json_is_string(v) || !json_string_length(v))))
		return http_fail(resp, KA_ERR_INVALID, "title", "an action needs a title");
	v = json_object_get(req->json, "status");
	if (v && json_is_null(v))
		return http_fail(resp, KA_ERR_INVALID, "status",
		                 "status must be planned, ongoing, done or cancelled");
	return 0;
}

struct action_tx {
	struct http_req *req;
	struct http_resp *resp;
	bool create;
	int64_t risk_id, id, version;
	json_t *after;
};

#define ACTION_COLS "id, risk_id, title, responsible_id, due_date, status, cost, version"

static json_t *action_json(const struct ka_rows *r)
{
	const char *names[] = {"id",       "risk_id", "title", "responsible_id",
	                       "due_date", "status",  "cost",  "version"};
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < N(names); i++) {
		const struct ka_val *v = ka_rows_at(r, 0, i);

		json_object_set_new(o, names[i],
		                    v->type == KA_VAL_INT    ? json_integer(v->i)
		                    : v->type == KA_VAL_REAL ? json_real(v->r)
		                    : v->type == KA_VAL_TEXT ? json_string(v->s)
		                                             : json_null());
	}
	return o;
}

static int risk_process(struct ka_store *st, struct http_resp *resp, int64_t risk_id, int64_t *pid,
                        struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT process_id FROM risks WHERE id = ?",
	                    (struct ka_val[]){ka_int(risk_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such risk %" PRId64, risk_id);
	if (!err)
		*pid = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

static int write_action_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct action_tx *t = vctx;
	const json_t *obj = t->req->json, *v;
	json_t *before = NULL;
	struct ka_rows r;
	char now[21];
	int64_t pid = 0;
	size_t i;
	int err = 0;

	ka_rows_init(&r);
	pf_now(now);
	if (!t->create) {
		err = ka_store_exec(st, "SELECT " ACTION_COLS " FROM risk_actions WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
		if (!err && !r.nrows)
			err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such action %" PRId64,
			                t->id);
		if (!err) {
			before = action_json(&r);
			t->risk_id = ka_rows_at(&r, 0, 1)->i;
			err = http_if_match(t->req, t->resp, ka_rows_at(&r, 0, 7)->i, false);
		}
	}
	if (!err)
		err = risk_process(st, t->resp, t->risk_id, &pid, diag);
	if (!err)
		err = pf_require_editor(t->req, t->resp, pid);
	for (i = 0; !err && i < N(action_fields); i++) {
		v = json_object_get(obj, action_fields[i].name);
		if (v && json_is_integer(v) && action_fields[i].kind == RF_PERSON)
			err = check_ref(st, t->resp, action_fields[i].name, RF_PERSON,
			                json_integer_value(v), diag);
	}
	if (err)
		goto out;
	{
		const json_t *title = json_object_get(obj, "title"),
		             *resp_id = json_object_get(obj, "responsible_id"),
		             *due = json_object_get(obj, "due_date"),
		             *status = json_object_get(obj, "status"),
		             *cost = json_object_get(obj, "cost");
		struct ka_val costv =
		    json_is_number(cost) ? ka_real(json_number_value(cost)) : ka_null();

		if (t->create)
			err =
			    ka_store_exec(st,
			                  "INSERT INTO risk_actions (risk_id, title, "
			                  "responsible_id, due_date, status,"
			                  " cost, created_at) VALUES (?, ?, ?, ?, COALESCE(CAST(? "
			                  "AS TEXT), 'planned'),"
			                  " ?, ?) RETURNING " ACTION_COLS,
			                  (struct ka_val[]){ka_int(t->risk_id), field_val(title),
			                                    field_val(resp_id), field_val(due),
			                                    field_val(status), costv, ka_text(now)},
			                  7, &r, diag);
		else
			err = ka_store_exec(
			    st,
			    "UPDATE risk_actions SET title = COALESCE(CAST(? AS TEXT), title),"
			    " responsible_id = CASE WHEN ? = 1 THEN ? ELSE responsible_id END,"
			    " due_date = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE due_date END,"
			    " status = COALESCE(CAST(? AS TEXT), status),"
			    " cost = CASE WHEN ? = 1 THEN ? ELSE cost END,"
			    " version = version + 1, updated_at = ? WHERE id = ? "
			    "RETURNING " ACTION_COLS,
			    (struct ka_val[]){
			        field_val(title), ka_int(resp_id != NULL), field_val(resp_id),
			        ka_int(due != NULL), field_val(due), field_val(status),
			        ka_int(cost != NULL), costv, ka_text(now), ka_int(t->id)},
			    10, &r, diag);
	}
	if (!err) {
		t->after = action_json(&r);
		t->id = ka_rows_at(&r, 0, 0)->i;
		t->version = ka_rows_at(&r, 0, 7)->i;
		err = http_audit(st, &t->req->actor, t->create ? "create" : "update", "risk_action",
		                 t->id, before, t->after, diag);
	}
out:
	json_decref(before);
	ka_rows_release(&r);
	if (err) {
		json_decref(t->after);
		t->after = NULL;
	}
	return err;
}

static int write_action(struct http_req *req, struct http_resp *resp, bool create)
{
	struct action_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.req = req;
	t.resp = resp;
	t.create = create;
	err = http_param_id(req, resp, 0, create ? &t.risk_id : &t.id);
	if (!err)
		err = decode_action(req, resp, create);
	if (err)
		return err;
	err = ka_store_transact(req->st, write_action_fn, &t, 5, &req->diag);
	if (err)
		return rk_fail(req, resp, err);
	if (create)
		snprintf(resp->location, sizeof(resp->location), "/api/risk-actions/%" PRId64,
		         t.id);
	http_etag(resp, t.version);
	http_json(resp, create ? 201 : 200, t.after);
	return 0;
}

static int create_action(struct http_req *req, struct http_resp *resp)
{
	return write_action(req, resp, true);
}

static int patch_action(struct http_req *req, struct http_resp *resp)
{
	return write_action(req, resp, false);
}

static int delete_action_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct action_tx *t = vctx;
	json_t *before = NULL;
	struct ka_rows r;
	int64_t pid;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " ACTION_COLS " FROM risk_actions WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such action %" PRId64, t->id);
	if (!err) {
		before = action_json(&r);
		err = risk_process(st, t->resp, ka_rows_at(&r, 0, 1)->i, &pid, diag);
	}
	if (!err)
		err = pf_require_editor(t->req, t->resp, pid);
	if (!err)
		err = http_if_match(t->req, t->resp, ka_rows_at(&r, 0, 7)->i, false);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM risk_actions WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "delete", "risk_action", t->id, before, NULL,
		                 diag);
	json_decref(before);
	ka_rows_release(&r);
	return err;
}

static int delete_action(struct http_req *req, struct http_resp *resp)
{
	struct action_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.req = req;
	t.resp = resp;
	err = http_param_id(req, resp, 0, &t.id);
	if (err)
		return err;
	err = ka_store_transact(req->st, delete_action_fn, &t, 5, &req->diag);
	if (err)
		return rk_fail(req, resp, err);
	resp->status = 204;
	return 0;
}

struct scale_tx {
	struct http_req *req;
	struct ka_risk_scale scale;
	int64_t id;
};

static int put_scale_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct scale_tx *t = vctx;
	json_t *after;
	int err = ka_risk_scale_insert(st, &t->scale, t->req->actor.user_id, &t->id, diag);

	if (err)
		return err;
	after = rk_scale_answer(t->id, &t->scale);
	err = http_audit(st, &t->req->actor, "create", "risk_scale", t->id, NULL, after, diag);
	json_decref(after);
	return err;
}

/* PUT /api/risk-scale {"preset": "se4"} or {"scale": {...}}: a new current scale. */
static int put_scale(struct http_req *req, struct http_resp *resp)
{
	const char *preset = NULL;
	json_t *scale = NULL;
	struct scale_tx t;
	bool has_preset = false, has_scale = false;
	const struct http_field fields[] = {
	    {"preset", HTTP_F_STRING, 0, 32, &preset, &has_preset},
	    {"scale", HTTP_F_OBJECT, 0, 0, &scale, &has_scale},
	};
	char field[160], msg[300], path[180];
	int err;

	err = crud_can_write(req, resp, CRUD_PERM_FACILITATOR);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	memset(&t, 0, sizeof(t));
	t.req = req;
	if (has_preset == has_scale)
		return http_fail(resp, KA_ERR_INVALID, has_preset ? "scale" : "preset",
		                 "give either \"preset\" (se4, no5) or \"scale\", not both");
	if (has_preset && ka_risk_preset(preset, &t.scale))
		return http_fail(resp, KA_ERR_INVALID, "preset",
		                 "preset: unknown preset '%s' (se4, no5)", preset);
	if (has_scale &&
	    ka_risk_scale_from_json(scale, &t.scale, field, sizeof(field), msg, sizeof(msg))) {
		snprintf(path, sizeof(path), "scale%s%s", *field ? "." : "", field);
		return http_fail(resp, KA_ERR_INVALID, path, "scale: %s", msg);
	}
	err = ka_store_transact(req->st, put_scale_fn, &t, 5, &req->diag);
	if (err)
		return rk_fail(req, resp, err);
	http_json(resp, 200, rk_scale_answer(t.id, &t.scale));
	return 0;
}

const struct http_route api_risk_routes[] = {
    {"PATCH", "/api/risks/{id}", patch_risk, HTTP_SIGNED_IN},
    {"DELETE", "/api/risks/{id}", delete_risk, HTTP_SIGNED_IN},
    {"POST", "/api/risks/{id}/actions", create_action, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/risks", create_risk, HTTP_SIGNED_IN},
    {"PATCH", "/api/risk-actions/{id}", patch_action, HTTP_SIGNED_IN},
    {"DELETE", "/api/risk-actions/{id}", delete_action, HTTP_SIGNED_IN},
    {"PUT", "/api/risk-scale", put_scale, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
