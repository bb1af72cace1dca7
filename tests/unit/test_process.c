/*
 * Unit tests of the process architecture in the library (kartla/process.h)
 * and of the tree cycle check (kartla/tree.h), on a migrated SQLite
 * database in a temporary directory: cycles on every tree table (also
 * when the data already holds one), create / move / patch / delete with
 * their error codes and fields, If-Match, permissions, and the audit row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kartla/process.h"
#include "kartla/schema.h"
#include "kartla/store.h"
#include "kartla/tree.h"

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

	snprintf(f->dir, sizeof(f->dir), "%s/kartla-process.XXXXXX", base && *base ? base : "/tmp");
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

static void exec_ok(struct ka_store *st, const char *sql)
{
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	if (ka_store_exec(st, sql, NULL, 0, NULL, &d))
		fail_msg("%s: %s", sql, d.message);
}

static bool cycles(struct ka_store *st, enum ka_tree t, int64_t id, int64_t parent)
{
	struct ka_diag d;
	bool c = false;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_tree_would_cycle(st, t, id, parent, &c, &d), 0);
	return c;
}

/* 1 <- 2 <- 3, and 4 beside them, in every tree table. */
static void test_tree_cycles(void **state)
{
	struct fx *f = *state;
	static const enum ka_tree trees[] = {KA_TREE_PROCESSES, KA_TREE_UNITS, KA_TREE_PAGES};
	struct ka_diag d;
	size_t i;

	exec_ok(f->st, "INSERT INTO processes (id, parent_id, type, name_en) VALUES"
	               " (1, NULL, 'core', 'a'), (2, 1, 'core', 'b'), (3, 2, 'core', 'c'),"
	               " (4, NULL, 'core', 'd')");
	exec_ok(f->st, "INSERT INTO units (id, parent_id, name) VALUES"
	               " (1, NULL, 'a'), (2, 1, 'b'), (3, 2, 'c'), (4, NULL, 'd')");
	exec_ok(f->st,
	        "INSERT INTO handbook_pages (id, parent_id, slug, title) VALUES"
	        " (1, NULL, 'a', 'A'), (2, 1, 'b', 'B'), (3, 2, 'c', 'C'), (4, NULL, 'd', 'D')");
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		assert_true(cycles(f->st, trees[i], 1, 1));  /* itself */
		assert_true(cycles(f->st, trees[i], 1, 2));  /* its child */
		assert_true(cycles(f->st, trees[i], 1, 3));  /* its grandchild */
		assert_false(cycles(f->st, trees[i], 3, 1)); /* up is fine */
		assert_false(cycles(f->st, trees[i], 2, 4)); /* beside */
		assert_false(cycles(f->st, trees[i], 1, 0)); /* top level */
		assert_false(cycles(f->st, trees[i], 4, 3));
	}
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_tree_check_parent(f->st, KA_TREE_UNITS, 1, 3, "unit", &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "parent_id");
	assert_string_equal(d.message, "a unit cannot be placed under itself or its own sub-unit");
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_tree_check_parent(f->st, KA_TREE_UNITS, 3, 4, "unit", &d), 0);
	/* A cycle already in the data (5 <-> 6) ends the walk. */
	exec_ok(f->st,
	        "INSERT INTO units (id, parent_id, name) VALUES (5, NULL, 'e'), (6, 5, 'f')");
	exec_ok(f->st, "UPDATE units SET parent_id = 6 WHERE id = 5");
	assert_false(cycles(f->st, KA_TREE_UNITS, 1, 5));
	assert_true(cycles(f->st, KA_TREE_UNITS, 6, 5));
}

static const struct ka_actor admin = {1, true, "admin"};
static const struct ka_actor nobody = {2, false, "nobody"};

static int64_t create(struct ka_store *st, int64_t parent, const char *name)
{
	struct ka_process_in in;
	struct ka_diag d;
	json_t *out = NULL, *names = json_pack("{s:s}", "en", name);
	int64_t id;

	memset(&in, 0, sizeof(in));
	in.has_parent = parent > 0;
	in.parent_id = parent;
	in.type = "core";
	in.name = names;
	ka_diag_init(&d, NULL);
	if (ka_process_create(st, &admin, &in, &out, &d))
		fail_msg("create %s: %s", name, d.message);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(names);
	return id;
}

static int patch_parent(struct ka_store *st, const struct ka_actor *a, int64_t id, int64_t parent,
                        int64_t if_match, struct ka_diag *d)
{
	struct ka_process_in in;
	json_t *out = NULL;
	int64_t version;
	int err;

	memset(&in, 0, sizeof(in));
	in.has_parent = true;
	in.parent_null = parent == 0;
	in.parent_id = parent;
	ka_diag_init(d, NULL);
	err = ka_process_patch(st, a, id, &in, if_match, &out, &version, d);
	json_decref(out);
	return err;
}

static void test_process_writes(void **state)
{
	struct fx *f = *state;
	struct ka_process_filter flt = {-1, NULL, NULL, 50, 0};
	struct ka_diag d;
	struct ka_rows r;
	json_t *items = NULL, *p = NULL;
	int64_t a, b, c, total = 0, version = 0;

	exec_ok(f->st, "INSERT INTO users (id, login, display_name, password_hash, is_admin)"
	               " VALUES (1, 'admin', 'A', 'x', 1), (2, 'nobody', 'N', 'x', 0)");
	a = create(f->st, 0, "Area");
	b = create(f->st, a, "Main");
	c = create(f->st, b, "Sub");
	/* a move under a descendant: 422 parent_id, nothing written */
	assert_int_equal(patch_parent(f->st, &admin, a, c, -1, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "parent_id");
	/* unknown parent */
	assert_int_equal(patch_parent(f->st, &admin, c, 999, -1, &d), KA_ERR_INVALID);
	/* stale If-Match, then the right one */
	assert_int_equal(patch_parent(f->st, &admin, c, a, 99, &d), KA_ERR_STALE);
	assert_int_equal(patch_parent(f->st, &admin, c, a, 1, &d), 0);
	/* someone without a role changes nothing; unknown id is 404 */
	assert_int_equal(patch_parent(f->st, &nobody, c, b, -1, &d), KA_ERR_PERM);
	assert_int_equal(patch_parent(f->st, &admin, 999, b, -1, &d), KA_ERR_NOT_FOUND);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_process_get(f->st, c, &p, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(p, "parent_id")), a);
	assert_string_equal(json_string_value(json_object_get(p, "outline")), "1.2");
	json_decref(p);
	/* the list, and a bad filter */
	assert_int_equal(ka_process_list(f->st, &flt, &items, &total, &d), 0);
	assert_int_equal(total, 3);
	json_decref(items);
	flt.status = "bogus";
	assert_int_equal(ka_process_list(f->st, &flt, &items, &total, &d), KA_ERR_USAGE);
	assert_string_equal(d.element_id, "status");
	/* a process with sub-processes is not deleted; a leaf is, by an admin only */
	assert_int_equal(ka_process_delete(f->st, &admin, b, -1, &version, &d), 0);
	assert_int_equal(ka_process_delete(f->st, &nobody, c, -1, &version, &d), KA_ERR_PERM);
	assert_int_equal(ka_process_delete(f->st, &admin, a, -1, &version, &d), KA_ERR_CONFLICT);
	/* every write has its audit row */
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(f->st,
	                               "SELECT action, COUNT(*) FROM audit_log WHERE object_type ="
	                               " 'process' GROUP BY action ORDER BY action",
	                               NULL, 0, &r, &d),
	                 0);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, "create");
	assert_int_equal(ka_rows_at(&r, 0, 1)->i, 3);
	assert_string_equal(ka_rows_at(&r, 1, 0)->s, "delete");
	assert_int_equal(ka_rows_at(&r, 1, 1)->i, 1);
	assert_string_equal(ka_rows_at(&r, 2, 0)->s, "update");
	assert_int_equal(ka_rows_at(&r, 2, 1)->i, 1);
	ka_rows_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tree_cycles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_process_writes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
