/*
 * Reading the risk register (schema version 3): the workspace's scales,
 * the map version risks are checked against, and risks with their actions
 * (and, for one risk, its score history) as struct ka_risk values, filtered
 * and sorted, each score classified on the scale it was made on. Shared by
 * the server and `kartla risk`. The writes are in risk_store_write.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/err.h"
#include "kartla/date.h"
#include "kartla/risk_store.h"
#include "risk_store_int.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

/* ---- scales ---- */

/* A stored scale: its id and its definition as JSON. */
#define SCALE_COLUMNS "id", "definition"
#define SCALE_COLS    KA_COLS_SQL(SCALE_COLUMNS)
enum scale_col { SCL_ID, SCL_DEFINITION, SCL_COUNT };
KA_COLS_CHECK(SCALE_COLUMNS, SCL_COUNT);

int ka_risk_store_scales_load(struct ka_store *st, struct ka_risk_scales *out, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " SCALE_COLS " FROM risk_scales ORDER BY id", NULL, 0, &r,
	                    diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	out->n = r.nrows;
	out->ids = ka_xcalloc(r.nrows ? r.nrows : 1, sizeof(*out->ids));
	out->scales = ka_xcalloc(r.nrows ? r.nrows : 1, sizeof(*out->scales));
	for (i = 0; i < r.nrows && !err; i++) {
		json_t *j = json_loads(ka_rows_at(&r, i, SCL_DEFINITION)->s, 0, NULL);
		char field[64], msg[200];

		out->ids[i] = ka_rows_at(&r, i, SCL_ID)->i;
		if (!j || ka_risk_scale_from_json(j, &out->scales[i], field, sizeof(field), msg,
		                                  sizeof(msg)))
			err = ka_store_fail(diag, KA_ERR_DB,
			                    "risk scale %lld in the database is invalid",
			                    (long long)out->ids[i]);
		json_decref(j);
	}
	ka_rows_release(&r);
	if (err) {
		ka_risk_scales_release(out);
		return err;
	}
	if (out->n) {
		out->current_id = out->ids[out->n - 1];
		out->current = out->scales[out->n - 1];
	} else {
		ka_risk_preset(KA_RISK_DEFAULT_PRESET, &out->current);
	}
	return 0;
}

int ka_risk_store_scale_get(struct ka_store *st, int64_t id, struct ka_risk_scale *out,
                            struct ka_diag *diag)
{
	struct ka_risk_scales sc;
	const struct ka_risk_scale *s;
	int err = ka_risk_store_scales_load(st, &sc, diag);

	if (err)
		return err;
	s = ka_risk_scales_get(&sc, id);
	if (s)
		*out = *s;
	else
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk scale %lld",
		                  (long long)id);
	ka_risk_scales_release(&sc);
	return err;
}

int ka_risk_store_scale_insert(struct ka_store *st, const struct ka_risk_scale *s, int64_t user_id,
                               int64_t *id, struct ka_diag *diag)
{
	json_t *j = ka_risk_scale_to_json(s);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	struct ka_rows r;
	int err;

	json_decref(j);
	if (!text)
		ka_oom(0);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO risk_scales (key, size, definition, created_by)"
	                    " VALUES (?, ?, ?, ?) RETURNING id",
	                    (struct ka_val[]){ka_text(s->key), ka_int(s->size), ka_text(text),
	                                      user_id ? ka_int(user_id) : ka_null()},
	                    4, &r, diag);
	free(text);
	if (!err)
		*id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_scale_current_id(struct ka_store *st, int64_t *id, struct ka_diag *diag)
{
	struct ka_risk_scale s;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT MAX(id) FROM risk_scales", NULL, 0, &r, diag);
	if (!err && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT) {
		*id = ka_rows_at(&r, 0, 0)->i;
		ka_rows_release(&r);
		return 0;
	}
	ka_rows_release(&r);
	if (err)
		return err;
	ka_risk_preset(KA_RISK_DEFAULT_PRESET, &s);
	return ka_risk_store_scale_insert(st, &s, 0, id, diag);
}

/* ---- maps ---- */

int ka_risk_store_map_version(struct ka_store *st, int64_t process_id, int64_t *version_id,
                              struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*version_id = 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id FROM map_versions WHERE process_id = ? AND variant = 'as_is'"
	                    " ORDER BY CASE WHEN state = 'approved' THEN 0 ELSE 1 END, number DESC"
	                    " LIMIT 1",
	                    (struct ka_val[]){ka_int(process_id)}, 1, &r, diag);
	if (!err && r.nrows)
		*version_id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_element_exists(struct ka_store *st, int64_t version_id, const char *element_id,
                                 bool *exists, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err =
	    ka_store_exec(st, "SELECT 1 FROM map_elements WHERE version_id = ? AND element_id = ?",
	                  (struct ka_val[]){ka_int(version_id), ka_text(element_id)}, 2, &r, diag);
	*exists = !err && r.nrows > 0;
	ka_rows_release(&r);
	return err;
}

/* ---- reading risks ---- */

/*
 * The columns of the risk query, in the order of struct ka_risk's answer;
 * then whether the element is in the current map, the inherent and the
 * residual score (four columns each, in the order read_score reads them),
 * and the process's name per language.
 */
#define RISK_COLUMNS                                                                               \
	"r.id", "r.process_id", "r.element_id", "r.title", "r.event", "r.cause", "r.consequence",  \
	    "r.category", "r.controls", "r.owner_id", "r.unit_id", "r.decision",                   \
	    "r.decision_rationale", "r.decided_by", "r.decided_at", "r.review_date",               \
	    "r.source_workshop", "r.source_date", "r.source_facilitator_id", "r.version",          \
	    "r.created_at", "r.updated_at",                                                        \
	    "COALESCE(p.name_nb, p.name_en, p.name_sv) AS process", "o.name AS owner",             \
	    "u.id AS effective_unit_id", "u.name AS effective_unit", "d.name AS decided_by_name",  \
	    "f.name AS source_facilitator", "me.name AS element_name",                             \
	    "CASE WHEN me.id IS NULL THEN 0 ELSE 1 END", "r.scale_id", "r.likelihood", "r.impact", \
	    "r.assessed_at", "r.residual_scale_id", "r.residual_likelihood", "r.residual_impact",  \
	    "r.residual_assessed_at", "p.name_nb", "p.name_sv", "p.name_en",                       \
	    "me.names AS element_names", "rc.name_nb", "rc.name_sv", "rc.name_en"
#define RISK_COLS KA_COLS_SQL(RISK_COLUMNS)
enum risk_col {
	RK_ID,
	RK_PROCESS_ID,
	RK_ELEMENT_ID,
	RK_TITLE,
	RK_EVENT,
	RK_CAUSE,
	RK_CONSEQUENCE,
	RK_CATEGORY,
	RK_CONTROLS,
	RK_OWNER_ID,
	RK_UNIT_ID,
	RK_DECISION,
	RK_DECISION_RATIONALE,
	RK_DECIDED_BY,
	RK_DECIDED_AT,
	RK_REVIEW_DATE,
	RK_SOURCE_WORKSHOP,
	RK_SOURCE_DATE,
	RK_SOURCE_FACILITATOR_ID,
	RK_VERSION,
	RK_CREATED_AT,
	RK_UPDATED_AT,
	RK_PROCESS,
	RK_OWNER,
	RK_EFFECTIVE_UNIT_ID,
	RK_EFFECTIVE_UNIT,
	RK_DECIDED_BY_NAME,
	RK_SOURCE_FACILITATOR,
	RK_ELEMENT_NAME,
	RK_FOUND,
	RK_SCALE_ID,
	RK_LIKELIHOOD,
	RK_IMPACT,
	RK_ASSESSED_AT,
	RK_RESIDUAL_SCALE_ID,
	RK_RESIDUAL_LIKELIHOOD,
	RK_RESIDUAL_IMPACT,
	RK_RESIDUAL_ASSESSED_AT,
	RK_NAME_NB,
	RK_NAME_SV,
	RK_NAME_EN,
	RK_ELEMENT_NAMES,
	RK_CATEGORY_NB,
	RK_CATEGORY_SV,
	RK_CATEGORY_EN,
	RK_COUNT
};
KA_COLS_CHECK(RISK_COLUMNS, RK_COUNT);

/* The four columns of a score, from its first (read_score). */
enum score_col { SCORE_SCALE_ID, SCORE_LIKELIHOOD, SCORE_IMPACT, SCORE_ASSESSED_AT, SCORE_COUNT };
_Static_assert(RK_ASSESSED_AT - RK_SCALE_ID == SCORE_ASSESSED_AT &&
                   RK_RESIDUAL_ASSESSED_AT - RK_RESIDUAL_SCALE_ID == SCORE_ASSESSED_AT,
               "a score is four columns in the order of enum score_col");

static const char risk_sql[] =
    "SELECT " RISK_COLS " FROM risks r JOIN processes p ON p.id = r.process_id"
    " LEFT JOIN people o ON o.id = r.owner_id"
    " LEFT JOIN units u ON u.id = COALESCE(r.unit_id, o.unit_id)"
    " LEFT JOIN people d ON d.id = r.decided_by"
    " LEFT JOIN people f ON f.id = r.source_facilitator_id"
    " LEFT JOIN risk_categories rc ON rc.code = r.category"
    " LEFT JOIN map_elements me ON me.element_id = r.element_id AND me.version_id ="
    " (SELECT mv.id FROM map_versions mv WHERE mv.process_id = r.process_id"
    " AND mv.variant = 'as_is'"
    " ORDER BY CASE WHEN mv.state = 'approved' THEN 0 ELSE 1 END, mv.number DESC LIMIT 1)"
    " WHERE (? = 0 OR r.id = ?) AND (? = 0 OR r.process_id = ?) AND (? = 0 OR r.owner_id = ?)"
    " AND (? = 0 OR u.id = ?) AND (CAST(? AS TEXT) IS NULL OR r.category = ?)"
    " ORDER BY r.id";

/* Reading one row of a result into typed fields (strings copied into the list). */
struct row {
	struct ka_risk_list *l;
	const struct ka_rows *r;
	size_t i;
};

static const char *col_s(const struct row *w, size_t c)
{
	const struct ka_val *v = ka_rows_at(w->r, w->i, c);

	return v->type == KA_VAL_TEXT ? ka_risk_list_str(w->l, v->s) : NULL;
}

static int64_t col_i(const struct row *w, size_t c)
{
	const struct ka_val *v = ka_rows_at(w->r, w->i, c);

	return v->type == KA_VAL_INT ? v->i : 0;
}

/* The score in the four columns (enum score_col) from column c. */
static void read_score(const struct row *w, size_t c, const struct ka_risk_scales *scales,
                       struct ka_risk_score *s)
{
	const struct ka_risk_scale *sc;

	memset(s, 0, sizeof(*s));
	s->colour = -1;
	if (ka_rows_at(w->r, w->i, c + SCORE_SCALE_ID)->type != KA_VAL_INT)
		return;
	s->set = true;
	s->scale_id = col_i(w, c + SCORE_SCALE_ID);
	s->likelihood = col_i(w, c + SCORE_LIKELIHOOD);
	s->consequence = col_i(w, c + SCORE_IMPACT);
	s->assessed_at = col_s(w, c + SCORE_ASSESSED_AT);
	s->value = (int)(s->likelihood * s->consequence);
	s->current_scale = s->scale_id == scales->current_id;
	sc = ka_risk_scales_get(scales, s->scale_id);
	if (sc) {
		s->colour = (int)ka_risk_colour_of(sc, s->value);
		s->scale = ka_risk_list_str(w->l, sc->key); /* the list outlives the scales */
	}
}

static void read_risk(const struct row *w, const struct ka_risk_scales *scales,
                      const struct ka_risk_filter *f, struct ka_risk *k)
{
	const struct ka_risk_scale *s;

	memset(k, 0, sizeof(*k));
	k->id = col_i(w, RK_ID);
	k->process_id = col_i(w, RK_PROCESS_ID);
	k->element_id = col_s(w, RK_ELEMENT_ID);
	k->title = col_s(w, RK_TITLE);
	k->event = col_s(w, RK_EVENT);
	k->cause = col_s(w, RK_CAUSE);
	k->consequence = col_s(w, RK_CONSEQUENCE);
	k->category = col_s(w, RK_CATEGORY);
	k->controls = col_s(w, RK_CONTROLS);
	k->owner_id = col_i(w, RK_OWNER_ID);
	k->unit_id = col_i(w, RK_UNIT_ID);
	k->decision = col_s(w, RK_DECISION);
	k->decision_rationale = col_s(w, RK_DECISION_RATIONALE);
	k->decided_by = col_i(w, RK_DECIDED_BY);
	k->decided_at = col_s(w, RK_DECIDED_AT);
	k->review_date = col_s(w, RK_REVIEW_DATE);
	k->source_workshop = col_s(w, RK_SOURCE_WORKSHOP);
	k->source_date = col_s(w, RK_SOURCE_DATE);
	k->source_facilitator_id = col_i(w, RK_SOURCE_FACILITATOR_ID);
	k->version = col_i(w, RK_VERSION);
	k->created_at = col_s(w, RK_CREATED_AT);
	k->updated_at = col_s(w, RK_UPDATED_AT);
	k->process = col_s(w, RK_PROCESS);
	k->owner = col_s(w, RK_OWNER);
	k->effective_unit_id = col_i(w, RK_EFFECTIVE_UNIT_ID);
	k->effective_unit = col_s(w, RK_EFFECTIVE_UNIT);
	k->decided_by_name = col_s(w, RK_DECIDED_BY_NAME);
	k->source_facilitator = col_s(w, RK_SOURCE_FACILITATOR);
	k->element_name = col_s(w, RK_ELEMENT_NAME);
	k->element_names = col_s(w, RK_ELEMENT_NAMES);
	k->category_names[0] = col_s(w, RK_CATEGORY_NB);
	k->category_names[1] = col_s(w, RK_CATEGORY_SV);
	k->category_names[2] = col_s(w, RK_CATEGORY_EN);
	if (f->lang) {
		/* the process's name in the asked language when it has one */
		size_t c = RK_NAME_NB + (!strcmp(f->lang, "sv")   ? RK_NAME_SV - RK_NAME_NB
		                         : !strcmp(f->lang, "en") ? RK_NAME_EN - RK_NAME_NB
		                                                  : 0);

		if (ka_rows_at(w->r, w->i, c)->type == KA_VAL_TEXT)
			k->process = col_s(w, c);
	}
	k->orphan = k->element_id && !col_i(w, RK_FOUND);
	read_score(w, RK_SCALE_ID, scales, &k->inherent);
	read_score(w, RK_RESIDUAL_SCALE_ID, scales, &k->residual);
	s = k->inherent.set ? ka_risk_scales_get(scales, k->inherent.scale_id) : NULL;
	k->acceptance = s ? (int)ka_risk_acceptance(s, k->inherent.value) : -1;
}

static struct ka_risk *find_risk(struct ka_risk_list *l, size_t *at, int64_t id)
{
	/* both lists are ordered by risk id: walk them together */
	while (*at < l->n && l->items[*at].id < id)
		(*at)++;
	if (*at == l->n || l->items[*at].id != id)
		return NULL;
	return &l->items[*at];
}

/* An action of a risk, with the name of the person responsible. */
#define ACTION_COLUMNS                                                                             \
	"a.id", "a.risk_id", "a.title", "a.responsible_id", "pe.name", "a.due_date", "a.status",   \
	    "a.cost", "a.version", "a.created_at", "a.updated_at"
#define ACTION_COLS KA_COLS_SQL(ACTION_COLUMNS)
enum action_col {
	AK_ID,
	AK_RISK_ID,
	AK_TITLE,
	AK_RESPONSIBLE_ID,
	AK_RESPONSIBLE,
	AK_DUE_DATE,
	AK_STATUS,
	AK_COST,
	AK_VERSION,
	AK_CREATED_AT,
	AK_UPDATED_AT,
	AK_COUNT
};
KA_COLS_CHECK(ACTION_COLUMNS, AK_COUNT);

static void read_action(const struct row *w, const char *today, struct ka_risk_action *a)
{
	const struct ka_val *cost = ka_rows_at(w->r, w->i, AK_COST);

	a->id = col_i(w, AK_ID);
	a->risk_id = col_i(w, AK_RISK_ID);
	a->title = col_s(w, AK_TITLE);
	a->responsible_id = col_i(w, AK_RESPONSIBLE_ID);
	a->responsible = col_s(w, AK_RESPONSIBLE);
	a->due_date = col_s(w, AK_DUE_DATE);
	a->status = col_s(w, AK_STATUS);
	a->has_cost = cost->type == KA_VAL_REAL || cost->type == KA_VAL_INT;
	a->cost = cost->type == KA_VAL_REAL ? cost->r : (double)cost->i;
	a->overdue = a->due_date && strcmp(a->due_date, today) < 0 &&
	             (!strcmp(a->status, "planned") || !strcmp(a->status, "ongoing"));
	a->version = col_i(w, AK_VERSION);
	a->created_at = col_s(w, AK_CREATED_AT);
	a->updated_at = col_s(w, AK_UPDATED_AT);
}

/* Reads the actions of the risks of l->items[from..] (ordered by id). */
static int attach_actions(struct ka_store *st, struct ka_risk_list *l, size_t from,
                          const struct ka_risk_filter *f, const char *today, struct ka_diag *diag)
{
	struct ka_rows r;
	struct row w = {l, &r, 0};
	size_t at = from, i;
	int err;

	if (from == l->n)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " ACTION_COLS
	                    " FROM risk_actions a JOIN risks r ON r.id = a.risk_id"
	                    " LEFT JOIN people pe ON pe.id = a.responsible_id"
	                    " WHERE (? = 0 OR r.id = ?) AND (? = 0 OR r.process_id = ?)"
	                    " ORDER BY a.risk_id, a.due_date, a.id",
	                    (struct ka_val[]){ka_int(f->id), ka_int(f->id), ka_int(f->process_id),
	                                      ka_int(f->process_id)},
	                    4, &r, diag);
	/* first count per risk, then fill: the arrays live in the list's arena */
	for (i = 0; !err && i < r.nrows; i++) {
		struct ka_risk *k = find_risk(l, &at, ka_rows_at(&r, i, AK_RISK_ID)->i);

		if (k)
			k->nactions++;
	}
	for (i = from; !err && i < l->n; i++) {
		l->items[i].actions =
		    ka_arena_array(&l->arena, l->items[i].nactions, sizeof(struct ka_risk_action));
		l->items[i].nactions = 0;
	}
	at = from;
	for (i = 0; !err && i < r.nrows; i++) {
		struct ka_risk *k = find_risk(l, &at, ka_rows_at(&r, i, AK_RISK_ID)->i);

		w.i = i;
		if (k)
			read_action(&w, today, &k->actions[k->nactions++]);
	}
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_query(struct ka_store *st, const struct ka_risk_scales *scales,
                        const struct ka_risk_filter *f, const char *today, struct ka_risk_list *out,
                        struct ka_diag *diag)
{
	struct ka_rows r;
	struct row w = {out, &r, 0};
	struct ka_risk *items;
	size_t i, from = out->n;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, risk_sql,
	                    (struct ka_val[]){ka_int(f->id), ka_int(f->id), ka_int(f->process_id),
	                                      ka_int(f->process_id), ka_int(f->owner_id),
	                                      ka_int(f->owner_id), ka_int(f->unit_id),
	                                      ka_int(f->unit_id), ka_text(f->category),
	                                      ka_text(f->category)},
	                    10, &r, diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	items = ka_arena_array(&out->arena, out->n + r.nrows + 1, sizeof(*items));
	if (out->n)
		memcpy(items, out->items, out->n * sizeof(*items));
	out->items = items;
	for (i = 0; i < r.nrows; i++) {
		w.i = i;
		read_risk(&w, scales, f, &out->items[out->n]);
		if (ka_risk_filter_match(f, &out->items[out->n]))
			out->n++;
	}
	ka_rows_release(&r);
	err = attach_actions(st, out, from, f, today, diag);
	if (!err)
		ka_risk_list_sort(out, f->sort);
	return err;
}

/* A past score of a risk, with who made it. */
#define HISTORY_COLUMNS "s.kind", "s.likelihood", "s.impact", "s.scale_id", "s.at", "u.login"
#define HISTORY_COLS    KA_COLS_SQL(HISTORY_COLUMNS)
enum history_col { HK_KIND, HK_LIKELIHOOD, HK_IMPACT, HK_SCALE_ID, HK_AT, HK_BY, HK_COUNT };
KA_COLS_CHECK(HISTORY_COLUMNS, HK_COUNT);

/* The score history of the list's only risk. */
static int read_history(struct ka_store *st, const struct ka_risk_scales *scales,
                        struct ka_risk_list *l, struct ka_diag *diag)
{
	struct ka_risk *k = &l->items[0];
	struct ka_rows r;
	struct row w = {l, &r, 0};
	size_t i;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " HISTORY_COLS
	                    " FROM risk_scores s LEFT JOIN users u ON u.id = s.user_id"
	                    " WHERE s.risk_id = ? ORDER BY s.id",
	                    (struct ka_val[]){ka_int(k->id)}, 1, &r, diag);
	k->has_history = !err;
	k->history = ka_arena_array(&l->arena, r.nrows + 1, sizeof(*k->history));
	for (i = 0; !err && i < r.nrows; i++) {
		struct ka_risk_assessment *a = &k->history[k->nhistory++];
		const struct ka_risk_scale *s;

		w.i = i;
		a->kind = col_s(&w, HK_KIND);
		a->likelihood = col_i(&w, HK_LIKELIHOOD);
		a->consequence = col_i(&w, HK_IMPACT);
		a->scale_id = col_i(&w, HK_SCALE_ID);
		a->at = col_s(&w, HK_AT);
		a->by = col_s(&w, HK_BY);
		s = ka_risk_scales_get(scales, a->scale_id);
		a->colour =
		    s ? (int)ka_risk_colour_of(s, (int)(a->likelihood * a->consequence)) : -1;
		a->scale = s ? ka_risk_list_str(l, s->key) : NULL;
	}
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_in_read_tx(struct ka_store *st,
                             int (*fn)(struct ka_store *, void *, struct ka_diag *), void *ctx,
                             struct ka_diag *diag)
{
	int err;

	if (ka_store_in_tx(st))
		return fn(st, ctx, diag);
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "cannot begin a read: %s", ka_store_errmsg(st));
	err = fn(st, ctx, diag);
	if (err) {
		ka_store_rollback(st);
		return err;
	}
	return ka_store_commit(st);
}

struct list_ctx {
	const struct ka_actor *actor; /* NULL: the system */
	const struct ka_risk_filter *f;
	struct ka_risk_scales *scales;
	struct ka_risk_list *out;
	bool history;
	bool markers;       /* read the current map version too */
	int64_t version_id; /* markers: the current map version */
};

int ka_risk_store_process_exists(struct ka_store *st, int64_t id, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %lld",
		                  (long long)id);
	ka_rows_release(&r);
	return err;
}

static int list_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct list_ctx *c = vctx;
	char today[KA_DATE_LEN];
	int err = 0;

	ka_risk_list_release(c->out);
	ka_risk_list_init(c->out);
	ka_risk_scales_release(c->scales);
	err = ka_risk_store_may_read(st, c->actor, diag);
	if (!err && c->f->process_id)
		err = ka_risk_store_process_exists(st, c->f->process_id, diag);
	if (!err)
		err = ka_risk_store_scales_load(st, c->scales, diag);
	ka_date_today(today);
	if (!err)
		err = ka_risk_store_query(st, c->scales, c->f, today, c->out, diag);
	if (!err && c->f->id && !c->out->n)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such risk %lld",
		                  (long long)c->f->id);
	if (!err && c->history)
		err = read_history(st, c->scales, c->out, diag);
	if (!err && c->markers)
		err = ka_risk_store_map_version(st, c->f->process_id, &c->version_id, diag);
	return err;
}

static int run_list(struct ka_store *st, struct list_ctx *c, struct ka_diag *diag)
{
	struct ka_risk_scales own;
	int err;

	memset(&own, 0, sizeof(own));
	if (!c->scales)
		c->scales = &own;
	else
		memset(c->scales, 0, sizeof(*c->scales));
	ka_risk_list_init(c->out);
	err = ka_risk_store_in_read_tx(st, list_fn, c, diag);
	ka_risk_scales_release(&own);
	if (err) {
		ka_risk_list_release(c->out);
		ka_risk_list_init(c->out);
		if (c->scales != &own)
			ka_risk_scales_release(c->scales);
	}
	return err;
}

int ka_risk_store_list(struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_risk_filter *f, struct ka_risk_scales *scales,
                       struct ka_risk_list *out, struct ka_diag *diag)
{
	struct list_ctx c = {actor, f, scales, out, false, false, 0};

	return run_list(st, &c, diag);
}

int ka_risk_store_get(struct ka_store *st, const struct ka_actor *actor, int64_t id, bool history,
                      struct ka_risk_list *out, struct ka_diag *diag)
{
	struct ka_risk_filter f;
	struct list_ctx c = {actor, &f, NULL, out, history, false, 0};

	ka_risk_filter_init(&f);
	f.id = id;
	return run_list(st, &c, diag);
}

int ka_risk_store_markers(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                          json_t **out, struct ka_diag *diag)
{
	struct ka_risk_filter f;
	struct ka_risk_list l;
	struct list_ctx c = {actor, &f, NULL, &l, false, true, 0};
	int err;

	*out = NULL;
	ka_risk_filter_init(&f);
	f.process_id = process_id;
	err = run_list(st, &c, diag);
	if (err)
		return err;
	*out = ka_risk_markers_to_json(&l, process_id, c.version_id);
	ka_risk_list_release(&l);
	return 0;
}
