/*
 * lib/visio private: reading parts of an OPC package (a ZIP) with libzip,
 * within caps checked while inflating (a header may lie about sizes).
 *
 * Ownership: a vs_zip borrows the input bytes (they must outlive it) and owns
 * the libzip handle; vs_zip_close() releases it.
 */
#ifndef KARTLA_VISIO_ZIP_H
#define KARTLA_VISIO_ZIP_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"

struct vs_zip {
	void *z;          /* zip_t * */
	size_t inflated;  /* bytes inflated so far, against VS_ZIP_MAX_TOTAL */
	const char *file; /* borrowed, for messages */
};

/*
 * Opens `len` bytes as a ZIP. Refuses a file that is not a ZIP, has more than
 * VS_ZIP_MAX_ENTRIES entries, or an entry whose name is absolute or holds a
 * ".." segment or a backslash.
 */
int vs_zip_open(struct vs_zip *z, const char *data, size_t len, const char *file,
                struct ka_diag *diag);
void vs_zip_close(struct vs_zip *z);
/* True when the package has an entry named `part` (no leading slash). */
int vs_zip_has(struct vs_zip *z, const char *part);
/*
 * Inflates `part` into `out` (emptied first), refusing past VS_PART_MAX bytes
 * or when the whole package has inflated more than VS_ZIP_MAX_TOTAL.
 */
int vs_zip_read(struct vs_zip *z, const char *part, struct ka_buf *out, struct ka_diag *diag);

/*
 * Resolves a relationship target against the folder of the part `base`
 * ("visio/pages/pages.xml" + "../masters/m1.xml" -> "visio/masters/m1.xml";
 * a target starting with '/' is from the package root). Fails with
 * KA_ERR_BPMN when the target climbs above the root or is too long.
 */
int vs_part_resolve(char *out, size_t outsz, const char *base, const char *target);

#endif
