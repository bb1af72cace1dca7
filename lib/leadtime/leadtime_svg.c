/*
 * The histogram of simulated lead times as a standalone SVG: 40 bars from
 * the shortest to the longest run, in days of the basis, with the mean and
 * the P50 / P80 / P95 marked.
 */
#include <math.h>
#include <stdlib.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

#define BINS 40
#define W    720.0
#define H    360.0
#define LEFT 60.0
#define BOT  50.0
#define TOP  40.0

static void marker(struct ka_buf *out, double x, const char *name, double days, int row)
{
	ka_buf_addf(out,
	            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" "
	            "stroke-dasharray=\"4 3\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
	            "font-size=\"11\" fill=\"#c0392b\">%s %.1f</text>\n",
	            x, TOP, x, H - BOT, x + 3, TOP - 24 + 11.0 * row, name, days);
}

int ka_lt_histogram_svg(const struct ka_lt_graph *g, const struct ka_lt_result *r,
                        struct ka_buf *out)
{
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
	            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n"
	            "<title>Simulated lead time: %llu runs</title>\n"
	            "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
	            W, H, W, H, (unsigned long long)r->runs);
	for (i = 0; i < BINS; i++) {
		double bh = ph * (double)count[i] / (double)top;

		ka_buf_addf(out,
		            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		            "fill=\"#4a7fb5\"><title>%.2f to %.2f: %llu runs</title></rect>\n",
		            LEFT + pw * i / BINS, TOP + ph - bh, pw / BINS - 1, bh, lo + width * i,
		            lo + width * (i + 1), (unsigned long long)count[i]);
	}
	ka_buf_addf(out,
	            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%.1f</text>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
	            "text-anchor=\"end\">%.1f</text>\n"
	            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">"
	            "lead time (%s days)</text>\n"
	            "<text x=\"12\" y=\"%.1f\" font-size=\"12\">%llu</text>\n",
	            LEFT, H - BOT, LEFT + pw, H - BOT, LEFT, H - BOT + 16, lo, LEFT + pw,
	            H - BOT + 16, hi, LEFT + pw / 2, H - 12,
	            g->opts.basis == KA_LT_CALENDAR ? "calendar" : "working", TOP + 10,
	            (unsigned long long)top);
	marker(out, LEFT + pw * (ka_lt_days(g, r->sim_mean) - lo) / (hi - lo), "mean",
	       ka_lt_days(g, r->sim_mean), 0);
	marker(out, LEFT + pw * (ka_lt_days(g, r->sim_p50) - lo) / (hi - lo), "P50",
	       ka_lt_days(g, r->sim_p50), 1);
	marker(out, LEFT + pw * (ka_lt_days(g, r->sim_p80) - lo) / (hi - lo), "P80",
	       ka_lt_days(g, r->sim_p80), 2);
	marker(out, LEFT + pw * (ka_lt_days(g, r->sim_p95) - lo) / (hi - lo), "P95",
	       ka_lt_days(g, r->sim_p95), 3);
	ka_buf_adds(out, "</svg>\n");
	return ka_buf_error(out);
}
