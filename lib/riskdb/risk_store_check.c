/*
 * The rules of a write to the risk register: the shape of a request (the
 * fields of a risk and of an action, checked before the transaction,
 * KA_ERR_INVALID naming the field) and the checks inside it (who may edit
 * a process or set the scale, If-Match, people, units and elements that
 * exist). Shared by risk_store_write.c and risk_store_action.c.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/roles.h"
#include "kartla/portfolio.h"
#include "kartla/risk_store.h"
#include "risk_store_int.h"
#include "kartla/banned.h"

const struct ka_rf ka_risk_store_risk_fields[KA_RISK_NFIELDS] = {
    {"title", KA_RF_TEXT, 300, NULL},
    {"event", KA_RF_TEXT, 4000, NULL},
    {"cause", KA_RF_TEXT, 4000, NULL},
    {"consequence", KA_RF_TEXT, 4000, NULL},
    {"category", KA_RF_CATEGORY, 100, NULL},
    {"controls", KA_RF_TEXT, 4000, NULL},
    {"element_id", KA_RF_ELEMENT, 200, NULL},
    {"owner_id", KA_RF_PERSON, 0, NULL},
    {"unit_id", KA_RF_UNIT, 0, NULL},
    {"decision", KA_RF_ENUM, 0, "accept|act"},
    {"decision_rationale", KA_RF_TEXT, 4000, NULL},
    {"decided_by", KA_RF_PERSON, 0, NULL},
    {"decided_at", KA_RF_DATE, 0, NULL},
    {"review_date", KA_RF_DATE, 0, NULL},
    {"source_workshop", KA_RF_TEXT, 300, NULL},
    {"source_date", KA_RF_DATE, 0, NULL},
    {"source_facilitator_id", KA_RF_PERSON, 0, NULL},
};

const struct ka_rf ka_risk_store_action_fields[KA_ACTION_NFIELDS] = {
    {"title", KA_RF_TEXT, 300, NULL},
    {"responsible_id", KA_RF_PERSON, 0, NULL},
    {"due_date", KA_RF_DATE, 0, NULL},
    {"status", KA_RF_ENUM, 0, "planned|ongoing|done|cancelled"},
};

/* ---- the shape of a request (no database) ---- */

int ka_risk_store_invalid(struct ka_diag *diag, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int ka_risk_store_invalid(struct ka_diag *diag, const char *field, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = ka_diag_vset(diag, KA_ERR_INVALID, 0, 0, field, fmt, ap);
	va_end(ap);
	return err;
}

/* Whether `s` is one of the '|'-separated words of `set`. */
static bool enum_has(const char *set, const char *s)
{
	size_t n = strlen(s);

	while (*set) {
		const char *end = strchr(set, '|');
		size_t len = end ? (size_t)(end - set) : strlen(set);

		if (len == n && !memcmp(set, s, n))
			return true;
		if (!end)
			break;
		set = end + 1;
	}
	return false;
}

/* Checks the shape of one field value; KA_ERR_INVALID naming the field. */
static int check_field(const struct ka_rf *f, const json_t *v, struct ka_diag *diag)
{
	const char *s = json_string_value(v), *name = f->name;

	if (json_is_null(v))
		return 0;
	switch (f->kind) {
	case KA_RF_PERSON:
	case KA_RF_UNIT:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return ka_risk_store_invalid(diag, name, "%s must be a positive id or null",
			                             name);
		return 0;
	case KA_RF_DATE:
		if (!s || !ka_date_valid(s))
			return ka_risk_store_invalid(diag, name,
			                             "%s must be a date YYYY-MM-DD or null", name);
		return 0;
	case KA_RF_ENUM:
		if (!s || !enum_has(f->extra, s))
			return ka_risk_store_invalid(diag, name, "%s must be one of %s or null",
			                             name, f->extra);
		return 0;
	default:
		if (!s)
			return ka_risk_store_invalid(diag, name, "%s must be a string or null",
			                             name);
		if (strlen(s) > f->max)
			return ka_risk_store_invalid(diag, name, "%s is longer than %zu bytes",
			                             name, f->max);
		if (f->kind == KA_RF_ELEMENT && !*s)
			return ka_risk_store_invalid(diag, name,
			                             "element_id must be an element id or null");
		return 0;
	}
}

/* A score object {likelihood, consequence}: shape only (the scale is checked in the tx). */
static int check_score(const char *name, const json_t *v, struct ka_diag *diag)
{
	const char *k;
	json_t *x;
	char f[64];

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return ka_risk_store_invalid(
		    diag, name, "%s must be an object {likelihood, consequence} or null", name);
	json_object_foreach((json_t *)v, k, x)
	{
		snprintf(f, sizeof(f), "%s.%s", name, k);
		if (strcmp(k, "likelihood") && strcmp(k, "consequence"))
			return ka_risk_store_invalid(diag, f, "unknown field '%s'", f);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(f, sizeof(f), "%s.%s", name, i ? "consequence" : "likelihood");
		if (!json_is_integer(json_object_get(v, i ? "consequence" : "likelihood")))
			return ka_risk_store_invalid(diag, f, "%s must be an integer level", f);
	}
	return 0;
}

static const struct ka_rf *field_of(const struct ka_rf *fields, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

static bool blank(const json_t *v)
{
	return strspn(json_string_value(v), " \t\r\n") == json_string_length(v);
}

int ka_risk_store_check_risk(const json_t *body, bool create, struct ka_diag *diag)
{
	const struct ka_rf *f;
	const char *k;
	json_t *v;
	int err;

	if (!json_is_object(body))
		return ka_risk_store_invalid(diag, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)body, k, v)
	{
		if (!strcmp(k, "inherent") || !strcmp(k, "residual")) {
			err = check_score(k, v, diag);
		} else {
			f = field_of(ka_risk_store_risk_fields, KA_RISK_NFIELDS, k);
			err = f ? check_field(f, v, diag)
			        : ka_risk_store_invalid(diag, k, "unknown field '%s'", k);
		}
		if (err)
			return err;
	}
	v = json_object_get(body, "title");
	if ((create && !v) || (v && (!json_is_string(v) || !json_string_length(v) || blank(v))))
		return ka_risk_store_invalid(diag, "title", "a risk needs a title");
	return 0;
}

int ka_risk_store_check_action(const json_t *body, bool create, struct ka_diag *diag)
{
	const struct ka_rf *f;
	const char *k;
	json_t *v;
	int err;

	if (!json_is_object(body))
		return ka_risk_store_invalid(diag, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)body, k, v)
	{
		if (!strcmp(k, "cost")) {
			if (!json_is_null(v) && (!json_is_number(v) || json_number_value(v) < 0))
				return ka_risk_store_invalid(diag, "cost",
				                             "cost must be a number >= 0 or null");
			continue;
		}
		f = field_of(ka_risk_store_action_fields, KA_ACTION_NFIELDS, k);
		err = f ? check_field(f, v, diag)
		        : ka_risk_store_invalid(diag, k, "unknown field '%s'", k);
		if (err)
			return err;
	}
	v = json_object_get(body, "title");
	if ((create && !v) || (v && (!json_is_string(v) || !json_string_length(v))))
		return ka_risk_store_invalid(diag, "title", "an action needs a title");
	v = json_object_get(body, "status");
	if (v && json_is_null(v))
		return ka_risk_store_invalid(diag, "status",
		                             "status must be planned, ongoing, done or cancelled");
	return 0;
}

/* ---- checks inside the transaction ---- */

int ka_risk_store_require_editor(struct ka_store *st, const struct ka_actor *actor, int64_t pid,
                                 struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	unsigned mask = 0;
	int err;

	if (actor->is_admin)
		return 0;
	ka_date_today(today);
	err = ka_portfolio_roles(st, pid, actor->user_id, today, &mask, diag);
	if (err)
		return err;
	if (mask & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR))
		return 0;
	return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
	                   "only the process owner, responsible/leader, a facilitator or an "
	                   "administrator may change process %" PRId64,
	                   pid);
}

int ka_risk_store_check_version(int64_t if_match, int64_t version, int64_t *out,
                                struct ka_diag *diag)
{
	*out = version;
	if (if_match < 0 || if_match == version)
		return 0;
	return ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
	                   "the resource has changed since you read it (current ETag \"v%" PRId64
	                   "\"); read it again and retry",
	                   version);
}

/* KA_ERR_INVALID naming `field` when the person or unit does not exist. */
int ka_risk_store_check_ref(struct ka_store *st, const char *field, enum ka_rf_kind kind,
                            int64_t id, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    kind == KA_RF_UNIT ? "SELECT 1 FROM units WHERE id = ?"
	                                       : "SELECT 1 FROM people WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_risk_store_invalid(diag, field, "%s: no %s with id %" PRId64, field,
		                            kind == KA_RF_UNIT ? "unit" : "person", id);
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_check_element(struct ka_store *st, int64_t pid, const char *element_id,
                                struct ka_diag *diag)
{
	int64_t vid;
	bool ok;
	int err = ka_risk_store_map_version(st, pid, &vid, diag);

	if (err)
		return err;
	if (!vid)
		return ka_risk_store_invalid(
		    diag, "element_id",
		    "element_id: process %" PRId64
		    " has no map yet; leave element_id null for the whole process",
		    pid);
	err = ka_risk_store_element_exists(st, vid, element_id, &ok, diag);
	if (!err && !ok)
		err = ka_risk_store_invalid(
		    diag, "element_id",
		    "element_id: '%s' is not an element of the current map of process "
		    "%" PRId64 " (map version %" PRId64 ")",
		    element_id, pid, vid);
	return err;
}

struct ka_val ka_risk_store_field_val(const json_t *v)
{
	if (json_is_integer(v))
		return ka_int(json_integer_value(v));
	if (json_is_string(v))
		return ka_text(json_string_value(v));
	return ka_null();
}

int ka_risk_store_require_facilitator(struct ka_store *st, const struct ka_actor *actor,
                                      struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	bool fac = false;
	int err;

	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	if (actor->is_admin)
		return 0;
	ka_date_today(today);
	err = ka_roles_is_facilitator(st, actor->user_id, today, &fac, diag);
	if (!err && !fac)
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                  "only facilitators and administrators may change this");
	return err;
}
