/*
 * Rules about gateways: a split has at least two ways out, a gateway either
 * joins or splits (not both) and is not there for nothing, an event-based
 * gateway waits for events, and the paths a parallel split opens are joined
 * again before the process ends.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "check_int.h"
#include "kartla/banned.h"

static bool ends_with_question(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	return n && s[n - 1] == '?';
}

/* A gateway meant to split: declared so, a default or conditional flow, or a question. */
static bool meant_to_split(const struct ka_check_ctx *c, const struct ka_el *gw)
{
	return ka_check_gateway_splits(gw) ||
	       ends_with_question(ka_el_label(gw, ka_lang_code(c->lang)));
}

static bool gateway(const struct ka_check_ctx *c, size_t i)
{
	return ka_check_in_scope(c, i) && c->m->els.v[i]->kind == KA_K_GATEWAY;
}

static void gateway_split_outgoing(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (gateway(c, i) && el->gateway != KA_GW_EVENT_BASED && el->outgoing.n == 1 &&
		    meant_to_split(c, el))
			ka_check_report(c, el, 0, NULL);
	}
}

static void no_gateway_join_fork(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, (long)el->incoming.n, (long)el->outgoing.n, NULL};

		if (gateway(c, i) && el->incoming.n > 1 && el->outgoing.n > 1)
			ka_check_report(c, el, 0, &a);
	}
}

static void superfluous_gateway(struct ka_check_ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];

		if (gateway(c, i) && el->gateway != KA_GW_EVENT_BASED && el->incoming.n == 1 &&
		    el->outgoing.n == 1 && !meant_to_split(c, el))
			ka_check_report(c, el, 0, NULL);
	}
}

/* What an event-based gateway may lead to: catch events of waiting kinds, receive tasks. */
static bool waits_for_event(const struct ka_el *t)
{
	const unsigned ok = KA_EV_MESSAGE | KA_EV_TIMER | KA_EV_SIGNAL | KA_EV_CONDITIONAL;

	if (!t)
		return false;
	if (t->kind == KA_K_CATCH_EVENT)
		return t->nevdefs > 0 && t->evdefs && !(t->evdefs & ~ok);
	return ka_check_is(t, "receiveTask");
}

static void event_based_gateway(struct ka_check_ctx *c)
{
	size_t i, j;

	for (i = 0; i < c->m->els.n; i++) {
		const struct ka_el *el = c->m->els.v[i];
		struct ka_check_args a = {NULL, (long)el->outgoing.n, 0, NULL};

		if (!gateway(c, i) || el->gateway != KA_GW_EVENT_BASED)
			continue;
		if (el->outgoing.n < 2)
			ka_check_report(c, el, 0, &a);
		for (j = 0; j < el->outgoing.n; j++) {
			const struct ka_el *f = el->outgoing.v[j];

			a.ref = f->target;
			if (!waits_for_event(f->target))
				ka_check_report(c, el, 1, &a);
			a.ref = el;
			if (f->has_condition)
				ka_check_report(c, f, 2, &a);
		}
	}
}

/* A gateway that synchronises paths: parallel, inclusive or complex with 2+ incoming. */
static bool sync_join(const struct ka_el *el)
{
	return el->kind == KA_K_GATEWAY && el->incoming.n >= 2 &&
	       (el->gateway == KA_GW_PARALLEL || el->gateway == KA_GW_INCLUSIVE ||
	        el->gateway == KA_GW_COMPLEX);
}

/*
 * The search state of parallel_split_joined, kept across splits: per path a
 * bit per element (visited), per element how many paths reached it, and the
 * breadth-first queue of (path, element) visits, which is also the list of
 * what to reset after a split.
 */
struct split_search {
	uint64_t *seen; /* npaths rows of `words` words */
	size_t words, seen_rows;
	size_t *count; /* per element */
	struct visit {
		size_t path, el;
	} * q;
	size_t nq, allocq;
};

/* Path p reaches element t: queued once per path; true when t joins all npaths paths. */
static bool split_visit(struct split_search *s, const struct ka_map *m, size_t p, size_t t,
                        size_t npaths)
{
	uint64_t *w = &s->seen[p * s->words + t / 64], bit = (uint64_t)1 << (t % 64);

	if (*w & bit)
		return false;
	*w |= bit;
	if (s->nq == s->allocq) {
		s->allocq = s->allocq ? s->allocq * 2 : 256;
		s->q = ka_xreallocarray(s->q, s->allocq, sizeof(*s->q));
	}
	s->q[s->nq].path = p;
	s->q[s->nq].el = t;
	s->nq++;
	return ++s->count[t] == npaths && sync_join(m->els.v[t]);
}

/* True when some synchronising gateway is reached from every one of the paths. */
static bool split_joined(struct split_search *s, const struct ka_check_ctx *c, size_t split,
                         const struct ka_el *const *paths, size_t npaths)
{
	const struct ka_map *m = c->m;
	size_t head = 0, j, k;
	bool joined = false;

	if (npaths > s->seen_rows) {
		s->seen = ka_xreallocarray(s->seen, npaths * s->words, sizeof(*s->seen));
		memset(s->seen + s->seen_rows * s->words, 0,
		       (npaths - s->seen_rows) * s->words * sizeof(*s->seen));
		s->seen_rows = npaths;
	}
	s->nq = 0;
	for (j = 0; j < npaths && !joined; j++)
		joined = split_visit(s, m, j, paths[j]->index, npaths);
	while (head < s->nq && !joined) {
		const struct visit v = s->q[head++];
		const struct ka_check_node *xn = &c->node[v.el];

		for (k = 0; k < xn->succ.n && !joined; k++) {
			size_t t = xn->succ.v[k]->index;

			if (t != split)
				joined = split_visit(s, m, v.path, t, npaths);
		}
	}
	for (j = 0; j < s->nq; j++) {
		s->seen[s->q[j].path * s->words + s->q[j].el / 64] = 0;
		s->count[s->q[j].el] = 0;
	}
	return joined;
}

/*
 * For each parallel split, searches forward from its outgoing paths at
 * once, breadth first and taking turns, counting per element how many of
 * the paths reach it; the split is joined when some synchronising gateway
 * is reached by all of them. The search stops there, so a split joined a
 * few steps on costs a few steps (searching each path to the end of the map
 * in turn made the rule quadratic on long maps); only the elements touched
 * are reset between splits.
 */
static void parallel_split_joined(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	size_t n = m->els.n, i, j, k;
	struct split_search s;
	const struct ka_el **paths = NULL;

	memset(&s, 0, sizeof(s));
	s.words = n / 64 + 1;
	for (i = 0; i < n; i++) {
		const struct ka_el *el = m->els.v[i];
		const struct ka_check_node *g = &c->node[i];
		size_t npaths = 0;

		if (!gateway(c, i) || el->gateway != KA_GW_PARALLEL || g->succ.n < 2)
			continue;
		if (!s.count)
			s.count = ka_xcalloc(n + 1, sizeof(*s.count));
		/* two flows to the same element are one path */
		paths = ka_xreallocarray(paths, g->succ.n, sizeof(*paths));
		for (j = 0; j < g->succ.n; j++) {
			for (k = 0; k < npaths && paths[k] != g->succ.v[j]; k++)
				;
			if (k == npaths)
				paths[npaths++] = g->succ.v[j];
		}
		if (npaths < 2)
			continue;
		if (!split_joined(&s, c, i, paths, npaths)) {
			struct ka_check_args a = {NULL, (long)npaths, 0, NULL};

			ka_check_report(c, el, 0, &a);
		}
	}
	free(s.seen);
	free(s.count);
	free(s.q);
	free(paths);
}

static const struct ka_check_rule rules[] = {
    {"gateway-split-outgoing",
     KA_SEV_ERROR,
     gateway_split_outgoing,
     {{"{Def} is meant to split the flow but has only one way out: add the other "
       "branches, or remove the gateway",
       "{Def} skal dele flyten, men har bare én vei ut: legg til de andre grenene, eller "
       "fjern gatewayen",
       "{Def} ska dela flödet men har bara en väg ut: lägg till de andra grenarna, eller "
       "ta bort gatewayen"}}},
    {"no-gateway-join-fork",
     KA_SEV_WARNING,
     no_gateway_join_fork,
     {{"{Def} both joins ({n} in) and splits ({max} out): use one gateway to join and "
       "another to split, so each reads clearly",
       "{Def} både samler ({n} inn) og deler ({max} ut): bruk én gateway til å samle og "
       "en annen til å dele, så hver blir tydelig",
       "{Def} både samlar ({n} in) och delar ({max} ut): använd en gateway för att samla "
       "och en annan för att dela, så att var och en blir tydlig"}}},
    {"superfluous-gateway",
     KA_SEV_WARNING,
     superfluous_gateway,
     {{"{Def} has one way in and one way out, so it does nothing: remove it",
       "{Def} har én vei inn og én vei ut og gjør derfor ingenting: fjern den",
       "{Def} har en väg in och en väg ut och gör därför ingenting: ta bort den"}}},
    {"event-based-gateway",
     KA_SEV_ERROR,
     event_based_gateway,
     {{"{Def} has {n} way(s) out: it waits for one of several events, so it needs at "
       "least two",
       "{Def} har {n} vei(er) ut: den venter på én av flere hendelser og trenger derfor "
       "minst to",
       "{Def} har {n} väg(ar) ut: den väntar på en av flera händelser och behöver därför "
       "minst två"},
      {"{Def} leads to {ref} ({refkind}): after an event-based gateway come only "
       "intermediate catch events (message, timer, signal, condition) or receive tasks",
       "{Def} leder til {ref} ({refkind}): etter en hendelsesbasert gateway kommer bare "
       "mottakende mellomliggende hendelser (melding, tid, signal, betingelse) eller "
       "mottaksoppgaver",
       "{Def} leder till {ref} ({refkind}): efter en händelsebaserad gateway kommer bara "
       "mottagande mellanliggande händelser (meddelande, tid, signal, villkor) eller "
       "mottagningsuppgifter"},
      {"{Def} leaving {ref} has a condition: the event that occurs first decides the "
       "path, so remove the condition",
       "{Def} ut fra {ref} har en betingelse: hendelsen som inntreffer først avgjør "
       "veien, så fjern betingelsen",
       "{Def} ut från {ref} har ett villkor: händelsen som inträffar först avgör vägen, "
       "så ta bort villkoret"}}},
    {"parallel-split-joined",
     KA_SEV_WARNING,
     parallel_split_joined,
     {{"{Def} splits the work into {n} parallel paths that are never joined again: "
       "join them with a parallel gateway before the end",
       "{Def} deler arbeidet i {n} parallelle løp som aldri samles igjen: samle dem med "
       "en parallell gateway før slutten",
       "{Def} delar arbetet i {n} parallella flöden som aldrig samlas igen: samla dem med "
       "en parallell gateway före slutet"}}},
};

const struct ka_check_table ka_check_rules_gateways = {rules, sizeof(rules) / sizeof(rules[0])};
