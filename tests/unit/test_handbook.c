/*
 * Unit tests for the handbook's rules (lib/portfolio/handbook.c,
 * handbook_page.c) against a temporary SQLite portfolio: page visibility
 * as one rule (every level × every kind of reader × chains of ancestors,
 * in C, in the SQL condition of lists and in the search rows), who may
 * write a role description page, titles, and role descriptions following
 * their page.
 */
#include "portfolio_fixture.h"

#include "kartla/handbook.h"

static const char *const levels[] = {"everyone", "signed_in", "facilitators"};
/* The level of each kind of reader. */
static const int reader_level[NKINDS] = {0, 1, 2, 2};

static int64_t page(struct fx *f, int64_t parent, const char *slug, const char *vis)
{
	return fx_exec(f,
	               "INSERT INTO handbook_pages (parent_id, slug, title, visibility)"
	               " VALUES (?, ?, ?, ?) RETURNING id",
	               (struct ka_val[]){parent ? ka_int(parent) : ka_null(), ka_text(slug),
	                                 ka_text(slug), ka_text(vis)},
	               4);
}

static bool readable_in_sql(struct fx *f, int64_t id, int level)
{
	char sql[2048];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM handbook_pages WHERE id = ? AND %s",
	         ka_handbook_readable_where);
	return fx_exec(f, sql, (struct ka_val[]){ka_int(id), ka_int(level)}, 2) == 1;
}

static void test_reader_levels(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	enum ka_vis v;
	int k;

	ka_diag_init(&d, NULL);
	for (k = 0; k < NKINDS; k++) {
		assert_int_equal(ka_handbook_reader_level(f->st, &f->who[k], &v, &d), 0);
		assert_int_equal((int)v, reader_level[k]);
	}
}

/* Every chain grandparent -> parent -> page of the three levels, read by every kind of reader. */
static void test_chains(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	char slug[64];
	int a, b, c, k;

	ka_diag_init(&d, NULL);
	for (a = 0; a < 3; a++)
		for (b = 0; b < 3; b++)
			for (c = 0; c < 3; c++) {
				int64_t top, mid, leaf;
				int want[3] = {a, a > b ? a : b, 0};
				enum ka_vis lvl;

				want[2] = want[1] > c ? want[1] : c;
				snprintf(slug, sizeof(slug), "g%d%d%d", a, b, c);
				top = page(f, 0, slug, levels[a]);
				mid = page(f, top, "p", levels[b]);
				leaf = page(f, mid, "c", levels[c]);
				assert_int_equal(ka_handbook_page_level(f->st, leaf, &lvl, &d), 0);
				assert_int_equal((int)lvl, want[2]);
				assert_int_equal(ka_handbook_page_level(f->st, mid, &lvl, &d), 0);
				assert_int_equal((int)lvl, want[1]);
				for (k = 0; k < NKINDS; k++) {
					bool ok = false;

					assert_int_equal(
					    ka_handbook_can_read(f->st, &f->who[k], leaf, &ok, &d),
					    0);
					assert_int_equal(ok, want[2] <= reader_level[k]);
					assert_int_equal(readable_in_sql(f, leaf, reader_level[k]),
					                 want[2] <= reader_level[k]);
					assert_int_equal(readable_in_sql(f, mid, reader_level[k]),
					                 want[1] <= reader_level[k]);
				}
			}
	/* the search rows carry the effective level once the index is brought up to date */
	assert_int_equal(ka_handbook_index_vis(f->st, &d), 0);
	assert_int_equal(fx_exec(f,
	                         "SELECT count(*) FROM search_docs s JOIN handbook_pages p"
	                         " ON s.kind = 'page' AND s.ref_id = p.id"
	                         " WHERE p.slug = 'c' AND s.vis = 2",
	                         NULL, 0),
	                 27 - 8);
	assert_int_equal(fx_exec(f,
	                         "SELECT count(*) FROM search_docs s JOIN handbook_pages p"
	                         " ON s.kind = 'page' AND s.ref_id = p.id"
	                         " WHERE p.slug = 'c' AND s.vis = 0",
	                         NULL, 0),
	                 1);
}

static void test_missing_page(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	enum ka_vis lvl;
	json_t *o = NULL;
	int64_t version = 0;
	bool ok = true;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_handbook_page_level(f->st, 424242, &lvl, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_can_read(f->st, &f->who[ADMIN], 424242, &ok, &d), 0);
	assert_false(ok);
	assert_int_equal(ka_handbook_page_get(f->st, &f->who[ADMIN], 424242, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_null(o);
}

/* A page's GET: a hidden page is not found; the children listed are the readable ones. */
static void test_page_get(void **state)
{
	struct fx *f = *state;
	int64_t top = page(f, 0, "top", "everyone"), secret = page(f, top, "s", "facilitators");
	int64_t open = page(f, top, "o", "everyone"), under = page(f, secret, "u", "everyone");
	struct ka_diag d;
	json_t *o = NULL;
	int64_t version = 0;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_handbook_page_get(f->st, &f->who[READER], top, &o, &version, &d), 0);
	assert_int_equal(version, 1);
	assert_int_equal(json_array_size(json_object_get(o, "children")), 1);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_array_get(json_object_get(o, "children"), 0), "id")),
	                 open);
	assert_non_null(json_object_get(o, "html"));
	json_decref(o);
	assert_int_equal(ka_handbook_page_get(f->st, &f->who[READER], under, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_page_get(f->st, &f->who[FAC], under, &o, &version, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "parent_id")), secret);
	json_decref(o);
	assert_int_equal(ka_handbook_tree(f->st, &f->who[ANON], &o, &d), 0);
	assert_int_equal(json_array_size(json_object_get(json_array_get(o, 0), "children")), 1);
	json_decref(o);
}

static void test_role_pages(void **state)
{
	struct fx *f = *state;
	int64_t scheme, role, plain = page(f, 0, "plain", "everyone");
	json_t *fields = json_pack("{s:s}", "summary", "Eier prosessen"), *o = NULL;
	struct ka_diag d;
	int64_t version = 0, pid;

	ka_diag_init(&d, NULL);
	scheme = fx_exec(f, "INSERT INTO role_schemes (key, name) VALUES ('r', 'R') RETURNING id",
	                 NULL, 0);
	role = fx_exec(f,
	               "INSERT INTO roles (scheme_id, key, name_en, kind)"
	               " VALUES (?, 'owner', 'Owner', 'owner') RETURNING id",
	               (struct ka_val[]){ka_int(scheme)}, 1);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[ADMIN], role, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_role_put(f->st, &f->who[FAC], role, fields, -1, &version, &d),
	                 KA_ERR_PERM);
	assert_int_equal(ka_handbook_role_put(f->st, &f->who[ADMIN], role, fields, 5, &version, &d),
	                 KA_ERR_STALE);
	assert_int_equal(version, 0);
	assert_int_equal(ka_handbook_role_put(f->st, &f->who[ADMIN], role, fields, 0, &version, &d),
	                 0);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[ANON], role, &o, &version, &d), 0);
	pid = json_integer_value(json_object_get(o, "page_id"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(o, "fields"), "summary")),
	    "Eier prosessen");
	json_decref(o);
	/* written only by administrators, whatever the way */
	assert_int_equal(ka_handbook_page_may_write(f->st, &f->who[FAC], pid, &d), KA_ERR_PERM);
	assert_int_equal(ka_handbook_page_may_write(f->st, &f->who[ADMIN], pid, &d), 0);
	assert_int_equal(ka_handbook_page_may_write(f->st, &f->who[FAC], plain, &d), 0);
	/* read by the page's rule */
	fx_exec(f, "UPDATE handbook_pages SET visibility = 'facilitators' WHERE id = ?",
	        (struct ka_val[]){ka_int(pid)}, 1);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[READER], role, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[ANON], role, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[FAC], role, &o, &version, &d), 0);
	json_decref(o);
	fx_exec(f, "UPDATE handbook_pages SET visibility = 'everyone', parent_id = ? WHERE id = ?",
	        (struct ka_val[]){ka_int(page(f, 0, "hidden", "signed_in")), ka_int(pid)}, 2);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[ANON], role, &o, &version, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(ka_handbook_role_get(f->st, &f->who[READER], role, &o, &version, &d), 0);
	json_decref(o);
	json_decref(fields);
}

static void test_titles(void **state)
{
	static const char *const bad[] = {
	    "a\xe2\x80\xae"
	    "b", /* U+202E RIGHT-TO-LEFT OVERRIDE */
	    "a\xe2\x80\x8b"
	    "b",                         /* U+200B ZERO WIDTH SPACE */
	    "\xe2\x81\xa6x\xe2\x81\xa9", /* U+2066 / U+2069 isolates */
	    "\xef\xbb\xbfx",             /* U+FEFF */
	    "a\xe2\x80\x8d"
	    "b", /* U+200D ZERO WIDTH JOINER */
	};
	struct ka_diag d;
	size_t i;

	(void)state;
	ka_diag_init(&d, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ka_handbook_title_check(bad[i], "title", &d), KA_ERR_INVALID);
		assert_string_equal(d.element_id, "title");
	}
	assert_int_equal(ka_handbook_title_check("Metodhåndbok – «risiko» ✓ 日本", "title", &d), 0);
	assert_int_equal(ka_handbook_title_check("", "title", &d), 0);
}

/* A role description page's headings and title are in the role scheme's language. */
static void test_role_markdown_lang(void **state)
{
	static const struct {
		const char *lang, *heading, *title;
	} want[] = {
	    {"nb", "\n## Mandat og oppgaver\n", "Rollebeskrivelse"},
	    {"sv", "\n## Mandat och uppgifter\n", "Rollbeskrivning"},
	    {"en", "\n## Mandate and tasks\n", "Role description"},
	    {NULL, "\n## Mandate and tasks\n", "Role description"},
	};
	json_t *desc = json_pack("{s:s}", "summary", "S");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct ka_buf md;

		ka_buf_init(&md, KA_BUF_UNLIMITED);
		assert_int_equal(ka_handbook_role_markdown("R", want[i].lang, desc, &md), 0);
		assert_non_null(strstr(md.data, want[i].heading));
		assert_non_null(strstr(md.data, "# R\n"));
		assert_string_equal(ka_handbook_role_title(want[i].lang), want[i].title);
		ka_buf_release(&md);
	}
	json_decref(desc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reader_levels, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chains, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_missing_page, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_page_get, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_role_pages, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_titles, NULL, NULL),
	    cmocka_unit_test_setup_teardown(test_role_markdown_lang, NULL, NULL),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
