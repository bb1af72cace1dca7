/*
 * The Petri net of a map for token replay (eventlog_net.h; the net is
 * described at the top of eventlog_replay.c): places per sequence flow,
 * transitions per flow node, gateway and boundary event, and the closures
 * the replay's search uses (the silent transitions and places that lead to
 * a place, the places reachable after a transition).
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "eventlog_net.h"
#include "kartla/banned.h"

static uint32_t new_place(struct net *n)
{
	return n->np++;
}

static uint32_t add_trans(struct net *n, const uint32_t *pre, uint32_t npre, const uint32_t *post,
                          uint32_t npost, bool silent)
{
	struct trans *t;

	if (n->nt == n->talloc) {
		n->talloc = n->talloc ? n->talloc * 2 : 64;
		n->t = ka_xreallocarray(n->t, n->talloc, sizeof(*n->t));
	}
	t = &n->t[n->nt];
	t->pre = ka_xcalloc(npre + 1, sizeof(uint32_t));
	t->post = ka_xcalloc(npost + 1, sizeof(uint32_t));
	memcpy(t->pre, pre, npre * sizeof(uint32_t));
	memcpy(t->post, post, npost * sizeof(uint32_t));
	t->npre = npre;
	t->npost = npost;
	t->silent = silent;
	return n->nt++;
}

static bool is_flow_node(const struct ka_el *el)
{
	return el->type && (el->type->flags & KA_TF_FLOW_NODE);
}

static bool is_start(const struct ka_el *el)
{
	return is_flow_node(el) && !el->incoming.n && el->kind != KA_K_BOUNDARY_EVENT &&
	       el->container && el->container->kind == KA_K_PROCESS;
}

/* Places of a list of sequence flows (the sink for none). */
static uint32_t flows_places(const struct ka_elvec *v, const uint32_t *flow_place, uint32_t sink,
                             uint32_t *out)
{
	uint32_t i, n = 0;

	for (i = 0; i < v->n; i++)
		if (flow_place[v->v[i]->index] != NONE)
			out[n++] = flow_place[v->v[i]->index];
	if (!n)
		out[n++] = sink;
	return n;
}

/* Non-empty subsets of k items as bit masks: all up to 4 items, else each alone and all. */
static uint32_t subsets(uint32_t k, uint32_t *masks)
{
	uint32_t n = 0, m, i;

	if (k <= 4) {
		for (m = 1; m < (1u << k); m++)
			masks[n++] = m;
		return n;
	}
	for (i = 0; i < k && i < 31; i++)
		masks[n++] = 1u << i;
	masks[n++] = NONE;
	return n;
}

static uint32_t pick(const uint32_t *all, uint32_t k, uint32_t mask, uint32_t *out)
{
	uint32_t i, n = 0;

	for (i = 0; i < k; i++)
		if (mask == NONE || (i < 32 && (mask >> i) & 1))
			out[n++] = all[i];
	return n;
}

struct builder {
	struct net *n;
	const struct ka_map *map;
	const struct ka_eventlog_mapping *m;
	uint32_t *flow_place, *buf_a, *buf_b, *buf_c;
	uint32_t nstarts;
	bool *mapped;
};

/* The input place of a node that merges its incoming flows (exclusively). */
static uint32_t input_place(struct builder *b, const struct ka_el *el)
{
	struct net *n = b->n;
	uint32_t p, i, f;

	if (el->incoming.n == 1 && b->flow_place[el->incoming.v[0]->index] != NONE)
		return b->flow_place[el->incoming.v[0]->index];
	if (!el->incoming.n && is_start(el) && b->nstarts == 1)
		return n->source;
	p = new_place(n);
	if (!el->incoming.n && is_start(el))
		add_trans(n, &n->source, 1, &p, 1, true);
	for (i = 0; i < el->incoming.n; i++)
		if ((f = b->flow_place[el->incoming.v[i]->index]) != NONE)
			add_trans(n, &f, 1, &p, 1, true);
	return p;
}

static void build_inclusive(struct builder *b, const struct ka_el *el)
{
	struct net *n = b->n;
	uint32_t nin = 0, nout, i, j, nm, mid, masks[40], sel[64], k;

	for (i = 0; i < el->incoming.n && nin < 64; i++)
		if (b->flow_place[el->incoming.v[i]->index] != NONE)
			b->buf_a[nin++] = b->flow_place[el->incoming.v[i]->index];
	nout = flows_places(&el->outgoing, b->flow_place, n->sink, b->buf_b);
	if (nout > 64)
		nout = 64;
	if (nin <= 1) {
		mid = input_place(b, el);
	} else {
		mid = nout > 1 ? new_place(n) : NONE;
		nm = subsets(nin, masks);
		for (i = nm; i-- > 0;) { /* larger subsets first */
			k = pick(b->buf_a, nin, masks[i], sel);
			if (mid != NONE)
				add_trans(n, sel, k, &mid, 1, true);
			else
				add_trans(n, sel, k, b->buf_b, nout, true);
		}
		if (mid == NONE)
			return;
	}
	nm = subsets(nout, masks);
	for (j = 0; j < nm; j++) {
		k = pick(b->buf_b, nout, masks[j], sel);
		add_trans(n, &mid, 1, sel, k, true);
	}
}

static void build_gateway(struct builder *b, const struct ka_el *el)
{
	struct net *n = b->n;
	uint32_t i, nin = 0, nout, p;

	if (el->gateway == KA_GW_INCLUSIVE) {
		build_inclusive(b, el);
		return;
	}
	nout = flows_places(&el->outgoing, b->flow_place, n->sink, b->buf_b);
	if (el->gateway == KA_GW_PARALLEL) {
		for (i = 0; i < el->incoming.n; i++)
			if (b->flow_place[el->incoming.v[i]->index] != NONE)
				b->buf_a[nin++] = b->flow_place[el->incoming.v[i]->index];
		if (!nin)
			b->buf_a[nin++] = input_place(b, el);
		add_trans(n, b->buf_a, nin, b->buf_b, nout, true);
		return;
	}
	p = input_place(b, el);
	for (i = 0; i < nout; i++)
		add_trans(n, &p, 1, &b->buf_b[i], 1, true);
}

/* A task, event or sub-process, with the boundary events attached to it. */
static void build_node(struct builder *b, const struct ka_el *el)
{
	struct net *n = b->n;
	uint32_t in = input_place(b, el), nout, done, i, k;
	bool any = false;

	nout = flows_places(&el->outgoing, b->flow_place, n->sink, b->buf_b);
	for (i = 0; i < b->map->els.n; i++)
		if (b->map->els.v[i]->kind == KA_K_BOUNDARY_EVENT &&
		    b->map->els.v[i]->attached_to == el)
			any = true;
	if (!any) {
		n->vis[el->index] = add_trans(n, &in, 1, b->buf_b, nout, !b->mapped[el->index]);
		return;
	}
	done = new_place(n);
	n->vis[el->index] = add_trans(n, &in, 1, &done, 1, !b->mapped[el->index]);
	add_trans(n, &done, 1, b->buf_b, nout, true);
	for (i = 0; i < b->map->els.n; i++) {
		const struct ka_el *be = b->map->els.v[i];
		if (be->kind != KA_K_BOUNDARY_EVENT || be->attached_to != el)
			continue;
		k = flows_places(&be->outgoing, b->flow_place, n->sink, b->buf_c);
		if (!be->cancel_activity) {
			memcpy(b->buf_c + k, b->buf_b, nout * sizeof(uint32_t));
			k += nout;
		}
		n->vis[be->index] = add_trans(n, &done, 1, b->buf_c, k, !b->mapped[be->index]);
	}
}

/* Transitions by place: those producing into it (into) or consuming from it (from). */
struct adj {
	uint32_t **v, *n;
};

static void adj_build(struct adj *a, const struct net *n, bool producing)
{
	uint32_t i, j, q;

	a->v = ka_xcalloc(n->np + 1, sizeof(*a->v));
	a->n = ka_xcalloc(n->np + 1, sizeof(uint32_t));
	for (i = 0; i < n->nt; i++) {
		const uint32_t *ps = producing ? n->t[i].post : n->t[i].pre;
		uint32_t np = producing ? n->t[i].npost : n->t[i].npre;
		for (j = 0; j < np; j++) {
			q = ps[j];
			a->v[q] = ka_xreallocarray(a->v[q], a->n[q] + 1, sizeof(uint32_t));
			a->v[q][a->n[q]++] = i;
		}
	}
}

static void adj_free(struct adj *a, uint32_t np)
{
	uint32_t q;

	for (q = 0; q < np; q++)
		free(a->v[q]);
	free(a->v);
	free(a->n);
}

/* Per place: the silent transitions and places that lead to it through silent ones only. */
static void back_closure(struct net *n, const struct adj *into, uint32_t *stack)
{
	uint32_t q, i, j, sp;

	n->back_t = ka_xcalloc((size_t)n->np * n->tw + 1, sizeof(uint64_t));
	n->back_p = ka_xcalloc((size_t)n->np * n->pw + 1, sizeof(uint64_t));
	for (q = 0; q < n->np; q++) {
		uint64_t *bt = n->back_t + (size_t)q * n->tw, *bp = n->back_p + (size_t)q * n->pw;
		sp = 0;
		stack[sp++] = q;
		ka_net_set_bit(bp, q);
		while (sp) {
			uint32_t x = stack[--sp];
			for (i = 0; i < into->n[x]; i++) {
				const struct trans *t = &n->t[into->v[x][i]];
				if (!t->silent || ka_net_bit(bt, into->v[x][i]))
					continue;
				ka_net_set_bit(bt, into->v[x][i]);
				for (j = 0; j < t->npre; j++)
					if (!ka_net_bit(bp, t->pre[j])) {
						ka_net_set_bit(bp, t->pre[j]);
						stack[sp++] = t->pre[j];
					}
			}
		}
	}
}

/* Per visible transition: every place reachable after it (any transitions). */
static void fwd_closure(struct net *n, const struct adj *from, uint32_t *stack)
{
	uint32_t i, j, k, sp;

	n->fwd = ka_xcalloc((size_t)n->nt * n->pw + 1, sizeof(uint64_t));
	for (i = 0; i < n->nt; i++) {
		uint64_t *f = n->fwd + (size_t)i * n->pw;
		if (n->t[i].silent)
			continue;
		sp = 0;
		for (j = 0; j < n->t[i].npost; j++)
			if (!ka_net_bit(f, n->t[i].post[j])) {
				ka_net_set_bit(f, n->t[i].post[j]);
				stack[sp++] = n->t[i].post[j];
			}
		while (sp) {
			uint32_t x = stack[--sp];
			for (k = 0; k < from->n[x]; k++) {
				const struct trans *t = &n->t[from->v[x][k]];
				for (j = 0; j < t->npost; j++)
					if (!ka_net_bit(f, t->post[j])) {
						ka_net_set_bit(f, t->post[j]);
						stack[sp++] = t->post[j];
					}
			}
		}
	}
}

static void closures(struct net *n)
{
	uint32_t *stack = ka_xcalloc(n->np + 1, sizeof(uint32_t));
	struct adj into, from;

	adj_build(&into, n, true);
	adj_build(&from, n, false);
	back_closure(n, &into, stack);
	fwd_closure(n, &from, stack);
	adj_free(&into, n->np);
	adj_free(&from, n->np);
	free(stack);
}

void ka_net_free(struct net *n)
{
	uint32_t i;

	for (i = 0; i < n->nt; i++) {
		free(n->t[i].pre);
		free(n->t[i].post);
	}
	free(n->t);
	free(n->vis);
	free(n->back_t);
	free(n->back_p);
	free(n->fwd);
	free(n->ptr_tmp);
	memset(n, 0, sizeof(*n));
}

int ka_net_build(struct net *n, const struct ka_map *map, const struct ka_eventlog_mapping *m,
                 struct ka_diag *diag)
{
	struct builder b;
	uint32_t i, maxdeg = 8;

	memset(n, 0, sizeof(*n));
	memset(&b, 0, sizeof(b));
	b.n = n;
	b.map = map;
	b.m = m;
	n->source = new_place(n);
	n->sink = new_place(n);
	n->vis = ka_xcalloc(map->els.n + 1, sizeof(uint32_t));
	b.flow_place = ka_xcalloc(map->els.n + 1, sizeof(uint32_t));
	b.mapped = ka_xcalloc(map->els.n + 1, sizeof(bool));
	for (i = 0; i < map->els.n; i++) {
		const struct ka_el *el = map->els.v[i];
		n->vis[i] = NONE;
		b.flow_place[i] = el->kind == KA_K_SEQUENCE_FLOW && el->source && el->target &&
		                          map->els.n < MAX_PLACES
		                      ? new_place(n)
		                      : NONE;
		if (is_start(el))
			b.nstarts++;
		if (el->incoming.n + 2 > maxdeg)
			maxdeg = el->incoming.n + 2;
		if (el->outgoing.n * 2 + 2 > maxdeg)
			maxdeg = el->outgoing.n * 2 + 2;
	}
	for (i = 0; i < m->nacts; i++)
		if (m->act_el[i])
			b.mapped[m->act_el[i]->index] = true;
	b.buf_a = ka_xcalloc(maxdeg + 64, sizeof(uint32_t));
	b.buf_b = ka_xcalloc(maxdeg + 64, sizeof(uint32_t));
	b.buf_c = ka_xcalloc(maxdeg * 2 + 64, sizeof(uint32_t));
	for (i = 0; i < map->els.n && n->np < MAX_PLACES && n->nt < MAX_TRANS; i++) {
		const struct ka_el *el = map->els.v[i];
		if (!is_flow_node(el) || el->kind == KA_K_BOUNDARY_EVENT)
			continue;
		if (el->kind == KA_K_GATEWAY)
			build_gateway(&b, el);
		else
			build_node(&b, el);
	}
	free(b.flow_place);
	free(b.mapped);
	free(b.buf_a);
	free(b.buf_b);
	free(b.buf_c);
	if (n->np >= MAX_PLACES || n->nt >= MAX_TRANS) {
		ka_net_free(n);
		return ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, NULL,
		                   "the map is too large for token replay (at most %d places and "
		                   "%d transitions)",
		                   MAX_PLACES, MAX_TRANS);
	}
	n->pw = (n->np + 63) / 64;
	n->tw = (n->nt + 63) / 64;
	n->ptr_tmp = ka_xcalloc(n->pw + 1, sizeof(uint64_t));
	closures(n);
	return 0;
}
