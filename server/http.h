/*
 * The server's contract between the HTTP glue (libmicrohttpd, http.c), the
 * router (router.c) and the resource handlers (api_<area>.c). Handlers see
 * only struct http_req / struct http_resp: no MHD types leak out of http.c.
 *
 * A handler validates its input, runs one transaction on req->st and fills
 * the response. It returns 0, or an enum ka_err code after calling
 * http_fail(), which the glue turns into the HTTP status through one table
 * (http_status_of) and the body {"error":{"code","message","field"}}.
 * A handler that returns an error without calling http_fail() gets a
 * generic message for the code; KA_ERR_DB is logged (with req->diag) and
 * answered with 500 "internal".
 *
 * Before the handler runs the glue has: matched the route, resolved the
 * actor (session cookie or Bearer token), enforced the route's access
 * level and the CSRF token on cookie-authenticated writes, and parsed a
 * JSON body (Content-Type application/json) into req->json, rejecting
 * malformed JSON and duplicate keys with 400.
 *
 * Transactions: a handler that calls ka_store_begin() must end it with
 * ka_store_commit() or ka_store_rollback() on every path; the glue rolls
 * back a transaction left open (and logs it as a bug).
 *
 * Ownership: everything in a request lives until the response is sent;
 * resp->json is owned by the response (set it with a new reference).
 * Pointers returned by http_query() and http_header() live as long as the
 * request.
 */
#ifndef KARTLA_SERVER_HTTP_H
#define KARTLA_SERVER_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/buf.h"
#include "kartla/store.h"

#define HTTP_MAX_PARAMS 6

struct http_server;

/* Who is asking (0 / false when anonymous). */
struct http_actor {
	int64_t user_id;
	bool is_admin;
	bool via_token;     /* API token rather than session cookie */
	int64_t session_id; /* the session row when via cookie, else 0 */
	int64_t token_id;   /* the api_tokens row when via token, else 0 */
	char name[128];     /* the login name */
};

struct http_req {
	const char *method;                  /* "GET", "POST", ... (HEAD is routed as GET) */
	const char *path;                    /* percent-decoded, without the query string */
	const char *params[HTTP_MAX_PARAMS]; /* path parameters captured by the router, in order */
	size_t nparams;
	struct ka_buf body;      /* raw body (capped) */
	json_t *json;            /* body parsed as JSON, or NULL (borrowed by handlers) */
	const char *if_match;    /* If-Match header or NULL */
	struct http_actor actor; /* filled by the session layer before the handler runs */
	struct ka_store *st;     /* this worker's connection */
	const struct http_server *srv;
	void *conn;         /* the MHD connection, for query arguments (http_query) */
	char client_ip[64]; /* the peer (or X-Forwarded-For behind a trusted proxy) */
	bool secure; /* the client reached us over TLS (proxy header or --tls-behind-proxy) */
	struct ka_diag diag; /* for store calls; logged when the handler fails with KA_ERR_DB */
	char *path_store;    /* private: the router's copy of the path the params point into */
};

struct http_resp {
	int status;               /* default 200 */
	json_t *json;             /* body as JSON (owned), or NULL */
	struct ka_buf body;       /* or raw bytes, with content_type */
	const char *content_type; /* static string */
	/*
	 * Optional bytes sent before `body`, shared with other responses:
	 * prefix_release(prefix_ctx) is called once they are no longer needed
	 * (after sending, or by http_resp_release when never sent).
	 */
	const char *prefix;
	size_t prefix_len;
	void (*prefix_release)(void *ctx);
	void *prefix_ctx;
	int file_fd;           /* or a file to send (the glue closes it), -1 when none */
	uint64_t file_size;    /* bytes of file_fd to send */
	char etag[80];         /* written as ETag: "<etag>" when not empty */
	char location[2048];   /* Location header when not empty (a provider's sign-in URL) */
	char set_cookie[512];  /* Set-Cookie header when not empty */
	char allow[96];        /* Allow header when not empty (405, OPTIONS) */
	char disposition[640]; /* Content-Disposition header when not empty (downloads) */
	unsigned retry_after;  /* Retry-After seconds when not 0 (429, 503) */
	bool cacheable;        /* false: Cache-Control: no-store (the default for the API) */
	/* The error, when a handler failed. */
	char err_code[48];
	char err_field[128];
	char err_message[512]; /* in English */
	/* what err_message was made from, rendered in the asker's language when sent */
	struct ka_diag err_diag;
	unsigned long err_line, err_column; /* where in an uploaded file, when not 0 */
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

/*
 * Each api_<area>.c defines one table, terminated by a route with method
 * NULL, and adds it to the list in routes.c.
 */
extern const struct http_route api_session_routes[];
extern const struct http_route api_health_routes[];
extern const struct http_route api_processes_routes[];
extern const struct http_route api_audit_routes[];
extern const struct http_route api_maps_routes[];
extern const struct http_route api_import_routes[];
extern const struct http_route api_mypage_routes[];
extern const struct http_route api_reviews_routes[];
extern const struct http_route api_org_routes[];
extern const struct http_route api_roledesc_routes[];
extern const struct http_route api_networks_routes[];
extern const struct http_route api_training_routes[];
extern const struct http_route api_assignments_routes[];
extern const struct http_route api_forms_routes[];
extern const struct http_route api_handbook_routes[];
extern const struct http_route api_search_routes[];
extern const struct http_route api_check_routes[];
extern const struct http_route api_layout_routes[];
extern const struct http_route api_risk_routes[];
extern const struct http_route api_risk_view_routes[];
extern const struct http_route api_leadtime_routes[];
extern const struct http_route api_logs_routes[];
extern const struct http_route api_readconf_routes[];
extern const struct http_route api_notify_routes[];
extern const struct http_route api_oidc_routes[];

/*
 * Records an error on the response and returns `err` (for `return
 * http_fail(...)`). `field` names the offending JSON field or NULL. The
 * status and the machine-readable code come from `err` (http_status_of,
 * http_code_of).
 */
int http_fail(struct http_resp *resp, int err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * The one way a library failure becomes an answer: the status and code
 * from `err` (http_status_of), the message from diag->message and the
 * field from diag->element_id. KA_ERR_DB and KA_ERR_IO are logged with the
 * diagnostic and answered 500 "internal error" (the backend's text is
 * never sent); KA_ERR_BUSY is 503 with Retry-After. An error already
 * recorded on the response (a 404 or 422 from an earlier step) is kept,
 * never overwritten by a later one. Returns `err`.
 */
int http_fail_diag(struct http_resp *resp, int err, const struct ka_diag *diag);

/* The library's view of the request's actor (name borrowed from req). */
struct ka_actor http_ka_actor(const struct http_req *req);

/*
 * Like http_fail for answers that no ka_err code names (405, 415, 429):
 * sets `status` and the error `code` string explicitly; returns `err`.
 */
int http_fail_status(struct http_resp *resp, int status, const char *code, int err,
                     const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Records a failed store call: KA_ERR_CONFLICT becomes 409, KA_ERR_BUSY 503
 * with Retry-After, anything else 500 (the backend's message in `diag` is
 * logged, never sent). Returns `err`.
 */
int http_store_fail(struct http_resp *resp, int err, const struct ka_diag *diag);

/*
 * The HTTP status for an error code (one table: 400, 401, 403, 404, 409,
 * 412, 413, 422, 500, 503) and the code string in error bodies.
 */
int http_status_of(int err);
const char *http_code_of(int err);

/* A query-string argument or NULL. */
const char *http_query(const struct http_req *req, const char *name);

/* A request header (case-insensitive name) or NULL. */
const char *http_header(const struct http_req *req, const char *name);

/* Sets a JSON body (steals the reference) and status. */
void http_json(struct http_resp *resp, int status, json_t *body);

/*
 * Requires req->json to be a JSON object (fails with 400 when the body is
 * missing, 415 when it is not application/json). Returns 0 or the error.
 */
int http_require_object(struct http_req *req, struct http_resp *resp);

/* Parses path parameter `i` as a positive id; a malformed id is 404. */
int http_param_id(const struct http_req *req, struct http_resp *resp, size_t i, int64_t *out);

/*
 * Pagination (docs/api.md): ?limit=N (1..HTTP_PAGE_MAX, default
 * HTTP_PAGE_DEFAULT) and ?offset=N (>= 0). A bad value is 400 with the
 * parameter as the field. Lists answer {"items":[...],"total":N,
 * "limit":L,"offset":O} (http_page_json).
 */
#define HTTP_PAGE_DEFAULT 50
#define HTTP_PAGE_MAX     500

struct http_page {
	int64_t limit;
	int64_t offset;
};

int http_page_parse(const struct http_req *req, struct http_resp *resp, struct http_page *pg);
/* Builds the list envelope; steals `items`. */
json_t *http_page_json(const struct http_page *pg, json_t *items, int64_t total);

/*
 * Optimistic concurrency. A resource's ETag is its row version: "v<N>".
 * http_etag sets the response's ETag; http_if_match checks the request's
 * If-Match against the current version (inside the write transaction,
 * before writing): 0 when it matches or, if !required, is absent;
 * KA_ERR_STALE (412) when it does not match, or 428 (also KA_ERR_STALE)
 * when required and absent. `*` matches any version; weak tags never do.
 */
void http_etag(struct http_resp *resp, int64_t version);
int http_if_match(const struct http_req *req, struct http_resp *resp, int64_t version,
                  bool required);
/*
 * For rows without a version column: the ETag is a hash of every value of
 * row `r` ("h" + 16 hex digits), so any change to the row changes it.
 */
void http_etag_row(char out[32], const struct ka_rows *rows, size_t r);
/*
 * The version the request's If-Match names, for a library function that
 * compares it with the row's: -1 when there is none (or "*"); the version
 * of its first strong tag "v<N>"; 0 (matches no row) when it names none.
 * The one parser of the header for every handler.
 */
int64_t http_if_match_version(const struct http_req *req);
/*
 * Answers a failed library call (http_fail_diag); on KA_ERR_STALE the
 * answer also carries the row's current ETag (`version`, when > 0).
 */
int http_fail_stale(struct http_req *req, struct http_resp *resp, int err, int64_t version);
/* http_if_match against an ETag computed by the caller (without quotes). */
int http_if_match_tag(const struct http_req *req, struct http_resp *resp, const char *tag,
                      bool required);

/*
 * Records a write in audit_log inside the caller's transaction: who
 * (actor), what (action "create" / "update" / "delete" / ..., object type
 * and id), and the object before and after as JSON (either may be NULL;
 * borrowed). Secrets must not be in before/after.
 */
int http_audit(struct ka_store *st, const struct http_actor *actor, const char *action,
               const char *object_type, int64_t object_id, const json_t *before,
               const json_t *after, struct ka_diag *diag);

/*
 * Audit rows (columns id, at, user_id, actor, action, object_type,
 * object_id, before_json, after_json) as a new JSON array of entries.
 */
json_t *http_audit_items(const struct ka_rows *rows);

/*
 * Decoding a JSON object into C values, with precise errors: unknown
 * fields, missing required fields, wrong types, strings too long or empty
 * are KA_ERR_INVALID (422) naming the field. Outputs are borrowed from the
 * JSON (strings) or copied (numbers, booleans).
 */
enum http_ftype {
	HTTP_F_STRING, /* out: const char ** */
	HTTP_F_INT,    /* out: int64_t * (JSON integer only) */
	HTTP_F_NUMBER, /* out: double * (integer or real) */
	HTTP_F_BOOL,   /* out: bool * */
	HTTP_F_OBJECT, /* out: json_t ** (borrowed) */
	HTTP_F_ARRAY,  /* out: json_t ** (borrowed) */
	HTTP_F_ANY     /* out: json_t ** (borrowed) */
};

#define HTTP_F_REQUIRED 0x1u /* missing is an error */
#define HTTP_F_NULLABLE                                                                            \
	0x2u                 /* JSON null is accepted (and reported through *present, out unset)   \
	                      */
#define HTTP_F_NONEMPTY 0x4u /* strings: not empty and not only whitespace */

#define HTTP_STRING_MAX_DEFAULT 10000 /* bytes, when max_len is 0 */

struct http_field {
	const char *name;
	enum http_ftype type;
	unsigned flags;
	size_t max_len; /* strings: maximum bytes (0: HTTP_STRING_MAX_DEFAULT) */
	void *out;      /* see enum http_ftype; may be NULL */
	bool *present;  /* set to true when the field is in the object (may be NULL) */
};

/* Decodes `obj` (a JSON object) against the `n` fields. Returns 0 or KA_ERR_INVALID. */
int http_decode(struct http_resp *resp, const json_t *obj, const struct http_field *fields,
                size_t n);

/*
 * Parses a request body as JSON for the glue and the fuzzer: rejects
 * duplicate keys, NUL characters and a top level that is not an object or
 * array; on failure records 400 "bad_json" with the line and column.
 */
int http_parse_json(struct http_resp *resp, const char *data, size_t len, json_t **out);

/* Initialises / releases a response (the glue does this around handlers). */
void http_resp_init(struct http_resp *resp);
void http_resp_release(struct http_resp *resp);

#endif
