/*
 * Round trip over every BPMN file under a directory: read, write, read back.
 * The two models must be equal (XML trees and model JSON), a second write must
 * give the same bytes, and only the files listed in repair.txt may need
 * --repair.
 * Usage: test_roundtrip [--optional] BPMN_DIR REPAIR_LIST MIN_FILES
 * BPMN_DIR is tests/data/bpmn (carried in the repository) or the optional full
 * corpus ../shared/data/bpmn; with --optional a missing BPMN_DIR is a skip
 * (exit status 77, meson's SKIP) with a message, not a failure.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kartla/bpmn.h"
#include "kartla/map_json.h"

static int failures, files;

static int in_list(const char *list, const char *rel)
{
	char key[1024];

	snprintf(key, sizeof(key), "\n%.1000s\n", rel);
	return strstr(list, key) != NULL;
}

static void fail(const char *rel, const char *what)
{
	printf("not ok - %s: %s\n", rel, what);
	failures++;
}

static void one(const char *path, const char *rel, const char *repair_list)
{
	struct ka_read_opts opts;
	struct ka_diag d;
	struct ka_map *a = NULL, *b = NULL, *c = NULL;
	struct ka_buf x1, x2, x3, j1, j2;
	char why[512];
	int err;

	files++;
	ka_read_opts_init(&opts);
	ka_buf_init(&x1, 0);
	ka_buf_init(&x2, 0);
	ka_buf_init(&x3, 0);
	ka_buf_init(&j1, 0);
	ka_buf_init(&j2, 0);
	ka_diag_init(&d, path);
	err = ka_bpmn_read_file(&a, path, &opts, &d);
	if (err == KA_ERR_REF && in_list(repair_list, rel)) {
		opts.repair = true;
		err = ka_bpmn_read_file(&a, path, &opts, &d);
		if (!err && a->nwarnings == 0)
			fail(rel, "repair mode reported no repairs");
	} else if (!err && in_list(repair_list, rel)) {
		fail(rel, "listed as needing --repair but reads strictly");
	}
	if (err) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof(msg));
		fail(rel, msg);
		goto out;
	}
	if (ka_bpmn_write(a, &x1) || ka_map_json_write(a, &j1)) {
		fail(rel, "write failed");
		goto out;
	}
	ka_read_opts_init(&opts);
	ka_diag_init(&d, "export");
	if (ka_bpmn_read(&b, x1.data, x1.len, "export", &opts, &d)) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof(msg));
		fail(rel, msg);
		goto out;
	}
	if (!ka_xml_equal(a->doc.root, b->doc.root, why, sizeof(why)))
		fail(rel, why);
	ka_map_json_write(b, &j2);
	if (strcmp(j1.data, j2.data))
		fail(rel, "model JSON differs after the round trip");
	ka_bpmn_write(b, &x2);
	if (x1.len != x2.len || memcmp(x1.data, x2.data, x1.len))
		fail(rel, "second export differs from the first (not deterministic)");
	/* Same input, same bytes: a fresh read of the original gives the same export. */
	ka_read_opts_init(&opts);
	opts.repair = in_list(repair_list, rel);
	if (ka_bpmn_read_file(&c, path, &opts, &d) == 0) {
		ka_bpmn_write(c, &x3);
		if (x3.len != x1.len || memcmp(x3.data, x1.data, x1.len))
			fail(rel, "two exports of the same input differ");
	}
	if (!failures)
		printf("ok - %s\n", rel);
out:
	ka_map_free(a);
	ka_map_free(b);
	ka_map_free(c);
	ka_buf_release(&x1);
	ka_buf_release(&x2);
	ka_buf_release(&x3);
	ka_buf_release(&j1);
	ka_buf_release(&j2);
}

static void walk(const char *dir, const char *rel, const char *repair_list)
{
	struct dirent **ents;
	int n, i;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		fail(dir, "cannot list directory");
		return;
	}
	for (i = 0; i < n; i++) {
		char path[4096], r[2048];
		struct stat st;
		const char *name = ents[i]->d_name;

		if (name[0] != '.') {
			snprintf(path, sizeof(path), "%.2000s/%.256s", dir, name);
			snprintf(r, sizeof(r), "%.1000s%s%.256s", rel, rel[0] ? "/" : "", name);
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				walk(path, r, repair_list);
			else if (strlen(name) > 5 && !strcmp(name + strlen(name) - 5, ".bpmn"))
				one(path, r, repair_list);
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	struct ka_buf list;
	struct stat st;
	bool optional = argc > 1 && !strcmp(argv[1], "--optional");
	long min_files;

	if (optional) {
		argc--;
		argv++;
	}
	if (argc != 4) {
		fprintf(stderr,
		        "usage: test_roundtrip [--optional] BPMN_DIR REPAIR_LIST MIN_FILES\n");
		return 2;
	}
	if (optional && stat(argv[1], &st) != 0) {
		printf("SKIP: optional corpus %s is absent (a plain clone has no ../shared)\n",
		       argv[1]);
		return 77;
	}
	min_files = strtol(argv[3], NULL, 10);
	ka_buf_init(&list, 0);
	ka_buf_adds(&list, "\n");
	if (ka_buf_read_file(&list, argv[2])) {
		fprintf(stderr, "cannot read %s\n", argv[2]);
		return 2;
	}
	walk(argv[1], "", list.data);
	printf("%d files, %d failures\n", files, failures);
	if (files < min_files)
		printf("not ok - only %d .bpmn files under %s, expected at least %ld\n", files,
		       argv[1], min_files);
	ka_buf_release(&list);
	return failures || files < min_files ? 1 : 0;
}
