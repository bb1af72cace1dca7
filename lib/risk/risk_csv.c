/*
 * The internal-control plan as CSV for the reader's spreadsheet (risk.h):
 * a UTF-8 byte-order mark (so that Excel reads UTF-8, not the ANSI code
 * page), headings and enumerations in the reader's language, and in nb/sv
 * what Nordic Excel expects: ";" between cells and a decimal comma. In en
 * the comma separator and decimal point of English-locale Excel.
 * Every cell goes through the formula-injection guard.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/risk.h"
#include "kartla/banned.h"

#define CSV_BOM "\xEF\xBB\xBF"

void ka_risk_csv_cell(struct ka_buf *o, const char *s, char sep, bool last)
{
	/* a leading = + - @ TAB or CR would make a spreadsheet run the cell as a formula */
	bool guard = s[0] && strchr("=+-@\t\r", s[0]);

	if (guard || strchr(s, sep) || strpbrk(s, "\"\r\n")) {
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
	if (last)
		ka_buf_adds(o, "\r\n");
	else
		ka_buf_addc(o, sep);
}

void ka_risk_csv_field(struct ka_buf *out, const char *s, bool last)
{
	ka_risk_csv_cell(out, s, ',', last);
}

void ka_risk_csv_style(struct ka_risk_csv_style *st, const char *lang)
{
	bool nordic = lang && (!strcmp(lang, "nb") || !strcmp(lang, "sv"));

	st->lang = nordic ? lang : "en";
	st->sep = nordic ? ';' : ',';
	st->decimal = nordic ? ',' : '.';
}

void ka_risk_csv_number(char *t, size_t n, double v, int decimals, char decimal)
{
	char *dot;

	snprintf(t, n, "%.*f", decimals, v);
	dot = strchr(t, '.');
	if (dot)
		*dot = decimal;
}

enum col {
	C_UNIT,
	C_PROCESS,
	C_RISK_ID,
	C_RISK,
	C_ELEMENT,
	C_CATEGORY,
	C_LIKELIHOOD,
	C_CONSEQUENCE,
	C_VALUE,
	C_SCALE,
	C_DECISION,
	C_ACTION_ID,
	C_ACTION,
	C_RESPONSIBLE,
	C_DUE,
	C_STATUS,
	C_COST,
	C_OVERDUE,
	C_COUNT
};

/* Headings: nb, sv, en. */
static const char *const headings[C_COUNT][3] = {
    {"Enhet", "Enhet", "Unit"},
    {"Prosess", "Process", "Process"},
    {"Risiko-ID", "Risk-ID", "Risk ID"},
    {"Risiko", "Risk", "Risk"},
    {"Element-ID", "Element-ID", "Element ID"},
    {"Kategori", "Kategori", "Category"},
    {"Sannsynlighet", "Sannolikhet", "Likelihood"},
    {"Konsekvens", "Konsekvens", "Consequence"},
    {"Risikoverdi", "Riskvärde", "Risk value"},
    {"Skala", "Skala", "Scale"},
    {"Beslutning", "Beslut", "Decision"},
    {"Tiltak-ID", "Åtgärds-ID", "Action ID"},
    {"Tiltak", "Åtgärd", "Action"},
    {"Ansvarlig", "Ansvarig", "Responsible"},
    {"Frist", "Förfallodatum", "Due date"},
    {"Status", "Status", "Status"},
    {"Kostnad", "Kostnad", "Cost"},
    {"Forfalt", "Försenad", "Overdue"},
};

/* Stored enumeration values and their names: key, nb, sv, en. */
static const char *const values[][4] = {
    {"accept", "Akseptere", "Acceptera", "Accept"},
    {"act", "Tiltak", "Åtgärda", "Act"},
    {"planned", "Planlagt", "Planerad", "Planned"},
    {"ongoing", "Pågår", "Pågår", "Ongoing"},
    {"done", "Utført", "Klar", "Done"},
    {"cancelled", "Avbrutt", "Avbruten", "Cancelled"},
    {"yes", "Ja", "Ja", "Yes"},
};

static int lang_index(const char *lang)
{
	return !strcmp(lang, "nb") ? 0 : !strcmp(lang, "sv") ? 1 : 2;
}

const char *ka_risk_csv_value(const char *key, const char *lang)
{
	size_t i;

	if (!key)
		return "";
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (!strcmp(values[i][0], key))
			return values[i][1 + lang_index(lang ? lang : "en")];
	return key;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void cell(struct ka_buf *o, const struct ka_risk_csv_style *st, const char *s)
{
	ka_risk_csv_cell(o, s, st->sep, false);
}

static void cell_int(struct ka_buf *o, const struct ka_risk_csv_style *st, bool set, int64_t v)
{
	char t[32] = "";

	if (set)
		snprintf(t, sizeof(t), "%lld", (long long)v);
	cell(o, st, t);
}

static void line(struct ka_buf *o, const struct ka_risk_csv_style *st,
                 const struct ka_risk_plan_unit *g, const struct ka_risk *k,
                 const struct ka_risk_action *x)
{
	const struct ka_risk_score *in = &k->inherent;
	char cost[48] = "";

	cell(o, st, g->unit);
	cell(o, st, nz(k->process));
	cell_int(o, st, true, k->id);
	cell(o, st, nz(k->title));
	cell(o, st, nz(k->element_id));
	cell(o, st, ka_risk_category_name(k, st->lang));
	cell_int(o, st, in->set, in->likelihood);
	cell_int(o, st, in->set, in->consequence);
	cell_int(o, st, in->set, in->value);
	cell(o, st, nz(in->scale));
	cell(o, st, ka_risk_csv_value(k->decision, st->lang));
	cell_int(o, st, x != NULL, x ? x->id : 0);
	cell(o, st, x ? nz(x->title) : "");
	cell(o, st, x ? nz(x->responsible) : "");
	cell(o, st, x ? nz(x->due_date) : "");
	cell(o, st, x ? ka_risk_csv_value(x->status, st->lang) : "");
	if (x && x->has_cost)
		ka_risk_csv_number(cost, sizeof(cost), x->cost, 2, st->decimal);
	cell(o, st, cost);
	ka_risk_csv_cell(o, x && x->overdue ? ka_risk_csv_value("yes", st->lang) : "", st->sep,
	                 true);
}

int ka_risk_plan_csv(const struct ka_risk_plan *p, const char *lang, struct ka_buf *out)
{
	struct ka_risk_csv_style st;
	size_t u, r, a;
	int c;

	ka_risk_csv_style(&st, lang);
	ka_buf_adds(out, CSV_BOM);
	for (c = 0; c < C_COUNT; c++)
		ka_risk_csv_cell(out, headings[c][lang_index(st.lang)], st.sep, c == C_COUNT - 1);
	for (u = 0; u < p->nunits; u++) {
		const struct ka_risk_plan_unit *g = &p->units[u];

		for (r = 0; r < g->n; r++) {
			const struct ka_risk *k = g->risks[r];

			for (a = 0; a < (k->nactions ? k->nactions : 1); a++)
				line(out, &st, g, k, k->nactions ? &k->actions[a] : NULL);
		}
	}
	return ka_buf_error(out);
}
