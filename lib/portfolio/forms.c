/*
 * The templates users know (domain.md §2) as structured forms: one schema
 * per template, validation with the path of the first bad field, and the
 * schema as JSON Schema for clients.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/forms.h"
#include "kartla/handbook.h"
#include "kartla/org.h"
#include "kartla/resource_hb.h"
#include "kartla/banned.h"

#define TEXT_MAX 20000
#define ROWS_MAX 1000

enum ftype { FT_TEXT, FT_DATE, FT_INT, FT_NUM, FT_ENUM, FT_TEXTS, FT_ENUMS, FT_ROWS, FT_ID };

struct fspec {
	const char *name;
	enum ftype t;
	int required;
	const char *enums; /* FT_ENUM / FT_ENUMS: "a|b|c" */
	const struct fspec *sub;
	size_t nsub;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define T(n)                                                                                       \
	{                                                                                          \
		n, FT_TEXT, 0, NULL, NULL, 0                                                       \
	}
#define TR(n)                                                                                      \
	{                                                                                          \
		n, FT_TEXT, 1, NULL, NULL, 0                                                       \
	}
#define D(n)                                                                                       \
	{                                                                                          \
		n, FT_DATE, 0, NULL, NULL, 0                                                       \
	}
#define L(n)                                                                                       \
	{                                                                                          \
		n, FT_TEXTS, 0, NULL, NULL, 0                                                      \
	}
#define E(n, e)                                                                                    \
	{                                                                                          \
		n, FT_ENUM, 0, e, NULL, 0                                                          \
	}
#define ES(n, e)                                                                                   \
	{                                                                                          \
		n, FT_ENUMS, 0, e, NULL, 0                                                         \
	}
#define R(n, s)                                                                                    \
	{                                                                                          \
		n, FT_ROWS, 0, NULL, s, N(s)                                                       \
	}

static const struct fspec inventory_row[] = {
    TR("name"),
    E("type", "core|support|management"),
    E("level", "function_area|main_process|sub_process|activity"),
    T("parent"),
    T("owner"),
    T("note"),
};
static const struct fspec process_inventory[] = {
    T("organisation"),
    T("unit"),
    D("date"),
    R("processes", inventory_row),
};

static const struct fspec customer_row[] = {TR("customer"), T("needs")};
static const struct fspec indicator_target_row[] = {TR("name"), T("target")};
static const struct fspec history_row[] = {TR("version"), D("date"), T("change"), T("by")};
static const struct fspec process_specification[] = {
    T("name"),
    T("id"),
    E("level", "function_area|main_process|sub_process|activity"),
    T("parent"),
    T("owner"),
    T("leader"),
    L("team"),
    T("purpose"),
    R("customers", customer_row),
    T("trigger"),
    T("result"),
    T("scope"),
    T("out_of_scope"),
    L("inputs"),
    L("outputs"),
    L("suppliers"),
    L("interfaces"),
    L("governing_documents"),
    L("systems"),
    L("roles"),
    R("indicators", indicator_target_row),
    L("risks"),
    R("version_history", history_row),
};

static const struct fspec resource_row[] = {
    TR("kind"),
    T("description"),
    {"amount", FT_NUM, 0, NULL, NULL, 0},
    T("period"),
};
static const struct fspec resource_request[] = {
    T("process"),
    T("requested_by"),
    R("resources", resource_row),
    T("justification"),
    D("needed_from"),
    D("needed_to"),
    E("decision", "pending|granted|refused"),
};

static const struct fspec mapping_assignment[] = {
    /* basic data */
    T("process"),
    T("ordering_owner"),
    L("facilitators"),
    T("background"),
    /* the assignment */
    T("scope"),
    T("out_of_scope"),
    E("state", "as_is|to_be|both"),
    E("depth", "overview|detailed|both"),
    L("participants"),
    D("start_date"),
    D("end_date"),
    L("deliverables"),
    ES("analyses", "risk|lead_time"),
    /* goals, values and effects */
    T("goals"),
    T("values"),
    T("effects"),
};

static const struct fspec indicator_row[] = {
    TR("name"),
    T("target"),
    E("frequency", "daily|weekly|monthly|quarterly|yearly"),
    T("responsible"),
    E("traffic_light", "green|yellow|red"),
    T("value"),
    T("comment"),
};
static const struct fspec followup_plan[] = {
    T("process"),
    T("period"),
    R("indicators", indicator_row),
};

static const struct fspec activity_row[] = {
    TR("improvement"),
    T("origin"),
    {"idea_id", FT_ID, 0, NULL, NULL, 0},
    T("responsible"),
    D("start_date"),
    D("due_date"),
    E("status", "planned|ongoing|done|cancelled"),
};
static const struct fspec activity_plan[] = {
    T("process"),
    T("period"),
    R("items", activity_row),
};

static const struct fspec role_description[] = {
    T("role"),
    T("summary"),
    T("mandate_source"),
    T("mandate_and_tasks"),
    T("local_responsibility"),
    T("partners"),
    T("arenas_and_meetings"),
    T("competence_requirements"),
};

static const struct {
	const char *key;
	const struct fspec *f;
	size_t n;
} templates[] = {
    {"process_inventory", process_inventory, N(process_inventory)},
    {"process_specification", process_specification, N(process_specification)},
    {"resource_request", resource_request, N(resource_request)},
    {"mapping_assignment", mapping_assignment, N(mapping_assignment)},
    {"followup_plan", followup_plan, N(followup_plan)},
    {"activity_plan", activity_plan, N(activity_plan)},
    {"role_description", role_description, N(role_description)},
};

static const char *const template_keys[] = {
    "process_inventory", "process_specification", "resource_request", "mapping_assignment",
    "followup_plan",     "activity_plan",         "role_description",
};

static int find(const char *key)
{
	size_t i;

	for (i = 0; key && i < N(templates); i++)
		if (!strcmp(templates[i].key, key))
			return (int)i;
	return -1;
}

struct vctx {
	char *field, *msg;
	size_t fieldsz, msgsz;
	struct ka_diag *diag; /* or this, when not NULL */
};

/* `fmt` is a literal with two %s: the path and `a` (or ""). */
static int fail(struct vctx *c, const char *path, const char *fmt, const char *a)
{
	if (c->diag)
		return ka_diag_set(c->diag, KA_ERR_INVALID, 0, 0, path, fmt, path, a ? a : "");
	snprintf(c->field, c->fieldsz, "%s", path);
	snprintf(c->msg, c->msgsz, fmt, path, a ? a : "");
	return KA_ERR_INVALID;
}

static int check_obj(struct vctx *c, const char *prefix, const json_t *obj, const struct fspec *f,
                     size_t n);

static int check_value(struct vctx *c, const char *path, const json_t *v, const struct fspec *s)
{
	char sub[256];
	size_t i;

	if (json_is_null(v))
		return s->required ? fail(c, path, "field '%s' is required%s", NULL) : 0;
	switch (s->t) {
	case FT_TEXT:
	case FT_DATE:
	case FT_ENUM:
		if (!json_is_string(v))
			return fail(c, path, "field '%s' must be a string%s", NULL);
		if (json_string_length(v) > TEXT_MAX)
			return fail(c, path, "field '%s' is too long%s", NULL);
		if (s->t == FT_TEXT && s->required && !json_string_length(v))
			return fail(c, path, "field '%s' must not be empty%s", NULL);
		if (s->t == FT_DATE && !ka_date_valid(json_string_value(v)))
			return fail(c, path, "field '%s' must be a date YYYY-MM-DD%s", NULL);
		if (s->t == FT_ENUM && !ka_enum_has(s->enums, json_string_value(v)))
			return fail(c, path, "field '%s' must be one of %s", s->enums);
		return 0;
	case FT_INT:
	case FT_ID:
		if (!json_is_integer(v))
			return fail(c, path, "field '%s' must be an integer%s", NULL);
		if (s->t == FT_ID && json_integer_value(v) <= 0)
			return fail(c, path, "field '%s' must be a positive id%s", NULL);
		return 0;
	case FT_NUM:
		return json_is_number(v) ? 0 : fail(c, path, "field '%s' must be a number%s", NULL);
	case FT_TEXTS:
	case FT_ENUMS:
	case FT_ROWS:
		if (!json_is_array(v))
			return fail(c, path, "field '%s' must be an array%s", NULL);
		if (json_array_size(v) > ROWS_MAX)
			return fail(c, path, "field '%s' has too many items%s", NULL);
		for (i = 0; i < json_array_size(v); i++) {
			const json_t *it = json_array_get(v, i);
			int err;

			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			if (s->t == FT_ROWS) {
				if (!json_is_object(it))
					return fail(c, sub, "field '%s' must be an object%s", NULL);
				err = check_obj(c, sub, it, s->sub, s->nsub);
			} else {
				struct fspec one = {s->name, s->t == FT_ENUMS ? FT_ENUM : FT_TEXT,
				                    1,       s->enums,
				                    NULL,    0};

				err = check_value(c, sub, it, &one);
			}
			if (err)
				return err;
		}
		return 0;
	}
	return 0;
}

static int check_obj(struct vctx *c, const char *prefix, const json_t *obj, const struct fspec *f,
                     size_t n)
{
	const char *key;
	const json_t *v;
	char path[256];
	size_t i;
	int err;

	json_object_foreach((json_t *)obj, key, v)
	{
		for (i = 0; i < n && strcmp(f[i].name, key); i++)
			;
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (i == n)
			return fail(c, path, "unknown field '%s'%s", NULL);
		err = check_value(c, path, v, &f[i]);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++)
		if (f[i].required && !json_object_get(obj, f[i].name)) {
			snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "",
			         f[i].name);
			return fail(c, path, "field '%s' is required%s", NULL);
		}
	return 0;
}

static int validate(struct vctx *c, const char *tmpl, const json_t *body)
{
	int t = find(tmpl);

	if (t < 0)
		return fail(c, "template", "unknown template%s%s", NULL);
	if (!json_is_object(body))
		return fail(c, "body", "field '%s' must be an object%s", NULL);
	return check_obj(c, "", body, templates[t].f, templates[t].n);
}

int ka_form_validate_diag(const char *tmpl, const json_t *body, struct ka_diag *diag)
{
	struct ka_diag own;
	struct vctx c = {NULL, NULL, 0, 0, diag ? diag : &own};

	return validate(&c, tmpl, body);
}

int ka_form_validate(const char *tmpl, const json_t *body, char *field, size_t fieldsz, char *msg,
                     size_t msgsz)
{
	struct vctx c = {field, msg, fieldsz, msgsz, NULL};

	return validate(&c, tmpl, body);
}

static json_t *schema_of(const struct fspec *f, size_t n);

static json_t *value_schema(const struct fspec *s)
{
	json_t *enums, *o;
	const char *p;

	switch (s->t) {
	case FT_TEXT:
		return json_pack("{s:s, s:i}", "type", "string", "maxLength", TEXT_MAX);
	case FT_DATE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case FT_INT:
		return json_pack("{s:s}", "type", "integer");
	case FT_ID:
		return json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);
	case FT_NUM:
		return json_pack("{s:s}", "type", "number");
	case FT_ENUM:
	case FT_ENUMS:
		enums = json_array();
		for (p = s->enums; p && *p;) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);

			json_array_append_new(enums, json_stringn(p, len));
			p = bar ? bar + 1 : NULL;
		}
		o = json_pack("{s:s, s:o}", "type", "string", "enum", enums);
		if (s->t == FT_ENUM)
			return o;
		return json_pack("{s:s, s:o}", "type", "array", "items", o);
	case FT_TEXTS:
		return json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "string");
	case FT_ROWS:
		return json_pack("{s:s, s:i, s:o}", "type", "array", "maxItems", ROWS_MAX, "items",
		                 schema_of(s->sub, s->nsub));
	}
	return json_object();
}

static json_t *schema_of(const struct fspec *f, size_t n)
{
	json_t *props = json_object(), *req = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_object_set_new(props, f[i].name, value_schema(&f[i]));
		if (f[i].required)
			json_array_append_new(req, json_string(f[i].name));
	}
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required",
	                 req, "additionalProperties", 0);
}

json_t *ka_form_schema(const char *tmpl)
{
	int t = find(tmpl);
	json_t *s;

	if (t < 0)
		return NULL;
	s = schema_of(templates[t].f, templates[t].n);
	json_object_set_new(s, "title", json_string(tmpl));
	return s;
}

json_t *ka_form_templates_json(void)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < N(template_keys); i++)
		json_array_append_new(items, json_pack("{s:s, s:o}", "key", template_keys[i],
		                                       "schema", ka_form_schema(template_keys[i])));
	return items;
}

int ka_form_may_write(const struct ka_actor *actor, const char *tmpl, struct ka_diag *diag)
{
	if (tmpl && !strcmp(tmpl, "role_description") && !actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "role descriptions are written by administrators, through "
		                   "PUT /api/roles/{id}/description");
	return 0;
}

int ka_form_check(const struct ka_actor *actor, const json_t *before, const json_t *obj,
                  struct ka_diag *diag)
{
	const json_t *tmpl = json_object_get(obj, "template"), *body = json_object_get(obj, "body");
	struct ka_diag fd;
	char path[220];
	int err = 0;

	if (before)
		err = ka_form_may_write(
		    actor, json_string_value(json_object_get(before, "template")), diag);
	if (!err && tmpl)
		err = ka_form_may_write(actor, json_string_value(tmpl), diag);
	if (!err && json_is_string(json_object_get(obj, "title")))
		err = ka_handbook_title_check(json_string_value(json_object_get(obj, "title")),
		                              "title", diag);
	if (err)
		return err;
	if (!tmpl && before)
		tmpl = json_object_get(before, "template");
	if (!body || json_is_null(body))
		return 0;
	ka_diag_init(&fd, NULL);
	if (ka_form_validate_diag(json_string_value(tmpl), body, &fd)) {
		snprintf(path, sizeof(path), "body.%s", fd.element_id);
		return ka_diag_set_wrapped(diag, KA_ERR_INVALID, 0, 0, path, "body: %s", &fd);
	}
	return 0;
}

int ka_form_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                   const char *if_match, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	json_t *o = NULL;
	int err = ka_res_load(&ka_res_hb_forms, st, id, 2, &o, NULL, NULL, diag);

	if (!err && o)
		err = ka_form_may_write(actor, json_string_value(json_object_get(o, "template")),
		                        diag);
	json_decref(o);
	if (!err)
		err = ka_res_delete(st, actor, &ka_res_hb_forms, id, if_match, etag, diag);
	return err;
}
