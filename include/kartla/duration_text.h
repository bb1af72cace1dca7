/*
 * Durations as people write them: "3 dagar", "2 veckor", "1,5 h", "45 min",
 * "2 timmar 30 min", "3 dager", "1 uke", "½ dag", "3 days", "PT2H30M".
 *
 * The map file keeps ISO 8601 (kartla:processTime value="P3D"); this module
 * turns a person's text into that ISO text and back. Each unit keeps its
 * designator (a day stays D, a week W), so the lead-time code gives the text
 * the same meaning it gives the ISO value: on the working basis a day is a
 * working day and a week a working week (lib/leadtime/leadtime_dist.c).
 *
 * Accepted, case-insensitive, in any of nb, sv and en whatever the language
 * (lang only chooses the language of messages and of formatted text):
 *   - ISO 8601 as ka_duration_parse accepts it (p3d is read as P3D);
 *   - one or more "<number> <unit>" parts, each unit at most once, in any
 *     order, optionally joined by "og", "och", "and", "+" or ", ";
 *     a number is digits with a decimal comma or point, "½" or "1½";
 *   - a lone number without unit: minutes (what the editor always took).
 * The JavaScript twin is web/src/duration.js; tests/data/durations/durations.json
 * is the one table both are tested against.
 */
#ifndef KARTLA_DURATION_TEXT_H
#define KARTLA_DURATION_TEXT_H

#include <stddef.h>

#include "kartla/err.h"

enum {
	KA_DURATION_TEXT_MAX_IN = 200, /* longer input is refused */
	KA_DURATION_TEXT_ISO = 96      /* room for any ISO text the parser makes */
};

struct ka_duration_text {
	char iso[KA_DURATION_TEXT_ISO]; /* e.g. "P1WT2H30M"; W, D, H, M, S in order */
	double seconds;                 /* nominal: a day 86400 s, a week 7 days */
};

/*
 * Reads text s in language lang ("nb", "sv", "en"; anything else is English)
 * into *out. Returns 0, or KA_ERR_INVALID with diag's message in lang naming
 * the part not understood (field "duration"). s may be any bytes up to a NUL.
 */
int ka_duration_text_parse(struct ka_duration_text *out, const char *s, const char *lang,
                           struct ka_diag *diag);

/*
 * Writes an ISO 8601 duration that ka_duration_parse accepts as people read it
 * in lang ("3 dagar", "2 timmar 30 min", "1,5 timer", "½ dag") into out (cap
 * bytes, always NUL-terminated when cap > 0). Returns 0, KA_ERR_BPMN when iso
 * is not a valid duration, or KA_ERR_TOO_BIG when out is too small.
 */
int ka_duration_text_format(char *out, size_t cap, const char *iso, const char *lang);

#endif
