/*
 * GET /api/search?q=&type=&lang=&limit=&offset=: full-text search over processes
 * and their specifications, map element names, roles, people and handbook
 * pages, through ka_search_run (kartla/search.h), which checks the query,
 * applies the reader's visibility and builds the hits.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "kartla/search.h"
#include "server.h"
#include "kartla/banned.h"

/* The first of nb, sv, en that an Accept-Language header names (no, nn count as nb). */
static const char *accept_lang(const char *h)
{
	static const struct {
		const char *tag, *lang;
	} tags[] = {{"nb", "nb"}, {"nn", "nb"}, {"no", "nb"}, {"sv", "sv"}, {"en", "en"}};
	size_t i;

	while (h && *h) {
		h += strspn(h, " ,");
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (!strncasecmp(h, tags[i].tag, 2) && !isalpha((unsigned char)h[2]))
				return tags[i].lang;
		h = strchr(h, ',');
	}
	return NULL;
}

static int get_search(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	struct ka_search_query q = {0};
	struct http_page pg;
	json_t *items, *body;
	int64_t total;
	int err;

	q.text = http_query(req, "q");
	q.kind = http_query(req, "type");
	q.lang = http_query(req, "lang");
	if (!q.lang)
		q.lang = accept_lang(http_header(req, "Accept-Language"));
	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	q.limit = pg.limit;
	q.offset = pg.offset;
	q.index = req->srv->search;
	err = ka_search_run(req->st, &actor, &q, &items, &total, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	body = http_page_json(&pg, items, total);
	json_object_set_new(body, "q", json_string(q.text));
	http_json(resp, 200, body);
	return 0;
}

const struct http_route api_search_routes[] = {
    {"GET", "/api/search", get_search, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
