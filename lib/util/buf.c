/* Size-capped growable buffers and whole-file read / atomic write. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/banned.h"

static char empty_string[1];

void ka_buf_init(struct ka_buf *b, size_t cap)
{
	b->data = empty_string;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->flush = NULL;
	b->flush_ctx = NULL;
	b->err = 0;
}

int ka_buf_error(const struct ka_buf *b)
{
	return b->err;
}

/* Records the first failure; returns the sticky code. */
static int fail(struct ka_buf *b, int err)
{
	if (!b->err)
		b->err = err;
	return b->err;
}

/* Empties the bytes only (the sticky error stays). */
static void clear(struct ka_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->data[0] = '\0';
}

void ka_buf_set_flush(struct ka_buf *b, int (*flush)(void *ctx, const char *data, size_t len),
                      void *ctx)
{
	b->flush = flush;
	b->flush_ctx = ctx;
}

int ka_buf_flush(struct ka_buf *b)
{
	int err;

	if (b->err)
		return b->err;
	if (!b->flush || !b->len)
		return 0;
	err = b->flush(b->flush_ctx, b->data, b->len);
	clear(b);
	return err ? fail(b, err) : 0;
}

void ka_buf_release(struct ka_buf *b)
{
	if (b->alloc)
		free(b->data);
	b->data = empty_string;
	b->len = 0;
	b->alloc = 0;
	b->err = 0;
}

void ka_buf_reset(struct ka_buf *b)
{
	clear(b);
	b->err = 0;
}

static int grow(struct ka_buf *b, size_t extra)
{
	size_t want, newalloc;

	if (ka_size_add(&want, b->len, extra) || ka_size_add(&want, want, 1))
		return fail(b, KA_ERR_TOO_BIG);
	if (b->cap && want - 1 > b->cap)
		return fail(b, KA_ERR_TOO_BIG);
	if (want <= b->alloc)
		return 0;
	newalloc = b->alloc ? b->alloc : 64;
	while (newalloc < want) {
		if (newalloc > ((size_t)-1) / 2) {
			newalloc = want;
			break;
		}
		newalloc *= 2;
	}
	if (b->alloc) {
		b->data = ka_xrealloc(b->data, newalloc);
	} else {
		b->data = ka_xmalloc(newalloc);
		b->data[0] = '\0';
	}
	b->alloc = newalloc;
	return 0;
}

int ka_buf_reserve(struct ka_buf *b, size_t n)
{
	int err;

	if (b->err)
		return b->err;
	if (b->flush && b->len + n > KA_BUF_FLUSH_AT && b->len) {
		err = ka_buf_flush(b);
		if (err)
			return err;
	}
	if (n >= b->alloc - b->len || (b->cap && b->len + n > b->cap))
		return grow(b, n);
	return 0;
}

int ka_buf_add(struct ka_buf *b, const void *data, size_t n)
{
	int err;

	if (b->err)
		return b->err;
	if (b->flush && b->len + n > KA_BUF_FLUSH_AT && b->len) {
		err = ka_buf_flush(b);
		if (err)
			return err;
	}
	if (n >= b->alloc - b->len || (b->cap && b->len + n > b->cap)) {
		err = grow(b, n);
		if (err)
			return err;
	}
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int ka_buf_adds(struct ka_buf *b, const char *s)
{
	return ka_buf_add(b, s, strlen(s));
}

int ka_buf_addc(struct ka_buf *b, char c)
{
	return ka_buf_add(b, &c, 1);
}

int ka_buf_add_xml(struct ka_buf *b, const char *s)
{
	const char *run = s;

	if (!s)
		return b->err;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		ka_buf_add(b, run, (size_t)(s - run));
		ka_buf_adds(b, rep);
		run = s + 1;
	}
	return ka_buf_add(b, run, (size_t)(s - run));
}

int ka_buf_vaddf(struct ka_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	int err;

	if (b->err)
		return b->err;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return fail(b, KA_ERR_USAGE);
	err = ka_buf_reserve(b, (size_t)n);
	if (err)
		return err;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int ka_buf_addf(struct ka_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = ka_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

char *ka_buf_detach(struct ka_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	p = b->alloc ? b->data : ka_xstrdup("");
	b->data = empty_string;
	b->len = 0;
	b->alloc = 0;
	b->err = 0;
	return p;
}

int ka_buf_read_file(struct ka_buf *b, const char *path)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int err = 0;

	if (fd < 0)
		return KA_ERR_IO;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return KA_ERR_IO;
	}
	if (b->cap && st.st_size > 0 && (unsigned long long)st.st_size > b->cap) {
		close(fd);
		return KA_ERR_TOO_BIG;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = KA_ERR_IO;
			break;
		}
		if (n == 0)
			break;
		err = ka_buf_add(b, chunk, (size_t)n);
		if (err)
			break;
	}
	close(fd);
	return err;
}

/*
 * Where a symbolic link to a file not yet there points, so that writing
 * through it creates the file (as an ordinary write would); NULL if unreadable.
 */
static char *dangling_link_target(const char *link)
{
	struct ka_buf target, full;
	char chunk[4096];
	ssize_t n = readlink(link, chunk, sizeof(chunk));
	const char *slash;

	if (n <= 0 || (size_t)n >= sizeof(chunk))
		return NULL;
	ka_buf_init(&target, KA_BUF_UNLIMITED);
	ka_buf_add(&target, chunk, (size_t)n);
	if (target.data[0] == '/')
		return ka_buf_detach(&target, NULL);
	ka_buf_init(&full, KA_BUF_UNLIMITED);
	slash = strrchr(link, '/');
	if (slash)
		ka_buf_add(&full, link, (size_t)(slash - link) + 1);
	ka_buf_add(&full, target.data, target.len);
	ka_buf_release(&target);
	return ka_buf_detach(&full, NULL);
}

int ka_atomic_open(struct ka_atomic *a, const char *path)
{
	struct ka_buf tmp;
	struct stat st;

	a->fd = -1;
	a->tmp = NULL;
	a->path = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		a->path = realpath(path, NULL);
		if (!a->path && errno != ENOENT)
			return KA_ERR_IO;
		if (!a->path)
			a->path = dangling_link_target(path);
	}
	if (!a->path)
		a->path = ka_xstrdup(path);
	if (stat(a->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			ka_atomic_abort(a);
			return KA_ERR_IO;
		}
		a->fd = open(a->path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (a->fd < 0) {
			ka_atomic_abort(a);
			return KA_ERR_IO;
		}
		return 0;
	}
	ka_buf_init(&tmp, KA_BUF_UNLIMITED);
	ka_buf_addf(&tmp, "%s.tmp-XXXXXX", a->path);
	a->tmp = ka_buf_detach(&tmp, NULL);
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0) {
		ka_atomic_abort(a);
		return KA_ERR_IO;
	}
	return 0;
}

int ka_atomic_write(void *ctx, const char *data, size_t len)
{
	struct ka_atomic *a = ctx;

	while (len) {
		ssize_t n = write(a->fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return KA_ERR_IO;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

void ka_atomic_abort(struct ka_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->fd = -1;
	a->tmp = NULL;
	a->path = NULL;
}

int ka_atomic_commit(struct ka_atomic *a)
{
	int err = 0;

	if (a->fd < 0)
		return KA_ERR_IO;
	/* Like git (core.fsync off by default) we do not fsync: rename keeps readers safe. */
	if (a->tmp)
		fchmod(a->fd, 0644);
	if (close(a->fd) != 0)
		err = KA_ERR_IO;
	a->fd = -1;
	if (!err && a->tmp && rename(a->tmp, a->path) != 0)
		err = KA_ERR_IO;
	ka_atomic_abort(a); /* frees names; removes the temporary file only if still there */
	return err;
}

int ka_write_file_atomic(const char *path, const void *data, size_t len)
{
	struct ka_atomic a;
	int err = ka_atomic_open(&a, path);

	if (err)
		return err;
	err = ka_atomic_write(&a, data, len);
	if (err) {
		ka_atomic_abort(&a);
		return err;
	}
	return ka_atomic_commit(&a);
}
