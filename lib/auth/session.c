/*
 * Browser sessions (session.h): signing in through the throttle, the cookie
 * to principal lookup with sliding expiry, signing out, and GET /api/me.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kartla/session.h"
#include "kartla/throttle.h"
#include "kartla/user.h"
#include "auth_int.h"
#include "kartla/etag.h"
#include "kartla/banned.h"

struct login_tx {
	const struct ka_auth_policy *pol;
	const struct ka_session_login *in;
	int64_t attempt, user_id;
	const char *token_hash, *csrf, *rehash;
};

int auth_session_insert(struct ka_store *st, const struct ka_auth_policy *pol, int64_t user_id,
                        const char *token_hash, const char *csrf, const char *ip,
                        const char *user_agent, struct ka_diag *diag)
{
	char now[KA_TIME_LEN], until[KA_TIME_LEN], agent[256];
	int err;

	ka_auth_time(now, pol, 0);
	ka_auth_time(until, pol, pol->session_ttl_s);
	snprintf(agent, sizeof(agent), "%s", user_agent ? user_agent : "");
	err = ka_store_exec(st,
	                    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, "
	                    "expires_at, last_seen_at, ip, user_agent) "
	                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                    (struct ka_val[]){ka_int(user_id), ka_text(token_hash), ka_text(csrf),
	                                      ka_text(now), ka_text(until), ka_text(now),
	                                      ka_text(ip), ka_text(agent)},
	                    8, NULL, diag);
	/* Expired sessions are cleared as new ones are made. */
	if (!err)
		err = ka_store_exec(st, "DELETE FROM sessions WHERE expires_at < ?",
		                    (struct ka_val[]){ka_text(now)}, 1, NULL, diag);
	return err;
}

static int login_tx_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct login_tx *t = vctx;
	int err;

	/* The success ends the pair's run of failures. */
	err = ka_throttle_succeed(st, t->attempt, diag);
	if (!err)
		err = auth_session_insert(st, t->pol, t->user_id, t->token_hash, t->csrf, t->in->ip,
		                          t->in->user_agent, diag);
	if (!err && t->rehash)
		err = ka_store_exec(st, "UPDATE users SET password_hash = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(t->rehash), ka_int(t->user_id)}, 2,
		                    NULL, diag);
	return err;
}

/* The account behind a login name. */
#define ACCOUNT_COLUMNS "id", "password_hash", "disabled", "is_admin"
#define ACCOUNT_COLS    KA_COLS_SQL(ACCOUNT_COLUMNS)
enum account_col { AC_ID, AC_PASSWORD_HASH, AC_DISABLED, AC_IS_ADMIN, AC_COUNT };
KA_COLS_CHECK(ACCOUNT_COLUMNS, AC_COUNT);

static int find_account(struct ka_rows *rows, struct ka_store *st, const char *login,
                        struct ka_diag *diag)
{
	return ka_store_exec(st, "SELECT " ACCOUNT_COLS " FROM users WHERE login = ?",
	                     (struct ka_val[]){ka_text(login)}, 1, rows, diag);
}

int ka_session_login(struct ka_session_new *out, unsigned *retry_after, struct ka_store *st,
                     const struct ka_auth_policy *pol, const struct ka_session_login *in,
                     struct ka_diag *diag)
{
	char hash[KA_AUTH_HASH_HEX], rehash[KA_AUTH_PWHASH_MAX];
	struct login_tx tx = {pol, in, 0, 0, hash, out->csrf, NULL};
	struct ka_rows rows;
	bool known, ok;
	int err;

	memset(out, 0, sizeof(*out));
	/* Over-long names are folded to their first 64 characters: they match no account. */
	ka_auth_login_fold(out->login, sizeof(out->login), in->login);
	err = ka_throttle_begin(&tx.attempt, retry_after, st, pol, out->login, in->ip, diag);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = find_account(&rows, st, out->login, diag);
	if (err)
		goto out;
	known = rows.nrows == 1 && ka_rows_at(&rows, 0, AC_PASSWORD_HASH)->type == KA_VAL_TEXT;
	/* Verified outside any transaction (~100 ms), and for unknown logins too (same timing). */
	ok = ka_auth_verify_password(known ? ka_rows_at(&rows, 0, AC_PASSWORD_HASH)->s
	                                   : (pol->dummy_hash ? pol->dummy_hash : ""),
	                             in->password);
	/*
	 * With --no-local-passwords only administrators (the break-glass accounts) sign in
	 * with a password; everyone else gets the same answer as for a wrong password.
	 */
	if (known && pol->passwords_admins_only && !ka_rows_at(&rows, 0, AC_IS_ADMIN)->i)
		ok = false;
	if (!known || !ok || ka_rows_at(&rows, 0, AC_DISABLED)->i) {
		/* The attempt stays counted as a failure. */
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "wrong login or password");
		goto out;
	}
	tx.user_id = out->user_id = ka_rows_at(&rows, 0, AC_ID)->i;
	out->is_admin = ka_rows_at(&rows, 0, AC_IS_ADMIN)->i != 0;
	if (crypto_pwhash_str_needs_rehash(ka_rows_at(&rows, 0, AC_PASSWORD_HASH)->s,
	                                   crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 &&
	    !ka_auth_hash_password(rehash, sizeof(rehash), in->password))
		tx.rehash = rehash;
	ka_auth_random_token(out->token, sizeof(out->token), "");
	ka_auth_random_token(out->csrf, sizeof(out->csrf), "");
	ka_auth_token_hash(hash, out->token);
	err = ka_store_transact(st, login_tx_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err)
		sodium_memzero(out->token, sizeof(out->token));
out:
	ka_rows_release(&rows);
	return err;
}

/* Runs one UPDATE in its own short transaction; failures only cost the bookkeeping. */
void auth_touch(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n)
{
	if (ka_store_begin(st))
		return;
	if (ka_store_exec(st, sql, params, n, NULL, NULL) || ka_store_commit(st))
		ka_store_rollback(st);
}

/* Fills the principal from a row that starts with AUTH_PRINCIPAL_COLUMNS. */
void auth_principal_set(struct ka_principal *p, const struct ka_rows *rows)
{
	const struct ka_val *login = ka_rows_at(rows, 0, AP_LOGIN);

	p->user_id = ka_rows_at(rows, 0, AP_USER_ID)->i;
	snprintf(p->login, sizeof(p->login), "%s", login->type == KA_VAL_TEXT ? login->s : "");
	p->is_admin = ka_rows_at(rows, 0, AP_IS_ADMIN)->i != 0;
}

/* A live session: its user (the principal), then the session's own columns. */
#define SESSION_COLUMNS AUTH_PRINCIPAL_COLUMNS, "s.id", "s.csrf_token", "s.expires_at"
#define SESSION_COLS    KA_COLS_SQL(SESSION_COLUMNS)
enum session_col { SC_ID = AP_COUNT, SC_CSRF_TOKEN, SC_EXPIRES_AT, SC_COUNT };
KA_COLS_CHECK(SESSION_COLUMNS, SC_COUNT);

int ka_session_resolve(struct ka_principal *out, struct ka_store *st,
                       const struct ka_auth_policy *pol, const char *cookie, struct ka_diag *diag)
{
	char hash[KA_AUTH_HASH_HEX], now[KA_TIME_LEN], renew[KA_TIME_LEN];
	int64_t ttl = pol->session_ttl_s;
	const struct ka_val *csrf, *expires;
	struct ka_rows rows;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&rows);
	ka_auth_time(now, pol, 0);
	ka_auth_time(renew, pol, ttl - 3600);
	ka_auth_token_hash(hash, cookie);
	err =
	    ka_store_exec(st,
	                  "SELECT " SESSION_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
	                  " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
	                  (struct ka_val[]){ka_text(hash), ka_text(now)}, 2, &rows, diag);
	if (err || rows.nrows != 1)
		goto out; /* an unknown or expired cookie: anonymous */
	auth_principal_set(out, &rows);
	out->session_id = ka_rows_at(&rows, 0, SC_ID)->i;
	csrf = ka_rows_at(&rows, 0, SC_CSRF_TOKEN);
	snprintf(out->csrf, sizeof(out->csrf), "%s", csrf->type == KA_VAL_TEXT ? csrf->s : "");
	/* Sliding expiry, renewed at most once an hour. */
	expires = ka_rows_at(&rows, 0, SC_EXPIRES_AT);
	if (expires->type == KA_VAL_TEXT && strcmp(expires->s, renew) < 0) {
		char until[KA_TIME_LEN];

		ka_auth_time(until, pol, ttl);
		auth_touch(st, "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?",
		           (struct ka_val[]){ka_text(until), ka_text(now), ka_int(out->session_id)},
		           3);
	}
out:
	ka_rows_release(&rows);
	return err;
}

static int logout_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	const int64_t *id = vctx;

	return ka_store_exec(st, "DELETE FROM sessions WHERE id = ?",
	                     (struct ka_val[]){ka_int(*id)}, 1, NULL, diag);
}

int ka_session_logout(struct ka_store *st, int64_t session_id, struct ka_diag *diag)
{
	if (!session_id)
		return 0;
	return ka_store_transact(st, logout_fn, &session_id, KA_STORE_ATTEMPTS, diag);
}

int ka_session_me(json_t **out, char *etag, struct ka_store *st, const struct ka_principal *p,
                  struct ka_diag *diag)
{
	struct ka_rows rows;
	int err;

	*out = NULL;
	ka_rows_init(&rows);
	err = auth_user_load(&rows, st, p->user_id, diag);
	if (!err && rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	if (err)
		goto out;
	*out = auth_user_json(&rows, 0);
	ka_etag_row(etag, &rows, 0);
	json_object_set_new(*out, "auth", json_string(p->token_id ? "token" : "session"));
	if (p->session_id) {
		err = ka_store_exec(st, "SELECT csrf_token FROM sessions WHERE id = ?",
		                    (struct ka_val[]){ka_int(p->session_id)}, 1, &rows, diag);
		if (!err && rows.nrows == 1)
			json_object_set_new(*out, "csrf_token",
			                    auth_text_or_null(ka_rows_at(&rows, 0, 0)));
	}
	if (err) {
		json_decref(*out);
		*out = NULL;
	}
out:
	ka_rows_release(&rows);
	return err;
}
