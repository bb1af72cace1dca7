/*
 * Event logs: large arrays in their own mappings, the interning tables, the
 * event table as a struct of arrays (merging a second thread's part) and its
 * final ordering, and the entry points that pick the XES or CSV reader. The
 * input source is in eventlog_src.c, timestamps in eventlog_time.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "eventlog_int.h"
#include "kartla/banned.h"

void ka_eventlog_opts_init(struct ka_eventlog_opts *o)
{
	memset(o, 0, sizeof(*o));
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

/* Tables of 128 KB and more get a mapping of their own (zeroed, 2 MB pages): a large table
 * of case ids is probed at random, and TLB misses were much of the cost; small ones come
 * from malloc, which reuses memory (a fresh mapping costs page faults). */
#define SLOTS_BIG (16u * 1024u)

static uint64_t *slots_new(size_t n)
{
	return n >= SLOTS_BIG ? el_big_grow(NULL, 0, n, sizeof(uint64_t))
	                      : ka_xcalloc(n, sizeof(uint64_t));
}

static void slots_free(uint64_t *slots, size_t n)
{
	if (n >= SLOTS_BIG)
		el_big_free(slots, n, sizeof(uint64_t));
	else
		free(slots);
}

static uint32_t intern(struct ka_eventlog *log, struct el_table *t, const char ***names,
                       uint32_t *n, const char *s, size_t len)
{
	size_t i, mask;
	uint64_t h = ka_hash_bytes(s, len), tag = h >> 32;

	if ((size_t)*n * 2 >= t->nslots) {
		size_t ns = t->nslots ? t->nslots * 2 : 64, j;
		uint64_t *slots = slots_new(ns);

		for (j = 0; j < t->nslots; j++) {
			size_t k;
			if (!t->slots[j])
				continue;
			k = (t->slots[j] >> 32) & (ns - 1);
			while (slots[k])
				k = (k + 1) & (ns - 1);
			slots[k] = t->slots[j];
		}
		slots_free(t->slots, t->nslots);
		t->slots = slots;
		t->nslots = ns;
	}
	mask = t->nslots - 1;
	for (i = tag & mask; t->slots[i]; i = (i + 1) & mask) {
		const char *name;
		if (t->slots[i] >> 32 != tag)
			continue;
		name = (*names)[(uint32_t)t->slots[i] - 1];
		if (!strncmp(name, s, len) && name[len] == '\0')
			return (uint32_t)t->slots[i] - 1;
	}
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) /* capacity 16, then doubling */
		*names =
		    ka_xreallocarray((void *)*names, *n ? (size_t)*n * 2 : 16, sizeof(**names));
	(*names)[*n] = ka_arena_strndup(&log->priv->arena, s, len);
	t->slots[i] = tag << 32 | ((uint64_t)*n + 1);
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
 * together; within a case equal times keep file order. */
static void note_order(struct ka_eventlog_intern *p, bool first, uint32_t case_ix, int64_t time)
{
	if (!first && (case_ix < p->last_case || (case_ix == p->last_case && time < p->last_time)))
		p->unordered = true;
	p->last_case = case_ix;
	p->last_time = time;
}

/* Gives every array of the event table room for `n` events. */
static void grow_events(struct ka_eventlog *log, size_t n)
{
	struct ka_eventlog_events *e = &log->ev;
	size_t old = log->events_alloc;

	e->time = el_big_grow(e->time, old, n, sizeof(*e->time));
	e->activity = el_big_grow(e->activity, old, n, sizeof(*e->activity));
	e->case_ix = el_big_grow(e->case_ix, old, n, sizeof(*e->case_ix));
	if (e->start)
		e->start = el_big_grow(e->start, old, n, sizeof(*e->start));
	if (e->resource)
		e->resource = el_big_grow(e->resource, old, n, sizeof(*e->resource));
	if (e->lifecycle)
		e->lifecycle = el_big_grow(e->lifecycle, old, n, sizeof(*e->lifecycle));
	log->events_alloc = n;
}

/* The optional arrays, made when the first event needs them (fresh mappings are zero:
 * resource 0, lifecycle NONE; starts are filled with KA_EVENTLOG_NO_TIME). */
static void need_start(struct ka_eventlog *log)
{
	size_t i;

	if (log->ev.start)
		return;
	log->ev.start = el_big_grow(NULL, 0, log->events_alloc, sizeof(int64_t));
	for (i = 0; i < log->nevents; i++)
		log->ev.start[i] = KA_EVENTLOG_NO_TIME;
}

static void need_resource(struct ka_eventlog *log)
{
	if (!log->ev.resource)
		log->ev.resource = el_big_grow(NULL, 0, log->events_alloc, sizeof(uint32_t));
}

static void need_lifecycle(struct ka_eventlog *log)
{
	if (!log->ev.lifecycle)
		log->ev.lifecycle = el_big_grow(NULL, 0, log->events_alloc, sizeof(uint8_t));
}

/* Frees the event table. */
static void free_events(struct ka_eventlog *log)
{
	struct ka_eventlog_events *e = &log->ev;
	size_t n = log->events_alloc;

	el_big_free(e->time, n, sizeof(*e->time));
	el_big_free(e->start, n, sizeof(*e->start));
	el_big_free(e->activity, n, sizeof(*e->activity));
	el_big_free(e->case_ix, n, sizeof(*e->case_ix));
	el_big_free(e->resource, n, sizeof(*e->resource));
	el_big_free(e->lifecycle, n, sizeof(*e->lifecycle));
	memset(e, 0, sizeof(*e));
	log->events_alloc = 0;
}

int el_add_event(struct ka_eventlog *log, const struct el_event *ev, struct ka_diag *d)
{
	size_t i = log->nevents;

	if (i >= log->priv->max_events)
		return ka_diag_set(d, KA_ERR_LIMIT, ev->line, 1, NULL,
		                   "more than %zu events (raise the limit with --max-events)",
		                   log->priv->max_events);
	if (i == log->events_alloc)
		grow_events(log, i ? i * 2 : 1024);
	log->ev.time[i] = ev->time;
	log->ev.activity[i] = ev->activity;
	log->ev.case_ix[i] = ev->case_ix;
	if (ev->start != KA_EVENTLOG_NO_TIME || log->ev.start) {
		need_start(log);
		log->ev.start[i] = ev->start;
		log->has_start |= ev->start != KA_EVENTLOG_NO_TIME;
	}
	if (ev->resource) {
		need_resource(log);
		log->ev.resource[i] = ev->resource;
	}
	if (ev->lifecycle != KA_EVENTLOG_LC_NONE) {
		need_lifecycle(log);
		log->ev.lifecycle[i] = ev->lifecycle;
		log->has_lifecycle = true;
	}
	note_order(log->priv, i == 0, ev->case_ix, ev->time);
	log->cases[ev->case_ix].n++;
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
 * Moves one array of the part (n elements of esz bytes in a mapping with room for cap) behind
 * the n1 elements of the log's array `dst` (with room for n1 + n) without copying them or
 * touching fresh memory (a fresh page costs more than the copy): the part's elements are
 * shifted by r, the bytes of the log's last partly used page, those bytes are put in front of
 * them, and the part's pages are moved by mremap over the (unused) rest of the log's mapping.
 * Falls back to a copy when the kernel refuses. The part's mapping is gone afterwards.
 */
static void move_array(char *dst, size_t n1, char *src, size_t cap, size_t n, size_t esz)
{
	const size_t page = 4096; /* as big_bytes */
	size_t floor_b = (n1 * esz) & ~(page - 1), r = n1 * esz - floor_b;
	size_t len = (r + n * esz + page - 1) & ~(page - 1), need = n + (r + esz - 1) / esz;
	char *to = dst + floor_b;

	if (cap < need) {
		src = el_big_grow(src, cap, need, esz);
		cap = need;
	}
	memmove(src + r, src, n * esz);
	memcpy(src, to, r);
	if (mremap(src, big_bytes(cap, esz), len, 0) == MAP_FAILED) {
		memcpy(dst + n1 * esz, src + r, n * esz);
		el_big_free(src, cap, esz);
	} else if (mremap(src, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to) == MAP_FAILED) {
		memcpy(dst + n1 * esz, src + r, n * esz);
		munmap(src, len);
	}
}

/* Moves every array of the part's event table behind the log's (see move_array). */
static void move_events(struct ka_eventlog *log, struct ka_eventlog *part)
{
	struct ka_eventlog_events *d = &log->ev, *p = &part->ev;
	size_t n1 = log->nevents, n = part->nevents, cap = part->events_alloc;

	if (log->events_alloc < n1 + n) /* address space only: nothing is touched */
		grow_events(log, n1 + n);
	/* an optional array one side lacks is made on the other, defaults filled */
	if (p->start)
		need_start(log);
	if (d->start)
		need_start(part);
	if (p->resource)
		need_resource(log);
	if (d->resource)
		need_resource(part);
	if (p->lifecycle)
		need_lifecycle(log);
	if (d->lifecycle)
		need_lifecycle(part);
	move_array((char *)d->time, n1, (char *)p->time, cap, n, sizeof(*d->time));
	move_array((char *)d->activity, n1, (char *)p->activity, cap, n, sizeof(*d->activity));
	move_array((char *)d->case_ix, n1, (char *)p->case_ix, cap, n, sizeof(*d->case_ix));
	if (p->start)
		move_array((char *)d->start, n1, (char *)p->start, cap, n, sizeof(*d->start));
	if (p->resource)
		move_array((char *)d->resource, n1, (char *)p->resource, cap, n,
		           sizeof(*d->resource));
	if (p->lifecycle)
		move_array((char *)d->lifecycle, n1, (char *)p->lifecycle, cap, n,
		           sizeof(*d->lifecycle));
	memset(p, 0, sizeof(*p));
	part->events_alloc = 0;
}

void el_log_append(struct ka_eventlog *log, struct ka_eventlog *part)
{
	size_t i, n = part->nevents;
	uint32_t *amap, *rmap, *cmap;
	uint32_t *act = part->ev.activity, *cs = part->ev.case_ix, *res = part->ev.resource;
	const int64_t *time = part->ev.time;

	amap = intern_all(log, (const char *const *)part->activities, part->nactivities,
	                  el_intern_activity);
	rmap = intern_all(log, (const char *const *)part->resources, part->nresources,
	                  el_intern_resource);
	cmap = intern_all(log, (const char *const *)part->priv->case_ids, part->priv->ncase_ids,
	                  el_intern_case);
	for (i = 0; i < part->ncases; i++) /* case i of the part is its case id i */
		log->cases[cmap[i]].n += part->cases[i].n;
	for (i = 0; i < n; i++) { /* renumbered in place, then moved */
		uint32_t c = cmap[cs[i]];

		act[i] = amap[act[i]];
		cs[i] = c;
		note_order(log->priv, log->nevents + i == 0, c, time[i]);
	}
	for (i = 0; res && i < n; i++)
		res[i] = rmap[res[i]];
	if (n)
		move_events(log, part);
	log->nevents += n;
	part->nevents = 0;
	log->has_lifecycle |= part->has_lifecycle;
	log->has_start |= part->has_start;
	free(amap);
	free(rmap);
	free(cmap);
}

/* Reorders elements [0, n) of an array of esz-byte elements so that element k comes from
 * perm[k]; tmp has room for n elements. */
static void permute(void *a, const uint32_t *perm, size_t n, size_t esz, void *tmp)
{
	size_t k;

	if (!a)
		return;
	for (k = 0; k < n; k++)
		memcpy((char *)tmp + k * esz, (const char *)a + (size_t)perm[k] * esz, esz);
	memcpy(a, tmp, n * esz);
}

struct by_time {
	int64_t time;
	uint32_t k; /* position in the case: file order */
};

static int cmp_by_time(const void *a, const void *b)
{
	const struct by_time *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Sorts each case's events by time, then file order (insertion order is usually right). */
static void sort_cases(struct ka_eventlog *log)
{
	struct ka_eventlog_events *e = &log->ev;
	struct by_time *bt = NULL;
	uint32_t *perm = NULL;
	void *tmp = NULL;
	size_t i, maxlen = 0;

	for (i = 0; i < log->ncases; i++) {
		size_t f = log->cases[i].first, k, n = log->cases[i].n;
		bool in_order = true;

		for (k = 1; k < n && in_order; k++)
			in_order = e->time[f + k - 1] <= e->time[f + k];
		if (in_order)
			continue;
		if (n > maxlen) {
			maxlen = n;
			bt = ka_xreallocarray(bt, n, sizeof(*bt));
			perm = ka_xreallocarray(perm, n, sizeof(*perm));
			tmp = ka_xreallocarray(tmp, n, sizeof(int64_t));
		}
		for (k = 0; k < n; k++) {
			bt[k].time = e->time[f + k];
			bt[k].k = (uint32_t)k;
		}
		qsort(bt, n, sizeof(*bt), cmp_by_time);
		for (k = 0; k < n; k++) {
			perm[k] = bt[k].k;
			e->time[f + k] = bt[k].time;
		}
		permute(e->activity + f, perm, n, sizeof(*e->activity), tmp);
		if (e->start)
			permute(e->start + f, perm, n, sizeof(*e->start), tmp);
		if (e->resource)
			permute(e->resource + f, perm, n, sizeof(*e->resource), tmp);
		if (e->lifecycle)
			permute(e->lifecycle + f, perm, n, sizeof(*e->lifecycle), tmp);
	}
	free(bt);
	free(perm);
	free(tmp);
}

/* Groups one array by case (a stable counting scatter through pos, which starts at each
 * case's first index); the old mapping is freed. */
static void *scatter(struct ka_eventlog *log, void *a, size_t esz, size_t *pos)
{
	const uint32_t *cs = log->ev.case_ix;
	char *out;
	size_t i;

	if (!a)
		return NULL;
	for (i = 0; i < log->ncases; i++)
		pos[i] = log->cases[i].first;
	out = el_big_grow(NULL, 0, log->nevents, esz);
	for (i = 0; i < log->nevents; i++)
		memcpy(out + pos[cs[i]]++ * esz, (const char *)a + i * esz, esz);
	el_big_free(a, log->events_alloc, esz);
	return out;
}

void el_finish(struct ka_eventlog *log)
{
	struct ka_eventlog_events *e = &log->ev;
	size_t *pos, i, at = 0, old_alloc;
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
		grouped = e->case_ix[i - 1] <= e->case_ix[i];
	if (!grouped) {
		pos = ka_xcalloc(log->ncases, sizeof(*pos));
		/* every array but the case index, then the case index itself, which is known */
		e->time = scatter(log, e->time, sizeof(*e->time), pos);
		e->activity = scatter(log, e->activity, sizeof(*e->activity), pos);
		e->start = scatter(log, e->start, sizeof(*e->start), pos);
		e->resource = scatter(log, e->resource, sizeof(*e->resource), pos);
		e->lifecycle = scatter(log, e->lifecycle, sizeof(*e->lifecycle), pos);
		for (i = 0; i < log->ncases; i++) {
			size_t k, f = log->cases[i].first;
			for (k = 0; k < log->cases[i].n; k++)
				e->case_ix[f + k] = (uint32_t)i;
		}
		free(pos);
		/* the scattered arrays have room for nevents: shrink the others to match */
		old_alloc = log->events_alloc;
		e->case_ix = el_big_grow(e->case_ix, old_alloc, log->nevents, sizeof(*e->case_ix));
		log->events_alloc = log->nevents;
	}
	sort_cases(log);
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
	free_events(log);
	free(log->cases);
	free((void *)log->activities);
	free((void *)log->resources);
	if (log->priv) {
		slots_free(log->priv->acts.slots, log->priv->acts.nslots);
		slots_free(log->priv->res.slots, log->priv->res.nslots);
		slots_free(log->priv->cases.slots, log->priv->cases.nslots);
		free((void *)log->priv->case_ids);
		ka_arena_release(&log->priv->arena);
		free(log->priv);
	}
	free(log);
}
