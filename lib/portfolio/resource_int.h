/* Private to the resource engine (resource.c, resource_write.c). */
#ifndef KARTLA_LIB_RESOURCE_INT_H
#define KARTLA_LIB_RESOURCE_INT_H

#define KA_RES_MAX_COLS 24 /* columns of one description, at most */

#include <jansson.h>

#include "kartla/audit.h"
#include "kartla/store.h"

/*
 * The resources' notification hooks (resource_notify.c, struct ka_res
 * notify): a new role assignment tells its person; a mapping assignment
 * tells the people newly named in it (ordering owner, facilitators,
 * participants), matched by their name in the people register.
 */
int res_notify_role_assignment(struct ka_store *st, const struct ka_actor *actor,
                               const json_t *before, const json_t *after, struct ka_diag *diag);
int res_notify_mapping_assignment(struct ka_store *st, const struct ka_actor *actor,
                                  const json_t *before, const json_t *after, struct ka_diag *diag);

#endif
