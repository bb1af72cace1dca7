/* `kartla db migrate|backup|restore`: the database's schema, and whole-workspace backups. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kartla/alloc.h"
#include "kartla/backup.h"
#include "kartla/handbook.h"
#include "kartla/schema.h"
#include "kartla/store.h"
#include "kartla/banned.h"

/* Largest backup file `restore` reads unless --max-size says otherwise. */
#define DEFAULT_MAX_BACKUP (4096ULL * 1024 * 1024)

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla db migrate --db URL\n"
	           "       kartla db backup --db URL FILE\n"
	           "       kartla db restore [--max-size BYTES] --db URL FILE\n"
	           "  URL is sqlite:PATH (or a file ending in .db or .sqlite) or\n"
	           "  postgresql://USER@HOST:PORT/DATABASE; without --db, $KARTLA_DB is used.\n"
	           "  FILE '-' is standard output (backup) or standard input (restore).\n");
}

static void db_error(const char *what, const struct ka_diag *d, int err)
{
	fprintf(stderr, "kartla: %s: %s\n", what, d->message[0] ? d->message : ka_strerror(err));
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) == len ? 0 : KA_ERR_IO;
}

static int do_migrate(struct ka_store *st)
{
	struct ka_diag d;
	int before = 0, after = 0, err;

	ka_diag_init(&d, NULL);
	err = ka_schema_migrate(st, &before, &d);
	if (!err)
		err = ka_store_schema_version(st, &after);
	if (err) {
		if (!d.message[0])
			snprintf(d.message, sizeof(d.message), "%s", ka_store_errmsg(st));
		db_error("migrate", &d, err);
		return CLI_EXIT_OUTPUT;
	}
	if (before == after)
		printf("database schema version %d, up to date\n", after);
	else
		printf("database schema version %d (migrated from %d)\n", after, before);
	return CLI_EXIT_OK;
}

/*
 * Like ka_atomic_commit(), but the backup stays private (mkstemp's 0600: it
 * holds password and token hashes) and is on disk before we say it is done.
 */
static int commit_private(struct ka_atomic *a)
{
	char *dir, *slash;
	int err = 0, dfd;

	if (a->tmp && fsync(a->fd) != 0)
		err = KA_ERR_IO;
	if (close(a->fd) != 0)
		err = KA_ERR_IO;
	a->fd = -1;
	if (!err && a->tmp && rename(a->tmp, a->path) != 0)
		err = KA_ERR_IO;
	if (!err && a->tmp) {
		dir = ka_xstrdup(a->path);
		slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir] = '\0';
		dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	ka_atomic_abort(a); /* frees the names; removes the temporary file if still there */
	return err;
}

static int do_backup(struct ka_store *st, const char *file)
{
	struct ka_atomic af = KA_ATOMIC_INIT;
	struct ka_backup_stats stats;
	struct ka_diag d;
	struct ka_buf out;
	int to_stdout = !strcmp(file, "-"), err = 0;

	ka_diag_init(&d, NULL);
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	if (to_stdout) {
		ka_buf_set_flush(&out, write_stdout, NULL);
	} else {
		err = ka_atomic_open(&af, file);
		if (err) {
			fprintf(stderr, "kartla: cannot write %s: %s\n", file, ka_strerror(err));
			return CLI_EXIT_OUTPUT;
		}
		ka_buf_set_flush(&out, ka_atomic_write, &af);
	}
	err = ka_backup_write(st, &out, &stats, &d);
	if (!err)
		err = ka_buf_flush(&out);
	if (!err && to_stdout && fflush(stdout))
		err = KA_ERR_IO;
	if (!to_stdout) {
		if (err)
			ka_atomic_abort(&af);
		else
			err = commit_private(&af);
	}
	ka_buf_release(&out);
	if (err == KA_ERR_IO) {
		fprintf(stderr, "kartla: cannot write %s: %s\n", file, ka_strerror(err));
		return CLI_EXIT_OUTPUT;
	}
	if (err) {
		db_error("backup", &d, err);
		return CLI_EXIT_INPUT;
	}
	if (!to_stdout)
		printf("backed up %zu rows in %zu tables (schema version %d) to %s\n", stats.rows,
		       stats.tables, stats.schema_version, file);
	return CLI_EXIT_OK;
}

static int read_stdin(struct ka_buf *b)
{
	char chunk[65536];
	size_t n;
	int err = 0;

	while (!err && (n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		err = ka_buf_add(b, chunk, n);
	if (!err && ferror(stdin))
		err = KA_ERR_IO;
	return err;
}

static int do_restore(struct ka_store *st, const char *file, size_t max_size)
{
	struct ka_backup_stats stats;
	struct ka_diag d;
	struct ka_buf in;
	int err, version = 0;

	ka_diag_init(&d, strcmp(file, "-") ? file : "<stdin>");
	ka_buf_init(&in, max_size);
	err = strcmp(file, "-") ? ka_buf_read_file(&in, file) : read_stdin(&in);
	if (err) {
		if (err == KA_ERR_TOO_BIG)
			fprintf(stderr,
			        "kartla: %s: the backup is larger than %zu bytes (--max-size)\n",
			        d.file, max_size);
		else
			fprintf(stderr, "kartla: %s: cannot read the backup: %s\n", d.file,
			        ka_strerror(err));
		ka_buf_release(&in);
		return CLI_EXIT_INPUT;
	}
	err = ka_backup_restore(st, in.data, in.len, &stats, &d);
	ka_buf_release(&in);
	/* the search rows of pages take their ancestors' visibility (kartla/handbook.h) */
	if (!err)
		err = ka_handbook_index_vis(st, &d);
	if (err) {
		char msg[1024];

		if (err == KA_ERR_INVALID && d.line) {
			ka_diag_format(&d, msg, sizeof(msg));
			fprintf(stderr, "kartla: restore: %s\n", msg);
		} else {
			fprintf(stderr, "kartla: restore: %s: %s\n", d.file, d.message);
		}
		return err == KA_ERR_INVALID ? CLI_EXIT_INPUT : CLI_EXIT_OUTPUT;
	}
	ka_store_schema_version(st, &version);
	printf("restored %zu rows in %zu tables from %s (backup schema version %d, database now "
	       "at %d)\n",
	       stats.rows, stats.tables, d.file, stats.schema_version, version);
	return CLI_EXIT_OK;
}

int cmd_db(int argc, char **argv)
{
	const char *action = NULL, *url = getenv("KARTLA_DB"), *file = NULL;
	size_t max_size = (size_t)DEFAULT_MAX_BACKUP;
	struct ka_store *st = NULL;
	struct ka_diag d;
	int i, err, status;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(argv[i], "--db")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "kartla: --db needs a database URL\n");
				return CLI_EXIT_USAGE;
			}
			url = argv[++i];
		} else if (!strcmp(argv[i], "--max-size")) {
			if (i + 1 >= argc || cli_parse_size(argv[i + 1], &max_size) || !max_size) {
				fprintf(stderr,
				        "kartla: --max-size needs a size in bytes (e.g. 512M)\n");
				return CLI_EXIT_USAGE;
			}
			i++;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "kartla: db: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		} else if (!action) {
			action = argv[i];
		} else if (!file) {
			file = argv[i];
		} else {
			fprintf(stderr, "kartla: db: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (!action) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(action, "migrate") && strcmp(action, "backup") && strcmp(action, "restore")) {
		fprintf(stderr, "kartla: db: unknown action '%s' (migrate, backup or restore)\n",
		        action);
		return CLI_EXIT_USAGE;
	}
	if (!url || !*url) {
		fprintf(stderr, "kartla: db %s: no database: give --db URL or set KARTLA_DB\n",
		        action);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(action, "migrate") ? file != NULL : file == NULL) {
		fprintf(stderr, "kartla: db %s: %s\n", action,
		        file ? "takes no file" : "needs a FILE ('-' for standard input/output)");
		usage(stderr);
		return CLI_EXIT_USAGE;
	}

	ka_diag_init(&d, NULL);
	err = ka_store_open_flags(&st, url, !strcmp(action, "backup") ? KA_STORE_OPEN_EXISTING : 0,
	                          &d);
	if (err) {
		db_error(action, &d, err);
		return err == KA_ERR_USAGE         ? CLI_EXIT_USAGE
		       : !strcmp(action, "backup") ? CLI_EXIT_INPUT
		                                   : CLI_EXIT_OUTPUT;
	}
	if (!strcmp(action, "migrate"))
		status = do_migrate(st);
	else if (!strcmp(action, "backup"))
		status = do_backup(st, file);
	else
		status = do_restore(st, file, max_size);
	ka_store_close(st);
	return status;
}
