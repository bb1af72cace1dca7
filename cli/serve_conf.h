/*
 * The configuration file of `kartla serve` (docs/deployment.md): `key = value`
 * lines whose keys are the long options without their dashes, read before the
 * command line (which overrides it); and secrets read from files.
 */
#ifndef KARTLA_SERVE_CONF_H
#define KARTLA_SERVE_CONF_H

/*
 * One option, as "--name" and its value (NULL for a flag). `where` is
 * "FILE:LINE" for a line of the file, NULL for the command line. Returns 0,
 * or -1 after printing why.
 */
typedef int (*serve_conf_fn)(void *ctx, const char *opt, const char *val, const char *where);

/*
 * Reads the file at `path` and calls `fn` for each setting in order. The
 * values point into *text, which the caller frees after the last use.
 * Returns 0, or -1 after printing why (file, line and what is wrong).
 */
int serve_conf_read(const char *path, char **text, serve_conf_fn fn, void *ctx);

/*
 * The first line of the file at `path`, without surrounding white space: a
 * password or a database URL kept out of the command line. The caller frees
 * it. NULL after printing why (names `what` and the path, never the content).
 */
char *serve_conf_secret(const char *path, const char *what);

#endif
