/* Allocation wrappers: allocation failure aborts in exactly one place. */
#ifndef KARTLA_ALLOC_H
#define KARTLA_ALLOC_H

#include <stddef.h>

void *ka_xmalloc(size_t n);
void *ka_xcalloc(size_t n, size_t size);
/*
 * ka_xcalloc for big tables (hash tables, per-element arrays): asks the
 * kernel for huge pages, so first touches cost far fewer page faults and
 * random probes fewer TLB misses. The caller frees it with free().
 */
void *ka_xcalloc_big(size_t n, size_t size);
void *ka_xrealloc(void *p, size_t n);
/* Overflow-checked n * size for arrays; aborts on overflow like allocation failure. */
void *ka_xreallocarray(void *p, size_t n, size_t size);
char *ka_xstrdup(const char *s);
char *ka_xstrndup(const char *s, size_t n);
/*
 * The one out-of-memory exit (message, then abort), for the few allocators
 * that are not ours (libpq's PQunescapeBytea, jansson's json_dumps, ...):
 * `if (!p) ka_oom(n);` instead of a hand-written abort().
 */
void ka_oom(size_t n) __attribute__((noreturn));

/* Returns 0 and sets *out = a + b, or KA_ERR_LIMIT on overflow. */
int ka_size_add(size_t *out, size_t a, size_t b);
int ka_size_mul(size_t *out, size_t a, size_t b);

#endif
