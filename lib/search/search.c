/*
 * Full-text search on top of the per-dialect index of schema.c: the query
 * with a kind filter and a total, the reader's visibility level, and a
 * rebuild of the index. See kartla/search.h for the matching rules.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/search.h"
#include "kartla/banned.h"

/*
 * Kinds weigh differently: a process or handbook page named by the query is
 * a better answer than one of the many map elements that mention it.
 */
#define KIND_WEIGHT                                                                                \
	"CASE d.kind WHEN 'process' THEN 3.0 WHEN 'page' THEN 2.0 WHEN 'role' THEN 2.0"            \
	" WHEN 'person' THEN 1.5 ELSE 1.0 END"

/*
 * Element hits come only from versions that are alive: the approval that
 * supersedes a version deletes its element rows, and with them their search
 * documents (schema.c, version 2). A rejected version stays searchable: it is
 * the proposal its author is revising.
 */
#define SQ_WHERE                                                                                   \
	" FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"                           \
	" WHERE search_fts MATCH ? AND d.vis <= ? AND (? = '' OR d.kind = ?)"

/*
 * One statement gives the page and the total: the hits (id and rank only) are
 * materialised once, counted, and the page's rows joined to their text. The
 * snippet column holds that text; ka_search_snippet() makes the snippet.
 */
#define PAGE_OF_HITS                                                                               \
	" SELECT d.kind, d.ref_id, d.process_id, d.title,"                                         \
	" d.title || ' ' || substr(d.body, 1, 20000) AS snippet, h.rank,"                          \
	" (SELECT count(*) FROM hits) AS total"                                                    \
	" FROM hits h JOIN search_docs d ON d.id = h.id"                                           \
	" ORDER BY h.rank DESC, h.id LIMIT ? OFFSET ?"

static const char sq_page[] =
    "WITH hits AS MATERIALIZED (SELECT d.id AS id,"
    " -bm25(search_fts, 4.0, 1.0) * " KIND_WEIGHT " AS rank" SQ_WHERE ")" PAGE_OF_HITS;
static const char sq_count[] = "SELECT count(*)" SQ_WHERE;

#define PG_WHERE                                                                                   \
	" FROM search_docs d, to_tsquery('simple', ?) AS q"                                        \
	" WHERE d.tsv @@ q AND d.vis <= ? AND (CAST(? AS text) = '' OR d.kind = ?)"

static const char pg_page[] = "WITH hits AS MATERIALIZED (SELECT d.id AS id,"
                              " ts_rank('{0.05, 0.1, 0.25, 1.0}', d.tsv, q, 1) * " KIND_WEIGHT
                              " AS rank" PG_WHERE ")" PAGE_OF_HITS;
static const char pg_count[] = "SELECT count(*)" PG_WHERE;

static const char *const kinds[] = {"process", "element", "role", "person", "page"};

bool ka_search_kind_valid(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

int ka_search_vis_of(struct ka_store *st, int64_t user_id, bool is_admin, enum ka_vis *out,
                     struct ka_diag *diag)
{
	struct ka_rows r;
	struct ka_val p[3];
	char today[KA_DATE_LEN];
	int err;

	if (is_admin) { /* also the system (user 0), e.g. the CLI */
		*out = KA_VIS_FACILITATORS;
		return 0;
	}
	if (!user_id) {
		*out = KA_VIS_EVERYONE;
		return 0;
	}
	ka_date_today(today);
	p[0] = ka_int(user_id);
	p[1] = ka_text(today);
	p[2] = ka_text(today);
	ka_rows_init(&r);
	err =
	    ka_store_exec(st,
	                  "SELECT 1 FROM people pe JOIN role_assignments ra ON ra.person_id = pe.id"
	                  " JOIN roles ro ON ro.id = ra.role_id"
	                  " WHERE pe.user_id = ? AND ro.kind IN ('facilitator', 'steward')"
	                  " AND ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	                  " LIMIT 1",
	                  p, 3, &r, diag);
	if (!err)
		*out = r.nrows ? KA_VIS_FACILITATORS : KA_VIS_SIGNED_IN;
	ka_rows_release(&r);
	return err;
}

#define SNIPPET_WORDS 12

/* Replaces each row's text (column 4) by its snippet. */
static void make_snippets(const char *query, struct ka_rows *rows)
{
	struct ka_buf b;
	size_t i;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (i = 0; i < rows->nrows; i++) {
		struct ka_val *v = &rows->vals[i * rows->ncols + 4];

		ka_search_snippet(query, v->type == KA_VAL_TEXT ? v->s : "", SNIPPET_WORDS, &b);
		if (v->type == KA_VAL_TEXT || v->type == KA_VAL_BLOB)
			free((char *)v->s);
		v->type = KA_VAL_TEXT;
		v->s = ka_buf_detach(&b, &v->len);
	}
	ka_buf_release(&b);
}

int ka_search_query(struct ka_store *st, const struct ka_search_query *q, struct ka_rows *out,
                    int64_t *total, struct ka_diag *diag)
{
	bool pg = ka_store_dialect(st) == KA_DIALECT_PG;
	const char *kind = q->kind ? q->kind : "";
	struct ka_buf match;
	struct ka_rows cnt;
	struct ka_val p[6];
	int err;

	*total = 0;
	if (!q->text || strlen(q->text) > KA_SEARCH_QUERY_MAX)
		return ka_store_fail(diag, KA_ERR_INVALID, "the query is longer than %d bytes",
		                     KA_SEARCH_QUERY_MAX);
	if (*kind && !ka_search_kind_valid(kind))
		return ka_store_fail(diag, KA_ERR_INVALID, "unknown kind '%s'", kind);
	ka_buf_init(&match, KA_BUF_UNLIMITED);
	err = ka_store_search_match(ka_store_dialect(st), q->text, &match);
	if (err) {
		ka_buf_release(&match);
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "nothing to search for: give at least one word");
	}
	p[0] = ka_text(match.data);
	p[1] = ka_int(q->vis);
	p[2] = ka_text(kind);
	p[3] = ka_text(kind);
	p[4] = ka_int(q->limit);
	p[5] = ka_int(q->offset);
	err = ka_store_exec(st, pg ? pg_page : sq_page, p, 6, out, diag);
	if (!err)
		make_snippets(q->text, out);
	/* The total comes with the page; an empty page after the first is counted apart. */
	if (!err && out->nrows > 0 && ka_rows_at(out, 0, 6)->type == KA_VAL_INT) {
		*total = ka_rows_at(out, 0, 6)->i;
	} else if (!err && q->offset == 0) {
		*total = 0;
	} else if (!err) {
		ka_rows_init(&cnt);
		err = ka_store_exec(st, pg ? pg_count : sq_count, p, 4, &cnt, diag);
		if (!err && cnt.nrows == 1 && cnt.vals[0].type == KA_VAL_INT)
			*total = cnt.vals[0].i;
		ka_rows_release(&cnt);
	}
	ka_buf_release(&match);
	return err;
}
