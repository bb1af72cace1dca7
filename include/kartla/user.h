/*
 * User accounts: the admin's list, creating and updating accounts, reading
 * one's own or (admins) anyone's, and changing one's own password (checked
 * against the current one and throttled like a login, throttle.h). A new
 * password or a disabled account ends the account's sessions and revokes
 * its API tokens in the same transaction. Every write is audited.
 *
 * A user as JSON: {id, login, display_name, email, is_admin, disabled,
 * created_at, updated_at}. Its ETag is a hash of the whole stored row
 * (password hash included), as users have no version column.
 */
#ifndef KARTLA_USER_H
#define KARTLA_USER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/auth.h"

#define KA_USER_ETAG_LEN  32 /* "h" + 16 hex digits, with the NUL */
#define KA_USER_EMAIL_MAX 254

/* A new account. Strings borrowed; email may be NULL. */
struct ka_user_new {
	const char *login, *display_name, *email, *password;
	bool is_admin;
};

/* Changes to an account; NULL / false members leave a field alone. */
struct ka_user_patch {
	const char *display_name;
	bool has_email;
	const char *email; /* with has_email: NULL clears it */
	const char *password;
	bool has_admin, is_admin;
	bool has_disabled, disabled;
	const char *if_match; /* the If-Match header, or NULL */
};

/* One page of accounts by login, and their number. */
int ka_user_list(json_t **items, int64_t *total, struct ka_store *st, int64_t limit, int64_t offset,
                 struct ka_diag *diag);

/* One account: the actor's own, or anyone's for an admin (else KA_ERR_PERM). */
int ka_user_get(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                const struct ka_actor *actor, int64_t id, struct ka_diag *diag);

/*
 * Creates an account (admins). KA_ERR_INVALID naming the field for a bad
 * login, display name or password; KA_ERR_CONFLICT when the login is taken.
 */
int ka_user_create(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                   const struct ka_actor *actor, const struct ka_user_new *in,
                   struct ka_diag *diag);

/*
 * Updates an account (admins). KA_ERR_STALE when If-Match does not match
 * (etag then holds the current ETag); KA_ERR_CONFLICT when admins would
 * disable themselves or take away their own right; KA_ERR_NOT_FOUND.
 */
int ka_user_update(json_t **out, char etag[KA_USER_ETAG_LEN], struct ka_store *st,
                   const struct ka_auth_policy *pol, const struct ka_actor *actor, int64_t id,
                   const struct ka_user_patch *in, struct ka_diag *diag);

/*
 * Changes the principal's own password. KA_ERR_INVALID (field
 * "current_password") when the current one is wrong, (field
 * "new_password") when the new one breaks the rules; KA_ERR_LIMIT with
 * *retry_after when throttled (the guesses count with the login's, per
 * address). Ends the user's other sessions and revokes all their tokens.
 */
int ka_user_change_password(unsigned *retry_after, struct ka_store *st,
                            const struct ka_auth_policy *pol, const struct ka_principal *p,
                            const char *ip, const char *current, const char *next,
                            struct ka_diag *diag);

#endif
