/* Error codes, their messages, and the diagnostic record parsers fill. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "kartla/err.h"
#include "kartla/banned.h"

const char *ka_strerror(int err)
{
	switch (err) {
	case KA_OK:
		return "success";
	case KA_ERR_IO:
		return "input/output error";
	case KA_ERR_TOO_BIG:
		return "input too large";
	case KA_ERR_XML:
		return "malformed XML";
	case KA_ERR_BPMN:
		return "invalid BPMN";
	case KA_ERR_REF:
		return "broken reference";
	case KA_ERR_LIMIT:
		return "limit exceeded";
	case KA_ERR_USAGE:
		return "invalid usage";
	case KA_ERR_NOT_FOUND:
		return "not found";
	case KA_ERR_DB:
		return "database error";
	case KA_ERR_CONFLICT:
		return "conflict";
	case KA_ERR_BUSY:
		return "database busy";
	case KA_ERR_INVALID:
		return "invalid value";
	case KA_ERR_AUTH:
		return "authentication required";
	case KA_ERR_PERM:
		return "permission denied";
	case KA_ERR_STALE:
		return "stale version";
	}
	return "unknown error";
}

/* One conversion of a format: its text (for snprintf), stars, length and letter. */
struct conv {
	char spec[32];
	int nstar;
	char len[3]; /* "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
	char letter;
};

/* Reads the conversion at *p (just after '%'); returns the end, or NULL when unreadable. */
static const char *conv_read(struct conv *c, const char *p)
{
	const char *start = p - 1;
	size_t n;

	memset(c, 0, sizeof(*c));
	p += strspn(p, "-+ #0'");
	if (*p == '*') {
		c->nstar++;
		p++;
	} else {
		p += strspn(p, "0123456789");
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			c->nstar++;
			p++;
		} else {
			p += strspn(p, "0123456789");
		}
	}
	n = strspn(p, "hlzjtL");
	if (n > 2)
		return NULL;
	memcpy(c->len, p, n);
	p += n;
	if (!*p || !strchr("diouxXcsfFeEgGaAp", *p))
		return NULL;
	c->letter = *p++;
	if ((size_t)(p - start) >= sizeof(c->spec))
		return NULL;
	memcpy(c->spec, start, (size_t)(p - start));
	return p;
}

/* snprintf of one conversion with its stars: the value expression is evaluated once. */
#define CONV_PRINT(buf, sz, c, s1, s2, val)                                                        \
	((c)->nstar == 0   ? snprintf(buf, sz, (c)->spec, val)                                     \
	 : (c)->nstar == 1 ? snprintf(buf, sz, (c)->spec, s1, val)                                 \
	                   : snprintf(buf, sz, (c)->spec, s1, s2, val))

static void conv_format(char *buf, size_t sz, const struct conv *c, int s1, int s2, va_list *ap)
{
	const char *l = c->len;

	if (strchr("di", c->letter)) {
		if (!strcmp(l, "l"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, long));
		else if (!strcmp(l, "ll"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, long long));
		else if (!strcmp(l, "z"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, ssize_t));
		else if (!strcmp(l, "j"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, intmax_t));
		else if (!strcmp(l, "t"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, ptrdiff_t));
		else
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, int));
	} else if (strchr("ouxX", c->letter)) {
		if (!strcmp(l, "l"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, unsigned long));
		else if (!strcmp(l, "ll"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, unsigned long long));
		else if (!strcmp(l, "z"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, size_t));
		else if (!strcmp(l, "j"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, uintmax_t));
		else if (!strcmp(l, "t"))
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, ptrdiff_t));
		else
			CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, unsigned));
	} else if (c->letter == 'c') {
		CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, int));
	} else if (c->letter == 's') {
		const char *s = va_arg(*ap, const char *);
		CONV_PRINT(buf, sz, c, s1, s2, s ? s : "(null)");
	} else if (c->letter == 'p') {
		CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, void *));
	} else if (!strcmp(l, "L")) {
		CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, long double));
	} else {
		CONV_PRINT(buf, sz, c, s1, s2, va_arg(*ap, double));
	}
}

unsigned ka_msg_params_vfill(struct ka_msg_params *out, const char *fmt, va_list ap)
{
	size_t used = 0;
	const char *p = fmt;
	va_list aq;

	out->n = 0;
	out->text[0] = '\0';
	if (!fmt)
		return 0;
	va_copy(aq, ap);
	while ((p = strchr(p, '%'))) {
		struct conv c;
		int s1 = 0, s2 = 0;
		char one[sizeof(out->text)];
		size_t len;

		if (p[1] == '%') {
			p += 2;
			continue;
		}
		p = conv_read(&c, p + 1);
		if (!p || out->n >= KA_MSG_MAX_PARAMS)
			break;
		if (c.nstar > 0)
			s1 = va_arg(aq, int);
		if (c.nstar > 1)
			s2 = va_arg(aq, int);
		conv_format(one, sizeof(one), &c, s1, s2, &aq);
		len = strlen(one);
		if (used + len + 1 > sizeof(out->text))
			len = sizeof(out->text) - used - 1;
		memcpy(out->text + used, one, len);
		out->text[used + len] = '\0';
		used += len + 1;
		out->n++;
		if (used >= sizeof(out->text))
			break;
	}
	va_end(aq);
	return out->n;
}

size_t ka_msg_params_vec(const struct ka_msg_params *p, const char **vec, size_t max)
{
	const char *t = p->text;
	size_t i;

	for (i = 0; i < p->n && i < max; i++) {
		vec[i] = t;
		t += strlen(t) + 1;
	}
	return i;
}

void ka_diag_init(struct ka_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

int ka_diag_vset(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                 const char *element_id, const char *fmt, va_list ap)
{
	va_list aq;

	if (!d)
		return err;
	d->line = line;
	d->column = column;
	d->backend = false;
	snprintf(d->element_id, sizeof(d->element_id), "%s", element_id ? element_id : "");
	va_copy(aq, ap);
	vsnprintf(d->message, sizeof(d->message), fmt, aq);
	va_end(aq);
	d->msgid = fmt;
	ka_msg_params_vfill(&d->params, fmt, ap);
	d->where_msgid = d->inner_msgid = NULL;
	return err;
}

int ka_diag_set(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                const char *element_id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ka_diag_vset(d, err, line, column, element_id, fmt, ap);
	va_end(ap);
	return err;
}

__attribute__((format(printf, 2, 3))) static void params_fill(struct ka_msg_params *p,
                                                              const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ka_msg_params_vfill(p, fmt, ap);
	va_end(ap);
}

/* The position part of ka_diag_format, as a msgid and params (the three shapes below). */
static const char *where_of(const struct ka_diag *d, struct ka_msg_params *p)
{
	const char *file = d->file ? d->file : "<input>";

	if (!d->line) {
		params_fill(p, "%s: ", file);
		return "%s: ";
	}
	if (d->element_id[0]) {
		params_fill(p, "%s:%lu:%lu: element '%s': ", file, d->line, d->column,
		            d->element_id);
		return "%s:%lu:%lu: element '%s': ";
	}
	params_fill(p, "%s:%lu:%lu: ", file, d->line, d->column);
	return "%s:%lu:%lu: ";
}

static int wrap(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                const char *element_id, const char *fmt, const struct ka_diag *inner, bool pos)
{
	char msg[sizeof(d->message)];
	struct ka_diag in;

	if (!d)
		return err;
	in = *inner; /* inner may be d */
	if (pos)
		ka_diag_format(&in, msg, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "%s", in.message);
	ka_diag_set(d, err, line, column, element_id, fmt ? fmt : "%s", msg);
	if (in.msgid && !in.inner_msgid) {
		if (pos) {
			d->where_msgid = where_of(&in, &d->where_params);
		} else {
			d->where_msgid = "";
			d->where_params.n = 0;
		}
		d->inner_msgid = in.msgid;
		d->inner_params = in.params;
	}
	return err;
}

int ka_diag_set_nested(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                       const char *element_id, const char *fmt, const struct ka_diag *inner)
{
	return wrap(d, err, line, column, element_id, fmt, inner, true);
}

int ka_diag_set_wrapped(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                        const char *element_id, const char *fmt, const struct ka_diag *inner)
{
	return wrap(d, err, line, column, element_id, fmt, inner, false);
}

void ka_diag_format(const struct ka_diag *d, char *out, size_t outsz)
{
	const char *file = d->file ? d->file : "<input>";

	if (!d->line)
		snprintf(out, outsz, "%s: %s", file, d->message);
	else if (d->element_id[0])
		snprintf(out, outsz, "%s:%lu:%lu: element '%s': %s", file, d->line, d->column,
		         d->element_id, d->message);
	else
		snprintf(out, outsz, "%s:%lu:%lu: %s", file, d->line, d->column, d->message);
}
