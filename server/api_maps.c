/*
 * Maps as versions, and their governance. A map version is BPMN text for a
 * process's as-is or to-be variant, read strictly and checked on save (the
 * findings are stored with it), with element index rows derived from it.
 * Drafts are edited by the process's editors and submitted; the owner
 * approves or rejects with a comment; approval makes the version the one
 * current version of its variant (the previous one is superseded), sets
 * the process status and specification, moves the next review date, and
 * records training tasks for the people holding roles on the process.
 * Any two versions compare through lib/portfolio_diff.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/map_json.h"
#include "kartla/alloc.h"
#include "kartla/json_dump.h"
#include "mapcache.h"
#include "portfolio_api.h"
#include "server.h"
#include "kartla/banned.h"

#define BPMN_MAX (8u * 1024u * 1024u)

#define VER_COLS                                                                                   \
	"id, process_id, variant, number, state, findings, specification, author_id, created_at, " \
	"submitted_at, decided_by, decided_at, comment, version, bpmn"

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *int_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_INT ? json_integer(v->i) : json_null();
}

static json_t *parsed_or_null(const struct ka_val *v)
{
	json_t *j = v->type == KA_VAL_TEXT ? json_loads(v->s, 0, NULL) : NULL;

	return j ? j : json_null();
}

/* A version row as JSON; with_body adds bpmn, findings and the specification. */
static json_t *version_json(const struct ka_rows *rows, size_t r, bool with_body)
{
	json_t *findings = parsed_or_null(ka_rows_at(rows, r, 5));
	json_t *j = json_pack(
	    "{s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "id",
	    (json_int_t)ka_rows_at(rows, r, 0)->i, "process_id",
	    (json_int_t)ka_rows_at(rows, r, 1)->i, "variant", text_or_null(ka_rows_at(rows, r, 2)),
	    "number", (json_int_t)ka_rows_at(rows, r, 3)->i, "state",
	    text_or_null(ka_rows_at(rows, r, 4)), "author_id", int_or_null(ka_rows_at(rows, r, 7)),
	    "created_at", text_or_null(ka_rows_at(rows, r, 8)), "submitted_at",
	    text_or_null(ka_rows_at(rows, r, 9)), "decided_by",
	    int_or_null(ka_rows_at(rows, r, 10)), "decided_at",
	    text_or_null(ka_rows_at(rows, r, 11)), "comment", text_or_null(ka_rows_at(rows, r, 12)),
	    "version", (json_int_t)ka_rows_at(rows, r, 13)->i);

	json_object_set(j, "counts",
	                json_is_object(findings) ? json_object_get(findings, "counts")
	                                         : json_null());
	if (!json_object_get(j, "counts"))
		json_object_set_new(j, "counts", json_null());
	if (with_body) {
		json_object_set_new(j, "bpmn", text_or_null(ka_rows_at(rows, r, 14)));
		json_object_set(j, "findings",
		                json_is_object(findings) && json_object_get(findings, "findings")
		                    ? json_object_get(findings, "findings")
		                    : json_array());
		json_object_set_new(j, "specification", parsed_or_null(ka_rows_at(rows, r, 6)));
	}
	json_decref(findings);
	return j;
}

static int load_version(struct ka_store *st, int64_t pid, int64_t vid, struct ka_rows *rows,
                        struct ka_diag *diag)
{
	return ka_store_exec(
	    st, "SELECT " VER_COLS " FROM map_versions WHERE id = ? AND process_id = ?",
	    (struct ka_val[]){ka_int(vid), ka_int(pid)}, 2, rows, diag);
}

static int process_exists(struct http_req *req, struct http_resp *resp, int64_t pid)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = pf_load_process(req->st, pid, &r, &req->diag);
	if (err)
		err = http_store_fail(resp, err, &req->diag);
	else if (r.nrows != 1)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such process %" PRId64, pid);
	ka_rows_release(&r);
	return err;
}

/* `code`: KA_ERR_INVALID for a body field, KA_ERR_USAGE for a query parameter. */
static int check_variant(struct http_resp *resp, const char *v, int code)
{
	if (strcmp(v, "as_is") && strcmp(v, "to_be"))
		return http_fail(resp, code, "variant", "variant must be 'as_is' or 'to_be'");
	return 0;
}

/* The reader's diagnostic as a 422 naming the field "bpmn". */
static int bpmn_fail(struct http_resp *resp, int err, const struct ka_diag *d)
{
	char msg[700];

	ka_diag_format(d, msg, sizeof(msg));
	if (err == KA_ERR_TOO_BIG)
		return http_fail(resp, KA_ERR_INVALID, "bpmn", "the map is too large: %s", msg);
	if (err != KA_ERR_XML && err != KA_ERR_BPMN && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	return http_fail(resp, err, "bpmn", "%s", msg);
}

/*
 * Links of collapsed sub-processes / call activities to child processes.
 * `calls` holds n pairs: element id, called element.
 */
static json_t *links_json(struct ka_store *st, int64_t pid, const char *const *calls, size_t n,
                          struct ka_diag *diag)
{
	json_t *links = json_array();
	struct ka_rows r;
	size_t i;

	ka_rows_init(&r);
	for (i = 0; i < n; i++) {
		const char *called = calls[2 * i + 1], *c = called;
		int64_t child = 0;
		char *end;

		if (!strncmp(c, "kartla:", 7))
			c += 7;
		child = strtoll(c, &end, 10);
		if (*end || child < 1)
			child = 0;
		if (!ka_store_exec(st,
		                   "SELECT id FROM processes WHERE parent_id = ? AND (id = ?"
		                   " OR name_nb = ? OR name_sv = ? OR name_en = ?) ORDER BY id",
		                   (struct ka_val[]){ka_int(pid), ka_int(child), ka_text(c),
		                                     ka_text(c), ka_text(c)},
		                   5, &r, diag) &&
		    r.nrows > 0)
			child = ka_rows_at(&r, 0, 0)->i;
		else
			child = 0;
		json_array_append_new(links, json_pack("{s:s, s:s, s:o}", "element_id",
		                                       calls[2 * i], "called", called, "process_id",
		                                       child ? json_integer(child) : json_null()));
	}
	ka_rows_release(&r);
	return links;
}

/* links_json over the index rows of a map just read. */
static json_t *links_of_rows(struct ka_store *st, int64_t pid, const struct ka_map_rows *rows,
                             struct ka_diag *diag)
{
	const char **calls = ka_xreallocarray(NULL, 2 * rows->n + 1, sizeof(*calls));
	json_t *links;
	size_t i, n = 0;

	for (i = 0; i < rows->n; i++)
		if (rows->v[i].called) {
			calls[2 * n] = rows->v[i].element_id;
			calls[2 * n + 1] = rows->v[i].called;
			n++;
		}
	links = links_json(st, pid, calls, n, diag);
	free(calls);
	return links;
}

static int store_rows(struct ka_store *st, int64_t vid, const struct ka_map_rows *rows,
                      struct ka_diag *diag)
{
	size_t i;
	int err;

	err = ka_store_exec(st, "DELETE FROM map_elements WHERE version_id = ?",
	                    (struct ka_val[]){ka_int(vid)}, 1, NULL, diag);
	for (i = 0; i < rows->n && !err; i++) {
		const struct ka_map_row *m = &rows->v[i];

		err = ka_store_exec(
		    st,
		    "INSERT INTO map_elements (version_id, element_id, type, name, lane_id, lane,"
		    " process_time, wait_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(vid), ka_text(m->element_id), ka_text(m->type),
		                      ka_text(m->name), ka_text(m->lane_id), ka_text(m->lane),
		                      m->has_process_time ? ka_real(m->process_time) : ka_null(),
		                      m->has_wait_time ? ka_real(m->wait_time) : ka_null()},
		    8, NULL, diag);
	}
	return err;
}

/* ---- create and edit drafts ---- */

struct map_in {
	const char *variant, *bpmn;
	size_t bpmn_len;
	json_t *spec;
	bool has_spec, spec_null, has_bpmn;
	struct ka_map *map;
	json_t *findings;
};

static bool is_xml_body(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	return ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8) ||
	              !strncasecmp(ct, "application/bpmn+xml", 20));
}

static int decode_map(struct http_req *req, struct http_resp *resp, struct map_in *in, bool create)
{
	const struct http_field fields[] = {
	    {"variant", HTTP_F_STRING, 0, 16, &in->variant, NULL},
	    {"bpmn", HTTP_F_STRING, create ? HTTP_F_REQUIRED : 0, BPMN_MAX, &in->bpmn,
	     &in->has_bpmn},
	    {"specification", HTTP_F_OBJECT, HTTP_F_NULLABLE, 0, &in->spec, &in->has_spec},
	};
	struct ka_diag d;
	int err;

	if (is_xml_body(req)) {
		in->bpmn = req->body.data;
		in->bpmn_len = req->body.len;
		in->has_bpmn = true;
		in->variant = http_query(req, "variant");
		if (!in->variant)
			in->variant = "as_is";
		err = check_variant(resp, in->variant, KA_ERR_USAGE);
	} else {
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, fields, create ? 3 : 3);
		if (!err && !create && in->variant)
			err = http_fail(resp, KA_ERR_INVALID, "variant",
			                "the variant of a version cannot change");
		if (!in->variant)
			in->variant = "as_is";
		if (!err)
			err = check_variant(resp, in->variant, KA_ERR_INVALID);
		if (in->bpmn)
			in->bpmn_len = strlen(in->bpmn);
		in->spec_null = in->has_spec && !in->spec;
	}
	if (err)
		return err;
	if (in->spec) {
		ka_diag_init(&d, NULL);
		if (ka_spec_validate(in->spec, &d))
			return http_fail(resp, KA_ERR_INVALID, d.element_id, "%s", d.message);
	}
	if (in->has_bpmn) {
		if (!in->bpmn_len)
			return http_fail(resp, KA_ERR_INVALID, "bpmn", "the map is empty");
		ka_diag_init(&d, "map.bpmn");
		err = ka_map_load(&in->map, &in->findings, in->bpmn, in->bpmn_len, BPMN_MAX, &d);
		if (err)
			return bpmn_fail(resp, err, &d);
	}
	return 0;
}

static void map_in_release(struct map_in *in)
{
	if (in->map)
		ka_map_free(in->map);
	json_decref(in->findings);
}

struct ver_tx {
	struct http_req *req;
	struct http_resp *resp;
	struct map_in *in;
	int64_t pid, vid;
	const char *action, *comment;
	struct ka_rows *out;
	json_t *links;
};

static json_t *audit_view(const struct ka_rows *rows)
{
	json_t *j = version_json(rows, 0, false);

	return j;
}

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ver_tx *t = vctx;
	char *findings = json_dumps(t->in->findings, JSON_COMPACT);
	char *spec = t->in->spec ? json_dumps(t->in->spec, JSON_COMPACT) : NULL;
	struct ka_map_rows mr = {NULL, 0};
	struct ka_rows r;
	json_t *after;
	int err;

	ka_rows_init(&r);
	err =
	    ka_store_exec(st,
	                  "SELECT COALESCE(MAX(number), 0) + 1 FROM map_versions"
	                  " WHERE process_id = ? AND variant = ?",
	                  (struct ka_val[]){ka_int(t->pid), ka_text(t->in->variant)}, 2, &r, diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO map_versions (process_id, variant, number, bpmn, findings,"
		    " specification, author_id) VALUES (?, ?, ?, ?, ?,"
		    " COALESCE(?, (SELECT specification FROM processes WHERE id = ?)), ?) "
		    "RETURNING id",
		    (struct ka_val[]){
		        ka_int(t->pid), ka_text(t->in->variant), ka_int(ka_rows_at(&r, 0, 0)->i),
		        ka_text(t->in->bpmn), ka_text(findings), ka_text(spec), ka_int(t->pid),
		        t->req->actor.user_id ? ka_int(t->req->actor.user_id) : ka_null()},
		    8, &r, diag);
	if (!err) {
		t->vid = ka_rows_at(&r, 0, 0)->i;
		ka_map_rows_build(t->in->map, &mr);
		err = store_rows(st, t->vid, &mr, diag);
	}
	if (!err)
		err = load_version(st, t->pid, t->vid, t->out, diag);
	if (!err) {
		json_decref(t->links);
		t->links = links_of_rows(st, t->pid, &mr, diag);
		after = audit_view(t->out);
		err = http_audit(st, &t->req->actor, "create", "map_version", t->vid, NULL, after,
		                 diag);
		json_decref(after);
	}
	ka_map_rows_release(&mr);
	ka_rows_release(&r);
	free(findings);
	free(spec);
	return err;
}

/*
 * Runs `fn` in one transaction with tx (request, response and result rows set
 * here). On failure the rows and any links are released and the error is
 * answered; on success the caller owns *rows.
 */
static int run_ver_tx(struct http_req *req, struct http_resp *resp, struct ver_tx *tx,
                      struct ka_rows *rows,
                      int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag))
{
	int err;

	ka_rows_init(rows);
	tx->req = req;
	tx->resp = resp;
	tx->out = rows;
	err = ka_store_transact(req->st, fn, tx, 5, &req->diag);
	if (err) {
		json_decref(tx->links);
		tx->links = NULL;
		ka_rows_release(rows);
		return pf_fail(req, resp, err);
	}
	return 0;
}

static int post_map(struct http_req *req, struct http_resp *resp)
{
	struct map_in in;
	struct ver_tx tx;
	struct ka_rows rows;
	json_t *j;
	int err;

	memset(&in, 0, sizeof(in));
	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.pid);
	if (!err)
		err = process_exists(req, resp, tx.pid);
	if (!err)
		err = pf_require_editor(req, resp, tx.pid);
	if (!err)
		err = decode_map(req, resp, &in, true);
	if (err) {
		map_in_release(&in);
		return err;
	}
	tx.in = &in;
	err = run_ver_tx(req, resp, &tx, &rows, create_fn);
	map_in_release(&in);
	if (err)
		return err;
	snprintf(resp->location, sizeof(resp->location), "/api/processes/%" PRId64 "/maps/%" PRId64,
	         tx.pid, tx.vid);
	http_etag(resp, ka_rows_at(&rows, 0, 13)->i);
	j = version_json(&rows, 0, true);
	json_object_set_new(j, "links", tx.links);
	http_json(resp, 201, j);
	ka_rows_release(&rows);
	return 0;
}

static int patch_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ver_tx *t = vctx;
	char *findings = NULL, *spec = NULL, now[21];
	struct ka_map_rows mr = {NULL, 0};
	json_t *before = NULL, *after;
	const char *state;
	int err;

	err = load_version(st, t->pid, t->vid, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL, "no such map version %" PRId64,
		                 t->vid);
	err = http_if_match(t->req, t->resp, ka_rows_at(t->out, 0, 13)->i, false);
	if (err)
		return err;
	state = ka_rows_at(t->out, 0, 4)->s;
	if (strcmp(state, "draft") && strcmp(state, "rejected"))
		return http_fail(t->resp, KA_ERR_CONFLICT, NULL,
		                 "version %" PRId64 " is %s: only drafts and rejected versions "
		                 "can be edited (post a new version instead)",
		                 t->vid, state);
	before = audit_view(t->out);
	if (t->in->findings)
		findings = json_dumps(t->in->findings, JSON_COMPACT);
	if (t->in->spec)
		spec = json_dumps(t->in->spec, JSON_COMPACT);
	pf_now(now);
	err = ka_store_exec(
	    st,
	    "UPDATE map_versions SET state = 'draft', bpmn = COALESCE(?, bpmn),"
	    " findings = COALESCE(?, findings),"
	    " specification = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE specification END,"
	    " version = version + 1 WHERE id = ?",
	    (struct ka_val[]){t->in->has_bpmn ? ka_text(t->in->bpmn) : ka_null(), ka_text(findings),
	                      ka_int(t->in->has_spec), ka_text(spec), ka_int(t->vid)},
	    5, NULL, diag);
	if (!err && t->in->map) {
		ka_map_rows_build(t->in->map, &mr);
		err = store_rows(st, t->vid, &mr, diag);
	}
	if (!err)
		err = load_version(st, t->pid, t->vid, t->out, diag);
	if (!err) {
		after = audit_view(t->out);
		err = http_audit(st, &t->req->actor, "update", "map_version", t->vid, before, after,
		                 diag);
		json_decref(after);
	}
	ka_map_rows_release(&mr);
	json_decref(before);
	free(findings);
	free(spec);
	return err;
}

static int patch_map(struct http_req *req, struct http_resp *resp)
{
	struct map_in in;
	struct ver_tx tx;
	struct ka_rows rows;
	int err;

	memset(&in, 0, sizeof(in));
	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.pid);
	if (!err)
		err = http_param_id(req, resp, 1, &tx.vid);
	if (!err)
		err = process_exists(req, resp, tx.pid);
	if (!err)
		err = pf_require_editor(req, resp, tx.pid);
	if (!err)
		err = decode_map(req, resp, &in, false);
	if (err) {
		map_in_release(&in);
		return err;
	}
	tx.in = &in;
	err = run_ver_tx(req, resp, &tx, &rows, patch_fn);
	map_in_release(&in);
	if (err)
		return err;
	http_etag(resp, ka_rows_at(&rows, 0, 13)->i);
	http_json(resp, 200, version_json(&rows, 0, true));
	ka_rows_release(&rows);
	return 0;
}

/* ---- read ---- */

static int get_maps(struct http_req *req, struct http_resp *resp)
{
	const char *variant = http_query(req, "variant");
	struct http_page pg;
	struct ka_rows rows;
	json_t *items;
	int64_t pid, total;
	size_t i;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err && variant)
		err = check_variant(resp, variant, KA_ERR_USAGE);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (!err)
		err = process_exists(req, resp, pid);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_exec(req->st,
	                    "SELECT COUNT(*) FROM map_versions WHERE process_id = ?"
	                    " AND (variant = ? OR ? = '')",
	                    (struct ka_val[]){ka_int(pid), ka_text(variant ? variant : ""),
	                                      ka_text(variant ? variant : "")},
	                    3, &rows, &req->diag);
	if (err)
		goto fail;
	total = ka_rows_at(&rows, 0, 0)->i;
	err = ka_store_exec(req->st,
	                    "SELECT " VER_COLS " FROM map_versions WHERE process_id = ?"
	                    " AND (variant = ? OR ? = '')"
	                    " ORDER BY variant, number DESC, id LIMIT ? OFFSET ?",
	                    (struct ka_val[]){ka_int(pid), ka_text(variant ? variant : ""),
	                                      ka_text(variant ? variant : ""), ka_int(pg.limit),
	                                      ka_int(pg.offset)},
	                    5, &rows, &req->diag);
	if (err)
		goto fail;
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, version_json(&rows, i, false));
	http_json(resp, 200, http_page_json(&pg, items, total));
	ka_rows_release(&rows);
	return 0;
fail:
	ka_rows_release(&rows);
	return http_store_fail(resp, err, &req->diag);
}

/*
 * The part of a version's answer that follows from its row alone (fields,
 * BPMN, findings, specification, model), serialised without the closing
 * brace, with the map's calls to child processes: a new entry for the
 * answer cache (mapcache.h). `rows` holds the version row with VER_COLS.
 */
static struct mapcache_entry *version_entry(const struct ka_rows *rows)
{
	const struct ka_val *bpmn = ka_rows_at(rows, 0, 14);
	struct ka_map_rows mr = {NULL, 0};
	struct mapcache_entry *e;
	struct ka_map *m = NULL;
	json_t *j = version_json(rows, 0, true);
	struct ka_diag d;
	struct ka_buf b;
	char *text;
	size_t len, i;

	ka_diag_init(&d, "map.bpmn");
	/* The stored findings are the checker's: only the model is needed here. */
	if (!ka_map_load(&m, NULL, bpmn->s, bpmn->len, BPMN_MAX, &d)) {
		json_object_set_new(j, "model", ka_map_to_json(m));
		ka_map_rows_build(m, &mr);
	}
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_json_dump(j, &b);
	json_decref(j);
	text = ka_buf_detach(&b, &len);
	text[--len] = '\0'; /* the closing brace: the links and approvals follow */
	e = mapcache_entry_new(ka_rows_at(rows, 0, 0)->i, ka_rows_at(rows, 0, 13)->i, text, len);
	for (i = 0; i < mr.n; i++)
		if (mr.v[i].called)
			mapcache_entry_add_call(e, mr.v[i].element_id, mr.v[i].called);
	ka_map_rows_release(&mr);
	ka_map_free(m);
	return e;
}

static void entry_release(void *ctx)
{
	mapcache_release(ctx);
}

/*
 * Answers with one version: the cached part (`e`, whose reference passes to
 * the response) followed by what other rows say: links and approvals.
 */
static int answer_entry(struct http_req *req, struct http_resp *resp, int64_t pid,
                        struct mapcache_entry *e)
{
	json_t *links =
	    links_json(req->st, pid, (const char *const *)e->calls, e->ncalls, &req->diag);
	json_t *approvals = json_array();
	struct ka_rows ap;
	size_t i;

	ka_rows_init(&ap);
	if (!ka_store_exec(req->st,
	                   "SELECT a.action, a.actor_id, u.login, a.at, a.comment FROM approvals a"
	                   " LEFT JOIN users u ON u.id = a.actor_id WHERE a.version_id = ?"
	                   " ORDER BY a.id",
	                   (struct ka_val[]){ka_int(e->vid)}, 1, &ap, &req->diag))
		for (i = 0; i < ap.nrows; i++)
			json_array_append_new(
			    approvals, json_pack("{s:o, s:o, s:o, s:o, s:o}", "action",
			                         text_or_null(ka_rows_at(&ap, i, 0)), "actor_id",
			                         int_or_null(ka_rows_at(&ap, i, 1)), "actor",
			                         text_or_null(ka_rows_at(&ap, i, 2)), "at",
			                         text_or_null(ka_rows_at(&ap, i, 3)), "comment",
			                         text_or_null(ka_rows_at(&ap, i, 4))));
	ka_rows_release(&ap);
	ka_buf_adds(&resp->body, ",\"links\":");
	ka_json_dump(links, &resp->body);
	ka_buf_adds(&resp->body, ",\"approvals\":");
	ka_json_dump(approvals, &resp->body);
	ka_buf_addc(&resp->body, '}');
	json_decref(links);
	json_decref(approvals);
	resp->content_type = "application/json";
	resp->prefix = e->json;
	resp->prefix_len = e->json_len;
	resp->prefix_release = entry_release;
	resp->prefix_ctx = e;
	http_etag(resp, e->rowver);
	return 0;
}

/* The full answer for one version row (VER_COLS): body, model, links, approvals. */
static int answer_version(struct http_req *req, struct http_resp *resp, struct ka_rows *rows)
{
	return answer_entry(req, resp, ka_rows_at(rows, 0, 1)->i, version_entry(rows));
}

static int get_map(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows rows;
	int64_t pid, vid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (err)
		return err;
	ka_rows_init(&rows);
	err = load_version(req->st, pid, vid, &rows, &req->diag);
	if (!err && rows.nrows != 1)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL,
		                "no map version %" PRId64 " of process %" PRId64, vid, pid);
	if (!err)
		err = answer_version(req, resp, &rows);
	ka_rows_release(&rows);
	return err ? pf_fail(req, resp, err) : 0;
}

/*
 * The current version of a variant. Its row-derived part comes from the
 * answer cache when the row has not changed since it was cached: the BPMN is
 * then neither read from the store nor parsed.
 */
static int get_current(struct http_req *req, struct http_resp *resp)
{
	const char *variant = http_query(req, "variant");
	struct mapcache_entry *e = NULL;
	struct ka_rows rows;
	int64_t pid, vid = 0, rowver = 0;
	int err;

	if (!variant)
		variant = "as_is";
	err = http_param_id(req, resp, 0, &pid);
	if (!err && strcmp(variant, "as_is") && strcmp(variant, "to_be"))
		err =
		    http_fail(resp, KA_ERR_USAGE, "variant", "variant must be 'as_is' or 'to_be'");
	if (err)
		return err;
	ka_rows_init(&rows);
	err = ka_store_exec(req->st,
	                    "SELECT id, version FROM map_versions WHERE process_id = ?"
	                    " AND variant = ? AND state = 'approved'",
	                    (struct ka_val[]){ka_int(pid), ka_text(variant)}, 2, &rows, &req->diag);
	if (!err && rows.nrows == 1) {
		vid = ka_rows_at(&rows, 0, 0)->i;
		rowver = ka_rows_at(&rows, 0, 1)->i;
		e = mapcache_get(req->srv->maps, vid, rowver);
	}
	ka_rows_release(&rows);
	if (err)
		return pf_fail(req, resp, err);
	if (e)
		return answer_entry(req, resp, pid, e);
	if (!vid) {
		err = process_exists(req, resp, pid);
		return err ? err
		           : http_fail(resp, KA_ERR_NOT_FOUND, NULL,
		                       "process %" PRId64 " has no approved %s map yet", pid,
		                       variant);
	}
	ka_rows_init(&rows);
	err = load_version(req->st, pid, vid, &rows, &req->diag);
	if (!err && rows.nrows != 1)
		err = http_fail(resp, KA_ERR_NOT_FOUND, NULL,
		                "process %" PRId64 " has no approved %s map yet", pid, variant);
	if (!err) {
		e = version_entry(&rows);
		if (e->rowver == rowver)
			mapcache_put(req->srv->maps, e);
		err = answer_entry(req, resp, pid, e);
	}
	ka_rows_release(&rows);
	return err ? pf_fail(req, resp, err) : 0;
}

/* ---- governance ---- */

static int training_tasks(struct ka_store *st, struct ver_tx *t, const char *name, int64_t number,
                          const char *today, struct ka_diag *diag)
{
	char due[11], title[400];
	struct ka_rows r;
	size_t i;
	int err;

	ka_date_add(due, today, 30);
	snprintf(title, sizeof(title), "Training: %.300s, approved version %" PRId64, name, number);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT DISTINCT person_id, role_id FROM role_assignments"
	                    " WHERE scope = 'process' AND process_id = ? AND from_date <= ?"
	                    " AND (to_date IS NULL OR to_date >= ?) ORDER BY person_id, role_id",
	                    (struct ka_val[]){ka_int(t->pid), ka_text(today), ka_text(today)}, 3,
	                    &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		err = ka_store_exec(st,
		                    "INSERT INTO training_tasks (process_id, version_id, role_id,"
		                    " person_id, title, due_date) VALUES (?, ?, ?, ?, ?, ?)",
		                    (struct ka_val[]){ka_int(t->pid), ka_int(t->vid),
		                                      ka_int(ka_rows_at(&r, i, 1)->i),
		                                      ka_int(ka_rows_at(&r, i, 0)->i),
		                                      ka_text(title), ka_text(due)},
		                    6, NULL, diag);
	ka_rows_release(&r);
	return err;
}

static int decide_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ver_tx *t = vctx;
	struct http_req *req = t->req;
	const char *state, *a = t->action;
	char now[21], today[11];
	struct ka_rows p, r;
	json_t *before = NULL, *after, *pbefore = NULL;
	unsigned mask = 0;
	bool has_owner;
	int err;

	ka_rows_init(&p);
	ka_rows_init(&r);
	err = load_version(st, t->pid, t->vid, t->out, diag);
	if (err)
		goto out;
	if (t->out->nrows != 1) {
		err = http_fail(t->resp, KA_ERR_NOT_FOUND, NULL,
		                "no map version %" PRId64 " of process %" PRId64, t->vid, t->pid);
		goto out;
	}
	err = http_if_match(req, t->resp, ka_rows_at(t->out, 0, 13)->i, false);
	if (err)
		goto out;
	pf_now(now);
	pf_today(today);
	state = ka_rows_at(t->out, 0, 4)->s;
	err = ka_portfolio_roles(st, t->pid, req->actor.user_id, today, &mask, diag);
	if (!err)
		err = ka_portfolio_has_owner(st, t->pid, today, &has_owner, diag);
	if (err)
		goto out;
	if (!strcmp(a, "submit")) {
		if (!req->actor.is_admin &&
		    !(mask & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR))) {
			err = http_fail(
			    t->resp, KA_ERR_PERM, NULL,
			    "only the process owner, responsible/leader, a facilitator or "
			    "an administrator submits a version");
			goto out;
		}
		if (strcmp(state, "draft") && strcmp(state, "rejected")) {
			err = http_fail(t->resp, KA_ERR_CONFLICT, NULL,
			                "version %" PRId64
			                " is %s: only drafts and rejected versions "
			                "are submitted",
			                t->vid, state);
			goto out;
		}
	} else {
		/* The owner decides; an administrator only while the process has no owner. */
		bool owner = (mask & KA_ROLE_OWNER) != 0;

		if (!owner && !(req->actor.is_admin && !has_owner)) {
			err = http_fail(t->resp, KA_ERR_PERM, NULL,
			                has_owner
			                    ? "only the process owner approves or rejects"
			                    : "only the process owner (or, while the process has "
			                      "no owner, an administrator) approves or rejects");
			goto out;
		}
		if (strcmp(state, "submitted")) {
			err = http_fail(t->resp, KA_ERR_CONFLICT, NULL,
			                "version %" PRId64 " is %s: only submitted versions are %s",
			                t->vid, state,
			                !strcmp(a, "approve") ? "approved" : "rejected");
			goto out;
		}
		if (!owner) {
			/* Nobody approves their own submission unless they are the owner. */
			err = ka_store_exec(st,
			                    "SELECT actor_id FROM approvals WHERE version_id = ?"
			                    " AND action = 'submit' ORDER BY id DESC LIMIT 1",
			                    (struct ka_val[]){ka_int(t->vid)}, 1, &r, diag);
			if (err)
				goto out;
			if (r.nrows == 1 && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT &&
			    ka_rows_at(&r, 0, 0)->i == req->actor.user_id) {
				err = http_fail(
				    t->resp, KA_ERR_PERM, NULL,
				    "you submitted this version: only the process owner may "
				    "decide on their own submission");
				goto out;
			}
		}
	}
	before = audit_view(t->out);
	err = pf_load_process(st, t->pid, &p, diag);
	if (err)
		goto out;
	pbefore = pf_process_json(&p, 0);
	if (!strcmp(a, "submit")) {
		err = ka_store_exec(st,
		                    "UPDATE map_versions SET state = 'submitted', submitted_at = ?,"
		                    " comment = NULL, decided_by = NULL, decided_at = NULL,"
		                    " version = version + 1 WHERE id = ?",
		                    (struct ka_val[]){ka_text(now), ka_int(t->vid)}, 2, NULL, diag);
		if (!err)
			err = ka_store_exec(st,
			                    "UPDATE processes SET status = 'in_review',"
			                    " version = version + 1, updated_at = ? WHERE id = ?"
			                    " AND status <> 'in_review'",
			                    (struct ka_val[]){ka_text(now), ka_int(t->pid)}, 2,
			                    NULL, diag);
	} else if (!strcmp(a, "approve")) {
		const struct ka_val *spec = ka_rows_at(t->out, 0, 6);
		const struct ka_val *interval = ka_rows_at(&p, 0, 9);
		char next[11];

		if (interval->type == KA_VAL_INT)
			ka_date_add(next, today, interval->i);
		/* The superseded version's element rows leave the search index. */
		err = ka_store_exec(
		    st,
		    "DELETE FROM map_elements WHERE version_id IN (SELECT id FROM map_versions"
		    " WHERE process_id = ? AND variant = ? AND state = 'approved')",
		    (struct ka_val[]){ka_int(t->pid), ka_text(ka_rows_at(t->out, 0, 2)->s)}, 2,
		    NULL, diag);
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE map_versions SET state = 'superseded',"
			    " version = version + 1 WHERE process_id = ? AND variant = ?"
			    " AND state = 'approved'",
			    (struct ka_val[]){ka_int(t->pid), ka_text(ka_rows_at(t->out, 0, 2)->s)},
			    2, NULL, diag);
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE map_versions SET state = 'approved', decided_by = ?,"
			    " decided_at = ?, comment = ?, version = version + 1 WHERE id = ?",
			    (struct ka_val[]){ka_int(req->actor.user_id), ka_text(now),
			                      ka_text(t->comment), ka_int(t->vid)},
			    4, NULL, diag);
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE processes SET status = 'approved',"
			    " specification = COALESCE(?, specification),"
			    " next_review_date = COALESCE(?, next_review_date),"
			    " version = version + 1, updated_at = ? WHERE id = ?",
			    (struct ka_val[]){
			        spec->type == KA_VAL_TEXT ? ka_text(spec->s) : ka_null(),
			        interval->type == KA_VAL_INT ? ka_text(next) : ka_null(),
			        ka_text(now), ka_int(t->pid)},
			    4, NULL, diag);
		if (!err)
			err = training_tasks(st, t, pf_process_name(&p, 0),
			                     ka_rows_at(t->out, 0, 3)->i, today, diag);
	} else {
		err = ka_store_exec(
		    st,
		    "UPDATE map_versions SET state = 'rejected', decided_by = ?, decided_at = ?,"
		    " comment = ?, version = version + 1 WHERE id = ?",
		    (struct ka_val[]){ka_int(req->actor.user_id), ka_text(now), ka_text(t->comment),
		                      ka_int(t->vid)},
		    4, NULL, diag);
		/* Back to approved when a current version remains, else draft. */
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE processes SET status = CASE WHEN EXISTS (SELECT 1 FROM "
			    "map_versions"
			    " WHERE process_id = ? AND state = 'approved') THEN 'approved'"
			    " WHEN EXISTS (SELECT 1 FROM map_versions WHERE process_id = ?"
			    " AND state = 'submitted') THEN 'in_review' ELSE 'draft' END,"
			    " version = version + 1, updated_at = ? WHERE id = ?",
			    (struct ka_val[]){ka_int(t->pid), ka_int(t->pid), ka_text(now),
			                      ka_int(t->pid)},
			    4, NULL, diag);
	}
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO approvals (version_id, action, actor_id, at, comment)"
		    " VALUES (?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(t->vid), ka_text(a),
		                      req->actor.user_id ? ka_int(req->actor.user_id) : ka_null(),
		                      ka_text(now), ka_text(t->comment)},
		    5, NULL, diag);
	if (!err)
		err = load_version(st, t->pid, t->vid, t->out, diag);
	if (!err) {
		after = audit_view(t->out);
		err = http_audit(st, &req->actor, a, "map_version", t->vid, before, after, diag);
		json_decref(after);
	}
	if (!err)
		err = pf_load_process(st, t->pid, &p, diag);
	if (!err) {
		after = pf_process_json(&p, 0);
		if (!json_equal(after, pbefore))
			err =
			    http_audit(st, &req->actor, a, "process", t->pid, pbefore, after, diag);
		json_decref(after);
	}
out:
	json_decref(before);
	json_decref(pbefore);
	ka_rows_release(&p);
	ka_rows_release(&r);
	return err;
}

static int decide(struct http_req *req, struct http_resp *resp, const char *action)
{
	const struct http_field fields[] = {
	    {"comment", HTTP_F_STRING,
	     !strcmp(action, "reject") ? HTTP_F_REQUIRED | HTTP_F_NONEMPTY : 0, 10000, NULL, NULL},
	};
	struct ver_tx tx;
	struct ka_rows rows;
	int err;

	memset(&tx, 0, sizeof(tx));
	err = http_param_id(req, resp, 0, &tx.pid);
	if (!err)
		err = http_param_id(req, resp, 1, &tx.vid);
	if (err)
		return err;
	if (req->json || !strcmp(action, "reject") || req->body.len) {
		struct http_field f = fields[0];

		f.out = &tx.comment;
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, &f, 1);
		if (err)
			return err;
	}
	err = process_exists(req, resp, tx.pid);
	if (err)
		return err;
	tx.action = action;
	err = run_ver_tx(req, resp, &tx, &rows, decide_fn);
	if (err)
		return err;
	http_etag(resp, ka_rows_at(&rows, 0, 13)->i);
	http_json(resp, 200, version_json(&rows, 0, false));
	ka_rows_release(&rows);
	return 0;
}

static int post_submit(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, "submit");
}

static int post_approve(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, "approve");
}

static int post_reject(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, "reject");
}

/* ---- comments: advisors and every other role on the process may comment ---- */

static int comment_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ver_tx *t = vctx;
	struct http_req *req = t->req;
	char now[21], today[11];
	unsigned mask = 0;
	json_t *after;
	int err;

	err = load_version(st, t->pid, t->vid, t->out, diag);
	if (err)
		return err;
	if (t->out->nrows != 1)
		return http_fail(t->resp, KA_ERR_NOT_FOUND, NULL,
		                 "no map version %" PRId64 " of process %" PRId64, t->vid, t->pid);
	pf_now(now);
	pf_today(today);
	err = ka_portfolio_roles(st, t->pid, req->actor.user_id, today, &mask, diag);
	if (err)
		return err;
	if (!mask && !req->actor.is_admin)
		return http_fail(t->resp, KA_ERR_PERM, NULL,
		                 "only people with a role on the process (an advisor, say) "
		                 "or an administrator comment on its maps");
	err = ka_store_exec(st,
	                    "INSERT INTO approvals (version_id, action, actor_id, at, comment)"
	                    " VALUES (?, 'comment', ?, ?, ?)",
	                    (struct ka_val[]){ka_int(t->vid), ka_int(req->actor.user_id),
	                                      ka_text(now), ka_text(t->comment)},
	                    4, NULL, diag);
	if (!err)
		err = load_version(st, t->pid, t->vid, t->out, diag);
	if (!err) {
		after = json_pack("{s:s}", "comment", t->comment);
		err = http_audit(st, &req->actor, "comment", "map_version", t->vid, NULL, after,
		                 diag);
		json_decref(after);
	}
	return err;
}

static int post_comment(struct http_req *req, struct http_resp *resp)
{
	struct http_field field = {"comment", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY,
	                           10000,     NULL,          NULL};
	struct ver_tx tx;
	struct ka_rows rows;
	int err;

	memset(&tx, 0, sizeof(tx));
	field.out = &tx.comment;
	err = http_param_id(req, resp, 0, &tx.pid);
	if (!err)
		err = http_param_id(req, resp, 1, &tx.vid);
	if (!err)
		err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, &field, 1);
	if (!err)
		err = process_exists(req, resp, tx.pid);
	if (err)
		return err;
	tx.action = "comment";
	err = run_ver_tx(req, resp, &tx, &rows, comment_fn);
	if (err)
		return err;
	err = answer_version(req, resp, &rows); /* the version with its approvals and comments */
	if (!err)
		resp->status = 201;
	ka_rows_release(&rows);
	return err;
}

/* ---- compare ---- */

static int compare_side(struct http_req *req, struct http_resp *resp, int64_t pid,
                        const char *param, struct ka_map **map, json_t **spec, json_t **info)
{
	const char *s = http_query(req, param);
	struct ka_rows rows;
	struct ka_diag d;
	int64_t vid;
	char *end;
	int err;

	if (!s)
		return http_fail(resp, KA_ERR_USAGE, param,
		                 "the query parameter '%s' (a version id) "
		                 "is required",
		                 param);
	vid = strtoll(s, &end, 10);
	if (*end || vid < 1)
		return http_fail(resp, KA_ERR_USAGE, param, "'%s' must be a version id", param);
	ka_rows_init(&rows);
	err = load_version(req->st, pid, vid, &rows, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	if (rows.nrows != 1) {
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_NOT_FOUND, param,
		                 "no map version %" PRId64 " of process %" PRId64, vid, pid);
	}
	ka_diag_init(&d, "map.bpmn");
	if (ka_map_load(map, NULL, ka_rows_at(&rows, 0, 14)->s, ka_rows_at(&rows, 0, 14)->len,
	                BPMN_MAX, &d))
		*map = NULL;
	*spec = parsed_or_null(ka_rows_at(&rows, 0, 6));
	*info = version_json(&rows, 0, false);
	ka_rows_release(&rows);
	return 0;
}

static int get_compare(struct http_req *req, struct http_resp *resp)
{
	struct ka_map *a = NULL, *b = NULL;
	json_t *sa = NULL, *sb = NULL, *ia = NULL, *ib = NULL, *cur = NULL, *j;
	struct ka_rows p;
	int64_t pid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = process_exists(req, resp, pid);
	if (!err)
		err = compare_side(req, resp, pid, "from", &a, &sa, &ia);
	if (!err)
		err = compare_side(req, resp, pid, "to", &b, &sb, &ib);
	if (err)
		goto out;
	/* A version without its own specification proposes no change: the process's. */
	ka_rows_init(&p);
	if (!pf_load_process(req->st, pid, &p, &req->diag) && p.nrows == 1) {
		const struct ka_val *v = ka_rows_at(&p, 0, 11);

		cur = v->type == KA_VAL_TEXT ? json_loads(v->s, 0, NULL) : NULL;
	}
	ka_rows_release(&p);
	j = ka_map_diff(a, b);
	json_object_set_new(
	    j, "specification",
	    ka_spec_diff(json_is_object(sa) ? sa : cur, json_is_object(sb) ? sb : cur));
	json_object_set(j, "from", ia);
	json_object_set(j, "to", ib);
	http_json(resp, 200, j);
out:
	if (a)
		ka_map_free(a);
	if (b)
		ka_map_free(b);
	json_decref(sa);
	json_decref(sb);
	json_decref(ia);
	json_decref(ib);
	json_decref(cur);
	return err;
}

/* Literal paths before {vid}: the router takes the first match. */
const struct http_route api_maps_routes[] = {
    {"GET", "/api/processes/{id}/maps/current", get_current, HTTP_READER},
    {"GET", "/api/processes/{id}/maps/compare", get_compare, HTTP_READER},
    {"GET", "/api/processes/{id}/maps", get_maps, HTTP_READER},
    {"POST", "/api/processes/{id}/maps", post_map, HTTP_SIGNED_IN},
    {"GET", "/api/processes/{id}/maps/{vid}", get_map, HTTP_READER},
    {"PATCH", "/api/processes/{id}/maps/{vid}", patch_map, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/maps/{vid}/submit", post_submit, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/maps/{vid}/approve", post_approve, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/maps/{vid}/reject", post_reject, HTTP_SIGNED_IN},
    {"POST", "/api/processes/{id}/maps/{vid}/comments", post_comment, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
