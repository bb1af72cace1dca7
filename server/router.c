/*
 * The router: finds the route for a method and a path among the tables of
 * routes.c. Patterns are literal segments and {name} captures of exactly
 * one non-empty segment; matching is exact (no trailing-slash or case
 * folding), so each resource has one URL. When the path exists under other
 * methods the answer is 405 with the Allow list.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

#define MAX_SEGMENTS 32

static const char *const method_order[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
#define NMETHODS (sizeof(method_order) / sizeof(method_order[0]))

/* Matches one pattern against the split path; captures into params. */
static bool match(const char *pat, char *const *segs, size_t nsegs, const char **params,
                  size_t *nparams)
{
	size_t si = 0, np = 0;

	assert(pat[0] == '/');
	pat++;
	for (;;) {
		const char *end = strchr(pat, '/');
		size_t plen = end ? (size_t)(end - pat) : strlen(pat);

		if (si >= nsegs)
			return false;
		if (plen >= 2 && pat[0] == '{' && pat[plen - 1] == '}') {
			if (!segs[si][0])
				return false;
			assert(np < HTTP_MAX_PARAMS);
			if (params)
				params[np] = segs[si];
			np++;
		} else if (strlen(segs[si]) != plen || memcmp(segs[si], pat, plen)) {
			return false;
		}
		si++;
		if (!end)
			break;
		pat = end + 1;
	}
	if (si != nsegs)
		return false;
	if (nparams)
		*nparams = np;
	return true;
}

enum router_result router_match(const struct http_route *const *tables, struct http_req *req,
                                const struct http_route **route, char *allow, size_t allowsz)
{
	char *segs[MAX_SEGMENTS];
	size_t nsegs = 0, t, i;
	bool allowed[NMETHODS] = {false};
	bool any = false;
	char *p;

	*route = NULL;
	if (allowsz)
		allow[0] = '\0';
	if (req->path[0] != '/')
		return ROUTER_NOT_FOUND;
	free(req->path_store);
	req->path_store = ka_xstrdup(req->path + 1);
	p = req->path_store;
	for (;;) {
		char *slash = strchr(p, '/');

		if (nsegs == MAX_SEGMENTS)
			return ROUTER_NOT_FOUND;
		segs[nsegs++] = p;
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	for (t = 0; tables[t]; t++) {
		const struct http_route *r;

		for (r = tables[t]; r->method; r++) {
			size_t np;

			if (!match(r->pattern, segs, nsegs, NULL, NULL))
				continue;
			if (!strcmp(r->method, req->method)) {
				match(r->pattern, segs, nsegs, req->params, &np);
				req->nparams = np;
				*route = r;
				return ROUTER_FOUND;
			}
			any = true;
			for (i = 0; i < NMETHODS; i++)
				if (!strcmp(r->method, method_order[i]))
					allowed[i] = true;
		}
	}
	if (!any)
		return ROUTER_NOT_FOUND;
	if (allowed[0])
		allowed[1] = true; /* HEAD goes wherever GET goes */
	for (i = 0; i < NMETHODS; i++) {
		size_t len = strlen(allow);

		if (allowed[i])
			snprintf(allow + len, allowsz - len, "%s%s", len ? ", " : "",
			         method_order[i]);
	}
	return ROUTER_BAD_METHOD;
}
