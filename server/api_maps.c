/*
 * Maps as versions and their governance, over HTTP. Every rule lives in the
 * library (kartla/mapver.h, kartla/governance.h): a handler decodes the
 * path, query and body, calls one library function and encodes what it
 * returns; a failure is answered by http_fail_diag. The one thing kept
 * here is the current-map answer cache (mapcache.h): the part of a
 * version's answer that follows from its row is cached per row version,
 * and what other rows say (links, approvals) is read per request.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/auth.h"
#include "kartla/governance.h"
#include "kartla/import.h"
#include "kartla/json_dump.h"
#include "kartla/mapver.h"
#include "mapcache.h"
#include "server.h"
#include "kartla/banned.h"

/* The body is the file itself: BPMN XML, or (as their readers arrive) a Visio or draw.io file. */
static bool is_xml_body(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	return ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8) ||
	              !strncasecmp(ct, "application/bpmn+xml", 20) ||
	              !strncasecmp(ct, "application/octet-stream", 24) ||
	              !strncasecmp(ct, "application/vnd.visio", 21) ||
	              !strncasecmp(ct, "application/vnd.ms-visio", 24) ||
	              !strncasecmp(ct, "application/vnd.jgraph.mxfile", 29));
}

/* ?strict=1 keeps the refusal of what would otherwise be repaired. */
static int query_strict(struct http_req *req, struct http_resp *resp, bool *out)
{
	const char *v = http_query(req, "strict");

	*out = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	if (v && !*out && strcmp(v, "0") && strcmp(v, "false"))
		return http_fail(resp, KA_ERR_USAGE, "strict", "strict must be 1 or 0");
	return 0;
}

static int query_variant(struct http_req *req, struct http_resp *resp, const char **out)
{
	const char *v = http_query(req, "variant");

	if (v && strcmp(v, "as_is") && strcmp(v, "to_be"))
		return http_fail(resp, KA_ERR_USAGE, "variant",
		                 "variant must be 'as_is' or 'to_be'");
	*out = v;
	return 0;
}

/* The body of a create or an edit: BPMN as XML (variant in the query) or a JSON object. */
static int decode_map(struct http_req *req, struct http_resp *resp, struct ka_mapver_in *in,
                      bool create)
{
	const json_t *spec = NULL;
	const struct http_field fields[] = {
	    {"variant", HTTP_F_STRING, 0, 16, &in->variant, NULL},
	    {"bpmn", HTTP_F_STRING, create ? HTTP_F_REQUIRED : 0, KA_MAPVER_BPMN_MAX, &in->bpmn,
	     NULL},
	    {"specification", HTTP_F_OBJECT, HTTP_F_NULLABLE, 0, &spec, &in->has_spec},
	};
	int err;

	memset(in, 0, sizeof(*in));
	err = query_strict(req, resp, &in->strict);
	if (err)
		return err;
	if (is_xml_body(req)) {
		err = query_variant(req, resp, &in->variant);
		if (!create)
			in->variant = NULL; /* an edit keeps its variant */
		in->bpmn = req->body.data;
		in->bpmn_len = req->body.len;
		return err;
	}
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, 3);
	in->spec = spec;
	if (in->bpmn)
		in->bpmn_len = strlen(in->bpmn);
	return err;
}

static int post_map(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_import_report rep;
	struct ka_mapver_in in;
	struct ka_mapver v;
	json_t *links = NULL, *j;
	int64_t pid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = decode_map(req, resp, &in, true);
	if (err)
		return err;
	ka_mapver_init(&v);
	ka_import_report_init(&rep);
	in.report = &rep;
	err = ka_mapver_create(req->st, &actor, pid, &in, &v, &links, &req->diag);
	if (err) {
		ka_import_report_free(&rep);
		ka_mapver_release(&v);
		return http_fail_diag(resp, err, &req->diag);
	}
	snprintf(resp->location, sizeof(resp->location), "/api/processes/%" PRId64 "/maps/%" PRId64,
	         pid, v.id);
	http_etag(resp, v.version);
	j = ka_mapver_to_json(&v, true);
	json_object_set_new(j, "links", links);
	json_object_set_new(j, "repairs", ka_import_report_to_json(&rep));
	http_json(resp, 201, j);
	ka_import_report_free(&rep);
	ka_mapver_release(&v);
	return 0;
}

static int patch_map(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_import_report rep;
	struct ka_mapver_in in;
	struct ka_mapver v;
	int64_t pid, vid;
	json_t *j;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (!err)
		err = decode_map(req, resp, &in, false);
	if (err)
		return err;
	ka_mapver_init(&v);
	ka_import_report_init(&rep);
	in.report = &rep;
	err = ka_mapver_update(req->st, &actor, pid, vid, &in, http_if_match_version(req), &v,
	                       &req->diag);
	if (!err || (err == KA_ERR_STALE && v.version))
		http_etag(resp, v.version);
	if (!err) {
		j = ka_mapver_to_json(&v, true);
		json_object_set_new(j, "repairs", ka_import_report_to_json(&rep));
		http_json(resp, 200, j);
	}
	ka_import_report_free(&rep);
	ka_mapver_release(&v);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

static int get_maps(struct http_req *req, struct http_resp *resp)
{
	const char *variant = NULL;
	struct http_page pg;
	json_t *items;
	int64_t pid, total;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = query_variant(req, resp, &variant);
	if (!err)
		err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	err =
	    ka_mapver_list(req->st, pid, variant, pg.limit, pg.offset, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

/*
 * The part of a version's answer that follows from its row alone (fields,
 * BPMN, findings, specification, model), serialised without the closing
 * brace, with the map's calls to child processes: a new entry for the
 * answer cache.
 */
static struct mapcache_entry *version_entry(const struct ka_mapver *v)
{
	struct ka_mapver_calls calls;
	struct mapcache_entry *e;
	json_t *j = ka_mapver_full_json(v, &calls);
	struct ka_buf b;
	char *text;
	size_t len, i;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_json_dump(j, &b);
	json_decref(j);
	text = ka_buf_detach(&b, &len);
	text[--len] = '\0'; /* the closing brace: the links and approvals follow */
	e = mapcache_entry_new(v->id, v->version, text, len);
	for (i = 0; i < calls.n; i++)
		mapcache_entry_add_call(e, calls.v[2 * i], calls.v[2 * i + 1]);
	ka_mapver_calls_release(&calls);
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
                        struct mapcache_entry *e, bool with_may)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_gov_may may = {0};
	json_t *links = NULL, *approvals = NULL;
	int err = 0;

	/* What the reader may do with this version (the buttons a screen shows). */
	if (with_may)
		err = ka_gov_may_do(req->st, &actor, pid, e->vid, &may, &req->diag);
	if (!err)
		err = ka_mapver_extras(req->st, pid, e->vid, (const char *const *)e->calls,
		                       e->ncalls, &links, &approvals, &req->diag);
	if (!err && !req->actor.user_id) /* anonymous readers: approvers by name, no logins */
		err = ka_auth_redact_for_anonymous(req->st, approvals, &req->diag);
	if (err) {
		json_decref(links);
		json_decref(approvals);
		mapcache_release(e);
		return http_fail_diag(resp, err, &req->diag);
	}
	ka_buf_adds(&resp->body, ",\"links\":");
	ka_json_dump(links, &resp->body);
	ka_buf_adds(&resp->body, ",\"approvals\":");
	ka_json_dump(approvals, &resp->body);
	if (with_may) {
		ka_buf_adds(&resp->body,
		            may.decide ? ",\"may_decide\":true" : ",\"may_decide\":false");
		ka_buf_adds(&resp->body,
		            may.submit ? ",\"may_submit\":true" : ",\"may_submit\":false");
		ka_buf_adds(&resp->body,
		            may.comment ? ",\"may_comment\":true" : ",\"may_comment\":false");
	}
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

static int get_map(struct http_req *req, struct http_resp *resp)
{
	struct ka_mapver v;
	int64_t pid, vid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (err)
		return err;
	ka_mapver_init(&v);
	err = ka_mapver_get(req->st, pid, vid, &v, &req->diag);
	if (!err)
		err = answer_entry(req, resp, pid, version_entry(&v), true);
	ka_mapver_release(&v);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

/*
 * The current version of a variant. Its row-derived part comes from the
 * answer cache when the row has not changed since it was cached: the BPMN is
 * then neither read from the store nor parsed.
 */
static int get_current(struct http_req *req, struct http_resp *resp)
{
	const char *variant = http_query(req, "variant");
	struct mapcache_entry *e;
	struct ka_mapver v;
	int64_t pid, vid, rowver;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (err)
		return err;
	err = ka_mapver_current(req->st, pid, variant, &vid, &rowver, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	e = mapcache_get(req->srv->maps, vid, rowver);
	if (e)
		return answer_entry(req, resp, pid, e, false);
	ka_mapver_init(&v);
	err = ka_mapver_get(req->st, pid, vid, &v, &req->diag);
	if (!err) {
		e = version_entry(&v);
		if (e->rowver == rowver)
			mapcache_put(req->srv->maps, e);
		err = answer_entry(req, resp, pid, e, false);
	}
	ka_mapver_release(&v);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

/* ---- governance ---- */

static int decide(struct http_req *req, struct http_resp *resp, enum ka_gov_action action)
{
	const char *comment = NULL;
	bool needs = action == KA_GOV_REJECT || action == KA_GOV_COMMENT;
	const struct http_field field = {
	    "comment", HTTP_F_STRING, needs ? HTTP_F_REQUIRED | HTTP_F_NONEMPTY : 0,
	    10000,     &comment,      NULL};
	struct ka_actor actor = http_ka_actor(req);
	struct ka_mapver v;
	int64_t pid, vid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (!err && (req->json || needs || req->body.len)) {
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, &field, 1);
	}
	if (err)
		return err;
	ka_mapver_init(&v);
	err = ka_gov_decide(req->st, &actor, pid, vid, action, comment, http_if_match_version(req),
	                    &v, &req->diag);
	if (err == KA_ERR_STALE && v.version)
		http_etag(resp, v.version);
	if (!err && action == KA_GOV_COMMENT) {
		/* The version with its approvals and comments. */
		err = answer_entry(req, resp, pid, version_entry(&v), true);
		if (!err)
			resp->status = 201;
	} else if (!err) {
		http_etag(resp, v.version);
		http_json(resp, 200, ka_mapver_to_json(&v, false));
	}
	ka_mapver_release(&v);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

static int post_submit(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, KA_GOV_SUBMIT);
}

static int post_approve(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, KA_GOV_APPROVE);
}

static int post_reject(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, KA_GOV_REJECT);
}

/* Advisors and every other role on the process may comment. */
static int post_comment(struct http_req *req, struct http_resp *resp)
{
	return decide(req, resp, KA_GOV_COMMENT);
}

/* Revert: a new draft from an earlier version; body {"variant": "to_be"} optional. */
static int post_revert(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_mapver v;
	const char *variant = NULL;
	const struct http_field field = {"variant", HTTP_F_STRING, 0, 16, &variant, NULL};
	int64_t pid, vid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (!err && req->json)
		err = http_decode(resp, req->json, &field, 1);
	if (err)
		return err;
	ka_mapver_init(&v);
	err = ka_mapver_revert_as(req->st, &actor, pid, vid, variant, &v, &req->diag);
	if (!err) {
		snprintf(resp->location, sizeof(resp->location),
		         "/api/processes/%" PRId64 "/maps/%" PRId64, pid, v.id);
		http_etag(resp, v.version);
		http_json(resp, 201, ka_mapver_to_json(&v, false));
	}
	ka_mapver_release(&v);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

/* ---- compare ---- */

static int version_param(struct http_req *req, struct http_resp *resp, const char *param,
                         int64_t *out)
{
	const char *s = http_query(req, param);
	char *end;

	if (!s)
		return http_fail(resp, KA_ERR_USAGE, param,
		                 "the query parameter '%s' (a version id) is required", param);
	*out = strtoll(s, &end, 10);
	if (*end || *out < 1)
		return http_fail(resp, KA_ERR_USAGE, param, "'%s' must be a version id", param);
	return 0;
}

static int get_compare(struct http_req *req, struct http_resp *resp)
{
	int64_t pid, from = 0, to = 0;
	json_t *j;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = version_param(req, resp, "from", &from);
	if (!err)
		err = version_param(req, resp, "to", &to);
	if (err)
		return err;
	err = ka_mapver_compare(req->st, pid, from, to, &j, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, j);
	return 0;
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
    {"POST", "/api/processes/{id}/maps/{vid}/revert", post_revert, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
