/*
 * The process architecture API: function areas, main processes and
 * sub-processes at any depth, with names per language, type, status,
 * review interval and date, the specification, and a numbered outline
 * computed from parent and position. Lists are paged or a whole tree.
 * Every write is one transaction with its audit_log entry; PATCH and
 * DELETE honour If-Match.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portfolio_api.h"
#include "kartla/banned.h"

#define NAME_MAX_BYTES 300

/* ---- shared helpers (portfolio_api.h) ---- */

void pf_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void pf_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *int_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? json_integer(v->i) : json_null();
}

int pf_load_process(struct ka_store *st, int64_t id, struct ka_rows *rows, struct ka_diag *diag)
{
	return ka_store_exec(st, "SELECT " PF_PROC_COLS " FROM processes WHERE id = ?",
	                     (struct ka_val[]){ka_int(id)}, 1, rows, diag);
}

json_t *pf_process_json(const struct ka_rows *rows, size_t r)
{
	const struct ka_val *spec = ka_rows_at(rows, r, 11);
	json_t *s = spec->type == KA_VAL_TEXT ? json_loads(spec->s, 0, NULL) : NULL;

	return json_pack(
	    "{s:I, s:o, s:o, s:I, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)ka_rows_at(rows, r, 0)->i, "parent_id", int_or_null(ka_rows_at(rows, r, 1)),
	    "outline", text_or_null(ka_rows_at(rows, r, 2)), "position",
	    (json_int_t)ka_rows_at(rows, r, 3)->i, "type", text_or_null(ka_rows_at(rows, r, 4)),
	    "name", "nb", text_or_null(ka_rows_at(rows, r, 5)), "sv",
	    text_or_null(ka_rows_at(rows, r, 6)), "en", text_or_null(ka_rows_at(rows, r, 7)),
	    "status", text_or_null(ka_rows_at(rows, r, 8)), "review_interval_days",
	    int_or_null(ka_rows_at(rows, r, 9)), "next_review_date",
	    text_or_null(ka_rows_at(rows, r, 10)), "specification", s ? s : json_object(),
	    "version", int_or_null(ka_rows_at(rows, r, 12)), "created_at",
	    text_or_null(ka_rows_at(rows, r, 13)), "updated_at",
	    text_or_null(ka_rows_at(rows, r, 14)));
}

const char *pf_process_name(const struct ka_rows *rows, size_t r)
{
	size_t c;

	for (c = 5; c <= 7; c++)
		if (ka_rows_at(rows, r, c)->type == KA_VAL_TEXT)
			return ka_rows_at(rows, r, c)->s;
	return "";
}

int pf_fail(struct http_req *req, struct http_resp *resp, int err)
{
	return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
}

int pf_require_editor(struct http_req *req, struct http_resp *resp, int64_t process_id)
{
	char today[11];
	unsigned mask;
	int err;

	if (req->actor.is_admin)
		return 0;
	pf_today(today);
	err = ka_portfolio_roles(req->st, process_id, req->actor.user_id, today, &mask, &req->diag);
	if (err)
		return http_store_fail(resp, err, &req->diag);
	if (mask & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR))
		return 0;
	return http_fail(resp, KA_ERR_PERM, NULL,
	                 "only the process owner, responsible/leader, a facilitator or an "
	                 "administrator may change process %" PRId64,
	                 process_id);
}

int pf_outlines_update(struct ka_store *st, struct ka_diag *diag)
{
	struct ka_outline_in *in;
	char(*out)[KA_OUTLINE_MAX];
	struct ka_rows r;
	size_t i;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id, COALESCE(parent_id, 0), sort_order, outline FROM processes",
	                    NULL, 0, &r, diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	in = calloc(r.nrows ? r.nrows : 1, sizeof(*in));
	out = calloc(r.nrows ? r.nrows : 1, sizeof(*out));
	if (!in || !out)
		abort();
	for (i = 0; i < r.nrows; i++) {
		in[i].id = ka_rows_at(&r, i, 0)->i;
		in[i].parent_id = ka_rows_at(&r, i, 1)->i;
		in[i].sort_order = ka_rows_at(&r, i, 2)->i;
	}
	ka_outline_compute(in, r.nrows, out);
	for (i = 0; i < r.nrows && !err; i++) {
		const struct ka_val *old = ka_rows_at(&r, i, 3);

		if (old->type == KA_VAL_TEXT && !strcmp(old->s, out[i]))
			continue;
		err = ka_store_exec(st, "UPDATE processes SET outline = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(out[i]), ka_int(in[i].id)}, 2, NULL,
		                    diag);
	}
	free(in);
	free(out);
	ka_rows_release(&r);
	return err;
}

/* ---- input ---- */

struct proc_in {
	bool has_parent, parent_null, has_position, has_type, has_name, has_status;
	bool has_interval, interval_null, has_next, next_null, has_spec;
	int64_t parent_id, position, interval;
	const char *type, *status, *next;
	json_t *name, *spec;
	bool name_set[3];
	const char *names[3]; /* nb, sv, en; NULL when absent or null */
	char next_date[11];
};

static const char *const langs[3] = {"nb", "sv", "en"};

static int decode_proc(struct http_req *req, struct http_resp *resp, struct proc_in *in,
                       bool create)
{
	const struct http_field fields[] = {
	    {"parent_id", HTTP_F_INT, HTTP_F_NULLABLE, 0, &in->parent_id, &in->has_parent},
	    {"position", HTTP_F_INT, 0, 0, &in->position, &in->has_position},
	    {"type", HTTP_F_STRING, create ? HTTP_F_REQUIRED : 0, 32, &in->type, &in->has_type},
	    {"name", HTTP_F_OBJECT, create ? HTTP_F_REQUIRED : 0, 0, &in->name, &in->has_name},
	    {"status", HTTP_F_STRING, 0, 32, &in->status, &in->has_status},
	    {"review_interval_days", HTTP_F_INT, HTTP_F_NULLABLE, 0, &in->interval,
	     &in->has_interval},
	    {"next_review_date", HTTP_F_STRING, HTTP_F_NULLABLE, 32, &in->next, &in->has_next},
	    {"specification", HTTP_F_OBJECT, 0, 0, &in->spec, &in->has_spec},
	};
	const char *key;
	json_t *v;
	size_t k;
	int err;

	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (err)
		return err;
	in->parent_null =
	    in->has_parent && !json_is_integer(json_object_get(req->json, "parent_id"));
	in->interval_null = in->has_interval &&
	                    !json_is_integer(json_object_get(req->json, "review_interval_days"));
	in->next_null =
	    in->has_next && !json_is_string(json_object_get(req->json, "next_review_date"));
	if (in->has_parent && !in->parent_null && in->parent_id < 1)
		return http_fail(resp, KA_ERR_INVALID, "parent_id",
		                 "parent_id must be a positive id");
	if (in->has_position && (in->position < 0 || in->position > 1000000))
		return http_fail(resp, KA_ERR_INVALID, "position",
		                 "position must be an integer from 0 to 1000000");
	if (in->type && strcmp(in->type, "core") && strcmp(in->type, "support") &&
	    strcmp(in->type, "management"))
		return http_fail(resp, KA_ERR_INVALID, "type",
		                 "type must be 'core', 'support' or 'management'");
	if (in->status && strcmp(in->status, "draft") && strcmp(in->status, "retired"))
		return http_fail(resp, KA_ERR_INVALID, "status",
		                 "status can be set to 'draft' or 'retired'; 'in_review' and "
		                 "'approved' follow from submitting and approving a map version");
	if (in->has_interval && !in->interval_null && (in->interval < 1 || in->interval > 36500))
		return http_fail(resp, KA_ERR_INVALID, "review_interval_days",
		                 "review_interval_days must be from 1 to 36500");
	if (in->next && ka_date_add(in->next_date, in->next, 0))
		return http_fail(resp, KA_ERR_INVALID, "next_review_date",
		                 "next_review_date must be a date YYYY-MM-DD");
	if (in->next && strlen(in->next) != 10)
		return http_fail(resp, KA_ERR_INVALID, "next_review_date",
		                 "next_review_date must be a date YYYY-MM-DD");
	if (in->name) {
		json_object_foreach(in->name, key, v)
		{
			char field[64];

			for (k = 0; k < 3 && strcmp(key, langs[k]); k++)
				;
			snprintf(field, sizeof(field), "name.%.40s", key);
			if (k == 3)
				return http_fail(resp, KA_ERR_INVALID, field,
				                 "names are given per language: nb, sv, en");
			in->name_set[k] = true;
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return http_fail(resp, KA_ERR_INVALID, field,
				                 "field '%s' must be a string or null", field);
			if (json_string_length(v) > NAME_MAX_BYTES)
				return http_fail(resp, KA_ERR_INVALID, field,
				                 "field '%s' is too long (at most %d bytes)", field,
				                 NAME_MAX_BYTES);
			in->names[k] = json_string_value(v);
			if (!in->names[k][strspn(in->names[k], " \t\r\n")])
				return http_fail(resp, KA_ERR_INVALID, field,
				                 "field '%s' must not be empty", field);
		}
		if (create && !in->names[0] && !in->names[1] && !in->names[2])
			return http_fail(
			    resp, KA_ERR_INVALID, "name",
			    "a process needs a name in at least one language (nb, sv, en)");
	}
	if (in->spec) {
		struct ka_diag d;

		ka_diag_init(&d, NULL);
		if (ka_spec_validate(in->spec, &d))
			return http_fail(resp, KA_ERR_INVALID, d.element_id, "%s", d.message);
	}
	return 0;
}

/* 409 naming "name" when a sibling already has one of the names. */
static int check_names(struct ka_store *st, struct http_resp *resp, int64_t parent, int64_t self,
                       const char *const names[3], struct ka_diag *diag)
{
	struct ka_rows r;
	size_t k;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT name_nb, name_sv, name_en FROM processes"
	                    " WHERE COALESCE(parent_id, 0) = ? AND id <> ?"
	                    " AND (name_nb = ? OR name_sv = ? OR name_en = ?)",
	                    (struct ka_val[]){ka_int(parent), ka_int(self), ka_text(names[0]),
	                                      ka_text(names[1]), ka_text(names[2])},
	                    5, &r, diag);
	if (!err && r.nrows > 0) {
		for (k = 0; k < 3; k++) {
			const struct ka_val *v = ka_rows_at(&r, 0, k);

			if (names[k] && v->type == KA_VAL_TEXT && !strcmp(v->s, names[k]))
				break;
		}
		k = k < 3 ? k : 0;
		err = http_fail(resp, KA_ERR_CONFLICT, "name",
		                "another process under the same parent is already named '%s' (%s)",
		                names[k] ? names[k] : "", langs[k]);
	}
	ka_rows_release(&r);
	return err;
}

/* Whether `candidate` is `id` or below it (moving id under it would make a cycle). */
static int is_descendant(struct ka_store *st, int64_t candidate, int64_t id, bool *yes,
                         struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "WITH RECURSIVE anc(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"
	                    " SELECT p.parent_id FROM processes p JOIN anc ON p.id = anc.id"
	                    " WHERE p.parent_id IS NOT NULL)"
	                    " SELECT COUNT(*) FROM anc WHERE id = ?",
	                    (struct ka_val[]){ka_int(candidate), ka_int(id)}, 2, &r, diag);
	*yes = !err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->i > 0;
	ka_rows_release(&r);
	return err;
}

/* ---- create ---- */

struct proc_tx {
	struct http_req *req;
	struct http_resp *resp;
	struct proc_in *in;
	int64_t id;
	struct ka_rows *out;
};

static int parent_exists(struct ka_store *st, struct http_resp *resp, int64_t parent,
                         struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(parent)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = http_fail(resp, KA_ERR_INVALID, "parent_id", "no such process %" PRId64,
		                parent);
	ka_rows_release(&r);
	return err;
}

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct proc_tx *t = vctx;
	struct proc_in *in = t->in;
	int64_t parent = in->has_parent && !in->parent_null ? in->parent_id : 0;
	char *spec = in->spec ? json_dumps(in->spec, JSON_COMPACT) : NULL;
	struct ka_rows r;
	json_t *after;
	int err = 0;

	ka_rows_init(&r);
	if (parent)
		err = parent_exists(st, t->resp, parent, diag);
	if (!err)
		err = check_names(st, t->resp, parent, 0, in->names, diag);
	if (!err && !in->has_position) {
		err = ka_store_exec(st,
		                    "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM processes"
		                    " WHERE COALESCE(parent_id, 0) = ?",
		                    (struct ka_val[]){ka_int(parent)}, 1, &r, diag);
		if (!err)
			in->position = ka_rows_at(&r, 0, 0)->i;
	}
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO processes (parent_id, sort_order, type, name_nb, name_sv, name_en,"
		    " review_interval_days, next_review_date, specification, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){
		        parent ? ka_int(parent) : ka_null(), ka_int(in->position),
		        ka_text(in->type), ka_text(in->names[0]), ka_text(in->names[1]),
		        ka_text(in->names[2]),
		        in->has_interval && !in->interval_null ? ka_int(in->interval) : ka_null(),
		        ka_text(in->next ? in->next_date : NULL), ka_text(spec ? spec : "{}"),
		        t->req->actor.user_id ? ka_int(t->req->actor.user_id) : ka_null()},
		    10, &r, diag);
	if (!err)
		t->id = ka_rows_at(&r, 0, 0)->i;
	if (!err)
		err = pf_outlines_update(st, diag);
	if (!err)
		err = pf_load_process(st, t->id, t->out, diag);
	if (!err) {
		after = pf_process_json(t->out, 0);
		err = http_audit(st, &t->req->actor, "create", "process", t->id, NULL, after, diag);
		json_decref(after);
	}
	free(spec);
	ka_rows_release(&r);
	return err;
}

static int post_process(struct http_req *req, struct http_resp *resp)
{
	struct proc_in in;
	struct proc_tx tx;
	struct ka_rows rows;
	int err;

	memset(&in, 0, sizeof(in));
	err = decode_proc(req, resp, &in, true);
	if (err)
		return err;
	if (in.has_parent && !in.parent_null)
		err = pf_require_editor(req, resp, in.parent_id);
	else if (!req->actor.is_admin)
		err = http_fail(resp, KA_ERR_PERM, NULL,
		                "only administrators create top-level processes (function areas)");
	if (err)
		return err;
	if (in.status && strcmp(in.status, "draft"))
		return http_fail(resp, KA_ERR_INVALID, "status", "a new process is a draft");
	ka_rows_init(&rows);
	memset(&tx, 0, sizeof(tx));
	tx.req = req;
	tx.resp = resp;
	tx.in = &in;
	tx.out = &rows;
	err = ka_store_transact(req->st, create_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return pf_fail(req, resp, err);
	}
	snprintf(resp->location, sizeof(resp->location), "/api/processes/%" PRId64, tx.id);
	http_etag(resp, ka_rows_at(&rows, 0, 12)->i);
	http_json(resp, 201, pf_process_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

/* ---- read ---- */

static json_t *current_versions(struct http_req *req, int64_t id)
{
	json_t *cur = json_pack("{s:n, s:n}", "as_is", "to_be");
	struct ka_rows r;
	size_t i;

	ka_rows_init(&r);
	if (!ka_store_exec(req->st,
	                   "SELECT variant, id, number FROM map_versions"
	                   " WHERE process_id = ? AND state = 'approved'",
	                   (struct ka_val[]){ka_int(id)}, 1, &r, &req->diag))
		for (i = 0; i < r.nrows; i++)
			json_object_set_new(cur, ka_rows_at(&r, i, 0)->s,
			                    json_pack("{s:I, s:I}", "id",
			                              (json_int_t)ka_rows_at(&r, i, 1)->i, "number",
			                              (json_int_t)ka_rows_at(&r, i, 2)->i));
	ka_rows_release(&r);
	return cur;
}

static int get_process(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	json_t *j;
	int64_t id;
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = pf_load_process(req->st, id, &rows, &req->diag);
	if (err || rows.nrows != 1) {
		ka_rows_release(&rows);
		return err ? http_store_fail(resp, err, &req->diag)
		           : http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64,
		                       id);
	}
	j = pf_process_json(&rows, 0);
	json_object_set_new(j, "current", current_versions(req, id));
	http_etag(resp, ka_rows_at(&rows, 0, 12)->i);
	http_json(resp, 200, j);
	ka_rows_release(&rows);
	return 0;
}

struct sorted {
	size_t row;
	const char *outline;
};

static int by_outline(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	int c = ka_outline_cmp(x->outline, y->outline);

	return c ? c : (x->row > y->row) - (x->row < y->row);
}

struct by_id {
	int64_t id;
	size_t row;
};

static int by_id_cmp(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int get_processes(struct http_req *req, struct http_resp *resp)
{
	const char *tree = http_query(req, "tree"), *parent = http_query(req, "parent");
	const char *status = http_query(req, "status"), *type = http_query(req, "type");
	struct http_page pg;
	struct ka_rows rows;
	struct sorted *order;
	json_t *items;
	int64_t parent_id = -1, total = 0;
	size_t i;
	int err;

	if (tree && strcmp(tree, "1") && strcmp(tree, "0") && strcmp(tree, "true") &&
	    strcmp(tree, "false"))
		return http_fail(resp, KA_ERR_USAGE, "tree", "tree must be 1 or 0");
	if (parent && strcmp(parent, "root")) {
		char *end;

		parent_id = strtoll(parent, &end, 10);
		if (*end || parent_id < 1)
			return http_fail(resp, KA_ERR_USAGE, "parent",
			                 "parent must be a process id or 'root'");
	} else if (parent) {
		parent_id = 0;
	}
	if (status && strcmp(status, "draft") && strcmp(status, "in_review") &&
	    strcmp(status, "approved") && strcmp(status, "retired"))
		return http_fail(resp, KA_ERR_USAGE, "status",
		                 "status must be draft, in_review, approved or retired");
	if (type && strcmp(type, "core") && strcmp(type, "support") && strcmp(type, "management"))
		return http_fail(resp, KA_ERR_USAGE, "type",
		                 "type must be core, support or management");
	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_exec(req->st, "SELECT " PF_PROC_COLS " FROM processes", NULL, 0, &rows,
	                    &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	order = calloc(rows.nrows ? rows.nrows : 1, sizeof(*order));
	if (!order)
		abort();
	for (i = 0; i < rows.nrows; i++) {
		order[i].row = i;
		order[i].outline =
		    ka_rows_at(&rows, i, 2)->type == KA_VAL_TEXT ? ka_rows_at(&rows, i, 2)->s : "";
	}
	qsort(order, rows.nrows, sizeof(*order), by_outline);
	if (tree && (!strcmp(tree, "1") || !strcmp(tree, "true"))) {
		/* Nodes in outline order: a parent always precedes its children. */
		json_t **node = calloc(rows.nrows ? rows.nrows : 1, sizeof(*node));
		struct by_id *ids = calloc(rows.nrows ? rows.nrows : 1, sizeof(*ids));

		if (!node || !ids)
			abort();
		for (i = 0; i < rows.nrows; i++) {
			ids[i].id = ka_rows_at(&rows, i, 0)->i;
			ids[i].row = i;
		}
		qsort(ids, rows.nrows, sizeof(*ids), by_id_cmp);
		items = json_array();
		for (i = 0; i < rows.nrows; i++) {
			size_t r = order[i].row;
			const struct ka_val *p = ka_rows_at(&rows, r, 1);
			struct by_id key = {p->type == KA_VAL_INT ? p->i : 0, 0}, *hit;

			node[r] = pf_process_json(&rows, r);
			json_object_set_new(node[r], "children", json_array());
			hit =
			    key.id ? bsearch(&key, ids, rows.nrows, sizeof(*ids), by_id_cmp) : NULL;
			if (hit && node[hit->row])
				json_array_append(json_object_get(node[hit->row], "children"),
				                  node[r]);
			else
				json_array_append(items, node[r]);
		}
		free(ids);
		for (i = 0; i < rows.nrows; i++)
			json_decref(node[i]);
		free(node);
		free(order);
		ka_rows_release(&rows);
		http_json(resp, 200, json_pack("{s:o}", "items", items));
		return 0;
	}
	items = json_array();
	for (i = 0; i < rows.nrows; i++) {
		size_t r = order[i].row;
		const struct ka_val *p = ka_rows_at(&rows, r, 1);

		if (parent_id == 0 && p->type == KA_VAL_INT)
			continue;
		if (parent_id > 0 && (p->type != KA_VAL_INT || p->i != parent_id))
			continue;
		if (status && strcmp(ka_rows_at(&rows, r, 8)->s, status))
			continue;
		if (type && strcmp(ka_rows_at(&rows, r, 4)->s, type))
			continue;
		if (total >= pg.offset && total < pg.offset + pg.limit)
			json_array_append_new(items, pf_process_json(&rows, r));
		total++;
	}
	free(order);
	ka_rows_release(&rows);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

/* ---- update and delete ---- */

static int patch_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct proc_tx *t = vctx;
	struct proc_in *in = t->in;
	const char *names[3];
	char *spec = NULL, now[21];
	json_t *before = NULL, *after;
	int64_t parent;
	size_t k;
	int err;

	err = pf_load_process(st, t->id, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64,
		                 t->id);
	err = http_if_match(t->req, t->resp, ka_rows_at(t->out, 0, 12)->i, false);
	if (err)
		return err;
	before = pf_process_json(t->out, 0);
	parent = ka_rows_at(t->out, 0, 1)->type == KA_VAL_INT ? ka_rows_at(t->out, 0, 1)->i : 0;
	if (in->has_parent)
		parent = in->parent_null ? 0 : in->parent_id;
	for (k = 0; k < 3; k++) {
		const struct ka_val *v = ka_rows_at(t->out, 0, 5 + k);

		names[k] = in->name_set[k] ? in->names[k] : v->type == KA_VAL_TEXT ? v->s : NULL;
	}
	if (!names[0] && !names[1] && !names[2]) {
		err = http_fail(t->resp, KA_ERR_INVALID, "name",
		                "a process needs a name in at least one language (nb, sv, en)");
		goto out;
	}
	if (in->has_parent && parent) {
		bool cycle;

		err = parent_exists(st, t->resp, parent, diag);
		if (!err)
			err = is_descendant(st, parent, t->id, &cycle, diag);
		if (!err && cycle)
			err =
			    http_fail(t->resp, KA_ERR_CONFLICT, "parent_id",
			              "a process cannot move under itself or its own sub-process");
		if (err)
			goto out;
	}
	err = check_names(st, t->resp, parent, t->id, names, diag);
	if (err)
		goto out;
	spec = in->spec ? json_dumps(in->spec, JSON_COMPACT) : NULL;
	pf_now(now);
	err = ka_store_exec(
	    st,
	    "UPDATE processes SET parent_id = ?, sort_order = COALESCE(?, sort_order),"
	    " type = COALESCE(?, type), name_nb = ?, name_sv = ?, name_en = ?,"
	    " status = COALESCE(?, status),"
	    " review_interval_days = CASE WHEN ? = 1 THEN ? ELSE review_interval_days END,"
	    " next_review_date = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE next_review_date END,"
	    " specification = COALESCE(?, specification),"
	    " version = version + 1, updated_at = ? WHERE id = ?",
	    (struct ka_val[]){parent ? ka_int(parent) : ka_null(),
	                      in->has_position ? ka_int(in->position) : ka_null(),
	                      ka_text(in->type), ka_text(names[0]), ka_text(names[1]),
	                      ka_text(names[2]), ka_text(in->status), ka_int(in->has_interval),
	                      in->has_interval && !in->interval_null ? ka_int(in->interval)
	                                                             : ka_null(),
	                      ka_int(in->has_next), ka_text(in->next ? in->next_date : NULL),
	                      ka_text(spec), ka_text(now), ka_int(t->id)},
	    14, NULL, diag);
	if (!err && (in->has_parent || in->has_position))
		err = pf_outlines_update(st, diag);
	if (!err)
		err = pf_load_process(st, t->id, t->out, diag);
	if (!err) {
		after = pf_process_json(t->out, 0);
		err =
		    http_audit(st, &t->req->actor, "update", "process", t->id, before, after, diag);
		json_decref(after);
	}
out:
	free(spec);
	json_decref(before);
	return err;
}

static int patch_process(struct http_req *req, struct http_resp *resp)
{
	struct proc_in in;
	struct proc_tx tx;
	struct ka_rows rows;
	int err;

	memset(&in, 0, sizeof(in));
	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.id);
	if (!err)
		err = decode_proc(req, resp, &in, false);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = pf_load_process(req->st, tx.id, &rows, &req->diag);
	if (!err && rows.nrows != 1)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64, tx.id);
	if (!err)
		err = pf_require_editor(req, resp, tx.id);
	if (!err && in.has_parent && !in.parent_null && !req->actor.is_admin)
		err = pf_require_editor(req, resp, in.parent_id);
	if (!err && in.has_parent && in.parent_null && !req->actor.is_admin)
		err = http_fail(resp, KA_ERR_PERM, "parent_id",
		                "only administrators make a process top-level");
	if (err) {
		ka_rows_release(&rows);
		return pf_fail(req, resp, err);
	}
	tx.req = req;
	tx.resp = resp;
	tx.in = &in;
	tx.out = &rows;
	err = ka_store_transact(req->st, patch_fn, &tx, 5, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return pf_fail(req, resp, err);
	}
	http_etag(resp, ka_rows_at(&rows, 0, 12)->i);
	http_json(resp, 200, pf_process_json(&rows, 0));
	ka_rows_release(&rows);
	return 0;
}

static int delete_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct proc_tx *t = vctx;
	struct ka_rows r;
	json_t *before;
	int err;

	err = pf_load_process(st, t->id, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64,
		                 t->id);
	err = http_if_match(t->req, t->resp, ka_rows_at(t->out, 0, 12)->i, false);
	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT COUNT(*) FROM processes WHERE parent_id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
	if (!err && ka_rows_at(&r, 0, 0)->i > 0)
		err = http_fail(t->resp, KA_ERR_CONFLICT, NULL,
		                "process %" PRId64 " has sub-processes: move or delete them first",
		                t->id);
	ka_rows_release(&r);
	if (err)
		return err;
	before = pf_process_json(t->out, 0);
	err = ka_store_exec(st, "DELETE FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = pf_outlines_update(st, diag);
	if (!err)
		err =
		    http_audit(st, &t->req->actor, "delete", "process", t->id, before, NULL, diag);
	json_decref(before);
	return err;
}

static int delete_process(struct http_req *req, struct http_resp *resp)
{
	struct proc_tx tx;
	struct ka_rows rows;
	int err;

	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.id);
	if (err)
		return err;
	ka_rows_init(&rows);
	tx.req = req;
	tx.resp = resp;
	tx.out = &rows;
	err = ka_store_transact(req->st, delete_fn, &tx, 5, &req->diag);
	ka_rows_release(&rows);
	if (err)
		return pf_fail(req, resp, err);
	resp->status = 204;
	return 0;
}

/*
 * The history of a process: the audit log entries of the process and of its
 * map versions, newest first, paged, with before and after as JSON.
 */
static int get_history(struct http_req *req, struct http_resp *resp)
{
	struct http_page pg;
	struct ka_rows rows;
	json_t *items;
	int64_t id, total;
	char idtext[32];
	int err;

	err = http_param_id(req, resp, 0, &id);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	snprintf(idtext, sizeof(idtext), "%" PRId64, id);
	ka_rows_init(&rows);
	err = pf_load_process(req->st, id, &rows, &req->diag);
	if (!err && rows.nrows != 1) {
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64, id);
	}
#define HISTORY_WHERE                                                                              \
	" FROM audit_log WHERE (object_type = 'process' AND object_id = ?) OR"                     \
	" (object_type = 'map_version' AND object_id IN (SELECT CAST(id AS TEXT)"                  \
	" FROM map_versions WHERE process_id = ?))"
	if (!err)
		err = ka_store_exec(req->st, "SELECT COUNT(*)" HISTORY_WHERE,
		                    (struct ka_val[]){ka_text(idtext), ka_int(id)}, 2, &rows,
		                    &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	total = ka_rows_at(&rows, 0, 0)->i;
	err = ka_store_exec(
	    req->st,
	    "SELECT id, at, user_id, actor, action, object_type, object_id,"
	    " before_json, after_json" HISTORY_WHERE " ORDER BY id DESC LIMIT ? OFFSET ?",
	    (struct ka_val[]){ka_text(idtext), ka_int(id), ka_int(pg.limit), ka_int(pg.offset)}, 4,
	    &rows, &req->diag);
#undef HISTORY_WHERE
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	items = http_audit_items(&rows);
	ka_rows_release(&rows);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

const struct http_route api_processes_routes[] = {
    {"GET", "/api/processes", get_processes, HTTP_READER},
    {"POST", "/api/processes", post_process, HTTP_SIGNED_IN},
    {"GET", "/api/processes/{id}", get_process, HTTP_READER},
    {"PATCH", "/api/processes/{id}", patch_process, HTTP_SIGNED_IN},
    {"DELETE", "/api/processes/{id}", delete_process, HTTP_ADMIN},
    {"GET", "/api/processes/{id}/history", get_history, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
