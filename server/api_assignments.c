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
#include "kartla/assignment.h"
#include "kartla/date.h"
#include "kartla/forms.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct crud_col assignment_cols[] = {
    {"process_id", CK_REF, CRUD_FILTER, 0, "processes"},
    {"title", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 300, NULL},
    {"status", CK_ENUM, CRUD_RO | CRUD_FILTER, 0, NULL},
    {"body", CK_JSON, 0, 0, "mapping_assignment"},
    {"start_date", CK_DATE, 0, 0, NULL},
    {"due_date", CK_DATE, 0, 0, NULL},
    {"updated_at", CK_TEXT, CRUD_RO, 0, NULL},
};

static int dates_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                       const json_t *before, const json_t *obj)
{
	const json_t *a = json_object_get(obj, "start_date"), *b = json_object_get(obj, "due_date");

	(void)st;
	(void)req;
	if (!a && before)
		a = json_object_get(before, "start_date");
	if (!b && before)
		b = json_object_get(before, "due_date");
	if (json_is_string(a) && json_is_string(b) &&
	    strcmp(json_string_value(b), json_string_value(a)) < 0)
		return http_fail(resp, KA_ERR_INVALID, "due_date",
		                 "due_date must not be before start_date");
	return 0;
}

static const struct crud_res assignments = {"assignments",
                                            "assignment",
                                            assignment_cols,
                                            N(assignment_cols),
                                            "COALESCE(due_date, '9999'), title",
                                            NULL,
                                            NULL,
                                            CRUD_PERM_FACILITATOR,
                                            1,
                                            1,
                                            NULL,
                                            dates_check,
                                            NULL};
CRUD_HANDLERS(assignments, assignments)

/* ---- status ---- */

static int post_status(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	const char *to = NULL;
	const struct http_field fields[] = {
	    {"status", HTTP_F_STRING, HTTP_F_REQUIRED, 20, &to, NULL},
	};
	json_t *o = NULL;
	int64_t id, version = 0;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 1);
	if (err)
		return err;
	err = ka_assignment_set_status(req->st, &actor, id, to, http_if_match_version(req), &o,
	                               &version, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_etag(resp, version);
	http_json(resp, 200, o);
	return 0;
}

/* ---- workshops ---- */

#define WORKSHOP_COLS                                                                              \
	{"assignment_id", CK_REF, CRUD_RO, 0, "assignments"},                                      \
	    {"title", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 300, NULL},                      \
	    {"held_on", CK_DATE, 0, 0, NULL}, {"place", CK_TEXT, 0, 200, NULL},                    \
	    {"facilitator_id", CK_REF, 0, 0, "people"},                                            \
	{                                                                                          \
		"notes", CK_TEXT, 0, 100000, NULL                                                  \
	}
static const struct crud_col workshop_cols[] = {WORKSHOP_COLS};
static const struct crud_res workshops = {"workshops",
                                          "workshop",
                                          workshop_cols,
                                          N(workshop_cols),
                                          "COALESCE(held_on, '9999')",
                                          "assignment_id",
                                          "assignments",
                                          CRUD_PERM_FACILITATOR,
                                          0,
                                          0,
                                          NULL,
                                          NULL,
                                          NULL};
static const struct crud_res workshops_flat = {
    "workshops", "workshop", workshop_cols, N(workshop_cols),
    NULL,        NULL,       NULL,          CRUD_PERM_FACILITATOR,
    0,           0,          NULL,          NULL,
    NULL};
CRUD_HANDLERS(workshops, workshops)
CRUD_HANDLERS(workshops_flat, workshops_flat)

/* ---- problems and ideas ---- */

static int idea_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                      const json_t *before, const json_t *obj)
{
	const json_t *p = json_object_get(obj, "priority"),
	             *w = json_object_get(obj, "workshop_id");
	struct ka_rows r;
	int err = 0;

	(void)before;
	if (json_is_integer(p) && (json_integer_value(p) < 1 || json_integer_value(p) > 1000))
		return http_fail(resp, KA_ERR_INVALID, "priority", "priority must be 1 to 1000");
	if (!json_is_integer(w))
		return 0;
	/* the workshop must belong to the same assignment */
	ka_rows_init(&r);
	err = ka_store_exec(
	    st, "SELECT 1 FROM workshops WHERE id = ? AND assignment_id = ?",
	    (struct ka_val[]){
	        ka_int(json_integer_value(w)),
	        ka_int(before         ? json_integer_value(json_object_get(before, "assignment_id"))
	               : req->nparams ? strtoll(req->params[0], NULL, 10)
	                              : 0)},
	    2, &r, &req->diag);
	if (!err && !r.nrows)
		err = http_fail(resp, KA_ERR_INVALID, "workshop_id",
		                "the workshop belongs to another assignment");
	ka_rows_release(&r);
	return err;
}

#define IDEA_COLS(F)                                                                               \
	{"assignment_id", CK_REF, CRUD_RO | F, 0, "assignments"},                                  \
	    {"process_id", CK_REF, CRUD_RO | CRUD_FILTER, 0, "processes"},                         \
	    {"workshop_id", CK_REF, CRUD_FILTER, 0, "workshops"},                                  \
	    {"kind", CK_ENUM, HTTP_F_REQUIRED | CRUD_FILTER, 0, "problem|idea"},                   \
	    {"text", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 5000, NULL},                      \
	    {"group_name", CK_TEXT, CRUD_FILTER, 200, NULL}, {"priority", CK_INT, 0, 0, NULL},     \
	    {"votes", CK_INT, CRUD_RO, 0, NULL},                                                   \
	{                                                                                          \
		"status", CK_ENUM, CRUD_FILTER | CRUD_NONULL, 0, "open|planned|done|rejected"      \
	}
static const struct crud_col idea_cols[] = {IDEA_COLS(0)};
static const struct crud_col idea_flat_cols[] = {IDEA_COLS(CRUD_FILTER)};
#define IDEA_ORDER "COALESCE(group_name, ''), COALESCE(priority, 1000000), votes DESC"
/* An idea belongs to its assignment's process too. */
static const struct crud_res ideas = {
    "ideas",
    "idea",
    idea_cols,
    N(idea_cols),
    IDEA_ORDER,
    "assignment_id",
    "assignments",
    CRUD_PERM_FACILITATOR,
    0,
    0,
    NULL,
    idea_check,
    "UPDATE ideas SET process_id = (SELECT process_id FROM assignments a"
    " WHERE a.id = ideas.assignment_id) WHERE id = ?"};
static const struct crud_res ideas_flat = {
    "ideas",    "idea", idea_flat_cols, N(idea_flat_cols),
    IDEA_ORDER, NULL,   NULL,           CRUD_PERM_FACILITATOR,
    0,          0,      NULL,           idea_check,
    NULL};
CRUD_HANDLERS(ideas, ideas)
CRUD_HANDLERS(ideas_flat, ideas_flat)

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
	err = crud_load(&ideas_flat, st, t->id, 2, &before, NULL, t->etag, diag);
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
		err = crud_load(&ideas_flat, st, t->id, 2, &t->result, NULL, t->etag, diag);
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
	json_t *items = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (err)
		return err;
	err = ka_assignment_idea_groups(req->st, id, &items, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
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
	err = crud_load(&ideas_flat, st, t->idea, 2, &idea, NULL, NULL, diag);
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
