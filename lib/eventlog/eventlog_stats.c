/*
 * The measures on a read log, one pass over the cases (events are already
 * grouped by case and sorted by time): case lead times, variants, the
 * directly-follows graph, start and end activities, activity instances
 * with service and waiting times, rework, hand-offs and throughput, then
 * the summaries. docs/eventlog.md is the definition of every figure.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "kartla/eventlog_stats.h"
#include "eventlog_int.h"
#include "eventlog_samples.h"
#include "kartla/banned.h"

/* ---- variants and edges: open-addressing tables ---- */

struct table {
	size_t *slots; /* index + 1 */
	size_t nslots;
};

static size_t *table_slot(struct table *t, uint64_t h, size_t n, const void *ctx,
                          bool (*eq)(const void *ctx, size_t ix),
                          size_t (*rehash)(const void *, size_t))
{
	size_t i, mask;

	if (n * 2 >= t->nslots) {
		size_t ns = t->nslots ? t->nslots * 2 : 256, j;
		size_t *slots = ka_xcalloc(ns, sizeof(*slots));
		for (j = 0; j < t->nslots; j++) {
			size_t k;
			if (!t->slots[j])
				continue;
			k = rehash(ctx, t->slots[j] - 1) & (ns - 1);
			while (slots[k])
				k = (k + 1) & (ns - 1);
			slots[k] = t->slots[j];
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = ns;
	}
	mask = t->nslots - 1;
	for (i = h & mask; t->slots[i]; i = (i + 1) & mask)
		if (eq(ctx, t->slots[i] - 1))
			return &t->slots[i];
	return &t->slots[i];
}

struct build {
	struct ka_eventlog_stats *s;
	const struct ka_eventlog_calendar *cal;
	struct table vt, et, ht;
	size_t valloc, ealloc, halloc, store_len, store_alloc;
	size_t *var_offset;
	const uint32_t *cur_seq; /* sequence being looked up */
	uint32_t cur_len;
	uint64_t cur_key;
	double *var_lead_sum;
	size_t *emat; /* with few activities: edge index + 1 of (from, to) at from * nacts + to */
	uint32_t nacts;
};

static uint64_t seq_hash(const uint32_t *seq, uint32_t n)
{
	return ka_hash_bytes((const char *)seq, (size_t)n * sizeof(*seq));
}

static bool var_eq(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	const struct ka_eventlog_variant *v = &b->s->variants[ix];
	return v->len == b->cur_len && !memcmp(b->s->seq_store + b->var_offset[ix], b->cur_seq,
	                                       b->cur_len * sizeof(uint32_t));
}

static size_t var_rehash(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	return seq_hash(b->s->seq_store + b->var_offset[ix], b->s->variants[ix].len);
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return ((uint64_t)a << 32) | b;
}

static uint64_t key_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xFF51AFD7ED558CCDULL;
	k ^= k >> 33;
	return k;
}

static bool edge_eq(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	return pair_key(b->s->edges[ix].from, b->s->edges[ix].to) == b->cur_key;
}

static size_t edge_rehash(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	return key_hash(pair_key(b->s->edges[ix].from, b->s->edges[ix].to));
}

static bool hand_eq(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	return pair_key(b->s->handoffs[ix].from, b->s->handoffs[ix].to) == b->cur_key;
}

static size_t hand_rehash(const void *ctx, size_t ix)
{
	const struct build *b = ctx;
	return key_hash(pair_key(b->s->handoffs[ix].from, b->s->handoffs[ix].to));
}

static void add_variant(struct build *b, const uint32_t *seq, uint32_t n, size_t case_ix,
                        double lead)
{
	struct ka_eventlog_stats *s = b->s;
	size_t *slot;

	b->cur_seq = seq;
	b->cur_len = n;
	slot = table_slot(&b->vt, seq_hash(seq, n), s->nvariants, b, var_eq, var_rehash);
	if (!*slot) {
		if (s->nvariants == b->valloc) {
			b->valloc = b->valloc ? b->valloc * 2 : 64;
			s->variants =
			    ka_xreallocarray(s->variants, b->valloc, sizeof(*s->variants));
			b->var_offset = ka_xreallocarray(b->var_offset, b->valloc, sizeof(size_t));
			b->var_lead_sum =
			    ka_xreallocarray(b->var_lead_sum, b->valloc, sizeof(double));
		}
		if (b->store_len + n > b->store_alloc) {
			b->store_alloc = (b->store_len + n) * 2;
			s->seq_store =
			    ka_xreallocarray(s->seq_store, b->store_alloc, sizeof(uint32_t));
		}
		memcpy(s->seq_store + b->store_len, seq, n * sizeof(uint32_t));
		b->var_offset[s->nvariants] = b->store_len;
		b->store_len += n;
		memset(&s->variants[s->nvariants], 0, sizeof(s->variants[0]));
		s->variants[s->nvariants].len = n;
		s->variants[s->nvariants].example_case = case_ix;
		b->var_lead_sum[s->nvariants] = 0;
		*slot = ++s->nvariants;
	}
	s->variants[*slot - 1].count++;
	b->var_lead_sum[*slot - 1] += lead;
}

static void add_edge(struct build *b, uint32_t from, uint32_t to, double secs)
{
	struct ka_eventlog_stats *s = b->s;
	size_t *slot;

	if (b->emat) {
		slot = &b->emat[(size_t)from * b->nacts + to];
	} else {
		b->cur_key = pair_key(from, to);
		slot = table_slot(&b->et, key_hash(b->cur_key), s->nedges, b, edge_eq, edge_rehash);
	}
	if (!*slot) {
		if (s->nedges == b->ealloc) {
			b->ealloc = b->ealloc ? b->ealloc * 2 : 64;
			s->edges = ka_xreallocarray(s->edges, b->ealloc, sizeof(*s->edges));
		}
		memset(&s->edges[s->nedges], 0, sizeof(s->edges[0]));
		s->edges[s->nedges].from = from;
		s->edges[s->nedges].to = to;
		*slot = ++s->nedges;
	}
	s->edges[*slot - 1].count++;
	s->edges[*slot - 1].total_s += secs;
}

static void add_handoff(struct build *b, uint32_t from, uint32_t to)
{
	struct ka_eventlog_stats *s = b->s;
	size_t *slot;

	b->cur_key = pair_key(from, to);
	slot = table_slot(&b->ht, key_hash(b->cur_key), s->nhandoffs, b, hand_eq, hand_rehash);
	if (!*slot) {
		if (s->nhandoffs == b->halloc) {
			b->halloc = b->halloc ? b->halloc * 2 : 64;
			s->handoffs =
			    ka_xreallocarray(s->handoffs, b->halloc, sizeof(*s->handoffs));
		}
		s->handoffs[s->nhandoffs].from = from;
		s->handoffs[s->nhandoffs].to = to;
		s->handoffs[s->nhandoffs].count = 0;
		*slot = ++s->nhandoffs;
	}
	s->handoffs[*slot - 1].count++;
}

/* The sample key of the span from a to b (see struct el_samples). */
static inline uint64_t span_key(const struct ka_eventlog_calendar *cal, int64_t a, int64_t b)
{
	if (!cal || !cal->working)
		return b > a ? (uint64_t)(b - a) : 0;
	return el_dkey(ka_eventlog_calendar_span(cal, a, b));
}

/* Activity instances of one case (events [f, f + n)): service, wait, rework and hand-offs. */
static void case_instances(struct build *b, const struct ka_eventlog *log, size_t f, uint32_t n,
                           struct el_samples *service, struct el_samples *wait, uint32_t *count,
                           uint32_t *touched)
{
	struct ka_eventlog_stats *s = b->s;
	const uint32_t *act = log->ev.activity;
	const int64_t *time = log->ev.time;
	size_t i, prev = SIZE_MAX;
	uint32_t ntouched = 0, k;

	for (i = f; i < f + n; i++) {
		uint32_t a = act[i];
		int64_t start = ka_eventlog_event_start(log, i);

		s->acts[a].events++;
		if (!ka_eventlog_event_completes(log, i))
			continue;
		s->ninstances++;
		s->acts[a].instances++;
		if (!count[a]++)
			touched[ntouched++] = a;
		if (start != KA_EVENTLOG_NO_TIME)
			el_sample_add(service, a, span_key(b->cal, start, time[i]));
		if (prev != SIZE_MAX) {
			uint32_t pr = ka_eventlog_event_resource(log, prev);
			uint32_t xr = ka_eventlog_event_resource(log, i);
			int64_t begin = start != KA_EVENTLOG_NO_TIME ? start : time[i];

			el_sample_add(wait, a, span_key(b->cal, time[prev], begin));
			if (pr && xr) {
				s->transfers_total++;
				if (pr != xr) {
					s->handoffs_total++;
					add_handoff(b, pr, xr);
				}
			}
		}
		prev = i;
	}
	for (k = 0; k < ntouched; k++) {
		uint32_t a = touched[k];
		s->acts[a].cases++;
		if (count[a] > 1) {
			s->acts[a].rework_cases++;
			s->acts[a].repeats += count[a] - 1;
		}
		count[a] = 0;
	}
}

/* The year and month of an instant at tz_minutes, as ka_eventlog_format_time writes them
 * (whole seconds, years clamped to 0..9999), without formatting. */
static void month_of(int64_t ms, int tz_minutes, int *y, int *m)
{
	int64_t t = ms + tz_minutes * 60000LL, sec = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
	int64_t z = (sec >= 0 ? sec : sec - 86399) / 86400, era, yy;
	unsigned doe, yoe, doy, mp, mm;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mm = mp < 10 ? mp + 3 : mp - 9;
	yy += mm <= 2;
	if (yy < 0 || yy > 9999)
		yy = yy < 0 ? 0 : 9999;
	*y = (int)yy;
	*m = (int)mm;
}

/* The month (year * 12 + month - 1) of an instant at tz_minutes. */
static long month_key(int64_t ms, int tz_minutes)
{
	int y, m;

	month_of(ms, tz_minutes, &y, &m);
	return y * 12L + m - 1;
}

/* Cases started and finished per month; sk[2i], sk[2i + 1]: the months of case i's first and
 * last event (made in the pass over the cases). */
static void throughput(struct ka_eventlog_stats *s, const long *sk)
{
	const struct ka_eventlog *log = s->log;
	long lo = 0, hi = 0, k;
	size_t i;

	for (i = 0; i < log->ncases; i++) {
		if (!i || sk[2 * i] < lo)
			lo = sk[2 * i];
		if (!i || sk[2 * i + 1] > hi)
			hi = sk[2 * i + 1];
	}
	s->nmonths = (size_t)(hi - lo + 1);
	s->months = ka_xcalloc(s->nmonths, sizeof(*s->months));
	for (k = lo; k <= hi; k++) {
		s->months[k - lo].year = (int)(k / 12);
		s->months[k - lo].month = (int)(k % 12) + 1;
	}
	for (i = 0; i < log->ncases; i++) {
		s->months[sk[2 * i] - lo].started++;
		s->months[sk[2 * i + 1] - lo].finished++;
	}
	if (s->nmonths > KA_EVENTLOG_MAX_MONTHS) { /* a stray year: keep the months with cases */
		size_t n = 0;
		for (i = 0; i < s->nmonths; i++)
			if (s->months[i].started || s->months[i].finished)
				s->months[n++] = s->months[i];
		s->nmonths = n;
	}
}

/* Per activity summaries of the bucketed samples of activities [from, to) (each bucket is
 * sorted). */
static void activity_summaries(struct ka_eventlog_stats *s, struct el_samples *sm, bool wait,
                               uint32_t from, uint32_t to)
{
	uint32_t a;
	size_t most = 1;
	uint64_t *tmp;

	for (a = from; a < to; a++)
		if (sm->b[a].n > most)
			most = sm->b[a].n;
	tmp = el_big_grow(NULL, 0, most, 8);
	for (a = from; a < to; a++)
		el_summarise_bucket(wait ? &s->acts[a].wait : &s->acts[a].service, &sm->b[a],
		                    sm->ms, tmp);
	el_big_free(tmp, most, 8);
}

static int cmp_variant(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	const struct ka_eventlog_variant *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->example_case < y->example_case ? -1 : x->example_case > y->example_case;
}

static int cmp_edge(const void *a, const void *b, void *ctx)
{
	const struct ka_eventlog_stats *sort_ctx = ctx;
	const struct ka_eventlog_edge *x = a, *y = b;
	const char *const *n = sort_ctx->log->activities;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	c = strcmp(n[x->from], n[y->from]);
	return c ? c : strcmp(n[x->to], n[y->to]);
}

static int cmp_handoff(const void *a, const void *b, void *ctx)
{
	const struct ka_eventlog_stats *sort_ctx = ctx;
	const struct ka_eventlog_handoff *x = a, *y = b;
	const char *const *n = sort_ctx->log->resources;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	c = strcmp(n[x->from], n[y->from]);
	return c ? c : strcmp(n[x->to], n[y->to]);
}

static int cmp_bottleneck(const void *a, const void *b, void *ctx)
{
	const struct ka_eventlog_stats *sort_ctx = ctx;
	const struct ka_eventlog_activity_stats *x = &sort_ctx->acts[*(const uint32_t *)a];
	const struct ka_eventlog_activity_stats *y = &sort_ctx->acts[*(const uint32_t *)b];

	if (x->wait.total != y->wait.total)
		return x->wait.total > y->wait.total ? -1 : 1;
	return x->activity < y->activity ? -1 : x->activity > y->activity;
}

static void histogram(struct ka_eventlog_stats *s)
{
	double w = s->lead.max / KA_EVENTLOG_BINS;
	size_t i;

	for (i = 0; i < KA_EVENTLOG_BINS; i++) {
		s->hist[i].from_s = w * (double)i;
		s->hist[i].to_s = w * (double)(i + 1);
	}
	for (i = 0; i < s->ncases; i++) {
		size_t k = w > 0 ? (size_t)(s->lead_s[i] / w) : 0;
		s->hist[k >= KA_EVENTLOG_BINS ? KA_EVENTLOG_BINS - 1 : k].count++;
	}
}

/* Means, summaries and orderings after the pass. */
static void finish(struct ka_eventlog_stats *s, struct build *b)
{
	size_t i;
	double *lead = ka_xreallocarray(NULL, s->ncases + 1, sizeof(double));
	uint64_t *tmp;
	struct ka_eventlog_variant *v = s->variants;

	for (i = 0; i < s->nvariants; i++) {
		v[i].acts = s->seq_store + b->var_offset[i];
		v[i].share = (double)v[i].count / (double)s->ncases;
		v[i].mean_lead_s = b->var_lead_sum[i] / (double)v[i].count;
	}
	for (i = 0; i < s->nedges; i++)
		s->edges[i].mean_s = s->edges[i].total_s / (double)s->edges[i].count;
	memcpy(lead, s->lead_s, s->ncases * sizeof(double));
	tmp = ka_xreallocarray(NULL, s->ncases + 1, sizeof(*tmp));
	el_summarise(&s->lead, lead, s->ncases, tmp);
	free(tmp);
	free(lead);
	histogram(s);
	if (s->nvariants > 1)
		qsort_r(s->variants, s->nvariants, sizeof(*s->variants), cmp_variant, s);
	if (s->nedges > 1)
		qsort_r(s->edges, s->nedges, sizeof(*s->edges), cmp_edge, s);
}

/* Hand-offs and bottlenecks, once the activity instances are summarised. */
static void finish_instances(struct ka_eventlog_stats *s)
{
	size_t i;

	if (s->nhandoffs > 1)
		qsort_r(s->handoffs, s->nhandoffs, sizeof(*s->handoffs), cmp_handoff, s);
	s->bottlenecks = ka_xreallocarray(NULL, s->log->nactivities + 1, sizeof(uint32_t));
	for (i = 0; i < s->log->nactivities; i++)
		if (s->acts[i].wait.n && s->acts[i].wait.total > 0)
			s->bottlenecks[s->nbottlenecks++] = (uint32_t)i;
	if (s->nbottlenecks > 1)
		qsort_r(s->bottlenecks, s->nbottlenecks, sizeof(uint32_t), cmp_bottleneck, s);
}

/* The activity-instance half of the measures (service, waits, rework, hand-offs), which
 * shares no result with the case half: with a large log it runs in a thread of its own. It
 * collects the samples; their summaries are made afterwards, by both threads. */
struct inst_job {
	struct ka_eventlog_stats *s;
	const struct ka_eventlog_calendar *cal;
	struct table ht; /* hand-offs */
	struct el_samples service, wait;
	uint32_t from, to; /* summaries: the waits of activities [from, to) */
};

static void *instances_main(void *arg)
{
	struct inst_job *j = arg;
	struct ka_eventlog_stats *s = j->s;
	const struct ka_eventlog *log = s->log;
	struct build b;
	uint32_t *count = ka_xcalloc(log->nactivities + 1, sizeof(uint32_t));
	uint32_t *touched = ka_xcalloc(log->nactivities + 1, sizeof(uint32_t));
	size_t i;

	memset(&b, 0, sizeof(b));
	b.s = s;
	b.cal = j->cal;
	el_samples_init(&j->service, log->nactivities, !j->cal || !j->cal->working);
	el_samples_init(&j->wait, log->nactivities, !j->cal || !j->cal->working);
	for (i = 0; i < log->ncases; i++)
		case_instances(&b, log, log->cases[i].first, log->cases[i].n, &j->service, &j->wait,
		               count, touched);
	j->ht = b.ht;
	free(count);
	free(touched);
	return NULL;
}

static void *wait_summaries_main(void *arg)
{
	struct inst_job *j = arg;

	activity_summaries(j->s, &j->wait, true, j->from, j->to);
	return NULL;
}

/* The summaries of the samples: the waits of the activities after the one where half of
 * them are reached in a second thread when `threaded`, the rest in this one. */
static void instance_summaries(struct inst_job *j, bool threaded)
{
	uint32_t a, n = j->s->log->nactivities, h = n;
	size_t total = 0, sum = 0;
	pthread_t t;

	for (a = 0; a < n; a++)
		total += j->wait.b[a].n;
	for (a = 0; threaded && a < n && h == n; a++) {
		sum += j->wait.b[a].n;
		if (sum * 2 >= total)
			h = a + 1;
	}
	j->from = h;
	j->to = n;
	threaded = h < n && !pthread_create(&t, NULL, wait_summaries_main, j);
	activity_summaries(j->s, &j->service, false, 0, n);
	activity_summaries(j->s, &j->wait, true, 0, threaded ? h : n);
	if (threaded)
		pthread_join(t, NULL);
	el_samples_release(&j->service);
	el_samples_release(&j->wait);
}

/* The case half: lead times, directly-follows edges, variants, start and end activities and
 * the months of each case's first and last event (sk). */
static void cases_pass(struct build *b, const struct ka_eventlog *log, long *sk)
{
	struct ka_eventlog_stats *s = b->s;
	int tz = b->cal ? b->cal->tz_minutes : 0;
	uint32_t *seq;
	size_t i, maxlen = 1;

	for (i = 0; i < log->ncases; i++)
		if (log->cases[i].n > maxlen)
			maxlen = log->cases[i].n;
	seq = ka_xreallocarray(NULL, maxlen, sizeof(uint32_t));
	for (i = 0; i < log->ncases; i++) {
		const struct ka_eventlog_case *c = &log->cases[i];
		const uint32_t *act = log->ev.activity + c->first;
		const int64_t *time = log->ev.time + c->first;
		uint32_t k, last = c->n - 1;

		s->lead_s[i] = ka_eventlog_calendar_span(b->cal, time[0], time[last]);
		seq[0] = act[0];
		for (k = 1; k < c->n; k++) {
			seq[k] = act[k];
			add_edge(b, act[k - 1], act[k],
			         ka_eventlog_calendar_span(b->cal, time[k - 1], time[k]));
		}
		add_variant(b, seq, c->n, i, s->lead_s[i]);
		s->start_counts[act[0]]++;
		s->end_counts[act[last]]++;
		sk[2 * i] = month_key(time[0], tz);
		sk[2 * i + 1] = month_key(time[last], tz);
	}
	free(seq);
}

/* Logs with at least this many events get the instance half in a second thread (low enough
 * for the 40,000-event logs of unit/eventlog_split to take that path). */
#define THREAD_EVENTS 16384

int ka_eventlog_stats_compute(struct ka_eventlog_stats *s, const struct ka_eventlog *log,
                              const struct ka_eventlog_calendar *cal, struct ka_diag *diag)
{
	struct build b;
	struct inst_job job;
	pthread_t t;
	bool threaded = false;
	long *sk;
	size_t i;

	(void)diag;
	memset(s, 0, sizeof(*s));
	memset(&b, 0, sizeof(b));
	memset(&job, 0, sizeof(job));
	b.s = job.s = s;
	b.cal = job.cal = cal;
	s->log = log;
	s->working = cal && cal->working;
	s->ncases = log->ncases;
	s->nevents = log->nevents;
	s->lead_s = ka_xcalloc(log->ncases + 1, sizeof(double));
	s->acts = ka_xcalloc(log->nactivities + 1, sizeof(*s->acts));
	s->start_counts = ka_xcalloc(log->nactivities + 1, sizeof(size_t));
	s->end_counts = ka_xcalloc(log->nactivities + 1, sizeof(size_t));
	sk = ka_xreallocarray(NULL, log->ncases * 2 + 1, sizeof(long));
	for (i = 0; i < log->nactivities; i++)
		s->acts[i].activity = (uint32_t)i;
	if (log->nactivities <= 1024) {
		b.nacts = log->nactivities;
		b.emat = ka_xcalloc((size_t)b.nacts * b.nacts + 1, sizeof(size_t));
	}
	/* the two halves write disjoint fields of `s`; each adds in the same order as one
	 * thread would, so the sums are bit for bit the same */
	if (log->nevents >= THREAD_EVENTS)
		threaded = !pthread_create(&t, NULL, instances_main, &job);
	cases_pass(&b, log, sk);
	throughput(s, sk);
	finish(s, &b);
	if (threaded)
		pthread_join(t, NULL);
	else
		instances_main(&job);
	instance_summaries(&job, threaded);
	finish_instances(s);
	free(sk);
	free(b.vt.slots);
	free(b.et.slots);
	free(b.emat);
	free(job.ht.slots);
	free(b.var_offset);
	free(b.var_lead_sum);
	return 0;
}

void ka_eventlog_stats_release(struct ka_eventlog_stats *s)
{
	free(s->lead_s);
	free(s->variants);
	free(s->acts);
	free(s->edges);
	free(s->start_counts);
	free(s->end_counts);
	free(s->months);
	free(s->handoffs);
	free(s->bottlenecks);
	free(s->seq_store);
	memset(s, 0, sizeof(*s));
}
