/*
 * libFuzzer target for the draw.io reader. The input is a draw.io file; when
 * its first byte is 0x01 the rest is taken as one page's <mxGraphModel> and
 * packed the way draw.io compresses pages (URL-encoding, raw deflate, base64),
 * so that the fuzzer reaches the cells behind the compression too.
 * Properties: no crash or leak; a refusal says why; a translation is BPMN that
 * the BPMN reader accepts strictly (no dangling or duplicate ids) and that
 * writes back; the same input gives the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "kartla/bpmn.h"
#include "kartla/drawio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_drawio: property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

/* <mxfile><diagram> around `model`, compressed as draw.io does. */
static void pack(struct ka_buf *out, const uint8_t *model, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct ka_buf url;
	unsigned char *z;
	uLongf zlen;
	z_stream s;

	ka_buf_init(&url, KA_BUF_UNLIMITED);
	for (size_t i = 0; i < len; i++)
		ka_buf_addf(&url, "%%%02X", model[i]);
	zlen = compressBound((uLong)url.len) + 64;
	z = malloc(zlen);
	memset(&s, 0, sizeof s);
	if (!z || deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		die("cannot start deflate", NULL);
	s.next_in = (unsigned char *)url.data;
	s.avail_in = (uInt)url.len;
	s.next_out = z;
	s.avail_out = (uInt)zlen;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		die("deflate failed", NULL);
	zlen = s.total_out;
	deflateEnd(&s);
	ka_buf_adds(out, "<mxfile><diagram name=\"F\">");
	for (size_t i = 0; i < zlen; i += 3) {
		uint32_t v = (uint32_t)z[i] << 16 | (i + 1 < zlen ? (uint32_t)z[i + 1] << 8 : 0) |
		             (i + 2 < zlen ? z[i + 2] : 0);

		ka_buf_addc(out, b64[v >> 18 & 63]);
		ka_buf_addc(out, b64[v >> 12 & 63]);
		ka_buf_addc(out, i + 1 < zlen ? b64[v >> 6 & 63] : '=');
		ka_buf_addc(out, i + 2 < zlen ? b64[v & 63] : '=');
	}
	ka_buf_adds(out, "</diagram></mxfile>");
	free(z);
	ka_buf_release(&url);
}

static int translate(struct ka_buf *bpmn, const char *in, size_t len, struct ka_diag *d)
{
	struct ka_import_report rep;
	int err;

	ka_import_report_init(&rep);
	ka_diag_init(d, "fuzz-input");
	err = ka_drawio_to_bpmn(bpmn, in, len, "fuzz-input", &rep, d);
	for (size_t i = 0; i < rep.n; i++)
		if (!rep.notes[i].code[0] || !rep.notes[i].message[0])
			die("a note without code or message", NULL);
	ka_import_report_free(&rep);
	return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ka_buf input, bpmn, again, written;
	struct ka_diag d;
	struct ka_read_opts opts;
	struct ka_map *m = NULL;
	int err;

	ka_buf_init(&input, KA_BUF_UNLIMITED);
	ka_buf_init(&bpmn, KA_BUF_UNLIMITED);
	ka_buf_init(&again, KA_BUF_UNLIMITED);
	ka_buf_init(&written, KA_BUF_UNLIMITED);
	if (size && data[0] == 0x01)
		pack(&input, data + 1, size - 1);
	else
		ka_buf_add(&input, data, size);
	err = translate(&bpmn, input.data, input.len, &d);
	if (err) {
		if (!d.message[0])
			die("refused without a message", NULL);
		goto out;
	}
	if (translate(&again, input.data, input.len, &d) || again.len != bpmn.len ||
	    memcmp(again.data, bpmn.data, bpmn.len))
		die("the same input translates differently", NULL);
	ka_read_opts_init(&opts);
	ka_diag_init(&d, "translated");
	if (ka_bpmn_read(&m, bpmn.data, bpmn.len, "translated", &opts, &d)) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof msg);
		/* the reader's own caps (depth, element count) may refuse a huge translation */
		if (d.message[0] && strstr(msg, "nest"))
			goto out;
		fwrite(bpmn.data, 1, bpmn.len, stderr);
		die("the translation is not BPMN the reader accepts strictly", msg);
	}
	if (ka_bpmn_write(m, &written))
		die("writing the translated map failed", NULL);
out:
	ka_map_free(m);
	ka_buf_release(&input);
	ka_buf_release(&bpmn);
	ka_buf_release(&again);
	ka_buf_release(&written);
	return 0;
}
