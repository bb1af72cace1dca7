/*
 * Inside the session layer (session.c, api_session.c): the server's policy
 * for lib/auth. The glue's entry points are in server.h.
 */
#ifndef KARTLA_SERVER_SESSION_H
#define KARTLA_SERVER_SESSION_H

#include "kartla/auth.h"
#include "server.h"

/* The throttling and session policy of this server (its config and dummy hash). */
void session_policy(struct ka_auth_policy *p, const struct http_server *srv);
/* The address people reach us at (--public-url, else http://LISTEN:PORT), no trailing slash. */
void session_public_base(char *out, size_t outsz, const struct http_server *srv);

#endif
