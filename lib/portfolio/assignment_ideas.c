/*
 * The problems and ideas of a mapping assignment (kartla/assignment.h):
 * one vote per person and idea, and an idea becoming an item of an
 * activity plan (a forms row of template activity_plan).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/assignment.h"
#include "kartla/date.h"
#include "kartla/forms.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

struct vote_tx {
	const struct ka_actor *actor;
	int64_t id;
	bool withdraw; /* DELETE: take the caller's vote back */
	json_t *result;
	char etag[KA_RES_ETAG_LEN];
};

/*
 * The N votes per participant of idea `id`'s workshop into *n and the
 * workshop into *workshop (both 0 when the idea has no workshop or the
 * workshop no N: one vote per person and idea).
 */
static int vote_budget(struct ka_store *st, int64_t id, int64_t *workshop, int64_t *n,
                       struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*workshop = *n = 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT w.id, w.votes_per_participant FROM ideas i"
	                    " JOIN workshops w ON w.id = i.workshop_id"
	                    " WHERE i.id = ? AND w.votes_per_participant IS NOT NULL",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && r.nrows) {
		*workshop = ka_rows_at(&r, 0, 0)->i;
		*n = ka_rows_at(&r, 0, 1)->i;
	}
	ka_rows_release(&r);
	return err;
}

/* Under N votes per participant: refuses a vote beyond the actor's N in the workshop. */
static int vote_within(struct ka_store *st, const struct vote_tx *t, int64_t workshop, int64_t n,
                       struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT COALESCE(SUM(v.n), 0) FROM idea_votes v"
	                    " JOIN ideas i ON i.id = v.idea_id"
	                    " WHERE i.workshop_id = ? AND v.user_id = ?",
	                    (struct ka_val[]){ka_int(workshop), ka_int(t->actor->user_id)}, 2, &r,
	                    diag);
	if (!err && ka_rows_at(&r, 0, 0)->i >= n)
		err = ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                  "you have used all your %" PRId64 " votes in workshop %" PRId64
		                  " (DELETE a vote to move it)",
		                  n, workshop);
	ka_rows_release(&r);
	return err;
}

/* The SQL that casts or withdraws one vote, with the idea and the user as its ?s. */
static const char *vote_sql(bool withdraw, int64_t n, bool last)
{
	if (!n)
		return withdraw
		           ? "DELETE FROM idea_votes WHERE idea_id = ? AND user_id = ? RETURNING id"
		           : "INSERT INTO idea_votes (idea_id, user_id) VALUES (?, ?)"
		             " ON CONFLICT DO NOTHING RETURNING id";
	if (!withdraw)
		return "INSERT INTO idea_votes (idea_id, user_id) VALUES (?, ?)"
		       " ON CONFLICT (idea_id, user_id) DO UPDATE SET n = idea_votes.n + 1 "
		       "RETURNING id";
	return last ? "DELETE FROM idea_votes WHERE idea_id = ? AND user_id = ? RETURNING id"
	            : "UPDATE idea_votes SET n = n - 1 WHERE idea_id = ? AND user_id = ?"
	              " AND n > 1 RETURNING id";
}

/* Casts or withdraws one of the caller's votes on an idea; ideas.votes is the count. */
static int vote_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct vote_tx *t = vctx;
	struct ka_val p[2] = {ka_int(t->id), ka_int(t->actor->user_id)};
	json_t *before = NULL;
	int64_t workshop = 0, n = 0;
	struct ka_rows r;
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_rows_init(&r);
	err = ka_res_load(&ka_res_hb_ideas_flat, st, t->id, 2, &before, NULL, t->etag, diag);
	if (!err && !before)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such idea %" PRId64,
		                   t->id);
	if (!err)
		err = vote_budget(st, t->id, &workshop, &n, diag);
	if (!err && n && !t->withdraw)
		err = vote_within(st, t, workshop, n, diag);
	if (!err)
		err = ka_store_exec(st, vote_sql(t->withdraw, n, false), p, 2, &r, diag);
	if (!err && n && t->withdraw && r.nrows == 0) {
		ka_rows_release(&r);
		err = ka_store_exec(st, vote_sql(true, n, true), p, 2, &r, diag);
	}
	if (!err && r.nrows == 0)
		err = t->withdraw ? ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                                "you have not voted for idea %" PRId64, t->id)
		                  : ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                                "you have already voted for idea %" PRId64
		                                " (DELETE the vote to take it back)",
		                                t->id);
	ka_rows_release(&r);
	if (!err)
		err = ka_store_exec(st,
		                    t->withdraw ? "UPDATE ideas SET votes = votes - 1 WHERE id = ?"
		                                  " AND votes > 0"
		                                : "UPDATE ideas SET votes = votes + 1 WHERE id = ?",
		                    p, 1, NULL, diag);
	if (!err)
		err = ka_res_load(&ka_res_hb_ideas_flat, st, t->id, 2, &t->result, NULL, t->etag,
		                  diag);
	if (!err)
		err = ka_audit_write(st, t->actor, t->withdraw ? "unvote" : "vote", "idea", t->id,
		                     before, t->result, diag);
	json_decref(before);
	return err;
}

int ka_assignment_vote(struct ka_store *st, const struct ka_actor *actor, int64_t id, bool withdraw,
                       json_t **out, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	struct vote_tx tx;
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	memset(&tx, 0, sizeof(tx));
	tx.actor = actor;
	tx.id = id;
	tx.withdraw = withdraw;
	err = ka_store_transact(st, vote_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		json_decref(tx.result);
		return err;
	}
	snprintf(etag, KA_RES_ETAG_LEN, "%s", tx.etag);
	*out = tx.result;
	return 0;
}

struct plan_tx {
	const struct ka_actor *actor;
	int64_t idea, form;
	const char *responsible, *due;
	json_t *result;
};

/*
 * The activity plan an idea goes into: the form asked for (it must be an
 * activity plan), else the newest draft plan of the idea's process, else a
 * new one. *body gets its body (an object).
 */
static int plan_form(struct ka_store *st, const struct plan_tx *t, int64_t process_id,
                     int64_t *formp, json_t **body, struct ka_diag *diag)
{
	struct ka_rows r;
	int64_t form = t->form;
	int err;

	*body = NULL;
	ka_rows_init(&r);
	if (form) {
		err = ka_store_exec(st, "SELECT template, body FROM forms WHERE id = ?",
		                    (struct ka_val[]){ka_int(form)}, 1, &r, diag);
		if (!err && !r.nrows)
			err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "form_id", "no form %" PRId64,
			                  form);
		else if (!err && strcmp(ka_rows_at(&r, 0, 0)->s, "activity_plan"))
			err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "form_id",
			                  "form %" PRId64 " is a %s, not an activity plan", form,
			                  ka_rows_at(&r, 0, 0)->s);
	} else {
		/* the newest draft activity plan of the idea's process, or a new one */
		err = ka_store_exec(st,
		                    "SELECT id, body FROM forms WHERE template = 'activity_plan'"
		                    " AND status = 'draft' AND COALESCE(process_id, 0) = ?"
		                    " ORDER BY id DESC LIMIT 1",
		                    (struct ka_val[]){ka_int(process_id)}, 1, &r, diag);
		if (!err && r.nrows)
			form = ka_rows_at(&r, 0, 0)->i;
		else if (!err)
			err = ka_store_exec(
			    st,
			    "INSERT INTO forms (process_id, template, title, body, updated_by)"
			    " VALUES (?, 'activity_plan', 'Activity plan', '{\"items\":[]}', ?)"
			    " RETURNING id, body",
			    (struct ka_val[]){process_id ? ka_int(process_id) : ka_null(),
			                      t->actor->user_id ? ka_int(t->actor->user_id)
			                                        : ka_null()},
			    2, &r, diag);
		if (!err && !form)
			form = ka_rows_at(&r, 0, 0)->i;
	}
	if (err)
		goto out;
	*body = json_loads(ka_rows_at(&r, 0, 1)->s, 0, NULL);
	if (!json_is_object(*body)) {
		json_decref(*body);
		*body = json_object();
	}
out:
	*formp = form;
	ka_rows_release(&r);
	return err;
}

/*
 * The idea's item in its assignment's activity plan (plan_items, what the
 * assignment's plan screen and CSV show): the responsible person when the
 * free-text name is exactly one person's in the register. *id stays 0 for
 * an idea without an assignment.
 */
static int plan_item_add(struct ka_store *st, const struct plan_tx *t, const json_t *idea,
                         int64_t *id, struct ka_diag *diag)
{
	const json_t *a = json_object_get(idea, "assignment_id");
	struct ka_rows r;
	int err;

	*id = 0;
	if (!json_is_integer(a))
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "INSERT INTO plan_items (assignment_id, idea_id, improvement, responsible_id, due_date)"
	    " VALUES (?, ?, ?, (SELECT MIN(id) FROM people WHERE name = ?"
	    " HAVING COUNT(*) = 1), ?) RETURNING id",
	    (struct ka_val[]){ka_int(json_integer_value(a)), ka_int(t->idea),
	                      ka_text(json_string_value(json_object_get(idea, "text"))),
	                      t->responsible ? ka_text(t->responsible) : ka_null(),
	                      t->due ? ka_text(t->due) : ka_null()},
	    5, &r, diag);
	if (!err)
		*id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	if (!err)
		err = ka_audit_write(st, t->actor, "create", "plan_item", *id, NULL, NULL, diag);
	return err;
}

static int plan_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct plan_tx *t = vctx;
	json_t *idea = NULL, *body = NULL, *before = NULL, *items, *item;
	char origin[96], *text = NULL;
	struct ka_diag fd;
	int64_t process_id = 0, form = t->form, item_id = 0;
	int err;

	json_decref(t->result);
	t->result = NULL;
	err = ka_res_load(&ka_res_hb_ideas_flat, st, t->idea, 2, &idea, NULL, NULL, diag);
	if (!err && !idea)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such idea %" PRId64,
		                  t->idea);
	if (err)
		goto out;
	if (strcmp(json_string_value(json_object_get(idea, "status")), "open")) {
		err = ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                  "idea %" PRId64
		                  " is %s, not open: it is in a plan already or closed",
		                  t->idea, json_string_value(json_object_get(idea, "status")));
		goto out;
	}
	if (json_is_integer(json_object_get(idea, "process_id")))
		process_id = json_integer_value(json_object_get(idea, "process_id"));
	err = plan_form(st, t, process_id, &form, &body, diag);
	if (err)
		goto out;
	before = json_deep_copy(body);
	items = json_object_get(body, "items");
	if (!json_is_array(items)) {
		items = json_array();
		json_object_set_new(body, "items", items);
	}
	snprintf(origin, sizeof(origin), "%s #%" PRId64 " (assignment #%" PRId64 ")",
	         json_string_value(json_object_get(idea, "kind")), t->idea,
	         (int64_t)json_integer_value(json_object_get(idea, "assignment_id")));
	item = json_pack("{s:O, s:s, s:I, s:s}", "improvement", json_object_get(idea, "text"),
	                 "origin", origin, "idea_id", (json_int_t)t->idea, "status", "planned");
	if (t->responsible)
		json_object_set_new(item, "responsible", json_string(t->responsible));
	if (t->due)
		json_object_set_new(item, "due_date", json_string(t->due));
	json_array_append_new(items, item);
	ka_diag_init(&fd, NULL);
	if (ka_form_validate_diag("activity_plan", body, &fd)) {
		err = ka_diag_set_wrapped(diag, KA_ERR_INVALID, 0, 0, "form_id",
		                          "the activity plan would not be valid: %s", &fd);
		goto out;
	}
	text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	err = ka_store_exec(st, "UPDATE forms SET body = ?, version = version + 1 WHERE id = ?",
	                    (struct ka_val[]){ka_text(text), ka_int(form)}, 2, NULL, diag);
	if (!err)
		err = ka_store_exec(st, "UPDATE ideas SET status = 'planned' WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->idea)}, 1, NULL, diag);
	if (!err)
		err = plan_item_add(st, t, idea, &item_id, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "update", "form", form, before, body, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "plan", "idea", t->idea, idea, NULL, diag);
	if (!err)
		t->result = json_pack("{s:I, s:I, s:O, s:o}", "form_id", (json_int_t)form,
		                      "idea_id", (json_int_t)t->idea, "item", item, "plan_item_id",
		                      item_id ? json_integer(item_id) : json_null());
out:
	free(text);
	json_decref(idea);
	json_decref(body);
	json_decref(before);
	return err;
}

int ka_assignment_plan_idea(struct ka_store *st, const struct ka_actor *actor, int64_t idea,
                            const struct ka_assignment_plan *in, json_t **out, struct ka_diag *diag)
{
	struct plan_tx tx;
	int err;

	*out = NULL;
	err = ka_res_can_write(st, actor, KA_RES_PERM_FACILITATOR, diag);
	if (err)
		return err;
	if (in->due_date && !ka_date_valid(in->due_date))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "due_date",
		                   "due_date must be YYYY-MM-DD");
	if (in->has_form_id && in->form_id <= 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "form_id",
		                   "form_id must be a positive id");
	memset(&tx, 0, sizeof(tx));
	tx.actor = actor;
	tx.idea = idea;
	tx.form = in->form_id;
	tx.responsible = in->responsible;
	tx.due = in->due_date;
	err = ka_store_transact(st, plan_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		json_decref(tx.result);
		return err;
	}
	*out = tx.result;
	return 0;
}
