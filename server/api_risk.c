/*
 * Writing the risk analysis over HTTP (docs/risk.md, docs/api.md "Risks"):
 * risks of a process with their scores, their actions, and the workspace's
 * risk scale. Each handler decodes the path and body, makes one call to
 * the register (kartla/risk_store.h: rules, permissions, transaction and
 * audit log are there) and encodes the answer. Reading is in
 * api_risk_views.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/risk_store.h"
#include "http.h"
#include "kartla/banned.h"

static int save_risk(struct http_req *req, struct http_resp *resp, bool create)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_list l;
	int64_t pid = 0, id = 0, version = 0;
	int err;

	err = http_param_id(req, resp, 0, create ? &pid : &id);
	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	err = ka_risk_store_save(req->st, &actor, pid, id, req->json, http_if_match_version(req),
	                         &l, &version, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	if (create)
		snprintf(resp->location, sizeof(resp->location), "/api/risks/%" PRId64,
		         l.items[0].id);
	http_etag(resp, version);
	http_json(resp, create ? 201 : 200, ka_risk_to_json(&l.items[0]));
	ka_risk_list_release(&l);
	return 0;
}

static int create_risk(struct http_req *req, struct http_resp *resp)
{
	return save_risk(req, resp, true);
}

static int patch_risk(struct http_req *req, struct http_resp *resp)
{
	return save_risk(req, resp, false);
}

static int delete_risk(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id, version = 0;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_delete(req->st, &actor, id, http_if_match_version(req),
		                           &version, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	resp->status = 204;
	return 0;
}

static int save_action(struct http_req *req, struct http_resp *resp, bool create)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t risk_id = 0, id = 0, version = 0;
	json_t *after = NULL;
	int err;

	err = http_param_id(req, resp, 0, create ? &risk_id : &id);
	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	err = ka_risk_store_action_save(req->st, &actor, risk_id, id, req->json,
	                                http_if_match_version(req), &after, &version, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	if (create)
		snprintf(resp->location, sizeof(resp->location), "/api/risk-actions/%" PRId64,
		         (int64_t)json_integer_value(json_object_get(after, "id")));
	http_etag(resp, version);
	http_json(resp, create ? 201 : 200, after);
	return 0;
}

static int create_action(struct http_req *req, struct http_resp *resp)
{
	return save_action(req, resp, true);
}

static int patch_action(struct http_req *req, struct http_resp *resp)
{
	return save_action(req, resp, false);
}

static int delete_action(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id, version = 0;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_action_delete(req->st, &actor, id, http_if_match_version(req),
		                                  &version, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	resp->status = 204;
	return 0;
}

/* PUT /api/risk-scale {"preset": "se4"} or {"scale": {...}}: a new current scale. */
static int put_scale(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_risk_scale scale;
	const char *preset = NULL;
	json_t *def = NULL;
	const struct http_field fields[] = {
	    {"preset", HTTP_F_STRING, 0, 32, &preset, NULL},
	    {"scale", HTTP_F_OBJECT, 0, 0, &def, NULL},
	};
	int64_t id = 0;
	int err = http_require_object(req, resp);

	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (!err)
		err =
		    ka_risk_store_scale_set(req->st, &actor, preset, def, &id, &scale, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, 0);
	http_json(resp, 200, ka_risk_scale_entry_to_json(id, &scale));
	return 0;
}

/* ---- categories ---- */

static int list_categories(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *j = NULL;
	int err = ka_risk_store_categories(req->st, &actor, &j, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, j);
	return 0;
}

static int save_category(struct http_req *req, struct http_resp *resp, bool create)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *j = NULL;
	int64_t id = 0;
	int err = create ? 0 : http_param_id(req, resp, 0, &id);

	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	err = ka_risk_store_category_save(req->st, &actor, id, req->json,
	                                  http_if_match_version(req), &j, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, json_integer_value(json_object_get(j, "version")));
	if (create)
		snprintf(resp->location, sizeof(resp->location), "/api/risk-categories/%" PRId64,
		         (int64_t)json_integer_value(json_object_get(j, "id")));
	http_json(resp, create ? 201 : 200, j);
	return 0;
}

static int create_category(struct http_req *req, struct http_resp *resp)
{
	return save_category(req, resp, true);
}

static int patch_category(struct http_req *req, struct http_resp *resp)
{
	return save_category(req, resp, false);
}

static int delete_category(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = ka_risk_store_category_delete(req->st, &actor, id, http_if_match_version(req),
		                                    &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}

const struct http_route api_risk_routes[] = {
    {"GET", "/api/risk-categories", list_categories, HTTP_READER},
    {"POST", "/api/risk-categories", create_category, HTTP_SIGNED_IN},
    {"PATCH", "/api/risk-categories/{id}", patch_category, HTTP_SIGNED_IN},
    {"DELETE", "/api/risk-categories/{id}", delete_category, HTTP_SIGNED_IN},
    {"PATCH", "/api/risks/{id}", patch_risk, HTTP_SIGNED_IN},
    {"DELETE", "/api/risks/{id}", delete_risk, HTTP_SIGNED_IN},
    {"POST", "/api/risks/{id}/actions", create_action, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/risks", create_risk, HTTP_SIGNED_IN},
    {"PATCH", "/api/risk-actions/{id}", patch_action, HTTP_SIGNED_IN},
    {"DELETE", "/api/risk-actions/{id}", delete_action, HTTP_SIGNED_IN},
    {"PUT", "/api/risk-scale", put_scale, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
