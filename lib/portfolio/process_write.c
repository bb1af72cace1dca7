/*
 * Writing the process architecture (process.h): the input rules (types,
 * statuses, ranges, names per language, the specification), who may
 * create, change, move and delete, unique names among siblings, no cycles,
 * the outline after structural changes, and the audit row. Each write is
 * one transaction through ka_store_transact.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/portfolio.h"
#include "kartla/process.h"
#include "kartla/tree.h"
#include "kartla/text.h"
#include "kartla/banned.h"

#define NAME_MAX_BYTES 300

static const char *const langs[3] = {"nb", "sv", "en"};

/* The names an input gives: names[k] NULL when absent or null, set[k] when given. */
struct names {
	const char *v[3];
	bool set[3];
};

static int bad(struct ka_diag *diag, const char *field, const char *msg)
{
	return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field, "%s", msg);
}

static int check_name(const json_t *name, bool create, struct names *out, struct ka_diag *diag)
{
	const char *key;
	json_t *v;
	size_t k;

	memset(out, 0, sizeof(*out));
	if (!name)
		return 0;
	json_object_foreach((json_t *)name, key, v)
	{
		char field[64];

		for (k = 0; k < 3 && strcmp(key, langs[k]); k++)
			;
		snprintf(field, sizeof(field), "name.%.40s", key);
		if (k == 3)
			return bad(diag, field, "names are given per language: nb, sv, en");
		out->set[k] = true;
		if (json_is_null(v))
			continue;
		if (!json_is_string(v))
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
			                   "field '%s' must be a string or null", field);
		if (json_string_length(v) > NAME_MAX_BYTES)
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
			                   "field '%s' is too long (at most %d bytes)", field,
			                   NAME_MAX_BYTES);
		out->v[k] = json_string_value(v);
		if (!out->v[k][strspn(out->v[k], " \t\r\n")])
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
			                   "field '%s' must not be empty", field);
		if (!ka_text_name_ok(out->v[k], NULL))
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
			                   "field '%s' must not contain control, invisible or "
			                   "direction-changing characters",
			                   field);
	}
	if (create && !out->v[0] && !out->v[1] && !out->v[2])
		return bad(diag, "name",
		           "a process needs a name in at least one language (nb, sv, en)");
	return 0;
}

/* The value rules of a create or change (before any permission or state check). */
static int check_input(const struct ka_process_in *in, bool create, struct names *names,
                       struct ka_diag *diag)
{
	if (in->has_parent && !in->parent_null && in->parent_id < 1)
		return bad(diag, "parent_id", "parent_id must be a positive id");
	if (in->has_position && (in->position < 0 || in->position > 1000000))
		return bad(diag, "position", "position must be an integer from 0 to 1000000");
	if (in->type && strcmp(in->type, "core") && strcmp(in->type, "support") &&
	    strcmp(in->type, "management"))
		return bad(diag, "type", "type must be 'core', 'support' or 'management'");
	if (create && !in->type)
		return bad(diag, "type", "field 'type' is required");
	if (in->status && strcmp(in->status, "draft") && strcmp(in->status, "retired"))
		return bad(diag, "status",
		           "status can be set to 'draft' or 'retired'; 'in_review' and "
		           "'approved' follow from submitting and approving a map version");
	if (in->has_interval && !in->interval_null &&
	    (in->interval_days < 1 || in->interval_days > 36500))
		return bad(diag, "review_interval_days",
		           "review_interval_days must be from 1 to 36500");
	if (in->has_next && in->next_review_date && !ka_date_valid(in->next_review_date))
		return bad(diag, "next_review_date", "next_review_date must be a date YYYY-MM-DD");
	if (create && !in->name)
		return bad(diag, "name", "field 'name' is required");
	if (check_name(in->name, create, names, diag))
		return KA_ERR_INVALID;
	if (in->spec) {
		struct ka_diag d;

		ka_diag_init(&d, NULL);
		if (ka_spec_validate(in->spec, &d))
			return bad(diag, d.element_id, d.message);
	}
	return 0;
}

/* A process's names, in the order of langs[]. */
#define NAME_COLUMNS "name_nb", "name_sv", "name_en"
#define NAME_COLS    KA_COLS_SQL(NAME_COLUMNS)
enum name_col { NC_NB, NC_SV, NC_EN, NC_COUNT };
KA_COLS_CHECK(NAME_COLUMNS, NC_COUNT);

/* KA_ERR_CONFLICT naming "name" when a sibling already has one of the names. */
static int check_names(struct ka_store *st, int64_t parent, int64_t self, const char *const n[3],
                       struct ka_diag *diag)
{
	struct ka_rows r;
	size_t k;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " NAME_COLS " FROM processes"
	                    " WHERE COALESCE(parent_id, 0) = ? AND id <> ?"
	                    " AND (name_nb = ? OR name_sv = ? OR name_en = ?)",
	                    (struct ka_val[]){ka_int(parent), ka_int(self), ka_text(n[0]),
	                                      ka_text(n[1]), ka_text(n[2])},
	                    5, &r, diag);
	if (!err && r.nrows > 0) {
		for (k = 0; k < 3; k++) {
			const struct ka_val *v = ka_rows_at(&r, 0, NC_NB + k);

			if (n[k] && v->type == KA_VAL_TEXT && !strcmp(v->s, n[k]))
				break;
		}
		k = k < 3 ? k : 0;
		err =
		    ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, "name",
		                "another process under the same parent is already named '%s' (%s)",
		                n[k] ? n[k] : "", langs[k]);
	}
	ka_rows_release(&r);
	return err;
}

static int parent_exists(struct ka_store *st, int64_t parent, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(parent)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "parent_id",
		                  "no such process %" PRId64, parent);
	ka_rows_release(&r);
	return err;
}

static int roles_of(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                    unsigned *mask, struct ka_diag *diag)
{
	char today[KA_DATE_LEN];

	ka_date_today(today);
	return ka_portfolio_roles(st, process_id, actor->user_id, today, mask, diag);
}

static int stale(int64_t if_match, int64_t version, struct ka_diag *diag)
{
	if (if_match < 0 || if_match == version)
		return 0;
	return ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
	                   "the resource has changed since you read it (current ETag \"v%" PRId64
	                   "\"); read it again and retry",
	                   version);
}

/* ---- create ---- */

struct write_ctx {
	const struct ka_actor *actor;
	const struct ka_process_in *in;
	struct names names;
	int64_t id, if_match, version;
	struct ka_rows rows; /* the process row (before, then after the write) */
	json_t *out;
};

static int create_allowed(struct ka_store *st, struct write_ctx *c, int64_t parent,
                          struct ka_diag *diag)
{
	int err = 0;

	if (parent)
		err = ka_process_may_edit(st, c->actor, parent, diag);
	else if (!c->actor->is_admin)
		err =
		    ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                "only administrators create top-level processes (function areas)");
	if (!err && c->in->status && strcmp(c->in->status, "draft"))
		err = bad(diag, "status", "a new process is a draft");
	if (!err && parent)
		err = parent_exists(st, parent, diag);
	return err;
}

/* Reads the process back after a write, records the audit row and fills the results. */
static int finish(struct ka_store *st, struct write_ctx *c, const char *action, json_t *before,
                  struct ka_diag *diag)
{
	json_t *after;
	int err = ka_process_load_rows(st, c->id, &c->rows, diag);

	if (err)
		return err;
	after = ka_process_row_json(&c->rows, 0);
	err = ka_audit_write(st, c->actor, action, "process", c->id, before, after, diag);
	if (err) {
		json_decref(after);
		return err;
	}
	json_decref(c->out);
	c->out = after;
	c->version = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_VERSION)->i;
	return 0;
}

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_ctx *c = vctx;
	const struct ka_process_in *in = c->in;
	int64_t parent = in->has_parent && !in->parent_null ? in->parent_id : 0;
	int64_t position = in->position;
	char *spec = in->spec ? json_dumps(in->spec, JSON_COMPACT) : NULL;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = create_allowed(st, c, parent, diag);
	if (!err)
		err = check_names(st, parent, 0, c->names.v, diag);
	if (!err && !in->has_position) {
		err = ka_store_exec(st,
		                    "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM processes"
		                    " WHERE COALESCE(parent_id, 0) = ?",
		                    (struct ka_val[]){ka_int(parent)}, 1, &r, diag);
		if (!err)
			position = ka_rows_at(&r, 0, 0)->i;
	}
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO processes (parent_id, sort_order, type, name_nb, name_sv, name_en,"
		    " review_interval_days, next_review_date, specification, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){
		        parent ? ka_int(parent) : ka_null(), ka_int(position), ka_text(in->type),
		        ka_text(c->names.v[0]), ka_text(c->names.v[1]), ka_text(c->names.v[2]),
		        in->has_interval && !in->interval_null ? ka_int(in->interval_days)
		                                               : ka_null(),
		        ka_text(in->has_next ? in->next_review_date : NULL),
		        ka_text(spec ? spec : "{}"),
		        c->actor->user_id ? ka_int(c->actor->user_id) : ka_null()},
		    10, &r, diag);
	if (!err) {
		c->id = ka_rows_at(&r, 0, 0)->i;
		err = ka_process_outlines_update(st, diag);
	}
	if (!err)
		err = finish(st, c, "create", NULL, diag);
	free(spec);
	ka_rows_release(&r);
	return err;
}

int ka_process_create(struct ka_store *st, const struct ka_actor *actor,
                      const struct ka_process_in *in, json_t **out, struct ka_diag *diag)
{
	struct write_ctx c;
	int err;

	memset(&c, 0, sizeof(c));
	*out = NULL;
	c.actor = actor;
	c.in = in;
	err = check_input(in, true, &c.names, diag);
	if (err)
		return err;
	ka_rows_init(&c.rows);
	err = ka_store_transact(st, create_fn, &c, KA_STORE_ATTEMPTS, diag);
	ka_rows_release(&c.rows);
	if (err) {
		json_decref(c.out);
		return err;
	}
	*out = c.out;
	return 0;
}

/* ---- change ---- */

/*
 * A move needs an administrator, or the owner of the process's current
 * area (the owner role on its current parent or a process above that) who
 * may also edit the new parent: nobody takes a process out of an owner's
 * area without that owner. An owner of the process itself only is not the
 * area's owner; a facilitator is not unless they also hold that role.
 */
static int move_allowed(struct ka_store *st, struct write_ctx *c, int64_t from, int64_t to,
                        struct ka_diag *diag)
{
	unsigned mask = 0;
	int err;

	if (c->actor->is_admin)
		return 0;
	if (!to)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, "parent_id",
		                   "only administrators make a process top-level");
	if (!from)
		return ka_diag_set(
		    diag, KA_ERR_PERM, 0, 0, "parent_id",
		    "only administrators move a top-level process (a function area)");
	err = roles_of(st, c->actor, from, &mask, diag);
	if (err)
		return err;
	if (!(mask & KA_ROLE_OWNER))
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, "parent_id",
		                   "moving process %" PRId64 " out of its area needs the owner of "
		                   "that area (the owner role on process %" PRId64
		                   " or a process above it) or an administrator",
		                   c->id, from);
	return ka_process_may_edit(st, c->actor, to, diag);
}

static bool text_differs(const struct ka_val *v, const char *s)
{
	if (v->type != KA_VAL_TEXT)
		return s != NULL;
	return !s || strcmp(v->s, s);
}

/*
 * On an approved process the specification, the review dates and the
 * status are the owner's: anyone else's change of them is refused (the way
 * to propose a specification is a map version, which the owner approves).
 */
static int approved_allowed(struct ka_store *st, struct write_ctx *c, struct ka_diag *diag)
{
	const struct ka_process_in *in = c->in;
	const struct ka_val *status = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_STATUS);
	const struct ka_val *iv = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_REVIEW_INTERVAL_DAYS);
	const char *field = NULL;
	unsigned mask;
	int err;

	if (c->actor->is_admin || status->type != KA_VAL_TEXT || strcmp(status->s, "approved"))
		return 0;
	if (in->spec) {
		const struct ka_val *sv = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_SPECIFICATION);
		json_t *cur = sv->type == KA_VAL_TEXT ? json_loads(sv->s, 0, NULL) : json_object();

		if (!json_equal(cur, (json_t *)in->spec))
			field = "specification";
		json_decref(cur);
	}
	if (!field && in->has_interval &&
	    (in->interval_null ? iv->type == KA_VAL_INT
	                       : iv->type != KA_VAL_INT || iv->i != in->interval_days))
		field = "review_interval_days";
	if (!field && in->has_next &&
	    text_differs(ka_rows_at(&c->rows, 0, KA_PROCESS_COL_NEXT_REVIEW_DATE),
	                 in->next_review_date))
		field = "next_review_date";
	if (!field && in->status && strcmp(in->status, "approved"))
		field = "status"; /* retiring it (or back to draft) would end its reviews */
	if (!field)
		return 0;
	err = roles_of(st, c->actor, c->id, &mask, diag);
	if (err || (mask & KA_ROLE_OWNER))
		return err;
	return ka_diag_set(diag, KA_ERR_PERM, 0, 0, field,
	                   "process %" PRId64 " is approved: its specification, review date and "
	                   "status change only with its owner (or an administrator); propose a "
	                   "new specification as a map version for the owner to approve",
	                   c->id);
}

/* The checks of a change, in the order the answers promise: 404, 403, 412, 422, 409. */
static int patch_checks(struct ka_store *st, struct write_ctx *c, int64_t *parent,
                        struct ka_diag *diag)
{
	const struct ka_process_in *in = c->in;
	const struct ka_val *p = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_PARENT_ID);
	int64_t cur = p->type == KA_VAL_INT ? p->i : 0;
	bool move;
	size_t k;
	int err;

	*parent = in->has_parent ? (in->parent_null ? 0 : in->parent_id) : cur;
	move = *parent != cur;
	err = ka_process_may_edit(st, c->actor, c->id, diag);
	if (!err && move)
		err = move_allowed(st, c, cur, *parent, diag);
	if (!err)
		err = approved_allowed(st, c, diag);
	if (!err)
		err = stale(c->if_match, ka_rows_at(&c->rows, 0, KA_PROCESS_COL_VERSION)->i, diag);
	if (err)
		return err;
	for (k = 0; k < 3; k++) {
		const struct ka_val *v = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_NAME_NB + k);

		if (!c->names.set[k])
			c->names.v[k] = v->type == KA_VAL_TEXT ? v->s : NULL;
	}
	if (!c->names.v[0] && !c->names.v[1] && !c->names.v[2])
		return bad(diag, "name",
		           "a process needs a name in at least one language (nb, sv, en)");
	if (move && *parent) {
		err = parent_exists(st, *parent, diag);
		if (!err)
			err = ka_tree_check_parent(st, KA_TREE_PROCESSES, c->id, *parent, "process",
			                           diag);
		if (err)
			return err;
	}
	return check_names(st, *parent, c->id, c->names.v, diag);
}

static int patch_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_ctx *c = vctx;
	const struct ka_process_in *in = c->in;
	char *spec = NULL, now[KA_TIME_LEN];
	json_t *before = NULL;
	int64_t parent;
	int err;

	err = ka_process_load_rows(st, c->id, &c->rows, diag);
	if (!err && c->rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  c->id);
	if (err)
		return err;
	c->version = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_VERSION)->i;
	err = patch_checks(st, c, &parent, diag);
	if (err)
		return err;
	before = ka_process_row_json(&c->rows, 0);
	spec = in->spec ? json_dumps(in->spec, JSON_COMPACT) : NULL;
	ka_date_now(now);
	err = ka_store_exec(
	    st,
	    "UPDATE processes SET parent_id = ?, sort_order = COALESCE(?, sort_order),"
	    " type = COALESCE(?, type), name_nb = ?, name_sv = ?, name_en = ?,"
	    " status = COALESCE(?, status),"
	    " review_interval_days = CASE WHEN ? = 1 THEN ? ELSE review_interval_days END,"
	    " next_review_date = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE next_review_date END,"
	    " specification = COALESCE(?, specification),"
	    " version = version + 1, updated_at = ? WHERE id = ?",
	    (struct ka_val[]){
	        parent ? ka_int(parent) : ka_null(),
	        in->has_position ? ka_int(in->position) : ka_null(), ka_text(in->type),
	        ka_text(c->names.v[0]), ka_text(c->names.v[1]), ka_text(c->names.v[2]),
	        ka_text(in->status), ka_int(in->has_interval),
	        in->has_interval && !in->interval_null ? ka_int(in->interval_days) : ka_null(),
	        ka_int(in->has_next), ka_text(in->has_next ? in->next_review_date : NULL),
	        ka_text(spec), ka_text(now), ka_int(c->id)},
	    14, NULL, diag);
	if (!err && (in->has_parent || in->has_position))
		err = ka_process_outlines_update(st, diag);
	if (!err)
		err = finish(st, c, "update", before, diag);
	free(spec);
	json_decref(before);
	return err;
}

int ka_process_patch(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                     const struct ka_process_in *in, int64_t if_match, json_t **out,
                     int64_t *version, struct ka_diag *diag)
{
	struct write_ctx c;
	int err;

	memset(&c, 0, sizeof(c));
	*out = NULL;
	*version = 0;
	c.actor = actor;
	c.in = in;
	c.id = id;
	c.if_match = if_match;
	err = check_input(in, false, &c.names, diag);
	if (err)
		return err;
	/* patch_checks fills the names not given from the row; a retry refills them. */
	ka_rows_init(&c.rows);
	err = ka_store_transact(st, patch_fn, &c, KA_STORE_ATTEMPTS, diag);
	*version = c.version;
	ka_rows_release(&c.rows);
	if (err) {
		json_decref(c.out);
		return err;
	}
	*out = c.out;
	return 0;
}

/* ---- delete ---- */

static int delete_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_ctx *c = vctx;
	struct ka_rows r;
	json_t *before;
	int err;

	err = ka_process_load_rows(st, c->id, &c->rows, diag);
	if (!err && c->rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  c->id);
	if (err)
		return err;
	c->version = ka_rows_at(&c->rows, 0, KA_PROCESS_COL_VERSION)->i;
	if (!c->actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only administrators delete processes");
	err = stale(c->if_match, c->version, diag);
	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT COUNT(*) FROM processes WHERE parent_id = ?",
	                    (struct ka_val[]){ka_int(c->id)}, 1, &r, diag);
	if (!err && ka_rows_at(&r, 0, 0)->i > 0)
		err = ka_diag_set(
		    diag, KA_ERR_CONFLICT, 0, 0, NULL,
		    "process %" PRId64 " has sub-processes: move or delete them first", c->id);
	ka_rows_release(&r);
	if (err)
		return err;
	before = ka_process_row_json(&c->rows, 0);
	err = ka_store_exec(st, "DELETE FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(c->id)}, 1, NULL, diag);
	if (!err)
		err = ka_process_outlines_update(st, diag);
	if (!err)
		err = ka_audit_write(st, c->actor, "delete", "process", c->id, before, NULL, diag);
	json_decref(before);
	return err;
}

int ka_process_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                      int64_t if_match, int64_t *version, struct ka_diag *diag)
{
	struct write_ctx c;
	int err;

	memset(&c, 0, sizeof(c));
	c.actor = actor;
	c.id = id;
	c.if_match = if_match;
	ka_rows_init(&c.rows);
	err = ka_store_transact(st, delete_fn, &c, KA_STORE_ATTEMPTS, diag);
	*version = c.version;
	ka_rows_release(&c.rows);
	return err;
}
