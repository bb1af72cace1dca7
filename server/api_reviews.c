/*
 * GET /api/reviews over kartla/review.h: processes with their next review
 * date and traffic light, optionally for one owner or one light, plus what
 * is overdue (mapping assignments, training tasks, risk actions,
 * activity-plan items).
 */
#include <stdlib.h>

#include "http.h"
#include "kartla/review.h"
#include "kartla/banned.h"

static int get_reviews(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	const char *owner = http_query(req, "owner");
	struct ka_review_filter f = {0, http_query(req, "light"), 0, 0};
	char today[KA_DATE_LEN];
	struct http_page pg;
	json_t *items, *overdue, *body;
	int64_t total;
	int err;

	if (owner) {
		char *end;

		f.owner = strtoll(owner, &end, 10);
		if (*end || f.owner < 1)
			return http_fail(resp, KA_ERR_USAGE, "owner", "owner must be a person id");
	}
	err = http_page_parse(req, resp, &pg);
	if (err)
		return err;
	f.limit = pg.limit;
	f.offset = pg.offset;
	ka_date_today(today);
	err = ka_review_list(req->st, &actor, &f, today, &items, &total, &overdue, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	body = http_page_json(&pg, items, total);
	json_object_set_new(body, "today", json_string(today));
	json_object_set_new(body, "overdue", overdue);
	http_json(resp, 200, body);
	return 0;
}

const struct http_route api_reviews_routes[] = {
    {"GET", "/api/reviews", get_reviews, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
