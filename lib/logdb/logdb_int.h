/*
 * Private to lib/logdb: a stored log's row, read and re-read as an event log.
 */
#ifndef KARTLA_LOGDB_INT_H
#define KARTLA_LOGDB_INT_H

#include <jansson.h>

#include "kartla/eventlog.h"
#include "kartla/logdb.h"
#include "kartla/store.h"

/* A stored log: its row as JSON, and (with_data) the file and its read options. */
struct logdb_row {
	int64_t id, process_id;
	json_t *json;    /* ka_logdb_upload's answer; owned */
	json_t *options; /* the read options; owned */
	json_t *analysis;
	void *data; /* the file (gzip); owned */
	size_t len;
};

void logdb_row_release(struct logdb_row *r);

/* Reads log `id` in the caller's transaction; KA_ERR_NOT_FOUND. */
int logdb_row_load(struct ka_store *st, int64_t id, bool with_data, struct logdb_row *out,
                   struct ka_diag *diag);

/* The stored file read again with its stored options (*log freed by the caller). */
int logdb_row_read(const struct logdb_row *r, struct ka_eventlog **log, struct ka_diag *diag);

/* Runs fn in a read transaction of its own, or in the caller's. */
int logdb_in_read(struct ka_store *st, int (*fn)(struct ka_store *, void *, struct ka_diag *),
                  void *ctx, struct ka_diag *diag);

/* KA_ERR_NOT_FOUND unless process `pid` exists (caller's transaction). */
int logdb_process_exists(struct ka_store *st, int64_t pid, struct ka_diag *diag);

#endif
