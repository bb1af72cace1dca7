/*
 * The accounts API: login (rate-limited per login name and per client
 * address, counted in the database so it holds across servers), logout,
 * who am I, changing one's password, personal API tokens, the users admin
 * and the workspace settings (anonymous reading).
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "kartla/banned.h"

/* ---- helpers ---- */

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *int_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? json_integer(v->i) : json_null();
}

#define USER_COLS "id, login, name, is_admin, disabled, version, created_at"

/* A user row (USER_COLS) as JSON. */
static json_t *user_json(const struct ka_rows *rows, size_t r)
{
	return json_pack(
	    "{s:I, s:o, s:o, s:b, s:b, s:o}", "id", (json_int_t)ka_rows_at(rows, r, 0)->i, "login",
	    text_or_null(ka_rows_at(rows, r, 1)), "name", text_or_null(ka_rows_at(rows, r, 2)),
	    "is_admin", ka_rows_at(rows, r, 3)->i != 0, "disabled", ka_rows_at(rows, r, 4)->i != 0,
	    "created_at", int_or_null(ka_rows_at(rows, r, 6)));
}

static int load_user(struct http_req *req, int64_t id, struct ka_rows *rows)
{
	return ka_store_exec(req->st, "SELECT " USER_COLS " FROM users WHERE id = ?",
	                     (struct ka_val[]){ka_int(id)}, 1, rows, &req->diag);
}

static void session_cookie(struct http_resp *resp, const struct http_req *req, const char *value,
                           bool clear)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", SESSION_COOKIE, value,
	         req->secure ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

static int check_password_rules(struct http_resp *resp, const char *field, const char *pw)
{
	size_t n = strlen(pw);

	if (n < SESSION_PASSWORD_MIN)
		return http_fail(resp, KA_ERR_INVALID, field,
		                 "the password must have at least %d characters",
		                 SESSION_PASSWORD_MIN);
	if (n > SESSION_PASSWORD_MAX)
		return http_fail(resp, KA_ERR_INVALID, field,
		                 "the password must have at most %d characters",
		                 SESSION_PASSWORD_MAX);
	return 0;
}

/* Runs `sql` in its own write transaction (retrying when busy). */
static int write1(struct http_req *req, const char *sql, const struct ka_val *params, size_t n,
                  struct ka_rows *out)
{
	int err, attempt;

	for (attempt = 0; attempt < 5; attempt++) {
		err = ka_store_begin(req->st);
		if (!err)
			err = ka_store_exec(req->st, sql, params, n, out, &req->diag);
		if (!err)
			err = ka_store_commit(req->st);
		else
			ka_store_rollback(req->st);
		if (err != KA_ERR_BUSY)
			break;
	}
	return err;
}

/* ---- login and logout ---- */

/*
 * Failed attempts for the login name and for the address within the
 * window; *retry is when the oldest of the counted ones leaves it.
 */
static int limited(struct http_req *req, const char *login, bool *limit, unsigned *retry)
{
	const struct http_config *cfg = &req->srv->cfg;
	int64_t now = session_now(), since = now - cfg->fail_window_s;
	struct ka_rows rows;
	int err;

	*limit = false;
	ka_rows_init(&rows);
	err =
	    ka_store_exec(req->st,
	                  "SELECT (SELECT COUNT(*) FROM login_attempts WHERE login = ? AND ok = 0 "
	                  "AND at > ?), (SELECT MIN(at) FROM login_attempts WHERE login = ? "
	                  "AND ok = 0 AND at > ?), (SELECT COUNT(*) FROM login_attempts "
	                  "WHERE ip = ? AND ok = 0 AND at > ?), (SELECT MIN(at) FROM "
	                  "login_attempts WHERE ip = ? AND ok = 0 AND at > ?)",
	                  (struct ka_val[]){ka_text(login), ka_int(since), ka_text(login),
	                                    ka_int(since), ka_text(req->client_ip), ka_int(since),
	                                    ka_text(req->client_ip), ka_int(since)},
	                  8, &rows, &req->diag);
	if (err)
		goto out;
	if (ka_rows_at(&rows, 0, 0)->i >= (int64_t)cfg->login_fails) {
		*limit = true;
		*retry = (unsigned)(ka_rows_at(&rows, 0, 1)->i + cfg->fail_window_s - now + 1);
	} else if (ka_rows_at(&rows, 0, 2)->i >= (int64_t)cfg->ip_fails) {
		*limit = true;
		*retry = (unsigned)(ka_rows_at(&rows, 0, 3)->i + cfg->fail_window_s - now + 1);
	}
out:
	ka_rows_release(&rows);
	return err;
}

static int record_failure(struct http_req *req, const char *login)
{
	int64_t now = session_now();
	int err = write1(req, "INSERT INTO login_attempts (login, ip, at, ok) VALUES (?, ?, ?, 0)",
	                 (struct ka_val[]){ka_text(login), ka_text(req->client_ip), ka_int(now)}, 3,
	                 NULL);

	/* Old attempts are forgotten now and then (1 in 64 failures). */
	if (!err && randombytes_uniform(64) == 0)
		err = write1(req, "DELETE FROM login_attempts WHERE at < ?",
		             (struct ka_val[]){ka_int(now - 24 * 3600)}, 1, NULL);
	return err;
}

struct login_tx {
	struct http_req *req;
	int64_t user_id;
	const char *login, *token_hash, *csrf, *rehash;
	int64_t session_id;
};

static int login_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct login_tx *t = vctx;
	int64_t now = session_now();
	struct ka_rows rows;
	int err;

	ka_rows_init(&rows);
	err = ka_store_exec(st, "DELETE FROM login_attempts WHERE login = ? AND ok = 0",
	                    (struct ka_val[]){ka_text(t->login)}, 1, NULL, diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, "
		    "expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_int(t->user_id), ka_text(t->token_hash), ka_text(t->csrf),
		                      ka_int(now), ka_int(now + t->req->srv->cfg.session_ttl_s)},
		    5, &rows, diag);
	if (!err && rows.nrows == 1)
		t->session_id = ka_rows_at(&rows, 0, 0)->i;
	if (!err && t->rehash)
		err = ka_store_exec(st, "UPDATE users SET password_hash = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(t->rehash), ka_int(t->user_id)}, 2,
		                    NULL, diag);
	/* Expired sessions are cleared as new ones are made. */
	if (!err)
		err = ka_store_exec(st, "DELETE FROM sessions WHERE expires_at < ?",
		                    (struct ka_val[]){ka_int(now)}, 1, NULL, diag);
	ka_rows_release(&rows);
	return err;
}

static int post_login(struct http_req *req, struct http_resp *resp)
{
	const char *login_in = NULL, *password = NULL;
	const struct http_field fields[] = {
	    {"login", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 256, &login_in, NULL},
	    {"password", HTTP_F_STRING, HTTP_F_REQUIRED, SESSION_PASSWORD_MAX, &password, NULL},
	};
	char login[SESSION_LOGIN_MAX + 1];
	char token[SESSION_TOKEN_MAX], csrf[SESSION_TOKEN_MAX], hash[SESSION_HASH_HEX];
	char rehash[crypto_pwhash_STRBYTES];
	struct ka_rows rows;
	struct login_tx tx;
	bool limit = false, ok, known;
	unsigned retry = 0;
	int err;

	ka_rows_init(&rows);
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	session_login_fold(login, sizeof(login), login_in);
	err = limited(req, login, &limit, &retry);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (limit) {
		resp->retry_after = retry ? retry : 1;
		return http_fail_status(resp, 429, "rate_limited", KA_ERR_PERM, NULL,
		                        "too many failed logins; try again in %u seconds",
		                        resp->retry_after);
	}
	err = ka_store_exec(req->st,
	                    "SELECT id, password_hash, disabled, login, is_admin FROM users "
	                    "WHERE login = ?",
	                    (struct ka_val[]){ka_text(login)}, 1, &rows, &req->diag);
	if (err)
		goto store_fail;
	known = rows.nrows == 1 && ka_rows_at(&rows, 0, 1)->type == KA_VAL_TEXT;
	/* The hash is verified outside any transaction (it takes ~100 ms), and for unknown logins
	 * too. */
	ok = session_verify_password(known ? ka_rows_at(&rows, 0, 1)->s : req->srv->dummy_hash,
	                             password);
	if (!known || !ok || ka_rows_at(&rows, 0, 2)->i) {
		err = record_failure(req, login);
		if (err)
			goto store_fail;
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_AUTH, NULL, "wrong login or password");
	}
	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.user_id = ka_rows_at(&rows, 0, 0)->i;
	tx.login = login;
	if (crypto_pwhash_str_needs_rehash(ka_rows_at(&rows, 0, 1)->s,
	                                   crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 &&
	    !session_hash_password(rehash, sizeof(rehash), password))
		tx.rehash = rehash;
	session_random_token(token, sizeof(token), "");
	session_random_token(csrf, sizeof(csrf), "");
	session_token_hash(hash, token);
	tx.token_hash = hash;
	tx.csrf = csrf;
	err = ka_store_transact(req->st, login_tx_fn, &tx, 5, &req->diag);
	if (err)
		goto store_fail;
	session_cookie(resp, req, token, false);
	http_json(resp, 200,
	          json_pack("{s:{s:I, s:s, s:b}, s:s}", "user", "id", (json_int_t)tx.user_id,
	                    "login", login, "is_admin", ka_rows_at(&rows, 0, 4)->i != 0,
	                    "csrf_token", csrf));
	ka_rows_release(&rows);
	sodium_memzero(token, sizeof(token));
	return 0;
store_fail:
	ka_rows_release(&rows);
	return http_store_fail(resp, err, &req->diag);
}

static int post_logout(struct http_req *req, struct http_resp *resp)
{
	int err;

	if (req->actor.session_id) {
		err = write1(req, "DELETE FROM sessions WHERE id = ?",
		             (struct ka_val[]){ka_int(req->actor.session_id)}, 1, NULL);
		if (err)
			return http_store_fail(resp, err, &req->diag);
	}
	session_cookie(resp, req, "", true);
	resp->status = 204;
	return 0;
}

/* ---- me ---- */

static int get_me(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	json_t *me;
	int err;

	ka_rows_init(&rows);
	err = load_user(req, req->actor.user_id, &rows);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return err ? http_store_fail(resp, err, &req->diag)
		           : http_fail(resp, KA_ERR_AUTH, NULL, "sign in first");
	}
	me = user_json(&rows, 0);
	json_object_set_new(me, "auth", json_string(req->actor.via_token ? "token" : "session"));
	if (req->actor.session_id) {
		struct ka_rows s;

		ka_rows_init(&s);
		err = ka_store_exec(req->st, "SELECT csrf_token FROM sessions WHERE id = ?",
		                    (struct ka_val[]){ka_int(req->actor.session_id)}, 1, &s,
		                    &req->diag);
		if (!err && s.nrows == 1)
			json_object_set_new(me, "csrf_token", text_or_null(ka_rows_at(&s, 0, 0)));
		ka_rows_release(&s);
	}
	http_etag(resp, ka_rows_at(&rows, 0, 5)->i);
	ka_rows_release(&rows);
	http_json(resp, 200, me);
	return err ? http_store_fail(resp, err, &req->diag) : 0;
}

struct password_tx {
	int64_t user_id, keep_session;
	const char *hash;
};

static int password_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct password_tx *t = vctx;
	int err;

	err = ka_store_exec(
	    st, "UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?",
	    (struct ka_val[]){ka_text(t->hash), ka_int(t->user_id)}, 2, NULL, diag);
	/* Other sessions end: a changed password should lock out whoever had the old one. */
	if (!err)
		err = ka_store_exec(st, "DELETE FROM sessions WHERE user_id = ? AND id <> ?",
		                    (struct ka_val[]){ka_int(t->user_id), ka_int(t->keep_session)},
		                    2, NULL, diag);
	return err;
}

static int post_me_password(struct http_req *req, struct http_resp *resp)
{
	const char *current = NULL, *next = NULL;
	const struct http_field fields[] = {
	    {"current_password", HTTP_F_STRING, HTTP_F_REQUIRED, SESSION_PASSWORD_MAX, &current,
	     NULL},
	    {"new_password", HTTP_F_STRING, HTTP_F_REQUIRED, SESSION_PASSWORD_MAX + 1, &next, NULL},
	};
	char hash[crypto_pwhash_STRBYTES];
	struct password_tx tx;
	struct ka_rows rows;
	bool ok;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (!err)
		err = check_password_rules(resp, "new_password", next);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_exec(req->st, "SELECT password_hash FROM users WHERE id = ?",
	                    (struct ka_val[]){ka_int(req->actor.user_id)}, 1, &rows, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	ok = rows.nrows == 1 && ka_rows_at(&rows, 0, 0)->type == KA_VAL_TEXT &&
	     session_verify_password(ka_rows_at(&rows, 0, 0)->s, current);
	ka_rows_release(&rows);
	if (!ok)
		return http_fail(resp, KA_ERR_INVALID, "current_password",
		                 "the current password is wrong");
	if (session_hash_password(hash, sizeof(hash), next))
		return http_fail(resp, KA_ERR_IO, NULL, "could not hash the password");
	tx.user_id = req->actor.user_id;
	tx.keep_session = req->actor.session_id;
	tx.hash = hash;
	err = ka_store_transact(req->st, password_tx_fn, &tx, 5, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	resp->status = 204;
	return 0;
}

/* ---- API tokens ---- */

#define TOKEN_COLS "id, name, prefix, created_at, last_used_at, expires_at"

static json_t *token_json(const struct ka_rows *rows, size_t r)
{
	return json_pack(
	    "{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)ka_rows_at(rows, r, 0)->i, "name",
	    text_or_null(ka_rows_at(rows, r, 1)), "prefix", text_or_null(ka_rows_at(rows, r, 2)),
	    "created_at", int_or_null(ka_rows_at(rows, r, 3)), "last_used_at",
	    int_or_null(ka_rows_at(rows, r, 4)), "expires_at", int_or_null(ka_rows_at(rows, r, 5)));
}

static int get_tokens(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	json_t *items;
	size_t i;
	int err;

	ka_rows_init(&rows);
	err = ka_store_exec(req->st,
	                    "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ? AND "
	                    "revoked_at IS NULL ORDER BY id",
	                    (struct ka_val[]){ka_int(req->actor.user_id)}, 1, &rows, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, token_json(&rows, i));
	ka_rows_release(&rows);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int post_token(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL;
	int64_t days = 0;
	bool has_days = false;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &name, NULL},
	    {"expires_in_days", HTTP_F_INT, HTTP_F_NULLABLE, 0, &days, &has_days},
	};
	char token[SESSION_TOKEN_MAX], hash[SESSION_HASH_HEX], prefix[16];
	struct ka_rows rows;
	int64_t now = session_now();
	json_t *out;
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
	if (has_days && json_is_integer(json_object_get(req->json, "expires_in_days")) &&
	    (days < 1 || days > 3650))
		return http_fail(resp, KA_ERR_INVALID, "expires_in_days",
		                 "expires_in_days must be from 1 to 3650");
	if (!json_is_integer(json_object_get(req->json, "expires_in_days")))
		days = 0;
	session_random_token(token, sizeof(token), TOKEN_PREFIX);
	session_token_hash(hash, token);
	snprintf(prefix, sizeof(prefix), "%.10s", token);
	ka_rows_init(&rows);
	err = write1(req,
	             "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, "
	             "expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING " TOKEN_COLS,
	             (struct ka_val[]){ka_int(req->actor.user_id), ka_text(name), ka_text(hash),
	                               ka_text(prefix), ka_int(now),
	                               days ? ka_int(now + days * 86400) : ka_null()},
	             6, &rows);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err ? err : KA_ERR_DB, &req->diag);
	}
	out = token_json(&rows, 0);
	json_object_set_new(out, "token", json_string(token));
	snprintf(resp->location, sizeof(resp->location), "/api/tokens/%" PRId64,
	         ka_rows_at(&rows, 0, 0)->i);
	ka_rows_release(&rows);
	sodium_memzero(token, sizeof(token));
	http_json(resp, 201, out);
	return 0;
}

static int delete_token(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	ka_rows_init(&rows);
	/* Your own tokens; an admin may revoke anyone's. */
	err = write1(req,
	             "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL "
	             "AND (user_id = ? OR ? = 1)",
	             (struct ka_val[]){ka_int(session_now()), ka_int(id),
	                               ka_int(req->actor.user_id), ka_int(req->actor.is_admin)},
	             4, &rows);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	if (rows.changes != 1) {
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such token %" PRId64, id);
	}
	ka_rows_release(&rows);
	resp->status = 204;
	return 0;
}

/* ---- users (admin) ---- */

static int get_users(struct http_req *req, struct http_resp *resp)
{
	struct http_page pg;
	struct ka_rows rows, count;
	json_t *items;
	size_t i;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	ka_rows_init(&rows);
	ka_rows_init(&count);
	err = ka_store_exec(
	    req->st, "SELECT " USER_COLS " FROM users ORDER BY login LIMIT ? OFFSET ?",
	    (struct ka_val[]){ka_int(pg.limit), ka_int(pg.offset)}, 2, &rows, &req->diag);
	if (!err)
		err = ka_store_exec(req->st, "SELECT COUNT(*) FROM users", NULL, 0, &count,
		                    &req->diag);
	if (err) {
		ka_rows_release(&rows);
		ka_rows_release(&count);
		return http_store_fail(resp, err, &req->diag);
	}
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, user_json(&rows, i));
	http_json(resp, 200, http_page_json(&pg, items, ka_rows_at(&count, 0, 0)->i));
	ka_rows_release(&rows);
	ka_rows_release(&count);
	return 0;
}

static int get_user(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	if (id != req->actor.user_id && !req->actor.is_admin)
		return http_fail(resp, KA_ERR_PERM, NULL, "only administrators see other accounts");
	ka_rows_init(&rows);
	err = load_user(req, id, &rows);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return err ? http_store_fail(resp, err, &req->diag)
		           : http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such user %" PRId64, id);
	}
	http_etag(resp, ka_rows_at(&rows, 0, 5)->i);
	http_json(resp, 200, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

static int post_user(struct http_req *req, struct http_resp *resp)
{
	const char *login_in = NULL, *name = NULL, *password = NULL;
	bool is_admin = false;
	const struct http_field fields[] = {
	    {"login", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, SESSION_LOGIN_MAX,
	     &login_in, NULL},
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &name, NULL},
	    {"password", HTTP_F_STRING, HTTP_F_REQUIRED, SESSION_PASSWORD_MAX + 1, &password, NULL},
	    {"is_admin", HTTP_F_BOOL, 0, 0, &is_admin, NULL},
	};
	char login[SESSION_LOGIN_MAX + 1], hash[crypto_pwhash_STRBYTES];
	struct ka_rows rows;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 4);
	if (err)
		return err;
	session_login_fold(login, sizeof(login), login_in);
	if (!session_login_valid(login))
		return http_fail(resp, KA_ERR_INVALID, "login",
		                 "a login is 1 to %d characters of a-z, 0-9, '.', '_', '-' and '@'",
		                 SESSION_LOGIN_MAX);
	err = check_password_rules(resp, "password", password);
	if (err)
		return err;
	if (session_hash_password(hash, sizeof(hash), password))
		return http_fail(resp, KA_ERR_IO, NULL, "could not hash the password");
	ka_rows_init(&rows);
	err = write1(req,
	             "INSERT INTO users (login, name, password_hash, is_admin, disabled, version, "
	             "created_at) VALUES (?, ?, ?, ?, 0, 1, ?) RETURNING " USER_COLS,
	             (struct ka_val[]){ka_text(login), ka_text(name), ka_text(hash),
	                               ka_int(is_admin), ka_int(session_now())},
	             5, &rows);
	if (err == KA_ERR_CONFLICT) {
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_CONFLICT, "login", "the login '%s' is taken", login);
	}
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err ? err : KA_ERR_DB, &req->diag);
	}
	snprintf(resp->location, sizeof(resp->location), "/api/users/%" PRId64,
	         ka_rows_at(&rows, 0, 0)->i);
	http_etag(resp, ka_rows_at(&rows, 0, 5)->i);
	http_json(resp, 201, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

struct patch_user_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
	const char *name, *hash;
	bool has_admin, is_admin, has_disabled, disabled;
	struct ka_rows *out;
};

static int patch_user_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct patch_user_tx *t = vctx;
	struct ka_rows cur;
	int err;

	ka_rows_init(&cur);
	err = ka_store_exec(st, "SELECT version FROM users WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, &cur, diag);
	if (err)
		goto out;
	if (cur.nrows != 1) {
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such user %" PRId64, t->id);
		goto out;
	}
	err = http_if_match(t->req, t->resp, ka_rows_at(&cur, 0, 0)->i, false);
	if (err)
		goto out;
	err = ka_store_exec(st,
	                    "UPDATE users SET name = COALESCE(?, name), password_hash = "
	                    "COALESCE(?, password_hash), "
	                    "is_admin = COALESCE(?, is_admin), disabled = COALESCE(?, disabled), "
	                    "version = version + 1 WHERE id = ?",
	                    (struct ka_val[]){ka_text(t->name), ka_text(t->hash),
	                                      t->has_admin ? ka_int(t->is_admin) : ka_null(),
	                                      t->has_disabled ? ka_int(t->disabled) : ka_null(),
	                                      ka_int(t->id)},
	                    5, NULL, diag);
	/* A disabled account or a new password ends the account's sessions. */
	if (!err && ((t->has_disabled && t->disabled) || t->hash))
		err = ka_store_exec(st, "DELETE FROM sessions WHERE user_id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = ka_store_exec(st, "SELECT " USER_COLS " FROM users WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, t->out, diag);
out:
	ka_rows_release(&cur);
	return err;
}

static int patch_user(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL, *password = NULL;
	struct patch_user_tx tx;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_NONEMPTY, 200, &name, NULL},
	    {"password", HTTP_F_STRING, 0, SESSION_PASSWORD_MAX + 1, &password, NULL},
	    {"is_admin", HTTP_F_BOOL, 0, 0, &tx.is_admin, &tx.has_admin},
	    {"disabled", HTTP_F_BOOL, 0, 0, &tx.disabled, &tx.has_disabled},
	};
	char hash[crypto_pwhash_STRBYTES];
	struct ka_rows rows;
	int err;

	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.id);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 4);
	if (!err && password)
		err = check_password_rules(resp, "password", password);
	if (err)
		return err;
	if (tx.id == req->actor.user_id &&
	    ((tx.has_disabled && tx.disabled) || (tx.has_admin && !tx.is_admin)))
		return http_fail(resp, KA_ERR_CONFLICT, tx.has_disabled ? "disabled" : "is_admin",
		                 "you cannot disable your own account or take away your own "
		                 "administrator right");
	if (password && session_hash_password(hash, sizeof(hash), password))
		return http_fail(resp, KA_ERR_IO, NULL, "could not hash the password");
	tx.req = req;
	tx.resp = resp;
	tx.name = name;
	tx.hash = password ? hash : NULL;
	tx.out = &rows;
	ka_rows_init(&rows);
	err = ka_store_transact(req->st, patch_user_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	}
	http_etag(resp, ka_rows_at(&rows, 0, 5)->i);
	http_json(resp, 200, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

/* ---- settings ---- */

static int get_settings(struct http_req *req, struct http_resp *resp)
{
	char v[16];
	int err = session_get_setting(req->st, SETTING_ANONYMOUS_READ, v, sizeof(v), &req->diag);

	if (err)
		return http_store_fail(resp, err, &req->diag);
	http_json(resp, 200, json_pack("{s:b}", "anonymous_read", !strcmp(v, "true")));
	return 0;
}

static int patch_settings(struct http_req *req, struct http_resp *resp)
{
	bool anon = false, has_anon = false;
	const struct http_field fields[] = {
	    {"anonymous_read", HTTP_F_BOOL, 0, 0, &anon, &has_anon},
	};
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 1);
	if (err)
		return err;
	if (has_anon) {
		err = write1(req,
		             "INSERT INTO settings (key, value) VALUES (?, ?) "
		             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		             (struct ka_val[]){ka_text(SETTING_ANONYMOUS_READ),
		                               ka_text(anon ? "true" : "false")},
		             2, NULL);
		if (err)
			return http_store_fail(resp, err, &req->diag);
	}
	return get_settings(req, resp);
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
