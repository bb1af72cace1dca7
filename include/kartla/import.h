/*
 * Bringing in what organisations already have: a BPMN export from any tool, a
 * Visio drawing (.vsdx, .vsdm, .vdx, .vsd) or a draw.io diagram, read into a
 * map with an honest report of everything repaired, guessed or left out.
 *
 * The readers of other formats (lib/visio, lib/drawio) translate into BPMN XML
 * text and their notes; ka_import_read then reads that text like any BPMN file,
 * so one reader builds every map and the checker sees the same model.
 */
#ifndef KARTLA_IMPORT_H
#define KARTLA_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "kartla/bpmn.h"
#include "kartla/drawio.h"
#include "kartla/import_note.h"
#include "kartla/visio.h"

enum ka_import_format {
	KA_IMPORT_UNKNOWN = 0,
	KA_IMPORT_BPMN,   /* XML that is not one of the below */
	KA_IMPORT_VSDX,   /* Visio 2013+ (OPC ZIP): .vsdx, .vsdm */
	KA_IMPORT_VDX,    /* Visio 2003-2010 XML drawing */
	KA_IMPORT_VSD,    /* Visio 2003-2010 binary (OLE2 compound file) */
	KA_IMPORT_DRAWIO, /* diagrams.net: <mxfile> or <mxGraphModel> */
};

/* What the bytes are, by their magic and first element; `name` (may be NULL) breaks ties. */
enum ka_import_format ka_import_sniff(const char *data, size_t len, const char *name);
/* "bpmn", "vsdx", "vdx", "vsd", "drawio" or "unknown". */
const char *ka_import_format_name(enum ka_import_format f);

/*
 * Reads any supported file into a new map (*out, free with ka_map_free):
 * sniffs the format, translates Visio and draw.io, then reads BPMN with
 * `opts` (whose warn callback also sees each repair). Every repair and note
 * lands in `rep`. `file` is borrowed for the map's lifetime.
 */
int ka_import_read(struct ka_map **out, const char *data, size_t len, const char *file,
                   const struct ka_read_opts *opts, struct ka_import_report *rep,
                   struct ka_diag *diag);

/*
 * ka_import_read of a file: a BPMN file streams through ka_bpmn_read_file
 * (never held whole in memory); other formats are read whole, refused
 * beyond opts->limits.max_bytes. `path` is borrowed for the map's lifetime.
 */
int ka_import_read_file(struct ka_map **out, const char *path, const struct ka_read_opts *opts,
                        struct ka_import_report *rep, struct ka_diag *diag);

/*
 * What the editor's import answers, storing nothing: the file read (any
 * supported format; strictly when `strict`, else repairing), refused beyond
 * max_bytes, as {bpmn (the map written as BPMN XML), format, repairs:
 * [{code, where, message, line, element_id}]} in *out (new). `name` (may be
 * NULL) is the file's name: it breaks format ties and names it in messages.
 */
int ka_import_answer(json_t **out, const char *data, size_t len, const char *name, bool strict,
                     size_t max_bytes, struct ka_diag *diag);

/* True when data is valid UTF-8 without NUL bytes: text that can be stored as it is. */
bool ka_import_text_ok(const char *data, size_t len);

/* The notes as [{code, where, message, line, element_id}] (null line/element_id when none); new. */
json_t *ka_import_report_to_json(const struct ka_import_report *rep);

#endif
