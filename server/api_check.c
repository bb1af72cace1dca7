/*
 * POST /api/check: runs the reader and the checker on a BPMN map and answers
 * the findings without storing anything. The browser's map editor calls it
 * while a person draws, so the markers follow the map before it is saved.
 * The body is BPMN XML (application/xml, text/xml, application/bpmn+xml) or
 * JSON {"bpmn": "..."}; ?lang=nb|sv|en chooses the language of the
 * messages (default en), ?process=ID the process whose language untranslated
 * names are in (ka_mapver_check, the same rule as on save). A map that does
 * not read is 422 with the reader's diagnostic, as on save.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"
#include "kartla/check.h"
#include "kartla/mapver.h"
#include "kartla/banned.h"

#define CHECK_BPMN_MAX (8u * 1024u * 1024u)

static bool xml_body(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	return ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8) ||
	              !strncasecmp(ct, "application/bpmn+xml", 20));
}

/* ?process=ID: a positive id, 0 when absent. */
static int query_process(struct http_req *req, struct http_resp *resp, int64_t *out)
{
	const char *s = http_query(req, "process");
	char *end;
	long long v;

	*out = 0;
	if (!s)
		return 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return http_fail(resp, KA_ERR_USAGE, "process", "process must be a positive id");
	*out = v;
	return 0;
}

static int post_check(struct http_req *req, struct http_resp *resp)
{
	const char *bpmn = NULL;
	const struct http_field fields[] = {
	    {"bpmn", HTTP_F_STRING, HTTP_F_REQUIRED, CHECK_BPMN_MAX, &bpmn, NULL},
	};
	const char *lq = http_query(req, "lang");
	enum ka_lang lang = KA_LANG_EN;
	json_t *out = NULL;
	int64_t pid = 0;
	size_t len = 0;
	int err;

	if (lq && ka_lang_parse(lq, &lang))
		return http_fail(resp, KA_ERR_USAGE, "lang", "lang must be nb, sv or en");
	err = query_process(req, resp, &pid);
	if (err)
		return err;
	if (xml_body(req)) {
		bpmn = req->body.data;
		len = req->body.len;
	} else {
		err = http_require_object(req, resp);
		if (!err)
			err = http_decode(resp, req->json, fields, 1);
		if (err)
			return err;
		len = bpmn ? strlen(bpmn) : 0;
	}
	err = ka_mapver_check(&out, req->st, pid, bpmn, len, lang, &req->diag);
	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, out);
	return 0;
}

const struct http_route api_check_routes[] = {
    {"POST", "/api/check", post_check, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
