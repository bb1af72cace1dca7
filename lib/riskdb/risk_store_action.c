/*
 * Writing the actions of risks (create, patch, delete) and the workspace's
 * risk scale (a new current scale; stored scores keep theirs). One
 * transaction each, with its audit_log entry.
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

/* ---- actions ---- */

struct delete_tx {
	const struct ka_actor *actor;
	int64_t id, if_match;
	int64_t *version;
};

/* An action row; its JSON has these names as keys. */
#define ACTION_COLUMNS                                                                             \
	"id", "risk_id", "title", "responsible_id", "due_date", "status", "cost", "version"
#define ACTION_COLS KA_COLS_SQL(ACTION_COLUMNS)
enum action_col {
	AW_ID,
	AW_RISK_ID,
	AW_TITLE,
	AW_RESPONSIBLE_ID,
	AW_DUE_DATE,
	AW_STATUS,
	AW_COST,
	AW_VERSION,
	AW_COUNT
};
KA_COLS_CHECK(ACTION_COLUMNS, AW_COUNT);

static json_t *action_row_json(const struct ka_rows *r)
{
	static const char *const names[AW_COUNT] = {ACTION_COLUMNS};
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < AW_COUNT; i++) {
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
		*risk_id = ka_rows_at(&r, 0, AW_RISK_ID)->i;
		*version = ka_rows_at(&r, 0, AW_VERSION)->i;
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
		    (struct ka_val[]){ka_int(risk_id), ka_risk_store_field_val(title),
		                      ka_risk_store_field_val(resp_id),
		                      ka_risk_store_field_val(due), ka_risk_store_field_val(status),
		                      costv, ka_text(now)},
		    7, r, diag);
	return ka_store_exec(
	    st,
	    "UPDATE risk_actions SET title = COALESCE(CAST(? AS TEXT), title),"
	    " responsible_id = CASE WHEN ? = 1 THEN ? ELSE responsible_id END,"
	    " due_date = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE due_date END,"
	    " status = COALESCE(CAST(? AS TEXT), status),"
	    " cost = CASE WHEN ? = 1 THEN ? ELSE cost END,"
	    " version = version + 1, updated_at = ? WHERE id = ? RETURNING " ACTION_COLS,
	    (struct ka_val[]){ka_risk_store_field_val(title), ka_int(resp_id != NULL),
	                      ka_risk_store_field_val(resp_id), ka_int(due != NULL),
	                      ka_risk_store_field_val(due), ka_risk_store_field_val(status),
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
			err = ka_risk_store_check_version(t->if_match, current, t->version, diag);
	}
	if (!err)
		err = risk_process(st, risk_id, &pid, diag);
	if (!err)
		err = ka_risk_store_require_editor(st, t->actor, pid, diag);
	for (i = 0; !err && i < KA_ACTION_NFIELDS; i++) {
		v = json_object_get(t->body, ka_risk_store_action_fields[i].name);
		if (v && json_is_integer(v) && ka_risk_store_action_fields[i].kind == KA_RF_PERSON)
			err = ka_risk_store_check_ref(st, ka_risk_store_action_fields[i].name,
			                              KA_RF_PERSON, json_integer_value(v), diag);
	}
	if (!err)
		err = write_action_row(st, t, risk_id, &r, diag);
	if (!err) {
		*t->out = action_row_json(&r);
		*t->version = ka_rows_at(&r, 0, AW_VERSION)->i;
		err = ka_audit_write(st, t->actor, t->id ? "update" : "create", "risk_action",
		                     ka_rows_at(&r, 0, AW_ID)->i, before, *t->out, diag);
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
	err = ka_risk_store_check_action(body, !id, diag);
	if (!err)
		err = ka_store_transact(st, write_action, &t, KA_STORE_ATTEMPTS, diag);
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
		err = ka_risk_store_require_editor(st, t->actor, pid, diag);
	if (!err)
		err = ka_risk_store_check_version(t->if_match, current, t->version, diag);
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
	return ka_store_transact(st, delete_action, &t, KA_STORE_ATTEMPTS, diag);
}

/* ---- the scale ---- */

struct scale_tx {
	const struct ka_actor *actor;
	const struct ka_risk_scale *scale;
	int64_t *id;
};

static int check_facilitator(struct ka_store *st, void *actor, struct ka_diag *diag)
{
	return ka_risk_store_require_facilitator(st, actor, diag);
}

static int put_scale(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct scale_tx *t = vctx;
	json_t *after;
	int err = ka_risk_store_require_facilitator(st, t->actor, diag);

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
		return ka_risk_store_invalid(
		    diag, preset ? "scale" : "preset",
		    "give either \"preset\" (se4, no5) or \"scale\", not both");
	if (preset && ka_risk_preset(preset, out))
		return ka_risk_store_invalid(diag, "preset",
		                             "preset: unknown preset '%s' (se4, no5)", preset);
	if (scale && ka_risk_scale_from_json(scale, out, field, sizeof(field), msg, sizeof(msg))) {
		snprintf(path, sizeof(path), "scale%s%s", *field ? "." : "", field);
		return ka_risk_store_invalid(diag, path, "scale: %s", msg);
	}
	return ka_store_transact(st, put_scale, &t, KA_STORE_ATTEMPTS, diag);
}
