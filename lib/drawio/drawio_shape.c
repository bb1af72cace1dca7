/*
 * What each draw.io shape becomes, by its style: draw.io's BPMN 2.0 shapes
 * (mxgraph.bpmn.task / event / gateway2 / shape / data, datastore,
 * mxgraph.bpmn.conversation), swimlanes, and the general and flowchart shapes
 * most diagrams are drawn with (rectangle, rhombus, ellipse, document,
 * cylinder, text). Anything else is noted as not mapped.
 */
#include <string.h>

#include "drawio_int.h"
#include "kartla/banned.h"

static bool eq(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

static bool one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* The style's first bare token (its named style: "ellipse", "text", "swimlane" ...). */
static const char *named_style(struct dio_page *pg, const char *style)
{
	const char *p = style;

	while (*p) {
		const char *end = strchr(p, ';'), *s = p, *e;

		if (!end)
			end = p + strlen(p);
		while (s < end && *s == ' ')
			s++;
		e = end;
		while (e > s && e[-1] == ' ')
			e--;
		if (e > s && !memchr(s, '=', (size_t)(e - s)))
			return ka_arena_strndup(&pg->arena, s, (size_t)(e - s));
		p = *end ? end + 1 : end;
	}
	return NULL;
}

static const char *event_definition(struct dio_page *pg, struct dio_cell *c, const char *symbol)
{
	static const char *const map[][2] = {
	    {"message", "messageEventDefinition"},
	    {"timer", "timerEventDefinition"},
	    {"escalation", "escalationEventDefinition"},
	    {"conditional", "conditionalEventDefinition"},
	    {"link", "linkEventDefinition"},
	    {"error", "errorEventDefinition"},
	    {"cancel", "cancelEventDefinition"},
	    {"compensation", "compensateEventDefinition"},
	    {"signal", "signalEventDefinition"},
	    {"terminate", "terminateEventDefinition"},
	};

	if (!symbol || eq(symbol, "general") || eq(symbol, "none") || eq(symbol, "terminate2"))
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(symbol, map[i][0]))
			return map[i][1];
	dio_note(pg, c, "drawio.guessed", "event trigger \"%.60s\" is kept as a plain event",
	         symbol);
	return NULL;
}

/* mxgraph.bpmn.event and the event variants of mxgraph.bpmn.shape. */
static void event(struct dio_page *pg, struct dio_cell *c, const char *outline, const char *symbol)
{
	c->kind = DIO_NODE;
	if (!outline) {
		c->ellipse = true; /* no outline drawn: start or end by its flows (drawio_map.c) */
	} else if (eq(outline, "standard") || eq(outline, "eventInt") ||
	           eq(outline, "eventNonint")) {
		c->tag = "startEvent";
		c->nonint = eq(outline, "eventNonint");
	} else if (eq(outline, "catching")) {
		c->tag = "intermediateCatchEvent";
	} else if (eq(outline, "throwing")) {
		c->tag = "intermediateThrowEvent";
	} else if (eq(outline, "end")) {
		c->tag = "endEvent";
	} else if (eq(outline, "boundInt") || eq(outline, "boundNonint")) {
		c->tag = "boundaryEvent";
		c->boundary = true;
		c->nonint = eq(outline, "boundNonint");
	} else {
		c->tag = "intermediateThrowEvent";
		dio_note(pg, c, "drawio.guessed",
		         "event outline \"%.60s\" is unknown: read as an intermediate event",
		         outline);
	}
	c->evdef = event_definition(pg, c, symbol);
	if (c->evdef && !strcmp(c->evdef, "terminateEventDefinition") && c->tag &&
	    strcmp(c->tag, "endEvent"))
		c->evdef = NULL;
}

static void gateway(struct dio_page *pg, struct dio_cell *c, const char *outline,
                    const char *symbol)
{
	const char *gw = dio_style(&pg->arena, c->style, "gwType");

	c->kind = DIO_NODE;
	if (eq(gw, "parallel") || eq(symbol, "parallelGw"))
		c->tag = "parallelGateway";
	else if (eq(gw, "complex") || eq(symbol, "complexGw"))
		c->tag = "complexGateway";
	else if (eq(gw, "exclusive") || eq(symbol, "exclusiveGw"))
		c->tag = "exclusiveGateway";
	else if (eq(gw, "inclusive") || eq(symbol, "inclusiveGw") ||
	         (eq(outline, "end") && eq(symbol, "general")))
		c->tag = "inclusiveGateway";
	else if (outline && !eq(outline, "none"))
		c->tag = "eventBasedGateway";
	else
		c->tag = "exclusiveGateway";
}

static void activity(struct dio_page *pg, struct dio_cell *c)
{
	static const char *const markers[][2] = {
	    {"user", "userTask"},       {"manual", "manualTask"},
	    {"send", "sendTask"},       {"receive", "receiveTask"},
	    {"service", "serviceTask"}, {"businessRule", "businessRuleTask"},
	    {"script", "scriptTask"},
	};
	struct ka_arena *a = &pg->arena;
	const char *type = dio_style(a, c->style, "bpmnShapeType");
	const char *marker = dio_style(a, c->style, "taskMarker");
	const char *outline = dio_style(a, c->style, "outline");

	c->kind = DIO_NODE;
	c->tag = "task";
	if (eq(type, "subprocess") || eq(dio_style(a, c->style, "isLoopSub"), "1")) {
		c->tag = "subProcess";
		c->event_sub = eq(outline, "eventInt") || eq(outline, "eventNonint");
	} else if (eq(type, "transaction")) {
		c->tag = "transaction";
	} else if (eq(type, "call")) {
		c->tag = "callActivity";
	} else {
		for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
			if (eq(marker, markers[i][0]))
				c->tag = markers[i][1];
	}
	if (eq(dio_style(a, c->style, "isAdHoc"), "1") && !strcmp(c->tag, "subProcess"))
		c->tag = "adHocSubProcess";
	c->loop = eq(dio_style(a, c->style, "isLoopStandard"), "1");
	c->multi = eq(dio_style(a, c->style, "isLoopMultiParallel"), "1");
	c->multi_seq = eq(dio_style(a, c->style, "isLoopMultiSeq"), "1");
	c->compensation = eq(dio_style(a, c->style, "isLoopComp"), "1");
}

/* draw.io's BPMN shapes; false when the style is not one of them. */
static bool bpmn_shape(struct dio_page *pg, struct dio_cell *c, const char *shape)
{
	struct ka_arena *a = &pg->arena;
	const char *outline = dio_style(a, c->style, "outline");
	const char *symbol = dio_style(a, c->style, "symbol");

	if (eq(shape, "mxgraph.bpmn.task")) {
		activity(pg, c);
	} else if (eq(shape, "mxgraph.bpmn.event")) {
		event(pg, c, outline, symbol);
	} else if (eq(shape, "mxgraph.bpmn.gateway2") || eq(shape, "mxgraph.bpmn.gateway")) {
		gateway(pg, c, outline, symbol);
	} else if (eq(shape, "mxgraph.bpmn.shape")) {
		/* the older combined shape: a gateway by its background, perimeter or symbol */
		const char *perimeter = dio_style(a, c->style, "perimeter");

		if (eq(dio_style(a, c->style, "background"), "gateway") ||
		    (perimeter && strcasestr(perimeter, "rhombus")) ||
		    (symbol && strstr(symbol, "Gw")) || eq(outline, "none"))
			gateway(pg, c, outline, symbol);
		else if (perimeter && strcasestr(perimeter, "rectangle"))
			activity(pg, c);
		else
			event(pg, c, outline, symbol);
	} else if (eq(shape, "mxgraph.bpmn.data")) {
		c->kind = DIO_DATA;
		c->tag = "dataObjectReference";
	} else if (eq(shape, "datastore")) {
		c->kind = DIO_DATA;
		c->tag = "dataStoreReference";
	} else if (eq(shape, "mxgraph.bpmn.conversation")) {
		c->kind = DIO_CONVERSATION;
		c->tag = eq(dio_style(a, c->style, "isLoopSub"), "1") ? "subConversation"
		         : eq(dio_style(a, c->style, "bpmnConversationType"), "call")
		             ? "callConversation"
		             : "conversation";
	} else {
		return false;
	}
	return true;
}

static const char *const rhombi[] = {"rhombus", "mxgraph.flowchart.decision", NULL};
static const char *const ellipses[] = {"ellipse",
                                       "doubleEllipse",
                                       "mxgraph.flowchart.start_1",
                                       "mxgraph.flowchart.start_2",
                                       "mxgraph.flowchart.terminator",
                                       "mxgraph.basic.oval",
                                       NULL};
static const char *const documents[] = {"document",
                                        "mxgraph.flowchart.document",
                                        "mxgraph.flowchart.multi-document",
                                        "note",
                                        "parallelogram",
                                        "mxgraph.flowchart.data",
                                        NULL};
static const char *const stores[] = {"cylinder",
                                     "cylinder3",
                                     "datastore",
                                     "mxgraph.flowchart.database",
                                     "mxgraph.flowchart.stored_data",
                                     "mxgraph.flowchart.direct_data",
                                     NULL};
static const char *const annotations[] = {"text", "mxgraph.flowchart.annotation_1",
                                          "mxgraph.flowchart.annotation_2", NULL};
static const char *const predefined[] = {"process", "mxgraph.flowchart.predefined_process", NULL};
/* "ext" is the task of draw.io's older BPMN palette */
static const char *const rectangles[] = {"rect",
                                         "rectangle",
                                         "label",
                                         "rounded",
                                         "ext",
                                         "mxgraph.flowchart.process",
                                         "mxgraph.flowchart.manual_operation",
                                         "mxgraph.flowchart.preparation",
                                         "mxgraph.basic.rect",
                                         NULL};

/* The general and flowchart shapes; false when not one of them. */
static bool flowchart_shape(struct dio_cell *c, const char *shape)
{
	if (one_of(shape, rhombi)) {
		c->kind = DIO_NODE;
		c->tag = "exclusiveGateway";
	} else if (one_of(shape, ellipses)) {
		c->kind = DIO_NODE;
		c->ellipse = true; /* start or end, by its edges (drawio_map.c) */
	} else if (one_of(shape, documents)) {
		c->kind = DIO_DATA;
		c->tag = "dataObjectReference";
	} else if (one_of(shape, stores)) {
		c->kind = DIO_DATA;
		c->tag = "dataStoreReference";
	} else if (one_of(shape, annotations)) {
		c->kind = *c->name ? DIO_ANNOTATION : DIO_SKIP;
		c->tag = "textAnnotation";
	} else if (one_of(shape, predefined)) {
		c->kind = DIO_NODE;
		c->tag = "subProcess";
	} else if (!shape || one_of(shape, rectangles)) {
		c->kind = DIO_NODE;
		c->tag = "task";
	} else {
		return false;
	}
	return true;
}

/* Rectangles that are boxes around other shapes, or decoration, are not tasks. */
static void not_a_task(struct dio_page *pg, struct dio_cell *c, size_t i)
{
	const char *dash = dio_style(&pg->arena, c->style, "dashPattern");
	if (c->nkids || (eq(dio_style(&pg->arena, c->style, "dashed"), "1") && dash &&
	                 !strcmp(dash, "8 3 1 3"))) {
		c->kind = DIO_UNMAPPED;
		dio_note(pg, c, "drawio.unmapped_shape",
		         "a box around other shapes (a group) is not mapped; its content is");
		return;
	}
	(void)i;
	if (c->nlinks)
		return;
	c->kind = DIO_UNMAPPED;
	dio_note(pg, c, "drawio.unmapped_shape",
	         "a rectangle without text or connections is read as decoration");
}

/*
 * Whether a table row is an actor of draw.io's cross-functional flowchart (a
 * table whose rows show their name in a header) rather than a row of a data table.
 */
static bool xf_row(struct dio_page *pg, const struct dio_cell *row)
{
	const char *start = dio_style(&pg->arena, row->style, "startSize");

	return start && strcmp(start, "0") && *start != '-';
}

static void classify_vertex(struct dio_page *pg, struct dio_cell *c, size_t i)
{
	const char *shape = dio_style(&pg->arena, c->style, "shape");
	const char *named = named_style(pg, c->style);

	if (c->parent >= 0 && pg->cells[c->parent].edge)
		return; /* a label on an edge (drawio_map.c) */
	if (eq(named, "edgeLabel") || eq(named, "group") ||
	    eq(dio_style(&pg->arena, c->style, "part"), "1"))
		return;
	if (c->parent >= 0 &&
	    eq(dio_style(&pg->arena, pg->cells[c->parent].style, "shape"), "tableRow")) {
		/* a cell of a table row: in a cross-functional flowchart, a phase */
		if (xf_row(pg, &pg->cells[c->parent]) && *c->name)
			dio_note(
			    pg, c, "drawio.unmapped_shape",
			    "phase \"%.80s\" is not mapped (BPMN has no phases); its content is",
			    c->name);
		return;
	}
	if (eq(shape, "table")) {
		c->kind = DIO_UNMAPPED; /* a pool when it holds actor rows (dio_classify) */
		c->horizontal = true;
		return;
	}
	if (eq(shape, "tableRow")) {
		if (xf_row(pg, c)) {
			c->kind = DIO_LANE;
			c->horizontal = eq(dio_style(&pg->arena, c->style, "horizontal"), "0");
		}
		return;
	}
	if (eq(named, "swimlane") || eq(shape, "swimlane") || eq(shape, "mxgraph.bpmn.swimlane") ||
	    eq(shape, "pool") || eq(shape, "lane")) {
		c->kind = DIO_LANE; /* a pool when it holds lanes (below) */
		c->horizontal = eq(dio_style(&pg->arena, c->style, "horizontal"), "0");
		return;
	}
	if (shape && bpmn_shape(pg, c, shape))
		return;
	if (!shape && named && !strcmp(named, "rounded"))
		named = NULL;
	if (flowchart_shape(c, shape ? shape : named)) {
		if (c->tag && !strcmp(c->tag, "task") && (!*c->name || c->nkids))
			not_a_task(pg, c, i);
		return;
	}
	c->kind = DIO_UNMAPPED;
	dio_note(pg, c, "drawio.unmapped_shape", "shape \"%.80s\" has no BPMN meaning",
	         shape ? shape : named);
}

static bool swim(const struct dio_page *pg, int i)
{
	return i >= 0 && (pg->cells[i].kind == DIO_LANE || pg->cells[i].kind == DIO_POOL);
}

void dio_classify(struct dio_page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		const struct dio_cell *c = &pg->cells[i];

		if (c->vertex && c->parent >= 0)
			pg->cells[c->parent].nkids++;
		if (c->edge && c->source >= 0)
			pg->cells[c->source].nlinks++;
		if (c->edge && c->target >= 0)
			pg->cells[c->target].nlinks++;
	}
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		c->kind = DIO_SKIP;
		if (c->edge)
			c->kind = DIO_EDGE;
		else if (c->vertex)
			classify_vertex(pg, c, i);
	}
	/* a table holding actor rows is a pool of lanes; another table is not mapped */
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (c->kind == DIO_LANE && c->parent >= 0 &&
		    pg->cells[c->parent].kind == DIO_UNMAPPED &&
		    eq(dio_style(&pg->arena, pg->cells[c->parent].style, "shape"), "table"))
			pg->cells[c->parent].kind = DIO_LANE;
	}
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (c->kind == DIO_UNMAPPED &&
		    eq(dio_style(&pg->arena, c->style, "shape"), "table"))
			dio_note(pg, c, "drawio.unmapped_shape", "a table is not mapped");
	}
	/* a swimlane holding swimlanes is a pool; a swimlane in a swimlane is a lane */
	for (size_t i = 0; i < pg->n; i++) {
		struct dio_cell *c = &pg->cells[i];

		if (swim(pg, (int)i) && swim(pg, c->parent) &&
		    !swim(pg, pg->cells[c->parent].parent))
			pg->cells[c->parent].kind = DIO_POOL;
	}
}
