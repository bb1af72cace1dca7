/*
 * The organisation side of the portfolio: role scheme presets (university,
 * municipality, generic), who counts as a facilitator, the mapping
 * assignment's status machine, the templates as validated forms, and the
 * handbook's Markdown. The server's api_org / api_handbook / api_forms /
 * api_assignments call these; the CLI may too.
 *
 * Ownership: returned strings and tables are static; json_t results are new
 * references owned by the caller.
 */
#ifndef KARTLA_ORG_H
#define KARTLA_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* True when `s` is one of the values of `list`, written "a|b|c" (NULL: none). */
bool ka_enum_has(const char *list, const char *s);

#endif
