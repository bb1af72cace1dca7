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
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

CRUD_HANDLER(forms, list, ka_res_hb_forms)
CRUD_HANDLER(forms, create, ka_res_hb_forms)
CRUD_HANDLER(forms, get, ka_res_hb_forms)
CRUD_HANDLER(forms, patch, ka_res_hb_forms)

/* DELETE /api/forms/{id}: a role description's form only by administrators. */
static int form_delete(struct http_req *req, struct http_resp *resp)
{
	return crud_delete_with(ka_form_delete, req, resp);
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
