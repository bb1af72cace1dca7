/*
 * Lead-time analysis (kartla/leadtime.h) over HTTP:
 *   GET /api/processes/{id}/maps/{vid}/leadtime: a stored map version, as
 *     JSON (figures, simulation, per-activity data) or, with format=svg, the
 *     histogram of the simulated lead times; compare={vid2} adds the as-is
 *     vs to-be comparison against another version of the same process.
 *     Anyone who may read the map may analyse it.
 *   POST /api/leadtime: what-if analysis of BPMN sent in the body (the
 *     editor's estimates before they are saved); nothing is stored.
 * Options are checked strictly (400 naming the query parameter, 422 naming
 * the body field); a map the analysis cannot use is 422 naming the element.
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
/* Expected activity executions of one request's simulation: about 3 s of one core. */
#define API_MAX_EXECUTIONS 2e8

struct lt_query {
	struct ka_lt_opts opts;
	uint64_t runs, seed;
	int64_t compare; /* 0: none */
	bool svg;
	int code; /* for option mistakes: KA_ERR_USAGE (query) or KA_ERR_INVALID (body) */
};

/* Option values as given, before they are checked. */
struct lt_raw {
	const char *basis, *dist, *format, *process;
	double hpd, dpw;
	int64_t runs, seed, compare;
	bool has_hpd, has_dpw, has_runs, has_seed, has_compare;
};

static int bad(struct http_resp *resp, int code, const char *field, const char *what)
{
	return http_fail(resp, code, field, "'%s' must be %s", field, what);
}

/* Checks the values (code: KA_ERR_USAGE for query parameters, KA_ERR_INVALID for a body). */
static int check_raw(struct http_resp *resp, int code, const struct lt_raw *w, struct lt_query *q)
{
	ka_lt_opts_init(&q->opts);
	q->runs = API_DEF_RUNS;
	q->seed = 1;
	if (w->has_runs && (w->runs < 0 || w->runs > (int64_t)API_MAX_RUNS))
		return bad(resp, code, "runs", "a whole number from 0 to 100000");
	if (w->has_seed && w->seed < 0)
		return bad(resp, code, "seed", "a whole number from 0");
	if (w->has_compare && w->compare < 1)
		return bad(resp, code, "compare", "a map version id");
	if (w->has_hpd && !(w->hpd > 0 && w->hpd <= 24))
		return bad(resp, code, "hours_per_day", "a number above 0, at most 24");
	if (w->has_dpw && !(w->dpw > 0 && w->dpw <= 7))
		return bad(resp, code, "days_per_week", "a number above 0, at most 7");
	if (w->basis && strcmp(w->basis, "working") && strcmp(w->basis, "calendar"))
		return bad(resp, code, "basis", "'working' or 'calendar'");
	if (w->dist && strcmp(w->dist, "pert") && strcmp(w->dist, "triangular") &&
	    strcmp(w->dist, "uniform"))
		return bad(resp, code, "distribution", "'pert', 'triangular' or 'uniform'");
	if (w->format && strcmp(w->format, "json") && strcmp(w->format, "svg"))
		return bad(resp, code, "format", "'json' or 'svg'");
	if (w->has_runs)
		q->runs = (uint64_t)w->runs;
	if (w->has_seed)
		q->seed = (uint64_t)w->seed;
	if (w->has_hpd)
		q->opts.hours_per_day = w->hpd;
	if (w->has_dpw)
		q->opts.days_per_week = w->dpw;
	q->opts.basis = w->basis && w->basis[0] == 'c' ? KA_LT_CALENDAR : KA_LT_WORKING;
	q->opts.dist = !w->dist || w->dist[0] == 'p' ? KA_LT_PERT
	               : w->dist[0] == 't'           ? KA_LT_TRIANGULAR
	                                             : KA_LT_UNIFORM;
	q->svg = w->format && w->format[0] == 's';
	if (q->svg && !q->runs)
		return bad(resp, code, "runs", "above 0 for the histogram (format svg)");
	q->compare = w->has_compare ? w->compare : 0;
	q->opts.process_id = w->process;
	return 0;
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
		return bad(resp, KA_ERR_USAGE, name, what);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return bad(resp, KA_ERR_USAGE, name, what);
	*out = v;
	*has = true;
	return 0;
}

static int query_num(struct http_req *req, struct http_resp *resp, const char *name,
                     const char *what, double *out, bool *has)
{
	const char *s = http_query(req, name);
	char *end;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return bad(resp, KA_ERR_USAGE, name, what);
	*out = strtod(s, &end);
	if (*end)
		return bad(resp, KA_ERR_USAGE, name, what);
	*has = true;
	return 0;
}

static int parse_query(struct http_req *req, struct http_resp *resp, struct lt_query *q)
{
	struct lt_raw w;
	int err;

	memset(&w, 0, sizeof(w));
	w.basis = http_query(req, "basis");
	w.dist = http_query(req, "distribution");
	w.format = http_query(req, "format");
	w.process = http_query(req, "process");
	err = query_int(req, resp, "runs", "a whole number from 0 to 100000", &w.runs, &w.has_runs);
	if (!err)
		err = query_int(req, resp, "seed", "a whole number from 0", &w.seed, &w.has_seed);
	if (!err)
		err =
		    query_int(req, resp, "compare", "a map version id", &w.compare, &w.has_compare);
	if (!err)
		err = query_num(req, resp, "hours_per_day", "a number above 0, at most 24", &w.hpd,
		                &w.has_hpd);
	if (!err)
		err = query_num(req, resp, "days_per_week", "a number above 0, at most 7", &w.dpw,
		                &w.has_dpw);
	if (!err)
		err = check_raw(resp, KA_ERR_USAGE, &w, q);
	if (!err && q->svg && q->compare)
		err = bad(resp, KA_ERR_USAGE, "compare", "left out with format=svg");
	return err;
}

/* Analyses BPMN text; answers the failure itself (field: where the map came from). */
static int analyse_text(struct http_resp *resp, const char *bpmn, size_t len, const char *field,
                        const struct lt_query *q, struct ka_lt_graph **g, struct ka_lt_result *r)
{
	struct ka_map *m = NULL;
	struct ka_diag d;
	char msg[700];
	int err;

	ka_diag_init(&d, "map.bpmn");
	err = ka_map_load(&m, NULL, bpmn, len, BPMN_MAX, &d);
	ka_lt_result_init(r);
	if (!err)
		err = ka_lt_graph_build(g, m, &q->opts, &d);
	if (!err)
		err = ka_lt_analyse(*g, r, &d);
	if (!err && q->runs) {
		double per_case = 0;
		size_t i;

		for (i = 0; i < r->nacts; i++)
			per_case += r->acts[i].visits;
		if (per_case * (double)q->runs > API_MAX_EXECUTIONS)
			err =
			    ka_diag_set(&d, KA_ERR_LIMIT, 0, 0, NULL,
			                "%llu runs of about %.0f activity executions each are over "
			                "the server's limit of %.0f executions: ask for fewer runs",
			                (unsigned long long)q->runs, per_case, API_MAX_EXECUTIONS);
		else
			err = ka_lt_simulate(*g, q->runs, q->seed, r, &d);
	}
	if (m)
		ka_map_free(m);
	if (err) {
		ka_lt_graph_free(*g);
		*g = NULL;
		ka_lt_result_release(r);
	}
	if (!err)
		return 0;
	if (err == KA_ERR_LIMIT && !d.line)
		return http_fail(resp, q->code, "runs", "%s", d.message);
	ka_diag_format(&d, msg, sizeof(msg));
	if (err == KA_ERR_NOT_FOUND)
		return http_fail(resp, q->code, "process", "%s", msg);
	if (err == KA_ERR_USAGE)
		return http_fail(resp, q->code, NULL, "%s", msg);
	if (err == KA_ERR_TOO_BIG)
		return http_fail(resp, KA_ERR_INVALID, field, "the map is too large: %s", msg);
	if (err != KA_ERR_XML && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	return http_fail(resp, err, field, "%s", msg);
}

/* Loads version vid of process pid and analyses it; answers the failure itself. */
static int analyse(struct http_req *req, struct http_resp *resp, int64_t pid, int64_t vid,
                   const char *field, const struct lt_query *q, struct ka_lt_graph **g,
                   struct ka_lt_result *r)
{
	struct ka_rows rows;
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
	err = analyse_text(resp, ka_rows_at(&rows, 0, 0)->s, ka_rows_at(&rows, 0, 0)->len,
	                   field == NULL ? "bpmn" : field, q, g, r);
	ka_rows_release(&rows);
	return err;
}

/* The answer: the histogram, the analysis, or the comparison. */
static int answer(struct http_resp *resp, const struct lt_query *q, struct ka_lt_graph *g,
                  struct ka_lt_result *r, struct ka_lt_graph *g2, struct ka_lt_result *r2,
                  json_t **out)
{
	if (q->svg) {
		if (ka_lt_histogram_svg(g, r, &resp->body))
			return http_fail(resp, KA_ERR_IO, NULL, "cannot draw the histogram");
		resp->content_type = "image/svg+xml";
		resp->status = 200;
		*out = NULL;
		return 0;
	}
	*out = g2 ? ka_lt_compare_json(g, r, g2, r2) : ka_lt_to_json(g, r);
	return 0;
}

static int get_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_lt_graph *g = NULL, *g2 = NULL;
	struct ka_lt_result r, r2;
	struct lt_query q;
	json_t *j = NULL;
	int64_t pid, vid;
	int err;

	ka_lt_result_init(&r);
	ka_lt_result_init(&r2);
	memset(&q, 0, sizeof(q));
	q.code = KA_ERR_USAGE;
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
	if (!err)
		err = answer(resp, &q, g, &r, g2, &r2, &j);
	if (!err && j) {
		json_object_set_new(j, "version_id", json_integer(vid));
		if (g2)
			json_object_set_new(j, "compare_version_id", json_integer(q.compare));
		http_json(resp, 200, j);
	}
	ka_lt_result_release(&r);
	ka_lt_result_release(&r2);
	ka_lt_graph_free(g);
	ka_lt_graph_free(g2);
	return err;
}

static int post_leadtime(struct http_req *req, struct http_resp *resp)
{
	struct ka_lt_graph *g = NULL, *g2 = NULL;
	struct ka_lt_result r, r2;
	struct lt_query q;
	struct lt_raw w;
	const char *bpmn = NULL, *other = NULL;
	json_t *j = NULL;
	const struct http_field fields[] = {
	    {"bpmn", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, BPMN_MAX, &bpmn, NULL},
	    {"compare_bpmn", HTTP_F_STRING, HTTP_F_NONEMPTY, BPMN_MAX, &other, NULL},
	    {"runs", HTTP_F_INT, 0, 0, &w.runs, &w.has_runs},
	    {"seed", HTTP_F_INT, 0, 0, &w.seed, &w.has_seed},
	    {"basis", HTTP_F_STRING, 0, 16, &w.basis, NULL},
	    {"hours_per_day", HTTP_F_NUMBER, 0, 0, &w.hpd, &w.has_hpd},
	    {"days_per_week", HTTP_F_NUMBER, 0, 0, &w.dpw, &w.has_dpw},
	    {"distribution", HTTP_F_STRING, 0, 16, &w.dist, NULL},
	    {"process", HTTP_F_STRING, 0, 1000, &w.process, NULL},
	    {"format", HTTP_F_STRING, 0, 8, &w.format, NULL},
	};
	int err;

	ka_lt_result_init(&r);
	ka_lt_result_init(&r2);
	memset(&q, 0, sizeof(q));
	memset(&w, 0, sizeof(w));
	q.code = KA_ERR_INVALID;
	err = http_require_object(req, resp);
	if (!err)
		err = http_decode(resp, req->json, fields, sizeof(fields) / sizeof(fields[0]));
	if (!err)
		err = check_raw(resp, KA_ERR_INVALID, &w, &q);
	if (!err && q.svg && other)
		err = bad(resp, KA_ERR_INVALID, "compare_bpmn", "left out with format svg");
	if (!err)
		err = analyse_text(resp, bpmn, strlen(bpmn), "bpmn", &q, &g, &r);
	if (!err && other) {
		q.opts.process_id = NULL;
		err = analyse_text(resp, other, strlen(other), "compare_bpmn", &q, &g2, &r2);
	}
	if (!err)
		err = answer(resp, &q, g, &r, g2, &r2, &j);
	if (!err && j)
		http_json(resp, 200, j);
	ka_lt_result_release(&r);
	ka_lt_result_release(&r2);
	ka_lt_graph_free(g);
	ka_lt_graph_free(g2);
	return err;
}

const struct http_route api_leadtime_routes[] = {
    {"GET", "/api/processes/{id}/maps/{vid}/leadtime", get_leadtime, HTTP_READER},
    {"POST", "/api/leadtime", post_leadtime, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
