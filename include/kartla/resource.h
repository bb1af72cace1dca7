/*
 * Table-driven resources: one static description per table (struct ka_res)
 * gives list (paged, filtered), get, create, patch and delete with the
 * house rules: validation naming the field (KA_ERR_INVALID), KA_ERR_NOT_FOUND,
 * KA_ERR_CONFLICT, ETag / If-Match (KA_ERR_STALE), permissions (KA_ERR_AUTH,
 * KA_ERR_PERM), one transaction per write with its audit_log entry, and a
 * visibility condition on reads. The organisation, networks, training,
 * assignments, forms and handbook resources are described in
 * resource_org.h and resource_hb.h; the server's crud.c is only the HTTP
 * glue around these functions.
 *
 * Errors: every function returns 0 or a negative enum ka_err and fills
 * `diag` with the message; diag->element_id carries the offending field
 * (or is empty). Store failures keep the backend's message in the diag (a
 * caller must not show it to users); a unique or foreign-key violation on
 * a write becomes KA_ERR_CONFLICT with a message of its own.
 *
 * Rows come back as JSON objects with "id", every described column,
 * "version" when the table has one and "created_at" (when the table has
 * it). ETags are "v<version>" for versioned tables, else a hash of the row
 * ("h" and 16 hex digits).
 *
 * Ownership: descriptions are static and borrowed; json_t results are new
 * references owned by the caller; the request body is borrowed.
 */
#ifndef KARTLA_RESOURCE_H
#define KARTLA_RESOURCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/store.h"

enum ka_res_kind {
	KA_RES_TEXT,
	KA_RES_INT,
	KA_RES_BOOL,
	KA_RES_DATE, /* YYYY-MM-DD */
	KA_RES_ENUM, /* extra: "a|b|c" */
	KA_RES_REF,  /* extra: the table referred to (by id); an unknown id is KA_ERR_INVALID */
	KA_RES_JSON  /* an object stored as text; extra: the form template it must match, or NULL */
};

#define KA_RES_REQUIRED 0x001u  /* create: missing is an error; never null */
#define KA_RES_NONEMPTY 0x004u  /* strings: not empty and not only whitespace */
#define KA_RES_RO       0x100u  /* computed: returned, never written by clients */
#define KA_RES_FIXED    0x200u  /* written on create only */
#define KA_RES_FILTER   0x400u  /* lists filter by ?name=value (REF, INT, ENUM, TEXT) */
#define KA_RES_NONULL   0x800u  /* optional, but never null (the column has a default) */
#define KA_RES_NAME     0x1000u /* a name people read: no bidi controls or invisible characters */

struct ka_res_col {
	const char *name;
	enum ka_res_kind kind;
	unsigned flags; /* KA_RES_* */
	size_t max;     /* strings: bytes (0: 2000) */
	const char *extra;
};

/* Who may write (reads are for whoever may read the area at all). */
enum ka_res_perm { KA_RES_PERM_ADMIN, KA_RES_PERM_FACILITATOR, KA_RES_PERM_SIGNED_IN };

/*
 * Extra rules of a create (before NULL) or patch (before: the current row),
 * run inside the write's transaction after the generic validation. `obj`
 * is the request object (a shallow copy the check may complete, e.g. with
 * a default value; on create of a nested resource it also holds the parent
 * column). Returns 0, or an error with diag set (the field in element_id).
 */
typedef int (*ka_res_check_fn)(struct ka_store *st, const struct ka_actor *actor,
                               const json_t *before, json_t *obj, struct ka_diag *diag);

struct ka_res {
	const char *table;
	const char *type; /* audit object type and message noun: "unit" */
	const struct ka_res_col *cols;
	size_t ncols;
	const char *order;        /* ORDER BY of lists; the id is appended */
	const char *parent;       /* column set from the parent id on nested resources, or NULL */
	const char *parent_table; /* its table (KA_ERR_NOT_FOUND when the parent does not exist) */
	enum ka_res_perm write;
	int versioned;     /* a version column (ETag "v<N>"), else a row hash */
	int updated_at;    /* an updated_at column */
	const char *where; /* extra SQL condition on lists and gets, with one ? for vis; or NULL */
	ka_res_check_fn check;
	/* SQL run in the write's transaction after an insert or update, with the id as its one ? */
	const char *after_write;
	/*
	 * Run in the write's transaction after an insert or update (before NULL on
	 * create; after: the row as read back): queues notifications (notify.h).
	 */
	int (*notify)(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
	              const json_t *after, struct ka_diag *diag);
};

#define KA_RES_ETAG_LEN 32

/* The actor's handbook visibility: 0 everyone, 1 signed in, 2 facilitators (and admins). */
int ka_res_vis_level(struct ka_store *st, const struct ka_actor *actor, int *level,
                     struct ka_diag *diag);

/*
 * 0 when the actor may write under `perm`; KA_ERR_AUTH when anonymous,
 * KA_ERR_PERM when not allowed.
 */
int ka_res_can_write(struct ka_store *st, const struct ka_actor *actor, enum ka_res_perm perm,
                     struct ka_diag *diag);

/*
 * Loads row `id` as JSON into *out (NULL when absent or not visible at
 * level `vis`), inside the caller's transaction or none. *version (may be
 * NULL) gets its version (0 when unversioned) and etag (may be NULL) its
 * ETag. Errors are store errors.
 */
int ka_res_load(const struct ka_res *res, struct ka_store *st, int64_t id, int vis, json_t **out,
                int64_t *version, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

/* A list request: the parent's id (nested resources), filters and the page. */
struct ka_res_query {
	int64_t parent;
	/* the value of filter `name` ("?name=value"), or NULL; may be NULL itself */
	const char *(*filter)(const void *ctx, const char *name);
	const void *ctx;
	int64_t limit, offset;
};

/*
 * One page of rows as a new JSON array in *items and the number of
 * matching rows in *total, in one read transaction. A filter value that is
 * not a positive integer for a REF or INT column is KA_ERR_USAGE naming it.
 */
int ka_res_list(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                const struct ka_res_query *q, json_t **items, int64_t *total, struct ka_diag *diag);

/* Row `id` as seen by the actor (KA_ERR_NOT_FOUND when absent or hidden). */
int ka_res_get(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
               int64_t id, json_t **out, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

/*
 * The result of a write: the row as stored (new reference, NULL on
 * failure), its ETag (on KA_ERR_STALE: the current ETag), and its id.
 */
struct ka_res_result {
	json_t *obj;
	char etag[KA_RES_ETAG_LEN];
	int64_t id;
};

/*
 * Creates a row from the JSON object `body` (parent: the parent's id on
 * nested resources, else ignored): permission, validation, references,
 * the check, the insert, after_write and the audit entry, in one write
 * transaction (retried on KA_ERR_BUSY).
 */
int ka_res_create(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                  int64_t parent, const json_t *body, struct ka_res_result *out,
                  struct ka_diag *diag);

/*
 * Changes the fields of row `id` given in `body`. if_match: the request's
 * If-Match value or NULL (then not checked); a mismatch is KA_ERR_STALE
 * with the current ETag in out->etag.
 */
int ka_res_patch(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                 int64_t id, const char *if_match, const json_t *body, struct ka_res_result *out,
                 struct ka_diag *diag);

/*
 * Deletes row `id` (KA_ERR_CONFLICT "still in use" when other rows refer
 * to it). if_match as for ka_res_patch; on KA_ERR_STALE *etag (may be NULL)
 * gets the current ETag.
 */
int ka_res_delete(struct ka_store *st, const struct ka_actor *actor, const struct ka_res *res,
                  int64_t id, const char *if_match, char etag[KA_RES_ETAG_LEN],
                  struct ka_diag *diag);

/* Releases a result's JSON. */
void ka_res_result_release(struct ka_res_result *r);

#endif
