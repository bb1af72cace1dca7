/*
 * Unit tests for ka_duration_text_parse / ka_duration_text_format
 * (lib/bpmn/duration_text.c) over tests/data/durations/durations.json, the
 * table web/src/duration.js is tested against too (tests/oracle/durations.test.mjs).
 * Argument: the source root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kartla/duration_text.h"

static const char *root = ".";

static json_t *table(void)
{
	char path[4096];
	json_error_t jerr;
	json_t *t;

	snprintf(path, sizeof(path), "%s/tests/data/durations/durations.json", root);
	t = json_load_file(path, 0, &jerr);
	if (!t)
		fail_msg("%s: %s", path, jerr.text);
	return t;
}

static void test_ok(void **state)
{
	json_t *t = table(), *row;
	size_t i, per_lang[3] = {0};

	(void)state;
	json_array_foreach(json_object_get(t, "ok"), i, row)
	{
		const char *in = json_string_value(json_array_get(row, 0));
		const char *lang = json_string_value(json_array_get(row, 1));
		const char *iso = json_string_value(json_array_get(row, 2));
		double secs = json_number_value(json_array_get(row, 3));
		struct ka_duration_text d, back;
		struct ka_diag diag;
		char shown[128];

		ka_diag_init(&diag, NULL);
		if (ka_duration_text_parse(&d, in, lang, &diag))
			fail_msg("'%s' (%s) refused: %s", in, lang, diag.message);
		if (strcmp(d.iso, iso) || fabs(d.seconds - secs) > 1e-6)
			fail_msg("'%s' (%s) gave %s = %g s, expected %s = %g s", in, lang, d.iso,
			         d.seconds, iso, secs);
		/* What is shown is read back as the same value. */
		assert_int_equal(ka_duration_text_format(shown, sizeof(shown), d.iso, lang), 0);
		if (ka_duration_text_parse(&back, shown, lang, &diag) || strcmp(back.iso, d.iso))
			fail_msg("'%s' shown as '%s' (%s) does not read back as %s", in, shown,
			         lang, d.iso);
		per_lang[!strcmp(lang, "nb") ? 0 : !strcmp(lang, "sv") ? 1 : 2]++;
	}
	for (i = 0; i < 3; i++)
		assert_true(per_lang[i] >= 60);
	json_decref(t);
}

static void test_bad(void **state)
{
	json_t *t = table(), *row;
	size_t i, n = 0;

	(void)state;
	json_array_foreach(json_object_get(t, "bad"), i, row)
	{
		const char *in = json_string_value(json_array_get(row, 0));
		const char *lang = json_string_value(json_array_get(row, 1));
		const char *part = json_string_value(json_array_get(row, 2));
		struct ka_duration_text d;
		struct ka_diag diag;

		ka_diag_init(&diag, NULL);
		if (ka_duration_text_parse(&d, in, lang, &diag) != KA_ERR_INVALID)
			fail_msg("'%s' (%s) accepted as %s", in, lang, d.iso);
		if (part && !strstr(diag.message, part))
			fail_msg("'%s' (%s): message '%s' does not name '%s'", in, lang,
			         diag.message, part);
		assert_string_equal(diag.element_id, "duration");
		n++;
	}
	assert_true(n >= 60);
	json_decref(t);
}

static void test_format(void **state)
{
	json_t *t = table(), *row;
	size_t i;
	char out[128], tiny[4];

	(void)state;
	json_array_foreach(json_object_get(t, "format"), i, row)
	{
		const char *iso = json_string_value(json_array_get(row, 0));
		const char *lang = json_string_value(json_array_get(row, 1));

		assert_int_equal(ka_duration_text_format(out, sizeof(out), iso, lang), 0);
		assert_string_equal(out, json_string_value(json_array_get(row, 2)));
	}
	assert_int_equal(ka_duration_text_format(out, sizeof(out), "3 dagar", "sv"), KA_ERR_BPMN);
	assert_int_equal(ka_duration_text_format(out, sizeof(out), NULL, "sv"), KA_ERR_BPMN);
	assert_int_equal(ka_duration_text_format(tiny, sizeof(tiny), "P3D", "sv"), KA_ERR_TOO_BIG);
	assert_string_equal(tiny, "");
	json_decref(t);
}

/* Messages are in the language asked for, and hostile bytes never reach them raw. */
static void test_messages(void **state)
{
	struct ka_duration_text d;
	struct ka_diag diag;
	char longer[400];

	(void)state;
	ka_diag_init(&diag, NULL);
	assert_int_equal(ka_duration_text_parse(&d, "3 apor", "sv", &diag), KA_ERR_INVALID);
	assert_non_null(strstr(diag.message, "förstås inte"));
	assert_int_equal(ka_duration_text_parse(&d, "3 aper", "nb", &diag), KA_ERR_INVALID);
	assert_non_null(strstr(diag.message, "forstås ikke"));
	assert_int_equal(ka_duration_text_parse(&d, "3 apes", "en", &diag), KA_ERR_INVALID);
	assert_non_null(strstr(diag.message, "not understood"));
	assert_int_equal(ka_duration_text_parse(&d, "3 \xff\xfe", "en", &diag), KA_ERR_INVALID);
	assert_null(strchr(diag.message, '\xff'));
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(ka_duration_text_parse(&d, longer, "en", &diag), KA_ERR_INVALID);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ok),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_messages),
	};

	if (argc > 1)
		root = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
