/*
 * The resource descriptions (resource.h) of the organisation, networks and
 * training: units, people, role schemes, roles, role assignments,
 * networks and teams with members and meetings, courses, required courses
 * and training records. Nested resources (a scheme's roles, a network's
 * members and meetings, a role's required courses) have a second
 * description with the parent column set from the path; the "flat" ones
 * address a row by its own id.
 *
 * Ownership: static, borrowed.
 */
#ifndef KARTLA_RESOURCE_ORG_H
#define KARTLA_RESOURCE_ORG_H

#include "kartla/resource.h"

extern const struct ka_res ka_res_org_units;
extern const struct ka_res ka_res_org_people;
extern const struct ka_res ka_res_org_schemes;
extern const struct ka_res ka_res_org_roles;
extern const struct ka_res ka_res_org_scheme_roles; /* parent: the scheme */
extern const struct ka_res ka_res_org_role_assignments;

extern const struct ka_res ka_res_org_networks;
extern const struct ka_res ka_res_org_members; /* parent: the network */
extern const struct ka_res ka_res_org_members_flat;
extern const struct ka_res ka_res_org_meetings; /* parent: the network */
extern const struct ka_res ka_res_org_meetings_flat;

extern const struct ka_res ka_res_org_courses;
extern const struct ka_res ka_res_org_required; /* parent: the role */
extern const struct ka_res ka_res_org_required_flat;
extern const struct ka_res ka_res_org_records;

#endif
