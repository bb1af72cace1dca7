/*
 * diagrams.net (draw.io) files, plain or with compressed diagrams, into BPMN XML text.
 */
#ifndef KARTLA_DRAWIO_H
#define KARTLA_DRAWIO_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/import_note.h"

/*
 * Translates a draw.io file (an <mxfile> of plain or compressed <diagram>
 * pages, or a bare <mxGraphModel>) into BPMN XML appended to `out`: one
 * process (or collaboration of pools) and one BPMNDiagram per page. Adds a
 * note to `rep` (may be NULL) for every cell not mapped or guessed at, with
 * `where` = page "NAME", cell ID and one of the codes drawio.unmapped_shape,
 * drawio.unmapped_edge, drawio.loose_edge, drawio.guessed,
 * drawio.placed_by_position, drawio.outside_pool, drawio.empty_page,
 * drawio.duplicate_id, drawio.dangling_ref, drawio.bad_geometry,
 * drawio.too_many_cells (docs/import.md). `file` names the input in messages.
 * On error (not XML, bad base64 or deflate, a page inflating past 64 MB, a
 * page that is not well-formed XML or has a DOCTYPE) `diag` names the page
 * and `out` holds nothing useful. The BPMN ids are "p<page>_<cell id>".
 */
int ka_drawio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                      struct ka_import_report *rep, struct ka_diag *diag);

#endif
