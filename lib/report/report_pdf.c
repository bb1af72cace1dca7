/*
 * The process description document as an A4 PDF: cairo's PDF surface and
 * pango layouts (DejaVu, so Nordic letters come out right), headers and
 * footers on every page (process name, title, date, "page n of m"), page
 * breaks before a block that does not fit, and the map drawn as vectors
 * (report_map.c). The document is laid out twice: the first pass counts the
 * pages for the footers, the second draws them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kartla/report.h"
#include "report_int.h"
#include "kartla/banned.h"

#define PAGE_W   595.276 /* A4 in points */
#define PAGE_H   841.890
#define MARGIN   56.0 /* about 2 cm */
#define TOP      (MARGIN + 22.0)
#define BOTTOM   (PAGE_H - MARGIN - 14.0)
#define CONTENT  (PAGE_W - 2 * MARGIN)
#define CELL_PAD 3.0

struct doc {
	cairo_t *cr;
	const struct ka_report *r;
	int page, pages; /* pages: the total from the first pass, 0 in it */
	double y;
	PangoFontDescription *body, *bold, *small, *h1, *title;
};

static const char *W(const struct doc *d, const char *key)
{
	const char *s = ka_report_word(d->r->lang, key);

	return s ? s : key;
}

/* The height of `text` in `font` wrapped at `width`; drawn at (x, y) when `draw`. */
static double text_at(struct doc *d, PangoFontDescription *font, const char *text, double x,
                      double y, double width, bool draw)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	int w, h;

	/* points, not pango's default 96 dpi: a 10 pt font is 10 pt on paper */
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text ? text : "", -1);
	pango_layout_get_size(l, &w, &h);
	if (draw) {
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, l);
	}
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

static void page_begin(struct doc *d)
{
	char foot[64];
	const char *fmt = W(d, "page");

	d->page++;
	d->y = TOP;
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	text_at(d, d->small, d->r->name, MARGIN, MARGIN - 8, CONTENT * 0.7, true);
	text_at(d, d->small, W(d, "title"), MARGIN + CONTENT * 0.7, MARGIN - 8, CONTENT * 0.3,
	        true);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, MARGIN, MARGIN + 8);
	cairo_line_to(d->cr, MARGIN + CONTENT, MARGIN + 8);
	cairo_move_to(d->cr, MARGIN, BOTTOM + 4);
	cairo_line_to(d->cr, MARGIN + CONTENT, BOTTOM + 4);
	cairo_stroke(d->cr);
	text_at(d, d->small, d->r->date, MARGIN, BOTTOM + 8, CONTENT / 2, true);
	/* the format is one of the static words: "%d ... %d" */
	snprintf(foot, sizeof(foot), fmt, d->page, d->pages ? d->pages : d->page);
	text_at(d, d->small, foot, MARGIN + CONTENT - 90, BOTTOM + 8, 90, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

/* Starts a new page unless `h` more points fit on this one. */
static void need(struct doc *d, double h)
{
	if (d->y + h <= BOTTOM)
		return;
	cairo_show_page(d->cr);
	page_begin(d);
}

static void para(struct doc *d, PangoFontDescription *font, const char *text, double after)
{
	double h = text_at(d, font, text, MARGIN, d->y, CONTENT, false);

	need(d, h);
	text_at(d, font, text, MARGIN, d->y, CONTENT, true);
	d->y += h + after;
}

static void heading(struct doc *d, const char *text)
{
	double h = text_at(d, d->h1, text, MARGIN, 0, CONTENT, false);

	d->y += 10;
	need(d, h + 40); /* never a heading alone at the foot of a page */
	cairo_set_source_rgb(d->cr, 0.10, 0.25, 0.45);
	text_at(d, d->h1, text, MARGIN, d->y, CONTENT, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y += h + 6;
}

/*
 * One table row: `n` cells with widths as fractions of the content width.
 * A header row is bold on a tinted band.
 */
static void row(struct doc *d, size_t n, const double *frac, const char *const *cells, bool header)
{
	PangoFontDescription *f = header ? d->bold : d->body;
	double h = 0, x = MARGIN, ch;
	size_t i;

	for (i = 0; i < n; i++) {
		ch = text_at(d, f, cells[i], 0, 0, frac[i] * CONTENT - 2 * CELL_PAD, false);
		h = ch > h ? ch : h;
	}
	h += 2 * CELL_PAD;
	need(d, h);
	if (header) {
		cairo_set_source_rgb(d->cr, 0.90, 0.93, 0.97);
		cairo_rectangle(d->cr, MARGIN, d->y, CONTENT, h);
		cairo_fill(d->cr);
		cairo_set_source_rgb(d->cr, 0, 0, 0);
	}
	for (i = 0; i < n; i++) {
		text_at(d, f, cells[i], x + CELL_PAD, d->y + CELL_PAD,
		        frac[i] * CONTENT - 2 * CELL_PAD, true);
		x += frac[i] * CONTENT;
	}
	d->y += h;
	cairo_set_source_rgb(d->cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(d->cr, 0.4);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, MARGIN + CONTENT, d->y);
	cairo_stroke(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "–";
}

static void section_front(struct doc *d)
{
	const struct ka_report *r = d->r;
	const double frac[] = {0.3, 0.7};
	char ver[96];
	const char *cells[2];
	double h = text_at(d, d->title, r->name, MARGIN, 0, CONTENT, false);

	d->y += 6;
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	para(d, d->bold, W(d, "title"), 2);
	cairo_set_source_rgb(d->cr, 0.10, 0.25, 0.45);
	text_at(d, d->title, r->name, MARGIN, d->y, CONTENT, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y += h + 12;
	cells[0] = W(d, "outline"), cells[1] = or_dash(r->outline);
	row(d, 2, frac, cells, false);
	cells[0] = W(d, "type"), cells[1] = r->type ? W(d, r->type) : "–";
	row(d, 2, frac, cells, false);
	cells[0] = W(d, "status"), cells[1] = r->status ? W(d, r->status) : "–";
	row(d, 2, frac, cells, false);
	cells[0] = W(d, "next_review"), cells[1] = or_dash(r->next_review);
	row(d, 2, frac, cells, false);
	if (r->map_id)
		snprintf(ver, sizeof(ver), "%lld (%s)", (long long)r->map_number,
		         r->map_state ? W(d, r->map_state) : "");
	else
		snprintf(ver, sizeof(ver), "–");
	cells[0] = W(d, "map_version"), cells[1] = ver;
	row(d, 2, frac, cells, false);
	cells[0] = W(d, "made"), cells[1] = r->date;
	row(d, 2, frac, cells, false);
}

/* A specification value as text: a string, a list one a line, indicators by name and target. */
static void spec_text(struct ka_buf *b, const json_t *v)
{
	size_t i;
	const json_t *e;

	if (json_is_string(v)) {
		ka_buf_adds(b, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, e)
	{
		if (i)
			ka_buf_addc(b, '\n');
		if (json_is_object(e)) {
			const char *n = json_string_value(json_object_get(e, "name"));
			const char *t = json_string_value(json_object_get(e, "target"));
			const char *f = json_string_value(json_object_get(e, "frequency"));

			ka_buf_addf(b, "• %s%s%s%s%s", n ? n : "", t ? ": " : "", t ? t : "",
			            f ? " · " : "", f ? f : "");
		} else if (json_is_string(e)) {
			ka_buf_addf(b, "• %s", json_string_value(e));
		}
	}
}

static void section_spec(struct doc *d)
{
	const double frac[] = {0.3, 0.7};
	const char *key, *cells[2];
	const json_t *v;
	struct ka_buf b;

	heading(d, W(d, "spec"));
	if (!json_object_size(d->r->spec)) {
		para(d, d->body, W(d, "no_spec"), 4);
		return;
	}
	ka_buf_init(&b, 0);
	json_object_foreach((json_t *)d->r->spec, key, v)
	{
		ka_buf_reset(&b);
		spec_text(&b, v);
		ka_buf_addc(&b, '\0');
		if (ka_buf_error(&b) || !b.data[0])
			continue;
		cells[0] = W(d, key);
		cells[1] = b.data;
		row(d, 2, frac, cells, false);
	}
	ka_buf_release(&b);
}

static void section_roles(struct doc *d)
{
	const struct ka_report *r = d->r;
	const double f4[] = {0.35, 0.35, 0.3}, f2[] = {0.7, 0.3};
	const char *cells[3];
	char span[48], count[24];
	size_t i;

	heading(d, W(d, "roles"));
	if (!r->nholders)
		para(d, d->body, W(d, "no_holders"), 4);
	else {
		cells[0] = W(d, "role"), cells[1] = W(d, "person"), cells[2] = W(d, "from");
		row(d, 3, f4, cells, true);
	}
	for (i = 0; i < r->nholders; i++) {
		snprintf(span, sizeof(span), "%s%s%s", or_dash(r->holders[i].from),
		         r->holders[i].to ? " – " : "", r->holders[i].to ? r->holders[i].to : "");
		cells[0] = r->holders[i].role, cells[1] = or_dash(r->holders[i].person),
		cells[2] = span;
		row(d, 3, f4, cells, false);
	}
	if (!r->nroles)
		return;
	d->y += 8;
	cells[0] = W(d, "lanes"), cells[1] = W(d, "activities");
	row(d, 2, f2, cells, true);
	for (i = 0; i < r->nroles; i++) {
		snprintf(count, sizeof(count), "%zu", r->roles[i].activities);
		cells[0] = r->roles[i].name, cells[1] = count;
		row(d, 2, f2, cells, false);
	}
}

/*
 * A map much wider than tall that the page width would shrink below 60 %
 * gets a page of its own, turned a quarter: the reader turns the page.
 */
static bool map_turned(struct doc *d, double hh)
{
	double h = 0, tall = 0;

	ka_report_map_draw(d->cr, d->r->map, 0, 0, CONTENT, 1e6, false, &h);
	ka_report_map_draw(d->cr, d->r->map, 0, 0, BOTTOM - TOP - hh, 1e6, false, &tall);
	/* h / tall is the width scale's ratio of portrait to turned */
	return h > 0 && tall > 0 && h / tall < 0.75 && tall <= CONTENT &&
	       h < 0.6 * (BOTTOM - TOP) * (CONTENT / (BOTTOM - TOP - hh));
}

static void section_map(struct doc *d)
{
	double h = 0, hh = text_at(d, d->h1, W(d, "map"), MARGIN, 0, CONTENT, false) + 16;
	bool turned = d->r->map && map_turned(d, hh);

	if (d->r->map && !turned)
		ka_report_map_draw(d->cr, d->r->map, MARGIN, 0, CONTENT, BOTTOM - TOP - hh, false,
		                   &h);
	if (turned || (h && d->y + hh + h > BOTTOM)) {
		/* the heading goes with a map that fits a whole page but not the rest of this one
		 */
		cairo_show_page(d->cr);
		page_begin(d);
	}
	heading(d, W(d, "map"));
	if (turned) {
		cairo_save(d->cr);
		cairo_translate(d->cr, MARGIN, BOTTOM);
		cairo_rotate(d->cr, -M_PI / 2);
		ka_report_map_draw(d->cr, d->r->map, 0, 0, BOTTOM - d->y, CONTENT, true, &h);
		cairo_restore(d->cr);
		cairo_show_page(d->cr);
		page_begin(d);
		return;
	}
	if (!h) {
		para(d, d->body, W(d, "no_map"), 4);
		return;
	}
	ka_report_map_draw(d->cr, d->r->map, MARGIN, d->y, CONTENT, BOTTOM - d->y, true, &h);
	d->y += h + 6;
}

static void section_raci(struct doc *d)
{
	const struct ka_report *r = d->r;
	const double frac[] = {0.32, 0.17, 0.17, 0.17, 0.17};
	const char *cells[5];
	size_t i;

	heading(d, W(d, "raci"));
	if (!r->nraci) {
		para(d, d->body, W(d, "no_raci"), 4);
		return;
	}
	para(d, d->small, W(d, "raci_legend"), 4);
	cells[0] = W(d, "activity"), cells[1] = "R", cells[2] = "A", cells[3] = "C", cells[4] = "I";
	row(d, 5, frac, cells, true);
	for (i = 0; i < r->nraci; i++) {
		cells[0] = r->raci[i].activity;
		cells[1] = or_dash(r->raci[i].r);
		cells[2] = or_dash(r->raci[i].a);
		cells[3] = or_dash(r->raci[i].c);
		cells[4] = or_dash(r->raci[i].i);
		row(d, 5, frac, cells, false);
	}
}

static void score_text(char *out, size_t n, const struct ka_risk_score *s)
{
	if (s->set)
		snprintf(out, n, "%lld × %lld = %d", (long long)s->likelihood,
		         (long long)s->consequence, s->value);
	else
		snprintf(out, n, "–");
}

static void section_risks(struct doc *d)
{
	const struct ka_risk_list *l = &d->r->risks;
	const double frac[] = {0.30, 0.17, 0.17, 0.18, 0.18};
	const double fa[] = {0.04, 0.43, 0.18, 0.17, 0.18};
	const char *cells[5];
	char inh[48], res[48];
	size_t i, k;

	heading(d, W(d, "risks"));
	if (!l->n) {
		para(d, d->body, W(d, "no_risks"), 4);
		return;
	}
	for (i = 0; i < l->n; i++) {
		const struct ka_risk *x = &l->items[i];

		score_text(inh, sizeof(inh), &x->inherent);
		score_text(res, sizeof(res), &x->residual);
		cells[0] = W(d, "risk"), cells[1] = W(d, "inherent"), cells[2] = W(d, "residual");
		cells[3] = W(d, "owner"), cells[4] = W(d, "decision");
		need(d, 60);
		row(d, 5, frac, cells, true);
		cells[0] = or_dash(x->title), cells[1] = inh, cells[2] = res;
		cells[3] = or_dash(x->owner), cells[4] = x->decision ? W(d, x->decision) : "–";
		row(d, 5, frac, cells, false);
		if (x->nactions) {
			cells[0] = "", cells[1] = W(d, "action"), cells[2] = W(d, "responsible");
			cells[3] = W(d, "due"), cells[4] = W(d, "status");
			row(d, 5, fa, cells, true);
		}
		for (k = 0; k < x->nactions; k++) {
			const struct ka_risk_action *a = &x->actions[k];

			cells[0] = "→", cells[1] = or_dash(a->title),
			cells[2] = or_dash(a->responsible);
			cells[3] = or_dash(a->due_date),
			cells[4] = a->status ? W(d, a->status) : "–";
			row(d, 5, fa, cells, false);
		}
		d->y += 8;
	}
}

static double num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	return json_number_value(b ? json_object_get(v, b) : v);
}

static void duration_row(struct doc *d, const char *key, const json_t *v)
{
	const double frac[] = {0.4, 0.6};
	const char *cells[2];
	char s[64];

	/* the format is one of the static words: "%.1f ... %.1f" */
	snprintf(s, sizeof(s), W(d, "days"), num(v, "days", NULL), num(v, "hours", NULL));
	cells[0] = W(d, key), cells[1] = s;
	row(d, 2, frac, cells, false);
}

static const char *el_name(const struct ka_map *m, const char *id)
{
	const struct ka_el *e = m && id ? ka_map_find(m, id) : NULL;

	return e && e->name ? e->name : or_dash(id);
}

static void section_leadtime(struct doc *d)
{
	const json_t *lt = d->r->leadtime, *w;
	const double frac[] = {0.4, 0.6};
	const char *cells[2];
	char s[96];
	size_t i;

	heading(d, W(d, "leadtime"));
	if (!lt || !json_is_object(json_object_get(lt, "leadTime"))) {
		para(d, d->body, W(d, "no_leadtime"), 4);
		return;
	}
	/* the format is one of the static words: "%.1f ... %.0f" */
	snprintf(s, sizeof(s), W(d, "lt_basis"), num(lt, "timeBasis", "hoursPerDay"),
	         num(lt, "timeBasis", "daysPerWeek"));
	para(d, d->small, s, 4);
	duration_row(d, "lt_lead", json_object_get(lt, "leadTime"));
	duration_row(d, "lt_process", json_object_get(lt, "processTime"));
	duration_row(d, "lt_wait", json_object_get(lt, "waitTime"));
	snprintf(s, sizeof(s), "%.1f %%", 100.0 * num(lt, "activityRatio", NULL));
	cells[0] = W(d, "lt_ratio"), cells[1] = s;
	row(d, 2, frac, cells, false);
	snprintf(s, sizeof(s), "%.1f %%", 100.0 * num(lt, "rolledCompleteAccurate", NULL));
	cells[0] = W(d, "lt_rca"), cells[1] = s;
	row(d, 2, frac, cells, false);
	snprintf(s, sizeof(s), "%.1f", num(lt, "handoffs", NULL));
	cells[0] = W(d, "lt_handoffs"), cells[1] = s;
	row(d, 2, frac, cells, false);
	w = json_object_get(lt, "biggestWaits");
	if (!json_array_size(w))
		return;
	d->y += 8;
	cells[0] = W(d, "biggest_waits"), cells[1] = W(d, "lt_wait");
	row(d, 2, frac, cells, true);
	for (i = 0; i < json_array_size(w) && i < 5; i++) {
		const json_t *e = json_array_get(w, i);

		snprintf(s, sizeof(s), W(d, "days"), num(e, "wait", "days"),
		         num(e, "wait", "hours"));
		cells[0] = el_name(d->r->map, json_string_value(json_object_get(e, "id")));
		cells[1] = s;
		row(d, 2, frac, cells, false);
	}
}

static const char *js(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s && *s ? s : "–";
}

/* The day of a timestamp ("2026-12-07T06:14:10Z" -> "2026-12-07"), in `out`. */
static const char *day_of(char out[11], const char *ts)
{
	snprintf(out, 11, "%s", ts);
	return out;
}

static void section_history(struct doc *d)
{
	const double fv[] = {0.12, 0.17, 0.19, 0.15, 0.15, 0.22}, fl[] = {0.3, 0.25, 0.45};
	const char *cells[6];
	const json_t *e;
	char num_s[24], what[160], c[11], de[11];
	size_t i;

	heading(d, W(d, "history"));
	cells[0] = W(d, "version"), cells[1] = W(d, "variant"), cells[2] = W(d, "state");
	cells[3] = W(d, "created"), cells[4] = W(d, "decided"), cells[5] = W(d, "comment");
	row(d, 6, fv, cells, true);
	json_array_foreach(d->r->versions, i, e)
	{
		snprintf(num_s, sizeof(num_s), "%lld",
		         (long long)json_integer_value(json_object_get(e, "number")));
		cells[0] = num_s;
		cells[1] = W(d, js(e, "variant"));
		cells[2] = W(d, js(e, "state"));
		cells[3] = day_of(c, js(e, "created_at")),
		cells[4] = day_of(de, js(e, "decided_at"));
		cells[5] = js(e, "comment");
		row(d, 6, fv, cells, false);
	}
	if (!json_array_size(d->r->history))
		return;
	d->y += 8;
	para(d, d->bold, W(d, "log"), 2);
	cells[0] = W(d, "when"), cells[1] = W(d, "who"), cells[2] = W(d, "what");
	row(d, 3, fl, cells, true);
	json_array_foreach(d->r->history, i, e)
	{
		const json_t *oid = json_object_get(e, "object_id");

		if (json_is_integer(oid))
			snprintf(what, sizeof(what), "%s %s %lld", js(e, "action"),
			         js(e, "object_type"), (long long)json_integer_value(oid));
		else
			snprintf(what, sizeof(what), "%s %s %s", js(e, "action"),
			         js(e, "object_type"), js(e, "object_id"));
		cells[0] = js(e, "at"), cells[1] = js(e, "actor"), cells[2] = what;
		row(d, 3, fl, cells, false);
	}
}

static int render(struct doc *d)
{
	page_begin(d);
	section_front(d);
	section_spec(d);
	section_roles(d);
	section_map(d);
	section_raci(d);
	section_risks(d);
	section_leadtime(d);
	section_history(d);
	cairo_show_page(d->cr);
	return cairo_status(d->cr) == CAIRO_STATUS_SUCCESS ? 0 : KA_ERR_IO;
}

static cairo_status_t to_buf(void *ctx, const unsigned char *data, unsigned int len)
{
	return ka_buf_add(ctx, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_nothing(void *ctx, const unsigned char *data, unsigned int len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* One pass: into `out`, or nowhere (NULL) to count the pages. */
static int pass(struct doc *d, struct ka_buf *out)
{
	cairo_surface_t *s =
	    cairo_pdf_surface_create_for_stream(out ? to_buf : to_nothing, out, PAGE_W, PAGE_H);
	int err;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->r->name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Kartla");
	d->cr = cairo_create(s);
	d->page = 0;
	err = render(d);
	cairo_destroy(d->cr);
	cairo_surface_finish(s);
	if (!err && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		err = KA_ERR_IO;
	cairo_surface_destroy(s);
	return err;
}

int ka_report_pdf(struct ka_buf *out, const struct ka_report *r, int *pages, struct ka_diag *diag)
{
	struct doc d;
	int err;

	memset(&d, 0, sizeof(d));
	d.r = r;
	d.body = pango_font_description_from_string("DejaVu Sans 10");
	d.bold = pango_font_description_from_string("DejaVu Sans Bold 10");
	d.small = pango_font_description_from_string("DejaVu Sans 8");
	d.h1 = pango_font_description_from_string("DejaVu Sans Bold 15");
	d.title = pango_font_description_from_string("DejaVu Sans Bold 26");
	err = pass(&d, NULL);
	if (!err) {
		d.pages = d.page;
		err = pass(&d, out);
	}
	if (!err && ka_buf_error(out))
		err = KA_ERR_IO;
	if (pages)
		*pages = d.page;
	pango_font_description_free(d.body);
	pango_font_description_free(d.bold);
	pango_font_description_free(d.small);
	pango_font_description_free(d.h1);
	pango_font_description_free(d.title);
	if (err)
		return ka_diag_set(diag, err, 0, 0, "pdf", "the PDF could not be made");
	return 0;
}

int ka_report_process_pdf(struct ka_buf *out, struct ka_store *st, const struct ka_actor *actor,
                          int64_t process_id, const char *lang, int *pages, struct ka_diag *diag)
{
	struct ka_report r;
	int err = ka_report_gather(&r, st, actor, process_id, lang, diag);

	if (!err)
		err = ka_report_pdf(out, &r, pages, diag);
	ka_report_release(&r);
	return err;
}
