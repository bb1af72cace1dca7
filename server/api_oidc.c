/*
 * Sign-in through the organisation's OpenID Connect provider (lib/auth,
 * auth_oidc.h): GET /api/auth/oidc/login sends the browser to the provider
 * with a cookie binding the sign-in to this browser; GET
 * /api/auth/oidc/callback finishes it and sends the browser to the UI, signed
 * in, or to the sign-in screen with ?oidc_error=CODE (the UI says what
 * happened in its language). The redirect URI is
 * <public_url>/api/auth/oidc/callback.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "kartla/auth_oidc.h"
#include "kartla/banned.h"

#define OIDC_COOKIE "kartla_oidc"

static void redirect_uri(char *out, size_t outsz, const struct http_server *srv)
{
	char base[600];

	session_public_base(base, sizeof(base), srv);
	snprintf(out, outsz, "%s/api/auth/oidc/callback", base);
}

static int not_configured(struct http_resp *resp)
{
	return http_fail(resp, KA_ERR_NOT_FOUND, NULL,
	                 "sign-in with OpenID Connect is not configured on this server");
}

/* 302 to the UI's sign-in screen with the failure's code. */
static int to_login_screen(struct http_req *req, struct http_resp *resp, const char *code)
{
	char base[600];

	session_public_base(base, sizeof(base), req->srv);
	fprintf(stderr, "kartla: serve: OpenID Connect sign-in failed (%s): %s\n", code,
	        req->diag.message);
	snprintf(resp->location, sizeof(resp->location), "%s/#/login?oidc_error=%s", base, code);
	resp->status = 302;
	return 0;
}

static int get_login(struct http_req *req, struct http_resp *resp)
{
	char uri[700], state[KA_OIDC_SECRET_LEN];
	struct ka_auth_policy pol;
	char *url = NULL;
	int err;

	if (!req->srv->cfg.oidc)
		return not_configured(resp);
	session_policy(&pol, req->srv);
	redirect_uri(uri, sizeof(uri), req->srv);
	err = ka_auth_oidc_begin(&url, state, req->st, req->srv->cfg.oidc, &pol, uri, &req->diag);
	if (err == KA_ERR_IO || err == KA_ERR_AUTH)
		return to_login_screen(req, resp,
		                       req->diag.element_id[0] ? req->diag.element_id
		                                               : KA_OIDC_E_UNAVAILABLE);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	if (strlen(url) >= sizeof(resp->location)) {
		free(url);
		return http_fail(resp, KA_ERR_LIMIT, NULL,
		                 "the provider's sign-in URL is too long");
	}
	snprintf(resp->location, sizeof(resp->location), "%s", url);
	free(url);
	/* Lax: the cookie comes back with the provider's top-level redirect to the callback. */
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=%d%s", OIDC_COOKIE,
	         state, KA_AUTH_OIDC_STATE_TTL, req->secure ? "; Secure" : "");
	sodium_memzero(state, sizeof(state));
	resp->status = 302;
	return 0;
}

static int get_callback(struct http_req *req, struct http_resp *resp)
{
	char uri[700], base[600];
	struct ka_auth_oidc_return in = {
	    http_query(req, "code"),
	    http_query(req, "state"),
	    http_query(req, "error"),
	    http_cookie(req, OIDC_COOKIE),
	    uri,
	    req->client_ip,
	    http_header(req, "User-Agent"),
	};
	struct ka_auth_policy pol;
	struct ka_session_new s;
	int err;

	if (!req->srv->cfg.oidc)
		return not_configured(resp);
	session_policy(&pol, req->srv);
	redirect_uri(uri, sizeof(uri), req->srv);
	err = ka_auth_oidc_finish(&s, req->st, req->srv->cfg.oidc, &pol, &in, &req->diag);
	if (err == KA_ERR_IO || err == KA_ERR_AUTH)
		return to_login_screen(req, resp,
		                       req->diag.element_id[0] ? req->diag.element_id
		                                               : KA_OIDC_E_UNAVAILABLE);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", SESSION_COOKIE, s.token,
	         req->secure ? "; Secure" : "");
	sodium_memzero(&s, sizeof(s));
	session_public_base(base, sizeof(base), req->srv);
	snprintf(resp->location, sizeof(resp->location), "%s/#/?oidc=signed-in", base);
	resp->status = 302;
	return 0;
}

const struct http_route api_oidc_routes[] = {
    {"GET", "/api/auth/oidc/login", get_login, HTTP_PUBLIC},
    {"GET", "/api/auth/oidc/callback", get_callback, HTTP_PUBLIC},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
