/*
 * Unit tests for include/kartla/msgcat.h and the params of struct ka_diag:
 * Accept-Language to a language, catalog lookup, placeholder filling (in
 * order, by position, a missing param, a bad placeholder), unknown msgids
 * and languages falling back to English, and a diag whose message was
 * rewritten after ka_diag_set keeping its text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/msgcat.h"

static void test_lang(void **state)
{
	(void)state;
	assert_string_equal(ka_msgcat_lang(NULL), "en");
	assert_string_equal(ka_msgcat_lang(""), "en");
	assert_string_equal(ka_msgcat_lang("nb"), "nb");
	assert_string_equal(ka_msgcat_lang("no"), "nb");
	assert_string_equal(ka_msgcat_lang("nn-NO"), "nb");
	assert_string_equal(ka_msgcat_lang("sv-SE,sv;q=0.9,en;q=0.8"), "sv");
	assert_string_equal(ka_msgcat_lang("de-DE"), "en");
	assert_string_equal(ka_msgcat_lang("de, en;q=0.5, nb;q=0.7"), "nb");
	assert_string_equal(ka_msgcat_lang("en-GB, sv;q=0.9"), "en");
	assert_string_equal(ka_msgcat_lang("SV"), "sv");
	assert_string_equal(ka_msgcat_lang("sv;q=0, fr"), "en");
	assert_string_equal(ka_msgcat_lang("*"), "en");
	assert_string_equal(ka_msgcat_lang(",,;q=,x-very-long-language-tag"), "en");
}

static void test_fill(void **state)
{
	const char *p[] = {"comment", "12"};
	char out[64];

	(void)state;
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "a %s b %d", p, 2), 0);
	assert_string_equal(out, "a comment b 12");
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "%2$d: %1$s (100%%)", p, 2), 0);
	assert_string_equal(out, "12: comment (100%)");
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "%" PRId64 " %-5s", p + 1, 2 - 1), -1);
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "%s %s %s", p, 2), -1); /* missing */
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "%3$s", p, 2), -1);
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "bad %q", p, 2), -1);
	assert_int_equal(ka_msgcat_fill(out, sizeof(out), "end %", p, 2), -1);
	assert_int_equal(ka_msgcat_fill(out, 8, "%s and more", p, 1), 0); /* cut */
	assert_string_equal(out, "comment");
}

static void test_lookup(void **state)
{
	const char *p[] = {"comment"};
	char out[256];

	(void)state;
	assert_non_null(ka_msgcat_lookup("nb", "field '%s' is required"));
	assert_non_null(ka_msgcat_lookup("sv", "field '%s' is required"));
	assert_null(ka_msgcat_lookup("en", "field '%s' is required"));
	assert_null(ka_msgcat_lookup("nb", "no such message in the catalog %s"));
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "sv", "field '%s' is required", p, 1),
	                 0);
	assert_string_equal(out, "fältet ”comment” måste fyllas i");
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "nb", "field '%s' is required", p, 1),
	                 0);
	assert_string_equal(out, "feltet «comment» må fylles ut");
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "en", "field '%s' is required", p, 1),
	                 0);
	assert_string_equal(out, "field 'comment' is required");
	/* an unknown msgid, or a language without a catalog: the English */
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "sv", "unknown %s here", p, 1), 0);
	assert_string_equal(out, "unknown comment here");
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "de", "field '%s' is required", p, 1),
	                 0);
	assert_string_equal(out, "field 'comment' is required");
	/* "%s" with a generic description (ka_strerror) passed on */
	{
		const char *nf[] = {ka_strerror(KA_ERR_NOT_FOUND)};
		assert_int_equal(ka_msgcat_render(out, sizeof(out), "sv", "%s", nf, 1), 0);
		assert_string_equal(out, "hittades inte");
	}
	/* a translation missing its param: the English fails too */
	assert_int_equal(ka_msgcat_render(out, sizeof(out), "sv", "field '%s' is required", p, 0),
	                 -1);
}

static void test_diag(void **state)
{
	struct ka_diag d;
	const char *v[KA_MSG_MAX_PARAMS];
	char out[512];

	(void)state;
	ka_diag_init(&d, NULL);
	assert_int_equal(
	    ka_diag_set(&d, KA_ERR_INVALID, 0, 0, "comment", "field '%s' is required", "comment"),
	    KA_ERR_INVALID);
	assert_string_equal(d.message, "field 'comment' is required");
	assert_int_equal(ka_msg_params_vec(&d.params, v, KA_MSG_MAX_PARAMS), 1);
	assert_string_equal(v[0], "comment");
	ka_diag_render(&d, "nb", out, sizeof(out));
	assert_string_equal(out, "feltet «comment» må fylles ut");
	/* every kind of conversion becomes its text */
	ka_diag_set(&d, KA_ERR_INVALID, 0, 0, NULL, "%d %ld %" PRId64 " %zu %5.2f %*d %.3s %x", -1,
	            7L, INT64_C(1) << 40, (size_t)9, 2.5, 4, 3, "abcdef", 255u);
	assert_int_equal(ka_msg_params_vec(&d.params, v, KA_MSG_MAX_PARAMS), 8);
	assert_string_equal(v[0], "-1");
	assert_string_equal(v[2], "1099511627776");
	assert_string_equal(v[4], " 2.50");
	assert_string_equal(v[5], "   3");
	assert_string_equal(v[6], "abc");
	assert_string_equal(v[7], "ff");
	ka_diag_render(&d, "sv", out, sizeof(out));
	assert_string_equal(out, d.message);
	/* written over after ka_diag_set: the text as it is, never the old msgid's */
	ka_diag_set(&d, KA_ERR_INVALID, 0, 0, NULL, "field '%s' is required", "comment");
	snprintf(d.message, sizeof(d.message), "something else");
	ka_diag_render(&d, "sv", out, sizeof(out));
	assert_string_equal(out, "something else");
	ka_diag_set(&d, KA_ERR_INVALID, 0, 0, NULL, "%c%c", 'o', 'k');
	assert_int_equal(ka_msg_params_vec(&d.params, v, KA_MSG_MAX_PARAMS), 2);
	assert_string_equal(v[1], "k");
	/* "%s" passing a whole message on: that message is the msgid */
	ka_diag_set(&d, KA_ERR_PERM, 0, 0, NULL, "%s",
	            "only the process owner approves or rejects");
	ka_diag_render(&d, "sv", out, sizeof(out));
	assert_string_equal(out, "bara processägaren godkänner eller avvisar");
	/* more params than kept: English */
	ka_diag_set(&d, KA_ERR_INVALID, 0, 0, NULL, "%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8,
	            9);
	assert_int_equal(d.params.n, KA_MSG_MAX_PARAMS);
	ka_diag_render(&d, "nb", out, sizeof(out));
	assert_string_equal(out, "123456789");
}

/* A reader's diag wrapped for the API: the position kept, both parts translated. */
static void test_nested(void **state)
{
	struct ka_diag in, out;
	char msg[512];

	(void)state;
	ka_diag_init(&in, "map.bpmn");
	ka_diag_set(&in, KA_ERR_XML, 3, 7, NULL, "malformed XML: %s", "unclosed token");
	ka_diag_init(&out, NULL);
	ka_diag_set_nested(&out, KA_ERR_INVALID, 0, 0, "bpmn", "the map is too large: %s", &in);
	assert_string_equal(out.message,
	                    "the map is too large: map.bpmn:3:7: malformed XML: unclosed token");
	ka_diag_render(&out, "sv", msg, sizeof(msg));
	assert_string_equal(msg, "kartan är för stor: map.bpmn:3:7: felaktig XML: unclosed token");
	ka_diag_render(&out, "en", msg, sizeof(msg));
	assert_string_equal(msg, out.message);
	/* an element in the position: its word translates too */
	snprintf(in.element_id, sizeof(in.element_id), "Task_1");
	ka_diag_set_nested(&out, KA_ERR_BPMN, 0, 0, "bpmn", NULL, &in);
	ka_diag_render(&out, "nb", msg, sizeof(msg));
	assert_string_equal(msg, "map.bpmn:3:7: element «Task_1»: feilformet XML: unclosed token");
	/* wrapped without a position */
	ka_diag_init(&in, NULL);
	ka_diag_set(&in, KA_ERR_INVALID, 0, 0, "x", "field '%s' is required", "x");
	ka_diag_set_wrapped(&out, KA_ERR_INVALID, 0, 0, "body.x", "body: %s", &in);
	assert_string_equal(out.message, "body: field 'x' is required");
	ka_diag_render(&out, "nb", msg, sizeof(msg));
	assert_string_equal(msg, "body: feltet «x» må fylles ut");
	/* the wrapped message written over: as it is */
	snprintf(out.message, sizeof(out.message), "changed");
	ka_diag_render(&out, "nb", msg, sizeof(msg));
	assert_string_equal(msg, "changed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lang),   cmocka_unit_test(test_fill),
	    cmocka_unit_test(test_lookup), cmocka_unit_test(test_diag),
	    cmocka_unit_test(test_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
