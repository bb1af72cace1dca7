/*
 * Trees by parent_id (tree.h): the cycle check of a move, one step up at a
 * time (trees are shallow; a recursive query would not be shorter on both
 * backends).
 */
#include <stdio.h>

#include "kartla/tree.h"
#include "kartla/banned.h"

int ka_tree_would_cycle(struct ka_store *st, const char *table, int64_t id, int64_t new_parent,
                        bool *cycles, struct ka_diag *diag)
{
	char sql[160];
	struct ka_rows r;
	int64_t cur = new_parent;
	int depth, err = 0;

	*cycles = false;
	if (id <= 0 || new_parent <= 0)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT parent_id FROM %s WHERE id = ?", table);
	ka_rows_init(&r);
	for (depth = 0; cur > 0; depth++) {
		if (cur == id || depth >= KA_TREE_MAX_DEPTH) {
			*cycles = true;
			break;
		}
		err = ka_store_exec(st, sql, (struct ka_val[]){ka_int(cur)}, 1, &r, diag);
		if (err)
			break;
		cur = r.nrows && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT ? ka_rows_at(&r, 0, 0)->i
		                                                          : 0;
	}
	ka_rows_release(&r);
	return err;
}
