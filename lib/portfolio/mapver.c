/*
 * Map versions (mapver.h): the row and its JSON, reading versions (one, a
 * page, the current one), what other rows say about a version (links to
 * child processes, approvals and comments), comparing two versions, and
 * the one writer of a version's element index. Creating and editing
 * versions is in mapver_write.c, governance in governance.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/cols.h"
#include "kartla/map_json.h"
#include "kartla/portfolio.h"
#include "mapver_int.h"
#include "kartla/banned.h"

/* A map version row, in the order from_row reads it. */
#define VER_COLUMNS                                                                                \
	"id", "process_id", "variant", "number", "state", "findings", "specification",             \
	    "author_id", "created_at", "submitted_at", "decided_by", "decided_at", "comment",      \
	    "version", "bpmn"
#define VER_COLS KA_COLS_SQL(VER_COLUMNS)
enum ver_col {
	VC_ID,
	VC_PROCESS_ID,
	VC_VARIANT,
	VC_NUMBER,
	VC_STATE,
	VC_FINDINGS,
	VC_SPECIFICATION,
	VC_AUTHOR_ID,
	VC_CREATED_AT,
	VC_SUBMITTED_AT,
	VC_DECIDED_BY,
	VC_DECIDED_AT,
	VC_COMMENT,
	VC_VERSION,
	VC_BPMN,
	VC_COUNT
};
KA_COLS_CHECK(VER_COLUMNS, VC_COUNT);

/* ---- the row ---- */

void ka_mapver_init(struct ka_mapver *v)
{
	memset(v, 0, sizeof(*v));
}

void ka_mapver_release(struct ka_mapver *v)
{
	free(v->variant);
	free(v->state);
	free(v->findings);
	free(v->specification);
	free(v->created_at);
	free(v->submitted_at);
	free(v->decided_at);
	free(v->comment);
	free(v->bpmn);
	ka_mapver_init(v);
}

static char *text_of(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? ka_xstrndup(v->s, v->len) : NULL;
}

static int64_t int_of(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? v->i : 0;
}

static void from_row(struct ka_mapver *v, const struct ka_rows *r, size_t i)
{
	ka_mapver_release(v);
	v->id = int_of(ka_rows_at(r, i, VC_ID));
	v->process_id = int_of(ka_rows_at(r, i, VC_PROCESS_ID));
	v->variant = text_of(ka_rows_at(r, i, VC_VARIANT));
	v->number = int_of(ka_rows_at(r, i, VC_NUMBER));
	v->state = text_of(ka_rows_at(r, i, VC_STATE));
	v->findings = text_of(ka_rows_at(r, i, VC_FINDINGS));
	v->specification = text_of(ka_rows_at(r, i, VC_SPECIFICATION));
	v->author_id = int_of(ka_rows_at(r, i, VC_AUTHOR_ID));
	v->created_at = text_of(ka_rows_at(r, i, VC_CREATED_AT));
	v->submitted_at = text_of(ka_rows_at(r, i, VC_SUBMITTED_AT));
	v->decided_by = int_of(ka_rows_at(r, i, VC_DECIDED_BY));
	v->decided_at = text_of(ka_rows_at(r, i, VC_DECIDED_AT));
	v->comment = text_of(ka_rows_at(r, i, VC_COMMENT));
	v->version = int_of(ka_rows_at(r, i, VC_VERSION));
	v->bpmn = text_of(ka_rows_at(r, i, VC_BPMN));
	v->bpmn_len = v->bpmn ? ka_rows_at(r, i, VC_BPMN)->len : 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *parsed_or_null(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_null();
}

json_t *ka_mapver_to_json(const struct ka_mapver *v, bool with_body)
{
	json_t *findings = parsed_or_null(v->findings), *counts;
	json_t *j = json_pack("{s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "id",
	                      (json_int_t)v->id, "process_id", (json_int_t)v->process_id, "variant",
	                      str_or_null(v->variant), "number", (json_int_t)v->number, "state",
	                      str_or_null(v->state), "author_id", id_or_null(v->author_id),
	                      "created_at", str_or_null(v->created_at), "submitted_at",
	                      str_or_null(v->submitted_at), "decided_by", id_or_null(v->decided_by),
	                      "decided_at", str_or_null(v->decided_at), "comment",
	                      str_or_null(v->comment), "version", (json_int_t)v->version);

	counts = json_is_object(findings) ? json_object_get(findings, "counts") : NULL;
	json_object_set(j, "counts", counts ? counts : json_null());
	if (with_body) {
		json_t *list =
		    json_is_object(findings) ? json_object_get(findings, "findings") : NULL;

		json_object_set_new(j, "bpmn", str_or_null(v->bpmn));
		if (list)
			json_object_set(j, "findings", list);
		else
			json_object_set_new(j, "findings", json_array());
		json_object_set_new(j, "specification", parsed_or_null(v->specification));
	}
	json_decref(findings);
	return j;
}

void ka_mapver_calls_release(struct ka_mapver_calls *c)
{
	size_t i;

	for (i = 0; i < 2 * c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

json_t *ka_mapver_full_json(const struct ka_mapver *v, struct ka_mapver_calls *calls)
{
	json_t *j = ka_mapver_to_json(v, true);
	struct ka_map_rows mr = {NULL, 0};
	struct ka_map *m = NULL;
	struct ka_diag d;
	size_t i;

	if (calls) {
		calls->v = NULL;
		calls->n = 0;
	}
	ka_diag_init(&d, "map.bpmn");
	/* The stored findings are the checker's: only the model is needed here. */
	if (!v->bpmn || ka_map_load(&m, NULL, v->bpmn, v->bpmn_len, KA_MAPVER_BPMN_MAX, &d))
		return j;
	json_object_set_new(j, "model", ka_map_to_json(m));
	ka_map_rows_build(m, &mr);
	for (i = 0; calls && i < mr.n; i++) {
		if (!mr.v[i].called)
			continue;
		calls->v = ka_xreallocarray(calls->v, 2 * (calls->n + 1), sizeof(*calls->v));
		calls->v[2 * calls->n] = ka_xstrdup(mr.v[i].element_id);
		calls->v[2 * calls->n + 1] = ka_xstrdup(mr.v[i].called);
		calls->n++;
	}
	ka_map_rows_release(&mr);
	ka_map_free(m);
	return j;
}

/* ---- shared with governance.c (mapver_int.h) ---- */

int mapver_load(struct ka_store *st, int64_t pid, int64_t vid, struct ka_mapver *out, bool *found,
                struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	*found = false;
	err = ka_store_exec(st,
	                    "SELECT " VER_COLS " FROM map_versions WHERE id = ?"
	                    " AND (process_id = ? OR ? = 0)",
	                    (struct ka_val[]){ka_int(vid), ka_int(pid), ka_int(pid)}, 3, &r, diag);
	if (!err && r.nrows == 1) {
		from_row(out, &r, 0);
		*found = true;
	}
	ka_rows_release(&r);
	return err;
}

int mapver_process_exists(struct ka_store *st, int64_t pid, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(pid)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  pid);
	ka_rows_release(&r);
	return err;
}

int mapver_stale(struct ka_diag *diag, int64_t current)
{
	return ka_diag_set(diag, KA_ERR_STALE, 0, 0, NULL,
	                   "the resource has changed since you read it (current ETag \"v%" PRId64
	                   "\"); read it again and retry",
	                   current);
}

int mapver_read(struct ka_store *st,
                int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag), void *ctx,
                struct ka_diag *diag)
{
	int err;

	if (ka_store_in_tx(st))
		return fn(st, ctx, diag);
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	err = fn(st, ctx, diag);
	if (err) {
		ka_store_rollback(st);
		return err;
	}
	err = ka_store_commit(st);
	if (err)
		ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	return err;
}

static int check_variant(const char *v, int code, struct ka_diag *diag)
{
	if (v && strcmp(v, "as_is") && strcmp(v, "to_be"))
		return ka_diag_set(diag, code, 0, 0, "variant",
		                   "variant must be 'as_is' or 'to_be'");
	return 0;
}

/* ---- reading ---- */

struct get_ctx {
	int64_t pid, vid;
	struct ka_mapver *out;
};

static int get_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct get_ctx *c = vctx;
	bool found;
	int err = mapver_load(st, c->pid, c->vid, c->out, &found, diag);

	if (!err && !found)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "no map version %" PRId64 " of process %" PRId64, c->vid, c->pid);
	return err;
}

int ka_mapver_get(struct ka_store *st, int64_t process_id, int64_t version_id,
                  struct ka_mapver *out, struct ka_diag *diag)
{
	struct get_ctx c = {process_id, version_id, out};

	return mapver_read(st, get_fn, &c, diag);
}

struct list_ctx {
	int64_t pid, limit, offset;
	const char *variant;
	json_t **items;
	int64_t *total;
};

static int list_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct list_ctx *c = vctx;
	const char *v = c->variant ? c->variant : "";
	struct ka_mapver mv;
	struct ka_rows r;
	size_t i;
	int err;

	err = mapver_process_exists(st, c->pid, diag);
	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT COUNT(*) FROM map_versions WHERE process_id = ?"
	                    " AND (variant = ? OR ? = '')",
	                    (struct ka_val[]){ka_int(c->pid), ka_text(v), ka_text(v)}, 3, &r, diag);
	if (!err)
		*c->total = ka_rows_at(&r, 0, 0)->i;
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT " VER_COLS " FROM map_versions WHERE process_id = ?"
		                    " AND (variant = ? OR ? = '')"
		                    " ORDER BY variant, number DESC, id LIMIT ? OFFSET ?",
		                    (struct ka_val[]){ka_int(c->pid), ka_text(v), ka_text(v),
		                                      ka_int(c->limit), ka_int(c->offset)},
		                    5, &r, diag);
	if (!err) {
		*c->items = json_array();
		ka_mapver_init(&mv);
		for (i = 0; i < r.nrows; i++) {
			from_row(&mv, &r, i);
			json_array_append_new(*c->items, ka_mapver_to_json(&mv, false));
		}
		ka_mapver_release(&mv);
	}
	ka_rows_release(&r);
	return err;
}

int ka_mapver_list(struct ka_store *st, int64_t process_id, const char *variant, int64_t limit,
                   int64_t offset, json_t **items, int64_t *total, struct ka_diag *diag)
{
	struct list_ctx c = {process_id, limit, offset, variant, items, total};
	int err;

	*items = NULL;
	*total = 0;
	err = check_variant(variant, KA_ERR_USAGE, diag);
	if (!err)
		err = mapver_read(st, list_fn, &c, diag);
	if (err) {
		json_decref(*items);
		*items = NULL;
	}
	return err;
}

struct current_ctx {
	int64_t pid;
	const char *variant;
	int64_t *vid, *rowver;
};

/* The approved version of a variant. */
#define CURRENT_COLUMNS "id", "version"
#define CURRENT_COLS    KA_COLS_SQL(CURRENT_COLUMNS)
enum current_col { CUR_ID, CUR_VERSION, CUR_COUNT };
KA_COLS_CHECK(CURRENT_COLUMNS, CUR_COUNT);

static int current_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct current_ctx *c = vctx;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT " CURRENT_COLS " FROM map_versions WHERE process_id = ?"
	                    " AND variant = ? AND state = 'approved'",
	                    (struct ka_val[]){ka_int(c->pid), ka_text(c->variant)}, 2, &r, diag);
	if (!err && r.nrows == 1) {
		*c->vid = ka_rows_at(&r, 0, CUR_ID)->i;
		*c->rowver = ka_rows_at(&r, 0, CUR_VERSION)->i;
	} else if (!err) {
		err = mapver_process_exists(st, c->pid, diag);
		if (!err)
			err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
			                  "process %" PRId64 " has no approved %s map yet", c->pid,
			                  c->variant);
	}
	ka_rows_release(&r);
	return err;
}

int ka_mapver_current(struct ka_store *st, int64_t process_id, const char *variant,
                      int64_t *version_id, int64_t *rowver, struct ka_diag *diag)
{
	struct current_ctx c = {process_id, variant ? variant : "as_is", version_id, rowver};
	int err;

	*version_id = 0;
	*rowver = 0;
	err = check_variant(c.variant, KA_ERR_USAGE, diag);
	return err ? err : mapver_read(st, current_fn, &c, diag);
}

/* ---- links and approvals ---- */

int mapver_links(struct ka_store *st, int64_t pid, const char *const *calls, size_t n,
                 json_t *links, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i;
	int err = 0;

	ka_rows_init(&r);
	for (i = 0; i < n && !err; i++) {
		const char *called = calls[2 * i + 1], *c = called;
		int64_t child;
		char *end;

		if (!strncmp(c, "kartla:", 7))
			c += 7;
		child = strtoll(c, &end, 10);
		if (*end || child < 1)
			child = 0;
		err = ka_store_exec(st,
		                    "SELECT id FROM processes WHERE parent_id = ? AND (id = ?"
		                    " OR name_nb = ? OR name_sv = ? OR name_en = ?) ORDER BY id",
		                    (struct ka_val[]){ka_int(pid), ka_int(child), ka_text(c),
		                                      ka_text(c), ka_text(c)},
		                    5, &r, diag);
		child = !err && r.nrows > 0 ? ka_rows_at(&r, 0, 0)->i : 0;
		json_array_append_new(links,
		                      json_pack("{s:s, s:s, s:o}", "element_id", calls[2 * i],
		                                "called", called, "process_id", id_or_null(child)));
	}
	ka_rows_release(&r);
	return err;
}

static json_t *val_text(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

/* An approval or rejection of a version, with who did it. */
#define APPROVAL_COLUMNS "a.action", "a.actor_id", "u.login", "a.at", "a.comment", "u.display_name"
#define APPROVAL_COLS    KA_COLS_SQL(APPROVAL_COLUMNS)
enum approval_col { AC_ACTION, AC_ACTOR_ID, AC_LOGIN, AC_AT, AC_COMMENT, AC_NAME, AC_COUNT };
KA_COLS_CHECK(APPROVAL_COLUMNS, AC_COUNT);

static int approvals_of(struct ka_store *st, int64_t vid, json_t *out, struct ka_diag *diag)
{
	struct ka_rows ap;
	size_t i;
	int err;

	ka_rows_init(&ap);
	err = ka_store_exec(st,
	                    "SELECT " APPROVAL_COLS " FROM approvals a"
	                    " LEFT JOIN users u ON u.id = a.actor_id WHERE a.version_id = ?"
	                    " ORDER BY a.id",
	                    (struct ka_val[]){ka_int(vid)}, 1, &ap, diag);
	for (i = 0; !err && i < ap.nrows; i++)
		json_array_append_new(
		    out, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "action",
		                   val_text(ka_rows_at(&ap, i, AC_ACTION)), "actor_id",
		                   id_or_null(int_of(ka_rows_at(&ap, i, AC_ACTOR_ID))), "actor",
		                   val_text(ka_rows_at(&ap, i, AC_LOGIN)), "at",
		                   val_text(ka_rows_at(&ap, i, AC_AT)), "comment",
		                   val_text(ka_rows_at(&ap, i, AC_COMMENT)), "actor_name",
		                   val_text(ka_rows_at(&ap, i, AC_NAME))));
	ka_rows_release(&ap);
	return err;
}

struct extras_ctx {
	int64_t pid, vid;
	const char *const *calls;
	size_t n;
	json_t *links, *approvals;
};

static int extras_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct extras_ctx *c = vctx;
	int err;

	json_array_clear(c->links);
	json_array_clear(c->approvals);
	err = mapver_links(st, c->pid, c->calls, c->n, c->links, diag);
	if (!err && c->approvals)
		err = approvals_of(st, c->vid, c->approvals, diag);
	return err;
}

int ka_mapver_extras(struct ka_store *st, int64_t process_id, int64_t version_id,
                     const char *const *calls, size_t n, json_t **links, json_t **approvals,
                     struct ka_diag *diag)
{
	struct extras_ctx c = {process_id, version_id,   calls,
	                       n,          json_array(), approvals ? json_array() : NULL};
	int err = mapver_read(st, extras_fn, &c, diag);

	if (err) {
		json_decref(c.links);
		json_decref(c.approvals);
		c.links = c.approvals = NULL;
	}
	*links = c.links;
	if (approvals)
		*approvals = c.approvals;
	return err;
}

/* ---- compare ---- */

struct cmp_ctx {
	int64_t pid, from, to;
	struct ka_mapver a, b;
	char *proc_spec;
};

static int cmp_side(struct ka_store *st, int64_t pid, int64_t vid, const char *param,
                    struct ka_mapver *out, struct ka_diag *diag)
{
	bool found;
	int err = mapver_load(st, pid, vid, out, &found, diag);

	if (!err && !found)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, param,
		                  "no map version %" PRId64 " of process %" PRId64, vid, pid);
	return err;
}

static int cmp_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct cmp_ctx *c = vctx;
	struct ka_rows r;
	int err;

	err = mapver_process_exists(st, c->pid, diag);
	if (!err)
		err = cmp_side(st, c->pid, c->from, "from", &c->a, diag);
	if (!err)
		err = cmp_side(st, c->pid, c->to, "to", &c->b, diag);
	if (err)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT specification FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(c->pid)}, 1, &r, diag);
	free(c->proc_spec);
	c->proc_spec = !err && r.nrows == 1 ? text_of(ka_rows_at(&r, 0, 0)) : NULL;
	ka_rows_release(&r);
	return err;
}

static struct ka_map *map_of(const struct ka_mapver *v)
{
	struct ka_map *m = NULL;
	struct ka_diag d;

	ka_diag_init(&d, "map.bpmn");
	if (!v->bpmn || ka_map_load(&m, NULL, v->bpmn, v->bpmn_len, KA_MAPVER_BPMN_MAX, &d))
		return NULL;
	return m;
}

int ka_mapver_compare(struct ka_store *st, int64_t process_id, int64_t from, int64_t to,
                      json_t **out, struct ka_diag *diag)
{
	struct cmp_ctx c = {process_id, from, to, {0}, {0}, NULL};
	struct ka_map *a = NULL, *b = NULL;
	json_t *sa = NULL, *sb = NULL, *cur = NULL;
	int err;

	*out = NULL;
	ka_mapver_init(&c.a);
	ka_mapver_init(&c.b);
	err = mapver_read(st, cmp_fn, &c, diag);
	if (err)
		goto out;
	a = map_of(&c.a);
	b = map_of(&c.b);
	sa = parsed_or_null(c.a.specification);
	sb = parsed_or_null(c.b.specification);
	cur = c.proc_spec ? json_loads(c.proc_spec, 0, NULL) : NULL;
	*out = ka_map_diff(a, b);
	/* A version without its own specification proposes no change: the process's. */
	json_object_set_new(
	    *out, "specification",
	    ka_spec_diff(json_is_object(sa) ? sa : cur, json_is_object(sb) ? sb : cur));
	json_object_set_new(*out, "from", ka_mapver_to_json(&c.a, false));
	json_object_set_new(*out, "to", ka_mapver_to_json(&c.b, false));
out:
	ka_map_free(a);
	ka_map_free(b);
	json_decref(sa);
	json_decref(sb);
	json_decref(cur);
	free(c.proc_spec);
	ka_mapver_release(&c.a);
	ka_mapver_release(&c.b);
	return err;
}

/* ---- the element index ---- */

/* The element's name and its translations, "Register application / Registrere søknad / ...". */
static void all_names(const struct ka_el *el, struct ka_buf *out)
{
	const struct ka_xml_node *t = NULL;
	const char *lang, *text;

	ka_buf_reset(out);
	if (el->name)
		ka_buf_adds(out, el->name);
	while ((t = ka_el_next_translation(el, t, &lang, &text))) {
		if (!text || !*text || (el->name && !strcmp(text, el->name)))
			continue;
		if (out->len)
			ka_buf_adds(out, " / ");
		ka_buf_adds(out, text);
	}
}

/*
 * The element's names by language as JSON, {"": name, "nb": ..., "sv": ...}
 * ("" the name without a language), for search to title a hit in the
 * reader's language (lib/search); NULL when it has none. Caller frees.
 */
static char *names_json(const struct ka_el *el)
{
	const struct ka_xml_node *t = NULL;
	const char *lang, *text;
	json_t *o = json_object();
	char *s;

	if (el->name && *el->name)
		json_object_set_new(o, "", json_string(el->name));
	while ((t = ka_el_next_translation(el, t, &lang, &text)))
		if (lang && *lang && text && *text)
			json_object_set_new(o, lang, json_string(text));
	s = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return s;
}

int ka_mapver_index(struct ka_store *st, int64_t version_id, const struct ka_map *map,
                    struct ka_diag *diag)
{
	struct ka_map_rows rows = {NULL, 0};
	struct ka_buf names, lane;
	char *by_lang = NULL;
	size_t i;
	int err;

	err = ka_store_exec(st, "DELETE FROM map_elements WHERE version_id = ?",
	                    (struct ka_val[]){ka_int(version_id)}, 1, NULL, diag);
	if (err)
		return err;
	ka_map_rows_build(map, &rows);
	ka_buf_init(&names, KA_BUF_UNLIMITED);
	ka_buf_init(&lane, KA_BUF_UNLIMITED);
	for (i = 0; i < rows.n && !err; i++) {
		const struct ka_map_row *r = &rows.v[i];
		const struct ka_el *el = ka_map_find(map, r->element_id);
		const struct ka_el *ln = r->lane_id ? ka_map_find(map, r->lane_id) : NULL;

		/* Names in every language, so that search finds an element in nb, sv and en. */
		ka_buf_reset(&names);
		free(by_lang);
		by_lang = el ? names_json(el) : NULL;
		if (el)
			all_names(el, &names);
		else if (r->name)
			ka_buf_adds(&names, r->name);
		ka_buf_reset(&lane);
		if (ln)
			all_names(ln, &lane);
		else if (r->lane)
			ka_buf_adds(&lane, r->lane);
		err = ka_store_exec(
		    st,
		    "INSERT INTO map_elements (version_id, element_id, type, name, lane_id, lane,"
		    " process_time, wait_time, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(version_id), ka_text(r->element_id), ka_text(r->type),
		                      names.len ? ka_text(names.data) : ka_null(),
		                      ka_text(r->lane_id),
		                      lane.len ? ka_text(lane.data) : ka_null(),
		                      r->has_process_time ? ka_real(r->process_time) : ka_null(),
		                      r->has_wait_time ? ka_real(r->wait_time) : ka_null(),
		                      by_lang ? ka_text(by_lang) : ka_null()},
		    9, NULL, diag);
	}
	free(by_lang);
	ka_buf_release(&names);
	ka_buf_release(&lane);
	ka_map_rows_release(&rows);
	return err;
}
