/* Unit tests for lib/map_json.c: the model as JSON (docs/json.md, format version 1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kartla/bpmn.h"
#include "kartla/map_json.h"

/* clang-format off */
static const char MAP[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
"    xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\"\n"
"    xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\"\n"
"    xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\"\n"
"    xmlns:kartla=\"urn:kartla:bpmn:1.0\"\n"
"    xmlns:i18n=\"http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0\"\n"
"    xmlns:color=\"http://www.omg.org/spec/BPMN/non-normative/color/1.0\"\n"
"    xmlns:x=\"urn:x\" id=\"defs\" targetNamespace=\"urn:t\">\n"
"  <collaboration id=\"c\">\n"
"    <participant id=\"pool\" name=\"S\xC3\xB8knad\" processRef=\"p\"/>\n"
"  </collaboration>\n"
"  <process id=\"p\">\n"
"    <documentation>not an element of the model</documentation>\n"
"    <laneSet id=\"ls\">\n"
"      <lane id=\"l1\"><flowNodeRef>t</flowNodeRef><flowNodeRef>s</flowNodeRef></lane>\n"
"      <lane id=\"l2\"><flowNodeRef>t</flowNodeRef></lane>\n"
"    </laneSet>\n"
"    <startEvent id=\"s\"/>\n"
"    <userTask id=\"t\" name=\"Decide &quot;now&quot;\" color:background-color=\"#fff\">\n"
"      <extensionElements>\n"
"        <x:whatever/>\n"
"        <i18n:translation xml:lang=\"nb\">Bestem</i18n:translation>\n"
"        <kartla:processTime min=\"PT1M\" mostLikely=\"PT2M\" max=\"PT4M\"/>\n"
"        <kartla:waitTime value=\"PT30S\"/>\n"
"        <kartla:completeAccurate percent=\"95.5\"/>\n"
"        <kartla:valueAdding value=\"false\"/>\n"
"        <kartla:raci><kartla:responsibility role=\"Clerk\" lane=\"l1\" value=\"C\"/></kartla:raci>\n"
"      </extensionElements>\n"
"    </userTask>\n"
"    <boundaryEvent id=\"b\" attachedToRef=\"t\"><errorEventDefinition/><signalEventDefinition/></boundaryEvent>\n"
"    <parallelGateway id=\"g\" default=\"f2\"/>\n"
"    <subProcess id=\"sp\" triggeredByEvent=\"true\"><endEvent id=\"e\"/></subProcess>\n"
"    <sequenceFlow id=\"f1\" sourceRef=\"s\" targetRef=\"t\"/>\n"
"    <sequenceFlow id=\"f2\" sourceRef=\"t\" targetRef=\"g\">\n"
"      <extensionElements><kartla:probability value=\"0.5\"/></extensionElements>\n"
"      <conditionExpression>x</conditionExpression>\n"
"    </sequenceFlow>\n"
"  </process>\n"
"  <bpmndi:BPMNDiagram id=\"d\">\n"
"    <bpmndi:BPMNPlane id=\"pl\" bpmnElement=\"c\">\n"
"      <bpmndi:BPMNShape id=\"pool_di\" bpmnElement=\"pool\" isHorizontal=\"true\">\n"
"        <dc:Bounds x=\"1\" y=\"2\" width=\"300\" height=\"200.5\"/>\n"
"      </bpmndi:BPMNShape>\n"
"      <bpmndi:BPMNShape id=\"sp_di\" bpmnElement=\"sp\" isExpanded=\"true\">\n"
"        <dc:Bounds x=\"10\" y=\"20\" width=\"30\" height=\"40\"/>\n"
"        <bpmndi:BPMNLabel><dc:Bounds x=\"5\" y=\"6\" width=\"7\" height=\"8\"/></bpmndi:BPMNLabel>\n"
"      </bpmndi:BPMNShape>\n"
"      <bpmndi:BPMNEdge id=\"f1_di\" bpmnElement=\"f1\">\n"
"        <di:waypoint x=\"0\" y=\"0\"/><di:waypoint x=\"10.25\" y=\"-3\"/>\n"
"      </bpmndi:BPMNEdge>\n"
"    </bpmndi:BPMNPlane>\n"
"  </bpmndi:BPMNDiagram>\n"
"</definitions>\n";
/* clang-format on */

struct fixture {
	struct ka_map *m;
	struct ka_buf text;
	json_t *root;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ka_diag d;
	json_error_t jerr;

	ka_diag_init(&d, "m.bpmn");
	if (ka_bpmn_read(&f->m, MAP, strlen(MAP), "m.bpmn", NULL, &d)) {
		print_error("fixture does not read: %lu:%lu %s\n", d.line, d.column, d.message);
		return -1;
	}
	ka_buf_init(&f->text, KA_BUF_UNLIMITED);
	if (ka_map_json_write(f->m, &f->text))
		return -1;
	f->root = json_loads(f->text.data, JSON_REJECT_DUPLICATES, &jerr);
	if (!f->root) {
		print_error("invalid JSON: %s at line %d\n", jerr.text, jerr.line);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	json_decref(f->root);
	ka_buf_release(&f->text);
	ka_map_free(f->m);
	free(f);
	return 0;
}

/* The element object with this id. */
static json_t *el(struct fixture *f, const char *id)
{
	json_t *els = json_object_get(f->root, "elements");
	size_t i;

	for (i = 0; i < json_array_size(els); i++) {
		json_t *e = json_array_get(els, i);

		if (json_is_string(json_object_get(e, "id")) &&
		    !strcmp(json_string_value(json_object_get(e, "id")), id))
			return e;
	}
	print_error("no element '%s' in the JSON\n", id);
	fail();
	return NULL;
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v)) {
		print_error("member '%s' is not a string\n", key);
		fail();
	}
	return json_string_value(v);
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* The keys of an object, space-separated, in order. */
static void assert_keys(json_t *o, const char *want)
{
	char got[1024] = "";
	const char *key;
	json_t *v;
	int n = 0;

	json_object_foreach(o, key, v)
	{
		(void)v;
		if (n++)
			strncat(got, " ", sizeof(got) - strlen(got) - 1);
		strncat(got, key, sizeof(got) - strlen(got) - 1);
	}
	assert_string_equal(got, want);
}

static void assert_id_array(json_t *a, const char *want)
{
	char got[1024] = "";
	size_t i;

	assert_true(json_is_array(a));
	for (i = 0; i < json_array_size(a); i++) {
		if (got[0])
			strncat(got, " ", sizeof(got) - strlen(got) - 1);
		strncat(got, json_string_value(json_array_get(a, i)),
		        sizeof(got) - strlen(got) - 1);
	}
	assert_string_equal(got, want);
}

static void test_document(void **state)
{
	struct fixture *f = *state;
	json_t *ns = json_object_get(f->root, "namespaces");

	assert_keys(f->root, "format version namespaces processes participants diagrams elements");
	assert_string_equal(str(f->root, "format"), "kartla-map");
	assert_true(json_is_integer(json_object_get(f->root, "version")));
	assert_int_equal(json_integer_value(json_object_get(f->root, "version")), 1);
	assert_keys(ns, " bpmndi dc di kartla i18n color x");
	assert_string_equal(str(ns, ""), "http://www.omg.org/spec/BPMN/20100524/MODEL");
	assert_string_equal(str(ns, "kartla"), "urn:kartla:bpmn:1.0");
	assert_id_array(json_object_get(f->root, "processes"), "p");
	assert_id_array(json_object_get(f->root, "participants"), "pool");
	assert_id_array(json_object_get(f->root, "diagrams"), "d");
}

static void test_which_elements(void **state)
{
	struct fixture *f = *state;
	json_t *els = json_object_get(f->root, "elements");
	char types[2048] = "";
	size_t i;

	for (i = 0; i < json_array_size(els); i++) {
		strncat(types, str(json_array_get(els, i), "type"),
		        sizeof(types) - strlen(types) - 1);
		strncat(types, " ", sizeof(types) - strlen(types) - 1);
	}
	/* Document order; no documentation, extensionElements, flowNodeRef, conditionExpression,
	 * geometry or foreign elements. */
	assert_string_equal(types,
	                    "definitions collaboration participant process laneSet lane lane "
	                    "startEvent userTask boundaryEvent errorEventDefinition "
	                    "signalEventDefinition parallelGateway subProcess endEvent "
	                    "sequenceFlow sequenceFlow BPMNDiagram BPMNPlane BPMNShape "
	                    "BPMNShape BPMNLabel BPMNEdge ");
	assert_int_equal(json_array_size(els), f->m->els.n);
	assert_keys(json_array_get(els, 0), "id type kind attributes");
	assert_true(json_is_null(json_object_get(json_array_get(els, 10), "id")));
	assert_string_equal(str(json_array_get(els, 10), "kind"), "event definition");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(els, 10), "parent")), 9);
}

static void test_element_members(void **state)
{
	struct fixture *f = *state;
	json_t *t = el(f, "t"), *b = el(f, "b"), *e;

	/* Member order as documented, only those that apply. */
	assert_keys(t, "id type kind name parent container process participant lane laneCount "
	               "incoming outgoing labels kartla attributes");
	assert_string_equal(str(t, "type"), "userTask");
	assert_string_equal(str(t, "kind"), "task");
	assert_string_equal(str(t, "name"), "Decide \"now\"");
	assert_int_equal(json_integer_value(json_object_get(t, "parent")), 3);
	assert_string_equal(str(t, "container"), "p");
	assert_string_equal(str(t, "process"), "p");
	assert_string_equal(str(t, "participant"), "pool");
	assert_string_equal(str(t, "lane"), "l1");
	assert_int_equal(json_integer_value(json_object_get(t, "laneCount")), 2);
	assert_id_array(json_object_get(t, "incoming"), "f1");
	assert_id_array(json_object_get(t, "outgoing"), "f2");
	assert_string_equal(str(json_object_get(t, "labels"), "nb"), "Bestem");

	assert_string_equal(str(b, "attachedTo"), "t");
	assert_true(json_is_true(json_object_get(b, "cancelActivity")));
	assert_true(json_is_true(json_object_get(b, "multiple")));
	assert_id_array(json_object_get(b, "eventDefinitions"), "error signal");
	/* A none event still lists its (empty) event definitions. */
	assert_int_equal(json_array_size(json_object_get(el(f, "s"), "eventDefinitions")), 0);
	assert_null(json_object_get(el(f, "s"), "multiple"));
	assert_null(json_object_get(el(f, "s"), "cancelActivity"));

	e = el(f, "g");
	assert_string_equal(str(e, "gateway"), "parallel");
	assert_string_equal(str(e, "default"), "f2");
	assert_id_array(json_object_get(e, "incoming"), "f2");
	e = el(f, "f2");
	assert_string_equal(str(e, "source"), "t");
	assert_string_equal(str(e, "target"), "g");
	assert_true(json_is_true(json_object_get(e, "conditional")));
	assert_null(json_object_get(el(f, "f1"), "conditional"));
	assert_true(json_is_true(json_object_get(el(f, "sp"), "triggeredByEvent")));
	assert_string_equal(str(el(f, "e"), "container"), "sp");
	assert_string_equal(str(el(f, "e"), "process"), "p");
	assert_string_equal(str(el(f, "pool"), "ref"), "p");
	assert_string_equal(str(el(f, "pool"), "name"), "S\xC3\xB8knad");
	assert_string_equal(str(el(f, "p"), "participant"), "pool");
	assert_null(json_object_get(el(f, "ls"), "lane"));
}

static void test_attributes(void **state)
{
	struct fixture *f = *state;
	json_t *a = json_object_get(el(f, "t"), "attributes");

	assert_keys(a, "id name {http://www.omg.org/spec/BPMN/non-normative/color/1.0}"
	               "background-color");
	assert_string_equal(str(a, "name"), "Decide \"now\"");
	assert_string_equal(
	    str(a, "{http://www.omg.org/spec/BPMN/non-normative/color/1.0}background-color"),
	    "#fff");
	assert_string_equal(str(json_object_get(el(f, "f1"), "attributes"), "sourceRef"), "s");
}

static void test_di(void **state)
{
	struct fixture *f = *state;
	json_t *pool = el(f, "pool_di"), *sp = el(f, "sp_di"), *edge = el(f, "f1_di"), *w;

	assert_string_equal(str(el(f, "pool"), "di"), "pool_di");
	assert_string_equal(str(pool, "ref"), "pool");
	assert_keys(json_object_get(pool, "bounds"), "x y width height");
	assert_true(num(json_object_get(pool, "bounds"), "x") == 1);
	assert_true(num(json_object_get(pool, "bounds"), "height") == 200.5);
	assert_true(json_is_true(json_object_get(pool, "isHorizontal")));
	assert_null(json_object_get(pool, "isExpanded"));
	assert_true(json_is_true(json_object_get(sp, "isExpanded")));
	assert_true(num(json_object_get(sp, "labelBounds"), "width") == 7);
	assert_null(json_object_get(pool, "labelBounds"));
	w = json_object_get(edge, "waypoints");
	assert_int_equal(json_array_size(w), 2);
	assert_true(json_number_value(json_array_get(json_array_get(w, 1), 0)) == 10.25);
	assert_true(json_number_value(json_array_get(json_array_get(w, 1), 1)) == -3);
	assert_string_equal(str(el(f, "f1"), "di"), "f1_di");
	assert_null(json_object_get(el(f, "f2"), "di"));
	assert_string_equal(str(el(f, "pl"), "ref"), "c");
	assert_null(json_object_get(el(f, "c"), "di")); /* a plane does not count */
}

static void test_kartla(void **state)
{
	struct fixture *f = *state;
	json_t *k = json_object_get(el(f, "t"), "kartla"), *pt, *r;

	assert_keys(k, "processTime waitTime completeAccuratePercent valueAdding raci");
	pt = json_object_get(k, "processTime");
	assert_keys(pt, "min mostLikely max");
	assert_true(num(pt, "min") == 60 && num(pt, "mostLikely") == 120 && num(pt, "max") == 240);
	assert_keys(json_object_get(k, "waitTime"), "value");
	assert_true(num(json_object_get(k, "waitTime"), "value") == 30);
	assert_true(num(k, "completeAccuratePercent") == 95.5);
	assert_true(json_is_false(json_object_get(k, "valueAdding")));
	r = json_array_get(json_object_get(k, "raci"), 0);
	assert_keys(r, "role value lane");
	assert_string_equal(str(r, "role"), "Clerk");
	assert_string_equal(str(r, "value"), "C");
	assert_string_equal(str(r, "lane"), "l1");
	k = json_object_get(el(f, "f2"), "kartla");
	assert_keys(k, "probability");
	assert_true(num(k, "probability") == 0.5);
	assert_null(json_object_get(el(f, "g"), "kartla"));
}

static void test_formatting(void **state)
{
	struct fixture *f = *state;
	struct ka_buf again;
	json_t *j;

	/* One space per level, a final newline, UTF-8 text, reals with a decimal point. */
	assert_int_equal(
	    strncmp(f->text.data, "{\n \"format\": \"kartla-map\",\n \"version\": 1,\n", 40), 0);
	assert_int_equal(f->text.data[f->text.len - 1], '\n');
	assert_int_equal(f->text.data[f->text.len - 2], '}');
	assert_non_null(strstr(f->text.data, "\"name\": \"S\xC3\xB8knad\""));
	assert_null(strstr(f->text.data, "\\u00"));
	assert_non_null(strstr(f->text.data, "\"x\": 1.0"));
	assert_non_null(strstr(f->text.data, "\"parent\": 3,"));
	/* Same map, same bytes. */
	ka_buf_init(&again, KA_BUF_UNLIMITED);
	assert_int_equal(ka_map_json_write(f->m, &again), 0);
	assert_string_equal(again.data, f->text.data);
	ka_buf_release(&again);
	/* ka_map_to_json gives the same document. */
	j = ka_map_to_json(f->m);
	assert_true(json_equal(j, f->root));
	json_decref(j);
}

static void test_capped_output_fails(void **state)
{
	struct fixture *f = *state;
	struct ka_buf small;

	ka_buf_init(&small, 100);
	assert_int_not_equal(ka_map_json_write(f->m, &small), 0);
	ka_buf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_document, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_which_elements, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_element_members, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_di, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kartla, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_formatting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_capped_output_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
