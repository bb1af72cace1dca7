/*
 * Trees kept in a table by a parent_id column (units, processes, handbook
 * pages): whether a move would make a row its own ancestor.
 */
#ifndef KARTLA_TREE_H
#define KARTLA_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "kartla/err.h"
#include "kartla/store.h"

/*
 * Sets *cycles to whether giving row `id` of `table` the parent
 * `new_parent` would put it under itself: new_parent is id or one of its
 * descendants. Follows parent_id upwards from new_parent inside the
 * caller's transaction (or none); stops at a root, at a dangling parent,
 * and after KA_TREE_MAX_DEPTH steps (a loop already in the data counts as
 * a cycle). new_parent 0 (a root) never cycles. `table` is an identifier
 * from the code, never from input. Errors are store errors.
 */
#define KA_TREE_MAX_DEPTH 10000

int ka_tree_would_cycle(struct ka_store *st, const char *table, int64_t id, int64_t new_parent,
                        bool *cycles, struct ka_diag *diag);

#endif
