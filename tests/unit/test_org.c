/*
 * Unit tests for the organisation in the library: the table-driven
 * resource engine (lib/portfolio/resource.c, resource_write.c) on units
 * and people (validation naming the field, hidden characters in names,
 * If-Match, filters, conflicts, permissions, the audit entry), the unit
 * tree, role scheme presets and activation (lib/portfolio/roles.c), who is
 * a facilitator, and who lacks which course (lib/portfolio/training.c).
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

#include "kartla/resource_org.h"
#include "kartla/roles.h"
#include "kartla/store.h"
#include "kartla/training.h"

struct fixture {
	char dir[64];
	struct ka_store *st;
	struct ka_diag diag;
};

static const struct ka_actor admin = {1, true, "admin"};
static const struct ka_actor nobody = {0, false, NULL};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char url[128];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/kartla-org-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	ka_diag_init(&f->diag, NULL);
	assert_int_equal(ka_store_open(&f->st, url, &f->diag), 0);
	assert_int_equal(ka_store_migrate(f->st, &f->diag), 0);
	assert_int_equal(ka_store_exec(f->st,
	                               "INSERT INTO users (id, login, display_name, is_admin)"
	                               " VALUES (1, 'admin', 'Admin', 1), (2, 'kari', 'Kari', 0)",
	                               NULL, 0, NULL, &f->diag),
	                 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	const char *files[] = {"t.db", "t.db-wal", "t.db-shm"};
	char path[160];
	size_t i;

	ka_store_close(f->st);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Creates a row from JSON text and returns its id (asserting success). */
static int64_t make(struct fixture *f, const struct ka_res *res, int64_t parent, const char *js)
{
	struct ka_res_result r;
	json_t *body = json_loads(js, 0, NULL);
	int err;

	assert_non_null(body);
	err = ka_res_create(f->st, &admin, res, parent, body, &r, &f->diag);
	json_decref(body);
	if (err)
		fail_msg("create %s: %d %s", js, err, f->diag.message);
	assert_non_null(r.obj);
	ka_res_result_release(&r);
	return r.id;
}

/* A create or patch that must fail with `err` naming `field` ("" for none). */
static void refused(struct fixture *f, const struct ka_res *res, int64_t id, const char *js,
                    int err, const char *field)
{
	struct ka_res_result r;
	json_t *body = json_loads(js, 0, NULL);
	int got;

	assert_non_null(body);
	ka_diag_init(&f->diag, NULL);
	got = id ? ka_res_patch(f->st, &admin, res, id, NULL, body, &r, &f->diag)
	         : ka_res_create(f->st, &admin, res, 0, body, &r, &f->diag);
	json_decref(body);
	if (got != err)
		fail_msg("%s: got %d (%s), want %d", js, got, f->diag.message, err);
	assert_null(r.obj);
	assert_string_equal(f->diag.element_id, field);
}

static int64_t count(struct fixture *f, const char *sql)
{
	struct ka_rows r;
	int64_t n;

	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(f->st, sql, NULL, 0, &r, &f->diag), 0);
	n = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return n;
}

static void test_unit_tree(void **state)
{
	struct fixture *f = *state;
	int64_t top = make(f, &ka_res_org_units, 0, "{\"name\":\"Fakultet\"}");
	int64_t inst, sec;
	char js[96];
	struct ka_res_result r;
	json_t *body;

	snprintf(js, sizeof(js), "{\"name\":\"Institutt\",\"parent_id\":%lld}", (long long)top);
	inst = make(f, &ka_res_org_units, 0, js);
	snprintf(js, sizeof(js), "{\"name\":\"Seksjon\",\"parent_id\":%lld}", (long long)inst);
	sec = make(f, &ka_res_org_units, 0, js);
	/* under itself, under its child, under its grandchild: 422 parent_id */
	snprintf(js, sizeof(js), "{\"parent_id\":%lld}", (long long)top);
	refused(f, &ka_res_org_units, top, js, KA_ERR_INVALID, "parent_id");
	snprintf(js, sizeof(js), "{\"parent_id\":%lld}", (long long)inst);
	refused(f, &ka_res_org_units, top, js, KA_ERR_INVALID, "parent_id");
	snprintf(js, sizeof(js), "{\"parent_id\":%lld}", (long long)sec);
	refused(f, &ka_res_org_units, top, js, KA_ERR_INVALID, "parent_id");
	assert_non_null(strstr(f->diag.message, "its own sub-unit"));
	/* an unknown parent names the field too */
	refused(f, &ka_res_org_units, sec, "{\"parent_id\":999}", KA_ERR_INVALID, "parent_id");
	/* a sibling name twice under one parent is a conflict, without the backend's text */
	snprintf(js, sizeof(js), "{\"name\":\"Seksjon\",\"parent_id\":%lld}", (long long)inst);
	body = json_loads(js, 0, NULL);
	assert_int_equal(ka_res_create(f->st, &admin, &ka_res_org_units, 0, body, &r, &f->diag),
	                 KA_ERR_CONFLICT);
	json_decref(body);
	assert_string_equal(f->diag.message, "a unit with these values exists already, or the "
	                                     "change conflicts with another row");
	/* a unit with sub-units cannot go */
	assert_int_equal(
	    ka_res_delete(f->st, &admin, &ka_res_org_units, inst, NULL, NULL, &f->diag),
	    KA_ERR_CONFLICT);
	assert_string_equal(f->diag.message, "the unit is still in use");
	/* moving the section up is fine */
	snprintf(js, sizeof(js), "{\"parent_id\":%lld}", (long long)top);
	body = json_loads(js, 0, NULL);
	assert_int_equal(
	    ka_res_patch(f->st, &admin, &ka_res_org_units, sec, NULL, body, &r, &f->diag), 0);
	json_decref(body);
	assert_int_equal(json_integer_value(json_object_get(r.obj, "parent_id")), top);
	assert_true(json_is_string(json_object_get(r.obj, "updated_at")));
	ka_res_result_release(&r);
	assert_int_equal(
	    ka_res_delete(f->st, &admin, &ka_res_org_units, inst, NULL, NULL, &f->diag), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'unit'"), 5);
}

static void test_people(void **state)
{
	struct fixture *f = *state;
	int64_t unit = make(f, &ka_res_org_units, 0, "{\"name\":\"Økonomi\"}");
	int64_t p1, total = 0;
	struct ka_res_result r;
	struct ka_res_query q = {0, NULL, NULL, 50, 0};
	char js[128], etag[KA_RES_ETAG_LEN], old[KA_RES_ETAG_LEN];
	json_t *body, *items = NULL, *o = NULL;

	snprintf(js, sizeof(js), "{\"name\":\"Åse Ødegård\",\"unit_id\":%lld,\"user_id\":2}",
	         (long long)unit);
	p1 = make(f, &ka_res_org_people, 0, js);
	make(f, &ka_res_org_people, 0, "{\"name\":\"Per\"}");
	/* validation, in a stable order, naming the field */
	refused(f, &ka_res_org_people, 0, "{}", KA_ERR_INVALID, "name");
	assert_string_equal(f->diag.message, "field 'name' is required");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"  \"}", KA_ERR_INVALID, "name");
	refused(f, &ka_res_org_people, 0, "{\"name\":3}", KA_ERR_INVALID, "name");
	assert_string_equal(f->diag.message, "field 'name' must be a string");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"x\",\"updated_at\":\"x\"}", KA_ERR_INVALID,
	        "updated_at");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"x\",\"unit_id\":0}", KA_ERR_INVALID,
	        "unit_id");
	refused(f, &ka_res_org_people, p1, "{\"name\":null}", KA_ERR_INVALID, "name");
	refused(f, &ka_res_org_people, p1, "{\"name\":\"Fin\\u202eance\"}", KA_ERR_INVALID, "name");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"A\\u200bB\"}", KA_ERR_INVALID, "name");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"A\\ufeffB\"}", KA_ERR_INVALID, "name");
	refused(f, &ka_res_org_people, 0, "{\"name\":\"A\\u2067B\"}", KA_ERR_INVALID, "name");
	/* a name may still hold any letter */
	make(f, &ka_res_org_people, 0, "{\"name\":\"Ελένη عربي\"}");
	/* If-Match: the current ETag passes, an old one is stale and reports the current */
	assert_int_equal(ka_res_get(f->st, &nobody, &ka_res_org_people, p1, &o, old, &f->diag), 0);
	assert_string_equal(json_string_value(json_object_get(o, "name")), "Åse Ødegård");
	json_decref(o);
	snprintf(js, sizeof(js), "\"%s\"", old);
	body = json_loads("{\"title\":\"Controller\"}", 0, NULL);
	assert_int_equal(
	    ka_res_patch(f->st, &admin, &ka_res_org_people, p1, js, body, &r, &f->diag), 0);
	snprintf(etag, sizeof(etag), "%s", r.etag);
	assert_string_not_equal(etag, old);
	ka_res_result_release(&r);
	assert_int_equal(
	    ka_res_patch(f->st, &admin, &ka_res_org_people, p1, js, body, &r, &f->diag),
	    KA_ERR_STALE);
	assert_string_equal(r.etag, etag);
	assert_null(r.obj);
	assert_int_equal(ka_res_delete(f->st, &admin, &ka_res_org_people, p1, js, old, &f->diag),
	                 KA_ERR_STALE);
	assert_string_equal(old, etag);
	/* permissions: anonymous and non-administrators may not write people */
	assert_int_equal(
	    ka_res_patch(f->st, &nobody, &ka_res_org_people, p1, NULL, body, &r, &f->diag),
	    KA_ERR_AUTH);
	assert_int_equal(ka_res_patch(f->st, &(struct ka_actor){2, false, "kari"},
	                              &ka_res_org_people, p1, NULL, body, &r, &f->diag),
	                 KA_ERR_PERM);
	json_decref(body);
	/* lists: all, and filtered by unit; a bad filter names it */
	assert_int_equal(
	    ka_res_list(f->st, &nobody, &ka_res_org_people, &q, &items, &total, &f->diag), 0);
	assert_int_equal(total, 3);
	assert_int_equal(json_array_size(items), 3);
	json_decref(items);
	/* one page of one */
	q.limit = 1;
	assert_int_equal(
	    ka_res_list(f->st, &nobody, &ka_res_org_people, &q, &items, &total, &f->diag), 0);
	assert_int_equal(total, 3);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	/* deleting: gone, then 404 */
	assert_int_equal(ka_res_delete(f->st, &admin, &ka_res_org_people, p1, NULL, NULL, &f->diag),
	                 0);
	assert_int_equal(ka_res_delete(f->st, &admin, &ka_res_org_people, p1, NULL, NULL, &f->diag),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_res_get(f->st, &nobody, &ka_res_org_people, p1, &o, etag, &f->diag),
	                 KA_ERR_NOT_FOUND);
	assert_null(o);
}

static const char *filter_unit(const void *ctx, const char *name)
{
	return strcmp(name, "unit_id") ? NULL : ctx;
}

static void test_filters(void **state)
{
	struct fixture *f = *state;
	int64_t u1 = make(f, &ka_res_org_units, 0, "{\"name\":\"A\"}");
	int64_t u2 = make(f, &ka_res_org_units, 0, "{\"name\":\"B\"}");
	struct ka_res_query q = {0, filter_unit, NULL, 50, 0};
	char js[64], id[24];
	json_t *items = NULL;
	int64_t total = 0;

	snprintf(js, sizeof(js), "{\"name\":\"P1\",\"unit_id\":%lld}", (long long)u1);
	make(f, &ka_res_org_people, 0, js);
	snprintf(js, sizeof(js), "{\"name\":\"P2\",\"unit_id\":%lld}", (long long)u2);
	make(f, &ka_res_org_people, 0, js);
	snprintf(id, sizeof(id), "%lld", (long long)u2);
	q.ctx = id;
	assert_int_equal(
	    ka_res_list(f->st, &nobody, &ka_res_org_people, &q, &items, &total, &f->diag), 0);
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "name")),
	                    "P2");
	json_decref(items);
	q.ctx = "x1";
	assert_int_equal(
	    ka_res_list(f->st, &nobody, &ka_res_org_people, &q, &items, &total, &f->diag),
	    KA_ERR_USAGE);
	assert_string_equal(f->diag.element_id, "unit_id");
	assert_null(items);
	assert_false(ka_store_in_tx(f->st));
}

static void test_schemes(void **state)
{
	struct fixture *f = *state;
	struct ka_res_result a, b, c;
	json_t *presets = ka_roles_presets_json(), *items = json_object_get(presets, "items");
	struct ka_rows r;

	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "key")),
	                    "municipality");
	assert_int_equal(json_array_size(json_object_get(json_array_get(items, 1), "roles")), 5);
	json_decref(presets);
	/* install and activate; a second scheme stays inactive until activated */
	assert_int_equal(
	    ka_roles_preset_create(f->st, &admin, "municipality", NULL, true, &a, &f->diag), 0);
	assert_true(json_is_true(json_object_get(a.obj, "is_active")));
	assert_string_equal(json_string_value(json_object_get(a.obj, "preset")), "municipality");
	assert_int_equal(
	    ka_roles_preset_create(f->st, &admin, "university", "uio", false, &b, &f->diag), 0);
	assert_true(json_is_false(json_object_get(b.obj, "is_active")));
	assert_int_equal(ka_roles_scheme_activate(f->st, &admin, b.id, &c, &f->diag), 0);
	assert_true(json_is_true(json_object_get(c.obj, "is_active")));
	assert_int_equal(c.etag[0], 'h');
	ka_res_result_release(&c);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM role_schemes WHERE is_active = 1"), 1);
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(f->st,
	                               "SELECT value FROM settings WHERE key = 'role_scheme'", NULL,
	                               0, &r, &f->diag),
	                 0);
	assert_int_equal(strtoll(ka_rows_at(&r, 0, 0)->s, NULL, 10), b.id);
	ka_rows_release(&r);
	/* refusals: unknown preset, a taken key, a missing scheme, non-administrators */
	assert_int_equal(
	    ka_roles_preset_create(f->st, &admin, "kingdom", NULL, false, &c, &f->diag),
	    KA_ERR_INVALID);
	assert_string_equal(f->diag.element_id, "preset");
	assert_int_equal(
	    ka_roles_preset_create(f->st, &admin, "generic", "uio", false, &c, &f->diag),
	    KA_ERR_CONFLICT);
	assert_string_equal(f->diag.element_id, "key");
	assert_string_equal(f->diag.message, "the role scheme key 'uio' is taken");
	assert_int_equal(ka_roles_scheme_activate(f->st, &admin, 999, &c, &f->diag),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_roles_scheme_activate(f->st, &(struct ka_actor){2, false, "kari"}, a.id,
	                                          &c, &f->diag),
	                 KA_ERR_PERM);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM role_schemes WHERE is_active = 1 AND key = "
	                          "'uio'"),
	                 1);
	/* two creates and two activations are in the log */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE object_type = "
	                          "'role_scheme'"),
	                 4);
	ka_res_result_release(&a);
	ka_res_result_release(&b);
}

static void test_facilitator_and_training(void **state)
{
	struct fixture *f = *state;
	struct ka_res_result s;
	int64_t person, fac_role;
	json_t *missing = NULL, *who;
	bool is = true;
	char js[160];

	assert_int_equal(ka_roles_preset_create(f->st, &admin, "generic", NULL, true, &s, &f->diag),
	                 0);
	fac_role = count(f, "SELECT id FROM roles WHERE kind = 'facilitator'");
	person = make(f, &ka_res_org_people, 0, "{\"name\":\"Kari\",\"user_id\":2}");
	assert_int_equal(ka_roles_is_facilitator(f->st, 2, "2024-06-01", &is, &f->diag), 0);
	assert_false(is);
	snprintf(js, sizeof(js),
	         "{\"person_id\":%lld,\"role_id\":%lld,\"scope\":\"organisation\","
	         "\"from_date\":\"2024-01-01\",\"to_date\":\"2024-12-31\"}",
	         (long long)person, (long long)fac_role);
	make(f, &ka_res_org_role_assignments, 0, js);
	assert_int_equal(ka_roles_is_facilitator(f->st, 2, "2024-06-01", &is, &f->diag), 0);
	assert_true(is);
	assert_int_equal(ka_roles_is_facilitator(f->st, 2, "2025-01-01", &is, &f->diag), 0);
	assert_false(is); /* the assignment has ended */
	assert_int_equal(ka_roles_is_facilitator(f->st, 1, "2024-06-01", &is, &f->diag), 0);
	assert_false(is);
	/* the facilitator lacks the three required courses until one is taken */
	assert_int_equal(ka_training_missing_json(f->st, "2024-06-01", &missing, &f->diag), 0);
	assert_string_equal(json_string_value(json_object_get(missing, "date")), "2024-06-01");
	who = json_array_get(json_object_get(missing, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(who, "person_id")), person);
	assert_int_equal(json_array_size(json_object_get(who, "missing")), 3);
	json_decref(missing);
	snprintf(js, sizeof(js),
	         "{\"person_id\":%lld,\"course_id\":%lld,\"completed_on\":\"2024-02-01\"}",
	         (long long)person,
	         (long long)count(f, "SELECT id FROM courses WHERE key = 'method'"));
	make(f, &ka_res_org_records, 0, js);
	assert_int_equal(ka_training_missing_json(f->st, "2024-06-01", &missing, &f->diag), 0);
	who = json_array_get(json_object_get(missing, "items"), 0);
	assert_int_equal(json_array_size(json_object_get(who, "missing")), 2);
	json_decref(missing);
	assert_int_equal(ka_training_missing_json(f->st, "2025-06-01", &missing, &f->diag), 0);
	assert_int_equal(json_array_size(json_object_get(missing, "items")), 0);
	json_decref(missing);
	/* a role assignment's dates and scope are checked */
	snprintf(js, sizeof(js),
	         "{\"person_id\":%lld,\"role_id\":%lld,\"scope\":\"unit\","
	         "\"from_date\":\"2024-01-01\"}",
	         (long long)person, (long long)fac_role);
	refused(f, &ka_res_org_role_assignments, 0, js, KA_ERR_INVALID, "unit_id");
	snprintf(js, sizeof(js),
	         "{\"person_id\":%lld,\"role_id\":%lld,\"scope\":\"organisation\","
	         "\"from_date\":\"2024-01-01\",\"to_date\":\"2023-01-01\"}",
	         (long long)person, (long long)fac_role);
	refused(f, &ka_res_org_role_assignments, 0, js, KA_ERR_INVALID, "to_date");
	ka_res_result_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unit_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_people, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_schemes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_facilitator_and_training, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
