/*
 * Reading and writing handbook content (kartla/handbook.h): a page with
 * its children, attachments and HTML, the tree, attachments, and role
 * descriptions kept as pages. Every read goes through the visibility rule
 * of handbook.c; every write checks who may write and leaves an audit
 * entry in the same transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/forms.h"
#include "kartla/handbook.h"
#include "kartla/org.h"
#include "kartla/resource_hb.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

#define N(a)     (sizeof(a) / sizeof((a)[0]))
#define TREE_MAX 5000

/* Column c of row i as JSON (NULL, integer or string). */
static json_t *val_json(const struct ka_rows *r, size_t i, size_t c)
{
	const struct ka_val *v = ka_rows_at(r, i, c);

	if (v->type == KA_VAL_INT)
		return json_integer((json_int_t)v->i);
	if (v->type == KA_VAL_TEXT)
		return json_string(v->s);
	return json_null();
}

/* Row i as an object keyed by the column names. */
static json_t *row_json(const struct ka_rows *r, size_t i)
{
	json_t *o = json_object();
	size_t c;

	for (c = 0; c < r->ncols; c++)
		json_object_set_new(o, r->names[c], val_json(r, i, c));
	return o;
}

static json_t *rows_json(const struct ka_rows *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->nrows; i++)
		json_array_append_new(a, row_json(r, i));
	return a;
}

/* Ends a read transaction this module began. */
static int end_read(struct ka_store *st, int err)
{
	if (!ka_store_in_tx(st))
		return err;
	if (err) {
		ka_store_rollback(st);
		return err;
	}
	return ka_store_commit(st);
}

/* A page as its answer shows it (keyed by these names); the version is its ETag too. */
#define PAGE_COLUMNS                                                                               \
	"id", "parent_id", "slug", "title", "markdown", "visibility", "sort_order", "updated_at",  \
	    "version", "created_at"
#define PAGE_COLS KA_COLS_SQL(PAGE_COLUMNS)
enum page_col {
	PG_ID,
	PG_PARENT_ID,
	PG_SLUG,
	PG_TITLE,
	PG_MARKDOWN,
	PG_VISIBILITY,
	PG_SORT_ORDER,
	PG_UPDATED_AT,
	PG_VERSION,
	PG_CREATED_AT,
	PG_COUNT
};
KA_COLS_CHECK(PAGE_COLUMNS, PG_COUNT);

/* Inside a read transaction: the page, its children and attachments, its HTML. */
static int page_load(struct ka_store *st, enum ka_vis level, int64_t id, json_t **out,
                     int64_t *version, struct ka_diag *diag)
{
	struct ka_rows r;
	struct ka_buf html;
	char sql[2048];
	json_t *o = NULL;
	int err;

	ka_rows_init(&r);
	ka_buf_init(&html, KA_BUF_UNLIMITED);
	snprintf(sql, sizeof(sql), "SELECT " PAGE_COLS " FROM handbook_pages WHERE id = ? AND %s",
	         ka_handbook_readable_where);
	err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(id), ka_int(level)}, 2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such page %" PRId64, id);
	if (err)
		goto out;
	o = row_json(&r, 0);
	*version = ka_rows_at(&r, 0, PG_VERSION)->i;
	snprintf(sql, sizeof(sql),
	         "SELECT id, slug, title, visibility FROM handbook_pages"
	         " WHERE parent_id = ? AND %s ORDER BY sort_order, title, id",
	         ka_handbook_readable_where);
	err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(id), ka_int(level)}, 2, &r, diag);
	if (err)
		goto out;
	json_object_set_new(o, "children", rows_json(&r));
	err =
	    ka_store_exec(st,
	                  "SELECT id, name, mime AS content_type, size, created_at FROM attachments"
	                  " WHERE page_id = ? ORDER BY name, id",
	                  (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (err)
		goto out;
	json_object_set_new(o, "attachments", rows_json(&r));
	err = ka_handbook_html(json_string_value(json_object_get(o, "markdown")), &html);
	if (!err)
		json_object_set_new(o, "html", json_string(html.data));
out:
	if (err)
		json_decref(o);
	else
		*out = o;
	ka_buf_release(&html);
	ka_rows_release(&r);
	return err;
}

int ka_handbook_page_get(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                         json_t **out, int64_t *version, struct ka_diag *diag)
{
	enum ka_vis level = KA_VIS_EVERYONE;
	int err;

	*out = NULL;
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_handbook_reader_level(st, actor, &level, diag);
	if (!err)
		err = page_load(st, level, id, out, version, diag);
	err = end_read(st, err);
	if (err) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

/* A page in the tree. */
#define TREE_COLUMNS "id", "parent_id", "slug", "title", "visibility"
#define TREE_COLS    KA_COLS_SQL(TREE_COLUMNS)
enum tree_col { TC_ID, TC_PARENT_ID, TC_SLUG, TC_TITLE, TC_VISIBILITY, TC_COUNT };
KA_COLS_CHECK(TREE_COLUMNS, TC_COUNT);

/* Nests the rows (TREE_COLUMNS) under their parents. */
static json_t *nest(const struct ka_rows *r)
{
	json_t **nodes, *roots = json_array();
	size_t i, k;

	nodes = ka_xcalloc(r->nrows + 1, sizeof(*nodes));
	for (i = 0; i < r->nrows; i++)
		nodes[i] = json_pack(
		    "{s:I, s:s, s:s, s:s, s:[]}", "id", (json_int_t)ka_rows_at(r, i, TC_ID)->i,
		    "slug", ka_rows_at(r, i, TC_SLUG)->s, "title", ka_rows_at(r, i, TC_TITLE)->s,
		    "visibility", ka_rows_at(r, i, TC_VISIBILITY)->s, "children");
	for (i = 0; i < r->nrows; i++) {
		const struct ka_val *p = ka_rows_at(r, i, TC_PARENT_ID);

		if (p->type != KA_VAL_INT) {
			json_array_append(roots, nodes[i]);
			continue;
		}
		/* a child whose parent is not in the list (beyond the cap) is left out */
		for (k = 0; k < r->nrows; k++)
			if (ka_rows_at(r, k, TC_ID)->i == p->i) {
				json_array_append(json_object_get(nodes[k], "children"), nodes[i]);
				break;
			}
	}
	for (i = 0; i < r->nrows; i++)
		json_decref(nodes[i]);
	free(nodes);
	return roots;
}

int ka_handbook_tree(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                     struct ka_diag *diag)
{
	enum ka_vis level = KA_VIS_EVERYONE;
	struct ka_rows r;
	char sql[2048];
	int err;

	*out = NULL;
	ka_rows_init(&r);
	snprintf(sql, sizeof(sql),
	         "SELECT " TREE_COLS " FROM handbook_pages"
	         " WHERE %s ORDER BY sort_order, title, id LIMIT ?",
	         ka_handbook_readable_where);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_handbook_reader_level(st, actor, &level, diag);
	if (!err)
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(level), ka_int(TREE_MAX)}, 2,
		                    &r, diag);
	err = end_read(st, err);
	if (!err)
		*out = nest(&r);
	ka_rows_release(&r);
	return err;
}

/* ---- attachments ---- */

static const char *const allowed_types[] = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.visio",
    "application/zip",
};

static const char *allowed_type(const char *t)
{
	size_t i;

	for (i = 0; t && i < N(allowed_types); i++)
		if (!strcmp(allowed_types[i], t))
			return allowed_types[i];
	return NULL;
}

static bool name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || *p == '.')
		return false;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == '"')
			return false;
	return true;
}

void ka_handbook_file_release(struct ka_handbook_file *f)
{
	free(f->bytes);
	memset(f, 0, sizeof(*f));
}

struct att_tx {
	const struct ka_actor *actor;
	int64_t page, id;
	const struct ka_handbook_file *f;
};

static int att_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct att_tx *t = vctx;
	struct ka_rows r;
	json_t *after;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM handbook_pages WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->page)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such page %" PRId64,
		                  t->page);
	if (!err)
		err = ka_handbook_page_may_write(st, t->actor, t->page, diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO attachments (page_id, name, mime, size, bytes, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_int(t->page), ka_text(t->f->name),
		                      ka_text(t->f->content_type), ka_int((int64_t)t->f->len),
		                      ka_blob(t->f->bytes, t->f->len), ka_int(t->actor->user_id)},
		    6, &r, diag);
	if (err == KA_ERR_CONFLICT)
		err = ka_diag_set(diag, err, 0, 0, "name",
		                  "the page has an attachment named '%s' already", t->f->name);
	if (!err) {
		t->id = ka_rows_at(&r, 0, 0)->i;
		after = json_pack("{s:I, s:s, s:s, s:I}", "page_id", (json_int_t)t->page, "name",
		                  t->f->name, "content_type", t->f->content_type, "size",
		                  (json_int_t)t->f->len);
		err =
		    ka_audit_write(st, t->actor, "create", "attachment", t->id, NULL, after, diag);
		json_decref(after);
	}
	ka_rows_release(&r);
	return err;
}

int ka_handbook_attachment_add(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                               struct ka_handbook_file *f, int64_t *id, struct ka_diag *diag)
{
	struct att_tx tx = {actor, page_id, 0, f};
	int err = ka_res_can_write(st, actor, KA_RES_PERM_FACILITATOR, diag);

	if (err)
		return err;
	if (!name_ok(f->name))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "name",
		                   "a file name has no '/', '\\', '\"' or control characters and "
		                   "does not start with '.'");
	err = ka_handbook_title_check(f->name, "name", diag);
	if (err)
		return err;
	f->content_type = allowed_type(f->content_type);
	if (!f->content_type)
		return ka_diag_set(
		    diag, KA_ERR_INVALID, 0, 0, "content_type",
		    "content_type must be one of the allowed types (PDF, PNG, JPEG, GIF, "
		    "plain text, CSV, Office and OpenDocument files, Visio, ZIP)");
	if (f->len > KA_HANDBOOK_ATTACHMENT_MAX)
		return ka_diag_set(diag, KA_ERR_TOO_BIG, 0, 0, "data",
		                   "an attachment has at most %d bytes",
		                   KA_HANDBOOK_ATTACHMENT_MAX);
	err = ka_store_transact(st, att_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (!err)
		*id = tx.id;
	return err;
}

/* An attachment's download. */
#define FILE_COLUMNS "name", "mime", "bytes"
#define FILE_COLS    KA_COLS_SQL(FILE_COLUMNS)
enum file_col { FC_NAME, FC_MIME, FC_BYTES, FC_COUNT };
KA_COLS_CHECK(FILE_COLUMNS, FC_COUNT);

int ka_handbook_attachment_get(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                               struct ka_handbook_file *out, struct ka_diag *diag)
{
	enum ka_vis level = KA_VIS_EVERYONE;
	struct ka_rows r;
	char sql[2048];
	const struct ka_val *b;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&r);
	snprintf(sql, sizeof(sql),
	         "SELECT " FILE_COLS " FROM attachments WHERE id = ? AND page_id IN"
	         " (SELECT id FROM handbook_pages WHERE %s)",
	         ka_handbook_readable_where);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_handbook_reader_level(st, actor, &level, diag);
	if (!err)
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(id), ka_int(level)}, 2, &r,
		                    diag);
	err = end_read(st, err);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such attachment %" PRId64,
		                  id);
	if (!err) {
		const char *name = ka_rows_at(&r, 0, FC_NAME)->s;
		size_t nlen = strlen(name);

		b = ka_rows_at(&r, 0, FC_BYTES);
		out->content_type = allowed_type(ka_rows_at(&r, 0, FC_MIME)->s);
		if (!out->content_type)
			out->content_type = "application/octet-stream";
		/* one block: the bytes, then the name */
		out->len = b->len;
		out->bytes = ka_xmalloc(b->len + nlen + 1);
		if (b->len)
			memcpy(out->bytes, b->s, b->len);
		memcpy(out->bytes + b->len, name, nlen + 1);
		out->name = (const char *)out->bytes + b->len;
	}
	ka_rows_release(&r);
	return err;
}

int ka_handbook_attachment_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                  const char *if_match, char etag[KA_RES_ETAG_LEN],
                                  struct ka_diag *diag)
{
	struct ka_rows r;
	int err = 0;

	ka_rows_init(&r);
	if (!actor->is_admin)
		err = ka_store_exec(st, "SELECT page_id FROM attachments WHERE id = ?",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && r.nrows)
		err = ka_handbook_page_may_write(st, actor, ka_rows_at(&r, 0, 0)->i, diag);
	ka_rows_release(&r);
	if (!err)
		err = ka_res_delete(st, actor, &ka_res_hb_attachments, id, if_match, etag, diag);
	return err;
}

int ka_handbook_page_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                            const char *if_match, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	int err = ka_handbook_page_may_write(st, actor, id, diag);

	if (!err)
		err = ka_res_delete(st, actor, &ka_res_hb_pages, id, if_match, etag, diag);
	return err;
}

/* ---- role descriptions: the fixed outline as a handbook page ---- */

/* A role's description: its page (NULL when none yet) and the form with its fields. */
#define ROLE_DESC_COLUMNS                                                                          \
	"r.description_page_id", "p.markdown", "p.version",                                        \
	    "(SELECT body FROM forms f WHERE f.template = 'role_description' AND f.title = ?)"
#define ROLE_DESC_COLS KA_COLS_SQL(ROLE_DESC_COLUMNS)
enum role_desc_col { RD_PAGE_ID, RD_MARKDOWN, RD_VERSION, RD_FIELDS, RD_COUNT };
KA_COLS_CHECK(ROLE_DESC_COLUMNS, RD_COUNT);

int ka_handbook_role_get(struct ka_store *st, const struct ka_actor *actor, int64_t role_id,
                         json_t **out, int64_t *version, struct ka_diag *diag)
{
	struct ka_rows r;
	struct ka_buf html;
	char key[32];
	json_t *fields = NULL;
	bool ok = false;
	int err;

	*out = NULL;
	ka_rows_init(&r);
	ka_buf_init(&html, KA_BUF_UNLIMITED);
	snprintf(key, sizeof(key), "role:%" PRId64, role_id);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT " ROLE_DESC_COLS " FROM roles r"
		                    " LEFT JOIN handbook_pages p ON p.id = r.description_page_id"
		                    " WHERE r.id = ?",
		                    (struct ka_val[]){ka_text(key), ka_int(role_id)}, 2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such role %" PRId64,
		                  role_id);
	/* the page follows the handbook's rule: one the reader may not read is not there */
	if (!err && ka_rows_at(&r, 0, RD_PAGE_ID)->type == KA_VAL_INT)
		err = ka_handbook_can_read(st, actor, ka_rows_at(&r, 0, RD_PAGE_ID)->i, &ok, diag);
	if (!err && !ok)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "role %" PRId64 " has no description yet", role_id);
	err = end_read(st, err);
	if (!err)
		err = ka_handbook_html(ka_rows_at(&r, 0, RD_MARKDOWN)->s, &html);
	if (err)
		goto out;
	*version = ka_rows_at(&r, 0, RD_VERSION)->i;
	if (ka_rows_at(&r, 0, RD_FIELDS)->type == KA_VAL_TEXT)
		fields = json_loads(ka_rows_at(&r, 0, RD_FIELDS)->s, 0, NULL);
	*out = json_pack("{s:I, s:I, s:o, s:s, s:s}", "role_id", (json_int_t)role_id, "page_id",
	                 (json_int_t)ka_rows_at(&r, 0, RD_PAGE_ID)->i, "fields",
	                 fields ? fields : json_object(), "markdown",
	                 ka_rows_at(&r, 0, RD_MARKDOWN)->s, "html", html.data);
out:
	ka_buf_release(&html);
	ka_rows_release(&r);
	return err;
}

struct desc_tx {
	const struct ka_actor *actor;
	const json_t *fields;
	int64_t role_id, page_id, if_match, current;
};

/*
 * The role's name, its description page (NULL when none yet), that page's
 * version, and the page's language: the role scheme's (bokmål for the
 * university model, Swedish for the municipality model, else English), with
 * the role's name in it.
 */
#define DESC_PAGE_COLUMNS                                                                          \
	"CASE (SELECT preset FROM role_schemes s WHERE s.id = roles.scheme_id)"                    \
	" WHEN 'university' THEN COALESCE(name_nb, name_en, name_sv)"                              \
	" WHEN 'municipality' THEN COALESCE(name_sv, name_en, name_nb)"                            \
	" ELSE COALESCE(name_en, name_nb, name_sv) END",                                           \
	    "description_page_id",                                                                 \
	    "(SELECT version FROM handbook_pages p WHERE p.id = roles.description_page_id)",       \
	    "CASE (SELECT preset FROM role_schemes s WHERE s.id = roles.scheme_id)"                \
	    " WHEN 'university' THEN 'nb' WHEN 'municipality' THEN 'sv' ELSE 'en' END"
#define DESC_PAGE_COLS KA_COLS_SQL(DESC_PAGE_COLUMNS)
enum desc_page_col { DP_NAME, DP_PAGE_ID, DP_VERSION, DP_LANG, DP_COUNT };
KA_COLS_CHECK(DESC_PAGE_COLUMNS, DP_COUNT);

/* Inside the transaction: the page of the description, created on first write. */
static int desc_page(struct ka_store *st, struct desc_tx *t, struct ka_diag *diag)
{
	struct ka_rows r;
	struct ka_buf md;
	char slug[96], title[300];
	const char *name, *lang;
	int64_t version;
	int err;

	ka_rows_init(&r);
	ka_buf_init(&md, KA_BUF_UNLIMITED);
	err = ka_store_exec(st, "SELECT " DESC_PAGE_COLS " FROM roles WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->role_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such role %" PRId64,
		                  t->role_id);
	if (err)
		goto out;
	name = ka_rows_at(&r, 0, DP_NAME)->s;
	lang = ka_rows_at(&r, 0, DP_LANG)->s;
	snprintf(title, sizeof(title), "%s: %s", ka_handbook_role_title(lang), name);
	snprintf(slug, sizeof(slug), "role-%" PRId64, t->role_id);
	err = ka_handbook_role_markdown(name, lang, t->fields, &md);
	t->page_id = ka_rows_at(&r, 0, DP_PAGE_ID)->type == KA_VAL_INT
	                 ? ka_rows_at(&r, 0, DP_PAGE_ID)->i
	                 : 0;
	/* the description's ETag is its page's version */
	version = t->page_id ? ka_rows_at(&r, 0, DP_VERSION)->i : 0;
	t->current = version;
	if (!err && t->if_match != -1 && t->if_match != version)
		err = ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
		                  "the resource has changed since you read it (current ETag"
		                  " \"v%" PRId64 "\"); read it again and retry",
		                  version);
	if (err)
		goto out;
	if (t->page_id) {
		err =
		    ka_store_exec(st,
		                  "UPDATE handbook_pages SET title = ?, markdown = ?,"
		                  " version = version + 1, updated_by = ? WHERE id = ?",
		                  (struct ka_val[]){ka_text(title), ka_text(md.data),
		                                    ka_int(t->actor->user_id), ka_int(t->page_id)},
		                  4, NULL, diag);
		goto out;
	}
	/* the slug may be taken by a page someone wrote: then it gets a suffix */
	err = ka_store_exec(
	    st,
	    "INSERT INTO handbook_pages (slug, title, markdown, updated_by)"
	    " VALUES (? || CASE WHEN EXISTS (SELECT 1 FROM handbook_pages WHERE parent_id IS NULL"
	    " AND slug = ?) THEN '-' || CAST((SELECT COUNT(*) FROM handbook_pages) AS TEXT)"
	    " ELSE '' END, ?, ?, ?) RETURNING id",
	    (struct ka_val[]){ka_text(slug), ka_text(slug), ka_text(title), ka_text(md.data),
	                      ka_int(t->actor->user_id)},
	    5, &r, diag);
	if (!err)
		t->page_id = ka_rows_at(&r, 0, 0)->i;
	if (!err)
		err = ka_store_exec(st, "UPDATE roles SET description_page_id = ? WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->page_id), ka_int(t->role_id)}, 2,
		                    NULL, diag);
out:
	ka_buf_release(&md);
	ka_rows_release(&r);
	return err;
}

/* The form that keeps a role description's fields. */
#define DESC_FORM_COLUMNS "id", "body"
#define DESC_FORM_COLS    KA_COLS_SQL(DESC_FORM_COLUMNS)
enum desc_form_col { DF_ID, DF_BODY, DF_COUNT };
KA_COLS_CHECK(DESC_FORM_COLUMNS, DF_COUNT);

static int desc_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct desc_tx *t = vctx;
	json_t *before = NULL, *after = NULL;
	struct ka_rows r;
	char key[32], *fields = NULL;
	int err;

	ka_rows_init(&r);
	err = desc_page(st, t, diag);
	/* the structured fields, for editing again: a role_description form keyed by the role */
	snprintf(key, sizeof(key), "role:%" PRId64, t->role_id);
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT " DESC_FORM_COLS " FROM forms"
		                    " WHERE template = 'role_description'"
		                    " AND title = ?",
		                    (struct ka_val[]){ka_text(key)}, 1, &r, diag);
	if (err)
		goto out;
	fields = json_dumps(t->fields, JSON_COMPACT | JSON_SORT_KEYS);
	if (r.nrows) {
		before = json_loads(ka_rows_at(&r, 0, DF_BODY)->s, 0, NULL);
		err = ka_store_exec(
		    st,
		    "UPDATE forms SET body = ?, version = version + 1, updated_by = ? WHERE id = ?",
		    (struct ka_val[]){ka_text(fields), ka_int(t->actor->user_id),
		                      ka_int(ka_rows_at(&r, 0, DF_ID)->i)},
		    3, NULL, diag);
	} else {
		err = ka_store_exec(
		    st,
		    "INSERT INTO forms (template, title, body, updated_by)"
		    " VALUES ('role_description', ?, ?, ?)",
		    (struct ka_val[]){ka_text(key), ka_text(fields), ka_int(t->actor->user_id)}, 3,
		    NULL, diag);
	}
	if (!err)
		err = ka_handbook_index_vis(st, diag);
	after = json_deep_copy(t->fields);
	json_object_set_new(after, "page_id", json_integer((json_int_t)t->page_id));
	if (!err)
		err = ka_audit_write(st, t->actor, "update", "role_description", t->role_id, before,
		                     after, diag);
out:
	free(fields);
	json_decref(before);
	json_decref(after);
	ka_rows_release(&r);
	return err;
}

int ka_handbook_role_put(struct ka_store *st, const struct ka_actor *actor, int64_t role_id,
                         const json_t *fields, int64_t if_match, int64_t *current,
                         struct ka_diag *diag)
{
	struct desc_tx tx = {actor, fields, role_id, 0, if_match, 0};
	int err;

	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in first");
	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only administrators may change this");
	if (ka_form_validate_diag("role_description", fields, diag))
		return KA_ERR_INVALID;
	err = ka_store_transact(st, desc_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err == KA_ERR_STALE)
		*current = tx.current;
	return err;
}
