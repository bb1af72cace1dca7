/*
 * The in-memory search index (search_index.h): building a snapshot from
 * search_docs, and the index that keeps the newest snapshot and hands out
 * references to it. A snapshot is labelled with search_gen.gen, a counter
 * that triggers on search_docs raise in the same transaction as the change
 * (schema.c, version 11), so a reader compares one number to know whether
 * its snapshot still shows what its transaction sees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "search_index.h"
#include "kartla/banned.h"

const char *const ka_search_index_kinds[5] = {"process", "element", "role", "person", "page"};

/* ---- interning words while reading (ids in order of first sight) ---- */

struct intern {
	struct ka_buf pool;
	uint32_t *off, *len, *hash;
	uint32_t n, cap;
	uint32_t *slots; /* id + 1, 0 when empty */
	uint32_t nslots; /* a power of two */
};

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	ka_buf_init(&t->pool, KA_BUF_UNLIMITED);
	t->nslots = 1024;
	t->slots = ka_xcalloc(t->nslots, sizeof(*t->slots));
}

static void intern_release(struct intern *t)
{
	ka_buf_release(&t->pool);
	free(t->off);
	free(t->len);
	free(t->hash);
	free(t->slots);
}

static void intern_grow(struct intern *t)
{
	uint32_t i, mask;

	free(t->slots);
	t->nslots *= 2;
	mask = t->nslots - 1;
	t->slots = ka_xcalloc(t->nslots, sizeof(*t->slots));
	for (i = 0; i < t->n; i++) {
		uint32_t k = t->hash[i] & mask;

		while (t->slots[k])
			k = (k + 1) & mask;
		t->slots[k] = i + 1;
	}
}

static uint32_t intern_add(struct intern *t, const char *s, size_t n)
{
	uint32_t h = hash_bytes(s, n), mask = t->nslots - 1, k = h & mask;

	while (t->slots[k]) {
		uint32_t id = t->slots[k] - 1;

		if (t->hash[id] == h && t->len[id] == n && !memcmp(t->pool.data + t->off[id], s, n))
			return id;
		k = (k + 1) & mask;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->off = ka_xreallocarray(t->off, t->cap, sizeof(*t->off));
		t->len = ka_xreallocarray(t->len, t->cap, sizeof(*t->len));
		t->hash = ka_xreallocarray(t->hash, t->cap, sizeof(*t->hash));
	}
	t->off[t->n] = (uint32_t)t->pool.len;
	t->len[t->n] = (uint32_t)n;
	t->hash[t->n] = h;
	ka_buf_add(&t->pool, s, n);
	t->slots[k] = t->n + 1;
	t->n++;
	if (t->n * 2 > t->nslots)
		intern_grow(t);
	return t->n - 1;
}

/* ---- sorting the interned words ---- */

struct sort_item {
	const char *s;
	uint32_t len, id;
};

static int cmp_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The words of `t` sorted into `out`; rank[id] = the word's place in `out` (caller frees). */
static uint32_t *sort_words(const struct intern *t, struct ka_search_words *out)
{
	struct sort_item *it = ka_xreallocarray(NULL, t->n ? t->n : 1, sizeof(*it));
	uint32_t *rank = ka_xreallocarray(NULL, t->n ? t->n : 1, sizeof(*rank)), i, at = 0;

	for (i = 0; i < t->n; i++)
		it[i] = (struct sort_item){t->pool.data + t->off[i], t->len[i], i};
	qsort(it, t->n, sizeof(*it), cmp_item);
	out->n = t->n;
	out->pool = ka_xmalloc(t->pool.len ? t->pool.len : 1);
	out->off = ka_xreallocarray(NULL, t->n ? t->n : 1, sizeof(*out->off));
	out->len = ka_xreallocarray(NULL, t->n ? t->n : 1, sizeof(*out->len));
	for (i = 0; i < t->n; i++) {
		memcpy(out->pool + at, it[i].s, it[i].len);
		out->off[i] = at;
		out->len[i] = it[i].len;
		at += it[i].len;
		rank[it[i].id] = i;
	}
	free(it);
	return rank;
}

static void words_free(struct ka_search_words *w)
{
	free(w->pool);
	free(w->off);
	free(w->len);
}

/* ---- reading the documents ---- */

struct occ {
	uint32_t word, doc;
	uint8_t title;
};

struct build {
	struct intern low;
	struct intern groups;  /* "process_id title" of element documents */
	uint32_t *group_first; /* per group: its first document */
	uint32_t group_cap;
	struct ka_buf key;
	struct occ *occ;
	size_t nocc, cap;
	uint32_t doc;
	uint8_t title;
	uint32_t doclen;
	struct ka_buf tmp;
};

static void on_word(const char *w, size_t n, void *ctx)
{
	struct build *b = ctx;

	if (n > KA_SEARCH_INDEX_MAX_WORD)
		return;
	ka_search_lower(w, n, &b->tmp);
	if (b->nocc == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->occ = ka_xreallocarray(b->occ, b->cap, sizeof(*b->occ));
	}
	b->occ[b->nocc++] =
	    (struct occ){intern_add(&b->low, b->tmp.data, b->tmp.len), b->doc, b->title};
	b->doclen++;
}

static uint8_t kind_of(const char *kind)
{
	uint8_t i;

	for (i = 0; kind && i < 5; i++)
		if (!strcmp(kind, ka_search_index_kinds[i]))
			return i;
	return 255;
}

/* `v` (text, or NULL) into the snapshot's pool, at most `chars` UTF-8 characters of it. */
static struct ka_search_span put_text(struct ka_search_snap *s, const struct ka_val *v,
                                      size_t chars)
{
	struct ka_search_span sp = {s->text.len, UINT32_MAX};
	size_t n = 0, k = 0;

	if (v->type != KA_VAL_TEXT)
		return sp;
	while (n < v->len && n < UINT32_MAX - 4) { /* whole characters up to the limit */
		if (((unsigned char)v->s[n] & 0xc0) != 0x80 && k++ == chars)
			break;
		n++;
	}
	ka_buf_add(&s->text, v->s, n);
	sp.len = (uint32_t)n;
	return sp;
}

/* The names (nb, sv, en) of every row of `table` by id. */
static int read_names(struct ka_store *st, struct ka_search_snap *s, const char *sql,
                      struct ka_search_names *out, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i, k;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, sql, NULL, 0, &r, diag);
	if (!err) {
		out->n = r.nrows;
		out->id = ka_xreallocarray(NULL, r.nrows ? r.nrows : 1, sizeof(*out->id));
		out->name = ka_xreallocarray(NULL, r.nrows ? r.nrows : 1, sizeof(*out->name));
		for (i = 0; i < r.nrows; i++) {
			out->id[i] = ka_rows_at(&r, i, 0)->i;
			for (k = 0; k < 3; k++)
				out->name[i][k] = put_text(s, ka_rows_at(&r, i, 1 + k), SIZE_MAX);
		}
	}
	ka_rows_release(&r);
	return err;
}

#define READ_BATCH 4096 /* documents read per statement: a small result set, reused */

static void add_doc(struct ka_search_snap *s, struct build *b, const struct ka_rows *r, size_t i,
                    double *words)
{
	const struct ka_val *title = ka_rows_at(r, i, 3), *body = ka_rows_at(r, i, 4);
	const struct ka_val *process = ka_rows_at(r, i, 5), *ref = ka_rows_at(r, i, 6);
	int64_t vis = ka_rows_at(r, i, 2)->i;
	uint32_t d = s->ndocs++;

	if (d % READ_BATCH == 0) {
		size_t cap = (size_t)d + READ_BATCH;

		s->doc_id = ka_xreallocarray(s->doc_id, cap, sizeof(*s->doc_id));
		s->doc = ka_xreallocarray(s->doc, cap, sizeof(*s->doc));
		s->doc_ref = ka_xreallocarray(s->doc_ref, cap, sizeof(*s->doc_ref));
		s->doc_process = ka_xreallocarray(s->doc_process, cap, sizeof(*s->doc_process));
		s->doc_title = ka_xreallocarray(s->doc_title, cap, sizeof(*s->doc_title));
		s->doc_body = ka_xreallocarray(s->doc_body, cap, sizeof(*s->doc_body));
		s->doc_names = ka_xreallocarray(s->doc_names, cap, sizeof(*s->doc_names));
	}
	s->doc_ref[d] = ref->i;
	s->doc_process[d] = process->type == KA_VAL_INT ? process->i : 0;
	s->doc_title[d] = put_text(s, title, SIZE_MAX);
	s->doc_body[d] = put_text(s, body, KA_SEARCH_INDEX_BODY);
	s->doc_names[d] = put_text(s, ka_rows_at(r, i, 7), SIZE_MAX);
	s->doc_id[d] = ka_rows_at(r, i, 0)->i;
	s->doc[d].kind = kind_of(ka_rows_at(r, i, 1)->s);
	s->doc[d].vis = (uint8_t)(vis < 0 ? 0 : vis > 255 ? 255 : vis);
	s->doc[d].group = d;
	if (s->doc[d].kind == 1 && process->type == KA_VAL_INT && title->type == KA_VAL_TEXT) {
		uint32_t g, n = b->groups.n;

		ka_buf_reset(&b->key);
		ka_buf_addf(&b->key, "%lld ", (long long)process->i);
		ka_buf_add(&b->key, title->s, title->len);
		g = intern_add(&b->groups, b->key.data, b->key.len);
		if (g == n) { /* a new group: this document is its first */
			if (g == b->group_cap) {
				b->group_cap = b->group_cap ? b->group_cap * 2 : 1024;
				b->group_first = ka_xreallocarray(b->group_first, b->group_cap,
				                                  sizeof(*b->group_first));
			}
			b->group_first[g] = d;
		}
		s->doc[d].group = b->group_first[g];
	}
	b->doc = d;
	b->doclen = 0;
	b->title = 1;
	if (title->type == KA_VAL_TEXT)
		ka_search_words_each(title->s, title->len, on_word, b);
	b->title = 0;
	if (body->type == KA_VAL_TEXT)
		ka_search_words_each(body->s, body->len, on_word, b);
	s->doc[d].len = (uint16_t)(b->doclen > 65535 ? 65535 : b->doclen);
	*words += b->doclen;
}

/* Every document in id order, READ_BATCH at a time. */
static int read_docs(struct ka_store *st, struct ka_search_snap *s, struct build *b,
                     struct ka_diag *diag)
{
	struct ka_rows r;
	struct ka_val p[2];
	double words = 0;
	int64_t after = INT64_MIN;
	size_t i;
	int err;

	ka_rows_init(&r);
	do {
		p[0] = ka_int(after);
		p[1] = ka_int(READ_BATCH);
		ka_rows_release(&r);
		ka_rows_init(&r);
		err = ka_store_exec(st,
		                    "SELECT d.id, d.kind, d.vis, d.title, d.body, d.process_id,"
		                    " d.ref_id, me.names FROM search_docs d"
		                    " LEFT JOIN map_elements me ON d.kind = 'element'"
		                    " AND me.id = d.ref_id WHERE d.id > ? ORDER BY d.id LIMIT ?",
		                    p, 2, &r, diag);
		for (i = 0; !err && i < r.nrows; i++)
			add_doc(s, b, &r, i, &words);
		if (r.nrows)
			after = ka_rows_at(&r, r.nrows - 1, 0)->i;
	} while (!err && r.nrows == READ_BATCH);
	s->avgdl = s->ndocs && words > 0 ? words / (double)s->ndocs : 1.0;
	ka_rows_release(&r);
	return err;
}

/* Postings per lower-case word (sorted ids), each document once with its weighted count. */
static void build_postings(struct ka_search_snap *s, const struct build *b, const uint32_t *rank)
{
	uint32_t n = s->low.n, i, *start = ka_xcalloc((size_t)n + 1, sizeof(*start));
	struct occ *sorted = ka_xreallocarray(NULL, b->nocc ? b->nocc : 1, sizeof(*sorted));
	size_t k, out = 0;

	for (k = 0; k < b->nocc; k++)
		start[rank[b->occ[k].word] + 1]++;
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (k = 0; k < b->nocc; k++) /* stable: documents stay in order within a word */
		sorted[start[rank[b->occ[k].word]]++] = b->occ[k];
	s->post_off = ka_xcalloc((size_t)n + 1, sizeof(*s->post_off));
	s->post_doc = ka_xreallocarray(NULL, b->nocc ? b->nocc : 1, sizeof(*s->post_doc));
	s->post_f = ka_xreallocarray(NULL, b->nocc ? b->nocc : 1, sizeof(*s->post_f));
	for (k = 0; k < b->nocc; k++) {
		uint32_t w = rank[sorted[k].word], add = sorted[k].title ? 4 : 1;

		if (k && rank[sorted[k - 1].word] == w && sorted[k - 1].doc == sorted[k].doc) {
			uint32_t f = s->post_f[out - 1] + add;

			s->post_f[out - 1] = (uint16_t)(f > 65535 ? 65535 : f);
			continue;
		}
		s->post_doc[out] = sorted[k].doc;
		s->post_f[out] = (uint16_t)add;
		s->post_off[w + 1] = (uint32_t)++out;
	}
	for (i = 0; i < n; i++) /* words are in order: carry each end forward */
		if (s->post_off[i + 1] < s->post_off[i])
			s->post_off[i + 1] = s->post_off[i];
	free(sorted);
	free(start);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The folded words, the lower-case words of each, and the trigrams of the folded words. */
static void build_folds(struct ka_search_snap *s)
{
	struct intern fold;
	struct ka_buf f;
	uint32_t i, *rank, *count;
	uint64_t *tri = NULL;
	size_t ntri = 0, cap = 0, k, out = 0;

	intern_init(&fold);
	ka_buf_init(&f, KA_BUF_UNLIMITED);
	s->low_fold = ka_xreallocarray(NULL, s->low.n ? s->low.n : 1, sizeof(*s->low_fold));
	for (i = 0; i < s->low.n; i++) {
		ka_search_fold(s->low.pool + s->low.off[i], s->low.len[i], &f);
		s->low_fold[i] = intern_add(&fold, f.data, f.len);
	}
	rank = sort_words(&fold, &s->fold);
	count = ka_xcalloc((size_t)s->fold.n + 1, sizeof(*count));
	for (i = 0; i < s->low.n; i++) {
		s->low_fold[i] = rank[s->low_fold[i]];
		count[s->low_fold[i] + 1]++;
	}
	for (i = 0; i < s->fold.n; i++)
		count[i + 1] += count[i];
	s->fold_off = ka_xreallocarray(NULL, (size_t)s->fold.n + 1, sizeof(*s->fold_off));
	memcpy(s->fold_off, count, ((size_t)s->fold.n + 1) * sizeof(*count));
	s->fold_low = ka_xreallocarray(NULL, s->low.n ? s->low.n : 1, sizeof(*s->fold_low));
	for (i = 0; i < s->low.n; i++)
		s->fold_low[count[s->low_fold[i]]++] = i;
	for (i = 0; i < s->fold.n; i++) {
		const unsigned char *w = (const unsigned char *)s->fold.pool + s->fold.off[i];
		uint32_t j;

		for (j = 0; j + 3 <= s->fold.len[i]; j++) {
			if (ntri == cap) {
				cap = cap ? cap * 2 : 1024;
				tri = ka_xreallocarray(tri, cap, sizeof(*tri));
			}
			tri[ntri++] =
			    ((uint64_t)((uint32_t)w[j] << 16 | (uint32_t)w[j + 1] << 8 | w[j + 2])
			     << 32) |
			    i;
		}
	}
	if (ntri) /* no words at all: no array to sort */
		qsort(tri, ntri, sizeof(*tri), cmp_u64);
	s->tri_key = ka_xreallocarray(NULL, ntri ? ntri : 1, sizeof(*s->tri_key));
	s->tri_fold = ka_xreallocarray(NULL, ntri ? ntri : 1, sizeof(*s->tri_fold));
	for (k = 0; k < ntri; k++) {
		if (k && tri[k] == tri[k - 1])
			continue;
		s->tri_key[out] = (uint32_t)(tri[k] >> 32);
		s->tri_fold[out++] = (uint32_t)tri[k];
	}
	s->ntri = (uint32_t)out;
	free(tri);
	free(count);
	free(rank);
	ka_buf_release(&f);
	intern_release(&fold);
}

int ka_search_snap_build(struct ka_store *st, int64_t gen, struct ka_search_snap **out,
                         struct ka_diag *diag)
{
	struct ka_search_snap *s = ka_xcalloc(1, sizeof(*s));
	struct build b;
	uint32_t *rank;
	int err;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	intern_init(&b.low);
	intern_init(&b.groups);
	ka_buf_init(&b.tmp, KA_BUF_UNLIMITED);
	ka_buf_init(&b.key, KA_BUF_UNLIMITED);
	pthread_mutex_init(&s->scratch_lock, NULL);
	s->gen = gen;
	ka_buf_init(&s->text, KA_BUF_UNLIMITED);
	err = read_docs(st, s, &b, diag);
	if (!err)
		err = read_names(st, s,
		                 "SELECT id, name_nb, name_sv, name_en FROM processes ORDER BY id",
		                 &s->procs, diag);
	if (!err)
		err =
		    read_names(st, s, "SELECT id, name_nb, name_sv, name_en FROM roles ORDER BY id",
		               &s->roles, diag);
	if (!err) {
		rank = sort_words(&b.low, &s->low);
		build_postings(s, &b, rank);
		free(rank);
		build_folds(s);
		*out = s;
	} else {
		ka_search_snap_free(s);
	}
	free(b.occ);
	free(b.group_first);
	ka_buf_release(&b.tmp);
	ka_buf_release(&b.key);
	intern_release(&b.low);
	intern_release(&b.groups);
	return err;
}

void ka_search_snap_free(struct ka_search_snap *s)
{
	struct ka_search_scratch *sc, *next;

	if (!s)
		return;
	for (sc = s->scratch; sc; sc = next) {
		next = sc->next;
		free(sc->acc);
		free(sc->word_stamp);
		free(sc->grp);
		free(sc->touched);
		free(sc->cands);
		free(sc);
	}
	pthread_mutex_destroy(&s->scratch_lock);
	free(s->doc_id);
	free(s->doc);
	free(s->doc_ref);
	free(s->doc_process);
	free(s->doc_title);
	free(s->doc_body);
	free(s->doc_names);
	free(s->procs.id);
	free(s->procs.name);
	free(s->roles.id);
	free(s->roles.name);
	ka_buf_release(&s->text);
	words_free(&s->low);
	free(s->low_fold);
	free(s->post_off);
	free(s->post_doc);
	free(s->post_f);
	words_free(&s->fold);
	free(s->fold_off);
	free(s->fold_low);
	free(s->tri_key);
	free(s->tri_fold);
	free(s);
}

/* ---- a page's rows from the snapshot ---- */

/* Index of `id` in the sorted ids[0..n), or n. */
static size_t find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (ids[m] < id)
			a = m + 1;
		else
			b = m;
	}
	return a < n && ids[a] == id ? a : n;
}

static void set_span(const struct ka_search_snap *s, struct ka_val *v, struct ka_search_span sp)
{
	if (sp.len != UINT32_MAX) /* an empty pool may have no buffer at all */
		ka_val_set_text(v, sp.len ? s->text.data + sp.off : "", sp.len);
}

/* Columns nb, sv, en from col of `names`' row `id`; NULL when it has none. */
static void set_names(const struct ka_search_snap *s, struct ka_val *row, int col,
                      const struct ka_search_names *names, int64_t id)
{
	size_t i = id ? find_id(names->id, names->n, id) : names->n, k;

	for (k = 0; i < names->n && k < 3; k++)
		set_span(s, &row[col + (int)k], names->name[i][k]);
}

void ka_search_snap_rows_init(struct ka_rows *out, size_t n)
{
	static const char *const cols[KA_SEARCH_COL_COUNT] = {
	    "kind",    "ref_id",  "process_id", "title",   "snippet", "rank",    "total",
	    "name_nb", "name_sv", "name_en",    "name_nb", "name_sv", "name_en", "names"};
	size_t k;

	ka_rows_set_columns(out, KA_SEARCH_COL_COUNT);
	for (k = 0; k < KA_SEARCH_COL_COUNT; k++)
		ka_rows_set_name(out, k, cols[k]);
	ka_rows_reserve(out, n);
}

bool ka_search_snap_row(const struct ka_search_snap *s, int64_t id, double rank, int64_t total,
                        struct ka_rows *out)
{
	size_t d = find_id(s->doc_id, s->ndocs, id);
	struct ka_val *row;
	uint8_t kind;

	if (d == s->ndocs)
		return false;
	kind = s->doc[d].kind;
	row = ka_rows_add_row(out);
	if (kind < 5)
		ka_val_set_text(&row[KA_SEARCH_COL_KIND], ka_search_index_kinds[kind],
		                strlen(ka_search_index_kinds[kind]));
	row[KA_SEARCH_COL_REF_ID] = ka_int(s->doc_ref[d]);
	if (s->doc_process[d])
		row[KA_SEARCH_COL_PROCESS_ID] = ka_int(s->doc_process[d]);
	set_span(s, &row[KA_SEARCH_COL_TITLE], s->doc_title[d]);
	set_span(s, &row[KA_SEARCH_COL_SNIPPET], s->doc_body[d]);
	row[KA_SEARCH_COL_RANK] = ka_real(rank);
	row[KA_SEARCH_COL_TOTAL] = ka_int(total);
	set_names(s, row, KA_SEARCH_COL_PROCESS_NB, &s->procs, s->doc_process[d]);
	if (kind == 2) /* a role */
		set_names(s, row, KA_SEARCH_COL_ROLE_NB, &s->roles, s->doc_ref[d]);
	set_span(s, &row[KA_SEARCH_COL_ELEMENT_NAMES], s->doc_names[d]);
	return true;
}

/* ---- the index: the newest snapshot, shared by reference ---- */

struct ka_search_index *ka_search_index_new(void)
{
	struct ka_search_index *ix = ka_xcalloc(1, sizeof(*ix));

	pthread_mutex_init(&ix->lock, NULL);
	return ix;
}

void ka_search_index_free(struct ka_search_index *ix)
{
	if (!ix)
		return;
	ka_search_snap_free(ix->cur); /* every reference was given back */
	pthread_mutex_destroy(&ix->lock);
	free(ix);
}

uint64_t ka_search_index_builds(struct ka_search_index *ix)
{
	uint64_t n;

	pthread_mutex_lock(&ix->lock);
	n = ix->builds;
	pthread_mutex_unlock(&ix->lock);
	return n;
}

static void unref_locked(struct ka_search_snap *s)
{
	if (s && !--s->refs)
		ka_search_snap_free(s);
}

int ka_search_index_get(struct ka_search_index *ix, struct ka_store *st,
                        struct ka_search_snap **out, struct ka_diag *diag)
{
	struct ka_search_snap *s = NULL;
	struct ka_rows r;
	int64_t gen;
	int err;

	*out = NULL;
	if (!ix || ka_store_dialect(st) != KA_DIALECT_SQLITE)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT gen FROM search_gen WHERE id = 1", NULL, 0, &r, diag);
	gen = !err && r.nrows == 1 ? ka_rows_at(&r, 0, 0)->i : -1;
	ka_rows_release(&r);
	if (err || gen < 0)
		return err;
	pthread_mutex_lock(&ix->lock);
	if (ix->cur && ix->cur->gen == gen) {
		ix->cur->refs++;
		*out = ix->cur;
	}
	if (*out || ix->building) { /* current, or someone builds: the database answers */
		pthread_mutex_unlock(&ix->lock);
		return 0;
	}
	ix->building = 1;
	pthread_mutex_unlock(&ix->lock);
	err = ka_search_snap_build(st, gen, &s, diag);
	pthread_mutex_lock(&ix->lock);
	ix->building = 0;
	if (!err) {
		ix->builds++;
		s->refs = 1; /* the caller's */
		if (!ix->cur || ix->cur->gen <= gen) {
			unref_locked(ix->cur);
			s->refs++; /* the index's */
			ix->cur = s;
		}
		*out = s;
	}
	pthread_mutex_unlock(&ix->lock);
	return err;
}

void ka_search_index_put(struct ka_search_index *ix, struct ka_search_snap *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&ix->lock);
	unref_locked(s);
	pthread_mutex_unlock(&ix->lock);
}
