/*
 * Role descriptions: the fixed outline of a role (summary, mandate,
 * tasks, ...) kept as a handbook page and a role_description form
 * (kartla/handbook.h). Reading follows the page's visibility; only
 * administrators write.
 */
#include <inttypes.h>
#include <stdio.h>

#include "http.h"
#include "kartla/handbook.h"
#include "kartla/banned.h"

/* The description as the reader may see it, with its page's version as ETag. */
static int answer(struct http_req *req, struct http_resp *resp, int64_t role_id)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *o = NULL;
	int64_t version = 0;
	int err = ka_handbook_role_get(req->st, &actor, role_id, &o, &version, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, version);
	http_json(resp, 200, o);
	return 0;
}

static int get_description(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	return err ? err : answer(req, resp, id);
}

static int put_description(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id, current = 0;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	err = ka_handbook_role_put(req->st, &actor, id, req->json, http_if_match_version(req),
	                           &current, &req->diag);
	if (err == KA_ERR_STALE)
		http_etag(resp, current);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	return answer(req, resp, id);
}

const struct http_route api_roledesc_routes[] = {
    {"GET", "/api/roles/{id}/description", get_description, HTTP_READER},
    {"PUT", "/api/roles/{id}/description", put_description, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
