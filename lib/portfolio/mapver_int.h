/*
 * Private to lib/portfolio: the pieces of map versions (mapver.c) that
 * governance (governance.c) uses inside its own transaction.
 */
#ifndef KARTLA_MAPVER_INT_H
#define KARTLA_MAPVER_INT_H

#include "kartla/mapver.h"

/*
 * Loads version `vid` (of process `pid`, or of any process when pid is 0)
 * into *out (released first) inside the caller's transaction; *found says
 * whether it exists.
 */
int mapver_load(struct ka_store *st, int64_t pid, int64_t vid, struct ka_mapver *out, bool *found,
                struct ka_diag *diag);

/* KA_ERR_NOT_FOUND "no such process N" unless process `pid` exists. */
int mapver_process_exists(struct ka_store *st, int64_t pid, struct ka_diag *diag);

/* The KA_ERR_STALE answer for a version counter that is not `current`. */
int mapver_stale(struct ka_diag *diag, int64_t current);

/*
 * Appends to `links` one {element_id, called, process_id} per call (n pairs
 * of element id and what it calls): the direct child of process `pid`
 * whose id (optionally "kartla:<id>") or one of whose names is called, or
 * null.
 */
int mapver_links(struct ka_store *st, int64_t pid, const char *const *calls, size_t n,
                 json_t *links, struct ka_diag *diag);

/*
 * The reader's diagnostic `rd` as the error of the field "bpmn" (save and live
 * check alike), its parts kept for the reader's language; returns the error.
 */
int mapver_bpmn_fail(int err, const struct ka_diag *rd, struct ka_diag *diag);

/*
 * Runs fn in a read-only transaction, or directly when the caller already
 * has one open.
 */
int mapver_read(struct ka_store *st,
                int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag), void *ctx,
                struct ka_diag *diag);

#endif
