/*
 * Private to lib/xml: the reader's name table and namespace scope
 * (xml_ns.c) and its encoding checks (xml_enc.c).
 */
#ifndef KARTLA_XML_INT_H
#define KARTLA_XML_INT_H

#include <stddef.h>
#include <stdint.h>

#include <expat.h>

#include "kartla/arena.h"
#include "kartla/buf.h"
#include "kartla/xml.h"

/* Interned names: every element/attribute name, prefix and namespace URI is stored once. */
struct ka_xml_ns_slot {
	const char *s;
	size_t len;
	uint64_t hash;
	const char *uri; /* for a prefix: the namespace it is bound to in scope, or NULL */
};

/* A declaration in scope: what to restore when its element ends. */
struct ka_xml_ns_bind {
	const char *prefix;  /* NULL = default namespace */
	const char *old_uri; /* the binding it shadowed */
	unsigned depth;
};

/*
 * The names of one parse and the namespace declarations in scope. Interned
 * strings live in the arena (the document's); the tables are the struct's.
 */
struct ka_xml_ns {
	struct ka_arena *arena;
	struct ka_xml_ns_slot *slots;
	size_t cap, n;
	struct ka_xml_ns_bind *binds;
	size_t nbinds, allocbinds;
	const char *default_uri; /* default namespace in scope, NULL when none */
	/* attribute names (ka_xml_ns_name), keyed by their three interned pointers */
	const struct ka_xml_name **names;
	size_t ncap, nnames;
};

void ka_xml_ns_init(struct ka_xml_ns *ns, struct ka_arena *arena);
/* Frees the tables (not the interned strings, which are the arena's). */
void ka_xml_ns_release(struct ka_xml_ns *ns);

/*
 * The slot of a name, created on first use: its string is shared by every use
 * of the same name. The pointer is valid until the next call.
 */
struct ka_xml_ns_slot *ka_xml_ns_slot(struct ka_xml_ns *ns, const char *s, size_t len);

/* The one copy of s[0..len) (in the arena): equal names compare equal as pointers. */
const char *ka_xml_ns_intern(struct ka_xml_ns *ns, const char *s, size_t len);

/*
 * The one attribute name (in the arena) for ns, prefix and local, which are
 * interned (or KA_NS_XML): equal names share one struct.
 */
const struct ka_xml_name *ka_xml_ns_name(struct ka_xml_ns *ns, const char *uri, const char *prefix,
                                         const char *local);

/* The URI bound to a prefix in scope (NULL prefix: the default namespace), or NULL; O(1). */
const char *ka_xml_ns_lookup(struct ka_xml_ns *ns, const char *prefix, size_t plen);

/* Binds prefix (interned; NULL: the default namespace) to uri for the element at depth. */
void ka_xml_ns_push(struct ka_xml_ns *ns, const char *prefix, const char *uri, unsigned depth);

/* Ends the bindings of the element at depth, restoring what they shadowed. */
void ka_xml_ns_pop(struct ka_xml_ns *ns, unsigned depth);

/*
 * Splits "p:local" into prefix (pointing into qname, *plen bytes, or NULL)
 * and local; returns 0 or -1 if malformed.
 */
int ka_xml_ns_split_qname(const char *qname, const char **prefix, size_t *plen, const char **local);

/*
 * Expat refuses repeated attribute names as written, but two prefixes bound
 * to one namespace can still repeat an expanded name: returns the local name
 * repeated among n's attributes, or NULL.
 */
const char *ka_xml_ns_duplicate_attr(const struct ka_xml_node *n);

/* True when the input is (or is declared) in an encoding other than UTF-8. */
int ka_xml_enc_not_utf8(const char *data, size_t len);

/*
 * The offset of the first invalid UTF-8 sequence in the token at data[at]
 * (up to the next '<' or '>'), or (size_t)-1 when it has none.
 */
size_t ka_xml_enc_bad_byte(const char *data, size_t len, size_t at);

/* Line and column (in characters, from 1) of byte off in UTF-8 data. */
void ka_xml_enc_position(const char *data, size_t off, unsigned long *line, unsigned long *col);

/*
 * True when an element (or, is_attr, an attribute) name that expat accepted
 * in the input's encoding is also a valid name in UTF-8, the encoding we write.
 */
int ka_xml_enc_name_ok(const char *name, int is_attr);

/* The offset of the first invalid UTF-8 sequence in data, or len when there is none. */
size_t ka_xml_enc_first_invalid(const char *data, size_t len);

/* Appends data, read as windows-1252, to out as UTF-8; 0 or the buffer's error. */
int ka_xml_enc_cp1252_to_utf8(struct ka_buf *out, const char *data, size_t len);

/*
 * Expat's unknown-encoding handler: a byte -> code point table from iconv
 * for single-byte encodings; refuses multi-byte ones (ka_xml_parse_ex
 * converts those as a whole).
 */
int XMLCALL ka_xml_enc_unknown(void *data, const XML_Char *name, XML_Encoding *info);

#endif
