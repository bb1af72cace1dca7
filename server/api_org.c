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
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- units ---- */

/* A unit may not become its own ancestor. */
static int unit_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                      const json_t *before, const json_t *obj)
{
	const json_t *p = json_object_get(obj, "parent_id");
	int64_t self = before ? json_integer_value(json_object_get(before, "id")) : 0;
	int64_t cur = json_is_integer(p) ? json_integer_value(p) : 0;
	struct ka_rows r;
	int depth = 0, err = 0;

	if (!self || !cur)
		return 0;
	ka_rows_init(&r);
	while (cur && !err && depth++ < 1000) {
		if (cur == self) {
			err = http_fail(resp, KA_ERR_INVALID, "parent_id",
			                "a unit cannot be placed under itself or its own sub-unit");
			break;
		}
		err = ka_store_exec(st, "SELECT parent_id FROM units WHERE id = ?",
		                    (struct ka_val[]){ka_int(cur)}, 1, &r, &req->diag);
		cur = !err && r.nrows && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT
		          ? ka_rows_at(&r, 0, 0)->i
		          : 0;
	}
	ka_rows_release(&r);
	return err;
}

static const struct crud_col unit_cols[] = {
    {"parent_id", CK_REF, CRUD_FILTER, 0, "units"},
    {"code", CK_TEXT, 0, 50, NULL},
    {"name", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, NULL},
    {"sort_order", CK_INT, CRUD_NONULL, 0, NULL},
    {"updated_at", CK_TEXT, CRUD_RO, 0, NULL},
};
static const struct crud_res units = {
    "units",         "unit", unit_cols, N(unit_cols), "sort_order, name", NULL, NULL,
    CRUD_PERM_ADMIN, 0,      1,         NULL,         unit_check,         NULL};
CRUD_HANDLERS(units, units)

/* ---- people ---- */

static const struct crud_col person_cols[] = {
    {"name", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, NULL},
    {"email", CK_TEXT, 0, 254, NULL},
    {"title", CK_TEXT, 0, 200, NULL},
    {"unit_id", CK_REF, CRUD_FILTER, 0, "units"},
    {"user_id", CK_REF, CRUD_FILTER, 0, "users"},
    {"updated_at", CK_TEXT, CRUD_RO, 0, NULL},
};
static const struct crud_res people = {
    "people",        "person", person_cols, N(person_cols), "name", NULL, NULL,
    CRUD_PERM_ADMIN, 0,        1,           NULL,           NULL,   NULL};
CRUD_HANDLERS(people, people)

/* ---- role schemes and roles ---- */

static const struct crud_col scheme_cols[] = {
    {"key", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY | CRUD_FIXED, 64, NULL},
    {"name", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, NULL},
    {"preset", CK_TEXT, CRUD_RO, 0, NULL},
    {"is_active", CK_BOOL, CRUD_RO, 0, NULL},
};
static const struct crud_res schemes = {"role_schemes",
                                        "role_scheme",
                                        scheme_cols,
                                        N(scheme_cols),
                                        "key",
                                        NULL,
                                        NULL,
                                        CRUD_PERM_ADMIN,
                                        0,
                                        0,
                                        NULL,
                                        NULL,
                                        NULL};
CRUD_HANDLERS(schemes, schemes)

/* A role needs a name in at least one language. */
static int role_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                      const json_t *before, const json_t *obj)
{
	static const char *const names[] = {"name_nb", "name_sv", "name_en"};
	int have = 0;
	size_t i;

	(void)st;
	(void)req;
	for (i = 0; i < 3; i++) {
		const json_t *v = json_object_get(obj, names[i]);

		if (v ? json_is_string(v)
		      : (before && json_is_string(json_object_get(before, names[i]))))
			have = 1;
	}
	if (!have)
		return http_fail(
		    resp, KA_ERR_INVALID, "name_en",
		    "a role needs a name in at least one of name_nb, name_sv, name_en");
	return 0;
}

#define ROLE_COLS(SCHEME_FLAGS)                                                                    \
	{"scheme_id", CK_REF, SCHEME_FLAGS, 0, "role_schemes"},                                    \
	    {"key", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY | CRUD_FIXED, 64, NULL},            \
	    {"name_nb", CK_TEXT, 0, 200, NULL}, {"name_sv", CK_TEXT, 0, 200, NULL},                \
	    {"name_en", CK_TEXT, 0, 200, NULL},                                                    \
	    {"level", CK_ENUM, 0, 0, "strategic|tactical|operational"},                            \
	    {"kind", CK_ENUM, CRUD_NONULL, 0,                                                      \
	     "owner|responsible|team|advisor|resource|facilitator|steward|other"},                 \
	    {"description_page_id", CK_REF, CRUD_RO, 0, "handbook_pages"},                         \
	{                                                                                          \
		"sort_order", CK_INT, CRUD_NONULL, 0, NULL                                         \
	}

static const struct crud_col role_cols[] = {ROLE_COLS(CRUD_RO | CRUD_FILTER)};
static const struct crud_col scheme_role_cols[] = {ROLE_COLS(CRUD_RO)};
static const struct crud_res roles = {"roles",
                                      "role",
                                      role_cols,
                                      N(role_cols),
                                      "scheme_id, sort_order, key",
                                      NULL,
                                      NULL,
                                      CRUD_PERM_ADMIN,
                                      0,
                                      0,
                                      NULL,
                                      role_check,
                                      NULL};
static const struct crud_res scheme_roles = {"roles",
                                             "role",
                                             scheme_role_cols,
                                             N(scheme_role_cols),
                                             "sort_order, key",
                                             "scheme_id",
                                             "role_schemes",
                                             CRUD_PERM_ADMIN,
                                             0,
                                             0,
                                             NULL,
                                             role_check,
                                             NULL};
CRUD_HANDLERS(roles, roles)
CRUD_HANDLERS(scheme_roles, scheme_roles)

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

		err = crud_load(&schemes, req->st, tx.id, 2, &o, NULL, etag, &req->diag);
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
	return crud_get(&schemes, req, resp);
}

/* ---- role assignments ---- */

static int assignment_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                            const json_t *before, const json_t *obj)
{
	const json_t *scope = json_object_get(obj, "scope");
	const json_t *from = json_object_get(obj, "from_date"),
	             *to = json_object_get(obj, "to_date");
	const char *s;

	(void)st;
	(void)req;
	if (!scope && before)
		scope = json_object_get(before, "scope");
	s = json_string_value(scope);
	if (!before && s) {
		bool p = json_is_integer(json_object_get(obj, "process_id"));
		bool u = json_is_integer(json_object_get(obj, "unit_id"));

		if (!strcmp(s, "process") && (!p || u))
			return http_fail(
			    resp, KA_ERR_INVALID, "process_id",
			    "a role held for a process needs process_id (and no unit_id)");
		if (!strcmp(s, "unit") && (!u || p))
			return http_fail(
			    resp, KA_ERR_INVALID, "unit_id",
			    "a role held for a unit needs unit_id (and no process_id)");
		if (!strcmp(s, "organisation") && (u || p))
			return http_fail(
			    resp, KA_ERR_INVALID, "scope",
			    "a role held for the organisation has no process_id or unit_id");
	}
	if (!from && before)
		from = json_object_get(before, "from_date");
	if (!to && before)
		to = json_object_get(before, "to_date");
	if (json_is_string(from) && json_is_string(to) &&
	    strcmp(json_string_value(to), json_string_value(from)) < 0)
		return http_fail(resp, KA_ERR_INVALID, "to_date",
		                 "to_date must not be before from_date");
	return 0;
}

static const struct crud_col role_assignment_cols[] = {
    {"person_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "people"},
    {"role_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "roles"},
    {"scope", CK_ENUM, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "process|unit|organisation"},
    {"process_id", CK_REF, CRUD_FIXED | CRUD_FILTER, 0, "processes"},
    {"unit_id", CK_REF, CRUD_FIXED | CRUD_FILTER, 0, "units"},
    {"from_date", CK_DATE, HTTP_F_REQUIRED, 0, NULL},
    {"to_date", CK_DATE, 0, 0, NULL},
    {"mandate_source", CK_TEXT, 0, 1000, NULL},
};
static const struct crud_res role_assignments = {"role_assignments",
                                                 "role_assignment",
                                                 role_assignment_cols,
                                                 N(role_assignment_cols),
                                                 "from_date DESC",
                                                 NULL,
                                                 NULL,
                                                 CRUD_PERM_ADMIN,
                                                 0,
                                                 0,
                                                 NULL,
                                                 assignment_check,
                                                 NULL};
CRUD_HANDLERS(role_assignments, role_assignments)

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
