/*
 * Rules for the names people give things (user display names, login names,
 * process, unit and page names): text that displays as what it is.
 */
#ifndef KARTLA_TEXT_H
#define KARTLA_TEXT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Whether `s` (UTF-8) is acceptable as a name: valid UTF-8 without control
 * characters (U+0000-U+001F, U+007F-U+009F) and without the invisible
 * characters that make a name display as something else: the bidirectional
 * embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069, the
 * zero-width and direction marks U+200B-U+200F and the byte-order mark
 * U+FEFF. When it is not, *bad (may be NULL) is the first offending code
 * point (U+FFFD for a byte that is not valid UTF-8).
 */
bool ka_text_name_ok(const char *s, uint32_t *bad);

#endif
