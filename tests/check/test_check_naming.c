/*
 * The verb + object judgement on real activity names: tests/data/naming/<lang>.tsv holds
 * lines "name<TAB>verdict" (ok, no-verb or no-object; '#' starts a comment). Prints the
 * accuracy per language and every miss, and fails when a language is below its threshold
 * (per cent) or a file has fewer than MIN_NAMES names. Every name is judged a second
 * time with one ka_verb_memo shared by all files (as a checker run shares it over a
 * map's names), and any verdict that differs from the memo-less one fails the test.
 * Usage: test_check_naming DATA_DIR MIN_NAMES NB_PERCENT SV_PERCENT EN_PERCENT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

static const char *const verdicts[] = {"ok", "no-verb", "no-object"};

/* Judges every line of one file; returns names read, *hits the right verdicts, -1 on error. */
static long judge_file(const char *path, enum ka_lang lang, struct ka_verb_memo *memo, long *hits,
                       long *memo_differs)
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
		if (ka_check_verb_object_memo(memo, lang, line) != got) {
			printf("not ok - %s:%ld \"%s\": the memo changes the verdict\n", path,
			       lineno, line);
			(*memo_differs)++;
		}
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
	/* verbs in one of the languages only */
	static const char *const cross[] = {"Send invoice",       "Send faktura",  "Skicka faktura",
	                                    "Skick faktura",      "Sjekk søknad",  "Check søknad",
	                                    "Review application", "Vurder søknad", "Bedöm ansökan"};
	struct ka_verb_memo *memo = calloc(1, sizeof(*memo));
	long min_names, memo_differs = 0;
	int failed = 0;
	size_t i;

	if (!memo)
		return 2;
	if (argc != 6) {
		free(memo);
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
		n = judge_file(path, langs[i], memo, &hits, &memo_differs);
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
	/* The same words in every language: the memo must keep the languages apart. */
	for (i = 0; i < sizeof(cross) / sizeof(cross[0]) * 3; i++) {
		enum ka_lang lang = langs[i % 3];
		const char *name = cross[i / 3];

		if (ka_check_verb_object_memo(memo, lang, name) !=
		    ka_check_verb_object(lang, name)) {
			printf("not ok - \"%s\" in %s: the memo changes the verdict\n", name,
			       ka_lang_code(lang));
			memo_differs++;
		}
	}
	printf("%s the memo changed %ld verdicts\n", memo_differs ? "not ok -" : "ok -",
	       memo_differs);
	free(memo);
	return failed || memo_differs || !memo;
}
