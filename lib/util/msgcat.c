/* The message catalog: language choice, lookup and placeholder filling (msgcat.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/msgcat.h"
#include "kartla/banned.h"
#include "msgcat_tab.h"

/* One language range of Accept-Language: its tag mapped to ours, or NULL. */
static const char *lang_of_tag(const char *tag, size_t len)
{
	char primary[9];
	size_t n = strcspn(tag, "-_");

	if (n > len)
		n = len;
	if (n == 0 || n >= sizeof(primary))
		return NULL;
	for (size_t i = 0; i < n; i++)
		primary[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ? tag[i] + 32 : tag[i]);
	primary[n] = '\0';
	if (!strcmp(primary, "nb") || !strcmp(primary, "no") || !strcmp(primary, "nn"))
		return "nb";
	if (!strcmp(primary, "sv"))
		return "sv";
	if (!strcmp(primary, "en"))
		return "en";
	return NULL;
}

/* The q-value of one range's parameters (";q=0.8"): 0..1000, 1000 when absent or bad. */
static int q_of(const char *params, size_t len)
{
	const char *q = NULL;

	for (size_t i = 0; i + 1 < len; i++)
		if (params[i] == ';') {
			size_t j = i + 1 + strspn(params + i + 1, " \t");
			if (j + 1 < len && (params[j] == 'q' || params[j] == 'Q') &&
			    params[j + 1] == '=')
				q = params + j + 2;
		}
	if (!q)
		return 1000;
	if (*q == '1')
		return 1000;
	if (*q != '0')
		return 1000;
	q++;
	if (*q != '.')
		return 0;
	q++;
	int v = 0, scale = 100;
	for (; *q >= '0' && *q <= '9' && scale > 0; q++, scale /= 10)
		v += (*q - '0') * scale;
	return v;
}

const char *ka_msgcat_lang(const char *accept)
{
	const char *best = "en";
	int best_q = 0;

	while (accept && *accept) {
		size_t len = strcspn(accept, ","), tlen;
		const char *tag = accept + strspn(accept, " \t"), *lang;
		int q;

		if (tag > accept + len)
			tag = accept + len;
		tlen = strcspn(tag, ";, \t");
		lang = lang_of_tag(tag, tlen);
		q = q_of(tag + tlen, (size_t)(accept + len - (tag + tlen)));
		if (lang && q > best_q) {
			best = lang;
			best_q = q;
		}
		accept += len;
		if (*accept == ',')
			accept++;
	}
	return best;
}

const char *ka_msgcat_lookup(const char *lang, const char *msgid)
{
	const struct ka_msgcat_entry *tab;
	size_t n;

	if (!lang || !msgid)
		return NULL;
	if (!strcmp(lang, "nb")) {
		tab = ka_msgcat_nb;
		n = ka_msgcat_nb_n;
	} else if (!strcmp(lang, "sv")) {
		tab = ka_msgcat_sv;
		n = ka_msgcat_sv_n;
	} else {
		return NULL;
	}
	/* A linear search: errors are rare, and the table needs no sorting at start. */
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].msgid, msgid))
			return tab[i].msgstr;
	return NULL;
}

/* Appends s[0..len) to out at *used, cutting at outsz. */
static void put(char *out, size_t outsz, size_t *used, const char *s, size_t len)
{
	if (*used + 1 >= outsz)
		return;
	if (len > outsz - 1 - *used)
		len = outsz - 1 - *used;
	memcpy(out + *used, s, len);
	*used += len;
	out[*used] = '\0';
}

int ka_msgcat_fill(char *out, size_t outsz, const char *tmpl, const char *const *params, size_t n)
{
	size_t used = 0, next = 0;
	const char *p = tmpl;

	if (!outsz)
		return -1;
	out[0] = '\0';
	while (*p) {
		const char *pct = strchr(p, '%');
		size_t idx;

		if (!pct) {
			put(out, outsz, &used, p, strlen(p));
			break;
		}
		put(out, outsz, &used, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			put(out, outsz, &used, "%", 1);
			p++;
			continue;
		}
		idx = next++;
		if (*p >= '1' && *p <= '9') { /* "%2$s" */
			char *end;
			unsigned long v = strtoul(p, &end, 10);
			if (*end == '$') {
				idx = v - 1;
				p = end + 1;
			}
		}
		p += strspn(p, "-+ #0'");
		p += strspn(p, "0123456789*");
		if (*p == '.') {
			p++;
			p += strspn(p, "0123456789*");
		}
		p += strspn(p, "hlzjtL");
		if (!*p || !strchr("diouxXcsfFeEgGaAp", *p) || idx >= n || !params[idx])
			return -1;
		p++;
		put(out, outsz, &used, params[idx], strlen(params[idx]));
	}
	return 0;
}

int ka_msgcat_render(char *out, size_t outsz, const char *lang, const char *msgid,
                     const char *const *params, size_t n)
{
	const char *t;

	/* "%s" with a message text made elsewhere: that text is the msgid (no params) */
	if (msgid && !strcmp(msgid, "%s") && n == 1 && params[0] && !strchr(params[0], '%') &&
	    (t = ka_msgcat_lookup(lang, params[0])) && !ka_msgcat_fill(out, outsz, t, NULL, 0))
		return 0;
	t = ka_msgcat_lookup(lang, msgid);
	if (t && !ka_msgcat_fill(out, outsz, t, params, n))
		return 0;
	return ka_msgcat_fill(out, outsz, msgid, params, n);
}

void ka_msg_render(char *out, size_t outsz, const char *lang, const char *msgid,
                   const struct ka_msg_params *params, const char *english)
{
	const char *vec[KA_MSG_MAX_PARAMS];
	char en[1024];
	size_t n;

	if (!outsz)
		return;
	if (msgid && params) {
		n = ka_msg_params_vec(params, vec, KA_MSG_MAX_PARAMS);
		if (!ka_msgcat_fill(en, sizeof(en), msgid, vec, n) && !strcmp(en, english) &&
		    !ka_msgcat_render(out, outsz, lang, msgid, vec, n))
			return;
	}
	snprintf(out, outsz, "%s", english);
}

/* A nested diag (ka_diag_set_nested) in lang; -1 when its parts no longer make its message. */
static int nested_render(const struct ka_diag *d, const char *lang, char *out, size_t outsz)
{
	const char *vec[KA_MSG_MAX_PARAMS], *wv[KA_MSG_MAX_PARAMS], *iv[KA_MSG_MAX_PARAMS];
	char w[256], in[sizeof(d->message)], whole[2 * sizeof(d->message)];
	size_t n = ka_msg_params_vec(&d->params, vec, KA_MSG_MAX_PARAMS);
	size_t wn = ka_msg_params_vec(&d->where_params, wv, KA_MSG_MAX_PARAMS);
	size_t in_n = ka_msg_params_vec(&d->inner_params, iv, KA_MSG_MAX_PARAMS);

	/* the English first: the parts must still make the message */
	if (!n || ka_msgcat_fill(w, sizeof(w), d->where_msgid, wv, wn) ||
	    ka_msgcat_fill(in, sizeof(in), d->inner_msgid, iv, in_n))
		return -1;
	snprintf(whole, sizeof(whole), "%s%s", w, in);
	if (strcmp(whole, vec[n - 1]) || ka_msgcat_fill(whole, sizeof(whole), d->msgid, vec, n) ||
	    strcmp(whole, d->message))
		return -1;
	if (ka_msgcat_render(w, sizeof(w), lang, d->where_msgid, wv, wn) ||
	    ka_msgcat_render(in, sizeof(in), lang, d->inner_msgid, iv, in_n))
		return -1;
	snprintf(whole, sizeof(whole), "%s%s", w, in);
	vec[n - 1] = whole;
	return ka_msgcat_render(out, outsz, lang, d->msgid, vec, n);
}

void ka_diag_render(const struct ka_diag *d, const char *lang, char *out, size_t outsz)
{
	if (outsz && d->msgid && d->where_msgid && d->inner_msgid &&
	    !nested_render(d, lang, out, outsz))
		return;
	ka_msg_render(out, outsz, lang, d->msgid, &d->params, d->message);
}
