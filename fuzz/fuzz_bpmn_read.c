/*
 * libFuzzer target for the BPMN reader. Every input is read strictly and in
 * repair mode. Whatever is read must write (BPMN and JSON), the BPMN export
 * must read back strictly (in repair mode with nothing but kept unknown
 * elements noted, when it keeps some) to the same model (same JSON), and
 * writing it again must give the same bytes; repair mode reads what strict
 * mode refuses only by repairing something, and every repair has a code. A failed read must say
 * where: a line and a message. Inputs that parse as XML must also survive the XML tree's own write
 * / parse / compare round trip. The XML readers agree: what the libxml2 reader takes, expat takes
 * too, with the same tree node for node and the same positions, and the public reader (libxml2
 * first, expat for the rest) accepts exactly what expat accepts. Any violated property aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kartla/bpmn.h"
#include "kartla/map_json.h"
#include "kartla/xml.h"
#include "../lib/xml/xml_rd.h"      /* the two XML readers, one at a time */
#include "../tests/unit/xml_same.h" /* node-for-node tree comparison */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz-input"

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_bpmn_read: property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

struct warnings {
	size_t n;
	size_t repairs; /* all but the notes on unknown Kartla elements, kept as they are */
	size_t kept;    /* unknown elements of a BPMN namespace kept as they are (repair mode) */
	size_t notes;   /* calls of the note callback: one per warning, with a code */
};

static void count_note(void *ctx, const char *code, const struct ka_diag *d)
{
	struct warnings *w = ctx;

	(void)d;
	if (!code || (strncmp(code, "bpmn.", 5) && strncmp(code, "xml.", 4)))
		die("note without a stable code", code);
	w->notes++;
	if (!strcmp(code, "bpmn.unknown_element"))
		w->kept++;
}

static void count_warning(void *ctx, const struct ka_diag *d)
{
	struct warnings *w = ctx;

	if (!d->message[0] || d->line == 0)
		die("warning without message or position", d->message);
	w->n++;
	if (strncmp(d->message, "unknown Kartla extension element", 32))
		w->repairs++;
}

/*
 * Known bugs with reproducers in tests/pending/ (see its README.md). Inputs
 * that hit them are not reported again, so the fuzzer keeps looking for new
 * ones. Delete each predicate when its bug is fixed.
 */

/* Every element of the model is in the JSON with all its attributes. */
static void check_json_elements(const struct ka_map *m)
{
	json_t *j = ka_map_to_json(m);
	json_t *els = json_object_get(j, "elements");
	size_t i;

	if (json_array_size(els) != m->els.n)
		die("JSON lists a different number of elements than the model", NULL);
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];
		json_t *attrs = json_object_get(json_array_get(els, i), "attributes");

		if (json_object_size(attrs) != el->xml->nattrs)
			die("JSON element lost attributes", el->id);
	}
	json_decref(j);
}

static void check_diag(const struct ka_diag *d)
{
	char msg[1024];

	ka_diag_format(d, msg, sizeof(msg));
	if (!d->message[0])
		die("read failed without a message", NULL);
	if (d->line == 0 || d->column == 0)
		die("read failed without a line and column", msg);
}

/* The libxml2 reader, expat, and the public reader that picks between them agree. */
static void xml_readers_agree(const char *data, size_t size, const struct ka_xml_doc *pub,
                              int pub_err)
{
	struct ka_xml_limits lim;
	struct ka_xml_doc fast, slow;
	struct ka_diag d;
	char why[512];
	int fast_err = -1, slow_err;

	ka_xml_limits_default(&lim);
	ka_xml_doc_init(&fast);
	ka_xml_doc_init(&slow);
	ka_diag_init(&d, FILE_NAME);
	if (size <= lim.max_bytes && ka_xml_fast_ok(data, size))
		fast_err = ka_xml_fast_parse(&fast, data, size, &lim);
	slow_err = size && size <= lim.max_bytes ? ka_xml_parse_expat(&slow, data, size, &lim, &d)
	                                         : pub_err;
	if (!fast_err && slow_err)
		die("the libxml2 reader takes what expat refuses", d.message);
	if (!fast_err && !xs_same_doc(&fast, &slow, why, sizeof(why)))
		die("the libxml2 reader's tree differs from expat's", why);
	if ((pub_err == 0) != (slow_err == 0))
		die("the XML reader and expat disagree on whether the input is XML", NULL);
	if (!pub_err && !xs_same_doc(pub, &slow, why, sizeof(why)))
		die("the XML reader's tree differs from expat's", why);
	ka_xml_doc_release(&fast);
	ka_xml_doc_release(&slow);
}

/* The XML tree alone: parse, write, parse again, compare, write again: same bytes. */
static void xml_roundtrip(const char *data, size_t size)
{
	struct ka_xml_doc a, b;
	struct ka_diag d;
	struct ka_buf x1, x2;
	char why[512];

	ka_xml_doc_init(&a);
	ka_xml_doc_init(&b);
	ka_buf_init(&x1, KA_BUF_UNLIMITED);
	ka_buf_init(&x2, KA_BUF_UNLIMITED);
	ka_diag_init(&d, FILE_NAME);
	if (ka_xml_parse(&a, data, size, NULL, &d)) {
		check_diag(&d);
		xml_readers_agree(data, size, &a, 1);
		goto out;
	}
	xml_readers_agree(data, size, &a, 0);
	if (ka_xml_write(&a, &x1))
		die("ka_xml_write failed", NULL);
	ka_diag_init(&d, "xml-export");
	if (ka_xml_parse(&b, x1.data, x1.len, NULL, &d)) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof(msg));
		die("XML export does not parse", msg);
	}
	if (!ka_xml_equal(a.root, b.root, why, sizeof(why)))
		die("XML export parses to a different tree", why);
	if (ka_xml_write(&b, &x2))
		die("second ka_xml_write failed", NULL);
	if (x1.len != x2.len || memcmp(x1.data, x2.data, x1.len))
		die("XML write is not idempotent", NULL);
out:
	ka_buf_release(&x1);
	ka_buf_release(&x2);
	ka_xml_doc_release(&a);
	ka_xml_doc_release(&b);
}

/*
 * Reads in one mode; on success checks the export properties. Returns the
 * read's code and, in *repairs, the repairs it made.
 */
static int bpmn_roundtrip(const char *data, size_t size, bool repair, struct ka_buf *bpmn_out,
                          size_t *repairs)
{
	struct ka_read_opts opts, strict;
	struct ka_diag d;
	struct ka_map *m = NULL, *again = NULL;
	struct ka_buf x1, x2, j1, j2;
	struct warnings warnings = {0, 0, 0, 0}, again_w = {0, 0, 0, 0};
	int err;

	ka_read_opts_init(&opts);
	opts.repair = repair;
	opts.warn = count_warning;
	opts.warn_ctx = &warnings;
	opts.note = count_note;
	opts.note_ctx = &warnings;
	ka_read_opts_init(&strict);
	ka_buf_init(&x1, KA_BUF_UNLIMITED);
	ka_buf_init(&x2, KA_BUF_UNLIMITED);
	ka_buf_init(&j1, KA_BUF_UNLIMITED);
	ka_buf_init(&j2, KA_BUF_UNLIMITED);
	ka_diag_init(&d, FILE_NAME);

	err = ka_bpmn_read(&m, data, size, FILE_NAME, &opts, &d);
	if (err) {
		if (m)
			die("failed read returned a map", NULL);
		check_diag(&d);
		goto out;
	}
	if (warnings.n != m->nwarnings || warnings.notes != m->nwarnings ||
	    m->nrepairs != m->nwarnings)
		die("warning, note and repair counts differ from nwarnings", NULL);
	*repairs = warnings.repairs;
	if (!repair && warnings.repairs)
		die("strict read made repairs", NULL);
	if (ka_bpmn_write(m, &x1))
		die("ka_bpmn_write failed", NULL);
	if (ka_map_json_write(m, &j1))
		die("ka_map_json_write failed", NULL);
	check_json_elements(m);

	/*
	 * The export must read strictly: repairs leave nothing to repair. Unknown
	 * elements of a BPMN namespace are kept as they were, so an export that
	 * keeps some reads in repair mode, with nothing but those notes again.
	 */
	ka_diag_init(&d, "bpmn-export");
	if (warnings.kept) {
		strict.repair = true;
		strict.warn = count_warning;
		strict.warn_ctx = &again_w;
		strict.note = count_note;
		strict.note_ctx = &again_w;
	}
	if (ka_bpmn_read(&again, x1.data, x1.len, "bpmn-export", &strict, &d)) {
		char msg[1024];

		ka_diag_format(&d, msg, sizeof(msg));
		die("BPMN export does not read back strictly", msg);
	}
	if (again_w.repairs != again_w.kept)
		die("BPMN export made repairs other than keeping unknown elements", NULL);
	if (ka_bpmn_write(again, &x2) || ka_map_json_write(again, &j2))
		die("writing the re-read map failed", NULL);
	if (x1.len != x2.len || memcmp(x1.data, x2.data, x1.len))
		die("BPMN write of the re-read map differs (not idempotent)", NULL);
	if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
		die("model JSON of the re-read map differs", NULL);
	if (bpmn_out)
		ka_buf_add(bpmn_out, x1.data, x1.len);
out:
	ka_map_free(m);
	ka_map_free(again);
	ka_buf_release(&x1);
	ka_buf_release(&x2);
	ka_buf_release(&j1);
	ka_buf_release(&j2);
	return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ka_buf strict_out, repair_out;
	size_t strict_repairs = 0, repairs = 0;
	int strict_err, repair_err;

	ka_buf_init(&strict_out, KA_BUF_UNLIMITED);
	ka_buf_init(&repair_out, KA_BUF_UNLIMITED);
	xml_roundtrip(s, size);
	strict_err = bpmn_roundtrip(s, size, false, &strict_out, &strict_repairs);
	repair_err = bpmn_roundtrip(s, size, true, &repair_out, &repairs);
	if (!strict_err) {
		/* Nothing to repair: repair mode must give the same result. */
		if (repair_err)
			die("repair mode refuses what strict mode reads", NULL);
		if (strict_out.len != repair_out.len ||
		    memcmp(strict_out.data, repair_out.data, strict_out.len))
			die("repair mode changed a file that reads strictly", NULL);
	} else if (!repair_err && !repairs) {
		die("repair mode accepts a file strict mode refuses without repairing anything",
		    NULL);
	} else if (!repair_err && strict_err != KA_ERR_REF && strict_err != KA_ERR_BPMN &&
	           strict_err != KA_ERR_XML) {
		die("repair mode accepts a file refused for a reason it does not repair", NULL);
	}
	ka_buf_release(&strict_out);
	ka_buf_release(&repair_out);
	return 0;
}
