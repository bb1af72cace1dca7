/*
 * The id table: id -> model element. Two open-addressing tables, picked by the
 * top bit of an id's hash, so that two threads can enter a big map's ids at
 * once, each into its own half (ka_idmap_put_all); one thread sees one table.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/hash.h"
#include "model_int.h"
#include "kartla/banned.h"

/* Each slot keeps the full hash and the id pointer next to the element: a probe touches one slot.
 */
struct idslot {
	uint64_t hash;
	const char *id;
	struct ka_el *el; /* NULL: empty */
};

struct idtab {
	struct idslot *slots;
	size_t cap; /* power of two */
	size_t n;
};

struct ka_idmap {
	struct idtab half[2]; /* by the hash's top bit */
};

static uint64_t hash_str(const char *s)
{
	return ka_hash_bytes(s, strlen(s));
}

static struct idtab *tab_of(const struct ka_idmap *m, uint64_t h)
{
	return (struct idtab *)&m->half[h >> 63];
}

struct ka_idmap *ka_idmap_new(size_t hint)
{
	struct ka_idmap *m = ka_xcalloc(1, sizeof(*m));
	int k;

	for (k = 0; k < 2; k++) {
		struct idtab *t = &m->half[k];

		t->cap = 64;
		while (t->cap < hint) /* each half takes about half the ids, at most half full */
			t->cap *= 2;
		t->slots = ka_xcalloc_big(t->cap, sizeof(*t->slots));
	}
	return m;
}

void ka_idmap_free(struct ka_idmap *m)
{
	if (!m)
		return;
	free(m->half[0].slots);
	free(m->half[1].slots);
	free(m);
}

/* The slot holding `id` (hash h), or the empty slot where it would go. */
static struct idslot *probe(const struct idtab *t, const char *id, uint64_t h)
{
	size_t i = h & (t->cap - 1);

	while (t->slots[i].el && (t->slots[i].hash != h || strcmp(t->slots[i].id, id)))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static void grow(struct idtab *t)
{
	struct idslot *old = t->slots;
	size_t oldcap = t->cap, i;

	t->cap *= 2;
	t->slots = ka_xcalloc_big(t->cap, sizeof(*t->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].el) {
			size_t k = old[i].hash & (t->cap - 1);

			while (t->slots[k].el)
				k = (k + 1) & (t->cap - 1);
			t->slots[k] = old[i];
		}
	}
	free(old);
}

/* ka_idmap_put into one half, with el's hash h. */
static struct ka_el *tab_put(struct idtab *t, struct ka_el *el, uint64_t h)
{
	struct idslot *s;

	if ((t->n + 1) * 4 > t->cap * 3)
		grow(t);
	s = probe(t, el->id, h);
	if (s->el)
		return s->el;
	s->hash = h;
	s->id = el->id;
	s->el = el;
	t->n++;
	return NULL;
}

struct ka_el *ka_idmap_put(struct ka_idmap *m, struct ka_el *el)
{
	uint64_t h = hash_str(el->id);

	return tab_put(tab_of(m, h), el, h);
}

struct ka_el *ka_idmap_get(const struct ka_idmap *m, const char *id)
{
	uint64_t h;

	if (!m || !id)
		return NULL;
	h = hash_str(id);
	return probe(tab_of(m, h), id, h)->el;
}

/* One worker of ka_idmap_put_all: the ids of one half of the table, in element order. */
struct put_half {
	struct idtab *t;
	unsigned half;
	struct ka_el *const *els;
	size_t n;
	bool first_only;
	struct ka_iddup *dups; /* in element order */
	size_t ndups, alloc;
	pthread_t thread;
};

static void *put_half_main(void *arg)
{
	struct put_half *w = arg;
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct ka_el *el = w->els[i], *prev;
		uint64_t h;

		if (!el->id)
			continue;
		h = hash_str(el->id);
		if ((h >> 63) != w->half)
			continue;
		prev = tab_put(w->t, el, h);
		if (!prev)
			continue;
		if (w->ndups == w->alloc) {
			w->alloc = w->alloc ? 2 * w->alloc : 8;
			w->dups = ka_xreallocarray(w->dups, w->alloc, sizeof(*w->dups));
		}
		w->dups[w->ndups].later = el;
		w->dups[w->ndups].earlier = prev;
		/* a modelled element takes the id from a supporting one (see model_int.h) */
		w->dups[w->ndups].later_wins = prev->kind == KA_K_OTHER && el->kind != KA_K_OTHER;
		if (w->dups[w->ndups].later_wins) {
			struct idslot *s = probe(w->t, el->id, h);

			s->el = el;
			s->id = el->id;
		}
		w->ndups++;
		if (w->first_only)
			break;
	}
	return NULL;
}

struct ka_iddup *ka_idmap_put_all(struct ka_idmap *m, struct ka_el *const *els, size_t n,
                                  bool two_threads, bool first_only, size_t *ndups)
{
	struct put_half w[2];
	struct ka_iddup *out;
	size_t a = 0, b = 0, k = 0;
	int started = 0, i;

	for (i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].t = &m->half[i];
		w[i].half = (unsigned)i;
		w[i].els = els;
		w[i].n = n;
		w[i].first_only = first_only;
	}
	if (two_threads)
		started = !pthread_create(&w[1].thread, NULL, put_half_main, &w[1]);
	put_half_main(&w[0]);
	if (started)
		pthread_join(w[1].thread, NULL);
	else
		put_half_main(&w[1]);
	/* both lists are in element order: merged, they are in the order one pass finds them */
	*ndups = w[0].ndups + w[1].ndups;
	out = ka_xreallocarray(NULL, *ndups ? *ndups : 1, sizeof(*out));
	while (a < w[0].ndups || b < w[1].ndups) {
		if (b == w[1].ndups ||
		    (a < w[0].ndups && w[0].dups[a].later->index < w[1].dups[b].later->index))
			out[k++] = w[0].dups[a++];
		else
			out[k++] = w[1].dups[b++];
	}
	free(w[0].dups);
	free(w[1].dups);
	if (first_only && *ndups > 1)
		*ndups = 1;
	return out;
}
