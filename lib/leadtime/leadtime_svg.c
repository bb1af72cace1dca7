/*
 * The histogram of simulated lead times as a standalone SVG: 40 bars from
 * the shortest to the longest run, in days of the basis, with the mean and
 * the P50 / P80 / P95 marked; its words and numbers in the reader's language
 * (the picture is shown in a page in nb or sv, where a "mean 22.0" or
 * "lead time (working days)" would be the only English).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

#define BINS 40
#define W    720.0
#define H    360.0
#define LEFT 60.0
#define BOT  50.0
#define TOP  40.0

/* The words of one language: English, bokmål, Swedish. */
static const struct words {
	const char *mean, *working, *calendar, *title, *bar;
	char decimal;
} WORDS[3] = {
    {"mean", "lead time (working days)", "lead time (calendar days)",
     "Simulated lead time: %llu runs", "%s to %s: %llu runs", '.'},
    {"snitt", "gjennomløpstid (arbeidsdager)", "gjennomløpstid (kalenderdager)",
     "Simulert gjennomløpstid: %llu kjøringer", "%s til %s: %llu kjøringer", ','},
    {"medel", "ledtid (arbetsdagar)", "ledtid (kalenderdagar)", "Simulerad ledtid: %llu körningar",
     "%s till %s: %llu körningar", ','},
};

static const struct words *words_of(const char *lang)
{
	if (lang && !strcmp(lang, "nb"))
		return &WORDS[1];
	if (lang && !strcmp(lang, "sv"))
		return &WORDS[2];
	return &WORDS[0];
}

/* `v` with `digits` decimals and the language's decimal sign, into `s`. */
static const char *num(char *s, size_t n, const struct words *w, int digits, double v)
{
	char *dot;

	snprintf(s, n, "%.*f", digits, v);
	dot = strchr(s, '.');
	if (dot)
		*dot = w->decimal;
	return s;
}

static void marker(struct ka_buf *out, const struct words *w, double x, const char *name,
                   double days, int row)
{
	char d[32];

	ka_buf_addf(out,
	            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" "
	            "stroke-dasharray=\"4 3\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
	            "font-size=\"11\" fill=\"#c0392b\">%s %s</text>\n",
	            x, TOP, x, H - BOT, x + 3, TOP - 24 + 11.0 * row, name,
	            num(d, sizeof(d), w, 1, days));
}

int ka_lt_histogram_svg(const struct ka_lt_graph *g, const struct ka_lt_result *r,
                        struct ka_buf *out)
{
	return ka_lt_histogram_svg_lang(g, r, NULL, out);
}

int ka_lt_histogram_svg_lang(const struct ka_lt_graph *g, const struct ka_lt_result *r,
                             const char *lang, struct ka_buf *out)
{
	const struct words *w = words_of(lang);
	char n1[32], n2[32];
	uint64_t count[BINS] = {0}, top = 1, k;
	double lo, hi, width, pw = W - LEFT - 20, ph = H - TOP - BOT;
	int i;

	if (!r->simulated || !r->runs)
		return KA_ERR_USAGE;
	lo = ka_lt_days(g, r->sim_min);
	hi = ka_lt_days(g, r->sim_max);
	if (!(hi > lo))
		hi = lo + 1;
	width = (hi - lo) / BINS;
	for (k = 0; k < r->runs; k++) {
		int b = (int)((ka_lt_days(g, r->sim_lead[k]) - lo) / width);

		count[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
	}
	for (i = 0; i < BINS; i++)
		if (count[i] > top)
			top = count[i];
	ka_buf_addf(out,
	            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
	            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n<title>",
	            W, H, W, H);
	ka_buf_addf(out, w->title, (unsigned long long)r->runs);
	ka_buf_adds(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	for (i = 0; i < BINS; i++) {
		double bh = ph * (double)count[i] / (double)top;

		ka_buf_addf(out,
		            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		            "fill=\"#4a7fb5\"><title>",
		            LEFT + pw * i / BINS, TOP + ph - bh, pw / BINS - 1, bh);
		ka_buf_addf(out, w->bar, num(n1, sizeof(n1), w, 2, lo + width * i),
		            num(n2, sizeof(n2), w, 2, lo + width * (i + 1)),
		            (unsigned long long)count[i]);
		ka_buf_adds(out, "</title></rect>\n");
	}
	ka_buf_addf(out,
	            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s</text>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
	            "text-anchor=\"end\">%s</text>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">"
	            "%s</text>\n"
	            "<text x=\"12\" y=\"%.1f\" font-size=\"12\">%llu</text>\n",
	            LEFT, H - BOT, LEFT + pw, H - BOT, LEFT, H - BOT + 16,
	            num(n1, sizeof(n1), w, 1, lo), LEFT + pw, H - BOT + 16,
	            num(n2, sizeof(n2), w, 1, hi), LEFT + pw / 2, H - 12,
	            g->opts.basis == KA_LT_CALENDAR ? w->calendar : w->working, TOP + 10,
	            (unsigned long long)top);
	marker(out, w, LEFT + pw * (ka_lt_days(g, r->sim_mean) - lo) / (hi - lo), w->mean,
	       ka_lt_days(g, r->sim_mean), 0);
	marker(out, w, LEFT + pw * (ka_lt_days(g, r->sim_p50) - lo) / (hi - lo), "P50",
	       ka_lt_days(g, r->sim_p50), 1);
	marker(out, w, LEFT + pw * (ka_lt_days(g, r->sim_p80) - lo) / (hi - lo), "P80",
	       ka_lt_days(g, r->sim_p80), 2);
	marker(out, w, LEFT + pw * (ka_lt_days(g, r->sim_p95) - lo) / (hi - lo), "P95",
	       ka_lt_days(g, r->sim_p95), 3);
	ka_buf_adds(out, "</svg>\n");
	return ka_buf_error(out);
}
