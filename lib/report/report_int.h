/* Private to lib/report: the drawing context the renderer and the map share. */
#ifndef KARTLA_REPORT_INT_H
#define KARTLA_REPORT_INT_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "kartla/model.h"

/*
 * Draws the map's diagram (its DI) into the box at (x, y) of width `w`,
 * scaled down to fit `w` and `max_h` (never up beyond 1:1); *h is the height
 * used (0 when the map has no DI). `draw` false measures only. `font` is
 * the labels' family and size.
 */
void ka_report_map_draw(cairo_t *cr, const struct ka_map *m, double x, double y, double w,
                        double max_h, bool draw, double *h);

#endif
