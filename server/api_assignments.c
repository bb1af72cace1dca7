/*
 * Mapping assignments (the assignment template; status planned -> ongoing
 * -> analysed -> documented -> closed, allowed steps only), their
 * workshops, and the problems-and-ideas list with grouping, priority and
 * votes; an idea becomes an item of an activity plan (a forms row).
 * Facilitators and administrators write; anyone signed in may vote.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"
#include "kartla/date.h"
#include "kartla/org.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

CRUD_HANDLER(assignments, list, ka_res_hb_assignments)
CRUD_HANDLER(assignments, create, ka_res_hb_assignments)
CRUD_HANDLER(assignments, get, ka_res_hb_assignments)
CRUD_HANDLER(assignments, patch, ka_res_hb_assignments)
CRUD_HANDLER(assignments, delete, ka_res_hb_assignments)

/* ---- status ---- */

struct status_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
	const char *to;
	char etag[32];
	json_t *result;
};

static int status_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct status_tx *t = vctx;
	json_t *before = NULL;
	const char *from;
	char etag[32], now[KA_TIME_LEN];
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_date_now(now);
	err = ka_res_load(&ka_res_hb_assignments, st, t->id, 2, &before, NULL, etag, diag);
	if (!err && !before)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such assignment %" PRId64,
		                 t->id);
	if (!err)
		err = http_if_match_tag(t->req, t->resp, etag, false);
	from = before ? json_string_value(json_object_get(before, "status")) : NULL;
	if (!err && !ka_assignment_transition_ok(from, t->to))
		err = http_fail(t->resp, KA_ERR_CONFLICT, "status",
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
		err = ka_res_load(&ka_res_hb_assignments, st, t->id, 2, &t->result, NULL, t->etag,
		                  diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "status", "assignment", t->id, before,
		                 t->result, diag);
	json_decref(before);
	return err;
}

static int post_status(struct http_req *req, struct http_resp *resp)
{
	struct status_tx tx;
	const struct http_field fields[] = {
	    {"status", HTTP_F_STRING, HTTP_F_REQUIRED, 20, &tx.to, NULL},
	};
	int err;

	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.resp = resp;
	err = http_param_id(req, resp, 0, &tx.id);
	if (!err)
		err = crud_can_write(req, resp, CRUD_PERM_FACILITATOR);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 1);
	if (err)
		return err;
	if (!ka_assignment_status_valid(tx.to))
		return http_fail(
		    resp, KA_ERR_INVALID, "status",
		    "status must be one of planned, ongoing, analysed, documented, closed");
	err = ka_store_transact(req->st, status_fn, &tx, 5, &req->diag);
	if (err) {
		json_decref(tx.result);
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	}
	snprintf(resp->etag, sizeof(resp->etag), "%s", tx.etag);
	http_json(resp, 200, tx.result);
	return 0;
}

/* ---- workshops ---- */

CRUD_HANDLER(workshops, list, ka_res_hb_workshops)
CRUD_HANDLER(workshops, create, ka_res_hb_workshops)
CRUD_HANDLER(workshops_flat, get, ka_res_hb_workshops_flat)
CRUD_HANDLER(workshops_flat, patch, ka_res_hb_workshops_flat)
CRUD_HANDLER(workshops_flat, delete, ka_res_hb_workshops_flat)

/* ---- problems and ideas ---- */

CRUD_HANDLER(ideas, list, ka_res_hb_ideas)
CRUD_HANDLER(ideas, create, ka_res_hb_ideas)
CRUD_HANDLER(ideas_flat, list, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, get, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, patch, ka_res_hb_ideas_flat)
CRUD_HANDLER(ideas_flat, delete, ka_res_hb_ideas_flat)

struct vote_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
	bool withdraw; /* DELETE: take the caller's vote back */
	json_t *result;
	char etag[32];
};

/* Casts or withdraws the caller's one vote on an idea; ideas.votes is the count. */
static int vote_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct vote_tx *t = vctx;
	struct ka_val p[2] = {ka_int(t->id), ka_int(t->req->actor.user_id)};
	json_t *before = NULL;
	struct ka_rows r;
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_rows_init(&r);
	err = ka_res_load(&ka_res_hb_ideas_flat, st, t->id, 2, &before, NULL, t->etag, diag);
	if (!err && !before)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such idea %" PRId64, t->id);
	if (!err)
		err = ka_store_exec(st,
		                    t->withdraw
		                        ? "DELETE FROM idea_votes WHERE idea_id = ?"
		                          " AND user_id = ? RETURNING id"
		                        : "INSERT INTO idea_votes (idea_id, user_id)"
		                          " VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id",
		                    p, 2, &r, diag);
	if (!err && r.nrows == 0)
		err = t->withdraw ? http_fail(t->resp, KA_ERR_NOT_FOUND, NULL,
		                              "you have not voted for idea %" PRId64, t->id)
		                  : http_fail(t->resp, KA_ERR_CONFLICT, NULL,
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
		err = http_audit(st, &t->req->actor, t->withdraw ? "unvote" : "vote", "idea", t->id,
		                 before, t->result, diag);
	json_decref(before);
	return err;
}

static int run_vote(struct http_req *req, struct http_resp *resp, bool withdraw)
{
	struct vote_tx tx;
	int err;

	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.resp = resp;
	tx.withdraw = withdraw;
	err = http_param_id(req, resp, 0, &tx.id);
	if (err)
		return err;
	err = ka_store_transact(req->st, vote_fn, &tx, 5, &req->diag);
	if (err) {
		json_decref(tx.result);
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	}
	snprintf(resp->etag, sizeof(resp->etag), "%s", tx.etag);
	http_json(resp, 200, tx.result);
	return 0;
}

static int post_vote(struct http_req *req, struct http_resp *resp)
{
	return run_vote(req, resp, false);
}

static int delete_vote(struct http_req *req, struct http_resp *resp)
{
	return run_vote(req, resp, true);
}

/* Groups of one assignment's list: name, count, votes. */
static int get_groups(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows r;
	json_t *items;
	int64_t id;
	size_t i;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(req->st, "SELECT 1 FROM assignments WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, &req->diag);
	if (!err && !r.nrows) {
		ka_rows_release(&r);
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such assignment %" PRId64, id);
	}
	if (!err)
		err = ka_store_exec(req->st,
		                    "SELECT group_name, COUNT(*), SUM(votes),"
		                    " SUM(CASE WHEN kind = 'problem' THEN 1 ELSE 0 END)"
		                    " FROM ideas WHERE assignment_id = ?"
		                    " GROUP BY group_name ORDER BY COALESCE(group_name, '')",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, &req->diag);
	if (err) {
		ka_rows_release(&r);
		return http_store_fail(resp, err, &req->diag);
	}
	items = json_array();
	for (i = 0; i < r.nrows; i++)
		json_array_append_new(items,
		                      json_pack("{s:s?, s:I, s:I, s:I}", "group_name",
		                                ka_rows_at(&r, i, 0)->type == KA_VAL_TEXT
		                                    ? ka_rows_at(&r, i, 0)->s
		                                    : NULL,
		                                "count", (json_int_t)ka_rows_at(&r, i, 1)->i,
		                                "votes", (json_int_t)ka_rows_at(&r, i, 2)->i,
		                                "problems", (json_int_t)ka_rows_at(&r, i, 3)->i));
	ka_rows_release(&r);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- an idea into an activity plan ---- */

struct plan_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t idea, form;
	const char *responsible, *due;
	json_t *result;
};

static int plan_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct plan_tx *t = vctx;
	json_t *idea = NULL, *body = NULL, *before = NULL, *items, *item;
	struct ka_rows r;
	char origin[96], field[200], msg[300], *text = NULL;
	int64_t process_id = 0, form = t->form;
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_rows_init(&r);
	err = ka_res_load(&ka_res_hb_ideas_flat, st, t->idea, 2, &idea, NULL, NULL, diag);
	if (!err && !idea)
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such idea %" PRId64, t->idea);
	if (err)
		goto out;
	if (strcmp(json_string_value(json_object_get(idea, "status")), "open")) {
		err =
		    http_fail(t->resp, KA_ERR_CONFLICT, NULL,
		              "idea %" PRId64 " is %s, not open: it is in a plan already or closed",
		              t->idea, json_string_value(json_object_get(idea, "status")));
		goto out;
	}
	if (json_is_integer(json_object_get(idea, "process_id")))
		process_id = json_integer_value(json_object_get(idea, "process_id"));
	if (form) {
		err = ka_store_exec(st, "SELECT template, body FROM forms WHERE id = ?",
		                    (struct ka_val[]){ka_int(form)}, 1, &r, diag);
		if (!err && !r.nrows)
			err =
			    http_fail(t->resp, KA_ERR_INVALID, "form_id", "no form %" PRId64, form);
		else if (!err && strcmp(ka_rows_at(&r, 0, 0)->s, "activity_plan"))
			err = http_fail(t->resp, KA_ERR_INVALID, "form_id",
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
			                      t->req->actor.user_id ? ka_int(t->req->actor.user_id)
			                                            : ka_null()},
			    2, &r, diag);
		if (!err && !form)
			form = ka_rows_at(&r, 0, 0)->i;
	}
	if (err)
		goto out;
	body = json_loads(ka_rows_at(&r, 0, 1)->s, 0, NULL);
	if (!json_is_object(body)) {
		json_decref(body);
		body = json_object();
	}
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
	if (ka_form_validate("activity_plan", body, field, sizeof(field), msg, sizeof(msg))) {
		err = http_fail(t->resp, KA_ERR_INVALID, "form_id",
		                "the activity plan would not be valid: %s", msg);
		goto out;
	}
	text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	err = ka_store_exec(st, "UPDATE forms SET body = ?, version = version + 1 WHERE id = ?",
	                    (struct ka_val[]){ka_text(text), ka_int(form)}, 2, NULL, diag);
	if (!err)
		err = ka_store_exec(st, "UPDATE ideas SET status = 'planned' WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->idea)}, 1, NULL, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "update", "form", form, before, body, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "plan", "idea", t->idea, idea, NULL, diag);
	if (!err)
		t->result = json_pack("{s:I, s:I, s:O}", "form_id", (json_int_t)form, "idea_id",
		                      (json_int_t)t->idea, "item", item);
out:
	free(text);
	json_decref(idea);
	json_decref(body);
	json_decref(before);
	ka_rows_release(&r);
	return err;
}

static int post_plan(struct http_req *req, struct http_resp *resp)
{
	struct plan_tx tx;
	const struct http_field fields[] = {
	    {"form_id", HTTP_F_INT, 0, 0, &tx.form, NULL},
	    {"responsible", HTTP_F_STRING, HTTP_F_NONEMPTY, 200, &tx.responsible, NULL},
	    {"due_date", HTTP_F_STRING, 0, 10, &tx.due, NULL},
	};
	int err;

	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.resp = resp;
	err = http_param_id(req, resp, 0, &tx.idea);
	if (!err)
		err = crud_can_write(req, resp, CRUD_PERM_FACILITATOR);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, N(fields));
	if (err)
		return err;
	if (tx.due && !ka_date_valid(tx.due))
		return http_fail(resp, KA_ERR_INVALID, "due_date", "due_date must be YYYY-MM-DD");
	if (json_object_get(req->json, "form_id") && tx.form <= 0)
		return http_fail(resp, KA_ERR_INVALID, "form_id", "form_id must be a positive id");
	err = ka_store_transact(req->st, plan_fn, &tx, 5, &req->diag);
	if (err) {
		json_decref(tx.result);
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	}
	http_json(resp, 201, tx.result);
	return 0;
}

const struct http_route api_assignments_routes[] = {
    {"GET", "/api/assignments", assignments_list, HTTP_READER},
    {"POST", "/api/assignments", assignments_create, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}", assignments_get, HTTP_READER},
    {"PATCH", "/api/assignments/{id}", assignments_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/assignments/{id}", assignments_delete, HTTP_SIGNED_IN},
    {"POST", "/api/assignments/{id}/status", post_status, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/workshops", workshops_list, HTTP_READER},
    {"POST", "/api/assignments/{id}/workshops", workshops_create, HTTP_SIGNED_IN},
    {"GET", "/api/workshops/{id}", workshops_flat_get, HTTP_READER},
    {"PATCH", "/api/workshops/{id}", workshops_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/workshops/{id}", workshops_flat_delete, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/ideas", ideas_list, HTTP_READER},
    {"POST", "/api/assignments/{id}/ideas", ideas_create, HTTP_SIGNED_IN},
    {"GET", "/api/assignments/{id}/idea-groups", get_groups, HTTP_READER},
    {"GET", "/api/ideas", ideas_flat_list, HTTP_READER},
    {"GET", "/api/ideas/{id}", ideas_flat_get, HTTP_READER},
    {"PATCH", "/api/ideas/{id}", ideas_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/ideas/{id}", ideas_flat_delete, HTTP_SIGNED_IN},
    {"POST", "/api/ideas/{id}/vote", post_vote, HTTP_SIGNED_IN},
    {"DELETE", "/api/ideas/{id}/vote", delete_vote, HTTP_SIGNED_IN},
    {"POST", "/api/ideas/{id}/activity-plan", post_plan, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
