/*
 * The in-memory search index (lib/search/search_index*.c): it answers every
 * query as the database does (same hits, same tiers, same total), follows
 * changes through search_gen, filters by visibility and kind, pages, and
 * refuses a query without words. The corpus has Nordic compound words,
 * diacritics, punctuation and one word in many documents.
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

#include "kartla/search.h"
#include "kartla/store.h"

#include "store_fixture.h"
#include "search_rows.h"

static const struct {
	const char *kind;
	int vis;
	const char *title, *body;
	int64_t process; /* 0: none */
} docs[] = {
    {"process", 0, "Behandle byggesøknad", "Søkere og naboer. Begynner når en søknad kommer inn.",
     0},
    {"process", 0, "Behandle søknad om godskriving", "Studenter søker om godskriving.", 0},
    {"process", 0, "Handlägga ansökan om bygglov", "Sökande (byggherrar) och grannar.", 0},
    {"element", 0, "Registrere søknad", "", 0},
    {"element", 0, "Vurdere byggesøknaden", "«Søknadsbehandling» – med frist", 0},
    {"element", 0, "Skicka beslut", "Beslutet sänds till sökanden", 0},
    {"role", 0, "Prosesseier", "Eier prosessen og godkjenner endringer", 0},
    {"person", 0, "Åsa Öberg", "åsa.oberg@example.org", 0},
    {"page", 2, "Søknadsbehandling for fasilitatorer", "Intern side: ÆØÅ æøå, façade, Straße", 0},
    {"page", 1, "Rutine for e-post", "E-post og e-postadresser; epost", 0},
    {"element", 0, "Arkivere saken", "Sak 2024/17 arkiveres i Public 360", 0},
    {"process", 0, "Överklagande", "Ett överklagande prövas av förvaltningsrätten", 0},
    {"element", 0, "Kontrollere byggesøknader", "", 0},
    /* one activity in two versions of process 1 (one hit), the same name in process 2 */
    {"element", 0, "Registrere vedtak", "", 1},
    {"element", 0, "Registrere vedtak", "", 1},
    {"element", 0, "Registrere vedtak", "", 2},
};

static const char *const queries[] = {
    "søknad",
    "soknad",
    "SØKNAD",
    "sokn",
    "byggesøknad",
    "byggesoknad",
    "ansökan",
    "ansokan",
    "sø",
    "so",
    "e",
    "e post",
    "epost",
    "behandle søknad",
    "behandle soknad",
    "søknadsbehandling",
    "søker",
    "åsa öberg",
    "asa oberg",
    "oberg",
    "faca",
    "façade",
    "strasse",
    "straße",
    "overklag",
    "överklagande",
    "2024",
    "17",
    "360",
    "aeoa",
    "æøå",
    "sak arkiv",
    "med frist",
    "zzz",
    "beslut",
    "sänds",
    "sands",
    "eier",
    "godkjenner",
    "vedtak",
    "registrere",
    "registrere vedtak",
};

struct fx {
	struct tmpdb db;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t i;

	*state = f;
	if (tmpdb_open(&f->db, "searchix", false, true))
		return -1;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct ka_val p[6] = {ka_text(docs[i].kind),
		                      ka_int((int64_t)i + 1),
		                      docs[i].process ? ka_int(docs[i].process) : ka_null(),
		                      ka_int(docs[i].vis),
		                      ka_text(docs[i].title),
		                      ka_text(docs[i].body)};

		tmpdb_exec(f->db.st,
		           "INSERT INTO search_docs (kind, ref_id, process_id, vis, title, body)"
		           " VALUES (?, ?, ?, ?, ?, ?)",
		           p, 6);
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tmpdb_close(&f->db);
	free(f);
	return 0;
}

/* One query in its own read transaction; rows into r (released first). */
static int run(struct ka_store *st, struct ka_search_query *q, struct ka_rows *r, int64_t *total)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	ka_rows_release(r);
	ka_rows_init(r);
	assert_int_equal(ka_store_begin_read(st), 0);
	err = ka_search_query(st, q, r, total, &d);
	ka_store_commit(st);
	return err;
}

static int64_t ref_of(const struct ka_rows *r, size_t i)
{
	return ka_rows_at(r, i, KA_SEARCH_COL_REF_ID)->i;
}

static int tier_of(const struct ka_rows *r, size_t i)
{
	return (int)(ka_rows_at(r, i, KA_SEARCH_COL_RANK)->r / 1000);
}

/* True when document `ref` has a word right after punctuation ("«Søknad»", "(byggherrar)"). */
static bool punct_in(int64_t ref)
{
	static const char *const marks[] = {"«", "(", "–", "/", "-"};
	size_t i;

	if (ref < 1 || ref > (int64_t)(sizeof(docs) / sizeof(docs[0])))
		return false;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(docs[ref - 1].title, marks[i]) || strstr(docs[ref - 1].body, marks[i]))
			return true;
	return false;
}

/* The index and the database give the same hits in the same tiers for q. */
static void agree(struct ka_store *st, struct ka_search_index *ix, struct ka_search_query q)
{
	struct ka_rows a, b;
	int64_t ta = -1, tb = -2;
	size_t i, j;

	ka_rows_init(&a);
	ka_rows_init(&b);
	q.index = NULL;
	assert_int_equal(run(st, &q, &a, &ta), 0);
	q.index = ix;
	assert_int_equal(run(st, &q, &b, &tb), 0);
	if (ta != tb)
		fail_msg("\"%s\" (vis %d, kind %s): the database finds %lld, the index %lld",
		         q.text, (int)q.vis, q.kind ? q.kind : "-", (long long)ta, (long long)tb);
	assert_int_equal(a.nrows, b.nrows);
	for (i = 0; i < a.nrows; i++) {
		for (j = 0; j < b.nrows && ref_of(&b, j) != ref_of(&a, i); j++)
			;
		if (j == b.nrows)
			fail_msg("\"%s\": the index misses document %lld", q.text,
			         (long long)ref_of(&a, i));
		/*
		 * The same tier, or a better one where the database's LIKE misses a
		 * word start after punctuation ("«Søknad»": the index sees a word).
		 */
		if (tier_of(&b, j) < tier_of(&a, i) ||
		    (tier_of(&b, j) > tier_of(&a, i) && !punct_in(ref_of(&a, i))))
			fail_msg(
			    "\"%s\": document %lld in tier %d by the database, %d by the index",
			    q.text, (long long)ref_of(&a, i), tier_of(&a, i), tier_of(&b, j));
		same_row(&a, i, &b, j, q.text);
		/* tiers come in order */
		if (j && tier_of(&b, j - 1) < tier_of(&b, j))
			fail_msg("\"%s\": tiers out of order", q.text);
	}
	ka_rows_release(&a);
	ka_rows_release(&b);
}

static void test_agrees_with_database(void **state)
{
	struct fx *f = *state;
	struct ka_search_index *ix = ka_search_index_new();
	static const char *const kinds[] = {NULL, "process", "element", "page"};
	size_t i, v, k;

	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		for (v = 0; v <= 2; v++)
			for (k = 0; k < 4; k++) {
				struct ka_search_query q = {
				    queries[i], kinds[k], (enum ka_vis)v, 100, 0, "nb", NULL};

				agree(f->db.st, ix, q);
			}
	/* one snapshot served them all: nothing changed */
	assert_int_equal(ka_search_index_builds(ix), 1);
	ka_search_index_free(ix);
}

/* What the index finds, spelled out (the agreement above could hide a shared mistake). */
static void test_finds(void **state)
{
	struct fx *f = *state;
	struct ka_search_index *ix = ka_search_index_new();
	struct ka_search_query q = {"soknad", NULL, KA_VIS_FACILITATORS, 100, 0, "nb", ix};
	struct ka_rows r;
	int64_t total;
	size_t i;
	int seen = 0;

	ka_rows_init(&r);
	/* inside compound words, folded: byggesøknad, byggesøknaden, Søknadsbehandling */
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	for (i = 0; i < r.nrows; i++)
		seen |= 1 << ref_of(&r, i);
	assert_int_equal(seen, 1 << 1 | 1 << 2 | 1 << 4 | 1 << 5 | 1 << 9 | 1 << 13);
	/* a word start (folded) before the compound where it is only inside a word */
	assert_int_equal(tier_of(&r, 0), 1);
	assert_int_equal(ref_of(&r, r.nrows - 1), 13);
	assert_int_equal(tier_of(&r, r.nrows - 1), 0);
	/* as typed ranks first */
	q.text = "søknad";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(tier_of(&r, 0), 2);
	assert_int_equal(tier_of(&r, r.nrows - 1), 0);
	/* visibility: the facilitators' page is not shown to everyone */
	q.vis = KA_VIS_EVERYONE;
	q.text = "søknadsbehandling";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(ref_of(&r, 0), 5);
	/* the kind filter */
	q.vis = KA_VIS_FACILITATORS;
	q.kind = "page";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(ref_of(&r, 0), 9);
	/* punctuation separates words: «Søknadsbehandling» and e-post */
	q.kind = NULL;
	q.text = "e-post";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 1);
	/* one hit per activity: the older version's, and the same name in another process */
	q.text = "vedtak";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(r.nrows, 2);
	seen = 0;
	for (i = 0; i < r.nrows; i++)
		seen |= 1 << ref_of(&r, i);
	assert_int_equal(seen, 1 << 14 | 1 << 16);
	/* paging: the same order, the total on every page */
	q.text = "søknad";
	q.limit = 2;
	q.offset = 2;
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(r.nrows, 2);
	assert_int_equal(total, 6);
	assert_int_equal(ka_rows_at(&r, 1, KA_SEARCH_COL_TOTAL)->i, 6);
	q.offset = 50;
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(total, 6);
	/* a negative page or one past every number: refused on both paths */
	q.offset = -1;
	assert_int_equal(run(f->db.st, &q, &r, &total), KA_ERR_INVALID);
	q.index = NULL;
	assert_int_equal(run(f->db.st, &q, &r, &total), KA_ERR_INVALID);
	q.index = ix;
	q.offset = 0;
	q.limit = INT64_MAX;
	assert_int_equal(run(f->db.st, &q, &r, &total), KA_ERR_INVALID);
	q.limit = 2;
	/* no words: refused, as by the database */
	q.text = "\"*' –";
	assert_int_equal(run(f->db.st, &q, &r, &total), KA_ERR_INVALID);
	ka_rows_release(&r);
	assert_int_equal(ka_search_index_builds(ix), 1);
	ka_search_index_free(ix);
}

/* A change of the documents (search_gen) makes the next query build a new snapshot. */
static void test_follows_changes(void **state)
{
	struct fx *f = *state;
	struct ka_search_index *ix = ka_search_index_new();
	struct ka_search_query q = {"reguleringsplan", NULL, KA_VIS_FACILITATORS, 10, 0, "nb", ix};
	struct ka_rows r;
	int64_t total;

	ka_rows_init(&r);
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 0);
	tmpdb_exec(f->db.st,
	           "INSERT INTO search_docs (kind, ref_id, vis, title, body)"
	           " VALUES ('process', 99, 0, 'Behandle reguleringsplan', '')",
	           NULL, 0);
	q.text = "plan";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(ka_search_index_builds(ix), 2);
	tmpdb_exec(f->db.st, "UPDATE search_docs SET title = 'Behandle klage' WHERE ref_id = 99",
	           NULL, 0);
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 0);
	tmpdb_exec(f->db.st, "DELETE FROM search_docs WHERE ref_id = 99", NULL, 0);
	q.text = "klage";
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(ka_search_index_builds(ix), 4);
	/* and unchanged, the snapshot is reused */
	assert_int_equal(run(f->db.st, &q, &r, &total), 0);
	assert_int_equal(ka_search_index_builds(ix), 4);
	ka_rows_release(&r);
	ka_search_index_free(ix);
}

/* A workspace without documents: an empty snapshot answers, with nothing found. */
static void test_empty(void **state)
{
	struct tmpdb db;
	struct ka_search_index *ix = ka_search_index_new();
	struct ka_search_query q = {"søknad", NULL, KA_VIS_FACILITATORS, 10, 0, "nb", ix};
	struct ka_rows r;
	int64_t total = -1;

	(void)state;
	assert_int_equal(tmpdb_open(&db, "searchix0", false, true), 0);
	ka_rows_init(&r);
	assert_int_equal(run(db.st, &q, &r, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(ka_search_index_builds(ix), 1);
	q.text = "a";
	assert_int_equal(run(db.st, &q, &r, &total), 0);
	assert_int_equal(total, 0);
	ka_rows_release(&r);
	ka_search_index_free(ix);
	tmpdb_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_agrees_with_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_follows_changes, setup, teardown),
	    cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
