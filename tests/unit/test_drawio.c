/*
 * Unit tests of lib/drawio through ka_import_read: kinds, names, flows, lanes
 * and pools, DI, compressed and multi-page files, the notes for what is not
 * mapped, hostile cell structures (duplicate ids, parent cycles) and bad input.
 * The diagrams are tests/data/drawio (read from SOURCE_ROOT) and small inline ones.
 * Usage: unit_drawio SOURCE_ROOT
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/import.h"
#include "kartla/model.h"

static const char *root;

struct result {
	struct ka_map *map;
	struct ka_import_report rep;
	struct ka_diag diag;
	int err;
};

static void import_mem(struct result *r, const char *data, size_t len, const char *name)
{
	struct ka_read_opts opts;

	ka_read_opts_init(&opts);
	ka_import_report_init(&r->rep);
	ka_diag_init(&r->diag, name);
	r->map = NULL;
	r->err = ka_import_read(&r->map, data, len, name, &opts, &r->rep, &r->diag);
}

static void import_file(struct result *r, const char *base)
{
	char path[1024];
	struct ka_buf b;

	snprintf(path, sizeof path, "%s/tests/data/drawio/%s", root, base);
	ka_buf_init(&b, 64u << 20);
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	import_mem(r, b.data, b.len, base);
	ka_buf_release(&b);
	if (r->err)
		fail_msg("%s: %s (line %lu)", base, r->diag.message, r->diag.line);
}

static void done(struct result *r)
{
	ka_map_free(r->map);
	ka_import_report_free(&r->rep);
}

static const struct ka_el *el(const struct result *r, const char *id)
{
	const struct ka_el *e = ka_map_find(r->map, id);

	if (!e)
		fail_msg("no element %s", id);
	return e;
}

/* The element's DI bounds are exactly these. */
static bool bounds_are(const struct ka_el *e, double x, double y, double w, double h)
{
	const struct ka_bounds *b = e->di ? &e->di->bounds : NULL;

	if (!b || !e->di->has_bounds) {
		print_error("%s has no DI bounds\n", e->id);
		return false;
	}
	if (b->x != x || b->y != y || b->w != w || b->h != h) {
		print_error("%s: bounds %g,%g %gx%g\n", e->id, b->x, b->y, b->w, b->h);
		return false;
	}
	return true;
}

static size_t notes_with(const struct result *r, const char *code, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < r->rep.n; i++)
		if (!strcmp(r->rep.notes[i].code, code) &&
		    (!text || strstr(r->rep.notes[i].message, text) ||
		     strstr(r->rep.notes[i].where, text)))
			n++;
	return n;
}

static void test_bpmn_shapes(void **state)
{
	struct result r;
	const struct ka_el *e;

	(void)state;
	import_file(&r, "bpmn-shapes.drawio");
	assert_int_equal(r.rep.n, 0);
	e = el(&r, "p1_check");
	assert_int_equal(e->kind, KA_K_TASK);
	assert_string_equal(e->type->local, "userTask");
	assert_string_equal(e->name, "Check & register the order");
	e = el(&r, "p1_timer");
	assert_int_equal(e->kind, KA_K_BOUNDARY_EVENT);
	assert_ptr_equal(e->attached_to, el(&r, "p1_check"));
	assert_false(e->cancel_activity);
	assert_int_equal(e->evdefs, KA_EV_TIMER);
	assert_true(bounds_are(e, 220, 185, 30, 30));
	assert_int_equal(el(&r, "p1_start")->evdefs, KA_EV_MESSAGE);
	assert_int_equal(el(&r, "p1_done")->evdefs, KA_EV_TERMINATE);
	assert_int_equal(el(&r, "p1_ok")->kind, KA_K_GATEWAY);
	assert_string_equal(el(&r, "p1_split")->type->local, "parallelGateway");
	assert_int_equal(el(&r, "p1_ask")->kind, KA_K_SUB_PROCESS);
	e = el(&r, "p1_f4");
	assert_int_equal(e->kind, KA_K_SEQUENCE_FLOW);
	assert_string_equal(e->name, "no"); /* from the label cell on the edge */
	assert_true(e->has_condition);
	assert_ptr_equal(e->source, el(&r, "p1_ok"));
	assert_ptr_equal(e->target, el(&r, "p1_ask"));
	/* the bend at (335, 290) sits between the two ends */
	assert_int_equal(e->di->nwaypoints, 3);
	assert_true(e->di->waypoints[1].x == 335 && e->di->waypoints[1].y == 290);
	assert_int_equal(el(&r, "p1_note")->kind, KA_K_TEXT_ANNOTATION);
	assert_int_equal(el(&r, "p1_order-doc")->kind, KA_K_DATA_OBJECT_REF);
	assert_int_equal(el(&r, "p1_crm")->kind, KA_K_DATA_STORE_REF);
	assert_int_equal(el(&r, "p1_a1")->kind, KA_K_ASSOCIATION);
	assert_int_equal(r.map->processes.n, 1);
	done(&r);
}

static void test_crossfunctional(void **state)
{
	struct result r;

	(void)state;
	import_file(&r, "crossfunctional.drawio");
	assert_int_equal(r.map->participants.n, 1);
	assert_string_equal(el(&r, "p1_pool")->name, "Municipality");
	assert_int_equal(el(&r, "p1_s")->kind, KA_K_START_EVENT);
	assert_int_equal(el(&r, "p1_e")->kind, KA_K_END_EVENT);
	assert_int_equal(el(&r, "p1_d")->kind, KA_K_GATEWAY);
	assert_string_equal(el(&r, "p1_t1")->name, "Fill in the form"); /* newline, not HTML */
	assert_ptr_equal(el(&r, "p1_t1")->lane, el(&r, "p1_lane-emp"));
	assert_ptr_equal(el(&r, "p1_d")->lane, el(&r, "p1_lane-mgr"));
	/* on the layer, drawn over the Employee lane: placed by position, and said so */
	assert_ptr_equal(el(&r, "p1_t4")->lane, el(&r, "p1_lane-emp"));
	assert_ptr_equal(el(&r, "p1_t4")->participant, el(&r, "p1_pool"));
	assert_int_equal(notes_with(&r, "drawio.placed_by_position", "1 shape"), 1);
	/* lane geometry is relative to the pool: x = 40 + 20 */
	assert_true(bounds_are(el(&r, "p1_lane-mgr"), 60, 220, 880, 180));
	assert_true(el(&r, "p1_lane-mgr")->di->is_horizontal);
	/* the edge c2 has its bend in layer coordinates; t1 is inside the lane (60+130) */
	assert_true(bounds_are(el(&r, "p1_t1"), 190, 100, 120, 60));
	assert_int_equal(el(&r, "p1_title")->kind, KA_K_TEXT_ANNOTATION);
	done(&r);
}

/* draw.io's cross-functional flowchart template: a table, actor rows, phase cells. */
static void test_crossfunctional_table(void **state)
{
	struct result r;

	(void)state;
	import_file(&r, "crossfunctional-table.drawio");
	assert_int_equal(r.map->participants.n, 1);
	assert_string_equal(el(&r, "p1_2")->name, "Invoice approval");
	assert_string_equal(el(&r, "p1_3")->name, "Accounts payable");
	assert_ptr_equal(el(&r, "p1_pay")->lane, el(&r, "p1_3"));
	assert_ptr_equal(el(&r, "p1_rej")->lane, el(&r, "p1_6"));
	assert_ptr_equal(el(&r, "p1_ok")->participant, el(&r, "p1_2"));
	/* table 40,40 + row 0,40 + phase cell 340,0 + shape 60,80 */
	assert_true(bounds_are(el(&r, "p1_pay"), 440, 160, 120, 60));
	assert_true(bounds_are(el(&r, "p1_6"), 40, 280, 640, 200));
	assert_int_equal(notes_with(&r, "drawio.unmapped_shape", "phase \"Receive\""), 1);
	assert_int_equal(notes_with(&r, "drawio.unmapped_shape", "phase \"Pay\""), 1);
	assert_int_equal(r.rep.n, 2);
	assert_int_equal(el(&r, "p1_e4")->kind, KA_K_SEQUENCE_FLOW);
	done(&r);
}

static void test_compressed_and_pages(void **state)
{
	struct result r, c;

	(void)state;
	import_file(&r, "multipage.drawio");
	assert_int_equal(r.map->processes.n, 3);
	assert_int_equal(r.map->diagrams.n, 2);
	assert_int_equal(el(&r, "p2_m1")->kind, KA_K_MESSAGE_FLOW);
	assert_ptr_equal(el(&r, "p2_m2")->target, el(&r, "p2_citizen"));
	assert_ptr_equal(el(&r, "p2_handle")->lane, el(&r, "p2_o-lane"));
	assert_int_equal(notes_with(&r, "drawio.empty_page", "Empty"), 1);
	import_file(&c, "compressed.drawio");
	assert_string_equal(el(&c, "p1_t2")->name, "Escalate \xc3\xa5 \xc3\xb6");
	assert_string_equal(el(&c, "p1_t2")->name, el(&r, "p1_t2")->name);
	assert_int_equal(el(&c, "p1_s")->kind, KA_K_START_EVENT);
	assert_int_equal(el(&c, "p1_e")->kind, KA_K_END_EVENT);
	done(&r);
	done(&c);
}

static void test_loose_and_unmapped(void **state)
{
	struct result r;

	(void)state;
	import_file(&r, "loose-edge.drawio");
	assert_int_equal(notes_with(&r, "drawio.loose_edge", "cell e2"), 1);
	assert_int_equal(notes_with(&r, "drawio.unmapped_shape", "triangle"), 1);
	assert_int_equal(notes_with(&r, "drawio.unmapped_shape", "image"), 1);
	assert_int_equal(notes_with(&r, "drawio.unmapped_shape", "decoration"), 1);
	assert_int_equal(notes_with(&r, "drawio.unmapped_edge", "cell e3"), 1);
	assert_null(ka_map_find(r.map, "p1_e2"));
	assert_null(ka_map_find(r.map, "p1_warn"));
	assert_int_equal(el(&r, "p1_e1")->kind, KA_K_SEQUENCE_FLOW);
	done(&r);
}

#define MODEL(cells)                                                                               \
	"<mxGraphModel><root><mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>" cells              \
	"</root></mxGraphModel>"
#define V(id, parent, style, value, x, y, w, h)                                                    \
	"<mxCell id=\"" id "\" parent=\"" parent "\" vertex=\"1\" style=\"" style                  \
	"\" value=\"" value "\"><mxGeometry x=\"" x "\" y=\"" y "\" width=\"" w "\" height=\"" h   \
	"\" as=\"geometry\"/></mxCell>"
#define E(id, parent, s, t)                                                                        \
	"<mxCell id=\"" id "\" parent=\"" parent "\" edge=\"1\" source=\"" s "\" target=\"" t      \
	"\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell>"

static void import_str(struct result *r, const char *s)
{
	import_mem(r, s, strlen(s), "inline.drawio");
}

/* Labels: HTML stripped, entities decoded (also numeric ones), spaces collapsed. */
static void test_labels(void **state)
{
	struct result r;

	(void)state;
	import_str(
	    &r,
	    MODEL(V("a", "1", "rounded=1;html=1;",
	            "&lt;b&gt;Send&lt;/b&gt;&amp;nbsp;&amp;nbsp;the&lt;br&gt;letter &amp;#x1F600;",
	            "0", "0", "100", "60") V("b", "1", "whiteSpace=wrap;", "1 &lt; 2 &amp;amp; x",
	                                     "200", "0", "100", "60") E("f", "1", "a", "b")));
	assert_int_equal(r.err, 0);
	assert_string_equal(el(&r, "p1_a")->name, "Send the letter \xf0\x9f\x98\x80");
	/* not HTML: taken as written */
	assert_string_equal(el(&r, "p1_b")->name, "1 < 2 &amp; x");
	done(&r);
}

/* A sub-process drawn with its content; a flow across its border is left out. */
static void test_expanded_subprocess(void **state)
{
	struct result r;

	(void)state;
	import_str(
	    &r,
	    MODEL(V("sp", "1", "shape=mxgraph.bpmn.task;bpmnShapeType=subprocess;", "Review", "100",
	            "100", "400", "200") V("in", "sp", "shape=mxgraph.bpmn.event;outline=standard;",
	                                   "", "20", "80", "40", "40")
	              V("work", "sp", "shape=mxgraph.bpmn.task;", "Read", "100", "70", "100", "60")
	                  V("out", "1", "rounded=1;", "After", "600", "160", "100", "60")
	                      E("f1", "sp", "in", "work") E("f2", "1", "work", "out") E("f3", "1",
	                                                                                "sp", "out")
	                          V("sp2", "1", "shape=mxgraph.bpmn.task;isLoopSub=1;", "Fix",
	                            "600", "300", "100", "60")
	                              V("err", "sp2",
	                                "shape=mxgraph.bpmn.event;outline=boundInt;symbol=error;",
	                                "", "80", "40", "30", "30")));
	assert_int_equal(r.err, 0);
	/* a boundary event on a collapsed sub-process does not expand it */
	assert_ptr_equal(el(&r, "p1_err")->attached_to, el(&r, "p1_sp2"));
	assert_ptr_equal(el(&r, "p1_err")->container, el(&r, "p1_sp2")->container);
	assert_true(el(&r, "p1_err")->cancel_activity);
	assert_false(el(&r, "p1_sp2")->di->is_expanded);
	assert_ptr_equal(el(&r, "p1_work")->container, el(&r, "p1_sp"));
	assert_true(bounds_are(el(&r, "p1_work"), 200, 170, 100, 60));
	assert_true(el(&r, "p1_sp")->di->is_expanded);
	assert_ptr_equal(el(&r, "p1_f1")->container, el(&r, "p1_sp"));
	assert_null(ka_map_find(r.map, "p1_f2"));
	assert_int_equal(notes_with(&r, "drawio.unmapped_edge", "sub-process"), 1);
	assert_int_equal(el(&r, "p1_f3")->kind, KA_K_SEQUENCE_FLOW);
	done(&r);
}

/* Circles by their flows; a bare <mxGraphModel> file; odd ids get safe BPMN ids. */
static void test_circles_and_ids(void **state)
{
	struct result r;

	(void)state;
	import_str(&r, MODEL(V("c 1", "1", "ellipse;", "Begin", "0", "0", "40", "40")
	                         V("c2", "1", "ellipse;", "Middle", "100", "0", "40", "40")
	                             V("c3", "1", "ellipse;", "Stop", "200", "0", "40", "40")
	                                 E("x", "1", "c 1", "c2") E("y", "1", "c2", "c3")));
	assert_int_equal(r.err, 0);
	assert_int_equal(el(&r, "p1x2_c-1")->kind, KA_K_START_EVENT);
	assert_int_equal(el(&r, "p1_c2")->kind, KA_K_THROW_EVENT);
	assert_int_equal(el(&r, "p1_c3")->kind, KA_K_END_EVENT);
	assert_int_equal(notes_with(&r, "drawio.guessed", "c2"), 1);
	done(&r);
}

/* The older BPMN palette (mxgraph.bpmn.shape, shape=ext) and hand-written styles. */
static void test_older_styles(void **state)
{
	struct result r;

	(void)state;
	import_str(
	    &r,
	    MODEL(V("s", "1", "shape=mxgraph.bpmn.shape;perimeter=ellipsePerimeter;symbol=general;",
	            "", "0", "0", "40", "40") V("t", "1", "shape=ext;rounded=1;html=1;", "Work",
	                                        "100", "0", "100", "60")
	              V("g", "1",
	                "shape=mxgraph.bpmn.shape;perimeter=rhombusPerimeter;background=gateway;"
	                "outline=none;symbol=parallelGw;",
	                "", "250", "0", "50", "50")
	                  V("x", "1",
	                    "shape=mxgraph.bpmn.shape;perimeter=mxPerimeter.ellipsePerimeter;"
	                    "symbol=terminate;",
	                    "", "350", "0", "40", "40") E("f1", "1", "s", "t")
	                      E("f2", "1", "t", "g") E("f3", "1", "g", "x")));
	assert_int_equal(r.err, 0);
	assert_int_equal(el(&r, "p1_s")->kind, KA_K_START_EVENT);
	assert_int_equal(el(&r, "p1_s")->evdefs, 0);
	assert_int_equal(el(&r, "p1_t")->kind, KA_K_TASK);
	assert_string_equal(el(&r, "p1_g")->type->local, "parallelGateway");
	assert_int_equal(el(&r, "p1_x")->kind, KA_K_END_EVENT);
	assert_int_equal(el(&r, "p1_x")->evdefs, KA_EV_TERMINATE);
	done(&r);
}

#define ES(id, s, t, style)                                                                        \
	"<mxCell id=\"" id "\" parent=\"1\" edge=\"1\" source=\"" s "\" target=\"" t               \
	"\" style=\"" style "\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell>"

/* Default and conditional flows by their start markers; edge routes in the DI. */
static void test_flow_markers_and_routes(void **state)
{
	struct result r;
	const struct ka_el *e;

	(void)state;
	import_str(
	    &r, MODEL(V("g", "1", "rhombus;", "Which?", "0", "0", "40",
	                "40") V("a", "1", "rounded=1;", "A", "100", "100", "100",
	                        "60") V("b", "1", "rounded=1;", "B", "100", "-100", "100", "60")
	                  ES("d", "g", "a", "edgeStyle=orthogonalEdgeStyle;startArrow=dash;")
	                      ES("c", "a", "b", "startArrow=diamondThin;exitX=0.5;exitY=0;")
	                          ES("x", "g", "b", "edgeStyle=elbowEdgeStyle;elbow=vertical;")));
	assert_int_equal(r.err, 0);
	assert_ptr_equal(el(&r, "p1_g")->default_flow, el(&r, "p1_d"));
	assert_false(el(&r, "p1_d")->has_condition);
	assert_false(el(&r, "p1_c")->has_condition); /* a conditional marker but no label */
	/* orthogonal, wider than tall: leaves the gateway to the right, two elbows */
	e = el(&r, "p1_d")->di;
	assert_int_equal(e->nwaypoints, 4);
	assert_true(e->waypoints[0].x == 40 && e->waypoints[0].y == 20);
	assert_true(e->waypoints[1].x == 70 && e->waypoints[1].y == 20);
	assert_true(e->waypoints[2].x == 70 && e->waypoints[2].y == 130);
	assert_true(e->waypoints[3].x == 100 && e->waypoints[3].y == 130);
	/* a fixed exit point: the middle of A's top */
	e = el(&r, "p1_c")->di;
	assert_true(e->waypoints[0].x == 150 && e->waypoints[0].y == 100);
	/* elbow=vertical: leaves the gateway at its top */
	e = el(&r, "p1_x")->di;
	assert_int_equal(e->nwaypoints, 4);
	assert_true(e->waypoints[0].x == 20 && e->waypoints[0].y == 0);
	done(&r);
}

/* Conversations and their links on a page with pools; lanes inside lanes. */
static void test_conversations_and_sublanes(void **state)
{
	struct result r;

	(void)state;
	import_str(&r,
	           MODEL(V("p", "1", "swimlane;horizontal=0;", "Buyer", "0", "0", "400", "200") V(
	               "l", "p", "swimlane;horizontal=0;", "Office", "20", "0", "380", "200")
	                     V("l1", "l", "swimlane;horizontal=0;", "Desk", "20", "0", "360",
	                       "100") V("t", "l1", "rounded=1;", "Order", "40", "20", "80", "40")
	                         V("q", "1", "swimlane;horizontal=0;", "Seller", "0", "400", "400",
	                           "100") V("ql", "q", "swimlane;horizontal=0;", "Sales", "20", "0",
	                                    "380", "100") V("c", "1",
	                                                    "shape=mxgraph.bpmn.conversation;"
	                                                    "bpmnConversationType=call;",
	                                                    "Ordering", "500", "250", "60", "50")
	                             ES("k1", "c", "p", "shape=link;")
	                                 ES("k2", "q", "c", "shape=link;")));
	assert_int_equal(r.err, 0);
	assert_int_equal(r.map->participants.n, 2);
	assert_string_equal(el(&r, "p1_c")->type->local, "callConversation");
	assert_string_equal(el(&r, "p1_k1")->type->local, "conversationLink");
	assert_ptr_equal(el(&r, "p1_t")->lane, el(&r, "p1_l1"));
	assert_ptr_equal(el(&r, "p1_t")->participant, el(&r, "p1_p"));
	assert_ptr_equal(el(&r, "p1_l1")->parent->parent, el(&r, "p1_l")); /* a childLaneSet */
	assert_true(bounds_are(el(&r, "p1_t"), 80, 20, 80, 40));
	done(&r);
}

/* Duplicate ids and a cell inside itself are noted, never loop or crash. */
static void test_hostile_cells(void **state)
{
	struct result r;

	(void)state;
	import_str(&r, MODEL(V("a", "b", "rounded=1;", "A", "0", "0", "10", "10")
	                         V("b", "a", "rounded=1;", "B", "0", "0", "10", "10")
	                             V("a", "1", "rounded=1;", "A again", "50", "0", "10", "10")
	                                 V("n", "nowhere", "rounded=1;", "N", "90", "0", "10", "10")
	                                     E("e", "1", "a", "zzz")));
	assert_int_equal(r.err, 0);
	assert_int_equal(notes_with(&r, "drawio.duplicate_id", "cell a"), 1);
	assert_int_equal(notes_with(&r, "drawio.dangling_ref", "is inside it"), 1);
	assert_int_equal(notes_with(&r, "drawio.dangling_ref", "nowhere"), 1);
	assert_int_equal(notes_with(&r, "drawio.loose_edge", "cell e"), 1);
	assert_string_equal(el(&r, "p1x4_a")->name, "A again");
	done(&r);
}

static void test_bad_input(void **state)
{
	struct result r;
	static const char b64[] = "<mxfile><diagram name=\"Main\">AAAA$$</diagram></mxfile>";
	static const char html[] = "<mxfile><diagram><html/></diagram></mxfile>";

	(void)state;
	import_str(&r, b64);
	assert_int_equal(r.err, KA_ERR_XML);
	assert_non_null(strstr(r.diag.message, "page 1 \"Main\": bad base64"));
	assert_null(r.map);
	done(&r);
	import_str(&r, html); /* no model, no compressed text: an empty page */
	assert_int_equal(r.err, 0);
	assert_int_equal(notes_with(&r, "drawio.empty_page", NULL), 1);
	done(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bpmn_shapes),
	    cmocka_unit_test(test_crossfunctional),
	    cmocka_unit_test(test_crossfunctional_table),
	    cmocka_unit_test(test_compressed_and_pages),
	    cmocka_unit_test(test_loose_and_unmapped),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_expanded_subprocess),
	    cmocka_unit_test(test_circles_and_ids),
	    cmocka_unit_test(test_older_styles),
	    cmocka_unit_test(test_flow_markers_and_routes),
	    cmocka_unit_test(test_conversations_and_sublanes),
	    cmocka_unit_test(test_hostile_cells),
	    cmocka_unit_test(test_bad_input),
	};

	root = argc > 1 ? argv[1] : ".";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
