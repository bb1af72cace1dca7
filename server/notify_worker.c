/*
 * The e-mail notification worker (notify_worker.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notify_worker.h"
#include "kartla/alloc.h"
#include "kartla/date.h"
#include "kartla/notify.h"
#include "kartla/readconf.h"
#include "kartla/store.h"
#include "kartla/banned.h"

struct notify_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	struct ka_store *st;
	struct ka_notify_smtp *smtp; /* NULL: no relay; messages wait */
	struct ka_notify_sender sender;
	struct ka_notify_config cfg;
	struct http_metrics *metrics;
	unsigned poll_ms;
	char base_url[600];
};

static void count(struct notify_worker *w)
{
	struct ka_diag diag;
	int64_t queued, failed;

	ka_diag_init(&diag, NULL);
	if (ka_notify_counts(w->st, &queued, &failed, &diag))
		return;
	atomic_store_explicit(&w->metrics->outbox_queued, queued, memory_order_relaxed);
	atomic_store_explicit(&w->metrics->outbox_failed, failed, memory_order_relaxed);
}

/* Sleeps up to ms or until stopped; whether to go on. */
static bool nap(struct notify_worker *w, unsigned ms)
{
	struct timespec until;
	bool go;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
		;
	go = !w->stop;
	pthread_mutex_unlock(&w->lock);
	return go;
}

static void *run(void *arg)
{
	struct notify_worker *w = arg;
	time_t last_scan = 0;
	struct ka_diag diag;
	unsigned sent;

	for (;;) {
		time_t now = ka_date_epoch();
		bool scan = now - last_scan >= (time_t)w->cfg.scan_every_s;
		int err;

		ka_diag_init(&diag, NULL);
		err = ka_notify_run_once(w->st, &w->cfg, w->smtp ? &w->sender : NULL, scan, now,
		                         &sent, &diag);
		/* read-confirmation reminders due (portfolio's rule) join the outbox with the scan
		 */
		if (!err && scan)
			err = ka_readconf_due_reminders(w->st, NULL, ka_readconf_queue_mail, NULL,
			                                &diag);
		if (err)
			fprintf(stderr, "kartla: notifications: %s\n",
			        diag.message[0] ? diag.message : ka_strerror(err));
		else if (scan)
			last_scan = now;
		count(w);
		/* a full batch: more may be due, go on at once (unless stopping) */
		if (!nap(w, !err && sent == w->cfg.batch ? 0 : w->poll_ms))
			break;
	}
	return NULL;
}

static void free_worker(struct notify_worker *w)
{
	ka_store_close(w->st);
	ka_notify_smtp_free(w->smtp);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}

int notify_worker_start(struct notify_worker **out, const struct http_config *cfg, uint16_t port,
                        struct http_metrics *m, struct ka_diag *diag)
{
	struct notify_worker *w = ka_xcalloc(1, sizeof(*w));
	const char *host = cfg->listen_host;
	int err = 0;

	*out = NULL;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->metrics = m;
	w->poll_ms = cfg->notify_poll_ms ? cfg->notify_poll_ms : 5000;
	ka_notify_config_init(&w->cfg);
	if (cfg->notify_backoff_ms)
		w->cfg.backoff_ms = cfg->notify_backoff_ms;
	if (cfg->public_url)
		snprintf(w->base_url, sizeof(w->base_url), "%s", cfg->public_url);
	else
		snprintf(w->base_url, sizeof(w->base_url), "http://%s%s%s:%u",
		         strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
		         (unsigned)port);
	w->cfg.base_url = w->base_url;
	w->cfg.from = cfg->smtp_from;
	if (cfg->smtp_url) {
		err = ka_notify_smtp_new(&w->smtp, cfg->smtp_url, cfg->smtp_user,
		                         cfg->smtp_password, diag);
		if (err)
			goto fail;
		w->sender = ka_notify_smtp_sender(w->smtp);
		if (ka_notify_smtp_check(w->smtp, diag))
			fprintf(stderr,
			        "kartla: serve: warning: %s; e-mail waits in the outbox until the "
			        "relay answers\n",
			        diag->message);
		ka_diag_init(diag, NULL);
	}
	err = ka_store_open(&w->st, cfg->db_url, diag);
	if (err)
		goto fail;
	if (pthread_create(&w->thread, NULL, run, w)) {
		err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL,
		                  "could not start the notification worker");
		goto fail;
	}
	*out = w;
	return 0;
fail:
	free_worker(w);
	return err;
}

void notify_worker_stop(struct notify_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	free_worker(w);
}
