/*
 * Unit tests for include/kartla/cols.h: column lists joined into SELECT
 * text and counted at compile time, and the public column enums
 * (process.h, audit.h) against the columns a real query returns.
 * (tests/unit/meson.build also checks that KA_COLS_CHECK fails a build
 * whose list and enum differ.)
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

#include "kartla/audit.h"
#include "kartla/cols.h"
#include "kartla/process.h"
#include "kartla/store.h"

#define ONE   "a"
#define THREE "a", "COALESCE(b, '')", "NULL AS c"
#define SIX   THREE, "d", "e", "f"
#define L8(p) p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8"
#define FORTY_EIGHT                                                                                \
	L8("a"), L8("b"), L8("c"), L8("d"), L8("e"), L8("f") /* 48 columns: the most a list has */

/* The count is a constant expression: these fail the build when wrong. */
KA_COLS_CHECK(ONE, 1);
KA_COLS_CHECK(THREE, 3);
KA_COLS_CHECK(SIX, 6);
KA_COLS_CHECK(FORTY_EIGHT, 48);

static void test_join(void **state)
{
	(void)state;
	assert_string_equal(KA_COLS_SQL(ONE), "a");
	/* commas and quotes inside a column, and NULL, are left as they are */
	assert_string_equal("SELECT " KA_COLS_SQL(THREE) " FROM t",
	                    "SELECT a, COALESCE(b, ''), NULL AS c FROM t");
	/* a list that starts with another list */
	assert_string_equal(KA_COLS_SQL(SIX), "a, COALESCE(b, ''), NULL AS c, d, e, f");
	assert_int_equal(strlen(KA_COLS_SQL(FORTY_EIGHT)), 48 * 2 + 47 * 2);
	assert_memory_equal(KA_COLS_SQL(FORTY_EIGHT), "a1, a2, ", 8);
	assert_string_equal(KA_COLS_SQL(FORTY_EIGHT) + strlen(KA_COLS_SQL(FORTY_EIGHT)) - 6,
	                    "f7, f8");
}

/* The SELECT text of the public lists is what the library ran before they had names. */
static void test_public_text(void **state)
{
	(void)state;
	assert_string_equal(KA_PROCESS_COLS,
	                    "id, parent_id, outline, sort_order, type, name_nb, name_sv, name_en, "
	                    "status, review_interval_days, next_review_date, specification, "
	                    "version, created_at, updated_at");
	assert_string_equal(KA_AUDIT_COLS,
	                    "id, at, user_id, actor, action, object_type, object_id, "
	                    "before_json, after_json");
}

struct fx {
	char dir[256];
	struct ka_store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *base = getenv("TMPDIR");
	char url[512];
	struct ka_diag d;

	snprintf(f->dir, sizeof(f->dir), "%s/kartla-cols.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/test.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, url, &d) || ka_store_migrate(f->st, &d)) {
		fprintf(stderr, "cannot open %s: %s\n", url, d.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm"};
	char path[512];
	size_t i;

	ka_store_close(f->st);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void exec_ok(struct ka_store *st, const char *sql, struct ka_rows *rows)
{
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	if (ka_store_exec(st, sql, NULL, 0, rows, &d))
		fail_msg("%s: %s", sql, d.message);
}

/* Every constant of the enums names the column the query returns at its position. */
static void test_public_enums(void **state)
{
	struct fx *f = *state;
	struct ka_actor sys = {0, true, NULL}; /* the system: no user row needed */
	struct ka_rows r;
	struct ka_diag d;

	ka_rows_init(&r);
	ka_diag_init(&d, NULL);
	exec_ok(f->st, "INSERT INTO processes (type, name_nb) VALUES ('core', 'Opptak')", NULL);
	exec_ok(f->st, "SELECT " KA_PROCESS_COLS " FROM processes", &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, KA_PROCESS_COL_COUNT);
	assert_string_equal(r.names[KA_PROCESS_COL_ID], "id");
	assert_string_equal(r.names[KA_PROCESS_COL_PARENT_ID], "parent_id");
	assert_string_equal(r.names[KA_PROCESS_COL_OUTLINE], "outline");
	assert_string_equal(r.names[KA_PROCESS_COL_SORT_ORDER], "sort_order");
	assert_string_equal(r.names[KA_PROCESS_COL_TYPE], "type");
	assert_string_equal(r.names[KA_PROCESS_COL_NAME_NB], "name_nb");
	assert_string_equal(r.names[KA_PROCESS_COL_NAME_SV], "name_sv");
	assert_string_equal(r.names[KA_PROCESS_COL_NAME_EN], "name_en");
	assert_string_equal(r.names[KA_PROCESS_COL_STATUS], "status");
	assert_string_equal(r.names[KA_PROCESS_COL_REVIEW_INTERVAL_DAYS], "review_interval_days");
	assert_string_equal(r.names[KA_PROCESS_COL_NEXT_REVIEW_DATE], "next_review_date");
	assert_string_equal(r.names[KA_PROCESS_COL_SPECIFICATION], "specification");
	assert_string_equal(r.names[KA_PROCESS_COL_VERSION], "version");
	assert_string_equal(r.names[KA_PROCESS_COL_CREATED_AT], "created_at");
	assert_string_equal(r.names[KA_PROCESS_COL_UPDATED_AT], "updated_at");
	assert_string_equal(ka_process_row_name(&r, 0), "Opptak");

	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_equal(ka_audit_write(f->st, &sys, "create", "process", 1, NULL, NULL, &d), 0);
	assert_int_equal(ka_store_commit(f->st), 0);
	exec_ok(f->st, "SELECT " KA_AUDIT_COLS " FROM audit_log", &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, KA_AUDIT_COL_COUNT);
	assert_string_equal(r.names[KA_AUDIT_COL_ID], "id");
	assert_string_equal(r.names[KA_AUDIT_COL_AT], "at");
	assert_string_equal(r.names[KA_AUDIT_COL_USER_ID], "user_id");
	assert_string_equal(r.names[KA_AUDIT_COL_ACTOR], "actor");
	assert_string_equal(r.names[KA_AUDIT_COL_ACTION], "action");
	assert_string_equal(r.names[KA_AUDIT_COL_OBJECT_TYPE], "object_type");
	assert_string_equal(r.names[KA_AUDIT_COL_OBJECT_ID], "object_id");
	assert_string_equal(r.names[KA_AUDIT_COL_BEFORE_JSON], "before_json");
	assert_string_equal(r.names[KA_AUDIT_COL_AFTER_JSON], "after_json");
	ka_rows_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_join),
	    cmocka_unit_test(test_public_text),
	    cmocka_unit_test_setup_teardown(test_public_enums, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
