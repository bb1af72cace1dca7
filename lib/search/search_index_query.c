/*
 * A query answered from a snapshot of the in-memory index (search_index.h):
 * the same three tiers as the SQL of search.c, in the same order. For each
 * word of the query the words of the index that match it are found in the
 * sorted tables (as typed: a prefix of the lower-case words; folded: a
 * prefix of the folded words; inside: the folded words holding it, found by
 * their rarest trigram), and their postings give each document its best
 * tier for that word. A document is a hit when every word matched; its tier
 * is its worst word's, and within a tier it is ranked by BM25 as SQLite's
 * FTS5 computes it (title 4, body 1) times the kind's weight. Only the top k
 * are kept (a heap), though every hit is counted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "search_index.h"
#include "kartla/banned.h"

enum { TIER_EXACT, TIER_WORD, TIER_INSIDE };

static const double tier_base[] = {2000.0, 1000.0, 0.0}; /* as search.c */
static const double kind_weight[] = {3.0, 1.0, 2.0, 1.5, 2.0};

#define BM25_K1 1.2
#define BM25_B  0.75

struct cand {
	uint32_t doc;
	uint8_t tier;
	double score, rank;
};

struct query {
	struct ka_buf low[KA_SEARCH_INDEX_MAX_WORDS], fold[KA_SEARCH_INDEX_MAX_WORDS];
	size_t n;
};

static void on_query_word(const char *w, size_t n, void *ctx)
{
	struct query *q = ctx;

	if (q->n >= KA_SEARCH_INDEX_MAX_WORDS || n > KA_SEARCH_INDEX_MAX_WORD)
		return;
	ka_search_lower(w, n, &q->low[q->n]);
	ka_search_fold(w, n, &q->fold[q->n]);
	q->n++;
}

static struct ka_search_scratch *scratch_get(struct ka_search_snap *s)
{
	struct ka_search_scratch *sc;

	pthread_mutex_lock(&s->scratch_lock);
	sc = s->scratch;
	if (sc)
		s->scratch = sc->next;
	pthread_mutex_unlock(&s->scratch_lock);
	if (sc)
		return sc;
	sc = ka_xcalloc(1, sizeof(*sc));
	sc->acc = ka_xcalloc(s->ndocs ? s->ndocs : 1, sizeof(*sc->acc));
	sc->word_stamp = ka_xcalloc(s->low.n ? s->low.n : 1, sizeof(*sc->word_stamp));
	sc->grp = ka_xcalloc(s->ndocs ? s->ndocs : 1, sizeof(*sc->grp));
	return sc;
}

static void scratch_put(struct ka_search_snap *s, struct ka_search_scratch *sc)
{
	pthread_mutex_lock(&s->scratch_lock);
	sc->next = s->scratch;
	s->scratch = sc;
	pthread_mutex_unlock(&s->scratch_lock);
}

/* A new stamp value for the scratch arrays; when it wraps, they start again. */
static void next_serial(const struct ka_search_snap *s, struct ka_search_scratch *sc)
{
	if (++sc->serial > KA_SEARCH_SERIAL_MAX) {
		memset(sc->acc, 0, (size_t)s->ndocs * sizeof(*sc->acc));
		memset(sc->word_stamp, 0, (size_t)s->low.n * sizeof(*sc->word_stamp));
		memset(sc->grp, 0, (size_t)s->ndocs * sizeof(*sc->grp));
		sc->serial = 1;
	}
}

/* Compares word i's first n bytes with p: <0, 0 (word starts with p), >0. */
static int prefix_cmp(const struct ka_search_words *w, uint32_t i, const char *p, size_t n)
{
	size_t len = w->len[i], m = len < n ? len : n;
	int c = memcmp(w->pool + w->off[i], p, m);

	return c ? c : len < n ? -1 : 0;
}

/* The words of `w` that start with p[0..n): [*lo, *hi). */
static void prefix_range(const struct ka_search_words *w, const char *p, size_t n, uint32_t *lo,
                         uint32_t *hi)
{
	uint32_t a = 0, b = w->n;

	while (a < b) { /* first word not below p */
		uint32_t m = a + (b - a) / 2;

		if (prefix_cmp(w, m, p, n) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = w->n;
	while (a < b) { /* first word above every word starting with p */
		uint32_t m = a + (b - a) / 2;

		if (prefix_cmp(w, m, p, n) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

static uint32_t tri_lower(const struct ka_search_snap *s, uint32_t key)
{
	uint32_t a = 0, b = s->ntri;

	while (a < b) {
		uint32_t m = a + (b - a) / 2;

		if (s->tri_key[m] < key)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

struct word_pass {
	struct ka_search_snap *s;
	struct ka_search_scratch *sc;
	uint32_t *touched;
	size_t ntouched, cap;
};

/* Adds the postings of lower-case word lw at `tier`, once per query word. */
static void visit_low(struct word_pass *p, uint32_t lw, uint8_t tier)
{
	struct ka_search_snap *s = p->s;
	struct ka_search_scratch *sc = p->sc;
	uint32_t k;

	if (sc->word_stamp[lw] == sc->serial)
		return;
	sc->word_stamp[lw] = sc->serial;
	for (k = s->post_off[lw]; k < s->post_off[lw + 1]; k++) {
		uint32_t d = s->post_doc[k];

		struct ka_search_acc *a = &sc->acc[d];

		if (a->stamp != sc->serial) {
			a->stamp = sc->serial;
			a->tier = tier;
			a->f = s->post_f[k];
			if (p->ntouched == p->cap) {
				p->cap = p->cap ? p->cap * 2 : 1024;
				p->touched =
				    ka_xreallocarray(p->touched, p->cap, sizeof(*p->touched));
			}
			p->touched[p->ntouched++] = d;
		} else {
			if (tier < a->tier)
				a->tier = tier;
			a->f += s->post_f[k];
		}
	}
}

static void visit_fold(struct word_pass *p, uint32_t fw, uint8_t tier)
{
	uint32_t k;

	for (k = p->s->fold_off[fw]; k < p->s->fold_off[fw + 1]; k++)
		visit_low(p, p->s->fold_low[k], tier);
}

static int letters_enough(const struct ka_buf *fold)
{
	return ka_search_letters(fold->data, fold->len) >= KA_SEARCH_INDEX_MIN_INSIDE;
}

/*
 * Every document that holds a word matching query word i, with its tier,
 * into p->touched. `folded`: also folded (a query of only short words is
 * matched as typed, as the SQL does: folded, two letters start too many words).
 */
static void match_word(struct word_pass *p, const struct query *q, size_t i, int folded)
{
	struct ka_search_snap *s = p->s;
	const struct ka_buf *fold = &q->fold[i];
	uint32_t lo, hi, k;

	p->ntouched = 0;
	next_serial(s, p->sc);
	prefix_range(&s->low, q->low[i].data, q->low[i].len, &lo, &hi);
	for (k = lo; k < hi; k++)
		visit_low(p, k, TIER_EXACT);
	if (!folded)
		return;
	prefix_range(&s->fold, fold->data, fold->len, &lo, &hi);
	for (k = lo; k < hi; k++)
		visit_fold(p, k, TIER_WORD);
	if (letters_enough(fold)) { /* a shorter word is found at word starts only */
		const unsigned char *f = (const unsigned char *)fold->data;
		uint32_t best_lo = 0, best_hi = 0, key;
		size_t j;
		int have = 0;

		for (j = 0; j + 3 <= fold->len; j++) { /* the rarest trigram of the word */
			key = (uint32_t)f[j] << 16 | (uint32_t)f[j + 1] << 8 | f[j + 2];
			lo = tri_lower(s, key);
			hi = tri_lower(s, key + 1);
			if (!have || hi - lo < best_hi - best_lo) {
				best_lo = lo;
				best_hi = hi;
				have = 1;
			}
		}
		for (k = best_lo; k < best_hi; k++) {
			uint32_t fw = s->tri_fold[k];

			if (memmem(s->fold.pool + s->fold.off[fw], s->fold.len[fw], fold->data,
			           fold->len))
				visit_fold(p, fw, TIER_INSIDE);
		}
	}
}

/* 1 when hit a ranks before hit b: higher rank, then lower id. */
static int before(const struct ka_search_index_hit *a, const struct ka_search_index_hit *b)
{
	return a->rank > b->rank || (a->rank == b->rank && a->id < b->id);
}

static int cmp_hit(const void *x, const void *y)
{
	const struct ka_search_index_hit *a = x, *b = y;

	return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* The heap keeps the k best with the worst on top. */
static void sift_down(struct ka_search_index_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct ka_search_index_hit t;

		if (l < n && before(&h[w], &h[l]))
			w = l;
		if (r < n && before(&h[w], &h[r]))
			w = r;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void sift_up(struct ka_search_index_hit *h, size_t i)
{
	while (i) {
		size_t up = (i - 1) / 2;
		struct ka_search_index_hit t;

		if (!before(&h[up], &h[i]))
			return;
		t = h[i];
		h[i] = h[up];
		h[up] = t;
		i = up;
	}
}

/* 1 when candidate a ranks before b: higher rank, then the lower id (documents are in id order). */
static int cand_before(const struct cand *a, const struct cand *b)
{
	return a->rank > b->rank || (a->rank == b->rank && a->doc < b->doc);
}

/*
 * Gives each candidate its rank (tier, then BM25 times the kind's weight) and
 * keeps one per group (ka_search_doc.group: an activity in several versions), the
 * best. Returns how many are left, moved to the front.
 */
static size_t rank_and_group(const struct ka_search_snap *s, struct ka_search_scratch *sc,
                             struct cand *c, size_t n)
{
	size_t i, keep = 0;

	next_serial(s, sc);
	for (i = 0; i < n; i++) {
		uint8_t kind = s->doc[c[i].doc].kind;
		double w = kind < 5 ? kind_weight[kind] : 1.0, add = c[i].score * w;
		struct ka_search_grp *g = &sc->grp[s->doc[c[i].doc].group];

		c[i].rank = tier_base[c[i].tier] + (add < 999.0 ? add : 999.0);
		if (g->stamp != sc->serial) {
			g->stamp = sc->serial;
			g->at = (uint32_t)keep;
			c[keep++] = c[i];
		} else if (cand_before(&c[i], &c[g->at])) {
			c[g->at] = c[i];
		}
	}
	return keep;
}

static void top_k(const struct ka_search_snap *s, const struct cand *c, size_t n, size_t k,
                  struct ka_search_index_hit **hits, size_t *nhits)
{
	struct ka_search_index_hit *h = ka_xreallocarray(NULL, k ? k : 1, sizeof(*h));
	size_t i, m = 0;

	for (i = 0; i < n && k; i++) {
		struct ka_search_index_hit hit = {s->doc_id[c[i].doc], c[i].rank};

		if (m < k) {
			h[m] = hit;
			sift_up(h, m++);
		} else if (before(&hit, &h[0])) {
			h[0] = hit;
			sift_down(h, m, 0);
		}
	}
	qsort(h, m, sizeof(*h), cmp_hit);
	*hits = h;
	*nhits = m;
}

int ka_search_snap_query(struct ka_search_snap *s, const struct ka_search_query *q, size_t k,
                         struct ka_search_index_hit **hits, size_t *nhits, int64_t *total)
{
	struct query words;
	struct word_pass p = {s, NULL, NULL, 0, 0};
	struct cand *c = NULL;
	size_t i, j, nc = 0;
	int kind = -1, folded = 0;

	*hits = NULL;
	*nhits = 0;
	*total = 0;
	memset(&words, 0, sizeof(words));
	for (i = 0; i < KA_SEARCH_INDEX_MAX_WORDS; i++) {
		ka_buf_init(&words.low[i], KA_BUF_UNLIMITED);
		ka_buf_init(&words.fold[i], KA_BUF_UNLIMITED);
	}
	if (k > s->ndocs)
		k = s->ndocs;
	ka_search_words_each(q->text, strlen(q->text), on_query_word, &words);
	if (!words.n)
		goto out;
	for (i = 0; q->kind && *q->kind && i < 5; i++)
		if (!strcmp(q->kind, ka_search_index_kinds[i]))
			kind = (int)i;
	for (i = 0; i < words.n; i++)
		folded |= letters_enough(&words.fold[i]);
	p.sc = scratch_get(s);
	p.touched = p.sc->touched;
	p.cap = p.sc->touched_cap;
	c = p.sc->cands;
	for (i = 0; i < words.n; i++) {
		double idf;

		match_word(&p, &words, i, folded);
		idf =
		    log(((double)s->ndocs - (double)p.ntouched + 0.5) / ((double)p.ntouched + 0.5));
		if (idf <= 0)
			idf = 1e-6;
		if (i == 0) {
			if (p.sc->cands_cap < p.ntouched) {
				p.sc->cands_cap = p.ntouched;
				c = ka_xreallocarray(c, p.sc->cands_cap, sizeof(*c));
			}
			for (j = 0; j < p.ntouched; j++) {
				uint32_t d = p.touched[j];

				if (s->doc[d].vis > (unsigned)q->vis ||
				    (kind >= 0 && s->doc[d].kind != kind))
					continue;
				c[nc++] = (struct cand){d, (uint8_t)p.sc->acc[d].tier, 0.0, 0.0};
			}
		} else {
			size_t keep = 0;

			for (j = 0; j < nc; j++) {
				uint32_t d = c[j].doc;

				if (p.sc->acc[d].stamp != p.sc->serial)
					continue;
				if (p.sc->acc[d].tier > c[j].tier)
					c[j].tier = (uint8_t)p.sc->acc[d].tier;
				c[keep++] = c[j];
			}
			nc = keep;
		}
		for (j = 0; j < nc; j++) {
			uint32_t d = c[j].doc;
			double f = p.sc->acc[d].f,
			       norm = BM25_K1 * (1 - BM25_B + BM25_B * s->doc[d].len / s->avgdl);

			c[j].score += idf * (f * (BM25_K1 + 1) / (f + norm));
		}
		if (!nc)
			break;
	}
	nc = rank_and_group(s, p.sc, c, nc);
	top_k(s, c, nc, k, hits, nhits);
	p.sc->touched = p.touched;
	p.sc->touched_cap = p.cap;
	p.sc->cands = c;
	scratch_put(s, p.sc);
	*total = (int64_t)nc;
out:
	for (i = 0; i < KA_SEARCH_INDEX_MAX_WORDS; i++) {
		ka_buf_release(&words.low[i]);
		ka_buf_release(&words.fold[i]);
	}
	return words.n ? 0 : KA_ERR_INVALID;
}
