/*
 * libFuzzer target for the Kartla ISO 8601 duration parser. The parser must
 * not read past the string, and what it accepts must be a finite,
 * non-negative number of seconds written in the P[nW][nD][T[nH][nM][nS]]
 * form with decimal digits (the parser once used strtod and took hex and
 * exponents; KARTLA_FUZZ_GRAMMAR=0 turns this check off).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The accepted grammar, written independently: P, then designators in order. */
static int well_formed(const char *s)
{
	const char *units = "WDTHMS";
	const char *last = units - 1;
	int in_time = 0, any = 0;

	if (*s++ != 'P')
		return 0;
	while (*s) {
		const char *u;
		int digits = 0;

		if (*s == 'T') {
			if (in_time || !s[1])
				return 0;
			in_time = 1;
			last = strchr(units, 'T');
			s++;
			continue;
		}
		while (isdigit((unsigned char)*s))
			s++, digits++;
		if (*s == '.' || *s == ',') {
			s++;
			if (!isdigit((unsigned char)*s))
				return 0;
			while (isdigit((unsigned char)*s))
				s++;
		}
		if (!digits || !*s)
			return 0;
		u = strchr(units, *s);
		if (!u || *s == 'T' || u <= last)
			return 0;
		if (in_time != (u > strchr(units, 'T')))
			return 0;
		last = u;
		any = 1;
		s++;
	}
	return any;
}

static int check_grammar;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *g = getenv("KARTLA_FUZZ_GRAMMAR");

	(void)argc;
	(void)argv;
	check_grammar = !g || strcmp(g, "0");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	double secs = -1;
	int err;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err = ka_duration_parse(s, &secs);
	if (!err) {
		if (!isfinite(secs) || secs < 0) {
			fprintf(stderr, "fuzz_duration: '%s' gave %g seconds\n", s, secs);
			abort();
		}
		if (check_grammar && !well_formed(s)) {
			fprintf(stderr,
			        "fuzz_duration: accepted '%s', which is not an ISO 8601 "
			        "duration of the supported form\n",
			        s);
			abort();
		}
	}
	free(s);
	return 0;
}
