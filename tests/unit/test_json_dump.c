/* Unit tests for lib/json_dump.c: the same text as jansson's json_dumps for every kind of value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/json_dump.h"

#define FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Compares the two writers on `j` (a new reference, released here). */
static void same(json_t *j)
{
	char *want = json_dumps(j, FLAGS | JSON_ENCODE_ANY);
	struct ka_buf b;

	assert_non_null(want);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_json_dump(j, &b), 0);
	if (strcmp(b.data, want))
		fail_msg("ka_json_dump wrote\n  %s\njansson wrote\n  %s", b.data, want);
	ka_buf_release(&b);
	free(want);
	json_decref(j);
}

static void test_scalars(void **state)
{
	static const double reals[] = {
	    0.0,         -0.0,    1.0,    -1.5, 0.1,  1e20,    1e-5,    1.5e300,         3e-300,
	    123456789.0, 1.0 / 3, 2.5e-7, 1e15, 1e16, DBL_MAX, DBL_MIN, 31.0507494972646};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		same(json_real(reals[i]));
	/* whole thousandths take a path of their own: the same bytes as %.15g */
	for (i = 0; i < 20000; i++) {
		double k =
		    (double)((long long)(i * 7919) % 4000000 - 2000000) * (i % 3 ? 1 : 1234.0);

		same(json_real(k / 1000.0));
		same(json_real(round((k + 0.37) * 1.000001) / 1000.0));
	}
	same(json_real(999999999999.999));
	same(json_real(-0.001));
	same(json_real(0.001));
	same(json_real(2000.0));
	same(json_real(2023.382));
	same(json_integer(0));
	same(json_integer(-9223372036854775807LL - 1));
	same(json_integer(9223372036854775807LL));
	same(json_true());
	same(json_false());
	same(json_null());
}

static void test_strings(void **state)
{
	char all[33];
	size_t i;

	(void)state;
	same(json_string(""));
	same(json_string("søknad åäö æøå \"quoted\" back\\slash a/b"));
	same(json_string("tab\tnew\nline\rcr\bbs\fff"));
	for (i = 0; i < 32; i++)
		all[i] = (char)(i + 1);
	all[31] = 0x7f;
	all[32] = 0;
	same(json_string(all));
	same(json_stringn("nul\0inside", 10));
	same(json_string("\xe2\x80\xa8 line separator, \xf0\x9f\x98\x80 emoji, \x02marked\x03"));
}

static void test_containers(void **state)
{
	json_t *o = json_object(), *a = json_array();

	(void)state;
	same(json_object());
	same(json_array());
	json_object_set_new(o, "zeta", json_integer(1));
	json_object_set_new(o, "alpha \"quoted\"", json_array());
	json_object_set_new(
	    o, "nested", json_pack("{s:[i, f, s, n, b], s:{}}", "list", 1, 2.5, "x", 0, "empty"));
	json_array_append_new(a, json_deep_copy(o));
	json_array_append_new(a, json_string("æ"));
	same(json_incref(o));
	same(a);
	/* insertion order, also after a key is replaced and another deleted */
	json_object_set_new(o, "zeta", json_string("replaced"));
	json_object_del(o, "nested");
	json_object_set_new(o, "last", json_null());
	same(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalars),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_containers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
