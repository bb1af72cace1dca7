/*
 * Unit tests for server/: router, decoders, error table, If-Match, pagination,
 * path check, the client address behind a trusted proxy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static enum router_result route(const char *method, const char *path, struct http_req *req,
                                const struct http_route **r, char *allow, size_t allowsz)
{
	memset(req, 0, sizeof(*req));
	req->method = method;
	req->path = path;
	return router_match(http_route_tables, req, r, allow, allowsz);
}

static void test_router(void **state)
{
	const struct http_route *r;
	struct http_req req;
	char allow[96];

	(void)state;
	assert_int_equal(route("GET", "/api/health", &req, &r, allow, sizeof(allow)), ROUTER_FOUND);
	assert_string_equal(r->pattern, "/api/health");
	assert_int_equal(req.nparams, 0);
	free(req.path_store);

	assert_int_equal(route("PATCH", "/api/users/42", &req, &r, allow, sizeof(allow)),
	                 ROUTER_FOUND);
	assert_string_equal(r->pattern, "/api/users/{id}");
	assert_int_equal(req.nparams, 1);
	assert_string_equal(req.params[0], "42");
	free(req.path_store);

	assert_int_equal(route("PUT", "/api/users", &req, &r, allow, sizeof(allow)),
	                 ROUTER_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_null(r);
	free(req.path_store);

	/* exact matching: no trailing slash, no empty parameter, no extra segment */
	assert_int_equal(route("GET", "/api/health/", &req, &r, allow, sizeof(allow)),
	                 ROUTER_NOT_FOUND);
	free(req.path_store);
	assert_int_equal(route("GET", "/api/users/", &req, &r, allow, sizeof(allow)),
	                 ROUTER_NOT_FOUND);
	free(req.path_store);
	assert_int_equal(route("GET", "/api/users/1/2", &req, &r, allow, sizeof(allow)),
	                 ROUTER_NOT_FOUND);
	free(req.path_store);
	assert_int_equal(route("GET", "api/health", &req, &r, allow, sizeof(allow)),
	                 ROUTER_NOT_FOUND);
	free(req.path_store);
	assert_int_equal(route("GET", "/API/HEALTH", &req, &r, allow, sizeof(allow)),
	                 ROUTER_NOT_FOUND);
	free(req.path_store);
	{
		char deep[200];
		size_t i;

		for (i = 0; i < 40; i++)
			memcpy(deep + i * 2, "/a", 2);
		deep[80] = '\0';
		assert_int_equal(route("GET", deep, &req, &r, allow, sizeof(allow)),
		                 ROUTER_NOT_FOUND);
		free(req.path_store);
	}
}

static void test_parse_json(void **state)
{
	struct http_resp resp;
	json_t *j;

	(void)state;
	http_resp_init(&resp);
	assert_int_equal(http_parse_json(&resp, "{\"a\": 1}", 8, &j), 0);
	assert_true(json_is_object(j));
	json_decref(j);

	assert_int_equal(http_parse_json(&resp, "{\"a\": 1,\n \"a\": 2}", 18, &j), KA_ERR_USAGE);
	assert_null(j);
	assert_int_equal(resp.status, 400);
	assert_string_equal(resp.err_code, "bad_request");
	assert_non_null(strstr(resp.err_message, "line 2"));
	assert_non_null(strstr(resp.err_message, "duplicate"));
	http_resp_release(&resp);

	http_resp_init(&resp);
	assert_int_equal(http_parse_json(&resp, "{\"a\": \"\\u0000\"}", 15, &j), KA_ERR_USAGE);
	assert_int_equal(http_parse_json(&resp, "42", 2, &j), KA_ERR_USAGE);
	assert_int_equal(http_parse_json(&resp, "", 0, &j), KA_ERR_USAGE);
	http_resp_release(&resp);
}

static int decode(const char *text, struct http_resp *resp)
{
	const char *s = NULL;
	int64_t i = 0;
	bool b = false, has_b = false;
	const struct http_field fields[] = {
	    {"name", HTTP_F_STRING, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 5, &s, NULL},
	    {"n", HTTP_F_INT, HTTP_F_NULLABLE, 0, &i, NULL},
	    {"b", HTTP_F_BOOL, 0, 0, &b, &has_b},
	};
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	int err;

	assert_non_null(j);
	http_resp_init(resp);
	err = http_decode(resp, j, fields, 3);
	if (!err)
		assert_non_null(s);
	json_decref(j);
	return err;
}

static void test_decode(void **state)
{
	struct http_resp resp;
	const struct {
		const char *json;
		int err;
		const char *field;
	} cases[] = {
	    {"{\"name\": \"abc\"}", 0, ""},
	    {"{\"name\": \"abc\", \"n\": null, \"b\": false}", 0, ""},
	    {"{}", KA_ERR_INVALID, "name"},
	    {"{\"name\": 1}", KA_ERR_INVALID, "name"},
	    {"{\"name\": \"  \"}", KA_ERR_INVALID, "name"},
	    {"{\"name\": \"abcdef\"}", KA_ERR_INVALID, "name"},
	    {"{\"name\": \"a\", \"n\": 1.5}", KA_ERR_INVALID, "n"},
	    {"{\"name\": \"a\", \"n\": \"1\"}", KA_ERR_INVALID, "n"},
	    {"{\"name\": \"a\", \"b\": 1}", KA_ERR_INVALID, "b"},
	    {"{\"name\": \"a\", \"b\": null}", KA_ERR_INVALID, "b"},
	    {"{\"name\": \"a\", \"extra\": 1}", KA_ERR_INVALID, "extra"},
	    {"[]", KA_ERR_USAGE, ""},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int err = decode(cases[k].json, &resp);

		assert_int_equal(err, cases[k].err);
		assert_string_equal(resp.err_field, cases[k].field);
		if (err)
			assert_int_equal(resp.status, err == KA_ERR_INVALID ? 422 : 400);
		http_resp_release(&resp);
	}
}

static void test_status_table(void **state)
{
	(void)state;
	assert_int_equal(http_status_of(0), 200);
	assert_int_equal(http_status_of(KA_ERR_USAGE), 400);
	assert_int_equal(http_status_of(KA_ERR_AUTH), 401);
	assert_int_equal(http_status_of(KA_ERR_PERM), 403);
	assert_int_equal(http_status_of(KA_ERR_NOT_FOUND), 404);
	assert_int_equal(http_status_of(KA_ERR_CONFLICT), 409);
	assert_int_equal(http_status_of(KA_ERR_STALE), 412);
	assert_int_equal(http_status_of(KA_ERR_TOO_BIG), 413);
	assert_int_equal(http_status_of(KA_ERR_INVALID), 422);
	assert_int_equal(http_status_of(KA_ERR_BPMN), 422);
	assert_int_equal(http_status_of(KA_ERR_BUSY), 503);
	assert_int_equal(http_status_of(KA_ERR_DB), 500);
	assert_string_equal(http_code_of(KA_ERR_STALE), "stale");
}

static int if_match(const char *header, bool required, struct http_resp *resp)
{
	struct http_req req;

	memset(&req, 0, sizeof(req));
	req.if_match = header;
	http_resp_init(resp);
	return http_if_match(&req, resp, 7, required);
}

static void test_if_match(void **state)
{
	struct http_resp resp;

	(void)state;
	assert_int_equal(if_match(NULL, false, &resp), 0);
	assert_int_equal(if_match(NULL, true, &resp), KA_ERR_STALE);
	assert_int_equal(resp.status, 428);
	assert_int_equal(if_match("\"v7\"", true, &resp), 0);
	assert_int_equal(if_match("\"v6\", \"v7\"", true, &resp), 0);
	assert_int_equal(if_match("*", true, &resp), 0);
	assert_int_equal(if_match("W/\"v7\"", true, &resp), KA_ERR_STALE);
	assert_int_equal(if_match("\"v6\"", true, &resp), KA_ERR_STALE);
	assert_int_equal(resp.status, 412);
	assert_string_equal(resp.etag, "v7");
	assert_int_equal(if_match("v7", true, &resp), KA_ERR_STALE);
	assert_int_equal(if_match("\"v7", true, &resp), KA_ERR_STALE);
	assert_int_equal(if_match("\"v77\"", true, &resp), KA_ERR_STALE);
}

/* A store's own text never reaches a client; the library's messages and fields do. */
static void test_fail_diag(void **state)
{
	struct http_resp resp;
	struct ka_diag d;

	(void)state;
	http_resp_init(&resp);
	ka_diag_init(&d, NULL);
	ka_diag_set(&d, KA_ERR_CONFLICT, 0, 0, NULL, "UNIQUE constraint failed: users.login");
	d.backend = true;
	assert_int_equal(http_fail_diag(&resp, KA_ERR_CONFLICT, &d), KA_ERR_CONFLICT);
	assert_int_equal(resp.status, 409);
	assert_string_equal(resp.err_message, "the change conflicts with existing data");
	http_resp_release(&resp);

	http_resp_init(&resp);
	ka_diag_set(&d, KA_ERR_CONFLICT, 0, 0, "name", "a process under this parent is called so");
	assert_false(d.backend); /* a library message replaces the backend's */
	http_fail_diag(&resp, KA_ERR_CONFLICT, &d);
	assert_string_equal(resp.err_message, "a process under this parent is called so");
	assert_string_equal(resp.err_field, "name");
	/* the first error recorded wins */
	http_fail_diag(&resp, KA_ERR_DB, &d);
	assert_int_equal(resp.status, 409);
	http_resp_release(&resp);

	http_resp_init(&resp);
	ka_diag_set(&d, KA_ERR_DB, 0, 0, NULL, "no such table: secrets");
	d.backend = true;
	http_fail_diag(&resp, KA_ERR_DB, &d);
	assert_int_equal(resp.status, 500);
	assert_null(strstr(resp.err_message, "secrets"));
	http_resp_release(&resp);
}

static void test_etag_row(void **state)
{
	struct ka_val vals[2] = {{.type = KA_VAL_INT, .i = 1},
	                         {.type = KA_VAL_TEXT, .s = "ab", .len = 2}};
	struct ka_rows rows = {.nrows = 1, .ncols = 2, .vals = vals};
	char a[32], b[32], c[32];

	(void)state;
	http_etag_row(a, &rows, 0);
	assert_int_equal(strlen(a), 17);
	assert_int_equal(a[0], 'h');
	vals[1].s = "ac";
	http_etag_row(b, &rows, 0);
	assert_string_not_equal(a, b);
	/* the same bytes as another type give another tag */
	vals[1].type = KA_VAL_BLOB;
	http_etag_row(c, &rows, 0);
	assert_string_not_equal(b, c);
}

static void test_static_path(void **state)
{
	const char *ok[] = {"/", "/index.html", "/assets/app.js", "/a/b/", "/a-b_c.d"};
	const char *bad[] = {"",      "x",         "//",    "/../etc", "/a/../b",
	                     "/.env", "/a/.git/x", "/a//b", "/a\\b",   "/a\tb"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_true(static_path_is_plain(ok[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(static_path_is_plain(bad[i]));
}

static const char *client(const struct http_server *srv, const char *peer, const char *xff)
{
	static char out[64];
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;

	memset(&in4, 0, sizeof(in4));
	memset(&in6, 0, sizeof(in6));
	if (inet_pton(AF_INET, peer, &in4.sin_addr) == 1) {
		in4.sin_family = AF_INET;
		http_client_address(out, sizeof(out), srv, (struct sockaddr *)&in4, xff);
	} else {
		assert_int_equal(inet_pton(AF_INET6, peer, &in6.sin6_addr), 1);
		in6.sin6_family = AF_INET6;
		http_client_address(out, sizeof(out), srv, (struct sockaddr *)&in6, xff);
	}
	return out;
}

static void test_client_address(void **state)
{
	static const char *const proxies[] = {"10.0.0.5", "fd00::5"};
	struct http_server *srv = calloc(1, sizeof(*srv));
	struct ka_diag d;
	char out[64];

	(void)state;
	ka_diag_init(&d, NULL);
	http_config_init(&srv->cfg);
	/* Without --tls-behind-proxy the header is never believed. */
	assert_int_equal(http_proxies_init(srv, &srv->cfg, &d), 0);
	assert_string_equal(client(srv, "127.0.0.1", "203.0.113.9"), "127.0.0.1");
	/* With it, by default only from the loopback addresses (IPv4-mapped too). */
	srv->cfg.tls_behind_proxy = true;
	assert_string_equal(client(srv, "127.0.0.1", "198.51.100.7, 203.0.113.9"), "203.0.113.9");
	assert_string_equal(client(srv, "::1", "203.0.113.9"), "203.0.113.9");
	assert_string_equal(client(srv, "::ffff:127.0.0.1", "203.0.113.9"), "203.0.113.9");
	assert_string_equal(client(srv, "192.0.2.1", "203.0.113.9"), "192.0.2.1");
	assert_string_equal(client(srv, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client(srv, "127.0.0.1", ""), "127.0.0.1");
	/* Configured proxies replace the default. */
	srv->cfg.trusted_proxies = proxies;
	srv->cfg.ntrusted_proxies = 2;
	assert_int_equal(http_proxies_init(srv, &srv->cfg, &d), 0);
	assert_string_equal(client(srv, "10.0.0.5", "203.0.113.9"), "203.0.113.9");
	assert_string_equal(client(srv, "fd00::5", "203.0.113.9"), "203.0.113.9");
	assert_string_equal(client(srv, "127.0.0.1", "203.0.113.9"), "127.0.0.1");
	assert_string_equal(client(srv, "10.0.0.6", "203.0.113.9"), "10.0.0.6");
	/* A bad address and too many are refused. */
	srv->cfg.ntrusted_proxies = 1;
	srv->cfg.trusted_proxies = (const char *const[]){"proxy.example"};
	assert_int_equal(http_proxies_init(srv, &srv->cfg, &d), KA_ERR_USAGE);
	assert_non_null(strstr(d.message, "proxy.example"));
	srv->cfg.ntrusted_proxies = HTTP_MAX_TRUSTED_PROXIES + 1;
	assert_int_equal(http_proxies_init(srv, &srv->cfg, &d), KA_ERR_USAGE);
	/* No peer at all. */
	http_client_address(out, sizeof(out), srv, NULL, "203.0.113.9");
	assert_string_equal(out, "unknown");
	free(srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_router),         cmocka_unit_test(test_parse_json),
	    cmocka_unit_test(test_decode),         cmocka_unit_test(test_status_table),
	    cmocka_unit_test(test_if_match),       cmocka_unit_test(test_etag_row),
	    cmocka_unit_test(test_fail_diag),      cmocka_unit_test(test_static_path),
	    cmocka_unit_test(test_client_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
