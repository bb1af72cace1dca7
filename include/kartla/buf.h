/*
 * Growable byte buffer, never NULL and always NUL-terminated. A buffer fed by
 * files or the network has a mandatory cap: appends past it fail with
 * KA_ERR_TOO_BIG and leave the buffer unchanged.
 *
 * The error is sticky (git's strbuf habit): the first failed append (cap
 * reached, or the flush sink failed) is remembered, and every later append,
 * reserve or flush does nothing and returns that same code. An output writer
 * therefore appends without checking each call and returns
 * ka_buf_error(out) once at the end: a buffer that overflowed in the middle
 * can never be mistaken for a complete one.
 */
#ifndef KARTLA_BUF_H
#define KARTLA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ka_buf {
	char *data; /* owned; points at a static "" until the first append */
	size_t len;
	size_t alloc;
	size_t cap; /* maximum len; 0 means unlimited (only for program-built text) */
	/* Optional sink: when set, full chunks are handed to it and the buffer reused. */
	int (*flush)(void *ctx, const char *data, size_t len);
	void *flush_ctx;
	int err; /* sticky: 0, or the code of the first failed append (ka_buf_error) */
};

#define KA_BUF_FLUSH_AT (256u * 1024u)

#define KA_BUF_UNLIMITED 0

void ka_buf_init(struct ka_buf *b, size_t cap);
/* Frees the bytes; the buffer is empty, error-free and usable again (same cap). */
void ka_buf_release(struct ka_buf *b);
/* Empties the buffer (keeps its memory) and clears its sticky error. */
void ka_buf_reset(struct ka_buf *b);
/* 0, or the (negative) code of the first append that failed since init/reset/release. */
int ka_buf_error(const struct ka_buf *b);
/*
 * Appends. Each returns 0 or the buffer's sticky error (KA_ERR_TOO_BIG past
 * the cap, or the flush sink's code); after a failure they append nothing.
 */
int ka_buf_add(struct ka_buf *b, const void *data, size_t n);
int ka_buf_adds(struct ka_buf *b, const char *s);
int ka_buf_addc(struct ka_buf *b, char c);
int ka_buf_addf(struct ka_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ka_buf_vaddf(struct ka_buf *b, const char *fmt, va_list ap);
/*
 * Appends s (NULL: nothing) escaped for XML and HTML text and attribute
 * values: & < > " ' become entities, every other byte is copied.
 */
int ka_buf_add_xml(struct ka_buf *b, const char *s);
/*
 * Makes room for `n` more bytes (flushing first when streaming), so that a
 * writer may copy into data + len directly and then advance len itself
 * (keeping data[len] == '\0' is then the writer's job).
 */
int ka_buf_reserve(struct ka_buf *b, size_t n);

/* Streams: from now on chunks of KA_BUF_FLUSH_AT bytes go to flush(ctx, ...). */
void ka_buf_set_flush(struct ka_buf *b, int (*flush)(void *ctx, const char *data, size_t len),
                      void *ctx);
/* Hands what is buffered to the flush sink; 0 or its error. */
int ka_buf_flush(struct ka_buf *b);

/* Hands the bytes to the caller (free() them); the buffer is reset (error cleared). */
char *ka_buf_detach(struct ka_buf *b, size_t *len);

/* Reads a whole file into `b`; fails with KA_ERR_TOO_BIG past b->cap. */
int ka_buf_read_file(struct ka_buf *b, const char *path);

/*
 * A file written atomically: bytes go to a temporary file in the same
 * directory, which ka_atomic_commit renames into place; ka_atomic_abort (or
 * a failed commit) removes it, so a failure never leaves a partial file.
 * A symbolic link is followed (its target is replaced, the link stays); an
 * existing non-regular file (a device such as /dev/null, a FIFO) is written
 * directly, as there is nothing to rename over it.
 */
struct ka_atomic {
	int fd;     /* -1 when not open */
	char *tmp;  /* owned; NULL when writing directly */
	char *path; /* owned: the file finally written (a symbolic link resolved) */
};

#define KA_ATOMIC_INIT                                                                             \
	{                                                                                          \
		-1, NULL, NULL                                                                     \
	}

int ka_atomic_open(struct ka_atomic *a, const char *path);
int ka_atomic_write(void *a, const char *data, size_t len); /* usable as a ka_buf flush */
int ka_atomic_commit(struct ka_atomic *a);
void ka_atomic_abort(struct ka_atomic *a);

/*
 * Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory is written, flushed and renamed; on failure nothing is left behind.
 */
int ka_write_file_atomic(const char *path, const void *data, size_t len);

#endif
