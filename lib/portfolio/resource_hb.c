/*
 * Mapping assignments, workshops, problems and ideas, forms and the
 * handbook as table-driven resources (resource_hb.h): their columns,
 * enumerations, who writes them and the rules beyond the columns.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/forms.h"
#include "kartla/handbook.h"
#include "kartla/resource_hb.h"
#include "resource_int.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- mapping assignments ---- */

static const struct ka_res_col assignment_cols[] = {
    {"process_id", KA_RES_REF, KA_RES_FILTER, 0, "processes"},
    {"title", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 300, NULL},
    {"status", KA_RES_ENUM, KA_RES_RO | KA_RES_FILTER, 0, NULL},
    {"body", KA_RES_JSON, 0, 0, "mapping_assignment"},
    {"start_date", KA_RES_DATE, 0, 0, NULL},
    {"due_date", KA_RES_DATE, 0, 0, NULL},
    {"updated_at", KA_RES_TEXT, KA_RES_RO, 0, NULL},
};

static int dates_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                       json_t *obj, struct ka_diag *diag)
{
	const json_t *a = json_object_get(obj, "start_date"), *b = json_object_get(obj, "due_date");

	(void)st;
	(void)actor;
	if (!a && before)
		a = json_object_get(before, "start_date");
	if (!b && before)
		b = json_object_get(before, "due_date");
	if (json_is_string(a) && json_is_string(b) &&
	    strcmp(json_string_value(b), json_string_value(a)) < 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "due_date",
		                   "due_date must not be before start_date");
	return 0;
}

const struct ka_res ka_res_hb_assignments = {
    .table = "assignments",
    .type = "assignment",
    .cols = assignment_cols,
    .ncols = N(assignment_cols),
    .order = "COALESCE(due_date, '9999'), title",
    .write = KA_RES_PERM_FACILITATOR,
    .versioned = 1,
    .updated_at = 1,
    .check = dates_check,
    .notify = res_notify_mapping_assignment,
};

/* ---- workshops ---- */

static const struct ka_res_col workshop_cols[] = {
    {"assignment_id", KA_RES_REF, KA_RES_RO, 0, "assignments"},
    {"title", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 300, NULL},
    {"held_on", KA_RES_DATE, 0, 0, NULL},
    {"place", KA_RES_TEXT, 0, 200, NULL},
    {"facilitator_id", KA_RES_REF, 0, 0, "people"},
    {"notes", KA_RES_TEXT, 0, 100000, NULL},
    {"participants", KA_RES_TEXT, 0, 20000, NULL}, /* free-text names, no accounts */
    {"votes_per_participant", KA_RES_INT, 0, 0, NULL},
};

/* N votes per participant is 1 to 100 (null: one per person and idea). */
static int workshop_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                          json_t *obj, struct ka_diag *diag)
{
	const json_t *n = json_object_get(obj, "votes_per_participant");

	(void)st;
	(void)actor;
	(void)before;
	if (json_is_integer(n) && (json_integer_value(n) < 1 || json_integer_value(n) > 100))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "votes_per_participant",
		                   "votes_per_participant must be 1 to 100");
	return 0;
}

const struct ka_res ka_res_hb_workshops = {
    .table = "workshops",
    .type = "workshop",
    .cols = workshop_cols,
    .ncols = N(workshop_cols),
    .order = "COALESCE(held_on, '9999')",
    .parent = "assignment_id",
    .parent_table = "assignments",
    .write = KA_RES_PERM_FACILITATOR,
    .check = workshop_check,
};
const struct ka_res ka_res_hb_workshops_flat = {
    .table = "workshops",
    .type = "workshop",
    .cols = workshop_cols,
    .ncols = N(workshop_cols),
    .write = KA_RES_PERM_FACILITATOR,
    .check = workshop_check,
};

/* ---- problems and ideas ---- */

/* A priority is 1 to 1000; the workshop must belong to the same assignment. */
static int idea_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                      json_t *obj, struct ka_diag *diag)
{
	const json_t *p = json_object_get(obj, "priority"),
	             *w = json_object_get(obj, "workshop_id");
	const json_t *a = json_object_get(before ? before : obj, "assignment_id");
	struct ka_rows r;
	int err = 0;

	(void)actor;
	if (json_is_integer(p) && (json_integer_value(p) < 1 || json_integer_value(p) > 1000))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "priority",
		                   "priority must be 1 to 1000");
	if (!json_is_integer(w))
		return 0;
	ka_rows_init(&r);
	err =
	    ka_store_exec(st, "SELECT 1 FROM workshops WHERE id = ? AND assignment_id = ?",
	                  (struct ka_val[]){ka_int(json_integer_value(w)),
	                                    ka_int(json_is_integer(a) ? json_integer_value(a) : 0)},
	                  2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "workshop_id",
		                  "the workshop belongs to another assignment");
	ka_rows_release(&r);
	return err;
}

#define IDEA_COLS(F)                                                                               \
	{"assignment_id", KA_RES_REF, KA_RES_RO | F, 0, "assignments"},                            \
	    {"process_id", KA_RES_REF, KA_RES_RO | KA_RES_FILTER, 0, "processes"},                 \
	    {"workshop_id", KA_RES_REF, KA_RES_FILTER, 0, "workshops"},                            \
	    {"kind", KA_RES_ENUM, KA_RES_REQUIRED | KA_RES_FILTER, 0, "problem|idea"},             \
	    {"text", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 5000, NULL},                  \
	    {"group_name", KA_RES_TEXT, KA_RES_FILTER, 200, NULL},                                 \
	    {"priority", KA_RES_INT, 0, 0, NULL}, {"votes", KA_RES_INT, KA_RES_RO, 0, NULL},       \
	    {"dots", KA_RES_INT, KA_RES_RO, 0, NULL},                                              \
	{                                                                                          \
		"status", KA_RES_ENUM, KA_RES_FILTER | KA_RES_NONULL, 0,                           \
		    "open|planned|done|rejected"                                                   \
	}
static const struct ka_res_col idea_cols[] = {IDEA_COLS(0)};
static const struct ka_res_col idea_flat_cols[] = {IDEA_COLS(KA_RES_FILTER)};
#define IDEA_ORDER "COALESCE(group_name, ''), COALESCE(priority, 1000000), votes DESC"
/* An idea belongs to its assignment's process too. */
const struct ka_res ka_res_hb_ideas = {
    .table = "ideas",
    .type = "idea",
    .cols = idea_cols,
    .ncols = N(idea_cols),
    .order = IDEA_ORDER,
    .parent = "assignment_id",
    .parent_table = "assignments",
    .write = KA_RES_PERM_FACILITATOR,
    .check = idea_check,
    .after_write = "UPDATE ideas SET process_id = (SELECT process_id FROM assignments a"
                   " WHERE a.id = ideas.assignment_id) WHERE id = ?",
};
const struct ka_res ka_res_hb_ideas_flat = {
    .table = "ideas",
    .type = "idea",
    .cols = idea_flat_cols,
    .ncols = N(idea_flat_cols),
    .order = IDEA_ORDER,
    .write = KA_RES_PERM_FACILITATOR,
    .check = idea_check,
};

/* ---- activity-plan items of an assignment ---- */

static int plan_item_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                           json_t *obj, struct ka_diag *diag)
{
	const json_t *i = json_object_get(obj, "idea_id");
	const json_t *a = json_object_get(before ? before : obj, "assignment_id");
	struct ka_rows r;
	int err;

	(void)actor;
	if (!json_is_integer(i))
		return 0;
	ka_rows_init(&r);
	err =
	    ka_store_exec(st, "SELECT 1 FROM ideas WHERE id = ? AND assignment_id = ?",
	                  (struct ka_val[]){ka_int(json_integer_value(i)),
	                                    ka_int(json_is_integer(a) ? json_integer_value(a) : 0)},
	                  2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "idea_id",
		                  "the idea belongs to another assignment");
	ka_rows_release(&r);
	return err;
}

#define PLAN_ITEM_COLS(F)                                                                          \
	{"assignment_id", KA_RES_REF, KA_RES_RO | F, 0, "assignments"},                            \
	    {"idea_id", KA_RES_REF, 0, 0, "ideas"},                                                \
	    {"improvement", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 5000, NULL},           \
	    {"responsible_id", KA_RES_REF, 0, 0, "people"}, {"due_date", KA_RES_DATE, 0, 0, NULL}, \
	{                                                                                          \
		"status", KA_RES_ENUM, KA_RES_FILTER | KA_RES_NONULL, 0,                           \
		    "planned|ongoing|done|dropped"                                                 \
	}
static const struct ka_res_col plan_item_cols[] = {PLAN_ITEM_COLS(0)};
static const struct ka_res_col plan_item_flat_cols[] = {PLAN_ITEM_COLS(KA_RES_FILTER)};
const struct ka_res ka_res_hb_plan_items = {
    .table = "plan_items",
    .type = "plan_item",
    .cols = plan_item_cols,
    .ncols = N(plan_item_cols),
    .order = "COALESCE(due_date, '9999')",
    .parent = "assignment_id",
    .parent_table = "assignments",
    .write = KA_RES_PERM_FACILITATOR,
    .versioned = 1,
    .updated_at = 1,
    .check = plan_item_check,
};
const struct ka_res ka_res_hb_plan_items_flat = {
    .table = "plan_items",
    .type = "plan_item",
    .cols = plan_item_flat_cols,
    .ncols = N(plan_item_flat_cols),
    .order = "COALESCE(due_date, '9999')",
    .write = KA_RES_PERM_FACILITATOR,
    .versioned = 1,
    .updated_at = 1,
    .check = plan_item_check,
};

/* ---- forms ---- */

/* The body matches the form's template; role descriptions are the administrators' (forms.h). */
static int form_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                      json_t *obj, struct ka_diag *diag)
{
	(void)st;
	return ka_form_check(actor, before, obj, diag);
}

static const struct ka_res_col form_cols[] = {
    {"process_id", KA_RES_REF, KA_RES_FILTER | KA_RES_FIXED, 0, "processes"},
    {"template", KA_RES_ENUM, KA_RES_REQUIRED | KA_RES_FIXED | KA_RES_FILTER, 0,
     "process_inventory|resource_request|followup_plan|activity_plan|role_description"},
    {"title", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 300, NULL},
    {"body", KA_RES_JSON, 0, 0, NULL},
    {"status", KA_RES_ENUM, KA_RES_FILTER | KA_RES_NONULL, 0, "draft|approved"},
    {"updated_at", KA_RES_TEXT, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_hb_forms = {
    .table = "forms",
    .type = "form",
    .cols = form_cols,
    .ncols = N(form_cols),
    .order = "template, title",
    .write = KA_RES_PERM_FACILITATOR,
    .versioned = 1,
    .updated_at = 1,
    /* a role description's form is read with its page (handbook.h) */
    .where = ka_handbook_form_where,
    .check = form_check,
};

/* ---- handbook pages and attachments ---- */

static const struct ka_res_col page_cols[] = {
    {"parent_id", KA_RES_REF, KA_RES_FILTER, 0, "handbook_pages"},
    {"slug", KA_RES_TEXT, KA_RES_NONULL, 120, NULL},
    {"title", KA_RES_TEXT, KA_RES_REQUIRED | KA_RES_NONEMPTY, 300, NULL},
    {"markdown", KA_RES_TEXT, KA_RES_NONULL, KA_HANDBOOK_MARKDOWN_MAX, NULL},
    {"visibility", KA_RES_ENUM, KA_RES_FILTER | KA_RES_NONULL, 0,
     "everyone|signed_in|facilitators"},
    {"sort_order", KA_RES_INT, KA_RES_NONULL, 0, NULL},
    {"updated_at", KA_RES_TEXT, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_hb_pages = {
    .table = "handbook_pages",
    .type = "page",
    .cols = page_cols,
    .ncols = N(page_cols),
    .order = "sort_order, title",
    .write = KA_RES_PERM_FACILITATOR,
    .versioned = 1,
    .updated_at = 1,
    /* the one visibility rule (handbook.h); the search rows' levels follow every write */
    .where = ka_handbook_readable_where,
    .check = ka_handbook_page_check,
    .after_write = ka_handbook_index_vis_sql,
};

static const struct ka_res_col att_cols[] = {
    {"page_id", KA_RES_REF, KA_RES_RO, 0, "handbook_pages"},
    {"name", KA_RES_TEXT, KA_RES_RO, 0, NULL},
    {"mime", KA_RES_TEXT, KA_RES_RO, 0, NULL},
    {"size", KA_RES_INT, KA_RES_RO, 0, NULL},
};
const struct ka_res ka_res_hb_attachments = {
    .table = "attachments",
    .type = "attachment",
    .cols = att_cols,
    .ncols = N(att_cols),
    .order = "name",
    .write = KA_RES_PERM_FACILITATOR,
};
