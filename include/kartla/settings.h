/*
 * The workspace settings (table `settings`, one row per key): whether
 * anonymous visitors may read, the default UI language, whether a
 * process owner may approve their own map versions, and after how many days
 * an unconfirmed read confirmation is reminded (readconf.h, which reads the
 * same key; the two defaults agree, tests/unit/test_readconf.c checks it).
 */
#ifndef KARTLA_SETTINGS_H
#define KARTLA_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

#define KA_SETTING_ANONYMOUS_READ     "anonymous_read"     /* "true" / "false" (default) */
#define KA_SETTING_LANGUAGE           "language"           /* "nb", "sv", "en"; absent: browser */
#define KA_SETTING_OWNERS_APPROVE_OWN "owners_approve_own" /* "true" / "false" (default) */
/* Days, "0".."365"; "0": no reminders; absent: KA_SETTING_REMINDER_DAYS_DEFAULT. */
#define KA_SETTING_REMINDER_DAYS         "read_confirmation_reminder_days"
#define KA_SETTING_REMINDER_DAYS_DEFAULT 7
#define KA_SETTING_REMINDER_DAYS_MAX     365

/* Whether anonymous readers (with anonymous_read) also read the risk register: "true"/"false"
 * (default). The audit log is never anonymous. */
#define KA_SETTING_ANONYMOUS_RISK "anonymous_risk"
/* Which risks the internal-control plan holds: "red", "red_or_action" (default), "all". */
#define KA_SETTING_RISK_PLAN_RULE "risk_plan_rule"
/* The organisation's name on printed plans; absent: the root unit's name. */
#define KA_SETTING_ORGANISATION     "organisation"
#define KA_SETTING_ORGANISATION_MAX 200

struct ka_settings {
	bool anonymous_read;
	bool anonymous_risk;
	char risk_plan_rule[16];                            /* one of the values above */
	char organisation[KA_SETTING_ORGANISATION_MAX + 1]; /* "" when not set */
	char language[4]; /* "" when the UI follows each browser */
	bool owners_approve_own;
	int64_t reminder_days; /* read_confirmation_reminder_days */
};

/* Changes; has_* false leaves a setting alone. language NULL: follow the browser. */
struct ka_settings_patch {
	bool has_anonymous_read, anonymous_read;
	bool has_language;
	const char *language;
	bool has_owners_approve_own, owners_approve_own;
	bool has_reminder_days;
	int64_t reminder_days;
	bool has_anonymous_risk, anonymous_risk;
	bool has_risk_plan_rule;
	const char *risk_plan_rule;
	bool has_organisation;
	const char *organisation; /* NULL or "": the root unit's name */
};

/* Reads every setting (one statement). */
int ka_settings_get(struct ka_settings *out, struct ka_store *st, struct ka_diag *diag);

/*
 * As JSON (new reference): {anonymous_read, anonymous_risk, language (or
 * null)} for everyone (GET /api/health), plus owners_approve_own,
 * read_confirmation_reminder_days, risk_plan_rule and organisation (or
 * null) when `full` (GET /api/settings).
 */
json_t *ka_settings_to_json(const struct ka_settings *s, bool full);

/*
 * Applies a patch (admins only, else KA_ERR_PERM) in one audited
 * transaction and reads the result into *out. KA_ERR_INVALID (field
 * "language") for a language other than nb, sv, en or NULL, and (field
 * "read_confirmation_reminder_days") for days outside 0..365, (field
 * "risk_plan_rule") for a rule other than red, red_or_action, all, and
 * (field "organisation") for a name longer than 200 bytes.
 */
int ka_settings_update(struct ka_settings *out, struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_settings_patch *p, struct ka_diag *diag);

#endif
