/*
 * The process architecture read from the database (process.h): a row as
 * JSON, one process with its current map versions, the paged and filtered
 * list and the whole tree in outline order, a process's history, the
 * stored outline numbers, and who may edit a process. The writes are in
 * process_write.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/portfolio.h"
#include "kartla/process.h"
#include "kartla/banned.h"

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *int_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? json_integer(v->i) : json_null();
}

/* A column of the process row being read. */
#define COL(name) ka_rows_at(rows, r, KA_PROCESS_COL_##name)

json_t *ka_process_row_json(const struct ka_rows *rows, size_t r)
{
	const struct ka_val *spec = COL(SPECIFICATION);
	json_t *s = spec->type == KA_VAL_TEXT ? json_loads(spec->s, 0, NULL) : NULL;

	return json_pack(
	    "{s:I, s:o, s:o, s:I, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)COL(ID)->i, "parent_id", int_or_null(COL(PARENT_ID)), "outline",
	    text_or_null(COL(OUTLINE)), "position", (json_int_t)COL(SORT_ORDER)->i, "type",
	    text_or_null(COL(TYPE)), "name", "nb", text_or_null(COL(NAME_NB)), "sv",
	    text_or_null(COL(NAME_SV)), "en", text_or_null(COL(NAME_EN)), "status",
	    text_or_null(COL(STATUS)), "review_interval_days",
	    int_or_null(COL(REVIEW_INTERVAL_DAYS)), "next_review_date",
	    text_or_null(COL(NEXT_REVIEW_DATE)), "specification", s ? s : json_object(), "version",
	    int_or_null(COL(VERSION)), "created_at", text_or_null(COL(CREATED_AT)), "updated_at",
	    text_or_null(COL(UPDATED_AT)));
}

#undef COL

const char *ka_process_row_name(const struct ka_rows *rows, size_t r)
{
	size_t c;

	for (c = KA_PROCESS_COL_NAME_NB; c <= KA_PROCESS_COL_NAME_EN; c++)
		if (ka_rows_at(rows, r, c)->type == KA_VAL_TEXT)
			return ka_rows_at(rows, r, c)->s;
	return "";
}

int ka_process_load_rows(struct ka_store *st, int64_t id, struct ka_rows *rows,
                         struct ka_diag *diag)
{
	return ka_store_exec(st, "SELECT " KA_PROCESS_COLS " FROM processes WHERE id = ?",
	                     (struct ka_val[]){ka_int(id)}, 1, rows, diag);
}

/* What the outline numbers are computed from (a top-level process has parent 0). */
#define OUTLINE_COLUMNS "id", "COALESCE(parent_id, 0)", "sort_order", "outline"
#define OUTLINE_COLS    KA_COLS_SQL(OUTLINE_COLUMNS)
enum outline_col { OC_ID, OC_PARENT_ID, OC_SORT_ORDER, OC_OUTLINE, OC_COUNT };
KA_COLS_CHECK(OUTLINE_COLUMNS, OC_COUNT);

int ka_process_outlines_update(struct ka_store *st, struct ka_diag *diag)
{
	struct ka_outline_in *in;
	char(*out)[KA_OUTLINE_MAX];
	struct ka_rows r;
	size_t i;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " OUTLINE_COLS " FROM processes", NULL, 0, &r, diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	in = ka_xcalloc(r.nrows ? r.nrows : 1, sizeof(*in));
	out = ka_xcalloc(r.nrows ? r.nrows : 1, sizeof(*out));
	for (i = 0; i < r.nrows; i++) {
		in[i].id = ka_rows_at(&r, i, OC_ID)->i;
		in[i].parent_id = ka_rows_at(&r, i, OC_PARENT_ID)->i;
		in[i].sort_order = ka_rows_at(&r, i, OC_SORT_ORDER)->i;
	}
	ka_outline_compute(in, r.nrows, out);
	for (i = 0; i < r.nrows && !err; i++) {
		const struct ka_val *old = ka_rows_at(&r, i, OC_OUTLINE);

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

int ka_process_may_edit(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                        struct ka_diag *diag)
{
	char today[KA_DATE_LEN];
	unsigned mask;
	int err;

	if (actor->is_admin)
		return 0;
	ka_date_today(today);
	err = ka_portfolio_roles(st, process_id, actor->user_id, today, &mask, diag);
	if (err)
		return err;
	if (mask & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR))
		return 0;
	return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
	                   "only the process owner, responsible/leader, a facilitator or an "
	                   "administrator may change process %" PRId64,
	                   process_id);
}

/* ---- reads, each in one read-only snapshot ---- */

/* Runs fn in a read transaction of its own, or in the caller's when one is open. */
static int in_read_tx(struct ka_store *st, int (*fn)(struct ka_store *, void *, struct ka_diag *),
                      void *ctx, struct ka_diag *diag)
{
	int err;

	if (ka_store_in_tx(st))
		return fn(st, ctx, diag);
	err = ka_store_begin_read(st);
	if (err)
		return err;
	err = fn(st, ctx, diag);
	if (err) {
		ka_store_rollback(st);
		return err;
	}
	return ka_store_commit(st);
}

/* The approved map versions of a process, one per variant. */
#define CURRENT_COLUMNS "variant", "id", "number"
#define CURRENT_COLS    KA_COLS_SQL(CURRENT_COLUMNS)
enum current_col { CC_VARIANT, CC_ID, CC_NUMBER, CC_COUNT };
KA_COLS_CHECK(CURRENT_COLUMNS, CC_COUNT);

static json_t *current_versions(struct ka_store *st, int64_t id, struct ka_diag *diag, int *err)
{
	json_t *cur = json_pack("{s:n, s:n}", "as_is", "to_be");
	struct ka_rows r;
	size_t i;

	ka_rows_init(&r);
	*err = ka_store_exec(st,
	                     "SELECT " CURRENT_COLS " FROM map_versions"
	                     " WHERE process_id = ? AND state = 'approved'",
	                     (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	for (i = 0; !*err && i < r.nrows; i++)
		json_object_set_new(cur, ka_rows_at(&r, i, CC_VARIANT)->s,
		                    json_pack("{s:I, s:I}", "id",
		                              (json_int_t)ka_rows_at(&r, i, CC_ID)->i, "number",
		                              (json_int_t)ka_rows_at(&r, i, CC_NUMBER)->i));
	ka_rows_release(&r);
	return cur;
}

struct get_ctx {
	int64_t id;
	json_t *out;
};

static int get_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct get_ctx *c = vctx;
	struct ka_rows rows;
	int err;

	ka_rows_init(&rows);
	err = ka_process_load_rows(st, c->id, &rows, diag);
	if (!err && rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  c->id);
	if (!err) {
		c->out = ka_process_row_json(&rows, 0);
		json_object_set_new(c->out, "current", current_versions(st, c->id, diag, &err));
	}
	ka_rows_release(&rows);
	return err;
}

int ka_process_get(struct ka_store *st, int64_t id, json_t **out, struct ka_diag *diag)
{
	struct get_ctx c = {id, NULL};
	int err = in_read_tx(st, get_fn, &c, diag);

	if (err) {
		json_decref(c.out);
		c.out = NULL;
	}
	*out = c.out;
	return err;
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

/* Every process row, and their order by outline in *order (ka_xcalloc'd). */
static int load_all(struct ka_store *st, struct ka_rows *rows, struct sorted **order,
                    struct ka_diag *diag)
{
	size_t i;
	int err;

	*order = NULL;
	err = ka_store_exec(st, "SELECT " KA_PROCESS_COLS " FROM processes", NULL, 0, rows, diag);
	if (err)
		return err;
	*order = ka_xcalloc(rows->nrows ? rows->nrows : 1, sizeof(**order));
	for (i = 0; i < rows->nrows; i++) {
		(*order)[i].row = i;
		(*order)[i].outline =
		    ka_rows_at(rows, i, KA_PROCESS_COL_OUTLINE)->type == KA_VAL_TEXT
		        ? ka_rows_at(rows, i, KA_PROCESS_COL_OUTLINE)->s
		        : "";
	}
	qsort(*order, rows->nrows, sizeof(**order), by_outline);
	return 0;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static const char *const statuses[] = {"draft", "in_review", "approved", "retired", NULL};
static const char *const types[] = {"core", "support", "management", NULL};

int ka_process_list(struct ka_store *st, const struct ka_process_filter *f, json_t **items,
                    int64_t *total, struct ka_diag *diag)
{
	struct ka_rows rows;
	struct sorted *order = NULL;
	bool own = !ka_store_in_tx(st);
	size_t i;
	int err;

	*items = NULL;
	*total = 0;
	if (f->status && !one_of(f->status, statuses))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "status",
		                   "status must be draft, in_review, approved or retired");
	if (f->type && !one_of(f->type, types))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "type",
		                   "type must be core, support or management");
	ka_rows_init(&rows);
	err = own ? ka_store_begin_read(st) : 0;
	if (!err)
		err = load_all(st, &rows, &order, diag);
	if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (err)
		goto out;
	*items = json_array();
	for (i = 0; i < rows.nrows; i++) {
		size_t r = order[i].row;
		const struct ka_val *p = ka_rows_at(&rows, r, KA_PROCESS_COL_PARENT_ID);

		if (f->parent == 0 && p->type == KA_VAL_INT)
			continue;
		if (f->parent > 0 && (p->type != KA_VAL_INT || p->i != f->parent))
			continue;
		if (f->status && strcmp(ka_rows_at(&rows, r, KA_PROCESS_COL_STATUS)->s, f->status))
			continue;
		if (f->type && strcmp(ka_rows_at(&rows, r, KA_PROCESS_COL_TYPE)->s, f->type))
			continue;
		if (*total >= f->offset && *total < f->offset + f->limit)
			json_array_append_new(*items, ka_process_row_json(&rows, r));
		(*total)++;
	}
out:
	free(order);
	ka_rows_release(&rows);
	return err;
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

/* The tree from the rows in outline order: a parent always precedes its children. */
static json_t *build_tree(const struct ka_rows *rows, const struct sorted *order)
{
	size_t n = rows->nrows, i;
	json_t **node = ka_xcalloc(n ? n : 1, sizeof(*node));
	struct by_id *ids = ka_xcalloc(n ? n : 1, sizeof(*ids));
	json_t *items = json_array();

	for (i = 0; i < n; i++) {
		ids[i].id = ka_rows_at(rows, i, KA_PROCESS_COL_ID)->i;
		ids[i].row = i;
	}
	qsort(ids, n, sizeof(*ids), by_id_cmp);
	for (i = 0; i < n; i++) {
		size_t r = order[i].row;
		const struct ka_val *p = ka_rows_at(rows, r, KA_PROCESS_COL_PARENT_ID);
		struct by_id key = {p->type == KA_VAL_INT ? p->i : 0, 0}, *hit;

		node[r] = ka_process_row_json(rows, r);
		json_object_set_new(node[r], "children", json_array());
		hit = key.id ? bsearch(&key, ids, n, sizeof(*ids), by_id_cmp) : NULL;
		if (hit && node[hit->row])
			json_array_append(json_object_get(node[hit->row], "children"), node[r]);
		else
			json_array_append(items, node[r]);
	}
	for (i = 0; i < n; i++)
		json_decref(node[i]);
	free(ids);
	free(node);
	return items;
}

int ka_process_tree(struct ka_store *st, json_t **items, struct ka_diag *diag)
{
	struct ka_rows rows;
	struct sorted *order = NULL;
	bool own = !ka_store_in_tx(st);
	int err;

	*items = NULL;
	ka_rows_init(&rows);
	err = own ? ka_store_begin_read(st) : 0;
	if (!err)
		err = load_all(st, &rows, &order, diag);
	if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (!err)
		*items = build_tree(&rows, order);
	free(order);
	ka_rows_release(&rows);
	return err;
}

struct history_ctx {
	int64_t id, limit, offset, total;
	json_t *items;
};

#define HISTORY_WHERE                                                                              \
	" FROM audit_log WHERE (object_type = 'process' AND object_id = ?) OR"                     \
	" (object_type = 'map_version' AND object_id IN (SELECT CAST(id AS TEXT)"                  \
	" FROM map_versions WHERE process_id = ?))"

static int history_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct history_ctx *c = vctx;
	struct ka_rows rows;
	char idtext[32];
	int err;

	snprintf(idtext, sizeof(idtext), "%" PRId64, c->id);
	ka_rows_init(&rows);
	err = ka_process_load_rows(st, c->id, &rows, diag);
	if (!err && rows.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  c->id);
	if (!err)
		err = ka_store_exec(st, "SELECT COUNT(*)" HISTORY_WHERE,
		                    (struct ka_val[]){ka_text(idtext), ka_int(c->id)}, 2, &rows,
		                    diag);
	if (!err) {
		c->total = ka_rows_at(&rows, 0, 0)->i;
		err = ka_store_exec(
		    st, "SELECT " KA_AUDIT_COLS HISTORY_WHERE " ORDER BY id DESC LIMIT ? OFFSET ?",
		    (struct ka_val[]){ka_text(idtext), ka_int(c->id), ka_int(c->limit),
		                      ka_int(c->offset)},
		    4, &rows, diag);
	}
	if (!err) {
		c->items = ka_audit_items_json(&rows);
		err = ka_audit_items_add_names(st, c->items, diag);
	}
	ka_rows_release(&rows);
	return err;
}

int ka_process_history(struct ka_store *st, int64_t id, int64_t limit, int64_t offset,
                       json_t **items, int64_t *total, struct ka_diag *diag)
{
	struct history_ctx c = {id, limit, offset, 0, NULL};
	int err = in_read_tx(st, history_fn, &c, diag);

	if (err) {
		json_decref(c.items);
		c.items = NULL;
	}
	*items = c.items;
	*total = c.total;
	return err;
}
