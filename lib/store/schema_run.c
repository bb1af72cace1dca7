/*
 * Runs the schema's migrations (schema.c): expands the dialect tokens, runs
 * each migration's statements and its search triggers in the caller's
 * transaction, records the version, and takes PostgreSQL's migration lock.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/schema.h"
#include "schema_int.h"
#include "store_int.h"
#include "kartla/banned.h"

static const char *token(enum ka_dialect d, const char *name, size_t len)
{
	static const struct {
		const char *name, *sqlite, *pg;
	} tokens[] = {
	    {"ID", "INTEGER PRIMARY KEY AUTOINCREMENT",
	     "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
	    {"INT", "INTEGER", "BIGINT"},
	    {"REAL", "REAL", "DOUBLE PRECISION"},
	    {"BLOB", "BLOB", "BYTEA"},
	    {"STRICT", " STRICT", ""},
	    {"C", "", " COLLATE \"C\""}, /* ASCII-only lower() on PostgreSQL as on SQLite */
	    {"NOW", "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	     "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"},
	};
	size_t i;

	for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
		if (strlen(tokens[i].name) == len && !strncmp(tokens[i].name, name, len))
			return d == KA_DIALECT_PG ? tokens[i].pg : tokens[i].sqlite;
	return NULL;
}

/* Replaces @TOKEN@ by the dialect's text. */
static void expand(enum ka_dialect d, const char *sql, struct ka_buf *out)
{
	const char *s = sql;

	ka_buf_reset(out);
	while (*s) {
		const char *at = strchr(s, '@'), *end, *t;

		if (!at) {
			ka_buf_adds(out, s);
			break;
		}
		ka_buf_add(out, s, (size_t)(at - s));
		end = strchr(at + 1, '@');
		t = end ? token(d, at + 1, (size_t)(end - at - 1)) : NULL;
		if (t) {
			ka_buf_adds(out, t);
			s = end + 1;
		} else {
			ka_buf_addc(out, '@');
			s = at + 1;
		}
	}
}

static int run(struct ka_store *st, const struct ka_schema_migration *m, size_t n, const char *sql,
               struct ka_diag *diag)
{
	struct ka_buf b;
	int err;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	expand(ka_store_dialect(st), sql, &b);
	err = ka_store_exec_once(st, b.data, NULL, 0, NULL, diag);
	if (err && diag) {
		char msg[sizeof(diag->message)];

		snprintf(msg, sizeof(msg), "%s", diag->message);
		ka_store_fail(diag, err, "schema migration %d (%s), statement %zu: %s", m->version,
		              m->name, n, msg);
	}
	ka_buf_release(&b);
	return err;
}

/*
 * A search document is rewritten only when what it holds changes (schema
 * version 12): an update of a source row that leaves its text as it was (an
 * approval sets the process's specification to the one it has, say) then
 * touches neither the word nor the trigram index nor the search counter.
 */
#define DOC_CHANGED(isnot, ex)                                                                     \
	"(search_docs.process_id " isnot " " ex ".process_id OR search_docs.vis " isnot " " ex     \
	".vis OR search_docs.title " isnot " " ex ".title OR search_docs.body " isnot " " ex       \
	".body)"

static void search_trigger_sqlite(const struct ka_schema_search_source *s, const char *op,
                                  struct ka_buf *b)
{
	ka_buf_reset(b);
	if (!strcmp(op, "DELETE")) {
		ka_buf_addf(b,
		            "CREATE TRIGGER %s_search_ad AFTER DELETE ON %s BEGIN"
		            " DELETE FROM search_docs WHERE kind = '%s' AND ref_id = OLD.id; END",
		            s->table, s->table, s->kind);
		return;
	}
	ka_buf_addf(b, "CREATE TRIGGER %s_search_%s AFTER %s%s%s ON %s BEGIN", s->table,
	            !strcmp(op, "INSERT") ? "ai" : "au", op, !strcmp(op, "UPDATE") ? " OF " : "",
	            !strcmp(op, "UPDATE") ? s->columns : "", s->table);
	ka_buf_addf(b,
	            " INSERT INTO search_docs (kind, ref_id, process_id, vis, title, body)"
	            " VALUES ('%s', NEW.id, %s, %s, %s, %s)"
	            " ON CONFLICT (kind, ref_id) DO UPDATE SET process_id = excluded.process_id,"
	            " vis = excluded.vis, title = excluded.title, body = excluded.body"
	            " WHERE " DOC_CHANGED("IS NOT", "excluded") "; END",
	            s->kind, s->process_id, s->vis, s->title, s->body);
}

static int search_triggers(struct ka_store *st, const struct ka_schema_migration *m,
                           struct ka_diag *diag)
{
	const struct ka_schema_search_source *sources;
	struct ka_buf b;
	size_t i, nsources, n = 1000;
	int err = 0;

	sources = ka_schema_search_sources(&nsources);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (i = 0; i < nsources && !err; i++) {
		const struct ka_schema_search_source *s = &sources[i];

		if (ka_store_dialect(st) == KA_DIALECT_SQLITE) {
			static const char *const ops[] = {"INSERT", "UPDATE", "DELETE"};
			size_t k;

			/* replacing (2): the insert and update triggers, dropped first */
			for (k = 0; k < (m->search_triggers == 2 ? 2u : 3u) && !err; k++) {
				if (m->search_triggers == 2) {
					ka_buf_reset(&b);
					ka_buf_addf(&b, "DROP TRIGGER IF EXISTS %s_search_%s",
					            s->table, k ? "au" : "ai");
					err = run(st, m, n++, b.data, diag);
				}
				search_trigger_sqlite(s, ops[k], &b);
				if (!err)
					err = run(st, m, n++, b.data, diag);
			}
			continue;
		}
		ka_buf_reset(&b);
		ka_buf_addf(
		    &b,
		    "CREATE OR REPLACE FUNCTION %s_search() RETURNS trigger LANGUAGE plpgsql"
		    " AS $fn$"
		    " BEGIN"
		    " IF TG_OP = 'DELETE' THEN"
		    " DELETE FROM search_docs WHERE kind = '%s' AND ref_id = OLD.id;"
		    " RETURN NULL;"
		    " END IF;"
		    " INSERT INTO search_docs (kind, ref_id, process_id, vis, title, body)"
		    " VALUES ('%s', NEW.id, %s, %s, %s, %s)"
		    " ON CONFLICT (kind, ref_id) DO UPDATE SET"
		    " process_id = EXCLUDED.process_id, vis = EXCLUDED.vis,"
		    " title = EXCLUDED.title, body = EXCLUDED.body"
		    " WHERE " DOC_CHANGED("IS DISTINCT FROM", "EXCLUDED") ";"
		                                                          " RETURN NULL;"
		                                                          " END $fn$",
		    s->table, s->kind, s->kind, s->process_id, s->vis, s->title,
		    s->body_pg ? s->body_pg : s->body);
		err = run(st, m, n++, b.data, diag);
		if (err ||
		    m->search_triggers == 2) /* replacing: the trigger calls the new function */
			continue;
		ka_buf_reset(&b);
		ka_buf_addf(&b,
		            "CREATE TRIGGER %s_search AFTER INSERT OR DELETE OR UPDATE OF %s ON %s"
		            " FOR EACH ROW EXECUTE FUNCTION %s_search()",
		            s->table, s->columns, s->table, s->table);
		err = run(st, m, n++, b.data, diag);
	}
	ka_buf_release(&b);
	return err;
}

static int apply(struct ka_store *st, const struct ka_schema_migration *m, struct ka_diag *diag)
{
	int pg = ka_store_dialect(st) == KA_DIALECT_PG;
	const char *const *extra = pg ? m->pg : m->sqlite;
	size_t nextra = pg ? m->npg : m->nsqlite, i;
	struct ka_val v = ka_int(m->version);
	int err = 0;

	for (i = 0; i < m->ncommon && !err; i++)
		err = run(st, m, i + 1, m->common[i], diag);
	for (i = 0; i < nextra && !err; i++)
		err = run(st, m, m->ncommon + i + 1, extra[i], diag);
	if (!err && m->search_triggers)
		err = search_triggers(st, m, diag);
	if (!err)
		err = ka_store_exec_once(st, "INSERT INTO schema_version (version) VALUES (?)", &v,
		                         1, NULL, diag);
	return err;
}

static int version_table_exists(struct ka_store *st, int *exists, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    ka_store_dialect(st) == KA_DIALECT_PG
	                        ? "SELECT count(*) FROM information_schema.tables"
	                          " WHERE table_schema = current_schema()"
	                          " AND table_name = 'schema_version'"
	                        : "SELECT count(*) FROM sqlite_schema"
	                          " WHERE type = 'table' AND name = 'schema_version'",
	                    NULL, 0, &r, diag);
	*exists = !err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->i > 0;
	ka_rows_release(&r);
	return err;
}

static int read_version(struct ka_store *st, int *version, struct ka_diag *diag)
{
	struct ka_rows r;
	int err, exists;

	*version = 0;
	err = version_table_exists(st, &exists, diag);
	if (err || !exists)
		return err;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT COALESCE(MAX(version), 0) FROM schema_version", NULL, 0, &r,
	                    diag);
	if (!err)
		*version = (int)ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_store_schema_version(struct ka_store *st, int *version)
{
	return read_version(st, version, NULL);
}

int ka_schema_upgrade(struct ka_store *st, int target, struct ka_diag *diag)
{
	const struct ka_schema_migration *migrations;
	int version, err;
	size_t i, n;

	if (target < 0 || target > KA_SCHEMA_VERSION)
		return ka_store_fail(diag, KA_ERR_USAGE,
		                     "no schema version %d (this Kartla knows 1 to %d)", target,
		                     KA_SCHEMA_VERSION);
	err = read_version(st, &version, diag);
	if (err)
		return err;
	if (version > target)
		return ka_store_fail(diag, KA_ERR_DB,
		                     "the database has schema version %d, newer than %d that this "
		                     "Kartla supports; use a newer Kartla",
		                     version, target);
	if (version == target)
		return 0;
	migrations = ka_schema_migrations(&n);
	assert((size_t)target <= n);
	if (version == 0) {
		err = run(st, &migrations[0], 0,
		          "CREATE TABLE schema_version ("
		          " version @INT@ PRIMARY KEY,"
		          " applied_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
		          diag);
		if (err)
			return err;
	}
	for (i = (size_t)version; i < (size_t)target && !err; i++)
		err = apply(st, &migrations[i], diag);
	return err;
}

/* PostgreSQL: one migrating server at a time (an advisory lock held across the transaction). */
int ka_schema_lock(struct ka_store *st, struct ka_diag *diag)
{
	if (ka_store_dialect(st) != KA_DIALECT_PG)
		return 0;
	return ka_store_exec(st, "SELECT pg_advisory_lock(4242001)", NULL, 0, NULL, diag);
}

void ka_schema_unlock(struct ka_store *st)
{
	if (ka_store_dialect(st) == KA_DIALECT_PG)
		ka_store_exec(st, "SELECT pg_advisory_unlock(4242001)", NULL, 0, NULL, NULL);
}

int ka_store_migrate(struct ka_store *st, struct ka_diag *diag)
{
	return ka_schema_migrate(st, NULL, diag);
}

int ka_schema_migrate(struct ka_store *st, int *from, struct ka_diag *diag)
{
	int err, version = 0;

	if (ka_store_in_tx(st))
		return ka_store_fail(diag, KA_ERR_USAGE, "migrate inside an open transaction");
	err = ka_schema_lock(st, diag);
	if (err)
		return err;
	err = ka_store_begin(st);
	if (err) {
		ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	} else {
		err = read_version(st, &version, diag);
		if (!err)
			err = ka_schema_upgrade(st, KA_SCHEMA_VERSION, diag);
		if (err) {
			ka_store_rollback(st);
		} else {
			err = ka_store_commit(st);
			if (err)
				ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
		}
	}
	ka_schema_unlock(st);
	if (!err && from)
		*from = version;
	return err;
}
