/*
 * Training (training.h): who lacks which course their roles require.
 */
#include <stdbool.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/training.h"
#include "kartla/banned.h"

/* In the order of enum ka_training_col (training.h). */
#define MISSING_COLUMNS                                                                            \
	"p.id AS person_id", "p.name AS person", "ro.id AS role_id",                               \
	    "COALESCE(ro.name_en, ro.name_nb, ro.name_sv) AS role", "c.id AS course_id",           \
	    "c.name AS course"
#define MISSING_COLS KA_COLS_SQL(MISSING_COLUMNS)
KA_COLS_CHECK(MISSING_COLUMNS, KA_TRAINING_COL_COUNT);

int ka_training_missing(struct ka_store *st, const char *today, struct ka_rows *out,
                        struct ka_diag *diag)
{
	return ka_store_exec(st,
	                     "SELECT DISTINCT " MISSING_COLS
	                     " FROM role_assignments ra JOIN people p ON p.id = ra.person_id"
	                     " JOIN roles ro ON ro.id = ra.role_id"
	                     " JOIN role_required_courses rc ON rc.role_id = ro.id"
	                     " JOIN courses c ON c.id = rc.course_id"
	                     " WHERE ra.from_date <= ?"
	                     " AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	                     " AND NOT EXISTS (SELECT 1 FROM training_records t"
	                     "  WHERE t.person_id = p.id AND t.course_id = c.id)"
	                     " ORDER BY p.name, p.id, ro.id, c.id",
	                     (struct ka_val[]){ka_text(today), ka_text(today)}, 2, out, diag);
}

/* The rows of ka_training_missing grouped by person. */
static json_t *group_by_person(const struct ka_rows *r)
{
	json_t *items = json_array(), *cur = NULL;
	int64_t last = 0;
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		int64_t pid = ka_rows_at(r, i, KA_TRAINING_COL_PERSON_ID)->i;

		if (!cur || pid != last) {
			cur = json_pack("{s:I, s:s, s:[]}", "person_id", (json_int_t)pid, "person",
			                ka_rows_at(r, i, KA_TRAINING_COL_PERSON)->s, "missing");
			json_array_append_new(items, cur);
			last = pid;
		}
		json_array_append_new(
		    json_object_get(cur, "missing"),
		    json_pack("{s:I, s:s?, s:I, s:s}", "role_id",
		              (json_int_t)ka_rows_at(r, i, KA_TRAINING_COL_ROLE_ID)->i, "role",
		              ka_rows_at(r, i, KA_TRAINING_COL_ROLE)->s, "course_id",
		              (json_int_t)ka_rows_at(r, i, KA_TRAINING_COL_COURSE_ID)->i, "course",
		              ka_rows_at(r, i, KA_TRAINING_COL_COURSE)->s));
	}
	return items;
}

int ka_training_missing_json(struct ka_store *st, const char *today, json_t **out,
                             struct ka_diag *diag)
{
	char day[KA_DATE_LEN];
	struct ka_rows r;
	bool own_tx = !ka_store_in_tx(st);
	int err = 0;

	*out = NULL;
	if (!today) {
		ka_date_today(day);
		today = day;
	}
	ka_rows_init(&r);
	if (own_tx && (err = ka_store_begin_read(st)))
		return ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	err = ka_training_missing(st, today, &r, diag);
	if (own_tx && !err) {
		err = ka_store_commit(st);
		if (err)
			ka_store_fail(diag, err, "%s", ka_store_errmsg(st));
	} else if (own_tx) {
		ka_store_rollback(st);
	}
	if (!err)
		*out = json_pack("{s:s, s:o}", "date", today, "items", group_by_person(&r));
	ka_rows_release(&r);
	return err;
}
