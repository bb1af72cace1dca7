/*
 * `kartla user list`: the workspace's accounts from the command line
 * (docs/cli.md), through ka_user_list like GET /api/users: login, display
 * name, administrator, disabled. For an administrator's scripts (who can
 * sign in, who is an administrator), without the password hashes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kartla/user.h"
#include "kartla/banned.h"

#define USER_PAGE 500 /* accounts read per call */

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla user list [--db URL] [--json]\n"
	           "  --db is a database URL, file or data directory (default $KARTLA_DB).\n");
}

static int parse_args(int argc, char **argv, const char **url, int *json)
{
	int i, bad = 0;

	if (argc < 2 || strcmp(argv[1], "list")) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			usage(stdout);
			return 1;
		}
		usage(stderr);
		return -1;
	}
	for (i = 2; i < argc && !bad; i++) {
		const char *v;

		if (!strcmp(argv[i], "--json")) {
			*json = 1;
		} else if ((v = cli_option_value(argc, argv, &i, "--db", &bad))) {
			*url = v;
		} else if (!bad) {
			fprintf(stderr, "kartla: user: unknown argument '%s'\n", argv[i]);
			return -1;
		}
	}
	return bad ? -1 : 0;
}

/* Every account, page by page, into one array (new reference in *all). */
static int read_all(struct ka_store *st, json_t **all, struct ka_diag *diag)
{
	int64_t total = 0, offset = 0;
	int err = 0;

	*all = json_array();
	do {
		json_t *items = NULL;

		err = ka_user_list(&items, &total, st, USER_PAGE, offset, diag);
		if (!err) {
			json_array_extend(*all, items);
			offset += (int64_t)json_array_size(items);
			if (!json_array_size(items))
				total = offset;
		}
		json_decref(items);
	} while (!err && offset < total);
	return err;
}

int cmd_user(int argc, char **argv)
{
	const char *url = NULL;
	struct ka_store *st = NULL;
	struct ka_diag diag;
	json_t *all = NULL, *u;
	size_t i;
	int json = 0, status, err;

	status = parse_args(argc, argv, &url, &json);
	if (status)
		return status > 0 ? 0 : CLI_EXIT_USAGE;
	status = cli_open_db("user", url, &st);
	if (status)
		return status;
	ka_diag_init(&diag, NULL);
	err = read_all(st, &all, &diag);
	if (err) {
		fprintf(stderr, "kartla: user: %s\n",
		        diag.message[0] ? diag.message : ka_strerror(err));
		status = cli_exit_status(err);
	} else if (json) {
		status = cli_print_json("user", all);
	} else {
		json_array_foreach(all, i, u)
		{
			printf("%-20s %s%s%s\n", json_string_value(json_object_get(u, "login")),
			       json_string_value(json_object_get(u, "display_name"))
			           ? json_string_value(json_object_get(u, "display_name"))
			           : "",
			       json_is_true(json_object_get(u, "is_admin")) ? " admin" : "",
			       json_is_true(json_object_get(u, "disabled")) ? " disabled" : "");
		}
	}
	json_decref(all);
	ka_store_close(st);
	return status;
}
