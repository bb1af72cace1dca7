/*
 * An event log beside a process map: log activities matched to map
 * elements by name in any language of the map (with corrections from the
 * user), conformance of every case to the map's control flow, and the
 * measured times beside the map's estimates with a proposal.
 *
 * Conformance is an alignment-free, directly-follows fitness, NOT token
 * replay (docs/eventlog.md): each case's activity instances, reduced to
 * the mapped ones, are read as transitions start -> a1 -> ... -> an -> end;
 * a transition fits when the map lets b follow a directly (through
 * gateways, events and unmapped elements only) or when a and b lie on
 * different branches of one parallel or inclusive split. Case fitness is
 * the share of its transitions that fit.
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

#endif
