/*
 * Event logs stored with a process (schema version 4, docs/eventlog.md §5):
 * an uploaded log (the file gzip-compressed, the options it was read with,
 * the analysis computed once at upload), the user's corrections of the
 * activity -> element matching per process, conformance of a stored log to a
 * map version of its process, and the proposal of estimates from the
 * measurements as a new draft map version.
 *
 * Permissions: reading follows the process (anyone who may read processes
 * may read its logs; the server redacts people for anonymous readers);
 * upload, delete, mapping and proposal are for the editors of the process's
 * maps (ka_process_may_edit). Every write is one transaction with its audit
 * row; nothing is stored when a call fails (a log that does not read is
 * never stored).
 *
 * Errors are a ka_err with the message in diag->message and the field (a
 * query parameter or JSON member) in diag->element_id: KA_ERR_NOT_FOUND,
 * KA_ERR_PERM, KA_ERR_TOO_BIG (over the size limit), KA_ERR_INVALID (a log
 * that does not read: field "file", diag line and column of the file, the
 * message "NAME:LINE:COL: what"; a bad option or mapping: its field),
 * KA_ERR_LIMIT (too many events), KA_ERR_USAGE (a bad query value).
 *
 * Ownership: json_t results are new references the caller decrefs; inputs
 * are borrowed.
 */
#ifndef KARTLA_LOGDB_H
#define KARTLA_LOGDB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/eventlog.h"
#include "kartla/store.h"

/* Default largest upload (bytes as sent, compressed or not). */
#define KA_LOGDB_MAX_BYTES (100u * 1024u * 1024u)
/* Lists of variants (and deviating variants) kept and answered: the most frequent ones, as
 * `kartla log variants --top 1000`; stats.variants says how many there are. */
#define KA_LOGDB_TOP 1000
/* Longest stored log name. */
#define KA_LOGDB_NAME_MAX 255

/* An upload. Strings borrowed; NULL column names are detected from the header. */
struct ka_logdb_upload {
	const char *name; /* file name shown to people (required, 1..KA_LOGDB_NAME_MAX bytes) */
	const void *data; /* the file: CSV or XES, plain or gzip */
	size_t len;
	size_t max_bytes; /* 0: KA_LOGDB_MAX_BYTES */
	const char *col_case, *col_activity, *col_time, *col_start, *col_resource;
	int tz_minutes; /* offset of timestamps without one */
	bool skip_bad;
};

void ka_logdb_upload_init(struct ka_logdb_upload *in);

/*
 * Reads and analyses the log, then stores it with process `process_id`
 * (one transaction, audited). *out: {id, process_id, name, format, bytes,
 * uploaded_at, uploaded_by, skipped, cases, events, activities}.
 */
int ka_logdb_upload(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                    const struct ka_logdb_upload *in, json_t **out, struct ka_diag *diag);

/* The logs of a process, newest first: *out {logs: [as ka_logdb_upload gives]}. */
int ka_logdb_list(struct ka_store *st, int64_t process_id, json_t **out, struct ka_diag *diag);

/*
 * One log with its figures: {log, stats, variants, activities, dfg}, each
 * exactly as `kartla log stats|variants|activities|dfg --format json`
 * prints it (variants: with --top KA_LOGDB_TOP); basis "calendar" (NULL;
 * cached at upload) or "working" (the
 * default working week, computed now). KA_ERR_USAGE (field "basis").
 */
int ka_logdb_get(struct ka_store *st, int64_t log_id, const char *basis, json_t **out,
                 struct ka_diag *diag);

/* Deletes a log (editors of its process; audited). */
int ka_logdb_delete(struct ka_store *st, const struct ka_actor *actor, int64_t log_id,
                    struct ka_diag *diag);

/* The stored corrections of a process: *out {mapping: {"ACTIVITY": "ELEMENT_ID" or null}}. */
int ka_logdb_mapping_get(struct ka_store *st, int64_t process_id, json_t **out,
                         struct ka_diag *diag);

/*
 * Replaces the corrections of a process by `mapping` (an object of activity
 * -> element id string or null). Each element id must be an activity or
 * event of the process's chosen map (the approved as-is version, else the
 * newest as-is version): KA_ERR_INVALID naming "mapping.<ACTIVITY>".
 * *out as ka_logdb_mapping_get after the change.
 */
int ka_logdb_mapping_put(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                         const json_t *mapping, json_t **out, struct ka_diag *diag);

/* What a conformance check or a proposal looks at. */
struct ka_logdb_check {
	int64_t version;    /* map version number of the as-is variant; 0: the chosen map */
	const char *basis;  /* "calendar" (NULL) or "working" */
	const char *method; /* "token_replay" (NULL) or "dfg" */
};

/*
 * The log against a map version of its process: what `kartla log
 * conformance --format json --top KA_LOGDB_TOP` prints, plus "log_id", "version" (the number) and
 * "version_id". The stored corrections are merged over the name matching
 * (a correction naming an element the version lacks is left out).
 */
int ka_logdb_conformance(struct ka_store *st, int64_t log_id, const struct ka_logdb_check *q,
                         json_t **out, struct ka_diag *diag);

/*
 * A new draft as-is map version, copied from version q->version (0: the
 * chosen map), whose matched activities get kartla:processTime and
 * kartla:waitTime three-point estimates P10 / median / P90 of the
 * measurements (where there are any). *number: the new version's number.
 * Editors of the process only (ka_mapver_create checks and audits).
 */
int ka_logdb_propose(struct ka_store *st, const struct ka_actor *actor, int64_t log_id,
                     const struct ka_logdb_check *q, int64_t *number, struct ka_diag *diag);

/*
 * The lead time from the measurements: version q->version (0: the chosen
 * map) with the proposal of ka_logdb_propose written into a copy in memory
 * (nothing stored), analysed as GET /api/processes/{id}/maps/{vid}/leadtime
 * analyses a stored version with its default options (kartla/leadtime.h,
 * ka_lt_request_run: KA_LT_REQUEST_DEF_RUNS runs, seed 1, PERT) in the same
 * basis as the measurements (q->basis: "calendar" (NULL) or "working", the
 * default working week). *out: that analysis's JSON (the same shape, with
 * "version_id") plus "source": "measured", "log_id", "version" (the number)
 * and "estimated_activities" (how many log activities with measurements were
 * written into the map: ka_eventlog_propose's count).
 * Anyone who may read the log may ask. A map the analysis cannot use is
 * the analysis's error naming "bpmn".
 */
int ka_logdb_leadtime(struct ka_store *st, int64_t log_id, const struct ka_logdb_check *q,
                      json_t **out, struct ka_diag *diag);

#endif
