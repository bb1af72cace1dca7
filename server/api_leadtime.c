/*
 * GET /api/processes/{id}/maps/{vid}/leadtime: the lead-time analysis
 * (kartla/leadtime.h) of a stored map version, as JSON (the figures, the
 * simulation, per-activity data) or, with format=svg, the histogram of the
 * simulated lead times. compare={vid2} adds the as-is vs to-be comparison
 * against another version of the same process. Read-only: anyone who may
 * read the map may analyse it. Query parameters are checked strictly (400
 * naming the parameter); a map the analysis cannot use is 422 naming the
 * element and the field.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/leadtime.h"
#include "portfolio_api.h"
#include "kartla/banned.h"

#define BPMN_MAX     (8u * 1024u * 1024u)
#define API_MAX_RUNS 100000u /* a request should stay well under a second */
#define API_DEF_RUNS 10000u

struct lt_query {
	struct ka_lt_opts opts;
	uint64_t runs, seed;
	int64_t compare; /* 0: none */
	bool svg;
};

static int bad(struct http_resp *resp, const char *field, const char *what)
{
	return http_fail(resp, KA_ERR_USAGE, field, "'%s' must be %s", field, what);
}

static int query_u64(struct http_req *req, struct http_resp *resp, const char *name, uint64_t max,
                     const char *what, uint64_t *out)
{
	const char *s = http_query(req, name);
	char *end;
	unsigned long long v;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return bad(resp, name, what);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return bad(resp, name, what);
	*out = v;
	return 0;
}

static int query_num(struct http_req *req, struct http_resp *resp, const char *name, double lo,
                     double hi, const char *what, double *out)
{
	const char *s = http_query(req, name);
	char *end;
	double v;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return bad(resp, name, what);
	v = strtod(s, &end);
	if (*end || !(v > lo && v <= hi))
		return bad(resp, name, what);
	*out = v;
	return 0;
}

static int parse_query(struct http_req *req, struct http_resp *resp, struct lt_query *q)
{
	const char *basis = http_query(req, "basis"), *dist = http_query(req, "distribution");
	const char *format = http_query(req, "format");
	uint64_t cmp = 0;
	int err;

	ka_lt_opts_init(&q->opts);
	q->runs = API_DEF_RUNS;
	q->seed = 1;
	err =
	    query_u64(req, resp, "runs", API_MAX_RUNS, "a whole number from 0 to 100000", &q->runs);
	if (!err)
		err = query_u64(req, resp, "seed", UINT64_MAX, "a whole number", &q->seed);
	if (!err)
		err = query_u64(req, resp, "compare", INT64_MAX, "a map version id", &cmp);
	if (!err)
		err = query_num(req, resp, "hours_per_day", 0, 24, "a number above 0, at most 24",
		                &q->opts.hours_per_day);
	if (!err)
		err = query_num(req, resp, "days_per_week", 0, 7, "a number above 0, at most 7",
		                &q->opts.days_per_week);
	if (err)
		return err;
	if (basis && strcmp(basis, "working") && strcmp(basis, "calendar"))
		return bad(resp, "basis", "'working' or 'calendar'");
	q->opts.basis = basis && basis[0] == 'c' ? KA_LT_CALENDAR : KA_LT_WORKING;
	if (dist && strcmp(dist, "pert") && strcmp(dist, "triangular") && strcmp(dist, "uniform"))
		return bad(resp, "distribution", "'pert', 'triangular' or 'uniform'");
	q->opts.dist = !dist || dist[0] == 'p' ? KA_LT_PERT
	               : dist[0] == 't'        ? KA_LT_TRIANGULAR
	                                       : KA_LT_UNIFORM;
	if (format && strcmp(format, "json") && strcmp(format, "svg"))
		return bad(resp, "format", "'json' or 'svg'");
	q->svg = format && format[0] == 's';
	if (q->svg && !q->runs)
		return bad(resp, "runs", "above 0 for the histogram (format=svg)");
	if (q->svg && cmp)
		return bad(resp, "compare", "left out with format=svg");
	if (cmp && cmp < 1)
		return bad(resp, "compare", "a map version id");
	q->compare = (int64_t)cmp;
	q->opts.process_id = http_query(req, "process");
	return 0;
}

/* Loads version vid of process pid and analyses it; answers the failure itself. */
static int analyse(struct http_req *req, struct http_resp *resp, int64_t pid, int64_t vid,
                   const char *field, const struct lt_query *q, struct ka_lt_graph **g,
                   struct ka_lt_result *r)
{
	struct ka_map *m = NULL;
	struct ka_rows rows;
	struct ka_diag d;
	char msg[700];
	int err;

	ka_rows_init(&rows);
	err =
	    ka_store_exec(req->st, "SELECT bpmn FROM map_versions WHERE id = ? AND process_id = ?",
	                  (struct ka_val[]){ka_int(vid), ka_int(pid)}, 2, &rows, &req->diag);
	if (err) {
		ka_rows_release(&rows);
		return http_store_fail(resp, err, &req->diag);
	}
	if (rows.nrows != 1) {
		ka_rows_release(&rows);
		return http_fail(resp, KA_ERR_NOT_FOUND, field,
		                 "no map version %" PRId64 " of process %" PRId64, vid, pid);
	}
	ka_diag_init(&d, "map.bpmn");
	err = ka_map_load(&m, NULL, ka_rows_at(&rows, 0, 0)->s, ka_rows_at(&rows, 0, 0)->len,
	                  BPMN_MAX, &d);
	ka_rows_release(&rows);
	if (!err)
		err = ka_lt_run(m, &q->opts, q->runs, q->seed, g, r, &d);
	ka_map_free(m);
	if (!err)
		return 0;
	ka_diag_format(&d, msg, sizeof(msg));
	if (err == KA_ERR_NOT_FOUND)
		return http_fail(resp, KA_ERR_USAGE, "process", "%s", msg);
	if (err == KA_ERR_USAGE)
		return http_fail(resp, KA_ERR_USAGE, NULL, "%s", msg);
	return http_fail(resp, KA_ERR_BPMN, field, "%s", msg);
}

static int get_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_lt_graph *g = NULL, *g2 = NULL;
	struct ka_lt_result r, r2;
	struct lt_query q;
	int64_t pid, vid;
	int err;

	ka_lt_result_init(&r);
	ka_lt_result_init(&r2);
	err = http_param_id(req, resp, 0, &pid);
	if (!err)
		err = http_param_id(req, resp, 1, &vid);
	if (!err)
		err = parse_query(req, resp, &q);
	if (!err)
		err = analyse(req, resp, pid, vid, "bpmn", &q, &g, &r);
	if (!err && q.compare) {
		/* Another version: to-be against this version as the as-is. */
		q.opts.process_id = NULL;
		err = analyse(req, resp, pid, q.compare, "compare", &q, &g2, &r2);
	}
	if (err)
		goto out;
	if (q.svg) {
		err = ka_lt_histogram_svg(g, &r, &resp->body);
		if (err) {
			err = http_fail(resp, err, NULL, "cannot draw the histogram");
			goto out;
		}
		resp->content_type = "image/svg+xml";
		resp->status = 200;
	} else {
		json_t *j = g2 ? ka_lt_compare_json(g, &r, g2, &r2) : ka_lt_to_json(g, &r);

		json_object_set_new(j, "version_id", json_integer(vid));
		if (g2)
			json_object_set_new(j, "compare_version_id", json_integer(q.compare));
		http_json(resp, 200, j);
	}
out:
	ka_lt_result_release(&r);
	ka_lt_result_release(&r2);
	ka_lt_graph_free(g);
	ka_lt_graph_free(g2);
	return err;
}

const struct http_route api_leadtime_routes[] = {
    {"GET", "/api/processes/{id}/maps/{vid}/leadtime", get_leadtime, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
