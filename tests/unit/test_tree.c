/*
 * Unit tests for the cycle check of tree moves (lib/store/tree.c): a row
 * under itself or a descendant cycles, sideways and upward moves do not,
 * roots and dangling parents end the walk, and a loop already in the data
 * ends it too (as a cycle).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kartla/store.h"
#include "kartla/tree.h"

static void test_would_cycle(void **state)
{
	char dir[] = "/tmp/kartla-tree-XXXXXX", url[128], path[160];
	struct ka_store *st = NULL;
	struct ka_diag diag;
	bool c = true;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", dir);
	ka_diag_init(&diag, NULL);
	assert_int_equal(ka_store_open(&st, url, &diag), 0);
	assert_int_equal(ka_store_migrate(st, &diag), 0);
	/* 1 <- 2 <- 3 <- 4, and 5 beside them */
	assert_int_equal(ka_store_exec(st,
	                               "INSERT INTO units (id, parent_id, name) VALUES"
	                               " (1, NULL, 'a'), (2, 1, 'b'), (3, 2, 'c'), (4, 3, 'd'),"
	                               " (5, NULL, 'e')",
	                               NULL, 0, NULL, &diag),
	                 0);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 1, 1, &c, &diag), 0);
	assert_true(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 1, 2, &c, &diag), 0);
	assert_true(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 1, 4, &c, &diag), 0);
	assert_true(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 2, 4, &c, &diag), 0);
	assert_true(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 4, 1, &c, &diag), 0);
	assert_false(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 3, 5, &c, &diag), 0);
	assert_false(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 5, 4, &c, &diag), 0);
	assert_false(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 2, 0, &c, &diag), 0);
	assert_false(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 2, 999, &c, &diag), 0);
	assert_false(c);
	/* a loop already in the data (5 <-> 6) is not followed for ever */
	assert_int_equal(ka_store_exec(st,
	                               "INSERT INTO units (id, parent_id, name) VALUES (6, 5, 'f')",
	                               NULL, 0, NULL, &diag),
	                 0);
	assert_int_equal(
	    ka_store_exec(st, "UPDATE units SET parent_id = 6 WHERE id = 5", NULL, 0, NULL, &diag),
	    0);
	/* a loop already in the data ends the walk: it answers, and 1 is not on that loop */
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 1, 5, &c, &diag), 0);
	assert_false(c);
	assert_int_equal(ka_tree_would_cycle(st, KA_TREE_UNITS, 5, 6, &c, &diag), 0);
	assert_true(c);
	ka_store_close(st);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_would_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
