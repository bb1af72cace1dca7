/*
 * libFuzzer target for the risk scale reader (lib/risk_scale.c): any JSON
 * either is refused with a field and a message, or gives a scale that keeps
 * the invariants every other function relies on (size 3..6, 2 <= yellow <
 * red <= size², acceptance never more lenient for a worse colour), writes
 * back to JSON that reads to the same scale, and renders as an SVG matrix.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/risk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_risk_scale s, back;
	struct ka_risk_matrix m;
	char field[160], msg[300];
	struct ka_buf b;
	json_t *j, *again;
	int err, l, c;

	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!j)
		return 0;
	field[0] = msg[0] = 0;
	err = ka_risk_scale_from_json(j, &s, field, sizeof(field), msg, sizeof(msg));
	json_decref(j);
	if (err) {
		if (err != KA_ERR_INVALID || !msg[0]) {
			fprintf(stderr, "fuzz_risk_scale: error %d without a message\n", err);
			abort();
		}
		return 0;
	}
	if (s.size < KA_RISK_SIZE_MIN || s.size > KA_RISK_SIZE_MAX || s.yellow < 2 ||
	    s.red <= s.yellow || s.red > s.size * s.size || s.accept[0] > s.accept[1] ||
	    s.accept[1] > s.accept[2]) {
		fprintf(stderr, "fuzz_risk_scale: accepted a scale that breaks an invariant\n");
		abort();
	}
	again = ka_risk_scale_to_json(&s);
	if (ka_risk_scale_from_json(again, &back, field, sizeof(field), msg, sizeof(msg)) ||
	    memcmp(&s, &back, sizeof(s))) {
		fprintf(stderr, "fuzz_risk_scale: the scale does not survive a round trip\n");
		abort();
	}
	json_decref(again);
	ka_risk_matrix_init(&m, s.size);
	for (l = 1; l <= s.size; l++)
		for (c = 1; c <= s.size; c++)
			if (ka_risk_matrix_add(&m, (l + c) % 2, l, c) ||
			    ka_risk_value(&s, l, c) != l * c)
				abort();
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (ka_risk_matrix_svg(&s, &m, "nb", &b))
		abort();
	ka_buf_release(&b);
	return 0;
}
