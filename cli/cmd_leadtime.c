/*
 * `kartla leadtime MAP`: the lead-time analysis of a map (lib/leadtime_*.c):
 * analytic figures and a Monte Carlo simulation as text or JSON, optionally
 * a histogram SVG and an as-is vs to-be comparison with a second map.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kartla/leadtime.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: kartla leadtime [--runs N] [--seed S] [--basis working|calendar]\n"
	        "                       [--hours-per-day H] [--days-per-week D]\n"
	        "                       [--distribution pert|triangular|uniform] [--process ID]\n"
	        "                       [--compare OTHER.bpmn] [--format text|json]\n"
	        "                       [--histogram OUT.svg] [--timing] [--repair]\n"
	        "                       [--max-size BYTES] MAP.bpmn\n"
	        "  --runs 0 gives the analytic figures only (default 10000 runs, seed 1).\n"
	        "  exit status: 0 done, 2 the map could not be read or analysed,\n"
	        "  3 output could not be written, 64 usage. See docs/leadtime.md.\n");
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_num(const char *s, double *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	*out = strtod(s, &end);
	return *end ? -1 : 0;
}

struct lt_args {
	struct ka_lt_opts opts;
	struct ka_read_opts read;
	uint64_t runs, seed;
	const char *in, *other, *format, *histogram;
	int timing;
};

/* The options with a value: each setter returns 0, or -1 after saying what is wrong. */
static int opt_runs(struct lt_args *a, const char *v)
{
	if (!parse_u64(v, KA_LT_MAX_RUNS, &a->runs))
		return 0;
	fprintf(stderr, "kartla: --runs must be a whole number from 0 to %u\n", KA_LT_MAX_RUNS);
	return -1;
}

static int opt_seed(struct lt_args *a, const char *v)
{
	if (!parse_u64(v, UINT64_MAX, &a->seed))
		return 0;
	fprintf(stderr, "kartla: --seed must be a whole number\n");
	return -1;
}

static int opt_basis(struct lt_args *a, const char *v)
{
	if (!strcmp(v, "working") || !strcmp(v, "calendar")) {
		a->opts.basis = v[0] == 'c' ? KA_LT_CALENDAR : KA_LT_WORKING;
		return 0;
	}
	fprintf(stderr, "kartla: --basis must be working or calendar\n");
	return -1;
}

static int opt_distribution(struct lt_args *a, const char *v)
{
	if (!strcmp(v, "pert") || !strcmp(v, "triangular") || !strcmp(v, "uniform")) {
		a->opts.dist = v[0] == 't'   ? KA_LT_TRIANGULAR
		               : v[0] == 'u' ? KA_LT_UNIFORM
		                             : KA_LT_PERT;
		return 0;
	}
	fprintf(stderr, "kartla: --distribution must be pert, triangular or uniform\n");
	return -1;
}

static int opt_hours_per_day(struct lt_args *a, const char *v)
{
	if (!parse_num(v, &a->opts.hours_per_day) &&
	    a->opts.hours_per_day >= KA_LT_MIN_HOURS_PER_DAY &&
	    a->opts.hours_per_day <= KA_LT_MAX_HOURS_PER_DAY)
		return 0;
	fprintf(stderr, "kartla: --hours-per-day must be a number from %g to %g\n",
	        KA_LT_MIN_HOURS_PER_DAY, KA_LT_MAX_HOURS_PER_DAY);
	return -1;
}

static int opt_days_per_week(struct lt_args *a, const char *v)
{
	if (!parse_num(v, &a->opts.days_per_week) &&
	    a->opts.days_per_week >= KA_LT_MIN_DAYS_PER_WEEK &&
	    a->opts.days_per_week <= KA_LT_MAX_DAYS_PER_WEEK)
		return 0;
	fprintf(stderr, "kartla: --days-per-week must be a number from %g to %g\n",
	        KA_LT_MIN_DAYS_PER_WEEK, KA_LT_MAX_DAYS_PER_WEEK);
	return -1;
}

static int opt_process(struct lt_args *a, const char *v)
{
	a->opts.process_id = v;
	return 0;
}

static int opt_compare(struct lt_args *a, const char *v)
{
	a->other = v;
	return 0;
}

static int opt_histogram(struct lt_args *a, const char *v)
{
	a->histogram = v;
	return 0;
}

static int opt_format(struct lt_args *a, const char *v)
{
	a->format = v;
	if (!strcmp(v, "text") || !strcmp(v, "json"))
		return 0;
	fprintf(stderr, "kartla: --format must be text or json\n");
	return -1;
}

static const struct {
	const char *name;
	int (*set)(struct lt_args *a, const char *v);
} lt_options[] = {
    {"--runs", opt_runs},
    {"--seed", opt_seed},
    {"--basis", opt_basis},
    {"--distribution", opt_distribution},
    {"--hours-per-day", opt_hours_per_day},
    {"--days-per-week", opt_days_per_week},
    {"--process", opt_process},
    {"--compare", opt_compare},
    {"--histogram", opt_histogram},
    {"--format", opt_format},
};

/*
 * argv[*i] as one of lt_options: 1 when it was one (and is set), 0 when not,
 * -1 with *bad set when its value is missing or wrong (already reported).
 */
static int read_value_option(int argc, char **argv, int *i, struct lt_args *a, int *bad)
{
	const char *v;
	size_t k;

	for (k = 0; k < sizeof(lt_options) / sizeof(lt_options[0]); k++) {
		v = cli_option_value(argc, argv, i, lt_options[k].name, bad);
		if (*bad)
			return -1;
		if (!v)
			continue;
		if (lt_options[k].set(a, v)) {
			*bad = 1;
			return -1;
		}
		return 1;
	}
	return 0;
}

/* Parses the options; returns 0, 1 after --help, or -1 on a mistake (already reported). */
static int parse_args(int argc, char **argv, struct lt_args *a)
{
	int i, bad = 0;

	for (i = 1; i < argc && !bad; i++) {
		int r = cli_read_option(argc, argv, &i, &a->read);

		if (r < 0)
			return -1;
		if (r)
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(argv[i], "--timing")) {
			a->timing = 1;
		} else if (read_value_option(argc, argv, &i, a, &bad)) {
			continue;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "kartla: leadtime: unknown option '%s'\n", argv[i]);
			bad = 1;
		} else if (!a->in) {
			a->in = argv[i];
		} else {
			fprintf(stderr,
			        "kartla: leadtime takes one map (compare with --compare)\n");
			bad = 1;
		}
	}
	if (!bad && !a->in) {
		fprintf(stderr, "kartla: leadtime needs a map\n");
		bad = 1;
	}
	if (!bad && a->histogram && !a->runs) {
		fprintf(stderr, "kartla: --histogram needs a simulation (--runs above 0)\n");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* Reads, compiles, analyses and simulates one map; prints the error and returns a status. */
static int analyse(const struct lt_args *a, const char *path, const char *process,
                   struct ka_map **m, struct ka_lt_graph **g, struct ka_lt_result *r)
{
	struct ka_lt_opts o = a->opts;
	struct ka_diag diag;
	struct timespec t0, t1;
	int err;

	ka_diag_init(&diag, path);
	err = ka_bpmn_read_file(m, path, &a->read, &diag);
	if (err) {
		cli_print_diag(NULL, &diag);
		return cli_exit_status(err);
	}
	o.process_id = process;
	ka_lt_result_init(r);
	err = ka_lt_graph_build(g, *m, &o, &diag);
	if (!err)
		err = ka_lt_analyse(*g, r, &diag);
	if (!err && a->runs) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		err = ka_lt_simulate(*g, a->runs, a->seed, r, &diag);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!err && a->timing) {
			double s =
			    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

			fprintf(stderr,
			        "kartla: timing: %s: %llu runs, %llu activity executions in %.3f s "
			        "(%.0f executions/s)\n",
			        path, (unsigned long long)a->runs,
			        (unsigned long long)r->sim_executions, s,
			        s > 0 ? (double)r->sim_executions / s : 0);
		}
	}
	if (err) {
		cli_print_diag(NULL, &diag);
		return cli_exit_status(err);
	}
	return CLI_EXIT_OK;
}

int cmd_leadtime(int argc, char **argv)
{
	struct lt_args a;
	struct ka_map *m = NULL, *m2 = NULL;
	struct ka_lt_graph *g = NULL, *g2 = NULL;
	struct ka_lt_result r, r2;
	struct ka_buf out, svg;
	int status, err = 0;
	size_t i;

	memset(&a, 0, sizeof(a));
	ka_lt_opts_init(&a.opts);
	ka_read_opts_init(&a.read);
	a.read.warn = cli_warn;
	a.runs = KA_LT_DEFAULT_RUNS;
	a.seed = 1;
	a.format = "text";
	ka_lt_result_init(&r);
	ka_lt_result_init(&r2);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	ka_buf_init(&svg, KA_BUF_UNLIMITED);
	status = parse_args(argc, argv, &a);
	if (status) {
		if (status < 0)
			usage(stderr);
		status = status < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
		goto done;
	}
	status = analyse(&a, a.in, a.opts.process_id, &m, &g, &r);
	if (!status && a.other)
		status = analyse(&a, a.other, NULL, &m2, &g2, &r2);
	if (status)
		goto done;
	for (i = 0; i < ka_lt_graph_nwarnings(g); i++)
		fprintf(stderr, "kartla: warning: %s: %s\n", a.in, ka_lt_graph_warning(g, i));
	for (i = 0; g2 && i < ka_lt_graph_nwarnings(g2); i++)
		fprintf(stderr, "kartla: warning: %s: %s\n", a.other, ka_lt_graph_warning(g2, i));
	if (!strcmp(a.format, "json")) {
		json_t *j = g2 ? ka_lt_compare_json(g, &r, g2, &r2) : ka_lt_to_json(g, &r);
		char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(10));

		if (!s)
			ka_oom(0);
		ka_buf_adds(&out, s);
		ka_buf_addc(&out, '\n');
		err = ka_buf_error(&out);
		free(s);
		json_decref(j);
	} else {
		err = ka_lt_write_text(g, &r, &out);
		if (!err && g2) {
			ka_buf_addc(&out, '\n');
			ka_buf_addf(&out, "--- to-be: %s\n", a.other);
			ka_lt_write_text(g2, &r2, &out);
			ka_buf_addc(&out, '\n');
			err =
			    ka_lt_compare_text(g, &r, g2, &r2, &out); /* the buffer's first error */
		}
	}
	if (!err && a.histogram) {
		err = ka_lt_histogram_svg(g, &r, &svg);
		if (!err && ka_write_file_atomic(a.histogram, svg.data, svg.len)) {
			fprintf(stderr, "kartla: cannot write %s\n", a.histogram);
			status = CLI_EXIT_OUTPUT;
			goto done;
		}
	}
	if (err || fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)) {
		fprintf(stderr, "kartla: cannot write the results\n");
		status = CLI_EXIT_OUTPUT;
	}
done:
	ka_buf_release(&out);
	ka_buf_release(&svg);
	ka_lt_result_release(&r);
	ka_lt_result_release(&r2);
	ka_lt_graph_free(g);
	ka_lt_graph_free(g2);
	ka_map_free(m);
	ka_map_free(m2);
	return status;
}
