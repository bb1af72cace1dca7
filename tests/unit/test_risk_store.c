/*
 * Unit tests for the stored risk register (lib/riskdb, kartla/risk_store.h)
 * against a temporary SQLite database: scales (the default stored with the
 * first score, a new current scale), the map version and element checks,
 * the typed query (orphans, colours on each score's own scale, actions and
 * overdue, filters and sorting, the matrix), and the writes: create, patch
 * with If-Match, scores on the current scale with their history, the
 * acceptance rule, permissions, actions, delete, the audit log, and
 * nothing stored when a write fails.
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

#include "kartla/risk_store.h"
#include "kartla/schema.h"
#include "kartla/store.h"

struct fixture {
	char dir[64];
	struct ka_store *st;
};

static void exec_ok(struct ka_store *st, const char *sql)
{
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	if (ka_store_exec(st, sql, NULL, 0, NULL, &d))
		fail_msg("%s: %s", sql, d.message);
}

static int64_t count(struct ka_store *st, const char *sql)
{
	struct ka_rows r;
	struct ka_diag d;
	int64_t n;

	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(st, sql, NULL, 0, &r, &d), 0);
	n = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return n;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct ka_diag d;
	char url[128];

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/kartla-riskdb-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(url, sizeof(url), "sqlite:%s/k.db", fx->dir);
	assert_int_equal(ka_store_open(&fx->st, url, &d), 0);
	assert_int_equal(ka_store_migrate(fx->st, &d), 0);
	exec_ok(fx->st, "INSERT INTO users (id, login, display_name, is_admin) VALUES"
	                " (1, 'admin', 'Admin', 1), (2, 'reader', 'Reader', 0)");
	exec_ok(fx->st, "INSERT INTO units (id, name) VALUES (7, 'Økonomi')");
	exec_ok(fx->st, "INSERT INTO risk_categories (code, name_nb, name_sv, name_en) VALUES"
	                " ('money', 'Penger', 'Pengar', 'Money'),"
	                " ('fees', 'Gebyrer', 'Avgifter', 'Fees')");
	exec_ok(fx->st, "INSERT INTO people (id, name, unit_id, user_id) VALUES"
	                " (3, 'Kari', 7, NULL), (4, 'Per', NULL, 2)");
	exec_ok(fx->st, "INSERT INTO processes (id, type, name_en, name_nb) VALUES"
	                " (1, 'core', 'Permit', 'Byggesak'), (2, 'support', 'Invoices', NULL)");
	exec_ok(fx->st, "INSERT INTO map_versions (id, process_id, variant, number, state, bpmn)"
	                " VALUES (10, 1, 'as_is', 1, 'approved', '')");
	exec_ok(fx->st, "INSERT INTO map_elements (version_id, element_id, type, name) VALUES"
	                " (10, 'T1', 'userTask', 'Register'), (10, 'T2', 'userTask', 'Assess')");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char path[160];

	ka_store_close(fx->st);
	snprintf(path, sizeof(path), "%s/k.db", fx->dir);
	unlink(path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static const struct ka_actor admin = {1, true, "admin"};
static const struct ka_actor reader = {2, false, "reader"};

static int64_t save(struct ka_store *st, const struct ka_actor *a, int64_t pid, int64_t id,
                    const char *body, int64_t if_match, int expect, struct ka_diag *d)
{
	struct ka_risk_list l;
	json_t *j = json_loads(body, 0, NULL);
	int64_t version = 0, out = 0;
	int err;

	assert_non_null(j);
	ka_diag_init(d, NULL);
	err = ka_risk_store_save(st, a, pid, id, j, if_match, &l, &version, d);
	json_decref(j);
	if (err != expect)
		fail_msg("%s: %d (%s), expected %d", body, err, d->message, expect);
	if (!err) {
		assert_int_equal(l.n, 1);
		assert_int_equal(l.items[0].version, version);
		out = l.items[0].id;
	} else {
		assert_int_equal(l.n, 0);
		out = version;
	}
	ka_risk_list_release(&l);
	return out;
}

static void test_scales_and_maps(void **state)
{
	struct fixture *fx = *state;
	struct ka_risk_scales sc;
	struct ka_risk_scale s;
	struct ka_diag d;
	int64_t id, id2, vid;
	json_t *j;
	bool ok;

	assert_int_equal(ka_risk_store_scales_load(fx->st, &sc, &d), 0);
	assert_int_equal(sc.n, 0);
	assert_int_equal(sc.current_id, 0);
	assert_string_equal(sc.current.key, "no5");
	ka_risk_scales_release(&sc);
	assert_int_equal(ka_store_begin(fx->st), 0);
	assert_int_equal(ka_risk_store_scale_current_id(fx->st, &id, &d), 0); /* the default */
	assert_int_equal(ka_risk_store_scale_current_id(fx->st, &id2, &d), 0);
	assert_int_equal(id, id2);
	assert_int_equal(ka_store_commit(fx->st), 0);
	assert_int_equal(ka_risk_store_scale_get(fx->st, id, &s, &d), 0);
	assert_string_equal(s.key, "no5");
	assert_int_equal(ka_risk_store_scale_get(fx->st, 99, &s, &d), KA_ERR_NOT_FOUND);

	/* setting the scale: facilitators and administrators, one of preset or scale */
	assert_int_equal(ka_risk_store_scale_set(fx->st, &reader, "se4", NULL, &id2, &s, &d),
	                 KA_ERR_PERM);
	j = json_object();
	assert_int_equal(ka_risk_store_scale_set(fx->st, &admin, "se4", j, &id2, &s, &d),
	                 KA_ERR_INVALID);
	json_decref(j);
	assert_int_equal(ka_risk_store_scale_set(fx->st, &admin, "us10", NULL, &id2, &s, &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "preset");
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM risk_scales"), 1);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM audit_log"), 0);

	assert_int_equal(ka_risk_store_map_version(fx->st, 1, &vid, &d), 0);
	assert_int_equal(vid, 10);
	assert_int_equal(ka_risk_store_element_exists(fx->st, vid, "T1", &ok, &d), 0);
	assert_true(ok);
	assert_int_equal(ka_risk_store_element_exists(fx->st, vid, "T9", &ok, &d), 0);
	assert_false(ok);
	assert_int_equal(ka_risk_store_map_version(fx->st, 2, &vid, &d), 0);
	assert_int_equal(vid, 0);
}

static void test_write_and_read(void **state)
{
	struct fixture *fx = *state;
	struct ka_risk_scales sc;
	struct ka_risk_filter f;
	struct ka_risk_matrix m;
	struct ka_risk_list l;
	struct ka_risk_scale s;
	struct ka_diag d;
	json_t *j, *after = NULL;
	int64_t r1, r2, r3, v, sid;

	/* create on an element: the default scale is stored with the first score */
	r1 = save(fx->st, &admin, 1, 0,
	          "{\"title\":\"Lost\",\"element_id\":\"T1\",\"owner_id\":3,"
	          "\"inherent\":{\"likelihood\":4,\"consequence\":4},\"decision\":\"act\"}",
	          -1, 0, &d);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM risk_scores"), 1);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'risk'"),
	                 1);
	/* bad input: named, nothing stored */
	save(fx->st, &admin, 1, 0, "{\"title\":\"x\",\"element_id\":\"T9\"}", -1, KA_ERR_INVALID,
	     &d);
	assert_string_equal(d.element_id, "element_id");
	save(fx->st, &admin, 1, 0,
	     "{\"title\":\"x\",\"inherent\":{\"likelihood\":6,\"consequence\":1}}", -1,
	     KA_ERR_INVALID, &d);
	assert_string_equal(d.element_id, "inherent.likelihood");
	save(fx->st, &admin, 1, 0,
	     "{\"title\":\"x\",\"inherent\":{\"likelihood\":5,\"consequence\":5},"
	     "\"decision\":\"accept\"}",
	     -1, KA_ERR_INVALID, &d);
	assert_string_equal(d.element_id, "decision");
	save(fx->st, &admin, 1, 0, "{\"title\":\" \"}", -1, KA_ERR_INVALID, &d);
	assert_string_equal(d.element_id, "title");
	save(fx->st, &admin, 1, 0, "{\"title\":\"x\",\"owner_id\":99}", -1, KA_ERR_INVALID, &d);
	assert_string_equal(d.element_id, "owner_id");
	save(fx->st, &admin, 1, 0, "{\"title\":\"x\",\"colour\":\"red\"}", -1, KA_ERR_INVALID, &d);
	assert_string_equal(d.element_id, "colour");
	save(fx->st, &admin, 99, 0, "{\"title\":\"x\"}", -1, KA_ERR_NOT_FOUND, &d);
	save(fx->st, &reader, 1, 0, "{\"title\":\"x\"}", -1, KA_ERR_PERM, &d);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM risks"), 1);

	/* a new current scale; the old score keeps its scale */
	assert_int_equal(ka_risk_store_scale_set(fx->st, &admin, "se4", NULL, &sid, &s, &d), 0);
	r2 = save(fx->st, &admin, 1, 0,
	          "{\"title\":\"Fee wrong\",\"element_id\":\"T9\",\"unit_id\":7}", -1,
	          KA_ERR_INVALID, &d);
	r2 = save(fx->st, &admin, 1, 0,
	          "{\"title\":\"Fee wrong\",\"element_id\":\"T2\",\"category\":\"money\","
	          "\"inherent\":{\"likelihood\":3,\"consequence\":3}}",
	          -1, 0, &d);
	r3 = save(fx->st, &admin, 2, 0, "{\"title\":\"Whole process\"}", -1, 0, &d);
	/* patch: If-Match, the same score twice adds no history, a residual score does */
	v = save(fx->st, &admin, 0, r2, "{\"category\":\"fees\"}", 7, KA_ERR_STALE, &d);
	assert_int_equal(v, 1);
	assert_non_null(strstr(d.message, "\"v1\""));
	save(fx->st, &admin, 0, r2,
	     "{\"inherent\":{\"likelihood\":3,\"consequence\":3},"
	     "\"residual\":{\"likelihood\":1,\"consequence\":3}}",
	     1, 0, &d);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM risk_scores WHERE risk_id = 2"), 2);
	save(fx->st, &admin, 0, 99, "{\"title\":\"x\"}", -1, KA_ERR_NOT_FOUND, &d);

	/* an action, overdue; a bad one names its field */
	j = json_pack("{s:s, s:i, s:s, s:f}", "title", "Checklist", "responsible_id", 3, "due_date",
	              "2020-01-31", "cost", 2000.0);
	assert_int_equal(ka_risk_store_action_save(fx->st, &admin, r1, 0, j, -1, &after, &v, &d),
	                 0);
	json_decref(j);
	assert_int_equal(v, 1);
	assert_string_equal(json_string_value(json_object_get(after, "status")), "planned");
	json_decref(after);
	j = json_pack("{s:s, s:s}", "title", "x", "status", "later");
	assert_int_equal(ka_risk_store_action_save(fx->st, &admin, r1, 0, j, -1, &after, &v, &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "status");
	assert_null(after);
	json_decref(j);

	/* the typed register: orphans none, colours on each score's own scale, actions */
	ka_risk_filter_init(&f);
	f.sort = "-value";
	assert_int_equal(ka_risk_store_list(fx->st, NULL, &f, &sc, &l, &d), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].id, r1); /* 16 on no5, red, not the current scale */
	assert_true(l.items[0].inherent.set);
	assert_false(l.items[0].inherent.current_scale);
	assert_string_equal(l.items[0].inherent.scale, "no5");
	assert_int_equal(l.items[0].inherent.colour, KA_RISK_RED);
	assert_int_equal(l.items[0].acceptance, KA_RISK_ACT);
	assert_string_equal(l.items[0].element_name, "Register");
	assert_string_equal(l.items[0].effective_unit, "Økonomi"); /* the owner's unit */
	assert_string_equal(l.items[0].decided_at != NULL ? "set" : "", "set");
	assert_int_equal(l.items[0].nactions, 1);
	assert_true(l.items[0].actions[0].overdue);
	assert_true(l.items[0].actions[0].has_cost);
	assert_string_equal(l.items[0].actions[0].responsible, "Kari");
	assert_int_equal(l.items[1].id, r2); /* 9 on se4: red */
	assert_true(l.items[1].inherent.current_scale);
	assert_int_equal(l.items[1].inherent.colour, KA_RISK_RED);
	assert_true(l.items[1].residual.set);
	assert_false(l.items[2].inherent.set);
	assert_int_equal(l.items[2].acceptance, -1);
	assert_string_equal(l.items[2].process, "Invoices");
	assert_string_equal(l.items[0].process, "Byggesak"); /* nb first */
	ka_risk_matrix_of(&m, sc.current.size, &l);
	assert_int_equal(m.size, 4);
	assert_int_equal(m.inherent[2][2], 1);
	assert_int_equal(m.residual[0][2], 1);
	assert_int_equal(m.other_inherent, 1);
	assert_int_equal(m.unscored, 1);
	ka_risk_list_release(&l);
	ka_risk_scales_release(&sc);

	/* filters: language of the process name, colour, category, a missing process */
	f.lang = "en";
	f.colour = KA_RISK_RED;
	f.category = "money";
	assert_int_equal(ka_risk_store_list(fx->st, NULL, &f, NULL, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].process, "Permit");
	ka_risk_list_release(&l);
	ka_risk_filter_init(&f);
	f.process_id = 99;
	assert_int_equal(ka_risk_store_list(fx->st, NULL, &f, NULL, &l, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(l.n, 0);

	/* one risk with its history; markers */
	assert_int_equal(ka_risk_store_get(fx->st, NULL, r2, true, &l, &d), 0);
	assert_true(l.items[0].has_history);
	assert_int_equal(l.items[0].nhistory, 2);
	assert_string_equal(l.items[0].history[1].kind, "residual");
	assert_string_equal(l.items[0].history[0].scale, "se4");
	ka_risk_list_release(&l);
	assert_int_equal(ka_risk_store_get(fx->st, NULL, 99, true, &l, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_risk_store_markers(fx->st, NULL, 1, &j, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "map_version_id")), 10);
	assert_int_equal(json_array_size(json_object_get(j, "elements")), 2);
	json_decref(j);

	/* an element removed from the current map orphans the risk, computed on read */
	exec_ok(fx->st, "DELETE FROM map_elements WHERE element_id = 'T2'");
	ka_risk_filter_init(&f);
	f.orphan = 1;
	assert_int_equal(ka_risk_store_list(fx->st, NULL, &f, NULL, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, r2);
	ka_risk_list_release(&l);

	/* delete: editors only, If-Match, audited; actions go with the risk */
	assert_int_equal(ka_risk_store_delete(fx->st, &reader, r1, -1, &v, &d), KA_ERR_PERM);
	assert_int_equal(ka_risk_store_delete(fx->st, &admin, r1, 5, &v, &d), KA_ERR_STALE);
	assert_int_equal(v, 1);
	assert_int_equal(ka_risk_store_delete(fx->st, &admin, r1, 1, &v, &d), 0);
	assert_int_equal(ka_risk_store_delete(fx->st, &admin, r1, -1, &v, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM risk_actions"), 0);
	assert_int_equal(count(fx->st, "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'"),
	                 1);
	(void)r3;
}

/*
 * The migration that brings the managed categories (the newest one when this
 * was written: KA_SCHEMA_VERSION - 1 is the schema before it) folds the
 * free-text categories by case and surrounding whitespace into one entry each.
 */
static void test_category_migration(void **state)
{
	struct ka_store *st = NULL;
	struct ka_diag d;
	struct ka_rows r;
	char dir[64], url[128];

	(void)state;
	ka_diag_init(&d, NULL);
	snprintf(dir, sizeof(dir), "/tmp/kartla-riskcat-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/k.db", dir);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	assert_int_equal(ka_store_begin(st), 0);
	assert_int_equal(ka_schema_upgrade(st, 9, &d), 0); /* before version 10: categories */
	assert_int_equal(ka_store_commit(st), 0);
	exec_ok(st, "INSERT INTO processes (id, type, name_en) VALUES (1, 'core', 'P')");
	exec_ok(st, "INSERT INTO risks (process_id, title, category) VALUES"
	            " (1, 'a', 'Juridisk'), (1, 'b', ' juridisk '), (1, 'c', 'JURIDISK'),"
	            " (1, 'd', 'IT'), (1, 'e', '  '), (1, 'f', NULL)");
	assert_int_equal(ka_store_begin(st), 0);
	assert_int_equal(ka_schema_upgrade(st, KA_SCHEMA_VERSION, &d), 0);
	assert_int_equal(ka_store_commit(st), 0);
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(st,
	                               "SELECT code, name_nb, name_sv, name_en FROM risk_categories"
	                               " ORDER BY code",
	                               NULL, 0, &r, &d),
	                 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, "it");
	assert_string_equal(ka_rows_at(&r, 0, 3)->s, "IT");
	assert_string_equal(ka_rows_at(&r, 1, 0)->s, "juridisk");
	assert_string_equal(ka_rows_at(&r, 1, 1)->s, "JURIDISK"); /* the smallest spelling */
	ka_rows_release(&r);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM risks WHERE category = 'juridisk'"), 3);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM risks WHERE category IS NULL"), 2);
	ka_store_close(st);
	snprintf(url, sizeof(url), "%s/k.db", dir);
	unlink(url);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_scales_and_maps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_and_read, setup, teardown),
	    cmocka_unit_test(test_category_migration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
