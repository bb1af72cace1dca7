/*
 * Unit tests for read confirmation (lib/portfolio/readconf*.c): when a
 * reminder is due (fixed dates), who gets a task for a given set of role
 * assignments (the active scheme, the process and its ancestors, not the
 * approver, not organisation-wide or unit roles, not expired ones), tasks
 * created by an approval through ka_gov_decide, confirming (only the
 * person it is for; again is a no-op), and the reminder job with fixed
 * dates (once per period; a failing callback rolls the marks back).
 * SQLite (a temporary file per test) and, when KARTLA_TEST_PG_URL is set,
 * PostgreSQL (a fresh database per test).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/date.h"
#include "kartla/governance.h"
#include "kartla/readconf.h"
#include "kartla/settings.h"
#include "kartla/store.h"

#include "store_fixture.h"

struct fx {
	struct tmpdb db;
	struct ka_store *st; /* db.st */
	char today[KA_DATE_LEN];
};

static int open_fx(void **state, bool pg)
{
	struct fx *f = calloc(1, sizeof(*f));

	*state = f;
	if (!f || tmpdb_open(&f->db, "readconf", pg, true))
		return -1;
	f->st = f->db.st;
	ka_date_today(f->today);
	return 0;
}

static int setup(void **state)
{
	return open_fx(state, false);
}

static int setup_pg(void **state)
{
	return open_fx(state, true);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f)
		tmpdb_close(&f->db);
	free(f);
	return 0;
}

/* Runs one statement; gives the first column of its first row when it is an integer. */
static int64_t ex(struct fx *f, const char *sql, const struct ka_val *p, size_t n)
{
	return tmpdb_exec(f->st, sql, p, n);
}

/* A person called `name`, with an account of the same login when `account`; gives the user id
 * (or the person id when there is no account). */
static int64_t person(struct fx *f, const char *name, bool account, int64_t *person_id)
{
	int64_t uid = 0, pid;

	if (account)
		uid = ex(f, "INSERT INTO users (login, display_name) VALUES (?, ?) RETURNING id",
		         (struct ka_val[]){ka_text(name), ka_text(name)}, 2);
	pid = ex(f, "INSERT INTO people (name, user_id) VALUES (?, ?) RETURNING id",
	         (struct ka_val[]){ka_text(name), uid ? ka_int(uid) : ka_null()}, 2);
	if (person_id)
		*person_id = pid;
	return uid ? uid : pid;
}

static int64_t role(struct fx *f, int64_t scheme, const char *kind)
{
	return ex(f,
	          "INSERT INTO roles (scheme_id, key, name_en, kind) VALUES (?, ?, ?, ?)"
	          " RETURNING id",
	          (struct ka_val[]){ka_int(scheme), ka_text(kind), ka_text(kind), ka_text(kind)},
	          4);
}

static void assign(struct fx *f, int64_t person_id, int64_t role_id, const char *scope,
                   int64_t process_id, const char *from, const char *to)
{
	ex(f,
	   "INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date, "
	   "to_date)"
	   " VALUES (?, ?, ?, ?, ?, ?)",
	   (struct ka_val[]){ka_int(person_id), ka_int(role_id), ka_text(scope),
	                     process_id ? ka_int(process_id) : ka_null(), ka_text(from),
	                     ka_text(to)},
	   6);
}

static int64_t process(struct fx *f, int64_t parent, const char *name)
{
	return ex(f,
	          "INSERT INTO processes (parent_id, type, name_en) VALUES (?, 'core', ?)"
	          " RETURNING id",
	          (struct ka_val[]){parent ? ka_int(parent) : ka_null(), ka_text(name)}, 2);
}

/* The names of ka_readconf_recipients, joined with ",". */
static void recipients(struct fx *f, int64_t pid, int64_t approver, char *out, size_t size)
{
	struct ka_rows r;
	struct ka_diag d;
	size_t i, len = 0;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(ka_readconf_recipients(f->st, pid, approver, f->today, &r, &d), 0);
	out[0] = '\0';
	for (i = 0; i < r.nrows; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "",
		                        ka_rows_at(&r, i, 1)->s);
	ka_rows_release(&r);
}

/* ---- when a reminder is due ---- */

static void reminder_due(void **state)
{
	static const struct {
		const char *created, *reminded, *confirmed;
		int64_t days;
		const char *now;
		bool due;
	} cases[] = {
	    {"2026-01-01T10:00:00Z", NULL, NULL, 7, "2026-01-07T23:59:59Z", false},
	    {"2026-01-01T10:00:00Z", NULL, NULL, 7, "2026-01-08T00:00:00Z", true},
	    {"2026-01-01T10:00:00Z", NULL, NULL, 7, "2026-03-01T00:00:00Z", true},
	    /* after a reminder the period starts again */
	    {"2026-01-01T10:00:00Z", "2026-01-08T06:00:00Z", NULL, 7, "2026-01-14T12:00:00Z",
	     false},
	    {"2026-01-01T10:00:00Z", "2026-01-08T06:00:00Z", NULL, 7, "2026-01-15T00:00:01Z", true},
	    /* confirmed, off, or nonsense: never */
	    {"2026-01-01T10:00:00Z", NULL, "2026-01-02T10:00:00Z", 7, "2026-06-01T00:00:00Z",
	     false},
	    {"2026-01-01T10:00:00Z", NULL, NULL, 0, "2026-06-01T00:00:00Z", false},
	    {"2026-01-01T10:00:00Z", NULL, NULL, -3, "2026-06-01T00:00:00Z", false},
	    {"yesterday", NULL, NULL, 7, "2026-06-01T00:00:00Z", false},
	    {"2026-02-30T10:00:00Z", NULL, NULL, 7, "2026-06-01T00:00:00Z", false},
	    {NULL, NULL, NULL, 7, "2026-06-01T00:00:00Z", false},
	    {"2026-01-01T10:00:00Z", NULL, NULL, 7, NULL, false},
	    /* across a year end, and one day */
	    {"2025-12-30T10:00:00Z", NULL, NULL, 3, "2026-01-02T00:00:00Z", true},
	    {"2026-01-01T23:59:59Z", NULL, NULL, 1, "2026-01-02T00:00:00Z", true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (ka_readconf_reminder_due(cases[i].created, cases[i].reminded,
		                             cases[i].confirmed, cases[i].days,
		                             cases[i].now) != cases[i].due)
			fail_msg("case %zu: expected %s", i, cases[i].due ? "due" : "not due");
	/* the library and the settings agree on the key and the default */
	assert_string_equal(KA_READCONF_SETTING, KA_SETTING_REMINDER_DAYS);
	assert_int_equal(KA_READCONF_DEFAULT_DAYS, KA_SETTING_REMINDER_DAYS_DEFAULT);
	assert_int_equal(KA_READCONF_MAX_DAYS, KA_SETTING_REMINDER_DAYS_MAX);
}

/* ---- who gets a task ---- */

static void who_gets_a_task(void **state)
{
	struct fx *f = *state;
	int64_t area, proc, other, s1, s2, owner, team, team_old, fac, pe;
	int64_t uid_owner;
	char got[512];

	s1 = ex(f,
	        "INSERT INTO role_schemes (key, name, is_active) VALUES ('a', 'A', 1) RETURNING id",
	        NULL, 0);
	s2 = ex(f,
	        "INSERT INTO role_schemes (key, name, is_active) VALUES ('b', 'B', 0) RETURNING id",
	        NULL, 0);
	owner = role(f, s1, "owner");
	team = role(f, s1, "team");
	fac = role(f, s1, "facilitator");
	team_old = role(f, s2, "team");
	area = process(f, 0, "Area");
	proc = process(f, area, "Proc");
	other = process(f, 0, "Other");

	uid_owner = person(f, "Olga owner", true, &pe);
	assign(f, pe, owner, "process", area, "2000-01-01", NULL); /* through the parent */
	person(f, "Tor team", true, &pe);
	assign(f, pe, team, "process", proc, "2000-01-01", NULL);
	assign(f, pe, owner, "process", proc, "2000-01-01", NULL); /* two roles: one task */
	person(f, "Nina no account", false, &pe);
	assign(f, pe, team, "process", proc, "2000-01-01", NULL);
	person(f, "Egil expired", true, &pe);
	assign(f, pe, team, "process", proc, "2000-01-01", "2001-01-01");
	person(f, "Fremtid future", true, &pe);
	assign(f, pe, team, "process", proc, "2999-01-01", NULL);
	person(f, "Gammel old scheme", true, &pe);
	assign(f, pe, team_old, "process", proc, "2000-01-01", NULL);
	person(f, "Frida facilitator", true, &pe);
	assign(f, pe, fac, "organisation", 0, "2000-01-01", NULL);
	person(f, "Ulf unit", true, &pe);
	ex(f, "INSERT INTO units (name) VALUES ('U')", NULL, 0);
	ex(f,
	   "INSERT INTO role_assignments (person_id, role_id, scope, unit_id, from_date)"
	   " SELECT ?, ?, 'unit', id, '2000-01-01' FROM units",
	   (struct ka_val[]){ka_int(pe), ka_int(team)}, 2);
	person(f, "Ola other process", true, &pe);
	assign(f, pe, team, "process", other, "2000-01-01", NULL);

	recipients(f, proc, 0, got, sizeof(got));
	assert_string_equal(got, "Nina no account,Olga owner,Tor team");
	/* the approver is left out */
	recipients(f, proc, uid_owner, got, sizeof(got));
	assert_string_equal(got, "Nina no account,Tor team");
	/* the parent names only its own */
	recipients(f, area, 0, got, sizeof(got));
	assert_string_equal(got, "Olga owner");
	/* while no scheme is active every scheme counts */
	ex(f, "UPDATE role_schemes SET is_active = 0", NULL, 0);
	recipients(f, proc, uid_owner, got, sizeof(got));
	assert_string_equal(got, "Gammel old scheme,Nina no account,Tor team");
}

/* ---- an approval creates the tasks; confirming ---- */

/* Process with owner "Olga" (returned user id in *owner), member "Tor" (*member), a submitted
 * version by Tor (*vid). */
static int64_t approved_fixture(struct fx *f, int64_t *owner, int64_t *member, int64_t *vid)
{
	int64_t s, ro, rt, proc, pe;

	s = ex(f,
	       "INSERT INTO role_schemes (key, name, is_active) VALUES ('a', 'A', 1) RETURNING id",
	       NULL, 0);
	ro = role(f, s, "owner");
	rt = role(f, s, "responsible");
	proc = process(f, 0, "Proc");
	*owner = person(f, "Olga", true, &pe);
	assign(f, pe, ro, "process", proc, "2000-01-01", NULL);
	*member = person(f, "Tor", true, &pe);
	assign(f, pe, rt, "process", proc, "2000-01-01", NULL);
	*vid = ex(f,
	          "INSERT INTO map_versions (process_id, variant, number, state, bpmn, author_id,"
	          " submitted_at) VALUES (?, 'as_is', 1, 'submitted', '<x/>', ?,"
	          " '2026-01-01T00:00:00Z') RETURNING id",
	          (struct ka_val[]){ka_int(proc), ka_int(*member)}, 2);
	ex(f, "INSERT INTO approvals (version_id, action, actor_id) VALUES (?, 'submit', ?)",
	   (struct ka_val[]){ka_int(*vid), ka_int(*member)}, 2);
	return proc;
}

static int64_t count(struct fx *f, const char *sql, int64_t id)
{
	return ex(f, sql, (struct ka_val[]){ka_int(id)}, 1);
}

static void approve_and_confirm(void **state)
{
	struct fx *f = *state;
	struct ka_actor olga, tor, out, admin = {0, true, "admin"};
	int64_t owner, member, vid, tid, pid;
	struct ka_mapver v;
	struct ka_diag d;
	json_t *j = NULL, *again = NULL;

	pid = approved_fixture(f, &owner, &member, &vid);
	olga = (struct ka_actor){owner, false, "Olga"};
	tor = (struct ka_actor){member, false, "Tor"};
	ka_diag_init(&d, NULL);
	ka_mapver_init(&v);
	assert_int_equal(ka_gov_decide(f->st, &olga, 0, vid, KA_GOV_APPROVE, NULL, -1, &v, &d), 0);
	ka_mapver_release(&v);
	/* one task, for Tor; none for Olga who approved */
	assert_int_equal(
	    count(f, "SELECT COUNT(*) FROM read_confirmations WHERE version_id = ?", vid), 1);
	tid = count(f, "SELECT id FROM read_confirmations WHERE version_id = ?", vid);
	assert_int_equal(ka_readconf_mine(f->st, &tor, NULL, &j, &d), 0);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	assert_int_equal(ka_readconf_mine(f->st, &olga, NULL, &j, &d), 0);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* only Tor confirms; not Olga, not an administrator */
	assert_int_equal(ka_readconf_confirm(f->st, &olga, tid, &j, &d), KA_ERR_PERM);
	assert_int_equal(ka_readconf_confirm(f->st, &admin, tid, &j, &d), KA_ERR_PERM);
	assert_int_equal(ka_readconf_confirm(f->st, &tor, tid + 100, &j, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_readconf_confirm(f->st, &tor, tid, &j, &d), 0);
	assert_non_null(json_string_value(json_object_get(j, "confirmed_at")));
	/* idempotent: the same answer, no second audit row */
	assert_int_equal(ka_readconf_confirm(f->st, &tor, tid, &again, &d), 0);
	assert_true(json_equal(j, again));
	json_decref(j);
	json_decref(again);
	assert_int_equal(
	    count(f,
	          "SELECT COUNT(*) FROM audit_log WHERE object_type = 'read_confirmation'"
	          " AND object_id = CAST(? AS TEXT)",
	          tid),
	    1);
	/* the owner's view: 1 of 1 confirmed; the leader sees it too, someone else not */
	assert_int_equal(ka_readconf_status(f->st, &olga, pid, vid, &j, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "confirmed")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	out = (struct ka_actor){person(f, "Out", true, NULL), false, "Out"};
	assert_int_equal(ka_readconf_status(f->st, &out, pid, vid, &j, &d), KA_ERR_PERM);
	assert_int_equal(ka_readconf_status(f->st, &tor, pid, vid, &j, &d), 0);
	json_decref(j);
	/* a version through another process is not found */
	assert_int_equal(ka_readconf_status(f->st, &admin, pid + 1, vid, &j, &d), KA_ERR_NOT_FOUND);
}

/* ---- the reminder job ---- */

struct seen {
	int n;
	int fail_at; /* 1-based call that fails, 0: none */
	int64_t last_person;
};

static int on_reminder(struct ka_store *st, const struct ka_readconf_reminder *r, void *ctx,
                       struct ka_diag *diag)
{
	struct seen *s = ctx;

	(void)st;
	s->n++;
	s->last_person = r->person_id;
	if (s->fail_at && s->n == s->fail_at)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "outbox full");
	return 0;
}

static void due_reminders(void **state)
{
	struct fx *f = *state;
	int64_t owner, member, vid, proc;
	struct seen s = {0};
	struct ka_diag d;

	proc = approved_fixture(f, &owner, &member, &vid);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_readconf_create(f->st, proc, vid, owner, "2026-01-01",
	                                    "2026-01-01T10:00:00Z", NULL, &d),
	                 0);
	/* the default period: 7 days */
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-07T12:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 0);
	/* a failing callback: nothing is marked */
	s.fail_at = 1;
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-08T12:00:00Z", on_reminder, &s, &d),
	    KA_ERR_IO);
	assert_int_equal(count(f,
	                       "SELECT COUNT(*) FROM read_confirmations WHERE version_id = ?"
	                       " AND reminders > 0",
	                       vid),
	                 0);
	s = (struct seen){0};
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-08T12:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 1);
	/* once per period */
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-14T12:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-15T12:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(
	    count(f, "SELECT reminders FROM read_confirmations WHERE version_id = ?", vid), 2);
	/* a shorter period from the setting; 0 switches reminders off */
	ex(f, "INSERT INTO settings (key, value) VALUES ('read_confirmation_reminder_days', '0')",
	   NULL, 0);
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2027-01-01T00:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 2);
	ex(f, "UPDATE settings SET value = '1' WHERE key = 'read_confirmation_reminder_days'", NULL,
	   0);
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-01-16T00:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 3);
	/* confirmed tasks are never reminded */
	ex(f, "UPDATE read_confirmations SET confirmed_at = '2026-01-16T01:00:00Z'", NULL, 0);
	assert_int_equal(
	    ka_readconf_due_reminders(f->st, "2026-02-01T00:00:00Z", on_reminder, &s, &d), 0);
	assert_int_equal(s.n, 3);
	/* the e-mail callback queues one read_reminder per due task for a person with an address */
	ex(f, "UPDATE read_confirmations SET confirmed_at = NULL", NULL, 0);
	ex(f, "UPDATE people SET email = 'member@example.org' WHERE id = ?",
	   (struct ka_val[]){ka_int(member)}, 1);
	assert_int_equal(ka_readconf_due_reminders(f->st, "2026-03-01T00:00:00Z",
	                                           ka_readconf_queue_mail, NULL, &d),
	                 0);
	assert_int_equal(count(f,
	                       "SELECT COUNT(*) FROM outbox WHERE kind = 'read_reminder'"
	                       " AND person_id = ? AND to_addr = 'member@example.org'",
	                       member),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reminder_due),
	    cmocka_unit_test_setup_teardown(who_gets_a_task, setup, teardown),
	    cmocka_unit_test_setup_teardown(approve_and_confirm, setup, teardown),
	    cmocka_unit_test_setup_teardown(due_reminders, setup, teardown),
	};
	const struct CMUnitTest pg_tests[] = {
	    cmocka_unit_test_setup_teardown(who_gets_a_task, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(approve_and_confirm, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(due_reminders, setup_pg, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	if (getenv("KARTLA_TEST_PG_URL") && *getenv("KARTLA_TEST_PG_URL"))
		failed += cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
	else
		fprintf(stderr,
		        "KARTLA_TEST_PG_URL is not set: the PostgreSQL cases are skipped\n");
	return failed;
}
