/*
 * The provider's HTTP calls through libcurl: answers capped at
 * KA_OIDC_DOC_MAX in the write callback (a bigger one is cut off and refused),
 * no content decoding asked for (no compression bombs), a timeout, http(s)
 * only, redirects followed at most three times and only to https.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "oidc_int.h"
#include "kartla/banned.h"

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
	struct ka_buf *b = ctx;

	if (size && n > SIZE_MAX / size)
		return 0;
	if (ka_buf_add(b, data, size * n))
		return 0; /* over the cap: curl stops with CURLE_WRITE_ERROR */
	return size * n;
}

bool oidc_url_loopback(const char *url)
{
	const char *h = !strncmp(url, "http://", 7)    ? url + 7
	                : !strncmp(url, "https://", 8) ? url + 8
	                                               : NULL;
	size_t n;

	if (!h)
		return false;
	if (!strncmp(h, "[::1]", 5))
		return h[5] == ':' || h[5] == '/' || !h[5];
	n = strcspn(h, ":/?#");
	if (n == 9 && !strncmp(h, "localhost", 9))
		return true;
	if (n >= 9 && n <= 15 && !strncmp(h, "127.", 4)) {
		size_t i;

		for (i = 4; i < n; i++)
			if (!(h[i] == '.' || (h[i] >= '0' && h[i] <= '9')))
				return false;
		return true;
	}
	return false;
}

bool oidc_url_ok(const struct ka_oidc *op, const char *url)
{
	if (!url || strlen(url) > 2048 || strpbrk(url, " \"<>\\\r\n\t"))
		return false;
	if (!strncmp(url, "https://", 8))
		return url[8] != '\0' && url[8] != '/';
	return op->loopback_http && !strncmp(url, "http://", 7) && oidc_url_loopback(url);
}

void oidc_buf_escape(struct ka_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			ka_buf_addc(b, (char)c);
		} else {
			ka_buf_addc(b, '%');
			ka_buf_addc(b, hex[c >> 4]);
			ka_buf_addc(b, hex[c & 15]);
		}
	}
}

/* A handle with the common limits; NULL when curl cannot make one. */
static CURL *easy_new(const struct ka_oidc *op, struct ka_buf *out, const char *url)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)op->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)op->timeout_s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)KA_OIDC_DOC_MAX);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kartla-oidc");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	return c;
}

/* Runs the transfer; the status in *status. */
static int perform(CURL *c, long *status, const char *url, struct ka_diag *diag)
{
	CURLcode rc = curl_easy_perform(c);

	if (rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED)
		return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE,
		                 "%s: the answer is larger than %d bytes", url, KA_OIDC_DOC_MAX);
	if (rc != CURLE_OK)
		return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE, "%s: %s", url,
		                 curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

int oidc_get(struct ka_oidc *op, struct ka_buf *out, const char *url, struct ka_diag *diag)
{
	long status = 0;
	CURL *c;
	int err;

	if (!oidc_url_ok(op, url))
		return oidc_fail(
		    diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
		    "refusing to fetch '%.200s': not https (http only on the loopback)", url);
	ka_buf_init(out, KA_OIDC_DOC_MAX);
	if (op->fetch) {
		err = op->fetch(op->fetch_ctx, out, url);
		if (err)
			return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE,
			                 "%s: not reachable", url);
		return 0;
	}
	c = easy_new(op, out, url);
	if (!c)
		return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE, "libcurl: no handle");
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	err = perform(c, &status, url, diag);
	curl_easy_cleanup(c);
	if (!err && status != 200)
		err = oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE, "%s: HTTP status %ld", url,
		                status);
	return err;
}

int oidc_post_token(struct ka_oidc *op, struct ka_buf *out, long *status, const char *url,
                    const char *form, struct ka_diag *diag)
{
	struct curl_slist *hdrs = NULL;
	struct ka_buf user, pass;
	CURL *c;
	int err;

	*status = 0;
	if (!oidc_url_ok(op, url))
		return oidc_fail(diag, KA_ERR_AUTH, KA_OIDC_E_UNAVAILABLE,
		                 "refusing to post to '%.200s': not https", url);
	ka_buf_init(out, KA_OIDC_DOC_MAX);
	c = easy_new(op, out, url);
	if (!c)
		return oidc_fail(diag, KA_ERR_IO, KA_OIDC_E_UNAVAILABLE, "libcurl: no handle");
	/* client_secret_basic: both form-encoded, then Basic (RFC 6749 2.3.1). */
	ka_buf_init(&user, 0);
	ka_buf_init(&pass, 0);
	oidc_buf_escape(&user, op->client_id);
	oidc_buf_escape(&pass, op->client_secret);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERNAME, user.data);
	curl_easy_setopt(c, CURLOPT_PASSWORD, pass.data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	/* Never resend the form and the credentials somewhere else. */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	err = perform(c, status, url, diag);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	ka_buf_release(&user);
	ka_buf_release(&pass);
	return err;
}
