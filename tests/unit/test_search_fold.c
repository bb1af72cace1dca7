/*
 * Unit tests for lib/search/search_fold.c: what ka_search_fold() makes of
 * Nordic and other letters, and that it agrees with the folded column of
 * search_docs (schema.c, migration 5) that the search compares it with.
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

#include "kartla/buf.h"
#include "kartla/search.h"
#include "kartla/store.h"

static void expect(const char *in, const char *want)
{
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_search_fold(in, strlen(in), &b);
	if (strcmp(b.data, want))
		fail_msg("fold of '%s': got '%s', want '%s'", in, b.data, want);
	ka_buf_release(&b);
}

static void test_nordic(void **state)
{
	(void)state;
	expect("ansökan", "ansokan");
	expect("Søknad", "soknad");
	expect("BYGGESØKNAD", "byggesoknad");
	expect("Ærlig Øst Åsa", "aerlig ost asa");
	expect("Ödegård Äng", "odegard ang");
	expect("café naïve Übung straße Þór", "cafe naive ubung strasse thor");
	expect("Œuvre Škoda Žižek Čech", "oeuvre skoda zizek cech");
}

static void test_other_bytes(void **state)
{
	struct ka_buf b;

	(void)state;
	/* letters not in the table stay as they are (Ł has no ASCII lower case here) */
	expect("Łódź", "Łodź");
	expect("Σ 😀 —", "Σ 😀 —");
	expect("A1-B2_c3", "a1-b2_c3");
	expect("", "");
	/* a cut or broken sequence is copied, never read past `len` */
	expect("\xc3", "\xc3");
	expect("a\xc3\x28", "a\xc3(");
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_search_fold("ÅÅÅ", 2, &b);
	assert_string_equal(b.data, "a");
	ka_search_fold("ÅÅÅ", 3, &b); /* the third byte starts a sequence cut off */
	assert_string_equal(b.data, "a\xc3");
	ka_search_fold(NULL, 0, &b);
	assert_string_equal(b.data, "");
	ka_buf_release(&b);
}

/* Every letter the fold table lists, upper and lower case, and a few it does not. */
static const char letters[] =
    "àáâãäåÀÁÂÃÄÅāĀæÆçÇčČèéêëÈÉÊËìíîïÌÍÎÏðÐñÑòóôõöøÒÓÔÕÖØùúûüÙÚÛÜýÿÝþÞßœŒšŠžŽ"
    " ABCxyz 09 Łł ĳ Σσ ž";

/* The C folding and the column search_docs.fold give the same text (SQLite). */
static void test_agrees_with_the_index(void **state)
{
	char dir[256], url[300], path[320];
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct ka_store *st;
	struct ka_diag d;
	struct ka_rows r;
	struct ka_val p = ka_text(letters);
	struct ka_buf b;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/kartla-fold.XXXXXX", base);
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", dir);
	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_store_open(&st, url, &d), 0);
	assert_int_equal(ka_store_migrate(st, &d), 0);
	assert_int_equal(ka_store_exec(st, "INSERT INTO people (name) VALUES (?)", &p, 1, NULL, &d),
	                 0);
	assert_int_equal(ka_store_exec(st, "SELECT fold FROM search_docs", NULL, 0, &r, &d), 0);
	assert_int_equal(r.nrows, 1);
	/* the document is title || ' ' || body, the body empty */
	ka_search_fold(letters, strlen(letters), &b);
	ka_buf_addc(&b, ' ');
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, b.data);
	ka_rows_release(&r);
	ka_buf_release(&b);
	ka_store_close(st);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nordic),
	    cmocka_unit_test(test_other_bytes),
	    cmocka_unit_test(test_agrees_with_the_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
