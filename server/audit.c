/*
 * The audit log over HTTP: GET /api/audit for administrators, and the
 * server's bridge to ka_audit_write (kartla/audit.h) for handlers not yet
 * calling the library with a struct ka_actor.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/audit.h"
#include "kartla/banned.h"

int http_audit(struct ka_store *st, const struct http_actor *actor, const char *action,
               const char *object_type, int64_t object_id, const json_t *before,
               const json_t *after, struct ka_diag *diag)
{
	struct ka_actor a = {actor ? actor->user_id : 0, actor && actor->is_admin,
	                     actor ? actor->name : NULL};

	return ka_audit_write(st, &a, action, object_type, object_id, before, after, diag);
}

json_t *http_audit_items(const struct ka_rows *rows)
{
	return ka_audit_items_json(rows);
}

/* GET /api/audit (administrators): the whole log, newest first, filtered and paged. */
static int get_audit(struct http_req *req, struct http_resp *resp)
{
	const char *type = http_query(req, "object_type");
	const char *oid = http_query(req, "object_id");
	const char *user = http_query(req, "user_id");
	struct ka_audit_filter f = {0};
	struct http_page pg;
	json_t *items;
	int64_t total;
	char *end;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	if (type && (!*type || strlen(type) > 64))
		return http_fail(resp, KA_ERR_USAGE, "object_type",
		                 "object_type must be a name of at most 64 characters");
	if (oid && ((f.object_id = strtoll(oid, &end, 10)) < 1 || *end))
		return http_fail(resp, KA_ERR_USAGE, "object_id", "object_id must be an id");
	if (user && ((f.user_id = strtoll(user, &end, 10)) < 1 || *end))
		return http_fail(resp, KA_ERR_USAGE, "user_id", "user_id must be an id");
	f.object_type = type;
	f.limit = pg.limit;
	f.offset = pg.offset;
	err = ka_audit_list(req->st, &f, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, http_page_json(&pg, items, total));
	return 0;
}

const struct http_route api_audit_routes[] = {
    {"GET", "/api/audit", get_audit, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
