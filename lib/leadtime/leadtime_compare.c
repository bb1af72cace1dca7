/*
 * As-is vs to-be: two analysed maps compared figure by figure (to-be minus
 * as-is) and activity by activity. Activities are matched by element id,
 * then by name among those not yet matched; the rest are listed as removed
 * (only as-is) or added (only to-be).
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

struct figure {
	const char *key, *label;
	double a, b;
	int unit; /* 0 hours shown as days, 1 percent of a share, 2 plain number */
};

static size_t figures(const struct ka_lt_result *a, const struct ka_lt_result *b, struct figure *f)
{
	size_t n = 0;

#define FIG(k, l, field, u) f[n++] = (struct figure){k, l, a->field, b->field, u}
	FIG("leadTime", "lead time", lead, 0);
	FIG("processTime", "process time", process, 0);
	FIG("waitTime", "wait time", wait, 0);
	FIG("work", "work in all branches", work, 0);
	FIG("activityRatio", "activity ratio", ratio, 1);
	FIG("rolledCompleteAccurate", "rolled %C&A", rolled_cna, 1);
	FIG("handoffs", "hand-offs", handoffs, 2);
	if (a->simulated && b->simulated) {
		FIG("simulatedMean", "simulated mean", sim_mean, 0);
		FIG("simulatedP50", "simulated P50", sim_p50, 0);
		FIG("simulatedP80", "simulated P80", sim_p80, 0);
		FIG("simulatedP95", "simulated P95", sim_p95, 0);
	}
#undef FIG
	return n;
}

/* For each activity of a, its match in b (-1 none). */
static long *match(const struct ka_lt_result *a, const struct ka_lt_result *b)
{
	long *m = ka_xcalloc(a->nacts ? a->nacts : 1, sizeof(*m));
	char *used = ka_xcalloc(b->nacts ? b->nacts : 1, 1);
	size_t i, j;

	for (i = 0; i < a->nacts; i++) {
		m[i] = -1;
		for (j = 0; j < b->nacts; j++)
			if (!used[j] && !strcmp(a->acts[i].id, b->acts[j].id)) {
				m[i] = (long)j;
				used[j] = 1;
				break;
			}
	}
	for (i = 0; i < a->nacts; i++)
		for (j = 0; j < b->nacts && m[i] < 0; j++)
			if (!used[j] && *a->acts[i].name &&
			    !strcmp(a->acts[i].name, b->acts[j].name)) {
				m[i] = (long)j;
				used[j] = 1;
			}
	free(used);
	return m;
}

static double lead_of(const struct ka_lt_act *x)
{
	return x ? x->visits * (x->wait + x->process) : 0;
}

static json_t *act_delta(const struct ka_lt_graph *g, const struct ka_lt_act *x,
                         const struct ka_lt_act *y)
{
	const struct ka_lt_act *s = x ? x : y;
	json_t *j = json_pack("{s:s, s:s, s:s}", "id", s->id, "name", s->name, "status",
	                      !x   ? "added"
	                      : !y ? "removed"
	                           : "matched");

	if (x && y && strcmp(x->id, y->id))
		json_object_set_new(j, "toBeId", json_string(y->id));
	json_object_set_new(j, "waitDelta",
	                    json_real(ka_lt_days(g, (y ? y->wait * y->visits : 0) -
	                                                (x ? x->wait * x->visits : 0))));
	json_object_set_new(
	    j, "processDeltaHours",
	    json_real((y ? y->process * y->visits : 0) - (x ? x->process * x->visits : 0)));
	json_object_set_new(j, "leadDelta", json_real(ka_lt_days(g, lead_of(y) - lead_of(x))));
	return j;
}

/*
 * Where each activity only b has goes in the list (both in flow order): after
 * the activity of a matched to b's nearest earlier matched activity (-1:
 * before the first matched one), so that an added step is listed where it
 * sits in the flow. Returns the index in a of b's first matched activity, -1
 * when none matches.
 */
static long anchors(const struct ka_lt_result *a, const struct ka_lt_result *b, const long *m,
                    long *anchor)
{
	long *inv = ka_xcalloc(b->nacts ? b->nacts : 1, sizeof(*inv)), last = -1, first = -1;
	size_t i;

	for (i = 0; i < b->nacts; i++)
		inv[i] = -1;
	for (i = 0; i < a->nacts; i++)
		if (m[i] >= 0)
			inv[m[i]] = (long)i;
	for (i = 0; i < b->nacts; i++) {
		if (inv[i] >= 0 && first < 0)
			first = inv[i];
		if (inv[i] >= 0)
			last = inv[i];
		anchor[i] = last;
	}
	free(inv);
	return first;
}

static void add_after(const struct ka_lt_graph *gb, const struct ka_lt_result *b, const char *used,
                      const long *anchor, long at, json_t *acts)
{
	size_t j;

	for (j = 0; j < b->nacts; j++)
		if (!used[j] && anchor[j] == at)
			json_array_append_new(acts, act_delta(gb, NULL, &b->acts[j]));
}

json_t *ka_lt_compare_json(const struct ka_lt_graph *ga, const struct ka_lt_result *a,
                           const struct ka_lt_graph *gb, const struct ka_lt_result *b)
{
	struct figure f[16];
	size_t n = figures(a, b, f), i;
	long *m = match(a, b);
	char *used = ka_xcalloc(b->nacts ? b->nacts : 1, 1);
	long *anchor = ka_xcalloc(b->nacts ? b->nacts : 1, sizeof(*anchor)), first;
	json_t *figs = json_object(), *acts = json_array();

	for (i = 0; i < n; i++) {
		double sa = f[i].unit == 0 ? ka_lt_days(ga, f[i].a) : f[i].a;
		double sb = f[i].unit == 0 ? ka_lt_days(gb, f[i].b) : f[i].b;

		json_object_set_new(
		    figs, f[i].key,
		    json_pack("{s:f, s:f, s:f}", "asIs", sa, "toBe", sb, "delta", sb - sa));
	}
	for (i = 0; i < a->nacts; i++)
		if (m[i] >= 0)
			used[m[i]] = 1;
	first = anchors(a, b, m, anchor);
	for (i = 0; i < a->nacts; i++) {
		if ((long)i == first) /* b's steps before its first matched one */
			add_after(gb, b, used, anchor, -1, acts);
		json_array_append_new(
		    acts, act_delta(ga, &a->acts[i], m[i] >= 0 ? &b->acts[m[i]] : NULL));
		add_after(gb, b, used, anchor, (long)i, acts);
	}
	if (first < 0) /* nothing matched: b's steps after a's */
		add_after(gb, b, used, anchor, -1, acts);
	free(m);
	free(used);
	free(anchor);
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "unit",
	                 ga->opts.basis == KA_LT_CALENDAR ? "calendar days" : "working days",
	                 "asIs", ka_lt_to_json(ga, a), "toBe", ka_lt_to_json(gb, b), "figures",
	                 figs, "activities", acts);
}

int ka_lt_compare_text(const struct ka_lt_graph *ga, const struct ka_lt_result *a,
                       const struct ka_lt_graph *gb, const struct ka_lt_result *b,
                       struct ka_buf *out)
{
	struct figure f[16];
	size_t n = figures(a, b, f), i;
	long *m = match(a, b);
	char *used = ka_xcalloc(b->nacts ? b->nacts : 1, 1);
	const char *dw = ga->opts.basis == KA_LT_CALENDAR ? "calendar days" : "working days";

	ka_buf_addf(out, "As-is '%s' vs to-be '%s'\n\n  %-24s %12s %12s %12s\n", ga->process_id,
	            gb->process_id, "figure", "as-is", "to-be", "change");
	for (i = 0; i < n; i++) {
		double sa = f[i].a, sb = f[i].b;
		const char *u = "";

		if (f[i].unit == 0) {
			sa = ka_lt_days(ga, sa);
			sb = ka_lt_days(gb, sb);
			u = " d";
		} else if (f[i].unit == 1) {
			sa *= 100;
			sb *= 100;
			u = " %";
		}
		ka_buf_addf(out, "  %-24s %10.2f%-2s %10.2f%-2s %+10.2f%-2s\n", f[i].label, sa, u,
		            sb, u, sb - sa, u);
	}
	ka_buf_addf(out, "\nPer activity (change of expected lead time per case, %s):\n", dw);
	for (i = 0; i < a->nacts; i++) {
		const struct ka_lt_act *x = &a->acts[i], *y = m[i] >= 0 ? &b->acts[m[i]] : NULL;

		if (y)
			used[m[i]] = 1;
		ka_buf_addf(out, "  %-32s %-8s %+8.2f\n", *x->name ? x->name : x->id,
		            y ? "" : "removed", ka_lt_days(ga, lead_of(y) - lead_of(x)));
	}
	for (i = 0; i < b->nacts; i++)
		if (!used[i])
			ka_buf_addf(out, "  %-32s %-8s %+8.2f\n",
			            *b->acts[i].name ? b->acts[i].name : b->acts[i].id, "added",
			            ka_lt_days(gb, lead_of(&b->acts[i])));
	free(m);
	free(used);
	return ka_buf_error(out);
}
