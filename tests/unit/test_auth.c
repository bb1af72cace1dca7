/*
 * Unit tests for lib/auth against a temporary SQLite store: the throttle's
 * growing delays per (login, address) and per address, clearing on
 * success; token lifetimes and their end on a password change; settings;
 * what anonymous readers see of people; and the name rule of text.h.
 * The clock is set through struct ka_auth_policy.now.
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

#include "kartla/auth.h"
#include "kartla/session.h"
#include "kartla/settings.h"
#include "kartla/text.h"
#include "kartla/throttle.h"
#include "kartla/token.h"
#include "kartla/user.h"

#define T0 1790000000 /* 2026-09-21 */

struct fx {
	struct ka_store *st;
	char dir[256];
	struct ka_auth_policy pol;
	int64_t admin_id;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char url[512], pw[64];
	struct ka_diag d;
	bool created = false;

	snprintf(f->dir, sizeof(f->dir), "%s/kartla-auth.XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/test.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, url, &d) || ka_store_migrate(f->st, &d) ||
	    ka_auth_bootstrap_admin(f->st, "admin", "admin password", pw, sizeof(pw), &created,
	                            &d) ||
	    !created) {
		fprintf(stderr, "set-up failed: %s\n", d.message);
		return -1;
	}
	f->admin_id = 1;
	ka_auth_policy_init(&f->pol);
	f->pol.pair_fails = 3;
	f->pol.ip_fails = 5;
	f->pol.now = T0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char path[512];
	static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm"};
	size_t i;

	ka_store_close(f->st);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One attempt: 0 (recorded as a failure) or the seconds to wait. */
static unsigned attempt(struct fx *f, const char *login, const char *ip)
{
	struct ka_diag d;
	unsigned retry = 0;
	int64_t id = 0;
	int err;

	ka_diag_init(&d, NULL);
	err = ka_throttle_begin(&id, &retry, f->st, &f->pol, login, ip, &d);
	if (err == KA_ERR_LIMIT) {
		assert_true(retry > 0);
		assert_int_equal(id, 0);
		return retry;
	}
	assert_int_equal(err, 0);
	assert_true(id > 0);
	return 0;
}

static int succeed_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	return ka_throttle_succeed(st, *(int64_t *)ctx, diag);
}

/* One attempt that turns out right. */
static void success(struct fx *f, const char *login, const char *ip)
{
	struct ka_diag d;
	unsigned retry = 0;
	int64_t id = 0;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_throttle_begin(&id, &retry, f->st, &f->pol, login, ip, &d), 0);
	assert_int_equal(ka_store_transact(f->st, succeed_fn, &id, 1, &d), 0);
}

static void test_delay_grows_and_caps(void **state)
{
	(void)state;
	assert_int_equal(ka_throttle_delay(0, 5, 32, 900), 0);
	assert_int_equal(ka_throttle_delay(4, 5, 32, 900), 0);
	assert_int_equal(ka_throttle_delay(5, 5, 32, 900), 32);
	assert_int_equal(ka_throttle_delay(6, 5, 32, 900), 64);
	assert_int_equal(ka_throttle_delay(7, 5, 32, 900), 128);
	assert_int_equal(ka_throttle_delay(9, 5, 32, 900), 512);
	assert_int_equal(ka_throttle_delay(10, 5, 32, 900), 900);
	assert_int_equal(ka_throttle_delay(40, 5, 32, 900), 900);
	assert_int_equal(ka_throttle_delay(100000, 5, 32, 900), 900);
}

static void test_pair_throttle(void **state)
{
	struct fx *f = *state;
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(attempt(f, "alice", "10.0.0.1"), 0);
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 32);
	/* throttled attempts are not counted: still 32 */
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 32);
	/* the same login from elsewhere, and another login from here, go ahead */
	assert_int_equal(attempt(f, "alice", "10.0.0.2"), 0);
	assert_int_equal(attempt(f, "bob", "10.0.0.1"), 0);
	/* the wait runs from the last failure, and doubles with each further one */
	f->pol.now = T0 + 20;
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 12);
	f->pol.now = T0 + 32;
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 0);
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 64);
	f->pol.now = T0 + 32 + 63;
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 1);
	f->pol.now = T0 + 32 + 64;
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 0);
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 128);
	/* failures older than the window are forgotten */
	f->pol.now = T0 + 96 + f->pol.pair_window_s;
	assert_int_equal(attempt(f, "alice", "10.0.0.1"), 0);
}

static void test_success_clears_the_pair(void **state)
{
	struct fx *f = *state;
	int round, i;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 2; i++)
			assert_int_equal(attempt(f, "carol", "10.0.0.3"), 0);
		success(f, "carol", "10.0.0.3");
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(attempt(f, "carol", "10.0.0.3"), 0);
	assert_int_equal(attempt(f, "carol", "10.0.0.3"), 32);
	/* a success elsewhere does not clear this address's count */
	success(f, "carol", "10.0.0.4");
	assert_int_equal(attempt(f, "carol", "10.0.0.3"), 32);
}

static void test_address_throttle(void **state)
{
	struct fx *f = *state;
	char login[32];
	int i;

	success(f, "known", "10.0.0.5");
	for (i = 0; i < 5; i++) {
		snprintf(login, sizeof(login), "guess%d", i);
		assert_int_equal(attempt(f, login, "10.0.0.5"), 0);
	}
	assert_int_equal(attempt(f, "guess9", "10.0.0.5"), 32);
	/* a login that has signed in from this address is not held up by others' guesses */
	assert_int_equal(attempt(f, "known", "10.0.0.5"), 0);
	assert_int_equal(attempt(f, "guess9", "10.0.0.6"), 0);
	/* the address rule forgets after its (shorter) window */
	f->pol.now = T0 + f->pol.ip_window_s + 1;
	assert_int_equal(attempt(f, "guess9", "10.0.0.5"), 0);
}

static void test_login_through_the_throttle(void **state)
{
	struct fx *f = *state;
	struct ka_session_login in = {"ADMIN", "wrong password", "10.0.0.7", NULL};
	struct ka_session_new s;
	struct ka_principal p;
	struct ka_diag d;
	unsigned retry = 0;
	char hash[KA_AUTH_PWHASH_MAX];
	int i;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_auth_hash_password(hash, sizeof(hash), "dummy password"), 0);
	f->pol.dummy_hash = hash;
	for (i = 0; i < 3; i++)
		assert_int_equal(ka_session_login(&s, &retry, f->st, &f->pol, &in, &d),
		                 KA_ERR_AUTH);
	in.password = "admin password";
	assert_int_equal(ka_session_login(&s, &retry, f->st, &f->pol, &in, &d), KA_ERR_LIMIT);
	assert_int_equal(retry, 32);
	in.ip = "10.0.0.8";
	assert_int_equal(ka_session_login(&s, &retry, f->st, &f->pol, &in, &d), 0);
	assert_string_equal(s.login, "admin");
	assert_int_equal(ka_session_resolve(&p, f->st, &f->pol, s.token, &d), 0);
	assert_int_equal(p.user_id, f->admin_id);
	assert_string_equal(p.csrf, s.csrf);
	/* unknown logins count too, and take the dummy hash's time */
	in.login = "nobody";
	assert_int_equal(ka_session_login(&s, &retry, f->st, &f->pol, &in, &d), KA_ERR_AUTH);
}

static void test_token_lifetime(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {f->admin_id, true, "admin"};
	struct ka_principal p;
	struct ka_diag d;
	char until[KA_TIME_LEN];
	json_t *t = NULL;
	int64_t id = 0;
	char token[KA_AUTH_TOKEN_MAX];

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_token_create(&t, &id, f->st, &f->pol, &admin, false, "ci", 0, &d), 0);
	ka_date_format_time(until, T0 + 90 * 86400);
	assert_string_equal(json_string_value(json_object_get(t, "expires_at")), until);
	snprintf(token, sizeof(token), "%s", json_string_value(json_object_get(t, "token")));
	json_decref(t);
	f->pol.now = T0 + 89 * 86400;
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, token, &d), 0);
	assert_int_equal(p.token_id, id);
	f->pol.now = T0 + 90 * 86400 + 1;
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, token, &d), KA_ERR_AUTH);

	f->pol.now = T0;
	assert_int_equal(ka_token_create(&t, &id, f->st, &f->pol, &admin, false, "ci", 365, &d), 0);
	json_decref(t);
	assert_int_equal(ka_token_create(&t, &id, f->st, &f->pol, &admin, false, "ci", 366, &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "expires_in_days");
	assert_null(t);
	assert_int_equal(ka_token_create(&t, &id, f->st, &f->pol, &admin, true, "ci", 0, &d),
	                 KA_ERR_PERM);
}

static void test_token_without_expiry_ends_after_the_longest_lifetime(void **state)
{
	struct fx *f = *state;
	char hash[KA_AUTH_HASH_HEX], created[KA_TIME_LEN];
	struct ka_principal p;
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	ka_auth_token_hash(hash, "kt_legacy");
	ka_date_format_time(created, T0);
	assert_int_equal(
	    ka_store_exec(f->st,
	                  "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
	                  "VALUES (?, 'old', ?, ?)",
	                  (struct ka_val[]){ka_int(f->admin_id), ka_text(hash), ka_text(created)},
	                  3, NULL, &d),
	    0);
	f->pol.now = T0 + 300 * 86400;
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, "kt_legacy", &d), 0);
	f->pol.now = T0 + 366 * 86400;
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, "kt_legacy", &d), KA_ERR_AUTH);
}

static void test_password_change_ends_tokens(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {f->admin_id, true, "admin"};
	struct ka_principal me, p;
	struct ka_diag d;
	char token[KA_AUTH_TOKEN_MAX];
	unsigned retry = 0;
	json_t *t = NULL;
	int64_t id = 0;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_token_create(&t, &id, f->st, &f->pol, &admin, false, "ci", 0, &d), 0);
	snprintf(token, sizeof(token), "%s", json_string_value(json_object_get(t, "token")));
	json_decref(t);
	memset(&me, 0, sizeof(me));
	me.user_id = f->admin_id;
	me.is_admin = true;
	snprintf(me.login, sizeof(me.login), "admin");
	assert_int_equal(ka_user_change_password(&retry, f->st, &f->pol, &me, "10.0.0.9", "nope",
	                                         "new password", &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "current_password");
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, token, &d), 0);
	assert_int_equal(ka_user_change_password(&retry, f->st, &f->pol, &me, "10.0.0.9",
	                                         "admin password", "new password", &d),
	                 0);
	assert_int_equal(ka_token_resolve(&p, f->st, &f->pol, token, &d), KA_ERR_AUTH);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {f->admin_id, true, "admin"}, plain = {2, false, "x"};
	struct ka_settings_patch p;
	struct ka_settings s;
	struct ka_diag d;
	json_t *j;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_settings_get(&s, f->st, &d), 0);
	assert_false(s.anonymous_read);
	assert_false(s.owners_approve_own);
	assert_string_equal(s.language, "");
	memset(&p, 0, sizeof(p));
	p.has_owners_approve_own = p.owners_approve_own = true;
	assert_int_equal(ka_settings_update(&s, f->st, &plain, &p, &d), KA_ERR_PERM);
	assert_int_equal(ka_settings_update(&s, f->st, &admin, &p, &d), 0);
	assert_true(s.owners_approve_own);
	j = ka_settings_to_json(&s, false);
	assert_null(json_object_get(j, "owners_approve_own"));
	json_decref(j);
	j = ka_settings_to_json(&s, true);
	assert_true(json_is_true(json_object_get(j, "owners_approve_own")));
	json_decref(j);
	memset(&p, 0, sizeof(p));
	p.has_language = true;
	p.language = "de";
	assert_int_equal(ka_settings_update(&s, f->st, &admin, &p, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "language");
}

static void test_redact_for_anonymous(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	json_t *v = json_loads("{\"approvals\":[{\"action\":\"approve\",\"actor\":\"admin\"},"
	                       "{\"actor\":\"gone\"},{\"actor\":null}],"
	                       "\"items\":[{\"name\":\"P\",\"email\":\"p@example.org\"}],"
	                       "\"history\":[{\"by\":\"admin\",\"email\":\"a@example.org\"}]}",
	                       0, NULL);
	char *s;

	ka_diag_init(&d, NULL);
	assert_non_null(v);
	assert_int_equal(ka_auth_redact_for_anonymous(f->st, v, &d), 0);
	s = json_dumps(v, JSON_COMPACT);
	assert_string_equal(s,
	                    "{\"approvals\":[{\"action\":\"approve\",\"actor\":\"Administrator\"},"
	                    "{\"actor\":null},{\"actor\":null}],\"items\":[{\"name\":\"P\"}],"
	                    "\"history\":[{\"by\":\"Administrator\"}]}");
	free(s);
	json_decref(v);
}

static void test_name_rule(void **state)
{
	static const char *const good[] = {"", "Åsa Ørnulf", "李小龙", "O'Brien-Smith",
	                                   "emoji \xF0\x9F\x98\x80"};
	static const struct {
		const char *s;
		uint32_t cp;
	} bad[] = {
	    {"a\xE2\x80\xAE"
	     "b",
	     0x202E},
	    {"a\xE2\x80\xAA", 0x202A},
	    {"\xE2\x81\xA6x", 0x2066},
	    {"x\xE2\x81\xA9", 0x2069},
	    {"a\xE2\x80\x8B", 0x200B},
	    {"a\xE2\x80\x8F", 0x200F},
	    {"\xEF\xBB\xBFx", 0xFEFF},
	    {"tab\there", 0x09},
	    {"a\xC2\x85", 0x85},
	    {"bad \xFF", 0xFFFD},
	    {"\xC0\xAF", 0xFFFD},
	    {"\xED\xA0\x80", 0xFFFD},
	};
	uint32_t cp = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(ka_text_name_ok(good[i], NULL));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(ka_text_name_ok(bad[i].s, &cp));
		assert_int_equal(cp, bad[i].cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_delay_grows_and_caps),
	    cmocka_unit_test(test_name_rule),
	    cmocka_unit_test_setup_teardown(test_pair_throttle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_success_clears_the_pair, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_address_throttle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_through_the_throttle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_lifetime, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_token_without_expiry_ends_after_the_longest_lifetime, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_change_ends_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_redact_for_anonymous, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
