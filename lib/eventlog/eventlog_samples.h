/* Internal to lib/eventlog: samples of service and waiting times by activity, kept as sort
 * keys, and their summaries (eventlog_samples.c). */
#ifndef KARTLA_EVENTLOG_SAMPLES_H
#define KARTLA_EVENTLOG_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kartla/eventlog_stats.h"

/* Sample values (service or waiting times) by activity: bucket a holds activity a's values,
 * grown by doubling (realloc moves large blocks with mremap, without copying), so the events
 * are read once; each bucket is sorted before it is summed, so the order in it does not
 * matter. The values are kept as sort keys: on calendar time the span in whole ms (its
 * seconds are ms / 1000.0, so the order is the same, and the keys have few significant bits:
 * the radix sort skips the top passes), on working time the bits of the double (dkey). A
 * bucket of ms keeps them in 32 bits (half the memory, and fresh memory is much of the cost
 * of a large log) until one is 2^32 ms (49.7 days) or more; then it is widened to 64. */
struct el_samples {
	struct el_bucket {
		void *v; /* uint32_t (narrow) or uint64_t (wide) keys */
		size_t n, cap;
		bool wide;
	} * b;
	uint32_t nacts;
	bool ms; /* keys are ms (calendar time), else dkey of seconds */
};

/* Makes a bucket of 32-bit keys one of 64-bit keys. */
void el_bucket_widen(struct el_bucket *k);

/* Doubles a full bucket's room (aborts when out of memory, like ka_xmalloc). */
void el_bucket_grow(struct el_bucket *k);

/* Adds a key to activity act's bucket. */
static inline void el_sample_add(struct el_samples *s, uint32_t act, uint64_t key)
{
	struct el_bucket *k = &s->b[act];

	if (k->n == k->cap)
		el_bucket_grow(k);
	if (!k->wide && key > UINT32_MAX)
		el_bucket_widen(k);
	if (k->wide)
		((uint64_t *)k->v)[k->n++] = key;
	else
		((uint32_t *)k->v)[k->n++] = (uint32_t)key;
}

/* The order of doubles (no NaN) as unsigned integers. */
static inline uint64_t el_dkey(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u >> 63 ? ~u : u | (1ULL << 63);
}

/* Empty buckets for nacts activities; `ms`: keys are ms spans (calendar time), else
 * el_dkey of seconds. The samples own their buckets: el_samples_release frees them. */
void el_samples_init(struct el_samples *s, uint32_t nacts, bool ms);
void el_samples_release(struct el_samples *s);

/* Summarises `n` values, sorting them in place (`tmp`: room for n values). */
void el_summarise(struct ka_eventlog_summary *s, double *v, size_t n, uint64_t *tmp);

/* Summarises a bucket of sample keys (ms when `ms`, else el_dkey), sorting them; a wide
 * bucket holds the values as doubles afterwards (`tmp`: room for its n keys). */
void el_summarise_bucket(struct ka_eventlog_summary *s, struct el_bucket *bk, bool ms,
                         uint64_t *tmp);

#endif
