/*
 * Visio drawings (.vsdx, .vsdm, .vdx, .vsd) into BPMN XML text.
 */
#ifndef KARTLA_VISIO_H
#define KARTLA_VISIO_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/import_note.h"

/*
 * Translates a Visio drawing (the format is sniffed: OPC ZIP, XML or OLE2) into BPMN
 * XML appended to `out` (pools, lanes, flow nodes, flows and BPMN DI), adding
 * a note per shape not mapped, guess made or connector left loose. `file`
 * names the input in messages. On error `diag` says what and where (file,
 * part, line) and `out` holds nothing useful.
 */
int ka_visio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                     struct ka_import_report *rep, struct ka_diag *diag);

#endif
