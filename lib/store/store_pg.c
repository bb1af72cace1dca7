/*
 * The PostgreSQL backend of the store: one synchronous libpq connection,
 * `?` placeholders rewritten to $n, statements prepared once per connection
 * (keyed by SQL text and parameter types), SERIALIZABLE write transactions,
 * and results converted by column type so they match what SQLite returns.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "store_int.h"
#include "kartla/banned.h"

/* Type OIDs from pg_type.h (stable across versions). */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

struct pg_store {
	struct ka_store base;
	PGconn *conn;
	struct ka_stmt_cache cache;
	unsigned long next_id;
};

/* A prepared statement on the server. */
struct pg_stmt {
	char name[32];
	size_t nparams;
};

static struct pg_store *pg(struct ka_store *st)
{
	return (struct pg_store *)st;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The connection's error message on one line, without the trailing newline. */
static int fail_conn(struct pg_store *p, const char *what, struct ka_diag *diag)
{
	char msg[sizeof(diag->message)];
	const char *m = p->conn ? PQerrorMessage(p->conn) : "out of memory";
	size_t i, j = 0;

	for (i = 0; m[i] && j + 1 < sizeof(msg); i++) {
		if (m[i] == '\n' || m[i] == '\t') {
			if (j && msg[j - 1] != ' ')
				msg[j++] = ' ';
		} else {
			msg[j++] = m[i];
		}
	}
	while (j && msg[j - 1] == ' ')
		j--;
	msg[j] = '\0';
	return ka_store_fail(diag, KA_ERR_DB, "%s%s", what, msg[0] ? msg : "connection failed");
}

/* A failed result → store error code, with the server's message in the diag. */
static int fail_result(struct pg_store *p, const PGresult *res, struct ka_diag *diag)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	int err = KA_ERR_DB;

	if (!state || !primary)
		return fail_conn(p, "", diag);
	if (!strncmp(state, "23", 2))
		err = KA_ERR_CONFLICT;
	else if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		err = KA_ERR_BUSY;
	if (detail)
		ka_store_fail(diag, err, "%s: %s (SQLSTATE %s)", primary, detail, state);
	else
		ka_store_fail(diag, err, "%s (SQLSTATE %s)", primary, state);
	if (diag)
		diag->backend = true;
	return err;
}

static void drop_stmt(void *ctx, void *handle)
{
	(void)ctx;
	free(handle);
}

/*
 * After a lost connection (server restart, network) and outside a
 * transaction, reconnect once; the server forgot our prepared statements.
 */
static int ensure_connected(struct pg_store *p, struct ka_diag *diag)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->base.in_tx)
		return fail_conn(p, "connection lost inside a transaction: ", diag);
	ka_stmt_cache_clear(&p->cache, drop_stmt, NULL);
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK)
		return fail_conn(p, "cannot reconnect: ", diag);
	return 0;
}

static struct ka_val numeric(const char *v)
{
	const char *p = v + (*v == '-');
	long long i;

	if (*p && strspn(p, "0123456789") == strlen(p)) {
		errno = 0;
		i = strtoll(v, NULL, 10);
		if (!errno)
			return ka_int(i);
	}
	return ka_real(strtod(v, NULL));
}

static void fill_rows(const PGresult *res, struct ka_rows *out)
{
	size_t nc = (size_t)PQnfields(res), c;
	int nr = PQntuples(res), r;
	Oid *types = ka_xcalloc(nc ? nc : 1, sizeof(*types));

	ka_rows_set_columns(out, nc);
	for (c = 0; c < nc; c++) {
		ka_rows_set_name(out, c, PQfname(res, (int)c));
		types[c] = PQftype(res, (int)c);
	}
	for (r = 0; r < nr; r++) {
		struct ka_val *row = ka_rows_add_row(out);

		for (c = 0; c < nc; c++) {
			int ic = (int)c;
			const char *v;
			size_t len;

			if (PQgetisnull(res, r, ic))
				continue;
			v = PQgetvalue(res, r, ic);
			len = (size_t)PQgetlength(res, r, ic);
			switch (types[c]) {
			case OID_INT2:
			case OID_INT4:
			case OID_INT8:
			case OID_OID:
				row[c] = ka_int(strtoll(v, NULL, 10));
				break;
			case OID_BOOL:
				row[c] = ka_int(v[0] == 't');
				break;
			case OID_NUMERIC:
				/* A whole number (SUM of integers is numeric) stays an integer, as
				 * on SQLite. */
				row[c] = numeric(v);
				break;
			case OID_FLOAT4:
			case OID_FLOAT8:
				row[c] = ka_real(strtod(v, NULL));
				break;
			case OID_BYTEA: {
				size_t blen = 0;
				unsigned char *b = PQunescapeBytea((const unsigned char *)v, &blen);

				if (!b)
					ka_oom(strlen(v)); /* only fails when out of memory */
				ka_val_set_blob(&row[c], b, blen);
				PQfreemem(b);
				break;
			}
			default:
				ka_val_set_text(&row[c], v, len);
				break;
			}
		}
	}
	free(types);
}

static int64_t command_changes(const PGresult *res)
{
	const char *status = PQcmdStatus((PGresult *)res);

	if (strncmp(status, "INSERT", 6) && strncmp(status, "UPDATE", 6) &&
	    strncmp(status, "DELETE", 6) && strncmp(status, "MERGE", 5))
		return 0;
	return strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
}

static int take_result(struct pg_store *p, PGresult *res, struct ka_rows *out, struct ka_diag *diag)
{
	int err = 0;

	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		if (out) {
			fill_rows(res, out);
			out->changes = command_changes(res);
		}
		break;
	case PGRES_COMMAND_OK:
		if (out) {
			ka_rows_set_columns(out, 0);
			out->changes = command_changes(res);
		}
		break;
	case PGRES_EMPTY_QUERY:
		err = ka_store_fail(diag, KA_ERR_USAGE, "empty SQL statement");
		break;
	default:
		err = fail_result(p, res, diag);
		break;
	}
	PQclear(res);
	return err;
}

/* Parameter values in libpq's form: text for numbers, binary for blobs. */
struct pg_params {
	Oid *types;
	const char **values;
	int *lengths, *formats;
	char (*num)[40];
	char *sig; /* one letter per parameter type, for the cache key */
};

static void params_build(struct pg_params *pp, const struct ka_val *params, size_t n)
{
	size_t i, m = n ? n : 1;

	pp->types = ka_xcalloc(m, sizeof(*pp->types));
	pp->values = ka_xcalloc(m, sizeof(*pp->values));
	pp->lengths = ka_xcalloc(m, sizeof(*pp->lengths));
	pp->formats = ka_xcalloc(m, sizeof(*pp->formats));
	pp->num = ka_xcalloc(m, sizeof(*pp->num));
	pp->sig = ka_xcalloc(n + 1, 1);
	for (i = 0; i < n; i++) {
		const struct ka_val *v = &params[i];
		char t = '-';

		switch (v->type) {
		case KA_VAL_NULL:
			break;
		case KA_VAL_INT:
			t = 'i';
			pp->types[i] = OID_INT8;
			snprintf(pp->num[i], sizeof(pp->num[i]), "%lld", (long long)v->i);
			pp->values[i] = pp->num[i];
			break;
		case KA_VAL_REAL:
			t = 'r';
			pp->types[i] = OID_FLOAT8;
			if (isnan(v->r))
				snprintf(pp->num[i], sizeof(pp->num[i]), "NaN");
			else if (isinf(v->r))
				snprintf(pp->num[i], sizeof(pp->num[i]), "%sInfinity",
				         v->r < 0 ? "-" : "");
			else
				snprintf(pp->num[i], sizeof(pp->num[i]), "%.17g", v->r);
			pp->values[i] = pp->num[i];
			break;
		case KA_VAL_TEXT:
			t = 't';
			pp->values[i] = v->s; /* NUL-terminated: checked in store.c */
			break;
		case KA_VAL_BLOB:
			t = 'b';
			pp->types[i] = OID_BYTEA;
			pp->values[i] = v->len ? v->s : "";
			pp->lengths[i] = (int)v->len;
			pp->formats[i] = 1;
			break;
		}
		pp->sig[i] = t;
	}
	pp->sig[n] = '\0';
}

static void params_release(struct pg_params *pp)
{
	free(pp->types);
	free(pp->values);
	free(pp->lengths);
	free(pp->formats);
	free(pp->num);
	free(pp->sig);
}

static int pg_exec(struct ka_store *st, const char *sql, const struct ka_val *params, size_t n,
                   struct ka_rows *out, bool cache, struct ka_diag *diag)
{
	struct pg_store *p = pg(st);
	struct pg_params pp;
	struct ka_buf key, text;
	struct pg_stmt *ps = NULL;
	size_t i, np = 0;
	int err;

	for (i = 0; i < n; i++)
		if (params[i].type == KA_VAL_BLOB && params[i].len > 0x7fffffffu)
			return ka_store_fail(diag, KA_ERR_TOO_BIG, "parameter %zu: blob over 2 GiB",
			                     i + 1);
	err = ensure_connected(p, diag);
	if (err)
		return err;
	memset(&pp, 0, sizeof(pp));
	params_build(&pp, params, n);
	ka_buf_init(&key, KA_BUF_UNLIMITED);
	ka_buf_init(&text, KA_BUF_UNLIMITED);
	if (cache) {
		/* The types chosen for the parameters are part of the prepared statement. */
		ka_buf_adds(&key, sql);
		ka_buf_addc(&key, '\x1f');
		ka_buf_adds(&key, pp.sig);
		ps = ka_stmt_cache_get(&p->cache, key.data);
	}
	if (!ps) {
		if (ka_store_sql_to_pg(&text, sql, &np)) {
			err = ka_store_fail(diag, KA_ERR_USAGE,
			                    "unterminated string, identifier or comment in SQL");
			goto out;
		}
	} else {
		np = ps->nparams;
	}
	if (np != n) {
		err = ka_store_fail(diag, KA_ERR_USAGE,
		                    "the statement has %zu parameters but %zu were given", np, n);
		goto out;
	}
	if (!ps && cache && p->cache.count < KA_STMT_CACHE_MAX) {
		PGresult *res;

		ps = ka_xcalloc(1, sizeof(*ps));
		snprintf(ps->name, sizeof(ps->name), "ka_%lu", ++p->next_id);
		ps->nparams = n;
		res = PQprepare(p->conn, ps->name, text.data, (int)n, pp.types);
		err = take_result(p, res, NULL, diag);
		if (err) {
			free(ps);
			goto out;
		}
		ka_stmt_cache_put(&p->cache, key.data, ps);
	}
	if (ps)
		err = take_result(
		    p,
		    PQexecPrepared(p->conn, ps->name, (int)n, pp.values, pp.lengths, pp.formats, 0),
		    out, diag);
	else
		err = take_result(p,
		                  PQexecParams(p->conn, text.data, (int)n, pp.types, pp.values,
		                               pp.lengths, pp.formats, 0),
		                  out, diag);
out:
	ka_buf_release(&key);
	ka_buf_release(&text);
	params_release(&pp);
	return err;
}

/* Runs a fixed command with the simple protocol; returns its command status in `status`. */
static int command(struct pg_store *p, const char *sql, char *status, size_t statussz,
                   struct ka_diag *diag)
{
	PGresult *res = PQexec(p->conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int err = fail_result(p, res, diag);

		PQclear(res);
		return err;
	}
	if (status)
		snprintf(status, statussz, "%s", PQcmdStatus(res));
	PQclear(res);
	return 0;
}

static int pg_begin(struct ka_store *st, bool write, struct ka_diag *diag)
{
	const char *sql = write ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
	                        : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	struct pg_store *p = pg(st);
	int err = ensure_connected(p, diag);

	if (!err)
		err = command(p, sql, NULL, 0, diag);
	/* A connection found dead by BEGIN lost nothing: reconnect and begin again, once. */
	if (err && PQstatus(p->conn) != CONNECTION_OK) {
		err = ensure_connected(p, diag);
		if (!err)
			err = command(p, sql, NULL, 0, diag);
	}
	return err;
}

static void pg_rollback(struct ka_store *st)
{
	struct pg_store *p = pg(st);

	if (PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) != PQTRANS_IDLE)
		command(p, "ROLLBACK", NULL, 0, NULL);
}

static int pg_commit(struct ka_store *st, struct ka_diag *diag)
{
	struct pg_store *p = pg(st);
	char status[32] = "";
	int err = command(p, "COMMIT", status, sizeof(status), diag);

	/* COMMIT of a transaction that had failed answers ROLLBACK. */
	if (!err && strcmp(status, "COMMIT"))
		err = ka_store_fail(diag, KA_ERR_DB,
		                    "the transaction was rolled back after an earlier error");
	pg_rollback(st);
	return err;
}

static void pg_close(struct ka_store *st)
{
	struct pg_store *p = pg(st);

	ka_stmt_cache_clear(&p->cache, drop_stmt, NULL);
	PQfinish(p->conn);
	free(p);
}

static const struct ka_store_ops pg_ops = {
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
};

int ka_store_pg_open(struct ka_store **out, const char *url, struct ka_diag *diag)
{
	/* Later keywords override the URL's: the client encoding is always UTF-8. */
	const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
	const char *const vals[] = {url, "kartla", "UTF8", NULL};
	struct pg_store *p;
	const char *enc;
	int err;

	*out = NULL;
	p = ka_xcalloc(1, sizeof(*p));
	p->base.ops = &pg_ops;
	p->base.dialect = KA_DIALECT_PG;
	ka_stmt_cache_init(&p->cache);
	p->conn = PQconnectdbParams(keys, vals, 1);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		err = fail_conn(p, "cannot connect to PostgreSQL: ", diag);
		goto fail;
	}
	PQsetNoticeProcessor(p->conn, no_notices, NULL);
	if (PQserverVersion(p->conn) < 120000) {
		err = ka_store_fail(diag, KA_ERR_DB,
		                    "PostgreSQL 12 or newer is needed (the server is version %d)",
		                    PQserverVersion(p->conn));
		goto fail;
	}
	enc = PQparameterStatus(p->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8")) {
		err = ka_store_fail(diag, KA_ERR_DB,
		                    "the database's encoding is %s; Kartla needs UTF8 (CREATE "
		                    "DATABASE ... ENCODING 'UTF8')",
		                    enc ? enc : "unknown");
		goto fail;
	}
	*out = &p->base;
	return 0;
fail:
	pg_close(&p->base);
	return err;
}
