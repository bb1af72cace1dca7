/* Entity tags of rows and the If-Match comparison (etag.h). */
#include <inttypes.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kartla/etag.h"
#include "kartla/banned.h"

void ka_etag_row(char out[KA_ETAG_LEN], const struct ka_rows *rows, size_t r)
{
	crypto_generichash_state st;
	unsigned char h[8];
	size_t c;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (c = 0; c < rows->ncols; c++) {
		const struct ka_val *v = ka_rows_at(rows, r, c);
		unsigned char tag = (unsigned char)v->type;
		char num[32];

		crypto_generichash_update(&st, &tag, 1);
		if (v->type == KA_VAL_INT) {
			snprintf(num, sizeof(num), "%" PRId64, v->i);
			crypto_generichash_update(&st, (const unsigned char *)num, strlen(num) + 1);
		} else if (v->type == KA_VAL_REAL) {
			snprintf(num, sizeof(num), "%.17g", v->r);
			crypto_generichash_update(&st, (const unsigned char *)num, strlen(num) + 1);
		} else if (v->type == KA_VAL_TEXT || v->type == KA_VAL_BLOB) {
			uint64_t len = v->len;

			crypto_generichash_update(&st, (const unsigned char *)&len, sizeof(len));
			crypto_generichash_update(&st, (const unsigned char *)v->s, v->len);
		}
	}
	crypto_generichash_final(&st, h, sizeof(h));
	out[0] = 'h';
	sodium_bin2hex(out + 1, KA_ETAG_LEN - 1, h, sizeof(h));
}

bool ka_etag_matches(const char *h, const char *tag)
{
	size_t tl = strlen(tag);

	while (*h) {
		const char *end;
		bool weak = false;

		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		if (!*h)
			break;
		if (*h == '*')
			return true;
		if (h[0] == 'W' && h[1] == '/') {
			weak = true;
			h += 2;
		}
		if (*h != '"')
			return false; /* malformed: never matches */
		h++;
		end = strchr(h, '"');
		if (!end)
			return false;
		if (!weak && (size_t)(end - h) == tl && !memcmp(h, tag, tl))
			return true;
		h = end + 1;
	}
	return false;
}
