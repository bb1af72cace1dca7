/*
 * Automatic layout (lib/layout): on the maps in tests/data/layout and on
 * generated ones, the result reads back strictly, every flow node and flow
 * has DI, no two shapes overlap, every shape lies in its lane's band, every
 * edge is orthogonal and ends on a side of its source and of its target,
 * flows run left to right except the back edges of loops, boundary events sit
 * on their host, a sub-process gets its own plane, --keep leaves placed
 * shapes where they were, and the same input gives the same bytes.
 * Usage: unit_layout SOURCE_ROOT
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/layout.h"

static const char *root;

static void read_data(struct ka_buf *b, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/layout/%s", root, rel);
	ka_buf_init(b, KA_BUF_UNLIMITED);
	if (ka_buf_read_file(b, path))
		fail_msg("cannot read %s", path);
}

/* Lays out `len` bytes and reads the result back strictly. */
static struct ka_map *lay_out(const char *data, size_t len, bool keep, struct ka_buf *out,
                              struct ka_layout_stats *st)
{
	struct ka_layout_opts o;
	struct ka_read_opts ro;
	struct ka_diag d;
	struct ka_map *m = NULL;

	ka_layout_opts_init(&o);
	o.keep = keep;
	ka_diag_init(&d, "input");
	ka_buf_init(out, KA_BUF_UNLIMITED);
	if (ka_layout_bpmn(out, data, len, "input", NULL, &o, st, &d))
		fail_msg("layout: %lu:%lu: %s", d.line, d.column, d.message);
	ka_read_opts_init(&ro);
	if (ka_bpmn_read(&m, out->data, out->len, "output", &ro, &d))
		fail_msg("output does not read back: %lu: %s", d.line, d.message);
	return m;
}

static int drawn(const struct ka_el *el)
{
	return (el->type->flags & KA_TF_FLOW_NODE) || el->kind == KA_K_DATA_OBJECT_REF ||
	       el->kind == KA_K_DATA_STORE_REF || el->kind == KA_K_TEXT_ANNOTATION;
}

static int inside(const struct ka_bounds *in, const struct ka_bounds *out)
{
	return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w &&
	       in->y + in->h <= out->y + out->h;
}

static int overlap(const struct ka_bounds *a, const struct ka_bounds *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* The point lies on one of the four sides of b. */
static int on_side(const struct ka_point *p, const struct ka_bounds *b)
{
	int vx = (fabs(p->x - b->x) < 0.5 || fabs(p->x - (b->x + b->w)) < 0.5) && p->y >= b->y &&
	         p->y <= b->y + b->h;
	int hy = (fabs(p->y - b->y) < 0.5 || fabs(p->y - (b->y + b->h)) < 0.5) && p->x >= b->x &&
	         p->x <= b->x + b->w;

	return vx || hy;
}

/* Same plane: the DI shapes' planes (by their diagram's plane element). */
static const struct ka_el *plane_of(const struct ka_el *el)
{
	return el->di ? el->di->parent : NULL;
}

/*
 * The properties every layout must have. Returns the number of sequence
 * flows that run right to left or into the same column (the loops' back edges).
 */
static int check_map(const struct ka_map *m)
{
	uint32_t i, j;
	int back = 0;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *a = m->els.v[i];

		if (!drawn(a) || (a->parent && a->parent->kind == KA_K_SUB_PROCESS &&
		                  !a->di)) /* content of a collapsed sub-process: own plane */
			continue;
		if (!a->di || !a->di->has_bounds)
			fail_msg("%s has no shape", a->id);
		/* In its lane's band. */
		if (a->lane && a->kind != KA_K_BOUNDARY_EVENT) {
			assert_non_null(a->lane->di);
			if (!inside(&a->di->bounds, &a->lane->di->bounds))
				fail_msg("%s is outside its lane %s", a->id, a->lane->id);
		}
		for (j = 0; j < m->els.n; j++) {
			const struct ka_el *b = m->els.v[j];

			/* No label lies on another shape. */
			if (j != i && a->di->has_label_bounds && drawn(b) && b->di &&
			    plane_of(a) == plane_of(b) &&
			    overlap(&a->di->label_bounds, &b->di->bounds))
				fail_msg("the label of %s lies on %s", a->id, b->id);
		}
		for (j = i + 1; j < m->els.n; j++) {
			const struct ka_el *b = m->els.v[j];

			if (!drawn(b) || !b->di || plane_of(a) != plane_of(b))
				continue;
			if (a->attached_to == b || b->attached_to == a)
				continue;
			if (overlap(&a->di->bounds, &b->di->bounds))
				fail_msg("%s and %s overlap", a->id, b->id);
		}
	}
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *e = m->els.v[i];
		const struct ka_el *di = e->di;
		size_t k;

		if (e->kind != KA_K_SEQUENCE_FLOW && e->kind != KA_K_MESSAGE_FLOW)
			continue;
		if (!di && e->source && e->source->di)
			fail_msg("flow %s has no edge", e->id);
		if (!di)
			continue;
		assert_true(di->nwaypoints >= 2);
		for (j = 0; di->has_label_bounds && j < m->els.n; j++) {
			const struct ka_el *b = m->els.v[j];

			if (drawn(b) && b->di && b->di->parent == di->parent &&
			    overlap(&di->label_bounds, &b->di->bounds))
				fail_msg("the label of flow %s lies on %s", e->id, b->id);
		}
		for (k = 1; k < di->nwaypoints; k++)
			if (di->waypoints[k].x != di->waypoints[k - 1].x &&
			    di->waypoints[k].y != di->waypoints[k - 1].y)
				fail_msg("flow %s is not orthogonal at point %zu", e->id, k);
		if (!on_side(&di->waypoints[0], &e->source->di->bounds))
			fail_msg("flow %s does not start on a side of %s", e->id, e->source->id);
		if (!on_side(&di->waypoints[di->nwaypoints - 1], &e->target->di->bounds))
			fail_msg("flow %s does not end on a side of %s", e->id, e->target->id);
		if (e->kind == KA_K_SEQUENCE_FLOW &&
		    e->target->di->bounds.x <= e->source->di->bounds.x)
			back++;
	}
	return back;
}

static const struct ka_el *find(const struct ka_map *m, const char *id)
{
	const struct ka_el *el = ka_map_find(m, id);

	if (!el)
		fail_msg("no element %s", id);
	return el;
}

static void complaint(void **state)
{
	struct ka_buf in, out;
	struct ka_layout_stats st;
	struct ka_map *m;
	const struct ka_el *start, *end;

	(void)state;
	read_data(&in, "complaint15.bpmn");
	m = lay_out(in.data, in.len, false, &out, &st);
	/* One loop (AskDetails -> Merge) is the only flow running back. */
	assert_int_equal(check_map(m), 1);
	assert_int_equal(st.planes, 1);
	assert_int_equal(st.shapes, 15 + 3 + 1);
	assert_int_equal(st.edges, 17);
	start = find(m, "Start");
	end = find(m, "End");
	assert_true(end->di->bounds.x > start->di->bounds.x + 1000);
	/* Lanes are stacked in their order, inside the pool. */
	assert_true(find(m, "Lane_services")->di->bounds.y < find(m, "Lane_officer")->di->bounds.y);
	assert_true(find(m, "Lane_officer")->di->bounds.y < find(m, "Lane_head")->di->bounds.y);
	assert_true(
	    inside(&find(m, "Lane_head")->di->bounds, &find(m, "Pool_university")->di->bounds));
	/* Sizes by kind, as bpmn-js draws them; gateways and events carry labels. */
	assert_int_equal((int)find(m, "Assess")->di->bounds.w, 100);
	assert_int_equal((int)find(m, "Assess")->di->bounds.h, 80);
	assert_int_equal((int)start->di->bounds.w, 36);
	assert_int_equal((int)find(m, "Enough")->di->bounds.w, 50);
	assert_true(find(m, "Enough")->di->has_label_bounds);
	assert_true(find(m, "F4")->di->has_label_bounds);
	/* A chain of tasks in one lane stays on one line. */
	assert_true(find(m, "Assess")->di->bounds.y + 40 == find(m, "Enough")->di->bounds.y + 25);
	ka_map_free(m);
	ka_buf_release(&in);
	ka_buf_release(&out);
}

static void features(void **state)
{
	struct ka_buf in, out;
	struct ka_layout_stats st;
	struct ka_map *m;
	const struct ka_el *late, *review, *dtask;

	(void)state;
	read_data(&in, "features.bpmn");
	m = lay_out(in.data, in.len, false, &out, &st);
	check_map(m);
	/* The boundary event straddles the bottom edge of its host. */
	late = find(m, "Late");
	review = find(m, "Review");
	assert_true(late->di->bounds.y + late->di->bounds.h / 2 ==
	            review->di->bounds.y + review->di->bounds.h);
	assert_true(late->di->bounds.x >= review->di->bounds.x &&
	            late->di->bounds.x + late->di->bounds.w <=
	                review->di->bounds.x + review->di->bounds.w);
	/* The sub-process is collapsed; its content has its own plane. */
	assert_int_equal(st.collapsed, 1);
	assert_int_equal(st.planes, 2);
	assert_true(find(m, "Decide")->di->has_is_expanded && !find(m, "Decide")->di->is_expanded);
	dtask = find(m, "D_task");
	assert_non_null(dtask->di);
	assert_ptr_equal(dtask->di->parent->ref, find(m, "Decide"));
	/* Pools are stacked, as wide as each other; artifacts and associations are drawn. */
	assert_true(find(m, "Pool_applicant")->di->bounds.y >
	            find(m, "Pool_office")->di->bounds.y + find(m, "Pool_office")->di->bounds.h);
	assert_true(find(m, "Pool_applicant")->di->bounds.w ==
	            find(m, "Pool_office")->di->bounds.w);
	assert_non_null(find(m, "File")->di);
	assert_non_null(find(m, "DA1")->di);
	assert_non_null(find(m, "A1")->di);
	assert_non_null(find(m, "M1")->di);
	assert_non_null(find(m, "M2")->di);
	ka_map_free(m);
	ka_buf_release(&in);
	ka_buf_release(&out);
}

static void nested_lanes(void **state)
{
	struct ka_buf in, out;
	struct ka_map *m;
	const struct ka_bounds *la, *la1, *la2, *lb, *pool, *nowhere;

	(void)state;
	read_data(&in, "nested-lanes.bpmn");
	m = lay_out(in.data, in.len, false, &out, NULL);
	check_map(m);
	la = &find(m, "LA")->di->bounds;
	la1 = &find(m, "LA1")->di->bounds;
	la2 = &find(m, "LA2")->di->bounds;
	lb = &find(m, "LB")->di->bounds;
	pool = &find(m, "P")->di->bounds;
	nowhere = &find(m, "T4")->di->bounds;
	/* The parent lane holds its lanes, indented by its title strip; lanes in their order. */
	assert_true(inside(la1, la) && inside(la2, la));
	assert_true(la1->x > la->x && la1->y < la2->y && la->y + la->h <= lb->y);
	assert_true(inside(la, pool) && inside(lb, pool));
	/* A task in no lane: in the pool, below every lane. */
	assert_true(inside(nowhere, pool) && nowhere->y >= lb->y + lb->h);
	ka_map_free(m);
	ka_buf_release(&in);
	ka_buf_release(&out);
}

/* Removes the BPMNShape of element `id` from the text of a laid-out map. */
static void drop_shape(struct ka_buf *b, const char *id)
{
	char key[128];
	char *s, *e, *line;

	snprintf(key, sizeof(key), "bpmnElement=\"%s\"", id);
	s = strstr(b->data, key);
	assert_non_null(s);
	line = s;
	while (line > b->data && *line != '<')
		line--;
	e = strstr(s, "</bpmndi:BPMNShape>");
	assert_non_null(e);
	e += strlen("</bpmndi:BPMNShape>");
	memmove(line, e, (size_t)(b->data + b->len - e) + 1);
	b->len -= (size_t)(e - line);
}

static void keep(void **state)
{
	struct ka_buf in, first, second;
	struct ka_layout_stats st;
	struct ka_map *a, *b;
	uint32_t i;

	(void)state;
	read_data(&in, "complaint15.bpmn");
	a = lay_out(in.data, in.len, false, &first, NULL);
	/* Move a placed shape far right: --keep must leave it there. */
	{
		char *s = strstr(first.data, "bpmnElement=\"Assess\"");
		char *x = strstr(s, "x=\"");

		assert_non_null(x);
		memcpy(x, "x=\"4", 4);
	}
	drop_shape(&first, "Rules");
	drop_shape(&first, "Statement");
	ka_map_free(a);
	{
		struct ka_read_opts ro;
		struct ka_diag d;

		ka_read_opts_init(&ro);
		ka_diag_init(&d, "moved");
		assert_int_equal(ka_bpmn_read(&a, first.data, first.len, "moved", &ro, &d), 0);
	}
	b = lay_out(first.data, first.len, true, &second, &st);
	assert_int_equal(st.kept, 13); /* 15 nodes less the 2 without a shape */
	for (i = 0; i < a->els.n; i++) {
		const struct ka_el *x = a->els.v[i], *y;

		if (!x->id || !drawn(x) || !x->di)
			continue;
		y = find(b, x->id);
		if (memcmp(&x->di->bounds, &y->di->bounds, sizeof(x->di->bounds)))
			fail_msg("--keep moved %s", x->id);
	}
	assert_non_null(find(b, "Rules")->di);
	assert_non_null(find(b, "Statement")->di);
	check_map(b);
	ka_map_free(a);
	ka_map_free(b);
	ka_buf_release(&in);
	ka_buf_release(&first);
	ka_buf_release(&second);
}

/* A chain of n tasks over `lanes` lanes with a loop every 7 tasks, and a self-loop. */
static void generate(struct ka_buf *b, int n, int lanes)
{
	int i, l;

	ka_buf_init(b, KA_BUF_UNLIMITED);
	ka_buf_adds(b, "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
	               "id=\"D\" targetNamespace=\"urn:t\"><process id=\"P\"><laneSet id=\"LS\">");
	for (l = 0; l < lanes; l++) {
		ka_buf_addf(b, "<lane id=\"L%d\">", l);
		for (i = l; i < n; i += lanes)
			ka_buf_addf(b, "<flowNodeRef>T%d</flowNodeRef>", i);
		ka_buf_adds(b, "</lane>");
	}
	ka_buf_adds(b, "</laneSet>");
	for (i = 0; i < n; i++)
		ka_buf_addf(b, "<task id=\"T%d\" name=\"Task %d\"/>", i, i);
	for (i = 1; i < n; i++)
		ka_buf_addf(b, "<sequenceFlow id=\"F%d\" sourceRef=\"T%d\" targetRef=\"T%d\"/>", i,
		            i - 1, i);
	for (i = 7; i < n; i += 7)
		ka_buf_addf(b, "<sequenceFlow id=\"B%d\" sourceRef=\"T%d\" targetRef=\"T%d\"/>", i,
		            i, i - 5);
	ka_buf_adds(b, "<sequenceFlow id=\"S\" sourceRef=\"T3\" targetRef=\"T3\"/>");
	ka_buf_adds(b, "<task id=\"Free\"/></process></definitions>");
}

static void generated(void **state)
{
	struct ka_buf in, out, again;
	struct ka_layout_stats st;
	struct ka_map *m;
	int loops = 0, i;

	(void)state;
	generate(&in, 700, 5);
	m = lay_out(in.data, in.len, false, &out, &st);
	for (i = 7; i < 700; i += 7)
		loops++;
	/* The back edges and the self-loop; "Free" sits in a band of its own. */
	assert_int_equal(check_map(m), loops + 1);
	assert_int_equal(st.layers, 700);
	assert_non_null(find(m, "Free")->di);
	ka_map_free(m);
	/* Deterministic: the same input gives the same bytes. */
	ka_map_free(lay_out(in.data, in.len, false, &again, NULL));
	assert_int_equal(out.len, again.len);
	assert_memory_equal(out.data, again.data, out.len);
	ka_buf_release(&in);
	ka_buf_release(&out);
	ka_buf_release(&again);
}

static void odd_input(void **state)
{
	static const char *const maps[] = {
	    /* no process at all */
	    "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\" "
	    "targetNamespace=\"urn:t\"/>",
	    /* an empty process and a pool without a process */
	    "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\" "
	    "targetNamespace=\"urn:t\"><collaboration id=\"C\"><participant id=\"P1\"/>"
	    "</collaboration><process id=\"P\"/></definitions>",
	    /* a loop without a start: every node has an inflow */
	    "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\" "
	    "targetNamespace=\"urn:t\"><process id=\"P\"><task id=\"A\"/><task id=\"B\"/>"
	    "<sequenceFlow id=\"F1\" sourceRef=\"A\" targetRef=\"B\"/>"
	    "<sequenceFlow id=\"F2\" sourceRef=\"B\" targetRef=\"A\"/></process></definitions>",
	};
	struct ka_diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		struct ka_buf out;
		struct ka_map *m = lay_out(maps[i], strlen(maps[i]), false, &out, NULL);

		check_map(m);
		ka_map_free(m);
		ka_buf_release(&out);
	}
	/* Not BPMN: the reader's precise message, nothing written. */
	{
		struct ka_buf out;

		ka_buf_init(&out, KA_BUF_UNLIMITED);
		ka_diag_init(&d, "bad.bpmn");
		assert_int_equal(ka_layout_bpmn(&out, "<a>", 3, "bad.bpmn", NULL, NULL, NULL, &d),
		                 KA_ERR_XML);
		assert_non_null(strstr(d.message, ""));
		assert_true(d.line >= 1);
		ka_buf_release(&out);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(complaint), cmocka_unit_test(features),
	    cmocka_unit_test(keep),      cmocka_unit_test(generated),
	    cmocka_unit_test(odd_input), cmocka_unit_test(nested_lanes),
	};

	root = argc > 1 ? argv[1] : ".";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
