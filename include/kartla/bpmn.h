/*
 * BPMN 2.0 XML <-> model. Reading validates (well-formed, namespaces, known
 * BPMN elements, unique ids, resolvable references, DI numbers, Kartla
 * extension values) and builds a ka_map; writing serialises the map's tree.
 */
#ifndef KARTLA_BPMN_H
#define KARTLA_BPMN_H

#include <stdbool.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"

/* Called once per repair made in repair mode; the diag is only valid during the call. */
typedef void (*ka_warn_fn)(void *ctx, const struct ka_diag *warning);
/*
 * Called after `warn` for the same repair or note, with its stable code
 * ("bpmn.dangling_ref", "bpmn.duplicate_id", "xml.not_utf8",
 * "bpmn.bounds_negative", "bpmn.bounds_missing", "bpmn.unknown_element",
 * "bpmn.unknown_kartla_element"); docs/import.md lists them.
 */
typedef void (*ka_note_fn)(void *ctx, const char *code, const struct ka_diag *warning);

struct ka_read_opts {
	struct ka_xml_limits limits;
	/*
	 * false (default, the library's strict reading): a dangling reference,
	 * a duplicate id, invalid UTF-8, negative or missing DI sizes and unknown
	 * elements in the BPMN namespaces are errors.
	 * true (what the CLI, the API and the editor use unless asked to be
	 * strict): such defects, common in other tools' exports, are repaired
	 * and reported through `warn` and `note`: a dangling reference moves into
	 * the kartla:unresolved attribute of its element (so nothing is lost), a
	 * duplicate id gets a fresh id and keeps the old one in
	 * kartla:originalId, invalid UTF-8 is read as windows-1252, a negative
	 * width/height becomes its absolute value and a missing one a default
	 * (both written into the tree), and an unknown element in a BPMN
	 * namespace (Bizagi's <LoopCounter>) is kept as it is, not modelled.
	 */
	bool repair;
	ka_warn_fn warn;
	void *warn_ctx;
	ka_note_fn note;
	void *note_ctx;
	/*
	 * Maps with at least this many model elements have half of their
	 * references looked up on a second thread (the same result, sooner).
	 * 0 (as ka_read_opts_init() leaves it): KA_READ_THREADS_FROM; SIZE_MAX: never.
	 */
	size_t threads_from;
};

#define KA_READ_THREADS_FROM 20000

void ka_read_opts_init(struct ka_read_opts *o);

/*
 * Parses `len` bytes into a new map (*out, free with ka_map_free). `file`
 * names the input in messages and is borrowed for the map's lifetime.
 * On error *out is NULL and `diag` holds file, line, column, element id.
 */
int ka_bpmn_read(struct ka_map **out, const char *data, size_t len, const char *file,
                 const struct ka_read_opts *opts, struct ka_diag *diag);

/* Reads a file (refusing it beyond opts->limits.max_bytes) and parses it. */
int ka_bpmn_read_file(struct ka_map **out, const char *path, const struct ka_read_opts *opts,
                      struct ka_diag *diag);

/* Appends the BPMN XML of `m` (UTF-8, deterministic) to `out`. */
int ka_bpmn_write(const struct ka_map *m, struct ka_buf *out);

/* Parses an ISO 8601 duration (PnW, PnDTnHnMnS; no years or months) into seconds. */
int ka_duration_parse(const char *s, double *seconds);

#endif
