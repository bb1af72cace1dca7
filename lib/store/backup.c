/*
 * Backup and restore of a workspace as one backend-independent JSON document
 * (see backup.h): written table by table, in pages, from one snapshot;
 * restored in one transaction with foreign keys checked at commit.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "kartla/alloc.h"
#include "kartla/backup.h"
#include "kartla/date.h"
#include "kartla/schema.h"
#include "store_int.h"
#include "kartla/banned.h"

#define PAGE_ROWS 500

/* ---- base64 (RFC 4648, with padding) ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_encode(struct ka_buf *out, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		char q[4] = {b64[p[i] >> 2], b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)],
		             b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)], b64[p[i + 2] & 63]};

		ka_buf_add(out, q, 4);
	}
	if (len - i == 1) {
		char q[4] = {b64[p[i] >> 2], b64[(p[i] & 3) << 4], '=', '='};

		ka_buf_add(out, q, 4);
	} else if (len - i == 2) {
		char q[4] = {b64[p[i] >> 2], b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)],
		             b64[(p[i + 1] & 15) << 2], '='};

		ka_buf_add(out, q, 4);
	}
}

static int b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/* Decodes strict, padded base64 into a new buffer; -1 when malformed. */
static int base64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *p;
	size_t i, n = 0;

	*out = NULL;
	if (len % 4)
		return -1;
	p = ka_xmalloc(len / 4 * 3 + 1);
	for (i = 0; i < len; i += 4) {
		int a = b64_value(s[i]), b = b64_value(s[i + 1]);
		int c = s[i + 2] == '=' ? -2 : b64_value(s[i + 2]);
		int d = s[i + 3] == '=' ? -2 : b64_value(s[i + 3]);
		bool last = i + 4 == len;

		if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2) ||
		    ((c == -2 || d == -2) && !last))
			goto bad;
		p[n++] = (unsigned char)((a << 2) | (b >> 4));
		if (c >= 0)
			p[n++] = (unsigned char)(((b & 15) << 4) | (c >> 2));
		if (d >= 0)
			p[n++] = (unsigned char)(((c & 3) << 6) | d);
	}
	*out = p;
	*outlen = n;
	return 0;
bad:
	free(p);
	return -1;
}

/* ---- writing ---- */

/*
 * The writers below append without checking each call: the output buffer's
 * error is sticky (ka_buf_error), and write_table / ka_backup_write check it
 * once per row and at the end. Their own return values are data errors only.
 */

static int add_json(struct ka_buf *out, json_t *j)
{
	char small[256];
	size_t n = json_dumpb(j, small, sizeof(small), JSON_COMPACT | JSON_ENCODE_ANY);

	if (!n)
		return KA_ERR_INVALID;
	if (n <= sizeof(small)) {
		ka_buf_add(out, small, n);
	} else {
		char *big = ka_xmalloc(n);

		json_dumpb(j, big, n, JSON_COMPACT | JSON_ENCODE_ANY);
		ka_buf_add(out, big, n);
		free(big);
	}
	return 0;
}

/* One value as JSON; KA_ERR_INVALID for text that is not UTF-8 or a non-finite real. */
static int add_value(struct ka_buf *out, const struct ka_val *v)
{
	json_t *j = NULL;
	int err;

	switch (v->type) {
	case KA_VAL_NULL:
		ka_buf_adds(out, "null");
		return 0;
	case KA_VAL_INT:
		ka_buf_addf(out, "%lld", (long long)v->i);
		return 0;
	case KA_VAL_REAL:
		if (!isfinite(v->r))
			return KA_ERR_INVALID;
		j = json_real(v->r);
		break;
	case KA_VAL_TEXT:
		j = json_stringn(v->s, v->len);
		break;
	case KA_VAL_BLOB:
		ka_buf_adds(out, "{\"base64\":\"");
		base64_encode(out, (const unsigned char *)v->s, v->len);
		ka_buf_adds(out, "\"}");
		return 0;
	}
	if (!j)
		return KA_ERR_INVALID;
	err = add_json(out, j);
	json_decref(j);
	return err;
}

static int add_string(struct ka_buf *out, const char *s)
{
	struct ka_val v = ka_text(s);

	return add_value(out, &v);
}

/* Writes one table: {"name":...,"columns":[...],"rows":[...]}, reading it in pages by key. */
static int write_table(struct ka_store *st, const struct ka_schema_table *t, struct ka_buf *out,
                       struct ka_backup_stats *stats, struct ka_diag *diag)
{
	struct ka_buf sql;
	struct ka_rows r;
	struct ka_val after;
	size_t c, row, nrows = 0;
	int err = 0, keycol = -1, first_page = 1;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_rows_init(&r);
	if (t->identity)
		ka_buf_addf(&sql, "SELECT * FROM %s WHERE %s > ? ORDER BY %s LIMIT %d", t->name,
		            t->key, t->key, PAGE_ROWS);
	else
		ka_buf_addf(&sql, "SELECT * FROM %s ORDER BY %s", t->name, t->key);
	after = ka_int(INT64_MIN);
	for (;;) {
		err = ka_store_exec(st, sql.data, &after, t->identity ? 1 : 0, &r, diag);
		if (err)
			break;
		if (first_page) {
			keycol = ka_rows_col(&r, t->key);
			ka_buf_adds(out, "{\"name\":");
			add_string(out, t->name);
			ka_buf_adds(out, ",\"columns\":[");
			for (c = 0; c < r.ncols; c++) {
				if (c)
					ka_buf_addc(out, ',');
				add_string(out, r.names[c]);
			}
			ka_buf_adds(out, "],\"rows\":[");
			first_page = 0;
		}
		for (row = 0; row < r.nrows && !err; row++, nrows++) {
			ka_buf_adds(out, nrows ? ",\n[" : "\n[");
			for (c = 0; c < r.ncols && !err; c++) {
				if (c)
					ka_buf_addc(out, ',');
				err = add_value(out, ka_rows_at(&r, row, c));
				if (err)
					ka_store_fail(
					    diag, err,
					    "table %s, row %zu, column %s: the value cannot be "
					    "written as JSON (invalid UTF-8 or not a finite "
					    "number)",
					    t->name, nrows + 1, r.names[c]);
			}
			ka_buf_addc(out, ']');
			if (!err)
				err = ka_buf_error(out); /* stop at once when the sink failed */
		}
		if (err || !t->identity || r.nrows < PAGE_ROWS || keycol < 0)
			break;
		after = ka_int(ka_rows_at(&r, r.nrows - 1, (size_t)keycol)->i);
	}
	if (!err) {
		ka_buf_adds(out, "]}");
		err = ka_buf_error(out);
	}
	if (err == KA_ERR_IO)
		ka_store_fail(diag, err, "cannot write the backup");
	if (stats && !err) {
		stats->tables++;
		stats->rows += nrows;
	}
	ka_rows_release(&r);
	ka_buf_release(&sql);
	return err;
}

int ka_backup_write(struct ka_store *st, struct ka_buf *out, struct ka_backup_stats *stats,
                    struct ka_diag *diag)
{
	const struct ka_schema_table *tables;
	struct ka_backup_stats local;
	char now[KA_TIME_LEN];
	size_t i, n;
	int err, version;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	err = ka_store_schema_version(st, &version);
	if (err) {
		ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
		goto out;
	}
	if (version != KA_SCHEMA_VERSION) {
		err = ka_store_fail(diag, version ? KA_ERR_DB : KA_ERR_NOT_FOUND,
		                    version
		                        ? "the database has schema version %d, but this Kartla "
		                          "backs up version %d: run 'kartla db migrate' first"
		                        : "the database has no Kartla schema (version %d, expected "
		                          "%d): nothing to back up",
		                    version, KA_SCHEMA_VERSION);
		goto out;
	}
	stats->schema_version = version;
	ka_date_now(now);
	ka_buf_addf(out,
	            "{\"format\":\"kartla-backup\",\"format_version\":%d,"
	            "\"schema_version\":%d,\"created_at\":\"%s\",\"source\":\"%s\","
	            "\n\"tables\":[",
	            KA_BACKUP_FORMAT_VERSION, version, now,
	            ka_store_dialect(st) == KA_DIALECT_PG ? "postgresql" : "sqlite");
	tables = ka_schema_tables(&n);
	for (i = 0; i < n && !err; i++) {
		if (i)
			ka_buf_adds(out, ",\n");
		err = write_table(st, &tables[i], out, stats, diag);
	}
	if (!err) {
		ka_buf_adds(out, "]}\n");
		err = ka_buf_error(out);
	}
	if (err == KA_ERR_IO || err == KA_ERR_TOO_BIG)
		ka_store_fail(diag, err, "cannot write the backup: %s", ka_strerror(err));
out:
	ka_store_rollback(st);
	return err;
}

/* ---- restoring ---- */

static int get_int(json_t *doc, const char *key, int *out)
{
	json_t *v = json_object_get(doc, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

/* JSON value → parameter; blobs are decoded into *blob (freed by the caller). */
static int to_val(json_t *j, struct ka_val *v, unsigned char **blob)
{
	switch (json_typeof(j)) {
	case JSON_NULL:
		*v = ka_null();
		return 0;
	case JSON_TRUE:
		*v = ka_int(1);
		return 0;
	case JSON_FALSE:
		*v = ka_int(0);
		return 0;
	case JSON_INTEGER:
		*v = ka_int(json_integer_value(j));
		return 0;
	case JSON_REAL:
		*v = ka_real(json_real_value(j));
		return 0;
	case JSON_STRING:
		*v = ka_null();
		v->type = KA_VAL_TEXT;
		v->s = json_string_value(j);
		v->len = json_string_length(j);
		return 0;
	case JSON_OBJECT: {
		json_t *b = json_object_get(j, "base64");
		size_t len;

		if (json_object_size(j) != 1 || !json_is_string(b) ||
		    base64_decode(json_string_value(b), json_string_length(b), blob, &len))
			return -1;
		*v = ka_blob(*blob, len);
		return 0;
	}
	default:
		return -1;
	}
}

static int table_columns(struct ka_store *st, const char *table, struct ka_rows *cols,
                         struct ka_diag *diag)
{
	struct ka_buf sql;
	int err;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_addf(&sql, "SELECT * FROM %s WHERE 1 = 0", table);
	err = ka_store_exec_once(st, sql.data, NULL, 0, cols, diag);
	ka_buf_release(&sql);
	return err;
}

static int table_is_empty(struct ka_store *st, const char *table, int *empty, struct ka_diag *diag)
{
	struct ka_buf sql;
	struct ka_rows r;
	int err;

	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_rows_init(&r);
	ka_buf_addf(&sql, "SELECT 1 FROM %s LIMIT 1", table);
	err = ka_store_exec_once(st, sql.data, NULL, 0, &r, diag);
	*empty = !err && r.nrows == 0;
	ka_rows_release(&r);
	ka_buf_release(&sql);
	return err;
}

/*
 * Checks the backup's column list against the table (each a real column,
 * none twice, the key among them) and writes the INSERT for one row into sql.
 */
static int build_insert(struct ka_store *st, const struct ka_schema_table *t, const char *name,
                        json_t *jcols, struct ka_buf *sql, struct ka_diag *diag)
{
	size_t ncols = json_array_size(jcols), c, k;
	struct ka_rows actual;
	int err, has_key = 0;

	ka_rows_init(&actual);
	err = table_columns(st, t->name, &actual, diag);
	if (err)
		goto out;
	if (!ncols) {
		err = ka_store_fail(diag, KA_ERR_INVALID, "table %s: no columns", name);
		goto out;
	}
	/* Column names are checked against the table, then quoted: never user SQL. */
	ka_buf_addf(sql, "INSERT INTO %s (", t->name);
	for (c = 0; c < ncols; c++) {
		const char *cn = json_string_value(json_array_get(jcols, c));

		if (!cn || ka_rows_col(&actual, cn) < 0) {
			err =
			    ka_store_fail(diag, KA_ERR_INVALID,
			                  "table %s: column %zu (%s) is not a column of the table",
			                  name, c + 1, cn ? cn : "not a string");
			goto out;
		}
		for (k = 0; k < c; k++)
			if (!strcmp(cn, json_string_value(json_array_get(jcols, k)))) {
				err =
				    ka_store_fail(diag, KA_ERR_INVALID,
				                  "table %s: column %s is listed twice", name, cn);
				goto out;
			}
		if (!strcmp(cn, t->key))
			has_key = 1;
		ka_buf_addf(sql, "%s\"%s\"", c ? ", " : "", cn);
	}
	if (!has_key) {
		err = ka_store_fail(diag, KA_ERR_INVALID, "table %s: the key column %s is missing",
		                    name, t->key);
		goto out;
	}
	ka_buf_adds(sql, ")");
	if (t->identity && ka_store_dialect(st) == KA_DIALECT_PG)
		ka_buf_adds(sql, " OVERRIDING SYSTEM VALUE");
	ka_buf_adds(sql, " VALUES (");
	for (c = 0; c < ncols; c++)
		ka_buf_adds(sql, c ? ", ?" : "?");
	ka_buf_adds(sql, ")");
out:
	ka_rows_release(&actual);
	return err;
}

/*
 * Converts one backup row into vals (blobs[c] owns a decoded blob, freed by
 * the caller) and runs the INSERT with them.
 */
static int insert_row(struct ka_store *st, const char *sql, const char *name, json_t *jcols,
                      json_t *jr, size_t row, struct ka_val *vals, unsigned char **blobs,
                      struct ka_diag *diag)
{
	size_t ncols = json_array_size(jcols), c;
	int err;

	if (!json_is_array(jr) || json_array_size(jr) != ncols)
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "table %s, row %zu: expected an array of %zu values", name,
		                     row + 1, ncols);
	for (c = 0; c < ncols; c++)
		if (to_val(json_array_get(jr, c), &vals[c], &blobs[c]))
			return ka_store_fail(
			    diag, KA_ERR_INVALID,
			    "table %s, row %zu, column %s: expected null, a number, "
			    "a string or {\"base64\": \"...\"}",
			    name, row + 1, json_string_value(json_array_get(jcols, c)));
	err = ka_store_exec(st, sql, vals, ncols, NULL, diag);
	if (err && diag) {
		char msg[sizeof(diag->message)];

		snprintf(msg, sizeof(msg), "%s", diag->message);
		ka_store_fail(diag, err, "table %s, row %zu: %s", name, row + 1, msg);
	}
	return err;
}

static int insert_rows(struct ka_store *st, const char *sql, const char *name, json_t *jcols,
                       json_t *jrows, struct ka_diag *diag)
{
	size_t ncols = json_array_size(jcols), c, row;
	struct ka_val *vals = ka_xcalloc(ncols, sizeof(*vals));
	unsigned char **blobs = ka_xcalloc(ncols, sizeof(*blobs));
	int err = 0;

	for (row = 0; row < json_array_size(jrows) && !err; row++) {
		err = insert_row(st, sql, name, jcols, json_array_get(jrows, row), row, vals, blobs,
		                 diag);
		for (c = 0; c < ncols; c++) {
			free(blobs[c]);
			blobs[c] = NULL;
		}
	}
	free(vals);
	free(blobs);
	return err;
}

static int restore_table(struct ka_store *st, json_t *entry, size_t index, int version,
                         struct ka_backup_stats *stats, struct ka_diag *diag)
{
	json_t *jname = json_object_get(entry, "name");
	json_t *jcols = json_object_get(entry, "columns");
	json_t *jrows = json_object_get(entry, "rows");
	const struct ka_schema_table *t;
	struct ka_buf sql;
	const char *name;
	int err;

	if (!json_is_object(entry) || !json_is_string(jname) || !json_is_array(jcols) ||
	    !json_is_array(jrows) || json_object_size(entry) != 3)
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "tables[%zu]: expected an object with exactly \"name\", "
		                     "\"columns\" and \"rows\"",
		                     index);
	name = json_string_value(jname);
	t = ka_schema_table_find(name);
	if (!t || t->since > version)
		return ka_store_fail(
		    diag, KA_ERR_INVALID,
		    "tables[%zu]: unknown table '%s' (not part of a Kartla workspace)", index,
		    name);
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	err = build_insert(st, t, name, jcols, &sql, diag);
	if (!err)
		err = insert_rows(st, sql.data, name, jcols, jrows, diag);
	if (!err && stats) {
		stats->tables++;
		stats->rows += json_array_size(jrows);
	}
	if (!err && t->identity && ka_store_dialect(st) == KA_DIALECT_PG) {
		/* Identity columns continue after the restored ids. */
		ka_buf_reset(&sql);
		ka_buf_addf(
		    &sql,
		    "SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1,"
		    " false) FROM %s",
		    t->name, t->key, t->key, t->name);
		err = ka_store_exec_once(st, sql.data, NULL, 0, NULL, diag);
	}
	ka_buf_release(&sql);
	return err;
}

/*
 * SQLite reports a deferred foreign-key violation at commit without saying
 * where; name the first one. (PostgreSQL's commit error names table and key.)
 */
static int check_references(struct ka_store *st, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec_once(st, "PRAGMA foreign_key_check", NULL, 0, &r, diag);
	if (!err && r.nrows && r.ncols >= 3)
		err = ka_store_fail(
		    diag, KA_ERR_CONFLICT,
		    "table %s, row with id %lld: refers to a row of %s that is not in "
		    "the backup (FOREIGN KEY constraint failed)",
		    ka_rows_at(&r, 0, 0)->s ? ka_rows_at(&r, 0, 0)->s : "?",
		    (long long)ka_rows_at(&r, 0, 1)->i,
		    ka_rows_at(&r, 0, 2)->s ? ka_rows_at(&r, 0, 2)->s : "?");
	ka_rows_release(&r);
	return err;
}

/* Checks the backup's format and schema version (into *version). */
static int check_header(json_t *doc, int *version, struct ka_diag *diag)
{
	const char *format = json_string_value(json_object_get(doc, "format"));
	int format_version;

	if (!format || strcmp(format, "kartla-backup"))
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "not a Kartla backup (\"format\" is not \"kartla-backup\")");
	if (get_int(doc, "format_version", &format_version) ||
	    format_version != KA_BACKUP_FORMAT_VERSION)
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "unsupported backup format_version (this Kartla reads %d)",
		                     KA_BACKUP_FORMAT_VERSION);
	if (get_int(doc, "schema_version", version) || *version < 1)
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "the backup has no valid \"schema_version\"");
	if (*version > KA_SCHEMA_VERSION)
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "the backup has schema version %d, newer than %d that this "
		                     "Kartla knows; use a newer Kartla",
		                     *version, KA_SCHEMA_VERSION);
	if (!json_is_array(json_object_get(doc, "tables")))
		return ka_store_fail(diag, KA_ERR_INVALID, "the backup has no \"tables\" array");
	return 0;
}

/*
 * Brings the database to the backup's schema version, which it must not be
 * past, and checks that every table of that version is empty.
 */
static int prepare_target(struct ka_store *st, int version, struct ka_diag *diag)
{
	const struct ka_schema_table *tables;
	int current, empty, err;
	size_t i, n;

	err = ka_store_schema_version(st, &current);
	if (err)
		return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	if (current > version)
		return ka_store_fail(diag, KA_ERR_CONFLICT,
		                     "the database already has schema version %d, newer than the "
		                     "backup's %d: restore into a new, empty database",
		                     current, version);
	err = ka_schema_upgrade(st, version, diag);
	if (err)
		return err;
	tables = ka_schema_tables(&n);
	for (i = 0; i < n; i++) {
		if (tables[i].since > version)
			continue;
		err = table_is_empty(st, tables[i].name, &empty, diag);
		if (err)
			return err;
		if (!empty)
			return ka_store_fail(
			    diag, KA_ERR_CONFLICT,
			    "the database is not empty (table %s has rows): restore "
			    "needs a new or freshly migrated database",
			    tables[i].name);
	}
	return 0;
}

static int restore(struct ka_store *st, json_t *doc, struct ka_backup_stats *stats,
                   struct ka_diag *diag)
{
	const struct ka_schema_table *tables;
	json_t *jtables = json_object_get(doc, "tables");
	int version = 0; /* set by check_header() when it succeeds */
	char *seen;
	size_t i, n;
	int err;

	err = check_header(doc, &version, diag);
	if (!err)
		err = prepare_target(st, version, diag);
	if (err)
		return err;
	tables = ka_schema_tables(&n);
	/* Rows may refer to rows later in the file (a parent with a higher id): check at commit. */
	err = ka_store_exec_once(st,
	                         ka_store_dialect(st) == KA_DIALECT_PG
	                             ? "SET CONSTRAINTS ALL DEFERRED"
	                             : "PRAGMA defer_foreign_keys = ON",
	                         NULL, 0, NULL, diag);
	if (err)
		return err;
	seen = ka_xcalloc(n, 1);
	for (i = 0; i < json_array_size(jtables) && !err; i++) {
		json_t *entry = json_array_get(jtables, i);
		const struct ka_schema_table *t =
		    ka_schema_table_find(json_string_value(json_object_get(entry, "name"))
		                             ? json_string_value(json_object_get(entry, "name"))
		                             : "");

		if (t && seen[t - tables]) {
			err = ka_store_fail(diag, KA_ERR_INVALID,
			                    "table %s appears twice in the backup", t->name);
			break;
		}
		if (t)
			seen[t - tables] = 1;
		err = restore_table(st, entry, i, version, stats, diag);
	}
	free(seen);
	if (!err && ka_store_dialect(st) == KA_DIALECT_SQLITE)
		err = check_references(st, diag);
	if (!err)
		err = ka_schema_upgrade(st, KA_SCHEMA_VERSION, diag);
	return err;
}

int ka_backup_restore(struct ka_store *st, const char *data, size_t len,
                      struct ka_backup_stats *stats, struct ka_diag *diag)
{
	struct ka_backup_stats local;
	json_error_t jerr;
	json_t *doc;
	int err;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return ka_diag_set(diag, KA_ERR_INVALID, (unsigned long)jerr.line,
		                   (unsigned long)jerr.column, NULL, "not a valid backup: %s",
		                   jerr.text);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return ka_store_fail(diag, KA_ERR_INVALID,
		                     "not a Kartla backup (not a JSON object)");
	}
	(void)get_int(doc, "schema_version", &stats->schema_version);
	err = ka_schema_lock(st, diag);
	if (err)
		goto out;
	err = ka_store_begin(st);
	if (err) {
		ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	} else {
		err = restore(st, doc, stats, diag);
		if (err) {
			ka_store_rollback(st);
		} else {
			err = ka_store_commit(st);
			if (err)
				ka_store_fail(diag, err, "cannot commit the restore: %s",
				              ka_store_errmsg(st));
		}
	}
	ka_schema_unlock(st);
out:
	if (err)
		stats->tables = stats->rows = 0;
	json_decref(doc);
	return err;
}
