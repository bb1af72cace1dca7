/*
 * Governance of map versions: a draft (or rejected) version is submitted
 * by a process editor, the process owner approves or rejects it (an
 * administrator only while nobody holds the owner role on the process),
 * and anyone with a role on the process comments. Approval supersedes the
 * variant's previous approved version (its element rows leave the index),
 * sets the process status and specification, moves the next review date by
 * the review interval and records a training task per person holding a
 * role on the process itself, and, in the same transaction, a read-confirmation
 * task (readconf.h) per person holding a role on the process or an ancestor,
 * the approver excepted.
 *
 * Segregation of duties: nobody approves or rejects a version they
 * submitted (at any time: a resubmission by someone else does not clear
 * it), whatever their roles (owner rights are inherited from parent
 * processes, so a move can make a submitter an owner), unless the
 * workspace setting 'owners_approve_own' is 'true' and they hold the owner
 * role on the process.
 */
#ifndef KARTLA_GOVERNANCE_H
#define KARTLA_GOVERNANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/mapver.h"
#include "kartla/store.h"

enum ka_gov_action { KA_GOV_SUBMIT, KA_GOV_APPROVE, KA_GOV_REJECT, KA_GOV_COMMENT };

/* "submit", "approve", "reject", "comment". */
const char *ka_gov_action_name(enum ka_gov_action a);

/* The facts a decision depends on. */
struct ka_gov_facts {
	unsigned roles;          /* KA_ROLE_* the actor holds on the process today */
	bool is_admin;           /* the actor is an administrator */
	bool has_owner;          /* someone holds the owner role on the process today */
	bool is_submitter;       /* the actor submitted the version (at any time) */
	bool owners_approve_own; /* the workspace setting */
	const char *state;       /* the version's state */
};

/*
 * The rule, without the database: 0 when the action is allowed,
 * KA_ERR_PERM (who may not) or KA_ERR_CONFLICT (the state forbids it) with
 * the reason in diag. Permission is checked before the state, and the
 * segregation of duties last.
 */
int ka_gov_check(const struct ka_gov_facts *f, enum ka_gov_action a, int64_t version_id,
                 struct ka_diag *diag);

/*
 * Applies `action` by `actor` to version `version_id` in one transaction
 * (retried when busy): checks with ka_gov_check on the facts read in the
 * same transaction, changes the version and the process, records the
 * approvals row and the audit rows. `process_id` 0 means the version's own
 * process; otherwise a version of another process is KA_ERR_NOT_FOUND.
 * `comment` (borrowed, may be NULL) is required for reject and comment
 * (KA_ERR_INVALID, field "comment"). `if_match` is the version counter the
 * client read, or -1 for no check (KA_ERR_STALE; comments ignore it).
 * Fills *out with the version after the action (on KA_ERR_STALE, as it is).
 */
int ka_gov_decide(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                  int64_t version_id, enum ka_gov_action action, const char *comment,
                  int64_t if_match, struct ka_mapver *out, struct ka_diag *diag);

/*
 * Reads the facts of ka_gov_check for `actor` and version `version_id` of
 * process `process_id` in state `state` (borrowed into f->state) on `today`,
 * inside the caller's transaction.
 */
int ka_gov_facts_read(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                      int64_t version_id, const char *state, const char *today,
                      struct ka_gov_facts *f, struct ka_diag *diag);

/* What an actor may do with a version now (ka_gov_check on today's facts). */
struct ka_gov_may {
	bool decide;       /* approve or reject */
	bool submit;       /* submit (a draft or rejected version) */
	bool comment;      /* comment */
	bool is_submitter; /* the actor submitted it (at any time) */
};

/*
 * Fills *out for `actor` (all false for an anonymous actor, user_id 0) and
 * version `version_id` of process `process_id`, in a read transaction, so
 * that a screen shows only the buttons the server would accept.
 * KA_ERR_NOT_FOUND for an unknown version.
 */
int ka_gov_may_do(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                  int64_t version_id, struct ka_gov_may *out, struct ka_diag *diag);

/* Reads the setting 'owners_approve_own' ('true' / 'false', absent: false). */
int ka_gov_owners_approve_own(struct ka_store *st, bool *out, struct ka_diag *diag);

#endif
