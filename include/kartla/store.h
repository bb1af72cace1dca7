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
 * ka_store_begin()/ka_store_commit() (SQLite: BEGIN IMMEDIATE; PostgreSQL:
 * SERIALIZABLE, so both backends give the same guarantees). Values come back
 * typed the same way from both: integers (PostgreSQL int2/4/8, bool as 0/1,
 * and a numeric that is a whole number, such as SUM of integers) as
 * KA_VAL_INT; float4/8 and other numerics as KA_VAL_REAL; bytea as
 * KA_VAL_BLOB; everything else as NUL-terminated KA_VAL_TEXT.
 *
 * PostgreSQL infers the type of a `?` from its context; an INT, REAL or
 * BLOB parameter is declared int8, float8 or bytea. A parameter whose type
 * cannot be inferred (`? IS NULL` alone) needs a CAST(? AS type).
 *
 * Ownership: rows returned in a struct ka_rows are owned by it and freed by
 * ka_rows_release(); strings passed as parameters are copied by the backend.
 */
#ifndef KARTLA_STORE_H
#define KARTLA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
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
	int64_t changes;     /* rows changed by an INSERT/UPDATE/DELETE (0 for others) */
	size_t alloc;        /* private: rows allocated in vals */
};

void ka_rows_init(struct ka_rows *r);
void ka_rows_release(struct ka_rows *r);
/* Value at row, column (asserted in range). */
const struct ka_val *ka_rows_at(const struct ka_rows *r, size_t row, size_t col);
/* Column index by name, or -1. */
int ka_rows_col(const struct ka_rows *r, const char *name);
/*
 * Rows built by hand (a backend, or a result answered from memory): columns
 * first (ka_rows_set_columns on an empty ka_rows, then a name for each),
 * then rows appended one by one.
 */
void ka_rows_set_columns(struct ka_rows *r, size_t ncols);
void ka_rows_set_name(struct ka_rows *r, size_t col, const char *name);
/* Room for `nrows` rows in all (after the columns are set): no growing while appending. */
void ka_rows_reserve(struct ka_rows *r, size_t nrows);
/* Appends one row of ncols NULL values and returns it for filling. */
struct ka_val *ka_rows_add_row(struct ka_rows *r);
/* Fills a value with an owned copy of the bytes (text gets a NUL after them). */
void ka_val_set_text(struct ka_val *v, const char *s, size_t len);
void ka_val_set_blob(struct ka_val *v, const void *p, size_t len);

/* Failures are KA_ERR_DB, KA_ERR_CONFLICT (constraint violation) or KA_ERR_BUSY (err.h). */

struct ka_store;

/*
 * Process-wide set-up of the database libraries; call once from main()
 * before any store is opened. It switches off SQLite's memory statistics,
 * whose global mutex serialises every allocation of every connection (with
 * one connection per server thread it was the server's main contention).
 * Calling it late, or twice, is harmless: SQLite then keeps its defaults.
 */
void ka_store_process_init(void);

/*
 * Opens a connection. `url` is "sqlite:PATH" (or a plain path ending in
 * .db/.sqlite) or "postgresql://..." / "postgres://...". Does not migrate.
 * SQLite options may follow the path: "sqlite:PATH?busy_timeout=MS&synchronous=full"
 * (defaults 5000 ms and normal). On failure *out is NULL and diag says why.
 */
int ka_store_open(struct ka_store **out, const char *url, struct ka_diag *diag);

/* Flags for ka_store_open_flags(). */
#define KA_STORE_OPEN_EXISTING 1u /* SQLite: fail with KA_ERR_NOT_FOUND rather than create */

int ka_store_open_flags(struct ka_store **out, const char *url, unsigned flags,
                        struct ka_diag *diag);
void ka_store_close(struct ka_store *st);
enum ka_dialect ka_store_dialect(const struct ka_store *st);

/*
 * A write gate: one per process and SQLite database, shared by the
 * connections that process opens to it (the server's pool). A write
 * transaction on a connection with a gate first takes the gate (a mutex), so
 * that writers of the process queue for each other and wake the moment the
 * previous one commits, instead of SQLite's busy handler, which sleeps
 * 1, 2, 5, ... ms between tries (two server threads writing in turn lost most
 * of their time asleep). The transaction's statements then run on the gate's
 * own writer connection (opened by the first write, as the connection was),
 * whose page cache and memory map stay valid from one write to the next; the
 * caller still uses its own store, and reads after the commit see the write.
 * The WAL is checkpointed by a thread of the gate on a connection of its own,
 * so that no request waits for a checkpoint's fsyncs (store_sqlite.c).
 * Readers never take the gate. No effect on PostgreSQL or an in-memory
 * database's writes (they stay on their connection). ka_store_gate_new()
 * never fails (it aborts when out of memory, as ka_xmalloc); the caller owns
 * the gate and frees it (which stops its thread and closes its connections)
 * after closing every store that has it.
 */
struct ka_store_gate;

struct ka_store_gate *ka_store_gate_new(void);
void ka_store_gate_free(struct ka_store_gate *g);
/* Attaches a gate (borrowed) to a connection, outside a transaction; NULL detaches. */
void ka_store_set_gate(struct ka_store *st, struct ka_store_gate *g);

/*
 * Creates or upgrades the schema to the newest version (idempotent, one
 * transaction; on PostgreSQL concurrent migrations wait for each other).
 * Implemented in schema.c; the schema itself is described in schema.h.
 */
int ka_store_migrate(struct ka_store *st, struct ka_diag *diag);
/* The schema version in the database (0 when empty). */
int ka_store_schema_version(struct ka_store *st, int *version);

/*
 * Transactions. ka_store_begin() starts a write transaction (SQLite BEGIN
 * IMMEDIATE: waits up to the busy timeout for the write lock; PostgreSQL
 * SERIALIZABLE); ka_store_begin_read() a read-only one that sees one
 * snapshot (PostgreSQL REPEATABLE READ READ ONLY). Beginning inside a
 * transaction is KA_ERR_USAGE. A failed commit has rolled back. KA_ERR_BUSY
 * (a serialization failure, deadlock or lock timeout) means: retry the whole
 * transaction; ka_store_transact() does that.
 */
int ka_store_begin(struct ka_store *st);
int ka_store_begin_read(struct ka_store *st);
int ka_store_commit(struct ka_store *st);
void ka_store_rollback(struct ka_store *st);
/* True between begin and commit/rollback. */
int ka_store_in_tx(const struct ka_store *st);
/* The message of the connection's last failure ("" if none); owned by the store. */
const char *ka_store_errmsg(const struct ka_store *st);

/*
 * Runs fn in a write transaction: commits when it returns 0, rolls back
 * otherwise, and runs it again (up to `attempts` times in all) while fn or
 * the commit fails with KA_ERR_BUSY. fn must have no effects outside the
 * database, as it may run more than once. Returns fn's or the commit's code.
 */
/* How many times the library runs a write transaction that keeps failing with KA_ERR_BUSY. */
#define KA_STORE_ATTEMPTS 5

int ka_store_transact(struct ka_store *st,
                      int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag), void *ctx,
                      int attempts, struct ka_diag *diag);

/*
 * Runs one statement (exactly one) with `n` parameters; fills `out` (may be
 * NULL) with the rows it returns, releasing what it held before; on error
 * `out` is empty. Statements are prepared and cached per connection, keyed
 * by their text. On error `diag` (may be NULL) holds the backend's message;
 * a parameter count that does not match the statement is KA_ERR_USAGE.
 */
int ka_store_exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                  struct ka_rows *out, struct ka_diag *diag);

/*
 * Rewrites `?` placeholders to $1, $2, ... for PostgreSQL, leaving alone a
 * `?` inside '...' and E'...' strings, "..." identifiers, $tag$...$tag$
 * bodies and comments. Appends to `out` and sets *nparams. KA_ERR_USAGE for
 * an unterminated string, identifier, dollar quote or comment.
 */
int ka_store_sql_to_pg(struct ka_buf *out, const char *sql, size_t *nparams);

/*
 * For the modules above the store: sets the diag's message (no position) and returns err; diag may
 * be NULL.
 */
int ka_store_fail(struct ka_diag *diag, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
