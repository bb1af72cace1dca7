/*
 * Risk scales: the presets (Swedish 4x4, Norwegian 5x5, domain.md §4),
 * reading and validating a scale from JSON with the path of the first bad
 * value, writing it back, and scoring: R = L x C, colour by thresholds,
 * acceptance by colour.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/risk.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct preset {
	const char *key;
	const char *name[3]; /* nb, sv, en */
	int size, yellow, red;
	enum ka_risk_accept accept[3];
	const char *likelihood[KA_RISK_SIZE_MAX][3];
	const char *consequence[KA_RISK_SIZE_MAX][3];
};

static const struct preset presets[] = {
    {"se4",
     {"Svensk 4x4", "Svensk 4x4", "Swedish 4x4"},
     4,
     4,
     9,
     {KA_RISK_ACCEPT, KA_RISK_CONSIDER, KA_RISK_ACT},
     {{"Lite sannsynlig", "Mindre sannolik", "Unlikely"},
      {"Mulig", "Möjlig", "Possible"},
      {"Sannsynlig", "Sannolik", "Likely"},
      {"Svært sannsynlig", "Mycket sannolik", "Very likely"}},
     {{"Ubetydelig", "Försumbar", "Negligible"},
      {"Mindre alvorlig", "Lindrig", "Minor"},
      {"Betydelig", "Kännbar", "Significant"},
      {"Alvorlig", "Allvarlig", "Serious"}}},
    {"no5",
     {"Norsk 5x5", "Norsk 5x5", "Norwegian 5x5"},
     5,
     5,
     15,
     {KA_RISK_ACCEPT, KA_RISK_CONSIDER, KA_RISK_ACT},
     {{"Svært lite sannsynlig", "Mycket osannolik", "Very unlikely"},
      {"Lite sannsynlig", "Osannolik", "Unlikely"},
      {"Moderat sannsynlig", "Måttligt sannolik", "Moderately likely"},
      {"Sannsynlig", "Sannolik", "Likely"},
      {"Svært sannsynlig", "Mycket sannolik", "Very likely"}},
     {{"Ubetydelig", "Obetydlig", "Insignificant"},
      {"Liten", "Liten", "Minor"},
      {"Moderat", "Måttlig", "Moderate"},
      {"Alvorlig", "Allvarlig", "Serious"},
      {"Svært alvorlig", "Mycket allvarlig", "Very serious"}}},
};

static const char *const preset_keys[] = {"se4", "no5"};

const char *const *ka_risk_preset_keys(size_t *n)
{
	*n = N(preset_keys);
	return preset_keys;
}

static void set_label(struct ka_risk_label *l, const char *const t[3])
{
	snprintf(l->nb, sizeof(l->nb), "%s", t[0]);
	snprintf(l->sv, sizeof(l->sv), "%s", t[1]);
	snprintf(l->en, sizeof(l->en), "%s", t[2]);
}

int ka_risk_preset(const char *key, struct ka_risk_scale *out)
{
	size_t i;
	int k;

	for (i = 0; i < N(presets); i++) {
		const struct preset *p = &presets[i];

		if (!key || strcmp(key, p->key))
			continue;
		memset(out, 0, sizeof(*out));
		snprintf(out->key, sizeof(out->key), "%s", p->key);
		out->size = p->size;
		out->yellow = p->yellow;
		out->red = p->red;
		memcpy(out->accept, p->accept, sizeof(out->accept));
		set_label(&out->name, p->name);
		for (k = 0; k < p->size; k++) {
			set_label(&out->likelihood[k], p->likelihood[k]);
			set_label(&out->consequence[k], p->consequence[k]);
		}
		return 0;
	}
	return KA_ERR_NOT_FOUND;
}

/* ---- JSON ---- */

struct verr {
	char *field, *msg;
	size_t fieldsz, msgsz;
};

static int bad(struct verr *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct verr *e, const char *field, const char *fmt, ...)
{
	va_list ap;

	snprintf(e->field, e->fieldsz, "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->msg, e->msgsz, fmt, ap);
	va_end(ap);
	return KA_ERR_INVALID;
}

static int only_keys(struct verr *e, const json_t *obj, const char *path, const char *const *keys,
                     size_t n)
{
	const char *k;
	json_t *v;
	char f[160];
	size_t i;

	json_object_foreach((json_t *)obj, k, v)
	{
		for (i = 0; i < n && strcmp(keys[i], k); i++)
			;
		if (i == n) {
			snprintf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", k);
			return bad(e, f, "unknown field '%s'", k);
		}
	}
	return 0;
}

static int read_label(struct verr *e, const json_t *j, const char *path, bool required,
                      struct ka_risk_label *out)
{
	static const char *const langs[] = {"nb", "sv", "en"};
	char *dst[3] = {out->nb, out->sv, out->en};
	char f[160];
	size_t i;
	int err;

	if (!json_is_object(j))
		return bad(e, path, "%s must be an object with nb, sv and en", path);
	err = only_keys(e, j, path, langs, 3);
	if (err)
		return err;
	for (i = 0; i < 3; i++) {
		const json_t *v = json_object_get(j, langs[i]);
		const char *s = json_string_value(v);
		size_t len = s ? strlen(s) : 0;

		snprintf(f, sizeof(f), "%s.%s", path, langs[i]);
		if (!v && !required) {
			dst[i][0] = 0;
			continue;
		}
		if (!s || !len || strspn(s, " \t\r\n") == len)
			return bad(e, f, "%s must be a non-empty string", f);
		if (len >= KA_RISK_LABEL_MAX)
			return bad(e, f, "%s is longer than %d bytes", f, KA_RISK_LABEL_MAX - 1);
		memcpy(dst[i], s, len + 1);
	}
	return 0;
}

static int read_int(struct verr *e, const json_t *obj, const char *name, const char *path, int lo,
                    int hi, int *out)
{
	const json_t *v = json_object_get(obj, name);
	json_int_t x;

	if (!json_is_integer(v))
		return bad(e, path, "%s must be an integer from %d to %d", path, lo, hi);
	x = json_integer_value(v);
	if (x < lo || x > hi)
		return bad(e, path, "%s is %lld; it must be from %d to %d", path, (long long)x, lo,
		           hi);
	*out = (int)x;
	return 0;
}

static int read_levels(struct verr *e, const json_t *j, const char *name, int size,
                       struct ka_risk_label *out)
{
	const json_t *a = json_object_get(j, name);
	char f[64];
	size_t i;
	int err;

	if (!json_is_array(a))
		return bad(e, name, "%s must be an array of %d labels {nb, sv, en}", name, size);
	if (json_array_size(a) != (size_t)size)
		return bad(e, name, "%s has %zu labels; the scale has %d levels", name,
		           json_array_size(a), size);
	for (i = 0; i < (size_t)size; i++) {
		snprintf(f, sizeof(f), "%s[%zu]", name, i);
		err = read_label(e, json_array_get(a, i), f, true, &out[i]);
		if (err)
			return err;
	}
	return 0;
}

int ka_risk_scale_from_json(const json_t *j, struct ka_risk_scale *out, char *field, size_t fieldsz,
                            char *msg, size_t msgsz)
{
	static const char *const top[] = {"key",         "name",       "size",      "likelihood",
	                                  "consequence", "thresholds", "acceptance"};
	static const char *const thr[] = {"yellow", "red"};
	static const char *const colours[] = {"green", "yellow", "red"};
	struct verr e = {field, msg, fieldsz, msgsz};
	const json_t *t, *a, *k;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(j))
		return bad(&e, "", "a scale must be a JSON object");
	err = only_keys(&e, j, "", top, N(top));
	if (err)
		return err;
	k = json_object_get(j, "key");
	if (k && (!json_is_string(k) || !json_string_length(k) ||
	          json_string_length(k) >= KA_RISK_KEY_MAX))
		return bad(&e, "key", "key must be a non-empty string of at most %d bytes",
		           KA_RISK_KEY_MAX - 1);
	snprintf(out->key, sizeof(out->key), "%s", k ? json_string_value(k) : "custom");
	if (json_object_get(j, "name")) {
		err = read_label(&e, json_object_get(j, "name"), "name", false, &out->name);
		if (err)
			return err;
	}
	err = read_int(&e, j, "size", "size", KA_RISK_SIZE_MIN, KA_RISK_SIZE_MAX, &out->size);
	if (!err)
		err = read_levels(&e, j, "likelihood", out->size, out->likelihood);
	if (!err)
		err = read_levels(&e, j, "consequence", out->size, out->consequence);
	if (err)
		return err;
	t = json_object_get(j, "thresholds");
	if (!json_is_object(t))
		return bad(&e, "thresholds", "thresholds must be an object {yellow, red}");
	err = only_keys(&e, t, "thresholds", thr, 2);
	if (!err)
		err = read_int(&e, t, "yellow", "thresholds.yellow", 2, out->size * out->size - 1,
		               &out->yellow);
	if (!err)
		err = read_int(&e, t, "red", "thresholds.red", out->yellow + 1,
		               out->size * out->size, &out->red);
	if (err)
		return err;
	a = json_object_get(j, "acceptance");
	if (!json_is_object(a))
		return bad(&e, "acceptance",
		           "acceptance must be an object {green, yellow, red} of accept, consider "
		           "or act");
	err = only_keys(&e, a, "acceptance", colours, 3);
	if (err)
		return err;
	for (i = 0; i < 3; i++) {
		int v = ka_risk_accept_parse(json_string_value(json_object_get(a, colours[i])));
		char f[40];

		snprintf(f, sizeof(f), "acceptance.%s", colours[i]);
		if (v < 0)
			return bad(&e, f, "%s must be \"accept\", \"consider\" or \"act\"", f);
		out->accept[i] = (enum ka_risk_accept)v;
	}
	if (out->accept[KA_RISK_GREEN] > out->accept[KA_RISK_YELLOW] ||
	    out->accept[KA_RISK_YELLOW] > out->accept[KA_RISK_RED])
		return bad(&e, "acceptance",
		           "acceptance must not get more lenient from green to yellow to red");
	return 0;
}

static json_t *label_json(const struct ka_risk_label *l)
{
	json_t *o = json_object();

	if (l->nb[0])
		json_object_set_new(o, "nb", json_string(l->nb));
	if (l->sv[0])
		json_object_set_new(o, "sv", json_string(l->sv));
	if (l->en[0])
		json_object_set_new(o, "en", json_string(l->en));
	return o;
}

json_t *ka_risk_scale_to_json(const struct ka_risk_scale *s)
{
	json_t *lk = json_array(), *co = json_array();
	int i;

	for (i = 0; i < s->size; i++) {
		json_array_append_new(lk, label_json(&s->likelihood[i]));
		json_array_append_new(co, label_json(&s->consequence[i]));
	}
	return json_pack("{s:s, s:o, s:i, s:o, s:o, s:{s:i, s:i}, s:{s:s, s:s, s:s}}", "key",
	                 s->key, "name", label_json(&s->name), "size", s->size, "likelihood", lk,
	                 "consequence", co, "thresholds", "yellow", s->yellow, "red", s->red,
	                 "acceptance", "green", ka_risk_accept_name(s->accept[0]), "yellow",
	                 ka_risk_accept_name(s->accept[1]), "red",
	                 ka_risk_accept_name(s->accept[2]));
}

/* ---- scoring ---- */

bool ka_risk_level_ok(const struct ka_risk_scale *s, int64_t level)
{
	return level >= 1 && level <= s->size;
}

int ka_risk_value(const struct ka_risk_scale *s, int64_t l, int64_t c)
{
	if (!ka_risk_level_ok(s, l) || !ka_risk_level_ok(s, c))
		return 0;
	return (int)(l * c);
}

enum ka_risk_colour ka_risk_colour_of(const struct ka_risk_scale *s, int r)
{
	if (r >= s->red)
		return KA_RISK_RED;
	if (r >= s->yellow)
		return KA_RISK_YELLOW;
	return KA_RISK_GREEN;
}

enum ka_risk_accept ka_risk_acceptance(const struct ka_risk_scale *s, int r)
{
	return s->accept[ka_risk_colour_of(s, r)];
}

static const char *const colour_names[] = {"green", "yellow", "red"};
static const char *const accept_names[] = {"accept", "consider", "act"};

const char *ka_risk_colour_name(enum ka_risk_colour c)
{
	return (unsigned)c < 3 ? colour_names[c] : "?";
}

int ka_risk_colour_parse(const char *s)
{
	int i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, colour_names[i]))
			return i;
	return -1;
}

const char *ka_risk_accept_name(enum ka_risk_accept a)
{
	return (unsigned)a < 3 ? accept_names[a] : "?";
}

int ka_risk_accept_parse(const char *s)
{
	int i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, accept_names[i]))
			return i;
	return -1;
}

const char *ka_risk_label(const struct ka_risk_label *l, const char *lang)
{
	const char *s = l->en;

	if (lang && !strcmp(lang, "nb"))
		s = l->nb;
	else if (lang && !strcmp(lang, "sv"))
		s = l->sv;
	if (!s[0])
		s = l->en[0] ? l->en : l->nb[0] ? l->nb : l->sv;
	return s;
}
