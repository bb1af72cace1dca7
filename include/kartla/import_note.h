/*
 * The report of an import: what a reader of another tool's file repaired,
 * guessed, kept aside or could not map. Used by lib/visio, lib/drawio and
 * lib/import; a front shows it to the person importing.
 */
#ifndef KARTLA_IMPORT_NOTE_H
#define KARTLA_IMPORT_NOTE_H

#include <stdarg.h>
#include <stddef.h>

#include "kartla/err.h"

/*
 * One thing a reader repaired, guessed, kept aside or could not map.
 * `code` is stable for programs ("bpmn.dangling_ref", "visio.unmapped_shape");
 * `where` names the place for a person ("page 2, shape 14", "line 31",
 * element id); `message` says what happened, in English (the code and the
 * where are what a front translates).
 */
struct ka_import_note {
	char *code;
	char *where;
	char *message;
	unsigned long line; /* 0 when the note has no line */
	char *element_id;   /* NULL when it names no element */
	/* the format `message` was made from (a literal, msgcat.h) and its arguments; or NULL */
	const char *msgid;
	struct ka_msg_params params;
};

/* The notes of one import, in the order they were made. Owns its strings. */
struct ka_import_report {
	struct ka_import_note *notes;
	size_t n, cap;
};

void ka_import_report_init(struct ka_import_report *r);
void ka_import_report_free(struct ka_import_report *r);
/* Appends a note (copies the strings); 0 or KA_ERR_* on allocation failure. */
int ka_import_note(struct ka_import_report *r, const char *code, const char *where, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
int ka_import_vnote(struct ka_import_report *r, const char *code, const char *where,
                    const char *fmt, va_list ap);
/*
 * Appends a note about a line and/or element of a file (line 0, element_id
 * NULL: none); its `where` reads "line 12, element 'Task_1'".
 */
int ka_import_note_at(struct ka_import_report *r, const char *code, unsigned long line,
                      const char *element_id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
