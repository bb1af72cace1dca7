/*
 * Personal API tokens ("kt_" + 43 characters, sent as a Bearer token).
 * Stored only as their BLAKE2b hash. A token lives at most
 * KA_TOKEN_DAYS_MAX days (KA_TOKEN_DAYS_DEFAULT unless asked), and ends with
 * every credential reset of its user: their own password change, an
 * admin's password reset, and disabling the account (user.h revokes them in
 * the same transaction), as sessions do.
 */
#ifndef KARTLA_TOKEN_H
#define KARTLA_TOKEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/auth.h"

#define KA_TOKEN_DAYS_DEFAULT 90
#define KA_TOKEN_DAYS_MAX     365

/*
 * Resolves a Bearer token. KA_ERR_AUTH when it is unknown, revoked, expired
 * (also a token made before lifetimes existed, once it is older than
 * KA_TOKEN_DAYS_MAX days) or its user is disabled. Records the last use to
 * the minute.
 */
int ka_token_resolve(struct ka_principal *out, struct ka_store *st,
                     const struct ka_auth_policy *pol, const char *token, struct ka_diag *diag);

/* The user's live tokens as a new JSON array of
 * {id,name,prefix,created_at,last_used_at,expires_at}. */
int ka_token_list(json_t **items, struct ka_store *st, int64_t user_id, struct ka_diag *diag);

/*
 * Creates a token for the actor: `days` 1..KA_TOKEN_DAYS_MAX, or 0 for the
 * default. *out is the token's JSON plus "token" (the secret, shown once).
 * KA_ERR_PERM when the caller is itself signed in with a token
 * (`via_token`); KA_ERR_INVALID for a bad name or days (diag names the field).
 */
int ka_token_create(json_t **out, int64_t *id, struct ka_store *st,
                    const struct ka_auth_policy *pol, const struct ka_actor *actor, bool via_token,
                    const char *name, int64_t days, struct ka_diag *diag);

/* Revokes a token of the actor (an admin: anyone's). KA_ERR_NOT_FOUND when there is none. */
int ka_token_revoke(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                    struct ka_diag *diag);

/* Inside the caller's write transaction: revokes every live token of a user. */
int ka_token_revoke_all(struct ka_store *st, const struct ka_auth_policy *pol, int64_t user_id,
                        struct ka_diag *diag);

#endif
