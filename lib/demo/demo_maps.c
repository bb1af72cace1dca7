/*
 * Generated lane maps for the demo workspace and the server benchmark, and
 * the map_elements index rows derived from any map's BPMN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"

#include <jansson.h>

#include "kartla/bpmn.h"
#include "kartla/check.h"
#include "kartla/demo.h"
#include "kartla/mapver.h"
#include "kartla/model.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

static void duration(char *out, size_t n, double s)
{
	long v = (long)s;

	if (v > 0 && v % 86400 == 0)
		snprintf(out, n, "P%ldD", v / 86400);
	else if (v > 0 && v % 3600 == 0)
		snprintf(out, n, "PT%ldH", v / 3600);
	else
		snprintf(out, n, "PT%ldM", v / 60);
}

#define DEMO_BPMN_MAX (8u * 1024u * 1024u) /* as the server accepts */

#define LANE_H 120
#define STEP_W 150
#define X0     100
#define Y0     80

static double node_y(unsigned lane, double h)
{
	return Y0 + lane * LANE_H + (LANE_H - h) / 2;
}

/* The lane set: each lane lists its steps; the start is in the first step's lane, the end in the
 * last's. */
/* The id of step i: its own (step->id) or Task_<key>_<i>; in `out` when made. */
static const char *step_id(char *out, size_t n, const char *key, const struct ka_demo_step *step,
                           size_t i)
{
	if (step->id)
		return step->id;
	snprintf(out, n, "Task_%s_%zu", key, i);
	return out;
}

static void lane_set(struct ka_buf *b, const char *key, const char *const *lanes, size_t nlanes,
                     const struct ka_demo_step *steps, size_t nsteps, unsigned first, unsigned last)
{
	char id[96];
	size_t i, l;

	ka_buf_addf(b, "    <bpmn:laneSet id=\"LaneSet_%s\">\n", key);
	for (l = 0; l < nlanes; l++) {
		ka_buf_addf(b, "      <bpmn:lane id=\"Lane_%s_%zu\" name=\"", key, l);
		ka_buf_add_xml(b, lanes[l]);
		ka_buf_adds(b, "\">\n");
		if (l == first)
			ka_buf_addf(b, "        <bpmn:flowNodeRef>Start_%s</bpmn:flowNodeRef>\n",
			            key);
		for (i = 0; i < nsteps; i++)
			if (steps[i].lane == l)
				ka_buf_addf(b, "        <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>\n",
				            step_id(id, sizeof(id), key, &steps[i], i));
		if (l == last)
			ka_buf_addf(b, "        <bpmn:flowNodeRef>End_%s</bpmn:flowNodeRef>\n",
			            key);
		ka_buf_adds(b, "      </bpmn:lane>\n");
	}
	ka_buf_adds(b, "    </bpmn:laneSet>\n");
}

/* Step i as a task with its translations and times, between flows i and i + 1. */
static void task(struct ka_buf *b, const char *key, const struct ka_demo_step *step, size_t i)
{
	char d1[32], d2[32];

	duration(d1, sizeof(d1), step->process_time);
	duration(d2, sizeof(d2), step->wait_time);
	char id[96];

	ka_buf_addf(b, "    <bpmn:task id=\"%s\" name=\"", step_id(id, sizeof(id), key, step, i));
	ka_buf_add_xml(b, step->name);
	ka_buf_adds(b, "\">\n      <bpmn:extensionElements>\n");
	if (step->nb) {
		ka_buf_adds(b, "        <i18n:translation xml:lang=\"nb\">");
		ka_buf_add_xml(b, step->nb);
		ka_buf_adds(b, "</i18n:translation>\n");
	}
	if (step->sv) {
		ka_buf_adds(b, "        <i18n:translation xml:lang=\"sv\">");
		ka_buf_add_xml(b, step->sv);
		ka_buf_adds(b, "</i18n:translation>\n");
	}
	ka_buf_addf(b,
	            "        <kartla:processTime value=\"%s\"/>\n"
	            "        <kartla:waitTime value=\"%s\"/>\n"
	            "      </bpmn:extensionElements>\n"
	            "      <bpmn:incoming>Flow_%s_%zu</bpmn:incoming>\n"
	            "      <bpmn:outgoing>Flow_%s_%zu</bpmn:outgoing>\n    </bpmn:task>\n",
	            d1, d2, key, i, key, i + 1);
}

/* The nsteps + 1 flows: start -> task 0 -> ... -> task nsteps-1 -> end. */
static void flows(struct ka_buf *b, const char *key, const struct ka_demo_step *steps,
                  size_t nsteps)
{
	size_t i;

	for (i = 0; i <= nsteps; i++) {
		char src[96], dst[96], tmp[96];

		if (i == 0)
			snprintf(src, sizeof(src), "Start_%s", key);
		else
			snprintf(src, sizeof(src), "%s",
			         step_id(tmp, sizeof(tmp), key, &steps[i - 1], i - 1));
		if (i == nsteps)
			snprintf(dst, sizeof(dst), "End_%s", key);
		else
			snprintf(dst, sizeof(dst), "%s",
			         step_id(tmp, sizeof(tmp), key, &steps[i], i));
		ka_buf_addf(b,
		            "    <bpmn:sequenceFlow id=\"Flow_%s_%zu\" sourceRef=\"%s\" "
		            "targetRef=\"%s\"/>\n",
		            key, i, src, dst);
	}
}

/* The diagram's edges: from the right of each node to the left of the next. */
static void diagram_edges(struct ka_buf *b, const char *key, const struct ka_demo_step *steps,
                          size_t nsteps, unsigned first, unsigned last)
{
	size_t i;

	for (i = 0; i <= nsteps; i++) {
		double x1 = i ? (double)(X0 + 130 + (i - 1) * STEP_W + 100) : X0 + 96;
		double y1 = i ? node_y(steps[i - 1].lane, 80) + 40 : node_y(first, 36) + 18;
		double x2 = (double)(X0 + 130 + i * STEP_W);
		double y2 = i < nsteps ? node_y(steps[i].lane, 80) + 40 : node_y(last, 36) + 18;

		ka_buf_addf(
		    b,
		    "      <bpmndi:BPMNEdge id=\"Flow_%s_%zu_di\" bpmnElement=\"Flow_%s_%zu\">\n"
		    "        <di:waypoint x=\"%.0f\" y=\"%.0f\"/>\n"
		    "        <di:waypoint x=\"%.0f\" y=\"%.0f\"/>\n"
		    "      </bpmndi:BPMNEdge>\n",
		    key, i, key, i, x1, y1, x2, y2);
	}
}

/* The layout: pool and lanes as horizontal bands, one column per step, then the edges. */
static void diagram(struct ka_buf *b, const char *key, size_t nlanes,
                    const struct ka_demo_step *steps, size_t nsteps, unsigned first, unsigned last)
{
	double width = 30 + 80 + (double)nsteps * STEP_W + 80;
	char id[96];
	size_t i, l;

	ka_buf_addf(b,
	            "  <bpmndi:BPMNDiagram id=\"Diagram_%s\">\n"
	            "    <bpmndi:BPMNPlane id=\"Plane_%s\" bpmnElement=\"Collab_%s\">\n",
	            key, key, key);
	ka_buf_addf(b,
	            "      <bpmndi:BPMNShape id=\"Pool_%s_di\" bpmnElement=\"Pool_%s\" "
	            "isHorizontal=\"true\">\n"
	            "        <dc:Bounds x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%zu\"/>\n"
	            "      </bpmndi:BPMNShape>\n",
	            key, key, X0, Y0, width, nlanes * LANE_H);
	for (l = 0; l < nlanes; l++)
		ka_buf_addf(b,
		            "      <bpmndi:BPMNShape id=\"Lane_%s_%zu_di\" "
		            "bpmnElement=\"Lane_%s_%zu\" isHorizontal=\"true\">\n"
		            "        <dc:Bounds x=\"%d\" y=\"%zu\" width=\"%.0f\" height=\"%d\"/>\n"
		            "      </bpmndi:BPMNShape>\n",
		            key, l, key, l, X0 + 30, Y0 + l * LANE_H, width - 30, LANE_H);
	ka_buf_addf(b,
	            "      <bpmndi:BPMNShape id=\"Start_%s_di\" bpmnElement=\"Start_%s\">\n"
	            "        <dc:Bounds x=\"%d\" y=\"%.0f\" width=\"36\" height=\"36\"/>\n"
	            "      </bpmndi:BPMNShape>\n",
	            key, key, X0 + 60, node_y(first, 36));
	for (i = 0; i < nsteps; i++) {
		const char *sid = step_id(id, sizeof(id), key, &steps[i], i);

		ka_buf_addf(
		    b,
		    "      <bpmndi:BPMNShape id=\"%s_di\" bpmnElement=\"%s\">\n"
		    "        <dc:Bounds x=\"%zu\" y=\"%.0f\" width=\"100\" height=\"80\"/>\n"
		    "      </bpmndi:BPMNShape>\n",
		    sid, sid, X0 + 130 + i * STEP_W, node_y(steps[i].lane, 80));
	}
	ka_buf_addf(b,
	            "      <bpmndi:BPMNShape id=\"End_%s_di\" bpmnElement=\"End_%s\">\n"
	            "        <dc:Bounds x=\"%zu\" y=\"%.0f\" width=\"36\" height=\"36\"/>\n"
	            "      </bpmndi:BPMNShape>\n",
	            key, key, X0 + 130 + nsteps * STEP_W, node_y(last, 36));
	diagram_edges(b, key, steps, nsteps, first, last);
	ka_buf_adds(b, "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n");
}

void ka_demo_lane_map(struct ka_buf *b, const char *key, const char *name, const char *const *lanes,
                      size_t nlanes, const struct ka_demo_step *steps, size_t nsteps)
{
	unsigned last = nsteps ? steps[nsteps - 1].lane : 0, first = nsteps ? steps[0].lane : 0;
	size_t i;

	ka_buf_addf(b,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	            "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
	            " xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\""
	            " xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\""
	            " xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\""
	            " xmlns:i18n=\"http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0\""
	            " xmlns:kartla=\"urn:kartla:bpmn:1.0\" id=\"Defs_%s\""
	            " targetNamespace=\"urn:kartla:demo:%s\">\n"
	            "  <bpmn:collaboration id=\"Collab_%s\">\n"
	            "    <bpmn:participant id=\"Pool_%s\" name=\"",
	            key, key, key, key);
	ka_buf_add_xml(b, name);
	ka_buf_addf(b, "\" processRef=\"Process_%s\"/>\n  </bpmn:collaboration>\n", key);
	ka_buf_addf(b, "  <bpmn:process id=\"Process_%s\" name=\"", key);
	ka_buf_add_xml(b, name);
	ka_buf_adds(b, "\" isExecutable=\"false\">\n");
	lane_set(b, key, lanes, nlanes, steps, nsteps, first, last);
	ka_buf_addf(b,
	            "    <bpmn:startEvent id=\"Start_%s\" name=\"Start\">\n"
	            "      <bpmn:outgoing>Flow_%s_0</bpmn:outgoing>\n    </bpmn:startEvent>\n",
	            key, key);
	for (i = 0; i < nsteps; i++)
		task(b, key, &steps[i], i);
	ka_buf_addf(b,
	            "    <bpmn:endEvent id=\"End_%s\" name=\"Slutt\">\n"
	            "      <bpmn:incoming>Flow_%s_%zu</bpmn:incoming>\n    </bpmn:endEvent>\n",
	            key, key, nsteps);
	flows(b, key, steps, nsteps);
	ka_buf_adds(b, "  </bpmn:process>\n");
	diagram(b, key, nlanes, steps, nsteps, first, last);
	ka_buf_adds(b, "</bpmn:definitions>\n");
}

int ka_demo_index_map(struct ka_store *st, int64_t version_id, const char *bpmn,
                      struct ka_diag *diag)
{
	struct ka_check_config cfg;
	struct ka_findings f;
	struct ka_map *m = NULL;
	struct ka_rows pr;
	char *text;
	json_t *j;
	int err;

	/* The checker's findings, stored as the server stores them on save: names judged in
	 * the process's language (ka_mapver_map_lang), messages in it. */
	ka_check_config_init(&cfg);
	ka_rows_init(&pr);
	err = ka_store_exec(st, "SELECT process_id FROM map_versions WHERE id = ?",
	                    (struct ka_val[]){ka_int(version_id)}, 1, &pr, diag);
	if (!err)
		err = ka_mapver_map_lang(st, pr.nrows ? ka_rows_at(&pr, 0, 0)->i : 0,
		                         KA_LANG__COUNT, &cfg.names, diag);
	ka_rows_release(&pr);
	cfg.lang = cfg.names;
	ka_findings_init(&f);
	if (!err)
		err = ka_map_load(&m, NULL, bpmn, strlen(bpmn), DEMO_BPMN_MAX, diag);
	if (err) {
		ka_check_config_release(&cfg);
		return err;
	}
	ka_check_run(m, &cfg, &f);
	j = ka_check_findings_to_json(&f, NULL, cfg.lang);
	ka_check_findings_add_langs(j, m, &f, &cfg);
	ka_check_config_release(&cfg);
	text = json_dumps(j, JSON_COMPACT);
	err = ka_store_exec(st, "UPDATE map_versions SET findings = ? WHERE id = ?",
	                    (struct ka_val[]){ka_text(text ? text : "[]"), ka_int(version_id)}, 2,
	                    NULL, diag);
	free(text);
	json_decref(j);
	ka_findings_release(&f);
	/* The one writer of the element index, as for a map posted through the API. */
	if (!err)
		err = ka_mapver_index(st, version_id, m, diag);
	ka_map_free(m);
	return err;
}

/* ---- the benchmark workspace ---- */

static const char *const bench_verbs[] = {"Behandle",    "Registrere", "Vurdere",   "Godkjenne",
                                          "Kontrollere", "Arkivere",   "Handlägga", "Attestera"};
static const char *const bench_nouns[] = {"søknad",    "klage",    "faktura",   "byggesøknad",
                                          "permisjon", "refusjon", "avtale",    "avvik",
                                          "ansökan",   "beslut",   "tillstånd", "reklamation"};
static const char *const bench_lanes[] = {"Saksbehandler", "Leder", "Arkiv"};

struct bench_ctx {
	int nproc, nelements, submitted;
};

/* Every hundredth process opens a new area (a top-level process) that the next ones go under. */
static int bench_area(struct ka_store *st, int i, int64_t *area, struct ka_diag *diag)
{
	char an[64], outline[16];
	struct ka_rows r;
	int err;

	snprintf(an, sizeof(an), "Funksjonsområde %02d", i / 100);
	snprintf(outline, sizeof(outline), "%d", i / 100 + 1);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO processes (type, name_nb, outline, status)"
	                    " VALUES ('core', ?, ?, 'approved') RETURNING id",
	                    (struct ka_val[]){ka_text(an), ka_text(outline)}, 2, &r, diag);
	*area = err ? 0 : r.vals[0].i;
	ka_rows_release(&r);
	return err;
}

/* One approved process under area with its approved map; *pid and *vid are the new ids. */
static int bench_process(struct ka_store *st, int64_t area, const char *name, const char *bpmn,
                         int64_t *pid, int64_t *vid, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO processes (parent_id, type, name_nb, status,"
	                    " review_interval_days, next_review_date, specification)"
	                    " VALUES (?, 'core', ?, 'approved', 365, '2027-01-01', ?)"
	                    " RETURNING id",
	                    (struct ka_val[]){ka_int(area), ka_text(name),
	                                      ka_text("{\"purpose\":\"Generert for"
	                                              " ytelsestest\",\"trigger\":\"Begynner"
	                                              " når en sak kommer inn\"}")},
	                    3, &r, diag);
	if (!err)
		*pid = r.vals[0].i;
	if (!err)
		err = ka_store_exec(st,
		                    "INSERT INTO map_versions (process_id, variant, number, state,"
		                    " bpmn) VALUES (?, 'as_is', 1, 'approved', ?) RETURNING id",
		                    (struct ka_val[]){ka_int(*pid), ka_text(bpmn)}, 2, &r, diag);
	if (!err)
		*vid = r.vals[0].i;
	ka_rows_release(&r);
	if (!err)
		err = ka_demo_index_map(st, *vid, bpmn, diag);
	return err;
}

/* Submitted versions (numbers 2, 3, ...) of process pid waiting for approval, for the write
 * benchmark. */
static int bench_submitted(struct ka_store *st, int64_t pid, int n, const char *bpmn,
                           struct ka_diag *diag)
{
	int k, err = 0;

	for (k = 0; k < n && !err; k++)
		err = ka_store_exec(st,
		                    "INSERT INTO map_versions (process_id, variant, number, state,"
		                    " bpmn, submitted_at) VALUES (?, 'as_is', ?, 'submitted', ?,"
		                    " '2026-01-01T00:00:00Z')",
		                    (struct ka_val[]){ka_int(pid), ka_int(k + 2), ka_text(bpmn)}, 3,
		                    NULL, diag);
	return err;
}

static int bench_tx(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	const struct bench_ctx *c = vctx;
	int per = c->nelements / (c->nproc ? c->nproc : 1);
	int nsteps = per > 8 ? per - 5 : 3; /* + start, end and three lanes */
	struct ka_demo_step *steps = ka_xcalloc((size_t)nsteps, sizeof(*steps));
	struct ka_buf bpmn, small, name, key;
	int64_t area = 0;
	int i, s, err = 0;

	ka_buf_init(&bpmn, KA_BUF_UNLIMITED);
	ka_buf_init(&small, KA_BUF_UNLIMITED);
	ka_buf_init(&name, KA_BUF_UNLIMITED);
	ka_buf_init(&key, KA_BUF_UNLIMITED);
	for (s = 0; s < nsteps; s++) {
		steps[s].name = s % 2 ? "Vurdere saken" : "Registrere dokument";
		steps[s].lane = (unsigned)(s % 3);
		steps[s].process_time = (double)(10 + s % 50) * 60;
		steps[s].wait_time = (double)(1 + s % 5) * 86400;
	}
	for (i = 0; i < c->nproc && !err; i++) {
		int64_t pid = 0, vid = 0;

		ka_buf_reset(&name);
		ka_buf_addf(&name, "%s %s %04d", bench_verbs[i % 8], bench_nouns[(i / 8) % 12], i);
		ka_buf_reset(&key);
		ka_buf_addf(&key, "b%d", i);
		ka_buf_reset(&bpmn);
		ka_demo_lane_map(&bpmn, key.data, name.data, bench_lanes, 3, steps, (size_t)nsteps);
		if (i % 100 == 0)
			err = bench_area(st, i, &area, diag);
		if (!err)
			err = bench_process(st, area, name.data, bpmn.data, &pid, &vid, diag);
		if (!err && c->submitted) {
			ka_buf_reset(&small);
			ka_buf_addf(&key, "s");
			ka_demo_lane_map(&small, key.data, name.data, bench_lanes, 3, steps,
			                 nsteps < 3 ? (size_t)nsteps : 3);
			err = bench_submitted(st, pid, c->submitted, small.data, diag);
		}
	}
	ka_buf_release(&bpmn);
	ka_buf_release(&small);
	ka_buf_release(&name);
	ka_buf_release(&key);
	free(steps);
	return err;
}

int ka_demo_bench_seed(struct ka_store *st, int processes, int elements, int submitted,
                       struct ka_diag *diag)
{
	struct bench_ctx c = {processes, elements, submitted};

	return ka_store_transact(st, bench_tx, &c, 3, diag);
}
