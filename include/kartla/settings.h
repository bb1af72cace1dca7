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

struct ka_settings {
	bool anonymous_read;
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
};

/* Reads every setting (one statement). */
int ka_settings_get(struct ka_settings *out, struct ka_store *st, struct ka_diag *diag);

/*
 * As JSON (new reference): {anonymous_read, language (or null)} for
 * everyone (GET /api/health), plus owners_approve_own and
 * read_confirmation_reminder_days when `full` (GET /api/settings).
 */
json_t *ka_settings_to_json(const struct ka_settings *s, bool full);

/*
 * Applies a patch (admins only, else KA_ERR_PERM) in one audited
 * transaction and reads the result into *out. KA_ERR_INVALID (field
 * "language") for a language other than nb, sv, en or NULL, and (field
 * "read_confirmation_reminder_days") for days outside 0..365.
 */
int ka_settings_update(struct ka_settings *out, struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_settings_patch *p, struct ka_diag *diag);

#endif
