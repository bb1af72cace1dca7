/*
 * The library's one string hash, for its open-addressing tables (interned
 * XML names in xml_read.c, element ids in model.c): eight bytes at a time,
 * since names and ids are often long and alike ("sid-…", "Activity_12345").
 * Internal to libkartla: not part of the API.
 */
#ifndef KARTLA_LIB_HASH_H
#define KARTLA_LIB_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t ka_hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;

	while (len >= 8) {
		uint64_t v;

		memcpy(&v, s, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	if (len) {
		uint64_t v = 0;

		memcpy(&v, s, len);
		h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
		h ^= h >> 29;
	}
	return h;
}

#endif
