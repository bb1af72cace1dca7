/*
 * Compiles one process of a map into the lead-time graph (leadtime_int.h):
 * flow nodes become nodes (a gateway that both joins and splits becomes two),
 * sequence flows become edges with their branch probabilities, activities
 * get their estimates in basis hours. Probabilities are checked per split
 * (missing ones shared out uniformly, with a warning naming the gateway);
 * the structure is then validated by leadtime_struct.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

void ka_lt_opts_init(struct ka_lt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->basis = KA_LT_WORKING;
	o->hours_per_day = 7.5;
	o->days_per_week = 5;
	o->dist = KA_LT_PERT;
}

int ka_lt_opts_check(const struct ka_lt_opts *o, struct ka_diag *diag)
{
	if (!(o->hours_per_day >= KA_LT_MIN_HOURS_PER_DAY &&
	      o->hours_per_day <= KA_LT_MAX_HOURS_PER_DAY))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "hours_per_day",
		                   "hours per day must be a number from %g to %g",
		                   KA_LT_MIN_HOURS_PER_DAY, KA_LT_MAX_HOURS_PER_DAY);
	if (!(o->days_per_week >= KA_LT_MIN_DAYS_PER_WEEK &&
	      o->days_per_week <= KA_LT_MAX_DAYS_PER_WEEK))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "days_per_week",
		                   "days per week must be a number from %g to %g",
		                   KA_LT_MIN_DAYS_PER_WEEK, KA_LT_MAX_DAYS_PER_WEEK);
	return 0;
}

const char *ka_lt_basis_name(enum ka_lt_basis b)
{
	return b == KA_LT_CALENDAR ? "calendar" : "working";
}

const char *ka_lt_dist_name(enum ka_lt_dist d)
{
	return d == KA_LT_TRIANGULAR ? "triangular" : d == KA_LT_UNIFORM ? "uniform" : "pert";
}

static void warn(struct ka_lt_graph *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct ka_lt_graph *g, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	g->warnings = ka_xreallocarray(g->warnings, g->nwarnings + 1, sizeof(*g->warnings));
	g->warnings[g->nwarnings++] = ka_xstrdup(msg);
}

void ka_lt_graph_free(struct ka_lt_graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nwarnings; i++)
		free(g->warnings[i]);
	free(g->warnings);
	free(g->nodes);
	free(g->succ);
	free(g->prob);
	free(g->cum);
	free(g->acts);
	free(g->lanes);
	free(g->lane_names);
	free(g->tables);
	ka_arena_release(&g->arena);
	free(g);
}

size_t ka_lt_graph_nwarnings(const struct ka_lt_graph *g)
{
	return g->nwarnings;
}

const char *ka_lt_graph_warning(const struct ka_lt_graph *g, size_t i)
{
	return i < g->nwarnings ? g->warnings[i] : NULL;
}

double ka_lt_days(const struct ka_lt_graph *g, double hours)
{
	return hours / (g->opts.basis == KA_LT_CALENDAR ? 24 : g->opts.hours_per_day);
}

static bool has_flow_nodes(const struct ka_map *m, const struct ka_el *p)
{
	uint32_t i;

	for (i = 0; i < m->els.n; i++)
		if (m->els.v[i]->container == p && (m->els.v[i]->type->flags & KA_TF_FLOW_NODE))
			return true;
	return false;
}

static int pick_process(struct ka_lt_graph *g, const struct ka_map *m, const char *want,
                        const struct ka_el **out, struct ka_diag *diag)
{
	const struct ka_el *p = NULL;
	uint32_t i, n = 0;

	if (want) {
		p = ka_map_find(m, want);
		if (!p)
			return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, want,
			                   "no element with id '%s' in the map (--process)", want);
		if (p->kind != KA_K_PROCESS)
			return ka_diag_set(diag, KA_ERR_NOT_FOUND, p->xml->line, p->xml->column,
			                   want, "'%s' is a %s, not a process (--process)", want,
			                   ka_kind_name(p->kind));
		*out = p;
		return 0;
	}
	for (i = 0; i < m->processes.n; i++)
		if (has_flow_nodes(m, m->processes.v[i]) && !n++)
			p = m->processes.v[i];
	if (!p)
		return ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL,
		                   "the map has no process with flow");
	if (n > 1)
		warn(g, "the map has %u processes; analysing '%s' (choose another with --process)",
		     n, p->id ? p->id : "?");
	*out = p;
	return 0;
}

static bool carries_times(const struct ka_el *el)
{
	return el->ext && (el->ext->process_time.set || el->ext->wait_time.set);
}

/* Scratch state while compiling. */
struct build {
	struct ka_lt_graph *g;
	const struct ka_map *m;
	int32_t *in_node, *out_node; /* per map element index, -1 when not a node */
	const struct ka_el **node_el;
	const struct ka_el **edge_flow; /* per edge */
	int32_t nalloc;
};

static int32_t add_node(struct build *b, enum lt_kind kind, const struct ka_el *el)
{
	struct ka_lt_graph *g = b->g;

	if (g->nnodes == b->nalloc) {
		b->nalloc = b->nalloc ? 2 * b->nalloc : 64;
		g->nodes = ka_xreallocarray(g->nodes, (size_t)b->nalloc, sizeof(*g->nodes));
		b->node_el = ka_xreallocarray(b->node_el, (size_t)b->nalloc, sizeof(*b->node_el));
	}
	memset(&g->nodes[g->nnodes], 0, sizeof(g->nodes[0]));
	g->nodes[g->nnodes].kind = kind;
	g->nodes[g->nnodes].act = -1;
	g->nodes[g->nnodes].dead = -1;
	g->nodes[g->nnodes].ipdom = -1;
	g->nodes[g->nnodes].id = ka_arena_strdup(&g->arena, el->id ? el->id : "(no id)");
	g->nodes[g->nnodes].line = el->xml->line;
	g->nodes[g->nnodes].column = el->xml->column;
	b->node_el[g->nnodes] = el;
	return g->nnodes++;
}

static void translations(struct ka_lt_graph *g, const char *names[3], const struct ka_el *el);

static int32_t lane_index(struct ka_lt_graph *g, const struct ka_el *lane)
{
	const char *name;
	size_t i;

	if (!lane)
		return -1;
	name = lane->name && *lane->name ? lane->name : lane->id ? lane->id : "(lane)";
	for (i = 0; i < g->nlanes; i++)
		if (!strcmp(g->lanes[i], name))
			return (int32_t)i;
	g->lanes = ka_xreallocarray(g->lanes, g->nlanes + 1, sizeof(*g->lanes));
	g->lanes[g->nlanes] = ka_arena_strdup(&g->arena, name);
	g->lane_names = ka_xreallocarray(g->lane_names, g->nlanes + 1, sizeof(*g->lane_names));
	translations(g, g->lane_names[g->nlanes], lane);
	return (int32_t)g->nlanes++;
}

/* The name's translations into the UI languages (nb, sv, en), for the reader's language. */
static void translations(struct ka_lt_graph *g, const char *names[3], const struct ka_el *el)
{
	static const char *const langs[3] = {"nb", "sv", "en"};
	const struct ka_xml_node *t = NULL;
	const char *lang, *text;
	size_t i;

	names[0] = names[1] = names[2] = NULL;
	while ((t = ka_el_next_translation(el, t, &lang, &text)))
		for (i = 0; i < 3; i++)
			if (lang && text && *text && !strcmp(lang, langs[i]))
				names[i] = ka_arena_strdup(&g->arena, text);
}

static void act_names(struct ka_lt_graph *g, struct lt_act *a, const struct ka_el *el)
{
	translations(g, a->names, el);
}

static int add_activity(struct build *b, const struct ka_el *el, int32_t node, struct ka_diag *diag)
{
	struct ka_lt_graph *g = b->g;
	struct lt_act *a;
	int err;

	g->acts = ka_xreallocarray(g->acts, g->nacts + 1, sizeof(*g->acts));
	a = &g->acts[g->nacts];
	memset(a, 0, sizeof(*a));
	a->id = g->nodes[node].id;
	a->name = ka_arena_strdup(&g->arena, el->name ? el->name : "");
	act_names(g, a, el);
	a->node = node;
	a->lane = lane_index(g, el->lane);
	a->value_adding = el->ext && el->ext->has_value_adding ? el->ext->value_adding : -1;
	a->cna = el->ext && el->ext->has_cna ? el->ext->cna_percent : -1;
	err = ka_lt_read_estimate(g, el, true, &a->wait_est, &a->wait, &a->three_point, diag);
	if (!err)
		err = ka_lt_read_estimate(g, el, false, &a->proc_est, &a->proc, &a->three_point,
		                          diag);
	if (err)
		return err;
	if (!carries_times(el))
		warn(g, "activity '%s' has no kartla:processTime or kartla:waitTime: counted as 0",
		     a->id);
	g->nodes[node].act = (int32_t)g->nacts++;
	return 0;
}

/* Creates the node(s) of one flow node; sets in_node / out_node. */
static int make_nodes(struct build *b, const struct ka_el *el, struct ka_diag *diag)
{
	uint32_t nin = el->incoming.n, nout = el->outgoing.n;
	int32_t in, out;
	int err;

	if (el->kind == KA_K_GATEWAY) {
		bool excl = el->gateway == KA_GW_EXCLUSIVE || el->gateway == KA_GW_EVENT_BASED;
		enum lt_kind split = excl ? LT_XOR : el->gateway == KA_GW_PARALLEL ? LT_AND : LT_OR;

		if (el->gateway == KA_GW_COMPLEX)
			warn(b->g, "complex gateway '%s' is treated as an inclusive gateway",
			     el->id);
		if (nin > 1 && nout > 1 && !excl) {
			in = add_node(b, LT_JOIN, el);
			out = add_node(b, split, el);
		} else {
			in = out = add_node(b,
			                    nout > 1           ? split
			                    : nin > 1 && !excl ? LT_JOIN
			                                       : LT_PASS,
			                    el);
		}
	} else {
		enum lt_kind k = el->kind == KA_K_START_EVENT && !nin ? LT_START
		                 : el->kind == KA_K_END_EVENT         ? LT_END
		                 : (el->type->flags & KA_TF_ACTIVITY) || carries_times(el)
		                     ? LT_ACT
		                     : LT_PASS;

		in = out = add_node(b, k, el);
		if (k == LT_ACT && (err = add_activity(b, el, in, diag)))
			return err;
		if (nout > 1) {
			/* Uncontrolled flow: BPMN takes every outgoing flow. */
			bool any_p = false;
			uint32_t i;

			for (i = 0; i < nout; i++)
				any_p |= el->outgoing.v[i]->ext &&
				         el->outgoing.v[i]->ext->has_probability;
			if (any_p)
				warn(b->g,
				     "'%s' has %u outgoing flows with probabilities: taken as an "
				     "exclusive choice (model it with an exclusive gateway)",
				     el->id, nout);
			out = add_node(b, any_p ? LT_XOR : LT_AND, el);
		}
	}
	b->in_node[el->index] = in;
	b->out_node[el->index] = out;
	if (in != out) {
		/* The internal edge join -> split is added with the flows (see link). */
		b->g->nodes[in].nout = -1;
	}
	return 0;
}

/* Adds edges: the internal join->split edges and the sequence flows, grouped by source. */
static int link(struct build *b, const struct ka_el *proc, struct ka_diag *diag)
{
	struct ka_lt_graph *g = b->g;
	int32_t v, e = 0, cap = 0;
	uint32_t i;

	(void)proc;
	(void)diag;
	for (v = 0; v < g->nnodes; v++) {
		const struct ka_el *el = b->node_el[v];
		bool internal = g->nodes[v].nout == -1;
		bool is_out = b->out_node[el->index] == v;

		g->nodes[v].out0 = e;
		g->nodes[v].nout = 0;
		if (!internal && !is_out)
			continue;
		for (i = 0; i < (internal ? 1u : el->outgoing.n); i++) {
			const struct ka_el *f = internal ? NULL : el->outgoing.v[i];
			int32_t t;

			if (internal) {
				t = v + 1;
			} else {
				if (!f->target || b->in_node[f->target->index] < 0)
					continue;
				t = b->in_node[f->target->index];
			}
			if (e == cap) {
				cap = cap ? 2 * cap : 64;
				g->succ = ka_xreallocarray(g->succ, (size_t)cap, sizeof(*g->succ));
				g->prob = ka_xreallocarray(g->prob, (size_t)cap, sizeof(*g->prob));
				b->edge_flow = ka_xreallocarray(b->edge_flow, (size_t)cap,
				                                sizeof(*b->edge_flow));
			}
			g->succ[e] = t;
			g->prob[e] =
			    f && f->ext && f->ext->has_probability ? f->ext->probability : NAN;
			b->edge_flow[e] = f;
			g->nodes[t].nin++;
			g->nodes[v].nout++;
			e++;
		}
	}
	g->nedges = e;
	g->cum = ka_xcalloc((size_t)(e ? e : 1), sizeof(*g->cum));
	return 0;
}

/* Probabilities of one split: check, fill in missing ones, build the cumulative table. */
static int split_probabilities(struct build *b, int32_t v, struct ka_diag *diag)
{
	struct ka_lt_graph *g = b->g;
	struct lt_node *n = &g->nodes[v];
	const struct ka_el *el = b->node_el[v];
	double sum = 0, cum = 0;
	int32_t i, missing = 0;

	for (i = n->out0; i < n->out0 + n->nout; i++) {
		if (n->kind == LT_AND || n->kind == LT_JOIN || n->nout == 1) {
			if (!isnan(g->prob[i]) && n->kind == LT_AND)
				warn(g,
				     "kartla:probability on flow '%s' ignored: parallel gateway "
				     "'%s' "
				     "takes every flow",
				     b->edge_flow[i]->id, el->id);
			g->prob[i] = 1;
			continue;
		}
		if (isnan(g->prob[i]))
			missing++;
		else
			sum += g->prob[i];
	}
	if (n->kind != LT_XOR && n->kind != LT_OR)
		return 0;
	if (n->kind == LT_XOR && (sum > 1 + 1e-6 || (!missing && fabs(sum - 1) > 1e-6)))
		return ka_diag_set(diag, KA_ERR_BPMN, el->xml->line, el->xml->column, el->id,
		                   "exclusive gateway '%s': the kartla:probability values of its "
		                   "outgoing flows add up to %g, not 1",
		                   el->id, sum);
	if (missing) {
		double share = n->kind == LT_XOR ? (1 - sum) / missing : 1.0 / n->nout;

		warn(g,
		     "%s gateway '%s': %d of its %d outgoing flows have no kartla:probability; "
		     "taken as %.3g each",
		     n->kind == LT_XOR ? "exclusive" : "inclusive", el->id, (int)missing,
		     (int)n->nout, share);
		for (i = n->out0; i < n->out0 + n->nout; i++)
			if (isnan(g->prob[i]))
				g->prob[i] = share;
	}
	sum = 0;
	for (i = n->out0; i < n->out0 + n->nout; i++) {
		sum += g->prob[i];
		cum += g->prob[i];
		g->cum[i] = cum;
	}
	if (!(sum > 0))
		return ka_diag_set(diag, KA_ERR_BPMN, el->xml->line, el->xml->column, el->id,
		                   "gateway '%s': every outgoing flow has kartla:probability 0",
		                   el->id);
	g->cum[n->out0 + n->nout - 1] = 2; /* rounding never falls off the end */
	return 0;
}

/* A flow that starts or ends outside the graph (a boundary event) is noted once. */
static void note_ignored(struct build *b, const struct ka_el *proc)
{
	uint32_t i;

	for (i = 0; i < b->m->els.n; i++) {
		const struct ka_el *el = b->m->els.v[i];

		if (el->container == proc && el->kind == KA_K_BOUNDARY_EVENT)
			warn(b->g, "boundary event '%s' is not simulated (its path is ignored)",
			     el->id ? el->id : "?");
	}
}

int ka_lt_graph_build(struct ka_lt_graph **out, const struct ka_map *m,
                      const struct ka_lt_opts *opts, struct ka_diag *diag)
{
	struct ka_lt_graph *g = ka_xcalloc(1, sizeof(*g));
	struct build b = {g, m, NULL, NULL, NULL, NULL, 0};
	const struct ka_el *proc = NULL;
	int32_t v;
	uint32_t i;
	int err;

	*out = NULL;
	ka_arena_init(&g->arena);
	g->opts = *opts;
	g->start = -1;
	err = ka_lt_opts_check(opts, diag);
	if (!err)
		err = pick_process(g, m, opts->process_id, &proc, diag);
	if (err)
		goto fail;
	g->process_id = ka_arena_strdup(&g->arena, proc->id ? proc->id : "");
	g->process_name = ka_arena_strdup(&g->arena, proc->name ? proc->name : "");
	g->opts.process_id = g->process_id;
	b.in_node = ka_xreallocarray(NULL, m->els.n ? m->els.n : 1, sizeof(*b.in_node));
	b.out_node = ka_xreallocarray(NULL, m->els.n ? m->els.n : 1, sizeof(*b.out_node));
	for (i = 0; i < m->els.n; i++)
		b.in_node[i] = b.out_node[i] = -1;
	for (i = 0; i < m->els.n && !err; i++) {
		const struct ka_el *el = m->els.v[i];

		if (el->container != proc || !(el->type->flags & KA_TF_FLOW_NODE) ||
		    el->kind == KA_K_BOUNDARY_EVENT)
			continue;
		if (g->nnodes >= 20000) {
			err = ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, proc->id,
			                  "process '%s' has more than 20000 flow nodes", proc->id);
			break;
		}
		err = make_nodes(&b, el, diag);
	}
	if (!err)
		err = link(&b, proc, diag);
	for (v = 0; v < g->nnodes && !err; v++) {
		if (g->nodes[v].kind == LT_START) {
			if (g->start < 0)
				g->start = v;
			else
				warn(g, "more than one start event: cases begin at '%s', not '%s'",
				     g->nodes[g->start].id, g->nodes[v].id);
		}
		err = split_probabilities(&b, v, diag);
	}
	if (!err && g->start < 0)
		err = ka_diag_set(diag, KA_ERR_BPMN, proc->xml->line, proc->xml->column, proc->id,
		                  "process '%s' has no start event without incoming flows: the "
		                  "analysis needs one to know where a case begins",
		                  proc->id);
	if (!err) {
		note_ignored(&b, proc);
		err = ka_lt_validate(g, diag);
	}
fail:
	free(b.in_node);
	free(b.out_node);
	free(b.node_el);
	free(b.edge_flow);
	if (err) {
		ka_lt_graph_free(g);
		return err;
	}
	*out = g;
	return 0;
}
