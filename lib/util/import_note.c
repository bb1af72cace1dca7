/*
 * The import report: notes made while reading another tool's file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kartla/alloc.h"
#include "kartla/import_note.h"
#include "kartla/banned.h"

void ka_import_report_init(struct ka_import_report *r)
{
	r->notes = NULL;
	r->n = r->cap = 0;
}

void ka_import_report_free(struct ka_import_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->notes[i].code);
		free(r->notes[i].where);
		free(r->notes[i].message);
	}
	free(r->notes);
	ka_import_report_init(r);
}

int ka_import_vnote(struct ka_import_report *r, const char *code, const char *where,
                    const char *fmt, va_list ap)
{
	char msg[1024];
	struct ka_import_note *n;

	if (!r)
		return 0;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->notes = ka_xreallocarray(r->notes, r->cap, sizeof *r->notes);
	}
	n = &r->notes[r->n++];
	n->code = ka_xstrdup(code ? code : "");
	n->where = ka_xstrdup(where ? where : "");
	n->message = ka_xstrdup(msg);
	return 0;
}

int ka_import_note(struct ka_import_report *r, const char *code, const char *where, const char *fmt,
                   ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = ka_import_vnote(r, code, where, fmt, ap);
	va_end(ap);
	return err;
}
