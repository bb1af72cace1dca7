/*
 * Unit tests for lib/oidc's token checks, with keys made here (OpenSSL):
 * RS256 and ES256 ID tokens that pass; a tampered payload, a wrong key,
 * alg "none" and HS256, wrong iss and aud, expired and future tokens, a
 * wrong nonce; key rotation (an unknown kid fetches the JWKS again, at most
 * once per period); the identity taken from the claims; hostile input (huge
 * and garbage tokens, deeply nested JSON, unusable JWKS, a discovery document
 * naming another issuer). The provider's documents come from a fetch hook
 * (no network).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/oidc.h"

#define NOW    1790000000
#define ISSUER "https://idp.example.org"

/* The fake provider: its documents and how often each was fetched. */
struct provider {
	char discovery[2048];
	char *jwks; /* owned */
	int jwks_fetches, discovery_fetches;
};

static int fetch(void *ctx, struct ka_buf *out, const char *url)
{
	struct provider *p = ctx;

	if (strstr(url, "/.well-known/openid-configuration")) {
		p->discovery_fetches++;
		return ka_buf_adds(out, p->discovery);
	}
	if (!strcmp(url, ISSUER "/jwks")) {
		p->jwks_fetches++;
		return ka_buf_adds(out, p->jwks ? p->jwks : "");
	}
	return KA_ERR_IO;
}

static void b64(char *out, size_t outsz, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, outsz, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void b64s(char *out, size_t outsz, const char *s)
{
	b64(out, outsz, (const unsigned char *)s, strlen(s));
}

/* A key as a JWK (new string). */
static char *jwk_of(EVP_PKEY *k, const char *kid)
{
	char buf[4096], a[700], b[700];
	unsigned char bin[600];
	size_t n = 0;

	if (EVP_PKEY_is_a(k, "RSA")) {
		BIGNUM *bn = NULL, *be = NULL;

		assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &bn), 1);
		assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &be), 1);
		n = (size_t)BN_bn2bin(bn, bin);
		b64(a, sizeof(a), bin, n);
		n = (size_t)BN_bn2bin(be, bin);
		b64(b, sizeof(b), bin, n);
		BN_free(bn);
		BN_free(be);
		snprintf(
		    buf, sizeof(buf),
		    "{\"kty\":\"RSA\",\"kid\":\"%s\",\"use\":\"sig\",\"n\":\"%s\",\"e\":\"%s\"}",
		    kid, a, b);
	} else {
		assert_int_equal(EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, bin,
		                                                 sizeof(bin), &n),
		                 1);
		assert_int_equal(n, 65);
		b64(a, sizeof(a), bin + 1, 32);
		b64(b, sizeof(b), bin + 33, 32);
		snprintf(
		    buf, sizeof(buf),
		    "{\"kty\":\"EC\",\"kid\":\"%s\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\"}",
		    kid, a, b);
	}
	return strdup(buf);
}

static void set_jwks(struct provider *p, const char *k1, const char *k2)
{
	char buf[8192];

	snprintf(buf, sizeof(buf), "{\"keys\":[%s%s%s]}", k1, k2 ? "," : "", k2 ? k2 : "");
	free(p->jwks);
	p->jwks = strdup(buf);
}

/* A compact JWS of `claims` signed with k (alg from the key unless `alg` is given). */
static char *sign(EVP_PKEY *k, const char *kid, const char *alg, const char *claims)
{
	char header[256], h64[400], c64[4096], sig64[1100], *out;
	unsigned char sig[600], raw[64];
	size_t siglen = sizeof(sig), inlen;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	struct ka_buf in;
	bool ec = EVP_PKEY_is_a(k, "EC");

	snprintf(header, sizeof(header), "{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}",
	         alg  ? alg
	         : ec ? "ES256"
	              : "RS256",
	         kid);
	b64s(h64, sizeof(h64), header);
	b64s(c64, sizeof(c64), claims);
	ka_buf_init(&in, 0);
	ka_buf_addf(&in, "%s.%s", h64, c64);
	inlen = in.len;
	assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k), 1);
	assert_int_equal(EVP_DigestSign(md, sig, &siglen, (unsigned char *)in.data, inlen), 1);
	EVP_MD_CTX_free(md);
	if (ec) {
		const unsigned char *p = sig;
		ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);

		assert_non_null(es);
		BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
		BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
		ECDSA_SIG_free(es);
		b64(sig64, sizeof(sig64), raw, 64);
	} else {
		b64(sig64, sizeof(sig64), sig, siglen);
	}
	ka_buf_addf(&in, ".%s", sig64);
	out = ka_buf_detach(&in, NULL);
	return out;
}

/* Claims for the client "kartla" with nonce "n1", issued at NOW, valid for 5 minutes. */
static char *claims(const char *extra)
{
	char buf[2048];

	snprintf(buf, sizeof(buf),
	         "{\"iss\":\"" ISSUER "\",\"aud\":\"kartla\",\"sub\":\"u-1\",\"iat\":%d,\"exp\":%d,"
	         "\"nonce\":\"n1\",\"email\":\"Kari@Example.org\",\"name\":\"Kari Nordmann\","
	         "\"groups\":[\"staff\",\"kartla-admins\"]%s%s}",
	         NOW, NOW + 300, extra ? "," : "", extra ? extra : "");
	return strdup(buf);
}

/* The keys, made once for the group (RSA key generation takes a while). */
struct keys {
	EVP_PKEY *rsa, *rsa2, *ec;
	char *jwk_rsa, *jwk_rsa2, *jwk_ec;
};

struct fx {
	struct provider prov;
	EVP_PKEY *rsa, *rsa2, *ec;
	const char *jwk_rsa, *jwk_rsa2, *jwk_ec;
	struct ka_oidc *op;
};

static int group_setup(void **state)
{
	struct keys *k = calloc(1, sizeof(*k));

	k->rsa = EVP_RSA_gen(2048);
	k->rsa2 = EVP_RSA_gen(2048);
	k->ec = EVP_EC_gen("P-256");
	assert_non_null(k->rsa);
	assert_non_null(k->rsa2);
	assert_non_null(k->ec);
	k->jwk_rsa = jwk_of(k->rsa, "r1");
	k->jwk_rsa2 = jwk_of(k->rsa2, "r2");
	k->jwk_ec = jwk_of(k->ec, "e1");
	*state = k;
	return 0;
}

static int group_teardown(void **state)
{
	struct keys *k = *state;

	EVP_PKEY_free(k->rsa);
	EVP_PKEY_free(k->rsa2);
	EVP_PKEY_free(k->ec);
	free(k->jwk_rsa);
	free(k->jwk_rsa2);
	free(k->jwk_ec);
	free(k);
	return 0;
}

static int setup(void **state)
{
	const struct keys *k = *state;
	struct fx *f = calloc(1, sizeof(*f));
	struct ka_oidc_config cfg = {0};
	struct ka_diag d;

	f->rsa = k->rsa;
	f->rsa2 = k->rsa2;
	f->ec = k->ec;
	f->jwk_rsa = k->jwk_rsa;
	f->jwk_rsa2 = k->jwk_rsa2;
	f->jwk_ec = k->jwk_ec;
	snprintf(f->prov.discovery, sizeof(f->prov.discovery),
	         "{\"issuer\":\"" ISSUER "\",\"authorization_endpoint\":\"" ISSUER "/auth\","
	         "\"token_endpoint\":\"" ISSUER "/token\",\"jwks_uri\":\"" ISSUER "/jwks\","
	         "\"end_session_endpoint\":\"" ISSUER "/logout\"}");
	set_jwks(&f->prov, f->jwk_rsa, f->jwk_ec);
	cfg.issuer = ISSUER;
	cfg.client_id = "kartla";
	cfg.client_secret = "secret";
	cfg.admin_group = "kartla-admins";
	cfg.fetch = fetch;
	cfg.fetch_ctx = &f->prov;
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_oidc_new(&f->op, &cfg, &d), 0);
	assert_int_equal(ka_oidc_discover(f->op, NOW, &d), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ka_oidc_free(f->op);
	free(f->prov.jwks);
	free(f);
	return 0;
}

/* Verifies `jwt` with nonce "n1" at `now`; returns the error and its code in code[]. */
static int verify(struct fx *f, const char *jwt, int64_t now, char code[128])
{
	struct ka_oidc_identity id;
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	err = ka_oidc_verify(&id, f->op, jwt, "n1", now, &d);
	snprintf(code, 128, "%s", err ? d.element_id : "");
	ka_oidc_identity_release(&id);
	return err;
}

/* Signs `extra` claims with k and expects `code` ("" for success). */
static void expect(struct fx *f, EVP_PKEY *k, const char *kid, const char *alg, const char *extra,
                   int64_t now, const char *code)
{
	char *c = claims(extra), *jwt = sign(k, kid, alg, c), got[128];

	verify(f, jwt, now, got);
	assert_string_equal(got, code);
	free(c);
	free(jwt);
}

static void test_rs256_and_es256(void **state)
{
	struct fx *f = *state;
	struct ka_oidc_identity id;
	struct ka_diag d;
	char *c = claims(NULL), *jwt = sign(f->ec, "e1", NULL, c);

	expect(f, f->rsa, "r1", NULL, NULL, NOW, "");
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_oidc_verify(&id, f->op, jwt, "n1", NOW + 60, &d), 0);
	assert_string_equal(id.key, "Kari@Example.org");
	assert_string_equal(id.name, "Kari Nordmann");
	assert_string_equal(id.email, "Kari@Example.org");
	assert_true(id.in_admin_group);
	ka_oidc_identity_release(&id);
	free(c);
	free(jwt);
	assert_int_equal(f->prov.jwks_fetches, 1);
}

static void test_bad_signatures(void **state)
{
	struct fx *f = *state;
	char *c = claims(NULL), *jwt = sign(f->rsa, "r1", NULL, c), got[128], *p;

	/* A payload changed after signing. */
	p = strchr(jwt, '.') + 5;
	*p = *p == 'A' ? 'B' : 'A';
	assert_int_equal(verify(f, jwt, NOW, got), KA_ERR_AUTH);
	assert_true(!strcmp(got, KA_OIDC_E_SIGNATURE) || !strcmp(got, KA_OIDC_E_TOKEN));
	free(jwt);
	/* Signed by a key that claims to be r1. */
	expect(f, f->rsa2, "r1", NULL, NULL, NOW, KA_OIDC_E_SIGNATURE);
	/* The EC key's signature presented as RS256, and the reverse. */
	expect(f, f->ec, "e1", "RS256", NULL, NOW, KA_OIDC_E_SIGNATURE);
	expect(f, f->rsa, "r1", "ES256", NULL, NOW, KA_OIDC_E_SIGNATURE);
	/* Other algorithms are refused whatever the signature. */
	expect(f, f->rsa, "r1", "none", NULL, NOW, KA_OIDC_E_SIGNATURE);
	expect(f, f->rsa, "r1", "HS256", NULL, NOW, KA_OIDC_E_SIGNATURE);
	free(c);
	/* An unsigned token (alg none, empty signature). */
	{
		char h[100], b[2048], tok[3000];

		b64s(h, sizeof(h), "{\"alg\":\"none\"}");
		c = claims(NULL);
		b64s(b, sizeof(b), c);
		snprintf(tok, sizeof(tok), "%s.%s.", h, b);
		assert_int_equal(verify(f, tok, NOW, got), KA_ERR_AUTH);
		free(c);
	}
}

static void test_claims(void **state)
{
	struct fx *f = *state;
	char buf[512];

	/* Wrong issuer and audience. */
	snprintf(buf, sizeof(buf),
	         "{\"iss\":\"https://"
	         "evil.example\",\"aud\":\"kartla\",\"iat\":%d,\"exp\":%d,\"nonce\":\"n1\","
	         "\"email\":\"a@b\"}",
	         NOW, NOW + 60);
	{
		char *jwt = sign(f->rsa, "r1", NULL, buf), got[128];

		verify(f, jwt, NOW, got);
		assert_string_equal(got, KA_OIDC_E_ISSUER);
		free(jwt);
	}
	snprintf(buf, sizeof(buf),
	         "{\"iss\":\"" ISSUER
	         "\",\"aud\":\"other\",\"iat\":%d,\"exp\":%d,\"nonce\":\"n1\",\"email\":\"a@b\"}",
	         NOW, NOW + 60);
	{
		char *jwt = sign(f->rsa, "r1", NULL, buf), got[128];

		verify(f, jwt, NOW, got);
		assert_string_equal(got, KA_OIDC_E_AUDIENCE);
		free(jwt);
	}
	/* Several audiences need azp = the client. */
	snprintf(buf, sizeof(buf),
	         "{\"iss\":\"" ISSUER "\",\"aud\":[\"other\",\"kartla\"],\"iat\":%d,\"exp\":%d,"
	         "\"nonce\":\"n1\",\"email\":\"a@b\"}",
	         NOW, NOW + 60);
	{
		char *jwt = sign(f->rsa, "r1", NULL, buf), got[128];

		verify(f, jwt, NOW, got);
		assert_string_equal(got, KA_OIDC_E_AUDIENCE);
		free(jwt);
	}
	/* Expired (beyond the skew), within the skew, issued in the future, wrong nonce. */
	expect(f, f->rsa, "r1", NULL, NULL, NOW + 300 + 121, KA_OIDC_E_EXPIRED);
	expect(f, f->rsa, "r1", NULL, NULL, NOW + 300 + 100, "");
	expect(f, f->rsa, "r1", NULL, NULL, NOW - 500, KA_OIDC_E_EXPIRED);
	{
		char *c = claims(NULL), *jwt = sign(f->rsa, "r1", NULL, c);
		struct ka_oidc_identity id;
		struct ka_diag d;

		ka_diag_init(&d, NULL);
		assert_int_equal(ka_oidc_verify(&id, f->op, jwt, "n2", NOW, &d), KA_ERR_AUTH);
		assert_string_equal(d.element_id, KA_OIDC_E_NONCE);
		assert_int_equal(ka_oidc_verify(&id, f->op, jwt, NULL, NOW, &d), KA_ERR_AUTH);
		free(c);
		free(jwt);
	}
	/* An unverified e-mail address is no key. */
	snprintf(buf, sizeof(buf),
	         "{\"iss\":\"" ISSUER "\",\"aud\":\"kartla\",\"iat\":%d,\"exp\":%d,\"nonce\":"
	         "\"n1\",\"email\":\"a@b\",\"email_verified\":false}",
	         NOW, NOW + 60);
	{
		char *jwt = sign(f->rsa, "r1", NULL, buf), got[128];

		verify(f, jwt, NOW, got);
		assert_string_equal(got, KA_OIDC_E_CLAIM);
		free(jwt);
	}
}

static void test_rotation(void **state)
{
	struct fx *f = *state;

	assert_int_equal(f->prov.jwks_fetches, 1);
	/* The provider rotates to r2: the first token with kid r2 fetches the keys again. */
	set_jwks(&f->prov, f->jwk_rsa2, f->jwk_ec);
	expect(f, f->rsa2, "r2", NULL, NULL, NOW + 100, "");
	assert_int_equal(f->prov.jwks_fetches, 2);
	expect(f, f->rsa2, "r2", NULL, NULL, NOW + 101, "");
	assert_int_equal(f->prov.jwks_fetches, 2);
	/* r1 is gone; an unknown kid fetches at most once per period. */
	expect(f, f->rsa, "r1", NULL, NULL, NOW + 102, KA_OIDC_E_SIGNATURE);
	expect(f, f->rsa, "r1", NULL, NULL, NOW + 103, KA_OIDC_E_SIGNATURE);
	expect(f, f->rsa, "zz", NULL, NULL, NOW + 104, KA_OIDC_E_SIGNATURE);
	assert_int_equal(f->prov.jwks_fetches, 2);
	/* A minute later it may ask again, and r1 is back. */
	set_jwks(&f->prov, f->jwk_rsa, f->jwk_rsa2);
	expect(f, f->rsa, "r1", NULL, NULL, NOW + 165, "");
	assert_int_equal(f->prov.jwks_fetches, 3);
}

static void test_hostile_tokens(void **state)
{
	struct fx *f = *state;
	char got[128], *big = malloc(KA_OIDC_JWT_MAX + 10), *deep = malloc(200000);
	char h[200], tok[4096];
	size_t i;

	memset(big, 'a', KA_OIDC_JWT_MAX + 9);
	big[KA_OIDC_JWT_MAX + 9] = '\0';
	big[10] = '.';
	big[20] = '.';
	assert_int_equal(verify(f, big, NOW, got), KA_ERR_AUTH);
	assert_string_equal(got, KA_OIDC_E_TOKEN);
	assert_int_equal(verify(f, "", NOW, got), KA_ERR_AUTH);
	assert_int_equal(verify(f, NULL, NOW, got), KA_ERR_AUTH);
	assert_int_equal(verify(f, "a.b", NOW, got), KA_ERR_AUTH);
	assert_int_equal(verify(f, "a.b.c.d", NOW, got), KA_ERR_AUTH);
	assert_int_equal(verify(f, "!!!.???.***", NOW, got), KA_ERR_AUTH);
	assert_int_equal(verify(f, "e30.e30.e30", NOW, got), KA_ERR_AUTH); /* {} {} */
	assert_int_equal(verify(f, "W10.W10.", NOW, got), KA_ERR_AUTH);    /* [] [] */
	/* Deeply nested JSON in the header. */
	for (i = 0; i < 5000; i++)
		deep[i] = '[';
	deep[i] = '\0';
	b64s(h, sizeof(h), "{\"alg\":\"RS256\"}");
	{
		char *d64 = malloc(8000);

		b64s(d64, 8000, deep);
		snprintf(tok, sizeof(tok), "%s.%.3000s.AAAA", h, d64);
		assert_int_equal(verify(f, tok, NOW, got), KA_ERR_AUTH);
		free(d64);
	}
	/* A kid that is not a string, a crit header. */
	b64s(h, sizeof(h), "{\"alg\":\"RS256\",\"kid\":7}");
	snprintf(tok, sizeof(tok), "%s.e30.AAAA", h);
	assert_int_equal(verify(f, tok, NOW, got), KA_ERR_AUTH);
	b64s(h, sizeof(h), "{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[\"x\"]}");
	snprintf(tok, sizeof(tok), "%s.e30.AAAA", h);
	assert_int_equal(verify(f, tok, NOW, got), KA_ERR_AUTH);
	free(big);
	free(deep);
}

static void test_hostile_jwks_and_discovery(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	struct ka_oidc *op = NULL;
	struct ka_oidc_config cfg = {0};
	const char *bad[] = {
	    "",
	    "[]",
	    "{\"keys\":{}}",
	    "{\"keys\":[]}",
	    "{\"keys\":[1,\"x\",null]}",
	    /* an RSA key of 512 bits, an EC point off the curve, a wrong curve, bad base64 */
	    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}",
	    "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":"
	    "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"y\":"
	    "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}]}",
	    "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}]}",
	    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}]}",
	    "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}",
	    "{\"keys\":[],\"keys\":[]}",
	};
	size_t i;

	ka_diag_init(&d, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ka_oidc_load_jwks(f->op, bad[i], strlen(bad[i]), &d), KA_ERR_AUTH);
	/* A discovery document naming another issuer, or endpoints that are not https. */
	snprintf(f->prov.discovery, sizeof(f->prov.discovery),
	         "{\"issuer\":\"https://evil.example\",\"authorization_endpoint\":\"" ISSUER
	         "/auth\",\"token_endpoint\":\"" ISSUER "/token\",\"jwks_uri\":\"" ISSUER
	         "/jwks\"}");
	assert_int_equal(ka_oidc_discover(f->op, NOW, &d), KA_ERR_AUTH);
	snprintf(
	    f->prov.discovery, sizeof(f->prov.discovery),
	    "{\"issuer\":\"" ISSUER "\",\"authorization_endpoint\":\"" ISSUER
	    "/auth\",\"token_endpoint\":\"http://idp.example.org/token\",\"jwks_uri\":\"" ISSUER
	    "/jwks\"}");
	assert_int_equal(ka_oidc_discover(f->op, NOW, &d), KA_ERR_AUTH);
	/* No JWKS at all. */
	snprintf(f->prov.discovery, sizeof(f->prov.discovery),
	         "{\"issuer\":\"" ISSUER "\",\"authorization_endpoint\":\"" ISSUER
	         "/auth\",\"token_endpoint\":\"" ISSUER "/token\"}");
	assert_int_equal(ka_oidc_discover(f->op, NOW, &d), KA_ERR_AUTH);
	assert_non_null(strstr(d.message, "jwks_uri"));
	/* The issuer's scheme and host. */
	cfg.client_id = "kartla";
	cfg.client_secret = "s";
	cfg.issuer = "http://idp.example.org";
	assert_int_equal(ka_oidc_new(&op, &cfg, &d), KA_ERR_USAGE);
	cfg.issuer = "ftp://idp.example.org";
	assert_int_equal(ka_oidc_new(&op, &cfg, &d), KA_ERR_USAGE);
	cfg.issuer = "http://127.0.0.1:3000";
	assert_int_equal(ka_oidc_new(&op, &cfg, &d), 0);
	ka_oidc_free(op);
	cfg.issuer = "http://127.0.0.1.evil.example";
	assert_int_equal(ka_oidc_new(&op, &cfg, &d), KA_ERR_USAGE);
	cfg.issuer = "http://localhost.evil.example";
	assert_int_equal(ka_oidc_new(&op, &cfg, &d), KA_ERR_USAGE);
}

static void test_auth_url_and_logout(void **state)
{
	struct fx *f = *state;
	struct ka_oidc_request req;
	struct ka_diag d;
	char *url = NULL, chal[100];
	unsigned char md[32];

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_oidc_auth_url(&url, &req, f->op,
	                                  "http://127.0.0.1:8080/api/auth/oidc/callback", NOW, &d),
	                 0);
	assert_int_equal(strlen(req.state), 43);
	assert_int_equal(strlen(req.verifier), 43);
	assert_non_null(strstr(url, ISSUER
	                       "/auth?response_type=code&client_id=kartla&redirect_uri=http%3A%2F%"
	                       "2F127.0.0.1%3A8080%2Fapi%2Fauth%2Foidc%2Fcallback"));
	assert_non_null(strstr(url, "&code_challenge_method=S256"));
	crypto_hash_sha256(md, (const unsigned char *)req.verifier, strlen(req.verifier));
	b64(chal, sizeof(chal), md, 32);
	assert_non_null(strstr(url, chal));
	assert_non_null(strstr(url, req.state));
	free(url);
	assert_int_equal(ka_oidc_logout_url(&url, f->op, "http://127.0.0.1:8080/", NOW, &d), 0);
	assert_string_equal(
	    url, ISSUER
	    "/logout?client_id=kartla&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F");
	free(url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rs256_and_es256, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_signatures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_claims, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_jwks_and_discovery, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_auth_url_and_logout, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
