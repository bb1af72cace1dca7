/*
 * libFuzzer target for the automatic layout (lib/layout), whose input is a
 * map: whatever the BPMN reader accepts must lay out, and the result must
 * read back strictly (ka_layout_bpmn checks that); laying out the result
 * again with --keep must work too and change no byte (every shape is placed
 * already). Any violated property aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_layout: property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_read_opts ro;
	struct ka_layout_opts lo;
	struct ka_map *m = NULL;
	struct ka_buf out, again;
	struct ka_diag d;
	int err;

	ka_read_opts_init(&ro);
	ro.repair = size % 2 == 0; /* both reading modes */
	ka_diag_init(&d, "fuzz-input");
	if (ka_bpmn_read(&m, (const char *)data, size, "fuzz-input", &ro, &d))
		return 0; /* refused by the reader: its own target covers that */
	ka_map_free(m);
	ka_layout_opts_init(&lo);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	ka_buf_init(&again, KA_BUF_UNLIMITED);
	err = ka_layout_bpmn(&out, (const char *)data, size, "fuzz-input", &ro, &lo, NULL, &d);
	if (err && err != KA_ERR_LIMIT)
		die("a map the reader accepts did not lay out", d.message);
	if (!err) {
		bool repair = ro.repair; /* a repaired input keeps what reading kept */

		lo.keep = true;
		ka_read_opts_init(&ro);
		ro.repair = repair;
		err = ka_layout_bpmn(&again, out.data, out.len, "fuzz-output", &ro, &lo, NULL, &d);
		if (err)
			die("the laid-out map did not lay out again with --keep", d.message);
		if (again.len != out.len || memcmp(again.data, out.data, out.len))
			die("--keep changed a laid-out map", NULL);
	}
	ka_buf_release(&out);
	ka_buf_release(&again);
	return 0;
}
