/*
 * libFuzzer target for ka_duration_text_parse / ka_duration_text_format
 * (lib/bpmn/duration_text.c): any bytes, in each of nb, sv and en. What is
 * accepted must be a finite, non-negative ISO 8601 duration ka_duration_parse
 * agrees with, its text as shown must read back as the same ISO text, and a
 * refusal must leave a message.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/duration_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const char *s, const char *lang)
{
	struct ka_duration_text d, back;
	struct ka_diag diag;
	char shown[256];
	double secs;

	ka_diag_init(&diag, NULL);
	if (ka_duration_text_parse(&d, s, lang, &diag)) {
		if (!diag.message[0])
			abort();
		return;
	}
	if (!isfinite(d.seconds) || d.seconds < 0 || ka_duration_parse(d.iso, &secs) ||
	    secs != d.seconds) {
		fprintf(stderr, "fuzz_duration_text: '%s' gave '%s'\n", s, d.iso);
		abort();
	}
	if (ka_duration_text_format(shown, sizeof(shown), d.iso, lang) ||
	    ka_duration_text_parse(&back, shown, lang, &diag) || strcmp(back.iso, d.iso)) {
		fprintf(stderr,
		        "fuzz_duration_text: '%s' = '%s' shown as '%s' does not read back\n", s,
		        d.iso, shown);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	one(s, "nb");
	one(s, "sv");
	one(s, "en");
	free(s);
	return 0;
}
