/*
 * The templates users know (domain.md §2) as structured forms: the seven
 * template schemas, validation of a body with the path of the first bad
 * field, and the schema as JSON Schema for clients (lib/portfolio/forms.c).
 * The forms table's writes go through the resource engine; the rule that
 * role-description forms belong to the role endpoint is ka_form_may_write().
 *
 * Ownership: returned strings and tables are static; json_t results are new
 * references owned by the caller.
 */
#ifndef KARTLA_FORMS_H
#define KARTLA_FORMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/err.h"
#include "kartla/resource.h"
#include "kartla/store.h"

/*
 * Validates `body` (a JSON object) against the template's schema: unknown
 * fields, wrong types, values outside an enumeration, bad dates and too
 * long strings are KA_ERR_INVALID with `field` set to the path
 * ("indicators[2].traffic_light") and `msg` to the reason.
 */
int ka_form_validate(const char *tmpl, const json_t *body, char *field, size_t fieldsz, char *msg,
                     size_t msgsz);
/*
 * ka_form_validate into a diag: KA_ERR_INVALID with the field path as its
 * element id and a message that translates (msgcat.h); 0 when valid.
 */
int ka_form_validate_diag(const char *tmpl, const json_t *body, struct ka_diag *diag);

/* The template's schema as JSON Schema (draft 2020-12 subset); NULL if unknown. */
json_t *ka_form_schema(const char *tmpl);

/* All templates as a new JSON array of {key, schema}. */
json_t *ka_form_templates_json(void);

/*
 * Whether `actor` may create, change or delete a form of template `tmpl`
 * through the generic forms endpoints: role descriptions are written
 * only through the role endpoint's rule (administrators), so for them a
 * non-administrator gets KA_ERR_PERM; any other template is 0 (the
 * facilitator rule of the forms resource applies).
 */
int ka_form_may_write(const struct ka_actor *actor, const char *tmpl, struct ka_diag *diag);

/*
 * The extra check of a form write (create: before NULL; patch: before is
 * the current row): ka_form_may_write() for the old and the new template,
 * the title as ka_handbook_title_check() wants it, and the body against its
 * template (KA_ERR_INVALID with field "body.<path>").
 */
int ka_form_check(const struct ka_actor *actor, const json_t *before, const json_t *obj,
                  struct ka_diag *diag);

/*
 * Deletes form `id` through the forms resource (facilitators and
 * administrators), a role description's form only as an administrator
 * (KA_ERR_PERM). if_match and etag as for ka_res_delete.
 */
int ka_form_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                   const char *if_match, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

#endif
