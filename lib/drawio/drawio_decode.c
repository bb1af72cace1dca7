/*
 * The byte-level parts of reading draw.io: compressed diagrams (base64, raw
 * deflate, URL-encoding, as draw.io's "Compressed" option writes them), the
 * style strings and the labels (HTML with entities).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "kartla/alloc.h"
#include "drawio_int.h"
#include "kartla/banned.h"

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Base64 (whitespace ignored, padding optional) into `out`; 0 or KA_ERR_XML. */
static int b64_decode(struct ka_buf *out, const char *s, size_t len, char *why, size_t whysz)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t pad = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64_value(c);
		if (v < 0 || pad) {
			snprintf(why, whysz, "bad base64 at character %zu", i + 1);
			return KA_ERR_XML;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			ka_buf_addc(out, (char)((acc >> bits) & 0xFF));
		}
	}
	if (pad > 2 || bits >= 6) {
		snprintf(why, whysz, "bad base64: truncated");
		return KA_ERR_XML;
	}
	return ka_buf_error(out);
}

/* Raw deflate (no zlib header) into `out`, stopping at `cap` bytes. */
static int inflate_raw(struct ka_buf *out, const unsigned char *in, size_t len, size_t cap,
                       char *why, size_t whysz)
{
	z_stream z;
	unsigned char chunk[16384];
	int zr, err = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -15) != Z_OK) {
		snprintf(why, whysz, "cannot start inflating");
		return KA_ERR_IO;
	}
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	do {
		size_t got;

		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && z.avail_in == 0) {
			snprintf(why, whysz, "bad deflate data: truncated");
			err = KA_ERR_XML;
			break;
		}
		if (zr != Z_OK && zr != Z_STREAM_END) {
			snprintf(why, whysz, "bad deflate data: %s",
			         z.msg ? z.msg : "corrupt stream");
			err = KA_ERR_XML;
			break;
		}
		got = sizeof chunk - z.avail_out;
		if (out->len + got > cap) {
			snprintf(why, whysz, "compressed diagram inflates past %zu bytes", cap);
			err = KA_ERR_TOO_BIG;
			break;
		}
		ka_buf_add(out, chunk, got);
		if (zr != Z_STREAM_END && got == 0 && z.avail_in == 0) {
			snprintf(why, whysz, "bad deflate data: truncated");
			err = KA_ERR_XML;
			break;
		}
	} while (zr != Z_STREAM_END);
	inflateEnd(&z);
	return err ? err : ka_buf_error(out);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* decodeURIComponent: %XX into bytes, in place; 0 or KA_ERR_XML. */
static int url_decode(struct ka_buf *b, char *why, size_t whysz)
{
	size_t r = 0, w = 0;

	while (r < b->len) {
		if (b->data[r] == '%') {
			int hi = r + 2 < b->len ? hexval((unsigned char)b->data[r + 1]) : -1;
			int lo = hi >= 0 ? hexval((unsigned char)b->data[r + 2]) : -1;

			if (lo < 0) {
				snprintf(why, whysz, "bad URL encoding at byte %zu", r + 1);
				return KA_ERR_XML;
			}
			b->data[w++] = (char)(hi * 16 + lo);
			r += 3;
		} else {
			b->data[w++] = b->data[r++];
		}
	}
	b->len = w;
	b->data[w] = '\0';
	return 0;
}

int dio_decompress(struct ka_buf *out, const char *text, size_t len, size_t cap, char *why,
                   size_t whysz)
{
	struct ka_buf raw;
	int err;

	ka_buf_init(&raw, KA_BUF_UNLIMITED);
	err = b64_decode(&raw, text, len, why, whysz);
	if (!err && raw.len == 0) {
		snprintf(why, whysz, "empty compressed diagram");
		err = KA_ERR_XML;
	}
	if (!err)
		err = inflate_raw(out, (const unsigned char *)raw.data, raw.len, cap, why, whysz);
	if (!err)
		err = url_decode(out, why, whysz);
	ka_buf_release(&raw);
	return err;
}

/* The token [s, e) trimmed. */
static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r'))
		(*s)++;
	while (*e > *s &&
	       ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\n' || (*e)[-1] == '\r'))
		(*e)--;
}

const char *dio_style(struct ka_arena *a, const char *style, const char *key)
{
	size_t klen = strlen(key);
	const char *p = style, *found = NULL, *fend = NULL;

	while (p && *p) {
		const char *end = strchr(p, ';'), *eq, *ks = p, *ke;

		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq) {
			ke = eq;
			trim(&ks, &ke);
			if ((size_t)(ke - ks) == klen && !memcmp(ks, key, klen)) {
				/* the last one wins, as in draw.io */
				found = eq + 1;
				fend = end;
			}
		}
		p = *end ? end + 1 : end;
	}
	if (!found)
		return NULL;
	trim(&found, &fend);
	return ka_arena_strndup(a, found, (size_t)(fend - found));
}

bool dio_style_has(const char *style, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = style;

	while (p && *p) {
		const char *end = strchr(p, ';'), *s = p, *e;

		if (!end)
			end = p + strlen(p);
		e = end;
		trim(&s, &e);
		if (!memchr(s, '=', (size_t)(e - s)) && (size_t)(e - s) == nlen &&
		    !memcmp(s, name, nlen))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Appends code point `cp` as UTF-8; controls become a space, impossible ones U+FFFD. */
static void add_cp(struct ka_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
		ka_buf_addc(b, ' ');
		return;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		ka_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		ka_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		ka_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		ka_buf_add(b, u, 4);
	}
}

/* An HTML entity at s (after '&'); appends it and returns the bytes used, or 0. */
static size_t entity(struct ka_buf *b, const char *s)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {{"amp", '&'},       {"lt", '<'},     {"gt", '>'},       {"quot", '"'},
	             {"apos", '\''},     {"nbsp", ' '},   {"ndash", 0x2013}, {"mdash", 0x2014},
	             {"hellip", 0x2026}, {"laquo", 0xAB}, {"raquo", 0xBB},   {"euro", 0x20AC},
	             {"aring", 0xE5},    {"Aring", 0xC5}, {"auml", 0xE4},    {"Auml", 0xC4},
	             {"ouml", 0xF6},     {"Ouml", 0xD6},  {"oslash", 0xF8},  {"Oslash", 0xD8},
	             {"aelig", 0xE6},    {"AElig", 0xC6}, {"eacute", 0xE9},  {"uuml", 0xFC}};
	const char *semi = memchr(s, ';', strnlen(s, 12));
	size_t n;

	if (!semi || semi == s)
		return 0;
	n = (size_t)(semi - s);
	if (s[0] == '#') {
		unsigned long cp = 0;
		size_t i = 1;
		int hex = n > 1 && (s[1] == 'x' || s[1] == 'X');

		if (hex)
			i = 2;
		if (i >= n)
			return 0;
		for (; i < n; i++) {
			int v = hex ? hexval((unsigned char)s[i])
			            : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);

			if (v < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
			if (cp > 0x10FFFF)
				cp = 0x110000;
		}
		add_cp(b, cp);
		return n + 1;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == n && !memcmp(named[i].name, s, n)) {
			add_cp(b, named[i].cp);
			return n + 1;
		}
	return 0;
}

/* Whether the tag at s (after '<') breaks a line: br, div, p, li, tr. */
static bool breaking_tag(const char *s)
{
	static const char *const tags[] = {"br", "div", "p", "li", "tr", "/div", "/p", "/li"};

	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		size_t n = strlen(tags[i]);

		if (!strncmp(s, tags[i], n) && strchr(" \t\r\n/>", s[n]))
			return true;
	}
	return false;
}

const char *dio_label(struct ka_arena *a, const char *value, bool html)
{
	struct ka_buf b, c;
	const char *s;
	char *res;
	bool space = true;

	if (!value || !*value)
		return "";
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (s = value; *s;) {
		if (html && *s == '<') {
			const char *end = strchr(s, '>');

			if (!end)
				break; /* a broken tag: the rest is markup */
			if (breaking_tag(s + 1))
				ka_buf_addc(&b, ' ');
			s = end + 1;
		} else if (html && *s == '&') {
			size_t used = entity(&b, s + 1);

			if (used)
				s += used + 1;
			else
				ka_buf_addc(&b, *s++);
		} else {
			unsigned char ch = (unsigned char)*s++;

			ka_buf_addc(&b, ch < 0x20 ? ' ' : (char)ch);
		}
	}
	/* collapse runs of spaces (including U+00A0) and trim */
	ka_buf_init(&c, KA_BUF_UNLIMITED);
	for (size_t i = 0; i < b.len; i++) {
		bool sp = b.data[i] == ' ';

		if (!sp && (unsigned char)b.data[i] == 0xC2 && i + 1 < b.len &&
		    (unsigned char)b.data[i + 1] == 0xA0) {
			sp = true;
			i++;
		}
		if (sp) {
			space = true;
			continue;
		}
		if (space && c.len)
			ka_buf_addc(&c, ' ');
		space = false;
		ka_buf_addc(&c, b.data[i]);
	}
	res = ka_arena_strndup(a, c.data, c.len);
	ka_buf_release(&b);
	ka_buf_release(&c);
	return res;
}
