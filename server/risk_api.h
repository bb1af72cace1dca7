/*
 * Helpers shared by the risk handlers (api_risk.c writes, api_risk_views.c
 * reads); defined in api_risk_views.c. Everything else is in the library
 * (kartla/risk_store.h).
 */
#ifndef KARTLA_SERVER_RISK_API_H
#define KARTLA_SERVER_RISK_API_H

#include "http.h"
#include "kartla/risk.h"

/*
 * The version the request's If-Match names, for the library: -1 when
 * absent or "*"; the version of its first strong tag "vN"; 0 (matches no
 * version) when it names none.
 */
int64_t rk_if_match(const struct http_req *req);

/* Answers a library failure; on KA_ERR_STALE the ETag is the current `version`. */
int rk_fail(struct http_req *req, struct http_resp *resp, int err, int64_t version);

#endif
