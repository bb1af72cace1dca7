/*
 * Event logs stored with a process (kartla/logdb.h) over HTTP:
 *   POST   /api/processes/{id}/logs?name=&case=&activity=&timestamp=&start=
 *          &resource=&tz=&skip_bad=   body: the file (CSV or XES, plain or gzip)
 *   GET    /api/processes/{id}/logs
 *   GET    /api/logs/{id}?basis=calendar|working
 *   DELETE /api/logs/{id}
 *   GET    /api/logs/{id}/conformance?version=N&basis=&method=token_replay|dfg
 *   POST   /api/logs/{id}/proposal?version=N&basis=
 *   GET    /api/logs/{id}/leadtime?version=N&basis=   (lead time from the measurements)
 *   GET|PUT /api/processes/{id}/log-mapping   {mapping: {"ACTIVITY": "ID" or null}}
 * Each handler decodes the path and query, calls one library function and
 * encodes its answer. A log that does not read is 422 "invalid_log" with
 * the file's line and column in the error ("line", "column").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "server.h"
#include "kartla/logdb.h"
#include "kartla/banned.h"

/* A whole number query parameter >= 0 (absent: 0). */
static int query_num(struct http_req *req, struct http_resp *resp, const char *name, int64_t *out)
{
	const char *s = http_query(req, name);
	char *end;
	long long v;

	*out = 0;
	if (!s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || *end)
		return http_fail(resp, KA_ERR_USAGE, name, "'%s' must be a whole number", name);
	*out = v;
	return 0;
}

/* "+01:00", "-0130", "Z" or "UTC" (a '+' may arrive as a space) into minutes east of UTC. */
static int query_tz(struct http_req *req, struct http_resp *resp, int *minutes)
{
	const char *s = http_query(req, "tz");
	int sign, h, m;
	size_t n;

	*minutes = 0;
	if (!s || !strcmp(s, "Z") || !strcmp(s, "UTC"))
		return 0;
	n = strlen(s);
	sign = s[0] == '-' ? -1 : 1;
	if ((s[0] != '+' && s[0] != '-' && s[0] != ' ') || (n != 6 && n != 5) ||
	    strspn(s + 1, "0123456789:") != n - 1 || (n == 6 && s[3] != ':') ||
	    (n == 5 && s[3] == ':'))
		goto bad;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	m = n == 6 ? (s[4] - '0') * 10 + (s[5] - '0') : (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 18 || m > 59)
		goto bad;
	*minutes = sign * (h * 60 + m);
	return 0;
bad:
	return http_fail(resp, KA_ERR_USAGE, "tz", "'tz' must be an offset such as +01:00");
}

static const char *q(struct http_req *req, const char *name)
{
	const char *s = http_query(req, name);

	return s && *s ? s : NULL;
}

/* A log that did not read: 422 with its line and column. */
static int fail_log(struct http_req *req, struct http_resp *resp, int err)
{
	if (strcmp(req->diag.element_id, "file") || (err != KA_ERR_INVALID && err != KA_ERR_LIMIT))
		return http_fail_diag(resp, err, &req->diag);
	http_fail_status(resp, 422, err == KA_ERR_LIMIT ? "limit" : "invalid_log", err, "file",
	                 "%s", req->diag.message);
	resp->err_line = req->diag.line;
	resp->err_column = req->diag.column;
	return err;
}

static int post_log(struct http_req *req, struct http_resp *resp)
{
	struct ka_logdb_upload in;
	struct ka_actor actor = http_ka_actor(req);
	const char *skip = http_query(req, "skip_bad");
	json_t *out = NULL;
	int64_t pid;
	int err;

	ka_logdb_upload_init(&in);
	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = query_tz(req, resp, &in.tz_minutes);
	if (err)
		return err;
	in.name = http_query(req, "name");
	in.col_case = q(req, "case");
	in.col_activity = q(req, "activity");
	in.col_time = q(req, "timestamp");
	in.col_start = q(req, "start");
	in.col_resource = q(req, "resource");
	in.skip_bad = skip && (!strcmp(skip, "1") || !strcmp(skip, "true"));
	in.data = req->body.data;
	in.len = req->body.len;
	in.max_bytes = req->srv->cfg.max_log_body;
	err = ka_logdb_upload(req->st, &actor, pid, &in, &out, &req->diag);
	if (err)
		return fail_log(req, resp, err);
	snprintf(resp->location, sizeof(resp->location), "/api/logs/%lld",
	         (long long)json_integer_value(json_object_get(out, "id")));
	http_json(resp, 201, out);
	return 0;
}

static int list_logs(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	int64_t pid;
	int err = http_param_id(req, resp, 0, &pid);

	if (err)
		return err;
	err = ka_logdb_list(req->st, pid, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int get_log(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_logdb_get(req->st, id, http_query(req, "basis"), &out, &req->diag);
	if (err)
		return fail_log(req, resp, err);
	http_json(resp, 200, out);
	return 0;
}

static int delete_log(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_logdb_delete(req->st, &actor, id, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}

static int check_query(struct http_req *req, struct http_resp *resp, struct ka_logdb_check *c)
{
	memset(c, 0, sizeof(*c));
	c->basis = http_query(req, "basis");
	c->method = http_query(req, "method");
	return query_num(req, resp, "version", &c->version);
}

static int get_conformance(struct http_req *req, struct http_resp *resp)
{
	struct ka_logdb_check c;
	json_t *out = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = check_query(req, resp, &c);
	if (err)
		return err;
	err = ka_logdb_conformance(req->st, id, &c, &out, &req->diag);
	if (err)
		return fail_log(req, resp, err);
	http_json(resp, 200, out);
	return 0;
}

static int post_proposal(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_logdb_check c;
	int64_t id, number = 0;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = check_query(req, resp, &c);
	if (err)
		return err;
	err = ka_logdb_propose(req->st, &actor, id, &c, &number, &req->diag);
	if (err)
		return fail_log(req, resp, err);
	http_json(resp, 201, json_pack("{s:I}", "version", (json_int_t)number));
	return 0;
}

static int get_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_logdb_check c;
	json_t *out = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = check_query(req, resp, &c);
	if (err)
		return err;
	err = ka_logdb_leadtime(req->st, id, &c, &out, &req->diag);
	if (err)
		return fail_log(req, resp, err);
	http_json(resp, 200, out);
	return 0;
}

static int get_mapping(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	int64_t pid;
	int err = http_param_id(req, resp, 0, &pid);

	if (err)
		return err;
	err = ka_logdb_mapping_get(req->st, pid, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int put_mapping(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL, *m;
	int64_t pid;
	int err = http_param_id(req, resp, 0, &pid);

	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	m = json_object_get(req->json, "mapping");
	if (!m)
		return http_fail(resp, KA_ERR_INVALID, "mapping", "'mapping' is required");
	err = ka_logdb_mapping_put(req->st, &actor, pid, m, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

const struct http_route api_logs_routes[] = {
    {"POST", "/api/processes/{id}/logs", post_log, HTTP_SIGNED_IN},
    {"GET", "/api/processes/{id}/logs", list_logs, HTTP_READER},
    {"GET", "/api/processes/{id}/log-mapping", get_mapping, HTTP_READER},
    {"PUT", "/api/processes/{id}/log-mapping", put_mapping, HTTP_SIGNED_IN},
    {"GET", "/api/logs/{id}", get_log, HTTP_READER},
    {"DELETE", "/api/logs/{id}", delete_log, HTTP_SIGNED_IN},
    {"GET", "/api/logs/{id}/conformance", get_conformance, HTTP_READER},
    {"POST", "/api/logs/{id}/proposal", post_proposal, HTTP_SIGNED_IN},
    {"GET", "/api/logs/{id}/leadtime", get_leadtime, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
