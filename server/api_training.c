/*
 * Courses, the courses each role requires (the facilitator: method,
 * documentation, risk analysis) and who took what, plus the report of who
 * lacks which required course. Administrators write; readers read.
 */
#include <stdio.h>

#include "crud.h"
#include "kartla/resource_org.h"
#include "kartla/org.h"
#include "kartla/banned.h"

CRUD_HANDLER(courses, list, ka_res_org_courses)
CRUD_HANDLER(courses, create, ka_res_org_courses)
CRUD_HANDLER(courses, get, ka_res_org_courses)
CRUD_HANDLER(courses, patch, ka_res_org_courses)
CRUD_HANDLER(courses, delete, ka_res_org_courses)
CRUD_HANDLER(required, list, ka_res_org_required)
CRUD_HANDLER(required, create, ka_res_org_required)
CRUD_HANDLER(required_flat, get, ka_res_org_required_flat)
CRUD_HANDLER(required_flat, delete, ka_res_org_required_flat)
CRUD_HANDLER(records, list, ka_res_org_records)
CRUD_HANDLER(records, create, ka_res_org_records)
CRUD_HANDLER(records, get, ka_res_org_records)
CRUD_HANDLER(records, patch, ka_res_org_records)
CRUD_HANDLER(records, delete, ka_res_org_records)

/* Who lacks which required course, grouped by person. */
static int get_missing(struct http_req *req, struct http_resp *resp)
{
	struct ka_rows r;
	json_t *items = json_array(), *cur = NULL;
	int64_t last = 0;
	char today[KA_DATE_LEN];
	size_t i;
	int err;

	ka_date_today(today);
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
