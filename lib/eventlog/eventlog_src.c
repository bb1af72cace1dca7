/*
 * The input source of the event-log readers: plain or gzip (recognised by its magic bytes,
 * inflated in chunks, truncation detected), a file or a memory block, or a range of a plain
 * one read with pread by a second thread (see eventlog_int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eventlog_int.h"
#include "kartla/banned.h"

int el_src_open_file(struct el_src *s, const char *path, struct ka_diag *diag)
{
	memset(s, 0, sizeof(*s));
	s->name = path;
	s->fd = -1;
	s->f = fopen(path, "rb");
	if (!s->f)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot open: %s", strerror(errno));
	return 0;
}

void el_src_open_mem(struct el_src *s, const void *data, size_t len, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->fd = -1;
	s->mem = data;
	s->memlen = len;
}

bool el_src_splittable(const struct el_src *s, uint64_t *size)
{
	struct stat st;

	if (!s->zinit || s->gz || s->fd >= 0)
		return false;
	if (s->mem) {
		*size = s->memlen;
		return true;
	}
	if (!s->f || fstat(fileno(s->f), &st) || !S_ISREG(st.st_mode))
		return false;
	*size = (uint64_t)st.st_size;
	return true;
}

void el_src_open_range(struct el_src *s, const struct el_src *whole, uint64_t from, uint64_t to)
{
	memset(s, 0, sizeof(*s));
	s->name = whole->name;
	s->fd = -1;
	s->zinit = true; /* plain bytes: no gzip detection */
	if (whole->mem) {
		s->mem = whole->mem + from;
		s->memlen = (size_t)(to - from);
	} else {
		s->fd = fileno(whole->f);
		s->off = from;
		s->end = to;
	}
}

static int raw_read(struct el_src *s, unsigned char *buf, size_t n, size_t *got,
                    struct ka_diag *diag)
{
	if (s->mem) {
		size_t k = s->memlen - s->mempos < n ? s->memlen - s->mempos : n;
		memcpy(buf, s->mem + s->mempos, k);
		s->mempos += k;
		*got = k;
		return 0;
	}
	if (s->fd >= 0) {
		ssize_t k;

		if (n > s->end - s->off)
			n = (size_t)(s->end - s->off);
		do
			k = n ? pread(s->fd, buf, n, (off_t)s->off) : 0;
		while (k < 0 && errno == EINTR);
		if (k < 0)
			return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "read error: %s",
			                   strerror(errno));
		s->off += (uint64_t)k;
		*got = (size_t)k;
		return 0;
	}
	*got = fread(buf, 1, n, s->f);
	if (*got < n && ferror(s->f))
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "read error: %s", strerror(errno));
	return 0;
}

static int fill_in(struct el_src *s, struct ka_diag *diag)
{
	size_t got = 0;
	int err;

	if (s->in_eof)
		return 0;
	err = raw_read(s, s->in, sizeof(s->in), &got, diag);
	if (err)
		return err;
	if (got == 0)
		s->in_eof = true;
	s->z.next_in = s->in;
	s->z.avail_in = (uInt)got;
	s->inlen = got;
	return 0;
}

static int gz_read(struct el_src *s, char *buf, size_t n, size_t *got, struct ka_diag *diag)
{
	int err, zr;

	s->z.next_out = (unsigned char *)buf;
	s->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
	while (s->z.avail_out > 0) {
		if (s->z.avail_in == 0) {
			err = fill_in(s, diag);
			if (err)
				return err;
			if (s->in_eof && s->z.avail_in == 0) {
				if (!s->zend)
					return ka_diag_set(
					    diag, KA_ERR_IO, 0, 0, NULL,
					    "truncated gzip: the compressed data ends "
					    "before the end of the stream");
				break;
			}
		}
		if (s->zend) { /* another gzip member follows */
			if (inflateReset(&s->z) != Z_OK)
				return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL,
				                   "gzip reset failed");
			s->zend = false;
		}
		zr = inflate(&s->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			s->zend = true;
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "corrupt gzip data: %s",
			                   s->z.msg ? s->z.msg : "inflate failed");
	}
	*got = n - s->z.avail_out;
	return 0;
}

static int src_read(struct el_src *s, char *buf, size_t n, size_t *got, struct ka_diag *diag)
{
	if (!s->zinit) {
		unsigned char magic[2];
		size_t k = 0;
		int err = raw_read(s, magic, 2, &k, diag);
		if (err)
			return err;
		s->zinit = true;
		if (k == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
			s->gz = true;
			if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
				return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "gzip init failed");
			s->z.next_in = magic;
			s->z.avail_in = 2;
			/* feed the two magic bytes, then continue from the stream */
			s->z.next_out = (unsigned char *)buf;
			s->z.avail_out = (uInt)n;
			inflate(&s->z, Z_NO_FLUSH);
			return gz_read(s, buf, n, got, diag);
		}
		memcpy(buf, magic, k < n ? k : n);
		if (k == 0 || n < k) {
			*got = 0;
			return 0;
		}
		{
			size_t more = 0;
			err = raw_read(s, (unsigned char *)buf + k, n - k, &more, diag);
			*got = k + more;
			return err;
		}
	}
	if (s->gz)
		return gz_read(s, buf, n, got, diag);
	{
		size_t k = 0;
		int err = raw_read(s, (unsigned char *)buf, n, &k, diag);
		*got = k;
		return err;
	}
}

int el_src_read(struct el_src *s, char *buf, size_t n, size_t *got, struct ka_diag *diag)
{
	if (s->peekpos < s->peeklen) {
		size_t k = s->peeklen - s->peekpos < n ? s->peeklen - s->peekpos : n;
		memcpy(buf, s->peek + s->peekpos, k);
		s->peekpos += k;
		*got = k;
		return 0;
	}
	return src_read(s, buf, n, got, diag);
}

int el_src_peek(struct el_src *s, struct ka_diag *diag)
{
	size_t got = 0;
	int err;

	while (s->peeklen < sizeof(s->peek)) {
		err = src_read(s, s->peek + s->peeklen, sizeof(s->peek) - s->peeklen, &got, diag);
		if (err)
			return err;
		if (got == 0)
			break;
		s->peeklen += got;
	}
	s->peekpos = 0;
	return 0;
}

void el_src_close(struct el_src *s)
{
	if (s->gz)
		inflateEnd(&s->z);
	if (s->f)
		fclose(s->f);
	s->f = NULL;
	s->gz = false;
}
