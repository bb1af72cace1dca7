/*
 * ID tokens: the JWKS as OpenSSL keys (RSA of 2048 bits or more, EC P-256),
 * the compact JWS split and decoded, its signature checked with EVP
 * (RS256: RSASSA-PKCS1-v1_5 with SHA-256; ES256: ECDSA P-256 with SHA-256,
 * the raw r||s turned into DER for EVP), and the claims checked.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oidc_int.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

int oidc_fail(struct ka_diag *diag, int err, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ka_diag_vset(diag, err, 0, 0, code, fmt, ap);
	va_end(ap);
	return err;
}

int oidc_b64url_decode(unsigned char **out, size_t *outlen, const char *s, size_t len)
{
	size_t max = len / 4 * 3 + 3;
	unsigned char *bin = ka_xmalloc(max);
	const char *end = NULL;

	if (sodium_base642bin(bin, max, s, len, NULL, outlen, &end,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    end != s + len) {
		free(bin);
		*out = NULL;
		return -1;
	}
	*out = bin;
	return 0;
}

/* A base64url member of a JWK as a BIGNUM (new), or NULL. */
static BIGNUM *jwk_bn(const json_t *jwk, const char *name, size_t *nbytes)
{
	const char *s = json_string_value(json_object_get(jwk, name));
	unsigned char *bin = NULL;
	size_t n = 0;
	BIGNUM *bn;

	if (!s || strlen(s) > 1400 || oidc_b64url_decode(&bin, &n, s, strlen(s)) || !n) {
		free(bin);
		return NULL;
	}
	bn = BN_bin2bn(bin, (int)n, NULL);
	if (nbytes)
		*nbytes = n;
	free(bin);
	return bn;
}

static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = bld ? OSSL_PARAM_BLD_to_param(bld) : NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pkey = NULL;

	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *rsa_key(const json_t *jwk)
{
	size_t nbytes = 0;
	BIGNUM *n = jwk_bn(jwk, "n", &nbytes), *e = jwk_bn(jwk, "e", NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;

	/* At least 2048 bits (a leading zero byte is tolerated), at most 8192. */
	if (n && e && bld && BN_num_bits(n) >= 2048 && nbytes <= 1025 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		pkey = from_params("RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* One coordinate of a P-256 point: exactly 32 bytes. */
static int ec_coord(unsigned char *out, const json_t *jwk, const char *name)
{
	const char *s = json_string_value(json_object_get(jwk, name));
	unsigned char *bin = NULL;
	size_t n = 0;
	int ok;

	if (!s || strlen(s) > 64 || oidc_b64url_decode(&bin, &n, s, strlen(s)))
		return -1;
	ok = n == 32;
	if (ok)
		memcpy(out, bin, 32);
	free(bin);
	return ok ? 0 : -1;
}

static EVP_PKEY *ec_key(const json_t *jwk)
{
	unsigned char pt[65];
	const char *crv = json_string_value(json_object_get(jwk, "crv"));
	OSSL_PARAM_BLD *bld;
	EVP_PKEY *pkey = NULL;

	if (!crv || strcmp(crv, "P-256") || ec_coord(pt + 1, jwk, "x") ||
	    ec_coord(pt + 33, jwk, "y"))
		return NULL;
	pt[0] = 0x04; /* uncompressed; the point is checked to lie on the curve */
	bld = OSSL_PARAM_BLD_new();
	if (bld &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt)))
		pkey = from_params("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

void oidc_keys_free(struct oidc_key *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		EVP_PKEY_free(keys[i].pkey);
		keys[i].pkey = NULL;
	}
}

/* One JWK into keys[*n] when it is a usable signing key (others are skipped). */
static void jwk_add(struct oidc_key *keys, size_t *n, const json_t *jwk)
{
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	const char *use = json_string_value(json_object_get(jwk, "use"));
	const char *alg = json_string_value(json_object_get(jwk, "alg"));
	const char *kid = json_string_value(json_object_get(jwk, "kid"));
	struct oidc_key *k = &keys[*n];

	if (!json_is_object(jwk) || !kty || (use && strcmp(use, "sig")) ||
	    (kid && strlen(kid) >= sizeof(k->kid)))
		return;
	if (!strcmp(kty, "RSA") && (!alg || !strcmp(alg, "RS256"))) {
		k->kty = OIDC_RSA;
		k->pkey = rsa_key(jwk);
	} else if (!strcmp(kty, "EC") && (!alg || !strcmp(alg, "ES256"))) {
		k->kty = OIDC_EC;
		k->pkey = ec_key(jwk);
	}
	if (!k->pkey)
		return;
	snprintf(k->kid, sizeof(k->kid), "%s", kid ? kid : "");
	(*n)++;
}

int oidc_jwks_parse(struct oidc_key *keys, size_t *n, const char *json, size_t len,
                    struct ka_diag *diag)
{
	json_error_t jerr;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr), *arr, *jwk;
	size_t i;

	*n = 0;
	arr = json_object_get(doc, "keys");
	if (!json_is_array(arr)) {
		json_decref(doc);
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
		                 "the JWKS is not a JSON object with \"keys\"%s%s", doc ? "" : ": ",
		                 doc ? "" : jerr.text);
	}
	json_array_foreach(arr, i, jwk)
	{
		if (*n == KA_OIDC_KEYS_MAX)
			break;
		jwk_add(keys, n, jwk);
	}
	json_decref(doc);
	if (!*n)
		return oidc_fail(
		    diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
		    "the JWKS has no usable signing key (RSA >= 2048 bits or EC P-256)");
	return 0;
}

/* The key for a token's header: by kid, or the only key of the type when there is no kid. */
static EVP_PKEY *find_key(const struct ka_oidc *op, enum oidc_kty kty, const char *kid)
{
	EVP_PKEY *only = NULL;
	size_t i, count = 0;

	for (i = 0; i < op->nkeys; i++) {
		if (op->keys[i].kty != kty)
			continue;
		if (kid && !strcmp(op->keys[i].kid, kid))
			return op->keys[i].pkey;
		count++;
		only = op->keys[i].pkey;
	}
	return !kid && count == 1 ? only : NULL;
}

/* RS256 or ES256 over `input` with `sig` (raw). 0 when it verifies. */
static int sig_ok(EVP_PKEY *key, enum oidc_kty kty, const char *input, size_t inlen,
                  const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	const unsigned char *check = sig;
	size_t checklen = siglen;
	ECDSA_SIG *es = NULL;
	int ok = 0, dlen;

	if (kty == OIDC_EC) {
		BIGNUM *r, *s;

		if (siglen != 64)
			goto out;
		es = ECDSA_SIG_new();
		r = BN_bin2bn(sig, 32, NULL);
		s = BN_bin2bn(sig + 32, 32, NULL);
		if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
			BN_free(r);
			BN_free(s);
			goto out;
		}
		dlen = i2d_ECDSA_SIG(es, &der);
		if (dlen <= 0)
			goto out;
		check = der;
		checklen = (size_t)dlen;
	}
	ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
	     EVP_DigestVerify(md, check, checklen, (const unsigned char *)input, inlen) == 1;
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

/* A base64url JSON object part of the token (new reference) or NULL. */
static json_t *part_json(const char *s, size_t len)
{
	unsigned char *bin = NULL;
	size_t n = 0;
	json_t *v;

	if (oidc_b64url_decode(&bin, &n, s, len))
		return NULL;
	v = json_loadb((const char *)bin, n, JSON_REJECT_DUPLICATES, NULL);
	free(bin);
	if (v && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

/* The signature check under op->lock: the key (refetching the JWKS for an unknown kid). */
static int check_signature(struct ka_oidc *op, const json_t *header, const char *jwt,
                           size_t signed_len, const char *sig64, int64_t now, struct ka_diag *diag)
{
	const char *alg = json_string_value(json_object_get(header, "alg"));
	const json_t *kidv = json_object_get(header, "kid");
	const char *kid = json_string_value(kidv);
	enum oidc_kty kty;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	EVP_PKEY *key;
	int err;

	if (!alg || (strcmp(alg, "RS256") && strcmp(alg, "ES256")))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_SIGNATURE,
		                 "the ID token's algorithm '%.20s' is not RS256 or ES256",
		                 alg ? alg : "(none)");
	if ((kidv && !kid) || json_object_get(header, "crit"))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                 "the ID token's header has a bad kid or a crit member");
	kty = !strcmp(alg, "RS256") ? OIDC_RSA : OIDC_EC;
	pthread_mutex_lock(&op->lock);
	err = oidc_ensure(op, now, diag);
	key = err ? NULL : find_key(op, kty, kid);
	if (!err && !key) {
		/* A new key at the provider (rotation): fetch the set again, rate-limited. */
		err = oidc_refetch_keys(op, now, false, diag);
		key = err ? NULL : find_key(op, kty, kid);
	}
	if (!err && !key)
		err = oidc_fail(
		    diag, KA_ERR_AUTH, KA_OIDC_E_SIGNATURE,
		    "the ID token names a key the provider does not publish (kid '%.60s')",
		    kid ? kid : "");
	if (!err && oidc_b64url_decode(&sig, &siglen, sig64, strlen(sig64)))
		err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                "the ID token's signature is not base64url");
	if (!err && sig_ok(key, kty, jwt, signed_len, sig, siglen))
		err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_SIGNATURE,
		                "the ID token's signature does not verify");
	pthread_mutex_unlock(&op->lock);
	free(sig);
	return err;
}

/* aud is client_id or an array holding it; with several, azp must be client_id. */
static bool audience_ok(const struct ka_oidc *op, const json_t *claims)
{
	const json_t *aud = json_object_get(claims, "aud"), *v;
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	bool found = false;
	size_t i;

	if (json_object_get(claims, "azp") && (!azp || strcmp(azp, op->client_id)))
		return false;
	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), op->client_id);
	if (!json_is_array(aud) || !json_array_size(aud))
		return false;
	json_array_foreach(aud, i, v) if (json_is_string(v) && !strcmp(json_string_value(v),
	                                                               op->client_id)) found = true;
	return found && (json_array_size(aud) == 1 || azp);
}

/* A NumericDate claim; false when absent or not a number. */
static bool num_claim(const json_t *claims, const char *name, double *out)
{
	const json_t *v = json_object_get(claims, name);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

static int check_times(const struct ka_oidc *op, const json_t *claims, int64_t now,
                       struct ka_diag *diag)
{
	double exp, iat, nbf, skew = op->skew_s;

	if (!num_claim(claims, "exp", &exp) || !num_claim(claims, "iat", &iat))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                 "the ID token has no exp or iat");
	if ((double)now > exp + skew)
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_EXPIRED, "the ID token has expired");
	if (iat > (double)now + skew ||
	    (num_claim(claims, "nbf", &nbf) && nbf > (double)now + skew))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_EXPIRED,
		                 "the ID token is issued in the future (clocks apart?)");
	return 0;
}

int oidc_check_claims(const struct ka_oidc *op, const json_t *claims, const char *nonce,
                      int64_t now, struct ka_diag *diag)
{
	const char *iss = json_string_value(json_object_get(claims, "iss"));
	const char *got = json_string_value(json_object_get(claims, "nonce"));
	int err;

	if (!iss || strcmp(iss, op->issuer))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_ISSUER,
		                 "the ID token's issuer is not %s", op->issuer);
	if (!audience_ok(op, claims))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_AUDIENCE,
		                 "the ID token is not for this client (aud/azp)");
	err = check_times(op, claims, now, diag);
	if (err)
		return err;
	if (!nonce || !got || strlen(got) != strlen(nonce) ||
	    CRYPTO_memcmp(got, nonce, strlen(nonce)))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_NONCE,
		                 "the ID token's nonce is not this sign-in's");
	return 0;
}

int ka_oidc_verify(struct ka_oidc_identity *id, struct ka_oidc *op, const char *jwt,
                   const char *nonce, int64_t now, struct ka_diag *diag)
{
	size_t len = jwt ? strnlen(jwt, KA_OIDC_JWT_MAX + 1) : 0;
	const char *d1, *d2;
	json_t *header = NULL, *claims = NULL;
	int err;

	memset(id, 0, sizeof(*id));
	if (!len || len > KA_OIDC_JWT_MAX)
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                 "the ID token is missing or larger than %d bytes",
		                 KA_OIDC_JWT_MAX);
	d1 = strchr(jwt, '.');
	d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.') ||
	    jwt[strspn(jwt, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")])
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                 "the ID token is not a compact JWS (three base64url parts)");
	header = part_json(jwt, (size_t)(d1 - jwt));
	claims = part_json(d1 + 1, (size_t)(d2 - d1 - 1));
	if (!header || !claims) {
		err = oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_TOKEN,
		                "the ID token's header or claims are not a JSON object");
		goto out;
	}
	err = check_signature(op, header, jwt, (size_t)(d2 - jwt), d2 + 1, now, diag);
	if (!err)
		err = oidc_check_claims(op, claims, nonce, now, diag);
	if (!err)
		err = oidc_identity(id, op, claims, diag);
out:
	json_decref(header);
	json_decref(claims);
	return err;
}
