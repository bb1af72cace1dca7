/*
 * Who acts on the portfolio, and the audit log of what they did. Every
 * library function that writes on a person's behalf takes a struct
 * ka_actor and records the write with ka_audit_write() in the same
 * transaction (so a rolled-back write leaves no entry).
 */
#ifndef KARTLA_AUDIT_H
#define KARTLA_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/cols.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* The person behind a call; user_id 0 is anonymous (or the system). */
struct ka_actor {
	int64_t user_id;
	bool is_admin;
	const char *name; /* login name, borrowed; NULL for the system */
};

/*
 * Records a write inside the caller's transaction: who, what (action
 * "create" / "update" / "delete" / ..., object type and id), and the object
 * before and after (either may be NULL; borrowed). Secrets must not be in
 * before/after.
 */
int ka_audit_write(struct ka_store *st, const struct ka_actor *actor, const char *action,
                   const char *object_type, int64_t object_id, const json_t *before,
                   const json_t *after, struct ka_diag *diag);

/* A filter on the log; NULL / 0 fields match everything. */
struct ka_audit_filter {
	const char *object_type;
	int64_t object_id;
	int64_t user_id;
	int64_t limit, offset;
};

/*
 * The log, newest first, one page of it as a new JSON array of entries
 * {id, at, user_id, actor, action, object_type, object_id, before, after}
 * in *items, and the number of matching entries in *total. Runs its own
 * read transaction when the caller has none.
 */
int ka_audit_list(struct ka_store *st, const struct ka_audit_filter *f, json_t **items,
                  int64_t *total, struct ka_diag *diag);

/* The columns of an audit row (kartla/cols.h), in the order ka_audit_items_json reads them. */
#define KA_AUDIT_COLUMNS                                                                           \
	"id", "at", "user_id", "actor", "action", "object_type", "object_id", "before_json",       \
	    "after_json"
#define KA_AUDIT_COLS KA_COLS_SQL(KA_AUDIT_COLUMNS)
enum ka_audit_col {
	KA_AUDIT_COL_ID,
	KA_AUDIT_COL_AT,
	KA_AUDIT_COL_USER_ID,
	KA_AUDIT_COL_ACTOR,
	KA_AUDIT_COL_ACTION,
	KA_AUDIT_COL_OBJECT_TYPE,
	KA_AUDIT_COL_OBJECT_ID,
	KA_AUDIT_COL_BEFORE_JSON,
	KA_AUDIT_COL_AFTER_JSON,
	KA_AUDIT_COL_COUNT
};
KA_COLS_CHECK(KA_AUDIT_COLUMNS, KA_AUDIT_COL_COUNT);

/* Audit rows (SELECT KA_AUDIT_COLS FROM audit_log ...) as a new JSON array of entries. */
json_t *ka_audit_items_json(const struct ka_rows *rows);

/*
 * Adds "actor_name" (the person's full display name, null for a deleted or
 * system actor) to every entry of `items` (from ka_audit_items_json) that
 * has a user_id: history lines name people, not logins. 0 or a store error.
 */
int ka_audit_items_add_names(struct ka_store *st, json_t *items, struct ka_diag *diag);

#endif
