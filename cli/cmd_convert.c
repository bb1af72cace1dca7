/*
 * `kartla convert IN OUT`: BPMN in, normalised BPMN or model JSON out; and
 * `kartla convert -d DIR IN...`: many maps in one run, one output file each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kartla/alloc.h"
#include "kartla/import.h"
#include "kartla/map_json.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: kartla convert [--strict] [--max-size BYTES] [--to bpmn|json] IN OUT\n"
	       "       kartla convert [--strict] [--max-size BYTES] [--to bpmn|json] -d DIR IN...\n"
	       "  IN is BPMN from any tool (or, as their readers arrive, Visio or draw.io);\n"
	       "  what other tools get wrong is repaired and listed as warnings, --strict\n"
	       "  refuses it instead (exit 2);\n"
	       "  OUT ending in .json writes the model as JSON, otherwise BPMN XML;\n"
	       "  OUT '-' writes to standard output (BPMN unless --to json);\n"
	       "  -d DIR writes DIR/<name of IN>.bpmn (or .json with --to json) for each IN.\n");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcasecmp(s + a - b, suffix);
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) == len ? 0 : KA_ERR_IO;
}

/* Converts one file; returns an exit status and prints its own messages. */
static int convert_one(const char *in, const char *outpath, const char *to,
                       const struct ka_read_opts *opts)
{
	struct ka_import_report rep;
	struct ka_diag diag;
	struct ka_map *m = NULL;
	struct ka_buf out;
	struct ka_atomic af = KA_ATOMIC_INIT;
	int to_stdout = !strcmp(outpath, "-");
	int err, status = CLI_EXIT_OK;

	ka_diag_init(&diag, in);
	ka_import_report_init(&rep);
	err = ka_import_read_file(&m, in, opts, &rep, &diag);
	if (!err)
		cli_print_import_notes(in, &rep);
	ka_import_report_free(&rep);
	if (err) {
		cli_print_diag(NULL, &diag);
		return cli_exit_status(err);
	}
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	if (to_stdout) {
		ka_buf_set_flush(&out, write_stdout, NULL);
	} else {
		err = ka_atomic_open(&af, outpath);
		if (!err)
			ka_buf_set_flush(&out, ka_atomic_write, &af);
	}
	if (!err)
		err = !strcmp(to, "json") ? ka_map_json_write(m, &out) : ka_bpmn_write(m, &out);
	if (!err)
		err = ka_buf_flush(&out);
	if (!err && to_stdout && fflush(stdout))
		err = KA_ERR_IO;
	if (!to_stdout && af.fd >= 0) {
		if (err)
			ka_atomic_abort(&af);
		else
			err = ka_atomic_commit(&af);
	}
	if (err) {
		fprintf(stderr, "kartla: cannot write %s: %s\n", outpath, ka_strerror(err));
		status = CLI_EXIT_OUTPUT;
	}
	ka_buf_release(&out);
	ka_map_free(m);
	return status;
}

/* DIR/<basename of IN without .bpmn/.xml>.<ext>; caller frees. */
static char *output_name(const char *dir, const char *in, const char *ext)
{
	const char *base = strrchr(in, '/');
	struct ka_buf b;
	size_t len;

	base = base ? base + 1 : in;
	len = strlen(base);
	if (ends_with(base, ".bpmn"))
		len -= 5;
	else if (ends_with(base, ".xml"))
		len -= 4;
	else if (ends_with(base, ".vsdx") || ends_with(base, ".vsdm"))
		len -= 5;
	else if (ends_with(base, ".vsd") || ends_with(base, ".vdx"))
		len -= 4;
	else if (ends_with(base, ".drawio"))
		len -= 7;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_addf(&b, "%s/%.*s.%s", dir, (int)len, base, ext);
	return ka_buf_detach(&b, NULL);
}

int cmd_convert(int argc, char **argv)
{
	struct ka_read_opts opts;
	const char *to = NULL, *dir = NULL;
	const char **files;
	int i, nfiles = 0, status = CLI_EXIT_OK;

	ka_read_opts_init(&opts);
	opts.repair = true; /* read and report; --strict refuses */
	opts.warn = cli_warn;
	files = ka_xcalloc((size_t)argc, sizeof(*files));
	for (i = 1; i < argc; i++) {
		int r = cli_read_option(argc, argv, &i, &opts);

		if (r < 0) {
			status = CLI_EXIT_USAGE;
			goto out;
		}
		if (r)
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			goto out;
		} else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
			to = argv[++i];
			if (strcmp(to, "bpmn") && strcmp(to, "json")) {
				fprintf(stderr, "kartla: --to must be bpmn or json\n");
				status = CLI_EXIT_USAGE;
				goto out;
			}
		} else if ((!strcmp(argv[i], "-d") || !strcmp(argv[i], "--out-dir")) &&
		           i + 1 < argc) {
			dir = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "kartla: convert: unknown option '%s'\n", argv[i]);
			usage(stderr);
			status = CLI_EXIT_USAGE;
			goto out;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (dir) {
		/* Batch: every input is converted even when one fails; the worst status wins. */
		if (!nfiles) {
			usage(stderr);
			status = CLI_EXIT_USAGE;
			goto out;
		}
		for (i = 0; i < nfiles; i++) {
			char *outpath =
			    output_name(dir, files[i], to && !strcmp(to, "json") ? "json" : "bpmn");
			int st = convert_one(files[i], outpath, to ? to : "bpmn", &opts);

			if (st > status)
				status = st;
			free(outpath);
		}
		goto out;
	}
	if (nfiles != 2) {
		usage(stderr);
		status = CLI_EXIT_USAGE;
		goto out;
	}
	if (!to)
		to = ends_with(files[1], ".json") ? "json" : "bpmn";
	status = convert_one(files[0], files[1], to, &opts);
out:
	free(files);
	return status;
}
