/*
 * The libmicrohttpd glue: starts the daemon (internal epoll thread pool,
 * connection / per-IP / timeout / memory limits), gathers each request's
 * body under a size cap, turns the request into a struct http_req, runs
 * the router, the session layer and the handler with a store connection
 * from the pool, and writes the struct http_resp back with the security
 * headers every response carries.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kartla/search.h"
#include "mapcache.h"
#include "notify_worker.h"
#include "server.h"
#include "kartla/alloc.h"
#include "kartla/auth.h"
#include "kartla/json_dump.h"
#include "kartla/msgcat.h"
#include "kartla/banned.h"

#define STR(x)  #x
#define XSTR(x) STR(x)

/* A body whose Content-Length is beyond this many caps is refused at once (no draining). */
#define DRAIN_FACTOR 16

void http_config_init(struct http_config *cfg)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = ncpu > 0 ? (unsigned)ncpu * 4u : 8u;

	memset(cfg, 0, sizeof(*cfg));
	cfg->listen_host = "127.0.0.1";
	cfg->port = 8080;
	cfg->threads = threads < 4 ? 4 : threads > 32 ? 32 : threads;
	cfg->max_body = 8u * 1024 * 1024;
	cfg->max_log_body = 100u * 1024 * 1024;
	cfg->max_connections = 1024;
	cfg->max_per_ip = 256;
	cfg->timeout_s = 30;
	cfg->conn_memory = 128u * 1024;
	cfg->login_fails = 5;
	cfg->ip_fails = 30;
	cfg->session_ttl_s = 12 * 3600;
	cfg->stop_wait_s = 10;
}

/* What the current-map answer cache may hold. */
#define MAPCACHE_BYTES (256u * 1024u * 1024u)

/* ---- the store pool ---- */

static int pool_open(struct store_pool *p, const char *url, size_t n, struct ka_diag *diag)
{
	size_t i;
	int err;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->conns = ka_xcalloc(n, sizeof(*p->conns));
	p->busy = ka_xcalloc(n, sizeof(*p->busy));
	p->n = n;
	p->gate = ka_store_gate_new();
	for (i = 0; i < n; i++) {
		err = ka_store_open(&p->conns[i], url, diag);
		if (err)
			return err;
		ka_store_set_gate(p->conns[i], p->gate);
	}
	return 0;
}

static void pool_close(struct store_pool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->conns[i])
			ka_store_close(p->conns[i]);
	free(p->conns);
	free(p->busy);
	ka_store_gate_free(p->gate);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
}

static size_t pool_acquire(struct store_pool *p)
{
	size_t i;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (i = 0; i < p->n; i++)
			if (!p->busy[i]) {
				p->busy[i] = true;
				pthread_mutex_unlock(&p->lock);
				return i;
			}
		pthread_cond_wait(&p->cond, &p->lock);
	}
}

static void pool_release(struct store_pool *p, size_t i)
{
	pthread_mutex_lock(&p->lock);
	p->busy[i] = false;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* ---- request helpers ---- */

const char *http_query(const struct http_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

/* Per connection state between the calls of the access handler. */
struct conn_state {
	struct ka_buf body;
	size_t cap; /* the largest body this request may send */
	bool too_big;
	bool refused; /* answered on the first call (414, 431, 400): the rest is ignored */
	uint64_t drained;
};

/* The URI callback's verdicts, handed to on_request as its first *con_cls. */
static bool is_uri_mark(const struct http_server *srv, const void *cs)
{
	return cs == &srv->uri_mark[0] || cs == &srv->uri_mark[1];
}

/*
 * Sees the request target as sent, before MHD decodes it: a "%00" would
 * decode to a NUL that silently cuts the path (or a query value) short, and
 * the length of the undecoded target (query included) is what 414 is about.
 * Nothing is allocated here: MHD may drop the request before on_request.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *srv = cls;
	const char *p;

	(void)conn;
	if (strlen(uri) > HTTP_MAX_URL)
		return &srv->uri_mark[1];
	for (p = strchr(uri, '%'); p; p = strchr(p + 1, '%'))
		if (p[1] == '0' && p[2] == '0')
			return &srv->uri_mark[0];
	return NULL;
}

static enum MHD_Result add_header_len(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
	return MHD_YES;
}

/* Bytes of all request headers as received (names, values, separators). */
static size_t headers_size(struct MHD_Connection *conn)
{
	size_t total = 0;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_len, &total);
	return total;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;

	(void)conn;
	(void)toe;
	if (!cs || is_uri_mark(srv, cs)) {
		*con_cls = NULL;
		return;
	}
	ka_buf_release(&cs->body);
	free(cs);
	*con_cls = NULL;
}

static void client_address(struct http_req *req, const struct http_server *srv,
                           struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	http_client_address(req->client_ip, sizeof(req->client_ip), srv,
	                    ci ? ci->client_addr : NULL, http_header(req, "X-Forwarded-For"));
}

static bool is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	return !strncasecmp(ct, "application/json", n) &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static bool is_unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

static int check_access(struct http_req *req, struct http_resp *resp, enum http_access access)
{
	bool anon_ok = false;
	int err;

	switch (access) {
	case HTTP_PUBLIC:
		return 0;
	case HTTP_READER:
		if (req->actor.user_id)
			return 0;
		err = session_anonymous_read(req, &anon_ok);
		if (err)
			return http_store_fail(resp, err, &req->diag);
		if (anon_ok)
			return 0;
		break;
	case HTTP_SIGNED_IN:
		if (req->actor.user_id)
			return 0;
		break;
	case HTTP_ADMIN:
		if (!req->actor.user_id)
			break;
		if (req->actor.is_admin)
			return 0;
		return http_fail(resp, KA_ERR_PERM, NULL, "this needs an administrator");
	}
	return http_fail(resp, KA_ERR_AUTH, NULL, "sign in first (session cookie or Bearer token)");
}

/* Runs an API route: session, CSRF, access, JSON body, handler. */
static int run_route(struct http_server *srv, struct http_req *req, struct http_resp *resp,
                     const struct http_route *route)
{
	bool csrf_ok = false;
	size_t slot;
	int err;

	uint64_t t_wait = metrics_now_us(), t_held;

	slot = pool_acquire(&srv->pool);
	t_held = metrics_now_us();
	atomic_fetch_add_explicit(&srv->metrics.db_wait_us, t_held - t_wait, memory_order_relaxed);
	req->st = srv->pool.conns[slot];
	err = session_resolve(req, resp, &csrf_ok);
	if (err)
		goto out;
	if (req->actor.user_id && !req->actor.via_token && is_unsafe(req->method) && !csrf_ok) {
		if (route->access == HTTP_PUBLIC) {
			memset(&req->actor, 0, sizeof(req->actor));
		} else {
			err =
			    http_fail(resp, KA_ERR_PERM, NULL,
			              "a cookie-authenticated write needs the X-CSRF-Token header "
			              "(csrf_token from POST /api/login or GET /api/me)");
			snprintf(resp->err_code, sizeof(resp->err_code), "csrf");
			goto out;
		}
	}
	err = check_access(req, resp, route->access);
	if (err)
		goto out;
	if (req->body.len && is_json_type(http_header(req, "Content-Type"))) {
		err = http_parse_json(resp, req->body.data, req->body.len, &req->json);
		if (err)
			goto out;
	}
	err = route->handler(req, resp);
	if (err && !resp->err_code[0]) {
		if (err == KA_ERR_DB || err == KA_ERR_IO || err == KA_ERR_BUSY ||
		    err == KA_ERR_CONFLICT)
			http_store_fail(resp, err, &req->diag);
		else
			http_fail(resp, err, NULL, "%s", ka_strerror(err));
	}
	/*
	 * Anonymous readers (the reading routes without signing in) see people by display
	 * name only: no e-mail addresses, no logins. Public routes (sign-in, health) answer
	 * about the one asking, so they are left as they are.
	 */
	if (!err && !req->actor.user_id && route->access == HTTP_READER && resp->json) {
		err = ka_auth_redact_for_anonymous(req->st, resp->json, &req->diag);
		if (err)
			http_fail_diag(resp, err, &req->diag);
	}
out:
	if (ka_store_in_tx(req->st)) {
		fprintf(stderr, "kartla: serve: bug: %s %s left a transaction open; rolled back\n",
		        req->method, req->path);
		ka_store_rollback(req->st);
	}
	pool_release(&srv->pool, slot);
	atomic_fetch_add_explicit(&srv->metrics.db_us, metrics_now_us() - t_held,
	                          memory_order_relaxed);
	req->st = NULL;
	return err;
}

static void handle(struct http_server *srv, struct http_req *req, struct http_resp *resp,
                   const char *real_method)
{
	const struct http_route *route;
	char allow[sizeof(resp->allow)];

	if (strcmp(req->path, "/api") && strncmp(req->path, "/api/", 5)) {
		if (!strcmp(req->method, "GET")) {
			static_serve(req, resp);
		} else {
			snprintf(resp->allow, sizeof(resp->allow), "GET, HEAD");
			if (!strcmp(real_method, "OPTIONS"))
				resp->status = 204;
			else
				http_fail_status(resp, 405, "method_not_allowed", KA_ERR_USAGE,
				                 NULL, "%s is not allowed here; allowed: GET, HEAD",
				                 real_method);
		}
		return;
	}
	switch (router_match(srv->tables, req, &route, allow, sizeof(allow))) {
	case ROUTER_FOUND:
		run_route(srv, req, resp, route);
		break;
	case ROUTER_NOT_FOUND:
		http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such endpoint: %.200s", req->path);
		break;
	case ROUTER_BAD_METHOD:
		snprintf(resp->allow, sizeof(resp->allow), "%s", allow);
		if (!strcmp(real_method, "OPTIONS"))
			resp->status = 204;
		else
			http_fail_status(resp, 405, "method_not_allowed", KA_ERR_USAGE, NULL,
			                 "%.16s is not allowed on %.200s; allowed: %s", real_method,
			                 req->path, allow);
		break;
	}
}

/* ---- responses ---- */

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (MHD_add_response_header(r, name, value) != MHD_YES)
		fprintf(stderr, "kartla: serve: could not add header %s\n", name);
}

/*
 * {"error":{"code","message","params","field"}}: the message in the asker's
 * language (Accept-Language), the params it was made of (the English
 * message's arguments as text, in order).
 */
static json_t *error_body(const struct http_req *req, const struct http_resp *resp)
{
	const char *lang = ka_msgcat_lang(http_header(req, "Accept-Language"));
	const char *vec[KA_MSG_MAX_PARAMS];
	char msg[sizeof(resp->err_message) * 2];
	json_t *params = json_array(), *b;
	size_t n = 0;

	if (!strcmp(resp->err_diag.message, resp->err_message)) {
		ka_diag_render(&resp->err_diag, lang, msg, sizeof(msg));
		if (resp->err_diag.msgid)
			n = ka_msg_params_vec(&resp->err_diag.params, vec, KA_MSG_MAX_PARAMS);
	} else { /* written over since: as it is */
		snprintf(msg, sizeof(msg), "%s", resp->err_message);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(params, json_string(vec[i]));
	b = json_pack("{s:{s:s, s:s, s:o, s:o}}", "error", "code", resp->err_code, "message", msg,
	              "params", params, "field",
	              resp->err_field[0] ? json_string(resp->err_field) : json_null());
	if (b && resp->err_line) { /* a position in an uploaded file */
		json_t *e = json_object_get(b, "error");
		json_object_set_new(e, "line", json_integer((json_int_t)resp->err_line));
		json_object_set_new(e, "column", json_integer((json_int_t)resp->err_column));
	}
	return b;
}

/* A body of a shared prefix and an owned suffix, freed by MHD when sent. */
struct shared_body {
	char *suffix;
	void (*release)(void *ctx);
	void *ctx;
};

static void shared_body_free(void *cls)
{
	struct shared_body *sb = cls;

	sb->release(sb->ctx);
	free(sb->suffix);
	free(sb);
}

static struct MHD_Response *shared_response(struct http_resp *resp)
{
	struct shared_body *sb = ka_xmalloc(sizeof(*sb));
	struct MHD_IoVec iov[2];
	struct MHD_Response *r;
	size_t len;

	sb->suffix = ka_buf_detach(&resp->body, &len);
	sb->release = resp->prefix_release;
	sb->ctx = resp->prefix_ctx;
	resp->prefix_release = NULL; /* the response owns it now */
	iov[0].iov_base = resp->prefix;
	iov[0].iov_len = resp->prefix_len;
	iov[1].iov_base = sb->suffix;
	iov[1].iov_len = len;
	r = MHD_create_response_from_iovec(iov, 2, shared_body_free, sb);
	if (!r)
		shared_body_free(sb);
	return r;
}

static enum MHD_Result send_response(const struct http_server *srv, struct MHD_Connection *conn,
                                     struct http_req *req, struct http_resp *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	const char *type = resp->content_type;
	char tmp[96];

	if (resp->err_code[0] && !resp->json && !resp->body.len && resp->file_fd < 0)
		resp->json = error_body(req, resp);
	if (resp->file_fd >= 0) {
		r = MHD_create_response_from_fd64(resp->file_size, resp->file_fd);
		resp->file_fd = -1; /* MHD closes it */
	} else if (resp->json) {
		struct ka_buf text;
		size_t len;
		char *data;

		ka_buf_init(&text, KA_BUF_UNLIMITED);
		if (ka_json_dump(resp->json, &text)) {
			fprintf(stderr, "kartla: serve: could not serialise a response\n");
			ka_buf_reset(&text);
			ka_buf_adds(&text, "{\"error\":{\"code\":\"internal\",\"message\":"
			                   "\"internal error\",\"field\":null}}");
			resp->status = 500;
		}
		data = ka_buf_detach(&text, &len);
		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		type = "application/json";
	} else if (resp->prefix_release) {
		r = shared_response(resp);
	} else {
		size_t len;
		char *data = ka_buf_detach(&resp->body, &len);

		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	}
	if (!r) {
		fprintf(stderr, "kartla: serve: could not create a response\n");
		return MHD_NO;
	}
	if (type && resp->status != 204 && resp->status != 304)
		add_header(r, "Content-Type", type);
	add_header(
	    r, "Content-Security-Policy",
	    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "same-origin");
	add_header(r, "X-Frame-Options", "DENY");
	add_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (srv->cfg.tls_behind_proxy)
		add_header(r, "Strict-Transport-Security", "max-age=31536000");
	add_header(r, "Cache-Control", resp->cacheable ? "no-cache" : "no-store");
	if (resp->etag[0]) {
		snprintf(tmp, sizeof(tmp), "\"%s\"", resp->etag);
		add_header(r, "ETag", tmp);
	}
	if (resp->location[0])
		add_header(r, "Location", resp->location);
	if (resp->set_cookie[0])
		add_header(r, "Set-Cookie", resp->set_cookie);
	if (resp->allow[0])
		add_header(r, "Allow", resp->allow);
	if (resp->disposition[0])
		add_header(r, "Content-Disposition", resp->disposition);
	if (resp->retry_after) {
		snprintf(tmp, sizeof(tmp), "%u", resp->retry_after);
		add_header(r, "Retry-After", tmp);
	}
	if (resp->status >= 500)
		fprintf(stderr, "kartla: serve: %s %s -> %d %s\n", req->method, req->path,
		        resp->status, resp->err_message);
	ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answers at once (before the body is read) with an error. */
static enum MHD_Result send_error_now(const struct http_server *srv, struct MHD_Connection *conn,
                                      const char *method, const char *url, int status,
                                      const char *code, const char *msg)
{
	struct http_req req;
	struct http_resp resp;
	enum MHD_Result ret;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	http_resp_init(&resp);
	http_fail_status(&resp, status, code, KA_ERR_USAGE, NULL, "%s", msg);
	ret = send_response(srv, conn, &req, &resp);
	http_resp_release(&resp);
	return ret;
}

/* An event-log upload (POST /api/processes/{id}/logs) may be larger than other bodies. */
static size_t body_cap(const struct http_server *srv, const char *method, const char *url)
{
	const char *p = "/api/processes/", *rest;
	size_t n = strlen(url);

	if (strcmp(method, "POST") || strncmp(url, p, strlen(p)) || n < 5 ||
	    strcmp(url + n - 5, "/logs") || srv->cfg.max_log_body <= srv->cfg.max_body)
		return srv->cfg.max_body;
	rest = url + strlen(p);
	return rest + strspn(rest, "0123456789") == url + n - 5 ? srv->cfg.max_log_body
	                                                        : srv->cfg.max_body;
}

/*
 * The first call of a request (headers read, no body yet): its state, and
 * the answers that need no body. Over-long URLs and headers are answered
 * here rather than by MHD, whose own 414 / 431 lack our headers.
 */
static enum MHD_Result start_request(struct http_server *srv, struct MHD_Connection *conn,
                                     const char *url, const char *method, const char *too_big_msg,
                                     void **con_cls)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	bool nul = *con_cls == &srv->uri_mark[0], too_long = *con_cls == &srv->uri_mark[1];
	struct conn_state *cs = ka_xcalloc(1, sizeof(*cs));

	cs->cap = body_cap(srv, method, url);
	ka_buf_init(&cs->body, cs->cap);
	*con_cls = cs;
	cs->refused = true; /* the rest of a request answered here is ignored */
	if (too_long)
		return send_error_now(srv, conn, method, "(too long)", 414, "uri_too_long",
		                      "the URL is longer than " XSTR(HTTP_MAX_URL) " bytes");
	if (headers_size(conn) > HTTP_MAX_HEADERS)
		return send_error_now(
		    srv, conn, method, url, 431, "headers_too_large",
		    "the request headers are larger than " XSTR(HTTP_MAX_HEADERS) " bytes");
	if (nul)
		return send_error_now(srv, conn, method, url, 400, "bad_request",
		                      "the URL holds an encoded NUL byte (%00)");
	cs->refused = false;
	if (cl) {
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(cl, &end, 10);
		if (errno || *end || n > (unsigned long long)cs->cap * DRAIN_FACTOR)
			return send_error_now(srv, conn, method, url, 413, "too_large",
			                      too_big_msg);
	}
	return MHD_YES;
}

static enum MHD_Result serve_request(struct http_server *srv, struct MHD_Connection *conn,
                                     const char *url, const char *method, const char *upload_data,
                                     size_t *upload_data_size, void **con_cls)
{
	struct conn_state *cs = *con_cls;
	struct http_req req;
	struct http_resp resp;
	enum MHD_Result ret;
	char too_big_msg[128];
	uint64_t t0;

	snprintf(too_big_msg, sizeof(too_big_msg), "the request body is larger than %zu bytes",
	         cs && !is_uri_mark(srv, cs) ? cs->cap : body_cap(srv, method, url));
	if (!cs || is_uri_mark(srv, cs))
		return start_request(srv, conn, url, method, too_big_msg, con_cls);
	if (cs->refused) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_big && ka_buf_add(&cs->body, upload_data, *upload_data_size)) {
			cs->too_big = true;
			ka_buf_release(&cs->body);
		}
		if (cs->too_big) {
			cs->drained += *upload_data_size;
			if (cs->drained > (uint64_t)cs->cap * DRAIN_FACTOR)
				return MHD_NO; /* a sender that does not stop: close */
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	memset(&req, 0, sizeof(req));
	req.method = strcmp(method, "HEAD") ? method : "GET";
	req.path = url;
	req.body = cs->body;
	req.if_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match");
	req.srv = srv;
	req.conn = conn;
	ka_diag_init(&req.diag, NULL);
	client_address(&req, srv, conn);
	{
		const char *proto = http_header(&req, "X-Forwarded-Proto");

		req.secure = srv->cfg.tls_behind_proxy || (proto && !strcasecmp(proto, "https"));
	}
	http_resp_init(&resp);
	t0 = metrics_now_us();
	if (cs->too_big)
		http_fail_status(&resp, 413, "too_large", KA_ERR_TOO_BIG, NULL, "%s", too_big_msg);
	else
		handle(srv, &req, &resp, method);
	ret = send_response(srv, conn, &req, &resp);
	metrics_request(&srv->metrics, (unsigned)resp.status, !strncmp(url, "/api", 4),
	                metrics_now_us() - t0);
	if (resp.file_fd >= 0)
		close(resp.file_fd);
	http_resp_release(&resp);
	if (req.json)
		json_decref(req.json);
	free(req.path_store);
	return ret;
}

/*
 * Counts the requests inside the server's code, so that http_server_stop can
 * wait for them (and only them: idle keep-alive connections are not waited
 * for). Once stopping, a request is refused at once rather than started.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	enum MHD_Result ret;

	(void)version;
	atomic_fetch_add(&srv->active, 1);
	if (atomic_load(&srv->stopping)) {
		ret = *upload_data_size ? MHD_NO
		                        : send_error_now(srv, conn, method, url, 503, "unavailable",
		                                         "the server is shutting down");
		if (*con_cls && !is_uri_mark(srv, *con_cls))
			((struct conn_state *)*con_cls)->refused = true;
	} else {
		ret = serve_request(srv, conn, url, method, upload_data, upload_data_size, con_cls);
	}
	atomic_fetch_sub(&srv->active, 1);
	return ret;
}

/* The metrics listener: GET /metrics, nothing else (metrics.h). */
static enum MHD_Result on_metrics(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct MHD_Response *r;
	struct ka_buf b;
	unsigned status = 200;
	enum MHD_Result ret;

	(void)version;
	(void)upload_data;
	(void)con_cls;
	if (*upload_data_size)
		return MHD_NO;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (strcmp(url, "/metrics")) {
		status = 404;
		ka_buf_adds(&b, "not found: the metrics are at /metrics\n");
	} else if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		status = 405;
		ka_buf_adds(&b, "only GET\n");
	} else if (metrics_render(&srv->metrics, atomic_load(&srv->active), &b)) {
		status = 500;
	}
	r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
	ka_buf_release(&b);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == 405)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fprintf(stderr, "kartla: serve: http: ");
	vfprintf(stderr, fmt, ap);
}

/* ---- start and stop ---- */

static int parse_addr(const char *host, uint16_t port, struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		*v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		*v6 = true;
		return 0;
	}
	return KA_ERR_USAGE;
}

/* The metrics listener on cfg->metrics_host:metrics_port, when configured. */
static int metrics_start(struct http_server *srv, const struct http_config *cfg,
                         struct ka_diag *diag)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *di;
	bool v6;

	if (!cfg->metrics_host)
		return 0;
	if (parse_addr(cfg->metrics_host, cfg->metrics_port, &ss, &v6))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "metrics address '%s' is not a numeric IPv4 or IPv6 address",
		                   cfg->metrics_host);
	srv->metrics_mhd = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0), 0, NULL,
	    NULL, on_metrics, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 16u, MHD_OPTION_CONNECTION_TIMEOUT,
	    10u, MHD_OPTION_END);
	if (!srv->metrics_mhd)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL,
		                   "could not listen for metrics on %s port %u: %s",
		                   cfg->metrics_host, (unsigned)cfg->metrics_port, strerror(errno));
	di = MHD_get_daemon_info(srv->metrics_mhd, MHD_DAEMON_INFO_BIND_PORT);
	srv->metrics_port = di ? di->port : cfg->metrics_port;
	return 0;
}

int http_server_start(struct http_server **out, const struct http_config *cfg, struct ka_diag *diag)
{
	struct http_server *srv;
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *di;
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	bool v6;
	int err;

	*out = NULL;
	if (sodium_init() < 0)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "libsodium could not start");
	if (parse_addr(cfg->listen_host, cfg->port, &ss, &v6))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "listen address '%s' is not a numeric IPv4 or IPv6 address",
		                   cfg->listen_host);
	srv = ka_xcalloc(1, sizeof(*srv));
	srv->cfg = *cfg;
	atomic_init(&srv->active, 0);
	atomic_init(&srv->stopping, false);
	metrics_init(&srv->metrics);
	err = http_proxies_init(srv, cfg, diag);
	if (err)
		goto fail;
	srv->tables = http_route_tables;
	srv->maps = mapcache_new(MAPCACHE_BYTES);
	srv->search = ka_search_index_new();
	if (cfg->web_root) {
		char real[PATH_MAX];

		if (realpath(cfg->web_root, real) && strcmp(real, "/"))
			srv->web_root = ka_xstrdup(real);
	}
	/* Unknown logins are verified against this hash so they take as long as known ones. */
	{
		unsigned char rnd[24];
		char pw[64];

		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
		err = ka_auth_hash_password(srv->dummy_hash, sizeof(srv->dummy_hash), pw);
		if (err) {
			ka_diag_set(diag, err, 0, 0, NULL, "could not hash a password");
			goto fail;
		}
	}
	err = pool_open(&srv->pool, cfg->db_url, cfg->threads, diag);
	if (err)
		goto fail;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv->mhd = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->conn_memory,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
	    srv, MHD_OPTION_END);
	if (!srv->mhd) {
		err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "could not listen on %s port %u: %s",
		                  cfg->listen_host, (unsigned)cfg->port, strerror(errno));
		goto fail;
	}
	di = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : cfg->port;
	err = metrics_start(srv, cfg, diag);
	if (!err)
		err = notify_worker_start(&srv->notify, cfg, srv->port, &srv->metrics, diag);
	if (err)
		goto fail;
	*out = srv;
	return 0;
fail:
	http_server_stop(srv);
	return err;
}

uint16_t http_server_port(const struct http_server *srv)
{
	return srv->port;
}

uint16_t http_server_metrics_port(const struct http_server *srv)
{
	return srv->metrics_mhd ? srv->metrics_port : 0;
}

/* Waits up to `seconds` for the requests inside on_request to end; whether they did. */
static bool wait_idle(struct http_server *srv, unsigned seconds)
{
	const struct timespec tick = {0, 10 * 1000 * 1000};
	unsigned long i;

	for (i = 0; i < seconds * 100ul; i++) {
		if (!atomic_load(&srv->active))
			return true;
		nanosleep(&tick, NULL);
	}
	return !atomic_load(&srv->active);
}

void http_server_stop(struct http_server *srv)
{
	MHD_socket listen_fd = MHD_INVALID_SOCKET;

	if (!srv)
		return;
	if (srv->metrics_mhd)
		MHD_stop_daemon(srv->metrics_mhd);
	srv->metrics_mhd = NULL;
	/* the e-mail worker ends its round (a send in progress completes or times out) */
	notify_worker_stop(srv->notify);
	srv->notify = NULL;
	if (srv->mhd) {
		/* No new connections, no new requests; then a bounded wait for running ones. */
		listen_fd = MHD_quiesce_daemon(srv->mhd);
		atomic_store(&srv->stopping, true);
		if (!wait_idle(srv, srv->cfg.stop_wait_s)) {
			fprintf(stderr,
			        "kartla: serve: %u request(s) still running after %u s; exiting "
			        "without them\n",
			        atomic_load(&srv->active), srv->cfg.stop_wait_s);
			return; /* their threads use the daemon and the pool: leave both */
		}
		MHD_stop_daemon(srv->mhd);
		if (listen_fd != MHD_INVALID_SOCKET)
			close(listen_fd);
	}
	if (srv->pool.n)
		pool_close(&srv->pool);
	mapcache_free(srv->maps);
	ka_search_index_free(srv->search);
	free(srv->web_root);
	free(srv);
}
