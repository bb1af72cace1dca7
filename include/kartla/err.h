/* Error codes and diagnostics shared by every module of libkartla. */
#ifndef KARTLA_ERR_H
#define KARTLA_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Fallible functions return 0 or one of these negative codes. */
enum ka_err {
	KA_OK = 0,
	KA_ERR_IO = -1,        /* file could not be opened, read or written */
	KA_ERR_TOO_BIG = -2,   /* input over the configured size cap */
	KA_ERR_XML = -3,       /* not well-formed XML, bad encoding, DOCTYPE, ... */
	KA_ERR_BPMN = -4,      /* well-formed XML that is not acceptable BPMN */
	KA_ERR_REF = -5,       /* dangling reference or duplicate id */
	KA_ERR_LIMIT = -6,     /* nesting, element count or other hard limit */
	KA_ERR_USAGE = -7,     /* bad argument from the caller (CLI flags, rules file) */
	KA_ERR_NOT_FOUND = -8, /* a named thing does not exist */
	/* storage and service errors (store, portfolio, server) */
	KA_ERR_DB = -20,       /* backend failure (message in the diag) */
	KA_ERR_CONFLICT = -21, /* unique/foreign-key violation, or a state that forbids it */
	KA_ERR_BUSY = -22,     /* could not get the write lock in time */
	KA_ERR_INVALID = -23,  /* well-formed request with an invalid field (HTTP 422) */
	KA_ERR_AUTH = -24,     /* not signed in, or bad credentials (HTTP 401) */
	KA_ERR_PERM = -25,     /* signed in but not allowed (HTTP 403) */
	KA_ERR_STALE = -26     /* If-Match does not match the current version (HTTP 412) */
};

/* A static, English description of an error code. */
const char *ka_strerror(int err);

/* At most this many arguments of a message are kept as its params (the rest are dropped). */
#define KA_MSG_MAX_PARAMS 8

/*
 * The arguments of a printf-style message, each formatted to text by its own
 * conversion: "no process %" PRId64 with 12 gives the param "12". `text`
 * holds `n` NUL-terminated strings one after the other.
 */
struct ka_msg_params {
	unsigned n;
	char text[512];
};

/*
 * Fills `out` from `fmt` and its arguments (ap is consumed as vprintf
 * would). A conversion this cannot read (%n) ends the list; a param longer
 * than the room left is cut. Returns out->n.
 */
unsigned ka_msg_params_vfill(struct ka_msg_params *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Points vec[0..n) at the params (borrowed from p); returns n (at most max). */
size_t ka_msg_params_vec(const struct ka_msg_params *p, const char **vec, size_t max);

/*
 * Where and why something failed. Parsers fill it; `file` is borrowed from
 * the caller, the rest is owned by the struct (fixed-size arrays).
 */
struct ka_diag {
	const char *file;
	unsigned long line;
	unsigned long column;
	char element_id[128];
	char message[512]; /* in English */
	/*
	 * The message is a database's own text (set by the store's backends):
	 * for logs, never for people. Cleared by every ka_diag_set.
	 */
	bool backend;
	/*
	 * The format string the message was made from (the msgid a catalog
	 * translates, include/kartla/msgcat.h) and its arguments as text. The
	 * format is borrowed: callers pass string literals (static storage).
	 * NULL when the message was written some other way.
	 */
	const char *msgid;
	struct ka_msg_params params;
	/*
	 * Set by ka_diag_set_nested: the last param of msgid is another diag's
	 * message at its position: where_msgid/where_params make the position
	 * ("map.bpmn:3:7: "), inner_msgid/inner_params the message. NULL otherwise.
	 */
	const char *where_msgid;
	struct ka_msg_params where_params;
	const char *inner_msgid;
	struct ka_msg_params inner_params;
};

void ka_diag_init(struct ka_diag *d, const char *file);

/* Sets message (printf-style) and position; returns `err` for tail calls. */
int ka_diag_set(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                const char *element_id, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

int ka_diag_vset(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                 const char *element_id, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/*
 * Sets d's message to `fmt` (a literal with exactly one %s, or NULL for "%s")
 * filled with ka_diag_format(inner), keeping inner's position and message
 * as msgids and params so that all of it translates (msgcat.h).
 */
int ka_diag_set_nested(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                       const char *element_id, const char *fmt, const struct ka_diag *inner);

/* Like ka_diag_set_nested without inner's position: fmt's %s is inner's message alone. */
int ka_diag_set_wrapped(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                        const char *element_id, const char *fmt, const struct ka_diag *inner);

/* Formats "file:line:column: [id] message" into `out` (always NUL-terminated). */
void ka_diag_format(const struct ka_diag *d, char *out, size_t outsz);

#endif
