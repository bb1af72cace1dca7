/*
 * Role schemes: the presets (the Norwegian university model, the Swedish
 * municipality model and a generic one), installing one as an editable
 * scheme, the one active scheme, and who counts as a facilitator (holds a
 * role of kind facilitator or steward today). The server's api_org calls
 * these; the CLI may too.
 *
 * Ownership: the presets are static; json_t results are new references
 * owned by the caller.
 */
#ifndef KARTLA_ROLES_H
#define KARTLA_ROLES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/resource.h"
#include "kartla/store.h"

struct ka_roles_preset_role {
	const char *key;
	const char *name_nb, *name_sv, *name_en; /* NULL when the language has no word */
	const char *level; /* "strategic", "tactical", "operational" or NULL */
	const char *kind;  /* roles.kind: drives permissions */
};

struct ka_roles_preset {
	const char *key; /* "university", "municipality", "generic" */
	const char *name;
	const struct ka_roles_preset_role *roles;
	size_t nroles;
};

/* The presets, in a fixed order; *n gets their count. */
const struct ka_roles_preset *ka_roles_presets(size_t *n);
/* A preset by key, or NULL. */
const struct ka_roles_preset *ka_roles_preset_find(const char *key);

/* The presets as {"items":[{key, name, roles:[{key, name_nb, ..., level, kind}]}]}. */
json_t *ka_roles_presets_json(void);

/*
 * Inserts the preset as a role scheme with key `scheme_key` (the preset's
 * key when NULL) and its roles, inside the caller's transaction; the
 * facilitator roles get the required courses "method", "documentation" and
 * "risk_analysis" (created when missing). KA_ERR_CONFLICT when the scheme
 * key is taken, KA_ERR_NOT_FOUND for an unknown preset. *scheme_id gets the
 * new scheme's id.
 */
int ka_roles_preset_install(struct ka_store *st, const char *preset, const char *scheme_key,
                            int64_t *scheme_id, struct ka_diag *diag);

/*
 * The administrator's action: installs `preset` (KA_ERR_INVALID naming
 * "preset" when unknown) as scheme `scheme_key` (NULL: the preset's key;
 * KA_ERR_CONFLICT naming "key" when taken), activates it when `activate`,
 * with audit entries, in one write transaction. out gets the new scheme
 * as JSON, its ETag and id.
 */
int ka_roles_preset_create(struct ka_store *st, const struct ka_actor *actor, const char *preset,
                           const char *scheme_key, bool activate, struct ka_res_result *out,
                           struct ka_diag *diag);

/*
 * Makes scheme `id` the one active scheme (and the setting role_scheme),
 * with an audit entry; KA_ERR_NOT_FOUND when there is no such scheme.
 * out gets the scheme as JSON and its ETag.
 */
int ka_roles_scheme_activate(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                             struct ka_res_result *out, struct ka_diag *diag);

/*
 * Whether the account `user_id` is linked to a person who holds, on `today`
 * (YYYY-MM-DD), a role of kind facilitator or steward.
 */
int ka_roles_is_facilitator(struct ka_store *st, int64_t user_id, const char *today, bool *out,
                            struct ka_diag *diag);

#endif
