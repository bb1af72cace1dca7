/*
 * The organisation side of the portfolio: role scheme presets (university,
 * municipality, generic), who counts as a facilitator, the mapping
 * assignment's status machine, the templates as validated forms, and the
 * handbook's Markdown. The server's api_org / api_handbook / api_forms /
 * api_assignments call these; the CLI may too.
 *
 * Ownership: returned strings and tables are static; json_t results are new
 * references owned by the caller.
 */
#ifndef KARTLA_ORG_H
#define KARTLA_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* ---- role schemes (roles_presets.c) ---- */

struct ka_role_preset_role {
	const char *key;
	const char *name_nb, *name_sv, *name_en; /* NULL when the language has no word */
	const char *level; /* "strategic", "tactical", "operational" or NULL */
	const char *kind;  /* roles.kind: drives permissions */
};

struct ka_role_preset {
	const char *key; /* "university", "municipality", "generic" */
	const char *name;
	const struct ka_role_preset_role *roles;
	size_t nroles;
};

/* The presets, in a fixed order; *n gets their count. */
const struct ka_role_preset *ka_role_presets(size_t *n);
/* A preset by key, or NULL. */
const struct ka_role_preset *ka_role_preset_find(const char *key);

/*
 * Inserts the preset as a role scheme with key `scheme_key` (the preset's
 * key when NULL) and its roles, inside the caller's transaction; the
 * facilitator roles get the required courses "method", "documentation" and
 * "risk_analysis" (created when missing). KA_ERR_CONFLICT when the scheme
 * key is taken, KA_ERR_NOT_FOUND for an unknown preset. *scheme_id gets the
 * new scheme's id.
 */
int ka_role_preset_install(struct ka_store *st, const char *preset, const char *scheme_key,
                           int64_t *scheme_id, struct ka_diag *diag);

/* ---- people and roles (portfolio_org.c) ---- */

/*
 * Whether the account `user_id` is linked to a person who holds, today
 * (`today` is YYYY-MM-DD), a role of kind facilitator or steward.
 */
int ka_org_is_facilitator(struct ka_store *st, int64_t user_id, const char *today, bool *out,
                          struct ka_diag *diag);

/*
 * Who lacks which required course: one row per (person, role, course)
 * where the person holds the role today and has no training record of the
 * course. Columns: person_id, person, role_id, role, course_id, course.
 */
int ka_org_missing_courses(struct ka_store *st, const char *today, struct ka_rows *out,
                           struct ka_diag *diag);


/* True when `s` is one of the values of `list`, written "a|b|c" (NULL: none). */
bool ka_enum_has(const char *list, const char *s);

#endif
