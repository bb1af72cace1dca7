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
	const struct ka_role_preset *p;
	json_t *items = json_array();
	size_t n, i, k;

	(void)req;
	p = ka_role_presets(&n);
	for (i = 0; i < n; i++) {
		json_t *rs = json_array();

		for (k = 0; k < p[i].nroles; k++) {
			const struct ka_role_preset_role *r = &p[i].roles[k];

			json_array_append_new(
			    rs, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s}", "key", r->key,
			                  "name_nb", r->name_nb, "name_sv", r->name_sv, "name_en",
			                  r->name_en, "level", r->level, "kind", r->kind));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:o}", "key", p[i].key, "name",
		                                       p[i].name, "roles", rs));
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

struct preset_tx {
	struct http_req *req;
	const char *preset, *key;
	bool activate;
	int64_t id;
};

static int activate(struct ka_store *st, const struct http_actor *actor, int64_t id,
                    struct ka_diag *diag)
{
	char v[32];
	json_t *after;
	int err;

	snprintf(v, sizeof(v), "%" PRId64, id);
	err = ka_store_exec(
	    st, "UPDATE role_schemes SET is_active = CASE WHEN id = ? THEN 1 ELSE 0 END",
	    (struct ka_val[]){ka_int(id)}, 1, NULL, diag);
	if (!err)
		err = ka_store_exec(st,
		                    "INSERT INTO settings (key, value) VALUES ('role_scheme', ?) "
		                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		                    (struct ka_val[]){ka_text(v)}, 1, NULL, diag);
	if (err)
		return err;
	after = json_pack("{s:I}", "active_scheme_id", (json_int_t)id);
	err = http_audit(st, actor, "activate", "role_scheme", id, NULL, after, diag);
	json_decref(after);
	return err;
}

static int preset_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct preset_tx *t = vctx;
	json_t *after;
	int err;

	err = ka_role_preset_install(st, t->preset, t->key, &t->id, diag);
	if (err)
		return err;
	after = json_pack("{s:s, s:s}", "preset", t->preset, "key", t->key ? t->key : t->preset);
	err = http_audit(st, &t->req->actor, "create", "role_scheme", t->id, NULL, after, diag);
	json_decref(after);
	if (!err && t->activate)
		err = activate(st, &t->req->actor, t->id, diag);
	return err;
}

static int post_preset(struct http_req *req, struct http_resp *resp)
{
	struct preset_tx tx = {req, NULL, NULL, false, 0};
	const struct http_field fields[] = {
	    {"preset", HTTP_F_STRING, HTTP_F_REQUIRED, 32, &tx.preset, NULL},
	    {"key", HTTP_F_STRING, HTTP_F_NONEMPTY, 64, &tx.key, NULL},
	    {"activate", HTTP_F_BOOL, 0, 0, &tx.activate, NULL},
	};
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	if (!ka_role_preset_find(tx.preset))
		return http_fail(resp, KA_ERR_INVALID, "preset",
		                 "preset must be one of university, municipality, generic");
	err = ka_store_transact(req->st, preset_fn, &tx, 5, &req->diag);
	if (err == KA_ERR_CONFLICT)
		return http_fail(resp, err, "key", "the role scheme key '%s' is taken",
		                 tx.key ? tx.key : tx.preset);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	{
		char etag[32];
		json_t *o = NULL;

		err =
		    ka_res_load(&ka_res_org_schemes, req->st, tx.id, 2, &o, NULL, etag, &req->diag);
		if (err || !o)
			return http_store_fail(resp, err ? err : KA_ERR_DB, &req->diag);
		snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
		snprintf(resp->location, sizeof(resp->location), "/api/role-schemes/%" PRId64,
		         tx.id);
		http_json(resp, 201, o);
	}
	return 0;
}

struct activate_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
};

static int activate_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct activate_tx *t = vctx;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM role_schemes WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such role_scheme %" PRId64,
		                t->id);
	ka_rows_release(&r);
	return err ? err : activate(st, &t->req->actor, t->id, diag);
}

static int post_activate(struct http_req *req, struct http_resp *resp)
{
	struct activate_tx tx = {req, resp, 0};
	int err = http_param_id(req, resp, 0, &tx.id);

	if (err)
		return err;
	err = ka_store_transact(req->st, activate_fn, &tx, 5, &req->diag);
	if (err)
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	return crud_get(&ka_res_org_schemes, req, resp);
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
    {"GET", "/api/role-assignments", role_assignments_list, HTTP_READER},
    {"POST", "/api/role-assignments", role_assignments_create, HTTP_ADMIN},
    {"GET", "/api/role-assignments/{id}", role_assignments_get, HTTP_READER},
    {"PATCH", "/api/role-assignments/{id}", role_assignments_patch, HTTP_ADMIN},
    {"DELETE", "/api/role-assignments/{id}", role_assignments_delete, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
