/*
 * The workspace settings (table `settings`, one row per key): whether
 * anonymous visitors may read, the default UI language, and whether a
 * process owner may approve their own map versions.
 */
#ifndef KARTLA_SETTINGS_H
#define KARTLA_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

#define KA_SETTING_ANONYMOUS_READ     "anonymous_read"     /* "true" / "false" (default) */
#define KA_SETTING_LANGUAGE           "language"           /* "nb", "sv", "en"; absent: browser */
#define KA_SETTING_OWNERS_APPROVE_OWN "owners_approve_own" /* "true" / "false" (default) */

struct ka_settings {
	bool anonymous_read;
	char language[4]; /* "" when the UI follows each browser */
	bool owners_approve_own;
};

/* Changes; has_* false leaves a setting alone. language NULL: follow the browser. */
struct ka_settings_patch {
	bool has_anonymous_read, anonymous_read;
	bool has_language;
	const char *language;
	bool has_owners_approve_own, owners_approve_own;
};

/* Reads every setting (one statement). */
int ka_settings_get(struct ka_settings *out, struct ka_store *st, struct ka_diag *diag);

/*
 * As JSON (new reference): {anonymous_read, language (or null)} for
 * everyone (GET /api/health), plus owners_approve_own when `full`
 * (GET /api/settings).
 */
json_t *ka_settings_to_json(const struct ka_settings *s, bool full);

/*
 * Applies a patch (admins only, else KA_ERR_PERM) in one audited
 * transaction and reads the result into *out. KA_ERR_INVALID (field
 * "language") for a language other than nb, sv, en or NULL.
 */
int ka_settings_update(struct ka_settings *out, struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_settings_patch *p, struct ka_diag *diag);

#endif
