/*
 * libFuzzer target for search (lib/search): the input is a query, a newline
 * and a document's text. The text is indexed (one document in an in-memory
 * SQLite database), and the query runs through the database and through the
 * in-memory index (which builds a snapshot of it), and makes a snippet. Any
 * bytes: no crash, no leak; an answer has at most the one document, a total
 * that matches its rows, and both paths refuse the same queries' words only
 * with KA_ERR_INVALID.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/search.h"
#include "kartla/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One database for the whole run: migrating it per input would be all the fuzzer did. */
static struct ka_store *st;

static void check(int err, struct ka_rows *r, int64_t total, const char *path)
{
	if (err && err != KA_ERR_INVALID) {
		fprintf(stderr, "fuzz_search: %s failed with %d\n", path, err);
		abort();
	}
	if (!err && (total < 0 || total > 1 || r->nrows > (size_t)total)) {
		fprintf(stderr, "fuzz_search: %s: total %lld, %zu rows\n", path, (long long)total,
		        r->nrows);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_search_index *ix;
	struct ka_search_query q = {0};
	struct ka_rows r;
	struct ka_diag d;
	struct ka_buf b;
	struct ka_val p;
	char *in, *text;
	int64_t total;
	int err;

	ka_diag_init(&d, NULL);
	if (!st && (ka_store_open(&st, "sqlite::memory:", &d) || ka_store_migrate(st, &d))) {
		fprintf(stderr, "fuzz_search: %s\n", d.message);
		abort();
	}
	in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	text = strchr(in, '\n');
	if (text)
		*text++ = '\0';
	else
		text = in;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_search_snippet(in, text, 12, &b);
	ka_buf_release(&b);

	p = ka_text(text);
	if (ka_store_exec(st, "DELETE FROM search_docs", NULL, 0, NULL, &d) ||
	    ka_store_exec(st,
	                  "INSERT INTO search_docs (kind, ref_id, vis, title, body)"
	                  " VALUES ('page', 1, 0, 'Side', ?)",
	                  &p, 1, NULL, &d)) {
		fprintf(stderr, "fuzz_search: %s\n", d.message);
		abort();
	}
	ix = ka_search_index_new();
	q.text = in;
	q.vis = KA_VIS_FACILITATORS;
	q.limit = 10;
	q.lang = "sv";
	ka_rows_init(&r);
	err = ka_search_query(st, &q, &r, &total, &d);
	check(err, &r, total, "database");
	ka_rows_release(&r);
	ka_rows_init(&r);
	q.index = ix;
	err = ka_search_query(st, &q, &r, &total, &d);
	check(err, &r, total, "index");
	ka_rows_release(&r);
	ka_search_index_free(ix);
	free(in);
	return 0;
}
