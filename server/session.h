/*
 * Inside the session layer (session.c, api_session.c): password and token
 * primitives, settings, login names. The glue's entry points are in server.h.
 */
#ifndef KARTLA_SERVER_SESSION_H
#define KARTLA_SERVER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

#define SESSION_HASH_HEX     65 /* BLAKE2b-256 as hex, with the NUL */
#define SESSION_TOKEN_MAX    64 /* prefix + 43 base64url characters, with the NUL */
#define SESSION_LOGIN_MAX    64
#define SESSION_PASSWORD_MIN 8
#define SESSION_PASSWORD_MAX 1024

#define SETTING_ANONYMOUS_READ "anonymous_read" /* "true" or "false" */
#define SETTING_LANGUAGE       "language"       /* "nb", "sv", "en"; absent: follow the browser */

/* True when `password` matches the argon2id `hash` (constant time inside libsodium). */
bool session_verify_password(const char *hash, const char *password);

/* A random token: `prefix` followed by 32 random bytes as unpadded base64url. */
void session_random_token(char *out, size_t outsz, const char *prefix);

/* The stored form of a token: BLAKE2b-256 as lowercase hex. */
void session_token_hash(char out[SESSION_HASH_HEX], const char *token);

/* Seconds since the epoch. */
int64_t session_now(void);

/* UTC now + offset seconds as "YYYY-MM-DDTHH:MM:SSZ", the schema's timestamp form. */
#define SESSION_TIME_LEN 21
void session_time(char out[SESSION_TIME_LEN], int64_t offset);

/* A setting's value ("" when unset). */
int session_get_setting(struct ka_store *st, const char *key, char *out, size_t outsz,
                        struct ka_diag *diag);

/* Login names: 1..64 of a-z 0-9 . _ - @ after folding to lower case. */
bool session_login_valid(const char *login);
void session_login_fold(char *out, size_t outsz, const char *login);

#endif
