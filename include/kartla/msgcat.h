/*
 * The message catalog: the English messages of the library and the server
 * (printf format strings, the msgids) in Norwegian bokmål and Swedish.
 *
 * The translations are data: po/nb.po and po/sv.po (gettext PO files a
 * translator edits), compiled into a constant table at build time by
 * scripts/po2c.py. A translation is a printf-style template whose
 * placeholders name the English message's arguments by position ("%2$s")
 * or in order ("%s"); every placeholder is replaced by that argument's text
 * as the English message formatted it (struct ka_msg_params), so flags and
 * widths in a template are ignored. scripts/i18n_check.py (a meson test)
 * fails when a message passed to ka_diag_set or http_fail* has no nb or sv
 * translation.
 *
 * No state: the tables are constant, every function is pure.
 */
#ifndef KARTLA_MSGCAT_H
#define KARTLA_MSGCAT_H

#include <stddef.h>

#include "kartla/err.h"

/*
 * The language of an HTTP Accept-Language header (or a bare tag): "nb"
 * (also for "no" and "nn"), "sv" or "en", by the highest q-value among
 * those; "en" when none of them is named or `accept` is NULL. Static string.
 */
const char *ka_msgcat_lang(const char *accept);

/* The template of `msgid` in `lang` ("nb", "sv"), or NULL (English, unknown). Static. */
const char *ka_msgcat_lookup(const char *lang, const char *msgid);

/*
 * Fills `tmpl`'s placeholders with params[0..n) into out (always
 * NUL-terminated, cut at outsz). Returns 0, or -1 when a placeholder is
 * malformed or names a param beyond n (out is then unspecified).
 */
int ka_msgcat_fill(char *out, size_t outsz, const char *tmpl, const char *const *params, size_t n);

/*
 * `msgid` with `params` in `lang`: the translation when there is one and it
 * fills, else the English msgid filled. Returns 0, or -1 when not even the
 * English fills (out unspecified).
 */
int ka_msgcat_render(char *out, size_t outsz, const char *lang, const char *msgid,
                     const char *const *params, size_t n);

/*
 * A message made by printf from `msgid` and `params`, in `lang`: rendered
 * from them when they still give `english` (a message rewritten since keeps
 * its text), else `english` as it is. msgid may be NULL (then `english`).
 */
void ka_msg_render(char *out, size_t outsz, const char *lang, const char *msgid,
                   const struct ka_msg_params *params, const char *english);

/*
 * A diag's message in `lang`: rendered from its msgid and params when they
 * still give its English message (a message written some other way keeps
 * its text), else the English message as it is.
 */
void ka_diag_render(const struct ka_diag *d, const char *lang, char *out, size_t outsz);

#endif
