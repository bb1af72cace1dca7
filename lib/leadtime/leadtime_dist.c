/*
 * Lead-time estimates: an activity's kartla:processTime / kartla:waitTime
 * converted to hours of the analysis's time basis, and the distribution the
 * simulation draws a three-point estimate from (triangular, or PERT as a
 * precomputed quantile table so that a draw costs one uniform number).
 *
 * Working basis: a day of waiting (D) is one working day of hours_per_day
 * hours, a week (W) is days_per_week working days, clock time (H, M, S) of a
 * wait is a share of a 24-hour day; work counts in working hours (a day of
 * work is hours_per_day hours). Calendar basis: every duration as written.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/bpmn.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

/* Splits a duration the reader has validated into weeks, days and clock seconds. */
static int iso_parts(const char *s, double *weeks, double *days, double *secs)
{
	double total;

	*weeks = *days = *secs = 0;
	if (!s || ka_duration_parse(s, &total))
		return KA_ERR_BPMN;
	for (s++; *s; s++) {
		char num[64];
		size_t n = 0;
		double v;

		if (*s == 'T')
			continue;
		for (;
		     (isdigit((unsigned char)*s) || *s == '.' || *s == ',') && n < sizeof(num) - 1;
		     s++)
			num[n++] = *s == ',' ? '.' : *s;
		num[n] = '\0';
		v = strtod(num, NULL);
		switch (*s) {
		case 'W':
			*weeks += v;
			break;
		case 'D':
			*days += v;
			break;
		case 'H':
			*secs += v * 3600;
			break;
		case 'M': /* after T: minutes (months are refused by ka_duration_parse) */
			*secs += v * 60;
			break;
		case 'S':
			*secs += v;
			break;
		default:
			return KA_ERR_BPMN;
		}
	}
	return 0;
}

/* One duration text in basis hours. */
static int to_hours(const struct ka_lt_opts *o, const char *text, bool wait, double *hours)
{
	double w, d, s;
	int err = iso_parts(text, &w, &d, &s);

	if (err)
		return err;
	if (o->basis == KA_LT_CALENDAR)
		*hours = (w * 7 + d) * 24 + s / 3600;
	else if (wait)
		*hours = (w * o->days_per_week + d + s / 86400) * o->hours_per_day;
	else
		*hours = (w * o->days_per_week + d) * o->hours_per_day + s / 3600;
	return 0;
}

static const struct ka_xml_node *ext_node(const struct ka_el *el, const char *local)
{
	const struct ka_xml_node *x = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	const struct ka_xml_node *c;

	for (c = x ? x->first : NULL; c; c = c->next)
		if (c->type == KA_XML_ELEMENT && c->name->ns &&
		    !strcmp(c->name->ns, KA_NS_KARTLA) && !strcmp(c->name->local, local))
			return c;
	return NULL;
}

/* Builds the PERT quantile table for lo..mode..hi; returns its offset. */
static size_t pert_table(struct ka_lt_graph *g, double lo, double mode, double hi)
{
	enum { GRID = 4096 };
	double a = 1 + 4 * (mode - lo) / (hi - lo), b = 1 + 4 * (hi - mode) / (hi - lo);
	double *cdf = ka_xcalloc(GRID + 1, sizeof(*cdf));
	size_t off = g->ntables * (LT_TABLE_STEPS + 1);
	double *t, prev = 0;
	int i, k, j = 0;

	g->tables = ka_xreallocarray(g->tables, off + LT_TABLE_STEPS + 1, sizeof(*g->tables));
	g->ntables++;
	t = g->tables + off;
	for (i = 0; i <= GRID; i++) {
		double x = (double)i / GRID;
		double f = pow(x, a - 1) * pow(1 - x, b - 1);

		cdf[i] = i ? cdf[i - 1] + (f + prev) / (2.0 * GRID) : 0;
		prev = f;
	}
	for (k = 0; k <= LT_TABLE_STEPS; k++) {
		double u = cdf[GRID] * k / LT_TABLE_STEPS, x;

		while (j < GRID && cdf[j + 1] < u)
			j++;
		if (j >= GRID)
			x = 1;
		else if (cdf[j + 1] > cdf[j])
			x = (j + (u - cdf[j]) / (cdf[j + 1] - cdf[j])) / GRID;
		else
			x = (double)j / GRID;
		t[k] = lo + (hi - lo) * (x < 0 ? 0 : x > 1 ? 1 : x);
	}
	t[0] = lo;
	t[LT_TABLE_STEPS] = hi;
	free(cdf);
	return off;
}

/*
 * Reads el's kartla:processTime (wait false) or kartla:waitTime into an
 * estimate and a distribution. Missing: zero.
 */
int ka_lt_read_estimate(struct ka_lt_graph *g, const struct ka_el *el, bool wait, double *est,
                        struct lt_dist *d, bool *three_point, struct ka_diag *diag)
{
	const char *local = wait ? "waitTime" : "processTime";
	const struct ka_xml_node *n = ext_node(el, local);
	const struct ka_lt_opts *o = &g->opts;
	double lo, mode, hi;
	const char *v;

	memset(d, 0, sizeof(*d));
	d->kind = LT_D_CONST;
	*est = 0;
	if (!n)
		return 0;
	if ((v = ka_xml_attr(n, NULL, "value"))) {
		if (to_hours(o, v, wait, &mode))
			goto bad;
		lo = hi = mode;
	} else {
		if (to_hours(o, ka_xml_attr(n, NULL, "min"), wait, &lo) ||
		    to_hours(o, ka_xml_attr(n, NULL, "mostLikely"), wait, &mode) ||
		    to_hours(o, ka_xml_attr(n, NULL, "max"), wait, &hi))
			goto bad;
		if (lo > mode || mode > hi)
			return ka_diag_set(
			    diag, KA_ERR_BPMN, n->line, n->column, el->id,
			    "kartla:%s is out of order (need min <= mostLikely <= max)", local);
		*three_point = true;
	}
	*est = mode;
	d->lo = lo;
	d->mode = mode;
	d->hi = hi;
	d->mean = mode;
	if (hi > lo) {
		if (o->dist == KA_LT_UNIFORM) {
			/* A triangle whose sides are vertical: draw lo + u (hi - lo). */
			d->kind = LT_D_UNIF;
			d->mean = (lo + hi) / 2;
		} else if (o->dist == KA_LT_TRIANGULAR) {
			d->kind = LT_D_TRI;
			d->fc = (mode - lo) / (hi - lo);
			d->s1 = (hi - lo) * (mode - lo);
			d->s2 = (hi - lo) * (hi - mode);
			d->mean = (lo + mode + hi) / 3;
		} else {
			d->kind = LT_D_TABLE;
			d->table = pert_table(g, lo, mode, hi);
			d->mean = (lo + 4 * mode + hi) / 6;
		}
	}
	return 0;
bad:
	return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
	                   "kartla:%s is not a valid duration (expected an ISO 8601 duration "
	                   "such as PT30M or P2D)",
	                   local);
}
