/*
 * Review dates of the process architecture: each process with its next
 * review date and traffic light (ka_review_light in portfolio.h), and
 * what is overdue elsewhere (mapping assignments, training tasks, risk
 * actions, activity-plan items). Read in one read-only snapshot.
 */
#ifndef KARTLA_REVIEW_H
#define KARTLA_REVIEW_H

#include <jansson.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/store.h"

struct ka_review_filter {
	int64_t owner;     /* a person id: processes this person owns (inherited) and what is
	                      overdue in them; 0 all */
	const char *light; /* "red", "yellow", "green" or NULL */
	int64_t limit, offset;
};

/*
 * The review list on `today` (YYYY-MM-DD; NULL: today): *items a new array
 * of {id, outline, name{nb,sv,en}, status, review_interval_days,
 * next_review_date, light, days_left, owner} for non-retired processes
 * with a date, by date then id (one page; *total all that match), and
 * *overdue a new array of {kind, id, title, due_date, process_id} (kinds
 * assignment, training_task, risk_action, and activity with "item").
 * A bad light is KA_ERR_USAGE with the field "light".
 * `actor` NULL is the system (everything); otherwise only roles that cover
 * the workspace read it (ka_mypage_sees: administrators, facilitators and
 * stewards everything, an owner only the processes they own, f->owner
 * forced to them): KA_ERR_AUTH anonymous, KA_ERR_PERM anyone else.
 */
int ka_review_list(struct ka_store *st, const struct ka_actor *actor,
                   const struct ka_review_filter *f, const char *today, json_t **items,
                   int64_t *total, json_t **overdue, struct ka_diag *diag);

#endif
