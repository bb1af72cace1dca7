/* Dates and timestamps in UTC: the clock, validation and day arithmetic (date.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/banned.h"

void ka_date_format_time(char out[KA_TIME_LEN], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, KA_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

time_t ka_date_epoch(void)
{
	return time(NULL);
}

void ka_date_now(char out[KA_TIME_LEN])
{
	ka_date_format_time(out, time(NULL));
}

void ka_date_today_plus(char out[KA_DATE_LEN], int64_t days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, KA_DATE_LEN, "%Y-%m-%d", &tm);
}

void ka_date_today(char out[KA_DATE_LEN])
{
	ka_date_today_plus(out, 0);
}

bool ka_date_valid(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/* The date at the start of s (then nothing or "T...") at noon UTC. */
static int parse_date(const char *s, time_t *out)
{
	char day[KA_DATE_LEN];
	struct tm tm;

	if (!s || strlen(s) < 10 || (s[10] && s[10] != 'T'))
		return KA_ERR_INVALID;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!ka_date_valid(day))
		return KA_ERR_INVALID;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 +
	             (day[3] - '0') - 1900;
	tm.tm_mon = (day[5] - '0') * 10 + (day[6] - '0') - 1;
	tm.tm_mday = (day[8] - '0') * 10 + (day[9] - '0');
	tm.tm_hour = 12;
	*out = timegm(&tm);
	return 0;
}

int ka_date_add(char out[KA_DATE_LEN], const char *date, int64_t days)
{
	struct tm tm;
	time_t t;

	if (parse_date(date, &t) || days > 3650000 || days < -3650000)
		return KA_ERR_INVALID;
	t += (time_t)(days * 86400);
	gmtime_r(&t, &tm);
	strftime(out, KA_DATE_LEN, "%Y-%m-%d", &tm);
	return 0;
}

int ka_date_diff(int64_t *days, const char *a, const char *b)
{
	time_t ta, tb;

	if (parse_date(a, &ta) || parse_date(b, &tb))
		return KA_ERR_INVALID;
	*days = (int64_t)((tb - ta) / 86400);
	return 0;
}
