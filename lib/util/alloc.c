/* Allocation wrappers: the single place where running out of memory aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
