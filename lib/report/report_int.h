/* Private to lib/report: the drawing context the renderer and the map share. */
#ifndef KARTLA_REPORT_INT_H
#define KARTLA_REPORT_INT_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"

#define PAGE_W   595.276 /* A4 in points */
#define PAGE_H   841.890
#define MARGIN   56.0 /* about 2 cm */
#define TOP      (MARGIN + 22.0)
#define BOTTOM   (PAGE_H - MARGIN - 14.0)
#define CONTENT  (PAGE_W - 2 * MARGIN)
#define CELL_PAD 3.0

/* One document being laid out; the renderer's state between the helpers. */
struct report_doc {
	cairo_t *cr;
	const char *lang, *name, *date; /* the words' language; the header's subject; the day */
	const char *title;              /* the word key of the document's title */
	const void *data;               /* what the sections draw */
	void (*sections)(struct report_doc *d);
	int page, pages; /* pages: the total from the first pass, 0 in it */
	double y;
	PangoFontDescription *body, *bold, *small, *h1, *title_font;
};

/* The word `key` in the document's language (the key itself when there is none). */
const char *report_w(const struct report_doc *d, const char *key);
/* The height of `text` wrapped at `width`; drawn at (x, y) when `draw`. */
double report_text(struct report_doc *d, PangoFontDescription *font, const char *text, double x,
                   double y, double width, bool draw);
void report_page_begin(struct report_doc *d);
/* Starts a new page unless `h` more points fit on this one. */
void report_need(struct report_doc *d, double h);
void report_para(struct report_doc *d, PangoFontDescription *font, const char *text, double after);
void report_heading(struct report_doc *d, const char *text);
/* A table row of `n` cells, widths as fractions of the content width; a header row is bold. */
void report_row(struct report_doc *d, size_t n, const double *frac, const char *const *cells,
                bool header);
const char *report_or_dash(const char *s);
/* Lays out and renders *d (its sections) as PDF appended to `out`. */
int report_doc_render(struct ka_buf *out, struct report_doc *d, int *pages, struct ka_diag *diag);

/*
 * Draws the map's diagram (its DI) into the box at (x, y) of width `w`,
 * scaled down to fit `w` and `max_h` (never up beyond 1:1); *h is the height
 * used (0 when the map has no DI). `draw` false measures only. Labels are
 * DejaVu Sans 9 in the map's own units, as bpmn-js draws them.
 */
void ka_report_map_draw(cairo_t *cr, const struct ka_map *m, double x, double y, double w,
                        double max_h, bool draw, double *h);

#endif
