/*
 * `kartla`: the command-line front of libkartla. Dispatches to cmd_<name>.c.
 *
 * It is built twice (cli/meson.build). `kartla` runs the commands that read
 * and write files (convert, check, layout, leadtime, eventlog) itself and
 * links only what they need; the workspace commands (db, serve, risk, process,
 * search, user) need the database, the HTTP server, PDF rendering and
 * sign-in, whose libraries take about 25 ms to load, so `kartla` hands them
 * to `kartla-workspace` (KARTLA_WORKSPACE), which holds every command, by
 * exec: same process, same arguments. It lives in the libexec directory,
 * or beside `kartla` in a build tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#ifdef KARTLA_WORKSPACE
#include "kartla/store.h"
#endif
#include "kartla/banned.h"

/* KARTLA_VERSION: the project version, from meson.build (-DKARTLA_VERSION). */
/* KARTLA_LIBEXECDIR: where kartla-workspace is installed (-DKARTLA_LIBEXECDIR). */

#ifdef KARTLA_WORKSPACE
#define WORKSPACE(fn) fn
#else
#define WORKSPACE(fn) NULL
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv); /* NULL: run by kartla-workspace */
	const char *summary;
};

static const struct command commands[] = {
    {"convert", cmd_convert, "convert a BPMN file to BPMN (normalised) or the model as JSON"},
    {"check", cmd_check, "check a map against the modelling rules"},
    {"layout", cmd_layout, "lay out the diagram of a map (pools, lanes, orthogonal flows)"},
    {"leadtime", cmd_leadtime, "estimate and simulate the lead time of a map"},
    {"db", WORKSPACE(cmd_db), "migrate, back up or restore the portfolio database"},
    {"serve", WORKSPACE(cmd_serve), "run the portfolio server (HTTP API and browser UI)"},
    {"risk", WORKSPACE(cmd_risk),
     "risk matrix, risk list and internal-control plan of a workspace"},
    {"process", WORKSPACE(cmd_process),
     "list and show the processes of a workspace, and their history"},
    {"search", WORKSPACE(cmd_search),
     "search a workspace: processes, map elements, roles, people, pages"},
    {"user", WORKSPACE(cmd_user), "list the accounts of a workspace"},
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

#ifndef KARTLA_WORKSPACE
/*
 * Replaces this process by kartla-workspace with the same arguments: the one
 * beside this program first (a build tree), then the installed one. Returns
 * only when neither could be run, with an exit status after saying why.
 */
static int run_workspace(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			snprintf(path, sizeof(path), "%.*s/kartla-workspace", (int)(slash - self),
			         self);
			execv(path, argv);
		}
	}
	execv(KARTLA_LIBEXECDIR "/kartla-workspace", argv);
	fprintf(stderr, "kartla: %s: cannot run %s: %s\n", argv[1],
	        KARTLA_LIBEXECDIR "/kartla-workspace", strerror(errno));
	return CLI_EXIT_INPUT;
}
#endif

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
#ifdef KARTLA_WORKSPACE
	ka_store_process_init();
#endif
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
#ifndef KARTLA_WORKSPACE
		if (!commands[i].run)
			return run_workspace(argv);
#endif
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "kartla: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
