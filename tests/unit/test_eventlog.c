/*
 * Unit tests of lib/eventlog: timestamps, the CSV and XES readers (detection,
 * quoting, encodings, bad input with positions, --skip-bad, gzip), every
 * measure on a hand-made log whose answers are worked out in the comments,
 * working time with Norwegian and Swedish holidays and Easter, and
 * conformance against tests/data/eventlog/running-example.bpmn.
 * Usage: unit_eventlog SOURCE_ROOT
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/eventlog.h"
#include "kartla/eventlog_map.h"
#include "kartla/eventlog_stats.h"
#include "kartla/xml.h"

static const char *root;

static struct ka_eventlog *read_str(const char *text, const struct ka_eventlog_opts *o)
{
	struct ka_eventlog *log = NULL;
	struct ka_diag d;
	int err = ka_eventlog_read_mem(&log, text, strlen(text), "mem", o, &d);

	if (err)
		fail_msg("read: %s (line %lu col %lu)", d.message, d.line, d.column);
	return log;
}

static int read_err(const char *text, const struct ka_eventlog_opts *o, struct ka_diag *d)
{
	struct ka_eventlog *log = NULL;
	int err = ka_eventlog_read_mem(&log, text, strlen(text), "mem", o, d);

	assert_null(log);
	return err;
}

static int64_t t(const char *s)
{
	int64_t ms = 0;
	assert_int_equal(ka_eventlog_parse_time(&ms, s, strlen(s), 0), 0);
	return ms;
}

static void test_time(void **state)
{
	int64_t ms;
	(void)state;

	assert_true(t("1970-01-01T00:00:00Z") == 0);
	assert_true(t("2024-03-01T08:30:00.123+01:00") == 1709278200123LL);
	assert_true(t("2024-03-01 07:30") == 1709278200000LL);
	assert_true(t("2024-03-01T07:30:00") == 1709278200000LL);
	assert_true(t("01.03.2024 07:30") == 1709278200000LL);
	assert_true(t("2024/03/01") == 1709251200000LL);
	assert_true(t("2024-03-01T09:30:00+0200") == 1709278200000LL);
	assert_true(t("2011-10-01T00:38:44.546000+02:00") == 1317422324546LL);
	/* no offset: the tz option applies */
	assert_int_equal(ka_eventlog_parse_time(&ms, "2024-03-01 08:30", 16, 60), 0);
	assert_true(ms == 1709278200000LL);
	assert_int_equal(ka_eventlog_parse_time(&ms, "2024-02-30", 10, 0), KA_ERR_INVALID);
	assert_int_equal(ka_eventlog_parse_time(&ms, "2024-13-01", 10, 0), KA_ERR_INVALID);
	assert_int_equal(ka_eventlog_parse_time(&ms, "yesterday", 9, 0), KA_ERR_INVALID);
	assert_int_equal(ka_eventlog_parse_time(&ms, "2024-03-01T25:00", 16, 0), KA_ERR_INVALID);
	assert_int_equal(ka_eventlog_parse_time(&ms, "2024-03-01X", 11, 0), KA_ERR_INVALID);
}

/*
 * The hand-made log (unsorted: case 3's C comes first):
 *   case 1: A 08:00 (ann), B 09:00-10:00 (bob), C 12:00 (bob)            lead 4 h
 *   case 2: A Mon 4 Mar 08:00 (ann), B 08:30-09:00 (ann), B 10:00-11:00 (bob),
 *           C Tue 08:00 (cid)                                             lead 24 h
 *   case 3: A 6 Mar 08:00 (ann), C 08:30 (ann)                           lead 30 min
 */
static const char hand_csv[] = "case;activity;start;end;resource\n"
                               "3;C;;06.03.2024 08:30;ann\n"
                               "1;A;;01.03.2024 08:00;ann\n"
                               "1;B;01.03.2024 09:00;01.03.2024 10:00;bob\n"
                               "1;C;;01.03.2024 12:00;bob\n"
                               "2;A;;04.03.2024 08:00;ann\n"
                               "2;B;04.03.2024 08:30;04.03.2024 09:00;ann\n"
                               "2;B;04.03.2024 10:00;04.03.2024 11:00;bob\n"
                               "2;C;;05.03.2024 08:00;cid\n"
                               "3;A;;06.03.2024 08:00;ann\n";

static uint32_t act(const struct ka_eventlog *log, const char *name)
{
	uint32_t i;

	for (i = 0; i < log->nactivities; i++)
		if (!strcmp(log->activities[i], name))
			return i;
	fail_msg("no activity %s", name);
	return 0;
}

static void test_csv_detect(void **state)
{
	struct ka_eventlog *log = read_str(hand_csv, NULL);
	(void)state;

	assert_int_equal(log->delimiter, ';');
	assert_string_equal(log->col_case, "case");
	assert_string_equal(log->col_activity, "activity");
	assert_string_equal(log->col_time, "end");
	assert_string_equal(log->col_start, "start");
	assert_string_equal(log->col_resource, "resource");
	assert_int_equal(log->ncases, 3);
	assert_int_equal(log->nevents, 9);
	/* cases in order of appearance, events sorted by time */
	assert_string_equal(log->cases[0].id, "3");
	assert_int_equal(log->ev.activity[log->cases[0].first], act(log, "A"));
	assert_true(log->has_start);
	ka_eventlog_free(log);
}

/*
 * 3,000 cases (the radix sorts run from 512 keys up, the hand-made log stays below):
 * case i runs from A to B in ((i * 7919) mod 3000 + 1) minutes, a permutation of
 * 1..3000 minutes, so lead times and the waits before B are known quantiles.
 */
static void test_stats_many(void **state)
{
	enum { N = 3000 };
	struct ka_eventlog *log;
	struct ka_eventlog_stats s;
	struct ka_buf b;
	struct ka_diag d;
	uint32_t B;
	int i;
	(void)state;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_adds(&b, "case,activity,time\n");
	for (i = 0; i < N; i++) {
		int m = (i * 7919) % N + 1;

		/* each case starts on its own day (days 1..26 of each month: + 2 days stays valid)
		 */
		ka_buf_addf(&b, "c%d,A,%04d-%02d-%02d 00:00\n", i, 2024 + i / 312, i / 26 % 12 + 1,
		            i % 26 + 1);
		ka_buf_addf(&b, "c%d,B,%04d-%02d-%02d %02d:%02d\n", i, 2024 + i / 312,
		            i / 26 % 12 + 1, i % 26 + 1 + m / 1440, m % 1440 / 60, m % 60);
	}
	log = read_str(b.data, NULL);
	ka_buf_release(&b);
	B = act(log, "B");
	assert_int_equal(ka_eventlog_stats_compute(&s, log, NULL, &d), 0);
	/* numpy's linear quantiles of 1..3000 minutes: median at 1499.5 -> 1500.5 min,
	 * P10 at 299.9 -> 300.9 min, P95 at 2849.05 -> 2850.05 min */
	assert_int_equal(s.lead.n, N);
	assert_true(fabs(s.lead.median - 1500.5 * 60) < 1e-6);
	assert_true(fabs(s.lead.p10 - 300.9 * 60) < 1e-6);
	assert_true(fabs(s.lead.p95 - 2850.05 * 60) < 1e-6);
	assert_true(s.lead.min == 60 && s.lead.max == N * 60.0);
	assert_true(fabs(s.lead.mean - 1500.5 * 60) < 1e-6);
	/* the waits before B are the same durations, summarised from the activity's bucket */
	assert_int_equal(s.acts[B].wait.n, N);
	assert_true(fabs(s.acts[B].wait.median - 1500.5 * 60) < 1e-6);
	assert_true(fabs(s.acts[B].wait.p10 - 300.9 * 60) < 1e-6);
	assert_true(s.acts[B].wait.min == 60 && s.acts[B].wait.max == N * 60.0);
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
}

/* Cases listed together but not in time order within a case (the reader notes that while
 * adding events and sorts only then): sorted by time, equal times in file order. */
static void test_grouped_unsorted(void **state)
{
	struct ka_eventlog *log = read_str("case,activity,time\n"
	                                   "1,A,2024-03-01 08:00\n"
	                                   "1,B,2024-03-01 09:00\n"
	                                   "2,C,2024-03-02 10:00\n"
	                                   "2,B,2024-03-02 09:00\n"
	                                   "2,A,2024-03-02 09:00\n",
	                                   NULL);
	const uint32_t *e;
	const int64_t *t;
	(void)state;

	assert_int_equal(log->ncases, 2);
	assert_int_equal(log->cases[1].first, 2);
	e = log->ev.activity + log->cases[1].first;
	t = log->ev.time + log->cases[1].first;
	assert_int_equal(e[0], act(log, "B"));
	assert_int_equal(e[1], act(log, "A"));
	assert_int_equal(e[2], act(log, "C"));
	assert_true(t[0] == t[1] && t[1] < t[2]);
	ka_eventlog_free(log);
	/* in order as listed: kept as is */
	log = read_str("case,activity,time\n1,A,2024-03-01 08:00\n1,B,2024-03-01 08:00\n"
	               "2,C,2024-03-02 10:00\n",
	               NULL);
	assert_int_equal(log->ev.activity[0], act(log, "A"));
	assert_int_equal(log->ev.activity[1], act(log, "B"));
	assert_int_equal(log->ev.case_ix[2], 1);
	ka_eventlog_free(log);
}

static void test_stats(void **state)
{
	struct ka_eventlog *log = read_str(hand_csv, NULL);
	struct ka_eventlog_stats s;
	struct ka_diag d;
	uint32_t A, B, C;
	size_t i;
	(void)state;

	A = act(log, "A"), B = act(log, "B"), C = act(log, "C");
	assert_int_equal(ka_eventlog_stats_compute(&s, log, NULL, &d), 0);
	/* leads 1800, 14400, 86400: mean 34200, median 14400, P80 at 1.6 -> 57600,
	 * P95 at 1.9 -> 79200 */
	assert_true(s.lead.mean == 34200 && s.lead.median == 14400);
	assert_true(fabs(s.lead.p80 - 57600) < 1e-6 && fabs(s.lead.p95 - 79200) < 1e-6);
	assert_int_equal(s.lead.max, 86400);
	assert_int_equal(s.hist[0].count, 1); /* bins of 8640 s: 1800 | 14400 | ... | 86400 */
	assert_int_equal(s.hist[1].count, 1);
	assert_int_equal(s.hist[KA_EVENTLOG_BINS - 1].count, 1);
	/* three variants of one case each, ordered by first case: AC (case 3 comes first) */
	assert_int_equal(s.nvariants, 3);
	assert_int_equal(s.variants[0].len, 2);
	assert_int_equal(s.variants[1].len, 3);
	assert_int_equal(s.variants[2].len, 4);
	/* DFG: A>B 2 (7200, 3600), B>C 2 (7200, 75600), B>B 1 (7200), A>C 1 (1800) */
	assert_int_equal(s.nedges, 4);
	assert_true(s.edges[0].from == A && s.edges[0].to == B && s.edges[0].count == 2);
	assert_true(s.edges[0].mean_s == 5400);
	assert_true(s.edges[1].from == B && s.edges[1].to == C && s.edges[1].mean_s == 41400);
	assert_true(s.edges[2].from == A && s.edges[2].to == C && s.edges[2].mean_s == 1800);
	assert_true(s.edges[3].from == B && s.edges[3].to == B && s.edges[3].mean_s == 7200);
	assert_int_equal(s.start_counts[A], 3);
	assert_int_equal(s.end_counts[C], 3);
	/* service of B: 3600, 1800, 3600; waits before B: 3600, 1800, 3600 */
	assert_int_equal(s.acts[B].service.n, 3);
	assert_true(s.acts[B].service.mean == 3000 && s.acts[B].service.median == 3600);
	assert_true(s.acts[B].wait.total == 9000);
	/* waits before C: 7200, 75600, 1800; A starts every case and has none */
	assert_true(s.acts[C].wait.total == 84600 && s.acts[C].wait.median == 7200);
	assert_int_equal(s.acts[A].wait.n, 0);
	assert_int_equal(s.nbottlenecks, 2);
	assert_int_equal(s.bottlenecks[0], C);
	assert_int_equal(s.bottlenecks[1], B);
	/* rework: B twice in case 2 */
	assert_int_equal(s.acts[B].rework_cases, 1);
	assert_int_equal(s.acts[B].repeats, 1);
	assert_int_equal(s.acts[B].cases, 2);
	/* hand-offs: ann>bob (cases 1, 2), bob>cid (case 2) of 6 transfers */
	assert_int_equal(s.handoffs_total, 3);
	assert_int_equal(s.transfers_total, 6);
	assert_int_equal(s.handoffs[0].count, 2);
	assert_string_equal(log->resources[s.handoffs[0].from], "ann");
	assert_int_equal(s.nmonths, 1);
	assert_true(s.months[0].year == 2024 && s.months[0].month == 3);
	assert_int_equal(s.months[0].started, 3);
	for (i = 0; i < s.nvariants; i++)
		assert_true(fabs(s.variants[i].share - 1.0 / 3) < 1e-12);
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
}

static void test_stray_year(void **state)
{
	struct ka_eventlog *log =
	    read_str("case,activity,timestamp\n1,A,0001-01-01\n2,A,2024-03-01\n"
	             "2,B,2024-05-01\n",
	             NULL);
	struct ka_eventlog_stats s;
	struct ka_diag d;
	(void)state;

	ka_eventlog_stats_compute(&s, log, NULL, &d);
	/* 24,000 months would be listed; only the three with cases are */
	assert_int_equal(s.nmonths, 3);
	assert_true(s.months[0].year == 1 && s.months[1].month == 3 && s.months[2].month == 5);
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
}

static void test_working_time(void **state)
{
	struct ka_eventlog *log = read_str(hand_csv, NULL);
	struct ka_eventlog_calendar cal;
	struct ka_eventlog_stats s;
	struct ka_diag d;
	(void)state;

	ka_eventlog_calendar_init(&cal);
	cal.working = true;
	assert_int_equal(ka_eventlog_calendar_prepare(&cal, &d), 0);
	/* case 2: Monday 08:00 to Tuesday 08:00 is one working day of 7.5 h */
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-04T08:00:00Z"),
	                                      t("2024-03-05T08:00:00Z")) == 27000);
	/* Friday 15:00 to Monday 09:00: 30 min + 1 h */
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-01T15:00:00Z"),
	                                      t("2024-03-04T09:00:00Z")) == 5400);
	/* Easter 2024 without holidays: Wed, Thu, Fri and Mon count */
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-27T08:00:00Z"),
	                                      t("2024-04-02T08:00:00Z")) == 4 * 27000);
	assert_int_equal(ka_eventlog_stats_compute(&s, log, &cal, &d), 0);
	assert_true(s.lead.max == 27000);
	ka_eventlog_stats_release(&s);
	/* Norway: Maundy Thursday, Good Friday and Easter Monday are off */
	cal.holidays = KA_EVENTLOG_HOL_NO;
	assert_int_equal(ka_eventlog_calendar_prepare(&cal, &d), 0);
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-27T08:00:00Z"),
	                                      t("2024-04-02T08:00:00Z")) == 27000);
	/* 2024 has 262 weekdays; 10 Norwegian holidays fall on them */
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-01-01T00:00:00Z"),
	                                      t("2025-01-01T00:00:00Z")) == 252 * 27000.0);
	/* Sweden works on Maundy Thursday */
	cal.holidays = KA_EVENTLOG_HOL_SE;
	assert_int_equal(ka_eventlog_calendar_prepare(&cal, &d), 0);
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-27T08:00:00Z"),
	                                      t("2024-04-02T08:00:00Z")) == 2 * 27000);
	/* 11 Swedish holidays (and days off by custom) fall on 2024's weekdays */
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-01-01T00:00:00Z"),
	                                      t("2025-01-01T00:00:00Z")) == 251 * 27000.0);
	/* a local day: 08:00 at +01:00 is 07:00 UTC */
	cal.holidays = KA_EVENTLOG_HOL_NONE;
	cal.tz_minutes = 60;
	assert_int_equal(ka_eventlog_calendar_prepare(&cal, &d), 0);
	assert_true(ka_eventlog_calendar_span(&cal, t("2024-03-04T06:00:00Z"),
	                                      t("2024-03-04T08:00:00Z")) == 3600);
	ka_eventlog_calendar_release(&cal);
	ka_eventlog_free(log);
	cal.hours_per_day = 20;
	cal.working = true;
	assert_int_equal(ka_eventlog_calendar_prepare(&cal, &d), KA_ERR_USAGE);
}

static void test_holidays(void **state)
{
	static const int easter[][3] = {{2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2000, 4, 23},
	                                {2038, 4, 25}, {1818, 3, 22}, {2285, 3, 22}, {1943, 4, 25}};
	size_t i;
	int m, d;
	(void)state;

	for (i = 0; i < sizeof(easter) / sizeof(easter[0]); i++) {
		ka_eventlog_easter(easter[i][0], &m, &d);
		assert_int_equal(m, easter[i][1]);
		assert_int_equal(d, easter[i][2]);
	}
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 5, 17));
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 5, 17));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 3, 28)); /* skjærtorsdag */
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 3, 28));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 5, 20)); /* 2. pinsedag */
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 5, 9)); /* Kristi himmelfart */
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 5, 9));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2025, 6, 20)); /* midsommarafton */
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2025, 6, 19));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 6, 6));
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 6, 6));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 1, 6));
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_SE, 2024, 11, 2)); /* alla helgons dag */
	assert_true(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 12, 26));
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NO, 2024, 12, 24));
	assert_false(ka_eventlog_is_holiday(KA_EVENTLOG_HOL_NONE, 2024, 12, 25));
}

static void test_csv_quoting_encoding(void **state)
{
	struct ka_eventlog_opts o;
	struct ka_eventlog *log;
	(void)state;

	/* BOM, commas and a line break inside quotes, doubled quotes, CRLF */
	log = read_str("\xEF\xBB\xBF"
	               "Case ID,Activity,Timestamp\r\n"
	               "c1,\"Check, then \"\"sign\"\"\",2024-03-01 08:00\r\n"
	               "c1,\"two\nlines\",2024-03-01 09:00\r\n"
	               "\r\n"
	               "c2,Check,2024/03/02\r\n"
	               "c3,7\" pipe,2024/03/02\r\n",
	               NULL);
	assert_int_equal(log->delimiter, ',');
	assert_int_equal(log->nevents, 4);
	assert_string_equal(log->activities[0], "Check, then \"sign\"");
	assert_string_equal(log->activities[3], "7\" pipe"); /* a quote inside a bare field */
	assert_string_equal(log->activities[1], "two\nlines");
	assert_string_equal(log->encoding, "utf-8");
	ka_eventlog_free(log);

	/* windows-1252 is recognised and converted */
	log = read_str(
	    "sak\taktivitet\ttidspunkt\n1\tBehandle s\xF8knad \x96 del 1\t01.03.2024 08:00\n",
	    NULL);
	assert_int_equal(log->delimiter, '\t');
	assert_string_equal(log->activities[0], "Behandle s\xC3\xB8knad \xE2\x80\x93 del 1");
	assert_string_equal(log->encoding, "windows-1252");
	ka_eventlog_free(log);

	/* columns by number, no header */
	ka_eventlog_opts_init(&o);
	o.csv_case = "2";
	o.csv_activity = "1";
	o.csv_time = "3";
	log = read_str("A,c1,2024-03-01T08:00:00Z\nB,c1,2024-03-01T09:00:00Z\n", &o);
	assert_int_equal(log->nevents, 2);
	assert_int_equal(log->ncases, 1);
	assert_string_equal(log->col_case, "2");
	ka_eventlog_free(log);
}

static void test_csv_bad(void **state)
{
	struct ka_eventlog_opts o;
	struct ka_eventlog *log;
	struct ka_diag d;
	static const char bad[] = "case,activity,timestamp\n"
	                          "1,A,2024-03-01 08:00\n"
	                          "1,B,soon\n"
	                          "1,C\n"
	                          "1,D,2024-03-01 10:00\n";
	(void)state;

	ka_eventlog_opts_init(&o);
	assert_int_equal(read_err(bad, &o, &d), KA_ERR_INVALID);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 5);
	assert_non_null(strstr(d.message, "timestamp 'soon' is invalid: expected ISO 8601"));
	o.skip_bad = true;
	log = read_str(bad, &o);
	assert_int_equal(log->nevents, 2);
	assert_int_equal(log->skipped, 2);
	assert_int_equal(log->nactivities, 2); /* B and C were only on skipped rows */
	assert_non_null(strstr(log->skipped_first, "mem:3:5:"));
	ka_eventlog_free(log);

	o.skip_bad = false;
	assert_int_equal(read_err("case,activity,timestamp\n1,A,2024-03-01\n1,B\n", &o, &d),
	                 KA_ERR_INVALID);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.message, "row has 2 fields: expected at least 3"));
	assert_int_equal(read_err("x,y,z\n1,A,2024-03-01\n", &o, &d), KA_ERR_USAGE);
	assert_non_null(strstr(d.message, "--csv-case"));
	o.csv_activity = "Nope";
	assert_int_equal(read_err(hand_csv, &o, &d), KA_ERR_USAGE);
	o.csv_activity = NULL;
	assert_int_equal(read_err("case,activity,timestamp\n1,A,\"2024\n", &o, &d), KA_ERR_INVALID);
	assert_non_null(strstr(d.message, "unterminated"));
	assert_int_equal(read_err("case,activity,timestamp\n", &o, &d), KA_ERR_INVALID);
	o.max_events = 3;
	assert_int_equal(read_err(hand_csv, &o, &d), KA_ERR_LIMIT);
}

static const char xes_head[] = "<?xml version=\"1.0\"?>\n<log xes.version=\"1.0\">\n"
                               "<global scope=\"event\"><string key=\"concept:name\" "
                               "value=\"x\"/></global>\n";

static void test_xes(void **state)
{
	char doc[2048];
	struct ka_eventlog *log;
	struct ka_eventlog_stats s;
	struct ka_diag d;
	(void)state;

	snprintf(doc, sizeof(doc),
	         "%s<trace><string key=\"concept:name\" value=\"c1\"/>\n"
	         "<event><string key=\"concept:name\" value=\"A\"/><string "
	         "key=\"lifecycle:transition\" value=\"start\"/><date key=\"time:timestamp\" "
	         "value=\"2024-03-01T08:00:00Z\"/></event>\n"
	         "<event><string key=\"concept:name\" value=\"A\"/><string "
	         "key=\"lifecycle:transition\" value=\"complete\"/><string key=\"org:resource\" "
	         "value=\"ann\"/><date key=\"time:timestamp\" value=\"2024-03-01T08:45:00Z\"/>"
	         "<int key=\"cost\" value=\"3\"/></event>\n"
	         "</trace></log>\n",
	         xes_head);
	log = read_str(doc, NULL);
	assert_int_equal(log->format, KA_EVENTLOG_XES);
	assert_int_equal(log->nevents, 2);
	assert_true(log->has_lifecycle);
	assert_string_equal(log->other_keys, "cost");
	assert_int_equal(ka_eventlog_stats_compute(&s, log, NULL, &d), 0);
	assert_int_equal(s.ninstances, 1);
	assert_true(s.acts[0].service.mean == 2700);
	assert_int_equal(s.nvariants, 1);
	assert_int_equal(s.variants[0].len, 2); /* PM4Py: variants use every event */
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);

	/* complete before its start */
	snprintf(doc, sizeof(doc),
	         "%s<trace>\n<event><string key=\"concept:name\" value=\"A\"/><string "
	         "key=\"lifecycle:transition\" value=\"start\"/><date key=\"time:timestamp\" "
	         "value=\"2024-03-01T09:00:00Z\"/></event>\n"
	         "<event><string key=\"concept:name\" value=\"A\"/><string "
	         "key=\"lifecycle:transition\" value=\"complete\"/><date key=\"time:timestamp\" "
	         "value=\"2024-03-01T08:00:00Z\"/></event>\n</trace></log>\n",
	         xes_head);
	assert_int_equal(read_err(doc, NULL, &d), KA_ERR_INVALID);
	assert_int_equal(d.line, 6);
	assert_non_null(strstr(d.message, "earlier than its start event on line 5"));

	/* a bad timestamp, and an event without one */
	snprintf(doc, sizeof(doc),
	         "%s<trace>\n<event><string key=\"concept:name\" value=\"A\"/>\n<date "
	         "key=\"time:timestamp\" value=\"noon\"/></event>\n<event><string "
	         "key=\"concept:name\" value=\"B\"/></event>\n<event><string key=\"concept:name\" "
	         "value=\"C\"/><date key=\"time:timestamp\" value=\"2024-03-01\"/></event>\n"
	         "</trace></log>\n",
	         xes_head);
	assert_int_equal(read_err(doc, NULL, &d), KA_ERR_INVALID);
	assert_int_equal(d.line, 6);
	assert_non_null(strstr(d.message, "time:timestamp 'noon' is invalid"));
	{
		struct ka_eventlog_opts o;
		ka_eventlog_opts_init(&o);
		o.skip_bad = true;
		log = read_str(doc, &o);
		assert_int_equal(log->nevents, 1);
		assert_int_equal(log->skipped, 2);
		assert_int_equal(log->nactivities, 1);
		assert_string_equal(log->activities[0], "C");
		assert_string_equal(log->cases[0].id, "trace 1");
		ka_eventlog_free(log);
	}
	/* DOCTYPE, not well-formed, wrong root */
	assert_int_equal(
	    read_err("<?xml version=\"1.0\"?><!DOCTYPE log [<!ENTITY a \"b\">]><log/>", NULL, &d),
	    KA_ERR_XML);
	assert_non_null(strstr(d.message, "DOCTYPE"));
	assert_int_equal(read_err("<log><trace></log>", NULL, &d), KA_ERR_XML);
	assert_int_equal(read_err("<bpmn/>", NULL, &d), KA_ERR_XML);
}

static void read_data(struct ka_buf *b, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/eventlog/%s", root, rel);
	ka_buf_init(b, 64u << 20);
	assert_int_equal(ka_buf_read_file(b, path), 0);
}

static void test_gzip(void **state)
{
	struct ka_buf b;
	struct ka_eventlog *log = NULL;
	struct ka_diag d;
	(void)state;

	read_data(&b, "running-example.xes.gz");
	assert_int_equal(ka_eventlog_read_mem(&log, b.data, b.len, "re", NULL, &d), 0);
	assert_int_equal(log->ncases, 6);
	assert_int_equal(log->nevents, 42);
	ka_eventlog_free(log);
	assert_int_equal(ka_eventlog_read_mem(&log, b.data, b.len / 2, "re", NULL, &d), KA_ERR_IO);
	assert_non_null(strstr(d.message, "truncated gzip"));
	b.data[b.len / 2] ^= 0x55;
	b.data[b.len / 2 + 1] ^= 0x55;
	assert_true(ka_eventlog_read_mem(&log, b.data, b.len, "re", NULL, &d) != 0);
	assert_null(log);
	ka_buf_release(&b);
}

static void test_running_example(void **state)
{
	char path[1024];
	struct ka_eventlog *x = NULL, *c = NULL;
	struct ka_eventlog_stats sx, sc;
	struct ka_diag d;
	(void)state;

	snprintf(path, sizeof(path), "%s/tests/data/eventlog/running-example.xes.gz", root);
	assert_int_equal(ka_eventlog_read_file(&x, path, NULL, &d), 0);
	snprintf(path, sizeof(path), "%s/tests/data/eventlog/running-example.csv", root);
	assert_int_equal(ka_eventlog_read_file(&c, path, NULL, &d), 0);
	assert_string_equal(c->col_case, "case:concept:name");
	assert_string_equal(c->col_activity, "concept:name");
	assert_string_equal(c->col_resource, "org:resource");
	ka_eventlog_stats_compute(&sx, x, NULL, &d);
	ka_eventlog_stats_compute(&sc, c, NULL, &d);
	/* PM4Py: mean case duration 966890 s; the CSV and the XES agree */
	assert_true(sx.lead.mean == 966890 && sc.lead.mean == 966890);
	assert_true(sx.lead.median == sc.lead.median && sx.nedges == sc.nedges);
	assert_int_equal(sx.nvariants, 6);
	ka_eventlog_stats_release(&sx);
	ka_eventlog_stats_release(&sc);
	ka_eventlog_free(x);
	ka_eventlog_free(c);
}

static void test_conformance(void **state)
{
	char path[1024];
	struct ka_read_opts ro;
	struct ka_map *map = NULL;
	struct ka_eventlog *log;
	struct ka_eventlog_stats s;
	struct ka_eventlog_mapping m;
	struct ka_eventlog_conformance c;
	struct ka_eventlog_map_fix fix = {"Archive", "arc"}, badfix = {"Archive", "nope"};
	struct ka_diag d;
	size_t i;
	bool skipped = false, order = false;
	(void)state;

	snprintf(path, sizeof(path), "%s/tests/data/eventlog/running-example.bpmn", root);
	ka_read_opts_init(&ro);
	assert_int_equal(ka_bpmn_read_file(&map, path, &ro, &d), 0);
	/* c1 fits (check ticket and examine run in parallel); c2 skips the examination and
	 * the check; c3 decides before it registers; "Archive" is not in the map by name.
	 * Every branch of the parallel block is in the log: an element the log never
	 * mentions is silent, and a case may pass it (docs/eventlog.md). */
	log = read_str("case,activity,timestamp\n"
	               "c1,register request,2024-03-01 08:00\n"
	               "c1,check ticket,2024-03-01 09:00\n"
	               "c1,examine casually,2024-03-01 10:00\n"
	               "c1,decide,2024-03-01 11:00\n"
	               "c1,reject request,2024-03-01 12:00\n"
	               "c1,Archive,2024-03-01 13:00\n"
	               "c2,register request,2024-03-02 08:00\n"
	               "c2,decide,2024-03-02 09:00\n"
	               "c2,pay compensation,2024-03-02 10:00\n"
	               "c3,decide,2024-03-03 08:00\n"
	               "c3,register request,2024-03-03 09:00\n"
	               "c3,examine thoroughly,2024-03-03 10:00\n",
	               NULL);
	ka_eventlog_stats_compute(&s, log, NULL, &d);
	assert_int_equal(ka_eventlog_map_match(&m, log, map, NULL, 0, &d), 0);
	assert_null(m.act_el[act(log, "Archive")]);
	assert_string_equal(m.act_el[act(log, "decide")]->id, "dec");
	assert_string_equal(m.how[act(log, "decide")], "translation:en");
	ka_eventlog_conformance_compute(&c, &s, map, &m, &d);
	assert_int_equal(c.cases, 3);
	assert_int_equal(c.cases_fitting, 1);
	for (i = 0; i < c.ndevs; i++) {
		if (c.devs[i].kind == KA_EVENTLOG_DEV_SKIPPED &&
		    c.devs[i].to == act(log, "decide")) {
			skipped = true;
			assert_non_null(strstr(c.devs[i].skipped, "Kontrollere billett"));
		}
		if (c.devs[i].kind == KA_EVENTLOG_DEV_ORDER)
			order = true;
	}
	assert_true(skipped && order);
	ka_eventlog_conformance_release(&c);
	ka_eventlog_mapping_release(&m);
	/* a correction maps "Archive" onto "Arkivere": c1 still fits */
	assert_int_equal(ka_eventlog_map_match(&m, log, map, &fix, 1, &d), 0);
	assert_string_equal(m.act_el[act(log, "Archive")]->id, "arc");
	ka_eventlog_conformance_compute(&c, &s, map, &m, &d);
	assert_int_equal(c.cases_fitting, 1);
	ka_eventlog_conformance_release(&c);
	ka_eventlog_mapping_release(&m);
	assert_int_equal(ka_eventlog_map_match(&m, log, map, &badfix, 1, &d), KA_ERR_NOT_FOUND);
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
	ka_map_free(map);
}

/* two log activities mapped to one element: the one with more measurements gives the estimate */
static void test_propose_shared_element(void **state)
{
	char path[1024];
	struct ka_read_opts ro;
	struct ka_map *map = NULL;
	struct ka_eventlog *log;
	struct ka_eventlog_stats s;
	struct ka_eventlog_mapping m;
	struct ka_eventlog_map_fix fix = {"Archive", "dec"};
	const struct ka_xml_node *ext, *wait;
	struct ka_diag d;
	(void)state;

	snprintf(path, sizeof(path), "%s/tests/data/eventlog/running-example.bpmn", root);
	ka_read_opts_init(&ro);
	assert_int_equal(ka_bpmn_read_file(&map, path, &ro, &d), 0);
	/* "decide" waits 1, 2 and 3 hours (median 2 h); "Archive", fixed onto the same
	 * element, waits 1 hour once and comes later in the log's activity order */
	log = read_str("case,activity,timestamp\n"
	               "c1,register request,2024-03-01 08:00\n"
	               "c1,decide,2024-03-01 09:00\n"
	               "c1,Archive,2024-03-01 10:00\n"
	               "c2,register request,2024-03-02 08:00\n"
	               "c2,decide,2024-03-02 10:00\n"
	               "c3,register request,2024-03-03 08:00\n"
	               "c3,decide,2024-03-03 11:00\n",
	               NULL);
	ka_eventlog_stats_compute(&s, log, NULL, &d);
	assert_int_equal(ka_eventlog_map_match(&m, log, map, &fix, 1, &d), 0);
	assert_ptr_equal(m.act_el[act(log, "Archive")], m.act_el[act(log, "decide")]);
	assert_int_equal(ka_eventlog_propose(map, &s, &m),
	                 1); /* dec; the first step waits for nothing */
	ext = ka_xml_child(m.act_el[act(log, "decide")]->xml, KA_NS_BPMN, "extensionElements");
	assert_non_null(ext);
	wait = ka_xml_child(ext, KA_NS_KARTLA, "waitTime");
	assert_non_null(wait);
	assert_string_equal(ka_xml_attr(wait, NULL, "mostLikely"), "PT2H");
	ka_eventlog_mapping_release(&m);
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
	ka_map_free(map);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_time),
	    cmocka_unit_test(test_csv_detect),
	    cmocka_unit_test(test_grouped_unsorted),
	    cmocka_unit_test(test_stats_many),
	    cmocka_unit_test(test_stats),
	    cmocka_unit_test(test_stray_year),
	    cmocka_unit_test(test_working_time),
	    cmocka_unit_test(test_holidays),
	    cmocka_unit_test(test_csv_quoting_encoding),
	    cmocka_unit_test(test_csv_bad),
	    cmocka_unit_test(test_xes),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_running_example),
	    cmocka_unit_test(test_conformance),
	    cmocka_unit_test(test_propose_shared_element),
	};

	root = argc > 1 ? argv[1] : ".";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
