/*
 * Networks and teams (the facilitators' network, process networks, local
 * teams): their members and their meetings with date, agenda, minutes and
 * decisions. Facilitators and administrators write; readers read.
 */
#include "crud.h"
#include "kartla/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct crud_col network_cols[] = {
    {"kind", CK_ENUM, CRUD_FILTER | CRUD_NONULL, 0, "network|team"},
    {"name", CK_TEXT, HTTP_F_REQUIRED | HTTP_F_NONEMPTY, 200, NULL},
    {"purpose", CK_TEXT, 0, 5000, NULL},
    {"process_id", CK_REF, CRUD_FILTER, 0, "processes"},
    {"unit_id", CK_REF, CRUD_FILTER, 0, "units"},
};
static const struct crud_res networks = {"networks", "network", network_cols, N(network_cols),
                                         "name",     NULL,      NULL,         CRUD_PERM_FACILITATOR,
                                         0,          0,         NULL,         NULL,
                                         NULL};
CRUD_HANDLERS(networks, networks)

#define MEMBER_COLS(F)                                                                             \
	{"network_id", CK_REF, CRUD_RO | F, 0, "networks"},                                        \
	    {"person_id", CK_REF, HTTP_F_REQUIRED | CRUD_FIXED | CRUD_FILTER, 0, "people"},        \
	    {"role", CK_ENUM, CRUD_NONULL, 0, "lead|member"},                                      \
	{                                                                                          \
		"joined_on", CK_DATE, 0, 0, NULL                                                   \
	}

static const struct crud_col member_cols[] = {MEMBER_COLS(0)};
static const struct crud_col member_flat_cols[] = {MEMBER_COLS(CRUD_FILTER)};
static const struct crud_res members = {"network_members",
                                        "network_member",
                                        member_cols,
                                        N(member_cols),
                                        "role, person_id",
                                        "network_id",
                                        "networks",
                                        CRUD_PERM_FACILITATOR,
                                        0,
                                        0,
                                        NULL,
                                        NULL,
                                        NULL};
static const struct crud_res members_flat = {"network_members",
                                             "network_member",
                                             member_flat_cols,
                                             N(member_flat_cols),
                                             "network_id, role, person_id",
                                             NULL,
                                             NULL,
                                             CRUD_PERM_FACILITATOR,
                                             0,
                                             0,
                                             NULL,
                                             NULL,
                                             NULL};
CRUD_HANDLERS(members, members)
CRUD_HANDLERS(members_flat, members_flat)

#define MEETING_COLS                                                                               \
	{"network_id", CK_REF, CRUD_RO, 0, "networks"},                                            \
	    {"held_on", CK_DATE, HTTP_F_REQUIRED, 0, NULL}, {"place", CK_TEXT, 0, 200, NULL},      \
	    {"agenda", CK_TEXT, 0, 20000, NULL}, {"minutes", CK_TEXT, 0, 100000, NULL},            \
	{                                                                                          \
		"decisions", CK_TEXT, 0, 20000, NULL                                               \
	}

static const struct crud_col meeting_cols[] = {MEETING_COLS};
static const struct crud_res meetings = {"meetings",
                                         "meeting",
                                         meeting_cols,
                                         N(meeting_cols),
                                         "held_on DESC",
                                         "network_id",
                                         "networks",
                                         CRUD_PERM_FACILITATOR,
                                         0,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL};
static const struct crud_res meetings_flat = {"meetings",
                                              "meeting",
                                              meeting_cols,
                                              N(meeting_cols),
                                              "held_on DESC",
                                              NULL,
                                              NULL,
                                              CRUD_PERM_FACILITATOR,
                                              0,
                                              0,
                                              NULL,
                                              NULL,
                                              NULL};
CRUD_HANDLERS(meetings, meetings)
CRUD_HANDLERS(meetings_flat, meetings_flat)

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
