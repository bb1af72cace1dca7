/*
 * Read confirmation of approved versions (kartla/readconf.h): my open
 * "read and understood" tasks, confirming one, and, for the process owner,
 * its responsible/leader and administrators, who has confirmed a version
 * and a "send reminders now". Each handler calls one library function.
 */
#include "server.h"
#include "kartla/readconf.h"
#include "kartla/banned.h"

static int get_mine(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int err = ka_readconf_mine(req->st, &actor, NULL, &out, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int post_confirm(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_readconf_confirm(req->st, &actor, id, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int get_status(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int64_t pid, vid;
	int err = http_param_id(req, resp, 0, &pid);

	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (err)
		return err;
	err = ka_readconf_status(req->st, &actor, pid, vid, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

/* The e-mail outbox is wired by the lead (a ka_readconf_cb); until then only the marks. */
static int post_remind(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t pid, vid, n = 0;
	int err = http_param_id(req, resp, 0, &pid);

	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (err)
		return err;
	err = ka_readconf_remind_now(req->st, &actor, pid, vid, NULL, ka_readconf_queue_mail, NULL,
	                             &n, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, json_pack("{s:I}", "reminded", (json_int_t)n));
	return 0;
}

const struct http_route api_readconf_routes[] = {
    {"GET", "/api/me/read-confirmations", get_mine, HTTP_SIGNED_IN},
    {"POST", "/api/read-confirmations/{id}/confirm", post_confirm, HTTP_SIGNED_IN},
    {"GET", "/api/processes/{id}/versions/{vid}/read-confirmations", get_status, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/versions/{vid}/read-confirmations/remind", post_remind,
     HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
