/*
 * The SQLite backend of the store: one sqlite3 connection in WAL mode with
 * foreign keys on, a busy timeout, write transactions as BEGIN IMMEDIATE,
 * and prepared statements cached per connection by their SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kartla/alloc.h"
#include "store_int.h"
#include "kartla/banned.h"

struct sq_store {
	struct ka_store base;
	sqlite3 *db;
	struct ka_stmt_cache cache;
	bool read_only;       /* inside a read transaction: sq_exec refuses writes */
	char *path, *options; /* as opened (owned; options may be NULL), for sq_sibling */
};

static struct sq_store *sq(struct ka_store *st)
{
	return (struct sq_store *)st;
}

/* SQLite result code → store error code. */
static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return KA_ERR_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return KA_ERR_BUSY;
	case SQLITE_CANTOPEN:
		return KA_ERR_IO;
	default:
		return KA_ERR_DB;
	}
}

static int fail_rc(struct sq_store *s, int rc, struct ka_diag *diag)
{
	int err = ka_store_fail(diag, map_rc(rc), "%s", sqlite3_errmsg(s->db));

	if (diag)
		diag->backend = true;
	return err;
}

static void drop_stmt(void *ctx, void *handle)
{
	(void)ctx;
	sqlite3_finalize(handle);
}

static int only_space_left(const char *s)
{
	for (;;) {
		s += strspn(s, " \t\r\n\f\v;");
		if (s[0] == '-' && s[1] == '-')
			s += strcspn(s, "\n");
		else if (s[0] == '/' && s[1] == '*' && strstr(s + 2, "*/"))
			s = strstr(s + 2, "*/") + 2;
		else
			return !*s;
	}
}

static int bind(sqlite3_stmt *stmt, const struct ka_val *params, size_t n)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		const struct ka_val *v = &params[i];
		int at = (int)i + 1;

		switch (v->type) {
		case KA_VAL_NULL:
			rc = sqlite3_bind_null(stmt, at);
			break;
		case KA_VAL_INT:
			rc = sqlite3_bind_int64(stmt, at, v->i);
			break;
		case KA_VAL_REAL:
			rc = sqlite3_bind_double(stmt, at, v->r);
			break;
		case KA_VAL_TEXT:
			/* Static is safe: bindings are cleared before this call returns. */
			rc = v->s ? sqlite3_bind_text64(stmt, at, v->s, v->len, SQLITE_STATIC,
			                                SQLITE_UTF8)
			          : sqlite3_bind_null(stmt, at);
			break;
		case KA_VAL_BLOB:
			rc = v->len ? sqlite3_bind_blob64(stmt, at, v->s, v->len, SQLITE_STATIC)
			            : sqlite3_bind_zeroblob(stmt, at, 0);
			break;
		}
	}
	return rc;
}

static void fetch_row(sqlite3_stmt *stmt, struct ka_rows *out)
{
	struct ka_val *row = ka_rows_add_row(out);
	size_t c;

	for (c = 0; c < out->ncols; c++) {
		int ic = (int)c;

		switch (sqlite3_column_type(stmt, ic)) {
		case SQLITE_INTEGER:
			row[c] = ka_int(sqlite3_column_int64(stmt, ic));
			break;
		case SQLITE_FLOAT:
			row[c] = ka_real(sqlite3_column_double(stmt, ic));
			break;
		case SQLITE_TEXT: {
			const unsigned char *t = sqlite3_column_text(stmt, ic);

			ka_val_set_text(&row[c], t ? (const char *)t : "",
			                (size_t)sqlite3_column_bytes(stmt, ic));
			break;
		}
		case SQLITE_BLOB: {
			const void *b = sqlite3_column_blob(stmt, ic);

			ka_val_set_blob(&row[c], b, (size_t)sqlite3_column_bytes(stmt, ic));
			break;
		}
		default:
			break;
		}
	}
}

static int sq_exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                   struct ka_rows *out, bool cache, struct ka_diag *diag)
{
	struct sq_store *s = sq(st);
	sqlite3_stmt *stmt = cache ? ka_stmt_cache_get(&s->cache, sql) : NULL;
	bool cached = stmt != NULL;
	sqlite3_int64 total;
	int rc, err = 0, np;

	if (!stmt) {
		const char *tail = NULL;

		rc = sqlite3_prepare_v3(s->db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0,
		                        &stmt, &tail);
		if (rc != SQLITE_OK)
			return fail_rc(s, rc, diag);
		if (!stmt)
			return ka_store_fail(diag, KA_ERR_USAGE, "empty SQL statement");
		if (tail && !only_space_left(tail)) {
			sqlite3_finalize(stmt);
			return ka_store_fail(diag, KA_ERR_USAGE,
			                     "more than one SQL statement in one call");
		}
	}
	if (s->read_only && !sqlite3_stmt_readonly(stmt)) {
		err = ka_store_fail(
		    diag, KA_ERR_DB,
		    "attempt to write a readonly database: this is a read transaction");
		goto out;
	}
	np = sqlite3_bind_parameter_count(stmt);
	if ((size_t)np != n) {
		err = ka_store_fail(diag, KA_ERR_USAGE,
		                    "the statement has %d parameters but %zu were given", np, n);
		goto out;
	}
	rc = bind(stmt, params, n);
	if (rc != SQLITE_OK) {
		err = fail_rc(s, rc, diag);
		goto out;
	}
	if (out) {
		size_t c, nc = (size_t)sqlite3_column_count(stmt);

		ka_rows_set_columns(out, nc);
		for (c = 0; c < nc; c++)
			ka_rows_set_name(out, c, sqlite3_column_name(stmt, (int)c));
	}
	total = sqlite3_total_changes64(s->db);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (out)
			fetch_row(stmt, out);
	if (rc != SQLITE_DONE) {
		err = fail_rc(s, rc, diag);
		goto out;
	}
	/* sqlite3_changes64 keeps the count of the last DML; count only if this one changed rows.
	 */
	if (out)
		out->changes =
		    sqlite3_total_changes64(s->db) != total && !sqlite3_stmt_readonly(stmt)
		        ? sqlite3_changes64(s->db)
		        : 0;
out:
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (!cached && !(cache && ka_stmt_cache_put(&s->cache, sql, stmt)))
		sqlite3_finalize(stmt);
	return err;
}

static int run(struct sq_store *s, const char *sql, struct ka_diag *diag)
{
	return sq_exec(&s->base, sql, NULL, 0, NULL, true, diag);
}

/*
 * A read transaction is read-only, as on PostgreSQL: a write in it fails on
 * both backends instead of silently taking the write lock here. sq_exec()
 * refuses any statement that is not sqlite3_stmt_readonly(). (Not PRAGMA
 * query_only: like every flag pragma it expires all prepared statements of
 * the connection, so each read transaction re-prepared its statements.)
 */
static int sq_begin(struct ka_store *st, bool write, struct ka_diag *diag)
{
	struct sq_store *s = sq(st);
	int err;

	if (write)
		return run(s, "BEGIN IMMEDIATE", diag);
	err = run(s, "BEGIN", diag);
	if (!err)
		s->read_only = true;
	return err;
}

static void end_read_only(struct sq_store *s)
{
	s->read_only = false;
}

static void sq_rollback(struct ka_store *st)
{
	struct sq_store *s = sq(st);

	/* SQLite may already have rolled back (after SQLITE_FULL, an I/O error, ...). */
	if (!sqlite3_get_autocommit(s->db))
		run(s, "ROLLBACK", NULL);
	end_read_only(s);
}

static int sq_commit(struct ka_store *st, struct ka_diag *diag)
{
	struct sq_store *s = sq(st);
	int err = run(s, "COMMIT", diag);

	if (err)
		sq_rollback(st);
	end_read_only(s);
	return err;
}

/*
 * Checkpoints. A connection without a write gate (store.h) checkpoints the
 * WAL (passive: never waits for readers or writers) when a commit leaves
 * CKPT_PAGES pages in it, as SQLite's autocheckpoint would, which this hook
 * replaces. A connection with a gate leaves that to the gate's checkpointer
 * thread and goes on: a checkpoint's two fsyncs took 5-140 ms on the
 * development machine, and a server thread waiting for them served nobody.
 * The thread copies the WAL to the database without the gate, then, once
 * the WAL holds CKPT_RESTART pages, copies the rest holding the gate, so
 * that the next writer starts the WAL over (it does so only when a
 * checkpoint copied all of it, which a stream of writers never lets happen
 * otherwise). Past CKPT_LIMIT pages (the thread cannot keep up, or could
 * not start) the committing writer checkpoints itself, holding the gate.
 */
#define CKPT_PAGES   1000
#define CKPT_RESTART 3000
#define CKPT_LIMIT   8000

/* A checkpoint on db, taking turns with the gate's other checkpoints (waiting when `wait`). */
static void checkpoint(struct ka_store_gate *g, sqlite3 *db, bool wait, int *log, int *done)
{
	int rc = 0;

	if (g)
		rc = wait ? pthread_mutex_lock(&g->ckpt) : pthread_mutex_trylock(&g->ckpt);
	if (rc)
		return; /* another connection of the gate is at it */
	if (sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, log, done) !=
	        SQLITE_OK &&
	    log)
		*log = 0;
	if (g)
		pthread_mutex_unlock(&g->ckpt);
}

/* The checkpointer's connection; it checkpoints only once it has read the database. */
static bool checkpointer_open(const char *path, sqlite3 **db)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
	        SQLITE_OK &&
	    sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK)
		return true;
	sqlite3_close(*db);
	*db = NULL;
	return false;
}

static void *checkpointer(void *arg)
{
	struct ka_store_gate *g = arg;
	sqlite3 *db = NULL;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		int log = 0, done = 0;

		while (!g->due && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		if (g->stop)
			break;
		g->due = false;
		pthread_mutex_unlock(&g->mu);
		if (!db && !checkpointer_open(g->path, &db))
			db = NULL; /* the writers' CKPT_LIMIT is the fallback */
		if (db)
			checkpoint(g, db, true, &log, &done);
		if (db && log >= CKPT_RESTART && done < log) {
			pthread_mutex_lock(&g->lock);
			checkpoint(g, db, true, NULL, NULL);
			pthread_mutex_unlock(&g->lock);
		}
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	sqlite3_close(db);
	return NULL;
}

/* Asks the gate's checkpointer for a checkpoint, starting it first; false if it cannot run. */
static bool checkpoint_request(struct ka_store_gate *g, sqlite3 *db)
{
	bool ok = true;

	pthread_mutex_lock(&g->mu);
	if (!g->started) {
		const char *path = sqlite3_db_filename(db, "main");

		ok = path && *path && !g->stop;
		if (ok) {
			free(g->path);
			g->path = ka_xstrdup(path);
			ok = pthread_create(&g->thread, NULL, checkpointer, g) == 0;
		}
		g->started = ok;
	}
	if (ok) {
		g->due = true;
		pthread_cond_signal(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	return ok;
}

void ka_store_sqlite_gate_stop(struct ka_store_gate *g)
{
	bool started;

	pthread_mutex_lock(&g->mu);
	g->stop = true;
	started = g->started;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	if (started)
		pthread_join(g->thread, NULL);
}

static int wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
	struct sq_store *s = ctx;
	struct ka_store_gate *g = s->base.gate;

	(void)name;
	if (pages < CKPT_PAGES)
		return SQLITE_OK;
	if (g && pages < CKPT_LIMIT && checkpoint_request(g, db))
		return SQLITE_OK;
	/* holding the gate: wait for the thread's checkpoint, then copy the rest */
	checkpoint(g, db, g && (s->base.gate_held || s->base.gate_writer), NULL, NULL);
	return SQLITE_OK;
}

static int sq_sibling(struct ka_store *st, struct ka_store **out)
{
	struct sq_store *s = sq(st);

	*out = NULL;
	if (!strcmp(s->path, ":memory:")) /* another connection would be another database */
		return KA_ERR_USAGE;
	return ka_store_sqlite_open(out, s->path, s->options, KA_STORE_OPEN_EXISTING, NULL);
}

static void sq_close(struct ka_store *st)
{
	struct sq_store *s = sq(st);

	free(s->path);
	free(s->options);

	ka_stmt_cache_clear(&s->cache, drop_stmt, NULL);
	sqlite3_close(s->db);
	free(s);
}

static const struct ka_store_ops sq_ops = {
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .sibling = sq_sibling,
};

void ka_store_process_init(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Parses "busy_timeout=MS&synchronous=full|normal". */
static int parse_options(const char *opts, long *busy_ms, const char **sync, struct ka_diag *diag)
{
	const char *p = opts;

	while (*p) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		size_t klen = eq ? (size_t)(eq - p) : len;
		const char *v = eq ? eq + 1 : "";
		size_t vlen = eq ? len - klen - 1 : 0;

		if (klen == 12 && !strncmp(p, "busy_timeout", klen)) {
			char num[16], *end;

			if (!vlen || vlen >= sizeof(num))
				goto bad;
			memcpy(num, v, vlen);
			num[vlen] = '\0';
			errno = 0;
			*busy_ms = strtol(num, &end, 10);
			if (errno || *end || *busy_ms < 0 || *busy_ms > 3600000)
				goto bad;
		} else if (klen == 11 && !strncmp(p, "synchronous", klen)) {
			if (vlen == 4 && !strncmp(v, "full", 4))
				*sync = "PRAGMA synchronous=FULL";
			else if (vlen == 6 && !strncmp(v, "normal", 6))
				*sync = "PRAGMA synchronous=NORMAL";
			else
				goto bad;
		} else if (len) {
			return ka_store_fail(
			    diag, KA_ERR_USAGE,
			    "unknown SQLite option '%.*s' in the database URL (known: "
			    "busy_timeout, synchronous)",
			    (int)klen, p);
		}
		p += len;
		if (*p == '&')
			p++;
		continue;
	bad:
		return ka_store_fail(
		    diag, KA_ERR_USAGE,
		    "bad value for SQLite option '%.*s' (busy_timeout=MILLISECONDS, "
		    "synchronous=full|normal)",
		    (int)klen, p);
	}
	return 0;
}

/*
 * A new database file is created here, empty and 0600, before SQLite opens
 * it: SQLite would create it 0644 (less the umask), readable by every local
 * user, and it holds password hashes and session and CSRF token hashes.
 * SQLite gives the -wal and -shm files the database file's mode, so they are
 * 0600 too. An existing file is left as it is (O_EXCL); an empty file is a
 * valid, empty SQLite database.
 */
static void create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	/* On failure (it exists, or cannot be made) SQLite opens or reports it, as before. */
	if (fd >= 0)
		close(fd);
}

int ka_store_sqlite_open(struct ka_store **out, const char *path, const char *options,
                         unsigned flags, struct ka_diag *diag)
{
	struct sq_store *s;
	struct ka_rows r;
	long busy_ms = 5000;
	/* WAL + NORMAL: a commit survives a crash of the process; FULL also a power cut. */
	const char *sync = "PRAGMA synchronous=NORMAL";
	int rc, err;
	bool memory = !strcmp(path, ":memory:");

	*out = NULL;
	err = parse_options(options, &busy_ms, &sync, diag);
	if (err)
		return err;
	if ((flags & KA_STORE_OPEN_EXISTING) && !memory && access(path, F_OK))
		return ka_store_fail(diag, errno == ENOENT ? KA_ERR_NOT_FOUND : KA_ERR_IO, "%s: %s",
		                     path,
		                     errno == ENOENT ? "no such database file" : strerror(errno));
	if (!memory)
		create_private(path);
	s = ka_xcalloc(1, sizeof(*s));
	s->base.ops = &sq_ops;
	s->base.dialect = KA_DIALECT_SQLITE;
	s->path = ka_xstrdup(path);
	s->options = options ? ka_xstrdup(options) : NULL;
	ka_stmt_cache_init(&s->cache);
	rc = sqlite3_open_v2(path, &s->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
	                         SQLITE_OPEN_EXRESCODE,
	                     NULL);
	if (rc != SQLITE_OK) {
		err = ka_store_fail(diag, map_rc(rc), "%s: cannot open database: %s", path,
		                    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, (int)busy_ms);
	ka_rows_init(&r);
	err = sq_exec(&s->base, "PRAGMA journal_mode=WAL", NULL, 0, &r, false, diag);
	if (!err && !memory &&
	    (r.nrows != 1 || r.vals[0].type != KA_VAL_TEXT || strcmp(r.vals[0].s, "wal")))
		err = ka_store_fail(diag, KA_ERR_DB, "%s: cannot switch the database to WAL mode",
		                    path);
	ka_rows_release(&r);
	if (!err)
		(void)sqlite3_wal_hook(s->db, wal_hook, s);
	if (!err)
		err = sq_exec(&s->base, "PRAGMA foreign_keys=ON", NULL, 0, NULL, false, diag);
	if (!err)
		err = sq_exec(&s->base, sync, NULL, 0, NULL, false, diag);
	/*
	 * Reads through a memory map (up to 1 GiB of the file) rather than a
	 * read() per page missing from the 2 MiB page cache: the map versions'
	 * BPMN makes the file large, and each server thread has a connection.
	 */
	if (!err)
		err = sq_exec(&s->base, "PRAGMA mmap_size=1073741824", NULL, 0, NULL, false, diag);
	/*
	 * Statement journals and temporary tables in memory, not in temporary
	 * files: a statement that changes many pages inside a transaction (an
	 * approval deletes the superseded version's element rows and their search
	 * rows) spilled its statement journal to a file opened, written, and
	 * unlinked per statement. They live only as long as the statement or the
	 * query; nothing durable is in them.
	 */
	if (!err)
		err = sq_exec(&s->base, "PRAGMA temp_store=MEMORY", NULL, 0, NULL, false, diag);
	if (err) {
		if (diag) {
			char msg[sizeof(diag->message)];

			snprintf(msg, sizeof(msg), "%s", diag->message);
			if (strncmp(msg, path, strlen(path)))
				ka_store_fail(diag, err, "%s: %s", path, msg);
		}
		goto fail;
	}
	*out = &s->base;
	return 0;
fail:
	sq_close(&s->base);
	return err;
}
