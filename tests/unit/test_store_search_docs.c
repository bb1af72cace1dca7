/*
 * Unit tests for the search triggers of schema version 12 (lib/store,
 * schema.c and schema_run.c): an update of a source row that leaves its
 * search document as it was does not rewrite the document (SQLite: the
 * search counter stays, PostgreSQL: the row version stays), one that
 * changes it does, and a database at version 11 gets the new triggers with
 * its documents as they were. SQLite always, PostgreSQL when
 * KARTLA_TEST_PG_URL is set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/schema.h"
#include "kartla/search.h"
#include "kartla/store.h"

#include "store_fixture.h"

/* Something that changes whenever the process's search document is rewritten. */
static char *doc_stamp(struct tmpdb *t, int64_t pid)
{
	struct ka_rows r;
	struct ka_diag d;
	char *s;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(
	    ka_store_exec(t->st,
	                  t->pg ? "SELECT xmin::text || ' ' || title FROM search_docs"
	                          " WHERE kind = 'process' AND ref_id = ?"
	                        : "SELECT CAST(g.gen AS TEXT) || ' ' || d.title FROM search_docs d,"
	                          " search_gen g WHERE d.kind = 'process' AND d.ref_id = ?",
	                  (struct ka_val[]){ka_int(pid)}, 1, &r, &d),
	    0);
	assert_int_equal(r.nrows, 1);
	s = strdup(ka_rows_at(&r, 0, 0)->s);
	assert_non_null(s);
	ka_rows_release(&r);
	return s;
}

static int64_t hits(struct tmpdb *t, const char *q)
{
	struct ka_search_query sq = {.text = q, .vis = KA_VIS_FACILITATORS, .limit = 10};
	struct ka_rows r;
	struct ka_diag d;
	int64_t total = 0;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(ka_search_query(t->st, &sq, &r, &total, &d), 0);
	ka_rows_release(&r);
	return total;
}

static void check_triggers(struct tmpdb *t)
{
	char *a, *b, *c;
	int64_t pid;

	pid = tmpdb_exec(t->st,
	                 "INSERT INTO processes (type, name_nb, specification) VALUES"
	                 " ('core', 'Byggesøknad', '{\"purpose\": \"Tillatelse\"}') RETURNING id",
	                 NULL, 0);
	a = doc_stamp(t, pid);
	/* as an approval does: the same specification, status and version changed */
	tmpdb_exec(t->st,
	           "UPDATE processes SET status = 'approved', specification ="
	           " COALESCE(NULL, specification), version = version + 1 WHERE id = ?",
	           (struct ka_val[]){ka_int(pid)}, 1);
	b = doc_stamp(t, pid);
	assert_string_equal(a, b);
	tmpdb_exec(t->st, "UPDATE processes SET name_nb = 'Klage' WHERE id = ?",
	           (struct ka_val[]){ka_int(pid)}, 1);
	c = doc_stamp(t, pid);
	assert_string_not_equal(b, c);
	assert_non_null(strstr(c, "Klage"));
	/* both indexes follow the change */
	assert_int_equal(hits(t, "klage"), 1);
	assert_int_equal(hits(t, "lage"), 1);
	assert_int_equal(hits(t, "byggesøknad"), 0);
	assert_int_equal(hits(t, "tillatelse"), 1);
	free(a);
	free(b);
	free(c);
}

static void run_fresh(bool pg)
{
	struct tmpdb t;

	if (tmpdb_open(&t, "sdocs", pg, true)) {
		tmpdb_close(&t);
		if (pg)
			return;
		fail_msg("cannot open a database");
	}
	check_triggers(&t);
	tmpdb_close(&t);
}

/* A database at version 11 with a process, upgraded: the document stays, the triggers change. */
static void run_upgraded(bool pg)
{
	struct ka_diag d;
	struct tmpdb t;
	int64_t pid;
	char *a, *b;

	if (tmpdb_open(&t, "sdocs11", pg, false)) {
		tmpdb_close(&t);
		if (pg)
			return;
		fail_msg("cannot open a database");
	}
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_begin(t.st), 0);
	assert_int_equal(ka_schema_upgrade(t.st, KA_SCHEMA_VERSION - 1, &d), 0);
	assert_int_equal(ka_store_commit(t.st), 0);
	pid = tmpdb_exec(t.st,
	                 "INSERT INTO processes (type, name_nb) VALUES ('core', 'Søknad om lån')"
	                 " RETURNING id",
	                 NULL, 0);
	a = doc_stamp(&t, pid);
	assert_int_equal(ka_store_migrate(t.st, &d), 0);
	b = doc_stamp(&t, pid);
	assert_string_equal(a, b);
	assert_int_equal(hits(&t, "soknad"), 1);
	free(a);
	free(b);
	check_triggers(&t);
	tmpdb_close(&t);
}

static void test_sqlite(void **state)
{
	(void)state;
	run_fresh(false);
	run_upgraded(false);
}

static void test_pg(void **state)
{
	(void)state;
	if (!getenv("KARTLA_TEST_PG_URL"))
		skip();
	run_fresh(true);
	run_upgraded(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sqlite),
	    cmocka_unit_test(test_pg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
