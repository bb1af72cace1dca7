/*
 * Inside the store: the backend vtable every struct ka_store starts with,
 * the per-connection statement cache shared by both backends, and helpers
 * the backends use to fill rows and diagnostics.
 */
#ifndef KARTLA_STORE_INT_H
#define KARTLA_STORE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/store.h"

/* Prepared statements kept per connection; beyond this a statement runs uncached. */
#define KA_STMT_CACHE_MAX 512

struct ka_store_ops {
	void (*close)(struct ka_store *st);
	/* `cache`: keep the prepared statement for the next call with the same text. */
	int (*exec)(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
	            struct ka_rows *out, bool cache, struct ka_diag *diag);
	int (*begin)(struct ka_store *st, bool write, struct ka_diag *diag);
	int (*commit)(struct ka_store *st, struct ka_diag *diag);
	void (*rollback)(struct ka_store *st);
	/* Opens another connection to st's database as st was opened (may be NULL: cannot). */
	int (*sibling)(struct ka_store *st, struct ka_store **out);
};

/* The common head of every backend's connection struct. */
struct ka_store {
	const struct ka_store_ops *ops;
	enum ka_dialect dialect;
	bool in_tx;
	struct ka_store_gate *gate; /* borrowed, SQLite only; NULL: none (ka_store_set_gate) */
	bool gate_held;             /* this connection's write transaction holds the gate */
	bool gate_writer;     /* this is a gate's writer (its statements run under the gate) */
	struct ka_store *via; /* while gate_held: the gate's writer, which runs the statements */
	int tx_err;           /* the first failure inside the open transaction, or 0 */
	char tx_msg[256];     /* its message */
	char errmsg[512];     /* the last failure's message, for ka_store_errmsg() */
};

/*
 * A map from a key (SQL text, for PostgreSQL with the parameter types) to a
 * backend handle. Keys are copied; handles are released by the backend's
 * `drop` callback when the cache is cleared.
 */
struct ka_stmt_entry {
	char *key;
	uint64_t hash;
	void *handle;
};

struct ka_stmt_cache {
	struct ka_stmt_entry *slots; /* open addressing, power-of-two size */
	size_t nslots, count;
};

void ka_stmt_cache_init(struct ka_stmt_cache *c);
/* The handle cached under `key`, or NULL. */
void *ka_stmt_cache_get(const struct ka_stmt_cache *c, const char *key);
/* Stores a handle; false (nothing stored) when the cache is full. */
bool ka_stmt_cache_put(struct ka_stmt_cache *c, const char *key, void *handle);
/* Calls drop(ctx, handle) for every entry and empties the cache. */
void ka_stmt_cache_clear(struct ka_stmt_cache *c, void (*drop)(void *ctx, void *handle), void *ctx);

/*
 * The write gate (store.h). `lock` is held by the process's writer (store.c);
 * checkpoints take turns on `ckpt` (lock order: lock, then ckpt). SQLite
 * (store_sqlite.c): a thread started on the first request checkpoints the
 * WAL on its own connection, so that no request waits for the checkpoint's
 * fsyncs; `mu` guards the fields below it.
 */
struct ka_store_gate {
	pthread_mutex_t lock, ckpt, mu;
	pthread_cond_t cv;
	pthread_t thread;
	bool started, due, stop;
	char *path; /* the database file (owned), set by the first request */
	/* the writer connection (owned; opened by the first write, under `lock`) */
	struct ka_store *writer;
	bool writer_failed;
};

/* Stops and joins the checkpointer thread if it runs (store_sqlite.c). */
void ka_store_sqlite_gate_stop(struct ka_store_gate *g);

int ka_store_sqlite_open(struct ka_store **out, const char *path, const char *options,
                         unsigned flags, struct ka_diag *diag);
int ka_store_pg_open(struct ka_store **out, const char *url, struct ka_diag *diag);

/* Runs a statement without caching its prepared form (DDL, one-off statements). */
int ka_store_exec_once(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                       struct ka_rows *out, struct ka_diag *diag);

#endif
