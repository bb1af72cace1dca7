/* `kartla`: the command-line front of libkartla. Dispatches to cmd_<name>.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kartla/store.h"
#include "kartla/banned.h"

/* KARTLA_VERSION: the project version, from meson.build (-DKARTLA_VERSION). */

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"convert", cmd_convert, "convert a BPMN file to BPMN (normalised) or the model as JSON"},
    {"check", cmd_check, "check a map against the modelling rules"},
    {"layout", cmd_layout, "lay out the diagram of a map (pools, lanes, orthogonal flows)"},
    {"leadtime", cmd_leadtime, "estimate and simulate the lead time of a map"},
    {"db", cmd_db, "migrate, back up or restore the portfolio database"},
    {"serve", cmd_serve, "run the portfolio server (HTTP API and browser UI)"},
    {"risk", cmd_risk, "risk matrix, risk list and internal-control plan of a workspace"},
    {"process", cmd_process, "list and show the processes of a workspace, and their history"},
    {"search", cmd_search, "search a workspace: processes, map elements, roles, people, pages"},
    {"user", cmd_user, "list the accounts of a workspace"},
    {"eventlog", cmd_eventlog, "measured lead time, variants and conformance from an event log"},
    {"log", cmd_eventlog, "the same as eventlog"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: kartla <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'kartla <command> --help' describes one command; see docs/cli.md.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("kartla %s\n", KARTLA_VERSION);
		return CLI_EXIT_OK;
	}
	ka_store_process_init();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "kartla: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
