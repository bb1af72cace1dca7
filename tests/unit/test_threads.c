/*
 * Unit tests for the second threads of lib/bpmn/bpmn_read.c (ka_read_opts.threads_from)
 * and lib/check/check.c (ka_check_config.threads_from): a map read with half of its
 * references looked up ahead on another thread is the same map as one read on one
 * thread (the same links, repairs, messages and written bytes, strict and repairing),
 * and checked by two threads it has the same findings in the same order; over every
 * BPMN file under tests/ and over a map whose second half holds every kind of
 * reference the reader's thread leaves alone.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/check.h"

static const char *source_root = ".";
static size_t nfindings; /* compared so far: the check comparisons compared something */

/* clang-format off */
/*
 * Ten tasks, then flows, a lane and DI whose references are qualified (tns:), padded
 * with white space, empty, dangling, or to a duplicated id: all in the second half of
 * the elements.
 */
static const char QUIRKS[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
"    xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\"\n"
"    xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\"\n"
"    xmlns:tns=\"urn:example:q\" id=\"defs\" targetNamespace=\"urn:example:q\">\n"
"  <bpmn:process id=\"p\">\n"
"    <bpmn:laneSet id=\"ls\"><bpmn:lane id=\"l1\"><bpmn:flowNodeRef>t1</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>\n"
"    <bpmn:task id=\"t1\"/><bpmn:task id=\"t2\"/><bpmn:task id=\"t3\"/><bpmn:task id=\"t4\"/>\n"
"    <bpmn:task id=\"t5\"/><bpmn:task id=\"t6\"/><bpmn:task id=\"t7\"/><bpmn:task id=\"t7\"/>\n"
"    <bpmn:task id=\"t9\"><bpmn:incoming> f1 </bpmn:incoming><bpmn:incoming>tns:f2</bpmn:incoming>\n"
"      <bpmn:incoming>gone</bpmn:incoming><bpmn:outgoing></bpmn:outgoing></bpmn:task>\n"
"    <bpmn:sequenceFlow id=\"f1\" sourceRef=\"tns:t1\" targetRef=\"t9\"/>\n"
"    <bpmn:sequenceFlow id=\"f2\" sourceRef=\"t2\" targetRef=\"t9\"/>\n"
"    <bpmn:sequenceFlow id=\"f3\" sourceRef=\"t7\" targetRef=\"nowhere\"/>\n"
"    <bpmn:sequenceFlow id=\"f4\" sourceRef=\"x:t3\" targetRef=\"t4\"/>\n"
"    <bpmn:sequenceFlow id=\"f5\" sourceRef=\"t5\" targetRef=\"t6\"/>\n"
"  </bpmn:process>\n"
"  <bpmn:process id=\"p2\"><bpmn:laneSet id=\"ls2\"><bpmn:lane id=\"l2\">\n"
"      <bpmn:flowNodeRef></bpmn:flowNodeRef><bpmn:flowNodeRef> u1</bpmn:flowNodeRef>\n"
"      <bpmn:flowNodeRef>u1</bpmn:flowNodeRef><bpmn:flowNodeRef>u2</bpmn:flowNodeRef>\n"
"    </bpmn:lane></bpmn:laneSet><bpmn:task id=\"u1\"/><bpmn:task id=\"u2\"/></bpmn:process>\n"
"  <bpmndi:BPMNDiagram id=\"d\"><bpmndi:BPMNPlane id=\"pl\" bpmnElement=\"p\">\n"
"    <bpmndi:BPMNShape id=\"s1\" bpmnElement=\"tns:t1\"><dc:Bounds x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></bpmndi:BPMNShape>\n"
"    <bpmndi:BPMNShape id=\"s2\" bpmnElement=\"t7\"><dc:Bounds x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></bpmndi:BPMNShape>\n"
"    <bpmndi:BPMNShape id=\"s3\" bpmnElement=\"nothing\"><dc:Bounds x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></bpmndi:BPMNShape>\n"
"    <bpmndi:BPMNShape id=\"s4\" bpmnElement=\"t9\"><dc:Bounds x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></bpmndi:BPMNShape>\n"
"  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n"
"</bpmn:definitions>\n";
/* clang-format on */

static long idx(const struct ka_el *el)
{
	return el ? (long)el->index : -1;
}

/* Reads data both ways (repair or not) and asserts the results are the same; 1 when it read. */
static int same_both_ways(const char *data, size_t len, const char *file, bool repair)
{
	struct ka_map *m[2] = {NULL, NULL};
	struct ka_diag d[2];
	int err[2];
	size_t k, i, j;

	for (k = 0; k < 2; k++) {
		struct ka_read_opts o;

		ka_read_opts_init(&o);
		o.repair = repair;
		o.threads_from = k ? 1 : SIZE_MAX;
		ka_diag_init(&d[k], file);
		err[k] = ka_bpmn_read(&m[k], data, len, file, &o, &d[k]);
	}
	assert_int_equal(err[0], err[1]);
	if (err[0]) {
		assert_string_equal(d[0].message, d[1].message);
		assert_int_equal(d[0].line, d[1].line);
		return 0;
	}
	assert_int_equal(m[0]->els.n, m[1]->els.n);
	for (i = 0; i < m[0]->els.n; i++) {
		const struct ka_el *a = m[0]->els.v[i], *b = m[1]->els.v[i];

		assert_int_equal(idx(a->source), idx(b->source));
		assert_int_equal(idx(a->target), idx(b->target));
		assert_int_equal(idx(a->ref), idx(b->ref));
		assert_int_equal(idx(a->di), idx(b->di));
		assert_int_equal(idx(a->lane), idx(b->lane));
		assert_int_equal(a->nlanes, b->nlanes);
		assert_int_equal(idx(a->participant), idx(b->participant));
		assert_int_equal(idx(a->attached_to), idx(b->attached_to));
		assert_int_equal(idx(a->default_flow), idx(b->default_flow));
		assert_int_equal(a->evdefs, b->evdefs);
		assert_int_equal(a->nevdefs, b->nevdefs);
		assert_int_equal(a->incoming.n, b->incoming.n);
		assert_int_equal(a->outgoing.n, b->outgoing.n);
		for (j = 0; j < a->incoming.n; j++)
			assert_int_equal(idx(a->incoming.v[j]), idx(b->incoming.v[j]));
		for (j = 0; j < a->outgoing.n; j++)
			assert_int_equal(idx(a->outgoing.v[j]), idx(b->outgoing.v[j]));
		/* DI geometry (pass 3's second thread decodes it) */
		assert_int_equal(a->has_bounds, b->has_bounds);
		assert_int_equal(a->has_label_bounds, b->has_label_bounds);
		assert_memory_equal(&a->bounds, &b->bounds, sizeof(a->bounds));
		assert_memory_equal(&a->label_bounds, &b->label_bounds, sizeof(a->label_bounds));
		assert_int_equal(a->is_horizontal, b->is_horizontal);
		assert_int_equal(a->has_is_horizontal, b->has_is_horizontal);
		assert_int_equal(a->is_expanded, b->is_expanded);
		assert_int_equal(a->has_is_expanded, b->has_is_expanded);
		assert_int_equal(a->nwaypoints, b->nwaypoints);
		if (a->nwaypoints)
			assert_memory_equal(a->waypoints, b->waypoints,
			                    a->nwaypoints * sizeof(*a->waypoints));
		assert_int_equal(!a->ext, !b->ext);
	}
	assert_int_equal(m[0]->nrepairs, m[1]->nrepairs);
	for (i = 0; i < m[0]->nrepairs; i++) {
		assert_string_equal(m[0]->repairs[i].code, m[1]->repairs[i].code);
		assert_string_equal(m[0]->repairs[i].message, m[1]->repairs[i].message);
	}
	for (int lang = 0; lang < 2; lang++) {
		struct ka_findings f[2];

		for (k = 0; k < 2; k++) {
			struct ka_check_config cfg;

			ka_check_config_init(&cfg);
			cfg.lang = lang ? KA_LANG_SV : KA_LANG_EN;
			cfg.threads_from = k ? 1 : SIZE_MAX;
			ka_findings_init(&f[k]);
			assert_int_equal(ka_check_run(m[k], &cfg, &f[k]), 0);
			ka_check_config_release(&cfg);
		}
		assert_int_equal(f[0].n, f[1].n);
		assert_memory_equal(f[0].counts, f[1].counts, sizeof(f[0].counts));
		for (i = 0; i < f[0].n; i++) {
			assert_string_equal(f[0].v[i].rule, f[1].v[i].rule);
			assert_int_equal(f[0].v[i].el->index, f[1].v[i].el->index);
			assert_int_equal(f[0].v[i].severity, f[1].v[i].severity);
			assert_string_equal(f[0].v[i].message, f[1].v[i].message);
		}
		nfindings += f[0].n;
		for (k = 0; k < 2; k++)
			ka_findings_release(&f[k]);
	}
	{
		struct ka_buf w[2];

		for (k = 0; k < 2; k++) {
			ka_buf_init(&w[k], KA_BUF_UNLIMITED);
			assert_int_equal(ka_bpmn_write(m[k], &w[k]), 0);
		}
		assert_int_equal(w[0].len, w[1].len);
		assert_memory_equal(w[0].data, w[1].data, w[0].len);
		for (k = 0; k < 2; k++)
			ka_buf_release(&w[k]);
	}
	ka_map_free(m[0]);
	ka_map_free(m[1]);
	return 1;
}

static void test_quirks_in_the_second_half(void **state)
{
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;

	(void)state;
	assert_int_equal(same_both_ways(QUIRKS, sizeof(QUIRKS) - 1, "quirks.bpmn", true), 1);
	assert_int_equal(same_both_ways(QUIRKS, sizeof(QUIRKS) - 1, "quirks.bpmn", false), 0);
	/* the repairs really happened on the threaded path */
	ka_read_opts_init(&o);
	o.repair = true;
	o.threads_from = 1;
	ka_diag_init(&d, "quirks.bpmn");
	assert_int_equal(ka_bpmn_read(&m, QUIRKS, sizeof(QUIRKS) - 1, "quirks.bpmn", &o, &d), 0);
	assert_true(m->nrepairs >= 5); /* duplicate t7, gone, nowhere, x:t3, nothing */
	assert_ptr_equal(ka_map_find(m, "f1")->source, ka_map_find(m, "t1"));
	assert_ptr_equal(ka_map_find(m, "s1")->ref, ka_map_find(m, "t1"));
	assert_int_equal(ka_map_find(m, "t9")->incoming.n, 2);
	assert_ptr_equal(ka_map_find(m, "u2")->lane, ka_map_find(m, "l2"));
	assert_int_equal(ka_map_find(m, "u1")->nlanes, 2);
	assert_int_equal(ka_map_find(m, "u2")->nlanes, 1);
	ka_map_free(m);
}

/*
 * A map whose DI (pass 3's second thread, from both ends) holds, spread over
 * several chunks: bounds the reader repairs (negative, missing), flags, a DI
 * shape with extension elements, labels, and a process after the diagram; and,
 * when `bad` is set, a coordinate that is no number. Everything the threads
 * leave must be finished in document order: the same notes, in the same order.
 */
static void di_quirks(struct ka_buf *b, int bad)
{
	int i;

	ka_buf_reset(b);
	ka_buf_adds(
	    b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
	       " xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\"\n"
	       " xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\"\n"
	       " xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\"\n"
	       " xmlns:kartla=\"urn:kartla:bpmn:1.0\" id=\"defs\">\n <bpmn:process id=\"p\">\n");
	for (i = 0; i < 400; i++)
		ka_buf_addf(b, "  <bpmn:task id=\"t%d\" name=\"Handle case %d\"/>\n", i, i);
	for (i = 0; i + 1 < 400; i++)
		ka_buf_addf(
		    b, "  <bpmn:sequenceFlow id=\"f%d\" sourceRef=\"t%d\" targetRef=\"t%d\"/>\n", i,
		    i, i + 1);
	ka_buf_adds(b, " </bpmn:process>\n <bpmndi:BPMNDiagram id=\"d\">"
	               "<bpmndi:BPMNPlane id=\"pl\" bpmnElement=\"p\">\n");
	for (i = 0; i < 400; i++) {
		const char *w = i % 97 == 5 ? "-100" : "100",
		           *h = i % 131 == 7 ? "" : " height=\"80\"";

		ka_buf_addf(b, "  <bpmndi:BPMNShape id=\"s%d\" bpmnElement=\"t%d\"%s>", i, i,
		            i % 3 ? "" : " isExpanded=\"true\" isHorizontal=\"false\"");
		if (i == 251) /* nothing else to repair here: only the extension keeps it from the
		                 threads */
			ka_buf_adds(b, "<bpmn:extensionElements><kartla:note value=\"x\"/>"
			               "</bpmn:extensionElements>");
		ka_buf_addf(b, "<dc:Bounds x=\"%s\" y=\"%d.5\" width=\"%s\"%s/>",
		            bad && i == 333 ? "1e999" : "12", i, w, h);
		if (i % 50 == 0)
			ka_buf_addf(b,
			            "<bpmndi:BPMNLabel><dc:Bounds x=\"1\" y=\"2\" width=\"%s\" "
			            "height=\"3\"/></bpmndi:BPMNLabel>",
			            i % 100 ? "-4" : "4");
		ka_buf_adds(b, "</bpmndi:BPMNShape>\n");
	}
	for (i = 0; i + 1 < 400; i++)
		ka_buf_addf(
		    b,
		    "  <bpmndi:BPMNEdge id=\"e%d\" bpmnElement=\"f%d\"><di:waypoint x=\"%d\" "
		    "y=\"1\"/><di:waypoint x=\"%d.25\" y=\"2\"/></bpmndi:BPMNEdge>\n",
		    i, i, i, i + 1);
	ka_buf_adds(
	    b, " </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n"
	       " <bpmn:process id=\"after\"><bpmn:task id=\"late\"/>"
	       "<bpmn:sequenceFlow id=\"lf\" sourceRef=\"late\" targetRef=\"t1\"/></bpmn:process>\n"
	       "</bpmn:definitions>\n");
}

static void test_di_in_the_second_half(void **state)
{
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	di_quirks(&b, 0);
	assert_int_equal(same_both_ways(b.data, b.len, "di.bpmn", true), 1);
	assert_int_equal(same_both_ways(b.data, b.len, "di.bpmn", false), 0); /* refused alike */
	/* the threaded path did repair: negative and missing sizes, in document order */
	ka_read_opts_init(&o);
	o.repair = true;
	o.threads_from = 1;
	ka_diag_init(&d, "di.bpmn");
	assert_int_equal(ka_bpmn_read(&m, b.data, b.len, "di.bpmn", &o, &d), 0);
	assert_true(m->nrepairs >= 10);
	assert_int_equal(ka_map_find(m, "e398")->nwaypoints, 2);
	assert_true(ka_map_find(m, "e398")->waypoints[1].x == 399.25);
	assert_true(ka_map_find(m, "s5")->bounds.w == 100); /* -100 repaired */
	assert_ptr_equal(ka_map_find(m, "lf")->target, ka_map_find(m, "t1"));
	assert_int_equal(ka_map_find(m, "t1")->incoming.n, 2);
	ka_map_free(m);
	di_quirks(&b, 1);
	assert_int_equal(same_both_ways(b.data, b.len, "di.bpmn", true), 0);
	ka_buf_release(&b);
}

/* clang-format off */
/* Ids taken twice and three times: a supporting element loses its id to a task. */
static const char DUPS[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"defs\" targetNamespace=\"urn:d\">\n"
"  <bpmn:globalTask id=\"x\"/>\n"
"  <bpmn:process id=\"p\"><bpmn:task id=\"x\"/><bpmn:task id=\"x\"/><bpmn:task id=\"y\"/>\n"
"    <bpmn:task id=\"y\"/><bpmn:sequenceFlow id=\"f\" sourceRef=\"x\" targetRef=\"y\"/></bpmn:process>\n"
"</bpmn:definitions>\n";

/* A taken id, then an element that stops pass 1: the taken id is the first error. */
static const char DUP_THEN_UNKNOWN[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"defs\" targetNamespace=\"urn:d\">\n"
"  <bpmn:process id=\"p\"><bpmn:task id=\"a\"/><bpmn:task id=\"a\"/><bpmn:noSuchThing id=\"z\"/></bpmn:process>\n"
"</bpmn:definitions>\n";
/* clang-format on */

static void test_taken_ids(void **state)
{
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;
	size_t k;

	(void)state;
	assert_int_equal(same_both_ways(DUPS, sizeof(DUPS) - 1, "dups.bpmn", true), 1);
	assert_int_equal(same_both_ways(DUPS, sizeof(DUPS) - 1, "dups.bpmn", false), 0);
	assert_int_equal(
	    same_both_ways(DUP_THEN_UNKNOWN, sizeof(DUP_THEN_UNKNOWN) - 1, "d.bpmn", false), 0);
	for (k = 0; k < 2; k++) {
		ka_read_opts_init(&o);
		o.threads_from = k ? 1 : SIZE_MAX;
		ka_diag_init(&d, "d.bpmn");
		assert_int_equal(ka_bpmn_read(&m, DUP_THEN_UNKNOWN, sizeof(DUP_THEN_UNKNOWN) - 1,
		                              "d.bpmn", &o, &d),
		                 KA_ERR_REF);
		assert_non_null(strstr(d.message, "duplicate id 'a'"));
		assert_int_equal(d.line, 3);

		o.repair = true;
		ka_diag_init(&d, "dups.bpmn");
		assert_int_equal(ka_bpmn_read(&m, DUPS, sizeof(DUPS) - 1, "dups.bpmn", &o, &d), 0);
		/* the first task keeps x (over the global task before it), the first y keeps y */
		assert_string_equal(ka_map_find(m, "x")->xml->name->local, "task");
		assert_int_equal(ka_map_find(m, "x")->xml->column, 24);
		assert_ptr_equal(ka_map_find(m, "f")->source, ka_map_find(m, "x"));
		assert_int_equal(m->nrepairs, 3);
		ka_map_free(m);
	}
}

static int nfiles;

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t n = strlen(path);
	struct ka_buf b;

	(void)st;
	(void)ftw;
	if (flag != FTW_F || n < 5 || strcmp(path + n - 5, ".bpmn"))
		return 0;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	same_both_ways(b.data, b.len, path, true);
	same_both_ways(b.data, b.len, path, false);
	ka_buf_release(&b);
	nfiles++;
	return 0;
}

static void test_every_map_under_tests(void **state)
{
	char dir[4096];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests", source_root);
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	assert_true(nfiles >= 50);
	assert_true(nfindings >= 100);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quirks_in_the_second_half),
	    cmocka_unit_test(test_di_in_the_second_half),
	    cmocka_unit_test(test_taken_ids),
	    cmocka_unit_test(test_every_map_under_tests),
	};

	if (argc > 1)
		source_root = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
