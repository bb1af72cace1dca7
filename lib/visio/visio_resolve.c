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

/* Lanes with no pool on the page get one drawn around them (the CFF container's role). */
static void pool_for_lanes(struct vs_page *p)
{
	double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
	int any = 0, pool;

	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];

		if (s->kind != VS_LANE || s->pool >= 0)
			continue;
		any = 1;
		x0 = s->x < x0 ? s->x : x0;
		y0 = s->y < y0 ? s->y : y0;
		x1 = s->x + s->w > x1 ? s->x + s->w : x1;
		y1 = s->y + s->h > y1 ? s->y + s->h : y1;
	}
	if (!any)
		return;
	vs_shape_add(p, "pool");
	pool = (int)p->n - 1;
	p->shapes[pool].kind = VS_POOL;
	p->shapes[pool].name = p->name ? ka_xstrdup(p->name) : NULL;
	p->shapes[pool].x = x0 - 30;
	p->shapes[pool].y = y0;
	p->shapes[pool].w = x1 - x0 + 30;
	p->shapes[pool].h = y1 - y0;
	for (size_t i = 0; i < p->n; i++)
		if (p->shapes[i].kind == VS_LANE && p->shapes[i].pool < 0)
			p->shapes[i].pool = pool;
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
	if (c->kind == VS_SEQ && (is_artifact(a->kind) || is_artifact(b->kind))) {
		c->kind = VS_ASSOC;
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
