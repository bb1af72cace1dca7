/*
 * lib/report: the process description document of a demo process rendered
 * to PDF in memory (starts with %PDF, as many page objects as the renderer
 * counted, the map's process over several pages), a process without map or
 * specification on exactly one page, an unknown process and a bad language
 * refused, the mapping assignment's report, and the words in the three
 * languages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/demo.h"
#include "kartla/alloc.h"
#include "kartla/report.h"
#include "kartla/store.h"

struct fx {
	struct ka_store *st;
	char dir[256];
	int64_t mapped; /* a demo process with an approved map */
	int64_t empty;  /* a process with neither map nor specification */
};

static int64_t first_int(struct fx *f, const char *sql)
{
	struct ka_rows r;
	struct ka_diag d;
	int64_t v = 0;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	if (ka_store_exec(f->st, sql, NULL, 0, &r, &d))
		fail_msg("%s: %s", sql, d.message);
	if (r.nrows && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT)
		v = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return v;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char url[512];
	struct ka_diag d;
	bool seeded;

	snprintf(f->dir, sizeof(f->dir), "%s/kartla-report.XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, url, &d) || ka_store_migrate(f->st, &d) ||
	    ka_demo_seed(f->st, "x", &seeded, &d) || !seeded) {
		fprintf(stderr, "cannot make the demo workspace in %s: %s\n", url, d.message);
		return -1;
	}
	f->mapped = first_int(f, "SELECT process_id FROM map_versions WHERE state = 'approved'"
	                         " AND variant = 'as_is' ORDER BY process_id LIMIT 1");
	f->empty = first_int(f, "INSERT INTO processes (type, name_en, outline) VALUES"
	                        " ('support', 'Empty', '99') RETURNING id");
	*state = f;
	return f->mapped && f->empty ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm"};
	char path[512];
	size_t i;

	ka_store_close(f->st);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The page objects of a PDF ("/Type /Page" not followed by "s"). */
static int page_objects(const struct ka_buf *b)
{
	static const char key[] = "/Type /Page";
	const char *p = b->data, *end = b->data + b->len;
	int n = 0;

	while ((p = memmem(p, (size_t)(end - p), key, sizeof(key) - 1))) {
		p += sizeof(key) - 1;
		if (p < end && *p != 's')
			n++;
	}
	return n;
}

static void render(struct fx *f, int64_t id, const char *lang, struct ka_buf *pdf, int *pages)
{
	struct ka_actor admin = {0, true, NULL};
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	ka_buf_init(pdf, 0);
	assert_int_equal(ka_report_process_pdf(pdf, f->st, &admin, id, lang, pages, &d), 0);
	assert_true(pdf->len > 1000);
	assert_memory_equal(pdf->data, "%PDF-", 5);
	assert_non_null(memmem(pdf->data, pdf->len, "%%EOF", 5));
}

static void test_demo_process(void **state)
{
	struct fx *f = *state;
	struct ka_report r;
	struct ka_buf pdf;
	struct ka_diag d;
	struct ka_actor admin = {0, true, NULL};
	int pages = 0;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_report_gather(&r, f->st, &admin, f->mapped, "sv", &d), 0);
	assert_non_null(r.map);
	assert_true(r.nroles > 0);
	assert_true(json_array_size(r.versions) > 0);
	ka_report_release(&r);

	render(f, f->mapped, "sv", &pdf, &pages);
	/* front matter, specification, roles, map, RACI, risks, lead time, history: > 1 page */
	assert_true(pages >= 2);
	assert_int_equal(page_objects(&pdf), pages);
	ka_buf_release(&pdf);
}

static void test_empty_process(void **state)
{
	struct fx *f = *state;
	struct ka_buf pdf;
	int pages = 0;

	render(f, f->empty, "nb", &pdf, &pages);
	assert_int_equal(pages, 1);
	assert_int_equal(page_objects(&pdf), 1);
	ka_buf_release(&pdf);
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {0, true, NULL};
	struct ka_buf pdf;
	struct ka_diag d;

	ka_buf_init(&pdf, 0);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_report_process_pdf(&pdf, f->st, &admin, 999999, "en", NULL, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_report_process_pdf(&pdf, f->st, &admin, f->mapped, "de", NULL, &d),
	                 KA_ERR_USAGE);
	assert_string_equal(d.element_id, "lang");
	assert_int_equal(pdf.len, 0);
	ka_buf_release(&pdf);
}

static void test_assignment(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {0, true, NULL};
	int64_t id = first_int(f, "SELECT id FROM assignments ORDER BY id LIMIT 1");
	struct ka_buf pdf;
	struct ka_diag d;
	int pages = 0;

	assert_true(id > 0);
	ka_diag_init(&d, NULL);
	ka_buf_init(&pdf, 0);
	assert_int_equal(ka_report_assignment_pdf(&pdf, f->st, &admin, id, "en", &pages, &d), 0);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	assert_true(pages >= 1);
	assert_int_equal(page_objects(&pdf), pages);
	ka_buf_reset(&pdf);
	assert_int_equal(ka_report_assignment_pdf(&pdf, f->st, &admin, 999999, "en", NULL, &d),
	                 KA_ERR_NOT_FOUND);
	ka_buf_release(&pdf);
}

static void test_words(void **state)
{
	(void)state;
	assert_string_equal(ka_report_word("nb", "title"), "Prosessbeskrivelse");
	assert_string_equal(ka_report_word("sv", "title"), "Processbeskrivning");
	assert_string_equal(ka_report_word("en", "title"), "Process description");
	assert_string_equal(ka_report_word("sv", "next_review"), "Nästa översyn");
	assert_null(ka_report_word("en", "no such word"));
}

/* RACI roles named after the people holding them, in any language of the role */
static void test_raci_people(void **state)
{
	struct ka_report r;

	(void)state;
	ka_report_init(&r);
	r.nraci = 1;
	r.raci = ka_xcalloc(1, sizeof(*r.raci));
	r.raci[0].activity = ka_xstrdup("Behandle");
	r.raci[0].r = ka_xstrdup("Saksbehandler, Processägare");
	r.raci[0].a = ka_xstrdup("prosesseier");
	r.raci[0].c = ka_xstrdup("Jurist");
	r.nholders = 3;
	r.holders = ka_xcalloc(3, sizeof(*r.holders));
	r.holders[0].role = ka_xstrdup("Prosesseier");
	r.holders[0].names[1] = ka_xstrdup("processägare");
	r.holders[0].person = ka_xstrdup("Kari Nordmann");
	r.holders[1].role = ka_xstrdup("prosesseier");
	r.holders[1].person = ka_xstrdup("Anna Berg");
	r.holders[2].role = ka_xstrdup("saksbehandler");
	r.holders[2].person = NULL; /* vacant: named by nobody */
	ka_report_raci_people(&r);
	assert_string_equal(r.raci[0].r, "Saksbehandler, Processägare (Kari Nordmann)");
	assert_string_equal(r.raci[0].a, "prosesseier (Kari Nordmann, Anna Berg)");
	assert_string_equal(r.raci[0].c, "Jurist");
	assert_null(r.raci[0].i);
	ka_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_demo_process), cmocka_unit_test(test_empty_process),
	    cmocka_unit_test(test_refusals),     cmocka_unit_test(test_assignment),
	    cmocka_unit_test(test_words),        cmocka_unit_test(test_raci_people),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
