/*
 * Outputs of a risk analysis, as pure functions of a scale and risk
 * objects: matrix counts (JSON and an SVG heat map, inherent and residual
 * side by side) and the internal-control plan (JSON, CSV, printable HTML).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/risk.h"
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
    {"røde risikoer", "röda risker", "red risks"},
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

int ka_risk_escape(struct ka_buf *out, const char *s)
{
	int err = 0;

	for (; s && *s && !err; s++) {
		switch (*s) {
		case '&':
			err = ka_buf_adds(out, "&amp;");
			break;
		case '<':
			err = ka_buf_adds(out, "&lt;");
			break;
		case '>':
			err = ka_buf_adds(out, "&gt;");
			break;
		case '"':
			err = ka_buf_adds(out, "&quot;");
			break;
		case '\'':
			err = ka_buf_adds(out, "&#39;");
			break;
		default:
			err = ka_buf_addc(out, *s);
		}
	}
	return err;
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

json_t *ka_risk_matrix_json(const struct ka_risk_scale *s, const struct ka_risk_matrix *m)
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
		ka_risk_escape(o, ka_risk_label(&s->likelihood[l - 1], lang));
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
		ka_risk_escape(o, ka_risk_label(&s->consequence[c - 1], lang));
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
	ka_risk_escape(out, ka_risk_label(&s->name, lang));
	ka_buf_adds(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	svg_panel(out, s, m, false, 0, lang);
	svg_panel(out, s, m, true, panel, lang);
	err = ka_buf_adds(out, "</svg>\n");
	return err;
}

/* ---- the internal-control plan ---- */

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static int inherent_value(const json_t *risk)
{
	return (int)json_integer_value(json_object_get(json_object_get(risk, "inherent"), "value"));
}

static int by_value_title(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int vx = inherent_value(x), vy = inherent_value(y);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return strcmp(str(x, "title"), str(y, "title"));
}

static int by_unit(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "unit"), str(y, "unit"));

	if (c)
		return c;
	return (int)(json_integer_value(json_object_get(x, "unit_id")) -
	             json_integer_value(json_object_get(y, "unit_id")));
}

json_t *ka_risk_plan(const json_t *risks)
{
	json_t *units = json_array();
	json_t **reds;
	size_t n = json_array_size(risks), nred = 0, i, nact = 0;

	reds = calloc(n ? n : 1, sizeof(*reds));
	if (!reds)
		abort();
	for (i = 0; i < n; i++) {
		json_t *r = json_array_get(risks, i);

		if (!strcmp(str(json_object_get(r, "inherent"), "colour"), "red"))
			reds[nred++] = r;
	}
	qsort(reds, nred, sizeof(*reds), by_value_title);
	/* group by effective unit, keeping the order inside each group */
	for (i = 0; i < nred; i++) {
		json_t *r = reds[i], *uid = json_object_get(r, "effective_unit_id"), *u = NULL;
		size_t k;

		for (k = 0; k < json_array_size(units); k++) {
			json_t *g = json_array_get(units, k);

			if (json_equal(json_object_get(g, "unit_id"), uid ? uid : json_null())) {
				u = g;
				break;
			}
		}
		if (!u) {
			u = json_pack("{s:O, s:s, s:[]}", "unit_id", uid ? uid : json_null(),
			              "unit", str(r, "effective_unit"), "risks");
			json_array_append_new(units, u);
		}
		json_array_append(json_object_get(u, "risks"), r);
		nact += json_array_size(json_object_get(r, "actions"));
	}
	free(reds);
	{
		size_t nu = json_array_size(units);
		json_t **v = calloc(nu ? nu : 1, sizeof(*v)), *sorted = json_array();

		if (!v)
			abort();
		for (i = 0; i < nu; i++)
			v[i] = json_array_get(units, i);
		qsort(v, nu, sizeof(*v), by_unit);
		for (i = 0; i < nu; i++)
			json_array_append(sorted, v[i]);
		free(v);
		json_decref(units);
		units = sorted;
	}
	return json_pack("{s:o, s:I, s:I}", "units", units, "risks", (json_int_t)nred, "actions",
	                 (json_int_t)nact);
}

void ka_risk_csv_field(struct ka_buf *o, const char *s, bool last)
{
	/* a leading = + - @ TAB or CR would make a spreadsheet run the cell as a formula */
	bool guard = s[0] && strchr("=+-@\t\r", s[0]);

	if (guard || strpbrk(s, ",\"\r\n")) {
		ka_buf_addc(o, '"');
		if (guard)
			ka_buf_addc(o, '\'');
		for (; *s; s++) {
			if (*s == '"')
				ka_buf_addc(o, '"');
			ka_buf_addc(o, *s);
		}
		ka_buf_addc(o, '"');
	} else {
		ka_buf_adds(o, s);
	}
	ka_buf_adds(o, last ? "\r\n" : ",");
}

static void csv_int(struct ka_buf *o, const json_t *v)
{
	char t[32] = "";

	if (json_is_integer(v))
		snprintf(t, sizeof(t), "%lld", (long long)json_integer_value(v));
	ka_risk_csv_field(o, t, false);
}

static void cost_text(const json_t *v, char *t, size_t n)
{
	t[0] = 0;
	if (json_is_number(v))
		snprintf(t, n, "%.2f", json_number_value(v));
}

int ka_risk_plan_csv(const json_t *plan, struct ka_buf *out)
{
	const json_t *units = json_object_get(plan, "units");
	size_t u, r, a;

	ka_buf_adds(out, "unit,process,risk_id,risk,element_id,category,likelihood,consequence,"
	                 "value,scale,decision,action_id,action,responsible,due_date,status,cost,"
	                 "overdue\r\n");
	for (u = 0; u < json_array_size(units); u++) {
		const json_t *g = json_array_get(units, u), *risks = json_object_get(g, "risks");

		for (r = 0; r < json_array_size(risks); r++) {
			const json_t *k = json_array_get(risks, r),
			             *in = json_object_get(k, "inherent");
			const json_t *acts = json_object_get(k, "actions");
			size_t na = json_array_size(acts);

			for (a = 0; a < (na ? na : 1); a++) {
				const json_t *x = na ? json_array_get(acts, a) : NULL;
				char cost[40];

				ka_risk_csv_field(out, str(g, "unit"), false);
				ka_risk_csv_field(out, str(k, "process"), false);
				csv_int(out, json_object_get(k, "id"));
				ka_risk_csv_field(out, str(k, "title"), false);
				ka_risk_csv_field(out, str(k, "element_id"), false);
				ka_risk_csv_field(out, str(k, "category"), false);
				csv_int(out, json_object_get(in, "likelihood"));
				csv_int(out, json_object_get(in, "consequence"));
				csv_int(out, json_object_get(in, "value"));
				ka_risk_csv_field(out, str(in, "scale"), false);
				ka_risk_csv_field(out, str(k, "decision"), false);
				csv_int(out, x ? json_object_get(x, "id") : NULL);
				ka_risk_csv_field(out, x ? str(x, "title") : "", false);
				ka_risk_csv_field(out, x ? str(x, "responsible") : "", false);
				ka_risk_csv_field(out, x ? str(x, "due_date") : "", false);
				ka_risk_csv_field(out, x ? str(x, "status") : "", false);
				cost_text(x ? json_object_get(x, "cost") : NULL, cost,
				          sizeof(cost));
				ka_risk_csv_field(out, cost, false);
				ka_risk_csv_field(
				    out,
				    x && json_is_true(json_object_get(x, "overdue")) ? "yes" : "",
				    true);
			}
		}
	}
	return out->data ? 0 : KA_ERR_IO;
}

static void td(struct ka_buf *o, const char *s)
{
	ka_buf_adds(o, "<td>");
	ka_risk_escape(o, s);
	ka_buf_adds(o, "</td>");
}

int ka_risk_plan_html(const json_t *plan, const char *lang, const char *title, struct ka_buf *out)
{
	const json_t *units = json_object_get(plan, "units");
	size_t u, r, a;

	ka_buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	            lang && (!strcmp(lang, "nb") || !strcmp(lang, "sv")) ? lang : "en");
	ka_buf_adds(out, "<title>");
	ka_risk_escape(out, title);
	ka_buf_adds(out, "</title>\n<style>\n"
	                 "body{font-family:sans-serif;font-size:11pt;margin:2em}\n"
	                 "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}\n"
	                 "th,td{border:1px solid #999;padding:4px 6px;text-align:left;"
	                 "vertical-align:top}\n"
	                 "th{background:#eee}\n.r{background:#f08080;font-weight:bold}\n"
	                 ".overdue{color:#a00000;font-weight:bold}\n"
	                 "@media print{h2{page-break-before:auto}tr{page-break-inside:avoid}}\n"
	                 "</style>\n</head>\n<body>\n<h1>");
	ka_risk_escape(out, title);
	ka_buf_addf(out, "</h1>\n<p>%lld %s</p>\n",
	            (long long)json_integer_value(json_object_get(plan, "risks")),
	            word(W_TOTAL, lang));
	for (u = 0; u < json_array_size(units); u++) {
		const json_t *g = json_array_get(units, u), *risks = json_object_get(g, "risks");

		ka_buf_addf(out, "<h2>%s: ", word(W_UNIT, lang));
		ka_risk_escape(out, str(g, "unit")[0] ? str(g, "unit") : word(W_NO_UNIT, lang));
		ka_buf_addf(out,
		            "</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		            "<th>R</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		            "</tr></thead>\n<tbody>\n",
		            word(W_PROCESS, lang), word(W_RISK, lang), word(W_ELEMENT, lang),
		            word(W_ACTION, lang), word(W_RESPONSIBLE, lang), word(W_DUE, lang),
		            word(W_STATUS, lang), word(W_COST, lang));
		for (r = 0; r < json_array_size(risks); r++) {
			const json_t *k = json_array_get(risks, r),
			             *in = json_object_get(k, "inherent");
			const json_t *acts = json_object_get(k, "actions");
			size_t na = json_array_size(acts);

			for (a = 0; a < (na ? na : 1); a++) {
				const json_t *x = na ? json_array_get(acts, a) : NULL;
				char cost[40];

				ka_buf_adds(out, "<tr>");
				td(out, str(k, "process"));
				td(out, str(k, "title"));
				td(out, str(k, "element_name")[0] ? str(k, "element_name")
				                                  : str(k, "element_id"));
				ka_buf_addf(
				    out, "<td class=\"r\">%lld</td>",
				    (long long)json_integer_value(json_object_get(in, "value")));
				if (!x) {
					ka_buf_addf(out,
					            "<td colspan=\"5\"><em>%s</em></td></tr>\n",
					            word(W_NO_ACTION, lang));
					continue;
				}
				td(out, str(x, "title"));
				td(out, str(x, "responsible"));
				if (json_is_true(json_object_get(x, "overdue"))) {
					ka_buf_adds(out, "<td class=\"overdue\">");
					ka_risk_escape(out, str(x, "due_date"));
					ka_buf_addf(out, " (%s)</td>", word(W_OVERDUE, lang));
				} else {
					td(out, str(x, "due_date"));
				}
				td(out, str(x, "status"));
				cost_text(json_object_get(x, "cost"), cost, sizeof(cost));
				td(out, cost);
				ka_buf_adds(out, "</tr>\n");
			}
		}
		ka_buf_adds(out, "</tbody>\n</table>\n");
	}
	return ka_buf_adds(out, "</body>\n</html>\n");
}
