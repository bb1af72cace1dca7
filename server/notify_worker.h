/*
 * The e-mail notification worker of `kartla serve`: one thread with its
 * own store connection that runs ka_notify_run_once (lib/notify) every
 * poll interval, the periodic scan at most every scan interval, and keeps
 * the outbox gauges of the metrics up to date. The sending logic is the
 * library's; this file only owns the thread, the sleep and the stop.
 */
#ifndef KARTLA_SERVER_NOTIFY_WORKER_H
#define KARTLA_SERVER_NOTIFY_WORKER_H

#include <stdint.h>

#include "metrics.h"
#include "serve.h"
#include "kartla/err.h"

struct notify_worker;

/*
 * Starts the worker for cfg (links under cfg->public_url, else
 * http://LISTEN:port). A relay that does not answer is a warning on
 * stderr, not a failure: the outbox keeps the messages. `m` (borrowed,
 * outlives the worker) gets the outbox gauges. KA_ERR_USAGE for a bad
 * --smtp URL, KA_ERR_DB when the store does not open.
 */
int notify_worker_start(struct notify_worker **out, const struct http_config *cfg, uint16_t port,
                        struct http_metrics *m, struct ka_diag *diag);
/* Wakes the worker, waits for the round in progress to end, frees. NULL is a no-op. */
void notify_worker_stop(struct notify_worker *w);

#endif
