/*
 * Automatic layout of a map's diagram (BPMN DI). Every process of the map,
 * with its pools and lanes, is laid out left to right in layers: loops are
 * broken by reversing their back edges, nodes are layered by longest path,
 * ordered by barycenter sweeps within their lane's band, placed on a grid of
 * rows (a lane is a horizontal band as tall as its busiest layer), and every
 * edge is routed orthogonally through the channels between layers, leaving
 * and entering at shape sides. Sub-processes are drawn collapsed and their
 * content gets its own diagram plane (the drill-down bpmn-js shows).
 * Boundary events sit on the bottom edge of their host; message flows run
 * vertically between the pools; labels of events, gateways and flows are
 * placed where no edge leaves. Run time is linear in nodes plus edge spans
 * (plus a sort per layer).
 *
 * The new diagrams replace every bpmndi:BPMNDiagram of the map. With `keep`,
 * shapes that already had bounds stay where they were (and edges between two
 * kept shapes keep their waypoints); the rest is placed next to a placed
 * neighbour, moved right until it overlaps nothing, and routed; a sub-process
 * drawn expanded stays expanded with its content in its plane; the old DI of
 * what the layout does not draw (groups, data inputs and outputs,
 * conversations) is kept as it was. Without `keep`, that DI is left out.
 */
#ifndef KARTLA_LAYOUT_H
#define KARTLA_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"

struct ka_layout_opts {
	bool keep; /* keep the bounds of shapes already placed; place only the rest */
};

void ka_layout_opts_init(struct ka_layout_opts *o);

/* What a layout did, for reports. */
struct ka_layout_stats {
	size_t shapes;    /* BPMNShape elements written */
	size_t edges;     /* BPMNEdge elements written */
	size_t kept;      /* flow nodes and artifacts whose old bounds were kept (--keep) */
	size_t planes;    /* BPMNDiagram elements written */
	size_t collapsed; /* sub-processes drawn collapsed with their own plane */
	size_t layers;    /* most layers of one plane */
	size_t not_drawn; /* old shapes and edges of what the layout does not draw, left out */
	size_t carried;   /* the same, kept as they were (--keep) */
};

/*
 * Lays out `m` in place: its XML tree gets new BPMNDiagram elements and
 * loses the old ones. The model's DI fields (el->di, bounds, waypoints) are
 * stale afterwards: write the map (ka_bpmn_write) and read it again to use
 * them. `stats` may be NULL. Fails only on a map too big to lay out
 * (KA_ERR_LIMIT, with `diag` saying so).
 */
int ka_layout_map(struct ka_map *m, const struct ka_layout_opts *opts,
                  struct ka_layout_stats *stats, struct ka_diag *diag);

/*
 * BPMN text in, laid-out BPMN text out: reads `len` bytes with `ropts`
 * (NULL: strict defaults), lays the map out, writes it to `out` and reads
 * the result again strictly, so what is returned is always a map Kartla
 * accepts. On error `out` may hold partial text; `diag` says why.
 */
int ka_layout_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                   const struct ka_read_opts *ropts, const struct ka_layout_opts *opts,
                   struct ka_layout_stats *stats, struct ka_diag *diag);

#endif
