/*
 * Accounts and authentication: argon2id password hashes, random session
 * and API tokens (stored only as BLAKE2b hashes), resolving who a request
 * comes from (Bearer token or session cookie), the CSRF token of a session,
 * the anonymous-reading switch, and the first admin account.
 */
#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "kartla/banned.h"

int session_hash_password(char *out, size_t outsz, const char *password)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return KA_ERR_USAGE;
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return KA_ERR_IO; /* out of memory */
	return 0;
}

bool session_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void session_random_token(char *out, size_t outsz, const char *prefix)
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);

	/* 32 random bytes as unpadded base64url: 43 characters. */
	if (outsz <
	    plen + sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		abort();
	memcpy(out, prefix, plen);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out + plen, outsz - plen, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void session_token_hash(char out[SESSION_HASH_HEX], const char *token)
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SESSION_HASH_HEX, h, sizeof(h));
}

int64_t session_now(void)
{
	return (int64_t)time(NULL);
}

void session_time(char out[SESSION_TIME_LEN], int64_t offset)
{
	time_t t = (time_t)(session_now() + offset);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, SESSION_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Fills the actor from a row: id, login, is_admin. */
static void set_actor(struct http_actor *a, const struct ka_rows *rows)
{
	const struct ka_val *login = ka_rows_at(rows, 0, 1);

	a->user_id = ka_rows_at(rows, 0, 0)->i;
	snprintf(a->name, sizeof(a->name), "%s", login->type == KA_VAL_TEXT ? login->s : "");
	a->is_admin = ka_rows_at(rows, 0, 2)->i != 0;
}

/* Runs one UPDATE in its own short transaction; failures only cost the bookkeeping. */
static void touch(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n)
{
	if (ka_store_begin(st))
		return;
	if (ka_store_exec(st, sql, params, n, NULL, NULL) || ka_store_commit(st))
		ka_store_rollback(st);
}

static int resolve_token(struct http_req *req, struct http_resp *resp, const char *token)
{
	char hash[SESSION_HASH_HEX], now[SESSION_TIME_LEN], minute_ago[SESSION_TIME_LEN];
	const struct ka_val *last;
	struct ka_rows rows;
	int err;

	ka_rows_init(&rows);
	session_time(now, 0);
	session_time(minute_ago, -60);
	session_token_hash(hash, token);
	err = ka_store_exec(req->st,
	                    "SELECT u.id, u.login, u.is_admin, t.id, t.last_used_at "
	                    "FROM api_tokens t JOIN users u ON u.id = t.user_id "
	                    "WHERE t.token_hash = ? AND t.revoked_at IS NULL "
	                    "AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0",
	                    (struct ka_val[]){ka_text(hash), ka_text(now)}, 2, &rows, &req->diag);
	if (err)
		goto out;
	if (rows.nrows != 1) {
		err = http_fail(resp, KA_ERR_AUTH, NULL,
		                "the API token is unknown, revoked or expired");
		goto out;
	}
	set_actor(&req->actor, &rows);
	req->actor.via_token = true;
	req->actor.token_id = ka_rows_at(&rows, 0, 3)->i;
	/* Last use is recorded to the minute, so reads do not all become writes. */
	last = ka_rows_at(&rows, 0, 4);
	if (last->type != KA_VAL_TEXT || strcmp(last->s, minute_ago) < 0)
		touch(req->st, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
		      (struct ka_val[]){ka_text(now), ka_int(req->actor.token_id)}, 2);
out:
	ka_rows_release(&rows);
	return err;
}

static int resolve_cookie(struct http_req *req, const char *token, bool *csrf_ok)
{
	char hash[SESSION_HASH_HEX], now[SESSION_TIME_LEN], renew[SESSION_TIME_LEN];
	int64_t ttl = req->srv->cfg.session_ttl_s;
	const char *sent = http_header(req, "X-CSRF-Token");
	const struct ka_val *csrf, *expires;
	struct ka_rows rows;
	int err;

	ka_rows_init(&rows);
	session_time(now, 0);
	session_time(renew, ttl - 3600);
	session_token_hash(hash, token);
	err = ka_store_exec(req->st,
	                    "SELECT u.id, u.login, u.is_admin, s.id, s.csrf_token, s.expires_at "
	                    "FROM sessions s JOIN users u ON u.id = s.user_id "
	                    "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
	                    (struct ka_val[]){ka_text(hash), ka_text(now)}, 2, &rows, &req->diag);
	if (err || rows.nrows != 1)
		goto out; /* an unknown or expired cookie: anonymous */
	set_actor(&req->actor, &rows);
	req->actor.session_id = ka_rows_at(&rows, 0, 3)->i;
	csrf = ka_rows_at(&rows, 0, 4);
	*csrf_ok = sent && csrf->type == KA_VAL_TEXT && strlen(sent) == csrf->len &&
	           sodium_memcmp(sent, csrf->s, csrf->len) == 0;
	/* Sliding expiry, renewed at most once an hour. */
	expires = ka_rows_at(&rows, 0, 5);
	if (expires->type == KA_VAL_TEXT && strcmp(expires->s, renew) < 0) {
		char until[SESSION_TIME_LEN];

		session_time(until, ttl);
		touch(
		    req->st, "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?",
		    (struct ka_val[]){ka_text(until), ka_text(now), ka_int(req->actor.session_id)},
		    3);
	}
out:
	ka_rows_release(&rows);
	return err;
}

int session_resolve(struct http_req *req, struct http_resp *resp, bool *csrf_ok)
{
	const char *auth = http_header(req, "Authorization");
	const char *cookie = http_cookie(req, SESSION_COOKIE);

	*csrf_ok = false;
	memset(&req->actor, 0, sizeof(req->actor));
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
		return resolve_token(req, resp, auth);
	}
	if (cookie && *cookie && strlen(cookie) <= 128) {
		int err = resolve_cookie(req, cookie, csrf_ok);

		if (err)
			return http_store_fail(resp, err, &req->diag);
	}
	return 0;
}

int session_get_setting(struct ka_store *st, const char *key, char *out, size_t outsz,
                        struct ka_diag *diag)
{
	struct ka_rows rows;
	int err;

	out[0] = '\0';
	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT value FROM settings WHERE key = ?",
	                    (struct ka_val[]){ka_text(key)}, 1, &rows, diag);
	if (!err && rows.nrows == 1 && ka_rows_at(&rows, 0, 0)->type == KA_VAL_TEXT)
		snprintf(out, outsz, "%s", ka_rows_at(&rows, 0, 0)->s);
	ka_rows_release(&rows);
	return err;
}

/*
 * The workspace settings as JSON: anonymous_read, and language (the default
 * UI language, or null when the UI follows each browser). NULL on a store
 * failure (diag says why).
 */
json_t *session_settings_json(struct ka_store *st, struct ka_diag *diag)
{
	char anon[16], lang[8];

	if (session_get_setting(st, SETTING_ANONYMOUS_READ, anon, sizeof(anon), diag) ||
	    session_get_setting(st, SETTING_LANGUAGE, lang, sizeof(lang), diag))
		return NULL;
	return json_pack("{s:b, s:o}", "anonymous_read", !strcmp(anon, "true"), "language",
	                 lang[0] ? json_string(lang) : json_null());
}

int session_anonymous_read(struct http_req *req, bool *allowed)
{
	char v[16];
	int err = session_get_setting(req->st, SETTING_ANONYMOUS_READ, v, sizeof(v), &req->diag);

	*allowed = !err && !strcmp(v, "true");
	return err;
}

bool session_login_valid(const char *login)
{
	size_t n = strlen(login), i;

	if (n < 1 || n > SESSION_LOGIN_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];

		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-' || c == '@'))
			return false;
	}
	return true;
}

void session_login_fold(char *out, size_t outsz, const char *login)
{
	size_t i;

	for (i = 0; login[i] && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)login[i]);
	out[i] = '\0';
}

struct bootstrap_ctx {
	const char *login, *hash;
	bool created;
};

static int bootstrap_tx(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct bootstrap_ctx *ctx = vctx;
	struct ka_rows rows;
	int err;

	ctx->created = false;
	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT COUNT(*) FROM users", NULL, 0, &rows, diag);
	if (err || ka_rows_at(&rows, 0, 0)->i > 0)
		goto out;
	err = ka_store_exec(
	    st,
	    "INSERT INTO users (login, display_name, password_hash, is_admin) "
	    "VALUES (?, ?, ?, 1)",
	    (struct ka_val[]){ka_text(ctx->login), ka_text("Administrator"), ka_text(ctx->hash)}, 3,
	    NULL, diag);
	ctx->created = !err;
out:
	ka_rows_release(&rows);
	return err;
}

int session_bootstrap_admin(struct ka_store *st, const char *login, const char *password,
                            char *pw_out, size_t pw_outsz, bool *created, struct ka_diag *diag)
{
	char hash[crypto_pwhash_STRBYTES];
	char random_pw[64];
	struct bootstrap_ctx ctx;
	int err;

	*created = false;
	if (!password) {
		unsigned char raw[12];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(random_pw, sizeof(random_pw), raw, sizeof(raw),
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		password = random_pw;
	}
	err = session_hash_password(hash, sizeof(hash), password);
	if (err)
		return ka_diag_set(diag, err, 0, 0, NULL, "could not hash the password");
	ctx.login = login;
	ctx.hash = hash;
	ctx.created = false;
	err = ka_store_transact(st, bootstrap_tx, &ctx, 5, diag);
	if (err == KA_ERR_CONFLICT) /* another server made it at the same moment */
		return 0;
	if (err)
		return err;
	*created = ctx.created;
	if (ctx.created)
		snprintf(pw_out, pw_outsz, "%s", password);
	sodium_memzero(random_pw, sizeof(random_pw));
	return 0;
}
