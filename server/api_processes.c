/*
 * The process architecture API over kartla/process.h: each handler decodes
 * the request, calls one library function (which runs the transaction,
 * checks permissions and rules and writes the audit row) and encodes the
 * answer. PATCH and DELETE honour If-Match; the ETag is the row version.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/msgcat.h"
#include "kartla/process.h"
#include "kartla/report.h"
#include "kartla/banned.h"

/* Answers a process (JSON, new reference stolen) with its version as ETag. */
static int answer(struct http_resp *resp, int status, json_t *p)
{
	http_etag(resp, json_integer_value(json_object_get(p, "version")));
	http_json(resp, status, p);
	return 0;
}

static int decode(struct http_req *req, struct http_resp *resp, struct ka_process_in *in,
                  bool create)
{
	const struct http_field fields[] = {
	    {"parent_id", HTTP_F_INT, HTTP_F_NULLABLE, 0, &in->parent_id, &in->has_parent},
	    {"position", HTTP_F_INT, 0, 0, &in->position, &in->has_position},
	    {"type", HTTP_F_STRING, create ? HTTP_F_REQUIRED : 0, 32, &in->type, NULL},
	    {"name", HTTP_F_OBJECT, create ? HTTP_F_REQUIRED : 0, 0, &in->name, NULL},
	    {"status", HTTP_F_STRING, 0, 32, &in->status, NULL},
	    {"review_interval_days", HTTP_F_INT, HTTP_F_NULLABLE, 0, &in->interval_days,
	     &in->has_interval},
	    {"next_review_date", HTTP_F_STRING, HTTP_F_NULLABLE, 32, &in->next_review_date,
	     &in->has_next},
	    {"specification", HTTP_F_OBJECT, 0, 0, &in->spec, NULL},
	};
	int err;

	memset(in, 0, sizeof(*in));
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (err)
		return err;
	in->parent_null =
	    in->has_parent && !json_is_integer(json_object_get(req->json, "parent_id"));
	in->interval_null = in->has_interval &&
	                    !json_is_integer(json_object_get(req->json, "review_interval_days"));
	return 0;
}

static int post_process(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_process_in in;
	json_t *p;
	int err;

	err = decode(req, resp, &in, true);
	if (err)
		return err;
	err = ka_process_create(req->st, &actor, &in, &p, &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, 0);
	snprintf(resp->location, sizeof(resp->location), "/api/processes/%" PRId64,
	         (int64_t)json_integer_value(json_object_get(p, "id")));
	return answer(resp, 201, p);
}

static int get_process(struct http_req *req, struct http_resp *resp)
{
	json_t *p;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = ka_process_get(req->st, id, &p, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	return answer(resp, 200, p);
}

/*
 * The process description document as a PDF, in ?lang or else the
 * Accept-Language's language; the reader's rights are the process page's.
 * Nothing is stored.
 */
static int get_report(struct http_req *req, struct http_resp *resp)
{
	const char *lang = http_query(req, "lang");
	struct ka_actor actor = http_ka_actor(req);
	char name[64];
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	if (!lang)
		lang = ka_msgcat_lang(http_header(req, "Accept-Language"));
	err = ka_report_process_pdf(&resp->body, req->st, &actor, id, lang, NULL, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 200;
	resp->content_type = "application/pdf";
	snprintf(name, sizeof(name), "process-%" PRId64 "-%s.pdf", id, lang);
	snprintf(resp->disposition, sizeof(resp->disposition), "inline; filename=\"%s\"", name);
	return 0;
}

static bool is_true(const char *s)
{
	return !strcmp(s, "1") || !strcmp(s, "true");
}

static int get_processes(struct http_req *req, struct http_resp *resp)
{
	const char *tree = http_query(req, "tree"), *parent = http_query(req, "parent");
	struct ka_process_filter f = {-1, http_query(req, "status"), http_query(req, "type"), 0, 0};
	struct http_page pg;
	json_t *items;
	int64_t total;
	int err;

	if (tree && !is_true(tree) && strcmp(tree, "0") && strcmp(tree, "false"))
		return http_fail(resp, KA_ERR_USAGE, "tree", "tree must be 1 or 0");
	if (parent && strcmp(parent, "root")) {
		char *end;

		f.parent = strtoll(parent, &end, 10);
		if (*end || f.parent < 1)
			return http_fail(resp, KA_ERR_USAGE, "parent",
			                 "parent must be a process id or 'root'");
	} else if (parent) {
		f.parent = 0;
	}
	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	if (tree && is_true(tree)) {
		err = ka_process_tree(req->st, &items, &req->diag);
		if (err)
			return http_fail_diag(resp, err, &req->diag);
		http_json(resp, 200, json_pack("{s:o}", "items", items));
		return 0;
	}
	f.limit = pg.limit;
	f.offset = pg.offset;
	err = ka_process_list(req->st, &f, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

static int patch_process(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_process_in in;
	int64_t id, version;
	json_t *p;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = decode(req, resp, &in, false);
	if (err)
		return err;
	err = ka_process_patch(req->st, &actor, id, &in, http_if_match_version(req), &p, &version,
	                       &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	return answer(resp, 200, p);
}

static int delete_process(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id, version;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = ka_process_delete(req->st, &actor, id, http_if_match_version(req), &version,
	                        &req->diag);
	if (err)
		return http_fail_stale(req, resp, err, version);
	resp->status = 204;
	return 0;
}

/* The history: audit entries of the process and its map versions, newest first, paged. */
static int get_history(struct http_req *req, struct http_resp *resp)
{
	struct http_page pg;
	json_t *items;
	int64_t id, total;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	err = ka_process_history(req->st, id, pg.limit, pg.offset, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

const struct http_route api_processes_routes[] = {
    {"GET", "/api/processes", get_processes, HTTP_READER},
    {"POST", "/api/processes", post_process, HTTP_SIGNED_IN},
    {"GET", "/api/processes/{id}", get_process, HTTP_READER},
    {"PATCH", "/api/processes/{id}", patch_process, HTTP_SIGNED_IN},
    {"DELETE", "/api/processes/{id}", delete_process, HTTP_ADMIN},
    {"GET", "/api/processes/{id}/history", get_history, HTTP_READER},
    {"GET", "/api/processes/{id}/report.pdf", get_report, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
