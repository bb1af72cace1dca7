/*
 * An event log beside a process map: log activities matched to map
 * elements by name in any language of the map (with corrections from the
 * user), conformance of every case to the map's control flow, and the
 * measured times beside the map's estimates with a proposal.
 *
 * Conformance has two methods (docs/eventlog.md §3): token-based replay
 * (the default; ka_eventlog_replay_*), which replays each case on the map
 * read as a Petri net and counts produced, consumed, missing and remaining
 * tokens as PM4Py does, and the older directly-follows fitness
 * (ka_eventlog_conformance_*): each case's activity instances, reduced to
 * the mapped ones, are read as transitions start -> a1 -> ... -> an -> end;
 * a transition fits when the map lets b follow a directly (through
 * gateways, events and unmapped elements only) or when a and b lie on
 * different branches of one parallel or inclusive split.
 *
 * Ownership: the structs own their arrays (release them); they borrow the
 * map's elements and the log's strings, which must outlive them.
 */
#ifndef KARTLA_EVENTLOG_MAP_H
#define KARTLA_EVENTLOG_MAP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/arena.h"
#include "kartla/eventlog_stats.h"
#include "kartla/model.h"

/* A correction: the log activity `activity` is the element `element_id` (NULL: none). */
struct ka_eventlog_map_fix {
	const char *activity;
	const char *element_id;
};

struct ka_eventlog_mapping {
	struct ka_el **act_el; /* per log activity: the element, or NULL (unmapped) */
	uint32_t nacts;
	const char **how; /* per log activity: "name", "translation:<lang>", "user" or NULL */
	struct ka_el **unused_els; /* map activities no log activity maps to */
	size_t nunused_els;
	struct ka_arena arena; /* the "translation:<lang>" strings */
};

/*
 * Matches every log activity to a flow node of `map` whose name or MIWG
 * translation equals it (ignoring ASCII case and runs of white space),
 * activities before events; `fixes` override. KA_ERR_NOT_FOUND when a fix
 * names an element the map does not have.
 */
int ka_eventlog_map_match(struct ka_eventlog_mapping *out, const struct ka_eventlog *log,
                          const struct ka_map *map, const struct ka_eventlog_map_fix *fixes,
                          size_t nfixes, struct ka_diag *diag);
void ka_eventlog_mapping_release(struct ka_eventlog_mapping *m);
/* Whether a mapping may name `el`: a flow node that is not a gateway. */
bool ka_eventlog_map_matchable(const struct ka_el *el);

enum ka_eventlog_dev_kind {
	KA_EVENTLOG_DEV_SKIPPED = 0, /* b comes later in the map: elements between were skipped */
	KA_EVENTLOG_DEV_ORDER,       /* b comes earlier in the map: out of order (or rework) */
	KA_EVENTLOG_DEV_NOT_ALLOWED, /* no path between a and b */
	KA_EVENTLOG_DEV_INCOMPLETE   /* the case ends where the map cannot end */
};

#define KA_EVENTLOG_START UINT32_MAX /* "from" of a case's first transition */
#define KA_EVENTLOG_END   (UINT32_MAX - 1)

struct ka_eventlog_deviation {
	uint32_t from, to; /* log activity indices, or KA_EVENTLOG_START / KA_EVENTLOG_END */
	enum ka_eventlog_dev_kind kind;
	size_t cases;        /* cases with this deviation */
	size_t count;        /* occurrences */
	const char *skipped; /* names of mapped elements between (SKIPPED), or NULL; owned */
};

struct ka_eventlog_conformance {
	size_t cases, cases_fitting, transitions, transitions_fitting;
	double fitness;                     /* transitions_fitting / transitions */
	double mean_case_fitness;           /* mean of the cases' fitness */
	double *variant_fitness;            /* per variant of the stats (same order) */
	struct ka_eventlog_deviation *devs; /* by cases, then count */
	size_t ndevs;
};

int ka_eventlog_conformance_compute(struct ka_eventlog_conformance *out,
                                    const struct ka_eventlog_stats *s, const struct ka_map *map,
                                    const struct ka_eventlog_mapping *m, struct ka_diag *diag);
void ka_eventlog_conformance_release(struct ka_eventlog_conformance *c);

/* Mapping, conformance, deviating variants (up to `top`, 0 = all) and measured beside
 * estimated, with the proposal P10 / median / P90 as min / most likely / max. */
json_t *ka_eventlog_conformance_to_json(const struct ka_eventlog_conformance *c,
                                        const struct ka_eventlog_stats *s,
                                        const struct ka_eventlog_mapping *m, size_t top);

/* ---- token-based replay ---- */

/* Per log activity (mapped ones): how its instances fared in the replay. */
struct ka_eventlog_replay_act {
	size_t fired;        /* instances replayed */
	size_t skipped;      /* instances whose firing lacked tokens (missing > 0) */
	size_t out_of_order; /* of those, instances whose missing token a later step of the
	                        case was still to produce (done before their predecessor) */
	size_t missing;      /* missing tokens created for it */
};

struct ka_eventlog_replay {
	size_t cases, cases_fitting;
	uint64_t produced, consumed, missing, remaining; /* sums over the cases */
	double fitness;                      /* 1/2 (1 - m/c) + 1/2 (1 - r/p) of the sums */
	double mean_case_fitness;            /* mean of the cases' fitness */
	double *variant_fitness;             /* per variant of the stats */
	uint64_t (*variant_pcmr)[4];         /* per variant: p, c, m, r of one of its cases */
	struct ka_eventlog_replay_act *acts; /* per log activity */
	size_t *skipped_cases;               /* per log activity: cases where it lacked tokens */
	uint32_t nacts;
};

/*
 * Replays every variant (one case stands for all its cases, weighted by
 * its count) on `map` with the mapping `m`. Only mapped activity
 * instances fire; every other flow node is a silent transition, fired when
 * it is on the shortest silent sequence that enables the next activity.
 * Never fails on a well-formed map; KA_ERR_LIMIT when the map's net is
 * too large (diag says which bound).
 */
int ka_eventlog_replay_compute(struct ka_eventlog_replay *out, const struct ka_eventlog_stats *s,
                               const struct ka_map *map, const struct ka_eventlog_mapping *m,
                               struct ka_diag *diag);
void ka_eventlog_replay_release(struct ka_eventlog_replay *r);

/*
 * The conformance JSON as `kartla log conformance --format json` prints it for
 * `method` "token_replay" (NULL) or "dfg"; KA_ERR_USAGE (field "method") for
 * another method. *out is a new reference.
 */
int ka_eventlog_check_json(json_t **out, const struct ka_eventlog_stats *s,
                           const struct ka_map *map, const struct ka_eventlog_mapping *m,
                           const char *method, size_t top, struct ka_diag *diag);

/*
 * Writes kartla:processTime and kartla:waitTime estimates min / mostLikely /
 * max = P10 / median / P90 of the measured service and waiting times into
 * the XML of every matched activity that has measurements (replacing what
 * was there); write the map with ka_bpmn_write. Where several log
 * activities are mapped to one element, the one with the most measurements
 * gives its estimates (percentiles of different activities do not add up).
 * Returns how many elements got an estimate.
 */
size_t ka_eventlog_propose(struct ka_map *map, const struct ka_eventlog_stats *s,
                           const struct ka_eventlog_mapping *m);

#endif
