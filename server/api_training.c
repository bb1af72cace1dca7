/*
 * Courses, the courses each role requires (the facilitator: method,
 * documentation, risk analysis) and who took what, plus the report of who
 * lacks which required course. Administrators write; readers read.
 */
#include "crud.h"
#include "kartla/resource_org.h"
#include "kartla/training.h"
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
	json_t *o = NULL;
	int err = ka_training_missing_json(req->st, NULL, &o, &req->diag);

	if (err)
		return http_fail_diag(resp, err, &req->diag);
	http_json(resp, 200, o);
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
