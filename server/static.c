/*
 * Static files: the browser UI from the web root. A request path is
 * refused (404) when any segment is empty-dot, dot-dot or starts with a dot
 * (no dotfiles), and the file served must resolve (realpath, so symbolic
 * links too) to a regular file under the root's realpath; it is opened
 * without blocking and checked with fstat, so a FIFO or a device is 404
 * rather than a stuck worker thread. Without a built
 * UI the server answers "/" with a small embedded placeholder page.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"
#include "kartla/banned.h"

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".bpmn", "application/xml"},
    {".yaml", "application/yaml"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot && !strchr(dot, '/'))
		for (i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (!strcasecmp(dot, mime_types[i].ext))
				return mime_types[i].type;
	return "application/octet-stream";
}

/* Every segment of the request path is a plain name: no "", ".", "..", dotfiles, backslashes. */
bool static_path_is_plain(const char *path)
{
	const char *p = path;

	if (*p != '/')
		return false;
	while (*p == '/') {
		p++;
		if (!*p)
			return true; /* a trailing slash: the directory's index */
		if (*p == '.' || *p == '/')
			return false;
		while (*p && *p != '/') {
			if (*p == '\\' || (unsigned char)*p < 0x20)
				return false;
			p++;
		}
	}
	return *p == '\0';
}

static int not_found(struct http_resp *resp)
{
	return http_fail(resp, KA_ERR_NOT_FOUND, NULL, "no such file");
}

static int placeholder(struct http_resp *resp)
{
	ka_buf_add(&resp->body, embed_placeholder_html, embed_placeholder_html_len);
	resp->content_type = "text/html; charset=utf-8";
	resp->status = 200;
	return 0;
}

int static_serve(struct http_req *req, struct http_resp *resp)
{
	const char *root = req->srv->web_root, *path;
	char full[PATH_MAX], real[PATH_MAX];
	size_t rootlen;
	struct stat sb;
	int n, fd;

	if (!static_path_is_plain(req->path))
		return not_found(resp);
	if (!root) {
		if (!strcmp(req->path, "/") || !strcmp(req->path, "/index.html"))
			return placeholder(resp);
		return not_found(resp);
	}
	/*
	 * Browsers ask for /favicon.ico on every page without an icon link (the printable
	 * risk plan, the API's own documents): the UI's SVG icon answers it.
	 */
	path = strcmp(req->path, "/favicon.ico") ? req->path : "/favicon.svg";
	n = snprintf(full, sizeof(full), "%s%s%s", root, path,
	             path[strlen(path) - 1] == '/' ? "index.html" : "");
	if (n < 0 || (size_t)n >= sizeof(full))
		return not_found(resp);
	if (!realpath(full, real)) {
		if (!strcmp(req->path, "/") || !strcmp(req->path, "/index.html"))
			return placeholder(resp);
		return not_found(resp);
	}
	rootlen = strlen(root);
	if (strncmp(real, root, rootlen) || real[rootlen] != '/')
		return not_found(resp);
	/*
	 * O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer, holding a worker thread (and shutdown) for ever; a FIFO, a
	 * device or a socket is then refused below as not a regular file.
	 */
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return not_found(resp);
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return not_found(resp);
	}
	snprintf(resp->etag, sizeof(resp->etag), "f%" PRIx64 "-%" PRIx64, (uint64_t)sb.st_size,
	         (uint64_t)sb.st_mtim.tv_sec * 1000000000u + (uint64_t)sb.st_mtim.tv_nsec);
	{
		const char *inm = http_header(req, "If-None-Match");
		char quoted[96];

		snprintf(quoted, sizeof(quoted), "\"%s\"", resp->etag);
		if (inm && strstr(inm, quoted)) {
			close(fd);
			resp->status = 304;
			resp->cacheable = true;
			return 0;
		}
	}
	resp->file_fd = fd;
	resp->file_size = (uint64_t)sb.st_size;
	resp->content_type = mime_of(real);
	resp->cacheable = true;
	resp->status = 200;
	return 0;
}
