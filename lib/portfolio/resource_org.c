/*
 * The organisation, networks and training as table-driven resources
 * (resource_org.h): their columns, enumerations, who writes them and the
 * rules beyond the columns (a unit tree without cycles, a role named in
 * some language, a role assignment's scope and dates).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/resource_org.h"
#include "kartla/tree.h"
#include "resource_int.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- units ---- */

/* A unit may not become its own ancestor. */
static int unit_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                      json_t *obj, struct ka_diag *diag)
{
	const json_t *p = json_object_get(obj, "parent_id");
	int64_t self = before ? json_integer_value(json_object_get(before, "id")) : 0;
	bool cycles = false;
	int err;

	(void)actor;
	if (!self || !json_is_integer(p))
		return 0;
	err = ka_tree_would_cycle(st, KA_TREE_UNITS, self, json_integer_value(p), &cycles, diag);
	if (!err && cycles)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "parent_id",
		                  "a unit cannot be placed under itself or its own sub-unit");
	return err;
}

static const struct ka_res_col unit_cols[] = {
    {"parent_id", KA_RES_REF, KA_RES_FILTER, 0, "units"},
    {"code", KA_RES_TEXT, 0, 50, NULL},
    {"name", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY | KA_RES_NAME, 200, NULL},
    {"sort_order", KA_RES_INT, KA_RES_NONULL, 0, NULL},
    {"updated_at", KA_RES_TEXT, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_org_units = {
    .table = "units",
    .type = "unit",
    .cols = unit_cols,
    .ncols = N(unit_cols),
    .order = "sort_order, name",
    .write = KA_RES_PERM_ADMIN,
    .updated_at = 1,
    .check = unit_check,
};

/* ---- people ---- */

static const struct ka_res_col person_cols[] = {
    {"name", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY | KA_RES_NAME, 200, NULL},
    {"email", KA_RES_TEXT, 0, 254, NULL},
    {"title", KA_RES_TEXT, 0, 200, NULL},
    {"unit_id", KA_RES_REF, KA_RES_FILTER, 0, "units"},
    {"user_id", KA_RES_REF, KA_RES_FILTER, 0, "users"},
    {"updated_at", KA_RES_TEXT, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_org_people = {
    .table = "people",
    .type = "person",
    .cols = person_cols,
    .ncols = N(person_cols),
    .order = "name",
    .write = KA_RES_PERM_ADMIN,
    .updated_at = 1,
};

/* ---- role schemes and roles ---- */

static const struct ka_res_col scheme_cols[] = {
    {"key", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY | KA_RES_FIXED, 64, NULL},
    {"name", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 200, NULL},
    {"preset", KA_RES_TEXT, KA_RES_RO, 0, NULL},
    {"is_active", KA_RES_BOOL, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_org_schemes = {
    .table = "role_schemes",
    .type = "role_scheme",
    .cols = scheme_cols,
    .ncols = N(scheme_cols),
    .order = "key",
    .write = KA_RES_PERM_ADMIN,
};

/* A role needs a name in at least one language. */
static int role_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                      json_t *obj, struct ka_diag *diag)
{
	static const char *const names[] = {"name_nb", "name_sv", "name_en"};
	int have = 0;
	size_t i;

	(void)st;
	(void)actor;
	for (i = 0; i < 3; i++) {
		const json_t *v = json_object_get(obj, names[i]);

		if (v ? json_is_string(v)
		      : (before && json_is_string(json_object_get(before, names[i]))))
			have = 1;
	}
	if (!have)
		return ka_diag_set(
		    diag, KA_ERR_INVALID, 0, 0, "name_en",
		    "a role needs a name in at least one of name_nb, name_sv, name_en");
	return 0;
}

#define ROLE_COLS(SCHEME_FLAGS)                                                                    \
	{"scheme_id", KA_RES_REF, SCHEME_FLAGS, 0, "role_schemes"},                                \
	    {"key", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY | KA_RES_FIXED, 64, NULL},      \
	    {"name_nb", KA_RES_TEXT, KA_RES_NAME, 200, NULL},                                      \
	    {"name_sv", KA_RES_TEXT, KA_RES_NAME, 200, NULL},                                      \
	    {"name_en", KA_RES_TEXT, KA_RES_NAME, 200, NULL},                                      \
	    {"level", KA_RES_ENUM, 0, 0, "strategic|tactical|operational"},                        \
	    {"kind", KA_RES_ENUM, KA_RES_NONULL, 0,                                                \
	     "owner|responsible|team|advisor|resource|facilitator|steward|other"},                 \
	    {"description_page_id", KA_RES_REF, KA_RES_RO, 0, "handbook_pages"},                   \
	{                                                                                          \
		"sort_order", KA_RES_INT, KA_RES_NONULL, 0, NULL                                   \
	}

static const struct ka_res_col role_cols[] = {ROLE_COLS(KA_RES_RO | KA_RES_FILTER)};
static const struct ka_res_col scheme_role_cols[] = {ROLE_COLS(KA_RES_RO)};
const struct ka_res ka_res_org_roles = {
    .table = "roles",
    .type = "role",
    .cols = role_cols,
    .ncols = N(role_cols),
    .order = "scheme_id, sort_order, key",
    .write = KA_RES_PERM_ADMIN,
    .check = role_check,
};
const struct ka_res ka_res_org_scheme_roles = {
    .table = "roles",
    .type = "role",
    .cols = scheme_role_cols,
    .ncols = N(scheme_role_cols),
    .order = "sort_order, key",
    .parent = "scheme_id",
    .parent_table = "role_schemes",
    .write = KA_RES_PERM_ADMIN,
    .check = role_check,
};

/* ---- role assignments ---- */

/* The scope names what the role is held for; to_date is not before from_date. */
static int assignment_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                            json_t *obj, struct ka_diag *diag)
{
	const json_t *scope = json_object_get(obj, "scope");
	const json_t *from = json_object_get(obj, "from_date"),
	             *to = json_object_get(obj, "to_date");
	const char *s;

	(void)st;
	(void)actor;
	if (!scope && before)
		scope = json_object_get(before, "scope");
	s = json_string_value(scope);
	if (!before && s) {
		bool p = json_is_integer(json_object_get(obj, "process_id"));
		bool u = json_is_integer(json_object_get(obj, "unit_id"));

		if (!strcmp(s, "process") && (!p || u))
			return ka_diag_set(
			    diag, KA_ERR_INVALID, 0, 0, "process_id",
			    "a role held for a process needs process_id (and no unit_id)");
		if (!strcmp(s, "unit") && (!u || p))
			return ka_diag_set(
			    diag, KA_ERR_INVALID, 0, 0, "unit_id",
			    "a role held for a unit needs unit_id (and no process_id)");
		if (!strcmp(s, "organisation") && (u || p))
			return ka_diag_set(
			    diag, KA_ERR_INVALID, 0, 0, "scope",
			    "a role held for the organisation has no process_id or unit_id");
	}
	if (!from && before)
		from = json_object_get(before, "from_date");
	if (!to && before)
		to = json_object_get(before, "to_date");
	if (json_is_string(from) && json_is_string(to) &&
	    strcmp(json_string_value(to), json_string_value(from)) < 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "to_date",
		                   "to_date must not be before from_date");
	return 0;
}

static const struct ka_res_col role_assignment_cols[] = {
    {"person_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0, "people"},
    {"role_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0, "roles"},
    {"scope", KA_RES_ENUM, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0,
     "process|unit|organisation"},
    {"process_id", KA_RES_REF, KA_RES_FIXED | KA_RES_FILTER, 0, "processes"},
    {"unit_id", KA_RES_REF, KA_RES_FIXED | KA_RES_FILTER, 0, "units"},
    {"from_date", KA_RES_DATE, KA_RES_REQUIRED, 0, NULL},
    {"to_date", KA_RES_DATE, 0, 0, NULL},
    {"mandate_source", KA_RES_TEXT, 0, 1000, NULL},
};
const struct ka_res ka_res_org_role_assignments = {
    .table = "role_assignments",
    .type = "role_assignment",
    .cols = role_assignment_cols,
    .ncols = N(role_assignment_cols),
    .order = "from_date DESC",
    .write = KA_RES_PERM_ADMIN,
    .check = assignment_check,
    .notify = res_notify_role_assignment,
};

/* ---- networks, members, meetings ---- */

static const struct ka_res_col network_cols[] = {
    {"kind", KA_RES_ENUM, KA_RES_FILTER | KA_RES_NONULL, 0, "network|team"},
    {"name", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 200, NULL},
    {"purpose", KA_RES_TEXT, 0, 5000, NULL},
    {"process_id", KA_RES_REF, KA_RES_FILTER, 0, "processes"},
    {"unit_id", KA_RES_REF, KA_RES_FILTER, 0, "units"},
};
const struct ka_res ka_res_org_networks = {
    .table = "networks",
    .type = "network",
    .cols = network_cols,
    .ncols = N(network_cols),
    .order = "name",
    .write = KA_RES_PERM_FACILITATOR,
};

#define MEMBER_COLS(F)                                                                             \
	{"network_id", KA_RES_REF, KA_RES_RO | F, 0, "networks"},                                  \
	    {"person_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0,           \
	     "people"},                                                                            \
	    {"role", KA_RES_ENUM, KA_RES_NONULL, 0, "lead|member"},                                \
	{                                                                                          \
		"joined_on", KA_RES_DATE, 0, 0, NULL                                               \
	}

static const struct ka_res_col member_cols[] = {MEMBER_COLS(0)};
static const struct ka_res_col member_flat_cols[] = {MEMBER_COLS(KA_RES_FILTER)};
const struct ka_res ka_res_org_members = {
    .table = "network_members",
    .type = "network_member",
    .cols = member_cols,
    .ncols = N(member_cols),
    .order = "role, person_id",
    .parent = "network_id",
    .parent_table = "networks",
    .write = KA_RES_PERM_FACILITATOR,
};
const struct ka_res ka_res_org_members_flat = {
    .table = "network_members",
    .type = "network_member",
    .cols = member_flat_cols,
    .ncols = N(member_flat_cols),
    .order = "network_id, role, person_id",
    .write = KA_RES_PERM_FACILITATOR,
};

static const struct ka_res_col meeting_cols[] = {
    {"network_id", KA_RES_REF, KA_RES_RO, 0, "networks"},
    {"held_on", KA_RES_DATE, KA_RES_REQUIRED, 0, NULL},
    {"place", KA_RES_TEXT, 0, 200, NULL},
    {"agenda", KA_RES_TEXT, 0, 20000, NULL},
    {"minutes", KA_RES_TEXT, 0, 100000, NULL},
    {"decisions", KA_RES_TEXT, 0, 20000, NULL},
};
const struct ka_res ka_res_org_meetings = {
    .table = "meetings",
    .type = "meeting",
    .cols = meeting_cols,
    .ncols = N(meeting_cols),
    .order = "held_on DESC",
    .parent = "network_id",
    .parent_table = "networks",
    .write = KA_RES_PERM_FACILITATOR,
};
const struct ka_res ka_res_org_meetings_flat = {
    .table = "meetings",
    .type = "meeting",
    .cols = meeting_cols,
    .ncols = N(meeting_cols),
    .order = "held_on DESC",
    .write = KA_RES_PERM_FACILITATOR,
};

/* ---- courses, required courses, training records ---- */

static const struct ka_res_col course_cols[] = {
    {"key", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY | KA_RES_FIXED, 64, NULL},
    {"name", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 200, NULL},
    {"description", KA_RES_TEXT, 0, 5000, NULL},
};
const struct ka_res ka_res_org_courses = {
    .table = "courses",
    .type = "course",
    .cols = course_cols,
    .ncols = N(course_cols),
    .order = "name",
    .write = KA_RES_PERM_ADMIN,
};

#define REQ_COLS(F)                                                                                \
	{"role_id", KA_RES_REF, KA_RES_RO | F, 0, "roles"},                                        \
	{                                                                                          \
		"course_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | F, 0, "courses"          \
	}
static const struct ka_res_col req_cols[] = {REQ_COLS(0)};
static const struct ka_res_col req_flat_cols[] = {REQ_COLS(KA_RES_FILTER)};
const struct ka_res ka_res_org_required = {
    .table = "role_required_courses",
    .type = "required_course",
    .cols = req_cols,
    .ncols = N(req_cols),
    .order = "course_id",
    .parent = "role_id",
    .parent_table = "roles",
    .write = KA_RES_PERM_ADMIN,
};
const struct ka_res ka_res_org_required_flat = {
    .table = "role_required_courses",
    .type = "required_course",
    .cols = req_flat_cols,
    .ncols = N(req_flat_cols),
    .order = "role_id, course_id",
    .write = KA_RES_PERM_ADMIN,
};

static const struct ka_res_col record_cols[] = {
    {"person_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0, "people"},
    {"course_id", KA_RES_REF, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0, "courses"},
    {"completed_on", KA_RES_DATE, KA_RES_REQUIRED, 0, NULL},
    {"note", KA_RES_TEXT, 0, 2000, NULL},
};
const struct ka_res ka_res_org_records = {
    .table = "training_records",
    .type = "training_record",
    .cols = record_cols,
    .ncols = N(record_cols),
    .order = "completed_on DESC",
    .write = KA_RES_PERM_ADMIN,
};
