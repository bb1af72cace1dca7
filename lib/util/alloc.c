/* Allocation wrappers: the single place where running out of memory aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kartla/alloc.h"
#include "kartla/err.h"
#include "kartla/banned.h"

void ka_oom(size_t n)
{
	fprintf(stderr, "kartla: out of memory allocating %zu bytes\n", n);
	abort();
}

void *ka_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		ka_oom(n);
	return p;
}

void *ka_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		ka_oom(n * size);
	return p;
}

#define HUGE_PAGE ((uintptr_t)2 * 1024 * 1024)

/*
 * calloc, and for a table of several huge pages madvise(MADV_HUGEPAGE) on the
 * huge-page-aligned inside of the block before anything touches it: a large
 * calloc is fresh mmap'ed memory, so its first touch then faults in 2 MiB at
 * a time (far fewer page faults and TLB misses for tables probed at random).
 * A block glibc served from its heap instead was zeroed by calloc already;
 * the advice then changes nothing. Still freed with free().
 */
void *ka_xcalloc_big(size_t n, size_t size)
{
	size_t total;
	char *p;
	uintptr_t from, to;

	if (ka_size_mul(&total, n, size))
		ka_oom(SIZE_MAX);
	p = ka_xcalloc(n, size);
	if (total < 2 * HUGE_PAGE)
		return p;
	from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	to = ((uintptr_t)p + total) & ~(HUGE_PAGE - 1);
	if (to > from)
		madvise((void *)from, (size_t)(to - from), MADV_HUGEPAGE);
	return p;
}

void *ka_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		ka_oom(n);
	return q;
}

void *ka_xreallocarray(void *p, size_t n, size_t size)
{
	size_t total;

	if (ka_size_mul(&total, n, size))
		ka_oom(SIZE_MAX);
	return ka_xrealloc(p, total);
}

char *ka_xstrdup(const char *s)
{
	return ka_xstrndup(s, strlen(s));
}

char *ka_xstrndup(const char *s, size_t n)
{
	char *p = ka_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int ka_size_add(size_t *out, size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		return KA_ERR_LIMIT;
	*out = a + b;
	return 0;
}

int ka_size_mul(size_t *out, size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		return KA_ERR_LIMIT;
	*out = a * b;
	return 0;
}
