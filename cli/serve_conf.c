/*
 * `kartla serve --config FILE`: the configuration file, and secrets from files.
 *
 * The format is deliberately small: one `key = value` per line, `#` starts a
 * comment line, blank lines are ignored, a key may repeat where its option may
 * (trusted-proxy). Keys are the long options of `kartla serve` without "--";
 * the flags take `yes` or `no` (demo, tls-behind-proxy, local-passwords). A value is the rest of
 * the line after "=", trimmed; no quoting, so a value is never half-read.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "kartla/buf.h"
#include "serve_conf.h"
#include "kartla/banned.h"

#define CONF_MAX_BYTES (1024 * 1024)

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The flags: a key that takes yes/no and the option it sets on yes (or on no). */
static int conf_flag(const char *key, const char *val, const char **opt)
{
	int yes = !strcmp(val, "yes") || !strcmp(val, "true") || !strcmp(val, "on");
	int no = !strcmp(val, "no") || !strcmp(val, "false") || !strcmp(val, "off");

	if (!yes && !no)
		return -1;
	if (!strcmp(key, "demo"))
		*opt = no ? "--no-demo" : NULL;
	else if (!strcmp(key, "local-passwords"))
		*opt = no ? "--no-local-passwords" : NULL;
	else
		*opt = yes ? "--tls-behind-proxy" : NULL;
	return 0;
}

/* One line: 0 when handled (or empty), -1 after printing why. */
static int conf_line(char *line, const char *path, unsigned lineno, serve_conf_fn fn, void *ctx)
{
	char where[4200], opt[80];
	char *eq, *key, *val;

	snprintf(where, sizeof(where), "%s:%u", path, lineno);
	line = trim(line);
	if (!*line || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		fprintf(stderr, "kartla: serve: %s: expected 'key = value'\n", where);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if (!*key || strlen(key) > 60 || !*val) {
		fprintf(stderr, "kartla: serve: %s: expected 'key = value'%s\n", where,
		        *key && !*val ? " (the value is empty)" : "");
		return -1;
	}
	if (!strcmp(key, "demo") || !strcmp(key, "tls-behind-proxy") ||
	    !strcmp(key, "local-passwords")) {
		const char *flag;

		if (conf_flag(key, val, &flag)) {
			fprintf(stderr, "kartla: serve: %s: %s wants yes or no, not '%s'\n", where,
			        key, val);
			return -1;
		}
		return flag ? fn(ctx, flag, NULL, where) : 0;
	}
	if (!strcmp(key, "config") || !strcmp(key, "check-config")) {
		fprintf(stderr, "kartla: serve: %s: '%s' cannot be set in the file\n", where, key);
		return -1;
	}
	snprintf(opt, sizeof(opt), "--%s", key);
	return fn(ctx, opt, val, where);
}

int serve_conf_read(const char *path, char **text, serve_conf_fn fn, void *ctx)
{
	struct ka_buf b;
	char *p, *nl;
	unsigned lineno = 0;

	*text = NULL;
	ka_buf_init(&b, CONF_MAX_BYTES);
	if (ka_buf_read_file(&b, path) || ka_buf_addc(&b, '\0')) {
		fprintf(stderr, "kartla: serve: cannot read the configuration file %s: %s\n", path,
		        ka_buf_error(&b) == KA_ERR_TOO_BIG ? "over 1 MB" : strerror(errno));
		ka_buf_release(&b);
		return -1;
	}
	*text = ka_buf_detach(&b, NULL);
	for (p = *text; p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		lineno++;
		if (conf_line(p, path, lineno, fn, ctx))
			return -1;
	}
	return 0;
}

char *serve_conf_secret(const char *path, const char *what)
{
	struct ka_buf b;
	struct stat sb;
	char *s, *t, *nl;

	ka_buf_init(&b, 64 * 1024);
	if (ka_buf_read_file(&b, path) || ka_buf_addc(&b, '\0')) {
		fprintf(stderr, "kartla: serve: cannot read %s from %s: %s\n", what, path,
		        ka_buf_error(&b) == KA_ERR_TOO_BIG ? "over 64 KB" : strerror(errno));
		ka_buf_release(&b);
		return NULL;
	}
	if (!stat(path, &sb) && (sb.st_mode & 0004))
		fprintf(stderr, "kartla: serve: warning: %s (%s) is readable by every user\n", path,
		        what);
	s = ka_buf_detach(&b, NULL);
	nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	t = trim(s);
	if (!*t) {
		fprintf(stderr, "kartla: serve: %s in %s is empty\n", what, path);
		free(s);
		return NULL;
	}
	memmove(s, t, strlen(t) + 1);
	return s;
}
