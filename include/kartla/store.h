/*
 * The portfolio database behind one small interface: SQLite embedded by
 * default, PostgreSQL for several servers. Callers write one SQL text with
 * `?` placeholders in the common dialect (INSERT ... RETURNING, ON CONFLICT,
 * CURRENT_TIMESTAMP as text are fine on both); the PostgreSQL backend
 * rewrites placeholders to $1, $2, ... . Where the dialects really differ
 * (full-text search, schema DDL) the caller asks ka_store_dialect().
 *
 * One struct ka_store is one connection and is not thread-safe: a server
 * keeps one per worker thread (or a pool). Every write happens inside
 * ka_store_begin()/ka_store_commit() (SQLite: BEGIN IMMEDIATE).
 *
 * Ownership: rows returned in a struct ka_rows are owned by it and freed by
 * ka_rows_release(); strings passed as parameters are copied by the backend.
 */
#ifndef KARTLA_STORE_H
#define KARTLA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "kartla/err.h"

enum ka_dialect { KA_DIALECT_SQLITE, KA_DIALECT_PG };

enum ka_val_type { KA_VAL_NULL, KA_VAL_INT, KA_VAL_REAL, KA_VAL_TEXT, KA_VAL_BLOB };

/* One parameter or result value. Text is NUL-terminated; blobs use len. */
struct ka_val {
	enum ka_val_type type;
	int64_t i;
	double r;
	const char *s; /* TEXT or BLOB bytes */
	size_t len;    /* bytes in s (text: without the NUL) */
};

/* Constructors for parameter lists: ka_int(3), ka_text("x"), ka_null(). */
struct ka_val ka_null(void);
struct ka_val ka_int(int64_t i);
struct ka_val ka_real(double r);
struct ka_val ka_text(const char *s); /* NULL gives KA_VAL_NULL */
struct ka_val ka_blob(const void *p, size_t len);

/* A materialised result: nrows x ncols values, column names. */
struct ka_rows {
	size_t nrows, ncols;
	char **names;        /* ncols column names */
	struct ka_val *vals; /* row-major, nrows * ncols; strings owned by the rows */
	int64_t changes;     /* rows changed by an INSERT/UPDATE/DELETE */
};

void ka_rows_init(struct ka_rows *r);
void ka_rows_release(struct ka_rows *r);
/* Value at row, column (asserted in range). */
const struct ka_val *ka_rows_at(const struct ka_rows *r, size_t row, size_t col);
/* Column index by name, or -1. */
int ka_rows_col(const struct ka_rows *r, const char *name);

/* Failures are KA_ERR_DB, KA_ERR_CONFLICT (constraint violation) or KA_ERR_BUSY (err.h). */

struct ka_store;

/*
 * Opens a connection. `url` is "sqlite:PATH" (or a plain path ending in
 * .db/.sqlite) or "postgresql://..." / "postgres://...". Does not migrate.
 */
int ka_store_open(struct ka_store **out, const char *url, struct ka_diag *diag);
void ka_store_close(struct ka_store *st);
enum ka_dialect ka_store_dialect(const struct ka_store *st);

/* Creates or upgrades the schema to the newest version (idempotent, transactional). */
int ka_store_migrate(struct ka_store *st, struct ka_diag *diag);
/* The schema version in the database (0 when empty). */
int ka_store_schema_version(struct ka_store *st, int *version);

int ka_store_begin(struct ka_store *st);
int ka_store_commit(struct ka_store *st);
void ka_store_rollback(struct ka_store *st);

/*
 * Runs one statement with `n` parameters; fills `out` (may be NULL) with
 * the rows it returns. Statements are prepared and cached per connection.
 * On error `diag` (may be NULL) holds the backend's message.
 */
int ka_store_exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                  struct ka_rows *out, struct ka_diag *diag);

#endif
