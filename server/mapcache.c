/*
 * The current-map answer cache (mapcache.h): a direct-mapped table of
 * reference-counted entries, one slot per version id modulo the table size,
 * with a byte cap enforced by evicting slots round-robin.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "mapcache.h"
#include "kartla/banned.h"

#define MAPCACHE_SLOTS 4096

struct mapcache {
	pthread_mutex_t lock;
	struct mapcache_entry *slots[MAPCACHE_SLOTS]; /* each holds one reference */
	size_t bytes, max_bytes;
	size_t cursor; /* the next slot to evict when over the cap */
};

struct mapcache *mapcache_new(size_t max_bytes)
{
	struct mapcache *c = ka_xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

void mapcache_free(struct mapcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < MAPCACHE_SLOTS; i++)
		mapcache_release(c->slots[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

struct mapcache_entry *mapcache_entry_new(int64_t vid, int64_t rowver, char *json, size_t json_len)
{
	struct mapcache_entry *e = ka_xcalloc(1, sizeof(*e));

	e->vid = vid;
	e->rowver = rowver;
	e->json = json;
	e->json_len = json_len;
	e->bytes = sizeof(*e) + json_len;
	atomic_init(&e->refs, 1);
	return e;
}

void mapcache_entry_add_call(struct mapcache_entry *e, const char *element_id, const char *called)
{
	e->calls = ka_xreallocarray(e->calls, 2 * (e->ncalls + 1), sizeof(*e->calls));
	e->calls[2 * e->ncalls] = ka_xstrdup(element_id);
	e->calls[2 * e->ncalls + 1] = ka_xstrdup(called);
	e->ncalls++;
	e->bytes += strlen(element_id) + strlen(called) + 2 + 2 * sizeof(char *);
}

void mapcache_release(struct mapcache_entry *e)
{
	size_t i;

	if (!e || atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	for (i = 0; i < 2 * e->ncalls; i++)
		free(e->calls[i]);
	free(e->calls);
	free(e->json);
	free(e);
}

struct mapcache_entry *mapcache_get(struct mapcache *c, int64_t vid, int64_t rowver)
{
	struct mapcache_entry *e;

	pthread_mutex_lock(&c->lock);
	e = c->slots[(uint64_t)vid % MAPCACHE_SLOTS];
	if (e && e->vid == vid && e->rowver == rowver)
		atomic_fetch_add(&e->refs, 1);
	else
		e = NULL;
	pthread_mutex_unlock(&c->lock);
	return e;
}

/* Empties slot i; the caller holds the lock. */
static void evict(struct mapcache *c, size_t i)
{
	if (!c->slots[i])
		return;
	c->bytes -= c->slots[i]->bytes;
	mapcache_release(c->slots[i]);
	c->slots[i] = NULL;
}

void mapcache_put(struct mapcache *c, struct mapcache_entry *e)
{
	size_t slot = (size_t)((uint64_t)e->vid % MAPCACHE_SLOTS), n;

	/* One map may take an eighth of the cache at most. */
	if (e->bytes > c->max_bytes / 8)
		return;
	pthread_mutex_lock(&c->lock);
	evict(c, slot);
	for (n = 0; c->bytes + e->bytes > c->max_bytes && n < MAPCACHE_SLOTS; n++) {
		evict(c, c->cursor);
		c->cursor = (c->cursor + 1) % MAPCACHE_SLOTS;
	}
	atomic_fetch_add(&e->refs, 1);
	c->slots[slot] = e;
	c->bytes += e->bytes;
	pthread_mutex_unlock(&c->lock);
}
