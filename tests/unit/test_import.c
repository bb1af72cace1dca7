/*
 * lib/import: sniffing, reading with a report (every repair with its stable
 * code, line and element), the report as JSON, the editor's answer, and the
 * quirk files of tests/data/bpmn-quirks read by default and refused strictly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kartla/import.h"

/* tests/data/bpmn-quirks, found from this file's own path (meson compiles it by a path
 * relative to the build directory, where the tests run). */
static void quirks_dir(char *out, size_t outsz)
{
	const char *f = __FILE__;
	const char *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	snprintf(out, outsz, "%.*s%s../data/bpmn-quirks", (int)n, f, n ? "/" : "");
}

#define HEAD                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\">\n"

static const char dangling[] = HEAD "  <process id=\"p\">\n"
                                    "    <task id=\"t\"/>\n"
                                    "    <sequenceFlow id=\"f\" sourceRef=\"t\" targetRef=\"x\"/>\n"
                                    "  </process>\n"
                                    "</definitions>\n";

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(ka_import_sniff("PK\x03\x04....", 8, NULL), KA_IMPORT_VSDX);
	assert_int_equal(ka_import_sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL),
	                 KA_IMPORT_VSD);
	assert_int_equal(ka_import_sniff("<?xml version=\"1.0\"?>\n<mxfile>", 29, NULL),
	                 KA_IMPORT_DRAWIO);
	assert_int_equal(ka_import_sniff(dangling, strlen(dangling), NULL), KA_IMPORT_BPMN);
	assert_string_equal(ka_import_format_name(KA_IMPORT_BPMN), "bpmn");
}

static void test_report_of_repairs(void **state)
{
	struct ka_import_report rep;
	struct ka_read_opts o;
	struct ka_map *m = NULL;
	struct ka_diag d;
	json_t *j;

	(void)state;
	ka_import_report_init(&rep);
	ka_read_opts_init(&o);
	ka_diag_init(&d, "m.bpmn");
	/* Strict (the library's default): refused, nothing noted. */
	assert_int_equal(ka_import_read(&m, dangling, strlen(dangling), "m.bpmn", &o, &rep, &d),
	                 KA_ERR_REF);
	assert_null(m);
	assert_int_equal(rep.n, 0);
	assert_null(strstr(d.message, "--"));
	/* Repairing: one note with its code, line and element. */
	o.repair = true;
	assert_int_equal(ka_import_read(&m, dangling, strlen(dangling), "m.bpmn", &o, &rep, &d), 0);
	assert_int_equal(rep.n, 1);
	assert_string_equal(rep.notes[0].code, "bpmn.dangling_ref");
	assert_int_equal(rep.notes[0].line, 5);
	assert_string_equal(rep.notes[0].element_id, "f");
	assert_string_equal(rep.notes[0].where, "line 5, element 'f'");
	assert_int_equal(m->nrepairs, 1);
	assert_string_equal(m->repairs[0].code, "bpmn.dangling_ref");
	j = ka_import_report_to_json(&rep);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")),
	                    "bpmn.dangling_ref");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "line")), 5);
	json_decref(j);
	ka_map_free(m);
	ka_import_report_free(&rep);
	assert_int_equal(rep.n, 0);
}

static void test_answer(void **state)
{
	struct ka_diag d;
	json_t *j = NULL;

	(void)state;
	ka_diag_init(&d, "m.bpmn");
	assert_int_equal(
	    ka_import_answer(&j, dangling, strlen(dangling), "m.bpmn", false, 1 << 20, &d), 0);
	assert_string_equal(json_string_value(json_object_get(j, "format")), "bpmn");
	assert_non_null(strstr(json_string_value(json_object_get(j, "bpmn")),
	                       "kartla:unresolved=\"targetRef=x\""));
	assert_int_equal(json_array_size(json_object_get(j, "repairs")), 1);
	json_decref(j);
	assert_int_equal(
	    ka_import_answer(&j, dangling, strlen(dangling), "m.bpmn", true, 1 << 20, &d),
	    KA_ERR_REF);
	assert_null(j);
	assert_int_equal(ka_import_answer(&j, dangling, strlen(dangling), "m.bpmn", false, 10, &d),
	                 KA_ERR_TOO_BIG);
	assert_int_equal(ka_import_answer(&j, "PK\x03\x04zip", 7, "a.vsdx", false, 1 << 20, &d),
	                 KA_ERR_BPMN);
	assert_non_null(strstr(d.message, "ZIP"));
}

static void test_text_ok(void **state)
{
	(void)state;
	assert_true(ka_import_text_ok("abc \xC3\xA4 \xE2\x82\xAC \xF0\x9F\x98\x80", 15));
	assert_false(ka_import_text_ok("a\xE4", 2));
	assert_false(ka_import_text_ok("a\0b", 3));
	assert_false(ka_import_text_ok("\xED\xA0\x80", 3)); /* a surrogate */
	assert_false(ka_import_text_ok("\xC3", 1));         /* cut short */
}

/* Each quirk file: read by default with the notes named, refused strictly (or read, for encodings).
 */
static void test_quirk_files(void **state)
{
	static const struct {
		const char *file;
		const char *code; /* NULL: nothing to repair, strict reads it too */
	} quirks[] = {
	    {"windows-1252.bpmn", NULL},
	    {"iso-8859-15.bpmn", NULL},
	    {"shift-jis.bpmn", NULL},
	    {"latin1-declared-utf8.bpmn", "xml.not_utf8"},
	    {"negative-label-bounds.bpmn", "bpmn.bounds_negative"},
	    {"bounds-without-height.bpmn", "bpmn.bounds_missing"},
	    {"vendor-element.bpmn", "bpmn.unknown_element"},
	    {"dangling-ref.bpmn", "bpmn.dangling_ref"},
	    {"duplicate-id.bpmn", "bpmn.duplicate_id"},
	};
	char path[512], dir[400];
	size_t i;

	(void)state;
	quirks_dir(dir, sizeof(dir));
	for (i = 0; i < sizeof(quirks) / sizeof(quirks[0]); i++) {
		struct ka_import_report rep;
		struct ka_read_opts o;
		struct ka_map *m = NULL;
		struct ka_diag d;
		int err;

		snprintf(path, sizeof(path), "%s/%s", dir, quirks[i].file);
		ka_import_report_init(&rep);
		ka_read_opts_init(&o);
		ka_diag_init(&d, path);
		err = ka_import_read_file(&m, path, &o, &rep, &d);
		if (quirks[i].code) {
			assert_int_not_equal(err, 0);
			assert_null(m);
		} else {
			assert_int_equal(err, 0);
			ka_map_free(m);
		}
		o.repair = true;
		err = ka_import_read_file(&m, path, &o, &rep, &d);
		if (err)
			fail_msg("%s: %s", quirks[i].file, d.message);
		if (quirks[i].code) {
			assert_true(rep.n >= 1);
			assert_string_equal(rep.notes[0].code, quirks[i].code);
			assert_true(rep.notes[0].line > 0);
		} else {
			assert_int_equal(rep.n, 0);
		}
		ka_map_free(m);
		ka_import_report_free(&rep);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),       cmocka_unit_test(test_report_of_repairs),
	    cmocka_unit_test(test_answer),      cmocka_unit_test(test_text_ok),
	    cmocka_unit_test(test_quirk_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
