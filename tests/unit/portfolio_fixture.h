/*
 * A temporary SQLite portfolio for the unit tests of lib/portfolio: a
 * migrated database with four kinds of reader (anonymous, a signed-in
 * reader, a facilitator by role, an administrator). Included by one test
 * file each; everything is static.
 */
#ifndef KARTLA_TEST_PORTFOLIO_FIXTURE_H
#define KARTLA_TEST_PORTFOLIO_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/audit.h"
#include "kartla/store.h"

enum { ANON, READER, FAC, ADMIN, NKINDS };

struct fx {
	struct ka_store *st;
	char dir[256];
	struct ka_actor who[NKINDS];
};

/* Runs one statement; returns the id of its first row when it has one. */
static int64_t fx_exec(struct fx *f, const char *sql, const struct ka_val *p, size_t n)
{
	struct ka_rows r;
	struct ka_diag d;
	int64_t id = 0;
	int err;

	ka_diag_init(&d, NULL);
	ka_rows_init(&r);
	err = ka_store_exec(f->st, sql, p, n, &r, &d);
	if (err)
		fail_msg("%s: %s (%s)", sql, ka_strerror(err), d.message);
	if (r.nrows && r.ncols && ka_rows_at(&r, 0, 0)->type == KA_VAL_INT)
		id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return id;
}

static int64_t fx_user(struct fx *f, const char *login, int admin)
{
	return fx_exec(f,
	               "INSERT INTO users (login, display_name, is_admin) VALUES (?, ?, ?)"
	               " RETURNING id",
	               (struct ka_val[]){ka_text(login), ka_text(login), ka_int(admin)}, 3);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char url[512];
	struct ka_diag d;
	int64_t scheme, role, person;

	snprintf(f->dir, sizeof(f->dir), "%s/kartla-portfolio.XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, url, &d) || ka_store_migrate(f->st, &d)) {
		fprintf(stderr, "cannot open %s: %s\n", url, d.message);
		return -1;
	}
	f->who[ANON] = (struct ka_actor){0, false, NULL};
	f->who[READER] = (struct ka_actor){fx_user(f, "reader", 0), false, "reader"};
	f->who[FAC] = (struct ka_actor){fx_user(f, "fac", 0), false, "fac"};
	f->who[ADMIN] = (struct ka_actor){fx_user(f, "admin", 1), true, "admin"};
	scheme = fx_exec(f, "INSERT INTO role_schemes (key, name) VALUES ('s', 'S') RETURNING id",
	                 NULL, 0);
	role = fx_exec(f,
	               "INSERT INTO roles (scheme_id, key, name_en, kind)"
	               " VALUES (?, 'fac', 'Facilitator', 'facilitator') RETURNING id",
	               (struct ka_val[]){ka_int(scheme)}, 1);
	person = fx_exec(f, "INSERT INTO people (name, user_id) VALUES ('Fac', ?) RETURNING id",
	                 (struct ka_val[]){ka_int(f->who[FAC].user_id)}, 1);
	fx_exec(f,
	        "INSERT INTO role_assignments (person_id, role_id, scope, from_date)"
	        " VALUES (?, ?, 'organisation', '2000-01-01')",
	        (struct ka_val[]){ka_int(person), ka_int(role)}, 2);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm"};
	char path[512];
	size_t i;

	ka_store_close(f->st);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

#endif
