/*
 * Geometry of a plane: bands and rows give every y, columns (as wide as
 * their widest shape) and channels (wide enough for their vertical
 * segments) give every x. Edges are routed in two passes over the same
 * decisions: the first counts the vertical segments of each channel, the
 * second, once the columns are placed, writes the points.
 *
 * Routing rules, all orthogonal: a flow leaves the right side of its source
 * and enters the left side of its target, turning in the channel between two
 * layers; a gateway whose branch goes up or down leaves from its top or
 * bottom when no shape of its layer is in the way (and a gateway joining
 * enters the same way); a flow from a boundary event leaves its bottom; a
 * loop's back edge leaves the bottom of its source, runs under the rows and
 * enters the bottom of its target.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "layout_int.h"
#include "kartla/banned.h"

static double cy(const struct ly_node *n)
{
	return n->y + n->h / 2;
}

static double cx(const struct ly_node *n)
{
	return n->x + n->w / 2;
}

static double row_end(const struct ly_plane *p, const struct ly_node *n)
{
	return p->band[n->band].y + (n->row + 1) * LY_ROW_H;
}

static int is_gateway(const struct ly_node *n)
{
	return n->kind == LY_REAL && n->el->kind == KA_K_GATEWAY;
}

static void route_all(struct ly_plane *p, int emit);

void ly_place(struct ly_plane *p)
{
	double y = 0, left;
	int i;

	for (i = 0; i < p->nband; i++) {
		p->band[i].y = y;
		p->band[i].h = p->band[i].rows * LY_ROW_H;
		y += p->band[i].h;
	}
	p->height = y;
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i];
		double c = p->band[n->band].y + n->row * LY_ROW_H + LY_ROW_H / 2;

		if (n->kind == LY_BOUND)
			continue;
		n->y = n->back ? c + LY_ROW_H / 2 - LY_UNDER : c - n->h / 2;
	}
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i];

		if (n->kind == LY_BOUND && n->host >= 0)
			n->y = p->n[n->host].y + p->n[n->host].h - n->h / 2;
	}
	p->colx = ka_xcalloc((size_t)p->nlayers + 1, sizeof(double));
	p->colw = ka_xcalloc((size_t)p->nlayers + 1, sizeof(double));
	p->gapw = ka_xcalloc((size_t)p->nlayers + 1, sizeof(double));
	p->nslots = ka_xcalloc((size_t)p->nlayers + 1, sizeof(int));
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i];

		if (n->kind != LY_BOUND && n->w > p->colw[n->layer])
			p->colw[n->layer] = n->w;
	}
	/* First routing pass: count the channel slots. */
	route_all(p, 0);
	p->x0 = LY_PLANE_X;
	left = p->x0 + (p->pool ? LY_LABEL_W : 0) + LY_LABEL_W * p->maxdepth + LY_PAD_X;
	for (i = 0; i < p->nlayers; i++) {
		double g = LY_SLOT_SP * (p->nslots[i] + 1);

		p->gapw[i] = g > LY_COL_GAP ? g : LY_COL_GAP;
		p->colx[i] = left;
		left += p->colw[i] + p->gapw[i];
	}
	p->width = (p->nlayers ? left - p->gapw[p->nlayers - 1] : left) + LY_PAD_X - p->x0;
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i];

		if (n->kind != LY_BOUND)
			n->x = p->colx[n->layer] + (p->colw[n->layer] - n->w) / 2;
	}
	/* Boundary events along the host's bottom edge, from its right end. */
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i], *h;

		if (n->kind != LY_BOUND || n->host < 0)
			continue;
		h = &p->n[n->host];
		n->x = h->x + h->w - n->w - 10 - 44 * h->nbound;
		h->nbound++;
	}
}

/*
 * No shape of u's layer lies between u and the horizontal line at y, and no
 * other line of that layer runs at y (a back edge's line may be crossed).
 */
static int free_towards(const struct ly_plane *p, const struct ly_node *u, double y)
{
	int a = p->lstart[u->layer], b = p->lstart[u->layer + 1];
	int dir = y > cy(u) ? 1 : -1, k;

	for (k = a + u->pos + dir; k >= a && k < b; k += dir) {
		const struct ly_node *v = &p->n[p->lay[k]];

		if (v->kind == LY_DUMMY && v->back && fabs(v->y - y) > 12) {
			if ((dir > 0 && v->y > y) || (dir < 0 && v->y < y))
				return 1;
			continue;
		}
		if (dir > 0)
			return v->y > y + 12;
		return v->y + v->h + (v->kind == LY_REAL && v->h < 80 ? 34 : 0) < y - 12;
	}
	return 1;
}

struct route {
	struct ly_plane *p;
	struct ly_edge *e;
	int emit;
	struct ka_point *pts;
	int n;
};

static void add_pt(struct route *r, double x, double y)
{
	if (!r->emit)
		return;
	if (r->n >= 2) {
		struct ka_point *a = &r->pts[r->n - 2], *b = &r->pts[r->n - 1];

		if ((a->x == b->x && b->x == x) || (a->y == b->y && b->y == y)) {
			b->x = x;
			b->y = y;
			return;
		}
	}
	if (r->n && r->pts[r->n - 1].x == x && r->pts[r->n - 1].y == y)
		return;
	r->pts[r->n].x = x;
	r->pts[r->n].y = y;
	r->n++;
}

/* A vertical segment in the channel right of layer L, from y0 to y1 (segment seg of the edge). */
static void channel(struct route *r, int L, int seg, double y0, double y1)
{
	struct ly_plane *p = r->p;
	int *s = &p->slot[r->e->seg0 + seg];
	double x;

	if (!r->emit) {
		if (*s < 0)
			*s = p->nslots[L]++;
		return;
	}
	x = p->colx[L] + p->colw[L] + p->gapw[L] * (*s + 1) / (p->nslots[L] + 1);
	add_pt(r, x, y0);
	add_pt(r, x, y1);
}

static int chain_node(const struct ly_plane *p, const struct ly_edge *e, int i)
{
	int lo = e->back ? e->dst : e->src, hi = e->back ? e->src : e->dst;

	if (i == 0)
		return lo;
	return i <= e->nchain ? p->chain[e->chain0 + i - 1] : hi;
}

static void route_forward(struct route *r)
{
	struct ly_plane *p = r->p;
	struct ly_edge *e = r->e;
	struct ly_node *s = &p->n[e->src], *t = &p->n[e->dst], *c1 = &p->n[chain_node(p, e, 1)];
	double cur;
	int i, i0 = 0;

	if (e->bnode >= 0) {
		struct ly_node *b = &p->n[e->bnode];

		b->used |= LY_BOTTOM;
		add_pt(r, cx(b), b->y + b->h);
		if (!e->nchain && cy(t) > b->y + b->h + 10 && free_towards(p, s, cy(t))) {
			add_pt(r, cx(b), cy(t));
			add_pt(r, t->x, cy(t));
			return;
		}
		cur = b->y + b->h + 12;
		add_pt(r, cx(b), cur);
	} else if (is_gateway(s) && cy(c1) != cy(s) &&
	           !(s->used_in & (cy(c1) < cy(s) ? LY_TOP : LY_BOTTOM)) &&
	           free_towards(p, s, cy(c1))) {
		unsigned side = cy(c1) < cy(s) ? LY_TOP : LY_BOTTOM;

		s->used |= side;
		s->used_out |= side;
		add_pt(r, cx(s), side == LY_TOP ? s->y : s->y + s->h);
		cur = cy(c1);
		add_pt(r, cx(s), cur);
		i0 = 1;
	} else {
		cur = cy(s);
		add_pt(r, s->x + s->w, cur);
	}
	for (i = i0; i <= e->nchain; i++) {
		struct ly_node *a = &p->n[chain_node(p, e, i)], *b = &p->n[chain_node(p, e, i + 1)];

		if (i == e->nchain && is_gateway(t) && cur != cy(t) &&
		    !(t->used_out & (cur < cy(t) ? LY_TOP : LY_BOTTOM)) &&
		    free_towards(p, t, cur)) {
			unsigned side = cur < cy(t) ? LY_TOP : LY_BOTTOM;

			t->used |= side;
			t->used_in |= side;
			add_pt(r, cx(t), cur);
			add_pt(r, cx(t), side == LY_TOP ? t->y : t->y + t->h);
			return;
		}
		if (cur != cy(b)) {
			channel(r, a->layer, i, cur, cy(b));
			cur = cy(b);
		}
	}
	add_pt(r, t->x, cy(t));
}

/* A loop back: out of the source's bottom, under the rows, into the target's bottom. */
static void route_back(struct route *r)
{
	struct ly_plane *p = r->p;
	struct ly_edge *e = r->e;
	struct ly_node *s = &p->n[e->src], *t = &p->n[e->dst];
	double cur;
	int i;

	if (e->bnode >= 0) {
		struct ly_node *b = &p->n[e->bnode];

		b->used |= LY_BOTTOM;
		add_pt(r, cx(b), b->y + b->h);
		cur = b->y + b->h + 12;
		add_pt(r, cx(b), cur);
	} else {
		/* No branch may leave where a loop leaves or enters: the lines would merge. */
		s->used |= LY_BOTTOM;
		s->used_out |= LY_BOTTOM;
		s->used_in |= LY_BOTTOM;
		add_pt(r, cx(s), s->y + s->h);
		cur = row_end(p, s) - LY_UNDER;
		add_pt(r, cx(s), cur);
	}
	for (i = e->nchain; i >= 0; i--) {
		struct ly_node *a = &p->n[chain_node(p, e, i)];
		double want = i > 0 ? a->y : row_end(p, t) - LY_UNDER;

		if (cur != want) {
			channel(r, a->layer, i, cur, want);
			cur = want;
		}
	}
	t->used |= LY_BOTTOM;
	t->used_in |= LY_BOTTOM;
	add_pt(r, cx(t), cur);
	add_pt(r, cx(t), t->y + t->h);
}

static void route_other(struct route *r)
{
	struct ly_plane *p = r->p;
	struct ly_edge *e = r->e;
	struct ly_node *s = &p->n[e->src], *t = &p->n[e->dst];

	if (e->kind == LY_E_SELF) {
		double x = s->x + s->w + 20, y = row_end(p, s) - LY_UNDER;

		s->used |= LY_BOTTOM;
		add_pt(r, s->x + s->w, cy(s));
		add_pt(r, x, cy(s));
		add_pt(r, x, y);
		add_pt(r, cx(s), y);
		add_pt(r, cx(s), s->y + s->h);
		return;
	}
	if (!r->emit)
		return;
	struct ly_node *a = s->kind == LY_ARTIFACT ? s : t, *h = a == s ? t : s;
	struct ka_point tmp[4];
	int n = 0, k;

	if (a->host == (int)(h - p->n) && h->art == (int)(a - p->n) && a->y > h->y + h->h) {
		h->used |= LY_BOTTOM;
		tmp[n++] = (struct ka_point){cx(h), h->y + h->h};
		tmp[n++] = (struct ka_point){cx(h), a->y};
	} else if (a->host == (int)(h - p->n) && a->y > h->y + h->h) {
		double x = p->colx[h->layer] - 15;

		tmp[n++] = (struct ka_point){h->x, h->y + h->h * 0.75};
		tmp[n++] = (struct ka_point){x, h->y + h->h * 0.75};
		tmp[n++] = (struct ka_point){x, cy(a)};
		tmp[n++] = (struct ka_point){a->x, cy(a)};
	} else {
		struct ka_bounds hb = {h->x, h->y, h->w, h->h}, ab = {a->x, a->y, a->w, a->h};

		ly_connect(&hb, &ab, false, tmp, &n);
	}
	for (k = 0; k < n; k++) {
		struct ka_point q = a == s ? tmp[n - 1 - k] : tmp[k];

		add_pt(r, q.x, q.y);
	}
}

/* Back edges first: they claim the bottoms of their ends before any branch does. */
static void route_all(struct ly_plane *p, int emit)
{
	int i, pass;

	for (i = 0; i < p->nn; i++)
		p->n[i].used = p->n[i].used_in = p->n[i].used_out = 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < p->ne; i++) {
			struct ly_edge *e = &p->e[i];
			struct route r = {p, e, emit, NULL, 0};

			if ((e->kind == LY_E_FLOW && e->back) != (pass == 0))
				continue;
			if (emit) {
				free(e->pts);
				e->pts = ka_xcalloc((size_t)(2 * e->nchain + 12), sizeof(*e->pts));
				r.pts = e->pts;
			}
			if (e->kind != LY_E_FLOW)
				route_other(&r);
			else if (e->back)
				route_back(&r);
			else
				route_forward(&r);
			e->npts = r.n;
		}
}

void ly_route(struct ly_plane *p)
{
	route_all(p, 1);
}

void ly_connect(const struct ka_bounds *a, const struct ka_bounds *b, bool vertical,
                struct ka_point *pts, int *n)
{
	double acx = a->x + a->w / 2, acy = a->y + a->h / 2;
	double bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
	int apart_x = b->x >= a->x + a->w + 20 || a->x >= b->x + b->w + 20;

	*n = 0;
	if ((vertical || !apart_x) && (b->y >= a->y + a->h + 10 || a->y >= b->y + b->h + 10)) {
		int down = b->y >= a->y + a->h;
		double y0 = down ? a->y + a->h : a->y, y1 = down ? b->y : b->y + b->h;
		double x = acx;

		if (b->w > 3 * a->w || a->w > 3 * b->w) {
			/* A pool at one end: one vertical at the small end's centre, inside the
			 * pool. */
			const struct ka_bounds *big = a->w > 3 * b->w ? a : b;

			x = big == a ? bcx : acx;
			if (x < big->x + 10)
				x = big->x + 10;
			if (x > big->x + big->w - 10)
				x = big->x + big->w - 10;
			if (x == (big == a ? bcx : acx)) {
				pts[(*n)++] = (struct ka_point){x, y0};
				pts[(*n)++] = (struct ka_point){x, y1};
				return;
			}
		}
		pts[(*n)++] = (struct ka_point){acx, y0};
		if (acx != bcx) {
			double ym = down ? y1 - 20 : y0 - 20;

			pts[(*n)++] = (struct ka_point){acx, ym};
			pts[(*n)++] = (struct ka_point){bcx, ym};
		}
		pts[(*n)++] = (struct ka_point){bcx, y1};
		return;
	}
	if (b->x >= a->x + a->w || a->x >= b->x + b->w) {
		int right = b->x >= a->x + a->w;
		double x0 = right ? a->x + a->w : a->x, x1 = right ? b->x : b->x + b->w;
		double xm = (x0 + x1) / 2;

		pts[(*n)++] = (struct ka_point){x0, acy};
		if (acy != bcy) {
			pts[(*n)++] = (struct ka_point){xm, acy};
			pts[(*n)++] = (struct ka_point){xm, bcy};
		}
		pts[(*n)++] = (struct ka_point){x1, bcy};
		return;
	}
	/* Overlapping boxes: around below both. */
	{
		double y = fmax(a->y + a->h, b->y + b->h) + 20;

		pts[(*n)++] = (struct ka_point){acx, a->y + a->h};
		pts[(*n)++] = (struct ka_point){acx, y};
		pts[(*n)++] = (struct ka_point){bcx, y};
		pts[(*n)++] = (struct ka_point){bcx, b->y + b->h};
	}
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static struct ka_bounds text_box(const char *name, double maxw)
{
	double len = 7.0 * (double)utf8_chars(name) + 10;
	double w = len < maxw ? (len < 20 ? 20 : len) : maxw;
	double lines = ceil(len / (w > 1 ? w : 1));

	return (struct ka_bounds){0, 0, ceil(w), 14 * (lines < 1 ? 1 : lines)};
}

struct ka_bounds ly_node_label(const struct ly_node *nd, const char *name)
{
	struct ka_bounds b = text_box(name, 90);
	double c = nd->x + nd->w / 2;

	if (nd->kind == LY_BOUND) {
		/* Right of the event, under its host: its flow leaves the bottom. */
		b.x = nd->x + nd->w + 2;
		b.y = nd->y + nd->h - 8;
	} else if (!(nd->used & LY_BOTTOM)) {
		b.x = c - b.w / 2;
		b.y = nd->y + nd->h + 5;
	} else if (!(nd->used & LY_TOP)) {
		b.x = c - b.w / 2;
		b.y = nd->y - 5 - b.h;
	} else {
		b.x = nd->x - 5 - b.w;
		b.y = nd->y - 5 - b.h;
	}
	b.x = round(b.x);
	b.y = round(b.y);
	return b;
}

struct ka_bounds ly_edge_label(const struct ka_point *pts, int npts, const char *name, int nth)
{
	struct ka_bounds b = text_box(name, 80);

	if (npts < 2)
		return b;
	if (pts[0].y == pts[1].y) {
		/* The first label above the line, the next ones below it. */
		b.x = pts[0].x < pts[1].x ? pts[0].x + 5 : pts[0].x - 5 - b.w;
		b.y = nth ? pts[0].y + 5 + (nth - 1) * 14 : pts[0].y - 5 - b.h;
	} else {
		/* Right of a vertical first segment; a second label on that side goes left of it.
		 */
		b.x = nth % 2 ? pts[0].x - 5 - b.w : pts[0].x + 5;
		b.y = pts[1].y > pts[0].y ? pts[0].y + 3 + (nth / 2) * 14
		                          : pts[0].y - 3 - b.h - (nth / 2) * 14;
	}
	b.x = round(b.x);
	b.y = round(b.y);
	return b;
}

static int vertical_clear(double x, double y0, double y1, const struct ka_bounds *s, size_t ns,
                          const struct ka_bounds *a, const struct ka_bounds *b)
{
	double lo = fmin(y0, y1), hi = fmax(y0, y1);
	size_t i;

	for (i = 0; i < ns; i++) {
		const struct ka_bounds *r = &s[i];

		if (!memcmp(r, a, sizeof(*r)) || !memcmp(r, b, sizeof(*r)))
			continue;
		if (x > r->x - 4 && x < r->x + r->w + 4 && hi > r->y - 4 && lo < r->y + r->h + 4)
			return 0;
	}
	return 1;
}

void ly_message_route(const struct ka_bounds *a, bool apool, const struct ka_bounds *b, bool bpool,
                      const struct ka_bounds *shapes, size_t nshapes, struct ka_point *pts, int *n)
{
	int down = b->y >= a->y + a->h, k;
	double ya = down ? a->y + a->h : a->y, yb = down ? b->y : b->y + b->h;
	double d = down ? 12 : -12, sx, tx, x;
	double cand[6];
	int nc = 0;

	if (!down && a->y < b->y + b->h) {
		ly_connect(a, b, true, pts, n);
		return;
	}
	if (apool && bpool) {
		x = (fmax(a->x, b->x) + fmin(a->x + a->w, b->x + b->w)) / 2;
		pts[0] = (struct ka_point){x, ya};
		pts[1] = (struct ka_point){x, yb};
		*n = 2;
		return;
	}
	sx = apool ? b->x + b->w / 2 : a->x + a->w / 2;
	tx = bpool ? sx : b->x + b->w / 2;
	cand[nc++] = apool ? tx : sx;
	if (!bpool && !apool)
		cand[nc++] = tx;
	if (!apool) {
		cand[nc++] = a->x + a->w + 20;
		cand[nc++] = a->x - 20;
	}
	if (!bpool) {
		cand[nc++] = b->x + b->w + 20;
		cand[nc++] = b->x - 20;
	}
	x = cand[0];
	for (k = 0; k < nc; k++)
		if (vertical_clear(cand[k], ya + d, yb - d, shapes, nshapes, a, b)) {
			x = cand[k];
			break;
		}
	if (apool)
		sx = x;
	if (bpool)
		tx = x;
	*n = 0;
	pts[(*n)++] = (struct ka_point){sx, ya};
	if (sx != x) {
		pts[(*n)++] = (struct ka_point){sx, ya + d};
		pts[(*n)++] = (struct ka_point){x, ya + d};
	}
	if (tx != x) {
		pts[(*n)++] = (struct ka_point){x, yb - d};
		pts[(*n)++] = (struct ka_point){tx, yb - d};
	}
	pts[(*n)++] = (struct ka_point){tx, yb};
}
