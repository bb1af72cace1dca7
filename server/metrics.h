/*
 * Prometheus-style metrics of `kartla serve` (docs/deployment.md): counters
 * the request path updates without locks, and a small second HTTP listener
 * of their own (--metrics-listen) that answers GET /metrics in the text
 * exposition format. Kept off the API's address so that monitoring can be
 * opened to a network the API is not.
 */
#ifndef KARTLA_SERVER_METRICS_H
#define KARTLA_SERVER_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "kartla/buf.h"

/* Latency buckets (seconds, as Prometheus writes them), +Inf implied. */
#define METRICS_NBUCKETS 12

struct http_metrics {
	atomic_uint_fast64_t requests[6];               /* by status class: 1xx..5xx, [0] other */
	atomic_uint_fast64_t api_requests;              /* of them under /api */
	atomic_uint_fast64_t latency[METRICS_NBUCKETS]; /* requests at or under each bound */
	atomic_uint_fast64_t latency_us;                /* sum of latencies, microseconds */
	atomic_uint_fast64_t db_us;                     /* time holding a database connection */
	atomic_uint_fast64_t db_wait_us;                /* time waiting for a free connection */
	int64_t started;                                /* Unix time of the start */
	/* The outbox (set by the notification worker; -1 until it has counted). */
	atomic_int_fast64_t outbox_queued, outbox_failed;
};

void metrics_init(struct http_metrics *m);
/* One finished request: its status and how long it took (microseconds). */
void metrics_request(struct http_metrics *m, unsigned status, int api, uint64_t us);
/* Microseconds on a monotonic clock, for the durations above. */
uint64_t metrics_now_us(void);
/* The exposition text into out; `active` is the requests in progress now. */
int metrics_render(const struct http_metrics *m, unsigned active, struct ka_buf *out);

#endif
