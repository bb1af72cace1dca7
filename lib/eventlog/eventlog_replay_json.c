/*
 * The conformance JSON of token replay, and the one entry point that picks
 * the method (token replay by default, the directly-follows fitness with
 * "dfg").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/eventlog_map.h"
#include "eventlog_map_int.h"
#include "kartla/banned.h"

static json_t *ratio(double v)
{
	return json_real(round(v * 1e6) / 1e6);
}

/* Per mapped activity: instances replayed, skipped (missing tokens), out of order. */
static json_t *acts_json(const struct ka_eventlog_replay *r, const struct ka_eventlog *log,
                         const struct ka_eventlog_mapping *m)
{
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; i < r->nacts; i++) {
		const struct ka_eventlog_replay_act *x = &r->acts[i];
		if (!m->act_el[i])
			continue;
		json_array_append_new(
		    a,
		    json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "activity", log->activities[i],
		              "element_id", m->act_el[i]->id, "fired", (json_int_t)x->fired,
		              "skipped", (json_int_t)x->skipped, "out_of_order",
		              (json_int_t)x->out_of_order, "missing_tokens", (json_int_t)x->missing,
		              "cases_skipped", (json_int_t)r->skipped_cases[i]));
	}
	return a;
}

/* The activities done without their tokens, most often first: kind skipped or out_of_order. */
static json_t *devs_json(const struct ka_eventlog_replay *r, const struct ka_eventlog *log,
                         const struct ka_eventlog_mapping *m)
{
	json_t *a = json_array();
	uint32_t *order = ka_xcalloc(r->nacts + 1, sizeof(uint32_t)), n = 0, i, j;

	for (i = 0; i < r->nacts; i++)
		if (m->act_el[i] && r->acts[i].skipped)
			order[n++] = i;
	for (i = 1; i < n; i++) /* insertion sort by skipped, descending; stable */
		for (j = i; j > 0 && r->acts[order[j]].skipped > r->acts[order[j - 1]].skipped;
		     j--) {
			uint32_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		const struct ka_eventlog_replay_act *x = &r->acts[order[i]];
		if (x->skipped > x->out_of_order)
			json_array_append_new(
			    a,
			    json_pack("{s:s, s:s, s:s, s:I}", "activity", log->activities[order[i]],
			              "element_id", m->act_el[order[i]]->id, "kind", "skipped",
			              "count", (json_int_t)(x->skipped - x->out_of_order)));
		if (x->out_of_order)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I}", "activity",
			                                   log->activities[order[i]], "element_id",
			                                   m->act_el[order[i]]->id, "kind",
			                                   "out_of_order", "count",
			                                   (json_int_t)x->out_of_order));
	}
	free(order);
	return a;
}

static json_t *variants_json(const struct ka_eventlog_replay *r, const struct ka_eventlog_stats *s,
                             size_t top)
{
	json_t *a = json_array();
	size_t i, nv = 0;
	uint32_t k;

	for (i = 0; i < s->nvariants && (!top || nv < top); i++) {
		json_t *seq;
		if (!r->variant_pcmr[i][2] && !r->variant_pcmr[i][3])
			continue;
		seq = json_array();
		for (k = 0; k < s->variants[i].len; k++)
			json_array_append_new(
			    seq, json_string(s->log->activities[s->variants[i].acts[k]]));
		json_array_append_new(a,
		                      json_pack("{s:o, s:I, s:o, s:I, s:I, s:I, s:I}", "activities",
		                                seq, "count", (json_int_t)s->variants[i].count,
		                                "fitness", ratio(r->variant_fitness[i]), "produced",
		                                (json_int_t)r->variant_pcmr[i][0], "consumed",
		                                (json_int_t)r->variant_pcmr[i][1], "missing",
		                                (json_int_t)r->variant_pcmr[i][2], "remaining",
		                                (json_int_t)r->variant_pcmr[i][3]));
		nv++;
	}
	return a;
}

static json_t *replay_json(const struct ka_eventlog_replay *r, const struct ka_eventlog_stats *s,
                           const struct ka_eventlog_mapping *m, size_t top)
{
	json_t *o = json_object(), *unmapped;

	json_object_set_new(o, "method", json_string("token_replay"));
	json_object_set_new(o, "cases", json_integer((json_int_t)r->cases));
	json_object_set_new(o, "cases_fitting", json_integer((json_int_t)r->cases_fitting));
	json_object_set_new(o, "share_fitting",
	                    ratio(r->cases ? (double)r->cases_fitting / (double)r->cases : 0));
	json_object_set_new(o, "fitness", ratio(r->fitness));
	json_object_set_new(o, "mean_case_fitness", ratio(r->mean_case_fitness));
	json_object_set_new(o, "produced", json_integer((json_int_t)r->produced));
	json_object_set_new(o, "consumed", json_integer((json_int_t)r->consumed));
	json_object_set_new(o, "missing", json_integer((json_int_t)r->missing));
	json_object_set_new(o, "remaining", json_integer((json_int_t)r->remaining));
	json_object_set_new(o, "mapping", ka_evmap_mapping_json(m, s->log, &unmapped));
	json_object_set_new(o, "unmapped_activities", unmapped);
	json_object_set_new(o, "unused_elements", ka_evmap_unused_json(m));
	json_object_set_new(o, "activities", acts_json(r, s->log, m));
	json_object_set_new(o, "deviations", devs_json(r, s->log, m));
	json_object_set_new(o, "deviating_variants", variants_json(r, s, top));
	json_object_set_new(o, "basis", json_string(s->working ? "working" : "calendar"));
	json_object_set_new(o, "measured_vs_estimated", ka_evmap_beside_json(s, m));
	return o;
}

int ka_eventlog_check_json(json_t **out, const struct ka_eventlog_stats *s,
                           const struct ka_map *map, const struct ka_eventlog_mapping *m,
                           const char *method, size_t top, struct ka_diag *diag)
{
	int err;

	*out = NULL;
	if (!method || !strcmp(method, "token_replay")) {
		struct ka_eventlog_replay r;
		err = ka_eventlog_replay_compute(&r, s, map, m, diag);
		if (err)
			return err;
		*out = replay_json(&r, s, m, top);
		ka_eventlog_replay_release(&r);
		return 0;
	}
	if (!strcmp(method, "dfg")) {
		struct ka_eventlog_conformance c;
		err = ka_eventlog_conformance_compute(&c, s, map, m, diag);
		if (err)
			return err;
		*out = ka_eventlog_conformance_to_json(&c, s, m, top);
		ka_eventlog_conformance_release(&c);
		return 0;
	}
	return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "method",
	                   "method must be token_replay or dfg");
}
