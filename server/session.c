/*
 * The HTTP side of authentication: which credential a request carries
 * (Authorization: Bearer or the session cookie), the CSRF header compared
 * with the session's token, and the server's throttling and session policy.
 * Every lookup and rule is in lib/auth (session.h, token.h, settings.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "session.h"
#include "kartla/session.h"
#include "kartla/settings.h"
#include "kartla/token.h"
#include "kartla/banned.h"

void session_policy(struct ka_auth_policy *p, const struct http_server *srv)
{
	ka_auth_policy_init(p);
	p->pair_fails = srv->cfg.login_fails;
	p->ip_fails = srv->cfg.ip_fails;
	p->session_ttl_s = srv->cfg.session_ttl_s;
	p->dummy_hash = srv->dummy_hash;
	p->passwords_admins_only = srv->cfg.no_local_passwords;
}

/* The address people reach us at: --public-url, else the listening address. */
void session_public_base(char *out, size_t outsz, const struct http_server *srv)
{
	const char *h = srv->cfg.listen_host ? srv->cfg.listen_host : "127.0.0.1";

	if (srv->cfg.public_url)
		snprintf(out, outsz, "%s", srv->cfg.public_url);
	else
		snprintf(out, outsz, "http://%s%s%s:%u", strchr(h, ':') ? "[" : "", h,
		         strchr(h, ':') ? "]" : "", (unsigned)srv->port);
}

static void set_actor(struct http_actor *a, const struct ka_principal *p)
{
	a->user_id = p->user_id;
	a->is_admin = p->is_admin;
	a->session_id = p->session_id;
	a->token_id = p->token_id;
	a->via_token = p->token_id != 0;
	snprintf(a->name, sizeof(a->name), "%s", p->login);
}

int session_resolve(struct http_req *req, struct http_resp *resp, bool *csrf_ok)
{
	const char *auth = http_header(req, "Authorization");
	const char *cookie = http_cookie(req, SESSION_COOKIE);
	struct ka_auth_policy pol;
	struct ka_principal p;
	int err;

	*csrf_ok = false;
	memset(&req->actor, 0, sizeof(req->actor));
	session_policy(&pol, req->srv);
	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7))
			return http_fail(resp, KA_ERR_AUTH, NULL,
			                 "the Authorization header must be 'Bearer <token>'");
		auth += 7;
		while (*auth == ' ')
			auth++;
		if (strncmp(auth, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) || strlen(auth) > 128)
			return http_fail(resp, KA_ERR_AUTH, NULL,
			                 "the API token is unknown, revoked or expired");
		err = ka_token_resolve(&p, req->st, &pol, auth, &req->diag);
		if (err)
			return http_fail_diag(resp, err, &req->diag);
		set_actor(&req->actor, &p);
		return 0;
	}
	if (cookie && *cookie && strlen(cookie) <= 128) {
		const char *sent = http_header(req, "X-CSRF-Token");

		err = ka_session_resolve(&p, req->st, &pol, cookie, &req->diag);
		if (err)
			return http_fail_diag(resp, err, &req->diag);
		if (!p.user_id)
			return 0; /* an unknown or expired cookie: anonymous */
		set_actor(&req->actor, &p);
		*csrf_ok = sent && p.csrf[0] && strlen(sent) == strlen(p.csrf) &&
		           sodium_memcmp(sent, p.csrf, strlen(p.csrf)) == 0;
		sodium_memzero(p.csrf, sizeof(p.csrf));
	}
	return 0;
}

int session_anonymous_read(struct http_req *req, bool *allowed)
{
	struct ka_settings s;
	int err = ka_settings_get(&s, req->st, &req->diag);

	*allowed = !err && s.anonymous_read;
	return err;
}
