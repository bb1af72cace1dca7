/*
 * The answer cache for current maps: the part of GET
 * /api/processes/{id}/maps/current that follows from one map version row
 * alone (the version's fields, BPMN, findings, specification and model JSON),
 * serialised once and shared by every request that asks for that version.
 *
 * An entry is keyed by the version id and the row's `version` counter, which
 * every UPDATE of map_versions bumps; so a stale entry is never found, only
 * replaced. What depends on other rows (links to child processes, approvals
 * and comments) is not cached: the handler adds it per request.
 *
 * Thread-safe: one mutex guards the slots; entries are reference-counted
 * (atomically), so a request keeps its entry alive while MHD sends it even
 * when another request evicts it meanwhile.
 */
#ifndef KARTLA_SERVER_MAPCACHE_H
#define KARTLA_SERVER_MAPCACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct mapcache;

struct mapcache_entry {
	int64_t vid, rowver;
	char *json; /* the answer object without its closing '}' (owned) */
	size_t json_len;
	char **calls; /* element id, called element: 2 * ncalls strings (owned) */
	size_t ncalls;
	size_t bytes; /* what the entry costs, for the cache's cap */
	atomic_int refs;
};

/* A new cache holding at most `max_bytes` of entries; free with mapcache_free. */
struct mapcache *mapcache_new(size_t max_bytes);
void mapcache_free(struct mapcache *c);

/*
 * A new entry owning `json` (malloc'd, json_len bytes) with no calls yet;
 * add them with mapcache_entry_add_call. The caller holds the one reference.
 */
struct mapcache_entry *mapcache_entry_new(int64_t vid, int64_t rowver, char *json, size_t json_len);
void mapcache_entry_add_call(struct mapcache_entry *e, const char *element_id, const char *called);

/* A reference to the entry for (vid, rowver), or NULL. */
struct mapcache_entry *mapcache_get(struct mapcache *c, int64_t vid, int64_t rowver);

/*
 * Offers the caller's entry to the cache, which takes a reference of its own
 * when the entry fits (the caller keeps its reference either way). Replaces
 * any older entry of the same version.
 */
void mapcache_put(struct mapcache *c, struct mapcache_entry *e);

/* Drops one reference; the last frees the entry. NULL is ignored. */
void mapcache_release(struct mapcache_entry *e);

#endif
