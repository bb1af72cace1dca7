/*
 * Private to lib/eventlog: the JSON parts both conformance methods print
 * (eventlog_map.c, eventlog_replay.c). Each returns a new reference.
 */
#ifndef KARTLA_EVENTLOG_MAP_INT_H
#define KARTLA_EVENTLOG_MAP_INT_H

#include <jansson.h>

#include "kartla/eventlog_map.h"

/* [{activity, element_id, element_name, matched_by}]; *unmapped: names without an element. */
json_t *ka_evmap_mapping_json(const struct ka_eventlog_mapping *m, const struct ka_eventlog *log,
                              json_t **unmapped);
/* [{id, name}] of map activities no log activity maps to. */
json_t *ka_evmap_unused_json(const struct ka_eventlog_mapping *m);
/* Measured beside estimated, with the proposal, per matched activity. */
json_t *ka_evmap_beside_json(const struct ka_eventlog_stats *s,
                             const struct ka_eventlog_mapping *m);

#endif
