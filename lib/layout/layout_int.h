/*
 * Private to lib/layout: one plane (a process or sub-process and what it
 * holds) as a layered graph, and the geometry computed for it.
 *
 * Ownership: a plane owns its arrays (layout_plane_release frees them); the
 * ka_el pointers are borrowed from the map.
 */
#ifndef KARTLA_LAYOUT_INT_H
#define KARTLA_LAYOUT_INT_H

#include <stdbool.h>

#include "kartla/layout.h"

/* Geometry constants, in DI pixels (bpmn-js sizes). */
#define LY_ROW_H    120.0 /* one row of a lane: an 80 px task and 20 px above and below */
#define LY_COL_GAP  70.0  /* channel between two layers */
#define LY_SLOT_SP  12.0  /* distance between two vertical segments in a channel */
#define LY_LABEL_W  30.0  /* title strip of a pool or a lane */
#define LY_PAD_X    40.0  /* left and right of the content in a plane */
#define LY_PLANE_X  150.0
#define LY_PLANE_Y  80.0
#define LY_POOL_GAP 40.0
#define LY_BLACKBOX 80.0 /* height of a pool without content */
#define LY_UNDER    6.0  /* back edges run this far above the bottom of a row */

enum ly_kind { LY_REAL, LY_DUMMY, LY_ARTIFACT, LY_BOUND };
enum { LY_TOP = 1, LY_BOTTOM = 2 };

struct ly_node {
	struct ka_el *el; /* NULL for a dummy */
	int kind;         /* enum ly_kind */
	int layer, band, pos, row;
	int in0, nin, out0, nout; /* unit edges: plane->adj[in0..], plane->adj[out0..] */
	int host;                 /* artifact, boundary event: its node; -1 */
	int art;                  /* first artifact hosted here, then ly_node.art_next; -1 */
	int art_next;
	int nbound; /* boundary events placed on it so far */
	int below;  /* 1 + the node it should sit below (a boundary event's host), or 0 */
	double key; /* barycenter while ordering */
	double x, y, w, h;
	unsigned used;     /* LY_TOP / LY_BOTTOM: sides where edges leave or enter */
	unsigned used_in;  /* the sides where edges enter */
	unsigned used_out; /* the sides where edges leave */
	int nlabels[3];    /* flow labels placed by its right side, top and bottom */
	bool kept;
	bool back; /* dummy of a back edge: its line runs at the bottom of the row */
};

enum ly_ekind { LY_E_FLOW, LY_E_ART, LY_E_SELF };

struct ly_edge {
	struct ka_el *el;     /* sequence flow, association or data association */
	int bnode;            /* boundary event node the flow leaves, else -1 */
	int src, dst;         /* node indices, drawing direction */
	int kind;             /* enum ly_ekind */
	bool back;            /* reversed to break a loop */
	int chain0, nchain;   /* dummies plane->chain[chain0..], in increasing layer */
	int seg0;             /* channel slots plane->slot[seg0..seg0+nchain] */
	struct ka_point *pts; /* route (owned by the plane) */
	int npts;
	bool kept; /* --keep: the old waypoints */
};

struct ly_band {
	struct ka_el *lane; /* NULL for the band of nodes in no lane */
	int depth;          /* nesting of the lane, 1 = top level */
	int rows;
	double y, h;
};

/* A lane that is not a leaf: drawn around the bands of its lanes. */
struct ly_group {
	struct ka_el *lane;
	int depth, band0, band1; /* bands [band0, band1) */
};

struct ly_plane {
	struct ka_map *m;
	struct ka_el *container; /* process or sub-process */
	struct ka_el *pool;      /* participant showing it, or NULL */
	struct ly_node *n;
	int nn, an;
	struct ly_edge *e;
	int ne, ae;
	int *chain, nchain, achain;
	int *adj, nadj;    /* unit edges by node (in, then out) */
	int *slot, nslot;  /* per edge segment: slot in its channel, -1 none */
	int *lay, *lstart; /* nodes by layer in order: lay[lstart[L]..lstart[L+1]) */
	int nlayers;
	struct ly_band *band;
	int nband, aband;
	struct ly_group *group;
	int ngroup, agroup;
	int maxdepth;
	double *colx, *colw, *gapw;
	int *nslots; /* per channel */
	double x0, dy, width, height;
	bool has_lanes;
	bool keep;    /* --keep placed something: pools and lanes keep their old bounds */
	double right; /* --keep: right edge of the nodes, relative x */
};

/* layout_graph.c: collecting, layering, ordering, rows. */
void ly_plane_init(struct ly_plane *p, struct ka_map *m, struct ka_el *container, int *node_of,
                   int *band_of);
int ly_add_node(struct ly_plane *p, struct ka_el *el, int kind, int *node_of);
void ly_add_lanes(struct ly_plane *p, int *band_of);
void ly_add_edges(struct ly_plane *p, struct ka_elvec *els, const int *node_of);
int ly_rank(struct ly_plane *p, const int *band_of);
void ly_order(struct ly_plane *p);
void ly_rows(struct ly_plane *p);
void ly_plane_release(struct ly_plane *p);

/* layout_keep.c: --keep, after the plane is placed and its dy known. */
void ly_keep(struct ly_plane *p, bool keep, struct ka_layout_stats *st);

/* layout_route.c: coordinates, routes, labels. */
void ly_place(struct ly_plane *p);
void ly_route(struct ly_plane *p);
/* An orthogonal route from shape a to shape b (message flows, --keep); *n points set. */
void ly_connect(const struct ka_bounds *a, const struct ka_bounds *b, bool vertical,
                struct ka_point *pts, int *n);
/*
 * A message flow from a to b (either may be a pool): vertical, at the first of
 * the ends' centres and their sides where no shape of `shapes` is in the way.
 * Up to 6 points.
 */
void ly_message_route(const struct ka_bounds *a, bool apool, const struct ka_bounds *b, bool bpool,
                      const struct ka_bounds *shapes, size_t nshapes, struct ka_point *pts, int *n);
/* Label bounds of a node's name below it, or where `used` leaves room. */
struct ka_bounds ly_node_label(const struct ly_node *nd, const char *name);
struct ka_bounds ly_edge_label(const struct ka_point *pts, int npts, const char *name, int nth);

#endif
