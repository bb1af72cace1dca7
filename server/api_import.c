/*
 * POST /api/import: the editor's Import. The body is the file itself (BPMN
 * from any tool; Visio and draw.io as their readers arrive), ?name= its file
 * name, ?strict=1 today's refusal of what would be repaired. The server
 * reads and repairs it and answers {bpmn, format, repairs: [...]} without
 * storing anything, so the editor can show what was repaired before the
 * person replaces their drawing with it and saves.
 */
#include <string.h>

#include "server.h"
#include "kartla/import.h"
#include "kartla/mapver.h"
#include "kartla/banned.h"

/* The reader's diagnostic as the error of the field "file". */
static int file_fail(struct http_resp *resp, int err, const struct ka_diag *d)
{
	struct ka_diag n;

	ka_diag_init(&n, NULL);
	if (err == KA_ERR_TOO_BIG) {
		ka_diag_set_nested(&n, KA_ERR_INVALID, 0, 0, "file", "the file is too large: %s",
		                   d);
		return http_fail_diag(resp, KA_ERR_INVALID, &n);
	}
	if (err != KA_ERR_XML && err != KA_ERR_BPMN && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	ka_diag_set_nested(&n, err, 0, 0, "file", NULL, d);
	return http_fail_diag(resp, err, &n);
}

static int post_import(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_query(req, "name");
	const char *strict = http_query(req, "strict");
	bool is_strict = strict && (!strcmp(strict, "1") || !strcmp(strict, "true"));
	struct ka_diag d;
	json_t *j = NULL;
	int err;

	if (strict && !is_strict && strcmp(strict, "0") && strcmp(strict, "false"))
		return http_fail(resp, KA_ERR_USAGE, "strict", "strict must be 1 or 0");
	if (name && strlen(name) > 255)
		return http_fail(resp, KA_ERR_USAGE, "name", "the file name is too long");
	if (!req->body.len)
		return http_fail(resp, KA_ERR_INVALID, "file", "the file is empty");
	ka_diag_init(&d, name ? name : "import");
	err = ka_import_answer(&j, req->body.data, req->body.len, name, is_strict,
	                       KA_MAPVER_BPMN_MAX, &d);
	if (err)
		return file_fail(resp, err, &d);
	http_json(resp, 200, j);
	return 0;
}

const struct http_route api_import_routes[] = {
    {"POST", "/api/import", post_import, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
