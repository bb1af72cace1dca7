/*
 * Queueing notifications (notify.h): the recipient's address, language and
 * preference are read in the caller's transaction, and the outbox row is
 * written in it, so that a message exists exactly when its cause does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/notify.h"
#include "notify_int.h"
#include "kartla/banned.h"

static const char *const kind_names[KA_NOTIFY_KIND_COUNT] = {
    "approval_waiting", "approved",         "rejected",     "review_due",
    "action_due",       "version_approved", "role_given",   "assignment_given",
    "digest",           "plan_item_due",    "read_reminder"};

const char *ka_notify_kind_name(enum ka_notify_kind k)
{
	return (unsigned)k < KA_NOTIFY_KIND_COUNT ? kind_names[k] : "?";
}

int ka_notify_kind_parse(const char *name)
{
	for (int i = 0; name && i < KA_NOTIFY_KIND_COUNT; i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

bool notify_lang_valid(const char *s)
{
	return s && (!strcmp(s, "nb") || !strcmp(s, "sv") || !strcmp(s, "en"));
}

/* The workspace language (settings 'language'), else "en". */
static int workspace_lang(struct ka_store *st, char out[4], struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	snprintf(out, 4, "en");
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT value FROM settings WHERE key = 'language'", NULL, 0, &r,
	                    diag);
	if (!err && r.nrows == 1 && notify_lang_valid(ka_rows_at(&r, 0, 0)->s))
		snprintf(out, 4, "%s", ka_rows_at(&r, 0, 0)->s);
	ka_rows_release(&r);
	return err;
}

static json_t *msg_params(const struct ka_notify_msg *m)
{
	json_t *o = json_object();

	if (m->subject)
		json_object_set_new(o, "subject", json_string(m->subject));
	if (m->subject_nb)
		json_object_set_new(o, "subject_nb", json_string(m->subject_nb));
	if (m->subject_sv)
		json_object_set_new(o, "subject_sv", json_string(m->subject_sv));
	if (m->subject_en)
		json_object_set_new(o, "subject_en", json_string(m->subject_en));
	if (m->detail_nb)
		json_object_set_new(o, "detail_nb", json_string(m->detail_nb));
	if (m->detail_sv)
		json_object_set_new(o, "detail_sv", json_string(m->detail_sv));
	if (m->detail_en)
		json_object_set_new(o, "detail_en", json_string(m->detail_en));
	if (m->detail)
		json_object_set_new(o, "detail", json_string(m->detail));
	if (m->comment)
		json_object_set_new(o, "comment", json_string(m->comment));
	if (m->due)
		json_object_set_new(o, "due", json_string(m->due));
	if (m->link)
		json_object_set_new(o, "link", json_string(m->link));
	return o;
}

/* The recipient: user_id, person_id, address, mode, language, disabled; by person or by user. */
#define BY_PERSON                                                                                  \
	"SELECT u.id, pe.id, COALESCE(NULLIF(u.email, ''), NULLIF(pe.email, '')),"                 \
	" COALESCE(np.mode, 'immediate'), np.language, COALESCE(u.disabled, 0)"                    \
	" FROM people pe LEFT JOIN users u ON u.id = pe.user_id"                                   \
	" LEFT JOIN notify_prefs np ON np.user_id = u.id WHERE pe.id = ?"
#define BY_USER                                                                                    \
	"SELECT u.id, (SELECT MIN(id) FROM people WHERE user_id = u.id),"                          \
	" COALESCE(NULLIF(u.email, ''), (SELECT MIN(email) FROM people WHERE user_id = u.id"       \
	" AND email <> '')), COALESCE(np.mode, 'immediate'), np.language, u.disabled"              \
	" FROM users u LEFT JOIN notify_prefs np ON np.user_id = u.id WHERE u.id = ?"

static int queue_row(struct ka_store *st, const char *sql, int64_t id,
                     const struct ka_notify_msg *m, struct ka_diag *diag)
{
	struct ka_rows r;
	char lang[4], now[KA_TIME_LEN], dedup[300];
	const char *mode, *state;
	json_t *params = NULL;
	char *text = NULL;
	int err;

	if (!ka_store_in_tx(st))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "a notification is queued inside the change's transaction");
	ka_rows_init(&r);
	err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (err || r.nrows != 1 || ka_rows_at(&r, 0, 2)->type != KA_VAL_TEXT ||
	    ka_rows_at(&r, 0, 5)->i)
		goto out; /* nobody, no address, or a disabled account: nothing to send */
	mode = ka_rows_at(&r, 0, 3)->s;
	if (!strcmp(mode, "off"))
		goto out;
	state = !strcmp(mode, "digest") ? "digest" : "queued";
	if (notify_lang_valid(ka_rows_at(&r, 0, 4)->s))
		snprintf(lang, sizeof(lang), "%s", ka_rows_at(&r, 0, 4)->s);
	else if ((err = workspace_lang(st, lang, diag)))
		goto out;
	params = msg_params(m);
	/* the scan's key is per recipient: one message each per due date */
	if (m->dedup)
		snprintf(dedup, sizeof(dedup), "%.200s:%s", m->dedup, ka_rows_at(&r, 0, 2)->s);
	text = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	ka_date_now(now);
	err = ka_store_exec(
	    st,
	    "INSERT INTO outbox (kind, user_id, person_id, to_addr, lang, params, state, next_at,"
	    " dedup, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (dedup) DO NOTHING",
	    (struct ka_val[]){
	        ka_text(ka_notify_kind_name(m->kind)),
	        ka_rows_at(&r, 0, 0)->type == KA_VAL_INT ? ka_int(ka_rows_at(&r, 0, 0)->i)
	                                                 : ka_null(),
	        ka_rows_at(&r, 0, 1)->type == KA_VAL_INT ? ka_int(ka_rows_at(&r, 0, 1)->i)
	                                                 : ka_null(),
	        ka_text(ka_rows_at(&r, 0, 2)->s), ka_text(lang), ka_text(text), ka_text(state),
	        ka_text(now), m->dedup ? ka_text(dedup) : ka_null(), ka_text(now)},
	    10, NULL, diag);
out:
	free(text);
	json_decref(params);
	ka_rows_release(&r);
	return err;
}

int ka_notify_queue_person(struct ka_store *st, int64_t person_id, const struct ka_notify_msg *m,
                           struct ka_diag *diag)
{
	return queue_row(st, BY_PERSON, person_id, m, diag);
}

int ka_notify_queue_user(struct ka_store *st, int64_t user_id, const struct ka_notify_msg *m,
                         struct ka_diag *diag)
{
	return queue_row(st, BY_USER, user_id, m, diag);
}

int ka_notify_queue_role(struct ka_store *st, int64_t process_id, const char *role_kind,
                         bool org_wide, const char *today, int64_t except_user,
                         const struct ka_notify_msg *m, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "WITH RECURSIVE anc(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"
	    " SELECT p.parent_id FROM processes p JOIN anc ON p.id = anc.id"
	    " WHERE p.parent_id IS NOT NULL)"
	    " SELECT DISTINCT ra.person_id FROM role_assignments ra"
	    " JOIN roles r ON r.id = ra.role_id JOIN people pe ON pe.id = ra.person_id"
	    " WHERE (CAST(? AS TEXT) IS NULL OR r.kind = ?)"
	    " AND ((ra.scope = 'process' AND ra.process_id IN (SELECT id FROM anc))"
	    " OR (? = 1 AND ra.scope = 'organisation'))"
	    " AND ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	    " AND (pe.user_id IS NULL OR pe.user_id <> ?) ORDER BY ra.person_id",
	    (struct ka_val[]){ka_int(process_id), ka_text(role_kind), ka_text(role_kind),
	                      ka_int(org_wide ? 1 : 0), ka_text(today), ka_text(today),
	                      ka_int(except_user)},
	    7, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		err = ka_notify_queue_person(st, ka_rows_at(&r, i, 0)->i, m, diag);
	ka_rows_release(&r);
	return err;
}
