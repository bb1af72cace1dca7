/*
 * Mapping assignments (lib/portfolio/assignment.c): the status machine
 * planned -> ongoing -> analysed -> documented -> closed, the status
 * change, and the problems-and-ideas list's groups. Rows of assignments,
 * workshops and ideas are written through the resource engine.
 *
 * Ownership: json_t results are new references owned by the caller.
 */
#ifndef KARTLA_ASSIGNMENT_H
#define KARTLA_ASSIGNMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/resource.h"
#include "kartla/store.h"

/* Whether `s` is one of planned, ongoing, analysed, documented, closed. */
bool ka_assignment_status_valid(const char *s);
/*
 * Whether an assignment may go from `from` to `to`: one step forward, or
 * one step back before it is closed (rework); closed is final.
 */
bool ka_assignment_transition_ok(const char *from, const char *to);

/*
 * Moves assignment `id` to status `to` (facilitators and administrators:
 * KA_ERR_AUTH / KA_ERR_PERM): KA_ERR_INVALID (field "status") for an
 * unknown status, KA_ERR_NOT_FOUND, KA_ERR_STALE when `if_match` (the
 * version the client saw, -1 when none) is not the current version,
 * KA_ERR_CONFLICT (field "status") for a step the machine does not allow.
 * *out gets the assignment row as the assignments resource returns it and
 * *version its new version (on KA_ERR_STALE: the current one). Own transaction with an audit entry.
 */
int ka_assignment_set_status(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                             const char *to, int64_t if_match, json_t **out, int64_t *version,
                             struct ka_diag *diag);

/*
 * The groups of assignment `id`'s problems and ideas, as a new array of
 * {group_name (or null), count, votes, problems}; KA_ERR_NOT_FOUND when
 * there is no such assignment.
 */
int ka_assignment_idea_groups(struct ka_store *st, int64_t id, json_t **out, struct ka_diag *diag);

/* ---- problems and ideas (assignment_ideas.c) ---- */

/*
 * Casts (or, withdraw, takes back) one of the actor's votes on idea `id`:
 * anyone signed in (KA_ERR_AUTH). When the idea's workshop gives N votes
 * per participant, the actor has N votes over that workshop's ideas and may
 * put several on one idea; otherwise one vote per person and idea.
 * KA_ERR_NOT_FOUND for no such idea or, on withdraw, no vote;
 * KA_ERR_CONFLICT when the actor has voted already (or used all N).
 * *out gets the idea as the ideas resource returns it and etag its ETag.
 */
int ka_assignment_vote(struct ka_store *st, const struct ka_actor *actor, int64_t id, bool withdraw,
                       json_t **out, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

/*
 * Records `dots` (0 to 100000) from workshop `workshop`'s wall on idea `id`
 * (facilitators and administrators), replacing what was recorded for that
 * workshop before; the idea's dots are the sum over its workshops, and the
 * board shows dots + votes. KA_ERR_NOT_FOUND for no such idea,
 * KA_ERR_INVALID naming workshop_id when the workshop belongs to another
 * assignment. *out and etag as for ka_assignment_vote. Audited ("dots").
 */
int ka_assignment_record_dots(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                              int64_t workshop, int64_t dots, json_t **out,
                              char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

/*
 * Appends assignment `id`'s activity plan (the plan_items rows) to `out` as
 * CSV: UTF-8 with a BOM, semicolons, CRLF, headings and status words in
 * `lang` (nb, sv, en; anything else: en). KA_ERR_NOT_FOUND for no such
 * assignment. Its own read transaction.
 */
int ka_assignment_plan_csv(struct ka_store *st, int64_t id, const char *lang, struct ka_buf *out,
                           struct ka_diag *diag);

/* Where an idea goes in an activity plan (strings borrowed; NULL when not given). */
struct ka_assignment_plan {
	bool has_form_id;
	int64_t
	    form_id; /* the activity plan; none: the newest draft of the process, or a new one */
	const char *responsible, *due_date;
};

/*
 * Puts open idea `idea` into an activity plan as a planned item and marks
 * the idea planned (facilitators and administrators). KA_ERR_CONFLICT
 * when the idea is not open, KA_ERR_INVALID naming form_id or due_date.
 * *out gets {form_id, idea_id, item}. Own transaction, audited.
 */
int ka_assignment_plan_idea(struct ka_store *st, const struct ka_actor *actor, int64_t idea,
                            const struct ka_assignment_plan *in, json_t **out,
                            struct ka_diag *diag);

#endif
