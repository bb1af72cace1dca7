/*
 * Signing in through the organisation's OpenID Connect provider (lib/auth,
 * on lib/oidc's protocol): a sign-in begun (its state, nonce and PKCE
 * verifier kept in the table oidc_states, single use, KA_AUTH_OIDC_STATE_TTL
 * seconds), and finished when the provider sends the browser back: the state
 * taken (a second use is refused), the code redeemed and the ID token checked
 * (ka_oidc_redeem), the account found by the configured claim
 * (users.oidc_subject) or created with no role, its name and e-mail kept in
 * step, its administrator right from the group claim when one is configured,
 * and a session made as for a password sign-in (session.h). Every write is
 * audited.
 *
 * Failures: KA_ERR_AUTH / KA_ERR_IO with diag->element_id a stable code (the
 * KA_OIDC_E_* of oidc.h or the KA_AUTH_OIDC_E_* below) that the browser UI
 * translates; nobody is signed in.
 */
#ifndef KARTLA_AUTH_OIDC_H
#define KARTLA_AUTH_OIDC_H

#include "kartla/auth.h"
#include "kartla/oidc.h"
#include "kartla/session.h"
#include "kartla/store.h"

#define KA_AUTH_OIDC_STATE_TTL  600                /* seconds between the start and the return */
#define KA_AUTH_OIDC_E_STATE    "invalid_state"    /* unknown, used already, or another browser's */
#define KA_AUTH_OIDC_E_EXPIRED  "expired_state"    /* the sign-in took too long */
#define KA_AUTH_OIDC_E_DISABLED "user_disabled"    /* the account is disabled in Kartla */
#define KA_AUTH_OIDC_E_REFUSED  "provider_refused" /* the provider answered with an error */
#define KA_AUTH_OIDC_STATES_MAX                                                                    \
	10000 /* sign-ins in progress at once (against a flood of starts)                          \
	       */
#define KA_AUTH_OIDC_E_BUSY "too_many_signins" /* KA_AUTH_OIDC_STATES_MAX reached */

/*
 * Begins a sign-in: *url (new string, the caller frees) is the provider's
 * authorization URL back to `redirect_uri`; state (KA_OIDC_SECRET_LEN bytes)
 * is the state, for the browser-binding cookie. Stores the state's hash, the
 * nonce and the verifier, and clears expired rows. KA_ERR_AUTH with
 * KA_AUTH_OIDC_E_BUSY when KA_AUTH_OIDC_STATES_MAX sign-ins are in progress.
 */
int ka_auth_oidc_begin(char **url, char *state, struct ka_store *st, struct ka_oidc *op,
                       const struct ka_auth_policy *pol, const char *redirect_uri,
                       struct ka_diag *diag);

/* The provider's answer, as the browser brought it back. Strings borrowed, may be NULL. */
struct ka_auth_oidc_return {
	const char *code, *state;
	const char *error;        /* the provider's error parameter, when it sent one */
	const char *cookie_state; /* the state of the cookie set when the sign-in began */
	const char *redirect_uri; /* the same as given to ka_auth_oidc_begin */
	const char *ip, *user_agent;
};

/* Finishes a sign-in; 0: *out holds the new session (as ka_session_login's). */
int ka_auth_oidc_finish(struct ka_session_new *out, struct ka_store *st, struct ka_oidc *op,
                        const struct ka_auth_policy *pol, const struct ka_auth_oidc_return *in,
                        struct ka_diag *diag);

/*
 * Ends the session like ka_session_logout; *url (new string, or NULL) is the
 * provider's logout URL coming back to `after` when the provider offers
 * single logout (op may be NULL: no provider).
 */
int ka_auth_oidc_logout(char **url, struct ka_store *st, struct ka_oidc *op,
                        const struct ka_auth_policy *pol, int64_t session_id, const char *after,
                        struct ka_diag *diag);

#endif
