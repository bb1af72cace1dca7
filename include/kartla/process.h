/*
 * The process architecture in the database: function areas, main
 * processes and sub-processes at any depth (one table, parent and
 * position), with names per language, type, status, review interval and
 * date, the specification, and the numbered outline. Every function here
 * runs its own transaction (writes through ka_store_transact, retried when
 * the database is busy; reads in one read-only snapshot) unless it says it
 * runs inside the caller's; writes check who may do them and record an
 * audit row (kartla/audit.h).
 *
 * Errors are a ka_err code with the message, and the offending field in
 * diag->element_id: KA_ERR_INVALID for a bad value (and a move that would
 * make a cycle, field "parent_id"), KA_ERR_USAGE for a bad list filter,
 * KA_ERR_PERM, KA_ERR_NOT_FOUND, KA_ERR_CONFLICT (a sibling already has
 * the name, field "name"; a process with sub-processes cannot be deleted),
 * KA_ERR_STALE when `if_match` is not the current version.
 *
 * Ownership: json_t results are new references the caller decrefs; inputs
 * are borrowed.
 */
#ifndef KARTLA_PROCESS_H
#define KARTLA_PROCESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/cols.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* Columns of a process row (kartla/cols.h), in the order ka_process_row_json reads them. */
#define KA_PROCESS_COLUMNS                                                                         \
	"id", "parent_id", "outline", "sort_order", "type", "name_nb", "name_sv", "name_en",       \
	    "status", "review_interval_days", "next_review_date", "specification", "version",      \
	    "created_at", "updated_at"
#define KA_PROCESS_COLS KA_COLS_SQL(KA_PROCESS_COLUMNS)
enum ka_process_col {
	KA_PROCESS_COL_ID,
	KA_PROCESS_COL_PARENT_ID,
	KA_PROCESS_COL_OUTLINE,
	KA_PROCESS_COL_SORT_ORDER,
	KA_PROCESS_COL_TYPE,
	KA_PROCESS_COL_NAME_NB,
	KA_PROCESS_COL_NAME_SV,
	KA_PROCESS_COL_NAME_EN,
	KA_PROCESS_COL_STATUS,
	KA_PROCESS_COL_REVIEW_INTERVAL_DAYS,
	KA_PROCESS_COL_NEXT_REVIEW_DATE,
	KA_PROCESS_COL_SPECIFICATION,
	KA_PROCESS_COL_VERSION,
	KA_PROCESS_COL_CREATED_AT,
	KA_PROCESS_COL_UPDATED_AT,
	KA_PROCESS_COL_COUNT
};
KA_COLS_CHECK(KA_PROCESS_COLUMNS, KA_PROCESS_COL_COUNT);

/* A process row as JSON: {id, parent_id, outline, position, type, name{nb,sv,en}, status,
 * review_interval_days, next_review_date, specification, version, created_at, updated_at}. */
json_t *ka_process_row_json(const struct ka_rows *rows, size_t r);
/* A display name of a process row: nb, else sv, else en ("" when none; borrowed). */
const char *ka_process_row_name(const struct ka_rows *rows, size_t r);
/* Reads the row of process `id` (KA_PROCESS_COLS; no row when there is none), in the caller's
 * transaction. */
int ka_process_load_rows(struct ka_store *st, int64_t id, struct ka_rows *rows,
                         struct ka_diag *diag);
/* Recomputes the stored outline of every process, in the caller's transaction. */
int ka_process_outlines_update(struct ka_store *st, struct ka_diag *diag);

/*
 * Editors of a process (drafts, specification, maps): administrators, and
 * people holding the owner, responsible/leader or facilitator role on it
 * (or an ancestor, or facilitators organisation-wide) today. 0 when
 * allowed, else KA_ERR_PERM with a message. In the caller's transaction.
 */
int ka_process_may_edit(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                        struct ka_diag *diag);

/* ---- writes ---- */

/*
 * What a create or a change gives; every has_ flag says the field was in
 * the request (a JSON null is has_X with the value "none").
 */
struct ka_process_in {
	bool has_parent, parent_null; /* parent_null: top level */
	int64_t parent_id;
	bool has_position;
	int64_t position;
	const char *type;   /* core, support, management; NULL when absent */
	const char *status; /* draft or retired; NULL when absent */
	bool has_interval, interval_null;
	int64_t interval_days;
	bool has_next;
	const char *next_review_date; /* YYYY-MM-DD; NULL with has_next: none */
	const json_t *name;           /* {"nb", "sv", "en"}: string or null each; NULL: absent */
	const json_t *spec;           /* the specification object; NULL: absent */
};

/*
 * Creates a process. Top-level processes (function areas) are for
 * administrators; a sub-process for editors of its parent. *out: the new
 * process (as ka_process_row_json).
 */
int ka_process_create(struct ka_store *st, const struct ka_actor *actor,
                      const struct ka_process_in *in, json_t **out, struct ka_diag *diag);

/*
 * Changes the fields of process `id` given in `in`; `if_match` is the
 * version the client read, or -1 for no check. Rules beyond editing:
 * - a move (a parent other than the current one) needs an administrator,
 *   or the owner of the process's current area (the owner role on its
 *   current parent or a process above that) who may also edit the new
 *   parent; making a process top-level, or moving a top-level one, is for
 *   administrators; facilitators move nothing unless they are that owner;
 * - on an approved process the specification, the review interval, the
 *   next review date and the status (retired, draft) change only by its
 *   owner or an administrator (others propose a specification with a map
 *   version, which the owner approves).
 * *out: the process after the change; *version: its version (on
 * KA_ERR_STALE the current one).
 */
int ka_process_patch(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                     const struct ka_process_in *in, int64_t if_match, json_t **out,
                     int64_t *version, struct ka_diag *diag);

/*
 * Deletes process `id` (administrators only; none with sub-processes).
 * *version as for ka_process_patch.
 */
int ka_process_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                      int64_t if_match, int64_t *version, struct ka_diag *diag);

/* ---- reads ---- */

/* One process with "current": {"as_is", "to_be"} (the approved versions: {id, number} or null). */
int ka_process_get(struct ka_store *st, int64_t id, json_t **out, struct ka_diag *diag);

/* A filter for ka_process_list: parent -1 any, 0 top level, else that parent. */
struct ka_process_filter {
	int64_t parent;
	const char *status; /* draft, in_review, approved, retired, or NULL */
	const char *type;   /* core, support, management, or NULL */
	int64_t limit, offset;
};

/* One page of processes in outline order (*items a new array) and the number matching. */
int ka_process_list(struct ka_store *st, const struct ka_process_filter *f, json_t **items,
                    int64_t *total, struct ka_diag *diag);

/* Every process as a tree in outline order: roots, each with "children". */
int ka_process_tree(struct ka_store *st, json_t **items, struct ka_diag *diag);

/*
 * The history of process `id`: audit entries of the process and of its map
 * versions, newest first (one page; *items a new array as
 * ka_audit_items_json, *total all of them). KA_ERR_NOT_FOUND when there is
 * no such process.
 */
int ka_process_history(struct ka_store *st, int64_t id, int64_t limit, int64_t offset,
                       json_t **items, int64_t *total, struct ka_diag *diag);

#endif
