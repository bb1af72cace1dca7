/* Bump allocator for per-parse and per-request data: freed all at once. */
#ifndef KARTLA_ARENA_H
#define KARTLA_ARENA_H

#include <stddef.h>

struct ka_arena_block;

struct ka_arena {
	struct ka_arena_block *head;
	size_t used_total; /* bytes handed out, for statistics */
};

void ka_arena_init(struct ka_arena *a);
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
