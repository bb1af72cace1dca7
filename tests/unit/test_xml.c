/* Unit tests for the lossless XML tree: lib/xml_read.c, lib/xml_write.c, lib/xml_tree.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kartla/xml.h"

struct parsed {
	struct ka_xml_doc doc;
	struct ka_diag diag;
	int err;
};

static struct parsed *parse_lim(const char *text, size_t len, const struct ka_xml_limits *lim)
{
	struct parsed *p = calloc(1, sizeof(*p));

	ka_xml_doc_init(&p->doc);
	ka_diag_init(&p->diag, "t.xml");
	p->err = ka_xml_parse(&p->doc, text, len, lim, &p->diag);
	return p;
}

static struct parsed *parse(const char *text)
{
	return parse_lim(text, strlen(text), NULL);
}

/* Parses text that must be well-formed. */
static struct parsed *parse_ok(const char *text)
{
	struct parsed *p = parse(text);

	if (p->err) {
		char msg[1024];

		ka_diag_format(&p->diag, msg, sizeof(msg));
		print_error("unexpected parse error: %s\n", msg);
		fail();
	}
	return p;
}

static void done(struct parsed *p)
{
	ka_xml_doc_release(&p->doc);
	free(p);
}

/* The serialisation of a document (caller frees). */
static char *write_doc(const struct ka_xml_doc *doc)
{
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	assert_int_equal(ka_xml_write(doc, &b), 0);
	return ka_buf_detach(&b, NULL);
}

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/* Asserts that `in` is written exactly as `want` (both without the XML declaration). */
static void assert_writes(const char *in, const char *want)
{
	struct parsed *p = parse_ok(in);
	char *out = write_doc(&p->doc);
	size_t dl = strlen(DECL);

	assert_int_equal(strncmp(out, DECL, dl), 0);
	assert_string_equal(out + dl, want);
	free(out);
	done(p);
}

static struct ka_xml_node *first_element(struct ka_xml_node *n)
{
	struct ka_xml_node *c;

	for (c = n->first; c; c = c->next)
		if (c->type == KA_XML_ELEMENT)
			return c;
	return NULL;
}

static struct ka_xml_node *next_element(struct ka_xml_node *n)
{
	for (n = n->next; n; n = n->next)
		if (n->type == KA_XML_ELEMENT)
			return n;
	return NULL;
}

static void assert_error(const char *text, int err, unsigned long line, unsigned long col,
                         const char *msg_part)
{
	struct parsed *p = parse(text);

	if (p->err != err || p->diag.line != line || p->diag.column != col ||
	    !strstr(p->diag.message, msg_part)) {
		print_error("for %s\n got err %d at %lu:%lu '%s'\n want err %d at %lu:%lu '%s'\n",
		            text, p->err, p->diag.line, p->diag.column, p->diag.message, err, line,
		            col, msg_part);
		fail();
	}
	done(p);
}

static void test_namespaces_and_prefixes(void **state)
{
	struct parsed *p = parse_ok("<r xmlns=\"urn:d\" xmlns:a=\"urn:a\">\n"
	                            "  <a:x>\n"
	                            "    <y xmlns:a=\"urn:other\"><a:z/></y>\n"
	                            "    <w xmlns=\"\"/>\n"
	                            "  </a:x>\n"
	                            "</r>");
	struct ka_xml_node *r = p->doc.root, *x, *y, *z, *w;

	(void)state;
	assert_string_equal(r->name->local, "r");
	assert_null(r->name->prefix);
	assert_string_equal(r->name->ns, "urn:d");
	assert_int_equal(r->nnsdecls, 2);
	assert_null(r->nsdecls[0].prefix);
	assert_string_equal(r->nsdecls[0].uri, "urn:d");
	assert_string_equal(r->nsdecls[1].prefix, "a");
	assert_string_equal(r->nsdecls[1].uri, "urn:a");

	x = first_element(r);
	assert_string_equal(x->name->prefix, "a");
	assert_string_equal(x->name->local, "x");
	assert_string_equal(x->name->ns, "urn:a");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 3);

	y = first_element(x);
	assert_null(y->name->prefix);
	assert_string_equal(y->name->ns, "urn:d"); /* default namespace inherited */
	z = first_element(y);
	assert_string_equal(z->name->prefix, "a");
	assert_string_equal(z->name->ns, "urn:other"); /* inner redeclaration wins */

	w = next_element(y);
	assert_string_equal(w->name->local, "w");
	assert_null(w->name->ns); /* xmlns="" undeclares the default */
	done(p);

	/* Prefixes and declarations are written as they were. */
	assert_writes("<p:r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><q:s p:a=\"1\"/><p:t/></p:r>",
	              "<p:r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\">\n"
	              "  <q:s p:a=\"1\"/>\n"
	              "  <p:t/>\n"
	              "</p:r>\n");
	/* A scope ends with its element: the outer binding is back. */
	p = parse_ok("<r xmlns:a=\"urn:1\"><s xmlns:a=\"urn:2\"/><a:t/></r>");
	assert_string_equal(next_element(first_element(p->doc.root))->name->ns, "urn:1");
	done(p);
}

static void test_attributes(void **state)
{
	struct parsed *p = parse_ok("<r xmlns=\"urn:d\" xmlns:k=\"urn:k\" id=\"r1\" k:id=\"k1\" "
	                            "xml:lang=\"nb\" empty=\"\"/>");
	struct ka_xml_node *r = p->doc.root;

	(void)state;
	assert_int_equal(r->nattrs, 4);
	/* Unprefixed attributes have no namespace, whatever the default namespace. */
	assert_string_equal(ka_xml_attr(r, NULL, "id"), "r1");
	assert_null(ka_xml_attr(r, "urn:d", "id"));
	assert_string_equal(ka_xml_attr(r, "urn:k", "id"), "k1");
	assert_string_equal(ka_xml_attr(r, KA_NS_XML, "lang"), "nb");
	assert_string_equal(ka_xml_attr(r, NULL, "empty"), "");
	assert_null(ka_xml_attr(r, NULL, "missing"));
	assert_null(r->attrs[0].name->ns);
	assert_null(r->attrs[0].name->prefix);
	assert_string_equal(r->attrs[1].name->prefix, "k");
	assert_string_equal(r->attrs[2].name->prefix, "xml");
	done(p);

	/* Attribute order is kept on output. */
	assert_writes("<r z=\"1\" a=\"2\" m=\"3\"/>", "<r z=\"1\" a=\"2\" m=\"3\"/>\n");

	/* The same attribute in one namespace through two prefixes is refused. */
	assert_error("<r xmlns:a=\"urn:u\" xmlns:b=\"urn:u\" a:x=\"1\" b:x=\"2\"/>", KA_ERR_XML, 1,
	             1, "appears twice");
}

static void test_undeclared_prefix(void **state)
{
	(void)state;
	assert_error("<r>\n  <ns0:task/>\n</r>", KA_ERR_XML, 2, 3,
	             "undeclared namespace prefix 'ns0' (element <ns0:task>)");
	assert_error("<r>\n\n    <t ns0:color=\"red\"/>\n</r>", KA_ERR_XML, 3, 5,
	             "undeclared namespace prefix 'ns0' (attribute ns0:color)");
	/* A prefix declared on a sibling is not in scope. */
	assert_error("<r><a xmlns:p=\"urn:p\"/><p:b/></r>", KA_ERR_XML, 1, 24,
	             "undeclared namespace prefix 'p'");
	assert_error("<r xmlns:p=\"\"/>", KA_ERR_XML, 1, 1, "bound to an empty URI");
}

/*
 * The reader remembers names it has resolved; a name seen again must still
 * follow the declarations in scope where it is used now, also after the name
 * table has grown, and an undeclared prefix must still be refused.
 */
static void test_repeated_names_follow_scope(void **state)
{
	struct ka_buf b;
	struct parsed *p;
	struct ka_xml_node *r, *c;
	int i;

	(void)state;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_addf(&b, "<r xmlns:a=\"urn:1\"><a:t a:k=\"1\"/>");
	/* enough distinct names to make the name table grow more than once */
	for (i = 0; i < 600; i++)
		ka_buf_addf(&b, "<n%d m%d=\"\"/>", i, i);
	ka_buf_addf(&b, "<s xmlns:a=\"urn:2\"><a:t a:k=\"2\"/></s><a:t a:k=\"3\"/></r>");
	p = parse_lim(b.data, b.len, NULL);
	assert_int_equal(p->err, 0);
	r = p->doc.root;
	c = first_element(r);
	assert_string_equal(c->name->ns, "urn:1");
	assert_string_equal(ka_xml_attr(c, "urn:1", "k"), "1");
	for (i = 0; i < 600; i++)
		c = next_element(c);
	c = next_element(c); /* <s> */
	assert_string_equal(first_element(c)->name->ns, "urn:2");
	assert_string_equal(ka_xml_attr(first_element(c), "urn:2", "k"), "2");
	c = next_element(c);
	assert_string_equal(c->name->ns, "urn:1");
	assert_string_equal(c->attrs[0].name->ns, "urn:1");
	assert_string_equal(c->attrs[0].name->prefix, "a");
	assert_string_equal(ka_xml_attr(c, "urn:1", "k"), "3");
	done(p);
	ka_buf_release(&b);

	/* Seen declared, then used where the declaration is out of scope. */
	assert_error("<r><a:x xmlns:a=\"urn:a\"/><a:x/></r>", KA_ERR_XML, 1, 26,
	             "undeclared namespace prefix 'a' (element <a:x>)");
	assert_error("<r><x xmlns:a=\"urn:a\" a:y=\"1\"/><x a:y=\"2\"/></r>", KA_ERR_XML, 1, 32,
	             "undeclared namespace prefix 'a' (attribute a:y)");
	/* The same local name under the default namespace, then none. */
	p = parse_ok("<r xmlns=\"urn:d\"><x/><q xmlns=\"\"><x/></q></r>");
	assert_string_equal(first_element(p->doc.root)->name->ns, "urn:d");
	assert_null(first_element(next_element(first_element(p->doc.root)))->name->ns);
	done(p);
}

static void test_mixed_content(void **state)
{
	struct parsed *p = parse_ok("<p>Hello <b>brave</b> new <i>world</i>!</p>");
	struct ka_xml_node *r = p->doc.root, *c;
	const char *want[] = {"Hello ", "b", " new ", "i", "!"};
	size_t i = 0;

	(void)state;
	for (c = r->first; c; c = c->next, i++) {
		assert_true(i < 5);
		if (c->type == KA_XML_TEXT) {
			assert_int_equal(c->text_len, strlen(want[i]));
			assert_memory_equal(c->text, want[i], c->text_len);
		} else {
			assert_int_equal(c->type, KA_XML_ELEMENT);
			assert_string_equal(c->name->local, want[i]);
		}
	}
	assert_int_equal(i, 5);
	assert_string_equal(ka_xml_text(&p->doc, r), "Hello  new !");
	assert_string_equal(ka_xml_text(&p->doc, first_element(r)), "brave");
	done(p);

	/* Mixed content is written untouched: no indentation is added. */
	assert_writes("<r>\n  <p>Hello <b>brave</b> new <i>world</i>!</p>\n</r>",
	              "<r>\n  <p>Hello <b>brave</b> new <i>world</i>!</p>\n</r>\n");
	/* Text split by a comment is one text for ka_xml_text. */
	p = parse_ok("<r>ab<!--c-->cd</r>");
	assert_string_equal(ka_xml_text(&p->doc, p->doc.root), "abcd");
	done(p);
}

static void test_whitespace(void **state)
{
	struct parsed *p;

	(void)state;
	/* Indentation between elements is not content: it is dropped and re-made. */
	assert_writes("<r>\n\t\t<a>\n<b/>   </a>\r\n <c/></r>",
	              "<r>\n  <a>\n    <b/>\n  </a>\n  <c/>\n</r>\n");
	p = parse_ok("<r>\n  <a/>\n  <b/>\n</r>");
	assert_int_equal(p->doc.root->first->type, KA_XML_ELEMENT);
	assert_int_equal(p->doc.root->last->type, KA_XML_ELEMENT);
	done(p);
	/* Text-only content, including only whitespace, is kept exactly. */
	assert_writes("<r><a>  padded  </a><b>   </b><c>\n</c></r>",
	              "<r>\n  <a>  padded  </a>\n  <b>   </b>\n  <c>\n</c>\n</r>\n");
	p = parse_ok("<r><a>  padded  </a></r>");
	assert_string_equal(ka_xml_text(&p->doc, first_element(p->doc.root)), "  padded  ");
	done(p);
	/* Empty elements stay empty. */
	assert_writes("<r><a></a><b/></r>", "<r>\n  <a/>\n  <b/>\n</r>\n");
}

static void test_comments_and_pis(void **state)
{
	struct parsed *p;
	struct ka_xml_node *c;

	(void)state;
	assert_writes(
	    "<!-- before --><?app go?>\n<r><!--inside--><?pi data here?><a/></r><!--after-->",
	    "<!-- before -->\n<?app go?>\n<r>\n  <!--inside-->\n  <?pi data here?>\n"
	    "  <a/>\n</r>\n<!--after-->\n");
	p = parse_ok("<?app go?><r><?bare?></r>");
	assert_int_equal(p->doc.prolog->type, KA_XML_PI);
	assert_string_equal(p->doc.prolog->name->local, "app");
	assert_memory_equal(p->doc.prolog->text, "go", 2);
	c = p->doc.root->first;
	assert_int_equal(c->type, KA_XML_PI);
	assert_string_equal(c->name->local, "bare");
	assert_null(c->name->ns);
	assert_null(c->name->prefix);
	assert_int_equal(c->text_len, 0);
	done(p);
	/* a comment's and a text node's name is the empty one (all three NULL) */
	p = parse_ok("<r><!--c-->text<a/></r>");
	c = p->doc.root->first;
	assert_int_equal(c->type, KA_XML_COMMENT);
	assert_ptr_equal(c->name, &ka_xml_no_name);
	assert_int_equal(c->next->type, KA_XML_TEXT);
	assert_ptr_equal(c->next->name, &ka_xml_no_name);
	assert_null(c->next->name->local);
	done(p);
	assert_writes("<r><?bare?></r>", "<r>\n  <?bare?>\n</r>\n");
}

static void test_escaping_round_trip(void **state)
{
	const char *in = "<r a=\"&amp; &lt; &gt; &quot; ' &#9;tab &#10;nl &#13;cr\">"
	                 "&amp; &lt; &gt; \" ' \ttab\nnl&#13;cr ]]&gt; &#x41;&#66;</r>";
	struct parsed *p = parse_ok(in), *q;
	char *out, *out2;
	char why[256];

	(void)state;
	assert_string_equal(ka_xml_attr(p->doc.root, NULL, "a"), "& < > \" ' \ttab \nnl \rcr");
	assert_string_equal(ka_xml_text(&p->doc, p->doc.root), "& < > \" ' \ttab\nnl\rcr ]]> AB");
	out = write_doc(&p->doc);
	assert_string_equal(out, DECL "<r a=\"&amp; &lt; &gt; &quot; ' &#9;tab &#10;nl &#13;cr\">"
	                              "&amp; &lt; &gt; \" ' \ttab\nnl&#13;cr ]]&gt; AB</r>\n");
	/* Reading the output gives the same values, and the same bytes again. */
	q = parse_ok(out);
	assert_true(ka_xml_equal(p->doc.root, q->doc.root, why, sizeof(why)));
	assert_string_equal(ka_xml_attr(q->doc.root, NULL, "a"), "& < > \" ' \ttab \nnl \rcr");
	out2 = write_doc(&q->doc);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	done(p);
	done(q);

	/* CDATA sections stay CDATA sections; a "]]>" inside is split across two. */
	assert_writes("<r><![CDATA[<x> & y]]></r>", "<r><![CDATA[<x> & y]]></r>\n");
	assert_writes("<r>a<![CDATA[]]]]><![CDATA[>]]>b</r>",
	              "<r>a<![CDATA[]]]]><![CDATA[>]]>b</r>\n");
	/* Literal newlines and tabs in attributes are normalised to spaces by XML. */
	p = parse_ok("<r a=\"1\n2\t3\"/>");
	assert_string_equal(ka_xml_attr(p->doc.root, NULL, "a"), "1 2 3");
	done(p);
}

static void test_encodings(void **state)
{
	/* ISO-8859-1 "S\xF8knad" and the same in UTF-16LE with a byte order mark. */
	const char latin[] =
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r n=\"S\xF8knad\">\xE5</r>";
	const char *ascii = "<r n=\"S?knad\">?</r>";
	char utf16[64];
	size_t i, n = 2;
	int seen = 0;
	struct parsed *p;

	(void)state;
	p = parse_ok(latin);
	assert_string_equal(ka_xml_attr(p->doc.root, NULL, "n"), "S\xC3\xB8knad");
	assert_string_equal(ka_xml_text(&p->doc, p->doc.root), "\xC3\xA5");
	done(p);

	utf16[0] = (char)0xFF;
	utf16[1] = (char)0xFE;
	for (i = 0; ascii[i]; i++) {
		char ch = ascii[i];

		if (ch == '?')
			ch = seen++ ? (char)0xE5 : (char)0xF8; /* U+00F8, then U+00E5 */
		utf16[n++] = ch;
		utf16[n++] = 0;
	}
	p = parse_lim(utf16, n, NULL);
	assert_int_equal(p->err, 0);
	assert_string_equal(ka_xml_attr(p->doc.root, NULL, "n"), "S\xC3\xB8knad");
	assert_string_equal(ka_xml_text(&p->doc, p->doc.root), "\xC3\xA5");
	done(p);
}

/* Parses with ka_xml_parse_ex; the doc and diag are the caller's to release. */
static int parse_ex(struct ka_xml_doc *doc, const char *text, size_t len, unsigned flags,
                    struct ka_xml_recode *rc, struct ka_diag *d)
{
	ka_xml_doc_init(doc);
	ka_diag_init(d, "x.xml");
	return ka_xml_parse_ex(doc, text, len, NULL, flags, rc, d);
}

static void test_iconv_encodings(void **state)
{
	/* windows-1252 (Enterprise Architect): the euro sign and curly quotes are 0x80, 0x93, 0x94.
	 */
	const char cp1252[] = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
	                      "<r n=\"\x80 \x93x\x94\">\xE4</r>";
	/* KOI8-R, single-byte too: "\xF0\xD2\xC9" is "При". */
	const char koi8[] = "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><r>\xF0\xD2\xC9</r>";
	/* Shift_JIS, multi-byte: "\x90\\" is U+7533 (申), "\x90\xBF" U+8ACB (請). */
	const char sjis[] =
	    "<?xml version='1.0' encoding='Shift_JIS'?>\n<r n=\"\x90\\\x90\xBF\">a</r>";
	struct ka_xml_recode rc;
	struct ka_xml_doc doc;
	struct ka_diag d;
	char *out;

	(void)state;
	/* Single-byte encodings work through plain ka_xml_parse (the unknown-encoding handler). */
	ka_xml_doc_init(&doc);
	ka_diag_init(&d, "x.xml");
	assert_int_equal(ka_xml_parse(&doc, cp1252, sizeof(cp1252) - 1, NULL, &d), 0);
	assert_string_equal(ka_xml_attr(doc.root, NULL, "n"),
	                    "\xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D");
	assert_string_equal(ka_xml_text(&doc, doc.root), "\xC3\xA4");
	ka_xml_doc_release(&doc);

	assert_int_equal(parse_ex(&doc, koi8, sizeof(koi8) - 1, 0, &rc, &d), 0);
	assert_string_equal(ka_xml_text(&doc, doc.root), "\xD0\x9F\xD1\x80\xD0\xB8");
	assert_null(rc.from);
	ka_xml_doc_release(&doc);

	/* A multi-byte one is converted as a whole and written as UTF-8. */
	assert_int_equal(parse_ex(&doc, sjis, sizeof(sjis) - 1, 0, &rc, &d), 0);
	assert_string_equal(ka_xml_attr(doc.root, NULL, "n"), "\xE7\x94\xB3\xE8\xAB\x8B");
	assert_null(rc.from);
	out = write_doc(&doc);
	assert_non_null(strstr(out, "encoding=\"UTF-8\""));
	free(out);
	ka_xml_doc_release(&doc);

	/* An encoding nobody knows, and bytes that are not in the declared one. */
	assert_int_equal(
	    parse_ex(&doc, "<?xml version=\"1.0\" encoding=\"x-no-such\"?><r/>", 46, 0, &rc, &d),
	    KA_ERR_XML);
	assert_non_null(strstr(d.message, "unknown encoding"));
	ka_xml_doc_release(&doc);
	assert_int_equal(parse_ex(&doc,
	                          "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<r>\x90</r>", 51,
	                          0, &rc, &d),
	                 KA_ERR_XML);
	assert_int_equal(d.line, 2);
	assert_int_equal(d.column,
	                 4); /* every refusal has a line and a column (found by fuzzing) */
	assert_non_null(strstr(d.message, "is not Shift_JIS"));
	ka_xml_doc_release(&doc);
}

static void test_recode_cp1252(void **state)
{
	/* GenMyModel: declares UTF-8, writes "\xE4" for "ä" (line 3). */
	const char bad[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n<a n=\"B\xE4r\"/>\x80</r>";
	struct ka_xml_recode rc;
	struct ka_xml_doc doc;
	struct ka_diag d;

	(void)state;
	/* Without the flag: refused, naming the byte. */
	assert_int_equal(parse_ex(&doc, bad, sizeof(bad) - 1, 0, &rc, &d), KA_ERR_XML);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.message, "invalid UTF-8 byte 0xE4"));
	assert_null(rc.from);
	ka_xml_doc_release(&doc);
	/* With it: read as windows-1252, the first bad line reported. */
	assert_int_equal(parse_ex(&doc, bad, sizeof(bad) - 1, KA_XML_RECODE_CP1252, &rc, &d), 0);
	assert_string_equal(rc.from, "windows-1252");
	assert_int_equal(rc.line, 3);
	assert_string_equal(ka_xml_attr(first_element(doc.root), NULL, "n"), "B\xC3\xA4r");
	ka_xml_doc_release(&doc);
	/* Valid UTF-8 is never recoded, and what is not XML stays refused with its first message.
	 */
	assert_int_equal(parse_ex(&doc, "<r>\xC3\xA4</r>", 9, KA_XML_RECODE_CP1252, &rc, &d), 0);
	assert_null(rc.from);
	ka_xml_doc_release(&doc);
	assert_int_equal(parse_ex(&doc, "<r>\xE4<r>", 7, KA_XML_RECODE_CP1252, &rc, &d),
	                 KA_ERR_XML);
	assert_non_null(strstr(d.message, "invalid UTF-8 byte 0xE4"));
	ka_xml_doc_release(&doc);
	/* Entities stay refused after recoding. */
	assert_int_equal(parse_ex(&doc, "<!DOCTYPE r [<!ENTITY e \"\xE4\">]><r>&e;</r>", 40,
	                          KA_XML_RECODE_CP1252, &rc, &d),
	                 KA_ERR_XML);
	assert_non_null(strstr(d.message, "DOCTYPE"));
	ka_xml_doc_release(&doc);
}

static void test_refused_input(void **state)
{
	struct parsed *p;

	(void)state;
	assert_error("<!DOCTYPE r>\n<r/>", KA_ERR_XML, 1, 12,
	             "DOCTYPE declarations are not allowed");
	assert_error("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>",
	             KA_ERR_XML, 2, 13, "DOCTYPE");
	assert_error("<r>&nbsp;</r>", KA_ERR_XML, 1, 4, "undefined entity");
	assert_error("<r><a></r>", KA_ERR_XML, 1, 9, "mismatched tag");
	assert_error("<r/><s/>", KA_ERR_XML, 1, 5, "junk after document element");
	assert_error("<r>\n<a>", KA_ERR_XML, 2, 4, "truncated document: <a> is not closed");
	assert_error("<r a:b:c=\"1\"/>", KA_ERR_XML, 1, 1, "malformed attribute name");
	assert_error("<r>\xC3\x28</r>", KA_ERR_XML, 1, 4, "invalid UTF-8 byte 0xC3");
	/* An empty input, and only a declaration. */
	p = parse_lim("", 0, NULL);
	assert_int_equal(p->err, KA_ERR_XML);
	assert_string_equal(p->diag.message, "empty input: no XML document");
	done(p);
	assert_error("<?xml version=\"1.0\"?>", KA_ERR_XML, 1, 22, "no element found");
	/* No entity is expanded: the predefined ones and character references only. */
	p = parse_ok("<r>&lt;&#x263A;&#9731;</r>");
	assert_string_equal(ka_xml_text(&p->doc, p->doc.root), "<\xE2\x98\xBA\xE2\x98\x83");
	done(p);
}

static void test_limits(void **state)
{
	struct ka_xml_limits lim;
	struct parsed *p;
	const char *deep = "<a><a><a><a/></a></a></a>";

	(void)state;
	ka_xml_limits_default(&lim);
	assert_int_equal(lim.max_bytes, KA_XML_DEFAULT_MAX_BYTES);
	assert_int_equal(lim.max_depth, KA_XML_DEFAULT_MAX_DEPTH);
	assert_int_equal(lim.max_elements, KA_XML_DEFAULT_MAX_ELEMENTS);

	lim.max_depth = 3;
	p = parse_lim(deep, strlen(deep), &lim);
	assert_int_equal(p->err, KA_ERR_LIMIT);
	assert_int_equal(p->diag.line, 1);
	assert_int_equal(p->diag.column, 10);
	assert_string_equal(p->diag.message, "elements nested deeper than 3 levels (at <a>)");
	done(p);
	lim.max_depth = 4;
	p = parse_lim(deep, strlen(deep), &lim);
	assert_int_equal(p->err, 0);
	done(p);

	ka_xml_limits_default(&lim);
	lim.max_elements = 3;
	p = parse_lim("<r><a/><b/><c/></r>", 19, &lim);
	assert_int_equal(p->err, KA_ERR_LIMIT);
	assert_int_equal(p->diag.column, 12);
	assert_non_null(strstr(p->diag.message, "more than the allowed number of elements"));
	done(p);

	ka_xml_limits_default(&lim);
	lim.max_bytes = 10;
	p = parse_lim("<r>0123456789</r>", 17, &lim);
	assert_int_equal(p->err, KA_ERR_TOO_BIG);
	assert_string_equal(p->diag.message, "file is 17 bytes, over the size cap of 10 bytes");
	done(p);
	lim.max_bytes = 17;
	p = parse_lim("<r>0123456789</r>", 17, &lim);
	assert_int_equal(p->err, 0);
	done(p);
}

static void test_parse_file_matches_memory(void **state)
{
	const char *text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	                   "<r xmlns:x=\"urn:x\"><x:a b=\"\xE6\"/><!--c-->tail</r>\n";
	char path[] = "/tmp/kartla-xml-XXXXXX";
	int fd = mkstemp(path);
	struct ka_xml_doc doc;
	struct ka_diag d;
	struct parsed *p = parse_ok(text);
	char *a, *b;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ka_xml_doc_init(&doc);
	ka_diag_init(&d, path);
	assert_int_equal(ka_xml_parse_file(&doc, path, NULL, &d), 0);
	a = write_doc(&p->doc);
	b = write_doc(&doc);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ka_xml_doc_release(&doc);
	done(p);

	ka_xml_doc_init(&doc);
	assert_int_equal(ka_xml_parse_file(&doc, "/nonexistent/x.xml", NULL, &d), KA_ERR_IO);
	ka_xml_doc_release(&doc);
	unlink(path);
}

static void test_equal(void **state)
{
	struct parsed *a =
	    parse_ok("<p:r xmlns:p=\"urn:x\" a=\"1\" b=\"2\">\n  <p:c>t</p:c>\n</p:r>");
	struct parsed *same = parse_ok("<r xmlns=\"urn:x\" b=\"2\" a=\"1\"><c>t</c></r>");
	struct parsed *val = parse_ok("<r xmlns=\"urn:x\" a=\"1\" b=\"3\"><c>t</c></r>");
	struct parsed *text = parse_ok("<r xmlns=\"urn:x\" a=\"1\" b=\"2\"><c>u</c></r>");
	struct parsed *more = parse_ok("<r xmlns=\"urn:x\" a=\"1\" b=\"2\"><c>t</c><d/></r>");
	struct parsed *ns = parse_ok("<r xmlns=\"urn:y\" a=\"1\" b=\"2\"><c>t</c></r>");
	struct parsed *fewer = parse_ok("<r xmlns=\"urn:x\" a=\"1\"><c>t</c></r>");
	char why[256];

	(void)state;
	/* Names compare by namespace URI, attributes as sets, indentation is not content. */
	assert_true(ka_xml_equal(a->doc.root, same->doc.root, why, sizeof(why)));
	assert_true(ka_xml_equal(same->doc.root, a->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(a->doc.root, val->doc.root, why, sizeof(why)));
	assert_non_null(strstr(why, "attribute b"));
	assert_false(ka_xml_equal(a->doc.root, text->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(a->doc.root, more->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(more->doc.root, a->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(a->doc.root, ns->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(a->doc.root, fewer->doc.root, why, sizeof(why)));
	assert_false(ka_xml_equal(fewer->doc.root, a->doc.root, why, sizeof(why)));
	done(a);
	done(same);
	done(val);
	done(text);
	done(more);
	done(ns);
	done(fewer);
}

static void test_tree_editing(void **state)
{
	struct parsed *p = parse_ok("<r xmlns=\"urn:d\" xmlns:k=\"urn:k\"><a x=\"1\"/><b/></r>");
	struct ka_xml_doc *doc = &p->doc;
	struct ka_xml_node *r = doc->root, *a = first_element(r), *n, *m;
	char *out;

	(void)state;
	assert_ptr_equal(ka_xml_child(r, "urn:d", "b"), next_element(a));
	assert_ptr_equal(ka_xml_child(r, NULL, "b"), next_element(a));
	assert_null(ka_xml_child(r, "urn:k", "b"));
	assert_null(ka_xml_child(r, NULL, "zz"));

	ka_xml_set_attr(doc, a, NULL, NULL, "x", "2");   /* replaces */
	ka_xml_set_attr(doc, a, "urn:k", "k", "y", "3"); /* appends */
	assert_int_equal(a->nattrs, 2);
	assert_string_equal(ka_xml_attr(a, NULL, "x"), "2");
	assert_string_equal(ka_xml_attr(a, "urn:k", "y"), "3");
	ka_xml_remove_attr(a, NULL, "x");
	ka_xml_remove_attr(a, NULL, "not-there");
	assert_int_equal(a->nattrs, 1);
	assert_null(ka_xml_attr(a, NULL, "x"));

	n = ka_xml_new_element(doc, "urn:d", NULL, "first");
	m = ka_xml_new_element(doc, "urn:k", "k", "last");
	ka_xml_insert_first(r, n);
	ka_xml_append(r, m);
	ka_xml_unlink(next_element(a)); /* <b/> */
	assert_ptr_equal(r->first, n);
	assert_ptr_equal(r->last, m);
	assert_ptr_equal(n->parent, r);
	out = write_doc(doc);
	assert_string_equal(out, DECL "<r xmlns=\"urn:d\" xmlns:k=\"urn:k\">\n  <first/>\n"
	                              "  <a k:y=\"3\"/>\n  <k:last/>\n</r>\n");
	free(out);
	ka_xml_unlink(n);
	ka_xml_unlink(m);
	ka_xml_unlink(a);
	assert_null(r->first);
	assert_null(r->last);
	out = write_doc(doc);
	assert_string_equal(out, DECL "<r xmlns=\"urn:d\" xmlns:k=\"urn:k\"/>\n");
	free(out);
	done(p);
}

static void test_append_keeps_text(void **state)
{
	struct parsed *p = parse_ok("<r><a>text</a><c>x</c></r>");
	struct ka_xml_node *a = first_element(p->doc.root), *c = next_element(a);
	char *out;

	(void)state;
	/* An element whose only content is text keeps it, before appended children. */
	ka_xml_append(a, ka_xml_new_element(&p->doc, NULL, NULL, "b"));
	ka_xml_append(a, ka_xml_new_element(&p->doc, NULL, NULL, "e"));
	ka_xml_insert_first(c, ka_xml_new_element(&p->doc, NULL, NULL, "d"));
	assert_string_equal(ka_xml_text(&p->doc, a), "text");
	assert_string_equal(ka_xml_text(&p->doc, c), "x");
	out = write_doc(&p->doc);
	/* (The element's own text is documented to come before its children.) */
	assert_string_equal(out, DECL "<r>\n  <a>text<b/><e/></a>\n  <c>x<d/></c>\n</r>\n");
	free(out);
	done(p);
}

static void test_equal_after_edit_and_reparse(void **state)
{
	struct parsed *p = parse_ok("<r><a>text</a></r>"), *q;
	char *out, why[256] = "";

	(void)state;
	/* Edited: inline text plus a child. Re-read: a text node and a child. Same content. */
	ka_xml_append(first_element(p->doc.root), ka_xml_new_element(&p->doc, NULL, NULL, "b"));
	out = write_doc(&p->doc);
	q = parse_ok(out);
	if (!ka_xml_equal(p->doc.root, q->doc.root, why, sizeof(why)) ||
	    !ka_xml_equal(q->doc.root, p->doc.root, why, sizeof(why))) {
		print_error("%s\n", why);
		fail();
	}
	free(out);
	done(p);
	done(q);
}

static void test_root_prefix(void **state)
{
	struct parsed *p =
	    parse_ok("<r xmlns=\"urn:d\" xmlns:k=\"urn:k\" xmlns:kartla=\"urn:taken\"/>");
	const char *pfx;
	char *out;

	(void)state;
	assert_string_equal(ka_xml_root_prefix(&p->doc, "urn:k", "other"), "k");
	pfx = ka_xml_root_prefix(&p->doc, "urn:kartla:bpmn:1.0", "kartla");
	assert_string_equal(pfx, "kartla1");
	assert_string_equal(ka_xml_root_prefix(&p->doc, "urn:kartla:bpmn:1.0", "kartla"),
	                    "kartla1");
	assert_string_equal(ka_xml_root_prefix(&p->doc, "urn:new", "n"), "n");
	out = write_doc(&p->doc);
	assert_string_equal(out,
	                    DECL "<r xmlns=\"urn:d\" xmlns:k=\"urn:k\" xmlns:kartla=\"urn:taken\" "
	                         "xmlns:kartla1=\"urn:kartla:bpmn:1.0\" xmlns:n=\"urn:new\"/>\n");
	free(out);
	done(p);
}

static void test_deterministic(void **state)
{
	const char *in = "<!--c--><r xmlns:a=\"urn:a\" z=\"&lt;\"><a:b>x</a:b><c>\n  <d/>\n</c>"
	                 "<e>m<f/>n</e></r>";
	struct parsed *p = parse_ok(in), *q = parse_ok(in), *again;
	char *o1 = write_doc(&p->doc), *o2 = write_doc(&q->doc), *o3;

	(void)state;
	assert_string_equal(o1, o2);
	again = parse_ok(o1);
	o3 = write_doc(&again->doc);
	assert_string_equal(o1, o3);
	free(o1);
	free(o2);
	free(o3);
	done(p);
	done(q);
	done(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_namespaces_and_prefixes),
	    cmocka_unit_test(test_attributes),
	    cmocka_unit_test(test_undeclared_prefix),
	    cmocka_unit_test(test_repeated_names_follow_scope),
	    cmocka_unit_test(test_mixed_content),
	    cmocka_unit_test(test_whitespace),
	    cmocka_unit_test(test_comments_and_pis),
	    cmocka_unit_test(test_escaping_round_trip),
	    cmocka_unit_test(test_encodings),
	    cmocka_unit_test(test_iconv_encodings),
	    cmocka_unit_test(test_recode_cp1252),
	    cmocka_unit_test(test_refused_input),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_parse_file_matches_memory),
	    cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_tree_editing),
	    cmocka_unit_test(test_append_keeps_text),
	    cmocka_unit_test(test_equal_after_edit_and_reparse),
	    cmocka_unit_test(test_root_prefix),
	    cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
