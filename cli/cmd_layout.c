/*
 * `kartla layout IN OUT [--keep]`: lays out the diagram of a map (new BPMN
 * DI for every process, pool and lane; see include/kartla/layout.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kartla/layout.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla layout [--keep] [--repair] [--max-size BYTES] [-v] IN OUT\n"
	           "  writes IN with a new diagram to OUT ('-' for standard output);\n"
	           "  --keep keeps the shapes IN already places and places only the rest;\n"
	           "  -v prints what was written to standard error;\n"
	           "  --repeat N lays out N times in one run (for bench/layout).\n");
}

static int write_out(const char *path, const struct ka_buf *b)
{
	int err;

	if (strcmp(path, "-"))
		err = ka_write_file_atomic(path, b->data, b->len);
	else
		err =
		    fwrite(b->data, 1, b->len, stdout) == b->len && !fflush(stdout) ? 0 : KA_ERR_IO;
	if (err)
		fprintf(stderr, "kartla: cannot write %s: %s\n", path, ka_strerror(err));
	return err ? CLI_EXIT_OUTPUT : CLI_EXIT_OK;
}

int cmd_layout(int argc, char **argv)
{
	struct ka_read_opts ropts;
	struct ka_layout_opts lopts;
	struct ka_layout_stats st;
	struct ka_diag diag;
	struct ka_buf in, out;
	const char *files[2];
	int i, nfiles = 0, verbose = 0, err, status, repeat = 1;
	const char *v;
	int bad = 0;

	ka_read_opts_init(&ropts);
	ropts.warn = cli_warn;
	ka_layout_opts_init(&lopts);
	for (i = 1; i < argc; i++) {
		int r = cli_read_option(argc, argv, &i, &ropts);

		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(argv[i], "--keep")) {
			lopts.keep = true;
		} else if ((v = cli_option_value(argc, argv, &i, "--repeat", &bad)) || bad) {
			size_t nrep = 0;

			if (bad || cli_parse_size(v, &nrep) || nrep < 1 || nrep > 10000) {
				fprintf(stderr,
				        "kartla: layout: --repeat takes a count from 1 to 10000\n");
				return CLI_EXIT_USAGE;
			}
			repeat = (int)nrep;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = 1;
		} else if ((argv[i][0] == '-' && argv[i][1]) || nfiles == 2) {
			fprintf(stderr, "kartla: layout: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (nfiles != 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	ka_diag_init(&diag, files[0]);
	ka_buf_init(&in, ropts.limits.max_bytes);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	err = ka_buf_read_file(&in, files[0]);
	if (err) {
		fprintf(stderr, "kartla: %s: %s\n", files[0],
		        err == KA_ERR_TOO_BIG ? "over the size limit (--max-size)"
		                              : ka_strerror(err));
		status = cli_exit_status(err);
		goto out;
	}
	do {
		ka_buf_reset(&out);
		err = ka_layout_bpmn(&out, in.data, in.len, files[0], &ropts, &lopts, &st, &diag);
	} while (!err && --repeat > 0);
	if (err) {
		cli_print_diag(NULL, &diag);
		status = cli_exit_status(err);
		goto out;
	}
	status = write_out(files[1], &out);
	if (!status && verbose)
		fprintf(stderr,
		        "kartla: layout: %zu shapes, %zu edges, %zu diagrams, %zu layers at most, "
		        "%zu kept, %zu sub-processes collapsed, %zu shapes or edges of elements it "
		        "does "
		        "not draw %s\n",
		        st.shapes, st.edges, st.planes, st.layers, st.kept, st.collapsed,
		        lopts.keep ? st.carried : st.not_drawn, lopts.keep ? "kept" : "left out");
out:
	ka_buf_release(&in);
	ka_buf_release(&out);
	return status;
}
