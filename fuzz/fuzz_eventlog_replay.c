/*
 * libFuzzer target for token replay and the proposal (lib/eventlog/
 * eventlog_replay.c, eventlog_propose.c), whose input is a map: whatever
 * the BPMN reader accepts is replayed against a log made from its own
 * activities (in document order, reversed, and every other one), so that
 * hostile maps (silent cycles that multiply tokens, wide inclusive
 * gateways, boundary events everywhere) reach the net and the search.
 * Properties: replay refuses only with KA_ERR_LIMIT and a message; the
 * token counts are consistent (at least one token produced and consumed per
 * case, missing <= consumed, remaining <= produced), fitness lies in [0, 1],
 * a second replay gives the same figures; the proposal's map writes and
 * reads again. Any violated property aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/eventlog.h"
#include "kartla/eventlog_map.h"
#include "kartla/eventlog_stats.h"

#define MAX_ACTS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_eventlog_replay: property violated: %s%s%s\n", what,
	        detail ? ": " : "", detail ? detail : "");
	abort();
}

static void csv_name(struct ka_buf *b, const char *s)
{
	ka_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			ka_buf_addc(b, '"');
		ka_buf_addc(b, *s);
	}
	ka_buf_addc(b, '"');
}

/* Three cases over the map's first named activities: in order, reversed, every other. */
static size_t make_log(const struct ka_map *m, struct ka_buf *b)
{
	const char *names[MAX_ACTS];
	size_t n = 0, i, k;
	uint32_t e;

	for (e = 0; e < m->els.n && n < MAX_ACTS; e++) {
		const struct ka_el *el = m->els.v[e];
		if (el->name && el->name[0] && ka_eventlog_map_matchable(el))
			names[n++] = el->name;
	}
	ka_buf_adds(b, "case,activity,timestamp\n");
	for (k = 0; k < 3; k++)
		for (i = 0; i < n; i++) {
			size_t j = k == 1 ? n - 1 - i : i;
			if (k == 2 && i % 2)
				continue;
			ka_buf_addf(b, "c%zu,", k);
			csv_name(b, names[j]);
			ka_buf_addf(b, ",2024-01-0%zu %02zu:00\n", k + 1, i);
		}
	return n;
}

static void check(const struct ka_eventlog_replay *r, const struct ka_eventlog_stats *s)
{
	size_t v;

	if (r->cases != s->ncases || r->cases_fitting > r->cases)
		die("case counts", NULL);
	if (!(r->fitness >= 0 && r->fitness <= 1) ||
	    !(r->mean_case_fitness >= 0 && r->mean_case_fitness <= 1 + 1e-12))
		die("fitness out of [0, 1]", NULL);
	for (v = 0; v < s->nvariants; v++) {
		const uint64_t *x = r->variant_pcmr[v];
		if (x[0] < 1 || x[1] < 1 || x[2] > x[1] || x[3] > x[0])
			die("token counts of a case", NULL);
	}
}

static void replay(struct ka_map *m, const struct ka_eventlog *log)
{
	struct ka_eventlog_calendar cal;
	struct ka_eventlog_stats s;
	struct ka_eventlog_mapping mp;
	struct ka_eventlog_replay r, again;
	struct ka_diag d;
	struct ka_buf b;
	struct ka_map *m2 = NULL;
	struct ka_read_opts ro;
	int err;

	ka_diag_init(&d, "fuzz-input");
	ka_eventlog_calendar_init(&cal);
	if (ka_eventlog_calendar_prepare(&cal, &d) || ka_eventlog_stats_compute(&s, log, &cal, &d))
		die("stats of a good log failed", d.message);
	if (ka_eventlog_map_match(&mp, log, m, NULL, 0, &d))
		die("matching without corrections failed", d.message);
	err = ka_eventlog_replay_compute(&r, &s, m, &mp, &d);
	if (err) {
		if (err != KA_ERR_LIMIT || !d.message[0])
			die("replay refused without KA_ERR_LIMIT and a message", d.message);
	} else {
		check(&r, &s);
		if (ka_eventlog_replay_compute(&again, &s, m, &mp, &d) ||
		    r.produced != again.produced || r.consumed != again.consumed ||
		    r.missing != again.missing || r.remaining != again.remaining)
			die("a second replay differs", NULL);
		ka_eventlog_replay_release(&again);
		ka_eventlog_replay_release(&r);
	}
	ka_eventlog_propose(m, &s, &mp);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (ka_bpmn_write(m, &b))
		die("writing the proposal failed", NULL);
	ka_read_opts_init(&ro);
	ro.repair = true;
	if (ka_bpmn_read(&m2, b.data, b.len, "proposal", &ro, &d))
		die("the proposal does not read again", d.message);
	ka_map_free(m2);
	ka_buf_release(&b);
	ka_eventlog_mapping_release(&mp);
	ka_eventlog_stats_release(&s);
	ka_eventlog_calendar_release(&cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_read_opts opts;
	struct ka_diag d;
	struct ka_map *m = NULL;
	struct ka_eventlog *log = NULL;
	struct ka_buf b;

	ka_read_opts_init(&opts);
	opts.repair = true;
	ka_diag_init(&d, "fuzz-input");
	if (ka_bpmn_read(&m, (const char *)data, size, "fuzz-input", &opts, &d))
		return 0;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (make_log(m, &b) && !ka_eventlog_read_mem(&log, b.data, b.len, "log", NULL, &d)) {
		replay(m, log);
		ka_eventlog_free(log);
	}
	ka_buf_release(&b);
	ka_map_free(m);
	return 0;
}
