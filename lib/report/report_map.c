/*
 * The map in the process description document, drawn with cairo straight
 * from the BPMN DI of its first diagram: pools and lanes as bands with
 * their names turned up the left edge, tasks and sub-processes as rounded
 * rectangles, events as circles (an end event thick, an intermediate one
 * doubled), gateways as diamonds with their marker, data as folded sheets,
 * sequence flows as polylines with a filled arrowhead, message flows dashed,
 * associations dotted, and every name as a pango label. No browser.
 */
#include <math.h>
#include <string.h>

#include "report_int.h"
#include "kartla/banned.h"

#define LABEL_FONT "DejaVu Sans 9"

/* The first diagram's DI elements: shapes and edges whose plane belongs to it. */
static bool in_first_diagram(const struct ka_map *m, const struct ka_el *e)
{
	const struct ka_el *p;

	if (e->kind != KA_K_DI_SHAPE && e->kind != KA_K_DI_EDGE)
		return false;
	if (!m->diagrams.n)
		return true;
	for (p = e->parent; p; p = p->parent)
		if (p->kind == KA_K_DI_DIAGRAM)
			return p == m->diagrams.v[0];
	return true;
}

static void grow(double *b, double x, double y, bool *any)
{
	if (!*any || x < b[0])
		b[0] = x;
	if (!*any || y < b[1])
		b[1] = y;
	if (!*any || x > b[2])
		b[2] = x;
	if (!*any || y > b[3])
		b[3] = y;
	*any = true;
}

/* x0, y0, x1, y1 of everything drawn; false when there is nothing. */
static bool extent(const struct ka_map *m, double *b)
{
	bool any = false;
	size_t i, k;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *e = m->els.v[i];

		if (!in_first_diagram(m, e))
			continue;
		if (e->has_bounds) {
			grow(b, e->bounds.x, e->bounds.y, &any);
			grow(b, e->bounds.x + e->bounds.w, e->bounds.y + e->bounds.h, &any);
		}
		if (e->has_label_bounds) {
			grow(b, e->label_bounds.x, e->label_bounds.y, &any);
			grow(b, e->label_bounds.x + e->label_bounds.w,
			     e->label_bounds.y + e->label_bounds.h, &any);
		}
		for (k = 0; k < e->nwaypoints; k++)
			grow(b, e->waypoints[k].x, e->waypoints[k].y, &any);
	}
	return any && b[2] > b[0] && b[3] > b[1];
}

/* `text` centred in the box (x, y, w); `vcentre` also centres it vertically in h. */
static void label(cairo_t *cr, const char *text, double x, double y, double w, double h,
                  bool vcentre)
{
	PangoFontDescription *f;
	PangoLayout *l;
	int lw, lh;

	if (!text || !*text)
		return;
	f = pango_font_description_from_string(LABEL_FONT);
	l = pango_cairo_create_layout(cr);
	pango_layout_set_font_description(l, f);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_size(l, &lw, &lh);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	cairo_move_to(cr, x, vcentre ? y + (h - (double)lh / PANGO_SCALE) / 2 : y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	pango_font_description_free(f);
}

/* A name turned up the left band of a pool or lane. */
static void band_label(cairo_t *cr, const char *text, const struct ka_bounds *b)
{
	cairo_save(cr);
	cairo_translate(cr, b->x, b->y + b->h);
	cairo_rotate(cr, -M_PI / 2);
	label(cr, text, 0, 0, b->h, 30, true);
	cairo_restore(cr);
}

static void rounded(cairo_t *cr, const struct ka_bounds *b, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, b->x + b->w - r, b->y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, b->x + b->w - r, b->y + b->h - r, r, 0, M_PI / 2);
	cairo_arc(cr, b->x + r, b->y + b->h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, b->x + r, b->y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void fill_stroke(cairo_t *cr, double r, double g, double b, double width)
{
	cairo_set_source_rgb(cr, r, g, b);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	cairo_set_line_width(cr, width);
	cairo_stroke(cr);
}

/* The name of an event, gateway or data element: its label box, else under the shape. */
static void outer_label(cairo_t *cr, const struct ka_el *di, const char *name)
{
	const struct ka_bounds *b = &di->bounds;

	if (di->has_label_bounds)
		label(cr, name, di->label_bounds.x - 10, di->label_bounds.y,
		      di->label_bounds.w + 20, di->label_bounds.h, false);
	else
		label(cr, name, b->x - 30, b->y + b->h + 3, b->w + 60, 0, false);
}

static void gateway(cairo_t *cr, const struct ka_el *di, const struct ka_el *e)
{
	const struct ka_bounds *b = &di->bounds;
	double cx = b->x + b->w / 2, cy = b->y + b->h / 2, q = b->w / 5;

	cairo_move_to(cr, cx, b->y);
	cairo_line_to(cr, b->x + b->w, cy);
	cairo_line_to(cr, cx, b->y + b->h);
	cairo_line_to(cr, b->x, cy);
	cairo_close_path(cr);
	fill_stroke(cr, 1, 0.97, 0.85, 1.5);
	cairo_set_line_width(cr, 3);
	if (e->gateway == KA_GW_EXCLUSIVE) {
		cairo_move_to(cr, cx - q, cy - q), cairo_line_to(cr, cx + q, cy + q);
		cairo_move_to(cr, cx + q, cy - q), cairo_line_to(cr, cx - q, cy + q);
	} else if (e->gateway == KA_GW_PARALLEL) {
		cairo_move_to(cr, cx, cy - 1.3 * q), cairo_line_to(cr, cx, cy + 1.3 * q);
		cairo_move_to(cr, cx - 1.3 * q, cy), cairo_line_to(cr, cx + 1.3 * q, cy);
	} else if (e->gateway == KA_GW_INCLUSIVE) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, cy, q * 1.1, 0, 2 * M_PI);
	}
	cairo_stroke(cr);
	outer_label(cr, di, e->name);
}

static void event(cairo_t *cr, const struct ka_el *di, const struct ka_el *e)
{
	const struct ka_bounds *b = &di->bounds;
	double cx = b->x + b->w / 2, cy = b->y + b->h / 2, r = b->w / 2;
	bool end = e->kind == KA_K_END_EVENT, start = e->kind == KA_K_START_EVENT;

	cairo_new_sub_path(cr);
	cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
	if (end)
		fill_stroke(cr, 1, 0.90, 0.90, 3.5);
	else
		fill_stroke(cr, start ? 0.90 : 1, 1, start ? 0.90 : 1, 1.5);
	if (!start && !end) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, cy, r - 3, 0, 2 * M_PI);
		cairo_stroke(cr);
	}
	outer_label(cr, di, e->name);
}

static void shape(cairo_t *cr, const struct ka_el *di)
{
	const struct ka_el *e = di->ref;
	const struct ka_bounds *b = &di->bounds;

	if (!e || !di->has_bounds)
		return;
	switch (e->kind) {
	case KA_K_TASK:
	case KA_K_SUB_PROCESS:
	case KA_K_CALL_ACTIVITY:
		rounded(cr, b, 8);
		fill_stroke(cr, 0.93, 0.96, 1, e->kind == KA_K_CALL_ACTIVITY ? 3.5 : 1.5);
		label(cr, e->name, b->x + 4, b->y, b->w - 8, b->h, true);
		break;
	case KA_K_START_EVENT:
	case KA_K_END_EVENT:
	case KA_K_CATCH_EVENT:
	case KA_K_THROW_EVENT:
	case KA_K_BOUNDARY_EVENT:
		event(cr, di, e);
		break;
	case KA_K_GATEWAY:
		gateway(cr, di, e);
		break;
	case KA_K_DATA_OBJECT_REF:
	case KA_K_DATA_STORE_REF:
	case KA_K_DATA_OBJECT:
	case KA_K_DATA_STORE:
		cairo_rectangle(cr, b->x, b->y, b->w, b->h);
		fill_stroke(cr, 1, 1, 1, 1);
		outer_label(cr, di, e->name);
		break;
	case KA_K_TEXT_ANNOTATION:
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, b->x + 12, b->y);
		cairo_line_to(cr, b->x, b->y);
		cairo_line_to(cr, b->x, b->y + b->h);
		cairo_line_to(cr, b->x + 12, b->y + b->h);
		cairo_stroke(cr);
		label(cr, e->name, b->x + 4, b->y, b->w - 4, b->h, true);
		break;
	case KA_K_GROUP:
		cairo_set_dash(cr, (const double[]){8, 4, 2, 4}, 4, 0);
		rounded(cr, b, 8);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		break;
	default:
		break;
	}
}

static void band(cairo_t *cr, const struct ka_el *di)
{
	const struct ka_el *e = di->ref;
	const struct ka_bounds *b = &di->bounds;

	if (!e || !di->has_bounds || (e->kind != KA_K_PARTICIPANT && e->kind != KA_K_LANE))
		return;
	cairo_rectangle(cr, b->x, b->y, b->w, b->h);
	fill_stroke(cr, e->kind == KA_K_PARTICIPANT ? 0.97 : 0.985, 0.98, 0.99,
	            e->kind == KA_K_PARTICIPANT ? 1.5 : 0.8);
	cairo_move_to(cr, b->x + 30, b->y);
	cairo_line_to(cr, b->x + 30, b->y + b->h);
	cairo_set_line_width(cr, 0.8);
	cairo_stroke(cr);
	band_label(cr, e->name, b);
}

static void arrowhead(cairo_t *cr, const struct ka_point *a, const struct ka_point *b, bool fill)
{
	double ang = atan2(b->y - a->y, b->x - a->x), len = 10, spread = 0.4;

	cairo_move_to(cr, b->x, b->y);
	cairo_line_to(cr, b->x - len * cos(ang - spread), b->y - len * sin(ang - spread));
	cairo_line_to(cr, b->x - len * cos(ang + spread), b->y - len * sin(ang + spread));
	cairo_close_path(cr);
	if (fill)
		cairo_fill(cr);
	else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
		cairo_stroke(cr);
	}
}

static void edge(cairo_t *cr, const struct ka_el *di)
{
	const struct ka_el *e = di->ref;
	const struct ka_point *p = di->waypoints;
	size_t n = di->nwaypoints, k;

	if (!e || n < 2)
		return;
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	cairo_set_line_width(cr, 1.2);
	if (e->kind == KA_K_MESSAGE_FLOW)
		cairo_set_dash(cr, (const double[]){6, 4}, 2, 0);
	else if (e->kind != KA_K_SEQUENCE_FLOW)
		cairo_set_dash(cr, (const double[]){2, 3}, 2, 0);
	cairo_move_to(cr, p[0].x, p[0].y);
	for (k = 1; k < n; k++)
		cairo_line_to(cr, p[k].x, p[k].y);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	if (e->kind == KA_K_SEQUENCE_FLOW || e->kind == KA_K_MESSAGE_FLOW ||
	    e->kind == KA_K_DATA_ASSOCIATION)
		arrowhead(cr, &p[n - 2], &p[n - 1], e->kind == KA_K_SEQUENCE_FLOW);
	if (e->name && di->has_label_bounds)
		label(cr, e->name, di->label_bounds.x - 10, di->label_bounds.y,
		      di->label_bounds.w + 20, di->label_bounds.h, false);
	else if (e->name)
		label(cr, e->name, (p[0].x + p[1].x) / 2 - 40, (p[0].y + p[1].y) / 2 + 2, 80, 0,
		      false);
}

void ka_report_map_draw(cairo_t *cr, const struct ka_map *m, double x, double y, double w,
                        double max_h, bool draw, double *h)
{
	double b[4] = {0, 0, 0, 0}, s;
	size_t i;
	int layer;

	*h = 0;
	if (!extent(m, b))
		return;
	b[0] -= 10, b[1] -= 10, b[2] += 10, b[3] += 10; /* room for strokes and labels */
	s = fmin(1.0, fmin(w / (b[2] - b[0]), max_h / (b[3] - b[1])));
	*h = (b[3] - b[1]) * s;
	if (!draw)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, *h);
	cairo_clip(cr);
	cairo_translate(cr, x + (w - (b[2] - b[0]) * s) / 2 - b[0] * s, y - b[1] * s);
	cairo_scale(cr, s, s);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	/* bands under flows under shapes */
	for (layer = 0; layer < 3; layer++)
		for (i = 0; i < m->els.n; i++) {
			const struct ka_el *e = m->els.v[i];

			if (!in_first_diagram(m, e))
				continue;
			if (layer == 0 && e->kind == KA_K_DI_SHAPE)
				band(cr, e);
			else if (layer == 1 && e->kind == KA_K_DI_EDGE)
				edge(cr, e);
			else if (layer == 2 && e->kind == KA_K_DI_SHAPE)
				shape(cr, e);
		}
	cairo_restore(cr);
}
