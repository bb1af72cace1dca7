/*
 * Accounts and authentication, the common part: password hashing (argon2id),
 * random secrets and their stored form (BLAKE2b), login-name rules, the
 * policy of the throttling and session lifetimes, who a request comes from
 * (struct ka_principal), the first admin account, and what anonymous
 * readers may see of people. Sessions, API tokens, users, settings and the
 * login throttle have their own headers (session.h, token.h, user.h,
 * settings.h, throttle.h); all of them live in lib/auth.
 */
#ifndef KARTLA_AUTH_H
#define KARTLA_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/store.h"

#define KA_AUTH_HASH_HEX     65  /* BLAKE2b-256 as hex, with the NUL */
#define KA_AUTH_TOKEN_MAX    64  /* prefix + 43 base64url characters, with the NUL */
#define KA_AUTH_PWHASH_MAX   128 /* crypto_pwhash_STRBYTES */
#define KA_AUTH_LOGIN_MAX    64  /* bytes of a login name */
#define KA_AUTH_PASSWORD_MIN 8
#define KA_AUTH_PASSWORD_MAX 1024
#define KA_AUTH_NAME_MAX     200   /* bytes of a display name */
#define KA_AUTH_TOKEN_PREFIX "kt_" /* API tokens start with it; session cookies do not */

/*
 * The rules a server runs with (ka_auth_policy_init gives the defaults,
 * docs/security.md). `now` is for tests: seconds since the epoch, or 0 for
 * the clock.
 */
struct ka_auth_policy {
	unsigned pair_fails;        /* failures per (login, address) before delays start (5) */
	unsigned ip_fails;          /* failures per address, over all logins, before delays (30) */
	unsigned delay_first_s;     /* the first delay, doubled with each further failure (32) */
	unsigned delay_cap_s;       /* the longest delay (900) */
	unsigned pair_window_s;     /* failures older than this are forgotten (24 h) */
	unsigned ip_window_s;       /* the same for the address rule (1 h) */
	unsigned session_ttl_s;     /* idle lifetime of a session (12 h) */
	const char *dummy_hash;     /* a hash verified for unknown logins (same timing); borrowed */
	bool passwords_admins_only; /* --no-local-passwords: only administrators use passwords */
	int64_t now;
};

void ka_auth_policy_init(struct ka_auth_policy *p);

/* Seconds since the epoch: p->now when set, else the clock (through date.h). */
int64_t ka_auth_now(const struct ka_auth_policy *p);
/* p's now + offset seconds as "YYYY-MM-DDTHH:MM:SSZ" (KA_TIME_LEN bytes). */
void ka_auth_time(char out[KA_TIME_LEN], const struct ka_auth_policy *p, int64_t offset);
/* A stored timestamp as seconds since the epoch; 0 when it does not parse. */
int64_t ka_auth_parse_time(const char *ts);

/*
 * Who a request comes from, as the session layer resolved it. user_id 0 is
 * anonymous. `csrf` is the session's CSRF token (empty for API tokens): the
 * server compares it with the request's header.
 */
struct ka_principal {
	int64_t user_id;
	bool is_admin;
	int64_t session_id; /* the session row when signed in with a cookie, else 0 */
	int64_t token_id;   /* the api_tokens row when signed in with a token, else 0 */
	char login[KA_AUTH_LOGIN_MAX + 1];
	char csrf[KA_AUTH_TOKEN_MAX];
};

/* Hashes a password with argon2id (interactive limits) into out (KA_AUTH_PWHASH_MAX bytes). */
int ka_auth_hash_password(char *out, size_t outsz, const char *password);
/* True when `password` matches the argon2id `hash` (constant time inside libsodium). */
bool ka_auth_verify_password(const char *hash, const char *password);
/* A random secret: `prefix` followed by 32 random bytes as unpadded base64url. */
void ka_auth_random_token(char *out, size_t outsz, const char *prefix);
/* The stored form of a secret: BLAKE2b-256 as lowercase hex. */
void ka_auth_token_hash(char out[KA_AUTH_HASH_HEX], const char *token);

/* Login names: 1..64 of a-z 0-9 . _ - @ after folding to lower case. */
bool ka_auth_login_valid(const char *login);
void ka_auth_login_fold(char *out, size_t outsz, const char *login);
/*
 * The password rules (length); KA_ERR_INVALID naming `field` in diag when
 * broken.
 */
int ka_auth_password_check(const char *password, const char *field, struct ka_diag *diag);
/*
 * The display-name rules: not empty, at most KA_AUTH_NAME_MAX bytes, and
 * ka_text_name_ok (no bidi overrides, zero-width characters or controls);
 * KA_ERR_INVALID naming `field` when broken.
 */
int ka_auth_display_name_check(const char *name, const char *field, struct ka_diag *diag);

/*
 * Creates the first admin account `login` when the users table is empty.
 * `password` may be NULL for a random one, written to pw_out (>= 32 bytes).
 * *created tells whether an account was made (another server making it at
 * the same moment is not an error).
 */
int ka_auth_bootstrap_admin(struct ka_store *st, const char *login, const char *password,
                            char *pw_out, size_t pw_outsz, bool *created, struct ka_diag *diag);

/*
 * What anonymous readers may see of people: only display names. Walks `v`
 * (any JSON value, changed in place): every object member named "email" is
 * removed, and every string member named "actor", "by", "login",
 * "author" or "user_login" (a login name) is replaced by that user's
 * display name (null when no user has that login). Call it on an answer
 * before sending it to a request without a signed-in user.
 */
int ka_auth_redact_for_anonymous(struct ka_store *st, json_t *v, struct ka_diag *diag);

#endif
