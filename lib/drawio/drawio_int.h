/*
 * Private to lib/drawio: one draw.io page read into cells, classified into
 * BPMN kinds, then written as BPMN text.
 *
 * Ownership: a page's cells, points and strings live in the page's arena
 * (and in the XML document the cells were read from) until the page is
 * released; nothing outlives one page except the BPMN text and the notes.
 */
#ifndef KARTLA_DRAWIO_INT_H
#define KARTLA_DRAWIO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "kartla/arena.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/import_note.h"
#include "kartla/xml.h"

/* Caps on what a compressed diagram may inflate to: per page and for the whole file. */
#define DIO_MAX_PAGE_BYTES  (64u * 1024u * 1024u)
#define DIO_MAX_TOTAL_BYTES (64u * 1024u * 1024u)
/* Sub-processes or lanes nested deeper than this are not mapped. */
#define DIO_MAX_NESTING 32
/* Coordinates beyond this are treated as nonsense (clamped, and noted). */
#define DIO_MAX_COORD 1.0e7

enum dio_kind {
	DIO_SKIP = 0,   /* nothing to map (root, layer, group, edge label): no note */
	DIO_UNMAPPED,   /* a shape we do not map: noted */
	DIO_POOL,       /* swimlane holding lanes: a participant with its own process */
	DIO_LANE,       /* swimlane: a lane */
	DIO_NODE,       /* flow node: task, event, gateway, sub-process */
	DIO_DATA,       /* data object or data store reference */
	DIO_ANNOTATION, /* text annotation */
	DIO_CONVERSATION,
	DIO_EDGE, /* an edge cell, classified into `flow` below */
};

enum dio_flow {
	DIO_FLOW_NONE = 0, /* dropped (noted) */
	DIO_FLOW_SEQUENCE,
	DIO_FLOW_MESSAGE,
	DIO_FLOW_ASSOCIATION,
	DIO_FLOW_CONVERSATION_LINK,
};

struct dio_point {
	double x, y;
};

struct dio_cell {
	const char *id;                /* as in the file */
	const char *bid;               /* the BPMN id written for it (arena) */
	const char *style;             /* "" when none */
	const char *name;              /* the label as plain text, "" when none (arena) */
	const struct ka_xml_node *xml; /* the mxCell element */
	const char *parent_id, *source_id, *target_id;
	int parent, source, target; /* cell indexes, -1 when none or unknown */
	bool vertex, edge;
	/* geometry as written (relative to the parent) and absolute */
	bool has_geom, rel_geom;
	double x, y, w, h, offx, offy;
	double ax, ay;
	bool abs_done, abs_busy;
	/* edges: bends, and loose end points, relative to the edge's parent */
	struct dio_point *pts;
	size_t npts;
	bool has_src_pt, has_tgt_pt;
	struct dio_point src_pt, tgt_pt;

	enum dio_kind kind;
	const char *tag;   /* BPMN element name: "task", "startEvent", "exclusiveGateway" ... */
	const char *evdef; /* event definition element, or NULL */
	bool ellipse;      /* a flowchart circle: start/end decided by its edges */
	bool boundary;     /* boundary event: `attached` is its activity */
	bool nonint;       /* non-interrupting (boundary: cancelActivity="false") */
	bool loop, multi, multi_seq, compensation, event_sub, horizontal;
	bool has_children; /* a sub-process drawn with its content (isExpanded) */
	int attached;      /* boundary event: the activity cell */
	int default_flow;  /* gateway or activity: its default flow (an edge cell), or -1 */
	int pool, lane;    /* the pool / innermost lane it belongs to, or -1 */
	int scope;         /* the sub-process cell it sits in, or -1 for the process */
	int nin, nout;     /* sequence-flow candidate edges */
	int nkids, nlinks; /* vertex children; edges ending here */
	enum dio_flow flow;
	bool cond; /* a labelled flow out of an exclusive/inclusive gateway */
};

struct dio_page {
	struct ka_arena arena;
	const char *file;
	const char *name; /* the page's name (or "Page-N") */
	unsigned index;   /* 1-based */
	char where[256];  /* scratch for note places */
	struct dio_cell *cells;
	size_t n, cap;
	/* open-addressing table from cell id to index + 1 */
	size_t *slots;
	size_t nslots;
	bool has_pools;
	size_t by_position; /* cells placed in a lane or pool by geometry */
	size_t budget;      /* geometric comparisons left (containment searches are quadratic) */
	int *boxes;         /* the lanes and pools, for placing shapes by position */
	size_t nboxes;
	struct ka_import_report *rep;
};

/* drawio_decode.c */

/*
 * Decodes a compressed diagram (base64, raw deflate, URL-encoding) into `out`,
 * never holding more than `cap` bytes. On error fills `why` and returns a
 * KA_ERR_* code (KA_ERR_TOO_BIG past the cap, KA_ERR_XML for bad bytes).
 */
int dio_decompress(struct ka_buf *out, const char *text, size_t len, size_t cap, char *why,
                   size_t whysz);
/* The value of `key` in a draw.io style ("k=v;k2=v2;base;"), or NULL. Arena copy. */
const char *dio_style(struct ka_arena *a, const char *style, const char *key);
/* Whether the style's bare tokens (those without '=') include `name`. */
bool dio_style_has(const char *style, const char *name);
/* The label as plain text: HTML stripped when `html`, entities decoded, spaces collapsed. */
const char *dio_label(struct ka_arena *a, const char *value, bool html);

/* drawio_map.c */

/* Reads the cells of an <mxGraphModel> into the page, classifies them and notes the rest. */
int dio_page_read(struct dio_page *pg, const struct ka_xml_node *model, struct ka_diag *diag);
/* Notes a problem with a cell (code, "page "NAME", cell ID", message). */
void dio_note(struct dio_page *pg, const struct dio_cell *c, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* drawio_shape.c */

/* Gives every cell its kind (and BPMN tag) from its style; notes what is not mapped. */
void dio_classify(struct dio_page *pg);

/* drawio_write.c */

/* Appends the page's collaboration and processes to `out`, its BPMNDiagram to `di`. */
void dio_page_write(struct dio_page *pg, struct ka_buf *out, struct ka_buf *di);
/* Escapes `s` for an XML attribute value or text. */

#endif
