/*
 * Read confirmation of approved versions (readconf.h): who gets a task
 * when a version is approved (created in the approval's own transaction
 * by governance.c), the person's open tasks and their confirmation, and
 * when a reminder is due. The owner's view and the reminders are in
 * readconf_remind.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/readconf.h"
#include "readconf_int.h"
#include "kartla/banned.h"

/* ---- when a reminder is due (pure) ---- */

bool ka_readconf_reminder_due(const char *created_at, const char *reminded_at,
                              const char *confirmed_at, int64_t days, const char *now)
{
	const char *since = reminded_at ? reminded_at : created_at;
	int64_t passed;

	if (confirmed_at || days <= 0 || !since || !now)
		return false;
	if (ka_date_diff(&passed, since, now))
		return false;
	return passed >= days;
}

int ka_readconf_reminder_days(struct ka_store *st, int64_t *days, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*days = KA_READCONF_DEFAULT_DAYS;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT value FROM settings WHERE key = ?",
	                    (struct ka_val[]){ka_text(KA_READCONF_SETTING)}, 1, &r, diag);
	if (!err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->type == KA_VAL_TEXT) {
		const char *s = ka_rows_at(&r, 0, 0)->s;
		char *end;
		long long v = strtoll(s, &end, 10);

		if (*s && !*end && v >= 0 && v <= KA_READCONF_MAX_DAYS)
			*days = v;
	}
	ka_rows_release(&r);
	return err;
}

/* ---- who gets a task ---- */

#define ANCESTORS                                                                                  \
	"WITH RECURSIVE anc(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"                            \
	" SELECT p.parent_id FROM processes p JOIN anc ON p.id = anc.id"                           \
	" WHERE p.parent_id IS NOT NULL) "

int ka_readconf_recipients(struct ka_store *st, int64_t process_id, int64_t approver_user_id,
                           const char *today, struct ka_rows *out, struct ka_diag *diag)
{
	return ka_store_exec(st,
	                     ANCESTORS
	                     "SELECT DISTINCT pe.id, pe.name, pe.user_id FROM role_assignments ra"
	                     " JOIN roles r ON r.id = ra.role_id"
	                     " JOIN role_schemes s ON s.id = r.scheme_id"
	                     " JOIN people pe ON pe.id = ra.person_id"
	                     " WHERE ra.scope = 'process' AND ra.process_id IN (SELECT id FROM anc)"
	                     " AND ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	                     " AND (s.is_active = 1 OR NOT EXISTS"
	                     "  (SELECT 1 FROM role_schemes WHERE is_active = 1))"
	                     " AND (pe.user_id IS NULL OR pe.user_id <> ?)"
	                     " ORDER BY pe.name, pe.id",
	                     (struct ka_val[]){ka_int(process_id), ka_text(today), ka_text(today),
	                                       ka_int(approver_user_id)},
	                     4, out, diag);
}

int ka_readconf_create(struct ka_store *st, int64_t process_id, int64_t version_id,
                       int64_t approver_user_id, const char *today, const char *now,
                       int64_t *created, struct ka_diag *diag)
{
	struct ka_rows people, r;
	size_t i;
	int err;

	if (created)
		*created = 0;
	ka_rows_init(&people);
	ka_rows_init(&r);
	err = ka_readconf_recipients(st, process_id, approver_user_id, today, &people, diag);
	for (i = 0; !err && i < people.nrows; i++) {
		err = ka_store_exec(
		    st,
		    "INSERT INTO read_confirmations (version_id, person_id, created_at)"
		    " VALUES (?, ?, ?) ON CONFLICT (version_id, person_id) DO NOTHING"
		    " RETURNING id",
		    (struct ka_val[]){ka_int(version_id), ka_int(ka_rows_at(&people, i, 0)->i),
		                      ka_text(now)},
		    3, &r, diag);
		if (!err && created)
			*created += (int64_t)r.nrows;
	}
	ka_rows_release(&r);
	ka_rows_release(&people);
	return err;
}

/* ---- a read transaction around fn ---- */

int readconf_read(struct ka_store *st, int (*fn)(struct ka_store *, void *, struct ka_diag *),
                  void *ctx, struct ka_diag *diag)
{
	bool own = !ka_store_in_tx(st);
	int err;

	if (own && (err = ka_store_begin_read(st)))
		return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	err = fn(st, ctx, diag);
	if (own && !err) {
		err = ka_store_commit(st);
		if (err)
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	} else if (own) {
		ka_store_rollback(st);
	}
	return err;
}

json_t *readconf_text(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

/* ---- my open tasks ---- */

#define MINE_COLUMNS                                                                               \
	"rc.id", "rc.version_id", "mv.process_id", "p.outline", "p.name_nb", "p.name_sv",          \
	    "p.name_en", "mv.number", "mv.variant", "mv.decided_at", "rc.created_at",              \
	    "rc.reminded_at", "rc.reminders", "mv.state"
#define MINE_COLS KA_COLS_SQL(MINE_COLUMNS)
enum mine_col {
	MC_ID,
	MC_VERSION_ID,
	MC_PROCESS_ID,
	MC_OUTLINE,
	MC_NAME_NB,
	MC_NAME_SV,
	MC_NAME_EN,
	MC_NUMBER,
	MC_VARIANT,
	MC_DECIDED_AT,
	MC_CREATED_AT,
	MC_REMINDED_AT,
	MC_REMINDERS,
	MC_STATE,
	MC_COUNT
};
KA_COLS_CHECK(MINE_COLUMNS, MC_COUNT);

/* At most this many open tasks are listed (oldest beyond it are not shown). */
#define MINE_MAX 500

struct mine_ctx {
	const struct ka_actor *actor;
	const char *now;
	json_t *out;
};

static json_t *mine_item(const struct ka_rows *r, size_t i, int64_t days, const char *now)
{
	const char *created = ka_rows_at(r, i, MC_CREATED_AT)->s;
	int64_t pid = ka_rows_at(r, i, MC_PROCESS_ID)->i, vid = ka_rows_at(r, i, MC_VERSION_ID)->i;
	char link[96];

	snprintf(link, sizeof(link), "/process/%" PRId64 "/approve/%" PRId64, pid, vid);
	return json_pack(
	    "{s:I, s:I, s:I, s:o, s:{s:o, s:o, s:o}, s:I, s:o, s:o, s:o, s:s, s:o, s:I, s:b, s:s}",
	    "id", (json_int_t)ka_rows_at(r, i, MC_ID)->i, "version_id", (json_int_t)vid,
	    "process_id", (json_int_t)pid, "outline", readconf_text(ka_rows_at(r, i, MC_OUTLINE)),
	    "process", "nb", readconf_text(ka_rows_at(r, i, MC_NAME_NB)), "sv",
	    readconf_text(ka_rows_at(r, i, MC_NAME_SV)), "en",
	    readconf_text(ka_rows_at(r, i, MC_NAME_EN)), "version_number",
	    (json_int_t)ka_rows_at(r, i, MC_NUMBER)->i, "variant",
	    readconf_text(ka_rows_at(r, i, MC_VARIANT)), "state",
	    readconf_text(ka_rows_at(r, i, MC_STATE)), "approved_at",
	    readconf_text(ka_rows_at(r, i, MC_DECIDED_AT)), "created_at", created, "reminded_at",
	    readconf_text(ka_rows_at(r, i, MC_REMINDED_AT)), "reminders",
	    (json_int_t)ka_rows_at(r, i, MC_REMINDERS)->i, "reminder",
	    ka_readconf_reminder_due(created, NULL, NULL, days, now), "link", link);
}

static int mine_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct mine_ctx *c = vctx;
	struct ka_rows r;
	int64_t days;
	size_t i;
	int err;

	err = ka_readconf_reminder_days(st, &days, diag);
	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " MINE_COLS " FROM read_confirmations rc"
	                    " JOIN people pe ON pe.id = rc.person_id"
	                    " JOIN map_versions mv ON mv.id = rc.version_id"
	                    " JOIN processes p ON p.id = mv.process_id"
	                    " WHERE pe.user_id = ? AND rc.confirmed_at IS NULL"
	                    " ORDER BY rc.created_at DESC, rc.id DESC LIMIT 500",
	                    (struct ka_val[]){ka_int(c->actor->user_id)}, 1, &r, diag);
	if (!err) {
		json_t *items = json_array();

		for (i = 0; i < r.nrows && i < MINE_MAX; i++)
			json_array_append_new(items, mine_item(&r, i, days, c->now));
		c->out = json_pack("{s:o, s:I}", "items", items, "reminder_days", (json_int_t)days);
	}
	ka_rows_release(&r);
	return err;
}

int ka_readconf_mine(struct ka_store *st, const struct ka_actor *actor, const char *now,
                     json_t **out, struct ka_diag *diag)
{
	char clock[KA_TIME_LEN];
	struct mine_ctx c = {actor, now, NULL};
	int err;

	*out = NULL;
	if (!now) {
		ka_date_now(clock);
		c.now = clock;
	}
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "sign in to see your tasks");
	err = readconf_read(st, mine_fn, &c, diag);
	if (!err)
		*out = c.out;
	else
		json_decref(c.out);
	return err;
}

/* ---- confirming ---- */

#define TASK_COLUMNS                                                                               \
	"rc.id", "rc.version_id", "mv.process_id", "rc.person_id", "pe.user_id", "rc.created_at",  \
	    "rc.confirmed_at", "rc.reminded_at", "rc.reminders"
#define TASK_COLS KA_COLS_SQL(TASK_COLUMNS)
enum task_col {
	TC_ID,
	TC_VERSION_ID,
	TC_PROCESS_ID,
	TC_PERSON_ID,
	TC_USER_ID,
	TC_CREATED_AT,
	TC_CONFIRMED_AT,
	TC_REMINDED_AT,
	TC_REMINDERS,
	TC_COUNT
};
KA_COLS_CHECK(TASK_COLUMNS, TC_COUNT);

struct confirm_ctx {
	const struct ka_actor *actor;
	int64_t id;
	json_t *out;
};

static int load_task(struct ka_store *st, int64_t id, struct ka_rows *r, struct ka_diag *diag)
{
	int err = ka_store_exec(st,
	                        "SELECT " TASK_COLS " FROM read_confirmations rc"
	                        " JOIN people pe ON pe.id = rc.person_id"
	                        " JOIN map_versions mv ON mv.id = rc.version_id WHERE rc.id = ?",
	                        (struct ka_val[]){ka_int(id)}, 1, r, diag);

	if (!err && r->nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "no such read confirmation %" PRId64, id);
	return err;
}

static json_t *task_json(const struct ka_rows *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I}", "id",
	                 (json_int_t)ka_rows_at(r, 0, TC_ID)->i, "version_id",
	                 (json_int_t)ka_rows_at(r, 0, TC_VERSION_ID)->i, "process_id",
	                 (json_int_t)ka_rows_at(r, 0, TC_PROCESS_ID)->i, "person_id",
	                 (json_int_t)ka_rows_at(r, 0, TC_PERSON_ID)->i, "created_at",
	                 readconf_text(ka_rows_at(r, 0, TC_CREATED_AT)), "confirmed_at",
	                 readconf_text(ka_rows_at(r, 0, TC_CONFIRMED_AT)), "reminded_at",
	                 readconf_text(ka_rows_at(r, 0, TC_REMINDED_AT)), "reminders",
	                 (json_int_t)ka_rows_at(r, 0, TC_REMINDERS)->i);
}

static int confirm_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct confirm_ctx *c = vctx;
	char now[KA_TIME_LEN];
	struct ka_rows r;
	json_t *before = NULL;
	const struct ka_val *uid;
	int err;

	json_decref(c->out); /* a retried transaction starts again */
	c->out = NULL;
	ka_rows_init(&r);
	err = load_task(st, c->id, &r, diag);
	if (err)
		goto out;
	uid = ka_rows_at(&r, 0, TC_USER_ID);
	if (uid->type != KA_VAL_INT || uid->i != c->actor->user_id) {
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                  "this read confirmation is for someone else: only the person "
		                  "it is for confirms it");
		goto out;
	}
	if (ka_rows_at(&r, 0, TC_CONFIRMED_AT)->type != KA_VAL_NULL) {
		c->out = task_json(&r); /* confirmed before: nothing changes */
		goto out;
	}
	before = task_json(&r);
	ka_date_now(now);
	err =
	    ka_store_exec(st,
	                  "UPDATE read_confirmations SET confirmed_at = ?, confirmed_by = ?"
	                  " WHERE id = ? AND confirmed_at IS NULL",
	                  (struct ka_val[]){ka_text(now), ka_int(c->actor->user_id), ka_int(c->id)},
	                  3, NULL, diag);
	if (!err)
		err = load_task(st, c->id, &r, diag);
	if (!err)
		c->out = task_json(&r);
	if (!err)
		err = ka_audit_write(st, c->actor, "confirm", "read_confirmation", c->id, before,
		                     c->out, diag);
out:
	json_decref(before);
	ka_rows_release(&r);
	return err;
}

int ka_readconf_confirm(struct ka_store *st, const struct ka_actor *actor, int64_t id, json_t **out,
                        struct ka_diag *diag)
{
	struct confirm_ctx c = {actor, id, NULL};
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "sign in to confirm that you have read a version");
	err = ka_store_transact(st, confirm_fn, &c, KA_STORE_ATTEMPTS, diag);
	if (!err)
		*out = c.out;
	else
		json_decref(c.out);
	return err;
}
