/*
 * GET /api/search?q=&type=&limit=&offset=: full-text search over processes
 * and their specifications, map element names, roles, people and handbook
 * pages (kartla/search.h). Results respect visibility: a handbook page for
 * facilitators only is found only by facilitators, model stewards and
 * admins; a page for signed-in users only by signed-in users.
 */
#include <string.h>

#include "kartla/search.h"
#include "server.h"
#include "kartla/banned.h"

/* The snippet without its match markers, and the matched words in order. */
static void snippet_json(const char *s, json_t *item)
{
	struct ka_buf plain, word;
	json_t *match = json_array();
	bool in = false;

	ka_buf_init(&plain, KA_BUF_UNLIMITED);
	ka_buf_init(&word, KA_BUF_UNLIMITED);
	for (; s && *s; s++) {
		if (*s == '\x02') {
			in = true;
			ka_buf_reset(&word);
		} else if (*s == '\x03') {
			in = false;
			if (word.len && json_array_size(match) < 16)
				json_array_append_new(match, json_stringn(word.data, word.len));
		} else {
			ka_buf_addc(&plain, *s);
			if (in)
				ka_buf_addc(&word, *s);
		}
	}
	json_object_set_new(item, "snippet", json_stringn(plain.data, plain.len));
	json_object_set_new(item, "match", match);
	ka_buf_release(&plain);
	ka_buf_release(&word);
}

static json_t *hit_json(const struct ka_rows *r, size_t i)
{
	const struct ka_val *pid = ka_rows_at(r, i, 2), *rank = ka_rows_at(r, i, 5);
	json_t *o = json_pack("{s:s, s:I, s:s}", "type", ka_rows_at(r, i, 0)->s, "id",
	                      (json_int_t)ka_rows_at(r, i, 1)->i, "title",
	                      ka_rows_at(r, i, 3)->s ? ka_rows_at(r, i, 3)->s : "");

	json_object_set_new(o, "process_id",
	                    pid->type == KA_VAL_INT ? json_integer(pid->i) : json_null());
	snippet_json(ka_rows_at(r, i, 4)->s, o);
	json_object_set_new(o, "rank",
	                    json_real(rank->type == KA_VAL_REAL  ? rank->r
	                              : rank->type == KA_VAL_INT ? (double)rank->i
	                                                         : 0.0));
	return o;
}

static int get_search(struct http_req *req, struct http_resp *resp)
{
	struct ka_search_query q = {0};
	struct http_page pg;
	struct ka_rows rows;
	json_t *items, *body;
	int64_t total = 0;
	size_t i;
	int err;

	q.text = http_query(req, "q");
	q.kind = http_query(req, "type");
	if (!q.text || !*q.text)
		return http_fail(resp, KA_ERR_USAGE, "q", "the query parameter q is required");
	if (strlen(q.text) > KA_SEARCH_QUERY_MAX)
		return http_fail(resp, KA_ERR_USAGE, "q", "q is longer than %d bytes",
		                 KA_SEARCH_QUERY_MAX);
	if (q.kind && !*q.kind)
		q.kind = NULL;
	if (q.kind && !ka_search_kind_valid(q.kind))
		return http_fail(resp, KA_ERR_USAGE, "type",
		                 "type must be one of process, element, role, person, page");
	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	q.limit = pg.limit;
	q.offset = pg.offset;
	ka_rows_init(&rows);
	err = ka_store_begin_read(req->st);
	if (!err)
		err = ka_search_vis_of(req->st, req->actor.user_id, req->actor.is_admin, &q.vis,
		                       &req->diag);
	if (!err)
		err = ka_search_query(req->st, &q, &rows, &total, &req->diag);
	if (err == KA_ERR_INVALID) {
		ka_store_rollback(req->st);
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_USAGE, "q",
		                 "nothing to search for: give at least one "
		                 "word");
	}
	if (!err)
		err = ka_store_commit(req->st);
	if (err) {
		if (ka_store_in_tx(req->st))
			ka_store_rollback(req->st);
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(items, hit_json(&rows, i));
	body = http_page_json(&pg, items, total);
	json_object_set_new(body, "q", json_string(q.text));
	http_json(resp, 200, body);
	ka_rows_release(&rows);
	return 0;
}

const struct http_route api_search_routes[] = {
    {"GET", "/api/search", get_search, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
