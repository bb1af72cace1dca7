/*
 * Helpers shared by the risk handlers (api_risk.c writes, api_risk_views.c
 * reads); defined in api_risk_views.c.
 */
#ifndef KARTLA_SERVER_RISK_API_H
#define KARTLA_SERVER_RISK_API_H

#include "http.h"
#include "kartla/risk.h"

/* Returns err after http_store_fail unless a handler error is already recorded. */
int rk_fail(struct http_req *req, struct http_resp *resp, int err);

/* One risk as JSON with the scales `sc` (a new reference; *out NULL when absent). */
int rk_load_risk(struct ka_store *st, const struct ka_risk_scales *sc, int64_t id, json_t **out,
                 struct ka_diag *diag);

/* A positive id from the query string `name` (0 when absent); 400 naming it. */
int rk_query_id(struct http_req *req, struct http_resp *resp, const char *name, int64_t *out);

/* A list filter from ?process_id, category, colour, owner_id, unit_id, orphan, sort, lang. */
int rk_parse_filter(struct http_req *req, struct http_resp *resp, struct ka_risk_filter *f);

/*
 * Loads the scales into *sc and the risks matching `f` into *items (both
 * the caller's to release); 404 when f->process_id names no process.
 */
int rk_query(struct http_req *req, struct http_resp *resp, const struct ka_risk_filter *f,
             struct ka_risk_scales *sc, json_t **items);

/* {"id": id or null, "scale": {...}} (a new reference). */
json_t *rk_scale_answer(int64_t id, const struct ka_risk_scale *s);

#endif
