/*
 * Unit tests for lib/visio: the hand-made drawings of tests/data/visio (made by its
 * make_vsdx.py) translated into BPMN, the notes made, and hostile input refused with
 * the part named. The data folder is found from this file's path (tests run in the
 * build directory) or from $VISIO_DATA.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/import.h"
#include "kartla/model.h"
#include "kartla/visio.h"

static void data_path(char *out, size_t outsz, const char *name)
{
	const char *env = getenv("VISIO_DATA");
	const char *slash = strrchr(__FILE__, '/');

	if (env)
		snprintf(out, outsz, "%s/%s", env, name);
	else
		snprintf(out, outsz, "%.*s/../data/visio/%s", (int)(slash ? slash - __FILE__ : 0),
		         __FILE__, name);
}

static void load(struct ka_buf *b, const char *name)
{
	char path[4096];

	data_path(path, sizeof path, name);
	ka_buf_init(b, 64u << 20);
	if (ka_buf_read_file(b, path))
		fail_msg("cannot read %s (set VISIO_DATA to tests/data/visio)", path);
}

struct run {
	struct ka_buf bpmn;
	struct ka_import_report rep;
	struct ka_diag diag;
	int err;
};

static void translate(struct run *r, const char *name)
{
	struct ka_buf in;

	load(&in, name);
	ka_buf_init(&r->bpmn, KA_BUF_UNLIMITED);
	ka_import_report_init(&r->rep);
	ka_diag_init(&r->diag, name);
	r->err = ka_visio_to_bpmn(&r->bpmn, in.data, in.len, name, &r->rep, &r->diag);
	ka_buf_release(&in);
}

static void done(struct run *r)
{
	ka_buf_release(&r->bpmn);
	ka_import_report_free(&r->rep);
}

static void has(const struct run *r, const char *text)
{
	if (!strstr(r->bpmn.data, text))
		fail_msg("BPMN lacks %s:\n%s", text, r->bpmn.data);
}

static void noted(const struct run *r, const char *code, const char *where)
{
	for (size_t i = 0; i < r->rep.n; i++)
		if (!strcmp(r->rep.notes[i].code, code) && !strcmp(r->rep.notes[i].where, where))
			return;
	fail_msg("no note %s at %s", code, where);
}

static size_t count(const struct run *r, const char *text)
{
	size_t n = 0;

	for (const char *p = r->bpmn.data; (p = strstr(p, text)); p++)
		n++;
	return n;
}

static void test_flowchart(void **state)
{
	struct run r;

	(void)state;
	translate(&r, "flowchart.vsdx");
	assert_int_equal(r.err, 0);
	has(&r, "<startEvent id=\"P1_S0\" name=\"Start\">");
	has(&r, "<task id=\"P1_S1\" name=\"Motta søknad\">"); /* line break -> space */
	has(&r, "<exclusiveGateway id=\"P1_S2\" name=\"Komplett?\">");
	has(&r, "<endEvent id=\"P1_S4\" name=\"Slutt\">");
	has(&r, "<dataObjectReference id=\"P1_S6\" dataObjectRef=\"P1_D6\" name=\"Søknad\">");
	has(&r, "name=\"Ja\" sourceRef=\"P1_S2\" targetRef=\"P1_S3\"");
	has(&r, "name=\"Nei\" sourceRef=\"P1_S2\" targetRef=\"P1_S5\"");
	has(&r, "<association id=\"P1_S14\" sourceRef=\"P1_S6\" targetRef=\"P1_S1\"/>");
	assert_int_equal(count(&r, "<sequenceFlow "), 6);
	assert_int_equal(count(&r, "<bpmndi:BPMNShape "), 7);
	/* PinX 2.5 in, width 1.2 in -> x = (2.5 - 0.6) * 96; y flipped: (8.5 - 6.375) * 96 */
	has(&r, "<dc:Bounds x=\"182\" y=\"204\" width=\"115\" height=\"72\"/>");
	noted(&r, "visio.unmapped_shape", "page 1, shape 17");
	noted(&r, "visio.guessed_type", "page 1, shape 10");
	done(&r);
}

/* The same flowchart as Visio 2003 XML: cells are elements inside XForm and XForm1D. */
static void test_vdx(void **state)
{
	struct run r;

	(void)state;
	translate(&r, "flowchart.vdx");
	assert_int_equal(r.err, 0);
	has(&r, "<startEvent id=\"P1_S0\" name=\"Start\">");
	has(&r, "<task id=\"P1_S1\" name=\"Motta søknad\">");
	has(&r, "<exclusiveGateway id=\"P1_S2\" name=\"Komplett?\">");
	has(&r, "name=\"Nei\" sourceRef=\"P1_S2\" targetRef=\"P1_S4\"");
	has(&r, "<dc:Bounds x=\"182\" y=\"204\" width=\"115\" height=\"72\"/>");
	assert_int_equal(count(&r, "<sequenceFlow "), 5);
	done(&r);
}

static void test_cross_functional(void **state)
{
	struct run r;

	(void)state;
	translate(&r, "cff.vsdx");
	assert_int_equal(r.err, 0);
	has(&r, "<participant id=\"P1_S0\" name=\"Innkjøp\" processRef=\"P1_Process0\"/>");
	has(&r, "<lane id=\"P1_S1\" name=\"Bestiller\"><flowNodeRef>P1_S4</flowNodeRef>"
	        "<flowNodeRef>P1_S5</flowNodeRef></lane>");
	has(&r, "<lane id=\"P1_S2\" name=\"Økonomi\"><flowNodeRef>P1_S6</flowNodeRef>"
	        "<flowNodeRef>P1_S7</flowNodeRef></lane>");
	has(&r, "sourceRef=\"P1_S5\" targetRef=\"P1_S6\""); /* the flow across lanes */
	noted(&r, "visio.phase", "page 1, shape 4");
	done(&r);
}

static void test_bpmn_stencil(void **state)
{
	struct run r;

	(void)state;
	translate(&r, "bpmn.vsdx");
	assert_int_equal(r.err, 0);
	has(&r, "<startEvent id=\"P1_S2\" name=\"Søknad mottatt\">");
	has(&r, "<messageEventDefinition id=\"P1_E2\"/>");
	has(&r, "<userTask id=\"P1_S3\" name=\"Registrer\">");
	assert_int_equal(count(&r, "<parallelGateway "), 2);
	has(&r, "<intermediateCatchEvent id=\"P1_S5\" name=\"Vent en uke\">");
	has(&r, "<timerEventDefinition id=\"P1_E5\"/>");
	has(&r, "<subProcess id=\"P1_S6\" name=\"Vurder\">");
	has(&r, "<messageFlow id=\"P1_S18\" name=\"Vedtak\" sourceRef=\"P1_S8\" "
	        "targetRef=\"P1_S1\"/>");
	has(&r, "<textAnnotation id=\"P1_S9\"><text>Frist: 3 uker</text></textAnnotation>");
	has(&r, "<dataStoreReference id=\"P1_S10\" name=\"Arkiv\">");
	assert_int_equal(count(&r, "<participant "), 2);
	done(&r);
}

static void test_loose_connector(void **state)
{
	struct run r;

	(void)state;
	translate(&r, "loose.vsdx");
	assert_int_equal(r.err, 0);
	assert_int_equal(count(&r, "<sequenceFlow "), 1);
	noted(&r, "visio.loose_connector", "page 1, shape 4");
	/* an association glued to a shape left out is left out too (no dangling reference) */
	noted(&r, "visio.unmapped_shape", "page 1, shape 5");
	noted(&r, "visio.unmapped_connector", "page 1, shape 6");
	assert_int_equal(count(&r, "<association "), 0);
	done(&r);
}

/* The translation reads back as a map through lib/import. */
static void test_import_reads_it(void **state)
{
	const char *names[] = {"flowchart.vsdx", "cff.vsdx", "bpmn.vsdx", "loose.vsdx",
	                       "flowchart.vdx"};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct ka_buf in;
		struct ka_map *m = NULL;
		struct ka_read_opts opts;
		struct ka_import_report rep;
		struct ka_diag diag;
		int err;

		load(&in, names[i]);
		ka_read_opts_init(&opts);
		ka_import_report_init(&rep);
		ka_diag_init(&diag, names[i]);
		err = ka_import_read(&m, in.data, in.len, names[i], &opts, &rep, &diag);
		if (err)
			fail_msg("%s: %s", names[i], diag.message);
		assert_non_null(m);
		ka_map_free(m);
		ka_import_report_free(&rep);
		ka_buf_release(&in);
	}
}

static void refused(const char *name, const char *part, const char *words)
{
	struct run r;

	translate(&r, name);
	assert_true(r.err < 0);
	if (part && strcmp(r.diag.element_id, part) && !strstr(r.diag.message, part))
		fail_msg("%s: part '%s', expected '%s' (%s)", name, r.diag.element_id, part,
		         r.diag.message);
	if (!strstr(r.diag.message, words))
		fail_msg("%s: message '%s' lacks '%s'", name, r.diag.message, words);
	assert_string_equal(r.diag.file, name);
	done(&r);
}

static void test_hostile(void **state)
{
	(void)state;
	refused("bad-notzip.vsdx", NULL, "not a readable ZIP package");
	refused("bad-traversal.vsdx", "../../etc/evil.xml", "leaves the package");
	refused("bad-reltarget.vsdx", "visio/pages/_rels/pages.xml.rels", "leaves the package");
	refused("bad-doctype.vsdx", "visio/pages/page1.xml", "DOCTYPE");
	refused("bad-zipbomb.vsdx", "visio/media/zeros.bin", "ZIP bomb");
	refused("bad-pagebomb.vsdx", "visio/pages/page1.xml", "ZIP bomb");
	refused("bad-corrupt.vsd", NULL, ".vsd");
}

/* Every prefix of a good package is refused or read, never a crash (ASan builds). */
static void test_truncated(void **state)
{
	struct ka_buf in;

	(void)state;
	load(&in, "flowchart.vsdx");
	for (size_t len = 0; len < in.len; len += 97) {
		struct ka_buf out;
		struct ka_import_report rep;
		struct ka_diag diag;

		ka_buf_init(&out, KA_BUF_UNLIMITED);
		ka_import_report_init(&rep);
		ka_diag_init(&diag, "cut.vsdx");
		assert_true(ka_visio_to_bpmn(&out, in.data, len, "cut.vsdx", &rep, &diag) < 0);
		ka_buf_release(&out);
		ka_import_report_free(&rep);
	}
	ka_buf_release(&in);
}

static void test_not_visio(void **state)
{
	struct run r = {0};
	static const char vdx[] = "<?xml version='1.0'?><VisioDocument xmlns='x'/>";

	(void)state;
	ka_buf_init(&r.bpmn, KA_BUF_UNLIMITED);
	ka_import_report_init(&r.rep);
	ka_diag_init(&r.diag, "x.vdx");
	assert_int_equal(ka_visio_to_bpmn(&r.bpmn, vdx, sizeof vdx - 1, "x.vdx", &r.rep, &r.diag),
	                 KA_ERR_BPMN);
	assert_non_null(strstr(r.diag.message, "no pages"));
	assert_int_equal(ka_visio_to_bpmn(&r.bpmn, "", 0, "e.vsdx", &r.rep, &r.diag), KA_ERR_BPMN);
	assert_non_null(strstr(r.diag.message, "not a Visio drawing"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flowchart),        cmocka_unit_test(test_vdx),
	    cmocka_unit_test(test_cross_functional), cmocka_unit_test(test_bpmn_stencil),
	    cmocka_unit_test(test_loose_connector),  cmocka_unit_test(test_import_reads_it),
	    cmocka_unit_test(test_hostile),          cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_not_visio),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
