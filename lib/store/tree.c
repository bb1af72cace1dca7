/*
 * Cycle checks for the trees stored as rows with a parent_id column
 * (tree.h). The ancestors of the proposed parent are collected by one
 * recursive query; UNION (not UNION ALL) stops at the first repeated row,
 * so even a cycle already in the data cannot make it run forever.
 */
#include "kartla/tree.h"
#include "kartla/banned.h"

#define ANCESTORS_OF(table)                                                                        \
	"WITH RECURSIVE anc(id) AS (SELECT CAST(? AS BIGINT) UNION"                                \
	" SELECT t.parent_id FROM " table " t JOIN anc ON t.id = anc.id"                           \
	" WHERE t.parent_id IS NOT NULL)"                                                          \
	" SELECT COUNT(*) FROM anc WHERE id = ?"

static const char *const tree_sql[] = {
    [KA_TREE_PROCESSES] = ANCESTORS_OF("processes"),
    [KA_TREE_UNITS] = ANCESTORS_OF("units"),
    [KA_TREE_PAGES] = ANCESTORS_OF("handbook_pages"),
};

int ka_tree_would_cycle(struct ka_store *st, enum ka_tree tree, int64_t id, int64_t new_parent,
                        bool *cycle, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*cycle = false;
	if (new_parent <= 0)
		return 0;
	if (new_parent == id) {
		*cycle = true;
		return 0;
	}
	ka_rows_init(&r);
	err = ka_store_exec(st, tree_sql[tree], (struct ka_val[]){ka_int(new_parent), ka_int(id)},
	                    2, &r, diag);
	if (!err && r.nrows == 1)
		*cycle = ka_rows_at(&r, 0, 0)->i > 0;
	ka_rows_release(&r);
	return err;
}

int ka_tree_check_parent(struct ka_store *st, enum ka_tree tree, int64_t id, int64_t new_parent,
                         const char *what, struct ka_diag *diag)
{
	bool cycle;
	int err = ka_tree_would_cycle(st, tree, id, new_parent, &cycle, diag);

	if (!err && cycle)
		err =
		    ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "parent_id",
		                "a %s cannot be placed under itself or its own sub-%s", what, what);
	return err;
}
