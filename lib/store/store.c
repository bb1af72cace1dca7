/*
 * The backend-independent half of the store: value constructors, result
 * rows, the statement cache both backends use, URL dispatch, transaction
 * wrappers, and the `?` to `$n` placeholder rewriting for PostgreSQL.
 */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/store.h"
#include "store_int.h"
#include "kartla/banned.h"

struct ka_val ka_null(void)
{
	struct ka_val v = {0};

	v.type = KA_VAL_NULL;
	return v;
}

struct ka_val ka_int(int64_t i)
{
	struct ka_val v = {0};

	v.type = KA_VAL_INT;
	v.i = i;
	return v;
}

struct ka_val ka_real(double r)
{
	struct ka_val v = {0};

	v.type = KA_VAL_REAL;
	v.r = r;
	return v;
}

struct ka_val ka_text(const char *s)
{
	struct ka_val v = {0};

	if (!s)
		return ka_null();
	v.type = KA_VAL_TEXT;
	v.s = s;
	v.len = strlen(s);
	return v;
}

struct ka_val ka_blob(const void *p, size_t len)
{
	struct ka_val v = {0};

	v.type = KA_VAL_BLOB;
	v.s = p ? p : "";
	v.len = p ? len : 0;
	return v;
}

/* ---- rows ---- */

void ka_rows_init(struct ka_rows *r)
{
	memset(r, 0, sizeof(*r));
}

void ka_rows_release(struct ka_rows *r)
{
	size_t i, n = r->nrows * r->ncols;

	for (i = 0; i < n; i++)
		if (r->vals[i].type == KA_VAL_TEXT || r->vals[i].type == KA_VAL_BLOB)
			free((char *)r->vals[i].s);
	for (i = 0; i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	free(r->vals);
	ka_rows_init(r);
}

const struct ka_val *ka_rows_at(const struct ka_rows *r, size_t row, size_t col)
{
	assert(row < r->nrows && col < r->ncols);
	return &r->vals[row * r->ncols + col];
}

int ka_rows_col(const struct ka_rows *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (!strcmp(r->names[i], name))
			return (int)i;
	return -1;
}

void ka_rows_set_columns(struct ka_rows *r, size_t ncols)
{
	assert(!r->ncols && !r->nrows);
	r->ncols = ncols;
	r->names = ka_xcalloc(ncols ? ncols : 1, sizeof(*r->names));
}

void ka_rows_set_name(struct ka_rows *r, size_t col, const char *name)
{
	assert(col < r->ncols);
	free(r->names[col]);
	r->names[col] = ka_xstrdup(name ? name : "");
}

void ka_rows_reserve(struct ka_rows *r, size_t nrows)
{
	if (nrows > r->alloc && r->ncols) {
		r->vals = ka_xreallocarray(r->vals, nrows, r->ncols * sizeof(*r->vals));
		r->alloc = nrows;
	}
}

struct ka_val *ka_rows_add_row(struct ka_rows *r)
{
	struct ka_val *row;
	size_t i;

	if (r->nrows == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 16;

		r->vals = ka_xreallocarray(r->vals, n, r->ncols ? r->ncols * sizeof(*r->vals) : 1);
		r->alloc = n;
	}
	row = &r->vals[r->nrows * r->ncols];
	for (i = 0; i < r->ncols; i++)
		row[i] = ka_null();
	r->nrows++;
	return row;
}

void ka_val_set_text(struct ka_val *v, const char *s, size_t len)
{
	char *p = ka_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	*v = ka_null();
	v->type = KA_VAL_TEXT;
	v->s = p;
	v->len = len;
}

void ka_val_set_blob(struct ka_val *v, const void *p, size_t len)
{
	ka_val_set_text(v, len ? p : "", len);
	v->type = KA_VAL_BLOB;
}

/* ---- statement cache: open addressing on an FNV-1a hash, no deletion ---- */

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void ka_stmt_cache_init(struct ka_stmt_cache *c)
{
	memset(c, 0, sizeof(*c));
}

void *ka_stmt_cache_get(const struct ka_stmt_cache *c, const char *key)
{
	uint64_t h;
	size_t i;

	if (!c->nslots)
		return NULL;
	h = hash_key(key);
	for (i = h & (c->nslots - 1); c->slots[i].key; i = (i + 1) & (c->nslots - 1))
		if (c->slots[i].hash == h && !strcmp(c->slots[i].key, key))
			return c->slots[i].handle;
	return NULL;
}

static void cache_insert(struct ka_stmt_entry *slots, size_t nslots, struct ka_stmt_entry e)
{
	size_t i;

	for (i = e.hash & (nslots - 1); slots[i].key; i = (i + 1) & (nslots - 1))
		;
	slots[i] = e;
}

bool ka_stmt_cache_put(struct ka_stmt_cache *c, const char *key, void *handle)
{
	struct ka_stmt_entry e;

	if (c->count >= KA_STMT_CACHE_MAX)
		return false;
	if ((c->count + 1) * 2 > c->nslots) {
		size_t n = c->nslots ? c->nslots * 2 : 32, i;
		struct ka_stmt_entry *slots = ka_xcalloc(n, sizeof(*slots));

		for (i = 0; i < c->nslots; i++)
			if (c->slots[i].key)
				cache_insert(slots, n, c->slots[i]);
		free(c->slots);
		c->slots = slots;
		c->nslots = n;
	}
	e.key = ka_xstrdup(key);
	e.hash = hash_key(key);
	e.handle = handle;
	cache_insert(c->slots, c->nslots, e);
	c->count++;
	return true;
}

void ka_stmt_cache_clear(struct ka_stmt_cache *c, void (*drop)(void *ctx, void *handle), void *ctx)
{
	size_t i;

	for (i = 0; i < c->nslots; i++) {
		if (!c->slots[i].key)
			continue;
		drop(ctx, c->slots[i].handle);
		free(c->slots[i].key);
	}
	free(c->slots);
	ka_stmt_cache_init(c);
}

/* ---- connections ---- */

int ka_store_fail(struct ka_diag *diag, int err, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return err;
	va_start(ap, fmt);
	ka_diag_vset(diag, err, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return err;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

int ka_store_open_flags(struct ka_store **out, const char *url, unsigned flags,
                        struct ka_diag *diag)
{
	*out = NULL;
	if (!url || !*url)
		return ka_store_fail(diag, KA_ERR_USAGE, "no database URL given");
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return ka_store_pg_open(out, url, diag);
	if (!strncmp(url, "sqlite:", 7) || ends_with(url, ".db") || ends_with(url, ".sqlite") ||
	    ends_with(url, ".sqlite3")) {
		const char *p = !strncmp(url, "sqlite:", 7) ? url + 7 : url;
		const char *q = strchr(p, '?');
		char *path = q ? ka_xstrndup(p, (size_t)(q - p)) : ka_xstrdup(p);
		int err;

		if (!*path)
			err = ka_store_fail(diag, KA_ERR_USAGE, "no file name in database URL '%s'",
			                    url);
		else
			err = ka_store_sqlite_open(out, path, q ? q + 1 : "", flags, diag);
		free(path);
		return err;
	}
	return ka_store_fail(diag, KA_ERR_USAGE,
	                     "unsupported database URL: expected sqlite:PATH, a file ending in .db "
	                     "or .sqlite, or postgresql://HOST/DATABASE");
}

int ka_store_open(struct ka_store **out, const char *url, struct ka_diag *diag)
{
	return ka_store_open_flags(out, url, 0, diag);
}

static void write_ended(struct ka_store *st);
static struct ka_store *conn(struct ka_store *st);

void ka_store_close(struct ka_store *st)
{
	if (!st)
		return;
	if (st->gate_held) { /* closed inside a write transaction: roll it back */
		st->ops->rollback(conn(st));
		write_ended(st);
	}
	st->ops->close(st);
}

enum ka_dialect ka_store_dialect(const struct ka_store *st)
{
	return st->dialect;
}

int ka_store_in_tx(const struct ka_store *st)
{
	return st->in_tx;
}

const char *ka_store_errmsg(const struct ka_store *st)
{
	return st->errmsg;
}

/* Keeps the message of a failure on the connection and in the caller's diag. */
static int note(struct ka_store *st, int err, const struct ka_diag *d, struct ka_diag *out)
{
	if (!err)
		return 0;
	snprintf(st->errmsg, sizeof(st->errmsg), "%s",
	         d->message[0] ? d->message : ka_strerror(err));
	if (out && out != d)
		ka_diag_set(out, err, 0, 0, NULL, "%s", st->errmsg);
	return err;
}

static int misuse(struct ka_store *st, const char *msg)
{
	snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg);
	return KA_ERR_USAGE;
}

/* ---- the write gate (store.h) ---- */

struct ka_store_gate *ka_store_gate_new(void)
{
	struct ka_store_gate *g = ka_xcalloc(1, sizeof(*g));

	pthread_mutex_init(&g->lock, NULL);
	pthread_mutex_init(&g->ckpt, NULL);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	return g;
}

void ka_store_gate_free(struct ka_store_gate *g)
{
	if (!g)
		return;
	ka_store_sqlite_gate_stop(g);
	if (g->writer)
		g->writer->ops->close(g->writer);
	pthread_mutex_destroy(&g->lock);
	pthread_mutex_destroy(&g->ckpt);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	free(g->path);
	free(g);
}

void ka_store_set_gate(struct ka_store *st, struct ka_store_gate *g)
{
	if (!st->in_tx && st->dialect == KA_DIALECT_SQLITE)
		st->gate = g;
}

/* Ends a write transaction's hold on the gate (and on the gate's writer connection). */
static void write_ended(struct ka_store *st)
{
	if (!st->gate_held)
		return;
	st->gate_held = false;
	st->via = NULL;
	pthread_mutex_unlock(&st->gate->lock);
}

/* The connection that runs st's statements: the gate's writer inside a gated write. */
static struct ka_store *conn(struct ka_store *st)
{
	return st->via ? st->via : st;
}

/*
 * Takes the gate and, when the backend can open it, the gate's writer: one
 * connection for all the process's write transactions, so that its page
 * cache and memory map stay valid from one write to the next (a connection
 * that sees another's commit drops both when it begins). Without it the
 * transaction runs on st's own connection.
 */
static void take_gate(struct ka_store *st)
{
	struct ka_store_gate *g = st->gate;

	pthread_mutex_lock(&g->lock);
	st->gate_held = true;
	if (!g->writer && !g->writer_failed && st->ops->sibling) {
		g->writer_failed = st->ops->sibling(st, &g->writer) != 0;
		if (g->writer) {
			g->writer->gate = g;
			g->writer->gate_writer = true;
		}
	}
	st->via = g->writer;
}

static int begin(struct ka_store *st, bool write)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	if (st->in_tx)
		return misuse(st, "a transaction is already open");
	if (write && st->gate)
		take_gate(st);
	err = st->ops->begin(conn(st), write, &d);
	if (!err) {
		st->in_tx = true;
		st->tx_err = 0;
	} else {
		write_ended(st);
	}
	return note(st, err, &d, NULL);
}

int ka_store_begin(struct ka_store *st)
{
	return begin(st, true);
}

int ka_store_begin_read(struct ka_store *st)
{
	return begin(st, false);
}

int ka_store_commit(struct ka_store *st)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	if (!st->in_tx)
		return misuse(st, "commit without a transaction");
	if (st->tx_err) {
		/* The same on both backends: a transaction with a failed statement cannot commit.
		 */
		st->ops->rollback(conn(st));
		st->in_tx = false;
		write_ended(st);
		ka_diag_set(&d, st->tx_err, 0, 0, NULL,
		            "rolled back: a statement of the transaction failed (%s)", st->tx_msg);
		return note(st, st->tx_err, &d, NULL);
	}
	err = st->ops->commit(conn(st), &d);
	st->in_tx = false;
	write_ended(st);
	return note(st, err, &d, NULL);
}

void ka_store_rollback(struct ka_store *st)
{
	if (!st->in_tx)
		return;
	st->ops->rollback(conn(st));
	st->in_tx = false;
	write_ended(st);
}

int ka_store_transact(struct ka_store *st,
                      int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag), void *ctx,
                      int attempts, struct ka_diag *diag)
{
	int err = KA_ERR_BUSY, i;

	for (i = 0; i < (attempts > 0 ? attempts : 1) && err == KA_ERR_BUSY; i++) {
		err = ka_store_begin(st);
		if (err) {
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
			continue;
		}
		err = fn(st, ctx, diag);
		if (err) {
			ka_store_rollback(st);
			continue;
		}
		err = ka_store_commit(st);
		if (err)
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	}
	return err;
}

static int exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                struct ka_rows *out, bool cache, struct ka_diag *diag)
{
	struct ka_diag d;
	size_t i;
	int err = 0;

	ka_diag_init(&d, NULL);
	if (out)
		ka_rows_release(out);
	if (st->in_tx && st->tx_err)
		return note(st,
		            ka_diag_set(&d, st->tx_err, 0, 0, NULL,
		                        "the transaction already failed (%s); roll it back",
		                        st->tx_msg),
		            &d, diag);
	for (i = 0; i < n && !err; i++)
		if (params[i].type == KA_VAL_TEXT && params[i].s &&
		    memchr(params[i].s, '\0', params[i].len))
			err = ka_diag_set(&d, KA_ERR_INVALID, 0, 0, NULL,
			                  "parameter %zu: text contains a NUL byte", i + 1);
	if (!err)
		err = st->ops->exec(conn(st), sql, params, n, out, cache, &d);
	if (err && out)
		ka_rows_release(out);
	/* Any failed statement fails the transaction, on SQLite as on PostgreSQL. */
	if (err && st->in_tx && !st->tx_err) {
		st->tx_err = err;
		snprintf(st->tx_msg, sizeof(st->tx_msg), "%.255s", d.message);
	}
	return note(st, err, &d, diag);
}

int ka_store_exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                  struct ka_rows *out, struct ka_diag *diag)
{
	return exec(st, sql, params, n, out, true, diag);
}

int ka_store_exec_once(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                       struct ka_rows *out, struct ka_diag *diag)
{
	return exec(st, sql, params, n, out, false, diag);
}

/* ---- `?` to `$n` ---- */

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80;
}

/* Length of the dollar-quote tag starting at s ("$tag$" or "$$"), or 0. */
static size_t dollar_tag(const char *s)
{
	size_t i = 1;

	if (s[1] >= '0' && s[1] <= '9')
		return 0;
	while (ident_char(s[i]) && s[i] != '$')
		i++;
	return s[i] == '$' ? i + 1 : 0;
}

int ka_store_sql_to_pg(struct ka_buf *out, const char *sql, size_t *nparams)
{
	const char *s = sql, *start;
	size_t n = 0;
	int err = 0;

	*nparams = 0;
	while (*s && !err) {
		start = s;
		if (*s == '\'' || *s == '"') {
			char q = *s;
			bool esc = q == '\'' && s > sql && (s[-1] == 'E' || s[-1] == 'e') &&
			           (s - 1 == sql || !ident_char(s[-2]));

			for (s++;; s++) {
				if (!*s)
					return KA_ERR_USAGE;
				if (esc && *s == '\\' && s[1]) {
					s++;
				} else if (*s == q) {
					if (s[1] != q)
						break;
					s++;
				}
			}
			s++;
			err = ka_buf_add(out, start, (size_t)(s - start));
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
			err = ka_buf_add(out, start, (size_t)(s - start));
		} else if (s[0] == '/' && s[1] == '*') {
			int depth = 0;

			do {
				if (!*s)
					return KA_ERR_USAGE;
				if (s[0] == '/' && s[1] == '*')
					depth++, s += 2;
				else if (s[0] == '*' && s[1] == '/')
					depth--, s += 2;
				else
					s++;
			} while (depth);
			err = ka_buf_add(out, start, (size_t)(s - start));
		} else if (*s == '$' && (s == sql || !ident_char(s[-1])) && dollar_tag(s)) {
			size_t tl = dollar_tag(s);
			const char *end = s + tl;

			for (;; end++) {
				if (!*end)
					return KA_ERR_USAGE;
				if (*end == '$' && !strncmp(end, s, tl))
					break;
			}
			s = end + tl;
			err = ka_buf_add(out, start, (size_t)(s - start));
		} else if (*s == '?') {
			if (s[1] >= '0' && s[1] <= '9')
				return KA_ERR_USAGE; /* ?NNN is SQLite-only */
			err = ka_buf_addf(out, "$%zu", ++n);
			s++;
		} else {
			s++;
			while (*s && !strchr("'\"-/$?", *s))
				s++;
			err = ka_buf_add(out, start, (size_t)(s - start));
		}
	}
	*nparams = n;
	return err;
}
