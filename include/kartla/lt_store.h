/*
 * Lead-time analysis of stored map versions (docs/leadtime.md): a version
 * of a process read from the portfolio database and analysed as a
 * request asks (kartla/leadtime.h, ka_lt_request_run), optionally compared
 * with another version of the same process. Anyone who may read the map
 * may analyse it: no permission beyond reading.
 */
#ifndef KARTLA_LT_STORE_H
#define KARTLA_LT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/leadtime.h"
#include "kartla/store.h"

/*
 * Version `version_id` of process `process_id` analysed as `q` asks (with
 * q->compare: against that version as the to-be). *json (a new reference)
 * is the analysis with "version_id" (and "compare_version_id"), or NULL
 * when the histogram was appended to `svg`. KA_ERR_NOT_FOUND names "bpmn"
 * or "compare" when a version is not one of the process's; the other
 * failures are ka_lt_request_run's. The versions are read in one read
 * transaction (or the caller's); the analysis runs after it.
 */
int ka_lt_store_run(struct ka_store *st, int64_t process_id, int64_t version_id,
                    const struct ka_lt_request *q, json_t **json, struct ka_buf *svg,
                    struct ka_diag *diag);

#endif
