/*
 * The handbook API: Markdown pages in a tree with attachments and a
 * visibility (kartla/handbook.h holds every rule: who reads, who writes,
 * titles, slugs). Handlers decode the request, call the library and
 * encode the answer; a page the reader may not read answers 404.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/handbook.h"
#include "kartla/resource_hb.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

CRUD_HANDLER(pages, list, ka_res_hb_pages)
CRUD_HANDLER(pages, create, ka_res_hb_pages)
CRUD_HANDLER(pages, patch, ka_res_hb_pages)

/* DELETE /api/handbook/pages/{id}: a role description page only by administrators. */
static int page_delete(struct http_req *req, struct http_resp *resp)
{
	return crud_delete_with(ka_handbook_page_delete, req, resp);
}

/* GET /api/handbook/pages/{id}: the page, its HTML, its readable children and attachments. */
static int page_get(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *o = NULL;
	int64_t id, version = 0;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_handbook_page_get(req->st, &actor, id, &o, &version, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, version);
	http_json(resp, 200, o);
	return 0;
}

/* GET /api/handbook/tree: every page the reader may read, nested. */
static int get_tree(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *items = NULL;
	int err = ka_handbook_tree(req->st, &actor, &items, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- attachments ---- */

static int post_attachment(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_handbook_file f;
	const char *data = NULL;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &f.name, NULL},
	    {"content_type", HTTP_F_STRING, HTTP_F_REQUIRED, 200, &f.content_type, NULL},
	    {"data", HTTP_F_STRING, HTTP_F_REQUIRED, KA_HANDBOOK_ATTACHMENT_MAX / 3 * 4 + 8, &data,
	     NULL},
	};
	int64_t page, id = 0;
	size_t cap;
	int err;

	memset(&f, 0, sizeof(f));
	err = http_param_id(req, resp, 0, &page);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err) {
		if (!strcmp(resp->err_field, "data") && strstr(resp->err_message, "long")) {
			resp->err_code[0] = '\0';
			return http_fail_status(resp, 413, "too_large", KA_ERR_TOO_BIG, "data",
			                        "an attachment has at most %d bytes",
			                        KA_HANDBOOK_ATTACHMENT_MAX);
		}
		return err;
	}
	cap = strlen(data) / 4 * 3 + 3;
	f.bytes = ka_xmalloc(cap);
	if (sodium_base642bin(f.bytes, cap, data, strlen(data), NULL, &f.len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL))
		err = ka_diag_set(&req->diag, KA_ERR_INVALID, 0, 0, "data",
		                  "data must be base64 (RFC 4648, padded)");
	if (!err)
		err = ka_handbook_attachment_add(req->st, &actor, page, &f, &id, &req->diag);
	free(f.bytes);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->location, sizeof(resp->location), "/api/attachments/%" PRId64, id);
	http_json(resp, 201,
	          json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "page_id",
	                    (json_int_t)page, "name", f.name, "content_type", f.content_type,
	                    "size", (json_int_t)f.len));
	return 0;
}

/* Content-Disposition: attachment with an ASCII fallback and the UTF-8 name (RFC 6266). */
static void disposition(char *out, size_t outsz, const char *name)
{
	struct ka_buf b;
	const unsigned char *p;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_adds(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p; p++)
		ka_buf_addc(&b, ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                 (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
		                    ? (char)*p
		                    : '_');
	ka_buf_adds(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			ka_buf_addc(&b, (char)*p);
		else
			ka_buf_addf(&b, "%%%02X", *p);
	}
	snprintf(out, outsz, "%s", b.data);
	ka_buf_release(&b);
}

static int get_attachment(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_handbook_file f;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_handbook_attachment_get(req->st, &actor, id, &f, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->content_type = f.content_type;
	disposition(resp->disposition, sizeof(resp->disposition), f.name);
	ka_buf_add(&resp->body, (const char *)f.bytes, f.len);
	ka_handbook_file_release(&f);
	return 0;
}

/* DELETE /api/attachments/{id}: one of a role description page only by administrators. */
static int attachment_delete(struct http_req *req, struct http_resp *resp)
{
	return crud_delete_with(ka_handbook_attachment_delete, req, resp);
}

const struct http_route api_handbook_routes[] = {
    {"GET", "/api/handbook/tree", get_tree, HTTP_READER},
    {"GET", "/api/handbook/pages", pages_list, HTTP_READER},
    {"POST", "/api/handbook/pages", pages_create, HTTP_SIGNED_IN},
    {"GET", "/api/handbook/pages/{id}", page_get, HTTP_READER},
    {"PATCH", "/api/handbook/pages/{id}", pages_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/handbook/pages/{id}", page_delete, HTTP_SIGNED_IN},
    {"POST", "/api/handbook/pages/{id}/attachments", post_attachment, HTTP_SIGNED_IN},
    {"GET", "/api/attachments/{id}", get_attachment, HTTP_READER},
    {"DELETE", "/api/attachments/{id}", attachment_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
