/*
 * Browser sessions: signing in with a login name and password (throttled,
 * throttle.h), resolving a session cookie to a principal with sliding
 * expiry, signing out, and the signed-in user's own account (GET /api/me).
 * The cookie holds a random secret; the table holds only its BLAKE2b hash.
 */
#ifndef KARTLA_SESSION_H
#define KARTLA_SESSION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/auth.h"

/* A sign-in request. Strings are borrowed. */
struct ka_session_login {
	const char *login; /* as typed (folded here; over-long names match no account) */
	const char *password;
	const char *ip;         /* the client address, for the throttle and the session row */
	const char *user_agent; /* may be NULL */
};

/* A new session: the cookie value and the CSRF token are shown once. */
struct ka_session_new {
	int64_t user_id;
	bool is_admin;
	char login[KA_AUTH_LOGIN_MAX + 1];
	char token[KA_AUTH_TOKEN_MAX]; /* the cookie's value */
	char csrf[KA_AUTH_TOKEN_MAX];
};

/*
 * Signs in. 0: *out holds the new session. KA_ERR_AUTH: wrong login or
 * password, or a disabled account (one message for all). KA_ERR_LIMIT:
 * throttled; *retry_after is the seconds to wait (HTTP 429). The password
 * is verified outside any transaction (~100 ms of argon2id).
 */
int ka_session_login(struct ka_session_new *out, unsigned *retry_after, struct ka_store *st,
                     const struct ka_auth_policy *pol, const struct ka_session_login *in,
                     struct ka_diag *diag);

/*
 * Resolves a session cookie's value. An unknown or expired session, or a
 * disabled user, leaves *out anonymous (user_id 0) and is not an error;
 * only a store failure is. Renews the expiry at most once an hour.
 */
int ka_session_resolve(struct ka_principal *out, struct ka_store *st,
                       const struct ka_auth_policy *pol, const char *cookie, struct ka_diag *diag);

/* Ends one session (0 also when it was gone). */
int ka_session_logout(struct ka_store *st, int64_t session_id, struct ka_diag *diag);

/*
 * The principal's own account as JSON (new reference, the user fields of
 * user.h plus "auth": "session" or "token", and "csrf_token" for a
 * session, read from the session row), and its ETag (KA_USER_ETAG_LEN bytes). KA_ERR_AUTH when the
 * account is gone.
 */
int ka_session_me(json_t **out, char *etag, struct ka_store *st, const struct ka_principal *p,
                  struct ka_diag *diag);

#endif
