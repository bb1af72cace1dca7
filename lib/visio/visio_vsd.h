/*
 * lib/visio private: what the C++ bridge over libvisio (visio_vsd.cpp) hands
 * to C: per page, the drawing calls of each shape in order, as plain structs.
 * Coordinates are inches, y down from the page top (librevenge's SVG axes).
 *
 * Ownership: a vs_raw owns its pages, a page its objects, an object its
 * paths and text (all malloc'd); vs_raw_free() releases everything.
 */
#ifndef KARTLA_VISIO_VSD_H
#define KARTLA_VISIO_VSD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VS_RAW_PTS 32

/* One drawPath (or rectangle, ellipse, polygon, polyline) call. */
struct vs_raw_path {
	double x0, y0, x1, y1;        /* bounding box of its points (arcs: of their circles) */
	double pts[VS_RAW_PTS][2];    /* segment end points: the first ones, and the last */
	int npts;                     /* points kept (at most VS_RAW_PTS) */
	int nall;                     /* points in the path */
	int lines, curves, arcs;      /* segment counts by kind */
	int closed;                   /* ends with Z or returns to its start */
	int marker_start, marker_end; /* the style carried arrow heads */
	int dashed;                   /* the style's stroke was dashed */
	int filled;                   /* the style filled it */
	double stroke;                /* stroke width, inches */
};

/* A shape: a layer (group of calls) or a lone path, with the text that follows it. */
struct vs_raw_obj {
	struct vs_raw_path *paths;
	size_t npaths;
	int layer;                 /* 1: drawn inside startLayer/endLayer */
	char *text;                /* UTF-8, line breaks as '\n'; NULL when none */
	double tx0, ty0, tx1, ty1; /* the text box */
};

struct vs_raw_page {
	char *name;
	double width, height;
	struct vs_raw_obj *objs;
	size_t n;
};

struct vs_raw {
	struct vs_raw_page *pages;
	size_t n;
};

/*
 * Parses a binary .vsd with libvisio into `raw` (zeroed by the caller).
 * Returns 0, or -1 with a message in err (the file is not one libvisio
 * reads, or it failed part-way).
 */
int vs_vsd_parse(struct vs_raw *raw, const char *data, size_t len, char *err, size_t errsz);
void vs_raw_free(struct vs_raw *raw);

#ifdef __cplusplus
}
#endif

#endif
