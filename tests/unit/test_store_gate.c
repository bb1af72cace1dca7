/*
 * Unit tests for the write gate (store.h, ka_store_gate): the writers of a
 * process that share a gate queue for each other instead of failing (or
 * sleeping) on SQLite's lock; a failed begin, a rollback and a close let
 * the next writer in; the WAL is still checkpointed when the commits that
 * grow it hold the gate. SQLite only (the gate does nothing on PostgreSQL).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/store.h"
#include "store_fixture.h"

#define WRITERS 4
#define ROUNDS  150

struct fx {
	struct tmpdb db; /* SQLite; its own connection is closed after setup */
	char url[1100];  /* db.url without a busy timeout */
	struct ka_store_gate *gate;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(tmpdb_open(&f->db, "gate", false, false), 0);
	tmpdb_exec(f->db.st, "CREATE TABLE t (id INTEGER PRIMARY KEY, who INTEGER, pad BLOB)", NULL,
	           0);
	ka_store_close(f->db.st);
	f->db.st = NULL;
	/* no busy timeout: without the gate a second writer fails at once */
	snprintf(f->url, sizeof(f->url), "%s?busy_timeout=0", f->db.url);
	f->gate = ka_store_gate_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ka_store_gate_free(f->gate);
	tmpdb_close(&f->db);
	free(f);
	return 0;
}

/* The integer a query answers, on a connection of its own. */
static int64_t count(const char *url, const char *sql)
{
	struct ka_store *st = NULL;
	struct ka_diag d;
	int64_t n;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	n = tmpdb_exec(st, sql, NULL, 0);
	ka_store_close(st);
	return n;
}

struct writer {
	struct ka_store *st; /* opened and closed by run_writers (opening waits for no one) */
	int who, failures, rounds;
	size_t pad; /* bytes per row */
};

/* w->rounds write transactions, each one attempt, each reading then writing. */
static void *write_rounds(void *arg)
{
	struct writer *w = arg;
	char *pad = calloc(1, w->pad + 1);
	struct ka_diag d;
	int i;

	ka_diag_init(&d, NULL);
	if (!pad) {
		w->failures = w->rounds;
		return NULL;
	}
	memset(pad, 'x', w->pad);
	for (i = 0; i < w->rounds; i++) {
		struct ka_rows r;
		int err;

		ka_rows_init(&r);
		err = ka_store_begin(w->st);
		if (!err)
			err = ka_store_exec(w->st, "SELECT count(*) FROM t", NULL, 0, &r, &d);
		if (!err)
			err = ka_store_exec(w->st, "INSERT INTO t (who, pad) VALUES (?, ?)",
			                    (struct ka_val[]){ka_int(w->who), ka_blob(pad, w->pad)},
			                    2, NULL, &d);
		if (!err)
			err = ka_store_commit(w->st);
		else if (ka_store_in_tx(w->st))
			ka_store_rollback(w->st);
		w->failures += err != 0;
		ka_rows_release(&r);
	}
	free(pad);
	return NULL;
}

static void run_writers(struct fx *f, int rounds, size_t pad)
{
	pthread_t t[WRITERS];
	struct writer w[WRITERS];
	struct ka_diag d;
	int i;

	ka_diag_init(&d, NULL);
	for (i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){NULL, i, 0, rounds, pad};
		assert_int_equal(ka_store_open(&w[i].st, f->url, &d), 0);
		ka_store_set_gate(w[i].st, f->gate);
	}
	for (i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_rounds, &w[i]), 0);
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
		ka_store_close(w[i].st);
	}
}

/* Four threads, no busy timeout, every transaction one attempt: none is refused. */
static void test_writers_queue(void **state)
{
	struct fx *f = *state;

	run_writers(f, ROUNDS, 16);
	assert_int_equal(count(f->url, "SELECT count(*) FROM t"), WRITERS * ROUNDS);
	assert_int_equal(count(f->url, "SELECT count(DISTINCT who) FROM t"), WRITERS);
}

/* A rollback, a commit of a failed transaction and a close inside one release the gate. */
static void test_gate_released(void **state)
{
	struct fx *f = *state;
	struct ka_store *a = NULL, *b = NULL;
	struct ka_rows r;
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(ka_store_open(&a, f->url, &d), 0);
	assert_int_equal(ka_store_open(&b, f->url, &d), 0);
	ka_store_set_gate(a, f->gate);
	ka_store_set_gate(b, f->gate);
	assert_int_equal(ka_store_begin(a), 0);
	ka_store_rollback(a);
	assert_int_equal(ka_store_begin(b), 0);
	assert_int_not_equal(ka_store_exec(b, "INSERT INTO nowhere VALUES (1)", NULL, 0, NULL, &d),
	                     0);
	assert_int_not_equal(ka_store_commit(b), 0);
	assert_int_equal(ka_store_begin(a), 0);
	ka_store_close(a); /* inside its transaction */
	/* a read transaction does not take the gate; b's write then does */
	assert_int_equal(ka_store_begin_read(b), 0);
	assert_int_equal(ka_store_commit(b), 0);
	assert_int_equal(ka_store_begin(b), 0);
	assert_int_equal(ka_store_exec(b, "INSERT INTO t (who) VALUES (9)", NULL, 0, NULL, &d), 0);
	assert_int_equal(ka_store_commit(b), 0);
	/* the write ran on the gate's writer; b's own connection reads it */
	assert_int_equal(ka_store_exec(b, "SELECT count(*) FROM t WHERE who = 9", NULL, 0, &r, &d),
	                 0);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 1);
	ka_rows_release(&r);
	ka_store_close(b);
	assert_int_equal(count(f->url, "SELECT count(*) FROM t WHERE who = 9"), 1);
}

/*
 * 1,200 rows of 64 KiB (some 19,000 pages, 75 MiB) through gated writers:
 * the gate's checkpointer copies the WAL and has it started over, and past
 * 8,000 pages (32 MiB) a writer would do so itself, so the WAL stays under
 * that and a row instead of holding every page written.
 */
static void test_wal_checkpointed(void **state)
{
	struct fx *f = *state;
	struct ka_store *keep = NULL; /* the last connection closed would remove the WAL */
	struct ka_diag d;
	char wal[400];
	struct stat sb;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_open(&keep, f->url, &d), 0);
	run_writers(f, 2 * ROUNDS, 65536);
	snprintf(wal, sizeof(wal), "%s/test.db-wal", f->db.dir);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size < 34 * 1024 * 1024);
	ka_store_close(keep);
	assert_int_equal(count(f->url, "SELECT count(*) FROM t"), WRITERS * 2 * ROUNDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_writers_queue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gate_released, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wal_checkpointed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
