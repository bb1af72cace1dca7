/*
 * Read confirmation of approved map versions (issue 13 §4): when a version
 * is approved, every person holding a role on the process (or one of its
 * ancestors) in the active role scheme gets a "read and understood" task,
 * except the approver; the person confirms it (once; again is a no-op);
 * the owner, the responsible/leader and administrators see who has
 * confirmed and who has not; reminders go out after the workspace setting
 * read_confirmation_reminder_days (default 7, 0 = off), each once per
 * period.
 *
 * Ownership: json_t results are new references owned by the caller; the
 * strings of a struct ka_readconf_reminder are borrowed for the duration
 * of the callback only.
 */
#ifndef KARTLA_READCONF_H
#define KARTLA_READCONF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* The setting and its default; 0 switches reminders off. */
#define KA_READCONF_SETTING      "read_confirmation_reminder_days"
#define KA_READCONF_DEFAULT_DAYS 7
#define KA_READCONF_MAX_DAYS     365

/*
 * Whether a reminder is due at `now` for a task created at `created_at`
 * and last reminded at `reminded_at` (NULL: never), confirmed at
 * `confirmed_at` (NULL: open), with a period of `days`: never when the
 * task is confirmed or days <= 0; otherwise when at least `days` whole
 * days (by date, UTC) have passed since the last reminder, or since the
 * task was created when there was none. Timestamps "YYYY-MM-DD..." ; a
 * timestamp that does not parse is never due. Pure.
 */
bool ka_readconf_reminder_due(const char *created_at, const char *reminded_at,
                              const char *confirmed_at, int64_t days, const char *now);

/*
 * The setting read_confirmation_reminder_days from the settings table
 * (absent or not a number in 0..KA_READCONF_MAX_DAYS: the default), in
 * the caller's transaction or none.
 */
int ka_readconf_reminder_days(struct ka_store *st, int64_t *days, struct ka_diag *diag);

/*
 * The people who get a task when a version of `process_id` is approved by
 * `approver_user_id` on `today`: those holding, on that date, a role of the
 * active role scheme (any scheme while none is active) assigned to the
 * process or one of its ancestors, without the approver's own person.
 * Organisation-wide and unit assignments do not name a process and count
 * not. Fills `out` (caller releases) with one row per person: person_id,
 * name, user_id (or NULL), ordered by name and id. Caller's transaction.
 */
int ka_readconf_recipients(struct ka_store *st, int64_t process_id, int64_t approver_user_id,
                           const char *today, struct ka_rows *out, struct ka_diag *diag);

/*
 * Inside the approval's own transaction: creates the tasks of version
 * `version_id` (ka_readconf_recipients) at `now`; existing tasks of the
 * version are kept. *created (may be NULL) gets the number of new tasks.
 */
int ka_readconf_create(struct ka_store *st, int64_t process_id, int64_t version_id,
                       int64_t approver_user_id, const char *today, const char *now,
                       int64_t *created, struct ka_diag *diag);

/*
 * The open tasks of the person linked to `actor` (none when the account
 * has no person), newest first, as {items:[{id, version_id, process_id,
 * outline, process:{nb,sv,en}, version_number, variant, approved_at,
 * created_at, reminded_at, reminders, reminder, link}], reminder_days}.
 * `reminder` is true when the task is older than the reminder period;
 * `link` is the UI path of the version's changes. `now` NULL: the clock.
 */
int ka_readconf_mine(struct ka_store *st, const struct ka_actor *actor, const char *now,
                     json_t **out, struct ka_diag *diag);

/*
 * Confirms task `id` for its own person only (KA_ERR_PERM for anyone
 * else, administrators included: a confirmation is personal;
 * KA_ERR_NOT_FOUND when there is no such task). Confirming again changes
 * nothing and answers the task as it is. One write transaction with an
 * audit row (first confirmation only). *out gets the task as JSON.
 */
int ka_readconf_confirm(struct ka_store *st, const struct ka_actor *actor, int64_t id, json_t **out,
                        struct ka_diag *diag);

/*
 * Who has confirmed version `version_id` of process `process_id` and who
 * has not: for the process's owner, its responsible/leader (roles on the
 * process or an ancestor) and administrators (KA_ERR_PERM otherwise;
 * KA_ERR_NOT_FOUND for an unknown process or a version of another one).
 * {process_id, version_id, version_number, state, total, confirmed,
 * reminder_days, items:[{id, person_id, person, confirmed_at, created_at,
 * reminded_at, reminders, reminder}]} (unconfirmed first, then by name).
 */
int ka_readconf_status(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                       int64_t version_id, json_t **out, struct ka_diag *diag);

/* One task a reminder goes out for; strings borrowed for the callback. */
struct ka_readconf_reminder {
	int64_t id, version_id, process_id, version_number;
	int64_t person_id, user_id;                       /* user_id 0: the person has no account */
	const char *person, *email;                       /* email NULL when unknown */
	const char *process_nb, *process_sv, *process_en; /* NULL when the language has no name */
	const char *created_at;
	int64_t reminders; /* reminders sent before this one */
};

/*
 * Called once per reminder inside the write transaction that marks it
 * (so it may queue a message through `st`, and a failure (non-zero
 * return) rolls the marks back). A busy transaction is retried, so the
 * callback may see a task again: it must write only through `st`.
 */
typedef int (*ka_readconf_cb)(struct ka_store *st, const struct ka_readconf_reminder *r, void *ctx,
                              struct ka_diag *diag);

/*
 * The background job: in one write transaction, every open task whose
 * reminder is due at `now` (NULL: the clock; ka_readconf_reminder_due with
 * the setting) is passed to `cb` (may be NULL) and marked reminded
 * (reminded_at = now, reminders + 1), so each goes out once per period.
 * Nothing when the setting is 0.
 */
int ka_readconf_due_reminders(struct ka_store *st, const char *now, ka_readconf_cb cb, void *ctx,
                              struct ka_diag *diag);

/*
 * The owner's "send reminders now" for version `version_id` (who may:
 * as ka_readconf_status): every open task not already reminded today is
 * passed to `cb` (may be NULL) and marked reminded, with an audit row, in
 * one write transaction. *count gets the number of reminders.
 */
int ka_readconf_remind_now(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                           int64_t version_id, const char *now, ka_readconf_cb cb, void *ctx,
                           int64_t *count, struct ka_diag *diag);

/*
 * A ka_readconf_cb that queues the reminder as an e-mail (lib/notify,
 * kind "read_reminder") to the task's person, in the marking transaction;
 * ctx unused. Pass it to ka_readconf_due_reminders and ka_readconf_remind_now.
 */
int ka_readconf_queue_mail(struct ka_store *st, const struct ka_readconf_reminder *r, void *ctx,
                           struct ka_diag *diag);

#endif
