/*
 * The accounts API: login (rate-limited per login name and per client
 * address, counted in the database so it holds across servers), logout,
 * who am I, changing one's password, personal API tokens, the users admin
 * and the workspace settings (anonymous reading). Every write is one
 * transaction with its audit_log entry.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "kartla/banned.h"

/* ---- helpers ---- */

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

/* The last column is only for the ETag (a password change changes it). */
#define USER_COLS                                                                                  \
	"id, login, display_name, email, is_admin, disabled, created_at, updated_at, "             \
	"password_hash"

/* A user row (USER_COLS) as JSON, without the password hash. */
static json_t *user_json(const struct ka_rows *rows, size_t r)
{
	return json_pack(
	    "{s:I, s:o, s:o, s:o, s:b, s:b, s:o, s:o}", "id", (json_int_t)ka_rows_at(rows, r, 0)->i,
	    "login", text_or_null(ka_rows_at(rows, r, 1)), "display_name",
	    text_or_null(ka_rows_at(rows, r, 2)), "email", text_or_null(ka_rows_at(rows, r, 3)),
	    "is_admin", ka_rows_at(rows, r, 4)->i != 0, "disabled", ka_rows_at(rows, r, 5)->i != 0,
	    "created_at", text_or_null(ka_rows_at(rows, r, 6)), "updated_at",
	    text_or_null(ka_rows_at(rows, r, 7)));
}

static int load_user(struct ka_store *st, int64_t id, struct ka_rows *rows, struct ka_diag *diag)
{
	return ka_store_exec(st, "SELECT " USER_COLS " FROM users WHERE id = ?",
	                     (struct ka_val[]){ka_int(id)}, 1, rows, diag);
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

/* Seconds from now until the timestamp `ts` + `window` (at least 1). */
static unsigned seconds_until(const struct ka_val *ts, int64_t window)
{
	struct tm tm;
	int64_t left;

	memset(&tm, 0, sizeof(tm));
	if (ts->type != KA_VAL_TEXT || !strptime(ts->s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return (unsigned)window;
	left = (int64_t)timegm(&tm) + window - session_now();
	return left < 1 ? 1u : (unsigned)left;
}

/* ---- login and logout ---- */

/*
 * Failed attempts within the window: for the login name since its last
 * success, and for the client address (not reset by a success, or one
 * valid account would reset the count for guessing others).
 */
static int limited(struct http_req *req, const char *login, bool *limit, unsigned *retry)
{
	const struct http_config *cfg = &req->srv->cfg;
	char since[SESSION_TIME_LEN];
	struct ka_rows rows;
	int err;

	*limit = false;
	session_time(since, -(int64_t)cfg->fail_window_s);
	ka_rows_init(&rows);
	err =
	    ka_store_exec(req->st,
	                  "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE login = ? AND "
	                  "success = 0 AND at > ? AND id > COALESCE((SELECT MAX(id) FROM "
	                  "login_attempts WHERE login = ? AND success = 1), 0) "
	                  "UNION ALL SELECT COUNT(*), MIN(at) FROM login_attempts WHERE ip = ? AND "
	                  "success = 0 AND at > ?",
	                  (struct ka_val[]){ka_text(login), ka_text(since), ka_text(login),
	                                    ka_text(req->client_ip), ka_text(since)},
	                  5, &rows, &req->diag);
	if (err)
		goto out;
	if (rows.nrows != 2) {
		err = KA_ERR_DB;
	} else if (ka_rows_at(&rows, 0, 0)->i >= (int64_t)cfg->login_fails) {
		*limit = true;
		*retry = seconds_until(ka_rows_at(&rows, 0, 1), cfg->fail_window_s);
	} else if (ka_rows_at(&rows, 1, 0)->i >= (int64_t)cfg->ip_fails) {
		*limit = true;
		*retry = seconds_until(ka_rows_at(&rows, 1, 1), cfg->fail_window_s);
	}
out:
	ka_rows_release(&rows);
	return err;
}

struct failure_tx {
	const char *login, *ip;
};

static int failure_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct failure_tx *t = vctx;
	char now[SESSION_TIME_LEN], old[SESSION_TIME_LEN];
	int err;

	session_time(now, 0);
	session_time(old, -24 * 3600);
	err = ka_store_exec(st,
	                    "INSERT INTO login_attempts (login, ip, at, success) "
	                    "VALUES (?, ?, ?, 0)",
	                    (struct ka_val[]){ka_text(t->login), ka_text(t->ip), ka_text(now)}, 3,
	                    NULL, diag);
	/* Attempts older than a day are forgotten now and then (1 failure in 64). */
	if (!err && randombytes_uniform(64) == 0)
		err = ka_store_exec(st, "DELETE FROM login_attempts WHERE at < ?",
		                    (struct ka_val[]){ka_text(old)}, 1, NULL, diag);
	return err;
}

struct login_tx {
	const struct http_req *req;
	int64_t user_id;
	const char *login, *token_hash, *csrf, *rehash;
};

static int login_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct login_tx *t = vctx;
	const char *ua = http_header(t->req, "User-Agent");
	char now[SESSION_TIME_LEN], until[SESSION_TIME_LEN], agent[256];
	int err;

	session_time(now, 0);
	session_time(until, t->req->srv->cfg.session_ttl_s);
	snprintf(agent, sizeof(agent), "%s", ua ? ua : "");
	/* The success ends the login's run of failures (limited() counts after it). */
	err = ka_store_exec(
	    st,
	    "INSERT INTO login_attempts (login, ip, at, success) "
	    "VALUES (?, ?, ?, 1)",
	    (struct ka_val[]){ka_text(t->login), ka_text(t->req->client_ip), ka_text(now)}, 3, NULL,
	    diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, "
		    "expires_at, last_seen_at, ip, user_agent) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(t->user_id), ka_text(t->token_hash), ka_text(t->csrf),
		                      ka_text(now), ka_text(until), ka_text(now),
		                      ka_text(t->req->client_ip), ka_text(agent)},
		    8, NULL, diag);
	if (!err && t->rehash)
		err = ka_store_exec(st, "UPDATE users SET password_hash = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(t->rehash), ka_int(t->user_id)}, 2,
		                    NULL, diag);
	/* Expired sessions are cleared as new ones are made. */
	if (!err)
		err = ka_store_exec(st, "DELETE FROM sessions WHERE expires_at < ?",
		                    (struct ka_val[]){ka_text(now)}, 1, NULL, diag);
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
	struct failure_tx ftx;
	struct ka_rows rows;
	struct login_tx tx;
	bool limit = false, ok, known;
	unsigned retry = 0;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	/* Over-long names are folded to their first 64 characters: they match no account. */
	session_login_fold(login, sizeof(login), login_in);
	err = limited(req, login, &limit, &retry);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (limit) {
		resp->retry_after = retry;
		return http_fail_status(resp, 429, "rate_limited", KA_ERR_PERM, NULL,
		                        "too many failed logins; try again in %u seconds", retry);
	}
	ka_rows_init(&rows);
	err = ka_store_exec(
	    req->st, "SELECT id, password_hash, disabled, is_admin FROM users WHERE login = ?",
	    (struct ka_val[]){ka_text(login)}, 1, &rows, &req->diag);
	if (err)
		goto store_fail;
	known = rows.nrows == 1 && ka_rows_at(&rows, 0, 1)->type == KA_VAL_TEXT;
	/* Verified outside any transaction (~100 ms), and for unknown logins too (same timing). */
	ok = session_verify_password(known ? ka_rows_at(&rows, 0, 1)->s : req->srv->dummy_hash,
	                             password);
	if (!known || !ok || ka_rows_at(&rows, 0, 2)->i) {
		ftx.login = login;
		ftx.ip = req->client_ip;
		err = ka_store_transact(req->st, failure_tx_fn, &ftx, 5, &req->diag);
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
	                    "login", login, "is_admin", ka_rows_at(&rows, 0, 3)->i != 0,
	                    "csrf_token", csrf));
	ka_rows_release(&rows);
	sodium_memzero(token, sizeof(token));
	return 0;
store_fail:
	ka_rows_release(&rows);
	return http_store_fail(resp, err, &req->diag);
}

struct id_tx {
	const char *sql;
	int64_t id;
};

static int delete_by_id_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct id_tx *t = vctx;

	return ka_store_exec(st, t->sql, (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
}

static int post_logout(struct http_req *req, struct http_resp *resp)
{
	struct id_tx tx = {"DELETE FROM sessions WHERE id = ?", req->actor.session_id};
	int err;

	if (req->actor.session_id) {
		err = ka_store_transact(req->st, delete_by_id_fn, &tx, 5, &req->diag);
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
	char etag[32];
	json_t *me;
	int err;

	ka_rows_init(&rows);
	err = load_user(req->st, req->actor.user_id, &rows, &req->diag);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return err ? http_store_fail(resp, err, &req->diag)
		           : http_fail(resp, KA_ERR_AUTH, NULL, "sign in first");
	}
	me = user_json(&rows, 0);
	http_etag_row(etag, &rows, 0);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	json_object_set_new(me, "auth", json_string(req->actor.via_token ? "token" : "session"));
	if (req->actor.session_id) {
		err = ka_store_exec(req->st, "SELECT csrf_token FROM sessions WHERE id = ?",
		                    (struct ka_val[]){ka_int(req->actor.session_id)}, 1, &rows,
		                    &req->diag);
		if (!err && rows.nrows == 1)
			json_object_set_new(me, "csrf_token",
			                    text_or_null(ka_rows_at(&rows, 0, 0)));
	}
	ka_rows_release(&rows);
	http_json(resp, 200, me);
	return err ? http_store_fail(resp, err, &req->diag) : 0;
}

struct password_tx {
	const struct http_actor *actor;
	const char *hash;
};

static int password_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct password_tx *t = vctx;
	char now[SESSION_TIME_LEN];
	int err;

	session_time(now, 0);
	err = ka_store_exec(
	    st, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
	    (struct ka_val[]){ka_text(t->hash), ka_text(now), ka_int(t->actor->user_id)}, 3, NULL,
	    diag);
	/* Other sessions end: a changed password locks out whoever had the old one. */
	if (!err)
		err = ka_store_exec(
		    st, "DELETE FROM sessions WHERE user_id = ? AND id <> ?",
		    (struct ka_val[]){ka_int(t->actor->user_id), ka_int(t->actor->session_id)}, 2,
		    NULL, diag);
	if (!err)
		err = http_audit(st, t->actor, "change_password", "user", t->actor->user_id, NULL,
		                 NULL, diag);
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
	tx.actor = &req->actor;
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
	    "created_at", text_or_null(ka_rows_at(rows, r, 3)), "last_used_at",
	    text_or_null(ka_rows_at(rows, r, 4)), "expires_at",
	    text_or_null(ka_rows_at(rows, r, 5)));
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

struct token_tx {
	const struct http_actor *actor;
	const char *name, *hash, *prefix;
	int64_t days;
	struct ka_rows *out;
};

static int token_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct token_tx *t = vctx;
	char now[SESSION_TIME_LEN], until[SESSION_TIME_LEN];
	json_t *after;
	int err;

	session_time(now, 0);
	session_time(until, t->days * 86400);
	err = ka_store_exec(
	    st,
	    "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, "
	    "expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING " TOKEN_COLS,
	    (struct ka_val[]){ka_int(t->actor->user_id), ka_text(t->name), ka_text(t->hash),
	                      ka_text(t->prefix), ka_text(now), ka_text(t->days ? until : NULL)},
	    6, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return KA_ERR_DB;
	after = token_json(t->out, 0);
	err = http_audit(st, t->actor, "create", "api_token", ka_rows_at(t->out, 0, 0)->i, NULL,
	                 after, diag);
	json_decref(after);
	return err;
}

static int post_token(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL;
	int64_t days = 0;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &name, NULL},
	    {"expires_in_days", HTTP_F_INT, HTTP_F_NULLABLE, 0, &days, NULL},
	};
	char token[SESSION_TOKEN_MAX], hash[SESSION_HASH_HEX], prefix[16];
	struct token_tx tx;
	struct ka_rows rows;
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
	if (json_is_integer(json_object_get(req->json, "expires_in_days")) &&
	    (days < 1 || days > 3650))
		return http_fail(resp, KA_ERR_INVALID, "expires_in_days",
		                 "expires_in_days must be from 1 to 3650 (or null: never)");
	session_random_token(token, sizeof(token), TOKEN_PREFIX);
	session_token_hash(hash, token);
	snprintf(prefix, sizeof(prefix), "%.10s", token);
	ka_rows_init(&rows);
	tx.actor = &req->actor;
	tx.name = name;
	tx.hash = hash;
	tx.prefix = prefix;
	tx.days = days;
	tx.out = &rows;
	err = ka_store_transact(req->st, token_tx_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
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

struct revoke_tx {
	const struct http_actor *actor;
	int64_t id;
	bool found;
};

static int revoke_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct revoke_tx *t = vctx;
	char now[SESSION_TIME_LEN];
	struct ka_rows rows;
	int err;

	session_time(now, 0);
	ka_rows_init(&rows);
	/* Your own tokens; an admin may revoke anyone's. */
	err = ka_store_exec(
	    st,
	    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL "
	    "AND (user_id = ? OR ? = 1)",
	    (struct ka_val[]){ka_text(now), ka_int(t->id), ka_int(t->actor->user_id),
	                      ka_int(t->actor->is_admin)},
	    4, &rows, diag);
	t->found = !err && rows.changes == 1;
	ka_rows_release(&rows);
	if (!err && t->found)
		err = http_audit(st, t->actor, "revoke", "api_token", t->id, NULL, NULL, diag);
	return err;
}

static int delete_token(struct http_req *req, struct http_resp *resp)
{
	struct revoke_tx tx = {&req->actor, 0, false};
	int err;

	err = http_param_id(req, resp, 0, &tx.id);
	if (err)
		return err;
	err = ka_store_transact(req->st, revoke_tx_fn, &tx, 5, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (!tx.found)
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such token %" PRId64, tx.id);
	resp->status = 204;
	return 0;
}

/* ---- users (admin) ---- */

static int get_users(struct http_req *req, struct http_resp *resp)
{
	struct http_page pg;
	struct ka_rows rows;
	json_t *items;
	int64_t total;
	size_t i;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_begin_read(req->st);
	if (!err)
		err = ka_store_exec(req->st, "SELECT COUNT(*) FROM users", NULL, 0, &rows,
		                    &req->diag);
	if (err)
		goto fail;
	total = ka_rows_at(&rows, 0, 0)->i;
	err = ka_store_exec(
	    req->st, "SELECT " USER_COLS " FROM users ORDER BY login LIMIT ? OFFSET ?",
	    (struct ka_val[]){ka_int(pg.limit), ka_int(pg.offset)}, 2, &rows, &req->diag);
	if (!err)
		err = ka_store_commit(req->st);
	if (err)
		goto fail;
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, user_json(&rows, i));
	http_json(resp, 200, http_page_json(&pg, items, total));
	ka_rows_release(&rows);
	return 0;
fail:
	if (ka_store_in_tx(req->st))
		ka_store_rollback(req->st);
	ka_rows_release(&rows);
	return http_store_fail(resp, err, &req->diag);
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
	err = load_user(req->st, id, &rows, &req->diag);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return err ? http_store_fail(resp, err, &req->diag)
		           : http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such user %" PRId64, id);
	}
	http_etag_row(resp->etag, &rows, 0);
	http_json(resp, 200, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

struct user_tx {
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
	const char *login, *name, *email, *hash;
	bool has_email, has_admin, is_admin, has_disabled, disabled;
	struct ka_rows *out;
};

static int create_user_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct user_tx *t = vctx;
	json_t *after;
	int err;

	err =
	    ka_store_exec(st,
	                  "INSERT INTO users (login, display_name, email, password_hash, is_admin) "
	                  "VALUES (?, ?, ?, ?, ?) RETURNING " USER_COLS,
	                  (struct ka_val[]){ka_text(t->login), ka_text(t->name), ka_text(t->email),
	                                    ka_text(t->hash), ka_int(t->is_admin)},
	                  5, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return KA_ERR_DB;
	after = user_json(t->out, 0);
	err = http_audit(st, &t->req->actor, "create", "user", ka_rows_at(t->out, 0, 0)->i, NULL,
	                 after, diag);
	json_decref(after);
	return err;
}

static int post_user(struct http_req *req, struct http_resp *resp)
{
	const char *login_in = NULL, *password = NULL;
	struct user_tx tx;
	const struct http_field fields[] = {
	    {"login", HTTP_F_STRING, HTTP_F_REQUIRED, 256, &login_in, NULL},
	    {"display_name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, &tx.name, NULL},
	    {"email", HTTP_F_STRING, HTTP_F_NULLABLE, 254, &tx.email, NULL},
	    {"password", HTTP_F_STRING, HTTP_F_REQUIRED, SESSION_PASSWORD_MAX + 1, &password, NULL},
	    {"is_admin", HTTP_F_BOOL, 0, 0, &tx.is_admin, NULL},
	};
	char login[SESSION_LOGIN_MAX + 2], hash[crypto_pwhash_STRBYTES];
	struct ka_rows rows;
	int err;

	memset(&tx, 0, sizeof(tx));
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 5);
	if (err)
		return err;
	session_login_fold(login, sizeof(login), login_in);
	if (strlen(login_in) > SESSION_LOGIN_MAX || !session_login_valid(login))
		return http_fail(resp, KA_ERR_INVALID, "login",
		                 "a login is 1 to %d characters of a-z, 0-9, '.', '_', '-' and '@'",
		                 SESSION_LOGIN_MAX);
	err = check_password_rules(resp, "password", password);
	if (err)
		return err;
	if (session_hash_password(hash, sizeof(hash), password))
		return http_fail(resp, KA_ERR_IO, NULL, "could not hash the password");
	ka_rows_init(&rows);
	tx.req = req;
	tx.resp = resp;
	tx.login = login;
	tx.hash = hash;
	tx.out = &rows;
	err = ka_store_transact(req->st, create_user_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		if (err == KA_ERR_CONFLICT)
			return http_fail(resp, err, "login", "the login '%s' is taken", login);
		return http_store_fail(resp, err, &req->diag);
	}
	snprintf(resp->location, sizeof(resp->location), "/api/users/%" PRId64,
	         ka_rows_at(&rows, 0, 0)->i);
	http_etag_row(resp->etag, &rows, 0);
	http_json(resp, 201, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

static int patch_user_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct user_tx *t = vctx;
	char etag[32], now[SESSION_TIME_LEN];
	json_t *before = NULL, *after;
	int err;

	err = load_user(st, t->id, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such user %" PRId64, t->id);
	http_etag_row(etag, t->out, 0);
	err = http_if_match_tag(t->req, t->resp, etag, false);
	if (err)
		return err;
	before = user_json(t->out, 0);
	session_time(now, 0);
	err = ka_store_exec(
	    st,
	    "UPDATE users SET display_name = COALESCE(?, display_name), "
	    "email = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE email END, "
	    "password_hash = COALESCE(?, password_hash), is_admin = COALESCE(?, is_admin), "
	    "disabled = COALESCE(?, disabled), updated_at = ? WHERE id = ?",
	    (struct ka_val[]){ka_text(t->name), ka_int(t->has_email), ka_text(t->email),
	                      ka_text(t->hash), t->has_admin ? ka_int(t->is_admin) : ka_null(),
	                      t->has_disabled ? ka_int(t->disabled) : ka_null(), ka_text(now),
	                      ka_int(t->id)},
	    8, NULL, diag);
	/* A disabled account or a new password ends the account's sessions. */
	if (!err && ((t->has_disabled && t->disabled) || t->hash))
		err = ka_store_exec(st, "DELETE FROM sessions WHERE user_id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = load_user(st, t->id, t->out, diag);
	if (!err) {
		after = user_json(t->out, 0);
		err = http_audit(st, &t->req->actor, "update", "user", t->id, before, after, diag);
		json_decref(after);
	}
	json_decref(before);
	return err;
}

static int patch_user(struct http_req *req, struct http_resp *resp)
{
	const char *password = NULL;
	struct user_tx tx;
	const struct http_field fields[] = {
	    {"display_name", HTTP_F_STRING, HTTP_F_NONEMPTY, 200, &tx.name, NULL},
	    {"email", HTTP_F_STRING, HTTP_F_NULLABLE, 254, &tx.email, &tx.has_email},
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
		err = http_decode(resp, req->json, fields, 5);
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
	tx.hash = password ? hash : NULL;
	tx.out = &rows;
	ka_rows_init(&rows);
	err = ka_store_transact(req->st, patch_user_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
	}
	http_etag_row(resp->etag, &rows, 0);
	http_json(resp, 200, user_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

/* ---- settings ---- */

static int get_settings(struct http_req *req, struct http_resp *resp)
{
	json_t *j = session_settings_json(req->st, &req->diag);

	if (!j)
		return http_store_fail(resp, KA_ERR_DB, &req->diag);
	http_json(resp, 200, j);
	return 0;
}

struct settings_tx {
	const struct http_actor *actor;
	bool anon, has_anon, has_lang;
	const char *lang; /* NULL: back to following the browser */
};

static int put_setting(struct ka_store *st, const char *key, const char *value,
                       struct ka_diag *diag)
{
	char now[SESSION_TIME_LEN];

	session_time(now, 0);
	if (!value)
		return ka_store_exec(st, "DELETE FROM settings WHERE key = ?",
		                     (struct ka_val[]){ka_text(key)}, 1, NULL, diag);
	return ka_store_exec(st,
	                     "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
	                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
	                     "updated_at = excluded.updated_at",
	                     (struct ka_val[]){ka_text(key), ka_text(value), ka_text(now)}, 3, NULL,
	                     diag);
}

static int settings_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct settings_tx *t = vctx;
	json_t *before = session_settings_json(st, diag), *after = NULL;
	int err = before ? 0 : KA_ERR_DB;

	if (!err && t->has_anon)
		err = put_setting(st, SETTING_ANONYMOUS_READ, t->anon ? "true" : "false", diag);
	if (!err && t->has_lang)
		err = put_setting(st, SETTING_LANGUAGE, t->lang, diag);
	if (!err) {
		after = session_settings_json(st, diag);
		err = after ? 0 : KA_ERR_DB;
	}
	if (!err)
		err = http_audit(st, t->actor, "update", "settings", 0, before, after, diag);
	json_decref(before);
	json_decref(after);
	return err;
}

static int patch_settings(struct http_req *req, struct http_resp *resp)
{
	struct settings_tx tx = {&req->actor, false, false, false, NULL};
	const struct http_field fields[] = {
	    {"anonymous_read", HTTP_F_BOOL, 0, 0, &tx.anon, &tx.has_anon},
	    {"language", HTTP_F_STRING, HTTP_F_NULLABLE, 2, &tx.lang, &tx.has_lang},
	};
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 2);
	if (err)
		return err;
	if (tx.lang && strcmp(tx.lang, "nb") && strcmp(tx.lang, "sv") && strcmp(tx.lang, "en"))
		return http_fail(resp, KA_ERR_INVALID, "language",
		                 "language must be nb, sv, en or null (follow each browser)");
	if (tx.has_anon || tx.has_lang) {
		err = ka_store_transact(req->st, settings_tx_fn, &tx, 5, &req->diag);
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
