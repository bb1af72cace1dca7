/*
 * The helpers of portfolio_api.h, kept for the handlers that still use
 * them (api_maps.c, api_risk*.c): each is a thin call into the library
 * (kartla/process.h, kartla/date.h). New code calls the library directly.
 */
#include "portfolio_api.h"
#include "kartla/process.h"
#include "kartla/banned.h"

void pf_today(char out[11])
{
	ka_date_today(out);
}

void pf_now(char out[21])
{
	ka_date_now(out);
}

int pf_load_process(struct ka_store *st, int64_t id, struct ka_rows *rows, struct ka_diag *diag)
{
	return ka_process_load_rows(st, id, rows, diag);
}

json_t *pf_process_json(const struct ka_rows *rows, size_t r)
{
	return ka_process_row_json(rows, r);
}

const char *pf_process_name(const struct ka_rows *rows, size_t r)
{
	return ka_process_row_name(rows, r);
}

int pf_fail(struct http_req *req, struct http_resp *resp, int err)
{
	return resp->err_code[0] ? err : http_store_fail(resp, err, &req->diag);
}

int pf_require_editor(struct http_req *req, struct http_resp *resp, int64_t process_id)
{
	struct ka_actor actor = http_ka_actor(req);
	int err = ka_process_may_edit(req->st, &actor, process_id, &req->diag);

	return err ? http_fail_diag(resp, err, &req->diag) : 0;
}

int pf_outlines_update(struct ka_store *st, struct ka_diag *diag)
{
	return ka_process_outlines_update(st, diag);
}
