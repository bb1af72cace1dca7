/*
 * Unit tests of the CSV reader's two-thread path (lib/eventlog/eventlog_csv.c): plain input
 * over 1 MB is read in two parts from a line boundary after the middle. Each log here is read
 * twice, as plain bytes (two threads) and gzip-compressed (one stream, one thread), and the
 * results must be the same to the last field: events with their order and every field,
 * cases and names in order of first appearance, and, for bad input, the error or the
 * skipped count and the first skip's message with its line. Cases: a clean log with cases
 * running across the middle, bad rows in the second part (an error, and --skip-bad in both
 * parts), the event limit crossed in the second part, and a quoted field with line breaks
 * across the middle (the guessed boundary is wrong and one thread reads on).
 * Usage: unit_eventlog_split
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kartla/buf.h"
#include "kartla/eventlog.h"
#include "kartla/eventlog_stats.h"

/* gzip of `b` into `out` */
static void gzip_buf(struct ka_buf *out, const struct ka_buf *b)
{
	z_stream z;
	size_t cap = compressBound((uLong)b->len) + 64;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	ka_buf_init(out, KA_BUF_UNLIMITED);
	out->data = malloc(cap);
	assert_non_null(out->data);
	z.next_in = (unsigned char *)b->data;
	z.avail_in = (uInt)b->len;
	z.next_out = (unsigned char *)out->data;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len = z.total_out;
	deflateEnd(&z);
}

struct result {
	struct ka_eventlog *log;
	struct ka_diag d;
	int err;
};

static void read_both(struct result *plain, struct result *gz, const struct ka_buf *csv,
                      const struct ka_eventlog_opts *o)
{
	struct ka_buf z;

	gzip_buf(&z, csv);
	plain->err =
	    ka_eventlog_read_mem(&plain->log, csv->data, csv->len, "big.csv", o, &plain->d);
	gz->err = ka_eventlog_read_mem(&gz->log, z.data, z.len, "big.csv", o, &gz->d);
	free(z.data);
}

static void same_diag(const struct ka_diag *a, const struct ka_diag *b)
{
	assert_string_equal(a->message, b->message);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
}

static void same_log(const struct ka_eventlog *a, const struct ka_eventlog *b)
{
	size_t i;

	assert_int_equal(a->nevents, b->nevents);
	assert_int_equal(a->ncases, b->ncases);
	assert_int_equal(a->nactivities, b->nactivities);
	assert_int_equal(a->nresources, b->nresources);
	assert_int_equal(a->skipped, b->skipped);
	assert_string_equal(a->skipped_first, b->skipped_first);
	assert_string_equal(a->encoding, b->encoding);
	assert_int_equal(a->delimiter, b->delimiter);
	for (i = 0; i < a->nactivities; i++)
		assert_string_equal(a->activities[i], b->activities[i]);
	for (i = 0; i < a->nresources; i++)
		assert_string_equal(a->resources[i], b->resources[i]);
	for (i = 0; i < a->ncases; i++) {
		assert_string_equal(a->cases[i].id, b->cases[i].id);
		assert_int_equal(a->cases[i].first, b->cases[i].first);
		assert_int_equal(a->cases[i].n, b->cases[i].n);
	}
	for (i = 0; i < a->nevents; i++) {
		assert_true(a->ev.time[i] == b->ev.time[i]);
		assert_true(ka_eventlog_event_start(a, i) == ka_eventlog_event_start(b, i));
		assert_int_equal(a->ev.activity[i], b->ev.activity[i]);
		assert_int_equal(ka_eventlog_event_resource(a, i),
		                 ka_eventlog_event_resource(b, i));
		assert_int_equal(ka_eventlog_event_lifecycle(a, i),
		                 ka_eventlog_event_lifecycle(b, i));
		assert_int_equal(a->ev.case_ix[i], b->ev.case_ix[i]);
	}
}

/* About 2.4 MB: 8,000 cases of 5 events; every 7th case's events are spread over the whole
 * file (so cases run across the middle); `bad` rows (line numbers) and the rows up to line
 * `bad_upto` get a bad timestamp. */
static void make_csv_upto(struct ka_buf *b, const unsigned long *bad, size_t nbad,
                          unsigned long bad_upto)
{
	unsigned long line = 1, i, k;
	size_t j;

	ka_buf_init(b, KA_BUF_UNLIMITED);
	ka_buf_addf(b, "case:concept:name,concept:name,time:timestamp,org:resource\n");
	for (i = 0; i < 40000; i++) {
		unsigned long c = i / 5, ev = i % 5;
		bool is_bad = false;

		if (c % 7 == 0)
			c = (i * 7919) % 8000 / 7 * 7; /* a spread case */
		line++;
		is_bad = line <= bad_upto;
		for (j = 0; j < nbad; j++)
			is_bad |= bad[j] == line;
		k = (c * 13 + ev) % 9;
		ka_buf_addf(
		    b,
		    "case-%05lu,\"Step %lu, %s\",%s2024-%02lu-%02luT%02lu:%02lu:%02lu.%03luZ,%s\n",
		    c, k, k % 2 ? "review" : "decide", is_bad ? "x" : "", 1 + c % 12, 1 + ev * 5,
		    (c + ev) % 24, i % 60, (i * 7) % 60, i % 1000, ev % 3 ? "clerk" : "");
	}
}

static void make_csv(struct ka_buf *b, const unsigned long *bad, size_t nbad)
{
	make_csv_upto(b, bad, nbad, 0);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The stats of a log this large compute the activity-instance half (waits, hand-offs) in a
 * second thread: its figures against a plain computation here, sums bit for bit. */
static void check_instances(const struct ka_eventlog *log)
{
	struct ka_eventlog_stats s;
	struct ka_diag d;
	double *w = calloc(log->nevents + 1, sizeof(double));
	size_t a, i, k, n, nev, transfers = 0, handoffs = 0;

	assert_int_equal(ka_eventlog_stats_compute(&s, log, NULL, &d), 0);
	for (a = 0; a < log->nactivities; a++) {
		double total = 0;

		for (n = nev = 0, i = 0; i < log->ncases; i++) {
			size_t f = log->cases[i].first;
			const int64_t *tm = log->ev.time + f;
			const uint32_t *ac = log->ev.activity + f;
			for (k = 0; k < log->cases[i].n; k++) {
				int64_t st = ka_eventlog_event_start(log, f + k);
				int64_t begin = st != KA_EVENTLOG_NO_TIME ? st : tm[k];
				uint32_t r0 = k ? ka_eventlog_event_resource(log, f + k - 1) : 0;
				uint32_t r1 = ka_eventlog_event_resource(log, f + k);
				nev += ac[k] == a;
				if (k && ac[k] == a)
					w[n++] = begin > tm[k - 1]
					             ? (double)(begin - tm[k - 1]) / 1000.0
					             : 0;
				if (a == 0 && k && r0 && r1) {
					transfers++;
					handoffs += r0 != r1;
				}
			}
		}
		qsort(w, n, sizeof(*w), cmp_dbl);
		for (i = 0; i < n; i++)
			total += w[i];
		assert_int_equal(s.acts[a].events, nev);
		assert_int_equal(s.acts[a].wait.n, n);
		assert_true(s.acts[a].wait.total == total);
		assert_true(!n || (s.acts[a].wait.min == w[0] && s.acts[a].wait.max == w[n - 1]));
	}
	assert_int_equal(s.transfers_total, transfers);
	assert_int_equal(s.handoffs_total, handoffs);
	assert_int_equal(s.ncases, log->ncases);
	ka_eventlog_stats_release(&s);
	free(w);
}

static void test_clean(void **state)
{
	struct ka_buf b;
	struct result p, g;

	(void)state;
	make_csv(&b, NULL, 0);
	assert_true(b.len > 2 * (1u << 20));
	read_both(&p, &g, &b, NULL);
	assert_int_equal(p.err, 0);
	assert_int_equal(g.err, 0);
	assert_int_equal(p.log->nevents, 40000);
	same_log(p.log, g.log);
	check_instances(p.log);
	ka_eventlog_free(p.log);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);
}

static void test_bad_rows(void **state)
{
	const unsigned long bad[] = {12345, 33333, 35000};
	struct ka_eventlog_opts o;
	struct ka_buf b;
	struct result p, g;

	(void)state;
	make_csv(&b, bad + 1, 2); /* both in the second part */
	read_both(&p, &g, &b, NULL);
	assert_int_equal(p.err, KA_ERR_INVALID);
	assert_int_equal(g.err, KA_ERR_INVALID);
	assert_null(p.log);
	assert_int_equal(p.d.line, 33333);
	same_diag(&p.d, &g.d);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);

	ka_eventlog_opts_init(&o);
	o.skip_bad = true;
	make_csv(&b, bad + 1, 2); /* the first skip is in the second part */
	read_both(&p, &g, &b, &o);
	assert_int_equal(p.err, 0);
	assert_int_equal(p.log->skipped, 2);
	assert_non_null(strstr(p.log->skipped_first, ":33333:"));
	same_log(p.log, g.log);
	ka_eventlog_free(p.log);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);

	make_csv(&b, bad, 3); /* one in each part */
	read_both(&p, &g, &b, &o);
	assert_int_equal(p.err, 0);
	assert_int_equal(p.log->skipped, 3);
	assert_non_null(strstr(p.log->skipped_first, ":12345:"));
	same_log(p.log, g.log);
	ka_eventlog_free(p.log);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);

	make_csv_upto(&b, NULL, 0, 25000); /* the first part has no good row at all */
	read_both(&p, &g, &b, &o);
	assert_int_equal(p.err, 0);
	assert_int_equal(p.log->skipped, 24999);
	assert_int_equal(p.log->nevents, 40000 - 24999);
	assert_non_null(strstr(p.log->skipped_first, ":2:"));
	same_log(p.log, g.log);
	ka_eventlog_free(p.log);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);
}

static void test_limit(void **state)
{
	struct ka_eventlog_opts o;
	struct ka_buf b;
	struct result p, g;

	(void)state;
	ka_eventlog_opts_init(&o);
	o.max_events = 30000; /* crossed in the second part */
	make_csv(&b, NULL, 0);
	read_both(&p, &g, &b, &o);
	assert_int_equal(p.err, KA_ERR_LIMIT);
	assert_int_equal(g.err, KA_ERR_LIMIT);
	assert_int_equal(p.d.line, 30002);
	same_diag(&p.d, &g.d);
	ka_buf_release(&b);
}

static void test_quoted_break_across_middle(void **state)
{
	struct ka_buf b, big;
	struct result p, g;
	size_t half, cut, i;

	(void)state;
	make_csv(&b, NULL, 0);
	/* a row whose activity holds 300 KB of short lines, placed across the middle */
	half = b.len / 2;
	while (b.data[half - 1] != '\n')
		half--;
	cut = half - 150000;
	while (b.data[cut - 1] != '\n')
		cut--;
	ka_buf_init(&big, KA_BUF_UNLIMITED);
	ka_buf_add(&big, b.data, cut);
	ka_buf_addf(&big, "case-long,\"");
	for (i = 0; i < 50000; i++)
		ka_buf_addf(&big, "text\n");
	ka_buf_addf(&big, "\",2024-01-01T00:00:00Z,\n");
	ka_buf_add(&big, b.data + cut, b.len - cut);
	read_both(&p, &g, &big, NULL);
	assert_int_equal(p.err, 0);
	assert_int_equal(g.err, 0);
	same_log(p.log, g.log);
	ka_eventlog_free(p.log);
	ka_eventlog_free(g.log);
	ka_buf_release(&b);
	ka_buf_release(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_bad_rows),
	    cmocka_unit_test(test_limit),
	    cmocka_unit_test(test_quoted_break_across_middle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
