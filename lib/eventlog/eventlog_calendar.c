/*
 * Calendar and working time for the measures: working days from Monday,
 * a working window per day in local time (a fixed offset), and the public
 * holidays of Norway or Sweden, with Easter by the anonymous Gregorian
 * ("Meeus/Jones/Butcher") algorithm. The working seconds between two
 * instants are W(b) - W(a), where W counts working seconds from a fixed
 * Monday (1900-01-01), so a span costs two binary searches, not a walk.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/eventlog_stats.h"
#include "eventlog_int.h"
#include "kartla/banned.h"

#define CAL_FIRST_YEAR 1900
#define CAL_LAST_YEAR  2199

void ka_eventlog_calendar_init(struct ka_eventlog_calendar *c)
{
	memset(c, 0, sizeof(*c));
	c->hours_per_day = 7.5;
	c->days_per_week = 5;
	c->day_start_min = 8 * 60;
}

void ka_eventlog_easter(int year, int *month, int *day)
{
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;

	*month = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

static int weekday(int64_t day) /* Monday = 0 */
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static int64_t easter_day(int year)
{
	int em, ed;

	ka_eventlog_easter(year, &em, &ed);
	return el_days_from_civil(year, (unsigned)em, (unsigned)ed);
}

/* `easter`: the day number of that year's Easter Sunday (computed once per year). */
static bool holiday(enum ka_eventlog_holidays h, int year, int month, int day, int64_t easter)
{
	int64_t x, rel;

	if (h == KA_EVENTLOG_HOL_NONE)
		return false;
	x = el_days_from_civil(year, (unsigned)month, (unsigned)day);
	rel = x - easter;
	if (month == 1 && day == 1)
		return true;
	if (month == 5 && day == 1)
		return true;
	if (month == 12 && (day == 25 || day == 26))
		return true;
	/* Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday */
	if (rel == -2 || rel == 0 || rel == 1 || rel == 39 || rel == 49)
		return true;
	if (h == KA_EVENTLOG_HOL_NO)
		/* Maundy Thursday, Whit Monday, Constitution Day */
		return rel == -3 || rel == 50 || (month == 5 && day == 17);
	/* Sweden: Epiphany, National Day (a holiday since 2005), Midsummer Eve (the Friday
	 * 19-25 June) and Day, All Saints' Day (the Saturday 31 October - 6 November), and
	 * Christmas Eve and New Year's Eve, which are days off by custom and agreement. */
	if (month == 1 && day == 6)
		return true;
	if (month == 6 && day == 6 && year >= 2005)
		return true;
	if (month == 6 && day >= 19 && day <= 25 && weekday(x) == 4)
		return true;
	if (month == 6 && day >= 20 && day <= 26 && weekday(x) == 5)
		return true;
	if (((month == 10 && day == 31) || (month == 11 && day <= 6)) && weekday(x) == 5)
		return true;
	return month == 12 && (day == 24 || day == 31);
}

bool ka_eventlog_is_holiday(enum ka_eventlog_holidays h, int year, int month, int day)
{
	return holiday(h, year, month, day, easter_day(year));
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

int ka_eventlog_calendar_prepare(struct ka_eventlog_calendar *c, struct ka_diag *diag)
{
	int y, m, d;
	size_t alloc = 0, k, n;

	if (!c->working)
		return 0;
	if (!(c->hours_per_day > 0 && c->hours_per_day <= 24))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "hours per day must be more than 0 and at most 24");
	if (c->days_per_week < 1 || c->days_per_week > 7)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL, "days per week must be 1 to 7");
	if (c->day_start_min < 0 || c->day_start_min + c->hours_per_day * 60 > 24 * 60)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "the working day must start and end on the same day");
	free(c->holiday_days);
	c->holiday_days = NULL;
	c->nholiday_days = 0;
	if (c->holidays == KA_EVENTLOG_HOL_NONE)
		return 0;
	/* only the dates that can be holidays are tried: fixed dates, the Swedish movable
	 * Saturdays and Fridays, and the days around Easter */
	for (y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		static const signed char fixed[][2] = {
		    {1, 1},  {1, 6},  {5, 1},  {5, 17}, {6, 6},   {6, 19},  {6, 20},  {6, 21},
		    {6, 22}, {6, 23}, {6, 24}, {6, 25}, {6, 26},  {10, 31}, {11, 1},  {11, 2},
		    {11, 3}, {11, 4}, {11, 5}, {11, 6}, {12, 24}, {12, 25}, {12, 26}, {12, 31}};
		static const int rel[] = {-3, -2, 0, 1, 39, 49, 50};
		int64_t easter = easter_day(y), cand[sizeof(fixed) / sizeof(fixed[0]) + 7];
		size_t nc = 0;

		for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			cand[nc++] =
			    el_days_from_civil(y, (unsigned)fixed[k][0], (unsigned)fixed[k][1]);
		for (k = 0; k < sizeof(rel) / sizeof(rel[0]); k++)
			cand[nc++] = easter + rel[k];
		for (k = 0; k < nc; k++) {
			char t[32];
			int64_t x = cand[k];
			ka_eventlog_format_time(t, x * 86400000LL);
			m = (int)strtol(t + 5, NULL, 10);
			d = (int)strtol(t + 8, NULL, 10);
			if (weekday(x) >= c->days_per_week ||
			    !holiday(c->holidays, (int)strtol(t, NULL, 10), m, d, easter))
				continue;
			if (c->nholiday_days == alloc) {
				alloc = alloc ? alloc * 2 : 1024;
				c->holiday_days = ka_xreallocarray(c->holiday_days, alloc,
				                                   sizeof(*c->holiday_days));
			}
			c->holiday_days[c->nholiday_days++] = (int32_t)x;
		}
	}
	if (c->nholiday_days > 1)
		qsort(c->holiday_days, c->nholiday_days, sizeof(*c->holiday_days), cmp_day);
	for (k = 0, n = 0; k < c->nholiday_days; k++) /* Ascension Day can fall on 1 or 17 May */
		if (!n || c->holiday_days[n - 1] != c->holiday_days[k])
			c->holiday_days[n++] = c->holiday_days[k];
	c->nholiday_days = n;
	return 0;
}

void ka_eventlog_calendar_release(struct ka_eventlog_calendar *c)
{
	free(c->holiday_days);
	c->holiday_days = NULL;
	c->nholiday_days = 0;
}

/* Holidays (on working weekdays) before `day`. */
static size_t holidays_before(const struct ka_eventlog_calendar *c, int64_t day)
{
	size_t lo = 0, hi = c->nholiday_days;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->holiday_days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool is_holiday_day(const struct ka_eventlog_calendar *c, int64_t day)
{
	size_t i = holidays_before(c, day);
	return i < c->nholiday_days && c->holiday_days[i] == day;
}

/* Working seconds from 1900-01-01 00:00 local time to `ms`. */
static double worked_until(const struct ka_eventlog_calendar *c, int64_t ms)
{
	static const int64_t origin = -25567; /* 1900-01-01, a Monday */
	double local = (double)ms / 1000.0 + c->tz_minutes * 60.0;
	double len = c->hours_per_day * 3600.0, start = c->day_start_min * 60.0;
	int64_t day = (int64_t)floor(local / 86400.0), k = day - origin;
	int64_t weeks = k >= 0 ? k / 7 : -((-k + 6) / 7), r = k - weeks * 7;
	double days =
	    (double)(weeks * c->days_per_week + (r < c->days_per_week ? r : c->days_per_week));
	double part = 0, s = local - (double)day * 86400.0;

	days -= (double)holidays_before(c, day);
	if (weekday(day) < c->days_per_week && !is_holiday_day(c, day))
		part = s <= start ? 0 : s >= start + len ? len : s - start;
	return days * len + part;
}

double ka_eventlog_calendar_span(const struct ka_eventlog_calendar *c, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	if (!c || !c->working)
		return (double)(b - a) / 1000.0;
	return worked_until(c, b) - worked_until(c, a);
}
