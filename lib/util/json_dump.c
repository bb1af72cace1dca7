/*
 * A fast writer for jansson values: the same text as
 * json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) (the server's answers),
 * written into a struct ka_buf. jansson's own writer calls back per token and
 * examines strings a code point at a time, about 15 ns a byte here; an 8 KB
 * search answer took 120 µs, a third of the request. This one copies runs of
 * plain bytes with memcpy. tests/unit/test_json_dump.c and the JSON-body fuzz
 * target compare the two writers' text.
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kartla/err.h"
#include "kartla/json_dump.h"
#include "kartla/banned.h"

#define REAL_PRECISION 15

static void put_string(const char *s, size_t n, struct ka_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	ka_buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		size_t elen = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ka_buf_add(out, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		ka_buf_add(out, esc, elen);
	}
	ka_buf_add(out, s + run, n - run);
	ka_buf_addc(out, '"');
}

/* As jansson's jsonp_dtostr: "%.15g", a ".0" when it would read as an integer, no '+' or
 * leading zeros in the exponent. */
/*
 * A real that is a whole number of thousandths (v * 1000 exactly an integer
 * k, 1 <= |k| < 10^15, so that %.15g prints it without an exponent) in
 * decimal without printf: search ranks, scores and durations rounded to
 * 0.001. The bytes are %.15g's (unit/json_dump compares them). False when
 * `v` is not such a number.
 */
static bool put_thousandths(double v, struct ka_buf *out)
{
	double k = v * 1000.0;
	char b[32], *p = b + sizeof(b);
	unsigned long long u, frac;

	if (!(k >= 1.0 || k <= -1.0) || k != floor(k) || fabs(k) >= 1e15 || fabs(v) < 1e-3)
		return false;
	u = (unsigned long long)fabs(k);
	frac = u % 1000;
	u /= 1000;
	if (frac) {
		int keep = 3;

		while (frac % 10 == 0) {
			frac /= 10;
			keep--;
		}
		while (keep--) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
	} else {
		*--p = '0';
	}
	*--p = '.';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (k < 0)
		*--p = '-';
	ka_buf_add(out, p, (size_t)(b + sizeof(b) - p));
	return true;
}

static void put_real(double v, struct ka_buf *out)
{
	char b[64], *e;
	int len;

	if (put_thousandths(v, out))
		return;
	len = snprintf(b, sizeof(b), "%.*g", REAL_PRECISION, v);

	if (len < 0 || (size_t)len >= sizeof(b) - 3)
		len = snprintf(b, sizeof(b), "0.0");
	if (!strchr(b, '.') && !strchr(b, 'e')) {
		memcpy(b + len, ".0", 3);
		len += 2;
	}
	e = strchr(b, 'e');
	if (e) {
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(b + len - end) + 1);
			len -= (int)(end - start);
		}
	}
	ka_buf_add(out, b, (size_t)len);
}

/* Appends without checking: the buffer's error is sticky. -1 for an unknown type. */
/* An integer in decimal (snprintf's cost showed in every answer's ids). */
static void put_int(json_int_t v, struct ka_buf *out)
{
	char num[24], *p = num + sizeof(num);
	/* the magnitude as unsigned: -INT64_MIN does not fit in an int64 */
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	ka_buf_add(out, p, (size_t)(num + sizeof(num) - p));
}

static int dump(const json_t *j, struct ka_buf *out)
{
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *v;
		bool first = true;

		ka_buf_addc(out, '{');
		json_object_foreach((json_t *)j, key, v)
		{
			if (!first)
				ka_buf_addc(out, ',');
			first = false;
			put_string(key, strlen(key), out);
			ka_buf_addc(out, ':');
			if (dump(v, out))
				return -1;
		}
		ka_buf_addc(out, '}');
		return 0;
	}
	case JSON_ARRAY:
		ka_buf_addc(out, '[');
		for (i = 0; i < json_array_size(j); i++) {
			if (i)
				ka_buf_addc(out, ',');
			if (dump(json_array_get(j, i), out))
				return -1;
		}
		ka_buf_addc(out, ']');
		return 0;
	case JSON_STRING:
		put_string(json_string_value(j), json_string_length(j), out);
		return 0;
	case JSON_INTEGER:
		put_int(json_integer_value(j), out);
		return 0;
	case JSON_REAL:
		put_real(json_real_value(j), out);
		return 0;
	case JSON_TRUE:
		ka_buf_adds(out, "true");
		return 0;
	case JSON_FALSE:
		ka_buf_adds(out, "false");
		return 0;
	case JSON_NULL:
		ka_buf_adds(out, "null");
		return 0;
	}
	return -1;
}

int ka_json_dump(const json_t *j, struct ka_buf *out)
{
	if (dump(j, out))
		return KA_ERR_USAGE;
	return ka_buf_error(out);
}
