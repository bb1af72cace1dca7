/*
 * Mapping assignments (the assignment template; status planned -> ongoing
 * -> analysed -> documented -> closed, allowed steps only), their
 * workshops, and the problems-and-ideas list with grouping, priority and
 * votes; an idea becomes an item of an activity plan (a forms row).
 * Facilitators and administrators write; anyone signed in may vote.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/assignment.h"
#include "kartla/msgcat.h"
#include "kartla/report.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

CRUD_HANDLER(assignments, list, ka_res_hb_assignments)
CRUD_HANDLER(assignments, create, ka_res_hb_assignments)
CRUD_HANDLER(assignments, get, ka_res_hb_assignments)
CRUD_HANDLER(assignments, patch, ka_res_hb_assignments)
CRUD_HANDLER(assignments, delete, ka_res_hb_assignments)

/* ---- status ---- */

static int post_status(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	const char *to = NULL;
	const struct http_field fields[] = {
	    {"status", HTTP_F_STRING, HTTP_F_REQUIRED, 20, &to, NULL},
	};
	json_t *o = NULL;
	int64_t id, version = 0;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 1);
	if (err)
		return err;
	err = ka_assignment_set_status(req->st, &actor, id, to, http_if_match_version(req), &o,
	                               &version, &req->diag);
	if (err == KA_ERR_STALE)
		http_etag(resp, version);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, version);
	http_json(resp, 200, o);
	return 0;
}

/* ---- workshops ---- */

CRUD_HANDLER(workshops, list, ka_res_hb_workshops)
CRUD_HANDLER(workshops, create, ka_res_hb_workshops)
CRUD_HANDLER(workshops_flat, get, ka_res_hb_workshops_flat)
CRUD_HANDLER(workshops_flat, patch, ka_res_hb_workshops_flat)
CRUD_HANDLER(workshops_flat, delete, ka_res_hb_workshops_flat)

/* ---- problems and ideas ---- */

CRUD_HANDLER(ideas, list, ka_res_hb_ideas)
CRUD_HANDLER(ideas, create, ka_res_hb_ideas)
CRUD_HANDLER(ideas_flat, list, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, get, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, patch, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, delete, ka_res_hb_ideas_flat)

static int run_vote(struct http_req *req, struct http_resp *resp, bool withdraw)
{
	struct ka_actor actor = http_ka_actor(req);
	char etag[KA_RES_ETAG_LEN] = "";
	json_t *o = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_assignment_vote(req->st, &actor, id, withdraw, &o, etag, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	http_json(resp, 200, o);
	return 0;
}

static int post_vote(struct http_req *req, struct http_resp *resp)
{
	return run_vote(req, resp, false);
}

static int delete_vote(struct http_req *req, struct http_resp *resp)
{
	return run_vote(req, resp, true);
}

/* Groups of one assignment's list: name, count, votes. */
static int get_groups(struct http_req *req, struct http_resp *resp)
{
	json_t *items = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_assignment_idea_groups(req->st, id, &items, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* Records a workshop wall's dots on an idea: {workshop_id, dots}. */
static int post_dots(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	char etag[KA_RES_ETAG_LEN] = "";
	int64_t idea, workshop = 0, dots = 0;
	const struct http_field fields[] = {
	    {"workshop_id", HTTP_F_INT, HTTP_F_REQUIRED, 0, &workshop, NULL},
	    {"dots", HTTP_F_INT, HTTP_F_REQUIRED, 0, &dots, NULL},
	};
	json_t *o = NULL;
	int err;

	err = http_param_id(req, resp, 0, &idea);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	err =
	    ka_assignment_record_dots(req->st, &actor, idea, workshop, dots, &o, etag, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	http_json(resp, 200, o);
	return 0;
}

/* ---- the activity plan: items, and the plan as CSV ---- */

CRUD_HANDLER(plan_items, list, ka_res_hb_plan_items)
CRUD_HANDLER(plan_items, create, ka_res_hb_plan_items)
CRUD_HANDLER(plan_items_flat, get, ka_res_hb_plan_items_flat)
CRUD_HANDLER(plan_items_flat, patch, ka_res_hb_plan_items_flat)
CRUD_HANDLER(plan_items_flat, delete, ka_res_hb_plan_items_flat)

/* ?lang=nb|sv|en: headings and status words (default en). */
static int get_plan_csv(struct http_req *req, struct http_resp *resp)
{
	const char *lang = http_query(req, "lang");
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	if (lang && strcmp(lang, "nb") && strcmp(lang, "sv") && strcmp(lang, "en"))
		return http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	err = ka_assignment_plan_csv(req->st, id, lang, &resp->body, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->content_type = "text/csv; charset=utf-8";
	snprintf(resp->disposition, sizeof(resp->disposition),
	         "attachment; filename=\"activity-plan-%" PRId64 ".csv\"", id);
	return 0;
}

/* The assignment's report as a PDF, in ?lang or the Accept-Language's language. */
static int get_report(struct http_req *req, struct http_resp *resp)
{
	const char *lang = http_query(req, "lang");
	struct ka_actor actor = http_ka_actor(req);
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	if (!lang)
		lang = ka_msgcat_lang(http_header(req, "Accept-Language"));
	err = ka_report_assignment_pdf(&resp->body, req->st, &actor, id, lang, NULL, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 200;
	resp->content_type = "application/pdf";
	snprintf(resp->disposition, sizeof(resp->disposition),
	         "inline; filename=\"assignment-%" PRId64 "-%s.pdf\"", id, lang);
	return 0;
}

/* ---- an idea into an activity plan ---- */

static int post_plan(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_assignment_plan in = {false, 0, NULL, NULL};
	const struct http_field fields[] = {
	    {"form_id", HTTP_F_INT, 0, 0, &in.form_id, NULL},
	    {"responsible", HTTP_F_STRING, HTTP_F_NONEMPTY, 200, &in.responsible, NULL},
	    {"due_date", HTTP_F_STRING, 0, 10, &in.due_date, NULL},
	};
	json_t *o = NULL;
	int64_t idea;
	int err;

	err = http_param_id(req, resp, 0, &idea);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	in.has_form_id = json_object_get(req->json, "form_id") != NULL;
	err = ka_assignment_plan_idea(req->st, &actor, idea, &in, &o, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 201, o);
	return 0;
}

const struct http_route api_assignments_routes[] = {
    {"GET", "/api/assignments", assignments_list, HTTP_READER},
    {"POST", "/api/assignments", assignments_create, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}", assignments_get, HTTP_READER},
    {"PATCH", "/api/assignments/{id}", assignments_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/assignments/{id}", assignments_delete, HTTP_SIGNED_IN},
    {"POST", "/api/assignments/{id}/status", post_status, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/workshops", workshops_list, HTTP_READER},
    {"POST", "/api/assignments/{id}/workshops", workshops_create, HTTP_SIGNED_IN},
    {"GET", "/api/workshops/{id}", workshops_flat_get, HTTP_READER},
    {"PATCH", "/api/workshops/{id}", workshops_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/workshops/{id}", workshops_flat_delete, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/ideas", ideas_list, HTTP_READER},
    {"POST", "/api/assignments/{id}/ideas", ideas_create, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/idea-groups", get_groups, HTTP_READER},
    {"GET", "/api/assignments/{id}/report.pdf", get_report, HTTP_READER},
    {"GET", "/api/ideas", ideas_flat_list, HTTP_READER},
    {"GET", "/api/ideas/{id}", ideas_flat_get, HTTP_READER},
    {"PATCH", "/api/ideas/{id}", ideas_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/ideas/{id}", ideas_flat_delete, HTTP_SIGNED_IN},
    {"POST", "/api/ideas/{id}/vote", post_vote, HTTP_SIGNED_IN},
    {"DELETE", "/api/ideas/{id}/vote", delete_vote, HTTP_SIGNED_IN},
    {"POST", "/api/ideas/{id}/activity-plan", post_plan, HTTP_SIGNED_IN},
    {"POST", "/api/ideas/{id}/dots", post_dots, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/plan-items", plan_items_list, HTTP_READER},
    {"POST", "/api/assignments/{id}/plan-items", plan_items_create, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/plan.csv", get_plan_csv, HTTP_READER},
    {"GET", "/api/plan-items/{id}", plan_items_flat_get, HTTP_READER},
    {"PATCH", "/api/plan-items/{id}", plan_items_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/plan-items/{id}", plan_items_flat_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
