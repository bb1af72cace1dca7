/*
 * Lead-time analysis of one process of a map (docs/leadtime.md): the
 * process's flow compiled into flat arrays from Kartla's extension data
 * (process and wait times, %C&A, value-adding, branch probabilities), then
 * analysed two ways:
 *   - analytically: expected lead and process time (exclusive branches
 *     weighted by probability, loops as an absorbing Markov chain, parallel
 *     branches by their longest expected branch: the critical-path
 *     approximation, which is a lower bound of the true expectation);
 *   - by Monte Carlo simulation: seeded, reproducible, three-point estimates
 *     drawn from PERT or triangular distributions, parallel branches joined
 *     at their latest arrival.
 * Two maps compare figure by figure and activity by activity.
 *
 * Times inside are hours of the chosen basis: working time (a day of
 * waiting is one working day of hours_per_day hours, work counts in
 * working hours) or calendar time (24-hour days).
 *
 * Ownership: a graph owns its arrays and copies of every string it shows,
 * so it outlives the map it was built from; results own their arrays and are
 * released with their *_release function.
 */
#ifndef KARTLA_LEADTIME_H
#define KARTLA_LEADTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"

enum ka_lt_basis { KA_LT_WORKING = 0, KA_LT_CALENDAR };
enum ka_lt_dist { KA_LT_PERT = 0, KA_LT_TRIANGULAR, KA_LT_UNIFORM };

#define KA_LT_DEFAULT_RUNS 10000u
#define KA_LT_MAX_RUNS     10000000u
/*
 * The sensible working week: at least an hour a day and a day a week (a day
 * of 1e-300 hours turns every figure into nonsense), at most 24 and 7.
 */
#define KA_LT_MIN_HOURS_PER_DAY 1.0
#define KA_LT_MAX_HOURS_PER_DAY 24.0
#define KA_LT_MIN_DAYS_PER_WEEK 1.0
#define KA_LT_MAX_DAYS_PER_WEEK 7.0

struct ka_lt_opts {
	enum ka_lt_basis basis;
	double hours_per_day;   /* working basis: default 7.5 */
	double days_per_week;   /* working basis: default 5 */
	enum ka_lt_dist dist;   /* for three-point estimates in the simulation: default PERT */
	const char *process_id; /* NULL: the map's only (or first) process with flow nodes */
};

void ka_lt_opts_init(struct ka_lt_opts *o);
/*
 * Checks the option values (hours per day and days per week within the
 * bounds above); KA_ERR_USAGE with a message in diag, and the option's name
 * ("hours_per_day", "days_per_week") in diag->element_id, when one is off.
 */
int ka_lt_opts_check(const struct ka_lt_opts *o, struct ka_diag *diag);
const char *ka_lt_basis_name(enum ka_lt_basis b);
const char *ka_lt_dist_name(enum ka_lt_dist d);

struct ka_lt_graph; /* compiled flow, see lib/leadtime_int.h */

/*
 * Compiles the process of `m` chosen by opts. Bad input (a split's
 * probabilities not adding up to 1, a loop that never ends, an unknown
 * process id, a join that can never fire...) fails with KA_ERR_BPMN or
 * KA_ERR_NOT_FOUND and a message naming the element and field. Warnings
 * (missing probabilities taken as uniform, ignored elements) are kept in
 * the graph. *out is NULL on error.
 */
int ka_lt_graph_build(struct ka_lt_graph **out, const struct ka_map *m,
                      const struct ka_lt_opts *opts, struct ka_diag *diag);
void ka_lt_graph_free(struct ka_lt_graph *g);

size_t ka_lt_graph_nwarnings(const struct ka_lt_graph *g);
const char *ka_lt_graph_warning(const struct ka_lt_graph *g, size_t i);

/* One activity's figures (times in basis hours). */
struct ka_lt_act {
	const char *id, *name, *lane; /* borrowed from the graph; lane NULL when none */
	const char *names[3];         /* the name's nb, sv, en translations (graph's); NULL: none */
	double wait, process;         /* the estimates (single value or most likely) */
	double wait_mean, process_mean; /* means of the simulated distributions */
	bool three_point;               /* wait or process given as min/mostLikely/max */
	int value_adding;               /* 1, 0, or -1 when not given */
	double cna;                     /* %C&A 0..100, or -1 when not given */
	double visits;                  /* expected executions per case */
	bool critical;                  /* on the analytic critical path */
	double criticality;             /* simulation: share of runs on the critical path */
	double sim_executions;          /* simulation: mean executions per case */
};

struct ka_lt_lane {
	const char *name; /* borrowed from the graph */
	double work;      /* expected process hours per case */
	double wait;      /* expected wait hours per case */
};

/* Analytic results; times in basis hours. */
struct ka_lt_result {
	double lead;            /* expected lead time (critical-path approximation) */
	double process;         /* expected process time along the critical path */
	double work;            /* expected work over every branch (sum of all process time) */
	double wait;            /* lead - process */
	double ratio;           /* activity ratio / flow efficiency: process / lead (0..1) */
	double value_adding;    /* expected process time of value-adding activities */
	double rolled_cna;      /* 0..1: product of %C&A over activities, weighted by visits */
	double handoffs;        /* expected lane changes per case */
	bool has_parallel;      /* some parallel/inclusive block was approximated */
	struct ka_lt_act *acts; /* owned, nacts entries, graph order */
	size_t nacts;
	struct ka_lt_lane *lanes; /* owned */
	size_t nlanes;
	size_t *critical_path; /* owned: indexes into acts, in flow order */
	size_t ncritical;
	/* Simulation (when `simulated`). */
	bool simulated;
	uint64_t runs, seed;
	enum ka_lt_dist dist;
	double sim_mean, sim_p50, sim_p80, sim_p95, sim_min, sim_max, sim_stddev;
	double sim_process_mean; /* mean process time along each run's critical path */
	uint64_t sim_executions; /* activity executions over all runs */
	double *sim_lead;        /* owned: the runs' lead times, sorted ascending */
};

void ka_lt_result_init(struct ka_lt_result *r);
void ka_lt_result_release(struct ka_lt_result *r);

/* The analytic figures into r (initialised by the caller). */
int ka_lt_analyse(const struct ka_lt_graph *g, struct ka_lt_result *r, struct ka_diag *diag);

/*
 * Monte Carlo: `runs` cases with the PRNG seeded from `seed`; fills the
 * sim_* fields and each activity's criticality. Same graph, runs and seed:
 * identical results. Needs ka_lt_analyse() first (for r->acts).
 */
int ka_lt_simulate(const struct ka_lt_graph *g, uint64_t runs, uint64_t seed,
                   struct ka_lt_result *r, struct ka_diag *diag);

/* Hours in the basis's days (working days of hours_per_day, or 24-hour days). */
double ka_lt_days(const struct ka_lt_graph *g, double hours);

/* Output. The text report names the basis and says when parallel branches were approximated. */
int ka_lt_write_text(const struct ka_lt_graph *g, const struct ka_lt_result *r, struct ka_buf *out);
json_t *ka_lt_to_json(const struct ka_lt_graph *g, const struct ka_lt_result *r);
/* Histogram of the simulated lead times (needs r->simulated) as a standalone SVG. */
int ka_lt_histogram_svg(const struct ka_lt_graph *g, const struct ka_lt_result *r,
                        struct ka_buf *out);
/*
 * The same with its words and numbers in `lang`: "nb" or "sv" (decimal
 * comma, "gjennomløpstid (arbeidsdager)", "ledtid (arbetsdagar)"); anything
 * else, NULL included, English as ka_lt_histogram_svg.
 */
int ka_lt_histogram_svg_lang(const struct ka_lt_graph *g, const struct ka_lt_result *r,
                             const char *lang, struct ka_buf *out);

/* As-is (a) vs to-be (b): figure deltas and per-activity deltas (matched by id, then name). */
json_t *ka_lt_compare_json(const struct ka_lt_graph *ga, const struct ka_lt_result *a,
                           const struct ka_lt_graph *gb, const struct ka_lt_result *b);
int ka_lt_compare_text(const struct ka_lt_graph *ga, const struct ka_lt_result *a,
                       const struct ka_lt_graph *gb, const struct ka_lt_result *b,
                       struct ka_buf *out);

/*
 * Everything for one map: build, analyse and (runs > 0) simulate. On error
 * *g is NULL and r is released.
 */
int ka_lt_run(const struct ka_map *m, const struct ka_lt_opts *opts, uint64_t runs, uint64_t seed,
              struct ka_lt_graph **g, struct ka_lt_result *r, struct ka_diag *diag);

/* ---- one analysis request (the server's options and limits; leadtime_request.c) ---- */

#define KA_LT_REQUEST_MAX_RUNS 100000u /* a request should stay well under a second */
#define KA_LT_REQUEST_DEF_RUNS 10000u
#define KA_LT_REQUEST_MAX_BPMN (8u * 1024u * 1024u)
/* Expected activity executions of one request's simulation: about 3 s of one core. */
#define KA_LT_REQUEST_MAX_EXECUTIONS 2e8

/* Option values as given, before they are checked (has_*: given). */
struct ka_lt_request_raw {
	const char *basis, *dist, *format, *process;
	const char *lang; /* the histogram's language: nb, sv or en (NULL: en) */
	double hpd, dpw;
	int64_t runs, seed, compare;
	bool has_hpd, has_dpw, has_runs, has_seed, has_compare;
	bool has_compare_bpmn; /* a second map was sent */
};

/* What a request asks for, checked. */
struct ka_lt_request {
	struct ka_lt_opts opts;
	uint64_t runs, seed;
	int64_t compare;  /* a stored version to compare with; 0: none */
	bool svg;         /* the histogram rather than JSON */
	const char *lang; /* the histogram's language (borrows w->lang; NULL: English) */
	int code;         /* the code of option mistakes: KA_ERR_USAGE (query) or KA_ERR_INVALID */
};

/*
 * Checks raw options into *q: runs 0..KA_LT_REQUEST_MAX_RUNS (above 0 for
 * the histogram), seed >= 0, compare a version id, the working week as
 * ka_lt_opts_check, basis, distribution and format by name; no comparison
 * with the histogram. Failures are `code` with the option's name in
 * diag->element_id. q->opts.process_id borrows w->process.
 */
int ka_lt_request_check(struct ka_lt_request *q, const struct ka_lt_request_raw *w, int code,
                        struct ka_diag *diag);

/*
 * Analyses BPMN text `bpmn` (and, when `other` is not NULL, compares it as
 * the as-is with `other` as the to-be) as `q` asks: *json is the analysis
 * or the comparison (a new reference), or, for q->svg, the histogram is
 * appended to `svg` and *json is NULL. More expected executions than
 * KA_LT_REQUEST_MAX_EXECUTIONS is q->code naming "runs"; a map the analysis
 * cannot use fails with the reader's or the analysis's code naming `field`
 * (or `other_field`) in diag->element_id, an unknown process q->code
 * naming "process".
 */
int ka_lt_request_run(const struct ka_lt_request *q, const char *bpmn, size_t len,
                      const char *field, const char *other, size_t other_len,
                      const char *other_field, json_t **json, struct ka_buf *svg,
                      struct ka_diag *diag);

#endif
