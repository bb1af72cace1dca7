/*
 * Unit tests for map versions (lib/portfolio/mapver*.c) on a migrated
 * SQLite store in a temporary file: the one writer of the element index
 * (ka_mapver_index) names elements and lanes in every language and replaces
 * a version's rows, so search finds an element by its nb and sv names; a
 * version created through ka_mapver_create is indexed the same way; the
 * checker's findings are stored as JSON built from the typed results.
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

#include "kartla/mapver.h"
#include "kartla/portfolio.h"
#include "kartla/search.h"
#include "kartla/store.h"

struct fx {
	struct ka_store *st;
	char dir[256];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char url[512];
	struct ka_diag d;

	*state = f;
	snprintf(f->dir, sizeof(f->dir), "%s/kartla-mapver.XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/test.db", f->dir);
	ka_diag_init(&d, NULL);
	if (ka_store_open(&f->st, url, &d) || ka_store_migrate(f->st, &d)) {
		fprintf(stderr, "%s: %s\n", url, d.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm"};
	char path[512];
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

static int64_t ins(struct ka_store *st, const char *sql, const struct ka_val *p, size_t n)
{
	struct ka_rows r;
	int64_t id;

	ka_rows_init(&r);
	exec_ok(st, sql, p, n, &r);
	id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return id;
}

/* A map with one task and one lane, both translated to nb and sv. */
static const char *map_xml(const char *task_en, const char *task_nb, const char *task_sv)
{
	static char buf[4096];

	snprintf(
	    buf, sizeof(buf),
	    "<?xml version=\"1.0\"?>"
	    "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
	    " xmlns:i18n=\"http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0\""
	    " xmlns:kartla=\"urn:kartla:bpmn:1.0\" id=\"D\" targetNamespace=\"urn:t\">"
	    "<bpmn:process id=\"P\"><bpmn:laneSet id=\"LS\"><bpmn:lane id=\"L1\" name=\"Clerk\">"
	    "<bpmn:extensionElements><i18n:translation xml:lang=\"nb\">Ekspeditør"
	    "</i18n:translation><i18n:translation xml:lang=\"sv\">Expeditör"
	    "</i18n:translation></bpmn:extensionElements>"
	    "<bpmn:flowNodeRef>T1</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
	    "<bpmn:userTask id=\"T1\" name=\"%s\"><bpmn:extensionElements>"
	    "<i18n:translation xml:lang=\"nb\">%s</i18n:translation>"
	    "<i18n:translation xml:lang=\"sv\">%s</i18n:translation>"
	    "<kartla:processTime value=\"PT10M\"/></bpmn:extensionElements></bpmn:userTask>"
	    "</bpmn:process></bpmn:definitions>",
	    task_en, task_nb, task_sv);
	return buf;
}

static int64_t hits(struct ka_store *st, const char *text)
{
	struct ka_search_query q = {text, "element", KA_VIS_FACILITATORS, 10, 0, NULL, NULL};
	struct ka_rows r;
	struct ka_diag d;
	int64_t total = -1;

	ka_rows_init(&r);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_search_query(st, &q, &r, &total, &d), 0);
	ka_rows_release(&r);
	return total;
}

static void assert_row(struct ka_store *st, int64_t vid, const char *el, const char *name,
                       const char *lane)
{
	struct ka_rows r;

	ka_rows_init(&r);
	exec_ok(st, "SELECT name, lane FROM map_elements WHERE version_id = ? AND element_id = ?",
	        (struct ka_val[]){ka_int(vid), ka_text(el)}, 2, &r);
	assert_int_equal(r.nrows, 1);
	assert_string_equal(ka_rows_at(&r, 0, 0)->s, name);
	if (lane)
		assert_string_equal(ka_rows_at(&r, 0, 1)->s, lane);
	else
		assert_int_equal(ka_rows_at(&r, 0, 1)->type, KA_VAL_NULL);
	ka_rows_release(&r);
}

static void index_version(struct ka_store *st, int64_t vid, const char *xml)
{
	struct ka_map *m = NULL;
	struct ka_diag d;

	ka_diag_init(&d, "t.bpmn");
	assert_int_equal(ka_map_load(&m, NULL, xml, strlen(xml), KA_MAPVER_BPMN_MAX, &d), 0);
	assert_int_equal(ka_store_begin(st), 0);
	assert_int_equal(ka_mapver_index(st, vid, m, &d), 0);
	assert_int_equal(ka_store_commit(st), 0);
	ka_map_free(m);
}

static void index_writer(void **state)
{
	struct fx *f = *state;
	int64_t pid, vid;

	pid =
	    ins(f->st, "INSERT INTO processes (type, name_en) VALUES ('core', 'Mail') RETURNING id",
	        NULL, 0);
	vid = ins(f->st,
	          "INSERT INTO map_versions (process_id, variant, number, bpmn)"
	          " VALUES (?, 'as_is', 1, 'x') RETURNING id",
	          (struct ka_val[]){ka_int(pid)}, 1);
	index_version(f->st, vid,
	              map_xml("Register parcel", "Registrere pakke", "Registrera paket"));
	assert_row(f->st, vid, "T1", "Register parcel / Registrere pakke / Registrera paket",
	           "Clerk / Ekspeditør / Expeditör");
	assert_row(f->st, vid, "L1", "Clerk / Ekspeditør / Expeditör", NULL);
	assert_int_equal(hits(f->st, "pakke"), 1);
	assert_int_equal(hits(f->st, "paket"), 1);
	assert_int_equal(hits(f->st, "Expeditör"), 1); /* the lane, by its sv name */
	/* Writing again replaces the rows: old names leave the index. */
	index_version(f->st, vid, map_xml("Weigh parcel", "Veie pakke", "Väga paket"));
	assert_row(f->st, vid, "T1", "Weigh parcel / Veie pakke / Väga paket",
	           "Clerk / Ekspeditør / Expeditör");
	assert_int_equal(hits(f->st, "Registrera"), 0);
	assert_int_equal(hits(f->st, "Väga"), 1);
}

static void create_indexes_and_stores_findings(void **state)
{
	struct fx *f = *state;
	struct ka_actor admin = {0, true, NULL};
	const char *xml = map_xml("Sort letters", "Sortere brev", "Sortera brev");
	struct ka_mapver_in in = {NULL, xml, strlen(xml), NULL, false, false, NULL};
	struct ka_mapver v;
	struct ka_diag d;
	json_t *links = NULL, *j;
	int64_t pid;

	pid =
	    ins(f->st, "INSERT INTO processes (type, name_en) VALUES ('core', 'Post') RETURNING id",
	        NULL, 0);
	ka_mapver_init(&v);
	ka_diag_init(&d, NULL);
	assert_int_equal(ka_mapver_create(f->st, &admin, pid, &in, &v, &links, &d), 0);
	assert_string_equal(v.state, "draft");
	assert_string_equal(v.variant, "as_is");
	assert_row(f->st, v.id, "T1", "Sort letters / Sortere brev / Sortera brev",
	           "Clerk / Ekspeditør / Expeditör");
	assert_int_equal(hits(f->st, "Sortera"), 1);
	assert_true(json_is_array(links));
	/* Findings as the checker's typed results made them: {lang, counts, findings}. */
	j = json_loads(v.findings, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
	assert_null(json_object_get(j, "file"));
	assert_true(json_array_size(json_object_get(j, "findings")) > 0);
	json_decref(j);
	json_decref(links);
	ka_mapver_release(&v);
	/* An unreadable map is refused on the field "bpmn" with the reader's position. */
	in.bpmn = "<bpmn:definitions";
	in.bpmn_len = strlen(in.bpmn);
	assert_int_equal(ka_mapver_create(f->st, &admin, pid, &in, &v, NULL, &d), KA_ERR_XML);
	assert_string_equal(d.element_id, "bpmn");
	assert_non_null(strstr(d.message, "map.bpmn:1:"));
	ka_mapver_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(index_writer, setup, teardown),
	    cmocka_unit_test_setup_teardown(create_indexes_and_stores_findings, setup, teardown),
	};

	return cmocka_run_group_tests_name("mapver", tests, NULL, NULL);
}
