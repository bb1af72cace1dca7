/*
 * libFuzzer target for the request body decoders: the JSON parser the glue
 * uses (duplicate keys rejected) and the table-driven object decoder the
 * handlers use, plus the If-Match list parser (the input as the header).
 * A parsed body written back by the server's JSON writer must give jansson's
 * text. Every outcome must be success with values of the declared types, or an
 * error with a code, a message and the 400/422 status; never a crash, a
 * leak or an out-of-bounds read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "kartla/json_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const struct http_resp *resp, int err)
{
	if (!err)
		return;
	if (!resp->err_code[0] || !resp->err_message[0])
		abort();
	if (resp->status != 400 && resp->status != 422)
		abort();
}

/* The server's JSON writer (lib/json_dump.c) writes what jansson writes. */
static void same_text(const json_t *json)
{
	char *want = json_dumps(json, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (!want || ka_json_dump(json, &b) || strcmp(b.data, want))
		abort();
	ka_buf_release(&b);
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = NULL, *opt = NULL;
	int64_t i = 0;
	double d = 0;
	bool b = false, has_opt = false;
	json_t *obj = NULL, *arr = NULL, *any = NULL, *json = NULL;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 64, &s, NULL},
	    {"n", HTTP_F_INT, 0, 0, &i, NULL},
	    {"x", HTTP_F_NUMBER, HTTP_F_NULLABLE, 0, &d, NULL},
	    {"flag", HTTP_F_BOOL, 0, 0, &b, NULL},
	    {"obj", HTTP_F_OBJECT, 0, 0, &obj, NULL},
	    {"list", HTTP_F_ARRAY, 0, 0, &arr, NULL},
	    {"any", HTTP_F_ANY, 0, 0, &any, NULL},
	    {"opt", HTTP_F_STRING, HTTP_F_NULLABLE, 0, &opt, &has_opt},
	};
	struct http_resp resp;
	struct http_req req;
	char *header;
	int err;

	if (size > 65536)
		return 0;
	http_resp_init(&resp);
	err = http_parse_json(&resp, (const char *)data, size, &json);
	check_error(&resp, err);
	if (!err) {
		if (!json)
			abort();
		same_text(json);
		err = http_decode(&resp, json, fields, sizeof(fields) / sizeof(fields[0]));
		check_error(&resp, err);
		if (!err && (!s || strlen(s) > 64 || !json_is_object(json)))
			abort();
		if (!err && has_opt && opt && !json_is_string(json_object_get(json, "opt")))
			abort();
		json_decref(json);
	}
	http_resp_release(&resp);

	/* The same bytes as an If-Match header. */
	header = malloc(size + 1);
	memcpy(header, data, size);
	header[size] = '\0';
	memset(&req, 0, sizeof(req));
	req.if_match = header;
	http_resp_init(&resp);
	err = http_if_match(&req, &resp, 42, true);
	if (err && err != KA_ERR_STALE)
		abort();
	if (!err && !strstr(header, "*") && !strstr(header, "\"v42\""))
		abort();
	http_resp_release(&resp);
	free(header);
	return 0;
}
