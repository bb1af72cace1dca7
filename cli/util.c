/* Helpers shared by the subcommands: exit statuses, diagnostics, reader options. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kartla/banned.h"

int cli_exit_status(int err)
{
	static const struct {
		int err;
		int status;
	} table[] = {
	    {KA_OK, CLI_EXIT_OK},
	    {KA_ERR_IO, CLI_EXIT_INPUT},
	    {KA_ERR_TOO_BIG, CLI_EXIT_INPUT},
	    {KA_ERR_XML, CLI_EXIT_INPUT},
	    {KA_ERR_BPMN, CLI_EXIT_INPUT},
	    {KA_ERR_REF, CLI_EXIT_INPUT},
	    {KA_ERR_LIMIT, CLI_EXIT_INPUT},
	    {KA_ERR_USAGE, CLI_EXIT_USAGE},
	    {KA_ERR_NOT_FOUND, CLI_EXIT_INPUT},
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].err == err)
			return table[i].status;
	return CLI_EXIT_INPUT;
}

void cli_print_diag(const char *prefix, const struct ka_diag *d)
{
	char msg[1024];

	ka_diag_format(d, msg, sizeof(msg));
	fprintf(stderr, "kartla: %s%s\n", prefix ? prefix : "", msg);
}

void cli_warn(void *ctx, const struct ka_diag *d)
{
	(void)ctx;
	cli_print_diag("warning: ", d);
}

void cli_print_import_notes(const char *file, const struct ka_import_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++) {
		const struct ka_import_note *n = &rep->notes[i];

		if (!strncmp(n->code, "bpmn.", 5) || !strncmp(n->code, "xml.", 4))
			continue; /* printed by cli_warn as the reader made it */
		fprintf(stderr, "kartla: note: %s: %s%s%s [%s]\n", file, n->where,
		        *n->where ? ": " : "", n->message, n->code);
	}
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned long long mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = 1024ULL, end++;
	else if (*end == 'M' || *end == 'm')
		mult = 1024ULL * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mult = 1024ULL * 1024 * 1024, end++;
	if (*end || v > SIZE_MAX / mult)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

int cli_read_option(int argc, char **argv, int *i, struct ka_read_opts *opts)
{
	const char *a = argv[*i];

	if (!strcmp(a, "--repair")) {
		opts->repair = true;
		return 1;
	}
	if (!strcmp(a, "--strict")) {
		opts->repair = false;
		return 1;
	}
	if (!strcmp(a, "--max-size")) {
		if (*i + 1 >= argc || cli_parse_size(argv[*i + 1], &opts->limits.max_bytes)) {
			fprintf(stderr, "kartla: --max-size needs a size in bytes (e.g. 64M)\n");
			return -1;
		}
		(*i)++;
		return 1;
	}
	return 0;
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name, int *bad)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		fprintf(stderr, "kartla: %s needs a value\n", name);
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

int cli_print_json(const char *cmd, const json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int bad = !text || fputs(text, stdout) == EOF || putchar('\n') == EOF || fflush(stdout);

	free(text);
	if (bad) {
		fprintf(stderr, "kartla: %s: cannot write the output\n", cmd);
		return CLI_EXIT_OUTPUT;
	}
	return CLI_EXIT_OK;
}

int cli_parse_id(const char *cmd, const char *what, const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = s && *s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0 || errno) {
		fprintf(stderr, "kartla: %s: %s must be a positive id, not '%s'\n", cmd, what,
		        s ? s : "");
		return -1;
	}
	*out = v;
	return 0;
}
