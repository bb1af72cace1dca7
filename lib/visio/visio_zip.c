/*
 * OPC packages: libzip over the caller's bytes, with the caps of visio_int.h
 * checked on the bytes actually inflated, not on the sizes the headers claim.
 */
#include <string.h>
#include <zip.h>

#include "visio_int.h"
#include "visio_zip.h"
#include "kartla/banned.h"

static int name_ok(const char *name)
{
	const char *p = name;

	if (!*name || name[0] == '/' || strchr(name, '\\') || strchr(name, ':'))
		return 0;
	while (*p) {
		const char *seg = p, *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);

		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return 0;
		p = slash ? slash + 1 : seg + n;
	}
	return 1;
}

int vs_zip_open(struct vs_zip *z, const char *data, size_t len, const char *file,
                struct ka_diag *diag)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t n;
	zip_uint64_t declared = 0;

	z->z = NULL;
	z->inflated = 0;
	z->file = file;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "not a ZIP package");
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "not a readable ZIP package (.vsdx): %s",
		            zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return KA_ERR_BPMN;
	}
	zip_error_fini(&ze);
	z->z = za;
	n = zip_get_num_entries(za, 0);
	if (n < 0 || (zip_uint64_t)n > VS_ZIP_MAX_ENTRIES) {
		vs_zip_close(z);
		return ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, NULL,
		                   "the package has %lld entries, more than the %u allowed",
		                   (long long)n, VS_ZIP_MAX_ENTRIES);
	}
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		zip_stat_t st;

		if (!zip_stat_index(za, (zip_uint64_t)i, 0, &st) && (st.valid & ZIP_STAT_SIZE)) {
			declared += st.size;
			if (st.size > VS_ZIP_MAX_TOTAL || declared > VS_ZIP_MAX_TOTAL) {
				ka_diag_set(
				    diag, KA_ERR_TOO_BIG, 0, 0, name ? name : "",
				    "the package declares more than %u MB once inflated (part "
				    "%.200s): refused as a ZIP bomb",
				    VS_ZIP_MAX_TOTAL >> 20, name ? name : "");
				vs_zip_close(z);
				return KA_ERR_TOO_BIG;
			}
		}

		if (!name || !name_ok(name)) {
			ka_diag_set(diag, KA_ERR_BPMN, 0, 0, name ? name : "",
			            "part name \"%.200s\" is absolute or leaves the package",
			            name ? name : "");
			vs_zip_close(z);
			return KA_ERR_BPMN;
		}
	}
	return 0;
}

void vs_zip_close(struct vs_zip *z)
{
	if (z->z)
		zip_discard(z->z);
	z->z = NULL;
}

int vs_zip_has(struct vs_zip *z, const char *part)
{
	return zip_name_locate(z->z, part, 0) >= 0;
}

int vs_zip_read(struct vs_zip *z, const char *part, struct ka_buf *out, struct ka_diag *diag)
{
	zip_file_t *f;
	char chunk[16384];
	int err = 0;

	ka_buf_reset(out);
	f = zip_fopen(z->z, part, 0);
	if (!f)
		return ka_diag_set(diag, KA_ERR_BPMN, 0, 0, part,
		                   "part %s is missing or cannot be inflated: %s", part,
		                   zip_strerror(z->z));
	for (;;) {
		zip_int64_t got = zip_fread(f, chunk, sizeof chunk);

		if (got < 0) {
			err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, part, "part %s is corrupt: %s",
			                  part, zip_file_strerror(f));
			break;
		}
		if (got == 0)
			break;
		z->inflated += (size_t)got;
		if (out->len + (size_t)got > VS_PART_MAX || z->inflated > VS_ZIP_MAX_TOTAL) {
			err = ka_diag_set(diag, KA_ERR_TOO_BIG, 0, 0, part,
			                  "part %s inflates past the cap (%u MB per part, %u MB "
			                  "per package): refused as a ZIP bomb",
			                  part, VS_PART_MAX >> 20, VS_ZIP_MAX_TOTAL >> 20);
			break;
		}
		if (ka_buf_add(out, chunk, (size_t)got)) {
			err = ka_diag_set(diag, ka_buf_error(out), 0, 0, part, "part %s too big",
			                  part);
			break;
		}
	}
	zip_fclose(f);
	return err;
}

int vs_part_resolve(char *out, size_t outsz, const char *base, const char *target)
{
	char tmp[1024];
	size_t len = 0;
	const char *p;

	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(base, '/');

		len = slash ? (size_t)(slash - base) + 1 : 0;
		if (len >= sizeof tmp)
			return KA_ERR_BPMN;
		memcpy(tmp, base, len);
	}
	p = target;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (len == 0)
				return KA_ERR_BPMN;
			len--; /* the slash ending the folder */
			while (len > 0 && tmp[len - 1] != '/')
				len--;
		} else if (!(n == 1 && p[0] == '.') && n > 0) {
			if (len + n + 1 >= sizeof tmp)
				return KA_ERR_BPMN;
			memcpy(tmp + len, p, n);
			len += n;
			if (slash)
				tmp[len++] = '/';
		}
		p = slash ? slash + 1 : p + n;
	}
	if (len == 0 || len >= outsz)
		return KA_ERR_BPMN;
	memcpy(out, tmp, len);
	out[len] = '\0';
	return 0;
}
