/*
 * Visio drawings into BPMN text: sniff the container (OPC ZIP, OLE2, XML),
 * read it into the drawing model (visio_int.h), write that as BPMN.
 */
#include <string.h>

#include "kartla/visio.h"
#include "visio_int.h"
#include "kartla/banned.h"

static int first_is_visio_xml(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	for (size_t i = 0; i + 14 <= n; i++)
		if (data[i] == '<' && !memcmp(data + i + 1, "VisioDocument", 13))
			return 1;
	return 0;
}

int ka_visio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                     struct ka_import_report *rep, struct ka_diag *diag)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	struct vs_drawing d;
	int err;

	memset(&d, 0, sizeof d);
	d.file = file;
	if (!diag->file)
		diag->file = file;
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		err = vs_vsdx_read(&d, data, len, rep, diag);
	else if (len >= 8 && !memcmp(data, ole2, 8))
		err = vs_vsd_read(&d, data, len, rep, diag);
	else if (first_is_visio_xml(data, len))
		err = vs_vdx_read(&d, data, len, rep, diag);
	else
		err = ka_diag_set(
		    diag, KA_ERR_BPMN, 0, 0, NULL,
		    "not a Visio drawing (neither a .vsdx package, a .vsd file nor .vdx XML)");
	if (!err)
		err = vs_write_bpmn(out, &d);
	vs_drawing_free(&d);
	return err;
}
