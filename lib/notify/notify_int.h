/*
 * Private to lib/notify.
 */
#ifndef KARTLA_NOTIFY_INT_H
#define KARTLA_NOTIFY_INT_H

#include <stdbool.h>

/* Whether s is "nb", "sv" or "en". */
bool notify_lang_valid(const char *s);

#endif
