/*
 * Unit tests for the role scheme presets (lib/portfolio/roles.c) and the
 * organisation rules beside them: the presets hold the roles of domain.md,
 * installing one writes the scheme, its roles and the facilitator's required
 * courses (and refuses a taken key), assignment status steps, dates, forms
 * validation and safe Markdown.
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

#include "kartla/assignment.h"
#include "kartla/forms.h"
#include "kartla/handbook.h"
#include "kartla/org.h"
#include "kartla/roles.h"
#include "kartla/schema.h"
#include "kartla/store.h"

static const struct ka_roles_preset_role *role(const struct ka_roles_preset *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nroles; i++)
		if (!strcmp(p->roles[i].key, key))
			return &p->roles[i];
	return NULL;
}

static void test_presets(void **state)
{
	const struct ka_roles_preset *u = ka_roles_preset_find("university");
	const struct ka_roles_preset *m = ka_roles_preset_find("municipality");
	size_t n;

	(void)state;
	ka_roles_presets(&n);
	assert_int_equal(n, 3);
	assert_non_null(ka_roles_preset_find("generic"));
	assert_null(ka_roles_preset_find("nope"));
	assert_null(ka_roles_preset_find(NULL));
	assert_non_null(u);
	assert_int_equal(u->nroles, 4);
	assert_string_equal(role(u, "process_owner")->name_nb, "prosesseier");
	assert_string_equal(role(u, "process_owner")->level, "strategic");
	assert_string_equal(role(u, "process_responsible")->name_nb, "prosessansvarlig");
	assert_string_equal(role(u, "process_advisor")->name_nb, "prosessrådgiver");
	assert_string_equal(role(u, "domain_resource")->name_nb, "fagressurs");
	assert_non_null(m);
	assert_int_equal(m->nroles, 5);
	assert_string_equal(role(m, "process_owner")->name_sv, "processägare");
	assert_string_equal(role(m, "process_leader")->name_sv, "processledare");
	assert_string_equal(role(m, "process_team")->name_sv, "processteam");
	assert_string_equal(role(m, "process_facilitator")->name_sv, "processhandledare");
	assert_string_equal(role(m, "process_facilitator")->kind, "facilitator");
	assert_string_equal(role(m, "model_steward")->name_sv, "modellansvarig");
}

static void test_install(void **state)
{
	char dir[] = "/tmp/kartla-presets-XXXXXX", url[128];
	struct ka_store *st = NULL;
	struct ka_diag diag;
	struct ka_rows r;
	int64_t id = 0, id2 = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", dir);
	ka_diag_init(&diag, NULL);
	assert_int_equal(ka_store_open(&st, url, &diag), 0);
	assert_int_equal(ka_store_migrate(st, &diag), 0);
	assert_int_equal(ka_store_begin(st), 0);
	assert_int_equal(ka_roles_preset_install(st, "municipality", NULL, &id, &diag), 0);
	assert_true(id > 0);
	assert_int_equal(ka_roles_preset_install(st, "municipality", NULL, &id2, &diag),
	                 KA_ERR_CONFLICT);
	assert_int_equal(ka_roles_preset_install(st, "municipality", "copy", &id2, &diag), 0);
	assert_int_equal(ka_roles_preset_install(st, "nope", NULL, &id2, &diag), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_store_commit(st), 0);
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(st, "SELECT COUNT(*) FROM roles WHERE scheme_id = ?",
	                               (struct ka_val[]){ka_int(id)}, 1, &r, &diag),
	                 0);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 5);
	/* the facilitator requires method, documentation and risk analysis; courses shared */
	assert_int_equal(ka_store_exec(st,
	                               "SELECT c.key FROM role_required_courses rc"
	                               " JOIN roles r ON r.id = rc.role_id"
	                               " JOIN courses c ON c.id = rc.course_id"
	                               " WHERE r.scheme_id = ? ORDER BY c.key",
	                               (struct ka_val[]){ka_int(id)}, 1, &r, &diag),
	                 0);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, "documentation");
	assert_string_equal(ka_rows_at(&r, 1, 0)->s, "method");
	assert_string_equal(ka_rows_at(&r, 2, 0)->s, "risk_analysis");
	assert_int_equal(ka_store_exec(st, "SELECT COUNT(*) FROM courses", NULL, 0, &r, &diag), 0);
	assert_int_equal(ka_rows_at(&r, 0, 0)->i, 3);
	ka_rows_release(&r);
	ka_store_close(st);
	{
		char path[160];

		snprintf(path, sizeof(path), "%s/t.db", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/t.db-wal", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/t.db-shm", dir);
		unlink(path);
		rmdir(dir);
	}
}

static void test_status_and_dates(void **state)
{
	(void)state;
	assert_true(ka_assignment_transition_ok("planned", "ongoing"));
	assert_true(ka_assignment_transition_ok("ongoing", "analysed"));
	assert_true(ka_assignment_transition_ok("analysed", "documented"));
	assert_true(ka_assignment_transition_ok("documented", "closed"));
	assert_true(ka_assignment_transition_ok("analysed", "ongoing"));
	assert_false(ka_assignment_transition_ok("planned", "analysed"));
	assert_false(ka_assignment_transition_ok("closed", "documented"));
	assert_false(ka_assignment_transition_ok("planned", "planned"));
	assert_false(ka_assignment_transition_ok("planned", "bogus"));
	assert_true(ka_date_valid("2024-02-29"));
	assert_false(ka_date_valid("2023-02-29"));
	assert_false(ka_date_valid("2024-13-01"));
	assert_false(ka_date_valid("2024-1-01"));
	assert_false(ka_date_valid("'; DROP"));
}

static void test_forms(void **state)
{
	char field[200], msg[300];
	json_t *ok = json_loads("{\"indicators\":[{\"name\":\"Lead time\",\"target\":\"10 d\","
	                        "\"frequency\":\"monthly\",\"traffic_light\":\"green\"}]}",
	                        0, NULL);
	json_t *bad = json_loads("{\"indicators\":[{\"name\":\"x\"},{\"name\":\"y\","
	                         "\"traffic_light\":\"blue\"}]}",
	                         0, NULL);
	json_t *unknown = json_loads("{\"nope\":1}", 0, NULL);
	json_t *s;

	(void)state;
	assert_int_equal(
	    ka_form_validate("followup_plan", ok, field, sizeof(field), msg, sizeof(msg)), 0);
	assert_int_equal(
	    ka_form_validate("followup_plan", bad, field, sizeof(field), msg, sizeof(msg)),
	    KA_ERR_INVALID);
	assert_string_equal(field, "indicators[1].traffic_light");
	assert_int_equal(
	    ka_form_validate("activity_plan", unknown, field, sizeof(field), msg, sizeof(msg)),
	    KA_ERR_INVALID);
	assert_string_equal(field, "nope");
	s = ka_form_schema("mapping_assignment");
	assert_non_null(s);
	assert_non_null(json_object_get(json_object_get(s, "properties"), "ordering_owner"));
	json_decref(s);
	assert_null(ka_form_schema("nope"));
	json_decref(ok);
	json_decref(bad);
	json_decref(unknown);
}

static void test_markdown(void **state)
{
	struct ka_buf b;
	char slug[32];

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_handbook_html("# T\n\n<script>x()</script>\n\n[a](javascript:x())\n"
	                                  "<img src=x onerror=alert(1)>",
	                                  &b),
	                 0);
	assert_null(strstr(b.data, "<script"));
	assert_null(strstr(b.data, "javascript:"));
	assert_null(strstr(b.data, "onerror"));
	assert_non_null(strstr(b.data, "<h1>T</h1>"));
	ka_buf_release(&b);
	ka_handbook_slugify(slug, sizeof(slug), "Metodhåndbok: Risiko & Tid");
	assert_string_equal(slug, "metodhåndbok-risiko-tid");
	ka_handbook_slugify(slug, sizeof(slug), "!!!");
	assert_string_equal(slug, "page");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_presets),          cmocka_unit_test(test_install),
	    cmocka_unit_test(test_status_and_dates), cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_markdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
