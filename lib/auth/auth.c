/*
 * The common part of accounts and authentication (auth.h): argon2id
 * password hashes, random secrets and their BLAKE2b hashes, login-name and
 * password rules, the policy and its clock, the first admin account, and
 * redacting people for anonymous readers.
 */
#include <assert.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kartla/auth.h"
#include "kartla/date.h"
#include "kartla/text.h"
#include "kartla/banned.h"

void ka_auth_policy_init(struct ka_auth_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->pair_fails = 5;
	p->ip_fails = 30;
	p->delay_first_s = 32;
	p->delay_cap_s = 15 * 60;
	p->pair_window_s = 24 * 3600;
	p->ip_window_s = 3600;
	p->session_ttl_s = 12 * 3600;
}

int64_t ka_auth_parse_time(const char *ts)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!ts || !strptime(ts, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	return (int64_t)timegm(&tm);
}

int64_t ka_auth_now(const struct ka_auth_policy *p)
{
	char now[KA_TIME_LEN];

	if (p && p->now)
		return p->now;
	ka_date_now(now); /* the one clock (date.h) */
	return ka_auth_parse_time(now);
}

void ka_auth_time(char out[KA_TIME_LEN], const struct ka_auth_policy *p, int64_t offset)
{
	ka_date_format_time(out, (time_t)(ka_auth_now(p) + offset));
}

int ka_auth_hash_password(char *out, size_t outsz, const char *password)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return KA_ERR_USAGE;
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return KA_ERR_IO; /* out of memory */
	return 0;
}

bool ka_auth_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void ka_auth_random_token(char *out, size_t outsz, const char *prefix)
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);

	/* 32 random bytes as unpadded base64url: 43 characters (a caller's too small buffer is a
	 * bug). */
	assert(outsz >= plen + sodium_base64_ENCODED_LEN(sizeof(raw),
	                                                 sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	memcpy(out, prefix, plen);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out + plen, outsz - plen, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void ka_auth_token_hash(char out[KA_AUTH_HASH_HEX], const char *token)
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, KA_AUTH_HASH_HEX, h, sizeof(h));
}

bool ka_auth_login_valid(const char *login)
{
	size_t n = strlen(login), i;

	if (n < 1 || n > KA_AUTH_LOGIN_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];

		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-' || c == '@'))
			return false;
	}
	return true;
}

void ka_auth_login_fold(char *out, size_t outsz, const char *login)
{
	size_t i;

	for (i = 0; login[i] && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)login[i]);
	out[i] = '\0';
}

int ka_auth_password_check(const char *password, const char *field, struct ka_diag *diag)
{
	size_t n = strlen(password);

	if (n < KA_AUTH_PASSWORD_MIN)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
		                   "the password must have at least %d characters",
		                   KA_AUTH_PASSWORD_MIN);
	if (n > KA_AUTH_PASSWORD_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
		                   "the password must have at most %d characters",
		                   KA_AUTH_PASSWORD_MAX);
	return 0;
}

int ka_auth_display_name_check(const char *name, const char *field, struct ka_diag *diag)
{
	uint32_t bad = 0;
	const char *p = name;

	while (*p && isspace((unsigned char)*p))
		p++;
	if (!*p)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field, "%s must not be empty",
		                   field);
	if (strlen(name) > KA_AUTH_NAME_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
		                   "%s must have at most %d bytes", field, KA_AUTH_NAME_MAX);
	if (!ka_text_name_ok(name, &bad))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
		                   "%s must not contain control, zero-width or text-direction "
		                   "characters (U+%04X)",
		                   field, (unsigned)bad);
	return 0;
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

int ka_auth_bootstrap_admin(struct ka_store *st, const char *login, const char *password,
                            char *pw_out, size_t pw_outsz, bool *created, struct ka_diag *diag)
{
	char hash[crypto_pwhash_STRBYTES];
	char random_pw[64];
	struct bootstrap_ctx ctx = {login, hash, false};
	int err;

	*created = false;
	if (!password) {
		unsigned char raw[12];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(random_pw, sizeof(random_pw), raw, sizeof(raw),
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		password = random_pw;
	}
	err = ka_auth_hash_password(hash, sizeof(hash), password);
	if (err)
		return ka_diag_set(diag, err, 0, 0, NULL, "could not hash the password");
	err = ka_store_transact(st, bootstrap_tx, &ctx, KA_STORE_ATTEMPTS, diag);
	if (err == KA_ERR_CONFLICT) /* another server made it at the same moment */
		err = 0;
	else if (!err && ctx.created) {
		*created = true;
		snprintf(pw_out, pw_outsz, "%s", password);
	}
	sodium_memzero(random_pw, sizeof(random_pw));
	return err;
}

/* ---- what anonymous readers see of people ---- */

static bool is_login_key(const char *key)
{
	static const char *const keys[] = {"actor", "by", "login", "author", "user_login"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

/* The display name of the user with `login`, or JSON null. */
static int display_name_of(json_t **out, struct ka_store *st, json_t *names, const char *login,
                           struct ka_diag *diag)
{
	json_t *known = json_object_get(names, login);
	struct ka_rows rows;
	int err;

	if (known) {
		*out = json_incref(known);
		return 0;
	}
	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT display_name FROM users WHERE login = ?",
	                    (struct ka_val[]){ka_text(login)}, 1, &rows, diag);
	if (!err) {
		const struct ka_val *v = rows.nrows == 1 ? ka_rows_at(&rows, 0, 0) : NULL;

		*out = v && v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
		json_object_set(names, login, *out);
	}
	ka_rows_release(&rows);
	return err;
}

static int redact(struct ka_store *st, json_t *v, json_t *names, struct ka_diag *diag, int depth)
{
	const char *key;
	json_t *m;
	void *tmp;
	size_t i;
	int err = 0;

	if (depth > 64)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
		{
			err = redact(st, m, names, diag, depth + 1);
			if (err)
				return err;
		}
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	json_object_foreach_safe(v, tmp, key, m)
	{
		if (!strcmp(key, "email")) {
			json_object_del(v, key);
		} else if (is_login_key(key) && json_is_string(m)) {
			json_t *name = NULL;

			err = display_name_of(&name, st, names, json_string_value(m), diag);
			if (err)
				return err;
			json_object_set_new(v, key, name);
		} else {
			err = redact(st, m, names, diag, depth + 1);
			if (err)
				return err;
		}
	}
	return 0;
}

int ka_auth_redact_for_anonymous(struct ka_store *st, json_t *v, struct ka_diag *diag)
{
	json_t *names = json_object(); /* login -> display name, for this walk */
	int err = redact(st, v, names, diag, 0);

	json_decref(names);
	return err;
}
