/*
 * Helpers shared by the portfolio handlers (api_maps.c, api_risk*.c):
 * today's date, reading a process row, and the permission rules of
 * docs/architecture.md "Portfolio: processes and maps". Each is a thin
 * wrapper over the library (portfolio_api.c; kartla/process.h).
 */
#ifndef KARTLA_SERVER_PORTFOLIO_API_H
#define KARTLA_SERVER_PORTFOLIO_API_H

#include "http.h"
#include "kartla/portfolio.h"
#include "kartla/process.h"

/* Today (UTC) as YYYY-MM-DD. */
void pf_today(char out[11]);
/* Now as YYYY-MM-DDTHH:MM:SSZ. */
void pf_now(char out[21]);

/* Columns of a process row, in the order proc_json expects. */
#define PF_PROC_COLS KA_PROCESS_COLS

int pf_load_process(struct ka_store *st, int64_t id, struct ka_rows *rows, struct ka_diag *diag);
json_t *pf_process_json(const struct ka_rows *rows, size_t r);
/* A display name of a process row: nb, else en, else sv. */
const char *pf_process_name(const struct ka_rows *rows, size_t r);

/*
 * Editors of a process (drafts, specification, maps): admins, and people
 * holding the owner, responsible/leader or facilitator role on it (or an
 * ancestor, or facilitators organisation-wide). 0 when allowed, else 403
 * recorded on resp.
 */
int pf_require_editor(struct http_req *req, struct http_resp *resp, int64_t process_id);

/* Recomputes the outline column of every process (after structural changes). */
int pf_outlines_update(struct ka_store *st, struct ka_diag *diag);

/* Returns err after http_store_fail unless a handler error is already recorded. */
int pf_fail(struct http_req *req, struct http_resp *resp, int err);

#endif
