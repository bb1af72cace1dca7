/*
 * Lead-time results as text (for people at a terminal) and as JSON (for the
 * API and scripts; docs/leadtime.md describes the fields). Times appear in
 * hours and in days of the analysis's basis.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "leadtime_int.h"
#include "kartla/banned.h"

#define CRITICAL_PATH_NOTE                                                                         \
	"parallel branches are counted by their longest expected branch (the critical-path "       \
	"approximation); the expected time of the slowest branch in each case is longer, see "     \
	"the simulation"

static const char *day_word(const struct ka_lt_graph *g)
{
	return g->opts.basis == KA_LT_CALENDAR ? "calendar days" : "working days";
}

/* Activities by expected wait per case, largest first (indexes into r->acts). */
static size_t *by_wait(const struct ka_lt_result *r)
{
	size_t *v = ka_xcalloc(r->nacts ? r->nacts : 1, sizeof(*v)), i, j;

	for (i = 0; i < r->nacts; i++)
		v[i] = i;
	for (i = 1; i < r->nacts; i++)
		for (j = i; j > 0 && r->acts[v[j]].wait * r->acts[v[j]].visits >
		                         r->acts[v[j - 1]].wait * r->acts[v[j - 1]].visits;
		     j--) {
			size_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v;
}

static const char *label(const struct ka_lt_act *a)
{
	return a->name && *a->name ? a->name : a->id;
}

int ka_lt_write_text(const struct ka_lt_graph *g, const struct ka_lt_result *r, struct ka_buf *out)
{
	const char *dw = day_word(g);
	size_t *w = by_wait(r), i;

	ka_buf_addf(out, "Lead-time analysis of '%s' (%s)\n",
	            *g->process_name ? g->process_name : g->process_id, g->process_id);
	if (g->opts.basis == KA_LT_CALENDAR)
		ka_buf_addf(out, "Time basis: calendar time (24-hour days)\n");
	else
		ka_buf_addf(out, "Time basis: working time (%g hours a day, %g days a week)\n",
		            g->opts.hours_per_day, g->opts.days_per_week);
	ka_buf_addf(out, "\nExpected lead time:   %.1f %s (%.1f hours)\n", ka_lt_days(g, r->lead),
	            dw, r->lead);
	ka_buf_addf(out, "Process time:         %.1f hours (%.2f %s)\n", r->process,
	            ka_lt_days(g, r->process), dw);
	ka_buf_addf(out, "Wait time:            %.1f %s\n", ka_lt_days(g, r->wait), dw);
	ka_buf_addf(out, "Activity ratio / flow efficiency: %.1f %%\n", 100 * r->ratio);
	if (fabs(r->work - r->process) > 1e-9)
		ka_buf_addf(out, "Work in all branches: %.1f hours\n", r->work);
	ka_buf_addf(out, "Value-adding work:    %.1f hours\n", r->value_adding);
	ka_buf_addf(out, "Rolled %%C&A:          %.1f %%\n", 100 * r->rolled_cna);
	ka_buf_addf(out, "Hand-offs:            %.1f\n", r->handoffs);
	ka_buf_addf(out, "Critical path:        ");
	for (i = 0; i < r->ncritical; i++)
		ka_buf_addf(out, "%s%s", i ? " -> " : "", label(&r->acts[r->critical_path[i]]));
	ka_buf_addf(out, "%s\n", r->ncritical ? "" : "(none)");
	if (r->has_parallel)
		ka_buf_addf(out, "Note: %s.\n", CRITICAL_PATH_NOTE);
	ka_buf_addf(out, "\nBiggest waits:\n");
	for (i = 0; i < r->nacts && i < 5; i++) {
		const struct ka_lt_act *a = &r->acts[w[i]];

		if (!(a->wait * a->visits > 0))
			break;
		ka_buf_addf(out, "  %-32s %6.1f %s  %4.0f %% of the lead time\n", label(a),
		            ka_lt_days(g, a->wait * a->visits), dw,
		            r->lead > 0 ? 100 * a->wait * a->visits / r->lead : 0);
	}
	if (r->nlanes) {
		ka_buf_addf(out, "\nWork per lane:\n");
		for (i = 0; i < r->nlanes; i++)
			ka_buf_addf(out, "  %-32s %6.1f hours of work, %.1f %s of waiting\n",
			            r->lanes[i].name, r->lanes[i].work,
			            ka_lt_days(g, r->lanes[i].wait), dw);
	}
	if (r->simulated) {
		ka_buf_addf(out, "\nSimulation: %llu runs, seed %llu, %s distribution for ranges\n",
		            (unsigned long long)r->runs, (unsigned long long)r->seed,
		            r->dist == KA_LT_TRIANGULAR ? "triangular" : "PERT");
		ka_buf_addf(out, "  mean %.1f, P50 %.1f, P80 %.1f, P95 %.1f %s\n",
		            ka_lt_days(g, r->sim_mean), ka_lt_days(g, r->sim_p50),
		            ka_lt_days(g, r->sim_p80), ka_lt_days(g, r->sim_p95), dw);
		ka_buf_addf(out, "  min %.1f, max %.1f, standard deviation %.1f %s\n",
		            ka_lt_days(g, r->sim_min), ka_lt_days(g, r->sim_max),
		            ka_lt_days(g, r->sim_stddev), dw);
	}
	ka_buf_addf(out, "\nActivities:\n  %-32s %-18s %9s %9s %7s %5s%s\n", "activity", "lane",
	            "wait (d)", "work (h)", "visits", "crit.",
	            r->simulated ? " on critical path (sim.)" : "");
	for (i = 0; i < r->nacts; i++) {
		const struct ka_lt_act *a = &r->acts[i];

		ka_buf_addf(out, "  %-32s %-18s %9.2f %9.2f %7.2f %5s", label(a),
		            a->lane ? a->lane : "-", ka_lt_days(g, a->wait), a->process, a->visits,
		            a->critical ? "yes" : "no");
		if (r->simulated)
			ka_buf_addf(out, " %5.1f %%", 100 * a->criticality);
		ka_buf_addc(out, '\n');
	}
	for (i = 0; i < g->nwarnings; i++)
		ka_buf_addf(out, "%swarning: %s\n", i ? "" : "\n", g->warnings[i]);
	free(w);
	return ka_buf_error(out);
}

/* A time in hours as {"hours": h, "days": d}. */
static json_t *span(const struct ka_lt_graph *g, double h)
{
	return json_pack("{s:f, s:f}", "hours", h, "days", ka_lt_days(g, h));
}

/* A name and its translations: {"": name, "nb": ..., "sv": ..., "en": ...}, those it has. */
static json_t *names_json(const char *name, const char *const names[3])
{
	static const char *const langs[3] = {"nb", "sv", "en"};
	json_t *o = json_pack("{s:s}", "", name);
	size_t i;

	for (i = 0; names && i < 3; i++)
		if (names[i])
			json_object_set_new(o, langs[i], json_string(names[i]));
	return o;
}

static json_t *act_names_json(const struct ka_lt_act *a)
{
	return names_json(a->name, a->names);
}

/* The lane's names by its (default) name: the lane of an activity or of the lane list. */
static json_t *lane_names_json(const struct ka_lt_graph *g, const char *lane)
{
	size_t i;

	for (i = 0; i < g->nlanes; i++)
		if (!strcmp(g->lanes[i], lane))
			return names_json(lane, g->lane_names[i]);
	return names_json(lane, NULL);
}

static json_t *acts_json(const struct ka_lt_graph *g, const struct ka_lt_result *r)
{
	json_t *v = json_array();
	size_t i;

	for (i = 0; i < r->nacts; i++) {
		const struct ka_lt_act *a = &r->acts[i];
		json_t *j =
		    json_pack("{s:s, s:s, s:o, s:o, s:o, s:f, s:b, s:b}", "id", a->id, "name",
		              a->name, "lane", a->lane ? json_string(a->lane) : json_null(), "wait",
		              span(g, a->wait), "process", span(g, a->process), "visits", a->visits,
		              "critical", a->critical, "threePoint", a->three_point);

		json_object_set_new(j, "names", act_names_json(a));
		if (a->lane)
			json_object_set_new(j, "laneNames", lane_names_json(g, a->lane));
		json_object_set_new(j, "valueAdding",
		                    a->value_adding < 0 ? json_null()
		                                        : json_boolean(a->value_adding));
		json_object_set_new(j, "completeAccuratePercent",
		                    a->cna < 0 ? json_null() : json_real(a->cna));
		json_object_set_new(j, "waitMean", span(g, a->wait_mean));
		json_object_set_new(j, "processMean", span(g, a->process_mean));
		if (r->simulated) {
			json_object_set_new(j, "criticality", json_real(a->criticality));
			json_object_set_new(j, "simulatedExecutions", json_real(a->sim_executions));
		}
		json_array_append_new(v, j);
	}
	return v;
}

static json_t *sim_json(const struct ka_lt_graph *g, const struct ka_lt_result *r)
{
	return json_pack(
	    "{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "runs",
	    (json_int_t)r->runs, "seed", (json_int_t)r->seed, "distribution",
	    ka_lt_dist_name(r->dist), "mean", span(g, r->sim_mean), "p50", span(g, r->sim_p50),
	    "p80", span(g, r->sim_p80), "p95", span(g, r->sim_p95), "min", span(g, r->sim_min),
	    "max", span(g, r->sim_max), "stddev", span(g, r->sim_stddev), "processMean",
	    span(g, r->sim_process_mean), "activityExecutions", (json_int_t)r->sim_executions);
}

json_t *ka_lt_to_json(const struct ka_lt_graph *g, const struct ka_lt_result *r)
{
	json_t *j = json_object(), *basis, *path = json_array(), *lanes = json_array(),
	       *warn = json_array(), *waits = json_array();
	size_t *w = by_wait(r), i;

	basis = json_pack("{s:s}", "basis", ka_lt_basis_name(g->opts.basis));
	if (g->opts.basis == KA_LT_WORKING) {
		json_object_set_new(basis, "hoursPerDay", json_real(g->opts.hours_per_day));
		json_object_set_new(basis, "daysPerWeek", json_real(g->opts.days_per_week));
	}
	json_object_set_new(j, "process",
	                    json_pack("{s:s, s:s}", "id", g->process_id, "name", g->process_name));
	json_object_set_new(j, "timeBasis", basis);
	json_object_set_new(j, "leadTime", span(g, r->lead));
	json_object_set_new(j, "processTime", span(g, r->process));
	json_object_set_new(j, "waitTime", span(g, r->wait));
	json_object_set_new(j, "work", span(g, r->work));
	json_object_set_new(j, "valueAddingWork", span(g, r->value_adding));
	json_object_set_new(j, "activityRatio", json_real(r->ratio));
	json_object_set_new(j, "rolledCompleteAccurate", json_real(r->rolled_cna));
	json_object_set_new(j, "handoffs", json_real(r->handoffs));
	json_object_set_new(j, "parallelApproximated", json_boolean(r->has_parallel));
	json_object_set_new(j, "note",
	                    r->has_parallel ? json_string(CRITICAL_PATH_NOTE) : json_null());
	for (i = 0; i < r->ncritical; i++)
		json_array_append_new(path, json_string(r->acts[r->critical_path[i]].id));
	json_object_set_new(j, "criticalPath", path);
	for (i = 0; i < r->nacts && i < 5; i++) {
		const struct ka_lt_act *a = &r->acts[w[i]];

		if (!(a->wait * a->visits > 0))
			break;
		json_array_append_new(waits, json_pack("{s:s, s:o}", "id", a->id, "wait",
		                                       span(g, a->wait * a->visits)));
	}
	json_object_set_new(j, "biggestWaits", waits);
	for (i = 0; i < r->nlanes; i++)
		json_array_append_new(
		    lanes, json_pack("{s:s, s:o, s:o, s:o}", "lane", r->lanes[i].name, "names",
		                     lane_names_json(g, r->lanes[i].name), "work",
		                     span(g, r->lanes[i].work), "wait", span(g, r->lanes[i].wait)));
	json_object_set_new(j, "lanes", lanes);
	json_object_set_new(j, "activities", acts_json(g, r));
	json_object_set_new(j, "simulation", r->simulated ? sim_json(g, r) : json_null());
	for (i = 0; i < g->nwarnings; i++)
		json_array_append_new(warn, json_string(g->warnings[i]));
	json_object_set_new(j, "warnings", warn);
	free(w);
	return j;
}
