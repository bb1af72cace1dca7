/*
 * The in-memory search index (private to lib/search): a snapshot of
 * search_docs as a word index, built from the database and shared by every
 * thread of a server until the documents change. See kartla/search.h
 * (struct ka_search_index) for who owns it and docs/architecture.md
 * "Search in memory" for the design.
 *
 * search_index.c builds snapshots and keeps the current one;
 * search_index_query.c answers a query from a snapshot;
 * search_words.c cuts text into words as both sides see them.
 */
#ifndef KARTLA_SEARCH_INDEX_H
#define KARTLA_SEARCH_INDEX_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/search.h"

/* Words of a query taken (as the SQL path: ka_store_search_match). */
#define KA_SEARCH_INDEX_MAX_WORDS 16
#define KA_SEARCH_INDEX_MAX_WORD  200 /* bytes */
/* letters a folded query word needs to be found inside words (all three paths: SQL, index,
 * snippets) */
#define KA_SEARCH_INDEX_MIN_INSIDE 3

/* A sorted table of distinct words: word i is pool + off[i], len[i] bytes (no NUL). */
struct ka_search_words {
	char *pool;
	uint32_t *off, *len;
	uint32_t n;
};

#define KA_SEARCH_INDEX_BODY 20000 /* characters of a body kept for snippets (as the SQL) */

/* Text in a snapshot's pool. */
struct ka_search_span {
	uint64_t off;
	uint32_t len; /* UINT32_MAX: NULL */
};

/* Names in nb, sv, en of the rows of a table (processes, roles), by id (sorted). */
struct ka_search_names {
	size_t n;
	int64_t *id;
	struct ka_search_span (*name)[3];
};

/* What a query reads of a document (8 bytes: one cache line per document reached). */
struct ka_search_doc {
	/*
	 * The first document of its group: an element's versions with the same
	 * names in one process are one hit (search.c, ONE_HIT_PER_ACTIVITY);
	 * any other document is its own group.
	 */
	uint32_t group;
	uint16_t len; /* words in title and body (saturated) */
	uint8_t kind; /* index into ka_search_index_kinds, 255 for another kind */
	uint8_t vis;
};

/* A group's candidate in the current query: valid when `stamp` is the serial. */
struct ka_search_grp {
	uint32_t stamp, at;
};

/*
 * A document's accumulator for the current query word, in one 8-byte slot
 * (one cache line per document reached): valid when `stamp` is the
 * scratch's serial; the best tier and the weighted count (title 4, body 1).
 */
struct ka_search_acc {
	uint32_t stamp : 30, tier : 2;
	float f;
};
#define KA_SEARCH_SERIAL_MAX ((1u << 30) - 1)

/* Scratch arrays of one query (per-document accumulators), reused through the snapshot. */
struct ka_search_scratch {
	struct ka_search_scratch *next;
	uint32_t serial;
	struct ka_search_acc *acc; /* ndocs */
	uint32_t *word_stamp;      /* nlow */
	struct ka_search_grp *grp; /* ndocs: a group's candidate in this query */
	/* kept between queries so that a query allocates nothing big: */
	uint32_t *touched; /* the documents a query word reached */
	size_t touched_cap;
	void *cands; /* search_index_query.c's candidates */
	size_t cands_cap;
};

/*
 * One immutable snapshot of the index, for the documents at `gen`
 * (search_gen.gen). Shared by reference: ka_search_index hands out
 * references and frees a snapshot when the last one is dropped.
 */
struct ka_search_snap {
	int64_t gen;
	unsigned refs; /* guarded by the owning index's mutex */

	/* documents, in id order */
	uint32_t ndocs;
	int64_t *doc_id;
	struct ka_search_doc *doc; /* what a query reads of each document, in one slot */

	double avgdl;

	/*
	 * What a page of hits shows, so that a query needs no SQL beyond the
	 * counter: per document its ref_id, process_id (0: none), title, body
	 * (its first KA_SEARCH_INDEX_BODY characters) and, for an element, its
	 * names by language (JSON); the names of every process and role. Text
	 * lives in `text` at offset/length pairs; a length of UINT32_MAX is NULL.
	 * Nothing here changes without a change of search_docs (the triggers
	 * write a document whenever these names change), so the snapshot stays
	 * true for its `gen`.
	 */
	int64_t *doc_ref, *doc_process;
	struct ka_search_span *doc_title, *doc_body, *doc_names;
	struct ka_search_names procs, roles;
	struct ka_buf text;

	/* the words in lower case as written, sorted; postings per word */
	struct ka_search_words low;
	uint32_t *low_fold; /* nlow: the folded word it folds to */
	uint32_t *post_off; /* nlow + 1 */
	uint32_t *post_doc; /* document index, ascending per word */
	uint16_t *post_f;   /* 4 x in title + in body (saturated) */

	/* the folded words, sorted; the lower-case words folding to each */
	struct ka_search_words fold;
	uint32_t *fold_off; /* nfold + 1 */
	uint32_t *fold_low;

	/* byte trigrams of the folded words: sorted keys with the folded word of each */
	uint32_t ntri;
	uint32_t *tri_key, *tri_fold;

	pthread_mutex_t scratch_lock;
	struct ka_search_scratch *scratch; /* free list */
};

struct ka_search_index {
	pthread_mutex_t lock;
	struct ka_search_snap *cur; /* the newest snapshot built, or NULL */
	int building;               /* a thread is building one now */
	uint64_t builds;            /* snapshots built so far (for tests and metrics) */
};

/* Sets up `out` (empty) with ka_search_query's columns and room for n rows. */
void ka_search_snap_rows_init(struct ka_rows *out, size_t n);
/*
 * Appends to `out` (set up by ka_search_snap_rows_init) the
 * row of the document with search_docs.id `id`, with `rank` and `total`;
 * false when the snapshot has no such document.
 */
bool ka_search_snap_row(const struct ka_search_snap *s, int64_t id, double rank, int64_t total,
                        struct ka_rows *out);

/* A ranked hit of the index. */
struct ka_search_index_hit {
	int64_t id; /* search_docs.id */
	double rank;
};

/*
 * A reference to a snapshot of the documents as the open read transaction on
 * `st` sees them (search_gen.gen), built now when the newest one is older: 0
 * with *out set (give it back with ka_search_index_put), or 0 with *out NULL
 * when the caller should ask the database instead (PostgreSQL, or another
 * thread is building a snapshot right now). An error only from the database.
 */
int ka_search_index_get(struct ka_search_index *ix, struct ka_store *st,
                        struct ka_search_snap **out, struct ka_diag *diag);
void ka_search_index_put(struct ka_search_index *ix, struct ka_search_snap *s);

/* The kinds of search_docs, in the order ka_search_doc.kind numbers them. */
extern const char *const ka_search_index_kinds[5];

/*
 * Builds a snapshot of search_docs as seen by the open (read) transaction on
 * `st`, labelled `gen`. Caller owns the result (ka_search_snap_free).
 */
int ka_search_snap_build(struct ka_store *st, int64_t gen, struct ka_search_snap **out,
                         struct ka_diag *diag);
void ka_search_snap_free(struct ka_search_snap *s);

/*
 * The top `k` hits of `q` (text, kind, vis) in rank order, at most k of
 * them, in *hits (caller frees), their number in *nhits and the number of
 * all hits in *total. KA_ERR_INVALID when the text has no word.
 */
int ka_search_snap_query(struct ka_search_snap *s, const struct ka_search_query *q, size_t k,
                         struct ka_search_index_hit **hits, size_t *nhits, int64_t *total);

/*
 * The words of text[0..len): runs of ASCII letters and digits and of
 * non-ASCII letters; ASCII punctuation, white space and the Unicode
 * punctuation and spaces of U+0080–U+00BF, U+00D7, U+00F7 and U+2000–U+206F
 * separate them. Calls fn(word, len, ctx) for each in order.
 */
void ka_search_words_each(const char *text, size_t len,
                          void (*fn)(const char *w, size_t n, void *ctx), void *ctx);

/* The letters (UTF-8 characters) of s[0..n). */
size_t ka_search_letters(const char *s, size_t n);

/* Writes `w` in lower case to `out` (reset first): ASCII, Latin-1 and Latin Extended-A letters. */
void ka_search_lower(const char *w, size_t n, struct ka_buf *out);

#endif
