/*
 * Table-driven resources for the organisation, networks, training,
 * assignments, forms and handbook APIs: one description per table gives
 * list (paged, filtered), get, create, patch and delete handlers with the
 * house rules (422 naming the field, 404, 409, ETag/If-Match, one
 * transaction per write with its audit_log entry).
 *
 * A description is static; the handlers borrow it. Rows come back as JSON
 * objects with "id", every described column, "version" when the table has
 * one and "created_at".
 */
#ifndef KARTLA_SERVER_CRUD_H
#define KARTLA_SERVER_CRUD_H

#include "http.h"

enum crud_kind {
	CK_TEXT,
	CK_INT,
	CK_BOOL,
	CK_DATE, /* YYYY-MM-DD */
	CK_ENUM, /* extra: "a|b|c" */
	CK_REF,  /* extra: the table referred to (by id); an unknown id is 422 */
	CK_JSON  /* an object stored as text; extra: the form template it must match, or NULL */
};

#define CRUD_RO     0x100u /* computed: returned, never written by clients */
#define CRUD_FIXED  0x200u /* written on create only */
#define CRUD_FILTER 0x400u /* ?name=value filters lists (CK_REF, CK_INT, CK_ENUM, CK_TEXT) */
#define CRUD_NONULL 0x800u /* optional, but never null (the column has a default) */

struct crud_col {
	const char *name;
	enum crud_kind kind;
	unsigned flags; /* HTTP_F_REQUIRED, HTTP_F_NONEMPTY, CRUD_* */
	size_t max;     /* strings: bytes (0: 2000) */
	const char *extra;
};

/* Who may write (reads follow the route's access level). */
enum crud_perm { CRUD_PERM_ADMIN, CRUD_PERM_FACILITATOR, CRUD_PERM_SIGNED_IN };

struct crud_res;
/*
 * Extra validation of a create (before NULL) or patch (before: the current
 * row), inside the transaction, with the request object `obj`; returns 0
 * or an error after http_fail().
 */
typedef int (*crud_check_fn)(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                             const json_t *before, const json_t *obj);

struct crud_res {
	const char *table;
	const char *type; /* audit object type and message noun: "unit" */
	const struct crud_col *cols;
	size_t ncols;
	const char *order;        /* ORDER BY of lists; the id is appended */
	const char *parent;       /* column set from path parameter 0 on nested routes, or NULL */
	const char *parent_table; /* its table (404 when the parent does not exist) */
	enum crud_perm write;
	int versioned;     /* a version column (ETag "v<N>"), else a row hash */
	int updated_at;    /* an updated_at column */
	const char *where; /* extra SQL condition on lists and gets, with one ? for vis; or NULL */
	crud_check_fn check;
	/* SQL run in the write's transaction after an insert or update, with the id as its one ?.
	 */
	const char *after_write;
};

/* The reader's handbook visibility: 0 everyone, 1 signed in, 2 facilitators (and admins). */
int crud_vis_level(struct http_req *req, int *level);
/* Today as YYYY-MM-DD and now as YYYY-MM-DDTHH:MM:SSZ (UTC). */
void crud_today(char out[11]);
void crud_now(char out[21]);
/* 0 when the actor may write `perm`, else 401/403 recorded on resp. */
int crud_can_write(struct http_req *req, struct http_resp *resp, enum crud_perm perm);

int crud_list(const struct crud_res *res, struct http_req *req, struct http_resp *resp);
int crud_get(const struct crud_res *res, struct http_req *req, struct http_resp *resp);
int crud_create(const struct crud_res *res, struct http_req *req, struct http_resp *resp);
int crud_patch(const struct crud_res *res, struct http_req *req, struct http_resp *resp);
int crud_delete(const struct crud_res *res, struct http_req *req, struct http_resp *resp);

/* Loads row `id` as JSON (NULL when absent); errors are store errors. */
int crud_load(const struct crud_res *res, struct ka_store *st, int64_t id, int vis, json_t **out,
              int64_t *version, char etag[32], struct ka_diag *diag);

/* Five handlers per resource: NAME_list, NAME_get, NAME_create, NAME_patch, NAME_delete. */
#define CRUD_HANDLERS(NAME, RES)                                                                   \
	__attribute__((unused)) static int NAME##_list(struct http_req *q, struct http_resp *p)    \
	{                                                                                          \
		return crud_list(&RES, q, p);                                                      \
	}                                                                                          \
	__attribute__((unused)) static int NAME##_get(struct http_req *q, struct http_resp *p)     \
	{                                                                                          \
		return crud_get(&RES, q, p);                                                       \
	}                                                                                          \
	__attribute__((unused)) static int NAME##_create(struct http_req *q, struct http_resp *p)  \
	{                                                                                          \
		return crud_create(&RES, q, p);                                                    \
	}                                                                                          \
	__attribute__((unused)) static int NAME##_patch(struct http_req *q, struct http_resp *p)   \
	{                                                                                          \
		return crud_patch(&RES, q, p);                                                     \
	}                                                                                          \
	__attribute__((unused)) static int NAME##_delete(struct http_req *q, struct http_resp *p)  \
	{                                                                                          \
		return crud_delete(&RES, q, p);                                                    \
	}

#endif
