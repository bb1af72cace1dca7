/*
 * Private to lib/xml: the tree builder behind both readers. Expat's handlers
 * (xml_read.c) and the libxml2 reader (xml_fast.c) feed the same functions,
 * so both build the same tree with the same checks.
 */
#ifndef KARTLA_XML_RD_H
#define KARTLA_XML_RD_H

#include <stddef.h>
#include <stdint.h>

#include <expat.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/xml.h"
#include "xml_int.h"

/*
 * A whitespace run noted but not (yet) in the tree: it follows `prev` in
 * `parent`. The usual indentation ("\n" and spaces) is kept as a count and
 * only spelled out if it is ever needed.
 */
struct pending_ws {
	struct ka_xml_node *parent, *prev; /* prev NULL: before the first child */
	const char *text;                  /* interned, or NULL for "\n" + len-1 spaces */
	uint32_t len, line, column;
};

/*
 * A name expat handed over before, resolved: a document repeats a few dozen
 * element and attribute names hundreds of thousands of times, and each one
 * split, hashed and looked up again costs more than the rest of the element.
 * Direct-mapped by length and end bytes, checked against the name's bytes.
 * The prefix's URI is not memoised (a declaration can rebind it), only where
 * its slot is: `cap` says which table the index belongs to (cap grows with
 * the table, so a grown table means looking the slot up again).
 */
#define NAME_MEMO 64
struct name_memo {
	char name[40]; /* the qname as written, when shorter than this */
	size_t len;
	const char *prefix; /* interned, NULL when none */
	size_t plen;
	const char *local; /* interned */
	size_t slot, cap;  /* the prefix's slot in the name table, and the table's cap then */
	/* the shared name, made for the namespace aname_ns (NULL: not made yet) */
	const struct ka_xml_name *aname;
	const char *aname_ns;
};

struct ka_xml_rd {
	XML_Parser p;
	struct name_memo el_names[NAME_MEMO], at_names[NAME_MEMO];
	struct ka_xml_ns ns; /* names and the namespace declarations in scope */
	struct ka_xml_doc *doc;
	const struct ka_xml_limits *lim;
	struct ka_diag *diag;
	int err; /* set by a handler that stopped the parser */
	struct ka_xml_node *cur;
	unsigned depth;
	struct ka_buf text;
	unsigned long text_line, text_col;
	int in_cdata; /* inside <![CDATA[ ... ]]> */
	/*
	 * Whitespace between child elements is dropped unless the element turns
	 * out to hold text too (mixed content). Until then it is only noted here,
	 * not allocated: a stack of entries, those of the innermost element on top.
	 */
	struct pending_ws *ws;
	size_t nws, allocws;
	uint8_t *mixed;     /* per open element (by depth): it has non-whitespace text */
	unsigned cur_depth; /* depth of r->cur (r->depth runs ahead inside on_start) */
	struct ka_xml_node *prolog_last;
	/*
	 * The libxml2 reader (xml_fast.c, p NULL) sets the positions here, and a
	 * handler that fails only marks err (there is no expat parser to stop).
	 */
	unsigned long fast_line, fast_col;
};

/*
 * Sets up r to build into doc (freshly initialised); p is expat's parser, or
 * NULL for the libxml2 reader. ka_xml_rd_release() frees r's tables (never the
 * tree, which is the document's).
 */
void ka_xml_rd_init(struct ka_xml_rd *r, XML_Parser p, struct ka_xml_doc *doc,
                    const struct ka_xml_limits *lim, struct ka_diag *diag);
void ka_xml_rd_release(struct ka_xml_rd *r);

/* The events, as expat gives them (non-namespace mode: qualified names as written). */
void XMLCALL ka_xml_rd_start(void *ud, const XML_Char *name, const XML_Char **atts);
void XMLCALL ka_xml_rd_end(void *ud, const XML_Char *name);
void XMLCALL ka_xml_rd_text(void *ud, const XML_Char *s, int len);
void XMLCALL ka_xml_rd_comment(void *ud, const XML_Char *data);

/*
 * For a reader that resolves names itself (xml_fast.c): ka_xml_rd_new_element()
 * does what a start tag does before its names (text before it, the depth and
 * element caps, the position) and returns the node, or NULL after a failure;
 * the caller sets its names, attributes and declarations (strings interned in
 * r->ns or the arena) and links it with ka_xml_rd_link_element(). Its end is
 * ka_xml_rd_end() as usual. `name` is only for a message.
 */
struct ka_xml_node *ka_xml_rd_new_element(struct ka_xml_rd *r, const char *name);
void ka_xml_rd_link_element(struct ka_xml_rd *r, struct ka_xml_node *n);

/*
 * Reads UTF-8 input with libxml2 into doc (freshly initialised). 0 when it
 * built the whole tree; otherwise doc holds a partial tree the caller must
 * discard, and the caller reads the input again with expat, whose messages
 * are the ones users see (any error, DOCTYPE, CDATA, PI or unexpected position
 * sends the input there). lim is not NULL: the public entry points give it.
 */
int ka_xml_fast_parse(struct ka_xml_doc *doc, const char *data, size_t len,
                      const struct ka_xml_limits *lim);
/* The same for a file, read from fd's current offset in chunks. */
int ka_xml_fast_parse_fd(struct ka_xml_doc *doc, int fd, const struct ka_xml_limits *lim);

/* ka_xml_parse with expat only (lim not NULL, len within it): for tests that compare the two. */
int ka_xml_parse_expat(struct ka_xml_doc *doc, const char *data, size_t len,
                       const struct ka_xml_limits *lim, struct ka_diag *diag);

/* True when ka_xml_fast_parse may be tried: UTF-8 (declared or not), starting with '<'. */
int ka_xml_fast_ok(const char *data, size_t len);

#endif
