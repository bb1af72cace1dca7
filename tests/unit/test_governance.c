/*
 * Unit tests for governance (lib/portfolio/governance.c): every role x every
 * state x every action through ka_gov_decide against a real, migrated store,
 * asserting allowed or forbidden (and why) and the resulting state; the
 * setting owners_approve_own; and an authorization property test: random
 * trees of processes, role assignments, moves and submissions from a seeded
 * PRNG, asserting that nobody ever decides a version they submitted. The
 * store tests run on SQLite (a temporary file) and, when
 * KARTLA_TEST_PG_URL is set, on PostgreSQL (a fresh database per test).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/date.h"
#include "kartla/governance.h"
#include "kartla/portfolio.h"
#include "kartla/store.h"

#include "store_fixture.h"

struct fx {
	struct tmpdb db;
	struct ka_store *st; /* db.st */
};

/* ---- fixtures ---- */

static int open_fx(void **state, bool pg)
{
	struct fx *f = calloc(1, sizeof(*f));

	*state = f;
	if (!f || tmpdb_open(&f->db, "gov", pg, true))
		return -1;
	f->st = f->db.st;
	return 0;
}

static int setup_sqlite(void **state)
{
	return open_fx(state, false);
}

static int setup_pg(void **state)
{
	return open_fx(state, true);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f)
		tmpdb_close(&f->db);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static void exec_ok(struct ka_store *st, const char *sql, const struct ka_val *p, size_t n,
                    struct ka_rows *out)
{
	struct ka_diag d;
	int err;

	ka_diag_init(&d, NULL);
	err = ka_store_exec(st, sql, p, n, out, &d);
	if (err)
		fail_msg("%s: %s (%s)", sql, ka_strerror(err), d.message);
}

/* Runs an INSERT ... RETURNING id and gives the id. */
static int64_t ins(struct ka_store *st, const char *sql, const struct ka_val *p, size_t n)
{
	int64_t id = tmpdb_exec(st, sql, p, n);

	assert_true(id > 0);
	return id;
}

static char *state_of(struct ka_store *st, int64_t vid, char *out, size_t size)
{
	struct ka_rows r;

	ka_rows_init(&r);
	exec_ok(st, "SELECT state FROM map_versions WHERE id = ?", (struct ka_val[]){ka_int(vid)},
	        1, &r);
	assert_int_equal(r.nrows, 1);
	snprintf(out, size, "%s", ka_rows_at(&r, 0, 0)->s);
	ka_rows_release(&r);
	return out;
}

static int64_t user(struct ka_store *st, const char *login)
{
	int64_t uid = ins(st, "INSERT INTO users (login, display_name) VALUES (?, ?) RETURNING id",
	                  (struct ka_val[]){ka_text(login), ka_text(login)}, 2);

	ins(st, "INSERT INTO people (name, user_id) VALUES (?, ?) RETURNING id",
	    (struct ka_val[]){ka_text(login), ka_int(uid)}, 2);
	return uid;
}

static int64_t process(struct ka_store *st, int64_t parent, const char *name)
{
	return ins(st,
	           "INSERT INTO processes (parent_id, type, name_en, review_interval_days)"
	           " VALUES (?, 'core', ?, 365) RETURNING id",
	           (struct ka_val[]){parent ? ka_int(parent) : ka_null(), ka_text(name)}, 2);
}

static const char *const kinds[] = {"owner",    "responsible", "team",   "advisor",
                                    "resource", "facilitator", "steward"};

static void role_scheme(struct ka_store *st)
{
	size_t i;

	ins(st, "INSERT INTO role_schemes (key, name) VALUES ('t', 'Test') RETURNING id", NULL, 0);
	for (i = 0; i < 7; i++)
		ins(st,
		    "INSERT INTO roles (scheme_id, key, name_en, kind) SELECT id, ?, ?, ? FROM"
		    " role_schemes WHERE key = 't' RETURNING id",
		    (struct ka_val[]){ka_text(kinds[i]), ka_text(kinds[i]), ka_text(kinds[i])}, 3);
}

/* Gives user `uid` the role of `kind` on process `pid` from today. */
static void assign(struct ka_store *st, int64_t uid, const char *kind, int64_t pid)
{
	char today[KA_DATE_LEN];

	ka_date_today(today);
	ins(st,
	    "INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date)"
	    " SELECT pe.id, r.id, 'process', ?, ? FROM people pe, roles r"
	    " WHERE pe.user_id = ? AND r.key = ? RETURNING id",
	    (struct ka_val[]){ka_int(pid), ka_text(today), ka_int(uid), ka_text(kind)}, 4);
}

/* A version of `pid` in `state`, submitted by `submitter` unless a draft. */
static int64_t version(struct ka_store *st, int64_t pid, const char *state, int64_t submitter)
{
	int64_t vid;

	if (!strcmp(state, "approved"))
		exec_ok(st,
		        "UPDATE map_versions SET state = 'superseded' WHERE process_id = ?"
		        " AND state = 'approved'",
		        (struct ka_val[]){ka_int(pid)}, 1, NULL);
	vid = ins(st,
	          "INSERT INTO map_versions (process_id, variant, number, state, bpmn)"
	          " SELECT ?, 'as_is', COALESCE(MAX(number), 0) + 1, ?, '<x/>' FROM map_versions"
	          " WHERE process_id = ? RETURNING id",
	          (struct ka_val[]){ka_int(pid), ka_text(state), ka_int(pid)}, 3);
	if (strcmp(state, "draft"))
		ins(st,
		    "INSERT INTO approvals (version_id, action, actor_id) VALUES (?, 'submit', ?)"
		    " RETURNING id",
		    (struct ka_val[]){ka_int(vid), ka_int(submitter)}, 2);
	return vid;
}

static int decide(struct ka_store *st, int64_t uid, bool admin, int64_t pid, int64_t vid,
                  enum ka_gov_action a, struct ka_diag *d)
{
	struct ka_actor actor = {uid, admin, NULL};
	struct ka_mapver out;
	int err;

	ka_diag_init(d, NULL);
	ka_mapver_init(&out);
	err = ka_gov_decide(st, &actor, pid, vid, a, "A comment", -1, &out, d);
	if (!err)
		assert_int_equal(out.id, vid);
	ka_mapver_release(&out);
	return err;
}

/* ---- the matrix ---- */

enum who {
	W_OWNER,
	W_RESPONSIBLE,
	W_TEAM,
	W_ADVISOR,
	W_RESOURCE,
	W_FACILITATOR,
	W_STEWARD,
	W_ADMIN,          /* an administrator on a process that has an owner */
	W_ADMIN_NO_OWNER, /* an administrator on a process nobody owns */
	W_NONE,           /* signed in, no role */
	W_SUBMITTER,      /* an owner of the process who submitted the version */
	W__COUNT
};

static const char *const who_names[W__COUNT] = {
    "owner",   "responsible", "team",           "advisor", "resource", "facilitator",
    "steward", "admin",       "admin-no-owner", "none",    "submitter"};

static const char *const states[] = {"draft", "submitted", "approved", "rejected", "superseded"};

struct expect {
	int err;
	const char *state; /* after the call */
};

static struct expect expected(enum who w, const char *state, enum ka_gov_action a)
{
	bool editor = w == W_OWNER || w == W_RESPONSIBLE || w == W_FACILITATOR || w == W_ADMIN ||
	              w == W_ADMIN_NO_OWNER || w == W_SUBMITTER;
	bool decider = w == W_OWNER || w == W_ADMIN_NO_OWNER || w == W_SUBMITTER;
	struct expect e = {0, state};

	switch (a) {
	case KA_GOV_SUBMIT:
		if (!editor)
			e.err = KA_ERR_PERM;
		else if (strcmp(state, "draft") && strcmp(state, "rejected"))
			e.err = KA_ERR_CONFLICT;
		else
			e.state = "submitted";
		break;
	case KA_GOV_APPROVE:
	case KA_GOV_REJECT:
		if (!decider)
			e.err = KA_ERR_PERM;
		else if (strcmp(state, "submitted"))
			e.err = KA_ERR_CONFLICT;
		else if (w == W_SUBMITTER)
			e.err = KA_ERR_PERM; /* segregation of duties */
		else
			e.state = a == KA_GOV_APPROVE ? "approved" : "rejected";
		break;
	case KA_GOV_COMMENT:
		if (w == W_NONE)
			e.err = KA_ERR_PERM;
		break;
	}
	return e;
}

struct world {
	int64_t area, p, q; /* q: nobody owns it */
	int64_t uid[W__COUNT];
	int64_t usual_submitter;
};

static void world_make(struct ka_store *st, struct world *w)
{
	size_t i;

	role_scheme(st);
	w->area = process(st, 0, "Area");
	w->p = process(st, w->area, "Process");
	w->q = process(st, 0, "Unowned");
	for (i = 0; i < W__COUNT; i++)
		w->uid[i] = user(st, who_names[i]);
	w->usual_submitter = user(st, "usual-submitter");
	/* The owners hold the role on the parent: inherited. */
	assign(st, w->uid[W_OWNER], "owner", w->area);
	assign(st, w->uid[W_SUBMITTER], "owner", w->area);
	for (i = W_RESPONSIBLE; i <= W_STEWARD; i++)
		assign(st, w->uid[i], kinds[i], w->p);
	assign(st, w->usual_submitter, "responsible", w->p);
}

static void matrix(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_diag d;
	char got[32];
	size_t s, n = 0;
	int wi, a;

	world_make(f->st, &w);
	for (wi = 0; wi < W__COUNT; wi++)
		for (s = 0; s < 5; s++)
			for (a = KA_GOV_SUBMIT; a <= KA_GOV_COMMENT; a++) {
				int64_t pid = wi == W_ADMIN_NO_OWNER ? w.q : w.p;
				int64_t sub = wi == W_SUBMITTER ? w.uid[wi] : w.usual_submitter;
				int64_t vid = version(f->st, pid, states[s], sub);
				struct expect e = expected((enum who)wi, states[s], a);
				int err = decide(f->st, w.uid[wi],
				                 wi == W_ADMIN || wi == W_ADMIN_NO_OWNER, pid, vid,
				                 (enum ka_gov_action)a, &d);

				if (err != e.err)
					fail_msg("%s %s a %s version: got %s (%s), expected %s",
					         who_names[wi], ka_gov_action_name(a), states[s],
					         err ? ka_strerror(err) : "ok", d.message,
					         e.err ? ka_strerror(e.err) : "ok");
				if (strcmp(state_of(f->st, vid, got, sizeof(got)), e.state))
					fail_msg("%s %s a %s version: state %s, expected %s",
					         who_names[wi], ka_gov_action_name(a), states[s],
					         got, e.state);
				if (err == KA_ERR_PERM && wi == W_SUBMITTER)
					assert_non_null(
					    strstr(d.message, "submitted this version"));
				n++;
			}
	assert_int_equal(n, W__COUNT * 5 * 4);
}

/* The setting lets owners (only owners) approve their own submissions; absent or 'false' not. */
static void owners_approve_own(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_diag d;
	int64_t vid;

	world_make(f->st, &w);
	vid = version(f->st, w.p, "submitted", w.uid[W_SUBMITTER]);
	exec_ok(f->st, "INSERT INTO settings (key, value) VALUES ('owners_approve_own', 'false')",
	        NULL, 0, NULL);
	assert_int_equal(decide(f->st, w.uid[W_SUBMITTER], false, w.p, vid, KA_GOV_APPROVE, &d),
	                 KA_ERR_PERM);
	exec_ok(f->st, "UPDATE settings SET value = 'true' WHERE key = 'owners_approve_own'", NULL,
	        0, NULL);
	/* A responsible who submitted is still refused: the setting is for owners. */
	vid = version(f->st, w.p, "submitted", w.uid[W_RESPONSIBLE]);
	assert_int_equal(decide(f->st, w.uid[W_RESPONSIBLE], false, w.p, vid, KA_GOV_APPROVE, &d),
	                 KA_ERR_PERM);
	/* An administrator who submitted on an unowned process too. */
	vid = version(f->st, w.q, "submitted", w.uid[W_ADMIN_NO_OWNER]);
	assert_int_equal(decide(f->st, w.uid[W_ADMIN_NO_OWNER], true, w.q, vid, KA_GOV_REJECT, &d),
	                 KA_ERR_PERM);
	vid = version(f->st, w.p, "submitted", w.uid[W_SUBMITTER]);
	assert_int_equal(decide(f->st, w.uid[W_SUBMITTER], false, w.p, vid, KA_GOV_APPROVE, &d), 0);
}

/* A resubmission by someone else does not clear an earlier submission of the decider. */
static void earlier_submission(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_diag d;
	int64_t vid;

	world_make(f->st, &w);
	vid = version(f->st, w.p, "submitted", w.uid[W_OWNER]);
	ins(f->st,
	    "INSERT INTO approvals (version_id, action, actor_id) VALUES (?, 'submit', ?)"
	    " RETURNING id",
	    (struct ka_val[]){ka_int(vid), ka_int(w.usual_submitter)}, 2);
	assert_int_equal(decide(f->st, w.uid[W_OWNER], false, w.p, vid, KA_GOV_APPROVE, &d),
	                 KA_ERR_PERM);
	assert_int_equal(decide(f->st, w.uid[W_SUBMITTER], false, w.p, vid, KA_GOV_APPROVE, &d), 0);
}

/* Process 0 means the version's own process; another process's version is not found. */
static void process_of_version(void **state)
{
	struct fx *f = *state;
	struct world w;
	struct ka_diag d;
	int64_t vid;

	world_make(f->st, &w);
	vid = version(f->st, w.p, "submitted", w.usual_submitter);
	assert_int_equal(decide(f->st, w.uid[W_OWNER], false, w.q, vid, KA_GOV_APPROVE, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(decide(f->st, w.uid[W_OWNER], false, 999999, vid, KA_GOV_APPROVE, &d),
	                 KA_ERR_NOT_FOUND);
	assert_int_equal(decide(f->st, w.uid[W_OWNER], false, 0, vid, KA_GOV_APPROVE, &d), 0);
}

/* ---- the property test ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static size_t pick(uint64_t *s, size_t n)
{
	return (size_t)(rng_next(s) % n);
}

#define NPEOPLE 6
#define MAXPROC 40
#define MAXVER  120

struct sim {
	int64_t uid[NPEOPLE], proc[MAXPROC], parent[MAXPROC], ver[MAXVER];
	size_t nproc, nver;
	size_t decided, refused_own;
};

static bool is_below(const struct sim *m, size_t p, size_t of)
{
	size_t k, i = p, steps;

	for (steps = 0; steps <= m->nproc; steps++) {
		if (i == of)
			return true;
		if (!m->parent[i])
			return false;
		for (k = 0; k < m->nproc && m->proc[k] != m->parent[i]; k++)
			;
		if (k == m->nproc)
			return false;
		i = k;
	}
	return true;
}

/* Whether `uid` ever submitted version `vid`; *some gets one of its submitters (0: none). */
static bool submitted_by(struct ka_store *st, int64_t vid, int64_t uid, int64_t *some)
{
	struct ka_rows r;
	bool found = false;
	size_t i;

	ka_rows_init(&r);
	exec_ok(st,
	        "SELECT actor_id FROM approvals WHERE version_id = ? AND action = 'submit'"
	        " ORDER BY id DESC",
	        (struct ka_val[]){ka_int(vid)}, 1, &r);
	*some = r.nrows ? ka_rows_at(&r, 0, 0)->i : 0;
	for (i = 0; i < r.nrows; i++)
		found |= ka_rows_at(&r, i, 0)->i == uid;
	ka_rows_release(&r);
	return found;
}

static void step(struct ka_store *st, struct sim *m, uint64_t *rng)
{
	size_t op = pick(rng, 10), i, j;
	struct ka_diag d;
	char name[32];

	if (op == 0 && m->nproc < MAXPROC) {
		i = m->nproc;
		m->parent[i] = m->nproc && pick(rng, 4) ? m->proc[pick(rng, m->nproc)] : 0;
		snprintf(name, sizeof(name), "P%zu", i);
		m->proc[i] = process(st, m->parent[i], name);
		m->nproc++;
	} else if (op == 1) {
		/* Owners a third of the time: decisions need them. */
		assign(st, m->uid[pick(rng, NPEOPLE)], pick(rng, 3) ? kinds[pick(rng, 7)] : "owner",
		       m->proc[pick(rng, m->nproc)]);
	} else if (op == 2) {
		/* A move: anywhere that makes no cycle, or to the top. */
		i = pick(rng, m->nproc);
		j = pick(rng, m->nproc + 1);
		if (j < m->nproc && is_below(m, j, i))
			return;
		m->parent[i] = j < m->nproc ? m->proc[j] : 0;
		exec_ok(st, "UPDATE processes SET parent_id = ? WHERE id = ?",
		        (struct ka_val[]){m->parent[i] ? ka_int(m->parent[i]) : ka_null(),
		                          ka_int(m->proc[i])},
		        2, NULL);
	} else if (op == 3 && m->nver < MAXVER) {
		m->ver[m->nver++] = version(st, m->proc[pick(rng, m->nproc)], "draft", 0);
	} else if (op <= 6 && m->nver) {
		i = pick(rng, m->nver);
		decide(st, m->uid[pick(rng, NPEOPLE)], pick(rng, 8) == 0, 0, m->ver[i],
		       KA_GOV_SUBMIT, &d);
	} else if (m->nver) {
		int64_t vid = m->ver[pick(rng, m->nver)], sub, who;
		enum ka_gov_action a = pick(rng, 2) ? KA_GOV_APPROVE : KA_GOV_REJECT;
		bool own;
		int err;

		/* Half the attempts by someone who submitted it. */
		submitted_by(st, vid, 0, &sub);
		who = sub && pick(rng, 2) ? sub : m->uid[pick(rng, NPEOPLE)];
		own = submitted_by(st, vid, who, &sub);
		err = decide(st, who, pick(rng, 6) == 0, 0, vid, a, &d);
		if (!err) {
			if (own)
				fail_msg("user %lld decided version %lld they submitted",
				         (long long)who, (long long)vid);
			m->decided++;
		} else if (own && strstr(d.message, "submitted this version")) {
			m->refused_own++;
		}
	}
}

static void property(void **state)
{
	struct fx *f = *state;
	struct sim m;
	uint64_t rng = 0x9e3779b97f4a7c15u;
	size_t i;

	memset(&m, 0, sizeof(m));
	role_scheme(f->st);
	for (i = 0; i < NPEOPLE; i++) {
		char login[16];

		snprintf(login, sizeof(login), "u%zu", i);
		m.uid[i] = user(f->st, login);
	}
	m.proc[0] = process(f->st, 0, "Root");
	m.nproc = 1;
	for (i = 0; i < 800; i++)
		step(f->st, &m, &rng);
	/* The property was exercised both ways: decisions made, and own submissions refused. */
	printf("property: %zu processes, %zu versions, %zu decisions, %zu own refused\n", m.nproc,
	       m.nver, m.decided, m.refused_own);
	assert_true(m.decided > 0);
	assert_true(m.refused_own > 0);
}

/* ---- the rule without a database ---- */

static void rule_order(void **state)
{
	struct ka_gov_facts f = {KA_ROLE_OWNER, false, true, true, false, "draft"};
	struct ka_diag d;

	(void)state;
	ka_diag_init(&d, NULL);
	/* The state is checked before the segregation of duties (409 says more than 403). */
	assert_int_equal(ka_gov_check(&f, KA_GOV_APPROVE, 1, &d), KA_ERR_CONFLICT);
	f.state = "submitted";
	assert_int_equal(ka_gov_check(&f, KA_GOV_APPROVE, 1, &d), KA_ERR_PERM);
	f.owners_approve_own = true;
	assert_int_equal(ka_gov_check(&f, KA_GOV_APPROVE, 1, &d), 0);
	f.roles = KA_ROLE_RESPONSIBLE;
	assert_int_equal(ka_gov_check(&f, KA_GOV_APPROVE, 1, &d), KA_ERR_PERM);
	assert_int_equal(ka_gov_check(&f, KA_GOV_COMMENT, 1, &d), 0);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
	    cmocka_unit_test(rule_order),
	};
	const struct CMUnitTest sqlite_tests[] = {
	    cmocka_unit_test_setup_teardown(matrix, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(owners_approve_own, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(earlier_submission, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(process_of_version, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(property, setup_sqlite, teardown),
	};
	const struct CMUnitTest pg_tests[] = {
	    cmocka_unit_test_setup_teardown(matrix, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(owners_approve_own, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(property, setup_pg, teardown),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("governance", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("governance on SQLite", sqlite_tests, NULL, NULL);
	if (getenv("KARTLA_TEST_PG_URL") && *getenv("KARTLA_TEST_PG_URL"))
		failed +=
		    cmocka_run_group_tests_name("governance on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("governance on PostgreSQL: skipped (KARTLA_TEST_PG_URL is not set)\n");
	return failed ? 1 : 0;
}
