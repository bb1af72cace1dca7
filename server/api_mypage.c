/*
 * GET /api/me/overview over kartla/mypage.h: what is the signed-in user's
 * own (processes by role, approvals waiting for them, their reviews,
 * actions, submissions, courses, comments to answer and mapping
 * assignments), for my page.
 */
#include "http.h"
#include "kartla/mypage.h"
#include "kartla/banned.h"

static int get_overview(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out;
	int err;

	err = ka_mypage_overview(req->st, &actor, NULL, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

const struct http_route api_mypage_routes[] = {
    {"GET", "/api/me/overview", get_overview, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
