/*
 * Table-driven resources (crud.h): the generic list, get, create, patch and
 * delete that the organisation, networks, training, assignments, forms and
 * handbook APIs are built from.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crud.h"
#include "kartla/forms.h"
#include "kartla/org.h"
#include "kartla/banned.h"

#define MAX_COLS 24

void crud_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void crud_now(char out[21])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int crud_vis_level(struct http_req *req, int *level)
{
	char today[11];
	bool fac = false;
	int err;

	*level = 0;
	if (!req->actor.user_id)
		return 0;
	if (req->actor.is_admin) {
		*level = 2;
		return 0;
	}
	crud_today(today);
	err = ka_org_is_facilitator(req->st, req->actor.user_id, today, &fac, &req->diag);
	*level = fac ? 2 : 1;
	return err;
}

int crud_can_write(struct http_req *req, struct http_resp *resp, enum crud_perm perm)
{
	char today[11];
	bool fac = false;
	int err;

	if (!req->actor.user_id)
		return http_fail(resp, KA_ERR_AUTH, NULL, "sign in first");
	if (req->actor.is_admin || perm == CRUD_PERM_SIGNED_IN)
		return 0;
	if (perm == CRUD_PERM_ADMIN)
		return http_fail(resp, KA_ERR_PERM, NULL, "only administrators may change this");
	crud_today(today);
	err = ka_org_is_facilitator(req->st, req->actor.user_id, today, &fac, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (!fac)
		return http_fail(resp, KA_ERR_PERM, NULL,
		                 "only facilitators and administrators may change this");
	return 0;
}

/* ---- rows as JSON ---- */

/* The few tables of schema version 1 without a created_at column. */
static bool has_created_at(const struct crud_res *res)
{
	return strcmp(res->table, "network_members") &&
	       strcmp(res->table, "role_required_courses") &&
	       strcmp(res->table, "training_records");
}

static void select_sql(const struct crud_res *res, struct ka_buf *b)
{
	size_t i;

	ka_buf_adds(b, "SELECT id");
	for (i = 0; i < res->ncols; i++)
		ka_buf_addf(b, ", %s", res->cols[i].name);
	if (res->versioned)
		ka_buf_adds(b, ", version");
	ka_buf_addf(b, "%s FROM %s", has_created_at(res) ? ", created_at" : "", res->table);
}

static json_t *val_json(const struct ka_val *v, enum crud_kind k)
{
	switch (v->type) {
	case KA_VAL_NULL:
		return json_null();
	case KA_VAL_INT:
		return k == CK_BOOL ? json_boolean(v->i != 0) : json_integer((json_int_t)v->i);
	case KA_VAL_REAL:
		return json_real(v->r);
	case KA_VAL_TEXT:
		if (k == CK_JSON) {
			json_t *j = json_loads(v->s, JSON_DECODE_ANY, NULL);

			return j ? j : json_object();
		}
		return json_string(v->s);
	case KA_VAL_BLOB:
		return json_null();
	}
	return json_null();
}

static json_t *row_json(const struct crud_res *res, const struct ka_rows *rows, size_t r)
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
		json_object_set_new(o, "created_at", val_json(ka_rows_at(rows, r, c), CK_TEXT));
	return o;
}

int crud_load(const struct crud_res *res, struct ka_store *st, int64_t id, int vis, json_t **out,
              int64_t *version, char etag[32], struct ka_diag *diag)
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
		*out = row_json(res, &rows, 0);
		if (version)
			*version = res->versioned ? ka_rows_at(&rows, 0, res->ncols + 1)->i : 0;
		if (etag) {
			if (res->versioned)
				snprintf(etag, 32, "v%" PRId64,
				         ka_rows_at(&rows, 0, res->ncols + 1)->i);
			else
				http_etag_row(etag, &rows, 0);
		}
	}
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	return err;
}

/* ---- list and get ---- */

int crud_list(const struct crud_res *res, struct http_req *req, struct http_resp *resp)
{
	struct ka_val params[MAX_COLS + 4];
	struct ka_buf sql, where;
	struct http_page pg;
	struct ka_rows rows;
	int64_t parent = 0, total;
	size_t n = 0, i;
	json_t *items;
	int vis = 0, err;

	err = http_page_parse(req, resp, &pg);
	if (!err && res->parent)
		err = http_param_id(req, resp, 0, &parent);
	if (err)
		return err;
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_init(&where, KA_BUF_UNLIMITED);
	ka_rows_init(&rows);
	ka_buf_adds(&where, " WHERE 1 = 1");
	if (res->parent) {
		ka_buf_addf(&where, " AND %s = ?", res->parent);
		params[n++] = ka_int(parent);
	}
	for (i = 0; i < res->ncols; i++) {
		const struct crud_col *c = &res->cols[i];
		const char *q = (c->flags & CRUD_FILTER) ? http_query(req, c->name) : NULL;

		if (!q)
			continue;
		if (c->kind == CK_REF || c->kind == CK_INT) {
			char *end = NULL;
			long long v = strtoll(q, &end, 10);

			if (!*q || *end || v <= 0) {
				err = http_fail(resp, KA_ERR_USAGE, c->name,
				                "query parameter '%s' must be a positive integer",
				                c->name);
				goto out;
			}
			params[n++] = ka_int(v);
		} else {
			params[n++] = ka_text(q);
		}
		ka_buf_addf(&where, " AND %s = ?", c->name);
	}
	if (res->where) {
		err = crud_vis_level(req, &vis);
		if (err)
			goto store;
		ka_buf_addf(&where, " AND %s", res->where);
		params[n++] = ka_int(vis);
	}
	err = ka_store_begin_read(req->st);
	if (err)
		goto store;
	ka_buf_addf(&sql, "SELECT COUNT(*) FROM %s%s", res->table, where.data);
	err = ka_store_exec(req->st, sql.data, params, n, &rows, &req->diag);
	if (err)
		goto store;
	total = ka_rows_at(&rows, 0, 0)->i;
	ka_buf_reset(&sql);
	select_sql(res, &sql);
	ka_buf_addf(&sql, "%s ORDER BY %s%sid LIMIT ? OFFSET ?", where.data,
	            res->order ? res->order : "", res->order ? ", " : "");
	params[n] = ka_int(pg.limit);
	params[n + 1] = ka_int(pg.offset);
	err = ka_store_exec(req->st, sql.data, params, n + 2, &rows, &req->diag);
	if (!err)
		err = ka_store_commit(req->st);
	if (err)
		goto store;
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, row_json(res, &rows, i));
	http_json(resp, 200, http_page_json(&pg, items, total));
	goto out;
store:
	if (ka_store_in_tx(req->st))
		ka_store_rollback(req->st);
	err = http_store_fail(resp, err, &req->diag);
out:
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	ka_buf_release(&where);
	return err;
}

int crud_get(const struct crud_res *res, struct http_req *req, struct http_resp *resp)
{
	char etag[32];
	json_t *o = NULL;
	int64_t id;
	int vis = 0, err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	err = crud_vis_level(req, &vis);
	if (!err)
		err = crud_load(res, req->st, id, vis, &o, NULL, etag, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (!o)
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such %s %" PRId64, res->type,
		                 id);
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
	http_json(resp, 200, o);
	return 0;
}

/* ---- validation ---- */

static bool writable(const struct crud_res *res, const struct crud_col *c, bool create)
{
	if (c->flags & CRUD_RO)
		return false;
	if (res->parent && !strcmp(c->name, res->parent))
		return false;
	return create || !(c->flags & CRUD_FIXED);
}

/* Decodes and checks the body against the writable columns (no database). */
static int validate(const struct crud_res *res, struct http_req *req, struct http_resp *resp,
                    bool create)
{
	struct http_field f[MAX_COLS];
	size_t n = 0, i;
	int err;

	for (i = 0; i < res->ncols && n < MAX_COLS; i++) {
		const struct crud_col *c = &res->cols[i];
		enum http_ftype t = HTTP_F_STRING;
		unsigned fl = c->flags & (HTTP_F_REQUIRED | HTTP_F_NONEMPTY);

		if (!writable(res, c, create))
			continue;
		if (c->kind == CK_INT || c->kind == CK_REF)
			t = HTTP_F_INT;
		else if (c->kind == CK_BOOL)
			t = HTTP_F_BOOL;
		else if (c->kind == CK_JSON)
			t = HTTP_F_OBJECT;
		if (!create)
			fl &= ~HTTP_F_REQUIRED;
		if (!(c->flags & (HTTP_F_REQUIRED | CRUD_NONULL)) && c->kind != CK_JSON)
			fl |= HTTP_F_NULLABLE;
		f[n++] = (struct http_field){c->name, t, fl, c->max ? c->max : 2000, NULL, NULL};
	}
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, f, n);
	if (err)
		return err;
	for (i = 0; i < res->ncols; i++) {
		const struct crud_col *c = &res->cols[i];
		const json_t *v = json_object_get(req->json, c->name);
		char field[200], msg[300], path[300];

		if (!v || json_is_null(v) || !writable(res, c, create))
			continue;
		if (c->kind == CK_ENUM && !ka_enum_has(c->extra, json_string_value(v)))
			return http_fail(resp, KA_ERR_INVALID, c->name,
			                 "field '%s' must be one of %s", c->name, c->extra);
		if (c->kind == CK_DATE && !ka_date_valid(json_string_value(v)))
			return http_fail(resp, KA_ERR_INVALID, c->name,
			                 "field '%s' must be a date YYYY-MM-DD", c->name);
		if ((c->kind == CK_REF) && json_integer_value(v) <= 0)
			return http_fail(resp, KA_ERR_INVALID, c->name,
			                 "field '%s' must be a positive id", c->name);
		if (c->kind == CK_JSON && c->extra &&
		    ka_form_validate(c->extra, v, field, sizeof(field), msg, sizeof(msg))) {
			snprintf(path, sizeof(path), "%s.%s", c->name, field);
			return http_fail(resp, KA_ERR_INVALID, path, "%s: %s", c->name, msg);
		}
	}
	return 0;
}

/* Inside the transaction: every referenced id exists (else 422 naming the field). */
static int check_refs(const struct crud_res *res, struct http_req *req, struct http_resp *resp,
                      struct ka_store *st, struct ka_diag *diag)
{
	struct ka_rows r;
	char sql[160];
	size_t i;
	int err = 0;

	ka_rows_init(&r);
	for (i = 0; i < res->ncols && !err; i++) {
		const struct crud_col *c = &res->cols[i];
		const json_t *v = json_object_get(req->json, c->name);

		if (c->kind != CK_REF || !json_is_integer(v))
			continue;
		snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ?", c->extra);
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(json_integer_value(v))}, 1,
		                    &r, diag);
		if (!err && !r.nrows)
			err = http_fail(resp, KA_ERR_INVALID, c->name, "field '%s': no %s %" PRId64,
			                c->name, c->extra, (int64_t)json_integer_value(v));
	}
	ka_rows_release(&r);
	return err;
}

/* The parameter for column c from the request (NULL when JSON null). */
static struct ka_val param_of(const struct crud_col *c, const json_t *v, char **to_free)
{
	if (!v || json_is_null(v))
		return ka_null();
	switch (c->kind) {
	case CK_INT:
	case CK_REF:
		return ka_int(json_integer_value(v));
	case CK_BOOL:
		return ka_int(json_is_true(v));
	case CK_JSON:
		*to_free = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		return ka_text(*to_free);
	default:
		return ka_text(json_string_value(v));
	}
}

/* ---- writes ---- */

struct write_tx {
	const struct crud_res *res;
	struct http_req *req;
	struct http_resp *resp;
	int64_t id, parent;
	bool create;
	json_t *result;
	char etag[32];
};

static int fail_missing(struct write_tx *t)
{
	return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such %s %" PRId64, t->res->type,
	                 t->id);
}

static int write_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_tx *t = vctx;
	const struct crud_res *res = t->res;
	struct ka_val params[MAX_COLS + 4];
	char *frees[MAX_COLS + 1];
	json_t *before = NULL;
	struct ka_rows rows;
	struct ka_buf sql;
	size_t n = 0, nf = 0, i;
	int64_t version = 0;
	char etag[32], now[21];
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_rows_init(&rows);
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	if (t->create && res->parent) {
		char q[160];

		snprintf(q, sizeof(q), "SELECT 1 FROM %s WHERE id = ?", res->parent_table);
		err = ka_store_exec(st, q, (struct ka_val[]){ka_int(t->parent)}, 1, &rows, diag);
		if (!err && !rows.nrows)
			err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such %s %" PRId64,
			                res->parent_table, t->parent);
		if (err)
			goto out;
	}
	if (!t->create) {
		err = crud_load(res, st, t->id, 2, &before, &version, etag, diag);
		if (!err && !before)
			err = fail_missing(t);
		if (!err)
			err = http_if_match_tag(t->req, t->resp, etag, false);
		if (err)
			goto out;
	}
	err = check_refs(res, t->req, t->resp, st, diag);
	if (!err && res->check)
		err = res->check(st, t->req, t->resp, before, t->req->json);
	if (err)
		goto out;
	crud_now(now);
	if (t->create) {
		ka_buf_addf(&sql, "INSERT INTO %s (", res->table);
		if (res->parent) {
			ka_buf_adds(&sql, res->parent);
			params[n++] = ka_int(t->parent);
		}
		for (i = 0; i < res->ncols; i++) {
			const struct crud_col *c = &res->cols[i];
			const json_t *v = json_object_get(t->req->json, c->name);

			if (!writable(res, c, true) || !v)
				continue;
			ka_buf_addf(&sql, "%s%s", n ? ", " : "", c->name);
			frees[nf] = NULL;
			params[n++] = param_of(c, v, &frees[nf]);
			nf++;
		}
		if (!n) {
			/* nothing given: all defaults */
			ka_buf_reset(&sql);
			ka_buf_addf(&sql, "INSERT INTO %s DEFAULT VALUES RETURNING id", res->table);
		} else {
			ka_buf_adds(&sql, ") VALUES (");
			for (i = 0; i < n; i++)
				ka_buf_adds(&sql, i ? ", ?" : "?");
			ka_buf_adds(&sql, ") RETURNING id");
		}
		err = ka_store_exec(st, sql.data, params, n, &rows, diag);
		if (!err)
			t->id = ka_rows_at(&rows, 0, 0)->i;
	} else {
		ka_buf_addf(&sql, "UPDATE %s SET ", res->table);
		for (i = 0; i < res->ncols; i++) {
			const struct crud_col *c = &res->cols[i];
			const json_t *v = json_object_get(t->req->json, c->name);

			if (!writable(res, c, false) || !v)
				continue;
			ka_buf_addf(&sql, "%s%s = ?", n ? ", " : "", c->name);
			frees[nf] = NULL;
			params[n++] = param_of(c, v, &frees[nf]);
			nf++;
		}
		if (res->versioned)
			ka_buf_addf(&sql, "%sversion = version + 1", n ? ", " : "");
		if (res->updated_at) {
			ka_buf_addf(&sql, "%supdated_at = ?", n || res->versioned ? ", " : "");
			params[n++] = ka_text(now);
		}
		ka_buf_adds(&sql, " WHERE id = ?");
		params[n++] = ka_int(t->id);
		if (n > 1 || res->versioned)
			err = ka_store_exec(st, sql.data, params, n, NULL, diag);
	}
	for (i = 0; i < nf; i++)
		free(frees[i]);
	if (!err && res->after_write)
		err = ka_store_exec(st, res->after_write, (struct ka_val[]){ka_int(t->id)}, 1, NULL,
		                    diag);
	if (err)
		goto out;
	err = crud_load(res, st, t->id, 2, &t->result, NULL, t->etag, diag);
	if (!err && !t->result)
		err = KA_ERR_DB;
	if (!err)
		err = http_audit(st, &t->req->actor, t->create ? "create" : "update", res->type,
		                 t->id, before, t->result, diag);
out:
	json_decref(before);
	ka_rows_release(&rows);
	ka_buf_release(&sql);
	return err;
}

static int finish_write(struct write_tx *t, int err)
{
	if (err) {
		json_decref(t->result);
		if (t->resp->err_code[0])
			return err;
		if (err == KA_ERR_CONFLICT)
			return http_fail(t->resp, err, NULL,
			                 "a %s with these values exists already, or the change "
			                 "conflicts with another row",
			                 t->res->type);
		return http_store_fail(t->resp, err, &t->req->diag);
	}
	snprintf(t->resp->etag, sizeof(t->resp->etag), "%s", t->etag);
	if (t->create && !t->res->parent) {
		snprintf(t->resp->location, sizeof(t->resp->location), "%s/%" PRId64, t->req->path,
		         t->id);
	}
	http_json(t->resp, t->create ? 201 : 200, t->result);
	return 0;
}

int crud_create(const struct crud_res *res, struct http_req *req, struct http_resp *resp)
{
	struct write_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.res = res;
	t.req = req;
	t.resp = resp;
	t.create = true;
	err = crud_can_write(req, resp, res->write);
	if (!err && res->parent)
		err = http_param_id(req, resp, 0, &t.parent);
	if (!err)
		err = validate(res, req, resp, true);
	if (err)
		return err;
	err = ka_store_transact(req->st, write_fn, &t, 5, &req->diag);
	return finish_write(&t, err);
}

int crud_patch(const struct crud_res *res, struct http_req *req, struct http_resp *resp)
{
	struct write_tx t;
	int err;

	memset(&t, 0, sizeof(t));
	t.res = res;
	t.req = req;
	t.resp = resp;
	err = http_param_id(req, resp, 0, &t.id);
	if (!err)
		err = crud_can_write(req, resp, res->write);
	if (!err)
		err = validate(res, req, resp, false);
	if (err)
		return err;
	err = ka_store_transact(req->st, write_fn, &t, 5, &req->diag);
	return finish_write(&t, err);
}

struct delete_tx {
	const struct crud_res *res;
	struct http_req *req;
	struct http_resp *resp;
	int64_t id;
};

static int delete_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct delete_tx *t = vctx;
	json_t *before = NULL;
	char etag[32], sql[160];
	int err;

	err = crud_load(t->res, st, t->id, 2, &before, NULL, etag, diag);
	if (!err && !before)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such %s %" PRId64,
		                 t->res->type, t->id);
	if (!err)
		err = http_if_match_tag(t->req, t->resp, etag, false);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", t->res->table);
	if (!err)
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = http_audit(st, &t->req->actor, "delete", t->res->type, t->id, before, NULL,
		                 diag);
	json_decref(before);
	return err;
}

int crud_delete(const struct crud_res *res, struct http_req *req, struct http_resp *resp)
{
	struct delete_tx t = {res, req, resp, 0};
	int err;

	err = http_param_id(req, resp, 0, &t.id);
	if (!err)
		err = crud_can_write(req, resp, res->write);
	if (err)
		return err;
	err = ka_store_transact(req->st, delete_fn, &t, 5, &req->diag);
	if (err) {
		if (resp->err_code[0])
			return err;
		if (err == KA_ERR_CONFLICT)
			return http_fail(resp, err, NULL, "the %s is still in use", res->type);
		return http_store_fail(resp, err, &req->diag);
	}
	resp->status = 204;
	return 0;
}
