/*
 * One page after reading: lanes and pools by geometric containment, flowchart
 * Start/End decided by their flows, connectors checked, and a note for every
 * shape or connector that does not make it into the BPMN.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/alloc.h"
#include "visio_int.h"
#include "kartla/banned.h"

static int is_node(int k)
{
	return k >= VS_TASK && k <= VS_GW_COMPLEX;
}

static int is_artifact(int k)
{
	return k == VS_DATA_OBJECT || k == VS_DATA_STORE || k == VS_ANNOTATION;
}

static int contains(const struct vs_shape *box, const struct vs_shape *s)
{
	double cx = s->x + s->w / 2, cy = s->y + s->h / 2;

	return cx >= box->x && cx <= box->x + box->w && cy >= box->y && cy <= box->y + box->h;
}

/* The smallest shape of `kind` whose bounds hold the centre of s, or -1. */
static int smallest(const struct vs_page *p, int kind, const struct vs_shape *s)
{
	int best = -1;

	for (size_t i = 0; i < p->n; i++) {
		const struct vs_shape *b = &p->shapes[i];

		if (b->kind != kind || b == s || !contains(b, s))
			continue;
		if (best < 0 || b->w * b->h < p->shapes[best].w * p->shapes[best].h)
			best = (int)i;
	}
	return best;
}

static void note(struct ka_import_report *rep, size_t pageno, const struct vs_shape *s,
                 const char *code, const char *fmt, const char *a, const char *b)
{
	char where[96];

	snprintf(where, sizeof where, "page %zu, shape %s", pageno + 1, s->vid);
	ka_import_note(rep, code, where, fmt, a ? a : "", b ? b : "");
}

static int adjacent(const struct vs_shape *a, const struct vs_shape *b)
{
	return b->x <= a->x + a->w + 3 && a->x <= b->x + b->w + 3 && b->y <= a->y + a->h + 3 &&
	       a->y <= b->y + b->h + 3;
}

/* A pool drawn around lane `seed` and every pool-less lane touching it, directly or not. */
static void pool_around(struct vs_page *p, size_t seed)
{
	double x0, y0, x1, y1;
	int pool, grew = 1, vertical = p->shapes[seed].h > p->shapes[seed].w;
	struct vs_shape *s;

	vs_shape_add(p, "pool");
	pool = (int)p->n - 1;
	p->shapes[seed].pool = pool;
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < p->n; i++) {
			if (p->shapes[i].kind != VS_LANE || p->shapes[i].pool >= 0)
				continue;
			for (size_t j = 0; j < p->n; j++)
				if (p->shapes[j].kind == VS_LANE && p->shapes[j].pool == pool &&
				    adjacent(&p->shapes[i], &p->shapes[j])) {
					p->shapes[i].pool = pool;
					grew = 1;
					break;
				}
		}
	}
	x0 = y0 = 1e300;
	x1 = y1 = -1e300;
	for (size_t i = 0; i < p->n; i++) {
		s = &p->shapes[i];
		if (s->kind != VS_LANE || s->pool != pool)
			continue;
		x0 = s->x < x0 ? s->x : x0;
		y0 = s->y < y0 ? s->y : y0;
		x1 = s->x + s->w > x1 ? s->x + s->w : x1;
		y1 = s->y + s->h > y1 ? s->y + s->h : y1;
	}
	s = &p->shapes[pool];
	s->kind = VS_POOL;
	s->name = p->name ? ka_xstrdup(p->name) : NULL;
	s->x = vertical ? x0 : x0 - 30;
	s->y = vertical ? y0 - 30 : y0;
	s->w = x1 - s->x;
	s->h = y1 - s->y;
}

/* Lanes with no pool get one drawn around each group of touching lanes (the CFF container's role).
 */
static void pool_for_lanes(struct vs_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->shapes[i].kind == VS_LANE && p->shapes[i].pool < 0)
			pool_around(p, i);
}

static void contain(struct vs_page *p)
{
	for (size_t i = 0; i < p->n; i++) /* pools do not nest: an inner one is a lane */
		if (p->shapes[i].kind == VS_POOL && smallest(p, VS_POOL, &p->shapes[i]) >= 0)
			p->shapes[i].kind = VS_LANE;
	for (size_t i = 0; i < p->n; i++)
		if (p->shapes[i].kind == VS_LANE)
			p->shapes[i].pool = smallest(p, VS_POOL, &p->shapes[i]);
	pool_for_lanes(p);
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];
		int lane;

		if (!is_node(s->kind) && !is_artifact(s->kind))
			continue;
		lane = smallest(p, VS_LANE, s);
		if (lane >= 0) {
			s->container = lane;
			s->pool = p->shapes[lane].pool;
		} else {
			s->pool = smallest(p, VS_POOL, s);
			s->container = s->pool;
		}
	}
}

static void terminals(struct vs_page *p, size_t pageno, struct ka_import_report *rep)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];
		int in = 0, out = 0;

		if (s->kind != VS_TERMINAL)
			continue;
		for (size_t j = 0; j < p->n; j++) {
			const struct vs_shape *c = &p->shapes[j];

			if (c->kind != VS_SEQ || c->skip)
				continue;
			in += c->dst == (int)i;
			out += c->src == (int)i;
		}
		s->kind = !in ? VS_START : !out ? VS_END : VS_INTER_THROW;
		note(rep, pageno, s, "visio.guessed_type",
		     "flowchart terminator \"%s\" read as %s from its flows", s->name,
		     s->kind == VS_START ? "a start event"
		     : s->kind == VS_END ? "an end event"
		                         : "an intermediate event");
	}
}

static void connector(struct vs_page *p, size_t pageno, struct vs_shape *c,
                      struct ka_import_report *rep)
{
	const struct vs_shape *a, *b;

	if (c->src < 0 || c->dst < 0) {
		c->skip = 1;
		note(rep, pageno, c, "visio.loose_connector",
		     "connector \"%s\" is not glued at its %s: left out", c->name,
		     c->src < 0 && c->dst < 0 ? "two ends"
		     : c->src < 0             ? "start"
		                              : "end");
		return;
	}
	a = &p->shapes[c->src];
	b = &p->shapes[c->dst];
	if (c->kind == VS_SEQ && (is_artifact(a->kind) || is_artifact(b->kind)))
		c->kind = VS_ASSOC;
	if (c->kind == VS_ASSOC) {
		/* only between things written in a process: nodes and artifacts */
		if ((!is_node(a->kind) && !is_artifact(a->kind)) ||
		    (!is_node(b->kind) && !is_artifact(b->kind))) {
			c->skip = 1;
			note(rep, pageno, c, "visio.unmapped_connector",
			     "association \"%s\" joins a shape that is not a flow node, data or "
			     "annotation (%s): left out",
			     c->name, !is_node(a->kind) && !is_artifact(a->kind) ? a->vid : b->vid);
		}
		return;
	}
	if (c->kind == VS_SEQ && (!is_node(a->kind) || !is_node(b->kind))) {
		c->skip = 1;
		note(rep, pageno, c, "visio.unmapped_connector",
		     "connector \"%s\" joins a shape that is not a flow node (%s): left out",
		     c->name, !is_node(a->kind) ? a->vid : b->vid);
		return;
	}
	if (c->kind == VS_SEQ && a->pool != b->pool) {
		c->kind = VS_MSG;
		note(rep, pageno, c, "visio.flow_between_pools",
		     "connector \"%s\" crosses pools: written as a message flow%s", c->name, NULL);
	} else if (c->kind == VS_MSG && (a->pool == b->pool || a->pool < 0) && is_node(a->kind) &&
	           is_node(b->kind)) {
		c->kind = VS_SEQ;
		note(rep, pageno, c, "visio.message_flow_in_pool",
		     "message flow \"%s\" stays inside one pool: written as a sequence flow%s",
		     c->name, NULL);
	} else if (c->kind == VS_MSG && !is_node(a->kind) && a->kind != VS_POOL) {
		c->skip = 1;
	} else if (c->kind == VS_MSG && !is_node(b->kind) && b->kind != VS_POOL) {
		c->skip = 1;
	}
	if (c->skip)
		note(rep, pageno, c, "visio.unmapped_connector",
		     "message flow \"%s\" does not join pools or flow nodes: left out%s", c->name,
		     NULL);
}

/* An annotation or data shape drawn beside the pools joins the pool of what it is tied to. */
static void adopt_artifacts(struct vs_page *p)
{
	int first = -1;

	for (size_t i = 0; i < p->n && first < 0; i++)
		if (p->shapes[i].kind == VS_POOL)
			first = (int)i;
	for (size_t i = 0; first >= 0 && i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];

		if (!is_artifact(s->kind) || s->pool >= 0)
			continue;
		s->pool = first;
		for (size_t j = 0; j < p->n; j++) {
			const struct vs_shape *c = &p->shapes[j];
			int other = c->src == (int)i ? c->dst : c->dst == (int)i ? c->src : -1;

			if (c->kind >= VS_SEQ && other >= 0 && p->shapes[other].pool >= 0) {
				s->pool = p->shapes[other].pool;
				break;
			}
		}
	}
}

static int is_activity(int k)
{
	return k == VS_TASK || k == VS_SUBPROCESS || k == VS_CALL;
}

/* The activity whose border the centre of event `s` lies on (within its radius), or -1. */
static int border_of(const struct vs_page *p, const struct vs_shape *s)
{
	double cx = s->x + s->w / 2, cy = s->y + s->h / 2, r = (s->w > s->h ? s->w : s->h) / 2;

	for (size_t i = 0; i < p->n; i++) {
		const struct vs_shape *a = &p->shapes[i];
		double dx, dy;

		if (!is_activity(a->kind) || a->skip || a->w <= 2 * r || a->h <= 2 * r)
			continue;
		/* inside the activity grown by r, and within r of one of its edges */
		if (cx < a->x - r || cx > a->x + a->w + r || cy < a->y - r || cy > a->y + a->h + r)
			continue;
		dx = cx - a->x < a->x + a->w - cx ? cx - a->x : a->x + a->w - cx;
		dy = cy - a->y < a->y + a->h - cy ? cy - a->y : a->y + a->h - cy;
		if ((dx < 0 ? -dx : dx) <= r || (dy < 0 ? -dy : dy) <= r)
			return (int)i;
	}
	return -1;
}

/*
 * An event drawn on an activity's border is a boundary event attached to it,
 * as every BPMN tool draws one, unless a sequence flow enters it (a boundary
 * event has none) or it ends the flow. The tail of Visio's stencil or the
 * geometry said start or intermediate; the border says more.
 */
static void boundaries(struct vs_page *p, size_t pageno, struct ka_import_report *rep)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];
		int a, in = 0;

		if (s->skip ||
		    (s->kind != VS_START && s->kind != VS_INTER_CATCH && s->kind != VS_INTER_THROW))
			continue;
		for (size_t j = 0; j < p->n; j++)
			in += p->shapes[j].kind == VS_SEQ && !p->shapes[j].skip &&
			      p->shapes[j].dst == (int)i;
		if (in || (a = border_of(p, s)) < 0)
			continue;
		s->kind = VS_BOUNDARY;
		s->attached = a;
		s->container = p->shapes[a].container;
		s->pool = p->shapes[a].pool;
		note(
		    rep, pageno, s, "visio.boundary_event",
		    "event \"%s\" sits on the border of \"%s\": attached to it as a boundary event",
		    s->name, p->shapes[a].name);
	}
}

int vs_resolve_page(struct vs_drawing *d, size_t pageno, struct ka_import_report *rep)
{
	struct vs_page *p = &d->pages[pageno];

	contain(p);
	adopt_artifacts(p);
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];

		if (s->skip)
			continue;
		if (s->kind >= VS_SEQ)
			connector(p, pageno, s, rep);
	}
	terminals(p, pageno, rep);
	boundaries(p, pageno, rep);
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];

		if (s->skip)
			continue;
		if (s->kind == VS_NONE) {
			s->skip = 1;
			note(rep, pageno, s, "visio.unmapped_shape",
			     "shape \"%s\" (master \"%s\") has no BPMN counterpart: left out",
			     s->name, s->master ? s->master : "none");
		} else if (s->kind == VS_PHASE) {
			s->skip = 1;
			note(rep, pageno, s, "visio.phase",
			     "phase \"%s\" has no BPMN counterpart: kept only in this note%s",
			     s->name, NULL);
		}
	}
	return 0;
}
