/*
 * The accounts API: login and logout, who am I, changing one's password,
 * personal API tokens, the users admin and the workspace settings. Each
 * handler decodes the request, calls one lib/auth function (which runs the
 * transaction, checks the rules and writes the audit row) and encodes the
 * answer; the session cookie and the 429 answers are the only HTTP here.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "kartla/auth_oidc.h"
#include "kartla/session.h"
#include "kartla/settings.h"
#include "kartla/token.h"
#include "kartla/user.h"
#include "kartla/banned.h"

static void session_cookie(struct http_resp *resp, const struct http_req *req, const char *value,
                           bool clear)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", SESSION_COOKIE, value,
	         req->secure ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

/* A throttled attempt: 429 with Retry-After. */
static int fail_throttled(struct http_resp *resp, unsigned retry)
{
	resp->retry_after = retry ? retry : 1;
	return http_fail_status(resp, 429, "rate_limited", KA_ERR_LIMIT, NULL,
	                        "too many failed attempts; try again in %u seconds",
	                        resp->retry_after);
}

static struct ka_principal principal_of(const struct http_req *req)
{
	struct ka_principal p;

	memset(&p, 0, sizeof(p));
	p.user_id = req->actor.user_id;
	p.is_admin = req->actor.is_admin;
	p.session_id = req->actor.session_id;
	p.token_id = req->actor.token_id;
	snprintf(p.login, sizeof(p.login), "%.64s", req->actor.name);
	return p;
}

/* ---- login and logout ---- */

static int post_login(struct http_req *req, struct http_resp *resp)
{
	struct ka_session_login in = {NULL, NULL, req->client_ip, http_header(req, "User-Agent")};
	const struct http_field fields[] = {
	    {"login", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 256, &in.login, NULL},
	    {"password", HTTP_F_STRING, HTTP_F_REQUIRED, KA_AUTH_PASSWORD_MAX, &in.password, NULL},
	};
	struct ka_auth_policy pol;
	struct ka_session_new s;
	unsigned retry = 0;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	session_policy(&pol, req->srv);
	err = ka_session_login(&s, &retry, req->st, &pol, &in, &req->diag);
	if (err == KA_ERR_LIMIT)
		return fail_throttled(resp, retry);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	session_cookie(resp, req, s.token, false);
	http_json(resp, 200,
	          json_pack("{s:{s:I, s:s, s:b}, s:s}", "user", "id", (json_int_t)s.user_id,
	                    "login", s.login, "is_admin", s.is_admin, "csrf_token", s.csrf));
	sodium_memzero(&s, sizeof(s));
	return 0;
}

/* With a provider offering single logout: 200 {"logout_url"} for the UI to follow; else 204. */
static int post_logout(struct http_req *req, struct http_resp *resp)
{
	struct ka_auth_policy pol;
	char base[600], *url = NULL;
	int err;

	session_policy(&pol, req->srv);
	session_public_base(base, sizeof(base), req->srv);
	snprintf(base + strlen(base), sizeof(base) - strlen(base), "/");
	err = ka_auth_oidc_logout(&url, req->st, req->srv->cfg.oidc, &pol, req->actor.session_id,
	                          base, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	session_cookie(resp, req, "", true);
	if (url)
		http_json(resp, 200, json_pack("{s:s}", "logout_url", url));
	else
		resp->status = 204;
	free(url);
	return 0;
}

/* ---- me ---- */

static int get_me(struct http_req *req, struct http_resp *resp)
{
	struct ka_principal p = principal_of(req);
	json_t *me = NULL;
	int err = ka_session_me(&me, resp->etag, req->st, &p, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, me);
	return 0;
}

static int post_me_password(struct http_req *req, struct http_resp *resp)
{
	const char *current = NULL, *next = NULL;
	const struct http_field fields[] = {
	    {"current_password", HTTP_F_STRING, HTTP_F_REQUIRED, KA_AUTH_PASSWORD_MAX, &current,
	     NULL},
	    {"new_password", HTTP_F_STRING, HTTP_F_REQUIRED, KA_AUTH_PASSWORD_MAX + 1, &next, NULL},
	};
	struct ka_principal p = principal_of(req);
	struct ka_auth_policy pol;
	unsigned retry = 0;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	session_policy(&pol, req->srv);
	err = ka_user_change_password(&retry, req->st, &pol, &p, req->client_ip, current, next,
	                              &req->diag);
	if (err == KA_ERR_LIMIT)
		return fail_throttled(resp, retry);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}

/* ---- API tokens ---- */

static int get_tokens(struct http_req *req, struct http_resp *resp)
{
	json_t *items = NULL;
	int err = ka_token_list(&items, req->st, req->actor.user_id, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int post_token(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL;
	int64_t days = 0, id = 0;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &name, NULL},
	    {"expires_in_days", HTTP_F_INT, HTTP_F_NULLABLE, 0, &days, NULL},
	};
	struct ka_actor actor = http_ka_actor(req);
	struct ka_auth_policy pol;
	json_t *out = NULL;
	int err;

	if (req->actor.via_token)
		return http_fail(
		    resp, KA_ERR_PERM, NULL,
		    "API tokens are created from a signed-in session, not with a token");
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	/* 0 asks for the default lifetime; an explicit 0 is refused like any out of range. */
	if (json_is_integer(json_object_get(req->json, "expires_in_days")) && days == 0)
		days = -1;
	session_policy(&pol, req->srv);
	err = ka_token_create(&out, &id, req->st, &pol, &actor, req->actor.via_token, name, days,
	                      &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->location, sizeof(resp->location), "/api/tokens/%" PRId64, id);
	http_json(resp, 201, out);
	return 0;
}

static int delete_token(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = ka_token_revoke(req->st, &actor, id, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}

/* ---- users (admin) ---- */

static int get_users(struct http_req *req, struct http_resp *resp)
{
	struct http_page pg;
	json_t *items = NULL;
	int64_t total = 0;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	err = ka_user_list(&items, &total, req->st, pg.limit, pg.offset, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

static int get_user(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = ka_user_get(&out, resp->etag, req->st, &actor, id, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

static int post_user(struct http_req *req, struct http_resp *resp)
{
	struct ka_user_new in = {NULL, NULL, NULL, NULL, false};
	const struct http_field fields[] = {
	    {"login", HTTP_F_STRING, HTTP_F_REQUIRED, 256, &in.login, NULL},
	    {"display_name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, KA_AUTH_NAME_MAX,
	     &in.display_name, NULL},
	    {"email", HTTP_F_STRING, HTTP_F_NULLABLE, KA_USER_EMAIL_MAX, &in.email, NULL},
	    {"password", HTTP_F_STRING, HTTP_F_REQUIRED, KA_AUTH_PASSWORD_MAX + 1, &in.password,
	     NULL},
	    {"is_admin", HTTP_F_BOOL, 0, 0, &in.is_admin, NULL},
	};
	struct ka_actor actor = http_ka_actor(req);
	json_t *out = NULL;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 5);
	if (err)
		return err;
	err = ka_user_create(&out, resp->etag, req->st, &actor, &in, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	snprintf(resp->location, sizeof(resp->location), "/api/users/%" PRId64,
	         (int64_t)json_integer_value(json_object_get(out, "id")));
	http_json(resp, 201, out);
	return 0;
}

static int patch_user(struct http_req *req, struct http_resp *resp)
{
	struct ka_user_patch in;
	const struct http_field fields[] = {
	    {"display_name", HTTP_F_STRING, HTTP_F_NONEMPTY, KA_AUTH_NAME_MAX, &in.display_name,
	     NULL},
	    {"email", HTTP_F_STRING, HTTP_F_NULLABLE, KA_USER_EMAIL_MAX, &in.email, &in.has_email},
	    {"password", HTTP_F_STRING, 0, KA_AUTH_PASSWORD_MAX + 1, &in.password, NULL},
	    {"is_admin", HTTP_F_BOOL, 0, 0, &in.is_admin, &in.has_admin},
	    {"disabled", HTTP_F_BOOL, 0, 0, &in.disabled, &in.has_disabled},
	};
	struct ka_actor actor = http_ka_actor(req);
	struct ka_auth_policy pol;
	json_t *out = NULL;
	int64_t id;
	int err;

	memset(&in, 0, sizeof(in));
	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 5);
	if (err)
		return err;
	in.if_match = req->if_match;
	session_policy(&pol, req->srv);
	err = ka_user_update(&out, resp->etag, req->st, &pol, &actor, id, &in, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

/* ---- settings ---- */

static int get_settings(struct http_req *req, struct http_resp *resp)
{
	struct ka_settings s;
	int err = ka_settings_get(&s, req->st, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, ka_settings_to_json(&s, true));
	return 0;
}

static int patch_settings(struct http_req *req, struct http_resp *resp)
{
	struct ka_settings_patch p;
	const struct http_field fields[] = {
	    {"anonymous_read", HTTP_F_BOOL, 0, 0, &p.anonymous_read, &p.has_anonymous_read},
	    {"language", HTTP_F_STRING, HTTP_F_NULLABLE, 2, &p.language, &p.has_language},
	    {"owners_approve_own", HTTP_F_BOOL, 0, 0, &p.owners_approve_own,
	     &p.has_owners_approve_own},
	    {KA_SETTING_REMINDER_DAYS, HTTP_F_INT, 0, 0, &p.reminder_days, &p.has_reminder_days},
	    {KA_SETTING_ANONYMOUS_RISK, HTTP_F_BOOL, 0, 0, &p.anonymous_risk,
	     &p.has_anonymous_risk},
	    {KA_SETTING_RISK_PLAN_RULE, HTTP_F_STRING, 0, 16, &p.risk_plan_rule,
	     &p.has_risk_plan_rule},
	    {KA_SETTING_ORGANISATION, HTTP_F_STRING, HTTP_F_NULLABLE, KA_SETTING_ORGANISATION_MAX,
	     &p.organisation, &p.has_organisation},
	};
	struct ka_actor actor = http_ka_actor(req);
	struct ka_settings s;
	int err;

	memset(&p, 0, sizeof(p));
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (err)
		return err;
	err = ka_settings_update(&s, req->st, &actor, &p, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, ka_settings_to_json(&s, true));
	return 0;
}

const struct http_route api_session_routes[] = {
    {"POST", "/api/login", post_login, HTTP_PUBLIC},
    {"POST", "/api/logout", post_logout, HTTP_SIGNED_IN},
    {"GET", "/api/me", get_me, HTTP_SIGNED_IN},
    {"POST", "/api/me/password", post_me_password, HTTP_SIGNED_IN},
    {"GET", "/api/tokens", get_tokens, HTTP_SIGNED_IN},
    {"POST", "/api/tokens", post_token, HTTP_SIGNED_IN},
    {"DELETE", "/api/tokens/{id}", delete_token, HTTP_SIGNED_IN},
    {"GET", "/api/users", get_users, HTTP_ADMIN},
    {"POST", "/api/users", post_user, HTTP_ADMIN},
    {"GET", "/api/users/{id}", get_user, HTTP_SIGNED_IN},
    {"PATCH", "/api/users/{id}", patch_user, HTTP_ADMIN},
    {"GET", "/api/settings", get_settings, HTTP_READER},
    {"PATCH", "/api/settings", patch_settings, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
