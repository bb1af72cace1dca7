/*
 * Private to lib/eventlog: the Petri net token replay runs on
 * (eventlog_net.c builds it from a map, eventlog_replay.c replays cases on
 * it). The net is described at the top of eventlog_replay.c.
 */
#ifndef KARTLA_EVENTLOG_NET_H
#define KARTLA_EVENTLOG_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "kartla/eventlog_map.h"

#define MAX_PLACES 8192
#define MAX_TRANS  16384
#define NONE       UINT32_MAX

struct trans {
	uint32_t *pre, *post;
	uint32_t npre, npost;
	bool silent;
};

struct net {
	struct trans *t;
	uint32_t nt, talloc, np;
	uint32_t source, sink;
	uint32_t *vis;     /* per element: its transition, or NONE */
	size_t pw, tw;     /* words of a place / transition bitset */
	uint64_t *back_t;  /* per place: silent transitions that lead to it silently */
	uint64_t *back_p;  /* per place: places from which it is reached silently (itself too) */
	uint64_t *fwd;     /* per transition: places reachable after it */
	uint64_t *ptr_tmp; /* scratch */
};

static inline bool ka_net_bit(const uint64_t *b, size_t i)
{
	return (b[i / 64] >> (i % 64)) & 1;
}

static inline void ka_net_set_bit(uint64_t *b, size_t i)
{
	b[i / 64] |= (uint64_t)1 << (i % 64);
}

/* Builds the net of `map` (visible transitions for the elements `m` maps to); KA_ERR_LIMIT. */
int ka_net_build(struct net *n, const struct ka_map *map, const struct ka_eventlog_mapping *m,
                 struct ka_diag *diag);
void ka_net_free(struct net *n);

#endif
