/*
 * The provider (oidc.h): configuration, discovery and keys, the
 * authorization URL with PKCE, the code redeemed at the token endpoint, the
 * identity taken from the checked claims, and single logout.
 */
#include <curl/curl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oidc_int.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

static char *dup_or(const char *s, const char *dflt)
{
	return s ? ka_xstrdup(s) : dflt ? ka_xstrdup(dflt) : NULL;
}

/* The host of an http(s) URL, for the default name. */
static char *url_host(const char *url)
{
	const char *h = strstr(url, "://");

	h = h ? h + 3 : url;
	return ka_xstrndup(h, strcspn(h, ":/?#"));
}

static int check_config(const struct ka_oidc_config *cfg, struct ka_diag *diag)
{
	const char *iss = cfg->issuer;

	if (!iss || !*iss || strlen(iss) > 1024 || strpbrk(iss, " \"<>\\?#\r\n\t"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "oidc-issuer",
		                   "the issuer must be a URL without query or fragment");
	if (strncmp(iss, "https://", 8) && !(!strncmp(iss, "http://", 7) && oidc_url_loopback(iss)))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "oidc-issuer",
		                   "the issuer must be https:// (http:// only on the loopback): %s",
		                   iss);
	if (!cfg->client_id || !*cfg->client_id || strlen(cfg->client_id) > 512)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "oidc-client-id",
		                   "a client id is needed (--oidc-client-id)");
	if (!cfg->client_secret || !*cfg->client_secret)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "oidc-client-secret-file",
		                   "a client secret is needed (--oidc-client-secret-file)");
	if (cfg->claim && (!*cfg->claim || strlen(cfg->claim) > 100))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "oidc-claim",
		                   "a claim name is needed");
	return 0;
}

int ka_oidc_new(struct ka_oidc **out, const struct ka_oidc_config *cfg, struct ka_diag *diag)
{
	struct ka_oidc *op;
	int err = check_config(cfg, diag);

	*out = NULL;
	if (err)
		return err;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "libcurl cannot be initialised");
	op = ka_xcalloc(1, sizeof(*op));
	op->issuer = ka_xstrdup(cfg->issuer);
	/* The issuer is compared as given, without a trailing slash added or removed. */
	op->client_id = ka_xstrdup(cfg->client_id);
	op->client_secret = ka_xstrdup(cfg->client_secret);
	op->claim = dup_or(cfg->claim, "email");
	op->group_claim = dup_or(cfg->group_claim, "groups");
	op->admin_group = dup_or(cfg->admin_group, NULL);
	op->name = cfg->name && *cfg->name ? ka_xstrdup(cfg->name) : url_host(cfg->issuer);
	op->skew_s = cfg->skew_s ? cfg->skew_s : 120;
	op->jwks_refetch_s = cfg->jwks_refetch_s ? cfg->jwks_refetch_s : 60;
	op->timeout_s = cfg->timeout_s ? cfg->timeout_s : 10;
	op->loopback_http = !strncmp(cfg->issuer, "http://", 7);
	op->fetch = cfg->fetch;
	op->fetch_ctx = cfg->fetch_ctx;
	pthread_mutex_init(&op->lock, NULL);
	*out = op;
	return 0;
}

static void forget_discovery(struct ka_oidc *op)
{
	free(op->authz_ep);
	free(op->token_ep);
	free(op->jwks_uri);
	free(op->end_session_ep);
	op->authz_ep = op->token_ep = op->jwks_uri = op->end_session_ep = NULL;
	op->discovered = false;
}

void ka_oidc_free(struct ka_oidc *op)
{
	if (!op)
		return;
	forget_discovery(op);
	oidc_keys_free(op->keys, op->nkeys);
	if (op->client_secret)
		sodium_memzero(op->client_secret, strlen(op->client_secret));
	free(op->issuer);
	free(op->client_id);
	free(op->client_secret);
	free(op->claim);
	free(op->group_claim);
	free(op->admin_group);
	free(op->name);
	pthread_mutex_destroy(&op->lock);
	free(op);
	curl_global_cleanup();
}

const char *ka_oidc_name(const struct ka_oidc *op)
{
	return op->name;
}

const char *ka_oidc_admin_group(const struct ka_oidc *op)
{
	return op->admin_group;
}

int ka_oidc_load_jwks(struct ka_oidc *op, const char *json, size_t len, struct ka_diag *diag)
{
	struct oidc_key keys[KA_OIDC_KEYS_MAX];
	size_t n = 0;
	int err;

	memset(keys, 0, sizeof(keys));
	err = oidc_jwks_parse(keys, &n, json, len, diag);
	if (err)
		return err;
	pthread_mutex_lock(&op->lock);
	oidc_keys_free(op->keys, op->nkeys);
	memcpy(op->keys, keys, sizeof(keys));
	op->nkeys = n;
	pthread_mutex_unlock(&op->lock);
	return 0;
}

int oidc_refetch_keys(struct ka_oidc *op, int64_t now, bool force, struct ka_diag *diag)
{
	struct oidc_key keys[KA_OIDC_KEYS_MAX];
	struct ka_buf b;
	size_t n = 0;
	int err;

	if (!force && op->jwks_at && now - op->jwks_at < (int64_t)op->jwks_refetch_s)
		return 0; /* fetched a moment ago: an unknown kid stays unknown */
	memset(keys, 0, sizeof(keys));
	op->jwks_at = now;
	err = oidc_get(op, &b, op->jwks_uri, diag);
	if (!err)
		err = oidc_jwks_parse(keys, &n, b.data, b.len, diag);
	ka_buf_release(&b);
	if (err)
		return err;
	oidc_keys_free(op->keys, op->nkeys);
	memcpy(op->keys, keys, sizeof(keys));
	op->nkeys = n;
	return 0;
}

/* An endpoint of the discovery document: a string URL we may call, or NULL. */
static int endpoint(char **out, const struct ka_oidc *op, const json_t *doc, const char *name,
                    bool required, struct ka_diag *diag)
{
	const json_t *v = json_object_get(doc, name);
	const char *s = json_string_value(v);

	*out = NULL;
	if (!v && !required)
		return 0;
	if (!s || !oidc_url_ok(op, s))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
		                 "the discovery document's %s is %s", name,
		                 s ? "not an https URL" : "missing");
	*out = ka_xstrdup(s);
	return 0;
}

static int discover_locked(struct ka_oidc *op, int64_t now, struct ka_diag *diag)
{
	struct ka_buf url, b;
	json_t *doc = NULL;
	const char *iss;
	int err;

	forget_discovery(op);
	op->tried_at = now;
	ka_buf_init(&url, 0);
	ka_buf_adds(&url, op->issuer);
	if (url.len && url.data[url.len - 1] == '/')
		url.len--;
	ka_buf_adds(&url, "/.well-known/openid-configuration");
	err = oidc_get(op, &b, url.data, diag);
	if (!err) {
		doc = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, NULL);
		iss = json_string_value(json_object_get(doc, "issuer"));
		if (!json_is_object(doc))
			err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
			                "%s is not a JSON object", url.data);
		else if (!iss || strcmp(iss, op->issuer))
			err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
			                "the discovery document names issuer '%.200s', not '%s'",
			                iss ? iss : "(none)", op->issuer);
	}
	if (!err)
		err = endpoint(&op->authz_ep, op, doc, "authorization_endpoint", true, diag);
	if (!err)
		err = endpoint(&op->token_ep, op, doc, "token_endpoint", true, diag);
	if (!err)
		err = endpoint(&op->jwks_uri, op, doc, "jwks_uri", true, diag);
	if (!err)
		err = endpoint(&op->end_session_ep, op, doc, "end_session_endpoint", false, diag);
	if (!err)
		err = oidc_refetch_keys(op, now, true, diag);
	if (err)
		forget_discovery(op);
	else
		op->discovered = true;
	json_decref(doc);
	ka_buf_release(&b);
	ka_buf_release(&url);
	return err;
}

int oidc_ensure(struct ka_oidc *op, int64_t now, struct ka_diag *diag)
{
	/* A provider that was down is asked again, but not more than once per refetch period. */
	if (op->discovered)
		return 0;
	/* Not again within 5 s of a failure: every sign-in would wait for the same timeout. */
	if (op->tried_at && now - op->tried_at < 5)
		return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE,
		                 "the provider was not reachable a moment ago");
	return discover_locked(op, now, diag);
}

int ka_oidc_discover(struct ka_oidc *op, int64_t now, struct ka_diag *diag)
{
	int err;

	pthread_mutex_lock(&op->lock);
	err = discover_locked(op, now, diag);
	pthread_mutex_unlock(&op->lock);
	return err;
}

size_t ka_oidc_key_count(struct ka_oidc *op)
{
	size_t n;

	pthread_mutex_lock(&op->lock);
	n = op->nkeys;
	pthread_mutex_unlock(&op->lock);
	return n;
}

static void random_secret(char out[KA_OIDC_SECRET_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, KA_OIDC_SECRET_LEN, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The S256 code challenge: base64url(SHA-256(verifier)). */
static void challenge(char out[KA_OIDC_SECRET_LEN], const char *verifier)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(), NULL);
	sodium_bin2base64(out, KA_OIDC_SECRET_LEN, md, mdlen,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void add_param(struct ka_buf *b, const char *name, const char *value)
{
	ka_buf_addc(b, b->len && !strchr(b->data, '?') ? '?' : '&');
	ka_buf_adds(b, name);
	ka_buf_addc(b, '=');
	oidc_buf_escape(b, value);
}

int ka_oidc_auth_url(char **url, struct ka_oidc_request *req, struct ka_oidc *op,
                     const char *redirect_uri, int64_t now, struct ka_diag *diag)
{
	char chal[KA_OIDC_SECRET_LEN];
	struct ka_buf b;
	int err;

	*url = NULL;
	ka_buf_init(&b, 0);
	pthread_mutex_lock(&op->lock);
	err = oidc_ensure(op, now, diag);
	if (!err)
		ka_buf_adds(&b, op->authz_ep);
	pthread_mutex_unlock(&op->lock);
	if (err) {
		ka_buf_release(&b);
		return err;
	}
	random_secret(req->state);
	random_secret(req->nonce);
	random_secret(req->verifier);
	challenge(chal, req->verifier);
	add_param(&b, "response_type", "code");
	add_param(&b, "client_id", op->client_id);
	add_param(&b, "redirect_uri", redirect_uri);
	add_param(&b, "scope", "openid email profile");
	add_param(&b, "state", req->state);
	add_param(&b, "nonce", req->nonce);
	add_param(&b, "code_challenge", chal);
	add_param(&b, "code_challenge_method", "S256");
	*url = ka_buf_detach(&b, NULL);
	return 0;
}

/* The token endpoint's answer: its id_token (new), or the error. */
static int token_answer(char **jwt, const struct ka_buf *b, long status, struct ka_diag *diag)
{
	json_t *doc = json_loadb(b->data, b->len, JSON_REJECT_DUPLICATES, NULL);
	const char *tok = json_string_value(json_object_get(doc, "id_token"));
	const char *error = json_string_value(json_object_get(doc, "error"));
	int err = 0;

	*jwt = NULL;
	if (status == 400 || status == 401)
		err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_CODE,
		                "the token endpoint refused the code (%ld %.100s)", status,
		                error ? error : "");
	else if (status != 200)
		err = oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE,
		                "the token endpoint answered HTTP %ld", status);
	else if (!tok)
		err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                "the token endpoint's answer has no id_token");
	else
		*jwt = ka_xstrdup(tok);
	json_decref(doc);
	return err;
}

int ka_oidc_redeem(struct ka_oidc_identity *id, struct ka_oidc *op, const char *code,
                   const char *verifier, const char *nonce, const char *redirect_uri, int64_t now,
                   struct ka_diag *diag)
{
	struct ka_buf form, answer;
	char *token_ep = NULL, *jwt = NULL;
	long status = 0;
	int err;

	memset(id, 0, sizeof(*id));
	ka_buf_init(&form, 0);
	ka_buf_init(&answer, KA_OIDC_DOC_MAX);
	pthread_mutex_lock(&op->lock);
	err = oidc_ensure(op, now, diag);
	if (!err)
		token_ep = ka_xstrdup(op->token_ep);
	pthread_mutex_unlock(&op->lock);
	if (err)
		goto out;
	ka_buf_adds(&form, "grant_type=authorization_code&code=");
	oidc_buf_escape(&form, code);
	ka_buf_adds(&form, "&redirect_uri=");
	oidc_buf_escape(&form, redirect_uri);
	ka_buf_adds(&form, "&code_verifier=");
	oidc_buf_escape(&form, verifier);
	err = oidc_post_token(op, &answer, &status, token_ep, form.data, diag);
	if (!err)
		err = token_answer(&jwt, &answer, status, diag);
	if (!err)
		err = ka_oidc_verify(id, op, jwt, nonce, now, diag);
out:
	free(token_ep);
	free(jwt);
	ka_buf_release(&form);
	ka_buf_release(&answer);
	return err;
}

/* A claim's value as text: a string (no control characters) or an integer. */
static char *claim_text(const json_t *v)
{
	const char *s = json_string_value(v);
	char num[32];
	size_t i;

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return ka_xstrdup(num);
	}
	if (!s || !*s || strlen(s) > KA_OIDC_VALUE_MAX)
		return NULL;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	return ka_xstrdup(s);
}

static bool in_group(const json_t *groups, const char *group)
{
	const json_t *v;
	size_t i;

	if (json_is_string(groups))
		return !strcmp(json_string_value(groups), group);
	json_array_foreach(groups, i, v) if (json_is_string(v) &&
	                                     !strcmp(json_string_value(v), group)) return true;
	return false;
}

int oidc_identity(struct ka_oidc_identity *id, const struct ka_oidc *op, const json_t *claims,
                  struct ka_diag *diag)
{
	const json_t *groups = json_object_get(claims, op->group_claim);
	const json_t *verified = json_object_get(claims, "email_verified");
	char *given, *family;

	memset(id, 0, sizeof(*id));
	if (!strcmp(op->claim, "email") && json_is_false(verified))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_CLAIM,
		                 "the provider says the e-mail address is not verified");
	id->key = claim_text(json_object_get(claims, op->claim));
	if (!id->key)
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_CLAIM,
		                 "the ID token has no usable claim '%s'", op->claim);
	id->name = claim_text(json_object_get(claims, "name"));
	if (!id->name) {
		given = claim_text(json_object_get(claims, "given_name"));
		family = claim_text(json_object_get(claims, "family_name"));
		if (given && family) {
			size_t n = strlen(given) + strlen(family) + 2;

			id->name = ka_xmalloc(n);
			snprintf(id->name, n, "%s %s", given, family);
		} else {
			id->name = given ? given : family;
			given = family = NULL;
		}
		free(given);
		free(family);
	}
	if (!json_is_false(verified))
		id->email = claim_text(json_object_get(claims, "email"));
	id->has_groups = groups != NULL;
	id->in_admin_group = op->admin_group && groups && in_group(groups, op->admin_group);
	return 0;
}

void ka_oidc_identity_release(struct ka_oidc_identity *id)
{
	free(id->key);
	free(id->name);
	free(id->email);
	memset(id, 0, sizeof(*id));
}

int ka_oidc_logout_url(char **url, struct ka_oidc *op, const char *after, int64_t now,
                       struct ka_diag *diag)
{
	struct ka_buf b;
	int err;

	*url = NULL;
	ka_buf_init(&b, 0);
	pthread_mutex_lock(&op->lock);
	err = oidc_ensure(op, now, diag);
	if (!err && op->end_session_ep)
		ka_buf_adds(&b, op->end_session_ep);
	pthread_mutex_unlock(&op->lock);
	if (err || !b.len) {
		ka_buf_release(&b);
		return err;
	}
	add_param(&b, "client_id", op->client_id);
	add_param(&b, "post_logout_redirect_uri", after);
	*url = ka_buf_detach(&b, NULL);
	return 0;
}
