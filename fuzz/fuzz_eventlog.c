/*
 * libFuzzer targets for the event-log readers, built twice (fuzz/meson.build):
 * FUZZ_EVENTLOG_XES for the XES reader (plain or gzip input), otherwise the CSV
 * reader (detection of delimiter, header, columns, encodings). Every input is
 * read strictly and with skip_bad. A failed read must say why (a
 * message); a successful read must hold events grouped by case and sorted by time, and every
 * measure (and the JSON of them) must be computable on it. Any violated property aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kartla/eventlog.h"
#include "kartla/eventlog_stats.h"

#ifdef FUZZ_EVENTLOG_XES
#define FUZZ_NAME   "fuzz_eventlog_xes"
#define FUZZ_FORMAT KA_EVENTLOG_XES
#else
#define FUZZ_NAME   "fuzz_eventlog_csv"
#define FUZZ_FORMAT KA_EVENTLOG_CSV
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "%s: property violated: %s\n", FUZZ_NAME, what);
	abort();
}

static void check(const struct ka_eventlog *log)
{
	struct ka_eventlog_stats s;
	struct ka_eventlog_calendar cal;
	struct ka_diag d;
	size_t i, k, total = 0;
	json_t *j;

	for (i = 0; i < log->ncases; i++) {
		const struct ka_eventlog_case *c = &log->cases[i];
		if (!c->n || c->first + c->n > log->nevents)
			die("case outside the event table");
		for (k = c->first; k < c->first + c->n; k++) {
			if (log->ev.case_ix[k] != i || log->ev.activity[k] >= log->nactivities ||
			    ka_eventlog_event_resource(log, k) >= log->nresources)
				die("event with a bad index");
			if (k > c->first && log->ev.time[k] < log->ev.time[k - 1])
				die("events of a case not sorted by time");
		}
		total += c->n;
	}
	if (total != log->nevents)
		die("cases do not cover the events");
	ka_eventlog_calendar_init(&cal);
	cal.working = true;
	cal.holidays = KA_EVENTLOG_HOL_NO;
	if (ka_eventlog_calendar_prepare(&cal, &d))
		die("default calendar refused");
	if (ka_eventlog_stats_compute(&s, log, &cal, &d))
		die("stats failed");
	if (s.lead.n != log->ncases || s.lead.min < 0)
		die("lead times");
	j = ka_eventlog_stats_to_json(&s, 0);
	if (!j)
		die("stats JSON");
	json_decref(j);
	ka_eventlog_stats_release(&s);
	ka_eventlog_calendar_release(&cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_eventlog_opts o;
	struct ka_eventlog *log = NULL;
	struct ka_diag d;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		ka_eventlog_opts_init(&o);
		o.format = FUZZ_FORMAT;
		o.skip_bad = pass == 1;
		o.max_events = 100000;
		if (ka_eventlog_read_mem(&log, data, size, "fuzz-input", &o, &d)) {
			if (log || !d.message[0])
				die("a failed read must leave no log and say why");
			continue;
		}
		check(log);
		ka_eventlog_free(log);
		log = NULL;
	}
	return 0;
}
