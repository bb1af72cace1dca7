/*
 * The checker over every BPMN MIWG reference model: no error-severity
 * finding for constructs that are valid BPMN. The errors it may report are
 * listed, each with its reason, in reference.txt; the comparison goes both
 * ways, so a listed error that disappears fails the test too.
 * Usage: test_check_reference MIWG_REFERENCE_DIR reference.txt
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/check.h"

#define MAX_EXPECT 64

struct expect {
	char kind[16], file[128], rule[64], id[160];
	int seen;
};

static struct expect ex[MAX_EXPECT];
static size_t nex;
static int failures;

static void load_list(const char *path)
{
	char line[2048];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("not ok - cannot open %s\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		struct expect *e = &ex[nex];
		int fields, reason;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (nex == MAX_EXPECT) {
			printf("not ok - %s: too many lines\n", path);
			exit(1);
		}
		memset(e, 0, sizeof(*e));
		reason = 0;
		fields = sscanf(line, "%15s %127s %63s %159s %n", e->kind, e->file, e->rule, e->id,
		                &reason);
		if (fields < 2 || (strcmp(e->kind, "repair") && strcmp(e->kind, "error")) ||
		    (!strcmp(e->kind, "error") &&
		     (fields < 4 || !reason || strlen(line + reason) < 10))) {
			printf("not ok - %s: cannot read line (an error needs FILE RULE ID "
			       "REASON): %s",
			       path, line);
			exit(1);
		}
		nex++;
	}
	fclose(f);
}

static int wants_repair(const char *file)
{
	size_t i;

	for (i = 0; i < nex; i++)
		if (!strcmp(ex[i].kind, "repair") && !strcmp(ex[i].file, file))
			return 1;
	return 0;
}

static struct expect *expected(const char *file, const char *rule, const char *id)
{
	size_t i;

	for (i = 0; i < nex; i++)
		if (!strcmp(ex[i].kind, "error") && !strcmp(ex[i].file, file) &&
		    !strcmp(ex[i].rule, rule) && !strcmp(ex[i].id, id))
			return &ex[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void one(const char *dir, const char *file)
{
	struct ka_read_opts opts;
	struct ka_findings f;
	struct ka_diag d;
	struct ka_map *m = NULL;
	char path[4096], msg[1024];
	size_t i, unexpected = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ka_read_opts_init(&opts);
	opts.repair = wants_repair(file);
	ka_diag_init(&d, path);
	if (ka_bpmn_read_file(&m, path, &opts, &d)) {
		ka_diag_format(&d, msg, sizeof(msg));
		printf("not ok - %s: %s\n", file, msg);
		failures++;
		return;
	}
	ka_findings_init(&f);
	ka_check_run(m, NULL, &f);
	for (i = 0; i < f.n; i++) {
		const struct ka_finding *x = &f.v[i];
		struct expect *e;

		if (x->severity != KA_SEV_ERROR)
			continue;
		e = expected(file, x->rule, x->element_id);
		if (e) {
			e->seen++;
			continue;
		}
		printf("not ok - %s:%lu: unexpected error [%s] %s: %s\n", file, x->line, x->rule,
		       x->element_id, x->message);
		unexpected++;
	}
	if (!unexpected)
		printf("ok - %s: %zu listed error(s), %zu warning(s)\n", file,
		       f.counts[KA_SEV_ERROR], f.counts[KA_SEV_WARNING]);
	failures += (int)unexpected;
	ka_findings_release(&f);
	ka_map_free(m);
}

int main(int argc, char **argv)
{
	char *names[256];
	size_t n = 0, i;
	struct dirent *e;
	DIR *d;

	if (argc != 3) {
		fprintf(stderr, "usage: test_check_reference MIWG_REFERENCE_DIR reference.txt\n");
		return 2;
	}
	load_list(argv[2]);
	d = opendir(argv[1]);
	if (!d) {
		printf("not ok - cannot open %s\n", argv[1]);
		return 1;
	}
	while ((e = readdir(d)) && n < 256) {
		size_t len = strlen(e->d_name);

		if (len > 5 && !strcmp(e->d_name + len - 5, ".bpmn"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	if (n < 20) {
		printf("not ok - only %zu reference files in %s\n", n, argv[1]);
		failures++;
	}
	for (i = 0; i < n; i++) {
		one(argv[1], names[i]);
		free(names[i]);
	}
	for (i = 0; i < nex; i++) {
		if (!strcmp(ex[i].kind, "error") && ex[i].seen != 1) {
			printf("not ok - %s: listed error [%s] %s reported %d time(s), not once\n",
			       ex[i].file, ex[i].rule, ex[i].id, ex[i].seen);
			failures++;
		}
	}
	printf("# %zu reference files, %d failures\n", n, failures);
	return failures ? 1 : 0;
}
