/*
 * POST /api/layout: lays out a BPMN map (lib/layout: a new diagram for its
 * processes, pools and lanes) and answers the laid-out map as BPMN XML,
 * storing nothing. The browser's map editor calls it for "Auto layout".
 * The body is BPMN XML (application/xml, text/xml, application/bpmn+xml) or
 * JSON {"bpmn": "...", "keep": false}; ?keep=1 (or "keep": true) keeps the
 * shapes the map already places. A map that does not read is 422 with the
 * reader's diagnostic, as on save; one over 8 MB is 422 too.
 */
#include <string.h>
#include <strings.h>

#include "server.h"
#include "kartla/layout.h"
#include "kartla/banned.h"

#define LAYOUT_BPMN_MAX (8u * 1024u * 1024u)

static bool xml_body(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	return ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8) ||
	              !strncasecmp(ct, "application/bpmn+xml", 20));
}

static int layout_fail(struct http_resp *resp, int err, const struct ka_diag *d)
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

static int post_layout(struct http_req *req, struct http_resp *resp)
{
	const char *bpmn = NULL, *kq = http_query(req, "keep");
	bool keep = false;
	const struct http_field fields[] = {
	    {"bpmn", HTTP_F_STRING, HTTP_F_REQUIRED, LAYOUT_BPMN_MAX, &bpmn, NULL},
	    {"keep", HTTP_F_BOOL, 0, 0, &keep, NULL},
	};
	struct ka_layout_opts lo;
	struct ka_read_opts ro;
	struct ka_diag d;
	size_t len = 0;
	int err = 0;

	if (kq && strcmp(kq, "1") && strcmp(kq, "0") && strcmp(kq, "true") && strcmp(kq, "false"))
		return http_fail(resp, KA_ERR_USAGE, "keep", "keep must be 1, 0, true or false");
	if (xml_body(req)) {
		bpmn = req->body.data;
		len = req->body.len;
	} else {
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, fields, 2);
		len = bpmn ? strlen(bpmn) : 0;
	}
	if (err)
		return err;
	if (!bpmn || !len)
		return http_fail(resp, KA_ERR_INVALID, "bpmn", "the map is empty");
	if (len > LAYOUT_BPMN_MAX)
		return http_fail(resp, KA_ERR_INVALID, "bpmn",
		                 "the map is too large (over %u bytes)", LAYOUT_BPMN_MAX);
	ka_layout_opts_init(&lo);
	lo.keep = keep || (kq && (!strcmp(kq, "1") || !strcmp(kq, "true")));
	ka_read_opts_init(&ro);
	ro.limits.max_bytes = LAYOUT_BPMN_MAX;
	ka_diag_init(&d, "map.bpmn");
	err = ka_layout_bpmn(&resp->body, bpmn, len, "map.bpmn", &ro, &lo, NULL, &d);
	if (err) {
		ka_buf_reset(&resp->body);
		return layout_fail(resp, err, &d);
	}
	resp->content_type = "application/xml; charset=utf-8";
	resp->status = 200;
	return 0;
}

const struct http_route api_layout_routes[] = {
    {"POST", "/api/layout", post_layout, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
