/*
 * Signing in through OpenID Connect (auth_oidc.h): the sign-in's state in
 * oidc_states, taken once; the account by the configured claim, created or
 * kept in step; the session as for a password sign-in.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/auth_oidc.h"
#include "kartla/audit.h"
#include "kartla/user.h"
#include "auth_int.h"
#include "kartla/banned.h"

/* ---- beginning ---- */

struct begin_tx {
	const struct ka_auth_policy *pol;
	const char *state_hash;
	const struct ka_oidc_request *req;
};

static int begin_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct begin_tx *t = vctx;
	char now[KA_TIME_LEN], until[KA_TIME_LEN];
	struct ka_rows rows;
	int err;

	ka_auth_time(now, t->pol, 0);
	ka_auth_time(until, t->pol, KA_AUTH_OIDC_STATE_TTL);
	ka_rows_init(&rows);
	err = ka_store_exec(st, "DELETE FROM oidc_states WHERE expires_at < ?",
	                    (struct ka_val[]){ka_text(now)}, 1, NULL, diag);
	if (!err)
		err = ka_store_exec(st, "SELECT count(*) FROM oidc_states", NULL, 0, &rows, diag);
	if (!err && rows.nrows == 1 && ka_rows_at(&rows, 0, 0)->i >= KA_AUTH_OIDC_STATES_MAX)
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_BUSY,
		                  "%d sign-ins are in progress already", KA_AUTH_OIDC_STATES_MAX);
	ka_rows_release(&rows);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO oidc_states (state_hash, nonce, verifier, "
		    "created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_text(t->state_hash), ka_text(t->req->nonce),
		                      ka_text(t->req->verifier), ka_text(now), ka_text(until)},
		    5, NULL, diag);
	return err;
}

int ka_auth_oidc_begin(char **url, char *state, struct ka_store *st, struct ka_oidc *op,
                       const struct ka_auth_policy *pol, const char *redirect_uri,
                       struct ka_diag *diag)
{
	struct ka_oidc_request req;
	char hash[KA_AUTH_HASH_HEX];
	struct begin_tx tx = {pol, hash, &req};
	int err;

	*url = NULL;
	state[0] = '\0';
	err = ka_oidc_auth_url(url, &req, op, redirect_uri, ka_auth_now(pol), diag);
	if (err)
		return err;
	ka_auth_token_hash(hash, req.state);
	err = ka_store_transact(st, begin_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		free(*url);
		*url = NULL;
	} else {
		memcpy(state, req.state, KA_OIDC_SECRET_LEN);
	}
	sodium_memzero(&req, sizeof(req));
	return err;
}

/* ---- the state, taken once ---- */

struct take_tx {
	const char *state_hash;
	char nonce[KA_OIDC_SECRET_LEN], verifier[KA_OIDC_SECRET_LEN], expires[KA_TIME_LEN];
	bool found;
};

static int take_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct take_tx *t = vctx;
	struct ka_rows rows;
	int err;

	t->found = false;
	ka_rows_init(&rows);
	err = ka_store_exec(
	    st, "SELECT nonce, verifier, expires_at FROM oidc_states WHERE state_hash = ?",
	    (struct ka_val[]){ka_text(t->state_hash)}, 1, &rows, diag);
	if (!err && rows.nrows == 1) {
		snprintf(t->nonce, sizeof(t->nonce), "%s", ka_rows_at(&rows, 0, 0)->s);
		snprintf(t->verifier, sizeof(t->verifier), "%s", ka_rows_at(&rows, 0, 1)->s);
		snprintf(t->expires, sizeof(t->expires), "%s", ka_rows_at(&rows, 0, 2)->s);
		err = ka_store_exec(st, "DELETE FROM oidc_states WHERE state_hash = ?",
		                    (struct ka_val[]){ka_text(t->state_hash)}, 1, &rows, diag);
		/* Two callbacks racing with one state: only the one that deleted it goes on. */
		t->found = !err && rows.changes == 1;
	}
	ka_rows_release(&rows);
	return err;
}

static bool state_shape_ok(const char *s)
{
	return s && strlen(s) == KA_OIDC_SECRET_LEN - 1 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
	           KA_OIDC_SECRET_LEN - 1;
}

static int take_state(struct take_tx *t, struct ka_store *st, const struct ka_auth_policy *pol,
                      const struct ka_auth_oidc_return *in, struct ka_diag *diag)
{
	char hash[KA_AUTH_HASH_HEX], now[KA_TIME_LEN];
	int err;

	if (!state_shape_ok(in->state))
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_STATE,
		                   "the sign-in's state is missing or malformed");
	/* The state must come back to the browser that began the sign-in (its cookie). */
	if (!in->cookie_state || strlen(in->cookie_state) != strlen(in->state) ||
	    sodium_memcmp(in->cookie_state, in->state, strlen(in->state)))
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_STATE,
		                   "the sign-in was begun in another browser");
	ka_auth_token_hash(hash, in->state);
	t->state_hash = hash;
	err = ka_store_transact(st, take_fn, t, KA_STORE_ATTEMPTS, diag);
	t->state_hash = NULL;
	if (err)
		return err;
	if (!t->found)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_STATE,
		                   "the sign-in's state is unknown or was used already");
	ka_auth_time(now, pol, 0);
	if (strcmp(t->expires, now) < 0)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_EXPIRED,
		                   "the sign-in took longer than %d seconds",
		                   KA_AUTH_OIDC_STATE_TTL);
	return 0;
}

/* ---- the account ---- */

struct account_tx {
	const struct ka_auth_policy *pol;
	const struct ka_oidc_identity *id;
	bool admin_by_group;
	const char *token_hash, *csrf, *ip, *user_agent;
	int64_t user_id;
	bool is_admin;
	char login[KA_AUTH_LOGIN_MAX + 1];
};

/* A free login name from the claim's value: folded, other characters as '-', numbered. */
static int free_login(char out[KA_AUTH_LOGIN_MAX + 1], struct ka_store *st, const char *key,
                      struct ka_diag *diag)
{
	char base[57];
	struct ka_rows rows;
	size_t i, n = 0;
	int err = 0, k;

	for (i = 0; key[i] && n < sizeof(base) - 1; i++) {
		char c = key[i];

		c = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		base[n++] =
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("._-@", c) ? c : '-';
	}
	base[n] = '\0';
	if (!n)
		snprintf(base, sizeof(base), "user");
	ka_rows_init(&rows);
	for (k = 1; k <= 100 && !err; k++) {
		if (k == 1)
			snprintf(out, KA_AUTH_LOGIN_MAX + 1, "%s", base);
		else if (k < 100)
			snprintf(out, KA_AUTH_LOGIN_MAX + 1, "%s-%d", base, k);
		else {
			char rnd[KA_AUTH_TOKEN_MAX];

			ka_auth_random_token(rnd, sizeof(rnd), "user-");
			ka_auth_login_fold(out, KA_AUTH_LOGIN_MAX + 1, rnd);
		}
		err = ka_store_exec(st, "SELECT id FROM users WHERE login = ?",
		                    (struct ka_val[]){ka_text(out)}, 1, &rows, diag);
		if (!err && rows.nrows == 0)
			break;
	}
	ka_rows_release(&rows);
	return err;
}

/* The display name: the provider's when it passes the rules, else the key, else the login. */
static const char *name_for(const struct ka_oidc_identity *id, const char *login)
{
	struct ka_diag scratch;

	ka_diag_init(&scratch, NULL);
	if (id->name && !ka_auth_display_name_check(id->name, "name", &scratch))
		return id->name;
	if (!ka_auth_display_name_check(id->key, "name", &scratch))
		return id->key;
	return login;
}

static const char *email_for(const struct ka_oidc_identity *id)
{
	return id->email && strlen(id->email) <= KA_USER_EMAIL_MAX && strchr(id->email, '@')
	           ? id->email
	           : NULL;
}

static int create_account(struct account_tx *t, struct ka_store *st, struct ka_rows *rows,
                          struct ka_diag *diag)
{
	struct ka_actor actor;
	json_t *after;
	int err = free_login(t->login, st, t->id->key, diag);

	if (err)
		return err;
	err = ka_store_exec(st,
	                    "INSERT INTO users (login, display_name, email, is_admin, oidc_subject)"
	                    " VALUES (?, ?, ?, ?, ?) RETURNING " AUTH_USER_COLS,
	                    (struct ka_val[]){ka_text(t->login), ka_text(name_for(t->id, t->login)),
	                                      ka_text(email_for(t->id)),
	                                      ka_int(t->admin_by_group && t->id->in_admin_group),
	                                      ka_text(t->id->key)},
	                    5, rows, diag);
	if (!err && rows->nrows != 1)
		err = ka_store_fail(diag, KA_ERR_DB, "the new user was not returned");
	if (err)
		return err;
	t->user_id = ka_rows_at(rows, 0, AU_ID)->i;
	t->is_admin = ka_rows_at(rows, 0, AU_IS_ADMIN)->i != 0;
	actor = (struct ka_actor){t->user_id, t->is_admin, t->login};
	after = auth_user_json(rows, 0);
	json_object_set_new(after, "via", json_string("oidc"));
	err = ka_audit_write(st, &actor, "create", "user", t->user_id, NULL, after, diag);
	json_decref(after);
	return err;
}

/* Name, e-mail and (with a group claim) the administrator right, when the provider's differ. */
static int keep_in_step(struct account_tx *t, struct ka_store *st, struct ka_rows *rows,
                        struct ka_diag *diag)
{
	const struct ka_val *name = ka_rows_at(rows, 0, AU_DISPLAY_NAME),
	                    *mail = ka_rows_at(rows, 0, AU_EMAIL);
	const char *want_name = name_for(t->id, t->login), *want_mail = email_for(t->id);
	bool want_admin = t->admin_by_group ? t->id->in_admin_group : t->is_admin;
	char now[KA_TIME_LEN];
	struct ka_actor actor;
	json_t *before, *after;
	int err;

	if (!strcmp(name->s, want_name) && want_admin == t->is_admin &&
	    (mail->type == KA_VAL_TEXT ? want_mail && !strcmp(mail->s, want_mail) : !want_mail))
		return 0;
	before = auth_user_json(rows, 0);
	ka_auth_time(now, t->pol, 0);
	err = ka_store_exec(st,
	                    "UPDATE users SET display_name = ?, email = ?, is_admin = ?, "
	                    "updated_at = ? WHERE id = ?",
	                    (struct ka_val[]){ka_text(want_name), ka_text(want_mail),
	                                      ka_int(want_admin), ka_text(now), ka_int(t->user_id)},
	                    5, NULL, diag);
	if (!err)
		err = auth_user_load(rows, st, t->user_id, diag);
	if (!err && rows->nrows == 1) {
		t->is_admin = want_admin;
		actor = (struct ka_actor){t->user_id, t->is_admin, t->login};
		after = auth_user_json(rows, 0);
		json_object_set_new(after, "via", json_string("oidc"));
		err = ka_audit_write(st, &actor, "update", "user", t->user_id, before, after, diag);
		json_decref(after);
	}
	json_decref(before);
	return err;
}

static int account_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct account_tx *t = vctx;
	struct ka_rows rows;
	int err;

	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT " AUTH_USER_COLS " FROM users WHERE oidc_subject = ?",
	                    (struct ka_val[]){ka_text(t->id->key)}, 1, &rows, diag);
	if (err)
		goto out;
	if (rows.nrows == 0) {
		err = create_account(t, st, &rows, diag);
	} else if (ka_rows_at(&rows, 0, AU_DISABLED)->i) {
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_DISABLED,
		                  "the account is disabled");
	} else {
		t->user_id = ka_rows_at(&rows, 0, AU_ID)->i;
		t->is_admin = ka_rows_at(&rows, 0, AU_IS_ADMIN)->i != 0;
		snprintf(t->login, sizeof(t->login), "%s", ka_rows_at(&rows, 0, AU_LOGIN)->s);
		err = keep_in_step(t, st, &rows, diag);
	}
	if (!err)
		err = auth_session_insert(st, t->pol, t->user_id, t->token_hash, t->csrf, t->ip,
		                          t->user_agent, diag);
out:
	ka_rows_release(&rows);
	return err;
}

int ka_auth_oidc_finish(struct ka_session_new *out, struct ka_store *st, struct ka_oidc *op,
                        const struct ka_auth_policy *pol, const struct ka_auth_oidc_return *in,
                        struct ka_diag *diag)
{
	struct take_tx take;
	struct ka_oidc_identity id;
	char hash[KA_AUTH_HASH_HEX];
	struct account_tx tx;
	int err;

	memset(out, 0, sizeof(*out));
	memset(&id, 0, sizeof(id));
	memset(&take, 0, sizeof(take));
	err = take_state(&take, st, pol, in, diag);
	if (!err && in->error)
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_AUTH_OIDC_E_REFUSED,
		                  "the provider answered '%.100s'", in->error);
	if (!err && (!in->code || !*in->code || strlen(in->code) > 4096))
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, KA_OIDC_E_CODE,
		                  "the provider sent no usable code");
	if (!err)
		err = ka_oidc_redeem(&id, op, in->code, take.verifier, take.nonce, in->redirect_uri,
		                     ka_auth_now(pol), diag);
	sodium_memzero(&take, sizeof(take));
	if (err)
		goto out;
	memset(&tx, 0, sizeof(tx));
	tx.pol = pol;
	tx.id = &id;
	tx.admin_by_group = ka_oidc_admin_group(op) != NULL;
	tx.token_hash = hash;
	tx.csrf = out->csrf;
	tx.ip = in->ip;
	tx.user_agent = in->user_agent;
	ka_auth_random_token(out->token, sizeof(out->token), "");
	ka_auth_random_token(out->csrf, sizeof(out->csrf), "");
	ka_auth_token_hash(hash, out->token);
	err = ka_store_transact(st, account_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		sodium_memzero(out, sizeof(*out));
		goto out;
	}
	out->user_id = tx.user_id;
	out->is_admin = tx.is_admin;
	snprintf(out->login, sizeof(out->login), "%s", tx.login);
out:
	ka_oidc_identity_release(&id);
	return err;
}

int ka_auth_oidc_logout(char **url, struct ka_store *st, struct ka_oidc *op,
                        const struct ka_auth_policy *pol, int64_t session_id, const char *after,
                        struct ka_diag *diag)
{
	struct ka_diag scratch;
	int err;

	*url = NULL;
	err = ka_session_logout(st, session_id, diag);
	if (err || !op)
		return err;
	/* The provider being down does not keep anyone signed in here. */
	ka_diag_init(&scratch, NULL);
	if (ka_oidc_logout_url(url, op, after, ka_auth_now(pol), &scratch))
		*url = NULL;
	return 0;
}
