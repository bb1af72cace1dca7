/*
 * Writing the risk register: risks of a process (optionally on one map
 * element) with their score history, their actions, and the workspace's
 * risk scale (a new scale never rescales stored scores). The shape of a
 * request is checked before the transaction (KA_ERR_INVALID naming the
 * field); inside it: the process or risk exists, the actor may edit the
 * process (its editors; facilitators and administrators for the scale),
 * If-Match, people, units and the element exist, scores are on the
 * current scale, an "accept" decision fits the acceptance criteria. Every
 * write is one transaction with its audit_log entry; nothing is stored
 * when a call fails.
 *
 * write_risk() is long because it is the one place a risk row is merged,
 * checked and written; its steps are commented.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/org.h"
#include "kartla/portfolio.h"
#include "kartla/risk_store.h"
#include "risk_store_int.h"
#include "kartla/banned.h"

#define N(a)     (sizeof(a) / sizeof((a)[0]))
#define ATTEMPTS 5

/* ---- the shape of a request (no database) ---- */

enum rf_kind { RF_TEXT, RF_DATE, RF_PERSON, RF_UNIT, RF_ENUM, RF_ELEMENT };

struct rf {
	const char *name; /* JSON field and column */
	enum rf_kind kind;
	size_t max;        /* strings: bytes */
	const char *extra; /* RF_ENUM: "a|b" */
};

static const struct rf risk_fields[] = {
    {"title", RF_TEXT, 300, NULL},
    {"event", RF_TEXT, 4000, NULL},
    {"cause", RF_TEXT, 4000, NULL},
    {"consequence", RF_TEXT, 4000, NULL},
    {"category", RF_TEXT, 100, NULL},
    {"controls", RF_TEXT, 4000, NULL},
    {"element_id", RF_ELEMENT, 200, NULL},
    {"owner_id", RF_PERSON, 0, NULL},
    {"unit_id", RF_UNIT, 0, NULL},
    {"decision", RF_ENUM, 0, "accept|act"},
    {"decision_rationale", RF_TEXT, 4000, NULL},
    {"decided_by", RF_PERSON, 0, NULL},
    {"decided_at", RF_DATE, 0, NULL},
    {"review_date", RF_DATE, 0, NULL},
    {"source_workshop", RF_TEXT, 300, NULL},
    {"source_date", RF_DATE, 0, NULL},
    {"source_facilitator_id", RF_PERSON, 0, NULL},
};

static const struct rf action_fields[] = {
    {"title", RF_TEXT, 300, NULL},
    {"responsible_id", RF_PERSON, 0, NULL},
    {"due_date", RF_DATE, 0, NULL},
    {"status", RF_ENUM, 0, "planned|ongoing|done|cancelled"},
};

static int invalid(struct ka_diag *diag, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int invalid(struct ka_diag *diag, const char *field, const char *fmt, ...)
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
static int check_field(const struct rf *f, const json_t *v, struct ka_diag *diag)
{
	const char *s = json_string_value(v), *name = f->name;

	if (json_is_null(v))
		return 0;
	switch (f->kind) {
	case RF_PERSON:
	case RF_UNIT:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return invalid(diag, name, "%s must be a positive id or null", name);
		return 0;
	case RF_DATE:
		if (!s || !ka_date_valid(s))
			return invalid(diag, name, "%s must be a date YYYY-MM-DD or null", name);
		return 0;
	case RF_ENUM:
		if (!s || !enum_has(f->extra, s))
			return invalid(diag, name, "%s must be one of %s or null", name, f->extra);
		return 0;
	default:
		if (!s)
			return invalid(diag, name, "%s must be a string or null", name);
		if (strlen(s) > f->max)
			return invalid(diag, name, "%s is longer than %zu bytes", name, f->max);
		if (f->kind == RF_ELEMENT && !*s)
			return invalid(diag, name, "element_id must be an element id or null");
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
		return invalid(diag, name, "%s must be an object {likelihood, consequence} or null",
		               name);
	json_object_foreach((json_t *)v, k, x)
	{
		snprintf(f, sizeof(f), "%s.%s", name, k);
		if (strcmp(k, "likelihood") && strcmp(k, "consequence"))
			return invalid(diag, f, "unknown field '%s'", f);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(f, sizeof(f), "%s.%s", name, i ? "consequence" : "likelihood");
		if (!json_is_integer(json_object_get(v, i ? "consequence" : "likelihood")))
			return invalid(diag, f, "%s must be an integer level", f);
	}
	return 0;
}

static const struct rf *field_of(const struct rf *fields, size_t n, const char *name)
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

static int check_risk_body(const json_t *body, bool create, struct ka_diag *diag)
{
	const struct rf *f;
	const char *k;
	json_t *v;
	int err;

	if (!json_is_object(body))
		return invalid(diag, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)body, k, v)
	{
		if (!strcmp(k, "inherent") || !strcmp(k, "residual")) {
			err = check_score(k, v, diag);
		} else {
			f = field_of(risk_fields, N(risk_fields), k);
			err =
			    f ? check_field(f, v, diag) : invalid(diag, k, "unknown field '%s'", k);
		}
		if (err)
			return err;
	}
	v = json_object_get(body, "title");
	if ((create && !v) || (v && (!json_is_string(v) || !json_string_length(v) || blank(v))))
		return invalid(diag, "title", "a risk needs a title");
	return 0;
}

static int check_action_body(const json_t *body, bool create, struct ka_diag *diag)
{
	const struct rf *f;
	const char *k;
	json_t *v;
	int err;

	if (!json_is_object(body))
		return invalid(diag, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)body, k, v)
	{
		if (!strcmp(k, "cost")) {
			if (!json_is_null(v) && (!json_is_number(v) || json_number_value(v) < 0))
				return invalid(diag, "cost", "cost must be a number >= 0 or null");
			continue;
		}
		f = field_of(action_fields, N(action_fields), k);
		err = f ? check_field(f, v, diag) : invalid(diag, k, "unknown field '%s'", k);
		if (err)
			return err;
	}
	v = json_object_get(body, "title");
	if ((create && !v) || (v && (!json_is_string(v) || !json_string_length(v))))
		return invalid(diag, "title", "an action needs a title");
	v = json_object_get(body, "status");
	if (v && json_is_null(v))
		return invalid(diag, "status",
		               "status must be planned, ongoing, done or cancelled");
	return 0;
}

/* ---- checks inside the transaction ---- */

static int require_editor(struct ka_store *st, const struct ka_actor *actor, int64_t pid,
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

static int check_version(int64_t if_match, int64_t version, int64_t *out, struct ka_diag *diag)
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
static int check_ref(struct ka_store *st, const char *field, enum rf_kind kind, int64_t id,
                     struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    kind == RF_UNIT ? "SELECT 1 FROM units WHERE id = ?"
	                                    : "SELECT 1 FROM people WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = invalid(diag, field, "%s: no %s with id %" PRId64, field,
		              kind == RF_UNIT ? "unit" : "person", id);
	ka_rows_release(&r);
	return err;
}

static int check_element(struct ka_store *st, int64_t pid, const char *element_id,
                         struct ka_diag *diag)
{
	int64_t vid;
	bool ok;
	int err = ka_risk_store_map_version(st, pid, &vid, diag);

	if (err)
		return err;
	if (!vid)
		return invalid(diag, "element_id",
		               "element_id: process %" PRId64
		               " has no map yet; leave element_id null for the whole process",
		               pid);
	err = ka_risk_store_element_exists(st, vid, element_id, &ok, diag);
	if (!err && !ok)
		err = invalid(diag, "element_id",
		              "element_id: '%s' is not an element of the current map of process "
		              "%" PRId64 " (map version %" PRId64 ")",
		              element_id, pid, vid);
	return err;
}

/* One risk read inside the transaction, as a list of one (empty when absent). */
static int load_risk(struct ka_store *st, const struct ka_risk_scales *sc, int64_t id,
                     struct ka_risk_list *l, struct ka_diag *diag)
{
	struct ka_risk_filter f;
	char today[KA_DATE_LEN];

	ka_risk_list_release(l);
	ka_risk_list_init(l);
	ka_risk_filter_init(&f);
	f.id = id;
	ka_date_today(today);
	return ka_risk_store_query(st, sc, &f, today, l, diag);
}

static json_t *risk_json_of(const struct ka_risk_list *l)
{
	return l->n ? ka_risk_to_json(&l->items[0]) : NULL;
}

/* ---- risks ---- */

/* One score column group of a risk row, as read and as written. */
struct score {
	int64_t scale_id, l, c; /* scale_id 0: none */
	const char *at;
	bool changed; /* a new assessment to record */
};

struct risk_tx {
	const struct ka_actor *actor;
	const json_t *body;
	int64_t id, pid, if_match;
	struct ka_risk_list *out;
	int64_t *version;
};

static void read_score(const struct ka_rows *r, size_t col, struct score *s)
{
	memset(s, 0, sizeof(*s));
	if (ka_rows_at(r, 0, col)->type != KA_VAL_INT)
		return;
	s->scale_id = ka_rows_at(r, 0, col)->i;
	s->l = ka_rows_at(r, 0, col + 1)->i;
	s->c = ka_rows_at(r, 0, col + 2)->i;
	s->at = ka_rows_at(r, 0, col + 3)->s;
}

static int off_scale(const char *name, const char *part, int64_t v,
                     const struct ka_risk_scale *scale, struct ka_diag *diag)
{
	char f[64];

	snprintf(f, sizeof(f), "%s.%s", name, part);
	return invalid(diag, f, "%s: %" PRId64 " is off the scale '%s' (levels 1 to %d)", f, v,
	               scale->key, scale->size);
}

/* Applies a score from the request to `s`, on the current scale. */
static int apply_score(const char *name, const json_t *v, const struct ka_risk_scales *sc,
                       int64_t current_id, const char *now, struct score *s, struct ka_diag *diag)
{
	const struct ka_risk_scale *scale = &sc->current;
	int64_t l, c;

	if (json_is_null(v)) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	l = json_integer_value(json_object_get(v, "likelihood"));
	c = json_integer_value(json_object_get(v, "consequence"));
	if (!ka_risk_level_ok(scale, l))
		return off_scale(name, "likelihood", l, scale, diag);
	if (!ka_risk_level_ok(scale, c))
		return off_scale(name, "consequence", c, scale, diag);
	if (s->scale_id == current_id && s->l == l && s->c == c)
		return 0; /* the same assessment again: nothing new */
	s->scale_id = current_id;
	s->l = l;
	s->c = c;
	s->at = now;
	s->changed = true;
	return 0;
}

static struct ka_val score_val(const struct score *s, int part)
{
	if (!s->scale_id)
		return ka_null();
	switch (part) {
	case 0:
		return ka_int(s->scale_id);
	case 1:
		return ka_int(s->l);
	case 2:
		return ka_int(s->c);
	default:
		return ka_text(s->at);
	}
}

static struct ka_val field_val(const json_t *v)
{
	if (json_is_integer(v))
		return ka_int(json_integer_value(v));
	if (json_is_string(v))
		return ka_text(json_string_value(v));
	return ka_null();
}

static struct ka_val user_val(const struct ka_actor *a)
{
	return a->user_id ? ka_int(a->user_id) : ka_null();
}

#define SCORE_COLS                                                                                 \
	"scale_id, likelihood, impact, assessed_at, residual_scale_id, residual_likelihood, "      \
	"residual_impact, residual_assessed_at"

/* Reads the row to patch: the process, the version, the scores and every field into merged. */
static int read_row(struct ka_store *st, struct risk_tx *t, struct ka_rows *r, struct score *sco,
                    json_t *merged, struct ka_diag *diag)
{
	struct ka_buf sql;
	size_t i;
	int err;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_adds(&sql, "SELECT process_id, version, " SCORE_COLS);
	for (i = 0; i < N(risk_fields); i++)
		ka_buf_addf(&sql, ", %s", risk_fields[i].name);
	ka_buf_adds(&sql, " FROM risks WHERE id = ?");
	err = ka_store_exec(st, sql.data, (struct ka_val[]){ka_int(t->id)}, 1, r, diag);
	ka_buf_release(&sql);
	if (!err && !r->nrows)
		err =
		    ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk %" PRId64, t->id);
	if (err)
		return err;
	t->pid = ka_rows_at(r, 0, 0)->i;
	read_score(r, 2, &sco[0]);
	read_score(r, 6, &sco[1]);
	for (i = 0; i < N(risk_fields); i++) {
		const struct ka_val *x = ka_rows_at(r, 0, 10 + i);

		json_object_set_new(merged, risk_fields[i].name,
		                    x->type == KA_VAL_INT    ? json_integer(x->i)
		                    : x->type == KA_VAL_TEXT ? json_string(x->s)
		                                             : json_null());
	}
	return 0;
}

/* The references and the element of the fields the request sets, merged over the row. */
static int merge_fields(struct ka_store *st, const struct risk_tx *t, json_t *merged,
                        struct ka_diag *diag)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < N(risk_fields); i++) {
		const struct rf *f = &risk_fields[i];
		const json_t *v = json_object_get(t->body, f->name);

		if (!v)
			continue;
		json_object_set(merged, f->name, (json_t *)v);
		if (json_is_null(v))
			continue;
		if (f->kind == RF_PERSON || f->kind == RF_UNIT)
			err = check_ref(st, f->name, f->kind, json_integer_value(v), diag);
		else if (f->kind == RF_ELEMENT)
			err = check_element(st, t->pid, json_string_value(v), diag);
	}
	return err;
}

/* The request's scores on the current scale (storing the default scale first if needed). */
static int merge_scores(struct ka_store *st, const struct risk_tx *t, struct ka_risk_scales *sc,
                        const char *now, struct score *sco, struct ka_diag *diag)
{
	const json_t *in = json_object_get(t->body, "inherent"),
	             *res = json_object_get(t->body, "residual");
	int64_t current_id = 0;
	int err = 0, k;

	if (!in && !res)
		return 0;
	if (json_is_object(in) || json_is_object(res))
		err = ka_risk_store_scale_current_id(st, &current_id, diag);
	if (!err && current_id != sc->current_id) {
		/* the default scale was just stored: read the scales again */
		ka_risk_scales_release(sc);
		err = ka_risk_store_scales_load(st, sc, diag);
	}
	for (k = 0; !err && k < 2; k++) {
		const json_t *v = k ? res : in;

		if (v)
			err = apply_score(k ? "residual" : "inherent", v, sc, current_id, now,
			                  &sco[k], diag);
	}
	return err;
}

/* The decision against the acceptance criteria of the inherent score's scale. */
static int check_decision(const struct ka_risk_scales *sc, const struct score *inh, json_t *merged,
                          const char *today, struct ka_diag *diag)
{
	const char *decision = json_string_value(json_object_get(merged, "decision"));
	const struct ka_risk_scale *s =
	    inh->scale_id ? ka_risk_scales_get(sc, inh->scale_id) : NULL;
	int value = (int)(inh->l * inh->c);

	if (!decision)
		return 0;
	if (!strcmp(decision, "accept") && s && ka_risk_acceptance(s, value) == KA_RISK_ACT)
		return invalid(diag, "decision",
		               "decision: a %s risk (R = %d on scale '%s') is not acceptable "
		               "without an action; decide \"act\"",
		               ka_risk_colour_name(ka_risk_colour_of(s, value)), value, s->key);
	if (!json_is_string(json_object_get(merged, "decided_at")))
		json_object_set_new(merged, "decided_at", json_string(today));
	return 0;
}

/* Writes every column; the new id and version into t. */
static int write_row(struct ka_store *st, struct risk_tx *t, const struct score *sco,
                     const json_t *merged, const char *now, struct ka_diag *diag)
{
	struct ka_val params[N(risk_fields) + 12];
	struct ka_buf sql;
	struct ka_rows w;
	size_t i, np = 0;
	int err, k;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_rows_init(&w);
	if (!t->id) {
		ka_buf_adds(&sql,
		            "INSERT INTO risks (process_id, created_by, created_at, " SCORE_COLS);
		params[np++] = ka_int(t->pid);
		params[np++] = user_val(t->actor);
		params[np++] = ka_text(now);
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_addf(&sql, ", %s", risk_fields[i].name);
		ka_buf_adds(&sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_adds(&sql, ", ?");
		ka_buf_adds(&sql, ") RETURNING id, version");
	} else {
		ka_buf_adds(&sql,
		            "UPDATE risks SET version = version + 1, updated_at = ?, "
		            "scale_id = ?, likelihood = ?, impact = ?, assessed_at = ?, "
		            "residual_scale_id = ?, residual_likelihood = ?, residual_impact = ?, "
		            "residual_assessed_at = ?");
		params[np++] = ka_text(now);
		for (i = 0; i < N(risk_fields); i++)
			ka_buf_addf(&sql, ", %s = ?", risk_fields[i].name);
		ka_buf_adds(&sql, " WHERE id = ? RETURNING id, version");
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < 4; i++)
			params[np++] = score_val(&sco[k], (int)i);
	for (i = 0; i < N(risk_fields); i++)
		params[np++] = field_val(json_object_get(merged, risk_fields[i].name));
	if (t->id)
		params[np++] = ka_int(t->id);
	err = ka_store_exec(st, sql.data, params, np, &w, diag);
	if (!err) {
		t->id = ka_rows_at(&w, 0, 0)->i;
		*t->version = ka_rows_at(&w, 0, 1)->i;
	}
	/* the score history */
	for (k = 0; !err && k < 2; k++)
		if (sco[k].changed)
			err = ka_store_exec(
			    st,
			    "INSERT INTO risk_scores (risk_id, kind, scale_id, likelihood, impact, "
			    "at,"
			    " user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
			    (struct ka_val[]){ka_int(t->id), ka_text(k ? "residual" : "inherent"),
			                      ka_int(sco[k].scale_id), ka_int(sco[k].l),
			                      ka_int(sco[k].c), ka_text(now), user_val(t->actor)},
			    7, NULL, diag);
	ka_rows_release(&w);
	ka_buf_release(&sql);
	return err;
}

static int write_risk(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct risk_tx t = *(struct risk_tx *)vctx; /* a retry starts from the request again */
	bool create = !t.id;
	struct ka_risk_scales sc;
	struct ka_risk_list before;
	struct score sco[2];
	json_t *merged = json_object(), *b = NULL, *a = NULL;
	struct ka_rows r;
	char now[KA_TIME_LEN], today[KA_DATE_LEN];
	int err;

	memset(&sc, 0, sizeof(sc));
	memset(sco, 0, sizeof(sco));
	ka_risk_list_init(&before);
	ka_rows_init(&r);
	ka_date_now(now);
	ka_date_today(today);
	/* the row as it is (patch) and the process it belongs to */
	if (create)
		err = ka_risk_store_process_exists(st, t.pid, diag);
	else
		err = read_row(st, &t, &r, sco, merged, diag);
	if (!err && !create)
		err = check_version(t.if_match, ka_rows_at(&r, 0, 1)->i, t.version, diag);
	if (!err)
		err = require_editor(st, t.actor, t.pid, diag);
	if (!err)
		err = ka_risk_store_scales_load(st, &sc, diag);
	if (!err && !create)
		err = load_risk(st, &sc, t.id, &before, diag);
	if (!err)
		err = merge_fields(st, &t, merged, diag);
	if (!err)
		err = merge_scores(st, &t, &sc, now, sco, diag);
	if (!err)
		err = check_decision(&sc, &sco[0], merged, today, diag);
	/* the parameters borrow strings from r and merged */
	if (!err)
		err = write_row(st, &t, sco, merged, now, diag);
	if (!err) {
		ka_risk_scales_release(&sc);
		err = ka_risk_store_scales_load(st, &sc, diag);
	}
	if (!err)
		err = load_risk(st, &sc, t.id, t.out, diag);
	if (!err) {
		b = risk_json_of(&before);
		a = risk_json_of(t.out);
		err = ka_audit_write(st, t.actor, create ? "create" : "update", "risk", t.id, b, a,
		                     diag);
	}
	json_decref(merged);
	json_decref(b);
	json_decref(a);
	ka_rows_release(&r);
	ka_risk_list_release(&before);
	ka_risk_scales_release(&sc);
	return err;
}

int ka_risk_store_save(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                       int64_t id, const json_t *body, int64_t if_match, struct ka_risk_list *out,
                       int64_t *version, struct ka_diag *diag)
{
	struct risk_tx t = {actor, body, id, process_id, if_match, out, version};
	int err;

	ka_risk_list_init(out);
	*version = 0;
	err = check_risk_body(body, !id, diag);
	if (!err)
		err = ka_store_transact(st, write_risk, &t, ATTEMPTS, diag);
	if (err) {
		ka_risk_list_release(out);
		ka_risk_list_init(out);
	}
	return err;
}

struct delete_tx {
	const struct ka_actor *actor;
	int64_t id, if_match;
	int64_t *version;
};

static int delete_risk(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct delete_tx *t = vctx;
	struct ka_risk_scales sc;
	struct ka_risk_list l;
	json_t *before = NULL;
	int err;

	ka_risk_list_init(&l);
	err = ka_risk_store_scales_load(st, &sc, diag);
	if (err)
		return err;
	err = load_risk(st, &sc, t->id, &l, diag);
	ka_risk_scales_release(&sc);
	if (!err && !l.n)
		err =
		    ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk %" PRId64, t->id);
	if (!err)
		err = require_editor(st, t->actor, l.items[0].process_id, diag);
	if (!err)
		err = check_version(t->if_match, l.items[0].version, t->version, diag);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM risks WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err) {
		before = ka_risk_to_json(&l.items[0]);
		err = ka_audit_write(st, t->actor, "delete", "risk", t->id, before, NULL, diag);
	}
	json_decref(before);
	ka_risk_list_release(&l);
	return err;
}

int ka_risk_store_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                         int64_t if_match, int64_t *version, struct ka_diag *diag)
{
	struct delete_tx t = {actor, id, if_match, version};

	*version = 0;
	return ka_store_transact(st, delete_risk, &t, ATTEMPTS, diag);
}

/* ---- actions ---- */

#define ACTION_COLS "id, risk_id, title, responsible_id, due_date, status, cost, version"

static json_t *action_row_json(const struct ka_rows *r)
{
	const char *names[] = {"id",       "risk_id", "title", "responsible_id",
	                       "due_date", "status",  "cost",  "version"};
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < N(names); i++) {
		const struct ka_val *v = ka_rows_at(r, 0, i);

		json_object_set_new(o, names[i],
		                    v->type == KA_VAL_INT    ? json_integer(v->i)
		                    : v->type == KA_VAL_REAL ? json_real(v->r)
		                    : v->type == KA_VAL_TEXT ? json_string(v->s)
		                                             : json_null());
	}
	return o;
}

static int risk_process(struct ka_store *st, int64_t risk_id, int64_t *pid, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT process_id FROM risks WHERE id = ?",
	                    (struct ka_val[]){ka_int(risk_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk %" PRId64,
		                  risk_id);
	if (!err)
		*pid = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

/* The action row `id` as JSON into *before, its risk and its process; checks If-Match. */
static int read_action(struct ka_store *st, int64_t id, json_t **before, int64_t *risk_id,
                       int64_t *version, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " ACTION_COLS " FROM risk_actions WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err =
		    ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such action %" PRId64, id);
	if (!err) {
		*before = action_row_json(&r);
		*risk_id = ka_rows_at(&r, 0, 1)->i;
		*version = ka_rows_at(&r, 0, 7)->i;
	}
	ka_rows_release(&r);
	return err;
}

struct action_tx {
	const struct ka_actor *actor;
	const json_t *body;
	int64_t risk_id, id, if_match;
	json_t **out;
	int64_t *version;
};

static int write_action_row(struct ka_store *st, const struct action_tx *t, int64_t risk_id,
                            struct ka_rows *r, struct ka_diag *diag)
{
	const json_t *obj = t->body;
	const json_t *title = json_object_get(obj, "title"),
	             *resp_id = json_object_get(obj, "responsible_id"),
	             *due = json_object_get(obj, "due_date"),
	             *status = json_object_get(obj, "status"), *cost = json_object_get(obj, "cost");
	struct ka_val costv = json_is_number(cost) ? ka_real(json_number_value(cost)) : ka_null();
	char now[KA_TIME_LEN];

	ka_date_now(now);
	if (!t->id)
		return ka_store_exec(
		    st,
		    "INSERT INTO risk_actions (risk_id, title, responsible_id, due_date, status,"
		    " cost, created_at) VALUES (?, ?, ?, ?, COALESCE(CAST(? AS TEXT), 'planned'),"
		    " ?, ?) RETURNING " ACTION_COLS,
		    (struct ka_val[]){ka_int(risk_id), field_val(title), field_val(resp_id),
		                      field_val(due), field_val(status), costv, ka_text(now)},
		    7, r, diag);
	return ka_store_exec(
	    st,
	    "UPDATE risk_actions SET title = COALESCE(CAST(? AS TEXT), title),"
	    " responsible_id = CASE WHEN ? = 1 THEN ? ELSE responsible_id END,"
	    " due_date = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE due_date END,"
	    " status = COALESCE(CAST(? AS TEXT), status),"
	    " cost = CASE WHEN ? = 1 THEN ? ELSE cost END,"
	    " version = version + 1, updated_at = ? WHERE id = ? RETURNING " ACTION_COLS,
	    (struct ka_val[]){field_val(title), ka_int(resp_id != NULL), field_val(resp_id),
	                      ka_int(due != NULL), field_val(due), field_val(status),
	                      ka_int(cost != NULL), costv, ka_text(now), ka_int(t->id)},
	    10, r, diag);
}

static int write_action(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct action_tx *t = vctx;
	json_t *before = NULL;
	const json_t *v;
	struct ka_rows r;
	int64_t pid = 0, risk_id = t->risk_id, current = 0;
	size_t i;
	int err = 0;

	ka_rows_init(&r);
	json_decref(*t->out);
	*t->out = NULL;
	if (t->id) {
		err = read_action(st, t->id, &before, &risk_id, &current, diag);
		if (!err)
			err = check_version(t->if_match, current, t->version, diag);
	}
	if (!err)
		err = risk_process(st, risk_id, &pid, diag);
	if (!err)
		err = require_editor(st, t->actor, pid, diag);
	for (i = 0; !err && i < N(action_fields); i++) {
		v = json_object_get(t->body, action_fields[i].name);
		if (v && json_is_integer(v) && action_fields[i].kind == RF_PERSON)
			err = check_ref(st, action_fields[i].name, RF_PERSON, json_integer_value(v),
			                diag);
	}
	if (!err)
		err = write_action_row(st, t, risk_id, &r, diag);
	if (!err) {
		*t->out = action_row_json(&r);
		*t->version = ka_rows_at(&r, 0, 7)->i;
		err = ka_audit_write(st, t->actor, t->id ? "update" : "create", "risk_action",
		                     ka_rows_at(&r, 0, 0)->i, before, *t->out, diag);
	}
	json_decref(before);
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_action_save(struct ka_store *st, const struct ka_actor *actor, int64_t risk_id,
                              int64_t id, const json_t *body, int64_t if_match, json_t **out,
                              int64_t *version, struct ka_diag *diag)
{
	struct action_tx t = {actor, body, risk_id, id, if_match, out, version};
	int err;

	*out = NULL;
	*version = 0;
	err = check_action_body(body, !id, diag);
	if (!err)
		err = ka_store_transact(st, write_action, &t, ATTEMPTS, diag);
	if (err) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

static int delete_action(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct delete_tx *t = vctx;
	json_t *before = NULL;
	int64_t pid = 0, risk_id = 0, current = 0;
	int err;

	err = read_action(st, t->id, &before, &risk_id, &current, diag);
	if (!err)
		err = risk_process(st, risk_id, &pid, diag);
	if (!err)
		err = require_editor(st, t->actor, pid, diag);
	if (!err)
		err = check_version(t->if_match, current, t->version, diag);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM risk_actions WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "delete", "risk_action", t->id, before, NULL,
		                     diag);
	json_decref(before);
	return err;
}

int ka_risk_store_action_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                int64_t if_match, int64_t *version, struct ka_diag *diag)
{
	struct delete_tx t = {actor, id, if_match, version};

	*version = 0;
	return ka_store_transact(st, delete_action, &t, ATTEMPTS, diag);
}

/* ---- the scale ---- */

struct scale_tx {
	const struct ka_actor *actor;
	const struct ka_risk_scale *scale;
	int64_t *id;
};

static int require_facilitator(struct ka_store *st, const struct ka_actor *actor,
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
	err = ka_org_is_facilitator(st, actor->user_id, today, &fac, diag);
	if (!err && !fac)
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                  "only facilitators and administrators may change this");
	return err;
}

static int check_facilitator(struct ka_store *st, void *actor, struct ka_diag *diag)
{
	return require_facilitator(st, actor, diag);
}

static int put_scale(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct scale_tx *t = vctx;
	json_t *after;
	int err = require_facilitator(st, t->actor, diag);

	if (!err)
		err = ka_risk_store_scale_insert(st, t->scale, t->actor->user_id, t->id, diag);
	if (err)
		return err;
	after = ka_risk_scale_entry_to_json(*t->id, t->scale);
	err = ka_audit_write(st, t->actor, "create", "risk_scale", *t->id, NULL, after, diag);
	json_decref(after);
	return err;
}

int ka_risk_store_scale_set(struct ka_store *st, const struct ka_actor *actor, const char *preset,
                            const json_t *scale, int64_t *id, struct ka_risk_scale *out,
                            struct ka_diag *diag)
{
	struct scale_tx t = {actor, out, id};
	char field[160], msg[300], path[180];
	int err;

	*id = 0;
	/* who may, before what they sent */
	err = ka_risk_store_in_read_tx(st, check_facilitator, (void *)actor, diag);
	if (err)
		return err;
	if (!preset == !scale)
		return invalid(diag, preset ? "scale" : "preset",
		               "give either \"preset\" (se4, no5) or \"scale\", not both");
	if (preset && ka_risk_preset(preset, out))
		return invalid(diag, "preset", "preset: unknown preset '%s' (se4, no5)", preset);
	if (scale && ka_risk_scale_from_json(scale, out, field, sizeof(field), msg, sizeof(msg))) {
		snprintf(path, sizeof(path), "scale%s%s", *field ? "." : "", field);
		return invalid(diag, path, "scale: %s", msg);
	}
	return ka_store_transact(st, put_scale, &t, ATTEMPTS, diag);
}
