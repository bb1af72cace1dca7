/*
 * Reading the risk analysis over HTTP (docs/risk.md): the risk list and
 * one risk with its history, actions, overdue actions, the workspace's
 * scales, the matrix (JSON and SVG), markers per map element and the
 * internal-control plan (JSON, CSV, HTML). Readers read; the writes are in
 * api_risk.c. The helpers declared in risk_api.h live here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/risk.h"
#include "portfolio_api.h"
#include "risk_api.h"
#include "kartla/banned.h"

/* ---- reading ---- */

int rk_fail(struct http_req *req, struct http_resp *resp, int err)
{
	return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
}

/* One risk as JSON (a new reference, NULL when absent). */
int rk_load_risk(struct ka_store *st, const struct ka_risk_scales *sc, int64_t id, json_t **out,
                 struct ka_diag *diag)
{
	struct ka_risk_filter f;
	char today[11];
	json_t *items;
	int err;

	*out = NULL;
	ka_risk_filter_init(&f);
	f.id = id;
	pf_today(today);
	err = ka_risk_query(st, sc, &f, today, &items, diag);
	if (err)
		return err;
	if (json_array_size(items))
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return 0;
}

/* A positive id from the query string (0 when absent); 400 naming the parameter. */
int rk_query_id(struct http_req *req, struct http_resp *resp, const char *name, int64_t *out)
{
	const char *s = http_query(req, name);
	char *end;
	long long v;

	*out = 0;
	if (!s)
		return 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return http_fail(resp, KA_ERR_USAGE, name, "%s must be a positive id", name);
	*out = v;
	return 0;
}

/* The filter of a list from ?process_id, category, colour, owner_id, unit_id, orphan, sort. */
int rk_parse_filter(struct http_req *req, struct http_resp *resp, struct ka_risk_filter *f)
{
	const char *colour = http_query(req, "colour"), *orphan = http_query(req, "orphan");
	const char *sort = http_query(req, "sort");
	int err;

	ka_risk_filter_init(f);
	err = rk_query_id(req, resp, "process_id", &f->process_id);
	if (!err)
		err = rk_query_id(req, resp, "owner_id", &f->owner_id);
	if (!err)
		err = rk_query_id(req, resp, "unit_id", &f->unit_id);
	if (err)
		return err;
	f->category = http_query(req, "category");
	f->lang = http_query(req, "lang");
	if (f->lang && strcmp(f->lang, "nb") && strcmp(f->lang, "sv") && strcmp(f->lang, "en"))
		return http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	if (colour && (f->colour = ka_risk_colour_parse(colour)) < 0)
		return http_fail(resp, KA_ERR_USAGE, "colour",
		                 "colour must be green, yellow or red");
	if (orphan) {
		if (strcmp(orphan, "true") && strcmp(orphan, "false"))
			return http_fail(resp, KA_ERR_USAGE, "orphan",
			                 "orphan must be true or false");
		f->orphan = !strcmp(orphan, "true");
	}
	if (sort) {
		if (!ka_risk_sort_ok(sort))
			return http_fail(
			    resp, KA_ERR_USAGE, "sort",
			    "sort must be id, title, value, residual, review_date, process "
			    "or category, optionally with a leading '-'");
		f->sort = sort;
	}
	return 0;
}

static const char *lang_of(struct http_req *req, struct http_resp *resp, int *err)
{
	const char *lang = http_query(req, "lang");

	*err = 0;
	if (!lang)
		return "en";
	if (strcmp(lang, "nb") && strcmp(lang, "sv") && strcmp(lang, "en"))
		*err = http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	return lang;
}

/* Runs a query with `f` and the scales; 404 when f->process_id names no process. */
int rk_query(struct http_req *req, struct http_resp *resp, const struct ka_risk_filter *f,
             struct ka_risk_scales *sc, json_t **items)
{
	char today[11];
	int err;

	*items = NULL;
	if (f->process_id) {
		struct ka_rows r;

		ka_rows_init(&r);
		err = pf_load_process(req->st, f->process_id, &r, &req->diag);
		if (!err && !r.nrows)
			err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64,
			                f->process_id);
		ka_rows_release(&r);
		if (err)
			return rk_fail(req, resp, err);
	}
	err = ka_risk_scales_load(req->st, sc, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	pf_today(today);
	err = ka_risk_query(req->st, sc, f, today, items, &req->diag);
	if (err) {
		ka_risk_scales_release(sc);
		return http_store_fail(resp, err, &req->diag);
	}
	return 0;
}

static int list_common(struct http_req *req, struct http_resp *resp, int64_t process_id)
{
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	struct http_page pg;
	json_t *items, *page = json_array();
	size_t i, n;
	int err;

	err = rk_parse_filter(req, resp, &f);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (err) {
		json_decref(page);
		return err;
	}
	if (process_id)
		f.process_id = process_id;
	err = rk_query(req, resp, &f, &sc, &items);
	if (err) {
		json_decref(page);
		return err;
	}
	n = json_array_size(items);
	for (i = (size_t)pg.offset; i < n && i < (size_t)(pg.offset + pg.limit); i++)
		json_array_append(page, json_array_get(items, i));
	json_decref(items);
	ka_risk_scales_release(&sc);
	http_json(resp, 200, http_page_json(&pg, page, (int64_t)n));
	return 0;
}

static int list_risks(struct http_req *req, struct http_resp *resp)
{
	return list_common(req, resp, 0);
}

static int list_process_risks(struct http_req *req, struct http_resp *resp)
{
	int64_t pid;
	int err = http_param_id(req, resp, 0, &pid);

	return err ? err : list_common(req, resp, pid);
}

static json_t *history_json(struct ka_store *st, const struct ka_risk_scales *sc, int64_t id,
                            struct ka_diag *diag, int *err)
{
	json_t *h = json_array();
	struct ka_rows r;
	size_t i;

	ka_rows_init(&r);
	*err = ka_store_exec(st,
	                     "SELECT s.kind, s.likelihood, s.impact, s.scale_id, s.at, u.login"
	                     " FROM risk_scores s LEFT JOIN users u ON u.id = s.user_id"
	                     " WHERE s.risk_id = ? ORDER BY s.id",
	                     (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	for (i = 0; !*err && i < r.nrows; i++) {
		int64_t l = ka_rows_at(&r, i, 1)->i, c = ka_rows_at(&r, i, 2)->i;
		int64_t sid = ka_rows_at(&r, i, 3)->i;
		const struct ka_risk_scale *s = ka_risk_scales_get(sc, sid);
		const struct ka_val *who = ka_rows_at(&r, i, 5);

		json_array_append_new(
		    h,
		    json_pack("{s:s, s:I, s:I, s:I, s:s?, s:I, s:s?, s:s, s:s?}", "kind",
		              ka_rows_at(&r, i, 0)->s, "likelihood", (json_int_t)l, "consequence",
		              (json_int_t)c, "value", (json_int_t)(l * c), "colour",
		              s ? ka_risk_colour_name(ka_risk_colour_of(s, (int)(l * c))) : NULL,
		              "scale_id", (json_int_t)sid, "scale", s ? s->key : NULL, "at",
		              ka_rows_at(&r, i, 4)->s, "by",
		              who->type == KA_VAL_TEXT ? who->s : NULL));
	}
	ka_rows_release(&r);
	return h;
}

/*
 * The risk named by the path's {id} with the scales it is shown on: on
 * success the caller owns *risk and releases *sc; on failure the answer is
 * set (404, or the store's error) and nothing is left to release.
 */
static int path_risk(struct http_req *req, struct http_resp *resp, struct ka_risk_scales *sc,
                     int64_t *id, json_t **risk)
{
	int err = http_param_id(req, resp, 0, id);

	if (err)
		return err;
	err = ka_risk_scales_load(req->st, sc, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	err = rk_load_risk(req->st, sc, *id, risk, &req->diag);
	if (!err && !*risk)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such risk %" PRId64, *id);
	else if (err)
		err = http_store_fail(resp, err, &req->diag);
	if (err)
		ka_risk_scales_release(sc);
	return err;
}

static int get_risk(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	json_t *risk;
	int64_t id;
	int err;

	err = path_risk(req, resp, &sc, &id, &risk);
	if (err)
		return err;
	json_object_set_new(risk, "history", history_json(req->st, &sc, id, &req->diag, &err));
	ka_risk_scales_release(&sc);
	if (err) {
		json_decref(risk);
		return rk_fail(req, resp, err);
	}
	http_etag(resp, json_integer_value(json_object_get(risk, "version")));
	http_json(resp, 200, risk);
	return 0;
}

static int list_actions(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	json_t *risk;
	int64_t id;
	int err;

	err = path_risk(req, resp, &sc, &id, &risk);
	if (err)
		return err;
	ka_risk_scales_release(&sc);
	http_json(resp, 200, json_pack("{s:O}", "items", json_object_get(risk, "actions")));
	json_decref(risk);
	return 0;
}

/* Open actions past their due date, across the risks of ?process_id / ?unit_id. */
static int list_overdue(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	json_t *items, *out = json_array();
	size_t i, k;
	int err;

	ka_risk_filter_init(&f);
	err = rk_query_id(req, resp, "process_id", &f.process_id);
	if (!err)
		err = rk_query_id(req, resp, "unit_id", &f.unit_id);
	if (!err && http_query(req, "lang"))
		f.lang = lang_of(req, resp, &err); /* process names in that language */
	if (!err)
		err = rk_query(req, resp, &f, &sc, &items);
	if (err) {
		json_decref(out);
		return err;
	}
	for (i = 0; i < json_array_size(items); i++) {
		json_t *r = json_array_get(items, i), *acts = json_object_get(r, "actions");

		for (k = 0; k < json_array_size(acts); k++) {
			json_t *a = json_array_get(acts, k);

			if (!json_is_true(json_object_get(a, "overdue")))
				continue;
			a = json_deep_copy(a);
			json_object_set(a, "risk", json_object_get(r, "title"));
			json_object_set(a, "process_id", json_object_get(r, "process_id"));
			json_object_set(a, "process", json_object_get(r, "process"));
			json_object_set(a, "unit", json_object_get(r, "effective_unit"));
			json_array_append_new(out, a);
		}
	}
	json_decref(items);
	ka_risk_scales_release(&sc);
	http_json(resp, 200,
	          json_pack("{s:o, s:I}", "items", out, "total", (json_int_t)json_array_size(out)));
	return 0;
}

/* ---- scales ---- */

json_t *rk_scale_answer(int64_t id, const struct ka_risk_scale *s)
{
	return json_pack("{s:o, s:o}", "id", id ? json_integer(id) : json_null(), "scale",
	                 ka_risk_scale_to_json(s));
}

static int get_scale(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	int err = ka_risk_scales_load(req->st, &sc, &req->diag);

	if (err)
		return http_store_fail(resp, err, &req->diag);
	http_json(resp, 200, rk_scale_answer(sc.current_id, &sc.current));
	ka_risk_scales_release(&sc);
	return 0;
}

static int list_scales(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	json_t *items = json_array();
	size_t i;
	int err = ka_risk_scales_load(req->st, &sc, &req->diag);

	if (err) {
		json_decref(items);
		return http_store_fail(resp, err, &req->diag);
	}
	for (i = 0; i < sc.n; i++)
		json_array_append_new(items, rk_scale_answer(sc.ids[i], &sc.scales[i]));
	http_json(resp, 200,
	          json_pack("{s:o, s:o}", "items", items, "current_id",
	                    sc.current_id ? json_integer(sc.current_id) : json_null()));
	ka_risk_scales_release(&sc);
	return 0;
}

static int get_scale_by_id(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	const struct ka_risk_scale *s;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_risk_scales_load(req->st, &sc, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	s = ka_risk_scales_get(&sc, id);
	if (s)
		http_json(resp, 200, rk_scale_answer(id, s));
	else
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such risk scale %" PRId64, id);
	ka_risk_scales_release(&sc);
	return err;
}

static int get_presets(struct http_req *req, struct http_resp *resp)
{
	const char *const *keys;
	json_t *items = json_array();
	size_t n, i;

	(void)req;
	keys = ka_risk_preset_keys(&n);
	for (i = 0; i < n; i++) {
		struct ka_risk_scale s;

		ka_risk_preset(keys[i], &s);
		json_array_append_new(items, json_pack("{s:s, s:o}", "key", keys[i], "scale",
		                                       ka_risk_scale_to_json(&s)));
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- outputs ---- */

static int get_matrix(struct http_req *req, struct http_resp *resp)
{
	const char *format = http_query(req, "format"), *lang;
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	struct ka_risk_matrix m;
	json_t *items;
	int err;

	lang = lang_of(req, resp, &err);
	if (err)
		return err;
	if (format && strcmp(format, "json") && strcmp(format, "svg"))
		return http_fail(resp, KA_ERR_USAGE, "format", "format must be json or svg");
	err = rk_parse_filter(req, resp, &f);
	if (!err)
		err = rk_query(req, resp, &f, &sc, &items);
	if (err)
		return err;
	ka_risk_matrix_of(&sc, items, &m);
	if (format && !strcmp(format, "svg")) {
		resp->content_type = "image/svg+xml; charset=utf-8";
		ka_risk_matrix_svg(&sc.current, &m, lang, &resp->body);
	} else {
		json_t *j = ka_risk_matrix_json(&sc.current, &m);

		json_object_set_new(j, "scale_id",
		                    sc.current_id ? json_integer(sc.current_id) : json_null());
		http_json(resp, 200, j);
	}
	json_decref(items);
	ka_risk_scales_release(&sc);
	return 0;
}

static int get_markers(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	json_t *items, *els = json_object(), *orphans = json_array(), *list = json_array();
	int64_t vid = 0;
	int process_level = 0;
	size_t i;
	int err;
	const char *k;
	json_t *v;

	ka_risk_filter_init(&f);
	err = http_param_id(req, resp, 0, &f.process_id);
	if (!err)
		err = rk_query(req, resp, &f, &sc, &items);
	if (!err) {
		err = ka_risk_map_version(req->st, f.process_id, &vid, &req->diag);
		if (err) {
			json_decref(items);
			ka_risk_scales_release(&sc);
			err = http_store_fail(resp, err, &req->diag);
		}
	}
	if (err) {
		json_decref(els);
		json_decref(orphans);
		json_decref(list);
		return err;
	}
	for (i = 0; i < json_array_size(items); i++) {
		json_t *r = json_array_get(items, i), *id = json_object_get(r, "id"), *e;
		const char *el = json_string_value(json_object_get(r, "element_id"));
		const json_t *in = json_object_get(r, "inherent");
		int colour = ka_risk_colour_parse(json_string_value(json_object_get(in, "colour")));
		json_int_t value = json_integer_value(json_object_get(in, "value"));

		if (!el) {
			process_level++;
			continue;
		}
		if (json_is_true(json_object_get(r, "orphan"))) {
			json_array_append(orphans, id);
			continue;
		}
		e = json_object_get(els, el);
		if (!e) {
			e = json_pack("{s:s, s:O, s:i, s:I, s:o, s:[]}", "element_id", el,
			              "element_name", json_object_get(r, "element_name"), "count",
			              0, "max_value", (json_int_t)0, "colour", json_null(),
			              "risks");
			json_object_set_new(els, el, e);
		}
		json_object_set_new(
		    e, "count", json_integer(json_integer_value(json_object_get(e, "count")) + 1));
		json_array_append(json_object_get(e, "risks"), id);
		if (value > json_integer_value(json_object_get(e, "max_value")))
			json_object_set_new(e, "max_value", json_integer(value));
		if (colour >= 0 &&
		    colour > ka_risk_colour_parse(json_string_value(json_object_get(e, "colour"))))
			json_object_set_new(e, "colour", json_string(ka_risk_colour_name(colour)));
	}
	json_object_foreach(els, k, v) json_array_append(list, v);
	json_decref(els);
	json_decref(items);
	ka_risk_scales_release(&sc);
	http_json(resp, 200,
	          json_pack("{s:I, s:o, s:o, s:o, s:i}", "process_id", (json_int_t)f.process_id,
	                    "map_version_id", vid ? json_integer(vid) : json_null(), "elements",
	                    list, "orphans", orphans, "process_level", process_level));
	return 0;
}

static int get_plan(struct http_req *req, struct http_resp *resp)
{
	const char *format = http_query(req, "format"), *lang;
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	json_t *items, *plan;
	char today[11], title[128];
	int err;

	lang = lang_of(req, resp, &err);
	if (err)
		return err;
	if (format && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "html"))
		return http_fail(resp, KA_ERR_USAGE, "format", "format must be json, csv or html");
	ka_risk_filter_init(&f);
	f.lang = http_query(req, "lang") ? lang : NULL;
	err = rk_query_id(req, resp, "process_id", &f.process_id);
	if (!err)
		err = rk_query_id(req, resp, "unit_id", &f.unit_id);
	if (!err)
		err = rk_query(req, resp, &f, &sc, &items);
	if (err)
		return err;
	plan = ka_risk_plan(items);
	json_decref(items);
	ka_risk_scales_release(&sc);
	pf_today(today);
	if (format && !strcmp(format, "csv")) {
		resp->content_type = "text/csv; charset=utf-8";
		snprintf(resp->disposition, sizeof(resp->disposition),
		         "attachment; filename=\"internal-control-plan-%s.csv\"", today);
		ka_risk_plan_csv(plan, &resp->body);
		json_decref(plan);
	} else if (format && !strcmp(format, "html")) {
		snprintf(title, sizeof(title), "%s %s",
		         !strcmp(lang, "nb")   ? "Internkontrollplan"
		         : !strcmp(lang, "sv") ? "Plan för intern kontroll"
		                               : "Internal-control plan",
		         today);
		resp->content_type = "text/html; charset=utf-8";
		ka_risk_plan_html(plan, lang, title, &resp->body);
		json_decref(plan);
	} else {
		http_json(resp, 200, plan);
	}
	return 0;
}

const struct http_route api_risk_view_routes[] = {
    {"GET", "/api/risks", list_risks, HTTP_READER},
    {"GET", "/api/risks/{id}", get_risk, HTTP_READER},
    {"GET", "/api/risks/{id}/actions", list_actions, HTTP_READER},
    {"GET", "/api/processes/{id}/risks", list_process_risks, HTTP_READER},
    {"GET", "/api/processes/{id}/risk-markers", get_markers, HTTP_READER},
    {"GET", "/api/risk-actions/overdue", list_overdue, HTTP_READER},
    {"GET", "/api/risk-scale", get_scale, HTTP_READER},
    {"GET", "/api/risk-scale/presets", get_presets, HTTP_READER},
    {"GET", "/api/risk-scales", list_scales, HTTP_READER},
    {"GET", "/api/risk-scales/{id}", get_scale_by_id, HTTP_READER},
    {"GET", "/api/risk-matrix", get_matrix, HTTP_READER},
    {"GET", "/api/risk-plan", get_plan, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
