/*
 * The HTTP side of the table-driven resources (crud.h): requests in,
 * ka_res_* (kartla/resource.h) calls, answers out. No SQL and no rule here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/banned.h"

int crud_vis_level(struct http_req *req, int *level)
{
	struct ka_actor a = http_ka_actor(req);

	return ka_res_vis_level(req->st, &a, level, &req->diag);
}

int crud_can_write(struct http_req *req, struct http_resp *resp, enum ka_res_perm perm)
{
	struct ka_actor a = http_ka_actor(req);
	int err = ka_res_can_write(req->st, &a, perm, &req->diag);

	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

static const char *query_of(const void *ctx, const char *name)
{
	return http_query(ctx, name);
}

int crud_list(const struct ka_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	struct ka_res_query q = {0, query_of, req, 0, 0};
	struct http_page pg;
	json_t *items = NULL;
	int64_t total = 0;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (!err && res->parent)
		err = http_param_id(req, resp, 0, &q.parent);
	if (err)
		return err;
	q.limit = pg.limit;
	q.offset = pg.offset;
	err = ka_res_list(req->st, &a, res, &q, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

int crud_get(const struct ka_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	char etag[KA_RES_ETAG_LEN];
	json_t *o = NULL;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = ka_res_get(req->st, &a, res, id, &o, etag, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	http_json(resp, 200, o);
	return 0;
}

/* The answer to a write: the row and its ETag, or the error (412 keeps the current ETag). */
static int answer_write(struct http_req *req, struct http_resp *resp, int err, int status,
                        struct ka_res_result *r)
{
	if (err) {
		if (err == KA_ERR_STALE && r->etag[0])
			snprintf(resp->etag, sizeof(resp->etag), "%s", r->etag);
		return http_fail_diag(resp, err, &req->diag);
	}
	snprintf(resp->etag, sizeof(resp->etag), "%s", r->etag);
	http_json(resp, status, r->obj);
	r->obj = NULL;
	return 0;
}

/* Whether path parameter i is an id (http_param_id without recording an error). */
static bool id_ok(const struct http_req *req, size_t i)
{
	const char *s = i < req->nparams ? req->params[i] : NULL;
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 18 || strspn(s, "0123456789") != n)
		return false;
	return strtoll(s, NULL, 10) > 0;
}

/*
 * A write whose path or body is unusable: who may not write learns that
 * first (401/403), then the 404 for the path or the 400/415 for the body.
 */
static int refuse_write(const struct ka_res *res, struct http_req *req, struct http_resp *resp,
                        bool nested)
{
	struct ka_actor a = http_ka_actor(req);
	int64_t id;
	int err = ka_res_can_write(req->st, &a, res->write, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	if (nested && (err = http_param_id(req, resp, 0, &id)))
		return err;
	return http_require_object(req, resp);
}

int crud_create(const struct ka_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	struct ka_res_result r;
	int64_t parent = 0;
	int err;

	memset(&r, 0, sizeof(r));
	if ((res->parent && !id_ok(req, 0)) || !json_is_object(req->json))
		return refuse_write(res, req, resp, res->parent != NULL);
	if (res->parent && (err = http_param_id(req, resp, 0, &parent)))
		return err;
	err = ka_res_create(req->st, &a, res, parent, req->json, &r, &req->diag);
	if (!err && !res->parent)
		snprintf(resp->location, sizeof(resp->location), "%s/%" PRId64, req->path, r.id);
	return answer_write(req, resp, err, 201, &r);
}

int crud_patch(const struct ka_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	struct ka_res_result r;
	int64_t id;
	int err;

	memset(&r, 0, sizeof(r));
	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	if (!json_is_object(req->json))
		return refuse_write(res, req, resp, false);
	err = ka_res_patch(req->st, &a, res, id, req->if_match, req->json, &r, &req->diag);
	return answer_write(req, resp, err, 200, &r);
}

int crud_delete(const struct ka_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	char etag[KA_RES_ETAG_LEN] = "";
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = ka_res_delete(req->st, &a, res, id, req->if_match, etag, &req->diag);
	if (err) {
		if (err == KA_ERR_STALE && etag[0])
			snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
		return http_fail_diag(resp, err, &req->diag);
	}
	resp->status = 204;
	return 0;
}

int crud_delete_with(crud_delete_fn del, struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	char etag[KA_RES_ETAG_LEN] = "";
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = del(req->st, &actor, id, req->if_match, etag, &req->diag);
	if (err == KA_ERR_STALE && etag[0])
		snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}
