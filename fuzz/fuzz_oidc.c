/*
 * libFuzzer target for the OpenID Connect parsers (lib/oidc): the input is
 * "DISCOVERY\nJWKS\nJWT". A provider whose fetch hook answers the discovery
 * document and the JWKS from the input is asked to discover, then to verify
 * the token. Any answer is fine but a crash, a leak, or a token that passes
 * without the identity filled in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct parts {
	const char *discovery, *jwks;
};

static int fetch(void *ctx, struct ka_buf *out, const char *url)
{
	const struct parts *p = ctx;

	if (strstr(url, "/.well-known/openid-configuration"))
		return ka_buf_adds(out, p->discovery);
	return ka_buf_adds(out, p->jwks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *nl1, *nl2;
	struct parts parts = {"", ""};
	struct ka_oidc_config cfg = {0};
	struct ka_oidc_identity id;
	struct ka_oidc *op = NULL;
	struct ka_diag d;

	memcpy(text, data, size);
	text[size] = '\0';
	nl1 = strchr(text, '\n');
	nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
	if (!nl1 || !nl2) {
		free(text);
		return 0;
	}
	*nl1 = *nl2 = '\0';
	parts.discovery = text;
	parts.jwks = nl1 + 1;
	cfg.issuer = "https://idp.example";
	cfg.client_id = "kartla";
	cfg.client_secret = "s";
	cfg.admin_group = "admins";
	cfg.fetch = fetch;
	cfg.fetch_ctx = &parts;
	ka_diag_init(&d, NULL);
	if (ka_oidc_new(&op, &cfg, &d))
		abort();
	ka_oidc_discover(op, 1790000000, &d);
	if (!ka_oidc_verify(&id, op, nl2 + 1, "n", 1790000000, &d)) {
		if (!id.key)
			abort();
		ka_oidc_identity_release(&id);
	}
	ka_oidc_free(op);
	free(text);
	return 0;
}
