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

static const struct ka_report *rep(const struct report_doc *d)
{
	return d->data;
}

static void section_front(struct report_doc *d)
{
	const struct ka_report *r = rep(d);
	const double frac[] = {0.3, 0.7};
	char ver[96];
	const char *cells[2];
	double h = report_text(d, d->title_font, r->name, MARGIN, 0, CONTENT, false);

	d->y += 6;
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	report_para(d, d->bold, report_w(d, "title"), 2);
	cairo_set_source_rgb(d->cr, 0.10, 0.25, 0.45);
	report_text(d, d->title_font, r->name, MARGIN, d->y, CONTENT, true);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y += h + 12;
	cells[0] = report_w(d, "outline"), cells[1] = report_or_dash(r->outline);
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "type"), cells[1] = r->type ? report_w(d, r->type) : "–";
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "status"), cells[1] = r->status ? report_w(d, r->status) : "–";
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "next_review"), cells[1] = report_or_dash(r->next_review);
	report_row(d, 2, frac, cells, false);
	if (r->map_id)
		snprintf(ver, sizeof(ver), "%lld (%s)", (long long)r->map_number,
		         r->map_state ? report_w(d, r->map_state) : "");
	else
		snprintf(ver, sizeof(ver), "–");
	cells[0] = report_w(d, "map_version"), cells[1] = ver;
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "made"), cells[1] = r->date;
	report_row(d, 2, frac, cells, false);
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

static void section_spec(struct report_doc *d)
{
	const double frac[] = {0.3, 0.7};
	const char *key, *cells[2];
	const json_t *v;
	struct ka_buf b;

	report_heading(d, report_w(d, "spec"));
	if (!json_object_size(rep(d)->spec)) {
		report_para(d, d->body, report_w(d, "no_spec"), 4);
		return;
	}
	ka_buf_init(&b, 0);
	json_object_foreach((json_t *)rep(d)->spec, key, v)
	{
		ka_buf_reset(&b);
		spec_text(&b, v);
		ka_buf_addc(&b, '\0');
		if (ka_buf_error(&b) || !b.data[0])
			continue;
		cells[0] = report_w(d, key);
		cells[1] = b.data;
		report_row(d, 2, frac, cells, false);
	}
	ka_buf_release(&b);
}

static void section_roles(struct report_doc *d)
{
	const struct ka_report *r = rep(d);
	const double f4[] = {0.35, 0.35, 0.3}, f2[] = {0.7, 0.3};
	const char *cells[3];
	char span[48], count[24];
	size_t i;

	report_heading(d, report_w(d, "roles"));
	if (!r->nholders)
		report_para(d, d->body, report_w(d, "no_holders"), 4);
	else {
		cells[0] = report_w(d, "role"), cells[1] = report_w(d, "person"),
		cells[2] = report_w(d, "from");
		report_row(d, 3, f4, cells, true);
	}
	for (i = 0; i < r->nholders; i++) {
		snprintf(span, sizeof(span), "%s%s%s", report_or_dash(r->holders[i].from),
		         r->holders[i].to ? " – " : "", r->holders[i].to ? r->holders[i].to : "");
		cells[0] = r->holders[i].role, cells[1] = report_or_dash(r->holders[i].person),
		cells[2] = span;
		report_row(d, 3, f4, cells, false);
	}
	if (!r->nroles)
		return;
	d->y += 8;
	cells[0] = report_w(d, "lanes"), cells[1] = report_w(d, "activities");
	report_row(d, 2, f2, cells, true);
	for (i = 0; i < r->nroles; i++) {
		snprintf(count, sizeof(count), "%zu", r->roles[i].activities);
		cells[0] = r->roles[i].name, cells[1] = count;
		report_row(d, 2, f2, cells, false);
	}
}

/*
 * A map much wider than tall that the page width would shrink below 60 %
 * gets a page of its own, turned a quarter: the reader turns the page.
 */
static bool map_turned(struct report_doc *d, double hh)
{
	double h = 0, tall = 0;

	ka_report_map_draw(d->cr, rep(d)->map, 0, 0, CONTENT, 1e6, false, &h);
	ka_report_map_draw(d->cr, rep(d)->map, 0, 0, BOTTOM - TOP - hh, 1e6, false, &tall);
	/* h / tall is the width scale's ratio of portrait to turned */
	return h > 0 && tall > 0 && h / tall < 0.75 && tall <= CONTENT &&
	       h < 0.6 * (BOTTOM - TOP) * (CONTENT / (BOTTOM - TOP - hh));
}

static void section_map(struct report_doc *d)
{
	double h = 0,
	       hh = report_text(d, d->h1, report_w(d, "map"), MARGIN, 0, CONTENT, false) + 16;
	bool turned = rep(d)->map && map_turned(d, hh);

	if (rep(d)->map && !turned)
		ka_report_map_draw(d->cr, rep(d)->map, MARGIN, 0, CONTENT, BOTTOM - TOP - hh, false,
		                   &h);
	if (turned || (h && d->y + hh + h > BOTTOM)) {
		/* the heading goes with a map that fits a whole page but not the rest of this one
		 */
		cairo_show_page(d->cr);
		report_page_begin(d);
	}
	report_heading(d, report_w(d, "map"));
	if (turned) {
		cairo_save(d->cr);
		cairo_translate(d->cr, MARGIN, BOTTOM);
		cairo_rotate(d->cr, -M_PI / 2);
		ka_report_map_draw(d->cr, rep(d)->map, 0, 0, BOTTOM - d->y, CONTENT, true, &h);
		cairo_restore(d->cr);
		cairo_show_page(d->cr);
		report_page_begin(d);
		return;
	}
	if (!h) {
		report_para(d, d->body, report_w(d, "no_map"), 4);
		return;
	}
	ka_report_map_draw(d->cr, rep(d)->map, MARGIN, d->y, CONTENT, BOTTOM - d->y, true, &h);
	d->y += h + 6;
}

static void section_raci(struct report_doc *d)
{
	const struct ka_report *r = rep(d);
	const double frac[] = {0.32, 0.17, 0.17, 0.17, 0.17};
	const char *cells[5];
	size_t i;

	report_heading(d, report_w(d, "raci"));
	if (!r->nraci) {
		report_para(d, d->body, report_w(d, "no_raci"), 4);
		return;
	}
	report_para(d, d->small, report_w(d, "raci_legend"), 4);
	cells[0] = report_w(d, "activity"), cells[1] = "R", cells[2] = "A", cells[3] = "C",
	cells[4] = "I";
	report_row(d, 5, frac, cells, true);
	for (i = 0; i < r->nraci; i++) {
		cells[0] = r->raci[i].activity;
		cells[1] = report_or_dash(r->raci[i].r);
		cells[2] = report_or_dash(r->raci[i].a);
		cells[3] = report_or_dash(r->raci[i].c);
		cells[4] = report_or_dash(r->raci[i].i);
		report_row(d, 5, frac, cells, false);
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

static void section_risks(struct report_doc *d)
{
	const struct ka_risk_list *l = &rep(d)->risks;
	const double frac[] = {0.30, 0.17, 0.17, 0.18, 0.18};
	const double fa[] = {0.04, 0.43, 0.18, 0.17, 0.18};
	const char *cells[5];
	char inh[48], res[48];
	size_t i, k;

	report_heading(d, report_w(d, "risks"));
	if (!l->n) {
		report_para(d, d->body, report_w(d, "no_risks"), 4);
		return;
	}
	for (i = 0; i < l->n; i++) {
		const struct ka_risk *x = &l->items[i];

		score_text(inh, sizeof(inh), &x->inherent);
		score_text(res, sizeof(res), &x->residual);
		cells[0] = report_w(d, "risk"), cells[1] = report_w(d, "inherent"),
		cells[2] = report_w(d, "residual");
		cells[3] = report_w(d, "owner"), cells[4] = report_w(d, "decision");
		report_need(d, 60);
		report_row(d, 5, frac, cells, true);
		cells[0] = report_or_dash(x->title), cells[1] = inh, cells[2] = res;
		cells[3] = report_or_dash(x->owner),
		cells[4] = x->decision ? report_w(d, x->decision) : "–";
		report_row(d, 5, frac, cells, false);
		if (x->nactions) {
			cells[0] = "", cells[1] = report_w(d, "action"),
			cells[2] = report_w(d, "responsible");
			cells[3] = report_w(d, "due"), cells[4] = report_w(d, "status");
			report_row(d, 5, fa, cells, true);
		}
		for (k = 0; k < x->nactions; k++) {
			const struct ka_risk_action *a = &x->actions[k];

			cells[0] = "→", cells[1] = report_or_dash(a->title),
			cells[2] = report_or_dash(a->responsible);
			cells[3] = report_or_dash(a->due_date),
			cells[4] = a->status ? report_w(d, a->status) : "–";
			report_row(d, 5, fa, cells, false);
		}
		d->y += 8;
	}
}

static double num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	return json_number_value(b ? json_object_get(v, b) : v);
}

static void duration_row(struct report_doc *d, const char *key, const json_t *v)
{
	const double frac[] = {0.4, 0.6};
	const char *cells[2];
	char s[64];

	/* the format is one of the static words: "%.1f ... %.1f" */
	snprintf(s, sizeof(s), report_w(d, "days"), num(v, "days", NULL), num(v, "hours", NULL));
	cells[0] = report_w(d, key), cells[1] = s;
	report_row(d, 2, frac, cells, false);
}

static const char *el_name(const struct ka_map *m, const char *id)
{
	const struct ka_el *e = m && id ? ka_map_find(m, id) : NULL;

	return e && e->name ? e->name : report_or_dash(id);
}

static void section_leadtime(struct report_doc *d)
{
	const json_t *lt = rep(d)->leadtime, *w;
	const double frac[] = {0.4, 0.6};
	const char *cells[2];
	char s[96];
	size_t i;

	report_heading(d, report_w(d, "leadtime"));
	if (!lt || !json_is_object(json_object_get(lt, "leadTime"))) {
		report_para(d, d->body, report_w(d, "no_leadtime"), 4);
		return;
	}
	/* the format is one of the static words: "%.1f ... %.0f" */
	snprintf(s, sizeof(s), report_w(d, "lt_basis"), num(lt, "timeBasis", "hoursPerDay"),
	         num(lt, "timeBasis", "daysPerWeek"));
	report_para(d, d->small, s, 4);
	duration_row(d, "lt_lead", json_object_get(lt, "leadTime"));
	duration_row(d, "lt_process", json_object_get(lt, "processTime"));
	duration_row(d, "lt_wait", json_object_get(lt, "waitTime"));
	snprintf(s, sizeof(s), "%.1f %%", 100.0 * num(lt, "activityRatio", NULL));
	cells[0] = report_w(d, "lt_ratio"), cells[1] = s;
	report_row(d, 2, frac, cells, false);
	snprintf(s, sizeof(s), "%.1f %%", 100.0 * num(lt, "rolledCompleteAccurate", NULL));
	cells[0] = report_w(d, "lt_rca"), cells[1] = s;
	report_row(d, 2, frac, cells, false);
	snprintf(s, sizeof(s), "%.1f", num(lt, "handoffs", NULL));
	cells[0] = report_w(d, "lt_handoffs"), cells[1] = s;
	report_row(d, 2, frac, cells, false);
	w = json_object_get(lt, "biggestWaits");
	if (!json_array_size(w))
		return;
	d->y += 8;
	cells[0] = report_w(d, "biggest_waits"), cells[1] = report_w(d, "lt_wait");
	report_row(d, 2, frac, cells, true);
	for (i = 0; i < json_array_size(w) && i < 5; i++) {
		const json_t *e = json_array_get(w, i);

		snprintf(s, sizeof(s), report_w(d, "days"), num(e, "wait", "days"),
		         num(e, "wait", "hours"));
		cells[0] = el_name(rep(d)->map, json_string_value(json_object_get(e, "id")));
		cells[1] = s;
		report_row(d, 2, frac, cells, false);
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

static void section_history(struct report_doc *d)
{
	const double fv[] = {0.12, 0.17, 0.19, 0.15, 0.15, 0.22}, fl[] = {0.3, 0.25, 0.45};
	const char *cells[6];
	const json_t *e;
	char num_s[24], what[160], c[11], de[11];
	size_t i;

	report_heading(d, report_w(d, "history"));
	cells[0] = report_w(d, "version"), cells[1] = report_w(d, "variant"),
	cells[2] = report_w(d, "state");
	cells[3] = report_w(d, "created"), cells[4] = report_w(d, "decided"),
	cells[5] = report_w(d, "comment");
	report_row(d, 6, fv, cells, true);
	json_array_foreach(rep(d)->versions, i, e)
	{
		snprintf(num_s, sizeof(num_s), "%lld",
		         (long long)json_integer_value(json_object_get(e, "number")));
		cells[0] = num_s;
		cells[1] = report_w(d, js(e, "variant"));
		cells[2] = report_w(d, js(e, "state"));
		cells[3] = day_of(c, js(e, "created_at")),
		cells[4] = day_of(de, js(e, "decided_at"));
		cells[5] = js(e, "comment");
		report_row(d, 6, fv, cells, false);
	}
	if (!json_array_size(rep(d)->history))
		return;
	d->y += 8;
	report_para(d, d->bold, report_w(d, "log"), 2);
	cells[0] = report_w(d, "when"), cells[1] = report_w(d, "who"),
	cells[2] = report_w(d, "what");
	report_row(d, 3, fl, cells, true);
	json_array_foreach(rep(d)->history, i, e)
	{
		const json_t *oid = json_object_get(e, "object_id");

		if (json_is_integer(oid))
			snprintf(what, sizeof(what), "%s %s %lld", js(e, "action"),
			         js(e, "object_type"), (long long)json_integer_value(oid));
		else
			snprintf(what, sizeof(what), "%s %s %s", js(e, "action"),
			         js(e, "object_type"), js(e, "object_id"));
		cells[0] = js(e, "at"), cells[1] = js(e, "actor"), cells[2] = what;
		report_row(d, 3, fl, cells, false);
	}
}

static void sections(struct report_doc *d)
{
	section_front(d);
	section_spec(d);
	section_roles(d);
	section_map(d);
	section_raci(d);
	section_risks(d);
	section_leadtime(d);
	section_history(d);
}

int ka_report_pdf(struct ka_buf *out, const struct ka_report *r, int *pages, struct ka_diag *diag)
{
	struct report_doc d;

	memset(&d, 0, sizeof(d));
	d.lang = r->lang, d.name = r->name, d.date = r->date, d.title = "title";
	d.data = r;
	d.sections = sections;
	return report_doc_render(out, &d, pages, diag);
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
