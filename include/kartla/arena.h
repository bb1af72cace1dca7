/* Bump allocator for per-parse and per-request data: freed all at once. */
#ifndef KARTLA_ARENA_H
#define KARTLA_ARENA_H

#include <stddef.h>

struct ka_arena_block;
struct ka_arena_ahead; /* arena.c: the thread that faults a reserved block in */

struct ka_arena {
	struct ka_arena_block *head;
	size_t used_total; /* bytes handed out, for statistics */
	/* ka_arena_reserve(): the helper thread, and the head block's use at which it is told next
	 */
	struct ka_arena_ahead *ahead; /* NULL when there is none */
	size_t ahead_mark;            /* SIZE_MAX when there is none */
};

void ka_arena_init(struct ka_arena *a);
/*
 * For an arena about to take a lot of memory fast (a big document being read):
 * maps one block of `bytes` (address space only) and starts a thread that
 * faults its pages in a few MiB ahead of use, so that zeroing fresh pages (a
 * third of reading a big map on a virtual machine) runs on another core. The
 * thread ends when the block is used up, when the arena has not grown for a
 * moment, or at release. Does nothing for less than 8 MiB, for an arena that
 * already holds memory, or when the system cannot (then the arena grows as usual).
 */
void ka_arena_reserve(struct ka_arena *a, size_t bytes);
/*
 * Moves every block of `from` into `to`, which frees them on release: what
 * was allocated from `from` (say, on another thread) lives as long as `to`.
 * `from` is left empty and may be reused or released.
 */
void ka_arena_adopt(struct ka_arena *to, struct ka_arena *from);
/* Frees every block; pointers from the arena become invalid. */
void ka_arena_release(struct ka_arena *a);
/* Memory owned by the arena, aligned for any type, zero-filled. */
void *ka_arena_alloc(struct ka_arena *a, size_t n);
/*
 * Like ka_arena_alloc, aligned only for pointers, 64-bit integers and doubles
 * (8 bytes): for the many small structs of a tree (no long double, no SIMD
 * types), which then take no padding up to 16 bytes.
 */
void *ka_arena_alloc_small(struct ka_arena *a, size_t n);
void *ka_arena_array(struct ka_arena *a, size_t n, size_t size);
char *ka_arena_strndup(struct ka_arena *a, const char *s, size_t n);
char *ka_arena_strdup(struct ka_arena *a, const char *s);

#endif
