/*
 * The server's own interfaces (serve.h is what `kartla serve` sees): the
 * server's state, and the internal interfaces between the glue
 * (http.c), the router, the session layer, static files and the embedded
 * documents. Resource handlers need only http.h.
 */
#ifndef KARTLA_SERVER_SERVER_H
#define KARTLA_SERVER_SERVER_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http.h"
#include "metrics.h"
#include "serve.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* A pool of store connections, one per worker thread. */
struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ka_store **conns;
	bool *busy;
	size_t n;
	struct ka_store_gate *gate; /* the pool's writers queue here (store.h) */
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
	struct ka_search_index *search;         /* the in-memory search index (kartla/search.h) */
	struct in6_addr proxies[HTTP_MAX_TRUSTED_PROXIES]; /* IPv4 as ::ffff:a.b.c.d */
	size_t nproxies;
	atomic_uint active;   /* requests inside on_request (http_server_stop waits for 0) */
	atomic_bool stopping; /* set by http_server_stop: new requests get 503 */
	char uri_mark[2];     /* addresses the URI callback hands on_request: %00, too long */
	struct http_metrics metrics;    /* metrics.h: counted by every request */
	struct MHD_Daemon *metrics_mhd; /* the --metrics-listen listener, or NULL */
	uint16_t metrics_port;
	struct notify_worker *notify; /* notify_worker.h: the e-mail outbox's sender, or NULL */
};

/* Fills srv->proxies from cfg (the loopback addresses when none); KA_ERR_USAGE for a bad one. */
int http_proxies_init(struct http_server *srv, const struct http_config *cfg, struct ka_diag *diag);
/*
 * The client's address into out (NUL-terminated, "unknown" without a peer):
 * the peer's numeric address, or the last entry of `xff` (X-Forwarded-For,
 * may be NULL) when cfg.tls_behind_proxy is set and the peer is a trusted proxy.
 */
void http_client_address(char *out, size_t outsz, const struct http_server *srv,
                         const struct sockaddr *peer, const char *xff);

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

/* session.c: authentication for the glue (the rules are in lib/auth). */
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
