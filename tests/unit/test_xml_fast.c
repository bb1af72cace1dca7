/*
 * The libxml2 reader (lib/xml/xml_fast.c) against expat (lib/xml/xml_read.c):
 * whatever the fast reader takes, expat takes too, with the same tree node for
 * node and the same positions; whatever it should not read (DOCTYPE, CDATA,
 * PI, errors, hostile tags) it hands back. Run on crafted documents, on every
 * XML file under tests/data, and through a file larger than its read window.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/buf.h"
#include "kartla/xml.h"
#include "../../lib/xml/xml_rd.h" /* the two readers, one at a time */
#include "xml_same.h"

static const char *root_dir = ".";

/* 0 when the fast reader took `text` (and expat agrees node for node); else 1. */
static int both(const char *text, size_t len)
{
	struct ka_xml_limits lim;
	struct ka_xml_doc fast, slow;
	struct ka_diag diag;
	char why[512];
	int fe, se;

	ka_xml_limits_default(&lim);
	if (!ka_xml_fast_ok(text, len))
		return 1;
	ka_xml_doc_init(&fast);
	ka_xml_doc_init(&slow);
	ka_diag_init(&diag, "t.xml");
	fe = ka_xml_fast_parse(&fast, text, len, &lim);
	se = ka_xml_parse_expat(&slow, text, len, &lim, &diag);
	if (!fe && se) {
		print_error("libxml2 took a document expat refuses (%s):\n%.*s\n", diag.message,
		            (int)(len < 400 ? len : 400), text);
		fail();
	}
	if (!fe && !xs_same_doc(&fast, &slow, why, sizeof(why))) {
		print_error("trees differ: %s\nin:\n%.*s\n", why, (int)(len < 400 ? len : 400),
		            text);
		fail();
	}
	ka_xml_doc_release(&fast);
	ka_xml_doc_release(&slow);
	return fe ? 1 : 0;
}

static int both_s(const char *text)
{
	return both(text, strlen(text));
}

static void test_taken_and_same(void **state)
{
	static const char *const docs[] = {
	    "<r/>",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r a=\"1\"/>\n",
	    "<?xml version='1.0' encoding='utf-8' standalone='yes'?><r>t</r>",
	    "<!-- before -->\n<r>\n  <!--inside-->\n  <a/>\n</r>\n<!--after-->\n",
	    "<r><!-- a < b, c > d, <!- not a start --></r>",
	    "<r>\n  <a>one</a>\n  <b>two <i>mixed</i> text\n  </b>\n  <c/>\n</r>",
	    "<r>\r\n  <a x=\"1\"\r\n     y=\"2\"/>\r\n  <b>t\r\nu</b>\r</r>\r\n",
	    "<r>\r  <a/>\r  <b>lone CR</b>\r</r>",
	    "<r>\t<a\tb=\"\t\"/>\t</r>",
	    "<r a=\"&amp; &lt; &gt; &quot; ' &#9;tab &#10;nl &#13;cr\">"
	    "&amp; &lt; &gt; \" ' \ttab\nnl&#13;cr ]]&gt; &#x41;&#66;</r>",
	    "<r name=\"Søknad «om» bygglov – ärende\">Æøå ÄÖÜ ß 日本 😀 <x>é</x>é</r>",
	    "<øre><ärende å=\"1\">x</ärende><日本/></øre>",
	    "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
	    "    xmlns=\"urn:default\" xmlns:k=\"urn:k\" id=\"d\">\n"
	    "  <bpmn:process id=\"p\" k:a=\"1\" xml:lang=\"nb\">\n"
	    "    <inner xmlns:k=\"urn:other\" k:b=\"2\"><k:c/></inner>\n"
	    "    <plain xmlns=\"\"/>\n"
	    "  </bpmn:process>\n</bpmn:definitions>\n",
	    "<r>\n"
	    "  <a first=\"a very long attribute value that runs past eight bytes many times\" "
	    "second=\"ÆØÅ and more ÆØÅ and more\"\n      third=\"x\">text</a>\n</r>",
	    "<r><a/><b></b><c> </c><d>\n</d></r>",
	    "<a><b><c><d><e><f><g>deep</g></f></e></d></c></b></a>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (both_s(docs[i])) {
			print_error("the fast reader gave up on:\n%s\n", docs[i]);
			fail();
		}
	}
}

static void test_handed_back(void **state)
{
	static const char *const docs[] = {
	    "<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>",
	    "<!DOCTYPE r SYSTEM \"http://example.org/r.dtd\"><r/>",
	    "<r><![CDATA[a < b]]></r>",
	    "<?app go?><r/>",
	    "<r><?pi data?></r>",
	    "<r>&undefined;</r>",
	    "<r><a></b></r>",
	    "<r>",
	    "<r/><s/>",
	    "<r/>junk",
	    "<p:r/>",
	    "<r xmlns:p=\"\"/>",
	    "<r xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" a:k=\"1\" b:k=\"2\"/>",
	    "<r a=\"1\" a=\"2\"/>",
	    "<r>\x01</r>",
	    "<r>\xff</r>",
	    "<?xml version=\"1.1\"?><r/>",
	    /* Names XML 1.0 allows since its fifth edition (libxml2) but expat does not. */
	    "<r\xe2\x81\xb0/>",
	    "<r a\xe2\x81\xb0=\"1\"/>",
	    "<r xmlns:p=\"urn:p\" p:a\xe2\x81\xb0=\"1\"/>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (!both_s(docs[i])) {
			print_error("the fast reader took:\n%s\n", docs[i]);
			fail();
		}
	}
	/* Not UTF-8, or a byte order mark: never tried. */
	assert_false(ka_xml_fast_ok("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>", 44));
	assert_false(ka_xml_fast_ok("\xef\xbb\xbf<r/>", 7));
	assert_false(ka_xml_fast_ok("", 0));
	assert_true(ka_xml_fast_ok("<r/>", 4));
}

/* Tags libxml2 would read in quadratic time go to expat, which reads them in linear time. */
static void test_hostile_tags(void **state)
{
	struct ka_buf b;
	int i;

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_adds(&b, "<r");
	for (i = 0; i < 400; i++)
		ka_buf_addf(&b, " a%d=\"%d\"", i, i);
	ka_buf_adds(&b, "/>");
	assert_int_equal(both(b.data, b.len), 1);

	ka_buf_reset(&b);
	ka_buf_adds(&b, "<r");
	for (i = 0; i < 40; i++)
		ka_buf_addf(&b, " a%d=\"%d\"", i, i);
	ka_buf_adds(&b, "/>");
	assert_int_equal(both(b.data, b.len), 0); /* a short tag is fine */

	/* Many declarations in scope, over nested tags each short. */
	ka_buf_reset(&b);
	for (i = 0; i < 20; i++) {
		int k;

		ka_buf_adds(&b, "<e");
		for (k = 0; k < 20; k++)
			ka_buf_addf(&b, " xmlns:p%d_%d=\"urn:%d\"", i, k, k);
		ka_buf_adds(&b, ">");
	}
	for (i = 0; i < 20; i++)
		ka_buf_adds(&b, "</e>");
	assert_int_equal(both(b.data, b.len), 1);

	/* As many declarations on siblings: they go out of scope again, so it is taken. */
	ka_buf_reset(&b);
	ka_buf_adds(&b, "<r>");
	for (i = 0; i < 20; i++) {
		int k;

		ka_buf_adds(&b, "<e");
		for (k = 0; k < 20; k++)
			ka_buf_addf(&b, " xmlns:p%d_%d=\"urn:%d\"", i, k, k);
		ka_buf_adds(&b, "/>");
	}
	ka_buf_adds(&b, "</r>");
	assert_int_equal(both(b.data, b.len), 0);

	/* A long text with many '=' cannot be told from a tag by the guard: handed back. */
	ka_buf_reset(&b);
	ka_buf_adds(&b, "<r>");
	for (i = 0; i < 2000; i++)
		ka_buf_adds(&b, "a=b ");
	ka_buf_adds(&b, "</r>");
	assert_int_equal(both(b.data, b.len), 1); /* over 64 '=' in one stretch */
	ka_buf_release(&b);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

/* Compares the readers on every .bpmn/.xml/.drawio/.xes file under dir; counts files taken. */
static void walk(const char *dir, size_t *files, size_t *taken)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path, files, taken);
		} else if (has_suffix(path, ".bpmn") || has_suffix(path, ".xml") ||
		           has_suffix(path, ".drawio") || has_suffix(path, ".xes") ||
		           has_suffix(path, ".bpmn2")) {
			struct ka_buf b;

			ka_buf_init(&b, KA_BUF_UNLIMITED);
			if (ka_buf_read_file(&b, path) == 0 && b.len) {
				(*files)++;
				if (both(b.data, b.len) == 0)
					(*taken)++;
			}
			ka_buf_release(&b);
		}
	}
	closedir(d);
}

static void test_every_carried_file(void **state)
{
	char dir[4096];
	size_t files = 0, taken = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/data", root_dir);
	walk(dir, &files, &taken);
	print_message("%zu XML files, %zu read by libxml2, all the same as expat's\n", files,
	              taken);
	assert_true(files >= 50);
	assert_true(taken * 2 >= files);
}

/* A file goes through the reader's window in 1 MiB pieces: the same tree as from memory. */
static void test_file_window(void **state)
{
	struct ka_xml_doc a, b;
	struct ka_xml_limits lim;
	struct ka_diag diag;
	struct ka_buf doc;
	char path[] = "/tmp/kartla-xml-fast-XXXXXX", why[512];
	int fd, i;
	FILE *f;

	(void)state;
	ka_buf_init(&doc, KA_BUF_UNLIMITED);
	ka_buf_adds(&doc, "<?xml version=\"1.0\"?>\n<r xmlns:k=\"urn:k\">\n");
	/* The first CR comes well after the first 64 KiB piece: lines are counted without
	 * looking for CRs only up to it (xml_fast.c, cr_from). */
	for (i = 0; i < 60000; i++)
		ka_buf_addf(&doc, "  <k:e id=\"E_%d\" name=\"nåme %d\"><!-- c %d -->t%s%d</k:e>\n",
		            i, i, i, i < 20000 ? "\n" : "\r\n", i);
	ka_buf_adds(&doc, "  <long>");
	for (i = 0; i < 300000; i++)
		ka_buf_adds(&doc, "text ");
	ka_buf_adds(&doc, "</long>\n</r>\n");
	assert_true(doc.len > 3u << 20);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(fwrite(doc.data, 1, doc.len, f), doc.len);
	fclose(f);

	ka_xml_limits_default(&lim);
	ka_xml_doc_init(&a);
	ka_xml_doc_init(&b);
	ka_diag_init(&diag, path);
	fd = open(path, O_RDONLY);
	assert_int_equal(ka_xml_fast_parse_fd(&a, fd, &lim), 0);
	close(fd);
	assert_int_equal(ka_xml_parse_expat(&b, doc.data, doc.len, &lim, &diag), 0);
	if (!xs_same_doc(&a, &b, why, sizeof(why))) {
		print_error("file and memory differ: %s\n", why);
		fail();
	}
	ka_xml_doc_release(&a);
	ka_xml_doc_release(&b);
	/* The public entry point takes the same file. */
	ka_xml_doc_init(&a);
	assert_int_equal(ka_xml_parse_file(&a, path, &lim, &diag), 0);
	assert_int_equal(a.nelements, 60002);
	ka_xml_doc_release(&a);
	unlink(path);
	ka_buf_release(&doc);
}

/* The attribute of `local` (any namespace) on the n-th element child of the root. */
static const struct ka_xml_attr *nth_attr(const struct ka_xml_doc *d, int nth, const char *local)
{
	const struct ka_xml_node *c;
	unsigned i;

	for (c = d->root->first; c; c = c->next) {
		if (c->type != KA_XML_ELEMENT || nth--)
			continue;
		for (i = 0; i < c->nattrs; i++)
			if (!strcmp(c->attrs[i].name->local, local))
				return &c->attrs[i];
	}
	return NULL;
}

/*
 * Both readers give attributes one shared name per (namespace, prefix, local
 * name): the same name on two elements is one struct, and a prefix bound to
 * another namespace further on (or the same local name unqualified) gets a name
 * of its own with the right namespace.
 */
static void test_shared_attribute_names(void **state)
{
	static const char doc[] = "<r xmlns:a=\"urn:1\">"
	                          "<e a:x=\"1\" y=\"2\"/>"
	                          "<e a:x=\"3\" y=\"4\"/>"
	                          "<e xmlns:a=\"urn:2\" a:x=\"5\" y=\"6\"/>"
	                          "<e a:x=\"7\" x=\"8\"/>"
	                          "</r>";
	struct ka_xml_limits lim;
	struct ka_diag diag;
	int pass;

	(void)state;
	ka_xml_limits_default(&lim);
	for (pass = 0; pass < 2; pass++) {
		struct ka_xml_doc d;
		const struct ka_xml_attr *x0, *x1, *x2, *x3, *y0, *y2;

		ka_xml_doc_init(&d);
		if (pass == 0)
			assert_int_equal(ka_xml_fast_parse(&d, doc, strlen(doc), &lim), 0);
		else
			assert_int_equal(ka_xml_parse_expat(&d, doc, strlen(doc), &lim, &diag), 0);
		x0 = nth_attr(&d, 0, "x");
		x1 = nth_attr(&d, 1, "x");
		x2 = nth_attr(&d, 2, "x");
		x3 = nth_attr(&d, 3, "x");
		y0 = nth_attr(&d, 0, "y");
		y2 = nth_attr(&d, 2, "y");
		assert_ptr_equal(x0->name, x1->name);
		assert_string_equal(x0->name->ns, "urn:1");
		assert_string_equal(x0->name->prefix, "a");
		assert_string_equal(x1->value, "3");
		/* rebound: same prefix and local name, another namespace */
		assert_ptr_not_equal(x2->name, x0->name);
		assert_string_equal(x2->name->ns, "urn:2");
		assert_string_equal(x2->name->prefix, "a");
		/* back in urn:1 */
		assert_ptr_equal(x3->name, x0->name);
		assert_ptr_equal(y0->name, y2->name);
		assert_null(y0->name->ns);
		assert_null(y0->name->prefix);
		/* element names are shared the same way */
		assert_ptr_equal(d.root->first->name, d.root->last->name);
		assert_string_equal(d.root->first->name->local, "e");
		assert_null(d.root->first->name->ns);
		assert_ptr_not_equal(d.root->name, d.root->first->name);
		/* the unqualified x on the fourth element is not a:x */
		assert_string_equal(ka_xml_attr(d.root->last, NULL, "x"), "8");
		assert_string_equal(ka_xml_attr(d.root->last, "urn:1", "x"), "7");
		ka_xml_doc_release(&d);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_taken_and_same), cmocka_unit_test(test_handed_back),
	    cmocka_unit_test(test_hostile_tags),   cmocka_unit_test(test_every_carried_file),
	    cmocka_unit_test(test_file_window),    cmocka_unit_test(test_shared_attribute_names),
	};

	if (argc > 1)
		root_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
