/*
 * The handbook's Markdown: cmark in safe mode (no raw HTML, no dangerous
 * URLs), the fixed outline of role descriptions, and slugs for page paths.
 */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/org.h"
#include "kartla/banned.h"

int ka_markdown_html(const char *markdown, struct ka_buf *out)
{
	const char *md = markdown ? markdown : "";
	char *html =
	    cmark_markdown_to_html(md, strlen(md), CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	int err;

	if (!html)
		return KA_ERR_LIMIT;
	err = ka_buf_adds(out, html);
	free(html);
	return err;
}

static const struct {
	const char *field, *heading;
} outline[] = {
    {"summary", "Summary"},
    {"mandate_source", "Mandate source"},
    {"mandate_and_tasks", "Mandate and tasks"},
    {"local_responsibility", "Local responsibility"},
    {"partners", "Partners"},
    {"arenas_and_meetings", "Arenas and meetings"},
    {"competence_requirements", "Competence requirements"},
};

int ka_role_description_markdown(const char *role_name, const json_t *desc, struct ka_buf *out)
{
	size_t i;
	int err = ka_buf_addf(out, "# %s\n", role_name);

	for (i = 0; !err && i < sizeof(outline) / sizeof(outline[0]); i++) {
		const json_t *v = json_object_get(desc, outline[i].field);
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		err = ka_buf_addf(out, "\n## %s\n\n%s\n", outline[i].heading, *s ? s : "—");
	}
	return err;
}

void ka_slugify(char *out, size_t outsz, const char *title)
{
	size_t n = 0;
	int dash = 0;
	const unsigned char *s = (const unsigned char *)(title ? title : "");

	if (!outsz)
		return;
	for (; *s && n + 1 < outsz; s++) {
		unsigned char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && n && n + 2 < outsz)
				out[n++] = '-';
			dash = 0;
			/* never cut a UTF-8 sequence: stop before one that does not fit */
			if (c >= 0xc0) {
				size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

				if (n + len >= outsz)
					break;
			}
			out[n++] = (char)c;
		} else {
			dash = 1;
		}
	}
	out[n] = '\0';
	if (!n && outsz > 4) {
		out[0] = 'p', out[1] = 'a', out[2] = 'g', out[3] = 'e', out[4] = '\0';
	}
}
