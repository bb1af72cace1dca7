/*
 * Built without libvisio (meson -Dvsd=disabled, or libvisio-dev missing):
 * binary .vsd drawings are refused with a clear message.
 */
#include <stdio.h>

#include "visio_vsd.h"
#include "kartla/banned.h"

int vs_vsd_parse(struct vs_raw *raw, const char *data, size_t len, char *err, size_t errsz)
{
	(void)raw;
	(void)data;
	(void)len;
	snprintf(err, errsz,
	         "binary Visio drawings (.vsd) cannot be read: this Kartla was built "
	         "without libvisio; save the drawing as .vsdx");
	return -1;
}
