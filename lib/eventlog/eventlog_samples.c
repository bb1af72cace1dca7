/*
 * Samples of service and waiting times by activity (see eventlog_samples.h): buckets of sort
 * keys, an LSD radix sort of them, and the summaries (mean, median, percentiles; numpy's
 * linear interpolation) of the sorted values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "eventlog_int.h"
#include "eventlog_samples.h"
#include "kartla/banned.h"

void el_bucket_widen(struct el_bucket *k)
{
	uint64_t *w = ka_xreallocarray(NULL, k->cap, sizeof(uint64_t));
	const uint32_t *v = k->v;
	size_t i;

	for (i = 0; i < k->n; i++)
		w[i] = v[i];
	free(k->v);
	k->v = w;
	k->wide = true;
}

void el_bucket_grow(struct el_bucket *k)
{
	k->cap = k->cap ? k->cap * 2 : 64;
	k->v = ka_xreallocarray(k->v, k->cap, k->wide ? sizeof(uint64_t) : sizeof(uint32_t));
}

void el_samples_init(struct el_samples *s, uint32_t nacts, bool ms)
{
	uint32_t a;

	s->b = ka_xcalloc((size_t)nacts + 1, sizeof(*s->b));
	s->nacts = nacts;
	s->ms = ms;
	for (a = 0; a < nacts; a++)
		s->b[a].wide = !ms;
}

void el_samples_release(struct el_samples *s)
{
	uint32_t a;

	for (a = 0; a < s->nacts; a++)
		free(s->b[a].v);
	free(s->b);
}

static double quantile(const double *sorted, size_t n, double p)
{
	double pos = p * (double)(n - 1), lo = floor(pos);
	size_t i = (size_t)lo;

	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (sorted[i + 1] - sorted[i]) * (pos - lo);
}

static double dval(uint64_t u)
{
	double d;

	u = u >> 63 ? u & ~(1ULL << 63) : ~u;
	memcpy(&d, &u, sizeof(d));
	return d;
}

#define RADIX_BITS   11
#define RADIX_PASSES 6 /* 6 * 11 >= 64 */
#define RADIX_SIZE   (1u << RADIX_BITS)

/* The i-th 8 bytes of a buffer of doubles or keys (the same storage holds both). */
static uint64_t get8(const void *p, size_t i)
{
	uint64_t u;

	memcpy(&u, (const char *)p + i * 8, 8);
	return u;
}

static void put8(void *p, size_t i, uint64_t u)
{
	memcpy((char *)p + i * 8, &u, 8);
}

/*
 * sort_keys() (64-bit keys, six passes) and sort_keys32() (32-bit keys, three):
 * sort `n` keys ascending with an LSD radix sort (millions of waiting times sort
 * in a few passes instead of n log n compares; a pass where every key has the
 * same digit is skipped), qsort below 512 keys. Passes go between `v` and `tmp`
 * (room for n keys); the function returns the one that holds the result.
 */
#define DEFINE_SORT_KEYS(name, type, passes)                                                       \
	static int name##_cmp(const void *a, const void *b)                                        \
	{                                                                                          \
		type x = *(const type *)a, y = *(const type *)b;                                   \
		return x < y ? -1 : x > y;                                                         \
	}                                                                                          \
                                                                                                   \
	static const type *name(type *v, size_t n, type *tmp)                                      \
	{                                                                                          \
		size_t(*cnt)[RADIX_SIZE], i;                                                       \
		type *src = v, *dst = tmp, *t;                                                     \
		unsigned p;                                                                        \
                                                                                                   \
		if (n < 512) {                                                                     \
			qsort(v, n, sizeof(*v), name##_cmp);                                       \
			return v;                                                                  \
		}                                                                                  \
		cnt = ka_xcalloc(passes, sizeof(*cnt));                                            \
		for (i = 0; i < n; i++)                                                            \
			for (p = 0; p < passes; p++)                                               \
				cnt[p][(v[i] >> (p * RADIX_BITS)) & (RADIX_SIZE - 1)]++;           \
		for (p = 0; p < passes; p++) {                                                     \
			unsigned sh = p * RADIX_BITS;                                              \
			size_t sum = 0, k;                                                         \
                                                                                                   \
			if (cnt[p][(src[0] >> sh) & (RADIX_SIZE - 1)] == n)                        \
				continue; /* every key has this digit */                           \
			for (k = 0; k < RADIX_SIZE; k++) {                                         \
				size_t c = cnt[p][k];                                              \
				cnt[p][k] = sum;                                                   \
				sum += c;                                                          \
			}                                                                          \
			for (i = 0; i < n; i++)                                                    \
				dst[cnt[p][(src[i] >> sh) & (RADIX_SIZE - 1)]++] = src[i];         \
			t = src, src = dst, dst = t;                                               \
		}                                                                                  \
		free(cnt);                                                                         \
		return src;                                                                        \
	}

DEFINE_SORT_KEYS(sort_keys, uint64_t, RADIX_PASSES)
DEFINE_SORT_KEYS(sort_keys32, uint32_t, 3) /* 3 * 11 >= 32 */

/* quantile() of sorted ms keys, as seconds: the same arithmetic on the same doubles. */
static double quantile_ms32(const uint32_t *sorted, size_t n, double p)
{
	double pos = p * (double)(n - 1), lo = floor(pos);
	size_t i = (size_t)lo;
	double a, b;

	if (i + 1 >= n)
		return (double)sorted[n - 1] / 1000.0;
	a = (double)sorted[i] / 1000.0;
	b = (double)sorted[i + 1] / 1000.0;
	return a + (b - a) * (pos - lo);
}

/* The summary of `n` sorted ms keys, as summary_of_sorted gives it for their seconds. */
static void summary_of_sorted_ms32(struct ka_eventlog_summary *s, const uint32_t *v, size_t n)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		s->total += (double)v[i] / 1000.0;
	s->mean = s->total / (double)n;
	s->median = quantile_ms32(v, n, 0.5);
	s->p10 = quantile_ms32(v, n, 0.1);
	s->p80 = quantile_ms32(v, n, 0.8);
	s->p90 = quantile_ms32(v, n, 0.9);
	s->p95 = quantile_ms32(v, n, 0.95);
	s->min = (double)v[0] / 1000.0;
	s->max = (double)v[n - 1] / 1000.0;
}

/* The summary of `n` values sorted ascending. */
static void summary_of_sorted(struct ka_eventlog_summary *s, const double *v, size_t n)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		s->total += v[i];
	s->mean = s->total / (double)n;
	s->median = quantile(v, n, 0.5);
	s->p10 = quantile(v, n, 0.1);
	s->p80 = quantile(v, n, 0.8);
	s->p90 = quantile(v, n, 0.9);
	s->p95 = quantile(v, n, 0.95);
	s->min = v[0];
	s->max = v[n - 1];
}

void el_summarise(struct ka_eventlog_summary *s, double *v, size_t n, uint64_t *tmp)
{
	uint64_t *k = (uint64_t *)(void *)v;
	const uint64_t *sorted;
	size_t i;

	for (i = 0; i < n; i++)
		put8(k, i, el_dkey(v[i]));
	sorted = sort_keys(k, n, tmp);
	for (i = 0; i < n; i++)
		v[i] = dval(get8(sorted, i));
	summary_of_sorted(s, v, n);
}

void el_summarise_bucket(struct ka_eventlog_summary *s, struct el_bucket *bk, bool ms,
                         uint64_t *tmp)
{
	uint64_t *k = bk->v;
	double *v = (double *)(void *)k;
	const uint64_t *sorted;
	size_t i, n = bk->n;

	if (!n) {
		summary_of_sorted(s, NULL, 0);
		return;
	}
	if (!bk->wide) {
		summary_of_sorted_ms32(s, sort_keys32(bk->v, n, (uint32_t *)(void *)tmp), n);
		return;
	}
	sorted = sort_keys(k, n, tmp);

	for (i = 0; i < n; i++) {
		uint64_t u = get8(sorted, i);
		v[i] = ms ? (double)(int64_t)u / 1000.0 : dval(u);
	}
	summary_of_sorted(s, v, n);
}
