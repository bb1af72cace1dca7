/*
 * Role delegation by the role's holder (issue 11 §11): a person holding a
 * current owner-kind role gives a role of the same scheme, for the same
 * scope (process, unit or organisation), to another person, naming the
 * mandate source. Until now only an administrator could assign roles.
 *
 * Errors: 0 or a negative enum ka_err with diag set (element_id: the field).
 * Ownership: `in` is borrowed; *out is a new JSON reference for the caller.
 */
#ifndef KARTLA_DELEGATE_H
#define KARTLA_DELEGATE_H

#include <jansson.h>
#include <stdint.h>

#include "kartla/actor.h"
#include "kartla/err.h"
#include "kartla/store.h"

struct ka_delegate_in {
	int64_t from_assignment;    /* the delegator's own role assignment */
	int64_t person_id, role_id; /* who gets which role */
	const char *mandate_source; /* required, e.g. "delegasjonsreglementet" */
	const char *from_date;      /* YYYY-MM-DD; NULL: today */
	const char *to_date;        /* NULL: the delegator's end date (or none) */
};

#define KA_DELEGATE_MANDATE_MAX 500

/*
 * Creates the delegated role assignment in one write transaction with its
 * audit row ("delegate", role_assignment). KA_ERR_NOT_FOUND: no such
 * assignment; KA_ERR_PERM: not the actor's own, not an owner-kind role, or
 * not current; KA_ERR_INVALID naming person_id, role_id, mandate_source,
 * from_date or to_date. *out: the new assignment as JSON, with
 * "delegated_from".
 */
int ka_delegate_role(struct ka_store *st, const struct ka_actor *actor,
                     const struct ka_delegate_in *in, json_t **out, struct ka_diag *diag);

#endif
