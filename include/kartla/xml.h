/*
 * A namespace-aware, lossless XML element tree. The BPMN reader builds one
 * with expat, the model points into it, and the writer serialises it back
 * deterministically (same tree, same bytes), keeping every namespace
 * declaration and prefix as written so QName values stay valid.
 *
 * Ownership: every node and string belongs to the document's arena and lives
 * until ka_xml_doc_release().
 */
#ifndef KARTLA_XML_H
#define KARTLA_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/arena.h"
#include "kartla/buf.h"
#include "kartla/err.h"

#define KA_NS_XML   "http://www.w3.org/XML/1998/namespace"
#define KA_NS_XMLNS "http://www.w3.org/2000/xmlns/"
#define KA_NS_XSI   "http://www.w3.org/2001/XMLSchema-instance"

enum ka_xml_type { KA_XML_ELEMENT, KA_XML_TEXT, KA_XML_COMMENT, KA_XML_PI };

/*
 * An attribute's name. The readers make one per distinct (namespace, prefix,
 * local name) of a document and share it among every attribute that has it:
 * a big map holds a million attributes with a few dozen names.
 */
struct ka_xml_name {
	const char *ns;     /* namespace URI, NULL when unqualified */
	const char *prefix; /* prefix as written, NULL when unqualified */
	const char *local;
	uint32_t prefix_len, local_len; /* strlen of each (0 for NULL), for the writer */
};

struct ka_xml_attr {
	const struct ka_xml_name *name; /* shared: never changed through an attribute */
	const char *value;
};

struct ka_xml_nsdecl {
	const char *prefix; /* NULL for the default namespace */
	const char *uri;
};

/*
 * One node. An element whose only content is text keeps that text in its own
 * `text` field and has no children (the common case: <incoming>id</incoming>);
 * use ka_xml_text() to read an element's text either way. Mixed content keeps
 * text nodes between the element children; an element's own `text`, when a
 * program appends children to such an element, is the text before them.
 */
struct ka_xml_node {
	struct ka_xml_node *parent, *first, *last, *next, *prev;
	/*
	 * An element's name (namespace URI, NULL when none; prefix as written, NULL
	 * when default; local name), shared like attribute names; a PI's target as
	 * name->local; text and comment nodes &ka_xml_no_name (all three NULL).
	 */
	const struct ka_xml_name *name;
	const char *text; /* text/comment/PI data; an element's sole text; else NULL */
	struct ka_xml_attr *attrs;
	struct ka_xml_nsdecl *nsdecls;
	void *user;        /* the model element built from this node, if any */
	uint32_t text_len; /* bytes in `text` */
	uint32_t line;     /* of the start tag, 1-based */
	uint32_t column;
	uint32_t nattrs;
	uint16_t nnsdecls;
	uint8_t type;  /* enum ka_xml_type */
	uint8_t cdata; /* a text node written as a CDATA section */
};

/* The name of text and comment nodes: namespace, prefix and local name all NULL. */
extern const struct ka_xml_name ka_xml_no_name;

struct ka_xml_doc {
	struct ka_arena arena;
	struct ka_xml_node *root;
	struct ka_xml_node *prolog; /* top-level nodes in order: comments, PIs and the root */
	size_t nelements;
};

struct ka_xml_limits {
	size_t max_bytes;    /* refuse inputs longer than this */
	unsigned max_depth;  /* refuse deeper element nesting */
	size_t max_elements; /* refuse more elements */
};

#define KA_XML_DEFAULT_MAX_BYTES    (64u * 1024u * 1024u)
#define KA_XML_DEFAULT_MAX_DEPTH    256u
#define KA_XML_DEFAULT_MAX_ELEMENTS 10000000u

void ka_xml_limits_default(struct ka_xml_limits *lim);

void ka_xml_doc_init(struct ka_xml_doc *doc);
void ka_xml_doc_release(struct ka_xml_doc *doc);

/*
 * Parses `len` bytes into `doc` (which must be freshly initialised). Any
 * encoding expat knows (UTF-8, UTF-16, ISO-8859-1, US-ASCII) and every
 * single-byte encoding iconv knows (windows-1252, ...) is accepted and
 * stored as UTF-8. DOCTYPE and entity declarations are refused, undeclared
 * prefixes are refused with the prefix named. On error `diag` says where.
 */
int ka_xml_parse(struct ka_xml_doc *doc, const char *data, size_t len,
                 const struct ka_xml_limits *lim, struct ka_diag *diag);

/* Like ka_xml_parse, reading `path` in chunks (never more than lim->max_bytes). */
int ka_xml_parse_file(struct ka_xml_doc *doc, const char *path, const struct ka_xml_limits *lim,
                      struct ka_diag *diag);

/* ka_xml_parse_ex flags. */
enum {
	/*
	 * Input that declares UTF-8 (or nothing) but is not valid UTF-8 is read
	 * again as windows-1252 (the usual mistake of tools that write Latin-1).
	 */
	KA_XML_RECODE_CP1252 = 1u << 0,
};

/* What ka_xml_parse_ex did to the bytes; `from` NULL when it read them as they are. */
struct ka_xml_recode {
	const char *from;   /* static: "windows-1252" */
	unsigned long line; /* the first line that was not valid UTF-8 */
};

/*
 * ka_xml_parse for every encoding iconv knows: single-byte ones through
 * expat's unknown-encoding handler, multi-byte ones converted to UTF-8 as a
 * whole first (the declaration then names UTF-8). With KA_XML_RECODE_CP1252,
 * invalid UTF-8 is read as windows-1252 and *rc (may be NULL) says so.
 */
int ka_xml_parse_ex(struct ka_xml_doc *doc, const char *data, size_t len,
                    const struct ka_xml_limits *lim, unsigned flags, struct ka_xml_recode *rc,
                    struct ka_diag *diag);

/* ka_xml_parse_file with ka_xml_parse_ex's encodings and flags (the file streams unless it cannot).
 */
int ka_xml_parse_file_ex(struct ka_xml_doc *doc, const char *path, const struct ka_xml_limits *lim,
                         unsigned flags, struct ka_xml_recode *rc, struct ka_diag *diag);

/* Appends the UTF-8 serialisation of `doc` to `out`. */
int ka_xml_write(const struct ka_xml_doc *doc, struct ka_buf *out);

/* The value of attribute {ns}local, or NULL. ns NULL means unqualified. */
const char *ka_xml_attr(const struct ka_xml_node *n, const char *ns, const char *local);
/* Sets (replacing or appending) attribute {ns}local; strings are copied into the arena. */
void ka_xml_set_attr(struct ka_xml_doc *doc, struct ka_xml_node *n, const char *ns,
                     const char *prefix, const char *local, const char *value);
/* Removes attribute {ns}local if present. */
void ka_xml_remove_attr(struct ka_xml_node *n, const char *ns, const char *local);

/* The prefix bound to `uri` on the root element; declares one (preferring `want`) if none. */
const char *ka_xml_root_prefix(struct ka_xml_doc *doc, const char *uri, const char *want);

/* Declares prefix -> uri on node n (strings copied); returns the stored prefix. */
const char *ka_xml_declare(struct ka_xml_doc *doc, struct ka_xml_node *n, const char *prefix,
                           const char *uri);

/* Creates an element (not yet linked) and links children. */
struct ka_xml_node *ka_xml_new_element(struct ka_xml_doc *doc, const char *ns, const char *prefix,
                                       const char *local);
void ka_xml_append(struct ka_xml_node *parent, struct ka_xml_node *child);
void ka_xml_insert_first(struct ka_xml_node *parent, struct ka_xml_node *child);
void ka_xml_unlink(struct ka_xml_node *n);

/* First element child with {ns}local (ns NULL matches any namespace). */
struct ka_xml_node *ka_xml_child(const struct ka_xml_node *n, const char *ns, const char *local);
/* The element's text: its inline text or its text children concatenated (arena copy). */
const char *ka_xml_text(struct ka_xml_doc *doc, const struct ka_xml_node *n);

/* True when the two subtrees are equal (names by namespace, attributes as sets, text). */
bool ka_xml_equal(const struct ka_xml_node *a, const struct ka_xml_node *b, char *why,
                  size_t whysz);

#endif
