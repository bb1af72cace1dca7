/*
 * The compiled lead-time graph shared by lib/leadtime_*.c: flat arrays of
 * nodes and edges, activity estimates in basis hours, and the structure
 * (immediate post-dominators) that pairs each parallel or inclusive split
 * with its join. Built once by leadtime_graph.c, read-only afterwards.
 */
#ifndef KARTLA_LEADTIME_INT_H
#define KARTLA_LEADTIME_INT_H

#include <math.h>
#include <stdint.h>

#include "kartla/arena.h"
#include "kartla/leadtime.h"

/* Node kinds. A BPMN element becomes one node, or two (a join then a split). */
enum lt_kind {
	LT_START,
	LT_END,  /* end event; any node without outgoing flows also ends its token */
	LT_ACT,  /* activity (or event carrying times): wait, then process */
	LT_PASS, /* merge, event without times, gateway with one way in and out */
	LT_XOR,  /* exclusive split: one outgoing flow by probability */
	LT_AND,  /* parallel split: every outgoing flow */
	LT_OR,   /* inclusive split: each flow independently with its probability */
	LT_JOIN  /* parallel or inclusive join: waits for every incoming flow */
};

/* A duration distribution in basis hours. */
enum lt_dist_kind { LT_D_CONST, LT_D_UNIF, LT_D_TRI, LT_D_TABLE };

#define LT_TABLE_STEPS 256 /* intervals of a PERT quantile table (257 points) */

struct lt_dist {
	enum lt_dist_kind kind;
	double lo, mode, hi; /* CONST: mode only */
	double fc;           /* TRI: (mode - lo) / (hi - lo) */
	double s1, s2;       /* TRI: (hi - lo)(mode - lo), (hi - lo)(hi - mode) */
	size_t table;        /* TABLE: offset into graph->tables */
	double mean;
};

struct lt_node {
	enum lt_kind kind;
	int32_t out0, nout;         /* outgoing edges: succ[out0 .. out0 + nout) */
	int32_t nin;                /* incoming edges (joins wait for all of them) */
	int32_t act;                /* activity index for LT_ACT, else -1 */
	int32_t dead;               /* edge a dead token leaves an LT_XOR by (nearest way out) */
	int32_t ipdom;              /* immediate post-dominator; -1: the process's end */
	int32_t rank;               /* breadth-first order from the start (flow order) */
	const char *id;             /* BPMN element id (graph's arena) */
	unsigned long line, column; /* of the element, for messages */
};

struct lt_act {
	const char *id, *name; /* graph's arena */
	const char *names[3];  /* nb, sv, en translations of the name (arena); NULL when none */
	int32_t node;
	int32_t lane; /* index into lanes, -1 when none */
	struct lt_dist wait, proc;
	double wait_est, proc_est; /* single value or most likely */
	bool three_point;
	int value_adding; /* 1, 0, -1 not given */
	double cna;       /* 0..100, -1 not given */
};

struct ka_lt_graph {
	struct ka_lt_opts opts; /* process_id points into the arena */
	struct ka_arena arena;
	const char *process_id, *process_name;
	int32_t start;
	int32_t nnodes, nedges;
	struct lt_node *nodes;
	int32_t *succ;
	double *prob; /* per edge: branch probability (1 for unconditional) */
	double *cum;  /* per edge of an LT_XOR: cumulative probability */
	size_t nacts;
	struct lt_act *acts;
	size_t nlanes;
	const char **lanes;
	const char *(
	    *lane_names)[3]; /* per lane: nb, sv, en translations (arena); NULL when none */
	double *tables;      /* PERT quantile tables, LT_TABLE_STEPS + 1 values each */
	size_t ntables;
	char **warnings; /* owned */
	size_t nwarnings;
};

/* Reads el's kartla:waitTime (wait) or kartla:processTime in basis hours (leadtime_dist.c). */
int ka_lt_read_estimate(struct ka_lt_graph *g, const struct ka_el *el, bool wait, double *est,
                        struct lt_dist *d, bool *three_point, struct ka_diag *diag);
/* Checks that cases end, pairs splits with joins, orders nodes (leadtime_struct.c). */
int ka_lt_validate(struct ka_lt_graph *g, struct ka_diag *diag);

/* Draws from d using u in [0, 1). */
static inline double ka_lt_dist_sample(const struct ka_lt_graph *g, const struct lt_dist *d,
                                       double u)
{
	switch (d->kind) {
	case LT_D_CONST:
		return d->mode;
	case LT_D_UNIF:
		return d->lo + u * (d->hi - d->lo);
	case LT_D_TRI:
		return u < d->fc ? d->lo + sqrt(u * d->s1) : d->hi - sqrt((1 - u) * d->s2);
	default: {
		const double *t = g->tables + d->table;
		double x = u * LT_TABLE_STEPS;
		int i = (int)x;

		return t[i] + (x - i) * (t[i + 1] - t[i]);
	}
	}
}

#endif
