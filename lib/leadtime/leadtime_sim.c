/*
 * Monte Carlo simulation of a compiled lead-time graph. One run is one case:
 * tokens walk the flat node arrays (a stack, no allocation per run), an
 * activity adds a drawn wait and process time, an exclusive split draws its
 * branch, a parallel split forks, a join fires at the latest arrival, an
 * inclusive split sends "dead" tokens (time -inf) down the branches it does
 * not take so that its join knows when all have come. Each activity
 * execution leaves a record pointing at the one before it on the token's
 * path, so the chain back from the end is the run's critical path.
 *
 * The PRNG is xoshiro256** seeded through splitmix64; its state lives in the
 * run's context, so results depend only on the graph, runs and seed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

#define MAX_RECORDS (4u * 1024u * 1024u) /* activity executions in one run (64 MiB) */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

struct token {
	int32_t node, rec;
	double t;
};

struct record {
	int32_t act, prev;
	double proc;
};

/* Working memory of a simulation, sized once (the record array grows on demand). */
struct sim {
	const struct ka_lt_graph *g;
	struct rng rng;
	struct token *stack;
	size_t sp, stack_cap;
	struct record *rec;
	size_t nrec, rec_cap;
	double *join_t;
	int32_t *join_rec, *join_cnt;
	int64_t pending; /* tokens waiting at joins */
	uint64_t *crit_runs, *execs;
	uint64_t *stamp;
};

static void push(struct sim *s, int32_t node, double t, int32_t rec)
{
	if (s->sp == s->stack_cap) {
		s->stack_cap *= 2;
		s->stack = ka_xreallocarray(s->stack, s->stack_cap, sizeof(*s->stack));
	}
	s->stack[s->sp].node = node;
	s->stack[s->sp].t = t;
	s->stack[s->sp++].rec = rec;
}

/* The error for a case whose tokens all ended while a join still waited. */
static int stuck_join(const struct sim *s, struct ka_diag *diag)
{
	const struct lt_node *nodes = s->g->nodes;
	int32_t v;

	for (v = 0; v + 1 < s->g->nnodes && !s->join_cnt[v]; v++)
		;
	return ka_diag_set(diag, KA_ERR_BPMN, nodes[v].line, nodes[v].column, nodes[v].id,
	                   "joining gateway '%s' waited for a flow that never came (every "
	                   "branch of a parallel split must reach its join)",
	                   nodes[v].id);
}

/*
 * Walks the records back from the one that reached the end last: returns
 * the process time along that critical path and counts run once for each
 * activity on it.
 */
static double critical_path(struct sim *s, uint64_t run, int32_t end_rec)
{
	double proc = 0;
	int32_t r;

	for (r = end_rec; r >= 0; r = s->rec[r].prev) {
		int32_t a = s->rec[r].act;

		proc += s->rec[r].proc;
		if (s->stamp[a] != run + 1) {
			s->stamp[a] = run + 1;
			s->crit_runs[a]++;
		}
	}
	return proc;
}

/*
 * One case; *lead gets its lead time, *proc the process time along its
 * critical path.
 *
 * Over 80 lines on purpose: this is the simulation's inner loop, run for
 * every node of every case (millions of steps). The token walk is one
 * switch over the node kinds sharing the local t, rec, v and the stack;
 * helpers per kind would pass all of them around and hide the control flow
 * (continue/goto next_token) that moves a token on.
 */
static int run_once(struct sim *s, uint64_t run, double *lead, double *proc, struct ka_diag *diag)
{
	const struct ka_lt_graph *g = s->g;
	const struct lt_node *nodes = g->nodes;
	double end_t = -INFINITY;
	int32_t end_rec = -1, e;

	s->sp = 0;
	s->nrec = 0;
	push(s, g->start, 0, -1);
	while (s->sp) {
		struct token tk = s->stack[--s->sp];
		int32_t v = tk.node, rec = tk.rec;
		double t = tk.t;

		for (;;) {
			const struct lt_node *n = &nodes[v];

			switch (n->kind) {
			case LT_ACT:
				if (t > -INFINITY) {
					const struct lt_act *a = &g->acts[n->act];
					double p =
					    ka_lt_dist_sample(g, &a->proc, rng_unif(&s->rng));

					t += ka_lt_dist_sample(g, &a->wait, rng_unif(&s->rng)) + p;
					if (s->nrec == s->rec_cap) {
						if (s->rec_cap >= MAX_RECORDS)
							return ka_diag_set(
							    diag, KA_ERR_LIMIT, 0, 0, n->id,
							    "a simulated case executed more than "
							    "%u "
							    "activities (a loop that almost never "
							    "ends?)",
							    MAX_RECORDS);
						s->rec_cap *= 2;
						s->rec = ka_xreallocarray(s->rec, s->rec_cap,
						                          sizeof(*s->rec));
					}
					s->rec[s->nrec].act = n->act;
					s->rec[s->nrec].prev = rec;
					s->rec[s->nrec].proc = p;
					rec = (int32_t)s->nrec++;
					s->execs[n->act]++;
				}
				break;
			case LT_XOR:
				if (t > -INFINITY) {
					double u = rng_unif(&s->rng);

					for (e = n->out0; u >= g->cum[e]; e++)
						;
				} else {
					e = n->dead;
				}
				v = g->succ[e];
				continue;
			case LT_AND:
				for (e = n->out0 + 1; e < n->out0 + n->nout; e++)
					push(s, g->succ[e], t, rec);
				v = g->succ[n->out0];
				continue;
			case LT_OR: {
				int32_t live = 0, most = n->out0;

				for (e = n->out0; e < n->out0 + n->nout; e++) {
					bool on = t > -INFINITY && rng_unif(&s->rng) < g->prob[e];

					live += on;
					push(s, g->succ[e], on ? t : -INFINITY, rec);
					if (g->prob[e] > g->prob[most])
						most = e;
				}
				if (!live && t > -INFINITY)
					s->stack[s->sp - n->nout + (most - n->out0)].t = t;
				goto next_token;
			}
			case LT_JOIN:
				if (t > s->join_t[v]) {
					s->join_t[v] = t;
					s->join_rec[v] = rec;
				}
				if (++s->join_cnt[v] < n->nin) {
					s->pending++;
					goto next_token;
				}
				s->pending -= n->nin - 1;
				t = s->join_t[v];
				rec = s->join_rec[v];
				s->join_cnt[v] = 0;
				s->join_t[v] = -INFINITY;
				s->join_rec[v] = -1;
				break;
			default:
				break;
			}
			if (!n->nout) {
				if (t > end_t) {
					end_t = t;
					end_rec = rec;
				}
				break;
			}
			v = g->succ[n->out0];
		}
	next_token:;
	}
	if (s->pending)
		return stuck_join(s, diag);
	*lead = end_t > -INFINITY ? end_t : 0;
	*proc = critical_path(s, run, end_rec);
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Nearest-rank percentile of sorted values. */
static double percentile(const double *v, uint64_t n, double p)
{
	uint64_t k = (uint64_t)ceil(p * (double)n);

	return v[k ? k - 1 : 0];
}

int ka_lt_simulate(const struct ka_lt_graph *g, uint64_t runs, uint64_t seed,
                   struct ka_lt_result *r, struct ka_diag *diag)
{
	struct sim s;
	size_t n = (size_t)g->nnodes, na = g->nacts ? g->nacts : 1, i;
	double sum = 0, sumsq = 0, psum = 0;
	uint64_t k, total = 0;
	int err = 0;

	if (runs < 1 || runs > KA_LT_MAX_RUNS)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "the number of runs must be from 1 to %u", KA_LT_MAX_RUNS);
	memset(&s, 0, sizeof(s));
	s.g = g;
	rng_seed(&s.rng, seed);
	s.stack_cap = 64 + n;
	s.stack = ka_xcalloc(s.stack_cap, sizeof(*s.stack));
	s.rec_cap = 1024;
	s.rec = ka_xcalloc(s.rec_cap, sizeof(*s.rec));
	s.join_t = ka_xcalloc(n, sizeof(*s.join_t));
	s.join_rec = ka_xcalloc(n, sizeof(*s.join_rec));
	s.join_cnt = ka_xcalloc(n, sizeof(*s.join_cnt));
	s.crit_runs = ka_xcalloc(na, sizeof(*s.crit_runs));
	s.execs = ka_xcalloc(na, sizeof(*s.execs));
	s.stamp = ka_xcalloc(na, sizeof(*s.stamp));
	for (i = 0; i < n; i++) {
		s.join_t[i] = -INFINITY;
		s.join_rec[i] = -1;
	}
	free(r->sim_lead);
	r->sim_lead = ka_xcalloc(runs, sizeof(*r->sim_lead));
	for (k = 0; k < runs && !err; k++) {
		double lead = 0, proc = 0;

		err = run_once(&s, k, &lead, &proc, diag);
		r->sim_lead[k] = lead;
		sum += lead;
		sumsq += lead * lead;
		psum += proc;
	}
	if (!err) {
		double mean = sum / (double)runs;

		qsort(r->sim_lead, runs, sizeof(*r->sim_lead), cmp_double);
		r->simulated = true;
		r->runs = runs;
		r->seed = seed;
		r->dist = g->opts.dist;
		r->sim_mean = mean;
		r->sim_stddev =
		    runs > 1 ? sqrt(fmax(0, (sumsq - sum * mean) / (double)(runs - 1))) : 0;
		r->sim_p50 = percentile(r->sim_lead, runs, 0.50);
		r->sim_p80 = percentile(r->sim_lead, runs, 0.80);
		r->sim_p95 = percentile(r->sim_lead, runs, 0.95);
		r->sim_min = r->sim_lead[0];
		r->sim_max = r->sim_lead[runs - 1];
		r->sim_process_mean = psum / (double)runs;
		for (i = 0; i < g->nacts; i++) {
			total += s.execs[i];
			if (i < r->nacts) {
				r->acts[i].criticality = (double)s.crit_runs[i] / (double)runs;
				r->acts[i].sim_executions = (double)s.execs[i] / (double)runs;
			}
		}
		r->sim_executions = total;
	} else {
		free(r->sim_lead);
		r->sim_lead = NULL;
	}
	free(s.stack);
	free(s.rec);
	free(s.join_t);
	free(s.join_rec);
	free(s.join_cnt);
	free(s.crit_runs);
	free(s.execs);
	free(s.stamp);
	return err;
}

int ka_lt_run(const struct ka_map *m, const struct ka_lt_opts *opts, uint64_t runs, uint64_t seed,
              struct ka_lt_graph **g, struct ka_lt_result *r, struct ka_diag *diag)
{
	int err = ka_lt_graph_build(g, m, opts, diag);

	ka_lt_result_init(r);
	if (!err)
		err = ka_lt_analyse(*g, r, diag);
	if (!err && runs)
		err = ka_lt_simulate(*g, runs, seed, r, diag);
	if (err) {
		ka_lt_graph_free(*g);
		*g = NULL;
		ka_lt_result_release(r);
	}
	return err;
}
