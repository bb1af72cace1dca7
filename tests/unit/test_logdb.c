/*
 * Unit tests for event logs stored with a process (lib/logdb,
 * kartla/logdb.h) on SQLite (a temporary file) and, when KARTLA_TEST_PG_URL
 * is set, on PostgreSQL (a fresh database per test): upload (permissions,
 * the file kept gzip-compressed, the analysis cached, nothing stored on a
 * bad file or over the limit, the audit row), list, get on both bases, the
 * mapping, conformance against the chosen version and the proposal as a
 * new draft version, delete.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/logdb.h"
#include "kartla/store.h"

#include "store_fixture.h"

struct fx {
	struct tmpdb db;
	struct ka_store *st; /* db.st */
};

static void exec_ok(struct ka_store *st, const char *sql)
{
	(void)tmpdb_exec(st, sql, NULL, 0);
}

static int64_t count(struct ka_store *st, const char *sql)
{
	struct ka_rows r;
	struct ka_diag d;
	int64_t n;

	ka_rows_init(&r);
	ka_diag_init(&d, NULL);
	if (ka_store_exec(st, sql, NULL, 0, &r, &d))
		fail_msg("%s: %s", sql, d.message);
	n = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return n;
}

static const char seq_map[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" "
    "targetNamespace=\"urn:t\"><process id=\"p\"><startEvent id=\"s\"/>"
    "<task id=\"A\" name=\"Register\"/><task id=\"B\" name=\"Assess\"/>"
    "<endEvent id=\"e\"/><sequenceFlow id=\"f1\" sourceRef=\"s\" targetRef=\"A\"/>"
    "<sequenceFlow id=\"f2\" sourceRef=\"A\" targetRef=\"B\"/>"
    "<sequenceFlow id=\"f3\" sourceRef=\"B\" targetRef=\"e\"/></process></definitions>";

static int seed(struct fx *f)
{
	char sql[2048];

	exec_ok(f->st, "INSERT INTO users (login, display_name, is_admin) VALUES"
	               " ('admin', 'Admin', 1), ('reader', 'Reader', 0)");
	exec_ok(f->st, "INSERT INTO processes (type, name_en) VALUES ('core', 'Permit'),"
	               " ('core', 'Empty')");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO map_versions (process_id, variant, number, state, bpmn)"
	         " VALUES (1, 'as_is', 1, 'approved', '%s')",
	         seq_map);
	exec_ok(f->st, sql);
	/* a fresh database numbers from 1: the actors and processes below rely on it */
	if (count(f->st, "SELECT MAX(id) FROM users") != 2 ||
	    count(f->st, "SELECT MIN(id) FROM processes") != 1)
		return -1;
	return 0;
}

static int open_fx(void **state, bool pg)
{
	struct fx *f = calloc(1, sizeof(*f));

	*state = f;
	if (!f || tmpdb_open(&f->db, "logdb", pg, true))
		return -1;
	f->st = f->db.st;
	return seed(f);
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

static const struct ka_actor admin = {1, true, "admin"};
static const struct ka_actor reader = {2, false, "reader"};

/* Three cases; c3 skips Assess. Start times give service times. */
static const char log_csv[] = "case,activity,start,timestamp\n"
                              "c1,Register,2024-01-01 08:00,2024-01-01 09:00\n"
                              "c1,Assess,2024-01-01 10:00,2024-01-01 12:00\n"
                              "c2,register,2024-01-02 08:00,2024-01-02 08:30\n"
                              "c2,Assess,2024-01-02 09:30,2024-01-02 10:30\n"
                              "c3,Register,2024-01-03 08:00,2024-01-03 10:00\n"
                              "c3,Archive,2024-01-03 11:00,2024-01-03 11:10\n";

static int upload(struct ka_store *st, const struct ka_actor *a, int64_t pid, const char *data,
                  size_t max, json_t **out, struct ka_diag *d)
{
	struct ka_logdb_upload in;

	ka_logdb_upload_init(&in);
	in.name = "log.csv";
	in.data = data;
	in.len = strlen(data);
	in.max_bytes = max;
	ka_diag_init(d, NULL);
	return ka_logdb_upload(st, a, pid, &in, out, d);
}

static void test_upload(void **state)
{
	struct fx *f = *state;
	struct ka_diag d;
	struct ka_rows r;
	json_t *o = NULL, *j;
	int64_t id;

	assert_int_equal(upload(f->st, &reader, 1, log_csv, 0, &o, &d), KA_ERR_PERM);
	assert_int_equal(upload(f->st, &admin, 99, log_csv, 0, &o, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(upload(f->st, &admin, 1, log_csv, 10, &o, &d), KA_ERR_TOO_BIG);
	assert_int_equal(upload(f->st, &admin, 1,
	                        "case,activity,timestamp\nc1,A,2024-01-01\nc1,B,soon\n", 0, &o, &d),
	                 KA_ERR_INVALID);
	assert_string_equal(d.element_id, "file");
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 6);
	assert_non_null(strstr(d.message, "log.csv:3:6: timestamp 'soon'"));
	assert_null(o);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM event_logs"), 0);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM audit_log"), 0);

	assert_int_equal(upload(f->st, &admin, 1, log_csv, 0, &o, &d), 0);
	id = json_integer_value(json_object_get(o, "id"));
	assert_true(id > 0);
	assert_int_equal(json_integer_value(json_object_get(o, "cases")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "events")), 6);
	assert_int_equal(json_integer_value(json_object_get(o, "activities")), 4);
	assert_int_equal(json_integer_value(json_object_get(o, "bytes")), strlen(log_csv));
	assert_string_equal(json_string_value(json_object_get(o, "uploaded_by")), "Admin");
	assert_string_equal(json_string_value(json_object_get(o, "format")), "csv");
	json_decref(o);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM audit_log WHERE object_type ="
	                              " 'event_log' AND action = 'create'"),
	                 1);
	/* the file is kept gzip-compressed */
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(f->st, "SELECT data FROM event_logs", NULL, 0, &r, &d), 0);
	assert_true(ka_rows_at(&r, 0, 0)->len > 2);
	assert_int_equal((unsigned char)ka_rows_at(&r, 0, 0)->s[0], 0x1f);
	assert_int_equal((unsigned char)ka_rows_at(&r, 0, 0)->s[1], 0x8b);
	ka_rows_release(&r);

	assert_int_equal(ka_logdb_list(f->st, 1, &j, &d), 0);
	assert_int_equal(json_array_size(json_object_get(j, "logs")), 1);
	json_decref(j);
	assert_int_equal(ka_logdb_list(f->st, 99, &j, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(ka_logdb_get(f->st, id, NULL, &j, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "stats"), "cases")),
	                 3);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "stats"), "basis")), "calendar");
	assert_non_null(json_object_get(j, "variants"));
	assert_non_null(json_object_get(j, "dfg"));
	assert_non_null(json_object_get(j, "activities"));
	json_decref(j);
	assert_int_equal(ka_logdb_get(f->st, id, "working", &j, &d), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "stats"), "basis")), "working");
	json_decref(j);
	assert_int_equal(ka_logdb_get(f->st, id, "moon", &j, &d), KA_ERR_USAGE);
	assert_int_equal(ka_logdb_get(f->st, id + 1, NULL, &j, &d), KA_ERR_NOT_FOUND);

	assert_int_equal(ka_logdb_delete(f->st, &reader, id, &d), KA_ERR_PERM);
	assert_int_equal(ka_logdb_delete(f->st, &admin, id, &d), 0);
	assert_int_equal(ka_logdb_delete(f->st, &admin, id, &d), KA_ERR_NOT_FOUND);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM event_logs"), 0);
}

static void test_mapping_and_conformance(void **state)
{
	struct fx *f = *state;
	struct ka_logdb_check q = {0, NULL, NULL};
	struct ka_diag d;
	json_t *o = NULL, *m, *c;
	int64_t id, number = 0;
	const char *bpmn;
	struct ka_rows r;

	assert_int_equal(upload(f->st, &admin, 1, log_csv, 0, &o, &d), 0);
	id = json_integer_value(json_object_get(o, "id"));
	json_decref(o);

	/* names match ignoring case; c3 skips Assess: 1 missing token, 1 remaining */
	assert_int_equal(ka_logdb_conformance(f->st, id, &q, &c, &d), 0);
	assert_string_equal(json_string_value(json_object_get(c, "method")), "token_replay");
	assert_int_equal(json_integer_value(json_object_get(c, "version")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "cases_fitting")), 2);
	assert_int_equal(json_integer_value(json_object_get(c, "missing")), 1);
	assert_int_equal(json_array_size(json_object_get(c, "unmapped_activities")), 1);
	json_decref(c);
	q.version = 2;
	assert_int_equal(ka_logdb_conformance(f->st, id, &q, &c, &d), KA_ERR_NOT_FOUND);
	assert_string_equal(d.element_id, "version");
	q.version = 0;
	q.method = "dfg";
	assert_int_equal(ka_logdb_conformance(f->st, id, &q, &c, &d), 0);
	assert_string_equal(json_string_value(json_object_get(c, "method")), "dfg");
	json_decref(c);
	q.method = NULL;

	/* the mapping: Archive is the end event's step; Assess deliberately unmapped */
	m = json_pack("{s:s, s:n}", "Archive", "B", "Assess");
	assert_int_equal(ka_logdb_mapping_put(f->st, &reader, 1, m, &o, &d), KA_ERR_PERM);
	assert_int_equal(ka_logdb_mapping_put(f->st, &admin, 1, m, &o, &d), 0);
	assert_true(json_equal(json_object_get(o, "mapping"), m));
	json_decref(o);
	json_decref(m);
	assert_int_equal(ka_logdb_mapping_get(f->st, 1, &o, &d), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(o, "mapping"), "Archive")), "B");
	json_decref(o);
	m = json_pack("{s:s}", "Assess", "nope");
	assert_int_equal(ka_logdb_mapping_put(f->st, &admin, 1, m, &o, &d), KA_ERR_INVALID);
	assert_string_equal(d.element_id, "mapping.Assess");
	assert_int_equal(ka_logdb_mapping_put(f->st, &admin, 2, m, &o, &d), KA_ERR_INVALID);
	json_decref(m);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM event_log_mappings"), 2);
	assert_int_equal(ka_logdb_conformance(f->st, id, &q, &c, &d), 0);
	assert_int_equal(json_array_size(json_object_get(c, "unmapped_activities")), 1);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(c, "unmapped_activities"), 0)),
	    "Assess");
	json_decref(c);
	m = json_object();
	assert_int_equal(ka_logdb_mapping_put(f->st, &admin, 1, m, &o, &d), 0);
	json_decref(m);
	json_decref(o);

	/* the proposal: version 2, a draft, with P10 / median / P90 of Assess's service time
	 * (2 h and 1 h: P10 1h06m, median 1h30m, P90 1h54m) */
	assert_int_equal(ka_logdb_propose(f->st, &reader, id, &q, &number, &d), KA_ERR_PERM);
	assert_int_equal(ka_logdb_propose(f->st, &admin, id, &q, &number, &d), 0);
	assert_int_equal(number, 2);
	ka_rows_init(&r);
	assert_int_equal(ka_store_exec(f->st,
	                               "SELECT state, bpmn FROM map_versions WHERE process_id = 1"
	                               " AND number = 2",
	                               NULL, 0, &r, &d),
	                 0);
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, "draft");
	bpmn = ka_rows_at(&r, 0, 1)->s;
	assert_non_null(strstr(bpmn, "processTime min=\"PT1H6M\" mostLikely=\"PT1H30M\" "
	                             "max=\"PT1H54M\""));
	ka_rows_release(&r);
	/* conformance takes the approved version 1, not the newer draft */
	assert_int_equal(ka_logdb_conformance(f->st, id, &q, &c, &d), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "version")), 1);
	json_decref(c);
}

/* The lead time from the measurements: the map (no estimates of its own) analysed with the
 * measured times; the critical path Register -> Assess; nothing stored. */
static void test_leadtime(void **state)
{
	struct fx *f = *state;
	struct ka_logdb_check q = {0, NULL, NULL};
	struct ka_diag d;
	json_t *o = NULL, *lt = NULL, *path;
	int64_t id, versions;

	assert_int_equal(upload(f->st, &admin, 1, log_csv, 0, &o, &d), 0);
	id = json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	versions = count(f->st, "SELECT COUNT(*) FROM map_versions");
	assert_int_equal(ka_logdb_leadtime(f->st, id, &q, &lt, &d), 0);
	assert_string_equal(json_string_value(json_object_get(lt, "source")), "measured");
	assert_int_equal(json_integer_value(json_object_get(lt, "log_id")), id);
	assert_int_equal(json_integer_value(json_object_get(lt, "version")), 1);
	/* A and B: the map activities given measured estimates ("Register" and "register" both
	 * map to A, and the one with more measurements speaks for it) */
	assert_int_equal(json_integer_value(json_object_get(lt, "estimated_activities")), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(lt, "timeBasis"), "basis")),
	    "calendar");
	path = json_object_get(lt, "criticalPath");
	assert_int_equal(json_array_size(path), 2);
	assert_string_equal(json_string_value(json_array_get(path, 0)), "A");
	assert_string_equal(json_string_value(json_array_get(path, 1)), "B");
	/* most likely: A's service 1.5 h (the median of "Register", measured twice; "register",
	 * once, does not overwrite it), Assess's wait 1 h and service 1.5 h */
	assert_true(
	    fabs(json_real_value(json_object_get(json_object_get(lt, "leadTime"), "hours")) - 4.0) <
	    1e-9);
	assert_non_null(json_object_get(lt, "simulation"));
	json_decref(lt);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM map_versions"), versions);
	q.basis = "working";
	assert_int_equal(ka_logdb_leadtime(f->st, id, &q, &lt, &d), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(lt, "timeBasis"), "basis")),
	    "working");
	json_decref(lt);
	q.basis = "lunar";
	assert_int_equal(ka_logdb_leadtime(f->st, id, &q, &lt, &d), KA_ERR_USAGE);
	assert_null(lt);
	assert_string_equal(d.element_id, "basis");
	q.basis = NULL;
	q.version = 9;
	assert_int_equal(ka_logdb_leadtime(f->st, id, &q, &lt, &d), KA_ERR_NOT_FOUND);
	assert_string_equal(d.element_id, "version");
	q.version = 0;
	assert_int_equal(ka_logdb_leadtime(f->st, id + 100, &q, &lt, &d), KA_ERR_NOT_FOUND);
	assert_null(lt);
}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
	    cmocka_unit_test_setup_teardown(test_upload, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(test_mapping_and_conformance, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(test_leadtime, setup_sqlite, teardown),
	};
	const struct CMUnitTest pg_tests[] = {
	    cmocka_unit_test_setup_teardown(test_upload, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(test_mapping_and_conformance, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(test_leadtime, setup_pg, teardown),
	};
	int failed = cmocka_run_group_tests_name("logdb on SQLite", sqlite_tests, NULL, NULL);

	if (getenv("KARTLA_TEST_PG_URL") && *getenv("KARTLA_TEST_PG_URL"))
		failed += cmocka_run_group_tests_name("logdb on PostgreSQL", pg_tests, NULL, NULL);
	return failed;
}
