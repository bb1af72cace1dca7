/* Shared pieces of the `kartla` command: subcommand table entries and helpers. */
#ifndef KARTLA_CLI_H
#define KARTLA_CLI_H

#include <jansson.h>
#include <stdint.h>

#include "kartla/bpmn.h"
#include "kartla/import_note.h"
#include "kartla/store.h"

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
int cmd_layout(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_risk(int argc, char **argv);
int cmd_leadtime(int argc, char **argv);
int cmd_process(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_eventlog(int argc, char **argv);

/* Maps a libkartla error code to an exit status, through one table. */
int cli_exit_status(int err);

/* Prints "kartla: file:line:col: message" for a failed read. */
void cli_print_diag(const char *prefix, const struct ka_diag *d);

/* Warning callback that prints repairs to stderr. */
void cli_warn(void *ctx, const struct ka_diag *d);

/*
 * Prints the notes of an import that the reader's warn callback did not
 * (those of the Visio and draw.io translators) as "kartla: note: FILE:
 * WHERE: MESSAGE [code]" (docs/import.md); called after a successful read.
 */
void cli_print_import_notes(const char *file, const struct ka_import_report *rep);

/*
 * Handles the reader options shared by every command that reads a map:
 * --strict (refuse what would be repaired), --repair (the default of
 * convert and check; kept for scripts) and --max-size BYTES. Returns 1 if argv[*i] was consumed
 * (and advances *i past an argument), 0 if not an option of ours, -1 on error.
 */
int cli_read_option(int argc, char **argv, int *i, struct ka_read_opts *opts);

/*
 * Matches argv[*i] against "--name VALUE" and "--name=VALUE": returns the
 * value (advancing *i past a separate one), or NULL when argv[*i] is another
 * option, or NULL with *bad set (and a message printed) when the value is
 * missing.
 */
const char *cli_option_value(int argc, char **argv, int *i, const char *name, int *bad);

/*
 * Opens an existing, migrated workspace database for command `cmd`: `url`
 * is a store URL, a database file or a data directory (its kartla.db);
 * NULL or "" means $KARTLA_DB. Returns 0 or an exit status after printing
 * why (64 without a database, 2 when it cannot be opened or has no schema).
 */
int cli_open_db(const char *cmd, const char *url, struct ka_store **st);

/* Writes a JSON value to standard output, indented, with a newline; 0 or CLI_EXIT_OUTPUT. */
int cli_print_json(const char *cmd, const json_t *j);

/* Parses a positive id ("12"); 0 or -1 after printing "kartla: <cmd>: <what> ...". */
int cli_parse_id(const char *cmd, const char *what, const char *s, int64_t *out);

/* Parses a non-negative decimal size with optional K/M/G suffix. */
int cli_parse_size(const char *s, size_t *out);

#endif
