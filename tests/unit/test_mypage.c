/*
 * Unit tests of my page (lib/portfolio/mypage.c), of what an actor may do
 * with a version (ka_gov_may_do) and of revert (ka_mapver_revert), on a
 * temporary SQLite portfolio: an owner, a responsible, an advisor through a
 * unit and a reader without a person; a process whose review is overdue; a
 * submitted version and a rejected one with the owner's comment; overdue
 * risk actions of two people.
 */
#include "portfolio_fixture.h"

#include "kartla/date.h"
#include "kartla/governance.h"
#include "kartla/mapver.h"
#include "kartla/mypage.h"

#define BPMN                                                                                       \
	"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\" "   \
	"targetNamespace=\"urn:t\"><bpmn:process id=\"P\"><bpmn:startEvent id=\"S\"/>"             \
	"<bpmn:task id=\"A\" name=\"Register case\"/><bpmn:endEvent id=\"E\"/>"                    \
	"<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"A\"/>"                           \
	"<bpmn:sequenceFlow id=\"f2\" sourceRef=\"A\" targetRef=\"E\"/>"                           \
	"</bpmn:process></bpmn:definitions>"

struct world {
	struct ka_actor owner, resp, adv;
	int64_t pid, submitted, rejected;
};

static int64_t person(struct fx *f, const char *name, int64_t user, int64_t unit)
{
	return fx_exec(
	    f, "INSERT INTO people (name, user_id, unit_id) VALUES (?, ?, ?) RETURNING id",
	    (struct ka_val[]){ka_text(name), ka_int(user), unit ? ka_int(unit) : ka_null()}, 3);
}

static int64_t role(struct fx *f, const char *key, const char *kind)
{
	return fx_exec(f,
	               "INSERT INTO roles (scheme_id, key, name_en, kind)"
	               " VALUES ((SELECT MIN(id) FROM role_schemes), ?, ?, ?) RETURNING id",
	               (struct ka_val[]){ka_text(key), ka_text(key), ka_text(kind)}, 3);
}

static void assign(struct fx *f, int64_t who, int64_t r, const char *scope, int64_t pid,
                   int64_t unit)
{
	fx_exec(f,
	        "INSERT INTO role_assignments (person_id, role_id, scope, process_id, unit_id,"
	        " from_date) VALUES (?, ?, ?, ?, ?, '2000-01-01')",
	        (struct ka_val[]){ka_int(who), ka_int(r), ka_text(scope),
	                          pid ? ka_int(pid) : ka_null(), unit ? ka_int(unit) : ka_null()},
	        5);
}

static int64_t version(struct fx *f, int64_t pid, int64_t n, const char *state)
{
	return fx_exec(f,
	               "INSERT INTO map_versions (process_id, variant, number, state, bpmn)"
	               " VALUES (?, 'as_is', ?, ?, ?) RETURNING id",
	               (struct ka_val[]){ka_int(pid), ka_int(n), ka_text(state), ka_text(BPMN)}, 4);
}

static void approval(struct fx *f, int64_t vid, const char *action, int64_t user,
                     const char *comment)
{
	fx_exec(f,
	        "INSERT INTO approvals (version_id, action, actor_id, comment) VALUES (?, ?, ?, ?)",
	        (struct ka_val[]){ka_int(vid), ka_text(action), ka_int(user), ka_text(comment)}, 4);
}

static void build(struct fx *f, struct world *w)
{
	int64_t unit, po, pr, pa, rid;

	w->owner = (struct ka_actor){fx_user(f, "owner", 0), false, "owner"};
	w->resp = (struct ka_actor){fx_user(f, "resp", 0), false, "resp"};
	w->adv = (struct ka_actor){fx_user(f, "adv", 0), false, "adv"};
	unit = fx_exec(f, "INSERT INTO units (name) VALUES ('Faculty') RETURNING id", NULL, 0);
	po = person(f, "Olga Owner", w->owner.user_id, 0);
	pr = person(f, "Rolf Resp", w->resp.user_id, unit);
	pa = person(f, "Ada Advisor", w->adv.user_id, unit);
	w->pid = fx_exec(f,
	                 "INSERT INTO processes (outline, type, name_nb, name_en, status,"
	                 " review_interval_days, next_review_date)"
	                 " VALUES ('1', 'core', 'Klager', 'Complaints', 'approved', 365,"
	                 " '2001-01-01') RETURNING id",
	                 NULL, 0);
	assign(f, po, role(f, "owner", "owner"), "process", w->pid, 0);
	assign(f, pr, role(f, "resp", "responsible"), "process", w->pid, 0);
	assign(f, pa, role(f, "adv", "advisor"), "unit", 0, unit);
	w->rejected = version(f, w->pid, 1, "rejected");
	approval(f, w->rejected, "submit", w->resp.user_id, "First try");
	approval(f, w->rejected, "reject", w->owner.user_id, "The wait time is missing");
	w->submitted = version(f, w->pid, 2, "submitted");
	approval(f, w->submitted, "submit", w->resp.user_id, "Shorter waits");
	rid = fx_exec(f, "INSERT INTO risks (process_id, title) VALUES (?, 'Late') RETURNING id",
	              (struct ka_val[]){ka_int(w->pid)}, 1);
	fx_exec(f,
	        "INSERT INTO risk_actions (risk_id, title, responsible_id, due_date, status)"
	        " VALUES (?, 'Resp action', ?, '2001-01-01', 'ongoing'),"
	        " (?, 'Owner action', ?, '2001-01-01', 'planned')",
	        (struct ka_val[]){ka_int(rid), ka_int(pr), ka_int(rid), ka_int(po)}, 4);
}

static json_t *overview(struct fx *f, const struct ka_actor *a)
{
	struct ka_diag d;
	json_t *o = NULL;

	ka_diag_init(&d, NULL);
	if (ka_mypage_overview(f->st, a, "2026-12-07", &o, &d))
		fail_msg("overview: %s", d.message);
	return o;
}

static json_t *first_with(json_t *list, const char *key, int64_t id)
{
	json_t *o;
	size_t i;

	json_array_foreach(list, i, o)
	{
		if (json_integer_value(json_object_get(o, key)) == id)
			return o;
	}
	return NULL;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void mine_only(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_diag d;
	json_t *o, *x, *g;

	build(f, &w);
	/* Anonymous: no page. */
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_mypage_overview(f->st, &f->who[ANON], NULL, &o, &d), KA_ERR_AUTH);
	/* The reader: nothing of the workspace. */
	o = overview(f, &f->who[READER]);
	assert_true(json_is_null(json_object_get(o, "person")));
	assert_int_equal(json_array_size(json_object_get(o, "actions")), 0);
	assert_int_equal(json_array_size(json_object_get(o, "reviews")), 0);
	assert_int_equal(json_array_size(json_object_get(o, "approvals")), 0);
	assert_false(json_is_true(json_object_get(json_object_get(o, "sees"), "workspace")));
	json_decref(o);
	/* The responsible: his overdue review, his action, his rejection with the comment. */
	o = overview(f, &w.resp);
	x = first_with(json_object_get(o, "reviews"), "id", w.pid);
	assert_non_null(x);
	assert_string_equal(str(x, "light"), "red");
	assert_string_equal(str(x, "kind"), "responsible");
	assert_int_equal(json_array_size(json_object_get(o, "actions")), 1);
	x = json_array_get(json_object_get(o, "actions"), 0);
	assert_string_equal(str(x, "title"), "Resp action");
	assert_true(json_is_true(json_object_get(x, "overdue")));
	x = first_with(json_object_get(o, "submissions"), "version_id", w.rejected);
	assert_non_null(x);
	assert_string_equal(str(x, "decision"), "reject");
	assert_string_equal(str(x, "decision_comment"), "The wait time is missing");
	assert_string_equal(str(x, "decided_by"), "owner");
	assert_string_equal(str(x, "note"), "First try");
	x = first_with(json_object_get(o, "submissions"), "version_id", w.submitted);
	assert_non_null(x);
	assert_true(json_is_null(json_object_get(x, "decision")));
	assert_null(first_with(json_object_get(o, "approvals"), "version_id", w.submitted));
	json_decref(o);
	/* The owner: the submitted version waits for him, with the note; he sees workspace lists.
	 */
	o = overview(f, &w.owner);
	x = first_with(json_object_get(o, "approvals"), "version_id", w.submitted);
	assert_non_null(x);
	assert_string_equal(str(x, "note"), "Shorter waits");
	assert_string_equal(str(x, "submitted_by"), "resp");
	assert_string_equal(str(json_object_get(x, "name"), "nb"), "Klager");
	assert_true(json_is_true(json_object_get(json_object_get(o, "sees"), "workspace")));
	assert_true(json_is_false(json_object_get(json_object_get(o, "sees"), "all")));
	assert_string_equal(str(json_array_get(json_object_get(o, "reviews"), 0), "kind"), "owner");
	json_decref(o);
	/* The advisor: the process through her unit. */
	o = overview(f, &w.adv);
	g = json_array_get(json_object_get(o, "roles"), 0);
	assert_string_equal(str(g, "scope"), "unit");
	assert_string_equal(str(g, "unit"), "Faculty");
	assert_non_null(first_with(json_object_get(g, "processes"), "id", w.pid));
	json_decref(o);
}

static void may_do(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_gov_may m;
	struct ka_diag d;

	build(f, &w);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_gov_may_do(f->st, &w.owner, w.pid, w.submitted, &m, &d), 0);
	assert_true(m.decide);
	assert_false(m.submit);
	assert_true(m.comment);
	assert_int_equal(ka_gov_may_do(f->st, &w.resp, w.pid, w.submitted, &m, &d), 0);
	assert_false(m.decide);
	assert_true(m.is_submitter);
	assert_int_equal(ka_gov_may_do(f->st, &w.resp, w.pid, w.rejected, &m, &d), 0);
	assert_true(m.submit);
	assert_false(m.decide);
	assert_int_equal(ka_gov_may_do(f->st, &f->who[READER], w.pid, w.submitted, &m, &d), 0);
	assert_false(m.decide || m.submit || m.comment);
	assert_int_equal(ka_gov_may_do(f->st, &f->who[ANON], w.pid, w.submitted, &m, &d), 0);
	assert_false(m.decide || m.submit || m.comment);
	assert_int_equal(ka_gov_may_do(f->st, &w.owner, w.pid, 99999, &m, &d), KA_ERR_NOT_FOUND);
}

static void revert(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_mapver v, old;
	struct ka_diag d;

	build(f, &w);
	ka_diag_init(&d, NULL);
	ka_mapver_init(&v);
	ka_mapver_init(&old);
	/* A reader may not; the owner may, and gets a draft equal to the old version. */
	assert_int_equal(ka_mapver_revert(f->st, &f->who[READER], w.pid, w.rejected, &v, &d),
	                 KA_ERR_PERM);
	ka_mapver_release(&v);
	ka_mapver_init(&v);
	assert_int_equal(ka_mapver_revert(f->st, &w.owner, w.pid, w.rejected, &v, &d), 0);
	assert_string_equal(v.state, "draft");
	assert_int_equal(v.number, 3);
	assert_int_equal(ka_mapver_get(f->st, w.pid, w.rejected, &old, &d), 0);
	assert_string_equal(v.bpmn, old.bpmn);
	assert_string_equal(old.state, "rejected");
	ka_mapver_release(&v);
	ka_mapver_release(&old);
	ka_mapver_init(&v);
	assert_int_equal(ka_mapver_revert(f->st, &w.owner, w.pid, 99999, &v, &d), KA_ERR_NOT_FOUND);
	ka_mapver_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(mine_only, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(may_do, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(revert, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
