/*
 * What `kartla serve` sees of the HTTP server: its configuration and its
 * life (start, port, stop). The server itself (struct http_server) is
 * opaque here; its insides are server.h's, for the server's own files.
 */
#ifndef KARTLA_SERVER_SERVE_H
#define KARTLA_SERVER_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/err.h"

/* KARTLA_VERSION: the project version, from meson.build (-DKARTLA_VERSION). */

struct http_server;
struct ka_oidc;

struct http_config {
	const char *listen_host; /* numeric IPv4 or IPv6 address, default "127.0.0.1" */
	uint16_t port;           /* 0: any free port (http_server_port tells which) */
	const char *db_url;      /* ka_store_open URL */
	const char *web_root;    /* directory of the browser UI, or NULL */
	bool tls_behind_proxy;   /* cookies Secure, HSTS, X-Forwarded-For from trusted_proxies */
	/*
	 * Numeric addresses whose X-Forwarded-For is believed (borrowed; at most
	 * HTTP_MAX_TRUSTED_PROXIES). None given: 127.0.0.1 and ::1. Only used with
	 * tls_behind_proxy; from any other peer the header is ignored.
	 */
	const char *const *trusted_proxies;
	size_t ntrusted_proxies;
	unsigned threads;    /* worker threads (and store connections) */
	size_t max_body;     /* bytes; larger bodies get 413 */
	size_t max_log_body; /* bytes of an event-log upload (POST /api/processes/{id}/logs) */
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned timeout_s;     /* idle connection timeout */
	size_t conn_memory;     /* MHD per-connection memory (headers, buffers) */
	unsigned login_fails;   /* failed logins per (login, address) before growing delays */
	unsigned ip_fails;      /* failed logins per address before growing delays (throttle.h) */
	unsigned session_ttl_s; /* idle lifetime of a session */
	unsigned stop_wait_s;   /* longest wait at shutdown for requests still running */
	/* GET /metrics on an address of its own (metrics.h); metrics_host NULL: none. */
	const char *metrics_host;
	uint16_t metrics_port;
	/*
	 * The address people reach Kartla at ("https://kartla.example.org", no
	 * trailing slash), for links in e-mails and the OpenID Connect redirect;
	 * NULL: http://LISTEN-ADDRESS:PORT.
	 */
	const char *public_url;
	/*
	 * E-mail notifications (lib/notify): the SMTP relay (smtp:// with STARTTLS,
	 * or smtps://; NULL: none, messages wait in the outbox), the sender
	 * address, and AUTH (user NULL: none; the password borrowed, from a file).
	 */
	const char *smtp_url, *smtp_from, *smtp_user, *smtp_password;
	unsigned notify_poll_ms;    /* the worker looks at the outbox this often (default 5000) */
	unsigned notify_backoff_ms; /* first retry after a failed send (default 30000) */
	/* Sign-in through OpenID Connect (kartla/oidc.h; borrowed), or NULL. */
	struct ka_oidc *oidc;
	/* --no-local-passwords: only administrators sign in with a password. */
	bool no_local_passwords;
};

#define HTTP_MAX_TRUSTED_PROXIES 16
/* Longest request target (path and query, as sent) and all request headers: 414 / 431 past. */
#define HTTP_MAX_URL     8192
#define HTTP_MAX_HEADERS 16384

/* Fills the defaults documented in docs/api.md and `kartla serve --help`. */
void http_config_init(struct http_config *cfg);

/*
 * Opens the store connections and starts listening. The schema must be
 * migrated already. On failure `diag` says why. Stop with http_server_stop.
 */
int http_server_start(struct http_server **out, const struct http_config *cfg,
                      struct ka_diag *diag);
uint16_t http_server_port(const struct http_server *srv);
/* The port of the metrics listener (0 when there is none). */
uint16_t http_server_metrics_port(const struct http_server *srv);
/*
 * Stops accepting, lets running requests finish for up to cfg.stop_wait_s
 * seconds, closes the connections, frees. A request still running then (a
 * handler stuck in a system call) is abandoned with the daemon: the process
 * is about to exit, and waiting for it would make SIGTERM hang.
 */
void http_server_stop(struct http_server *srv);

#endif
