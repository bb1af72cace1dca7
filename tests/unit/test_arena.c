/* Unit tests for lib/arena.c: alignment, zero fill, large blocks, strings, release, reserve. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/arena.h"

static void assert_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(p[i], 0);
}

static void test_alloc_aligned_zeroed_distinct(void **state)
{
	struct ka_arena a;
	unsigned char *prev = NULL;
	size_t i;

	(void)state;
	ka_arena_init(&a);
	for (i = 1; i < 2000; i++) {
		unsigned char *p = ka_arena_alloc(&a, i % 97 + 1);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		assert_zero(p, i % 97 + 1);
		memset(p, 0xAB, i % 97 + 1); /* must not overlap anything handed out before */
		if (prev)
			assert_int_equal(prev[0], 0xAB);
		prev = p;
	}
	assert_true(a.used_total >= 1999);
	ka_arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used_total, 0);
}

/* Small allocations are 8-aligned, packed without 16-byte padding, zeroed, and mix with the rest.
 */
static void test_alloc_small(void **state)
{
	struct ka_arena a;
	unsigned char *p[3000];
	size_t i, k;

	(void)state;
	ka_arena_init(&a);
	for (i = 0; i < 3000; i++) {
		size_t n = i % 5 ? 120 : i % 41 + 1;

		p[i] = i % 7 ? ka_arena_alloc_small(&a, n) : ka_arena_alloc(&a, n);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % (i % 7 ? 8 : alignof(max_align_t)), 0);
		assert_zero(p[i], n);
		memset(p[i], (int)(i % 251) + 1, n);
	}
	/* nothing handed out overlaps: every allocation still holds its own bytes */
	for (i = 0; i < 3000; i++) {
		size_t n = i % 5 ? 120 : i % 41 + 1;

		for (k = 0; k < n; k++)
			assert_int_equal(p[i][k], (int)(i % 251) + 1);
	}
	/* two 120-byte structs in a row take 120 bytes each, not 128 */
	ka_arena_release(&a);
	ka_arena_init(&a);
	p[0] = ka_arena_alloc_small(&a, 120);
	p[1] = ka_arena_alloc_small(&a, 120);
	assert_int_equal(p[1] - p[0], 120);
	ka_arena_release(&a);
}

static void test_zero_size_and_reuse_after_release(void **state)
{
	struct ka_arena a;
	void *p, *q;

	(void)state;
	ka_arena_init(&a);
	p = ka_arena_alloc(&a, 0);
	q = ka_arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	ka_arena_release(&a);
	/* A released arena can be used again. */
	p = ka_arena_alloc(&a, 16);
	assert_non_null(p);
	assert_zero(p, 16);
	ka_arena_release(&a);
	ka_arena_release(&a); /* twice is harmless */
}

static void test_large_allocations(void **state)
{
	struct ka_arena a;
	unsigned char *small1, *big, *small2, *huge;

	(void)state;
	ka_arena_init(&a);
	small1 = ka_arena_alloc(&a, 10);
	memset(small1, 1, 10);
	big = ka_arena_alloc(&a, 1000000); /* far over one block */
	assert_zero(big, 1000000);
	memset(big, 2, 1000000);
	small2 = ka_arena_alloc(&a, 10);
	assert_zero(small2, 10);
	memset(small2, 3, 10);
	huge = ka_arena_alloc(&a, 9u * 1024u * 1024u);
	assert_int_equal((uintptr_t)huge % alignof(max_align_t), 0);
	assert_zero(huge, 9u * 1024u * 1024u);
	memset(huge, 4, 9u * 1024u * 1024u);
	/* Nothing overwrote anything else. */
	assert_int_equal(small1[9], 1);
	assert_int_equal(big[0], 2);
	assert_int_equal(big[999999], 2);
	assert_int_equal(small2[0], 3);
	assert_true(a.used_total >= 1000000 + 9u * 1024u * 1024u + 20);
	ka_arena_release(&a);
}

static void test_array(void **state)
{
	struct ka_arena a;
	uint64_t *v;
	size_t i;

	(void)state;
	ka_arena_init(&a);
	v = ka_arena_array(&a, 1000, sizeof(*v));
	for (i = 0; i < 1000; i++) {
		assert_int_equal(v[i], 0);
		v[i] = i * i;
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], i * i);
	ka_arena_release(&a);
}

static void test_strings(void **state)
{
	struct ka_arena a;
	const char *src = "kartla arena";
	char *s, *t, *u;

	(void)state;
	ka_arena_init(&a);
	s = ka_arena_strdup(&a, src);
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	t = ka_arena_strndup(&a, src, 6);
	assert_string_equal(t, "kartla");
	u = ka_arena_strdup(&a, "");
	assert_string_equal(u, "");
	/* strndup copies exactly n bytes even past an embedded NUL. */
	t = ka_arena_strndup(&a, "a\0b", 3);
	assert_memory_equal(t, "a\0b", 4);
	assert_string_equal(s, src); /* earlier strings intact */
	ka_arena_release(&a);
}

static void test_many_blocks(void **state)
{
	struct ka_arena a;
	char *first[64];
	size_t i;

	(void)state;
	ka_arena_init(&a);
	for (i = 0; i < 200000; i++) {
		char *p = ka_arena_strdup(&a, "0123456789abcdef0123456789abcdef");

		if (i < 64)
			first[i] = p;
	}
	for (i = 0; i < 64; i++)
		assert_string_equal(first[i], "0123456789abcdef0123456789abcdef");
	ka_arena_release(&a);
}

/* Threads of this process and its resident memory in MiB, from /proc/self/status. */
static long proc_status(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

static void wait_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&t, NULL);
}

/*
 * ka_arena_adopt(): what `from` handed out lives on in `to` (released once, by
 * `to`; ASan and LSan see a double free or a leak otherwise), `to` goes on
 * allocating in its own current block, and `from` is left empty and reusable.
 */
static void test_adopt(void **state)
{
	struct ka_arena to, from, none;
	char *kept[64], *mine, *after;
	size_t i;

	(void)state;
	ka_arena_init(&to);
	ka_arena_init(&from);
	ka_arena_init(&none);
	ka_arena_adopt(&to, &none); /* both empty: nothing */
	assert_null(to.head);
	for (i = 0; i < 64; i++) { /* several blocks */
		kept[i] = ka_arena_alloc(&from, 4096);
		memset(kept[i], (int)i, 4096);
	}
	ka_arena_adopt(&to, &from); /* into an empty arena */
	assert_null(from.head);
	assert_int_equal(from.used_total, 0);
	assert_true(to.used_total >= 64 * 4096);
	mine = ka_arena_strdup(&to, "mine");
	for (i = 0; i < 64; i++) /* into an arena with a current block of its own */
		kept[i] = ka_arena_strdup(&from, "theirs");
	ka_arena_adopt(&to, &from);
	after = ka_arena_alloc(&to, 16);
	assert_true(after > mine && after - mine < 64); /* still to's current block */
	for (i = 0; i < 64; i++)
		assert_string_equal(kept[i], "theirs");
	assert_string_equal(mine, "mine");
	assert_non_null(ka_arena_strdup(&from, "again")); /* from is reusable */
	ka_arena_release(&from);
	ka_arena_release(&to);
	assert_null(to.head);
}

/*
 * ka_arena_reserve(): memory from the reserved block is zero and stays as
 * written while the helper faults pages in; past the block the arena grows as
 * usual; the helper stays within its window and ends when the arena is idle.
 */
static void test_reserve(void **state)
{
	struct ka_arena a;
	unsigned char *p[400];
	long threads0 = proc_status("Threads:"), threads1, rss0;
	size_t i, j;

	(void)state;
	ka_arena_init(&a);
	ka_arena_reserve(&a, 1024 * 1024); /* small: nothing */
	assert_null(a.ahead);
	ka_arena_reserve(&a, SIZE_MAX); /* absurd: nothing, and no failure */
	assert_null(a.ahead);
	assert_null(a.head);
	ka_arena_reserve(&a, 32u * 1024 * 1024);
	assert_non_null(a.ahead);
	/* one more (a sanitizer may start a thread of its own with the first one) */
	threads1 = proc_status("Threads:");
	assert_true(threads1 >= threads0 + 1);
	ka_arena_reserve(&a, 64u * 1024 * 1024); /* already reserved: nothing more */
	/* 400 x 100 KiB = 39 MiB: through the reserved block and beyond it */
	for (i = 0; i < 400; i++) {
		p[i] = ka_arena_alloc(&a, 100 * 1024);
		for (j = 0; j < 100 * 1024; j += 4096)
			assert_int_equal(p[i][j], 0);
		memset(p[i], (int)(i & 0xff) | 1, 100 * 1024);
	}
	for (i = 0; i < 400; i++)
		for (j = 0; j < 100 * 1024; j += 999)
			assert_int_equal(p[i][j], (int)(i & 0xff) | 1);
	wait_ms(400); /* idle: the helper has ended */
	assert_int_equal(proc_status("Threads:"), threads1 - 1);
	ka_arena_release(&a);
	assert_null(a.ahead);

	/* A big reservation barely used: the helper faults in its window, not the block. */
	rss0 = proc_status("VmRSS:");
	ka_arena_init(&a);
	ka_arena_reserve(&a, 512u * 1024 * 1024);
	assert_non_null(ka_arena_alloc(&a, 1000));
	wait_ms(300);
	assert_true(proc_status("VmRSS:") - rss0 < 40 * 1024); /* kB: window 16 MiB */
	ka_arena_release(&a); /* joins a helper that has ended, or ends it */
	assert_null(a.ahead);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alloc_aligned_zeroed_distinct),
	    cmocka_unit_test(test_alloc_small),
	    cmocka_unit_test(test_zero_size_and_reuse_after_release),
	    cmocka_unit_test(test_large_allocations),
	    cmocka_unit_test(test_array),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_many_blocks),
	    cmocka_unit_test(test_reserve),
	    cmocka_unit_test(test_adopt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
