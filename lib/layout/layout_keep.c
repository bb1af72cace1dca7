/*
 * --keep: shapes that had bounds stay where they were. The others are
 * placed by breadth-first search from the kept ones, each at its fresh
 * offset from the neighbour that reached it, pulled into its lane's old band
 * and moved right until it overlaps nothing; what no kept shape reaches goes
 * below the old drawing. Edges between two kept shapes keep their old
 * waypoints; the others are routed anew between their ends.
 *
 * The overlap test scans the shapes placed so far: quadratic in the shapes
 * that were not placed before, which is fine for the few a person adds.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "layout_int.h"
#include "kartla/banned.h"

static int old_bounds(const struct ka_el *el, struct ka_bounds *b)
{
	if (!el || !el->di || el->di->kind != KA_K_DI_SHAPE || !el->di->has_bounds)
		return 0;
	*b = el->di->bounds;
	return 1;
}

static int overlaps(const struct ly_node *a, const struct ly_node *b)
{
	return a->x < b->x + b->w + 10 && b->x < a->x + a->w + 10 && a->y < b->y + b->h + 10 &&
	       b->y < a->y + a->h + 10;
}

/* Into the old band of its lane, then right until free of every placed shape. */
static void settle(struct ly_plane *p, struct ly_node *v, const bool *placed)
{
	struct ka_el *lane = p->band[v->band].lane;
	struct ka_bounds lb;
	int i, moved = 1, rounds = 0;

	if (lane && old_bounds(lane, &lb) && v->kind != LY_BOUND) {
		double top = lb.y - p->dy + 5, bottom = lb.y + lb.h - p->dy - v->h - 5;

		if (v->y > bottom)
			v->y = bottom;
		if (v->y < top)
			v->y = top;
	}
	while (moved && rounds++ < p->nn + 1) {
		moved = 0;
		for (i = 0; i < p->nn; i++) {
			struct ly_node *o = &p->n[i];

			if (o == v || !placed[i] || o->kind == LY_DUMMY || !overlaps(v, o))
				continue;
			v->x = o->x + o->w + 30;
			moved = 1;
		}
	}
}

/* Undirected neighbours by edge, for the search. */
static int *neighbours(const struct ly_plane *p, int **start)
{
	int *cnt = ka_xcalloc((size_t)p->nn + 2, sizeof(int)), *adj, *fill, i;

	for (i = 0; i < p->ne; i++) {
		cnt[p->e[i].src + 1]++;
		cnt[p->e[i].dst + 1]++;
	}
	for (i = 0; i < p->nn; i++)
		cnt[i + 1] += cnt[i];
	adj = ka_xcalloc((size_t)cnt[p->nn] + 1, sizeof(int));
	fill = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	for (i = 0; i < p->ne; i++) {
		int s = p->e[i].src, t = p->e[i].dst;

		adj[cnt[s] + fill[s]++] = t;
		adj[cnt[t] + fill[t]++] = s;
	}
	free(fill);
	*start = cnt;
	return adj;
}

static void place_rest(struct ly_plane *p, bool *placed, const double *fx, const double *fy)
{
	int *start, *adj = neighbours(p, &start),
	            *queue = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int i, qh = 0, qt = 0;
	double bottom = 0, top = 1e18;

	for (i = 0; i < p->nn; i++)
		if (placed[i]) {
			queue[qt++] = i;
			if (p->n[i].y + p->n[i].h > bottom)
				bottom = p->n[i].y + p->n[i].h;
		}
	while (qh < qt) {
		int u = queue[qh++], k;

		for (k = start[u]; k < start[u + 1]; k++) {
			int v = adj[k];

			if (placed[v] || p->n[v].kind == LY_DUMMY)
				continue;
			p->n[v].x = p->n[u].x + (fx[v] - fx[u]);
			p->n[v].y = p->n[u].y + (fy[v] - fy[u]);
			settle(p, &p->n[v], placed);
			placed[v] = true;
			queue[qt++] = v;
		}
	}
	for (i = 0; i < p->nn; i++)
		if (!placed[i] && p->n[i].kind != LY_DUMMY && p->n[i].kind != LY_BOUND &&
		    fy[i] < top)
			top = fy[i];
	for (i = 0; i < p->nn; i++) {
		struct ly_node *v = &p->n[i];

		if (placed[i] || v->kind == LY_DUMMY)
			continue;
		if (v->kind == LY_BOUND && v->host >= 0) {
			v->x = p->n[v->host].x + (fx[i] - fx[v->host]);
			v->y = p->n[v->host].y + (fy[i] - fy[v->host]);
		} else {
			v->x = fx[i];
			v->y = fy[i] - top + bottom + 80;
			settle(p, v, placed);
		}
		placed[i] = true;
	}
	free(start);
	free(adj);
	free(queue);
}

static void reroute(struct ly_plane *p, const bool *kept)
{
	int i, k;

	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];
		int s = e->bnode >= 0 ? e->bnode : e->src;
		const struct ka_el *di = e->el->di;
		struct ka_bounds a = {p->n[s].x, p->n[s].y, p->n[s].w, p->n[s].h};
		struct ka_bounds b = {p->n[e->dst].x, p->n[e->dst].y, p->n[e->dst].w,
		                      p->n[e->dst].h};

		if (kept[s] && kept[e->dst] && di && di->kind == KA_K_DI_EDGE &&
		    di->nwaypoints >= 2) {
			free(e->pts);
			e->pts = ka_xcalloc(di->nwaypoints, sizeof(*e->pts));
			for (k = 0; k < (int)di->nwaypoints; k++) {
				e->pts[k].x = di->waypoints[k].x;
				e->pts[k].y = di->waypoints[k].y - p->dy;
			}
			e->npts = (int)di->nwaypoints;
			e->kept = true;
			continue;
		}
		ly_connect(&a, &b, false, e->pts, &e->npts);
	}
}

void ly_keep(struct ly_plane *p, bool keep, struct ka_layout_stats *st)
{
	bool *placed, *kept;
	double *fx, *fy;
	int i, nkept = 0;

	if (!keep)
		return;
	placed = ka_xcalloc((size_t)p->nn + 1, sizeof(bool));
	kept = ka_xcalloc((size_t)p->nn + 1, sizeof(bool));
	fx = ka_xcalloc((size_t)p->nn + 1, sizeof(double));
	fy = ka_xcalloc((size_t)p->nn + 1, sizeof(double));
	for (i = 0; i < p->nn; i++) {
		struct ly_node *v = &p->n[i];
		struct ka_bounds b;

		fx[i] = v->x;
		fy[i] = v->y;
		if (v->kind == LY_DUMMY || !old_bounds(v->el, &b))
			continue;
		v->x = b.x;
		v->y = b.y - p->dy;
		v->w = b.w;
		v->h = b.h;
		kept[i] = placed[i] = v->kept = true;
		nkept++;
	}
	if (nkept) {
		place_rest(p, placed, fx, fy);
		reroute(p, kept);
		p->keep = true;
		p->right = 0;
		for (i = 0; i < p->nn; i++)
			if (p->n[i].kind != LY_DUMMY && p->n[i].x + p->n[i].w > p->right)
				p->right = p->n[i].x + p->n[i].w;
	}
	if (st)
		st->kept += (size_t)nkept;
	free(placed);
	free(kept);
	free(fx);
	free(fy);
}
