/*
 * The counters behind GET /metrics and their text rendering. Lock-free:
 * relaxed atomic adds on the request path, a consistent-enough snapshot for
 * a scrape (a counter read a moment late is what Prometheus expects).
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "metrics.h"
#include "kartla/banned.h"

static const double bounds[METRICS_NBUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,   0.25,   0.5,   1,    2.5,   10};

void metrics_init(struct http_metrics *m)
{
	for (int i = 0; i < 6; i++)
		atomic_init(&m->requests[i], 0);
	for (int i = 0; i < METRICS_NBUCKETS; i++)
		atomic_init(&m->latency[i], 0);
	atomic_init(&m->api_requests, 0);
	atomic_init(&m->latency_us, 0);
	atomic_init(&m->db_us, 0);
	atomic_init(&m->db_wait_us, 0);
	atomic_init(&m->outbox_queued, -1);
	atomic_init(&m->outbox_failed, -1);
	m->started = (int64_t)time(NULL);
}

uint64_t metrics_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void metrics_request(struct http_metrics *m, unsigned status, int api, uint64_t us)
{
	unsigned cls = status / 100;
	double s = (double)us / 1e6;

	atomic_fetch_add_explicit(&m->requests[cls >= 1 && cls <= 5 ? cls : 0], 1,
	                          memory_order_relaxed);
	if (api)
		atomic_fetch_add_explicit(&m->api_requests, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency_us, us, memory_order_relaxed);
	for (int i = 0; i < METRICS_NBUCKETS; i++)
		if (s <= bounds[i])
			atomic_fetch_add_explicit(&m->latency[i], 1, memory_order_relaxed);
}

static uint64_t get(const atomic_uint_fast64_t *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

int metrics_render(const struct http_metrics *m, unsigned active, struct ka_buf *out)
{
	static const char *classes[6] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	uint64_t total = 0;

	ka_buf_addf(out,
	            "# HELP kartla_build_info The running version.\n"
	            "# TYPE kartla_build_info gauge\n"
	            "kartla_build_info{version=\"%s\"} 1\n",
	            KARTLA_VERSION);
	ka_buf_addf(out,
	            "# HELP kartla_start_time_seconds When the server started (Unix time).\n"
	            "# TYPE kartla_start_time_seconds gauge\n"
	            "kartla_start_time_seconds %" PRId64 "\n",
	            m->started);
	ka_buf_adds(out, "# HELP kartla_http_requests_total Requests answered, by status class.\n"
	                 "# TYPE kartla_http_requests_total counter\n");
	for (int i = 0; i < 6; i++) {
		total += get(&m->requests[i]);
		ka_buf_addf(out, "kartla_http_requests_total{code=\"%s\"} %" PRIu64 "\n",
		            classes[i], get(&m->requests[i]));
	}
	ka_buf_addf(out,
	            "# HELP kartla_http_api_requests_total Requests answered under /api.\n"
	            "# TYPE kartla_http_api_requests_total counter\n"
	            "kartla_http_api_requests_total %" PRIu64 "\n",
	            get(&m->api_requests));
	ka_buf_addf(out,
	            "# HELP kartla_http_requests_in_progress Requests being served now.\n"
	            "# TYPE kartla_http_requests_in_progress gauge\n"
	            "kartla_http_requests_in_progress %u\n",
	            active);
	ka_buf_adds(out, "# HELP kartla_http_request_duration_seconds Time from the complete "
	                 "request to the queued answer.\n"
	                 "# TYPE kartla_http_request_duration_seconds histogram\n");
	for (int i = 0; i < METRICS_NBUCKETS; i++)
		ka_buf_addf(out,
		            "kartla_http_request_duration_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
		            bounds[i], get(&m->latency[i]));
	ka_buf_addf(out,
	            "kartla_http_request_duration_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n"
	            "kartla_http_request_duration_seconds_sum %.6f\n"
	            "kartla_http_request_duration_seconds_count %" PRIu64 "\n",
	            total, (double)get(&m->latency_us) / 1e6, total);
	ka_buf_addf(out,
	            "# HELP kartla_db_seconds_total Time requests held a database connection.\n"
	            "# TYPE kartla_db_seconds_total counter\n"
	            "kartla_db_seconds_total %.6f\n"
	            "# HELP kartla_db_wait_seconds_total Time requests waited for a free database "
	            "connection.\n"
	            "# TYPE kartla_db_wait_seconds_total counter\n"
	            "kartla_db_wait_seconds_total %.6f\n",
	            (double)get(&m->db_us) / 1e6, (double)get(&m->db_wait_us) / 1e6);
	if (atomic_load_explicit(&m->outbox_queued, memory_order_relaxed) >= 0)
		ka_buf_addf(
		    out,
		    "# HELP kartla_outbox_messages E-mail messages waiting in the outbox, by "
		    "state (failed: waiting after at least one failed attempt).\n"
		    "# TYPE kartla_outbox_messages gauge\n"
		    "kartla_outbox_messages{state=\"queued\"} %" PRId64 "\n"
		    "kartla_outbox_messages{state=\"failed\"} %" PRId64 "\n",
		    (int64_t)atomic_load_explicit(&m->outbox_queued, memory_order_relaxed),
		    (int64_t)atomic_load_explicit(&m->outbox_failed, memory_order_relaxed));
	return ka_buf_error(out);
}
