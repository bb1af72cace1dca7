/*
 * Event logs: the input source (plain or gzip, file or memory, or a range
 * of a plain one for a second thread), large arrays in their own mappings,
 * the interning tables, the event table (merging a second thread's part)
 * and its final ordering, and the entry points that pick the XES or CSV
 * reader. Timestamps are in eventlog_time.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "eventlog_int.h"
#include "kartla/banned.h"

void ka_eventlog_opts_init(struct ka_eventlog_opts *o)
{
	memset(o, 0, sizeof(*o));
}

/* ---- source ---- */

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

/* ---- memory ---- */

/* The bytes of a mapping of `n` elements of `size` (whole pages; overflow aborts). */
static size_t big_bytes(size_t n, size_t size)
{
	const size_t page = 4096;

	if (size && n > (SIZE_MAX - page) / size)
		ka_oom(SIZE_MAX);
	return (n * size + page - 1) & ~(page - 1);
}

void *el_big_grow(void *p, size_t old_n, size_t n, size_t size)
{
	size_t bytes = big_bytes(n, size);

	if (p && old_n)
		p = mremap(p, big_bytes(old_n, size), bytes, MREMAP_MAYMOVE);
	else
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		ka_oom(bytes);
	/* page faults on fresh memory are much of the cost of a large log: ask for 2 MB pages
	 * (advice only), on the whole mapping so that it stays one piece for mremap */
	(void)madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

void el_big_free(void *p, size_t n, size_t size)
{
	if (p && n)
		munmap(p, big_bytes(n, size));
}

/* ---- interning ---- */

static uint32_t intern(struct ka_eventlog *log, struct el_table *t, const char ***names,
                       uint32_t *n, const char *s, size_t len)
{
	size_t i, mask;
	uint64_t h;

	if ((size_t)*n * 2 >= t->nslots) {
		size_t ns = t->nslots ? t->nslots * 2 : 64, j;
		uint32_t *slots = ka_xcalloc(ns, sizeof(*slots));

		for (j = 0; j < *n; j++) {
			const char *name = (*names)[j];
			size_t k = ka_hash_bytes(name, strlen(name)) & (ns - 1);
			while (slots[k])
				k = (k + 1) & (ns - 1);
			slots[k] = (uint32_t)j + 1;
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = ns;
	}
	mask = t->nslots - 1;
	h = ka_hash_bytes(s, len);
	for (i = h & mask; t->slots[i]; i = (i + 1) & mask) {
		const char *name = (*names)[t->slots[i] - 1];
		if (!strncmp(name, s, len) && name[len] == '\0')
			return t->slots[i] - 1;
	}
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) /* capacity 16, then doubling */
		*names =
		    ka_xreallocarray((void *)*names, *n ? (size_t)*n * 2 : 16, sizeof(**names));
	(*names)[*n] = ka_arena_strndup(&log->priv->arena, s, len);
	t->slots[i] = *n + 1;
	return (*n)++;
}

uint32_t el_intern_activity(struct ka_eventlog *log, const char *s, size_t len)
{
	return intern(log, &log->priv->acts, &log->activities, &log->nactivities, s, len);
}

uint32_t el_intern_resource(struct ka_eventlog *log, const char *s, size_t len)
{
	return intern(log, &log->priv->res, &log->resources, &log->nresources, s, len);
}

uint32_t el_intern_case(struct ka_eventlog *log, const char *s, size_t len)
{
	struct ka_eventlog_intern *p = log->priv;
	uint32_t before = p->ncase_ids, ix;

	ix = intern(log, &p->cases, &p->case_ids, &p->ncase_ids, s, len);
	if (p->ncase_ids > before) {
		if (log->ncases == log->cases_alloc) {
			log->cases_alloc = log->cases_alloc ? log->cases_alloc * 2 : 64;
			log->cases =
			    ka_xreallocarray(log->cases, log->cases_alloc, sizeof(*log->cases));
		}
		log->cases[log->ncases].id = p->case_ids[ix];
		log->cases[log->ncases].first = 0;
		log->cases[log->ncases].n = 0;
		log->ncases++;
	}
	return ix;
}

/* Notes the order of the next event (see ka_eventlog_intern.unordered): case indices are
 * numbered in order of first appearance, so non-decreasing ones mean each case's events are
 * together; within a case equal times keep file order (seq only grows). */
static void note_order(struct ka_eventlog_intern *p, bool first, uint32_t case_ix, int64_t time)
{
	if (!first && (case_ix < p->last_case || (case_ix == p->last_case && time < p->last_time)))
		p->unordered = true;
	p->last_case = case_ix;
	p->last_time = time;
}

int el_add_event(struct ka_eventlog *log, const struct ka_eventlog_event *ev, struct ka_diag *d)
{
	if (log->nevents >= log->priv->max_events)
		return ka_diag_set(d, KA_ERR_LIMIT, ev->line, 1, NULL,
		                   "more than %zu events (raise the limit with --max-events)",
		                   log->priv->max_events);
	if (log->nevents == log->events_alloc) {
		size_t old = log->events_alloc;

		log->events_alloc = old ? old * 2 : 1024;
		log->events =
		    el_big_grow(log->events, old, log->events_alloc, sizeof(*log->events));
	}
	log->events[log->nevents] = *ev;
	log->events[log->nevents].seq = log->priv->seq++;
	note_order(log->priv, log->nevents == 0, ev->case_ix, ev->time);
	log->cases[ev->case_ix].n++;
	if (ev->lifecycle != KA_EVENTLOG_LC_NONE)
		log->has_lifecycle = true;
	if (ev->start != KA_EVENTLOG_NO_TIME)
		log->has_start = true;
	log->nevents++;
	return 0;
}

void el_note_skip(struct ka_eventlog *log, struct ka_diag *d)
{
	if (!log->skipped)
		ka_diag_format(d, log->skipped_first, sizeof(log->skipped_first));
	log->skipped++;
	d->line = d->column = 0;
	d->message[0] = d->element_id[0] = '\0';
}

static uint32_t *intern_all(struct ka_eventlog *log, const char *const *names, size_t n,
                            uint32_t (*intern_one)(struct ka_eventlog *, const char *, size_t))
{
	uint32_t *map = ka_xreallocarray(NULL, n + 1, sizeof(*map));
	size_t i;

	for (i = 0; i < n; i++)
		map[i] = intern_one(log, names[i], strlen(names[i]));
	return map;
}

/*
 * Moves the part's events (part->nevents of them, already renumbered) behind the log's
 * without copying them or touching fresh memory (a fresh page costs more than the copy): the
 * part's events are shifted by r, the bytes of the log's last partly used page, those bytes
 * are put in front of them, and the part's pages are moved by mremap over the (unused) rest of
 * the log's mapping. Falls back to a copy when the kernel refuses. The part's mapping is gone
 * afterwards.
 */
static void move_events(struct ka_eventlog *log, struct ka_eventlog *part)
{
	const size_t esz = sizeof(struct ka_eventlog_event), page = 4096; /* as big_bytes */
	size_t n1 = log->nevents, n = part->nevents, floor_b = (n1 * esz) & ~(page - 1);
	size_t r = n1 * esz - floor_b, len = (r + n * esz + page - 1) & ~(page - 1), i;
	char *pb, *to;

	if (log->events_alloc < n1 + n) { /* address space only: nothing is touched */
		log->events = el_big_grow(log->events, log->events_alloc, n1 + n, esz);
		log->events_alloc = n1 + n;
	}
	if (part->events_alloc < n + (r + esz - 1) / esz) {
		part->events =
		    el_big_grow(part->events, part->events_alloc, n + (r + esz - 1) / esz, esz);
		part->events_alloc = n + (r + esz - 1) / esz;
	}
	pb = (char *)part->events;
	to = (char *)log->events + floor_b;
	for (i = n; i-- > 0;) { /* backwards: event i goes to r + i * esz, never over one unread */
		struct ka_eventlog_event e = part->events[i];
		memcpy(pb + r + i * esz, &e, esz);
	}
	memcpy(pb, to, r);
	if (mremap(pb, big_bytes(part->events_alloc, esz), len, 0) == MAP_FAILED) {
		memcpy((char *)log->events + n1 * esz, pb + r, n * esz);
		el_big_free(part->events, part->events_alloc, esz);
	} else if (mremap(pb, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to) == MAP_FAILED) {
		memcpy((char *)log->events + n1 * esz, pb + r, n * esz);
		munmap(pb, len);
	}
	part->events = NULL;
	part->events_alloc = 0;
}

int el_log_append(struct ka_eventlog *log, struct ka_eventlog *part, unsigned long line_offset,
                  struct ka_diag *d)
{
	size_t i, n = part->nevents, max = log->priv->max_events;
	uint32_t *amap, *rmap, *cmap;

	if (n > max - log->nevents) /* the event that goes over, as a single reader meets it */
		return ka_diag_set(d, KA_ERR_LIMIT,
		                   (uint32_t)(part->events[max - log->nevents].line + line_offset),
		                   1, NULL,
		                   "more than %zu events (raise the limit with --max-events)", max);
	amap = intern_all(log, (const char *const *)part->activities, part->nactivities,
	                  el_intern_activity);
	rmap = intern_all(log, (const char *const *)part->resources, part->nresources,
	                  el_intern_resource);
	cmap = intern_all(log, (const char *const *)part->priv->case_ids, part->priv->ncase_ids,
	                  el_intern_case);
	for (i = 0; i < n; i++) { /* renumbered in place, then moved */
		struct ka_eventlog_event *e = &part->events[i];

		e->activity = amap[e->activity];
		e->resource = rmap[e->resource];
		e->case_ix = cmap[e->case_ix];
		e->seq = log->priv->seq++;
		e->line = (uint32_t)(e->line + line_offset);
		log->cases[e->case_ix].n++;
		note_order(log->priv, log->nevents + i == 0, e->case_ix, e->time);
	}
	if (n)
		move_events(log, part);
	log->nevents += n;
	log->has_lifecycle |= part->has_lifecycle;
	log->has_start |= part->has_start;
	free(amap);
	free(rmap);
	free(cmap);
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const struct ka_eventlog_event *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts each case's events by time, then file order (insertion order is usually right). */
static void sort_cases(struct ka_eventlog *log, struct ka_eventlog_event *events)
{
	size_t i;

	for (i = 0; i < log->ncases; i++) {
		struct ka_eventlog_event *e = events + log->cases[i].first;
		size_t k, n = log->cases[i].n;
		bool in_order = true;

		for (k = 1; k < n && in_order; k++)
			in_order = cmp_event(&e[k - 1], &e[k]) < 0;
		if (!in_order)
			qsort(e, n, sizeof(*e), cmp_event);
	}
}

void el_finish(struct ka_eventlog *log)
{
	struct ka_eventlog_event *sorted;
	size_t *pos, i, at = 0;
	bool grouped = true;

	if (!log->nevents)
		return;
	for (i = 0; i < log->ncases; i++) {
		log->cases[i].first = at;
		at += log->cases[i].n;
	}
	if (!log->priv->unordered) /* grouped and in order as read: nothing to move */
		return;
	/* case ids are numbered in order of first appearance, so a file that lists each case's
	 * events together has non-decreasing case indices and is already grouped in place */
	for (i = 1; i < log->nevents && grouped; i++)
		grouped = log->events[i - 1].case_ix <= log->events[i].case_ix;
	if (grouped) {
		sort_cases(log, log->events);
		return;
	}
	pos = ka_xcalloc(log->ncases, sizeof(*pos));
	for (i = 0; i < log->ncases; i++)
		pos[i] = log->cases[i].first;
	sorted = el_big_grow(NULL, 0, log->nevents, sizeof(*sorted));
	for (i = 0; i < log->nevents; i++)
		sorted[pos[log->events[i].case_ix]++] = log->events[i];
	sort_cases(log, sorted);
	el_big_free(log->events, log->events_alloc, sizeof(*log->events));
	free(pos);
	log->events = sorted;
	log->events_alloc = log->nevents;
}

/* ---- entry points ---- */

struct ka_eventlog *el_log_new(const struct ka_eventlog_opts *o)
{
	struct ka_eventlog *log = ka_xcalloc(1, sizeof(*log));

	log->priv = ka_xcalloc(1, sizeof(*log->priv));
	ka_arena_init(&log->priv->arena);
	log->priv->max_events = o->max_events ? o->max_events : KA_EVENTLOG_MAX_EVENTS;
	el_intern_resource(log, "", 0);
	return log;
}

static bool looks_like_xml(const struct el_src *s)
{
	size_t i = 0;

	if (s->peeklen >= 3 && !memcmp(s->peek, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < s->peeklen && (s->peek[i] == ' ' || s->peek[i] == '\t' || s->peek[i] == '\r' ||
	                          s->peek[i] == '\n'))
		i++;
	return i < s->peeklen && s->peek[i] == '<';
}

static int read_src(struct ka_eventlog **out, struct el_src *src,
                    const struct ka_eventlog_opts *opts, struct ka_diag *diag)
{
	struct ka_eventlog_opts defaults;
	struct ka_eventlog *log;
	int err;

	*out = NULL;
	if (!opts) {
		ka_eventlog_opts_init(&defaults);
		opts = &defaults;
	}
	err = el_src_peek(src, diag);
	if (err)
		return err;
	log = el_log_new(opts);
	log->format = opts->format;
	if (log->format == KA_EVENTLOG_AUTO)
		log->format = looks_like_xml(src) ? KA_EVENTLOG_XES : KA_EVENTLOG_CSV;
	if (log->format == KA_EVENTLOG_XES)
		err = el_read_xes(log, src, opts, diag);
	else
		err = el_read_csv(log, src, opts, diag);
	if (!err && log->nevents == 0)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, NULL, "the log holds no events");
	if (err) {
		ka_eventlog_free(log);
		return err;
	}
	el_finish(log);
	*out = log;
	return 0;
}

int ka_eventlog_read_file(struct ka_eventlog **out, const char *path,
                          const struct ka_eventlog_opts *opts, struct ka_diag *diag)
{
	struct el_src src;
	int err;

	ka_diag_init(diag, path);
	*out = NULL;
	err = el_src_open_file(&src, path, diag);
	if (err)
		return err;
	err = read_src(out, &src, opts, diag);
	el_src_close(&src);
	return err;
}

int ka_eventlog_read_mem(struct ka_eventlog **out, const void *data, size_t len, const char *name,
                         const struct ka_eventlog_opts *opts, struct ka_diag *diag)
{
	struct el_src src;
	int err;

	ka_diag_init(diag, name);
	el_src_open_mem(&src, data, len, name);
	err = read_src(out, &src, opts, diag);
	el_src_close(&src);
	return err;
}

void ka_eventlog_free(struct ka_eventlog *log)
{
	if (!log)
		return;
	el_big_free(log->events, log->events_alloc, sizeof(*log->events));
	free(log->cases);
	free((void *)log->activities);
	free((void *)log->resources);
	if (log->priv) {
		free(log->priv->acts.slots);
		free(log->priv->res.slots);
		free(log->priv->cases.slots);
		free((void *)log->priv->case_ids);
		ka_arena_release(&log->priv->arena);
		free(log->priv);
	}
	free(log);
}
