/*
 * `kartla serve`: opens (creating and migrating) the database, makes the
 * first admin account on a new database, starts the HTTP server and runs
 * until SIGINT or SIGTERM, then stops cleanly (running requests finish,
 * connections close).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli.h"
#include "kartla/auth.h"
#include "kartla/demo.h"
#include "serve.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: kartla serve [options]\n"
	    "  --listen ADDR:PORT    address to listen on (default 127.0.0.1:8080; port 0: any\n"
	    "                        free port; IPv6 as [::1]:8080)\n"
	    "  --data DIR            data directory for the SQLite database (default "
	    "./kartla-data)\n"
	    "  --db URL              database: sqlite:PATH or postgresql://... (overrides --data)\n"
	    "  --web DIR             browser UI to serve (default web/dist when it exists)\n"
	    "  --no-demo             do not seed the demo workspace into a new database\n"
	    "  --tls-behind-proxy    a TLS proxy is in front: Secure cookies, HSTS,\n"
	    "                        X-Forwarded-For trusted for the client address\n"
	    "                        when the connection comes from a trusted proxy\n"
	    "  --trusted-proxy ADDR  the proxy's numeric address (repeatable; default\n"
	    "                        127.0.0.1 and ::1); needs --tls-behind-proxy\n"
	    "  --threads N           worker threads and database connections\n"
	    "  --max-body SIZE       largest request body (default 8M)\n"
	    "  --max-log-size SIZE   largest event-log upload (default 100M)\n"
	    "  --max-connections N   connections in all (default 1024)\n"
	    "  --max-per-ip N        connections per client address (default 256)\n"
	    "  --login-limit N       failed logins per login name and address before growing\n"
	    "                        delays (default 5)\n"
	    "  --ip-login-limit N    failed logins per client address before growing delays\n"
	    "                        (default 30)\n"
	    "A new database gets an administrator 'admin' whose password is printed once\n"
	    "(or taken from the environment variable KARTLA_ADMIN_PASSWORD).\n");
}

static int parse_listen(const char *s, char *host, size_t hostsz, uint16_t *port)
{
	const char *colon;
	char *end;
	unsigned long p;
	size_t hl;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -1;
		hl = (size_t)(close - s - 1);
		if (hl >= hostsz)
			return -1;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
		if (hl >= hostsz)
			return -1;
		memcpy(host, s, hl);
		host[hl] = '\0';
		if (!hl || !strcmp(host, "localhost"))
			snprintf(host, hostsz, "127.0.0.1");
	}
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p > 65535)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

static int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || s[0] == '-' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* The hidden --bench-seed P,E,S: the benchmark's workspace instead of the demo. */
struct bench_seed {
	int processes, elements, submitted;
};

/*
 * Opens, migrates and bootstraps the database; seeds the demo (or the
 * benchmark's) workspace into a new one; prints the admin and demo logins.
 */
static int prepare_db(const char *url, bool demo, const struct bench_seed *bench)
{
	struct ka_store *st = NULL;
	struct ka_diag diag;
	char pw[128];
	bool created = false, seeded = false;
	int err;

	ka_diag_init(&diag, url);
	err = ka_store_open(&st, url, &diag);
	if (!err)
		err = ka_store_migrate(st, &diag);
	if (!err)
		err = ka_auth_bootstrap_admin(st, "admin", getenv("KARTLA_ADMIN_PASSWORD"), pw,
		                              sizeof(pw), &created, &diag);
	/* The demo workspace, only into a new database (ka_demo_seed checks again). */
	if (!err && bench && created) {
		err = ka_demo_bench_seed(st, bench->processes, bench->elements, bench->submitted,
		                         &diag);
		if (!err)
			printf("bench workspace seeded: %d processes, about %d map elements\n",
			       bench->processes, bench->elements);
	} else if (!err && demo && created) {
		char hash[crypto_pwhash_STRBYTES];

		err = ka_auth_hash_password(hash, sizeof(hash), KA_DEMO_PASSWORD);
		if (err)
			ka_diag_set(&diag, err, 0, 0, NULL, "cannot hash the demo password");
		else
			err = ka_demo_seed(st, hash, &seeded, &diag);
	}
	if (st)
		ka_store_close(st);
	if (err) {
		fprintf(stderr, "kartla: serve: database: %s\n",
		        diag.message[0] ? diag.message : ka_strerror(err));
		return err;
	}
	if (created) {
		if (getenv("KARTLA_ADMIN_PASSWORD"))
			printf("admin login: admin (password from KARTLA_ADMIN_PASSWORD)\n");
		else
			printf("admin login: admin / %s  (shown once: sign in and change it)\n",
			       pw);
	}
	if (seeded) {
		const struct ka_demo_login *l;
		size_t n, i;

		l = ka_demo_logins(&n);
		printf("demo workspace seeded; every demo login has the password '%s':\n",
		       KA_DEMO_PASSWORD);
		for (i = 0; i < n; i++)
			printf("  %-11s %s, %s\n", l[i].login, l[i].name, l[i].what);
	}
	return 0;
}

/* Everything the options set; cfg's pointers are filled from it after parsing. */
struct serve_opts {
	struct http_config cfg;
	char host[64];
	const char *data, *db, *web;
	bool demo;
	struct bench_seed bench;
	const char *proxies[HTTP_MAX_TRUSTED_PROXIES];
	size_t nproxies;
};

/* The numeric options: which field of http_config each sets, and its range. */
static const struct {
	const char *name;
	size_t off;
	unsigned min, max;
} uint_opts[] = {
    {"--threads", offsetof(struct http_config, threads), 1, 256},
    {"--max-connections", offsetof(struct http_config, max_connections), 1, 1000000},
    {"--max-per-ip", offsetof(struct http_config, max_per_ip), 1, 1000000},
    {"--login-limit", offsetof(struct http_config, login_fails), 1, 1000000},
    {"--ip-login-limit", offsetof(struct http_config, ip_fails), 1, 1000000},
};

static int opt_uint(struct serve_opts *o, const char *a, const char *v)
{
	size_t i;
	unsigned n;

	for (i = 0; i < sizeof(uint_opts) / sizeof(uint_opts[0]); i++) {
		if (strcmp(a, uint_opts[i].name))
			continue;
		if (parse_uint(v, uint_opts[i].min, uint_opts[i].max, &n)) {
			fprintf(stderr, "kartla: serve: %s wants a number from %u to %u\n", a,
			        uint_opts[i].min, uint_opts[i].max);
			return -1;
		}
		*(unsigned *)((char *)&o->cfg + uint_opts[i].off) = n;
		return 0;
	}
	fprintf(stderr, "kartla: serve: unknown option '%s'\n", a);
	usage(stderr);
	return -1;
}

static int opt_bench_seed(struct serve_opts *o, const char *v)
{
	struct bench_seed *b = &o->bench;

	if (sscanf(v, "%d,%d,%d", &b->processes, &b->elements, &b->submitted) < 2 ||
	    b->processes < 1 || b->processes > 1000000 || b->elements < 0 ||
	    b->elements > 100000000 || b->submitted < 0 || b->submitted > 1000) {
		fprintf(stderr, "kartla: serve: --bench-seed wants "
		                "PROCESSES,ELEMENTS[,SUBMITTED]\n");
		return -1;
	}
	return 0;
}

static int opt_trusted_proxy(struct serve_opts *o, const char *v)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, v, addr) != 1 && inet_pton(AF_INET6, v, addr) != 1) {
		fprintf(stderr,
		        "kartla: serve: --trusted-proxy wants a numeric IPv4 or IPv6 "
		        "address, not '%s'\n",
		        v);
		return -1;
	}
	if (o->nproxies == HTTP_MAX_TRUSTED_PROXIES) {
		fprintf(stderr, "kartla: serve: at most %d --trusted-proxy\n",
		        HTTP_MAX_TRUSTED_PROXIES);
		return -1;
	}
	o->proxies[o->nproxies++] = v;
	return 0;
}

/* One option with a value: 0, or -1 after printing why (a usage error). */
static int opt_value(struct serve_opts *o, const char *a, const char *v)
{
	if (!strcmp(a, "--listen")) {
		if (parse_listen(v, o->host, sizeof(o->host), &o->cfg.port)) {
			fprintf(stderr, "kartla: serve: --listen wants ADDR:PORT, not '%s'\n", v);
			return -1;
		}
	} else if (!strcmp(a, "--bench-seed")) {
		return opt_bench_seed(o, v);
	} else if (!strcmp(a, "--trusted-proxy")) {
		return opt_trusted_proxy(o, v);
	} else if (!strcmp(a, "--data")) {
		o->data = v;
	} else if (!strcmp(a, "--db")) {
		o->db = v;
	} else if (!strcmp(a, "--web")) {
		o->web = v;
	} else if (!strcmp(a, "--max-log-size")) {
		if (cli_parse_size(v, &o->cfg.max_log_body) || o->cfg.max_log_body < 1024) {
			fprintf(stderr, "kartla: serve: --max-log-size wants a size >= 1K\n");
			return -1;
		}
	} else if (!strcmp(a, "--max-body")) {
		if (cli_parse_size(v, &o->cfg.max_body) || o->cfg.max_body < 1024) {
			fprintf(stderr, "kartla: serve: --max-body wants a size >= 1K\n");
			return -1;
		}
	} else {
		return opt_uint(o, a, v);
	}
	return 0;
}

/* Parses argv into o: CLI_EXIT_OK to go on (or after --help, *help set), else the exit status. */
static int parse_args(struct serve_opts *o, int argc, char **argv, bool *help)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			*help = true;
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--no-demo")) {
			o->demo = false;
		} else if (!strcmp(a, "--tls-behind-proxy")) {
			o->cfg.tls_behind_proxy = true;
		} else if (!v) {
			fprintf(stderr, "kartla: serve: unknown option or missing value: '%s'\n",
			        a);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else if (opt_value(o, a, v)) {
			return CLI_EXIT_USAGE;
		} else {
			i++;
		}
	}
	if (o->nproxies && !o->cfg.tls_behind_proxy) {
		fprintf(stderr, "kartla: serve: --trusted-proxy needs --tls-behind-proxy\n");
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = {.host = "127.0.0.1", .data = "kartla-data", .demo = true};
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct ka_diag diag;
	char url[4096];
	const char *host = o.host, *db;
	bool help = false;
	sigset_t sigs;
	int sig = 0, err;

	http_config_init(&o.cfg);
	err = parse_args(&o, argc, argv, &help);
	if (err || help)
		return err;
	cfg = o.cfg;
	db = o.db;
	cfg.trusted_proxies = o.proxies;
	cfg.ntrusted_proxies = o.nproxies;
	cfg.listen_host = host;
	if (!db) {
		if (mkdir(o.data, 0700) && errno != EEXIST) {
			fprintf(stderr, "kartla: serve: cannot create %s: %s\n", o.data,
			        strerror(errno));
			return CLI_EXIT_OUTPUT;
		}
		snprintf(url, sizeof(url), "sqlite:%s/kartla.db", o.data);
		db = url;
	}
	cfg.db_url = db;
	if (o.web) {
		struct stat sb;

		if (stat(o.web, &sb) || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "kartla: serve: --web %s is not a directory\n", o.web);
			return CLI_EXIT_USAGE;
		}
		cfg.web_root = o.web;
	} else {
		cfg.web_root = "web/dist";
	}
	if (prepare_db(db, o.demo, o.bench.processes ? &o.bench : NULL))
		return CLI_EXIT_INPUT;

	/* A client that hangs up must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	/* The workers inherit the blocked signals; only sigwait below sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	ka_diag_init(&diag, NULL);
	err = http_server_start(&srv, &cfg, &diag);
	if (err) {
		fprintf(stderr, "kartla: serve: %s\n",
		        diag.message[0] ? diag.message : ka_strerror(err));
		return CLI_EXIT_INPUT;
	}
	printf("kartla %s listening on http://%s%s%s:%u/ (database: %s)\n", KARTLA_VERSION,
	       strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
	       (unsigned)http_server_port(srv), strncmp(db, "postgres", 8) ? db : "postgresql");
	fflush(stdout);
	sigwait(&sigs, &sig);
	printf("kartla: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	http_server_stop(srv);
	return CLI_EXIT_OK;
}
