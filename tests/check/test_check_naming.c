/*
 * The verb + object judgement on real activity names: tests/data/naming/<lang>.tsv holds
 * lines "name<TAB>verdict" (ok, no-verb or no-object; '#' starts a comment). Prints the
 * accuracy per language and every miss, and fails when a language is below its threshold
 * (per cent) or a file has fewer than MIN_NAMES names.
 * Usage: test_check_naming DATA_DIR MIN_NAMES NB_PERCENT SV_PERCENT EN_PERCENT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

static const char *const verdicts[] = {"ok", "no-verb", "no-object"};

/* Judges every line of one file; returns names read, *hits the right verdicts, -1 on error. */
static long judge_file(const char *path, enum ka_lang lang, long *hits)
{
	char line[1024];
	long n = 0, lineno = 0;
	FILE *f = fopen(path, "r");

	*hits = 0;
	if (!f) {
		printf("not ok - cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *end;
		int want = -1, k;
		enum ka_check_naming got;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		end = line + strcspn(line, "\r\n");
		*end = '\0';
		if (tab)
			*tab = '\0';
		for (k = 0; tab && k < 3; k++)
			if (!strcmp(tab + 1, verdicts[k]))
				want = k;
		if (want < 0) {
			printf("not ok - %s:%ld: no verdict (ok, no-verb, no-object)\n", path,
			       lineno);
			fclose(f);
			return -1;
		}
		got = ka_check_verb_object(lang, line);
		n++;
		if ((int)got == want)
			(*hits)++;
		else
			printf("# miss %s:%ld \"%s\": got %s, expected %s\n", path, lineno, line,
			       verdicts[got], verdicts[want]);
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static const enum ka_lang langs[] = {KA_LANG_NB, KA_LANG_SV, KA_LANG_EN};
	long min_names;
	int failed = 0;
	size_t i;

	if (argc != 6) {
		fprintf(stderr, "usage: test_check_naming DATA_DIR MIN_NAMES NB_PERCENT SV_PERCENT "
		                "EN_PERCENT\n");
		return 2;
	}
	min_names = strtol(argv[2], NULL, 10);
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		char path[4096];
		long hits, n;
		double pct, min_pct = strtod(argv[3 + i], NULL);

		snprintf(path, sizeof(path), "%s/%s.tsv", argv[1], ka_lang_code(langs[i]));
		n = judge_file(path, langs[i], &hits);
		if (n < 0) {
			failed = 1;
			continue;
		}
		pct = n ? 100.0 * (double)hits / (double)n : 0.0;
		printf("%s %s: %ld of %ld names right, %.1f %% (threshold %.1f %%, at least %ld "
		       "names)\n",
		       pct >= min_pct && n >= min_names ? "ok -" : "not ok -",
		       ka_lang_code(langs[i]), hits, n, pct, min_pct, min_names);
		if (pct < min_pct || n < min_names)
			failed = 1;
	}
	return failed;
}
