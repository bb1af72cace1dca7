/* Unit tests for lib/util/date.c: the one clock reader, validation and day arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "kartla/date.h"
#include "kartla/err.h"

static void test_valid(void **state)
{
	static const char *const good[] = {"2026-12-06", "2024-02-29", "2000-02-29", "1900-01-01",
	                                   "2026-12-31"};
	static const char *const bad[] = {
	    "2026-02-29",  "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
	    "2026-01-01T", "26-01-01",   "1899-12-31", "2026/01/01", "",           "2026-01-0x"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(ka_date_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(ka_date_valid(bad[i]));
	assert_false(ka_date_valid(NULL));
}

static void test_add(void **state)
{
	char out[KA_DATE_LEN];

	(void)state;
	assert_int_equal(ka_date_add(out, "2026-12-06", 30), 0);
	assert_string_equal(out, "2027-01-05");
	assert_int_equal(ka_date_add(out, "2024-02-28", 1), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(ka_date_add(out, "2026-03-01", -1), 0);
	assert_string_equal(out, "2026-02-28");
	/* a timestamp's date part counts; a date that does not exist does not */
	assert_int_equal(ka_date_add(out, "2026-12-06T10:00:00Z", 365), 0);
	assert_string_equal(out, "2027-12-06");
	assert_int_equal(ka_date_add(out, "2026-02-31", 1), KA_ERR_INVALID);
	assert_int_equal(ka_date_add(out, "2026-12-06x", 1), KA_ERR_INVALID);
	assert_int_equal(ka_date_add(out, NULL, 1), KA_ERR_INVALID);
	/* absurd offsets are refused, not wrapped */
	assert_int_equal(ka_date_add(out, "2026-12-06", INT64_MAX), KA_ERR_INVALID);
}

static void test_diff(void **state)
{
	int64_t d = 0;

	(void)state;
	assert_int_equal(ka_date_diff(&d, "2026-12-06", "2027-02-04"), 0);
	assert_int_equal(d, 60);
	assert_int_equal(ka_date_diff(&d, "2026-12-06", "2026-11-22"), 0);
	assert_int_equal(d, -14);
	assert_int_equal(ka_date_diff(&d, "2024-01-01", "2025-01-01"), 0);
	assert_int_equal(d, 366);
	assert_int_equal(ka_date_diff(&d, "2026-12-06", "nonsense"), KA_ERR_INVALID);
}

static void test_clock(void **state)
{
	char today[KA_DATE_LEN], later[KA_DATE_LEN], back[KA_DATE_LEN], now[KA_TIME_LEN];
	int64_t d = 0;

	(void)state;
	ka_date_today(today);
	assert_true(ka_date_valid(today));
	ka_date_today_plus(later, 60);
	assert_int_equal(ka_date_diff(&d, today, later), 0);
	assert_int_equal(d, 60);
	ka_date_today_plus(back, -200);
	assert_int_equal(ka_date_diff(&d, today, back), 0);
	assert_int_equal(d, -200);
	ka_date_now(now);
	assert_int_equal(strlen(now), 20);
	assert_int_equal(now[10], 'T');
	assert_int_equal(now[19], 'Z');
	now[10] = '\0'; /* the date part is a date (the same as today's but at midnight) */
	assert_true(ka_date_valid(now));
	ka_date_format_time(now, (time_t)0);
	assert_string_equal(now, "1970-01-01T00:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_diff),
	    cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
