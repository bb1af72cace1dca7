/*
 * Writing risks: create, patch (merged over the stored row), delete. Every
 * write is one transaction (retried on KA_ERR_BUSY) with its audit_log
 * entry and, for a new assessment, its risk_scores row; nothing is stored
 * when a call fails. The rules are in risk_store_check.c.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/risk_store.h"
#include "risk_store_int.h"
#include "kartla/banned.h"

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

/* The score columns of a risk: the inherent score's four, then the residual one's. */
#define SCORE_COLUMNS                                                                              \
	"scale_id", "likelihood", "impact", "assessed_at", "residual_scale_id",                    \
	    "residual_likelihood", "residual_impact", "residual_assessed_at"
#define SCORE_COLS KA_COLS_SQL(SCORE_COLUMNS)
/* The four columns of one score, from its first (and the parts of score_val). */
enum score_part { SP_SCALE_ID, SP_LIKELIHOOD, SP_IMPACT, SP_ASSESSED_AT, SP_COUNT };
KA_COLS_CHECK(SCORE_COLUMNS, 2 * SP_COUNT);

/* The row read before a patch; the KA_RISK_NFIELDS request fields follow from RR_FIELDS. */
#define READ_COLUMNS "process_id", "version", SCORE_COLUMNS
#define READ_COLS    KA_COLS_SQL(READ_COLUMNS)
enum read_col {
	RR_PROCESS_ID,
	RR_VERSION,
	RR_INHERENT,
	RR_RESIDUAL = RR_INHERENT + SP_COUNT,
	RR_FIELDS = RR_RESIDUAL + SP_COUNT
};
KA_COLS_CHECK(READ_COLUMNS, RR_FIELDS);

/* What a write returns. */
#define RETURNED_COLUMNS "id", "version"
#define RETURNED_COLS    KA_COLS_SQL(RETURNED_COLUMNS)
enum returned_col { RET_ID, RET_VERSION, RET_COUNT };
KA_COLS_CHECK(RETURNED_COLUMNS, RET_COUNT);

static void read_score(const struct ka_rows *r, size_t col, struct score *s)
{
	memset(s, 0, sizeof(*s));
	if (ka_rows_at(r, 0, col + SP_SCALE_ID)->type != KA_VAL_INT)
		return;
	s->scale_id = ka_rows_at(r, 0, col + SP_SCALE_ID)->i;
	s->l = ka_rows_at(r, 0, col + SP_LIKELIHOOD)->i;
	s->c = ka_rows_at(r, 0, col + SP_IMPACT)->i;
	s->at = ka_rows_at(r, 0, col + SP_ASSESSED_AT)->s;
}

static int off_scale(const char *name, const char *part, int64_t v,
                     const struct ka_risk_scale *scale, struct ka_diag *diag)
{
	char f[64];

	snprintf(f, sizeof(f), "%s.%s", name, part);
	return ka_risk_store_invalid(diag, f,
	                             "%s: %" PRId64 " is off the scale '%s' (levels 1 to %d)", f, v,
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

static struct ka_val score_val(const struct score *s, enum score_part part)
{
	if (!s->scale_id)
		return ka_null();
	switch (part) {
	case SP_SCALE_ID:
		return ka_int(s->scale_id);
	case SP_LIKELIHOOD:
		return ka_int(s->l);
	case SP_IMPACT:
		return ka_int(s->c);
	default:
		return ka_text(s->at);
	}
}

static struct ka_val user_val(const struct ka_actor *a)
{
	return a->user_id ? ka_int(a->user_id) : ka_null();
}

/* Reads the row to patch: the process, the version, the scores and every field into merged. */
static int read_row(struct ka_store *st, struct risk_tx *t, struct ka_rows *r, struct score *sco,
                    json_t *merged, struct ka_diag *diag)
{
	struct ka_buf sql;
	size_t i;
	int err;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_adds(&sql, "SELECT " READ_COLS);
	for (i = 0; i < KA_RISK_NFIELDS; i++)
		ka_buf_addf(&sql, ", %s", ka_risk_store_risk_fields[i].name);
	ka_buf_adds(&sql, " FROM risks WHERE id = ?");
	err = ka_store_exec(st, sql.data, (struct ka_val[]){ka_int(t->id)}, 1, r, diag);
	ka_buf_release(&sql);
	if (!err && !r->nrows)
		err =
		    ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk %" PRId64, t->id);
	if (err)
		return err;
	t->pid = ka_rows_at(r, 0, RR_PROCESS_ID)->i;
	read_score(r, RR_INHERENT, &sco[0]);
	read_score(r, RR_RESIDUAL, &sco[1]);
	for (i = 0; i < KA_RISK_NFIELDS; i++) {
		const struct ka_val *x = ka_rows_at(r, 0, RR_FIELDS + i);

		json_object_set_new(merged, ka_risk_store_risk_fields[i].name,
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

	for (i = 0; !err && i < KA_RISK_NFIELDS; i++) {
		const struct ka_rf *f = &ka_risk_store_risk_fields[i];
		const json_t *v = json_object_get(t->body, f->name);

		if (!v)
			continue;
		json_object_set(merged, f->name, (json_t *)v);
		if (json_is_null(v))
			continue;
		if (f->kind == KA_RF_PERSON || f->kind == KA_RF_UNIT)
			err = ka_risk_store_check_ref(st, f->name, f->kind, json_integer_value(v),
			                              diag);
		else if (f->kind == KA_RF_ELEMENT)
			err = ka_risk_store_check_element(st, t->pid, json_string_value(v), diag);
		else if (f->kind == KA_RF_CATEGORY)
			err = ka_risk_store_check_category(st, f->name, json_string_value(v), diag);
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
		return ka_risk_store_invalid(
		    diag, "decision",
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
	struct ka_val params[KA_RISK_NFIELDS + 12];
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
		for (i = 0; i < KA_RISK_NFIELDS; i++)
			ka_buf_addf(&sql, ", %s", ka_risk_store_risk_fields[i].name);
		ka_buf_adds(&sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
		for (i = 0; i < KA_RISK_NFIELDS; i++)
			ka_buf_adds(&sql, ", ?");
		ka_buf_adds(&sql, ") RETURNING " RETURNED_COLS);
	} else {
		ka_buf_adds(&sql,
		            "UPDATE risks SET version = version + 1, updated_at = ?, "
		            "scale_id = ?, likelihood = ?, impact = ?, assessed_at = ?, "
		            "residual_scale_id = ?, residual_likelihood = ?, residual_impact = ?, "
		            "residual_assessed_at = ?");
		params[np++] = ka_text(now);
		for (i = 0; i < KA_RISK_NFIELDS; i++)
			ka_buf_addf(&sql, ", %s = ?", ka_risk_store_risk_fields[i].name);
		ka_buf_adds(&sql, " WHERE id = ? RETURNING " RETURNED_COLS);
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < SP_COUNT; i++)
			params[np++] = score_val(&sco[k], (enum score_part)i);
	for (i = 0; i < KA_RISK_NFIELDS; i++)
		params[np++] = ka_risk_store_field_val(
		    json_object_get(merged, ka_risk_store_risk_fields[i].name));
	if (t->id)
		params[np++] = ka_int(t->id);
	err = ka_store_exec(st, sql.data, params, np, &w, diag);
	if (!err) {
		t->id = ka_rows_at(&w, 0, RET_ID)->i;
		*t->version = ka_rows_at(&w, 0, RET_VERSION)->i;
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
		err = ka_risk_store_check_version(t.if_match, ka_rows_at(&r, 0, RR_VERSION)->i,
		                                  t.version, diag);
	if (!err)
		err = ka_risk_store_require_editor(st, t.actor, t.pid, diag);
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
	err = ka_risk_store_check_risk(body, !id, diag);
	if (!err)
		err = ka_store_transact(st, write_risk, &t, KA_STORE_ATTEMPTS, diag);
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
		err = ka_risk_store_require_editor(st, t->actor, l.items[0].process_id, diag);
	if (!err)
		err =
		    ka_risk_store_check_version(t->if_match, l.items[0].version, t->version, diag);
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
	return ka_store_transact(st, delete_risk, &t, KA_STORE_ATTEMPTS, diag);
}
