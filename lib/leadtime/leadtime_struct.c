/*
 * Structure of a compiled lead-time graph: every case must be able to end
 * (a loop whose way out has probability 0 is refused, naming its gateway),
 * each node's immediate post-dominator (which pairs a parallel or inclusive
 * split with its join; Cooper, Harvey and Kennedy's iterative algorithm on
 * the reversed graph), the flow order of the nodes (breadth first from the
 * start), and the way out a dead token takes at an exclusive split.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

/* Predecessor lists in compressed form: pred[p0[v] .. p0[v + 1]). */
struct preds {
	int32_t *p0, *pred;
};

static void preds_build(const struct ka_lt_graph *g, struct preds *p)
{
	int32_t v, e, *fill;

	p->p0 = ka_xcalloc((size_t)g->nnodes + 1, sizeof(*p->p0));
	p->pred = ka_xcalloc((size_t)(g->nedges ? g->nedges : 1), sizeof(*p->pred));
	fill = ka_xcalloc((size_t)g->nnodes + 1, sizeof(*fill));
	for (e = 0; e < g->nedges; e++)
		p->p0[g->succ[e] + 1]++;
	for (v = 0; v < g->nnodes; v++)
		p->p0[v + 1] += p->p0[v];
	for (v = 0; v < g->nnodes; v++)
		for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++)
			p->pred[p->p0[g->succ[e]] + fill[g->succ[e]]++] = v;
	free(fill);
}

static void preds_release(struct preds *p)
{
	free(p->p0);
	free(p->pred);
}

/* Every node reached from the start (by flows with probability > 0) can reach an end. */
static int check_ends(const struct ka_lt_graph *g, const struct preds *p, struct ka_diag *diag)
{
	size_t n = (size_t)g->nnodes;
	char *fwd = ka_xcalloc(n, 1), *back = ka_xcalloc(n, 1);
	int32_t *queue = ka_xcalloc(n, sizeof(*queue));
	int32_t head = 0, tail = 0, v, e, bad = -1;
	int err = 0;

	queue[tail++] = g->start;
	fwd[g->start] = 1;
	while (head < tail) {
		v = queue[head++];
		for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++)
			if (g->prob[e] > 0 && !fwd[g->succ[e]]) {
				fwd[g->succ[e]] = 1;
				queue[tail++] = g->succ[e];
			}
	}
	head = tail = 0;
	for (v = 0; v < g->nnodes; v++)
		if (!g->nodes[v].nout) {
			back[v] = 1;
			queue[tail++] = v;
		}
	while (head < tail) {
		v = queue[head++];
		for (e = p->p0[v]; e < p->p0[v + 1]; e++) {
			int32_t u = p->pred[e], k;

			if (back[u])
				continue;
			for (k = g->nodes[u].out0; k < g->nodes[u].out0 + g->nodes[u].nout; k++)
				if (g->succ[k] == v && g->prob[k] > 0)
					break;
			if (k < g->nodes[u].out0 + g->nodes[u].nout) {
				back[u] = 1;
				queue[tail++] = u;
			}
		}
	}
	/* Name the gateway that closes the loop: an exclusive split whose way out is closed. */
	for (v = 0; v < g->nnodes && bad < 0; v++)
		if (fwd[v] && !back[v] && g->nodes[v].kind == LT_XOR)
			for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++)
				if (back[g->succ[e]] && !(g->prob[e] > 0))
					bad = v;
	if (bad >= 0) {
		const char *to = "?";

		for (e = g->nodes[bad].out0; e < g->nodes[bad].out0 + g->nodes[bad].nout; e++)
			if (g->prob[e] > 0)
				to = g->nodes[g->succ[e]].id;
		err = ka_diag_set(diag, KA_ERR_BPMN, g->nodes[bad].line, g->nodes[bad].column,
		                  g->nodes[bad].id,
		                  "loop at gateway '%s' never ends: the flow back to '%s' has "
		                  "kartla:probability 1 and the way out 0",
		                  g->nodes[bad].id, to);
	}
	for (v = 0; v < g->nnodes && !err; v++)
		if (fwd[v] && !back[v])
			err = ka_diag_set(diag, KA_ERR_BPMN, g->nodes[v].line, g->nodes[v].column,
			                  g->nodes[v].id,
			                  "'%s' is reached but no end can be reached from it (a "
			                  "loop that never ends)",
			                  g->nodes[v].id);
	free(fwd);
	free(back);
	free(queue);
	return err;
}

/*
 * Post-order of the reversed graph from the virtual exit n (whose children
 * are the terminating nodes): po[v] is v's number, order[] the nodes by
 * number; returns how many were reached. Iterative, so deep maps cannot
 * overflow the C stack.
 */
static int32_t reverse_post_order(const struct ka_lt_graph *g, const struct preds *p, int32_t *po,
                                  int32_t *order)
{
	int32_t n = g->nnodes, count = 0, sp = 0;
	int32_t *stack = ka_xcalloc((size_t)n + 1, sizeof(*stack));
	int32_t *next = ka_xcalloc((size_t)n + 1, sizeof(*next));
	char *seen = ka_xcalloc((size_t)n + 1, 1);

	stack[sp++] = n;
	seen[n] = 1;
	while (sp) {
		int32_t x = stack[sp - 1], child = -1;

		if (x == n) {
			while (next[x] < n && child < 0) {
				if (!g->nodes[next[x]].nout && !seen[next[x]])
					child = next[x];
				next[x]++;
			}
		} else {
			while (p->p0[x] + next[x] < p->p0[x + 1] && child < 0) {
				int32_t u = p->pred[p->p0[x] + next[x]];

				if (!seen[u])
					child = u;
				next[x]++;
			}
		}
		if (child >= 0) {
			seen[child] = 1;
			stack[sp++] = child;
		} else {
			po[x] = count;
			order[count++] = x;
			sp--;
		}
	}
	free(stack);
	free(next);
	free(seen);
	return count;
}

/* The nearest common post-dominator of a and b (the "intersect" of Cooper, Harvey and Kennedy). */
static int32_t intersect(const int32_t *po, const int32_t *idom, int32_t a, int32_t b)
{
	while (a != b) {
		while (po[a] < po[b])
			a = idom[a];
		while (po[b] < po[a])
			b = idom[b];
	}
	return a;
}

/*
 * Immediate post-dominators; the virtual exit is node n, stored as -1.
 * Cooper, Harvey and Kennedy's iterative algorithm on the reversed graph.
 */
static void post_dominators(struct ka_lt_graph *g, const struct preds *p)
{
	int32_t n = g->nnodes, v, e, i, count;
	int32_t *po = ka_xcalloc((size_t)n + 1, sizeof(*po));
	int32_t *order = ka_xcalloc((size_t)n + 1, sizeof(*order));
	int32_t *idom = ka_xcalloc((size_t)n + 1, sizeof(*idom));
	int changed = 1;

	for (v = 0; v <= n; v++)
		po[v] = idom[v] = -1;
	count = reverse_post_order(g, p, po, order);
	idom[n] = n;
	while (changed) {
		changed = 0;
		for (i = count - 2; i >= 0; i--) {
			int32_t x = order[i], nd = -1;

			for (e = g->nodes[x].out0; e <= g->nodes[x].out0 + g->nodes[x].nout; e++) {
				int32_t s = e < g->nodes[x].out0 + g->nodes[x].nout ? g->succ[e]
				            : g->nodes[x].nout                      ? -1
				                                                    : n;

				if (s < 0 || idom[s] < 0)
					continue;
				nd = nd < 0 ? s : intersect(po, idom, nd, s);
			}
			if (nd >= 0 && idom[x] != nd) {
				idom[x] = nd;
				changed = 1;
			}
		}
	}
	for (v = 0; v < n; v++)
		g->nodes[v].ipdom = idom[v] == n ? -1 : idom[v];
	free(po);
	free(order);
	free(idom);
}

/*
 * Flow order: a topological order of the sequence flows (Kahn's algorithm,
 * first in first out, so parallel branches interleave by depth). Where a loop
 * leaves no node ready, the unplaced node reached first breadth-first from the
 * start is placed next, which opens the loop at its entry. Nodes the start
 * does not reach come last. An inserted step is thus ranked where it sits in
 * the flow, whatever its place in the file.
 */
static void flow_order(struct ka_lt_graph *g)
{
	size_t n = (size_t)g->nnodes ? (size_t)g->nnodes : 1;
	int32_t *bfs = ka_xcalloc(n, sizeof(*bfs)), *seen = ka_xcalloc(n, sizeof(*seen));
	int32_t *queue = ka_xcalloc(n, sizeof(*queue)), *indeg = ka_xcalloc(n, sizeof(*indeg));
	int32_t head = 0, tail = 0, cursor = 0, v, e, r = 0;

	/* bfs: every node in breadth-first order of first reach, unreached ones last */
	bfs[tail++] = g->start;
	seen[g->start] = 1;
	while (head < tail) {
		v = bfs[head++];
		for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++)
			if (!seen[g->succ[e]]) {
				seen[g->succ[e]] = 1;
				bfs[tail++] = g->succ[e];
			}
	}
	for (v = 0; v < g->nnodes; v++) {
		g->nodes[v].rank = -1;
		if (!seen[v])
			bfs[tail++] = v;
		for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++)
			indeg[g->succ[e]]++;
	}
	head = tail = 0; /* seen 2: queued */
	while (r < g->nnodes) {
		if (head == tail) { /* nothing ready: open a loop at its first-reached node */
			while (seen[bfs[cursor]] == 2)
				cursor++;
			seen[bfs[cursor]] = 2;
			queue[tail++] = bfs[cursor];
		}
		v = queue[head++];
		g->nodes[v].rank = r++;
		for (e = g->nodes[v].out0; e < g->nodes[v].out0 + g->nodes[v].nout; e++) {
			int32_t w = g->succ[e];

			if (--indeg[w] == 0 && seen[w] != 2) {
				seen[w] = 2;
				queue[tail++] = w;
			}
		}
	}
	free(bfs);
	free(seen);
	free(queue);
	free(indeg);
}

struct act_rank {
	int32_t rank;
	size_t act;
};

static int act_rank_cmp(const void *x, const void *y)
{
	const struct act_rank *a = x, *b = y;

	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Activities in flow order, so that timelines and paths follow the flow, not the file. */
static void sort_acts(struct ka_lt_graph *g)
{
	struct act_rank *k = ka_xcalloc(g->nacts ? g->nacts : 1, sizeof(*k));
	struct lt_act *v = ka_xcalloc(g->nacts ? g->nacts : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < g->nacts; i++) {
		k[i].rank = g->nodes[g->acts[i].node].rank;
		k[i].act = i;
	}
	if (g->nacts)
		qsort(k, g->nacts, sizeof(*k), act_rank_cmp);
	for (i = 0; i < g->nacts; i++) {
		v[i] = g->acts[k[i].act];
		g->nodes[v[i].node].act = (int32_t)i;
	}
	if (g->nacts)
		memcpy(g->acts, v, g->nacts * sizeof(*v));
	free(v);
	free(k);
}

/* Flow order, then each exclusive split's nearest way out. */
static void order_and_exits(struct ka_lt_graph *g, const struct preds *p)
{
	size_t n = (size_t)g->nnodes;
	int32_t *queue = ka_xcalloc(n, sizeof(*queue)), *dist = ka_xcalloc(n, sizeof(*dist));
	int32_t head = 0, tail = 0, v, e;

	flow_order(g);
	sort_acts(g);
	for (v = 0; v < g->nnodes; v++)
		dist[v] = -1;
	head = tail = 0;
	for (v = 0; v < g->nnodes; v++)
		if (!g->nodes[v].nout) {
			dist[v] = 0;
			queue[tail++] = v;
		}
	while (head < tail) {
		v = queue[head++];
		for (e = p->p0[v]; e < p->p0[v + 1]; e++)
			if (dist[p->pred[e]] < 0) {
				dist[p->pred[e]] = dist[v] + 1;
				queue[tail++] = p->pred[e];
			}
	}
	for (v = 0; v < g->nnodes; v++) {
		struct lt_node *x = &g->nodes[v];

		if (x->kind != LT_XOR)
			continue;
		x->dead = x->out0;
		for (e = x->out0; e < x->out0 + x->nout; e++)
			if (dist[g->succ[e]] >= 0 && (dist[g->succ[x->dead]] < 0 ||
			                              dist[g->succ[e]] < dist[g->succ[x->dead]]))
				x->dead = e;
	}
	free(queue);
	free(dist);
}

/* A join that closes no split would wait for ever or fire twice. */
static int check_joins(const struct ka_lt_graph *g, struct ka_diag *diag)
{
	char *closes = ka_xcalloc((size_t)g->nnodes, 1);
	int32_t v;
	int err = 0;

	for (v = 0; v < g->nnodes; v++)
		if ((g->nodes[v].kind == LT_AND || g->nodes[v].kind == LT_OR) &&
		    g->nodes[v].ipdom >= 0)
			closes[g->nodes[v].ipdom] = 1;
	for (v = 0; v < g->nnodes && !err; v++)
		if (g->nodes[v].kind == LT_JOIN && !closes[v] && g->nodes[v].rank >= 0)
			err = ka_diag_set(
			    diag, KA_ERR_BPMN, g->nodes[v].line, g->nodes[v].column, g->nodes[v].id,
			    "joining gateway '%s' closes no parallel or inclusive split: "
			    "it would wait for flows that never come (use an exclusive "
			    "gateway to merge alternatives)",
			    g->nodes[v].id);
	free(closes);
	return err;
}

int ka_lt_validate(struct ka_lt_graph *g, struct ka_diag *diag)
{
	struct preds p;
	int err;

	preds_build(g, &p);
	err = check_ends(g, &p, diag);
	if (!err) {
		post_dominators(g, &p);
		order_and_exits(g, &p);
		err = check_joins(g, diag);
	}
	preds_release(&p);
	return err;
}
