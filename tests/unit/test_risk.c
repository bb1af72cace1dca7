/*
 * Unit tests for the pure risk module (lib/risk): the presets of domain.md
 * §4, scale validation with the path of the bad value, R = L x C with the
 * colour boundaries of both presets, acceptance, matrix counts, the SVG
 * heat map (well-formed XML with counts per cell), the typed risk as JSON
 * (keys in the API's order, overdue actions, markers, sorting), and the
 * internal-control plan (red risks only, per unit, CSV quoting, HTML
 * escaping, the stylesheet inline or linked). The stored register is
 * tested in test_risk_store.c.
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
	j = ka_risk_matrix_to_json(&s, &m);
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

/* A red-or-not risk of the register on the no5 scale, in list `l`. */
static struct ka_risk *add_risk(struct ka_risk_list *l, int64_t id, const char *title, int colour,
                                int value, int64_t unit_id, const char *unit)
{
	struct ka_risk *r;

	l->items = realloc(l->items, (l->n + 1) * sizeof(*l->items));
	assert_non_null(l->items);
	r = &l->items[l->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->process_id = 1;
	r->version = 1;
	r->title = title;
	r->process = "Bygglov";
	r->element_id = "T1";
	r->effective_unit_id = unit_id;
	r->effective_unit = unit;
	r->inherent.set = true;
	r->inherent.likelihood = 1;
	r->inherent.consequence = value;
	r->inherent.value = value;
	r->inherent.colour = colour;
	r->inherent.scale_id = 1;
	r->inherent.scale = "no5";
	r->residual.colour = -1;
	r->acceptance = -1;
	return r;
}

static void plan_list(struct ka_risk_list *l, struct ka_risk_action *act)
{
	struct ka_risk *r;

	memset(l, 0, sizeof(*l));
	add_risk(l, 1, "Green one", KA_RISK_GREEN, 2, 0, NULL);
	add_risk(l, 2, "Lost, \"really\" lost", KA_RISK_RED, 16, 7, "Økonomi");
	add_risk(l, 3, "Fee wrong", KA_RISK_RED, 20, 7, "Økonomi");
	add_risk(l, 4, "No unit", KA_RISK_RED, 15, 0, NULL);
	r = &l->items[1];
	memset(act, 0, sizeof(*act));
	act->id = 9;
	act->risk_id = 2;
	act->title = "Scan <twice>";
	act->responsible = "Kari";
	act->due_date = "2020-01-01";
	act->status = "planned";
	act->has_cost = true;
	act->cost = 12.5;
	act->overdue = true;
	act->version = 1;
	r->actions = act;
	r->nactions = 1;
}

static void test_plan(void **state)
{
	struct ka_risk_action act;
	struct ka_risk_list l;
	struct ka_risk_plan p;
	json_t *plan, *units;
	struct ka_buf b;

	(void)state;
	plan_list(&l, &act);
	ka_risk_plan_build(&p, &l, KA_RISK_PLAN_RED);
	assert_int_equal(p.nrisks, 3);
	assert_int_equal(p.nactions, 1);
	assert_int_equal(p.nunits, 2);
	assert_string_equal(p.units[0].unit, "");
	assert_int_equal(p.units[1].unit_id, 7);
	/* inside a unit: highest R first */
	assert_string_equal(p.units[1].risks[0]->title, "Fee wrong");
	plan = ka_risk_plan_to_json(&p);
	assert_int_equal(json_integer_value(json_object_get(plan, "risks")), 3);
	units = json_object_get(plan, "units");
	assert_int_equal(json_array_size(units), 2);
	assert_true(json_is_null(json_object_get(json_array_get(units, 0), "unit_id")));
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(json_array_get(units, 1), "risks"), 0), "title")),
	    "Fee wrong");
	json_decref(plan);

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_risk_plan_csv(&p, "en", &b), 0);
	assert_memory_equal(b.data, "\xEF\xBB\xBFUnit,Process,Risk ID,Risk,", 29);
	assert_non_null(strstr(b.data,
	                       "\r\nØkonomi,Bygglov,2,\"Lost, \"\"really\"\" lost\",T1,,1,16,"
	                       "16,no5,,9,Scan <twice>,Kari,2020-01-01,Planned,12.50,Yes\r\n"));
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
	/* a file of its own: the stylesheet inline */
	assert_int_equal(
	    ka_risk_plan_html(&p, "sv", "Plan <2026>", "Kommun & <Co>", "2026-12-07", NULL, &b), 0);
	assert_non_null(
	    strstr(b.data, "<p class=\"org\">Kommun &amp; &lt;Co&gt; \xC2\xB7 2026-12-07</p>"));
	assert_non_null(strstr(b.data, "<footer>"));
	assert_non_null(strstr(b.data, "break-inside:avoid"));
	assert_non_null(strstr(b.data, "@page"));
	assert_non_null(strstr(b.data, "12,50")); /* decimal comma in sv */
	assert_non_null(strstr(b.data, "<title>Plan &lt;2026&gt;</title>"));
	assert_non_null(strstr(b.data, "Scan &lt;twice&gt;"));
	assert_non_null(strstr(b.data, "Lost, &quot;really&quot; lost"));
	assert_non_null(strstr(b.data, "2020-01-01 (försenad)"));
	assert_non_null(strstr(b.data, "(ingen enhet)"));
	assert_non_null(strstr(b.data, "inga åtgärder ännu"));
	assert_null(strstr(b.data, "<twice>"));
	assert_non_null(strstr(b.data, "<style>\n"));
	assert_non_null(strstr(b.data, ka_risk_plan_css()));
	/* served: the stylesheet linked, nothing inline (the CSP refuses inline styles) */
	ka_buf_reset(&b);
	assert_int_equal(ka_risk_plan_html(&p, "nb", "Plan", NULL, NULL, "/api/risk-plan.css", &b),
	                 0);
	assert_null(strstr(b.data, "<footer>"));
	assert_non_null(strstr(b.data, "<link rel=\"stylesheet\" href=\"/api/risk-plan.css\">"));
	assert_null(strstr(b.data, "<style"));
	assert_null(strstr(b.data, "style="));
	assert_string_equal(ka_risk_plan_title("nb"), "Internkontrollplan");
	ka_buf_release(&b);
	ka_risk_plan_release(&p);
	free(l.items);
}

/* The plan's rule: red only, red or a decided action (the default), all. */
static void test_plan_rule(void **state)
{
	struct ka_risk_action act, cancelled;
	struct ka_risk_list l;
	struct ka_risk_plan p;
	struct ka_risk *green2;

	(void)state;
	plan_list(&l, &act);
	/* a green risk with a decided action, and one with only a cancelled action */
	l.items[0].decision = "act";
	green2 = add_risk(&l, 5, "Green cancelled", KA_RISK_GREEN, 3, 0, NULL);
	memset(&cancelled, 0, sizeof(cancelled));
	cancelled.status = "cancelled";
	green2->actions = &cancelled;
	green2->nactions = 1;
	assert_int_equal(ka_risk_plan_rule_parse("red"), KA_RISK_PLAN_RED);
	assert_int_equal(ka_risk_plan_rule_parse("red_or_action"), KA_RISK_PLAN_RED_OR_ACTION);
	assert_int_equal(ka_risk_plan_rule_parse("all"), KA_RISK_PLAN_ALL);
	assert_int_equal(ka_risk_plan_rule_parse("Red"), -1);
	assert_int_equal(ka_risk_plan_rule_parse(NULL), -1);
	ka_risk_plan_build(&p, &l, KA_RISK_PLAN_RED);
	assert_int_equal(p.nrisks, 3);
	ka_risk_plan_release(&p);
	ka_risk_plan_build(&p, &l, KA_RISK_PLAN_RED_OR_ACTION);
	assert_int_equal(p.nrisks, 4); /* + "Green one" (decision act), not "Green cancelled" */
	assert_true(ka_risk_plan_includes(KA_RISK_PLAN_RED_OR_ACTION, &l.items[0]));
	assert_false(ka_risk_plan_includes(KA_RISK_PLAN_RED_OR_ACTION, green2));
	cancelled.status = "planned";
	assert_true(ka_risk_plan_includes(KA_RISK_PLAN_RED_OR_ACTION, green2));
	ka_risk_plan_release(&p);
	ka_risk_plan_build(&p, &l, KA_RISK_PLAN_ALL);
	assert_int_equal(p.nrisks, 5);
	ka_risk_plan_release(&p);
	free(l.items);
}

/* The CSV writer for Nordic Excel: BOM, ";", decimal comma, headings and values translated. */
static void test_plan_csv_nordic(void **state)
{
	struct ka_risk_action act;
	struct ka_risk_list l;
	struct ka_risk_plan p;
	struct ka_buf b;

	(void)state;
	plan_list(&l, &act);
	ka_risk_plan_build(&p, &l, KA_RISK_PLAN_RED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_risk_plan_csv(&p, "sv", &b), 0);
	assert_memory_equal(b.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(b.data, "\xEF\xBB\xBF"
	                               "Enhet;Process;Risk-ID;Risk;Element-ID;Kategori;"
	                               "Sannolikhet;Konsekvens;Riskvärde;Skala;Beslut;"
	                               "Åtgärds-ID;Åtgärd;Ansvarig;Förfallodatum;Status;"
	                               "Kostnad;Försenad\r\n"));
	/* a comma is no separator here: not quoted for it (the quotes are) */
	assert_non_null(strstr(b.data,
	                       "\r\nØkonomi;Bygglov;2;\"Lost, \"\"really\"\" lost\";T1;;1;16;"
	                       "16;no5;;9;Scan <twice>;Kari;2020-01-01;Planerad;12,50;Ja\r\n"));
	assert_non_null(
	    strstr(b.data, "\r\nØkonomi;Bygglov;3;Fee wrong;T1;;1;20;20;no5;;;;;;;;\r\n"));
	ka_buf_reset(&b);
	assert_int_equal(ka_risk_plan_csv(&p, "nb", &b), 0);
	assert_non_null(strstr(b.data, "\xEF\xBB\xBF"
	                               "Enhet;Prosess;Risiko-ID;Risiko;"));
	assert_non_null(strstr(b.data, ";Planlagt;12,50;Ja\r\n"));
	/* the formula guard with ";" as the separator; a ";" in a cell is quoted */
	ka_buf_reset(&b);
	ka_risk_csv_cell(&b, "=1+1", ';', false);
	ka_risk_csv_cell(&b, "a;b", ';', false);
	ka_risk_csv_cell(&b, "+47 22", ';', true);
	assert_string_equal(b.data, "\"'=1+1\";\"a;b\";\"'+47 22\"\r\n");
	/* numbers */
	{
		char t[32];

		ka_risk_csv_number(t, sizeof(t), 1234.5, 2, ',');
		assert_string_equal(t, "1234,50");
		ka_risk_csv_number(t, sizeof(t), 0.3, 1, '.');
		assert_string_equal(t, "0.3");
	}
	ka_buf_release(&b);
	ka_risk_plan_release(&p);
	free(l.items);
}

/* The typed risk as JSON: every key in the order of the API, nulls for absent values. */
static void test_risk_json(void **state)
{
	static const char *const keys[] = {"id",
	                                   "process_id",
	                                   "element_id",
	                                   "title",
	                                   "event",
	                                   "cause",
	                                   "consequence",
	                                   "category",
	                                   "controls",
	                                   "owner_id",
	                                   "unit_id",
	                                   "decision",
	                                   "decision_rationale",
	                                   "decided_by",
	                                   "decided_at",
	                                   "review_date",
	                                   "source_workshop",
	                                   "source_date",
	                                   "source_facilitator_id",
	                                   "version",
	                                   "created_at",
	                                   "updated_at",
	                                   "process",
	                                   "owner",
	                                   "effective_unit_id",
	                                   "effective_unit",
	                                   "decided_by_name",
	                                   "source_facilitator",
	                                   "element_name",
	                                   "element_names",
	                                   "category_names",
	                                   "orphan",
	                                   "inherent",
	                                   "residual",
	                                   "acceptance",
	                                   "actions"};
	struct ka_risk_action act;
	struct ka_risk_list l;
	struct ka_risk *items;
	json_t *j, *o, *v;
	const char *k;
	char *text;
	size_t i = 0;

	(void)state;
	plan_list(&l, &act);
	items = l.items;
	l.items[1].acceptance = KA_RISK_ACT;
	o = ka_risk_to_json(&l.items[1]);
	json_object_foreach(o, k, v)
	{
		assert_true(i < sizeof(keys) / sizeof(keys[0]));
		assert_string_equal(k, keys[i++]);
	}
	assert_int_equal(i, sizeof(keys) / sizeof(keys[0]));
	/* a category reads by its name in the reader's language, else by its code */
	l.items[1].category = "financial";
	assert_string_equal(ka_risk_category_name(&l.items[1], "sv"), "financial");
	l.items[1].category_names[0] = "Økonomisk";
	l.items[1].category_names[1] = "Ekonomisk";
	l.items[1].category_names[2] = "Financial";
	assert_string_equal(ka_risk_category_name(&l.items[1], "sv"), "Ekonomisk");
	assert_string_equal(ka_risk_category_name(&l.items[1], "nb"), "Økonomisk");
	assert_string_equal(ka_risk_category_name(&l.items[1], "de"), "Financial");
	text = json_dumps(json_object_get(o, "inherent"), JSON_COMPACT);
	assert_string_equal(text,
	                    "{\"likelihood\":1,\"consequence\":16,\"value\":16,\"colour\":"
	                    "\"red\",\"scale_id\":1,\"scale\":\"no5\",\"current_scale\":false,"
	                    "\"assessed_at\":null}");
	free(text);
	assert_true(json_is_null(json_object_get(o, "residual")));
	assert_true(json_is_null(json_object_get(o, "owner_id")));
	assert_string_equal(json_string_value(json_object_get(o, "acceptance")), "act");
	text = json_dumps(json_object_get(o, "actions"), JSON_COMPACT);
	assert_string_equal(text, "[{\"id\":9,\"risk_id\":2,\"title\":\"Scan <twice>\","
	                          "\"responsible_id\":null,\"responsible\":\"Kari\",\"due_date\":"
	                          "\"2020-01-01\",\"status\":\"planned\",\"cost\":12.5,\"overdue\":"
	                          "true,\"version\":1,\"created_at\":null,\"updated_at\":null}]");
	free(text);
	json_decref(o);

	/* overdue actions carry their risk, process and unit */
	j = ka_risk_overdue_to_json(&l);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	o = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(o, "risk")), "Lost, \"really\" lost");
	assert_string_equal(json_string_value(json_object_get(o, "unit")), "Økonomi");
	json_decref(j);

	/* markers: one element, the highest colour and value; orphans and whole-process apart */
	l.items[3].element_id = NULL;
	l.items[2].orphan = true;
	j = ka_risk_markers_to_json(&l, 1, 0);
	assert_int_equal(json_integer_value(json_object_get(j, "process_level")), 1);
	assert_true(json_is_null(json_object_get(j, "map_version_id")));
	assert_int_equal(json_array_size(json_object_get(j, "orphans")), 1);
	o = json_array_get(json_object_get(j, "elements"), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "max_value")), 16);
	assert_string_equal(json_string_value(json_object_get(o, "colour")), "red");
	json_decref(j);

	/* sorting: by value descending, ties by id; absent strings last in either direction */
	ka_arena_init(&l.arena);
	ka_risk_list_sort(&l, "-value");
	assert_int_equal(l.items[0].id, 3);
	assert_int_equal(l.items[3].id, 1);
	l.items[3].review_date = "2026-01-01";
	ka_risk_list_sort(&l, "-review_date");
	assert_int_equal(l.items[0].id, 1);
	assert_int_equal(l.items[1].id, 2);
	ka_risk_list_sort(&l, "review_date");
	assert_int_equal(l.items[0].id, 1);
	ka_arena_release(&l.arena);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_presets),   cmocka_unit_test(test_scale_json),
	    cmocka_unit_test(test_matrix),    cmocka_unit_test(test_plan),
	    cmocka_unit_test(test_plan_rule), cmocka_unit_test(test_plan_csv_nordic),
	    cmocka_unit_test(test_risk_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
