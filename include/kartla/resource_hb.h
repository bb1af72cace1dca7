/*
 * The resource descriptions (resource.h) of the mapping assignments
 * (assignments, their workshops and their problems and ideas), the forms
 * and the handbook (pages and attachments). Nested resources have a second
 * description with the parent column set from the path; the "flat" ones
 * address a row by its own id.
 *
 * Ownership: static, borrowed.
 */
#ifndef KARTLA_RESOURCE_HB_H
#define KARTLA_RESOURCE_HB_H

#include "kartla/resource.h"

extern const struct ka_res ka_res_hb_assignments;
extern const struct ka_res ka_res_hb_workshops; /* parent: the assignment */
extern const struct ka_res ka_res_hb_workshops_flat;
extern const struct ka_res ka_res_hb_ideas; /* parent: the assignment */
extern const struct ka_res ka_res_hb_ideas_flat;
extern const struct ka_res ka_res_hb_plan_items; /* parent: the assignment */
extern const struct ka_res ka_res_hb_plan_items_flat;
extern const struct ka_res ka_res_hb_forms;
extern const struct ka_res ka_res_hb_pages;
extern const struct ka_res ka_res_hb_attachments;

#endif
