/*
 * PENDING unit tests: each fails today and describes a bug in lib/. Not built
 * by meson (CI stays green); run.sh in this directory builds and runs it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/xml.h"

/*
 * lib/xml_tree.c ka_xml_append / ka_xml_insert_first: an element whose only
 * content is text keeps it inline (node->text, no children). Appending a
 * child does not turn that text into a text node first (the reader's
 * materialize_text does), so ka_xml_text and the writer lose the text.
 */
static void test_append_keeps_inline_text(void **state)
{
	struct ka_xml_doc doc;
	struct ka_diag d;
	struct ka_buf out;
	struct ka_xml_node *a;

	(void)state;
	ka_xml_doc_init(&doc);
	ka_diag_init(&d, "t");
	assert_int_equal(ka_xml_parse(&doc, "<r><a>text</a></r>", 18, NULL, &d), 0);
	a = doc.root->first;
	ka_xml_append(a, ka_xml_new_element(&doc, NULL, NULL, "b"));
	assert_string_equal(ka_xml_text(&doc, a), "text");
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	ka_xml_write(&doc, &out);
	assert_string_equal(
	    out.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <a>text<b/></a>\n</r>\n");
	ka_buf_release(&out);
	ka_xml_doc_release(&doc);
}

/* lib/bpmn_ext.c ka_duration_parse: strtod takes hexadecimal and exponents. */
static void test_duration_digits_only(void **state)
{
	static const char *const bad[] = {"PT0x1AM", "PT1e2M", "P1e1D",
	                                  "PT0x10S", "PT1E1S", "P0x1W"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double s;

		if (ka_duration_parse(bad[i], &s) == 0) {
			print_error("'%s' accepted as %g seconds\n", bad[i], s);
			fail();
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_append_keeps_inline_text),
	    cmocka_unit_test(test_duration_digits_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
