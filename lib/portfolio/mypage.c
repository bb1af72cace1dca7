/*
 * My page (mypage.h): what is the signed-in user's own, in one read-only
 * snapshot. Each section is one query whose columns are named by their
 * aliases (lower case, so that SQLite and PostgreSQL name them alike) and
 * become the keys of the section's objects; name_nb / name_sv / name_en
 * fold into one "name" object. Versions waiting for a decision are chosen
 * by the governance rule itself (ka_gov_check), so the page never offers a
 * decision the server would refuse.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/governance.h"
#include "kartla/mypage.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

/* Active on `today`: the condition on a role assignment `ra`, with two date parameters. */
#define RA_ACTIVE " ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"

/* A process's outline and names, as the aliases the folding expects. */
#define PROC_COLS                                                                                  \
	"p.outline AS outline, p.name_nb AS name_nb, p.name_sv AS name_sv, p.name_en AS name_en"

struct mp {
	struct ka_store *st;
	const struct ka_actor *actor;
	const char *today;
	int64_t person; /* 0: the user is nobody in the organisation */
	const char *person_name;
	json_t *out;
};

static json_t *val_json(const struct ka_val *v)
{
	switch (v->type) {
	case KA_VAL_INT:
		return json_integer(v->i);
	case KA_VAL_REAL:
		return json_real(v->r);
	case KA_VAL_TEXT:
		return json_string(v->s);
	default:
		return json_null();
	}
}

/* Moves <prefix>_nb, _sv, _en of `o` into one object <prefix>. */
static void fold_names(json_t *o, const char *prefix)
{
	static const char *const langs[] = {"nb", "sv", "en"};
	json_t *names = json_object();
	char key[64];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "%s_%s", prefix, langs[i]);
		json_object_set(names, langs[i], json_object_get(o, key));
		json_object_del(o, key);
	}
	json_object_set_new(o, prefix, names);
}

/* Row `i` of `r` as an object keyed by the column names. */
static json_t *row_object(const struct ka_rows *r, size_t i)
{
	json_t *o = json_object();
	size_t k;

	for (k = 0; k < r->ncols; k++)
		json_object_set_new(o, r->names[k], val_json(ka_rows_at(r, i, k)));
	if (json_object_get(o, "name_nb"))
		fold_names(o, "name");
	return o;
}

/* Runs `sql` and appends one object per row to a new array *out. */
static int query(struct mp *m, const char *sql, const struct ka_val *p, size_t n, json_t **out,
                 struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err;

	*out = json_array();
	ka_rows_init(&r);
	err = ka_store_exec(m->st, sql, p, n, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		json_array_append_new(*out, row_object(&r, i));
	ka_rows_release(&r);
	return err;
}

/* Adds "overdue" to each object with a due_date before today. */
static void mark_overdue(json_t *list, const char *today)
{
	json_t *o;
	size_t i;

	json_array_foreach(list, i, o)
	{
		const char *due = json_string_value(json_object_get(o, "due_date"));

		json_object_set_new(o, "overdue", json_boolean(due && strcmp(due, today) < 0));
	}
}

static int person_of(struct mp *m, struct ka_rows *r, struct ka_diag *diag)
{
	int err = ka_store_exec(m->st, "SELECT id, name FROM people WHERE user_id = ?",
	                        (struct ka_val[]){ka_int(m->actor->user_id)}, 1, r, diag);

	if (!err && r->nrows == 1) {
		m->person = ka_rows_at(r, 0, 0)->i;
		m->person_name =
		    ka_rows_at(r, 0, 1)->type == KA_VAL_TEXT ? ka_rows_at(r, 0, 1)->s : "";
		json_object_set_new(
		    m->out, "person",
		    json_pack("{s:I, s:s}", "id", (json_int_t)m->person, "name", m->person_name));
	} else if (!err) {
		json_object_set_new(m->out, "person", json_null());
	}
	return err;
}

/* ---- my processes by role ---- */

/* Processes in which people of unit `unit` (or a unit below it) hold a role today. */
static int unit_processes(struct mp *m, int64_t unit, json_t **out, struct ka_diag *diag)
{
	return query(
	    m,
	    "WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"
	    " SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
	    " SELECT DISTINCT p.id AS id, " PROC_COLS ", p.status AS status"
	    " FROM processes p JOIN role_assignments ra ON ra.scope = 'process'"
	    " AND ra.process_id = p.id JOIN people pe ON pe.id = ra.person_id"
	    " WHERE pe.unit_id IN (SELECT id FROM sub) AND p.status <> 'retired' AND" RA_ACTIVE
	    " ORDER BY outline, id",
	    (struct ka_val[]){ka_int(unit), ka_text(m->today), ka_text(m->today)}, 3, out, diag);
}

/* The group for (role, scope, unit) in `groups`, added when new. */
static json_t *group_of(json_t *groups, json_t *row)
{
	json_t *g, *role;
	size_t i;

	json_array_foreach(groups, i, g)
	{
		role = json_object_get(g, "role");
		if (json_equal(json_object_get(role, "id"), json_object_get(row, "role_id")) &&
		    json_equal(json_object_get(g, "scope"), json_object_get(row, "scope")) &&
		    json_equal(json_object_get(g, "unit_id"), json_object_get(row, "unit_id")))
			return g;
	}
	role = json_pack(
	    "{s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(row, "role_id"), "key",
	    json_object_get(row, "role_key"), "kind", json_object_get(row, "role_kind"), "name_nb",
	    json_object_get(row, "role_name_nb"), "name_sv", json_object_get(row, "role_name_sv"),
	    "name_en", json_object_get(row, "role_name_en"));
	g = json_pack("{s:o, s:O, s:O, s:O, s:[]}", "role", role, "scope",
	              json_object_get(row, "scope"), "unit_id", json_object_get(row, "unit_id"),
	              "unit", json_object_get(row, "unit"), "processes");
	json_array_append_new(groups, g);
	return g;
}

static int roles_section(struct mp *m, struct ka_diag *diag)
{
	json_t *rows = NULL, *groups = json_array(), *row, *g, *procs;
	size_t i;
	int err;

	json_object_set_new(m->out, "roles", groups);
	if (!m->person)
		return 0;
	err = query(m,
	            "SELECT r.id AS role_id, r.key AS role_key, r.kind AS role_kind,"
	            " r.name_nb AS role_name_nb, r.name_sv AS role_name_sv,"
	            " r.name_en AS role_name_en, ra.scope AS scope, u.id AS unit_id,"
	            " u.name AS unit, p.id AS id, " PROC_COLS ", p.status AS status"
	            " FROM role_assignments ra JOIN roles r ON r.id = ra.role_id"
	            " LEFT JOIN units u ON u.id = ra.unit_id"
	            " LEFT JOIN processes p ON ra.scope = 'process' AND p.id = ra.process_id"
	            " WHERE ra.person_id = ? AND" RA_ACTIVE
	            " ORDER BY r.sort_order, r.id, ra.scope, u.id, p.outline, p.id",
	            (struct ka_val[]){ka_int(m->person), ka_text(m->today), ka_text(m->today)}, 3,
	            &rows, diag);
	json_array_foreach(rows, i, row)
	{
		const char *scope = json_string_value(json_object_get(row, "scope"));
		const char *status = json_string_value(json_object_get(row, "status"));

		if (err)
			break;
		g = group_of(groups, row);
		if (scope && !strcmp(scope, "unit") &&
		    json_is_integer(json_object_get(row, "unit_id"))) {
			err = unit_processes(m, json_integer_value(json_object_get(row, "unit_id")),
			                     &procs, diag);
			json_array_extend(json_object_get(g, "processes"), procs);
			json_decref(procs);
		} else if (scope && !strcmp(scope, "process") &&
		           json_is_integer(json_object_get(row, "id")) &&
		           !(status && !strcmp(status, "retired"))) {
			json_array_append_new(json_object_get(g, "processes"),
			                      json_pack("{s:O, s:O, s:O, s:O}", "id",
			                                json_object_get(row, "id"), "outline",
			                                json_object_get(row, "outline"), "name",
			                                json_object_get(row, "name"), "status",
			                                json_object_get(row, "status")));
		}
	}
	json_decref(rows);
	return err;
}

/* ---- waiting for my decision ---- */

static int approvals_section(struct mp *m, struct ka_diag *diag)
{
	json_t *rows = NULL, *mine = json_array(), *row;
	struct ka_gov_facts f;
	struct ka_diag scratch;
	size_t i;
	int err;

	json_object_set_new(m->out, "approvals", mine);
	err = query(m,
	            "SELECT v.id AS version_id, v.process_id AS process_id, " PROC_COLS ","
	            " v.number AS number, v.variant AS variant, v.submitted_at AS submitted_at,"
	            " (SELECT u.display_name FROM approvals a JOIN users u ON u.id = a.actor_id"
	            "  WHERE a.version_id = v.id AND a.action = 'submit'"
	            "  ORDER BY a.id DESC LIMIT 1) AS submitted_by,"
	            " (SELECT a.comment FROM approvals a WHERE a.version_id = v.id"
	            "  AND a.action = 'submit' ORDER BY a.id DESC LIMIT 1) AS note"
	            " FROM map_versions v JOIN processes p ON p.id = v.process_id"
	            " WHERE v.state = 'submitted' ORDER BY v.submitted_at, v.id LIMIT 500",
	            NULL, 0, &rows, diag);
	json_array_foreach(rows, i, row)
	{
		int64_t pid = json_integer_value(json_object_get(row, "process_id"));
		int64_t vid = json_integer_value(json_object_get(row, "version_id"));

		if (err)
			break;
		err = ka_gov_facts_read(m->st, m->actor, pid, vid, "submitted", m->today, &f, diag);
		ka_diag_init(&scratch, NULL);
		if (!err && ka_gov_check(&f, KA_GOV_APPROVE, vid, &scratch) == 0)
			json_array_append(mine, row);
	}
	json_decref(rows);
	return err;
}

/* ---- my reviews: processes I own (inherited) or am responsible for ---- */

static int reviews_section(struct mp *m, struct ka_diag *diag)
{
	json_t *list = NULL, *o;
	size_t i;
	int err;

	if (!m->person) {
		json_object_set_new(m->out, "reviews", json_array());
		return 0;
	}
	err =
	    query(m,
	          "WITH RECURSIVE chain(pid, aid) AS (SELECT id, id FROM processes UNION ALL"
	          " SELECT c.pid, p.parent_id FROM chain c JOIN processes p ON p.id = c.aid"
	          " WHERE p.parent_id IS NOT NULL)"
	          " SELECT p.id AS id, " PROC_COLS ", p.next_review_date AS next_review_date,"
	          " p.review_interval_days AS review_interval_days, MIN(r.kind) AS kind"
	          " FROM processes p JOIN chain c ON c.pid = p.id"
	          " JOIN role_assignments ra ON ra.scope = 'process' AND ra.process_id = c.aid"
	          " JOIN roles r ON r.id = ra.role_id"
	          " WHERE ra.person_id = ? AND r.kind IN ('owner', 'responsible') AND" RA_ACTIVE
	          " AND p.next_review_date IS NOT NULL AND p.status <> 'retired'"
	          " GROUP BY p.id, p.outline, p.name_nb, p.name_sv, p.name_en, p.next_review_date,"
	          " p.review_interval_days ORDER BY next_review_date, id",
	          (struct ka_val[]){ka_int(m->person), ka_text(m->today), ka_text(m->today)}, 3,
	          &list, diag);
	json_array_foreach(list, i, o)
	{
		int64_t left = 0;
		const char *l =
		    ka_review_light(json_string_value(json_object_get(o, "next_review_date")),
		                    json_integer_value(json_object_get(o, "review_interval_days")),
		                    m->today, &left);

		json_object_set_new(o, "light", l ? json_string(l) : json_null());
		json_object_set_new(o, "days_left", json_integer(left));
	}
	json_object_set_new(m->out, "reviews", list);
	return err;
}

/* ---- my actions, courses and mapping assignments ---- */

static int actions_section(struct mp *m, struct ka_diag *diag)
{
	json_t *actions = NULL, *courses = NULL;
	int err;

	err = query(m,
	            "SELECT a.id AS id, a.title AS title, a.due_date AS due_date,"
	            " a.status AS status, r.id AS risk_id, r.title AS risk_title,"
	            " r.process_id AS process_id FROM risk_actions a"
	            " JOIN risks r ON r.id = a.risk_id WHERE a.responsible_id = ?"
	            " AND a.status IN ('planned', 'ongoing')"
	            " ORDER BY COALESCE(a.due_date, '9999-12-31'), a.id LIMIT 500",
	            (struct ka_val[]){ka_int(m->person)}, 1, &actions, diag);
	if (!err)
		err = query(m,
		            "SELECT t.id AS id, t.title AS title, t.due_date AS due_date,"
		            " t.process_id AS process_id FROM training_tasks t"
		            " WHERE t.person_id = ? AND t.status = 'open'"
		            " ORDER BY COALESCE(t.due_date, '9999-12-31'), t.id LIMIT 500",
		            (struct ka_val[]){ka_int(m->person)}, 1, &courses, diag);
	mark_overdue(actions, m->today);
	mark_overdue(courses, m->today);
	json_object_set_new(m->out, "actions", actions ? actions : json_array());
	json_object_set_new(m->out, "courses", courses ? courses : json_array());
	return err;
}

static bool has_name(const json_t *list, const char *name)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), name))
			return true;
	}
	return false;
}

/* Why assignment `a` is mine: "ordering_owner", "facilitator", "participant", "creator"; or NULL.
 */
static const char *assignment_role(const struct mp *m, const json_t *a)
{
	json_t *body = json_loads(json_string_value(json_object_get(a, "body")), 0, NULL);
	const char *owner = json_string_value(json_object_get(body, "ordering_owner"));
	const char *as = NULL;

	if (m->person_name && *m->person_name) {
		if (owner && !strcmp(owner, m->person_name))
			as = "ordering_owner";
		else if (has_name(json_object_get(body, "facilitators"), m->person_name))
			as = "facilitator";
		else if (has_name(json_object_get(body, "participants"), m->person_name))
			as = "participant";
	}
	if (!as && json_integer_value(json_object_get(a, "created_by")) == m->actor->user_id)
		as = "creator";
	json_decref(body);
	return as;
}

static int assignments_section(struct mp *m, struct ka_diag *diag)
{
	json_t *rows = NULL, *mine = json_array(), *a;
	size_t i;
	int err;

	json_object_set_new(m->out, "assignments", mine);
	err = query(m,
	            "SELECT id, title, status, due_date, process_id, body, created_by"
	            " FROM assignments WHERE status <> 'closed'"
	            " ORDER BY COALESCE(due_date, '9999-12-31'), id LIMIT 1000",
	            NULL, 0, &rows, diag);
	json_array_foreach(rows, i, a)
	{
		const char *as = err ? NULL : assignment_role(m, a);

		if (!as)
			continue;
		json_object_del(a, "body");
		json_object_del(a, "created_by");
		json_object_set_new(a, "as", json_string(as));
		json_array_append(mine, a);
	}
	mark_overdue(mine, m->today);
	json_decref(rows);
	return err;
}

/* ---- my submissions and the comments on my versions ---- */

/* A decision made before the current submission is not this submission's outcome. */
static void clear_stale_decisions(json_t *list)
{
	static const char *const keys[] = {"decision", "decided_at", "decided_by",
	                                   "decision_comment"};
	json_t *o;
	size_t i, k;

	json_array_foreach(list, i, o)
	{
		const char *state = json_string_value(json_object_get(o, "state"));

		if (state && !strcmp(state, "submitted"))
			for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				json_object_set_new(o, keys[k], json_null());
	}
}

static int submissions_section(struct mp *m, struct ka_diag *diag)
{
	struct ka_val u = ka_int(m->actor->user_id);
	json_t *subs = NULL, *comments = NULL;
	int err;

	err = query(m,
	            "SELECT v.id AS version_id, v.process_id AS process_id, " PROC_COLS ","
	            " v.number AS number, v.variant AS variant, v.state AS state,"
	            " v.submitted_at AS submitted_at,"
	            " (SELECT s.comment FROM approvals s WHERE s.version_id = v.id"
	            "  AND s.action = 'submit' AND s.actor_id = ? ORDER BY s.id DESC LIMIT 1)"
	            "  AS note,"
	            " d.action AS decision, d.at AS decided_at, du.display_name AS decided_by,"
	            " d.comment AS decision_comment"
	            " FROM map_versions v JOIN processes p ON p.id = v.process_id"
	            " LEFT JOIN approvals d ON d.id = (SELECT MAX(x.id) FROM approvals x"
	            "  WHERE x.version_id = v.id AND x.action IN ('approve', 'reject'))"
	            " LEFT JOIN users du ON du.id = d.actor_id"
	            " WHERE EXISTS (SELECT 1 FROM approvals s WHERE s.version_id = v.id"
	            "  AND s.action = 'submit' AND s.actor_id = ?)"
	            " ORDER BY COALESCE(v.submitted_at, v.created_at) DESC, v.id DESC LIMIT 20",
	            (struct ka_val[]){u, u}, 2, &subs, diag);
	clear_stale_decisions(subs);
	/* Comments by others on my open versions since I last acted on the version. */
	if (!err)
		err =
		    query(m,
		          "SELECT v.id AS version_id, v.process_id AS process_id, " PROC_COLS ","
		          " v.number AS number, v.state AS state, cu.display_name AS commenter,"
		          " a.at AS at, a.comment AS comment"
		          " FROM approvals a JOIN map_versions v ON v.id = a.version_id"
		          " JOIN processes p ON p.id = v.process_id"
		          " LEFT JOIN users cu ON cu.id = a.actor_id"
		          " WHERE a.action = 'comment' AND (a.actor_id IS NULL OR a.actor_id <> ?)"
		          " AND v.state IN ('draft', 'submitted', 'rejected')"
		          " AND (v.author_id = ? OR EXISTS (SELECT 1 FROM approvals s"
		          "  WHERE s.version_id = v.id AND s.action = 'submit' AND s.actor_id = ?))"
		          " AND NOT EXISTS (SELECT 1 FROM approvals n WHERE n.version_id = v.id"
		          "  AND n.actor_id = ? AND n.id > a.id)"
		          " ORDER BY a.id DESC LIMIT 50",
		          (struct ka_val[]){u, u, u, u}, 4, &comments, diag);
	json_object_set_new(m->out, "submissions", subs ? subs : json_array());
	json_object_set_new(m->out, "comments", comments ? comments : json_array());
	return err;
}

int ka_mypage_sees(struct ka_store *st, const struct ka_actor *actor, const char *today,
                   struct ka_mypage_sees *out, struct ka_diag *diag)
{
	char day[KA_DATE_LEN];
	struct ka_rows r;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	out->all = actor->is_admin;
	if (!actor->user_id)
		return 0;
	if (!today) {
		ka_date_today(day);
		today = day;
	}
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM people WHERE user_id = ?",
	                    (struct ka_val[]){ka_int(actor->user_id)}, 1, &r, diag);
	if (!err && r.nrows == 1)
		out->person = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	if (!err && out->person)
		err = ka_store_exec(
		    st,
		    "SELECT DISTINCT r.kind FROM role_assignments ra"
		    " JOIN roles r ON r.id = ra.role_id WHERE ra.person_id = ?"
		    " AND r.kind IN ('owner', 'facilitator', 'steward') AND" RA_ACTIVE,
		    (struct ka_val[]){ka_int(out->person), ka_text(today), ka_text(today)}, 3, &r,
		    diag);
	for (i = 0; !err && i < r.nrows; i++) {
		const struct ka_val *k = ka_rows_at(&r, i, 0);

		if (k->type == KA_VAL_TEXT && !strcmp(k->s, "owner"))
			out->owner = true;
		else
			out->all = true;
	}
	ka_rows_release(&r);
	out->workspace = out->all || out->owner;
	return err;
}

/* Whether the user's roles cover the workspace-wide lists (ka_mypage_sees). */
static int sees_section(struct mp *m, struct ka_diag *diag)
{
	struct ka_mypage_sees s;
	int err = ka_mypage_sees(m->st, m->actor, m->today, &s, diag);

	json_object_set_new(m->out, "sees",
	                    json_pack("{s:b, s:b}", "workspace", s.workspace, "all", s.all));
	return err;
}

static int overview(struct mp *m, struct ka_diag *diag)
{
	struct ka_rows person;
	int err;

	ka_rows_init(&person);
	err = person_of(m, &person, diag);
	if (!err)
		err = roles_section(m, diag);
	if (!err)
		err = approvals_section(m, diag);
	if (!err)
		err = reviews_section(m, diag);
	if (!err)
		err = actions_section(m, diag);
	if (!err)
		err = submissions_section(m, diag);
	if (!err)
		err = assignments_section(m, diag);
	if (!err)
		err = sees_section(m, diag);
	ka_rows_release(&person); /* person_name pointed into it: the sections are done */
	return err;
}

int ka_mypage_overview(struct ka_store *st, const struct ka_actor *actor, const char *today,
                       json_t **out, struct ka_diag *diag)
{
	char day[KA_DATE_LEN];
	struct mp m;
	bool own = !ka_store_in_tx(st);
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in to see your page");
	if (!today) {
		ka_date_today(day);
		today = day;
	}
	memset(&m, 0, sizeof(m));
	m.st = st;
	m.actor = actor;
	m.today = today;
	m.out = json_pack("{s:s}", "today", today);
	err = own ? ka_store_begin_read(st) : 0;
	if (err)
		err = ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	if (!err)
		err = overview(&m, diag);
	if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (err) {
		json_decref(m.out);
		return err;
	}
	*out = m.out;
	return 0;
}
