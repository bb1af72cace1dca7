/*
 * The log beside the map: activity matching by name and translation, the
 * directly-follows conformance described in eventlog_map.h, and measured
 * beside estimated. The map's flow graph is the sequence flows between flow
 * nodes plus an edge from an activity to each boundary event attached to
 * it; sub-processes are single nodes (their inside is not walked).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/eventlog_map.h"
#include "eventlog_map_int.h"
#include "kartla/banned.h"

/* ---- matching ---- */

/* Compares ignoring ASCII case, leading/trailing white space and runs of it. */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		while (isspace((unsigned char)*a) && (a[1] == '\0' || isspace((unsigned char)a[1])))
			a++;
		while (isspace((unsigned char)*b) && (b[1] == '\0' || isspace((unsigned char)b[1])))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
			a++, b++;
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++, b++;
	}
}

static bool is_activity(const struct ka_el *el)
{
	return el->kind == KA_K_TASK || el->kind == KA_K_SUB_PROCESS ||
	       el->kind == KA_K_CALL_ACTIVITY;
}

bool ka_eventlog_map_matchable(const struct ka_el *el)
{
	return el->type && (el->type->flags & KA_TF_FLOW_NODE) && el->kind != KA_K_GATEWAY;
}

/* The element named `name` (activities first), and how it matched. */
static struct ka_el *find_by_name(const struct ka_map *map, const char *name, const char **how,
                                  struct ka_arena *arena)
{
	int pass;
	uint32_t i;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < map->els.n; i++) {
			struct ka_el *el = map->els.v[i];
			const struct ka_xml_node *t = NULL;
			const char *lang, *text;

			if (!ka_eventlog_map_matchable(el) || is_activity(el) != (pass == 0))
				continue;
			if (el->name && same_name(el->name, name)) {
				*how = "name";
				return el;
			}
			while ((t = ka_el_next_translation(el, t, &lang, &text)))
				if (text && same_name(text, name)) {
					struct ka_buf b;
					ka_buf_init(&b, KA_BUF_UNLIMITED);
					ka_buf_addf(&b, "translation:%s", lang ? lang : "");
					*how = ka_arena_strdup(arena, b.data);
					ka_buf_release(&b);
					return el;
				}
		}
	return NULL;
}

int ka_eventlog_map_match(struct ka_eventlog_mapping *out, const struct ka_eventlog *log,
                          const struct ka_map *map, const struct ka_eventlog_map_fix *fixes,
                          size_t nfixes, struct ka_diag *diag)
{
	uint32_t a, i;
	size_t f;
	bool *used;

	memset(out, 0, sizeof(*out));
	ka_arena_init(&out->arena);
	out->nacts = log->nactivities;
	out->act_el = ka_xcalloc(log->nactivities + 1, sizeof(*out->act_el));
	out->how = ka_xcalloc(log->nactivities + 1, sizeof(*out->how));
	for (a = 0; a < log->nactivities; a++)
		out->act_el[a] = find_by_name(map, log->activities[a], &out->how[a], &out->arena);
	for (f = 0; f < nfixes; f++) {
		struct ka_el *el = NULL;
		for (a = 0; a < log->nactivities; a++)
			if (!strcmp(log->activities[a], fixes[f].activity))
				break;
		if (a == log->nactivities) {
			ka_eventlog_mapping_release(out);
			return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
			                   "the log has no activity '%s' (mapping)",
			                   fixes[f].activity);
		}
		if (fixes[f].element_id && fixes[f].element_id[0]) {
			el = ka_map_find(map, fixes[f].element_id);
			if (!el || !ka_eventlog_map_matchable(el)) {
				ka_eventlog_mapping_release(out);
				return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0,
				                   fixes[f].element_id,
				                   "the map has no activity or event with id '%s' "
				                   "(mapping of '%s')",
				                   fixes[f].element_id, fixes[f].activity);
			}
		}
		out->act_el[a] = el;
		out->how[a] = el ? "user" : NULL;
	}
	used = ka_xcalloc(map->els.n + 1, sizeof(bool));
	for (a = 0; a < log->nactivities; a++)
		if (out->act_el[a])
			used[out->act_el[a]->index] = true;
	out->unused_els = ka_xcalloc(map->els.n + 1, sizeof(*out->unused_els));
	for (i = 0; i < map->els.n; i++)
		if (is_activity(map->els.v[i]) && !used[i])
			out->unused_els[out->nunused_els++] = map->els.v[i];
	free(used);
	return 0;
}

void ka_eventlog_mapping_release(struct ka_eventlog_mapping *m)
{
	free(m->act_el);
	free((void *)m->how);
	free(m->unused_els);
	ka_arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

/* ---- the flow graph ---- */

struct graph {
	const struct ka_map *map;
	size_t n, words;
	uint32_t **succ;
	uint32_t *nsucc;
	bool *mapped;
	uint64_t *next, *reach, *conc; /* n bitsets each (rows for mapped nodes) */
	bool *can_end;
	uint64_t *start; /* mapped nodes a case may begin with */
	uint64_t *start_reach;
	uint32_t *stack;
	uint64_t *seen;
	size_t blocked; /* a node walks do not enter (SIZE_MAX: none) */
};

#define ROW(bits, g, i) ((bits) + (size_t)(i) * (g)->words)

static bool bit(const uint64_t *b, size_t i)
{
	return (b[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *b, size_t i)
{
	b[i / 64] |= (uint64_t)1 << (i % 64);
}

static void add_succ(struct graph *g, size_t from, uint32_t to)
{
	g->succ[from] = ka_xreallocarray(g->succ[from], g->nsucc[from] + 1, sizeof(uint32_t));
	g->succ[from][g->nsucc[from]++] = to;
}

/*
 * Walks from the seeds. silent: stop at mapped nodes (set in `out`) and set *end when an
 * unmapped node without successors is reached. Otherwise: every mapped node reached.
 */
static void walk(struct graph *g, const uint32_t *seeds, size_t nseeds, bool silent, uint64_t *out,
                 bool *end)
{
	size_t sp = 0, i;

	memset(g->seen, 0, g->words * sizeof(uint64_t));
	for (i = 0; i < nseeds; i++)
		g->stack[sp++] = seeds[i];
	while (sp) {
		uint32_t x = g->stack[--sp];
		if (bit(g->seen, x) || x == g->blocked)
			continue;
		set_bit(g->seen, x);
		if (g->mapped[x]) {
			set_bit(out, x);
			if (silent)
				continue;
		} else if (!g->nsucc[x] && end) {
			*end = true;
		}
		for (i = 0; i < g->nsucc[x]; i++)
			if (!bit(g->seen, g->succ[x][i]))
				g->stack[sp++] = g->succ[x][i];
	}
}

/*
 * Mapped nodes on different branches of a parallel or inclusive split are concurrent: for
 * each branch, the mapped nodes reachable from it without passing the split again; a node
 * reachable from one branch only is concurrent with the nodes of the other branches that are
 * reachable from theirs only (nodes after the join are reachable from all and excluded).
 */
static void concurrency(struct graph *g)
{
	size_t i, j, k, x, y, w;
	uint64_t *r = NULL, *only = NULL;

	for (i = 0; i < g->n; i++) {
		const struct ka_el *gw = g->map->els.v[i];
		size_t nb = gw->outgoing.n;
		if (gw->kind != KA_K_GATEWAY || nb < 2 ||
		    (gw->gateway != KA_GW_PARALLEL && gw->gateway != KA_GW_INCLUSIVE))
			continue;
		r = ka_xreallocarray(r, nb * g->words + 1, sizeof(uint64_t));
		only = ka_xreallocarray(only, nb * g->words + 1, sizeof(uint64_t));
		memset(r, 0, nb * g->words * sizeof(uint64_t));
		g->blocked = i;
		for (j = 0; j < nb; j++) {
			uint32_t seed;
			if (!gw->outgoing.v[j]->target)
				continue;
			seed = (uint32_t)gw->outgoing.v[j]->target->index;
			walk(g, &seed, 1, false, r + j * g->words, NULL);
		}
		g->blocked = SIZE_MAX;
		for (j = 0; j < nb; j++)
			for (w = 0; w < g->words; w++) {
				uint64_t others = 0;
				for (k = 0; k < nb; k++)
					if (k != j)
						others |= r[k * g->words + w];
				only[j * g->words + w] = r[j * g->words + w] & ~others;
			}
		for (j = 0; j < nb; j++)
			for (x = 0; x < g->n; x++) {
				if (!bit(only + j * g->words, x))
					continue;
				for (k = 0; k < nb; k++)
					for (y = 0; k != j && y < g->n; y++)
						if (bit(only + k * g->words, y))
							set_bit(ROW(g->conc, g, x), y);
			}
	}
	free(r);
	free(only);
}

static void graph_build(struct graph *g, const struct ka_map *map,
                        const struct ka_eventlog_mapping *m)
{
	size_t i, j, nstarts = 0;
	uint32_t *starts;

	memset(g, 0, sizeof(*g));
	g->map = map;
	g->blocked = SIZE_MAX;
	g->n = map->els.n;
	g->words = (g->n + 63) / 64 + 1;
	g->succ = ka_xcalloc(g->n + 1, sizeof(*g->succ));
	g->nsucc = ka_xcalloc(g->n + 1, sizeof(*g->nsucc));
	g->mapped = ka_xcalloc(g->n + 1, sizeof(bool));
	g->can_end = ka_xcalloc(g->n + 1, sizeof(bool));
	g->next = ka_xcalloc(g->n * g->words + 1, sizeof(uint64_t));
	g->reach = ka_xcalloc(g->n * g->words + 1, sizeof(uint64_t));
	g->conc = ka_xcalloc(g->n * g->words + 1, sizeof(uint64_t));
	g->start = ka_xcalloc(g->words, sizeof(uint64_t));
	g->start_reach = ka_xcalloc(g->words, sizeof(uint64_t));
	g->seen = ka_xcalloc(g->words, sizeof(uint64_t));
	g->stack = ka_xcalloc(g->n * 4 + 16, sizeof(uint32_t));
	starts = ka_xcalloc(g->n + 1, sizeof(uint32_t));
	for (i = 0; i < m->nacts; i++)
		if (m->act_el[i])
			g->mapped[m->act_el[i]->index] = true;
	for (i = 0; i < g->n; i++) {
		const struct ka_el *el = map->els.v[i];
		if (!el->type || !(el->type->flags & KA_TF_FLOW_NODE))
			continue;
		for (j = 0; j < el->outgoing.n; j++)
			if (el->outgoing.v[j]->target)
				add_succ(g, i, (uint32_t)el->outgoing.v[j]->target->index);
		if (el->kind == KA_K_BOUNDARY_EVENT && el->attached_to)
			add_succ(g, el->attached_to->index, (uint32_t)i);
		if (!el->incoming.n && el->kind != KA_K_BOUNDARY_EVENT && el->container &&
		    el->container->kind == KA_K_PROCESS)
			starts[nstarts++] = (uint32_t)i;
	}
	/* the stack can hold every pushed successor */
	{
		size_t total = 0;
		for (i = 0; i < g->n; i++)
			total += g->nsucc[i];
		g->stack = ka_xreallocarray(g->stack, total + g->n + 16, sizeof(uint32_t));
	}
	walk(g, starts, nstarts, true, g->start, NULL);
	walk(g, starts, nstarts, false, g->start_reach, NULL);
	for (i = 0; i < g->n; i++) {
		if (!g->mapped[i])
			continue;
		g->can_end[i] = g->nsucc[i] == 0;
		walk(g, g->succ[i], g->nsucc[i], true, ROW(g->next, g, i), &g->can_end[i]);
		walk(g, g->succ[i], g->nsucc[i], false, ROW(g->reach, g, i), NULL);
	}
	concurrency(g);
	free(starts);
}

static void graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->succ[i]);
	free(g->succ);
	free(g->nsucc);
	free(g->mapped);
	free(g->can_end);
	free(g->next);
	free(g->reach);
	free(g->conc);
	free(g->start);
	free(g->start_reach);
	free(g->seen);
	free(g->stack);
}

/* Names of mapped elements on a shortest path from `from` (or the starts) to `to`. */
static char *between(struct graph *g, long from, uint32_t to)
{
	uint32_t *parent = ka_xcalloc(g->n + 1, sizeof(uint32_t)), *queue;
	size_t head = 0, tail = 0, i;
	struct ka_buf b;
	bool found = false;

	queue = ka_xcalloc(g->n + 1, sizeof(uint32_t));
	for (i = 0; i < g->n; i++)
		parent[i] = UINT32_MAX;
	if (from >= 0) {
		for (i = 0; i < g->nsucc[from]; i++)
			if (parent[g->succ[from][i]] == UINT32_MAX) {
				parent[g->succ[from][i]] = (uint32_t)from;
				queue[tail++] = g->succ[from][i];
			}
	} else {
		for (i = 0; i < g->n; i++) {
			const struct ka_el *el = g->map->els.v[i];
			if (el->type && (el->type->flags & KA_TF_FLOW_NODE) && !el->incoming.n &&
			    el->kind != KA_K_BOUNDARY_EVENT && el->container &&
			    el->container->kind == KA_K_PROCESS) {
				parent[i] = (uint32_t)i;
				queue[tail++] = (uint32_t)i;
			}
		}
	}
	while (head < tail && !found) {
		uint32_t x = queue[head++];
		if (x == to) {
			found = true;
			break;
		}
		for (i = 0; i < g->nsucc[x]; i++)
			if (parent[g->succ[x][i]] == UINT32_MAX) {
				parent[g->succ[x][i]] = x;
				queue[tail++] = g->succ[x][i];
			}
	}
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (found) {
		uint32_t x = parent[to];
		size_t n = 0;
		while (x != UINT32_MAX && (long)x != from && parent[x] != x) {
			if (g->mapped[x] || g->map->els.v[x]->kind == KA_K_TASK) {
				ka_buf_addf(&b, "%s%s", n++ ? ", " : "",
				            ka_el_label(g->map->els.v[x], NULL));
			}
			x = parent[x];
		}
	}
	free(parent);
	free(queue);
	return ka_buf_detach(&b, NULL);
}

struct ceval {
	struct ka_eventlog_conformance *c;
	struct graph *g;
	const struct ka_eventlog_stats *s;
	const struct ka_eventlog_mapping *m;
	size_t dalloc, variant, weight;
	size_t *dev_last_variant;
};

static void deviation(struct ceval *e, uint32_t fa, uint32_t ta, long fel, long tel)
{
	struct ka_eventlog_conformance *c = e->c;
	struct ka_eventlog_deviation *d = NULL;
	size_t i;

	for (i = 0; i < c->ndevs; i++)
		if (c->devs[i].from == fa && c->devs[i].to == ta) {
			d = &c->devs[i];
			break;
		}
	if (!d) {
		if (c->ndevs == e->dalloc) {
			e->dalloc = e->dalloc ? e->dalloc * 2 : 16;
			c->devs = ka_xreallocarray(c->devs, e->dalloc, sizeof(*c->devs));
			e->dev_last_variant =
			    ka_xreallocarray(e->dev_last_variant, e->dalloc, sizeof(size_t));
		}
		d = &c->devs[c->ndevs];
		memset(d, 0, sizeof(*d));
		d->from = fa;
		d->to = ta;
		if (tel < 0)
			d->kind = KA_EVENTLOG_DEV_INCOMPLETE;
		else if (fel < 0 ? bit(e->g->start_reach, (size_t)tel)
		                 : bit(ROW(e->g->reach, e->g, fel), (size_t)tel))
			d->kind = KA_EVENTLOG_DEV_SKIPPED;
		else if (fel >= 0 && bit(ROW(e->g->reach, e->g, tel), (size_t)fel))
			d->kind = KA_EVENTLOG_DEV_ORDER;
		else
			d->kind = KA_EVENTLOG_DEV_NOT_ALLOWED;
		if (d->kind == KA_EVENTLOG_DEV_SKIPPED)
			d->skipped = between(e->g, fel, (uint32_t)tel);
		e->dev_last_variant[c->ndevs] = SIZE_MAX;
		c->ndevs++;
	}
	i = (size_t)(d - c->devs);
	d->count += e->weight;
	if (e->dev_last_variant[i] != e->variant) {
		e->dev_last_variant[i] = e->variant;
		d->cases += e->weight;
	}
}

/* Fitness of one case; counts transitions and records deviations. */
static double eval_case(struct ceval *e, size_t case_ix)
{
	const struct ka_eventlog *log = e->s->log;
	const struct ka_eventlog_case *cs = &log->cases[case_ix];
	long prev = -1;
	uint32_t prev_act = KA_EVENTLOG_START, k;
	size_t n = 0, ok = 0;

	for (k = 0; k <= cs->n; k++) {
		bool more = k < cs->n;
		size_t i = cs->first + k;
		uint32_t act = more ? log->ev.activity[i] : KA_EVENTLOG_END;
		long cur;
		bool fit;

		if (more && !ka_eventlog_event_completes(log, i))
			continue;
		if (more && !e->m->act_el[act])
			continue;
		cur = more ? (long)e->m->act_el[act]->index : -1;
		if (prev < 0 && cur < 0 && n == 0)
			break; /* nothing mapped in this case */
		if (prev < 0)
			fit = bit(e->g->start, (size_t)cur);
		else if (cur < 0)
			fit = e->g->can_end[prev];
		else
			fit = bit(ROW(e->g->next, e->g, prev), (size_t)cur) ||
			      bit(ROW(e->g->conc, e->g, prev), (size_t)cur);
		n++;
		if (fit)
			ok++;
		else
			deviation(e, prev_act, act, prev, cur);
		prev = cur;
		prev_act = act;
	}
	e->c->transitions += n * e->weight;
	e->c->transitions_fitting += ok * e->weight;
	return n ? (double)ok / (double)n : 0.0;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct ka_eventlog_deviation *x = a, *y = b;

	if (x->cases != y->cases)
		return x->cases > y->cases ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

int ka_eventlog_conformance_compute(struct ka_eventlog_conformance *out,
                                    const struct ka_eventlog_stats *s, const struct ka_map *map,
                                    const struct ka_eventlog_mapping *m, struct ka_diag *diag)
{
	struct graph g;
	struct ceval e;
	size_t v;
	double sum = 0;

	(void)diag;
	memset(out, 0, sizeof(*out));
	memset(&e, 0, sizeof(e));
	graph_build(&g, map, m);
	e.c = out, e.g = &g, e.s = s, e.m = m;
	out->variant_fitness = ka_xcalloc(s->nvariants + 1, sizeof(double));
	/* every case of a variant has the same events, so one case stands for them all */
	for (v = 0; v < s->nvariants; v++) {
		e.variant = v;
		e.weight = s->variants[v].count;
		out->variant_fitness[v] = eval_case(&e, s->variants[v].example_case);
		sum += out->variant_fitness[v] * (double)e.weight;
		if (out->variant_fitness[v] >= 1.0)
			out->cases_fitting += e.weight;
	}
	out->cases = s->ncases;
	out->mean_case_fitness = s->ncases ? sum / (double)s->ncases : 0;
	out->fitness =
	    out->transitions ? (double)out->transitions_fitting / (double)out->transitions : 0;
	if (out->ndevs > 1)
		qsort(out->devs, out->ndevs, sizeof(*out->devs), cmp_dev);
	free(e.dev_last_variant);
	graph_free(&g);
	return 0;
}

void ka_eventlog_conformance_release(struct ka_eventlog_conformance *c)
{
	size_t i;

	for (i = 0; i < c->ndevs; i++)
		free((void *)c->devs[i].skipped);
	free(c->devs);
	free(c->variant_fitness);
	memset(c, 0, sizeof(*c));
}

/* ---- JSON ---- */

static json_t *secs(double v)
{
	return json_real(round(v * 1000.0) / 1000.0);
}

static const char *act_name(const struct ka_eventlog *log, uint32_t a)
{
	return a == KA_EVENTLOG_START ? "(start)"
	       : a == KA_EVENTLOG_END ? "(end)"
	                              : log->activities[a];
}

json_t *ka_evmap_mapping_json(const struct ka_eventlog_mapping *m, const struct ka_eventlog *log,
                              json_t **unmapped)
{
	json_t *a = json_array();
	uint32_t i;

	*unmapped = json_array();
	for (i = 0; i < m->nacts; i++) {
		json_t *o;
		if (!m->act_el[i]) {
			json_array_append_new(*unmapped, json_string(log->activities[i]));
			continue;
		}
		o = json_object();
		json_object_set_new(o, "activity", json_string(log->activities[i]));
		json_object_set_new(o, "element_id", json_string(m->act_el[i]->id));
		json_object_set_new(o, "element_name",
		                    json_string(ka_el_label(m->act_el[i], NULL)));
		json_object_set_new(o, "matched_by", json_string(m->how[i]));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *estimate_json(const struct ka_estimate *e)
{
	json_t *o;

	if (!e->set)
		return json_null();
	o = json_object();
	json_object_set_new(o, "text", e->text ? json_string(e->text) : json_null());
	json_object_set_new(o, "most_likely_s", secs(e->value));
	if (e->three_point) {
		json_object_set_new(o, "min_s", secs(e->min));
		json_object_set_new(o, "max_s", secs(e->max));
	}
	return o;
}

static json_t *measured_json(const struct ka_eventlog_summary *x)
{
	json_t *o = json_object(), *p;

	json_object_set_new(o, "n", json_integer((json_int_t)x->n));
	if (!x->n)
		return o;
	json_object_set_new(o, "mean_s", secs(x->mean));
	json_object_set_new(o, "median_s", secs(x->median));
	p = json_object();
	json_object_set_new(p, "min_s", secs(x->p10));
	json_object_set_new(p, "most_likely_s", secs(x->median));
	json_object_set_new(p, "max_s", secs(x->p90));
	json_object_set_new(o, "proposal", p);
	return o;
}

json_t *ka_evmap_beside_json(const struct ka_eventlog_stats *s, const struct ka_eventlog_mapping *m)
{
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; i < m->nacts; i++) {
		const struct ka_el *el = m->act_el[i];
		const struct ka_eventlog_activity_stats *x = &s->acts[i];
		json_t *o;

		if (!el)
			continue;
		o = json_object();
		json_object_set_new(o, "activity", json_string(s->log->activities[i]));
		json_object_set_new(o, "element_id", json_string(el->id));
		json_object_set_new(o, "instances", json_integer((json_int_t)x->instances));
		json_object_set_new(o, "measured_service", measured_json(&x->service));
		json_object_set_new(o, "measured_wait", measured_json(&x->wait));
		json_object_set_new(o, "estimated_process_time",
		                    el->ext ? estimate_json(&el->ext->process_time) : json_null());
		json_object_set_new(o, "estimated_wait_time",
		                    el->ext ? estimate_json(&el->ext->wait_time) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

json_t *ka_evmap_unused_json(const struct ka_eventlog_mapping *m)
{
	json_t *unused = json_array();
	size_t i;

	for (i = 0; i < m->nunused_els; i++) {
		json_t *u = json_object();
		json_object_set_new(u, "id", json_string(m->unused_els[i]->id));
		json_object_set_new(u, "name", json_string(ka_el_label(m->unused_els[i], NULL)));
		json_array_append_new(unused, u);
	}
	return unused;
}

static const char *dev_kind(enum ka_eventlog_dev_kind k)
{
	static const char *const names[] = {"skipped", "out_of_order", "not_allowed", "incomplete"};
	return names[k];
}

json_t *ka_eventlog_conformance_to_json(const struct ka_eventlog_conformance *c,
                                        const struct ka_eventlog_stats *s,
                                        const struct ka_eventlog_mapping *m, size_t top)
{
	json_t *o = json_object(), *devs = json_array(), *vars = json_array(), *unmapped;
	size_t i, nv = 0;
	uint32_t k;

	json_object_set_new(o, "method", json_string("dfg"));
	json_object_set_new(o, "cases", json_integer((json_int_t)c->cases));
	json_object_set_new(o, "cases_fitting", json_integer((json_int_t)c->cases_fitting));
	json_object_set_new(
	    o, "share_fitting",
	    json_real(c->cases ? round((double)c->cases_fitting / (double)c->cases * 1e6) / 1e6
	                       : 0));
	json_object_set_new(o, "fitness", json_real(round(c->fitness * 1e6) / 1e6));
	json_object_set_new(o, "mean_case_fitness",
	                    json_real(round(c->mean_case_fitness * 1e6) / 1e6));
	json_object_set_new(o, "mapping", ka_evmap_mapping_json(m, s->log, &unmapped));
	json_object_set_new(o, "unmapped_activities", unmapped);
	json_object_set_new(o, "unused_elements", ka_evmap_unused_json(m));
	for (i = 0; i < c->ndevs && (!top || i < top); i++) {
		json_t *d = json_object();
		json_object_set_new(d, "from", json_string(act_name(s->log, c->devs[i].from)));
		json_object_set_new(d, "to", json_string(act_name(s->log, c->devs[i].to)));
		json_object_set_new(d, "kind", json_string(dev_kind(c->devs[i].kind)));
		json_object_set_new(d, "cases", json_integer((json_int_t)c->devs[i].cases));
		json_object_set_new(d, "count", json_integer((json_int_t)c->devs[i].count));
		if (c->devs[i].skipped)
			json_object_set_new(d, "skipped", json_string(c->devs[i].skipped));
		json_array_append_new(devs, d);
	}
	json_object_set_new(o, "deviations", devs);
	for (i = 0; i < s->nvariants && (!top || nv < top); i++) {
		json_t *v, *seq;
		if (c->variant_fitness[i] >= 1.0)
			continue;
		v = json_object();
		seq = json_array();
		for (k = 0; k < s->variants[i].len; k++)
			json_array_append_new(
			    seq, json_string(s->log->activities[s->variants[i].acts[k]]));
		json_object_set_new(v, "activities", seq);
		json_object_set_new(v, "count", json_integer((json_int_t)s->variants[i].count));
		json_object_set_new(v, "fitness",
		                    json_real(round(c->variant_fitness[i] * 1e6) / 1e6));
		json_array_append_new(vars, v);
		nv++;
	}
	json_object_set_new(o, "deviating_variants", vars);
	json_object_set_new(o, "basis", json_string(s->working ? "working" : "calendar"));
	json_object_set_new(o, "measured_vs_estimated", ka_evmap_beside_json(s, m));
	return o;
}
