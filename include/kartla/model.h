/*
 * The process map model: a typed graph over the lossless XML tree of a BPMN
 * 2.0 file. Every BPMN element (semantic or DI) becomes a `struct ka_el`
 * pointing at its XML node; references are resolved to pointers, sequence
 * flows are linked in and out of flow nodes, lanes and pools are known, DI
 * geometry is parsed, and Kartla's extension data (times, %C&A, RACI, branch
 * probabilities) is decoded. The XML tree stays the source of truth for
 * writing, so nothing the model does not understand is lost.
 *
 * Ownership: a map owns its XML document, its elements and all strings;
 * ka_map_free() releases everything. Pointers into a map are borrowed.
 */
#ifndef KARTLA_MODEL_H
#define KARTLA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/xml.h"

#define KA_NS_BPMN   "http://www.omg.org/spec/BPMN/20100524/MODEL"
#define KA_NS_BPMNDI "http://www.omg.org/spec/BPMN/20100524/DI"
#define KA_NS_DC     "http://www.omg.org/spec/DD/20100524/DC"
#define KA_NS_DI     "http://www.omg.org/spec/DD/20100524/DI"
#define KA_NS_KARTLA "urn:kartla:bpmn:1.0"
#define KA_NS_I18N   "http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0"
#define KA_NS_COLOR  "http://www.omg.org/spec/BPMN/non-normative/color/1.0"
#define KA_NS_BIOC   "http://bpmn.io/schema/bpmn/biocolor/1.0"

/* Broad kinds the analyses and rules switch on. */
enum ka_kind {
	KA_K_OTHER = 0,
	KA_K_DEFINITIONS,
	KA_K_PROCESS,
	KA_K_COLLABORATION,
	KA_K_PARTICIPANT,
	KA_K_LANE_SET,
	KA_K_LANE,
	KA_K_START_EVENT,
	KA_K_END_EVENT,
	KA_K_CATCH_EVENT, /* intermediate catch */
	KA_K_THROW_EVENT, /* intermediate throw, implicit throw */
	KA_K_BOUNDARY_EVENT,
	KA_K_TASK,        /* every task type */
	KA_K_SUB_PROCESS, /* subProcess, transaction, adHocSubProcess */
	KA_K_CALL_ACTIVITY,
	KA_K_GATEWAY,
	KA_K_SEQUENCE_FLOW,
	KA_K_MESSAGE_FLOW,
	KA_K_ASSOCIATION,
	KA_K_DATA_ASSOCIATION,
	KA_K_DATA_OBJECT,
	KA_K_DATA_OBJECT_REF,
	KA_K_DATA_STORE,
	KA_K_DATA_STORE_REF,
	KA_K_DATA_INPUT,
	KA_K_DATA_OUTPUT,
	KA_K_TEXT_ANNOTATION,
	KA_K_GROUP,
	KA_K_EVENT_DEFINITION,
	KA_K_CHOREOGRAPHY_ACTIVITY,
	KA_K_CONVERSATION_NODE,
	KA_K_DI_DIAGRAM,
	KA_K_DI_PLANE,
	KA_K_DI_SHAPE,
	KA_K_DI_EDGE,
	KA_K_DI_LABEL,
	KA_K_DI_LABEL_STYLE,
	KA_K__COUNT
};

/* Event definition bits (ka_el.evdefs). */
enum {
	KA_EV_MESSAGE = 1 << 0,
	KA_EV_TIMER = 1 << 1,
	KA_EV_ERROR = 1 << 2,
	KA_EV_ESCALATION = 1 << 3,
	KA_EV_SIGNAL = 1 << 4,
	KA_EV_CONDITIONAL = 1 << 5,
	KA_EV_LINK = 1 << 6,
	KA_EV_COMPENSATE = 1 << 7,
	KA_EV_CANCEL = 1 << 8,
	KA_EV_TERMINATE = 1 << 9
};

/* Gateway kinds (ka_el.gateway). */
enum ka_gateway {
	KA_GW_NONE = 0,
	KA_GW_EXCLUSIVE,
	KA_GW_INCLUSIVE,
	KA_GW_PARALLEL,
	KA_GW_COMPLEX,
	KA_GW_EVENT_BASED
};

/* Static description of one known element name. */
struct ka_type {
	const char *ns;    /* namespace URI */
	const char *local; /* element local name */
	enum ka_kind kind;
	unsigned flags; /* KA_TF_* */
};

enum {
	KA_TF_FLOW_NODE = 1 << 0, /* can have incoming/outgoing sequence flows */
	KA_TF_ACTIVITY = 1 << 1,
	KA_TF_EVENT = 1 << 2,
	KA_TF_CONTAINER = 1 << 3, /* holds flow elements (process, sub-processes) */
	KA_TF_VISIBLE = 1 << 4,   /* drawn on a diagram: should have DI */
	KA_TF_REF = 1 << 5,       /* text content is an id reference (incoming, flowNodeRef...) */
	KA_TF_FREE = 1 << 6,      /* free content: children are not checked (documentation...) */
	KA_TF_TEXT = 1 << 7,      /* text-valued detail (expressions, text) */
	KA_TF_ARTIFACT = 1 << 8
};

/* Looks up a known element; NULL when {ns}local is not a BPMN/DI element. */
const struct ka_type *ka_type_find(const char *ns, const char *local);
/* Short English noun for a kind ("task", "exclusive gateway"...), for messages. */
const char *ka_kind_name(enum ka_kind kind);

struct ka_bounds {
	double x, y, w, h;
};

struct ka_point {
	double x, y;
};

/* A duration estimate: a single value or min / most likely / max, in seconds. */
struct ka_estimate {
	bool set;
	bool three_point;
	double value; /* single value, or the most likely */
	double min, max;
	const char *text; /* the ISO 8601 text of value / most likely */
};

struct ka_raci {
	const char *role; /* role key or lane name */
	const char *lane; /* optional lane id */
	char value;       /* 'R', 'A', 'C' or 'I' */
};

/* Kartla's per-element analysis data (namespace KA_NS_KARTLA). */
struct ka_ext {
	struct ka_estimate process_time;
	struct ka_estimate wait_time;
	bool has_cna;
	double cna_percent; /* %C&A, 0..100 */
	bool has_value_adding;
	bool value_adding;
	bool has_probability;
	double probability; /* on sequence flows leaving a gateway, 0..1 */
	struct ka_raci *raci;
	size_t nraci;
	const char *map_level; /* on a process: "overview" or "detailed", NULL if unset */
};

struct ka_elvec {
	struct ka_el **v; /* owned by the map */
	uint32_t n, alloc;
};

/* Fields are ordered to leave no padding: a big map holds hundreds of thousands. */
struct ka_el {
	const struct ka_type *type;
	enum ka_kind kind;
	unsigned nlanes; /* how many innermost lanes list it (see `lane`) */
	struct ka_xml_node *xml;
	const char *id;   /* NULL when the element has no id */
	const char *name; /* name attribute (text of a text annotation), NULL if none */
	size_t index;     /* position in map->els */

	struct ka_el *parent;      /* nearest enclosing model element */
	struct ka_el *container;   /* process or sub-process holding a flow element */
	struct ka_el *process;     /* top-level process of a flow element */
	struct ka_el *participant; /* pool whose process holds it, or NULL */
	struct ka_el *lane;        /* innermost lane listing a flow node (nlanes: how many) */

	struct ka_el *source, *target; /* flows, associations, DI edges (semantic ends) */
	struct ka_el *attached_to;     /* boundary event -> activity */
	struct ka_el *default_flow;    /* gateway/activity default */
	struct ka_el *ref;             /* participant->process, DI->bpmnElement, data ref->object */
	struct ka_elvec incoming, outgoing; /* sequence flows */

	enum ka_gateway gateway;
	unsigned evdefs;         /* KA_EV_* bits */
	unsigned nevdefs;        /* number of event definitions (>1 means multiple) */
	bool cancel_activity;    /* boundary: interrupting */
	bool is_interrupting;    /* start event in event sub-process */
	bool triggered_by_event; /* event sub-process */
	bool has_condition;      /* sequence flow with conditionExpression */
	bool is_expanded, has_is_expanded;
	bool is_horizontal, has_is_horizontal;
	bool has_bounds, has_label_bounds; /* bounds and label_bounds below are set */

	/* DI: for semantic elements the first shape/edge showing them; for DI elements their own.
	 */
	struct ka_el *di;
	struct ka_bounds bounds, label_bounds;
	struct ka_point *waypoints;
	size_t nwaypoints;

	struct ka_ext *ext; /* NULL when the element carries no Kartla data */
};

struct ka_idmap; /* hash from id to element */

/* A repair or note made while reading (ka_read_opts.note); strings in the map's arena. */
struct ka_map_repair {
	const char *code;       /* stable: "bpmn.dangling_ref", ... */
	const char *element_id; /* NULL when it names no element */
	const char *message;    /* English */
	unsigned long line;     /* 0 when none */
};

struct ka_map {
	struct ka_xml_doc doc;
	const char *file; /* name used in messages (borrowed from the caller) */
	struct ka_el *definitions;
	struct ka_elvec els;          /* every model element, document order */
	struct ka_elvec processes;    /* top-level processes */
	struct ka_elvec participants; /* pools */
	struct ka_elvec diagrams;
	struct ka_idmap *ids;
	size_t nwarnings; /* repairs made while reading */
	/* The repairs and notes themselves, in order (the checker's import-repair rule reports
	 * them). */
	struct ka_map_repair *repairs;
	size_t nrepairs, allocrepairs;
};

/* Finds an element by id; NULL if none. */
struct ka_el *ka_map_find(const struct ka_map *m, const char *id);
void ka_map_free(struct ka_map *m);

/*
 * Iterates the MIWG i18n translations of an element's label: pass NULL to
 * start, then the returned node; NULL when there are no more. Sets *lang and
 * *text (borrowed from the map).
 */
const struct ka_xml_node *ka_el_next_translation(const struct ka_el *el,
                                                 const struct ka_xml_node *prev, const char **lang,
                                                 const char **text);

/* Label of an element in `lang` (i18n translation) or its name; never NULL. */
const char *ka_el_label(const struct ka_el *el, const char *lang);

void ka_elvec_push(struct ka_elvec *v, struct ka_el *el);
void ka_elvec_release(struct ka_elvec *v);

#endif
