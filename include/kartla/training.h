/*
 * Training: who lacks which course their roles require (the facilitator:
 * method, documentation, risk analysis). Courses, required courses and
 * training records themselves are resources (resource_org.h).
 *
 * Ownership: json_t results are new references owned by the caller.
 */
#ifndef KARTLA_TRAINING_H
#define KARTLA_TRAINING_H

#include <jansson.h>

#include "kartla/err.h"
#include "kartla/store.h"

/* The columns of a row of ka_training_missing. */
enum ka_training_col {
	KA_TRAINING_COL_PERSON_ID,
	KA_TRAINING_COL_PERSON,
	KA_TRAINING_COL_ROLE_ID,
	KA_TRAINING_COL_ROLE,
	KA_TRAINING_COL_COURSE_ID,
	KA_TRAINING_COL_COURSE,
	KA_TRAINING_COL_COUNT
};

/*
 * Who lacks which required course: one row per (person, role, course)
 * where the person holds the role on `today` and has no training record of
 * the course. Columns: enum ka_training_col (person_id, person, role_id,
 * role, course_id, course). Inside the caller's transaction or none.
 */
int ka_training_missing(struct ka_store *st, const char *today, struct ka_rows *out,
                        struct ka_diag *diag);

/*
 * The same grouped by person, in one read transaction, as
 * {"date": today, "items": [{person_id, person, missing: [{role_id, role,
 * course_id, course}]}]}. today: YYYY-MM-DD, or NULL for today (UTC).
 */
int ka_training_missing_json(struct ka_store *st, const char *today, json_t **out,
                             struct ka_diag *diag);

#endif
