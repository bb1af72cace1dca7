/*
 * The drawing model as BPMN XML: per page one process (or one per pool, in a
 * collaboration), its lanes, nodes, artifacts and flows, and a BPMNDiagram
 * with the shapes' bounds and the connectors' waypoints. Ids are made from
 * the page and shape index ("P1_S7"), so they are unique whatever the
 * drawing's own ids are; the Visio id stays in the import notes.
 */
#include <stdio.h>
#include <string.h>

#include "visio_int.h"
#include "kartla/banned.h"

static void name_attr(struct ka_buf *b, const char *name)
{
	if (!name)
		return;
	ka_buf_adds(b, " name=\"");
	ka_buf_add_xml(b, name);
	ka_buf_addc(b, '"');
}

static const char *tag_of(const struct vs_shape *s)
{
	static const char *tasks[] = {"task",       "userTask",        "serviceTask",
	                              "sendTask",   "receiveTask",     "manualTask",
	                              "scriptTask", "businessRuleTask"};

	switch (s->kind) {
	case VS_TASK:
		return tasks[s->tasktype >= 0 && s->tasktype <= VS_TT_RULE ? s->tasktype : 0];
	case VS_SUBPROCESS:
		return "subProcess";
	case VS_CALL:
		return "callActivity";
	case VS_START:
		return "startEvent";
	case VS_INTER_CATCH:
		return "intermediateCatchEvent";
	case VS_INTER_THROW:
		return "intermediateThrowEvent";
	case VS_BOUNDARY:
		return "boundaryEvent";
	case VS_END:
		return "endEvent";
	case VS_GW_EXCL:
		return "exclusiveGateway";
	case VS_GW_PAR:
		return "parallelGateway";
	case VS_GW_INCL:
		return "inclusiveGateway";
	case VS_GW_EVENT:
		return "eventBasedGateway";
	case VS_GW_COMPLEX:
		return "complexGateway";
	case VS_DATA_OBJECT:
		return "dataObjectReference";
	case VS_DATA_STORE:
		return "dataStoreReference";
	case VS_ANNOTATION:
		return "textAnnotation";
	default:
		return NULL;
	}
}

static const char *evdef_tag(int d)
{
	static const char *t[] = {
	    NULL,
	    "messageEventDefinition",
	    "timerEventDefinition",
	    "signalEventDefinition",
	    "errorEventDefinition",
	    "escalationEventDefinition",
	    "conditionalEventDefinition",
	    "compensateEventDefinition",
	    "terminateEventDefinition",
	    "linkEventDefinition",
	    "cancelEventDefinition",
	};
	return d > 0 && d <= VS_EV_CANCEL ? t[d] : NULL;
}

static void flows_of(struct ka_buf *b, const struct vs_page *p, size_t pi, size_t i)
{
	for (size_t j = 0; j < p->n; j++) {
		const struct vs_shape *c = &p->shapes[j];

		if (c->skip || c->kind != VS_SEQ)
			continue;
		if (c->dst == (int)i)
			ka_buf_addf(b, "<incoming>P%zu_S%zu</incoming>", pi, j);
		if (c->src == (int)i)
			ka_buf_addf(b, "<outgoing>P%zu_S%zu</outgoing>", pi, j);
	}
}

static void node(struct ka_buf *b, const struct vs_page *p, size_t pi, size_t i)
{
	const struct vs_shape *s = &p->shapes[i];
	const char *tag = tag_of(s), *def = evdef_tag(s->evdef);

	if (s->kind == VS_DATA_OBJECT)
		ka_buf_addf(b, "<dataObject id=\"P%zu_D%zu\"/>", pi, i);
	ka_buf_addf(b, "<%s id=\"P%zu_S%zu\"", tag, pi, i);
	if (s->kind == VS_DATA_OBJECT)
		ka_buf_addf(b, " dataObjectRef=\"P%zu_D%zu\"", pi, i);
	if (s->kind == VS_ANNOTATION) {
		ka_buf_adds(b, "><text>");
		ka_buf_add_xml(b, s->name);
		ka_buf_addf(b, "</text></%s>\n", tag);
		return;
	}
	name_attr(b, s->name);
	if (s->kind == VS_BOUNDARY)
		ka_buf_addf(b, " attachedToRef=\"P%zu_S%d\"%s", pi, s->attached,
		            s->non_interrupting ? " cancelActivity=\"false\"" : "");
	ka_buf_addc(b, '>');
	flows_of(b, p, pi, i);
	if (def && s->kind >= VS_START && s->kind <= VS_END)
		ka_buf_addf(b, "<%s id=\"P%zu_E%zu\"/>", def, pi, i);
	ka_buf_addf(b, "</%s>\n", tag);
}

static int in_process(const struct vs_shape *s, int pool)
{
	return !s->skip && tag_of(s) && s->pool == pool;
}

static void process(struct ka_buf *b, const struct vs_page *p, size_t pi, int pool)
{
	int lanes = 0;

	if (pool >= 0)
		ka_buf_addf(b, "<process id=\"P%zu_Process%d\" isExecutable=\"false\"", pi, pool);
	else
		ka_buf_addf(b, "<process id=\"P%zu_Process\" isExecutable=\"false\"", pi);
	name_attr(b, pool >= 0 ? p->shapes[pool].name : p->name);
	ka_buf_adds(b, ">\n");
	for (size_t l = 0; l < p->n; l++) {
		const struct vs_shape *lane = &p->shapes[l];

		if (lane->kind != VS_LANE || lane->skip || lane->pool != pool)
			continue;
		if (!lanes++)
			ka_buf_addf(b, "<laneSet id=\"P%zu_LS%d\">\n", pi, pool);
		ka_buf_addf(b, "<lane id=\"P%zu_S%zu\"", pi, l);
		name_attr(b, lane->name);
		ka_buf_adds(b, ">");
		for (size_t i = 0; i < p->n; i++)
			if (p->shapes[i].container == (int)l && in_process(&p->shapes[i], pool) &&
			    p->shapes[i].kind != VS_ANNOTATION)
				ka_buf_addf(b, "<flowNodeRef>P%zu_S%zu</flowNodeRef>", pi, i);
		ka_buf_adds(b, "</lane>\n");
	}
	if (lanes)
		ka_buf_adds(b, "</laneSet>\n");
	for (size_t i = 0; i < p->n; i++)
		if (in_process(&p->shapes[i], pool))
			node(b, p, pi, i);
	for (size_t j = 0; j < p->n; j++) {
		const struct vs_shape *c = &p->shapes[j];

		if (c->skip || (c->kind != VS_SEQ && c->kind != VS_ASSOC) ||
		    p->shapes[c->src].pool != pool)
			continue;
		ka_buf_addf(b, "<%s id=\"P%zu_S%zu\"",
		            c->kind == VS_SEQ ? "sequenceFlow" : "association", pi, j);
		name_attr(b, c->kind == VS_SEQ ? c->name : NULL);
		ka_buf_addf(b, " sourceRef=\"P%zu_S%d\" targetRef=\"P%zu_S%d\"/>\n", pi, c->src, pi,
		            c->dst);
	}
	ka_buf_adds(b, "</process>\n");
}

static int has_outside(const struct vs_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (in_process(&p->shapes[i], -1))
			return 1;
	return 0;
}

static void collaboration(struct ka_buf *b, const struct vs_page *p, size_t pi)
{
	ka_buf_addf(b, "<collaboration id=\"P%zu_Collaboration\">\n", pi);
	for (size_t i = 0; i < p->n; i++) {
		const struct vs_shape *s = &p->shapes[i];

		if (s->kind != VS_POOL || s->skip)
			continue;
		ka_buf_addf(b, "<participant id=\"P%zu_S%zu\"", pi, i);
		name_attr(b, s->name);
		ka_buf_addf(b, " processRef=\"P%zu_Process%zu\"/>\n", pi, i);
	}
	if (has_outside(p)) {
		ka_buf_addf(b, "<participant id=\"P%zu_Outside\"", pi);
		name_attr(b, p->name);
		ka_buf_addf(b, " processRef=\"P%zu_Process\"/>\n", pi);
	}
	for (size_t j = 0; j < p->n; j++) {
		const struct vs_shape *c = &p->shapes[j];

		if (c->skip || c->kind != VS_MSG)
			continue;
		ka_buf_addf(b, "<messageFlow id=\"P%zu_S%zu\"", pi, j);
		name_attr(b, c->name);
		ka_buf_addf(b, " sourceRef=\"P%zu_S%d\" targetRef=\"P%zu_S%d\"/>\n", pi, c->src, pi,
		            c->dst);
	}
	ka_buf_adds(b, "</collaboration>\n");
}

static void bounds(struct ka_buf *b, const struct vs_shape *s)
{
	ka_buf_addf(b, "<dc:Bounds x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\"/>", s->x,
	            s->y, s->w > 1 ? s->w : 1, s->h > 1 ? s->h : 1);
}

static void edge(struct ka_buf *b, const struct vs_page *p, size_t pi, size_t j)
{
	const struct vs_shape *c = &p->shapes[j];

	ka_buf_addf(b, "<bpmndi:BPMNEdge id=\"P%zu_S%zu_di\" bpmnElement=\"P%zu_S%zu\">", pi, j, pi,
	            j);
	if (c->npts >= 2) {
		for (int k = 0; k < c->npts; k++)
			ka_buf_addf(b, "<di:waypoint x=\"%.0f\" y=\"%.0f\"/>", c->pts[k][0],
			            c->pts[k][1]);
	} else {
		const struct vs_shape *e[2] = {&p->shapes[c->src], &p->shapes[c->dst]};

		for (int k = 0; k < 2; k++)
			ka_buf_addf(b, "<di:waypoint x=\"%.0f\" y=\"%.0f\"/>",
			            e[k]->x + e[k]->w / 2, e[k]->y + e[k]->h / 2);
	}
	ka_buf_adds(b, "</bpmndi:BPMNEdge>\n");
}

static void diagram(struct ka_buf *b, const struct vs_page *p, size_t pi, int collab)
{
	ka_buf_addf(b, "<bpmndi:BPMNDiagram id=\"P%zu_Diagram\"", pi);
	name_attr(b, p->name);
	if (collab)
		ka_buf_addf(
		    b, "><bpmndi:BPMNPlane id=\"P%zu_Plane\" bpmnElement=\"P%zu_Collaboration\">\n",
		    pi, pi);
	else
		ka_buf_addf(b,
		            "><bpmndi:BPMNPlane id=\"P%zu_Plane\" bpmnElement=\"P%zu_Process\">\n",
		            pi, pi);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < p->n; i++) {
			const struct vs_shape *s = &p->shapes[i];
			int box = s->kind == VS_POOL || s->kind == VS_LANE;

			if (s->skip || (pass == 0) != box || (!box && !tag_of(s)))
				continue;
			ka_buf_addf(
			    b, "<bpmndi:BPMNShape id=\"P%zu_S%zu_di\" bpmnElement=\"P%zu_S%zu\"",
			    pi, i, pi, i);
			if (box)
				ka_buf_adds(b, s->w >= s->h ? " isHorizontal=\"true\""
				                            : " isHorizontal=\"false\"");
			if (s->kind == VS_SUBPROCESS)
				ka_buf_adds(b, s->w > 250 ? " isExpanded=\"true\""
				                          : " isExpanded=\"false\"");
			ka_buf_adds(b, ">");
			bounds(b, s);
			ka_buf_adds(b, "</bpmndi:BPMNShape>\n");
		}
	}
	for (size_t j = 0; j < p->n; j++) {
		const struct vs_shape *c = &p->shapes[j];

		if (!c->skip && (c->kind == VS_SEQ || c->kind == VS_MSG || c->kind == VS_ASSOC))
			edge(b, p, pi, j);
	}
	ka_buf_adds(b, "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n");
}

int vs_write_bpmn(struct ka_buf *out, const struct vs_drawing *d)
{
	ka_buf_adds(out,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	            "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
	            "xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" "
	            "xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" "
	            "xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" id=\"Definitions_visio\" "
	            "targetNamespace=\"http://kartla.org/import/visio\" "
	            "exporter=\"Kartla Visio import\">\n");
	for (size_t pi = 0; pi < d->n; pi++) {
		const struct vs_page *p = &d->pages[pi];
		int pools = 0;

		for (size_t i = 0; i < p->n; i++)
			pools += p->shapes[i].kind == VS_POOL && !p->shapes[i].skip;
		if (pools)
			collaboration(out, p, pi + 1);
		for (size_t i = 0; i < p->n; i++)
			if (p->shapes[i].kind == VS_POOL && !p->shapes[i].skip)
				process(out, p, pi + 1, (int)i);
		if (!pools || has_outside(p))
			process(out, p, pi + 1, -1);
		diagram(out, p, pi + 1, pools > 0);
	}
	ka_buf_adds(out, "</definitions>\n");
	return ka_buf_error(out);
}
