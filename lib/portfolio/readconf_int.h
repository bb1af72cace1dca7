/* Shared between readconf.c and readconf_remind.c; not a public header. */
#ifndef KARTLA_READCONF_INT_H
#define KARTLA_READCONF_INT_H

#include <jansson.h>

#include "kartla/store.h"

/* Runs fn in a read transaction of its own (or the caller's when one is open). */
int readconf_read(struct ka_store *st, int (*fn)(struct ka_store *, void *, struct ka_diag *),
                  void *ctx, struct ka_diag *diag);

/* A text value as a new JSON string, anything else as null. */
json_t *readconf_text(const struct ka_val *v);

#endif
