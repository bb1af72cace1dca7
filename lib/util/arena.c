/* Bump allocator: many small allocations, one release. */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "kartla/alloc.h"
#include "kartla/arena.h"
#include "kartla/banned.h"

#define BLOCK_MIN (64 * 1024)
#define BLOCK_MAX (4 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)
#define ALIGN     alignof(max_align_t)
/* ka_arena_alloc_small(): enough for pointers, 64-bit integers and doubles */
#define SMALL_ALIGN 8

static_assert(alignof(void *) <= SMALL_ALIGN && alignof(double) <= SMALL_ALIGN &&
                  alignof(uint64_t) <= SMALL_ALIGN && SMALL_ALIGN <= ALIGN,
              "SMALL_ALIGN suits pointers, 64-bit integers and doubles");

struct ka_arena_block {
	struct ka_arena_block *next;
	size_t size;
	size_t used;
	size_t mapped; /* length of an mmap'ed block, 0 when from calloc */
	alignas(max_align_t) unsigned char data[];
};

/*
 * `len` (a multiple of HUGE_PAGE) of fresh zero pages, huge-page aligned and
 * advised as huge pages: far fewer page faults for big maps. Maps 2 MiB extra
 * to align and trims the rest. NULL when the mapping fails.
 */
static char *map_huge(size_t len, int flags)
{
	char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	char *p;

	if (raw == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (p > raw)
		munmap(raw, (size_t)(p - raw));
	if (p + len < raw + len + HUGE_PAGE)
		munmap(p + len, (size_t)(raw + len + HUGE_PAGE - (p + len)));
	madvise(p, len, MADV_HUGEPAGE);
	return p;
}

/*
 * A zero-filled block. Arena memory is never reused, so allocations from a
 * zeroed block need no memset. Large blocks are mapped huge-page aligned.
 */
static struct ka_arena_block *new_block(size_t total)
{
	struct ka_arena_block *b;

	if (total >= HUGE_PAGE) {
		size_t len = (total + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
		char *p = map_huge(len, 0);

		if (p) {
			b = (struct ka_arena_block *)p;
			b->mapped = len;
			return b;
		}
	}
	b = ka_xcalloc(1, total);
	b->mapped = 0;
	return b;
}

void ka_arena_init(struct ka_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
	a->ahead = NULL;
	a->ahead_mark = SIZE_MAX;
}

/*
 * Faulting ahead (ka_arena_reserve). The thread asks the kernel to populate
 * the reserved block (MADV_POPULATE_WRITE: the pages' contents are never
 * touched, so it cannot race with the arena's owner) 2 MiB at a time, at most
 * AHEAD_WINDOW past the use it was last told of. The owner tells it each time
 * the block's use passes the next 2 MiB (ahead_mark), under the mutex.
 */
#define AHEAD_MIN     (8 * 1024 * 1024)
#define AHEAD_STEP    HUGE_PAGE
#define AHEAD_WINDOW  (16 * 1024 * 1024)
#define AHEAD_IDLE_MS 50 /* the arena has stopped growing fast: the thread ends */

struct ka_arena_ahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *base; /* the reserved block */
	size_t len;
	size_t used; /* the block's use as last told (under mu) */
	int stop;    /* set by release (under mu) */
};

static void *ahead_main(void *arg)
{
	struct ka_arena_ahead *h = arg;
	size_t pos = 0;

	pthread_mutex_lock(&h->mu);
	while (!h->stop && pos < h->len) {
		if (pos >= h->used + AHEAD_WINDOW) {
			struct timespec until;
			size_t told = h->used;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += AHEAD_IDLE_MS * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			if (pthread_cond_timedwait(&h->cv, &h->mu, &until) == ETIMEDOUT &&
			    h->used == told)
				break;
			continue;
		}
		pthread_mutex_unlock(&h->mu);
		{
			size_t n = h->len - pos < AHEAD_STEP ? h->len - pos : AHEAD_STEP;
			int ok = madvise(h->base + pos, n, MADV_POPULATE_WRITE) == 0;

			pos += n;
			pthread_mutex_lock(&h->mu);
			if (!ok)
				break; /* an older kernel: faults happen on use, as without this */
		}
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* The head block's use passed ahead_mark: tell the thread, or forget it once the block is full. */
static void ahead_tell(struct ka_arena *a, struct ka_arena_block *b)
{
	struct ka_arena_ahead *h = a->ahead;

	if ((char *)b != h->base) {
		a->ahead_mark = SIZE_MAX; /* the reserved block is used up */
		return;
	}
	pthread_mutex_lock(&h->mu);
	h->used = b->used;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	a->ahead_mark = b->used + AHEAD_STEP;
}

static void ahead_stop(struct ka_arena *a)
{
	struct ka_arena_ahead *h = a->ahead;

	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
	a->ahead = NULL;
	a->ahead_mark = SIZE_MAX;
}

void ka_arena_reserve(struct ka_arena *a, size_t bytes)
{
	struct ka_arena_ahead *h;
	struct ka_arena_block *b;
	size_t len;
	char *p;

	if (a->head || bytes < AHEAD_MIN || bytes > SIZE_MAX / 4)
		return;
	len = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	p = map_huge(len, MAP_NORESERVE); /* address space only: pages come as they are used */
	if (!p)
		return;
	h = calloc(1, sizeof(*h));
	if (!h)
		goto no_mutex;
	if (pthread_mutex_init(&h->mu, NULL))
		goto no_mutex;
	if (pthread_cond_init(&h->cv, NULL))
		goto no_cond;
	h->base = p;
	h->len = len;
	if (pthread_create(&h->thread, NULL, ahead_main, h))
		goto no_thread;
	b = (struct ka_arena_block *)p;
	b->next = NULL;
	b->size = len - sizeof(*b);
	b->used = 0;
	b->mapped = len;
	a->head = b;
	a->ahead = h;
	a->ahead_mark = AHEAD_STEP;
	return;

no_thread: /* the arena grows as it would without this */
	pthread_cond_destroy(&h->cv);
no_cond:
	pthread_mutex_destroy(&h->mu);
no_mutex:
	free(h);
	munmap(p, len);
}

void ka_arena_release(struct ka_arena *a)
{
	struct ka_arena_block *b = a->head;

	ahead_stop(a);

	while (b) {
		struct ka_arena_block *next = b->next;

		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

void ka_arena_adopt(struct ka_arena *to, struct ka_arena *from)
{
	struct ka_arena_block *last;

	ahead_stop(from);
	if (!from->head)
		return;
	for (last = from->head; last->next; last = last->next)
		;
	if (to->head) { /* after the head: allocation goes on in to's current block */
		last->next = to->head->next;
		to->head->next = from->head;
	} else {
		to->head = from->head;
	}
	to->used_total += from->used_total;
	from->head = NULL;
	from->used_total = 0;
}

/* Bytes with no alignment (strings), packed after each other in the current block. */
static char *alloc_bytes(struct ka_arena *a, size_t n)
{
	struct ka_arena_block *b = a->head;
	char *p;

	if (!b || b->size - b->used < n || n > BLOCK_MIN / 4)
		return ka_arena_alloc(a, n);
	p = (char *)b->data + b->used;
	b->used += n;
	a->used_total += n;
	if (b->used > a->ahead_mark)
		ahead_tell(a, b);
	return p;
}

/* n zero bytes aligned to `align` (a power of two, at most ALIGN). */
static void *alloc_aligned(struct ka_arena *a, size_t n, size_t align)
{
	struct ka_arena_block *b = a->head;
	size_t need, start;
	void *p;

	if (ka_size_add(&need, n, align - 1))
		ka_oom(SIZE_MAX); /* a size that overflows: as out of memory */
	need &= ~(align - 1);
	if (!need)
		need = align;
	if (!b || b->size - b->used < need) {
		/* Blocks (header included) double from 64 KiB up to 4 MiB. */
		size_t total = BLOCK_MIN;
		int oversized;

		if (b)
			total = b->size + sizeof(*b) >= BLOCK_MAX / 2 ? BLOCK_MAX
			                                              : (b->size + sizeof(*b)) * 2;
		oversized = need > total - sizeof(*b);
		if (oversized && ka_size_add(&total, sizeof(*b), need))
			ka_oom(SIZE_MAX);
		b = new_block(total);
		b->size = total - sizeof(*b);
		b->used = 0;
		/* Keep a partly used head block in front when this one is oversized. */
		if (a->head && oversized) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	start = (b->used + align - 1) & ~(align - 1);
	if (start + need > b->size) {
		/* The unaligned tail did not leave room: start a fresh block. */
		b->used = b->size;
		return alloc_aligned(a, n, align);
	}
	b->used = start + need;
	a->used_total += need;
	if (b->used > a->ahead_mark)
		ahead_tell(a, b);
	p = b->data + start;
	return p; /* already zero: blocks are zero-filled and never reused */
}

void *ka_arena_alloc(struct ka_arena *a, size_t n)
{
	return alloc_aligned(a, n, ALIGN);
}

void *ka_arena_alloc_small(struct ka_arena *a, size_t n)
{
	return alloc_aligned(a, n, SMALL_ALIGN);
}

void *ka_arena_array(struct ka_arena *a, size_t n, size_t size)
{
	size_t total;

	if (ka_size_mul(&total, n, size))
		ka_oom(SIZE_MAX);
	return ka_arena_alloc(a, total);
}

char *ka_arena_strndup(struct ka_arena *a, const char *s, size_t n)
{
	char *p = alloc_bytes(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ka_arena_strdup(struct ka_arena *a, const char *s)
{
	return ka_arena_strndup(a, s, strlen(s));
}
