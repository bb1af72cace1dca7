/*
 * The organisation API: units (a hierarchy), people, role schemes (the
 * university, municipality and generic presets, one active scheme), roles,
 * role assignments (a person holds a role for a process, a unit or the
 * whole organisation, from a date, with the mandate source) and role
 * descriptions (the fixed outline, kept as a handbook page). Admins write;
 * readers read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/org.h"
#include "kartla/resource_org.h"
#include "kartla/roles.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- units, people, role schemes, roles (kartla/resource_org.h) ---- */

CRUD_HANDLER(units, list, ka_res_org_units)
CRUD_HANDLER(units, create, ka_res_org_units)
CRUD_HANDLER(units, get, ka_res_org_units)
CRUD_HANDLER(units, patch, ka_res_org_units)
CRUD_HANDLER(units, delete, ka_res_org_units)
CRUD_HANDLER(people, list, ka_res_org_people)
CRUD_HANDLER(people, create, ka_res_org_people)
CRUD_HANDLER(people, get, ka_res_org_people)
CRUD_HANDLER(people, patch, ka_res_org_people)
CRUD_HANDLER(people, delete, ka_res_org_people)
CRUD_HANDLER(schemes, list, ka_res_org_schemes)
CRUD_HANDLER(schemes, create, ka_res_org_schemes)
CRUD_HANDLER(schemes, get, ka_res_org_schemes)
CRUD_HANDLER(schemes, patch, ka_res_org_schemes)
CRUD_HANDLER(schemes, delete, ka_res_org_schemes)
CRUD_HANDLER(scheme_roles, list, ka_res_org_scheme_roles)
CRUD_HANDLER(scheme_roles, create, ka_res_org_scheme_roles)
CRUD_HANDLER(roles, list, ka_res_org_roles)
CRUD_HANDLER(roles, get, ka_res_org_roles)
CRUD_HANDLER(roles, patch, ka_res_org_roles)
CRUD_HANDLER(roles, delete, ka_res_org_roles)
CRUD_HANDLER(role_assignments, list, ka_res_org_role_assignments)
CRUD_HANDLER(role_assignments, create, ka_res_org_role_assignments)
CRUD_HANDLER(role_assignments, get, ka_res_org_role_assignments)
CRUD_HANDLER(role_assignments, patch, ka_res_org_role_assignments)
CRUD_HANDLER(role_assignments, delete, ka_res_org_role_assignments)

/* ---- presets and the active scheme ---- */

static int get_presets(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_json(resp, 200, ka_roles_presets_json());
	return 0;
}

static int post_preset(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	struct ka_res_result r;
	const char *preset = NULL, *key = NULL;
	bool activate = false;
	const struct http_field fields[] = {
	    {"preset", HTTP_F_STRING, HTTP_F_REQUIRED, 32, &preset, NULL},
	    {"key", HTTP_F_STRING, HTTP_F_NONEMPTY, 64, &key, NULL},
	    {"activate", HTTP_F_BOOL, 0, 0, &activate, NULL},
	};
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	err = ka_roles_preset_create(req->st, &a, preset, key, activate, &r, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->etag, sizeof(resp->etag), "%s", r.etag);
	snprintf(resp->location, sizeof(resp->location), "/api/role-schemes/%" PRId64, r.id);
	http_json(resp, 201, r.obj);
	return 0;
}

static int post_activate(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor a = http_ka_actor(req);
	struct ka_res_result r;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_roles_scheme_activate(req->st, &a, id, &r, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->etag, sizeof(resp->etag), "%s", r.etag);
	http_json(resp, 200, r.obj);
	return 0;
}

/* ---- role descriptions: the fixed outline as a handbook page ---- */

struct desc_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t role_id, page_id;
};

static int desc_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct desc_tx *t = vctx;
	json_t *before = NULL, *after = NULL;
	struct ka_rows r;
	struct ka_buf md;
	char slug[96], title[300], *fields;
	const char *name;
	int err;

	ka_rows_init(&r);
	ka_buf_init(&md, KA_BUF_UNLIMITED);
	err = ka_store_exec(st,
	                    "SELECT COALESCE(name_en, name_nb, name_sv), description_page_id,"
	                    " (SELECT version FROM handbook_pages p"
	                    "  WHERE p.id = roles.description_page_id)"
	                    " FROM roles WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->role_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err =
		    http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such role %" PRId64, t->role_id);
	if (err)
		goto out;
	name = ka_rows_at(&r, 0, 0)->s;
	snprintf(title, sizeof(title), "Role description: %s", name);
	snprintf(slug, sizeof(slug), "role-%" PRId64, t->role_id);
	ka_role_description_markdown(name, t->req->json, &md);
	fields = json_dumps(t->req->json, JSON_COMPACT | JSON_SORT_KEYS);
	t->page_id = ka_rows_at(&r, 0, 1)->type == KA_VAL_INT ? ka_rows_at(&r, 0, 1)->i : 0;
	/* the description's ETag is its page's version */
	err = http_if_match(t->req, t->resp, t->page_id ? ka_rows_at(&r, 0, 2)->i : 0, false);
	if (err) {
		free(fields);
		goto out;
	}
	if (t->page_id) {
		err = ka_store_exec(st,
		                    "UPDATE handbook_pages SET title = ?, markdown = ?,"
		                    " version = version + 1, updated_by = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(title), ka_text(md.data),
		                                      ka_int(t->req->actor.user_id),
		                                      ka_int(t->page_id)},
		                    4, NULL, diag);
	} else {
		/* the slug may be taken by a page someone wrote: then it gets a suffix */
		err = ka_store_exec(
		    st,
		    "INSERT INTO handbook_pages (slug, title, markdown, updated_by)"
		    " VALUES (? || CASE WHEN EXISTS (SELECT 1 FROM handbook_pages WHERE parent_id "
		    "IS NULL"
		    " AND slug = ?) THEN '-' || CAST((SELECT COUNT(*) FROM handbook_pages) AS TEXT)"
		    " ELSE '' END, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_text(slug), ka_text(slug), ka_text(title),
		                      ka_text(md.data), ka_int(t->req->actor.user_id)},
		    5, &r, diag);
		if (!err)
			t->page_id = ka_rows_at(&r, 0, 0)->i;
		if (!err)
			err = ka_store_exec(
			    st, "UPDATE roles SET description_page_id = ? WHERE id = ?",
			    (struct ka_val[]){ka_int(t->page_id), ka_int(t->role_id)}, 2, NULL,
			    diag);
	}
	/* the structured fields, for editing again: a role_description form keyed by the role */
	snprintf(title, sizeof(title), "role:%" PRId64, t->role_id);
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT id, body FROM forms WHERE template = 'role_description'"
		                    " AND title = ?",
		                    (struct ka_val[]){ka_text(title)}, 1, &r, diag);
	if (!err && r.nrows) {
		before = json_loads(ka_rows_at(&r, 0, 1)->s, 0, NULL);
		err =
		    ka_store_exec(st,
		                  "UPDATE forms SET body = ?, version = version + 1, updated_by = ?"
		                  " WHERE id = ?",
		                  (struct ka_val[]){ka_text(fields), ka_int(t->req->actor.user_id),
		                                    ka_int(ka_rows_at(&r, 0, 0)->i)},
		                  3, NULL, diag);
	} else if (!err) {
		err = ka_store_exec(st,
		                    "INSERT INTO forms (template, title, body, updated_by)"
		                    " VALUES ('role_description', ?, ?, ?)",
		                    (struct ka_val[]){ka_text(title), ka_text(fields),
		                                      ka_int(t->req->actor.user_id)},
		                    3, NULL, diag);
	}
	free(fields);
	after = json_deep_copy(t->req->json);
	json_object_set_new(after, "page_id", json_integer((json_int_t)t->page_id));
	if (!err)
		err = http_audit(st, &t->req->actor, "update", "role_description", t->role_id,
		                 before, after, diag);
out:
	json_decref(before);
	json_decref(after);
	ka_buf_release(&md);
	ka_rows_release(&r);
	return err;
}

static int load_description(struct http_req *req, struct http_resp *resp, int64_t role_id)
{
	struct ka_rows r;
	struct ka_buf html;
	char key[32];
	json_t *fields = NULL;
	int err;

	ka_rows_init(&r);
	ka_buf_init(&html, KA_BUF_UNLIMITED);
	snprintf(key, sizeof(key), "role:%" PRId64, role_id);
	err =
	    ka_store_exec(req->st,
	                  "SELECT r.description_page_id, p.markdown, p.version,"
	                  " (SELECT body FROM forms f WHERE f.template = 'role_description'"
	                  "  AND f.title = ?)"
	                  " FROM roles r LEFT JOIN handbook_pages p ON p.id = r.description_page_id"
	                  " WHERE r.id = ?",
	                  (struct ka_val[]){ka_text(key), ka_int(role_id)}, 2, &r, &req->diag);
	if (err) {
		err = http_store_fail(resp, err, &req->diag);
		goto out;
	}
	if (!r.nrows) {
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such role %" PRId64, role_id);
		goto out;
	}
	if (ka_rows_at(&r, 0, 0)->type != KA_VAL_INT) {
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL,
		                "role %" PRId64 " has no description yet", role_id);
		goto out;
	}
	ka_markdown_html(ka_rows_at(&r, 0, 1)->s, &html);
	http_etag(resp, ka_rows_at(&r, 0, 2)->i);
	if (ka_rows_at(&r, 0, 3)->type == KA_VAL_TEXT)
		fields = json_loads(ka_rows_at(&r, 0, 3)->s, 0, NULL);
	http_json(resp, 200,
	          json_pack("{s:I, s:I, s:o, s:s, s:s}", "role_id", (json_int_t)role_id, "page_id",
	                    (json_int_t)ka_rows_at(&r, 0, 0)->i, "fields",
	                    fields ? fields : json_object(), "markdown", ka_rows_at(&r, 0, 1)->s,
	                    "html", html.data));
out:
	ka_buf_release(&html);
	ka_rows_release(&r);
	return err;
}

static int get_description(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	return err ? err : load_description(req, resp, id);
}

static int put_description(struct http_req *req, struct http_resp *resp)
{
	struct desc_tx tx = {req, resp, 0, 0};
	char field[200], msg[300];
	int err = http_param_id(req, resp, 0, &tx.role_id);

	if (!err)
		err = http_require_object(req, resp);
	if (err)
		return err;
	if (ka_form_validate("role_description", req->json, field, sizeof(field), msg, sizeof(msg)))
		return http_fail(resp, KA_ERR_INVALID, field, "%s", msg);
	err = ka_store_transact(req->st, desc_fn, &tx, 5, &req->diag);
	if (err)
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	return load_description(req, resp, tx.role_id);
}

const struct http_route api_org_routes[] = {
    {"GET", "/api/units", units_list, HTTP_READER},
    {"POST", "/api/units", units_create, HTTP_ADMIN},
    {"GET", "/api/units/{id}", units_get, HTTP_READER},
    {"PATCH", "/api/units/{id}", units_patch, HTTP_ADMIN},
    {"DELETE", "/api/units/{id}", units_delete, HTTP_ADMIN},
    {"GET", "/api/people", people_list, HTTP_READER},
    {"POST", "/api/people", people_create, HTTP_ADMIN},
    {"GET", "/api/people/{id}", people_get, HTTP_READER},
    {"PATCH", "/api/people/{id}", people_patch, HTTP_ADMIN},
    {"DELETE", "/api/people/{id}", people_delete, HTTP_ADMIN},
    {"GET", "/api/role-schemes", schemes_list, HTTP_READER},
    {"POST", "/api/role-schemes", schemes_create, HTTP_ADMIN},
    {"GET", "/api/role-schemes/presets", get_presets, HTTP_READER},
    {"POST", "/api/role-schemes/presets", post_preset, HTTP_ADMIN},
    {"GET", "/api/role-schemes/{id}", schemes_get, HTTP_READER},
    {"PATCH", "/api/role-schemes/{id}", schemes_patch, HTTP_ADMIN},
    {"DELETE", "/api/role-schemes/{id}", schemes_delete, HTTP_ADMIN},
    {"POST", "/api/role-schemes/{id}/activate", post_activate, HTTP_ADMIN},
    {"GET", "/api/role-schemes/{id}/roles", scheme_roles_list, HTTP_READER},
    {"POST", "/api/role-schemes/{id}/roles", scheme_roles_create, HTTP_ADMIN},
    {"GET", "/api/roles", roles_list, HTTP_READER},
    {"GET", "/api/roles/{id}", roles_get, HTTP_READER},
    {"PATCH", "/api/roles/{id}", roles_patch, HTTP_ADMIN},
    {"DELETE", "/api/roles/{id}", roles_delete, HTTP_ADMIN},
    {"GET", "/api/roles/{id}/description", get_description, HTTP_READER},
    {"PUT", "/api/roles/{id}/description", put_description, HTTP_ADMIN},
    {"GET", "/api/role-assignments", role_assignments_list, HTTP_READER},
    {"POST", "/api/role-assignments", role_assignments_create, HTTP_ADMIN},
    {"GET", "/api/role-assignments/{id}", role_assignments_get, HTTP_READER},
    {"PATCH", "/api/role-assignments/{id}", role_assignments_patch, HTTP_ADMIN},
    {"DELETE", "/api/role-assignments/{id}", role_assignments_delete, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
