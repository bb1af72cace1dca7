/*
 * The server as a whole, for `kartla serve` and for the server's own files:
 * configuration, start/stop, and the internal interfaces between the glue
 * (http.c), the router, the session layer, static files and the embedded
 * documents. Resource handlers need only http.h.
 */
#ifndef KARTLA_SERVER_SERVER_H
#define KARTLA_SERVER_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* KARTLA_VERSION: the project version, from meson.build (-DKARTLA_VERSION). */

struct http_config {
	const char *listen_host; /* numeric IPv4 or IPv6 address, default "127.0.0.1" */
	uint16_t port;           /* 0: any free port (http_server_port tells which) */
	const char *db_url;      /* ka_store_open URL */
	const char *web_root;    /* directory of the browser UI, or NULL */
	bool tls_behind_proxy;   /* cookies Secure, HSTS, X-Forwarded-For trusted */
	unsigned threads;        /* worker threads (and store connections) */
	size_t max_body;         /* bytes; larger bodies get 413 */
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned timeout_s;   /* idle connection timeout */
	size_t conn_memory;   /* MHD per-connection memory (headers, buffers) */
	unsigned login_fails; /* failed logins per login name in the window before 429 */
	unsigned ip_fails;    /* failed logins per client address in the window before 429 */
	unsigned fail_window_s;
	unsigned session_ttl_s; /* idle lifetime of a session */
};

/* Fills the defaults documented in docs/api.md and `kartla serve --help`. */
void http_config_init(struct http_config *cfg);

/* A pool of store connections, one per worker thread. */
struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ka_store **conns;
	bool *busy;
	size_t n;
};

struct http_server {
	struct http_config cfg;
	struct store_pool pool;
	char *web_root;       /* realpath of cfg.web_root, or NULL when absent */
	char dummy_hash[256]; /* a password hash verified for unknown logins (same timing) */
	struct MHD_Daemon *mhd;
	uint16_t port;
	const struct http_route *const *tables; /* routes.c */
	struct mapcache *maps;                  /* current-map answers (mapcache.h) */
};

/*
 * Opens the store connections and starts listening. The schema must be
 * migrated already. On failure `diag` says why. Stop with http_server_stop.
 */
int http_server_start(struct http_server **out, const struct http_config *cfg,
                      struct ka_diag *diag);
uint16_t http_server_port(const struct http_server *srv);
/* Stops accepting, finishes running requests, closes the connections, frees. */
void http_server_stop(struct http_server *srv);

/* routes.c: every api_<area>.c table, NULL-terminated. */
extern const struct http_route *const http_route_tables[];

/* router.c */
enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/*
 * Finds the route for method + path in the NULL-terminated list of tables.
 * On ROUTER_FOUND sets *route and captures the {params} into req (pointing
 * into req->path_store, which the router allocates). On ROUTER_BAD_METHOD
 * fills `allow` with the methods the path has ("GET, HEAD, POST").
 */
enum router_result router_match(const struct http_route *const *tables, struct http_req *req,
                                const struct http_route **route, char *allow, size_t allowsz);

/* A cookie sent with the request, or NULL (http.c). */
const char *http_cookie(const struct http_req *req, const char *name);

/* session.c: authentication for the glue and `kartla serve`. */
#define SESSION_COOKIE "kartla_session"
#define TOKEN_PREFIX   "kt_"

/*
 * Resolves the actor from a Bearer token or the session cookie into
 * req->actor. A bad Bearer token is KA_ERR_AUTH (401); a bad cookie leaves
 * the request anonymous. *csrf_ok tells whether a cookie-authenticated
 * request carried the session's CSRF token.
 */
int session_resolve(struct http_req *req, struct http_resp *resp, bool *csrf_ok);
/* Whether the workspace allows anonymous reading (settings). */
int session_anonymous_read(struct http_req *req, bool *allowed);
/*
 * The workspace settings as JSON (new reference): anonymous_read, and
 * language (the default UI language, null when the UI follows each browser).
 * NULL on a store failure (diag says why).
 */
json_t *session_settings_json(struct ka_store *st, struct ka_diag *diag);

/*
 * Creates the first admin account `login` when the users table is empty.
 * `password` may be NULL for a random one, written to pw_out (>= 32 bytes).
 * *created tells whether an account was made.
 */
int session_bootstrap_admin(struct ka_store *st, const char *login, const char *password,
                            char *pw_out, size_t pw_outsz, bool *created, struct ka_diag *diag);

/* Hashes a password with argon2id (interactive limits) into out[crypto_pwhash_STRBYTES]. */
int session_hash_password(char *out, size_t outsz, const char *password);

/* static.c: GET/HEAD of a file under the web root (or the placeholder page). */
int static_serve(struct http_req *req, struct http_resp *resp);
/* Whether every segment of a request path is a plain name (no "", ".", "..", dotfiles, "\\"). */
bool static_path_is_plain(const char *path);

/* Embedded documents (generated from docs/openapi.yaml and server/placeholder.html). */
extern const unsigned char embed_openapi_yaml[];
extern const size_t embed_openapi_yaml_len;
extern const unsigned char embed_placeholder_html[];
extern const size_t embed_placeholder_html_len;

#endif
