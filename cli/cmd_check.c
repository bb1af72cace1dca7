/* `kartla check MAP`: runs the modelling rules and prints the findings as text or JSON. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kartla/check.h"
#include "kartla/import.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla check [--format text|json] [--lang en|nb|sv] [--rules FILE]\n"
	           "                    [--map-lang en|nb|sv] [--strict] [--max-size BYTES] "
	           "MAP.bpmn\n"
	           "       kartla check --list-rules\n"
	           "  exit status: 0 no errors, 1 errors found, 2 the map could not be read,\n"
	           "  64 usage or rules-file mistake. The rules are described in docs/rules.md.\n");
}

/* The name on one line, in double quotes: white space folded, quotes escaped. */
static void print_name(FILE *out, const char *s)
{
	int space = 0, any = 0;

	fputc('"', out);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = any;
			continue;
		}
		if (space)
			fputc(' ', out);
		space = 0;
		any = 1;
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static int print_text(const struct ka_findings *f, const char *file, enum ka_lang lang)
{
	struct ka_buf sum;
	size_t i;
	int err;

	for (i = 0; i < f->n; i++) {
		const struct ka_finding *x = &f->v[i];

		printf("%s:%lu: %s [%s] %s ", file, x->line, ka_severity_name(x->severity), x->rule,
		       *x->element_id ? x->element_id : "-");
		print_name(stdout, x->element_name);
		printf(": %s\n", x->message);
	}
	ka_buf_init(&sum, KA_BUF_UNLIMITED);
	err = ka_findings_summary(f, lang, &sum);
	if (!err)
		printf("%s: %s\n", file, sum.data);
	ka_buf_release(&sum);
	return err;
}

static void list_rules(void)
{
	size_t i, n = ka_check_rule_count();

	for (i = 0; i < n; i++)
		printf("%-36s %s\n", ka_check_rule_id(i),
		       ka_severity_name(ka_check_rule_default(i)));
}

struct check_args {
	struct ka_read_opts opts;
	const char *in, *rules, *format;
	const char *map_lang; /* --map-lang, NULL when not given */
};

/*
 * Parses argv into a and cfg's language: 0 to go on, 1 when --help or
 * --list-rules has answered already, -1 after a usage error (usage printed).
 */
static int parse_args(struct check_args *a, struct ka_check_config *cfg, int argc, char **argv)
{
	const char *v;
	int i, bad = 0;

	for (i = 1; i < argc && !bad; i++) {
		int r = cli_read_option(argc, argv, &i, &a->opts);

		if (r < 0) {
			bad = 1;
		} else if (r) {
			continue;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(argv[i], "--list-rules")) {
			list_rules();
			return 1;
		} else if ((v = cli_option_value(argc, argv, &i, "--format", &bad))) {
			a->format = v;
			if (strcmp(v, "text") && strcmp(v, "json")) {
				fprintf(stderr, "kartla: --format must be text or json\n");
				bad = 1;
			}
		} else if ((v = cli_option_value(argc, argv, &i, "--lang", &bad))) {
			if (ka_lang_parse(v, &cfg->lang)) {
				fprintf(stderr, "kartla: --lang must be en, nb or sv\n");
				bad = 1;
			}
		} else if ((v = cli_option_value(argc, argv, &i, "--map-lang", &bad))) {
			a->map_lang = v;
			if (ka_lang_parse(v, &cfg->names)) {
				fprintf(stderr, "kartla: --map-lang must be en, nb or sv\n");
				bad = 1;
			}
		} else if ((v = cli_option_value(argc, argv, &i, "--rules", &bad))) {
			a->rules = v;
		} else if (bad) {
			break;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "kartla: check: unknown option '%s'\n", argv[i]);
			bad = 1;
		} else if (!a->in) {
			a->in = argv[i];
		} else {
			fprintf(stderr, "kartla: check takes one map\n");
			bad = 1;
		}
	}
	if (bad || !a->in) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Writes the findings to stdout as text or JSON; 0 or an error code. */
static int write_findings(const struct ka_findings *findings, const char *in, const char *format,
                          enum ka_lang lang)
{
	struct ka_buf out;
	int err;

	if (strcmp(format, "json"))
		return print_text(findings, in, lang);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	err = ka_findings_write_json(findings, in, lang, &out);
	if (!err && fwrite(out.data, 1, out.len, stdout) != out.len)
		err = KA_ERR_IO;
	ka_buf_release(&out);
	return err;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = {.format = "text"};
	struct ka_check_config cfg;
	struct ka_findings findings;
	struct ka_import_report rep;
	struct ka_diag diag;
	struct ka_map *m = NULL;
	int r, err, status = CLI_EXIT_OK;

	ka_read_opts_init(&a.opts);
	a.opts.repair = true; /* read and report (rule import-repair); --strict refuses */
	a.opts.warn = cli_warn;
	ka_check_config_init(&cfg);
	ka_findings_init(&findings);
	r = parse_args(&a, &cfg, argc, argv);
	if (r) {
		status = r < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
		goto out;
	}
	if (a.rules) {
		ka_diag_init(&diag, a.rules);
		err = ka_check_config_load(&cfg, a.rules, &diag);
		if (err) {
			if (diag.line)
				cli_print_diag(NULL, &diag);
			else
				fprintf(stderr, "kartla: %s: %s\n", a.rules, diag.message);
			status = CLI_EXIT_USAGE;
			goto out;
		}
	}
	ka_diag_init(&diag, a.in);
	ka_import_report_init(&rep);
	err = ka_import_read_file(&m, a.in, &a.opts, &rep, &diag);
	if (!err)
		cli_print_import_notes(a.in, &rep);
	ka_import_report_free(&rep);
	if (err) {
		cli_print_diag(NULL, &diag);
		status = cli_exit_status(err);
		goto out;
	}
	/* the names' language as the server decides it, with --map-lang as the process's */
	cfg.names = ka_check_map_lang(a.map_lang, NULL, cfg.lang);
	ka_check_run(m, &cfg, &findings);
	err = write_findings(&findings, a.in, a.format, cfg.lang);
	if (fflush(stdout) || err) {
		fprintf(stderr, "kartla: cannot write the findings\n");
		status = CLI_EXIT_OUTPUT;
		goto out;
	}
	status = findings.counts[KA_SEV_ERROR] ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
	ka_findings_release(&findings);
	ka_check_config_release(&cfg);
	ka_map_free(m);
	return status;
}
