/*
 * The templates as structured forms: the schemas of all seven templates,
 * and forms rows (process inventory, resource request, follow-up plan,
 * activity plan, role description) whose body is validated against their
 * template. The process specification and the mapping assignment use the
 * same schemas but live with their process (processes.specification) and
 * assignment (assignments.body). Facilitators and administrators write.
 */
#include <stdio.h>
#include <string.h>

#include "crud.h"
#include "kartla/org.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int form_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                      const json_t *before, const json_t *obj)
{
	const json_t *tmpl = json_object_get(obj, "template"), *body = json_object_get(obj, "body");
	char field[200], msg[300], path[220];

	(void)st;
	(void)req;
	if (!tmpl && before)
		tmpl = json_object_get(before, "template");
	if (!body || json_is_null(body))
		return 0;
	if (ka_form_validate(json_string_value(tmpl), body, field, sizeof(field), msg,
	                     sizeof(msg))) {
		snprintf(path, sizeof(path), "body.%s", field);
		return http_fail(resp, KA_ERR_INVALID, path, "body: %s", msg);
	}
	return 0;
}

static const struct crud_col form_cols[] = {
    {"process_id", CK_REF, CRUD_FILTER | CRUD_FIXED, 0, "processes"},
    {"template", CK_ENUM, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0,
     "process_inventory|resource_request|followup_plan|activity_plan|role_description"},
    {"title", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 300, NULL},
    {"body", CK_JSON, 0, 0, NULL},
    {"status", CK_ENUM, CRUD_FILTER | CRUD_NONULL, 0, "draft|approved"},
    {"updated_at", CK_TEXT, CRUD_RO, 0, NULL},
};
static const struct crud_res forms = {"forms",
                                      "form",
                                      form_cols,
                                      N(form_cols),
                                      "template, title",
                                      NULL,
                                      NULL,
                                      CRUD_PERM_FACILITATOR,
                                      1,
                                      1,
                                      NULL,
                                      form_check,
                                      NULL};
CRUD_HANDLERS(forms, forms)

static int get_templates(struct http_req *req, struct http_resp *resp)
{
	const char *const *keys;
	json_t *items = json_array();
	size_t n, i;

	(void)req;
	keys = ka_form_templates(&n);
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:o}", "key", keys[i], "schema",
		                                       ka_form_schema(keys[i])));
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int get_template(struct http_req *req, struct http_resp *resp)
{
	const char *key = req->nparams ? req->params[0] : NULL;
	json_t *s = ka_form_schema(key);

	if (!s)
		return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such template");
	http_json(resp, 200, json_pack("{s:s, s:o}", "key", key, "schema", s));
	return 0;
}

const struct http_route api_forms_routes[] = {
    {"GET", "/api/templates", get_templates, HTTP_READER},
    {"GET", "/api/templates/{key}", get_template, HTTP_READER},
    {"GET", "/api/forms", forms_list, HTTP_READER},
    {"POST", "/api/forms", forms_create, HTTP_SIGNED_IN},
    {"GET", "/api/forms/{id}", forms_get, HTTP_READER},
    {"PATCH", "/api/forms/{id}", forms_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/forms/{id}", forms_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
