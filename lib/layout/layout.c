/*
 * ka_layout_map: which planes a map has (a collaboration with its pools, a
 * process without a pool, every sub-process with content), each laid out by
 * layout_graph.c / layout_order.c / layout_route.c, and the new DI written
 * into the XML tree in place of the old diagrams.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "layout_int.h"
#include "kartla/banned.h"

struct ctx {
	struct ka_map *m;
	const struct ka_layout_opts *opts;
	struct ka_layout_stats *st;
	int *node_of, *band_of, *cont_of;
	struct ka_elvec *bucket; /* per container: the elements drawn in its plane */
	struct ka_el **conts;
	int nconts;
	struct ka_bounds *placed; /* by el->index: the bounds written, when has_placed */
	bool *has_placed;
	bool *has_edge;                  /* by el->index: an edge was written */
	struct ka_xml_node **plane_at;   /* by el->index: the plane its shape went to */
	struct ka_xml_node **diagram_of; /* by el->index: the new plane showing it */
	struct ka_xml_node *first_plane;
	const char *pdi, *pdc, *pd; /* prefixes of BPMNDI, DC and DI */
	struct ka_bounds *shapes;   /* shapes of the collaboration being drawn */
	size_t nshapes, ashapes;
};

void ka_layout_opts_init(struct ka_layout_opts *o)
{
	memset(o, 0, sizeof(*o));
}

static struct ka_xml_node *child(struct ctx *c, struct ka_xml_node *parent, const char *ns,
                                 const char *prefix, const char *local)
{
	struct ka_xml_node *n = ka_xml_new_element(&c->m->doc, ns, prefix, local);

	ka_xml_append(parent, n);
	return n;
}

static void set_num(struct ctx *c, struct ka_xml_node *n, const char *name, double v)
{
	char buf[40];

	/* Whole pixels for what the layout computes; a kept value as it was (shortest exact). */
	if (v == round(v) || !c->opts->keep) {
		snprintf(buf, sizeof(buf), "%ld", lround(v));
	} else {
		snprintf(buf, sizeof(buf), "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof(buf), "%.16g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof(buf), "%.17g", v);
	}
	ka_xml_set_attr(&c->m->doc, n, NULL, NULL, name, buf);
}

/* `base``suffix`, or with a number added until no model element other than old DI has it. */
static void set_id(struct ctx *c, struct ka_xml_node *n, const char *base, const char *suffix)
{
	char buf[300];
	int k;

	for (k = 1; k < 1000; k++) {
		struct ka_el *old;

		if (k == 1)
			snprintf(buf, sizeof(buf), "%s%s", base, suffix);
		else
			snprintf(buf, sizeof(buf), "%s%s%d", base, suffix, k);
		old = ka_map_find(c->m, buf);
		if (!old || old->kind == KA_K_DI_SHAPE || old->kind == KA_K_DI_EDGE ||
		    old->kind == KA_K_DI_PLANE || old->kind == KA_K_DI_DIAGRAM)
			break;
	}
	ka_xml_set_attr(&c->m->doc, n, NULL, NULL, "id", buf);
}

static void bounds_el(struct ctx *c, struct ka_xml_node *parent, const struct ka_bounds *b)
{
	struct ka_xml_node *n = child(c, parent, KA_NS_DC, c->pdc, "Bounds");

	set_num(c, n, "x", b->x);
	set_num(c, n, "y", b->y);
	set_num(c, n, "width", b->w);
	set_num(c, n, "height", b->h);
}

static int has_name(const struct ka_el *el)
{
	return el->name && el->name[0];
}

/* --keep: b is el's old bounds. */
static int kept_old(const struct ctx *c, const struct ka_el *el, const struct ka_bounds *b)
{
	return c->opts->keep && el->di && el->di->kind == KA_K_DI_SHAPE && el->di->has_bounds &&
	       !memcmp(b, &el->di->bounds, sizeof(*b));
}

/* --keep: a sub-process drawn expanded before stays so, its content in the same plane. */
static int expanded_kept(const struct ctx *c, const struct ka_el *el)
{
	return c->opts->keep && el->kind == KA_K_SUB_PROCESS && el->di &&
	       el->di->kind == KA_K_DI_SHAPE && el->di->has_bounds && el->di->is_expanded;
}

/* A BPMNShape for `el`; `label` may be NULL. */
static void emit_shape(struct ctx *c, struct ka_xml_node *plane, struct ka_el *el,
                       const struct ka_bounds *b, const struct ka_bounds *label)
{
	struct ka_xml_node *s;

	if (!el->id)
		return;
	s = child(c, plane, KA_NS_BPMNDI, c->pdi, "BPMNShape");
	set_id(c, s, el->id, "_di");
	ka_xml_set_attr(&c->m->doc, s, NULL, NULL, "bpmnElement", el->id);
	if (el->kind == KA_K_PARTICIPANT || el->kind == KA_K_LANE)
		ka_xml_set_attr(&c->m->doc, s, NULL, NULL, "isHorizontal",
		                kept_old(c, el, b) && el->di->has_is_horizontal &&
		                        !el->di->is_horizontal
		                    ? "false"
		                    : "true");
	if (el->kind == KA_K_SUB_PROCESS)
		ka_xml_set_attr(&c->m->doc, s, NULL, NULL, "isExpanded",
		                expanded_kept(c, el) ? "true" : "false");
	c->plane_at[el->index] = plane;
	bounds_el(c, s, b);
	if (label)
		bounds_el(c, child(c, s, KA_NS_BPMNDI, c->pdi, "BPMNLabel"), label);
	c->placed[el->index] = *b;
	c->has_placed[el->index] = true;
	if (el->kind != KA_K_PARTICIPANT && el->kind != KA_K_LANE) {
		if (c->nshapes == c->ashapes) {
			c->ashapes = c->ashapes ? c->ashapes * 2 : 64;
			c->shapes = ka_xreallocarray(c->shapes, c->ashapes, sizeof(*c->shapes));
		}
		c->shapes[c->nshapes++] = *b;
	}
	if (c->st)
		c->st->shapes++;
}

static void emit_edge(struct ctx *c, struct ka_xml_node *plane, struct ka_el *el,
                      const struct ka_point *pts, int n, const struct ka_bounds *label)
{
	struct ka_xml_node *s;
	int i;

	if (!el->id || n < 2)
		return;
	s = child(c, plane, KA_NS_BPMNDI, c->pdi, "BPMNEdge");
	set_id(c, s, el->id, "_di");
	ka_xml_set_attr(&c->m->doc, s, NULL, NULL, "bpmnElement", el->id);
	for (i = 0; i < n; i++) {
		struct ka_xml_node *w = child(c, s, KA_NS_DI, c->pd, "waypoint");

		set_num(c, w, "x", pts[i].x);
		set_num(c, w, "y", pts[i].y);
	}
	if (label)
		bounds_el(c, child(c, s, KA_NS_BPMNDI, c->pdi, "BPMNLabel"), label);
	c->has_edge[el->index] = true;
	if (c->st)
		c->st->edges++;
}

/* A new BPMNDiagram with its plane showing `el`; returns the plane. */
static struct ka_xml_node *new_diagram(struct ctx *c, struct ka_el *el)
{
	struct ka_xml_node *d = child(c, c->m->doc.root, KA_NS_BPMNDI, c->pdi, "BPMNDiagram");
	struct ka_xml_node *p = child(c, d, KA_NS_BPMNDI, c->pdi, "BPMNPlane");

	set_id(c, d, "BPMNDiagram_", el->id);
	set_id(c, p, "BPMNPlane_", el->id);
	ka_xml_set_attr(&c->m->doc, p, NULL, NULL, "bpmnElement", el->id);
	c->diagram_of[el->index] = p;
	if (!c->first_plane)
		c->first_plane = p;
	if (c->st)
		c->st->planes++;
	return p;
}

static int labelled(const struct ka_el *el)
{
	switch (el->kind) {
	case KA_K_START_EVENT:
	case KA_K_END_EVENT:
	case KA_K_CATCH_EVENT:
	case KA_K_THROW_EVENT:
	case KA_K_BOUNDARY_EVENT:
	case KA_K_GATEWAY:
	case KA_K_DATA_OBJECT_REF:
	case KA_K_DATA_STORE_REF:
		return has_name(el);
	default:
		return 0;
	}
}

/* --keep: a pool or lane keeps its old bounds, widened to hold the nodes. */
static struct ka_bounds keep_box(const struct ly_plane *p, const struct ka_el *el,
                                 struct ka_bounds fresh)
{
	struct ka_bounds b;

	if (!p->keep || !el->di || el->di->kind != KA_K_DI_SHAPE || !el->di->has_bounds)
		return fresh;
	b = el->di->bounds;
	if (el->di->has_is_horizontal && !el->di->is_horizontal)
		return b;         /* a vertical pool or lane is kept as drawn */
	if (b.x + b.w < p->right) /* a node sticks out: make room */
		b.w = p->right + LY_PAD_X - b.x;
	return b;
}

static void node_label(const struct ly_plane *p, const struct ly_node *n, struct ka_bounds *lb)
{
	const struct ka_el *di = n->el->di;

	if (n->kept && di && di->has_label_bounds) {
		*lb = di->label_bounds;
		return;
	}
	*lb = ly_node_label(n, n->el->name);
	lb->y += p->dy;
}

/* Pool, lanes, nodes and edges of one laid-out plane, moved down by p->dy. */
static void emit_plane(struct ctx *c, struct ly_plane *p, struct ka_xml_node *plane, double width)
{
	double dy = p->dy, lx = p->x0 + (p->pool ? LY_LABEL_W : 0);
	int i, k;

	if (p->pool) {
		struct ka_bounds b = {p->x0, dy, width, p->height};

		b = keep_box(p, p->pool, b);
		emit_shape(c, plane, p->pool, &b, NULL);
	}
	for (i = 0; i < p->ngroup; i++) {
		struct ly_group *g = &p->group[i];
		double x = lx + LY_LABEL_W * (g->depth - 1);
		struct ka_bounds b = {x, dy + p->band[g->band0].y, p->x0 + width - x, 0};

		b.h = p->band[g->band1 - 1].y + p->band[g->band1 - 1].h - p->band[g->band0].y;
		b = keep_box(p, g->lane, b);
		emit_shape(c, plane, g->lane, &b, NULL);
	}
	for (i = 0; i < p->nband; i++) {
		struct ly_band *bd = &p->band[i];
		double x = lx + LY_LABEL_W * (bd->depth - 1);
		struct ka_bounds b = {x, dy + bd->y, p->x0 + width - x, bd->h};

		if (bd->lane)
			b = keep_box(p, bd->lane, b);
		if (bd->lane)
			emit_shape(c, plane, bd->lane, &b, NULL);
	}
	for (i = 0; i < p->nn; i++) {
		struct ly_node *n = &p->n[i];
		struct ka_bounds b = {n->x, n->y + dy, n->w, n->h}, lb;

		if (n->kind == LY_DUMMY)
			continue;
		if (n->kind == LY_BOUND && n->host < 0)
			continue;
		if (labelled(n->el))
			node_label(p, n, &lb);
		emit_shape(c, plane, n->el, &b, labelled(n->el) ? &lb : NULL);
		if (n->el->kind == KA_K_SUB_PROCESS && c->st && !expanded_kept(c, n->el))
			c->st->collapsed++;
	}
	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];
		struct ka_bounds lb;

		for (k = 0; k < e->npts; k++)
			e->pts[k].y += dy;
		if (e->kept && e->el->di->has_label_bounds)
			lb = e->el->di->label_bounds;
		else if (has_name(e->el) && e->npts >= 2) {
			struct ly_node *s = &p->n[e->bnode >= 0 ? e->bnode : e->src];
			int side = e->pts[0].y == e->pts[1].y  ? 0
			           : e->pts[1].y < e->pts[0].y ? 1
			                                       : 2;

			lb = ly_edge_label(e->pts, e->npts, e->el->name, s->nlabels[side]++);
		}
		emit_edge(c, plane, e->el, e->pts, e->npts,
		          has_name(e->el) && e->npts >= 2 ? &lb : NULL);
	}
}

static int is_artifact(const struct ka_el *el)
{
	return el->kind == KA_K_DATA_OBJECT_REF || el->kind == KA_K_DATA_STORE_REF ||
	       el->kind == KA_K_TEXT_ANNOTATION;
}

/* Collects, layers, orders and places the plane of container index ci. */
static void build_plane(struct ctx *c, struct ly_plane *p, int ci)
{
	struct ka_elvec *els = &c->bucket[ci];
	uint32_t i;

	ly_plane_init(p, c->m, c->conts[ci], c->node_of, c->band_of);
	for (i = 0; i < els->n; i++) {
		struct ka_el *el = els->v[i];

		if ((el->type->flags & KA_TF_FLOW_NODE) && el->kind != KA_K_BOUNDARY_EVENT)
			ly_add_node(p, el, LY_REAL, c->node_of);
		else if (is_artifact(el) && el->id)
			ly_add_node(p, el, LY_ARTIFACT, c->node_of);
	}
	for (i = 0; i < els->n; i++) {
		struct ka_el *el = els->v[i];
		int h;

		if (el->kind != KA_K_BOUNDARY_EVENT || !el->attached_to)
			continue;
		h = c->node_of[el->attached_to->index];
		if (h < 0 || h >= p->nn || p->n[h].el != el->attached_to)
			continue;
		p->n[ly_add_node(p, el, LY_BOUND, c->node_of)].host = h;
	}
	ly_add_lanes(p, c->band_of);
	ly_add_edges(p, els, c->node_of);
	ly_rank(p, c->band_of);
	ly_order(p);
	ly_rows(p);
	ly_place(p);
	ly_route(p);
	if (c->st && (size_t)p->nlayers > c->st->layers)
		c->st->layers = (size_t)p->nlayers;
}

static void release_plane(struct ctx *c, struct ly_plane *p)
{
	int i;

	for (i = 0; i < p->nn; i++)
		if (p->n[i].el)
			c->node_of[p->n[i].el->index] = -1;
	ly_plane_release(p);
}

/* The container whose plane draws el, or NULL. */
static struct ka_el *plane_of(const struct ka_el *el)
{
	if (el->kind == KA_K_DATA_ASSOCIATION)
		return el->parent ? el->parent->container : NULL;
	return el->container;
}

static void setup(struct ctx *c)
{
	struct ka_map *m = c->m;
	size_t n = m->els.n, i;

	c->node_of = ka_xcalloc(n + 1, sizeof(int));
	c->band_of = ka_xcalloc(n + 1, sizeof(int));
	c->cont_of = ka_xcalloc(n + 1, sizeof(int));
	c->placed = ka_xcalloc(n + 1, sizeof(*c->placed));
	c->has_placed = ka_xcalloc(n + 1, sizeof(bool));
	c->has_edge = ka_xcalloc(n + 1, sizeof(bool));
	c->plane_at = ka_xcalloc(n + 1, sizeof(*c->plane_at));
	c->diagram_of = ka_xcalloc(n + 1, sizeof(*c->diagram_of));
	c->conts = ka_xcalloc(n + 1, sizeof(*c->conts));
	for (i = 0; i < n; i++) {
		struct ka_el *el = m->els.v[i];

		c->node_of[i] = c->band_of[i] = c->cont_of[i] = -1;
		if ((el->kind == KA_K_PROCESS && el->parent == m->definitions) ||
		    el->kind == KA_K_SUB_PROCESS) {
			c->cont_of[i] = c->nconts;
			c->conts[c->nconts++] = el;
		}
	}
	c->bucket = ka_xcalloc((size_t)c->nconts + 1, sizeof(*c->bucket));
	for (i = 0; i < n; i++) {
		struct ka_el *ct = plane_of(m->els.v[i]);

		if (ct && c->cont_of[ct->index] >= 0)
			ka_elvec_push(&c->bucket[c->cont_of[ct->index]], m->els.v[i]);
	}
	c->pdi = ka_xml_root_prefix(&m->doc, KA_NS_BPMNDI, "bpmndi");
	c->pdc = ka_xml_root_prefix(&m->doc, KA_NS_DC, "dc");
	c->pd = ka_xml_root_prefix(&m->doc, KA_NS_DI, "di");
}

static void teardown(struct ctx *c)
{
	int i;

	for (i = 0; i < c->nconts; i++)
		ka_elvec_release(&c->bucket[i]);
	free(c->bucket);
	free(c->conts);
	free(c->node_of);
	free(c->band_of);
	free(c->cont_of);
	free(c->placed);
	free(c->has_placed);
	free(c->has_edge);
	free(c->plane_at);
	free(c->diagram_of);
	free(c->shapes);
}

/* --keep: el's shape was written where its old one was. */
static int kept_in_place(const struct ctx *c, const struct ka_el *el)
{
	return c->opts->keep && el->di && el->di->kind == KA_K_DI_SHAPE && el->di->has_bounds &&
	       c->has_placed[el->index] &&
	       !memcmp(&c->placed[el->index], &el->di->bounds, sizeof(el->di->bounds));
}

/* --keep: a message flow between two shapes left in place keeps its waypoints and label. */
static int emit_kept_edge(struct ctx *c, struct ka_xml_node *plane, struct ka_el *el)
{
	const struct ka_el *di = el->di;

	if (!di || di->kind != KA_K_DI_EDGE || di->nwaypoints < 2 || di->nwaypoints > INT_MAX ||
	    !kept_in_place(c, el->source) || !kept_in_place(c, el->target))
		return 0;
	emit_edge(c, plane, el, di->waypoints, (int)di->nwaypoints,
	          di->has_label_bounds ? &di->label_bounds : NULL);
	return 1;
}

static void emit_message_flows(struct ctx *c, struct ka_el *collab, struct ka_xml_node *plane)
{
	uint32_t i;

	for (i = 0; i < c->m->els.n; i++) {
		struct ka_el *el = c->m->els.v[i];
		struct ka_point pts[6];
		struct ka_bounds lb;
		int n = 0;

		if (el->kind != KA_K_MESSAGE_FLOW || el->parent != collab || !el->source ||
		    !el->target || !c->has_placed[el->source->index] ||
		    !c->has_placed[el->target->index] || emit_kept_edge(c, plane, el))
			continue;
		ly_message_route(
		    &c->placed[el->source->index], el->source->kind == KA_K_PARTICIPANT,
		    &c->placed[el->target->index], el->target->kind == KA_K_PARTICIPANT, c->shapes,
		    c->nshapes, pts, &n);
		if (has_name(el)) {
			/* Beside the middle of the longest segment. */
			int k, best = 0;

			for (k = 1; k + 1 < n; k++)
				if (fabs(pts[k + 1].y - pts[k].y) + fabs(pts[k + 1].x - pts[k].x) >
				    fabs(pts[best + 1].y - pts[best].y) +
				        fabs(pts[best + 1].x - pts[best].x))
					best = k;
			lb = ly_edge_label(&pts[best], 2, el->name, 0);
			if (pts[best].x == pts[best + 1].x)
				lb.y = round((pts[best].y + pts[best + 1].y - lb.h) / 2);
		}
		emit_edge(c, plane, el, pts, n, has_name(el) ? &lb : NULL);
	}
}

/* One diagram for a collaboration: its pools stacked, all as wide as the widest. */
static void layout_collaboration(struct ctx *c, struct ka_el *collab, bool *drawn)
{
	struct ly_plane *pl = ka_xcalloc(c->m->participants.n + 1, sizeof(*pl));
	struct ka_el **pools = ka_xcalloc(c->m->participants.n + 1, sizeof(*pools));
	struct ka_xml_node *plane = new_diagram(c, collab);
	double width = 600, dy = LY_PLANE_Y;
	uint32_t i, np = 0;

	for (i = 0; i < c->m->participants.n; i++) {
		struct ka_el *pt = c->m->participants.v[i], *proc = pt->ref;
		int ci = proc && proc->kind == KA_K_PROCESS ? c->cont_of[proc->index] : -1;

		if (pt->parent != collab)
			continue;
		pools[np] = pt;
		if (ci >= 0 && proc->participant == pt && !drawn[ci] && c->bucket[ci].n) {
			drawn[ci] = true;
			build_plane(c, &pl[np], ci);
			if (pl[np].width > width)
				width = pl[np].width;
		}
		np++;
	}
	for (i = 0; i < np; i++) {
		if (pl[i].m) {
			pl[i].dy = dy;
			ly_keep(&pl[i], c->opts->keep, c->st);
			emit_plane(c, &pl[i], plane, width);
			dy += pl[i].height + LY_POOL_GAP;
			release_plane(c, &pl[i]);
		} else {
			struct ka_bounds b = {LY_PLANE_X, dy, width, LY_BLACKBOX};
			const struct ka_el *di = pools[i]->di;

			if (c->opts->keep && di && di->kind == KA_K_DI_SHAPE && di->has_bounds)
				b = di->bounds;
			emit_shape(c, plane, pools[i], &b, NULL);
			dy += LY_BLACKBOX + LY_POOL_GAP;
		}
	}
	emit_message_flows(c, collab, plane);
	c->nshapes = 0;
	free(pl);
	free(pools);
}

/*
 * DI of elements the layout does not draw (groups, data inputs and outputs,
 * conversations, a flow whose ends are not drawn...): with --keep the old
 * shape or edge moves into the new plane showing what its old plane showed;
 * without, it is left out (its place means nothing in the new drawing) and
 * counted.
 */
static void carry_over(struct ctx *c)
{
	uint32_t i;

	for (i = 0; i < c->m->els.n; i++) {
		struct ka_el *d = c->m->els.v[i], *shown = d->parent ? d->parent->ref : NULL;
		struct ka_xml_node *to;

		if ((d->kind != KA_K_DI_SHAPE && d->kind != KA_K_DI_EDGE) || !d->ref ||
		    (d->kind == KA_K_DI_SHAPE && c->has_placed[d->ref->index]) ||
		    (d->kind == KA_K_DI_EDGE && c->has_edge[d->ref->index]) ||
		    d->ref->di != d) /* a second shape of one element */
			continue;
		if (!c->opts->keep) {
			if (c->st)
				c->st->not_drawn++;
			continue;
		}
		to = shown && c->diagram_of[shown->index] ? c->diagram_of[shown->index]
		                                          : c->first_plane;
		if (!to)
			continue;
		ka_xml_unlink(d->xml);
		ka_xml_append(to, d->xml);
		if (c->st)
			c->st->carried++;
	}
}

int ka_layout_map(struct ka_map *m, const struct ka_layout_opts *opts,
                  struct ka_layout_stats *stats, struct ka_diag *diag)
{
	struct ka_layout_opts dflt;
	struct ctx c = {0};
	bool *drawn;
	uint32_t i;
	int ci;

	if (!opts) {
		ka_layout_opts_init(&dflt);
		opts = &dflt;
	}
	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (m->els.n > (size_t)INT_MAX / 8)
		return ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, NULL,
		                   "the map has %u elements, too many to lay out", m->els.n);
	c.m = m;
	c.opts = opts;
	c.st = stats;
	setup(&c);
	for (i = 0; i < m->diagrams.n; i++)
		ka_xml_unlink(m->diagrams.v[i]->xml);
	drawn = ka_xcalloc((size_t)c.nconts + 1, sizeof(bool));
	for (i = 0; i < m->els.n; i++) {
		struct ka_el *el = m->els.v[i];

		if (el->kind == KA_K_COLLABORATION && el->parent == m->definitions && el->id)
			layout_collaboration(&c, el, drawn);
	}
	for (ci = 0; ci < c.nconts; ci++) {
		struct ly_plane p;
		struct ka_xml_node *plane;

		if (drawn[ci] || !c.bucket[ci].n || !c.conts[ci]->id)
			continue;
		build_plane(&c, &p, ci);
		if (expanded_kept(&c, c.conts[ci]) && c.plane_at[c.conts[ci]->index])
			plane = c.plane_at[c.conts[ci]->index];
		else
			plane = new_diagram(&c, c.conts[ci]);
		p.dy = LY_PLANE_Y;
		ly_keep(&p, opts->keep, stats);
		emit_plane(&c, &p, plane, p.width);
		release_plane(&c, &p);
	}
	carry_over(&c);
	free(drawn);
	teardown(&c);
	return 0;
}

int ka_layout_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                   const struct ka_read_opts *ropts, const struct ka_layout_opts *opts,
                   struct ka_layout_stats *stats, struct ka_diag *diag)
{
	struct ka_read_opts strict;
	struct ka_map *m = NULL, *check = NULL;
	size_t start = out->len;
	int err;

	ka_read_opts_init(&strict);
	if (ropts)
		strict.limits = ropts->limits;
	err = ka_bpmn_read(&m, data, len, file, ropts ? ropts : &strict, diag);
	if (err)
		goto out;
	err = ka_layout_map(m, opts, stats, diag);
	if (!err)
		err = ka_bpmn_write(m, out);
	if (err) {
		if (!diag->message[0])
			ka_diag_set(diag, err, 0, 0, NULL, "cannot write the laid-out map: %s",
			            ka_strerror(err));
		goto out;
	}
	/*
	 * The result must read back in the mode its input was read in, needing no
	 * repair its input did not need: strictly for a strict input; for a repaired
	 * one, what reading keeps and notes (vendor elements in a BPMN namespace) is
	 * still there and noted again, and nothing more.
	 */
	strict.limits.max_bytes = (size_t)-1;
	strict.repair = ropts && ropts->repair;
	err = ka_bpmn_read(&check, out->data + start, out->len - start, file, &strict, diag);
	if (!err && check->nwarnings > m->nwarnings)
		err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL,
		                  "%zu repair(s) where the input needed %zu", check->nwarnings,
		                  m->nwarnings);
	if (err) {
		char why[sizeof(diag->message)];

		memcpy(why, diag->message, sizeof(why));
		ka_diag_set(diag, err, diag->line, diag->column, NULL,
		            "the laid-out map does not read back (a bug): %s", why);
	}
out:
	ka_map_free(check);
	ka_map_free(m);
	return err;
}
