/*
 * Unit tests for the store (lib/store*.c, lib/schema.c, lib/backup.c). The
 * same test functions run against SQLite (a temporary file, always) and
 * PostgreSQL (a fresh database per test on the server named by
 * KARTLA_TEST_PG_URL, when that is set), so both backends must behave alike.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/backup.h"
#include "kartla/buf.h"
#include "kartla/schema.h"
#include "kartla/search.h"
#include "kartla/store.h"

#include "store_fixture.h"
#include "search_rows.h"

struct fx {
	enum ka_dialect dialect;
	struct ka_store *st;
	char url[1024];
	char dir[256];    /* SQLite: the temporary directory */
	char dbname[128]; /* PostgreSQL: the temporary database */
};

static unsigned counter;

/* ---- fixtures ---- */

static void make_tmpdir(char *dir, size_t size)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	snprintf(dir, size, "%s/kartla-store.XXXXXX", base);
	assert_non_null(mkdtemp(dir));
}

static void remove_sqlite_dir(const char *dir)
{
	static const char *const files[] = {
	    "test.db",    "test.db-wal", "test.db-shm",  "src.db",       "src.db-wal",
	    "src.db-shm", "other.db",    "other.db-wal", "other.db-shm", "garbage.db"};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int setup_sqlite(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ka_diag d;

	f->dialect = KA_DIALECT_SQLITE;
	make_tmpdir(f->dir, sizeof(f->dir));
	snprintf(f->url, sizeof(f->url), "sqlite:%s/test.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, f->url, &d)) {
		fprintf(stderr, "cannot open %s: %s\n", f->url, d.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_pg(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ka_diag d;

	f->dialect = KA_DIALECT_PG;
	snprintf(f->dbname, sizeof(f->dbname), "kartla_unit_%ld_%u", (long)getpid(), ++counter);
	if (tmpdb_pg_admin("CREATE DATABASE %s", f->dbname) ||
	    tmpdb_pg_url(f->url, sizeof(f->url), f->dbname))
		return -1;
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, f->url, &d)) {
		fprintf(stderr, "cannot open %s: %s\n", f->url, d.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ka_store_close(f->st);
	if (f->dialect == KA_DIALECT_PG)
		tmpdb_pg_admin("DROP DATABASE %s WITH (FORCE)", f->dbname);
	else
		remove_sqlite_dir(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static void exec_ok(struct ka_store *st, const char *sql, const struct ka_val *p, size_t n,
                    struct ka_rows *out)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	err = ka_store_exec(st, sql, p, n, out, &d);
	if (err)
		fail_msg("%s: %s (%s)", sql, ka_strerror(err), d.message);
}

static int64_t query_int(struct ka_store *st, const char *sql)
{
	struct ka_rows r;
	int64_t v;

	ka_rows_init(&r);
	exec_ok(st, sql, NULL, 0, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_INT);
	v = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return v;
}

static void migrate_ok(struct ka_store *st)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	err = ka_store_migrate(st, &d);
	if (err)
		fail_msg("migrate: %s (%s)", ka_strerror(err), d.message);
}

static const char *ddl_vals(enum ka_dialect d)
{
	return d == KA_DIALECT_PG ? "CREATE TABLE vals (id BIGINT GENERATED ALWAYS AS IDENTITY "
	                            "PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT, b BYTEA)"
	                          : "CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, r REAL, "
	                            "t TEXT, b BLOB) STRICT";
}

static void assert_text(const struct ka_val *v, const char *s)
{
	assert_int_equal(v->type, KA_VAL_TEXT);
	assert_string_equal(v->s, s);
	assert_int_equal(v->len, strlen(s));
}

/* ---- tests that need no database ---- */

static void rewrites_to(const char *sql, const char *expect, size_t nexpect)
{
	struct ka_buf b;
	size_t n = 99;

	ka_buf_init(&b, 0);
	assert_int_equal(ka_store_sql_to_pg(&b, sql, &n), 0);
	assert_string_equal(b.data, expect);
	assert_int_equal(n, nexpect);
	ka_buf_release(&b);
}

static void test_placeholder_rewriting(void **state)
{
	struct ka_buf b;
	size_t n;

	(void)state;
	rewrites_to("SELECT 1", "SELECT 1", 0);
	rewrites_to("SELECT ?, '?', ?", "SELECT $1, '?', $2", 2);
	rewrites_to("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1", 1);
	rewrites_to("SELECT \"odd?\"\"name\" FROM t WHERE x = ?",
	            "SELECT \"odd?\"\"name\" FROM t WHERE x = $1", 1);
	rewrites_to("SELECT E'\\'?', e'\\\\', ?", "SELECT E'\\'?', e'\\\\', $1", 1);
	rewrites_to("SELECT 'a\\' , ?", "SELECT 'a\\' , $1", 1); /* standard strings: \ is plain */
	rewrites_to("SELECT $$ ? $$, $tag$ it's ? $tag$, ?",
	            "SELECT $$ ? $$, $tag$ it's ? $tag$, $1", 1);
	rewrites_to("SELECT 1 -- what?\n, ?", "SELECT 1 -- what?\n, $1", 1);
	rewrites_to("SELECT /* ? /* nested ? */ ? */ ?", "SELECT /* ? /* nested ? */ ? */ $1", 1);
	rewrites_to("SELECT a-?/?", "SELECT a-$1/$2", 2);
	rewrites_to("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", 11);
	rewrites_to("SELECT 'æøå?' || ?", "SELECT 'æøå?' || $1", 1);

	ka_buf_init(&b, 0);
	assert_int_equal(ka_store_sql_to_pg(&b, "SELECT '?", &n), KA_ERR_USAGE);
	assert_int_equal(ka_store_sql_to_pg(&b, "SELECT \"?", &n), KA_ERR_USAGE);
	assert_int_equal(ka_store_sql_to_pg(&b, "SELECT $x$ ?", &n), KA_ERR_USAGE);
	assert_int_equal(ka_store_sql_to_pg(&b, "SELECT /* ?", &n), KA_ERR_USAGE);
	assert_int_equal(ka_store_sql_to_pg(&b, "SELECT ?1", &n), KA_ERR_USAGE);
	ka_buf_release(&b);
}

static void test_search_match(void **state)
{
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, 0);
	assert_int_equal(ka_store_search_match(KA_DIALECT_SQLITE, "Søknad om opptak", &b), 0);
	assert_string_equal(b.data, "\"Søknad\"* \"om\"* \"opptak\"*");
	assert_int_equal(ka_store_search_match(KA_DIALECT_PG, "Søknad om opptak", &b), 0);
	assert_string_equal(b.data, "'Søknad':* & 'om':* & 'opptak':*");
	/* Query syntax and quotes are dropped, never passed through. */
	assert_int_equal(ka_store_search_match(KA_DIALECT_SQLITE, "\"a\" OR b* NEAR(c", &b), 0);
	assert_string_equal(b.data, "\"a\"* \"OR\"* \"b\"* \"NEAR\"* \"c\"*");
	assert_int_equal(ka_store_search_match(KA_DIALECT_PG, "x' | !y & z:*", &b), 0);
	assert_string_equal(b.data, "'x':* & 'y':* & 'z':*");
	assert_int_equal(ka_store_search_match(KA_DIALECT_PG, " \"*' -- ", &b), KA_ERR_INVALID);
	assert_int_equal(ka_store_search_match(KA_DIALECT_SQLITE, "", &b), KA_ERR_INVALID);
	assert_int_equal(ka_store_search_match(KA_DIALECT_SQLITE, NULL, &b), KA_ERR_INVALID);
	ka_buf_release(&b);
}

static void test_values_and_rows(void **state)
{
	struct ka_val v;
	struct ka_rows r;

	(void)state;
	v = ka_text(NULL);
	assert_int_equal(v.type, KA_VAL_NULL);
	v = ka_text("æøå");
	assert_int_equal(v.type, KA_VAL_TEXT);
	assert_int_equal(v.len, 6);
	v = ka_blob(NULL, 5);
	assert_int_equal(v.type, KA_VAL_BLOB);
	assert_int_equal(v.len, 0);
	v = ka_int(INT64_MIN);
	assert_true(v.type == KA_VAL_INT && v.i == INT64_MIN);
	v = ka_real(-0.5);
	assert_true(v.type == KA_VAL_REAL && v.r == -0.5);
	ka_rows_init(&r);
	assert_int_equal(r.nrows, 0);
	ka_rows_release(&r); /* releasing an empty set is fine */
}

static void test_open_errors(void **state)
{
	char dir[256], path[512], url[600];
	struct ka_store *st = (struct ka_store *)1;
	struct ka_diag d;
	FILE *f;

	(void)state;
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_open(&st, "mysql://x/y", &d), KA_ERR_USAGE);
	assert_null(st);
	assert_non_null(strstr(d.message, "unsupported database URL"));
	assert_int_equal(ka_store_open(&st, "", &d), KA_ERR_USAGE);
	assert_int_equal(ka_store_open(&st, "sqlite:", &d), KA_ERR_USAGE);

	make_tmpdir(dir, sizeof(dir));
	snprintf(url, sizeof(url), "sqlite:%s/other.db", dir);
	assert_int_equal(ka_store_open_flags(&st, url, KA_STORE_OPEN_EXISTING, &d),
	                 KA_ERR_NOT_FOUND);
	assert_non_null(strstr(d.message, "no such database file"));
	snprintf(url, sizeof(url), "sqlite:%s/other.db?busy_timeout=soon", dir);
	assert_int_equal(ka_store_open(&st, url, &d), KA_ERR_USAGE);
	snprintf(url, sizeof(url), "sqlite:%s/other.db?cache=big", dir);
	assert_int_equal(ka_store_open(&st, url, &d), KA_ERR_USAGE);
	assert_non_null(strstr(d.message, "unknown SQLite option 'cache'"));
	snprintf(url, sizeof(url), "sqlite:%s/no/such/dir/x.db", dir);
	assert_int_not_equal(ka_store_open(&st, url, &d), 0);
	assert_null(st);

	snprintf(path, sizeof(path), "%s/garbage.db", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a SQLite database, just text long enough to have a header page......"
	      "................................................................................",
	      f);
	fclose(f);
	assert_int_equal(ka_store_open(&st, path, &d), KA_ERR_DB);
	assert_non_null(strstr(d.message, "not a database"));
	assert_non_null(strstr(d.message, "garbage.db"));

	/* Nothing listens on port 1: a clear error, not a hang. */
	assert_int_equal(
	    ka_store_open(&st, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", &d),
	    KA_ERR_DB);
	assert_non_null(strstr(d.message, "cannot connect to PostgreSQL"));
	assert_null(strchr(d.message, '\n'));
	remove_sqlite_dir(dir);
}

static void test_sqlite_options(void **state)
{
	char dir[256], url[600];
	struct ka_store *st = NULL;
	struct ka_diag d;

	(void)state;
	ka_diag_init(&d, NULL);
	make_tmpdir(dir, sizeof(dir));
	snprintf(url, sizeof(url), "sqlite:%s/other.db", dir);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	assert_int_equal(ka_store_dialect(st), KA_DIALECT_SQLITE);
	assert_int_equal(query_int(st, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(query_int(st, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(query_int(st, "PRAGMA foreign_keys"), 1);
	ka_store_close(st);
	snprintf(url, sizeof(url), "sqlite:%s/other.db?synchronous=full&busy_timeout=1234", dir);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	assert_int_equal(query_int(st, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(query_int(st, "PRAGMA busy_timeout"), 1234);
	ka_store_close(st);
	snprintf(url, sizeof(url), "%s/other.db", dir); /* a plain path ending in .db */
	assert_int_equal(ka_store_open_flags(&st, url, KA_STORE_OPEN_EXISTING, &d), 0);
	exec_ok(st, "PRAGMA journal_mode", NULL, 0, NULL);
	ka_store_close(st);
	remove_sqlite_dir(dir);
}

/* ---- tests run on both backends ---- */

static void test_value_types(void **state)
{
	struct fx *f = *state;
	static const unsigned char bytes[] = {0, 1, 0xff, 0, 'a', 0x80};
	const char *texts[] = {"", "plain", "æøå ÆØÅ åäö ÅÄÖ é ü – € 🙂"};
	struct ka_rows r;
	struct ka_val p[4];
	size_t i;

	ka_rows_init(&r);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	/* Every type, and the extremes. */
	p[0] = ka_int(INT64_MAX);
	p[1] = ka_real(0.1);
	p[2] = ka_text(texts[2]);
	p[3] = ka_blob(bytes, sizeof(bytes));
	exec_ok(f->st, "INSERT INTO vals (i, r, t, b) VALUES (?, ?, ?, ?) RETURNING id, i, r, t, b",
	        p, 4, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, 5);
	assert_string_equal(r.names[3], "t");
	assert_int_equal(ka_rows_col(&r, "b"), 4);
	assert_int_equal(ka_rows_col(&r, "nope"), -1);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_INT);
	assert_true(ka_rows_at(&r, 0, 1)->i == INT64_MAX);
	assert_int_equal(ka_rows_at(&r, 0, 2)->type, KA_VAL_REAL);
	assert_true(ka_rows_at(&r, 0, 2)->r == 0.1);
	assert_text(ka_rows_at(&r, 0, 3), texts[2]);
	assert_int_equal(ka_rows_at(&r, 0, 4)->type, KA_VAL_BLOB);
	assert_int_equal(ka_rows_at(&r, 0, 4)->len, sizeof(bytes));
	assert_memory_equal(ka_rows_at(&r, 0, 4)->s, bytes, sizeof(bytes));

	p[0] = ka_int(INT64_MIN);
	p[1] = ka_real(-2.5e300);
	p[2] = ka_text("");
	p[3] = ka_blob("", 0);
	exec_ok(f->st, "INSERT INTO vals (i, r, t, b) VALUES (?, ?, ?, ?)", p, 4, NULL);
	for (i = 0; i < 4; i++)
		p[i] = ka_null();
	exec_ok(f->st, "INSERT INTO vals (i, r, t, b) VALUES (?, ?, ?, ?)", p, 4, NULL);

	exec_ok(f->st, "SELECT i, r, t, b FROM vals ORDER BY id", NULL, 0, &r);
	assert_int_equal(r.nrows, 3);
	assert_true(ka_rows_at(&r, 1, 0)->i == INT64_MIN);
	assert_true(ka_rows_at(&r, 1, 1)->r == -2.5e300);
	assert_text(ka_rows_at(&r, 1, 2), "");
	assert_int_equal(ka_rows_at(&r, 1, 3)->type, KA_VAL_BLOB);
	assert_int_equal(ka_rows_at(&r, 1, 3)->len, 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(ka_rows_at(&r, 2, i)->type, KA_VAL_NULL);

	/* Expressions come back typed alike: booleans and counts as integers, decimals as reals. */
	exec_ok(f->st,
	        "SELECT 1 = 1 AS yes, 1 = 2 AS no, COUNT(*) AS n, 2.5 AS dec, 'x' AS s FROM vals",
	        NULL, 0, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_INT);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	assert_int_equal(ka_rows_at(&r, 0, 1)->i, 0);
	assert_int_equal(ka_rows_at(&r, 0, 2)->i, 3);
	assert_int_equal(ka_rows_at(&r, 0, 3)->type, KA_VAL_REAL);
	assert_true(ka_rows_at(&r, 0, 3)->r == 2.5);
	assert_text(ka_rows_at(&r, 0, 4), "x");
	exec_ok(f->st, "SELECT SUM(i) AS s, AVG(r) AS a, MAX(t) AS m FROM vals WHERE id = 2", NULL,
	        0, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_INT);
	assert_true(ka_rows_at(&r, 0, 0)->i == INT64_MIN);
	assert_int_equal(ka_rows_at(&r, 0, 1)->type, KA_VAL_REAL);
	assert_true(ka_rows_at(&r, 0, 1)->r == -2.5e300);
	assert_text(ka_rows_at(&r, 0, 2), "");

	/* A parameter comes back as the type it went in. */
	p[0] = ka_int(-7);
	p[1] = ka_real(1.0 / 3);
	p[2] = ka_text("τ");
	p[3] = ka_blob(bytes, 3);
	exec_ok(f->st, "SELECT ? AS a, ? AS b, ? AS c, ? AS d", p, 4, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_INT);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, -7);
	assert_int_equal(ka_rows_at(&r, 0, 1)->type, KA_VAL_REAL);
	assert_true(ka_rows_at(&r, 0, 1)->r == 1.0 / 3);
	assert_text(ka_rows_at(&r, 0, 2), "τ");
	assert_int_equal(ka_rows_at(&r, 0, 3)->type, KA_VAL_BLOB);
	assert_memory_equal(ka_rows_at(&r, 0, 3)->s, bytes, 3);

	/* Text with a NUL byte is refused the same way on both. */
	p[0] = ka_text("ab");
	p[0].len = 3; /* includes the terminating NUL */
	assert_int_equal(ka_store_exec(f->st, "SELECT ?", p, 1, &r, NULL), KA_ERR_INVALID);
	assert_int_equal(r.nrows, 0);
	ka_rows_release(&r);
}

static void test_returning_and_changes(void **state)
{
	struct fx *f = *state;
	struct ka_rows r;
	struct ka_val p[2];

	ka_rows_init(&r);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, &r);
	assert_int_equal(r.changes, 0);
	p[0] = ka_text("a");
	exec_ok(f->st, "INSERT INTO vals (t) VALUES (?) RETURNING id, t", p, 1, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.changes, 1);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	assert_text(ka_rows_at(&r, 0, 1), "a");
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('b'), ('c') RETURNING id", NULL, 0, &r);
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.changes, 2);
	assert_int_equal(ka_rows_at(&r, 1, 0)->i, 3);
	exec_ok(f->st, "UPDATE vals SET i = 5", NULL, 0, &r);
	assert_int_equal(r.changes, 3);
	assert_int_equal(r.nrows, 0);
	p[0] = ka_int(99);
	exec_ok(f->st, "UPDATE vals SET i = 6 WHERE id = ?", p, 1, &r);
	assert_int_equal(r.changes, 0);
	p[0] = ka_int(2);
	exec_ok(f->st, "UPDATE vals SET t = t || '!' WHERE id >= ? RETURNING t", p, 1, &r);
	assert_int_equal(r.changes, 2);
	assert_int_equal(r.nrows, 2);
	exec_ok(f->st, "SELECT * FROM vals", NULL, 0, &r);
	assert_int_equal(r.changes, 0);
	assert_int_equal(r.nrows, 3);
	exec_ok(f->st, "DELETE FROM vals WHERE id < 3", NULL, 0, &r);
	assert_int_equal(r.changes, 2);
	/* Statements and their cache: the same text many times, and many texts. */
	for (int i = 0; i < 200; i++) {
		p[0] = ka_int(i);
		exec_ok(f->st, "SELECT ? + 1", p, 1, &r);
		assert_int_equal(ka_rows_at(&r, 0, 0)->i, i + 1);
	}
	for (int i = 0; i < 600; i++) {
		char sql[64];

		snprintf(sql, sizeof(sql), "SELECT %d + ?", i);
		p[0] = ka_int(1);
		exec_ok(f->st, sql, p, 1, &r);
		assert_int_equal(ka_rows_at(&r, 0, 0)->i, i + 1);
	}
	ka_rows_release(&r);
}

static void test_errors(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	struct ka_rows r;
	struct ka_val p[3];

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	exec_ok(f->st, "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL"
	        " REFERENCES parent (id), n INTEGER CHECK (n > 0))",
	        NULL, 0, NULL);
	p[0] = ka_int(1);
	p[1] = ka_text("anna");
	exec_ok(f->st, "INSERT INTO parent (id, name) VALUES (?, ?)", p, 2, NULL);

	/* Unique, foreign-key, not-null and check violations are all conflicts. */
	p[0] = ka_int(2);
	assert_int_equal(
	    ka_store_exec(f->st, "INSERT INTO parent (id, name) VALUES (?, ?)", p, 2, &r, &d),
	    KA_ERR_CONFLICT);
	assert_true(strstr(d.message, "UNIQUE") || strstr(d.message, "unique"));
	assert_string_equal(ka_store_errmsg(f->st), d.message);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(ka_store_exec(f->st, "INSERT INTO child (id, parent_id) VALUES (1, 42)",
	                               NULL, 0, NULL, &d),
	                 KA_ERR_CONFLICT);
	assert_true(strstr(d.message, "FOREIGN KEY") || strstr(d.message, "foreign key"));
	assert_int_equal(
	    ka_store_exec(f->st, "INSERT INTO parent (id) VALUES (3)", NULL, 0, NULL, &d),
	    KA_ERR_CONFLICT);
	assert_int_equal(ka_store_exec(f->st,
	                               "INSERT INTO child (id, parent_id, n) VALUES (1, 1, 0)",
	                               NULL, 0, NULL, &d),
	                 KA_ERR_CONFLICT);

	/* Other failures are database errors with the backend's message. */
	assert_int_equal(ka_store_exec(f->st, "SELEC 1", NULL, 0, NULL, &d), KA_ERR_DB);
	assert_non_null(strstr(d.message, "syntax error"));
	assert_int_equal(ka_store_exec(f->st, "SELECT * FROM nowhere", NULL, 0, NULL, &d),
	                 KA_ERR_DB);
	assert_non_null(strstr(d.message, "nowhere"));
	assert_int_equal(ka_store_exec(f->st, "SELECT ?", NULL, 0, NULL, &d), KA_ERR_USAGE);
	assert_non_null(strstr(d.message, "1 parameters but 0 were given"));
	assert_int_equal(ka_store_exec(f->st, "SELECT ?", p, 2, NULL, NULL), KA_ERR_USAGE);
	assert_int_equal(ka_store_exec(f->st, "SELECT 1; SELECT 2", NULL, 0, NULL, &d),
	                 f->dialect == KA_DIALECT_PG ? KA_ERR_DB : KA_ERR_USAGE);
	assert_int_equal(ka_store_exec(f->st, "  ", NULL, 0, NULL, &d), KA_ERR_USAGE);

	/* The connection is still fine, the rows are still there, SQL metacharacters are data. */
	p[0] = ka_int(5);
	p[1] = ka_text("x'); DROP TABLE parent; --");
	exec_ok(f->st, "INSERT INTO parent (id, name) VALUES (?, ?)", p, 2, NULL);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM parent"), 2);
	ka_rows_release(&r);
}

static void test_transactions(void **state)
{
	struct fx *f = *state;
	struct ka_store *other = NULL;
	struct ka_diag d;
	struct ka_val p[1];

	ka_diag_init(&d, NULL);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	assert_int_equal(ka_store_open(&other, f->url, &d), 0);

	/* Rolled back: nothing left. */
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_true(ka_store_in_tx(f->st));
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('a')", NULL, 0, NULL);
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('b')", NULL, 0, NULL);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 2);
	ka_store_rollback(f->st);
	assert_false(ka_store_in_tx(f->st));
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 0);

	/* Committed: seen by another connection. */
	assert_int_equal(ka_store_begin(f->st), 0);
	p[0] = ka_text("kept");
	exec_ok(f->st, "INSERT INTO vals (t) VALUES (?)", p, 1, NULL);
	assert_int_equal(query_int(other, "SELECT COUNT(*) FROM vals"), 0); /* not yet */
	assert_int_equal(ka_store_commit(f->st), 0);
	assert_int_equal(query_int(other, "SELECT COUNT(*) FROM vals"), 1);

	/* A failed statement fails the whole transaction, on both backends. */
	assert_int_equal(ka_store_begin(f->st), 0);
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('lost')", NULL, 0, NULL);
	assert_int_equal(ka_store_exec(f->st, "INSERT INTO nowhere VALUES (1)", NULL, 0, NULL, &d),
	                 KA_ERR_DB);
	assert_int_equal(ka_store_exec(f->st, "SELECT 1", NULL, 0, NULL, &d), KA_ERR_DB);
	assert_non_null(strstr(d.message, "roll it back"));
	assert_int_equal(ka_store_commit(f->st), KA_ERR_DB);
	assert_non_null(strstr(ka_store_errmsg(f->st), "rolled back"));
	assert_false(ka_store_in_tx(f->st));
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);

	/* Misuse. */
	assert_int_equal(ka_store_commit(f->st), KA_ERR_USAGE);
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_equal(ka_store_begin(f->st), KA_ERR_USAGE);
	assert_int_equal(ka_store_begin_read(f->st), KA_ERR_USAGE);
	ka_store_rollback(f->st);
	ka_store_rollback(f->st); /* harmless */

	/* A read transaction sees one snapshot. */
	assert_int_equal(ka_store_begin_read(f->st), 0);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	exec_ok(other, "INSERT INTO vals (t) VALUES ('later')", NULL, 0, NULL);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	assert_int_equal(ka_store_commit(f->st), 0);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 2);

	/* ... and cannot write, on either backend; afterwards writing works again. */
	assert_int_equal(ka_store_begin_read(f->st), 0);
	assert_int_equal(
	    ka_store_exec(f->st, "INSERT INTO vals (t) VALUES ('no')", NULL, 0, NULL, &d),
	    KA_ERR_DB);
	assert_non_null(strstr(d.message, "read"));
	ka_store_rollback(f->st);
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('yes')", NULL, 0, NULL);
	assert_int_equal(ka_store_begin_read(f->st), 0);
	assert_int_equal(ka_store_commit(f->st), 0);
	exec_ok(f->st, "INSERT INTO vals (t) VALUES ('yes')", NULL, 0, NULL);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 4);
	ka_store_close(other);
}

/* Two writers at once: the loser gets KA_ERR_BUSY and may retry. */
static void test_busy(void **state)
{
	struct fx *f = *state;
	struct ka_store *other = NULL;
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	exec_ok(f->st, "INSERT INTO vals (i) VALUES (1), (1)", NULL, 0, NULL);
	assert_int_equal(ka_store_open(&other, f->url, &d), 0);
	if (f->dialect == KA_DIALECT_SQLITE) {
		exec_ok(other, "PRAGMA busy_timeout = 50", NULL, 0, NULL);
		assert_int_equal(ka_store_begin(f->st), 0);
		assert_int_equal(ka_store_begin(other), KA_ERR_BUSY);
		assert_false(ka_store_in_tx(other));
		assert_non_null(strstr(ka_store_errmsg(other), "locked"));
		assert_int_equal(ka_store_commit(f->st), 0);
	} else {
		/* Write skew: each reads both rows and changes one. SERIALIZABLE refuses one. */
		assert_int_equal(ka_store_begin(f->st), 0);
		assert_int_equal(ka_store_begin(other), 0);
		assert_int_equal(query_int(f->st, "SELECT SUM(i) FROM vals"), 2);
		assert_int_equal(query_int(other, "SELECT SUM(i) FROM vals"), 2);
		exec_ok(f->st, "UPDATE vals SET i = 0 WHERE id = 1", NULL, 0, NULL);
		err = ka_store_exec(other, "UPDATE vals SET i = 0 WHERE id = 2", NULL, 0, NULL, &d);
		assert_int_equal(ka_store_commit(f->st), 0);
		if (!err)
			err = ka_store_commit(other);
		else
			ka_store_rollback(other);
		assert_int_equal(err, KA_ERR_BUSY);
		assert_non_null(strstr(ka_store_errmsg(other), "40001"));
	}
	assert_false(ka_store_in_tx(other));
	assert_int_equal(query_int(other, "SELECT COUNT(*) FROM vals"), 2);
	ka_store_close(other);
}

static int flaky_calls;

static int flaky_insert(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	int err;

	(void)ctx;
	err = ka_store_exec(st, "INSERT INTO vals (t) VALUES ('once')", NULL, 0, NULL, diag);
	if (!err && ++flaky_calls < 3)
		return KA_ERR_BUSY; /* as if the database had refused: must be rolled back and
		                       retried */
	return err;
}

static int failing(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	(void)ctx;
	(void)diag;
	ka_store_exec(st, "INSERT INTO vals (t) VALUES ('never')", NULL, 0, NULL, NULL);
	return KA_ERR_INVALID;
}

static void test_transact(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	flaky_calls = 0;
	assert_int_equal(ka_store_transact(f->st, flaky_insert, NULL, 5, &d), 0);
	assert_int_equal(flaky_calls, 3);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	flaky_calls = -100;
	assert_int_equal(ka_store_transact(f->st, flaky_insert, NULL, 2, &d), KA_ERR_BUSY);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	assert_int_equal(ka_store_transact(f->st, failing, NULL, 5, &d), KA_ERR_INVALID);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	assert_false(ka_store_in_tx(f->st));
}

static void test_placeholders_in_literals(void **state)
{
	struct fx *f = *state;
	struct ka_rows r;
	struct ka_val p[2];

	ka_rows_init(&r);
	p[0] = ka_int(1);
	p[1] = ka_text("x");
	exec_ok(f->st,
	        "SELECT ? AS a, '?' AS b, 'it''s ?' AS c, ? AS d /* ? */ -- ?\n, \"?\" FROM"
	        " (SELECT 'q' AS \"?\") AS t",
	        p, 2, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	assert_text(ka_rows_at(&r, 0, 1), "?");
	assert_text(ka_rows_at(&r, 0, 2), "it's ?");
	assert_text(ka_rows_at(&r, 0, 3), "x");
	assert_text(ka_rows_at(&r, 0, 4), "q");
	assert_string_equal(r.names[4], "?");
	ka_rows_release(&r);
}

static void test_unicode(void **state)
{
	struct fx *f = *state;
	static const char *const words[] = {
	    "æøå",          "ÆØÅ",    "åäö", "ÅÄÖ", "Søknad om opptak", "Ansökan om bygglov",
	    "crème brûlée", "日本語", "🙂"};
	static const int64_t chars[] = {3, 3, 3, 3, 16, 18, 12, 3, 1};
	struct ka_rows r;
	struct ka_val p[1];
	size_t i;

	ka_rows_init(&r);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		p[0] = ka_text(words[i]);
		exec_ok(f->st, "INSERT INTO vals (t) VALUES (?)", p, 1, NULL);
	}
	exec_ok(f->st, "SELECT t, length(t) FROM vals ORDER BY id", NULL, 0, &r);
	assert_int_equal(r.nrows, sizeof(words) / sizeof(words[0]));
	for (i = 0; i < r.nrows; i++) {
		assert_text(ka_rows_at(&r, i, 0), words[i]);
		assert_int_equal(ka_rows_at(&r, i, 1)->i, chars[i]);
	}
	p[0] = ka_text("ÅÄÖ");
	exec_ok(f->st, "SELECT id FROM vals WHERE t = ?", p, 1, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 4);
	ka_rows_release(&r);
}

static void test_migrate(void **state)
{
	struct fx *f = *state;
	const struct ka_schema_table *tables;
	struct ka_store *other = NULL;
	struct ka_diag d;
	struct ka_rows r;
	size_t i, n;
	int version = -1;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(ka_store_schema_version(f->st, &version), 0);
	assert_int_equal(version, 0);
	migrate_ok(f->st);
	assert_int_equal(ka_store_schema_version(f->st, &version), 0);
	assert_int_equal(version, KA_SCHEMA_VERSION);
	/* Idempotent, also from a second connection. */
	migrate_ok(f->st);
	assert_int_equal(ka_store_open(&other, f->url, &d), 0);
	migrate_ok(other);
	ka_store_close(other);
	exec_ok(f->st, "SELECT version, applied_at FROM schema_version ORDER BY version", NULL, 0,
	        &r);
	assert_int_equal(r.nrows, KA_SCHEMA_VERSION);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	assert_int_equal(ka_rows_at(&r, 0, 1)->type, KA_VAL_TEXT);
	assert_int_equal(strlen(ka_rows_at(&r, 0, 1)->s), 20); /* 2025-01-31T12:00:00Z */
	assert_int_equal(ka_rows_at(&r, 0, 1)->s[10], 'T');

	tables = ka_schema_tables(&n);
	assert_true(n >= 25);
	for (i = 0; i < n; i++) {
		char sql[128];

		snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE 1 = 0", tables[i].name);
		exec_ok(f->st, sql, NULL, 0, &r);
		assert_true(ka_rows_col(&r, tables[i].key) >= 0);
		assert_ptr_equal(ka_schema_table_find(tables[i].name), &tables[i]);
	}
	assert_null(ka_schema_table_find("search_docs"));

	/* The schema's rules hold on both backends. */
	exec_ok(f->st,
	        "INSERT INTO processes (type, name_nb) VALUES ('core', 'Opptak')"
	        " RETURNING id, status, version, specification, created_at",
	        NULL, 0, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	assert_text(ka_rows_at(&r, 0, 1), "draft");
	assert_int_equal(ka_rows_at(&r, 0, 2)->i, 1);
	assert_text(ka_rows_at(&r, 0, 3), "{}");
	assert_int_equal(strlen(ka_rows_at(&r, 0, 4)->s), 20);
	assert_int_equal(ka_store_exec(f->st,
	                               "INSERT INTO processes (type, name_nb) VALUES ('core', "
	                               "'Opptak')",
	                               NULL, 0, NULL, &d),
	                 KA_ERR_CONFLICT); /* unique name within the parent */
	assert_int_equal(ka_store_exec(f->st,
	                               "INSERT INTO processes (type, name_nb) VALUES ('odd', 'X')",
	                               NULL, 0, NULL, &d),
	                 KA_ERR_CONFLICT);
	assert_int_equal(
	    ka_store_exec(f->st, "INSERT INTO processes (type) VALUES ('core')", NULL, 0, NULL, &d),
	    KA_ERR_CONFLICT); /* a name is required */
	exec_ok(f->st,
	        "INSERT INTO map_versions (process_id, variant, number, state, bpmn)"
	        " VALUES (1, 'as_is', 1, 'approved', '<definitions/>')",
	        NULL, 0, NULL);
	assert_int_equal(
	    ka_store_exec(f->st,
	                  "INSERT INTO map_versions (process_id, variant, number, state,"
	                  " bpmn) VALUES (1, 'as_is', 2, 'approved', '<x/>')",
	                  NULL, 0, NULL, &d),
	    KA_ERR_CONFLICT); /* one current version */
	exec_ok(f->st,
	        "INSERT INTO map_versions (process_id, variant, number, state, bpmn)"
	        " VALUES (1, 'to_be', 1, 'approved', '<x/>')",
	        NULL, 0, NULL);
	assert_int_equal(ka_store_exec(f->st,
	                               "INSERT INTO role_assignments (person_id, role_id, scope,"
	                               " from_date) VALUES (1, 1, 'process', '2025-01-01')",
	                               NULL, 0, NULL, &d),
	                 KA_ERR_CONFLICT);
	assert_int_equal(
	    ka_store_exec(f->st, "DELETE FROM processes WHERE id = 1", NULL, 0, NULL, &d),
	    0); /* cascades to its versions */
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM map_versions"), 0);

	/* Inside a transaction, or on a database from a newer Kartla: refused. */
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_equal(ka_store_migrate(f->st, &d), KA_ERR_USAGE);
	ka_store_rollback(f->st);
	exec_ok(f->st, "INSERT INTO schema_version (version) VALUES (99)", NULL, 0, NULL);
	assert_int_equal(ka_store_migrate(f->st, &d), KA_ERR_DB);
	assert_non_null(strstr(d.message, "schema version 99"));
	ka_rows_release(&r);
}

/* Full-text search: every kind, case folding for æøå/åäö, prefixes, visibility, upkeep. */
/* "kind:ref_id" of row i. */
static void hit_key(const struct ka_rows *r, size_t i, char *out, size_t size)
{
	snprintf(out, size, "%s:%lld", ka_rows_at(r, i, KA_SEARCH_COL_KIND)->s,
	         (long long)ka_rows_at(r, i, KA_SEARCH_COL_REF_ID)->i);
}

/*
 * The same query through the in-memory index (SQLite) agrees with the
 * database: the same total and, when the page holds every hit, the same
 * hits, each in the same tier (rank / 1000).
 */
static void index_agrees(struct ka_store *st, const struct ka_search_query *sql_q,
                         const struct ka_rows *sql_rows, int64_t sql_total)
{
	struct ka_search_query q = *sql_q;
	struct ka_search_index *ix = ka_search_index_new();
	struct ka_rows r;
	struct ka_diag d;
	int64_t total = -1;
	size_t i, j;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	q.index = ix;
	assert_int_equal(ka_store_begin_read(st), 0);
	assert_int_equal(ka_search_query(st, &q, &r, &total, &d), 0);
	assert_int_equal(ka_store_commit(st), 0);
	assert_int_equal(ka_search_index_builds(ix), 1);
	if (total != sql_total)
		fail_msg("\"%s\": the index finds %lld, the database %lld", q.text,
		         (long long)total, (long long)sql_total);
	assert_int_equal(r.nrows, sql_rows->nrows);
	if (q.offset == 0 && sql_total <= q.limit) {
		for (i = 0; i < r.nrows; i++) {
			char want[64], got[64];

			hit_key(sql_rows, i, want, sizeof(want));
			for (j = 0; j < r.nrows; j++) {
				hit_key(&r, j, got, sizeof(got));
				if (!strcmp(want, got))
					break;
			}
			if (j == r.nrows)
				fail_msg("\"%s\": the index misses %s", q.text, want);
			assert_int_equal(
			    (int)(ka_rows_at(&r, j, KA_SEARCH_COL_RANK)->r / 1000),
			    (int)(ka_rows_at(sql_rows, i, KA_SEARCH_COL_RANK)->r / 1000));
			same_row(sql_rows, i, &r, j, q.text);
		}
	}
	ka_rows_release(&r);
	ka_search_index_free(ix);
}

/*
 * One search through the module the server uses (lib/search.c); on SQLite
 * the in-memory index must agree with it.
 */
static int search(struct ka_store *st, const char *text, enum ka_vis vis, int64_t limit,
                  int64_t offset, struct ka_rows *r, struct ka_diag *d)
{
	struct ka_search_query q = {text, NULL, vis, limit, offset, NULL, NULL};
	int64_t total;
	int err;

	ka_rows_release(r);
	err = ka_search_query(st, &q, r, &total, d);
	if (!err && ka_store_dialect(st) == KA_DIALECT_SQLITE && !ka_store_in_tx(st))
		index_agrees(st, &q, r, total);
	return err;
}

static void test_search(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	struct ka_rows r;
	struct ka_val p[2];
	char first[32];

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	migrate_ok(f->st);
	exec_ok(f->st,
	        "INSERT INTO processes (type, name_nb, specification) VALUES ('core',"
	        " 'Søknad om opptak', '{\"purpose\": \"Behandle søknader fra studenter\","
	        " \"inputs\": [\"vitnemål\", {\"x\": \"karakterutskrift\"}]}')",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "INSERT INTO processes (type, name_sv) VALUES ('core', 'Behandling av ansökan om "
	        "bygglov')",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "INSERT INTO processes (type, name_en, specification) VALUES ('support',"
	        " 'Supplier invoices', '{\"trigger\": \"An invoice arrives\"}')",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "INSERT INTO map_versions (process_id, variant, number, bpmn)"
	        " VALUES (1, 'as_is', 1, '<definitions/>')",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "INSERT INTO map_elements (version_id, element_id, type, name, lane)"
	        " VALUES (1, 'Task_1', 'task', 'Registrere SØKNAD', 'Opptakskontor')",
	        NULL, 0, NULL);
	exec_ok(f->st,
	        "INSERT INTO handbook_pages (slug, title, markdown, visibility) VALUES"
	        " ('metode', 'Metodehåndbok', 'Frister for søknadsbehandling', 'facilitators')",
	        NULL, 0, NULL);
	exec_ok(f->st, "INSERT INTO people (name, title) VALUES ('Åsa Öberg', 'Processhandledare')",
	        NULL, 0, NULL);
	exec_ok(f->st, "INSERT INTO role_schemes (key, name) VALUES ('uni', 'Universitet')", NULL,
	        0, NULL);
	exec_ok(f->st,
	        "INSERT INTO roles (scheme_id, key, name_nb, name_sv, name_en) VALUES"
	        " (1, 'owner', 'Prosesseier', 'Processägare', 'Process owner')",
	        NULL, 0, NULL);

	/* "søknad" as a word and as the start of one, in every case. */
	const char *forms[] = {"søknad", "SØKNAD", "Søknad", "søkn"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(search(f->st, forms[i], KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
		assert_int_equal(r.nrows, 2); /* the process (name and spec) and the map element */
		assert_int_equal(r.ncols, KA_SEARCH_COL_COUNT);
		/* the names in search.h follow the query's columns */
		assert_int_equal(r.ncols, KA_SEARCH_COL_COUNT);
		assert_string_equal(r.names[KA_SEARCH_COL_KIND], "kind");
		assert_string_equal(r.names[KA_SEARCH_COL_REF_ID], "ref_id");
		assert_string_equal(r.names[KA_SEARCH_COL_PROCESS_ID], "process_id");
		assert_string_equal(r.names[KA_SEARCH_COL_TITLE], "title");
		assert_string_equal(r.names[KA_SEARCH_COL_SNIPPET], "snippet");
		assert_string_equal(r.names[KA_SEARCH_COL_RANK], "rank");
		assert_string_equal(r.names[KA_SEARCH_COL_TOTAL], "total");
		assert_string_equal(r.names[0], "kind");
		assert_string_equal(r.names[5], "rank");
		assert_string_equal(r.names[6], "total");
		assert_int_equal(ka_rows_at(&r, 0, 6)->i, 2);
		assert_int_equal(ka_rows_at(&r, 0, 5)->type, KA_VAL_REAL);
		assert_true(ka_rows_at(&r, 0, 5)->r >= ka_rows_at(&r, 1, 5)->r); /* best first */
		for (size_t k = 0; k < 2; k++) {
			const struct ka_val *kind = ka_rows_at(&r, k, 0);

			assert_int_equal(ka_rows_at(&r, k, 2)->i,
			                 1); /* the process, or the element's */
			assert_non_null(strstr(ka_rows_at(&r, k, 4)->s, "\x02"));
			if (!strcmp(kind->s, "process")) {
				assert_int_equal(ka_rows_at(&r, k, 1)->i, 1);
				assert_text(ka_rows_at(&r, k, 3), "Søknad om opptak");
			} else {
				assert_text(kind, "element");
				assert_text(ka_rows_at(&r, k, 3), "Registrere SØKNAD");
			}
		}
		assert_string_not_equal(ka_rows_at(&r, 0, 0)->s, ka_rows_at(&r, 1, 0)->s);
	}
	/* The facilitators' page only for facilitators. */
	assert_int_equal(search(f->st, "søknadsbehandling", KA_VIS_SIGNED_IN, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(search(f->st, "søknadsbehandling", KA_VIS_FACILITATORS, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_text(ka_rows_at(&r, 0, 0), "page");
	assert_int_equal(search(f->st, "søknad", KA_VIS_FACILITATORS, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 3);
	/* Swedish, both cases; several words must all match. */
	const char *sv[] = {"ansökan", "ANSÖKAN", "Ansökan bygglov", "behandling ANSÖK"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(search(f->st, sv[i], KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
		assert_int_equal(r.nrows, 1);
		assert_int_equal(ka_rows_at(&r, 0, 1)->i, 2);
	}
	assert_int_equal(search(f->st, "ansökan invoice", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 0);
	/* People, roles, specification values (not keys, not nested keys). */
	assert_int_equal(search(f->st, "åsa ÖBERG", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_text(ka_rows_at(&r, 0, 0), "person");
	assert_int_equal(search(f->st, "processägare", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_text(ka_rows_at(&r, 0, 0), "role");
	assert_int_equal(search(f->st, "invoice", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(ka_rows_at(&r, 0, 1)->i, 3);
	assert_int_equal(search(f->st, "karakterutskrift", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(search(f->st, "purpose", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 0);
	/* Without diacritics the same hits (folded, schema version 5), ranked lower. */
	assert_int_equal(search(f->st, "soknad", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 2);
	assert_true(ka_rows_at(&r, 0, KA_SEARCH_COL_RANK)->r < 2000.0);
	assert_int_equal(search(f->st, "ansokan", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(ka_rows_at(&r, 0, KA_SEARCH_COL_REF_ID)->i, 2);
	/* Limit and offset page through the same order. */
	assert_int_equal(search(f->st, "søknad", KA_VIS_EVERYONE, 1, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	snprintf(first, sizeof(first), "%s", ka_rows_at(&r, 0, 0)->s);
	assert_int_equal(search(f->st, "søknad", KA_VIS_EVERYONE, 1, 1, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_string_not_equal(ka_rows_at(&r, 0, 0)->s, first);
	assert_int_equal(search(f->st, "søknad", KA_VIS_EVERYONE, 10, 2, &r, &d), 0);
	assert_int_equal(r.nrows, 0);
	/* Query syntax typed by a user is just words. */
	assert_int_equal(search(f->st, "\"søknad\" OR *) -- '; DROP TABLE people", KA_VIS_EVERYONE,
	                        10, 0, &r, &d),
	                 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(search(f->st, "\"*'", KA_VIS_EVERYONE, 10, 0, &r, &d), KA_ERR_INVALID);

	/* The index follows updates and deletes. */
	p[0] = ka_text("Opptak av studenter");
	p[1] = ka_int(1);
	exec_ok(f->st, "UPDATE processes SET name_nb = ? WHERE id = ?", p, 2, NULL);
	assert_int_equal(search(f->st, "opptak", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	assert_text(ka_rows_at(&r, 0, 3), "Opptak av studenter");
	exec_ok(f->st, "UPDATE handbook_pages SET visibility = 'everyone'", NULL, 0, NULL);
	assert_int_equal(search(f->st, "søknadsbehandling", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	exec_ok(f->st, "DELETE FROM processes WHERE id = 1", NULL, 0, NULL);
	assert_int_equal(search(f->st, "søknad", KA_VIS_FACILITATORS, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1); /* only the page: the process and its element are gone */
	assert_text(ka_rows_at(&r, 0, 0), "page");
	ka_rows_release(&r);
}

/* Fills a migrated database with a bit of everything the backup must carry. */
static void fill_workspace(struct ka_store *st)
{
	static const unsigned char pdf[] = {'%', 'P', 'D', 'F', 0, 0xff, 0x80, '\n', 0};
	struct ka_val p[2];

	exec_ok(st,
	        "INSERT INTO settings (key, value) VALUES ('workspace', '{\"name\": \"Høgskolen i "
	        "Årdal\"}'), ('anonymous_read', 'false')",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO users (login, display_name, password_hash, is_admin) VALUES"
	        " ('anna', 'Anna Ås', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', 1),"
	        " ('bo', 'Bo Öst', NULL, 0)",
	        NULL, 0, NULL);
	exec_ok(st, "DELETE FROM users WHERE login = 'bo'", NULL, 0, NULL); /* a gap in the ids */
	exec_ok(st, "INSERT INTO users (login, display_name) VALUES ('cay', 'Cay')", NULL, 0, NULL);
	/* A child created before its parent: the parent's id is higher. */
	exec_ok(st, "INSERT INTO units (name) VALUES ('Studieavdelingen')", NULL, 0, NULL);
	exec_ok(st, "INSERT INTO units (name) VALUES ('Universitetet')", NULL, 0, NULL);
	exec_ok(st, "UPDATE units SET parent_id = 2 WHERE id = 1", NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO people (name, email, unit_id, user_id) VALUES ('Anna Ås',"
	        " 'anna@example.org', 1, 1)",
	        NULL, 0, NULL);
	exec_ok(st, "INSERT INTO processes (type, name_nb) VALUES ('core', 'Søknad om opptak')",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO processes (type, name_nb, parent_id, review_interval_days,"
	        " specification) VALUES ('core', 'Registrere søknad', 1, 365,"
	        " '{\"purpose\": \"Få alle søknader registrert\"}')",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO role_schemes (key, name, preset) VALUES ('uni', 'U', 'university')",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO roles (scheme_id, key, name_nb, level, kind) VALUES"
	        " (1, 'owner', 'Prosesseier', 'strategic', 'owner')",
	        NULL, 0, NULL);
	exec_ok(
	    st,
	    "INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date,"
	    " mandate_source) VALUES (1, 1, 'process', 1, '2024-08-01', 'Delegasjonsreglementet')",
	    NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO map_versions (process_id, variant, number, state, bpmn, author_id)"
	        " VALUES (1, 'as_is', 1, 'approved', '<definitions id=\"d\"/>', 1)",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO map_elements (version_id, element_id, type, name, lane, process_time,"
	        " wait_time) VALUES (1, 'Task_1', 'task', 'Registrere søknad', 'Opptak', 600.5,"
	        " 0.1)",
	        NULL, 0, NULL);
	exec_ok(st,
	        "INSERT INTO handbook_pages (slug, title, markdown) VALUES ('start', 'Håndbok',"
	        " '# Velkommen\n\nLinjer med \"anførsel\" og \\\\ skråstrek')",
	        NULL, 0, NULL);
	p[0] = ka_int((int64_t)sizeof(pdf));
	p[1] = ka_blob(pdf, sizeof(pdf));
	exec_ok(st,
	        "INSERT INTO attachments (page_id, name, mime, size, bytes) VALUES (1, 'a.pdf',"
	        " 'application/pdf', ?, ?)",
	        p, 2, NULL);
	exec_ok(st,
	        "INSERT INTO audit_log (user_id, actor, action, object_type, object_id, after_json)"
	        " VALUES (1, 'anna', 'create', 'process', '1', '{\"name\": \"Søknad\"}')",
	        NULL, 0, NULL);
}

/* The backup document without its first line (which holds the time and the source). */
static const char *backup_body(const struct ka_buf *b)
{
	const char *nl = strchr(b->data, '\n');

	assert_non_null(nl);
	return nl + 1;
}

static void backup_ok(struct ka_store *st, struct ka_buf *out, struct ka_backup_stats *stats)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	ka_buf_reset(out);
	err = ka_backup_write(st, out, stats, &d);
	if (err)
		fail_msg("backup: %s (%s)", ka_strerror(err), d.message);
}

/* A SQLite workspace restored into this backend and backed up again gives the same rows. */
static void test_backup_roundtrip(void **state)
{
	struct fx *f = *state;
	struct ka_store *src = NULL;
	struct ka_backup_stats stats;
	struct ka_buf a, b;
	struct ka_diag d;
	struct ka_rows r;
	char dir[256], url[512];
	size_t ntables;
	int version = 0;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	ka_buf_init(&a, 0);
	ka_buf_init(&b, 0);
	make_tmpdir(dir, sizeof(dir));
	snprintf(url, sizeof(url), "sqlite:%s/src.db", dir);
	assert_int_equal(ka_store_open(&src, url, &d), 0);
	/* Not migrated: nothing to back up. */
	assert_int_equal(ka_backup_write(src, &a, &stats, &d), KA_ERR_NOT_FOUND);
	migrate_ok(src);
	fill_workspace(src);
	backup_ok(src, &a, &stats);
	assert_int_equal(stats.schema_version, KA_SCHEMA_VERSION);
	assert_int_equal(stats.rows, 17);
	assert_non_null(strstr(a.data, "\"format\":\"kartla-backup\""));
	assert_non_null(strstr(a.data, "\"source\":\"sqlite\""));
	assert_non_null(strstr(a.data, "{\"base64\":\"JVBERgD/gAoA\"}"));
	assert_non_null(strstr(a.data, "Høgskolen i Årdal"));
	assert_null(strstr(a.data, "search_docs"));

	/* Into this backend (a new, empty database), then out again: the same rows. */
	assert_int_equal(ka_backup_restore(f->st, a.data, a.len, &stats, &d), 0);
	assert_int_equal(stats.rows, 17);
	ka_schema_tables(&ntables);
	assert_int_equal(stats.tables, ntables);
	assert_int_equal(ka_store_schema_version(f->st, &version), 0);
	assert_int_equal(version, KA_SCHEMA_VERSION);
	backup_ok(f->st, &b, &stats);
	assert_string_equal(backup_body(&a), backup_body(&b));

	/* Ids continue after the restored ones; the search index was rebuilt. */
	exec_ok(f->st, "INSERT INTO users (login, display_name) VALUES ('dag', 'Dag') RETURNING id",
	        NULL, 0, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 4);
	assert_int_equal(search(f->st, "registrere", KA_VIS_EVERYONE, 10, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 2);
	exec_ok(f->st, "SELECT bytes FROM attachments", NULL, 0, &r);
	assert_int_equal(ka_rows_at(&r, 0, 0)->type, KA_VAL_BLOB);
	assert_int_equal(ka_rows_at(&r, 0, 0)->len, 9);

	/* Not into a database that holds data: refused, nothing changed. */
	assert_int_equal(ka_backup_restore(f->st, a.data, a.len, &stats, &d), KA_ERR_CONFLICT);
	assert_non_null(strstr(d.message, "not empty"));
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM users"), 3);
	ka_store_close(src);
	remove_sqlite_dir(dir);
	ka_buf_release(&a);
	ka_buf_release(&b);
	ka_rows_release(&r);
}

static void restore_fails(struct ka_store *st, const char *doc, int err, const char *msg)
{
	struct ka_backup_stats stats;
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_backup_restore(st, doc, strlen(doc), &stats, &d), err);
	if (!strstr(d.message, msg))
		fail_msg("restore message '%s' lacks '%s'", d.message, msg);
	assert_int_equal(stats.rows, 0);
	assert_false(ka_store_in_tx(st));
}

static void test_restore_errors(void **state)
{
	struct fx *f = *state;
	int version = -1;

#define STR_(x) #x
#define STR(x)  STR_(x)
#define HEAD                                                                                       \
	"{\"format\":\"kartla-backup\",\"format_version\":1,\"schema_version\":" STR(              \
	    KA_SCHEMA_VERSION) ","
	restore_fails(f->st, "", KA_ERR_INVALID, "not a valid backup");
	restore_fails(f->st, "[1]", KA_ERR_INVALID, "not a JSON object");
	restore_fails(f->st, "{\"format\":\"other\"}", KA_ERR_INVALID, "not a Kartla backup");
	restore_fails(f->st, HEAD "\"tables\":[], \"tables\":[]}", KA_ERR_INVALID, "duplicate");
	restore_fails(f->st,
	              "{\"format\":\"kartla-backup\",\"format_version\":1,\"schema_version\":999,"
	              "\"tables\":[]}",
	              KA_ERR_INVALID, "newer");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"pg_authid\",\"columns\":[\"x\"],\"rows\":[]}]}",
	              KA_ERR_INVALID, "unknown table 'pg_authid'");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"users\",\"columns\":[\"id\",\"login\\\" "
	                   "FROM x; --\"],\"rows\":[]}]}",
	              KA_ERR_INVALID, "is not a column");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"users\",\"columns\":[\"login\"],\"rows\":[]}]}",
	              KA_ERR_INVALID, "key column id is missing");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"users\",\"columns\":[\"id\",\"login\","
	                   "\"display_name\"],\"rows\":[[1,\"a\"]]}]}",
	              KA_ERR_INVALID, "row 1: expected an array of 3 values");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"users\",\"columns\":[\"id\",\"login\","
	                   "\"display_name\"],\"rows\":[[1,\"a\",[2]]]}]}",
	              KA_ERR_INVALID, "column display_name");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"attachments\",\"columns\":[\"id\",\"bytes\"],"
	                   "\"rows\":[[1,{\"base64\":\"!!\"}]]}]}",
	              KA_ERR_INVALID, "base64");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"users\",\"columns\":[\"id\",\"login\","
	                   "\"display_name\"],\"rows\":[[1,\"a\",\"A\"],[2,\"a\",\"B\"]]}]}",
	              KA_ERR_CONFLICT, "table users, row 2");
	/* A dangling reference is found at commit, and nothing is kept. */
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"people\",\"columns\":[\"id\",\"name\","
	                   "\"unit_id\"],\"rows\":[[1,\"Per\",77]]}]}",
	              KA_ERR_CONFLICT, "");
	restore_fails(f->st,
	              HEAD "\"tables\":[{\"name\":\"units\",\"columns\":[\"id\",\"name\"],\"rows\":"
	                   "[]},{\"name\":\"units\",\"columns\":[\"id\",\"name\"],\"rows\":[]}]}",
	              KA_ERR_INVALID, "appears twice");
	/* Every failure rolled back everything, the schema included. */
	assert_int_equal(ka_store_schema_version(f->st, &version), 0);
	assert_int_equal(version, 0);
#undef HEAD
}

/* PostgreSQL: a connection the server dropped is opened again; SQLite has nothing to drop. */
static void test_reconnect(void **state)
{
	struct fx *f = *state;
	struct ka_store *admin = NULL;
	struct ka_diag d;
	struct ka_val p[1];

	if (f->dialect != KA_DIALECT_PG)
		skip();
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_open(&admin, f->url, &d), 0);
	exec_ok(f->st, ddl_vals(f->dialect), NULL, 0, NULL);
	exec_ok(f->st, "SELECT ?::bigint", (struct ka_val[]){ka_int(1)}, 1, NULL); /* cached */
	p[0] = ka_int(query_int(f->st, "SELECT pg_backend_pid()"));
	exec_ok(admin, "SELECT pg_terminate_backend(?::integer)", p, 1, NULL);
	ka_store_close(admin);
	/* The next transaction reconnects; the prepared statements are prepared again. */
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_not_equal(query_int(f->st, "SELECT pg_backend_pid()"), p[0].i);
	exec_ok(f->st, "INSERT INTO vals (i) VALUES (1)", NULL, 0, NULL);
	assert_int_equal(ka_store_commit(f->st), 0);
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM vals"), 1);
	exec_ok(f->st, "SELECT ?::bigint", (struct ka_val[]){ka_int(1)}, 1, NULL);
}

#define BOTH(setup)                                                                                \
	cmocka_unit_test_setup_teardown(test_value_types, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(test_returning_and_changes, setup, teardown),          \
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),                   \
	    cmocka_unit_test_setup_teardown(test_busy, setup, teardown),                           \
	    cmocka_unit_test_setup_teardown(test_transact, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(test_placeholders_in_literals, setup, teardown),       \
	    cmocka_unit_test_setup_teardown(test_unicode, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(test_search, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(test_backup_roundtrip, setup, teardown),               \
	    cmocka_unit_test_setup_teardown(test_restore_errors, setup, teardown),                 \
	    cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown)

int main(void)
{
	const struct CMUnitTest plain[] = {
	    cmocka_unit_test(test_placeholder_rewriting), cmocka_unit_test(test_search_match),
	    cmocka_unit_test(test_values_and_rows),       cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_sqlite_options),
	};
	const struct CMUnitTest sqlite_tests[] = {BOTH(setup_sqlite)};
	const struct CMUnitTest pg_tests[] = {BOTH(setup_pg)};
	const char *pg_url = getenv("KARTLA_TEST_PG_URL");
	int failed = 0;

	failed += cmocka_run_group_tests_name("store", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("store on SQLite", sqlite_tests, NULL, NULL);
	if (pg_url && *pg_url)
		failed += cmocka_run_group_tests_name("store on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("store on PostgreSQL: skipped (KARTLA_TEST_PG_URL is not set)\n");
	return failed ? 1 : 0;
}
