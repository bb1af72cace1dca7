/*
 * The organisation side of the portfolio: role scheme presets (university,
 * municipality, generic), who counts as a facilitator, the mapping
 * assignment's status machine, the templates as validated forms, and the
 * handbook's Markdown. The server's api_org / api_handbook / api_forms /
 * api_assignments call these; the CLI may too.
 *
 * Ownership: returned strings and tables are static; json_t results are new
 * references owned by the caller.
 */
#ifndef KARTLA_ORG_H
#define KARTLA_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* True when `s` is one of the values of `list`, written "a|b|c" (NULL: none). */
bool ka_enum_has(const char *list, const char *s);

/* Mapping assignments: planned -> ongoing -> analysed -> documented -> closed. */
bool ka_assignment_status_valid(const char *s);
/*
 * Whether an assignment may go from `from` to `to`: one step forward, or
 * one step back before it is closed (rework); closed is final.
 */
bool ka_assignment_transition_ok(const char *from, const char *to);

/* ---- templates as forms (portfolio_forms.c) ---- */

/* Template keys: process_inventory, process_specification, resource_request,
 * mapping_assignment, followup_plan, activity_plan, role_description. */
const char *const *ka_form_templates(size_t *n);
bool ka_form_template_known(const char *key);

/*
 * Validates `body` (a JSON object) against the template's schema: unknown
 * fields, wrong types, values outside an enumeration, bad dates and too
 * long strings are KA_ERR_INVALID with `field` set to the path
 * ("indicators[2].traffic_light") and `msg` to the reason.
 */
int ka_form_validate(const char *tmpl, const json_t *body, char *field, size_t fieldsz, char *msg,
                     size_t msgsz);

/* The template's schema as JSON Schema (draft 2020-12 subset); NULL if unknown. */
json_t *ka_form_schema(const char *tmpl);

/* ---- handbook (portfolio_handbook.c) ---- */

/*
 * Markdown to HTML with cmark in safe mode: raw HTML is dropped and links
 * or images to javascript:, vbscript:, file: and data: (other than images)
 * are emptied. Appends to `out`.
 */
int ka_markdown_html(const char *markdown, struct ka_buf *out);

/*
 * The Markdown of a role description page from its fields (the fixed
 * outline: summary and mandate source, mandate and tasks, local
 * responsibility, partners, arenas and meetings, competence requirements).
 * `desc` is an object validated as template role_description.
 */
int ka_role_description_markdown(const char *role_name, const json_t *desc, struct ka_buf *out);

/* A URL slug from a title: lower case ASCII letters, digits and '-', UTF-8 kept. */
void ka_slugify(char *out, size_t outsz, const char *title);

#endif
