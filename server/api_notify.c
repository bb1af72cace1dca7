/*
 * The signed-in person's e-mail notification preferences (lib/notify):
 * GET and PUT /api/me/notifications.
 */
#include "http.h"
#include "kartla/notify.h"
#include "kartla/banned.h"

static int get_prefs(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int err = ka_notify_prefs_get(req->st, &actor, &out, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int put_prefs(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int err = http_require_object(req, resp);

	if (err)
		return err;
	err = ka_notify_prefs_put(req->st, &actor, req->json, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

const struct http_route api_notify_routes[] = {
    {"GET", "/api/me/notifications", get_prefs, HTTP_SIGNED_IN},
    {"PUT", "/api/me/notifications", put_prefs, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, 0},
};
