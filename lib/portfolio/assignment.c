/*
 * Mapping assignments (kartla/assignment.h): the status machine and the
 * status change with its audit entry, and the groups of the problems and
 * ideas found in the assignment's workshops.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/assignment.h"
#include "kartla/date.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

static const char *const statuses[] = {"planned", "ongoing", "analysed", "documented", "closed"};

static int status_index(const char *s)
{
	int i;

	for (i = 0; s && i < 5; i++)
		if (!strcmp(statuses[i], s))
			return i;
	return -1;
}

bool ka_assignment_status_valid(const char *s)
{
	return status_index(s) >= 0;
}

bool ka_assignment_transition_ok(const char *from, const char *to)
{
	int f = status_index(from), t = status_index(to);

	if (f < 0 || t < 0 || f == 4)
		return false;
	return t == f + 1 || (t == f - 1 && t >= 0);
}

struct status_tx {
	const struct ka_actor *actor;
	int64_t id, if_match, version;
	const char *to;
	json_t *result;
};

static int status_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct status_tx *t = vctx;
	json_t *before = NULL;
	const char *from;
	char now[KA_TIME_LEN];
	int64_t version = 0;
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_date_now(now);
	err = ka_res_load(&ka_res_hb_assignments, st, t->id, 2, &before, &version, NULL, diag);
	if (!err && !before)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                   "no such assignment %" PRId64, t->id);
	if (!err && t->if_match != -1 && t->if_match != version) {
		t->version = version;
		err = ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
		                  "the resource has changed since you read it (current ETag"
		                  " \"v%" PRId64 "\"); read it again and retry",
		                  version);
	}
	from = before ? json_string_value(json_object_get(before, "status")) : NULL;
	if (!err && !ka_assignment_transition_ok(from, t->to))
		err =
		    ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, "status",
		                "an assignment cannot go from %s to %s (allowed: one step along "
		                "planned, ongoing, analysed, documented, closed, or one step back "
		                "before it is closed)",
		                from ? from : "?", t->to);
	if (!err)
		err = ka_store_exec(st,
		                    "UPDATE assignments SET status = ?, version = version + 1,"
		                    " updated_at = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(t->to), ka_text(now), ka_int(t->id)},
		                    3, NULL, diag);
	if (!err)
		err = ka_res_load(&ka_res_hb_assignments, st, t->id, 2, &t->result, &t->version,
		                  NULL, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "status", "assignment", t->id, before, t->result,
		                     diag);
	json_decref(before);
	return err;
}

int ka_assignment_set_status(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                             const char *to, int64_t if_match, json_t **out, int64_t *version,
                             struct ka_diag *diag)
{
	struct status_tx tx = {actor, id, if_match, 0, to, NULL};
	int err;

	*out = NULL;
	err = ka_res_can_write(st, actor, KA_RES_PERM_FACILITATOR, diag);
	if (err)
		return err;
	if (!ka_assignment_status_valid(to))
		return ka_diag_set(
		    diag, KA_ERR_INVALID, 0, 0, "status",
		    "status must be one of planned, ongoing, analysed, documented, closed");
	err = ka_store_transact(st, status_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		if (err == KA_ERR_STALE)
			*version = tx.version;
		json_decref(tx.result);
		return err;
	}
	*out = tx.result;
	*version = tx.version;
	return 0;
}

int ka_assignment_idea_groups(struct ka_store *st, int64_t id, json_t **out, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err;

	*out = NULL;
	ka_rows_init(&r);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_store_exec(st, "SELECT 1 FROM assignments WHERE id = ?",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such assignment %" PRId64,
		                  id);
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT group_name, COUNT(*), SUM(votes + dots),"
		                    " SUM(CASE WHEN kind = 'problem' THEN 1 ELSE 0 END)"
		                    " FROM ideas WHERE assignment_id = ?"
		                    " GROUP BY group_name ORDER BY COALESCE(group_name, '')",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (ka_store_in_tx(st)) {
		if (err)
			ka_store_rollback(st);
		else
			err = ka_store_commit(st);
	}
	if (!err) {
		*out = json_array();
		for (i = 0; i < r.nrows; i++)
			json_array_append_new(
			    *out, json_pack("{s:s?, s:I, s:I, s:I}", "group_name",
			                    ka_rows_at(&r, i, 0)->type == KA_VAL_TEXT
			                        ? ka_rows_at(&r, i, 0)->s
			                        : NULL,
			                    "count", (json_int_t)ka_rows_at(&r, i, 1)->i, "votes",
			                    (json_int_t)ka_rows_at(&r, i, 2)->i, "problems",
			                    (json_int_t)ka_rows_at(&r, i, 3)->i));
	}
	ka_rows_release(&r);
	return err;
}
