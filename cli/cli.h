/* Shared pieces of the `kartla` command: subcommand table entries and helpers. */
#ifndef KARTLA_CLI_H
#define KARTLA_CLI_H

#include "kartla/bpmn.h"

/* Exit statuses (docs/cli.md). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FINDINGS = 1, /* check found errors */
	CLI_EXIT_INPUT = 2,    /* the input could not be read */
	CLI_EXIT_OUTPUT = 3,   /* the output could not be written */
	CLI_EXIT_USAGE = 64
};

int cmd_convert(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_risk(int argc, char **argv);
int cmd_leadtime(int argc, char **argv);
int cmd_eventlog(int argc, char **argv);

/* Maps a libkartla error code to an exit status, through one table. */
int cli_exit_status(int err);

/* Prints "kartla: file:line:col: message" for a failed read. */
void cli_print_diag(const char *prefix, const struct ka_diag *d);

/* Warning callback that prints repairs to stderr. */
void cli_warn(void *ctx, const struct ka_diag *d);

/*
 * Handles the reader options shared by every command that reads a map:
 * --repair and --max-size BYTES. Returns 1 if argv[*i] was consumed (and
 * advances *i past an argument), 0 if not an option of ours, -1 on error.
 */
int cli_read_option(int argc, char **argv, int *i, struct ka_read_opts *opts);

/*
 * Matches argv[*i] against "--name VALUE" and "--name=VALUE": returns the
 * value (advancing *i past a separate one), or NULL when argv[*i] is another
 * option, or NULL with *bad set (and a message printed) when the value is
 * missing.
 */
const char *cli_option_value(int argc, char **argv, int *i, const char *name, int *bad);

/* Parses a non-negative decimal size with optional K/M/G suffix. */
int cli_parse_size(const char *s, size_t *out);

#endif
