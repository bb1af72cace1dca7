/*
 * Rules about the drawing (BPMN DI): everything that should be visible has a
 * shape or an edge, and steps do not lie on top of each other.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "check_int.h"
#include "kartla/banned.h"

static bool in_process_level(const struct ka_el *el)
{
	return el->container &&
	       (el->container->kind == KA_K_PROCESS || el->container->kind == KA_K_SUB_PROCESS);
}

/*
 * Is the process drawn at all: has a diagram of its own, or a pool that is
 * drawn or sits in a drawn collaboration? A process without any diagram
 * (often a called process kept in the same file) is valid BPMN and is not
 * reported element by element.
 */
static bool drawn_process(const struct ka_el *proc, const bool *planed)
{
	const struct ka_el *p = proc ? proc->participant : NULL;

	if (!proc)
		return false;
	return planed[proc->index] || (p && (p->di || (p->parent && planed[p->parent->index])));
}

/* Visible elements Kartla expects a shape or edge for (see docs/rules.md, di-present). */
static bool wants_di(const struct ka_check_ctx *c, const struct ka_el *el, const bool *planed)
{
	const struct ka_el *p = el->parent;

	if (!(el->type->flags & KA_TF_VISIBLE) || ka_check_in_choreography(el))
		return false;
	switch (el->kind) {
	case KA_K_PARTICIPANT:
	case KA_K_MESSAGE_FLOW:
		return p && planed[p->index];
	case KA_K_LANE:
		return drawn_process(el->process, planed);
	case KA_K_SEQUENCE_FLOW:
	case KA_K_DATA_OBJECT_REF:
	case KA_K_DATA_STORE_REF:
		return in_process_level(el) && drawn_process(el->process, planed);
	case KA_K_ASSOCIATION:
	case KA_K_TEXT_ANNOTATION:
	case KA_K_GROUP:
		if (p && p->kind == KA_K_COLLABORATION)
			return planed[p->index];
		return p && (p->kind == KA_K_PROCESS || p->kind == KA_K_SUB_PROCESS) &&
		       drawn_process(p->kind == KA_K_PROCESS ? p : p->process, planed);
	default:
		/* flow nodes; not data inputs/outputs (an ioSpecification is rarely drawn) */
		return ka_check_in_scope(c, el->index) && drawn_process(el->process, planed);
	}
}

/*
 * True when el lies inside a sub-process drawn collapsed that has no diagram
 * of its own: there is nowhere to draw it.
 */
static bool hidden(const struct ka_el *el, const bool *planed)
{
	const struct ka_el *s;

	for (s = el->parent; s && s->kind != KA_K_PROCESS; s = s->parent)
		if (s->kind == KA_K_SUB_PROCESS && ka_check_collapsed(s) && !planed[s->index])
			return true;
	return false;
}

static void di_present(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	bool *planed = ka_xcalloc(m->els.n + 1, sizeof(*planed));
	size_t i;

	if (!m->diagrams.n) {
		/* nothing is drawn: one finding for the file, if it holds anything to draw */
		for (i = 0; i < m->els.n; i++) {
			if (ka_check_in_scope(c, i)) {
				ka_check_report(c, m->definitions, 1, NULL);
				break;
			}
		}
		goto out;
	}
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];

		if (el->kind == KA_K_DI_PLANE && el->ref)
			planed[el->ref->index] = true;
	}
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];

		if (!el->di && wants_di(c, el, planed) && !hidden(el, planed))
			ka_check_report(c, el, 0, NULL);
	}
out:
	free(planed);
}

struct shape {
	const struct ka_el *el;    /* the flow node */
	const struct ka_el *plane; /* the plane it is drawn on */
	const struct ka_bounds *b;
	double lo, hi; /* extent along the sweep axis */
};

static int shape_cmp(const void *pa, const void *pb)
{
	const struct shape *a = pa, *b = pb;

	if (a->plane != b->plane)
		return a->plane->index < b->plane->index ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->el->index < b->el->index ? -1 : a->el->index > b->el->index;
}

static bool encloses(const struct ka_el *outer, const struct ka_el *inner)
{
	const struct ka_el *p;

	for (p = inner->parent; p; p = p->parent)
		if (p == outer)
			return true;
	return false;
}

/* Overlaps that are drawn on purpose: a boundary event on its host, content in its box. */
static bool expected_overlap(const struct ka_el *a, const struct ka_el *b)
{
	if (a->attached_to == b || b->attached_to == a)
		return true;
	if (encloses(a, b) || encloses(b, a))
		return true;
	if (a->attached_to && encloses(a->attached_to, b))
		return true;
	if (b->attached_to && encloses(b->attached_to, a))
		return true;
	/* an expanded call activity shows the called process inside its box */
	if (a->process != b->process &&
	    ((a->kind == KA_K_CALL_ACTIVITY && a->di && a->di->is_expanded) ||
	     (b->kind == KA_K_CALL_ACTIVITY && b->di && b->di->is_expanded)))
		return true;
	return false;
}

/*
 * Sort by plane, then by position along one axis, and sweep: only shapes
 * whose extents meet on that axis are compared. The axis is the one the
 * drawing spreads along most (left to right, or top down), so a long map
 * costs about n log n either way.
 */
static void no_overlapping_shapes(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	struct shape *v = NULL;
	size_t n = 0, i, j;
	double minx = 0, maxx = 0, miny = 0, maxy = 0;
	bool by_y;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *s = m->els.v[i];

		if (s->kind != KA_K_DI_SHAPE || !s->ref || !s->has_bounds || !s->parent ||
		    s->parent->kind != KA_K_DI_PLANE || !ka_check_in_scope(c, s->ref->index) ||
		    s->bounds.w <= 0 || s->bounds.h <= 0)
			continue;
		if (!v)
			v = ka_xcalloc(m->els.n, sizeof(*v));
		v[n].el = s->ref;
		v[n].plane = s->parent;
		v[n].b = &s->bounds;
		if (!n || s->bounds.x < minx)
			minx = s->bounds.x;
		if (!n || s->bounds.x > maxx)
			maxx = s->bounds.x;
		if (!n || s->bounds.y < miny)
			miny = s->bounds.y;
		if (!n || s->bounds.y > maxy)
			maxy = s->bounds.y;
		n++;
	}
	if (!n)
		return;
	by_y = maxy - miny > maxx - minx;
	for (i = 0; i < n; i++) {
		v[i].lo = by_y ? v[i].b->y : v[i].b->x;
		v[i].hi = v[i].lo + (by_y ? v[i].b->h : v[i].b->w);
	}
	qsort(v, n, sizeof(*v), shape_cmp);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n && v[j].plane == v[i].plane && v[j].lo < v[i].hi; j++) {
			const struct ka_bounds *a = v[i].b, *b = v[j].b;
			const struct ka_el *later, *earlier;
			struct ka_check_args args = {NULL, 0, 0, NULL};

			if (!(a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
			      b->y < a->y + a->h) ||
			    v[i].el == v[j].el || expected_overlap(v[i].el, v[j].el))
				continue;
			later = v[i].el->index > v[j].el->index ? v[i].el : v[j].el;
			earlier = later == v[i].el ? v[j].el : v[i].el;
			args.ref = earlier;
			ka_check_report(c, later, 0, &args);
		}
	}
	free(v);
}

static const struct ka_check_rule rules[] = {
    {"di-present",
     KA_SEV_ERROR,
     di_present,
     {{"{Def} is not drawn: it has no shape or edge in any diagram (BPMN DI), so no one "
       "will see it",
       "{Def} er ikke tegnet: den har ingen figur eller kant i noe diagram (BPMN DI), så "
       "ingen vil se den",
       "{Def} är inte ritad: den har ingen figur eller kant i något diagram (BPMN DI), så "
       "ingen kommer att se den"},
      {"{Def} has no diagram (BPMN DI) at all: lay the map out before sharing it",
       "{Def} har ikke noe diagram (BPMN DI) i det hele tatt: tegn kartet før det deles",
       "{Def} har inget diagram (BPMN DI) alls: rita kartan innan den delas"}}},
    {"no-overlapping-shapes",
     KA_SEV_WARNING,
     no_overlapping_shapes,
     {{"{Def} lies on top of {ref} in the diagram: move them apart so both can be read",
       "{Def} ligger oppå {ref} i diagrammet: flytt dem fra hverandre så begge kan leses",
       "{Def} ligger ovanpå {ref} i diagrammet: flytta isär dem så att båda kan läsas"}}},
};

const struct ka_check_table ka_check_rules_di = {rules, sizeof(rules) / sizeof(rules[0])};
