/*
 * Rules about events: every process and sub-process starts and ends with an
 * event, nothing flows into a start or out of an end, one blank start event
 * per level, blank start events in sub-processes, and link events that pair
 * up by name.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "check_int.h"
#include "kartla/banned.h"

/* A container the start/end rules apply to: holds flow nodes, not ad hoc. */
static bool needs_events(const struct ka_check_ctx *c, size_t i)
{
	const struct ka_check_scope *s = &c->scope[i];

	return s->is_container && s->nnodes > 0 && !s->adhoc;
}

static void start_event_required(struct ka_check_ctx *c)
{
	size_t k;

	for (k = 0; k < c->ncontainers; k++) {
		size_t i = c->containers[k];

		if (needs_events(c, i) && c->scope[i].nstart == 0)
			ka_check_report(c, c->m->els.v[i], 0, NULL);
	}
}

static void end_event_required(struct ka_check_ctx *c)
{
	size_t k;

	for (k = 0; k < c->ncontainers; k++) {
		size_t i = c->containers[k];

		if (needs_events(c, i) && c->scope[i].nend == 0)
			ka_check_report(c, c->m->els.v[i], 0, NULL);
	}
}

static void no_flow_into_start(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!ka_check_in_scope(c, i) || el->kind != KA_K_START_EVENT || !el->incoming.n)
			continue;
		a.n = (long)el->incoming.n;
		ka_check_report(c, el, 0, &a);
	}
}

static void no_flow_out_of_end(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!ka_check_in_scope(c, i) || el->kind != KA_K_END_EVENT || !el->outgoing.n)
			continue;
		a.n = (long)el->outgoing.n;
		ka_check_report(c, el, 0, &a);
	}
}

static bool blank_start(const struct ka_check_ctx *c, const struct ka_el *el)
{
	return ka_check_in_scope(c, el->index) && el->kind == KA_K_START_EVENT && el->nevdefs == 0;
}

static void single_blank_start_event(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	const struct ka_el **first = ka_xcalloc(m->els.n + 1, sizeof(*first));
	size_t i;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};
		size_t k;

		if (!blank_start(c, el))
			continue;
		k = el->container->index;
		if (!needs_events(c, k))
			continue;
		if (!first[k]) {
			first[k] = el;
			continue;
		}
		a.ref = first[k];
		ka_check_report(c, el, 0, &a);
	}
	free(first);
}

static void sub_process_blank_start_event(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (!ka_check_in_scope(c, i) || el->kind != KA_K_START_EVENT || el->nevdefs == 0 ||
		    el->container->kind != KA_K_SUB_PROCESS || el->container->triggered_by_event)
			continue;
		ka_check_report(c, el, 0, NULL);
	}
}

static void link_event(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	const struct ka_el **links = NULL;
	size_t i, j, n = 0;

	for (i = 0; i < m->els.n; i++)
		if (ka_check_in_scope(c, i) && ka_check_is_link(m->els.v[i]))
			n++;
	if (!n)
		return;
	links = ka_xcalloc(n, sizeof(*links));
	n = 0;
	for (i = 0; i < m->els.n; i++)
		if (ka_check_in_scope(c, i) && ka_check_is_link(m->els.v[i]))
			links[n++] = m->els.v[i];
	for (i = 0; i < n; i++) {
		const struct ka_el *e = links[i];
		const char *name = ka_check_link_name(e);
		bool is_catch = e->kind == KA_K_CATCH_EVENT;
		size_t throws = 0, catches = 0;
		struct ka_check_args a = {NULL, 0, 0, name};

		if (!*name) {
			ka_check_report(c, e, 0, NULL);
			continue;
		}
		for (j = 0; j < n; j++) {
			if (j == i || links[j]->container != e->container ||
			    strcmp(ka_check_link_name(links[j]), name))
				continue;
			if (links[j]->kind == KA_K_CATCH_EVENT)
				catches++;
			else
				throws++;
		}
		if (!is_catch && !catches)
			ka_check_report(c, e, 1, &a);
		if (is_catch && !throws)
			ka_check_report(c, e, 2, &a);
		if (is_catch && catches)
			ka_check_report(c, e, 3, &a);
	}
	free(links);
}

static const struct ka_check_rule rules[] = {
    {"start-event-required",
     KA_SEV_ERROR,
     start_event_required,
     {{"{Def} has no start event: add one where it begins, named after what triggers it",
       "{Def} mangler starthendelse: legg til en der den begynner, med navn etter det som "
       "utløser den",
       "{Def} saknar starthändelse: lägg till en där den börjar, med namn efter det som "
       "startar den"}}},
    {"end-event-required",
     KA_SEV_ERROR,
     end_event_required,
     {{"{Def} has no end event: add one where it ends, named after the result",
       "{Def} mangler slutthendelse: legg til en der den slutter, med navn etter resultatet",
       "{Def} saknar sluthändelse: lägg till en där den slutar, med namn efter resultatet"}}},
    {"no-flow-into-start",
     KA_SEV_ERROR,
     no_flow_into_start,
     {{"{Def} has {n} incoming sequence flow(s): nothing may flow into a start event; "
       "use an intermediate event or a gateway instead",
       "{Def} har {n} innkommende sekvensflyt(er): ingenting kan flyte inn i en "
       "starthendelse; bruk en mellomliggende hendelse eller en gateway",
       "{Def} har {n} inkommande sekvensflöde(n): inget får flöda in i en starthändelse; "
       "använd en mellanliggande händelse eller en gateway"}}},
    {"no-flow-out-of-end",
     KA_SEV_ERROR,
     no_flow_out_of_end,
     {{"{Def} has {n} outgoing sequence flow(s): nothing may flow out of an end event; "
       "use an intermediate event if the process goes on",
       "{Def} har {n} utgående sekvensflyt(er): ingenting kan flyte ut av en "
       "slutthendelse; bruk en mellomliggende hendelse hvis prosessen fortsetter",
       "{Def} har {n} utgående sekvensflöde(n): inget får flöda ut ur en sluthändelse; "
       "använd en mellanliggande händelse om processen fortsätter"}}},
    {"single-blank-start-event",
     KA_SEV_WARNING,
     single_blank_start_event,
     {{"{Def} is a second start event without a trigger on the same level as {ref}: "
       "merge them, or say what triggers each (message, timer, ...)",
       "{Def} er en starthendelse nummer to uten utløser på samme nivå som {ref}: slå "
       "dem sammen, eller vis hva som utløser hver (melding, tid, ...)",
       "{Def} är en andra starthändelse utan utlösare på samma nivå som {ref}: slå ihop "
       "dem, eller visa vad som startar var och en (meddelande, tid, ...)"}}},
    {"sub-process-blank-start-event",
     KA_SEV_ERROR,
     sub_process_blank_start_event,
     {{"{Def} of a sub-process has a trigger (message, timer, ...): a sub-process is "
       "started by the flow that enters it, so its start event must be blank",
       "{Def} i en delprosess har en utløser (melding, tid, ...): en delprosess startes "
       "av flyten som går inn i den, så starthendelsen skal være blank",
       "{Def} i en delprocess har en utlösare (meddelande, tid, ...): en delprocess "
       "startas av flödet som går in i den, så starthändelsen ska vara blank"}}},
    {"link-event",
     KA_SEV_ERROR,
     link_event,
     {{"{Def} is a link event without a name: link events pair up by name",
       "{Def} er en lenkehendelse uten navn: lenkehendelser kobles sammen etter navn",
       "{Def} är en länkhändelse utan namn: länkhändelser paras ihop efter namn"},
      {"{Def} throws link \"{text}\" but no link catch event on this level has that name",
       "{Def} sender lenken \"{text}\", men ingen lenkemottaker på dette nivået har det "
       "navnet",
       "{Def} kastar länken \"{text}\", men ingen länkmottagare på den här nivån har det "
       "namnet"},
      {"{Def} catches link \"{text}\" but no link throw event on this level has that name",
       "{Def} tar imot lenken \"{text}\", men ingen lenkesender på dette nivået har det "
       "navnet",
       "{Def} tar emot länken \"{text}\", men ingen länksändare på den här nivån har det "
       "namnet"},
      {"{Def} catches link \"{text}\", and so does another link catch event on this "
       "level: give each catch its own name",
       "{Def} tar imot lenken \"{text}\", og det gjør en annen lenkemottaker på dette "
       "nivået også: gi hver mottaker sitt eget navn",
       "{Def} tar emot länken \"{text}\", och det gör en annan länkmottagare på den här "
       "nivån också: ge varje mottagare ett eget namn"}}},
};

const struct ka_check_table ka_check_rules_events = {rules, sizeof(rules) / sizeof(rules[0])};
