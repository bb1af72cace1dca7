/* `kartla convert IN OUT`: BPMN in, normalised BPMN or model JSON out. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kartla/map_json.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla convert [--repair] [--max-size BYTES] [--to bpmn|json] IN OUT\n"
	           "  OUT ending in .json writes the model as JSON, otherwise BPMN XML;\n"
	           "  OUT '-' writes to standard output (BPMN unless --to json).\n");
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

int cmd_convert(int argc, char **argv)
{
	struct ka_read_opts opts;
	struct ka_diag diag;
	struct ka_map *m = NULL;
	struct ka_buf out;
	struct ka_atomic af = KA_ATOMIC_INIT;
	const char *in = NULL, *outpath = NULL, *to = NULL;
	int i, err, status = CLI_EXIT_OK;

	ka_read_opts_init(&opts);
	opts.warn = cli_warn;
	for (i = 1; i < argc; i++) {
		int r = cli_read_option(argc, argv, &i, &opts);

		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
			to = argv[++i];
			if (strcmp(to, "bpmn") && strcmp(to, "json")) {
				fprintf(stderr, "kartla: --to must be bpmn or json\n");
				return CLI_EXIT_USAGE;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "kartla: convert: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else if (!in) {
			in = argv[i];
		} else if (!outpath) {
			outpath = argv[i];
		} else {
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (!in || !outpath) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!to)
		to = ends_with(outpath, ".json") ? "json" : "bpmn";

	ka_diag_init(&diag, in);
	err = ka_bpmn_read_file(&m, in, &opts, &diag);
	if (err) {
		cli_print_diag(NULL, &diag);
		return cli_exit_status(err);
	}
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	if (!strcmp(outpath, "-")) {
		ka_buf_set_flush(&out, write_stdout, NULL);
		err = 0;
	} else {
		err = ka_atomic_open(&af, outpath);
		if (!err)
			ka_buf_set_flush(&out, ka_atomic_write, &af);
	}
	if (!err)
		err = !strcmp(to, "json") ? ka_map_json_write(m, &out) : ka_bpmn_write(m, &out);
	if (!err)
		err = ka_buf_flush(&out);
	if (!err && !strcmp(outpath, "-") && fflush(stdout))
		err = KA_ERR_IO;
	if (strcmp(outpath, "-") && af.fd >= 0) {
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
