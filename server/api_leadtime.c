/*
 * Lead-time analysis (kartla/leadtime.h, kartla/lt_store.h) over HTTP:
 *   GET /api/processes/{id}/maps/{vid}/leadtime: a stored map version, as
 *     JSON (figures, simulation, per-activity data) or, with format=svg, the
 *     histogram of the simulated lead times; compare={vid2} adds the as-is
 *     vs to-be comparison against another version of the same process.
 *     Anyone who may read the map may analyse it.
 *   POST /api/leadtime: what-if analysis of BPMN sent in the body (the
 *     editor's estimates before they are saved); nothing is stored.
 * The handlers decode the query or body; the library checks the options
 * (400 naming the query parameter, 422 naming the body field), runs the
 * analysis and names what the map got wrong.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/lt_store.h"
#include "kartla/banned.h"

static int bad(struct http_resp *resp, const char *field, const char *what)
{
	return http_fail(resp, KA_ERR_USAGE, field, "'%s' must be %s", field, what);
}

/* A non-negative whole number query parameter (up to INT64_MAX). */
static int query_int(struct http_req *req, struct http_resp *resp, const char *name,
                     const char *what, int64_t *out, bool *has)
{
	const char *s = http_query(req, name);
	char *end;
	long long v;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return bad(resp, name, what);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return bad(resp, name, what);
	*out = v;
	*has = true;
	return 0;
}

/* A decimal number query parameter (no hexadecimal, infinity or NaN spellings). */
static int query_num(struct http_req *req, struct http_resp *resp, const char *name,
                     const char *what, double *out, bool *has)
{
	const char *s = http_query(req, name);
	char *end;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9' || s[strspn(s, "0123456789.eE+-")])
		return bad(resp, name, what);
	*out = strtod(s, &end);
	if (*end)
		return bad(resp, name, what);
	*has = true;
	return 0;
}

static int parse_query(struct http_req *req, struct http_resp *resp, struct ka_lt_request *q)
{
	struct ka_lt_request_raw w;
	int err;

	memset(&w, 0, sizeof(w));
	w.basis = http_query(req, "basis");
	w.dist = http_query(req, "distribution");
	w.format = http_query(req, "format");
	w.lang = http_query(req, "lang");
	w.process = http_query(req, "process");
	err = query_int(req, resp, "runs", "a whole number from 0 to 100000", &w.runs, &w.has_runs);
	if (!err)
		err = query_int(req, resp, "seed", "a whole number from 0", &w.seed, &w.has_seed);
	if (!err)
		err =
		    query_int(req, resp, "compare", "a map version id", &w.compare, &w.has_compare);
	if (!err)
		err = query_num(req, resp, "hours_per_day", "a number from 1 to 24", &w.hpd,
		                &w.has_hpd);
	if (!err)
		err = query_num(req, resp, "days_per_week", "a number from 1 to 7", &w.dpw,
		                &w.has_dpw);
	if (!err && (err = ka_lt_request_check(q, &w, KA_ERR_USAGE, &req->diag)))
		return http_fail_diag(resp, err, &req->diag);
	return err;
}

/* The analysis as JSON, or the histogram already in resp->body. */
static int answer(struct http_resp *resp, json_t *j)
{
	if (j) {
		http_json(resp, 200, j);
		return 0;
	}
	resp->content_type = "image/svg+xml";
	resp->status = 200;
	return 0;
}

static int get_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_lt_request q;
	json_t *j = NULL;
	int64_t pid, vid;
	int err;

	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (!err)
		err = parse_query(req, resp, &q);
	if (err)
		return err;
	err = ka_lt_store_run(req->st, pid, vid, &q, &j, &resp->body, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	return answer(resp, j);
}

static int post_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_lt_request q;
	struct ka_lt_request_raw w;
	const char *bpmn = NULL, *other = NULL;
	json_t *j = NULL;
	const struct http_field fields[] = {
	    {"bpmn", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, KA_LT_REQUEST_MAX_BPMN,
	     &bpmn, NULL},
	    {"compare_bpmn", HTTP_F_STRING, HTTP_F_NONEMPTY, KA_LT_REQUEST_MAX_BPMN, &other,
	     &w.has_compare_bpmn},
	    {"runs", HTTP_F_INT, 0, 0, &w.runs, &w.has_runs},
	    {"seed", HTTP_F_INT, 0, 0, &w.seed, &w.has_seed},
	    {"basis", HTTP_F_STRING, 0, 16, &w.basis, NULL},
	    {"hours_per_day", HTTP_F_NUMBER, 0, 0, &w.hpd, &w.has_hpd},
	    {"days_per_week", HTTP_F_NUMBER, 0, 0, &w.dpw, &w.has_dpw},
	    {"distribution", HTTP_F_STRING, 0, 16, &w.dist, NULL},
	    {"process", HTTP_F_STRING, 0, 1000, &w.process, NULL},
	    {"format", HTTP_F_STRING, 0, 8, &w.format, NULL},
	    {"lang", HTTP_F_STRING, 0, 8, &w.lang, NULL},
	};
	int err;

	memset(&w, 0, sizeof(w));
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (err)
		return err;
	err = ka_lt_request_check(&q, &w, KA_ERR_INVALID, &req->diag);
	if (!err)
		err = ka_lt_request_run(&q, bpmn, strlen(bpmn), "bpmn", other,
		                        other ? strlen(other) : 0, "compare_bpmn", &j, &resp->body,
		                        &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	return answer(resp, j);
}

const struct http_route api_leadtime_routes[] = {
    {"GET", "/api/processes/{id}/maps/{vid}/leadtime", get_leadtime, HTTP_READER},
    {"POST", "/api/leadtime", post_leadtime, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
