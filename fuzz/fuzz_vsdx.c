/*
 * libFuzzer target for the .vsdx reader (lib/visio). An input starting with
 * "PK" is read as a package as it is (the ZIP layer, caps and part names);
 * any other input is a list of parts, "name\0content\0name\0content...",
 * zipped here with correct checksums so that mutations reach the XML parts
 * (relationships, masters, pages, glue) instead of dying on a CRC. Binary
 * .vsd input (OLE2) is left alone: that is libvisio's code, not ours.
 *
 * Properties: a translation that succeeds is BPMN that the reader accepts
 * strictly; a refusal carries a message. Seeds: fuzz/seeds/vsdx (made from
 * tests/data/visio by fuzz/seeds/vsdx/make_seeds.py).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "kartla/bpmn.h"
#include "kartla/import_note.h"
#include "kartla/visio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_vsdx: property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

/* Zips the parts of `data` into a new buffer (*out, free()); 0 or -1. */
static int zip_parts(const char *data, size_t size, char **out, size_t *outlen)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	size_t i = 0;
	int ok = -1;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return -1;
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	while (i < size) {
		const char *name = data + i, *end = memchr(name, '\0', size - i);
		const char *body, *bend;
		zip_source_t *part;

		if (!end)
			break;
		body = end + 1;
		bend = body < data + size ? memchr(body, '\0', (size_t)(data + size - body)) : NULL;
		if (!bend)
			bend = data + size;
		part = zip_source_buffer(za, body, (zip_uint64_t)(bend - body), 0);
		if (part) {
			zip_int64_t idx =
			    *name ? zip_file_add(za, name, part, ZIP_FL_OVERWRITE) : -1;

			if (idx < 0)
				zip_source_free(part);
			else /* stored, not deflated: the fuzzer's time goes to our code */
				zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		}
		i = (size_t)(bend - data) + 1;
	}
	if (zip_close(za) < 0) {
		zip_discard(za);
		goto out;
	}
	if (zip_source_stat(src, &st) || zip_source_open(src))
		goto out;
	*out = malloc(st.size ? st.size : 1);
	*outlen = (size_t)zip_source_read(src, *out, st.size);
	zip_source_close(src);
	ok = 0;
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *pkg = NULL;
	size_t len = size;
	struct ka_buf bpmn;
	struct ka_import_report rep;
	struct ka_diag d;
	int err;

	if (size >= 4 && !memcmp(data, "\xD0\xCF\x11\xE0", 4))
		return 0;
	if (size >= 2 && ((data[0] == 'P' && data[1] == 'K') || data[0] == '<')) {
		pkg = malloc(size ? size : 1);
		memcpy(pkg, data, size);
	} else if (zip_parts((const char *)data, size, &pkg, &len)) {
		return 0;
	}
	ka_buf_init(&bpmn, KA_BUF_UNLIMITED);
	ka_import_report_init(&rep);
	ka_diag_init(&d, "fuzz.vsdx");
	err = ka_visio_to_bpmn(&bpmn, pkg, len, "fuzz.vsdx", &rep, &d);
	if (err && !d.message[0])
		die("refusal without a message", NULL);
	if (!err) {
		struct ka_read_opts opts;
		struct ka_map *m = NULL;
		struct ka_diag rd;

		ka_read_opts_init(&opts);
		ka_diag_init(&rd, "translated");
		if (ka_bpmn_read(&m, bpmn.data, bpmn.len, "translated", &opts, &rd)) {
			char msg[1024];

			ka_diag_format(&rd, msg, sizeof msg);
			fprintf(stderr, "%s\n", bpmn.data);
			die("translation is not BPMN the reader accepts", msg);
		}
		ka_map_free(m);
	}
	for (size_t i = 0; i < rep.n; i++)
		if (!rep.notes[i].code[0] || !rep.notes[i].message[0])
			die("empty note", rep.notes[i].where);
	ka_import_report_free(&rep);
	ka_buf_release(&bpmn);
	free(pkg);
	return 0;
}
