/*
 * Courses, the courses each role requires (the facilitator: method,
 * documentation, risk analysis) and who took what, plus the report of who
 * lacks which required course. Administrators write; readers read.
 */
#include <stdio.h>

#include "crud.h"
#include "kartla/org.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct crud_col course_cols[] = {
    {"key", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY | CRUD_FIXED, 64, NULL},
    {"name", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, NULL},
    {"description", CK_TEXT, 0, 5000, NULL},
};
static const struct crud_res courses = {
    "courses",       "course", course_cols, N(course_cols), "name", NULL, NULL,
    CRUD_PERM_ADMIN, 0,        0,           NULL,           NULL,   NULL};
CRUD_HANDLERS(courses, courses)

#define REQ_COLS(F)                                                                                \
	{"role_id", CK_REF, CRUD_RO | F, 0, "roles"},                                              \
	{                                                                                          \
		"course_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | F, 0, "courses"                \
	}
static const struct crud_col req_cols[] = {REQ_COLS(0)};
static const struct crud_col req_flat_cols[] = {REQ_COLS(CRUD_FILTER)};
static const struct crud_res required = {"role_required_courses",
                                         "required_course",
                                         req_cols,
                                         N(req_cols),
                                         "course_id",
                                         "role_id",
                                         "roles",
                                         CRUD_PERM_ADMIN,
                                         0,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL};
static const struct crud_res required_flat = {"role_required_courses",
                                              "required_course",
                                              req_flat_cols,
                                              N(req_flat_cols),
                                              "role_id, course_id",
                                              NULL,
                                              NULL,
                                              CRUD_PERM_ADMIN,
                                              0,
                                              0,
                                              NULL,
                                              NULL,
                                              NULL};
CRUD_HANDLERS(required, required)
CRUD_HANDLERS(required_flat, required_flat)

static const struct crud_col record_cols[] = {
    {"person_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "people"},
    {"course_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "courses"},
    {"completed_on", CK_DATE, HTTP_F_REQUIRED, 0, NULL},
    {"note", CK_TEXT, 0, 2000, NULL},
};
static const struct crud_res records = {"training_records",
                                        "training_record",
                                        record_cols,
                                        N(record_cols),
                                        "completed_on DESC",
                                        NULL,
                                        NULL,
                                        CRUD_PERM_ADMIN,
                                        0,
                                        0,
                                        NULL,
                                        NULL,
                                        NULL};
CRUD_HANDLERS(records, records)

/* Who lacks which required course, grouped by person. */
static int get_missing(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows r;
	json_t *items = json_array(), *cur = NULL;
	int64_t last = 0;
	char today[11];
	size_t i;
	int err;

	crud_today(today);
	ka_rows_init(&r);
	err = ka_org_missing_courses(req->st, today, &r, &req->diag);
	if (err) {
		json_decref(items);
		ka_rows_release(&r);
		return http_store_fail(resp, err, &req->diag);
	}
	for (i = 0; i < r.nrows; i++) {
		int64_t pid = ka_rows_at(&r, i, 0)->i;

		if (!cur || pid != last) {
			cur = json_pack("{s:I, s:s, s:[]}", "person_id", (json_int_t)pid, "person",
			                ka_rows_at(&r, i, 1)->s, "missing");
			json_array_append_new(items, cur);
			last = pid;
		}
		json_array_append_new(json_object_get(cur, "missing"),
		                      json_pack("{s:I, s:s?, s:I, s:s}", "role_id",
		                                (json_int_t)ka_rows_at(&r, i, 2)->i, "role",
		                                ka_rows_at(&r, i, 3)->s, "course_id",
		                                (json_int_t)ka_rows_at(&r, i, 4)->i, "course",
		                                ka_rows_at(&r, i, 5)->s));
	}
	ka_rows_release(&r);
	http_json(resp, 200, json_pack("{s:s, s:o}", "date", today, "items", items));
	return 0;
}

const struct http_route api_training_routes[] = {
    {"GET", "/api/courses", courses_list, HTTP_READER},
    {"POST", "/api/courses", courses_create, HTTP_ADMIN},
    {"GET", "/api/courses/{id}", courses_get, HTTP_READER},
    {"PATCH", "/api/courses/{id}", courses_patch, HTTP_ADMIN},
    {"DELETE", "/api/courses/{id}", courses_delete, HTTP_ADMIN},
    {"GET", "/api/roles/{id}/required-courses", required_list, HTTP_READER},
    {"POST", "/api/roles/{id}/required-courses", required_create, HTTP_ADMIN},
    {"GET", "/api/required-courses/{id}", required_flat_get, HTTP_READER},
    {"DELETE", "/api/required-courses/{id}", required_flat_delete, HTTP_ADMIN},
    {"GET", "/api/training-records", records_list, HTTP_READER},
    {"POST", "/api/training-records", records_create, HTTP_ADMIN},
    {"GET", "/api/training-records/{id}", records_get, HTTP_READER},
    {"PATCH", "/api/training-records/{id}", records_patch, HTTP_ADMIN},
    {"DELETE", "/api/training-records/{id}", records_delete, HTTP_ADMIN},
    {"GET", "/api/training/missing", get_missing, HTTP_READER},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
