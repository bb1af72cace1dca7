/*
 * Encoding checks for the XML reader: whether the input is UTF-8 at all,
 * where in a token expat refused the invalid UTF-8 byte is (so the message
 * can name the byte and its position), and whether a name read in another
 * encoding is still a name in UTF-8.
 */
#include <expat.h>
#include <string.h>
#include <strings.h>

#include "kartla/buf.h"
#include "xml_int.h"
#include "kartla/banned.h"

/* Finds the first invalid UTF-8 sequence; returns its offset or len if none. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

/* True when the XML declaration names an encoding other than UTF-8. */
static int declares_non_utf8(const char *data, size_t len)
{
	size_t n = len < 200 ? len : 200;
	char head[201];
	const char *e;

	memcpy(head, data, n);
	head[n] = '\0';
	if (strncmp(head, "<?xml", 5))
		return 0;
	e = strstr(head, "encoding");
	if (!e || !strstr(head, "?>") || e > strstr(head, "?>"))
		return 0;
	e = strpbrk(e, "\"'");
	if (!e)
		return 0;
	return strncasecmp(e + 1, "utf-8", 5) != 0;
}

size_t ka_xml_enc_first_invalid(const char *data, size_t len)
{
	return utf8_invalid_at((const unsigned char *)data, len);
}

void ka_xml_enc_position(const char *data, size_t off, unsigned long *line, unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

int ka_xml_enc_not_utf8(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;

	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE)))
		return 1; /* UTF-16 byte order mark */
	if (len >= 2 && (u[0] == 0 || u[1] == 0))
		return 1; /* UTF-16 without a mark */
	return declares_non_utf8(data, len);
}

size_t ka_xml_enc_bad_byte(const char *data, size_t len, size_t at)
{
	size_t end = at + 1, bad;

	if (at >= len)
		return (size_t)-1;
	while (end < len && data[end] != '<' && data[end] != '>')
		end++;
	bad = at + utf8_invalid_at((const unsigned char *)data + at, end - at);
	return bad < end ? bad : (size_t)-1;
}

/*
 * Expat accepts more name characters in some encodings (ISO-8859-1) than in
 * UTF-8, the encoding we write. A non-ASCII name is therefore tried in a
 * small UTF-8 document, so every file we read can be written and read again.
 */
int ka_xml_enc_name_ok(const char *name, int is_attr)
{
	struct ka_buf doc;
	XML_Parser p;
	int ok = 1;
	const char *c;

	for (c = name; *c && !((unsigned char)*c & 0x80); c++)
		;
	if (!*c)
		return 1;
	ka_buf_init(&doc, KA_BUF_UNLIMITED);
	if (is_attr)
		ka_buf_addf(&doc, "<a %s=\"\"/>", name);
	else
		ka_buf_addf(&doc, "<%s/>", name);
	p = XML_ParserCreate("UTF-8");
	if (!p || XML_Parse(p, doc.data, (int)doc.len, 1) != XML_STATUS_OK)
		ok = 0;
	if (p)
		XML_ParserFree(p);
	ka_buf_release(&doc);
	return ok;
}
