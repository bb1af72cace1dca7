/*
 * One draw.io page: its cells read from <mxGraphModel><root>, resolved
 * (parents, edge ends, absolute geometry) and classified into BPMN kinds by
 * their style. The style rules are in drawio_shape.c.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "drawio_int.h"
#include "kartla/banned.h"

/* Parent walks stop after this many steps (cycles, absurd nesting). */
#define DIO_MAX_WALK 256

void dio_note(struct dio_page *pg, const struct dio_cell *c, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (c)
		snprintf(pg->where, sizeof pg->where, "page \"%.100s\", cell %.100s", pg->name,
		         c->id);
	else
		snprintf(pg->where, sizeof pg->where, "page \"%.100s\"", pg->name);
	va_start(ap, fmt);
	ka_import_vnote(pg->rep, code, pg->where, fmt, ap);
	va_end(ap);
}

static size_t slot_of(const struct dio_page *pg, const char *id)
{
	return (size_t)ka_hash_bytes(id, strlen(id)) & (pg->nslots - 1);
}

/* The index of the cell with this id, or -1. */
static int find_cell(const struct dio_page *pg, const char *id)
{
	if (!id || !pg->nslots)
		return -1;
	for (size_t s = slot_of(pg, id);; s = (s + 1) & (pg->nslots - 1)) {
		size_t v = pg->slots[s];

		if (!v)
			return -1;
		if (!strcmp(pg->cells[v - 1].id, id))
			return (int)(v - 1);
	}
}

static bool id_chars_ok(const char *id)
{
	if (!*id || strlen(id) > 200)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/*
 * BPMN ids: "p<page>_<id>" when the draw.io id is made of letters, digits and
 * '-' (exactly one '_' then), else "p<page>x<index>_<id with the rest as '-'>".
 * Generated ids (processes, lane sets, DI) contain "__", so none collide.
 */
static const char *make_bid(struct dio_page *pg, size_t i, const char *id, bool clean)
{
	struct ka_buf b;
	const char *r;
	size_t n = 0;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (clean) {
		ka_buf_addf(&b, "p%u_%s", pg->index, id);
	} else {
		ka_buf_addf(&b, "p%ux%zu_", pg->index, i);
		for (const char *p = id; *p && n < 64; p++, n++) {
			char c = *p;

			ka_buf_addc(&b, (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			                        (c >= '0' && c <= '9')
			                    ? c
			                    : '-');
		}
	}
	r = ka_arena_strndup(&pg->arena, b.data, b.len);
	ka_buf_release(&b);
	return r;
}

/* A number attribute; 0 when absent, clamped (with *bad set) when absurd. */
static double num_attr(const struct ka_xml_node *n, const char *name, bool *bad)
{
	const char *v = ka_xml_attr(n, NULL, name);
	char *end;
	double d;

	if (!v || !*v)
		return 0;
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || !isfinite(d)) {
		*bad = true;
		return 0;
	}
	if (fabs(d) > DIO_MAX_COORD) {
		*bad = true;
		return d < 0 ? -DIO_MAX_COORD : DIO_MAX_COORD;
	}
	return d;
}

static bool attr_is(const struct ka_xml_node *n, const char *name, const char *value)
{
	const char *v = ka_xml_attr(n, NULL, name);

	return v && !strcmp(v, value);
}

static void read_points(struct dio_page *pg, struct dio_cell *c, const struct ka_xml_node *arr,
                        bool *bad)
{
	size_t n = 0, i = 0;

	for (const struct ka_xml_node *p = arr->first; p; p = p->next)
		if (p->type == KA_XML_ELEMENT && !strcmp(p->name->local, "mxPoint"))
			n++;
	if (!n)
		return;
	c->pts = ka_arena_array(&pg->arena, n, sizeof *c->pts);
	for (const struct ka_xml_node *p = arr->first; p; p = p->next)
		if (p->type == KA_XML_ELEMENT && !strcmp(p->name->local, "mxPoint")) {
			c->pts[i].x = num_attr(p, "x", bad);
			c->pts[i].y = num_attr(p, "y", bad);
			i++;
		}
	c->npts = n;
}

static void read_geometry(struct dio_page *pg, struct dio_cell *c, const struct ka_xml_node *g)
{
	bool bad = false;

	c->has_geom = true;
	c->rel_geom = attr_is(g, "relative", "1");
	c->x = num_attr(g, "x", &bad);
	c->y = num_attr(g, "y", &bad);
	c->w = fabs(num_attr(g, "width", &bad));
	c->h = fabs(num_attr(g, "height", &bad));
	for (const struct ka_xml_node *p = g->first; p; p = p->next) {
		const char *as;

		if (p->type != KA_XML_ELEMENT)
			continue;
		as = ka_xml_attr(p, NULL, "as");
		if (!as)
			continue;
		if (!strcmp(p->name->local, "Array") && !strcmp(as, "points")) {
			read_points(pg, c, p, &bad);
		} else if (!strcmp(p->name->local, "mxPoint") && !strcmp(as, "offset")) {
			c->offx = num_attr(p, "x", &bad);
			c->offy = num_attr(p, "y", &bad);
		} else if (!strcmp(p->name->local, "mxPoint") && !strcmp(as, "sourcePoint")) {
			c->has_src_pt = true;
			c->src_pt.x = num_attr(p, "x", &bad);
			c->src_pt.y = num_attr(p, "y", &bad);
		} else if (!strcmp(p->name->local, "mxPoint") && !strcmp(as, "targetPoint")) {
			c->has_tgt_pt = true;
			c->tgt_pt.x = num_attr(p, "x", &bad);
			c->tgt_pt.y = num_attr(p, "y", &bad);
		}
	}
	if (bad)
		dio_note(pg, c, "drawio.bad_geometry",
		         "a coordinate is not a number or is out of range; read as 0 or clamped");
}

/* Adds the cell read from `cell` (an <mxCell>, possibly wrapped in <object>/<UserObject>). */
static void add_cell(struct dio_page *pg, const struct ka_xml_node *wrap,
                     const struct ka_xml_node *cell)
{
	struct dio_cell *c;
	const char *id = ka_xml_attr(wrap, NULL, "id");
	const char *value =
	    wrap != cell ? ka_xml_attr(wrap, NULL, "label") : ka_xml_attr(cell, NULL, "value");

	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? 2 * pg->cap : 64;
		pg->cells = ka_xreallocarray(pg->cells, pg->cap, sizeof *pg->cells);
	}
	c = &pg->cells[pg->n++];
	memset(c, 0, sizeof *c);
	c->id = id ? id : "";
	c->xml = cell;
	c->style = ka_xml_attr(cell, NULL, "style");
	if (!c->style)
		c->style = "";
	c->parent_id = ka_xml_attr(cell, NULL, "parent");
	c->source_id = ka_xml_attr(cell, NULL, "source");
	c->target_id = ka_xml_attr(cell, NULL, "target");
	c->vertex = attr_is(cell, "vertex", "1");
	c->edge = attr_is(cell, "edge", "1") && !c->vertex;
	c->name = dio_label(&pg->arena, value,
	                    dio_style_has(c->style, "html") || attr_is(cell, "html", "1") ||
	                        strstr(c->style, "html=1") != NULL);
	c->parent = c->source = c->target = c->attached = c->default_flow = -1;
	c->pool = c->lane = c->scope = -1;
	for (const struct ka_xml_node *g = cell->first; g; g = g->next)
		if (g->type == KA_XML_ELEMENT && !strcmp(g->name->local, "mxGeometry") &&
		    attr_is(g, "as", "geometry")) {
			read_geometry(pg, c, g);
			break;
		}
}

static void read_cells(struct dio_page *pg, const struct ka_xml_node *root)
{
	for (const struct ka_xml_node *n = root->first; n; n = n->next) {
		if (n->type != KA_XML_ELEMENT)
			continue;
		if (!strcmp(n->name->local, "mxCell")) {
			add_cell(pg, n, n);
		} else if (!strcmp(n->name->local, "object") ||
		           !strcmp(n->name->local, "UserObject")) {
			const struct ka_xml_node *cell = ka_xml_child(n, NULL, "mxCell");

			if (cell)
				add_cell(pg, n, cell);
		}
	}
}

/* Indexes the ids (noting duplicates) and gives every cell its BPMN id. */
static void index_cells(struct dio_page *pg)
{
	pg->nslots = 16;
	while (pg->nslots < 2 * pg->n)
		pg->nslots *= 2;
	pg->slots = ka_arena_array(&pg->arena, pg->nslots, sizeof *pg->slots);
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];
		bool dup = false;

		if (*c->id) {
			size_t s = slot_of(pg, c->id);

			for (; pg->slots[s]; s = (s + 1) & (pg->nslots - 1))
				if (!strcmp(pg->cells[pg->slots[s] - 1].id, c->id)) {
					dup = true;
					break;
				}
			if (!dup)
				pg->slots[s] = i + 1;
			else
				dio_note(pg, c, "drawio.duplicate_id",
				         "another cell on this page has the same id; this one is "
				         "renamed and cannot be referenced");
		}
		c->bid = make_bid(pg, i, c->id, !dup && id_chars_ok(c->id));
	}
}

/* Cuts every cycle of parents (a cell inside itself), so that every walk up ends. */
static void break_cycles(struct dio_page *pg)
{
	unsigned char *state = ka_arena_alloc(&pg->arena, pg->n + 1);
	int *stack = ka_arena_array(&pg->arena, pg->n + 1, sizeof *stack);

	for (size_t i = 0; i < pg->n; i++) {
		size_t depth = 0;
		int j = (int)i;

		while (j >= 0 && !state[j]) {
			state[j] = 1;
			stack[depth++] = j;
			j = pg->cells[j].parent;
		}
		if (j >= 0 && state[j] == 1) {
			struct dio_cell *last = &pg->cells[stack[depth - 1]];

			dio_note(pg, last, "drawio.dangling_ref",
			         "its parent \"%.100s\" is inside it; read as a top-level cell",
			         last->parent_id);
			last->parent = -1;
		}
		while (depth)
			state[stack[--depth]] = 2;
	}
}

static void resolve(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		c->parent = find_cell(pg, c->parent_id);
		if (c->parent == (int)i)
			c->parent = -1;
		if (c->parent_id && c->parent < 0)
			dio_note(pg, c, "drawio.dangling_ref", "parent \"%.100s\" does not exist",
			         c->parent_id);
		if (c->edge) {
			c->source = find_cell(pg, c->source_id);
			c->target = find_cell(pg, c->target_id);
		}
	}
	break_cycles(pg);
}

/* The parent when it is a vertex (geometry is relative to it), else -1. */
static int vparent(const struct dio_page *pg, const struct dio_cell *c)
{
	return c->parent >= 0 && pg->cells[c->parent].vertex ? c->parent : -1;
}

/* Absolute positions, walking each parent chain once (iteratively: chains may be long). */
static void absolute_all(struct dio_page *pg)
{
	int *stack = ka_arena_array(&pg->arena, pg->n + 1, sizeof *stack);

	for (size_t i = 0; i < pg->n; i++) {
		size_t depth = 0;
		int j = (int)i;

		while (j >= 0 && !pg->cells[j].abs_done && !pg->cells[j].abs_busy) {
			pg->cells[j].abs_busy = true;
			stack[depth++] = j;
			j = vparent(pg, &pg->cells[j]);
		}
		while (depth) {
			struct dio_cell *c = &pg->cells[stack[--depth]];
			int p = vparent(pg, c);
			const struct dio_cell *pc =
			    p >= 0 && pg->cells[p].abs_done ? &pg->cells[p] : NULL;
			double bx = pc ? pc->ax : 0, by = pc ? pc->ay : 0;

			if (c->vertex && c->rel_geom && pc) {
				c->ax = bx + c->x * pc->w + c->offx;
				c->ay = by + c->y * pc->h + c->offy;
			} else {
				c->ax = bx + c->x;
				c->ay = by + c->y;
			}
			c->abs_done = true;
			c->abs_busy = false;
		}
	}
}

/* Appends the names of label cells on edges to their edge's name. */
static void edge_labels(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i], *e;
		struct ka_buf b;

		if (!c->vertex || c->parent < 0 || !pg->cells[c->parent].edge || !*c->name)
			continue;
		e = &pg->cells[c->parent];
		if (strlen(e->name) > 1000)
			continue; /* enough: many label cells on one edge are not a name */
		ka_buf_init(&b, KA_BUF_UNLIMITED);
		ka_buf_addf(&b, "%s%s%s", e->name, *e->name ? " " : "", c->name);
		e->name = ka_arena_strndup(&pg->arena, b.data, b.len);
		ka_buf_release(&b);
	}
}

static bool contains(const struct dio_cell *box, const struct dio_cell *c)
{
	double cx = c->ax + c->w / 2, cy = c->ay + c->h / 2;

	return cx >= box->ax && cx <= box->ax + box->w && cy >= box->ay && cy <= box->ay + box->h;
}

/* The smallest cell of `kind` (in pool `pool` unless -2) whose box holds c's centre. */
static int smallest_around(struct dio_page *pg, const struct dio_cell *c, enum dio_kind kind,
                           int pool)
{
	int best = -1;
	double area = 0;

	if (pg->budget < pg->nboxes) {
		pg->budget = 0;
		return -1;
	}
	pg->budget -= pg->nboxes;
	for (size_t k = 0; k < pg->nboxes; k++) {
		const struct dio_cell *b = &pg->cells[pg->boxes[k]];

		if (b->kind != kind || b == c || (pool != -2 && b->pool != pool) || !contains(b, c))
			continue;
		if (best < 0 || b->w * b->h < area) {
			best = pg->boxes[k];
			area = b->w * b->h;
		}
	}
	return best;
}

/* Pool and innermost lane by container, then by position. */
static void place(struct dio_page *pg, struct dio_cell *c)
{
	int j = c->parent;

	for (int steps = 0; j >= 0 && steps < DIO_MAX_WALK; steps++, j = pg->cells[j].parent) {
		if (pg->cells[j].kind == DIO_LANE && c->lane < 0)
			c->lane = j;
		if (pg->cells[j].kind == DIO_POOL) {
			c->pool = j;
			break;
		}
	}
	if (c->kind == DIO_LANE || c->kind == DIO_POOL)
		return;
	if (c->lane < 0 && c->pool < 0) {
		int l = smallest_around(pg, c, DIO_LANE, -2);

		if (l >= 0) {
			c->lane = l;
			c->pool = pg->cells[l].pool;
		} else {
			c->pool = smallest_around(pg, c, DIO_POOL, -2);
		}
		if (c->lane >= 0 || c->pool >= 0)
			pg->by_position++;
	} else if (c->lane < 0 && c->kind == DIO_NODE) {
		c->lane = smallest_around(pg, c, DIO_LANE, c->pool);
		if (c->lane >= 0)
			pg->by_position++;
	}
}

static bool is_subprocess(const struct dio_cell *c)
{
	return c->kind == DIO_NODE && c->tag &&
	       (!strcmp(c->tag, "subProcess") || !strcmp(c->tag, "transaction") ||
	        !strcmp(c->tag, "adHocSubProcess"));
}

static bool is_activity(const struct dio_cell *c)
{
	return c->kind == DIO_NODE && c->tag &&
	       (strstr(c->tag, "ask") || strstr(c->tag, "Process") ||
	        !strcmp(c->tag, "transaction") || !strcmp(c->tag, "callActivity"));
}

static void scope_of(struct dio_page *pg, struct dio_cell *c)
{
	int j = c->parent;

	for (int steps = 0; j >= 0 && steps < DIO_MAX_WALK; steps++, j = pg->cells[j].parent)
		if (is_subprocess(&pg->cells[j])) {
			c->scope = j;
			c->pool = pg->cells[j].pool;
			pg->cells[j].has_children = true;
			return;
		}
}

/* Boundary events: attached to their parent activity, or the one they sit on. */
static void attach_boundaries(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (!c->boundary)
			continue;
		if (c->parent >= 0 && is_activity(&pg->cells[c->parent]))
			c->attached = c->parent;
		else if (pg->budget >= pg->n) {
			pg->budget -= pg->n;
			for (size_t k = 0; k < pg->n && c->attached < 0; k++)
				if (k != i && is_activity(&pg->cells[k]) &&
				    contains(&pg->cells[k], c))
					c->attached = (int)k;
		}
		if (c->attached < 0) {
			dio_note(
			    pg, c, "drawio.guessed",
			    "boundary event not on an activity: read as an intermediate event");
			c->boundary = false;
			c->tag = "intermediateCatchEvent";
			scope_of(pg, c);
			continue;
		}
		c->pool = pg->cells[c->attached].pool;
		c->lane = pg->cells[c->attached].lane;
		c->scope = pg->cells[c->attached].scope;
	}
}

static const char *kind_name(const struct dio_cell *c)
{
	switch (c->kind) {
	case DIO_POOL:
		return "a pool";
	case DIO_LANE:
		return "a lane";
	case DIO_EDGE:
		return "another edge";
	case DIO_UNMAPPED:
		return "a shape that is not mapped";
	default:
		return "a shape without a BPMN meaning";
	}
}

static bool drop(struct dio_page *pg, struct dio_cell *e, const char *fmt, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof msg, fmt, what);
	dio_note(pg, e, "drawio.unmapped_edge", "%s; the edge is left out", msg);
	e->flow = DIO_FLOW_NONE;
	return false;
}

/* Decides what an edge becomes; false (with a note) when it is left out. */
static bool classify_edge(struct dio_page *pg, struct dio_cell *e)
{
	struct dio_cell *s, *t;
	bool sart, tart;

	if (e->source < 0 || e->target < 0) {
		dio_note(pg, e, "drawio.loose_edge", "the edge has no %s shape; it is left out",
		         e->source < 0 && e->target < 0 ? "source or target"
		         : e->source < 0                ? "source"
		                                        : "target");
		return false;
	}
	s = &pg->cells[e->source];
	t = &pg->cells[e->target];
	if (s->kind == DIO_CONVERSATION || t->kind == DIO_CONVERSATION) {
		if ((s->kind == DIO_POOL) == (t->kind == DIO_POOL))
			return drop(pg, e, "%s",
			            "a conversation link must join a conversation and a pool");
		e->flow = DIO_FLOW_CONVERSATION_LINK;
		return true;
	}
	sart = s->kind == DIO_DATA || s->kind == DIO_ANNOTATION;
	tart = t->kind == DIO_DATA || t->kind == DIO_ANNOTATION;
	if (sart || tart) {
		const struct dio_cell *o = sart ? t : s;

		if (o->kind != DIO_NODE && o->kind != DIO_DATA && o->kind != DIO_ANNOTATION)
			return drop(pg, e, "it joins a data object or annotation to %s",
			            kind_name(o));
		e->flow = DIO_FLOW_ASSOCIATION;
		e->pool = sart && !tart ? t->pool : s->pool;
		return true;
	}
	for (int k = 0; k < 2; k++) {
		const struct dio_cell *o = k ? t : s;

		if (o->kind != DIO_NODE && o->kind != DIO_POOL)
			return drop(pg, e, "it ends at %s", kind_name(o));
	}
	if (s->pool != t->pool) {
		if (s->pool < 0 || t->pool < 0)
			return drop(pg, e, "%s", "it joins a pool and a shape outside every pool");
		e->flow = DIO_FLOW_MESSAGE;
		return true;
	}
	if (s->kind == DIO_POOL || t->kind == DIO_POOL)
		return drop(pg, e, "%s", "it joins a pool and a shape inside it");
	if (s->scope != t->scope)
		return drop(pg, e, "%s", "it crosses the border of a sub-process");
	e->flow = DIO_FLOW_SEQUENCE;
	e->pool = s->pool;
	e->scope = s->scope;
	return true;
}

/* Flowchart circles: no incoming flow = start, no outgoing = end, else intermediate. */
static void decide_ellipses(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *e = &pg->cells[i];

		if (e->kind == DIO_EDGE && e->source >= 0 && e->target >= 0 &&
		    pg->cells[e->source].kind == DIO_NODE &&
		    pg->cells[e->target].kind == DIO_NODE) {
			pg->cells[e->source].nout++;
			pg->cells[e->target].nin++;
		}
	}
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (!c->ellipse)
			continue;
		if (c->nin == 0) {
			c->tag = "startEvent";
		} else if (c->nout == 0) {
			c->tag = "endEvent";
		} else {
			c->tag = "intermediateThrowEvent";
			dio_note(pg, c, "drawio.guessed",
			         "a circle with flows in and out: read as an intermediate event");
		}
		if (c->evdef && !strcmp(c->evdef, "terminateEventDefinition") &&
		    strcmp(c->tag, "endEvent"))
			c->evdef = NULL;
	}
}

static void mark_conditions(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *e = &pg->cells[i];
		const char *tag;

		const char *arrow;
		struct dio_cell *src;

		if (e->flow != DIO_FLOW_SEQUENCE)
			continue;
		src = &pg->cells[e->source];
		tag = src->tag;
		arrow = dio_style(&pg->arena, e->style, "startArrow");
		/* BPMN's default flow has a slash at its start: draw.io's startArrow=dash */
		if (arrow && !strcmp(arrow, "dash") && src->default_flow < 0 &&
		    (is_activity(src) || !strcmp(tag, "exclusiveGateway") ||
		     !strcmp(tag, "inclusiveGateway") || !strcmp(tag, "complexGateway"))) {
			src->default_flow = (int)i;
			continue;
		}
		if (!*e->name)
			continue;
		e->cond = !strcmp(tag, "exclusiveGateway") || !strcmp(tag, "inclusiveGateway") ||
		          (arrow && !strcmp(arrow, "diamondThin"));
	}
}

static bool nests(const struct dio_cell *c)
{
	return c->kind == DIO_LANE || c->kind == DIO_POOL || is_subprocess(c);
}

/* Lanes and sub-processes nested too deeply become unmapped (bounded output depth). */
static void limit_nesting(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];
		int depth = 0, j = c->parent;

		if (!nests(c))
			continue;
		for (int steps = 0; j >= 0 && steps < DIO_MAX_WALK;
		     steps++, j = pg->cells[j].parent)
			if (nests(&pg->cells[j]))
				depth++;
		if (depth > DIO_MAX_NESTING) {
			dio_note(pg, c, "drawio.unmapped_shape",
			         "nested more than %d levels deep: not mapped", DIO_MAX_NESTING);
			c->kind = DIO_UNMAPPED;
		}
	}
}

int dio_page_read(struct dio_page *pg, const struct ka_xml_node *model, struct ka_diag *diag)
{
	const struct ka_xml_node *root = ka_xml_child(model, NULL, "root");

	(void)diag;
	if (!root) {
		dio_note(pg, NULL, "drawio.empty_page", "the page has no cells");
		return 0;
	}
	read_cells(pg, root);
	pg->budget = 50u * 1000u * 1000u;
	index_cells(pg);
	resolve(pg);
	absolute_all(pg);
	edge_labels(pg);
	dio_classify(pg);
	limit_nesting(pg);
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (c->kind == DIO_POOL)
			pg->has_pools = true;
		if (c->kind == DIO_LANE || c->kind == DIO_POOL)
			place(pg, c);
		if (c->kind == DIO_POOL)
			c->pool = (int)i;
	}
	pg->boxes = ka_arena_array(&pg->arena, pg->n + 1, sizeof *pg->boxes);
	for (size_t i = 0; i < pg->n; i++)
		if (pg->cells[i].kind == DIO_LANE || pg->cells[i].kind == DIO_POOL)
			pg->boxes[pg->nboxes++] = (int)i;
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (c->kind == DIO_NODE || c->kind == DIO_DATA || c->kind == DIO_ANNOTATION ||
		    c->kind == DIO_CONVERSATION)
			place(pg, c);
	}
	for (size_t i = 0; i < pg->n; i++)
		if (pg->cells[i].kind == DIO_NODE && !pg->cells[i].boundary)
			scope_of(pg, &pg->cells[i]); /* a boundary event: its activity's (below) */
	attach_boundaries(pg);
	for (size_t i = 0; i < pg->n; i++)
		if (pg->cells[i].kind == DIO_CONVERSATION && !pg->has_pools) {
			pg->cells[i].kind = DIO_UNMAPPED;
			dio_note(pg, &pg->cells[i], "drawio.unmapped_shape",
			         "a conversation is only mapped on a page with pools");
		}
	decide_ellipses(pg);
	for (size_t i = 0; i < pg->n; i++)
		if (pg->cells[i].kind == DIO_EDGE)
			classify_edge(pg, &pg->cells[i]);
	mark_conditions(pg);
	if (!pg->budget)
		dio_note(pg, NULL, "drawio.too_many_cells",
		         "too many cells to place every shape by position; some shapes are left "
		         "outside lanes");
	if (pg->by_position)
		dio_note(pg, NULL, "drawio.placed_by_position",
		         "%zu shape(s) are not inside a lane or pool container and were placed in "
		         "the lane or pool under them",
		         pg->by_position);
	return 0;
}
