/*
 * Analytic lead time of a compiled graph. The flow between a split and its
 * join (its immediate post-dominator) is a region: a Markov chain whose
 * absorbing state is the join. Expected time to absorption T solves
 * (I - P) T = c (c: wait + process time of each node), expected visits V
 * solve (I - P)^T V = e_entry; exclusive branches are weighted by their
 * probabilities and loops fall out of the linear system (a rework loop with
 * probability p multiplies by 1 / (1 - p)). A parallel block counts as its
 * longest expected branch: the critical-path approximation, a lower bound
 * of the expected maximum that the simulation measures. An inclusive block
 * counts as the expected longest of the branches it activates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

struct block {
	int32_t split, join, nbr, crit;
	double lead, proc;
	double *act_p; /* per branch: probability it runs */
};

struct actx {
	const struct ka_lt_graph *g;
	struct ka_diag *diag;
	double *relv;      /* visits per entry into the node's region */
	int32_t *own_blk;  /* region of each node: block (-1 the process), -2 none yet */
	int32_t *own_br;   /* branch within the block */
	int32_t *block_of; /* split node -> block, -1 none, -2 being computed */
	int32_t *loc;      /* scratch: node -> index in the region being solved */
	struct block *blocks;
	size_t nblocks;
	int depth;
};

static int compute_block(struct actx *cx, int32_t s);

/* Solves a (k x k, row-major) x = rhs (k x m) in place by Gaussian elimination. */
static int gauss(double *a, double *rhs, int32_t k, int m)
{
	int32_t i, j, r;
	int c;

	for (i = 0; i < k; i++) {
		int32_t piv = i;

		for (r = i + 1; r < k; r++)
			if (fabs(a[(size_t)r * k + i]) > fabs(a[(size_t)piv * k + i]))
				piv = r;
		if (fabs(a[(size_t)piv * k + i]) < 1e-12)
			return -1;
		if (piv != i) {
			for (j = 0; j < k; j++) {
				double t = a[(size_t)i * k + j];

				a[(size_t)i * k + j] = a[(size_t)piv * k + j];
				a[(size_t)piv * k + j] = t;
			}
			for (c = 0; c < m; c++) {
				double t = rhs[(size_t)i * m + c];

				rhs[(size_t)i * m + c] = rhs[(size_t)piv * m + c];
				rhs[(size_t)piv * m + c] = t;
			}
		}
		for (r = i + 1; r < k; r++) {
			double f = a[(size_t)r * k + i] / a[(size_t)i * k + i];

			if (f == 0)
				continue;
			for (j = i; j < k; j++)
				a[(size_t)r * k + j] -= f * a[(size_t)i * k + j];
			for (c = 0; c < m; c++)
				rhs[(size_t)r * m + c] -= f * rhs[(size_t)i * m + c];
		}
	}
	for (i = k - 1; i >= 0; i--)
		for (c = 0; c < m; c++) {
			double s = rhs[(size_t)i * m + c];

			for (j = i + 1; j < k; j++)
				s -= a[(size_t)i * k + j] * rhs[(size_t)j * m + c];
			rhs[(size_t)i * m + c] = s / a[(size_t)i * k + i];
		}
	return 0;
}

/* Successors of v inside a region: a split jumps to its join (its block counted as a node). */
static int32_t region_succ(const struct actx *cx, int32_t v, int32_t i, double *p)
{
	const struct ka_lt_graph *g = cx->g;
	const struct lt_node *n = &g->nodes[v];

	if (n->kind == LT_AND || n->kind == LT_OR) {
		*p = 1;
		return i == 0 ? n->ipdom : -1;
	}
	if (i >= n->nout)
		return -1;
	*p = g->prob[n->out0 + i];
	return g->succ[n->out0 + i];
}

static int32_t region_nsucc(const struct actx *cx, int32_t v)
{
	const struct lt_node *n = &cx->g->nodes[v];

	return n->kind == LT_AND || n->kind == LT_OR ? 1 : n->nout;
}

/* True when node s is the region's node number cx->loc[s] (nested regions reuse loc). */
static bool in_region(const struct actx *cx, const int32_t *nodes, int32_t k, int32_t s)
{
	return cx->loc[s] >= 0 && cx->loc[s] < k && nodes[cx->loc[s]] == s;
}

/* The error for a node that two regions share: branches meeting before their join. */
static int shared_node(struct actx *cx, int32_t v, int32_t blk)
{
	const struct ka_lt_graph *g = cx->g;

	return ka_diag_set(
	    cx->diag, KA_ERR_BPMN, g->nodes[v].line, g->nodes[v].column, g->nodes[v].id,
	    "'%s' is reached from more than one branch of gateway '%s': "
	    "the analysis needs branches that meet only at their join",
	    g->nodes[v].id,
	    g->nodes[cx->blocks[cx->own_blk[v] >= 0 ? cx->own_blk[v] : blk].split].id);
}

/*
 * The region's nodes from entry (breadth first, up to join) into nodes[],
 * numbering them in cx->loc; solves nested blocks on the way. *k gets the
 * count (also on error, for the caller's clean-up).
 */
static int collect_region(struct actx *cx, int32_t entry, int32_t join, int32_t blk, int32_t br,
                          int32_t *nodes, int32_t *k)
{
	const struct ka_lt_graph *g = cx->g;
	int32_t head = 0, i;
	int err = 0;

	*k = 0;
	nodes[(*k)++] = entry;
	cx->loc[entry] = 0;
	while (head < *k && !err) {
		int32_t v = nodes[head++];

		if (cx->own_blk[v] != -2 && (cx->own_blk[v] != blk || cx->own_br[v] != br))
			return shared_node(cx, v, blk);
		cx->own_blk[v] = blk;
		cx->own_br[v] = br;
		if (g->nodes[v].kind == LT_AND || g->nodes[v].kind == LT_OR)
			err = compute_block(cx, v);
		for (i = 0; i < region_nsucc(cx, v) && !err; i++) {
			double p;
			int32_t s = region_succ(cx, v, i, &p);

			if (s < 0 || s == join || !(p > 0) || in_region(cx, nodes, *k, s))
				continue;
			if (cx->loc[s] >= 0) /* a node of another region, still being solved */
				return shared_node(cx, s, blk);
			cx->loc[s] = *k;
			nodes[(*k)++] = s;
		}
	}
	return err;
}

/*
 * Solves the region's k nodes (nodes[0] its entry) as the file's top
 * describes: T for lead and process time into *lead and *proc, V into
 * cx->relv.
 */
static int solve_system(struct actx *cx, const int32_t *nodes, int32_t k, int32_t join,
                        double *lead, double *proc)
{
	const struct ka_lt_graph *g = cx->g;
	double *a = ka_xcalloc((size_t)k * k, sizeof(*a));
	double *at = ka_xcalloc((size_t)k * k, sizeof(*at));
	double *rhs = ka_xcalloc((size_t)k * 2, sizeof(*rhs));
	double *vis = ka_xcalloc((size_t)k, sizeof(*vis));
	int32_t i, j;
	int err = 0;

	for (i = 0; i < k; i++) {
		const struct lt_node *n = &g->nodes[nodes[i]];

		a[(size_t)i * k + i] = 1;
		if (n->kind == LT_ACT) {
			const struct lt_act *x = &g->acts[n->act];

			rhs[i * 2] = x->wait_est + x->proc_est;
			rhs[i * 2 + 1] = x->proc_est;
		} else if (n->kind == LT_AND || n->kind == LT_OR) {
			rhs[i * 2] = cx->blocks[cx->block_of[nodes[i]]].lead;
			rhs[i * 2 + 1] = cx->blocks[cx->block_of[nodes[i]]].proc;
		}
		for (j = 0; j < region_nsucc(cx, nodes[i]); j++) {
			double p;
			int32_t s = region_succ(cx, nodes[i], j, &p);

			if (s >= 0 && s != join && p > 0)
				a[(size_t)i * k + cx->loc[s]] -= p;
		}
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			at[(size_t)j * k + i] = a[(size_t)i * k + j];
	vis[0] = 1;
	if (gauss(a, rhs, k, 2) || gauss(at, vis, k, 1)) {
		err = ka_diag_set(cx->diag, KA_ERR_BPMN, g->nodes[nodes[0]].line,
		                  g->nodes[nodes[0]].column, g->nodes[nodes[0]].id,
		                  "the flow from '%s' cannot be solved (a loop that never ends)",
		                  g->nodes[nodes[0]].id);
	} else {
		*lead = rhs[0];
		*proc = rhs[1];
		for (i = 0; i < k; i++)
			cx->relv[nodes[i]] = vis[i];
	}
	free(a);
	free(at);
	free(rhs);
	free(vis);
	return err;
}

/* Expected lead and process time from entry to join (-1: the ends) in branch br of block blk. */
static int solve_region(struct actx *cx, int32_t entry, int32_t join, int32_t blk, int32_t br,
                        double *lead, double *proc)
{
	int32_t *nodes = ka_xcalloc((size_t)cx->g->nnodes, sizeof(*nodes));
	int32_t k = 0, i;
	int err;

	err = collect_region(cx, entry, join, blk, br, nodes, &k);
	if (!err)
		err = solve_system(cx, nodes, k, join, lead, proc);
	for (i = 0; i < k; i++)
		cx->loc[nodes[i]] = -1;
	free(nodes);
	return err;
}

/* Order of branches by expected lead time, longest first (ties: flow order). */
static void combine_inclusive(const struct ka_lt_graph *g, struct block *b, const double *lead,
                              const double *proc)
{
	const struct lt_node *n = &g->nodes[b->split];
	int32_t i, j, most = 0;
	double none = 1, before = 1;
	char *used = ka_xcalloc((size_t)b->nbr, 1);

	for (i = 0; i < b->nbr; i++) {
		none *= 1 - g->prob[n->out0 + i];
		if (g->prob[n->out0 + i] > g->prob[n->out0 + most])
			most = i;
	}
	b->lead = b->proc = 0;
	for (j = 0; j < b->nbr; j++) {
		int32_t best = -1;
		double p;

		for (i = 0; i < b->nbr; i++)
			if (!used[i] && (best < 0 || lead[i] > lead[best]))
				best = i;
		used[best] = 1;
		p = g->prob[n->out0 + best];
		b->lead += lead[best] * p * before;
		b->proc += proc[best] * p * before;
		before *= 1 - p;
		b->act_p[best] = p + (best == most ? none : 0);
	}
	b->lead += none * lead[most];
	b->proc += none * proc[most];
	free(used);
}

static int compute_block(struct actx *cx, int32_t s)
{
	const struct ka_lt_graph *g = cx->g;
	const struct lt_node *n = &g->nodes[s];
	double *lead, *proc;
	struct block *b;
	int32_t i, bi;
	int err = 0;

	if (cx->block_of[s] >= 0)
		return 0;
	if (cx->block_of[s] == -2 || cx->depth > 200)
		return ka_diag_set(
		    cx->diag, KA_ERR_BPMN, n->line, n->column, n->id,
		    "splitting gateway '%s' lies inside its own branches (a loop back "
		    "into a parallel or inclusive block cannot be analysed)",
		    n->id);
	cx->block_of[s] = -2;
	cx->depth++;
	lead = ka_xcalloc((size_t)n->nout, sizeof(*lead));
	proc = ka_xcalloc((size_t)n->nout, sizeof(*proc));
	cx->blocks = ka_xreallocarray(cx->blocks, cx->nblocks + 1, sizeof(*cx->blocks));
	bi = (int32_t)cx->nblocks++;
	cx->blocks[bi].split = s;
	cx->blocks[bi].join = n->ipdom;
	cx->blocks[bi].nbr = n->nout;
	cx->blocks[bi].act_p = ka_xcalloc((size_t)n->nout, sizeof(double));
	for (i = 0; i < n->nout && !err; i++)
		if (g->succ[n->out0 + i] != n->ipdom)
			err = solve_region(cx, g->succ[n->out0 + i], n->ipdom, bi, i, &lead[i],
			                   &proc[i]);
	b = &cx->blocks[bi]; /* solve_region may have moved the array */
	b->crit = 0;
	if (!err && n->kind == LT_AND) {
		for (i = 0; i < n->nout; i++) {
			b->act_p[i] = 1;
			if (lead[i] > lead[b->crit])
				b->crit = i;
		}
		b->lead = lead[b->crit];
		b->proc = proc[b->crit];
	} else if (!err) {
		for (i = 0; i < n->nout; i++)
			if (lead[i] > lead[b->crit])
				b->crit = i;
		combine_inclusive(g, b, lead, proc);
	}
	free(lead);
	free(proc);
	cx->depth--;
	if (!err)
		cx->block_of[s] = bi;
	return err;
}

/* Expected lane changes: from each activity to the next ones, through gateways and events. */
static double handoffs(const struct ka_lt_graph *g, const double *visits)
{
	int32_t *stack = ka_xcalloc(4096, sizeof(*stack)),
	        *depth = ka_xcalloc(4096, sizeof(int32_t));
	double *fac = ka_xcalloc(4096, sizeof(*fac)), h = 0;
	size_t a;

	for (a = 0; a < g->nacts; a++) {
		int32_t sp = 0, from = g->acts[a].node;

		if (!(visits[from] > 0) || g->acts[a].lane < 0)
			continue;
		stack[sp] = from;
		fac[sp] = 1;
		depth[sp++] = 0;
		while (sp) {
			int32_t v = stack[--sp], d = depth[sp], e;
			double f = fac[sp];
			const struct lt_node *n = &g->nodes[v];

			if (v != from && n->kind == LT_ACT) {
				int32_t l = g->acts[n->act].lane;

				if (l >= 0 && l != g->acts[a].lane)
					h += visits[from] * f;
				continue;
			}
			if (d > 64)
				continue;
			for (e = n->out0; e < n->out0 + n->nout && sp < 4096; e++) {
				stack[sp] = g->succ[e];
				fac[sp] =
				    f * (n->kind == LT_XOR || n->kind == LT_OR ? g->prob[e] : 1);
				depth[sp++] = d + 1;
			}
		}
	}
	free(stack);
	free(depth);
	free(fac);
	return h;
}

/* Insertion sort of the critical path by flow order (paths are short). */
static void sort_path(const struct ka_lt_graph *g, struct ka_lt_result *r)
{
	size_t i, j;

	for (i = 1; i < r->ncritical; i++)
		for (j = i; j > 0 && g->nodes[g->acts[r->critical_path[j - 1]].node].rank >
		                         g->nodes[g->acts[r->critical_path[j]].node].rank;
		     j--) {
			size_t t = r->critical_path[j];

			r->critical_path[j] = r->critical_path[j - 1];
			r->critical_path[j - 1] = t;
		}
}

static void fill_result(const struct ka_lt_graph *g, struct actx *cx, double *visits, char *crit,
                        struct ka_lt_result *r)
{
	size_t i;

	r->nacts = g->nacts;
	r->acts = ka_xcalloc(g->nacts ? g->nacts : 1, sizeof(*r->acts));
	r->nlanes = g->nlanes;
	r->lanes = ka_xcalloc(g->nlanes ? g->nlanes : 1, sizeof(*r->lanes));
	r->critical_path = ka_xcalloc(g->nacts ? g->nacts : 1, sizeof(*r->critical_path));
	r->rolled_cna = 1;
	for (i = 0; i < g->nlanes; i++)
		r->lanes[i].name = g->lanes[i];
	for (i = 0; i < g->nacts; i++) {
		const struct lt_act *x = &g->acts[i];
		struct ka_lt_act *y = &r->acts[i];

		y->id = x->id;
		y->name = x->name;
		memcpy(y->names, x->names, sizeof(y->names));
		y->lane = x->lane >= 0 ? g->lanes[x->lane] : NULL;
		y->wait = x->wait_est;
		y->process = x->proc_est;
		y->wait_mean = x->wait.mean;
		y->process_mean = x->proc.mean;
		y->three_point = x->three_point;
		y->value_adding = x->value_adding;
		y->cna = x->cna;
		y->visits = visits[x->node];
		y->critical = crit[x->node] && y->visits > 0;
		r->work += y->visits * y->process;
		if (y->value_adding == 1)
			r->value_adding += y->visits * y->process;
		if (y->cna >= 0)
			r->rolled_cna *= pow(y->cna / 100, y->visits);
		if (x->lane >= 0) {
			r->lanes[x->lane].work += y->visits * y->process;
			r->lanes[x->lane].wait += y->visits * y->wait;
		}
		if (y->critical)
			r->critical_path[r->ncritical++] = i;
	}
	sort_path(g, r);
	r->handoffs = handoffs(g, visits);
	r->has_parallel = cx->nblocks > 0;
}

int ka_lt_analyse(const struct ka_lt_graph *g, struct ka_lt_result *r, struct ka_diag *diag)
{
	struct actx cx;
	size_t n = (size_t)g->nnodes;
	double *visits = ka_xcalloc(n, sizeof(*visits));
	char *crit = ka_xcalloc(n, 1);
	int32_t v, b;
	int err;

	memset(&cx, 0, sizeof(cx));
	cx.g = g;
	cx.diag = diag;
	cx.relv = ka_xcalloc(n, sizeof(*cx.relv));
	cx.own_blk = ka_xcalloc(n, sizeof(int32_t));
	cx.own_br = ka_xcalloc(n, sizeof(int32_t));
	cx.block_of = ka_xcalloc(n, sizeof(int32_t));
	cx.loc = ka_xcalloc(n, sizeof(int32_t));
	for (v = 0; v < g->nnodes; v++) {
		cx.own_blk[v] = -2;
		cx.block_of[v] = -1;
		cx.loc[v] = -1;
	}
	if (g->nnodes > 3000)
		err =
		    ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, g->process_id,
		                "process '%s' has %d flow nodes; the analysis handles at most 3000",
		                g->process_id, (int)g->nnodes);
	else
		err = solve_region(&cx, g->start, -1, -1, 0, &r->lead, &r->process);
	if (!err) {
		/* Visits and criticality from the process down into nested blocks. */
		for (v = 0; v < g->nnodes; v++)
			if (cx.own_blk[v] == -1) {
				visits[v] = cx.relv[v];
				crit[v] = 1;
			}
		/* A block is numbered when it is entered, so outer blocks come first. */
		for (b = 0; b < (int32_t)cx.nblocks; b++) {
			const struct block *bk = &cx.blocks[b];

			for (v = 0; v < g->nnodes; v++)
				if (cx.own_blk[v] == b) {
					visits[v] = cx.relv[v] * visits[bk->split] *
					            bk->act_p[cx.own_br[v]];
					crit[v] = crit[bk->split] && cx.own_br[v] == bk->crit;
				}
		}
		r->wait = r->lead - r->process;
		r->ratio = r->lead > 0 ? r->process / r->lead : 0;
		fill_result(g, &cx, visits, crit, r);
	}
	for (b = 0; b < (int32_t)cx.nblocks; b++)
		free(cx.blocks[b].act_p);
	free(cx.blocks);
	free(cx.relv);
	free(cx.own_blk);
	free(cx.own_br);
	free(cx.block_of);
	free(cx.loc);
	free(visits);
	free(crit);
	return err;
}

void ka_lt_result_init(struct ka_lt_result *r)
{
	memset(r, 0, sizeof(*r));
}

void ka_lt_result_release(struct ka_lt_result *r)
{
	free(r->acts);
	free(r->lanes);
	free(r->critical_path);
	free(r->sim_lead);
	ka_lt_result_init(r);
}
