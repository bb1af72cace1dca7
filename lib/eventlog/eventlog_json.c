/*
 * The measures as JSON, for `kartla eventlog ... --json` and for the API
 * that will serve them: every duration in seconds ("_s"), rounded to the
 * millisecond, of the basis named in "basis".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kartla/eventlog_stats.h"
#include "kartla/banned.h"

static json_t *secs(double v)
{
	return json_real(round(v * 1000.0) / 1000.0);
}

static json_t *summary_json(const struct ka_eventlog_summary *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "mean_s", secs(s->mean));
	json_object_set_new(o, "median_s", secs(s->median));
	json_object_set_new(o, "p10_s", secs(s->p10));
	json_object_set_new(o, "p80_s", secs(s->p80));
	json_object_set_new(o, "p90_s", secs(s->p90));
	json_object_set_new(o, "p95_s", secs(s->p95));
	json_object_set_new(o, "min_s", secs(s->min));
	json_object_set_new(o, "max_s", secs(s->max));
	json_object_set_new(o, "total_s", secs(s->total));
	return o;
}

static json_t *source_json(const struct ka_eventlog *log)
{
	json_t *o = json_object();

	json_object_set_new(o, "format",
	                    json_string(log->format == KA_EVENTLOG_XES ? "xes" : "csv"));
	if (log->format == KA_EVENTLOG_CSV) {
		char d[3] = {log->delimiter, 0, 0};
		json_t *cols = json_object();
		if (log->delimiter == '\t')
			d[0] = '\\', d[1] = 't';
		json_object_set_new(o, "delimiter", json_string(d));
		json_object_set_new(o, "encoding", json_string(log->encoding));
		json_object_set_new(cols, "case", json_string(log->col_case));
		json_object_set_new(cols, "activity", json_string(log->col_activity));
		json_object_set_new(cols, "timestamp", json_string(log->col_time));
		json_object_set_new(cols, "start_timestamp",
		                    log->col_start ? json_string(log->col_start) : json_null());
		json_object_set_new(cols, "resource",
		                    log->col_resource ? json_string(log->col_resource)
		                                      : json_null());
		json_object_set_new(o, "columns", cols);
	}
	json_object_set_new(o, "lifecycle", json_boolean(log->has_lifecycle));
	json_object_set_new(o, "start_times", json_boolean(log->has_start));
	json_object_set_new(o, "skipped", json_integer((json_int_t)log->skipped));
	return o;
}

json_t *ka_eventlog_activities_to_json(const struct ka_eventlog_stats *s)
{
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; i < s->log->nactivities; i++) {
		const struct ka_eventlog_activity_stats *x = &s->acts[i];
		json_t *o = json_object();

		json_object_set_new(o, "activity", json_string(s->log->activities[i]));
		json_object_set_new(o, "events", json_integer((json_int_t)x->events));
		json_object_set_new(o, "instances", json_integer((json_int_t)x->instances));
		json_object_set_new(o, "cases", json_integer((json_int_t)x->cases));
		json_object_set_new(o, "rework_cases", json_integer((json_int_t)x->rework_cases));
		json_object_set_new(o, "repeats", json_integer((json_int_t)x->repeats));
		json_object_set_new(o, "start_count", json_integer((json_int_t)s->start_counts[i]));
		json_object_set_new(o, "end_count", json_integer((json_int_t)s->end_counts[i]));
		json_object_set_new(o, "service", summary_json(&x->service));
		json_object_set_new(o, "wait", summary_json(&x->wait));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *ka_eventlog_variants_to_json(const struct ka_eventlog_stats *s, size_t top)
{
	json_t *a = json_array();
	size_t i, n = top && top < s->nvariants ? top : s->nvariants;
	uint32_t k;

	for (i = 0; i < n; i++) {
		const struct ka_eventlog_variant *v = &s->variants[i];
		json_t *o = json_object(), *seq = json_array();

		for (k = 0; k < v->len; k++)
			json_array_append_new(seq, json_string(s->log->activities[v->acts[k]]));
		json_object_set_new(o, "activities", seq);
		json_object_set_new(o, "count", json_integer((json_int_t)v->count));
		json_object_set_new(o, "share", json_real(round(v->share * 1e6) / 1e6));
		json_object_set_new(o, "mean_lead_time_s", secs(v->mean_lead_s));
		json_object_set_new(o, "example_case",
		                    json_string(s->log->cases[v->example_case].id));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *ka_eventlog_dfg_to_json(const struct ka_eventlog_stats *s, size_t top)
{
	json_t *o = json_object(), *edges = json_array(), *st = json_object(), *en = json_object();
	size_t i, n = top && top < s->nedges ? top : s->nedges;

	for (i = 0; i < n; i++) {
		const struct ka_eventlog_edge *e = &s->edges[i];
		json_t *x = json_object();
		json_object_set_new(x, "from", json_string(s->log->activities[e->from]));
		json_object_set_new(x, "to", json_string(s->log->activities[e->to]));
		json_object_set_new(x, "count", json_integer((json_int_t)e->count));
		json_object_set_new(x, "mean_s", secs(e->mean_s));
		json_array_append_new(edges, x);
	}
	for (i = 0; i < s->log->nactivities; i++) {
		if (s->start_counts[i])
			json_object_set_new(st, s->log->activities[i],
			                    json_integer((json_int_t)s->start_counts[i]));
		if (s->end_counts[i])
			json_object_set_new(en, s->log->activities[i],
			                    json_integer((json_int_t)s->end_counts[i]));
	}
	json_object_set_new(o, "basis", json_string(s->working ? "working" : "calendar"));
	json_object_set_new(o, "edges", edges);
	json_object_set_new(o, "start_activities", st);
	json_object_set_new(o, "end_activities", en);
	return o;
}

static json_t *lead_json(const struct ka_eventlog_stats *s)
{
	json_t *o = summary_json(&s->lead), *h = json_array();
	size_t i;

	for (i = 0; i < KA_EVENTLOG_BINS; i++) {
		json_t *b = json_object();
		json_object_set_new(b, "from_s", secs(s->hist[i].from_s));
		json_object_set_new(b, "to_s", secs(s->hist[i].to_s));
		json_object_set_new(b, "count", json_integer((json_int_t)s->hist[i].count));
		json_array_append_new(h, b);
	}
	json_object_set_new(o, "histogram", h);
	return o;
}

static json_t *throughput_json(const struct ka_eventlog_stats *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->nmonths; i++) {
		json_t *o = json_object();
		char m[16];
		snprintf(m, sizeof(m), "%04d-%02d", s->months[i].year, s->months[i].month);
		json_object_set_new(o, "month", json_string(m));
		json_object_set_new(o, "started", json_integer((json_int_t)s->months[i].started));
		json_object_set_new(o, "finished", json_integer((json_int_t)s->months[i].finished));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *handoffs_json(const struct ka_eventlog_stats *s, size_t top)
{
	json_t *o = json_object(), *a = json_array();
	size_t i, n = top && top < s->nhandoffs ? top : s->nhandoffs;

	json_object_set_new(o, "total", json_integer((json_int_t)s->handoffs_total));
	json_object_set_new(o, "transfers", json_integer((json_int_t)s->transfers_total));
	for (i = 0; i < n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "from", json_string(s->log->resources[s->handoffs[i].from]));
		json_object_set_new(x, "to", json_string(s->log->resources[s->handoffs[i].to]));
		json_object_set_new(x, "count", json_integer((json_int_t)s->handoffs[i].count));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "pairs", a);
	return o;
}

static json_t *bottlenecks_json(const struct ka_eventlog_stats *s, size_t top)
{
	json_t *a = json_array();
	size_t i, n = top && top < s->nbottlenecks ? top : s->nbottlenecks;

	for (i = 0; i < n; i++) {
		const struct ka_eventlog_activity_stats *x = &s->acts[s->bottlenecks[i]];
		json_t *o = json_object();
		json_object_set_new(o, "activity", json_string(s->log->activities[x->activity]));
		json_object_set_new(o, "wait_total_s", secs(x->wait.total));
		json_object_set_new(o, "wait_mean_s", secs(x->wait.mean));
		json_object_set_new(o, "wait_median_s", secs(x->wait.median));
		json_object_set_new(o, "instances", json_integer((json_int_t)x->wait.n));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *ka_eventlog_stats_to_json(const struct ka_eventlog_stats *s, size_t top)
{
	json_t *o = json_object();
	size_t rework = 0, i;

	for (i = 0; i < s->log->nactivities; i++)
		rework += s->acts[i].repeats;
	json_object_set_new(o, "cases", json_integer((json_int_t)s->ncases));
	json_object_set_new(o, "events", json_integer((json_int_t)s->nevents));
	json_object_set_new(o, "activities", json_integer((json_int_t)s->log->nactivities));
	json_object_set_new(o, "variants", json_integer((json_int_t)s->nvariants));
	json_object_set_new(o, "basis", json_string(s->working ? "working" : "calendar"));
	json_object_set_new(o, "lead_time", lead_json(s));
	json_object_set_new(o, "instances", json_integer((json_int_t)s->ninstances));
	json_object_set_new(o, "repeats", json_integer((json_int_t)rework));
	json_object_set_new(o, "source", source_json(s->log));
	json_object_set_new(o, "per_activity", ka_eventlog_activities_to_json(s));
	json_object_set_new(o, "bottlenecks", bottlenecks_json(s, top));
	json_object_set_new(o, "handoffs", handoffs_json(s, top));
	json_object_set_new(o, "throughput", throughput_json(s));
	json_object_set_new(o, "top_variants", ka_eventlog_variants_to_json(s, top));
	return o;
}
