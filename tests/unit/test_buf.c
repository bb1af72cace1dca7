/* Unit tests for lib/buf.c: capped buffers, streaming sinks, file read and atomic write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/json_dump.h"
#include "kartla/xml.h"

/* A scratch directory per test, removed (with its files) afterwards. */
static int make_dir(void **state)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *dir = malloc(strlen(base) + 32);

	snprintf(dir, strlen(base) + 32, "%s/kartla-buf.XXXXXX", base);
	assert_non_null(mkdtemp(dir));
	*state = dir;
	return 0;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int drop_dir(void **state)
{
	remove_tree(*state);
	free(*state);
	return 0;
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void write_plain(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	return ka_buf_detach(&b, NULL);
}

static void test_init_is_empty_string(void **state)
{
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, 100);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 100);
	ka_buf_release(&b);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	ka_buf_release(&b); /* twice is harmless */
}

static void test_growth_keeps_bytes_and_nul(void **state)
{
	struct ka_buf b;
	size_t i;

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (i = 0; i < 100000; i++) {
		assert_int_equal(ka_buf_addc(&b, (char)('a' + i % 26)), 0);
		assert_int_equal(b.data[b.len], '\0');
	}
	assert_int_equal(b.len, 100000);
	assert_true(b.alloc > b.len);
	for (i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(ka_buf_add(&b, "xyz", 0), 0);
	assert_int_equal(b.len, 100000);
	/* Embedded NUL bytes are data, not terminators. */
	ka_buf_reset(&b);
	assert_int_equal(ka_buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	ka_buf_release(&b);
}

static void test_cap_refuses_and_leaves_buffer_unchanged(void **state)
{
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, 10);
	assert_int_equal(ka_buf_adds(&b, "0123456789"), 0); /* exactly at the cap */
	assert_int_equal(ka_buf_addc(&b, 'x'), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_adds(&b, "more"), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_addf(&b, "%d", 7), KA_ERR_TOO_BIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	ka_buf_reset(&b);
	assert_int_equal(ka_buf_adds(&b, "abc"), 0);
	/* One append that would cross the cap is refused whole. */
	assert_int_equal(ka_buf_adds(&b, "defghijkl"), KA_ERR_TOO_BIG);
	assert_string_equal(b.data, "abc");
	ka_buf_reset(&b);
	assert_int_equal(ka_buf_adds(&b, "abcdefghij"), 0);
	/* A length that would overflow size_t is refused, not wrapped. */
	assert_int_equal(ka_buf_add(&b, "x", SIZE_MAX), KA_ERR_TOO_BIG);
	assert_string_equal(b.data, "abcdefghij");
	ka_buf_release(&b);
}

/* After a failed append every later one does nothing, even one that would fit. */
static void test_error_is_sticky(void **state)
{
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, 16);
	assert_int_equal(ka_buf_error(&b), 0);
	assert_int_equal(ka_buf_adds(&b, "0123456789"), 0);
	assert_int_equal(ka_buf_adds(&b, "0123456789"), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_error(&b), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_adds(&b, "ab"), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_addc(&b, 'c'), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_addf(&b, "%d", 1), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_reserve(&b, 1), KA_ERR_TOO_BIG);
	assert_string_equal(b.data, "0123456789");
	assert_int_equal(b.len, 10);
	/* reset and release start afresh */
	ka_buf_reset(&b);
	assert_int_equal(ka_buf_error(&b), 0);
	assert_int_equal(ka_buf_adds(&b, "ab"), 0);
	assert_int_equal(ka_buf_adds(&b, "01234567890123456"), KA_ERR_TOO_BIG);
	ka_buf_release(&b);
	assert_int_equal(ka_buf_error(&b), 0);
	assert_int_equal(ka_buf_adds(&b, "ab"), 0);
	assert_string_equal(b.data, "ab");
	ka_buf_release(&b);
}

/*
 * A writer whose capped output overflows in the middle fails, rather than
 * returning success with the rows that did not fit silently dropped (short
 * pieces after a refused long one would still have fitted).
 */
static void test_writers_fail_on_overflow_in_the_middle(void **state)
{
	static const char xml[] = "<r><a x=\"0123456789012345678901234567890123456789\"/>"
	                          "<b/><c/><d/></r>";
	json_t *arr = json_array();
	struct ka_xml_doc doc;
	struct ka_diag diag;
	struct ka_buf full, b;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		json_array_append_new(
		    arr, json_string(i % 2 ? "x" : "a long string of forty characters!!"));
	ka_buf_init(&full, KA_BUF_UNLIMITED);
	assert_int_equal(ka_json_dump(arr, &full), 0);
	ka_buf_init(&b, full.len / 2);
	assert_int_equal(ka_json_dump(arr, &b), KA_ERR_TOO_BIG);
	assert_int_equal(ka_buf_error(&b), KA_ERR_TOO_BIG);
	ka_buf_release(&b);
	ka_buf_release(&full);
	json_decref(arr);

	ka_diag_init(&diag, "t.xml");
	ka_xml_doc_init(&doc);
	assert_int_equal(ka_xml_parse(&doc, xml, sizeof(xml) - 1, NULL, &diag), 0);
	ka_buf_init(&full, KA_BUF_UNLIMITED);
	assert_int_equal(ka_xml_write(&doc, &full), 0);
	ka_buf_init(&b, full.len - 20);
	assert_int_equal(ka_xml_write(&doc, &b), KA_ERR_TOO_BIG);
	ka_buf_release(&b);
	ka_buf_init(&b, full.len);
	assert_int_equal(ka_xml_write(&doc, &b), 0);
	assert_string_equal(b.data, full.data);
	ka_buf_release(&b);
	ka_buf_release(&full);
	ka_xml_doc_release(&doc);
}

static void test_addf_formats_and_grows(void **state)
{
	struct ka_buf b;
	char big[300];

	(void)state;
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_buf_addf(&b, "%s=%d;", "n", -42), 0);
	assert_int_equal(ka_buf_addf(&b, "[%s]", big), 0);
	assert_int_equal(ka_buf_addf(&b, "%zu%%", (size_t)99), 0);
	assert_int_equal(b.len, strlen("n=-42;") + 2 + strlen(big) + 3);
	assert_int_equal(strncmp(b.data, "n=-42;[q", 8), 0);
	assert_string_equal(b.data + b.len - 4, "]99%");
	ka_buf_release(&b);
}

static void test_reset_keeps_memory(void **state)
{
	struct ka_buf b;
	char *before;

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_adds(&b, "hello");
	before = b.data;
	ka_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	ka_buf_adds(&b, "hi");
	assert_ptr_equal(b.data, before);
	assert_string_equal(b.data, "hi");
	ka_buf_release(&b);
}

static void test_detach_hands_over(void **state)
{
	struct ka_buf b;
	size_t len = 99;
	char *p;

	(void)state;
	ka_buf_init(&b, 50);
	ka_buf_adds(&b, "owned text");
	p = ka_buf_detach(&b, &len);
	assert_int_equal(len, 10);
	assert_string_equal(p, "owned text");
	free(p);
	/* The buffer is empty and usable, with its cap. */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(ka_buf_add(&b, "x", 51), KA_ERR_TOO_BIG);
	/* Detaching an empty buffer gives a freeable empty string. */
	p = ka_buf_detach(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
	ka_buf_release(&b);
}

struct sink {
	struct ka_buf got;
	int calls;
	int fail_at; /* call number that fails, 0 = never */
	size_t largest;
};

static int sink_write(void *ctx, const char *data, size_t len)
{
	struct sink *s = ctx;

	s->calls++;
	if (s->fail_at && s->calls == s->fail_at)
		return KA_ERR_IO;
	if (len > s->largest)
		s->largest = len;
	return ka_buf_add(&s->got, data, len);
}

static void test_flush_sink_streams_everything_in_order(void **state)
{
	struct ka_buf b, want;
	struct sink s = {.calls = 0};
	size_t i;

	(void)state;
	ka_buf_init(&s.got, KA_BUF_UNLIMITED);
	ka_buf_init(&want, KA_BUF_UNLIMITED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_set_flush(&b, sink_write, &s);
	for (i = 0; i < 200000; i++) {
		char line[32];
		int n = snprintf(line, sizeof(line), "line %zu\n", i);

		assert_int_equal(ka_buf_add(&b, line, (size_t)n), 0);
		ka_buf_add(&want, line, (size_t)n);
	}
	/* Bytes beyond the flush threshold went to the sink, not into memory. */
	assert_true(s.calls > 1);
	assert_true(b.len <= KA_BUF_FLUSH_AT);
	assert_true(s.largest <= KA_BUF_FLUSH_AT);
	assert_int_equal(ka_buf_flush(&b), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(s.got.len, want.len);
	assert_memory_equal(s.got.data, want.data, want.len);
	/* Flushing an empty buffer calls nothing. */
	i = (size_t)s.calls;
	assert_int_equal(ka_buf_flush(&b), 0);
	assert_int_equal(s.calls, (int)i);
	ka_buf_release(&b);
	ka_buf_release(&want);
	ka_buf_release(&s.got);
}

static void test_flush_sink_error_propagates(void **state)
{
	struct ka_buf b;
	struct sink s = {.fail_at = 1};
	char chunk[4096];
	int err = 0, i;

	(void)state;
	memset(chunk, 'z', sizeof(chunk));
	ka_buf_init(&s.got, KA_BUF_UNLIMITED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_set_flush(&b, sink_write, &s);
	for (i = 0; i < 1000 && !err; i++)
		err = ka_buf_add(&b, chunk, sizeof(chunk));
	assert_int_equal(err, KA_ERR_IO);
	assert_int_equal(s.calls, 1);
	ka_buf_release(&b);
	ka_buf_release(&s.got);

	/* An explicit flush reports the sink's error too. */
	s.calls = 0;
	s.fail_at = 1;
	ka_buf_init(&s.got, KA_BUF_UNLIMITED);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_set_flush(&b, sink_write, &s);
	ka_buf_adds(&b, "small");
	assert_int_equal(ka_buf_flush(&b), KA_ERR_IO);
	ka_buf_release(&b);
	ka_buf_release(&s.got);
}

static void test_read_file(void **state)
{
	const char *dir = *state;
	char *path = path_in(dir, "in.txt");
	struct ka_buf b;

	write_plain(path, "line one\nline two\n");
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	assert_string_equal(b.data, "line one\nline two\n");
	/* Appends to what is already there. */
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	assert_int_equal(b.len, 36);
	ka_buf_release(&b);

	ka_buf_init(&b, 17);
	assert_int_equal(ka_buf_read_file(&b, path), KA_ERR_TOO_BIG);
	ka_buf_release(&b);
	ka_buf_init(&b, 18);
	assert_int_equal(ka_buf_read_file(&b, path), 0);
	ka_buf_release(&b);

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_buf_read_file(&b, dir), KA_ERR_IO);
	free(path);
	path = path_in(dir, "missing.txt");
	assert_int_equal(ka_buf_read_file(&b, path), KA_ERR_IO);
	assert_int_equal(b.len, 0);
	ka_buf_release(&b);
	free(path);

	/* A device without a size is read up to the cap and refused past it. */
	ka_buf_init(&b, 1000);
	assert_int_equal(ka_buf_read_file(&b, "/dev/zero"), KA_ERR_TOO_BIG);
	ka_buf_release(&b);
}

static void test_write_atomic(void **state)
{
	const char *dir = *state;
	char *path = path_in(dir, "out.txt");
	char *text;
	struct stat st;

	assert_int_equal(ka_write_file_atomic(path, "first", 5), 0);
	text = slurp(path);
	assert_string_equal(text, "first");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* Replacing keeps only the new content, and no temporary file. */
	assert_int_equal(ka_write_file_atomic(path, "2nd", 3), 0);
	text = slurp(path);
	assert_string_equal(text, "2nd");
	free(text);
	assert_int_equal(count_entries(dir), 1);
	/* Empty content makes an empty file. */
	assert_int_equal(ka_write_file_atomic(path, "", 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(path);
}

static void test_write_atomic_failure_leaves_nothing(void **state)
{
	const char *dir = *state;
	char *missing = path_in(dir, "no/such/dir/out.txt");
	char *sub = path_in(dir, "sub");
	char *inner;

	assert_int_equal(ka_write_file_atomic(missing, "x", 1), KA_ERR_IO);
	assert_int_equal(count_entries(dir), 0);

	/* The target is a directory: rename fails, the temporary file is removed. */
	assert_int_equal(mkdir(sub, 0755), 0);
	inner = path_in(sub, "keep");
	write_plain(inner, "kept");
	assert_int_equal(ka_write_file_atomic(sub, "x", 1), KA_ERR_IO);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(count_entries(sub), 1);
	free(missing);
	free(sub);
	free(inner);
}

static void test_atomic_stream_abort_and_commit(void **state)
{
	const char *dir = *state;
	char *path = path_in(dir, "target.txt");
	struct ka_atomic a;
	struct ka_buf b;
	char *text;

	write_plain(path, "old");
	assert_int_equal(ka_atomic_open(&a, path), 0);
	assert_int_equal(ka_atomic_write(&a, "new content", 11), 0);
	assert_int_equal(count_entries(dir), 2); /* target and temporary */
	ka_atomic_abort(&a);
	ka_atomic_abort(&a); /* twice is harmless */
	assert_int_equal(count_entries(dir), 1);
	text = slurp(path);
	assert_string_equal(text, "old");
	free(text);

	/* Through a buffer's flush sink, then committed. */
	assert_int_equal(ka_atomic_open(&a, path), 0);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_set_flush(&b, ka_atomic_write, &a);
	assert_int_equal(ka_buf_adds(&b, "streamed"), 0);
	assert_int_equal(ka_buf_flush(&b), 0);
	ka_buf_release(&b);
	text = slurp(path);
	assert_string_equal(text, "old"); /* not visible before commit */
	free(text);
	assert_int_equal(ka_atomic_commit(&a), 0);
	text = slurp(path);
	assert_string_equal(text, "streamed");
	free(text);
	assert_int_equal(count_entries(dir), 1);
	free(path);

	path = path_in(dir, "nodir/x");
	assert_int_equal(ka_atomic_open(&a, path), KA_ERR_IO);
	free(path);
}

static void test_size_arithmetic(void **state)
{
	size_t r = 0;

	(void)state;
	assert_int_equal(ka_size_add(&r, 2, 3), 0);
	assert_int_equal(r, 5);
	assert_int_equal(ka_size_add(&r, SIZE_MAX, 1), KA_ERR_LIMIT);
	assert_int_equal(ka_size_add(&r, SIZE_MAX - 1, 1), 0);
	assert_int_equal(r, SIZE_MAX);
	assert_int_equal(ka_size_mul(&r, 6, 7), 0);
	assert_int_equal(r, 42);
	assert_int_equal(ka_size_mul(&r, SIZE_MAX / 2 + 1, 2), KA_ERR_LIMIT);
	assert_int_equal(ka_size_mul(&r, SIZE_MAX, 0), 0);
	assert_int_equal(r, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty_string),
	    cmocka_unit_test(test_growth_keeps_bytes_and_nul),
	    cmocka_unit_test(test_cap_refuses_and_leaves_buffer_unchanged),
	    cmocka_unit_test(test_error_is_sticky),
	    cmocka_unit_test(test_writers_fail_on_overflow_in_the_middle),
	    cmocka_unit_test(test_addf_formats_and_grows),
	    cmocka_unit_test(test_reset_keeps_memory),
	    cmocka_unit_test(test_detach_hands_over),
	    cmocka_unit_test(test_flush_sink_streams_everything_in_order),
	    cmocka_unit_test(test_flush_sink_error_propagates),
	    cmocka_unit_test_setup_teardown(test_read_file, make_dir, drop_dir),
	    cmocka_unit_test_setup_teardown(test_write_atomic, make_dir, drop_dir),
	    cmocka_unit_test_setup_teardown(test_write_atomic_failure_leaves_nothing, make_dir,
	                                    drop_dir),
	    cmocka_unit_test_setup_teardown(test_atomic_stream_abort_and_commit, make_dir,
	                                    drop_dir),
	    cmocka_unit_test(test_size_arithmetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
