/* The table of element names Kartla knows in the BPMN 2.0 MODEL and DI namespaces. */
#include <string.h>

#include "kartla/model.h"
#include "kartla/banned.h"

#define FN   KA_TF_FLOW_NODE
#define ACT  (KA_TF_ACTIVITY | KA_TF_FLOW_NODE | KA_TF_VISIBLE)
#define EVT  (KA_TF_EVENT | KA_TF_FLOW_NODE | KA_TF_VISIBLE)
#define GW   (KA_TF_FLOW_NODE | KA_TF_VISIBLE)
#define VIS  KA_TF_VISIBLE
#define REF  KA_TF_REF
#define TXT  KA_TF_TEXT
#define FREE KA_TF_FREE
#define CONT KA_TF_CONTAINER
#define ART  (KA_TF_ARTIFACT | KA_TF_VISIBLE)

#define M(local, kind, flags)                                                                      \
	{                                                                                          \
		KA_NS_BPMN, local, kind, flags                                                     \
	}
#define D(local, kind, flags)                                                                      \
	{                                                                                          \
		KA_NS_BPMNDI, local, kind, flags                                                   \
	}

static const struct ka_type types[] = {
    /* definitions and root elements */
    M("definitions", KA_K_DEFINITIONS, 0),
    M("import", KA_K_OTHER, 0),
    M("extension", KA_K_OTHER, 0),
    M("documentation", KA_K_OTHER, FREE),
    M("extensionElements", KA_K_OTHER, FREE),
    M("process", KA_K_PROCESS, CONT),
    M("collaboration", KA_K_COLLABORATION, 0),
    M("choreography", KA_K_COLLABORATION, CONT),
    M("globalConversation", KA_K_COLLABORATION, 0),
    M("category", KA_K_OTHER, 0),
    M("categoryValue", KA_K_OTHER, 0),
    M("correlationProperty", KA_K_OTHER, 0),
    M("correlationPropertyRetrievalExpression", KA_K_OTHER, 0),
    M("correlationPropertyBinding", KA_K_OTHER, 0),
    M("correlationKey", KA_K_OTHER, 0),
    M("correlationSubscription", KA_K_OTHER, 0),
    M("messagePath", KA_K_OTHER, TXT),
    M("dataPath", KA_K_OTHER, TXT),
    M("dataStore", KA_K_DATA_STORE, 0),
    M("endPoint", KA_K_OTHER, 0),
    M("error", KA_K_OTHER, 0),
    M("escalation", KA_K_OTHER, 0),
    M("interface", KA_K_OTHER, 0),
    M("operation", KA_K_OTHER, 0),
    M("itemDefinition", KA_K_OTHER, 0),
    M("message", KA_K_OTHER, 0),
    M("partnerEntity", KA_K_OTHER, 0),
    M("partnerRole", KA_K_OTHER, 0),
    M("resource", KA_K_OTHER, 0),
    M("resourceParameter", KA_K_OTHER, 0),
    M("signal", KA_K_OTHER, 0),
    M("relationship", KA_K_OTHER, 0),
    M("globalTask", KA_K_OTHER, 0),
    M("globalUserTask", KA_K_OTHER, 0),
    M("globalManualTask", KA_K_OTHER, 0),
    M("globalScriptTask", KA_K_OTHER, 0),
    M("globalBusinessRuleTask", KA_K_OTHER, 0),
    M("globalChoreographyTask", KA_K_OTHER, 0),
    M("rendering", KA_K_OTHER, FREE),
    M("auditing", KA_K_OTHER, 0),
    M("monitoring", KA_K_OTHER, 0),
    M("property", KA_K_OTHER, 0),
    M("dataState", KA_K_OTHER, 0),
    /* events and definitions */
    M("startEvent", KA_K_START_EVENT, EVT),
    M("endEvent", KA_K_END_EVENT, EVT),
    M("intermediateCatchEvent", KA_K_CATCH_EVENT, EVT),
    M("intermediateThrowEvent", KA_K_THROW_EVENT, EVT),
    M("boundaryEvent", KA_K_BOUNDARY_EVENT, EVT),
    M("implicitThrowEvent", KA_K_THROW_EVENT, EVT),
    M("event", KA_K_THROW_EVENT, 0),
    M("cancelEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("compensateEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("conditionalEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("errorEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("escalationEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("linkEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("messageEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("signalEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("terminateEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("timerEventDefinition", KA_K_EVENT_DEFINITION, 0),
    M("timeDate", KA_K_OTHER, TXT),
    M("timeCycle", KA_K_OTHER, TXT),
    M("timeDuration", KA_K_OTHER, TXT),
    M("condition", KA_K_OTHER, TXT),
    /* activities */
    M("task", KA_K_TASK, ACT),
    M("userTask", KA_K_TASK, ACT),
    M("manualTask", KA_K_TASK, ACT),
    M("serviceTask", KA_K_TASK, ACT),
    M("scriptTask", KA_K_TASK, ACT),
    M("businessRuleTask", KA_K_TASK, ACT),
    M("sendTask", KA_K_TASK, ACT),
    M("receiveTask", KA_K_TASK, ACT),
    M("subProcess", KA_K_SUB_PROCESS, ACT | CONT),
    M("adHocSubProcess", KA_K_SUB_PROCESS, ACT | CONT),
    M("transaction", KA_K_SUB_PROCESS, ACT | CONT),
    M("callActivity", KA_K_CALL_ACTIVITY, ACT),
    M("script", KA_K_OTHER, TXT),
    M("standardLoopCharacteristics", KA_K_OTHER, 0),
    M("loopCondition", KA_K_OTHER, TXT),
    M("multiInstanceLoopCharacteristics", KA_K_OTHER, 0),
    M("loopCardinality", KA_K_OTHER, TXT),
    M("inputDataItem", KA_K_OTHER, 0),
    M("outputDataItem", KA_K_OTHER, 0),
    M("complexBehaviorDefinition", KA_K_OTHER, 0),
    M("completionCondition", KA_K_OTHER, TXT),
    M("ioSpecification", KA_K_OTHER, 0),
    M("ioBinding", KA_K_OTHER, 0),
    M("dataInput", KA_K_DATA_INPUT, VIS),
    M("dataOutput", KA_K_DATA_OUTPUT, VIS),
    M("inputSet", KA_K_OTHER, 0),
    M("outputSet", KA_K_OTHER, 0),
    M("dataInputAssociation", KA_K_DATA_ASSOCIATION, VIS),
    M("dataOutputAssociation", KA_K_DATA_ASSOCIATION, VIS),
    M("assignment", KA_K_OTHER, 0),
    M("from", KA_K_OTHER, TXT),
    M("to", KA_K_OTHER, TXT),
    M("transformation", KA_K_OTHER, TXT),
    M("performer", KA_K_OTHER, 0),
    M("humanPerformer", KA_K_OTHER, 0),
    M("potentialOwner", KA_K_OTHER, 0),
    M("resourceRole", KA_K_OTHER, 0),
    M("resourceAssignmentExpression", KA_K_OTHER, 0),
    M("resourceParameterBinding", KA_K_OTHER, 0),
    M("expression", KA_K_OTHER, TXT),
    M("formalExpression", KA_K_OTHER, TXT),
    /* gateways and flows */
    M("exclusiveGateway", KA_K_GATEWAY, GW),
    M("inclusiveGateway", KA_K_GATEWAY, GW),
    M("parallelGateway", KA_K_GATEWAY, GW),
    M("complexGateway", KA_K_GATEWAY, GW),
    M("eventBasedGateway", KA_K_GATEWAY, GW),
    M("activationCondition", KA_K_OTHER, TXT),
    M("sequenceFlow", KA_K_SEQUENCE_FLOW, VIS),
    M("conditionExpression", KA_K_OTHER, TXT),
    /* lanes */
    M("laneSet", KA_K_LANE_SET, 0),
    M("lane", KA_K_LANE, VIS),
    M("childLaneSet", KA_K_LANE_SET, 0),
    M("partitionElement", KA_K_OTHER, 0),
    /* data */
    M("dataObject", KA_K_DATA_OBJECT, 0),
    M("dataObjectReference", KA_K_DATA_OBJECT_REF, VIS),
    M("dataStoreReference", KA_K_DATA_STORE_REF, VIS),
    /* artifacts */
    M("association", KA_K_ASSOCIATION, ART),
    M("group", KA_K_GROUP, ART),
    M("textAnnotation", KA_K_TEXT_ANNOTATION, ART),
    M("text", KA_K_OTHER, TXT),
    /* collaboration and conversation */
    M("participant", KA_K_PARTICIPANT, VIS),
    M("participantMultiplicity", KA_K_OTHER, 0),
    M("participantAssociation", KA_K_OTHER, 0),
    M("messageFlow", KA_K_MESSAGE_FLOW, VIS),
    M("messageFlowAssociation", KA_K_OTHER, 0),
    M("conversation", KA_K_CONVERSATION_NODE, VIS),
    M("subConversation", KA_K_CONVERSATION_NODE, VIS),
    M("callConversation", KA_K_CONVERSATION_NODE, VIS),
    M("conversationLink", KA_K_OTHER, VIS),
    M("conversationAssociation", KA_K_OTHER, 0),
    /* choreography */
    M("choreographyTask", KA_K_CHOREOGRAPHY_ACTIVITY, FN | VIS),
    M("subChoreography", KA_K_CHOREOGRAPHY_ACTIVITY, FN | VIS | CONT),
    M("callChoreography", KA_K_CHOREOGRAPHY_ACTIVITY, FN | VIS),
    /* elements whose text is a reference */
    M("incoming", KA_K_OTHER, REF),
    M("outgoing", KA_K_OTHER, REF),
    M("flowNodeRef", KA_K_OTHER, REF),
    M("sourceRef", KA_K_OTHER, REF),
    M("targetRef", KA_K_OTHER, REF),
    M("source", KA_K_OTHER, REF),
    M("target", KA_K_OTHER, REF),
    M("dataInputRefs", KA_K_OTHER, REF),
    M("dataOutputRefs", KA_K_OTHER, REF),
    M("optionalInputRefs", KA_K_OTHER, REF),
    M("optionalOutputRefs", KA_K_OTHER, REF),
    M("whileExecutingInputRefs", KA_K_OTHER, REF),
    M("whileExecutingOutputRefs", KA_K_OTHER, REF),
    M("inputSetRefs", KA_K_OTHER, REF),
    M("outputSetRefs", KA_K_OTHER, REF),
    M("eventDefinitionRef", KA_K_OTHER, REF),
    M("categoryValueRef", KA_K_OTHER, REF),
    M("supportedInterfaceRef", KA_K_OTHER, REF),
    M("interfaceRef", KA_K_OTHER, REF),
    M("endPointRef", KA_K_OTHER, REF),
    M("inMessageRef", KA_K_OTHER, REF),
    M("outMessageRef", KA_K_OTHER, REF),
    M("errorRef", KA_K_OTHER, REF),
    M("operationRef", KA_K_OTHER, REF),
    M("resourceRef", KA_K_OTHER, REF),
    M("participantRef", KA_K_OTHER, REF),
    M("innerParticipantRef", KA_K_OTHER, REF),
    M("outerParticipantRef", KA_K_OTHER, REF),
    M("messageFlowRef", KA_K_OTHER, REF),
    M("innerMessageFlowRef", KA_K_OTHER, REF),
    M("outerMessageFlowRef", KA_K_OTHER, REF),
    M("innerConversationNodeRef", KA_K_OTHER, REF),
    M("outerConversationNodeRef", KA_K_OTHER, REF),
    M("choreographyRef", KA_K_OTHER, REF),
    M("correlationPropertyRef", KA_K_OTHER, REF),
    M("loopDataInputRef", KA_K_OTHER, REF),
    M("loopDataOutputRef", KA_K_OTHER, REF),
    M("boundaryEventRefs", KA_K_OTHER, REF),
    M("supports", KA_K_OTHER, REF),
    M("sources", KA_K_OTHER, REF),
    M("targets", KA_K_OTHER, REF),
    /* DI */
    D("BPMNDiagram", KA_K_DI_DIAGRAM, 0),
    D("BPMNPlane", KA_K_DI_PLANE, 0),
    D("BPMNShape", KA_K_DI_SHAPE, 0),
    D("BPMNEdge", KA_K_DI_EDGE, 0),
    D("BPMNLabel", KA_K_DI_LABEL, 0),
    D("BPMNLabelStyle", KA_K_DI_LABEL_STYLE, 0),
    {KA_NS_DC, "Bounds", KA_K_OTHER, 0},
    {KA_NS_DC, "Font", KA_K_OTHER, 0},
    {KA_NS_DC, "Point", KA_K_OTHER, 0},
    {KA_NS_DI, "waypoint", KA_K_OTHER, 0},
    {KA_NS_DI, "extension", KA_K_OTHER, FREE},
};

const struct ka_type *ka_type_find(const char *ns, const char *local)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].local[0] == local[0] && !strcmp(types[i].local, local) &&
		    !strcmp(types[i].ns, ns))
			return &types[i];
	return NULL;
}

const char *ka_kind_name(enum ka_kind kind)
{
	static const char *const names[KA_K__COUNT] = {
	    [KA_K_OTHER] = "element",
	    [KA_K_DEFINITIONS] = "definitions",
	    [KA_K_PROCESS] = "process",
	    [KA_K_COLLABORATION] = "collaboration",
	    [KA_K_PARTICIPANT] = "pool",
	    [KA_K_LANE_SET] = "lane set",
	    [KA_K_LANE] = "lane",
	    [KA_K_START_EVENT] = "start event",
	    [KA_K_END_EVENT] = "end event",
	    [KA_K_CATCH_EVENT] = "intermediate catch event",
	    [KA_K_THROW_EVENT] = "intermediate throw event",
	    [KA_K_BOUNDARY_EVENT] = "boundary event",
	    [KA_K_TASK] = "task",
	    [KA_K_SUB_PROCESS] = "sub-process",
	    [KA_K_CALL_ACTIVITY] = "call activity",
	    [KA_K_GATEWAY] = "gateway",
	    [KA_K_SEQUENCE_FLOW] = "sequence flow",
	    [KA_K_MESSAGE_FLOW] = "message flow",
	    [KA_K_ASSOCIATION] = "association",
	    [KA_K_DATA_ASSOCIATION] = "data association",
	    [KA_K_DATA_OBJECT] = "data object",
	    [KA_K_DATA_OBJECT_REF] = "data object reference",
	    [KA_K_DATA_STORE] = "data store",
	    [KA_K_DATA_STORE_REF] = "data store reference",
	    [KA_K_DATA_INPUT] = "data input",
	    [KA_K_DATA_OUTPUT] = "data output",
	    [KA_K_TEXT_ANNOTATION] = "text annotation",
	    [KA_K_GROUP] = "group",
	    [KA_K_EVENT_DEFINITION] = "event definition",
	    [KA_K_CHOREOGRAPHY_ACTIVITY] = "choreography activity",
	    [KA_K_CONVERSATION_NODE] = "conversation",
	    [KA_K_DI_DIAGRAM] = "diagram",
	    [KA_K_DI_PLANE] = "plane",
	    [KA_K_DI_SHAPE] = "shape",
	    [KA_K_DI_EDGE] = "edge",
	    [KA_K_DI_LABEL] = "label",
	    [KA_K_DI_LABEL_STYLE] = "label style",
	};

	if ((unsigned)kind >= KA_K__COUNT || !names[kind])
		return "element";
	return names[kind];
}
