/*
 * Durations as people write them, to and from ISO 8601 (see
 * include/kartla/duration_text.h). Its twin for the browser is
 * web/src/duration.js; both are tested against tests/data/durations/durations.json.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/duration_text.h"
#include "kartla/banned.h"

enum { U_WEEK, U_DAY, U_HOUR, U_MIN, U_SEC, U_COUNT };

#define MAX_SECONDS 1e10 /* about 317 years: anything longer is a typing error */
#define NUM_MAX     63   /* digits and decimal sign of one number, as in ISO 8601 */

static const char designator[U_COUNT] = {'W', 'D', 'H', 'M', 'S'};

/* Every unit word, lower case, in nb, sv and en (definite and plural forms too). */
static const struct {
	const char *word;
	int unit;
} words[] = {
    {"w", U_WEEK},       {"wk", U_WEEK},       {"wks", U_WEEK},       {"week", U_WEEK},
    {"weeks", U_WEEK},   {"v", U_WEEK},        {"vecka", U_WEEK},     {"veckor", U_WEEK},
    {"veckan", U_WEEK},  {"veckorna", U_WEEK}, {"uke", U_WEEK},       {"uker", U_WEEK},
    {"uka", U_WEEK},     {"uken", U_WEEK},     {"ukene", U_WEEK},     {"d", U_DAY},
    {"dag", U_DAY},      {"dagar", U_DAY},     {"dager", U_DAY},      {"dagen", U_DAY},
    {"dagarna", U_DAY},  {"dagene", U_DAY},    {"dgr", U_DAY},        {"day", U_DAY},
    {"days", U_DAY},     {"døgn", U_DAY},      {"dygn", U_DAY},       {"h", U_HOUR},
    {"t", U_HOUR},       {"tim", U_HOUR},      {"time", U_HOUR},      {"timer", U_HOUR},
    {"timen", U_HOUR},   {"timene", U_HOUR},   {"timme", U_HOUR},     {"timmar", U_HOUR},
    {"timmen", U_HOUR},  {"timmarna", U_HOUR}, {"hour", U_HOUR},      {"hours", U_HOUR},
    {"hr", U_HOUR},      {"hrs", U_HOUR},      {"min", U_MIN},        {"mins", U_MIN},
    {"minutt", U_MIN},   {"minutter", U_MIN},  {"minutten", U_MIN},   {"minuttene", U_MIN},
    {"minut", U_MIN},    {"minuter", U_MIN},   {"minuten", U_MIN},    {"minuterna", U_MIN},
    {"minute", U_MIN},   {"minutes", U_MIN},   {"s", U_SEC},          {"sek", U_SEC},
    {"sec", U_SEC},      {"secs", U_SEC},      {"sekund", U_SEC},     {"sekunder", U_SEC},
    {"sekunden", U_SEC}, {"sekundene", U_SEC}, {"sekunderna", U_SEC}, {"second", U_SEC},
    {"seconds", U_SEC},
};

/* Words that may join two parts ("2 timmar och 30 min"). */
static const char *const joiners[] = {"og", "och", "and", "+", ","};

enum msg { M_UNKNOWN, M_TWICE, M_NO_UNIT, M_EMPTY, M_LARGE, M_ISO };

/* Messages per language: nb, sv, en. Each %s is the part not understood. */
static const char *const messages[][3] = {
    [M_UNKNOWN] = {"«%s» forstås ikke: skriv f.eks. 3 dager, 2 timer 30 min eller PT2H30M",
                   "”%s” förstås inte: skriv t.ex. 3 dagar, 2 timmar 30 min eller PT2H30M",
                   "'%s' is not understood: write e.g. 3 days, 2 hours 30 min or PT2H30M"},
    [M_TWICE] = {"«%s» står to ganger", "”%s” står två gånger", "'%s' is given twice"},
    [M_NO_UNIT] = {"tallet «%s» mangler enhet (f.eks. dager, timer eller min)",
                   "talet ”%s” saknar enhet (t.ex. dagar, timmar eller min)",
                   "the number '%s' has no unit (such as days, hours or min)"},
    [M_EMPTY] = {"ingen tid oppgitt%s", "ingen tid angiven%s", "no duration given%s"},
    [M_LARGE] = {"«%s» er for langt eller for stort", "”%s” är för långt eller för stort",
                 "'%s' is too long or too large"},
    [M_ISO] = {"«%s» er ingen gyldig ISO 8601-varighet (f.eks. PT2H30M eller P3D)",
               "”%s” är ingen giltig ISO 8601-tid (t.ex. PT2H30M eller P3D)",
               "'%s' is not a valid ISO 8601 duration (such as PT2H30M or P3D)"},
};

static int lang_index(const char *lang)
{
	if (lang && !strncmp(lang, "nb", 2))
		return 0;
	if (lang && !strncmp(lang, "sv", 2))
		return 1;
	return 2;
}

/* Copies n bytes of s into out (cap > 0) with every byte that is not valid UTF-8 as '?'. */
static void safe_copy(char *out, size_t cap, const char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n && o + 5 < cap) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80                 ? 1
		             : c >= 0xc2 && c <= 0xdf ? 2
		             : c >= 0xe0 && c <= 0xef ? 3
		             : c >= 0xf0 && c <= 0xf4 ? 4
		                                      : 0;
		size_t k;

		for (k = 1; len && k < len; k++)
			if (i + k >= n || ((unsigned char)s[i + k] & 0xc0) != 0x80)
				len = 0;
		if (!len || (len == 1 && c < 0x20)) {
			out[o++] = '?';
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len, i += len;
	}
	out[o] = '\0';
}

static int fail(struct ka_diag *diag, int lang, enum msg m, const char *part, size_t n)
{
	char shown[128];

	safe_copy(shown, sizeof(shown), part, n);
	return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "duration", messages[m][lang], shown);
}

/* Lower-cases ASCII and the Latin-1 capitals of UTF-8 (Å Ä Ö Æ Ø...) into out. */
static void lower(char *out, const char *s)
{
	for (; *s; s++, out++) {
		unsigned char c = (unsigned char)*s;

		*out = (char)tolower(c);
		if (c == 0xc3 && s[1] && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9e && (unsigned char)s[1] != 0x97) {
			*++out = (char)((unsigned char)*++s + 0x20);
		}
	}
	*out = '\0';
}

/*
 * Writes the n characters of number s (digits, at most one '.') without
 * leading zeros or a fraction of trailing zeros into out ("007.50" -> "7.5",
 * "0.0" -> "0"), so that equal numbers are written alike. out has n + 2 bytes.
 */
static void norm_number(char *out, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n), *end = s + n;
	size_t o = 0;

	if (dot) {
		while (end > dot + 1 && end[-1] == '0')
			end--;
		if (end == dot + 1)
			end = dot;
	}
	while (s < end && s < (dot ? dot : end) - 1 && *s == '0')
		s++;
	if (s == dot || s == end)
		out[o++] = '0';
	while (s < end)
		out[o++] = *s++;
	out[o] = '\0';
}

/*
 * One number: digits with an optional decimal comma or point, "½" or digits
 * then "½". Writes it with a decimal point into num; returns its length in s
 * (0 when there is none, -1 when it is longer than NUM_MAX written so).
 */
static int read_number(char num[NUM_MAX + 1], const char *s)
{
	const char *p = s;
	size_t n = 0;
	char buf[KA_DURATION_TEXT_MAX_IN + 8];

	while (isdigit((unsigned char)*p))
		buf[n++] = *p++;
	if (n && (*p == ',' || *p == '.') && isdigit((unsigned char)p[1])) {
		buf[n++] = '.';
		for (p++; isdigit((unsigned char)*p); p++)
			buf[n++] = *p;
	} else if (!strncmp(p, "\xc2\xbd", 2)) { /* ½ */
		if (!n)
			buf[n++] = '0';
		buf[n++] = '.';
		buf[n++] = '5';
		p += 2;
	}
	if (n > NUM_MAX)
		return -1;
	norm_number(num, buf, n);
	return (int)(p - s);
}

/* Length of the word at s: letters, bytes of UTF-8 letters, and one closing dot. */
static size_t word_len(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]) ||
	       ((unsigned char)s[n] >= 0x80 && strncmp(s + n, "\xc2\xbd", 2)))
		n++;
	if (n && s[n] == '.')
		n++;
	return n;
}

static int find_unit(const char *w, size_t n)
{
	size_t i;

	if (n > 1 && w[n - 1] == '.')
		n--; /* "tim.", "min." */
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n && !memcmp(words[i].word, w, n))
			return words[i].unit;
	return -1;
}

/* Skips spaces and at most one joining word between parts; returns the new position. */
static const char *skip_joiner(const char *p)
{
	size_t i;

	while (isspace((unsigned char)*p))
		p++;
	for (i = 0; i < sizeof(joiners) / sizeof(joiners[0]); i++) {
		size_t n = strlen(joiners[i]);

		if (!strncmp(p, joiners[i], n) &&
		    (ispunct((unsigned char)p[n - 1]) || !isalpha((unsigned char)p[n]))) {
			p += n;
			break;
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* Rewrites every number of a valid ISO 8601 duration in place with norm_number. */
static int norm_iso(char *iso)
{
	char tmp[KA_DURATION_TEXT_ISO];
	size_t i = 0, o = 0;

	while (iso[i]) {
		size_t n = strspn(iso + i, "0123456789.");

		if (!n) {
			tmp[o++] = iso[i++];
			continue;
		}
		norm_number(tmp + o, iso + i, n);
		o += strlen(tmp + o);
		i += n;
	}
	tmp[o] = '\0';
	memcpy(iso, tmp, o + 1);
	return 0;
}

/* s: n bytes of ISO 8601 in any case, with a decimal point or comma. */
static int parse_iso(struct ka_duration_text *out, const char *s, size_t n, int lang,
                     struct ka_diag *diag)
{
	size_t i;

	if (n >= sizeof(out->iso))
		return fail(diag, lang, M_LARGE, s, n);
	for (i = 0; i < n; i++)
		out->iso[i] = s[i] == ',' ? '.' : (char)toupper((unsigned char)s[i]);
	out->iso[n] = '\0';
	if (ka_duration_parse(out->iso, &out->seconds) || out->seconds > MAX_SECONDS)
		return fail(diag, lang, M_ISO, s, n);
	return norm_iso(out->iso);
}

/* Builds out->iso and out->seconds from one number text per unit (empty: none). */
static int make_iso(struct ka_duration_text *out, char nums[U_COUNT][NUM_MAX + 1])
{
	size_t o = 1;
	int u, in_time = 0;

	out->iso[0] = 'P';
	for (u = 0; u < U_COUNT; u++) {
		if (!nums[u][0])
			continue;
		if (u >= U_HOUR && !in_time) {
			out->iso[o++] = 'T';
			in_time = 1;
		}
		/* A number and its designator, with room left for the NUL: never cut short. */
		if (o + strlen(nums[u]) + 2 >= sizeof(out->iso))
			return KA_ERR_TOO_BIG;
		o += (size_t)snprintf(out->iso + o, sizeof(out->iso) - o, "%s%c", nums[u],
		                      designator[u]);
	}
	out->iso[o] = '\0';
	return ka_duration_parse(out->iso, &out->seconds);
}

int ka_duration_text_parse(struct ka_duration_text *out, const char *s, const char *lang,
                           struct ka_diag *diag)
{
	char low[KA_DURATION_TEXT_MAX_IN * 2 + 1];
	char nums[U_COUNT][NUM_MAX + 1] = {{0}};
	int li = lang_index(lang), parts = 0;
	const char *p;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return fail(diag, li, M_EMPTY, "", 0);
	if (n > KA_DURATION_TEXT_MAX_IN)
		return fail(diag, li, M_LARGE, s, 40);
	memcpy(low, s, n);
	low[n] = '\0';
	lower(low, low);
	if (low[0] == 'p' && (isdigit((unsigned char)low[1]) || low[1] == 't'))
		return parse_iso(out, s, n, li, diag);
	for (p = low; *p;) {
		char num[NUM_MAX + 1];
		const char *start = p, *q;
		int len = read_number(num, p), unit;
		size_t wl;

		if (len < 0)
			return fail(diag, li, M_LARGE, s + (p - low), strspn(p, "0123456789.,"));
		if (!len)
			return fail(diag, li, M_UNKNOWN, s + (p - low),
			            word_len(p) ? word_len(p) : strcspn(p, " "));
		for (p += len; isspace((unsigned char)*p);)
			p++;
		wl = word_len(p);
		if (!wl) {
			if (*p || parts)
				return fail(diag, li, M_NO_UNIT, s + (start - low), (size_t)len);
			memcpy(nums[U_MIN], num, sizeof(num)); /* a lone number: minutes */
			break;
		}
		unit = find_unit(p, wl);
		if (unit < 0 || nums[unit][0])
			return fail(diag, li, unit < 0 ? M_UNKNOWN : M_TWICE, s + (p - low), wl);
		memcpy(nums[unit], num, sizeof(num));
		for (p += wl; isspace((unsigned char)*p);)
			p++;
		q = skip_joiner(p);
		if (!*q && q != p) /* "2 timmar och" */
			return fail(diag, li, M_UNKNOWN, s + (p - low), strcspn(p, " "));
		p = q;
		parts++;
	}
	if (make_iso(out, nums) || out->seconds > MAX_SECONDS)
		return fail(diag, li, M_LARGE, s, n);
	return 0;
}

/* Unit names per language [lang][unit][singular, plural]. */
static const char *const names[3][U_COUNT][2] = {
    {{"uke", "uker"}, {"dag", "dager"}, {"time", "timer"}, {"min", "min"}, {"s", "s"}},
    {{"vecka", "veckor"}, {"dag", "dagar"}, {"timme", "timmar"}, {"min", "min"}, {"s", "s"}},
    {{"week", "weeks"}, {"day", "days"}, {"hour", "hours"}, {"min", "min"}, {"s", "s"}},
};

int ka_duration_text_format(char *out, size_t cap, const char *iso, const char *lang)
{
	int li = lang_index(lang), in_time = 0;
	double secs;
	size_t o = 0;
	const char *p;

	if (!cap)
		return KA_ERR_TOO_BIG;
	out[0] = '\0';
	if (!iso || ka_duration_parse(iso, &secs))
		return KA_ERR_BPMN;
	for (p = iso + 1; *p;) {
		char num[72]; /* an ISO number has at most 63 characters (ka_duration_parse) */
		size_t n = 0;
		int u, w;

		if (*p == 'T') {
			in_time = 1, p++;
			continue;
		}
		for (; (isdigit((unsigned char)*p) || *p == '.' || *p == ',') && n < 70; p++)
			num[n++] = *p == '.' || *p == ',' ? (li == 2 ? '.' : ',') : *p;
		num[n] = '\0';
		for (u = 0; u < U_COUNT && !(designator[u] == *p && (u >= U_HOUR) == in_time); u++)
			;
		p++;
		if (u == U_COUNT)
			return KA_ERR_BPMN;
		if (!strcmp(num, "0,5") || !strcmp(num, "0.5"))
			snprintf(num, sizeof(num), "\xc2\xbd");
		w = snprintf(out + o, cap - o, "%s%s %s", o ? " " : "", num,
		             names[li][u][!strcmp(num, "1") || !strcmp(num, "\xc2\xbd") ? 0 : 1]);
		if (w < 0 || (size_t)w >= cap - o) {
			out[0] = '\0';
			return KA_ERR_TOO_BIG;
		}
		o += (size_t)w;
	}
	return 0;
}
