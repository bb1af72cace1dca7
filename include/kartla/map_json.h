/* The model as JSON (schema in docs/json.md), shared by the CLI, server and browser. */
#ifndef KARTLA_MAP_JSON_H
#define KARTLA_MAP_JSON_H

#include <jansson.h>

#include "kartla/buf.h"
#include "kartla/model.h"

/* A new JSON object describing the map (caller owns: json_decref). */
json_t *ka_map_to_json(const struct ka_map *m);

/* Appends the JSON text of the map (one space per level, keys in fixed order, reals with 15
 * significant digits). */
int ka_map_json_write(const struct ka_map *m, struct ka_buf *out);

#endif
