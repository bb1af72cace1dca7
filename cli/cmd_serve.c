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

int cmd_serve(int argc, char **argv)
{
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct ka_diag diag;
	char host[64] = "127.0.0.1", url[4096];
	const char *data = "kartla-data", *db = NULL, *web = NULL;
	bool demo = true;
	struct bench_seed bench = {0, 0, 0};
	const char *proxies[HTTP_MAX_TRUSTED_PROXIES];
	size_t nproxies = 0;
	sigset_t sigs;
	int i, sig = 0, err;

	http_config_init(&cfg);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned n;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--no-demo")) {
			demo = false;
		} else if (!strcmp(a, "--tls-behind-proxy")) {
			cfg.tls_behind_proxy = true;
		} else if (!v) {
			fprintf(stderr, "kartla: serve: unknown option or missing value: '%s'\n",
			        a);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else if (!strcmp(a, "--listen")) {
			if (parse_listen(v, host, sizeof(host), &cfg.port)) {
				fprintf(stderr,
				        "kartla: serve: --listen wants ADDR:PORT, not '%s'\n", v);
				return CLI_EXIT_USAGE;
			}
			i++;
		} else if (!strcmp(a, "--bench-seed")) {
			if (sscanf(v, "%d,%d,%d", &bench.processes, &bench.elements,
			           &bench.submitted) < 2 ||
			    bench.processes < 1 || bench.processes > 1000000 ||
			    bench.elements < 0 || bench.elements > 100000000 ||
			    bench.submitted < 0 || bench.submitted > 1000) {
				fprintf(stderr, "kartla: serve: --bench-seed wants "
				                "PROCESSES,ELEMENTS[,SUBMITTED]\n");
				return CLI_EXIT_USAGE;
			}
			i++;
		} else if (!strcmp(a, "--trusted-proxy")) {
			unsigned char addr[sizeof(struct in6_addr)];

			if (inet_pton(AF_INET, v, addr) != 1 && inet_pton(AF_INET6, v, addr) != 1) {
				fprintf(
				    stderr,
				    "kartla: serve: --trusted-proxy wants a numeric IPv4 or IPv6 "
				    "address, not '%s'\n",
				    v);
				return CLI_EXIT_USAGE;
			}
			if (nproxies == HTTP_MAX_TRUSTED_PROXIES) {
				fprintf(stderr, "kartla: serve: at most %d --trusted-proxy\n",
				        HTTP_MAX_TRUSTED_PROXIES);
				return CLI_EXIT_USAGE;
			}
			proxies[nproxies++] = v;
			i++;
		} else if (!strcmp(a, "--data")) {
			data = v;
			i++;
		} else if (!strcmp(a, "--db")) {
			db = v;
			i++;
		} else if (!strcmp(a, "--web")) {
			web = v;
			i++;
		} else if (!strcmp(a, "--max-body")) {
			if (cli_parse_size(v, &cfg.max_body) || cfg.max_body < 1024) {
				fprintf(stderr, "kartla: serve: --max-body wants a size >= 1K\n");
				return CLI_EXIT_USAGE;
			}
			i++;
		} else {
			unsigned *target = NULL, min = 1, max = 1000000;

			if (!strcmp(a, "--threads"))
				target = &cfg.threads, max = 256;
			else if (!strcmp(a, "--max-connections"))
				target = &cfg.max_connections;
			else if (!strcmp(a, "--max-per-ip"))
				target = &cfg.max_per_ip;
			else if (!strcmp(a, "--login-limit"))
				target = &cfg.login_fails;
			else if (!strcmp(a, "--ip-login-limit"))
				target = &cfg.ip_fails;
			if (!target) {
				fprintf(stderr, "kartla: serve: unknown option '%s'\n", a);
				usage(stderr);
				return CLI_EXIT_USAGE;
			}
			if (parse_uint(v, min, max, &n)) {
				fprintf(stderr, "kartla: serve: %s wants a number from %u to %u\n",
				        a, min, max);
				return CLI_EXIT_USAGE;
			}
			*target = n;
			i++;
		}
	}
	if (nproxies && !cfg.tls_behind_proxy) {
		fprintf(stderr, "kartla: serve: --trusted-proxy needs --tls-behind-proxy\n");
		return CLI_EXIT_USAGE;
	}
	cfg.trusted_proxies = proxies;
	cfg.ntrusted_proxies = nproxies;
	cfg.listen_host = host;
	if (!db) {
		if (mkdir(data, 0700) && errno != EEXIST) {
			fprintf(stderr, "kartla: serve: cannot create %s: %s\n", data,
			        strerror(errno));
			return CLI_EXIT_OUTPUT;
		}
		snprintf(url, sizeof(url), "sqlite:%s/kartla.db", data);
		db = url;
	}
	cfg.db_url = db;
	if (web) {
		struct stat sb;

		if (stat(web, &sb) || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "kartla: serve: --web %s is not a directory\n", web);
			return CLI_EXIT_USAGE;
		}
		cfg.web_root = web;
	} else {
		cfg.web_root = "web/dist";
	}
	if (prepare_db(db, demo, bench.processes ? &bench : NULL))
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
