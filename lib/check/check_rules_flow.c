/*
 * Rules about the sequence flow as a graph: every step connected in and out,
 * no implicit starts, ends, splits or joins, everything reachable from a
 * start and able to reach an end, no duplicate flows, and conditions and
 * default flows that agree with each other.
 *
 * "Implicit" starts and ends are valid BPMN in a process or sub-process that
 * has no start (end) events at all; such a level gets one finding from
 * start-event-required (end-event-required) instead of one per element.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "check_int.h"
#include "kartla/banned.h"

/* Flow node the connection rules look at, with the facts of its level. */
static bool connectable(const struct ka_check_ctx *c, size_t i, const struct ka_check_scope **scope)
{
	const struct ka_el *el = c->m->els.v[i];

	if (!ka_check_in_scope(c, i) || c->node[i].exempt)
		return false;
	*scope = &c->scope[el->container->index];
	return !(*scope)->adhoc;
}

static bool disconnected(const struct ka_check_ctx *c, size_t i)
{
	const struct ka_el *el = c->m->els.v[i];

	return !el->incoming.n && !el->outgoing.n && !c->node[i].start_like && !c->node[i].end_like;
}

static void no_disconnected(struct ka_check_ctx *c)
{
	const struct ka_check_scope *s;
	size_t i;

	for (i = 0; i < c->m->els.n; i++)
		if (connectable(c, i, &s) && (s->nstart || s->nend) && disconnected(c, i))
			ka_check_report(c, c->m->els.v[i], 0, NULL);
}

static void no_implicit_start(struct ka_check_ctx *c)
{
	const struct ka_check_scope *s;
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (connectable(c, i, &s) && s->nstart && !el->incoming.n &&
		    !c->node[i].start_like && !disconnected(c, i))
			ka_check_report(c, el, 0, NULL);
	}
}

static void no_implicit_end(struct ka_check_ctx *c)
{
	const struct ka_check_scope *s;
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (connectable(c, i, &s) && s->nend && !el->outgoing.n && !c->node[i].end_like &&
		    !disconnected(c, i))
			ka_check_report(c, el, el->kind == KA_K_BOUNDARY_EVENT ? 1 : 0, NULL);
	}
}

/* Forward search from every start over the flow graph; reached[i] set for what it reaches. */
static void search_forward(const struct ka_check_ctx *c, bool *reached)
{
	const struct ka_map *m = c->m;
	size_t *stack = ka_xcalloc(m->els.n + 1, sizeof(*stack)), top = 0, i, j;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];
		const struct ka_check_node *n = &c->node[i];
		bool seed;

		if (!ka_check_in_scope(c, i) || n->exempt)
			continue;
		seed =
		    el->kind == KA_K_START_EVENT ||
		    (n->start_like && el->kind != KA_K_BOUNDARY_EVENT && !ka_check_is_link(el)) ||
		    (!c->scope[el->container->index].nstart && !el->incoming.n &&
		     !ka_check_is_link(el) && el->kind != KA_K_BOUNDARY_EVENT);
		if (seed && !reached[i]) {
			reached[i] = true;
			stack[top++] = i;
		}
	}
	while (top) {
		const struct ka_check_node *n = &c->node[stack[--top]];

		for (j = 0; j < n->succ.n; j++) {
			size_t t = n->succ.v[j]->index;

			if (!reached[t]) {
				reached[t] = true;
				stack[top++] = t;
			}
		}
	}
	free(stack);
}

static void unreachable(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	const struct ka_check_scope *s;
	bool *reached = ka_xcalloc(m->els.n + 1, sizeof(*reached));
	size_t i;

	search_forward(c, reached);
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];

		if (!connectable(c, i, &s) || reached[i] || el->kind == KA_K_BOUNDARY_EVENT)
			continue;
		/* no incoming flow at all: no-implicit-start / no-disconnected speak of it */
		if (!el->incoming.n && !ka_check_is_link(el))
			continue;
		ka_check_report(c, el, 0, NULL);
	}
	free(reached);
}

static void dead_end(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	const struct ka_check_scope *s;
	size_t n = m->els.n, i, j, top = 0, nedges = 0;
	size_t *first = ka_xcalloc(n + 2, sizeof(*first)), *fill, *preds, *stack;
	bool *ends = ka_xcalloc(n + 1, sizeof(*ends));

	/* predecessor lists (compressed rows) from the successor lists (flow nodes in scope only)
	 */
	for (i = 0; i < n; i++)
		for (j = 0; ka_check_in_scope(c, i) && j < c->node[i].succ.n; j++)
			first[c->node[i].succ.v[j]->index + 1]++;
	for (i = 0; i < n; i++)
		first[i + 1] += first[i];
	nedges = first[n];
	preds = ka_xcalloc(nedges + 1, sizeof(*preds));
	fill = ka_xcalloc(n + 1, sizeof(*fill));
	stack = ka_xcalloc(n + 1, sizeof(*stack));
	for (i = 0; i < n; i++) {
		for (j = 0; ka_check_in_scope(c, i) && j < c->node[i].succ.n; j++) {
			size_t t = c->node[i].succ.v[j]->index;

			preds[first[t] + fill[t]++] = i;
		}
	}
	/* sinks: end events, and whatever has no way on (reported by other rules) */
	for (i = 0; i < n; i++) {
		if (!ka_check_in_scope(c, i) || c->node[i].exempt)
			continue;
		if (m->els.v[i]->kind == KA_K_END_EVENT || !c->node[i].succ.n) {
			ends[i] = true;
			stack[top++] = i;
		}
	}
	while (top) {
		size_t t = stack[--top];

		for (j = first[t]; j < first[t + 1]; j++) {
			if (!ends[preds[j]]) {
				ends[preds[j]] = true;
				stack[top++] = preds[j];
			}
		}
	}
	for (i = 0; i < n; i++)
		if (connectable(c, i, &s) && !ends[i])
			ka_check_report(c, m->els.v[i], 0, NULL);
	free(first);
	free(fill);
	free(preds);
	free(stack);
	free(ends);
}

static bool is_default(const struct ka_el *node, const struct ka_el *flow)
{
	return node->default_flow == flow;
}

static void no_implicit_split(struct ka_check_ctx *c)
{
	size_t i, j;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!ka_check_in_scope(c, i) || el->kind == KA_K_GATEWAY || el->outgoing.n < 2)
			continue;
		for (j = 0; j < el->outgoing.n; j++)
			if (!el->outgoing.v[j]->has_condition && !is_default(el, el->outgoing.v[j]))
				a.n++;
		if (a.n > 1)
			ka_check_report(c, el, 0, &a);
	}
}

static void fake_join(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, 0, 0, NULL};

		if (!ka_check_in_scope(c, i) || !(el->type->flags & KA_TF_ACTIVITY) ||
		    el->incoming.n < 2)
			continue;
		a.n = (long)el->incoming.n;
		ka_check_report(c, el, 0, &a);
	}
}

/* The text of a flow's condition expression, into b (empty without one). */
static void condition_text(const struct ka_el *flow, struct ka_buf *b)
{
	const struct ka_xml_node *ce = ka_xml_child(flow->xml, KA_NS_BPMN, "conditionExpression");
	const struct ka_xml_node *t;

	ka_buf_reset(b);
	if (!ce)
		return;
	ka_buf_addc(b, '?'); /* a condition, even an empty one, differs from none */
	if (ce->text)
		ka_buf_add(b, ce->text, ce->text_len);
	for (t = ce->first; t; t = t->next)
		if (t->type == KA_XML_TEXT && t->text)
			ka_buf_add(b, t->text, t->text_len);
}

static void no_duplicate_sequence_flows(struct ka_check_ctx *c)
{
	struct ka_buf x, y;
	size_t i, j, k;

	ka_buf_init(&x, KA_BUF_UNLIMITED);
	ka_buf_init(&y, KA_BUF_UNLIMITED);
	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (!ka_check_in_scope(c, i))
			continue;
		for (j = 1; j < el->outgoing.n; j++) {
			const struct ka_el *f = el->outgoing.v[j];

			condition_text(f, &y);
			for (k = 0; k < j; k++) {
				const struct ka_el *g = el->outgoing.v[k];
				struct ka_check_args a = {g, 0, 0, NULL};

				if (g->target != f->target || g == f)
					continue;
				condition_text(g, &x);
				if (x.len != y.len || memcmp(x.data, y.data, x.len))
					continue;
				ka_check_report(c, f, 0, &a);
				break;
			}
		}
	}
	ka_buf_release(&x);
	ka_buf_release(&y);
}

static void conditional_flows(struct ka_check_ctx *c)
{
	size_t i, j;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		bool any = false;

		if (!ka_check_in_scope(c, i))
			continue;
		if (el->default_flow && el->default_flow->source != el) {
			struct ka_check_args a = {el->default_flow, 0, 0, NULL};

			ka_check_report(c, el, 0, &a);
		}
		if (!ka_check_decision(el))
			continue;
		for (j = 0; j < el->outgoing.n; j++)
			any |= el->outgoing.v[j]->has_condition;
		if (!any)
			continue; /* branches told apart by their labels: gateway-branches-labelled
			           */
		for (j = 0; j < el->outgoing.n; j++) {
			const struct ka_el *f = el->outgoing.v[j];
			struct ka_check_args a = {el, 0, 0, NULL};

			if (!f->has_condition && !is_default(el, f))
				ka_check_report(c, f, 1, &a);
		}
	}
}

static const struct ka_check_rule rules[] = {
    {"no-disconnected",
     KA_SEV_ERROR,
     no_disconnected,
     {{"{Def} is not connected: no sequence flow goes into or out of it",
       "{Def} henger ikke sammen med noe: ingen sekvensflyt går inn i eller ut av den",
       "{Def} hänger inte ihop med något: inget sekvensflöde går in i eller ut ur den"}}},
    {"no-implicit-start",
     KA_SEV_ERROR,
     no_implicit_start,
     {{"{Def} has no incoming sequence flow, so it starts on its own: connect it, or "
       "begin with a start event",
       "{Def} har ingen innkommende sekvensflyt og starter derfor av seg selv: koble den "
       "til, eller begynn med en starthendelse",
       "{Def} har inget inkommande sekvensflöde och startar därför av sig själv: koppla "
       "den, eller börja med en starthändelse"}}},
    {"no-implicit-end",
     KA_SEV_ERROR,
     no_implicit_end,
     {{"{Def} has no outgoing sequence flow, so the path stops here without an end "
       "event: connect it onward, or end with an end event",
       "{Def} har ingen utgående sekvensflyt, så flyten stopper her uten slutthendelse: "
       "koble den videre, eller avslutt med en slutthendelse",
       "{Def} har inget utgående sekvensflöde, så flödet stannar här utan sluthändelse: "
       "koppla den vidare, eller avsluta med en sluthändelse"},
      {"{Def} has no outgoing sequence flow: show what happens when it occurs",
       "{Def} har ingen utgående sekvensflyt: vis hva som skjer når den inntreffer",
       "{Def} har inget utgående sekvensflöde: visa vad som händer när den inträffar"}}},
    {"unreachable",
     KA_SEV_ERROR,
     unreachable,
     {{"{Def} cannot be reached from any start event: no path of sequence flows leads "
       "here",
       "{Def} kan ikke nås fra noen starthendelse: ingen vei av sekvensflyter leder hit",
       "{Def} kan inte nås från någon starthändelse: ingen väg av sekvensflöden leder "
       "hit"}}},
    {"dead-end",
     KA_SEV_ERROR,
     dead_end,
     {{"{Def} cannot reach any end event: every path from here goes round in a loop; "
       "add a way out",
       "{Def} kan ikke nå noen slutthendelse: alle veier herfra går i ring; legg til en "
       "vei ut",
       "{Def} kan inte nå någon sluthändelse: alla vägar härifrån går runt i en slinga; "
       "lägg till en väg ut"}}},
    {"no-implicit-split",
     KA_SEV_WARNING,
     no_implicit_split,
     {{"{Def} has {n} outgoing sequence flows without conditions, so the work splits "
       "into {n} parallel paths here: show the split with a gateway",
       "{Def} har {n} utgående sekvensflyter uten betingelser, så arbeidet deler seg i "
       "{n} parallelle løp her: vis delingen med en gateway",
       "{Def} har {n} utgående sekvensflöden utan villkor, så arbetet delar sig i {n} "
       "parallella flöden här: visa delningen med en gateway"}}},
    {"fake-join",
     KA_SEV_WARNING,
     fake_join,
     {{"{Def} has {n} incoming sequence flows: it runs once for each that arrives and "
       "does not wait for the others; join them with a gateway first",
       "{Def} har {n} innkommende sekvensflyter: den utføres én gang for hver som kommer "
       "og venter ikke på de andre; samle dem med en gateway først",
       "{Def} har {n} inkommande sekvensflöden: den utförs en gång för varje som kommer "
       "och väntar inte på de andra; samla dem med en gateway först"}}},
    {"no-duplicate-sequence-flows",
     KA_SEV_ERROR,
     no_duplicate_sequence_flows,
     {{"{Def} duplicates {ref}: same source, same target, same condition; remove one",
       "{Def} er en kopi av {ref}: samme kilde, samme mål, samme betingelse; fjern den "
       "ene",
       "{Def} är en kopia av {ref}: samma källa, samma mål, samma villkor; ta bort det "
       "ena"}}},
    {"conditional-flows",
     KA_SEV_ERROR,
     conditional_flows,
     {{"{Def} names {ref} as its default flow, but that flow does not leave it",
       "{Def} har {ref} som standardflyt, men den flyten går ikke ut fra den",
       "{Def} har {ref} som standardflöde, men det flödet går inte ut från den"},
      {"{Def} leaves {ref} without a condition while other branches have one: give it "
       "a condition or make it the default flow",
       "{Def} går ut fra {ref} uten betingelse mens andre grener har en: gi den en "
       "betingelse eller gjør den til standardflyt",
       "{Def} går ut från {ref} utan villkor medan andra grenar har ett: ge det ett "
       "villkor eller gör det till standardflöde"}}},
};

const struct ka_check_table ka_check_rules_flow = {rules, sizeof(rules) / sizeof(rules[0])};
