/*
 * POST /api/check: runs the reader and the checker on a BPMN map and answers
 * the findings without storing anything. The browser's map editor calls it
 * while a person draws, so the markers follow the map before it is saved.
 * The body is BPMN XML (application/xml, text/xml, application/bpmn+xml) or
 * JSON {"bpmn": "..."}; ?lang=nb|sv|en chooses the language of the
 * messages (default en). A map that does not read is 422 with the reader's
 * diagnostic, as on save.
 */
#include <string.h>
#include <strings.h>

#include "server.h"
#include "kartla/check.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

#define CHECK_BPMN_MAX (8u * 1024u * 1024u)

static bool xml_body(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	return ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8) ||
	              !strncasecmp(ct, "application/bpmn+xml", 20));
}

/* The reader's diagnostic as the error of the field "bpmn" (as on save). */
static int bpmn_fail(struct http_resp *resp, int err, const struct ka_diag *d)
{
	struct ka_diag n;

	ka_diag_init(&n, NULL);
	if (err == KA_ERR_TOO_BIG) {
		ka_diag_set_nested(&n, KA_ERR_INVALID, 0, 0, "bpmn", "the map is too large: %s", d);
		return http_fail_diag(resp, KA_ERR_INVALID, &n);
	}
	if (err != KA_ERR_XML && err != KA_ERR_BPMN && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	ka_diag_set_nested(&n, err, 0, 0, "bpmn", NULL, d);
	return http_fail_diag(resp, err, &n);
}

static int post_check(struct http_req *req, struct http_resp *resp)
{
	const char *bpmn = NULL;
	const struct http_field fields[] = {
	    {"bpmn", HTTP_F_STRING, HTTP_F_REQUIRED, CHECK_BPMN_MAX, &bpmn, NULL},
	};
	struct ka_map *map = NULL; /* owned here */
	const char *lq = http_query(req, "lang");
	struct ka_check_config cfg;
	struct ka_findings f;
	struct ka_diag d;
	size_t len;
	int err = 0;

	ka_check_config_init(&cfg);
	if (lq && ka_lang_parse(lq, &cfg.lang)) {
		ka_check_config_release(&cfg);
		return http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	}
	if (xml_body(req)) {
		bpmn = req->body.data;
		len = req->body.len;
	} else {
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, fields, 1);
		len = bpmn ? strlen(bpmn) : 0;
	}
	if (!err && (!bpmn || !len))
		err = http_fail(resp, KA_ERR_INVALID, "bpmn", "the map is empty");
	ka_diag_init(&d, "map.bpmn");
	if (!err)
		err = ka_map_load(&map, NULL, bpmn, len, CHECK_BPMN_MAX, &d);
	if (err) {
		ka_check_config_release(&cfg);
		return resp->err_code[0] ? err : bpmn_fail(resp, err, &d);
	}
	ka_findings_init(&f);
	ka_check_run(map, &cfg, &f);
	/* The typed findings as JSON, without the file name (it is ours, not the user's). */
	http_json(resp, 200, ka_check_findings_to_json(&f, NULL, cfg.lang));
	ka_findings_release(&f);
	ka_map_free(map);
	ka_check_config_release(&cfg);
	return 0;
}

const struct http_route api_check_routes[] = {
    {"POST", "/api/check", post_check, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
