/*
 * Golden tests of the lead-time analysis (lib/leadtime_*.c) on the maps in
 * tests/golden/leadtime/ and examples/worked-example.bpmn: the worked
 * example of domain.md, closed forms (a sequence sums, a rework loop
 * multiplies by 1 / (1 - p), two parallel uniform(0,1) branches have
 * E[max] = 2/3 while the analytic critical-path figure is 1/2), the
 * simulation mean within 1 % of the analytic value on exclusive/loop maps,
 * reproducibility by seed, comparison, and every kind of bad input.
 * Usage: unit_leadtime SOURCE_ROOT
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/leadtime.h"

static const char *root;

static struct ka_map *load(const char *rel)
{
	char path[1024];
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ka_read_opts_init(&o);
	ka_diag_init(&d, rel);
	if (ka_bpmn_read_file(&m, path, &o, &d))
		fail_msg("%s: %s", rel, d.message);
	return m;
}

/* Builds, analyses and (runs > 0) simulates; fails the test on error. */
static struct ka_lt_graph *run(const char *rel, enum ka_lt_basis basis, enum ka_lt_dist dist,
                               uint64_t runs, uint64_t seed, struct ka_lt_result *r)
{
	struct ka_map *m = load(rel);
	struct ka_lt_opts o;
	struct ka_lt_graph *g = NULL;
	struct ka_diag d;

	ka_lt_opts_init(&o);
	o.basis = basis;
	o.dist = dist;
	ka_diag_init(&d, rel);
	if (ka_lt_run(m, &o, runs, seed, &g, r, &d))
		fail_msg("%s: %s", rel, d.message);
	ka_map_free(m);
	return g;
}

static void worked_example(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("examples/worked-example.bpmn", KA_LT_WORKING, KA_LT_PERT, 10000, 1, &r);
	char ratio[16], lead[16];
	size_t i;

	(void)state;
	/* domain.md §5: 90 minutes of work in about 10.7 days, an activity ratio near 2 %. */
	snprintf(lead, sizeof(lead), "%.1f", ka_lt_days(g, r.lead));
	snprintf(ratio, sizeof(ratio), "%.1f", 100 * r.ratio);
	assert_string_equal(lead, "10.7");
	assert_string_equal(ratio, "1.9");
	assert_true(fabs(r.process - 1.5) < 1e-9);
	assert_true(fabs(r.lead - (10.5 * 7.5 + 1.5)) < 1e-9);
	assert_true(fabs(r.rolled_cna - 0.9 * 0.8 * 0.95 * 0.98) < 1e-9);
	assert_true(fabs(r.handoffs - 3) < 1e-9);
	assert_int_equal(r.ncritical, 4);
	assert_string_equal(r.acts[r.critical_path[0]].id, "Task_RegisterApplication");
	assert_string_equal(r.acts[r.critical_path[3]].id, "Task_SendDecision");
	assert_false(r.has_parallel);
	for (i = 0; i < r.nacts; i++)
		assert_true(fabs(r.acts[i].criticality - 1) < 1e-12);
	/* Assess is 30/60/120 minutes: the simulated mean adds (30 + 240 + 120) / 6 - 60 min. */
	assert_true(fabs(r.sim_mean - (r.lead + 5.0 / 60)) < 0.01);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static void sequence_sums(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g;

	(void)state;
	g = run("tests/golden/leadtime/sequence.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 1000, 1, &r);
	assert_true(fabs(r.lead - 78.5) < 1e-9);
	assert_true(fabs(r.process - 6) < 1e-9);
	assert_true(fabs(r.sim_mean - 78.5) < 1e-9);
	assert_true(fabs(r.handoffs - 2) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
	/* Working basis: a day of waiting is a working day, clock time a share of 24 hours. */
	g = run("tests/golden/leadtime/sequence.bpmn", KA_LT_WORKING, KA_LT_PERT, 0, 1, &r);
	assert_true(fabs(r.lead - (7.5 + 15 + 7.5 * 30 / 1440 + 6)) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

/* Weeks and days of a wait count as working weeks and days; a day of work is a working day. */
static void basis_units(void **state)
{
	static const char xml[] =
	    "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
	    "xmlns:kartla=\"urn:kartla:bpmn:1.0\" id=\"d\"><process id=\"p\">"
	    "<startEvent id=\"s\"/><task id=\"t\"><extensionElements>"
	    "<kartla:waitTime value=\"P1WT12H\"/><kartla:processTime value=\"P1DT30M\"/>"
	    "</extensionElements></task><endEvent id=\"e\"/>"
	    "<sequenceFlow id=\"f1\" sourceRef=\"s\" targetRef=\"t\"/>"
	    "<sequenceFlow id=\"f2\" sourceRef=\"t\" targetRef=\"e\"/></process></definitions>";
	struct ka_read_opts ro;
	struct ka_map *m = NULL;
	struct ka_lt_opts o;
	struct ka_lt_graph *g = NULL;
	struct ka_lt_result r;
	struct ka_diag d;

	(void)state;
	ka_read_opts_init(&ro);
	ka_diag_init(&d, "units");
	assert_int_equal(ka_bpmn_read(&m, xml, sizeof(xml) - 1, "units", &ro, &d), 0);
	ka_lt_opts_init(&o);
	o.hours_per_day = 8;
	o.days_per_week = 4;
	assert_int_equal(ka_lt_run(m, &o, 0, 1, &g, &r, &d), 0);
	/* wait: (4 days + half a day) * 8 h; work: 8 h + 0.5 h */
	assert_true(fabs(r.wait - 36) < 1e-9);
	assert_true(fabs(r.process - 8.5) < 1e-9);
	assert_true(fabs(ka_lt_days(g, r.lead) - 44.5 / 8) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
	o.basis = KA_LT_CALENDAR;
	assert_int_equal(ka_lt_run(m, &o, 0, 1, &g, &r, &d), 0);
	assert_true(fabs(r.lead - (7 * 24 + 12 + 24 + 0.5)) < 1e-9);
	assert_true(fabs(ka_lt_days(g, r.lead) - r.lead / 24) < 1e-12);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
	ka_map_free(m);
}

static void rework_loop(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/rework.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 100000, 7, &r);

	(void)state;
	assert_true(fabs(r.lead - 2 / (1 - 0.25)) < 1e-9);
	assert_true(fabs(r.acts[0].visits - 1 / (1 - 0.25)) < 1e-9);
	assert_true(fabs(r.sim_mean - r.lead) / r.lead < 0.01);
	assert_true(fabs(r.acts[0].sim_executions - 4.0 / 3) < 0.01);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static void exclusive_weighted(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/exclusive.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 100000, 3, &r);

	(void)state;
	assert_true(fabs(r.lead - 5.1) < 1e-9);
	assert_true(fabs(r.sim_mean - r.lead) / r.lead < 0.01);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static void mixed_loops_simulation_matches(void **state)
{
	static const enum ka_lt_dist dists[] = {KA_LT_PERT, KA_LT_TRIANGULAR, KA_LT_UNIFORM};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct ka_lt_result r;
		struct ka_lt_graph *g = run("tests/golden/leadtime/mixed-loops.bpmn",
		                            KA_LT_CALENDAR, dists[i], 100000, 11, &r);

		assert_true(fabs(r.lead - (1 + 0.4 * 3 / 0.8 + 0.6 * 2 + 1.5 / 0.9)) < 1e-9);
		assert_true(fabs(r.sim_mean - r.lead) / r.lead < 0.01);
		ka_lt_result_release(&r);
		ka_lt_graph_free(g);
	}
}

static void parallel_uniform(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g = run("tests/golden/leadtime/parallel-uniform.bpmn", KA_LT_CALENDAR,
	                            KA_LT_UNIFORM, 100000, 5, &r);
	struct ka_buf b;

	(void)state;
	assert_true(fabs(r.lead - 0.5) < 1e-9); /* critical-path approximation */
	assert_true(r.has_parallel);
	assert_true(fabs(r.sim_mean - 2.0 / 3) < 0.005); /* E[max of two U(0,1)] */
	assert_true(fabs(r.work - 1) < 1e-9);
	/* Each branch is the slower one in about half of the runs. */
	assert_true(fabs(r.acts[0].criticality - 0.5) < 0.01);
	assert_true(fabs(r.acts[0].criticality + r.acts[1].criticality - 1) < 1e-12);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_lt_write_text(g, &r, &b), 0);
	assert_non_null(strstr(b.data, "critical-path approximation"));
	ka_buf_reset(&b);
	assert_int_equal(ka_lt_histogram_svg(g, &r, &b), 0);
	assert_non_null(strstr(b.data, "<svg"));
	assert_non_null(strstr(b.data, "P95"));
	assert_non_null(strstr(b.data, ">lead time ("));
	/* in Swedish and bokmål: their words and the decimal comma */
	ka_buf_reset(&b);
	assert_int_equal(ka_lt_histogram_svg_lang(g, &r, "sv", &b), 0);
	assert_non_null(strstr(b.data, ">ledtid ("));
	assert_non_null(strstr(b.data, ">medel 0,"));
	assert_null(strstr(b.data, "lead time"));
	ka_buf_reset(&b);
	assert_int_equal(ka_lt_histogram_svg_lang(g, &r, "nb", &b), 0);
	assert_non_null(strstr(b.data, ">gjennomløpstid ("));
	assert_non_null(strstr(b.data, ">snitt 0,"));
	ka_buf_release(&b);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static void nested_blocks(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/nested.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 100000, 13, &r);
	size_t i;

	(void)state;
	assert_true(fabs(r.lead - 12.5 / 0.8) < 1e-9);
	assert_true(r.has_parallel);
	assert_true(fabs(r.sim_mean - r.lead) / r.lead < 0.01);
	for (i = 0; i < r.nacts; i++) {
		const struct ka_lt_act *a = &r.acts[i];

		if (!strcmp(a->id, "b")) {
			/* The loop inside the short branch: visited 1 / 0.7 times a round, never
			 * critical. */
			assert_true(fabs(a->visits - 1.25 / 0.7) < 1e-9);
			assert_false(a->critical);
			assert_true(a->criticality < 0.001);
		} else if (!strcmp(a->id, "d")) {
			assert_true(fabs(a->visits - 0.625) < 1e-9);
			assert_true(a->critical);
		}
	}
	assert_true(fabs(r.work - 1.25 * (1 + 1 / 0.7 + 1 + 10 + 0.5)) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static void inclusive_split(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/inclusive.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 100000, 9, &r);

	(void)state;
	/* Legal (4 h) runs in half the cases; else Finance alone (2 h), or Legal when none. */
	assert_true(fabs(r.lead - (0.5 * 4 + 0.5 * 0.5 * 2 + 0.25 * 4)) < 1e-9);
	assert_true(fabs(r.sim_mean - r.lead) / r.lead < 0.01);
	assert_true(fabs(r.acts[0].visits - 0.75) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

static char *dump(const char *rel, uint64_t seed)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g = run(rel, KA_LT_WORKING, KA_LT_PERT, 2000, seed, &r);
	json_t *j = ka_lt_to_json(g, &r);
	char *s = json_dumps(j, JSON_SORT_KEYS);

	json_decref(j);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
	return s;
}

static void same_seed_same_output(void **state)
{
	char *a = dump("tests/golden/leadtime/mixed-loops.bpmn", 42);
	char *b = dump("tests/golden/leadtime/mixed-loops.bpmn", 42);
	char *c = dump("tests/golden/leadtime/mixed-loops.bpmn", 43);

	(void)state;
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
}

static void compare_maps(void **state)
{
	struct ka_lt_result a, b;
	struct ka_lt_graph *ga =
	    run("examples/worked-example.bpmn", KA_LT_WORKING, KA_LT_PERT, 0, 1, &a);
	struct ka_lt_graph *gb =
	    run("tests/golden/leadtime/sequence.bpmn", KA_LT_WORKING, KA_LT_PERT, 0, 1, &b);
	json_t *j = ka_lt_compare_json(ga, &a, ga, &a), *k;
	size_t i;

	(void)state;
	/* A map against itself: no change anywhere. */
	assert_true(json_real_value(json_object_get(
	                json_object_get(json_object_get(j, "figures"), "leadTime"), "delta")) == 0);
	json_decref(j);
	/* Against a map with other activities: all removed, all added, deltas of the figures. */
	j = ka_lt_compare_json(ga, &a, gb, &b);
	k = json_object_get(json_object_get(j, "figures"), "leadTime");
	assert_true(fabs(json_real_value(json_object_get(k, "delta")) -
	                 (ka_lt_days(gb, b.lead) - ka_lt_days(ga, a.lead))) < 1e-9);
	k = json_object_get(j, "activities");
	assert_int_equal(json_array_size(k), a.nacts + b.nacts);
	for (i = 0; i < a.nacts; i++)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(k, i), "status")), "removed");
	json_decref(j);
	ka_lt_result_release(&a);
	ka_lt_result_release(&b);
	ka_lt_graph_free(ga);
	ka_lt_graph_free(gb);
}

/* A map the reader refuses: the message names the element and the field. */
static void refused_by_reader(const char *rel, const char *id, const char *what)
{
	char path[1024];
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;

	snprintf(path, sizeof(path), "%s/tests/golden/leadtime/%s", root, rel);
	ka_read_opts_init(&o);
	ka_diag_init(&d, rel);
	assert_int_equal(ka_bpmn_read_file(&m, path, &o, &d), KA_ERR_BPMN);
	assert_null(m);
	assert_string_equal(d.element_id, id);
	if (!strstr(d.message, what))
		fail_msg("%s: '%s' lacks '%s'", rel, d.message, what);
}

/* A map the analysis refuses. */
static void refused(const char *rel, const char *process, int err, const char *id, const char *what)
{
	char path[300];
	struct ka_map *m;
	struct ka_lt_opts o;
	struct ka_lt_graph *g = NULL;
	struct ka_lt_result r;
	struct ka_diag d;

	snprintf(path, sizeof(path), "tests/golden/leadtime/%s", rel);
	m = load(path);
	ka_lt_opts_init(&o);
	o.process_id = process;
	ka_diag_init(&d, rel);
	assert_int_equal(ka_lt_run(m, &o, 100, 1, &g, &r, &d), err);
	assert_null(g);
	assert_string_equal(d.element_id, id);
	if (!strstr(d.message, what))
		fail_msg("%s: '%s' lacks '%s'", rel, d.message, what);
	ka_map_free(m);
}

static void bad_input(void **state)
{
	(void)state;
	refused_by_reader("bad-negative.bpmn", "a", "kartla:waitTime value '-P1D' is invalid");
	refused_by_reader("bad-text.bpmn", "a", "kartla:waitTime value 'two days' is invalid");
	refused_by_reader("bad-order.bpmn", "a", "kartla:processTime is out of order");
	refused_by_reader("bad-prob.bpmn", "f2", "kartla:probability value '1.5' is invalid");
	refused("bad-sum.bpmn", NULL, KA_ERR_BPMN, "x",
	        "exclusive gateway 'x': the kartla:probability values of its outgoing flows add "
	        "up to 0.9, not 1");
	refused("bad-loop.bpmn", NULL, KA_ERR_BPMN, "g",
	        "loop at gateway 'g' never ends: the flow back to 'a' has kartla:probability 1");
	refused("bad-join.bpmn", NULL, KA_ERR_BPMN, "j", "joining gateway 'j' closes no parallel");
	refused("sequence.bpmn", "nope", KA_ERR_NOT_FOUND, "nope", "no element with id 'nope'");
	refused("sequence.bpmn", "a", KA_ERR_NOT_FOUND, "a", "'a' is a task, not a process");
}

static void missing_probabilities_warn(void **state)
{
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/missing-prob.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 0, 1, &r);

	(void)state;
	assert_true(fabs(r.lead - 2) < 1e-9);
	assert_int_equal(ka_lt_graph_nwarnings(g), 1);
	assert_non_null(strstr(ka_lt_graph_warning(g, 0), "exclusive gateway 'x'"));
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

/* Reads a file of the source tree into a new NUL-terminated string. */
static char *slurp(const char *rel, size_t *len)
{
	char path[1024], *data;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* A request's options: checked with the option's name; the server's limits. */
static void request_options(void **state)
{
	struct ka_lt_request_raw w;
	struct ka_lt_request q;
	struct ka_diag d;
	struct ka_buf svg;
	json_t *j = NULL;
	size_t len;
	char *bpmn = slurp("examples/worked-example.bpmn", &len);

	(void)state;
	ka_diag_init(&d, NULL);
	memset(&w, 0, sizeof(w));
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), 0);
	assert_int_equal(q.runs, KA_LT_REQUEST_DEF_RUNS);
	assert_true(q.opts.hours_per_day == 7.5);
	/* a day of 1e-300 hours, a week of no days: refused, named */
	w.has_hpd = true;
	w.hpd = 1e-300;
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "hours_per_day");
	w.hpd = 1;
	w.has_dpw = true;
	w.dpw = 0.5;
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_USAGE, &d), KA_ERR_USAGE);
	assert_string_equal(d.element_id, "days_per_week");
	w.dpw = 7;
	w.has_runs = true;
	w.runs = KA_LT_REQUEST_MAX_RUNS + 1;
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "runs");
	w.runs = 0;
	w.format = "svg";
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "runs");
	w.runs = 200;
	w.has_compare_bpmn = true;
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "compare_bpmn");
	w.has_compare_bpmn = false;
	assert_int_equal(ka_lt_request_check(&q, &w, KA_ERR_INVALID, &d), 0);
	assert_true(q.svg);

	/* the histogram into the buffer; JSON with a comparison; failures named by field */
	ka_buf_init(&svg, KA_BUF_UNLIMITED);
	assert_int_equal(ka_lt_request_run(&q, bpmn, len, "bpmn", NULL, 0, NULL, &j, &svg, &d), 0);
	assert_null(j);
	assert_non_null(strstr(svg.data, "<svg"));
	q.svg = false;
	assert_int_equal(
	    ka_lt_request_run(&q, bpmn, len, "bpmn", bpmn, len, "compare_bpmn", &j, &svg, &d), 0);
	assert_non_null(j);
	json_decref(j);
	assert_int_equal(
	    ka_lt_request_run(&q, bpmn, len, "bpmn", "<nope", 5, "compare_bpmn", &j, &svg, &d),
	    KA_ERR_XML);
	assert_string_equal(d.element_id, "compare_bpmn");
	q.opts.process_id = "Nope";
	assert_int_equal(ka_lt_request_run(&q, bpmn, len, "bpmn", NULL, 0, NULL, &j, &svg, &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "process");
	ka_buf_release(&svg);
	free(bpmn);

	/* the library's own check: 1..24 hours, 1..7 days */
	ka_lt_opts_init(&q.opts);
	q.opts.hours_per_day = 0.5;
	assert_int_equal(ka_lt_opts_check(&q.opts, &d), KA_ERR_USAGE);
	assert_string_equal(d.element_id, "hours_per_day");
	q.opts.hours_per_day = 24;
	q.opts.days_per_week = 1;
	assert_int_equal(ka_lt_opts_check(&q.opts, &d), 0);
}

static void bad_options(void **state)
{
	struct ka_lt_opts o;
	struct ka_diag d;
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/sequence.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 0, 1, &r);

	(void)state;
	ka_lt_opts_init(&o);
	ka_diag_init(&d, NULL);
	o.hours_per_day = 0;
	assert_int_equal(ka_lt_opts_check(&o, &d), KA_ERR_USAGE);
	o.hours_per_day = 8;
	o.days_per_week = 8;
	assert_int_equal(ka_lt_opts_check(&o, &d), KA_ERR_USAGE);
	assert_int_equal(ka_lt_simulate(g, 0, 1, &r, &d), KA_ERR_USAGE);
	assert_int_equal(ka_lt_simulate(g, KA_LT_MAX_RUNS + 1ull, 1, &r, &d), KA_ERR_USAGE);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

/* Activities and the critical path follow the flow, not the file (issue 11 section 9). */
static void flow_order(void **state)
{
	static const char *want[] = {"a", "b", "c", "x"};
	struct ka_lt_result r;
	struct ka_lt_graph *g =
	    run("tests/golden/leadtime/inserted.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 0, 1, &r);
	size_t i;

	(void)state;
	assert_int_equal(r.nacts, 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(r.acts[i].id, want[i]);
	assert_int_equal(r.ncritical, 4);
	for (i = 0; i < r.ncritical; i++)
		assert_string_equal(r.acts[r.critical_path[i]].id, want[i]);
	/* visits of b, c, x: 0.9 / (1 - 0.2) each; a once */
	assert_true(fabs(r.acts[0].visits - 1) < 1e-9);
	assert_true(fabs(r.acts[3].visits - 0.9 / 0.8) < 1e-9);
	ka_lt_result_release(&r);
	ka_lt_graph_free(g);
}

/* An added step is listed where it sits in the newer version's flow. */
static void compare_added_in_place(void **state)
{
	static const char *ids[] = {"a", "x", "b", "c"};
	static const char *status[] = {"matched", "added", "matched", "matched"};
	struct ka_lt_result a, b;
	struct ka_lt_graph *ga =
	    run("tests/golden/leadtime/sequence.bpmn", KA_LT_CALENDAR, KA_LT_PERT, 0, 1, &a);
	struct ka_lt_graph *gb = run("tests/golden/leadtime/sequence-inserted.bpmn", KA_LT_CALENDAR,
	                             KA_LT_PERT, 0, 1, &b);
	json_t *j = ka_lt_compare_json(ga, &a, gb, &b), *k = json_object_get(j, "activities");
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(k), 4);
	for (i = 0; i < 4; i++) {
		json_t *x = json_array_get(k, i);

		assert_string_equal(json_string_value(json_object_get(x, "id")), ids[i]);
		assert_string_equal(json_string_value(json_object_get(x, "status")), status[i]);
	}
	/* the added hour of work makes the lead time longer: a positive delta */
	assert_true(json_real_value(json_object_get(json_array_get(k, 1), "leadDelta")) > 0);
	json_decref(j);
	ka_lt_result_release(&a);
	ka_lt_result_release(&b);
	ka_lt_graph_free(ga);
	ka_lt_graph_free(gb);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(worked_example),
	    cmocka_unit_test(sequence_sums),
	    cmocka_unit_test(basis_units),
	    cmocka_unit_test(rework_loop),
	    cmocka_unit_test(exclusive_weighted),
	    cmocka_unit_test(mixed_loops_simulation_matches),
	    cmocka_unit_test(parallel_uniform),
	    cmocka_unit_test(nested_blocks),
	    cmocka_unit_test(inclusive_split),
	    cmocka_unit_test(same_seed_same_output),
	    cmocka_unit_test(compare_maps),
	    cmocka_unit_test(bad_input),
	    cmocka_unit_test(missing_probabilities_warn),
	    cmocka_unit_test(bad_options),
	    cmocka_unit_test(request_options),
	    cmocka_unit_test(flow_order),
	    cmocka_unit_test(compare_added_in_place),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: unit_leadtime SOURCE_ROOT\n");
		return 2;
	}
	root = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
