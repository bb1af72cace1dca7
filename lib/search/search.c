/*
 * Full-text search on top of the per-dialect indexes of schema.c: the query
 * (built per query: its folded words and their patterns) with a kind filter
 * and a total, titles in the reader's language, and the reader's visibility
 * level. See kartla/search.h for the matching rules.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/search.h"
#include "search_index.h"
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
#define VIS_KIND " d.vis <= ? AND (CAST(? AS text) = '' OR d.kind = ?)"

/*
 * Three tiers, best first: the words as typed (word or word start, the
 * original text: exact spelling), the folded words at the start of a folded
 * word ("ansokan" for "ansökan"), and the folded words anywhere inside a word
 * ("soknad" in "byggesøknad"). TIER apart, so that no score from within a tier
 * lifts a hit over a better tier; a hit in several tiers counts its best.
 */
#define TIER_EXACT  "2000.0"
#define TIER_WORD   "1000.0"
#define TIER_INSIDE "0.0"

static const char sq_exact[] =
    "SELECT d.id AS id, " TIER_EXACT " + -bm25(search_fts, 4.0, 1.0) * " KIND_WEIGHT " AS rank"
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ? AND" VIS_KIND;
static const char pg_exact[] =
    "SELECT d.id AS id, " TIER_EXACT
    " + ts_rank('{0.05, 0.1, 0.25, 1.0}', d.tsv, q, 1) * " KIND_WEIGHT " AS rank"
    " FROM search_docs d, to_tsquery('simple', ?) AS q WHERE d.tsv @@ q AND" VIS_KIND;

/*
 * The page: the top hits by rank first (`page`: only ids and ranks are
 * sorted, and only the page's rows are kept), then those rows joined to their
 * text and to the names in every language of the process (an element's, or
 * the process hit itself) and of a role hit. Joining first would copy every
 * hit's body into the sort. The snippet column holds the body;
 * ka_search_snippet() makes the snippet.
 */
#define PAGE_OF_HITS                                                                               \
	", page AS MATERIALIZED (SELECT id, rank FROM hits"                                        \
	" ORDER BY rank DESC, id LIMIT ? OFFSET ?)"                                                \
	" SELECT d.kind, d.ref_id, d.process_id, d.title,"                                         \
	" substr(d.body, 1, 20000) AS snippet, h.rank,"                                            \
	" (SELECT count(*) FROM hits) AS total,"                                                   \
	" p.name_nb, p.name_sv, p.name_en, ro.name_nb, ro.name_sv, ro.name_en, me.names"           \
	" FROM page h JOIN search_docs d ON d.id = h.id"                                           \
	" LEFT JOIN map_elements me ON d.kind = 'element' AND me.id = d.ref_id"                    \
	" LEFT JOIN processes p ON p.id = d.process_id"                                            \
	" LEFT JOIN roles ro ON d.kind = 'role' AND ro.id = d.ref_id"                              \
	" ORDER BY h.rank DESC, h.id"

/*
 * One hit per activity: the elements of a process's versions (the approved
 * one, a draft, a rejected proposal) that bear the same names are one hit to
 * a reader, the best ranked (then the lowest id: the older version). The
 * in-memory index groups them the same way (search_index.c, ka_search_doc.group).
 */
#define ONE_HIT_PER_ACTIVITY                                                                       \
	", hits AS MATERIALIZED (SELECT id, rank FROM (SELECT h.id, h.rank, row_number() OVER"     \
	" (PARTITION BY CASE WHEN d.kind = 'element' AND d.process_id IS NOT NULL"                 \
	" THEN 'e' || CAST(d.process_id AS TEXT)"                                                  \
	" || ' ' || d.title ELSE CAST(d.id AS TEXT) END ORDER BY h.rank DESC, h.id) AS n"          \
	" FROM all_hits h JOIN search_docs d ON d.id = h.id) AS w WHERE n = 1)"

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
#define MAX_WORDS     16  /* as ka_store_search_match() */
#define MAX_WORD      200 /* bytes */

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/*
 * The statement of one search and its parameters: the words of the query
 * folded (ka_search_fold), their LIKE patterns, and for SQLite the trigram
 * query. Built per query because the number of words varies.
 */
struct plan {
	struct ka_buf sql, match, tri;
	struct ka_buf word[MAX_WORDS], inside[MAX_WORDS];
	bool long_word[MAX_WORDS]; /* found by the trigram index */
	size_t nwords, nlong;
	struct ka_val p[4 + 4 + 2 * MAX_WORDS + 1 + 2];
	size_t np;
};

static void plan_release(struct plan *pl)
{
	size_t i;

	ka_buf_release(&pl->sql);
	ka_buf_release(&pl->match);
	ka_buf_release(&pl->tri);
	for (i = 0; i < MAX_WORDS; i++) {
		ka_buf_release(&pl->word[i]);
		ka_buf_release(&pl->inside[i]);
	}
}

/* The folded words of `text` with their patterns; the trigram query of the long ones. */
static void plan_words(struct plan *pl, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	struct ka_buf f;

	ka_buf_init(&f, KA_BUF_UNLIMITED);
	while (*s && pl->nwords < MAX_WORDS) {
		const unsigned char *w;

		while (*s && !word_byte(*s))
			s++;
		w = s;
		while (word_byte(*s))
			s++;
		if (s == w || (size_t)(s - w) > MAX_WORD)
			continue;
		ka_search_fold((const char *)w, (size_t)(s - w), &f);
		ka_buf_addf(&pl->word[pl->nwords], "%% %s%%", f.data);
		ka_buf_addf(&pl->inside[pl->nwords], "%%%s%%", f.data);
		if (ka_search_letters(f.data, f.len) >= KA_SEARCH_INDEX_MIN_INSIDE) {
			/* only letters, digits and non-ASCII bytes: nothing to quote */
			ka_buf_addf(&pl->tri, "%s\"%s\"", pl->nlong ? " " : "", f.data);
			pl->long_word[pl->nwords] = true;
			pl->nlong++;
		}
		pl->nwords++;
	}
	ka_buf_release(&f);
}

static void param(struct plan *pl, struct ka_val v)
{
	pl->p[pl->np++] = v;
}

/* The CTE `hits` (id, rank) of every hit with its parameters. */
static void plan_hits(struct plan *pl, bool pg, const struct ka_search_query *q, const char *kind)
{
	/* SQLite's trigram index keeps the folded text; its column in search_docs is virtual */
	const char *fold = pg ? "d.fold" : "search_tri.fold";
	size_t i;

	/*
	 * Without the second tier the exact one is the CTE itself: SQLite would
	 * flatten it into the GROUP BY, where bm25() cannot run.
	 */
	ka_buf_adds(&pl->sql, pl->nlong ? "WITH all_hits AS MATERIALIZED (SELECT id,"
	                                  " CAST(max(rank) AS DOUBLE PRECISION) AS rank FROM ("
	                                : "WITH all_hits AS MATERIALIZED (");
	ka_buf_adds(&pl->sql, pg ? pg_exact : sq_exact);
	param(pl, ka_text(pl->match.data));
	param(pl, ka_int(q->vis));
	param(pl, ka_text(kind));
	param(pl, ka_text(kind));
	if (pl->nlong) { /* a query of short words only would scan every document */
		ka_buf_adds(&pl->sql, " UNION ALL SELECT d.id AS id, CASE WHEN");
		for (i = 0; i < pl->nwords; i++) {
			ka_buf_addf(&pl->sql, "%s (' ' || %s) LIKE ?", i ? " AND" : "", fold);
			param(pl, ka_text(pl->word[i].data));
		}
		ka_buf_adds(&pl->sql, " THEN " TIER_WORD " ELSE " TIER_INSIDE " END + " KIND_WEIGHT
		                      " AS rank");
		if (pg) {
			ka_buf_adds(&pl->sql, " FROM search_docs d WHERE" VIS_KIND);
		} else {
			ka_buf_adds(&pl->sql,
			            " FROM search_tri JOIN search_docs d ON d.id ="
			            " search_tri.rowid WHERE search_tri MATCH ? AND" VIS_KIND);
			param(pl, ka_text(pl->tri.data));
		}
		param(pl, ka_int(q->vis));
		param(pl, ka_text(kind));
		param(pl, ka_text(kind));
		/*
		 * SQLite's trigram query has the long words; PostgreSQL's index
		 * serves LIKE. A short word is found at the start of a word.
		 */
		for (i = 0; i < pl->nwords; i++) {
			if (!pg && pl->long_word[i])
				continue;
			if (pl->long_word[i]) {
				ka_buf_addf(&pl->sql, " AND %s LIKE ?", fold);
				param(pl, ka_text(pl->inside[i].data));
			} else {
				ka_buf_addf(&pl->sql, " AND (' ' || %s) LIKE ?", fold);
				param(pl, ka_text(pl->word[i].data));
			}
		}
	}
	ka_buf_adds(&pl->sql, pl->nlong ? ") AS u GROUP BY id)" : ")");
	ka_buf_adds(&pl->sql, ONE_HIT_PER_ACTIVITY);
}

/* A name in the reader's language from three columns nb, sv, en; else the first there is. */
static const struct ka_val *in_lang(const struct ka_rows *r, size_t i, int col_nb, const char *lang)
{
	int want = !strcmp(lang, "sv") ? 1 : !strcmp(lang, "en") ? 2 : 0, k;
	const struct ka_val *v = ka_rows_at(r, i, (size_t)(col_nb + want));

	for (k = 0; k < 3 && (v->type != KA_VAL_TEXT || !v->len); k++)
		v = ka_rows_at(r, i, (size_t)(col_nb + k));
	return v->type == KA_VAL_TEXT && v->len ? v : NULL;
}

const char *ka_search_process_name(const struct ka_rows *r, size_t i, const char *lang)
{
	const struct ka_val *v = in_lang(r, i, KA_SEARCH_COL_PROCESS_NB, lang ? lang : "nb");

	return v ? v->s : NULL;
}

static void set_text(struct ka_val *v, char *s, size_t len)
{
	if (v->type == KA_VAL_TEXT || v->type == KA_VAL_BLOB)
		free((char *)v->s);
	v->type = KA_VAL_TEXT;
	v->s = s;
	v->len = len;
}

/*
 * An element's title: its name in `lang` from map_elements.names, else its
 * name without a language, else (a row indexed before schema version 5, its
 * names glued "A / B / C") the first of the glued names.
 */
static void element_title(const struct ka_val *names, const char *lang, struct ka_val *title)
{
	json_t *o = names->type == KA_VAL_TEXT ? json_loads(names->s, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(o, lang));
	const char *cut;

	if (!s)
		s = json_string_value(json_object_get(o, ""));
	if (s)
		set_text(title, ka_xstrdup(s), strlen(s));
	else if (title->type == KA_VAL_TEXT && (cut = strstr(title->s, " / ")))
		set_text(title, ka_xstrndup(title->s, (size_t)(cut - title->s)),
		         (size_t)(cut - title->s));
	json_decref(o);
}

/*
 * Gives each row the title in the reader's language (a process's or a role's
 * name, not the three glued as the index has them) and replaces its text
 * (the snippet column) by the snippet made of that title and the text.
 */
static void finish_rows(const struct ka_search_query *q, struct ka_rows *rows)
{
	const char *lang = q->lang ? q->lang : "nb";
	struct ka_buf b, t;
	size_t i;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_init(&t, KA_BUF_UNLIMITED);
	for (i = 0; i < rows->nrows; i++) {
		struct ka_val *title = &rows->vals[i * rows->ncols + KA_SEARCH_COL_TITLE];
		struct ka_val *v = &rows->vals[i * rows->ncols + KA_SEARCH_COL_SNIPPET];
		const char *kind = ka_rows_at(rows, i, KA_SEARCH_COL_KIND)->s;
		const struct ka_val *name = NULL;
		char *all = ka_xstrdup(title->type == KA_VAL_TEXT ? title->s : ""); /* as indexed */
		size_t len;

		if (kind && !strcmp(kind, "process"))
			name = in_lang(rows, i, KA_SEARCH_COL_PROCESS_NB, lang);
		else if (kind && !strcmp(kind, "role"))
			name = in_lang(rows, i, KA_SEARCH_COL_ROLE_NB, lang);
		if (name)
			set_text(title, ka_xstrndup(name->s, name->len), name->len);
		else if (kind && !strcmp(kind, "element"))
			element_title(ka_rows_at(rows, i, KA_SEARCH_COL_ELEMENT_NAMES), lang,
			              title);
		ka_buf_reset(&t);
		ka_buf_adds(&t, title->type == KA_VAL_TEXT ? title->s : "");
		ka_buf_addc(&t, ' ');
		ka_buf_adds(&t, v->type == KA_VAL_TEXT ? v->s : "");
		ka_search_snippet(q->text, t.data, SNIPPET_WORDS, &b);
		/* the words matched a name in another language: the snippet shows them all */
		if (!strchr(b.data, '\x02') &&
		    strcmp(all, title->type == KA_VAL_TEXT ? title->s : "")) {
			ka_buf_reset(&t);
			ka_buf_adds(&t, all);
			ka_buf_addc(&t, ' ');
			ka_buf_adds(&t, v->type == KA_VAL_TEXT ? v->s : "");
			ka_search_snippet(q->text, t.data, SNIPPET_WORDS, &b);
		}
		free(all);
		set_text(v, ka_buf_detach(&b, &len), len);
	}
	ka_buf_release(&b);
	ka_buf_release(&t);
}

/*
 * The query answered by the in-memory index: 1 when it did (rows in `out`,
 * *total set), 0 when the SQL must (no index, or none current), or an error.
 */
static int query_index(struct ka_store *st, const struct ka_search_query *q, struct ka_rows *out,
                       int64_t *total, struct ka_diag *diag)
{
	struct ka_search_snap *s;
	struct ka_search_index_hit *hits = NULL;
	size_t nhits = 0, i;
	int err = ka_search_index_get(q->index, st, &s, diag);

	if (err || !s)
		return err;
	err = ka_search_snap_query(s, q, (size_t)(q->offset + q->limit), &hits, &nhits, total);
	/* the page's rows from the same snapshot: no SQL */
	if (!err && (size_t)q->offset < nhits)
		ka_search_snap_rows_init(out, nhits - (size_t)q->offset);
	for (i = (size_t)q->offset; !err && i < nhits; i++)
		ka_search_snap_row(s, hits[i].id, hits[i].rank, *total, out);
	ka_search_index_put(q->index, s);
	if (err == KA_ERR_INVALID)
		err = ka_store_fail(diag, KA_ERR_INVALID,
		                    "nothing to search for: give at least one word");
	else if (!err)
		finish_rows(q, out);
	free(hits);
	return err ? err : 1;
}

int ka_search_query(struct ka_store *st, const struct ka_search_query *q, struct ka_rows *out,
                    int64_t *total, struct ka_diag *diag)
{
	bool pg = ka_store_dialect(st) == KA_DIALECT_PG;
	const char *kind = q->kind ? q->kind : "";
	struct plan *pl;
	struct ka_rows cnt;
	size_t i, nhits, hits_len;
	int err;

	*total = 0;
	if (!q->text || strlen(q->text) > KA_SEARCH_QUERY_MAX)
		return ka_store_fail(diag, KA_ERR_INVALID, "the query is longer than %d bytes",
		                     KA_SEARCH_QUERY_MAX);
	if (*kind && !ka_search_kind_valid(kind))
		return ka_store_fail(diag, KA_ERR_INVALID, "unknown kind '%s'", kind);
	if (q->limit < 0 || q->offset < 0 || q->offset > INT64_MAX / 2 - q->limit)
		return ka_store_fail(diag, KA_ERR_INVALID, "limit and offset must not be negative");
	if (q->index) {
		err = query_index(st, q, out, total, diag);
		if (err)
			return err < 0 ? err : 0;
	}
	pl = ka_xcalloc(1, sizeof(*pl));
	ka_buf_init(&pl->sql, KA_BUF_UNLIMITED);
	ka_buf_init(&pl->match, KA_BUF_UNLIMITED);
	ka_buf_init(&pl->tri, KA_BUF_UNLIMITED);
	for (i = 0; i < MAX_WORDS; i++) {
		ka_buf_init(&pl->word[i], KA_BUF_UNLIMITED);
		ka_buf_init(&pl->inside[i], KA_BUF_UNLIMITED);
	}
	err = ka_store_search_match(ka_store_dialect(st), q->text, &pl->match);
	if (err) {
		err = ka_store_fail(diag, KA_ERR_INVALID,
		                    "nothing to search for: give at least one word");
		goto out;
	}
	plan_words(pl, q->text);
	plan_hits(pl, pg, q, kind);
	nhits = pl->np;
	hits_len = pl->sql.len;
	ka_buf_adds(&pl->sql, PAGE_OF_HITS);
	param(pl, ka_int(q->limit));
	param(pl, ka_int(q->offset));
	err = ka_store_exec(st, pl->sql.data, pl->p, pl->np, out, diag);
	if (!err)
		finish_rows(q, out);
	/* The total comes with the page; an empty page after the first is counted apart. */
	if (!err && out->nrows > 0 && ka_rows_at(out, 0, KA_SEARCH_COL_TOTAL)->type == KA_VAL_INT) {
		*total = ka_rows_at(out, 0, KA_SEARCH_COL_TOTAL)->i;
	} else if (!err && q->offset > 0) {
		struct ka_buf c;

		ka_buf_init(&c, KA_BUF_UNLIMITED);
		ka_buf_add(&c, pl->sql.data, hits_len);
		ka_buf_adds(&c, " SELECT count(*) FROM hits");
		ka_rows_init(&cnt);
		err = ka_store_exec(st, c.data, pl->p, nhits, &cnt, diag);
		ka_buf_release(&c);
		if (!err && cnt.nrows == 1 && cnt.vals[0].type == KA_VAL_INT)
			*total = cnt.vals[0].i;
		ka_rows_release(&cnt);
	}
out:
	plan_release(pl);
	free(pl);
	return err;
}
