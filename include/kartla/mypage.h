/*
 * My page: what is the signed-in user's own through their person record,
 * their roles and their assignments, read in one read-only snapshot:
 * processes by role (process, unit and organisation scope), versions waiting
 * for their decision (ka_gov_check on each submitted version), their reviews
 * (owner, inherited, or responsible), their open risk actions, their
 * submissions with the outcome and the decider's comment, their open
 * training tasks, comments on their versions made since they last acted on
 * them, and their mapping assignments. Nothing workspace-wide: "sees" says
 * whether the user's role covers the workspace-wide lists (overdue items,
 * the review list), which live on their own pages, and whether all of them
 * or (for an owner) their area's.
 *
 * Ownership: the json_t result is a new reference the caller decrefs.
 */
#ifndef KARTLA_MYPAGE_H
#define KARTLA_MYPAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

/*
 * The overview of `actor` on `today` (YYYY-MM-DD; NULL: today) as a new
 * object {today, person: {id, name} | null, roles: [{role: {id, key, kind,
 * name_nb, name_sv, name_en}, scope, unit, processes: [{id, outline, name,
 * status}]}], approvals: [{version_id, process_id, outline, name, number,
 * variant, submitted_at, submitted_by, note}], reviews: [{id, outline, name,
 * next_review_date, review_interval_days, light, days_left, kind}],
 * actions: [{id, title, due_date, status, overdue, risk_id, risk_title,
 * process_id}], submissions: [{version_id, process_id, outline, name,
 * number, state, submitted_at, note, decided_at, decided_by, decision,
 * decision_comment}], courses: [{id, title, due_date, overdue,
 * process_id}], comments: [{version_id, process_id, outline, name, number,
 * by, at, comment}], assignments: [{id, title, status, due_date, overdue,
 * process_id, as}], sees: {workspace, all}} where each `name` is {nb, sv, en}:
 * `workspace` when the user's role covers workspace-wide lists (admin,
 * owner, facilitator, steward), `all` when not only their own area (not
 * only an owner).
 * KA_ERR_AUTH for an anonymous actor (user_id 0).
 */
int ka_mypage_overview(struct ka_store *st, const struct ka_actor *actor, const char *today,
                       json_t **out, struct ka_diag *diag);

/* What workspace-wide lists a user's roles cover (my page's "sees"). */
struct ka_mypage_sees {
	int64_t person; /* the user's person id; 0 when none */
	bool workspace; /* any workspace-wide list: admin, owner, facilitator, steward */
	bool all;       /* all of it: admin, facilitator, steward (else an owner: their area) */
	bool owner;     /* holds an owner role today */
};

/*
 * Fills *out for `actor` on `today` (NULL: today) inside the caller's
 * transaction or autocommit. An anonymous actor covers nothing. Used by
 * my page and by the libraries that guard workspace-wide lists (the review
 * list, overdue risk actions).
 */
int ka_mypage_sees(struct ka_store *st, const struct ka_actor *actor, const char *today,
                   struct ka_mypage_sees *out, struct ka_diag *diag);

#endif
