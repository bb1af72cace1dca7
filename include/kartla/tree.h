/*
 * Trees stored as rows with a parent_id column (processes, units, handbook
 * pages): the one check that a move keeps the tree a tree. Which table is
 * named by an enum, never by a string, so no identifier reaches the SQL
 * from outside.
 */
#ifndef KARTLA_TREE_H
#define KARTLA_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "kartla/err.h"
#include "kartla/store.h"

/* The tables that hold a tree (id, parent_id). */
enum ka_tree {
	KA_TREE_PROCESSES,
	KA_TREE_UNITS,
	KA_TREE_PAGES /* handbook_pages */
};

/*
 * Whether giving row `id` the parent `new_parent` would make a cycle: true
 * when new_parent is id itself or one of its descendants. new_parent 0
 * (top level) never cycles. Runs inside the caller's transaction; one
 * statement walking up from new_parent, which ends even when the stored
 * data already holds a cycle.
 */
int ka_tree_would_cycle(struct ka_store *st, enum ka_tree tree, int64_t id, int64_t new_parent,
                        bool *cycle, struct ka_diag *diag);

/*
 * ka_tree_would_cycle as a rule: 0 when the move is fine, otherwise
 * KA_ERR_INVALID with the field "parent_id" and the message "a <what>
 * cannot be placed under itself or its own sub-<what>" (what: "process",
 * "unit", "page").
 */
int ka_tree_check_parent(struct ka_store *st, enum ka_tree tree, int64_t id, int64_t new_parent,
                         const char *what, struct ka_diag *diag);

#endif
