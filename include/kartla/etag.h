/*
 * Entity tags for rows: the tag of a row without a version column, and
 * whether an If-Match header names a tag. One implementation for the
 * library's resources, the accounts and the server (rows with a version
 * column use "v<N>" and compare numbers instead).
 */
#ifndef KARTLA_ETAG_H
#define KARTLA_ETAG_H

#include <stdbool.h>
#include <stddef.h>

#include "kartla/store.h"

#define KA_ETAG_LEN 32 /* "h" + 16 hex digits and the NUL fit */

/*
 * The tag of row `r` ("h" + 16 hex digits of a BLAKE2b hash of every value
 * with its type), so any change to the row changes it.
 */
void ka_etag_row(char out[KA_ETAG_LEN], const struct ka_rows *rows, size_t r);

/*
 * Whether the If-Match header `if_match` names `tag` (without quotes):
 * `*` matches any; a list matches when one strong tag equals `tag`; a weak
 * tag (W/"...") never matches (strong comparison, RFC 9110 13.1.1); a
 * malformed header matches nothing.
 */
bool ka_etag_matches(const char *if_match, const char *tag);

#endif
