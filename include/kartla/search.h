/*
 * Full-text search over the portfolio: processes (names and specification),
 * map element names, roles, people and handbook pages. The rows searched
 * (search_docs) are kept by triggers in the schema, so writers need do
 * nothing. Matching: every word of the query must occur, in one of three
 * tiers ranked in this order: as typed, as a word or the start of one, case
 * folded (BM25 on SQLite, ts_rank on PostgreSQL, titles weigh more than
 * bodies); folded (ka_search_fold: no diacritics, "ansokan" finds "ansökan")
 * at the start of a word; folded anywhere inside a word when it has three
 * letters or more ("soknad" finds "byggesøknad": FTS5 trigram on SQLite,
 * pg_trgm or a scan on PostgreSQL). A word of one or two letters matches
 * at the start of a word; a query of only such words matches as typed.
 * Schema version 5 holds the folded text. A server answers from an
 * in-memory index of the same documents (struct ka_search_index), with the
 * same hits.
 */
#ifndef KARTLA_SEARCH_H
#define KARTLA_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/schema.h"
#include "kartla/store.h"

#define KA_SEARCH_QUERY_MAX 1000 /* bytes of query text accepted */

/*
 * The in-memory search index: a word index of search_docs kept in memory
 * and shared by the threads of one process (a server). A query given one is
 * answered from it when the database is SQLite and the index shows what the
 * query's transaction sees (search_gen, schema version 11): the first query
 * after a change builds a new snapshot of the index (about 0.1 s for 100,000
 * documents) while concurrent queries ask the database, which answers the
 * same. Thread-safe. Created and freed by its owner (the server), after
 * every query that uses it has returned.
 */
struct ka_search_index;
struct ka_search_index *ka_search_index_new(void);
void ka_search_index_free(struct ka_search_index *ix);
/* How many snapshots `ix` has built so far (for tests and metrics). */
uint64_t ka_search_index_builds(struct ka_search_index *ix);

/* One search: `text` as typed, an optional kind filter, the reader's level. */
struct ka_search_query {
	const char *text;
	const char *kind; /* "process", "element", "role", "person", "page" or NULL for all */
	enum ka_vis vis;
	int64_t limit, offset;
	const char *lang; /* the reader's: "nb", "sv" or "en" (NULL: "nb") for titles */
	struct ka_search_index *index; /* NULL: the database answers */
};

/* True when `kind` names a searchable kind. */
bool ka_search_kind_valid(const char *kind);

/*
 * The visibility level of a user: KA_VIS_FACILITATORS for admins and for
 * people who hold a facilitator or model-steward role today,
 * KA_VIS_SIGNED_IN for other users, KA_VIS_EVERYONE for user_id 0 unless
 * is_admin (the system acting as an administrator, as the CLI does).
 */
int ka_search_vis_of(struct ka_store *st, int64_t user_id, bool is_admin, enum ka_vis *out,
                     struct ka_diag *diag);

/* The columns of a row of ka_search_query, in order (tests/unit/test_store.c checks them). */
enum ka_search_col {
	KA_SEARCH_COL_KIND,
	KA_SEARCH_COL_REF_ID,
	KA_SEARCH_COL_PROCESS_ID,
	KA_SEARCH_COL_TITLE,
	KA_SEARCH_COL_SNIPPET,
	KA_SEARCH_COL_RANK,
	KA_SEARCH_COL_TOTAL,
	KA_SEARCH_COL_PROCESS_NB, /* the process's names (of a process or element hit) */
	KA_SEARCH_COL_PROCESS_SV,
	KA_SEARCH_COL_PROCESS_EN,
	KA_SEARCH_COL_ROLE_NB, /* a role hit's names */
	KA_SEARCH_COL_ROLE_SV,
	KA_SEARCH_COL_ROLE_EN,
	KA_SEARCH_COL_ELEMENT_NAMES, /* an element hit's names by language (JSON) */
	KA_SEARCH_COL_COUNT
};

/*
 * The name of row i's process (KA_SEARCH_COL_PROCESS_*) in `lang` ("nb",
 * "sv", "en"; NULL: "nb"), else in the first language it has; NULL when the
 * hit has no process. Points into `r`.
 */
const char *ka_search_process_name(const struct ka_rows *r, size_t i, const char *lang);

/*
 * Runs a query. `out` gets columns kind, ref_id, process_id, title (a
 * process's, role's or element's name in q->lang), snippet (matches between \x02 and
 * \x03), rank, total (the same in every row), the process's and the role's
 * names per language, an element's names as JSON (enum ka_search_col), best first; *total the
 * number of hits in all pages. KA_ERR_INVALID when the text has no word or is longer than
 * KA_SEARCH_QUERY_MAX; any other text is safe (query syntax is ignored). Run it inside a read
 * transaction for a consistent total.
 */
int ka_search_query(struct ka_store *st, const struct ka_search_query *q, struct ka_rows *out,
                    int64_t *total, struct ka_diag *diag);

/*
 * Writes to `out` (reset first) the first `len` bytes of `text` (up to a NUL)
 * folded for search: ASCII in lower case, the Latin letters with diacritics
 * of nb, sv, da, fi, de, fr and their neighbours as plain ASCII (æ→ae, ø→o,
 * å→a, ä→a, ö→o, é→e, ß→ss, þ→th), other bytes as they are. The same folding
 * as the column search_docs.fold (schema.c, migration 5). Never fails.
 */
void ka_search_fold(const char *text, size_t len, struct ka_buf *out);

/*
 * Writes to `out` (reset first) at most `max_words` words of `text` around
 * its first word matching a word of `query` (as a prefix, case folded),
 * each matching word between \x02 and \x03, "… " / " …" where the text is
 * cut, runs of white space as one space. Never fails.
 */
void ka_search_snippet(const char *query, const char *text, size_t max_words, struct ka_buf *out);

/*
 * One search as its answer (search_run.c): checks the query (KA_ERR_USAGE
 * with the field "q" when it is missing, too long or has no word; "type"
 * for an unknown kind, "lang" for one other than nb, sv, en), finds the
 * reader's visibility level from `actor`, and runs the query in one
 * read-only snapshot. q->vis is ignored. *items: a new array of {type, id,
 * title, process_id, process_name, snippet, match, rank} (title and
 * process_name in q->lang) where snippet is plain text and match the words
 * it marks (at most 16); *total: the hits in all pages.
 */
int ka_search_run(struct ka_store *st, const struct ka_actor *actor,
                  const struct ka_search_query *q, json_t **items, int64_t *total,
                  struct ka_diag *diag);

#endif
