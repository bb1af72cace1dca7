/*
 * A temporary, migrated database for the unit tests that run on both
 * stores: SQLite in a new temporary directory, or a fresh database on the
 * PostgreSQL server of KARTLA_TEST_PG_URL (dropped again on close).
 * Included after cmocka.h; everything is static inline, so that a file
 * uses what it needs.
 */
#ifndef KARTLA_TEST_STORE_FIXTURE_H
#define KARTLA_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/store.h"

struct tmpdb {
	struct ka_store *st; /* owned; NULL until opened */
	bool pg;
	char url[1024];
	char dir[256];    /* SQLite: the temporary directory */
	char dbname[128]; /* PostgreSQL: the database */
};

/* the databases of one test process are numbered */
static unsigned tmpdb_counter;

/* One statement on the maintenance database of KARTLA_TEST_PG_URL. */
static inline int tmpdb_pg_admin(const char *fmt, const char *name)
{
	struct ka_store *admin = NULL;
	struct ka_diag d;
	char sql[256];
	int err;

	ka_diag_init(&d, NULL);
	err = ka_store_open(&admin, getenv("KARTLA_TEST_PG_URL"), &d);
	if (!err) {
		snprintf(sql, sizeof(sql), fmt, name);
		err = ka_store_exec(admin, sql, NULL, 0, NULL, &d);
	}
	if (err)
		fprintf(stderr, "PostgreSQL admin statement failed: %s\n", d.message);
	ka_store_close(admin);
	return err;
}

/* KARTLA_TEST_PG_URL with its database replaced by `dbname`, in out; -1 when it is not a URL. */
static inline int tmpdb_pg_url(char *out, size_t size, const char *dbname)
{
	const char *base = getenv("KARTLA_TEST_PG_URL");
	const char *host = base ? strstr(base, "://") : NULL;
	const char *slash = host ? strchr(host + 3, '/') : NULL;
	const char *query = host ? strchr(host + 3, '?') : NULL;

	if (!host)
		return -1;
	if (!slash || (query && slash > query))
		slash = query ? query : base + strlen(base);
	snprintf(out, size, "%.*s/%s%s", (int)(slash - base), base, dbname, query ? query : "");
	return 0;
}

/*
 * Opens a new database (PostgreSQL when `pg`, else SQLite) named after
 * `tag`, migrated unless `migrate` is false. 0, or -1 with the reason on
 * stderr; tmpdb_close cleans up after either.
 */
static inline int tmpdb_open(struct tmpdb *t, const char *tag, bool pg, bool migrate)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct ka_diag d;

	memset(t, 0, sizeof(*t));
	t->pg = pg;
	if (pg) {
		snprintf(t->dbname, sizeof(t->dbname), "kartla_%s_%ld_%u", tag, (long)getpid(),
		         ++tmpdb_counter);
		if (!getenv("KARTLA_TEST_PG_URL") ||
		    tmpdb_pg_admin("CREATE DATABASE %s", t->dbname))
			return -1;
		if (tmpdb_pg_url(t->url, sizeof(t->url), t->dbname))
			return -1;
	} else {
		snprintf(t->dir, sizeof(t->dir), "%s/kartla-%s.XXXXXX", tmp, tag);
		if (!mkdtemp(t->dir)) {
			t->dir[0] = '\0';
			return -1;
		}
		snprintf(t->url, sizeof(t->url), "sqlite:%s/test.db", t->dir);
	}
	ka_diag_init(&d, NULL);
	if (ka_store_open(&t->st, t->url, &d) || (migrate && ka_store_migrate(t->st, &d))) {
		fprintf(stderr, "cannot open and migrate %s: %s\n", t->url, d.message);
		return -1;
	}
	return 0;
}

/* Closes the store and removes the database. */
static inline void tmpdb_close(struct tmpdb *t)
{
	static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm"};
	char path[512];
	size_t i;

	ka_store_close(t->st);
	t->st = NULL;
	if (t->pg && t->dbname[0]) {
		tmpdb_pg_admin("DROP DATABASE IF EXISTS %s WITH (FORCE)", t->dbname);
	} else if (!t->pg && t->dir[0]) {
		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%s", t->dir, files[i]);
			unlink(path);
		}
		rmdir(t->dir);
	}
}

/* Runs one statement or fails the test; the first column of its first row when an integer. */
static inline int64_t tmpdb_exec(struct ka_store *st, const char *sql, const struct ka_val *p,
                                 size_t n)
{
	struct ka_rows r;
	struct ka_diag d;
	int64_t id = 0;
	int err;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	err = ka_store_exec(st, sql, p, n, &r, &d);
	if (err)
		fail_msg("%s: %s (%s)", sql, ka_strerror(err), d.message);
	if (r.nrows && r.ncols && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT)
		id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return id;
}

#endif
