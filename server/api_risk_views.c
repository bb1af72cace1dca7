/*
 * Reading the risk analysis over HTTP (docs/risk.md): the risk list and
 * one risk with its history, actions, overdue actions, the workspace's
 * scales, the matrix (JSON and SVG), markers per map element and the
 * internal-control plan (JSON, CSV, HTML with its stylesheet at
 * /api/risk-plan.css). Each handler decodes the query, makes one call to
 * the register (kartla/risk_store.h) and renders the typed answer with
 * kartla/risk.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/risk_store.h"
#include "kartla/settings.h"
#include "http.h"
#include "kartla/banned.h"

/* ---- shared ---- */

/* A positive id from the query string (0 when absent); 400 naming the parameter. */
static int query_id(struct http_req *req, struct http_resp *resp, const char *name, int64_t *out)
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

/* ?lang: nb, sv or en (*lang NULL when absent). */
static int query_lang(struct http_req *req, struct http_resp *resp, const char **lang)
{
	*lang = http_query(req, "lang");
	if (*lang && strcmp(*lang, "nb") && strcmp(*lang, "sv") && strcmp(*lang, "en"))
		return http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	return 0;
}

/* ?format among the '|'-separated `formats` (*format NULL when absent). */
static int query_format(struct http_req *req, struct http_resp *resp, const char *formats,
                        const char *message, const char **format)
{
	size_t n;
	const char *p;

	*format = http_query(req, "format");
	if (!*format)
		return 0;
	n = strlen(*format);
	for (p = formats; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (!strncmp(p, *format, n) && (p[n] == '|' || !p[n]) && n)
			return 0;
	return http_fail(resp, KA_ERR_USAGE, "format", "%s", message);
}

/* The filter of a list from ?process_id, category, colour, owner_id, unit_id, orphan, sort. */
static int query_filter(struct http_req *req, struct http_resp *resp, struct ka_risk_filter *f)
{
	const char *colour = http_query(req, "colour"), *orphan = http_query(req, "orphan");
	const char *sort = http_query(req, "sort");
	int err;

	ka_risk_filter_init(f);
	err = query_id(req, resp, "process_id", &f->process_id);
	if (!err)
		err = query_id(req, resp, "owner_id", &f->owner_id);
	if (!err)
		err = query_id(req, resp, "unit_id", &f->unit_id);
	if (!err)
		err = query_lang(req, resp, &f->lang);
	if (err)
		return err;
	f->category = http_query(req, "category");
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

/* ---- risks ---- */

static int list_common(struct http_req *req, struct http_resp *resp, int64_t process_id)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_filter f;
	struct ka_risk_list l;
	struct http_page pg;
	int err;

	err = query_filter(req, resp, &f);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	if (process_id)
		f.process_id = process_id;
	err = ka_risk_store_list(req->st, &actor, &f, NULL, &l, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200,
	          http_page_json(
	              &pg,
	              ka_risk_list_to_json(&l, (size_t)pg.offset, (size_t)(pg.offset + pg.limit)),
	              (int64_t)l.n));
	ka_risk_list_release(&l);
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

static int get_risk(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_list l;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_get(req->st, &actor, id, true, &l, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, l.items[0].version);
	http_json(resp, 200, ka_risk_to_json(&l.items[0]));
	ka_risk_list_release(&l);
	return 0;
}

static int list_actions(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_list l;
	json_t *items = json_array();
	int64_t id;
	size_t i;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_get(req->st, &actor, id, false, &l, &req->diag);
	if (err) {
		json_decref(items);
		return http_fail_diag(resp, err, &req->diag);
	}
	for (i = 0; i < l.items[0].nactions; i++)
		json_array_append_new(items, ka_risk_action_to_json(&l.items[0].actions[i]));
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	ka_risk_list_release(&l);
	return 0;
}

/* Open actions past their due date, across the risks of ?process_id / ?unit_id. */
static int list_overdue(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_filter f;
	json_t *j = NULL;
	int err;

	/* the register's filter (process, owner, unit, category, colour; names in ?lang) */
	err = query_filter(req, resp, &f);
	if (err)
		return err;
	err = ka_risk_store_overdue(req->st, &actor, &f, &j, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, j);
	return 0;
}

static int get_markers(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *j = NULL;
	int64_t pid;
	int err = http_param_id(req, resp, 0, &pid);

	if (!err)
		err = ka_risk_store_markers(req->st, &actor, pid, &j, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, j);
	return 0;
}

/* ---- scales ---- */

static int get_scale(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	int err = ka_risk_store_scales_load(req->st, &sc, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, ka_risk_scale_entry_to_json(sc.current_id, &sc.current));
	ka_risk_scales_release(&sc);
	return 0;
}

static int list_scales(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scales sc;
	int err = ka_risk_store_scales_load(req->st, &sc, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, ka_risk_scales_to_json(&sc));
	ka_risk_scales_release(&sc);
	return 0;
}

static int get_scale_by_id(struct http_req *req, struct http_resp *resp)
{
	struct ka_risk_scale s;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_scale_get(req->st, id, &s, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, ka_risk_scale_entry_to_json(id, &s));
	return 0;
}

static int get_presets(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_json(resp, 200, ka_risk_presets_to_json());
	return 0;
}

/* ---- outputs ---- */

static int get_matrix(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	const char *format, *lang;
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	struct ka_risk_matrix m;
	struct ka_risk_list l;
	int err;

	err = query_lang(req, resp, &lang);
	if (!err)
		err = query_format(req, resp, "json|svg", "format must be json or svg", &format);
	if (!err)
		err = query_filter(req, resp, &f);
	if (err)
		return err;
	err = ka_risk_store_list(req->st, &actor, &f, &sc, &l, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	ka_risk_matrix_of(&m, sc.current.size, &l);
	if (format && !strcmp(format, "svg")) {
		resp->content_type = "image/svg+xml; charset=utf-8";
		ka_risk_matrix_svg(&sc.current, &m, lang ? lang : "en", &resp->body);
	} else {
		json_t *j = ka_risk_matrix_to_json(&sc.current, &m);

		json_object_set_new(j, "scale_id",
		                    sc.current_id ? json_integer(sc.current_id) : json_null());
		http_json(resp, 200, j);
	}
	ka_risk_list_release(&l);
	ka_risk_scales_release(&sc);
	return 0;
}

#define PLAN_CSS_PATH "/api/risk-plan.css"

static void plan_render(struct http_resp *resp, const struct ka_risk_plan *p, const char *format,
                        const char *lang, const char *org)
{
	char today[KA_DATE_LEN], title[128];

	ka_date_today(today);
	if (!strcmp(format, "csv")) {
		resp->content_type = "text/csv; charset=utf-8";
		snprintf(resp->disposition, sizeof(resp->disposition),
		         "attachment; filename=\"internal-control-plan-%s.csv\"", today);
		ka_risk_plan_csv(p, lang, &resp->body);
	} else {
		snprintf(title, sizeof(title), "%s %s", ka_risk_plan_title(lang), today);
		resp->content_type = "text/html; charset=utf-8";
		ka_risk_plan_html(p, lang, title, org, today, PLAN_CSS_PATH, &resp->body);
	}
}

static int get_plan(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	char org[KA_SETTING_ORGANISATION_MAX + 1];
	const char *format, *lang;
	struct ka_risk_filter f;
	struct ka_risk_list l;
	struct ka_risk_plan p;
	int err;

	ka_risk_filter_init(&f);
	err = query_lang(req, resp, &lang);
	if (!err)
		err = query_format(req, resp, "json|csv|html", "format must be json, csv or html",
		                   &format);
	if (!err)
		err = query_id(req, resp, "process_id", &f.process_id);
	if (!err)
		err = query_id(req, resp, "unit_id", &f.unit_id);
	if (err)
		return err;
	f.lang = lang;
	err = ka_risk_store_plan(req->st, &actor, &f, &l, &p, org, sizeof(org), &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	if (format && strcmp(format, "json"))
		plan_render(resp, &p, format, lang ? lang : "en", org);
	else
		http_json(resp, 200, ka_risk_plan_to_json(&p));
	ka_risk_plan_release(&p);
	ka_risk_list_release(&l);
	return 0;
}

/* The plan page's stylesheet: a file of its own, as the Content Security Policy wants. */
static int get_plan_css(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	resp->content_type = "text/css; charset=utf-8";
	resp->cacheable = true;
	return ka_buf_adds(&resp->body, ka_risk_plan_css());
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
    {"GET", "/api/risk-plan.css", get_plan_css, HTTP_PUBLIC},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
