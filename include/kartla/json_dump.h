/*
 * Writing jansson values as JSON text, fast: the same bytes as jansson's
 * json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) — keys in insertion
 * order, '/' and non-ASCII unescaped, control characters as \uXXXX — for
 * the server's answers, where jansson's writer was a third of a request.
 */
#ifndef KARTLA_JSON_DUMP_H
#define KARTLA_JSON_DUMP_H

#include <jansson.h>

#include "kartla/buf.h"

/*
 * Appends `j` to `out`. 0, KA_ERR_USAGE for a value of unknown type, or the
 * buffer's sticky error (KA_ERR_TOO_BIG when a capped `out` overflowed).
 */
int ka_json_dump(const json_t *j, struct ka_buf *out);

#endif
