/*
 * OpenID Connect, the relying party's side (lib/oidc): the provider's
 * discovery document and signing keys (JWKS, refetched when a token names an
 * unknown key, at most once per jwks_refetch_s), the authorization request of
 * the code flow with PKCE (S256), redeeming the code at the token endpoint,
 * and the checks of the ID token (signature RS256 or ES256 through OpenSSL's
 * EVP, iss, aud, azp, exp, iat and nbf with a small clock skew, nonce). The
 * HTTP calls go through libcurl with capped answers, a timeout, no redirect
 * to anything but https.
 *
 * No database and no clock here: the caller passes `now` (seconds since the
 * epoch) and keeps the state of a sign-in (lib/auth, auth_oidc.h). A struct
 * ka_oidc is shared by the server's threads: every function taking it locks
 * it inside (the key set may be replaced under a reader).
 *
 * Failures return KA_ERR_AUTH (the token or the provider's answer is not
 * acceptable), KA_ERR_IO (the provider cannot be reached or answers an HTTP
 * error) or KA_ERR_USAGE (configuration); diag->element_id then holds a stable
 * code for people (KA_OIDC_E_*), diag->message the English detail for logs.
 */
#ifndef KARTLA_OIDC_H
#define KARTLA_OIDC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/err.h"

/* The stable codes of failures (diag->element_id); the UI translates them. */
#define KA_OIDC_E_UNAVAILABLE "provider_unavailable" /* unreachable, HTTP error, bad answer */
#define KA_OIDC_E_SIGNATURE   "bad_signature"        /* unknown key, bad alg, wrong signature */
#define KA_OIDC_E_TOKEN       "bad_token"            /* not a JWT, bad JSON, missing claims */
#define KA_OIDC_E_ISSUER      "wrong_issuer"
#define KA_OIDC_E_AUDIENCE    "wrong_audience"
#define KA_OIDC_E_EXPIRED     "expired_token" /* exp past, iat/nbf in the future */
#define KA_OIDC_E_NONCE       "nonce_mismatch"
#define KA_OIDC_E_CODE        "invalid_code"  /* the token endpoint refused the code */
#define KA_OIDC_E_CLAIM       "missing_claim" /* the configured claim is absent or unusable */

/* Caps on what a provider may send (bytes). */
#define KA_OIDC_DOC_MAX    (256 * 1024) /* discovery document, JWKS, token answer */
#define KA_OIDC_JWT_MAX    (32 * 1024)  /* one ID token */
#define KA_OIDC_KEYS_MAX   32           /* keys kept from a JWKS */
#define KA_OIDC_VALUE_MAX  512          /* a claim used as the account key, name or e-mail */
#define KA_OIDC_SECRET_LEN 44           /* state, nonce, verifier: 43 base64url chars + NUL */

/* The configuration; strings are borrowed for ka_oidc_new, which copies them. */
struct ka_oidc_config {
	const char *issuer; /* https://..., or http:// on the loopback only */
	const char *client_id;
	const char *client_secret; /* client_secret_basic at the token endpoint */
	const char *claim;         /* the claim people are matched by (NULL: "email") */
	const char *group_claim;   /* the claim listing groups (NULL: "groups") */
	const char *admin_group;   /* a group whose members are administrators, or NULL */
	const char *name;          /* the organisation, shown on the sign-in button (NULL: host) */
	unsigned skew_s;           /* clock skew allowed (0: 120 s) */
	unsigned jwks_refetch_s;   /* least time between two key fetches (0: 60 s) */
	unsigned timeout_s;        /* one HTTP call's limit (0: 10 s) */
	/*
	 * For tests: answers a GET instead of libcurl (NULL: libcurl). Fills
	 * `out` (capped at KA_OIDC_DOC_MAX) and returns 0, or KA_ERR_IO.
	 */
	int (*fetch)(void *ctx, struct ka_buf *out, const char *url);
	void *fetch_ctx;
};

struct ka_oidc;

/*
 * Checks the configuration (issuer scheme and host, client id) and makes a
 * provider; nothing is fetched yet. KA_ERR_USAGE with the reason. Free with
 * ka_oidc_free. Calls curl_global_init: make the first one before threads.
 */
int ka_oidc_new(struct ka_oidc **out, const struct ka_oidc_config *cfg, struct ka_diag *diag);
void ka_oidc_free(struct ka_oidc *op);

/* The name to show (borrowed, lives as long as op). */
const char *ka_oidc_name(const struct ka_oidc *op);
/* The configured administrators' group, or NULL (borrowed). */
const char *ka_oidc_admin_group(const struct ka_oidc *op);

/*
 * Fetches the discovery document and the JWKS now (start and
 * --check-config); later calls fetch them on demand when missing.
 * KA_ERR_IO when unreachable, KA_ERR_AUTH when the answer is unusable (issuer
 * differs, no jwks_uri, no usable key).
 */
int ka_oidc_discover(struct ka_oidc *op, int64_t now, struct ka_diag *diag);

/* How many usable keys the last JWKS had (for --check-config). */
size_t ka_oidc_key_count(struct ka_oidc *op);

/* One sign-in's secrets: kept server-side until the callback. */
struct ka_oidc_request {
	char state[KA_OIDC_SECRET_LEN];
	char nonce[KA_OIDC_SECRET_LEN];
	char verifier[KA_OIDC_SECRET_LEN]; /* the PKCE code verifier */
};

/*
 * A new sign-in: random state, nonce and code verifier in *req, and the
 * provider's authorization URL (new string, the caller frees) asking for
 * `redirect_uri` with the S256 code challenge.
 */
int ka_oidc_auth_url(char **url, struct ka_oidc_request *req, struct ka_oidc *op,
                     const char *redirect_uri, int64_t now, struct ka_diag *diag);

/* What a checked ID token says of the person (strings owned, ka_oidc_identity_release). */
struct ka_oidc_identity {
	char *key;   /* the configured claim's value (a string, or a number as text) */
	char *name;  /* "name", else given + family name, else NULL */
	char *email; /* "email", or NULL */
	bool has_groups;
	bool in_admin_group;
};

void ka_oidc_identity_release(struct ka_oidc_identity *id);

/*
 * Redeems an authorization code at the token endpoint (with the code
 * verifier and `redirect_uri` as sent) and checks the ID token it answers
 * (ka_oidc_verify) with `nonce`.
 */
int ka_oidc_redeem(struct ka_oidc_identity *id, struct ka_oidc *op, const char *code,
                   const char *verifier, const char *nonce, const char *redirect_uri, int64_t now,
                   struct ka_diag *diag);

/*
 * The checks of an ID token (compact JWS, at most KA_OIDC_JWT_MAX bytes):
 * signature with a key of the provider's JWKS (an unknown kid refetches it,
 * rate-limited), iss, aud (and azp when several audiences), exp, iat, nbf,
 * nonce; then the identity from its claims.
 */
int ka_oidc_verify(struct ka_oidc_identity *id, struct ka_oidc *op, const char *jwt,
                   const char *nonce, int64_t now, struct ka_diag *diag);

/*
 * The provider's logout URL (new string) returning to `after` when its
 * discovery document has an end_session_endpoint; *url NULL when not.
 */
int ka_oidc_logout_url(char **url, struct ka_oidc *op, const char *after, int64_t now,
                       struct ka_diag *diag);

/*
 * Parses a JWKS document into op's key set (replacing it), without fetching:
 * for the fuzzer and the unit tests. KA_ERR_AUTH when it has no usable key.
 */
int ka_oidc_load_jwks(struct ka_oidc *op, const char *json, size_t len, struct ka_diag *diag);

#endif
