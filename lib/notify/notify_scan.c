/*
 * The periodic part of notifications (notify.h): review dates near or
 * past, risk actions due or overdue (each queued once per recipient and
 * due date through the outbox's dedup key), and the daily digests.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/notify.h"
#include "kartla/banned.h"

struct scan_ctx {
	const struct ka_notify_config *cfg;
	const char *today;
	time_t now;
};

static const char *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? v->s : NULL;
}

static int scan_reviews(struct ka_store *st, struct scan_ctx *c, struct ka_diag *diag)
{
	char until[KA_DATE_LEN], link[64], key[64];
	struct ka_rows r;
	size_t i;
	int err;

	ka_date_add(until, c->today, c->cfg->review_days);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id, name_nb, name_sv, name_en, next_review_date FROM processes"
	                    " WHERE next_review_date IS NOT NULL AND next_review_date <= ?"
	                    " AND status <> 'retired' ORDER BY id",
	                    (struct ka_val[]){ka_text(until)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		int64_t pid = ka_rows_at(&r, i, 0)->i;
		struct ka_notify_msg m = {.kind = KA_NOTIFY_REVIEW_DUE,
		                          .subject_nb = text_or_null(ka_rows_at(&r, i, 1)),
		                          .subject_sv = text_or_null(ka_rows_at(&r, i, 2)),
		                          .subject_en = text_or_null(ka_rows_at(&r, i, 3)),
		                          .due = ka_rows_at(&r, i, 4)->s,
		                          .link = link,
		                          .dedup = key};

		snprintf(link, sizeof(link), "/#/process/%" PRId64, pid);
		snprintf(key, sizeof(key), "review:%" PRId64 ":%.10s", pid, m.due);
		err = ka_notify_queue_role(st, pid, "owner", false, c->today, 0, &m, diag);
		if (!err)
			err = ka_notify_queue_role(st, pid, "responsible", false, c->today, 0, &m,
			                           diag);
	}
	ka_rows_release(&r);
	return err;
}

static int scan_actions(struct ka_store *st, struct scan_ctx *c, struct ka_diag *diag)
{
	char until[KA_DATE_LEN], link[64], key[64];
	struct ka_rows r;
	size_t i;
	int err;

	ka_date_add(until, c->today, c->cfg->action_days);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT a.id, a.title, a.due_date, a.responsible_id, k.process_id,"
	                    " k.title FROM risk_actions a JOIN risks k ON k.id = a.risk_id"
	                    " WHERE a.status IN ('planned', 'ongoing') AND a.due_date IS NOT NULL"
	                    " AND a.due_date <= ? AND a.responsible_id IS NOT NULL ORDER BY a.id",
	                    (struct ka_val[]){ka_text(until)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		struct ka_notify_msg m = {.kind = KA_NOTIFY_ACTION_DUE,
		                          .subject = ka_rows_at(&r, i, 1)->s,
		                          .detail = ka_rows_at(&r, i, 5)->s,
		                          .due = ka_rows_at(&r, i, 2)->s,
		                          .link = link,
		                          .dedup = key};

		snprintf(link, sizeof(link), "/#/process/%" PRId64 "/risks",
		         ka_rows_at(&r, i, 4)->i);
		snprintf(key, sizeof(key), "action:%" PRId64 ":%.10s", ka_rows_at(&r, i, 0)->i,
		         m.due);
		err = ka_notify_queue_person(st, ka_rows_at(&r, i, 3)->i, &m, diag);
	}
	ka_rows_release(&r);
	return err;
}

/* One activity-plan item: its responsible (a name) matched to people, queued when due. */
static int plan_item(struct ka_store *st, const char *until, int64_t form, int64_t pid,
                     const char *plan, const json_t *item, struct ka_diag *diag)
{
	const char *who = json_string_value(json_object_get(item, "responsible"));
	const char *due = json_string_value(json_object_get(item, "due_date"));
	const char *what = json_string_value(json_object_get(item, "improvement"));
	const char *status = json_string_value(json_object_get(item, "status"));
	char link[64], key[160];
	struct ka_rows r;
	size_t i;
	int err;

	if (!who || !due || !what || strlen(due) != 10 || strcmp(due, until) > 0 ||
	    (status && strcmp(status, "planned") && strcmp(status, "ongoing")))
		return 0;
	snprintf(link, sizeof(link), "/#/process/%" PRId64, pid);
	snprintf(key, sizeof(key), "plan:%" PRId64 ":%.60s:%s", form, what, due);
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM people WHERE name = ? ORDER BY id",
	                    (struct ka_val[]){ka_text(who)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		struct ka_notify_msg m = {.kind = KA_NOTIFY_PLAN_ITEM_DUE,
		                          .subject = what,
		                          .detail = plan,
		                          .due = due,
		                          .link = link,
		                          .dedup = key};

		err = ka_notify_queue_person(st, ka_rows_at(&r, i, 0)->i, &m, diag);
	}
	ka_rows_release(&r);
	return err;
}

static int scan_plans(struct ka_store *st, struct scan_ctx *c, struct ka_diag *diag)
{
	char until[KA_DATE_LEN];
	struct ka_rows r;
	size_t i, k;
	int err;

	ka_date_add(until, c->today, c->cfg->action_days);
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "SELECT id, process_id, title, body FROM forms"
	    " WHERE template = 'activity_plan' AND process_id IS NOT NULL ORDER BY id",
	    NULL, 0, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		json_t *body = json_loads(ka_rows_at(&r, i, 3)->s, 0, NULL), *item;

		json_array_foreach(json_object_get(body, "items"), k, item)
		{
			err = plan_item(st, until, ka_rows_at(&r, i, 0)->i, ka_rows_at(&r, i, 1)->i,
			                ka_rows_at(&r, i, 2)->s, item, diag);
			if (err)
				break;
		}
		json_decref(body);
	}
	ka_rows_release(&r);
	return err;
}

static int scan_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	int err = scan_reviews(st, vctx, diag);

	if (!err)
		err = scan_actions(st, vctx, diag);
	return err ? err : scan_plans(st, vctx, diag);
}

int ka_notify_scan(struct ka_store *st, const struct ka_notify_config *cfg, const char *today,
                   struct ka_diag *diag)
{
	struct scan_ctx c = {cfg, today, 0};

	if (!ka_date_valid(today))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL, "not a date: %s", today);
	return ka_store_transact(st, scan_fn, &c, KA_STORE_ATTEMPTS, diag);
}

/* ---- the daily digest ---- */

/* One recipient's digest: their waiting items into one message. */
static int digest_user(struct ka_store *st, struct scan_ctx *c, int64_t uid, struct ka_diag *diag)
{
	char now[KA_TIME_LEN];
	struct ka_rows r;
	json_t *items = json_array(), *params;
	char *text = NULL;
	size_t i;
	int err;

	ka_date_format_time(now, c->now);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id, kind, params, to_addr, lang, person_id FROM outbox"
	                    " WHERE user_id = ? AND state = 'digest' ORDER BY id",
	                    (struct ka_val[]){ka_int(uid)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		json_array_append_new(
		    items, json_pack("{s:s, s:o}", "kind", ka_rows_at(&r, i, 1)->s, "params",
		                     json_loads(ka_rows_at(&r, i, 2)->s, 0, NULL)));
	params = json_pack("{s:o}", "items", items);
	text = json_dumps(params, JSON_COMPACT);
	if (!err && r.nrows) {
		const struct ka_val *pid = ka_rows_at(&r, 0, 5);

		err = ka_store_exec(
		    st,
		    "INSERT INTO outbox (kind, user_id, person_id, to_addr, lang, params, state,"
		    " next_at, created_at) VALUES ('digest', ?, ?, ?, ?, ?, 'queued', ?, ?)",
		    (struct ka_val[]){ka_int(uid),
		                      pid->type == KA_VAL_INT ? ka_int(pid->i) : ka_null(),
		                      ka_text(ka_rows_at(&r, r.nrows - 1, 3)->s),
		                      ka_text(ka_rows_at(&r, r.nrows - 1, 4)->s), ka_text(text),
		                      ka_text(now), ka_text(now)},
		    7, NULL, diag);
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE outbox SET state = 'digested', sent_at = ?"
			    " WHERE user_id = ? AND state = 'digest' AND id <= ?",
			    (struct ka_val[]){ka_text(now), ka_int(uid),
			                      ka_int(ka_rows_at(&r, r.nrows - 1, 0)->i)},
			    3, NULL, diag);
	}
	if (!err)
		err =
		    ka_store_exec(st, "UPDATE notify_prefs SET last_digest = ? WHERE user_id = ?",
		                  (struct ka_val[]){ka_text(c->today), ka_int(uid)}, 2, NULL, diag);
	free(text);
	json_decref(params);
	ka_rows_release(&r);
	return err;
}

static int digest_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct scan_ctx *c = vctx;
	struct ka_rows r;
	size_t i;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT DISTINCT o.user_id FROM outbox o"
	                    " JOIN notify_prefs np ON np.user_id = o.user_id"
	                    " WHERE o.state = 'digest' AND (np.last_digest IS NULL"
	                    " OR np.last_digest < ?) ORDER BY o.user_id",
	                    (struct ka_val[]){ka_text(c->today)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		err = digest_user(st, c, ka_rows_at(&r, i, 0)->i, diag);
	ka_rows_release(&r);
	return err;
}

int ka_notify_digest(struct ka_store *st, const char *today, time_t now, struct ka_diag *diag)
{
	struct scan_ctx c = {NULL, today, now};

	return ka_store_transact(st, digest_fn, &c, KA_STORE_ATTEMPTS, diag);
}
