/*
 * The review list (review.h): processes by next review date with their
 * traffic light, and what is overdue: mapping assignments, training
 * tasks, risk actions and activity-plan items; optionally both for one
 * owner's area only (the processes they own, inherited from the areas
 * above; overdue items without a process are then left out).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/mypage.h"
#include "kartla/portfolio.h"
#include "kartla/review.h"
#include "kartla/banned.h"

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *int_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? json_integer(v->i) : json_null();
}

/* A process on the review list, with its owner (the first by name). */
#define REVIEW_COLUMNS                                                                             \
	"p.id", "p.outline", "p.name_nb", "p.name_sv", "p.name_en", "p.status",                    \
	    "p.review_interval_days", "p.next_review_date",                                        \
	    "(SELECT MIN(o.name) FROM owners o WHERE o.pid = p.id) AS owner"
#define REVIEW_COLS KA_COLS_SQL(REVIEW_COLUMNS)
enum review_col {
	RC_ID,
	RC_OUTLINE,
	RC_NAME_NB,
	RC_NAME_SV,
	RC_NAME_EN,
	RC_STATUS,
	RC_REVIEW_INTERVAL_DAYS,
	RC_NEXT_REVIEW_DATE,
	RC_OWNER,
	RC_COUNT
};
KA_COLS_CHECK(REVIEW_COLUMNS, RC_COUNT);

/*
 * Something overdue: the columns of the first SELECT of a UNION ALL (the
 * database holds the other branches to the same count).
 */
#define OVERDUE_COLUMNS "'assignment'", "id", "title", "due_date", "process_id"
#define OVERDUE_COLS    KA_COLS_SQL(OVERDUE_COLUMNS)
enum overdue_col { OC_KIND, OC_ID, OC_TITLE, OC_DUE_DATE, OC_PROCESS_ID, OC_COUNT };
KA_COLS_CHECK(OVERDUE_COLUMNS, OC_COUNT);

/* An activity plan. */
#define PLAN_COLUMNS "id", "process_id", "body"
#define PLAN_COLS    KA_COLS_SQL(PLAN_COLUMNS)
enum plan_col { PC_ID, PC_PROCESS_ID, PC_BODY, PC_COUNT };
KA_COLS_CHECK(PLAN_COLUMNS, PC_COUNT);

/*
 * Appends the items of activity plan `row` (PLAN_COLUMNS) that are past
 * their due date and neither done nor cancelled. The form's body was
 * validated against its template when it was written.
 */
static void overdue_activities(const struct ka_rows *r, size_t row, const char *today, json_t *out)
{
	const struct ka_val *pid = ka_rows_at(r, row, PC_PROCESS_ID),
	                    *b = ka_rows_at(r, row, PC_BODY);
	json_t *body = b->type == KA_VAL_TEXT ? json_loads(b->s, 0, NULL) : NULL;
	json_t *items = json_object_get(body, "items"), *it;
	size_t k;

	json_array_foreach(items, k, it)
	{
		const char *due = json_string_value(json_object_get(it, "due_date"));
		const char *st = json_string_value(json_object_get(it, "status"));
		const char *what = json_string_value(json_object_get(it, "improvement"));

		if (!due || strcmp(due, today) >= 0 ||
		    (st && (!strcmp(st, "done") || !strcmp(st, "cancelled"))))
			continue;
		json_array_append_new(
		    out, json_pack("{s:s, s:I, s:I, s:o, s:s, s:o}", "kind", "activity", "id",
		                   (json_int_t)ka_rows_at(r, row, PC_ID)->i, "item", (json_int_t)k,
		                   "title", what ? json_string(what) : json_null(), "due_date", due,
		                   "process_id", int_or_null(pid)));
	}
	json_decref(body);
}

/* A column of the review row being read. */
#define COL(name) ka_rows_at(rows, i, RC_##name)

static json_t *review_item(const struct ka_rows *rows, size_t i, const char *light, int64_t left)
{
	return json_pack("{s:I, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:s, s:I, s:o}", "id",
	                 (json_int_t)COL(ID)->i, "outline", text_or_null(COL(OUTLINE)), "name",
	                 "nb", text_or_null(COL(NAME_NB)), "sv", text_or_null(COL(NAME_SV)), "en",
	                 text_or_null(COL(NAME_EN)), "status", text_or_null(COL(STATUS)),
	                 "review_interval_days", int_or_null(COL(REVIEW_INTERVAL_DAYS)),
	                 "next_review_date", text_or_null(COL(NEXT_REVIEW_DATE)), "light", light,
	                 "days_left", (json_int_t)left, "owner", text_or_null(COL(OWNER)));
}

#undef COL

/* Overdue items everywhere: assignments, training tasks, risk actions; and the activity plans. */
#define OVERDUE_SQL(cond)                                                                          \
	"SELECT " OVERDUE_COLS " FROM assignments"                                                 \
	" WHERE due_date IS NOT NULL AND due_date < ? AND status <> 'closed'" cond(                \
	    process_id) " UNION ALL SELECT 'training_task', id, title, due_date, process_id"       \
	                " FROM training_tasks WHERE due_date IS NOT NULL AND due_date < ?"         \
	                " AND status = 'open'" cond(                                               \
	                    process_id) " UNION ALL SELECT 'risk_action', a.id, a.title, "         \
	                                "a.due_date, r.process_id"                                 \
	                                " FROM risk_actions a JOIN risks r ON r.id = a.risk_id"    \
	                                " WHERE a.due_date IS NOT NULL AND a.due_date < ?"         \
	                                " AND a.status IN ('planned', 'ongoing')" cond(            \
	                                    r.process_id) " ORDER BY 4, 2 LIMIT 500"
#define NO_COND(col)    ""
#define OWNED_COND(col) " AND " #col " IN (SELECT pid FROM owned)"

/* The processes person `?` owns on `?` (twice), inherited from the areas above. */
#define OWNED_CTE                                                                                  \
	"WITH RECURSIVE chain(pid, aid) AS (SELECT id, id FROM processes UNION ALL"                \
	" SELECT c.pid, p.parent_id FROM chain c JOIN processes p ON p.id = c.aid"                 \
	" WHERE p.parent_id IS NOT NULL),"                                                         \
	" owned(pid) AS (SELECT c.pid FROM chain c JOIN role_assignments ra"                       \
	"  ON ra.scope = 'process' AND ra.process_id = c.aid JOIN roles r ON r.id = ra.role_id"    \
	"  WHERE r.kind = 'owner' AND ra.person_id = ? AND ra.from_date <= ?"                      \
	"  AND (ra.to_date IS NULL OR ra.to_date >= ?)) "

static int load_all(struct ka_store *st, const char *today, struct ka_rows *od,
                    struct ka_rows *plans, struct ka_diag *diag)
{
	int err = ka_store_exec(st, OVERDUE_SQL(NO_COND),
	                        (struct ka_val[]){ka_text(today), ka_text(today), ka_text(today)},
	                        3, od, diag);

	return err ? err
	           : ka_store_exec(st,
	                           "SELECT " PLAN_COLS " FROM forms"
	                           " WHERE template = 'activity_plan' ORDER BY id",
	                           NULL, 0, plans, diag);
}

/* What is overdue in the area of owner `owner` only (the processes they own). */
static int load_owned(struct ka_store *st, int64_t owner, const char *today, struct ka_rows *od,
                      struct ka_rows *plans, struct ka_diag *diag)
{
	int err = ka_store_exec(st, OWNED_CTE OVERDUE_SQL(OWNED_COND),
	                        (struct ka_val[]){ka_int(owner), ka_text(today), ka_text(today),
	                                          ka_text(today), ka_text(today), ka_text(today)},
	                        6, od, diag);

	return err ? err
	           : ka_store_exec(st,
	                           OWNED_CTE
	                           "SELECT " PLAN_COLS " FROM forms"
	                           " WHERE template = 'activity_plan'"
	                           " AND process_id IN (SELECT pid FROM owned) ORDER BY id",
	                           (struct ka_val[]){ka_int(owner), ka_text(today), ka_text(today)},
	                           3, plans, diag);
}

/* The three queries of the list, in the caller's read transaction. */
static int load(struct ka_store *st, int64_t owner, const char *today, struct ka_rows *rows,
                struct ka_rows *od, struct ka_rows *plans, struct ka_diag *diag)
{
	int err = ka_store_exec(
	    st,
	    /* Owners are appointed for a process or any ancestor (inherited). */
	    "WITH RECURSIVE chain(pid, aid) AS (SELECT id, id FROM processes UNION ALL"
	    " SELECT c.pid, p.parent_id FROM chain c JOIN processes p ON p.id = c.aid"
	    " WHERE p.parent_id IS NOT NULL),"
	    " owners(pid, person_id, name) AS (SELECT c.pid, pe.id, pe.name FROM chain c"
	    "  JOIN role_assignments ra ON ra.scope = 'process' AND ra.process_id = c.aid"
	    "  JOIN roles r ON r.id = ra.role_id JOIN people pe ON pe.id = ra.person_id"
	    "  WHERE r.kind = 'owner' AND ra.from_date <= ? AND (ra.to_date IS NULL"
	    "  OR ra.to_date >= ?))"
	    " SELECT " REVIEW_COLS " FROM processes p"
	    " WHERE p.next_review_date IS NOT NULL AND p.status <> 'retired'"
	    " AND (? = 0 OR EXISTS (SELECT 1 FROM owners o WHERE o.pid = p.id"
	    "  AND o.person_id = ?))"
	    " ORDER BY p.next_review_date, p.id",
	    (struct ka_val[]){ka_text(today), ka_text(today), ka_int(owner), ka_int(owner)}, 4,
	    rows, diag);

	if (!err)
		err = owner ? load_owned(st, owner, today, od, plans, diag)
		            : load_all(st, today, od, plans, diag);
	return err;
}

/*
 * Who may read the list: the system (NULL) and the roles that cover the
 * workspace (ka_mypage_sees); an owner only their own area (*owner becomes
 * their person id). KA_ERR_AUTH anonymous, KA_ERR_PERM anyone else.
 */
static int may_read(struct ka_store *st, const struct ka_actor *actor, const char *today,
                    int64_t *owner, struct ka_diag *diag)
{
	struct ka_mypage_sees s;
	int err;

	if (!actor)
		return 0;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL,
		                   "sign in to see the review list and overdue items");
	err = ka_mypage_sees(st, actor, today, &s, diag);
	if (err)
		return err;
	if (!s.workspace)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "the review list and overdue items are for administrators, "
		                   "facilitators, stewards and process owners");
	if (s.all)
		return 0;
	if (*owner && *owner != s.person)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, "owner",
		                   "a process owner sees only the processes they own");
	*owner = s.person;
	return 0;
}

int ka_review_list(struct ka_store *st, const struct ka_actor *actor,
                   const struct ka_review_filter *f, const char *today, json_t **items,
                   int64_t *total, json_t **overdue, struct ka_diag *diag)
{
	int64_t owner = f->owner;
	char day[KA_DATE_LEN];
	struct ka_rows rows, od, plans;
	bool own = !ka_store_in_tx(st);
	size_t i;
	int err;

	*items = *overdue = NULL;
	*total = 0;
	if (f->light && strcmp(f->light, "red") && strcmp(f->light, "yellow") &&
	    strcmp(f->light, "green"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "light",
		                   "light must be red, yellow or green");
	if (!today) {
		ka_date_today(day);
		today = day;
	}
	ka_rows_init(&rows);
	ka_rows_init(&od);
	ka_rows_init(&plans);
	err = own ? ka_store_begin_read(st) : 0;
	if (!err)
		err = may_read(st, actor, today, &owner, diag);
	if (!err)
		err = load(st, owner, today, &rows, &od, &plans, diag);
	if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (err)
		goto out;
	*items = json_array();
	for (i = 0; i < rows.nrows; i++) {
		const struct ka_val *iv = ka_rows_at(&rows, i, RC_REVIEW_INTERVAL_DAYS);
		int64_t left = 0;
		const char *l = ka_review_light(ka_rows_at(&rows, i, RC_NEXT_REVIEW_DATE)->s,
		                                iv->type == KA_VAL_INT ? iv->i : 0, today, &left);

		if (!l || (f->light && strcmp(f->light, l)))
			continue;
		if (*total >= f->offset && *total < f->offset + f->limit)
			json_array_append_new(*items, review_item(&rows, i, l, left));
		(*total)++;
	}
	*overdue = json_array();
	for (i = 0; i < od.nrows; i++)
		json_array_append_new(
		    *overdue, json_pack("{s:o, s:I, s:o, s:o, s:o}", "kind",
		                        text_or_null(ka_rows_at(&od, i, OC_KIND)), "id",
		                        (json_int_t)ka_rows_at(&od, i, OC_ID)->i, "title",
		                        text_or_null(ka_rows_at(&od, i, OC_TITLE)), "due_date",
		                        text_or_null(ka_rows_at(&od, i, OC_DUE_DATE)), "process_id",
		                        int_or_null(ka_rows_at(&od, i, OC_PROCESS_ID))));
	for (i = 0; i < plans.nrows; i++)
		overdue_activities(&plans, i, today, *overdue);
out:
	ka_rows_release(&rows);
	ka_rows_release(&od);
	ka_rows_release(&plans);
	return err;
}
