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
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "kartla/alloc.h"
#include "kartla/auth.h"
#include "kartla/demo.h"
#include "kartla/notify.h"
#include "kartla/oidc.h"
#include "serve.h"
#include "serve_conf.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: kartla serve [--config FILE] [--check-config] [options]\n"
	    "  --config FILE         read options from FILE first ('key = value' lines, keys\n"
	    "                        are these options without '--'; also $KARTLA_CONFIG);\n"
	    "                        the command line overrides it\n"
	    "  --check-config        check the options, the database and the browser UI,\n"
	    "                        print what would be served, and exit (0 when usable)\n"
	    "  --listen ADDR:PORT    address to listen on (default 127.0.0.1:8080; port 0: any\n"
	    "                        free port; IPv6 as [::1]:8080)\n"
	    "  --data DIR            data directory for the SQLite database (default "
	    "./kartla-data)\n"
	    "  --db URL              database: sqlite:PATH or postgresql://... (overrides --data;\n"
	    "                        no password here: use --db-file or PGPASSWORD/~/.pgpass)\n"
	    "  --db-file FILE        read the database URL from FILE (it may hold a password)\n"
	    "  --admin-password-file FILE  the first administrator's password, from FILE\n"
	    "  --web DIR             browser UI to serve (default: the installed UI, or\n"
	    "                        web/dist of the source tree for a build-tree binary)\n"
	    "  --no-demo             do not seed the demo workspace into a new database\n"
	    "  --tls-behind-proxy    a TLS proxy is in front: Secure cookies, HSTS,\n"
	    "                        X-Forwarded-For trusted for the client address\n"
	    "                        when the connection comes from a trusted proxy\n"
	    "  --trusted-proxy ADDR  the proxy's numeric address (repeatable; default\n"
	    "                        127.0.0.1 and ::1); needs --tls-behind-proxy\n"
	    "  --public-url URL      the address people reach Kartla at (https://host[/path]),\n"
	    "                        for links in e-mails and sign-in redirects\n"
	    "  --smtp URL            send e-mail notifications through this SMTP relay:\n"
	    "                        smtp://HOST[:PORT] (STARTTLS required unless the host\n"
	    "                        is the loopback) or smtps://HOST[:PORT]\n"
	    "  --smtp-from ADDRESS   the notifications' sender address (needed with --smtp)\n"
	    "  --smtp-user USER      authenticate to the relay as USER\n"
	    "  --smtp-password-file FILE  the relay password, from FILE\n"
	    "  --notify-poll-ms N    how often the outbox is looked at (default 5000)\n"
	    "  --notify-backoff-ms N first retry after a failed send (default 30000; doubled\n"
	    "                        per attempt up to an hour)\n"
	    "  --oidc-issuer URL     sign in through this OpenID Connect provider (https://;\n"
	    "                        http:// only on the loopback); needs the two below\n"
	    "  --oidc-client-id ID   Kartla's client id at the provider\n"
	    "  --oidc-client-secret-file FILE  its client secret, from FILE (or the\n"
	    "                        environment variable KARTLA_OIDC_CLIENT_SECRET)\n"
	    "  --oidc-claim NAME     the claim people are matched by (default email; e.g.\n"
	    "                        sub, eduPersonPrincipalName)\n"
	    "  --oidc-admin-group G  members of group G are administrators\n"
	    "  --oidc-group-claim NAME  the claim listing groups (default groups)\n"
	    "  --oidc-name TEXT      the organisation on the sign-in button (default: the\n"
	    "                        issuer's host)\n"
	    "  --no-local-passwords  only administrators sign in with a password\n"
	    "  --metrics-listen ADDR:PORT  also serve Prometheus metrics (GET /metrics) on\n"
	    "                        this address of their own (default: none)\n"
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
static int prepare_db(const char *url, bool demo, const struct bench_seed *bench,
                      const char *admin_pw)
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
		err =
		    ka_auth_bootstrap_admin(st, "admin", admin_pw, pw, sizeof(pw), &created, &diag);
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
		if (admin_pw)
			printf("admin login: admin (password as configured)\n");
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
	char host[64], metrics_host[64];
	char public_url[512];
	const char *data, *db, *web;
	bool demo, check;
	char *db_secret, *admin_pw; /* owned: read from files */
	char *smtp_pw;              /* owned: read from --smtp-password-file */
	char *conf_text;            /* owned: the configuration file, values point into it */
	char *oidc_secret;          /* owned: the client secret, from a file or the environment */
	struct ka_oidc_config oidc;
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
    {"--notify-poll-ms", offsetof(struct http_config, notify_poll_ms), 10, 3600000},
    {"--notify-backoff-ms", offsetof(struct http_config, notify_backoff_ms), 10, 3600000},
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
	fprintf(stderr, "kartla: serve: unknown option '%s' (kartla serve --help lists them)\n", a);
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

/* A secret option: the first line of the file, kept in *slot (replacing an earlier one). */
static int opt_secret(char **slot, const char *path, const char *what)
{
	char *v = serve_conf_secret(path, what);

	if (!v)
		return -1;
	free(*slot);
	*slot = v;
	return 0;
}

/* A password in a --db URL given on the command line: every user sees it in ps. */
static bool url_has_password(const char *url)
{
	const char *p = strstr(url, "://"), *at, *colon;

	if (!p)
		return false;
	p += 3;
	at = strchr(p, '@');
	colon = strchr(p, ':');
	return at && colon && colon < at && !memchr(p, '/', (size_t)(at - p));
}

/* --public-url: http(s)://host[:port][/path], no query, no trailing slash kept. */
static int opt_public_url(struct serve_opts *o, const char *v)
{
	size_t n = strlen(v);
	const char *rest = !strncmp(v, "https://", 8)  ? v + 8
	                   : !strncmp(v, "http://", 7) ? v + 7
	                                               : NULL;

	while (n > 0 && v[n - 1] == '/')
		n--;
	if (!rest || !*rest || *rest == '/' || n >= sizeof(o->public_url) ||
	    strpbrk(v, "?#\"' <>\\")) {
		fprintf(
		    stderr,
		    "kartla: serve: --public-url wants http(s)://HOST[:PORT][/PATH], not '%s'\n",
		    v);
		return -1;
	}
	memcpy(o->public_url, v, n);
	o->public_url[n] = '\0';
	o->cfg.public_url = o->public_url;
	return 0;
}

/* The --oidc-* options with a value. */
static int opt_oidc(struct serve_opts *o, const char *a, const char *v)
{
	if (!strcmp(a, "--oidc-issuer"))
		o->oidc.issuer = v;
	else if (!strcmp(a, "--oidc-client-id"))
		o->oidc.client_id = v;
	else if (!strcmp(a, "--oidc-client-secret-file"))
		return opt_secret(&o->oidc_secret, v, "the OpenID Connect client secret");
	else if (!strcmp(a, "--oidc-claim"))
		o->oidc.claim = v;
	else if (!strcmp(a, "--oidc-admin-group"))
		o->oidc.admin_group = v;
	else if (!strcmp(a, "--oidc-group-claim"))
		o->oidc.group_claim = v;
	else if (!strcmp(a, "--oidc-name"))
		o->oidc.name = v;
	else
		return opt_uint(o, a, v); /* says it is unknown */
	return 0;
}

/* One option with a value: 0, or -1 after printing why (a usage error). */
static int opt_value(struct serve_opts *o, const char *a, const char *v, const char *where)
{
	if (!strcmp(a, "--listen")) {
		if (parse_listen(v, o->host, sizeof(o->host), &o->cfg.port)) {
			fprintf(stderr, "kartla: serve: --listen wants ADDR:PORT, not '%s'\n", v);
			return -1;
		}
	} else if (!strcmp(a, "--metrics-listen")) {
		if (parse_listen(v, o->metrics_host, sizeof(o->metrics_host),
		                 &o->cfg.metrics_port)) {
			fprintf(stderr,
			        "kartla: serve: --metrics-listen wants ADDR:PORT, not '%s'\n", v);
			return -1;
		}
		o->cfg.metrics_host = o->metrics_host;
	} else if (!strcmp(a, "--bench-seed")) {
		return opt_bench_seed(o, v);
	} else if (!strcmp(a, "--trusted-proxy")) {
		return opt_trusted_proxy(o, v);
	} else if (!strcmp(a, "--data")) {
		o->data = v;
	} else if (!strcmp(a, "--db")) {
		if (!where && url_has_password(v)) {
			fprintf(stderr,
			        "kartla: serve: --db holds a password, which every user of "
			        "this machine can read in ps: use --db-file FILE, PGPASSWORD "
			        "or ~/.pgpass\n");
			return -1;
		}
		o->db = v;
	} else if (!strcmp(a, "--db-file")) {
		if (opt_secret(&o->db_secret, v, "the database URL"))
			return -1;
		o->db = o->db_secret;
	} else if (!strcmp(a, "--admin-password-file")) {
		return opt_secret(&o->admin_pw, v, "the administrator's password");
	} else if (!strcmp(a, "--web")) {
		o->web = v;
	} else if (!strcmp(a, "--public-url")) {
		return opt_public_url(o, v);
	} else if (!strcmp(a, "--smtp")) {
		o->cfg.smtp_url = v;
	} else if (!strcmp(a, "--smtp-from")) {
		if (!strchr(v, '@') || strpbrk(v, " <>\"\r\n")) {
			fprintf(stderr, "kartla: serve: --smtp-from wants an address, not '%s'\n",
			        v);
			return -1;
		}
		o->cfg.smtp_from = v;
	} else if (!strcmp(a, "--smtp-user")) {
		o->cfg.smtp_user = v;
	} else if (!strcmp(a, "--smtp-password-file")) {
		if (opt_secret(&o->smtp_pw, v, "the SMTP password"))
			return -1;
		o->cfg.smtp_password = o->smtp_pw;
	} else if (!strncmp(a, "--oidc-", 7)) {
		return opt_oidc(o, a, v);
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

/* Applies one option from the command line (where NULL) or the file; -1 after printing why. */
static int apply_opt(void *ctx, const char *a, const char *v, const char *where)
{
	struct serve_opts *o = ctx;
	int err = 0;

	if (!strcmp(a, "--no-demo"))
		o->demo = false;
	else if (!strcmp(a, "--tls-behind-proxy"))
		o->cfg.tls_behind_proxy = true;
	else if (!strcmp(a, "--no-local-passwords"))
		o->cfg.no_local_passwords = true;
	else if (!v)
		err = -1;
	else
		err = opt_value(o, a, v, where);
	if (err && where)
		fprintf(stderr, "kartla: serve: (in %s)\n", where);
	return err;
}

/* The configuration file named by --config or $KARTLA_CONFIG, read before the command line. */
static int read_config(struct serve_opts *o, int argc, char **argv)
{
	const char *path = getenv("KARTLA_CONFIG");
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--config"))
			path = argv[i + 1];
	if (argc > 1 && !strcmp(argv[argc - 1], "--config")) {
		fprintf(stderr, "kartla: serve: --config wants a file\n");
		return -1;
	}
	if (!path || !*path)
		return 0;
	return serve_conf_read(path, &o->conf_text, apply_opt, o);
}

/* Parses argv into o: CLI_EXIT_OK to go on (or after --help, *help set), else the exit status. */
static int parse_args(struct serve_opts *o, int argc, char **argv, bool *help)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			*help = true;
			return CLI_EXIT_OK;
		}
	if (read_config(o, argc, argv))
		return CLI_EXIT_USAGE;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--check-config")) {
			o->check = true;
		} else if (!strcmp(a, "--no-demo") || !strcmp(a, "--tls-behind-proxy") ||
		           !strcmp(a, "--no-local-passwords")) {
			apply_opt(o, a, NULL, NULL);
		} else if (!v || strncmp(a, "--", 2)) {
			fprintf(stderr, "kartla: serve: unknown option or missing value: '%s'\n",
			        a);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else if (strcmp(a, "--config") && apply_opt(o, a, v, NULL)) {
			return CLI_EXIT_USAGE;
		} else {
			i++;
		}
	}
	if (o->cfg.smtp_url && !o->cfg.smtp_from) {
		fprintf(stderr, "kartla: serve: --smtp needs --smtp-from ADDRESS\n");
		return CLI_EXIT_USAGE;
	}
	if (o->nproxies && !o->cfg.tls_behind_proxy) {
		fprintf(stderr, "kartla: serve: --trusted-proxy needs --tls-behind-proxy\n");
		return CLI_EXIT_USAGE;
	}
	if (!o->oidc_secret && getenv("KARTLA_OIDC_CLIENT_SECRET") &&
	    *getenv("KARTLA_OIDC_CLIENT_SECRET"))
		o->oidc_secret = ka_xstrdup(getenv("KARTLA_OIDC_CLIENT_SECRET"));
	if (!o->oidc.issuer && (o->oidc.client_id || o->oidc.claim || o->oidc.admin_group ||
	                        o->oidc.group_claim || o->oidc.name || o->cfg.no_local_passwords)) {
		fprintf(stderr, "kartla: serve: the --oidc-* options and --no-local-passwords need "
		                "--oidc-issuer\n");
		return CLI_EXIT_USAGE;
	}
	if (!o->admin_pw && getenv("KARTLA_ADMIN_PASSWORD") && *getenv("KARTLA_ADMIN_PASSWORD"))
		o->admin_pw = ka_xstrdup(getenv("KARTLA_ADMIN_PASSWORD"));
	return CLI_EXIT_OK;
}

/*
 * The browser UI when --web is not given: a binary run from its build tree
 * serves the source tree's web/dist (development); an installed one serves
 * the UI installed beside it (KARTLA_WEBDIR), never a folder relative to the
 * working directory.
 */
static const char *default_web_root(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t bl = strlen(KARTLA_BUILD_ROOT);

	if (n > 0) {
		exe[n] = '\0';
		if (!strncmp(exe, KARTLA_BUILD_ROOT, bl) && exe[bl] == '/')
			return KARTLA_SRC_WEBDIR;
	}
	return KARTLA_WEBDIR;
}

/* The database URL to show: never a PostgreSQL URL (it may carry credentials). */
static const char *db_shown(const char *db)
{
	return strncmp(db, "postgres", 8) ? db : "postgresql";
}

/* Fills cfg from o (web root, database URL in url[]); an exit status after printing why. */
static int settle(struct serve_opts *o, struct http_config *cfg, char *url, size_t urlsz)
{
	struct stat sb;

	*cfg = o->cfg;
	cfg->trusted_proxies = o->proxies;
	cfg->ntrusted_proxies = o->nproxies;
	cfg->listen_host = o->host;
	cfg->db_url = o->db;
	if (!o->db) {
		if (mkdir(o->data, 0700) && errno != EEXIST) {
			fprintf(stderr, "kartla: serve: cannot create %s: %s\n", o->data,
			        strerror(errno));
			return CLI_EXIT_OUTPUT;
		}
		snprintf(url, urlsz, "sqlite:%s/kartla.db", o->data);
		cfg->db_url = url;
	}
	if (o->web && (stat(o->web, &sb) || !S_ISDIR(sb.st_mode))) {
		fprintf(stderr, "kartla: serve: --web %s is not a directory\n", o->web);
		return CLI_EXIT_USAGE;
	}
	cfg->web_root = o->web ? o->web : default_web_root();
	return CLI_EXIT_OK;
}

/* --check-config's SMTP line: the relay answers EHLO and NOOP, or why not; non-zero when not. */
static int check_smtp(const struct http_config *cfg)
{
	struct ka_notify_smtp *s = NULL;
	struct ka_diag diag;
	int err;

	if (!cfg->smtp_url) {
		printf("smtp:     none (e-mail notifications wait in the outbox)\n");
		return 0;
	}
	ka_diag_init(&diag, NULL);
	err = ka_notify_smtp_new(&s, cfg->smtp_url, cfg->smtp_user, cfg->smtp_password, &diag);
	if (!err)
		err = ka_notify_smtp_check(s, &diag);
	if (err)
		printf("smtp:     %s: REFUSED or unusable: %s\n", cfg->smtp_url, diag.message);
	else
		printf("smtp:     %s: answers (sender %s)\n", cfg->smtp_url, cfg->smtp_from);
	ka_notify_smtp_free(s);
	return err;
}

/* The OpenID Connect provider of the options into cfg->oidc (when --oidc-issuer); an exit status.
 */
static int setup_oidc(struct serve_opts *o, struct http_config *cfg)
{
	struct ka_diag diag;

	cfg->oidc = NULL;
	if (!o->oidc.issuer)
		return CLI_EXIT_OK;
	o->oidc.client_secret = o->oidc_secret;
	ka_diag_init(&diag, NULL);
	if (ka_oidc_new(&cfg->oidc, &o->oidc, &diag)) {
		fprintf(stderr, "kartla: serve: --%s: %s\n",
		        diag.element_id[0] ? diag.element_id : "oidc-issuer", diag.message);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* Fetches the provider's discovery document and keys; prints what came of it; 0 when usable. */
static int oidc_reach(struct ka_oidc *op, const char *issuer, const char *redirect_base, FILE *f)
{
	struct ka_auth_policy pol;
	struct ka_diag diag;
	int err;

	ka_auth_policy_init(&pol);
	ka_diag_init(&diag, NULL);
	err = ka_oidc_discover(op, ka_auth_now(&pol), &diag);
	if (err)
		fprintf(f, "oidc:     %s: %s: %s\n", issuer,
		        err == KA_ERR_IO ? "the provider cannot be reached"
		                         : "the provider's answer is not usable",
		        diag.message);
	else
		fprintf(
		    f, "oidc:     %s: %zu signing key(s); redirect URI %s/api/auth/oidc/callback\n",
		    issuer, ka_oidc_key_count(op), redirect_base);
	return err;
}

/* --check-config: can this configuration serve? Prints what it found; an exit status. */
static int check_config(const struct http_config *cfg, const char *oidc_issuer)
{
	struct ka_store *st = NULL;
	struct ka_diag diag;
	char index[4200];
	struct stat sb;
	int err, status = CLI_EXIT_OK;

	printf("listen:   %s%s%s:%u\n", strchr(cfg->listen_host, ':') ? "[" : "", cfg->listen_host,
	       strchr(cfg->listen_host, ':') ? "]" : "", (unsigned)cfg->port);
	ka_diag_init(&diag, NULL);
	err = ka_store_open_flags(&st, cfg->db_url, KA_STORE_OPEN_EXISTING, &diag);
	if (err == KA_ERR_NOT_FOUND) {
		printf("database: %s: created on the first start\n", db_shown(cfg->db_url));
	} else if (err) {
		printf("database: %s: cannot be opened: %s\n", db_shown(cfg->db_url),
		       diag.backend ? ka_strerror(err) : diag.message);
		status = CLI_EXIT_INPUT;
	} else {
		printf("database: %s: opens\n", db_shown(cfg->db_url));
		ka_store_close(st);
	}
	snprintf(index, sizeof(index), "%s/index.html", cfg->web_root);
	if (stat(index, &sb) || !S_ISREG(sb.st_mode)) {
		printf("web:      %s: no browser UI there (index.html missing)\n", cfg->web_root);
		status = CLI_EXIT_INPUT;
	} else {
		printf("web:      %s\n", cfg->web_root);
	}
	if (cfg->public_url)
		printf("public:   %s\n", cfg->public_url);
	if (check_smtp(cfg))
		status = CLI_EXIT_INPUT;
	if (cfg->oidc &&
	    oidc_reach(cfg->oidc, oidc_issuer,
	               cfg->public_url ? cfg->public_url : "http://LISTEN:PORT", stdout))
		status = CLI_EXIT_INPUT;
	printf("%s\n", status ? "configuration NOT usable" : "configuration OK");
	return status;
}

/* Starts the server and waits for SIGINT or SIGTERM; an exit status. */
static int run(const struct http_config *cfg)
{
	struct http_server *srv = NULL;
	struct ka_diag diag;
	const char *host = cfg->listen_host;
	sigset_t sigs;
	int sig = 0, err;

	/* A client that hangs up must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	/* The workers inherit the blocked signals; only sigwait below sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	ka_diag_init(&diag, NULL);
	err = http_server_start(&srv, cfg, &diag);
	if (err) {
		fprintf(stderr, "kartla: serve: %s\n",
		        diag.message[0] ? diag.message : ka_strerror(err));
		return CLI_EXIT_INPUT;
	}
	/* A provider down at start is said clearly; the server runs (administrators' passwords). */
	if (cfg->oidc &&
	    oidc_reach(cfg->oidc, "the OpenID Connect issuer", "the public URL", stderr))
		fprintf(stderr, "kartla: serve: warning: sign-in through the provider fails until "
		                "it answers (asked again at each sign-in)\n");
	printf("kartla %s listening on http://%s%s%s:%u/ (database: %s)\n", KARTLA_VERSION,
	       strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
	       (unsigned)http_server_port(srv), db_shown(cfg->db_url));
	if (http_server_metrics_port(srv))
		printf("metrics on http://%s%s%s:%u/metrics\n",
		       strchr(cfg->metrics_host, ':') ? "[" : "", cfg->metrics_host,
		       strchr(cfg->metrics_host, ':') ? "]" : "",
		       (unsigned)http_server_metrics_port(srv));
	fflush(stdout);
	sigwait(&sigs, &sig);
	printf("kartla: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	http_server_stop(srv);
	return CLI_EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = {.host = "127.0.0.1", .data = "kartla-data", .demo = true};
	struct http_config cfg;
	char url[4096];
	bool help = false;
	int status;

	memset(&cfg, 0, sizeof(cfg));
	http_config_init(&o.cfg);
	status = parse_args(&o, argc, argv, &help);
	if (!status && !help)
		status = settle(&o, &cfg, url, sizeof(url));
	if (!status && !help)
		status = setup_oidc(&o, &cfg);
	if (!status && !help && o.check)
		status = check_config(&cfg, o.oidc.issuer);
	else if (!status && !help)
		status =
		    prepare_db(cfg.db_url, o.demo, o.bench.processes ? &o.bench : NULL, o.admin_pw)
		        ? CLI_EXIT_INPUT
		        : run(&cfg);
	if (o.admin_pw)
		sodium_memzero(o.admin_pw, strlen(o.admin_pw));
	free(o.admin_pw);
	free(o.db_secret);
	if (o.smtp_pw)
		sodium_memzero(o.smtp_pw, strlen(o.smtp_pw));
	free(o.smtp_pw);
	if (o.oidc_secret)
		sodium_memzero(o.oidc_secret, strlen(o.oidc_secret));
	free(o.oidc_secret);
	ka_oidc_free(cfg.oidc);
	free(o.conf_text);
	return status;
}
