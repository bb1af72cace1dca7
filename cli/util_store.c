/*
 * Helpers of the workspace commands (db, serve, risk, process, search, user):
 * opening the workspace database. Kept apart from util.c so that the light
 * `kartla` front (main.c) does not link the store and its libraries.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sys/stat.h>

#include "cli.h"
#include "kartla/store.h"
#include "kartla/banned.h"

int cli_open_db(const char *cmd, const char *url, struct ka_store **st)
{
	char path[4096];
	struct stat sb;
	struct ka_diag d;
	int err, version = 0;

	*st = NULL;
	if (!url || !*url)
		url = getenv("KARTLA_DB");
	if (!url || !*url) {
		fprintf(stderr, "kartla: %s: no database: give --db URL or set KARTLA_DB\n", cmd);
		return CLI_EXIT_USAGE;
	}
	if (!stat(url, &sb) && S_ISDIR(sb.st_mode)) {
		snprintf(path, sizeof(path), "sqlite:%s/kartla.db", url);
		url = path;
	}
	ka_diag_init(&d, NULL);
	err = ka_store_open_flags(st, url, KA_STORE_OPEN_EXISTING, &d);
	if (err) {
		fprintf(stderr, "kartla: %s: %s\n", cmd,
		        d.message[0] ? d.message : ka_strerror(err));
		*st = NULL;
		return err == KA_ERR_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_INPUT;
	}
	err = ka_store_schema_version(*st, &version);
	if (err || version < 1) {
		fprintf(
		    stderr,
		    "kartla: %s: %s holds no workspace; run 'kartla db migrate --db URL' first\n",
		    cmd, url);
		ka_store_close(*st);
		*st = NULL;
		return CLI_EXIT_INPUT;
	}
	return 0;
}
