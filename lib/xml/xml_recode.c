/*
 * Encodings beyond expat's own four (UTF-8, UTF-16, ISO-8859-1, US-ASCII):
 * single-byte encodings (windows-1252 from Enterprise Architect, KOI8-R,
 * ISO-8859-15, ...) through expat's unknown-encoding handler with a
 * byte -> code point table built with iconv; multi-byte ones (Shift_JIS,
 * GB18030, ...) by converting the whole input to UTF-8 with iconv first and
 * re-declaring it. And, when the caller allows it, input that declares UTF-8
 * (or nothing) but holds invalid UTF-8 is read again as windows-1252 and the
 * first bad line is reported (GenMyModel writes "ä" as the byte 0xE4).
 */
#include <errno.h>
#include <expat.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "kartla/buf.h"
#include "xml_int.h"
#include "kartla/banned.h"

/* windows-1252 0x80..0x9F; the five undefined bytes map to the C1 controls, like ISO-8859-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static void add_utf8(struct ka_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		ka_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		ka_buf_add(b, u, 2);
	} else {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		ka_buf_add(b, u, 3);
	}
}

int ka_xml_enc_cp1252_to_utf8(struct ka_buf *out, const char *data, size_t len)
{
	size_t i, run = 0;

	ka_buf_reserve(out, len + len / 8 + 16);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c < 0x80)
			continue;
		ka_buf_add(out, data + run, i - run);
		add_utf8(out, c < 0xA0 ? cp1252_high[c - 0x80] : c);
		run = i + 1;
	}
	ka_buf_add(out, data + run, len - run);
	return ka_buf_error(out);
}

/* The encoding named in the XML declaration, copied into name (empty when none). */
static void declared_encoding(const char *data, size_t len, char *name, size_t namesz,
                              size_t *vstart, size_t *vend)
{
	size_t n = len < 256 ? len : 256, i, j;
	const char *end, *e;

	name[0] = '\0';
	if (n < 6 || memcmp(data, "<?xml", 5))
		return;
	end = memmem(data, n, "?>", 2);
	if (!end)
		return;
	e = memmem(data, (size_t)(end - data), "encoding", 8);
	if (!e)
		return;
	for (i = (size_t)(e - data) + 8; data + i < end && strchr(" \t\r\n=", data[i]); i++)
		;
	if (data + i >= end || (data[i] != '"' && data[i] != '\''))
		return;
	for (j = i + 1; data + j < end && data[j] != data[i]; j++)
		;
	if (data + j >= end || j - i - 1 >= namesz || j == i + 1)
		return;
	memcpy(name, data + i + 1, j - i - 1);
	name[j - i - 1] = '\0';
	*vstart = i + 1;
	*vend = j;
}

static int is_native(const char *name)
{
	static const char *const native[] = {"UTF-8",    "UTF8",     "UTF-16",
	                                     "UTF-16BE", "UTF-16LE", "ISO-8859-1",
	                                     "US-ASCII", "ASCII",    "LATIN1"};
	size_t i;

	for (i = 0; i < sizeof(native) / sizeof(native[0]); i++)
		if (!strcasecmp(name, native[i]))
			return 1;
	return !*name;
}

/*
 * An encoding name as the XML specification allows it ([A-Za-z][A-Za-z0-9._-]*,
 * at most 40 characters): the file chooses which iconv converter is opened,
 * so nothing else (no "//TRANSLIT" suffixes, no paths) reaches iconv_open.
 */
static int name_ok(const char *name)
{
	size_t i;

	if (!((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
		return 0;
	for (i = 1; name[i]; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-",
		            name[i]) ||
		    i >= 40)
			return 0;
	return 1;
}

/*
 * Fills map[256] with the code point of every byte of a single-byte
 * encoding (-1: not a character). Returns 1 for a single-byte encoding, 0
 * for a multi-byte or stateful one, -1 when iconv does not know it.
 */
static int single_byte_map(const char *name, int map[256])
{
	iconv_t cd = name_ok(name) ? iconv_open("UTF-32LE", name) : (iconv_t)-1;
	int b, single = 1;

	if (cd == (iconv_t)-1)
		return -1;
	for (b = 0; b < 256; b++) {
		char in = (char)b, *ip = &in;
		unsigned char o[16];
		char *op = (char *)o;
		size_t il = 1, ol = sizeof(o);

		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == EINVAL) {
				single = 0; /* the start of a longer sequence */
				break;
			}
			map[b] = -1;
			continue;
		}
		if (sizeof(o) - ol != 4) {
			single = 0; /* a shift state or a byte order mark */
			break;
		}
		map[b] = (int)(o[0] | (o[1] << 8) | (o[2] << 16) | ((unsigned)o[3] << 24));
	}
	iconv_close(cd);
	return single;
}

int XMLCALL ka_xml_enc_unknown(void *data, const XML_Char *name, XML_Encoding *info)
{
	(void)data;
	info->data = NULL;
	info->convert = NULL;
	info->release = NULL;
	return single_byte_map(name, info->map) == 1 ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* Converts all of data from `from` into UTF-8 in out, the declaration naming UTF-8. */
static int whole_to_utf8(struct ka_buf *out, const char *data, size_t len, const char *from,
                         size_t vstart, size_t vend, struct ka_diag *diag)
{
	iconv_t cd = name_ok(from) ? iconv_open("UTF-8", from) : (iconv_t)-1;
	char *ip = (char *)(uintptr_t)data;
	size_t il = len;
	int err = 0;

	if (cd == (iconv_t)-1)
		return ka_diag_set(diag, KA_ERR_XML, 1, 1, NULL, "unknown encoding '%s'", from);
	ka_buf_add(out, data, vstart);
	ka_buf_adds(out, "UTF-8");
	ip += vend;
	il -= vend;
	while (il && !err) {
		char chunk[8192], *op = chunk;
		size_t ol = sizeof(chunk);
		size_t r = iconv(cd, &ip, &il, &op, &ol);

		ka_buf_add(out, chunk, sizeof(chunk) - ol);
		if (r == (size_t)-1 && errno != E2BIG) {
			unsigned long line, col;

			ka_xml_enc_position(data, (size_t)(ip - data), &line, &col);
			err = ka_diag_set(diag, KA_ERR_XML, line, col, NULL,
			                  "byte 0x%02X is not %s%s", (unsigned char)*ip, from,
			                  errno == EINVAL ? " (the input ends inside a character)"
			                                  : "");
		}
		if (!err)
			err = ka_buf_error(out);
	}
	iconv_close(cd);
	return err;
}

/* The line (from 1) of the first invalid UTF-8 byte, or 0 when the input is valid UTF-8. */
static unsigned long first_bad_utf8_line(const char *data, size_t len)
{
	size_t at = ka_xml_enc_first_invalid(data, len);
	unsigned long line, col;

	if (at >= len)
		return 0;
	ka_xml_enc_position(data, at, &line, &col);
	return line;
}

static int parse_recoded(struct ka_xml_doc *doc, const char *data, size_t len,
                         const struct ka_xml_limits *lim, unsigned flags, struct ka_xml_recode *rc,
                         struct ka_diag *diag)
{
	struct ka_diag first;
	struct ka_buf b;
	unsigned long line;
	int err, err2;

	err = ka_xml_parse(doc, data, len, lim, diag);
	if (err != KA_ERR_XML || !(flags & KA_XML_RECODE_CP1252) || ka_xml_enc_not_utf8(data, len))
		return err;
	line = first_bad_utf8_line(data, len);
	if (!line)
		return err;
	first = *diag;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	err2 = ka_xml_enc_cp1252_to_utf8(&b, data, len);
	if (!err2) {
		ka_xml_doc_release(doc);
		ka_xml_doc_init(doc);
		err2 = ka_xml_parse(doc, b.data, b.len, lim, diag);
	}
	ka_buf_release(&b);
	if (err2) {
		*diag = first; /* the invalid byte explains more than the second attempt */
		return err;
	}
	if (rc) {
		rc->from = "windows-1252";
		rc->line = line;
	}
	return 0;
}

int ka_xml_parse_ex(struct ka_xml_doc *doc, const char *data, size_t len,
                    const struct ka_xml_limits *lim, unsigned flags, struct ka_xml_recode *rc,
                    struct ka_diag *diag)
{
	char name[64];
	size_t vs = 0, ve = 0;
	int map[256];
	struct ka_xml_limits wide;
	struct ka_buf b;
	int err;

	if (rc)
		memset(rc, 0, sizeof(*rc));
	declared_encoding(data, len, name, sizeof(name), &vs, &ve);
	if (is_native(name) || single_byte_map(name, map) != 0)
		return parse_recoded(doc, data, len, lim, flags, rc, diag);
	/* A multi-byte encoding expat cannot read: all of it into UTF-8 first. */
	if (lim && len > lim->max_bytes)
		return ka_xml_parse(doc, data, len, lim, diag); /* refuses with the size cap */
	if (lim && lim->max_bytes <= SIZE_MAX / 4 - 64) {
		/* UTF-8 can take up to 3 bytes where the input took 1: the cap is on the input. */
		wide = *lim;
		wide.max_bytes = 3 * lim->max_bytes + 64;
		lim = &wide;
	}
	ka_buf_init(&b, lim ? lim->max_bytes : KA_BUF_UNLIMITED);
	err = whole_to_utf8(&b, data, len, name, vs, ve, diag);
	if (!err)
		err = ka_xml_parse(doc, b.data, b.len, lim, diag);
	ka_buf_release(&b);
	return err;
}

/*
 * Only a file whose first bytes declare a multi-byte encoding, or that the
 * caller lets be read as windows-1252, is read whole into memory; every
 * other file streams in chunks as before.
 */
int ka_xml_parse_file_ex(struct ka_xml_doc *doc, const char *path, const struct ka_xml_limits *lim,
                         unsigned flags, struct ka_xml_recode *rc, struct ka_diag *diag)
{
	struct ka_xml_limits deflim;
	struct ka_buf all;
	int err;

	if (rc)
		memset(rc, 0, sizeof(*rc));
	if (!lim) {
		ka_xml_limits_default(&deflim);
		lim = &deflim;
	}
	err = ka_xml_parse_file(doc, path, lim, diag);
	if (err != KA_ERR_XML)
		return err;
	ka_buf_init(&all, lim->max_bytes);
	if (ka_buf_read_file(&all, path) == 0) {
		char name[64];
		size_t vs = 0, ve = 0;
		int map[256];

		declared_encoding(all.data, all.len, name, sizeof(name), &vs, &ve);
		int multi = !is_native(name) && single_byte_map(name, map) == 0;

		if ((flags & KA_XML_RECODE_CP1252) || multi) {
			struct ka_diag d2;

			ka_diag_init(&d2, diag->file);
			ka_xml_doc_release(doc);
			ka_xml_doc_init(doc);
			err = ka_xml_parse_ex(doc, all.data, all.len, lim, flags, rc, &d2);
			if (err && multi)
				*diag = d2; /* the conversion's message: the stream only said
				               "unknown encoding" */
		}
	}
	ka_buf_release(&all);
	return err;
}
