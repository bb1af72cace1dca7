/*
 * Token-based replay (docs/eventlog.md §3) of every variant of a log on a
 * map read as a Petri net, counting produced, consumed, missing and
 * remaining tokens as PM4Py's token replay does.
 *
 * The net: a place per sequence flow, a source place (one token at the
 * start) and a sink place. A flow node with several incoming flows (not a
 * parallel or inclusive gateway) merges them into an input place of its own
 * through silent transitions; a start node (no incoming flow, in a
 * top-level process) takes its token from the source. A task, event or
 * sub-process is one transition from its input place to all its outgoing
 * flows (the sink when it has none); with boundary events it goes to a
 * "done" place instead, from which a silent transition takes the normal
 * outgoing flows and each boundary event's transition its own (plus the
 * normal ones when it does not interrupt). An exclusive (event-based,
 * complex) gateway is a silent transition per outgoing flow; a parallel one
 * a single silent transition from all incoming to all outgoing flows; an
 * inclusive one a silent transition per subset of its incoming flows (join)
 * and per subset of its outgoing flows (split), every subset up to 4 flows,
 * beyond that each flow alone and all of them.
 *
 * Replay of a case: each mapped activity instance fires its element's
 * transition. When it is not enabled, the shortest sequence of silent
 * transitions that enables it is fired first (breadth-first over markings,
 * at most SEARCH_STATES of them; among the shortest, the one that, once the
 * transition fired, leaves most tokens where the rest of the case or the end
 * can use them and fewest elsewhere); when none does, the
 * missing tokens are added (missing). At the end, silent transitions move
 * as many tokens as they can to the sink; its tokens are consumed (a
 * missing one when it is empty) and every other token is remaining.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/eventlog_map.h"
#include "eventlog_net.h"
#include "kartla/banned.h"

#define SEARCH_STATES 2048

/* ---- replaying a case ---- */

/* Token counts of a marking (saturating at 255). */
typedef uint8_t tok;

struct search {
	const struct net *n;
	tok *marks; /* SEARCH_STATES markings of np places */
	uint32_t *parent, *via, *depth, *hash;
	size_t nstates, hcap;
};

struct player {
	const struct net *n;
	tok *mark;
	uint64_t p, c, m;
	uint64_t *allowed; /* silent transitions a search may fire */
	uint64_t *future;  /* places the rest of the case needs */
	tok *tmp;          /* scratch marking */
	struct search s;
};

static bool enabled(const struct trans *t, const tok *mk)
{
	uint32_t i;

	for (i = 0; i < t->npre; i++)
		if (!mk[t->pre[i]])
			return false;
	return true;
}

static void fire_on(const struct trans *t, tok *mk)
{
	uint32_t i;

	for (i = 0; i < t->npre; i++)
		if (mk[t->pre[i]])
			mk[t->pre[i]]--;
	for (i = 0; i < t->npost; i++)
		if (mk[t->post[i]] < 255)
			mk[t->post[i]]++;
}

static void fire(struct player *pl, uint32_t ti)
{
	const struct trans *t = &pl->n->t[ti];

	fire_on(t, pl->mark);
	pl->c += t->npre;
	pl->p += t->npost;
}

static uint64_t hash_marking(const tok *mk, uint32_t np)
{
	uint64_t h = 1469598103934665603ull;
	uint32_t i;

	for (i = 0; i < np; i++)
		h = (h ^ mk[i]) * 1099511628211ull;
	return h;
}

/* Adds state i to the hash set unless an equal marking is there; false when it is. */
static bool remember(struct search *s, size_t i)
{
	uint32_t np = s->n->np;
	const tok *mk = s->marks + i * np;
	size_t h = (size_t)(hash_marking(mk, np) % s->hcap);

	while (s->hash[h] != NONE) {
		if (!memcmp(s->marks + (size_t)s->hash[h] * np, mk, np))
			return false;
		h = (h + 1) % s->hcap;
	}
	s->hash[h] = (uint32_t)i;
	return true;
}

/*
 * How well a marking suits the rest of the case: after firing `target` on it, the tokens in
 * places from which a later step (or the end) is reached silently, minus the tokens
 * elsewhere (which would be left over).
 */
static long score(const struct player *pl, const tok *mk, uint32_t target)
{
	long sc = 0;
	uint32_t q;

	memcpy(pl->tmp, mk, pl->n->np);
	if (target != NONE)
		fire_on(&pl->n->t[target], pl->tmp);
	for (q = 0; q < pl->n->np; q++)
		if (pl->tmp[q])
			sc += ka_net_bit(pl->future, q) ? 1 : -1;
	return sc;
}

static bool goal(const struct player *pl, const tok *mk, uint32_t target, tok sink0)
{
	return target == NONE ? mk[pl->n->sink] > sink0 : enabled(&pl->n->t[target], mk);
}

/*
 * The shortest sequence of allowed silent transitions after which `target`
 * is enabled (target NONE: the sink has more than sink0 tokens); fires it
 * and returns true, or returns false and fires nothing.
 */
static bool enable(struct player *pl, uint32_t target, tok sink0)
{
	struct search *s = &pl->s;
	const struct net *n = pl->n;
	size_t i, best = SIZE_MAX, nfire = 0;
	uint32_t ti, bestdepth = NONE, *path;
	long bestscore = 0;

	if (goal(pl, pl->mark, target, sink0))
		return true;
	memset(s->hash, 0xff, s->hcap * sizeof(uint32_t));
	memcpy(s->marks, pl->mark, n->np);
	s->parent[0] = NONE;
	s->depth[0] = 0;
	s->nstates = 1;
	remember(s, 0);
	for (i = 0; i < s->nstates && s->depth[i] < bestdepth; i++) {
		for (ti = 0; ti < n->nt && s->nstates < SEARCH_STATES; ti++) {
			tok *mk = s->marks + s->nstates * n->np;
			if (!ka_net_bit(pl->allowed, ti) ||
			    !enabled(&n->t[ti], s->marks + i * n->np))
				continue;
			memcpy(mk, s->marks + i * n->np, n->np);
			fire_on(&n->t[ti], mk);
			if (!remember(s, s->nstates))
				continue;
			s->parent[s->nstates] = (uint32_t)i;
			s->via[s->nstates] = ti;
			s->depth[s->nstates] = s->depth[i] + 1;
			if (goal(pl, mk, target, sink0)) {
				long sc = score(pl, mk, target);
				if (best == SIZE_MAX || sc > bestscore) {
					best = s->nstates;
					bestdepth = s->depth[s->nstates];
					bestscore = sc;
				}
			}
			s->nstates++;
		}
	}
	if (best == SIZE_MAX)
		return false;
	path = ka_xcalloc(s->depth[best] + 1, sizeof(uint32_t));
	for (i = best; s->parent[i] != NONE; i = s->parent[i])
		path[nfire++] = s->via[i];
	while (nfire)
		fire(pl, path[--nfire]);
	free(path);
	return true;
}

/* The silent transitions that lead to the places of `pre` (or to the sink). */
static void allow_for(struct player *pl, const uint32_t *pre, uint32_t npre)
{
	const struct net *n = pl->n;
	uint32_t i;
	size_t w;

	memset(pl->allowed, 0, n->tw * sizeof(uint64_t));
	for (i = 0; i < npre; i++)
		for (w = 0; w < n->tw; w++)
			pl->allowed[w] |= n->back_t[(size_t)pre[i] * n->tw + w];
}

static void player_init(struct player *pl, const struct net *n)
{
	memset(pl, 0, sizeof(*pl));
	pl->n = n;
	pl->mark = ka_xcalloc(n->np + 1, sizeof(tok));
	pl->allowed = ka_xcalloc(n->tw + 1, sizeof(uint64_t));
	pl->future = ka_xcalloc(n->pw + 1, sizeof(uint64_t));
	pl->tmp = ka_xcalloc(n->np + 1, sizeof(tok));
	pl->s.n = n;
	pl->s.marks = ka_xcalloc((size_t)SEARCH_STATES * n->np + 1, sizeof(tok));
	pl->s.parent = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.via = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.depth = ka_xcalloc(SEARCH_STATES, sizeof(uint32_t));
	pl->s.hcap = SEARCH_STATES * 2 + 1;
	pl->s.hash = ka_xcalloc(pl->s.hcap, sizeof(uint32_t));
}

static void player_free(struct player *pl)
{
	free(pl->mark);
	free(pl->allowed);
	free(pl->future);
	free(pl->tmp);
	free(pl->s.marks);
	free(pl->s.parent);
	free(pl->s.via);
	free(pl->s.depth);
	free(pl->s.hash);
}

/* One case's results. */
struct case_result {
	uint64_t p, c, m, r;
};

/* The transitions of the case's mapped activity instances, in order. */
static uint32_t case_trans(const struct ka_eventlog *log, const struct ka_eventlog_case *cs,
                           const struct ka_eventlog_mapping *m, const struct net *n,
                           uint32_t *trans, uint32_t *acts)
{
	uint32_t k, len = 0;

	for (k = 0; k < cs->n; k++) {
		size_t i = cs->first + k;
		const struct ka_el *el;
		if (!ka_eventlog_event_completes(log, i))
			continue;
		el = m->act_el[log->ev.activity[i]];
		if (!el || n->vis[el->index] == NONE)
			continue;
		trans[len] = n->vis[el->index];
		acts[len++] = log->ev.activity[cs->first + k];
	}
	return len;
}

/* Places from which the steps k.. of the case or the end are reached silently. */
static void future_of(struct player *pl, const uint32_t *trans, uint32_t k, uint32_t len)
{
	const struct net *n = pl->n;
	uint32_t j, i;
	size_t w;

	memcpy(pl->future, n->back_p + (size_t)n->sink * n->pw, n->pw * sizeof(uint64_t));
	for (j = k; j < len; j++)
		for (i = 0; i < n->t[trans[j]].npre; i++)
			for (w = 0; w < n->pw; w++)
				pl->future[w] |=
				    n->back_p[(size_t)n->t[trans[j]].pre[i] * n->pw + w];
}

/* Whether a later step of the case produces (eventually) a token one of the empty places needs. */
static bool later_feeds(const struct net *n, const tok *mk, const struct trans *t,
                        const uint32_t *trans, uint32_t k, uint32_t len)
{
	uint32_t j, i;

	for (j = k + 1; j < len; j++)
		for (i = 0; i < t->npre; i++)
			if (!mk[t->pre[i]] &&
			    ka_net_bit(n->fwd + (size_t)trans[j] * n->pw, t->pre[i]))
				return true;
	return false;
}

static void replay_case(struct player *pl, const uint32_t *trans, const uint32_t *acts,
                        uint32_t len, struct ka_eventlog_replay_act *ra, size_t weight,
                        bool *skipped_act, struct case_result *out)
{
	const struct net *n = pl->n;
	uint32_t k, i, q;
	tok sink0;

	memset(pl->mark, 0, n->np);
	pl->mark[n->source] = 1;
	pl->p = 1, pl->c = 0, pl->m = 0;
	for (k = 0; k < len; k++) {
		const struct trans *t = &n->t[trans[k]];
		struct ka_eventlog_replay_act *a = &ra[acts[k]];
		bool ok = enabled(t, pl->mark);
		if (!ok) {
			future_of(pl, trans, k + 1, len);
			allow_for(pl, t->pre, t->npre);
			ok = enable(pl, trans[k], 0);
		}
		if (!ok) {
			uint64_t miss = 0;
			bool late = later_feeds(n, pl->mark, t, trans, k, len);
			for (i = 0; i < t->npre; i++)
				if (!pl->mark[t->pre[i]]) {
					pl->mark[t->pre[i]] = 1;
					miss++;
				}
			pl->m += miss;
			a->skipped += weight;
			a->missing += miss * weight;
			if (late)
				a->out_of_order += weight;
			skipped_act[acts[k]] = true;
		}
		fire(pl, trans[k]);
		a->fired += weight;
	}
	future_of(pl, trans, len, len);
	allow_for(pl, &n->sink, 1);
	do
		sink0 = pl->mark[n->sink];
	while (sink0 < 255 && enable(pl, NONE, sink0) && pl->mark[n->sink] > sink0);
	out->m = pl->m;
	out->c = pl->c;
	if (pl->mark[n->sink])
		out->c += pl->mark[n->sink];
	else
		out->m++, out->c++;
	out->p = pl->p;
	out->r = 0;
	for (q = 0; q < n->np; q++)
		if (q != n->sink)
			out->r += pl->mark[q];
}

static double case_fitness(const struct case_result *r)
{
	return 0.5 * (1.0 - (r->c ? (double)r->m / (double)r->c : 0)) +
	       0.5 * (1.0 - (r->p ? (double)r->r / (double)r->p : 0));
}

int ka_eventlog_replay_compute(struct ka_eventlog_replay *out, const struct ka_eventlog_stats *s,
                               const struct ka_map *map, const struct ka_eventlog_mapping *m,
                               struct ka_diag *diag)
{
	const struct ka_eventlog *log = s->log;
	struct net n;
	struct player pl;
	uint32_t *trans = NULL, *acts = NULL, maxlen = 1, len;
	bool *skipped_act;
	size_t v, i;
	double sum = 0;
	int err;

	memset(out, 0, sizeof(*out));
	err = ka_net_build(&n, map, m, diag);
	if (err)
		return err;
	out->nacts = log->nactivities;
	out->acts = ka_xcalloc(log->nactivities + 1, sizeof(*out->acts));
	out->skipped_cases = ka_xcalloc(log->nactivities + 1, sizeof(size_t));
	out->variant_fitness = ka_xcalloc(s->nvariants + 1, sizeof(double));
	out->variant_pcmr = ka_xcalloc(s->nvariants + 1, sizeof(*out->variant_pcmr));
	skipped_act = ka_xcalloc(log->nactivities + 1, sizeof(bool));
	for (v = 0; v < s->nvariants; v++)
		if (s->variants[v].len > maxlen)
			maxlen = s->variants[v].len;
	trans = ka_xcalloc(maxlen + 1, sizeof(uint32_t));
	acts = ka_xcalloc(maxlen + 1, sizeof(uint32_t));
	player_init(&pl, &n);
	/* every case of a variant has the same events, so one case stands for them all */
	for (v = 0; v < s->nvariants; v++) {
		const struct ka_eventlog_variant *var = &s->variants[v];
		struct case_result r;
		len = case_trans(log, &log->cases[var->example_case], m, &n, trans, acts);
		memset(skipped_act, 0, log->nactivities * sizeof(bool));
		replay_case(&pl, trans, acts, len, out->acts, var->count, skipped_act, &r);
		for (i = 0; i < log->nactivities; i++)
			if (skipped_act[i])
				out->skipped_cases[i] += var->count;
		out->variant_pcmr[v][0] = r.p, out->variant_pcmr[v][1] = r.c;
		out->variant_pcmr[v][2] = r.m, out->variant_pcmr[v][3] = r.r;
		out->variant_fitness[v] = case_fitness(&r);
		out->produced += r.p * var->count;
		out->consumed += r.c * var->count;
		out->missing += r.m * var->count;
		out->remaining += r.r * var->count;
		sum += out->variant_fitness[v] * (double)var->count;
		if (!r.m && !r.r)
			out->cases_fitting += var->count;
	}
	out->cases = s->ncases;
	out->mean_case_fitness = s->ncases ? sum / (double)s->ncases : 0;
	{
		struct case_result all = {out->produced, out->consumed, out->missing,
		                          out->remaining};
		out->fitness = s->ncases ? case_fitness(&all) : 0;
	}
	player_free(&pl);
	free(trans);
	free(acts);
	free(skipped_act);
	ka_net_free(&n);
	return 0;
}

void ka_eventlog_replay_release(struct ka_eventlog_replay *r)
{
	free(r->acts);
	free(r->skipped_cases);
	free(r->variant_fitness);
	free(r->variant_pcmr);
	memset(r, 0, sizeof(*r));
}
