/*
 * lib/visio private: the drawing model every Visio reader fills (.vsdx by
 * master names and glue, .vsd by geometry) and the BPMN writer reads.
 *
 * Ownership: a vs_drawing owns its pages, a page its shapes and every string
 * in them (malloc'd); vs_drawing_free() releases all of it.
 */
#ifndef KARTLA_VISIO_INT_H
#define KARTLA_VISIO_INT_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/import_note.h"

/* What a shape becomes. Flow nodes first, then containers, then connectors. */
enum vs_kind {
	VS_NONE = 0,    /* not mapped: a note */
	VS_TASK,        /* task (tasktype says which) */
	VS_SUBPROCESS,  /* subProcess */
	VS_CALL,        /* callActivity */
	VS_START,       /* startEvent */
	VS_INTER_CATCH, /* intermediateCatchEvent */
	VS_INTER_THROW, /* intermediateThrowEvent */
	VS_BOUNDARY,    /* boundaryEvent: an event drawn on an activity's border */
	VS_END,         /* endEvent */
	VS_TERMINAL,    /* flowchart Start/End: start or end decided by its flows */
	VS_GW_EXCL,
	VS_GW_PAR,
	VS_GW_INCL,
	VS_GW_EVENT,
	VS_GW_COMPLEX,
	VS_DATA_OBJECT,
	VS_DATA_STORE,
	VS_ANNOTATION,
	VS_POOL,
	VS_LANE,
	VS_PHASE, /* kept as a note */
	VS_SEQ,   /* connectors */
	VS_MSG,
	VS_ASSOC,
};

enum vs_evdef {
	VS_EV_NONE = 0,
	VS_EV_MESSAGE,
	VS_EV_TIMER,
	VS_EV_SIGNAL,
	VS_EV_ERROR,
	VS_EV_ESCALATION,
	VS_EV_CONDITIONAL,
	VS_EV_COMPENSATE,
	VS_EV_TERMINATE,
	VS_EV_LINK,
	VS_EV_CANCEL,
};

enum vs_tasktype {
	VS_TT_TASK = 0,
	VS_TT_USER,
	VS_TT_SERVICE,
	VS_TT_SEND,
	VS_TT_RECEIVE,
	VS_TT_MANUAL,
	VS_TT_SCRIPT,
	VS_TT_RULE,
};

#define VS_MAX_POINTS 16

struct vs_shape {
	char *vid;         /* the shape's id in the drawing ("14"), for notes and BPMN ids */
	char *name;        /* text, line breaks as spaces; may be NULL */
	char *master;      /* master NameU or geometric description, for notes; may be NULL */
	int kind;          /* enum vs_kind */
	int evdef;         /* enum vs_evdef, events only */
	int tasktype;      /* enum vs_tasktype, tasks only */
	double x, y, w, h; /* bounds in BPMN DI pixels, y down from the page top */
	/* connectors: the shapes glued at each end (index into page shapes, -1 loose) */
	int src, dst;
	double pts[VS_MAX_POINTS][2]; /* connector waypoints in pixels */
	int npts;
	int container;        /* index of the lane or pool holding a node, -1 none */
	int pool;             /* index of the pool holding a node or lane, -1 none */
	int skip;             /* 1: noted or merged, not written */
	int attached;         /* boundary events: index of the activity it sits on, else -1 */
	int non_interrupting; /* the master or shape data says "non-interrupting" */
};

struct vs_page {
	char *name;
	double width, height; /* pixels */
	struct vs_shape *shapes;
	size_t n, cap;
};

struct vs_drawing {
	const char *file; /* borrowed */
	struct vs_page *pages;
	size_t n, cap;
};

#define VS_PX_PER_INCH 96.0

void vs_drawing_free(struct vs_drawing *d);
struct vs_page *vs_page_add(struct vs_drawing *d, const char *name);
/* A new zeroed shape on `p` (src = dst = container = pool = -1); its index is p->n - 1. */
struct vs_shape *vs_shape_add(struct vs_page *p, const char *vid);
/* Copies `s` (n bytes, or to its NUL if n is (size_t)-1) with line breaks and runs of
 * white space folded into single spaces and trimmed; NULL when nothing is left. */
char *vs_text_fold(const char *s, size_t n);

/*
 * Maps a master's NameU (or a shape's own NameU) to a kind; also sets the event
 * definition and task type the name carries. Language-independent names only.
 * A trailing ".NN" (Visio's copy counter) is ignored.
 */
int vs_map_master(const char *name, int *evdef, int *tasktype);
/* Refines evdef/tasktype/gateway kind from one shape-data row (name, value). */
void vs_map_property(struct vs_shape *s, const char *row, const char *value);

/*
 * After a reader filled the shapes: resolves lanes and pools by geometric
 * containment, decides flowchart Start/End shapes from their flows, and
 * notes every connector left loose and every shape not mapped.
 */
int vs_resolve_page(struct vs_drawing *d, size_t pageno, struct ka_import_report *rep);

/* Appends BPMN XML (definitions with one process per page or per pool, DI) to `out`. */
int vs_write_bpmn(struct ka_buf *out, const struct vs_drawing *d);

/* .vsdx/.vsdm (OPC ZIP): fills `d`. */
int vs_vsdx_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                 struct ka_diag *diag);
/* .vdx (Visio 2003-2010 XML, one document): fills `d` like the .vsdx reader. */
int vs_vdx_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                struct ka_diag *diag);
/* .vsd (OLE2, via libvisio): fills `d` from geometry, noting every guess. */
int vs_vsd_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                struct ka_diag *diag);

/* Caps for a package: total inflated bytes, entries, and one XML part. */
#define VS_ZIP_MAX_TOTAL   (256u * 1024u * 1024u)
#define VS_ZIP_MAX_ENTRIES 10000u
/* Shapes (connectors included) on one page: the resolution is quadratic in them. */
#define VS_MAX_SHAPES 20000u
#define VS_PART_MAX   (64u * 1024u * 1024u)

#endif
