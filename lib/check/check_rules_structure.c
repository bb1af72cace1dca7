/*
 * Rules about the structure of a map: sequence flows stay inside one pool
 * and one level, message flows go between pools, every activity sits in
 * exactly one lane, a call activity or collapsed sub-process leads to a
 * child map, and an overview map stays small.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "check_int.h"
#include "kartla/banned.h"

/* Steps an overview map may hold (domain: "about 5-15 steps"). */
#define OVERVIEW_MAX_ACTIVITIES 15

static const struct ka_el *process_of(const struct ka_el *el)
{
	return el->kind == KA_K_PROCESS ? el : el->process;
}

static bool checked_flow(const struct ka_el *f)
{
	return f->kind == KA_K_SEQUENCE_FLOW && f->container &&
	       (f->container->kind == KA_K_PROCESS || f->container->kind == KA_K_SUB_PROCESS) &&
	       f->source && f->target;
}

static void sequence_flow_crossing_pool(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *f = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!checked_flow(f) || process_of(f->source) == process_of(f->target))
			continue;
		a.ref = process_of(f->source) != process_of(f) ? f->source : f->target;
		ka_check_report(c, f, 0, &a);
	}
}

static void sequence_flow_crossing_sub_process(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *f = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!checked_flow(f) || process_of(f->source) != process_of(f->target))
			continue;
		if (f->source->container == f->container && f->target->container == f->container)
			continue;
		a.ref = f->source->container != f->container ? f->source : f->target;
		ka_check_report(c, f, 0, &a);
	}
}

/* The pool an end of a message flow belongs to (its process when there is no pool). */
static const struct ka_el *pool_of(const struct ka_el *el)
{
	if (el->kind == KA_K_PARTICIPANT)
		return el;
	return el->participant ? el->participant : el->process;
}

static void message_flow_inside_pool(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *f = c->m->els.v[i];
		const struct ka_el *p;
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (f->kind != KA_K_MESSAGE_FLOW || !f->source || !f->target ||
		    (f->parent && ka_check_is(f->parent, "choreography")))
			continue;
		p = pool_of(f->source);
		if (!p || p != pool_of(f->target))
			continue;
		a.ref = p;
		ka_check_report(c, f, 0, &a);
	}
}

/* Marks the top-level processes that have lanes. */
static bool *processes_with_lanes(const struct ka_map *m)
{
	bool *lanes = ka_xcalloc(m->els.n + 1, sizeof(*lanes));
	size_t i;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];

		if (el->kind == KA_K_LANE && el->parent && el->parent->parent &&
		    el->parent->parent->kind == KA_K_PROCESS)
			lanes[el->parent->parent->index] = true;
	}
	return lanes;
}

static void activity_in_one_lane(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	bool *lanes = processes_with_lanes(m);
	size_t i;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];
		struct ka_check_args a = {NULL, (long)el->nlanes, 0, NULL};

		if (!(el->type->flags & KA_TF_ACTIVITY) || !ka_check_in_scope(c, i) ||
		    el->container->kind != KA_K_PROCESS || !lanes[el->container->index] ||
		    el->nlanes == 1)
			continue;
		ka_check_report(c, el, el->nlanes ? 1 : 0, &a);
	}
	free(lanes);
}

/*
 * The call activity names what it calls: the BPMN calledElement attribute,
 * or a tool's <calledElement processId="..."/> extension (Camunda, Zeebe).
 */
static bool calls_something(const struct ka_el *el)
{
	const char *ce = ka_xml_attr(el->xml, NULL, "calledElement");
	const struct ka_xml_node *ext, *x;

	if (ce && *ce)
		return true;
	ext = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	for (x = ext ? ext->first : NULL; x; x = x->next) {
		const char *pid;

		if (x->type != KA_XML_ELEMENT || strcmp(x->name->local, "calledElement"))
			continue;
		pid = ka_xml_attr(x, NULL, "processId");
		if (pid && *pid)
			return true;
	}
	return false;
}

static void call_activity_called_element(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (ka_check_in_scope(c, i) && el->kind == KA_K_CALL_ACTIVITY &&
		    !calls_something(el))
			ka_check_report(c, el, 0, NULL);
	}
}

static void collapsed_sub_process_child(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (ka_check_in_scope(c, i) && el->kind == KA_K_SUB_PROCESS &&
		    ka_check_collapsed(el) && c->scope[i].nnodes == 0)
			ka_check_report(c, el, 0, NULL);
	}
}

static void overview_map_size(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	size_t p, i;

	for (p = 0; p < m->processes.n; p++) {
		const struct ka_el *proc = m->processes.v[p];
		struct ka_check_args a = {NULL, 0, OVERVIEW_MAX_ACTIVITIES, NULL};

		if (!proc->ext || !proc->ext->map_level || strcmp(proc->ext->map_level, "overview"))
			continue;
		for (i = 0; i < m->els.n; i++) {
			const struct ka_el *el = m->els.v[i];

			if ((el->type->flags & KA_TF_ACTIVITY) && ka_check_in_scope(c, i) &&
			    el->container == proc)
				a.n++;
		}
		if (a.n > OVERVIEW_MAX_ACTIVITIES)
			ka_check_report(c, proc, 0, &a);
	}
}

static const struct ka_check_rule rules[] = {
    {"sequence-flow-crossing-pool",
     KA_SEV_ERROR,
     sequence_flow_crossing_pool,
     {{"{Def} crosses from one pool to another (at {ref}): sequence flows stay inside "
       "one pool; between pools, use a message flow",
       "{Def} går fra ett basseng til et annet (ved {ref}): sekvensflyt holder seg i ett "
       "basseng; mellom bassenger brukes meldingsflyt",
       "{Def} går från en pool till en annan (vid {ref}): sekvensflöden stannar i en "
       "pool; mellan pooler används meddelandeflöden"}}},
    {"sequence-flow-crossing-sub-process",
     KA_SEV_ERROR,
     sequence_flow_crossing_sub_process,
     {{"{Def} crosses the border of a sub-process (at {ref}): connect to the "
       "sub-process itself, and inside it start from its start event",
       "{Def} krysser grensen til en delprosess (ved {ref}): koble til selve "
       "delprosessen, og start fra dens starthendelse inne i den",
       "{Def} korsar gränsen till en delprocess (vid {ref}): koppla till själva "
       "delprocessen, och börja från dess starthändelse inuti den"}}},
    {"message-flow-inside-pool",
     KA_SEV_ERROR,
     message_flow_inside_pool,
     {{"{Def} connects two elements of the same pool {ref}: message flows go between "
       "pools; inside a pool, use a sequence flow",
       "{Def} kobler to elementer i samme basseng {ref}: meldingsflyt går mellom "
       "bassenger; i ett basseng brukes sekvensflyt",
       "{Def} kopplar två element i samma pool {ref}: meddelandeflöden går mellan pooler; "
       "inom en pool används sekvensflöden"}}},
    {"activity-in-one-lane",
     KA_SEV_ERROR,
     activity_in_one_lane,
     {{"{Def} is in no lane: place every activity in the lane of the role that does it",
       "{Def} ligger ikke i noen svømmebane: plasser hver aktivitet i banen til rollen "
       "som utfører den",
       "{Def} ligger inte i någon simbana: placera varje aktivitet i simbanan för den roll "
       "som utför den"},
      {"{Def} is in {n} lanes: an activity belongs to exactly one role's lane",
       "{Def} ligger i {n} svømmebaner: en aktivitet hører til nøyaktig én rolles bane",
       "{Def} ligger i {n} simbanor: en aktivitet hör till exakt en rolls simbana"}}},
    {"call-activity-called-element",
     KA_SEV_ERROR,
     call_activity_called_element,
     {{"{Def} does not say which process it calls: link it to its child map "
       "(calledElement)",
       "{Def} sier ikke hvilken prosess den kaller: koble den til underkartet sitt "
       "(calledElement)",
       "{Def} anger inte vilken process den anropar: koppla den till sin underkarta "
       "(calledElement)"}}},
    {"collapsed-sub-process-child",
     KA_SEV_WARNING,
     collapsed_sub_process_child,
     {{"{Def} is drawn collapsed but holds no steps: link it to a child map that shows "
       "what happens inside",
       "{Def} er tegnet lukket, men inneholder ingen steg: koble den til et underkart som "
       "viser hva som skjer inni",
       "{Def} är ritad hopfälld men innehåller inga steg: koppla den till en underkarta "
       "som visar vad som händer inuti"}}},
    {"overview-map-size",
     KA_SEV_WARNING,
     overview_map_size,
     {{"{Def} is an overview map with {n} activities: keep an overview to at most {max} "
       "and move the detail into sub-processes",
       "{Def} er et oversiktskart med {n} aktiviteter: hold oversikten på høyst {max} og "
       "flytt detaljene til delprosesser",
       "{Def} är en översiktskarta med {n} aktiviteter: håll översikten till högst {max} "
       "och flytta detaljerna till delprocesser"}}},
};

const struct ka_check_table ka_check_rules_structure = {rules, sizeof(rules) / sizeof(rules[0])};
