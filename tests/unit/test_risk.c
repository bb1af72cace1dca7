/*
 * Unit tests for the risk module (lib/risk_scale.c, lib/risk_render.c,
 * lib/risk_store.c): the presets of domain.md §4, scale validation with the
 * path of the bad value, R = L x C with the colour boundaries of both
 * presets, acceptance, matrix counts, the SVG heat map (well-formed XML with
 * counts per cell), the internal-control plan (red risks only, per unit,
 * CSV quoting, HTML escaping), and scales and orphans in a real database.
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

#include "kartla/risk.h"
#include "kartla/schema.h"
#include "kartla/store.h"
#include "kartla/xml.h"

static void test_presets(void **state)
{
	struct ka_risk_scale s;
	const char *const *keys;
	size_t n;

	(void)state;
	keys = ka_risk_preset_keys(&n);
	assert_int_equal(n, 2);
	assert_string_equal(keys[0], "se4");
	assert_string_equal(keys[1], "no5");
	assert_int_equal(ka_risk_preset("us10", &s), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_risk_preset(NULL, &s), KA_ERR_NOT_FOUND);

	/* Swedish 4x4: green 1-3, yellow 4-8, red 9-16 */
	assert_int_equal(ka_risk_preset("se4", &s), 0);
	assert_int_equal(s.size, 4);
	assert_int_equal(ka_risk_colour_of(&s, 3), KA_RISK_GREEN);
	assert_int_equal(ka_risk_colour_of(&s, 4), KA_RISK_YELLOW);
	assert_int_equal(ka_risk_colour_of(&s, 8), KA_RISK_YELLOW);
	assert_int_equal(ka_risk_colour_of(&s, 9), KA_RISK_RED);
	assert_int_equal(ka_risk_colour_of(&s, 16), KA_RISK_RED);
	assert_string_equal(ka_risk_label(&s.consequence[3], "sv"), "Allvarlig");
	assert_int_equal(ka_risk_value(&s, 4, 4), 16);
	assert_int_equal(ka_risk_value(&s, 5, 1), 0);
	assert_int_equal(ka_risk_value(&s, 0, 3), 0);

	/* Norwegian 5x5: green 1-4, yellow 5-12, red 15-25; red needs an action */
	assert_int_equal(ka_risk_preset("no5", &s), 0);
	assert_int_equal(s.size, 5);
	assert_int_equal(ka_risk_colour_of(&s, 4), KA_RISK_GREEN);
	assert_int_equal(ka_risk_colour_of(&s, 5), KA_RISK_YELLOW);
	assert_int_equal(ka_risk_colour_of(&s, 12), KA_RISK_YELLOW);
	assert_int_equal(ka_risk_colour_of(&s, 15), KA_RISK_RED);
	assert_int_equal(ka_risk_acceptance(&s, 15), KA_RISK_ACT);
	assert_int_equal(ka_risk_acceptance(&s, 2), KA_RISK_ACCEPT);
	assert_int_equal(ka_risk_value(&s, 5, 5), 25);
	assert_string_equal(ka_risk_label(&s.likelihood[0], "nb"), "Svært lite sannsynlig");
	assert_string_equal(ka_risk_label(&s.likelihood[0], "de"), "Very unlikely");
	assert_true(ka_risk_level_ok(&s, 5));
	assert_false(ka_risk_level_ok(&s, 6));
	assert_string_equal(ka_risk_colour_name(KA_RISK_YELLOW), "yellow");
	assert_int_equal(ka_risk_colour_parse("red"), KA_RISK_RED);
	assert_int_equal(ka_risk_colour_parse("Red"), -1);
	assert_int_equal(ka_risk_accept_parse("consider"), KA_RISK_CONSIDER);
	assert_int_equal(ka_risk_accept_parse(NULL), -1);
}

/* Validates `text` (JSON) and expects failure at `field`, or success when field is NULL. */
static void expect_scale(const char *text, const char *field)
{
	json_t *j = json_loads(text, 0, NULL);
	struct ka_risk_scale s;
	char f[160], msg[300];
	int err;

	assert_non_null(j);
	err = ka_risk_scale_from_json(j, &s, f, sizeof(f), msg, sizeof(msg));
	json_decref(j);
	if (!field) {
		assert_int_equal(err, 0);
		return;
	}
	if (err != KA_ERR_INVALID || strcmp(f, field))
		fail_msg("%s: expected failure at '%s', got %d at '%s' (%s)", text, field, err, f,
		         msg);
	assert_true(strlen(msg) > 0);
}

#define L3                                                                                         \
	"[{\"nb\":\"a\",\"sv\":\"b\",\"en\":\"c\"},{\"nb\":\"a\",\"sv\":\"b\",\"en\":\"c\"},"      \
	"{\"nb\":\"a\",\"sv\":\"b\",\"en\":\"c\"}]"
#define OK_ACC "\"acceptance\":{\"green\":\"accept\",\"yellow\":\"consider\",\"red\":\"act\"}"

static void test_scale_json(void **state)
{
	struct ka_risk_scale s, back;
	char f[160], msg[300];
	json_t *j;

	(void)state;
	/* a round trip of both presets */
	assert_int_equal(ka_risk_preset("no5", &s), 0);
	j = ka_risk_scale_to_json(&s);
	assert_int_equal(ka_risk_scale_from_json(j, &back, f, sizeof(f), msg, sizeof(msg)), 0);
	json_decref(j);
	assert_memory_equal(&s, &back, sizeof(s));

	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":3,\"red\":6}," OK_ACC "}",
	             NULL);
	expect_scale("[]", "");
	expect_scale("{\"size\":7}", "size");
	expect_scale("{\"size\":2}", "size");
	expect_scale("{\"size\":\"3\"}", "size");
	expect_scale("{\"size\":3,\"colour\":1}", "colour");
	expect_scale("{\"size\":4,\"likelihood\":" L3 "}", "likelihood");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":[{\"nb\":\"a\",\"sv\":"
	             "\"b\",\"en\":\"c\"},{\"nb\":\"a\",\"sv\":\" \",\"en\":\"c\"},{}]}",
	             "consequence[1].sv");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":1,\"red\":6}," OK_ACC "}",
	             "thresholds.yellow");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":5,\"red\":5}," OK_ACC "}",
	             "thresholds.red");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":5,\"red\":10}," OK_ACC "}",
	             "thresholds.red");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":3,\"red\":6,\"orange\":4}," OK_ACC "}",
	             "thresholds.orange");
	expect_scale(
	    "{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	    ",\"thresholds\":{\"yellow\":3,\"red\":6},\"acceptance\":{\"green\":\"accept\","
	    "\"yellow\":\"consider\",\"red\":\"maybe\"}}",
	    "acceptance.red");
	expect_scale("{\"size\":3,\"likelihood\":" L3 ",\"consequence\":" L3
	             ",\"thresholds\":{\"yellow\":3,\"red\":6},\"acceptance\":{\"green\":\"act\","
	             "\"yellow\":\"consider\",\"red\":\"accept\"}}",
	             "acceptance");
	expect_scale("{\"key\":\"\",\"size\":3}", "key");
}

static void test_matrix(void **state)
{
	struct ka_risk_scale s;
	struct ka_risk_matrix m;
	struct ka_xml_limits lim;
	struct ka_xml_doc doc;
	struct ka_diag d;
	struct ka_buf b;
	json_t *j;

	(void)state;
	ka_risk_preset("se4", &s);
	ka_risk_matrix_init(&m, 4);
	assert_int_equal(ka_risk_matrix_add(&m, false, 3, 3), 0);
	assert_int_equal(ka_risk_matrix_add(&m, false, 3, 3), 0);
	assert_int_equal(ka_risk_matrix_add(&m, true, 1, 2), 0);
	assert_int_equal(ka_risk_matrix_add(&m, false, 5, 1), KA_ERR_INVALID);
	assert_int_equal(ka_risk_matrix_add(&m, true, 1, 0), KA_ERR_INVALID);
	m.other_inherent = 1;
	assert_int_equal(m.n_inherent, 2);
	assert_int_equal(m.n_residual, 1);
	j = ka_risk_matrix_json(&s, &m);
	assert_int_equal(
	    json_integer_value(json_array_get(
	        json_array_get(json_object_get(json_object_get(j, "inherent"), "cells"), 2), 2)),
	    2);
	assert_string_equal(
	    json_string_value(json_array_get(json_array_get(json_object_get(j, "colours"), 2), 2)),
	    "red");
	json_decref(j);

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_risk_matrix_svg(&s, &m, "nb", &b), 0);
	assert_non_null(strstr(b.data, "data-l=\"3\" data-c=\"3\" data-count=\"2\""));
	assert_non_null(strstr(b.data, "data-l=\"1\" data-c=\"2\" data-count=\"0\""));
	assert_non_null(strstr(b.data, "Iboende risiko (2)"));
	assert_non_null(strstr(b.data, "Restrisiko (1)"));
	assert_non_null(strstr(b.data, "1 vurdering(er) på en tidligere skala"));
	/* a well-formed document */
	ka_xml_limits_default(&lim);
	ka_xml_doc_init(&doc);
	assert_int_equal(ka_xml_parse(&doc, b.data, b.len, &lim, &d), 0);
	ka_xml_doc_release(&doc);
	/* a matrix of another size than the scale is refused */
	ka_risk_matrix_init(&m, 5);
	assert_int_equal(ka_risk_matrix_svg(&s, &m, "en", &b), KA_ERR_USAGE);
	ka_buf_release(&b);
}

static json_t *risk(int id, const char *title, const char *colour, int value, json_t *unit_id,
                    const char *unit, json_t *actions)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i, s:s}, s:o, s:s, s:o}", "id",
	                 id, "title", title, "process", "Bygglov", "element_id", "T1", "inherent",
	                 "colour", colour, "value", value, "likelihood", 1, "consequence", value,
	                 "scale", "no5", "effective_unit_id", unit_id, "effective_unit", unit,
	                 "actions", actions);
}

static void test_plan(void **state)
{
	json_t *risks = json_array(), *plan, *units;
	struct ka_buf b;

	(void)state;
	json_array_append_new(risks,
	                      risk(1, "Green one", "green", 2, json_null(), "", json_array()));
	json_array_append_new(
	    risks, risk(2, "Lost, \"really\" lost", "red", 16, json_integer(7), "Økonomi",
	                json_pack("[{s:i, s:s, s:s, s:s, s:s, s:f, s:b}]", "id", 9, "title",
	                          "Scan <twice>", "responsible", "Kari", "due_date", "2020-01-01",
	                          "status", "planned", "cost", 12.5, "overdue", 1)));
	json_array_append_new(
	    risks, risk(3, "Fee wrong", "red", 20, json_integer(7), "Økonomi", json_array()));
	json_array_append_new(risks, risk(4, "No unit", "red", 15, json_null(), "", json_array()));
	plan = ka_risk_plan(risks);
	json_decref(risks);
	assert_int_equal(json_integer_value(json_object_get(plan, "risks")), 3);
	assert_int_equal(json_integer_value(json_object_get(plan, "actions")), 1);
	units = json_object_get(plan, "units");
	assert_int_equal(json_array_size(units), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(units, 0), "unit")),
	                    "");
	/* inside a unit: highest R first */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(json_array_get(units, 1), "risks"), 0), "title")),
	    "Fee wrong");

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_risk_plan_csv(plan, &b), 0);
	assert_non_null(strstr(b.data,
	                       "\r\nØkonomi,Bygglov,2,\"Lost, \"\"really\"\" lost\",T1,,1,16,"
	                       "16,no5,,9,Scan <twice>,Kari,2020-01-01,planned,12.50,yes\r\n"));
	assert_non_null(
	    strstr(b.data, "\r\nØkonomi,Bygglov,3,Fee wrong,T1,,1,20,20,no5,,,,,,,,\r\n"));
	assert_null(strstr(b.data, "Green one"));
	/* formula injection: a leading = + - @ is quoted with a ' */
	ka_buf_reset(&b);
	ka_risk_csv_field(&b, "=HYPERLINK(\"x\")", false);
	ka_risk_csv_field(&b, "-2+3", false);
	ka_risk_csv_field(&b, "@SUM(A1)", false);
	ka_risk_csv_field(&b, "plain", true);
	assert_string_equal(b.data, "\"'=HYPERLINK(\"\"x\"\")\",\"'-2+3\",\"'@SUM(A1)\",plain\r\n");
	ka_buf_reset(&b);
	assert_int_equal(ka_risk_plan_html(plan, "sv", "Plan <2026>", &b), 0);
	assert_non_null(strstr(b.data, "<title>Plan &lt;2026&gt;</title>"));
	assert_non_null(strstr(b.data, "Scan &lt;twice&gt;"));
	assert_non_null(strstr(b.data, "Lost, &quot;really&quot; lost"));
	assert_non_null(strstr(b.data, "2020-01-01 (försenad)"));
	assert_non_null(strstr(b.data, "(ingen enhet)"));
	assert_non_null(strstr(b.data, "inga åtgärder ännu"));
	assert_null(strstr(b.data, "<twice>"));
	ka_buf_release(&b);
	json_decref(plan);
}

/* Scales and orphans against a real SQLite database. */
static void test_store(void **state)
{
	char dir[] = "/tmp/kartla-risk-XXXXXX", url[128];
	struct ka_risk_scales sc;
	struct ka_risk_filter f;
	struct ka_risk_scale se4;
	struct ka_store *st;
	struct ka_diag d;
	int64_t id, id2, vid;
	json_t *items;
	bool ok;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/k.db", dir);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	assert_int_equal(ka_store_migrate(st, &d), 0);
	assert_int_equal(ka_risk_scales_load(st, &sc, &d), 0);
	assert_int_equal(sc.n, 0);
	assert_int_equal(sc.current_id, 0);
	assert_string_equal(sc.current.key, "no5");
	ka_risk_scales_release(&sc);

	assert_int_equal(ka_store_begin(st), 0);
	assert_int_equal(ka_risk_scale_current_id(st, &id, &d), 0); /* stores the default */
	assert_int_equal(ka_risk_scale_current_id(st, &id2, &d), 0);
	assert_int_equal(id, id2);
	ka_risk_preset("se4", &se4);
	assert_int_equal(ka_risk_scale_insert(st, &se4, 0, &id2, &d), 0);
	assert_true(id2 > id);
	assert_int_equal(
	    ka_store_exec(st, "INSERT INTO processes (id, type, name_en) VALUES (1, 'core', 'P')",
	                  NULL, 0, NULL, &d),
	    0);
	assert_int_equal(ka_store_exec(st,
	                               "INSERT INTO map_versions (id, process_id, variant, number,"
	                               " state, bpmn) VALUES (10, 1, 'as_is', 1, 'approved', '')",
	                               NULL, 0, NULL, &d),
	                 0);
	assert_int_equal(
	    ka_store_exec(st,
	                  "INSERT INTO map_elements (version_id, element_id, type, name)"
	                  " VALUES (10, 'T1', 'userTask', 'Register')",
	                  NULL, 0, NULL, &d),
	    0);
	assert_int_equal(
	    ka_store_exec(st,
	                  "INSERT INTO risks (process_id, element_id, title, scale_id,"
	                  " likelihood, impact) VALUES (1, 'T1', 'on T1', ?, 5, 5),"
	                  " (1, 'T9', 'on T9', ?, 3, 3), (1, NULL, 'whole', NULL, NULL,"
	                  " NULL)",
	                  (struct ka_val[]){ka_int(id), ka_int(id2)}, 2, NULL, &d),
	    0);
	assert_int_equal(ka_store_commit(st), 0);

	assert_int_equal(ka_risk_map_version(st, 1, &vid, &d), 0);
	assert_int_equal(vid, 10);
	assert_int_equal(ka_risk_element_exists(st, vid, "T1", &ok, &d), 0);
	assert_true(ok);
	assert_int_equal(ka_risk_element_exists(st, vid, "T9", &ok, &d), 0);
	assert_false(ok);
	assert_int_equal(ka_risk_map_version(st, 2, &vid, &d), 0);
	assert_int_equal(vid, 0);

	assert_int_equal(ka_risk_scales_load(st, &sc, &d), 0);
	assert_int_equal(sc.n, 2);
	assert_int_equal(sc.current_id, id2);
	assert_string_equal(sc.current.key, "se4");
	ka_risk_filter_init(&f);
	f.sort = "-value";
	assert_int_equal(ka_risk_query(st, &sc, &f, "2026-01-01", &items, &d), 0);
	assert_int_equal(json_array_size(items), 3);
	{
		json_t *a = json_array_get(items, 0), *b = json_array_get(items, 1);
		struct ka_risk_matrix m;

		/* 25 on no5 (red, not the current scale), then 9 on se4 (red) */
		assert_string_equal(json_string_value(json_object_get(a, "title")), "on T1");
		assert_false(json_is_true(json_object_get(a, "orphan")));
		assert_string_equal(json_string_value(json_object_get(a, "element_name")),
		                    "Register");
		assert_false(
		    json_is_true(json_object_get(json_object_get(a, "inherent"), "current_scale")));
		assert_string_equal(json_string_value(json_object_get(b, "title")), "on T9");
		assert_true(json_is_true(json_object_get(b, "orphan")));
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(b, "inherent"), "colour")),
		    "red");
		ka_risk_matrix_of(&sc, items, &m);
		assert_int_equal(m.size, 4);
		assert_int_equal(m.inherent[2][2], 1);
		assert_int_equal(m.other_inherent, 1);
		assert_int_equal(m.unscored, 1);
	}
	json_decref(items);
	f.orphan = 1;
	assert_int_equal(ka_risk_query(st, &sc, &f, "2026-01-01", &items, &d), 0);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	ka_risk_scales_release(&sc);
	assert_true(ka_risk_sort_ok("-review_date"));
	assert_false(ka_risk_sort_ok("owner"));
	ka_store_close(st);
	{
		char path[160];

		snprintf(path, sizeof(path), "%s/k.db", dir);
		unlink(path);
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_presets), cmocka_unit_test(test_scale_json),
	    cmocka_unit_test(test_matrix),  cmocka_unit_test(test_plan),
	    cmocka_unit_test(test_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
