/*
 * Measures on an event log, defined as PM4Py defines them (docs/eventlog.md
 * says exactly how each figure is computed): case lead time, variants, the
 * directly-follows graph with frequencies and mean times, per activity
 * frequency, service and waiting time, rework, hand-offs, throughput per
 * month and bottlenecks, on calendar time or working time.
 *
 * Ownership: ka_eventlog_stats_compute fills a struct the caller releases
 * with ka_eventlog_stats_release; it borrows the log's strings, so the log
 * must outlive it. JSON values returned are new references (json_decref).
 */
#ifndef KARTLA_EVENTLOG_STATS_H
#define KARTLA_EVENTLOG_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/eventlog.h"

enum ka_eventlog_holidays { KA_EVENTLOG_HOL_NONE = 0, KA_EVENTLOG_HOL_NO, KA_EVENTLOG_HOL_SE };

/* Working time: days_per_week days from Monday, each from day_start for hours_per_day hours
 * of local time (tz_minutes east of UTC), public holidays off. */
struct ka_eventlog_calendar {
	bool working;         /* false: calendar time (every second counts) */
	double hours_per_day; /* default 7.5 */
	int days_per_week;    /* default 5 (Monday to Friday) */
	int day_start_min;    /* minutes after local midnight; default 480 (08:00) */
	int tz_minutes;       /* default 0 */
	enum ka_eventlog_holidays holidays;
	/* filled by ka_eventlog_calendar_prepare */
	int32_t *holiday_days; /* sorted days since the epoch that fall on working weekdays */
	size_t nholiday_days;
};

void ka_eventlog_calendar_init(struct ka_eventlog_calendar *c);
/* Validates the settings and builds the holiday table; 0 or KA_ERR_USAGE (diag). */
int ka_eventlog_calendar_prepare(struct ka_eventlog_calendar *c, struct ka_diag *diag);
void ka_eventlog_calendar_release(struct ka_eventlog_calendar *c);
/* Seconds from a to b (ms since the epoch) that count on the calendar; 0 when b <= a. */
double ka_eventlog_calendar_span(const struct ka_eventlog_calendar *c, int64_t a, int64_t b);
/* Easter Sunday of `year` (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
void ka_eventlog_easter(int year, int *month, int *day);
/* Whether the local date is a public holiday in the calendar's country. */
bool ka_eventlog_is_holiday(enum ka_eventlog_holidays h, int year, int month, int day);

/* Mean, median and percentiles of a sample (numpy's linear interpolation). */
struct ka_eventlog_summary {
	size_t n;
	double total, mean, median, p10, p80, p90, p95, min, max;
};

struct ka_eventlog_variant {
	const uint32_t *acts; /* activity indices, borrowed from the stats */
	uint32_t len;
	size_t count;
	double share;        /* count / cases */
	double mean_lead_s;  /* mean case lead time of its cases */
	size_t example_case; /* index of its first case */
};

struct ka_eventlog_activity_stats {
	uint32_t activity;
	size_t events;       /* events with this name (every lifecycle) */
	size_t instances;    /* activity instances (complete or lifecycle-less events) */
	size_t cases;        /* cases with at least one instance */
	size_t rework_cases; /* cases with more than one instance */
	size_t repeats;      /* instances beyond the first, summed over cases */
	struct ka_eventlog_summary service; /* instances with a known start */
	struct ka_eventlog_summary wait;    /* instances after the case's first */
};

struct ka_eventlog_edge {
	uint32_t from, to; /* activity indices */
	size_t count;
	double mean_s; /* mean time between the two events */
	double total_s;
};

struct ka_eventlog_month {
	int year, month;
	size_t started, finished;
};

struct ka_eventlog_handoff {
	uint32_t from, to; /* resource indices */
	size_t count;
};

struct ka_eventlog_bin {
	double from_s, to_s;
	size_t count;
};

#define KA_EVENTLOG_BINS 10
/* Throughput lists every month up to this span, beyond it only months with cases. */
#define KA_EVENTLOG_MAX_MONTHS 1200

struct ka_eventlog_stats {
	const struct ka_eventlog *log;
	bool working;
	size_t ncases, nevents, ninstances;
	double *lead_s; /* per case, in case order */
	struct ka_eventlog_summary lead;
	struct ka_eventlog_bin hist[KA_EVENTLOG_BINS];
	struct ka_eventlog_variant *variants; /* by count, then first appearance */
	size_t nvariants;
	struct ka_eventlog_activity_stats *acts; /* by activity index */
	struct ka_eventlog_edge *edges;          /* by count, then names */
	size_t nedges;
	size_t *start_counts, *end_counts; /* per activity: cases starting/ending with it */
	struct ka_eventlog_month *months;  /* chronological */
	size_t nmonths;
	struct ka_eventlog_handoff *handoffs; /* by count */
	size_t nhandoffs, handoffs_total, transfers_total;
	uint32_t *bottlenecks; /* activity indices by total wait, largest first */
	size_t nbottlenecks;
	uint32_t *seq_store; /* variant sequences */
};

/* Computes every measure; 0 or KA_ERR_USAGE (bad calendar). */
int ka_eventlog_stats_compute(struct ka_eventlog_stats *out, const struct ka_eventlog *log,
                              const struct ka_eventlog_calendar *cal, struct ka_diag *diag);
void ka_eventlog_stats_release(struct ka_eventlog_stats *s);

/* The figures as JSON (docs/eventlog.md lists the fields); `top` caps the lists (0 = all). */
json_t *ka_eventlog_stats_to_json(const struct ka_eventlog_stats *s, size_t top);
json_t *ka_eventlog_variants_to_json(const struct ka_eventlog_stats *s, size_t top);
json_t *ka_eventlog_dfg_to_json(const struct ka_eventlog_stats *s, size_t top);
json_t *ka_eventlog_activities_to_json(const struct ka_eventlog_stats *s);

#endif
