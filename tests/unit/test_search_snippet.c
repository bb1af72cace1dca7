/* Unit tests for lib/search_snippet.c: marking, case folding, the window, white space. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kartla/buf.h"
#include "kartla/search.h"

static void expect(const char *query, const char *text, size_t words, const char *want)
{
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_search_snippet(query, text, words, &b);
	if (strcmp(b.data, want))
		fail_msg("snippet of '%s' for '%s': got '%s', want '%s'", text, query, b.data,
		         want);
	ka_buf_release(&b);
}

/* The match markers, as ka_search_query's snippets carry them. */
#define ON  "\x02"
#define OFF "\x03"

static void test_marks_prefix_matches(void **state)
{
	(void)state;
	expect("søk", "Behandle søknad og søkere", 12,
	       "Behandle " ON "søknad" OFF " og " ON "søkere" OFF);
	expect("behandle søk", "Behandle søknad", 12, ON "Behandle" OFF " " ON "søknad" OFF);
	/* the text word must start with the query word, not the other way round */
	expect("søknader", "søknad", 12, "søknad");
	expect("x", "", 12, "");
}

static void test_case_folding(void **state)
{
	(void)state;
	expect("SØKNAD", "søknad", 12, ON "søknad" OFF);
	expect("åsa öberg", "ÅSA ÖBERG", 12, ON "ÅSA" OFF " " ON "ÖBERG" OFF);
	expect("ÆRE", "ære", 12, ON "ære" OFF);
	expect("łódź", "ŁÓDŹ", 12, ON "ŁÓDŹ" OFF);
	/* folded as the search folds (schema version 5): ø as o, å as a, ö as o */
	expect("sok", "søknad", 12, ON "søknad" OFF);
	expect("far", "får", 12, ON "får" OFF);
	expect("ansokan", "Behandling av ansökan", 12, "Behandling av " ON "ansökan" OFF);
	/* inside a compound word from three letters, at the start only below */
	expect("soknad", "Byggesøknad mottatt", 12, ON "Byggesøknad" OFF " mottatt");
	expect("ok", "søknad oktober", 12, "søknad " ON "oktober" OFF);
	expect("xyz", "søknad", 12, "søknad");
}

static void test_window_around_first_match(void **state)
{
	(void)state;
	expect("ti", "en to tre fire fem seks sju åtte ni ti elleve tolv", 4,
	       "… sju åtte ni " ON "ti" OFF " …");
	expect("en", "en to tre fire fem", 3, ON "en" OFF " to tre …");
	/* near the end the window shifts back to stay full */
	expect("fem", "en to tre fire fem", 3, "… tre fire " ON "fem" OFF);
	/* no match (the index folds more than the marker does): the start */
	expect("zzz", "en to tre fire", 2, "en to …");
}

static void test_white_space_and_punctuation(void **state)
{
	(void)state;
	expect("steg", "# Steg\n\n1.  Første  steg,\tandre", 12,
	       ON "Steg" OFF " 1. Første " ON "steg" OFF ", andre");
	expect("a", "(a)", 12, ON "a" OFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_marks_prefix_matches),
	    cmocka_unit_test(test_case_folding),
	    cmocka_unit_test(test_window_around_first_match),
	    cmocka_unit_test(test_white_space_and_punctuation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
