/*
 * Table-driven resources (resource.h), the write side: validating a
 * request object against the writable columns, and create, patch and
 * delete, each one write transaction with its audit entry.
 */
#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/forms.h"
#include "kartla/org.h"
#include "kartla/resource.h"
#include "resource_int.h"
#include "kartla/text.h"
#include "kartla/etag.h"
#include "kartla/banned.h"

#define STRING_MAX_DEFAULT 2000

/* ---- validation (no database) ---- */

static bool writable(const struct ka_res *res, const struct ka_res_col *c, bool create)
{
	if (c->flags & KA_RES_RO)
		return false;
	if (res->parent && !strcmp(c->name, res->parent))
		return false;
	return create || !(c->flags & KA_RES_FIXED);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* The JSON type a column takes, and its name for messages. */
static bool type_ok(enum ka_res_kind k, const json_t *v, const char **name)
{
	switch (k) {
	case KA_RES_INT:
	case KA_RES_REF:
		*name = "an integer";
		return json_is_integer(v);
	case KA_RES_BOOL:
		*name = "true or false";
		return json_is_boolean(v);
	case KA_RES_JSON:
		*name = "an object";
		return json_is_object(v);
	default:
		*name = "a string";
		return json_is_string(v);
	}
}

/* One present field: type, length, emptiness (null where the column allows it). */
static int check_shape(const struct ka_res_col *c, const json_t *v, struct ka_diag *diag)
{
	size_t max = c->max ? c->max : STRING_MAX_DEFAULT;
	bool nullable = !(c->flags & (KA_RES_REQUIRED | KA_RES_NONULL)) && c->kind != KA_RES_JSON;
	const char *tname;

	if (json_is_null(v) && nullable)
		return 0;
	if (!type_ok(c->kind, v, &tname))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name, "field '%s' must be %s",
		                   c->name, tname);
	if (!json_is_string(v))
		return 0;
	if (json_string_length(v) > max)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
		                   "field '%s' is longer than %zu bytes", c->name, max);
	if ((c->flags & KA_RES_NONEMPTY) && blank(json_string_value(v)))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
		                   "field '%s' must not be empty", c->name);
	return 0;
}

/* One present, non-null field: enumerations, dates, ids, names, form bodies. */
static int check_value(const struct ka_res_col *c, const json_t *v, struct ka_diag *diag)
{
	char field[200], msg[300];

	if (c->kind == KA_RES_ENUM && !ka_enum_has(c->extra, json_string_value(v)))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
		                   "field '%s' must be one of %s", c->name, c->extra);
	if (c->kind == KA_RES_DATE && !ka_date_valid(json_string_value(v)))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
		                   "field '%s' must be a date YYYY-MM-DD", c->name);
	if ((c->flags & KA_RES_NAME) && !ka_text_name_ok(json_string_value(v), NULL))
		return ka_diag_set(
		    diag, KA_ERR_INVALID, 0, 0, c->name,
		    "field '%s' must not contain control, direction-changing or invisible "
		    "characters",
		    c->name);
	if (c->kind == KA_RES_REF && json_integer_value(v) <= 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
		                   "field '%s' must be a positive id", c->name);
	if (c->kind == KA_RES_JSON && c->extra &&
	    ka_form_validate(c->extra, v, field, sizeof(field), msg, sizeof(msg))) {
		char path[300];

		snprintf(path, sizeof(path), "%s.%s", c->name, field);
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, path, "%s: %s", c->name, msg);
	}
	return 0;
}

/*
 * Checks `body` against the writable columns: required ones present, each
 * of its type, no other fields, then the values (the order of the checks
 * decides which error a request with several gets, and is kept stable).
 */
static int validate(const struct ka_res *res, const json_t *body, bool create, struct ka_diag *diag)
{
	const char *key;
	json_t *v;
	size_t i;
	int err;

	if (!json_is_object(body))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "the request body must be a JSON object");
	for (i = 0; i < res->ncols; i++) {
		const struct ka_res_col *c = &res->cols[i];
		const json_t *fv = json_object_get(body, c->name);

		if (!writable(res, c, create))
			continue;
		if (!fv) {
			if (create && (c->flags & KA_RES_REQUIRED))
				return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
				                   "field '%s' is required", c->name);
			continue;
		}
		err = check_shape(c, fv, diag);
		if (err)
			return err;
	}
	json_object_foreach((json_t *)body, key, v)
	{
		bool known = false;

		for (i = 0; i < res->ncols && !known; i++)
			known =
			    writable(res, &res->cols[i], create) && !strcmp(res->cols[i].name, key);
		if (!known)
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, key,
			                   "unknown field '%.100s'", key);
	}
	for (i = 0; i < res->ncols; i++) {
		const struct ka_res_col *c = &res->cols[i];
		const json_t *fv = json_object_get(body, c->name);

		if (!fv || json_is_null(fv) || !writable(res, c, create))
			continue;
		err = check_value(c, fv, diag);
		if (err)
			return err;
	}
	return 0;
}

/* Inside the transaction: every referenced id exists (else KA_ERR_INVALID naming the field). */
static int check_refs(const struct ka_res *res, const json_t *body, struct ka_store *st,
                      struct ka_diag *diag)
{
	struct ka_rows r;
	char sql[160];
	size_t i;
	int err = 0;

	ka_rows_init(&r);
	for (i = 0; i < res->ncols && !err; i++) {
		const struct ka_res_col *c = &res->cols[i];
		const json_t *v = json_object_get(body, c->name);

		if (c->kind != KA_RES_REF || !json_is_integer(v))
			continue;
		snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ?", c->extra);
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(json_integer_value(v))}, 1,
		                    &r, diag);
		if (!err && !r.nrows)
			err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, c->name,
			                  "field '%s': no %s %" PRId64, c->name, c->extra,
			                  (int64_t)json_integer_value(v));
	}
	ka_rows_release(&r);
	return err;
}

/* The parameter for column c (NULL when JSON null); *to_free gets what to free after. */
static struct ka_val param_of(const struct ka_res_col *c, const json_t *v, char **to_free)
{
	if (!v || json_is_null(v))
		return ka_null();
	switch (c->kind) {
	case KA_RES_INT:
	case KA_RES_REF:
		return ka_int(json_integer_value(v));
	case KA_RES_BOOL:
		return ka_int(json_is_true(v));
	case KA_RES_JSON:
		*to_free = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		return ka_text(*to_free);
	default:
		return ka_text(json_string_value(v));
	}
}

/* ---- writes ---- */

struct write_tx {
	const struct ka_res *res;
	const struct ka_actor *actor;
	const json_t *body;
	const char *if_match;
	int64_t id, parent;
	bool create;
	bool domain; /* the error is the engine's or the check's, not the store's */
	struct ka_res_result *out;
};

static int domain_fail(struct write_tx *t, int err)
{
	t->domain = true;
	return err;
}

/* Loads the row to change and checks If-Match; sets t->domain on 404 / 412. */
static int load_current(struct write_tx *t, struct ka_store *st, json_t **before,
                        char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	int err = ka_res_load(t->res, st, t->id, 2, before, NULL, etag, diag);

	if (err)
		return err;
	if (!*before)
		return domain_fail(t, ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                                  "no such %s %" PRId64, t->res->type, t->id));
	if (t->if_match && !ka_etag_matches(t->if_match, etag)) {
		if (t->out)
			snprintf(t->out->etag, sizeof(t->out->etag), "%s", etag);
		return domain_fail(
		    t, ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
		                   "the resource has changed since you read it (current ETag "
		                   "\"%s\"); read it again and retry",
		                   etag));
	}
	return 0;
}

static int parent_exists(struct write_tx *t, struct ka_store *st, struct ka_diag *diag)
{
	struct ka_rows rows;
	char q[160];
	int err;

	ka_rows_init(&rows);
	snprintf(q, sizeof(q), "SELECT 1 FROM %s WHERE id = ?", t->res->parent_table);
	err = ka_store_exec(st, q, (struct ka_val[]){ka_int(t->parent)}, 1, &rows, diag);
	if (!err && !rows.nrows)
		err = domain_fail(t, ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                                 "no such %s %" PRId64, t->res->parent_table,
		                                 t->parent));
	ka_rows_release(&rows);
	return err;
}

/* The INSERT or UPDATE of the writable fields in obj. */
static int write_row(struct write_tx *t, struct ka_store *st, const json_t *obj,
                     struct ka_diag *diag)
{
	const struct ka_res *res = t->res;
	struct ka_val params[KA_RES_MAX_COLS + 4];
	char *frees[KA_RES_MAX_COLS + 1], now[KA_TIME_LEN];
	struct ka_rows rows;
	struct ka_buf sql;
	size_t n = 0, nf = 0, i;
	int err = 0;

	assert(res->ncols <= KA_RES_MAX_COLS);
	ka_rows_init(&rows);
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_date_now(now);
	if (t->create) {
		ka_buf_addf(&sql, "INSERT INTO %s (", res->table);
		if (res->parent) {
			ka_buf_adds(&sql, res->parent);
			params[n++] = ka_int(t->parent);
		}
	} else {
		ka_buf_addf(&sql, "UPDATE %s SET ", res->table);
	}
	for (i = 0; i < res->ncols; i++) {
		const struct ka_res_col *c = &res->cols[i];
		const json_t *v = json_object_get(obj, c->name);

		if (!writable(res, c, t->create) || !v)
			continue;
		ka_buf_addf(&sql, "%s%s%s", n ? ", " : "", c->name, t->create ? "" : " = ?");
		frees[nf] = NULL;
		params[n++] = param_of(c, v, &frees[nf]);
		nf++;
	}
	if (t->create && !n) {
		/* nothing given: all defaults */
		ka_buf_reset(&sql);
		ka_buf_addf(&sql, "INSERT INTO %s DEFAULT VALUES RETURNING id", res->table);
	} else if (t->create) {
		ka_buf_adds(&sql, ") VALUES (");
		for (i = 0; i < n; i++)
			ka_buf_adds(&sql, i ? ", ?" : "?");
		ka_buf_adds(&sql, ") RETURNING id");
	} else {
		if (res->versioned)
			ka_buf_addf(&sql, "%sversion = version + 1", n ? ", " : "");
		if (res->updated_at) {
			ka_buf_addf(&sql, "%supdated_at = ?", n || res->versioned ? ", " : "");
			params[n++] = ka_text(now);
		}
		ka_buf_adds(&sql, " WHERE id = ?");
		params[n++] = ka_int(t->id);
	}
	if (t->create) {
		err = ka_store_exec(st, sql.data, params, n, &rows, diag);
		if (!err)
			t->id = ka_rows_at(&rows, 0, 0)->i;
	} else if (n > 1 || res->versioned) {
		err = ka_store_exec(st, sql.data, params, n, NULL, diag);
	}
	for (i = 0; i < nf; i++)
		free(frees[i]);
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	return err;
}

static int write_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_tx *t = vctx;
	const struct ka_res *res = t->res;
	json_t *before = NULL, *obj = json_copy((json_t *)t->body);
	char etag[KA_RES_ETAG_LEN];
	int err = 0;

	ka_res_result_release(t->out);
	t->domain = false;
	if (t->create && res->parent)
		err = parent_exists(t, st, diag);
	else if (!t->create)
		err = load_current(t, st, &before, etag, diag);
	if (!err)
		err = check_refs(res, t->body, st, diag);
	if (err == KA_ERR_INVALID)
		t->domain = true;
	if (!err && res->check) {
		if (t->create && res->parent)
			json_object_set_new(obj, res->parent, json_integer((json_int_t)t->parent));
		err = res->check(st, t->actor, before, obj, diag);
		if (err && err != KA_ERR_DB && err != KA_ERR_BUSY && err != KA_ERR_IO)
			t->domain = true;
	}
	if (!err)
		err = write_row(t, st, obj, diag);
	if (!err && res->after_write)
		err = ka_store_exec(st, res->after_write, (struct ka_val[]){ka_int(t->id)}, 1, NULL,
		                    diag);
	if (!err)
		err = ka_res_load(res, st, t->id, 2, &t->out->obj, NULL, t->out->etag, diag);
	if (!err && !t->out->obj)
		err = ka_store_fail(diag, KA_ERR_DB, "the %s %" PRId64 " vanished after writing",
		                    res->type, t->id);
	if (!err)
		err = ka_audit_write(st, t->actor, t->create ? "create" : "update", res->type,
		                     t->id, before, t->out->obj, diag);
	if (!err && res->notify)
		err = res->notify(st, t->actor, before, t->out->obj, diag);
	json_decref(before);
	json_decref(obj);
	return err;
}

/*
 * A store failure other than a conflict or a busy database is an internal
 * error whatever its code (the backend's message stays in the diag).
 */
static int store_err(int err)
{
	return err == KA_ERR_CONFLICT || err == KA_ERR_BUSY ? err : KA_ERR_DB;
}

static int run_write(struct ka_store *st, struct write_tx *t, struct ka_diag *diag)
{
	int err;

	err = ka_res_can_write(st, t->actor, t->res->write, diag);
	if (!err)
		err = validate(t->res, t->body, t->create, diag);
	if (err)
		return err;
	err = ka_store_transact(st, write_fn, t, KA_STORE_ATTEMPTS, diag);
	if (err) {
		ka_res_result_release(t->out);
		if (t->domain)
			return err;
		if (err == KA_ERR_CONFLICT)
			ka_diag_set(diag, err, 0, 0, NULL,
			            "a %s with these values exists already, or the change "
			            "conflicts with another row",
			            t->res->type);
		return store_err(err);
	}
	t->out->id = t->id;
	return 0;
}

int ka_res_create(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                  int64_t parent, const json_t *body, struct ka_res_result *out,
                  struct ka_diag *diag)
{
	struct write_tx t;

	memset(&t, 0, sizeof(t));
	memset(out, 0, sizeof(*out));
	t.res = res;
	t.actor = actor;
	t.body = body;
	t.parent = parent;
	t.create = true;
	t.out = out;
	return run_write(st, &t, diag);
}

int ka_res_patch(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                 int64_t id, const char *if_match, const json_t *body, struct ka_res_result *out,
                 struct ka_diag *diag)
{
	struct write_tx t;

	memset(&t, 0, sizeof(t));
	memset(out, 0, sizeof(*out));
	t.res = res;
	t.actor = actor;
	t.body = body;
	t.if_match = if_match;
	t.id = id;
	t.out = out;
	return run_write(st, &t, diag);
}

struct delete_tx {
	struct write_tx w;
	char *etag;
};

static int delete_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct delete_tx *t = vctx;
	json_t *before = NULL;
	char etag[KA_RES_ETAG_LEN], sql[160];
	int err;

	t->w.domain = false;
	err = load_current(&t->w, st, &before, etag, diag);
	if (err == KA_ERR_STALE && t->etag)
		snprintf(t->etag, KA_RES_ETAG_LEN, "%s", etag);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", t->w.res->table);
	if (!err)
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(t->w.id)}, 1, NULL, diag);
	if (!err)
		err = ka_audit_write(st, t->w.actor, "delete", t->w.res->type, t->w.id, before,
		                     NULL, diag);
	json_decref(before);
	return err;
}

int ka_res_delete(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                  int64_t id, const char *if_match, char etag[KA_RES_ETAG_LEN],
                  struct ka_diag *diag)
{
	struct delete_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.w.res = res;
	t.w.actor = actor;
	t.w.if_match = if_match;
	t.w.id = id;
	t.etag = etag;
	err = ka_res_can_write(st, actor, res->write, diag);
	if (err)
		return err;
	err = ka_store_transact(st, delete_fn, &t, KA_STORE_ATTEMPTS, diag);
	if (!err || t.w.domain)
		return err;
	if (err == KA_ERR_CONFLICT)
		ka_diag_set(diag, err, 0, 0, NULL, "the %s is still in use", res->type);
	return store_err(err);
}
