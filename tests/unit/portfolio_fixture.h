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

#include "store_fixture.h"

enum { ANON, READER, FAC, ADMIN, NKINDS };

struct fx {
	struct tmpdb db;
	struct ka_store *st; /* db.st */
	struct ka_actor who[NKINDS];
};

/* Runs one statement; returns the id of its first row when it has one. */
static int64_t fx_exec(struct fx *f, const char *sql, const struct ka_val *p, size_t n)
{
	return tmpdb_exec(f->st, sql, p, n);
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
	int64_t scheme, role, person;

	*state = f;
	if (!f || tmpdb_open(&f->db, "portfolio", false, true))
		return -1;
	f->st = f->db.st;
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
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	if (f)
		tmpdb_close(&f->db);
	free(f);
	return 0;
}

#endif
