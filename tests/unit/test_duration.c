/* Unit tests for ka_duration_parse (lib/bpmn_ext.c): a table of valid and invalid ISO 8601
 * durations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "kartla/bpmn.h"

static const struct {
	const char *text;
	double seconds;
} valid[] = {
    {"PT10M", 600},
    {"PT0S", 0},
    {"P0D", 0},
    {"PT1S", 1},
    {"PT1H", 3600},
    {"P2D", 2 * 86400},
    {"P1W", 7 * 86400},
    {"PT1.5H", 5400},
    {"PT0.5S", 0.5},
    {"PT1,5H", 5400}, /* ISO 8601 also allows a comma as decimal sign */
    {"P1DT2H", 86400 + 7200},
    {"P1DT2H30M15S", 86400 + 7200 + 1800 + 15},
    {"PT90M", 5400}, /* no carry-over rules: 90 minutes are fine */
    {"PT36H", 36 * 3600},
    {"P1DT1S", 86401},
    {"P3W2D", 23 * 86400},
    {"PT1H1S", 3601},
    {"P0DT0H0M0S", 0},
    {"P365D", 365 * 86400.0},
};

static const char *const invalid[] = {
    "",                                   /* empty */
    "P",                                  /* no component */
    "PT",                                 /* time designator without a component */
    "P1DT",                               /* dangling time designator */
    "P1M",                                /* months have no fixed length */
    "P1Y",                                /* years neither */
    "P1Y2D",                              /* ... even with days */
    "PT-5M",                              /* negative component */
    "-PT5M",                              /* negative duration */
    "P-1D",                               /* negative days */
    "P1H",                                /* hours before T */
    "P1S",                                /* seconds before T */
    "PT1D",                               /* days after T */
    "PT1W",                               /* weeks after T */
    "10M",                                /* no P */
    "pt10m",                              /* lower case */
    "PT10",                               /* number without a unit */
    "PTM",                                /* unit without a number */
    "PT10MM",                             /* unit twice */
    "PT5M10M",                            /* same unit twice */
    "PT1S1M",                             /* units out of order */
    "P1D2W",                              /* weeks after days */
    "PT1H T1M",                           /* space */
    " PT1H",                              /* leading space */
    "PT1H ",                              /* trailing space */
    "PTT1H",                              /* T twice */
    "P1DTT1H",                            /* T twice */
    "PT.5H",                              /* no digit before the point */
    "PTinfH",                             /* not a number */
    "PTnanS",                             /* not a number */
    "PT1X",                               /* unknown unit */
    "P1D\n",                              /* trailing newline */
    "PT0x1AM",                            /* hexadecimal */
    "PT0x10S",                            /* hexadecimal */
    "P0x1W",                              /* hexadecimal */
    "PT1e2M",                             /* exponent */
    "PT1E1S",                             /* exponent */
    "P1e1D",                              /* exponent */
    "PT1.H",                              /* decimal sign without a digit after it */
    "PT1,H",                              /* decimal sign without a digit after it */
    "PT+1H",                              /* sign */
    "P99999999999999999999D",             /* beyond the supported range */
    "PT1000000000000000000000000000000S", /* huge */
};

static void test_valid_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		double s = -1;
		int err = ka_duration_parse(valid[i].text, &s);

		if (err || fabs(s - valid[i].seconds) > 1e-9) {
			print_error("'%s': err %d, %g seconds, expected %g\n", valid[i].text, err,
			            s, valid[i].seconds);
			fail();
		}
	}
}

static void test_invalid_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		double s = 12345;
		int err = ka_duration_parse(invalid[i], &s);

		if (err != KA_ERR_BPMN) {
			print_error("'%s' was accepted (err %d, %g seconds)\n", invalid[i], err, s);
			fail();
		}
		/* A refused duration leaves the output alone. */
		assert_true(s == 12345);
	}
}

static void test_large_values_stay_finite(void **state)
{
	double s = 0;

	(void)state;
	/* The largest values accepted give a finite, non-negative total. */
	if (ka_duration_parse("P999999999999W", &s) == 0) {
		assert_true(isfinite(s));
		assert_true(s > 0);
	}
	assert_int_equal(ka_duration_parse("P10000W", &s), 0);
	assert_true(fabs(s - 10000.0 * 7 * 86400) < 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_table),
	    cmocka_unit_test(test_invalid_table),
	    cmocka_unit_test(test_large_values_stay_finite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
