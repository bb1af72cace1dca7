/*
 * One classified draw.io page as BPMN: a collaboration when it has pools,
 * one process per pool (and one for the shapes outside pools), lanes,
 * flow nodes nested in their sub-processes, flows, data and annotations;
 * and a BPMNDiagram with every shape and edge at its absolute position.
 *
 * The containers are linked lists over cell indexes, built once, so that
 * writing is linear in the number of cells.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawio_int.h"
#include "kartla/banned.h"

/* Deeper nesting of sub-processes or lanes is not mapped (drawio_map.c). */

struct lists {
	int *head, *next; /* head[key + 1], next[cell]; -1 ends a list */
};

struct writer {
	struct dio_page *pg;
	struct ka_buf *out;
	struct lists nodes; /* flow nodes by container: sub-process, else pool (-1: page) */
	struct lists flows; /* sequence flows, the same way */
	struct lists arts;  /* data and annotations by pool */
	struct lists assoc; /* associations by pool */
	struct lists lanes; /* lanes by parent lane, else pool */
	struct lists refs;  /* process-level flow nodes by lane */
	char proc_id[300];
	bool page_process; /* shapes outside pools have a process of their own */
};

static void lists_init(struct dio_page *pg, struct lists *l)
{
	l->head = ka_arena_array(&pg->arena, pg->n + 1, sizeof *l->head);
	l->next = ka_arena_array(&pg->arena, pg->n + 1, sizeof *l->next);
	for (size_t i = 0; i <= pg->n; i++)
		l->head[i] = l->next[i] = -1;
}

/* Pushes cell i at the front of list `key` (cells are visited last to first). */
static void push(struct lists *l, int key, size_t i)
{
	l->next[i] = l->head[key + 1];
	l->head[key + 1] = (int)i;
}

static void build_lists(struct writer *w)
{
	struct dio_page *pg = w->pg;

	lists_init(pg, &w->nodes);
	lists_init(pg, &w->flows);
	lists_init(pg, &w->arts);
	lists_init(pg, &w->assoc);
	lists_init(pg, &w->lanes);
	lists_init(pg, &w->refs);
	for (size_t k = pg->n; k-- > 0;) {
		const struct dio_cell *c = &pg->cells[k];

		if (c->kind == DIO_NODE) {
			push(&w->nodes, c->scope >= 0 ? c->scope : c->pool, k);
			if (c->scope < 0 && c->lane >= 0)
				push(&w->refs, c->lane, k);
		} else if (c->kind == DIO_DATA || c->kind == DIO_ANNOTATION) {
			push(&w->arts, c->pool, k);
		} else if (c->kind == DIO_LANE) {
			push(&w->lanes, c->lane >= 0 ? c->lane : c->pool, k);
		} else if (c->kind == DIO_EDGE && c->flow == DIO_FLOW_SEQUENCE) {
			push(&w->flows, c->scope >= 0 ? c->scope : c->pool, k);
		} else if (c->kind == DIO_EDGE && c->flow == DIO_FLOW_ASSOCIATION) {
			push(&w->assoc, c->pool, k);
		}
	}
}

static void attr(struct ka_buf *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	ka_buf_addf(out, " %s=\"", name);
	ka_buf_add_xml(out, value);
	ka_buf_addc(out, '"');
}

static const struct dio_cell *cell(const struct writer *w, int i)
{
	return &w->pg->cells[i];
}

static void write_scope(struct writer *w, int key);

/* Whether the node's element has content (and so needs a closing tag). */
static bool has_content(const struct writer *w, const struct dio_cell *c, size_t i)
{
	return c->evdef || c->loop || c->multi || c->multi_seq || w->nodes.head[i + 1] >= 0 ||
	       w->flows.head[i + 1] >= 0;
}

static void write_node(struct writer *w, size_t i)
{
	const struct dio_cell *c = cell(w, (int)i);
	struct ka_buf *out = w->out;

	ka_buf_addf(out, "    <%s id=\"%s\"", c->tag, c->bid);
	attr(out, "name", c->name);
	if (c->boundary) {
		ka_buf_addf(out, " attachedToRef=\"%s\"", cell(w, c->attached)->bid);
		if (c->nonint)
			ka_buf_adds(out, " cancelActivity=\"false\"");
	} else if (c->nonint) {
		ka_buf_adds(out, " isInterrupting=\"false\"");
	}
	if (c->default_flow >= 0)
		ka_buf_addf(out, " default=\"%s\"", cell(w, c->default_flow)->bid);
	if (c->event_sub)
		ka_buf_adds(out, " triggeredByEvent=\"true\"");
	if (c->compensation)
		ka_buf_adds(out, " isForCompensation=\"true\"");
	if (!has_content(w, c, i)) {
		ka_buf_adds(out, "/>\n");
		return;
	}
	ka_buf_adds(out, ">\n");
	if (c->loop)
		ka_buf_addf(out, "      <standardLoopCharacteristics id=\"%s__loop\"/>\n", c->bid);
	else if (c->multi || c->multi_seq)
		ka_buf_addf(out, "      <multiInstanceLoopCharacteristics id=\"%s__loop\"%s/>\n",
		            c->bid, c->multi_seq ? " isSequential=\"true\"" : "");
	if (c->evdef)
		ka_buf_addf(out, "      <%s id=\"%s__def\"/>\n", c->evdef, c->bid);
	write_scope(w, (int)i);
	ka_buf_addf(out, "    </%s>\n", c->tag);
}

static void write_flow(struct writer *w, const struct dio_cell *e)
{
	struct ka_buf *out = w->out;

	ka_buf_addf(out, "    <sequenceFlow id=\"%s\"", e->bid);
	attr(out, "name", e->name);
	ka_buf_addf(out, " sourceRef=\"%s\" targetRef=\"%s\"", cell(w, e->source)->bid,
	            cell(w, e->target)->bid);
	if (!e->cond) {
		ka_buf_adds(out, "/>\n");
		return;
	}
	ka_buf_adds(out, ">\n      <conditionExpression xsi:type=\"tFormalExpression\">");
	ka_buf_add_xml(out, e->name);
	ka_buf_adds(out, "</conditionExpression>\n    </sequenceFlow>\n");
}

/* The flow nodes and sequence flows of a container (a sub-process cell or a pool key). */
static void write_scope(struct writer *w, int key)
{
	for (int i = w->nodes.head[key + 1]; i >= 0; i = w->nodes.next[i])
		write_node(w, (size_t)i);
	for (int i = w->flows.head[key + 1]; i >= 0; i = w->flows.next[i])
		write_flow(w, cell(w, i));
}

static void write_lanes(struct writer *w, int key)
{
	struct ka_buf *out = w->out;

	for (int i = w->lanes.head[key + 1]; i >= 0; i = w->lanes.next[i]) {
		const struct dio_cell *l = cell(w, i);

		ka_buf_addf(out, "      <lane id=\"%s\"", l->bid);
		attr(out, "name", l->name);
		ka_buf_adds(out, ">\n");
		for (int r = w->refs.head[i + 1]; r >= 0; r = w->refs.next[r])
			ka_buf_addf(out, "        <flowNodeRef>%s</flowNodeRef>\n",
			            cell(w, r)->bid);
		if (w->lanes.head[i + 1] >= 0) {
			ka_buf_addf(out, "        <childLaneSet id=\"%s__lanes\">\n", l->bid);
			write_lanes(w, i);
			ka_buf_adds(out, "        </childLaneSet>\n");
		}
		ka_buf_adds(out, "      </lane>\n");
	}
}

static void write_artifacts(struct writer *w, int pool)
{
	struct ka_buf *out = w->out;

	for (int i = w->arts.head[pool + 1]; i >= 0; i = w->arts.next[i]) {
		const struct dio_cell *c = cell(w, i);

		if (c->kind != DIO_DATA)
			continue;
		ka_buf_addf(out, "    <%s id=\"%s\"", c->tag, c->bid);
		attr(out, "name", c->name);
		if (!strcmp(c->tag, "dataObjectReference"))
			ka_buf_addf(out,
			            " dataObjectRef=\"%s__object\"/>\n    <dataObject "
			            "id=\"%s__object\"/>\n",
			            c->bid, c->bid);
		else
			ka_buf_adds(out, "/>\n");
	}
	for (int i = w->arts.head[pool + 1]; i >= 0; i = w->arts.next[i]) {
		const struct dio_cell *c = cell(w, i);

		if (c->kind != DIO_ANNOTATION)
			continue;
		ka_buf_addf(out, "    <textAnnotation id=\"%s\">\n      <text>", c->bid);
		ka_buf_add_xml(out, c->name);
		ka_buf_adds(out, "</text>\n    </textAnnotation>\n");
	}
	for (int i = w->assoc.head[pool + 1]; i >= 0; i = w->assoc.next[i]) {
		const struct dio_cell *e = cell(w, i);

		ka_buf_addf(out, "    <association id=\"%s\" sourceRef=\"%s\" targetRef=\"%s\"/>\n",
		            e->bid, cell(w, e->source)->bid, cell(w, e->target)->bid);
	}
}

static void write_process(struct writer *w, int pool)
{
	struct ka_buf *out = w->out;
	const struct dio_cell *p = pool >= 0 ? cell(w, pool) : NULL;

	if (p)
		snprintf(w->proc_id, sizeof w->proc_id, "%s__process", p->bid);
	else
		snprintf(w->proc_id, sizeof w->proc_id, "p%u__process", w->pg->index);
	ka_buf_addf(out, "  <process id=\"%s\"", w->proc_id);
	attr(out, "name", p ? p->name : w->pg->name);
	ka_buf_adds(out, " isExecutable=\"false\">\n");
	if (w->lanes.head[pool + 1] >= 0) {
		ka_buf_addf(out, "    <laneSet id=\"%s__lanes\">\n", w->proc_id);
		write_lanes(w, pool);
		ka_buf_adds(out, "    </laneSet>\n");
	}
	write_scope(w, pool);
	write_artifacts(w, pool);
	ka_buf_adds(out, "  </process>\n");
}

static void write_collaboration(struct writer *w)
{
	struct dio_page *pg = w->pg;
	struct ka_buf *out = w->out;

	ka_buf_addf(out, "  <collaboration id=\"p%u__collaboration\">\n", pg->index);
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *c = &pg->cells[i];

		if (c->kind != DIO_POOL)
			continue;
		ka_buf_addf(out, "    <participant id=\"%s\"", c->bid);
		attr(out, "name", c->name);
		ka_buf_addf(out, " processRef=\"%s__process\"/>\n", c->bid);
	}
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *e = &pg->cells[i];

		if (e->kind != DIO_EDGE || e->flow != DIO_FLOW_MESSAGE)
			continue;
		ka_buf_addf(out, "    <messageFlow id=\"%s\"", e->bid);
		attr(out, "name", e->name);
		ka_buf_addf(out, " sourceRef=\"%s\" targetRef=\"%s\"/>\n", pg->cells[e->source].bid,
		            pg->cells[e->target].bid);
	}
	if (!w->page_process)
		write_artifacts(w, -1);
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *c = &pg->cells[i];

		if (c->kind != DIO_CONVERSATION)
			continue;
		ka_buf_addf(out, "    <%s id=\"%s\"", c->tag, c->bid);
		attr(out, "name", c->name);
		ka_buf_adds(out, "/>\n");
	}
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *e = &pg->cells[i];

		if (e->kind == DIO_EDGE && e->flow == DIO_FLOW_CONVERSATION_LINK)
			ka_buf_addf(
			    out,
			    "    <conversationLink id=\"%s\" sourceRef=\"%s\" targetRef=\"%s\"/>\n",
			    e->bid, pg->cells[e->source].bid, pg->cells[e->target].bid);
	}
	ka_buf_adds(out, "  </collaboration>\n");
}

/* A coordinate: two decimals, never "-0.00". */
static void num(struct ka_buf *b, const char *name, double v)
{
	if (fabs(v) < 0.005)
		v = 0;
	ka_buf_addf(b, " %s=\"%.2f\"", name, v);
}

/* Where the line from the box's centre towards p leaves the box (the centre if p is inside). */
static struct dio_point border(const struct dio_cell *c, struct dio_point p)
{
	struct dio_point m = {c->ax + c->w / 2, c->ay + c->h / 2};
	double dx = p.x - m.x, dy = p.y - m.y, s = 1;

	if (dx != 0 && c->w / 2 / fabs(dx) < s)
		s = c->w / 2 / fabs(dx);
	if (dy != 0 && c->h / 2 / fabs(dy) < s)
		s = c->h / 2 / fabs(dy);
	if (s >= 1)
		return m;
	m.x += dx * s;
	m.y += dy * s;
	return m;
}

static void waypoint(struct ka_buf *di, struct dio_point p)
{
	ka_buf_adds(di, "        <di:waypoint");
	num(di, "x", p.x);
	num(di, "y", p.y);
	ka_buf_adds(di, "/>\n");
}

/* A fraction from the style ("exitX=1"), when present and sensible. */
static bool style_frac(struct dio_page *pg, const char *style, const char *key, double *v)
{
	const char *s = dio_style(&pg->arena, style, key);
	char *end;

	if (!s || !*s)
		return false;
	*v = strtod(s, &end);
	return !*end && *v >= 0 && *v <= 1;
}

/* The point at fractions (fx, fy) of the box: draw.io's fixed connection points. */
static struct dio_point at(const struct dio_cell *c, double fx, double fy)
{
	return (struct dio_point){c->ax + fx * c->w, c->ay + fy * c->h};
}

/*
 * An edge drawn without bends but routed at right angles by draw.io
 * (orthogonalEdgeStyle, elbowEdgeStyle): its two elbows, as draw.io shows them.
 */
static size_t elbows(struct dio_page *pg, const struct dio_cell *e, const struct dio_cell *s,
                     const struct dio_cell *t, struct dio_point *start, struct dio_point *end,
                     struct dio_point bend[2])
{
	const char *style = dio_style(&pg->arena, e->style, "edgeStyle");
	const char *elbow = dio_style(&pg->arena, e->style, "elbow");
	struct dio_point sc = at(s, 0.5, 0.5), tc = at(t, 0.5, 0.5);
	bool vertical;

	if (!style || (strcmp(style, "orthogonalEdgeStyle") && strcmp(style, "elbowEdgeStyle")))
		return 0;
	vertical = elbow ? !strcmp(elbow, "vertical") : fabs(tc.y - sc.y) > fabs(tc.x - sc.x);
	if (vertical) {
		*start = border(s, (struct dio_point){sc.x, tc.y});
		*end = border(t, (struct dio_point){tc.x, sc.y});
		if (fabs(start->x - end->x) < 1)
			return 0;
		bend[0] = (struct dio_point){start->x, (start->y + end->y) / 2};
		bend[1] = (struct dio_point){end->x, (start->y + end->y) / 2};
	} else {
		*start = border(s, (struct dio_point){tc.x, sc.y});
		*end = border(t, (struct dio_point){sc.x, tc.y});
		if (fabs(start->y - end->y) < 1)
			return 0;
		bend[0] = (struct dio_point){(start->x + end->x) / 2, start->y};
		bend[1] = (struct dio_point){(start->x + end->x) / 2, end->y};
	}
	return 2;
}

static void write_edge_di(struct writer *w, struct ka_buf *di, const struct dio_cell *e)
{
	const struct dio_cell *s = cell(w, e->source), *t = cell(w, e->target);
	const struct dio_cell *par =
	    e->parent >= 0 && cell(w, e->parent)->vertex ? cell(w, e->parent) : NULL;
	double ox = par ? par->ax : 0, oy = par ? par->ay : 0, fx, fy;
	struct dio_point first = at(t, 0.5, 0.5), last = at(s, 0.5, 0.5), start, end, bend[2];
	size_t nbend = 0;
	bool fixed = false;

	if (e->npts) {
		first = (struct dio_point){e->pts[0].x + ox, e->pts[0].y + oy};
		last = (struct dio_point){e->pts[e->npts - 1].x + ox, e->pts[e->npts - 1].y + oy};
	}
	start = border(s, first);
	end = border(t, last);
	if (style_frac(w->pg, e->style, "exitX", &fx) &&
	    style_frac(w->pg, e->style, "exitY", &fy)) {
		start = at(s, fx, fy);
		fixed = true;
	}
	if (style_frac(w->pg, e->style, "entryX", &fx) &&
	    style_frac(w->pg, e->style, "entryY", &fy)) {
		end = at(t, fx, fy);
		fixed = true;
	}
	if (!fixed && !e->npts)
		nbend = elbows(w->pg, e, s, t, &start, &end, bend);
	ka_buf_addf(di, "      <bpmndi:BPMNEdge id=\"%s__di\" bpmnElement=\"%s\">\n", e->bid,
	            e->bid);
	waypoint(di, start);
	for (size_t k = 0; k < e->npts; k++)
		waypoint(di, (struct dio_point){e->pts[k].x + ox, e->pts[k].y + oy});
	for (size_t k = 0; k < nbend; k++)
		waypoint(di, bend[k]);
	waypoint(di, end);
	ka_buf_adds(di, "      </bpmndi:BPMNEdge>\n");
}

static void write_shape_di(struct ka_buf *di, const struct dio_cell *c)
{
	ka_buf_addf(di, "      <bpmndi:BPMNShape id=\"%s__di\" bpmnElement=\"%s\"", c->bid, c->bid);
	if (c->kind == DIO_POOL || c->kind == DIO_LANE)
		ka_buf_addf(di, " isHorizontal=\"%s\"", c->horizontal ? "true" : "false");
	if (c->kind == DIO_NODE && (strstr(c->tag, "Process") || !strcmp(c->tag, "transaction")))
		ka_buf_addf(di, " isExpanded=\"%s\"", c->has_children ? "true" : "false");
	ka_buf_adds(di, ">\n        <dc:Bounds");
	num(di, "x", c->ax);
	num(di, "y", c->ay);
	num(di, "width", c->w);
	num(di, "height", c->h);
	ka_buf_adds(di, "/>\n      </bpmndi:BPMNShape>\n");
}

static void write_diagram(struct writer *w, struct ka_buf *di, const char *plane)
{
	struct dio_page *pg = w->pg;

	ka_buf_addf(di, "  <bpmndi:BPMNDiagram id=\"p%u__diagram\"", pg->index);
	attr(di, "name", pg->name);
	ka_buf_addf(di, ">\n    <bpmndi:BPMNPlane id=\"p%u__plane\" bpmnElement=\"%s\">\n",
	            pg->index, plane);
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *c = &pg->cells[i];

		if (c->kind == DIO_POOL || c->kind == DIO_LANE || c->kind == DIO_NODE ||
		    c->kind == DIO_DATA || c->kind == DIO_ANNOTATION || c->kind == DIO_CONVERSATION)
			write_shape_di(di, c);
	}
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *e = &pg->cells[i];

		if (e->kind == DIO_EDGE && e->flow != DIO_FLOW_NONE)
			write_edge_di(w, di, e);
	}
	ka_buf_adds(di, "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n");
}

void dio_page_write(struct dio_page *pg, struct ka_buf *out, struct ka_buf *di)
{
	struct writer w = {.pg = pg, .out = out};
	char plane[64];
	bool page_process = !pg->has_pools;

	build_lists(&w);
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *c = &pg->cells[i];

		if (c->pool < 0 &&
		    (c->kind == DIO_NODE || c->kind == DIO_DATA || c->kind == DIO_LANE))
			page_process = true;
	}
	w.page_process = page_process;
	if (pg->has_pools) {
		write_collaboration(&w);
		if (page_process)
			dio_note(
			    pg, NULL, "drawio.outside_pool",
			    "some shapes are outside every pool: they form a process without a "
			    "pool");
	}
	for (size_t i = 0; i < pg->n; i++)
		if (pg->cells[i].kind == DIO_POOL)
			write_process(&w, (int)i);
	if (page_process)
		write_process(&w, -1);
	if (pg->has_pools)
		snprintf(plane, sizeof plane, "p%u__collaboration", pg->index);
	else
		snprintf(plane, sizeof plane, "p%u__process", pg->index);
	write_diagram(&w, di, plane);
}
