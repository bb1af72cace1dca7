/*
 * The HTTP glue of the table-driven resources (kartla/resource.h): decode
 * the path id, query, If-Match and body, call one ka_res_* function, and
 * answer (201 with Location on create, 204 on delete, the ETag, errors
 * through http_fail_diag). The descriptions and every rule are in the
 * library (kartla/resource_org.h, kartla/resource_hb.h).
 */
#ifndef KARTLA_SERVER_CRUD_H
#define KARTLA_SERVER_CRUD_H

#include "http.h"
#include "kartla/resource.h"

/* The write permissions, by their old names (api_risk.c uses them). */
#define CRUD_PERM_ADMIN       KA_RES_PERM_ADMIN
#define CRUD_PERM_FACILITATOR KA_RES_PERM_FACILITATOR
#define CRUD_PERM_SIGNED_IN   KA_RES_PERM_SIGNED_IN

/* The reader's handbook visibility: 0 everyone, 1 signed in, 2 facilitators (and admins). */
int crud_vis_level(struct http_req *req, int *level);
/* 0 when the actor may write `perm`, else 401/403 recorded on resp. */
int crud_can_write(struct http_req *req, struct http_resp *resp, enum ka_res_perm perm);

int crud_list(const struct ka_res *res, struct http_req *req, struct http_resp *resp);
int crud_get(const struct ka_res *res, struct http_req *req, struct http_resp *resp);
int crud_create(const struct ka_res *res, struct http_req *req, struct http_resp *resp);
int crud_patch(const struct ka_res *res, struct http_req *req, struct http_resp *resp);
int crud_delete(const struct ka_res *res, struct http_req *req, struct http_resp *resp);

/*
 * DELETE of row {id} through a library function that checks its own rules
 * before deleting (ka_form_delete, ka_handbook_page_delete, ...): 204, or
 * the failure with the current ETag on a stale If-Match.
 */
typedef int (*crud_delete_fn)(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                              const char *if_match, char etag[KA_RES_ETAG_LEN],
                              struct ka_diag *diag);
int crud_delete_with(crud_delete_fn del, struct http_req *req, struct http_resp *resp);

/*
 * One routed handler NAME_OP for resource RES, OP one of list, get,
 * create, patch, delete: generate only the handlers a route uses.
 */
#define CRUD_HANDLER(NAME, OP, RES)                                                                \
	static int NAME##_##OP(struct http_req *q, struct http_resp *p)                            \
	{                                                                                          \
		return crud_##OP(&RES, q, p);                                                      \
	}

#endif
