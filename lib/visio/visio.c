/*
 * Visio drawings into BPMN text. Placeholder until the reader lands: refuses
 * with a clear message.
 */
#include "kartla/visio.h"
#include "kartla/banned.h"

int ka_visio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                     struct ka_import_report *rep, struct ka_diag *diag)
{
	(void)out;
	(void)data;
	(void)len;
	(void)file;
	(void)rep;
	return ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "Visio drawings cannot be read yet");
}
