/*
 * Responses: the one table from error codes to HTTP statuses and error
 * code strings, error bodies, ETag / If-Match and pagination helpers. No
 * libmicrohttpd here, so the fuzzers and unit tests can link it alone.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/etag.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

static const struct {
	int err;
	int status;
	const char *code;
} err_table[] = {
    {KA_ERR_USAGE, 400, "bad_request"}, {KA_ERR_AUTH, 401, "unauthorized"},
    {KA_ERR_PERM, 403, "forbidden"},    {KA_ERR_NOT_FOUND, 404, "not_found"},
    {KA_ERR_CONFLICT, 409, "conflict"}, {KA_ERR_STALE, 412, "stale"},
    {KA_ERR_TOO_BIG, 413, "too_large"}, {KA_ERR_INVALID, 422, "invalid"},
    {KA_ERR_XML, 422, "invalid_xml"},   {KA_ERR_BPMN, 422, "invalid_bpmn"},
    {KA_ERR_REF, 422, "invalid_bpmn"},  {KA_ERR_LIMIT, 422, "limit"},
    {KA_ERR_BUSY, 503, "busy"},         {KA_ERR_DB, 500, "internal"},
    {KA_ERR_IO, 500, "internal"},
};

int http_status_of(int err)
{
	size_t i;

	if (err == 0)
		return 200;
	for (i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].err == err)
			return err_table[i].status;
	return 500;
}

const char *http_code_of(int err)
{
	size_t i;

	for (i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].err == err)
			return err_table[i].code;
	return "internal";
}

static void set_error(struct http_resp *resp, int status, const char *code, const char *field,
                      const char *fmt, va_list ap)
{
	va_list aq;

	if (resp->err_code[0])
		return; /* the first error recorded is the answer (a 404 stays a 404) */
	resp->status = status;
	snprintf(resp->err_code, sizeof(resp->err_code), "%s", code);
	snprintf(resp->err_field, sizeof(resp->err_field), "%s", field ? field : "");
	va_copy(aq, ap);
	vsnprintf(resp->err_message, sizeof(resp->err_message), fmt, aq);
	va_end(aq);
	ka_diag_init(&resp->err_diag, NULL);
	resp->err_diag.msgid = fmt;
	ka_msg_params_vfill(&resp->err_diag.params, fmt, ap);
	snprintf(resp->err_diag.message, sizeof(resp->err_diag.message), "%s", resp->err_message);
	if (resp->json) {
		json_decref(resp->json);
		resp->json = NULL;
	}
}

int http_fail(struct http_resp *resp, int err, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_error(resp, http_status_of(err), http_code_of(err), field, fmt, ap);
	va_end(ap);
	if (err == KA_ERR_BUSY && !resp->retry_after)
		resp->retry_after = 1;
	return err;
}

int http_fail_status(struct http_resp *resp, int status, const char *code, int err,
                     const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_error(resp, status, code, field, fmt, ap);
	va_end(ap);
	return err;
}

int http_store_fail(struct http_resp *resp, int err, const struct ka_diag *diag)
{
	switch (err) {
	case KA_ERR_CONFLICT:
		return http_fail(resp, err, NULL, "the change conflicts with existing data");
	case KA_ERR_BUSY:
		return http_fail(resp, err, NULL, "the database is busy; try again");
	default:
		fprintf(stderr, "kartla: serve: database error: %s\n",
		        diag && diag->message[0] ? diag->message : ka_strerror(err));
		return http_fail(resp, KA_ERR_DB, NULL, "internal error");
	}
}

int http_fail_diag(struct http_resp *resp, int err, const struct ka_diag *diag)
{
	const char *msg = diag && diag->message[0] ? diag->message : ka_strerror(err);
	const char *field = diag && diag->element_id[0] ? diag->element_id : NULL;

	switch (err) {
	case 0:
		return 0;
	case KA_ERR_DB:
	case KA_ERR_IO:
		fprintf(stderr, "kartla: serve: %s: %s\n", ka_strerror(err), msg);
		return http_fail(resp, err, NULL, "internal error");
	case KA_ERR_BUSY:
		return http_fail(resp, err, NULL, "the database is busy; try again");
	case KA_ERR_CONFLICT:
		if (diag && diag->backend) /* a constraint the library did not explain: log it */
			fprintf(stderr, "kartla: serve: conflict: %s\n", diag->message);
		if (!diag || !diag->message[0] || diag->backend)
			return http_fail(resp, err, NULL,
			                 "the change conflicts with existing data");
		/* fall through */
	default:
		if (resp->err_code[0])
			return err;
		http_fail(resp, err, field, "%s", msg);
		if (diag && diag->message[0]) /* the library's message, to translate when sent */
			resp->err_diag = *diag;
		return err;
	}
}

struct ka_actor http_ka_actor(const struct http_req *req)
{
	struct ka_actor a = {req->actor.user_id, req->actor.is_admin,
	                     req->actor.name[0] ? req->actor.name : NULL};

	return a;
}

void http_json(struct http_resp *resp, int status, json_t *body)
{
	if (resp->json)
		json_decref(resp->json);
	resp->json = body;
	resp->status = status;
}

void http_resp_init(struct http_resp *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->file_fd = -1;
	ka_buf_init(&resp->body, KA_BUF_UNLIMITED);
}

void http_resp_release(struct http_resp *resp)
{
	if (resp->json)
		json_decref(resp->json);
	resp->json = NULL;
	ka_buf_release(&resp->body);
	if (resp->prefix_release)
		resp->prefix_release(resp->prefix_ctx);
	resp->prefix_release = NULL;
}

int http_require_object(struct http_req *req, struct http_resp *resp)
{
	if (req->json && json_is_object(req->json))
		return 0;
	if (req->json)
		return http_fail(resp, KA_ERR_USAGE, NULL,
		                 "the request body must be a JSON object");
	if (req->body.len)
		return http_fail_status(resp, 415, "unsupported_media_type", KA_ERR_USAGE, NULL,
		                        "the request body must be sent as application/json");
	return http_fail(resp, KA_ERR_USAGE, NULL, "a JSON object body is required");
}

static int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (!s || !*s || strlen(s) > 18)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int http_param_id(const struct http_req *req, struct http_resp *resp, size_t i, int64_t *out)
{
	if (i >= req->nparams || parse_i64(req->params[i], 1, INT64_MAX, out))
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such id '%s'",
		                 i < req->nparams ? req->params[i] : "");
	return 0;
}

int http_page_parse(const struct http_req *req, struct http_resp *resp, struct http_page *pg)
{
	const char *l = http_query(req, "limit"), *o = http_query(req, "offset");

	pg->limit = HTTP_PAGE_DEFAULT;
	pg->offset = 0;
	if (l && parse_i64(l, 1, HTTP_PAGE_MAX, &pg->limit))
		return http_fail(resp, KA_ERR_USAGE, "limit",
		                 "limit must be an integer from 1 to %d", HTTP_PAGE_MAX);
	if (o && parse_i64(o, 0, INT64_C(999999999999999999), &pg->offset))
		return http_fail(resp, KA_ERR_USAGE, "offset",
		                 "offset must be a non-negative integer");
	return 0;
}

json_t *http_page_json(const struct http_page *pg, json_t *items, int64_t total)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
	                 "limit", (json_int_t)pg->limit, "offset", (json_int_t)pg->offset);
}

void http_etag(struct http_resp *resp, int64_t version)
{
	snprintf(resp->etag, sizeof(resp->etag), "v%" PRId64, version);
}

int http_if_match_tag(const struct http_req *req, struct http_resp *resp, const char *tag,
                      bool required)
{
	if (!req->if_match) {
		if (!required)
			return 0;
		return http_fail_status(resp, 428, "precondition_required", KA_ERR_STALE, NULL,
		                        "this write needs an If-Match header with the ETag "
		                        "from your last read");
	}
	if (ka_etag_matches(req->if_match, tag))
		return 0;
	snprintf(resp->etag, sizeof(resp->etag), "%s", tag);
	return http_fail(resp, KA_ERR_STALE, NULL,
	                 "the resource has changed since you read it (current ETag \"%s\"); "
	                 "read it again and retry",
	                 tag);
}

int http_if_match(const struct http_req *req, struct http_resp *resp, int64_t version,
                  bool required)
{
	char tag[32];

	snprintf(tag, sizeof(tag), "v%" PRId64, version);
	return http_if_match_tag(req, resp, tag, required);
}

int64_t http_if_match_version(const struct http_req *req)
{
	const char *h = req->if_match;

	if (!h)
		return -1;
	if (h[strspn(h, " \t")] == '*')
		return -1;
	for (; (h = strstr(h, "\"v")); h++) {
		char *end;
		long long v;

		if (h > req->if_match && h[-1] == '/')
			continue; /* W/"v1": a weak tag never matches */
		v = strtoll(h + 2, &end, 10);
		if (end > h + 2 && *end == '"' && v > 0)
			return v;
	}
	return 0;
}

int http_fail_stale(struct http_req *req, struct http_resp *resp, int err, int64_t version)
{
	if (err == KA_ERR_STALE && version > 0)
		http_etag(resp, version);
	return http_fail_diag(resp, err, &req->diag);
}

void http_etag_row(char out[32], const struct ka_rows *rows, size_t r)
{
	ka_etag_row(out, rows, r);
}
