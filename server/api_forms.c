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
#include "kartla/forms.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The resource engine's check: the body against its template, role descriptions by admins. */
static int form_check(struct ka_store *st, struct http_req *req, struct http_resp *resp,
                      const json_t *before, const json_t *obj)
{
	struct ka_actor actor = http_ka_actor(req);
	int err;

	(void)st;
	err = ka_form_check(&actor, before, obj, &req->diag);
	return err ? http_fail_diag(resp, err, &req->diag) : 0;
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

/* DELETE /api/forms/{id}: a role description's form only by administrators. */
static int form_delete(struct http_req *req, struct http_resp *resp)
{
	struct ka_actor actor = http_ka_actor(req);
	json_t *o = NULL;
	int64_t id;
	int err = http_param_id(req, resp, 0, &id);

	if (!err)
		err = crud_load(&forms, req->st, id, 2, &o, NULL, NULL, &req->diag);
	if (!err && o)
		err = ka_form_may_write(&actor, json_string_value(json_object_get(o, "template")),
		                        &req->diag);
	json_decref(o);
	if (err)
		return resp->err_code[0] ? err : http_fail_diag(resp, err, &req->diag);
	return forms_delete(req, resp);
}

static int get_templates(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_json(resp, 200, json_pack("{s:o}", "items", ka_form_templates_json()));
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
    {"DELETE", "/api/forms/{id}", form_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
