/*
 * Table-driven resources (resource.h), the read side: who may read and
 * write, rows as JSON, ETags, lists and gets. The writes are in
 * resource_write.c.
 */
#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/resource.h"
#include "kartla/roles.h"
#include "resource_int.h"
#include "kartla/etag.h"
#include "kartla/banned.h"

int ka_res_vis_level(struct ka_store *st, const struct ka_actor *actor, int *level,
                     struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	bool fac = false;
	int err;

	*level = 0;
	if (!actor || !actor->user_id)
		return 0;
	if (actor->is_admin) {
		*level = 2;
		return 0;
	}
	ka_date_today(today);
	err = ka_roles_is_facilitator(st, actor->user_id, today, &fac, diag);
	*level = fac ? 2 : 1;
	return err;
}

int ka_res_can_write(struct ka_store *st, const struct ka_actor *actor, enum ka_res_perm perm,
                     struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	bool fac = false;
	int err;

	if (!actor || !actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	if (actor->is_admin || perm == KA_RES_PERM_SIGNED_IN)
		return 0;
	if (perm == KA_RES_PERM_ADMIN)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only administrators may change this");
	ka_date_today(today);
	err = ka_roles_is_facilitator(st, actor->user_id, today, &fac, diag);
	if (err)
		return err;
	if (!fac)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only facilitators and administrators may change this");
	return 0;
}

/* ---- rows as JSON ---- */

/* The few tables of schema version 1 without a created_at column. */
static bool has_created_at(const struct ka_res *res)
{
	return strcmp(res->table, "network_members") &&
	       strcmp(res->table, "role_required_courses") &&
	       strcmp(res->table, "training_records");
}

static void select_sql(const struct ka_res *res, struct ka_buf *b)
{
	size_t i;

	ka_buf_adds(b, "SELECT id");
	for (i = 0; i < res->ncols; i++)
		ka_buf_addf(b, ", %s", res->cols[i].name);
	if (res->versioned)
		ka_buf_adds(b, ", version");
	ka_buf_addf(b, "%s FROM %s", has_created_at(res) ? ", created_at" : "", res->table);
}

static json_t *val_json(const struct ka_val *v, enum ka_res_kind k)
{
	switch (v->type) {
	case KA_VAL_NULL:
		return json_null();
	case KA_VAL_INT:
		return k == KA_RES_BOOL ? json_boolean(v->i != 0) : json_integer((json_int_t)v->i);
	case KA_VAL_REAL:
		return json_real(v->r);
	case KA_VAL_TEXT:
		if (k == KA_RES_JSON) {
			json_t *j = json_loads(v->s, JSON_DECODE_ANY, NULL);

			return j ? j : json_object();
		}
		return json_string(v->s);
	case KA_VAL_BLOB:
		return json_null();
	}
	return json_null();
}

static json_t *row_json(const struct ka_res *res, const struct ka_rows *rows, size_t r)
{
	json_t *o = json_object();
	size_t i, c = 1;

	json_object_set_new(o, "id", json_integer((json_int_t)ka_rows_at(rows, r, 0)->i));
	for (i = 0; i < res->ncols; i++, c++)
		json_object_set_new(o, res->cols[i].name,
		                    val_json(ka_rows_at(rows, r, c), res->cols[i].kind));
	if (res->versioned)
		json_object_set_new(o, "version",
		                    json_integer((json_int_t)ka_rows_at(rows, r, c++)->i));
	if (has_created_at(res))
		json_object_set_new(o, "created_at", val_json(ka_rows_at(rows, r, c), KA_RES_TEXT));
	return o;
}

int ka_res_load(const struct ka_res *res, struct ka_store *st, int64_t id, int vis, json_t **out,
                int64_t *version, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	struct ka_buf sql;
	struct ka_rows rows;
	struct ka_val p[2] = {ka_int(id), ka_int(vis)};
	int err;

	*out = NULL;
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_rows_init(&rows);
	select_sql(res, &sql);
	ka_buf_adds(&sql, " WHERE id = ?");
	if (res->where)
		ka_buf_addf(&sql, " AND %s", res->where);
	err = ka_store_exec(st, sql.data, p, res->where ? 2 : 1, &rows, diag);
	if (!err && rows.nrows == 1) {
		int64_t v = res->versioned ? ka_rows_at(&rows, 0, res->ncols + 1)->i : 0;

		*out = row_json(res, &rows, 0);
		if (version)
			*version = v;
		if (etag && res->versioned)
			snprintf(etag, KA_RES_ETAG_LEN, "v%" PRId64, v);
		else if (etag)
			ka_etag_row(etag, &rows, 0);
	}
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	return err;
}

/* ---- list and get ---- */

/* The WHERE clause of a list and its parameters; 0 or KA_ERR_USAGE for a bad filter. */
static int list_where(const struct ka_res *res, const struct ka_res_query *q, struct ka_buf *where,
                      struct ka_val *params, size_t *n, struct ka_diag *diag)
{
	size_t i;

	assert(res->ncols <= KA_RES_MAX_COLS);
	ka_buf_adds(where, " WHERE 1 = 1");
	if (res->parent) {
		ka_buf_addf(where, " AND %s = ?", res->parent);
		params[(*n)++] = ka_int(q->parent);
	}
	for (i = 0; i < res->ncols; i++) {
		const struct ka_res_col *c = &res->cols[i];
		const char *v =
		    (c->flags & KA_RES_FILTER) && q->filter ? q->filter(q->ctx, c->name) : NULL;

		if (!v)
			continue;
		if (c->kind == KA_RES_REF || c->kind == KA_RES_INT) {
			char *end = NULL;
			long long x = strtoll(v, &end, 10);

			if (!*v || *end || x <= 0)
				return ka_diag_set(
				    diag, KA_ERR_USAGE, 0, 0, c->name,
				    "query parameter '%s' must be a positive integer", c->name);
			params[(*n)++] = ka_int(x);
		} else {
			params[(*n)++] = ka_text(v);
		}
		ka_buf_addf(where, " AND %s = ?", c->name);
	}
	return 0;
}

int ka_res_list(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                const struct ka_res_query *q, json_t **items, int64_t *total, struct ka_diag *diag)
{
	struct ka_val params[KA_RES_MAX_COLS + 4];
	struct ka_buf sql, where;
	struct ka_rows rows;
	bool own_tx = false;
	size_t n = 0, i;
	int vis = 0, err;

	*items = NULL;
	*total = 0;
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_init(&where, KA_BUF_UNLIMITED);
	ka_rows_init(&rows);
	err = list_where(res, q, &where, params, &n, diag);
	if (err)
		goto out;
	if (res->where) {
		err = ka_res_vis_level(st, actor, &vis, diag);
		if (err)
			goto out;
		ka_buf_addf(&where, " AND %s", res->where);
		params[n++] = ka_int(vis);
	}
	if (!ka_store_in_tx(st)) {
		err = ka_store_begin_read(st);
		if (err) {
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
			goto out;
		}
		own_tx = true;
	}
	ka_buf_addf(&sql, "SELECT COUNT(*) FROM %s%s", res->table, where.data);
	err = ka_store_exec(st, sql.data, params, n, &rows, diag);
	if (err)
		goto out;
	*total = ka_rows_at(&rows, 0, 0)->i;
	ka_buf_reset(&sql);
	select_sql(res, &sql);
	ka_buf_addf(&sql, "%s ORDER BY %s%sid LIMIT ? OFFSET ?", where.data,
	            res->order ? res->order : "", res->order ? ", " : "");
	params[n] = ka_int(q->limit);
	params[n + 1] = ka_int(q->offset);
	err = ka_store_exec(st, sql.data, params, n + 2, &rows, diag);
	if (!err && own_tx) {
		own_tx = false;
		err = ka_store_commit(st);
		if (err)
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	}
	if (err)
		goto out;
	*items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(*items, row_json(res, &rows, i));
out:
	if (own_tx)
		ka_store_rollback(st);
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	ka_buf_release(&where);
	return err;
}

int ka_res_get(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
               int64_t id, json_t **out, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	bool own_tx = !ka_store_in_tx(st);
	int vis = 0, err = 0;

	*out = NULL;
	if (own_tx) {
		err = ka_store_begin_read(st);
		if (err)
			return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	}
	err = ka_res_vis_level(st, actor, &vis, diag);
	if (!err)
		err = ka_res_load(res, st, id, vis, out, NULL, etag, diag);
	if (own_tx && !err) {
		err = ka_store_commit(st);
		if (err)
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	} else if (own_tx) {
		ka_store_rollback(st);
	}
	if (err) {
		json_decref(*out);
		*out = NULL;
		return err;
	}
	if (!*out)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such %s %" PRId64,
		                   res->type, id);
	return 0;
}

void ka_res_result_release(struct ka_res_result *r)
{
	json_decref(r->obj);
	r->obj = NULL;
}
