/*
 * Sending the outbox (notify.h): claim one due message with a lease, send
 * it outside any transaction, mark it sent or put it back with an
 * exponential back-off; the periodic scan and the daily digests.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/date.h"
#include "kartla/notify.h"
#include "kartla/banned.h"

void ka_notify_config_init(struct ka_notify_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->backoff_ms = 30000;
	cfg->backoff_max_ms = 3600000;
	cfg->lease_s = 300;
	cfg->batch = 20;
	cfg->scan_every_s = 3600;
	cfg->review_days = 14;
	cfg->action_days = 7;
}

uint64_t ka_notify_backoff_ms(const struct ka_notify_config *cfg, int64_t attempts)
{
	uint64_t ms = cfg->backoff_ms ? cfg->backoff_ms : 1;

	for (int64_t i = 1; i < attempts && ms < cfg->backoff_max_ms; i++)
		ms *= 2;
	return ms < cfg->backoff_max_ms ? ms : cfg->backoff_max_ms;
}

void ka_notify_claim_release(struct ka_notify_claim *c)
{
	free(c->to_addr);
	free(c->lang);
	free(c->params);
	memset(c, 0, sizeof(*c));
}

static char *dup_text(const struct ka_val *v)
{
	return ka_xstrdup(v->type == KA_VAL_TEXT ? v->s : "");
}

struct claim_ctx {
	const struct ka_notify_config *cfg;
	time_t now;
	struct ka_notify_claim *out;
	bool *found;
};

static int claim_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct claim_ctx *c = vctx;
	char now[KA_TIME_LEN], lease[KA_TIME_LEN];
	struct ka_rows r;
	int64_t id;
	int err;

	ka_notify_claim_release(c->out);
	*c->found = false;
	ka_date_format_time(now, c->now);
	ka_date_format_time(lease, c->now + (time_t)c->cfg->lease_s);
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "SELECT id FROM outbox WHERE (state = 'queued' AND next_at <= ?)"
	    " OR (state = 'sending' AND lease_until <= ?) ORDER BY next_at, id LIMIT 1",
	    (struct ka_val[]){ka_text(now), ka_text(now)}, 2, &r, diag);
	if (err || !r.nrows)
		goto out;
	id = ka_rows_at(&r, 0, 0)->i;
	err = ka_store_exec(st,
	                    "UPDATE outbox SET state = 'sending', lease_until = ?,"
	                    " attempts = attempts + 1 WHERE id = ?"
	                    " RETURNING id, attempts, kind, to_addr, lang, params",
	                    (struct ka_val[]){ka_text(lease), ka_int(id)}, 2, &r, diag);
	if (err || r.nrows != 1)
		goto out;
	c->out->id = ka_rows_at(&r, 0, 0)->i;
	c->out->attempts = ka_rows_at(&r, 0, 1)->i;
	c->out->kind = (enum ka_notify_kind)ka_notify_kind_parse(ka_rows_at(&r, 0, 2)->s);
	c->out->to_addr = dup_text(ka_rows_at(&r, 0, 3));
	c->out->lang = dup_text(ka_rows_at(&r, 0, 4));
	c->out->params = dup_text(ka_rows_at(&r, 0, 5));
	*c->found = true;
out:
	ka_rows_release(&r);
	return err;
}

int ka_notify_claim(struct ka_store *st, const struct ka_notify_config *cfg, time_t now,
                    struct ka_notify_claim *out, bool *found, struct ka_diag *diag)
{
	struct claim_ctx c = {cfg, now, out, found};

	memset(out, 0, sizeof(*out));
	return ka_store_transact(st, claim_fn, &c, KA_STORE_ATTEMPTS, diag);
}

struct mark_ctx {
	const char *sql;
	struct ka_val p[4];
	size_t n;
};

static int mark_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct mark_ctx *c = vctx;

	return ka_store_exec(st, c->sql, c->p, c->n, NULL, diag);
}

int ka_notify_mark_sent(struct ka_store *st, int64_t id, time_t now, struct ka_diag *diag)
{
	char t[KA_TIME_LEN];
	struct mark_ctx c = {"UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL"
	                     " WHERE id = ? AND state = 'sending'",
	                     {{0}},
	                     2};

	ka_date_format_time(t, now);
	c.p[0] = ka_text(t);
	c.p[1] = ka_int(id);
	return ka_store_transact(st, mark_fn, &c, KA_STORE_ATTEMPTS, diag);
}

int ka_notify_mark_failed(struct ka_store *st, const struct ka_notify_config *cfg,
                          const struct ka_notify_claim *cl, time_t now, const char *error,
                          struct ka_diag *diag)
{
	char t[KA_TIME_LEN], msg[500];
	uint64_t ms = ka_notify_backoff_ms(cfg, cl->attempts);
	struct mark_ctx c = {"UPDATE outbox SET state = 'queued', next_at = ?, last_error = ?,"
	                     " lease_until = NULL WHERE id = ? AND state = 'sending'",
	                     {{0}},
	                     3};

	ka_date_format_time(t, now + (time_t)((ms + 999) / 1000));
	snprintf(msg, sizeof(msg), "%s", error ? error : "failed");
	c.p[0] = ka_text(t);
	c.p[1] = ka_text(msg);
	c.p[2] = ka_int(cl->id);
	return ka_store_transact(st, mark_fn, &c, KA_STORE_ATTEMPTS, diag);
}

int ka_notify_counts(struct ka_store *st, int64_t *queued, int64_t *failed, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*queued = *failed = 0;
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "could not read: %s", ka_store_errmsg(st));
	ka_rows_init(&r);
	err =
	    ka_store_exec(st,
	                  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END),"
	                  " 0) FROM outbox WHERE state IN ('queued', 'sending', 'digest')",
	                  NULL, 0, &r, diag);
	if (!err && r.nrows == 1) {
		*queued = ka_rows_at(&r, 0, 0)->i;
		*failed = ka_rows_at(&r, 0, 1)->i;
	}
	ka_rows_release(&r);
	ka_store_rollback(st);
	return err;
}

/* ---- one round ---- */

/* Renders, composes and sends one claimed message; a failure fills err. */
static int send_one(const struct ka_notify_config *cfg, const struct ka_notify_sender *sender,
                    const struct ka_notify_claim *cl, time_t now, char *err, size_t errsz)
{
	struct ka_notify_mail mail;
	struct ka_buf msg;
	int rc;

	if ((unsigned)cl->kind >= KA_NOTIFY_KIND_COUNT ||
	    ka_notify_render(&mail, cl->kind, cl->lang, cl->params, cfg->base_url)) {
		snprintf(err, errsz, "the message could not be rendered (kind or params)");
		return -1;
	}
	ka_buf_init(&msg, 4096);
	rc = ka_notify_compose(&msg, cfg->from, cl->to_addr, &mail, cl->id, now);
	if (rc)
		snprintf(err, errsz, "bad sender or recipient address");
	else
		rc = sender->send(sender->ctx, cfg->from, cl->to_addr, msg.data, msg.len, err,
		                  errsz);
	ka_buf_release(&msg);
	ka_notify_mail_release(&mail);
	return rc;
}

int ka_notify_run_once(struct ka_store *st, const struct ka_notify_config *cfg,
                       const struct ka_notify_sender *sender, bool scan, time_t now, unsigned *sent,
                       struct ka_diag *diag)
{
	struct ka_notify_claim cl;
	char today[KA_TIME_LEN], why[400];
	bool found = true;
	unsigned i;
	int err = 0;

	if (sent)
		*sent = 0;
	if (scan) {
		ka_date_format_time(today, now);
		today[10] = '\0';
		err = ka_notify_scan(st, cfg, today, diag);
		if (!err)
			err = ka_notify_digest(st, today, now, diag);
	}
	for (i = 0; !err && sender && found && i < cfg->batch; i++) {
		err = ka_notify_claim(st, cfg, now, &cl, &found, diag);
		if (err || !found)
			break;
		why[0] = '\0';
		if (!send_one(cfg, sender, &cl, now, why, sizeof(why))) {
			err = ka_notify_mark_sent(st, cl.id, now, diag);
			if (!err && sent)
				(*sent)++;
		} else {
			err = ka_notify_mark_failed(st, cfg, &cl, now, why, diag);
			found = false; /* the relay is likely down: wait for the next round */
		}
		ka_notify_claim_release(&cl);
	}
	return err;
}
