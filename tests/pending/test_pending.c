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

#include "kartla/xml.h"

/*
 * lib/xml_tree.c ka_xml_equal: an element edited through the API keeps its
 * text inline (node->text) next to its new children; written and read back,
 * the same content is a text node among the children. ka_xml_equal compares
 * the representations, not the content, and calls the two different.
 */
static void test_equal_after_edit_and_reparse(void **state)
{
	struct ka_xml_doc doc, again;
	struct ka_diag d;
	struct ka_buf out;
	char why[256] = "";

	(void)state;
	ka_xml_doc_init(&doc);
	ka_xml_doc_init(&again);
	ka_diag_init(&d, "t");
	assert_int_equal(ka_xml_parse(&doc, "<r><a>text</a></r>", 18, NULL, &d), 0);
	ka_xml_append(doc.root->first, ka_xml_new_element(&doc, NULL, NULL, "b"));
	ka_buf_init(&out, KA_BUF_UNLIMITED);
	ka_xml_write(&doc, &out);
	assert_int_equal(ka_xml_parse(&again, out.data, out.len, NULL, &d), 0);
	if (!ka_xml_equal(doc.root, again.root, why, sizeof(why))) {
		print_error("%s\n", why);
		fail();
	}
	ka_buf_release(&out);
	ka_xml_doc_release(&doc);
	ka_xml_doc_release(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal_after_edit_and_reparse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
