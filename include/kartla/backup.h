/*
 * Backup and restore of a whole workspace as one JSON document that does not
 * depend on the backend: a SQLite backup restores into PostgreSQL and back.
 * The format is described in docs/deployment.md ("Backup and restore"):
 *
 *   {"format": "kartla-backup", "format_version": 1, "schema_version": 1,
 *    "created_at": "...Z", "source": "sqlite",
 *    "tables": [{"name": "users", "columns": ["id", ...], "rows": [[1, ...], ...]}, ...]}
 *
 * Values are JSON null, integers, reals and strings; a blob is an object
 * {"base64": "..."}. Derived data (the search index) is not written: the
 * database rebuilds it when the rows are restored.
 */
#ifndef KARTLA_BACKUP_H
#define KARTLA_BACKUP_H

#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/store.h"

#define KA_BACKUP_FORMAT_VERSION 1

struct ka_backup_stats {
	size_t tables;      /* tables written or restored */
	size_t rows;        /* rows written or restored */
	int schema_version; /* of the backup */
};

/*
 * Appends the backup document of the database to `out` (give it a flush
 * sink to stream it to a file). Reads one consistent snapshot. The database
 * must be at schema version KA_SCHEMA_VERSION. `stats` may be NULL.
 */
int ka_backup_write(struct ka_store *st, struct ka_buf *out, struct ka_backup_stats *stats,
                    struct ka_diag *diag);

/*
 * Restores the backup document in data[0..len) into a database that holds no
 * workspace data (new, or migrated but empty), in one transaction: the schema
 * is brought to the backup's version, the rows are inserted, later migrations
 * are applied. On any error nothing is restored; diag names the table, row
 * and column. `stats` may be NULL.
 */
int ka_backup_restore(struct ka_store *st, const char *data, size_t len,
                      struct ka_backup_stats *stats, struct ka_diag *diag);

#endif
