/*
 * A search from request to answer (search.h, ka_search_run): the query's
 * rules, the reader's visibility, one read-only snapshot, and the hits as
 * JSON with the snippet split into plain text and matched words. What the
 * server's GET /api/search and `kartla search` share.
 */
#include <math.h>
#include <string.h>

#include "kartla/search.h"
#include "kartla/banned.h"

/* The snippet without its match markers, and the matched words in order. */
static void snippet_json(const char *s, json_t *item)
{
	struct ka_buf plain;
	json_t *match = json_array();

	ka_buf_init(&plain, KA_BUF_UNLIMITED);
	while (s && *s) {
		size_t run = strcspn(s, "\x02\x03");

		ka_buf_add(&plain, s, run); /* text outside a mark, or an unclosed mark's */
		s += run;
		if (*s == '\x02') {
			size_t word = strcspn(++s, "\x02\x03");

			if (s[word] == '\x03' && word && json_array_size(match) < 16)
				json_array_append_new(match, json_stringn(s, word));
			ka_buf_add(&plain, s, word);
			s += word;
		}
		if (*s == '\x03')
			s++;
	}
	json_object_set_new(item, "snippet", json_stringn(plain.data, plain.len));
	json_object_set_new(item, "match", match);
	ka_buf_release(&plain);
}

static json_t *hit_json(const struct ka_rows *r, size_t i, const char *lang)
{
	const char *pname = ka_search_process_name(r, i, lang);
	const struct ka_val *pid = ka_rows_at(r, i, KA_SEARCH_COL_PROCESS_ID);
	const struct ka_val *rank = ka_rows_at(r, i, KA_SEARCH_COL_RANK);
	const struct ka_val *title = ka_rows_at(r, i, KA_SEARCH_COL_TITLE);
	json_t *o = json_pack("{s:s, s:I, s:s}", "type", ka_rows_at(r, i, KA_SEARCH_COL_KIND)->s,
	                      "id", (json_int_t)ka_rows_at(r, i, KA_SEARCH_COL_REF_ID)->i, "title",
	                      title->s ? title->s : "");

	json_object_set_new(o, "process_id",
	                    pid->type == KA_VAL_INT ? json_integer(pid->i) : json_null());
	json_object_set_new(o, "process_name", pname ? json_string(pname) : json_null());
	snippet_json(ka_rows_at(r, i, KA_SEARCH_COL_SNIPPET)->s, o);
	/* to 0.001: enough to order by, and written without printf (json_dump.c) */
	json_object_set_new(o, "rank",
	                    json_real(round((rank->type == KA_VAL_REAL  ? rank->r
	                                     : rank->type == KA_VAL_INT ? (double)rank->i
	                                                                : 0.0) *
	                                    1000.0) /
	                              1000.0));
	return o;
}

int ka_search_run(struct ka_store *st, const struct ka_actor *actor,
                  const struct ka_search_query *q, json_t **items, int64_t *total,
                  struct ka_diag *diag)
{
	struct ka_search_query query = *q;
	struct ka_rows rows;
	size_t i;
	int err;

	*items = NULL;
	*total = 0;
	if (!q->text || !*q->text)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "q",
		                   "the query parameter q is required");
	if (strlen(q->text) > KA_SEARCH_QUERY_MAX)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "q", "q is longer than %d bytes",
		                   KA_SEARCH_QUERY_MAX);
	if (query.lang && strcmp(query.lang, "nb") && strcmp(query.lang, "sv") &&
	    strcmp(query.lang, "en"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "lang", "lang must be nb, sv or en");
	if (query.kind && !*query.kind)
		query.kind = NULL;
	if (query.kind && !ka_search_kind_valid(query.kind))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "type",
		                   "type must be one of process, element, role, person, page");
	ka_rows_init(&rows);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_search_vis_of(st, actor->user_id, actor->is_admin, &query.vis, diag);
	if (!err)
		err = ka_search_query(st, &query, &rows, total, diag);
	if (err == KA_ERR_INVALID)
		err = ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "q",
		                  "nothing to search for: give at least one word");
	if (!err)
		err = ka_store_commit(st);
	else if (ka_store_in_tx(st))
		ka_store_rollback(st);
	if (err) {
		ka_rows_release(&rows);
		return err;
	}
	*items = json_array();
	for (i = 0; i < rows.nrows; i++)
		json_array_append_new(*items, hit_json(&rows, i, query.lang));
	ka_rows_release(&rows);
	return 0;
}
