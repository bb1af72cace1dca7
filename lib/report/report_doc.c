/*
 * The page machinery of lib/report's documents: A4 pages with a header
 * (the document's subject and title) and a footer (the date, "page n of
 * m"), pango text in points, page breaks before a block that does not fit,
 * headings that never stand alone at a page's foot, and tables. A document
 * is laid out twice: the first pass counts the pages for the footers.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/report.h"
#include "report_int.h"
#include "kartla/banned.h"

const char *report_w(const struct report_doc *d, const char *key)
{
	const char *s = ka_report_word(d->lang, key);

	return s ? s : key;
}

/* The height of `text` in `font` wrapped at `width`; drawn at (x, y) when `draw`. */
double report_text(struct report_doc *d, PangoFontDescription *font, const char *text, double x,
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

void report_page_begin(struct report_doc *d)
{
	char foot[64];
	const char *fmt = report_w(d, "page");

	d->page++;
	d->y = TOP;
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	report_text(d, d->small, d->name, MARGIN, MARGIN - 8, CONTENT * 0.55, true);
	report_text(d, d->small, report_w(d, d->title), MARGIN + CONTENT * 0.55, MARGIN - 8,
	            CONTENT * 0.45, true);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, MARGIN, MARGIN + 8);
	cairo_line_to(d->cr, MARGIN + CONTENT, MARGIN + 8);
	cairo_move_to(d->cr, MARGIN, BOTTOM + 4);
	cairo_line_to(d->cr, MARGIN + CONTENT, BOTTOM + 4);
	cairo_stroke(d->cr);
	report_text(d, d->small, d->date, MARGIN, BOTTOM + 8, CONTENT / 2, true);
	/* the format is one of the static words: "%d ... %d" */
	snprintf(foot, sizeof(foot), fmt, d->page, d->pages ? d->pages : d->page);
	report_text(d, d->small, foot, MARGIN + CONTENT - 90, BOTTOM + 8, 90, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

/* Starts a new page unless `h` more points fit on this one. */
void report_need(struct report_doc *d, double h)
{
	if (d->y + h <= BOTTOM)
		return;
	cairo_show_page(d->cr);
	report_page_begin(d);
}

void report_para(struct report_doc *d, PangoFontDescription *font, const char *text, double after)
{
	double h = report_text(d, font, text, MARGIN, d->y, CONTENT, false);

	report_need(d, h);
	report_text(d, font, text, MARGIN, d->y, CONTENT, true);
	d->y += h + after;
}

void report_heading(struct report_doc *d, const char *text)
{
	double h = report_text(d, d->h1, text, MARGIN, 0, CONTENT, false);

	d->y += 10;
	report_need(d, h + 40); /* never a heading alone at the foot of a page */
	cairo_set_source_rgb(d->cr, 0.10, 0.25, 0.45);
	report_text(d, d->h1, text, MARGIN, d->y, CONTENT, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y += h + 6;
}

/*
 * One table row: `n` cells with widths as fractions of the content width.
 * A header row is bold on a tinted band.
 */
void report_row(struct report_doc *d, size_t n, const double *frac, const char *const *cells,
                bool header)
{
	PangoFontDescription *f = header ? d->bold : d->body;
	double h = 0, x = MARGIN, ch;
	size_t i;

	for (i = 0; i < n; i++) {
		ch = report_text(d, f, cells[i], 0, 0, frac[i] * CONTENT - 2 * CELL_PAD, false);
		h = ch > h ? ch : h;
	}
	h += 2 * CELL_PAD;
	report_need(d, h);
	if (header) {
		cairo_set_source_rgb(d->cr, 0.90, 0.93, 0.97);
		cairo_rectangle(d->cr, MARGIN, d->y, CONTENT, h);
		cairo_fill(d->cr);
		cairo_set_source_rgb(d->cr, 0, 0, 0);
	}
	for (i = 0; i < n; i++) {
		report_text(d, f, cells[i], x + CELL_PAD, d->y + CELL_PAD,
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

const char *report_or_dash(const char *s)
{
	return s && *s ? s : "–";
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
static int pass(struct report_doc *d, struct ka_buf *out)
{
	cairo_surface_t *s =
	    cairo_pdf_surface_create_for_stream(out ? to_buf : to_nothing, out, PAGE_W, PAGE_H);
	int err;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Kartla");
	d->cr = cairo_create(s);
	d->page = 0;
	report_page_begin(d);
	d->sections(d);
	cairo_show_page(d->cr);
	err = cairo_status(d->cr) == CAIRO_STATUS_SUCCESS ? 0 : KA_ERR_IO;
	cairo_destroy(d->cr);
	cairo_surface_finish(s);
	if (!err && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		err = KA_ERR_IO;
	cairo_surface_destroy(s);
	return err;
}

int report_doc_render(struct ka_buf *out, struct report_doc *dp, int *pages, struct ka_diag *diag)
{
	struct report_doc d = *dp;
	int err;

	d.body = pango_font_description_from_string("DejaVu Sans 10");
	d.bold = pango_font_description_from_string("DejaVu Sans Bold 10");
	d.small = pango_font_description_from_string("DejaVu Sans 8");
	d.h1 = pango_font_description_from_string("DejaVu Sans Bold 15");
	d.title_font = pango_font_description_from_string("DejaVu Sans Bold 26");
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
	pango_font_description_free(d.title_font);
	if (err)
		return ka_diag_set(diag, err, 0, 0, "pdf", "the PDF could not be made");
	return 0;
}
