/* Unit tests for lib/bpmn_read.c and lib/bpmn_ext.c: the model built from a small inline map. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/bpmn.h"
#include "kartla/hash.h"

/* clang-format off */
static const char MAP[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
"    xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\"\n"
"    xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\"\n"
"    xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\"\n"
"    xmlns:kartla=\"urn:kartla:bpmn:1.0\"\n"
"    xmlns:i18n=\"http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0\"\n"
"    xmlns:tns=\"urn:example:orders\" xmlns:x=\"urn:x\"\n"
"    id=\"defs\" targetNamespace=\"urn:example:orders\">\n"
"  <bpmn:collaboration id=\"collab\">\n"
"    <bpmn:participant id=\"pool\" name=\"Orders\" processRef=\"proc\"/>\n"
"    <bpmn:participant id=\"customer\" name=\"Customer\"/>\n"
"    <bpmn:messageFlow id=\"mf\" sourceRef=\"customer\" targetRef=\"start\"/>\n"
"  </bpmn:collaboration>\n"
"  <bpmn:process id=\"proc\" name=\"Handle order\">\n"
"    <bpmn:extensionElements><kartla:mapLevel value=\"detailed\"/></bpmn:extensionElements>\n"
"    <bpmn:laneSet id=\"ls\">\n"
"      <bpmn:lane id=\"office\" name=\"Office\">\n"
"        <bpmn:flowNodeRef>task</bpmn:flowNodeRef>\n"
"        <bpmn:childLaneSet id=\"cls\">\n"
"          <bpmn:lane id=\"clerk\" name=\"Clerk\">\n"
"            <bpmn:flowNodeRef>start</bpmn:flowNodeRef>\n"
"            <bpmn:flowNodeRef>task</bpmn:flowNodeRef>\n"
"            <bpmn:flowNodeRef>gw</bpmn:flowNodeRef>\n"
"          </bpmn:lane>\n"
"          <bpmn:lane id=\"boss\" name=\"Boss\">\n"
"            <bpmn:flowNodeRef>end</bpmn:flowNodeRef>\n"
"          </bpmn:lane>\n"
"        </bpmn:childLaneSet>\n"
"      </bpmn:lane>\n"
"    </bpmn:laneSet>\n"
"    <bpmn:startEvent id=\"start\" name=\"Order in\">\n"
"      <bpmn:outgoing>f1</bpmn:outgoing>\n"
"      <bpmn:messageEventDefinition id=\"med\"/>\n"
"      <bpmn:timerEventDefinition id=\"ted\"/>\n"
"    </bpmn:startEvent>\n"
"    <bpmn:task id=\"task\" name=\"Check order\">\n"
"      <bpmn:extensionElements>\n"
"        <i18n:translation xml:lang=\"nb\">Sjekk ordre</i18n:translation>\n"
"        <i18n:translation xml:lang=\"sv\">Kontrollera order</i18n:translation>\n"
"        <x:foreign keep=\"me\"/>\n"
"        <kartla:processTime min=\"PT5M\" mostLikely=\"PT10M\" max=\"PT1H\"/>\n"
"        <kartla:waitTime value=\"P1DT2H\"/>\n"
"        <kartla:completeAccurate percent=\"80\"/>\n"
"        <kartla:valueAdding value=\"true\"/>\n"
"        <kartla:raci>\n"
"          <kartla:responsibility role=\"Clerk\" lane=\"clerk\" value=\"R\"/>\n"
"          <kartla:responsibility role=\"Boss\" value=\"A\"/>\n"
"        </kartla:raci>\n"
"      </bpmn:extensionElements>\n"
"      <bpmn:incoming>f1</bpmn:incoming>\n"
"      <bpmn:outgoing>f2</bpmn:outgoing>\n"
"    </bpmn:task>\n"
"    <bpmn:boundaryEvent id=\"late\" attachedToRef=\"task\" cancelActivity=\"false\">\n"
"      <bpmn:timerEventDefinition/>\n"
"    </bpmn:boundaryEvent>\n"
"    <bpmn:exclusiveGateway id=\"gw\" name=\"OK?\" default=\"f3\">\n"
"      <bpmn:incoming>f2</bpmn:incoming>\n"
"      <bpmn:outgoing>f3</bpmn:outgoing>\n"
"      <bpmn:outgoing>f4</bpmn:outgoing>\n"
"    </bpmn:exclusiveGateway>\n"
"    <bpmn:endEvent id=\"end\"><bpmn:incoming>f3</bpmn:incoming><bpmn:terminateEventDefinition/></bpmn:endEvent>\n"
"    <bpmn:subProcess id=\"evsub\" triggeredByEvent=\"true\">\n"
"      <bpmn:startEvent id=\"esub_start\" isInterrupting=\"false\"><bpmn:escalationEventDefinition/></bpmn:startEvent>\n"
"      <bpmn:task id=\"esub_task\"/>\n"
"    </bpmn:subProcess>\n"
"    <bpmn:sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"task\"/>\n"
"    <bpmn:sequenceFlow id=\"f2\" sourceRef=\"task\" targetRef=\"gw\"/>\n"
"    <bpmn:sequenceFlow id=\"f3\" sourceRef=\"gw\" targetRef=\"end\">\n"
"      <bpmn:extensionElements><kartla:probability value=\"0.75\"/></bpmn:extensionElements>\n"
"    </bpmn:sequenceFlow>\n"
"    <bpmn:sequenceFlow id=\"f4\" sourceRef=\"tns:gw\" targetRef=\"tns:task\">\n"
"      <bpmn:conditionExpression>rework</bpmn:conditionExpression>\n"
"    </bpmn:sequenceFlow>\n"
"    <bpmn:dataObject id=\"dobj\"/>\n"
"    <bpmn:dataObjectReference id=\"dref\" dataObjectRef=\"dobj\"/>\n"
"    <bpmn:textAnnotation id=\"note\"><bpmn:text>Remember this</bpmn:text></bpmn:textAnnotation>\n"
"    <bpmn:association id=\"assoc\" sourceRef=\"note\" targetRef=\"task\"/>\n"
"  </bpmn:process>\n"
"  <bpmndi:BPMNDiagram id=\"dia\">\n"
"    <bpmndi:BPMNPlane id=\"plane\" bpmnElement=\"collab\">\n"
"      <bpmndi:BPMNShape id=\"pool_di\" bpmnElement=\"pool\" isHorizontal=\"true\">\n"
"        <dc:Bounds x=\"0\" y=\"0\" width=\"800\" height=\"300\"/>\n"
"      </bpmndi:BPMNShape>\n"
"      <bpmndi:BPMNShape id=\"task_di\" bpmnElement=\"task\">\n"
"        <dc:Bounds x=\"100.5\" y=\"40\" width=\"100\" height=\"80\"/>\n"
"        <bpmndi:BPMNLabel><dc:Bounds x=\"110\" y=\"130\" width=\"60\" height=\"14.25\"/></bpmndi:BPMNLabel>\n"
"      </bpmndi:BPMNShape>\n"
"      <bpmndi:BPMNShape id=\"evsub_di\" bpmnElement=\"evsub\" isExpanded=\"false\">\n"
"        <dc:Bounds x=\"300\" y=\"200\" width=\"100\" height=\"80\"/>\n"
"      </bpmndi:BPMNShape>\n"
"      <bpmndi:BPMNEdge id=\"f1_di\" bpmnElement=\"f1\">\n"
"        <di:waypoint x=\"36\" y=\"80\"/>\n"
"        <di:waypoint x=\"68\" y=\"80\"/>\n"
"        <di:waypoint x=\"100.5\" y=\"-12.5\"/>\n"
"      </bpmndi:BPMNEdge>\n"
"    </bpmndi:BPMNPlane>\n"
"  </bpmndi:BPMNDiagram>\n"
"</bpmn:definitions>\n";
/* clang-format on */

static struct ka_map *read_map(const char *text, bool repair, struct ka_diag *d)
{
	struct ka_read_opts o;
	struct ka_map *m = (struct ka_map *)1;

	ka_read_opts_init(&o);
	o.repair = repair;
	ka_diag_init(d, "map.bpmn");
	if (ka_bpmn_read(&m, text, strlen(text), "map.bpmn", &o, d)) {
		assert_null(m);
		return NULL;
	}
	return m;
}

static int setup_map(void **state)
{
	struct ka_diag d;
	struct ka_map *m = read_map(MAP, false, &d);

	if (!m) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof(msg));
		print_error("fixture does not read: %s\n", msg);
		return -1;
	}
	*state = m;
	return 0;
}

static int teardown_map(void **state)
{
	ka_map_free(*state);
	return 0;
}

static struct ka_el *el(struct ka_map *m, const char *id)
{
	struct ka_el *e = ka_map_find(m, id);

	if (!e) {
		print_error("no element '%s'\n", id);
		fail();
	}
	assert_string_equal(e->id, id);
	return e;
}

static void assert_ids(const struct ka_elvec *v, const char *const *ids, size_t n)
{
	size_t i;

	assert_int_equal(v->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(v->v[i]->id, ids[i]);
}

static void test_top_level(void **state)
{
	struct ka_map *m = *state;
	const char *procs[] = {"proc"}, *pools[] = {"pool", "customer"}, *dias[] = {"dia"};
	size_t i;

	assert_string_equal(m->file, "map.bpmn");
	assert_non_null(m->definitions);
	assert_int_equal(m->definitions->kind, KA_K_DEFINITIONS);
	assert_string_equal(m->definitions->id, "defs");
	assert_ids(&m->processes, procs, 1);
	assert_ids(&m->participants, pools, 2);
	assert_ids(&m->diagrams, dias, 1);
	assert_int_equal(m->nwarnings, 0);
	/* els is in document order and index is the position. */
	for (i = 0; i < m->els.n; i++)
		assert_int_equal(m->els.v[i]->index, i);
	assert_ptr_equal(m->els.v[0], m->definitions);
	assert_null(ka_map_find(m, "nope"));
	assert_null(ka_map_find(m, ""));
}

static void test_kinds_and_containment(void **state)
{
	struct ka_map *m = *state;
	struct ka_el *proc = el(m, "proc"), *task = el(m, "task"), *evsub = el(m, "evsub");
	struct ka_el *pool = el(m, "pool");

	assert_int_equal(proc->kind, KA_K_PROCESS);
	assert_int_equal(el(m, "collab")->kind, KA_K_COLLABORATION);
	assert_int_equal(pool->kind, KA_K_PARTICIPANT);
	assert_int_equal(el(m, "office")->kind, KA_K_LANE);
	assert_int_equal(el(m, "ls")->kind, KA_K_LANE_SET);
	assert_int_equal(el(m, "start")->kind, KA_K_START_EVENT);
	assert_int_equal(task->kind, KA_K_TASK);
	assert_int_equal(el(m, "late")->kind, KA_K_BOUNDARY_EVENT);
	assert_int_equal(el(m, "gw")->kind, KA_K_GATEWAY);
	assert_int_equal(el(m, "end")->kind, KA_K_END_EVENT);
	assert_int_equal(evsub->kind, KA_K_SUB_PROCESS);
	assert_int_equal(el(m, "f1")->kind, KA_K_SEQUENCE_FLOW);
	assert_int_equal(el(m, "mf")->kind, KA_K_MESSAGE_FLOW);
	assert_int_equal(el(m, "dobj")->kind, KA_K_DATA_OBJECT);
	assert_int_equal(el(m, "dref")->kind, KA_K_DATA_OBJECT_REF);
	assert_int_equal(el(m, "note")->kind, KA_K_TEXT_ANNOTATION);
	assert_int_equal(el(m, "assoc")->kind, KA_K_ASSOCIATION);
	assert_int_equal(el(m, "dia")->kind, KA_K_DI_DIAGRAM);
	assert_int_equal(el(m, "plane")->kind, KA_K_DI_PLANE);
	assert_int_equal(el(m, "task_di")->kind, KA_K_DI_SHAPE);
	assert_int_equal(el(m, "f1_di")->kind, KA_K_DI_EDGE);
	assert_int_equal(el(m, "med")->kind, KA_K_EVENT_DEFINITION);
	assert_true(task->type->flags & KA_TF_ACTIVITY);
	assert_true(task->type->flags & KA_TF_FLOW_NODE);
	assert_string_equal(task->type->local, "task");
	assert_string_equal(task->name, "Check order");
	assert_null(el(m, "end")->name);

	/* Containment: parent, container, process, participant. */
	assert_ptr_equal(task->parent, proc);
	assert_ptr_equal(task->container, proc);
	assert_ptr_equal(task->process, proc);
	assert_ptr_equal(task->participant, pool);
	assert_ptr_equal(proc->participant, pool);
	assert_ptr_equal(pool->ref, proc);
	assert_null(el(m, "customer")->ref);
	assert_ptr_equal(el(m, "esub_task")->parent, evsub);
	assert_ptr_equal(el(m, "esub_task")->container, evsub);
	assert_ptr_equal(el(m, "esub_task")->process, proc);
	assert_ptr_equal(el(m, "esub_task")->participant, pool);
	assert_ptr_equal(el(m, "clerk")->parent->parent, el(m, "office")); /* via childLaneSet */
	assert_null(m->definitions->parent);
}

static void test_flows_and_links(void **state)
{
	struct ka_map *m = *state;
	struct ka_el *task = el(m, "task"), *gw = el(m, "gw"), *f4 = el(m, "f4");
	const char *in_task[] = {"f1", "f4"}, *out_task[] = {"f2"}, *out_gw[] = {"f3", "f4"};
	const char *in_gw[] = {"f2"}, *out_start[] = {"f1"}, *in_end[] = {"f3"};

	assert_ptr_equal(el(m, "f1")->source, el(m, "start"));
	assert_ptr_equal(el(m, "f1")->target, task);
	/* QName references through the prefix bound to the targetNamespace resolve too. */
	assert_ptr_equal(f4->source, gw);
	assert_ptr_equal(f4->target, task);
	assert_ids(&task->incoming, in_task, 2);
	assert_ids(&task->outgoing, out_task, 1);
	assert_ids(&gw->incoming, in_gw, 1);
	assert_ids(&gw->outgoing, out_gw, 2);
	assert_ids(&el(m, "start")->outgoing, out_start, 1);
	assert_int_equal(el(m, "start")->incoming.n, 0);
	assert_ids(&el(m, "end")->incoming, in_end, 1);
	assert_int_equal(el(m, "end")->outgoing.n, 0);

	assert_int_equal(gw->gateway, KA_GW_EXCLUSIVE);
	assert_int_equal(task->gateway, KA_GW_NONE);
	assert_ptr_equal(gw->default_flow, el(m, "f3"));
	assert_true(f4->has_condition);
	assert_false(el(m, "f3")->has_condition);

	assert_ptr_equal(el(m, "late")->attached_to, task);
	assert_false(el(m, "late")->cancel_activity);
	assert_ptr_equal(el(m, "mf")->source, el(m, "customer"));
	assert_ptr_equal(el(m, "mf")->target, el(m, "start"));
	assert_ptr_equal(el(m, "dref")->ref, el(m, "dobj"));
	assert_ptr_equal(el(m, "assoc")->source, el(m, "note"));
	assert_ptr_equal(el(m, "assoc")->target, task);
	assert_string_equal(el(m, "note")->name, "Remember this");
}

static void test_lanes(void **state)
{
	struct ka_map *m = *state;

	/* The innermost lane counts: "office" has a child lane set, so its list is ignored. */
	assert_ptr_equal(el(m, "task")->lane, el(m, "clerk"));
	assert_int_equal(el(m, "task")->nlanes, 1);
	assert_ptr_equal(el(m, "start")->lane, el(m, "clerk"));
	assert_ptr_equal(el(m, "gw")->lane, el(m, "clerk"));
	assert_ptr_equal(el(m, "end")->lane, el(m, "boss"));
	assert_null(el(m, "late")->lane);
	assert_int_equal(el(m, "late")->nlanes, 0);
}

static void test_events(void **state)
{
	struct ka_map *m = *state;
	struct ka_el *start = el(m, "start");

	assert_int_equal(start->evdefs, KA_EV_MESSAGE | KA_EV_TIMER);
	assert_int_equal(start->nevdefs, 2);
	assert_true(start->is_interrupting);
	assert_int_equal(el(m, "end")->evdefs, KA_EV_TERMINATE);
	assert_int_equal(el(m, "end")->nevdefs, 1);
	assert_int_equal(el(m, "late")->evdefs, KA_EV_TIMER);
	assert_true(el(m, "evsub")->triggered_by_event);
	assert_false(el(m, "esub_start")->is_interrupting);
	assert_int_equal(el(m, "esub_start")->evdefs, KA_EV_ESCALATION);
}

static void test_di(void **state)
{
	struct ka_map *m = *state;
	struct ka_el *task = el(m, "task"), *shape = el(m, "task_di"), *edge = el(m, "f1_di");
	struct ka_el *pool_di = el(m, "pool_di");

	assert_ptr_equal(task->di, shape);
	assert_ptr_equal(shape->ref, task);
	assert_true(shape->has_bounds);
	assert_true(shape->bounds.x == 100.5 && shape->bounds.y == 40);
	assert_true(shape->bounds.w == 100 && shape->bounds.h == 80);
	assert_true(shape->has_label_bounds);
	assert_true(shape->label_bounds.x == 110 && shape->label_bounds.h == 14.25);
	assert_false(shape->has_is_horizontal);
	assert_false(shape->has_is_expanded);

	assert_true(pool_di->has_is_horizontal);
	assert_true(pool_di->is_horizontal);
	assert_ptr_equal(el(m, "pool")->di, pool_di);
	assert_true(el(m, "evsub_di")->has_is_expanded);
	assert_false(el(m, "evsub_di")->is_expanded);

	assert_ptr_equal(el(m, "f1")->di, edge);
	assert_ptr_equal(edge->ref, el(m, "f1"));
	assert_int_equal(edge->nwaypoints, 3);
	assert_true(edge->waypoints[0].x == 36 && edge->waypoints[0].y == 80);
	assert_true(edge->waypoints[2].x == 100.5 && edge->waypoints[2].y == -12.5);
	assert_false(edge->has_bounds);
	/* The plane points at the collaboration but is not its "di". */
	assert_ptr_equal(el(m, "plane")->ref, el(m, "collab"));
	assert_null(el(m, "gw")->di);
}

static void test_labels(void **state)
{
	struct ka_map *m = *state;
	struct ka_el *task = el(m, "task");

	assert_string_equal(ka_el_label(task, "nb"), "Sjekk ordre");
	assert_string_equal(ka_el_label(task, "sv"), "Kontrollera order");
	assert_string_equal(ka_el_label(task, "en"), "Check order");
	assert_string_equal(ka_el_label(task, NULL), "Check order");
	assert_string_equal(ka_el_label(el(m, "end"), "nb"), "");
}

static void test_kartla_extension(void **state)
{
	struct ka_map *m = *state;
	const struct ka_ext *x = el(m, "task")->ext;

	assert_non_null(x);
	assert_true(x->process_time.set);
	assert_true(x->process_time.three_point);
	assert_true(x->process_time.min == 300);
	assert_true(x->process_time.value == 600);
	assert_true(x->process_time.max == 3600);
	assert_string_equal(x->process_time.text, "PT10M");
	assert_true(x->wait_time.set);
	assert_false(x->wait_time.three_point);
	assert_true(x->wait_time.value == 86400 + 7200);
	assert_string_equal(x->wait_time.text, "P1DT2H");
	assert_true(x->has_cna);
	assert_true(x->cna_percent == 80);
	assert_true(x->has_value_adding);
	assert_true(x->value_adding);
	assert_false(x->has_probability);
	assert_int_equal(x->nraci, 2);
	assert_string_equal(x->raci[0].role, "Clerk");
	assert_string_equal(x->raci[0].lane, "clerk");
	assert_int_equal(x->raci[0].value, 'R');
	assert_string_equal(x->raci[1].role, "Boss");
	assert_null(x->raci[1].lane);
	assert_int_equal(x->raci[1].value, 'A');
	assert_null(x->map_level);

	x = el(m, "f3")->ext;
	assert_non_null(x);
	assert_true(x->has_probability);
	assert_true(x->probability == 0.75);
	assert_false(x->process_time.set);
	assert_string_equal(el(m, "proc")->ext->map_level, "detailed");
	assert_null(el(m, "f4")->ext);
	assert_null(el(m, "gw")->ext);
}

static void test_write_round_trip(void **state)
{
	struct ka_map *m = *state, *again;
	struct ka_buf a, b;
	struct ka_diag d;
	char why[256];

	ka_buf_init(&a, KA_BUF_UNLIMITED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_bpmn_write(m, &a), 0);
	assert_non_null(strstr(a.data, "<x:foreign keep=\"me\"/>")); /* foreign content kept */
	assert_non_null(strstr(a.data, "sourceRef=\"tns:gw\""));     /* references as written */
	again = read_map(a.data, false, &d);
	assert_non_null(again);
	assert_true(ka_xml_equal(m->doc.root, again->doc.root, why, sizeof(why)));
	assert_int_equal(again->els.n, m->els.n);
	assert_int_equal(ka_bpmn_write(again, &b), 0);
	assert_string_equal(a.data, b.data);
	ka_map_free(again);
	ka_buf_release(&a);
	ka_buf_release(&b);
}

static void test_read_file_matches_memory(void **state)
{
	struct ka_map *m = *state, *f = NULL;
	char path[] = "/tmp/kartla-bpmn-XXXXXX";
	int fd = mkstemp(path);
	struct ka_diag d;
	struct ka_buf a, b;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, MAP, strlen(MAP)), (ssize_t)strlen(MAP));
	close(fd);
	ka_diag_init(&d, path);
	assert_int_equal(ka_bpmn_read_file(&f, path, NULL, &d), 0);
	assert_string_equal(f->file, path);
	ka_buf_init(&a, KA_BUF_UNLIMITED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_bpmn_write(m, &a);
	ka_bpmn_write(f, &b);
	assert_string_equal(a.data, b.data);
	ka_buf_release(&a);
	ka_buf_release(&b);
	ka_map_free(f);
	unlink(path);
}

/* Replaces the first occurrence of `from` in MAP with `to` (caller frees). */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(MAP, from);
	size_t n = strlen(MAP) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(at);
	snprintf(s, n, "%.*s%s%s", (int)(at - MAP), MAP, to, at + strlen(from));
	return s;
}

struct refusal {
	const char *from, *to;
	int err;
	unsigned long line, column;
	const char *element_id;
	const char *message;
};

static const struct refusal refusals[] = {
    {"targetRef=\"task\"/>", "targetRef=\"ghost\"/>", KA_ERR_REF, 67, 5, "f1",
     "targetRef 'ghost' of <sequenceFlow> refers to no element in this file"},
    {"<bpmn:incoming>f2</bpmn:incoming>", "<bpmn:incoming>f9</bpmn:incoming>", KA_ERR_REF, 58, 7,
     "gw", "incoming 'f9' of <incoming> refers to no element in this file"},
    {"id=\"esub_task\"", "id=\"task\"", KA_ERR_REF, 65, 7, "task",
     "duplicate id 'task' (first used by <task> at line 37)"},
    {"<bpmn:dataObject id=\"dobj\"/>", "<bpmn:dataObjekt id=\"dobj\"/>", KA_ERR_BPMN, 75, 5, "dobj",
     "unknown element <bpmn:dataObjekt> in the BPMN 2.0 model namespace"},
    {"width=\"100\" height=\"80\"/>", "width=\"1e999\" height=\"80\"/>", KA_ERR_BPMN, 86, 9,
     "task_di", "attribute 'width' of <Bounds> is '1e999', not a finite coordinate"},
    {"isHorizontal=\"true\"", "isHorizontal=\"maybe\"", KA_ERR_BPMN, 82, 7, "pool_di",
     "attribute 'isHorizontal' of <BPMNShape> is 'maybe', not true or false"},
    {"mostLikely=\"PT10M\"", "mostLikely=\"PT10X\"", KA_ERR_BPMN, 42, 9, "task",
     "kartla:processTime mostLikely 'PT10X' is invalid"},
    {"value=\"0.75\"", "value=\"75%\"", KA_ERR_BPMN, 70, 31, "f3",
     "kartla:probability value '75%' is invalid: expected a number from 0 to 1"},
    {"role=\"Boss\" value=\"A\"", "role=\"Boss\" value=\"a\"", KA_ERR_BPMN, 48, 11, "task",
     "kartla:responsibility value 'a' is invalid: expected one of R, A, C, I"},
    {"<kartla:mapLevel value=\"detailed\"/>", "<kartla:mapLevel value=\"medium\"/>", KA_ERR_BPMN,
     16, 29, "proc", "kartla:mapLevel value 'medium' is invalid: expected overview or detailed"},
    {"cancelActivity=\"false\"", "cancelActivity=\"no\"", KA_ERR_BPMN, 54, 5, "late",
     "attribute 'cancelActivity' of <boundaryEvent> is 'no', not true or false"},
};

static void test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		char *text = variant(r->from, r->to);
		struct ka_diag d;
		struct ka_map *m = read_map(text, false, &d);

		if (m || d.line != r->line || d.column != r->column ||
		    strcmp(d.element_id, r->element_id) || !strstr(d.message, r->message)) {
			print_error("case %zu (%s): got %s at %lu:%lu [%s] '%s'\n", i, r->to,
			            m ? "success" : "refusal", d.line, d.column, d.element_id,
			            d.message);
			fail();
		}
		assert_string_equal(d.file, "map.bpmn");
		free(text);
	}
}

static void test_error_codes(void **state)
{
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;
	char *text;

	(void)state;
	ka_read_opts_init(&o);
	ka_diag_init(&d, "x");
	text = variant("targetRef=\"task\"/>", "targetRef=\"ghost\"/>");
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "x", &o, &d), KA_ERR_REF);
	free(text);
	text = variant("<bpmn:dataObject ", "<bpmn:dataObjekt ");
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "x", &o, &d), KA_ERR_BPMN);
	free(text);
	assert_int_equal(ka_bpmn_read(&m, "<r/>", 4, "x", &o, &d), KA_ERR_BPMN);
	assert_non_null(strstr(d.message, "root element is <r> without a namespace"));
	assert_int_equal(ka_bpmn_read(&m, "<r", 2, "x", &o, &d), KA_ERR_XML);
	o.limits.max_bytes = 100;
	assert_int_equal(ka_bpmn_read(&m, MAP, strlen(MAP), "x", &o, &d), KA_ERR_TOO_BIG);
	ka_read_opts_init(&o);
	o.limits.max_depth = 5;
	assert_int_equal(ka_bpmn_read(&m, MAP, strlen(MAP), "x", &o, &d), KA_ERR_LIMIT);
	assert_null(m);
	/* NULL options mean the defaults. */
	assert_int_equal(ka_bpmn_read(&m, MAP, strlen(MAP), "x", NULL, &d), 0);
	ka_map_free(m);
	ka_map_free(NULL);
}

struct warnings {
	int n;
	char text[8][600];
};

static void collect(void *ctx, const struct ka_diag *d)
{
	struct warnings *w = ctx;

	if (w->n < 8)
		ka_diag_format(d, w->text[w->n], sizeof(w->text[0]));
	w->n++;
}

static void test_repair_mode(void **state)
{
	char *t1 = variant("targetRef=\"task\"/>", "targetRef=\"ghost\"/>");
	char *t2 = NULL;
	char *text;
	struct ka_read_opts o;
	struct warnings w = {0};
	struct ka_diag d;
	struct ka_map *m = NULL;
	struct ka_el *f1, *dup;
	struct ka_buf out;

	(void)state;
	/* A dangling reference (attribute and element forms) and a duplicate id. */
	{
		const char *at = strstr(t1, "id=\"esub_task\"");
		size_t n = strlen(t1) + 32;

		t2 = malloc(n);
		snprintf(t2, n, "%.*sid=\"task\"%s", (int)(at - t1), t1,
		         at + strlen("id=\"esub_task\""));
	}
	{
		const char *at = strstr(t2, "<bpmn:incoming>f2</bpmn:incoming>");
		size_t n = strlen(t2) + 32;

		text = malloc(n);
		snprintf(text, n, "%.*s<bpmn:incoming>f9</bpmn:incoming>%s", (int)(at - t2), t2,
		         at + strlen("<bpmn:incoming>f2</bpmn:incoming>"));
	}
	ka_read_opts_init(&o);
	o.repair = true;
	o.warn = collect;
	o.warn_ctx = &w;
	ka_diag_init(&d, "map.bpmn");
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "map.bpmn", &o, &d), 0);
	assert_int_equal(m->nwarnings, 3);
	assert_int_equal(w.n, 3);
	assert_non_null(
	    strstr(w.text[0], "map.bpmn:65:7: element 'task_dup2': duplicate id 'task'"));
	assert_non_null(strstr(w.text[0], "renamed to 'task_dup2'"));
	assert_string_equal(w.text[1], "map.bpmn:58:7: element 'gw': dangling incoming 'f9' kept "
	                               "aside in kartla:unresolved");
	assert_string_equal(w.text[2], "map.bpmn:67:5: element 'f1': dangling targetRef 'ghost' "
	                               "kept aside in kartla:unresolved");

	f1 = ka_map_find(m, "f1");
	assert_null(f1->target);
	assert_null(ka_xml_attr(f1->xml, NULL, "targetRef"));
	assert_string_equal(ka_xml_attr(f1->xml, KA_NS_KARTLA, "unresolved"), "targetRef=ghost");
	assert_string_equal(ka_xml_attr(ka_map_find(m, "gw")->xml, KA_NS_KARTLA, "unresolved"),
	                    "incoming=f9");
	dup = ka_map_find(m, "task_dup2");
	assert_non_null(dup);
	assert_string_equal(dup->xml->name->local, "task");
	assert_string_equal(ka_xml_attr(dup->xml, KA_NS_KARTLA, "originalId"), "task");
	assert_string_equal(ka_map_find(m, "task")->name, "Check order"); /* the first keeps it */

	/* The repaired map writes a file that reads strictly. */
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	assert_int_equal(ka_bpmn_write(m, &out), 0);
	ka_map_free(m);
	m = read_map(out.data, false, &d);
	assert_non_null(m);
	assert_string_equal(ka_xml_attr(ka_map_find(m, "f1")->xml, KA_NS_KARTLA, "unresolved"),
	                    "targetRef=ghost");
	ka_map_free(m);
	ka_buf_release(&out);

	/* Without a callback the repairs are still counted. */
	o.warn = NULL;
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "map.bpmn", &o, &d), 0);
	assert_int_equal(m->nwarnings, 3);
	ka_map_free(m);
	/* Repair mode does not excuse other defects. */
	free(text);
	text = variant("width=\"100\" height=\"80\"/>", "width=\"1e999\" height=\"80\"/>");
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "map.bpmn", &o, &d), KA_ERR_BPMN);
	free(text);
	free(t1);
	free(t2);
}

static void test_kartla_prefix_added_when_missing(void **state)
{
	const char *text = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
	                   "xmlns:kartla=\"urn:something-else\" id=\"d\">"
	                   "<process id=\"p\"><sequenceFlow id=\"f\" sourceRef=\"zz\"/></process>"
	                   "</definitions>";
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;
	struct ka_buf out;

	(void)state;
	ka_read_opts_init(&o);
	o.repair = true;
	assert_int_equal(ka_bpmn_read(&m, text, strlen(text), "m", &o, &d), 0);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	ka_bpmn_write(m, &out);
	/* "kartla" is taken by another namespace: a fresh prefix is declared. */
	assert_non_null(strstr(out.data, "xmlns:kartla1=\"urn:kartla:bpmn:1.0\""));
	assert_non_null(strstr(out.data, "kartla1:unresolved=\"sourceRef=zz\""));
	ka_buf_release(&out);
	ka_map_free(m);
}

/*
 * The id index keeps an id's first 16 bytes in its slot and compares the rest
 * through the element: ids of 15, 16 and 17 bytes, long ids that share their
 * first 16 bytes or all but their last, and the empty id each find their own
 * element, and near misses find none.
 */
static void test_id_lookup_lengths(void **state)
{
	static const char *const ids[] = {
	    "Activity_0x2b1c",                     /* 15 */
	    "Activity_0x2b1c9",                    /* 16 */
	    "Activity_0x2b1c9a",                   /* 17 */
	    "Activity_0x2b1c9b",                   /* 17, differs in the 17th byte */
	    "Activity_0x2b1c9_a_much_longer_id_1", /* shares the first 17 bytes */
	    "Activity_0x2b1c9_a_much_longer_id_2", /* differs only in the last byte */
	    "Activity_0x2b1c9_a_much_longer_id_",  /* a prefix of both */
	    /* two pairs whose hashes agree in the low 32 bits the slot keeps (so the same slot) */
	    "Task_000c23d",
	    "Task_0022204",
	    "Activity_0x2b1c9_long_0004d2e",
	    "Activity_0x2b1c9_long_0010884",
	};
	struct ka_buf text;
	struct ka_read_opts o;
	struct ka_diag d;
	struct ka_map *m = NULL;
	size_t i, j;

	(void)state;
	/* found by trying ids in turn; a new hash needs new pairs, or this test loses its point */
	for (i = 7; i < 11; i += 2)
		assert_int_equal((uint32_t)ka_hash_bytes(ids[i], strlen(ids[i])),
		                 (uint32_t)ka_hash_bytes(ids[i + 1], strlen(ids[i + 1])));
	ka_buf_init(&text, KA_BUF_UNLIMITED);
	ka_buf_addf(&text, "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
	                   "id=\"d\"><process id=\"p\">");
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		ka_buf_addf(&text, "<task id=\"%s\" name=\"t%zu\"/>", ids[i], i);
	/* a flow from each to the next, by reference */
	for (i = 0; i + 1 < sizeof(ids) / sizeof(*ids); i++)
		ka_buf_addf(&text, "<sequenceFlow id=\"f%zu\" sourceRef=\"%s\" targetRef=\"%s\"/>",
		            i, ids[i], ids[i + 1]);
	ka_buf_addf(&text, "</process></definitions>");
	ka_read_opts_init(&o);
	assert_int_equal(ka_bpmn_read(&m, text.data, text.len, "ids.bpmn", &o, &d), 0);
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		struct ka_el *e = ka_map_find(m, ids[i]);
		char name[16];

		assert_non_null(e);
		assert_string_equal(e->id, ids[i]);
		snprintf(name, sizeof(name), "t%zu", i);
		assert_string_equal(e->name, name);
		for (j = 0; j < i; j++)
			assert_ptr_not_equal(e, ka_map_find(m, ids[j]));
	}
	for (i = 0; i + 1 < sizeof(ids) / sizeof(*ids); i++) {
		char fid[8];
		struct ka_el *f;

		snprintf(fid, sizeof(fid), "f%zu", i);
		f = ka_map_find(m, fid);
		assert_non_null(f);
		assert_ptr_equal(f->source, ka_map_find(m, ids[i]));
		assert_ptr_equal(f->target, ka_map_find(m, ids[i + 1]));
	}
	assert_null(ka_map_find(m, "Activity_0x2b1c9c"));
	assert_null(ka_map_find(m, "Activity_0x2b1"));
	assert_null(ka_map_find(m, "Activity_0x2b1c9_a_much_longer_id_3"));
	assert_null(ka_map_find(m, "Activity_0x2b1c9_a_much_longer_id_12"));
	assert_null(ka_map_find(m, "Activity_0x2b1c9_a_much_longer_i"));
	assert_null(ka_map_find(m, ""));
	assert_null(ka_map_find(m, "Task_0022205"));
	ka_map_free(m);
	ka_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_top_level, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_kinds_and_containment, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_flows_and_links, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_lanes, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_events, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_di, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_labels, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_kartla_extension, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_write_round_trip, setup_map, teardown_map),
	    cmocka_unit_test_setup_teardown(test_read_file_matches_memory, setup_map, teardown_map),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_error_codes),
	    cmocka_unit_test(test_repair_mode),
	    cmocka_unit_test(test_kartla_prefix_added_when_missing),
	    cmocka_unit_test(test_id_lookup_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
