/*
 * Every route table of the server, in the order the router tries them.
 * Adding a resource: write api_<area>.c with its table, declare the table
 * in http.h and add it here.
 */
#include "server.h"
#include "kartla/banned.h"

/* One table a line. */
/* clang-format off */
const struct http_route *const http_route_tables[] = {
    api_health_routes,
    api_session_routes,
    api_processes_routes,
    api_maps_routes,
    api_mypage_routes,
    api_reviews_routes,
    api_org_routes,
    api_roledesc_routes,
    api_networks_routes,
    api_training_routes,
    api_assignments_routes,
    api_forms_routes,
    api_handbook_routes,
    api_search_routes,
    api_risk_routes,
    api_risk_view_routes,
    api_audit_routes,
    api_check_routes,
    api_import_routes,
    api_layout_routes,
    api_leadtime_routes,
    api_logs_routes,
    api_readconf_routes,
    api_notify_routes,
    api_oidc_routes,
    NULL,
};
/* clang-format on */
