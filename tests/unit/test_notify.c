/*
 * lib/notify: rendering (languages, escaping, links, digests), the MIME
 * message, the back-off, queueing (preferences, no address, dedup, the
 * transaction), and the claim logic with a fake sender and a fake clock
 * (a crash after the send leaves the one message to be sent again once its
 * lease passes; a failure waits for its back-off; nothing is sent twice).
 */
#include "portfolio_fixture.h"

#include <time.h>

#include "kartla/notify.h"
#include "kartla/banned.h"

/* ---- rendering ---- */

static void render_languages(void **state)
{
	static const char *const params =
	    "{\"subject_nb\":\"Byggesøknad\",\"subject_sv\":\"Bygglov\",\"subject\":\"x\","
	    "\"detail\":\"v2\",\"comment\":\"Ser <bra> ut & \\\"fint\\\"\","
	    "\"link\":\"/#/process/3/version/7\"}";
	struct ka_notify_mail m;

	(void)state;
	assert_int_equal(
	    ka_notify_render(&m, KA_NOTIFY_APPROVED, "nb", params, "https://k.example.org"), 0);
	assert_string_equal(m.subject, "Innsendingen din er godkjent: Byggesøknad");
	assert_non_null(strstr(m.text, "prosessen Byggesøknad (v2), er godkjent"));
	assert_non_null(strstr(m.text, "Ser <bra> ut & \"fint\""));
	assert_non_null(strstr(m.text, "https://k.example.org/#/process/3/version/7"));
	assert_non_null(strstr(m.html, "Ser &lt;bra&gt; ut &amp; &quot;fint&quot;"));
	assert_null(strstr(m.html, "<bra>"));
	assert_non_null(strstr(m.html, "href=\"https://k.example.org/#/process/3/version/7\""));
	ka_notify_mail_release(&m);

	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_APPROVED, "sv", params, ""), 0);
	assert_string_equal(m.subject, "Ditt förslag har godkänts: Bygglov");
	ka_notify_mail_release(&m);
	/* no English name: another language's; an unknown language is English */
	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_REJECTED, "xx", params, ""), 0);
	assert_string_equal(m.subject, "Your submission was rejected: Byggesøknad");
	ka_notify_mail_release(&m);
	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_APPROVED, "en", "[1]", ""), KA_ERR_INVALID);
	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_APPROVED, "en", "{", ""), KA_ERR_INVALID);
}

static void render_subject_one_line(void **state)
{
	struct ka_notify_mail m;

	(void)state;
	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_ROLE_GIVEN, "en",
	                                  "{\"subject\":\"a\\r\\nBcc: x@evil\"}", ""),
	                 0);
	assert_null(strchr(m.subject, '\n'));
	assert_null(strchr(m.subject, '\r'));
	/* a link that is not a path inside Kartla is left out */
	ka_notify_mail_release(&m);
	assert_int_equal(ka_notify_render(&m, KA_NOTIFY_ROLE_GIVEN, "en",
	                                  "{\"subject\":\"a\",\"link\":\"https://evil\"}", "B"),
	                 0);
	assert_null(strstr(m.text, "evil"));
	ka_notify_mail_release(&m);
}

static void render_digest(void **state)
{
	struct ka_notify_mail m;

	(void)state;
	assert_int_equal(
	    ka_notify_render(&m, KA_NOTIFY_DIGEST, "nb",
	                     "{\"items\":[{\"kind\":\"role_given\",\"params\":{\"subject\":\"A\"}},"
	                     "{\"kind\":\"review_due\",\"params\":{\"subject\":\"P\","
	                     "\"due\":\"2030-01-02\"}},{\"kind\":\"bogus\",\"params\":{}}]}",
	                     "B"),
	    0);
	assert_string_equal(m.subject, "Kartla: 3 varsler");
	assert_non_null(strstr(m.text, "Du har fått rollen A."));
	assert_non_null(strstr(m.text, "Prosessen P skal gjennomgås innen 2030-01-02."));
	ka_notify_mail_release(&m);
}

static void compose_message(void **state)
{
	struct ka_notify_mail m = {"Æ subject", "text æ", "<p>html</p>"};
	struct ka_buf b;

	(void)state;
	ka_buf_init(&b, 0);
	assert_int_equal(ka_notify_compose(&b, "k@example.org", "p@example.org", &m, 5, 0), 0);
	ka_buf_addc(&b, '\0');
	assert_non_null(strstr(b.data, "To: <p@example.org>\r\n"));
	assert_non_null(strstr(b.data, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(b.data, "Message-ID: <outbox-5.0@example.org>"));
	assert_non_null(strstr(b.data, "multipart/alternative"));
	assert_non_null(strstr(b.data, "text/html; charset=utf-8"));
	ka_buf_reset(&b);
	/* header injection through an address */
	assert_int_equal(ka_notify_compose(&b, "k@example.org", "p@x\r\nBcc: y@z", &m, 5, 0),
	                 KA_ERR_INVALID);
	assert_int_equal(ka_notify_compose(&b, "k@example.org", "no-at", &m, 5, 0), KA_ERR_INVALID);
	ka_buf_release(&b);
}

static void backoff_doubles_to_a_cap(void **state)
{
	struct ka_notify_config c;

	(void)state;
	ka_notify_config_init(&c);
	assert_int_equal(ka_notify_backoff_ms(&c, 1), 30000);
	assert_int_equal(ka_notify_backoff_ms(&c, 2), 60000);
	assert_int_equal(ka_notify_backoff_ms(&c, 5), 480000);
	assert_int_equal(ka_notify_backoff_ms(&c, 100), 3600000);
	assert_int_equal(ka_notify_backoff_ms(&c, INT64_MAX), 3600000);
}

/* ---- queueing and claiming, on a SQLite portfolio ---- */

struct fake {
	int calls, fail;
	char last_to[200];
};

static int fake_send(void *ctx, const char *from, const char *to, const char *data, size_t len,
                     char *err, size_t errsz)
{
	struct fake *f = ctx;

	(void)from;
	(void)data;
	(void)len;
	f->calls++;
	snprintf(f->last_to, sizeof(f->last_to), "%s", to);
	if (f->fail) {
		snprintf(err, errsz, "connection refused");
		return -1;
	}
	return 0;
}

static int64_t count_state(struct fx *f, const char *state)
{
	return fx_exec(f, "SELECT COUNT(*) FROM outbox WHERE state = ?",
	               (struct ka_val[]){ka_text(state)}, 1);
}

/* Queues a role_given for user uid in its own transaction. */
static void queue(struct fx *f, int64_t uid, const char *dedup)
{
	struct ka_notify_msg m = {.kind = KA_NOTIFY_ROLE_GIVEN, .subject = "R", .dedup = dedup};
	struct ka_diag d;

	ka_diag_init(&d, NULL);
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_equal(ka_notify_queue_user(f->st, uid, &m, &d), 0);
	assert_int_equal(ka_store_commit(f->st), 0);
}

static void queue_rules(void **state)
{
	struct fx *f = *state;
	struct ka_notify_msg m = {.kind = KA_NOTIFY_ROLE_GIVEN, .subject = "R"};
	struct ka_diag d;
	int64_t u;

	ka_diag_init(&d, NULL);
	/* outside a transaction: a usage error */
	assert_int_equal(ka_notify_queue_user(f->st, f->who[READER].user_id, &m, &d), KA_ERR_USAGE);
	/* no address: nothing */
	queue(f, f->who[READER].user_id, NULL);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox", NULL, 0), 0);
	/* an address (the person's, when the account has none); workspace language */
	fx_exec(f, "INSERT INTO settings (key, value) VALUES ('language', 'sv')", NULL, 0);
	fx_exec(f, "UPDATE people SET email = 'fac@example.org' WHERE user_id = ?",
	        (struct ka_val[]){ka_int(f->who[FAC].user_id)}, 1);
	queue(f, f->who[FAC].user_id, NULL);
	assert_int_equal(fx_exec(f,
	                         "SELECT COUNT(*) FROM outbox WHERE to_addr = 'fac@example.org'"
	                         " AND lang = 'sv' AND state = 'queued'",
	                         NULL, 0),
	                 1);
	/* the person's language, a digest, off */
	u = f->who[ADMIN].user_id;
	fx_exec(f, "UPDATE users SET email = 'admin@example.org' WHERE id = ?",
	        (struct ka_val[]){ka_int(u)}, 1);
	fx_exec(f, "INSERT INTO notify_prefs (user_id, mode, language) VALUES (?, 'digest', 'nb')",
	        (struct ka_val[]){ka_int(u)}, 1);
	queue(f, u, NULL);
	assert_int_equal(fx_exec(f,
	                         "SELECT COUNT(*) FROM outbox WHERE to_addr = 'admin@example.org'"
	                         " AND lang = 'nb' AND state = 'digest'",
	                         NULL, 0),
	                 1);
	fx_exec(f, "UPDATE notify_prefs SET mode = 'off' WHERE user_id = ?",
	        (struct ka_val[]){ka_int(u)}, 1);
	queue(f, u, NULL);
	assert_int_equal(count_state(f, "digest"), 1);
	/* a dedup key queues once per recipient */
	queue(f, f->who[FAC].user_id, "review:1:2030-01-01");
	queue(f, f->who[FAC].user_id, "review:1:2030-01-01");
	assert_int_equal(count_state(f, "queued"), 2);
	/* a rolled-back change leaves no message */
	assert_int_equal(ka_store_begin(f->st), 0);
	assert_int_equal(ka_notify_queue_user(f->st, f->who[FAC].user_id, &m, &d), 0);
	ka_store_rollback(f->st);
	assert_int_equal(count_state(f, "queued"), 2);
}

static void claim_crash_and_backoff(void **state)
{
	struct fx *f = *state;
	struct ka_notify_config cfg;
	struct ka_notify_claim cl;
	struct fake fake = {0};
	struct ka_notify_sender s = {fake_send, &fake};
	struct ka_diag d;
	time_t t0 = 2000000000;
	unsigned sent;
	bool found;

	ka_diag_init(&d, NULL);
	ka_notify_config_init(&cfg);
	cfg.from = "kartla@example.org";
	cfg.base_url = "https://k";
	fx_exec(f, "UPDATE people SET email = 'fac@example.org' WHERE user_id = ?",
	        (struct ka_val[]){ka_int(f->who[FAC].user_id)}, 1);
	queue(f, f->who[FAC].user_id, NULL);
	queue(f, f->who[FAC].user_id, NULL);
	fx_exec(f, "UPDATE outbox SET next_at = '2000-01-01T00:00:00Z'", NULL, 0);

	/* a crash after the send: the claim stays, nobody else takes it before its lease ends */
	assert_int_equal(ka_notify_claim(f->st, &cfg, t0, &cl, &found, &d), 0);
	assert_true(found);
	assert_int_equal(cl.attempts, 1);
	ka_notify_claim_release(&cl);
	assert_int_equal(count_state(f, "sending"), 1);
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0 + 10, &sent, &d), 0);
	assert_int_equal(sent, 1); /* only the other message */
	assert_int_equal(count_state(f, "sending"), 1);
	/* after the lease: the claimed one is sent again, once */
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0 + 301, &sent, &d), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(count_state(f, "sent"), 2);
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0 + 9999, &sent, &d), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(fake.calls, 2);

	/* the relay down: the message waits for its back-off, keeps the reason, then goes */
	queue(f, f->who[FAC].user_id, NULL);
	fx_exec(f, "UPDATE outbox SET next_at = '2000-01-01T00:00:00Z' WHERE state = 'queued'",
	        NULL, 0);
	fake.fail = 1;
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0, &sent, &d), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(
	    fx_exec(f,
	            "SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND attempts = 1"
	            " AND last_error = 'connection refused'",
	            NULL, 0),
	    1);
	fake.fail = 0;
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0 + 29, &sent, &d), 0);
	assert_int_equal(sent, 0); /* 30 s back-off */
	assert_int_equal(ka_notify_run_once(f->st, &cfg, &s, false, t0 + 30, &sent, &d), 0);
	assert_int_equal(sent, 1);
	assert_string_equal(fake.last_to, "fac@example.org");
	/* no sender (no relay configured): nothing claimed */
	queue(f, f->who[FAC].user_id, NULL);
	assert_int_equal(ka_notify_run_once(f->st, &cfg, NULL, false, t0 + 99999, &sent, &d), 0);
	assert_int_equal(count_state(f, "queued"), 1);
}

static void digest_once_a_day(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	int64_t u = f->who[ADMIN].user_id;

	ka_diag_init(&d, NULL);
	fx_exec(f, "UPDATE users SET email = 'admin@example.org' WHERE id = ?",
	        (struct ka_val[]){ka_int(u)}, 1);
	fx_exec(f, "INSERT INTO notify_prefs (user_id, mode) VALUES (?, 'digest')",
	        (struct ka_val[]){ka_int(u)}, 1);
	queue(f, u, NULL);
	queue(f, u, NULL);
	assert_int_equal(ka_notify_digest(f->st, "2030-01-01", 0, &d), 0);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox WHERE kind = 'digest'", NULL, 0),
	                 1);
	assert_int_equal(count_state(f, "digested"), 2);
	/* a new item the same day waits for tomorrow */
	queue(f, u, NULL);
	assert_int_equal(ka_notify_digest(f->st, "2030-01-01", 0, &d), 0);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox WHERE kind = 'digest'", NULL, 0),
	                 1);
	assert_int_equal(ka_notify_digest(f->st, "2030-01-02", 0, &d), 0);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox WHERE kind = 'digest'", NULL, 0),
	                 2);
}

static void scan_once_per_due_date(void **state)
{
	struct fx *f = *state;
	struct ka_notify_config cfg;
	struct ka_diag d;
	int64_t scheme, role, pid, person;

	ka_diag_init(&d, NULL);
	ka_notify_config_init(&cfg);
	scheme = fx_exec(f, "SELECT id FROM role_schemes", NULL, 0);
	role = fx_exec(f,
	               "INSERT INTO roles (scheme_id, key, name_en, kind)"
	               " VALUES (?, 'own', 'Owner', 'owner') RETURNING id",
	               (struct ka_val[]){ka_int(scheme)}, 1);
	pid = fx_exec(f,
	              "INSERT INTO processes (type, name_en, next_review_date)"
	              " VALUES ('core', 'P', '2030-01-10') RETURNING id",
	              NULL, 0);
	person = fx_exec(
	    f, "INSERT INTO people (name, email) VALUES ('O', 'o@example.org') RETURNING id", NULL,
	    0);
	fx_exec(f,
	        "INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date)"
	        " VALUES (?, ?, 'process', ?, '2000-01-01')",
	        (struct ka_val[]){ka_int(person), ka_int(role), ka_int(pid)}, 3);
	/* not near yet, then near (twice: once), then a new date: again */
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2029-12-01", &d), 0);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox", NULL, 0), 0);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2030-01-01", &d), 0);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2030-01-02", &d), 0);
	assert_int_equal(fx_exec(f,
	                         "SELECT COUNT(*) FROM outbox WHERE kind = 'review_due'"
	                         " AND to_addr = 'o@example.org'",
	                         NULL, 0),
	                 1);
	fx_exec(f, "UPDATE processes SET next_review_date = '2030-01-12'", NULL, 0);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2030-01-02", &d), 0);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox", NULL, 0), 2);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "not a date", &d), KA_ERR_USAGE);

	/* an activity-plan item: its responsible by name; done items and later dates are not */
	fx_exec(
	    f,
	    "INSERT INTO forms (process_id, template, title, body) VALUES (?, 'activity_plan',"
	    " 'Plan 2030', '{\"items\":[{\"improvement\":\"Digital form\",\"responsible\":"
	    "\"O\",\"due_date\":\"2030-01-05\",\"status\":\"planned\"},"
	    "{\"improvement\":\"Done\",\"responsible\":\"O\",\"due_date\":"
	    "\"2030-01-05\",\"status\":\"done\"},{\"improvement\":\"Later\","
	    "\"responsible\":\"O\",\"due_date\":\"2031-01-05\"},"
	    "{\"improvement\":\"Nobody\",\"responsible\":\"Z\",\"due_date\":\"2030-01-05\"}]}')",
	    (struct ka_val[]){ka_int(pid)}, 1);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2030-01-02", &d), 0);
	assert_int_equal(ka_notify_scan(f->st, &cfg, "2030-01-03", &d), 0);
	assert_int_equal(fx_exec(f,
	                         "SELECT COUNT(*) FROM outbox WHERE kind = 'plan_item_due'"
	                         " AND params LIKE '%Digital form%'",
	                         NULL, 0),
	                 1);
	assert_int_equal(fx_exec(f, "SELECT COUNT(*) FROM outbox", NULL, 0), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(render_languages),
	    cmocka_unit_test(render_subject_one_line),
	    cmocka_unit_test(render_digest),
	    cmocka_unit_test(compose_message),
	    cmocka_unit_test(backoff_doubles_to_a_cap),
	    cmocka_unit_test_setup_teardown(queue_rules, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(claim_crash_and_backoff, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(digest_once_a_day, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(scan_once_per_due_date, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
