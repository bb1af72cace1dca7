/*
 * Calendar dates and timestamps as the portfolio stores them: dates as
 * "YYYY-MM-DD" and instants as "YYYY-MM-DDTHH:MM:SSZ", both in UTC. The one
 * place that reads the clock for the portfolio (the lead-time durations are
 * in leadtime.h).
 */
#ifndef KARTLA_DATE_H
#define KARTLA_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define KA_DATE_LEN 11 /* "YYYY-MM-DD" and the NUL */
#define KA_TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and the NUL */

/* Today's date in UTC into out. */
void ka_date_today(char out[KA_DATE_LEN]);
/* The date `days` from today (negative: before). */
void ka_date_today_plus(char out[KA_DATE_LEN], int64_t days);
/* The current instant in UTC into out. */
void ka_date_now(char out[KA_TIME_LEN]);
/* The current instant in seconds since the epoch (for arithmetic on instants). */
time_t ka_date_epoch(void);
/* An instant (seconds since the epoch) formatted like ka_date_now. */
void ka_date_format_time(char out[KA_TIME_LEN], time_t t);

/* Whether s is exactly a real calendar date "YYYY-MM-DD" (years 1900 and later). */
bool ka_date_valid(const char *s);

/*
 * Adds `days` to the date at the start of `date` (a YYYY-MM-DD date,
 * optionally followed by "T...") into out; 0 or KA_ERR_INVALID when the
 * date does not parse or does not exist (2026-02-31).
 */
int ka_date_add(char out[KA_DATE_LEN], const char *date, int64_t days);

/* Whole days from date a to date b (b - a); 0 or KA_ERR_INVALID. */
int ka_date_diff(int64_t *days, const char *a, const char *b);

#endif
