/* Error codes, their messages, and the diagnostic record parsers fill. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

void ka_diag_init(struct ka_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

int ka_diag_vset(struct ka_diag *d, int err, unsigned long line, unsigned long column,
                 const char *element_id, const char *fmt, va_list ap)
{
	if (!d)
		return err;
	d->line = line;
	d->column = column;
	d->backend = false;
	snprintf(d->element_id, sizeof(d->element_id), "%s", element_id ? element_id : "");
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
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
