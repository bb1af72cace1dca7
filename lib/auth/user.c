/*
 * User accounts (user.h): listing, reading, creating and updating them, and
 * changing one's own password. Credential resets end sessions and revoke
 * API tokens in the same transaction.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kartla/throttle.h"
#include "kartla/token.h"
#include "kartla/user.h"
#include "auth_int.h"
#include "kartla/etag.h"
#include "kartla/banned.h"

json_t *auth_text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

int auth_user_load(struct ka_rows *rows, struct ka_store *st, int64_t id, struct ka_diag *diag)
{
	return ka_store_exec(st, "SELECT " AUTH_USER_COLS " FROM users WHERE id = ?",
	                     (struct ka_val[]){ka_int(id)}, 1, rows, diag);
}

json_t *auth_user_json(const struct ka_rows *rows, size_t r)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:b, s:b, s:o, s:o}", "id",
	                 (json_int_t)ka_rows_at(rows, r, AU_ID)->i, "login",
	                 auth_text_or_null(ka_rows_at(rows, r, AU_LOGIN)), "display_name",
	                 auth_text_or_null(ka_rows_at(rows, r, AU_DISPLAY_NAME)), "email",
	                 auth_text_or_null(ka_rows_at(rows, r, AU_EMAIL)), "is_admin",
	                 ka_rows_at(rows, r, AU_IS_ADMIN)->i != 0, "disabled",
	                 ka_rows_at(rows, r, AU_DISABLED)->i != 0, "created_at",
	                 auth_text_or_null(ka_rows_at(rows, r, AU_CREATED_AT)), "updated_at",
	                 auth_text_or_null(ka_rows_at(rows, r, AU_UPDATED_AT)));
}

int ka_user_list(json_t **items, int64_t *total, struct ka_store *st, int64_t limit, int64_t offset,
                 struct ka_diag *diag)
{
	struct ka_rows rows;
	size_t i;
	int err;

	*items = NULL;
	*total = 0;
	ka_rows_init(&rows);
	err = ka_store_begin_read(st);
	if (err) {
		ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
		goto out;
	}
	err = ka_store_exec(st, "SELECT COUNT(*) FROM users", NULL, 0, &rows, diag);
	if (!err)
		*total = ka_rows_at(&rows, 0, 0)->i;
	if (!err)
		err = ka_store_exec(
		    st, "SELECT " AUTH_USER_COLS " FROM users ORDER BY login LIMIT ? OFFSET ?",
		    (struct ka_val[]){ka_int(limit), ka_int(offset)}, 2, &rows, diag);
	if (!err)
		err = ka_store_commit(st);
	else
		ka_store_rollback(st);
	if (err)
		goto out;
	*items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(*items, auth_user_json(&rows, i));
out:
	ka_rows_release(&rows);
	return err;
}

int ka_user_get(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                const struct ka_actor *actor, int64_t id, struct ka_diag *diag)
{
	struct ka_rows rows;
	int err;

	*out = NULL;
	if (id != actor->user_id && !actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only administrators see other accounts");
	ka_rows_init(&rows);
	err = auth_user_load(&rows, st, id, diag);
	if (!err && rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such user %" PRId64, id);
	if (!err) {
		ka_etag_row(etag, &rows, 0);
		*out = auth_user_json(&rows, 0);
	}
	ka_rows_release(&rows);
	return err;
}

struct create_tx {
	const struct ka_actor *actor;
	const struct ka_user_new *in;
	const char *login, *hash;
	struct ka_rows *out;
};

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct create_tx *t = vctx;
	json_t *after;
	int err;

	err = ka_store_exec(
	    st,
	    "INSERT INTO users (login, display_name, email, password_hash, is_admin) "
	    "VALUES (?, ?, ?, ?, ?) RETURNING " AUTH_USER_COLS,
	    (struct ka_val[]){ka_text(t->login), ka_text(t->in->display_name),
	                      ka_text(t->in->email), ka_text(t->hash), ka_int(t->in->is_admin)},
	    5, t->out, diag);
	if (err == KA_ERR_CONFLICT)
		return ka_diag_set(diag, err, 0, 0, "login", "the login '%s' is taken", t->login);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return ka_store_fail(diag, KA_ERR_DB, "the new user was not returned");
	after = auth_user_json(t->out, 0);
	err = ka_audit_write(st, t->actor, "create", "user", ka_rows_at(t->out, 0, AU_ID)->i, NULL,
	                     after, diag);
	json_decref(after);
	return err;
}

int ka_user_create(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                   const struct ka_actor *actor, const struct ka_user_new *in, struct ka_diag *diag)
{
	char login[KA_AUTH_LOGIN_MAX + 2], hash[KA_AUTH_PWHASH_MAX];
	struct ka_rows rows;
	struct create_tx tx = {actor, in, login, hash, &rows};
	int err;

	*out = NULL;
	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "this needs an administrator");
	ka_auth_login_fold(login, sizeof(login), in->login);
	if (strlen(in->login) > KA_AUTH_LOGIN_MAX || !ka_auth_login_valid(login))
		return ka_diag_set(
		    diag, KA_ERR_INVALID, 0, 0, "login",
		    "a login is 1 to %d characters of a-z, 0-9, '.', '_', '-' and '@'",
		    KA_AUTH_LOGIN_MAX);
	err = ka_auth_display_name_check(in->display_name, "display_name", diag);
	if (!err && in->email && strlen(in->email) > KA_USER_EMAIL_MAX)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "email",
		                  "email must have at most %d bytes", KA_USER_EMAIL_MAX);
	if (!err)
		err = ka_auth_password_check(in->password, "password", diag);
	if (err)
		return err;
	if (ka_auth_hash_password(hash, sizeof(hash), in->password))
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "could not hash the password");
	ka_rows_init(&rows);
	err = ka_store_transact(st, create_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (!err) {
		ka_etag_row(etag, &rows, 0);
		*out = auth_user_json(&rows, 0);
	}
	ka_rows_release(&rows);
	return err;
}

struct update_tx {
	const struct ka_auth_policy *pol;
	const struct ka_actor *actor;
	int64_t id;
	const struct ka_user_patch *in;
	const char *hash;
	struct ka_rows *out;
	char *etag;
};

/* The UPDATE of the patch's fields. */
static int update_row(struct ka_store *st, const struct update_tx *t, struct ka_diag *diag)
{
	const struct ka_user_patch *in = t->in;
	char now[KA_TIME_LEN];

	ka_auth_time(now, t->pol, 0);
	return ka_store_exec(
	    st,
	    "UPDATE users SET display_name = COALESCE(?, display_name), "
	    "email = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE email END, "
	    "password_hash = COALESCE(?, password_hash), is_admin = COALESCE(?, is_admin), "
	    "disabled = COALESCE(?, disabled), updated_at = ? WHERE id = ?",
	    (struct ka_val[]){ka_text(in->display_name), ka_int(in->has_email), ka_text(in->email),
	                      ka_text(t->hash), in->has_admin ? ka_int(in->is_admin) : ka_null(),
	                      in->has_disabled ? ka_int(in->disabled) : ka_null(), ka_text(now),
	                      ka_int(t->id)},
	    8, NULL, diag);
}

static int update_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct update_tx *t = vctx;
	json_t *before = NULL, *after;
	int err;

	err = auth_user_load(t->out, st, t->id, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such user %" PRId64,
		                   t->id);
	ka_etag_row(t->etag, t->out, 0);
	if (t->in->if_match && !ka_etag_matches(t->in->if_match, t->etag))
		return ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
		                   "the resource has changed since you read it (current ETag "
		                   "\"%s\"); read it again and retry",
		                   t->etag);
	before = auth_user_json(t->out, 0);
	err = update_row(st, t, diag);
	/* A disabled account or a new password ends the account's sessions and tokens. */
	if (!err && ((t->in->has_disabled && t->in->disabled) || t->hash)) {
		err = ka_store_exec(st, "DELETE FROM sessions WHERE user_id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
		if (!err)
			err = ka_token_revoke_all(st, t->pol, t->id, diag);
	}
	if (!err)
		err = auth_user_load(t->out, st, t->id, diag);
	if (!err) {
		after = auth_user_json(t->out, 0);
		err = ka_audit_write(st, t->actor, "update", "user", t->id, before, after, diag);
		json_decref(after);
	}
	json_decref(before);
	return err;
}

/* The checks of a patch that need no database. */
static int update_check(const struct ka_actor *actor, int64_t id, const struct ka_user_patch *in,
                        struct ka_diag *diag)
{
	int err = 0;

	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "this needs an administrator");
	if (in->display_name)
		err = ka_auth_display_name_check(in->display_name, "display_name", diag);
	if (!err && in->has_email && in->email && strlen(in->email) > KA_USER_EMAIL_MAX)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "email",
		                  "email must have at most %d bytes", KA_USER_EMAIL_MAX);
	if (!err && in->password)
		err = ka_auth_password_check(in->password, "password", diag);
	if (!err && id == actor->user_id &&
	    ((in->has_disabled && in->disabled) || (in->has_admin && !in->is_admin)))
		err = ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0,
		                  in->has_disabled ? "disabled" : "is_admin",
		                  "you cannot disable your own account or take away your own "
		                  "administrator right");
	return err;
}

int ka_user_update(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                   const struct ka_auth_policy *pol, const struct ka_actor *actor, int64_t id,
                   const struct ka_user_patch *in, struct ka_diag *diag)
{
	char hash[KA_AUTH_PWHASH_MAX];
	struct ka_rows rows;
	struct update_tx tx = {pol, actor, id, in, NULL, &rows, etag};
	int err;

	*out = NULL;
	etag[0] = '\0';
	err = update_check(actor, id, in, diag);
	if (err)
		return err;
	if (in->password) {
		if (ka_auth_hash_password(hash, sizeof(hash), in->password))
			return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL,
			                   "could not hash the password");
		tx.hash = hash;
	}
	ka_rows_init(&rows);
	err = ka_store_transact(st, update_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (!err) {
		ka_etag_row(etag, &rows, 0);
		*out = auth_user_json(&rows, 0);
	} else if (err != KA_ERR_STALE) {
		etag[0] = '\0';
	}
	ka_rows_release(&rows);
	return err;
}

struct password_tx {
	const struct ka_auth_policy *pol;
	const struct ka_principal *p;
	int64_t attempt;
	const char *hash;
};

static int password_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct password_tx *t = vctx;
	struct ka_actor actor = {t->p->user_id, t->p->is_admin, t->p->login};
	char now[KA_TIME_LEN];
	int err;

	ka_auth_time(now, t->pol, 0);
	err = ka_throttle_succeed(st, t->attempt, diag);
	if (!err)
		err = ka_store_exec(
		    st, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
		    (struct ka_val[]){ka_text(t->hash), ka_text(now), ka_int(t->p->user_id)}, 3,
		    NULL, diag);
	/* Other sessions and every token end: whoever had the old password is out. */
	if (!err)
		err = ka_store_exec(
		    st, "DELETE FROM sessions WHERE user_id = ? AND id <> ?",
		    (struct ka_val[]){ka_int(t->p->user_id), ka_int(t->p->session_id)}, 2, NULL,
		    diag);
	if (!err)
		err = ka_token_revoke_all(st, t->pol, t->p->user_id, diag);
	if (!err)
		err = ka_audit_write(st, &actor, "change_password", "user", t->p->user_id, NULL,
		                     NULL, diag);
	return err;
}

int ka_user_change_password(unsigned *retry_after, struct ka_store *st,
                            const struct ka_auth_policy *pol, const struct ka_principal *p,
                            const char *ip, const char *current, const char *next,
                            struct ka_diag *diag)
{
	char hash[KA_AUTH_PWHASH_MAX];
	struct password_tx tx = {pol, p, 0, hash};
	struct ka_rows rows;
	bool ok;
	int err;

	*retry_after = 0;
	err = ka_auth_password_check(next, "new_password", diag);
	if (err)
		return err;
	/* Each guess at the current password counts like a failed login of this account. */
	err = ka_throttle_begin(&tx.attempt, retry_after, st, pol, p->login, ip, diag);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT password_hash FROM users WHERE id = ?",
	                    (struct ka_val[]){ka_int(p->user_id)}, 1, &rows, diag);
	ok = !err && rows.nrows == 1 && ka_rows_at(&rows, 0, 0)->type == KA_VAL_TEXT &&
	     ka_auth_verify_password(ka_rows_at(&rows, 0, 0)->s, current);
	ka_rows_release(&rows);
	if (err)
		return err;
	if (!ok)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "current_password",
		                   "the current password is wrong");
	if (ka_auth_hash_password(hash, sizeof(hash), next))
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "could not hash the password");
	return ka_store_transact(st, password_fn, &tx, KA_STORE_ATTEMPTS, diag);
}
