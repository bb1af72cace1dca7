/* Inside lib/oidc: the provider's state and the helpers its files share. */
#ifndef KARTLA_OIDC_INT_H
#define KARTLA_OIDC_INT_H

#include <openssl/evp.h>
#include <pthread.h>

#include "kartla/oidc.h"

enum oidc_kty { OIDC_RSA, OIDC_EC };

/* One signing key of the JWKS (pkey owned). */
struct oidc_key {
	char kid[128]; /* "" when the JWK has none */
	enum oidc_kty kty;
	EVP_PKEY *pkey;
};

/* The provider. Everything below `lock` changes only with it held. */
struct ka_oidc {
	char *issuer, *client_id, *client_secret, *claim, *group_claim, *admin_group, *name;
	unsigned skew_s, jwks_refetch_s, timeout_s;
	bool loopback_http; /* the issuer is http:// on the loopback: its endpoints may be too */
	int (*fetch)(void *ctx, struct ka_buf *out, const char *url);
	void *fetch_ctx;
	pthread_mutex_t lock;
	bool discovered;
	char *authz_ep, *token_ep, *jwks_uri, *end_session_ep; /* owned; end_session may be NULL */
	struct oidc_key keys[KA_OIDC_KEYS_MAX];
	size_t nkeys;
	int64_t jwks_at;  /* when the keys were last fetched (0: never) */
	int64_t tried_at; /* when discovery was last tried (0: never) */
};

/* oidc_http.c: a GET (through op->fetch when set) into out, capped at KA_OIDC_DOC_MAX. */
int oidc_get(struct ka_oidc *op, struct ka_buf *out, const char *url, struct ka_diag *diag);
/*
 * A form POST with client_secret_basic to the token endpoint: the status in
 * *status, the answer in out (capped). KA_ERR_IO when nothing came back.
 */
int oidc_post_token(struct ka_oidc *op, struct ka_buf *out, long *status, const char *url,
                    const char *form, struct ka_diag *diag);
/* Whether `url` may be fetched: https, or http on the loopback when the issuer is. */
bool oidc_url_ok(const struct ka_oidc *op, const char *url);
/* Whether an http(s) URL's host is a loopback address (127.x, ::1, localhost). */
bool oidc_url_loopback(const char *url);
/* Appends `s` percent-encoded (all but unreserved characters) to b. */
void oidc_buf_escape(struct ka_buf *b, const char *s);

/* oidc_jwt.c */
/* Parses a JWKS into keys (replacing none: the caller frees the old set). */
int oidc_jwks_parse(struct oidc_key *keys, size_t *n, const char *json, size_t len,
                    struct ka_diag *diag);
void oidc_keys_free(struct oidc_key *keys, size_t n);
/* base64url (no padding) into a new buffer; -1 when not base64url. */
int oidc_b64url_decode(unsigned char **out, size_t *outlen, const char *s, size_t len);
/* Sets a failure: err with `code` as element_id and the detail as message. */
int oidc_fail(struct ka_diag *diag, int err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* iss, aud/azp, exp/iat/nbf with the skew, nonce. */
int oidc_check_claims(const struct ka_oidc *op, const json_t *claims, const char *nonce,
                      int64_t now, struct ka_diag *diag);

/* oidc.c: the identity from checked claims (id's strings new). */
int oidc_identity(struct ka_oidc_identity *id, const struct ka_oidc *op, const json_t *claims,
                  struct ka_diag *diag);
/* Fetches the discovery document and the keys when missing (lock held). */
int oidc_ensure(struct ka_oidc *op, int64_t now, struct ka_diag *diag);
/* Fetches the JWKS again (lock held), unless it was fetched less than jwks_refetch_s ago. */
int oidc_refetch_keys(struct ka_oidc *op, int64_t now, bool force, struct ka_diag *diag);

#endif
