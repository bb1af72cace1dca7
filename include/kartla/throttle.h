/*
 * Throttling password guesses, counted in the database (so it holds across
 * servers on one PostgreSQL database), keyed by login name AND client
 * address together: a stranger elsewhere cannot lock the real user out.
 *
 * The rules (struct ka_auth_policy):
 * - (login, address): after pair_fails failures since that pair's last
 *   success (and within pair_window_s), each further attempt must wait
 *   delay_first_s * 2^k seconds after the last failure, k = failures -
 *   pair_fails (32 s, 64 s, 128 s, ...), at most delay_cap_s. A success
 *   clears the pair's count. Throttled attempts are not counted.
 * - address: after ip_fails failures from one address over all logins
 *   (within ip_window_s, not reset by a success, or one valid account
 *   would reset the count for guessing others) the same growing delays
 *   apply — except to a login that has signed in from that address
 *   before, so people behind a shared address keep signing in.
 *
 * An attempt is counted BEFORE the password is verified, in the same write
 * transaction that checks the counts (ka_throttle_begin), so a concurrent
 * burst cannot get more than the limit of guesses verified; a success then
 * turns the attempt into a success (ka_throttle_succeed).
 */
#ifndef KARTLA_THROTTLE_H
#define KARTLA_THROTTLE_H

#include <stdint.h>

#include "kartla/auth.h"

/*
 * The delay in seconds after `failures` failures when delays start at
 * `limit`: 0 below the limit, then first, 2 first, 4 first, ... capped at
 * `cap`.
 */
unsigned ka_throttle_delay(unsigned failures, unsigned limit, unsigned first, unsigned cap);

/*
 * Checks and counts one password attempt for (login, ip) in its own write
 * transaction (retried on KA_ERR_BUSY). When the attempt may go ahead it is
 * recorded as a failure and *attempt is its id; when it must wait, nothing is
 * recorded, the result is KA_ERR_LIMIT and *retry_after the seconds to wait
 * (at least 1). `login` should be folded already.
 */
int ka_throttle_begin(int64_t *attempt, unsigned *retry_after, struct ka_store *st,
                      const struct ka_auth_policy *pol, const char *login, const char *ip,
                      struct ka_diag *diag);

/*
 * Inside the caller's write transaction: the attempt succeeded, which
 * clears its pair's count.
 */
int ka_throttle_succeed(struct ka_store *st, int64_t attempt, struct ka_diag *diag);

#endif
