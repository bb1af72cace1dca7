/*
 * Timestamps of event logs: the layouts of docs/eventlog.md §1 parsed to
 * milliseconds since the epoch (with a cache of the date part for readers
 * that parse many timestamps of the same day), and the ISO 8601 form.
 */
#include <stdio.h>
#include <string.h>

#include "eventlog_int.h"
#include "kartla/banned.h"

int64_t el_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, size_t len, size_t at, size_t n, int *out)
{
	size_t i;
	int v = 0;

	if (at + n > len)
		return false;
	for (i = 0; i < n; i++) {
		if (s[at + i] < '0' || s[at + i] > '9')
			return false;
		v = v * 10 + (s[at + i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Parses "HH:MM[:SS[.frac]]" then an optional offset; returns false on anything else. */
static bool parse_clock(const char *s, size_t len, size_t i, int64_t *ms_of_day, int *off_min,
                        bool *has_off)
{
	int hh, mi, ss = 0, oh, om = 0;
	int64_t frac = 0, scale = 100;

	if (!digits(s, len, i, 2, &hh) || i + 2 >= len || s[i + 2] != ':' ||
	    !digits(s, len, i + 3, 2, &mi))
		return false;
	i += 5;
	if (i < len && s[i] == ':') {
		if (!digits(s, len, i + 1, 2, &ss))
			return false;
		i += 3;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			i++;
			if (i >= len || s[i] < '0' || s[i] > '9')
				return false;
			for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
				frac += (s[i] - '0') * scale;
				scale /= 10;
			}
		}
	}
	if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi || ss || frac)))
		return false;
	*ms_of_day = ((int64_t)hh * 3600 + mi * 60 + ss) * 1000 + frac;
	*has_off = false;
	if (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == 'Z') {
		*has_off = true;
		*off_min = 0;
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '-' ? -1 : 1;
		if (!digits(s, len, i + 1, 2, &oh))
			return false;
		i += 3;
		if (i < len && s[i] == ':')
			i++;
		if (i < len && !digits(s, len, i, 2, &om))
			return false;
		if (i < len)
			i += 2;
		if (oh > 18 || om > 59)
			return false;
		*has_off = true;
		*off_min = sign * (oh * 60 + om);
	}
	return i == len;
}

/* The date at the start of a trimmed timestamp: days since the epoch and where the time of
 * day begins; false when there is no valid date. */
static bool parse_date(const char *s, size_t len, int64_t *days)
{
	int y, m, d;

	if (digits(s, len, 0, 4, &y) && len >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4] &&
	    digits(s, len, 5, 2, &m) && digits(s, len, 8, 2, &d)) {
	} else if (digits(s, len, 0, 2, &d) && len >= 10 && s[2] == '.' && s[5] == '.' &&
	           digits(s, len, 3, 2, &m) && digits(s, len, 6, 4, &y)) {
	} else {
		return false;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	*days = el_days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

int el_parse_time_cached(struct el_time_cache *tc, int64_t *ms, const char *s, size_t len,
                         int tz_minutes)
{
	int off = 0;
	int64_t tod = 0, days;
	bool has_off = false;

	while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	while (len && s[0] == ' ')
		s++, len--;
	/* both date layouts are 10 characters that alone decide the day */
	if (tc->valid && len >= 10 && !memcmp(s, tc->date, 10)) {
		days = tc->days;
	} else {
		if (!parse_date(s, len, &days))
			return KA_ERR_INVALID;
		memcpy(tc->date, s, 10);
		tc->days = days;
		tc->valid = true;
	}
	if (len > 10) {
		if (s[10] != 'T' && s[10] != ' ')
			return KA_ERR_INVALID;
		if (!parse_clock(s, len, 11, &tod, &off, &has_off))
			return KA_ERR_INVALID;
	}
	if (!has_off)
		off = tz_minutes;
	*ms = days * 86400000LL + tod - off * 60000LL;
	return 0;
}

int ka_eventlog_parse_time(int64_t *ms, const char *s, size_t len, int tz_minutes)
{
	struct el_time_cache tc = {.valid = false};

	return el_parse_time_cached(&tc, ms, s, len, tz_minutes);
}

void ka_eventlog_format_time(char out[32], int64_t ms)
{
	int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int64_t z = (s >= 0 ? s : s - 86399) / 86400, sod = s - z * 86400, era, y;
	unsigned doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 13u, d % 32u,
	         (unsigned)(sod / 3600) % 24u, (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}
