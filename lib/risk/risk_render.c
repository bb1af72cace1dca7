/*
 * Outputs of a risk analysis, as pure functions of a scale and typed
 * risks: matrix counts (JSON and an SVG heat map, inherent and residual
 * side by side) and the internal-control plan (JSON, CSV, printable HTML
 * with its stylesheet linked or inline).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/risk.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

/* ---- words in three languages ---- */

enum word {
	W_INHERENT,
	W_RESIDUAL,
	W_LIKELIHOOD,
	W_CONSEQUENCE,
	W_OTHER_SCALE,
	W_PLAN,
	W_UNIT,
	W_NO_UNIT,
	W_PROCESS,
	W_RISK,
	W_ELEMENT,
	W_ACTION,
	W_RESPONSIBLE,
	W_DUE,
	W_STATUS,
	W_COST,
	W_NO_ACTION,
	W_OVERDUE,
	W_TOTAL,
	W_COUNT
};

static const char *const words[W_COUNT][3] = {
    /* nb, sv, en */
    {"Iboende risiko", "Inneboende risk", "Inherent risk"},
    {"Restrisiko", "Restrisk", "Residual risk"},
    {"Sannsynlighet", "Sannolikhet", "Likelihood"},
    {"Konsekvens", "Konsekvens", "Consequence"},
    {"vurdering(er) på en tidligere skala er ikke vist",
     "bedömning(ar) på en tidigare skala visas inte", "score(s) on an earlier scale not shown"},
    {"Internkontrollplan", "Plan för intern kontroll", "Internal-control plan"},
    {"Enhet", "Enhet", "Unit"},
    {"(ingen enhet)", "(ingen enhet)", "(no unit)"},
    {"Prosess", "Process", "Process"},
    {"Risiko", "Risk", "Risk"},
    {"Element", "Element", "Element"},
    {"Tiltak", "Åtgärd", "Action"},
    {"Ansvarlig", "Ansvarig", "Responsible"},
    {"Frist", "Senast", "Due"},
    {"Status", "Status", "Status"},
    {"Kostnad", "Kostnad", "Cost"},
    {"ingen tiltak ennå", "inga åtgärder ännu", "no action yet"},
    {"forfalt", "försenad", "overdue"},
    {"risikoer i planen", "risker i planen", "risks in the plan"},
};

static const char *word(enum word w, const char *lang)
{
	int i = 2;

	if (lang && !strcmp(lang, "nb"))
		i = 0;
	else if (lang && !strcmp(lang, "sv"))
		i = 1;
	return words[w][i];
}

/* ---- the matrix ---- */

void ka_risk_matrix_init(struct ka_risk_matrix *m, int size)
{
	memset(m, 0, sizeof(*m));
	m->size = size;
}

int ka_risk_matrix_add(struct ka_risk_matrix *m, bool residual, int l, int c)
{
	if (l < 1 || c < 1 || l > m->size || c > m->size)
		return KA_ERR_INVALID;
	if (residual) {
		m->residual[l - 1][c - 1]++;
		m->n_residual++;
	} else {
		m->inherent[l - 1][c - 1]++;
		m->n_inherent++;
	}
	return 0;
}

static json_t *cells_json(const struct ka_risk_matrix *m, bool residual)
{
	json_t *rows = json_array();
	int l, c;

	for (l = 0; l < m->size; l++) {
		json_t *row = json_array();

		for (c = 0; c < m->size; c++)
			json_array_append_new(
			    row, json_integer(residual ? m->residual[l][c] : m->inherent[l][c]));
		json_array_append_new(rows, row);
	}
	return json_pack("{s:o, s:i}", "cells", rows, "total",
	                 residual ? m->n_residual : m->n_inherent);
}

json_t *ka_risk_matrix_to_json(const struct ka_risk_scale *s, const struct ka_risk_matrix *m)
{
	json_t *colours = json_array();
	int l, c;

	/* The colour of every cell, so a client needs no thresholds logic. */
	for (l = 1; l <= s->size; l++) {
		json_t *row = json_array();

		for (c = 1; c <= s->size; c++)
			json_array_append_new(
			    row, json_string(ka_risk_colour_name(ka_risk_colour_of(s, l * c))));
		json_array_append_new(colours, row);
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:i, s:{s:i, s:i}}", "scale",
	                 ka_risk_scale_to_json(s), "colours", colours, "inherent",
	                 cells_json(m, false), "residual", cells_json(m, true), "unscored",
	                 m->unscored, "other_scale", "inherent", m->other_inherent, "residual",
	                 m->other_residual);
}

#define SVG_CELL   64
#define SVG_LEFT   190
#define SVG_TOP    56
#define SVG_BOTTOM 96
#define SVG_GAP    30

static const char *fill_of(enum ka_risk_colour c)
{
	static const char *const fills[] = {"#8fd19e", "#ffe08a", "#f08080"};

	return fills[c];
}

static int svg_panel(struct ka_buf *o, const struct ka_risk_scale *s,
                     const struct ka_risk_matrix *m, bool residual, int x0, const char *lang)
{
	int size = s->size, l, c, err = 0;
	int gx = x0 + SVG_LEFT, gy = SVG_TOP;
	int other = residual ? m->other_residual : m->other_inherent;

	ka_buf_addf(o, "<g class=\"%s\">\n", residual ? "residual" : "inherent");
	ka_buf_addf(
	    o, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s (%d)</text>\n", gx,
	    word(residual ? W_RESIDUAL : W_INHERENT, lang),
	    residual ? m->n_residual : m->n_inherent);
	for (l = size; l >= 1; l--) {
		int y = gy + (size - l) * SVG_CELL;

		ka_buf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d ",
		            gx - 8, y + SVG_CELL / 2 + 4, l);
		ka_buf_add_xml(o, ka_risk_label(&s->likelihood[l - 1], lang));
		ka_buf_adds(o, "</text>\n");
		for (c = 1; c <= size; c++) {
			int x = gx + (c - 1) * SVG_CELL, r = l * c;
			int n = residual ? m->residual[l - 1][c - 1] : m->inherent[l - 1][c - 1];

			ka_buf_addf(
			    o,
			    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
			    " stroke=\"#ffffff\" stroke-width=\"2\" data-l=\"%d\" data-c=\"%d\""
			    " data-count=\"%d\"><title>L%d × C%d = %d: %d</title></rect>\n",
			    x, y, SVG_CELL, SVG_CELL, fill_of(ka_risk_colour_of(s, r)), l, c, n, l,
			    c, r, n);
			ka_buf_addf(
			    o,
			    "<text x=\"%d\" y=\"%d\" font-size=\"9\" fill=\"#555555\">%d</text>\n",
			    x + 4, y + 12, r);
			if (n)
				ka_buf_addf(
				    o,
				    "<text x=\"%d\" y=\"%d\" font-size=\"20\" font-weight=\"bold\""
				    " text-anchor=\"middle\">%d</text>\n",
				    x + SVG_CELL / 2, y + SVG_CELL / 2 + 8, n);
		}
	}
	for (c = 1; c <= size; c++) {
		int x = gx + (c - 1) * SVG_CELL + SVG_CELL / 2, y = gy + size * SVG_CELL + 16;

		ka_buf_addf(
		    o,
		    "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n",
		    x, y, c);
		ka_buf_addf(o,
		            "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\""
		            " transform=\"rotate(-30 %d %d)\">",
		            x + 4, y + 14, x + 4, y + 14);
		ka_buf_add_xml(o, ka_risk_label(&s->consequence[c - 1], lang));
		ka_buf_adds(o, "</text>\n");
	}
	ka_buf_addf(o,
	            "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s →</text>\n",
	            gx + size * SVG_CELL / 2, gy + size * SVG_CELL + SVG_BOTTOM - 16,
	            word(W_CONSEQUENCE, lang));
	ka_buf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s ↑</text>\n", x0 + 4, 44,
	            word(W_LIKELIHOOD, lang));
	if (other)
		ka_buf_addf(
		    o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#a00000\">%d %s</text>\n",
		    gx, gy + size * SVG_CELL + SVG_BOTTOM, other, word(W_OTHER_SCALE, lang));
	err = ka_buf_adds(o, "</g>\n");
	return err;
}

int ka_risk_matrix_svg(const struct ka_risk_scale *s, const struct ka_risk_matrix *m,
                       const char *lang, struct ka_buf *out)
{
	int panel = SVG_LEFT + s->size * SVG_CELL + SVG_GAP;
	int w = 2 * panel, h = SVG_TOP + s->size * SVG_CELL + SVG_BOTTOM + 12;
	int err;

	if (s->size != m->size || s->size < KA_RISK_SIZE_MIN || s->size > KA_RISK_SIZE_MAX)
		return KA_ERR_USAGE;
	ka_buf_addf(out,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
	            " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n",
	            w, h, w, h);
	ka_buf_adds(out, "<title>");
	ka_buf_add_xml(out, ka_risk_label(&s->name, lang));
	ka_buf_adds(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	svg_panel(out, s, m, false, 0, lang);
	svg_panel(out, s, m, true, panel, lang);
	err = ka_buf_adds(out, "</svg>\n");
	return err;
}

/* ---- the internal-control plan ---- */

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int by_value_title(const void *a, const void *b)
{
	const struct ka_risk *x = *(const struct ka_risk *const *)a;
	const struct ka_risk *y = *(const struct ka_risk *const *)b;

	if (x->inherent.value != y->inherent.value)
		return x->inherent.value > y->inherent.value ? -1 : 1;
	return strcmp(nz(x->title), nz(y->title));
}

static int by_unit(const void *a, const void *b)
{
	const struct ka_risk_plan_unit *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);

	if (c)
		return c;
	return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

int ka_risk_plan_rule_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "red"))
		return KA_RISK_PLAN_RED;
	if (!strcmp(s, "red_or_action"))
		return KA_RISK_PLAN_RED_OR_ACTION;
	if (!strcmp(s, "all"))
		return KA_RISK_PLAN_ALL;
	return -1;
}

bool ka_risk_plan_includes(enum ka_risk_plan_rule rule, const struct ka_risk *r)
{
	size_t i;

	if (rule == KA_RISK_PLAN_ALL)
		return true;
	if (r->inherent.set && r->inherent.colour == KA_RISK_RED)
		return true;
	if (rule == KA_RISK_PLAN_RED)
		return false;
	if (r->decision && !strcmp(r->decision, "act"))
		return true;
	for (i = 0; i < r->nactions; i++)
		if (!r->actions[i].status || strcmp(r->actions[i].status, "cancelled"))
			return true;
	return false;
}

void ka_risk_plan_build(struct ka_risk_plan *p, const struct ka_risk_list *l,
                        enum ka_risk_plan_rule rule)
{
	const struct ka_risk **reds = ka_xcalloc(l->n ? l->n : 1, sizeof(*reds));
	size_t i, k, nred = 0;

	memset(p, 0, sizeof(*p));
	p->units = ka_xcalloc(l->n ? l->n : 1, sizeof(*p->units));
	for (i = 0; i < l->n; i++)
		if (ka_risk_plan_includes(rule, &l->items[i]))
			reds[nred++] = &l->items[i];
	qsort(reds, nred, sizeof(*reds), by_value_title);
	/* group by effective unit, keeping the order inside each group */
	for (i = 0; i < nred; i++) {
		const struct ka_risk *r = reds[i];
		struct ka_risk_plan_unit *u;

		for (k = 0; k < p->nunits && p->units[k].unit_id != r->effective_unit_id; k++)
			;
		u = &p->units[k];
		if (k == p->nunits) {
			p->nunits++;
			u->unit_id = r->effective_unit_id;
			u->unit = nz(r->effective_unit);
			u->risks = ka_xcalloc(nred, sizeof(*u->risks));
		}
		u->risks[u->n++] = r;
		p->nactions += r->nactions;
	}
	p->nrisks = nred;
	free(reds);
	qsort(p->units, p->nunits, sizeof(*p->units), by_unit);
}

void ka_risk_plan_release(struct ka_risk_plan *p)
{
	size_t i;

	for (i = 0; i < p->nunits; i++)
		free(p->units[i].risks);
	free(p->units);
	memset(p, 0, sizeof(*p));
}

json_t *ka_risk_plan_to_json(const struct ka_risk_plan *p)
{
	json_t *units = json_array();
	size_t u, r;

	for (u = 0; u < p->nunits; u++) {
		const struct ka_risk_plan_unit *g = &p->units[u];
		json_t *risks = json_array();

		for (r = 0; r < g->n; r++)
			json_array_append_new(risks, ka_risk_to_json(g->risks[r]));
		json_array_append_new(units,
		                      json_pack("{s:o, s:s, s:o}", "unit_id",
		                                g->unit_id ? json_integer(g->unit_id) : json_null(),
		                                "unit", g->unit, "risks", risks));
	}
	return json_pack("{s:o, s:I, s:I}", "units", units, "risks", (json_int_t)p->nrisks,
	                 "actions", (json_int_t)p->nactions);
}

static const char plan_css[] = "body{font-family:sans-serif;font-size:11pt;margin:2em}\n"
                               "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}\n"
                               "th,td{border:1px solid #999;padding:4px 6px;text-align:left;"
                               "vertical-align:top}\n"
                               "th{background:#eee}\n.r{background:#f08080;font-weight:bold}\n"
                               ".overdue{color:#a00000;font-weight:bold}\n"
                               ".org{color:#444;margin-top:-0.5em}\n"
                               "footer{display:none}\n"
                               "@page{size:A4 landscape;margin:15mm 12mm 18mm}\n"
                               "@media print{body{margin:0;font-size:9.5pt}"
                               "h2{break-after:avoid;page-break-after:avoid}"
                               "thead{display:table-header-group}"
                               "tr{break-inside:avoid;page-break-inside:avoid}"
                               "section.unit{break-before:auto}"
                               "footer{display:block;position:fixed;bottom:-12mm;left:0;"
                               "right:0;font-size:8pt;color:#666;text-align:center}}\n";

const char *ka_risk_plan_css(void)
{
	return plan_css;
}

const char *ka_risk_plan_title(const char *lang)
{
	return word(W_PLAN, lang);
}

static void td(struct ka_buf *o, const char *s)
{
	ka_buf_adds(o, "<td>");
	ka_buf_add_xml(o, s);
	ka_buf_adds(o, "</td>");
}

/* The element's name in `lang` (its translation, else the map's default name), else its id. */
static void td_element(struct ka_buf *o, const struct ka_risk *k, const char *lang)
{
	json_t *names = k->element_names ? json_loads(k->element_names, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(names, lang));

	if (!s || !*s)
		s = json_string_value(json_object_get(names, ""));
	if (!s || !*s)
		s = k->element_name && *k->element_name ? k->element_name : nz(k->element_id);
	td(o, s);
	json_decref(names);
}

static void html_row(struct ka_buf *out, const struct ka_risk *k, const struct ka_risk_action *x,
                     const char *lang)
{
	char cost[40];

	ka_buf_adds(out, "<tr>");
	td(out, nz(k->process));
	td(out, nz(k->title));
	td_element(out, k, lang);
	ka_buf_addf(out, "<td class=\"r\">%lld</td>",
	            (long long)(k->inherent.set ? k->inherent.value : 0));
	if (!x) {
		ka_buf_addf(out, "<td colspan=\"5\"><em>%s</em></td></tr>\n",
		            word(W_NO_ACTION, lang));
		return;
	}
	td(out, nz(x->title));
	td(out, nz(x->responsible));
	if (x->overdue) {
		ka_buf_adds(out, "<td class=\"overdue\">");
		ka_buf_add_xml(out, nz(x->due_date));
		ka_buf_addf(out, " (%s)</td>", word(W_OVERDUE, lang));
	} else {
		td(out, nz(x->due_date));
	}
	td(out, ka_risk_csv_value(x->status, lang));
	cost[0] = 0;
	if (x->has_cost)
		ka_risk_csv_number(cost, sizeof(cost), x->cost, 2,
		                   lang && (!strcmp(lang, "nb") || !strcmp(lang, "sv")) ? ','
		                                                                        : '.');
	td(out, cost);
	ka_buf_adds(out, "</tr>\n");
}

/* The organisation and the date under the title and in the printed pages' footer. */
static void html_org_date(struct ka_buf *out, const char *org, const char *date)
{
	bool o = org && *org, d = date && *date;

	if (!o && !d)
		return;
	ka_buf_adds(out, "<p class=\"org\">");
	if (o)
		ka_buf_add_xml(out, org);
	if (o && d)
		ka_buf_adds(out, " \xC2\xB7 ");
	if (d)
		ka_buf_add_xml(out, date);
	ka_buf_adds(out, "</p>\n");
}

int ka_risk_plan_html(const struct ka_risk_plan *p, const char *lang, const char *title,
                      const char *org, const char *date, const char *css_href, struct ka_buf *out)
{
	size_t u, r, a;

	ka_buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	            lang && (!strcmp(lang, "nb") || !strcmp(lang, "sv")) ? lang : "en");
	ka_buf_adds(out, "<title>");
	ka_buf_add_xml(out, title);
	if (css_href) {
		ka_buf_adds(out, "</title>\n<link rel=\"stylesheet\" href=\"");
		ka_buf_add_xml(out, css_href);
		ka_buf_adds(out, "\">\n");
	} else {
		ka_buf_adds(out, "</title>\n<style>\n");
		ka_buf_adds(out, plan_css);
		ka_buf_adds(out, "</style>\n");
	}
	ka_buf_adds(out, "</head>\n<body>\n<h1>");
	ka_buf_add_xml(out, title);
	ka_buf_adds(out, "</h1>\n");
	html_org_date(out, org, date);
	ka_buf_addf(out, "<p>%zu %s</p>\n", p->nrisks, word(W_TOTAL, lang));
	for (u = 0; u < p->nunits; u++) {
		const struct ka_risk_plan_unit *g = &p->units[u];

		ka_buf_addf(out, "<section class=\"unit\">\n<h2>%s: ", word(W_UNIT, lang));
		ka_buf_add_xml(out, g->unit[0] ? g->unit : word(W_NO_UNIT, lang));
		ka_buf_addf(out,
		            "</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		            "<th>R</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		            "</tr></thead>\n<tbody>\n",
		            word(W_PROCESS, lang), word(W_RISK, lang), word(W_ELEMENT, lang),
		            word(W_ACTION, lang), word(W_RESPONSIBLE, lang), word(W_DUE, lang),
		            word(W_STATUS, lang), word(W_COST, lang));
		for (r = 0; r < g->n; r++) {
			const struct ka_risk *k = g->risks[r];

			for (a = 0; a < (k->nactions ? k->nactions : 1); a++)
				html_row(out, k, k->nactions ? &k->actions[a] : NULL, lang);
		}
		ka_buf_adds(out, "</tbody>\n</table>\n</section>\n");
	}
	if ((org && *org) || (date && *date)) {
		ka_buf_adds(out, "<footer>");
		ka_buf_add_xml(out, title);
		if (org && *org) {
			ka_buf_adds(out, " \xE2\x80\x94 ");
			ka_buf_add_xml(out, org);
		}
		ka_buf_adds(out, "</footer>\n");
	}
	return ka_buf_adds(out, "</body>\n</html>\n");
}
