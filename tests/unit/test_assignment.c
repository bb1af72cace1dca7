/*
 * Unit tests for mapping assignments (lib/portfolio/assignment.c) against
 * a temporary SQLite portfolio: the status machine (every pair of
 * statuses), and the status change with its permission, If-Match, 404,
 * 409, version and audit entry; the groups; the activity plan as CSV.
 */
#include "portfolio_fixture.h"

#include "kartla/assignment.h"

static const char *const statuses[] = {"planned", "ongoing", "analysed", "documented", "closed"};

static void test_machine(void **state)
{
	int a, b;

	(void)state;
	for (a = 0; a < 5; a++)
		for (b = 0; b < 5; b++) {
			bool want = a != 4 && (b == a + 1 || b == a - 1);

			assert_int_equal(ka_assignment_transition_ok(statuses[a], statuses[b]),
			                 want);
		}
	for (a = 0; a < 5; a++) {
		assert_true(ka_assignment_status_valid(statuses[a]));
		assert_false(ka_assignment_transition_ok(statuses[a], "bogus"));
		assert_false(ka_assignment_transition_ok("bogus", statuses[a]));
		assert_false(ka_assignment_transition_ok(NULL, statuses[a]));
	}
	assert_false(ka_assignment_status_valid("Planned"));
	assert_false(ka_assignment_status_valid(NULL));
}

static int64_t assignment(struct fx *f)
{
	return fx_exec(f, "INSERT INTO assignments (title) VALUES ('Kartlegging') RETURNING id",
	               NULL, 0);
}

/* One status change by the facilitator: the error, or 0 with the new status and version. */
static int step(struct fx *f, int who, int64_t id, const char *to, int64_t if_match,
                int64_t *version, struct ka_diag *d)
{
	json_t *o = NULL;
	int err = ka_assignment_set_status(f->st, &f->who[who], id, to, if_match, &o, version, d);

	if (!err) {
		assert_string_equal(json_string_value(json_object_get(o, "status")), to);
		assert_int_equal(json_integer_value(json_object_get(o, "version")), *version);
		assert_true(json_is_object(json_object_get(o, "body")));
	} else {
		assert_null(o);
	}
	json_decref(o);
	return err;
}

static void test_set_status(void **state)
{
	struct fx *f = *state;
	int64_t id = assignment(f), version = 0;
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	assert_int_equal(step(f, ANON, id, "ongoing", -1, &version, &d), KA_ERR_AUTH);
	assert_int_equal(step(f, READER, id, "ongoing", -1, &version, &d), KA_ERR_PERM);
	assert_int_equal(step(f, FAC, id, "begun", -1, &version, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "status");
	assert_int_equal(step(f, FAC, 999999, "ongoing", -1, &version, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(step(f, FAC, id, "analysed", -1, &version, &d), KA_ERR_CONFLICT);
	assert_string_equal(d.element_id, "status");
	assert_int_equal(step(f, FAC, id, "ongoing", 7, &version, &d), KA_ERR_STALE);
	assert_int_equal(version, 1); /* the current version, for the answer's ETag */
	assert_int_equal(step(f, FAC, id, "ongoing", 1, &version, &d), 0);
	assert_int_equal(version, 2);
	assert_int_equal(step(f, FAC, id, "analysed", -1, &version, &d), 0);
	/* one step back is rework */
	assert_int_equal(step(f, ADMIN, id, "ongoing", 3, &version, &d), 0);
	assert_int_equal(step(f, FAC, id, "analysed", -1, &version, &d), 0);
	assert_int_equal(step(f, FAC, id, "documented", -1, &version, &d), 0);
	assert_int_equal(step(f, FAC, id, "closed", -1, &version, &d), 0);
	assert_int_equal(version, 7);
	/* closed is final */
	assert_int_equal(step(f, ADMIN, id, "documented", -1, &version, &d), KA_ERR_CONFLICT);
	assert_int_equal(fx_exec(f, "SELECT version FROM assignments WHERE id = ?",
	                         (struct ka_val[]){ka_int(id)}, 1),
	                 7);
	/* each change left one audit entry, failures none */
	assert_int_equal(fx_exec(f,
	                         "SELECT count(*) FROM audit_log WHERE action = 'status'"
	                         " AND object_type = 'assignment' AND object_id = ?",
	                         (struct ka_val[]){ka_int(id)}, 1),
	                 6);
}

static void test_groups(void **state)
{
	struct fx *f = *state;
	int64_t id = assignment(f);
	struct ka_diag d;
	json_t *items = NULL;

	ka_diag_init(&d, NULL);
	fx_exec(
	    f,
	    "INSERT INTO ideas (assignment_id, kind, text, group_name, votes)"
	    " VALUES (?, 'problem', 'Venting', 'Ventetid', 2), (?, 'idea', 'Kø', 'Ventetid', 1),"
	    " (?, 'idea', 'Skjema', NULL, 0)",
	    (struct ka_val[]){ka_int(id), ka_int(id), ka_int(id)}, 3);
	assert_int_equal(ka_assignment_idea_groups(f->st, id, &items, &d), 0);
	assert_int_equal(json_array_size(items), 2);
	assert_true(json_is_null(json_object_get(json_array_get(items, 0), "group_name")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "count")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "votes")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "problems")),
	                 1);
	json_decref(items);
	assert_int_equal(ka_assignment_idea_groups(f->st, 999999, &items, &d), KA_ERR_NOT_FOUND);
}

/* The plan as CSV: BOM, semicolons, quoting, the formula guard, language. */
static void test_plan_csv(void **state)
{
	struct fx *f = *state;
	int64_t id = assignment(f);
	struct ka_diag d;
	struct ka_buf b;
	char *s;

	ka_diag_init(&d, NULL);
	fx_exec(f, "INSERT INTO people (name) VALUES ('Åsa; Öberg')", NULL, 0);
	fx_exec(
	    f,
	    "INSERT INTO plan_items (assignment_id, improvement, responsible_id, due_date, status)"
	    " VALUES (?, '=HYPERLINK(\"x\")', (SELECT MAX(id) FROM people), '2027-01-02', 'done'),"
	    " (?, 'Skjema', NULL, NULL, 'dropped')",
	    (struct ka_val[]){ka_int(id), ka_int(id)}, 2);
	ka_buf_init(&b, 0);
	assert_int_equal(ka_assignment_plan_csv(f->st, id, "nb", &b, &d), 0);
	s = ka_buf_detach(&b, NULL);
	assert_string_equal(s, "\xEF\xBB\xBF"
	                       "Forbedring;Ansvarlig;Frist;Status;Idé\r\n"
	                       "\"'=HYPERLINK(\"\"x\"\")\";\"Åsa; Öberg\";2027-01-02;Utført;\r\n"
	                       "Skjema;;;Droppet;\r\n");
	free(s);
	ka_buf_init(&b, 0);
	assert_int_equal(ka_assignment_plan_csv(f->st, 999999, "en", &b, &d), KA_ERR_NOT_FOUND);
	ka_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_machine),
	    cmocka_unit_test_setup_teardown(test_set_status, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_groups, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_plan_csv, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
