/*
 * Golden cases for every rule, table-driven from the rule list itself:
 * cases/<rule-id>/fail*.bpmn must each give a finding of that rule (at its
 * default severity) and cases/<rule-id>/pass.bpmn must give no finding at
 * all. A rule without a case directory, or a directory naming no rule, fails
 * the test. Then every .bpmn file of valid/ (valid BPMN constructs: boundary events,
 * event sub-processes, compensation, ad-hoc, links, black-box pools...) must
 * give no error. Usage: test_check_cases CASES_DIR VALID_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/check.h"

static int failures, checks;

static void failf(const char *path, const char *what, const char *rule)
{
	printf("not ok - %s: %s%s%s\n", path, what, rule ? " " : "", rule ? rule : "");
	failures++;
}

/* Reads and checks one file; returns 0 and fills `f`, or -1 (reported). */
static int check_file(const char *path, struct ka_findings *f)
{
	struct ka_map *m = NULL;
	struct ka_diag d;
	char msg[1024];

	struct ka_read_opts o;

	ka_read_opts_init(&o);
	o.repair =
	    true; /* as the CLI, the API and the editor read: rule import-repair reports it */
	ka_diag_init(&d, path);
	ka_findings_init(f);
	if (ka_bpmn_read_file(&m, path, &o, &d)) {
		ka_diag_format(&d, msg, sizeof(msg));
		failf(path, msg, NULL);
		return -1;
	}
	ka_check_run(m, NULL, f);
	/* the findings borrow from the map: keep only what we compare */
	for (size_t i = 0; i < f->n; i++) {
		f->v[i].el = NULL;
		f->v[i].element_id = "";
		f->v[i].element_name = "";
	}
	ka_map_free(m);
	return 0;
}

static void print_findings(const struct ka_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		printf("#   %s [%s] %s\n", ka_severity_name(f->v[i].severity), f->v[i].rule,
		       f->v[i].message);
}

static void one_rule(const char *dir, size_t rule)
{
	const char *id = ka_check_rule_id(rule);
	char path[4096];
	struct dirent *e;
	DIR *d;
	int nfail = 0, havepass = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, id);
	d = opendir(path);
	if (!d) {
		failf(path, "no golden case directory for rule", id);
		return;
	}
	while ((e = readdir(d))) {
		struct ka_findings f;
		size_t n = strlen(e->d_name), i, hits = 0;
		int pass;

		if (n < 6 || strcmp(e->d_name + n - 5, ".bpmn"))
			continue;
		pass = !strcmp(e->d_name, "pass.bpmn");
		if (!pass && strncmp(e->d_name, "fail", 4))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, id, e->d_name);
		if (check_file(path, &f))
			continue;
		checks++;
		for (i = 0; i < f.n; i++) {
			if (strcmp(f.v[i].rule, id))
				continue;
			hits++;
			if (f.v[i].severity != ka_check_rule_default(rule))
				failf(path, "finding at a severity other than the default of", id);
		}
		if (pass) {
			havepass = 1;
			if (f.n) {
				failf(path, "pass case gives findings", NULL);
				print_findings(&f);
			} else {
				printf("ok - %s: no findings\n", path);
			}
		} else {
			nfail++;
			if (!hits)
				failf(path, "fail case gives no finding of", id);
			else
				printf("ok - %s: %zu finding(s) of %s\n", path, hits, id);
		}
		ka_findings_release(&f);
	}
	closedir(d);
	if (!nfail)
		failf(id, "no fail*.bpmn case for rule", id);
	if (!havepass)
		failf(id, "no pass.bpmn case for rule", id);
}

static void stale_dirs(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		failf(dir, "cannot open", NULL);
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		DIR *sub;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		sub = opendir(path);
		if (!sub)
			continue; /* a file: the generator */
		closedir(sub);
		if (ka_check_rule_find(e->d_name) < 0)
			failf(path, "case directory names no rule", NULL);
	}
	closedir(d);
}

static void valid_files(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d) {
		failf(dir, "cannot open", NULL);
		return;
	}
	while ((e = readdir(d))) {
		struct ka_findings f;
		char path[4096];
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".bpmn"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (check_file(path, &f))
			continue;
		n++;
		checks++;
		if (f.counts[KA_SEV_ERROR]) {
			failf(path, "valid BPMN gives errors", NULL);
			print_findings(&f);
		} else {
			printf("ok - %s: no errors\n", path);
		}
		ka_findings_release(&f);
	}
	closedir(d);
	if (n < 5)
		failf(dir, "too few valid-construct files", NULL);
}

int main(int argc, char **argv)
{
	size_t i, n = ka_check_rule_count();

	if (argc != 3) {
		fprintf(stderr, "usage: test_check_cases CASES_DIR VALID_DIR\n");
		return 2;
	}
	if (n < 30)
		failf("rules", "fewer rules than expected", NULL);
	for (i = 0; i < n; i++)
		one_rule(argv[1], i);
	stale_dirs(argv[1]);
	valid_files(argv[2]);
	printf("# %zu rules, %d files checked, %d failures\n", n, checks, failures);
	return failures ? 1 : 0;
}
