/*
 * Personal API tokens (token.h): resolving a Bearer token, listing,
 * creating with a bounded lifetime, revoking one, and revoking all of a
 * user's tokens on a credential reset.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kartla/token.h"
#include "auth_int.h"
#include "kartla/banned.h"

/* A token as its owner sees it (never the hash). */
#define TOKEN_COLUMNS "id", "name", "prefix", "created_at", "last_used_at", "expires_at"
#define TOKEN_COLS    KA_COLS_SQL(TOKEN_COLUMNS)
enum token_col {
	TC_ID,
	TC_NAME,
	TC_PREFIX,
	TC_CREATED_AT,
	TC_LAST_USED_AT,
	TC_EXPIRES_AT,
	TC_COUNT
};
KA_COLS_CHECK(TOKEN_COLUMNS, TC_COUNT);

static json_t *token_json(const struct ka_rows *rows, size_t r)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id",
	                 (json_int_t)ka_rows_at(rows, r, TC_ID)->i, "name",
	                 auth_text_or_null(ka_rows_at(rows, r, TC_NAME)), "prefix",
	                 auth_text_or_null(ka_rows_at(rows, r, TC_PREFIX)), "created_at",
	                 auth_text_or_null(ka_rows_at(rows, r, TC_CREATED_AT)), "last_used_at",
	                 auth_text_or_null(ka_rows_at(rows, r, TC_LAST_USED_AT)), "expires_at",
	                 auth_text_or_null(ka_rows_at(rows, r, TC_EXPIRES_AT)));
}

/* A live token: its user (the principal), then the token's own columns. */
#define LIVE_TOKEN_COLUMNS AUTH_PRINCIPAL_COLUMNS, "t.id", "t.last_used_at"
#define LIVE_TOKEN_COLS    KA_COLS_SQL(LIVE_TOKEN_COLUMNS)
enum live_token_col { LT_ID = AP_COUNT, LT_LAST_USED_AT, LT_COUNT };
KA_COLS_CHECK(LIVE_TOKEN_COLUMNS, LT_COUNT);

int ka_token_resolve(struct ka_principal *out, struct ka_store *st,
                     const struct ka_auth_policy *pol, const char *token, struct ka_diag *diag)
{
	char hash[KA_AUTH_HASH_HEX], now[KA_TIME_LEN], minute_ago[KA_TIME_LEN], oldest[KA_TIME_LEN];
	const struct ka_val *last;
	struct ka_rows rows;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&rows);
	ka_auth_time(now, pol, 0);
	ka_auth_time(minute_ago, pol, -60);
	ka_auth_time(oldest, pol, -(int64_t)KA_TOKEN_DAYS_MAX * 86400);
	ka_auth_token_hash(hash, token);
	/* A token without an expiry (made before lifetimes) ends after the longest lifetime. */
	err = ka_store_exec(st,
	                    "SELECT " LIVE_TOKEN_COLS " FROM api_tokens t"
	                    " JOIN users u ON u.id = t.user_id"
	                    " WHERE t.token_hash = ? AND t.revoked_at IS NULL"
	                    " AND ((t.expires_at IS NULL AND t.created_at > ?) OR t.expires_at > ?)"
	                    " AND u.disabled = 0",
	                    (struct ka_val[]){ka_text(hash), ka_text(oldest), ka_text(now)}, 3,
	                    &rows, diag);
	if (err)
		goto out;
	if (rows.nrows != 1) {
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL,
		                  "the API token is unknown, revoked or expired");
		goto out;
	}
	auth_principal_set(out, &rows);
	out->token_id = ka_rows_at(&rows, 0, LT_ID)->i;
	/* Last use is recorded to the minute, so reads do not all become writes. */
	last = ka_rows_at(&rows, 0, LT_LAST_USED_AT);
	if (last->type != KA_VAL_TEXT || strcmp(last->s, minute_ago) < 0)
		auth_touch(st, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
		           (struct ka_val[]){ka_text(now), ka_int(out->token_id)}, 2);
out:
	ka_rows_release(&rows);
	return err;
}

int ka_token_list(json_t **items, struct ka_store *st, int64_t user_id, struct ka_diag *diag)
{
	struct ka_rows rows;
	size_t i;
	int err;

	*items = NULL;
	ka_rows_init(&rows);
	err = ka_store_exec(st,
	                    "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ? AND "
	                    "revoked_at IS NULL ORDER BY id",
	                    (struct ka_val[]){ka_int(user_id)}, 1, &rows, diag);
	if (!err) {
		*items = json_array();
		for (i = 0; i < rows.nrows; i++)
			json_array_append_new(*items, token_json(&rows, i));
	}
	ka_rows_release(&rows);
	return err;
}

struct create_tx {
	const struct ka_auth_policy *pol;
	const struct ka_actor *actor;
	const char *name, *hash, *prefix;
	int64_t days;
	struct ka_rows *out;
};

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct create_tx *t = vctx;
	char now[KA_TIME_LEN], until[KA_TIME_LEN];
	json_t *after;
	int err;

	ka_auth_time(now, t->pol, 0);
	ka_auth_time(until, t->pol, t->days * 86400);
	err = ka_store_exec(
	    st,
	    "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, "
	    "expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING " TOKEN_COLS,
	    (struct ka_val[]){ka_int(t->actor->user_id), ka_text(t->name), ka_text(t->hash),
	                      ka_text(t->prefix), ka_text(now), ka_text(until)},
	    6, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return ka_store_fail(diag, KA_ERR_DB, "the new token was not returned");
	after = token_json(t->out, 0);
	err = ka_audit_write(st, t->actor, "create", "api_token", ka_rows_at(t->out, 0, TC_ID)->i,
	                     NULL, after, diag);
	json_decref(after);
	return err;
}

int ka_token_create(json_t **out, int64_t *id, struct ka_store *st,
                    const struct ka_auth_policy *pol, const struct ka_actor *actor, bool via_token,
                    const char *name, int64_t days, struct ka_diag *diag)
{
	char token[KA_AUTH_TOKEN_MAX], hash[KA_AUTH_HASH_HEX], prefix[16];
	struct ka_rows rows;
	struct create_tx tx = {pol, actor, name, hash, prefix, days, &rows};
	int err;

	*out = NULL;
	*id = 0;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	if (via_token)
		return ka_diag_set(
		    diag, KA_ERR_PERM, 0, 0, NULL,
		    "API tokens are created from a signed-in session, not with a token");
	err = ka_auth_display_name_check(name, "name", diag);
	if (err)
		return err;
	if (days == 0)
		tx.days = KA_TOKEN_DAYS_DEFAULT;
	else if (days < 1 || days > KA_TOKEN_DAYS_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "expires_in_days",
		                   "expires_in_days must be from 1 to %d (or null: %d days)",
		                   KA_TOKEN_DAYS_MAX, KA_TOKEN_DAYS_DEFAULT);
	ka_auth_random_token(token, sizeof(token), KA_AUTH_TOKEN_PREFIX);
	ka_auth_token_hash(hash, token);
	snprintf(prefix, sizeof(prefix), "%.10s", token);
	ka_rows_init(&rows);
	err = ka_store_transact(st, create_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (!err) {
		*id = ka_rows_at(&rows, 0, TC_ID)->i;
		*out = token_json(&rows, 0);
		json_object_set_new(*out, "token", json_string(token));
	}
	ka_rows_release(&rows);
	sodium_memzero(token, sizeof(token));
	return err;
}

struct revoke_tx {
	const struct ka_actor *actor;
	int64_t id;
	bool found;
};

static int revoke_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct revoke_tx *t = vctx;
	char now[KA_TIME_LEN];
	struct ka_rows rows;
	int err;

	ka_auth_time(now, NULL, 0);
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
		err = ka_audit_write(st, t->actor, "revoke", "api_token", t->id, NULL, NULL, diag);
	return err;
}

int ka_token_revoke(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                    struct ka_diag *diag)
{
	struct revoke_tx tx = {actor, id, false};
	int err = ka_store_transact(st, revoke_fn, &tx, KA_STORE_ATTEMPTS, diag);

	if (!err && !tx.found)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such token %" PRId64, id);
	return err;
}

int ka_token_revoke_all(struct ka_store *st, const struct ka_auth_policy *pol, int64_t user_id,
                        struct ka_diag *diag)
{
	char now[KA_TIME_LEN];

	ka_auth_time(now, pol, 0);
	return ka_store_exec(st,
	                     "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND "
	                     "revoked_at IS NULL",
	                     (struct ka_val[]){ka_text(now), ka_int(user_id)}, 2, NULL, diag);
}
