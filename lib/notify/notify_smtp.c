/*
 * The SMTP sender (notify.h) through libcurl: smtp:// with STARTTLS
 * required (except on the loopback, where a test relay or a local MTA
 * speaks plain SMTP), or smtps://; AUTH when a user is configured.
 * curl_global_init must have run (ka_notify_smtp_new does it once per
 * process through curl's own reference count; it is not thread-safe, so
 * the server creates the sender before it starts threads).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/notify.h"
#include "kartla/banned.h"

struct ka_notify_smtp {
	char *url, *user, *password;
	bool tls_required; /* smtp:// to a host that is not the loopback */
};

/* Whether host (in an smtp URL, after the scheme) is the loopback. */
static bool host_is_loopback(const char *host, size_t len)
{
	static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (len == strlen(names[i]) && !strncmp(host, names[i], len))
			return true;
	return len > 4 && !strncmp(host, "127.", 4);
}

int ka_notify_smtp_new(struct ka_notify_smtp **out, const char *url, const char *user,
                       const char *password, struct ka_diag *diag)
{
	const char *host;
	size_t hlen;
	bool plain;
	struct ka_notify_smtp *s;

	*out = NULL;
	plain = url && !strncmp(url, "smtp://", 7);
	if (!url || (!plain && strncmp(url, "smtps://", 8)))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "smtp",
		                   "the SMTP relay must be an smtp:// (STARTTLS) or smtps:// URL");
	host = url + (plain ? 7 : 8);
	if (*host == '[')
		hlen = strcspn(host, "]") + 1;
	else
		hlen = strcspn(host, ":/?#");
	if (!hlen || strpbrk(url, " \r\n@"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "smtp",
		                   "the SMTP URL needs a host (and no user or spaces in it; "
		                   "give the user with --smtp-user)");
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "libcurl could not start");
	s = ka_xcalloc(1, sizeof(*s));
	s->url = ka_xstrdup(url);
	s->user = user ? ka_xstrdup(user) : NULL;
	s->password = password ? ka_xstrdup(password) : NULL;
	s->tls_required = plain && !host_is_loopback(host, hlen);
	*out = s;
	return 0;
}

void ka_notify_smtp_free(struct ka_notify_smtp *s)
{
	if (!s)
		return;
	free(s->url);
	free(s->user);
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	free(s);
	curl_global_cleanup();
}

struct upload {
	const char *data;
	size_t len, at;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *vctx)
{
	struct upload *u = vctx;
	size_t want = size * n, left = u->len - u->at;

	if (want > left)
		want = left;
	memcpy(buf, u->data + u->at, want);
	u->at += want;
	return want;
}

static CURL *easy(struct ka_notify_smtp *s, char *errbuf)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL,
	                 s->tls_required ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	return c;
}

static void reason(char *err, size_t errsz, CURLcode rc, const char *errbuf)
{
	snprintf(err, errsz, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

static int smtp_send(void *ctx, const char *from, const char *to, const char *data, size_t len,
                     char *err, size_t errsz)
{
	struct ka_notify_smtp *s = ctx;
	char errbuf[CURL_ERROR_SIZE] = "", addr[400];
	struct curl_slist *rcpt;
	struct upload u = {data, len, 0};
	CURL *c = easy(s, errbuf);
	CURLcode rc;

	if (!c) {
		snprintf(err, errsz, "libcurl could not start a transfer");
		return -1;
	}
	snprintf(addr, sizeof(addr), "<%s>", to);
	rcpt = curl_slist_append(NULL, addr);
	snprintf(addr, sizeof(addr), "<%s>", from);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	rc = curl_easy_perform(c);
	if (rc)
		reason(err, errsz, rc, errbuf);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc ? -1 : 0;
}

struct ka_notify_sender ka_notify_smtp_sender(struct ka_notify_smtp *s)
{
	return (struct ka_notify_sender){smtp_send, s};
}

int ka_notify_smtp_check(struct ka_notify_smtp *s, struct ka_diag *diag)
{
	char errbuf[CURL_ERROR_SIZE] = "", why[CURL_ERROR_SIZE + 8];
	CURL *c = easy(s, errbuf);
	CURLcode rc;

	if (!c)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL,
		                   "libcurl could not start a transfer");
	/* A custom request without a mail transaction: EHLO (STARTTLS, AUTH), NOOP, QUIT. */
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	rc = curl_easy_perform(c);
	if (rc)
		reason(why, sizeof(why), rc, errbuf);
	curl_easy_cleanup(c);
	return rc ? ka_diag_set(diag, KA_ERR_IO, 0, 0, "smtp", "the SMTP relay %s: %s", s->url, why)
	          : 0;
}
