/* Unit tests of lib/portfolio_diff.c (and the outline, spec and review rules). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kartla/bpmn.h"
#include "kartla/portfolio.h"

#define HEAD                                                                                       \
	"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "            \
	"xmlns:kartla=\"urn:kartla:bpmn:1.0\" id=\"D\" targetNamespace=\"urn:t\">"                 \
	"<bpmn:process id=\"P\"><bpmn:laneSet id=\"LS\">"

static const char *v1 =
    HEAD "<bpmn:lane id=\"L1\" name=\"Clerk\"><bpmn:flowNodeRef>S</bpmn:flowNodeRef>"
         "<bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef>"
         "<bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane>"
         "<bpmn:lane id=\"L2\" name=\"Expert\"/></bpmn:laneSet>"
         "<bpmn:startEvent id=\"S\"/><bpmn:task id=\"A\" name=\"Register case\">"
         "<bpmn:extensionElements><kartla:processTime value=\"PT10M\"/>"
         "</bpmn:extensionElements></bpmn:task>"
         "<bpmn:task id=\"B\" name=\"Assess case\"/><bpmn:endEvent id=\"E\"/>"
         "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"A\"/>"
         "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"A\" targetRef=\"B\"/>"
         "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"B\" targetRef=\"E\"/>"
         "</bpmn:process></bpmn:definitions>";

static const char *v2 =
    HEAD "<bpmn:lane id=\"L1\" name=\"Clerk\"><bpmn:flowNodeRef>S</bpmn:flowNodeRef>"
         "<bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane>"
         "<bpmn:lane id=\"L2\" name=\"Expert\"><bpmn:flowNodeRef>A</bpmn:flowNodeRef>"
         "<bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
         "<bpmn:startEvent id=\"S\"/><bpmn:task id=\"A\" name=\"Register the case\">"
         "<bpmn:extensionElements><kartla:processTime value=\"PT5M\"/>"
         "<kartla:waitTime value=\"P1D\"/></bpmn:extensionElements></bpmn:task>"
         "<bpmn:task id=\"C\" name=\"Decide case\"/><bpmn:endEvent id=\"E\"/>"
         "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"A\"/>"
         "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"A\" targetRef=\"C\"/>"
         "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"C\" targetRef=\"E\"/>"
         "</bpmn:process></bpmn:definitions>";

static struct ka_map *load(const char *s)
{
	struct ka_map *m = NULL;
	struct ka_diag d;

	ka_diag_init(&d, "t.bpmn");
	assert_int_equal(ka_bpmn_read(&m, s, strlen(s), "t.bpmn", NULL, &d), 0);
	return m;
}

static const char *str_at(json_t *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(arr, i), key));
}

static void test_map_diff(void **state)
{
	struct ka_map *a = load(v1), *b = load(v2);
	json_t *d = ka_map_diff(a, b), *t;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(d, "added")), 1);
	assert_string_equal(str_at(json_object_get(d, "added"), 0, "id"), "C");
	assert_int_equal(json_array_size(json_object_get(d, "removed")), 1);
	assert_string_equal(str_at(json_object_get(d, "removed"), 0, "id"), "B");
	assert_int_equal(json_array_size(json_object_get(d, "renamed")), 1);
	assert_string_equal(str_at(json_object_get(d, "renamed"), 0, "to"), "Register the case");
	assert_int_equal(json_array_size(json_object_get(d, "moved")), 1);
	assert_string_equal(str_at(json_object_get(d, "moved"), 0, "from_lane"), "Clerk");
	assert_string_equal(str_at(json_object_get(d, "moved"), 0, "to_lane"), "Expert");
	t = json_object_get(d, "times");
	assert_int_equal(json_array_size(t), 2);
	assert_string_equal(str_at(t, 0, "field"), "process_time");
	assert_true(json_real_value(json_object_get(json_array_get(t, 0), "from")) == 600.0);
	assert_true(json_real_value(json_object_get(json_array_get(t, 0), "to")) == 300.0);
	assert_string_equal(str_at(t, 1, "field"), "wait_time");
	assert_true(json_is_null(json_object_get(json_array_get(t, 1), "from")));
	json_decref(d);
	/* identical maps: nothing; NULL side: everything added */
	d = ka_map_diff(a, a);
	assert_int_equal(json_array_size(json_object_get(d, "added")) +
	                     json_array_size(json_object_get(d, "removed")) +
	                     json_array_size(json_object_get(d, "renamed")) +
	                     json_array_size(json_object_get(d, "moved")) +
	                     json_array_size(json_object_get(d, "times")),
	                 0);
	json_decref(d);
	d = ka_map_diff(NULL, b);
	assert_true(json_array_size(json_object_get(d, "added")) >= 4);
	json_decref(d);
	ka_map_free(a);
	ka_map_free(b);
}

/* A name typed in Swedish over an English map changes the sv translation only: still a rename. */
#define I18N_HEAD                                                                                  \
	"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "            \
	"xmlns:i18n=\"http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0\" "           \
	"id=\"D\" targetNamespace=\"urn:t\"><bpmn:process id=\"P\">"                               \
	"<bpmn:task id=\"A\" name=\"Register case\"><bpmn:extensionElements>"                      \
	"<i18n:translation xml:lang=\"nb\">Registrere sak</i18n:translation>"

static void test_map_diff_translation(void **state)
{
	struct ka_map *a = load(I18N_HEAD "<i18n:translation xml:lang=\"sv\">Registrera ärende"
	                                  "</i18n:translation></bpmn:extensionElements></bpmn:task>"
	                                  "</bpmn:process></bpmn:definitions>");
	struct ka_map *b = load(I18N_HEAD "<i18n:translation xml:lang=\"sv\">Registrera ärendet"
	                                  "</i18n:translation></bpmn:extensionElements></bpmn:task>"
	                                  "</bpmn:process></bpmn:definitions>");
	json_t *d = ka_map_diff(a, b), *r = json_object_get(d, "renamed");

	(void)state;
	assert_int_equal(json_array_size(r), 1);
	assert_string_equal(str_at(r, 0, "id"), "A");
	assert_string_equal(str_at(r, 0, "lang"), "sv");
	assert_string_equal(str_at(r, 0, "from"), "Registrera ärende");
	assert_string_equal(str_at(r, 0, "to"), "Registrera ärendet");
	json_decref(d);
	ka_map_free(a);
	ka_map_free(b);
}

static void test_spec_diff(void **state)
{
	json_t *a = json_pack("{s:s, s:[s]}", "purpose", "Old", "inputs", "Form");
	json_t *b =
	    json_pack("{s:s, s:[s], s:s}", "purpose", "New", "inputs", "Form", "trigger", "T");
	json_t *d = ka_spec_diff(a, b);

	(void)state;
	assert_int_equal(json_array_size(d), 2);
	assert_string_equal(str_at(d, 0, "field"), "purpose");
	assert_string_equal(str_at(d, 1, "field"), "trigger");
	assert_true(json_is_null(json_object_get(json_array_get(d, 1), "from")));
	json_decref(d);
	d = ka_spec_diff(NULL, NULL);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	json_decref(a);
	json_decref(b);
}

static void test_spec_validate(void **state)
{
	struct ka_diag d;
	json_t *ok =
	    json_pack("{s:s, s:[{s:s}]}", "purpose", "x", "indicators", "name", "Lead time");
	json_t *bad = json_pack("{s:s}", "colour", "red");

	(void)state;
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_spec_validate(ok, &d), 0);
	assert_int_equal(ka_spec_validate(bad, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "specification.colour");
	json_decref(ok);
	json_decref(bad);
}

static void test_outline_and_review(void **state)
{
	const struct ka_outline_in in[] = {{1, 0, 2}, {2, 0, 1}, {3, 1, 5}, {4, 1, 5},
	                                   {5, 3, 0}, {6, 7, 9}, {7, 6, 9}};
	char out[7][KA_OUTLINE_MAX];
	int64_t left;

	(void)state;
	ka_outline_compute(in, 7, out);
	assert_string_equal(out[1], "1");
	assert_string_equal(out[0], "2");
	assert_string_equal(out[2], "2.1");
	assert_string_equal(out[3], "2.2");
	assert_string_equal(out[4], "2.1.1");
	assert_string_equal(out[5], "3");
	assert_string_equal(out[6], "4");
	assert_true(ka_outline_cmp("2.10", "2.9") > 0);
	assert_true(ka_outline_cmp("2", "2.1") < 0);
	assert_string_equal(ka_review_light("2026-01-01", 100, "2026-01-05", &left), "red");
	assert_true(left < 0);
	assert_string_equal(ka_review_light("2026-01-10", 100, "2026-01-01", NULL), "yellow");
	assert_string_equal(ka_review_light("2026-03-01", 100, "2026-01-01", NULL), "green");
	assert_null(ka_review_light("2026-02-31", 100, "2026-01-01", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_map_diff),           cmocka_unit_test(test_map_diff_translation),
	    cmocka_unit_test(test_spec_diff),          cmocka_unit_test(test_spec_validate),
	    cmocka_unit_test(test_outline_and_review),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
