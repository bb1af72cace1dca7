/*
 * The client's address, for the per-address login limits and the logs: the
 * peer of the connection, or, behind our own TLS proxy (--tls-behind-proxy)
 * and only on a connection from one of its configured addresses
 * (--trusted-proxy, default the loopback addresses), the last
 * X-Forwarded-For entry, the one that proxy added. From anyone else the
 * header is whatever the client chose to write, so it is ignored.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "server.h"
#include "kartla/banned.h"

/* An IPv4 address as the IPv4-mapped IPv6 address ::ffff:a.b.c.d. */
static void map_v4(struct in6_addr *out, const struct in_addr *in)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[10] = 0xff;
	out->s6_addr[11] = 0xff;
	memcpy(&out->s6_addr[12], &in->s_addr, 4);
}

static bool from_trusted_proxy(const struct http_server *srv, const struct sockaddr *sa)
{
	struct in6_addr a;
	size_t i;

	if (!sa)
		return false;
	if (sa->sa_family == AF_INET)
		map_v4(&a, &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	else if (sa->sa_family == AF_INET6)
		a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	else
		return false;
	for (i = 0; i < srv->nproxies; i++)
		if (!memcmp(&a, &srv->proxies[i], sizeof(a)))
			return true;
	return false;
}

int http_proxies_init(struct http_server *srv, const struct http_config *cfg, struct ka_diag *diag)
{
	static const char *const loopback[] = {"127.0.0.1", "::1"};
	const char *const *v = cfg->ntrusted_proxies ? cfg->trusted_proxies : loopback;
	size_t i, n = cfg->ntrusted_proxies ? cfg->ntrusted_proxies : 2;
	struct in_addr v4;

	srv->nproxies = 0;
	if (n > HTTP_MAX_TRUSTED_PROXIES)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL,
		                   "at most %d trusted proxy addresses", HTTP_MAX_TRUSTED_PROXIES);
	for (i = 0; i < n; i++) {
		if (inet_pton(AF_INET, v[i], &v4) == 1)
			map_v4(&srv->proxies[i], &v4);
		else if (inet_pton(AF_INET6, v[i], &srv->proxies[i]) != 1)
			return ka_diag_set(
			    diag, KA_ERR_USAGE, 0, 0, NULL,
			    "trusted proxy '%s' is not a numeric IPv4 or IPv6 address", v[i]);
	}
	srv->nproxies = n;
	return 0;
}

void http_client_address(char *out, size_t outsz, const struct http_server *srv,
                         const struct sockaddr *peer, const char *xff)
{
	snprintf(out, outsz, "unknown");
	if (peer && (peer->sa_family == AF_INET || peer->sa_family == AF_INET6)) {
		socklen_t len = peer->sa_family == AF_INET6 ? (socklen_t)sizeof(struct sockaddr_in6)
		                                            : (socklen_t)sizeof(struct sockaddr_in);

		getnameinfo(peer, len, out, (socklen_t)outsz, NULL, 0, NI_NUMERICHOST);
	}
	if (!srv->cfg.tls_behind_proxy || !from_trusted_proxy(srv, peer) || !xff || !*xff)
		return;
	{
		const char *last = strrchr(xff, ',');

		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (*last && strlen(last) < outsz)
			snprintf(out, outsz, "%s", last);
	}
}
