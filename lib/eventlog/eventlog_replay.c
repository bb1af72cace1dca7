/*
 * Token-based replay (docs/eventlog.md §3) of every variant of a log on a
 * map read as a Petri net, counting produced, consumed, missing and
 * remaining tokens as PM4Py's token replay does.
 *
 * The net: a place per sequence flow, a source place (one token at the
 * start) and a sink place. A flow node with several incoming flows (not a
 * parallel or inclusive gateway) merges them into an input place of its own
 * through silent transitions; a start node (no incoming flow, in a
 * top-level process) takes its token from the source. A task, event or
 * sub-process is one transition from its input place to all its outgoing
 * flows (the sink when it has none); with boundary events it goes to a
 * "done" place instead, from which a silent transition takes the normal
 * outgoing flows and each boundary event's transition its own (plus the
 * normal ones when it does not interrupt). An exclusive (event-based,
 * complex) gateway is a silent transition per outgoing flow; a parallel one
 * a single silent transition from all incoming to all outgoing flows; an
 * inclusive one a silent transition per subset of its incoming flows (join)
 * and per subset of its outgoing flows (split), every subset up to 4 flows,
 * beyond that each flow alone and all of them.
 *
 * Replay of a case: each mapped activity instance fires its element's
 * transition. When it is not enabled, the shortest sequence of silent
 * transitions that enables it is fired first (breadth-first over markings,
 * at most SEARCH_STATES of them; among the shortest, the one leaving most
 * tokens where the rest of the case needs them); when none does, the
 * missing tokens are added (missing). At the end, silent transitions move
 * as many tokens as they can to the sink; its tokens are consumed (a
 * missing one when it is empty) and every other token is remaining.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/eventlog_map.h"
#include "kartla/banned.h"

#define MAX_PLACES    8192
#define MAX_TRANS     16384
#define SEARCH_STATES 2048
#define NONE          UINT32_MAX

struct trans {
	uint32_t *pre, *post;
	uint32_t npre, npost;
	bool silent;
};

struct net {
	struct trans *t;
	uint32_t nt, talloc, np;
	uint32_t source, sink;
	uint32_t *vis;     /* per element: its transition, or NONE */
	size_t pw, tw;     /* words of a place / transition bitset */
	uint64_t *back_t;  /* per place: silent transitions that lead to it silently */
	uint64_t *back_p;  /* per place: places from which it is reached silently (itself too) */
	uint64_t *fwd;     /* per transition: places reachable after it */
	uint64_t *ptr_tmp; /* scratch */
};

static bool bit(const uint64_t *b, size_t i)
{
	return (b[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *b, size_t i)
{
	b[i / 64] |= (uint64_t)1 << (i % 64);
}

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
		set_bit(bp, q);
		while (sp) {
			uint32_t x = stack[--sp];
			for (i = 0; i < into->n[x]; i++) {
				const struct trans *t = &n->t[into->v[x][i]];
				if (!t->silent || bit(bt, into->v[x][i]))
					continue;
				set_bit(bt, into->v[x][i]);
				for (j = 0; j < t->npre; j++)
					if (!bit(bp, t->pre[j])) {
						set_bit(bp, t->pre[j]);
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
			if (!bit(f, n->t[i].post[j])) {
				set_bit(f, n->t[i].post[j]);
				stack[sp++] = n->t[i].post[j];
			}
		while (sp) {
			uint32_t x = stack[--sp];
			for (k = 0; k < from->n[x]; k++) {
				const struct trans *t = &n->t[from->v[x][k]];
				for (j = 0; j < t->npost; j++)
					if (!bit(f, t->post[j])) {
						set_bit(f, t->post[j]);
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

static void net_free(struct net *n)
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

static int net_build(struct net *n, const struct ka_map *map, const struct ka_eventlog_mapping *m,
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
		net_free(n);
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
/* ---- replaying a case ---- */

/* Token counts of a marking (saturating at 255). */
typedef uint8_t tok;

struct search {
	const struct net *n;
	tok *marks; /* SEARCH_STATES markings of np places */
	uint32_t *parent, *via, *depth, *hash;
	size_t nstates, hcap;
};

struct player {
	const struct net *n;
	tok *mark;
	uint64_t p, c, m;
	uint64_t *allowed; /* silent transitions a search may fire */
	uint64_t *future;  /* places the rest of the case needs */
	struct search s;
};

static bool enabled(const struct trans *t, const tok *mk)
{
	uint32_t i;

	for (i = 0; i < t->npre; i++)
		if (!mk[t->pre[i]])
			return false;
	return true;
}

static void fire_on(const struct trans *t, tok *mk)
{
	uint32_t i;

	for (i = 0; i < t->npre; i++)
		if (mk[t->pre[i]])
			mk[t->pre[i]]--;
	for (i = 0; i < t->npost; i++)
		if (mk[t->post[i]] < 255)
			mk[t->post[i]]++;
}

static void fire(struct player *pl, uint32_t ti)
{
	const struct trans *t = &pl->n->t[ti];

	fire_on(t, pl->mark);
	pl->c += t->npre;
	pl->p += t->npost;
}

static uint64_t hash_marking(const tok *mk, uint32_t np)
{
	uint64_t h = 1469598103934665603ull;
	uint32_t i;

	for (i = 0; i < np; i++)
		h = (h ^ mk[i]) * 1099511628211ull;
	return h;
}

/* Adds state i to the hash set unless an equal marking is there; false when it is. */
static bool remember(struct search *s, size_t i)
{
	uint32_t np = s->n->np;
	const tok *mk = s->marks + i * np;
	size_t h = (size_t)(hash_marking(mk, np) % s->hcap);

	while (s->hash[h] != NONE) {
		if (!memcmp(s->marks + (size_t)s->hash[h] * np, mk, np))
			return false;
		h = (h + 1) % s->hcap;
	}
	s->hash[h] = (uint32_t)i;
	return true;
}

/* How well a marking suits the rest of the case: tokens where needed minus tokens elsewhere. */
static long score(const struct player *pl, const tok *mk)
{
	long sc = 0;
	uint32_t q;

	for (q = 0; q < pl->n->np; q++)
		if (mk[q])
			sc += bit(pl->future, q) || q == pl->n->sink ? 1 : -1;
	return sc;
}

static bool goal(const struct player *pl, const tok *mk, uint32_t target, tok sink0)
{
	return target == NONE ? mk[pl->n->sink] > sink0 : enabled(&pl->n->t[target], mk);
}

/*
 * The shortest sequence of allowed silent transitions after which `target`
 * is enabled (target NONE: the sink has more than sink0 tokens); fires it
 * and returns true, or returns false and fires nothing.
 */
static bool enable(struct player *pl, uint32_t target, tok sink0)
{
	struct search *s = &pl->s;
	const struct net *n = pl->n;
	size_t i, best = SIZE_MAX, nfire = 0;
	uint32_t ti, bestdepth = NONE, *path;
	long bestscore = 0;

	if (goal(pl, pl->mark, target, sink0))
		return true;
	memset(s->hash, 0xff, s->hcap * sizeof(uint32_t));
	memcpy(s->marks, pl->mark, n->np);
	s->parent[0] = NONE;
	s->depth[0] = 0;
	s->nstates = 1;
	remember(s, 0);
	for (i = 0; i < s->nstates && s->depth[i] < bestdepth; i++) {
		for (ti = 0; ti < n->nt && s->nstates < SEARCH_STATES; ti++) {
			tok *mk = s->marks + s->nstates * n->np;
			if (!bit(pl->allowed, ti) || !enabled(&n->t[ti], s->marks + i * n->np))
				continue;
			memcpy(mk, s->marks + i * n->np, n->np);
			fire_on(&n->t[ti], mk);
			if (!remember(s, s->nstates))
				continue;
			s->parent[s->nstates] = (uint32_t)i;
			s->via[s->nstates] = ti;
			s->depth[s->nstates] = s->depth[i] + 1;
			if (goal(pl, mk, target, sink0) &&
			    (best == SIZE_MAX || score(pl, mk) > bestscore)) {
				best = s->nstates;
				bestdepth = s->depth[s->nstates];
				bestscore = score(pl, mk);
			}
			s->nstates++;
		}
	}
	if (best == SIZE_MAX)
		return false;
	path = ka_xcalloc(s->depth[best] + 1, sizeof(uint32_t));
	for (i = best; s->parent[i] != NONE; i = s->parent[i])
		path[nfire++] = s->via[i];
	while (nfire)
		fire(pl, path[--nfire]);
	free(path);
	return true;
}

/* The silent transitions that lead to the places of `pre` (or to the sink). */
static void allow_for(struct player *pl, const uint32_t *pre, uint32_t npre)
{
	const struct net *n = pl->n;
	uint32_t i;
	size_t w;

	memset(pl->allowed, 0, n->tw * sizeof(uint64_t));
	for (i = 0; i < npre; i++)
		for (w = 0; w < n->tw; w++)
			pl->allowed[w] |= n->back_t[(size_t)pre[i] * n->tw + w];
}

static void player_init(struct player *pl, const struct net *n)
{
	memset(pl, 0, sizeof(*pl));
	pl->n = n;
	pl->mark = ka_xcalloc(n->np + 1, sizeof(tok));
	pl->allowed = ka_xcalloc(n->tw + 1, sizeof(uint64_t));
	pl->future = ka_xcalloc(n->pw + 1, sizeof(uint64_t));
	pl->s.n = n;
	pl->s.marks = ka_xcalloc((size_t)SEARCH_STATES * n->np + 1, sizeof(tok));
	pl->s.parent = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.via = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.depth = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.hcap = SEARCH_STATES * 2 + 1;
	pl->s.hash = ka_xcalloc(pl->s.hcap, sizeof(uint32_t));
}

static void player_free(struct player *pl)
{
	free(pl->mark);
	free(pl->allowed);
	free(pl->future);
	free(pl->s.marks);
	free(pl->s.parent);
	free(pl->s.via);
	free(pl->s.depth);
	free(pl->s.hash);
}

/* One case's results. */
struct case_result {
	uint64_t p, c, m, r;
};

/* The transitions of the case's mapped activity instances, in order. */
static uint32_t case_trans(const struct ka_eventlog *log, const struct ka_eventlog_case *cs,
                           const struct ka_eventlog_mapping *m, const struct net *n,
                           uint32_t *trans, uint32_t *acts)
{
	uint32_t k, len = 0;

	for (k = 0; k < cs->n; k++) {
		const struct ka_eventlog_event *ev = &log->events[cs->first + k];
		const struct ka_el *el;
		if (ev->lifecycle != KA_EVENTLOG_LC_NONE &&
		    ev->lifecycle != KA_EVENTLOG_LC_COMPLETE)
			continue;
		el = m->act_el[ev->activity];
		if (!el || n->vis[el->index] == NONE)
			continue;
		trans[len] = n->vis[el->index];
		acts[len++] = ev->activity;
	}
	return len;
}

/* Places the steps k.. of the case need (for the choice among shortest sequences). */
static void future_of(struct player *pl, const uint32_t *trans, uint32_t k, uint32_t len)
{
	const struct net *n = pl->n;
	uint32_t j, i;
	size_t w;

	memset(pl->future, 0, n->pw * sizeof(uint64_t));
	for (j = k; j < len; j++)
		for (i = 0; i < n->t[trans[j]].npre; i++)
			for (w = 0; w < n->pw; w++)
				pl->future[w] |=
				    n->back_p[(size_t)n->t[trans[j]].pre[i] * n->pw + w];
}

/* Whether a later step of the case produces (eventually) a token one of the empty places needs. */
static bool later_feeds(const struct net *n, const tok *mk, const struct trans *t,
                        const uint32_t *trans, uint32_t k, uint32_t len)
{
	uint32_t j, i;

	for (j = k + 1; j < len; j++)
		for (i = 0; i < t->npre; i++)
			if (!mk[t->pre[i]] && bit(n->fwd + (size_t)trans[j] * n->pw, t->pre[i]))
				return true;
	return false;
}

static void replay_case(struct player *pl, const uint32_t *trans, const uint32_t *acts,
                        uint32_t len, struct ka_eventlog_replay_act *ra, size_t weight,
                        bool *skipped_act, struct case_result *out)
{
	const struct net *n = pl->n;
	uint32_t k, i, q;
	tok sink0;

	memset(pl->mark, 0, n->np);
	pl->mark[n->source] = 1;
	pl->p = 1, pl->c = 0, pl->m = 0;
	for (k = 0; k < len; k++) {
		const struct trans *t = &n->t[trans[k]];
		struct ka_eventlog_replay_act *a = &ra[acts[k]];
		future_of(pl, trans, k, len);
		allow_for(pl, t->pre, t->npre);
		if (!enable(pl, trans[k], 0)) {
			uint64_t miss = 0;
			bool late = later_feeds(n, pl->mark, t, trans, k, len);
			for (i = 0; i < t->npre; i++)
				if (!pl->mark[t->pre[i]]) {
					pl->mark[t->pre[i]] = 1;
					miss++;
				}
			pl->m += miss;
			a->skipped += weight;
			a->missing += miss * weight;
			if (late)
				a->out_of_order += weight;
			skipped_act[acts[k]] = true;
		}
		fire(pl, trans[k]);
		a->fired += weight;
	}
	memset(pl->future, 0, n->pw * sizeof(uint64_t));
	allow_for(pl, &n->sink, 1);
	do
		sink0 = pl->mark[n->sink];
	while (sink0 < 255 && enable(pl, NONE, sink0) && pl->mark[n->sink] > sink0);
	out->m = pl->m;
	out->c = pl->c;
	if (pl->mark[n->sink])
		out->c += pl->mark[n->sink];
	else
		out->m++, out->c++;
	out->p = pl->p;
	out->r = 0;
	for (q = 0; q < n->np; q++)
		if (q != n->sink)
			out->r += pl->mark[q];
}

static double case_fitness(const struct case_result *r)
{
	return 0.5 * (1.0 - (r->c ? (double)r->m / (double)r->c : 0)) +
	       0.5 * (1.0 - (r->p ? (double)r->r / (double)r->p : 0));
}

int ka_eventlog_replay_compute(struct ka_eventlog_replay *out, const struct ka_eventlog_stats *s,
                               const struct ka_map *map, const struct ka_eventlog_mapping *m,
                               struct ka_diag *diag)
{
	const struct ka_eventlog *log = s->log;
	struct net n;
	struct player pl;
	uint32_t *trans = NULL, *acts = NULL, maxlen = 1, len;
	bool *skipped_act;
	size_t v, i;
	double sum = 0;
	int err;

	memset(out, 0, sizeof(*out));
	err = net_build(&n, map, m, diag);
	if (err)
		return err;
	out->nacts = log->nactivities;
	out->acts = ka_xcalloc(log->nactivities + 1, sizeof(*out->acts));
	out->skipped_cases = ka_xcalloc(log->nactivities + 1, sizeof(size_t));
	out->variant_fitness = ka_xcalloc(s->nvariants + 1, sizeof(double));
	out->variant_pcmr = ka_xcalloc(s->nvariants + 1, sizeof(*out->variant_pcmr));
	skipped_act = ka_xcalloc(log->nactivities + 1, sizeof(bool));
	for (v = 0; v < s->nvariants; v++)
		if (s->variants[v].len > maxlen)
			maxlen = s->variants[v].len;
	trans = ka_xcalloc(maxlen + 1, sizeof(uint32_t));
	acts = ka_xcalloc(maxlen + 1, sizeof(uint32_t));
	player_init(&pl, &n);
	/* every case of a variant has the same events, so one case stands for them all */
	for (v = 0; v < s->nvariants; v++) {
		const struct ka_eventlog_variant *var = &s->variants[v];
		struct case_result r;
		len = case_trans(log, &log->cases[var->example_case], m, &n, trans, acts);
		memset(skipped_act, 0, log->nactivities * sizeof(bool));
		replay_case(&pl, trans, acts, len, out->acts, var->count, skipped_act, &r);
		for (i = 0; i < log->nactivities; i++)
			if (skipped_act[i])
				out->skipped_cases[i] += var->count;
		out->variant_pcmr[v][0] = r.p, out->variant_pcmr[v][1] = r.c;
		out->variant_pcmr[v][2] = r.m, out->variant_pcmr[v][3] = r.r;
		out->variant_fitness[v] = case_fitness(&r);
		out->produced += r.p * var->count;
		out->consumed += r.c * var->count;
		out->missing += r.m * var->count;
		out->remaining += r.r * var->count;
		sum += out->variant_fitness[v] * (double)var->count;
		if (!r.m && !r.r)
			out->cases_fitting += var->count;
	}
	out->cases = s->ncases;
	out->mean_case_fitness = s->ncases ? sum / (double)s->ncases : 0;
	{
		struct case_result all = {out->produced, out->consumed, out->missing,
		                          out->remaining};
		out->fitness = s->ncases ? case_fitness(&all) : 0;
	}
	player_free(&pl);
	free(trans);
	free(acts);
	free(skipped_act);
	net_free(&n);
	return 0;
}

void ka_eventlog_replay_release(struct ka_eventlog_replay *r)
{
	free(r->acts);
	free(r->skipped_cases);
	free(r->variant_fitness);
	free(r->variant_pcmr);
	memset(r, 0, sizeof(*r));
}
