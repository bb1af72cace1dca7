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
		free(r->notes[i].element_id);
	}
	free(r->notes);
	ka_import_report_init(r);
}

int ka_import_vnote(struct ka_import_report *r, const char *code, const char *where,
                    const char *fmt, va_list ap)
{
	char msg[1024];
	struct ka_import_note *n;
	va_list aq;

	if (!r)
		return 0;
	va_copy(aq, ap);
	vsnprintf(msg, sizeof msg, fmt, aq);
	va_end(aq);
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->notes = ka_xreallocarray(r->notes, r->cap, sizeof *r->notes);
	}
	n = &r->notes[r->n++];
	n->code = ka_xstrdup(code ? code : "");
	n->where = ka_xstrdup(where ? where : "");
	n->message = ka_xstrdup(msg);
	n->line = 0;
	n->element_id = NULL;
	n->msgid = fmt;
	ka_msg_params_vfill(&n->params, fmt, ap);
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

int ka_import_note_at(struct ka_import_report *r, const char *code, unsigned long line,
                      const char *element_id, const char *fmt, ...)
{
	char where[256];
	va_list ap;
	int err;

	if (!r)
		return 0;
	if (line && element_id && *element_id)
		snprintf(where, sizeof where, "line %lu, element '%s'", line, element_id);
	else if (line)
		snprintf(where, sizeof where, "line %lu", line);
	else if (element_id && *element_id)
		snprintf(where, sizeof where, "element '%s'", element_id);
	else
		where[0] = '\0';
	va_start(ap, fmt);
	err = ka_import_vnote(r, code, where, fmt, ap);
	va_end(ap);
	if (!err) {
		r->notes[r->n - 1].line = line;
		r->notes[r->n - 1].element_id =
		    element_id && *element_id ? ka_xstrdup(element_id) : NULL;
	}
	return err;
}
