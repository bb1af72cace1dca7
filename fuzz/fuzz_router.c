/*
 * libFuzzer target for the server's router and the static-file path check.
 * Input: "METHOD PATH". The router runs over the real route tables and must
 * either find nothing, or a route whose pattern rebuilt from the captured
 * parameters is exactly the path (each parameter one non-empty segment),
 * or a 405 with a non-empty Allow list. A path the static-file check
 * accepts must have no empty, dot or dot-dot segment, no dotfile and no
 * backslash, so it can never leave the web root.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_found(const struct http_req *req, const struct http_route *route)
{
	char rebuilt[8192];
	const char *p = route->pattern;
	size_t n = 0, np = 0;

	if (strcmp(route->method, req->method))
		abort();
	while (*p && n < sizeof(rebuilt) - 1) {
		if (*p == '{') {
			const char *param = req->params[np++];

			if (!param[0] || strchr(param, '/'))
				abort();
			n += (size_t)snprintf(rebuilt + n, sizeof(rebuilt) - n, "%s", param);
			p = strchr(p, '}') + 1;
		} else {
			rebuilt[n++] = *p++;
		}
	}
	rebuilt[n < sizeof(rebuilt) ? n : sizeof(rebuilt) - 1] = '\0';
	if (np != req->nparams)
		abort();
	if (n < sizeof(rebuilt) - 1 && strcmp(rebuilt, req->path))
		abort();
}

static void check_static(const char *path)
{
	const char *s;

	if (!static_path_is_plain(path))
		return;
	if (strstr(path, "/.") || strstr(path, "//") || strchr(path, '\\') || path[0] != '/')
		abort();
	for (s = path; *s; s++)
		if ((unsigned char)*s < 0x20)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct http_route *route;
	struct http_req req;
	char allow[96];
	char *text, *space;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	space = strchr(text, ' ');
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.path = text;
	if (space) {
		*space = '\0';
		req.method = text;
		req.path = space + 1;
	}
	switch (router_match(http_route_tables, &req, &route, allow, sizeof(allow))) {
	case ROUTER_FOUND:
		check_found(&req, route);
		break;
	case ROUTER_BAD_METHOD:
		if (!allow[0])
			abort();
		break;
	case ROUTER_NOT_FOUND:
		break;
	}
	check_static(req.path);
	free(req.path_store);
	free(text);
	return 0;
}
