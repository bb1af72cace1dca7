/*
 * Read confirmation, the owner's side (readconf.h): who has confirmed a
 * version and who has not, the owner's "send reminders now", and the
 * background job that marks due reminders once per period and hands each
 * to a callback (the e-mail outbox) inside the same transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/notify.h"
#include "kartla/portfolio.h"
#include "kartla/readconf.h"
#include "readconf_int.h"
#include "kartla/banned.h"

/* ---- who may see a version's confirmations ---- */

/* The version belongs to the process (404), and the actor is its owner, leader or an admin. */
static int check_owner(struct ka_store *st, const struct ka_actor *actor, int64_t pid, int64_t vid,
                       struct ka_rows *ver, struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	unsigned roles = 0;
	int err;

	err = ka_store_exec(st,
	                    "SELECT mv.number, mv.state FROM map_versions mv"
	                    " WHERE mv.id = ? AND mv.process_id = ?",
	                    (struct ka_val[]){ka_int(vid), ka_int(pid)}, 2, ver, diag);
	if (!err && ver->nrows != 1)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                   "no map version %" PRId64 " of process %" PRId64, vid, pid);
	if (err || actor->is_admin)
		return err;
	ka_date_today(today);
	err = ka_portfolio_roles(st, pid, actor->user_id, today, &roles, diag);
	if (!err && !(roles & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE)))
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "%s",
		                  "only the process owner, its responsible/leader or an "
		                  "administrator sees who has confirmed a version");
	return err;
}

/* ---- the status of a version ---- */

#define STATUS_COLUMNS                                                                             \
	"rc.id", "rc.person_id", "pe.name", "rc.created_at", "rc.confirmed_at", "rc.reminded_at",  \
	    "rc.reminders"
#define STATUS_COLS KA_COLS_SQL(STATUS_COLUMNS)
enum status_col {
	SC_ID,
	SC_PERSON_ID,
	SC_NAME,
	SC_CREATED,
	SC_CONFIRMED,
	SC_REMINDED,
	SC_REMINDERS,
	SC_COUNT
};
KA_COLS_CHECK(STATUS_COLUMNS, SC_COUNT);

struct status_ctx {
	const struct ka_actor *actor;
	int64_t pid, vid;
	json_t *out;
};

static json_t *status_item(const struct ka_rows *r, size_t i, int64_t days, const char *now)
{
	const struct ka_val *created = ka_rows_at(r, i, SC_CREATED);
	const struct ka_val *confirmed = ka_rows_at(r, i, SC_CONFIRMED);

	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:b}", "id",
	                 (json_int_t)ka_rows_at(r, i, SC_ID)->i, "person_id",
	                 (json_int_t)ka_rows_at(r, i, SC_PERSON_ID)->i, "person",
	                 readconf_text(ka_rows_at(r, i, SC_NAME)), "created_at",
	                 readconf_text(created), "confirmed_at", readconf_text(confirmed),
	                 "reminded_at", readconf_text(ka_rows_at(r, i, SC_REMINDED)), "reminders",
	                 (json_int_t)ka_rows_at(r, i, SC_REMINDERS)->i, "reminder",
	                 created->type == KA_VAL_TEXT &&
	                     ka_readconf_reminder_due(
	                         created->s, NULL,
	                         confirmed->type == KA_VAL_TEXT ? confirmed->s : NULL, days, now));
}

static int status_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct status_ctx *c = vctx;
	struct ka_rows ver, r;
	char now[KA_TIME_LEN];
	int64_t days, done = 0;
	json_t *items;
	size_t i;
	int err;

	ka_rows_init(&ver);
	ka_rows_init(&r);
	ka_date_now(now);
	err = check_owner(st, c->actor, c->pid, c->vid, &ver, diag);
	if (!err)
		err = ka_readconf_reminder_days(st, &days, diag);
	if (!err)
		err =
		    ka_store_exec(st,
		                  "SELECT " STATUS_COLS " FROM read_confirmations rc"
		                  " JOIN people pe ON pe.id = rc.person_id WHERE rc.version_id = ?"
		                  " ORDER BY CASE WHEN rc.confirmed_at IS NULL THEN 0 ELSE 1 END,"
		                  " pe.name, rc.id",
		                  (struct ka_val[]){ka_int(c->vid)}, 1, &r, diag);
	if (!err) {
		items = json_array();
		for (i = 0; i < r.nrows; i++) {
			done += ka_rows_at(&r, i, SC_CONFIRMED)->type != KA_VAL_NULL;
			json_array_append_new(items, status_item(&r, i, days, now));
		}
		c->out = json_pack("{s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:o}", "process_id",
		                   (json_int_t)c->pid, "version_id", (json_int_t)c->vid,
		                   "version_number", (json_int_t)ka_rows_at(&ver, 0, 0)->i, "state",
		                   readconf_text(ka_rows_at(&ver, 0, 1)), "total",
		                   (json_int_t)r.nrows, "confirmed", (json_int_t)done,
		                   "reminder_days", (json_int_t)days, "items", items);
	}
	ka_rows_release(&r);
	ka_rows_release(&ver);
	return err;
}

int ka_readconf_status(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                       int64_t version_id, json_t **out, struct ka_diag *diag)
{
	struct status_ctx c = {actor, process_id, version_id, NULL};
	int err;

	*out = NULL;
	if (!actor->user_id && !actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "sign in to see who has confirmed a version");
	err = readconf_read(st, status_fn, &c, diag);
	if (!err)
		*out = c.out;
	else
		json_decref(c.out);
	return err;
}

/* ---- reminders ---- */

#define REM_COLUMNS                                                                                \
	"rc.id", "rc.version_id", "mv.process_id", "mv.number", "rc.person_id", "pe.user_id",      \
	    "pe.name", "COALESCE(pe.email, u.email)", "p.name_nb", "p.name_sv", "p.name_en",       \
	    "rc.created_at", "rc.reminded_at", "rc.reminders"
#define REM_COLS KA_COLS_SQL(REM_COLUMNS)
enum rem_col {
	RC_ID,
	RC_VERSION_ID,
	RC_PROCESS_ID,
	RC_NUMBER,
	RC_PERSON_ID,
	RC_USER_ID,
	RC_PERSON,
	RC_EMAIL,
	RC_NAME_NB,
	RC_NAME_SV,
	RC_NAME_EN,
	RC_CREATED,
	RC_REMINDED,
	RC_REMINDERS,
	RC_COUNT
};
KA_COLS_CHECK(REM_COLUMNS, RC_COUNT);

#define REM_FROM                                                                                   \
	" FROM read_confirmations rc JOIN people pe ON pe.id = rc.person_id"                       \
	" LEFT JOIN users u ON u.id = pe.user_id"                                                  \
	" JOIN map_versions mv ON mv.id = rc.version_id"                                           \
	" JOIN processes p ON p.id = mv.process_id"

static const char *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? v->s : NULL;
}

/* Hands row i to cb and marks it reminded at `now`. */
static int remind_row(struct ka_store *st, const struct ka_rows *r, size_t i, const char *now,
                      ka_readconf_cb cb, void *ctx, struct ka_diag *diag)
{
	const struct ka_val *uid = ka_rows_at(r, i, RC_USER_ID);
	struct ka_readconf_reminder m = {
	    .id = ka_rows_at(r, i, RC_ID)->i,
	    .version_id = ka_rows_at(r, i, RC_VERSION_ID)->i,
	    .process_id = ka_rows_at(r, i, RC_PROCESS_ID)->i,
	    .version_number = ka_rows_at(r, i, RC_NUMBER)->i,
	    .person_id = ka_rows_at(r, i, RC_PERSON_ID)->i,
	    .user_id = uid->type == KA_VAL_INT ? uid->i : 0,
	    .person = text_or_null(ka_rows_at(r, i, RC_PERSON)),
	    .email = text_or_null(ka_rows_at(r, i, RC_EMAIL)),
	    .process_nb = text_or_null(ka_rows_at(r, i, RC_NAME_NB)),
	    .process_sv = text_or_null(ka_rows_at(r, i, RC_NAME_SV)),
	    .process_en = text_or_null(ka_rows_at(r, i, RC_NAME_EN)),
	    .created_at = text_or_null(ka_rows_at(r, i, RC_CREATED)),
	    .reminders = ka_rows_at(r, i, RC_REMINDERS)->i,
	};
	int err = cb ? cb(st, &m, ctx, diag) : 0;

	if (err)
		return err;
	return ka_store_exec(st,
	                     "UPDATE read_confirmations SET reminded_at = ?,"
	                     " reminders = reminders + 1 WHERE id = ?",
	                     (struct ka_val[]){ka_text(now), ka_int(m.id)}, 2, NULL, diag);
}

struct due_ctx {
	const char *now;
	ka_readconf_cb cb;
	void *ctx;
};

static int due_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct due_ctx *c = vctx;
	struct ka_rows r;
	int64_t days;
	size_t i;
	int err;

	err = ka_readconf_reminder_days(st, &days, diag);
	if (err || !days)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " REM_COLS REM_FROM " WHERE rc.confirmed_at IS NULL"
	                    " ORDER BY rc.id",
	                    NULL, 0, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		if (ka_readconf_reminder_due(text_or_null(ka_rows_at(&r, i, RC_CREATED)),
		                             text_or_null(ka_rows_at(&r, i, RC_REMINDED)), NULL,
		                             days, c->now))
			err = remind_row(st, &r, i, c->now, c->cb, c->ctx, diag);
	ka_rows_release(&r);
	return err;
}

int ka_readconf_due_reminders(struct ka_store *st, const char *now, ka_readconf_cb cb, void *ctx,
                              struct ka_diag *diag)
{
	char clock[KA_TIME_LEN];
	struct due_ctx c = {now, cb, ctx};

	if (!now) {
		ka_date_now(clock);
		c.now = clock;
	}
	return ka_store_transact(st, due_fn, &c, KA_STORE_ATTEMPTS, diag);
}

struct now_ctx {
	const struct ka_actor *actor;
	int64_t pid, vid;
	const char *now;
	ka_readconf_cb cb;
	void *ctx;
	int64_t count;
};

static int now_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct now_ctx *c = vctx;
	struct ka_rows ver, r;
	char day[KA_DATE_LEN];
	json_t *after;
	size_t i;
	int err;

	c->count = 0;
	snprintf(day, sizeof(day), "%.10s", c->now);
	ka_rows_init(&ver);
	ka_rows_init(&r);
	err = check_owner(st, c->actor, c->pid, c->vid, &ver, diag);
	/* Not twice on one day: a second click the same day reminds nobody again. */
	if (!err)
		err = ka_store_exec(
		    st,
		    "SELECT " REM_COLS REM_FROM " WHERE rc.version_id = ?"
		    " AND rc.confirmed_at IS NULL"
		    " AND (rc.reminded_at IS NULL OR substr(rc.reminded_at, 1, 10) <> ?)"
		    " ORDER BY rc.id",
		    (struct ka_val[]){ka_int(c->vid), ka_text(day)}, 2, &r, diag);
	for (i = 0; !err && i < r.nrows; i++, c->count++)
		err = remind_row(st, &r, i, c->now, c->cb, c->ctx, diag);
	if (!err) {
		after = json_pack("{s:I, s:I}", "reminded", (json_int_t)c->count, "number",
		                  (json_int_t)ka_rows_at(&ver, 0, 0)->i);
		err = ka_audit_write(st, c->actor, "remind", "map_version", c->vid, NULL, after,
		                     diag);
		json_decref(after);
	}
	ka_rows_release(&r);
	ka_rows_release(&ver);
	return err;
}

int ka_readconf_remind_now(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                           int64_t version_id, const char *now, ka_readconf_cb cb, void *ctx,
                           int64_t *count, struct ka_diag *diag)
{
	char clock[KA_TIME_LEN];
	struct now_ctx c = {actor, process_id, version_id, now, cb, ctx, 0};
	int err;

	*count = 0;
	if (!now) {
		ka_date_now(clock);
		c.now = clock;
	}
	if (strlen(c.now) < 10)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL, "bad time '%s'", c.now);
	if (!actor->user_id && !actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "sign in to send reminders");
	err = ka_store_transact(st, now_fn, &c, KA_STORE_ATTEMPTS, diag);
	if (!err)
		*count = c.count;
	return err;
}

int ka_readconf_queue_mail(struct ka_store *st, const struct ka_readconf_reminder *r, void *ctx,
                           struct ka_diag *diag)
{
	char link[96], number[32];
	struct ka_notify_msg m = {.kind = KA_NOTIFY_READ_REMINDER,
	                          .subject_nb = r->process_nb,
	                          .subject_sv = r->process_sv,
	                          .subject_en = r->process_en,
	                          .detail = number,
	                          .link = link};

	(void)ctx;
	snprintf(number, sizeof(number), "v%" PRId64, r->version_number);
	snprintf(link, sizeof(link), "/#/process/%" PRId64 "/approve/%" PRId64, r->process_id,
	         r->version_id);
	return ka_notify_queue_person(st, r->person_id, &m, diag);
}
