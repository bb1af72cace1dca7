/*
 * Networks and teams (the facilitators' network, process networks, local
 * teams): their members and their meetings with date, agenda, minutes and
 * decisions. Facilitators and administrators write; readers read.
 */
#include "crud.h"
#include "kartla/resource_org.h"
#include "kartla/banned.h"

CRUD_HANDLER(networks, list, ka_res_org_networks)
CRUD_HANDLER(networks, create, ka_res_org_networks)
CRUD_HANDLER(networks, get, ka_res_org_networks)
CRUD_HANDLER(networks, patch, ka_res_org_networks)
CRUD_HANDLER(networks, delete, ka_res_org_networks)
CRUD_HANDLER(members, list, ka_res_org_members)
CRUD_HANDLER(members, create, ka_res_org_members)
CRUD_HANDLER(members_flat, get, ka_res_org_members_flat)
CRUD_HANDLER(members_flat, patch, ka_res_org_members_flat)
CRUD_HANDLER(members_flat, delete, ka_res_org_members_flat)
CRUD_HANDLER(meetings, list, ka_res_org_meetings)
CRUD_HANDLER(meetings, create, ka_res_org_meetings)
CRUD_HANDLER(meetings_flat, get, ka_res_org_meetings_flat)
CRUD_HANDLER(meetings_flat, patch, ka_res_org_meetings_flat)
CRUD_HANDLER(meetings_flat, delete, ka_res_org_meetings_flat)

const struct http_route api_networks_routes[] = {
    {"GET", "/api/networks", networks_list, HTTP_READER},
    {"POST", "/api/networks", networks_create, HTTP_SIGNED_IN},
    {"GET", "/api/networks/{id}", networks_get, HTTP_READER},
    {"PATCH", "/api/networks/{id}", networks_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/networks/{id}", networks_delete, HTTP_SIGNED_IN},
    {"GET", "/api/networks/{id}/members", members_list, HTTP_READER},
    {"POST", "/api/networks/{id}/members", members_create, HTTP_SIGNED_IN},
    {"GET", "/api/network-members/{id}", members_flat_get, HTTP_READER},
    {"PATCH", "/api/network-members/{id}", members_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/network-members/{id}", members_flat_delete, HTTP_SIGNED_IN},
    {"GET", "/api/networks/{id}/meetings", meetings_list, HTTP_READER},
    {"POST", "/api/networks/{id}/meetings", meetings_create, HTTP_SIGNED_IN},
    {"GET", "/api/meetings/{id}", meetings_flat_get, HTTP_READER},
    {"PATCH", "/api/meetings/{id}", meetings_flat_patch, HTTP_SIGNED_IN},
    {"DELETE", "/api/meetings/{id}", meetings_flat_delete, HTTP_SIGNED_IN},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
