/*
 * libFuzzer target for the lead-time analysis (lib/leadtime_*.c), whose input
 * is a map: whatever the BPMN reader accepts is compiled, analysed and
 * simulated (a few runs, both distributions' code paths). A refused map must
 * say why; an accepted one must give finite, non-negative figures, a lead
 * time not below its process time, and the same simulation for the same seed.
 * Any violated property aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/leadtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_leadtime: property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

static void one(const struct ka_map *m, enum ka_lt_basis basis, enum ka_lt_dist dist)
{
	struct ka_lt_opts o;
	struct ka_lt_graph *g = NULL;
	struct ka_lt_result r, again;
	struct ka_diag d;
	struct ka_buf b;
	json_t *j;
	int err;

	ka_lt_opts_init(&o);
	o.basis = basis;
	o.dist = dist;
	ka_diag_init(&d, "fuzz-input");
	err = ka_lt_run(m, &o, 16, 7, &g, &r, &d);
	if (err) {
		if (g || !d.message[0])
			die("refused map without a message (or with a graph)", d.message);
		return;
	}
	if (!isfinite(r.lead) || r.lead < 0 || !isfinite(r.process) || r.process < 0 ||
	    r.process > r.lead * (1 + 1e-9) + 1e-9)
		die("analytic figures out of range", g ? "lead/process" : NULL);
	if (!isfinite(r.sim_mean) || r.sim_mean < 0 || r.sim_p50 > r.sim_p95)
		die("simulated figures out of range", NULL);
	ka_lt_result_init(&again);
	if (ka_lt_analyse(g, &again, &d) || ka_lt_simulate(g, 16, 7, &again, &d))
		die("second analysis of the same graph failed", d.message);
	if (memcmp(r.sim_lead, again.sim_lead, 16 * sizeof(double)))
		die("same seed, different simulation", NULL);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (ka_lt_write_text(g, &r, &b) || ka_lt_histogram_svg(g, &r, &b))
		die("writing the results failed", NULL);
	j = ka_lt_to_json(g, &r);
	if (!j)
		die("no JSON", NULL);
	json_decref(j);
	j = ka_lt_compare_json(g, &r, g, &again);
	json_decref(j);
	ka_buf_release(&b);
	ka_lt_result_release(&r);
	ka_lt_result_release(&again);
	ka_lt_graph_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_read_opts opts;
	struct ka_diag d;
	struct ka_map *m = NULL;

	ka_read_opts_init(&opts);
	ka_diag_init(&d, "fuzz-input");
	if (ka_bpmn_read(&m, (const char *)data, size, "fuzz-input", &opts, &d))
		return 0;
	one(m, KA_LT_WORKING, KA_LT_PERT);
	one(m, KA_LT_CALENDAR, KA_LT_TRIANGULAR);
	ka_map_free(m);
	return 0;
}
