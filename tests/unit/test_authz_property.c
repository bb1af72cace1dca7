/*
 * Authorization as a property (issue 10): on generated handbook trees — random
 * parents, random visibilities, random moves and changes of visibility — no
 * reader (anonymous, signed in, facilitator, administrator) can read a page
 * that their level excludes by any path the library offers: the rule itself
 * (ka_handbook_can_read), a page GET, the list of the pages resource, the
 * tree, and the search rows. The expected answer is computed here from the
 * definition (a page is readable when every page on its chain from the root
 * is visible at the reader's level), independently of the library's SQL.
 * Seeded, so a failure repeats; the governance property (nobody decides on
 * their own submission) is in test_governance.c.
 */
#include "portfolio_fixture.h"

#include "kartla/handbook.h"
#include "kartla/resource.h"
#include "kartla/resource_hb.h"

#define NPAGES 24
#define NSTEPS 60

static const char *const vis_names[] = {"everyone", "signed_in", "facilitators"};
static const int reader_level[NKINDS] = {0, 1, 2, 2}; /* ANON, READER, FAC, ADMIN */

struct model {
	int64_t id[NPAGES];
	int parent[NPAGES]; /* index, -1 for a root */
	int vis[NPAGES];
};

static uint64_t next(uint64_t *s) /* splitmix64 */
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int effective(const struct model *m, int i)
{
	int v = 0, guard = 0;

	for (; i >= 0 && guard <= NPAGES; i = m->parent[i], guard++)
		if (m->vis[i] > v)
			v = m->vis[i];
	return v;
}

static bool is_descendant(const struct model *m, int i, int of)
{
	for (; i >= 0; i = m->parent[i])
		if (i == of)
			return true;
	return false;
}

static void write_page(struct fx *f, const struct model *m, int i)
{
	fx_exec(f, "UPDATE handbook_pages SET parent_id = ?, visibility = ? WHERE id = ?",
	        (struct ka_val[]){m->parent[i] >= 0 ? ka_int(m->id[m->parent[i]]) : ka_null(),
	                          ka_text(vis_names[m->vis[i]]), ka_int(m->id[i])},
	        3);
}

/* The search rows follow the rule too (as every page-writing transaction keeps them). */
static void reindex(struct fx *f)
{
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_handbook_index_vis(f->st, &d), 0);
}

static bool in_list(const json_t *items, int64_t id)
{
	const json_t *p;
	size_t i;

	json_array_foreach(items, i,
	                   p) if (json_integer_value(json_object_get(p, "id")) == id) return true;
	return false;
}

static bool in_tree(const json_t *nodes, int64_t id)
{
	const json_t *p;
	size_t i;

	json_array_foreach(nodes, i, p)
	{
		if (json_integer_value(json_object_get(p, "id")) == id ||
		    in_tree(json_object_get(p, "children"), id))
			return true;
	}
	return false;
}

static int search_vis(struct fx *f, int64_t id)
{
	struct ka_rows r;
	struct ka_diag d;
	int v;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	assert_int_equal(
	    ka_store_exec(f->st, "SELECT vis FROM search_docs WHERE kind = 'page' AND ref_id = ?",
	                  (struct ka_val[]){ka_int(id)}, 1, &r, &d),
	    0);
	assert_int_equal(r.nrows, 1);
	v = (int)ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return v;
}

static void check_all(struct fx *f, const struct model *m, uint64_t seed, int step)
{
	struct ka_res_query q = {0, NULL, NULL, 500, 0};
	int k, i;

	for (k = 0; k < NKINDS; k++) {
		json_t *items = NULL, *tree = NULL;
		int64_t total = 0;
		struct ka_diag d;

		ka_diag_init(&d, NULL);
		assert_int_equal(
		    ka_res_list(f->st, &f->who[k], &ka_res_hb_pages, &q, &items, &total, &d), 0);
		assert_int_equal(ka_handbook_tree(f->st, &f->who[k], &tree, &d), 0);
		for (i = 0; i < NPAGES; i++) {
			bool want = effective(m, i) <= reader_level[k], ok = !want;
			json_t *page = NULL;
			int64_t version = 0;
			int err;

			assert_int_equal(ka_handbook_can_read(f->st, &f->who[k], m->id[i], &ok, &d),
			                 0);
			err =
			    ka_handbook_page_get(f->st, &f->who[k], m->id[i], &page, &version, &d);
			json_decref(page);
			if (ok != want || (err == 0) != want || in_list(items, m->id[i]) != want ||
			    in_tree(tree, m->id[i]) != want ||
			    (search_vis(f, m->id[i]) <= reader_level[k]) != want)
				fail_msg("seed %llu step %d: reader %d, page %d (effective %d): "
				         "expected %s; "
				         "rule %d, get %d, list %d, tree %d, search vis %d",
				         (unsigned long long)seed, step, k, i, effective(m, i),
				         want ? "readable" : "hidden", ok, err,
				         in_list(items, m->id[i]), in_tree(tree, m->id[i]),
				         search_vis(f, m->id[i]));
		}
		json_decref(items);
		json_decref(tree);
	}
}

static void test_page_visibility_property(void **state)
{
	struct fx *f = *state;
	static const uint64_t seeds[] = {1, 42, 20261206};
	size_t s;

	for (s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		uint64_t rng = seeds[s];
		struct model m;
		int i, step;

		fx_exec(f, "UPDATE handbook_pages SET parent_id = NULL", NULL, 0);
		fx_exec(f, "DELETE FROM handbook_pages", NULL, 0);
		for (i = 0; i < NPAGES; i++) {
			char slug[32];

			m.parent[i] = i && next(&rng) % 4 ? (int)(next(&rng) % (uint64_t)i) : -1;
			m.vis[i] = (int)(next(&rng) % 3);
			snprintf(slug, sizeof(slug), "p-%zu-%d", s, i);
			m.id[i] =
			    fx_exec(f,
			            "INSERT INTO handbook_pages (parent_id, slug, title, markdown, "
			            "visibility)"
			            " VALUES (?, ?, ?, 'text', ?) RETURNING id",
			            (struct ka_val[]){
			                m.parent[i] >= 0 ? ka_int(m.id[m.parent[i]]) : ka_null(),
			                ka_text(slug), ka_text(slug), ka_text(vis_names[m.vis[i]])},
			            4);
		}
		reindex(f);
		check_all(f, &m, seeds[s], -1);
		for (step = 0; step < NSTEPS; step++) {
			int p = (int)(next(&rng) % NPAGES);

			if (next(&rng) % 2) {
				m.vis[p] = (int)(next(&rng) % 3);
			} else {
				int to = (int)(next(&rng) % (NPAGES + 1)) - 1; /* -1: a root */

				if (to >= 0 && is_descendant(&m, to, p))
					continue; /* the library refuses cycles (unit/tree) */
				m.parent[p] = to;
			}
			write_page(f, &m, p);
			reindex(f);
			if (step % 6 == 5)
				check_all(f, &m, seeds[s], step);
		}
		check_all(f, &m, seeds[s], NSTEPS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_page_visibility_property, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
