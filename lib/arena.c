/* Bump allocator: many small allocations, one release. */
#include <stdalign.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kartla/alloc.h"
#include "kartla/arena.h"
#include "kartla/banned.h"

#define BLOCK_MIN (64 * 1024)
#define BLOCK_MAX (4 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)
#define ALIGN     alignof(max_align_t)

struct ka_arena_block {
	struct ka_arena_block *next;
	size_t size;
	size_t used;
	size_t pad;
	alignas(max_align_t) unsigned char data[];
};

static struct ka_arena_block *new_block(size_t total)
{
	void *p = NULL;

	if (total >= HUGE_PAGE) {
		/* Large blocks on huge-page boundaries: far fewer page faults for big maps. */
		if (posix_memalign(&p, HUGE_PAGE, total) != 0)
			p = NULL;
		if (p)
			madvise(p, total, MADV_HUGEPAGE);
	}
	return p ? p : ka_xmalloc(total);
}

void ka_arena_init(struct ka_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void ka_arena_release(struct ka_arena *a)
{
	struct ka_arena_block *b = a->head;

	while (b) {
		struct ka_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
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
	return p;
}

void *ka_arena_alloc(struct ka_arena *a, size_t n)
{
	struct ka_arena_block *b = a->head;
	size_t need, start;
	void *p;

	if (ka_size_add(&need, n, ALIGN - 1))
		return ka_xmalloc(SIZE_MAX); /* aborts */
	need &= ~(ALIGN - 1);
	if (!need)
		need = ALIGN;
	if (!b || b->size - b->used < need) {
		/* Blocks double up to BLOCK_MAX: few blocks for big maps, small ones for small. */
		size_t size = BLOCK_MIN, total;
		int oversized;

		if (b)
			size = b->size >= BLOCK_MAX / 2 ? BLOCK_MAX : b->size * 2;
		oversized = need > size;

		if (oversized)
			size = need;
		if (ka_size_add(&total, sizeof(*b), size))
			return ka_xmalloc(SIZE_MAX);
		b = new_block(total);
		b->size = size;
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
	start = (b->used + ALIGN - 1) & ~(ALIGN - 1);
	if (start + need > b->size) {
		/* The unaligned tail did not leave room: start a fresh block. */
		b->used = b->size;
		return ka_arena_alloc(a, n);
	}
	b->used = start + need;
	a->used_total += need;
	p = b->data + start;
	memset(p, 0, n);
	return p;
}

void *ka_arena_array(struct ka_arena *a, size_t n, size_t size)
{
	size_t total;

	if (ka_size_mul(&total, n, size))
		return ka_xmalloc(SIZE_MAX);
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
