/*
 * Private to lib/store: the migrations (schema.c, data) as the runner
 * (schema_run.c) reads them.
 */
#ifndef KARTLA_SCHEMA_INT_H
#define KARTLA_SCHEMA_INT_H

#include <stddef.h>

/*
 * What each searchable table contributes to search_docs. Expressions see the
 * row as NEW; `body_pg` replaces `body` on PostgreSQL where the SQL differs.
 */
struct ka_schema_search_source {
	const char *table, *kind, *columns; /* columns whose update re-indexes */
	const char *process_id, *vis, *title, *body, *body_pg;
};

/*
 * One schema version: statements for both dialects (with @TOKEN@s), then
 * those of the running dialect, then (search_triggers) the search triggers.
 */
struct ka_schema_migration {
	int version;
	const char *name;
	const char *const *common, *const *sqlite, *const *pg;
	size_t ncommon, nsqlite, npg;
	int search_triggers; /* 1: create the triggers of search_sources; 2: replace them */
};

/* The migrations, version 1 first (n == KA_SCHEMA_VERSION); static data. */
const struct ka_schema_migration *ka_schema_migrations(size_t *n);

/* What each searchable table contributes to search_docs; static data. */
const struct ka_schema_search_source *ka_schema_search_sources(size_t *n);

#endif
