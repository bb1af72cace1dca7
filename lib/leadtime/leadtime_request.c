/*
 * One lead-time analysis as a service answers it (the server's GET and
 * POST /api/leadtime): the options checked with the name of the bad one,
 * the server's limits (runs, expected activity executions, map size), the
 * analysis of BPMN text with or without a comparison, and a failure named
 * by the field it came from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

static int bad(struct ka_diag *diag, int code, const char *field, const char *what)
{
	return ka_diag_set(diag, code, 0, 0, field, "'%s' must be %s", field, what);
}

static int check_values(const struct ka_lt_request_raw *w, int code, struct ka_diag *diag)
{
	char what[80];

	if (w->has_runs && (w->runs < 0 || w->runs > (int64_t)KA_LT_REQUEST_MAX_RUNS))
		return bad(diag, code, "runs", "a whole number from 0 to 100000");
	if (w->has_seed && w->seed < 0)
		return bad(diag, code, "seed", "a whole number from 0");
	if (w->has_compare && w->compare < 1)
		return bad(diag, code, "compare", "a map version id");
	if (w->has_hpd &&
	    !(w->hpd >= KA_LT_MIN_HOURS_PER_DAY && w->hpd <= KA_LT_MAX_HOURS_PER_DAY)) {
		snprintf(what, sizeof(what), "a number from %g to %g", KA_LT_MIN_HOURS_PER_DAY,
		         KA_LT_MAX_HOURS_PER_DAY);
		return bad(diag, code, "hours_per_day", what);
	}
	if (w->has_dpw &&
	    !(w->dpw >= KA_LT_MIN_DAYS_PER_WEEK && w->dpw <= KA_LT_MAX_DAYS_PER_WEEK)) {
		snprintf(what, sizeof(what), "a number from %g to %g", KA_LT_MIN_DAYS_PER_WEEK,
		         KA_LT_MAX_DAYS_PER_WEEK);
		return bad(diag, code, "days_per_week", what);
	}
	if (w->basis && strcmp(w->basis, "working") && strcmp(w->basis, "calendar"))
		return bad(diag, code, "basis", "'working' or 'calendar'");
	if (w->dist && strcmp(w->dist, "pert") && strcmp(w->dist, "triangular") &&
	    strcmp(w->dist, "uniform"))
		return bad(diag, code, "distribution", "'pert', 'triangular' or 'uniform'");
	if (w->format && strcmp(w->format, "json") && strcmp(w->format, "svg"))
		return bad(diag, code, "format", "'json' or 'svg'");
	if (w->lang && strcmp(w->lang, "nb") && strcmp(w->lang, "sv") && strcmp(w->lang, "en"))
		return bad(diag, code, "lang", "'nb', 'sv' or 'en'");
	return 0;
}

int ka_lt_request_check(struct ka_lt_request *q, const struct ka_lt_request_raw *w, int code,
                        struct ka_diag *diag)
{
	int err;

	memset(q, 0, sizeof(*q));
	ka_lt_opts_init(&q->opts);
	q->code = code;
	q->runs = w->has_runs ? (uint64_t)w->runs : KA_LT_REQUEST_DEF_RUNS;
	q->seed = 1;
	err = check_values(w, code, diag);
	if (err)
		return err;
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
	q->opts.process_id = w->process;
	q->svg = w->format && w->format[0] == 's';
	q->lang = w->lang;
	q->compare = w->has_compare ? w->compare : 0;
	if (q->svg && !q->runs)
		return bad(diag, code, "runs", "above 0 for the histogram (format svg)");
	if (q->svg && q->compare)
		return bad(diag, code, "compare", "left out with format=svg");
	if (q->svg && w->has_compare_bpmn)
		return bad(diag, code, "compare_bpmn", "left out with format svg");
	return 0;
}

/* The simulation, unless it would run more executions than a request may. */
static int simulate(const struct ka_lt_request *q, const struct ka_lt_graph *g,
                    struct ka_lt_result *r, struct ka_diag *d)
{
	double per_case = 0;
	size_t i;

	for (i = 0; i < r->nacts; i++)
		per_case += r->acts[i].visits;
	if (per_case * (double)q->runs > KA_LT_REQUEST_MAX_EXECUTIONS)
		return ka_diag_set(d, KA_ERR_LIMIT, 0, 0, NULL,
		                   "%llu runs of about %.0f activity executions each are over "
		                   "the server's limit of %.0f executions: ask for fewer runs",
		                   (unsigned long long)q->runs, per_case,
		                   KA_LT_REQUEST_MAX_EXECUTIONS);
	return ka_lt_simulate(g, q->runs, q->seed, r, d);
}

/* Names a failure of the analysis of the map from `field` for the caller. */
static int name_failure(const struct ka_lt_request *q, int err, const struct ka_diag *d,
                        const char *field, struct ka_diag *diag)
{
	if (err == KA_ERR_LIMIT && !d->line) { /* the message as it is, still translatable */
		struct ka_diag m = *d;

		if (!diag)
			return q->code;
		snprintf(m.element_id, sizeof(m.element_id), "runs");
		m.line = m.column = 0;
		m.file = diag->file;
		*diag = m;
		return q->code;
	}
	if (err == KA_ERR_NOT_FOUND)
		return ka_diag_set_nested(diag, q->code, 0, 0, "process", NULL, d);
	if (err == KA_ERR_USAGE)
		return ka_diag_set_nested(diag, q->code, 0, 0, NULL, NULL, d);
	if (err == KA_ERR_TOO_BIG)
		return ka_diag_set_nested(diag, KA_ERR_INVALID, 0, 0, field,
		                          "the map is too large: %s", d);
	if (err != KA_ERR_XML && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	return ka_diag_set_nested(diag, err, 0, 0, field, NULL, d);
}

static int analyse(const struct ka_lt_request *q, const struct ka_lt_opts *opts, const char *bpmn,
                   size_t len, const char *field, struct ka_lt_graph **g, struct ka_lt_result *r,
                   struct ka_diag *diag)
{
	struct ka_read_opts ro;
	struct ka_map *m = NULL;
	struct ka_diag d;
	int err;

	ka_diag_init(&d, "map.bpmn");
	ka_read_opts_init(&ro);
	ro.limits.max_bytes = KA_LT_REQUEST_MAX_BPMN;
	*g = NULL;
	ka_lt_result_init(r);
	err = ka_bpmn_read(&m, bpmn, len, "map.bpmn", &ro, &d);
	if (!err)
		err = ka_lt_graph_build(g, m, opts, &d);
	if (!err)
		err = ka_lt_analyse(*g, r, &d);
	if (!err && q->runs)
		err = simulate(q, *g, r, &d);
	if (m)
		ka_map_free(m);
	if (!err)
		return 0;
	ka_lt_graph_free(*g);
	*g = NULL;
	ka_lt_result_release(r);
	return name_failure(q, err, &d, field, diag);
}

int ka_lt_request_run(const struct ka_lt_request *q, const char *bpmn, size_t len,
                      const char *field, const char *other, size_t other_len,
                      const char *other_field, json_t **json, struct ka_buf *svg,
                      struct ka_diag *diag)
{
	struct ka_lt_graph *g = NULL, *g2 = NULL;
	struct ka_lt_result r, r2;
	struct ka_lt_opts o2 = q->opts;
	int err;

	*json = NULL;
	ka_lt_result_init(&r2);
	err = analyse(q, &q->opts, bpmn, len, field, &g, &r, diag);
	if (err)
		return err;
	if (other) {
		/* the to-be: its own (only or first) process */
		o2.process_id = NULL;
		err = analyse(q, &o2, other, other_len, other_field, &g2, &r2, diag);
	}
	if (!err && q->svg && ka_lt_histogram_svg_lang(g, &r, q->lang, svg))
		err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot draw the histogram");
	else if (!err && !q->svg)
		*json = g2 ? ka_lt_compare_json(g, &r, g2, &r2) : ka_lt_to_json(g, &r);
	ka_lt_result_release(&r);
	ka_lt_result_release(&r2);
	ka_lt_graph_free(g);
	ka_lt_graph_free(g2);
	return err;
}
