/*
 * Search test helper: two result rows of ka_search_query (enum ka_search_col)
 * compared column by column, the rank left out (the database and the
 * in-memory index rank within a tier by different scores). Included after
 * cmocka.h.
 */
#ifndef KARTLA_TEST_SEARCH_ROWS_H
#define KARTLA_TEST_SEARCH_ROWS_H

#include <string.h>

#include "kartla/search.h"
#include "kartla/store.h"

/* Row i of a and row j of b hold the same values in every column but the rank. */
static inline void same_row(const struct ka_rows *a, size_t i, const struct ka_rows *b, size_t j,
                            const char *what)
{
	size_t c;

	assert_int_equal(a->ncols, b->ncols);
	for (c = 0; c < a->ncols; c++) {
		const struct ka_val *x = ka_rows_at(a, i, c), *y = ka_rows_at(b, j, c);

		if (c == KA_SEARCH_COL_RANK)
			continue;
		if (x->type != y->type || (x->type == KA_VAL_INT && x->i != y->i) ||
		    (x->type == KA_VAL_TEXT && strcmp(x->s, y->s)))
			fail_msg("\"%s\": column %zu differs (%s / %s)", what, c,
			         x->type == KA_VAL_TEXT ? x->s : "-",
			         y->type == KA_VAL_TEXT ? y->s : "-");
	}
}

#endif
