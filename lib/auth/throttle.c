/*
 * Throttling password guesses per (login, address) and per address with
 * growing delays, counted in the database in the same write transaction as
 * the check (throttle.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kartla/throttle.h"
#include "kartla/banned.h"

unsigned ka_throttle_delay(unsigned failures, unsigned limit, unsigned first, unsigned cap)
{
	unsigned k;

	if (failures < limit)
		return 0;
	k = failures - limit;
	if (k >= 31 || first > (cap >> k))
		return cap;
	return first << k;
}

struct begin_ctx {
	const struct ka_auth_policy *pol;
	const char *login, *ip;
	int64_t attempt;
	unsigned wait;
};

/* Seconds still to wait after `n` failures, the last at `last`, when delays start after `limit`. */
static int64_t wait_of(const struct begin_ctx *c, const struct ka_rows *rows, unsigned limit)
{
	int64_t n = ka_rows_at(rows, 0, 0)->i, last;
	const struct ka_val *at = ka_rows_at(rows, 0, 1);
	unsigned delay;

	if (n < (int64_t)limit || at->type != KA_VAL_TEXT)
		return 0;
	delay = ka_throttle_delay(n > 100000 ? 100000u : (unsigned)n, limit, c->pol->delay_first_s,
	                          c->pol->delay_cap_s);
	last = ka_auth_parse_time(at->s);
	return last + (int64_t)delay - ka_auth_now(c->pol);
}

/* The wait the rules ask for now (0: go ahead). */
static int check(struct ka_store *st, struct begin_ctx *c, int64_t *wait, struct ka_diag *diag)
{
	char pair_since[KA_TIME_LEN], ip_since[KA_TIME_LEN];
	struct ka_rows rows;
	int64_t w;
	int err;

	*wait = 0;
	ka_auth_time(pair_since, c->pol, -(int64_t)c->pol->pair_window_s);
	ka_auth_time(ip_since, c->pol, -(int64_t)c->pol->ip_window_s);
	ka_rows_init(&rows);
	err =
	    ka_store_exec(st,
	                  "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE login = ? AND "
	                  "ip = ? AND success = 0 AND at > ? AND id > COALESCE((SELECT MAX(id) "
	                  "FROM login_attempts WHERE login = ? AND ip = ? AND success = 1), 0)",
	                  (struct ka_val[]){ka_text(c->login), ka_text(c->ip), ka_text(pair_since),
	                                    ka_text(c->login), ka_text(c->ip)},
	                  5, &rows, diag);
	if (err)
		goto out;
	*wait = wait_of(c, &rows, c->pol->pair_fails);
	/* The address rule, except for a login that has signed in from this address. */
	err = ka_store_exec(
	    st,
	    "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE ip = ? AND "
	    "success = 0 AND at > ? AND NOT EXISTS (SELECT 1 FROM login_attempts "
	    "WHERE login = ? AND ip = ? AND success = 1)",
	    (struct ka_val[]){ka_text(c->ip), ka_text(ip_since), ka_text(c->login), ka_text(c->ip)},
	    4, &rows, diag);
	if (err)
		goto out;
	w = wait_of(c, &rows, c->pol->ip_fails);
	if (w > *wait)
		*wait = w;
out:
	ka_rows_release(&rows);
	return err;
}

static int begin_tx(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct begin_ctx *c = vctx;
	char now[KA_TIME_LEN], old[KA_TIME_LEN], old_ok[KA_TIME_LEN];
	struct ka_rows rows;
	int64_t wait = 0;
	int err;

	c->attempt = 0;
	c->wait = 0;
	err = check(st, c, &wait, diag);
	if (err)
		return err;
	if (wait > 0) {
		c->wait = (unsigned)wait;
		return 0; /* nothing to record */
	}
	ka_auth_time(now, c->pol, 0);
	ka_rows_init(&rows);
	err = ka_store_exec(st,
	                    "INSERT INTO login_attempts (login, ip, at, success) "
	                    "VALUES (?, ?, ?, 0) RETURNING id",
	                    (struct ka_val[]){ka_text(c->login), ka_text(c->ip), ka_text(now)}, 3,
	                    &rows, diag);
	if (!err && rows.nrows == 1)
		c->attempt = ka_rows_at(&rows, 0, 0)->i;
	else if (!err)
		err = ka_store_fail(diag, KA_ERR_DB, "the attempt was not recorded");
	ka_rows_release(&rows);
	/*
	 * Now and then (1 in 64) old rows go: failures after the longer window,
	 * successes (which exempt a login from its address's rule) after 30 days.
	 */
	if (!err && randombytes_uniform(64) == 0) {
		unsigned w = c->pol->pair_window_s > c->pol->ip_window_s ? c->pol->pair_window_s
		                                                         : c->pol->ip_window_s;

		ka_auth_time(old, c->pol, -(int64_t)w);
		ka_auth_time(old_ok, c->pol, -30 * 86400);
		err =
		    ka_store_exec(st,
		                  "DELETE FROM login_attempts WHERE (success = 0 AND at < ?) OR "
		                  "(success = 1 AND at < ?)",
		                  (struct ka_val[]){ka_text(old), ka_text(old_ok)}, 2, NULL, diag);
	}
	return err;
}

/*
 * Like ka_store_transact, with many more attempts and a short random pause
 * between them: a burst of logins on PostgreSQL (SERIALIZABLE) makes many
 * serialization failures, and each must end in an answer, not a 503.
 */
static int transact_patiently(struct ka_store *st, struct begin_ctx *c, struct ka_diag *diag)
{
	int err = KA_ERR_BUSY, i;

	for (i = 0; i < 40 && err == KA_ERR_BUSY; i++) {
		if (i) {
			struct timespec ts = {
			    0, (long)(1 + randombytes_uniform(1u << (i < 6 ? i : 6))) * 1000000L};

			nanosleep(&ts, NULL);
		}
		err = ka_store_transact(st, begin_tx, c, 1, diag);
	}
	return err;
}

int ka_throttle_begin(int64_t *attempt, unsigned *retry_after, struct ka_store *st,
                      const struct ka_auth_policy *pol, const char *login, const char *ip,
                      struct ka_diag *diag)
{
	struct begin_ctx c = {pol, login, ip, 0, 0};
	int err;

	*attempt = 0;
	*retry_after = 0;
	err = transact_patiently(st, &c, diag);
	if (err)
		return err;
	if (c.wait) {
		*retry_after = c.wait;
		return ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, NULL,
		                   "too many failed attempts; try again in %u seconds", c.wait);
	}
	*attempt = c.attempt;
	return 0;
}

int ka_throttle_succeed(struct ka_store *st, int64_t attempt, struct ka_diag *diag)
{
	return ka_store_exec(st, "UPDATE login_attempts SET success = 1 WHERE id = ?",
	                     (struct ka_val[]){ka_int(attempt)}, 1, NULL, diag);
}
