/* The workspace settings (settings.h): read in one statement, changed in one audited transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/settings.h"
#include "kartla/banned.h"

/* A stored day count; anything but a number in range is the default. */
static int64_t reminder_days_of(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	return *s && !*end && v >= 0 && v <= KA_SETTING_REMINDER_DAYS_MAX
	           ? v
	           : KA_SETTING_REMINDER_DAYS_DEFAULT;
}

static bool plan_rule_ok(const char *s)
{
	return s && (!strcmp(s, "red") || !strcmp(s, "red_or_action") || !strcmp(s, "all"));
}

int ka_settings_get(struct ka_settings *out, struct ka_store *st, struct ka_diag *diag)
{
	struct ka_rows rows;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	out->reminder_days = KA_SETTING_REMINDER_DAYS_DEFAULT;
	snprintf(out->risk_plan_rule, sizeof(out->risk_plan_rule), "red_or_action");
	ka_rows_init(&rows);
	err = ka_store_exec(
	    st, "SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?, ?, ?, ?)",
	    (struct ka_val[]){ka_text(KA_SETTING_ANONYMOUS_READ), ka_text(KA_SETTING_LANGUAGE),
	                      ka_text(KA_SETTING_OWNERS_APPROVE_OWN),
	                      ka_text(KA_SETTING_REMINDER_DAYS), ka_text(KA_SETTING_ANONYMOUS_RISK),
	                      ka_text(KA_SETTING_RISK_PLAN_RULE), ka_text(KA_SETTING_ORGANISATION)},
	    7, &rows, diag);
	for (i = 0; !err && i < rows.nrows; i++) {
		const struct ka_val *k = ka_rows_at(&rows, i, 0), *v = ka_rows_at(&rows, i, 1);

		if (k->type != KA_VAL_TEXT || v->type != KA_VAL_TEXT)
			continue;
		if (!strcmp(k->s, KA_SETTING_ANONYMOUS_READ))
			out->anonymous_read = !strcmp(v->s, "true");
		else if (!strcmp(k->s, KA_SETTING_OWNERS_APPROVE_OWN))
			out->owners_approve_own = !strcmp(v->s, "true");
		else if (!strcmp(k->s, KA_SETTING_REMINDER_DAYS))
			out->reminder_days = reminder_days_of(v->s);
		else if (!strcmp(k->s, KA_SETTING_ANONYMOUS_RISK))
			out->anonymous_risk = !strcmp(v->s, "true");
		else if (!strcmp(k->s, KA_SETTING_RISK_PLAN_RULE) && plan_rule_ok(v->s))
			snprintf(out->risk_plan_rule, sizeof(out->risk_plan_rule), "%s", v->s);
		else if (!strcmp(k->s, KA_SETTING_ORGANISATION))
			snprintf(out->organisation, sizeof(out->organisation), "%s", v->s);
		else if (!strcmp(k->s, KA_SETTING_LANGUAGE) && strlen(v->s) < sizeof(out->language))
			snprintf(out->language, sizeof(out->language), "%s", v->s);
	}
	ka_rows_release(&rows);
	return err;
}

json_t *ka_settings_to_json(const struct ka_settings *s, bool full)
{
	json_t *j = json_pack("{s:b, s:b, s:o}", "anonymous_read", s->anonymous_read,
	                      KA_SETTING_ANONYMOUS_RISK, s->anonymous_risk, "language",
	                      s->language[0] ? json_string(s->language) : json_null());

	if (full) {
		json_object_set_new(j, KA_SETTING_RISK_PLAN_RULE, json_string(s->risk_plan_rule));
		json_object_set_new(j, KA_SETTING_ORGANISATION,
		                    s->organisation[0] ? json_string(s->organisation)
		                                       : json_null());
		json_object_set_new(j, "owners_approve_own", json_boolean(s->owners_approve_own));
		json_object_set_new(j, KA_SETTING_REMINDER_DAYS, json_integer(s->reminder_days));
	}
	return j;
}

static int put(struct ka_store *st, const char *key, const char *value, struct ka_diag *diag)
{
	char now[KA_TIME_LEN];

	ka_date_now(now);
	if (!value)
		return ka_store_exec(st, "DELETE FROM settings WHERE key = ?",
		                     (struct ka_val[]){ka_text(key)}, 1, NULL, diag);
	return ka_store_exec(st,
	                     "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
	                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
	                     "updated_at = excluded.updated_at",
	                     (struct ka_val[]){ka_text(key), ka_text(value), ka_text(now)}, 3, NULL,
	                     diag);
}

struct update_tx {
	const struct ka_actor *actor;
	const struct ka_settings_patch *p;
	struct ka_settings *out;
};

static int update_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct update_tx *t = vctx;
	const struct ka_settings_patch *p = t->p;
	struct ka_settings before;
	json_t *b, *a;
	int err;

	err = ka_settings_get(&before, st, diag);
	if (!err && p->has_anonymous_read)
		err =
		    put(st, KA_SETTING_ANONYMOUS_READ, p->anonymous_read ? "true" : "false", diag);
	if (!err && p->has_language)
		err = put(st, KA_SETTING_LANGUAGE, p->language, diag);
	if (!err && p->has_owners_approve_own)
		err = put(st, KA_SETTING_OWNERS_APPROVE_OWN,
		          p->owners_approve_own ? "true" : "false", diag);
	if (!err && p->has_reminder_days) {
		char days[24];

		snprintf(days, sizeof(days), "%lld", (long long)p->reminder_days);
		err = put(st, KA_SETTING_REMINDER_DAYS, days, diag);
	}
	if (!err && p->has_anonymous_risk)
		err =
		    put(st, KA_SETTING_ANONYMOUS_RISK, p->anonymous_risk ? "true" : "false", diag);
	if (!err && p->has_risk_plan_rule)
		err = put(st, KA_SETTING_RISK_PLAN_RULE, p->risk_plan_rule, diag);
	if (!err && p->has_organisation)
		err = put(st, KA_SETTING_ORGANISATION,
		          p->organisation && *p->organisation ? p->organisation : NULL, diag);
	if (!err)
		err = ka_settings_get(t->out, st, diag);
	if (err)
		return err;
	b = ka_settings_to_json(&before, true);
	a = ka_settings_to_json(t->out, true);
	err = ka_audit_write(st, t->actor, "update", "settings", 0, b, a, diag);
	json_decref(b);
	json_decref(a);
	return err;
}

int ka_settings_update(struct ka_settings *out, struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_settings_patch *p, struct ka_diag *diag)
{
	struct update_tx tx = {actor, p, out};

	memset(out, 0, sizeof(*out));
	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL, "this needs an administrator");
	if (p->has_language && p->language && strcmp(p->language, "nb") &&
	    strcmp(p->language, "sv") && strcmp(p->language, "en"))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "language",
		                   "language must be nb, sv, en or null (follow each browser)");
	if (p->has_reminder_days &&
	    (p->reminder_days < 0 || p->reminder_days > KA_SETTING_REMINDER_DAYS_MAX))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, KA_SETTING_REMINDER_DAYS,
		                   "read_confirmation_reminder_days must be a whole number of days "
		                   "from 0 (no reminders) to %d",
		                   KA_SETTING_REMINDER_DAYS_MAX);
	if (p->has_risk_plan_rule && !plan_rule_ok(p->risk_plan_rule))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, KA_SETTING_RISK_PLAN_RULE,
		                   "risk_plan_rule must be red, red_or_action or all");
	if (p->has_organisation && p->organisation &&
	    strlen(p->organisation) > KA_SETTING_ORGANISATION_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, KA_SETTING_ORGANISATION,
		                   "organisation must be at most %d bytes",
		                   KA_SETTING_ORGANISATION_MAX);
	if (!p->has_anonymous_read && !p->has_language && !p->has_owners_approve_own &&
	    !p->has_reminder_days && !p->has_anonymous_risk && !p->has_risk_plan_rule &&
	    !p->has_organisation)
		return ka_settings_get(out, st, diag);
	return ka_store_transact(st, update_fn, &tx, KA_STORE_ATTEMPTS, diag);
}
