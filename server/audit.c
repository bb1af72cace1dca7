/*
 * The audit log: every write through the API records who did it, when,
 * what, and the object before and after, in the same transaction as the
 * write itself (so a rolled-back write leaves no entry).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/banned.h"

int http_audit(struct ka_store *st, const struct http_actor *actor, const char *action,
               const char *object_type, int64_t object_id, const json_t *before,
               const json_t *after, struct ka_diag *diag)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char id[32];
	int err;

	snprintf(id, sizeof(id), "%" PRId64, object_id);
	err = ka_store_exec(
	    st,
	    "INSERT INTO audit_log (user_id, actor, action, object_type, object_id, "
	    "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    (struct ka_val[]){actor && actor->user_id ? ka_int(actor->user_id) : ka_null(),
	                      ka_text(actor && actor->name[0] ? actor->name : NULL),
	                      ka_text(action), ka_text(object_type), ka_text(id), ka_text(b),
	                      ka_text(a)},
	    7, NULL, diag);
	free(b);
	free(a);
	return err;
}

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *json_or_null(const struct ka_val *v)
{
	json_t *j = v->type == KA_VAL_TEXT ? json_loads(v->s, 0, NULL) : NULL;

	return j ? j : json_null();
}

json_t *http_audit_items(const struct ka_rows *rows)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		const struct ka_val *user = ka_rows_at(rows, i, 2), *oid = ka_rows_at(rows, i, 6);

		json_array_append_new(
		    items,
		    json_pack(
		        "{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "id",
		        (json_int_t)ka_rows_at(rows, i, 0)->i, "at",
		        text_or_null(ka_rows_at(rows, i, 1)), "user_id",
		        user->type == KA_VAL_INT ? json_integer(user->i) : json_null(), "actor",
		        text_or_null(ka_rows_at(rows, i, 3)), "action",
		        text_or_null(ka_rows_at(rows, i, 4)), "object_type",
		        text_or_null(ka_rows_at(rows, i, 5)), "object_id",
		        (json_int_t)(oid->type == KA_VAL_TEXT ? strtoll(oid->s, NULL, 10) : 0),
		        "before", json_or_null(ka_rows_at(rows, i, 7)), "after",
		        json_or_null(ka_rows_at(rows, i, 8))));
	}
	return items;
}

/* GET /api/audit (administrators): the whole log, newest first, filtered and paged. */
static int get_audit(struct http_req *req, struct http_resp *resp)
{
	const char *type = http_query(req, "object_type");
	const char *oid = http_query(req, "object_id");
	const char *user = http_query(req, "user_id");
	struct http_page pg;
	struct ka_rows rows;
	struct ka_val params[5];
	int64_t total;
	char *end;
	int err;

	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	if (type && (!*type || strlen(type) > 64))
		return http_fail(resp, KA_ERR_USAGE, "object_type",
		                 "object_type must be a name of at most 64 characters");
	if (oid && (!*oid || strtoll(oid, &end, 10) < 1 || *end))
		return http_fail(resp, KA_ERR_USAGE, "object_id", "object_id must be an id");
	if (user && (!*user || strtoll(user, &end, 10) < 1 || *end))
		return http_fail(resp, KA_ERR_USAGE, "user_id", "user_id must be an id");
	/* NULL parameters match everything: one statement for every combination of filters. */
	params[0] = ka_text(type);
	params[1] = ka_text(oid);
	params[2] = user ? ka_int(strtoll(user, NULL, 10)) : ka_null();
#define AUDIT_WHERE                                                                                \
	" FROM audit_log WHERE (CAST(? AS TEXT) IS NULL OR object_type = ?)"                       \
	" AND (CAST(? AS TEXT) IS NULL OR object_id = ?)"                                          \
	" AND (CAST(? AS BIGINT) IS NULL OR user_id = ?)"
	{
		struct ka_val p6[6] = {params[0], params[0], params[1],
		                       params[1], params[2], params[2]};
		struct ka_val p8[8] = {params[0], params[0], params[1],        params[1],
		                       params[2], params[2], ka_int(pg.limit), ka_int(pg.offset)};

		ka_rows_init(&rows);
		err =
		    ka_store_exec(req->st, "SELECT COUNT(*)" AUDIT_WHERE, p6, 6, &rows, &req->diag);
		total = err ? 0 : ka_rows_at(&rows, 0, 0)->i;
		if (!err)
			err = ka_store_exec(req->st,
			                    "SELECT id, at, user_id, actor, action, object_type,"
			                    " object_id, before_json, after_json" AUDIT_WHERE
			                    " ORDER BY id DESC LIMIT ? OFFSET ?",
			                    p8, 8, &rows, &req->diag);
	}
#undef AUDIT_WHERE
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	http_json(resp, 200, http_page_json(&pg, http_audit_items(&rows), total));
	ka_rows_release(&rows);
	return 0;
}

const struct http_route api_audit_routes[] = {
    {"GET", "/api/audit", get_audit, HTTP_ADMIN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
