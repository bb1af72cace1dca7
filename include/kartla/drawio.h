/*
 * diagrams.net (draw.io) files, plain or with compressed diagrams, into BPMN XML text.
 */
#ifndef KARTLA_DRAWIO_H
#define KARTLA_DRAWIO_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/import_note.h"

/* Like ka_visio_to_bpmn (visio.h), for a draw.io file. */
int ka_drawio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                      struct ka_import_report *rep, struct ka_diag *diag);

#endif
