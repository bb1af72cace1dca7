/*
 * GET /api/health: the server is up and its database answers; the version
 * and the backend, for load balancers and for people, and the workspace
 * settings a visitor's browser needs before signing in (anonymous reading,
 * the default language), without a request that fails. GET /api/openapi.yaml:
 * the API description (docs/openapi.yaml, embedded at build time).
 */
#include <string.h>

#include "server.h"
#include "kartla/oidc.h"
#include "kartla/settings.h"
#include "kartla/banned.h"

static int get_health(struct http_req *req, struct http_resp *resp)
{
	struct ka_settings s;
	int version = 0;
	json_t *body;
	int err = ka_store_schema_version(req->st, &version);

	if (!err)
		err = ka_settings_get(&s, req->st, &req->diag);
	if (err)
		return http_fail(resp, KA_ERR_BUSY, NULL, "the database does not answer");
	body = json_pack("{s:s, s:s, s:s, s:i}", "status", "ok", "version", KARTLA_VERSION, "db",
	                 ka_store_dialect(req->st) == KA_DIALECT_PG ? "postgresql" : "sqlite",
	                 "schema_version", version);
	json_object_update_new(body, ka_settings_to_json(&s, false));
	/* The sign-in screen's button, and whether the password form is for administrators only. */
	if (req->srv->cfg.oidc)
		json_object_set_new(body, "oidc",
		                    json_pack("{s:s, s:b}", "name",
		                              ka_oidc_name(req->srv->cfg.oidc), "local_passwords",
		                              !req->srv->cfg.no_local_passwords));
	http_json(resp, 200, body);
	return 0;
}

static int get_openapi(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	ka_buf_add(&resp->body, embed_openapi_yaml, embed_openapi_yaml_len);
	resp->content_type = "application/yaml";
	resp->cacheable = true;
	return 0;
}

const struct http_route api_health_routes[] = {
    {"GET", "/api/health", get_health, HTTP_PUBLIC},
    {"GET", "/api/openapi.yaml", get_openapi, HTTP_PUBLIC},
    {NULL, NULL, NULL, HTTP_PUBLIC},
};
