/*
 * Request decoders: the JSON body parser (duplicate keys rejected, errors
 * with line and column) and the table-driven object decoder the handlers
 * use to turn a JSON object into C values with a precise error per field.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "kartla/banned.h"

int http_parse_json(struct http_resp *resp, const char *data, size_t len, json_t **out)
{
	json_error_t e;
	json_t *j;

	*out = NULL;
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		if (e.line > 0)
			return http_fail(resp, KA_ERR_USAGE, NULL,
			                 "malformed JSON at line %d, column %d: %s", e.line,
			                 e.column, e.text);
		return http_fail(resp, KA_ERR_USAGE, NULL, "malformed JSON: %s", e.text);
	}
	*out = j;
	return 0;
}

static const char *type_name(enum http_ftype t)
{
	switch (t) {
	case HTTP_F_STRING:
		return "a string";
	case HTTP_F_INT:
		return "an integer";
	case HTTP_F_NUMBER:
		return "a number";
	case HTTP_F_BOOL:
		return "true or false";
	case HTTP_F_OBJECT:
		return "an object";
	case HTTP_F_ARRAY:
		return "an array";
	case HTTP_F_ANY:
		break;
	}
	return "a value";
}

static bool type_ok(enum http_ftype t, const json_t *v)
{
	switch (t) {
	case HTTP_F_STRING:
		return json_is_string(v);
	case HTTP_F_INT:
		return json_is_integer(v);
	case HTTP_F_NUMBER:
		return json_is_number(v);
	case HTTP_F_BOOL:
		return json_is_boolean(v);
	case HTTP_F_OBJECT:
		return json_is_object(v);
	case HTTP_F_ARRAY:
		return json_is_array(v);
	case HTTP_F_ANY:
		return true;
	}
	return false;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static int decode_one(struct http_resp *resp, const json_t *v, const struct http_field *f)
{
	if (f->present)
		*f->present = true;
	if (json_is_null(v) && (f->flags & HTTP_F_NULLABLE))
		return 0;
	if (!type_ok(f->type, v))
		return http_fail(resp, KA_ERR_INVALID, f->name, "field '%s' must be %s", f->name,
		                 type_name(f->type));
	switch (f->type) {
	case HTTP_F_STRING: {
		size_t max = f->max_len ? f->max_len : HTTP_STRING_MAX_DEFAULT;
		const char *s = json_string_value(v);

		if (json_string_length(v) > max)
			return http_fail(resp, KA_ERR_INVALID, f->name,
			                 "field '%s' is longer than %zu bytes", f->name, max);
		if ((f->flags & HTTP_F_NONEMPTY) && blank(s))
			return http_fail(resp, KA_ERR_INVALID, f->name,
			                 "field '%s' must not be empty", f->name);
		if (f->out)
			*(const char **)f->out = s;
		break;
	}
	case HTTP_F_INT:
		if (f->out)
			*(int64_t *)f->out = json_integer_value(v);
		break;
	case HTTP_F_NUMBER:
		if (f->out)
			*(double *)f->out = json_number_value(v);
		break;
	case HTTP_F_BOOL:
		if (f->out)
			*(bool *)f->out = json_is_true(v);
		break;
	case HTTP_F_OBJECT:
	case HTTP_F_ARRAY:
	case HTTP_F_ANY:
		if (f->out)
			*(json_t **)f->out = (json_t *)v;
		break;
	}
	return 0;
}

int http_decode(struct http_resp *resp, const json_t *obj, const struct http_field *fields,
                size_t n)
{
	const char *key;
	json_t *v;
	size_t i;
	int err;

	if (!json_is_object(obj))
		return http_fail(resp, KA_ERR_USAGE, NULL,
		                 "the request body must be a JSON object");
	for (i = 0; i < n; i++) {
		const json_t *fv = json_object_get(obj, fields[i].name);

		if (fields[i].present)
			*fields[i].present = false;
		if (!fv) {
			if (fields[i].flags & HTTP_F_REQUIRED)
				return http_fail(resp, KA_ERR_INVALID, fields[i].name,
				                 "field '%s' is required", fields[i].name);
			continue;
		}
		err = decode_one(resp, fv, &fields[i]);
		if (err)
			return err;
	}
	json_object_foreach((json_t *)obj, key, v)
	{
		bool known = false;

		for (i = 0; i < n && !known; i++)
			known = !strcmp(fields[i].name, key);
		if (!known)
			return http_fail(resp, KA_ERR_INVALID, key, "unknown field '%.100s'", key);
	}
	return 0;
}
