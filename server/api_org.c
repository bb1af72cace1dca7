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
#include "kartla/delegate.h"
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

/* An owner delegates from the role they hold (kartla/delegate.h). */
static int post_delegate(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_delegate_in in = {0};
	const struct http_field fields[] = {
	    {"person_id", HTTP_F_INT, HTTP_F_REQUIRED, 0, &in.person_id, NULL},
	    {"role_id", HTTP_F_INT, HTTP_F_REQUIRED, 0, &in.role_id, NULL},
	    {"mandate_source", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY,
	     KA_DELEGATE_MANDATE_MAX, &in.mandate_source, NULL},
	    {"from_date", HTTP_F_STRING, HTTP_F_NULLABLE, 10, &in.from_date, NULL},
	    {"to_date", HTTP_F_STRING, HTTP_F_NULLABLE, 10, &in.to_date, NULL},
	};
	json_t *out = NULL;
	int err = http_param_id(req, resp, 0, &in.from_assignment);

	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	err = ka_delegate_role(req->st, &actor, &in, &out, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->location, sizeof(resp->location), "/api/role-assignments/%" PRId64,
	         (int64_t)json_integer_value(json_object_get(out, "id")));
	http_json(resp, 201, out);
	return 0;
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
    {"POST", "/api/role-assignments/{id}/delegate", post_delegate, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
