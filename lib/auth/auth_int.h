/* Inside lib/auth: helpers shared by its files. */
#ifndef KARTLA_AUTH_INT_H
#define KARTLA_AUTH_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "kartla/auth.h"
#include "kartla/cols.h"

/* The user columns (kartla/cols.h); the last is only for the ETag (a password change changes it).
 */
#define AUTH_USER_COLUMNS                                                                          \
	"id", "login", "display_name", "email", "is_admin", "disabled", "created_at",              \
	    "updated_at", "password_hash"
#define AUTH_USER_COLS KA_COLS_SQL(AUTH_USER_COLUMNS)
enum auth_user_col {
	AU_ID,
	AU_LOGIN,
	AU_DISPLAY_NAME,
	AU_EMAIL,
	AU_IS_ADMIN,
	AU_DISABLED,
	AU_CREATED_AT,
	AU_UPDATED_AT,
	AU_PASSWORD_HASH,
	AU_COUNT
};
KA_COLS_CHECK(AUTH_USER_COLUMNS, AU_COUNT);

/*
 * The columns a principal is read from, first in the session's and the
 * token's lookup (which add their own after them).
 */
#define AUTH_PRINCIPAL_COLUMNS "u.id", "u.login", "u.is_admin"
enum auth_principal_col { AP_USER_ID, AP_LOGIN, AP_IS_ADMIN, AP_COUNT };
KA_COLS_CHECK(AUTH_PRINCIPAL_COLUMNS, AP_COUNT);

/* A text value as a new JSON string, or null. */
json_t *auth_text_or_null(const struct ka_val *v);
/* Loads the user row (AUTH_USER_COLS) with `id` into rows (0 or 1 row). */
int auth_user_load(struct ka_rows *rows, struct ka_store *st, int64_t id, struct ka_diag *diag);
/* Row r of AUTH_USER_COLS as the user JSON (without the password hash). */
json_t *auth_user_json(const struct ka_rows *rows, size_t r);
/* Fills a principal's id, login and is_admin from row 0 (AUTH_PRINCIPAL_COLUMNS first). */
void auth_principal_set(struct ka_principal *p, const struct ka_rows *rows);
/*
 * Inserts a session row for user_id (the cookie's hash and the CSRF token) in
 * the caller's transaction, and clears expired sessions (session.c).
 */
int auth_session_insert(struct ka_store *st, const struct ka_auth_policy *pol, int64_t user_id,
                        const char *token_hash, const char *csrf, const char *ip,
                        const char *user_agent, struct ka_diag *diag);
/* One UPDATE in its own short transaction; a failure only costs bookkeeping. */
void auth_touch(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n);

#endif
