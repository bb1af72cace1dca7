/*
 * The server's contract between the HTTP glue (libmicrohttpd, http.c), the
 * router (router.c) and the resource handlers (api_<area>.c). Handlers see
 * only struct ka_req / struct ka_resp: no MHD types leak out of http.c.
 *
 * A handler validates its input, runs one transaction on req->st and fills
 * the response. It returns 0, or an enum ka_err code after calling
 * http_fail(), which the glue turns into the HTTP status through one table
 * (http_status_of) and the body {"error":{"code","message","field"}}.
 *
 * Ownership: everything in a request lives until the response is sent;
 * resp->json is owned by the response (set it with a new reference).
 */
#ifndef KARTLA_SERVER_HTTP_H
#define KARTLA_SERVER_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/store.h"

#define HTTP_MAX_PARAMS 6

/* Who is asking (0 / false when anonymous). */
struct http_actor {
	int64_t user_id;
	bool is_admin;
	bool via_token; /* API token rather than session cookie */
	char name[128];
};

struct http_req {
	const char *method;                  /* "GET", "POST", ... */
	const char *path;                    /* without the query string */
	const char *params[HTTP_MAX_PARAMS]; /* path parameters captured by the router, in order */
	size_t nparams;
	struct ka_buf body;      /* raw body (capped) */
	json_t *json;            /* body parsed as a JSON object, or NULL (borrowed by handlers) */
	const char *if_match;    /* If-Match header or NULL */
	struct http_actor actor; /* filled by the session layer before the handler runs */
	struct ka_store *st;     /* this worker's connection */
	const struct http_server *srv;
	void *conn; /* the MHD connection, for query arguments (http_query) */
};

struct http_resp {
	int status;               /* default 200 */
	json_t *json;             /* body as JSON (owned), or NULL */
	struct ka_buf body;       /* or raw bytes, with content_type */
	const char *content_type; /* static string */
	char etag[80];            /* written as ETag: "<etag>" when not empty */
	char location[256];       /* Location header when not empty */
	char set_cookie[512];     /* Set-Cookie header when not empty */
	/* The error, when a handler failed. */
	char err_code[48];
	char err_field[128];
	char err_message[512];
};

typedef int (*http_handler)(struct http_req *req, struct http_resp *resp);

/* Who may call a route before the handler's own, finer checks. */
enum http_access {
	HTTP_PUBLIC, /* anyone (login, health, static files) */
	HTTP_READER, /* signed in, or anonymous reading when the workspace allows it */
	HTTP_SIGNED_IN,
	HTTP_ADMIN
};

/* One route: "GET", "/api/processes/{id}" ({name} captures one path segment). */
struct http_route {
	const char *method;
	const char *pattern;
	http_handler handler;
	enum http_access access;
};

/* Each api_<area>.c defines one table, terminated by a route with method NULL. */
extern const struct http_route api_session_routes[];

/*
 * Records an error on the response and returns `err` (for `return
 * http_fail(...)`). `field` names the offending JSON field or NULL.
 */
int http_fail(struct http_resp *resp, int err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The HTTP status for an error code (one table: 400, 401, 403, 404, 409, 412, 413, 422, 500). */
int http_status_of(int err);

/* A query-string argument or NULL. */
const char *http_query(const struct http_req *req, const char *name);

/* Sets a JSON body (steals the reference) and status. */
void http_json(struct http_resp *resp, int status, json_t *body);

#endif
