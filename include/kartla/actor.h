/*
 * Who acts, from the command line: the account behind a login name, as the
 * struct ka_actor (kartla/audit.h) that library writes take. The server
 * gets its actor from the session instead.
 */
#ifndef KARTLA_ACTOR_H
#define KARTLA_ACTOR_H

#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

#define KA_ACTOR_NAME_MAX 128

/*
 * Fills *out with the enabled account named `login` (out->name points at
 * `name`, which the caller keeps). KA_ERR_NOT_FOUND (field "login") when
 * there is no such account or it is disabled. Runs in the caller's
 * transaction, or a read transaction of its own.
 */
int ka_actor_by_login(struct ka_store *st, const char *login, struct ka_actor *out,
                      char name[KA_ACTOR_NAME_MAX], struct ka_diag *diag);

#endif
