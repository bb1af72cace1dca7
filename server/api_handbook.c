/*
 * The handbook: Markdown pages (rendered by cmark in safe mode) in a tree,
 * with attachments, and visibility everyone / signed in / facilitators.
 * A page the reader may not see answers 404 (its existence is not
 * revealed) and is left out of lists, trees and search (search_docs.vis,
 * kept by the schema's triggers). Facilitators and administrators write.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/org.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define VIS_SQL        KA_RES_HB_VIS_SQL
#define ATTACHMENT_MAX (5 * 1024 * 1024)
#define TREE_MAX       5000

CRUD_HANDLER(pages, list, ka_res_hb_pages)
CRUD_HANDLER(pages, create, ka_res_hb_pages)
CRUD_HANDLER(pages, patch, ka_res_hb_pages)
CRUD_HANDLER(pages, delete, ka_res_hb_pages)

/* GET /api/handbook/pages/{id}: the page, its HTML, its visible children and attachments. */
static int page_get(struct http_req *req, struct http_resp *resp)
{
	struct ka_buf html;
	struct ka_rows r;
	json_t *o = NULL, *kids, *att;
	char etag[32];
	int64_t id;
	size_t i;
	int vis = 0, err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	ka_rows_init(&r);
	ka_buf_init(&html, KA_BUF_UNLIMITED);
	err = crud_vis_level(req, &vis);
	if (!err)
		err = ka_store_begin_read(req->st);
	if (!err)
		err = ka_res_load(&ka_res_hb_pages, req->st, id, vis, &o, NULL, etag, &req->diag);
	if (!err && o)
		err = ka_store_exec(req->st,
		                    "SELECT id, slug, title, visibility FROM handbook_pages"
		                    " WHERE parent_id = ? AND " VIS_SQL
		                    " ORDER BY sort_order, title, id",
		                    (struct ka_val[]){ka_int(id), ka_int(vis)}, 2, &r, &req->diag);
	if (err || !o)
		goto out;
	kids = json_array();
	for (i = 0; i < r.nrows; i++)
		json_array_append_new(kids, json_pack("{s:I, s:s, s:s, s:s}", "id",
		                                      (json_int_t)ka_rows_at(&r, i, 0)->i, "slug",
		                                      ka_rows_at(&r, i, 1)->s, "title",
		                                      ka_rows_at(&r, i, 2)->s, "visibility",
		                                      ka_rows_at(&r, i, 3)->s));
	json_object_set_new(o, "children", kids);
	err = ka_store_exec(req->st,
	                    "SELECT id, name, mime, size, created_at FROM attachments"
	                    " WHERE page_id = ? ORDER BY name, id",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, &req->diag);
	if (err)
		goto out;
	att = json_array();
	for (i = 0; i < r.nrows; i++)
		json_array_append_new(att, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id",
		                                     (json_int_t)ka_rows_at(&r, i, 0)->i, "name",
		                                     ka_rows_at(&r, i, 1)->s, "content_type",
		                                     ka_rows_at(&r, i, 2)->s, "size",
		                                     (json_int_t)ka_rows_at(&r, i, 3)->i,
		                                     "created_at", ka_rows_at(&r, i, 4)->s));
	json_object_set_new(o, "attachments", att);
	ka_markdown_html(json_string_value(json_object_get(o, "markdown")), &html);
	json_object_set_new(o, "html", json_string(html.data));
out:
	if (ka_store_in_tx(req->st)) {
		if (err)
			ka_store_rollback(req->st);
		else
			err = ka_store_commit(req->st);
	}
	ka_rows_release(&r);
	ka_buf_release(&html);
	if (err) {
		json_decref(o);
		return http_store_fail(resp, err, &req->diag);
	}
	if (!o)
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such page %" PRId64, id);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	http_json(resp, 200, o);
	return 0;
}

/* GET /api/handbook/tree: every page the reader may see, nested. */
static int get_tree(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows r;
	json_t **nodes = NULL, *roots = json_array();
	size_t i, k;
	int vis = 0, err;

	ka_rows_init(&r);
	err = crud_vis_level(req, &vis);
	if (!err)
		err = ka_store_exec(
		    req->st,
		    "SELECT id, parent_id, slug, title, visibility FROM handbook_pages"
		    " WHERE " VIS_SQL " ORDER BY sort_order, title, id LIMIT ?",
		    (struct ka_val[]){ka_int(vis), ka_int(TREE_MAX)}, 2, &r, &req->diag);
	if (err) {
		json_decref(roots);
		ka_rows_release(&r);
		return http_store_fail(resp, err, &req->diag);
	}
	nodes = calloc(r.nrows + 1, sizeof(*nodes));
	if (!nodes)
		abort();
	for (i = 0; i < r.nrows; i++)
		nodes[i] = json_pack("{s:I, s:s, s:s, s:s, s:[]}", "id",
		                     (json_int_t)ka_rows_at(&r, i, 0)->i, "slug",
		                     ka_rows_at(&r, i, 2)->s, "title", ka_rows_at(&r, i, 3)->s,
		                     "visibility", ka_rows_at(&r, i, 4)->s, "children");
	/* a child whose parent is hidden is hidden too: it is not attached anywhere */
	for (i = 0; i < r.nrows; i++) {
		const struct ka_val *p = ka_rows_at(&r, i, 1);

		if (p->type != KA_VAL_INT) {
			json_array_append(roots, nodes[i]);
			continue;
		}
		for (k = 0; k < r.nrows; k++)
			if (ka_rows_at(&r, k, 0)->i == p->i) {
				json_array_append(json_object_get(nodes[k], "children"), nodes[i]);
				break;
			}
	}
	for (i = 0; i < r.nrows; i++)
		json_decref(nodes[i]);
	free(nodes);
	ka_rows_release(&r);
	http_json(resp, 200, json_pack("{s:o}", "items", roots));
	return 0;
}

/* ---- attachments ---- */

static const char *const allowed_types[] = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.visio",
    "application/zip",
};

static const char *allowed_type(const char *t)
{
	size_t i;

	for (i = 0; t && i < N(allowed_types); i++)
		if (!strcmp(allowed_types[i], t))
			return allowed_types[i];
	return NULL;
}

static bool name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || *p == '.')
		return false;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == '"')
			return false;
	return true;
}

struct att_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t page, id;
	const char *name, *mime;
	unsigned char *bytes;
	size_t len;
};

static int att_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct att_tx *t = vctx;
	struct ka_rows r;
	json_t *after;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM handbook_pages WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->page)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such page %" PRId64, t->page);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO attachments (page_id, name, mime, size, bytes, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_int(t->page), ka_text(t->name), ka_text(t->mime),
		                      ka_int((int64_t)t->len), ka_blob(t->bytes, t->len),
		                      ka_int(t->req->actor.user_id)},
		    6, &r, diag);
	if (!err) {
		t->id = ka_rows_at(&r, 0, 0)->i;
		after = json_pack("{s:I, s:s, s:s, s:I}", "page_id", (json_int_t)t->page, "name",
		                  t->name, "content_type", t->mime, "size", (json_int_t)t->len);
		err = http_audit(st, &t->req->actor, "create", "attachment", t->id, NULL, after,
		                 diag);
		json_decref(after);
	}
	ka_rows_release(&r);
	return err;
}

static int post_attachment(struct http_req *req, struct http_resp *resp)
{
	struct att_tx tx;
	const char *data = NULL;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &tx.name, NULL},
	    {"content_type", HTTP_F_STRING, HTTP_F_REQUIRED, 200, &tx.mime, NULL},
	    {"data", HTTP_F_STRING, HTTP_F_REQUIRED, ATTACHMENT_MAX / 3 * 4 + 8, &data, NULL},
	};
	int err;

	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.resp = resp;
	err = http_param_id(req, resp, 0, &tx.page);
	if (!err)
		err = crud_can_write(req, resp, CRUD_PERM_FACILITATOR);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err) {
		if (!strcmp(resp->err_field, "data") && strstr(resp->err_message, "long")) {
			resp->err_code[0] = '\0';
			return http_fail_status(resp, 413, "too_large", KA_ERR_TOO_BIG, "data",
			                        "an attachment has at most %d bytes",
			                        ATTACHMENT_MAX);
		}
		return err;
	}
	if (!name_ok(tx.name))
		return http_fail(
		    resp, KA_ERR_INVALID, "name",
		    "a file name has no '/', '\\', '\"' or control characters and does "
		    "not start with '.'");
	tx.mime = allowed_type(tx.mime);
	if (!tx.mime)
		return http_fail(
		    resp, KA_ERR_INVALID, "content_type",
		    "content_type must be one of the allowed types (PDF, PNG, JPEG, GIF, "
		    "plain text, CSV, Office and OpenDocument files, Visio, ZIP)");
	tx.bytes = malloc(strlen(data) / 4 * 3 + 3);
	if (!tx.bytes)
		abort();
	if (sodium_base642bin(tx.bytes, strlen(data) / 4 * 3 + 3, data, strlen(data), NULL, &tx.len,
	                      NULL, sodium_base64_VARIANT_ORIGINAL)) {
		free(tx.bytes);
		return http_fail(resp, KA_ERR_INVALID, "data",
		                 "data must be base64 (RFC 4648, padded)");
	}
	if (tx.len > ATTACHMENT_MAX) {
		free(tx.bytes);
		return http_fail_status(resp, 413, "too_large", KA_ERR_TOO_BIG, "data",
		                        "an attachment has at most %d bytes", ATTACHMENT_MAX);
	}
	err = ka_store_transact(req->st, att_fn, &tx, 5, &req->diag);
	free(tx.bytes);
	if (err == KA_ERR_CONFLICT)
		return http_fail(resp, err, "name", "the page has an attachment named '%s' already",
		                 tx.name);
	if (err)
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	snprintf(resp->location, sizeof(resp->location), "/api/attachments/%" PRId64, tx.id);
	http_json(resp, 201,
	          json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)tx.id, "page_id",
	                    (json_int_t)tx.page, "name", tx.name, "content_type", tx.mime, "size",
	                    (json_int_t)tx.len));
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
	struct ka_rows r;
	int64_t id;
	int vis = 0, err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	ka_rows_init(&r);
	err = crud_vis_level(req, &vis);
	if (!err)
		err =
		    ka_store_exec(req->st,
		                  "SELECT a.name, a.mime, a.bytes FROM attachments a"
		                  " JOIN handbook_pages p ON p.id = a.page_id WHERE a.id = ?"
		                  " AND (CASE p.visibility WHEN 'everyone' THEN 0 WHEN 'signed_in'"
		                  " THEN 1 ELSE 2 END) <= ?",
		                  (struct ka_val[]){ka_int(id), ka_int(vis)}, 2, &r, &req->diag);
	if (err) {
		ka_rows_release(&r);
		return http_store_fail(resp, err, &req->diag);
	}
	if (!r.nrows) {
		ka_rows_release(&r);
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such attachment %" PRId64, id);
	}
	resp->content_type = allowed_type(ka_rows_at(&r, 0, 1)->s);
	if (!resp->content_type)
		resp->content_type = "application/octet-stream";
	disposition(resp->disposition, sizeof(resp->disposition), ka_rows_at(&r, 0, 0)->s);
	ka_buf_add(&resp->body, ka_rows_at(&r, 0, 2)->s, ka_rows_at(&r, 0, 2)->len);
	ka_rows_release(&r);
	return 0;
}

CRUD_HANDLER(attachments, delete, ka_res_hb_attachments)

const struct http_route api_handbook_routes[] = {
    {"GET", "/api/handbook/tree", get_tree, HTTP_READER},
    {"GET", "/api/handbook/pages", pages_list, HTTP_READER},
    {"POST", "/api/handbook/pages", pages_create, HTTP_SIGNED_IN},
    {"GET", "/api/handbook/pages/{id}", page_get, HTTP_READER},
    {"PATCH", "/api/handbook/pages/{id}", pages_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/handbook/pages/{id}", pages_delete, HTTP_SIGNED_IN},
    {"POST", "/api/handbook/pages/{id}/attachments", post_attachment, HTTP_SIGNED_IN},
    {"GET", "/api/attachments/{id}", get_attachment, HTTP_READER},
    {"DELETE", "/api/attachments/{id}", attachments_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
